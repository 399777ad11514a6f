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


# --- every table in the chapters is captioned, numbered and labelled ----------------------------------------------

import ast  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

BOOK = Path(__file__).resolve().parent.parent / "book"
TABLE_CALLS = {"table", "long_table"}
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)\n```$", flags=re.S | re.M)


def _cell_code(body: str) -> str:
    """The Python of a code cell: without its YAML front matter or its ':key: value' option lines."""
    if body.startswith("---\n"):
        body = body.split("\n---\n", 1)[1]
    lines = body.split("\n")
    while lines and lines[0].startswith(":"):
        lines.pop(0)
    return "\n".join(lines)


def table_calls(markdown: str) -> list[tuple[str | None, bool]]:
    """Each ``style.table(...)`` / ``style.long_table(...)`` call in a chapter's code cells: (its name as written,
    or None when it has no ``name=``; whether it passes ``caption=``). The name of an f-string is its source text."""
    found = []
    for body in CELL.findall(markdown):
        tree = ast.parse(_cell_code(body))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in TABLE_CALLS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "style"):
                keywords = {k.arg: k.value for k in node.keywords}
                name = ast.unparse(keywords["name"]) if "name" in keywords else None
                found.append((name, "caption" in keywords))
    return found


def test_table_calls_are_found_in_a_cell_with_options():
    chapter = ("```{code-cell} ipython3\n:tags: [remove-input]\nstyle.table(t, name=\"a\", caption=\"A.\")\n"
               "style.long_table(s, d, name=f\"b-{k}\", source_ids=[])\nstyle.table(t)\n```\n\nText.\n\n"
               "```{code-cell} ipython3\n---\ntags: [hide-input]\n---\nx = style.long_table(s, d, name=\"c\", "
               "caption=f\"C {y}.\")\n```\n")
    assert table_calls(chapter) == [("'a'", True), ("f'b-{k}'", False), (None, False), ("'c'", True)]


def test_every_named_table_in_the_chapters_has_a_caption():
    calls = {chapter.name: table_calls(chapter.read_text(encoding="utf-8")) for chapter in sorted(BOOK.glob("*.md"))}
    assert sum(len(c) for c in calls.values()) > 30, "the parser found too few tables"
    missing = [(chapter, name) for chapter, found in calls.items() for name, captioned in found
               if name is not None and not captioned]
    assert not missing, f"named tables without a caption (so not numbered): {missing}"


LEVER_CHAPTERS = ["pipelines", "trade", "security", "people"]


def test_every_lever_chapter_has_a_numbered_table(built_book):
    for chapter in LEVER_CHAPTERS:
        page = (built_book / "_build" / "html" / f"{chapter}.html").read_text(encoding="utf-8")
        assert re.search(r'<span class="caption-number">Table \d+\.\d+', page), f"{chapter}: no numbered table"


def _linked_metadata(built_book):
    """The metadata files the built pages link to (a renamed figure's old files may linger in book/figdata)."""
    linked = set()
    for page in (built_book / "_build" / "html").glob("*.html"):
        linked |= set(re.findall(r'href="_downloads/[0-9a-f]+/([^"/]+\.json)"', page.read_text(encoding="utf-8")))
    figdata = built_book / "book" / "figdata"
    return sorted(figdata / name for name in linked if (figdata / name).exists())  # not the data package's own


def test_every_download_has_a_title(built_book):
    metas = _linked_metadata(built_book)
    assert len(metas) > 50, "too few downloads: was the book built?"
    untitled = [m.name for m in metas if not json.loads(m.read_text(encoding="utf-8")).get("title", "").strip()]
    assert not untitled, f"metadata files without a title: {untitled}"


def test_table_captions_carry_no_maths_or_roles(built_book):
    """A caption is plain text: two '$' make it maths (and load MathJax), a role would leak into the download."""
    bad = []
    for meta in _linked_metadata(built_book):
        title = json.loads(meta.read_text(encoding="utf-8")).get("title", "")
        if title.count("$") > 1 or "{cite" in title or "`" in title:
            bad.append((meta.name, title))
    assert not bad, bad


def test_every_table_in_the_html_is_numbered(built_book):
    """However a table is made (style.table, long_table, a summary or data-page helper, the execution report that
    kzdep.buildcache writes for the status page), it carries a number."""
    unnumbered = {}
    for page in sorted((built_book / "_build" / "html").glob("*.html")):
        if page.name == "genindex.html":  # Sphinx's own index of the glossary's terms, not a table of the report
            continue
        text = page.read_text(encoding="utf-8")
        tables = len(re.findall(r"<table\b", text))
        numbered = len(re.findall(r'<span class="caption-number">Table \d+\.\d+', text))
        if tables != numbered:
            unnumbered[page.name] = (tables, numbered)
    assert not unnumbered, f"pages with tables that carry no number (tables, numbered): {unnumbered}"


def test_the_status_page_numbers_its_execution_report(built_book):
    html = (built_book / "_build" / "html" / "status.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="caption-number">Table \d+\.1 </span><span class="caption-text">Execution of each '
                     r"page of this copy", html), "the execution report has no numbered caption"
    # one row per executed page of the table of contents, the status page among them
    report = (built_book / "book" / "_generated" / "execution.md").read_text(encoding="utf-8")
    assert "| `status.md` |" in report and "| `pipelines.md` |" in report
    assert report.count("| succeeded |") == len(re.findall(r"^\| `", report, flags=re.M))
