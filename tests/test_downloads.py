"""Downloads are data: numbers as numbers, units per column, the caption as the metadata's title (issue 15)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import ROOT
from kzdep import style


def test_formatted_numbers_are_read_back_as_numbers_with_their_unit():
    shown = pd.DataFrame({
        "route": ["CPC", "Atyrau-Samara", "rail"],
        "kt": ["2,719", "–", "6,759"],                 # thousands separators, a dash for none
        "share": ["6.0 %", "0.8 %", ""],
        "rent": ["US$ 115 m", "US$ 150 m", "–"],
        "mixed": ["2.4 % of TIV", "1", "2"],          # prose: stays text
        "value": [1.5, 2.0, 3.0],
    })
    data, units = style.as_data(shown, {"kt": "thousand tonnes"})
    assert data["kt"].tolist() == [2719.0, pd.NA, 6759.0]
    assert data["share"].tolist() == [6.0, 0.8, pd.NA]
    assert data["rent"].tolist() == [115.0, 150.0, pd.NA]
    assert data["route"].tolist() == ["CPC", "Atyrau-Samara", "rail"]
    assert data["mixed"].tolist() == ["2.4 % of TIV", "1", "2"]
    assert units == {"kt": "thousand tonnes", "share": "percent", "rent": "US$ m"}


def test_a_column_mixing_units_stays_text():
    data, units = style.as_data(pd.DataFrame({"x": ["5 %", "US$ 3 m"]}))
    assert data["x"].tolist() == ["5 %", "US$ 3 m"] and units == {}


def test_negative_and_unicode_minus():
    data, _ = style.as_data(pd.DataFrame({"balance": ["-7,419", "−6,640"]}))
    assert data["balance"].tolist() == [-7419.0, -6640.0]


def test_download_written_as_numbers_with_title_and_units(tmp_path):
    frame = pd.DataFrame({"year": [2022, 2023], "share": ["93.6 %", "–"]})
    csv_path, meta_path = style.write_figure_data(frame, "x", ["imf-dots-2022"], {}, title="A caption.",
                                                  folder=tmp_path)
    assert csv_path.read_text(encoding="utf-8") == "year,share\n2022,93.6\n2023,\n"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    assert meta["title"] == "A caption." and meta["columns"] == {"year": "", "share": "percent"}


def test_caption_is_found_in_the_chapter_that_publishes_the_figure(tmp_path):
    (tmp_path / "ch.md").write_text(
        "# A\n\n```{code-cell} ipython3\n---\ntags: [hide-input]\nmystnb:\n  figure:\n    caption: \"Shares, "
        "1995-2020.\"\n    name: fig-a\n---\nstyle.publish(fig, frame, name=\"a-shares\", source_ids=[])\n```\n",
        encoding="utf-8")
    assert style.caption_of("a-shares", tmp_path) == "Shares, 1995-2020."
    assert style.caption_of("b-shares", tmp_path) == ""


@pytest.mark.parametrize("name", ["trade-partner-shares"])
def test_real_chapter_caption_lookup(name):
    assert style.caption_of(name, ROOT / "book").startswith("Shares of Kazakhstan's exports")
