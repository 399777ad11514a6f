"""What the figures' alt texts say (typed in the cell metadata: myst-nb cannot glue them) holds for the data the
built figures plot (their downloads in book/figdata/). The trade chapter's are held in test_trade.py, the
neighbours chapter's in test_neighbours.py; this file holds the others that state a number, a year or a ranking.
Each test quotes the words it checks."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import alt_text


@pytest.fixture(scope="module")
def figdata(built_book):
    return lambda name: pd.read_csv(built_book / "book" / "figdata" / f"{name}.csv")


# ------------------------------------------------------------------------------------------------ pipelines

def test_pipelines_production(figdata):
    alt = alt_text("pipelines", "fig-pipelines-production")
    assert "to about 99 million tonnes in 2025" in alt and "about four fifths of output" in alt
    d = figdata("pipelines-production")
    prod = d[d["series"] == "ei-2026"].set_index("year")["value_mt"]
    assert round(prod[2025]) == 99
    ratio = (d[d["measure"] == "exports"].set_index("year")["value_mt"] / prod).dropna()
    assert len(ratio) >= 5 and ratio.between(0.65, 0.9).all() and 0.75 <= ratio.median() <= 0.85
    assert "the earlier editions lie almost on the 2026 line" in alt
    for edition in ("bp-2021", "ei-2024"):
        older = d[d["series"] == edition].set_index("year")["value_mt"]
        assert ((older / prod).dropna() - 1).abs().max() < 0.02


def test_pipelines_route_shares(figdata):
    alt = alt_text("pipelines", "fig-pipelines-route-shares")
    assert "roughly doubles between 2009-2013 and 2022-2024" in alt and "more than doubles with it" in alt
    d = figdata("pipelines-route-shares")
    cpc = d[d["route"] == "cpc"].set_index("year")
    early, late = cpc.loc[[2009, 2013]], cpc.loc[[2022, 2024]]
    assert 1.8 <= late["share_pct"].mean() / early["share_pct"].mean() <= 2.2
    assert late["hhi"].min() > 2 * early["hhi"].max()


def test_pipelines_cpc_loadings(figdata):
    alt = alt_text("pipelines", "fig-pipelines-cpc-loadings")
    assert "roughly doubling between 2010 and 2025" in alt and "steps up in 2018 and again in 2023" in alt
    d = figdata("pipelines-cpc-loadings")
    total = d[d["measure"] == "total_loadings"].set_index("year")["value_mt"]
    assert 1.8 <= total[2025] / total[2010] <= 2.2
    kazakh = d[d["measure"] == "kazakh_oil"].set_index("year")["value_mt"]
    assert all(kazakh[y] > total[y] / 2 for y in kazakh.index.intersection(total.index))  # "Kazakh oil most of it"
    cap = d[d["measure"] == "capacity"].set_index("year")["value_mt"].sort_index()
    ups = [y for y, change in cap.diff().items() if change > 1]
    assert ups == [2018, 2023]


def test_pipelines_stoppages(figdata):
    alt = alt_text("pipelines", "fig-pipelines-stoppages")
    assert "a cluster in 2022, two storms in 2023 and a second cluster in 2025" in alt
    d = figdata("pipelines-stoppages")
    year = d["start_date"].str[:4].astype(int)
    assert (year == 2022).sum() >= 3 and (year == 2025).sum() >= 3
    storms = d[year == 2023]
    assert len(storms) == 2 and storms["cause"].str.contains("Storm", case=False).all()
    # "most of the 2025 ones with no reported end date"
    assert d.loc[year == 2025, "end_date"].isna().sum() > (year == 2025).sum() / 2


def test_pipelines_transcaspian(figdata):
    alt = alt_text("pipelines", "fig-pipelines-transcaspian")
    assert "far lower in 2022-2024 than in 2009 and stay below the port's capacity" in alt
    d = figdata("pipelines-transcaspian")
    sea = d[d["route"] == "aktau_sea_total"].set_index(["year", "period"])["volume_mt"]
    capacity = sea.xs("capacity", level="period").iloc[0]
    recent = sea[[y >= 2022 and p != "capacity" for y, p in sea.index]]
    assert recent.max() < capacity and recent.max() < sea[(2009, "full_year")] / 2
    # "the part sent through the BTC line is a small fraction of the target line"
    target = d.loc[d["route"] == "aktau_kuryk_target", "volume_mt"].iloc[0]
    assert d.loc[d["route"] == "aktau_btc", "volume_mt"].max() < target / 10


def test_pipelines_gas(figdata):
    alt = alt_text("pipelines", "fig-pipelines-gas")
    assert "risen several-fold since 2000 and stays above consumption" in alt
    d = figdata("pipelines-gas").pivot_table(index="year", columns="measure", values="value_bcm")
    assert d.loc[2025, "production_bcm"] > 3 * d.loc[2000, "production_bcm"]
    assert (d.loc[2000:, "production_bcm"] > d.loc[2000:, "consumption_bcm"]).all()
    # "in 2025 all pipeline exports went to China, none to Russia"
    exports = d.loc[2025, [c for c in d.columns if c.startswith("pipeline Kazakhstan to")]].fillna(0)
    assert exports["pipeline Kazakhstan to China"] > 0 and exports.drop("pipeline Kazakhstan to China").sum() == 0
    # "the Russian gas crossing Kazakhstan to Uzbekistan in 2024 was larger than all of Kazakhstan's own exports"
    assert d.loc[2024, "Russian transit to Uzbekistan (stated)"] > exports.sum()


# ------------------------------------------------------------------------------------------------ security

def test_security_arms_imports(figdata):
    alt = alt_text("security", "fig-security-arms-imports")
    assert "most deliveries in all but four years (2009, 2013, 2014 and 2025)" in alt and "peak in 2015" in alt
    d = figdata("security-arms-imports").set_index("year")
    delivered = d[d["total"] > 0]
    assert list(delivered.index[delivered["russia"] <= delivered["total"] / 2]) == [2009, 2013, 2014, 2025]
    assert d["total"].idxmax() == 2015
    # "the five-year average stays high to 2025, almost all of it Russian"
    assert (d.loc[2018:2025, "russia_ma"] / d.loc[2018:2025, "total_ma"]).min() > 0.8


def test_security_arms_vintages(figdata):
    alt = alt_text("security", "fig-security-arms-vintages")
    assert "near 100 percent to 2003" in alt and "between about 58 and 77 percent in the windows ending 2006 to 2014" in alt
    assert "between about 85 and 97 percent in those ending 2018 to 2025" in alt
    d = figdata("security-arms-vintages")
    for release, rows in d.groupby("release"):
        share = rows.set_index("year")["share_pct"]
        early = share.loc[:2003].dropna()  # the January 2025 register starts later
        assert early.empty or early.min() >= 97, release
        assert share.loc[2006:2014].between(57.5, 77.5).all(), release
        assert share.loc[2018:2025].between(84.5, 97.7).all(), release


def test_security_spending(figdata):
    alt = alt_text("security", "fig-security-milex-money")
    assert "peaked around 2019-2020 and fell by about half by 2024" in alt and "from about 5 percent to about 2" in alt
    m = figdata("security-milex-money").set_index("year")
    money = m["constant_2023_usd_m"].dropna()
    assert money.idxmax() in (2019, 2020) and 0.4 <= money[2024] / money.max() <= 0.6
    gov = m["share_govt_spending_pct"].dropna()
    assert round(gov[2019]) == 5 and round(gov[2024]) == 2

    alt = alt_text("security", "fig-security-milex")
    assert "near 1 percent of GDP until 2021" in alt and "about 0.4 percent by 2024" in alt and "about 7 percent" in alt
    g = figdata("security-milex").set_index("year")
    assert g.loc[2015:2021, "Kazakhstan"].between(0.8, 1.15).all() and round(g.loc[2024, "Kazakhstan"], 1) == 0.4
    assert g.loc[2024].idxmin() == "Kazakhstan" and round(g.loc[2024, "Russia"]) == 7
    # "Armenia's and Azerbaijan's stay near 4 to 5 percent"
    assert g.loc[2015:2024, ["Armenia", "Azerbaijan"]].stack().between(3.5, 5.6).all()


def test_security_csto_contingents(figdata):
    alt = alt_text("security", "fig-security-csto-contingents")
    assert "cluster between 2,000 and 2,500" in alt and "Russia 3,000" in alt and "the 3,600 figure" in alt
    d = figdata("security-csto-contingents")
    official = d[(d["country"] == "all") & ~d["flagged"]]["personnel"]
    assert official.between(2000, 2500).all()
    russia = d[d["country"] == "russia"]
    assert list(russia["personnel"]) == [3000] and russia["flagged"].all()
    assert d.loc[d["personnel"] == 3600, "note"].str.contains("standing").all()


# ------------------------------------------------------------------------------------------------ people

def test_people_census_shares(figdata):
    alt = alt_text("people", "fig-people-ethnic-shares")
    assert "about two fifths in 1989 to seven tenths in 2021" in alt and "well over a third to about one in six" in alt
    d = figdata("people-ethnic-shares").pivot(index="census_year", columns="group", values="share_pct")
    assert d["kazakh"].is_monotonic_increasing and d["russian"].is_monotonic_decreasing
    assert 37.5 <= d.loc[1989, "kazakh"] <= 42.5 and 69 <= d.loc[2021, "kazakh"] <= 71
    assert d.loc[1989, "russian"] > 36 and 14 <= d.loc[2021, "russian"] <= 18
    # "Ukrainians and Germans shrink to a few percent"
    assert d[["ukrainian", "german"]].iloc[-1].max() < 4

    alt = alt_text("people", "fig-people-cities")
    assert "from under a fifth to over two fifths" in alt and "from under a quarter to over half" in alt
    c = figdata("people-cities").pivot(index="place", columns="census_year", values="share_pct")
    capital, aktau, zhanaozen = (c.loc[c.index.str.startswith(p)].iloc[0] for p in ("Astana", "Aktau", "Novy Uzen"))
    assert capital[1989] < 20 and capital[1999] > 40 and aktau[1989] < 25 and aktau[1999] > 50
    assert zhanaozen[1999] > 95  # "to almost everyone"


def test_people_population(figdata):
    alt = alt_text("people", "fig-people-population")
    assert "fell through the 1990s and has grown since" in alt and "a few percent above each census count" in alt
    d = figdata("people-population").set_index("year")
    assert d["population"].idxmax() > 2000 and d.loc[1999, "population"] < d.loc[1991, "population"]
    assert d.loc[2000:, "population"].is_monotonic_increasing
    above = (d["population"] / d["census_count"] - 1).dropna()
    assert len(above) == 4 and above.between(0.02, 0.06).all()


def test_people_arrivals(figdata):
    alt = alt_text("people", "fig-people-arrivals")
    assert "about two hundred thousand Russians had entered" in alt and "four hundred thousand had come" in alt
    d = figdata("people-arrivals")
    two_weeks = d[d["stated"] == "2022-10-04"].set_index("measure")["value"]
    assert two_weeks["entered"] == 200_000 and two_weeks["left"] > two_weeks["entered"] / 2  # "most had left again"
    october = d[d["stated"] == "2022-10"].set_index("measure")["value"]
    assert october["entered"] == 400_000 and october["stayed"] == 100_000


def test_people_un_votes(figdata):
    alt = alt_text("people", "fig-people-un-votes")
    assert "Russia and Belarus voted no on every resolution" in alt
    d = figdata("people-un-votes")
    vote = d.pivot_table(index=["series", "resolution", "date"], columns="iso3", values="vote", aggfunc="first")
    assert (vote["RUS"] == "no").all() and (vote["BLR"] == "no").all()
    kaz = vote["KAZ"].reset_index()
    kaz["year"] = kaz["date"].str[:4].astype(int)
    rights = kaz[kaz["series"] == "crimea-human-rights"].set_index("year")["KAZ"]
    assert "no with Russia on every Crimea human-rights resolution from 2016 to 2022" in alt
    assert (rights.loc[2016:2022] == "no").all()
    assert "did not vote on the Crimea text of 2023 and abstained on that of 2024" in alt
    assert rights[2023] == "absent" and rights[2024] == "abstain"
    assert "abstained on the militarisation texts and on all but one of the emergency-session texts" in alt
    assert (kaz.loc[kaz["series"] == "crimea-militarisation", "KAZ"] == "abstain").all()
    emergency = kaz.loc[kaz["series"] == "emergency-session", "KAZ"]
    assert (emergency != "abstain").sum() == 1
    assert "Azerbaijan, Georgia, Mongolia and Turkmenistan never voted as Russia did" in alt
    assert not (vote[["AZE", "GEO", "MNG", "TKM"]] == "no").any().any()


def test_people_opinion(figdata):
    alt = alt_text("people", "fig-people-opinion")
    assert "from about two fifths of respondents in March 2022 to about one in eight by November 2022" in alt
    d = figdata("people-opinion")
    side = d[d["question"] == "side_supported"].pivot(index="fieldwork_start", columns="answer", values="value_pct")
    russia, ukraine = side["russia"].sort_index(), side["ukraine"].sort_index()
    assert 37 <= russia.iloc[0] <= 42 and all(11 <= v <= 14 for v in russia.iloc[1:])  # "and stayed there"
    assert "support for Ukraine doubled to about a fifth" in alt
    assert ukraine.iloc[-1] >= 2 * ukraine.iloc[0] * 0.95 and 19 <= ukraine.iloc[-1] <= 23
    assert "nearly doubled between November 2022 and May 2023" in alt
    attack = d[(d["question"] == "russian_attack_possible") & (d["answer"] == "yes")].set_index("fieldwork_start")
    assert 1.6 <= attack["value_pct"].iloc[-1] / attack["value_pct"].iloc[0] < 2


# ------------------------------------------------------------------------------------------------ overview, claims

def test_overview_dashboard(figdata):
    alt = alt_text("overview", "fig-summary-dashboard")
    d = figdata("summary-dashboard")

    def series(indicator):
        return d[d["indicator"] == indicator].set_index("year")["value"]

    assert "the oil share through Russia is higher in 2022 than in 2009 and 2013" in alt
    oil = series("oil_exports_via_russia_share")
    assert oil[2022] > max(oil[2009], oil[2013])
    assert "the arms share from Russia recovers after 2014" in alt
    arms = series("arms_from_russia_share_5y")
    assert arms.loc[2010:2016].idxmin() == 2014 and arms.loc[2015:].min() > arms[2014]
    assert "falls from about half in the mid-1990s to between about a quarter and two fifths" in alt
    imports = series("imports_from_russia_share")
    assert 45 <= imports.loc[1995:1997].mean() <= 55 and imports.loc[2002:].between(25, 43).all()
    assert "the census share of ethnic Russians falls at every census" in alt
    assert series("ethnic_russians_share").sort_index().is_monotonic_decreasing


def test_claims_verdicts(figdata):
    alt = alt_text("claims", "fig-claims-verdicts")
    assert "Most claims of both articles are supported" in alt
    d = figdata("claims-verdicts").set_index("article")
    verdicts = ["supported", "partly_supported", "contradicted", "could_not_verify", "not_checkable"]
    share = d[verdicts].div(d[verdicts].sum(axis=1), axis=0)
    assert (share["supported"] > 0.5).all()
    assert "Defence Today article has a larger share of contradicted and partly supported claims" in alt
    weak = share["contradicted"] + share["partly_supported"]
    assert weak["defencetoday-2023"] > weak["olivium-2022"]


def test_pipelines_scenario(figdata):
    alt = alt_text("pipelines", "fig-pipelines-scenario")
    assert "grows in a straight line with the length of the stoppage" in alt
    d = figdata("pipelines-scenario")
    d = d[d["days"] > 0]
    per_day = d["lost_usd_m"] / d["days"]
    assert (per_day.max() - per_day.min()) / per_day.mean() < 1e-9
    assert "only a thin band of it, so almost all of it would be stranded at any length" in alt
    assert (d["bypass_usd_m"] / d["lost_usd_m"]).max() < 0.1 and (d["stranded_usd_m"] / d["lost_usd_m"]).min() > 0.9


def test_security_csto_timeline(figdata):
    alt = alt_text("security", "fig-security-csto-timeline")
    assert ("request on the 5th, decision and arrival on the 6th, withdrawal starting on the 13th and complete on "
            "the 19th") in alt
    d = figdata("security-csto-timeline").set_index("kind")["date"]
    assert (d["request"], d["decision"], d["arrival"]) == ("2022-01-05", "2022-01-06", "2022-01-06")
    assert (d["withdrawal_start"], d["withdrawal_end"]) == ("2022-01-13", "2022-01-19")
