"""Facts about the report itself: its version and the vintage of its data."""

from __future__ import annotations

from functools import lru_cache

import yaml

from kzdep import data


@lru_cache(maxsize=None)
def config() -> dict:
    """The book's ``_config.yml``."""
    return yaml.safe_load((data.ROOT / "_config.yml").read_text(encoding="utf-8"))


def version() -> str:
    """The report's version, set in one place: ``version`` in CITATION.cff (which :mod:`kzdep.citation` reads too;
    read here directly, so that the two modules do not import each other)."""
    return str(yaml.safe_load((data.ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"])


def latest_years() -> dict[str, int]:
    """For each table of observations with a ``year`` column: the latest year it holds.

    The sources register (publication years) and the parameters table (which holds projections) are not
    observations and are left out.
    """
    years = {}
    for name in data.resource_names():
        if name in ("sources", "parameters"):
            continue
        res = data.resource(name)
        fields = [f["name"] for f in res.get("schema", {}).get("fields", [])]
        if "year" in fields:
            col = data.load(name)["year"].dropna()
            if len(col):
                years[name] = int(col.max())
    return years


def data_vintage() -> dict:
    """The newest observation in the package, and a one-line statement of it."""
    years = latest_years()
    newest = max(years.values())
    return {"newest": newest, "by_table": years,
            "statement": f"observations up to {newest} (each table's coverage is given under Data and sources)"}
