"""Tests of kzdep.trade. Expected values are worked out by hand from the rows of data/trade_dots.csv and
data/trade_official.csv (the arithmetic is in the comments), or from small frames built here."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kzdep import data
from kzdep import trade as T


@pytest.fixture(scope="module")
def dots():
    return data.load("trade_dots")


@pytest.fixture(scope="module")
def official():
    return data.load("trade_official")


def _share(frame, year, group):
    row = frame[(frame["year"] == year) & (frame["group"] == group)]
    assert len(row) == 1
    return row.iloc[0]


# ---------------------------------------------------------------------------------------------------------------
# shares from the IMF rows

def test_russia_share_of_imports_2020_spot_check(dots):
    # rows: 2020,imports,Russian Federation,...,13300.216572 and 2020,imports,World,...,38142.88939
    # 13300.216572 / 38142.88939 = 0.3486947 -> 34.8695 %
    row = _share(T.partner_shares(dots, "imports"), 2020, "Russia")
    assert row["share_pct"] == pytest.approx(34.8695, abs=1e-3)
    assert row["value_usd_m"] == pytest.approx(13300.216572)
    assert row["world_usd_m"] == pytest.approx(38142.88939)
    assert not row["series_break"]


def test_russia_share_of_exports_2020(dots):
    # 4899.4501 / 46926.834907 = 0.104406 -> 10.4406 %
    row = _share(T.partner_shares(dots, "exports"), 2020, "Russia")
    assert row["share_pct"] == pytest.approx(10.4406, abs=1e-3)


def test_eu_excluding_italy_and_other(dots):
    exports = T.partner_values(dots, "exports").set_index("year")
    # EU 17650.361082 - Italy 6644.707248 = 11005.653834
    assert exports.loc[2020, "EU excl. Italy"] == pytest.approx(11005.653834)
    assert exports.loc[2020, "Italy"] == pytest.approx(6644.707248)
    imports = T.partner_values(dots, "imports").set_index("year")
    # World 38142.88939 - Russia 13300.216572 - China 6346.496276 - EU 5803.73955 (Italy inside the EU)
    # = 38142.88939 - 25450.452398 = 12692.436992
    assert imports.loc[2020, "Other"] == pytest.approx(12692.436992)


def test_shares_add_up_to_100(dots):
    for flow in T.FLOWS:
        totals = T.partner_shares(dots, flow).groupby("year")["share_pct"].sum()
        assert totals.to_numpy() == pytest.approx([100.0] * len(totals))


def test_years_without_russia_are_left_out(dots):
    # trade_dots has no Russia row for 1992 and 1993: shares start in 1994
    for flow in T.FLOWS:
        years = T.partner_shares(dots, flow)["year"]
        assert years.min() == 1994 and years.max() == 2020


def test_2010_break_flags_every_world_based_share(dots):
    shares = T.partner_shares(dots, "exports")
    # China's own 2010 row is not flagged, but its share has the flagged World in the denominator
    assert _share(shares, 2010, "China")["series_break"]
    assert _share(shares, 2010, "Russia")["series_break"]
    assert not _share(shares, 2009, "China")["series_break"]
    assert not _share(shares, 2011, "Russia")["series_break"]
    assert set(shares.loc[shares["series_break"], "year"]) == {2010}


def test_asymmetry_ratio_2020(dots):
    asym = T.russia_asymmetry(dots).set_index("year")
    # 34.8695 / 10.4406 = 3.3398
    assert asym.loc[2020, "ratio"] == pytest.approx(3.3398, abs=1e-3)
    assert asym.loc[2010, "series_break"] and not asym.loc[2020, "series_break"]


def test_bilateral_balance(dots):
    ru = T.bilateral_balance(dots, T.RUSSIA).set_index("year")
    # 4899.4501 - 13300.216572 = -8400.766472
    assert ru.loc[2020, "balance_usd_m"] == pytest.approx(-8400.766472)
    assert ru.loc[2020, "turnover_usd_m"] == pytest.approx(18199.666672)
    assert ru.loc[2010, "series_break"]
    cn = T.bilateral_balance(dots, T.CHINA).set_index("year")
    # 9004.006953 - 6346.496276 = 2657.510677; China's 2010 rows are not flagged
    assert cn.loc[2020, "balance_usd_m"] == pytest.approx(2657.510677)
    assert not cn.loc[2010, "series_break"]


def test_rank_of(dots):
    # 2020 exports: China 9004.0, Italy 6644.7, Russia 4899.5 are the three largest partner countries
    assert [T.rank_of(dots, "exports", 2020, p) for p in (T.CHINA, T.ITALY, T.RUSSIA)] == [1, 2, 3]
    with pytest.raises(ValueError):
        T.rank_of(dots, "exports", 1992, T.RUSSIA)


# ---------------------------------------------------------------------------------------------------------------
# small frames built by hand

def _frame(rows):
    return pd.DataFrame(rows, columns=["year", "flow", "partner", "partner_kind", "value_usd_m", "series_break"])


def test_partner_hhi_by_hand():
    trade = _frame([
        (2000, "exports", "World", "aggregate", 100.0, None),
        (2000, "exports", "A", "country", 60.0, None),
        (2000, "exports", "B", "country", 30.0, None),
        (2000, "exports", "Countries & Areas not specified", "unallocated", 10.0, None),
        (2001, "exports", "World", "aggregate", 50.0, "customs-union-2010"),
        (2001, "exports", "A", "country", 50.0, None),
    ])
    hhi = T.partner_hhi(trade, "exports").set_index("year")
    # 2000: 60^2 + 30^2 = 3600 + 900 = 4500 (the unallocated 10 % is left out); 10000 / 4500 = 2.222
    assert hhi.loc[2000, "hhi"] == pytest.approx(4500.0)
    assert hhi.loc[2000, "equivalent_partners"] == pytest.approx(2.2222, abs=1e-4)
    assert hhi.loc[2000, "top_partner"] == "A" and not hhi.loc[2000, "series_break"]
    # 2001: one partner with 100 % -> 10,000, flagged through World
    assert hhi.loc[2001, "hhi"] == pytest.approx(10_000.0)
    assert hhi.loc[2001, "series_break"]


def test_partner_hhi_refuses_countries_above_world():
    trade = _frame([(2000, "imports", "World", "aggregate", 100.0, None),
                    (2000, "imports", "A", "country", 80.0, None),
                    (2000, "imports", "B", "country", 30.0, None)])
    with pytest.raises(ValueError):
        T.partner_hhi(trade, "imports")


def test_partner_values_refuses_italy_outside_eu():
    trade = _frame([(2000, "exports", T.WORLD, "aggregate", 100.0, None),
                    (2000, "exports", T.RUSSIA, "country", 10.0, None),
                    (2000, "exports", T.CHINA, "country", 10.0, None),
                    (2000, "exports", T.EU, "aggregate", 20.0, None),
                    (2000, "exports", T.ITALY, "country", 25.0, None)])
    with pytest.raises(ValueError):
        T.partner_values(trade, "exports")
    with pytest.raises(ValueError):
        T.partner_values(trade, "re-exports")


def test_mask_breaks_and_first_year_above():
    frame = pd.DataFrame({"year": [2008, 2009, 2010], "v": [1.0, 2.0, 3.0], "series_break": [False, False, True]})
    masked = T.mask_breaks(frame, ["v"])
    assert masked["v"].iloc[:2].tolist() == [1.0, 2.0] and math.isnan(masked["v"].iloc[2])
    shares = pd.DataFrame({
        "year": [2000, 2000, 2001, 2001, 2002, 2002, 2003, 2003],
        "group": ["China", "Russia"] * 4,
        "share_pct": [5, 10, 12, 10, 8, 10, 15, 10],
        "series_break": [False, False, False, False, True, True, False, False],
    })
    # China above Russia in 2001 and 2003; 2002 (below) is a break and ignored -> 2001; with breaks counted -> 2003
    assert T.first_year_above(shares, "China", "Russia") == 2001
    assert T.first_year_above(shares, "China", "Russia", skip_breaks=False) == 2003
    assert T.first_year_above(shares, "Russia", "China") is None


# ---------------------------------------------------------------------------------------------------------------
# official statements, events, evidence

def test_reporter_comparison(official):
    table = T.reporter_comparison(official).set_index(["partner", "year"])
    # China 2022 full-year turnover: KZ 24100 (trend) and 24000 (astanatimes) -> "24.0-24.1"; other 31200;
    # gap (31200 - 24000) / 1000 = 7.2
    assert table.loc[("china", 2022), "KZ"] == "24.0-24.1"
    assert table.loc[("china", 2022), "other"] == "31.2"
    assert table.loc[("china", 2022), "spread_bn"] == pytest.approx(7.2)
    # Russia 2021: one figure only (KZ 24500) -> no gap
    assert table.loc[("russia", 2021), "KZ"] == "24.5"
    assert math.isnan(table.loc[("russia", 2021), "spread_bn"])


def test_official_full_year_drops_part_years(official):
    full = T.official_full_year(official)
    assert set(full["period"]) == {"full_year"} and set(full["partner"]) == {"russia", "china"}
    # Russia 2022 turnover, Kazakh figure: 26100 (urdupoint-2023-nurtleu-26-1bn)
    assert T.official_value(official, 2022, "russia", "turnover", "KZ") == pytest.approx(26100)
    with pytest.raises(ValueError):  # two Kazakh rows for China 2022
        T.official_value(official, 2022, "china", "turnover", "KZ")


def test_trade_events_one_row_per_date():
    events = pd.DataFrame({
        "date": ["2010-07-01", "2010-07-01", "2015-01-01", "2020-01-01", "2010-07-01"],
        "lever": ["trade", "trade", "trade", "trade", "security"],
        "event": ["Code in force", "Code in force, single territory", "EAEU starts", "Later", "Other lever"],
        "source_id": ["a", "b", "c", "d", "e"],
        "note": [None] * 5,
    })
    out = T.trade_events(events, start="2007", end="2016")
    assert out["date"].tolist() == ["2010-07-01", "2015-01-01"]
    assert out.loc[0, "event"] == "Code in force, single territory"  # the longer wording
    assert out.loc[0, "source_ids"] == "a;b"


def test_evidence_group():
    assert T.evidence_group("US Treasury FinCEN and Commerce BIS") == "Western governments and the EU"
    assert T.evidence_group("EU (14th sanctions package)") == "Western governments and the EU"
    assert T.evidence_group("Kazakh Finance Ministry; US Ambassador Rosenblum") == "Kazakh government"
    # mentions Kazakh statistics but is not the government
    assert T.evidence_group("Researchers/CABAR using Kazakh Bureau of National Statistics") == \
        "Analysts, investigators and media"
    assert T.evidence_group("EBRD (reported by Dentons)") == "Analysts, investigators and media"
