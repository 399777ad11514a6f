"""Energy extracts: the Energy Institute's Statistical Review, 2026 edition (the edition of record, data 1965-2025)
and 2024 edition (the earlier vintage, data to 2023), and the midstream volumes of KazMunayGas's 2024 annual
report (excerpt).

Hooked into ``scripts/make_data.py`` (``EXTRACTS``) and ``scripts/descriptor.py`` (``RESOURCES``). Every raw file's
sha256 is pinned here: a file that differs stops the extraction. Bad input stops it with the file, the sheet, the
row and the column named. All outputs are built in memory first and each is written to a temporary file that is
then renamed, so a failure leaves nothing half-written in ``data/``.

Each edition keeps its own values: the two EI editions sit in one file, one row per (year, edition), told apart by
``source_id``; the report draws and quotes each series from one edition only (``kzdep.pipelines.one_edition``).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import fields
from rawio import RawError, read_pinned, write_csv  # noqa: F401  (RawError: this module's, as before)
from rawio import col_letter as _col, fmt as _fmt

EI_2026 = "energy-institute-2026/EI-Stats-Review-ALL-data.xlsx"
EI_2024 = "energy-institute-2024/EI-Stats-Review-All-Data.xlsx"
KMG = "kmg-annual-report-2024/ar2024.kmg.kz-en-strategic-report-operating-review-midstream.excerpt.txt"
RAW_SHA256 = {
    EI_2026: "ec12a2bb8b56a44080d71d3847b25135fbe1991600c7d1437e12dbdea11b111a",
    EI_2024: "1f5c27446a6995448a84e943a22c7d9dd5812d3775b85cd0836df1e3b8dae729",
    KMG: "04323ecb7b36b14409e6ad0385cd950e10bf96d72d2877876a6e9336ae329f4c",
}
#: each edition: raw file, source_id, the year of its pipeline trade matrix, its last data year
EDITIONS = {
    "ei-sr-2026": (EI_2026, 2025),
    "ei-sr-2024": (EI_2024, 2023),
}
KMG_SOURCE = "kmg-ar2024-midstream"

#: EI sheets (the same names in both editions) -> (measure, Kazakhstan extract, its column)
EI_SERIES = {
    "Oil Production - tonnes": ("oil_production_mt", "oil_ei.csv", "production_mt"),
    "Oil Consumption - Tonnes": ("oil_consumption_mt", "oil_ei.csv", "consumption_mt"),
    "Gas Production - Bcm": ("gas_production_bcm", "gas_ei.csv", "production_bcm"),
    "Gas Consumption - Bcm": ("gas_consumption_bcm", "gas_ei.csv", "consumption_bcm"),
}
#: the pipeline trade sheet of each edition and the title it must carry
PIPELINE_SHEETS = {"ei-sr-2026": ("Gas trade 2025 - pipeline", "Trade movements 2025 by pipeline"),
                   "ei-sr-2024": ("Gas trade - pipeline", "Trade movements 2023 by pipeline")}
#: the importer rows of the pipeline matrix that are regional subtotals (they sum to the 'Total exports' row)
TRADE_REGIONS = ["North America", "S. & Cent. America", "Europe", "CIS", "Middle East", "Africa", "Asia Pacific"]
#: importer rows that group countries inside a region (a split of the region, not an addition to it)
TRADE_AGGREGATES = {"EU", "Non-EU Europe", "Rest of Europe"}
#: the matrix's totals must add up within this many bcm (the publisher's own rounding is far smaller)
TRADE_TOLERANCE_BCM = 0.001
#: KazMunayGas: a company's components must add up to its total within this many thousand tonnes
KMG_TOLERANCE_KT = 2


def _read(raw_dir: Path, rel: str) -> bytes:
    return read_pinned(raw_dir / rel, RAW_SHA256[rel])


def _where(rel: str, sheet: str, i: int, j: int | None = None) -> str:
    """'energy-institute-2026/….xlsx, sheet 'Oil Production - tonnes', row 31, column BL' (row and column as in
    the spreadsheet)."""
    cell = f", column {_col(j)}" if j is not None else ""
    return f"{rel}, sheet {sheet!r}, row {i + 1}{cell}"


def _year_header(rows: list[tuple], rel: str, sheet: str) -> tuple[int, dict[int, int]]:
    """Index of the header row and {year: column}: the first run of year columns (a later repeat of the last year
    heads the growth rates and shares)."""
    for i, row in enumerate(rows[:10]):
        cols: dict[int, int] = {}
        for j, cell in enumerate(row):
            if isinstance(cell, (int, float)) and not isinstance(cell, bool) and 1940 <= cell <= 2030 \
                    and float(cell).is_integer():
                if int(cell) in cols:
                    break
                cols[int(cell)] = j
        if len(cols) > 20:
            years = sorted(cols)
            if years != list(range(years[0], years[-1] + 1)):
                raise RawError(f"{_where(rel, sheet, i)}: the year columns are not consecutive")
            return i, cols
    raise RawError(f"{rel}, sheet {sheet!r}: no header row of years in the first ten rows")


def row_kind(name: str) -> str:
    """What a row of an EI country sheet is: 'world', 'region' (Total Europe …), 'aggregate' (OECD, EU, USSR …),
    'group' (Other CIS, Central America …) or 'country'."""
    if name == "Total World":
        return "world"
    if name.startswith("Total "):
        return "region"
    if name in ("of which: OECD", "Non-OECD", "OPEC", "Non-OPEC", "European Union", "USSR"):
        return "aggregate"
    if name.startswith("Other ") or name in ("Central America", "Eastern Africa", "Middle Africa", "Western Africa"):
        return "group"
    return "country"


def _clean_name(cell) -> str:
    return str(cell).strip().rstrip("#").strip()


def country_rows(rows: list[tuple], rel: str, sheet: str) -> list[tuple[str, str, int, float]]:
    """(name, kind, year, value) for every row of an EI country sheet, from the first country to 'European Union'.

    The years of a row before its first non-zero value are left out: the Institute writes 0 for the years before it
    shows a country separately (the Soviet years of Kazakhstan). A year cell that is not a number stops the
    extraction (file, sheet, row and column named)."""
    head, years = _year_header(rows, rel, sheet)
    out = []
    seen = set()
    for i in range(head + 1, len(rows)):
        row = rows[i]
        if not row or row[0] is None or str(row[0]).strip() == "":
            continue
        name = _clean_name(row[0])
        if name.startswith(("Source", "*", "^", "♦", "n/a", "USSR includes", "Notes", "Excludes", "#")) \
                or len(name) > 60:
            break  # the footnotes
        if name in seen:
            raise RawError(f"{_where(rel, sheet, i, 0)}: {name!r} appears twice")
        seen.add(name)
        values = {}
        for year, j in years.items():
            cell = row[j] if j < len(row) else None
            if not isinstance(cell, (int, float)) or isinstance(cell, bool):
                raise RawError(f"{_where(rel, sheet, i, j)} ({name}, {year}): cell {cell!r} is not a number")
            if cell < 0:
                raise RawError(f"{_where(rel, sheet, i, j)} ({name}, {year}): negative value {cell!r}")
            values[year] = float(cell)
        first = min((y for y, v in values.items() if v > 0), default=None)
        if first is None:
            continue  # a row of zeros only (a group that is empty in this edition)
        kind = row_kind(name)
        out += [(name, kind, y, v) for y, v in sorted(values.items()) if y >= first]
    if not any(r[0] == "Kazakhstan" for r in out):
        raise RawError(f"{rel}, sheet {sheet!r}: no row for Kazakhstan")
    return out


def pipeline_matrix(rows: list[tuple], rel: str, sheet: str, title: str, year: int) -> list[list]:
    """Every cell of the EI pipeline trade matrix (importers down the rows, exporters across), tidy:
    [year, exporter, exporter_kind, importer, importer_kind, volume_bcm].

    Checks the publisher's totals: for each exporter the regional rows add up to the 'Total exports' row, and for
    each importer the exporter columns add up to 'Total imports' (within :data:`TRADE_TOLERANCE_BCM`)."""
    if title not in str(rows[0][0]):
        raise RawError(f"{_where(rel, sheet, 0, 0)}: title {rows[0][0]!r} does not name {title!r}")
    head = next((i for i, r in enumerate(rows[:10]) if r and r[0] == "To"), None)
    if head is None:
        raise RawError(f"{rel}, sheet {sheet!r}: no header row starting 'To' in the first ten rows")
    header = rows[head]
    exporters = {}
    total_col = None
    for j, cell in enumerate(header[1:], start=1):
        if cell is None:
            continue
        name = _clean_name(cell)
        if name == "Total imports":
            total_col = j
        else:
            exporters[j] = name
    if total_col is None:
        raise RawError(f"{_where(rel, sheet, head)}: no 'Total imports' column")
    out = []
    region_sum = {j: 0.0 for j in exporters}
    total_row = None
    for i in range(head + 1, len(rows)):
        row = rows[i]
        if not row or row[0] is None:
            continue
        importer = _clean_name(row[0])
        if importer.startswith(("Source", "*", "^", "Note")) or len(importer) > 60:
            break
        cells = {}
        for j in [*exporters, total_col]:
            cell = row[j] if j < len(row) else None
            if not isinstance(cell, (int, float)) or isinstance(cell, bool) or cell < 0:
                raise RawError(f"{_where(rel, sheet, i, j)} ({exporters.get(j, 'Total imports')} to {importer}): "
                               f"cell {cell!r} is not a volume")
            cells[j] = float(cell)
        if importer == "Total exports":
            total_row = (i, cells)
            kind = "total"
        elif importer in TRADE_REGIONS:
            kind = "region"
            for j in exporters:
                region_sum[j] += cells[j]
        elif importer in TRADE_AGGREGATES:
            kind = "aggregate"
        elif importer.startswith(("Other ", "Rest of ")):
            kind = "group"
        else:
            kind = "country"
        summed = sum(cells[j] for j in exporters)
        if abs(summed - cells[total_col]) > TRADE_TOLERANCE_BCM:
            raise RawError(f"{_where(rel, sheet, i, total_col)} ({importer}): the exporters add up to {summed:.4f} "
                           f"bcm, the sheet's total imports are {cells[total_col]:.4f}")
        imp = "World" if kind == "total" else importer
        for j, exporter in exporters.items():
            ekind = "group" if exporter.startswith("Other ") else "country"
            out.append([year, exporter, ekind, imp, kind, _fmt(cells[j])])
        out.append([year, "World", "total", imp, kind, _fmt(cells[total_col])])
    if total_row is None:
        raise RawError(f"{rel}, sheet {sheet!r}: no 'Total exports' row")
    missing = [r for r in TRADE_REGIONS if not any(o[3] == r for o in out)]
    if missing:
        raise RawError(f"{rel}, sheet {sheet!r}: regional rows missing: {missing}")
    i, totals = total_row
    for j, exporter in exporters.items():
        if abs(region_sum[j] - totals[j]) > TRADE_TOLERANCE_BCM:
            raise RawError(f"{_where(rel, sheet, i, j)} ({exporter}): the regional rows add up to "
                           f"{region_sum[j]:.4f} bcm, the sheet's total exports are {totals[j]:.4f}")
    return out


_KMG_TOTAL = re.compile(r"^(?P<company>[A-Za-z][A-Za-z–\- ]+?) \((?P<share>\d+)%\) (?P<v>[\d,]+ [\d,]+ [\d,]+)$")
_KMG_FLOWS = {"export": "export", "transit": "transit", "domestic market": "domestic"}


def kmg_midstream(text: str, rel: str = KMG) -> list[list]:
    """The table 'Volume of oil transportation, thous. tonnes' of the excerpt: [company, year, flow, volume_kt].

    A company line carries its total for the three years; a bullet ('• export', '• transit', '• domestic market')
    is followed by a line of three values. The excerpt is cut off inside its last bullet: an incomplete line is
    accepted only as the file's last line, and that bullet is left out. Components must add up to their company's
    total within :data:`KMG_TOLERANCE_KT`."""
    lines = text.splitlines()
    try:
        start = next(i for i, ln in enumerate(lines) if ln.strip() == "Volume of oil transportation, thous. tonnes")
    except StopIteration:
        raise RawError(f"{rel}: no line 'Volume of oil transportation, thous. tonnes'") from None
    head = lines[start + 1].split()
    if head[:1] != ["Company"] or len(head) != 4:
        raise RawError(f"{rel}, line {start + 2}: expected 'Company' and three years, found {lines[start + 1]!r}")
    years = [int(y) for y in head[1:]]
    out: list[list] = []
    totals: dict[str, list[int]] = {}
    parts: dict[str, list[list[int]]] = {}
    company = None
    i = start + 2
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        m = _KMG_TOTAL.match(line)
        if m:
            company = m.group("company").strip()
            vals = [int(v.replace(",", "")) for v in m.group("v").split()]
            totals[company] = vals
            parts[company] = []
            out += [[company, y, "total", v] for y, v in zip(years, vals)]
            continue
        bullet = line.lstrip("•").strip()
        if line.startswith("•") and bullet in _KMG_FLOWS:
            if company is None:
                raise RawError(f"{rel}, line {i}: a bullet {bullet!r} before any company line")
            nums = lines[i].strip() if i < len(lines) else ""
            i += 1
            cells = nums.split()
            if len(cells) != 3 or not all(re.fullmatch(r"\d{1,3}(,\d{3})*", c) for c in cells):
                if i >= len(lines):  # the cut at the end of the excerpt
                    break
                raise RawError(f"{rel}, line {i}: expected three values in thousand tonnes for {company} "
                               f"{bullet}, found {nums!r}")
            vals = [int(c.replace(",", "")) for c in cells]
            parts[company].append(vals)
            out += [[company, y, _KMG_FLOWS[bullet], v] for y, v in zip(years, vals)]
            continue
        raise RawError(f"{rel}, line {i}: unexpected line {line!r} in the volume table")
    if not totals:
        raise RawError(f"{rel}: no company line in the volume table")
    for company, comps in parts.items():
        if len(comps) == 3:  # a complete split: export + transit + domestic
            for k, year in enumerate(years):
                summed = sum(c[k] for c in comps)
                if abs(summed - totals[company][k]) > KMG_TOLERANCE_KT:
                    raise RawError(f"{rel}: {company} {year}: export, transit and domestic add up to {summed} kt, "
                                   f"the total is {totals[company][k]} kt")
    return out


# ---------------------------------------------------------------------------------------------------------------

def build(raw_dir: Path) -> dict[str, tuple[list[str], list[list]]]:
    """Every extract of this module, in memory: {file name: (header, rows)}."""
    import openpyxl

    kz: dict[str, dict[tuple[int, str], dict[str, str]]] = {"oil_ei.csv": {}, "gas_ei.csv": {}}
    countries: list[list] = []
    trade: list[list] = []
    for source_id, (rel, trade_year) in EDITIONS.items():
        book = openpyxl.load_workbook(io.BytesIO(_read(raw_dir, rel)), read_only=True, data_only=True)
        for sheet, (measure, name, column) in EI_SERIES.items():
            if sheet not in book.sheetnames:
                raise RawError(f"{rel}: no sheet {sheet!r}")
            rows = list(book[sheet].iter_rows(values_only=True))
            for country, kind, year, value in country_rows(rows, rel, sheet):
                if country == "Kazakhstan":
                    kz[name].setdefault((year, source_id), {})[column] = _fmt(value)
                if source_id == "ei-sr-2026":
                    countries.append([country, kind, year, measure, _fmt(value), source_id])
        sheet, title = PIPELINE_SHEETS[source_id]
        rows = list(book[sheet].iter_rows(values_only=True))
        trade += [r + [source_id] for r in pipeline_matrix(rows, rel, sheet, title, trade_year)]
    out: dict[str, tuple[list[str], list[list]]] = {}
    for name, by_key in kz.items():
        columns = [c for _, n, c in EI_SERIES.values() if n == name]
        rows = [[y] + [by_key[(y, s)].get(c, "") for c in columns] + [s]
                for (y, s) in sorted(by_key, key=lambda k: (k[1], k[0]))]
        out[name] = (["year", *columns, "source_id"], rows)
    measures = [m for m, _, _ in EI_SERIES.values()]
    countries.sort(key=lambda r: (measures.index(r[3]), r[0], r[2]))
    out["energy_ei_countries.csv"] = (["country", "kind", "year", "measure", "value", "source_id"], countries)
    trade.sort(key=lambda r: (r[6], r[1], r[3]))
    out["gas_pipeline_trade_ei.csv"] = (["year", "exporter", "exporter_kind", "importer", "importer_kind",
                                         "volume_bcm", "source_id"], trade)
    kmg = kmg_midstream(_read(raw_dir, KMG).decode("utf-8"))
    out["kmg_midstream.csv"] = (["company", "year", "flow", "volume_kt", "source_id"],
                                [r + [KMG_SOURCE] for r in kmg])
    return out


def extract_all(raw_dir: Path, data_dir: Path) -> None:
    outputs = build(raw_dir)  # everything is read and checked before anything is written
    for name, (header, rows) in outputs.items():
        write_csv(data_dir / name, header, rows)


# ---------------------------------------------------------------------------------------------------------------
# resource descriptors (appended to descriptor.RESOURCES)

_f, _FK = fields.f, fields.SOURCE_FK
_SID_EI = fields.f("source_id", "string", "The edition: ei-sr-2026 (Statistical Review 2026, the edition of record) "
                   "or ei-sr-2024 (the 2024 edition)", required=True, enum=list(EDITIONS))
_EI_LICENCE = ("Energy Institute Statistical Review of World Energy: quotation with attribution to the Energy "
               "Institute Statistical Review of World Energy (2026 and 2024 editions)")
_ONE_EDITION = ("Two editions in one file, one row per year and edition (source_id): the 2026 edition revises "
                "earlier years, so the report takes each series from one edition and never joins them. ")

RESOURCES = [
    {
        "name": "oil_ei", "path": "oil_ei.csv",
        "title": "Kazakhstan's oil production and consumption, 1985-2025 (Energy Institute Statistical Review, "
                 "2026 and 2024 editions)",
        "description": "Oil production (crude, condensate and NGLs) and consumption in million tonnes, the "
                       "Kazakhstan rows of the Energy Institute's all-data workbooks of 2026 (data to 2025, the "
                       "edition of record) and 2024 (data to 2023).",
        "licence_note": _EI_LICENCE, "sources_ids": list(EDITIONS),
        "caveats": _ONE_EDITION + "Years before Kazakhstan is shown separately (EI writes 0) are left out. The "
                   "Institute's production includes NGLs; official Kazakh figures count crude and condensate.",
        "schema": {"fields": [
            _f("year", "integer", "Year", required=True, minimum=1965, maximum=2025),
            _f("production_mt", "number", "Oil production", "million tonnes", minimum=0),
            _f("consumption_mt", "number", "Oil consumption", "million tonnes", minimum=0),
            _SID_EI], "primaryKey": ["year", "source_id"], "foreignKeys": _FK},
    },
    {
        "name": "gas_ei", "path": "gas_ei.csv",
        "title": "Kazakhstan's natural gas production and consumption (Energy Institute Statistical Review, 2026 "
                 "and 2024 editions)",
        "description": "Natural gas production and consumption, billion cubic metres, the Kazakhstan rows of the "
                       "Energy Institute's all-data workbooks of 2026 (data to 2025) and 2024 (data to 2023).",
        "licence_note": _EI_LICENCE, "sources_ids": list(EDITIONS),
        "caveats": _ONE_EDITION + "Standard cubic metres at the Institute's conversion (40 MJ/m3 GCV); "
                   "production excludes gas flared or reinjected, so it is well below the gross output Kazakh "
                   "officials quote.",
        "schema": {"fields": [
            _f("year", "integer", "Year", required=True, minimum=1965, maximum=2025),
            _f("production_bcm", "number", "Gas production", "billion cubic metres", minimum=0),
            _f("consumption_bcm", "number", "Gas consumption", "billion cubic metres", minimum=0),
            _SID_EI], "primaryKey": ["year", "source_id"], "foreignKeys": _FK},
    },
    {
        "name": "energy_ei_countries", "path": "energy_ei_countries.csv",
        "title": "Oil and gas production and consumption of every country and region, 1965-2025 (Energy Institute "
                 "Statistical Review 2026)",
        "description": "Every row of four sheets of the Energy Institute's 2026 all-data workbook (oil production "
                       "and consumption in million tonnes, gas production and consumption in billion cubic "
                       "metres): countries, the Institute's groups ('Other CIS'), regions, aggregates and the "
                       "world, marked in the kind column.",
        "licence_note": _EI_LICENCE, "sources_ids": ["ei-sr-2026"],
        "caveats": "One edition (2026). A row's years before its first non-zero value are left out (the "
                   "Institute writes 0 before it shows a country separately). Regions and aggregates contain the "
                   "countries: do not add rows of different kinds.",
        "schema": {"fields": [
            _f("country", "string", "Country, group or region as the Institute names it", required=True),
            _f("kind", "string", "country, group (the Institute's 'Other …' rows and sub-regions), region "
               "(Total …), aggregate (OECD, EU, OPEC, USSR) or world", required=True,
               enum=["country", "group", "region", "aggregate", "world"]),
            _f("year", "integer", "Year", required=True, minimum=1965, maximum=2025),
            _f("measure", "string", "What the value is", required=True,
               enum=[m for m, _, _ in EI_SERIES.values()]),
            _f("value", "number", "Value (million tonnes for oil, billion cubic metres for gas)", required=True,
               minimum=0),
            _f("source_id", "string", "The edition", required=True, enum=["ei-sr-2026"])],
            "primaryKey": ["country", "year", "measure"], "foreignKeys": _FK},
    },
    {
        "name": "gas_pipeline_trade_ei", "path": "gas_pipeline_trade_ei.csv",
        "title": "Natural gas trade by pipeline, every exporter and importer: 2025 (Energy Institute 2026) and "
                 "2023 (Energy Institute 2024)",
        "description": "Every cell of the Energy Institute's pipeline trade matrix, billion cubic metres: exporters "
                       "(countries and 'Other …' groups, and 'World' for an importer's total imports) and "
                       "importers (countries, groups, the EU and other aggregates, regional subtotals, and 'World' "
                       "for an exporter's total exports). Zeros are kept: the matrix states them.",
        "licence_note": _EI_LICENCE, "sources_ids": list(EDITIONS),
        "caveats": "One year per edition (2025 in the 2026 edition, 2023 in the 2024 edition): two snapshots, not "
                   "a series. Intra-regional trade within an 'Other …' group is excluded by the Institute. Transit "
                   "is not trade: Russian gas crossing Kazakhstan to Uzbekistan appears as Russia's sale to 'Other "
                   "CIS'. The build checks the matrix against its own totals (rows and columns).",
        "schema": {"fields": [
            _f("year", "integer", "Year of the trade", required=True, minimum=2023, maximum=2025),
            _f("exporter", "string", "Exporting country or group ('World': all exporters)", required=True),
            _f("exporter_kind", "string", "country, group or total", required=True,
               enum=["country", "group", "total"]),
            _f("importer", "string", "Importing country, group or region ('World': all importers)", required=True),
            _f("importer_kind", "string", "country, group, aggregate (EU …), region or total", required=True,
               enum=["country", "group", "aggregate", "region", "total"]),
            _f("volume_bcm", "number", "Volume", "billion cubic metres", required=True, minimum=0),
            _SID_EI], "primaryKey": ["year", "exporter", "importer", "source_id"], "foreignKeys": _FK},
    },
    {
        "name": "kmg_midstream", "path": "kmg_midstream.csv",
        "title": "Oil carried by KazTransOil, the Kazakhstan-China pipeline and MunaiTas, 2022-2024 (KazMunayGas "
                 "annual report 2024, excerpt)",
        "description": "Volume of oil transportation by pipeline company, thousand tonnes, with its split into "
                       "export, transit (Russian oil crossing Kazakhstan) and the domestic market, from the "
                       "'Midstream' page of KazMunayGas's integrated annual report 2024.",
        "licence_note": "KazMunayGas annual report: quoted with attribution", "sources_ids": [KMG_SOURCE],
        "caveats": "From an excerpt of the page (the start of it, as stored): the split of MunaiTas's volume and "
                   "the CPC's and the by-route tables further down the page are not in it. Volumes are each "
                   "company's own (100 %), not KazMunayGas's share; one tonne may be carried by two companies "
                   "in turn, so the companies do not add up to Kazakhstan's exports.",
        "schema": {"fields": [
            _f("company", "string", "Pipeline company", required=True,
               enum=["KazTransOil", "Kazakhstan–China Pipeline", "MunaiTas"]),
            _f("year", "integer", "Year", required=True, minimum=2022, maximum=2024),
            _f("flow", "string", "total, export, transit or domestic", required=True,
               enum=["total", "export", "transit", "domestic"]),
            _f("volume_kt", "integer", "Volume", "thousand tonnes", required=True, minimum=0),
            fields.sid()], "primaryKey": ["company", "year", "flow"], "foreignKeys": _FK},
    },
]
