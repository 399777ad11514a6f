"""The sources register held to its rules (issue 23): tiers by a written rubric, one id per work, no unused source,
partisan sources consulted but never cited, and the evidence counts on the hand-curated rows."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest

from conftest import DATA, ROOT
from kzdep import data
from kzdep import register as R


@pytest.fixture(scope="module")
def reg():
    return data.sources()


# ------------------------------------------------------------------------------------------------ the rubric

@pytest.mark.parametrize("source_id, tier, why", [
    # a state history portal that retells the census agency's results is a relay (the publisher decides, not who
    # runs the host)
    ("ehistory-1999-census", "relay", "portal retelling"),
    ("ehistory-2017-cpc", "relay", "encyclopedic retelling"),
    # an unmodified copy of a publisher's file takes the publisher's tier: SIPRI's series in OWID's export, SIPRI's
    # own workbook in a student repository, the bureau's workbooks in a repository, the ECB's rate history
    ("sipri-milex-2025", "research", "copy of SIPRI's series"),
    ("sipri-milex-2024", "research", "copy of SIPRI's workbook"),
    ("bns-foreign-trade-2023", "official", "copy of the bureau's workbook"),
    ("ecb-eurofxref-2024", "official", "copy of the ECB's file"),
    # a wire story carried whole by a licensed client takes the agency's tier; a translated or summarised one is a
    # relay
    ("reuters-2022-2030-yahoo", "news-agency", "licensed carriage"),
    # MENAFN carries Trend's wire whole ('MENAFN- Trend News Agency' on the page): the agency's tier
    ("menafn-trend-2024-aktau-2023", "news-agency", "syndicated wire"),
    ("reuters-2023-kz-sanctions-requests", "relay", "unofficial translation"),
    ("gazeta-2023-reuters-kz-requests", "relay", "summary of Reuters"),
    # a foreign ministry's brief restating Kazakh figures without naming them is a retelling
    ("kgmfa-country-brief", "relay", "restates others' data"),
    ("wikipedia-languages-kz", "relay", "encyclopedia"),
    # the CIA's own text, machine-copied to JSON and pinned by commit
    ("cia-factbook-kz", "official", "copy of the CIA's text"),
    # a Kazakh outlet reporting the bureau's census volume is press, not a relay
    ("aqparat-2023-census-ethnic", "press", "reports a primary"),
])
def test_hand_judged_tiers(reg, source_id, tier, why):
    assert reg.loc[source_id, "tier"] == tier, why


def test_the_rubric_is_written_once_and_printed_in_schema_and_chapter():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    sources = next(r for r in package["resources"] if r["name"] == "sources")
    tier = next(f for f in sources["schema"]["fields"] if f["name"] == "tier")
    assert tier["description"] == R.rubric_text()
    assert tier["constraints"]["enum"] == R.TIERS
    for rule in R.TIER_RULES:
        assert rule in tier["description"]
    chapter = (ROOT / "book" / "data.md").read_text(encoding="utf-8")
    assert "rubric_markdown()" in chapter
    # the chapter types no tier definition of its own
    assert "**official** (governments" not in chapter


def test_every_relay_names_what_it_relays(reg):
    assert R.relay_without_primary(reg) == []
    assert R.what_it_relays("Reuters copy; Relay; the primary is Reuters") == "Reuters"
    assert R.what_it_relays("Blog summary (primary: demoscope-2022-11-war-poll); more") == "demoscope-2022-11-war-poll"
    assert R.what_it_relays("no word of it") == "not named"


# ------------------------------------------------------------------------------------------------ one work, one id

def test_no_work_is_registered_twice(reg):
    assert R.duplicate_works(reg) == []
    # files of one publisher at one address are told apart by their path: the bureau's five workbooks are five works
    bns = reg[reg.index.str.startswith("bns-foreign-trade-")]
    assert len(bns) == 5 and bns["url"].nunique() == 1


def test_the_duplicate_check_finds_a_page_registered_twice(reg):
    frame = reg.reset_index()
    twin = frame[frame["source_id"] == "astanatimes-2023-census-final"].assign(
        source_id="astanatimes-2023-census", url=lambda d: d["url"].str.replace("https://", "http://www."))
    assert R.duplicate_works(pd.concat([frame, twin])) == [["astanatimes-2023-census",
                                                             "astanatimes-2023-census-final"]]


def test_no_source_is_unused_and_partisan_ones_are_consulted_only(reg):
    cited = R.cited_ids()
    assert R.unused(reg, cited) == []
    consulted = R.consulted(reg)
    assert len(consulted) > 0
    # a partisan source is never cited by a row, and never printed in the bibliography
    assert not set(consulted.index) & {s for s, where in cited.items() if any(w.startswith("data/") for w in where)}
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M))
    assert keys == set(reg.index) - set(consulted.index)
    # an unused source would be found: drop the only row citing tass-2019-tokayev-dw-crimea
    without = {s: w for s, w in cited.items() if s != "tass-2019-tokayev-dw-crimea"}
    assert R.unused(reg, without) == ["tass-2019-tokayev-dw-crimea"]


def test_bibliography_entry_types_and_months():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_data", ROOT / "scripts" / "make_data.py")
    make_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_data)
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["source_id"]: row for row in csv.DictReader(handle)}
    # a treaty and a law are legal texts, not technical reports
    assert make_data.bib_type(rows["adilet-1994-military-coop-ratification"]) == ("misc", "Legal text")
    assert make_data.bib_type(rows["adilet-2000-saryshagan-law"]) == ("misc", "Legal text")
    # a news agency's "report" is a news item; an institution's report is a technical report
    assert make_data.bib_type(rows["inform-2022-01-11-majilis"]) == ("misc", "News or web article")
    assert make_data.bib_type(rows["ebrd-2023-eurasian-roundabout"]) == ("techreport", "")
    assert make_data.bib_type(rows["imf-dots-2022"]) == ("misc", "Dataset")
    # months are words with capitals: the row dated 2022-01-11 prints January
    entry = make_data.bib_entry(rows["inform-2022-01-11-majilis"])
    assert "month = {January}" in entry and "@misc{inform-2022-01-11-majilis" in entry
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    months = set(re.findall(r"month = \{([^}]*)\}", bib))
    assert months <= set(make_data._MONTHS) and months
    assert "@techreport{adilet-2000-saryshagan-law" not in bib
    # long addresses break inside the page in the PDF
    assert "\\usepackage{xurl}" in (ROOT / "_config.yml").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------ evidence counts

def test_relay_share_is_computed_on_the_curated_rows():
    rows = R.curated_rows()
    extracts = set(R.machine_extracts())
    # the machine extracts (IMF, the bureau, Eurostat, SIPRI, the Energy Institute, ...) are not in the denominator
    assert {"trade_dots", "trade_bns", "eu_exports_monthly", "milex_sipri_2024"} <= extracts
    assert not set(rows["dataset"]) & extracts and "bns_partners" not in set(rows["dataset"])
    # the curated tables are counted whole: claims.csv has 103 rows, trade_official.csv 61
    assert (rows["dataset"] == "claims").sum() == 103 and (rows["dataset"] == "trade_official").sum() == 61
    relay, total, pct = R.relay_share(rows)
    assert relay == (rows["tier"] == "relay").sum() and total == len(rows)
    assert pct == pytest.approx(100 * relay / total) and 10 < pct < 50


def test_weakest_evidence_lists_facts_resting_on_relays_alone():
    rows = R.curated_rows()
    claims = rows[rows["dataset"] == "claims"].set_index("row")
    # claims.csv C03: main source ria-2007-test-sites-ratified (relay), further timesca-russian-test-sites (press):
    # not on relays alone; C04: firmguide-uvz and navbug-2022-tank-plants, both relays: alone
    assert claims.loc[3, "tier"] == "relay" and not claims.loc[3, "alone"]
    assert claims.loc[4, "tier"] == "relay" and claims.loc[4, "alone"]
    weak = R.weakest_evidence(rows)
    assert list(weak.columns) == ["source_id", "publisher", "relays", "datasets", "rows"]
    assert weak["rows"].sum() == ((rows["tier"] == "relay") & rows["alone"]).sum()
    assert (weak["relays"] != "not named").all()
    assert weak["rows"].is_monotonic_decreasing
    first = weak.iloc[0]
    assert first["rows"] == ((rows["source_id"] == first["source_id"]) & rows["alone"]).sum()


def test_an_accelerated_mobile_copy_is_the_same_work():
    # the Kazinform note of 12 Dec 2020 was registered twice, once at its '/amp' address
    assert R.address("https://www.inform.kz/en/x_a3729566/amp") == R.address("https://www.inform.kz/en/x_a3729566")
    assert R.address("https://en.inform.kz/amp/x_a1") == "en.inform.kz/x_a1"
    assert R.address("https://aa.com.tr/en/x/36827?amp=1") == "aa.com.tr/en/x/36827"
    assert R.address("https://m.example.org/a/") == "example.org/a"
