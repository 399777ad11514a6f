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
        mapped = t[name]["source_id"].map(tiers)
        assert len(mapped) > 0 and mapped.notna().all(), name  # an unknown id would map to NaN and slip through
        assert "partisan" not in set(mapped), name


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
        ("interfax-2015-levada-russialist", 2015): 3, ("voa-2016-levada", 2016): 2,
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

def test_later_votes_one_per_country_from_the_press(t):
    v = people.votes(t["un_votes"]).set_index(["vote_id", "country"])
    # un_votes.csv keeps only the votes after the UN records reachable here:
    # '2026-lasting-peace,2026-02-24,,Support for a lasting peace in Ukraine,kazakhstan,abstain,centralasia-...'
    assert set(v.index.get_level_values("vote_id")) == {"2024-nuclear-safety", "2026-lasting-peace"}
    assert v.loc[("2026-lasting-peace", "kazakhstan"), "vote"] == "abstain"
    assert v.loc[("2024-nuclear-safety", "kazakhstan"), "source_ids"] == "skyzp-2024-07-znpp-vote"


def test_sources_that_disagree_stop_the_build(t):
    bad = t["un_votes"].copy()
    extra = bad[(bad["vote_id"] == "2026-lasting-peace") & (bad["country"] == "kazakhstan")].copy()
    extra["vote"], extra["source_id"] = "yes", "skyzp-2024-07-znpp-vote"
    with pytest.raises(data.DataError, match="un_votes.csv: sources disagree on kazakhstan's vote on 2026-lasting"):
        people.votes(pd.concat([bad, extra]))


def test_the_relay_rows_replaced_by_the_un_records_are_gone(t):
    # every resolution of 2014-2025 now rests on the UN's records; the relays that listed them are dropped
    assert not set(t["un_votes"]["source_id"]) & {"kinoshita-ukraine-viz-votes", "informburo-2022-03-24-es11-2",
                                                  "aljazeera-inkl-2022-11-es11-5"}
    assert not t["sources"]["source_id"].isin(["kinoshita-ukraine-viz-votes", "informburo-2022-03-24-es11-2",
                                                "aljazeera-inkl-2022-11-es11-5"]).any()


# the full record: data/un_votes_records.csv, made from the raw scrapes (cells quoted in tests/test_un_votes.py)

def test_kazakhstans_alignment_with_russia_worked_by_hand():
    # Kazakhstan beside Russia ('N' or 'NO' on all 22): 68/262 A; Crimea human rights 71/205-76/179 N x6 (same),
    # 77/229 NO (same), 78/221 blank (did not vote), 79/184 ABSTAIN; militarisation 73/194-76/70 A x4;
    # ES-11/1-8 ABSTAIN except ES-11/3 NO (same) -> 6 + 1 + 1 = 8 of 22 = 36.36 %
    a = people.vote_alignment("KAZ").iloc[0]
    assert (a["n"], a["same"]) == (22, 8)
    assert a["share_pct"] == pytest.approx(100 * 8 / 22)
    by = people.vote_alignment("KAZ", by="series").set_index("series")
    assert by.loc["crimea-human-rights", ["n", "same"]].tolist() == [9, 7]
    assert by.loc["crimea-militarisation", ["n", "same"]].tolist() == [4, 0]
    assert by.loc["emergency-session", ["n", "same"]].tolist() == [8, 1]
    assert by.loc["emergency-session", "share_pct"] == pytest.approx(12.5)
    assert by.loc["territorial-integrity", ["n", "same"]].tolist() == [1, 0]
    # the emergency session alone: 1 of 8; ES-11/3 is the one
    es = people.vote_alignment("KAZ", series="emergency-session").iloc[0]
    assert (es["n"], es["same"]) == (8, 1)


def test_not_voting_is_never_the_same_vote():
    records = people.vote_records()
    # Turkmenistan is blank (non-voting) on every 2022-2025 row and 'X' on the earlier ones it skipped
    tkm = people.vote_alignment("TKM", records=records).iloc[0]
    assert tkm["same"] == 0
    # a made-up record where Russia and another state both did not vote: still not the same vote
    fake = records[records["resolution"] == "68/262"].copy()
    fake.loc[fake["iso3"].isin(["RUS", "KAZ"]), "vote"] = "absent"
    assert people.vote_alignment("KAZ", records=fake).iloc[0]["same"] == 0


def test_vote_alignment_covers_the_neighbours_and_rejects_unknown_codes():
    a = people.vote_alignment().set_index("iso3")
    assert list(a.index) == list(people.NEIGHBOURS)
    assert a.loc["RUS", "share_pct"] == 100.0 and set(a["n"]) == {22}
    with pytest.raises(data.DataError, match="no votes of \\['XXX'\\]"):
        people.vote_alignment(["KAZ", "XXX"])


def test_scraped_votes_that_do_not_add_up_stop_the_book():
    records = data.load("un_votes_records")
    totals = data.load("un_vote_totals")
    people.check_vote_totals(records, totals)  # the real tables add up
    bad = records.copy()
    row = bad[(bad["resolution"] == "79/184") & (bad["iso3"] == "KAZ")].index[0]
    bad.loc[row, "vote"] = "yes"  # a made-up scrape: Kazakhstan's abstention on 79/184 flipped to yes
    with pytest.raises(data.DataError, match=r"resolution 79/184: un_votes_records.csv counts 82 yes votes, the UN "
                                             r"published 81"):
        people.vote_records(records=bad, totals=totals)
    # the edge: two states swapping their votes keep every count, so the totals cannot see it (the check is on
    # counts, as the UN publishes them)
    swap = records.copy()
    kaz = swap[(swap["resolution"] == "79/184") & (swap["iso3"] == "KAZ")].index[0]
    usa = swap[(swap["resolution"] == "79/184") & (swap["iso3"] == "USA")].index[0]
    swap.loc[kaz, "vote"], swap.loc[usa, "vote"] = "yes", "abstain"
    people.check_vote_totals(swap, totals)
    # a resolution with no published totals is refused too
    with pytest.raises(data.DataError, match="resolution 68/262: votes in un_votes_records.csv but no published"):
        people.check_vote_totals(records, totals[totals["resolution"] != "68/262"])


def test_vote_findings_tell_the_full_record():
    f = people.vote_findings(data.load("un_votes"))
    # worked by hand above: 8 of 22 with Russia; the emergency session alone 1 of 8 (ES-11/3)
    assert (f["people_un_same"], f["people_un_n"], f["people_un_share"]) == ("8", "22", "36.4 %")
    assert (f["people_un_es_same"], f["people_un_es_n"], f["people_un_es_same_res"]) == ("1", "8", "ES-11/3")
    assert f["people_un_kz_yes_phrase"] == "never voted yes on any" and f["people_un_ru_no"] == "22"
    # Crimea human rights: 'N' 2016-2021 and 'NO' on 77/229 (2022), then '' on 78/221 and 'ABSTAIN' on 79/184
    assert (f["people_un_hr_same"], f["people_un_hr_n"], f["people_un_hr_first_year"]) == ("7", "9", "2016")
    assert (f["people_un_hr_last_res"], f["people_un_hr_last_year"]) == ("77/229", "2022")
    assert f["people_un_hr_after"] == "did not vote on 78/221 in 2023 and abstained on 79/184 in 2024"
    assert f["people_un_mil_votes"] == "abstained on all 4" and f["people_un_2014_vote"] == "abstained"
    # after 77/229 (Dec 2022): ES-11/6 A, 78/221 absent, 79/184 A, ES-11/7 A, ES-11/8 A
    assert (f["people_un_since_year"], f["people_un_since"]) == ("2022", "abstained or did not vote")
    # neighbours (table worked from the grid): Belarus 22/22; Armenia 11, Kyrgyzstan 9, Kazakhstan 8 -> 4th of 10
    assert (f["people_un_nb_top"], f["people_un_nb_top_share"], f["people_un_kz_rank"]) == ("Belarus", "100 %", "4th")
    assert f["people_un_nb_never"] == "Azerbaijan, Georgia, Mongolia and Turkmenistan"
    assert f["people_un_later"] == "abstained on the votes of 11 July 2024 and 24 February 2026"


def test_the_loader_path_stops_on_a_flipped_vote(scratch_data):
    from conftest import rehash_resource

    path = scratch_data / "un_votes_records.csv"
    text = path.read_text(encoding="utf-8")
    line = "68/262,2014-03-27,territorial-integrity,KAZ,abstain,767565,undl-votes-scrape-2022"
    assert line in text
    path.write_text(text.replace(line, line.replace(",abstain,", ",no,")), encoding="utf-8")
    rehash_resource(scratch_data, "un_votes_records")
    with pytest.raises(data.DataError, match="resolution 68/262: un_votes_records.csv counts 12 no votes"):
        people.vote_records()


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
    # 2022: ES-11/1-5 and 77/229, the same vote as Russia on ES-11/3 and 77/229 -> 2 of 6
    assert by.loc[("un_alignment_with_russia", 2022), "value"] == pytest.approx(100 * 2 / 6)
    assert by.loc[("un_alignment_with_russia", 2016), "value"] == 100.0  # 71/205: 'N' beside Russia's 'N'
    assert by.loc[("un_alignment_with_russia", 2025), "value"] == 0.0  # ES-11/7 and /8: ABSTAIN
    assert by.loc[("un_alignment_with_russia", 2025), "tier"] == "intergovernmental"
    assert 2015 not in by.xs("un_alignment_with_russia").index  # no resolution in 2015
    # students: 2020 about 60,000 (kt.kz), 2021 61,000, 2023 70,000, 2025 60,000
    assert by.xs("students_in_russia")["value"].to_dict() == {2020: 60000, 2021: 61000, 2023: 70000, 2025: 60000}
    # support for Russia, DEMOSCOPE: the latest wave of each year: Nov 2022 13 %, May 2023 12.8 %
    assert by.xs("kazakhs_supporting_russia_pct")["value"].to_dict() == {2022: 13.0, 2023: 12.8}
    assert set(ind["direction"]) <= {-1, 0, 1}
    assert set(ind["tier"]) <= set(people.TIER_ORDER) - {"partisan"}


def test_findings_are_formatted_text():
    f = people.findings()
    assert all(isinstance(v, str) for v in f.values())
    assert f["people_un_share"] == "36.4 %" and (f["people_un_same"], f["people_un_n"]) == ("8", "22")
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
