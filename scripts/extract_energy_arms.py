"""Extracts of the newer editions: Energy Institute Statistical Review 2024 (oil and gas to 2023), SIPRI's arms
transfers register of January 2025 (deliveries to 2023) and SIPRI's military expenditure database, 2024 release.

Hooked into ``scripts/make_data.py`` (``EXTRACTS``) and ``scripts/descriptor.py`` (``RESOURCES``). Each raw file's
sha256 is pinned here; a file that differs stops the extraction. Each extract keeps its edition's own values: the
report never splices editions silently (the BP 2021 extract, ``oil_bp.csv``, stays beside the EI one).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import fields
from rawio import RawError, read_pinned, write_csv  # noqa: F401  (RawError: this module's, as before)
from rawio import fmt as _fmt

RAW_SHA256 = {
    "sipri-arms-register-2025/trade_2023.csv": "51dfdcb6293bc975f2a95a5f00573b9d138d13a61963c93b3cdf8553754cb401",
    "sipri-milex-2024/SIPRI-Milex-data-1949-2023.xlsx":
        "0cbbe3173f722f99e1e4843530cfd1773f0cb1659ea3f5e94a5dc5e5614ecbc8",
}

EI_SOURCE, ARMS_SOURCE, MILEX_SOURCE = "ei-sr-2024", "sipri-at-2025", "sipri-milex-2024"
#: SIPRI milex sheets -> measure
MILEX_SHEETS = {
    "Current US$": ("current_usd_m", 1.0),
    "Constant (2022) US$": ("constant_2022_usd_m", 1.0),
    "Share of GDP": ("share_gdp_pct", 100.0),
    "Share of Govt. spending": ("share_govt_spending_pct", 100.0),
}
MILEX_COUNTRIES = ["Kazakhstan", "Russia", "China", "Uzbekistan", "Kyrgyz Republic", "Azerbaijan"]





def _read(raw_dir: Path, rel: str) -> bytes:
    return read_pinned(raw_dir / rel, RAW_SHA256[rel])


def _write(data_dir: Path, name: str, header: list[str], rows: list[list]) -> None:
    write_csv(data_dir / name, header, rows)


def _year_header(rows: list[tuple]) -> tuple[int, dict[int, int]]:
    """Index of the header row and {year: column} (the first run of year columns; later 2023 columns are growth
    rates and shares)."""
    for i, row in enumerate(rows):
        cols = {}
        for j, cell in enumerate(row):
            if isinstance(cell, (int, float)) and 1940 <= cell <= 2030 and float(cell).is_integer():
                if int(cell) in cols:
                    break
                cols[int(cell)] = j
        if len(cols) > 20:
            return i, cols
    raise RawError("no header row of years found")


def extract_arms_register(raw_dir: Path, data_dir: Path) -> None:
    """Deliveries to Kazakhstan by supplier and year (TIV millions), summed over the deals of SIPRI's register."""
    text = _read(raw_dir, "sipri-arms-register-2025/trade_2023.csv").decode("utf-8-sig")
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID,"))
    if "Data generated: 3 Jan 2025" not in "\n".join(lines[:head]):
        raise RawError("SIPRI register: not the release generated on 3 January 2025")
    sums: dict[tuple[str, int], float] = {}
    deals: dict[tuple[str, int], int] = {}
    for rec in csv.DictReader(lines[head:]):
        if rec["Recipient"].strip() != "Kazakhstan":
            continue
        cell = rec["TIV delivery values"].strip()
        if cell == "":
            continue  # no delivery identified in that year
        key = (rec["Supplier"].strip(), int(rec["Delivery year"]))
        sums[key] = sums.get(key, 0.0) + float(cell)
        deals[key] = deals.get(key, 0) + 1
    rows = [[s, y, _fmt(v), deals[(s, y)], ARMS_SOURCE] for (s, y), v in sorted(sums.items())]
    _write(data_dir, "arms_register_2025.csv", ["supplier", "year", "tiv_m", "deliveries", "source_id"], rows)


def extract_milex_2024(raw_dir: Path, data_dir: Path) -> None:
    """Military expenditure in current and constant (2022) US dollars, share of GDP and of government spending."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_read(raw_dir, "sipri-milex-2024/SIPRI-Milex-data-1949-2023.xlsx")),
                                  read_only=True, data_only=True)
    out = []
    for sheet, (measure, scale) in MILEX_SHEETS.items():
        rows = list(book[sheet].iter_rows(values_only=True))
        head, years = _year_header(rows)
        for country in MILEX_COUNTRIES:
            hit = [r for r in rows[head:] if r[0] == country]
            if len(hit) != 1:
                raise RawError(f"SIPRI milex {sheet!r}: {len(hit)} rows for {country}")
            for year, col in years.items():
                cell = hit[0][col]
                if isinstance(cell, (int, float)):
                    out.append([country, year, measure, _fmt(cell * scale), MILEX_SOURCE])
                elif cell not in (None, "", ". .", "xxx", "...", ". . "):
                    raise RawError(f"SIPRI milex {sheet!r} {country} {year}: cell {cell!r}")
    out.sort(key=lambda r: (MILEX_COUNTRIES.index(r[0]), r[2], r[1]))
    _write(data_dir, "milex_sipri_2024.csv", ["country", "year", "measure", "value", "source_id"], out)


def extract_all(raw_dir: Path, data_dir: Path) -> None:
    extract_arms_register(raw_dir, data_dir)
    extract_milex_2024(raw_dir, data_dir)


# ---------------------------------------------------------------------------------------------------------------
# resource descriptors (appended to descriptor.RESOURCES)

_f, _FK = fields.f, fields.SOURCE_FK
_SID = fields.sid()
_SIPRI_LICENCE = "SIPRI data: cite SIPRI; calculations are the report's, not SIPRI's"

RESOURCES = [
    {
        "name": "arms_register_2025", "path": "arms_register_2025.csv",
        "title": "Kazakhstan's arms imports by supplier, 2000-2023 (SIPRI register generated 3 January 2025)",
        "description": "Trend-indicator values of deliveries to Kazakhstan, summed by supplier and year over the "
                       "deals of SIPRI's trade register (deliveries in 2000-2023), with the number of deal rows.",
        "licence_note": _SIPRI_LICENCE, "sources_ids": [ARMS_SOURCE],
        "caveats": "A later release than arms_imports_tiv (July 2022): SIPRI revises past values, so the two are "
                   "kept as separate vintages. The register starts in 2000. A deal delivering under 0.5 TIV is "
                   "written 0.",
        "schema": {"fields": [
            _f("supplier", "string", "Supplying country", required=True),
            _f("year", "integer", "Year of delivery", required=True, minimum=2000, maximum=2023),
            _f("tiv_m", "number", "Trend-indicator value of deliveries", "TIV million", required=True, minimum=0),
            _f("deliveries", "integer", "Deal rows with a delivery that year", required=True, minimum=1),
            _SID], "primaryKey": ["supplier", "year"], "foreignKeys": _FK},
    },
    {
        "name": "milex_sipri_2024", "path": "milex_sipri_2024.csv",
        "title": "Military expenditure in money and shares (SIPRI, 2024 release), Kazakhstan and neighbours",
        "description": "SIPRI Military Expenditure Database 2024 (1949-2023): current and constant 2022 US dollars (millions), "
                       "share of GDP and share of general government spending (percent).",
        "licence_note": _SIPRI_LICENCE, "sources_ids": [MILEX_SOURCE],
        "caveats": "A different release from milex_share_gdp (2025, via OWID): SIPRI revises past years. Years "
                   "SIPRI marks unavailable are absent. Shares of government spending use the IMF's general "
                   "government expenditure.",
        "schema": {"fields": [
            _f("country", "string", "Country as SIPRI names it", required=True, enum=MILEX_COUNTRIES),
            _f("year", "integer", "Year", required=True, minimum=1949, maximum=2023),
            _f("measure", "string", "What the value is", required=True, enum=[m for m, _ in MILEX_SHEETS.values()]),
            _f("value", "number", "Value (US$ million, or percent for the shares)", required=True, minimum=0),
            _SID], "primaryKey": ["country", "year", "measure"], "foreignKeys": _FK},
    },
]
