"""A Sphinx extension: pybtex and sphinxcontrib-bibtex find their styles through the installed packages' entry points
on every lookup, and each lookup scans the metadata of every installed distribution (about 10 ms). A build makes
about a hundred of them (each citation style, label, name and sorting plugin, for every bibliography and tooltip),
about a second in all. The installed packages do not change while Sphinx runs, so this extension answers each
(group, name) lookup once per process; the plugins found are the same objects."""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import entry_points as _entry_points


@lru_cache(maxsize=None)
def _lookup(group: str | None, name: str | None):
    found = _entry_points(**{k: v for k, v in (("group", group), ("name", name)) if v is not None})
    return tuple(found)


def entry_points(group: str | None = None, name: str | None = None):
    """``importlib.metadata.entry_points(group=..., name=...)``, remembered (both modules call it with both)."""
    return _lookup(group, name)


def setup(app):
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    pybtex.plugin.entry_points = entry_points
    sphinxcontrib.bibtex.plugin.entry_points = entry_points
    return {"parallel_read_safe": True, "parallel_write_safe": True}
