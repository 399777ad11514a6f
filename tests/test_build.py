"""The build: strict (a failing cell, a broken reference, an unknown citation stop it), cached honestly (a changed
data file re-executes exactly the chapters that read it), and reproducible (dates from SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from conftest import DATA, ROOT, rehash_resource

HEADER = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """)


def small_book(tmp_path: Path, pages: dict[str, str]) -> Path:
    """A book of the given pages (first one the root), built with the project's own _config.yml."""
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(ROOT / "book" / "references.bib", book / "references.bib")
    names = list(pages)
    for name, body in pages.items():
        (book / f"{name}.md").write_text(HEADER + "\n" + textwrap.dedent(body), encoding="utf-8")
    toc = "format: jb-book\nroot: " + names[0] + "\n"
    if len(names) > 1:
        toc += "chapters:\n" + "".join(f"  - file: {n}\n" for n in names[1:])
    (tmp_path / "_toc.yml").write_text(toc, encoding="utf-8")
    return tmp_path


def make_html(where: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """`make html` of the project's Makefile, pointed at a small book."""
    return subprocess.run(
        ["make", "--no-print-directory", "html", f"BOOK={where / 'book'}", f"TOC={where / '_toc.yml'}",
         f"OUT={where}"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})


def executed(log: str) -> set[str]:
    return {Path(m).stem for m in re.findall(r"(\S+\.md): Executing notebook", log)}


GOOD_PAGE = """\
    # A page

    ```{code-cell} ipython3
    x = 1 + 1
    ```
    """


def test_a_good_small_book_builds(tmp_path):
    result = make_html(small_book(tmp_path, {"index": GOOD_PAGE}))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (tmp_path / "_build" / "html" / "index.html").exists()


@pytest.mark.parametrize("flaw, appended, named", [
    ("a failing cell", "\n```{code-cell} ipython3\n1 / 0\n```\n", "ZeroDivisionError"),
    ("a broken cross-reference", "\nAs {numref}`fig-that-does-not-exist` shows.\n", "fig-that-does-not-exist"),
    ("an unknown citation", "\nAs {cite}`nobody-2099` wrote.\n", "nobody-2099"),
])
def test_a_flaw_stops_the_build(tmp_path, flaw, appended, named):
    result = make_html(small_book(tmp_path, {"index": GOOD_PAGE + appended}))
    assert result.returncode != 0, f"{flaw} did not stop the build"
    assert named in result.stdout + result.stderr


def test_glued_numbers_appear_exactly_as_formatted(tmp_path):
    # a thousands separator must not turn "1,720" into the tuple "(1, 720)" on the page
    page = ("# Glue\n\n```{code-cell} ipython3\n:tags: [remove-cell]\nfrom kzdep import text\n"
            "text.glue('a', text.integer(1720))\ntext.glue('b', text.percent(34.8695))\n"
            "text.glue('c', text.money_bn(13300.2))\n```\n\nA {glue:text}`a` B {glue:text}`b` C {glue:text}`c`.\n")
    result = make_html(small_book(tmp_path, {"index": page}))
    assert result.returncode == 0, result.stdout[-2000:]
    html = (tmp_path / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    for shown in (">1,720<", ">34.9 %<", ">US$ 13.3 bn<"):
        assert shown in html, shown


def test_bad_data_stops_the_build_with_the_loaders_message(tmp_path):
    scratch = tmp_path / "data"
    shutil.copytree(DATA, scratch)
    path = scratch / "milex_share_gdp.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kazakhstan,2019,1.0209163", "Kazakhstan,2019,120"),
                    encoding="utf-8")
    rehash_resource(scratch, "milex_share_gdp")
    page = GOOD_PAGE + "\n```{code-cell} ipython3\nfrom kzdep import data\ndata.load(\"milex_share_gdp\")\n```\n"
    result = make_html(small_book(tmp_path, {"index": page}), env={"KZDEP_DATA": str(scratch)})
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "data/milex_share_gdp.csv, column 'milex_pct_gdp', row 27 (line 28)" in out and "share above 100 %" in out


def test_a_changed_data_file_reexecutes_only_the_chapters_that_read_it(tmp_path):
    scratch = tmp_path / "data"
    shutil.copytree(DATA, scratch)
    env = {"KZDEP_DATA": str(scratch)}
    reads_milex = "# Spending\n\n```{code-cell} ipython3\nfrom kzdep import data\nm = data.load(\"milex_share_gdp\")\n```\n"
    reads_pop = "# People\n\n```{code-cell} ipython3\nfrom kzdep import data\np = data.load(\"population\")\n```\n"
    where = small_book(tmp_path, {"index": GOOD_PAGE, "spending": reads_milex, "people": reads_pop})

    first = make_html(where, env)
    assert first.returncode == 0, first.stdout[-3000:]
    assert executed(first.stdout + first.stderr) == {"index", "spending", "people"}

    second = make_html(where, env)
    assert second.returncode == 0
    assert executed(second.stdout + second.stderr) == set(), "a second build with nothing changed executed again"

    path = scratch / "milex_share_gdp.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kazakhstan,2019,1.0209163", "Kazakhstan,2019,1.1"),
                    encoding="utf-8")
    rehash_resource(scratch, "milex_share_gdp")
    third = make_html(where, env)
    assert third.returncode == 0, third.stdout[-3000:]
    assert executed(third.stdout + third.stderr) == {"spending"}
    assert "data changed for spending.md (milex_share_gdp)" in third.stdout


def test_build_dates_come_from_source_date_epoch(tmp_path):
    page = "# Dated\n\nSome text.\n"
    where = small_book(tmp_path, {"index": page})
    epoch = "1700000000"  # 2023-11-14 UTC
    result = make_html(where, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stdout[-2000:]
    html = (where / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    assert "2023-11-14" in html
    today = dt.date.today().isoformat()
    assert today == "2023-11-14" or today not in html
