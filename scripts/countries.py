"""The country table ``data/countries.csv``: every country name that a table of the data package uses, with its
ISO 3166-1 codes.

The codes and the English short names are ISO 3166-1's, read from the copy of ISO's list shipped by the
``pycountry`` package (pinned in requirements.txt; it ships the iso-codes list, unmodified): one row per ISO country
(scheme ``iso``). Then, for each source family (the *scheme*: how the IMF, Eurostat, SIPRI, the Energy Institute,
the bureau or the report's own hand-curated tables spell names), one row per name that a table of the package
actually uses, with the code it stands for. A name matches ISO when it is ISO's short, common or official name
letter for letter; every other match is written out below, by hand, per scheme. Aggregates, regions, residuals
("Other Europe"), former states and anything else without an ISO 3166-1 code get an empty code and say what they
are (``kind``); no code is ever made up.

Which columns of which tables name countries is declared once, in :data:`USES`; ``make_data.py`` copies the
declaration into each table's schema (``countryFields``) and the loader (``kzdep.data``) checks every row against
this table: a name not in it, or a code that is not ISO's or is not the one the table gives for the name, stops
the build with the file, the column and the row named.

Run by ``make data`` and by ``make_data.py --rehash`` (:func:`write_table`); ``python scripts/countries.py --fill``
(re)writes the code columns of the hand-curated tables from their names (a column is added at the end of a table
that lacks it).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rawio import write_csv  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TABLE = "countries.csv"
SOURCE_ID = "iso-3166-1"
HEADER = ["scheme", "name", "kind", "iso3", "iso2", "iso_name", "note", "source_id"]

#: what each kind of entry is (only ``country`` carries a code)
KINDS = {
    "country": "a country or territory with its own ISO 3166-1 code",
    "aggregate": "a named group of countries (the world, the EU, the CIS, an IMF group): no code",
    "region": "a geographic region or continent: no code",
    "residual": "countries the source does not name separately ('Other Europe', 'not specified'): no code",
    "former": "a state that no longer exists (its ISO 3166-3 code, withdrawn from ISO 3166-1, is in the note): "
              "no code",
    "not_in_iso": "a territory ISO 3166-1 does not list: no code",
    "organisation": "an international organisation, not a country: no code",
    "unknown": "the source does not know the country: no code",
}

#: the name families: which source spells names this way
SCHEMES = {
    "iso": "ISO 3166-1 English short names (the code list itself)",
    "imf": "IMF Direction of Trade Statistics partner names (trade_dots)",
    "eurostat": "Eurostat Comext partner and reporter names (eu_exports_annual, eu_exports_monthly)",
    "sipri": "SIPRI names: military expenditure database and arms transfers (milex_sipri_*, arms_*)",
    "owid": "Our World in Data's names in its copy of SIPRI's share of GDP (milex_share_gdp)",
    "ei": "Energy Institute Statistical Review names (energy_ei_countries, gas_pipeline_trade_ei)",
    "bns": "The Bureau of National Statistics' Russian partner names (trade_bns, bns_partners)",
    "fcs": "Russia's Federal Customs Service partner names, in English (trade_russia_customs)",
    "un": "The UN General Assembly voting records' member-state names (the 1946-2021 file read by "
          "scripts/extract_un_votes.py; un_votes_records keeps the codes only)",
    "report": "The report's own lower-case keys in its hand-curated tables",
}

#: (table, name column or None, code column, scheme, machine extract?) for every column that names a country
USES = [
    ("trade_dots.csv", "partner", "partner_iso3", "imf", True),
    ("eu_exports_annual.csv", "partner", "partner_iso3", "eurostat", True),
    ("eu_exports_monthly.csv", "partner", "partner_iso3", "eurostat", True),
    ("eu_exports_monthly.csv", "reporter", "reporter_iso3", "eurostat", True),
    ("energy_ei_countries.csv", "country", "iso3", "ei", True),
    ("gas_pipeline_trade_ei.csv", "exporter", "exporter_iso3", "ei", True),
    ("gas_pipeline_trade_ei.csv", "importer", "importer_iso3", "ei", True),
    ("milex_share_gdp.csv", "country", "iso3", "owid", True),
    ("milex_sipri_2024.csv", "country", "iso3", "sipri", True),
    ("milex_sipri_2025.csv", "country", "iso3", "sipri", True),
    ("arms_imports_tiv.csv", "supplier", "supplier_iso3", "sipri", True),
    ("arms_register_2025.csv", "supplier", "supplier_iso3", "sipri", True),
    ("arms_register_2026.csv", "recipient", "recipient_iso3", "sipri", True),
    ("arms_register_2026.csv", "supplier", "supplier_iso3", "sipri", True),
    ("arms_register_2025_03.csv", "recipient", "recipient_iso3", "sipri", True),
    ("arms_register_2025_03.csv", "supplier", "supplier_iso3", "sipri", True),
    ("arms_register_2025_deliveries.csv", "recipient", "recipient_iso3", "sipri", True),
    ("arms_register_2025_deliveries.csv", "supplier", "supplier_iso3", "sipri", True),
    ("trade_bns.csv", "partner", "iso3", "bns", True),
    ("bns_partners.csv", "partner_ru", "iso3", "bns", False),
    ("trade_russia_customs.csv", "partner", "partner_iso3", "fcs", True),
    ("trade_official.csv", "partner", "partner_iso3", "report", False),
    ("cooperation.csv", "partner", "partner_iso3", "report", False),
    ("opinion_polls.csv", "country_surveyed", "country_surveyed_iso3", "report", False),
    ("csto_2022.csv", "country", "iso3", "report", False),
    ("un_votes.csv", "country", "iso3", "report", False),
    ("neighbours_trade.csv", "partner", "partner_iso3", "report", True),
    # tables keyed by the code alone (no name column): the code must be ISO's
    ("un_votes_records.csv", None, "iso3", "iso", True),
    ("neighbours_trade.csv", None, "country", "iso", True),
    ("neighbours_remittances.csv", None, "country", "iso", True),
    ("neighbours_ties.csv", None, "country", "iso", False),
    ("neighbours_gas.csv", None, "importer", "iso", True),
]

#: keys of a code column that are not country codes, by (table, code column), with what they stand for
NON_CODES = {
    ("neighbours_gas.csv", "importer"): {"OTHER_CIS": "the Energy Institute's 'Other CIS' (a residual, no code)"},
}

# --------------------------------------------------------------------------------------------------------------
# the matches written out by hand: name -> ISO alpha-3 code, or (kind, note) for a name without one

_OTHER = ("residual", "")

MATCHES: dict[str, dict[str, str | tuple[str, str]]] = {
    "imf": {
        "Afghanistan, Islamic Rep. of": "AFG", "Armenia, Rep. of": "ARM", "Aruba, Kingdom of the Netherlands": "ABW",
        "Azerbaijan, Rep. of": "AZE", "Bahamas, The": "BHS", "Bahrain, Kingdom of": "BHR", "Belarus, Rep. of": "BLR",
        "Central African Rep.": "CAF", "China, P.R.: Hong Kong": "HKG", "China, P.R.: Macao": "MAC",
        "China, P.R.: Mainland": "CHN", "Comoros, Union of the": "COM", "Congo, Dem. Rep. of the": "COD",
        "Congo, Rep. of": "COG", "Croatia, Rep. of": "HRV", "Czech Rep.": "CZE", "Dominican Rep.": "DOM",
        "Egypt, Arab Rep. of": "EGY", "Equatorial Guinea, Rep. of": "GNQ", "Eritrea, The State of": "ERI",
        "Estonia, Rep. of": "EST", "Eswatini, Kingdom of": "SWZ", "Ethiopia, The Federal Dem. Rep. of": "ETH",
        "Fiji, Rep. of": "FJI", "Gambia, The": "GMB", "Holy See": "VAT", "Iran, Islamic Rep. of": "IRN",
        "Korea, Dem. People's Rep. of": "PRK", "Korea, Rep. of": "KOR", "Kyrgyz Rep.": "KGZ",
        "Lao People's Dem. Rep.": "LAO", "Lesotho, Kingdom of": "LSO", "Madagascar, Rep. of": "MDG",
        "Marshall Islands, Rep. of the": "MHL", "Mauritania, Islamic Rep. of": "MRT", "Moldova, Rep. of": "MDA",
        "Mozambique, Rep. of": "MOZ", "Nauru, Rep. of": "NRU", "Netherlands, The": "NLD",
        "North Macedonia, Republic of": "MKD", "Poland, Rep. of": "POL", "San Marino, Rep. of": "SMR",
        "Serbia, Rep. of": "SRB", "Slovak Rep.": "SVK", "Slovenia, Rep. of": "SVN", "South Sudan, Rep. of": "SSD",
        "St. Kitts and Nevis": "KNA", "St. Lucia": "LCA", "St. Vincent and the Grenadines": "VCT",
        "Syrian Arab Rep.": "SYR", "São Tomé and Príncipe, Dem. Rep. of": "STP", "Taiwan Province of China": "TWN",
        "Tajikistan, Rep. of": "TJK", "Tanzania, United Rep. of": "TZA", "Timor-Leste, Dem. Rep. of": "TLS",
        "Turkey": "TUR", "Uzbekistan, Rep. of": "UZB", "Venezuela, Rep. Bolivariana de": "VEN",
        "West Bank and Gaza": "PSE", "Yemen, Rep. of": "YEM",
        "Kosovo, Rep. of": ("not_in_iso", "Kosovo has no ISO 3166-1 code (the user-assigned XK/XKX that the EU "
                                          "and the IMF use is not ISO's): kept without a code"),
        "Belgium-Luxembourg": ("aggregate", "The Belgium-Luxembourg economic union as one partner (IMF, before "
                                            "1997): two countries, no one code"),
        "Czechoslovakia": ("former", "ISO 3166-3: CSHH (alpha-3 CSK, withdrawn 1993)"),
        "Serbia and Montenegro": ("former", "ISO 3166-3: CSXX (alpha-3 SCG, withdrawn 2006)"),
        "Netherlands Antilles": ("former", "ISO 3166-3: ANHH (alpha-3 ANT, withdrawn 2010)"),
        "World": ("aggregate", ""), "Advanced Economies": ("aggregate", "IMF group"),
        "Emerging and Developing Economies": ("aggregate", "IMF group"),
        "Emerging and Developing Asia": ("aggregate", "IMF group"),
        "Emerging and Developing Europe": ("aggregate", "IMF group"), "Euro Area": ("aggregate", ""),
        "European Union": ("aggregate", ""), "Middle East and Central Asia": ("aggregate", "IMF group"),
        "Emerging Market and Developing Economies by Source of Export Earnings: Fuel": ("aggregate", "IMF group"),
        "Emerging Market and Developing Economies by Source of Export Earnings: Nonfuel":
            ("aggregate", "IMF group"),
        "Africa": ("region", ""), "Middle East": ("region", ""), "Sub-Saharan Africa": ("region", ""),
        "Western Hemisphere": ("region", ""),
        "Africa not specified": _OTHER, "Asia not specified": _OTHER, "Europe not specified": _OTHER,
        "Western Hemisphere not specified": _OTHER, "Countries & Areas not specified": _OTHER,
        "Other Countries not included elsewhere": _OTHER,
        "Special Categories": ("residual", "IMF: trade not attributed to a country (e.g. military goods, ship "
                                           "stores)"),
    },
    "eurostat": {
        "Russia": "RUS", "EU27": ("aggregate", "The European Union of 27 members (from February 2020)"),
    },
    "sipri": {
        "Russia": "RUS", "Turkey": "TUR", "Turkiye": "TUR", "Bosnia-Herzegovina": "BIH", "UAE": "ARE",
        "Soviet Union": ("former", "ISO 3166-3: SUHH (alpha-3 SUN, withdrawn 1992)"),
        "unknown supplier(s)": ("unknown", "SIPRI does not know the supplier"),
    },
    "owid": {"Russia": "RUS"},
    "ei": {
        "Brunei": "BRN", "China Hong Kong SAR": "HKG", "Republic of Congo": "COG", "Trinidad & Tobago": "TTO",
        "US": "USA",
        "USSR": ("former", "ISO 3166-3: SUHH (alpha-3 SUN, withdrawn 1992)"),
        "World": ("aggregate", ""), "Total World": ("aggregate", ""), "EU": ("aggregate", "European Union"),
        "European Union": ("aggregate", ""), "OPEC": ("aggregate", ""), "Non-OPEC": ("aggregate", ""),
        "of which: OECD": ("aggregate", ""), "Non-OECD": ("aggregate", ""),
        "CIS": ("aggregate", "The Energy Institute's CIS region"),
        "Total CIS": ("aggregate", "The Energy Institute's CIS region"),
        "Non-EU Europe": ("aggregate", "Europe less the EU"),
        "Rest of Europe": ("aggregate", "Europe less the countries named"),
        "Africa": ("region", ""), "Asia Pacific": ("region", ""), "Central America": ("region", ""),
        "Eastern Africa": ("region", ""), "Europe": ("region", ""), "Middle Africa": ("region", ""),
        "Middle East": ("region", ""), "North America": ("region", ""), "S. & Cent. America": ("region", ""),
        "Western Africa": ("region", ""), "Total Africa": ("region", ""), "Total Asia Pacific": ("region", ""),
        "Total Europe": ("region", ""), "Total Middle East": ("region", ""), "Total North America": ("region", ""),
        "Total S. & Cent. America": ("region", ""),
        "Other Africa": _OTHER, "Other Asia Pacific": _OTHER, "Other CIS": _OTHER, "Other Caribbean": _OTHER,
        "Other Europe": _OTHER, "Other Middle East": _OTHER, "Other Northern Africa": _OTHER,
        "Other S. & Cent. America": _OTHER, "Other South America": _OTHER, "Other Southern Africa": _OTHER,
    },
    "fcs": {},
    "report": {
        "armenia": "ARM", "belarus": "BLR", "china": "CHN", "france": "FRA", "italy": "ITA", "kazakhstan": "KAZ",
        "kyrgyzstan": "KGZ", "russia": "RUS", "tajikistan": "TJK", "turkey": "TUR", "turkmenistan": "TKM",
        "uk": "GBR", "usa": "USA", "uzbekistan": "UZB",
        "eu": ("aggregate", "The European Union"), "world": ("aggregate", "All partners"),
        "nato": ("organisation", "The North Atlantic Treaty Organization"),
    },
}
#: schemes whose names are matched by hand only (never to ISO's names letter for letter)
HAND_ONLY = {"report", "un"}


class CountryError(ValueError):
    """A name with no entry, or a code that is not ISO's."""


_ISO: dict | None = None


def iso() -> dict[str, tuple[str, str]]:
    """ISO 3166-1 from pycountry: alpha-3 -> (alpha-2, English short name)."""
    global _ISO
    if _ISO is None:
        import pycountry

        _ISO = {c.alpha_3: (c.alpha_2, c.name) for c in pycountry.countries}
    return _ISO


def _iso_names() -> dict[str, str]:
    import pycountry

    names = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if getattr(c, attr, None):
                names.setdefault(getattr(c, attr), c.alpha_3)
    return names


_NAMES: dict | None = None
_BNS: dict | None = None
#: the bureau's group codes (bns_partners.csv, column code) -> kind; its total is an aggregate
_BNS_KINDS = {"world": "aggregate", "cis": "aggregate", "eaeu": "aggregate", "eu": "aggregate",
              "non-eaeu": "aggregate", "non-eu": "aggregate", "africa": "region", "americas": "region",
              "asia": "region", "europe": "region", "oceania": "region", "rest-of-world": "residual"}


def bns_codes() -> dict[str, tuple[str, str]]:
    """The bureau's crosswalk (``bns_partners.csv`` in :data:`DATA`, hand-curated, its codes ISO's): Russian name
    -> (kind, alpha-3 or '')."""
    global _BNS
    if _BNS is None:
        with (DATA / "bns_partners.csv").open(encoding="utf-8", newline="") as handle:
            _BNS = {r["partner_ru"]: (_BNS_KINDS.get(r["code"], r["partner_kind"]), r["iso3"])
                    for r in csv.DictReader(handle)}
        bad = sorted({c for _, c in _BNS.values() if c and c not in iso()})
        if bad:
            raise CountryError(f"data/bns_partners.csv, column 'iso3': {bad} not ISO 3166-1 alpha-3 codes")
    return _BNS


def un_names() -> dict[str, str]:
    """The UN voting records' member-state names and the codes the extraction gives them."""
    import extract_un_votes

    return extract_un_votes.UN_NAME_ISO3


def resolve(scheme: str, name: str, where: str = "") -> tuple[str, str, str]:
    """(kind, alpha-3 code or '', note) for a name as ``scheme`` spells it; raise :class:`CountryError` (naming
    ``where``: file, column, row) for a name no entry covers."""
    global _NAMES
    if scheme not in SCHEMES:
        raise CountryError(f"{where}: unknown name scheme {scheme!r}")
    hand = un_names() if scheme == "un" else MATCHES.get(scheme, {})
    if scheme == "bns":
        if name in bns_codes():
            kind, code = bns_codes()[name]
            return kind, code, ""
    elif name in hand:
        entry = hand[name]
        if isinstance(entry, tuple):
            return entry[0], "", entry[1]
        if entry not in iso():
            raise CountryError(f"scripts/countries.py, scheme {scheme!r}, name {name!r}: {entry!r} is not an "
                               "ISO 3166-1 alpha-3 code")
        return "country", entry, ""
    elif scheme not in HAND_ONLY:
        if _NAMES is None:
            _NAMES = _iso_names()
        if name in _NAMES:
            return "country", _NAMES[name], ""
    raise CountryError(f"{where}: the country name {name!r} ({SCHEMES[scheme]}) has no entry in the country table: "
                       "add it to MATCHES in scripts/countries.py with its ISO 3166-1 code, or as an aggregate or "
                       "region without one")


def code(scheme: str, name: str, where: str = "") -> str:
    """The alpha-3 code of a name ('' for an aggregate, a region and the like); an empty name has an empty code."""
    return resolve(scheme, name, where)[1] if name else ""


# --------------------------------------------------------------------------------------------------------------
# the table

def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def rows(data_dir: Path = DATA) -> list[list[str]]:
    """The table's rows: ISO's list, then every (scheme, name) that a table in ``data_dir`` uses."""
    out = [["iso", name, "country", a3, a2, name, "", SOURCE_ID]
           for a3, (a2, name) in sorted(iso().items(), key=lambda kv: kv[1][1])]
    seen = set()
    for table, col, _code_col, scheme, _machine in USES:
        if col is None:
            continue
        header, body = _read(data_dir / table)
        if col not in header:
            raise CountryError(f"data/{table}: no column {col!r} (scripts/countries.py USES)")
        j = header.index(col)
        for number, row in enumerate(body, start=1):
            name = row[j]
            if not name or (scheme, name) in seen:
                continue
            seen.add((scheme, name))
            kind, a3, note = resolve(scheme, name, f"data/{table}, column '{col}', row {number} (line {number + 1})")
            a2, iso_name = iso()[a3] if a3 else ("", "")
            out.append([scheme, name, kind, a3, a2, iso_name, note, SOURCE_ID])
    for name in sorted(un_names()):  # names of a raw file that no table keeps (its extract keeps the codes)
        kind, a3, note = resolve("un", name, "scripts/extract_un_votes.py, UN_NAME_ISO3")
        out.append(["un", name, kind, a3, iso()[a3][0], iso()[a3][1], note, SOURCE_ID])
    order = list(SCHEMES)
    return out[:len(iso())] + sorted(out[len(iso()):], key=lambda r: (order.index(r[0]), r[1]))


def write_table(data_dir: Path = DATA) -> None:
    body = rows(data_dir)
    write_csv(data_dir / TABLE, HEADER, body)


def add_codes(data_dir: Path = DATA, machine: bool = True) -> None:
    """Give every table that names countries its code columns, from its name columns: a missing column is added at
    the end of the table (nothing else moves); an existing one is checked, and a code that differs from the
    country table's stops the run, naming the file, the column and the row. ``machine``: the extracts (run by
    ``make data`` after the extraction) or the hand-curated tables (``python scripts/countries.py --fill``)."""
    for table, col, code_col, scheme, is_machine in USES:
        if is_machine != machine or col is None:
            continue
        path = data_dir / table
        header, body = _read(path)
        j = header.index(col)
        added = code_col not in header
        if added:
            header.append(code_col)
            body = [row + [""] for row in body]
        k = header.index(code_col)
        if not machine and k == len(header) - 1:  # a curated row added without its code (e.g. after a merge)
            body = [row + [""] if len(row) == k else row for row in body]
        for number, row in enumerate(body, start=1):
            where = f"data/{table}, column '{col}', row {number} (line {number + 1})"
            want = code(scheme, row[j], where)
            if not added and not machine:
                row[k] = want
            elif not added and row[k] != want:
                raise CountryError(f"data/{table}, column '{code_col}', row {number} (line {number + 1}): code "
                                   f"{row[k]!r} for {row[j]!r}, the country table gives {want!r}")
            else:
                row[k] = want
        if added or not machine:
            write_csv(path, header, body, quiet=True)
            print(f"data/{table}: column {code_col} {'added' if added else 'refreshed'}")


def country_fields(table: str) -> list[dict]:
    """The schema's declaration of a table's country columns (``countryFields``), from :data:`USES`."""
    out = []
    for name, col, code_col, scheme, _machine in USES:
        if name == table:
            use = {"name": col, "code": code_col, "scheme": scheme} if col else {"code": code_col, "scheme": scheme}
            if (table, code_col) in NON_CODES:
                use["nonCodes"] = NON_CODES[(table, code_col)]
            out.append(use)
    return out


def code_field(name: str, what: str, required: bool = False) -> dict:
    """The schema field of a code column."""
    import fields

    constraints = {"pattern": "[A-Z]{3}"}
    if required:
        constraints["required"] = True
    return fields.f(name, "string", f"ISO 3166-1 alpha-3 code of {what} (data/countries.csv); empty for an "
                    "aggregate, a region, a residual or a former state", **constraints)


if __name__ == "__main__":
    if "--fill" in sys.argv[1:]:
        add_codes(machine=False)
    write_table()
