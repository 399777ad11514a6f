"""kzdep.pipelines against values worked out by hand from the source rows in data/."""

import datetime as dt

import pandas as pd
import pytest

from kzdep import data
from kzdep import pipelines as pl


@pytest.fixture(scope="module")
def routes():
    return data.load("oil_export_routes")


@pytest.fixture(scope="module")
def picked(routes):
    return pl.pick_route_rows(routes)


def test_route_classification():
    assert pl.crosses_russia("cpc") is True
    assert pl.crosses_russia("atyrau_samara") is True
    assert pl.crosses_russia("aktau_makhachkala") is True
    assert pl.crosses_russia("kz_china") is False
    assert pl.crosses_russia("aktau_btc") is False
    assert pl.crosses_russia("aktau_sea_total") is None  # tankers go to Baku and to Makhachkala
    with pytest.raises(KeyError):
        pl.route_class("total_exports")


def test_annualised():
    # Atyrau-Samara Jan-Oct 2024: 7.2 Mt in 10 months -> 7.2 * 12 / 10 = 8.64 Mt a year
    assert pl.annualised(7.2, "jan_oct") == pytest.approx(8.64)
    assert pl.annualised(52.2, "full_year") == 52.2
    with pytest.raises(ValueError):
        pl.annualised(0.106, "three_years_to_2021-06")


def test_pick_prefers_primary_source(picked):
    one = picked.set_index(["year", "period", "route"])
    # CPC 2022: CPC's 52.2, not the rounded 52 of LKY SPP
    assert one.loc[(2022, "full_year", "cpc"), "volume_mt"] == 52.2
    # KCP 2022: KMG's 1,290 kt, not the rounded 1
    assert one.loc[(2022, "full_year", "kz_china"), "volume_mt"] == 1.29
    # Aktau-BTC 2023: 1.392 (1.392 + 1.984 = 3.376, the port total), not Azernews' 1.057
    assert one.loc[(2023, "full_year", "aktau_btc"), "volume_mt"] == 1.392
    # 2013 China: route basis 11.8, not the customs 11.2
    assert one.loc[(2013, "full_year", "kz_china"), "volume_mt"] == 11.8
    assert not one.index.duplicated().any()


def test_pick_refuses_unrecorded_disagreement():
    frame = pd.DataFrame({"year": [2030, 2030], "period": ["full_year"] * 2, "route": ["cpc"] * 2,
                          "volume_mt": [50.0, 51.0], "source_id": ["a", "b"], "note": ["", ""]})
    with pytest.raises(ValueError, match="disagree"):
        pl.pick_route_rows(frame)


def test_full_split_periods(picked):
    assert pl.full_split_periods(picked) == [(2009, "full_year"), (2013, "full_year"), (2022, "full_year"),
                                             (2024, "jan_oct")]


def test_route_shares_2009_stated_total(picked):
    sh = pl.route_shares(picked, 2009).set_index("route")
    # 27.5 / 68.1: 68.1 * 0.4 = 27.24, remainder 0.26 / 68.1 = 0.003818 -> 40.3818 %
    assert sh.loc["cpc", "share_pct"] == pytest.approx(40.3818, abs=1e-3)
    # routes 27.5 + 17.5 + 7.7 + 11.1 + 4 = 67.8; 68.1 - 67.8 = 0.3 unallocated
    assert sh.loc["not_allocated", "volume_mt"] == pytest.approx(0.3)
    assert sh["share_pct"].sum() == pytest.approx(100.0)
    assert sh["basis"].iloc[0] == "stated total"


def test_route_shares_2013_sum_of_routes(picked):
    sh = pl.route_shares(picked, 2013).set_index("route")
    # no stated total: 28.7 + 15.4 + 11.8 + 6.3 + 9 = 71.2; 28.7 / 71.2 = 0.4 + 0.22/71.2 = 0.40309 -> 40.309 %
    assert sh.attrs["whole_mt"] == pytest.approx(71.2)
    assert sh.loc["cpc", "share_pct"] == pytest.approx(40.309, abs=1e-3)
    assert "not_allocated" not in sh.index
    with pytest.raises(ValueError):
        pl.route_shares(picked, 2023)  # no Atyrau-Samara figure for 2023


def test_russia_share_and_hhi_2022(picked):
    sh = pl.route_shares(picked, 2022)
    rs = pl.russia_share_pct(sh, pl.aktau_destinations(picked, 2022))
    # (52.2 + 8) / 64.3 = 60.2 / 64.3: 64.3 * 0.936 = 60.1848, remainder 0.0152 / 64.3 = 0.000236 -> 93.6236 %
    assert rs["low"] == pytest.approx(93.6236, abs=1e-3)
    # bypass: China 1.29 + Aktau-BTC 0.25 = 1.54; 1.54 / 64.3 = 0.023950 -> 2.3950 %
    assert rs["bypass"] == pytest.approx(2.3950, abs=1e-3)
    # everything else crosses Russia or is unsplit: 100 - 2.3950 = 97.6050
    assert rs["high"] == pytest.approx(97.6050, abs=1e-3)
    # HHI: (52.2^2 + 8^2 + 2^2 + 1.29^2 + 0.4^2) / 64.3^2 * 10,000
    #    = (2724.84 + 64 + 4 + 1.6641 + 0.16) / 4134.49 = 2794.6641 / 4134.49 = 0.6759397 -> 6759.40
    assert pl.route_hhi(sh) == pytest.approx(6759.40, abs=0.05)


def test_split_summary(routes):
    s = pl.split_summary(routes).set_index("year")
    # 2009 HHI: (27.5^2 + 17.5^2 + 7.7^2 + 11.1^2 + 4^2) / 68.1^2 * 10,000
    #         = (756.25 + 306.25 + 59.29 + 123.21 + 16) / 4637.61 = 1261 / 4637.61 = 0.271908 -> 2719.08
    assert s.loc[2009, "hhi"] == pytest.approx(2719.08, abs=0.05)
    # Jan-Oct 2024, with Aktau split: (46.3 + 7.2 + 1.6 Makhachkala) / (46.3 + 7.2 + 3.1 + 1) = 55.1 / 57.6
    #   57.6 * 0.9566 = 55.100 -> 95.66 %
    assert s.loc[2024, "russia_low_pct"] == pytest.approx(95.66, abs=0.01)
    assert s.loc[2024, "basis"] == "sum of routes"


def test_cpc_share_of_exports(routes):
    c = pl.cpc_share_of_exports(routes).set_index("year")
    # 2021: 53.1 / 67.6; 67.6 * 0.7855 = 53.0998 -> 78.55 %
    assert c.loc[2021, "cpc_share_pct"] == pytest.approx(78.55, abs=0.01)
    # 2025: 64.8 / 78.7; 78.7 * 0.8234 = 64.8016 -> 82.34 % (a hair below)
    assert c.loc[2025, "cpc_share_pct"] == pytest.approx(82.338, abs=0.01)
    assert 2018 not in c.index  # CPC figure but no stated total that year


def test_official_series_and_production():
    off = data.load("oil_official")
    exp = pl.official_series(off, "exports")
    assert exp[2022] == 64.3 and exp[2023] == 70.5  # two sources each, same value
    with pytest.raises(ValueError):
        pl.official_series(off, "domestic_supply")  # 2023: 17.5 vs a rounded 18
    prod = pl.production_series(data.load("oil_bp"), off).set_index("year")
    assert prod.loc[2020, "basis"] == "BP" and prod.loc[2020, "production_mt"] == pytest.approx(86.112611)
    assert prod.loc[2021, "basis"] == "official" and prod.loc[2021, "production_mt"] == 85.7
    assert not prod.index.duplicated().any()


def test_loadings():
    ld = data.load("cpc_loadings")
    assert pl.latest_full_year(ld) == {"year": 2025, "value_mt": 64.8, "source_id": "efe-abc-2026-exports-2025"}
    pts = pl.loadings_points(ld).set_index(["year", "measure"])
    assert pts.loc[(2025, "total_loadings"), "value_mt"] == 70.52  # 70.52 (CPC via TASS) before a rounded 70.5
    assert pts.loc[(2023, "total_loadings"), "value_mt"] == pytest.approx(63.473894)
    assert bool(pts.loc[(2014, "total_loadings"), "lower_bound"]) is True  # "more than 40"
    assert bool(pts.loc[(2018, "total_loadings"), "lower_bound"]) is False


def test_dates_and_durations():
    assert pl.parse_partial_date("2022-06") == (dt.date(2022, 6, 1), "month")
    assert pl.parse_partial_date(None) == (None, "none")
    assert pl.duration_days("2022-03-23", "2022-03-28") == 5
    assert pl.duration_days("2025-03-25", "2025-03-25") == 0
    assert pl.duration_days("2022-08-22", "2022-10") is None  # end month only
    assert pl.duration_days("2025-02-17", None) is None
    with pytest.raises(ValueError):
        pl.duration_days("2022-03-28", "2022-03-23")


def test_representative_stoppages():
    st = data.load("cpc_stoppages")
    rep = pl.representative_stoppages(st).set_index("event_id")
    assert len(rep) == st["event_id"].nunique() == 12
    # the full loading halt: 23 to 28 March 2022 (not the 22 March SPM-3 statement)
    assert rep.loc["cpc-2022-03-storm-spm", "start"] == dt.date(2022, 3, 23)
    assert rep.loc["cpc-2022-03-storm-spm", "days"] == 5
    # 19 to 26 February 2023 = 7 days
    assert rep.loc["cpc-2023-02-storm", "days"] == 7
    assert not rep.loc["cpc-2022-07-court", "interruption"]  # ordered, not enforced
    assert not rep.loc["cpc-2025-03-kropotkinskaya-attempt", "interruption"]
    assert rep.loc["cpc-2025-11-29-spm2", "end"] is None
    assert list(rep["start"]) == sorted(rep["start"])


def test_scenario_parameters():
    pa = data.load("parameters")
    assert pl.parameter(pa, "brent_annual_avg", 2024, "ka-energy-wb-oil-prices") == 80.7
    with pytest.raises(ValueError):
        pl.parameter(pa, "brent_annual_avg", 2023)  # three sources: one must be named
    # 47.142565 / 5.954994: 5.954994 * 7.9 = 47.044453, remainder 0.098112 / 5.954994 = 0.016476 -> 7.916476
    assert pl.barrels_per_tonne(pa) == pytest.approx(7.916476, abs=1e-5)


def test_spare_capacity_and_rerouting(routes):
    cap = data.load("route_capacity")
    sp = pl.spare_capacity(cap, routes, not_after=2025).set_index("route")
    # Atyrau-Samara: 17.5 (KMG 2024) - 7.2 * 12/10 = 17.5 - 8.64 = 8.86
    assert sp.loc["atyrau_samara", "spare_mt"] == pytest.approx(8.86)
    # China: 20 (KMG 2024) - 1.2 (2024 full year, KMG) = 18.8
    assert sp.loc["kz_china", "spare_mt"] == pytest.approx(18.8)
    # Aktau: 5.2 - 3.1 * 12/10 = 5.2 - 3.72 = 1.48
    assert sp.loc["aktau_sea_total", "spare_mt"] == pytest.approx(1.48)
    assert pl.latest_capacity(cap, "kz_china", 2015)["capacity_mt"] == 12  # the 2013 figure before the expansion
    # 64.8 Mt a year for 30 days = 1944 / 365 = 5.32603 Mt; 7.3 Mt a year spare over 30 days = 219 / 365 = 0.6
    rr = pl.rerouting(64.8 * 30 / 365, {"x": 7.3}, 30)
    assert rr["rerouted_mt"] == pytest.approx(0.6)
    assert rr["gap_mt"] == pytest.approx(5.32603 - 0.6, abs=1e-5)


def test_map_geometry():
    geo = data.geojson("pipelines")
    ends = pl.endpoints(geo)
    assert ends["P0646"]["first"] == (53.420055, 46.176391)   # CPC at Tengiz
    assert ends["P0646"]["last"] == (37.954475, 44.954974)    # CPC terminal at Novorossiysk
    assert ends["P0644"]["first"] == (49.4806535, 40.1975522)  # BTC at Sangachal
    assert ends["P0648"]["last"] == pytest.approx((82.56562216649365, 45.19441647326757))  # Alashankou
    for feat in geo["features"]:
        pl.map_route(feat["properties"]["project_id"])  # every drawn line has a route
    assert pl.map_route("P0646") == "cpc" and pl.map_route("P0644") == "aktau_btc"
