"""Each figure and table gives its source once, in its caption; downloads in the HTML, the data appendix in the PDF
(issue 15, first point)."""

from __future__ import annotations

import json
import re
import subprocess

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from conftest import ROOT  # noqa: E402
from kzdep import data, style  # noqa: E402

BOOK = ROOT / "book"
CELL = re.compile(r"```\{code-cell\}[^\n]*\n---\n(.*?)\n---\n(.*?)```", flags=re.S)


# how captions name the publishers of the register that they abbreviate
SHORT = {"International Monetary Fund": "IMF", "Stockholm International Peace Research Institute": "SIPRI",
         "European Central Bank": "ECB", "Bureau of National Statistics of the Republic of Kazakhstan":
         "Bureau of National Statistics"}


def figure_cells():
    """(chapter, caption, cell source) of every code cell with a figure caption in book/*.md."""
    for chapter in sorted(BOOK.glob("*.md")):
        for meta, code in CELL.findall(chapter.read_text("utf-8")):
            figure = ((yaml.safe_load(meta) or {}).get("mystnb") or {}).get("figure")
            if figure:
                yield chapter.name, " ".join(str(figure.get("caption", "")).split()), code


def test_publish_draws_no_text_into_the_figure(tmp_path, monkeypatch):
    monkeypatch.setattr(style, "FIGDATA", tmp_path)
    fig, ax = style.figure()
    ax.plot([2020, 2021], [1.0, 2.0])
    drawn = []
    monkeypatch.setattr(style.plt, "close", lambda f: drawn.append([t.get_text() for t in f.texts]))
    style.publish(fig, pd.DataFrame({"year": [2020, 2021], "v": [1.0, 2.0]}), name="tiny",
                  source_ids=["imf-dots-2022"], units={"v": "percent"})
    assert drawn == [[]], f"text drawn into the figure: {drawn}"
    assert (tmp_path / "tiny.csv").read_text("utf-8") == "year,v\n2020,1\n2021,2\n"
    style.plt.close(fig)


def test_every_figure_caption_has_exactly_one_source_sentence():
    cells = list(figure_cells())
    assert len(cells) > 30  # every chapter's figures were found (37 figures when this test was written)
    checked = 0
    for chapter, caption, code in cells:
        if "style.publish(" not in code:
            continue
        assert caption.count("Source:") == 1, f"{chapter}: caption {caption[:70]!r}... needs one 'Source:'"
        assert "Sources:" not in caption, f"{chapter}: {caption[:70]!r}"
        checked += 1
    assert checked > 30, checked  # 36 of 36 figure cells publish today: the check is not skipped on every cell


def test_a_caption_that_names_one_publisher_names_the_one_in_source_ids():
    # the figures whose ids are literal lists: each publisher named in the register appears in the caption
    checked = 0
    for chapter, caption, code in figure_cells():
        match = re.search(r"style\.publish\(.*?source_ids=(\[[^\]]*\])", code, flags=re.S)
        if not match or not re.fullmatch(r"\[(\s*\"[^\"]+\",?\s*)+\]", match.group(1)):
            continue
        ids = re.findall(r'"([^"]+)"', match.group(1))
        for source_id in ids:
            publisher = data.source(source_id)["publisher"]
            short = SHORT.get(publisher, re.split(r"[ (]", publisher)[0])
            assert short.lower() in caption.split("Source:")[1].lower(), f"{chapter}: {publisher} not in {caption!r}"
        checked += 1
    assert checked >= 8


def test_data_note_has_no_download_string_outside_the_html_block():
    text = style.data_note_markdown("trade-hhi", BOOK)
    html = re.search(r":::\{only\} html\n(.*?)\n:::", text, flags=re.S)
    latex = re.search(r":::\{only\} latex\n(.*?)\n:::", text, flags=re.S)
    assert html and latex
    assert "{download}`Download the data (CSV) <figdata/trade-hhi.csv>`" in html.group(1)
    assert "<figdata/trade-hhi.json>" in html.group(1)
    outside = text.replace(html.group(0), "")
    assert "{download}" not in outside and "Download" not in outside and "metadata" not in outside
    assert "Source" not in outside
    assert latex.group(1) == "Data: `trade-hhi` in {doc}`downloads`."
    # a book without the appendix (a test's one-page book) is told in words: no reference that cannot resolve
    assert "Data: `trade-hhi` in the data appendix." in style.data_note_markdown("trade-hhi", BOOK / "figdata")


def test_a_captioned_table_carries_its_computed_source_line_in_its_caption(tmp_path, monkeypatch):
    monkeypatch.setattr(style, "FIGDATA", tmp_path)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj.data))
    frame = pd.DataFrame({"year": [2019, 2020], "share": [10.5, 11.0]})
    style.table(frame, name="t-shares", source_ids=["imf-dots-2022", "sipri-at-2022"], caption="Shares, percent",
                note="2010 is a break", row_sources=["imf-dots-2022", "sipri-at-2022"])
    text = shown[0]
    # the register's rows: imf-dots-2022 -> International Monetary Fund, 2022; sipri-at-2022 -> SIPRI, 2022
    imf, sipri = data.source("imf-dots-2022"), data.source("sipri-at-2022")
    expected = (f"Shares, percent. Source: {imf['publisher']} ({imf['year']}); {sipri['publisher']} "
                f"({sipri['year']}). 2010 is a break.")
    assert text.splitlines()[0] == "::::{table} " + expected
    assert text.count("Source:") == 1
    below = text.split("\n::::", 1)[1]
    assert re.fullmatch(r"\s*:::\{only\} html\n\{download\}`Download the data \(CSV\) <figdata/t-shares\.csv>` · "
                        r"\{download\}`its metadata \(JSON\) <figdata/t-shares\.json>`\n:::\s*", below), below
    shown.clear()
    style.long_table(frame.astype(str), frame, name="t-long", source_ids=["imf-dots-2022"], caption="Long one.")
    assert shown[0].splitlines()[0] == f":::{{list-table}} Long one. Source: {imf['publisher']} ({imf['year']})."
    assert shown[0].count("Source:") == 1


def test_downloads_index_reads_names_and_captions_from_the_sources(tmp_path):
    (tmp_path / "ch.md").write_text(
        "# Chapter A\n\n```{code-cell} ipython3\n---\ntags: [hide-input]\nmystnb:\n  figure:\n    caption: \"Shares. "
        "Source: X.\"\n    name: fig-a\n---\nstyle.publish(fig, frame, name=\"a-shares\", source_ids=[])\n```\n\n"
        "```{code-cell} ipython3\n:tags: [remove-input]\nfor k in range(2):\n"
        "    style.table(t, name=f\"a-loop-{k + 1}\", source_ids=ids, caption=f\"Loop {k}\")\n"
        "style.long_table(s, d, name=\"a-long\", source_ids=ids, caption=\"Long list\")\n"
        "style.table(t)\n```\n\n"
        "```{code-cell} ipython3\ndef helper(frame, name):\n    style.write_figure_data(frame, name, [], {})\n\n"
        "helper(t, \"a-helper\")\nsummary.show_captioned_table(s, d, \"Both\", \"a-both\", \"tbl-a-both\", ids)\n"
        "text = \"```\"\n```\n", encoding="utf-8")
    index = style.downloads_index(tmp_path)
    assert index[["chapter_title", "kind", "name", "title"]].values.tolist() == [
        ["Chapter A", "figure", "a-shares", "Shares. Source: X."],
        ["Chapter A", "table", "a-loop-*", "Loop *"],
        ["Chapter A", "table", "a-long", "Long list"],
        ["Chapter A", "table", "a-helper", ""],
        ["Chapter A", "table", "a-both", "Both"],
    ]


def test_the_appendix_lists_every_named_download_of_the_chapters():
    index = style.downloads_index(BOOK)
    called = set()
    for chapter in BOOK.glob("*.md"):
        for match in re.finditer(r"style\.(?:publish|table|long_table)\((?:[^()]|\([^()]*\))*?name=(f?)\"([^\"]+)\"",
                                 chapter.read_text("utf-8"), flags=re.S):
            called.add(re.sub(r"\{[^}]*\}", "*", match.group(2)))
    assert len(called) > 60
    # a table without sources writes no download and is not listed (the status page's package versions)
    assert "status-packages" in called and "status-packages" not in set(index["name"])
    called.discard("status-packages")
    assert called <= set(index["name"]), sorted(called - set(index["name"]))
    # downloads written by other calls: a chapter's helper (data.md's tier_table), write_figure_data itself
    # (pipelines.md's scenario table), the summary's captioned tables
    assert {"data-tiers-by-dataset", "data-rows-by-source", "pipelines-scenario-table",
            "summary-then-now", "summary-both"} <= set(index["name"])
    figures = index[index["kind"] == "figure"]
    assert (figures["title"] != "").all(), figures[figures["title"] == ""]["name"].tolist()
    page = (BOOK / "downloads.md").read_text("utf-8")
    assert "style.downloads_index(" in page and "style.downloads_table(" in page
    assert "downloads" in (ROOT / "_toc.yml").read_text("utf-8")


def test_built_appendix_and_pdf_give_each_source_once(built_book):
    html = (built_book / "_build" / "html" / "downloads.html").read_text("utf-8")
    for name in style.downloads_index(BOOK)["name"]:
        if "*" not in name:
            assert f">{name} (.csv, .json)<" in html, name
    pdf = built_book / "_build" / "latex" / "report.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Download the data" not in text and "its metadata (JSON)" not in text
    # each figure's source sentence is printed once, in its caption (the image holds none, and no note repeats it)
    pages = [" ".join(p.split()) for p in text.split("\f")]
    for name, caption, source, alone in [
            ("trade-hhi", "trade by partner country (Herfindahl-Hirschman index",
             "Source: IMF DOTS; calculations by the report.", True),
            ("security-arms-imports", "imports of major arms by year, from Russia",
             "Source: SIPRI Arms Transfers Database.", False)]:
        page = next(p for p in pages if caption in p and "Fig. " in p)
        assert page.count(source) == 1, page
        assert f"Data: {name} in Data appendix" in page, page
        if alone:  # the page holds this figure and prose only: one 'Source:' in all
            assert page.count("Source:") == 1 and len(re.findall(r"Fig\. \d+\.\d+:", page)) == 1, page


def test_a_figure_whose_text_would_print_too_small_stops_the_build():
    # a figure prints at min(1, 6.27 in / its tight width) of its size; 9 in wide, it is scaled down
    fig, ax = style.figure(figsize=(9.0, 3.0))
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=6.5)
    with pytest.raises(ValueError, match=r"figure 'f-small': .* below 6 pt .* '0\.0' at 5\.\d pt"):
        style.check_readable(fig, "f-small")
    ax.tick_params(labelsize=9)
    style.check_readable(fig, "f-small")
    smallest, _ = style.printed_text_sizes(fig)[0]
    assert 6.0 < smallest < 9.0  # scaled down, not below the minimum


def test_a_narrow_figure_is_not_scaled_up():
    fig, ax = style.figure(figsize=(3.0, 2.0))
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=6.5)
    assert all(abs(size - 6.5) < 1e-9 for size, text in style.printed_text_sizes(fig) if text in ("0.0", "1.0"))


def test_a_figure_too_tall_for_its_caption_stops_the_build():
    # 7 in wide and 11 in tall prints more than 8 in tall at the text width: no room for the caption on an A4 page
    fig, ax = style.figure(figsize=(7.0, 11.0))
    ax.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match=r"figure 'f-tall' would print \d+\.\d in tall .*\(at most 8 in"):
        style.check_readable(fig, "f-tall")
    fig.set_size_inches(7.0, 7.0)
    style.check_readable(fig, "f-tall")
    width, height = style.printed_size_in(fig)
    assert width <= style.TEXTWIDTH_IN + 1e-9 and height < 8.0
