"""The summary chapter's functions (kzdep.summary) and the levers' contract tables, checked by hand."""

from __future__ import annotations

import importlib
import re

import pandas as pd
import pytest

from kzdep import data, summary

COLUMNS = summary.CONTRACT_COLUMNS


def row(indicator, year, value, direction=1, lever="trade", series="a", unit="percent", tier="official"):
    return [lever, indicator, indicator, year, value, unit, direction, tier, "s", series, ""]


# ---------------------------------------------------------------------------------------------------------------
# the contract

@pytest.mark.parametrize("name", summary.LEVER_MODULES)
def test_every_lever_module_keeps_the_contract(name):
    module = importlib.import_module(f"kzdep.{name}")
    frame = summary.check_contract(module.yearly_indicators(), name)
    assert set(frame["lever"]) == {name}
    assert set(frame["direction"]) <= {-1, 0, 1}
    assert not frame.duplicated(["indicator", "year", "series"]).any()
    found = module.findings()
    assert found and all(isinstance(v, str) and v for v in found.values())


def test_contract_values_by_hand():
    ind = summary.lever_indicators()
    # from 2018 the bureau's figures (latest release): trade_bns.csv, release 2021, year 2020, imports:
    # Россия 13768.20903622 / Всего 38929.07606504 = 35.3674 %
    assert summary.value_at(ind, "imports_from_russia_share", 2020) == pytest.approx(35.3674, abs=1e-4)
    # before 2018 IMF DOTS: trade_dots.csv 2013 imports, Russian Federation 17971.764465 / World 49073.576277
    # = 36.6221 %
    assert summary.value_at(ind, "imports_from_russia_share", 2013) == pytest.approx(36.6221, abs=1e-4)
    # SIPRI register of May 2026 (arms_register_2026.csv, deals spread in equal shares over their years),
    # deliveries 2017-2021 to Kazakhstan: Russia BTR-82A 85.5 / 3, Su-30MK (2015) 440 x 2/3, Mi-35M (2018) 46,
    # Tigr 3.45 / 2, Mi-17 (2016) 21.75 / 2, Project-10750 17.5, 9M317 25, Buk-M2 60, Mi-35M (2017) 46,
    # Su-30MK (2018) 660 x 3/4 = 1023.93; others: C-295 (2015) 25, PW-127G (2017) 3, EC-145 39 / 7, Marauder
    # (2013) 31.5 x 2/3, Marauder (2018) 32.9 x 2/3, SandCat 2.8, UH-1H 12.4 / 4 = 82.40 -> 92.552 %
    russia = 85.5 / 3 + 440 * 2 / 3 + 46 + 3.45 / 2 + 21.75 / 2 + 17.5 + 25 + 60 + 46 + 660 * 3 / 4
    others = 25 + 3 + 39 / 7 + 31.5 * 2 / 3 + 32.9 * 2 / 3 + 2.8 + 12.4 / 4
    assert summary.value_at(ind, "arms_from_russia_share_5y", 2021) == pytest.approx(100 * russia / (russia + others))
    # oil_export_routes 2022: CPC 52.2 + Atyrau-Samara 8 of a stated 64.3 Mt -> 93.62 % (lower bound)
    assert summary.value_at(ind, "oil_exports_via_russia_share", 2022) == pytest.approx(100 * 60.2 / 64.3)
    # people.csv: two rows for 2025, both 60,000 students
    assert summary.value_at(ind, "students_in_russia", 2025) == 60000


def test_contract_violations_are_named():
    good = pd.DataFrame([row("x", 2000, 1.0)], columns=COLUMNS)
    with pytest.raises(ValueError, match=r"kzdep.trade.*columns differ"):
        summary.check_contract(good.drop(columns="tier"), "trade")
    bad = pd.DataFrame([row("x", 2000, 1.0), row("x", 2001, 1.0, direction="up")], columns=COLUMNS)
    with pytest.raises(ValueError, match=r"'direction', row 1"):
        summary.check_contract(bad, "trade")
    dup = pd.DataFrame([row("x", 2000, 1.0), row("x", 2000, 2.0)], columns=COLUMNS)
    with pytest.raises(ValueError, match="second value"):
        summary.check_contract(dup, "trade")
    assert summary.check_contract(good.assign(direction="+1"), "trade")["direction"].tolist() == [1]


def test_partisan_rows_are_never_used():
    frame = pd.DataFrame([row("x", 2000, 1.0), row("x", 2001, 2.0, tier="partisan")], columns=COLUMNS)
    assert summary.usable(frame)["year"].tolist() == [2000]


# ---------------------------------------------------------------------------------------------------------------
# then and now

def test_then_value_rule():
    assert summary.then_value(pd.Series({2013: 1.0, 2014: 2.0})) == (2014, 2.0)
    assert summary.then_value(pd.Series({2013: 1.0, 2015: 2.0})) == (2013, 1.0)
    assert summary.then_value(pd.Series({2009: 5.0, 2021: 2.0})) == (2009, 5.0)  # within five years before 2013
    assert summary.then_value(pd.Series({2007: 5.0, 2021: 2.0})) == (None, None)


def test_then_and_now_by_hand():
    frame = pd.DataFrame([row("x", 2013, 10.0), row("x", 2021, 20.0), row("x", 2023, 30.0),
                          row("y", 2009, 1.0, direction=0, unit="Mt"), row("y", 2024, 2.0, direction=0, unit="Mt")],
                         columns=COLUMNS)
    tn = summary.then_and_now(frame).set_index("indicator")
    assert tn.loc["x", ["then_year", "then_value", "middle_value", "latest_year", "latest_value"]].tolist() == \
        [2013, 10.0, 20.0, 2023, 30.0]
    assert pd.isna(tn.loc["y", "middle_value"]) and tn.loc["y", "then_year"] == 2009
    shown = summary.then_and_now_shown(tn.reset_index())
    assert shown["2013/2014"].tolist() == ["10.0 % (2013)", "1.0 (2009)"]
    assert shown["Latest (year)"].tolist() == ["30.0 % (2023)", "2.0 (2024)"]
    assert shown["Reading"].tolist() == ["higher = more dependent", "context"]


def test_format_value():
    assert summary.format_value(34.8695, "percent") == "34.9 %"
    assert summary.format_value(0.4321, "percent of GDP") == "0.43 %"
    assert summary.format_value(-8400.77, "US$ m") == "-8,401"
    assert summary.format_value(None, "percent") == ""


# ---------------------------------------------------------------------------------------------------------------
# both directions

def test_cpc_other_oil_by_hand():
    loadings = data.load("cpc_loadings")
    other = summary.cpc_other_oil(loadings).set_index("year")
    # 2018 (dzen-2019-cpc-2018): 61.08 total, 54.3 Kazakh -> 6.78 Mt; 2022 (zonebourse): 58.7 - 52.2 = 6.5 Mt
    assert other.loc[2018, "other_mt"] == pytest.approx(6.78)
    assert other.loc[2022, "other_mt"] == pytest.approx(6.5)
    assert other.loc[2022, "other_share_pct"] == pytest.approx(100 * 6.5 / 58.7)
    # 2023: total from CPC, Kazakh oil from the minister: different sources, left out unless asked for
    assert 2023 not in other.index
    assert 2023 in summary.cpc_other_oil(loadings, same_source=False)["year"].tolist()


def test_rents_most_reported_without_partisan_sources():
    fac, sources = data.load("facilities"), data.load("sources")
    # Baikonur: 115 in four rows (tengrinews-2011, caliber-2025, mt-2004, mt-1994), 150 in one (AFP)
    value, used = summary.most_reported(fac, sources, "baikonur")
    assert value == 115.0 and "afp-2004-baikonur-2050" not in used
    # ranges: 24.8, 27.5, 25, 24 once each (no other all-ranges rent); the tie goes to the latest (2016: 24)
    value, used = summary.most_reported(fac, sources, "all-ranges")
    assert value == 24.0 and used == ["astanatimes-2016-rent-increase"]


def test_both_directions_has_both_sides():
    ind = summary.usable(summary.lever_indicators())
    both = summary.both_directions(ind, data.load("interdependence"), data.load("cpc_loadings"),
                                   data.load("facilities"), data.load("sources"))
    assert set(both["side"]) == {"Russia needs from Kazakhstan", "Kazakhstan needs from Russia"}
    gas = both[both["item"].str.contains("gas")]
    # interdependence.csv: 5.6 bcm in 2024 (the Oct-Dec 2023 row is part-year and not the latest)
    assert gas["year"].tolist() == ["2024"] and gas["value_num"].tolist() == [5.6]
    sources = set(data.load("sources")["source_id"])
    assert all(s in sources for ids in both["source_ids"] for s in ids.split(";"))


# ---------------------------------------------------------------------------------------------------------------
# the timeline

def test_decimal_year():
    assert summary.decimal_year("2008") == 2008.5
    assert summary.decimal_year("2022-01-05") == pytest.approx(2022 + 5 / 366)
    assert summary.decimal_year("2022-11") == pytest.approx(2022 + (10 * 30.5 + 15) / 366)


def test_timeline_keeps_one_wording_per_date_and_lever():
    events = data.load("events")
    tl = summary.timeline(events)
    # events.csv has two trade rows dated 2010-01-01 and two dated 2010-07-01: one of each is kept, the longer
    rows = tl[(tl["date"] == "2010-01-01") & (tl["lane"] == "trade")]
    assert len(rows) == 1
    longest = max(events.loc[(events["date"] == "2010-01-01") & (events["lever"] == "trade"), "event"], key=len)
    assert rows["event"].iloc[0] == longest
    assert len(tl[(tl["date"] == "2010-07-01") & (tl["lane"] == "trade")]) == 1
    assert set(tl["lane"]) <= set(summary.LANES)


def test_captioned_table_is_numbered():
    text = summary.captioned_table(pd.DataFrame({"a": [1]}), "A caption", "tbl-x")
    assert text.startswith(":::{list-table} A caption\n:name: tbl-x\n")


def test_word_change():
    assert summary.word_change(57.8, 91.3) == "rose"
    assert summary.word_change(91.3, 57.8) == "fell"
    assert summary.word_change(15.51, 15.49) == "did not change"


def test_summary_survives_richer_lever_tables(monkeypatch):
    """After the merge the levers bring more years, a second series and new indicators: the summary's functions must
    take them without change (only the contract is relied on)."""
    from kzdep import index, trade

    original = trade.yearly_indicators

    def richer():
        frame = original()
        extra = pd.DataFrame([
            ["trade", "imports_from_russia_share", "Imports from Russia, share of all imports", 2020, 36.0,
             "percent", "+1", "official", "s", "press", ""],  # overlaps the longer bureau series: it wins
            ["trade", "imports_from_russia_share", "Imports from Russia, share of all imports", 2030, 30.0,
             "percent", "+1", "official", "s", "press", ""],
            ["trade", "un_votes_like_new_key", "A new indicator", 2023, 50.0, "percent", -1, "official", "s",
             "x", ""],
        ], columns=COLUMNS)
        return pd.concat([frame, extra], ignore_index=True)

    monkeypatch.setattr(trade, "yearly_indicators", richer)
    ind = summary.usable(summary.lever_indicators())
    assert summary.latest(ind, "imports_from_russia_share") == (2030, 30.0)
    # the bureau's 2020 share (trade_bns.csv, release 2021: 13768.20903622 / 38929.07606504)
    assert summary.value_at(ind, "imports_from_russia_share", 2020) == pytest.approx(35.3674, abs=1e-4)
    tn = summary.then_and_now(ind).set_index("indicator")
    assert tn.loc["imports_from_russia_share", "latest_year"] == 2030
    assert "un_votes_like_new_key" in tn.index
    mc = index.monte_carlo(ind, draws=20, seed=1)
    y0, y1 = index.anchor_years(mc, index.OVERALL)
    assert y0 <= 2014 < y1
    assert len(index.conclusions(mc)) > 0
    assert not index.index_sensitivity(ind, y0, y1, n=8).empty
    panels = summary.dashboard_panels(ind)
    assert panels["year"].max() >= 2023


# ---------------------------------------------------------------------------------------------------------------
# the verdict and the caveats of the headline numbers (issue 24)

def test_inferred_year_is_read_from_the_register_note():
    sources = data.load("sources").set_index("source_id")
    # sources.csv, dayaz-2026-akkenzhenov-routes-2025, note: "... the year is not named in the quotes ... reading
    # them as 2025 outturns rests on their adding up, with the CPC's 64.8 Mt, to the 2025 total of 78.7 Mt"
    assert summary.year_inferred(sources.loc["dayaz-2026-akkenzhenov-routes-2025", "note"])
    # efe-abc-2026-exports-2025 quotes the minister on 2025 by name: a stated year
    assert not summary.year_inferred(sources.loc["efe-abc-2026-exports-2025", "note"])
    assert summary.year_inferred("The year was inferred from the article's wording")
    assert not summary.year_inferred("Minister: 64.8 Mt in 2025")


def test_grade_rule_both_ways():
    assert summary.grade("official", 23, False) == "high"
    assert summary.grade("research", 10, False) == "high"      # the edge: ten years is enough
    assert summary.grade("research", 9, False) == "medium"     # nine is not
    assert summary.grade("news-agency", 30, False) == "medium"
    assert summary.grade("press", 30, False) == "low"
    assert summary.grade("official", 4, False) == "medium"     # four years: medium
    assert summary.grade("official", 3, False) == "low"
    assert summary.grade("official", 23, True) == "medium"     # an inferred year costs one step
    assert summary.grade("press", 2, True) == "low"            # never below low


def test_direction_word_tolerance():
    assert summary.direction_word(61.9, 96.3, 1) == "more dependent"
    assert summary.direction_word(33.3, 27.9, 1) == "less dependent"
    assert summary.direction_word(10.0, 11.9, 1) == "little change"   # under 2 points
    assert summary.direction_word(10.0, 12.0, 1) == "more dependent"  # the edge: 2 points is a change
    assert summary.direction_word(10.0, 20.0, -1) == "less dependent"


def _verdict():
    ind = summary.usable(summary.lever_indicators())
    return summary.verdict(ind, data.load("sources")).set_index("indicator")


def test_headline_oil_share_carries_its_caveats():
    """The 2025 share of crude crossing Russia rests on a relay (Day.Az, relaying Kazakh media: the register's tier
    by the rubric) whose year the report infers."""
    v = _verdict().loc["oil_exports_via_russia_share"]
    # oil_export_routes.csv, 2025 full_year rows: cpc 64.8 and total_exports 78.7 (efe-abc-2026-exports-2025),
    # atyrau_samara 8.8 and aktau_makhachkala 2.2 (dayaz-2026-akkenzhenov-routes-2025): the routes crossing Russia
    # carry (64.8 + 8.8 + 2.2) / 78.7 = 96.315 % at least
    assert v["latest_year"] == 2025 and v["latest_value"] == pytest.approx(100 * (64.8 + 8.8 + 2.2) / 78.7)
    assert set(v["latest_sources"].split(";")) >= {"efe-abc-2026-exports-2025", "dayaz-2026-akkenzhenov-routes-2025"}
    assert v["caveats"].split(";") == ["relay", "inferred year"]
    assert v["grade"] == "low"
    text = summary.answer_findings()["ans_oil_caveat"]
    assert "relay" in text and "infers" in text and "2025" in text
    shown = summary.verdict_shown(_verdict().reset_index())
    assert "relay, inferred year" in shown.loc[0, "Since 2022"]


def test_a_relay_headline_carries_its_caveat_and_an_official_one_none():
    v = _verdict()
    # the 2021 census share (15.5 %) rests on wikipedia-languages-kz, tier relay in sources.csv
    assert v.loc["ethnic_russians_share", "caveats"] == "relay"
    f = summary.answer_findings()
    assert "relay" in f["ans_rus_caveat"]
    # imports from Russia 2023: bns-foreign-trade-2023, official: no caveat, the source named instead
    assert v.loc["imports_from_russia_share", "caveats"] == ""
    assert f["ans_imp_caveat"] == "(an official figure)"


def test_verdict_values_by_hand():
    v = _verdict()
    imp = v.loc["imports_from_russia_share"]
    # trade_bns.csv, release 2023, year 2023, imports: Россия 16847.0339314, Всего 60412.28333494 (US$ m);
    # release 2022, year 2021: Россия 17605.53420124, Всего 41415.4354697
    assert imp["latest_value"] == pytest.approx(100 * 16847.0339314 / 60412.28333494)
    assert imp["mid_value"] == pytest.approx(100 * 17605.53420124 / 41415.4354697)
    # trade_dots.csv (from DOTS_103.xlsx), 2014 imports: Russian Federation 13807.68603, World 41467.390457
    assert imp["before_year"] == 2014
    assert imp["before_value"] == pytest.approx(100 * 13807.68603 / 41467.390457)
    assert imp["direction"] == "less dependent"
    arms = v.loc["arms_from_russia_share_5y"]
    # the arms low point and the "2014 or before" value are one number: the five years to 2014
    low_year, low = summary.low_point(summary.usable(summary.lever_indicators()), "arms_from_russia_share_5y")
    assert (arms["before_year"], arms["before_value"]) == (low_year, low)
    # one story with the security chapter: the same five-year share from the register of record
    from kzdep import security

    shares = security.five_year_share(security.kazakh_register(), security.ARMS_START, security.arms_end(),
                                      window=security.WINDOW).set_index("year")["share_pct"]
    assert low == pytest.approx(shares.loc[low_year]) and low == pytest.approx(shares[shares.index >= 2000].min())
    oil = v.loc["oil_exports_via_russia_share"]
    # 2021 has no full split: the CPC's share (53.1 of 67.6 Mt = 78.55 %) stands in, named as a lower bound
    assert oil["mid_value"] == pytest.approx(100 * 53.1 / 67.6) and "CPC alone" in oil["mid_note"]


def test_every_verdict_reference_shows_the_year_it_quotes(built_book):
    """Each row's figure or table download reaches the latest year the row quotes (a figure that stops years
    earlier would not show the number)."""
    import json

    from conftest import ROOT

    v = _verdict()
    for key, row in v.iterrows():
        name = row["figure"].removeprefix("fig-").removeprefix("tbl-")
        frame = pd.read_csv(ROOT / "book" / "figdata" / f"{name}.csv")
        if "date" in frame.columns:
            years = frame["date"].astype(str).str[:4]
        else:
            years = next(frame[c] for c in ("year", "census_year", "Year") if c in frame.columns)
        assert int(pd.to_numeric(years).max()) >= int(row["latest_year"]), (key, name)
        assert json.loads((ROOT / "book" / "figdata" / f"{name}.json").read_text())


def test_summary_page_holds_at_most_2000_words():
    from conftest import ROOT

    page = (ROOT / "book" / "summary.md").read_text(encoding="utf-8")
    ind = summary.usable(summary.lever_indicators())
    table = summary.verdict(ind, data.load("sources"))
    words = summary.prose_words(page, summary.answer_findings()) + \
        summary.table_words(summary.verdict_shown(table), summary.VERDICT_NOTE)
    assert 600 < words <= 2000, words


def test_word_count_counts_glued_text_not_markup():
    md = "---\nx: 1\n---\n# Title\n\nShare was {glue:text}`a` in 2021 ({numref}`fig-x`).\n\n```{code-cell} ipython3\n" \
         "print('not counted')\n```\n\nA {term}`CPC` line.\n"
    # Title (1) + "Share was 96.3 % in 2021 (Figure 1.1)." (8, the spaced % sign counts as a word, as a word
    # processor counts it) + "A CPC line." (3); the code cell and the front matter count nothing
    assert summary.prose_words(md, {"a": "96.3 %"}) == 12


def test_yardstick_placeholder_until_the_neighbours_chapter(monkeypatch):
    import sys
    import types

    import kzdep

    monkeypatch.setitem(sys.modules, "kzdep.neighbours", None)  # not importable
    monkeypatch.delattr(kzdep, "neighbours", raising=False)  # nor reachable as an attribute of the package
    assert "in preparation" in summary.yardstick()
    fake = types.ModuleType("kzdep.neighbours")
    fake.findings = lambda: {"yardstick": "Kazakhstan ranks third of ten."}
    monkeypatch.setitem(sys.modules, "kzdep.neighbours", fake)
    import kzdep
    monkeypatch.setattr(kzdep, "neighbours", fake, raising=False)
    assert summary.yardstick() == "Kazakhstan ranks third of ten."


def test_no_glued_summary_text_shows_a_code_name():
    f = summary.answer_findings()
    f.update(summary.lever_findings(summary.lever_indicators()))
    bad = {k: v for k, v in f.items() if re.search(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b", v)}
    assert not bad, bad
