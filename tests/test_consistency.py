"""Cross-table rules (kzdep/consistency.py): each holds on the current data (known exceptions apart) and each is
broken on purpose on a scratch copy of data/ (``$KZDEP_DATA``, fixture ``scratch_data``). Expected values are worked
out by hand from the CSV rows quoted in the comments."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from conftest import rehash_resource
from kzdep import consistency, data


def _set(folder, rel, name, row, column, value):
    """Set one cell (data row ``row``, 1-based) of ``rel`` with the csv module's quoting, and re-pin the package."""
    path = folder / rel
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    rehash_resource(folder, name)


def _broken(figdata=None):
    broken, _ = consistency.split(consistency.check(figdata))
    return broken


def _rules(failures):
    return {f.rule for f in failures}


# ------------------------------------------------------------------------------------------------ the current data

def test_current_data_pass_apart_from_the_known_exceptions(tmp_path):
    # an empty figdata folder: the chapter rule has nothing to read here (tested below)
    assert _broken(tmp_path) == []


def test_every_known_exception_is_still_needed(tmp_path):
    # an entry that no longer matches a failure is stale: the lead removes it when the owning branch fixes the data
    failures = {(f.rule, f.key) for f in consistency.check(tmp_path)}
    stale = [key for key in consistency.KNOWN_EXCEPTIONS if key[0] != "chapter-verdict" and key not in failures]
    assert stale == []


def test_route_split_2022_adds_up(tmp_path):
    # oil_export_routes.csv 2022, first row of each route: cpc 52.2 (row 20), atyrau_samara 8, aktau_sea_total 2,
    # kz_china 1, rail 0.4 -> 63.6 against total_exports 64.3: (63.6 - 64.3) / 64.3 = -1.09 %, within 2 %
    routes = consistency._rows("oil_export_routes")
    assert [f for f in consistency.route_split(routes) if f.key == "2022"] == []
    # 2023 gives cpc 56, aktau 3.376 and kz_china 1.209 but no Atyrau-Samara: not a full split, so no shares are
    # drawn from it and the rule does not apply; the pipelines chapter shows it as incomplete
    assert [f for f in consistency.route_split(routes) if f.key == "2023"] == []
    from kzdep import pipelines

    status = pipelines.split_status(data.load("oil_export_routes")).set_index(["year", "period"])
    assert status.loc[(2023, "full_year"), "status"] == "incomplete"
    assert "atyrau_samara" in status.loc[(2023, "full_year"), "missing"]


# ------------------------------------------------------------------------------------------------ broken on purpose

def test_route_split_broken(scratch_data, tmp_path):
    # 2022 atyrau_samara (data row 23) 8 -> 20: 52.2 + 20 + 2 + 1 + 0.4 = 75.6 against 64.3: +17.6 %
    _set(scratch_data, "oil_export_routes.csv", "oil_export_routes", 23, "volume_mt", "20")
    (failure,) = [f for f in _broken(tmp_path) if f.rule == "route-split"]
    assert failure.key == "2022"
    assert "sum to 75.6 Mt, +17.6 % off the stated total 64.3 Mt (row 29)" in failure.message
    assert "atyrau_samara 20 (row 23)" in failure.message


def test_aktau_parts_broken(scratch_data, tmp_path):
    # 2023 aktau_makhachkala (data row 35) 1.984 -> 3: aktau_btc 1.392 (first row) + 3 = 4.392 > 3.376 x 1.05
    _set(scratch_data, "oil_export_routes.csv", "oil_export_routes", 35, "volume_mt", "3")
    broken = [f for f in _broken(tmp_path) if f.rule == "route-split"]
    assert any("Aktau parts aktau_btc + aktau_makhachkala = 4.392 Mt exceed the Aktau total 3.376 Mt" in f.message
               for f in broken)


def test_cpc_above_loadings_broken(scratch_data, tmp_path):
    # cpc_loadings.csv data row 13: 2022 kazakh_oil 52.2 (zonebourse) -> 60, above the 2022 total_loadings 58.7
    _set(scratch_data, "cpc_loadings.csv", "cpc_loadings", 13, "value_mt", "60")
    broken = [f for f in _broken(tmp_path) if f.rule == "cpc-kazakh-vs-loadings"]
    assert [f.key for f in broken] == ["cpc_loadings.csv row 13"]
    assert "in 2022, 60 Mt, exceeds CPC total loadings 58.7" in broken[0].message


def test_stated_changes_are_read():
    assert consistency.stated_changes("2023, down 3.7% y/y") == [-3.7]
    assert consistency.stated_changes("Jan-May 2023 turnover, +11.1% y/y") == [11.1]
    assert consistency.stated_changes("loadings up 12% to 70.5 Mt") == [12.0]
    assert consistency.stated_changes("Tengiz 36.6, Karachaganak 9.2") == []


def test_percent_change_broken(scratch_data, tmp_path):
    # cpc_loadings.csv data row 19 (kommersant): 70.5 in 2025 'up 12% to 70.5' on 63.01 in 2024 (row 16): +11.89 %,
    # holds. Make 2024 (row 16) 50: (70.5 - 50) / 50 = +41.0 % against the stated +12 %
    _set(scratch_data, "cpc_loadings.csv", "cpc_loadings", 16, "value_mt", "50")
    broken = [f for f in _broken(tmp_path) if f.rule == "percent-change"]
    assert [f.key for f in broken] == ["cpc_loadings.csv row 19"]
    assert "70.5 is +41.0 % on 2024 (50, row 16), the note states +12 %" in broken[0].message


def test_forecast_as_outcome_broken(scratch_data, tmp_path):
    # oil_official.csv data row 2 (2008 exports 62.8): call it a forecast in its note
    _set(scratch_data, "oil_official.csv", "oil_official", 2, "note", "Ministry forecast of 2008 exports")
    broken = [f for f in _broken(tmp_path) if f.rule == "forecast-as-outcome"]
    assert [f.key for f in broken] == ["oil_official.csv row 2"]
    assert "its note says 'forecast'" in broken[0].message and "onkz-2009-exports-2008" in broken[0].message


def test_forecast_for_the_whole_year_in_a_part_year_row_is_not_a_failure():
    frame = pd.DataFrame({"year": [2025], "period": ["jan_aug"], "note": ["0.9 Mt; expected 1.2 Mt for full year"],
                          "source_id": ["x"], "row_n": [1]})
    assert consistency.forecasts_as_outcomes({"oil_export_routes": frame}) == []


def test_duplicate_event_broken(scratch_data, tmp_path):
    # events.csv: restore the removed duplicate of the Customs Code (2010-07-01, trade) as a new last row
    path = scratch_data / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "2010-07-01,trade,Customs Code of the Customs Union enters into force,"
                           "bbc-2010-belarus-joins-customs-union,\n", encoding="utf-8")
    rehash_resource(scratch_data, "events")
    n_rows = text.count("\n")  # header + data rows; the new row's number equals the old line count
    broken = [f for f in _broken(tmp_path) if f.rule == "duplicate-event"]
    assert [f.key for f in broken] == [f"events.csv row {n_rows}"]
    assert "same date and lever as row 20" in broken[0].message


def test_chapter_verdict_broken(tmp_path):
    figdata = tmp_path / "figdata"
    figdata.mkdir()
    agreeing = pd.DataFrame({"Claim": ['Russia sent "about 3,000 troops" (Defence Today)',
                                       'Baikonur rented for "$115 million per year" (Olivium)',
                                       'New equipment from "France, Germany, and Turkey" (Defence Today)'],
                             "Verdict": ["not supported", "supported", "true but marginal"]})
    agreeing.to_csv(figdata / "security-claims.csv", index=False)
    assert [f for f in _broken(figdata) if f.rule == "chapter-verdict"] == []
    # the register says C44 is contradicted; a chapter calling it supported is refused, naming the claim
    agreeing.loc[0, "Verdict"] = "supported"
    agreeing.to_csv(figdata / "security-claims.csv", index=False)
    (failure,) = [f for f in _broken(figdata) if f.rule == "chapter-verdict"]
    assert failure.key == "C44"
    assert "book/figdata/security-claims.csv row 1 says 'supported'" in failure.message
    assert "says 'contradicted'" in failure.message


def test_chapter_verdict_c64_agrees_and_is_no_longer_excused(tmp_path):
    figdata = tmp_path / "figdata"
    figdata.mkdir()
    claim = ['Kazakhstan "has increased its defense spending" (Defence Today)']
    # claims.csv C64: partly_supported; the chapter's table now says "partly supported": no failure
    pd.DataFrame({"Claim": claim, "Verdict": ["partly supported"]}).to_csv(figdata / "security-claims.csv",
                                                                           index=False)
    assert [f for f in consistency.check(figdata) if f.rule == "chapter-verdict"] == []
    # the old wording maps to 'contradicted' and is refused: C64 is no longer in KNOWN_EXCEPTIONS
    pd.DataFrame({"Claim": claim, "Verdict": ["not supported as a share of GDP"]}).to_csv(
        figdata / "security-claims.csv", index=False)
    failures = [f for f in consistency.check(figdata) if f.rule == "chapter-verdict"]
    assert [f.key for f in failures] == ["C64"]
    assert consistency.split(failures)[0] == failures


def test_forecast_labelled_in_basis_is_not_a_failure():
    # oil_official.csv: '2021,production,85.7,forecast,...' and '2021,exports,67.6,preliminary,...' carry words
    # of expectation in their notes, but say what they are in the basis column; an unlabelled one fails
    frame = pd.DataFrame({"year": [2021, 2021, 2021], "basis": ["forecast", "preliminary", "stated"],
                          "note": ["expected to reach 85.7 Mt", "stated before year end", "expected to reach 1"],
                          "source_id": ["x", "x", "x"], "row_n": [1, 2, 3]})
    failures = consistency.forecasts_as_outcomes({"oil_official": frame})
    assert [f.key for f in failures] == ["oil_official.csv row 3"]


def test_main_exit_status(scratch_data, capsys):
    assert consistency.main() == 0
    assert "all cross-table rules hold" in capsys.readouterr().out
    _set(scratch_data, "cpc_loadings.csv", "cpc_loadings", 13, "value_mt", "60")
    assert consistency.main() == 1
    err = capsys.readouterr().err
    assert "BROKEN: [cpc-kazakh-vs-loadings] cpc_loadings.csv row 13" in err and "the book is not built" in err


def test_an_invalid_table_stops_the_rules_with_the_loaders_message(scratch_data, capsys):
    # events.csv row 1 date made invalid: the rules cannot run, and the message names file, column and row
    _set(scratch_data, "events.csv", "events", 1, "date", "16/12/1991")
    assert consistency.main() == 1
    assert "data/events.csv, column 'date', row 1" in capsys.readouterr().err
