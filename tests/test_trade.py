"""Tests of kzdep.trade. Expected values are worked out by hand from the rows of data/trade_dots.csv and
data/trade_official.csv (the arithmetic is in the comments), or from small frames built here."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kzdep import data
from kzdep import trade as T
from conftest import alt_text

ROOT = Path(__file__).resolve().parent.parent


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
        shares = T.partner_shares(dots, flow)
        totals = shares.groupby("year")["share_pct"].sum()
        assert list(totals.index) == list(range(1994, 2021))  # never an empty, vacuous comparison
        assert totals.to_numpy() == pytest.approx([100.0] * len(totals))
        # the denominator is the file's own World row, not a sum the code made up: read straight from the rows
        world = dots[(dots["flow"] == flow) & (dots["partner"] == "World")].set_index("year")["value_usd_m"]
        by_year = shares.groupby("year")["world_usd_m"].agg(["min", "max"])
        assert by_year["min"].to_numpy() == pytest.approx(world.loc[1994:2020].to_numpy())
        assert by_year["max"].to_numpy() == pytest.approx(world.loc[1994:2020].to_numpy())
    # data/trade_dots.csv line 7856, column value_usd_m: '2020,imports,World,aggregate,38142.88939,false,,imf-dots-2022'
    assert _share(T.partner_shares(dots, "imports"), 2020, "Other")["world_usd_m"] == pytest.approx(38142.88939)


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
    with pytest.raises(ValueError, match=r"no exports row for .* in 1992"):
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
    with pytest.raises(ValueError, match="imports 2000: partner countries add up to 110.0, more than World 100.0"):
        T.partner_hhi(trade, "imports")


def test_partner_values_refuses_italy_outside_eu():
    trade = _frame([(2000, "exports", T.WORLD, "aggregate", 100.0, None),
                    (2000, "exports", T.RUSSIA, "country", 10.0, None),
                    (2000, "exports", T.CHINA, "country", 10.0, None),
                    (2000, "exports", T.EU, "aggregate", 20.0, None),
                    (2000, "exports", T.ITALY, "country", 25.0, None)])
    with pytest.raises(ValueError, match="Italy larger than the EU aggregate"):
        T.partner_values(trade, "exports")
    with pytest.raises(ValueError, match="flow must be one of .* not 're-exports'"):
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
    # Russia 2021 turnover, Kazakh figure: 24500 (anews-2022-tokayev-2021-russia-trade)
    assert T.official_value(official, 2021, "russia", "turnover", "KZ") == pytest.approx(24500)
    # the Kazakh statements for 2022 (26100) and 2023 (26000) contradicted the bureau and were dropped
    with pytest.raises(ValueError, match="^0 rows for 2022 "):
        T.official_value(official, 2022, "russia", "turnover", "KZ")
    with pytest.raises(ValueError, match="^2 rows for 2022 "):  # two Kazakh rows for China 2022
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


# ---------------------------------------------------------------------------------------------------------------
# the bureau's figures (data/trade_bns.csv, from bns-foreign-trade-by-country-YYYY.xls)

@pytest.fixture(scope="module")
def bns():
    return data.load("trade_bns")


def test_bns_values_from_quoted_cells(bns):
    # 2022 workbook, sheet '2021', row 'Россия': Экспорт 7018745.76433, Импорт 17605534.20124 (thousand US$)
    assert T.bns_value(bns, 2021, "Россия", "exports") == pytest.approx(7018.74576433)
    assert T.bns_value(bns, 2021, "Россия", "imports") == pytest.approx(17605.53420124)
    # 2023 workbook, sheet '2023', row 'Россия': Импорт 16847033.9314; row 'Всего': Импорт 60412283.33494
    # share 16847.0339314 / 60412.28333494 = 27.8868 %
    kz = T.bns_as_dots(bns)
    shares = T.partner_shares(kz, "imports")
    assert _share(shares, 2023, "Russia")["share_pct"] == pytest.approx(27.8868, abs=1e-3)
    with pytest.raises(ValueError, match="trade_bns: no exports value for 'Россия' in 2017"):
        T.bns_value(bns, 2017, "Россия", "exports")  # the bureau's files start in 2018


def test_releases_agree_and_latest_is_used(bns):
    # 2020 workbook sheet '12_2020' Russia exports 5007142.5 (rounded to 0.1); 2021 workbook sheet '12_2020'
    # 5007142.52335: the latest release is the one used
    assert T.bns_value(bns, 2020, "Россия", "exports") == pytest.approx(5007.14252335)
    assert T.bns_value(bns, 2020, "Россия", "exports", release=2020) == pytest.approx(5007.1425)
    comp = T.release_comparison(bns).set_index("year")
    assert list(comp.index) == [2019, 2020, 2021, 2022]
    assert (comp["differing"] == 0).all()  # no value differs by more than US$ 500 between releases
    # 2021: 'Тринидад и Тобаго' (2021 release) vs 'Тринидад И Тобаго' (2022 release), and 'Острова Теркс и
    # Кайкос' vs 'Острова Теркс И Кайкос': spelt differently, matched by their codes TT and TC (data/bns_partners.csv)
    assert (comp["names_in_one_release"] == 0).all()


def test_eu27_is_summed_from_members_not_the_bureaus_group(bns):
    # 2023 workbook sheet '2022': 'Страны ЕС' imports 8008872.5488 includes 'Соединенное Королевство' 384322.58957
    # -> EU27 = 8008.8725488 - 384.32258957 = 7624.54995923
    kz = T.bns_as_dots(bns)
    eu = kz[(kz["partner"] == T.EU) & (kz["year"] == 2022) & (kz["flow"] == "imports")]["value_usd_m"]
    assert float(eu.iloc[0]) == pytest.approx(7624.54995923, abs=1e-6)
    # 2023: the UK is no longer in the group: EU27 = 'Страны ЕС' 10314.00900543
    eu = kz[(kz["partner"] == T.EU) & (kz["year"] == 2023) & (kz["flow"] == "imports")]["value_usd_m"]
    assert float(eu.iloc[0]) == pytest.approx(10314.00900543, abs=1e-6)


def test_overlap_table_dots_against_bureau(dots, bns):
    # Russia imports 2020: DOTS 13300.216572, bureau 13768.20903622 -> +3.5178 %
    table = T.overlap_table(dots, bns)
    row = table[(table["year"] == 2020) & (table["measure"] == "Imports, Russia (US$ m)")].iloc[0]
    assert row["imf_dots"] == pytest.approx(13300.216572)
    assert row["bns"] == pytest.approx(13768.20903622)
    assert row["diff_pct"] == pytest.approx(100 * (13768.20903622 / 13300.216572 - 1))
    assert sorted(table["year"].unique()) == [2018, 2019, 2020]


def test_top_partners_2023(bns):
    # 2023 sheet: China 14666158.3001 + 15389231.31222 = 30055.38961 ; Russia 10207415.70534 + 16847033.9314 =
    # 27054.44964 ; total 79138754.67736 + 60412283.33494 = 139551.03801 -> China 21.537 %, Russia 19.387 %
    top = T.top_partners(bns, 2023, 3)
    assert list(top["partner_en"]) == ["China", "Russia", "Italy"]
    assert top.loc[0, "share_pct"] == pytest.approx(100 * 30055.38961232 / 139551.0380123, abs=1e-4)
    assert top.loc[1, "turnover_usd_m"] == pytest.approx(27054.44963674, abs=1e-6)


# ---------------------------------------------------------------------------------------------------------------
# mirror statistics

def test_mirror_russia_2021(dots, bns):
    # Russia (94itog.xlsx sheet 2021): exports to Kazakhstan 18496, imports from Kazakhstan 7135 (US$ m)
    # Kazakhstan (bureau): imports from Russia 17605.53420124, exports 7018.74576433
    customs = data.load("trade_russia_customs")
    mirror = T.mirror_russia(dots, bns, customs)
    imp = mirror[(mirror["year"] == 2021) & (mirror["flow"] == "imports")].iloc[0]
    assert imp["ru_usd_m"] == 18496 and imp["kz_usd_m"] == pytest.approx(17605.53420124)
    assert imp["gap_pct"] == pytest.approx(100 * (18496 - 17605.53420124) / 17605.53420124)  # 5.058 %
    exp = mirror[(mirror["year"] == 2021) & (mirror["flow"] == "exports")].iloc[0]
    assert exp["gap_usd_m"] == pytest.approx(7135 - 7018.74576433)
    # before 2018 Kazakhstan's side is DOTS; 1994: Russia's sheet 1994 imports from Kazakhstan 1996
    first = mirror[(mirror["year"] == 1994) & (mirror["flow"] == "exports")].iloc[0]
    assert first["series"] == "imf-dots" and first["ru_usd_m"] == 1996
    assert mirror[mirror["year"] == 2010]["series_break"].tolist() == [True, True]  # both flows, never an empty .all()


def test_eur_to_usd_and_mirror_eu_2022(dots, bns):
    # Eurostat 2022: EU27 exports to Kazakhstan 10347711062 EUR; ECB mean 2022 1.0530 USD per EUR
    # -> 10896.1397 US$ m; Kazakhstan's EU27 imports 7624.54995923 -> gap 3271.59 = 42.91 %
    assert T.eur_to_usd_m(10347711062, 1.0530) == pytest.approx(10896.13974829, abs=1e-6)
    with pytest.raises(ValueError, match="exchange rate must be positive, got 0"):
        T.eur_to_usd_m(1, 0)
    mirror = T.mirror_eu(dots, bns, data.load("eu_exports_annual"), data.load("eur_usd_annual"))
    row = mirror[mirror["year"] == 2022].iloc[0]
    assert row["eu_exports_usd_m"] == pytest.approx(10896.13974829, abs=1e-6)
    assert row["gap_pct"] == pytest.approx(100 * (10896.13974829 - 7624.54995923) / 7624.54995923, abs=1e-6)
    assert list(mirror["year"]) == list(range(2010, 2024))


def test_monthly_eurostat_adds_up_to_annual():
    # EU27 to Kazakhstan: the twelve months of 2022 add up to the annual file's 10347711062 EUR within rounding
    monthly = data.load("eu_exports_monthly")
    months = T.monthly_series(monthly, "Kazakhstan")
    total = months[months["month"].str.startswith("2022")]["value_eur"].sum()
    assert abs(total - 10347711062) < 100
    # Dec 2021 562078864 and Dec 2022 1371275... EUR (the research note's €562.1 m and €1,371.3 m)
    assert months.set_index("month").loc["2021-12", "value_eur"] == 562078864


# ---------------------------------------------------------------------------------------------------------------
# the trend fit, by hand

def test_log_trend_fit_by_hand():
    # three months, log values 0, 1, 3 at t = 0, 1, 2, no month dummies:
    # slope = sum (t - 1)(y - 4/3) / sum (t - 1)^2 = (4/3 + 5/3) / 2 = 1.5 ; intercept = 4/3 - 1.5 = -1/6
    # fitted -1/6, 4/3, 17/6 -> residuals 1/6, -1/3, 1/6, RSS = 1/6, df = 1 -> sigma = sqrt(1/6)
    fit = T.fit_log_trend(["2020-01", "2020-02", "2020-03"], [math.exp(0), math.exp(1), math.exp(3)],
                          seasonal=False)
    assert fit["beta"][1] == pytest.approx(1.5)
    assert fit["beta"][0] == pytest.approx(-1 / 6)
    assert fit["sigma"] == pytest.approx(math.sqrt(1 / 6))
    assert fit["df"] == 1
    with pytest.raises(ValueError, match="a log-linear trend needs positive values"):
        T.fit_log_trend(["2020-01", "2020-02", "2020-03"], [1.0, 0.0, 2.0], seasonal=False)


def test_seasonal_fit_recovers_trend_and_month_effect():
    # log value = 2 + 0.1 t + 0.5 in February (+ a tiny alternating wobble so the residual variance is not 0)
    months = [str(p) for p in pd.period_range("2019-01", periods=36, freq="M")]
    logs = [2 + 0.1 * t + (0.5 if m.endswith("-02") else 0.0) + (1e-4 if t % 2 else -1e-4)
            for t, m in enumerate(months)]
    fit = T.fit_log_trend(months, [math.exp(v) for v in logs])
    assert fit["beta"][1] == pytest.approx(0.1, abs=1e-4)
    assert fit["beta"][2] == pytest.approx(0.5, abs=1e-3)  # February against January
    frame = T.trend_counterfactual(fit, ["2022-02"])
    # t = 37 for 2022-02 -> exp(2 + 3.7 + 0.5) = exp(6.2)
    assert frame.loc[0, "expected"] == pytest.approx(math.exp(6.2), rel=1e-3)
    assert frame.loc[0, "low"] < frame.loc[0, "expected"] < frame.loc[0, "high"]


def test_detour_excess_on_a_made_up_series():
    # a series exactly on its trend until Feb 2022, then twice the trend: the excess is +100 % of the expected
    months = [str(p) for p in pd.period_range("2019-01", "2022-12", freq="M")]
    rows = []
    for t, m in enumerate(months):
        value = math.exp(10 + 0.01 * t + (1e-4 if t % 2 else -1e-4))
        rows.append({"month": m, "partner": "X", "reporter": "EU27", "value_eur": value * (2 if m >= "2022-03"
                                                                                           else 1)})
    d = T.detour(pd.DataFrame(rows), "X")
    assert d["excess_pct"] == pytest.approx(100, abs=0.5)
    assert d["excess_pct_low"] < d["excess_pct"] < d["excess_pct_high"]
    assert d["first"] == "2022-03" and d["last"] == "2022-12"


# ---------------------------------------------------------------------------------------------------------------
# contract and claims

def test_yearly_indicators_contract():
    frame = T.yearly_indicators()
    assert list(frame.columns) == T.INDICATOR_COLUMNS
    assert not frame.duplicated(["indicator", "year"]).any()
    assert {"imports_from_russia_share", "exports_to_russia_share", "imports_from_china_share",
            "partner_hhi_imports", "russia_china_turnover_ratio", "trade_balance_with_russia_usd_m"} <= set(
        frame["indicator"])
    ru = frame[frame["indicator"] == "imports_from_russia_share"].set_index("year")
    assert 2010 not in ru.index  # the customs-union break is left out
    assert ru.loc[2023, "value"] == pytest.approx(100 * 16847.0339314 / 60412.28333494)
    assert ru.loc[2023, "series"] == "bns" and ru.loc[2017, "series"] == "imf-dots"
    assert ru.loc[2023, "tier"] == "official" and ru.loc[2017, "tier"] == "intergovernmental"
    bal = frame[frame["indicator"] == "trade_balance_with_russia_usd_m"].set_index("year")
    assert bal.loc[2023, "value"] == pytest.approx(10207.41570534 - 16847.0339314)


def test_claim_functions(dots, bns):
    verdict, text = T.claim_c67_russia_major_partner(bns)
    assert verdict == "supported" and "rank 2" in text
    verdict, text = T.claim_c12_record_2021(dots, bns)
    # 2021 turnover 7018.74576433 + 17605.53420124 = 24624.28 > DOTS peak (2012) and the bureau's 2018-2020
    assert verdict == "supported" and "24.6" in text


def test_findings_are_formatted_text():
    found = T.findings()
    assert found and all(isinstance(v, str) for v in found.values())
    assert found["bns_ru_imports_share_last"] == "27.9 %"


def test_dots_findings_from_quoted_rows(dots):
    # data/trade_dots.csv 2020: imports from Russia 13300.216572 of World 38142.88939 -> 34.9 %; exports to Russia
    # 4899.4501 of World 46926.834907 -> 10.4 %; ratio 34.8695 / 10.4406 = 3.3398 -> "3.3"
    found = T.dots_findings(dots, data.load("trade_official"), data.load("imports_from_russia_composition"),
                            data.load("sanctions_evidence"), data.load("parameters"), data.load("trade_bns"))
    assert all(isinstance(v, str) for v in found.values())
    assert found["ru_imports_last"] == "34.9 %" and found["ru_exports_last"] == "10.4 %"
    assert found["ratio_last"] == "3.3"
    assert (found["first_year"], found["last_year"], found["ru_rank_exports_last"]) == ("1994", "2020", "3")
    # the evidence groups add up to the rows of sanctions_evidence
    groups = sum(int(found[f"n_evidence_g{k}"]) for k in range(3))
    assert groups == int(found["n_evidence"]) == len(data.load("sanctions_evidence"))


def test_detour_findings_follow_the_verdicts():
    # on the data: the stated control-group specification passes its placebo and is the headline
    found = T.detour_findings(data.load("eu_exports_annual"), data.load("eu_exports_monthly"))
    assert found["headline_opening"].startswith("EU exports to Kazakhstan rose beyond what every destination shared")
    assert found["did_kz_pct"] in found["headline_sentence"]
    # with a control group that moved as Kazakhstan did, nothing passes as a detour: a made-up pool in which every
    # destination doubles in 2022 like the treated ones leaves an estimate near zero
    annual = data.load("eu_exports_annual")
    panel = T.log_panel(annual, ["Kazakhstan", "Chile", "Peru", "Qatar", "Iraq", "Oman"])
    moved = panel.copy()
    for c in ["Chile", "Peru", "Qatar", "Iraq", "Oman"]:
        moved.loc[[2022, 2023], c] = moved.loc[[2022, 2023], "Kazakhstan"] - panel.loc[2021, "Kazakhstan"] \
            + panel.loc[2021, c]
    assert T.did(moved, "Kazakhstan", ["Chile", "Peru", "Qatar", "Iraq", "Oman"], pre=(2021, 2021)) == \
        pytest.approx(0, abs=1e-12)


# ---------------------------------------------------------------------------------------------------------------
# bad input stops the extraction (scripts/extract_trade.py), naming file, sheet or month, partner and column

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import extract_trade as X  # noqa: E402


class _Sheet:
    def __init__(self, rows):
        self.rows = rows
        self.nrows = len(rows)
        self.ncols = max(len(r) for r in rows)

    def cell_value(self, r, c):
        row = self.rows[r]
        return row[c] if c < len(row) else ""


class _Book:
    def __init__(self, sheets):
        self.sheets = sheets

    def sheet_names(self):
        return list(self.sheets)

    def sheet_by_name(self, name):
        return self.sheets[name]


def _bns_sheet(year, partners):
    head = [[" Основные показатели внешней торговли Республики Казахстан"], [f"за {year} год"],
            ["", "", "", "", "тыс. долларов США"],
            ["Наименование страны", "Товарооборот", "", "Экспорт", "", "Импорт", ""],
            ["", "Всего", "%", "Всего", "%", "Всего", "%"]]
    return _Sheet(head + [[name, "", "", exp, "", imp, ""] for name, exp, imp in partners])


GOOD = [("Всего", 300.0, 150.0), ("Страны ЕАЭС", 100.0, 100.0), ("Россия", 100.0, 100.0),
        ("Страны ЕС", 150.0, 30.0), ("Италия", 150.0, 30.0), ("Китай", 50.0, 20.0)]


def test_bns_good_workbook_gives_rows():
    book = _Book({"2023": _bns_sheet(2023, GOOD), "2022": _bns_sheet(2022, GOOD)})
    rows = X.bns_rows_from_book(book, "f.xls", 2023)
    # 6 partners x 2 flows x 2 sheets; values in US$ m (thousand / 1000)
    assert len(rows) == 24
    assert [2023, 2023, "Россия", "country", "exports", "0.1", "bns-foreign-trade-2023"] in rows


def test_bns_missing_sheet_stops():
    book = _Book({"2023": _bns_sheet(2023, GOOD)})
    with pytest.raises(X.RawError, match=r"f\.xls: sheet for 2022 missing"):
        X.bns_rows_from_book(book, "f.xls", 2023)


def test_bns_missing_partner_row_stops():
    renamed = [("Российская Федерация", 100.0, 100.0) if p[0] == "Россия" else p for p in GOOD]
    book = _Book({"2023": _bns_sheet(2023, renamed), "2022": _bns_sheet(2022, GOOD)})
    with pytest.raises(X.RawError, match=r"f\.xls sheet '2023': partner row 'Россия' missing"):
        X.bns_rows_from_book(book, "f.xls", 2023)


@pytest.mark.parametrize("cell, word", [(-5.0, "negative"), ("n/a", "not a number")])
def test_bns_bad_value_stops_naming_partner_and_column(cell, word):
    bad = [("Китай", 50.0, cell) if p[0] == "Китай" else p for p in GOOD]
    book = _Book({"2023": _bns_sheet(2023, bad), "2022": _bns_sheet(2022, GOOD)})
    with pytest.raises(X.RawError) as info:
        X.bns_rows_from_book(book, "f.xls", 2023)
    message = str(info.value)
    assert "f.xls sheet '2023'" in message and "'Китай'" in message and "column imports" in message
    assert word in message


def test_bns_partners_not_adding_up_stops():
    short = [p for p in GOOD if p[0] != "Италия"] + [("Италия", 1150.0, 30.0)]  # 850 thousand too many
    book = _Book({"2023": _bns_sheet(2023, short), "2022": _bns_sheet(2022, GOOD)})
    with pytest.raises(X.RawError, match="column exports"):
        X.bns_rows_from_book(book, "f.xls", 2023)


def _month_file(period, eu27=100, member=100):
    lines = ["REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR",
             f'"European Union - 27 countries (AT, BE)",Kazakhstan,Total,EXPORT,Total,{period},{eu27}',
             f"Austria,Kazakhstan,Total,EXPORT,Total,{period},{member}"]
    return "\n".join(lines).encode()


def _all_months():
    return [f"{m}. {y}" for y in range(2019, 2025) for m in X.MONTHS][:68]


def test_monthly_complete_series_gives_rows():
    files = [(f"m{k}.csv", _month_file(p)) for k, p in enumerate(_all_months())]
    rows = X.monthly_rows(files, "Kazakhstan")
    assert len(rows) == 136 and rows[0] == ["2019-01", "Kazakhstan", "EU27", "100", "eurostat-comext-monthly-2024"]


def test_monthly_missing_month_stops():
    files = [(f"m{k}.csv", _month_file(p)) for k, p in enumerate(_all_months()) if p != "Mar. 2021"]
    with pytest.raises(X.RawError, match="Kazakhstan: month 2021-03 missing"):
        X.monthly_rows(files, "Kazakhstan")


def test_monthly_duplicated_month_stops():
    months = _all_months()
    files = [(f"m{k}.csv", _month_file(p)) for k, p in enumerate(months)] + [("dup.csv", _month_file("Jun. 2022"))]
    with pytest.raises(X.RawError, match=r"dup\.csv: month 2022-06 twice"):
        X.monthly_rows(files, "Kazakhstan")


def test_monthly_negative_or_text_value_stops():
    files = [(f"m{k}.csv", _month_file(p, member=(-3 if p == "Feb. 2020" else 100), eu27=(-3 if p == "Feb. 2020"
                                                                                          else 100)))
             for k, p in enumerate(_all_months())]
    with pytest.raises(X.RawError, match=r"month 2020-02 partner Kazakhstan reporter EU27 column VALUE_IN_EUR"):
        X.monthly_rows(files, "Kazakhstan")
    files = [(f"m{k}.csv", _month_file(p, member=("x" if p == "Feb. 2020" else 100))) for k, p in
             enumerate(_all_months())]
    with pytest.raises(X.RawError, match=r"reporter Austria column VALUE_IN_EUR: value 'x' is not a number"):
        X.monthly_rows(files, "Kazakhstan")


def _annual_file(year: int, values: dict[str, float | str], french: bool = False) -> bytes:
    """A made-up annual Comext file: EU27 exports to each partner of ``values`` in ``year``."""
    reporter = ("Union européenne - 27 pays (AT, ...)" if french else "European Union - 27 countries (AT, ...)")
    lines = ["REPORTER,PARTNER,PRODUCT,FLOW,STAT_PROCEDURE,PERIOD,VALUE_IN_EUR"]
    lines += [f'"{reporter}","{p}","Total","EXPORT","Total","Jan.-Dec. {year}",{v}' for p, v in values.items()]
    return "\n".join(lines).encode()


def _annual_files(pool_values: dict[str, float], french_2016: bool = False, drop: tuple = ()):
    base = {"Kazakhstan": 100.0, "Kyrgyzstan": 5.0, "Armenia": 10.0, "Russian Federation (Russia)": 900.0,
            "Germany": 200.0}
    files = []
    for year in range(X.ANNUAL_FIRST, X.ANNUAL_LAST + 1):
        values = {**base, **pool_values}
        values = {p: v for p, v in values.items() if (year, p) not in drop}
        if year == 2016 and french_2016:
            values = {X.ANNUAL_FRENCH.get(X.annual_short(p), p): v for p, v in values.items()}
        files.append((f"y{year}.csv", _annual_file(year, values, french=(year == 2016 and french_2016))))
    return files


def test_annual_pool_band_both_ways():
    # Kazakhstan 100 in 2019: a destination at exactly 25 (a quarter) or 400 (four times) is in the pool, one at
    # 24.9 or 400.1 is not; an EU member (Germany, 200) never is; the four partners always are
    rows = X.annual_rows(_annual_files({"Chile": 25.0, "Peru": 24.9, "Taiwan": 400.0, "Qatar": 400.1}))
    partners = sorted({r[1] for r in rows})
    assert partners == ["Armenia", "Chile", "Kazakhstan", "Kyrgyzstan", "Russia", "Taiwan"]
    assert len(rows) == 6 * 14


def test_annual_french_file_and_missing_rows_stop():
    # the 2016 file in French is read through the stated labels ...
    rows = X.annual_rows(_annual_files({"Chile": 50.0, "South Africa (incl. Namibia 'NA' -> 1989)": 60.0},
                                       french_2016=True))
    assert [r[2] for r in rows if r[0] == 2016 and r[1] == "South Africa"] == ["60"]
    # ... a pool destination without a French label stops the run, naming file, year and partner
    with pytest.raises(X.RawError, match="y2016.csv year 2016: no French label known for partner 'Atlantis'"):
        X.annual_rows(_annual_files({"Atlantis": 50.0}, french_2016=True))
    # a destination of the pool missing in one year stops it too
    with pytest.raises(X.RawError, match="y2012.csv year 2012: 0 rows for partner 'Chile', expected 1"):
        X.annual_rows(_annual_files({"Chile": 50.0}, drop=((2012, "Chile"),)))
    # and a value that is not a number names the column
    files = _annual_files({"Chile": 50.0})
    files[3] = ("y2013.csv", _annual_file(2013, {"Kazakhstan": 100.0, "Kyrgyzstan": 5.0, "Armenia": 10.0,
                                                 "Russian Federation (Russia)": 900.0, "Chile": "n/a"}))
    with pytest.raises(X.RawError, match="y2013.csv year 2013 partner Chile column VALUE_IN_EUR"):
        X.annual_rows(files)


def test_failed_extraction_leaves_data_untouched(tmp_path, monkeypatch):
    # a raw folder without the bureau's files: the run stops before anything is written
    monkeypatch.setattr(X, "DATA", tmp_path)
    (tmp_path / "trade_bns.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(X.RawError, match="raw file missing"):
        X.extract_trade(tmp_path / "no-such-raw")
    assert (tmp_path / "trade_bns.csv").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trade_bns.csv"]  # no temporary file left
    X.write_atomic("t.csv", ["a"], [[1]])
    assert (tmp_path / "t.csv").read_text(encoding="utf-8") == "a\n1\n"


def _flat_then(months, factor_from="2022-03", factor=2.0, wobble=1e-3, slope=0.0):
    """A made-up monthly EU27 series of partner X: exp(10 + slope t) with an alternating wobble, times ``factor``
    from ``factor_from``."""
    return pd.DataFrame([{"month": m, "partner": "X", "reporter": "EU27",
                          "value_eur": math.exp(10 + slope * t + (wobble if t % 2 else -wobble))
                          * (factor if m >= factor_from else 1)} for t, m in enumerate(months)])


def test_trend_specs_and_leave_out():
    # on a series on its trend (tiny wobble) then doubled, every specification gives about +100 % ...
    months = [str(p) for p in pd.period_range("2019-01", "2022-12", freq="M")]
    table = T.trend_table(_flat_then(months), ("X",))
    assert list(table["specification"]) == list(T.TREND_SPECS)
    assert table["estimate_pct"].to_numpy() == pytest.approx([100, 100, 100, 100], abs=1)
    assert table["passes"].all()
    # ... and a left-out month is neither fitted nor marked as fitted
    d = T.detour(_flat_then(months), "X", leave_out=("2020-04",))
    assert not bool(d["months"].set_index("month").loc["2020-04", "fitted"])
    assert bool(d["months"].set_index("month").loc["2020-05", "fitted"])


def test_placebo_finds_nothing_without_a_break_and_something_with_one():
    months = [str(p) for p in pd.period_range("2019-01", "2022-12", freq="M")]
    # no break at all (a trend of 1 % a month and noise): the placebo's excess is about 0 and its interval holds 0
    quiet = _flat_then(months, factor=1.0, wobble=0.02, slope=0.01)
    p = T.placebo(quiet, "X")
    assert p["first"] == "2021-03" and p["last"] == "2022-01"
    assert abs(p["excess_pct"]) < 3
    assert p["excess_pct_low"] < 0 < p["excess_pct_high"]
    # a level shift of +30 % in March 2021 is a break the placebo must see: it fails
    early = _flat_then(months, factor_from="2021-03", factor=1.3, wobble=0.02, slope=0.01)
    p = T.placebo(early, "X")
    assert p["excess_pct"] == pytest.approx(30, abs=3)
    assert p["excess_pct_low"] > 0
    table = T.trend_table(early, ("X",), {"stated": {}})
    assert not table["passes"].iloc[0]


def test_trend_fit_uses_hac_errors_from_statsmodels():
    # HAC (Newey-West) standard errors differ from the classical ones on autocorrelated residuals
    months = [str(p) for p in pd.period_range("2019-01", periods=36, freq="M")]
    logs = [5 + 0.01 * t + 0.05 * math.sin(t / 3) for t in range(36)]
    fit = T.fit_log_trend(months, [math.exp(v) for v in logs], seasonal=False)
    assert fit["result"].cov_type == "HAC"
    assert fit["rho"] > 0.5  # a slow sine: strongly autocorrelated residuals
    classical = fit["result"].model.fit()
    assert fit["result"].bse[1] != pytest.approx(classical.bse[1], rel=1e-3)
    # the single-month prediction interval widens with the horizon (coefficient uncertainty)
    frame = T.trend_counterfactual(fit, ["2022-01", "2024-01"])
    widths = (frame["high"] / frame["low"]).to_list()
    assert widths[1] > widths[0]


# ---------------------------------------------------------------------------------------------------------------
# the detour against a control group

def _panel(values: dict[str, list[float]], first_year: int = 2019) -> pd.DataFrame:
    rows = [{"year": first_year + k, "partner": p, "value_eur": v} for p, vs in values.items()
            for k, v in enumerate(vs)]
    return pd.DataFrame(rows)


def test_did_on_a_made_up_panel_with_a_known_effect():
    # years 2019-2023; controls A, B, C grow 10 % a year in every year (a common price and demand rise); the treated
    # T grows with them until 2021 and is then doubled in 2022 and 2023. Worked by hand: T's mean log over 2022-23
    # less over 2019-21 is (ln 2 + 2.5 ln 1.1) - ln 1.1 = ln 2 + 1.5 ln 1.1; the controls' is 1.5 ln 1.1 (levels
    # differ, changes do not): the difference is ln 2, +100 %, whatever the common growth.
    g = [1.1 ** k for k in range(5)]
    annual = _panel({"T": [3 * x * (2 if k >= 3 else 1) for k, x in enumerate(g)],
                     "A": [10 * x for x in g], "B": [20 * x for x in g], "C": [5 * x for x in g]})
    panel = T.log_panel(annual, ["T", "A", "B", "C"])
    assert T.did(panel, "T", ["A", "B", "C"], pre=(2019, 2021)) == pytest.approx(math.log(2))
    # a deflator common to every destination (here +7 % a year) leaves the estimate exactly where it is
    deflated = annual.assign(value_eur=annual["value_eur"] / 1.07 ** (annual["year"] - 2019))
    assert T.did(T.log_panel(deflated, ["T", "A", "B", "C"]), "T", ["A", "B", "C"], pre=(2019, 2021)) == \
        pytest.approx(math.log(2))
    # the same estimate as the treated x post coefficient of OLS with destination and year effects (statsmodels)
    import statsmodels.formula.api as smf

    frame = annual.assign(y=np.log(annual["value_eur"]),
                          d=((annual["partner"] == "T") & (annual["year"] >= 2022)).astype(float))
    ols = smf.ols("y ~ d + C(partner) + C(year)", data=frame).fit()
    assert ols.params["d"] == pytest.approx(math.log(2))


def test_did_interval_and_placebo_on_a_panel_without_an_effect():
    # ten controls with different but constant growth; the treated grows like the median: no effect, and the
    # in-time placebo (2021 as if it were after the break) finds none either
    rates = [1.00, 1.02, 1.04, 1.05, 1.06, 1.07, 1.08, 1.10, 1.12, 1.14]
    values = {f"C{k}": [r ** t for t in range(5)] for k, r in enumerate(rates)}
    values["T"] = [1.065 ** t for t in range(5)]
    annual = _panel(values)
    panel = T.log_panel(annual, list(values))
    controls = [f"C{k}" for k in range(10)]
    d = T.did_estimate(panel, "T", controls, pre=(2019, 2021))
    assert d["pct_low"] < 0 < d["pct_high"]
    pl = T.did_estimate(panel, "T", controls, pre=(2019, 2020), post=(2021,))
    assert pl["pct_low"] <= 0 <= pl["pct_high"]
    # the interval is the estimate less the placebo quantiles: with placebos of one size it collapses to a point
    same = _panel({**{f"C{k}": [1.05 ** t for t in range(5)] for k in range(6)}, "T": [1.05 ** t for t in range(5)]})
    flat = T.did_estimate(T.log_panel(same, [f"C{k}" for k in range(6)] + ["T"]), "T", [f"C{k}" for k in range(6)],
                          pre=(2019, 2021))
    assert flat["pct"] == pytest.approx(0) and flat["pct_low"] == pytest.approx(0)


def test_control_group_value_from_quoted_raw_cells():
    # Eurostat Comext annual files (EU27 exports, total goods, column VALUE_IN_EUR):
    #   Relational_View_2024-11-17T08_31_35.486Z.csv (2021): Kazakhstan row 173, 5487086743; Chile row 185,
    #     10029230322; Thailand row 191, 13315185271; Egypt row 196, 21529969398; Morocco row 204, 25119958388;
    #     Taiwan row 208, 28431838792
    #   Relational_View_2024-11-17T08_31_40.163Z.csv (2022): Kazakhstan row 184, 10347711062; Chile row 185,
    #     10709922537; Thailand row 190, 14769625759; Egypt row 194, 20937396993; Morocco row 205, 31613771859;
    #     Taiwan row 208, 35034802263
    # by hand: ln(10347711062 / 5487086743) = 0.634368; the controls' log changes ln 1.067871, ln 1.109232,
    # ln 0.972477, ln 1.258512, ln 1.232238 average 0.116038; difference 0.518330, i.e. +67.92 %
    annual = data.load("eu_exports_annual")
    controls = ["Chile", "Thailand", "Egypt", "Morocco", "Taiwan"]
    panel = T.log_panel(annual, ["Kazakhstan"] + controls)
    est = T.did(panel, "Kazakhstan", controls, pre=(2021, 2021), post=(2022,))
    assert est == pytest.approx(0.518330, abs=1e-6)
    assert 100 * (math.exp(est) - 1) == pytest.approx(67.9222, abs=1e-3)


def test_control_group_rule_both_ways():
    annual = data.load("eu_exports_annual")
    controls = T.control_group(annual)
    # no former Soviet state, hence no neighbour of Russia in the pool (Belarus, Georgia, Azerbaijan)
    assert not set(controls) & set(T.FORMER_SOVIET)
    assert {"Morocco", "Chile", "Taiwan"} <= set(controls)
    # the band's edge: Kazakhstan 2019 = 5917319466 (2019 file, row of Kazakhstan); Kenya 1.62 bn (ratio 0.274)
    # stays in with a lower bound of 0.27 and leaves with 0.28
    assert "Kenya" in T.control_group(annual, band=(0.27, 4.0))
    assert "Kenya" not in T.control_group(annual, band=(0.28, 4.0))
    with pytest.raises(ValueError, match="at least 5"):
        T.control_group(annual, band=(0.99, 1.01))
    with pytest.raises(ValueError, match="no rows for"):
        T.log_panel(annual, ["Kazakhstan", "Atlantis"])


def test_headline_is_the_first_passing_specification():
    specs = pd.DataFrame([
        {"design": "control group", "specification": "a", "partner": "Kazakhstan", "estimate_pct": 50.0,
         "low_pct": 10.0, "high_pct": 90.0, "passes": False},
        {"design": "control group", "specification": "b", "partner": "Kazakhstan", "estimate_pct": 60.0,
         "low_pct": 20.0, "high_pct": 100.0, "passes": True},
        {"design": "control group", "specification": "c", "partner": "Kazakhstan", "estimate_pct": 40.0,
         "low_pct": 5.0, "high_pct": 80.0, "passes": True},
        {"design": "own trend", "specification": "d", "partner": "Kazakhstan", "estimate_pct": 130.0,
         "low_pct": 100.0, "high_pct": 160.0, "passes": True}])
    best = T.headline(specs)
    assert best["specification"] == "b" and best["estimate_pct"] == 60.0
    assert (best["range_low"], best["range_high"]) == (40.0, 60.0)  # the passing ones of the same design only
    assert T.headline(specs.assign(passes=False)) is None


def test_sum_interval_by_hand():
    # a constant-only model (no trend, no months): log level 2, no coefficient uncertainty, residual sd 0.1,
    # df 10**6 (t = 1.959964). Two months, each expected e^2, weights 1/2 and 1/2.
    # independent errors (rho 0): var = 0.01 * (1/4 + 1/4) = 0.005 -> half-width 1.959964 * 0.0707107 = 0.138590
    # perfectly correlated errors (rho 1): var = 0.01 * (1/2 + 1/2)^2 = 0.01 -> half-width 0.195996
    fit = {"beta": np.array([2.0]), "cov": np.zeros((1, 1)), "sigma": 0.1, "df": 10 ** 6, "rho": 0.0,
           "origin": "2022-01", "seasonal": False, "trend": False}
    total, low, high = T.sum_interval(fit, ["2022-03", "2022-04"])
    assert total == pytest.approx(2 * math.exp(2))
    assert math.log(high / total) == pytest.approx(0.138590, abs=1e-5)
    assert math.log(total / low) == pytest.approx(0.138590, abs=1e-5)
    _, low1, high1 = T.sum_interval({**fit, "rho": 1.0}, ["2022-03", "2022-04"])
    assert math.log(high1 / total) == pytest.approx(0.195996, abs=1e-5)
    # coefficient uncertainty adds g'Vg: V = 0.0025 for the constant -> var 0.005 + 0.0025 = 0.0075
    _, _, high2 = T.sum_interval({**fit, "cov": np.array([[0.0025]])}, ["2022-03", "2022-04"])
    assert math.log(high2 / total) == pytest.approx(1.959964 * math.sqrt(0.0075), abs=1e-5)


# ---------------------------------------------------------------------------------------------------------------
# what the alt texts of the trade chapter's figures say (typed in the cell metadata) holds for the built data


def test_detour_alt_text_holds(built_book):
    alt = alt_text("trade", "fig-trade-detour-did")
    assert "rises to about 55 percent in 2022 and 87 percent in 2023" in alt
    d = pd.read_csv(built_book / "book" / "figdata" / "trade-detour-did.csv")
    kaz = d[d["partner"] == "Kazakhstan"].set_index("year")["effect_pct"]
    assert round(kaz[2022]) == 55 and round(kaz[2023]) == 87
    # "sits 30 to 50 percent above 2021 in 2010-2014" (about: one year at 50.9), "near zero from 2016 to 2019"
    assert kaz.loc[2010:2014].between(30, 52).all() and kaz.loc[2016:2019].abs().max() < 11
    rus = d[d["partner"] == "Russia"].set_index("year")["effect_pct"]
    arm = d[d["partner"] == "Armenia"].set_index("year")["effect_pct"]
    # "Armenia's about doubles; Russia's falls by more than half" (2023 against 2021)
    assert arm[2023] > 90 and rus[2023] < -50


def test_bureau_shares_alt_text_holds(built_book):
    alt = alt_text("trade", "fig-trade-bns-shares")
    assert "42.5 percent in 2021" in alt and "27.9 percent in 2023" in alt and "China's 25.5 percent" in alt
    b = pd.read_csv(built_book / "book" / "figdata" / "trade-bns-shares.csv")
    bns = b[b["series"] != "imf-dots"].set_index(["year", "flow", "group"])["share_pct"]
    assert round(bns[(2021, "imports", "Russia")], 1) == 42.5
    assert round(bns[(2023, "imports", "Russia")], 1) == 27.9 and round(bns[(2023, "imports", "China")], 1) == 25.5
    # "Russia's share of exports stays between about 7 and 13 percent (2010, a statistical break, aside)"
    exp = b[(b["flow"] == "exports") & (b["group"] == "Russia") & (b["year"] != 2010)]["share_pct"]
    assert exp.min() >= 6.5 and exp.max() <= 13.5
