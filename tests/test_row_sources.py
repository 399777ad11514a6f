"""Every download says which source gives which row (issues 15 and 17): a column ``source_id`` (or the frame's own
``source_ids`` / ``source``) whenever several sources give a download's rows."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import ROOT  # noqa: E402
from kzdep import style  # noqa: E402

# two real sources of the register (data/sources.csv)
A, B = "imf-dots-2022", "sipri-at-2022"


def test_one_source_per_row_is_written_beside_the_rows(tmp_path):
    frame = pd.DataFrame({"year": [2020, 2021], "value": [1.5, 2.0]})
    csv, meta = style.write_figure_data(frame, "t-rows", [A, B], {}, folder=tmp_path, row_sources=[A, [A, B]])
    out = pd.read_csv(csv)
    assert out["source_id"].tolist() == [A, f"{A}; {B}"]
    assert out["value"].tolist() == [1.5, 2.0]  # the data are untouched
    meta = json.loads(meta.read_text())
    assert [s["source_id"] for s in meta["sources"]] == [A, B]
    # the metadata say, column by column, where the values come from
    assert meta["column_sources"]["value"] == "the row's source, in column 'source_id'"
    assert meta["column_sources"]["source_id"].startswith("source ids of the sources register")


def test_a_download_of_several_sources_without_row_sources_stops_the_build(tmp_path):
    frame = pd.DataFrame({"year": [2020, 2021], "value": [1.5, 2.0]})
    with pytest.raises(ValueError, match=r"download 't-none': 2 sources .* no column saying which source"):
        style.write_figure_data(frame, "t-none", [A, B], {}, folder=tmp_path)
    # one source needs no column: the metadata name it
    csv, meta = style.write_figure_data(frame, "t-one", [A], {}, folder=tmp_path)
    assert list(pd.read_csv(csv).columns) == ["year", "value"]
    assert json.loads(meta.read_text())["column_sources"] == {"year": [A], "value": [A]}


def test_a_row_without_a_source_or_with_an_unlisted_one_is_named(tmp_path):
    frame = pd.DataFrame({"year": [2020, 2021], "value": [1.5, 2.0]})
    with pytest.raises(ValueError, match=r"download 't-gap', row 2: no source named"):
        style.write_figure_data(frame, "t-gap", [A, B], {}, folder=tmp_path, row_sources=[A, ""])
    with pytest.raises(ValueError, match=r"download 't-odd', row 1: source nti-emba is not among"):
        style.write_figure_data(frame, "t-odd", [A, B], {}, folder=tmp_path, row_sources=["nti-emba", A])
    with pytest.raises(ValueError, match=r"3 row sources for 2 rows"):
        style.write_figure_data(frame, "t-len", [A, B], {}, folder=tmp_path, row_sources=[A, A, B])


def test_the_frames_own_source_column_is_used_and_checked(tmp_path):
    frame = pd.DataFrame({"year": [2020, 2021], "source": [A, f"{A};{B}"]})
    csv, _ = style.write_figure_data(frame, "t-own", [A, B], {}, folder=tmp_path)
    assert pd.read_csv(csv)["source"].tolist() == [A, f"{A}; {B}"]
    # a column named as row_sources moves to source_id and leaves the shown table
    frame = pd.DataFrame({"year": [2020, 2021], "who": [B, A]})
    csv, _ = style.write_figure_data(frame, "t-col", [A, B], {}, folder=tmp_path, row_sources="who")
    assert list(pd.read_csv(csv).columns) == ["year", "source_id"]


def test_every_built_download_of_several_sources_says_which_gives_which_row(built_book):
    folder = built_book / "book" / "figdata"
    names = {p.stem for p in folder.glob("*.json")}
    expected = {n for n in style.downloads_index(ROOT / "book")["name"] if "*" not in n}
    assert expected <= names, sorted(expected - names)
    checked = 0
    for name in sorted(expected):
        meta = json.loads((folder / f"{name}.json").read_text("utf-8"))
        listed = {s["source_id"] for s in meta["sources"]}
        if len(listed) < 2:
            continue
        frame = pd.read_csv(folder / f"{name}.csv")
        column = next((c for c in style.ROW_SOURCE_COLUMNS if c in frame.columns), None)
        assert column, f"{name}: {len(listed)} sources and no column saying which gives which row"
        for i, cell in enumerate(frame[column], start=1):
            ids = [p.strip() for p in str(cell).split(";") if p.strip() and str(cell) != "nan"]
            assert ids, f"{name}, row {i}: no source"
            assert set(ids) <= listed, f"{name}, row {i}: {set(ids) - listed} not in the metadata"
        checked += 1
    assert checked >= 40, checked  # the report has dozens of multi-source downloads


def test_no_download_is_left_pending():
    assert style.ROW_SOURCES_PENDING == frozenset(), sorted(style.ROW_SOURCES_PENDING)


def test_large_counts_are_written_in_full(tmp_path):
    # Russians at the 1999 census, share x total: 30.0 % x 14,953,126 = 4,485,937.8 persons (census_ethnic.csv)
    frame = pd.DataFrame({"persons": [0.30 * 14953126], "share_pct": [30.0]})
    csv, _ = style.write_figure_data(frame, "t-big", [A], {}, folder=tmp_path)
    assert csv.read_text().splitlines()[1] == "4485937.8,30"


def test_a_table_without_sources_writes_no_download_and_the_appendix_omits_it(tmp_path):
    (tmp_path / "ch.md").write_text(
        "# Chapter\n\n```{code-cell} ipython3\n"
        'style.table(frame, name="plain", caption="Versions.")\n'
        'style.table(frame, name="sourced", source_ids=["imf-dots-2022"], caption="Shares.")\n'
        'style.table(frame, name="spread", **sourced(ids), caption="Events.")\n'
        "```\n", encoding="utf-8")
    assert list(style.downloads_index(tmp_path)["name"]) == ["sourced", "spread"]
