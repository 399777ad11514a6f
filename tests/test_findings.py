"""The chapters' formatted numbers come from the package (issue 14, point 1): the pipelines and summary chapters glue
them with one ``text.glue_all`` call per section, so the names they paste must all be offered here, and the values
must be the ones worked by hand from the data rows quoted beside each check."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from kzdep import index, pipelines as pl, summary

BOOK = Path(__file__).resolve().parent.parent / "book"


def pasted(chapter: str) -> set[str]:
    """The glue names a chapter pastes with {glue:text}`name`."""
    return set(re.findall(r"\{glue:text\}`([A-Za-z0-9_]+)`", (BOOK / chapter).read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def pipe():
    return pl.chapter_findings()


@pytest.fixture(scope="module")
def scen():
    return pl.scenario_findings()


# ---------------------------------------------------------------------------------------------------------------
# pipelines

def test_pipelines_chapter_pastes_only_package_numbers(pipe, scen):
    assert not set(pipe) & set(scen), "a number is either fixed or follows the parameters, not both"
    offered = set(pipe) | set(scen)
    assert len(pasted("pipelines.md")) > 100  # the chapter pastes its numbers this way (else <= holds on nothing)
    assert pasted("pipelines.md") <= offered, sorted(pasted("pipelines.md") - offered)
    assert all(isinstance(v, str) and v for v in {**pipe, **scen}.values())
    # the summary chapter's numbers (findings()) are part of the chapter's set
    assert set(pl.findings()) <= set(pipe)


def test_pipelines_route_numbers_by_hand(pipe):
    # data/oil_export_routes.csv, 2022: "2022,full_year,cpc,52.2,stated,zonebourse-reuters-2023-cpc-2022" and
    # "2022,full_year,total_exports,64.3,stated,astanatimes-2023-production-2022": 52.2 / 64.3 = 81.18 %
    assert pipe["pl_cpc_share_2022"] == "81.2 %"
    # ... with "2022,full_year,atyrau_samara,8,approx,lkyspp-2025-diversifying": (52.2 + 8) / 64.3 = 93.62 %
    assert pipe["pl_russia_low_2022"] == "93.6 %"
    # the primary CPC figure, not the rounded copy "2022,full_year,cpc,52,approx,lkyspp-2025-diversifying"
    assert pipe["pl_cpc22_primary"] == "52.2" and pipe["pl_cpc22_rounded"] == "52"
    # 2021: "2021,full_year,cpc,53.1,..." of "2021,full_year,total_exports,67.6,...": 53.1 / 67.6 = 78.55 %
    assert (pipe["pl_cpc_2021"], pipe["pl_exp_2021"], pipe["pl_cpc_share_2021"]) == ("53.1", "67.6", "78.6 %")


def test_pipelines_cpc_transcaspian_and_gas_numbers_by_hand(pipe):
    # data/cpc_loadings.csv: "2025,kazakh_oil,68,forecast,tass-2025-12-11-cpc-68mt" is the forecast; the outturn
    # "64.8 Mt in 2025" (the scenario's volume); total loadings 2025: 70.5 and 70.52, the more precise one is kept
    assert pipe["pl_fc_2025"] == "68" and pipe["pl_kz_2025"] == "64.8" and pipe["pl_load_last"] == "70.5"
    # data/parameters.csv: "tokayev_transcaspian_oil_target,20,Mt/yr,stated,2022" and
    # "kmg_socar_btc_agreement,1.5,Mt/yr,stated,2022"; the event table dates the speech 7 November 2022
    assert pipe["pl_target"] == "20" and pipe["pl_kmg_socar"] == "1.5"
    assert pipe["pl_target_date"] == "7 November 2022"
    # data/gas_pipeline_trade_ei.csv, ei-sr-2026 (2025): Kazakhstan -> China 4.889398945, -> Russian Federation 0;
    # Russia's share 0 %; imports (World -> Kazakhstan) 3.798171877; the 2024 edition (2023): -> Russia 0.665663251
    # of 5.304925892 = 12.548 %
    assert pipe["pl_gas_to_china"] == "4.89" and pipe["pl_gas_russia_share"] == "0.0 %"
    assert pipe["pl_gas_imports"] == "3.80" and pipe["pl_gas_trade_year"] == "2025"
    assert pipe["pl_gas_old_russia_share"] == "12.5 %" and pipe["pl_gas_old_year"] == "2023"
    # parameters.csv "cac_russian_gas_transit_to_uzbekistan,5.6,bcm,stated,2024": 5.6 / 4.889398945 = 1.145
    assert pipe["pl_transit_2024"] == "5.6" and pipe["pl_transit_vs_exports"] == "1.1"


def test_pipelines_scenario_follows_the_parameters(scen):
    # defaults: 30 days of the 2025 outturn 64.8 Mt (cpc_loadings.csv): 64.8 * 30 / 365 = 5.326 Mt
    assert scen["pl_stop_days"] == "30" and scen["pl_scenario_year"] == "2025" and scen["pl_lost_mt"] == "5.33"
    assert scen["pl_cpc_volume"] == "64.8"
    year = pl.scenario_findings(365, 100.0)
    assert year["pl_lost_mt"] == "64.80"  # a whole year holds back the whole volume
    assert year["pl_price"] == "100.0" and year["pl_price_words"] == "a price set by the reader"
    # the shares of the volume that could be rerouted do not depend on the length (both scale with the days)
    assert year["pl_gap_bypass_share"] == scen["pl_gap_bypass_share"]
    # the numbers that do not follow the parameters stay put
    for key in ("pl_brent_spread", "pl_btc_design", "pl_btc_bbl", "pl_cap_now"):
        assert year[key] == scen[key]
    with pytest.raises(pl.ScenarioParameterError, match="STOP_DAYS = 400: longer than a year"):
        pl.scenario_findings(400)


# ---------------------------------------------------------------------------------------------------------------
# summary

@pytest.fixture(scope="module")
def summary_findings():
    all_rows = summary.lever_indicators()
    ind = summary.usable(all_rows)
    analysis = index.analyse(ind, DRAWS=120, SEED=1)
    return all_rows, summary.findings(all_rows, analysis), (analysis,)


def test_summary_chapter_pastes_only_package_numbers(summary_findings):
    all_rows, found, _ = summary_findings
    assert len(pasted("summary.md")) > 50  # else the check below holds on nothing
    # the summary glues the index's numbers (summary.findings) and its answer (summary.answer_findings)
    glued = set(found) | set(summary.answer_findings(all_rows))
    assert pasted("summary.md") <= glued, sorted(pasted("summary.md") - glued)
    assert all(isinstance(v, str) and v for v in found.values())
    assert found["idx_n"] == "120"  # the index's numbers follow the settings given


def test_summary_numbers_by_hand(summary_findings):
    all_rows, found, index_runs = summary_findings
    # oil_export_routes.csv 2025: CPC 64.8 + Atyrau-Samara 8.8 + Makhachkala 2.2 = 75.8 of a stated 78.7 Mt
    # = 96.315 %, the latest year of the share through Russia
    assert (found["sum_via_last_year"], found["sum_via_last"]) == ("2025", "96.3 %")
    # people.csv: two rows for 2025, both 60,000 students
    assert (found["sum_students_year"], found["sum_students"]) == ("2025", "60,000")
    # gas transit to Uzbekistan, the latest full year: 2024, 5.6 bcm (interdependence.csv, as parameters.csv)
    assert (found["sum_gas_uz_year"], found["sum_gas_uz"]) == ("2024", "5.6")
    # rows from a partisan source are counted, never used: none today, so one is made up (a CPC share of 1 % in
    # 2030, which would be the latest if it were used)
    assert found["sum_n_refused"] == "0"
    fake = all_rows[all_rows["indicator"] == "cpc_share_of_exports"].tail(1).assign(year=2030, value=1.0,
                                                                                     tier="partisan")
    with_fake = summary.findings(pd.concat([all_rows, fake], ignore_index=True), *index_runs)
    assert with_fake["sum_n_refused"] == "1"
    assert (with_fake["sum_cpc_last_year"], with_fake["sum_cpc_last"]) == ("2025", "82.3 %")
    # the pipeline numbers are the lever's own: the CPC share in its latest year as the pipelines chapter says it
    pipe = pl.chapter_findings()
    assert found["sum_cpc_last_year"] == pipe["pl_cpc_share_last_year"]
    assert found["sum_cpc_last"] == pipe["pl_cpc_share_last"]
    # and by hand, not only one function's output against another's: data/oil_export_routes.csv, column value_mt,
    # '2025,full_year,cpc,64.8,stated,...' of '2025,full_year,total_exports,78.7,stated,...' = 82.338 %
    assert (found["sum_cpc_last_year"], found["sum_cpc_last"]) == ("2025", "82.3 %")
