"""Honest coverage labels: how far each lever's data reach, computed from the data as built, never typed.

The book used to say "data to 2025" on every page although trade stopped in 2023. Here the latest year of each
lever is read from the levers' own tables of indicators (``yearly_indicators()``, the summary's contract), counting
only the headline indicators (:data:`kzdep.summary.KEY_INDICATORS`) and only rows from a source that may carry a
number. Three users: the page header and title page of the PDF (Sphinx's ``release``, set by :func:`setup` when the
book is built), the title page (``book/intro.md``) and the summary chapter, which glue :func:`findings`.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

#: the levers, in the order the labels name them
LEVERS = ("pipelines", "trade", "security", "people")


@lru_cache(maxsize=1)
def _indicators() -> pd.DataFrame:
    from kzdep import summary

    return summary.usable(summary.lever_indicators(LEVERS))


def headline_ends(indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each lever and headline indicator: the latest year with a value. Columns: lever, indicator, last_year.
    ``indicators`` defaults to the levers' tables as built; a lever with no headline indicator counts all of its
    indicators."""
    from kzdep import summary

    ind = _indicators() if indicators is None else indicators
    rows = []
    for lever in LEVERS:
        own = ind[ind["lever"] == lever]
        if own.empty:
            raise ValueError(f"coverage: the {lever} lever provides no indicator")
        key = own[own["indicator"].isin(summary.KEY_INDICATORS)]
        use = key if len(key) else own
        for indicator, years in use.groupby("indicator")["year"]:
            rows.append({"lever": lever, "indicator": indicator, "last_year": int(years.max())})
    return pd.DataFrame(rows)


def latest_by_lever(indicators: pd.DataFrame | None = None) -> dict[str, int]:
    """The latest year any headline indicator of each lever reaches: {lever: year}."""
    ends = headline_ends(indicators)
    return {lever: int(ends.loc[ends["lever"] == lever, "last_year"].max()) for lever in LEVERS}


def span_by_lever(indicators: pd.DataFrame | None = None) -> dict[str, tuple[int, int]]:
    """For each lever the year its first headline series stops and the year its last one stops."""
    ends = headline_ends(indicators)
    return {lever: (int(ends.loc[ends["lever"] == lever, "last_year"].min()),
                    int(ends.loc[ends["lever"] == lever, "last_year"].max())) for lever in LEVERS}


def label(indicators: pd.DataFrame | None = None) -> str:
    """'pipelines 2025, trade 2023, security 2024, people 2025': the latest year per lever."""
    latest = latest_by_lever(indicators)
    return ", ".join(f"{lever} {latest[lever]}" for lever in LEVERS)


def span_label(indicators: pd.DataFrame | None = None) -> str:
    """'pipelines 2025, trade 2023, security 2023–2024, …': where each lever's headline series stop (a range when
    they stop in different years)."""
    spans = span_by_lever(indicators)
    return ", ".join(f"{lever} {a}" if a == b else f"{lever} {a}–{b}" for lever, (a, b) in spans.items())


def release_text(version: str, indicators: pd.DataFrame | None = None) -> str:
    """The release line of the page header and the PDF's title page: '0.1.0, data to: pipelines 2025, …'."""
    return f"{version}, data to: {label(indicators)}"


def findings(indicators: pd.DataFrame | None = None) -> dict[str, str]:
    """The glue names: ``cov_label`` (latest year per lever), ``cov_span`` (where each lever's headline series
    stop), ``cov_<lever>`` (its latest year) and ``cov_oldest`` / ``cov_newest`` (the earliest and the latest of
    the levers' latest years)."""
    latest = latest_by_lever(indicators)
    out = {"cov_label": label(indicators), "cov_span": span_label(indicators),
           "cov_oldest": str(min(latest.values())), "cov_newest": str(max(latest.values()))}
    out.update({f"cov_{lever}": str(year) for lever, year in latest.items()})
    return out


# ---------------------------------------------------------------------------------------------------------------
# the Sphinx hook: the release shown in the page header and on the title page

def _inputs_digest() -> str:
    """sha256 of what the coverage label depends on: the data package's descriptor (which pins every data file's
    sha256) and the package's code."""
    import hashlib
    from pathlib import Path

    from kzdep import data as _data

    h = hashlib.sha256()
    h.update((_data.data_dir() / _data.PACKAGE_FILE).read_bytes())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _stamps_dir():
    """Where computed labels are kept, by the digest of their inputs: the checkout's ``_build/.kzdep-stamps/coverage``
    (any book built from this checkout, a small book of the tests included, reuses a label of the same inputs)."""
    from kzdep import stamps

    return stamps.STAMPS_DIR / "coverage"


def _set_release(app, config) -> None:
    """Sphinx's release: the version and the latest year per lever. Computing the levers' indicators takes seconds,
    so the label is kept under the digest of its inputs (:func:`_stamps_dir`) and computed again only when the data
    package or the code changes (a build after a chapter edit starts at once)."""
    import json

    version = str(config.version)
    try:
        digest = _inputs_digest() if app is not None else ""
    except OSError:
        digest = ""
    stamp = _stamps_dir() / f"{digest}.json" if digest else None
    if stamp is not None and stamp.is_file():
        try:
            kept = json.loads(stamp.read_text(encoding="utf-8"))
        except ValueError:
            kept = {}
        if kept.get("digest") == digest and kept.get("version") == version:
            config.release = kept["release"]
            return
    config.release = release_text(version)
    if stamp is not None:
        from kzdep import stamps

        stamps.keep(stamp, json.dumps({"digest": digest, "version": version, "release": config.release}))


def setup(app):
    """Sphinx extension (``_config.yml``: ``sphinx: extra_extensions: [kzdep.coverage]``): sets ``release``."""
    app.connect("config-inited", _set_release)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
