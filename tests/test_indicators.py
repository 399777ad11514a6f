"""Indicator functions against values worked out by hand."""

import math

import pandas as pd
import pytest

from kzdep import indicators as ind
from kzdep import text


def test_share_pct():
    # 13300.216572 / 38142.88939: 0.34869 * 38142.88939 = 13300.04, remainder 0.176 / 38142.9 = 0.0000046
    # -> 0.3486946 -> 34.86946 %
    assert ind.share_pct(13300.216572, 38142.88939) == pytest.approx(34.86946, abs=2e-5)
    with pytest.raises(ValueError, match=r"share of a non-positive whole \(0\)"):
        ind.share_pct(5, 0)
    with pytest.raises(ValueError, match="part 11 exceeds whole 10"):
        ind.share_pct(11, 10)
    with pytest.raises(ValueError, match=r"negative part \(-1\)"):
        ind.share_pct(-1, 10)


def test_shares_pct_of_their_sum():
    # 2009 routes (Mt): 27.5, 17.5, 7.7, 11.1, 4 -> total 67.8; CPC 27.5/67.8 = 40.56 %
    s = ind.shares_pct({"cpc": 27.5, "atyrau_samara": 17.5, "kz_china": 7.7, "aktau": 11.1, "rail": 4.0})
    assert s["cpc"] == pytest.approx(40.560, abs=1e-3)
    assert s.sum() == pytest.approx(100.0)


def test_herfindahl():
    # two equal halves: 50^2 + 50^2 = 5000; a monopoly: 100^2 = 10000
    assert ind.herfindahl([50, 50]) == 5000
    assert ind.herfindahl([100]) == 10000
    # 2022 routes (%): 81, 13, 4, 2 -> 6561 + 169 + 16 + 4 = 6750
    assert ind.herfindahl([81, 13, 4, 2]) == pytest.approx(6750)
    assert ind.herfindahl([0.5, 0.5], scale="fraction") == pytest.approx(0.5)
    assert ind.equivalent_number(5000) == pytest.approx(2.0)
    with pytest.raises(ValueError, match=r"shares sum to 110.0, above 100.0"):
        ind.herfindahl([80, 30])
    with pytest.raises(ValueError, match="negative share"):
        ind.herfindahl([-5, 50])


def test_moving_average_counts_missing_years_as_zero():
    # deliveries 2000: 10, 2002: 20, 2004: 30 -> 5-year mean ending 2004 = (10+0+20+0+30)/5 = 12
    s = pd.Series({2000: 10.0, 2002: 20.0, 2004: 30.0})
    ma = ind.moving_average(s, 5)
    assert math.isnan(ma[2003])
    assert ma[2004] == pytest.approx(12.0)


def test_window_share():
    t = pd.DataFrame({"supplier": ["Russia", "Spain", "Russia", "Spain"], "year": [2013, 2013, 2014, 2016],
                      "tiv_m": [54.0, 24.0, 28.0, 24.0]})
    # 2013-2014: Russia 82 of 106 = 77.358 %
    assert ind.window_share_pct(t, "Russia", 2013, 2014) == pytest.approx(77.3585, abs=1e-4)


def test_stoppage_arithmetic():
    # 53.1 Mt a year stopped for 30 days: 53.1 * 30/365 = 4.3644 Mt
    assert ind.lost_volume_mt(53.1, 30) == pytest.approx(4.36438, abs=1e-5)
    # 4.36438 Mt * 7.5 bbl/t * 80 $/bbl = 2618.6 US$ m
    assert ind.revenue_usd_m(4.36438, 80, 7.5) == pytest.approx(2618.63, abs=0.01)
    grid = ind.stoppage_grid(36.5, [10, 20], [50, 100], 8.0)
    # 36.5 Mt/yr, 10 days -> 1 Mt -> 8 m bbl -> at $50 = 400 US$ m
    assert grid.loc[10, 50] == pytest.approx(400.0)
    assert grid.loc[20, 100] == pytest.approx(1600.0)
    with pytest.raises(ValueError, match="a stoppage of 400 days is longer than the year"):
        ind.lost_volume_mt(10, 400)
    assert ind.rerouting_gap_mt(10.0, {"a": 3.0, "b": -2.0, "c": 4.5}) == pytest.approx(2.5)
    assert ind.rerouting_gap_mt(1.0, {"a": 3.0}) == 0.0


def test_text_formatting():
    assert text.percent(34.8696) == "34.9 %"
    assert text.share(0.348696, 2) == "34.87 %"
    assert text.integer(19186015) == "19,186,015"
    assert text.money_bn(13300.216572) == "US$ 13.3 bn"
    with pytest.raises(ValueError, match="cannot put nan into prose: not a finite number"):
        text.number(float("nan"))
