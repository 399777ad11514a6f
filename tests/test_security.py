"""kzdep.security: expected values worked out by hand from the rows of data/*.csv (arithmetic in the comments)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from kzdep import data, security


@pytest.fixture(scope="module")
def tiv():
    return data.load("arms_imports_tiv")


@pytest.fixture(scope="module")
def milex():
    return data.load("milex_share_gdp")


@pytest.fixture(scope="module")
def fac():
    return data.load("facilities")


@pytest.fixture(scope="module")
def csto():
    return data.load("csto_2022")


# ------------------------------------------------------------------------------------------------ arms imports (TIV)

def test_russia_total_tiv_1992_2021(tiv):
    # Russia rows of data/arms_imports_tiv.csv, 1995-2021:
    # 99+2+64+68 = 233; 121+136+20+29 = 306 -> 539; 38+27+71+8 = 144 -> 683; 19+50+45+75 = 189 -> 872;
    # 54+28+441+198 = 721 -> 1593; 163+267+220+266 = 916 -> 2509; +85 -> 2594.
    # (SIPRI's own 'Total' column prints 2593: it adds the unrounded yearly values; the rows we hold sum to 2594.)
    totals = security.supplier_totals(tiv, 1992, 2021)
    assert totals["Russia"] == 2594
    assert totals.index[0] == "Russia"


def test_all_suppliers_total_tiv_1992_2021(tiv):
    # Row sums by supplier: Russia 2594; Spain 24*4 = 96; Ukraine 1+4+2+5+10+11+56+1 = 90;
    # United States 19+6+3+3+3+3+3+3 = 43; Israel 15+17+8+1+1 = 42; Germany 7+3+3+3+3+7+13 = 39;
    # China 13+23 = 36; South Africa 4+7+5+5+2 = 23; Turkey 3+3+1+6+1+2+2+2+1 = 21; Canada 4*4 = 16;
    # South Korea 14; France 13.
    # 2594+96+90+43+42+39+36+23+21+16+14+13 = 3027
    totals = security.supplier_totals(tiv, 1992, 2021)
    assert totals.sum() == 3027
    assert totals["Turkey"] == 21 and totals["Israel"] == 42 and totals["South Africa"] == 23


def test_annual_tiv_fills_missing_years_with_zero(tiv):
    wide = security.annual_tiv(tiv, 1992, 2021)
    assert list(wide.index) == list(range(1992, 2022))
    assert wide.loc[1992].sum() == 0          # no supplier lists 1992
    assert wide.loc[1998, "Russia"] == 0      # Russia has no 1998 row
    assert wide.loc[2015, "Russia"] == 441


def test_moving_averages(tiv):
    frame = security.russia_and_others(tiv, 1992, 2021).set_index("year")
    # first full window 1992-1996 for Russia: 0+0+0+99+2 = 101 -> 101/5 = 20.2; 1995 has no full window
    assert math.isnan(frame.loc[1995, "russia_ma"])
    assert frame.loc[1996, "russia_ma"] == pytest.approx(20.2)
    # 1995-1999 with the missing 1998 as zero: 99+2+64+0+68 = 233 -> 46.6
    assert frame.loc[1999, "russia_ma"] == pytest.approx(46.6)
    # 2015-2019: 441+198+163+267+220 = 1289 -> 257.8
    assert frame.loc[2019, "russia_ma"] == pytest.approx(257.8)
    # all suppliers, years 2017..2021:
    # 2017: Canada 4 + Germany 13 + Russia 163 + South Africa 7 + Spain 24 + Turkey 2 + US 3 = 216
    # 2018: China 23 + Israel 1 + Russia 267 + South Africa 5 + Turkey 2 = 298
    # 2019: Israel 1 + Russia 220 + South Africa 5 + Turkey 2 = 228
    # 2020: Russia 266 + South Africa 2 + Turkey 1 = 269;  2021: Russia 85
    # (216+298+228+269+85)/5 = 1096/5 = 219.2
    assert frame.loc[2021, "total_ma"] == pytest.approx(219.2)
    assert frame.loc[2018, "others"] == 298 - 267


def test_windows():
    assert security.windows(1992, 2021) == [(1992, 1996), (1997, 2001), (2002, 2006), (2007, 2011),
                                            (2012, 2016), (2017, 2021)]
    assert security.windows(1993, 2001) == [(1997, 2001)]


def test_window_shares(tiv):
    table = security.window_table(tiv, [(1992, 2021), (2012, 2016), (2017, 2021)]).set_index("start")
    # overall: 2594 / 3027
    assert table.loc[1992, "who_share_pct"] == pytest.approx(100 * 2594 / 3027)
    # 2012-2016: Russia 75+54+28+441+198 = 796; others: Canada 4*3 = 12, China 13, France 13,
    # Germany 3+3+3+3+7 = 19, South Africa 4, Spain 24*3 = 72, Turkey 1+6+1 = 8, Ukraine 11+56+1 = 68,
    # US 3*3 = 9 -> 218; total 1014; share 796/1014
    assert table.loc[2012, "total_tiv"] == 1014
    assert table.loc[2012, "who_share_pct"] == pytest.approx(100 * 796 / 1014)
    assert table.loc[2012, "largest_other"] == "Spain" and table.loc[2012, "largest_other_tiv"] == 72
    # 2017-2021: Russia 163+267+220+266+85 = 1001 of 1096 (see test_moving_averages)
    assert table.loc[2017, "who_share_pct"] == pytest.approx(100 * 1001 / 1096)
    assert table.loc[2017, "largest_other"] == "Spain"  # Spain 24 (2017) beats China 23 (2018)


def test_group_shares(tiv):
    # NATO suppliers: Canada 16 + France 13 + Germany 39 + Spain 96 + Turkey 21 + US 43 = 228 of 3027
    assert security.group_share_pct(tiv, security.NATO_SUPPLIERS) == pytest.approx(100 * 228 / 3027)
    # the articles' three: France 13 + Germany 39 + Turkey 21 = 73 of 3027
    assert security.group_share_pct(tiv, ["France", "Germany", "Turkey"]) == pytest.approx(100 * 73 / 3027)
    assert security.first_delivery_year(tiv) == 1995
    assert security.first_delivery_year(tiv, "China") == 2016


# ------------------------------------------------------------------------------------------------ spending (% of GDP)

def test_milex_kazakhstan_2019_vs_2024(milex):
    # data/milex_share_gdp.csv: Kazakhstan,2019,1.0209163 and Kazakhstan,2024,0.42842844
    change = security.milex_change(milex, "Kazakhstan", 2019, 2024)
    assert change["first"] == pytest.approx(1.0209163)
    assert change["last"] == pytest.approx(0.42842844)
    assert change["change_pp"] == pytest.approx(-0.59248786)  # 0.42842844 - 1.0209163
    assert change["ratio_pct"] == pytest.approx(41.965, abs=1e-3)  # 0.42842844 / 1.0209163 = 0.41965
    # 2022-2024 mean: (0.51743585 + 0.4407757 + 0.42842844) / 3 = 1.38663999 / 3 = 0.46221333
    assert security.milex_mean(milex, "Kazakhstan", 2022, 2024) == pytest.approx(0.46221333, abs=1e-7)


def test_milex_gaps_stay_gaps(milex):
    wide = security.milex_wide(milex, ["Kazakhstan", "Uzbekistan"])
    assert math.isnan(wide.loc[1998, "Uzbekistan"])   # Uzbekistan has no 1998 row
    assert security.milex_years(milex, "Uzbekistan")[-1] == 2018
    with pytest.raises(KeyError, match="no SIPRI value for Uzbekistan in 2010"):
        security.milex_value(milex, "Uzbekistan", 2010)


# ------------------------------------------------------------------------------------------------ facilities

def test_preferred_facility_rows(fac):
    pref = security.preferred_facilities(fac, {
        "baikonur": {"name": "Baikonur", "area": "kremlin-glossary-baikonur", "rent": "tengrinews-2011-baikonur-rent",
                     "start": "tengrinews-2011-baikonur-rent", "end": "tengrinews-2011-baikonur-rent"},
        "emba": {"name": "Emba", "rent": "mgorod-2016-emba", "end": "strategy2050-2017-emba"},
        "ranges-2005": {"facility_id": "all-ranges", "area": "ria-2007-test-sites-ratified",
                        "rent": "ria-2007-test-sites-ratified"},
    }).set_index("facility_id")
    # all-ranges row from RIA 2007: 110000 km2, 24.8 US$ m a year
    assert (pref.loc["ranges-2005", "area_km2"], pref.loc["ranges-2005", "rent_usd_m"]) == (110000, 24.8)
    # Kremlin glossary row: area 6717; Tengrinews 2011 row: 115, 1994, 2050
    assert pref.loc["baikonur", "area_km2"] == 6717
    assert pref.loc["baikonur", "rent_usd_m"] == 115
    assert (pref.loc["baikonur", "lease_start"], pref.loc["baikonur", "lease_end"]) == ("1994", "2050")
    assert pref.loc["baikonur", "sources"] == ["kremlin-glossary-baikonur", "tengrinews-2011-baikonur-rent"]
    assert pref.loc["emba", "rent_usd_m"] == 0.718 and pref.loc["emba", "lease_end"] == "2017-01-01"
    assert pd.isna(pref.loc["emba", "area_km2"])  # no area chosen for Emba
    with pytest.raises(ValueError, match="baikonur: the row from tengrinews-2011-baikonur-rent has no area"):
        security.preferred_facilities(fac, {"baikonur": {"area": "tengrinews-2011-baikonur-rent"}})


def test_baikonur_disagreements(fac):
    # rent column for baikonur: tengrinews-2011 115, caliber 115, mt-2004 115, mt-1994 115, afp 150
    # (the ria-2004 row, read from Sputnik's archive, was dropped)
    rent = security.value_counts_by_source(fac, "baikonur", "annual_rent_usd_m")
    assert rent[115.0] == 4 and rent[150.0] == 1 and len(rent) == 2
    # lease_end: 2050 in tengrinews, caliber, mt-2004, afp, kremlin (5); no other end date (2064 dropped; the
    # piglix mirror's 2050 went with its row, replaced by the GCAT row, which gives coordinates only)
    end = security.value_counts_by_source(fac, "baikonur", "lease_end")
    assert end["2050"] == 5 and len(end) == 1


def test_coordinates(fac):
    located = security.located_facilities(fac).set_index("facility_id")
    # GCAT sites.tsv (ctanas/parsec-jupyter @ f2759b4d), columns Longitude, Latitude:
    # 'GIK-5 ... GIK-5, Baykonur, Kazakstan ... 63.0000  46.0000  0.0200'
    # 'BALKH ... Priozyorsk (Sary Shagan-2), Kazakhstan  72.8700  46.3800  0.0200'
    # 'EMBA ... Emba test range, Kazakshtan ... 55.4200  47.1000  0.1000'
    assert list(located.index) == ["baikonur", "sary-shagan", "emba"]
    assert (located.loc["baikonur", "lat"], located.loc["baikonur", "lon"]) == (46.0, 63.0)
    assert (located.loc["sary-shagan", "lat"], located.loc["sary-shagan", "lon"]) == (46.38, 72.87)
    assert (located.loc["emba", "lat"], located.loc["emba", "lon"]) == (47.1, 55.42)
    assert set(located["source_id"]) == {"gcat-sites-2022"}
    assert security.unlocated_facilities(fac) == ["kapustin-yar-4gtsmp-kz", "gltc-929", "gltc-929-taysoygan"]


def test_area_reports(fac):
    reports = security.area_reports(fac, data.sources(), ["land-return-2015", "land-return-2015-2016"])
    # tengrinews-2015 16000 and ng-2015 16000 (2015); 365info-2016 17000 (2016)
    assert list(reports["area_km2"]) == [16000, 16000, 17000]
    assert list(reports["year"]) == [2015, 2015, 2016]


# ------------------------------------------------------------------------------------------------ CSTO January 2022

def test_csto_timeline(csto):
    tl = security.csto_timeline(csto).set_index("kind")
    assert tl.loc["request", "date"] == dt.date(2022, 1, 5) and tl.loc["request", "n_reports"] == 2
    assert tl.loc["decision", "date"] == dt.date(2022, 1, 6)
    # arrival rows: armradio 06, lyricsworld 07, defenceblog 07 January -> first 6 Jan, 3 reports
    # (the urdupoint copy of Sputnik's 6 January interview was dropped)
    assert tl.loc["arrival", "date"] == dt.date(2022, 1, 6) and tl.loc["arrival", "n_reports"] == 3
    assert tl.loc["withdrawal_start", "date"] == dt.date(2022, 1, 13) and tl.loc["withdrawal_start", "n_reports"] == 4
    assert tl.loc["withdrawal_end", "date"] == dt.date(2022, 1, 19)
    # 6 to 19 January, both days counted: 19 - 6 + 1 = 14
    assert security.csto_duration_days(security.csto_timeline(csto)) == 14


def test_contingent_reports(csto):
    reports = security.contingent_reports(csto)
    # 15 contingent rows carry a number: whole force 2500 (devdiscourse/RIA), 2000, 3600, 2030, 2030, 2000 (6;
    # Sputnik's 2500 and Sputnik Arabic's 2000 were dropped); Armenia 100, 100; Russia 3000; Belarus 500;
    # Tajikistan 200, 200, 200; Kyrgyzstan 150, 150 (9)
    assert len(reports) == 15
    assert sorted(reports.loc[reports["country"] == "all", "personnel"]) == [2000, 2000, 2030, 2030, 2500, 3600]
    assert list(reports.loc[reports["country"] == "russia", "personnel"]) == [3000]
    # contingent rows without a number: Belarus (Belsat), Belarus (TVP), Russia (TVP)
    unsized = security.unsized_reports(csto)
    assert sorted(unsized["country"]) == ["belarus", "belarus", "russia"]


def test_russian_upper_bound(csto):
    reports = security.contingent_reports(csto)
    # 2,030 in all, less Armenia 100, Tajikistan 200, Kyrgyzstan 150: 2030 - 450 = 1580
    assert security.russian_upper_bound(reports, 2030, ["armenia", "tajikistan", "kyrgyzstan"]) == 1580
    # 2,500 in all: 2500 - 450 = 2050
    assert security.russian_upper_bound(reports, 2500, ["armenia", "tajikistan", "kyrgyzstan"]) == 2050
    with pytest.raises(ValueError, match=r"the other contingents \(450.0\) exceed the total \(300\)"):
        security.russian_upper_bound(reports, 300, ["armenia", "tajikistan", "kyrgyzstan"])
    with pytest.raises(KeyError, match="no stated size for the armenia contingent"):
        security.russian_upper_bound(pd.DataFrame({"country": [], "personnel": []}), 2030, ["armenia"])


# ---------------------------------------------------------------------------------------------------------------
# the register of January 2025, military spending in money, the summary's contract

@pytest.fixture(scope="module")
def reg25():
    return data.load("arms_register_2025")


def test_register_2025_russia_2023_by_hand(reg25):
    # trade_2023.csv, Recipient Kazakhstan, Supplier Russia, Delivery year 2023, "TIV delivery values":
    # 9M338 25, Tor-M 50, Mi-35M 11.5 -> 86.5 from 3 deal rows
    row = reg25[(reg25.supplier == "Russia") & (reg25.year == 2023)].iloc[0]
    assert row["tiv_m"] == pytest.approx(86.5) and row["deliveries"] == 3


def test_five_year_share_2019_2023(reg25):
    s = security.five_year_share(reg25, 2000, 2023).set_index("year")
    russia = reg25[(reg25.supplier == "Russia") & reg25.year.between(2019, 2023)]["tiv_m"].sum()
    # Russia 2019-2023 in trade_2023.csv: 2019 Su-30MK 220; 2020 Su-30MK 220 + Mi-35M 46 = 266; 2021 Buk-M2 60 +
    # 9M317 25 = 85; 2022 Su-30MK 110 + Tor-M 50 + 9M338 25 + Tigr AV 2.7 = 187.7; 2023 86.5 -> 845.2
    assert russia == pytest.approx(845.2)
    assert s.loc[2023, "who_tiv_5y"] == pytest.approx(845.2)
    # every other supplier 2019-2023 in data/arms_register_2025.csv (column tiv_m): 2019 Israel 1.4, South Africa 6.6,
    # Turkiye 1.5; 2020 South Africa 2.42, Turkiye 0.55; 2022 Turkiye 3; 2023 Canada 1.5, Czechia 5.2, France 13,
    # Spain 12.5, Turkiye 6 -> 53.67; all suppliers 845.2 + 53.67 = 898.87 (not the code's own denominator)
    assert s.loc[2023, "all_tiv_5y"] == pytest.approx(898.87)
    assert s.loc[2023, "share_pct"] == pytest.approx(100 * 845.2 / 898.87)
    assert int(s.index.min()) == 2004  # first full window 2000-2004


def test_vintages_disagree_where_shown(tiv, reg25):
    cmp_ = security.vintage_comparison(tiv, reg25, 2000, 2021).set_index("supplier")
    assert "Turkiye" not in cmp_.index  # renamed back to Turkey
    # China 2000-2021: the 2022 release's Kazakhstan row has 2016 13 and 2018 23 (36); the 2025 register has
    # 2016 Wing Loong-1 9 and Blue Arrow-7 2 (11) and nothing in 2018
    assert cmp_.loc["China", "tiv_old"] == pytest.approx(36.0)
    assert cmp_.loc["China", "tiv_new"] == pytest.approx(11.0)
    assert cmp_.loc["China", "difference"] == pytest.approx(-25.0)


def test_milex_money_2023_by_hand():
    m = security.milex_measures(data.load("milex_sipri_2024"))
    # SIPRI-Milex-data-1949-2023.xlsx, Kazakhstan: Current US$ 2023 1236.2898596449713; Constant (2022) US$ 2023
    # 1062.7383589315516, 2019 2039.1463724312464; Share of GDP 2023 0.004800590370692594 (x 100 = 0.48 %)
    assert m.loc[2023, "current_usd_m"] == pytest.approx(1236.28986, abs=1e-4)
    assert m.loc[2023, "share_gdp_pct"] == pytest.approx(0.480059, abs=1e-6)
    # real change 2019 -> 2023: (1062.738 - 2039.146) / 2039.146 = -976.408 / 2039.146 = -47.883 %
    assert security.real_change_pct(data.load("milex_sipri_2024"), 2019, 2023) == pytest.approx(-47.883, abs=1e-3)


CONTRACT_COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                    "series", "note"]


def test_security_yearly_indicators_contract():
    f = security.yearly_indicators()
    assert list(f.columns) == CONTRACT_COLUMNS
    assert set(f["lever"]) == {"security"} and f["value"].dtype == float and f["year"].dtype.kind == "i"
    assert {"arms_from_russia_share_5y", "milex_share_gdp", "milex_usd_m"} <= set(f["indicator"])
    assert not f.duplicated(["indicator", "year"]).any()
    # one release per series, never spliced
    assert f.groupby("indicator")["series"].nunique().eq(1).all()
    a = f[f.indicator == "arms_from_russia_share_5y"].set_index("year")
    assert set(a["source_id"]) == {"sipri-at-2026"} and a.index.max() == 2025
    # register of May 2026, Kazakhstan, windows 2021-2025: Russia 1006.725 of 1187.981667 TIV (worked out in
    # test_russia_share_2021_2025_by_hand)
    assert a.loc[2025, "value"] == pytest.approx(100 * 1006.725 / 1187.981667, abs=1e-4)
    # SIPRI-Milex-data-1949-2024_2.xlsx, sheet 'Current US$', row 125 (Kazakhstan), column BZ (2024):
    # 1208.9679058981856
    assert f.loc[(f.indicator == "milex_usd_m") & (f.year == 2024), "value"].iloc[0] == pytest.approx(1208.96791,
                                                                                                     abs=1e-4)
    # the sheet's 1993 cell for Kazakhstan (column AU) is 0: not an indicator value
    assert 1993 not in set(f.loc[f.indicator == "milex_usd_m", "year"])
    assert set(f["tier"]) <= {"research"}


def test_security_findings_are_formatted_text_one_dict_per_section():
    every = security.findings()
    sections = [security.findings(name) for name in security.SECTIONS]
    assert sum(len(s) for s in sections) == len(every)  # no name in two sections
    assert all(isinstance(v, str) and v for v in every.values())
    # Current US$ 2024 1208.9679 -> '1,209'; Share of GDP 2024 0.0042842847 x 100 -> '0.43 %'
    assert every["sec_mx_current_last"] == "1,209" and every["sec_milex_last"] == "2024"
    assert every["sec_kz_last"] == "0.43 %"
    assert every["sec_window_last"] == "2021–2025" and every["sec_end"] == "2025"
    with pytest.raises(KeyError, match="no findings for section 'armz'"):
        security.findings("armz")


def test_chapter_glues_through_findings_only():
    """Every glued name in the chapter is one of security.findings(), and the chapter makes no single glue call."""
    import re
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "book" / "security.md").read_text(encoding="utf-8")
    names = set(re.findall(r"\{glue:text\}`([^`]+)`", page))
    assert names and names <= set(security.findings())
    assert not re.search(r"(?<![\w.])glue\(|text\.glue\(", page)


# ------------------------------------------------------------------------------ SIPRI milex, 2025 release (extract)

@pytest.fixture(scope="module")
def m25():
    return data.load("milex_sipri_2025")


def test_milex_2025_extract_by_hand(m25):
    v = m25.set_index(["country", "year", "measure"])
    # SIPRI-Milex-data-1949-2024_2.xlsx, sheet 'Current US$', row 125 (Kazakhstan), column BZ (2024):
    # 1208.9679058981856
    assert v.loc[("Kazakhstan", 2024, "current_usd_m"), "value"] == pytest.approx(1208.9679059, abs=1e-6)
    # sheet 'Share of GDP', row 125, column BZ (2024): 0.004284284695659397 -> 0.4284284696 %
    assert v.loc[("Kazakhstan", 2024, "share_gdp_pct"), "value"] == pytest.approx(0.42842847, abs=1e-8)
    # sheet 'Constant (2023) US$', row 125, column CA (2024): 1145.0258769711013
    assert v.loc[("Kazakhstan", 2024, "constant_2023_usd_m"), "value"] == pytest.approx(1145.0258770, abs=1e-6)
    # sheet 'Share of Govt. spending', row 127, column AN (2024): 0.01938612797574811 -> 1.938612798 %
    assert v.loc[("Kazakhstan", 2024, "share_govt_spending_pct"), "value"] == pytest.approx(1.9386128, abs=1e-6)
    # sheet 'Current US$', row 158 (Russia), column BZ: 148967.27514048334; row 126 (Kyrgyz Republic): 473.0466608752266
    assert v.loc[("Russia", 2024, "current_usd_m"), "value"] == pytest.approx(148967.275140, abs=1e-5)
    assert v.loc[("Kyrgyz Republic", 2024, "current_usd_m"), "value"] == pytest.approx(473.04666, abs=1e-5)
    # row 128 (Turkmenistan), column BZ: '...' -> empty, flagged unavailable, not zero; Kazakhstan 1992 (column AT)
    # '...' likewise
    for key in [("Turkmenistan", 2024, "current_usd_m"), ("Kazakhstan", 1992, "current_usd_m")]:
        assert pd.isna(v.loc[key, "value"]) and v.loc[key, "status"] == "unavailable"
    assert set(m25["iso3"]) == {"KAZ", "RUS", "KGZ", "UZB", "TJK", "TKM", "ARM", "AZE", "GEO", "BLR", "MNG", "CHN"}
    assert (m25.loc[m25["status"] == "value", "value"].notna()).all()
    assert m25.loc[m25["status"] != "value", "value"].isna().all()


def _extract_arms():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    import extract_arms

    return extract_arms


def _workbook(cell):
    """A made-up SIPRI workbook: the four sheets, a header row of years and the 12 countries' rows."""
    import openpyxl

    ex = _extract_arms()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, (_, _, first) in ex.MILEX_SHEETS.items():
        ws = book.create_sheet(sheet)
        ws.append(["Military expenditure by country"])
        ws.append(["Country", "Notes", *range(first, ex.MILEX_LAST + 1)])
        for country in ex.COUNTRIES:
            ws.append([country, "", *(["xxx"] * (1992 - first) + [1.0] * (ex.MILEX_LAST - 1991))])
    book["Current US$"]["BZ3"] = cell  # row 3 = Kazakhstan, column BZ = 2024 (A, B, then 1949 in C)
    return book


def test_milex_rows_keep_markers_and_refuse_anything_else():
    ex = _extract_arms()
    rows = ex.milex_rows(_workbook(1208.9679))
    kz = {(r[2], r[3]): r for r in rows if r[0] == "Kazakhstan"}
    assert kz[(2024, "current_usd_m")][4:6] == ["1208.9679", "value"]
    assert kz[(1991, "current_usd_m")][4:6] == ["", "not_independent"]  # 'xxx': empty, flagged, never 0
    assert kz[(2024, "share_gdp_pct")][4] == "100"  # a share of 1.0 is 100 %
    assert ex.milex_rows(_workbook(". ."))[0][0] == "Kazakhstan"  # the other marker of a gap is accepted
    for bad, words in [("n/a", "not a number nor a SIPRI marker: 'n/a'"), (None, "empty cell"),
                       (-5.0, "negative value")]:
        with pytest.raises(ex.RawError) as err:
            ex.milex_rows(_workbook(bad), where="made-up.xlsx")
        assert "made-up.xlsx, sheet 'Current US$', row 3 (Kazakhstan), column 2024" in str(err.value)
        assert words in str(err.value)
    book = _workbook(1.0)
    del book["Share of GDP"]
    with pytest.raises(ex.RawError, match="sheet 'Share of GDP' missing"):
        ex.milex_rows(book)


# ----------------------------------------------------------------- the trade register of May 2026: one row per deal

HEADER_LINES = "\n".join(["notes"] * 9 + ["Data generated: 18 May 2026 2:29:20 PM"])
HEAD = ("Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,"
        "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,"
        "SIPRI TIV of delivered weapons")
# the raw line 14149 of trade-register.csv (register of 18 May 2026)
SU30 = "Kazakhstan,Russia,2021,?,12,?,Su-30MK,fighter/ground-attack aircraft,8,?,2023; 2024,New,Su-30SM version,55,660,440"


def _deals(*lines, head=HEAD):
    ex = _extract_arms()
    records = ex.register_records("\n".join([HEADER_LINES, head, *lines]), "made-up.csv", "18 May 2026")
    return ex.deal_rows(records, "made-up.csv", "sipri-at-2026")


def test_register_deal_rows_by_hand():
    (row,) = _deals(SU30, "Peru,Russia,2010,,2,,Mi-17,helicopter,2,,2011,New,,7,14,14")  # Peru is not compared
    assert row[:7] == [12, "Kazakhstan", "KAZ", "Russia", "2021", "true", "12"]  # line 12 of the made-up file
    assert row[9:16] == ["8", "true", "2023; 2024", "New", "55", "660", "440"]
    # the May 2026 extract holds the same deal
    reg = data.load("arms_register_2026")
    hit = reg[(reg.recipient == "Kazakhstan") & (reg.weapon == "Su-30MK") & (reg.order_year == 2021)]
    assert hit[["raw_line", "number_delivered", "delivery_years", "tiv_delivered"]].values.tolist() == [
        [14149, 8, "2023; 2024", 440.0]]


def test_register_bad_input_names_file_line_and_column():
    ex = _extract_arms()
    with pytest.raises(ex.RawError, match=r"made-up.csv, line 11: column 16 should be 'SIPRI TIV of delivered "
                                          r"weapons', found 'nothing'"):
        _deals(SU30, head=HEAD.rsplit(",", 1)[0])  # the last column missing
    with pytest.raises(ex.RawError, match=r"made-up.csv, line 12, column 'SIPRI TIV of delivered weapons': not a "
                                          r"number: 'about 440'"):
        _deals(SU30.replace(",440", ",about 440"))
    with pytest.raises(ex.RawError, match=r"line 12, column 'Year\(s\) of delivery': not years as 'YYYY; YYYY': "
                                          r"'2023-2024'"):
        _deals(SU30.replace("2023; 2024", "2023-2024"))
    with pytest.raises(ex.RawError, match=r"line 12, column 'Year\(s\) of delivery': empty, but 440 TIV delivered"):
        _deals(SU30.replace("2023; 2024", ""))
    with pytest.raises(ex.RawError, match=r"line 12: 15 fields, expected 16"):
        _deals(SU30.rsplit(",", 1)[0])
    with pytest.raises(ex.RawError, match="not the release generated on 18 May 2026"):
        ex.register_records("\n".join(["notes"] * 10 + [HEAD, SU30]), "made-up.csv", "18 May 2026")


def test_register_joins_a_comment_broken_over_two_lines():
    # the March 2025 file breaks four unquoted comments over two lines (13 fields, then 4): joined back
    (row,) = _deals("Kazakhstan,Russia,2021,?,12,?,Su-30MK,fighter,8,?,2023; 2024,New,Su-30SM", " version,55,660,440")
    assert row[-2] == "440"


# --------------------------------------------------------------------------- yearly figures derived from the deals

def test_spread_su30_equal_shares():
    reg = data.load("arms_register_2026")
    deal = reg[(reg.recipient == "Kazakhstan") & (reg.weapon == "Su-30MK") & (reg.order_year == 2021)]
    spread = security.spread_deals(deal)
    # 440 TIV delivered '2023; 2024': 220 in each year, flagged as spread
    assert spread[["year", "tiv_m", "spread"]].values.tolist() == [[2023, 220.0, True], [2024, 220.0, True]]
    one = security.spread_deals(reg[(reg.recipient == "Kazakhstan") & (reg.weapon == "Cobra-2")])
    # 'Kazakhstan,Turkiye,2024,?,45,?,Cobra-2,...,45,,2024,New,,0.3,13.5,13.5': one year, in full, not spread
    assert one[["year", "tiv_m", "spread"]].values.tolist() == [[2024, 13.5, False]]
    none = security.spread_deals(reg[(reg.recipient == "Kazakhstan") & (reg.weapon == "Anka-S")
                                     & (reg.order_year == 2022)])
    assert none.empty  # ordered, nothing delivered yet: no row


def test_russia_deliveries_2023_by_hand():
    y = security.register_yearly(data.load("arms_register_2026"), "Kazakhstan").set_index(["supplier", "year"])
    # Russia to Kazakhstan with 2023 among the years: Su-30MK 440 / 2 = 220; 9M338 '2022; 2023' 50 / 2 = 25;
    # Tor-M1 '2022; 2023' 100 / 2 = 50 -> 295, all three spread
    assert y.loc[("Russia", 2023), "tiv_m"] == pytest.approx(295.0)
    assert y.loc[("Russia", 2023), "deals"] == 3 and y.loc[("Russia", 2023), "spread_tiv_m"] == pytest.approx(295.0)
    # the per-year register of January 2025 had 86.5 for that year (9M338 25 + Tor-M 50 + Mi-35M 11.5): a revision
    jan = data.load("arms_register_2025_deliveries")
    assert jan[(jan.recipient == "Kazakhstan") & (jan.supplier == "Russia") & (jan.year == 2023)][
        "tiv_delivered"].sum() == pytest.approx(86.5)


def test_russia_share_2021_2025_by_hand():
    w = security.register_windows(data.load("arms_register_2026"), [(2021, 2025)]).set_index("recipient")
    # Russia, deals with a year in 2021-2025: 9M338 50; Tor-M1 100; Su-30MK (2021) 440; Tigr '2018; 2022' 3.45 / 2
    # = 1.725; 9M317 25; Buk-M2 60; Su-30MK (2018) '2019; 2020; 2021; 2022' 660 x 2/4 = 330 -> 1006.725
    # others: ARMA 2.25, VN-20 2.1, engine 0.24, L-410 5.2, Ground Master-400 39, TP400 12, A400M 73, C-295 12.5,
    # Anka-S 9, PW-127G 1.5, Cobra-2 13.5, Marauder '2019; 2020; 2024' 32.9 / 3 = 10.9667 -> 181.2567
    assert w.loc["Kazakhstan", "who_tiv"] == pytest.approx(1006.725)
    assert w.loc["Kazakhstan", "total_tiv"] == pytest.approx(1006.725 + 181.256667, abs=1e-4)
    assert w.loc["Kazakhstan", "largest_other"] == "Spain"  # A400M 73 + C-295 12.5 = 85.5
    assert math.isnan(w.loc["Russia", "who_share_pct"])  # Russia does not supply itself


def test_derivation_rule_by_hand_and_against_january_2025():
    # made up: deal 1 delivers 10 in 2001 and 30 in 2002; deal 2 delivers 20 in 2003, all to one recipient.
    # The rule spreads deal 1 as 20 + 20: 10 TIV in the wrong year of 60 -> 16.67 %; all in the same window: 0 %
    made = pd.DataFrame({"deal_id": [1, 1, 2], "recipient": "Kazakhstan", "supplier": "Russia",
                         "year": [2001, 2002, 2003], "tiv_delivered": [10.0, 30.0, 20.0]})
    chk = security.derivation_check(made)
    assert chk["misplaced_year_pct"] == pytest.approx(100 * 10 / 60)
    assert chk["misplaced_window_pct"] == pytest.approx(0.0)
    assert chk["deals"] == 2 and chk["deals_spread"] == 1 and chk["max_diff_tiv"] == pytest.approx(10.0)
    # a window edge between the years (2004 | 2005) moves the error into the windows too
    edge = made.assign(year=[2004, 2005, 2006])
    assert security.derivation_check(edge)["misplaced_window_pct"] == pytest.approx(100 * 10 / 60)
    # SIPRI's own split of a real deal, trade_2023.csv lines 9746-9748 (deal 59434, Su-30MK ordered 2015): 2 in
    # 2016 (110), 2 in 2017 (110), 4 in 2018 (220); equal shares give 146.67 each: 36.67 too much in 2016 and in
    # 2017, 73.33 too little in 2018 -> 73.33 of 440 TIV in the wrong year
    jan = data.load("arms_register_2025_deliveries")
    su = jan[jan.deal_id == 59434]
    assert su[["year", "tiv_delivered"]].values.tolist() == [[2016, 110.0], [2017, 110.0], [2018, 220.0]]
    assert security.derivation_check(su)["misplaced_year_pct"] == pytest.approx(100 * 2 * (440 / 3 - 110) / 440)
    # over every deal to the 12 recipients the rule misplaces under 5 % of TIV by year and under 3 % by window
    # (the chapter reports both numbers)
    full = security.derivation_check(jan)
    assert 0 < full["misplaced_window_pct"] < full["misplaced_year_pct"] < 5
    assert full["misplaced_window_pct"] < 3


def test_release_comparison_kazakhstan_2000_2023():
    cmp_ = security.release_comparison(data.load("arms_register_2026"),
                                       data.load("arms_register_2025_deliveries")).set_index("recipient")
    jan = data.load("arms_register_2025_deliveries")
    # the January 2025 side is the plain sum of its rows
    assert cmp_.loc["Kazakhstan", "tiv_jan2025"] == pytest.approx(
        jan.loc[jan.recipient == "Kazakhstan", "tiv_delivered"].sum())
    # the May 2026 side for Tajikistan: every deal delivered 2000-2023, none spread across the year 2000 edge
    reg = data.load("arms_register_2026")
    tj = security.spread_deals(reg[reg.recipient == "Tajikistan"])
    assert cmp_.loc["Tajikistan", "tiv_new"] == pytest.approx(tj.loc[tj.year.between(2000, 2023), "tiv_m"].sum())
    assert list(cmp_.index)[:2] == ["Kazakhstan", "Russia"]


def test_register_rules_at_their_edges():
    ex = _extract_arms()
    # a delivery in 2025, the register's last year, passes; one in 2026 cannot be in a register of May 2026
    assert _deals(SU30.replace("2023; 2024", "2024; 2025"))[0][11] == "2024; 2025"
    with pytest.raises(ex.RawError, match=r"line 12, column 'Year\(s\) of delivery': a year outside 1950-2025"):
        _deals(SU30.replace("2023; 2024", "2025; 2026"))
    # an order with nothing delivered yet: no year and a delivered TIV of 0 passes; 0.5 without a year does not
    assert _deals(SU30.replace("2023; 2024", "").replace(",440", ",0"))[0][16 - 1] == "0"
    with pytest.raises(ex.RawError, match="empty, but 0.5 TIV delivered"):
        _deals(SU30.replace("2023; 2024", "").replace(",440", ",0.5"))
    # a whole number where SIPRI gives counts: '8' passes, '8.5' does not
    with pytest.raises(ex.RawError, match=r"column 'Number delivered': not a whole number: '8.5'"):
        _deals(SU30.replace("fighter/ground-attack aircraft,8,", "fighter/ground-attack aircraft,8.5,"))


def test_january_2025_register_missing_column_is_named(tmp_path):
    ex = _extract_arms()
    raw = tmp_path / "raw"
    (raw / "sipri-arms-register-2025").mkdir(parents=True)
    from conftest import RAW

    good = RAW / ex.REG25_01_RAW
    if not good.exists():
        pytest.skip("raw file not present")
    text = good.read_bytes().decode("utf-8-sig").replace(",TIV delivery values,", ",TIV values,", 1)
    (raw / ex.REG25_01_RAW).write_text(text, encoding="utf-8")
    import hashlib

    pinned = ex.RAW_SHA256[ex.REG25_01_RAW]
    ex.RAW_SHA256[ex.REG25_01_RAW] = hashlib.sha256((raw / ex.REG25_01_RAW).read_bytes()).hexdigest()
    try:
        with pytest.raises(ex.RawError, match=r"trade_2023.csv, line \d+: column 'TIV delivery values' missing"):
            ex.extract_register_jan2025(raw, tmp_path)
    finally:
        ex.RAW_SHA256[ex.REG25_01_RAW] = pinned
    assert not list(tmp_path.glob("*.csv")) and not list(tmp_path.glob(".*.tmp"))  # nothing half-written


def test_chapter_names_every_table_the_module_reads():
    """The build re-runs a chapter when a table it names changes: the chapter must name each one security.py reads."""
    from pathlib import Path

    from kzdep import buildcache

    root = Path(__file__).resolve().parent.parent
    module = set(buildcache.LOAD_CALL.findall((root / "kzdep" / "security.py").read_text(encoding="utf-8")))
    chapter = set(buildcache.LOAD_CALL.findall((root / "book" / "security.md").read_text(encoding="utf-8")))
    assert {"arms_register_2026", "milex_sipri_2025", "arms_register_2025_deliveries"} <= module
    assert module <= chapter, sorted(module - chapter)
