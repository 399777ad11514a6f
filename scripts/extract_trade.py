"""Trade to the present: extracts of the bureau's, Eurostat's and Russia's customs files, with their descriptors.

Called by ``scripts/make_data.py`` (``extract_trade(raw_dir)``) and ``scripts/descriptor.py`` (``RESOURCES``).

* ``trade_bns.csv``: Kazakhstan's Bureau of National Statistics, *Main indicators of foreign trade by country*,
  one workbook a year (2019-2023), each holding that year and the year before: every partner row, exports and
  imports, US$ million, with the release (workbook) each value comes from. Both releases of a repeated year are kept.
* ``eu_exports_monthly.csv``: Eurostat Comext, monthly exports (total goods, EUR) of the EU27 and of each member
  state to Kazakhstan, Kyrgyzstan, Armenia and Russia, January 2019 - August 2024 (one file per partner and month).
* ``eu_exports_annual.csv``: Eurostat Comext, annual EU27 exports to the same four partners and to a pool of
  comparable destinations (every partner outside the EU with EU27 exports in 2019 between a quarter and four times
  those to Kazakhstan, less territories), 2010-2023: the control group of the detour is drawn from it.
* ``trade_russia_customs.csv``: Russia's Federal Customs Service, Russia's exports to and imports from each CIS
  partner, 1994-2021 (the mirror of Kazakhstan's figures).

Bad input stops the run with a ``RawError`` naming the file, the sheet or month, the partner and the column. All
tables are built and checked in memory first and only then written, each to a temporary file renamed into place, so
that a failure leaves nothing half-written in ``data/``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import fields
from rawio import RawError, fmt, read_pinned, read_pinned_folder, write_csv  # noqa: F401  (shared by the extractions)

DATA = Path(__file__).resolve().parent.parent / "data"


# ---------------------------------------------------------------------------------------------------------------
# pinned raw files

BNS_DIR = "bns-foreign-trade"
BNS_SHA256 = {
    2019: "9583346fd41734703a555bc134a42f86a98de19aac5615af15f1b98439d3417b",
    2020: "88d14d55eefcd0b2437d992db835437a7314277aee98237a0bbcf17dc7fb7f6e",
    2021: "27d93ca182d76314ca67fe85077f7126cbc874fad03475ede22a492b0bcd6896",
    2022: "1d90477b6c47b38b8b4be332c321a0e8036d5ad72ab32efd91683908909e8283",
    2023: "70029cca8ff47b06eb81720e3884697570b27da98d0f3ef495e23c30ece03c3f",
}
RU_CUSTOMS = "russia-customs/94itog.xlsx"
RU_CUSTOMS_SHA256 = "b206c581c1f607c11b8b8123f8cb4b4e945752bf29427ac7da905d82c47a643c"
EUROSTAT_MONTHLY_DIR = "eurostat-comext-monthly"
EUROSTAT_ANNUAL_DIR = "eurostat-comext-annual"
# sha256 over each folder's files, each as name + NUL + bytes, in name order
EUROSTAT_DIGESTS = {
    "kazakhstan": "47a3970677def44ba963aef0fab551d73f114f9d5170ed5c065022041f1c1391",
    "kyrgyz": "4cb6f32ba12259f462ec07e0b5bf63934830209173422d389765b9c456b3b405",
    "armenia": "4fb28ce7e01c19518724a38c26e6e9185d61ba8c26be9299283f7dd8b52a51f1",
    "russia": "70da8f8dc8e662e8ba39413b7f720909a7c1f42830334a4ddc2ed3efed24a9c1",
    "annual": "825938be604e8461db2d8e00ba72d8c1878656f6c75e53b0c2de53a822dd9360",
}

# ---------------------------------------------------------------------------------------------------------------
# what the files must contain

#: partner rows that every BNS sheet must have (a missing or renamed one stops the run)
BNS_REQUIRED = ["Всего", "Россия", "Китай", "Страны ЕАЭС", "Страны ЕС", "Италия"]
#: BNS rows that are totals or groups of partners, not partners
BNS_GROUPS = {
    "Всего": "total",
    "Страны СНГ": "group", "Страны ЕАЭС": "group", "Страны вне ЕАЭС": "group", "Остальные страны мира": "group",
    "Европа": "group", "Страны ЕС": "group", "Страны вне ЕС": "group", "Азия": "group", "Америка": "group",
    "Африка": "group", "Австралия и Океания": "group",
}
BNS_FIRST_RELEASE, BNS_LAST_RELEASE = 2019, 2023
BNS_COLUMNS = {3: "exports", 5: "imports"}
BNS_SUM_TOLERANCE = 500.0  # thousand US$: partner rows against the total (they agree to 0.1 in every sheet)  # column index of the value ('всего') under each flow heading

#: Eurostat partner folders and the partner's name in the files
EU_PARTNERS = {"kazakhstan": "Kazakhstan", "kyrgyz": "Kyrgyzstan", "armenia": "Armenia",
               "russia": "Russian Federation (Russia)"}
EU_PARTNER_SHORT = {"Kazakhstan": "Kazakhstan", "Kyrgyzstan": "Kyrgyzstan", "Armenia": "Armenia",
                    "Russian Federation (Russia)": "Russia"}
#: other labels of the same partners (the 2016 annual file is labelled in French)
EU_PARTNER_ALIASES = {"Russie, Fédération de": "Russian Federation (Russia)"}
EU27_PREFIXES = ("European Union - 27 countries", "Union européenne - 27 pays")
EU_MEMBERS = ["Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia", "Finland",
              "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania", "Luxembourg",
              "Malta", "Netherlands", "Poland", "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Sweden"]
#: reporters in the monthly files that are not used (the EU with the UK until January 2020, the euro area, the UK)
EU_SKIPPED = ("European Union (AT-01/1995", "Euro area", "United Kingdom")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHLY_FIRST, MONTHLY_LAST = (2019, 1), (2024, 8)
ANNUAL_FIRST, ANNUAL_LAST = 2010, 2023

RU_PARTNERS = {"Армения": "Armenia", "Беларусь": "Belarus", "Казахстан": "Kazakhstan", "Киргизия": "Kyrgyzstan",
               "Таджикистан": "Tajikistan", "Узбекистан": "Uzbekistan"}
RU_FIRST, RU_LAST = 1994, 2021

SOURCE_BNS = "bns-foreign-trade-{release}"
SOURCE_EU_MONTHLY = "eurostat-comext-monthly-2024"
SOURCE_EU_ANNUAL = "eurostat-comext-annual-2024"
SOURCE_RU = "fcs-russia-trade-cis-2021"


# ---------------------------------------------------------------------------------------------------------------
# helpers

def _read_pinned(path: Path, pinned: str) -> bytes:
    return read_pinned(path, pinned)


def _folder(path: Path, pinned: str, label: str) -> list[tuple[Path, bytes]]:
    return read_pinned_folder(path, "*.csv", pinned, label)


def _number(cell, where: str) -> float | None:
    """A cell as a non-negative number; None for an empty cell; RawError (naming ``where``) otherwise."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise RawError(f"{where}: value {cell!r} is not a number")
    if isinstance(cell, (int, float)):
        value = float(cell)
    else:
        text = str(cell).strip().replace("\u00a0", "").replace(" ", "")
        try:
            value = float(text)
        except ValueError:
            raise RawError(f"{where}: value {cell!r} is not a number") from None
    if value != value or value < 0:
        raise RawError(f"{where}: value {cell!r} is negative or not a number")
    return value


def write_atomic(name: str, header: list[str], rows: list[list]) -> None:
    """Write data/<name> through a temporary file renamed into place (never a half-written file)."""
    write_csv(DATA / name, header, rows)


# ---------------------------------------------------------------------------------------------------------------
# the bureau's workbooks

def _bns_sheet_year(name: str) -> int | None:
    match = re.fullmatch(r"(?:12_)?(\d{4})", name.strip())
    return int(match.group(1)) if match else None


def bns_rows_from_book(book, file_label: str, release: int) -> list[list]:
    """Rows ``[release, year, partner, partner_kind, flow, value_usd_m, source_id]`` of one BNS workbook.

    ``book`` is an ``xlrd`` workbook (or anything with ``sheet_names()``/``sheet_by_name()`` and sheets with
    ``nrows``, ``ncols`` and ``cell_value(r, c)``). The workbook must hold a sheet for ``release`` and for the year
    before; each must say which year it covers, carry the unit 'тыс. долларов США' and the headings 'Экспорт' and
    'Импорт' over the value columns, and hold every partner in :data:`BNS_REQUIRED`.
    """
    sheets = {}
    for name in book.sheet_names():
        year = _bns_sheet_year(name)
        if year is not None:
            sheets[year] = name
    rows = []
    for year in (release - 1, release):
        if year not in sheets:
            raise RawError(f"{file_label}: sheet for {year} missing (sheets: {', '.join(book.sheet_names())})")
        sheet = book.sheet_by_name(sheets[year])
        where = f"{file_label} sheet {sheets[year]!r}"
        head = [[str(sheet.cell_value(r, c)) for c in range(min(sheet.ncols, 7))] for r in range(min(8, sheet.nrows))]
        flat = " ".join(" ".join(r) for r in head)
        if str(year) not in " ".join(r[0] for r in head[:3]):
            raise RawError(f"{where}: the title does not name the year {year}")
        if "тыс. долларов США" not in flat:
            raise RawError(f"{where}: unit 'тыс. долларов США' not found in the header")
        heading = next((r for r in head if r[0].strip().startswith("Наименование")), None)
        if heading is None:
            raise RawError(f"{where}: heading row 'Наименование ...' not found")
        for col, flow in BNS_COLUMNS.items():
            expected = "Экспорт" if flow == "exports" else "Импорт"
            if len(heading) <= col or heading[col].strip().lower() != expected.lower():
                raise RawError(f"{where}: column {col + 1} should be headed {expected!r}, "
                               f"found {heading[col] if len(heading) > col else None!r}")
        start = head.index(heading) + 2
        seen: dict[str, tuple] = {}
        for r in range(start, sheet.nrows):
            # the first line of the name ('Всего\nв том числе' is the total), without padding
            partner = str(sheet.cell_value(r, 0)).split("\n")[0].strip()
            if not partner:
                continue
            values = []
            for col, flow in BNS_COLUMNS.items():
                values.append(_number(sheet.cell_value(r, col),
                                      f"{where} row {r + 1} partner {partner!r} column {flow}"))
            if partner in seen:
                if seen[partner] != tuple(values):
                    raise RawError(f"{where}: partner {partner!r} twice with different values")
                continue
            seen[partner] = tuple(values)
            kind = BNS_GROUPS.get(partner, "country")
            for (col, flow), value in zip(BNS_COLUMNS.items(), values):
                if value is None:
                    continue
                rows.append([release, year, partner, kind, flow, fmt(value / 1000),
                             SOURCE_BNS.format(release=release)])
        missing = [p for p in BNS_REQUIRED if p not in seen]
        if missing:
            raise RawError(f"{where}: partner row {missing[0]!r} missing (columns exports, imports)")
        # the partner rows must add up to the total row (a dropped or doubled partner row shows here)
        for k, flow in enumerate(BNS_COLUMNS.values()):
            total = seen["Всего"][k] or 0.0
            summed = sum((v[k] or 0.0) for p, v in seen.items() if BNS_GROUPS.get(p, "country") == "country")
            if abs(summed - total) > BNS_SUM_TOLERANCE:
                raise RawError(f"{where}: partner rows sum to {summed:.1f}, the total row 'Всего' is {total:.1f} "
                               f"(column {flow}, thousand US$)")
    return rows


#: the bureau's names matched to one code each (ISO 3166-1 alpha-2 for countries, a word for totals and groups)
BNS_PARTNERS = "bns_partners.csv"


def bns_partner_codes(path: Path | None = None) -> dict[str, tuple[str, str, str]]:
    """``data/bns_partners.csv``: the bureau's (Russian) name -> (code, English name, kind)."""
    path = path or DATA / BNS_PARTNERS
    with path.open(encoding="utf-8", newline="") as handle:
        out = {}
        for number, row in enumerate(csv.DictReader(handle), start=1):
            name = row["partner_ru"]
            if name in out:
                raise RawError(f"data/{BNS_PARTNERS} row {number}: partner {name!r} listed twice")
            out[name] = (row["code"], row["partner_en"], row["partner_kind"])
    return out


def with_codes(rows: list[list], codes: dict[str, tuple[str, str, str]], label: str = "") -> list[list]:
    """``[release, year, partner, partner_kind, flow, value, source_id]`` rows with the partner's English name and
    code inserted after its Russian name; a name the crosswalk lacks, or whose kind differs, stops the run."""
    out = []
    for row in rows:
        release, year, partner, kind = row[:4]
        if partner not in codes:
            raise RawError(f"{label or 'bureau workbook'} release {release} sheet {year}: partner {partner!r} has no "
                           f"code in data/{BNS_PARTNERS} (add its ISO 3166-1 code and English name)")
        code, english, listed = codes[partner]
        if listed != kind:
            raise RawError(f"data/{BNS_PARTNERS}: partner {partner!r} is listed as {listed!r}, the workbook row is a "
                           f"{kind!r} (release {release}, sheet {year})")
        out.append([release, year, partner, english, code, *row[3:]])
    return out


def extract_bns(raw_dir: Path) -> list[list]:
    import xlrd

    books = []
    for release in range(BNS_FIRST_RELEASE, BNS_LAST_RELEASE + 1):
        rel = f"{BNS_DIR}/bns-foreign-trade-by-country-{release}.xls"
        raw = _read_pinned(raw_dir / rel, BNS_SHA256[release])
        books.append((rel, release, xlrd.open_workbook(file_contents=raw)))
    if not (DATA / BNS_PARTNERS).is_file():
        raise RawError(f"data/{BNS_PARTNERS} missing: the bureau's partner names need their codes")
    codes = bns_partner_codes()
    rows = []
    for rel, release, book in books:
        rows += with_codes(bns_rows_from_book(book, rel, release), codes, rel)
    rows.sort(key=lambda r: (r[0], r[1], r[6], r[2]))
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Eurostat

def _reporter(name: str) -> str | None:
    """Short reporter name (EU27 or a member state), or None for a reporter not used."""
    if name.startswith(EU27_PREFIXES):
        return "EU27"
    if name.startswith(EU_SKIPPED):
        return None
    short = name.split(" (")[0].strip()
    if short not in EU_MEMBERS:
        raise RawError(f"unknown reporter {name!r}")
    return short


def _month(period: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\w{3})\. (\d{4})", period.strip())
    if not match or match.group(1) not in MONTHS:
        return None
    return int(match.group(2)), MONTHS.index(match.group(1)) + 1


def monthly_rows(files: list[tuple[str, bytes]], partner: str) -> list[list]:
    """Rows ``[month, partner, reporter, value_eur, source_id]`` from one partner's monthly files.

    Every file holds one month; together they must cover every month from January 2019 to August 2024 exactly
    once, each with an EU27 row.
    """
    expected = []
    y, m = MONTHLY_FIRST
    while (y, m) <= MONTHLY_LAST:
        expected.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    found: dict[tuple[int, int], str] = {}
    rows = []
    short_partner = EU_PARTNER_SHORT[partner]
    for label, raw in files:
        table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
        if not table or table[0][:7] != ["REPORTER", "PARTNER", "PRODUCT", "FLOW", "STAT_PROCEDURE", "PERIOD",
                                         "VALUE_IN_EUR"]:
            raise RawError(f"{label}: unexpected header {table[0] if table else None}")
        months = {line[5] for line in table[1:] if line}
        if len(months) != 1:
            raise RawError(f"{label}: one month per file expected, found {sorted(months)}")
        period = months.pop()
        month = _month(period)
        if month is None:
            raise RawError(f"{label}: period {period!r} is not a month")
        key = f"{month[0]}-{month[1]:02d}"
        if month in found:
            raise RawError(f"{label}: month {key} twice (also in {found[month]}), partner {short_partner}")
        found[month] = label
        has_eu27 = False
        for line in table[1:]:
            if not line:
                continue
            if line[1] != partner:
                raise RawError(f"{label} month {key}: partner {line[1]!r}, expected {partner!r}")
            if "EXPORT" not in line[3].upper():
                raise RawError(f"{label} month {key}: flow {line[3]!r} is not exports")
            try:
                reporter = _reporter(line[0])
            except RawError as exc:
                raise RawError(f"{label} month {key} partner {short_partner}: {exc}") from None
            if reporter is None:
                continue
            value = _number(line[6], f"{label} month {key} partner {short_partner} reporter {reporter} "
                                     f"column VALUE_IN_EUR")
            if value is None:
                raise RawError(f"{label} month {key} partner {short_partner} reporter {reporter}: "
                               f"column VALUE_IN_EUR empty")
            has_eu27 = has_eu27 or reporter == "EU27"
            rows.append([key, short_partner, reporter, fmt(value), SOURCE_EU_MONTHLY])
        if not has_eu27:
            raise RawError(f"{label} month {key} partner {short_partner}: no EU27 row")
        month_rows = [r for r in rows if r[0] == key]
        eu27 = sum(float(r[3]) for r in month_rows if r[2] == "EU27")
        members = sum(float(r[3]) for r in month_rows if r[2] != "EU27")
        if abs(eu27 - members) > 1.0:
            raise RawError(f"{label} month {key} partner {short_partner}: member states sum to {members:.0f} EUR, "
                           f"the EU27 row is {eu27:.0f} (column VALUE_IN_EUR)")
    missing = [f"{y}-{m:02d}" for (y, m) in expected if (y, m) not in found]
    if missing:
        raise RawError(f"monthly files for {short_partner}: month {missing[0]} missing")
    extra = [f"{y}-{m:02d}" for (y, m) in found if (y, m) not in expected]
    if extra:
        raise RawError(f"monthly files for {short_partner}: month {extra[0]} outside 2019-01..2024-08")
    return rows


def extract_eurostat_monthly(raw_dir: Path) -> list[list]:
    rows = []
    for folder, partner in EU_PARTNERS.items():
        path = raw_dir / EUROSTAT_MONTHLY_DIR / folder
        files = _folder(path, EUROSTAT_DIGESTS[folder], f"monthly {folder}")
        rows += monthly_rows([(f"{EUROSTAT_MONTHLY_DIR}/{folder}/{p.name}", raw) for p, raw in files], partner)
    rows.sort(key=lambda r: (r[1], r[0], r[2] != "EU27", r[2]))
    return rows


#: the annual extract's pool of destinations beside the four partners: every partner outside the EU whose EU27
#: exports in ANNUAL_POOL_YEAR were between ANNUAL_POOL_BAND times those to Kazakhstan (the control group of the
#: detour is drawn from it in ``kzdep.trade``), less the entries that are not countries
ANNUAL_POOL_YEAR = 2019
ANNUAL_POOL_BAND = (0.25, 4.0)
ANNUAL_NOT_COUNTRIES = ("High seas", "Gibraltar", "Cayman Islands")
#: the French labels of the 2016 file for the pool's destinations (the other files are in English)
ANNUAL_FRENCH = {
    "Taiwan": "Taïwan", "Morocco": "Maroc", "South Africa": "Afrique du Sud (incl. Namibie 'NA' -> 1989)",
    "Israel": "Israël (incl. Cisjordanie/Bande de Gaza 'XP' -> 1994)", "Egypt": "Egypte", "Algeria": "Algérie",
    "Serbia": "Serbie", "Thailand": "Thaïlande", "Malaysia": "Malaisie", "Nigeria": "Nigeria", "Qatar": "Qatar",
    "Viet Nam": "Viêt Nam (incl. Viêt Nam du Nord 'VD' depuis 1977)", "Tunisia": "Tunisie", "Chile": "Chili",
    "Indonesia": "Indonésie (incl. Timor-Est 'TP' de 1977 -> 2000)", "Philippines": "Philippines",
    "Argentina": "Argentine", "Belarus": "Biélorussie (Belarus)", "Bosnia and Herzegovina": "Bosnie-Herzégovine",
    "Colombia": "Colombie", "Lebanon": "Liban", "Kuwait": "Koweït", "New Zealand": "Nouvelle-Zélande",
    "Pakistan": "Pakistan", "North Macedonia": "Macédoine du Nord", "Libya": "Libye",
    "Iran": "Iran, République islamique d’", "Iraq": "Iraq", "Peru": "Pérou", "Senegal": "Sénégal",
    "Jordan": "Jordanie", "Oman": "Oman", "Albania": "Albanie", "Iceland": "Islande", "Bangladesh": "Bangladesh",
    "Moldova": "Moldavie, République de", "Angola": "Angola",
    "Panama": "Panama (incl. Zone du canal de Panama 'PZ' depuis 1981)", "Côte d'Ivoire": "Côte d’Ivoire",
    "Uzbekistan": "Uzbekistan", "Ecuador": "Equateur", "Togo": "Togo", "Ghana": "Ghana", "Cuba": "Cuba",
    "Georgia": "Georgia", "Ethiopia": "Ethiopie (incl. Erythrée 'ER' -> 1993)",
    "Dominican Republic": "République dominicaine", "Azerbaijan": "Azerbaïdjan", "Bahrain": "Bahreïn",
    "Kenya": "Kenya",
    "Kazakhstan": "Kazakhstan", "Kyrgyzstan": "Kyrgyzstan", "Armenia": "Armenia",
    "Russia": "Russie, Fédération de",
}
#: Eurostat's English labels that are not a plain country name
ANNUAL_SHORT = {"Belarus (Belorussia)": "Belarus", "Iran, Islamic Republic of": "Iran",
                "Moldova, Republic of": "Moldova", "Côte d’Ivoire (Ivory Coast)": "Côte d'Ivoire",
                "Russian Federation (Russia)": "Russia"}


def annual_short(label: str) -> str:
    """Eurostat's English partner label as a short name: 'South Africa (incl. Namibia 'NA' -> 1989)' -> 'South
    Africa'; the labels of :data:`ANNUAL_SHORT` by that table."""
    if label in ANNUAL_SHORT:
        return ANNUAL_SHORT[label]
    return re.sub(r"\s*\(incl\. .*\)$", "", label).strip()


def _annual_table(label: str, raw: bytes) -> tuple[int, list[list[str]]]:
    table = [line for line in csv.reader(raw.decode("utf-8-sig").splitlines())][1:]
    years = set()
    for k, line in enumerate(table, start=2):
        if not line:
            continue
        if len(line) < 7:
            raise RawError(f"{label} row {k}: {len(line)} columns, expected 7")
        match = re.search(r"Jan\.-Dec\. (\d{4})", line[5])
        if not match:
            raise RawError(f"{label} row {k}: period {line[5]!r} is not a full year")
        years.add(int(match.group(1)))
        if not line[0].startswith(EU27_PREFIXES):
            raise RawError(f"{label} row {k}: reporter {line[0][:40]!r} is not the EU27")
    if len(years) != 1:
        raise RawError(f"{label}: one year per file expected, found {sorted(years)}")
    return years.pop(), [line for line in table if line]


def annual_pool(table: list[list[str]], label: str) -> list[str]:
    """The pool's destinations (short names) from the file of :data:`ANNUAL_POOL_YEAR`: partners outside the EU
    with EU27 exports between :data:`ANNUAL_POOL_BAND` times those to Kazakhstan, less
    :data:`ANNUAL_NOT_COUNTRIES`, plus the four partners of the monthly files."""
    values = {}
    for line in table:
        value = _number(line[6], f"{label} partner {line[1]} column VALUE_IN_EUR")
        if value is not None:
            values[annual_short(line[1])] = value
    if "Kazakhstan" not in values:
        raise RawError(f"{label}: no row for partner 'Kazakhstan'")
    low, high = (f * values["Kazakhstan"] for f in ANNUAL_POOL_BAND)
    members = {annual_short(m) for m in EU_MEMBERS}
    pool = {name for name, value in values.items() if low <= value <= high and name not in members
            and name not in ANNUAL_NOT_COUNTRIES}
    pool |= set(EU_PARTNER_SHORT.values())
    return sorted(pool)


def annual_rows(files: list[tuple[str, bytes]]) -> list[list]:
    """Rows ``[year, partner, value_eur, source_id]``: EU27 exports to the pool's destinations (see
    :func:`annual_pool`), one file per year; every destination must have exactly one row in every year."""
    found: dict[int, str] = {}
    tables = {}
    for label, raw in files:
        year, table = _annual_table(label, raw)
        if year in found:
            raise RawError(f"{label}: year {year} twice (also in {found[year]})")
        found[year] = label
        tables[year] = table
    missing = [y for y in range(ANNUAL_FIRST, ANNUAL_LAST + 1) if y not in found]
    if missing:
        raise RawError(f"annual files: year {missing[0]} missing")
    pool = annual_pool(tables[ANNUAL_POOL_YEAR], found[ANNUAL_POOL_YEAR])
    rows = []
    for year, table in tables.items():
        label = found[year]
        french = any(line[0].startswith("Union européenne") for line in table)
        for partner in pool:
            if french:
                if partner not in ANNUAL_FRENCH:
                    raise RawError(f"{label} year {year}: no French label known for partner {partner!r}")
                hits = [line for line in table if line[1] == ANNUAL_FRENCH[partner]]
            else:
                hits = [line for line in table if annual_short(line[1]) == partner]
            if len(hits) != 1:
                raise RawError(f"{label} year {year}: {len(hits)} rows for partner {partner!r}, expected 1")
            value = _number(hits[0][6], f"{label} year {year} partner {partner} column VALUE_IN_EUR")
            if value is None:
                raise RawError(f"{label} year {year} partner {partner}: column VALUE_IN_EUR empty")
            rows.append([year, partner, fmt(value), SOURCE_EU_ANNUAL])
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows


def extract_eurostat_annual(raw_dir: Path) -> list[list]:
    path = raw_dir / EUROSTAT_ANNUAL_DIR
    files = _folder(path, EUROSTAT_DIGESTS["annual"], "annual")
    return annual_rows([(f"{EUROSTAT_ANNUAL_DIR}/{p.name}", raw) for p, raw in files])


# ---------------------------------------------------------------------------------------------------------------
# Russia's customs

def russia_rows_from_book(book, label: str) -> list[list]:
    """Rows ``[year, flow, partner, value_usd_m, source_id]`` (flow from Russia's side) of ``94itog.xlsx``.

    ``book`` is an openpyxl workbook; one sheet a year 1994-2021, an 'Экспорт' block then an 'Импорт' block, each
    with one row per CIS partner.
    """
    rows = []
    for year in range(RU_FIRST, RU_LAST + 1):
        if str(year) not in book.sheetnames:
            raise RawError(f"{label}: sheet {year} missing")
        table = list(book[str(year)].iter_rows(values_only=True))
        where = f"{label} sheet {year}"
        if not any(isinstance(c, str) and "млн долларов США" in c for line in table[:4] for c in line):
            raise RawError(f"{where}: unit '(млн долларов США)' not found")
        flow = None
        seen = {"exports": set(), "imports": set()}
        for line in table:
            name = (line[0] or "").strip() if isinstance(line[0], str) or line[0] is None else str(line[0])
            if name == "Экспорт":
                flow = "exports"
                continue
            if name == "Импорт":
                flow = "imports"
                continue
            if flow and name in RU_PARTNERS:
                value = _number(line[1] if len(line) > 1 else None,
                                f"{where} partner {name!r} column {flow}")
                if value is None:
                    raise RawError(f"{where} partner {name!r} column {flow}: empty")
                if RU_PARTNERS[name] in seen[flow]:
                    raise RawError(f"{where}: partner {name!r} twice in {flow}")
                seen[flow].add(RU_PARTNERS[name])
                rows.append([year, flow, RU_PARTNERS[name], fmt(value), SOURCE_RU])
        for fl in ("exports", "imports"):
            if "Kazakhstan" not in seen[fl]:
                raise RawError(f"{where}: partner 'Казахстан' missing (column {fl})")
    rows.sort(key=lambda r: (r[2], r[1], r[0]))
    return rows


def extract_russia_customs(raw_dir: Path) -> list[list]:
    import openpyxl

    raw = _read_pinned(raw_dir / RU_CUSTOMS, RU_CUSTOMS_SHA256)
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    return russia_rows_from_book(book, RU_CUSTOMS)


# ---------------------------------------------------------------------------------------------------------------

TABLES = {
    "trade_bns.csv": ["release", "year", "partner", "partner_en", "code", "partner_kind", "flow", "value_usd_m",
                      "source_id"],
    "eu_exports_monthly.csv": ["month", "partner", "reporter", "value_eur", "source_id"],
    "eu_exports_annual.csv": ["year", "partner", "value_eur", "source_id"],
    "trade_russia_customs.csv": ["year", "flow", "partner", "value_usd_m", "source_id"],
}


def extract_trade(raw_dir: Path) -> None:
    """Build every trade table in memory (any bad input stops here), then write them all."""
    built = {
        "trade_bns.csv": extract_bns(raw_dir),
        "eu_exports_monthly.csv": extract_eurostat_monthly(raw_dir),
        "eu_exports_annual.csv": extract_eurostat_annual(raw_dir),
        "trade_russia_customs.csv": extract_russia_customs(raw_dir),
    }
    for name, rows in built.items():
        write_atomic(name, TABLES[name], rows)


# ---------------------------------------------------------------------------------------------------------------
# descriptors

_f, _FK = fields.f, fields.SOURCE_FK
_SID = fields.sid()
_BNS_IDS = [SOURCE_BNS.format(release=r) for r in range(BNS_FIRST_RELEASE, BNS_LAST_RELEASE + 1)]

RESOURCES = [
    {
        "name": "trade_bns",
        "path": "trade_bns.csv",
        "title": "Kazakhstan's trade by partner, 2018-2023 (Bureau of National Statistics)",
        "description": "Exports and imports of Kazakhstan with every partner and partner group, US$ million, as "
                       "published in the bureau's yearly workbooks 'Main indicators of foreign trade by country'; "
                       "each workbook (release) repeats the year before, and both releases are kept.",
        "licence_note": "Official statistics of the Republic of Kazakhstan: reuse with attribution to the Bureau of "
                        "National Statistics",
        "sources_ids": _BNS_IDS,
        "caveats": "Trade with members of the Eurasian Economic Union (Russia, Belarus, Armenia, Kyrgyzstan) comes "
                   "from the bureau's monthly enterprise survey (form 1-TS), trade with all other partners from "
                   "customs declarations (the bureau's method note). Exports FOB, imports CIF. A year's later "
                   "release can differ from its first; the report uses the latest release of each year. Partner "
                   "names are the bureau's, in Russian, spelt differently in some releases; partner_en and code "
                   "(data/bns_partners.csv) give one English name and one code per partner across releases; "
                   "partner_kind separates totals and groups from partners.",
        "schema": {
            "fields": [
                _f("release", "integer", "Year of the workbook the value is read from (it covers that year and "
                   "the year before)", required=True, minimum=2019, maximum=2023),
                _f("year", "integer", "Year the value refers to", required=True, minimum=2018, maximum=2023),
                _f("partner", "string", "Partner or group as the bureau names it (Russian)", required=True),
                _f("partner_en", "string", "Partner or group in English (ISO 3166-1 short name; the report's "
                   "translation for totals and groups)", required=True),
                _f("code", "string", "ISO 3166-1 alpha-2 code of the partner country; for totals and groups a "
                   "lower-case word (world, eu, eaeu, cis, ...); one code per partner in every release",
                   required=True, pattern=r"[A-Z]{2}|[a-z][a-z-]+"),
                _f("partner_kind", "string", "total (all partners), group (a region or union) or country",
                   required=True, enum=["total", "group", "country"]),
                _f("flow", "string", "Kazakhstan's exports or imports", required=True,
                   enum=["exports", "imports"]),
                _f("value_usd_m", "number", "Value", "US$ million", required=True, minimum=0),
                _SID,
            ],
            "primaryKey": ["release", "year", "partner", "flow"],
            "foreignKeys": _FK,
        },
    },
    {
        "name": "eu_exports_monthly",
        "path": "eu_exports_monthly.csv",
        "title": "EU exports to Kazakhstan, Kyrgyzstan, Armenia and Russia by month, 2019-2024 (Eurostat)",
        "description": "Monthly exports, total goods, in euro, of the EU27 and of each member state to four "
                       "partners, January 2019 to August 2024, from Eurostat's Comext database.",
        "licence_note": "Eurostat: free reuse with attribution (European Commission reuse policy)",
        "sources_ids": [SOURCE_EU_MONTHLY],
        "caveats": "Total goods only: no product detail. Exports as declared by the exporting member state, FOB. "
                   "A member state with no row in a month is absent (no value published). Values as extracted in "
                   "November 2024; Eurostat revises recent months.",
        "schema": {
            "fields": [
                _f("month", "string", "Month (YYYY-MM)", required=True, pattern=r"\d{4}-\d{2}"),
                _f("partner", "string", "Partner country", required=True,
                   enum=["Kazakhstan", "Kyrgyzstan", "Armenia", "Russia"]),
                _f("reporter", "string", "EU27 or the exporting member state", required=True,
                   enum=["EU27", *EU_MEMBERS]),
                _f("value_eur", "number", "Exports", "euro", required=True, minimum=0),
                _SID,
            ],
            "primaryKey": ["month", "partner", "reporter"],
            "foreignKeys": _FK,
        },
    },
    {
        "name": "eu_exports_annual",
        "path": "eu_exports_annual.csv",
        "title": "EU27 exports to Kazakhstan, Kyrgyzstan, Armenia, Russia and comparable destinations by year, "
                 "2010-2023 (Eurostat)",
        "description": "Annual exports, total goods, in euro, of the EU in its 27-member composition to four "
                       "partners and to a pool of comparable destinations (every partner outside the EU whose "
                       "EU27 exports in 2019 were between a quarter and four times those to Kazakhstan, less "
                       "High seas, Gibraltar and the Cayman Islands), from Eurostat's Comext database.",
        "licence_note": "Eurostat: free reuse with attribution (European Commission reuse policy)",
        "sources_ids": [SOURCE_EU_ANNUAL],
        "caveats": "EU27 (without the United Kingdom) in every year. Total goods only. Exports FOB as declared by "
                   "member states. Partner names shortened from Eurostat's labels (the notes '(incl. ...)' "
                   "dropped); the 2016 file is labelled in French and matched by a stated table of labels.",
        "schema": {
            "fields": [
                _f("year", "integer", "Year", required=True, minimum=ANNUAL_FIRST, maximum=ANNUAL_LAST),
                _f("partner", "string", "Partner country (Eurostat's label, shortened)", required=True),
                _f("value_eur", "number", "EU27 exports", "euro", required=True, minimum=0),
                _SID,
            ],
            "primaryKey": ["year", "partner"],
            "foreignKeys": _FK,
        },
    },
    {
        "name": "trade_russia_customs",
        "path": "trade_russia_customs.csv",
        "title": "Russia's trade with CIS partners, 1994-2021 (Federal Customs Service of Russia)",
        "description": "Russia's exports to and imports from Armenia, Belarus, Kazakhstan, Kyrgyzstan, Tajikistan "
                       "and Uzbekistan, US$ million, as Russia reports them: the mirror of the partners' figures.",
        "licence_note": "Official statistics of the Russian Federation: attribute the Federal Customs Service",
        "sources_ids": [SOURCE_RU],
        "caveats": "flow is Russia's: 'exports' are Russia's exports to the partner (Kazakhstan's imports from "
                   "Russia in the mirror). Since 2010 trade within the customs union is not declared at the "
                   "border and is estimated from statistical reports. Russia stopped publishing trade by country "
                   "after 2021.",
        "schema": {
            "fields": [
                _f("year", "integer", "Year", required=True, minimum=RU_FIRST, maximum=RU_LAST),
                _f("flow", "string", "Russia's exports to or imports from the partner", required=True,
                   enum=["exports", "imports"]),
                _f("partner", "string", "CIS partner", required=True, enum=sorted(RU_PARTNERS.values())),
                _f("value_usd_m", "number", "Value", "US$ million", required=True, minimum=0),
                _SID,
            ],
            "primaryKey": ["year", "flow", "partner"],
            "foreignKeys": _FK,
        },
    },
    {
        "name": "eur_usd_annual",
        "path": "eur_usd_annual.csv",
        "title": "US dollars per euro, annual average of the ECB reference rates, 2010-2023",
        "description": "The annual mean of the European Central Bank's daily euro reference rate against the US "
                       "dollar, used to convert Eurostat's euro values; hand-transcribed with the number of "
                       "days averaged.",
        "licence_note": "ECB statistics: reuse with attribution to the European Central Bank",
        "sources_ids": ["ecb-eurofxref-2024"],
        "caveats": "Mean of the daily reference rates of the year (what the ECB publishes as the annual "
                   "average); a trade-weighted or monthly-weighted rate would differ slightly.",
        "schema": {
            "fields": [
                _f("year", "integer", "Year", required=True, minimum=1999, maximum=2030),
                _f("usd_per_eur", "number", "US dollars per euro", "US$ per euro", required=True,
                   minimum=0.01),
                _f("days", "integer", "Number of daily reference rates averaged", required=True, minimum=1),
                _SID,
                _f("note", "string", "How the value was obtained"),
            ],
            "primaryKey": ["year"],
            "foreignKeys": _FK,
        },
    },
]
