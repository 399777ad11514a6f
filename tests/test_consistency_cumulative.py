"""The build-time rule ``cpc-cumulative`` (kzdep/consistency.py): holds on the current data and is broken on purpose
on a scratch copy of data/ (fixture ``scratch_data``), both ways it can fail. Values worked out by hand from the rows
quoted in the comments."""

from __future__ import annotations

import pandas as pd

from kzdep import consistency, data
from test_consistency import _broken, _set

MILESTONE = "cpc_cumulative_loadings_2001_to_2025-10-03"


def _row(name, **match):
    """The 1-based data row of ``name`` whose columns equal ``match`` (found, not typed: rows move when branches
    append to a table)."""
    frame = data.load(name).reset_index(drop=True)
    hit = frame.index[(frame[list(match)] == pd.Series(match)).all(axis=1)]
    assert len(hit) == 1, f"{name} {match}: {len(hit)} rows"
    return int(hit[0]) + 1


def test_cumulative_rule_holds_on_the_data(tmp_path):
    assert [f for f in _broken(tmp_path) if f.rule == "cpc-cumulative"] == []
    assert consistency.cpc_cumulative(consistency._rows("cpc_loadings"), consistency._rows("parameters")) == []


def test_cumulative_rule_broken_by_the_known_years(scratch_data, tmp_path):
    # parameters.csv "cpc_cumulative_loadings_2001_to_2025-10-03,1000": the milestone 1000 -> 430: the known years
    # 2001-2024 (436.91956 Mt) are 1.6 % above it, beyond the 1 % tolerance
    row = _row("parameters", parameter=MILESTONE)
    _set(scratch_data, "parameters.csv", "parameters", row, "value", "430")
    (failure,) = [f for f in _broken(tmp_path) if f.rule == "cpc-cumulative"]
    assert failure.key == MILESTONE
    assert f"parameters.csv row {row}" in failure.message
    assert "sum to 436.92 Mt, above CPC's cumulative 430 Mt to 2025-10-03" in failure.message


def test_cumulative_rule_broken_by_a_yearly_total(scratch_data, tmp_path):
    # cpc_loadings.csv "2018,total_loadings,61.08" -> 200 and "2019,total_loadings,63.3" -> 200, with the milestone
    # at 580: known 436.91956 - 61.08 - 63.3 + 400 = 712.53956 Mt, above 580 x 1.01 = 585.8
    _set(scratch_data, "parameters.csv", "parameters", _row("parameters", parameter=MILESTONE), "value", "580")
    assert [f for f in _broken(tmp_path) if f.rule == "cpc-cumulative"] == []  # 436.92 <= 580 holds
    for year, value in ((2018, 61.08), (2019, 63.3)):
        row = _row("cpc_loadings", year=year, measure="total_loadings", value_mt=value)
        _set(scratch_data, "cpc_loadings.csv", "cpc_loadings", row, "value_mt", "200")
    (failure,) = [f for f in _broken(tmp_path) if f.rule == "cpc-cumulative"]
    assert "sum to 712.54 Mt, above CPC's cumulative 580 Mt" in failure.message


def test_cumulative_rule_broken_by_the_cumulative(scratch_data, tmp_path):
    # parameters.csv: the milestone 1000 -> 10000 (a misplaced digit): it leaves 10000 - 436.91956 = 9,563.08 Mt
    # for 16 missing years and 275/365 of 2025, at most 70.52 x (16 + 275/365) = 1,181.45 Mt
    _set(scratch_data, "parameters.csv", "parameters", _row("parameters", parameter=MILESTONE), "value", "10000")
    (failure,) = [f for f in _broken(tmp_path) if f.rule == "cpc-cumulative"]
    assert "leaves 9563.08 Mt for the 16 years without a figure and part of 2025, more than 1181.45 Mt" in \
        failure.message
