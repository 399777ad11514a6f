"""Each build rule at the edge of its tolerance and both ways (a rule loosened or turned one-sided must fail here).

The cross-table rules of kzdep/consistency.py are broken on a scratch copy of data/ (fixture ``scratch_data``);
expected values are worked out by hand from the rows quoted in the comments (data rows counted from 1 after the
header, as the loader's messages count them)."""

from __future__ import annotations

import pytest

from kzdep import consistency, pipelines
from test_consistency import _broken, _set

# oil_export_routes.csv, 2022 full year (first row of each route): cpc 52.2 (data row 20), atyrau_samara 8 (row 23),
# aktau_sea_total 2, kz_china 1, rail 0.4, against total_exports 64.3 (row 29). The other routes sum to 55.6.
OTHERS_2022 = 52.2 + 2 + 1 + 0.4
TOTAL_2022 = 64.3


def _split_failures(folder, tmp_path):
    return [f for f in _broken(tmp_path) if f.rule == "route-split" and f.key == "2022"]


def test_the_rows_these_tests_edit_are_the_ones_quoted():
    routes = consistency._rows("oil_export_routes")
    row = routes.set_index("row_n")
    assert (row.loc[23, "year"], row.loc[23, "route"], row.loc[23, "volume_mt"]) == (2022, "atyrau_samara", 8)
    assert (row.loc[20, "year"], row.loc[20, "route"], row.loc[20, "volume_mt"]) == (2022, "cpc", 52.2)
    assert (row.loc[29, "year"], row.loc[29, "route"], row.loc[29, "volume_mt"]) == (2022, "total_exports", 64.3)


def test_the_split_tolerance_is_two_percent():
    assert pipelines.SPLIT_TOLERANCE_PCT == 2.0


def test_routes_short_of_the_total_stop_the_build(scratch_data, tmp_path):
    # downwards: cpc 52.2 -> 40 gives 40 + 8 + 2 + 1 + 0.4 = 51.4 against 64.3: (51.4 - 64.3) / 64.3 = -20.1 %
    _set(scratch_data, "oil_export_routes.csv", "oil_export_routes", 20, "volume_mt", "40")
    (failure,) = _split_failures(scratch_data, tmp_path)
    assert "sum to 51.4 Mt, -20.1 % off the stated total 64.3 Mt" in failure.message


@pytest.mark.parametrize("atyrau, gap_pct, fails", [
    ("10.3", +2.49, True),    # 55.6 + 10.3 = 65.9: (65.9 - 64.3) / 64.3 = +2.49 %, just over 2 %
    ("9.9", +1.87, False),    # 55.6 + 9.9 = 65.5: +1.87 %, just under
    ("7.4", -2.02, True),     # 55.6 + 7.4 = 63.0: (63.0 - 64.3) / 64.3 = -2.02 %, just over, downwards
    ("7.5", -1.87, False),    # 55.6 + 7.5 = 63.1: -1.87 %, just under
])
def test_the_split_tolerance_at_its_edge(scratch_data, tmp_path, atyrau, gap_pct, fails):
    split = OTHERS_2022 + float(atyrau)
    assert round((split - TOTAL_2022) / TOTAL_2022 * 100, 2) == gap_pct
    _set(scratch_data, "oil_export_routes.csv", "oil_export_routes", 23, "volume_mt", atyrau)
    assert bool(_split_failures(scratch_data, tmp_path)) is fails


# cpc_loadings.csv data row 19 (Kommersant): 70.5 Mt in 2025, note "up 12% to 70.5"; row 16: 2024, 63.01 Mt.
@pytest.mark.parametrize("value_2024, actual_pct, fails", [
    ("62.11", 13.51, True),   # (70.5 - 62.11) / 62.11 = +13.51 %: 1.51 points above the stated +12 %
    ("62.44", 12.91, False),  # +12.91 %: 0.91 points above, within 1 point
    ("63.57", 10.90, True),   # +10.90 %: 1.10 points below
    ("63.5", 11.02, False),   # +11.02 %: 0.98 points below, within
])
def test_a_stated_change_is_held_to_one_point(scratch_data, tmp_path, value_2024, actual_pct, fails):
    assert round((70.5 - float(value_2024)) / float(value_2024) * 100, 2) == actual_pct
    _set(scratch_data, "cpc_loadings.csv", "cpc_loadings", 16, "value_mt", value_2024)
    broken = [f for f in _broken(tmp_path) if f.rule == "percent-change" and f.key == "cpc_loadings.csv row 19"]
    assert bool(broken) is fails


def test_the_rows_the_change_test_edits_are_the_ones_quoted():
    rows = consistency._rows("cpc_loadings").set_index("row_n")
    assert (rows.loc[19, "year"], rows.loc[19, "value_mt"]) == (2025, 70.5) and "up 12%" in rows.loc[19, "note"]
    assert (rows.loc[16, "year"], rows.loc[16, "value_mt"]) == (2024, 63.01)
