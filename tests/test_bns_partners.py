"""The bureau's partners in English with ISO 3166 codes beside the Russian originals (issue 23): one code per partner
across releases, so that a partner spelt two ways is counted once, and totals that hold against the bureau's own
"all countries" row ('Всего')."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT
from kzdep import data
from kzdep import trade as T

sys.path.insert(0, str(ROOT / "scripts"))
import extract_trade as X  # noqa: E402


@pytest.fixture(scope="module")
def bns():
    return data.load("trade_bns")


def test_every_row_has_one_code_and_english_name_from_the_crosswalk(bns):
    partners = data.load("bns_partners").set_index("partner_ru")
    assert set(bns["partner"]) == set(partners.index)
    for column in ("code", "partner_en"):
        assert (bns[column] == bns["partner"].map(partners[column])).all(), column
    # hand-checked: the bureau's names and their ISO 3166-1 alpha-2 codes
    for ru, code, en in [("Россия", "RU", "Russia"), ("Китай", "CN", "China"), ("Италия", "IT", "Italy"),
                         ("Республика Корея", "KR", "South Korea"), ("Кыргызстан", "KG", "Kyrgyzstan"),
                         ("Тайвань (Китай)", "TW", "Taiwan"), ("Всего", "world", "All partners (total)")]:
        assert (partners.loc[ru, "code"], partners.loc[ru, "partner_en"]) == (code, en), ru


def test_one_code_per_partner_across_releases(bns):
    countries = bns[bns["partner_kind"] == "country"]
    # within one release and year a code names one row per flow
    assert not countries.duplicated(["release", "year", "code", "flow"]).any()
    # the spelling variants: 'Тринидад и Тобаго' (2021 release) and 'Тринидад И Тобаго' (2022 release) are TT
    names = countries[countries["code"] == "TT"]["partner"].unique()
    assert set(names) == {"Тринидад и Тобаго", "Тринидад И Тобаго"}
    spelt_twice = countries.groupby("code")["partner"].nunique()
    assert (spelt_twice > 1).sum() == 16
    assert set(spelt_twice[spelt_twice > 2].index) == {"UM", "VI"}


def test_latest_country_rows_add_up_to_the_bureaus_total(bns):
    # the bureau's country rows of each sheet add up to its 'Всего' row (the extraction checks it per sheet); the
    # package's latest-release table must keep that: a partner spelt two ways in the two releases of a year must not
    # be counted twice. 2023 workbook, sheet '2023': 'Всего' exports 79138754.67736, imports 60412283.33494
    # (thousand US$)
    latest = T.bns_latest(bns)
    for (year, flow), rows in latest.groupby(["year", "flow"]):
        total = float(rows.loc[rows["code"] == T.BNS_TOTAL, "value_usd_m"].iloc[0])
        summed = float(rows.loc[rows["partner_kind"] == "country", "value_usd_m"].sum())
        assert summed == pytest.approx(total, abs=0.5), (year, flow, summed, total)
    total_2023 = latest[(latest["year"] == 2023) & (latest["code"] == "world")].set_index("flow")["value_usd_m"]
    assert total_2023["exports"] == pytest.approx(79138.75467736)
    assert total_2023["imports"] == pytest.approx(60412.28333494)


def test_matching_by_name_would_count_a_partner_twice(bns):
    # the old grouping (by Russian name): 2021 is in the 2021 and 2022 releases, and 'Тринидад и Тобаго' /
    # 'Тринидад И Тобаго' are both kept, so the sum of countries exceeds the total by Trinidad and Tobago's value
    by_name = bns.sort_values("release").groupby(["year", "partner", "flow"]).tail(1)
    rows = by_name[(by_name["year"] == 2021) & (by_name["flow"] == "exports")]
    excess = rows.loc[rows["partner_kind"] == "country", "value_usd_m"].sum() - float(
        rows.loc[rows["partner"] == "Всего", "value_usd_m"].iloc[0])
    tt = bns[(bns["year"] == 2021) & (bns["flow"] == "exports") & (bns["code"] == "TT") & (bns["release"] == 2021)]
    assert excess == pytest.approx(float(tt["value_usd_m"].iloc[0]), abs=0.5) and excess > 0


def test_top_partners_carry_codes(bns):
    top = T.top_partners(bns, 2023, 3)
    assert list(top["code"]) == ["CN", "RU", "IT"]
    assert list(top["partner"]) == ["Китай", "Россия", "Италия"]


def test_a_name_without_code_stops_the_extraction():
    codes = {"Россия": ("RU", "Russia", "country"), "Всего": ("world", "All partners (total)", "total")}
    rows = [[2023, 2023, "Россия", "country", "exports", "1", "bns-foreign-trade-2023"]]
    assert X.with_codes(rows, codes) == [[2023, 2023, "Россия", "Russia", "RU", "country", "exports", "1",
                                          "bns-foreign-trade-2023"]]
    with pytest.raises(X.RawError, match=r"release 2023 sheet 2023: partner 'Атлантида' has no code in "
                                         r"data/bns_partners.csv"):
        X.with_codes([[2023, 2023, "Атлантида", "country", "exports", "1", "x"]], codes)
    with pytest.raises(X.RawError, match=r"'Всего' is listed as 'total', the workbook row is a 'country'"):
        X.with_codes([[2023, 2023, "Всего", "country", "exports", "1", "x"]], codes)


def test_the_crosswalk_refuses_a_name_listed_twice(tmp_path):
    path = tmp_path / "bns_partners.csv"
    path.write_text("partner_ru,code,partner_en,partner_kind,iso3,source_id\nРоссия,RU,Russia,country,RUS,x\n"
                    "Россия,RU,Russia,country,RUS,x\n", encoding="utf-8")
    with pytest.raises(X.RawError, match="row 2: partner 'Россия' listed twice"):
        X.bns_partner_codes(path)
