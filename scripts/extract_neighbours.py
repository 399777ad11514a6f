"""Kazakhstan among Russia's neighbours: extracts for the comparison chapter (issue 26), with their descriptors.

Called by ``scripts/make_data.py`` (``extract_neighbours(raw_dir)``) and ``scripts/descriptor.py`` (``RESOURCES``).

* ``neighbours_trade.csv``: exports and imports of ten countries (Kazakhstan and nine other neighbours of Russia)
  with the world, Russia and China, US$ million:
  - ``dots``: each country's own records in the IMF's Direction of Trade Statistics (one extraction, 1992-2020);
  - ``dots_mirror``: what Russia and China report for their trade with each of the ten in the same extraction
    (Russia's exports to a country mirror that country's imports from Russia, and so on);
  - ``national``: the statistics offices of Kyrgyzstan (1994-2023) and Uzbekistan (2010-2023). Kazakhstan's
    bureau is in ``trade_bns.csv`` already.
  A cell the IMF marks as its own estimate (text ending in " e") is kept with ``flag`` = ``imf_estimate``; the
  Kyrgyz 2023 import column the committee footnotes as preliminary carries ``flag`` = ``preliminary``.
* ``neighbours_remittances.csv``: the World Bank/KNOMAD bilateral remittance matrix for 2021 (December 2022
  version): what each of the ten receives from Russia and in all, and what it sends to Russia and in all.
* ``neighbours_gas.csv``: the Energy Institute's Statistical Review 2026, pipeline gas trade in 2025: what Russia
  sends to each importer the table names among these countries (Belarus, Kazakhstan) and to the group "Other CIS",
  with the importer's total pipeline imports and its gas consumption (none for the group: its members are not named).

Bad input stops the run with a ``RawError`` naming the file, the sheet, the row and the column. Every table is
built and checked in memory first, then written through a temporary file renamed into place.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import fields
import rawio
from rawio import RawError, col_letter as _col  # noqa: F401  (RawError: this module's, as before)
from extract_trade import write_atomic, fmt

DATA = Path(__file__).resolve().parent.parent / "data"


# ---------------------------------------------------------------------------------------------------------------
# the ten countries and the pinned raw files

#: ISO3 code -> name used in the book
COUNTRIES = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "UZB": "Uzbekistan", "TJK": "Tajikistan",
             "TKM": "Turkmenistan", "ARM": "Armenia", "AZE": "Azerbaijan", "GEO": "Georgia", "BLR": "Belarus",
             "MNG": "Mongolia"}
#: the IMF's reporter and partner names
DOTS_NAMES = {"KAZ": "Kazakhstan, Rep. of", "KGZ": "Kyrgyz Rep.", "UZB": "Uzbekistan, Rep. of",
              "TJK": "Tajikistan, Rep. of", "TKM": "Turkmenistan", "ARM": "Armenia, Rep. of",
              "AZE": "Azerbaijan, Rep. of", "GEO": "Georgia", "BLR": "Belarus, Rep. of", "MNG": "Mongolia"}
DOTS_FILES = {"KAZ": "imf-dots/DOTS_103.xlsx", "KGZ": "imf-dots-2021-neighbours/DOTS_109.xlsx",
              "UZB": "imf-dots-2021-neighbours/DOTS_210.xlsx", "TJK": "imf-dots-2021-neighbours/DOTS_192.xlsx",
              "TKM": "imf-dots-2021-neighbours/DOTS_201.xlsx", "ARM": "imf-dots-2021-neighbours/DOTS_9.xlsx",
              "AZE": "imf-dots-2021-neighbours/DOTS_13.xlsx", "GEO": "imf-dots-2021-neighbours/DOTS_76.xlsx",
              "BLR": "imf-dots-2021-neighbours/DOTS_18.xlsx", "MNG": "imf-dots-2021-neighbours/DOTS_130.xlsx"}
DOTS_MIRRORS = {"russia": ("imf-dots-2021-neighbours/DOTS_162.xlsx", "Russian Federation"),
                "china": ("imf-dots-2021-neighbours/DOTS_40.xlsx", "China, P.R.: Mainland")}
DOTS_PARTNERS = {"World": "world", "Russian Federation": "russia", "China, P.R.: Mainland": "china"}
DOTS_FIRST, DOTS_LAST = 1992, 2020
KG_EXPORTS = "kyrgyz-stat-trade-by-country/4.03.00.18  Географическое распределение экспорта товаров     ..xlsx"
KG_IMPORTS = "kyrgyz-stat-trade-by-country/4.03.00.20 Географическое распределение импорта товаров..xlsx"
UZ_EXPORTS = "uzbek-stat-trade-by-country/sdmx_data_1105.csv"
UZ_IMPORTS = "uzbek-stat-trade-by-country/sdmx_data_1176.csv"
KNOMAD = "wb-knomad-remittance-matrix-2021/bilateral_remittance_matrix_2021.xlsx"
EI_2026 = "energy-institute-2026/EI-Stats-Review-ALL-data.xlsx"

RAW_SHA256 = {
    "imf-dots/DOTS_103.xlsx": "295bd2d6c4ed85705b0806f591c03c1c6e6c05149dc691c7d8ef036389e70903",
    "imf-dots-2021-neighbours/DOTS_109.xlsx": "750e4325f244758a8f54e2c4e3cbec74088f08c1b3d0d75fbebdb412cd1e7dc7",
    "imf-dots-2021-neighbours/DOTS_13.xlsx": "24c40cfb03919f265f5466505722ed24ca4f108e9c1bd07bdc148ca342829892",
    "imf-dots-2021-neighbours/DOTS_130.xlsx": "76716fe810fc6cf3f0b43936f379bd4a775034e43a8b37ac184f6d1e518d84d1",
    "imf-dots-2021-neighbours/DOTS_162.xlsx": "4783e66b8277651c508087b13491cec0cb0edc2895ec6b1e7e4b1c1baba05de1",
    "imf-dots-2021-neighbours/DOTS_18.xlsx": "8f52188b9440eea54ef37e26e7a196c0aad9f4b3326b9af06facdb866636708d",
    "imf-dots-2021-neighbours/DOTS_192.xlsx": "4366608885a321152af9e5dcf60372fda187b03446ae0920ab6617495f92a4da",
    "imf-dots-2021-neighbours/DOTS_201.xlsx": "a9302286418cd548570ca56132cfe0c6b756b809c16e47d1fcf578055c47613f",
    "imf-dots-2021-neighbours/DOTS_210.xlsx": "f302fab90d71e795a9eea76ebdf4c108d6227670f603a81a73a1eb7725df12e9",
    "imf-dots-2021-neighbours/DOTS_40.xlsx": "6d22b33ad43337962f0dd9915ced38c620d1c77c2f502580d9d04523db49ae00",
    "imf-dots-2021-neighbours/DOTS_76.xlsx": "020eef9af2a7a616d4c82dfc3ce6467c131ff39db49f95891919c305550a48c9",
    "imf-dots-2021-neighbours/DOTS_9.xlsx": "4b9d33bd419b306acae613245978252363de58ddcc54cc0403fa4f449254efd7",
    KG_EXPORTS: "21ff73f4013441185c731bf76905a97d4155bdee65bb10d617319a42afa40d0f",
    KG_IMPORTS: "da16cb7869167e47c2b9500f1e196163564f3566dbe26b8be7235fdefb2b453e",
    UZ_EXPORTS: "f43a0d2e0724a4602b92f78159069abe4de2c23139698b8f44a33d44bf89135a",
    UZ_IMPORTS: "97f0b0221665cfa12275152ec54aa70fa770c15c3ac585b16a17967fe0b24050",
    KNOMAD: "62c68e722dc79b5acb0bb10370d725740ed0a0bee2477ecdaf1a667164901d8c",
    EI_2026: "ec12a2bb8b56a44080d71d3847b25135fbe1991600c7d1437e12dbdea11b111a",
}

SOURCE_DOTS_KAZ = "imf-dots-2022"
SOURCE_DOTS = "imf-dots-2021-neighbours"
SOURCE_KG = "stat-kg-trade-by-country-2024"
SOURCE_UZ = "stat-uz-trade-by-country-2024"
SOURCE_KNOMAD = "wb-knomad-brm-2021"
SOURCE_EI = "ei-sr-2026"

KG_NAMES = {"Total": "world", "Russia": "russia", "China": "china"}  # the table's English names
UZ_CODES = {"643": "russia", "156": "china"}
KNOMAD_NAMES = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyz Republic", "UZB": "Uzbekistan", "TJK": "Tajikistan",
                "TKM": "Turkmenistan", "ARM": "Armenia", "AZE": "Azerbaijan", "GEO": "Georgia", "BLR": "Belarus",
                "MNG": "Mongolia"}
EI_PIPE_SHEET = "Gas trade 2025 - pipeline"
EI_CONS_SHEET = "Gas Consumption - Bcm"
EI_YEAR = 2025
#: importers the pipeline table names among the ten, and its group of the other CIS importers
EI_IMPORTERS = {"Belarus": "BLR", "Kazakhstan": "KAZ", "Other CIS": "OTHER_CIS"}


# ---------------------------------------------------------------------------------------------------------------
# helpers

def read_pinned(raw_dir: Path, rel: str) -> bytes:
    return rawio.read_pinned(Path(raw_dir) / rel, RAW_SHA256[rel])


def _workbook(raw: bytes):
    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)


def dots_cell(cell, where: str) -> tuple[float | None, bool]:
    """A DOTS cell as (value, IMF estimate?): numbers as they are, text '12.3 e' as an estimate; None if empty."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, False
    if isinstance(cell, bool):
        raise RawError(f"{where}: value {cell!r} is not a number")
    if isinstance(cell, (int, float)):
        value, estimate = float(cell), False
    else:
        # thousands separators appear in some estimate cells ('1,191.26 e')
        match = re.fullmatch(r"\s*(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?(?:[eE]-?\d+)?)\s*(e?)\s*",
                             str(cell))
        if not match:
            raise RawError(f"{where}: value {cell!r} is not a number")
        value, estimate = float(match.group(1).replace(",", "")), match.group(2) == "e"
    if value != value or value < 0:
        raise RawError(f"{where}: value {cell!r} is negative or not a number")
    return value, estimate


def number(cell, where: str, dash_is_zero: bool = False) -> float | None:
    """A statistics-office cell as a non-negative number; None if empty ('-' is zero where the table says so)."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, str) and cell.strip() in ("-", "–") and dash_is_zero:
        return 0.0
    if isinstance(cell, bool):
        raise RawError(f"{where}: value {cell!r} is not a number")
    try:
        value = float(str(cell).replace("\u00a0", "").replace(" ", "")) if isinstance(cell, str) else float(cell)
    except ValueError:
        raise RawError(f"{where}: value {cell!r} is not a number") from None
    if value != value or value < 0:
        raise RawError(f"{where}: value {cell!r} is negative or not a number")
    return value


# ---------------------------------------------------------------------------------------------------------------
# IMF DOTS: own records and mirrors

def dots_table(book, label: str, reporter: str, first_year: int = DOTS_FIRST):
    """{(flow, partner name): {year: (value, estimate)}} of a DOTS workbook, checked: two sheets (exports FOB,
    imports CIF), the reporter named in row 4 column B, US$ millions in row 5, years in row 7 from column C."""
    flows = {"Exports, FOB": "exports", "Imports, CIF": "imports"}
    out = {}
    if sorted(s.title for s in book.worksheets) != sorted(flows):
        raise RawError(f"{label}: sheets {[s.title for s in book.worksheets]}, expected {sorted(flows)}")
    for sheet in book.worksheets:
        flow = flows[sheet.title]
        table = list(sheet.iter_rows(values_only=True))
        where = f"{label} sheet {sheet.title!r}"
        if len(table) < 8 or table[3][1] != reporter:
            raise RawError(f"{where} row 4 column B: reporter {table[3][1] if len(table) > 3 else None!r}, "
                           f"expected {reporter!r}")
        if table[4][1] != "US Dollars, Millions":
            raise RawError(f"{where} row 5 column B: unit {table[4][1]!r}, expected 'US Dollars, Millions'")
        years = []
        for j, cell in enumerate(table[6][2:]):
            try:
                years.append(int(str(cell).strip()))
            except ValueError:
                raise RawError(f"{where} row 7 column {_col(j + 2)}: year {cell!r} is not a year") from None
        if years[-1] != DOTS_LAST or years[0] > first_year:
            raise RawError(f"{where} row 7: years {years[0]}-{years[-1]}, expected to cover {first_year}-"
                           f"{DOTS_LAST}")
        for i, line in enumerate(table[7:], start=8):
            partner = line[1]
            if not partner:
                continue
            cells = {}
            for j, (year, cell) in enumerate(zip(years, line[2:])):
                value, estimate = dots_cell(cell, f"{where} row {i} ({partner}) column {_col(j + 2)} ({year})")
                if value is not None and year >= DOTS_FIRST:
                    cells[year] = (value, estimate)
            key = (flow, partner)
            if key in out and out[key] != cells:
                raise RawError(f"{where} row {i}: partner {partner!r} twice with different values")
            out[key] = cells
    return out


def dots_rows(raw_dir: Path) -> list[list]:
    rows = []
    for iso, rel in DOTS_FILES.items():
        label = Path(rel).name
        table = dots_table(_workbook(read_pinned(raw_dir, rel)), label, DOTS_NAMES[iso])
        sid = SOURCE_DOTS_KAZ if iso == "KAZ" else SOURCE_DOTS
        for flow in ("exports", "imports"):
            for name, partner in DOTS_PARTNERS.items():
                cells = table.get((flow, name))
                if cells is None:
                    raise RawError(f"{label} sheet {flow}: no row for partner {name!r}")
                for year, (value, estimate) in sorted(cells.items()):
                    rows.append([iso, year, flow, partner, "dots", fmt(value),
                                 "imf_estimate" if estimate else "", sid])
    # mirrors: what Russia and China record for their trade with each of the ten
    swap = {"exports": "imports", "imports": "exports"}
    for partner, (rel, reporter) in DOTS_MIRRORS.items():
        label = Path(rel).name
        table = dots_table(_workbook(read_pinned(raw_dir, rel)), label, reporter)
        for iso, name in DOTS_NAMES.items():
            for flow in ("exports", "imports"):
                cells = table.get((flow, name))
                if cells is None:
                    raise RawError(f"{label} sheet {flow}: no row for partner {name!r}")
                for year, (value, estimate) in sorted(cells.items()):
                    rows.append([iso, year, swap[flow], partner, "dots_mirror", fmt(value),
                                 "imf_estimate" if estimate else "", SOURCE_DOTS])
    return rows


# ---------------------------------------------------------------------------------------------------------------
# national offices: Kyrgyzstan and Uzbekistan

def kyrgyz_rows(raw_dir: Path) -> list[list]:
    rows = []
    for rel, flow in ((KG_EXPORTS, "exports"), (KG_IMPORTS, "imports")):
        label = Path(rel).name
        book = _workbook(read_pinned(raw_dir, rel))
        sheet = book.worksheets[0]
        table = list(sheet.iter_rows(values_only=True))
        where = f"{label} sheet {sheet.title!r}"
        if "(thousand US dollars)" not in [str(c).strip() for c in table[1] if c]:
            raise RawError(f"{where} row 2: unit {table[1][:3]!r}, expected '(thousand US dollars)'")
        head = next((i for i, r in enumerate(table[:6]) if r[3] == 1994), None)
        if head is None:
            raise RawError(f"{where} rows 1-6 column D: no header with the year 1994")
        years, flags = [], []
        for j, cell in enumerate(table[head][3:], start=3):
            if cell is None:
                break
            match = re.fullmatch(r"(\d{4})(\s*1)?", str(cell).strip())
            if not match:
                raise RawError(f"{where} row {head + 1} column {_col(j)}: year {cell!r} is not a year")
            years.append(int(match.group(1)))
            flags.append("preliminary" if match.group(2) else "")
        found = set()
        for i, line in enumerate(table[head + 1:], start=head + 2):
            name = str(line[2]).strip() if line[2] else ""
            if name not in KG_NAMES:
                continue
            if name in found:
                raise RawError(f"{where} row {i} column C: partner {name!r} twice")
            found.add(name)
            for j, (year, flag) in enumerate(zip(years, flags), start=3):
                value = number(line[j], f"{where} row {i} ({name}) column {_col(j)} ({year})", dash_is_zero=True)
                if value is not None:
                    rows.append(["KGZ", year, flow, KG_NAMES[name], "national", fmt(value / 1000), flag, SOURCE_KG])
        missing = set(KG_NAMES) - found
        if missing:
            raise RawError(f"{where} column C: no row for {sorted(missing)}")
    return rows


def uzbek_rows(raw_dir: Path) -> list[list]:
    """The Uzbek tables have no total row: the total is the sum of every partner row (all are countries, and one
    'Other countries')."""
    rows = []
    for rel, flow in ((UZ_EXPORTS, "exports"), (UZ_IMPORTS, "imports")):
        label = Path(rel).name
        lines = list(csv.reader(read_pinned(raw_dir, rel).decode("utf-8-sig").splitlines()))
        header = lines[0]
        if header[:4] != ["Code", "Klassifikator", "Klassifikator_ru", "Klassifikator_en"]:
            raise RawError(f"{label} row 1: header {header[:4]!r}")
        years = []
        for j, cell in enumerate(header[4:], start=4):
            if not re.fullmatch(r"\d{4}", cell.strip()):
                raise RawError(f"{label} row 1 column {_col(j)}: year {cell!r} is not a year")
            years.append(int(cell))
        totals = {y: 0.0 for y in years}
        found = {}
        for i, line in enumerate(lines[1:], start=2):
            if not line:
                continue
            if len(line) != len(header):
                raise RawError(f"{label} row {i}: {len(line)} columns, expected {len(header)}")
            code = line[0].strip().lstrip("0") or "0"
            for j, year in enumerate(years, start=4):
                value = number(line[j], f"{label} row {i} ({line[3]}) column {_col(j)} ({year})")
                if value is None:
                    raise RawError(f"{label} row {i} ({line[3]}) column {_col(j)} ({year}): empty cell")
                totals[year] += value
                if code in UZ_CODES:
                    found.setdefault(code, {})[year] = value
        for code, partner in UZ_CODES.items():
            if code not in found:
                raise RawError(f"{label} column A: no row for partner code {code} ({partner})")
            for year in years:
                rows.append(["UZB", year, flow, partner, "national", fmt(found[code][year] / 1000), "", SOURCE_UZ])
        for year in years:
            rows.append(["UZB", year, flow, "world", "national", fmt(totals[year] / 1000), "", SOURCE_UZ])
    return rows


# ---------------------------------------------------------------------------------------------------------------
# World Bank / KNOMAD remittances

def remittance_rows(raw_dir: Path) -> list[list]:
    book = _workbook(read_pinned(raw_dir, KNOMAD))
    sheet = book.worksheets[0]
    label = f"{Path(KNOMAD).name} sheet {sheet.title!r}"
    table = list(sheet.iter_rows(values_only=True))
    if "Bilateral Remittance Estimates for 2021" not in str(table[0][0]) or "millions of US$" not in str(table[0][0]):
        raise RawError(f"{label} row 1 column A: title {table[0][0]!r}, expected the 2021 matrix in millions of US$")
    cols = {str(c).strip(): j for j, c in enumerate(table[1]) if c and j}
    rows_at = {str(r[0]).strip(): i for i, r in enumerate(table) if r[0] and i > 1}
    for name in [*KNOMAD_NAMES.values(), "Russian Federation", "WORLD"]:
        if name not in cols:
            raise RawError(f"{label} row 2: no receiving-country column {name!r}")
        if name not in rows_at:
            raise RawError(f"{label} column A: no sending-country row {name!r}")

    def cell(row_name: str, col_name: str) -> float:
        i, j = rows_at[row_name], cols[col_name]
        value = number(table[i][j], f"{label} row {i + 1} ({row_name}) column {_col(j)} ({col_name})")
        return 0.0 if value is None else value  # an empty cell of the matrix is no estimated flow

    out = []
    for iso, name in KNOMAD_NAMES.items():
        flows = {"received_from_russia": cell("Russian Federation", name), "received_total": cell("WORLD", name),
                 "sent_to_russia": cell(name, "Russian Federation"), "sent_total": cell(name, "WORLD")}
        for part, whole in (("received_from_russia", "received_total"), ("sent_to_russia", "sent_total")):
            if flows[part] > flows[whole] * (1 + 1e-9) + 1e-9:
                raise RawError(f"{label}: {name} {part} {flows[part]} exceeds {whole} {flows[whole]}")
        for flow, value in flows.items():
            out.append([iso, 2021, flow, fmt(value), SOURCE_KNOMAD])
    return out


# ---------------------------------------------------------------------------------------------------------------
# Energy Institute 2026: pipeline gas from Russia

def gas_rows(raw_dir: Path) -> list[list]:
    book = _workbook(read_pinned(raw_dir, EI_2026))
    for name in (EI_PIPE_SHEET, EI_CONS_SHEET):
        if name not in book.sheetnames:
            raise RawError(f"{Path(EI_2026).name}: no sheet {name!r}")
    label = f"{Path(EI_2026).name} sheet {EI_PIPE_SHEET!r}"
    pipe = list(book[EI_PIPE_SHEET].iter_rows(values_only=True))
    if "Trade movements 2025 by pipeline" not in str(pipe[0][0]) or pipe[1][0] != "Billion cubic metres":
        raise RawError(f"{label} rows 1-2 column A: {pipe[0][0]!r} / {pipe[1][0]!r}, expected 2025 pipeline trade "
                       "in billion cubic metres")
    head = [str(c).strip() if c else "" for c in pipe[2]]
    for name in ("Russian Federation", "Total imports"):
        if name not in head:
            raise RawError(f"{label} row 3: no exporter column {name!r}")
    ru, tot = head.index("Russian Federation"), head.index("Total imports")
    cons = list(book[EI_CONS_SHEET].iter_rows(values_only=True))
    clabel = f"{Path(EI_2026).name} sheet {EI_CONS_SHEET!r}"
    years = [c for c in cons[2]]
    if EI_YEAR not in years:
        raise RawError(f"{clabel} row 3: no column for {EI_YEAR}")
    cy = years.index(EI_YEAR)
    out = []
    for name, code in EI_IMPORTERS.items():
        hits = [i for i, r in enumerate(pipe) if r[0] and str(r[0]).strip() == name]
        if len(hits) != 1:
            raise RawError(f"{label} column A: {len(hits)} rows for importer {name!r}, expected 1")
        i = hits[0]
        from_ru = number(pipe[i][ru], f"{label} row {i + 1} ({name}) column {_col(ru)} (Russian Federation)")
        total = number(pipe[i][tot], f"{label} row {i + 1} ({name}) column {_col(tot)} (Total imports)")
        consumption = ""
        if code != "OTHER_CIS":  # the group's members differ between EI's tables: no share is computed for it
            ci = [k for k, r in enumerate(cons) if r[0] and str(r[0]).strip() == name]
            if len(ci) != 1:
                raise RawError(f"{clabel} column A: {len(ci)} rows for {name!r}, expected 1")
            value = number(cons[ci[0]][cy], f"{clabel} row {ci[0] + 1} ({name}) column {_col(cy)} ({EI_YEAR})")
            consumption = fmt(value)
        out.append([EI_YEAR, code, name, fmt(from_ru or 0.0), fmt(total or 0.0), consumption, SOURCE_EI])
    return out


# ---------------------------------------------------------------------------------------------------------------

TRADE_HEADER = ["country", "year", "flow", "partner", "series", "value_usd_m", "flag", "source_id"]
REMIT_HEADER = ["country", "year", "flow", "value_usd_m", "source_id"]
GAS_HEADER = ["year", "importer", "importer_name", "from_russia_bcm", "pipeline_imports_bcm", "consumption_bcm",
              "source_id"]


def extract_neighbours(raw_dir) -> None:
    raw_dir = Path(raw_dir)
    trade = dots_rows(raw_dir) + kyrgyz_rows(raw_dir) + uzbek_rows(raw_dir)
    trade.sort(key=lambda r: (list(COUNTRIES).index(r[0]), r[4], r[2], r[3], r[1]))
    remit = remittance_rows(raw_dir)
    gas = gas_rows(raw_dir)
    write_atomic("neighbours_trade.csv", TRADE_HEADER, trade)
    write_atomic("neighbours_remittances.csv", REMIT_HEADER, remit)
    write_atomic("neighbours_gas.csv", GAS_HEADER, gas)


# ---------------------------------------------------------------------------------------------------------------
# descriptors (read by scripts/descriptor.py)

_f, _SID, _FK = fields.f, fields.sid(), fields.SOURCE_FK
_ISO = list(COUNTRIES)

RESOURCES = [
    {
        "name": "neighbours_trade",
        "path": "neighbours_trade.csv",
        "title": "Trade of Kazakhstan and nine other neighbours of Russia with the world, Russia and China, "
                 "1992-2023 (IMF DOTS; Kyrgyz and Uzbek statistics offices)",
        "description": "Exports and imports, US$ million, of Kazakhstan, Kyrgyzstan, Uzbekistan, Tajikistan, "
                       "Turkmenistan, Armenia, Azerbaijan, Georgia, Belarus and Mongolia with the world, Russia and "
                       "China: each country's own records in the IMF's Direction of Trade Statistics (1992-2020), "
                       "Russia's and China's records of the same trade (mirror), and the national statistics of "
                       "Kyrgyzstan (1994-2023) and Uzbekistan (2010-2023).",
        "licence_note": "IMF data: reuse with attribution; official statistics of the Kyrgyz Republic and of "
                        "Uzbekistan: reuse with attribution",
        "sources_ids": [SOURCE_DOTS_KAZ, SOURCE_DOTS, SOURCE_KG, SOURCE_UZ],
        "caveats": "The DOTS extraction ends in 2020. A cell the IMF marks as its own estimate carries flag "
                   "imf_estimate. Mirror rows are the partner's records with the flow turned round (Russia's "
                   "exports to a country are that country's imports from Russia as Russia records them): exports "
                   "are valued FOB and imports CIF, so mirrors differ from own records even when both are right. "
                   "Uzbekistan's total is the sum of its partner rows (the table has no total). The Kyrgyz 2023 "
                   "import column is preliminary (flag). A series change is a break: the chapter never joins "
                   "two series into one line.",
        "schema": {
            "fields": [
                _f("country", "string", "Reporting country (ISO3)", required=True, enum=_ISO),
                _f("year", "integer", "Year", required=True, minimum=DOTS_FIRST, maximum=2023),
                _f("flow", "string", "The country's exports or imports", required=True,
                   enum=["exports", "imports"]),
                _f("partner", "string", "world (all partners), russia or china", required=True,
                   enum=["world", "russia", "china"]),
                _f("series", "string", "dots (own IMF record), dots_mirror (the partner's IMF record) or "
                   "national (the country's statistics office)", required=True,
                   enum=["dots", "dots_mirror", "national"]),
                _f("value_usd_m", "number", "Value", "US$ million", required=True, minimum=0),
                _f("flag", "string", "imf_estimate, preliminary or empty", enum=["", "imf_estimate",
                                                                                  "preliminary"]),
                _SID,
            ],
            "primaryKey": ["country", "year", "flow", "partner", "series"],
            "foreignKeys": _FK,
        },
    },
    {
        "name": "neighbours_remittances",
        "path": "neighbours_remittances.csv",
        "title": "Remittances of Kazakhstan and nine other neighbours of Russia to and from Russia, 2021 "
                 "(World Bank/KNOMAD)",
        "description": "Bilateral remittance estimates for 2021 (December 2022 version), US$ million: what each "
                       "country receives from Russia and from the world, and what it sends to Russia and to the "
                       "world.",
        "licence_note": "World Bank data, CC BY 4.0",
        "sources_ids": [SOURCE_KNOMAD],
        "caveats": "Estimates, not records: the World Bank allocates each country's recorded remittances among "
                   "partners by migrant stocks and incomes. An empty cell of the matrix is written as 0. The copy "
                   "read was re-saved in Excel by its uploader (values as published).",
        "schema": {
            "fields": [
                _f("country", "string", "Country (ISO3)", required=True, enum=_ISO),
                _f("year", "integer", "Year", required=True, minimum=2021, maximum=2021),
                _f("flow", "string", "received_from_russia, received_total, sent_to_russia or sent_total",
                   required=True, enum=["received_from_russia", "received_total", "sent_to_russia",
                                        "sent_total"]),
                _f("value_usd_m", "number", "Value", "US$ million", required=True, minimum=0),
                _SID,
            ],
            "primaryKey": ["country", "year", "flow"],
            "foreignKeys": _FK,
        },
    },
    {
        "name": "neighbours_gas",
        "path": "neighbours_gas.csv",
        "title": "Pipeline gas from Russia to Belarus, Kazakhstan and the other CIS countries, 2025 (Energy "
                 "Institute)",
        "description": "Energy Institute Statistical Review 2026: pipeline gas imports from Russia and from all "
                       "exporters in 2025, billion cubic metres, for the importers its table names among the "
                       "countries compared (Belarus, Kazakhstan) and its group 'Other CIS', with the gas "
                       "consumption of the named importers.",
        "licence_note": "Energy Institute Statistical Review of World Energy (2026): quotation with attribution",
        "sources_ids": [SOURCE_EI],
        "caveats": "The table groups every other CIS importer as 'Other CIS' without naming them; the group is "
                   "shown as such and never split. Intra-regional trade is excluded by the publisher. No "
                   "consumption is given for the group (its members differ between the publisher's tables).",
        "schema": {
            "fields": [
                _f("year", "integer", "Year", required=True, minimum=EI_YEAR, maximum=EI_YEAR),
                _f("importer", "string", "Importer (ISO3) or OTHER_CIS", required=True,
                   enum=["BLR", "KAZ", "OTHER_CIS"]),
                _f("importer_name", "string", "Importer as the publisher names it", required=True),
                _f("from_russia_bcm", "number", "Pipeline gas imported from Russia", "bcm", required=True,
                   minimum=0),
                _f("pipeline_imports_bcm", "number", "Pipeline gas imported from all exporters", "bcm",
                   required=True, minimum=0),
                _f("consumption_bcm", "number", "Gas consumption", "bcm", minimum=0),
                _SID,
            ],
            "primaryKey": ["year", "importer"],
            "foreignKeys": _FK,
        },
    },
]

# the hand-curated table of ties (each row with its own dated source)
RESOURCES.append({
    "name": "neighbours_ties",
    "path": "neighbours_ties.csv",
    "title": "Ties of Kazakhstan and nine other neighbours to Russia: CSTO, Eurasian Economic Union, Russian forces",
    "description": "Membership of the Collective Security Treaty Organization and of the Eurasian Economic Union (with "
                   "its customs union of 2010), and Russian bases or troops on each country's territory, with the "
                   "years they began and ended; one row per source.",
    "licence_note": "Facts from the cited sources; table CC BY 4.0",
    "sources_ids": [],
    "caveats": "A country with no row for a tie has none in the sources read (absence is coded, not sourced). "
               "Russian forces 'without_consent' are on territory the host does not control (Georgia). Armenia "
               "froze its participation in the CSTO in 2024 but did not leave it: it stays coded as a member.",
    "schema": {
        "fields": [
            _f("country", "string", "Country (ISO3)", required=True, enum=_ISO),
            _f("tie", "string", "csto, eaeu or russian_forces", required=True,
               enum=["csto", "eaeu", "russian_forces"]),
            _f("since", "integer", "First year of the tie", required=True, minimum=1991, maximum=2026),
            _f("until", "integer", "Year it ended (empty: continuing)", minimum=1991, maximum=2026),
            _f("status", "string", "member, former, with_consent or without_consent", required=True,
               enum=["member", "former", "with_consent", "without_consent"]),
            _f("description", "string", "What the source states, in the report's words", required=True),
            _SID,
            _f("note", "string", "Caveats"),
        ],
        "primaryKey": ["country", "tie", "source_id"],
        "foreignKeys": _FK,
    },
})
