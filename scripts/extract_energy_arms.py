"""Extracts of the newer editions: Energy Institute Statistical Review 2024 (oil and gas to 2023), SIPRI's arms
transfers register of January 2025 (deliveries to 2023) and SIPRI's military expenditure database, 2024 release.

Hooked into ``scripts/make_data.py`` (``EXTRACTS``) and ``scripts/descriptor.py`` (``RESOURCES``). Each raw file's
sha256 is pinned here; a file that differs stops the extraction. Each extract keeps its edition's own values: the
report never splices editions silently (the BP 2021 extract, ``oil_bp.csv``, stays beside the EI one).
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import fields

RAW_SHA256 = {
    "energy-institute-2024/EI-Stats-Review-All-Data.xlsx":
        "1f5c27446a6995448a84e943a22c7d9dd5812d3775b85cd0836df1e3b8dae729",
    "sipri-arms-register-2025/trade_2023.csv": "51dfdcb6293bc975f2a95a5f00573b9d138d13a61963c93b3cdf8553754cb401",
    "sipri-milex-2024/SIPRI-Milex-data-1949-2023.xlsx":
        "0cbbe3173f722f99e1e4843530cfd1773f0cb1659ea3f5e94a5dc5e5614ecbc8",
}

EI_SOURCE, ARMS_SOURCE, MILEX_SOURCE = "ei-sr-2024", "sipri-at-2025", "sipri-milex-2024"
#: EI sheets -> column of the extract; Kazakhstan's row, values by year
EI_SERIES = {
    "Oil Production - tonnes": ("oil_ei.csv", "production_mt"),
    "Oil Consumption - Tonnes": ("oil_ei.csv", "consumption_mt"),
    "Gas Production - Bcm": ("gas_ei.csv", "production_bcm"),
    "Gas Consumption - Bcm": ("gas_ei.csv", "consumption_bcm"),
}
#: SIPRI milex sheets -> measure
MILEX_SHEETS = {
    "Current US$": ("current_usd_m", 1.0),
    "Constant (2022) US$": ("constant_2022_usd_m", 1.0),
    "Share of GDP": ("share_gdp_pct", 100.0),
    "Share of Govt. spending": ("share_govt_spending_pct", 100.0),
}
#: region subtotals of the EI trade matrix (rows), left out of the pipeline trade extract
EI_REGIONS = {"North America", "S. & Cent. America", "South & Central America", "Europe", "CIS", "Middle East",
              "Africa", "Asia Pacific"}
MILEX_COUNTRIES = ["Kazakhstan", "Russia", "China", "Uzbekistan", "Kyrgyz Republic", "Azerbaijan"]


class RawError(RuntimeError):
    pass


def _read(raw_dir: Path, rel: str) -> bytes:
    path = raw_dir / rel
    if not path.exists():
        raise RawError(f"{path}: raw file missing")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != RAW_SHA256[rel]:
        raise RawError(f"{path}: sha256 {digest} differs from the pinned {RAW_SHA256[rel]}")
    return raw


def _fmt(value: float) -> str:
    text = f"{round(float(value), 9):.9f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _write(data_dir: Path, name: str, header: list[str], rows: list[list]) -> None:
    with (data_dir / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    print(f"wrote data/{name}: {len(rows)} rows")


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


def extract_ei(raw_dir: Path, data_dir: Path) -> None:
    """Kazakhstan's oil (Mt) and gas (bcm) production and consumption, and its gas pipeline trade (2023)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_read(raw_dir, "energy-institute-2024/EI-Stats-Review-All-Data.xlsx")),
                                  read_only=True, data_only=True)
    tables: dict[str, dict[int, dict[str, str]]] = {}
    for sheet, (name, column) in EI_SERIES.items():
        rows = list(book[sheet].iter_rows(values_only=True))
        head, years = _year_header(rows)
        kz = [r for r in rows[head:] if r[0] == "Kazakhstan"]
        if len(kz) != 1:
            raise RawError(f"EI {sheet!r}: {len(kz)} rows for Kazakhstan")
        values = {y: kz[0][c] for y, c in years.items()}
        # EI writes 0 for the years before Kazakhstan is shown separately (Soviet years): those are gaps, not zeros
        first = min((y for y, v in values.items() if isinstance(v, (int, float)) and v > 0), default=None)
        if first is None:
            raise RawError(f"EI {sheet!r}: no value for Kazakhstan")
        for year, value in values.items():
            if year < first:
                continue
            if not isinstance(value, (int, float)):
                raise RawError(f"EI {sheet!r} Kazakhstan {year}: cell {value!r}")
            tables.setdefault(name, {}).setdefault(year, {})[column] = _fmt(value)
    for name, by_year in tables.items():
        columns = [c for n, c in EI_SERIES.values() if n == name]
        rows = [[y] + [by_year[y].get(c, "") for c in columns] + [EI_SOURCE] for y in sorted(by_year)]
        _write(data_dir, name, ["year", *columns, "source_id"], rows)

    # pipeline trade, 2023: rows are importers, columns exporters ('To' / from)
    rows = list(book["Gas trade - pipeline"].iter_rows(values_only=True))
    title = str(rows[0][0])
    if "2023 by pipeline" not in title:
        raise RawError(f"EI gas pipeline trade: unexpected title {title!r}")
    head = next(i for i, r in enumerate(rows) if r[0] == "To")
    exporters = rows[head]
    out = []
    for row in rows[head + 1:]:
        importer = row[0]
        if not importer or str(importer).strip() in EI_REGIONS or str(importer).startswith(("Total", "Source", "Note")):
            continue
        for j, exporter in enumerate(exporters):
            if j == 0 or not exporter or exporter == "Total imports":
                continue
            value = row[j]
            if "Kazakhstan" in (importer, exporter) and isinstance(value, (int, float)) and value > 0:
                out.append([2023, exporter, str(importer).strip(), _fmt(value), EI_SOURCE])
    out.sort(key=lambda r: (r[1], r[2]))
    _write(data_dir, "gas_pipeline_trade_ei.csv", ["year", "exporter", "importer", "volume_bcm", "source_id"], out)


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
    extract_ei(raw_dir, data_dir)
    extract_arms_register(raw_dir, data_dir)
    extract_milex_2024(raw_dir, data_dir)


# ---------------------------------------------------------------------------------------------------------------
# resource descriptors (appended to descriptor.RESOURCES)

_f, _FK = fields.f, fields.SOURCE_FK
_SID = fields.sid()
_EI_LICENCE = "Energy Institute Statistical Review of World Energy: free use with attribution"
_SIPRI_LICENCE = "SIPRI data: cite SIPRI; calculations are the report's, not SIPRI's"

RESOURCES = [
    {
        "name": "oil_ei", "path": "oil_ei.csv",
        "title": "Kazakhstan's oil production and consumption, 1985-2023 (Energy Institute Statistical Review 2024)",
        "description": "Oil production (crude, condensate and NGLs) and consumption in million tonnes, the "
                       "Kazakhstan rows of the Energy Institute's 2024 all-data workbook.",
        "licence_note": _EI_LICENCE, "sources_ids": [EI_SOURCE],
        "caveats": "One edition: the Institute revised history against BP 2021 (consumption markedly), so this "
                   "series is not joined to oil_bp. Years before Kazakhstan is shown separately (EI writes 0) are "
                   "left out.",
        "schema": {"fields": [
            _f("year", "integer", "Year", required=True, minimum=1965, maximum=2023),
            _f("production_mt", "number", "Oil production", "million tonnes", minimum=0),
            _f("consumption_mt", "number", "Oil consumption", "million tonnes", minimum=0),
            _SID], "primaryKey": ["year"], "foreignKeys": _FK},
    },
    {
        "name": "gas_ei", "path": "gas_ei.csv",
        "title": "Kazakhstan's natural gas production and consumption (Energy Institute Statistical Review 2024)",
        "description": "Natural gas production and consumption, billion cubic metres, from the Energy Institute's "
                       "2024 all-data workbook.",
        "licence_note": _EI_LICENCE, "sources_ids": [EI_SOURCE],
        "caveats": "Standard cubic metres at the Institute's conversion (40 MJ/m3 GCV); production excludes gas "
                   "flared or reinjected, so it is well below the gross output Kazakh officials quote.",
        "schema": {"fields": [
            _f("year", "integer", "Year", required=True, minimum=1965, maximum=2023),
            _f("production_bcm", "number", "Gas production", "billion cubic metres", minimum=0),
            _f("consumption_bcm", "number", "Gas consumption", "billion cubic metres", minimum=0),
            _SID], "primaryKey": ["year"], "foreignKeys": _FK},
    },
    {
        "name": "gas_pipeline_trade_ei", "path": "gas_pipeline_trade_ei.csv",
        "title": "Kazakhstan's gas trade by pipeline, 2023 (Energy Institute)",
        "description": "Every pipeline flow of natural gas into or out of Kazakhstan in 2023 in the Energy "
                       "Institute's trade matrix, billion cubic metres.",
        "licence_note": _EI_LICENCE, "sources_ids": [EI_SOURCE],
        "caveats": "One year only (the workbook's matrix is for 2023). Transit is not trade: Turkmen and Russian "
                   "gas crossing Kazakhstan to China or Uzbekistan appears as the exporter's sale to the final "
                   "buyer, not as a flow through Kazakhstan.",
        "schema": {"fields": [
            _f("year", "integer", "Year", required=True, minimum=2023, maximum=2023),
            _f("exporter", "string", "Exporting country", required=True),
            _f("importer", "string", "Importing country", required=True),
            _f("volume_bcm", "number", "Volume", "billion cubic metres", required=True, minimum=0),
            _SID], "primaryKey": ["year", "exporter", "importer"], "foreignKeys": _FK},
    },
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
