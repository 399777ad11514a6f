"""The energy editions (issue 21 items 1 and 4, issue 22 item 4): the Energy Institute 2026 extracts checked by hand
against quoted cells of the raw workbook, the KazMunayGas excerpt, the rules that stop bad input, the build rule
that never joins two editions in one series, and the bypass capacity net of the flows already on each route."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from conftest import RAW, ROOT
from kzdep import data, pipelines as pl

sys.path.insert(0, str(ROOT / "scripts"))
import extract_energy as ee  # noqa: E402


# ---------------------------------------------------------------------------------------------------------------
# the extracts, by hand from the raw cells

def test_oil_ei_2026_by_hand():
    oil = data.load("oil_ei").set_index(["source_id", "year"])
    # EI-Stats-Review-ALL-data.xlsx (2026), sheet "Oil Production - tonnes", row 31 (Kazakhstan), column BL (2025):
    # 99.375567; sheet "Oil Consumption - Tonnes", row 62 (Kazakhstan), column BL (2025): 17.90186302466915
    assert oil.loc[("ei-sr-2026", 2025), "production_mt"] == pytest.approx(99.375567)
    assert oil.loc[("ei-sr-2026", 2025), "consumption_mt"] == pytest.approx(17.901863, abs=1e-6)
    # the same sheet, 2024 (column BK): 87.746; consumption 2024: 16.371952513854218
    assert oil.loc[("ei-sr-2026", 2024), "production_mt"] == pytest.approx(87.746)
    assert oil.loc[("ei-sr-2026", 2024), "consumption_mt"] == pytest.approx(16.371953, abs=1e-6)
    # the Soviet years (EI writes 0 before 1985) are left out in both editions
    assert oil.xs("ei-sr-2026").index.min() == 1985 and oil.xs("ei-sr-2024").index.max() == 2023


def test_gas_ei_2026_by_hand():
    gas = data.load("gas_ei").set_index(["source_id", "year"])
    # 2026 workbook, "Gas Production - Bcm", row 34 (Kazakhstan): 2024 33.382675033260426, 2025 38.3912233701093;
    # "Gas Consumption - Bcm", row 60 (Kazakhstan), 2025: 23.889441361499994
    assert gas.loc[("ei-sr-2026", 2024), "production_bcm"] == pytest.approx(33.382675, abs=1e-6)
    assert gas.loc[("ei-sr-2026", 2025), "production_bcm"] == pytest.approx(38.391223, abs=1e-6)
    assert gas.loc[("ei-sr-2026", 2025), "consumption_bcm"] == pytest.approx(23.889441, abs=1e-6)


def test_every_country_extract_by_hand():
    ec = data.load("energy_ei_countries").set_index(["country", "measure", "year"])["value"]
    # 2026 workbook, "Oil Production - tonnes", row 32 (Russian Federation), 2025: 523.2543987388558
    assert ec[("Russian Federation", "oil_production_mt", 2025)] == pytest.approx(523.254399, abs=1e-6)
    # "Gas Consumption - Bcm", row 59 (Belarus), 2025: 15.94099193706981; row 65 (Other CIS) 2025: 4.020990708652911
    assert ec[("Belarus", "gas_consumption_bcm", 2025)] == pytest.approx(15.940992, abs=1e-6)
    assert ec[("Other CIS", "gas_consumption_bcm", 2025)] == pytest.approx(4.020991, abs=1e-6)
    kinds = data.load("energy_ei_countries").drop_duplicates("country").set_index("country")["kind"]
    assert (kinds["Kazakhstan"], kinds["Other CIS"], kinds["Total CIS"], kinds["Total World"], kinds["USSR"]) == \
        ("country", "group", "region", "world", "aggregate")


def test_pipeline_matrix_by_hand():
    t = data.load("gas_pipeline_trade_ei")
    t = t[t["source_id"] == "ei-sr-2026"].set_index(["exporter", "importer"])["volume_bcm"]
    # "Gas trade 2025 - pipeline", column J (Russian Federation): row 15 (Belarus) 15.92752949852512, row 16
    # (Kazakhstan) 3.4189649983340815, row 18 (Other CIS) 9.547394827606395, row 32 (Total exports) 101.58254097614841
    assert t[("Russian Federation", "Belarus")] == pytest.approx(15.927529, abs=1e-6)
    assert t[("Russian Federation", "Kazakhstan")] == pytest.approx(3.418965, abs=1e-6)
    assert t[("Russian Federation", "Other CIS")] == pytest.approx(9.547395, abs=1e-6)
    assert t[("Russian Federation", "World")] == pytest.approx(101.582541, abs=1e-6)
    # every exporter and importer of the sheet: 21 exporter columns and the total, 28 importer rows and the total
    assert t.index.get_level_values(0).nunique() == 22 and t.index.get_level_values(1).nunique() == 29
    # the zero is kept: Kazakhstan sent no pipeline gas to Russia in 2025 (row 17, column I: 0)
    assert t[("Kazakhstan", "Russian Federation")] == 0


def test_kmg_midstream_by_hand():
    kmg = data.load("kmg_midstream").set_index(["company", "flow", "year"])["volume_kt"]
    # the excerpt: "Kazakhstan–China Pipeline (100%) 19,236 18,806 18,789", "• transit" "9,980 9,979 9,979"
    assert kmg[("Kazakhstan–China Pipeline", "total", 2024)] == 18789
    assert kmg[("Kazakhstan–China Pipeline", "transit", 2024)] == 9979
    # "MunaiTas (100%) 5,606 5,527 5,791"; its export line is cut off in the excerpt ("1,188 1,11"): left out
    assert kmg[("MunaiTas", "total", 2024)] == 5791
    assert ("MunaiTas", "export", 2022) not in kmg.index
    # KazTransOil 2022: 12,762 + 9,989 + 17,905 = 40,656, its total
    assert sum(kmg[("KazTransOil", f, 2022)] for f in ("export", "transit", "domestic")) == 40656


# ---------------------------------------------------------------------------------------------------------------
# bad input stops the extraction, naming where

HEAD = ("Million tonnes", *range(1990, 2015))


def _sheet(*rows):
    return [("Oil: Production*",), (None,), HEAD, (None,), *rows]


def test_a_cell_that_is_not_a_number_names_sheet_row_and_column():
    rows = _sheet(("Azerbaijan", *[1.0] * 25), ("Kazakhstan", *[2.0] * 10, "n/a", *[2.0] * 14))
    with pytest.raises(ee.RawError, match=r"x\.xlsx, sheet 'S', row 6, column L \(Kazakhstan, 2000\): cell 'n/a'"):
        ee.country_rows(rows, "x.xlsx", "S")
    good = ee.country_rows(_sheet(("Kazakhstan", 0.0, 0.0, *[2.0] * 23)), "x.xlsx", "S")
    assert [r[2] for r in good][:2] == [1992, 1993]  # the leading zeros are gaps, not zeros


def test_a_missing_country_or_a_broken_header_stops():
    with pytest.raises(ee.RawError, match="no row for Kazakhstan"):
        ee.country_rows(_sheet(("Azerbaijan", *[1.0] * 25)), "x.xlsx", "S")
    with pytest.raises(ee.RawError, match="no header row of years"):
        ee.country_rows([("a",), ("b",)], "x.xlsx", "S")


def _matrix(kz_to_cn=4.0, total_exports_kz=4.0, total_imports_cn=4.0):
    return [("Natural Gas: Trade movements 2025 by pipeline *",), ("Billion cubic metres",),
            ("To", "Kazakhstan", "Russian Federation", "Total imports"),
            ("Kazakhstan", 0.0, 3.0, 3.0),
            ("CIS", 0.0, 3.0, 3.0),
            ("China", kz_to_cn, 1.0, total_imports_cn + 1.0),
            ("Asia Pacific", kz_to_cn, 1.0, total_imports_cn + 1.0),
            *[(r, 0.0, 0.0, 0.0) for r in ee.TRADE_REGIONS if r not in ("CIS", "Asia Pacific")],
            ("Total exports", total_exports_kz, 4.0, total_exports_kz + 4.0)]


def test_the_pipeline_matrix_must_match_its_own_totals_within_the_tolerance():
    tol = ee.TRADE_TOLERANCE_BCM
    ok = ee.pipeline_matrix(_matrix(), "x.xlsx", "S", "Trade movements 2025 by pipeline", 2025)
    assert ["Kazakhstan", "China", "4"] in [[r[1], r[3], r[5]] for r in ok]
    # at the edge of the tolerance the matrix still passes
    ee.pipeline_matrix(_matrix(total_exports_kz=4.0 + 0.9 * tol), "x.xlsx", "S", "by pipeline", 2025)
    # beyond it the regional rows and the 'Total exports' row disagree: stop, naming the cell
    with pytest.raises(ee.RawError, match=r"sheet 'S', row \d+, column B \(Kazakhstan\): the regional rows add up"):
        ee.pipeline_matrix(_matrix(total_exports_kz=4.0 + 1.1 * tol), "x.xlsx", "S", "by pipeline", 2025)
    # an importer's row that does not add up to its total imports
    with pytest.raises(ee.RawError, match=r"row 6, column D \(China\): the exporters add up"):
        ee.pipeline_matrix(_matrix(total_imports_cn=4.0 + 1.1 * tol), "x.xlsx", "S", "by pipeline", 2025)
    with pytest.raises(ee.RawError, match="does not name"):
        ee.pipeline_matrix(_matrix(), "x.xlsx", "S", "Trade movements 2024 by pipeline", 2024)


KMG_TEXT = """Volume of oil transportation, thous. tonnes
Company 2022 2023 2024
KazTransOil (100%) 40,656 44,188 44,887
  • export
12,762 16,618 17,253
  • transit
9,989 10,143 10,214
  • domestic market
17,905 17,426 {d}
MunaiTas (100%) 5,606 5,527 5,791
  • export
1,188 1,11"""


def test_kmg_components_must_add_up_and_only_the_last_line_may_be_cut():
    tol = ee.KMG_TOLERANCE_KT
    # 2024: 17,253 + 10,214 + 17,420 = 44,887; off by the tolerance (2 kt) passes, by 3 kt stops
    assert len(ee.kmg_midstream(KMG_TEXT.format(d="17,420"))) == 15
    ee.kmg_midstream(KMG_TEXT.format(d=f"{17420 + tol:,}"))
    with pytest.raises(ee.RawError, match=r"KazTransOil 2024: export, transit and domestic add up to 44890 kt"):
        ee.kmg_midstream(KMG_TEXT.format(d=f"{17420 + tol + 1:,}"))
    # a cut line anywhere but at the end of the excerpt is bad input, named by its line
    cut = KMG_TEXT.format(d="17,420").replace("9,989 10,143 10,214", "9,989 10,1")
    with pytest.raises(ee.RawError, match=r"line 7: expected three values in thousand tonnes for KazTransOil transit"):
        ee.kmg_midstream(cut)


@pytest.mark.skipif(not RAW.is_dir(), reason=f"raw reference files not found at {RAW} (set KZDEP_RAW)")
def test_a_failed_extraction_leaves_nothing_half_written(tmp_path):
    raw = tmp_path / "raw"
    (raw / "energy-institute-2026").mkdir(parents=True)
    (raw / ee.EI_2026).write_bytes(b"not the workbook")
    out = tmp_path / "data"
    out.mkdir()
    (out / "oil_ei.csv").write_text("untouched\n")
    with pytest.raises(ee.RawError, match="sha256"):
        ee.extract_all(raw, out)
    assert (out / "oil_ei.csv").read_text() == "untouched\n" and sorted(p.name for p in out.iterdir()) == ["oil_ei.csv"]


# ---------------------------------------------------------------------------------------------------------------
# one edition per series

def test_joining_two_editions_in_one_series_fails():
    oil = data.load("oil_ei")
    ei26, ei24 = pl.edition_rows(oil, "ei-2026"), pl.edition_rows(oil, "ei-2024")
    assert pl.one_edition(ei26, "production") == "ei-sr-2026"
    # the 2024 edition to 2023, the 2026 one after: a splice, refused with both editions and their years named
    spliced = pd.concat([ei24[ei24.year <= 2023], ei26[ei26.year > 2023]])
    with pytest.raises(pl.EditionError, match=r"ei-sr-2024 \(1985-2023\), ei-sr-2026 \(2024-2025\)"):
        pl.one_edition(spliced, "production")
    # an official figure appended to an edition is a splice too
    off = data.load("oil_official")
    off = off[off.measure == "production"].rename(columns={"value_mt": "production_mt"})
    with pytest.raises(pl.EditionError, match="one edition"):
        pl.one_edition(pd.concat([ei24, off[off.year == 2024]]), "production")
    # and the gas matrix of two editions cannot make one series of Russia's share
    trade = data.load("gas_pipeline_trade_ei")
    mixed = trade.assign(source_id="ei-sr-2026")
    with pytest.raises(pl.EditionError, match="expected one year"):
        pl.gas_trade(mixed)


def test_every_drawn_energy_series_is_one_edition():
    ind = pl.yearly_indicators()
    for key in ("oil_production_mt", "gas_pipeline_exports_to_russia_share"):
        rows = ind[ind["indicator"] == key]
        assert rows["source_id"].nunique() == 1 and rows["series"].nunique() == 1, key
    eds = pl.oil_editions(data.load("oil_ei"), data.load("oil_bp"), data.load("oil_official"))
    table = pl.edition_table(eds, 2019, 2025)
    # "what each edition says": 2023 production 89.9767 (2026) and 89.9796 (2024); BP ends in 2020; official 89.9
    row = table[(table.measure == "production") & (table.year == 2023)].iloc[0]
    assert row["ei-2026"] == pytest.approx(89.9767) and row["ei-2024"] == pytest.approx(89.9796)
    assert pd.isna(row["bp-2021"]) and row["official"] == 89.9
    srcs = pl.edition_row_sources(eds, table)
    assert srcs[list(table.index[(table.measure == "production") & (table.year == 2023)])[0]] == \
        ["ei-sr-2026", "ei-sr-2024", "inform-2024-production-2023"]


# ---------------------------------------------------------------------------------------------------------------
# honest bounds: the bypass capacity net of what already moves

def test_bypass_capacity_is_net_of_transit_and_of_flows_in_use():
    b = pl.bypass_bounds(data.load("route_capacity"), data.load("oil_export_routes"), data.load("kmg_midstream"),
                         2025).set_index("route")
    # China line: 20 (KMG 2024, kind not stated) - 1 (2025, minister via Day.Az) - 9.979 (KMG: transit 2024) = 9.021
    assert b.loc["kz_china", "spare_mt"] == pytest.approx(20 - 1 - 9.979)
    assert b.loc["kz_china", "definition"] == "design"  # route_capacity.csv: the register gave each its definition
    # Kenkiyak-Atyrau (MunaiTas): 6 - 5.791 (KMG 2024) = 0.209
    assert b.loc["munaitas", "spare_mt"] == pytest.approx(6 - 5.791)
    # Aktau: 5.2 - 3.7 (2025, derived 1.5 + 2.2) = 1.5
    assert b.loc["aktau_sea_total", "spare_mt"] == pytest.approx(1.5)
    spare = pl.bypass_spare(data.load("route_capacity"), data.load("oil_export_routes"), data.load("kmg_midstream"),
                            2025)
    # the China route is capped by the link's net spare: 0.209 + 1.5 = 1.709 Mt a year, not 6 + 1.5
    assert spare == pytest.approx({"kz_china": 0.209, "aktau_sea_total": 1.5})
    f = pl.scenario_findings()
    assert f["pl_spare_bypass"] == "1.7" and f["pl_munaitas_spare"] == "0.21" and f["pl_kcp_net"] == "9.0"


def test_kmg_table_and_findings():
    t = pl.kmg_table(data.load("kmg_midstream")).set_index(["company", "flow"])
    # the excerpt: "KazTransOil (100%) 40,656 44,188 44,887" -> 40.656 / 44.188 / 44.887 Mt, the total row first
    assert list(t.columns) == ["2022", "2023", "2024"]
    assert t.loc[("KazTransOil", "total")].tolist() == pytest.approx([40.656, 44.188, 44.887])
    assert list(t.index[:4].get_level_values(1)) == ["total", "export", "transit", "domestic"]
    f = pl.kmg_findings()
    # 2024: KazTransOil transit 10,214 kt -> 10.2; the China pipeline's export 1,200 kt -> 1.2, transit 9,979 -> 10.0
    assert (f["pl_kto_transit"], f["pl_kcpco_export"], f["pl_kcpco_transit"]) == ("10.2", "1.2", "10.0")


def test_gas_direction_words_follow_the_snapshots():
    old = {"from_russia": 0.18, "to_russia": 0.67}
    # EI 2024 (2023): 0.182 in, 0.666 out; EI 2026 (2025): 3.419 in, 0 out
    assert pl._direction_words(old, {"from_russia": 3.42, "to_russia": 0.0}) == \
        "imports from Russia up and exports to it gone"
    assert pl._direction_words(old, {"from_russia": 0.1, "to_russia": 0.9}) == \
        "imports from Russia down and exports to it up"
    assert pl.gas_findings()["pl_gas_direction"] == "imports from Russia up and exports to it gone"
    # the 2024 edition's production differs from the 2026 one by at most 0.003 Mt (2023: 89.9796 vs 89.9767)
    assert pl.production_findings()["pl_prod_ei_maxdiff"] == "0.003"
