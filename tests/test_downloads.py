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


def _written(folder, name, title, frame, units):
    style.write_figure_data(frame, name, ["ecb-eurofxref-2024"], units, title=title, folder=folder)


def test_the_appendix_describes_each_file_from_its_metadata(tmp_path):
    frame = pd.DataFrame({"year": [2019, 2020, 2021], "usd_per_eur": [1.1195, 1.1422, 1.1827]})
    _written(tmp_path, "rates-a", "Euro rates, first table. More words.", frame, {"usd_per_eur": "US$ per euro"})
    _written(tmp_path, "rates-b", "Euro rates, second table.", frame.head(1), {"usd_per_eur": "US$ per euro"})
    index = pd.DataFrame({"chapter": ["trade"], "chapter_title": ["Trade"], "kind": ["table"],
                          "name": ["rates-*"], "title": [""]})
    rows = style.appendix_rows(index, tmp_path)
    # the pattern names two files; each is described from its own metadata, nothing left as '*'
    assert list(rows["name"]) == ["rates-a", "rates-b"]
    assert list(rows["what"]) == ["Euro rates, first table.", "Euro rates, second table."]
    assert list(rows["period"]) == ["2019-2021", "2019"]
    assert rows["units"].iloc[0] == "US$ per euro"
    assert rows["sources"].iloc[0] == ["European Central Bank"]
    table = style.downloads_table(index, tmp_path)
    assert "rates-*" not in table and "without a caption" not in table and "rates-b (.csv, .json)" in table


def test_the_appendix_refuses_a_download_that_was_not_written(tmp_path):
    index = pd.DataFrame({"chapter": ["trade"], "chapter_title": ["Trade"], "kind": ["figure"],
                          "name": ["never-written"], "title": ["A caption."]})
    with pytest.raises(FileNotFoundError, match="never-written"):
        style.appendix_rows(index, tmp_path)


SIX = ["bns-foreign-trade-2023", "bp-sr-2021", "ecb-eurofxref-2024", "ei-sr-2024", "eurostat-comext-annual-2024",
       "imf-dots-2022"]  # six publishers: more than a caption names


def test_a_table_of_many_sources_names_them_by_row(tmp_path, monkeypatch, capsys):
    from IPython.display import Markdown

    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    monkeypatch.setattr(style, "FIGDATA", tmp_path)
    frame = pd.DataFrame({"what": list("abcdef"), "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "source_id": SIX})
    style.table(frame, name="six", source_ids=SIX, caption="Six values.", row_sources="source_id")
    text = shown[0].data if isinstance(shown[0], Markdown) else str(shown[0])
    assert "Six values. Sources: by row" in text and "International Monetary Fund" not in text
    assert "| Source" in text and "{cite:t}`imf-dots-2022`" in text
    # the download keeps each row's source id, as data
    assert list(pd.read_csv(tmp_path / "six.csv")["source_id"]) == SIX
    # four publishers or fewer: named in the caption, no Source column
    shown.clear()
    style.table(frame.head(2), name="two", source_ids=SIX[:2], caption="Two values.", row_sources="source_id")
    text = shown[0].data
    assert "Source: Bureau of National Statistics" in text and "| Source" not in text


def test_a_source_cell_cites_at_most_two_and_counts_the_rest():
    assert style.source_cell("a; b") == "{cite:t}`a,b`"
    assert style.source_cell(["a", "b", "c", "d"]) == "{cite:t}`a,b` and 2 more (in the download)"


# ---------------------------------------------------------------------------------------------------------------
# every country in a download by its ISO 3166-1 code too (issue #23: every country in every table by its code)

def test_a_column_of_country_names_gains_its_codes():
    # data/countries.csv: scheme iso, Russian Federation -> RUS; scheme imf, "China, P.R.: Mainland" -> CHN; the
    # IMF's "World" is an aggregate with no code
    frame = pd.DataFrame({"year": [2020, 2020, 2020], "partner": ["Russian Federation", "China, P.R.: Mainland",
                                                                  "World"], "value": [1.0, 2.0, 3.0]})
    out, units = style.with_country_codes(frame, {"value": "US$ million"})
    assert list(out.columns) == ["year", "partner", "partner_iso3", "value"]
    assert out["partner_iso3"].tolist() == ["RUS", "CHN", ""]
    assert units["partner_iso3"].startswith("ISO 3166-1 alpha-3")


def test_columns_that_are_not_countries_gain_nothing():
    frame = pd.DataFrame({"flow": ["imports", "exports"], "partner": ["World", "Africa"], "source_id": ["a", "b"],
                          "route": ["Russian Federation", "CPC (Tengiz-Novorossiysk)"]})
    out, _ = style.with_country_codes(frame, {})
    # flow: no country names; partner: aggregates and regions only; route: one name the table does not know
    assert list(out.columns) == list(frame.columns)


def test_a_download_with_its_own_codes_is_left_as_is():
    frame = pd.DataFrame({"iso3": ["KAZ"], "country": ["Kazakhstan"]})
    out, _ = style.with_country_codes(frame, {})
    assert list(out.columns) == ["iso3", "country"]


def test_built_downloads_carry_codes(built_book):
    # book/figdata/trade-bns-shares.csv: the group column holds Russia and China (the bureau's partners in English)
    shares = pd.read_csv(built_book / "book" / "figdata" / "trade-bns-shares.csv", keep_default_na=False)
    assert dict(zip(shares["group"], shares["group_iso3"])) == {"Russia": "RUS", "China": "CHN"}
    meta = json.loads((built_book / "book" / "figdata" / "trade-bns-shares.json").read_text(encoding="utf-8"))
    assert meta["columns"]["group_iso3"].startswith("ISO 3166-1")
