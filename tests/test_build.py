"""The build: strict (a failing cell, a broken reference, an unknown citation stop it), cached honestly (a changed
data file or kzdep module re-executes exactly the chapters that read it), fast (chapters executed in parallel once,
a build with nothing changed does not start Sphinx, parallel gives the same bytes as serial), and reproducible
(dates from SOURCE_DATE_EPOCH). Speed itself is measured by `make bench`, not here."""

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


def make_html(where: Path, env: dict | None = None, *extra: str) -> subprocess.CompletedProcess:
    """`make html` of the project's Makefile, pointed at a small book."""
    return subprocess.run(
        ["make", "--no-print-directory", "html", f"BOOK={where / 'book'}", f"TOC={where / '_toc.yml'}",
         f"OUT={where}", *extra],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})


def executed(log: str) -> set[str]:
    """Pages executed, by the parallel executor (kzdep.buildcache) or by myst-nb inside Sphinx."""
    return ({Path(m).stem for m in re.findall(r"kzdep.buildcache: executed (\S+\.md) in", log)}
            | executed_by_sphinx(log))


def executed_by_sphinx(log: str) -> set[str]:
    return {Path(m).stem for m in re.findall(r"(\S+\.md): Executing notebook", log)}


def sphinx_started(log: str) -> bool:
    return "Running Sphinx" in log


NO_OP = "nothing changed since the last successful build"


GOOD_PAGE = """\
    # A page

    ```{code-cell} ipython3
    x = 1 + 1
    ```
    """


def test_a_good_small_book_builds_and_executes_each_page_once(tmp_path):
    result = make_html(small_book(tmp_path, {"index": GOOD_PAGE, "second": GOOD_PAGE.replace("1 + 1", "2 + 2")}))
    log = result.stdout + result.stderr
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (tmp_path / "_build" / "html" / "index.html").exists()
    # executed before Sphinx, into the cache myst-nb reads: Sphinx finds both pages there and executes nothing
    assert executed(log) == {"index", "second"}
    assert executed_by_sphinx(log) == set()
    assert len(re.findall(r"\.md: Using cached notebook", log)) == 2


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
    assert NO_OP in second.stdout and not sphinx_started(second.stdout + second.stderr)

    path = scratch / "milex_share_gdp.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kazakhstan,2019,1.0209163", "Kazakhstan,2019,1.1"),
                    encoding="utf-8")
    rehash_resource(scratch, "milex_share_gdp")
    third = make_html(where, env)
    assert third.returncode == 0, third.stdout[-3000:]
    assert executed(third.stdout + third.stderr) == {"spending"}
    assert "inputs changed for spending.md (milex_share_gdp)" in third.stdout


def test_build_dates_come_from_source_date_epoch(tmp_path):
    page = "# Dated\n\nSome text.\n"
    where = small_book(tmp_path, {"index": page})
    epoch = "1700000000"  # 2023-11-14 UTC
    result = make_html(where, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stdout[-2000:]
    html = (where / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    # the page carries one date, the release date set in CITATION.cff, never the day of the build
    from kzdep import citation

    assert citation.release_date_text() in html
    assert "Last updated" not in html and "2023-11-14" not in html


# ------------------------------------------------------------------------------------------------ the no-op

def test_a_build_with_nothing_changed_does_not_start_sphinx(tmp_path):
    where = small_book(tmp_path, {"index": GOOD_PAGE, "other": "# Other\n\nPlain text.\n"})
    first = make_html(where)
    assert first.returncode == 0, first.stdout[-2000:]
    assert sphinx_started(first.stdout) and NO_OP not in first.stdout

    second = make_html(where)
    assert second.returncode == 0
    assert NO_OP in second.stdout and "html:" in second.stdout
    assert not sphinx_started(second.stdout + second.stderr) and "jupyter-book build" not in second.stdout

    # a new modification time with the same content is still nothing changed (the stamp hashes contents)
    page = where / "book" / "other.md"
    os.utime(page, (page.stat().st_atime + 60, page.stat().st_mtime + 60))
    assert NO_OP in make_html(where).stdout

    # an input that is not a chapter (the bibliography) changed: Sphinx runs, nothing is executed
    bib = where / "book" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n% edited\n", encoding="utf-8")
    third = make_html(where)
    assert third.returncode == 0 and sphinx_started(third.stdout) and executed(third.stdout) == set()
    assert NO_OP in make_html(where).stdout

    # an output is gone (any page of the table of contents): the build runs again although no input changed
    (where / "_build" / "html" / "other.html").unlink()
    again = make_html(where)
    assert again.returncode == 0 and sphinx_started(again.stdout)
    assert (where / "_build" / "html" / "other.html").exists()


def test_a_failed_build_leaves_no_stamp(tmp_path):
    where = small_book(tmp_path, {"index": GOOD_PAGE})
    assert make_html(where).returncode == 0
    page = where / "book" / "index.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\n```{code-cell} ipython3\n1 / 0\n```\n", encoding="utf-8")
    failed = make_html(where)
    assert failed.returncode != 0 and "ZeroDivisionError" in failed.stdout + failed.stderr
    # the failing cell is named by its place in the chapter's file
    line = page.read_text(encoding="utf-8").splitlines().index("1 / 0") + 1
    assert f"index.md (code cell 2, line {line})" in failed.stderr
    # back to the content of the last successful build: the failed build may have left partial outputs, so the
    # book is built again rather than declared up to date
    page.write_text(good, encoding="utf-8")
    again = make_html(where)
    assert again.returncode == 0, again.stdout[-2000:]
    assert NO_OP not in again.stdout and sphinx_started(again.stdout)


# ------------------------------------------------------------------------------------------------ module readers

def test_a_changed_module_reexecutes_exactly_the_chapters_that_import_it(tmp_path):
    # a copy of the package (imported through PYTHONPATH by the build and the kernels), so the test may edit it
    pkg = tmp_path / "pkg"
    shutil.copytree(ROOT / "kzdep", pkg / "kzdep", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("CITATION.cff", "_config.yml", "_toc.yml"):  # the project files the package's extensions read
        shutil.copy(ROOT / name, pkg / name)
    env = {"PYTHONPATH": str(pkg), "KZDEP_DATA": str(DATA)}
    pages = {
        "index": GOOD_PAGE,  # imports nothing of kzdep
        "shares": "# Shares\n\n```{code-cell} ipython3\nfrom kzdep import indicators\n"
                  "indicators.share_pct(1, 4)\n```\n",
        "words": "# Words\n\n```{code-cell} ipython3\nfrom kzdep.text import integer\ninteger(1720)\n```\n",
    }
    where = small_book(tmp_path, pages)
    first = make_html(where, env, f"KZDEP_PKG={pkg / 'kzdep'}")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert executed(first.stdout) == {"index", "shares", "words"}

    module = pkg / "kzdep" / "indicators.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited by a test\n", encoding="utf-8")
    second = make_html(where, env, f"KZDEP_PKG={pkg / 'kzdep'}")
    assert second.returncode == 0, second.stdout[-3000:]
    assert executed(second.stdout) == {"shares"}
    assert "inputs changed for shares.md (kzdep/indicators.py)" in second.stdout

    # a module every importer reaches (through kzdep/__init__.py: the loader) re-executes both importers
    loader = pkg / "kzdep" / "data.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n# edited by a test\n", encoding="utf-8")
    third = make_html(where, env, f"KZDEP_PKG={pkg / 'kzdep'}")
    assert third.returncode == 0, third.stdout[-3000:]
    assert executed(third.stdout) == {"shares", "words"}


def test_modules_imported_follows_the_package_imports():
    from kzdep import buildcache

    # pipelines imports indicators (hand-checked in kzdep/pipelines.py); every import brings __init__ and data
    mods = buildcache.modules_imported("from kzdep import pipelines\n")
    assert {"pipelines", "__init__", "data"} <= mods
    assert "trade" not in mods and "claims" not in mods
    assert buildcache.modules_imported("x = 1\n") == set()
    assert buildcache.modules_imported("import kzdep\n") == set(buildcache.package_modules())
    assert "text" in buildcache.modules_imported("from kzdep import (data,\n    text as T)\n")


def test_a_derived_fact_is_kept_by_content_and_code_and_derived_again_when_either_changes(tmp_path, monkeypatch):
    from kzdep import buildcache

    monkeypatch.setattr(buildcache, "DERIVED_FILE", tmp_path / "derived.json")
    monkeypatch.setattr(buildcache, "_DERIVED", None)
    calls = []

    def compute():
        calls.append(1)
        return ["indicators"]

    assert buildcache._derived("imports", b"from kzdep import indicators", b"v1", compute) == ["indicators"]
    assert buildcache._derived("imports", b"from kzdep import indicators", b"v1", compute) == ["indicators"]
    assert len(calls) == 1
    buildcache._derived("imports", b"from kzdep import text", b"v1", compute)  # another file's content
    buildcache._derived("imports", b"from kzdep import indicators", b"v2", compute)  # another version of the code
    assert len(calls) == 3
    # kept across runs: written at exit, read by the next process
    buildcache._save_derived()
    monkeypatch.setattr(buildcache, "_DERIVED", None)
    assert buildcache._derived("imports", b"from kzdep import text", b"v1", compute) == ["indicators"]
    assert len(calls) == 3
    # a caller may change what it gets without changing what is kept
    got = buildcache._derived("imports", b"from kzdep import text", b"v1", compute)
    got.append("x")
    assert buildcache._derived("imports", b"from kzdep import text", b"v1", compute) == ["indicators"]


def test_the_build_caches_view_of_the_downloads_is_the_books_index():
    """The digest the build cache keeps for the data appendix is made of the rows style.downloads_index lists."""
    import hashlib
    import json

    from kzdep import buildcache, style

    rows = style.downloads_index(ROOT / "book").to_dict(orient="records")
    assert len(rows) > 100
    assert buildcache.downloads_view_digest(ROOT / "book") == \
        hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


# ------------------------------------------------------------------------------------------------ parallel = serial

FIGURE_PAGE = """\
    # {title}

    ```{{code-cell}} ipython3
    from kzdep import data, style
    frame = data.load("milex_share_gdp")
    rows = frame[frame["country"] == "{country}"][["year", "milex_pct_gdp"]]
    fig, ax = style.figure()
    ax.plot(rows["year"], rows["milex_pct_gdp"])
    style.publish(fig, rows, name="{name}", source_ids=["sipri-milex-2025"], units={{"milex_pct_gdp": "percent"}})
    ```
    """


def test_parallel_execution_gives_the_same_bytes_as_serial(tmp_path):
    pages = {"index": GOOD_PAGE}
    for name, country in (("kz", "Kazakhstan"), ("ru", "Russia"), ("uz", "Uzbekistan")):
        pages[name] = FIGURE_PAGE.format(title=country, country=country, name=f"milex-{name}")
    builds = {}
    for jobs in (1, 2):
        (tmp_path / f"jobs{jobs}").mkdir()
        where = small_book(tmp_path / f"jobs{jobs}", pages)
        result = make_html(where, None, f"JOBS={jobs}")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert f"executing 4 notebook(s) on {jobs} worker(s)" in result.stdout
        figdata = {p.name: p.read_bytes() for p in sorted((where / "book" / "figdata").iterdir())}
        images = {p.name: p.read_bytes() for p in sorted((where / "_build" / "html" / "_images").glob("*.png"))}
        builds[jobs] = (figdata, images, (where / "_build" / "html" / "kz.html").read_text(encoding="utf-8"))
    serial, parallel = builds[1], builds[2]
    assert len(serial[0]) == 6 and serial[0] == parallel[0]  # three CSV and three JSON downloads, same bytes
    assert len(serial[1]) == 3 and serial[1] == parallel[1]  # the three charts, same bytes
    assert serial[2] == parallel[2]
