"""A Sphinx extension that spares sphinxcontrib-bibtex work it repeats on every build.

1. pybtex and sphinxcontrib-bibtex find their styles through the installed packages' entry points on every lookup,
   and each lookup scans the metadata of every installed distribution (about 10 ms; a build makes about a hundred).
   The installed packages do not change while Sphinx runs, so each (group, name) lookup is answered once.
2. After every build's reading phase, sphinxcontrib-bibtex formats every entry of every bibliography again (the
   book lists all of its 400-odd sources, twice: the entry and its tooltip), about 1.5 s even when one chapter's
   parameter was edited. The formatted entries are kept in Sphinx's environment with a digest of everything they
   are made from (the entries' content in their order, the style, the label prefix, the tooltip settings and the
   versions of pybtex and sphinxcontrib-bibtex), and reused while that digest is unchanged. A formatting that
   logged a warning (a field missing for the style) is never kept, so the warning, and with ``-W`` the failure,
   comes back on every build until the entry is fixed.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import entry_points as _entry_points
from importlib.metadata import version

from sphinx.util import logging

logger = logging.getLogger(__name__)
MEMO = "kzdep_bibtex_formatted"  # the environment's attribute (pickled with it)


@lru_cache(maxsize=None)
def _lookup(group: str | None, name: str | None):
    return tuple(_entry_points(**{k: v for k, v in (("group", group), ("name", name)) if v is not None}))


def entry_points(group: str | None = None, name: str | None = None):
    """``importlib.metadata.entry_points(group=..., name=...)``, remembered for the process."""
    return _lookup(group, name)


def entry_signature(entry) -> tuple:
    """What pybtex formats an entry from: its key, type, fields and persons."""
    persons = tuple((role, tuple(str(p) for p in people)) for role, people in sorted(entry.persons.items()))
    return entry.key, entry.type, tuple(sorted((k, str(v)) for k, v in entry.fields.items())), persons


def formatting_digest(bibliography, entries: list, tooltips: bool, tooltips_style: str) -> str:
    signature = (version("pybtex"), version("sphinxcontrib-bibtex"), bibliography.style, bibliography.labelprefix,
                 bool(tooltips), tooltips_style, [entry_signature(entry) for _, entry in entries])
    return hashlib.sha256(repr(signature).encode()).hexdigest()


def _remembering(original, bibdomain):
    def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
        bibliography = self.bibliographies[bibliography_key]
        digest = formatting_digest(bibliography, list(self.get_sorted_entries(bibliography_key, docnames)),
                                   tooltips, tooltips_style)
        memo = self.env.__dict__.setdefault(MEMO, {})
        kept = memo.get(bibliography_key)
        if kept is not None and kept[0] == digest:
            logger.info(f"kzdep.sphinx_bibtex: {len(kept[1])} bibliography entries unchanged, not formatted again")
            yield from kept[1]
            return
        warned = []
        warning = bibdomain.logger.warning

        def counting(*args, **kwargs):
            warned.append(args)
            return warning(*args, **kwargs)

        bibdomain.logger.warning = counting
        try:
            formatted = list(original(self, bibliography_key, docnames, tooltips, tooltips_style))
        finally:
            del bibdomain.logger.warning  # the adapter's own method again
        if warned:
            memo.pop(bibliography_key, None)
        else:
            memo[bibliography_key] = (digest, formatted)
        logger.info(f"kzdep.sphinx_bibtex: formatted {len(formatted)} bibliography entries")
        yield from formatted

    get_formatted_entries.kzdep_remembers = True
    return get_formatted_entries


def setup(app):
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin
    from sphinxcontrib.bibtex import domain as bibdomain

    pybtex.plugin.entry_points = entry_points
    sphinxcontrib.bibtex.plugin.entry_points = entry_points
    original = bibdomain.BibtexDomain.get_formatted_entries
    if not getattr(original, "kzdep_remembers", False):  # once per process (a test may start Sphinx twice)
        bibdomain.BibtexDomain.get_formatted_entries = _remembering(original, bibdomain)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
