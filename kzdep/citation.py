"""How to cite the report: BibTeX and plain text, from CITATION.cff (one source of truth)."""

from __future__ import annotations

import yaml

from kzdep import data, report


def citation() -> dict:
    return yaml.safe_load((data.ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def plain() -> str:
    c = citation()["preferred-citation"]
    vintage = report.data_vintage()["newest"]
    authors = "; ".join(a["name"] for a in c["authors"])
    return (f"{authors} ({c['year']}). {c['title']}. Version {c['version']}, released {c['date-released']}; "
            f"data to {vintage}. Licence CC BY 4.0.")


def bibtex() -> str:
    c = citation()["preferred-citation"]
    vintage = report.data_vintage()["newest"]
    authors = " and ".join("{" + a["name"] + "}" for a in c["authors"])
    return (
        "@techreport{kzdep" + str(c["year"]) + ",\n"
        f"  author      = {{{authors}}},\n"
        f"  title       = {{{c['title']}}},\n"
        f"  institution = {{The kzdep report contributors}},\n"
        f"  type        = {{Executable report}},\n"
        f"  year        = {{{c['year']}}},\n"
        f"  note        = {{Version {c['version']}, released {c['date-released']}; data to {vintage}}}\n"
        "}"
    )
