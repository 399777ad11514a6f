"""One numbering: figures and tables are numbered by chapter, the same in the HTML and in the PDF (issue 15)."""

from __future__ import annotations

import re
import subprocess

import pytest

from kzdep import style

CAPTION_NUMBER = re.compile(r"(Fig\.|Table) (\d+)\.(\d+)")


def test_captioned_table_is_a_numbered_directive_with_a_label():
    text = style.captioned("| a |\n|---|\n| 1 |", "Routes by year.", "routes")
    assert text.startswith("::::{table} Routes by year.\n:name: tbl-routes\n")
    assert style.captioned("| a |", None, "routes") == "| a |"
    with pytest.raises(ValueError, match="needs a name"):
        style.captioned("| a |", "A caption", None)


def test_list_table_caption_and_label():
    import pandas as pd

    text = style.list_table(pd.DataFrame({"a": [1]}), caption="One row.", name="one")
    assert text.splitlines()[0] == ":::{list-table} One row."
    assert ":name: tbl-one" in text


def _html_numbers(html_dir):
    found = set()
    for page in html_dir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<span class="caption-number">(Fig\.|Table) ([0-9.]+)', text):
            found.add((match.group(1), match.group(2)))
    return found


def test_figures_and_tables_have_the_same_chapter_numbers_in_html_and_pdf(built_book):
    html = _html_numbers(built_book / "_build" / "html")
    assert html, "no numbered figure or table in the HTML"
    assert all(re.fullmatch(r"\d+\.\d+", number) for _, number in html), sorted(html)
    assert any(kind == "Table" for kind, _ in html), "no numbered table"
    pdf_text = subprocess.run(["pdftotext", "-layout", str(built_book / "_build" / "latex" / "report.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    pdf = {(m.group(1), f"{m.group(2)}.{m.group(3)}") for m in CAPTION_NUMBER.finditer(pdf_text)}
    missing = html - pdf
    assert not missing, f"numbered in the HTML but not in the PDF: {sorted(missing)[:10]}"
