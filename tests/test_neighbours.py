"""Kazakhstan among Russia's neighbours (issue 26): extracts checked against raw cells, the cross-country index
checked on made-up cases, the build rules both ways, and bad input named by file, sheet, row and column."""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kzdep import index, neighbours as nb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import extract_neighbours as ex  # noqa: E402


@pytest.fixture(scope="module")
def shares():
    return nb.trade_shares()


@pytest.fixture(scope="module")
def results():
    return nb.index_results(draws=300)


# ---------------------------------------------------------------------------------------------------------------
# own IMF DOTS records, one per country: Russia's share of imports in 2020 = Russia row / World row, sheet
# 'Imports, CIF', column AE (2020; AP in Mongolia's file, which starts in 1981)

DOTS_2020 = {  # iso: (file, World row 9, Russian Federation row, World value, Russia value)
    "KAZ": ("DOTS_103.xlsx", 102, 38142.88939, 13300.216572),
    "KGZ": ("DOTS_109.xlsx", 91, 3684.108611, 1316.005274),
    "UZB": ("DOTS_210.xlsx", 88, 19955.424641, 4080.1434),
    "TJK": ("DOTS_192.xlsx", 87, 3154.573038, 932.593044),
    "TKM": ("DOTS_201.xlsx", 81, 3241.931381, 669.818934),
    "ARM": ("DOTS_9.xlsx", 95, 4583.273868, 1495.201928),
    "AZE": ("DOTS_13.xlsx", 100, 10746.2296, 1962.2889),
    "GEO": ("DOTS_76.xlsx", 93, 8052.882152, 888.445816),
    "BLR": ("DOTS_18.xlsx", 101, 32767.4331, 16510.5258),
    "MNG": ("DOTS_130.xlsx", 92, 5306.752161, 1399.962251),
}


@pytest.mark.parametrize("iso", list(DOTS_2020))
def test_own_dots_share_of_imports_from_russia_2020(shares, iso):
    _file, _row, world, russia = DOTS_2020[iso]
    assert nb.trade_share(shares, iso, 2020, "imports") == pytest.approx(100 * russia / world, abs=1e-6)


def test_kazakhstan_2020_by_hand(shares):
    # DOTS_103.xlsx 'Imports, CIF' AE102 (Russian Federation) 13300.216572 / AE9 (World) 38142.88939 = 34.87 %
    assert nb.trade_share(shares, "KAZ", 2020, "imports") == pytest.approx(34.8694, abs=1e-3)


def test_mirror_is_russias_exports_over_the_countrys_own_total(shares):
    # DOTS_162.xlsx (Russia) 'Exports, FOB' row 121 'Kazakhstan, Rep. of' AE (2020) 14052.644309, over
    # Kazakhstan's own World imports (DOTS_103.xlsx 'Imports, CIF' AE9) 38142.88939 = 36.84 %
    got = nb.trade_share(shares, "KAZ", 2020, "imports", series="dots_mirror")
    assert got == pytest.approx(100 * 14052.644309 / 38142.88939, abs=1e-6)
    # the same file, row 137 'Turkmenistan' 631.904657 over DOTS_201.xlsx AE9 3241.931381
    got = nb.trade_share(shares, "TKM", 2020, "imports", series="dots_mirror")
    assert got == pytest.approx(100 * 631.904657 / 3241.931381, abs=1e-6)


def test_imf_estimates_are_flagged():
    # DOTS_210.xlsx (Uzbekistan) 'Imports, CIF' row 88 (Russian Federation) column G (1996): '1,191.26 e'
    t = nb.trade_values()
    hit = t[(t["country"] == "UZB") & (t["year"] == 1996) & (t["flow"] == "imports") & (t["partner"] == "russia")
            & (t["series"] == "dots")]
    assert hit["value_usd_m"].iloc[0] == pytest.approx(1191.26)
    assert hit["flag"].iloc[0] == "imf_estimate"


def test_kyrgyz_national_2023(shares):
    # 4.03.00.18 (exports) sheet 'Лист1' row 38 'Russia' column AG (2023): 823728.781 thousand US$;
    # row 5 'Total' AG: 3384856.093
    assert nb.trade_share(shares, "KGZ", 2023, "exports", series="national") == pytest.approx(
        100 * 823728.781 / 3384856.093, abs=1e-6)
    # 4.03.00.20 (imports) sheet 'import' row 44 'Russia' AG ('2023 1', preliminary): 2182927.174; row 4 'Total'
    # 12351968.058
    row = shares[(shares["country"] == "KGZ") & (shares["year"] == 2023) & (shares["flow"] == "imports")
                 & (shares["series"] == "national") & (shares["partner"] == "russia")]
    assert row["share_pct"].iloc[0] == pytest.approx(100 * 2182927.174 / 12351968.058, abs=1e-6)
    assert bool(row["estimate"].iloc[0])  # preliminary


def test_uzbek_national_2023_total_is_the_sum_of_partners(shares):
    # sdmx_data_1105.csv row 53 '643 Rossiya' column R (2023): 3495675.6 thousand US$; the table has no total
    # row: the total is the sum of the 228 partner rows of that column
    raw = (ROOT.parent / "shared" / "sources" / ex.UZ_EXPORTS)
    if raw.exists():
        table = pd.read_csv(raw, encoding="utf-8-sig", dtype={"Code": str})
        total = table["2023"].sum()
    else:
        total = nb.trade_values().query("country == 'UZB' and year == 2023 and flow == 'exports' and "
                                        "partner == 'world'")["value_usd_m"].iloc[0] * 1000
    assert nb.trade_share(shares, "UZB", 2023, "exports", series="national") == pytest.approx(
        100 * 3495675.6 / total, abs=1e-6)
    assert total / 1000 == pytest.approx(24869, abs=1)  # 24.87 bn (sum computed by hand from the column)


def test_kazakh_bureau_rows_come_from_the_latest_release(shares):
    bns = nb._latest_bns()
    assert not bns.duplicated(["year", "partner", "flow"]).any()
    assert set(bns["source_id"][bns["year"] == 2022]) == {"bns-foreign-trade-2023"}


def test_remittances_both_ways_from_the_matrix():
    # bilateral_remittance_matrix_2021.xlsx sheet 'FINAL BRM 2021 ': row 161 'Russian Federation', column CV
    # 'Kazakhstan': 184.19788532; row 101 'Kazakhstan', column FD 'Russian Federation': 2185.359336; row 217
    # 'WORLD', column CV: 310.158546
    r = nb.remittances()
    assert r.loc["KAZ", "received_from_russia"] == pytest.approx(184.19788532, abs=1e-6)
    assert r.loc["KAZ", "sent_to_russia"] == pytest.approx(2185.359336, abs=1e-5)
    assert r.loc["KAZ", "from_russia_pct"] == pytest.approx(100 * 184.19788532 / 310.15854635, abs=1e-5)
    assert r.loc["KAZ", "net_with_russia"] < 0  # Kazakhstan sends more than it receives
    # column 'Kyrgyz Republic': Russia 2017.5236911, WORLD 2792.4982491
    assert r.loc["KGZ", "from_russia_pct"] == pytest.approx(100 * 2017.5236911 / 2792.4982491, abs=1e-5)


def test_gas_from_russia_against_consumption():
    # EI 2026 sheet 'Gas trade 2025 - pipeline' row 15 'Belarus' column K (Russian Federation): 15.927529499;
    # sheet 'Gas Consumption - Bcm' row 58 'Belarus', 2025: 15.940991937
    g = nb.gas().set_index("importer")
    assert g.loc["BLR", "from_russia_pct_of_consumption"] == pytest.approx(100 * 15.927529499 / 15.940991937,
                                                                           abs=1e-6)
    # 'Kazakhstan' row 16 column K: 3.418964998; consumption row 59, 2025: 23.889441361
    assert g.loc["KAZ", "from_russia_pct_of_consumption"] == pytest.approx(100 * 3.418964998 / 23.889441361,
                                                                           abs=1e-6)
    # 'Other CIS' is kept as the group, with no consumption and no share
    assert g.loc["OTHER_CIS", "from_russia_bcm"] == pytest.approx(9.547394828, abs=1e-6)
    assert pd.isna(g.loc["OTHER_CIS", "consumption_bcm"])


def test_ties_by_year():
    assert nb.ties(2021)["KAZ"] == 3  # CSTO, EAEU, Baikonur
    assert nb.ties(2009)["KAZ"] == 2  # no customs union before 2010
    assert nb.ties(2011)["UZB"] == 1 and nb.ties(2013)["UZB"] == 0  # CSTO 2006-2012
    assert nb.ties(2021)["GEO"] == 0  # forces without consent are not a tie
    assert nb.ties(2021)["AZE"] == 1 and nb.ties(2024)["AZE"] == 0  # peacekeepers 2020 to June 2024


# ---------------------------------------------------------------------------------------------------------------
# the index across countries

DIRS = {"a": 1, "b": 1, "c": -1}


def made_up():
    # X is the most dependent on every indicator, Z the least, Y in between
    return pd.DataFrame({"a": [90.0, 50.0, 10.0], "b": [3.0, 2.0, 0.0], "c": [5.0, 40.0, 80.0]},
                        index=["X", "Y", "Z"])


def test_index_ranks_a_made_up_case():
    values = made_up()
    for norm in ("minmax", "zscore"):
        for agg in ("arithmetic", "geometric"):
            s = index.cross_scores(values, DIRS, norm, agg)
            assert list(s.sort_values(ascending=False).index) == ["X", "Y", "Z"], (norm, agg)
    mc = index.cross_monte_carlo(values, DIRS, draws=200, seed=1)
    ranks = index.cross_rank_intervals(mc)
    assert (ranks.loc["X", ["rank_low", "rank_high"]] == 1).all()
    assert (ranks.loc["Z", ["rank_low", "rank_high"]] == 3).all()


def test_minmax_arithmetic_by_hand():
    # a: (90, 50, 10) -> 1, 0.5, 0; b: (3, 2, 0) -> 1, 2/3, 0; c reversed: (5, 40, 80) -> 1, 40/75, 0
    s = index.cross_scores(made_up(), DIRS, "minmax", "arithmetic")
    assert s["Y"] == pytest.approx((0.5 + 2 / 3 + 40 / 75) / 3)


def test_goalposts_fixed_bounds():
    s = index.cross_scores(made_up()[["a"]], {"a": 1}, "goalposts", goalposts={"a": (0.0, 100.0)})
    assert s["X"] == pytest.approx(0.9)
    with pytest.raises(KeyError, match="no goalposts"):
        index.cross_scores(made_up(), DIRS, "goalposts", goalposts={"a": (0, 100)})


def test_a_country_with_too_few_indicators_is_unranked():
    values = made_up()
    values.loc["Y", ["a", "b"]] = np.nan
    s = index.cross_scores(values, DIRS, min_indicators=2)
    assert np.isnan(s["Y"]) and not np.isnan(s["X"])
    s = index.cross_scores(values, DIRS, min_indicators=1)  # the edge: one real value is enough at 1
    assert not np.isnan(s["Y"])


def test_a_redundant_pair_is_refused():
    values = pd.DataFrame({"a": [90.0, 50, 10, 30, 70, 20], "c": [5.0, 40, 80, 10, 60, 30]})
    values["d"] = 2 * values["a"] + 1  # the same quantity twice
    with pytest.raises(ValueError, match="'a' and 'd' correlate"):
        index.refuse_redundant(values)
    # the edge of the tolerance: r just below the threshold passes
    values = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6], "d": [1.0, 2, 3, 4, 6, 5]})
    r = np.corrcoef(values["a"], values["d"])[0, 1]
    index.refuse_redundant(values, threshold=r + 1e-9)
    with pytest.raises(ValueError):
        index.refuse_redundant(values, threshold=r - 1e-9)


def test_one_extreme_country_does_not_make_a_pair_redundant_on_ranks():
    # unrelated values in nine countries, one country far above on both: Pearson sees a pair, ranks do not
    values = pd.DataFrame({"a": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100], "b": [9.0, 3, 7, 1, 8, 2, 6, 4, 5, 100]})
    assert len(index.redundant_pairs(values, 0.9)) == 1
    assert index.redundant_pairs(values, 0.9, method="spearman").empty


def test_indicator_coverage_rule_edge():
    values = pd.DataFrame({"six": [1.0] * 6 + [np.nan] * 4, "five": [1.0] * 5 + [np.nan] * 5})
    assert nb.covered(values) == ["six"]  # 6 of 10 enter, 5 of 10 do not


def test_gas_does_not_enter_the_index(results):
    assert "gas" not in results["indicators"]
    assert set(results["indicators"]) <= set(nb.INDICATORS)


def test_kazakhstan_rank_interval_contains_its_central_rank(results):
    row = results["table"].set_index("row").loc["KAZ latest"]
    assert row["rank_low"] <= row["central_rank"] <= row["rank_high"]
    assert row["n_ranked"] == 10


def test_changing_a_weight_changes_the_quoted_ranks():
    base = nb.findings(nb.index_results({"imports_ru": 1, "exports_ru": 1, "remit_ru": 1, "ties": 1}, draws=200))
    edited = nb.findings(nb.index_results({"imports_ru": 1, "exports_ru": 1, "remit_ru": 1, "ties": 0}, draws=200))
    assert base["nb_kaz_rank_now"] != edited["nb_kaz_rank_now"]
    assert base["yardstick"] != edited["yardstick"]


def test_unknown_weight_is_refused():
    with pytest.raises(KeyError, match="unknown indicators"):
        nb.index_results({"gdp": 1.0}, draws=10)


def test_yardstick_is_one_or_two_sentences(results):
    y = nb.findings(results)["yardstick"]
    assert 1 <= y.count(". ") + 1 <= 2 and y.endswith(".")
    assert "Kazakhstan" in y


# ---------------------------------------------------------------------------------------------------------------
# bad input: the error names the file, the sheet, the row and the column

def _dots_book(cell):
    import openpyxl

    wb = openpyxl.Workbook()
    for title in ("Exports, FOB", "Imports, CIF"):
        ws = wb.create_sheet(title)
        ws.append([None])
        ws.append([None, "title"])
        ws.append([None])
        ws.append([None, "Kyrgyz Rep."])
        ws.append([None, "US Dollars, Millions"])
        ws.append([None])
        ws.append([None, None, "2019", "2020"])
        ws.append([None, "World", 10.0, cell if title == "Imports, CIF" else 1.0])
    wb.remove(wb["Sheet"])
    buf = io.BytesIO()
    wb.save(buf)
    return openpyxl.load_workbook(io.BytesIO(buf.getvalue()), read_only=True, data_only=True)


def test_bad_dots_cell_is_named():
    with pytest.raises(ex.RawError, match=r"DOTS_109.xlsx sheet 'Imports, CIF' row 8 \(World\) column D \(2020\)"):
        ex.dots_table(_dots_book("n/a"), "DOTS_109.xlsx", "Kyrgyz Rep.", first_year=2019)
    with pytest.raises(ex.RawError, match="negative"):
        ex.dots_table(_dots_book(-1.0), "DOTS_109.xlsx", "Kyrgyz Rep.", first_year=2019)


def test_good_dots_cells_pass_including_estimates():
    # the edge: an estimate with a thousands separator is read, not refused
    table = ex.dots_table(_dots_book("1,191.26 e"), "DOTS_109.xlsx", "Kyrgyz Rep.", first_year=2019)
    assert table[("imports", "World")][2020] == (1191.26, True)


def test_wrong_reporter_is_named():
    with pytest.raises(ex.RawError, match=r"row 4 column B: reporter 'Kyrgyz Rep.'"):
        ex.dots_table(_dots_book(1.0), "DOTS_9.xlsx", "Armenia, Rep. of", first_year=2019)


def test_bad_uzbek_cell_is_named(tmp_path, monkeypatch):
    rel_x, rel_m = ex.UZ_EXPORTS, ex.UZ_IMPORTS
    good = "Code,Klassifikator,Klassifikator_ru,Klassifikator_en,2022,2023\n" \
           "643,Rossiya,Россия,Russia,1.0,2.0\n156,Xitoy,Китай,China,1.0,2.0\n"
    bad = good.replace("China,1.0,2.0", "China,1.0,x")
    for rel, content in ((rel_x, bad), (rel_m, good)):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        monkeypatch.setitem(ex.RAW_SHA256, rel, hashlib.sha256(content.encode()).hexdigest())
    with pytest.raises(ex.RawError, match=r"sdmx_data_1105.csv row 3 \(China\) column F \(2023\)"):
        ex.uzbek_rows(tmp_path)
    # the good file passes
    (tmp_path / rel_x).write_text(good, encoding="utf-8")
    monkeypatch.setitem(ex.RAW_SHA256, rel_x, hashlib.sha256(good.encode()).hexdigest())
    rows = ex.uzbek_rows(tmp_path)
    assert ["UZB", 2023, "exports", "world", "national", "0.004", "", ex.SOURCE_UZ] in rows


def test_changed_raw_file_is_refused(tmp_path):
    path = tmp_path / ex.KNOMAD
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not the matrix")
    with pytest.raises(ex.RawError, match="differs from the pinned"):
        ex.read_pinned(tmp_path, ex.KNOMAD)


def test_what_the_alt_texts_say_holds(shares, results):
    # fig-neighbours-imports: Belarus 45-70 % in every year, Georgia lowest in most years
    own = shares[(shares["partner"] == "russia") & (shares["flow"] == "imports") & (shares["series"] == "dots")]
    wide = own.pivot(index="year", columns="country", values="share_pct")
    assert wide["BLR"].between(45, 70).all()
    assert (wide.idxmin(axis=1) == "GEO").mean() > 0.5
    # fig-neighbours-partners: the three largest Russian import shares; China above 60 % of two countries' exports
    top3 = sorted(nb.COUNTRIES, key=lambda c: -nb.trade_share(shares, c, 2020, "imports"))[:3]
    assert set(top3) == {"BLR", "KGZ", "KAZ"}
    assert all(nb.trade_share(shares, c, 2020, "exports", "china") > 60 for c in ("MNG", "TKM"))
    # fig-neighbours-ranks and -rank-slopes: Belarus first, Kazakhstan upper half, Georgia lower half, both years
    tab = results["table"].set_index("row")
    for snap in nb.SNAPSHOTS:
        assert tab.loc[f"BLR {snap}", "central_rank"] == 1
        assert tab.loc[f"KAZ {snap}", "central_rank"] <= 5
        assert tab.loc[f"GEO {snap}", "central_rank"] > 5
    # fig-neighbours-remittances: Kazakhstan's flow to Russia is the largest of the ten
    assert nb.remittances()["sent_to_russia"].idxmax() == "KAZ"


# Russia's record of each country's imports from it: DOTS_162.xlsx 'Exports, FOB', the country's row, column AE
# (2020), over the country's own World imports (the DOTS_2020 table above)
MIRROR_2020 = {
    "KAZ": (121, 14052.644309),
    "KGZ": (123, 1458.272792),
    "UZB": (139, 4567.761457),
    "TJK": (135, 751.018527),
    "TKM": (137, 631.904657),
    "ARM": (112, 1550.010547),
    "AZE": (113, 2048.14425),
    "GEO": (117, 979.515965),
    "BLR": (90, 16029.02772),
    "MNG": (70, 1355.643046),
}


@pytest.mark.parametrize("iso", list(MIRROR_2020))
def test_mirror_share_each_country_2020(shares, iso):
    _row, russia_exports = MIRROR_2020[iso]
    world = DOTS_2020[iso][2]
    got = nb.trade_share(shares, iso, 2020, "imports", series="dots_mirror")
    assert got == pytest.approx(100 * russia_exports / world, abs=1e-6)


# bilateral_remittance_matrix_2021.xlsx sheet 'FINAL BRM 2021 ': row 161 'Russian Federation' and row 217 'WORLD',
# in each receiving country's column
KNOMAD_2021 = {  # iso: (from Russia, from the world)
    "KAZ": (184.19788532006982, 310.15854635080893),
    "KGZ": (2017.5236911022544, 2792.4982491179353),
    "UZB": (9197.526464525383, 9197.526464525383),
    "TJK": (2306.7581169894574, 2921.713106977),
    "TKM": (1.15, 1.15),
    "ARM": (989.8902508187742, 1610.171648737401),
    "AZE": (1004.6114840586631, 1526.636),
    "GEO": (1339.8058630039156, 2643.92617181),
    "BLR": (577.9419870503025, 1136.74655566),
    "MNG": (108.63700007285924, 534.9999999999999),
}


@pytest.mark.parametrize("iso", list(KNOMAD_2021))
def test_remittance_share_each_country(iso):
    from_ru, total = KNOMAD_2021[iso]
    assert nb.remittances().loc[iso, "from_russia_pct"] == pytest.approx(100 * from_ru / total, abs=1e-6)


def test_arms_and_votes_from_the_companion_extracts():
    arms = nb.arms_shares(2025)
    # no deal in the May 2026 register has Russia supplying Georgia or Azerbaijan with deliveries in 2021-2025
    assert arms["GEO"] == 0 and arms["AZE"] == 0
    assert arms["BLR"] > 99
    votes = nb.vote_shares()
    # Kazakhstan: the same vote as Russia on 8 of the 22 resolutions (people chapter's vote_alignment)
    assert (votes.loc["KAZ", "same"], votes.loc["KAZ", "n"]) == (8, 22)
    assert votes.loc["TKM", "share_pct"] == 0  # never voted: never the same vote
    m = nb.milex(2024)
    # SIPRI 2025 release, checked values for 2024: Kazakhstan US$1,209.0 m, 0.43 % of GDP (MANIFEST)
    assert m.loc["KAZ", "current_usd_m"] == pytest.approx(1209.0, abs=0.05)
    assert m.loc["KAZ", "share_gdp_pct"] == pytest.approx(0.43, abs=0.005)


def test_method_notes_follow_the_module_constants(monkeypatch):
    """The chapter's method notes glue the coverage rule, the redundancy threshold and the snapshot years: a changed
    constant changes what they say (6 of 10 is ceil(0.6 * 10); 7 of 10 is ceil(0.65 * 10))."""
    before = nb.method_findings()
    assert before["nb_min_countries"] == "6" and before["nb_n_countries"] == "10"
    assert before["nb_country_years"] == "20" and before["nb_ties_max"] == "3"
    # data/neighbours_trade.csv: the last row with series 'dots' is year 2020
    assert before["nb_dots_last_year"] == "2020"
    # data/neighbours_gas.csv names BLR and KAZ; OTHER_CIS is a group
    assert before["nb_gas_n_named"] == "2"
    assert before["nb_snapshot_then_arms"] == "2009-2013"
    monkeypatch.setattr(nb, "MIN_COUNTRY_SHARE", 0.65)
    monkeypatch.setattr(nb, "REDUNDANCY_THRESHOLD", 0.8)
    monkeypatch.setattr(nb, "ARMS_WINDOW", 4)
    after = nb.method_findings()
    assert after["nb_min_countries"] == "7"
    assert after["nb_redundancy_threshold"] == "0.8"
    assert after["nb_snapshot_then_arms"] == "2010-2013"


def test_method_notes_type_no_number_the_module_decides():
    """Outside glue and citations, the method notes of the chapter hold only the definition of a share's bounds
    (0 to 100 %), the year of the bureau's break (2010) and the name of SIPRI's release (May 2026)."""
    import re
    md = (Path(__file__).resolve().parents[1] / "book" / "neighbours.md").read_text(encoding="utf-8")
    notes = md[md.index("## Method and caveats"):]
    notes = re.sub(r"\{(glue:text|cite|cite:t|numref|term)\}`[^`]*`", "", notes)
    for allowed in (r"0\s+to\s+100\s+%", r"0\s+to\s", r"for\s+2010", r"May\s+2026"):
        notes = re.sub(allowed, "", notes)
    assert re.findall(r"\d+(?:\.\d+)?", notes) == []
