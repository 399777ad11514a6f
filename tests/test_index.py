"""The dependence index (kzdep.index) on a three-indicator example worked out by hand.

The example: one lever ('trade'), years 2000-2002, three indicators
    x (+1): 10, 20, 40
    y (+1):  5,  0, 10
    z (-1):  2,  4,  2   (higher = less dependent)
Min-max:  x -> 0, 1/3, 1;  y -> 0.5, 0, 1;  z -> (0, 1, 0) reversed -> 1, 0, 1.
Z-scores (population sd): x: mean 70/3, sd sqrt(4200/27) = 12.4722 -> -1.06904, -0.26726, 1.33631;
y: mean 5, sd sqrt(50/3) = 4.08248 -> 0, -1.22474, 1.22474; z: mean 8/3, sd sqrt(24/27) = 0.942809 ->
-0.70711, 1.41421, -0.70711, negated -> 0.70711, -1.41421, 0.70711.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kzdep import index

COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id", "series",
           "note"]


def example(drop: list[tuple[str, int]] | None = None) -> pd.DataFrame:
    values = {"x": (1, [10, 20, 40]), "y": (1, [5, 0, 10]), "z": (-1, [2, 4, 2])}
    rows = []
    for name, (direction, series) in values.items():
        for year, value in zip((2000, 2001, 2002), series):
            if drop and (name, year) in drop:
                continue
            rows.append(["trade", name, name, year, float(value), "percent", direction, "official", "s", "a", ""])
    return pd.DataFrame(rows, columns=COLUMNS)


MINMAX = {"x": [0, 1 / 3, 1], "y": [0.5, 0, 1], "z": [1, 0, 1]}
ZSCORE = {"x": [-1.06904, -0.26726, 1.33631], "y": [0, -1.22474, 1.22474], "z": [0.70711, -1.41421, 0.70711]}


def test_minmax_normalisation_by_hand():
    wide, meta = index.panel(example())
    norm = index.normalise(wide, meta, "minmax")
    for name, expected in MINMAX.items():
        assert norm[name].tolist() == pytest.approx(expected)


def test_zscore_normalisation_by_hand():
    wide, meta = index.panel(example())
    norm = index.normalise(wide, meta, "zscore")
    for name, expected in ZSCORE.items():
        assert norm[name].tolist() == pytest.approx(expected, abs=1e-5)


def test_arithmetic_minmax_index_by_hand():
    ix = index.compute_index(example(), "minmax", "arithmetic")
    # 2000: (0 + 0.5 + 1) / 3 = 0.5; 2001: (1/3 + 0 + 0) / 3 = 1/9; 2002: (1 + 1 + 1) / 3 = 1
    assert ix["trade"].tolist() == pytest.approx([0.5, 1 / 9, 1.0])
    assert ix["overall"].tolist() == pytest.approx([0.5, 1 / 9, 1.0])  # one lever: overall = the lever


def test_geometric_minmax_index_by_hand():
    ix = index.compute_index(example(), "minmax", "geometric")
    # shift 0.1: 2000: (0.1 * 0.6 * 1.1) ** (1/3) - 0.1 = 0.066 ** (1/3) - 0.1 = 0.304124
    #            2001: (0.43333 * 0.1 * 0.1) ** (1/3) - 0.1 = 0.0043333 ** (1/3) - 0.1 = 0.163032 - 0.1
    #            2002: (1.1 ** 3) ** (1/3) - 0.1 = 1
    assert ix["trade"].tolist() == pytest.approx([0.304124, 0.063032, 1.0], abs=1e-6)
    # geometric never above arithmetic
    arith = index.compute_index(example(), "minmax", "arithmetic")["trade"]
    assert (ix["trade"] <= arith + 1e-12).all()


def test_arithmetic_zscore_index_by_hand():
    ix = index.compute_index(example(), "zscore", "arithmetic")
    # 2000: (-1.06904 + 0 + 0.70711) / 3 = -0.120644; 2001: (-0.26726 - 1.22474 - 1.41421) / 3 = -0.968737;
    # 2002: (1.33631 + 1.22474 + 0.70711) / 3 = 1.089387
    assert ix["trade"].tolist() == pytest.approx([-0.120644, -0.968737, 1.089387], abs=1e-5)


def test_geometric_zscore_index_by_hand():
    ix = index.compute_index(example(), "zscore", "geometric")
    s = 0.1 + 1.41421  # the lowest z-score in the panel is -1.41421 (z in 2001)
    expected = [math.prod(v + s for v in (ZSCORE["x"][i], ZSCORE["y"][i], ZSCORE["z"][i])) ** (1 / 3) - s
                for i in range(3)]
    # 2000: (0.44517 * 1.51421 * 2.22132) ** (1/3) - 1.51421 = 1.497352 ** (1/3) - 1.51421 = 1.14404 - 1.51421
    assert expected[0] == pytest.approx(-0.37017, abs=1e-4)
    assert ix["trade"].tolist() == pytest.approx(expected, abs=1e-4)


def test_changing_a_weight_changes_the_index_as_by_hand():
    ix = index.compute_index(example(), "minmax", "arithmetic", weights={"x": 2.0})
    # weights 2, 1, 1: 2000: (2*0 + 0.5 + 1) / 4 = 0.375; 2001: (2/3 + 0 + 0) / 4 = 1/6; 2002: 4/4 = 1
    assert ix["trade"].tolist() == pytest.approx([0.375, 1 / 6, 1.0])
    with pytest.raises(KeyError, match=r"weights given for unknown names: \['no_such_indicator'\]"):
        index.compute_index(example(), weights={"no_such_indicator": 1.0})


def test_missing_year_stays_a_gap():
    # 2001 has only z left: 1 of 3 indicators, fewer than ceil(3/2) = 2 -> no value
    ix = index.compute_index(example(drop=[("x", 2001), ("y", 2001)]))
    assert ix.index.tolist() == [2000, 2001, 2002]
    assert math.isnan(ix.loc[2001, "trade"]) and math.isnan(ix.loc[2001, "overall"])
    # a year with no row at all is a gap too, not interpolated
    ix = index.compute_index(example(drop=[("x", 2001), ("y", 2001), ("z", 2001)]))
    assert 2001 in ix.index and math.isnan(ix.loc[2001, "trade"])
    # with 2 of 3 present (x missing) the year is computed from y and z alone: (0 + 0) / 2 = 0
    ix = index.compute_index(example(drop=[("x", 2001)]))
    # x rescaled over 10 and 40 only: 0 and 1; 2001: (y 0 + z 0) / 2 = 0
    assert ix.loc[2001, "trade"] == pytest.approx(0.0)
    assert ix.loc[2000, "trade"] == pytest.approx(0.5)


def test_coverage_rule():
    assert [index.coverage_rule(n) for n in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]
    assert index.coverage_rule(4, min_share=1.0) == 4


def test_context_rows_are_left_out_and_two_series_resolved():
    frame = example()
    extra = pd.DataFrame([["trade", "ctx", "ctx", 2000, 1.0, "x", 0, "official", "s", "a", ""],
                          ["trade", "x", "x", 2002, 99.0, "percent", "+1", "official", "s", "b", ""]],
                         columns=COLUMNS)
    wide, meta = index.panel(pd.concat([frame, extra]))
    assert "ctx" not in wide.columns
    assert wide.loc[2002, "x"] == 40.0  # series 'a' has three years of x, series 'b' one


def test_aggregate_by_hand():
    assert index.aggregate([0.2, 0.8], [1, 3]) == pytest.approx(0.65)  # (0.2 + 2.4) / 4
    # (0.3 ** 0.25) * (0.9 ** 0.75) - 0.1 = 0.68385 - 0.1
    assert index.aggregate([0.2, 0.8], [1, 3], "geometric", 0.1) == pytest.approx(0.3 ** 0.25 * 0.9 ** 0.75 - 0.1)
    assert index.aggregate([np.nan, 0.8], [1, 3]) == pytest.approx(0.8)
    assert math.isnan(index.aggregate([np.nan], [1]))
    with pytest.raises(ValueError, match="aggregation must be one of .* not 'median'"):
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
    assert a["draw"].nunique() == 50
    assert set(a["normalisation"]) == {"minmax", "zscore"} and set(a["aggregation"]) == {"arithmetic", "geometric"}
    assert a["score"].between(0, 100).all()


def test_bands_and_rank_intervals():
    mc = index.monte_carlo(two_levers(), draws=200, seed=3, min_levers=2)
    b = index.bands(mc)
    assert len(b) > 0  # else the .all() below holds on nothing
    assert (b["low"] <= b["median"]).all() and (b["median"] <= b["high"]).all()
    assert (b["n_draws"] == 200).all()
    r = index.rank_intervals(mc)
    assert set(r["unit"]) == {"trade", "security"}
    assert r["rank_min"].min() >= 1 and r["rank_max"].max() <= 2


def test_common_scale_by_hand():
    scores = np.array([[0.2, 0.4, 0.3], [0.6, np.nan, 0.6]])
    # levers' lowest 0.2, highest 0.6: (v - 0.2) / 0.4 * 100
    out = index.common_scale(scores)
    assert out[0].tolist() == pytest.approx([0, 50, 25])
    assert out[1, 0] == pytest.approx(100) and math.isnan(out[1, 1])


def test_conclusions_survive_only_when_true_in_every_draw():
    rows = []
    # draw 0: a rises 10 -> 20, b rises 30 -> 40; draw 1: a rises 10 -> 30, b falls 30 -> 20
    for draw, (a0, a1, b0, b1) in enumerate([(10, 20, 30, 40), (10, 30, 30, 20)]):
        for unit, v0, v1 in (("a", a0, a1), ("b", b0, b1)):
            rows += [{"draw": draw, "unit": unit, "year": 2013, "score": v0},
                     {"draw": draw, "unit": unit, "year": 2021, "score": v1}]
    mc = pd.DataFrame(rows)
    assert index.share_rising(mc, "a", 2013, 2021) == 1.0
    assert index.share_rising(mc, "b", 2013, 2021) == 0.5
    assert index.share_above(mc, "b", "a", 2021) == 0.5  # 40 > 20 in draw 0, 20 < 30 in draw 1
    out = index.conclusions(mc).set_index("statement")
    assert bool(out.loc["a: higher in 2021 than in 2013", "survives"]) is True
    change_b = out[(out["kind"] == "change") & (out["unit"] == "b")]
    assert change_b["share"].iloc[0] == 0.5 and not bool(change_b["survives"].iloc[0])


def test_sobol_indices_of_a_linear_function():
    # f = x0 + 2 x1 (+ 0 x2) on uniform [0, 1): V0 = 1/12, V1 = 4/12, V = 5/12 -> S = 0.2, 0.8, 0
    res = index.sobol_indices(lambda x: x[:, 0] + 2 * x[:, 1], ["x0", "x1", "x2"], n=4096, seed=1)
    res = res.set_index("factor")
    assert res.loc["x0", "S1"] == pytest.approx(0.2, abs=0.05)
    assert res.loc["x1", "S1"] == pytest.approx(0.8, abs=0.05)
    assert res.loc["x0", "ST"] == pytest.approx(0.2, abs=0.05)
    assert res.loc["x1", "ST"] == pytest.approx(0.8, abs=0.05)
    assert res.loc["x2", "ST"] == pytest.approx(0.0, abs=1e-12)


def test_index_sensitivity_names_every_factor():
    res = index.index_sensitivity(two_levers(), 2000, 2002, n=32, min_levers=2)
    assert set(res["factor"]) == {"weight: x", "weight: y", "weight: z", "weight: x2", "weight: y2", "weight: z2",
                                  "lever weight: trade", "lever weight: security", "normalisation", "aggregation"}
    assert (res["ST"].diff().dropna() <= 1e-12).all()  # sorted, largest first


def test_like_for_like_by_hand():
    frame = example(drop=[("x", 2001)])
    # 2000 rests on x, y, z; 2001 on y, z only; 2002 on all three
    assert index.composition(frame, "trade", 2001) == {"y", "z"}
    assert not index.like_for_like(frame, "trade", 2000, 2001)
    assert index.like_for_like(frame, "trade", 2000, 2002)
    assert index.like_for_like(frame, "overall", 2000, 2002)
