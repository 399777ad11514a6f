"""How the report is cited, and how its sources are listed: generated forms that keep their capitals and carry
no TeX escapes (issue 15)."""

from __future__ import annotations

import csv
import importlib.util
import re

import pybtex.database
import pytest
import yaml
from pybtex.plugin import find_plugin

from conftest import DATA, ROOT
from kzdep import citation


def _render_plain(bibtex: str) -> str:
    """Format entries with pybtex's plain style (the one the book uses) to text."""
    bib = pybtex.database.parse_string(bibtex, "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    return "\n".join(entry.text.render_as("text") for entry in style.format_bibliography(bib))


def _make_data_module():
    spec = importlib.util.spec_from_file_location("make_data", ROOT / "scripts" / "make_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bibtex_comes_from_cffconvert_and_keeps_capitals():
    entry = citation.bibtex(vintage="2023")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert entry.startswith("@misc{kzdep" + str(cff["date-released"])[:4] + ",")
    assert "title = {{" + cff["title"] + "}}" in entry
    assert f"Version {cff['version']}; data to 2023" in entry
    rendered = _render_plain(entry)
    # unprotected, pybtex's plain style would print "...dependence on russia: an executable report"
    assert "Russia" in rendered and "The kzdep report contributors" in rendered


def test_unprotected_title_would_lose_its_capital():
    """The check above can fail: the same entry without the extra braces is lower-cased by the style."""
    entry = citation.bibtex(vintage="2023").replace("title = {{", "title = {").replace("}},\n  year", "},\n  year")
    assert "russia" in _render_plain(entry)


def test_apa_form_has_authors_year_title_version_and_vintage():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    text = citation.apa(vintage="2023")
    assert text.startswith("The kzdep report contributors (" + str(cff["date-released"])[:4] + ").")
    assert cff["title"] in text and f"version {cff['version']}" in text and text.endswith("Data to 2023.")


def test_url_set_in_citation_cff_reaches_every_form(tmp_path):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation.url() is None or citation.url() == cff.get("url")
    cff["url"] = "https://example.org/kzdep-report"
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(cff, sort_keys=False), encoding="utf-8")
    assert "url = {https://example.org/kzdep-report}" in citation.bibtex(path, vintage="2023")
    assert "https://example.org/kzdep-report" in citation.apa(path, vintage="2023")
    assert "<https://example.org/kzdep-report>" in citation.how_to_cite_copy(path)
    without = citation.how_to_cite_copy()
    if not cff.get("url"):
        assert "git log -1" in without and "version " + cff["version"] in without


def test_cffconvert_validates_the_citation_file_and_rejects_a_broken_one(tmp_path):
    from cffconvert.citation import Citation

    Citation((ROOT / "CITATION.cff").read_text(encoding="utf-8")).validate()
    broken = (ROOT / "CITATION.cff").read_text(encoding="utf-8").replace("date-released:", "date-releasd:", 1)
    from jsonschema.exceptions import ValidationError

    with pytest.raises(ValidationError, match="'date-releasd' was unexpected"):
        Citation(broken).validate()


# ---------------------------------------------------------------------------------------------------------------
# the bibliography generated from the sources register

def _sources():
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_bibliography_entries_keep_capitals_and_carry_no_tex_escapes():
    bib_text = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    assert not re.search(r"\\[$&#_]", bib_text), "a TeX escape would be printed as it is"
    text_fields = [line for line in bib_text.splitlines()[1:] if not line.lstrip().startswith("url = ")]
    assert not any(re.search(r"(?<!\\)%", line) for line in text_fields), "pybtex reads a bare % as a comment"
    assert "\\url" not in bib_text and "howpublished" not in bib_text
    bib = pybtex.database.parse_string(bib_text, "bibtex")
    rows = {row["source_id"]: row for row in _sources()}
    assert set(bib.entries) == set(rows)
    for key, entry in bib.entries.items():
        row = rows[key]
        title = " ".join(row["title"].split()).replace("{", "(").replace("}", ")").replace("%", "\\%")
        assert entry.fields["title"] == "{" + title + "}"
        if row["url"]:
            assert entry.fields["url"] == row["url"]
        if row["year"]:
            assert entry.fields["year"] == row["year"]
        if len(row["date"]) == 10:
            assert f"published {row['date']}" in entry.fields["note"]


def test_bibliography_is_the_register_written_again():
    """references.bib is exactly what make_data writes from sources.csv (nobody edited it by hand)."""
    make_data = _make_data_module()
    rows = sorted(_sources(), key=lambda r: r["source_id"])
    expected = "\n".join(["% Generated by scripts/make_data.py from data/sources.csv. Do not edit by hand.\n"]
                         + [make_data.bib_entry(row) for row in rows])
    assert (ROOT / "book" / "references.bib").read_text(encoding="utf-8") == expected


def test_bib_entry_for_a_dated_register_row_worked_by_hand():
    make_data = _make_data_module()
    row = {"source_id": "x-1", "publisher": "Caspian Pipeline Consortium", "title": "CPC loads $ 100 & 5% more",
           "year": "2024", "date": "2024-01-09", "url": "https://www.cpc.ru/en/press/?a=1&b=2", "kind": "page",
           "tier": "company", "repository": "", "path": "", "commit": "", "licence": "", "accessed": "2026-11-21",
           "note": "internal: do not print"}
    entry = make_data.bib_entry(row)
    assert entry == ("@misc{x-1,\n  author = {{Caspian Pipeline Consortium}},\n"
                     "  title = {{CPC loads $ 100 & 5\\% more}},\n  year = {2024},\n  month = {jan},\n"
                     "  url = {https://www.cpc.ru/en/press/?a=1&b=2},\n"
                     "  note = {published 2024-01-09; accessed 2026-11-21}\n}\n")
    assert "internal" not in entry


def test_no_chapter_cites_a_partisan_source():
    """A number never rests on a partisan site, in the prose either: no {cite} key may be marked partisan."""
    from kzdep import data

    tiers = data.load("sources").set_index("source_id")["tier"]
    cited = []
    for chapter in sorted((ROOT / "book").glob("*.md")):
        for number, line in enumerate(chapter.read_text(encoding="utf-8").splitlines(), start=1):
            for keys in re.findall(r"\{cite(?::[tp])?\}`([^`]+)`", line):
                cited += [(chapter.name, number, k.strip()) for k in keys.split(",")]
    assert len(cited) > 100
    partisan = [c for c in cited if tiers.get(c[2]) == "partisan"]
    assert not partisan, partisan
