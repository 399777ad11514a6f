"""The data package's descriptor, written as Python so it reads and diffs well.

``python scripts/make_data.py --rehash`` turns this into ``data/datapackage.json`` (a Frictionless Data Package) with
each file's size and sha256. Every table's schema gives field types, units (``unit``), constraints and keys; every
table has a ``source_id`` column whose values must exist in ``sources.csv`` (a foreign key).
"""

from __future__ import annotations

PACKAGE = {
    "name": "kazakhstan-russia-dependence",
    "title": "Kazakhstan's dependence on Russia: the report's data package",
    "description": (
        "Tidy extracts and hand-curated tables behind the report. Extracts are rebuilt from the publishers' files "
        "by scripts/make_data.py; hand-curated rows each carry the source they come from. Calculations in the "
        "report are the report's own, not the publishers'."
    ),
    "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 (this compilation); "
                  "each source keeps its own terms, given per resource", "path":
                  "https://creativecommons.org/licenses/by/4.0/"}],
}

SOURCE_FK = [{"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}}]


def f(name, type_, description, unit=None, **constraints):
    """One schema field."""
    field = {"name": name, "type": type_, "description": description}
    if unit:
        field["unit"] = unit
    if constraints:
        field["constraints"] = constraints
    return field


def sid(description="Key of the row's source in sources.csv"):
    return f("source_id", "string", description, required=True)


def year(description="Calendar year", lo=1900, hi=2030):
    return f("year", "integer", description, required=True, minimum=lo, maximum=hi)


RESOURCES = [
    {
        "name": "sources",
        "path": "sources.csv",
        "title": "Sources register",
        "description": "Every source the report cites: publisher, title, year, address, and for files the "
                       "repository, path and commit they were taken from.",
        "licence_note": "Bibliographic metadata, CC BY 4.0",
        "sources_ids": [],
        "caveats": "",
        "schema": {
            "fields": [
                f("source_id", "string", "Short key", required=True, unique=True, pattern=r"[a-z0-9][a-z0-9-]*"),
                f("publisher", "string", "Publisher or author", required=True),
                f("title", "string", "Title of the dataset, report or page", required=True),
                f("year", "integer", "Year of publication", required=True, minimum=1980, maximum=2026),
                f("date", "string", "Publication date where known (YYYY-MM-DD)", pattern=r"\d{4}(-\d{2}(-\d{2})?)?"),
                f("url", "string", "Address of the source"),
                f("kind", "string", "dataset, report, page or article", required=True,
                  enum=["dataset", "report", "page", "article"]),
                f("repository", "string", "For files: the public repository (owner/name) they were taken from"),
                f("path", "string", "For files: path inside that repository"),
                f("commit", "string", "For files: the commit read", pattern=r"[0-9a-f]{40}"),
                f("licence", "string", "Licence or terms of use"),
                f("accessed", "string", "Date the report's authors read the source", pattern=r"\d{4}-\d{2}-\d{2}"),
                f("note", "string", "What the source is and how far to trust it"),
            ],
            "primaryKey": ["source_id"],
        },
    },
    {
        "name": "trade_dots",
        "path": "trade_dots.csv",
        "title": "Kazakhstan's merchandise trade by partner, 1992-2020 (IMF DOTS)",
        "description": "Exports (FOB) and imports (CIF) reported by Kazakhstan, by partner country and IMF "
                       "aggregate, in US$ millions; every cell of the IMF workbook, with IMF's estimate flag.",
        "licence_note": "IMF data: reuse with attribution to the IMF (IMF terms of use)",
        "sources_ids": ["imf-dots-2022"],
        "caveats": "From 2010 Kazakhstan's customs no longer recorded trade with its customs-union partners "
                   "(Russia, Belarus) from declarations: the 2010 values for them and for totals that include "
                   "them are incomplete (flagged in series_break). Partner attribution follows country of origin "
                   "(imports) and destination as declared (exports); re-exports are not separated. The "
                   "European Union aggregate is the IMF's current composition for all years.",
        "schema": {
            "fields": [
                year("Year", 1992, 2020),
                f("flow", "string", "exports (FOB) or imports (CIF)", required=True, enum=["exports", "imports"]),
                f("partner", "string", "Partner as named by the IMF", required=True),
                f("partner_kind", "string", "country, aggregate (e.g. World, European Union) or unallocated",
                  required=True, enum=["country", "aggregate", "unallocated"]),
                f("value_usd_m", "number", "Value", "US$ million", required=True, minimum=0),
                f("imf_estimate", "boolean", "IMF marks the value as an estimate ('e')", required=True),
                f("series_break", "string", "Statistical break affecting the value, if any",
                  enum=["customs-union-2010"]),
                sid(),
            ],
            "primaryKey": ["year", "flow", "partner"],
            "foreignKeys": SOURCE_FK,
        },
    },
    {
        "name": "oil_bp",
        "path": "oil_bp.csv",
        "title": "Kazakhstan's oil production and consumption, 1985-2020 (BP Statistical Review 2021)",
        "description": "Oil production (crude, shale, oil sands and NGLs) and consumption in million tonnes, "
                       "production in thousand barrels a day, gas production in bcm.",
        "licence_note": "BP Statistical Review of World Energy: free use with attribution",
        "sources_ids": ["bp-sr-2021"],
        "caveats": "Ends in 2020; later years come from official Kazakh figures, which define production "
                   "slightly differently (crude and condensate). Values before 1992 are for the Kazakh SSR.",
        "schema": {
            "fields": [
                year("Year", 1965, 2020),
                f("production_mt", "number", "Oil production", "million tonnes", required=True, minimum=0),
                f("consumption_mt", "number", "Oil consumption", "million tonnes", minimum=0),
                f("production_kbd", "number", "Oil production", "thousand barrels per day", minimum=0),
                f("gas_production_bcm", "number", "Natural gas production", "billion cubic metres", minimum=0),
                sid(),
            ],
            "primaryKey": ["year"],
            "foreignKeys": SOURCE_FK,
        },
    },
    {
        "name": "population",
        "path": "population.csv",
        "title": "Population of Kazakhstan by year (Our World in Data)",
        "description": "Total population, persons, as carried in Our World in Data's energy dataset "
                       "(UN World Population Prospects and OWID's historical estimates).",
        "licence_note": "CC BY 4.0 (Our World in Data)",
        "sources_ids": ["owid-energy-2025"],
        "caveats": "Modelled mid-year estimates, not census counts; they differ from the census totals.",
        "schema": {
            "fields": [
                year("Year", 1900, 2030),
                f("population", "integer", "Population", "persons", required=True, minimum=0),
                sid(),
            ],
            "primaryKey": ["year"],
            "foreignKeys": SOURCE_FK,
        },
    },
    {
        "name": "milex_share_gdp",
        "path": "milex_share_gdp.csv",
        "title": "Military expenditure as a share of GDP (SIPRI), Kazakhstan and neighbours",
        "description": "SIPRI Military Expenditure Database, 2025 release, as exported by Our World in Data.",
        "licence_note": "SIPRI data: cite SIPRI; calculations are the report's, not SIPRI's",
        "sources_ids": ["sipri-milex-2025"],
        "caveats": "A share of GDP falls when GDP grows faster than spending: it is not a measure of spending in "
                   "money. SIPRI revises past years with each release.",
        "schema": {
            "fields": [
                f("country", "string", "Country", required=True),
                year("Year", 1949, 2025),
                f("milex_pct_gdp", "number", "Military expenditure as a share of GDP", "percent",
                  required=True, minimum=0, maximum=100),
                sid(),
            ],
            "primaryKey": ["country", "year"],
            "foreignKeys": SOURCE_FK,
        },
    },
    {
        "name": "arms_imports_tiv",
        "path": "arms_imports_tiv.csv",
        "title": "Kazakhstan's arms imports by supplier, 1992-2021 (SIPRI TIV)",
        "description": "The 'Kazakhstan' row of SIPRI's table of each supplier's arms exports, in trend-indicator "
                       "values (TIV, millions); only the years with deliveries are listed.",
        "licence_note": "SIPRI data: cite SIPRI; calculations are the report's, not SIPRI's",
        "sources_ids": ["sipri-at-2022"],
        "caveats": "TIV measures the volume of transfers of major conventional weapons, not their price: it "
                   "cannot be compared with money or GDP. SIPRI writes '0' for deliveries under 0.5 TIV. Only the "
                   "134 suppliers in the source collection are covered; data stop in 2021.",
        "schema": {
            "fields": [
                f("supplier", "string", "Supplying country", required=True),
                year("Year of delivery", 1950, 2021),
                f("tiv_m", "number", "Trend-indicator value of deliveries", "TIV million", required=True,
                  minimum=0),
                sid(),
            ],
            "primaryKey": ["supplier", "year"],
            "foreignKeys": SOURCE_FK,
        },
    },
]

GEO_RESOURCES = [
    {
        "name": "countries",
        "path": "geo/countries.geojson",
        "format": "geojson",
        "title": "Country boundaries of the region (Natural Earth 1:110m)",
        "description": "Polygons of Kazakhstan, its neighbours and the countries along its export routes.",
        "licence_note": "Public domain (Natural Earth)",
        "sources_ids": ["natural-earth-110m"],
        "caveats": "Boundaries are generalised and shown for orientation only; they imply no endorsement.",
    },
    {
        "name": "pipelines",
        "path": "geo/pipelines.geojson",
        "format": "geojson",
        "title": "Oil pipeline routes (Global Energy Monitor)",
        "description": "Routes of the oil pipelines that carry Kazakh crude, with GEM project ids and names.",
        "licence_note": "CC BY 4.0 (Global Energy Monitor)",
        "sources_ids": ["gem-goit-2024"],
        "caveats": "Route geometry is approximate (GEM's RouteAccuracy). There is no drawn route for tanker "
                   "shipments across the Caspian Sea.",
    },
]
