"""The bibliography is formatted again only when what it is made from changes (kzdep.sphinx_bibtex): a build after
an edit elsewhere reuses the formatted entries and writes the same page a clean build writes; an edited entry is
formatted again; a formatting that warned is never kept, so the failure it causes comes back."""

from __future__ import annotations

import re
import shutil

from test_build import make_html, small_book

PAGE = """\
    # Sources

    As {cite}`72news-2025-12-30-storm` reports.{extra}

    ```{bibliography}
    :all:
    ```
    """
FORMATTED = "kzdep.sphinx_bibtex: formatted"
REUSED = "not formatted again"


def bibliography_html(where) -> str:
    html = (where / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    return html[html.index('class="citation-list"'):]


def page_html(where) -> str:
    """The page as built, without Sphinx's checksum suffixes (``?v=...``): myst-nb writes its stylesheet, whose name
    already carries its content hash, after the pages of a first build, so only later builds link it with one."""
    html = (where / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\?v=[0-9a-f]{8}", "", html)


def build(where) -> str:
    result = make_html(where)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_an_edit_elsewhere_reuses_the_formatted_bibliography_and_writes_what_a_clean_build_writes(tmp_path):
    (tmp_path / "work").mkdir()
    work = small_book(tmp_path / "work", {"index": PAGE.replace("{extra}", "")})
    assert FORMATTED in build(work)
    page = work / "book" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("reports.", "reports. Edited."), encoding="utf-8")
    log = build(work)
    assert REUSED in log and FORMATTED not in log

    (tmp_path / "clean").mkdir()
    clean = small_book(tmp_path / "clean", {"index": PAGE.replace("{extra}", " Edited.")})
    assert FORMATTED in build(clean)
    assert "Edited." in page_html(work) and page_html(work) == page_html(clean)

    # an entry's title edited in references.bib: formatted again, and the page shows the new title
    bib = work / "book" / "references.bib"
    text = bib.read_text(encoding="utf-8")
    entry = re.search(r"@misc\{72news-2025-12-30-storm,.*?\n\}", text, flags=re.S).group(0)
    title = re.search(r"title = \{\{(.+?)\}\}", entry).group(1)
    bib.write_text(text.replace(entry, entry.replace(title, title + " (revised)")), encoding="utf-8")
    log = build(work)
    assert FORMATTED in log and REUSED not in log
    assert "(revised)" in bibliography_html(work)


def test_a_formatting_that_warned_is_not_kept(tmp_path):
    # a book without its publisher: the plain style needs one, so sphinxcontrib-bibtex warns, and -W fails the build
    where = small_book(tmp_path, {"index": PAGE.replace("{extra}", " So does {cite}`kzdep-test-book`.")})
    bib = where / "book" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8")
                   + "\n@book{kzdep-test-book,\n  author = {Nobody},\n  title = {A Book},\n  year = {2020}\n}\n",
                   encoding="utf-8")
    for attempt in (1, 2):
        result = make_html(where)
        out = result.stdout + result.stderr
        assert result.returncode != 0, f"build {attempt} passed a bibliography that warned"
        assert "publisher" in out and REUSED not in out
    shutil.rmtree(where / "_build")
