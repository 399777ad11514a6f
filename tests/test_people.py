"""Tests of the people module (kzdep/people.py): census rules, UN votes, the 2022 arrivals, polls, the contract.

Expected values are worked out by hand from the rows of data/*.csv quoted in the comments.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kzdep import data, people


@pytest.fixture(scope="module")
def t():
    names = ["census_ethnic", "population", "people", "sources", "un_votes", "arrivals_2022", "opinion_polls",
             "statements", "language", "census_places"]
    return {n: data.load(n) for n in names}


# ---------------------------------------------------------------------------------------------------------------
# census

def test_preferred_shares_put_relays_last_then_the_most_complete_source(t):
    shares = people.preferred_shares(t["census_ethnic"]).set_index(["census_year", "group"])
    # 1989: only e-history gives shares (Kazakh recalculation): '1989,russian,,37.8,ehistory-1999-census'
    assert shares.loc[(1989, "russian"), "share_pct"] == 37.8
    assert shares.loc[(1989, "russian"), "source_id"] == "ehistory-1999-census"
    # 1999: e-history and Wikipedia are both relays (issue 23: a portal that retells the census is a relay), so the
    # more complete one wins: '1999,russian,,30.0,wikipedia-2009-census' (e-history gives the same 30.0);
    # Germans only in Wikipedia: '1999,german,,2.4,wikipedia-2009-census'
    assert shares.loc[(1999, "russian"), "share_pct"] == 30.0
    assert shares.loc[(1999, "russian"), "source_id"] == "wikipedia-2009-census"
    assert shares.loc[(1999, "german"), "share_pct"] == 2.4
    assert shares.loc[(1999, "german"), "source_id"] == "wikipedia-2009-census"
    # 2009: SPK Taraz (press, 7 groups) before Wikipedia and the Kazworld copy of Interfax (relays):
    # '2009,kazakh,,63.07,spktaraz-2009-census'
    assert shares.loc[(2009, "kazakh"), "share_pct"] == 63.07
    assert shares.loc[(2009, "kazakh"), "source_id"] == "spktaraz-2009-census"
    # 2021: Aqparat (2023, final volume) and Kazinform (2021, preliminary) give one group each: the later wins
    assert shares.loc[(2021, "kazakh"), "share_pct"] == 70.4  # not Kazinform's preliminary 70.18
    assert shares.loc[(2021, "kazakh"), "source_id"] == "aqparat-2023-census-ethnic"
    # no source left in the table gives Germans in 2021 (the copy sites were dropped)
    assert (2021, "german") not in shares.index


def test_no_census_row_rests_on_a_copy_site(t):
    assert not set(t["census_ethnic"]["source_id"]) & {"liquisearch-kazssr-census", "perceptiopt-russians-kz"}
    tiers = t["sources"].set_index("source_id")["tier"]
    for name in ["census_ethnic", "people", "un_votes", "arrivals_2022", "opinion_polls", "statements"]:
        assert "partisan" not in set(t[name]["source_id"].map(tiers)), name


def test_census_totals_take_the_latest_publication(t):
    totals = people.census_totals(t["census_ethnic"], t["sources"]).set_index("census_year")["persons"]
    # 1989 '16199200' and 1999 '14953100' (e-history); 2009: interfax (2010) over Wikipedia (no year) 16,009,600;
    # 2021: Astana Times (2023) 19,186,015 over Kazinform (2021) 19,169,550
    assert totals.to_dict() == {1989: 16199200, 1999: 14953100, 2009: 16009600, 2021: 19186015}
    src = t["sources"].copy()
    src.loc[src["source_id"] == "kazinform-2021-census-prelim", "year"] = 2024
    assert people.census_totals(t["census_ethnic"], src).set_index("census_year").loc[2021, "persons"] == 19169550


def test_russians_by_census(t):
    rus = people.russians_by_census(t["census_ethnic"], t["sources"]).set_index("census_year")
    # 37.8 % x 16,199,200 = 6,123,297.6 -> 6,123,000; 30.0 % x 14,953,100 = 4,485,930 -> 4,486,000;
    # 23.7 % x 16,009,600 = 3,794,275.2 -> 3,794,000; 15.5 % x 19,186,015 = 2,973,832.3 -> 2,974,000
    assert rus["persons"].to_dict() == {1989: 6_123_000, 1999: 4_486_000, 2009: 3_794_000, 2021: 2_974_000}
    assert rus["derived"].all()


def test_agree_and_disagreements(t):
    assert people.agree(63.07, 63.1)
    assert not people.agree(2.85, 2.8)  # 2.85 rounds half up to 2.9
    dis = people.disagreements(t["census_ethnic"])
    # 2009 Uzbeks: 2.8 (Wikipedia), 2.9 (Interfax), 2.85 (SPK Taraz); 2021 Kazakhs: 70.18 (preliminary) vs 70.4
    assert set(zip(dis["census_year"], dis["group"])) == {(2009, "uzbek"), (2021, "kazakh")}


def test_estimate_vs_census(t):
    totals = people.census_totals(t["census_ethnic"], t["sources"])
    gap = people.estimate_vs_census(t["population"], totals).set_index("census_year")["gap_pct"]
    # 2021: (19,743,607 - 19,186,015) / 19,186,015 = 557,592 / 19,186,015 = 2.906 %
    assert gap.loc[2021] == pytest.approx(2.906, abs=0.001)


def test_levada_waves_only_from_citable_reports(t):
    waves = people.levada_waves(t["people"]).set_index(["source_id", "year"])
    # Levada's own table (levada.ru/?p=8986): 2005 Belarus 46, Kazakhstan 20, China 12 -> second of the three;
    # 2006: 47, 33, 24 -> second; 2007: 38, 39, 19 -> first.
    # Press reports: 2015: Belarus 55, China 43, Kazakhstan 41 -> third; 2016: 50, 39 (KZ), 34 (CN) -> second;
    # 2017: 46, 39 (CN), 34 (KZ) -> third; the aggregator and partisan waves were dropped
    assert waves["kazakhstan_rank"].to_dict() == {
        ("levada-2007-friends", 2005): 2, ("levada-2007-friends", 2006): 2, ("levada-2007-friends", 2007): 1,
        ("interfax-2015-levada-russialist", 2015): 3, ("uawire-2016-levada", 2016): 2,
        ("kyivpost-2017-levada", 2017): 3}
    # one Levada table gives three waves: each keeps its own year's figures
    assert waves.loc[("levada-2007-friends", 2006), "Kazakhstan"] == 33
    assert waves.loc[("levada-2007-friends", 2007), "Belarus"] == 38


def test_levada_findings():
    f = people.findings()
    # Kazakhstan named by 20 % (2005, Levada's table) to 41 % (2015, Interfax); ahead of Belarus only in 2007 (39 > 38)
    assert f["people_levada_first_year"] == "2005" and f["people_levada_last_year"] == "2017"
    assert f["people_levada_kz_ahead_years"] == "2007"
    assert (f["people_levada_own_first_year"], f["people_levada_own_last_year"]) == ("2005", "2007")
    assert (f["people_levada_press_first_year"], f["people_levada_press_last_year"]) == ("2015", "2017")


# ---------------------------------------------------------------------------------------------------------------
# votes at the UN

def test_one_vote_per_resolution_and_country(t):
    v = people.votes(t["un_votes"]).set_index(["vote_id", "country"])
    # ES-11/1: Kazakhstan 'abstain' in three sources (Diplomat, ukraine-viz, Masa Media)
    assert v.loc[("2022-aggression", "kazakhstan"), "vote"] == "abstain"
    assert v.loc[("2022-aggression", "kazakhstan"), "n_sources"] == 3
    # ES-11/3 (Human Rights Council): Kazakhstan 'no' (AFP, Diplomat)
    assert v.loc[("2022-hrc", "kazakhstan"), "vote"] == "no"
    assert ("2025-peace", "kazakhstan") not in v.index  # no source lists it: left out, not guessed


def test_russias_votes_rest_on_the_uns_own_press_releases_where_reached(t):
    v = people.votes(t["un_votes"]).set_index(["vote_id", "country"])
    # GA/12411: ES-11/2 'adopted ... 140 in favour to 5 against (Eritrea, Russian Federation, Syria, DPRK, Belarus)';
    # the Reuters wire (National Post) names the same five: two sources, the relay row it replaced is gone
    assert v.loc[("2022-humanitarian", "russia"), "source_ids"] == \
        "nationalpost-2022-03-24-reuters;un-press-2022-03-24-ga12411"
    # UN story (peacekeeping.un.org/ru) on ES-11/1: 'five delegations - Russia, Belarus, DPRK, Syria and Eritrea -
    # voted against'; Masa Media gives the same: the ukraine-viz relay row for Russia it replaced is gone
    assert v.loc[("2022-aggression", "russia"), "source_ids"] == \
        "masa-2022-03-kz-abstained;un-peacekeeping-ru-2022-es11-1"
    # GA/12458: ES-11/4 '143 in favour to 5 against (Belarus, DPRK, Nicaragua, Russian Federation, Syria)'
    assert v.loc[("2022-annexations", "russia"), "vote"] == "no"
    assert v.loc[("2022-annexations", "russia"), "n_sources"] == 2
    # Kazakhstan's ES-11/2 abstention still rests on the Informburo relay (the release's annex was not reached)
    assert v.loc[("2022-humanitarian", "kazakhstan"), "source_ids"] == "informburo-2022-03-24-es11-2"


def test_sources_that_disagree_stop_the_build(t):
    bad = t["un_votes"].copy()
    row = bad[(bad["vote_id"] == "2022-aggression") & (bad["country"] == "kazakhstan")].index[0]
    bad.loc[row, "vote"] = "yes"
    with pytest.raises(data.DataError, match="un_votes.csv: sources disagree on kazakhstan's vote on 2022-aggression"):
        people.votes(bad)


def test_alignment_with_russia_by_year(t):
    a = people.alignment_by_year(t["un_votes"]).set_index("year")
    # Russia voted no every time. Kazakhstan: 2014 abstain; 2022 abstain, abstain, NO (Human Rights Council),
    # abstain, abstain -> 1 of 5 = 20 %; 2023, 2024, 2026 abstain; 2025 Kazakhstan's vote not sourced -> no row
    assert a["n_votes"].to_dict() == {2014: 1, 2022: 5, 2023: 1, 2024: 1, 2026: 1}
    assert a["same"].to_dict() == {2014: 0, 2022: 1, 2023: 0, 2024: 0, 2026: 0}
    assert a.loc[2022, "share_pct"] == pytest.approx(20.0)


def test_absence_is_not_a_vote_with_russia(t):
    a = people.alignment_by_year(t["un_votes"], country="turkmenistan").set_index("year")
    # Turkmenistan did not vote in 2014, 2022 (ES-11/1 and ES-11/3), 2023 and 2026: never the same as Russia's 'no'
    assert a["same"].sum() == 0 and a["n_votes"].sum() == 5


def test_vote_counts(t):
    c = people.vote_counts(t["un_votes"])
    # Kazakhstan: 9 known votes = 8 abstentions + 1 no; Russia: 10 known, all no
    assert c.loc["kazakhstan", ["abstain", "no", "yes", "known"]].tolist() == [8, 1, 0, 9]
    assert c.loc["russia", ["no", "known"]].tolist() == [10, 10]


# ---------------------------------------------------------------------------------------------------------------
# arrivals and polls

def test_arrivals(t):
    a = t["arrivals_2022"]
    entered = people.stated(a, "entered", "rferl-2022-10-04-russians-200k")["value"]
    left = people.stated(a, "left", "rferl-2022-10-04-russians-200k")["value"]
    assert entered - left == 53_000  # 200,000 entered - 147,000 left, 21 Sep to 4 Oct 2022
    # from 21 Sep: Adnkronos 2 rows (entered, IIN), RFE/RL 3 (entered, left, IIN), Duisenova 3 (entered, left, stayed)
    assert len(people.arrivals_since_mobilisation(a)) == 8
    with pytest.raises(data.DataError, match="arrivals_2022.csv: expected one 'stayed' row"):
        people.stated(a, "stayed", "rferl-2022-10-04-russians-200k")


def test_poll_series(t):
    side = people.poll_series(t["opinion_polls"], "side_supported").set_index("poll_id")
    # November 2022 (4-24 Nov, 1,110 respondents): Ukraine 22, Russia 13, neither 59
    assert side.loc["demoscope-2022-11", ["ukraine", "russia", "neither"]].tolist() == [22, 13, 59]
    assert list(side.index) == ["demoscope-2022-03", "demoscope-2022-11", "demoscope-2023-05"]
    dup = pd.concat([t["opinion_polls"], t["opinion_polls"].iloc[[2]]])
    with pytest.raises(data.DataError, match="two values for one answer"):
        people.poll_series(dup, "side_supported")


# ---------------------------------------------------------------------------------------------------------------
# the contract with the summary chapter

def test_yearly_indicators_follow_the_contract():
    ind = people.yearly_indicators()
    assert list(ind.columns) == ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier",
                                 "source_id", "series", "note"]
    assert set(ind["lever"]) == {"people"}
    assert not ind.duplicated(["indicator", "year"]).any()
    by = ind.set_index(["indicator", "year"])
    assert by.loc[("ethnic_russians_share", 2021), "value"] == 15.5  # wikipedia-languages-kz, a relay
    assert by.loc[("ethnic_russians_share", 2021), "tier"] == "relay"
    assert by.loc[("un_alignment_with_russia", 2022), "value"] == pytest.approx(20.0)
    assert ("un_alignment_with_russia", 2025) not in by.index
    # students: 2020 about 60,000 (kt.kz), 2021 61,000, 2023 70,000, 2025 60,000
    assert by.xs("students_in_russia")["value"].to_dict() == {2020: 60000, 2021: 61000, 2023: 70000, 2025: 60000}
    # support for Russia, DEMOSCOPE: the latest wave of each year: Nov 2022 13 %, May 2023 12.8 %
    assert by.xs("kazakhs_supporting_russia_pct")["value"].to_dict() == {2022: 13.0, 2023: 12.8}
    assert set(ind["direction"]) <= {-1, 0, 1}
    assert set(ind["tier"]) <= set(people.TIER_ORDER) - {"partisan"}


def test_findings_are_formatted_text():
    f = people.findings()
    assert all(isinstance(v, str) for v in f.values())
    assert f["people_un_align_2022"] == "20 %"
    assert f["people_arr_net_oct4"] == "53,000"
    assert f["people_rus_last"] == "15.5 %" and f["people_rus_first"] == "37.8 %"
    assert f["people_1989_all_union"] == "16.4 million" and f["people_1989_kz_recalc"] == "16,199,200"
    assert f["people_sko_russian_share"] == "77 %"  # 5,721 / 7,417 = 77.1 %


def test_chapter_numbers_moved_into_findings():
    """The numbers the chapter used to glue cell by cell now come from findings(), with the same text."""
    f = people.findings()
    # people.csv border_length_km: 7548.1 (kgmfa), 7644 (CIA), 7591 (Reuters as republished), 6846, 7800, 7500 ->
    # six figures, 6,846 to 7,800 km, spread 7800 - 6846 = 954 km; the preferred (CIA World Factbook) 7,644 km
    assert (f["people_border_n"], f["people_border_min"], f["people_border_max"]) == ("6", "6,846 km", "7,800 km")
    assert f["people_border_spread"] == "954 km" and f["people_border_preferred"] == "7,644 km"
    # remittances 2022, USD million rows: 775.4 (AsiaPlus, Kyiv Independent), 149.9 (Jan-May), 114.7 (July):
    # the full year is the largest, 775.4 -> US$ 0.78 bn
    assert f["people_remit_2022"] == "US$ 0.78 bn"
    # DEMOSCOPE respondents: 1,100 (Mar 2022, 2 rows), 1,110 (Nov 2022, 9 rows), 1,100 (May 2023, 7; 2025, 3):
    # 12 of 21 rows say 1,100, so the median is 1,100
    assert f["people_poll_n"] == "1,100"
    # population: the census of 2021 counted 19,186,015; the OWID estimate for 2021 is 19,743,607
    assert f["people_pop_est_last"] == "19,743,607"


def test_central_asian_barometer_2012_findings():
    f = people.findings()
    # opinion_polls.csv, poll cab-2012 (M-Vector release of 24 Oct 2012): 74 % 'very positive role', 65 % top partner
    assert f["people_cab2012_russia_positive"] == "74 %"
    assert f["people_cab2012_russia_priority"] == "65 %"
