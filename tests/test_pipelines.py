"""kzdep.pipelines against values worked out by hand from the source rows in data/."""

import datetime as dt
import re

import pandas as pd
import pytest

from conftest import ROOT
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
    with pytest.raises(KeyError, match="unknown route 'total_exports'"):
        pl.route_class("total_exports")


def test_annualised():
    # Atyrau-Samara Jan-Oct 2024: 7.2 Mt in 10 months -> 7.2 * 12 / 10 = 8.64 Mt a year
    assert pl.annualised(7.2, "jan_oct") == pytest.approx(8.64)
    assert pl.annualised(52.2, "full_year") == 52.2
    with pytest.raises(ValueError, match="is not a run of months from January"):
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
                                             (2024, "jan_oct"), (2025, "full_year")]


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
    with pytest.raises(ValueError, match="^2023 .*: no full split of routes"):
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
    with pytest.raises(ValueError, match=r"official domestic_supply 2023: sources disagree"):
        pl.official_series(off, "domestic_supply")  # 2023: 17.5 vs a rounded 18
    # oil_official.csv 2021 production: '2021,production,85.7,forecast,kursiv-2021-production-2021' (expected on
    # 28 Dec 2021): a forecast is no outturn, so 2021 has no official production; 2022: '84.2,stated' (two sources)
    prod = pl.official_series(off, "production")
    assert 2021 not in prod.index and prod[2022] == 84.2
    # the 2021 exports are labelled preliminary (stated before the year ended), not forecast: kept
    assert exp[2021] == 67.6


def test_loadings():
    ld = data.load("cpc_loadings")
    assert pl.latest_full_year(ld) == {"year": 2025, "value_mt": 64.8, "source_id": "efe-abc-2026-exports-2025"}
    pts = pl.loadings_points(ld).set_index(["year", "measure"])
    assert pts.loc[(2025, "total_loadings"), "value_mt"] == 70.52  # 70.52 (CPC via TASS) before a rounded 70.5
    # 2023: the CPC's stated total is reachable only through Sputnik and is not in the data; the 63.7 forecast is
    # never drawn as a loading
    assert (2023, "total_loadings") not in pts.index
    assert bool(pts.loc[(2014, "total_loadings"), "lower_bound"]) is True  # "more than 40"
    assert bool(pts.loc[(2018, "total_loadings"), "lower_bound"]) is False


def test_dates_and_durations():
    assert pl.parse_partial_date("2022-06") == (dt.date(2022, 6, 1), "month")
    assert pl.parse_partial_date(None) == (None, "none")
    assert pl.duration_days("2022-03-23", "2022-03-28") == 5
    assert pl.duration_days("2025-03-25", "2025-03-25") == 0
    assert pl.duration_days("2022-08-22", "2022-10") is None  # end month only
    assert pl.duration_days("2025-02-17", None) is None
    with pytest.raises(ValueError, match="end 2022-03-23 before start 2022-03-28"):
        pl.duration_days("2022-03-28", "2022-03-23")


def test_representative_stoppages():
    st = data.load("cpc_stoppages")
    rep = pl.representative_stoppages(st).set_index("event_id")
    # 11 events (the 25 March 2025 intercepted drone, known only from Sputnik's copy of a Russian defence
    # ministry claim, was dropped)
    assert len(rep) == st["event_id"].nunique() == 11
    # the full loading halt: 23 to 28 March 2022 (not the 22 March SPM-3 statement)
    assert rep.loc["cpc-2022-03-storm-spm", "start"] == dt.date(2022, 3, 23)
    assert rep.loc["cpc-2022-03-storm-spm", "days"] == 5
    # 19 to 26 February 2023 = 7 days
    assert rep.loc["cpc-2023-02-storm", "days"] == 7
    assert not rep.loc["cpc-2022-07-court", "interruption"]  # ordered, not enforced
    assert "cpc-2025-03-kropotkinskaya-attempt" not in rep.index
    assert rep.loc["cpc-2025-11-29-spm2", "end"] is None
    assert list(rep["start"]) == sorted(rep["start"])


def test_scenario_parameters():
    pa = data.load("parameters")
    assert pl.parameter(pa, "brent_annual_avg", 2024, "ka-energy-wb-oil-prices") == 80.7
    with pytest.raises(ValueError, match=r"data/parameters.csv: parameter 'brent_annual_avg', year 2023: 3 rows"):
        pl.parameter(pa, "brent_annual_avg", 2023)  # three sources: one must be named
    # the trade chapter's stated change: 'kz_ru_turnover_stated_change_pct,-3.7,percent,stated,2023,...'
    assert data.parameter(pa, "kz_ru_turnover_stated_change_pct", 2023) == -3.7
    with pytest.raises(ValueError, match=r"parameter 'kz_ru_turnover_stated_change_pct', year 2022: 0 rows"):
        data.parameter(pa, "kz_ru_turnover_stated_change_pct", 2022)
    # 47.142565 / 5.954994: 5.954994 * 7.9 = 47.044453, remainder 0.098112 / 5.954994 = 0.016476 -> 7.916476
    assert pl.barrels_per_tonne(pa) == pytest.approx(7.916476, abs=1e-5)


def test_spare_capacity_and_rerouting(routes):
    cap = data.load("route_capacity")
    sp = pl.spare_capacity(cap, routes, not_after=2025).set_index("route")
    # Atyrau-Samara: 17.5 (KMG 2024) - 8.8 (2025, minister via Day.Az) = 8.7
    assert sp.loc["atyrau_samara", "spare_mt"] == pytest.approx(8.7)
    # China: 20 (KMG 2024) - 1 (2025, minister) = 19
    assert sp.loc["kz_china", "spare_mt"] == pytest.approx(19.0)
    # Aktau: 5.2 - 3.7 (2025, derived 1.5 + 2.2) = 1.5
    assert sp.loc["aktau_sea_total", "spare_mt"] == pytest.approx(1.5)
    # with the 2024 flows: Atyrau-Samara 17.5 - 7.2 * 12/10 = 17.5 - 8.64 = 8.86
    assert pl.spare_capacity(cap, routes[routes.year <= 2024], 2024).set_index("route").loc[
        "atyrau_samara", "spare_mt"] == pytest.approx(8.86)
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


# ---------------------------------------------------------------------------------------------------------------
# the stoppage scenario: parameters, defaults of one year, the reader's price, the download frames

@pytest.fixture(scope="module")
def scenario_frames():
    return data.load("parameters"), data.load("cpc_loadings"), data.load("oil_official")


@pytest.mark.parametrize("kwargs, named", [
    (dict(stop_days=-1, price=None), "STOP_DAYS"),
    (dict(stop_days=366, price=None), "STOP_DAYS"),
    (dict(stop_days=30, price=0), "OIL_PRICE_USD_BBL"),
    (dict(stop_days=30, price=-5.0), "OIL_PRICE_USD_BBL"),
    (dict(stop_days="30", price=None), "STOP_DAYS"),
    (dict(stop_days=30, price=None, grid_days=[7, 400]), "GRID_DAYS"),
    (dict(stop_days=30, price=None, grid_prices=[60, 0]), "GRID_PRICES"),
])
def test_out_of_range_parameters_are_refused_by_name(kwargs, named):
    with pytest.raises(pl.ScenarioParameterError, match=named):
        pl.check_scenario_parameters(**kwargs)


def test_edge_parameters_are_accepted():
    pl.check_scenario_parameters(0, None, [0, 365], [0.01])
    pl.check_scenario_parameters(365, 120.0)


def test_default_price_and_volume_are_of_one_year(scenario_frames):
    pa, ld, off = scenario_frames
    s = pl.scenario_inputs(pa, ld, off, 30)
    # cpc_loadings: "2025,kazakh_oil,64.8,stated,efe-abc-2026-exports-2025"
    # parameters: "brent_annual_avg,69.0,USD/bbl,stated,2025,ka-energy-wb-oil-prices"
    assert (s["year"], s["volume_mt"], s["price_usd_bbl"], s["price_basis"]) == (2025, 64.8, 69.0, "published")
    assert s["exports_mt"] == 78.7  # oil_official: "2025,exports,78.7,efe-abc-2026-exports-2025"
    assert pl.price_words(s) == "the World Bank's 2025 average for Brent"
    # an earlier year: 2022 volume 52.2 (CPC) with the 2022 World Bank average 99.8
    s22 = pl.scenario_inputs(pa, ld, off, 30, year=2022)
    assert (s22["volume_mt"], s22["price_usd_bbl"]) == (52.2, 99.8)
    with pytest.raises(pl.ScenarioParameterError, match="SCENARIO_YEAR"):
        pl.scenario_inputs(pa, ld, off, 30, year=2015)


def test_a_price_set_by_the_reader_is_called_so(scenario_frames):
    s = pl.scenario_inputs(*scenario_frames, 30, price=75.0)
    assert s["price_usd_bbl"] == 75.0 and s["price_basis"] == "reader"
    assert pl.price_words(s) == "a price set by the reader"
    assert "World Bank" not in pl.price_words(s)


def test_scenario_table_by_hand(scenario_frames):
    s = pl.scenario_inputs(*scenario_frames, 30)
    t = pl.scenario_table(s, {"kz_china": 6.0, "aktau_sea_total": 1.48}, [7, 30, 90]).set_index("days")
    assert list(t.index) == [7.0, 30.0, 90.0] and list(t["chosen"]) == [False, True, False]
    # 30 days: 64.8 * 30 / 365 = 5.326027 Mt; x 7.916476 bbl/t x 69.0 US$ = 5.326027 * 546.23684 = 2909.29 US$ m
    assert t.loc[30.0, "lost_mt"] == pytest.approx(5.326027, abs=1e-6)
    assert t.loc[30.0, "lost_usd_m"] == pytest.approx(2909.29, abs=0.05)
    # bypass (given): (6 + 1.48) * 30 / 365 = 7.48 * 0.0821918 = 0.614795 Mt; stranded 5.326027 - 0.614795 = 4.711232
    assert t.loc[30.0, "bypass_mt"] == pytest.approx(0.614795, abs=1e-6)
    assert t.loc[30.0, "stranded_mt"] == pytest.approx(4.711232, abs=1e-6)


def test_editing_stop_days_or_the_price_changes_the_downloads(scenario_frames):
    spare = {"kz_china": 6.0, "aktau_sea_total": 1.48}
    base = pl.scenario_inputs(*scenario_frames, 30)
    longer = pl.scenario_inputs(*scenario_frames, 45)
    dearer = pl.scenario_inputs(*scenario_frames, 30, price=100.0)
    t0 = pl.scenario_table(base, spare, [7, 30, 90])
    t1 = pl.scenario_table(longer, spare, [7, 30, 90])
    t2 = pl.scenario_table(dearer, spare, [7, 30, 90])
    assert 45.0 in set(t1["days"]) and 45.0 not in set(t0["days"])
    assert t1.loc[t1["chosen"], "days"].tolist() == [45.0]
    assert not t0.equals(t2) and set(t2["price_basis"]) == {"reader"}
    # the same stoppage at 100 instead of 69 US$ a barrel: value x 100/69, volume unchanged
    assert t2["lost_usd_m"].iloc[1] == pytest.approx(t0["lost_usd_m"].iloc[1] * 100 / 69.0)
    assert t2["lost_mt"].equals(t0["lost_mt"])
    c0, c1 = pl.scenario_curve(base, spare), pl.scenario_curve(longer, spare)
    assert c0["days"].max() == 365 and c1.loc[c1["chosen"], "days"].tolist() == [45.0]


def _chapter_with(tmp_path, **edits):
    """A one-page book: book/pipelines.md with lines of its first code cell (the parameter cell) replaced."""
    from test_build import small_book

    src = (ROOT / "book" / "pipelines.md").read_text(encoding="utf-8")
    body = src.split("---\n", 2)[2]  # drop the front matter; small_book writes its own
    first = body.index("```{code-cell}")
    cell_end = body.index("```\n", first + 3)
    cell = body[first:cell_end]
    assert "SCENARIO PARAMETERS" in cell, "the first code cell is not the parameter cell"
    for name, value in edits.items():
        line = next(line for line in cell.splitlines() if line.startswith(f"{name} = "))
        cell = cell.replace(line, f"{name} = {value!r}")
    references = "# Bibliography\n\n```{bibliography}\n:all:\n```\n"
    # the chapter links the glossary's terms and the reading list: they come along (as in the book)
    pages = {"pipelines": body[:first] + cell + body[cell_end:], "references": references}
    for extra in ("glossary", "reading"):  # their links to other chapters become plain text in this small book
        text = (ROOT / "book" / f"{extra}.md").read_text(encoding="utf-8")
        pages[extra] = re.sub(r"\{(?:doc|numref|ref)\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    return small_book(tmp_path, pages)


def test_the_chapter_builds_its_scenario_from_the_parameter_cell(tmp_path):
    from test_build import make_html

    where = _chapter_with(tmp_path, STOP_DAYS=45, OIL_PRICE_USD_BBL=100.0)
    result = make_html(where)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = pd.read_csv(where / "book" / "figdata" / "pipelines-scenario-table.csv")
    curve = pd.read_csv(where / "book" / "figdata" / "pipelines-scenario.csv")
    assert table.loc[table["chosen"], "days"].tolist() == [45.0]
    assert set(table["price_usd_bbl"]) == {100.0} and set(table["price_basis"]) == {"reader"}
    assert curve.loc[curve["chosen"], "days"].tolist() == [45.0] and set(curve["price_usd_bbl"]) == {100.0}
    # the production chart's download marks the preliminary export total (oil_official.csv: "2021,exports,67.6,
    # preliminary,kursiv-2021-production-2021"); every other export point is stated
    prod = pd.read_csv(where / "book" / "figdata" / "pipelines-production.csv")
    exp = prod[prod["measure"] == "exports"].set_index("year")
    assert exp.loc[2021, "basis"] == "preliminary" and exp.loc[2021, "value_mt"] == 67.6
    assert set(exp.drop(index=2021)["basis"]) == {"stated"}
    # the same numbers as the function gives for these parameters (csv keeps 6 significant digits)
    frames = (data.load("parameters"), data.load("cpc_loadings"), data.load("oil_official"))
    s = pl.scenario_inputs(*frames, 45, price=100.0)
    spare = pl.bypass_spare(data.load("route_capacity"), data.load("oil_export_routes"), data.load("kmg_midstream"),
                            s["year"])
    expect = pl.scenario_table(s, spare, [7, 30, 90, 180])
    assert table["lost_usd_m"].tolist() == pytest.approx(expect["lost_usd_m"].tolist(), rel=1e-5)
    # and not the default download: 45 days at 100 US$ is not among the defaults (30 days, 69 US$)
    default = pl.scenario_table(pl.scenario_inputs(*frames, 30), spare, [7, 30, 90, 180])
    assert len(table) != len(default) or table["lost_usd_m"].tolist() != pytest.approx(default["lost_usd_m"].tolist())
    html = (where / "_build" / "html" / "pipelines.html").read_text(encoding="utf-8")
    html = html.replace("&#39;", "'").replace("&#x27;", "'").replace("’", "'")
    assert "a price set by the reader" in html and "World Bank's 2025 average for Brent" not in html


@pytest.mark.parametrize("edit, named", [({"STOP_DAYS": -3}, "STOP_DAYS"),
                                         ({"OIL_PRICE_USD_BBL": 0}, "OIL_PRICE_USD_BBL")])
def test_an_out_of_range_parameter_stops_the_build_naming_it(tmp_path, edit, named):
    from test_build import make_html

    result = make_html(_chapter_with(tmp_path, **edit))
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "ScenarioParameterError" in out and f"scenario parameter {named}" in out


# ---------------------------------------------------------------------------------------------------------------
# splits that must close, CPC loadings against the cumulative total, capacities with their definitions

def test_splits_close_within_the_tolerance(routes):
    st = pl.split_status(routes).set_index(["year", "period"])
    # 2009: 27.5 + 17.5 + 7.7 + 11.1 + 4 = 67.8 against 68.1: gap 0.3 / 68.1 = 0.4405 %
    assert st.loc[(2009, "full_year"), "gap_pct"] == pytest.approx(0.4405, abs=1e-3)
    # 2025: CPC 64.8 + Atyrau-Samara 8.8 + China 1 + Aktau (1.5 + 2.2 = 3.7, derived) = 78.3 against 78.7:
    #   0.4 / 78.7 = 0.5083 %
    assert st.loc[(2025, "full_year"), "gap_pct"] == pytest.approx(0.5083, abs=1e-3)
    assert st.loc[(2025, "full_year"), "status"] == "closes"
    # 2023: CPC 56 + China 1.209 + Aktau 3.376 = 60.585 against 70.5; Atyrau-Samara not found: not a split
    assert st.loc[(2023, "full_year"), "status"] == "incomplete"
    assert st.loc[(2023, "full_year"), "missing"] == "atyrau_samara"
    assert st.loc[(2023, "full_year"), "routes_mt"] == pytest.approx(60.585)


def test_a_split_that_does_not_close_stops_the_build(routes):
    broken = routes.copy()
    # 2009's stated total raised from 68.1 to 75: the routes' 67.8 is 9.6 % short
    broken.loc[(broken.year == 2009) & (broken.route == "total_exports"), "volume_mt"] = 75.0
    with pytest.raises(pl.SplitError, match=r"2009 full_year.*67.8 Mt.*75 Mt.*\+9.6 %"):
        pl.split_summary(broken)
    # a year completed with a route that overshoots: 2023 with an Atyrau-Samara of 20 Mt -> 80.585 > 70.5
    extra = pd.DataFrame([{"year": 2023, "period": "full_year", "route": "atyrau_samara", "volume_mt": 20.0,
                           "basis": "stated", "source_id": "test", "note": ""}])
    with pytest.raises(pl.SplitError, match="2023 full_year.*atyrau_samara 20"):
        pl.split_summary(pd.concat([routes, extra], ignore_index=True))


def test_forecasts_and_derivations_are_never_outturns():
    ld = data.load("cpc_loadings")
    # "2025,kazakh_oil,68,forecast,tass-2025-12-11-cpc-68mt" is not the 2025 outturn (64.8)
    assert pl.latest_full_year(ld)["value_mt"] == 64.8
    pts = pl.loadings_points(ld).set_index(["year", "measure"])
    assert (2023, "total_loadings") not in pts.index  # "2023,total_loadings,63.7,forecast,...": not an outturn
    assert pts.loc[(2022, "total_loadings"), "basis"] == "stated"
    # 2017 exists only as a derivation: 61.08 / 1.108 = 55.1264
    assert pts.loc[(2017, "total_loadings"), "basis"] == "derived"
    assert pts.loc[(2017, "total_loadings"), "value_mt"] == pytest.approx(55.1264, abs=1e-4)
    # 2024 Kazakh oil only as a derivation: 64.8 Mt in 2025 was 18 % up, 64.8 / 1.18 = 54.9153
    assert pts.loc[(2024, "kazakh_oil"), "basis"] == "derived"
    assert pts.loc[(2024, "kazakh_oil"), "value_mt"] == pytest.approx(54.9153, abs=1e-4)


def test_cumulative_check():
    """Worked by hand on a small table: totals 35 (2010), 61.08 (2018), 58.7 (2022) against a stated cumulative 500 Mt
    to 1 January 2024: known 154.78 Mt in 3 years, 20 years missing carried 345.22 Mt, 17.261 Mt a year."""
    ld = pd.DataFrame({"year": [2010, 2018, 2022, 2022], "measure": ["total_loadings"] * 3 + ["kazakh_oil"],
                       "value_mt": [35.0, 61.08, 58.7, 52.2], "basis": ["approx", "stated", "stated", "stated"],
                       "source_id": ["a", "b", "c", "c"], "note": ""})
    pa = pd.DataFrame({"parameter": ["cpc_cumulative_loadings_2001_to_2024-01-01"], "value": [500.0], "unit": ["Mt"],
                       "qualifier": ["stated"], "year": [2024], "source_id": ["x"], "note": [""]})
    chk = pl.cumulative_check(ld, pa)
    assert chk["known_mt"] == pytest.approx(154.78) and chk["n_known"] == 3 and chk["n_missing"] == 20
    assert chk["residual_mt"] == pytest.approx(345.22) and chk["residual_mean_mt"] == pytest.approx(17.261)
    too_much = ld.copy()
    too_much.loc[too_much.year == 2018, "value_mt"] = 900.0
    # 35 + 900 + 58.7 = 993.7 > 500: the known years alone exceed it (not the missing-years rule, whose message
    # also says 'cumulative')
    with pytest.raises(ValueError, match="yearly totals 2001-2023 sum to 993.7 Mt, above CPC's cumulative 500 Mt"):
        pl.cumulative_check(too_much, pa)


def test_no_number_rests_on_the_state_media_copy_of_the_cpc_release():
    """The CPC's 2023 release is reachable only through Sputnik (partisan): none of its numbers is in the data."""
    for name in ("cpc_loadings", "parameters"):
        assert "sputnikkz-2024-cpc-2023" not in set(data.load(name)["source_id"])


def test_capacities_carry_their_definition():
    cap = data.load("route_capacity")
    btc = pl.latest_capacity(cap, "btc", 2025)
    # 1.2 million bbl/d x 49.8 (EI: barrels a day -> tonnes a year) = 59.76 Mt, technical, since 2009
    assert (btc["capacity_mt"], btc["as_of"], btc["definition"]) == (59.76, 2009, "technical")
    assert pl.latest_capacity(cap, "btc", 2008)["definition"] == "design"  # 50 Mt as built
    # every capacity says what it is; a target is marked as one, and none is left not_stated (issue 23)
    assert set(cap["definition"]) <= {"design", "technical", "mechanical", "target"}


# ---------------------------------------------------------------------------------------------------------------
# oil editions, gas, and the summary's contract

def test_oil_editions_are_not_spliced():
    eds = pl.oil_editions(data.load("oil_ei"), data.load("oil_bp"), data.load("oil_official"))
    ei = eds[eds.series == "ei-2026"].set_index("year")
    # EI-Stats-Review-ALL-data.xlsx (2026), sheet "Oil Production - tonnes", row 31 (Kazakhstan), column BL (2025):
    # 99.375567; column BK (2024): 87.746
    assert ei.loc[2025, "production_mt"] == pytest.approx(99.375567)
    assert ei.loc[2024, "production_mt"] == pytest.approx(87.746)
    # the 2024 edition ends in 2023: EI-Stats-Review-All-Data.xlsx (2024), "Oil Production - tonnes", 2023: 89.9796
    old = eds[eds.series == "ei-2024"].set_index("year")
    assert old.index.max() == 2023 and old.loc[2023, "production_mt"] == pytest.approx(89.9796)
    # official production is a series of its own (every outturn year), never appended to an edition
    off = eds[eds.series == "official"].set_index("year")
    assert off.loc[2024, "production_mt"] == 87.7 and set(off["source_id"]).isdisjoint(pl.EDITION_SOURCE.values())
    assert eds.duplicated(["year", "series"]).sum() == 0
    for series in ("ei-2026", "ei-2024", "bp-2021"):
        assert eds.loc[eds.series == series, "source_id"].nunique() == 1
    # 2026 edition, "Oil Consumption - Tonnes", Kazakhstan, 2019: 14.232040951196172 (as in 2024); oil_bp.csv (BP
    # 2021) gives 17.48685162 for 2019
    rev = pl.edition_revision(eds, "consumption_mt", 2019)
    assert rev["new"] == pytest.approx(14.232041, abs=1e-6)
    assert rev["revision_pct"] == pytest.approx(100 * (14.232041 - rev["old"]) / rev["old"])
    assert rev["old"] == pytest.approx(17.49, abs=0.01)
    # the 2026 edition revised 2023 consumption: 15.32203506047 (2026) against 15.80 (2024)
    rev = pl.edition_revision(eds, "consumption_mt", 2023, "ei-2026", "ei-2024")
    assert rev["new"] == pytest.approx(15.322035, abs=1e-6) and rev["old"] == pytest.approx(15.80, abs=0.01)


def test_gas_trade_by_hand():
    trade = data.load("gas_pipeline_trade_ei")
    gt = pl.gas_trade(trade)
    # EI 2026, sheet "Gas trade 2025 - pipeline": row 27 (China), column I (Kazakhstan) 4.889398945120514; row 16
    # (Kazakhstan), column J (Russian Federation) 3.4189649983340815, column K (Turkmenistan) 0.3792068785261566,
    # column W (Total imports) 3.798171876860238; row 17 (Russian Federation), column I (Kazakhstan) 0
    assert gt["year"] == 2025 and gt["source_id"] == "ei-sr-2026"
    assert gt["to_china"] == pytest.approx(4.889399, abs=1e-6) and gt["to_russia"] == 0
    assert gt["exports"] == pytest.approx(4.889399, abs=1e-6)
    assert gt["from_russia"] == pytest.approx(3.418965, abs=1e-6)
    assert gt["imports"] == pytest.approx(3.418965 + 0.379207, abs=1e-6)
    assert gt["russia_share_of_exports_pct"] == 0
    old = pl.gas_trade(trade, "ei-2024")
    # EI 2024, "Gas trade - pipeline": row China, column Kazakhstan 4.639262641019178; row Russian Federation,
    # column Kazakhstan 0.6656632513069383; row Kazakhstan, column Russian Federation 0.18208543412733588
    assert old["year"] == 2023 and old["to_china"] == pytest.approx(4.639263, abs=1e-6)
    assert old["from_russia"] == pytest.approx(0.182085, abs=1e-6)
    # 0.665663 / (4.639263 + 0.665663) = 0.665663 / 5.304926 = 12.548 %
    assert old["russia_share_of_exports_pct"] == pytest.approx(12.548, abs=1e-3)
    gas = pl.gas_balance(data.load("gas_ei")).set_index("year")
    # EI 2026 "Gas Production - Bcm" Kazakhstan 2025: 38.3912233701093; "Gas Consumption - Bcm" 2025:
    # 23.889441361499994
    assert gas.loc[2025, "surplus_bcm"] == pytest.approx(38.391223 - 23.889441, abs=1e-5)
    assert set(gas["source_id"]) == {"ei-sr-2026"}


CONTRACT_COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                    "series", "note"]


def test_pipelines_yearly_indicators_contract():
    f = pl.yearly_indicators()
    assert list(f.columns) == CONTRACT_COLUMNS
    assert set(f["lever"]) == {"pipelines"} and f["value"].dtype == float and f["year"].dtype.kind == "i"
    for key in ["oil_exports_via_russia_share", "cpc_share_of_exports", "oil_production_mt", "oil_exports_mt",
                "gas_pipeline_exports_to_russia_share"]:
        assert key in set(f["indicator"]), key
    assert not f.duplicated(["indicator", "year"]).any()
    v = f[f.indicator == "oil_exports_via_russia_share"].set_index("year")["value"]
    # 2009: CPC 27.5 + Atyrau-Samara 17.5 = 45 of 68.1 -> 66.079 %
    assert v[2009] == pytest.approx(100 * 45 / 68.1)
    # 2025: CPC 64.8 + Atyrau-Samara 8.8 + Makhachkala 2.2 = 75.8 of 78.7 -> 96.315 %
    assert v[2025] == pytest.approx(100 * 75.8 / 78.7)
    assert set(f["direction"]) <= {-1, 0, 1}
    assert "partisan" not in set(f["tier"])
    # one edition per series: production from the 2026 edition only, to 2025 (99.375567), no official point joined
    prod = f[f.indicator == "oil_production_mt"].set_index("year")
    assert set(prod["series"]) == {"ei-2026"} and set(prod["source_id"]) == {"ei-sr-2026"}
    assert prod.index.max() == 2025 and prod.loc[2025, "value"] == pytest.approx(99.375567)
    gas = f[f.indicator == "gas_pipeline_exports_to_russia_share"]
    assert list(gas["year"]) == [2025] and set(gas["source_id"]) == {"ei-sr-2026"}


def test_pipelines_findings_use_the_defaults():
    fnd = pl.findings()
    assert fnd["plf_scen_days"] == "30" and fnd["plf_scen_year"] == "2025" and fnd["plf_scen_price"] == "69.0"
    assert fnd["plf_scen_lost_mt"] == "5.33"  # 64.8 * 30 / 365 = 5.326
    assert all(isinstance(v, str) for v in fnd.values())


def test_route_row_sources_name_the_route_and_the_whole():
    picked = pd.DataFrame({
        "year": [2022, 2022, 2022, 2013, 2013], "period": ["full_year"] * 5,
        "route": ["cpc", "kz_china", "total_exports", "cpc", "kz_china"],
        "volume_mt": [52.2, 1.3, 64.0, 28.0, 11.8], "source_id": ["a", "b", "t", "c", "d"]})
    # a stated total: the route's own source and the total's
    assert pl.route_row_sources(picked, 2022, "full_year", "cpc") == ["a", "t"]
    # what the routes leave unexplained rests on every row of the period
    assert pl.route_row_sources(picked, 2022, "full_year", "not_allocated") == ["a", "b", "t"]
    # no stated total: the whole is the sum of the routes, so every route's source is behind a share
    assert pl.route_row_sources(picked, 2013, "full_year", "kz_china") == ["c", "d"]
    assert pl.route_row_sources(picked, 2013, "full_year", "rail") == []
