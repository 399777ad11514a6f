"""Every country by its ISO 3166 code (issue 23, item 6): the country table data/countries.csv, the code columns beside
the country names of every table, and the rule that stops the build on a name the table lacks or a code ISO lacks."""

from __future__ import annotations

import csv
import sys

import pytest

from conftest import DATA, RAW, ROOT, rehash_resource
from kzdep import data

sys.path.insert(0, str(ROOT / "scripts"))
import countries  # noqa: E402


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def table() -> dict[tuple[str, str], dict]:
    return {(r["scheme"], r["name"]): r for r in _rows("countries.csv")}


# ---------------------------------------------------------------------------------------------------------------
# the country table

def test_isos_list_is_whole_and_carries_kazakhstan(table):
    iso = [r for (scheme, _), r in table.items() if scheme == "iso"]
    assert len(iso) == 249  # ISO 3166-1 has 249 entries (pycountry 26.2.16)
    kaz = table[("iso", "Kazakhstan")]
    assert (kaz["iso3"], kaz["iso2"]) == ("KAZ", "KZ")


@pytest.mark.parametrize("scheme, name, kind", [
    ("imf", "Advanced Economies", "aggregate"),
    ("imf", "World", "aggregate"),
    ("imf", "Africa", "region"),
    ("imf", "Europe not specified", "residual"),
    ("imf", "Belgium-Luxembourg", "aggregate"),
    ("imf", "Czechoslovakia", "former"),
    ("ei", "Other CIS", "residual"),
    ("ei", "Other Europe", "residual"),
    ("ei", "Africa", "region"),
    ("ei", "CIS", "aggregate"),
    ("ei", "USSR", "former"),
    ("eurostat", "EU27", "aggregate"),
    ("sipri", "Soviet Union", "former"),
    ("sipri", "unknown supplier(s)", "unknown"),
    ("report", "eu", "aggregate"),
    ("report", "nato", "organisation"),
    ("bns", "Страны СНГ", "aggregate"),
    ("bns", "Африка", "region"),
])
def test_aggregates_regions_and_former_states_get_no_code(table, scheme, name, kind):
    row = table[(scheme, name)]
    assert row["kind"] == kind
    assert row["iso3"] == "" and row["iso2"] == ""


def test_only_countries_carry_codes_and_every_code_is_isos(table):
    iso = {r["iso3"]: r for (scheme, _), r in table.items() if scheme == "iso"}
    for (scheme, name), row in table.items():
        assert (row["kind"] == "country") == bool(row["iso3"]), (scheme, name)
        if row["iso3"]:
            assert row["iso3"] in iso, (scheme, name)
            assert (row["iso2"], row["iso_name"]) == (iso[row["iso3"]]["iso2"], iso[row["iso3"]]["name"])


def test_kosovo_would_get_no_made_up_code():
    assert countries.resolve("imf", "Kosovo, Rep. of") == ("not_in_iso", "", countries.MATCHES["imf"][
        "Kosovo, Rep. of"][1])


# ---------------------------------------------------------------------------------------------------------------
# hand-checked codes: the raw cell, and the code a reader finds for it in ISO's list

@pytest.mark.parametrize("table_name, column, name, code_column, code", [
    # imf-dots/DOTS_103.xlsx, sheet 'Exports, FOB', row 59, column B: "China, P.R.: Mainland"
    ("trade_dots.csv", "partner", "China, P.R.: Mainland", "partner_iso3", "CHN"),
    # same sheet, row 111, column B: "Kyrgyz Rep."
    ("trade_dots.csv", "partner", "Kyrgyz Rep.", "partner_iso3", "KGZ"),
    # same sheet, row 48, column B: "Taiwan Province of China" (ISO: "Taiwan, Province of China", TWN)
    ("trade_dots.csv", "partner", "Taiwan Province of China", "partner_iso3", "TWN"),
    # same sheet, row 84, column B: "Czechoslovakia" (a former state: no ISO 3166-1 code)
    ("trade_dots.csv", "partner", "Czechoslovakia", "partner_iso3", ""),
    # same sheet, row 10, column B: "Advanced Economies" (an IMF group)
    ("trade_dots.csv", "partner", "Advanced Economies", "partner_iso3", ""),
    # eurostat-comext-annual/Relational_View_2024-11-17T08_31_12.748Z.csv, line 186, column PARTNER:
    # "Viet Nam (incl. North Viet Nam 'VD' from 1977)" (the extract keeps "Viet Nam")
    ("eu_exports_annual.csv", "partner", "Viet Nam", "partner_iso3", "VNM"),
    # sipri-arms-trade-register-2026-05/trade-register.csv, line 116, column Supplier: "Turkiye"
    ("arms_register_2026.csv", "supplier", "Turkiye", "supplier_iso3", "TUR"),
    # same file, line 98, column Supplier: "Bosnia-Herzegovina"
    ("arms_register_2026.csv", "supplier", "Bosnia-Herzegovina", "supplier_iso3", "BIH"),
    # sipri-arms-transfers/TIV-Export-TUR-1950-2021.csv, line 1: "TIV of arms exports from Turkey, 1950-2021"
    ("arms_imports_tiv.csv", "supplier", "Turkey", "supplier_iso3", "TUR"),
    # sipri-milex/military-spending-as-a-share-of-gdp-sipri.csv, line 4053: Entity "Kyrgyzstan", Code "KGZ"
    ("milex_share_gdp.csv", "country", "Kyrgyzstan", "iso3", "KGZ"),
    # energy-institute-2024/EI-Stats-Review-All-Data.xlsx, sheet 'Gas trade - pipeline', row 6, column A: "US"
    ("gas_pipeline_trade_ei.csv", "exporter", "US", "exporter_iso3", "USA"),
    # same sheet, row 18, column A: "Other CIS" (a residual: no code)
    ("gas_pipeline_trade_ei.csv", "importer", "Other CIS", "importer_iso3", ""),
    # EI 2024 workbook, sheet 'Oil Production - tonnes', row 16, column A: "Trinidad & Tobago"
    ("energy_ei_countries.csv", "country", "Trinidad & Tobago", "iso3", "TTO"),
    # data/bns_partners.csv (the bureau's name in its workbooks), row 202: "Россия", alpha-2 RU
    ("trade_bns.csv", "partner", "Россия", "iso3", "RUS"),
    # russia-customs/96stran.xlsx, sheet 'Экспорт', row 5, column L: "Казахстан" (the extract writes "Kazakhstan")
    ("trade_russia_customs.csv", "partner", "Kazakhstan", "partner_iso3", "KAZ"),
    # eurostat-comext-monthly/kazakhstan/Relational_View_2024-11-17T07_25_35.876Z.csv, line 23, column REPORTER:
    # "Czechia"; column PARTNER: "Kazakhstan"
    ("eu_exports_monthly.csv", "reporter", "Czechia", "reporter_iso3", "CZE"),
    ("eu_exports_monthly.csv", "partner", "Kazakhstan", "partner_iso3", "KAZ"),
    ("eu_exports_monthly.csv", "reporter", "EU27", "reporter_iso3", ""),
    # sipri-milex-2024/SIPRI-Milex-data-1949-2023.xlsx, sheet 'Share of GDP', row 126, column A: "Kyrgyz Republic"
    ("milex_sipri_2024.csv", "country", "Kyrgyz Republic", "iso3", "KGZ"),
    ("cooperation.csv", "partner", "usa", "partner_iso3", "USA"),
    ("cooperation.csv", "partner", "nato", "partner_iso3", ""),
    ("trade_official.csv", "partner", "world", "partner_iso3", ""),
])
def test_hand_checked_codes(table_name, column, name, code_column, code):
    rows = [r for r in _rows(table_name) if r[column] == name]
    assert rows, f"{name!r} not in data/{table_name}"
    assert {r[code_column] for r in rows} == {code}


@pytest.mark.skipif(not (RAW / "sipri-milex").is_dir(), reason="raw files not available")
def test_codes_agree_with_the_code_column_owid_ships():
    """Our World in Data's copy of SIPRI's share of GDP carries its own ISO3 column: ours must equal it."""
    with (RAW / "sipri-milex/military-spending-as-a-share-of-gdp-sipri.csv").open(encoding="utf-8") as handle:
        owid = {r["Entity"]: r["Code"] for r in csv.DictReader(handle)}
    ours = {(r["country"], r["iso3"]) for r in _rows("milex_share_gdp.csv")}
    assert len(ours) == 6
    for name, code in ours:
        assert owid[name] == code


def test_the_bureaus_alpha2_and_alpha3_agree(table):
    alpha2 = {r["iso3"]: r["iso2"] for (scheme, _), r in table.items() if scheme == "iso"}
    for r in _rows("trade_bns.csv"):
        if r["partner_kind"] == "country":
            assert alpha2[r["iso3"]] == r["code"], r["partner"]
        else:
            assert r["iso3"] == ""


def test_every_table_declares_its_country_columns_and_describes_its_codes():
    declared = {res["path"]: res["schema"] for res in data.descriptor()["resources"]
                if res.get("schema", {}).get("countryFields")}
    assert set(declared) == {use[0] for use in countries.USES}
    for path, schema in declared.items():
        fields = {f["name"]: f for f in schema["fields"]}
        for use in schema["countryFields"]:
            assert use["code"] in fields and fields[use["code"]]["description"], (path, use)
            if "name" in use:
                assert use["name"] in fields


# ---------------------------------------------------------------------------------------------------------------
# the rule: a name the country table lacks, or a code ISO lacks, stops the build (file, column, row named)

def _edit(folder, name: str, resource: str, row: int, column: str, value: str) -> None:
    path = folder / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    rehash_resource(folder, resource)


def test_a_made_up_country_stops_the_build(scratch_data):
    _edit(scratch_data, "cooperation.csv", "cooperation", 3, "partner", "atlantis")
    with pytest.raises(data.DataError, match=r"data/cooperation.csv, column 'partner', row 3 \(line 4\): the country "
                                             r"name 'atlantis' has no entry in data/countries.csv"):
        data.load("cooperation")


def test_a_code_iso_does_not_have_stops_the_build(scratch_data):
    _edit(scratch_data, "un_votes_records.csv", "un_votes_records", 5, "iso3", "XKX")
    with pytest.raises(data.DataError, match=r"data/un_votes_records.csv, column 'iso3', row 5 \(line 6\): 'XKX' is "
                                             r"not an ISO 3166-1 alpha-3 code"):
        data.load("un_votes_records")


def test_a_code_other_than_the_tables_stops_the_build(scratch_data):
    rows = _rows("cooperation.csv")
    number = next(i for i, r in enumerate(rows, start=1) if r["partner"] == "usa")
    _edit(scratch_data, "cooperation.csv", "cooperation", number, "partner_iso3", "GBR")
    with pytest.raises(data.DataError, match=rf"column 'partner_iso3', row {number} .*code 'GBR' for 'usa', "
                                             r"data/countries.csv gives 'USA'"):
        data.load("cooperation")


def test_an_aggregate_given_a_code_stops_the_build(scratch_data):
    rows = _rows("trade_official.csv")
    number = next(i for i, r in enumerate(rows, start=1) if r["partner"] == "world")
    _edit(scratch_data, "trade_official.csv", "trade_official", number, "partner_iso3", "KAZ")
    with pytest.raises(data.DataError, match=rf"trade_official.csv, column 'partner_iso3', row {number} "):
        data.load("trade_official")


def test_a_region_with_a_code_in_the_country_table_stops_the_build(scratch_data):
    rows = _rows("countries.csv")
    number = next(i for i, r in enumerate(rows, start=1) if (r["scheme"], r["name"]) == ("ei", "Africa"))
    _edit(scratch_data, "countries.csv", "country_codes", number, "iso3", "ZAF")
    with pytest.raises(data.DataError, match=rf"countries.csv, column 'iso3', row {number} .*'Africa' is of kind "
                                             r"'region' with code 'ZAF'"):
        data.load("country_codes")


def test_the_edges_pass_a_key_declared_as_no_country_and_an_empty_name(scratch_data):
    # neighbours_gas keys the Energy Institute's residual 'Other CIS' as OTHER_CIS (declared, with what it is)
    assert "OTHER_CIS" in set(data.load("neighbours_gas")["importer"])
    # csto_2022 has rows about no country (empty name, empty code)
    assert data.load("csto_2022")["country"].isna().any()
    # without its declaration the same key stops the build
    import json

    path = scratch_data / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for res in package["resources"]:
        if res["name"] == "neighbours_gas":
            for use in res["schema"]["countryFields"]:
                use.pop("nonCodes", None)
    path.write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(data.DataError, match=r"neighbours_gas.csv, column 'importer', row 3 \(line 4\): 'OTHER_CIS' "
                                             r"is not an ISO 3166-1 alpha-3 code"):
        data.read_table("neighbours_gas")  # not the cached copy: the descriptor changed, the file did not


# ---------------------------------------------------------------------------------------------------------------
# make data: the same rule when the extracts are written

def test_extraction_stops_on_an_unknown_name_and_adds_codes_at_the_end(tmp_path, monkeypatch):
    table_file = tmp_path / "t.csv"
    table_file.write_text("partner,value,source_id\nKyrgyz Rep.,1,x\nWorld,2,x\n", encoding="utf-8")
    monkeypatch.setattr(countries, "USES", [("t.csv", "partner", "partner_iso3", "imf", True)])
    countries.add_codes(tmp_path, machine=True)
    assert table_file.read_text(encoding="utf-8") == ("partner,value,source_id,partner_iso3\n"
                                                      "Kyrgyz Rep.,1,x,KGZ\nWorld,2,x,\n")
    countries.add_codes(tmp_path, machine=True)  # a second run checks the column and leaves it
    table_file.write_text("partner,value,source_id,partner_iso3\nAtlantis,1,x,\n", encoding="utf-8")
    with pytest.raises(countries.CountryError, match=r"data/t.csv, column 'partner', row 1 \(line 2\): the country "
                                                     r"name 'Atlantis'"):
        countries.add_codes(tmp_path, machine=True)
    table_file.write_text("partner,value,source_id,partner_iso3\nKyrgyz Rep.,1,x,KAZ\n", encoding="utf-8")
    with pytest.raises(countries.CountryError, match=r"column 'partner_iso3', row 1 \(line 2\): code 'KAZ' for "
                                                     r"'Kyrgyz Rep.', the country table gives 'KGZ'"):
        countries.add_codes(tmp_path, machine=True)


def test_a_hand_match_to_a_code_iso_lacks_is_refused(monkeypatch):
    monkeypatch.setitem(countries.MATCHES["report"], "atlantis", "ATL")
    with pytest.raises(countries.CountryError, match="'ATL' is not an ISO 3166-1 alpha-3 code"):
        countries.resolve("report", "atlantis")


def test_the_report_keys_never_match_isos_names_by_themselves():
    # 'georgia' is not among the report's keys: a hand-only scheme does not fall back to ISO's names
    with pytest.raises(countries.CountryError):
        countries.resolve("report", "Georgia")
    assert countries.resolve("imf", "Georgia") == ("country", "GEO", "")


def test_the_country_table_is_what_the_script_writes():
    assert countries.rows(DATA) == [list(r.values()) for r in _rows("countries.csv")]


def test_the_un_records_names_have_isos_codes(table):
    # un-ga-votes/UN_DATA.csv.zip (UN DATA.csv), header row, a member-state column: "KAZAKHSTAN"
    assert table[("un", "KAZAKHSTAN")]["iso3"] == "KAZ"
    # the same header names Eswatini by its former name too: "SWAZILAND"
    assert table[("un", "SWAZILAND")]["iso3"] == "SWZ"
    codes = {r["iso3"] for (scheme, _), r in table.items() if scheme == "un"}
    assert {r["iso3"] for r in _rows("un_votes_records.csv")} <= codes


@pytest.mark.skipif(not (RAW / "imf-dots").is_dir(), reason="raw files not available")
def test_make_data_rebuilds_every_file_byte_for_byte(tmp_path):
    """`make data` in a copy of the repository, from the raw files: every file of data/ (the extracts with their code
    columns, the country table, the descriptor) and the bibliography come out as committed."""
    import shutil
    import subprocess

    copy = tmp_path / "repo"
    for part in ("scripts", "kzdep", "data"):
        shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "book").mkdir()
    for name in ("CITATION.cff", "_config.yml", "_toc.yml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, copy / name)
    result = subprocess.run([sys.executable, "scripts/make_data.py", "--raw", str(RAW)], cwd=copy,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    changed = sorted(str(p.relative_to(copy / "data")) for p in (copy / "data").rglob("*")
                     if p.is_file() and p.read_bytes() != (DATA / p.relative_to(copy / "data")).read_bytes())
    assert changed == []
    assert (copy / "book" / "references.bib").read_bytes() == (ROOT / "book" / "references.bib").read_bytes()
