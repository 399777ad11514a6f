"""The built book, as readers get it: `make book` once (the session fixture), then its HTML, PDF and downloads."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
import yaml

from conftest import ROOT
from kzdep import data, buildcache, report

HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "latex" / "report.pdf"
CHAPTERS = [p.stem for p in buildcache.chapters(ROOT / "_toc.yml", ROOT / "book")]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "src") and value:
                self.refs.append((tag, value))


def page_links(path: Path) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.refs


def pdf_text() -> str:
    return subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True,
                          check=True).stdout


# ------------------------------------------------------------------------------------------------ outputs exist

def test_html_and_pdf_are_built(built_book):
    assert (HTML / "index.html").stat().st_size > 0
    assert PDF.stat().st_size > 50_000
    for name in CHAPTERS:
        assert (HTML / f"{name}.html").exists(), name
    assert (HTML / "report.pdf").read_bytes() == PDF.read_bytes()


def test_pdf_has_title_page_contents_every_chapter_and_bibliography(built_book):
    text = pdf_text()
    assert "Kazakhstan" in text and "dependence on Russia" in text
    # the title page: version and the latest year per lever, computed when the book is built (kzdep.coverage)
    from kzdep import coverage

    assert f"Release {report.version()}, data to: {coverage.label()}" in " ".join(text.split())
    assert "CONTENTS" in text.upper()
    for heading in ("The question", "Three levers", "How to rerun it", "Data and sources", "How to cite"):
        assert heading in text, heading
    assert "BIBLIOGRAPHY" in text.upper()
    for chapter in CHAPTERS:
        title = re.search(r"^# (.+)$", (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8"), re.M).group(1)
        words = " ".join(title.replace("’", "'").split()[:3])
        assert words.replace("'", "’") in text or words in text, f"chapter {chapter!r} ({title}) not in the PDF"


def test_pdf_has_no_raw_objects_or_code_where_prose_belongs(built_book):
    text = pdf_text()
    for bad in ("<Figure size", "<pandas", "Styler object", "<IPython", "Traceback", "DataError",
                "style.publish(", "data.load(", "import kzdep", "```"):
        assert bad not in text, f"{bad!r} printed in the PDF"


MAX_OVERFULL_LINES = 10


def overfull_lines(log_text: str, min_pt: float = 1.0) -> list[str]:
    """The overfull lines LaTeX reports (wider than the text by more than ``min_pt``), with where they are."""
    return [m.group(0) for m in re.finditer(r"Overfull \\hbox \(([0-9.]+)pt too wide\)[^\n]*", log_text)
            if float(m.group(1)) > min_pt]


def test_overfull_lines_are_counted():
    made_up = ("Overfull \\hbox (29.5pt too wide) in paragraph at lines 1--2\n"
               "Overfull \\hbox (0.4pt too wide) in paragraph at lines 3--4\nUnderfull \\hbox (badness 10000)\n")
    assert overfull_lines(made_up) == ["Overfull \\hbox (29.5pt too wide) in paragraph at lines 1--2"]


def test_pdf_lines_fit_the_page_and_headers_their_space(built_book):
    log = (ROOT / "_build" / "latex" / "report.log").read_text(encoding="utf-8", errors="replace")
    over = overfull_lines(log)
    assert len(over) <= MAX_OVERFULL_LINES, f"{len(over)} overfull lines in the PDF:\n" + "\n".join(over[:20])
    assert "headheight is too small" not in log


def page_labels(pdf_bytes: bytes) -> list[tuple[int, str]]:
    """The PDF's page-label ranges (first page index, style: D decimal, r roman), from its catalogue."""
    import zlib

    chunks = [pdf_bytes]
    for m in re.finditer(rb"stream\r?\n", pdf_bytes):
        end = pdf_bytes.find(b"endstream", m.end())
        try:
            chunks.append(zlib.decompress(pdf_bytes[m.end():end]))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/PageLabels\s*<<\s*/Nums\s*\[(.*?)\]\s*>>", chunk, flags=re.S)
        if found:
            return [(int(i), style.decode()) for i, style in re.findall(rb"(\d+)\s*<<\s*/S\s*/(\w)", found.group(1))]
    return []


def test_the_page_number_printed_is_the_one_the_viewer_shows(built_book):
    # the viewer's page label follows the printed number: roman for the contents, then 1 at the first chapter
    labels = page_labels(PDF.read_bytes())
    decimal = [first for first, style in labels if style == "D" and first > 0]
    assert decimal, labels
    start = decimal[-1]  # the PDF page index where the printed arabic numbering starts at 1
    for index in (start + 2, start + 10):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(index + 1), "-l", str(index + 1), str(PDF), "-"],
                              capture_output=True, text=True).stdout
        footer = [line for line in text.splitlines() if line.strip()][-1]
        assert footer.split()[-1] == str(index - start + 1), (index, footer)


MAX_CAPTION_CHARS = 600


def long_captions(html: str) -> list[tuple[int, str]]:
    out = []
    for cap in re.findall(r"<(?:figcaption|caption)[^>]*>(.*?)</(?:figcaption|caption)>", html, flags=re.S):
        text = " ".join(re.sub(r"<[^>]+>", "", cap).split())
        if len(text) > MAX_CAPTION_CHARS:
            out.append((len(text), text[:80]))
    return out


def raw_ids_in_tables(html: str, ids: set[str]) -> list[str]:
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, flags=re.S)
    words = {w for cell in cells for w in re.findall(r"[a-z0-9][a-z0-9.-]*[a-z0-9]", re.sub(r"<[^>]+>", " ", cell))}
    return sorted(words & ids)


def test_caption_and_id_checks_catch_made_up_cases():
    assert long_captions("<figcaption>" + "word " * 200 + "</figcaption><caption>short</caption>")[0][0] == 999
    assert raw_ids_in_tables("<td>kremlin-glossary-customs-union</td><td>Kremlin (2020)</td>",
                             {"kremlin-glossary-customs-union", "other"}) == ["kremlin-glossary-customs-union"]


def test_captions_are_short_and_tables_show_citations_not_ids(built_book):
    ids = set(data.sources().index if "source_id" not in data.sources().columns else data.sources()["source_id"])
    long, raw = {}, {}
    for page in sorted(HTML.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        if long_captions(html):
            long[page.name] = long_captions(html)
        if raw_ids_in_tables(html, ids):
            raw[page.name] = raw_ids_in_tables(html, ids)[:5]
    assert long == {}, long
    assert raw == {}, raw


def test_pdf_date_is_the_release_date(built_book):
    """One release date (CITATION.cff) on the title page, with the version and the commit (issue 24)."""
    from kzdep import citation

    text = pdf_text()
    assert citation.release_date_text() in text
    assert f"Version {citation.version()}, released {citation.release_date_text()}" in " ".join(text.split())
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True).stdout
    assert f"released {citation.release_date().isoformat()}" in info  # the PDF's metadata (Subject)
    html = (HTML / "intro.html").read_text(encoding="utf-8")
    assert f"released {citation.release_date_text()}" in html and 'href="brief.pdf"' in html
    assert (HTML / "brief.pdf").exists() and (PDF.parent / "brief.pdf").exists()


def test_every_local_link_and_asset_resolves(built_book):
    broken = []
    for page in sorted(HTML.glob("*.html")):
        for tag, ref in page_links(page):
            url = urlparse(ref)
            if url.scheme or ref.startswith(("#", "mailto:", "data:", "//")):
                continue
            target = (page.parent / unquote(url.path)).resolve()
            if not target.exists():
                broken.append(f"{page.name}: <{tag}> {ref}")
    assert not broken, "broken local links:\n" + "\n".join(broken[:30])


def test_html_loads_nothing_from_the_network(built_book):
    remote = []
    for page in sorted(HTML.glob("*.html")):
        for tag, ref in page_links(page):
            if tag in ("script", "link", "img", "iframe") and re.match(r"^(https?:)?//", ref):
                remote.append(f"{page.name}: <{tag}> {ref}")
    assert not remote, "pages load remote resources:\n" + "\n".join(remote)
    for css in HTML.glob("_static/**/*.css"):
        assert not re.search(r"@import\s+url\(['\"]?https?://", css.read_text(encoding="utf-8", errors="replace")), css


def test_footer_has_map_disclaimer_and_licence(built_book):
    for page in ("intro.html", "data.html"):
        html = (HTML / page).read_text(encoding="utf-8")
        assert "imply no endorsement" in html and "CC BY 4.0" in html and 'href="report.pdf"' in html


def test_every_figure_has_alt_text_and_a_data_download(built_book):
    for name in CHAPTERS:
        html = (HTML / f"{name}.html").read_text(encoding="utf-8")
        figures = re.findall(r'<figure[^>]*>.*?</figure>', html, flags=re.S)
        for fig in figures:
            alt = re.search(r'<img[^>]*alt="([^"]*)"', fig)
            assert alt and len(alt.group(1)) > 20, f"{name}: a figure without alt text stating its finding"
        csvs = re.findall(r'href="(_downloads/[^"]+\.csv)"', html)
        assert len(csvs) >= len(figures), f"{name}: {len(figures)} figures but {len(csvs)} CSV downloads"


def test_every_chapter_page_offers_its_notebook(built_book):
    import nbformat

    notebooks = [n for n in CHAPTERS if "kernelspec:" in (ROOT / "book" / f"{n}.md").read_text(encoding="utf-8")]
    assert len(notebooks) >= 8, notebooks
    for name in notebooks:
        html = (HTML / f"{name}.html").read_text(encoding="utf-8")
        # the page's download menu links its own notebook, and that file is a notebook of this chapter's code
        assert f'href="_sources/{name}.ipynb"' in html, f"{name}.html offers no .ipynb download"
        nb = nbformat.read(HTML / "_sources" / f"{name}.ipynb", as_version=4)
        chapter = (ROOT / "book" / f"{name}.md").read_text(encoding="utf-8")
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code, f"{name}.ipynb has no code cell"
        assert code[0].source.strip().splitlines()[-1] in chapter, f"{name}.ipynb is not the notebook of {name}.md"
        assert any(c.get("outputs") for c in code), f"{name}.ipynb is not executed"


# ------------------------------------------------------------------------------------------------ citation

def test_citation_cff_is_valid_and_matches_the_book():
    schema = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(cff, schema)
    assert cff["version"] == report.version() and "version" not in cff["preferred-citation"]  # one place
    assert cff["preferred-citation"]["type"] == "report"
    assert str(report.data_vintage()["newest"]) in cff["preferred-citation"]["notes"]


def test_citation_cff_schema_check_can_fail():
    schema = json.loads((ROOT / "tests" / "schemas" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del cff["authors"]
    with pytest.raises(jsonschema.ValidationError, match="'authors' is a required property"):
        jsonschema.validate(cff, schema)


# ------------------------------------------------------------------------------------------------ rerun

def _digests(folder: Path, patterns: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            if path.is_file():
                # Sphinx puts each download in a folder named by a hash of its path: key by file name
                out[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _referenced(html_dir: Path, digests: dict[str, str]) -> dict[str, str]:
    """Only the files the pages link to (an incremental build leaves older, unlinked images in _images/)."""
    linked = set()
    for page in html_dir.glob("*.html"):
        linked |= {Path(unquote(urlparse(ref).path)).name for _, ref in page_links(page)}
    return {name: digest for name, digest in digests.items() if name in linked}


def test_second_make_book_executes_nothing_and_needs_no_network(built_book):
    cmd = ["make", "book"]
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
        cmd = ["unshare", "-n"] + cmd  # a network namespace with no interface: nothing can be fetched
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    assert "Executing notebook" not in out
    assert "pip install" not in out and "apt-get" not in out


def _executed_pngs(cache_dir: Path) -> dict[str, str]:
    """sha256 -> sha256 of every PNG figure in the notebooks of an execution cache (the bytes myst-nb publishes)."""
    import base64

    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    out = {}
    for record in cache.list_cache_records():
        nb = cache.get_cache_bundle(record.pk).nb
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    digest = hashlib.sha256(base64.b64decode(png)).hexdigest()
                    out[digest] = digest
    return out


def test_two_builds_give_byte_identical_figures_and_downloads(built_book, tmp_path):
    """Execute a fresh copy of this commit (every notebook again, one after another: JOBS=1) and compare its
    figures and data downloads with what the book publishes (executed in parallel, possibly in earlier runs).

    The copy is executed, not rendered: the figures Sphinx publishes are the executed notebooks' PNG bytes and
    the downloads are the files the chapters write, so the copy's execution cache and book/figdata are compared
    with the book's HTML (its images and downloads) and its book/figdata."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True).stdout.split("\0")
    copy = tmp_path / "copy"
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, copy / rel)
    assert (copy / "book").is_dir(), "git ls-files listed no chapters: this test runs in a git checkout"
    epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout
    env = {**os.environ, "KZDEP_DATA": str(copy / "data"), "SOURCE_DATE_EPOCH": epoch.strip() or "0",
           "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "kzdep" / "buildcache.py"),
                             "--book", str(copy / "book"), "--toc", str(copy / "_toc.yml"),
                             "--config", str(copy / "_config.yml"), "--out", str(copy),
                             "--cache", str(copy / "_build" / ".jupyter_cache"), "execute", "--jobs", "1"],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "on 1 worker(s)" in result.stdout + result.stderr
    # the figures: every image the book's pages show is one the fresh serial run drew, and no other
    published = _referenced(HTML, _digests(HTML, ("_images/*.png",)))
    executed = _executed_pngs(copy / "_build" / ".jupyter_cache")
    assert published and set(published.values()) == set(executed)
    # the downloads the book publishes are the files the fresh run wrote, byte for byte
    theirs = _digests(copy / "book" / "figdata", ("*.csv", "*.json", "*.zip", "data/*.csv", "data/*.json"))
    offered = _referenced(HTML, _digests(HTML, ("_downloads/*/*.csv", "_downloads/*/*.json", "_downloads/*/*.zip")))
    assert offered and {name: theirs.get(name) for name in offered} == offered
    # and book/figdata as the chapters wrote them, byte for byte
    ours = _digests(ROOT / "book" / "figdata", ("*.csv", "*.json", "*.zip", "data/*.csv", "data/*.json"))
    assert theirs and {name: ours.get(name) for name in theirs} == theirs
