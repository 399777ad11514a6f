"""The dependence index (kzdep.index): its rules, each tested both ways, and its sensitivity analysis.

The hand-worked example: one lever ('trade'), years 2000-2002, three shares in percent with fixed goalposts 0-100:
    x (+1): 10, 20, 40  -> 0.10, 0.20, 0.40
    y (+1): 50, 30, 60  -> 0.50, 0.30, 0.60
    z (-1): 80, 90, 70  -> 1 - 0.80, 1 - 0.90, 1 - 0.70 = 0.20, 0.10, 0.30
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kzdep import index, style, summary

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id", "series",
           "note"]


def rows(lever: str, name: str, direction: int, values: dict, unit: str = "percent", note: str = "") -> list:
    return [[lever, name, name, year, float(v), unit, direction, "official", "s", "a", note]
            for year, v in values.items()]


def example(drop: list[tuple[str, int]] | None = None, extra: list | None = None) -> pd.DataFrame:
    values = {"x": (1, [10, 20, 40]), "y": (1, [50, 30, 60]), "z": (-1, [80, 90, 70])}
    out = []
    for name, (direction, series) in values.items():
        out += [r for r in rows("trade", name, direction, dict(zip((2000, 2001, 2002), series)))
                if not (drop and (name, r[3]) in drop)]
    return pd.DataFrame(out + (extra or []), columns=COLUMNS)


def test_goalposts_normalisation_by_hand():
    p = index.prepare(example())
    assert p.norm["x"].tolist() == pytest.approx([0.10, 0.20, 0.40])
    assert p.norm["y"].tolist() == pytest.approx([0.50, 0.30, 0.60])
    assert p.norm["z"].tolist() == pytest.approx([0.20, 0.10, 0.30])  # direction -1: 1 - share


def test_arithmetic_and_geometric_index_by_hand():
    ix = index.compute_index(example(), "arithmetic")
    # 2000: (0.1 + 0.5 + 0.2) / 3 = 0.26667 -> 26.667; 2001: 0.6 / 3 = 20; 2002: 1.3 / 3 = 43.333
    assert ix["trade"].tolist() == pytest.approx([80 / 3, 20.0, 130 / 3])
    assert ix["overall"].tolist() == pytest.approx(ix["trade"].tolist())  # one lever: overall = the lever
    geo = index.compute_index(example(), "geometric")
    # 2000: ((0.2 * 0.6 * 0.3) ** (1/3) - 0.1) * 100 = (0.036 ** (1/3) - 0.1) * 100 = (0.330193 - 0.1) * 100
    assert geo.loc[2000, "trade"] == pytest.approx(23.0193, abs=1e-3)
    assert (geo["trade"] <= ix["trade"] + 1e-9).all()


def test_changing_a_weight_changes_the_index_as_by_hand():
    ix = index.compute_index(example(), weights={"x": 2.0})
    # weights 2, 1, 1: 2000: (0.2 + 0.5 + 0.2) / 4 = 0.225 -> 22.5
    assert ix.loc[2000, "trade"] == pytest.approx(22.5)
    with pytest.raises(KeyError, match="does not count"):
        index.compute_index(example(), weights={"no_such_indicator": 1.0})


def test_a_single_year_indicator_is_excluded_not_set_to_a_midpoint():
    single = rows("trade", "w", 1, {2001: 99.0})
    p = index.prepare(example(extra=single))
    decision = p.decisions.set_index("indicator").loc["w"]
    assert decision["status"] == "excluded" and "1 year of observations, fewer than 3" in decision["reason"]
    assert "w" not in p.wide.columns
    # the index is exactly the one without it (no 0.5 slipped in)
    pd.testing.assert_frame_equal(index.compute_index(example(extra=single)), index.compute_index(example()))


def test_minimum_years_edge():
    two = rows("trade", "w", 1, {2000: 10.0, 2002: 20.0})
    three = rows("trade", "w", 1, {2000: 10.0, 2001: 15.0, 2002: 20.0})
    assert "w" not in index.prepare(example(extra=two)).wide.columns
    assert "w" in index.prepare(example(extra=three)).wide.columns
    with pytest.raises(ValueError, match="no indicator has enough observations"):  # all have 3 years, 4 asked
        index.prepare(example(extra=three), min_years=4)
    with pytest.raises(ValueError, match="MIN_YEARS"):
        index.settings(MIN_YEARS=2)


def test_a_share_of_too_few_votes_is_no_observation():
    votes = rows("people", "v", 1, {2000: 0.0, 2001: 20.0, 2002: 0.0})
    votes[0][-1], votes[1][-1], votes[2][-1] = "0 of 1 votes", "1 of 5 votes", "0 of 2 votes"
    p = index.prepare(example(extra=votes))
    d = p.decisions.set_index("indicator").loc["v"]
    assert d["status"] == "excluded" and d["years"] == 1  # only 2001 rests on 3 votes or more
    votes[0][-1] = votes[2][-1] = "0 of 3 votes"
    assert "v" in index.prepare(example(extra=votes)).wide.columns


def test_a_value_outside_its_goalposts_stops_the_build():
    bad = example()
    bad.loc[(bad["indicator"] == "y") & (bad["year"] == 2001), "value"] = 130.0
    with pytest.raises(ValueError, match=r"indicator y, year 2001, column 'value': 130 lies outside"):
        index.prepare(bad)
    edge = example()
    edge.loc[(edge["indicator"] == "y") & (edge["year"] == 2001), "value"] = 100.0  # the goalpost itself is fine
    assert index.prepare(edge).norm.loc[2001, "y"] == pytest.approx(1.0)


def test_an_indicator_without_goalposts_is_excluded():
    counts = rows("trade", "c", 1, {2000: 60000, 2001: 61000, 2002: 70000}, unit="count")
    d = index.prepare(example(extra=counts)).decisions.set_index("indicator").loc["c"]
    assert d["status"] == "excluded" and "no substantive goalposts" in d["reason"]


def test_the_ratio_enters_as_a_bounded_share():
    ratio = rows("trade", "russia_china_turnover_ratio", 1, {2000: 12.86, 2001: 1.0, 2002: 0.9}, unit="ratio")
    p = index.prepare(example(extra=ratio))
    # 12.86 / 13.86 = 0.927850; 1 / 2 = 0.5; 0.9 / 1.9 = 0.473684
    assert p.norm["russia_share_of_russia_china_turnover"].tolist() == pytest.approx([0.927850, 0.5, 0.473684],
                                                                                    abs=1e-6)


def trade_years(n: int, start: int = 2000) -> range:
    return range(start, start + n)


def pair(b_values, years) -> pd.DataFrame:
    a = rows("trade", "a", 1, {y: 10 + 3 * i for i, y in enumerate(years)})
    b = rows("trade", "b", 1, {y: v for y, v in zip(years, b_values)})
    return pd.DataFrame(a + b, columns=COLUMNS)


def test_a_redundant_pair_is_refused():
    years = trade_years(10)
    copy = [20 + 2 * i for i in range(10)]  # a linear copy of a: correlation 1 over 10 years
    with pytest.raises(ValueError, match=r"redundant indicators a and b: correlation 1.00 over 10 common years"):
        index.check_redundancy(pair(copy, years))
    # listed as dropped, the pair passes and b is left out of the index
    index.check_redundancy(pair(copy, years), dropped={"b": ("a", "test")})
    p = index.prepare(pair(copy, years), dropped={"b": ("a", "test")})
    assert list(p.wide.columns) == ["a"]


def test_redundancy_rule_edges():
    # the same copy over 7 common years: too few to judge by correlation
    index.check_redundancy(pair([20 + 2 * i for i in range(7)], trade_years(7)))
    # a pair below the threshold passes: b = 10, 30, 10, 30, ... plus a trend; r computed by numpy, below 0.9
    years = trade_years(10)
    b = [20 + i + (8 if i % 2 else 0) for i in range(10)]
    a_vals = [10 + 3 * i for i in range(10)]
    r = float(np.corrcoef(a_vals, b)[0, 1])
    assert r < index.REDUNDANT_R
    index.check_redundancy(pair(b, years))


def test_a_change_inside_a_surveys_error_moves_nothing():
    # 13.0 % of 1,110 respondents, then 12.8 % of 1,100: standard error of the difference
    # sqrt(0.13 * 0.87 / 1110 + 0.129 * 0.871 / 1100) ... below; 0.2 points is far inside 1.96 of it (2.8 points)
    assert index.margin_of_error(13.0, 1110) == pytest.approx(1.978, abs=1e-3)  # 1.96 * sqrt(.13 * .87 / 1110)
    pooled = index.pool_survey(pd.Series({2022: 13.0, 2023: 12.8}), pd.Series({2022: 1110.0, 2023: 1100.0}))
    # (13.0 * 1110 + 12.8 * 1100) / 2210 = 12.90045
    assert pooled.tolist() == pytest.approx([12.90045, 12.90045], abs=1e-5)
    survey = rows("people", "kazakhs_supporting_russia_pct", 1, {2000: 13.0, 2001: 12.8, 2002: 30.0})
    sizes = {"kazakhs_supporting_russia_pct": {2000: 1110, 2001: 1100, 2002: 1100}}
    ix = index.compute_index(pd.DataFrame(survey, columns=COLUMNS), min_levers=1, sample_sizes=sizes)
    assert ix.loc[2000, "people"] == ix.loc[2001, "people"]
    assert ix.loc[2002, "people"] == pytest.approx(30.0)


def test_a_change_beyond_a_surveys_error_moves_the_index():
    # 13.0 -> 17.0 with 1,100 respondents each: margin of the difference 1.96 * sqrt(.13*.87/1100 + .17*.83/1100)
    # = 1.96 * 0.015191 = 2.98 points < 4 points: two readings
    pooled = index.pool_survey(pd.Series({2022: 13.0, 2023: 17.0}), pd.Series({2022: 1100.0, 2023: 1100.0}))
    assert pooled.tolist() == pytest.approx([13.0, 17.0])
    # 13.0 -> 15.5: 2.5 points, inside 2.9: pooled
    pooled = index.pool_survey(pd.Series({2022: 13.0, 2023: 15.5}), pd.Series({2022: 1100.0, 2023: 1100.0}))
    assert pooled.iloc[0] == pooled.iloc[1]


def test_missing_year_stays_a_gap():
    # 2001 has only z left: 1 of 3 indicators, fewer than ceil(3/2) = 2 -> no value; but x and y keep 2 years
    # each, fewer than 3: they are excluded, so use four years here
    frame = pd.DataFrame(rows("trade", "x", 1, {2000: 10, 2001: 20, 2002: 30, 2003: 40})
                         + rows("trade", "y", 1, {2000: 50, 2002: 60, 2003: 70})
                         + rows("trade", "z", 1, {2000: 20, 2002: 30, 2003: 40}), columns=COLUMNS)
    ix = index.compute_index(frame)
    assert math.isnan(ix.loc[2001, "trade"]) and math.isnan(ix.loc[2001, "overall"])
    assert ix.loc[2000, "trade"] == pytest.approx((10 + 50 + 20) / 3)


def test_coverage_rule():
    assert [index.coverage_rule(n) for n in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]
    assert index.coverage_rule(4, min_share=1.0) == 4


def test_aggregate_by_hand():
    assert index.aggregate([0.2, 0.8], [1, 3]) == pytest.approx(0.65)  # (0.2 + 2.4) / 4
    assert index.aggregate([0.2, 0.8], [1, 3], "geometric", 0.1) == pytest.approx(0.3 ** 0.25 * 0.9 ** 0.75 - 0.1)
    assert index.aggregate([np.nan, 0.8], [1, 3]) == pytest.approx(0.8)
    assert math.isnan(index.aggregate([np.nan], [1]))
    with pytest.raises(ValueError):
        index.aggregate([0.5], [1], "median")


def two_levers() -> pd.DataFrame:
    frame = example()
    other = frame.copy()
    other["lever"] = "security"
    other["indicator"] = other["indicator"] + "2"
    other["value"] = other["value"][::-1].to_numpy()
    return pd.concat([frame, other], ignore_index=True)


def test_monte_carlo_is_reproducible_with_its_seed():
    a = index.monte_carlo(two_levers(), draws=50, seed=11, min_levers=2)
    b = index.monte_carlo(two_levers(), draws=50, seed=11, min_levers=2)
    c = index.monte_carlo(two_levers(), draws=50, seed=12, min_levers=2)
    pd.testing.assert_frame_equal(a, b)
    assert not a["score"].equals(c["score"])
    assert a["draw"].nunique() == 50 and set(a["aggregation"]) == {"arithmetic", "geometric"}
    assert a["score"].between(0, 100).all()


def test_bands():
    mc = index.monte_carlo(two_levers(), draws=200, seed=3, min_levers=2)
    b = index.bands(mc)
    assert len(b) > 0  # else the .all() below holds on nothing
    assert (b["lowest"] <= b["low"]).all() and (b["low"] <= b["median"]).all()
    assert (b["median"] <= b["high"]).all() and (b["high"] <= b["highest"]).all()
    assert (b["n_draws"] == 200).all()


def test_conclusions_count_the_versions_and_compare_no_levers():
    rows_ = []
    for draw, (a0, a1, b0, b1) in enumerate([(10, 20, 30, 40), (10, 30, 30, 20)]):
        for unit, v0, v1 in (("a", a0, a1), ("b", b0, b1)):
            rows_ += [{"draw": draw, "unit": unit, "year": 2013, "score": v0},
                      {"draw": draw, "unit": unit, "year": 2021, "score": v1}]
    mc = pd.DataFrame(rows_)
    assert index.count_rising(mc, "a", 2013, 2021) == (2, 2)
    out = index.conclusions(mc).set_index("unit")
    assert set(out["kind"]) == {"change"}  # no 'a above b'
    assert bool(out.loc["a", "survives"]) and out.loc["b", "holds"] == 1 and not bool(out.loc["b", "survives"])


def test_shares_of_versions_are_never_rounded_up_to_all():
    assert index.share_text(998, 1000) == "99.8 %"
    assert index.share_text(9999, 10000) == "more than 99.9 %"
    assert index.share_text(1000, 1000) == "100 %"
    assert index.share_text(1, 10000) == "less than 0.1 %"


def test_sobol_indices_of_a_linear_function():
    # f = x0 + 2 x1 (+ 0 x2) on uniform [0, 1): V0 = 1/12, V1 = 4/12, V = 5/12 -> S = 0.2, 0.8, 0
    res = index.sobol_indices(lambda x: x[:, 0] + 2 * x[:, 1], ["x0", "x1", "x2"], n=4096, seed=1)
    res = res.set_index("factor")
    for name, expected in (("x0", 0.2), ("x1", 0.8), ("x2", 0.0)):
        assert res.loc[name, "S1"] == pytest.approx(expected, abs=0.02)
        assert res.loc[name, "ST"] == pytest.approx(expected, abs=0.02)
        assert res.loc[name, "ST_low"] <= res.loc[name, "ST"] <= res.loc[name, "ST_high"]


@pytest.fixture(scope="module")
def real():
    return index.analyse(summary.usable(summary.lever_indicators()))


def test_sobol_indices_are_stable_to_two_decimals_across_three_seeds(real):
    runs = index.stability(real, seeds=[1, 2, 3])
    assert runs["seed"].nunique() == 3
    assert index.largest_seed_gap(runs) < 0.01
    # and the first-order index never exceeds the total effect beyond the estimators' intervals
    assert (runs["S1_low"] <= runs["ST_high"] + 1e-9).all()


def test_sensitivity_download_carries_the_intervals(real, tmp_path, monkeypatch):
    monkeypatch.setattr(style, "FIGDATA", tmp_path)
    sens = index.sensitivity(real)
    sources = list(dict.fromkeys(real.prepared.rows["source_id"]))
    row = index.sources_behind(real.indicators, index.OVERALL, [real.y0, real.y1])
    style.write_figure_data(sens, "t-sens", sources, {}, row_sources=[row] * len(sens))
    down = pd.read_csv(tmp_path / "t-sens.csv")
    for col in ("S1_low", "S1_high", "ST_low", "ST_high"):
        assert pd.api.types.is_float_dtype(down[col])
    assert (down["ST_low"] <= down["ST"]).all() and (down["ST"] <= down["ST_high"]).all()
    assert (down["ST_high"] - down["ST_low"]).max() > 0  # real intervals, not zero-width


def test_the_real_index_follows_the_rules(real):
    d = real.prepared.decisions.set_index("indicator")
    # single-year and two-year indicators are out; the upper bound and the CPC share are the same quantity
    assert d.loc["gas_pipeline_exports_to_russia_share", "status"] == "excluded"
    assert d.loc["kazakhs_supporting_russia_pct", "status"] == "excluded"
    assert d.loc["oil_exports_via_russia_share_max", "status"] == "excluded"
    assert d.loc["cpc_share_of_exports", "status"] == "excluded"
    assert d.loc["partner_hhi_imports", "status"] == "excluded"
    # the check passes on the data as kept, and the dropped pair does correlate: imports share vs HHI over 29 years
    table = index.check_redundancy(real.indicators)
    hhi = table[(table["a"] == "imports_from_russia_share") & (table["b"] == "partner_hhi_imports")].iloc[0]
    assert hhi["years"] >= index.REDUNDANT_MIN_YEARS and hhi["r"] >= index.REDUNDANT_R
    # SIPRI's five-year share of Russia in Kazakhstan's arms imports: 100 % in 1996 (tables in data/arms_*)
    assert real.base.loc[1996, "security"] == pytest.approx(100.0)


def test_settings_out_of_range_name_the_setting():
    with pytest.raises(ValueError, match=r"AGGREGATION = 'median'"):
        index.settings(AGGREGATION="median")
    with pytest.raises(ValueError, match=r"LEVER_WEIGHTS\['trade'\] = -1"):
        index.settings(LEVER_WEIGHTS={"trade": -1})
    with pytest.raises(ValueError, match="SOBOL_N = 1000"):
        index.settings(SOBOL_N=1000)


def test_a_weight_edited_in_the_settings_file_changes_the_summarys_text(tmp_path):
    """Edit a lever weight in a copy of the package's settings file: the summary's quoted index changes."""
    script = ("from kzdep import summary; f = summary.index_findings(summary.lever_indicators()); "
              "print(f['idx_now'], f['idx_low'], f['idx_high'])")

    def run(package: Path) -> str:
        env = {**os.environ, "PYTHONPATH": str(package.parent), "KZDEP_DATA": str(ROOT / "data")}
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path,
                             check=True)
        return out.stdout.strip()

    copy = tmp_path / "kzdep"
    shutil.copytree(ROOT / "kzdep", copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = run(copy)
    settings_file = copy / "index_settings.py"
    text = settings_file.read_text(encoding="utf-8")
    edited = text.replace('"trade": 1.0', '"trade": 3.0')
    assert edited != text
    settings_file.write_text(edited, encoding="utf-8")
    after = run(copy)
    assert before.split()[0] != after.split()[0], (before, after)


def test_both_chapters_are_rebuilt_when_the_settings_change():
    from kzdep import buildcache

    for chapter in ("summary.md", "methods.md"):
        source = (ROOT / "book" / chapter).read_text(encoding="utf-8")
        assert "index_settings" in buildcache.modules_imported(source), chapter


def test_headline_strings(real):
    h = index.headline(analysis=real)
    assert {"idx_now", "idx_year", "idx_low", "idx_high", "idx_k", "idx_n", "idx_word", "idx_share", "idx_n_years",
            "idx_years"} <= set(h)
    assert h["idx_year"] in h["idx_years"] and h["idx_then_year"] in h["idx_years"]
    assert int(h["idx_k"].replace(",", "")) <= int(h["idx_n"].replace(",", ""))
    assert float(h["idx_low"]) <= float(h["idx_now"]) <= float(h["idx_high"])


def test_panel_normalisation_for_countries_never_gives_a_midpoint():
    # min-max over a panel: 10, 20, 40 -> 0, 1/3, 1; reversed for direction -1; a constant column carries nothing
    assert index.normalise_minmax(pd.Series([10.0, 20.0, 40.0])).tolist() == pytest.approx([0, 1 / 3, 1])
    assert index.normalise_minmax(pd.Series([10.0, 20.0, 40.0]), -1).tolist() == pytest.approx([1, 2 / 3, 0])
    assert index.normalise_minmax(pd.Series([5.0, 5.0])).isna().all()
    assert index.normalise_zscore(pd.Series([5.0, 5.0])).isna().all()
    # row-wise aggregation as aggregate() does it: (0.2 * 1 + 0.8 * 3) / 4 = 0.65; a row of NaN stays NaN
    m = np.array([[0.2, 0.8], [np.nan, np.nan]])
    out = index._rows_aggregate(m, np.array([1.0, 3.0]), "arithmetic", 0.1, 1)
    assert out[0] == pytest.approx(0.65) and math.isnan(out[1])
    assert index.geometric_shift(np.array([-1.5, 0.3])) == pytest.approx(1.6)  # 0.1 - (-1.5)


def test_the_votes_rule_reads_resolutions_too():
    # the people lever's notes read '2 of 6 resolutions (UN voting records, ...)'
    note = "2 of 6 resolutions (UN voting records, checked against the UN's published totals)"
    assert index.items_behind(note) == 6
    assert index.items_behind("0 of 1 votes; tier of the weakest source used") == 1
    assert index.items_behind("rounded statement by an official") is None
