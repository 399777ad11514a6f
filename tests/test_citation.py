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


def _cff():
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _copy(tmp_path, **changes):
    """A copy of CITATION.cff with top-level fields changed (None removes a field)."""
    cff = _cff()
    for name, value in changes.items():
        if value is None:
            cff.pop(name, None)
        else:
            cff[name] = value
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(cff, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_bibtex_is_a_report_and_keeps_capitals():
    cff = _cff()
    entry = citation.bibtex(vintage="2023")
    year = str(cff["date-released"])[:4]
    assert entry.startswith("@techreport{kzdep" + year + ",")
    assert "title = {{Kazakhstan's dependence on Russia: An executable report}}" in entry
    assert "type = {Report}" in entry and f"year = {{{year}}}" in entry
    assert f"version = {{{cff['version']}}}" in entry
    assert f"note = {{Version {cff['version']}, released {cff['date-released']}; data to 2023}}" in entry
    rendered = _render_plain(entry)
    # unprotected, pybtex's plain style would print "...dependence on russia: an executable report"
    assert "Russia" in rendered and "The kzdep report contributors" in rendered and "Report" in rendered


def test_unprotected_title_would_lose_its_capital():
    """The check above can fail: the same entry without the extra braces is lower-cased by the style."""
    entry = citation.bibtex(vintage="2023").replace("title = {{", "title = {").replace("report}},", "report},")
    assert "russia" in _render_plain(entry)


def test_apa7_report_without_an_address():
    cff = _cff()
    text = citation.apa(fmt="text")
    # APA 7, report by a group author that is also the publisher (the publisher is then left out):
    # Author. (Year). Title in sentence case (Version x) [Report]. URL
    assert text == (f"The kzdep report contributors. ({str(cff['date-released'])[:4]}). Kazakhstan's dependence on "
                    f"Russia: An executable report (Version {cff['version']}) [Report].")
    assert "). *Kazakhstan's dependence on Russia: An executable report* (Version" in citation.apa()  # italics
    assert "\\emph{Kazakhstan" in citation.apa(fmt="latex")
    assert "http" not in text and "url" not in citation.bibtex(vintage="2023")


def test_an_address_set_in_one_place_reaches_every_form(tmp_path):
    path = _copy(tmp_path, url="https://example.org/kzdep-report")
    assert citation.apa(path, fmt="text").endswith("[Report]. https://example.org/kzdep-report")
    assert "url = {https://example.org/kzdep-report}" in citation.bibtex(path, vintage="2023")
    assert "<https://example.org/kzdep-report>" in citation.how_to_cite_copy(path)
    assert 'href="https://example.org/kzdep-report"' in citation.footer_html(path)
    # a DOI, once minted, takes the place of the URL in every form
    path = _copy(tmp_path, url="https://example.org/kzdep-report", doi="10.5281/zenodo.1234567")
    assert citation.apa(path, fmt="text").endswith("[Report]. https://doi.org/10.5281/zenodo.1234567")
    entry = citation.bibtex(path, vintage="2023")
    assert "doi = {10.5281/zenodo.1234567}" in entry and "url = {https://doi.org/10.5281/zenodo.1234567}" in entry


def test_without_an_address_the_copy_is_cited_by_version_and_release_date(tmp_path):
    path = _copy(tmp_path, url=None, doi=None)
    text = citation.how_to_cite_copy(path)
    assert "no published address" in text
    assert f"version {citation.version(path)} of {citation.release_date_text(path)}" in text and "commit" in text


def test_a_different_publisher_is_named_in_apa(tmp_path):
    cff = _cff()
    cff["preferred-citation"]["publisher"] = {"name": "Example University Press"}
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(cff, sort_keys=False), encoding="utf-8")
    assert citation.apa(path, fmt="text").endswith("[Report]. Example University Press.")
    assert "institution = {{Example University Press}}" in citation.bibtex(path, vintage="2023")


def test_one_release_date_and_version_in_one_place():
    cff = _cff()
    pref = cff["preferred-citation"]
    assert "version" not in pref and "date-released" not in pref and "year" not in pref
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert "version:" not in text and "release:" not in text and "html_last_updated_fmt" not in text
    assert "kzdep.citation" in text  # the extension that sets them from CITATION.cff
    assert citation.release_date_text() in citation.footer_html()
    assert f"Version {cff['version']}" in citation.footer_html()


def test_the_package_carries_the_reports_version():
    # the code that built a release is that release: pyproject.toml and kzdep.__version__ say CITATION.cff's version
    import kzdep

    version = str(_cff()["version"])
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == version
    assert kzdep.__version__ == version


def test_changelog_names_the_current_release():
    cff = _cff()
    log = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    first = re.search(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)", log, re.M)
    assert first and first.groups() == (str(cff["version"]), str(cff["date-released"]))


def test_sphinx_extension_sets_the_release_from_the_citation_file():
    from types import SimpleNamespace

    config = SimpleNamespace(version="", release="", today="", html_last_updated_fmt="%Y",
                             html_theme_options={"extra_footer": "<p>licence</p>"},
                             latex_elements={"preamble": "x", "maketitle": "{\\large \\@date \\par}"})
    citation._on_config_inited(None, config)
    assert config.version == citation.version() and config.today == citation.release_date_text()
    # the release is the version; kzdep.coverage (loaded after this extension) adds the years per lever
    assert config.release == citation.version()
    assert config.html_last_updated_fmt is None
    assert config.html_theme_options["extra_footer"].endswith("<p>licence</p>")
    assert "Version " + citation.version() in config.html_theme_options["extra_footer"]
    assert f"released {citation.release_date().isoformat()}" in config.latex_elements["preamble"]
    assert "commit" in config.latex_elements["maketitle"]


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
    assert "\\url" not in bib_text
    bib = pybtex.database.parse_string(bib_text, "bibtex")
    rows = {row["source_id"]: row for row in _sources() if row["tier"] != "partisan"}  # partisan: consulted only
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
    rows = sorted((r for r in _sources() if make_data.cited(r)), key=lambda r: r["source_id"])
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
                     "  title = {{CPC loads $ 100 & 5\\% more}},\n  howpublished = {Web page},\n  year = {2024},\n"
                     "  month = {January},\n"
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


def test_brief_is_built_beside_the_report_with_four_to_eight_pages(built_book):
    from kzdep import brief

    pdf = ROOT / "_build" / "latex" / "brief.pdf"
    assert pdf.exists() and (ROOT / "_build" / "html" / "brief.pdf").read_bytes() == pdf.read_bytes()
    assert 4 <= brief.pages(pdf) <= 8
    import subprocess

    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    findings = __import__("kzdep.summary", fromlist=["x"]).answer_findings()
    # the brief quotes the summary's numbers, caveat included, and how to cite
    assert findings["ans_oil_latest"] in text and "infers" in text
    assert citation.apa(fmt="text")[:40] in text and "@techreport" in text
