"""Extracts of SIPRI's newest releases for the security chapter and the neighbours chapter.

- ``milex_sipri_2025.csv``: SIPRI Military Expenditure Database, 2025 release (data 1949-2024), four measures
  (current US$, constant 2023 US$, share of GDP, share of government spending) for Kazakhstan, Russia and the
  neighbours the book compares, one row per country, year and measure. SIPRI's markers stay visible: a cell
  written "..." or ". ." (data unavailable) or "xxx" (the country did not exist or was not independent) becomes
  an empty value with ``status`` ``unavailable`` or ``not_independent``, never a zero.
- ``arms_register_2026.csv`` and ``arms_register_2025_03.csv``: SIPRI's trade register generated on 18 May 2026
  (deliveries to 2025) and on 13 March 2025 (deliveries to 2024), one row per deal, for the same recipients and
  every supplier. The yearly figures are derived in the package (``kzdep.security.register_yearly``).
- ``arms_register_2025_deliveries.csv``: the register of 3 January 2025 (deliveries 2000-2023), which SIPRI
  writes one row per deal and year of delivery; kept for the same recipients to check the yearly derivation.

Each raw file's sha256 is pinned; a file that differs stops the extraction. Bad input stops with the file, the
sheet or line, and the column named. Every file is written to a temporary file and renamed, so nothing
half-written is left in ``data/``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import fields
from rawio import RawError, read_pinned, write_csv  # noqa: F401  (RawError: this module's, as before)
from rawio import fmt as _fmt

MILEX_RAW = "sipri-milex-2025/SIPRI-Milex-data-1949-2024_2.xlsx"
REG26_RAW = "sipri-arms-trade-register-2026-05/trade-register.csv"
REG25_03_RAW = "sipri-arms-trade-register-2025-03/trade-register.csv"
REG25_01_RAW = "sipri-arms-register-2025/trade_2023.csv"
RAW_SHA256 = {
    MILEX_RAW: "8a31c2794c8070230b3b9ef26a3249663f6317a8bc86ba3ec3099c791cdb692f",
    REG26_RAW: "42230eb8758d2b4f9041af8a74ee6f3c93e4b5da01b5503e349055ddecfa3314",
    REG25_03_RAW: "915257da0889e15d59936dbdf756529c34ee33c3a0c2ae73183d9cd8fd4b9c92",
    REG25_01_RAW: "51dfdcb6293bc975f2a95a5f00573b9d138d13a61963c93b3cdf8553754cb401",
}
MILEX_SOURCE = "sipri-milex-2025-db"
REG26_SOURCE, REG25_03_SOURCE, REG25_01_SOURCE = "sipri-at-2026", "sipri-at-2025-03", "sipri-at-2025"

#: the countries the book compares: name in SIPRI's files -> ISO 3166-1 alpha-3
COUNTRIES = {
    "Kazakhstan": "KAZ", "Russia": "RUS", "Kyrgyz Republic": "KGZ", "Uzbekistan": "UZB", "Tajikistan": "TJK",
    "Turkmenistan": "TKM", "Armenia": "ARM", "Azerbaijan": "AZE", "Georgia": "GEO", "Belarus": "BLR",
    "Mongolia": "MNG", "China": "CHN",
}
#: the register names Kyrgyzstan differently from the milex workbook
REGISTER_NAMES = {"Kyrgyzstan": "Kyrgyz Republic"}
#: SIPRI milex sheets -> (measure, scale to the extract's unit)
MILEX_SHEETS = {
    "Current US$": ("current_usd_m", 1.0, 1949),
    "Constant (2023) US$": ("constant_2023_usd_m", 1.0, 1949),
    "Share of GDP": ("share_gdp_pct", 100.0, 1949),
    "Share of Govt. spending": ("share_govt_spending_pct", 100.0, 1988),  # SIPRI's sheet starts in 1988
}
MILEX_MARKERS = {"...": "unavailable", ". .": "unavailable", "xxx": "not_independent"}
MILEX_FIRST, MILEX_LAST = 1949, 2024

#: the register's columns (the blank-named ones are the '?' flags of the column before)
REGISTER_HEADER = ["Recipient", "Supplier", "Year of order", " ", "Number ordered", " ", "Weapon designation",
                   "Weapon description", "Number delivered", " ", "Year(s) of delivery", "status", "Comments",
                   "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons"]
REGISTER_OUT = ["raw_line", "recipient", "recipient_iso3", "supplier", "order_year", "order_year_estimate", "number_ordered",
                "weapon", "description", "number_delivered", "number_delivered_estimate", "delivery_years",
                "status", "tiv_per_unit", "tiv_order", "tiv_delivered", "source_id"]
DELIVERY_YEARS = re.compile(r"\d{4}(; \d{4})*")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _read(raw_dir: Path, rel: str) -> bytes:
    return read_pinned(raw_dir / rel, RAW_SHA256[rel])


def _write(data_dir: Path, name: str, header: list[str], rows: list[list]) -> None:
    write_csv(data_dir / name, header, rows)


# ---------------------------------------------------------------------------------------------------------------
# military expenditure, 2025 release

def milex_rows(book, where: str = MILEX_RAW) -> list[list]:
    """The extract's rows from an open workbook (a test may pass a made-up one)."""
    out = []
    for sheet, (measure, scale, first) in MILEX_SHEETS.items():
        if sheet not in book.sheetnames:
            raise RawError(f"{where}: sheet {sheet!r} missing")
        rows = list(book[sheet].iter_rows(values_only=True))
        head = next((i for i, r in enumerate(rows) if r and r[0] == "Country"), None)
        if head is None:
            raise RawError(f"{where}, sheet {sheet!r}: no header row starting 'Country'")
        years = {int(c): j for j, c in enumerate(rows[head]) if isinstance(c, (int, float)) and 1900 < c < 2100}
        missing = [y for y in range(first, MILEX_LAST + 1) if y not in years]
        if missing:
            raise RawError(f"{where}, sheet {sheet!r}, row {head + 1}: no column for year(s) {missing[:3]}")
        for country, iso3 in COUNTRIES.items():
            hit = [i for i, r in enumerate(rows) if i > head and r and r[0] == country]
            if len(hit) != 1:
                raise RawError(f"{where}, sheet {sheet!r}: {len(hit)} rows for {country}")
            line = rows[hit[0]]
            for year in range(first, MILEX_LAST + 1):
                cell = line[years[year]] if years[year] < len(line) else None
                where_cell = f"{where}, sheet {sheet!r}, row {hit[0] + 1} ({country}), column {year}"
                if isinstance(cell, bool) or cell is None or (isinstance(cell, str) and cell.strip() == ""):
                    raise RawError(f"{where_cell}: empty cell (SIPRI writes '...' or 'xxx' for a gap)")
                if isinstance(cell, (int, float)):
                    if cell < 0:
                        raise RawError(f"{where_cell}: negative value {cell!r}")
                    out.append([country, iso3, year, measure, _fmt(cell * scale), "value", MILEX_SOURCE])
                elif str(cell).strip() in MILEX_MARKERS:
                    out.append([country, iso3, year, measure, "", MILEX_MARKERS[str(cell).strip()], MILEX_SOURCE])
                else:
                    raise RawError(f"{where_cell}: not a number nor a SIPRI marker: {cell!r}")
    order = list(COUNTRIES)
    measures = [m for m, _, _ in MILEX_SHEETS.values()]
    out.sort(key=lambda r: (order.index(r[0]), measures.index(r[3]), r[2]))
    return out


def extract_milex_2025(raw_dir: Path, data_dir: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_read(raw_dir, MILEX_RAW)), read_only=True, data_only=True)
    front = " ".join(str(c) for r in book["Current US$"].iter_rows(max_row=1, values_only=True) for c in r if c)
    if "1949-2024" not in front:
        raise RawError(f"{raw_dir / MILEX_RAW}, sheet 'Current US$', row 1: not the 1949-2024 release: {front!r}")
    _write(data_dir, "milex_sipri_2025.csv",
           ["country", "iso3", "year", "measure", "value", "status", "source_id"], milex_rows(book))


# ---------------------------------------------------------------------------------------------------------------
# the trade register, one row per deal (releases of May 2026 and March 2025)

def register_records(text: str, where: str, generated: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of every deal in a register export (11 lines of notes, then the header).

    A comment that SIPRI broke over two lines without quoting it (four rows of the March 2025 file) is joined
    back: a row of 13 fields followed by one of 4 whose first field continues the comment.
    """
    lines = text.splitlines()
    head = next((i for i, line in enumerate(lines[:30]) if line.startswith("Recipient,Supplier,")), None)
    if head is None:
        raise RawError(f"{where}: no header line starting 'Recipient,Supplier,' in the first 30 lines")
    if f"Data generated: {generated}" not in "\n".join(lines[:head]):
        raise RawError(f"{where}: not the release generated on {generated}")
    header = next(csv.reader([lines[head]]))
    for i, name in enumerate(REGISTER_HEADER):
        if i >= len(header) or header[i] != name:
            found = header[i] if i < len(header) else "nothing"
            raise RawError(f"{where}, line {head + 1}: column {i + 1} should be {name!r}, found {found!r}")
    parsed = list(csv.reader(lines[head + 1:]))
    out, i = [], 0
    while i < len(parsed):
        row, number = parsed[i], head + 2 + i
        if len(row) == 13 and i + 1 < len(parsed) and len(parsed[i + 1]) == 4:
            row = row[:12] + [row[12] + " " + parsed[i + 1][0]] + parsed[i + 1][1:]
            i += 1
        i += 1
        if not row or not any(row):
            continue
        if len(row) != len(REGISTER_HEADER):
            raise RawError(f"{where}, line {number}: {len(row)} fields, expected {len(REGISTER_HEADER)}")
        out.append((number, row))
    return out


def _num(cell: str, where: str, column: str, integer: bool = False, required: bool = False) -> str:
    cell = cell.strip()
    if cell == "":
        if required:
            raise RawError(f"{where}, column {column!r}: empty")
        return ""
    if not NUMBER.fullmatch(cell) or (integer and "." in cell):
        kind = "a whole number" if integer else "a number"
        raise RawError(f"{where}, column {column!r}: not {kind}: {cell!r}")
    return cell


def deal_rows(records, where: str, source_id: str) -> list[list]:
    """The deals to the book's countries, checked: numbers where numbers belong, delivery years as
    'YYYY; YYYY', and a delivered TIV above zero only with delivery years."""
    out = []
    for number, r in records:
        recipient = REGISTER_NAMES.get(r[0].strip(), r[0].strip())
        if recipient not in COUNTRIES:
            continue
        at = f"{where}, line {number}"
        years = r[10].strip()
        if years and not DELIVERY_YEARS.fullmatch(years):
            raise RawError(f"{at}, column 'Year(s) of delivery': not years as 'YYYY; YYYY': {years!r}")
        tiv = _num(r[15], at, "SIPRI TIV of delivered weapons", required=True)
        if not years and float(tiv) > 0:
            raise RawError(f"{at}, column 'Year(s) of delivery': empty, but {tiv} TIV delivered")
        if years and any(not 1950 <= int(y) <= 2025 for y in years.split("; ")):
            raise RawError(f"{at}, column 'Year(s) of delivery': a year outside 1950-2025: {years!r}")
        out.append([
            number, recipient, COUNTRIES[recipient], r[1].strip(),
            _num(r[2], at, "Year of order", integer=True, required=True), "true" if r[3].strip() == "?" else "false",
            _num(r[4], at, "Number ordered", integer=True), r[6].strip(), r[7].strip(),
            _num(r[8], at, "Number delivered", integer=True), "true" if r[9].strip() == "?" else "false",
            years, r[11].strip(), _num(r[13], at, "SIPRI TIV per unit"), _num(r[14], at, "SIPRI TIV for total order"),
            tiv, source_id])
    order = list(COUNTRIES)
    out.sort(key=lambda x: (order.index(x[1]), x[3], int(x[4]), x[7], x[11], x[15], x[0]))
    return out


def extract_registers(raw_dir: Path, data_dir: Path) -> None:
    for rel, generated, name, source_id in (
            (REG26_RAW, "18 May 2026", "arms_register_2026.csv", REG26_SOURCE),
            (REG25_03_RAW, "13 Mar 2025", "arms_register_2025_03.csv", REG25_03_SOURCE)):
        where = str(raw_dir / rel)
        records = register_records(_read(raw_dir, rel).decode("latin-1"), where, generated)
        _write(data_dir, name, REGISTER_OUT, deal_rows(records, where, source_id))


# ---------------------------------------------------------------------------------------------------------------
# the register of January 2025, one row per deal and year of delivery (for the check of the derivation)

JAN25_OUT = ["deal_id", "recipient", "recipient_iso3", "supplier", "weapon", "order_year", "year",
             "number_delivered", "tiv_delivered", "source_id"]


def extract_register_jan2025(raw_dir: Path, data_dir: Path) -> None:
    where = str(raw_dir / REG25_01_RAW)
    lines = _read(raw_dir, REG25_01_RAW).decode("utf-8-sig").splitlines()
    head = next((i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID,")), None)
    if head is None or "Data generated: 3 Jan 2025" not in "\n".join(lines[:head]):
        raise RawError(f"{where}: not the register generated on 3 January 2025")
    header = next(csv.reader([lines[head]]))
    for column in ("SIPRI AT Database ID", "Supplier", "Recipient", "Designation", "Order date", "Numbers delivered",
                   "Delivery year", "TIV delivery values"):
        if column not in header:
            raise RawError(f"{where}, line {head + 1}: column {column!r} missing")
    out = []
    for k, rec in enumerate(csv.DictReader(lines[head:]), start=head + 2):
        recipient = REGISTER_NAMES.get(rec["Recipient"].strip(), rec["Recipient"].strip())
        if recipient not in COUNTRIES:
            continue
        at = f"{where}, line {k}"
        tiv = _num(rec["TIV delivery values"], at, "TIV delivery values")
        if tiv == "":
            continue  # no delivery identified in that year
        out.append([_num(rec["SIPRI AT Database ID"], at, "SIPRI AT Database ID", integer=True, required=True),
                    recipient, COUNTRIES[recipient], rec["Supplier"].strip(),
                    rec["Designation"].strip(), _num(rec["Order date"], at, "Order date", integer=True),
                    _num(rec["Delivery year"], at, "Delivery year", integer=True, required=True),
                    _num(rec["Numbers delivered"], at, "Numbers delivered", integer=True), tiv, REG25_01_SOURCE])
    out.sort(key=lambda r: (list(COUNTRIES).index(r[1]), int(r[0]), int(r[6])))
    _write(data_dir, "arms_register_2025_deliveries.csv", JAN25_OUT, out)


def extract_all(raw_dir: Path, data_dir: Path) -> None:
    extract_milex_2025(raw_dir, data_dir)
    extract_registers(raw_dir, data_dir)
    extract_register_jan2025(raw_dir, data_dir)


# ---------------------------------------------------------------------------------------------------------------
# resource descriptors (appended to descriptor.RESOURCES)

_f, _FK = fields.f, fields.SOURCE_FK
_SID = fields.sid()
_SIPRI_LICENCE = "SIPRI data: cite SIPRI; calculations are the report's, not SIPRI's"
_ISO = _f("recipient_iso3", "string", "ISO 3166-1 alpha-3 code of the recipient", required=True,
          enum=sorted(COUNTRIES.values()))


def _register_resource(name: str, source_id: str, generated: str, last: int) -> dict:
    return {
        "name": name, "path": f"{name}.csv",
        "title": f"Arms deals with Kazakhstan, Russia and the neighbours as recipients (SIPRI trade register "
                 f"generated {generated}, deliveries to {last})",
        "description": "One row per deal of SIPRI's trade register whose recipient is Kazakhstan, Russia, China or "
                       "a neighbour the book compares: supplier, order year, weapon, numbers ordered and "
                       "delivered, the years of delivery as SIPRI writes them ('2023; 2024'), and trend-indicator "
                       "values (TIV, millions) per unit, for the order and delivered.",
        "licence_note": _SIPRI_LICENCE, "sources_ids": [source_id],
        "caveats": "One row per deal, not per year: the register does not say how a deal's deliveries divide "
                   "among its years; the package spreads them in equal shares (kzdep.security.register_yearly) "
                   "and checks that rule against the per-year register of January 2025. A delivered TIV of 0 is "
                   "between 0 and 0.5 million. The '?' flags of SIPRI are kept as *_estimate columns. SIPRI "
                   "revises TIVs between releases, so releases are never summed together.",
        "schema": {"fields": [
            _f("raw_line", "integer", "Line of the deal in SIPRI's export (the first, for a row SIPRI broke in two)",
               required=True, minimum=12),
            _f("recipient", "string", "Recipient (SIPRI's milex name for Kyrgyzstan)", required=True,
               enum=list(COUNTRIES)),
            _ISO,
            _f("supplier", "string", "Supplier as SIPRI names it", required=True),
            _f("order_year", "integer", "Year of order", required=True, minimum=1945, maximum=last),
            _f("order_year_estimate", "boolean", "SIPRI marks the order year uncertain ('?')", required=True),
            _f("number_ordered", "integer", "Number ordered (empty: not yet known)", minimum=0),
            _f("weapon", "string", "Weapon designation", required=True),
            _f("description", "string", "Weapon description"),
            _f("number_delivered", "integer", "Number delivered", minimum=0),
            _f("number_delivered_estimate", "boolean", "SIPRI marks the number delivered uncertain ('?')",
               required=True),
            _f("delivery_years", "string", "Year(s) of delivery as SIPRI writes them (empty: none yet)",
               pattern=r"\d{4}(; \d{4})*"),
            _f("status", "string", "New or second hand", required=True),
            _f("tiv_per_unit", "number", "TIV per unit", "TIV million", minimum=0),
            _f("tiv_order", "number", "TIV of the whole order", "TIV million", minimum=0),
            _f("tiv_delivered", "number", "TIV of the weapons delivered", "TIV million", required=True, minimum=0),
            _SID], "primaryKey": ["raw_line"], "foreignKeys": _FK},
    }


RESOURCES = [
    {
        "name": "milex_sipri_2025", "path": "milex_sipri_2025.csv",
        "title": "Military expenditure of Kazakhstan, Russia, China and the neighbours, 1949-2024 "
                 "(SIPRI Military Expenditure Database, 2025 release)",
        "description": "SIPRI's own workbook of April 2025: military expenditure in current US dollars and in "
                       "constant 2023 US dollars (millions), as a share of GDP and as a share of general "
                       "government spending (percent), one row per country, year and measure, with ISO3 codes.",
        "licence_note": _SIPRI_LICENCE, "sources_ids": [MILEX_SOURCE],
        "caveats": "The edition of record for spending; the 2024 release (milex_sipri_2024) and the OWID copy of "
                   "the share of GDP (milex_share_gdp) are earlier vintages, never joined to it. A year SIPRI "
                   "marks '...' (data unavailable) or 'xxx' (country not independent) has an empty value and the "
                   "status 'unavailable' or 'not_independent'. SIPRI's colours for estimates and highly "
                   "uncertain figures are not carried over. Kazakhstan's 1993 cell in current dollars is 0 in "
                   "SIPRI's file (its constant-dollar and GDP-share cells are not) and is kept as published. Shares of government spending start in 1988 and use "
                   "the IMF's general government expenditure; Belarus's are 23 % to 51 % in every year SIPRI gives (2001-2024), "
                   "implausibly high: kept as published, not used by the book.",
        "schema": {"fields": [
            _f("country", "string", "Country as SIPRI names it", required=True, enum=list(COUNTRIES)),
            _f("iso3", "string", "ISO 3166-1 alpha-3 code", required=True, enum=sorted(COUNTRIES.values())),
            _f("year", "integer", "Year", required=True, minimum=MILEX_FIRST, maximum=MILEX_LAST),
            _f("measure", "string", "What the value is", required=True, enum=[m for m, _, _ in MILEX_SHEETS.values()]),
            _f("value", "number", "Value (US$ million, or percent for the shares); empty when SIPRI has none",
               minimum=0),
            _f("status", "string", "value, or SIPRI's marker: unavailable ('...') or not_independent ('xxx')",
               required=True, enum=["value", "unavailable", "not_independent"]),
            _SID], "primaryKey": ["country", "year", "measure"], "foreignKeys": _FK},
    },
    _register_resource("arms_register_2026", REG26_SOURCE, "18 May 2026", 2025),
    _register_resource("arms_register_2025_03", REG25_03_SOURCE, "13 March 2025", 2024),
    {
        "name": "arms_register_2025_deliveries", "path": "arms_register_2025_deliveries.csv",
        "title": "Arms deliveries to Kazakhstan, Russia and the neighbours by deal and year, 2000-2023 "
                 "(SIPRI trade register generated 3 January 2025)",
        "description": "SIPRI's register of January 2025 writes one row per deal and year of delivery: this is "
                       "that register for the book's recipients, kept to check how the later registers (one "
                       "row per deal) are spread over years.",
        "licence_note": _SIPRI_LICENCE, "sources_ids": [REG25_01_SOURCE],
        "caveats": "Deliveries 2000-2023 only (the export covers deals with deliveries or orders from 2000). A "
                   "release older than arms_register_2026: its TIVs differ where SIPRI revised them. Rows "
                   "without a delivery that year are left out.",
        "schema": {"fields": [
            _f("deal_id", "integer", "SIPRI AT Database ID of the deal", required=True),
            _f("recipient", "string", "Recipient", required=True, enum=list(COUNTRIES)),
            _ISO,
            _f("supplier", "string", "Supplier as SIPRI names it", required=True),
            _f("weapon", "string", "Designation", required=True),
            _f("order_year", "integer", "Year of order", minimum=1945, maximum=2024),
            _f("year", "integer", "Year of delivery", required=True, minimum=2000, maximum=2023),
            _f("number_delivered", "integer", "Number delivered that year", minimum=0),
            _f("tiv_delivered", "number", "TIV delivered that year", "TIV million", required=True, minimum=0),
            _SID], "primaryKey": ["deal_id", "year"], "foreignKeys": _FK},
    },
]
