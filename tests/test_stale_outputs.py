"""Outputs that cannot go stale: the files a chapter writes while it runs (its downloads) are part of what the
execution cache stores and restores, so a download always equals what a clean build of the same inputs writes,
also after an edit is reverted and in a checkout that was moved or copied with its ``_build/``."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DATA, rehash_resource
from test_build import make_html, small_book

# a page that writes one download: its value comes from a parameter (edited by the test) and from a data file
PAGE = """\
    # A page with a download

    ```{code-cell} ipython3
    import pandas as pd
    from kzdep import data, style

    FACTOR = 1.0   # the parameter a reader edits
    rates = data.load("eur_usd_annual")
    frame = pd.DataFrame({"year": rates["year"].head(3), "value": rates["usd_per_eur"].head(3) * FACTOR})
    style.write_figure_data(frame, "page-values", ["ecb-eurofxref-2024"], {"value": "US dollars per euro"}, title="Values")
    ```

    {download}`The values (CSV) <figdata/page-values.csv>`
    """
DOWNLOAD = Path("book") / "figdata" / "page-values.csv"


def downloads(where: Path) -> dict[str, bytes]:
    """What a reader would download: the chapter's file and the copy Sphinx put into the HTML."""
    out = {"figdata": (where / DOWNLOAD).read_bytes()}
    html = sorted((where / "_build" / "html" / "_downloads").rglob("page-values.csv"))
    assert len(html) == 1, "the page links its download, so Sphinx copies it once"
    out["html"] = html[0].read_bytes()
    return out


def book_in(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return small_book(folder, {"index": PAGE})


def build(where: Path, data_dir: Path) -> str:
    result = make_html(where, env={"KZDEP_DATA": str(data_dir)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def set_factor(where: Path, factor: str) -> None:
    page = where / "book" / "index.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("FACTOR = ") + len("FACTOR = ")
    end = text.index(" ", start)
    page.write_text(text[:start] + factor + text[end:], encoding="utf-8")


def test_the_column_the_page_reads_exists():
    # the page above reads this column; if the table is renamed the tests below would fail for the wrong reason
    assert "usd_per_eur" in (DATA / "eur_usd_annual.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


def test_edit_build_revert_build_gives_the_clean_builds_downloads(tmp_path):
    clean = book_in(tmp_path / "clean")
    build(clean, DATA)
    expected = downloads(clean)

    work = book_in(tmp_path / "work")
    build(work, DATA)
    set_factor(work, "2.5")
    build(work, DATA)
    edited = downloads(work)
    assert edited["figdata"] != expected["figdata"], "the edit did not change the download: the test proves nothing"
    set_factor(work, "1.0")
    log = build(work, DATA)
    # served from the cache (not executed again), and its download put back as that run wrote it
    assert "kzdep.buildcache: executed index.md" not in log
    assert downloads(work) == expected


def test_a_copied_checkout_with_its_build_follows_a_data_change(tmp_path):
    scratch = tmp_path / "data"
    shutil.copytree(DATA, scratch)
    first = book_in(tmp_path / "first")
    build(first, scratch)
    moved = tmp_path / "moved"
    shutil.copytree(first, moved)  # the checkout copied elsewhere, its _build/ (and execution cache) with it

    path = scratch / "eur_usd_annual.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    column = header.index("usd_per_eur")
    cells = lines[1].rstrip("\n").split(",")
    cells[column] = f"{float(cells[column]) + 0.1:.4f}"
    lines[1] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    rehash_resource(scratch, "eur_usd_annual")

    log = build(moved, scratch)
    assert "kzdep.buildcache: executed index.md" in log, "the copy served its old run after a data change"
    clean = book_in(tmp_path / "clean")
    build(clean, scratch)
    assert downloads(moved) == downloads(clean)


def test_the_data_rules_run_again_when_their_inputs_change(tmp_path):
    """The cross-table rules are skipped only on inputs they already passed: a broken rule still stops the build."""
    import subprocess
    import sys

    from conftest import ROOT
    from kzdep import buildcache
    from test_consistency import _set

    scratch = tmp_path / "data"
    shutil.copytree(DATA, scratch)
    cmd = [sys.executable, str(ROOT / "kzdep" / "buildcache.py"), "consistency", "--book", str(ROOT / "book"),
           "--toc", str(ROOT / "_toc.yml"), "--out", str(tmp_path), "--data", str(scratch)]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr[-2000:]
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert again.returncode == 0 and "not run again" in again.stdout
    # oil_export_routes.csv data row 23 (2022 atyrau_samara 8 -> 20): the routes overshoot the total (route-split)
    _set(scratch, "oil_export_routes.csv", "oil_export_routes", 23, "volume_mt", "20")
    broken = subprocess.run(cmd, capture_output=True, text=True)
    assert broken.returncode != 0 and "route-split" in broken.stderr
    assert buildcache.consistency_digest(ROOT / "book", scratch) != \
        buildcache.consistency_digest(ROOT / "book", DATA)


def test_the_data_appendix_follows_the_downloads_not_every_edit(tmp_path):
    """The appendix lists every download by reading the chapters: a parameter's new value changes no download's
    name or caption and must not execute it again; a new caption must."""
    import re

    from conftest import ROOT
    from kzdep import buildcache

    book = tmp_path / "book"
    shutil.copytree(ROOT / "book", book, ignore=shutil.ignore_patterns("figdata", "_generated", "*.bib"))
    before = buildcache.downloads_view_digest(book)
    chapter = book / "pipelines.md"
    text = chapter.read_text(encoding="utf-8")
    edited, n = re.subn(r"^STOP_DAYS = \d+", "STOP_DAYS = 45", text, flags=re.M)
    assert n == 1
    chapter.write_text(edited, encoding="utf-8")
    assert buildcache.downloads_view_digest(book) == before
    captioned, n = re.subn(r"caption: \"", "caption: \"Renamed. ", edited, count=1)
    assert n == 1
    chapter.write_text(captioned, encoding="utf-8")
    assert buildcache.downloads_view_digest(book) != before


LATE_PAGE = """\
    # An appendix

    ```{code-cell} ipython3
    # kzdep: reads-all-chapters  (built from what the other pages wrote)
    import json
    from pathlib import Path
    titles = sorted(json.loads(p.read_text())["title"] for p in Path("figdata").glob("*.json"))
    print(titles)
    ```
    """


def test_a_page_built_from_the_others_runs_after_them_and_only_when_they_changed(tmp_path):
    where = tmp_path / "late"
    where.mkdir()
    small_book(where, {"index": PAGE.replace('title="Values"', 'title=f"Values times {FACTOR}"'),
                       "appendix": LATE_PAGE})
    log = build(where, DATA)
    assert "executed appendix.md" in log
    # it ran after the page that writes the download, and saw it: its output lists the title written
    html = (where / "_build" / "html" / "appendix.html").read_text(encoding="utf-8")
    assert "Values times 1.0" in html
    # a new title in the download's metadata: the appendix runs again and shows it
    set_factor(where, "2.0")
    log = build(where, DATA)
    assert "executed index.md" in log and "executed appendix.md" in log
    assert "Values times 2.0" in (where / "_build" / "html" / "appendix.html").read_text(encoding="utf-8")
    # back to the first value: the page is served from the cache with its download restored; the appendix, whose
    # inputs changed back, runs again (the cache keeps one run per code) and shows the first title again
    set_factor(where, "1.0")
    log = build(where, DATA)
    assert "executed index.md" not in log and "executed appendix.md" in log
    assert "Values times 1.0" in (where / "_build" / "html" / "appendix.html").read_text(encoding="utf-8")
