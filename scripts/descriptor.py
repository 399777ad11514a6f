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

from fields import SOURCE_FK, f, sid  # noqa: E402,F401  (the schema building blocks)

import sys as _sys  # noqa: E402
from pathlib import Path as _Path  # noqa: E402

_sys.path.insert(0, str(_Path(__file__).resolve().parent.parent))
from kzdep import register as _register  # noqa: E402  (the tier rubric)


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
                f("year", "integer", "Year of publication (empty where the source shows none)", minimum=1900,
                  maximum=2026),
                f("date", "string", "Publication date where known (YYYY-MM-DD)", pattern=r"\d{4}(-\d{2}(-\d{2})?)?"),
                f("url", "string", "Address of the source"),
                f("kind", "string", "dataset, report, page or article", required=True,
                  enum=["dataset", "report", "page", "article"]),
                # the tier rubric is written once, in kzdep/register.py (the data chapter prints the same text)
                f("tier", "string", _register.rubric_text(), required=True, enum=list(_register.TIERS)),
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
        "caveats": "Ends in 2020. Kept as an earlier edition beside the Energy Institute's 2026 and 2024 editions (oil_ei), "
                   "never spliced onto it; official Kazakh figures define production slightly differently (crude "
                   "and condensate). Values before 1992 are for the Kazakh SSR.",
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

RESOURCES.append({
    "name": "places",
    "path": "places.csv",
    "title": "Key places on the export routes",
    "description": "Fields, hubs, ports and terminals named on the maps, located at the first or last vertex of "
                   "a Global Energy Monitor route.",
    "licence_note": "CC BY 4.0 (Global Energy Monitor)",
    "sources_ids": ["gem-goit-2024"],
    "caveats": "A route's end point is where GEM's drawn line ends, which can be some kilometres from the town "
               "or terminal it is named after.",
    "schema": {
        "fields": [
            f("place", "string", "Place", required=True),
            f("label", "string", "Short name used on the maps", required=True, unique=True),
            f("kind", "string", "What the place is", required=True),
            f("lat", "number", "Latitude", "degrees north", required=True, minimum=-90, maximum=90),
            f("lon", "number", "Longitude", "degrees east", required=True, minimum=-180, maximum=180),
            f("derived_from", "string", "Which vertex of which GEM route", required=True),
            sid(),
        ],
        "primaryKey": ["place"],
        "foreignKeys": SOURCE_FK,
    },
})

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


# ---------------------------------------------------------------------------------------------------------------
# hand-curated tables: each row carries the source it comes from; where sources disagree, each keeps its own row

PARTIAL_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
ROUTES = ["cpc", "atyrau_samara", "kz_china", "aktau_sea_total", "aktau_btc", "aktau_makhachkala", "rail",
          "total_exports"]
PERIODS = ["full_year", "jan", "jan_apr", "jan_may", "jan_jun", "jan_jul", "jan_aug", "jan_sep", "jan_oct",
           "jan_nov", "three_years_to_2021-06"]
LEVERS = ["pipelines", "trade", "security", "people", "diversification"]


def note(description="What the source states, in the report's words (period, unit, caveats)"):
    return f("note", "string", description)


def curated(name, title, description, fields, primary_key, caveats, licence="Facts from the cited sources; "
            "table CC BY 4.0"):
    return {
        "name": name, "path": f"{name}.csv", "title": title, "description": description,
        "licence_note": licence, "sources_ids": [], "caveats": caveats,
        "schema": {"fields": fields, "primaryKey": primary_key, "foreignKeys": SOURCE_FK},
    }


RESOURCES += [
    curated(
        "oil_official", "Oil production and exports, official Kazakh figures",
        "Production, exports and domestic supply of crude oil and condensate as stated by Kazakh ministers, "
        "the Ministry of Energy or KazMunayGas, in million tonnes; one row per source.",
        [year("Year", 1991, 2026),
         f("measure", "string", "What is measured", required=True, enum=["production", "exports", "domestic_supply"]),
         f("value_mt", "number", "Volume", "million tonnes", required=True, minimum=0, maximum=200),
         f("basis", "string", "stated (an outturn as published), approx (rounded by the source), preliminary "
           "(a figure for the whole year stated before the year ended) or forecast (an expectation, never an "
           "outturn)", required=True, enum=["stated", "approx", "preliminary", "forecast"]),
         sid(), note()],
        ["year", "measure", "source_id"],
        "Statements reported by news outlets, some before the year ended (then labelled preliminary or forecast in "
        "the basis column; a forecast is never used as an outturn); production "
        "here is crude and condensate, a slightly narrower definition than BP's."),
    curated(
        "oil_export_routes", "Kazakh crude exports by route",
        "Volumes of Kazakh crude exported through each route in the years (or part-years) for which a cited "
        "figure exists, in million tonnes.",
        [year("Year", 1991, 2026),
         f("period", "string", "Full year or the months covered", required=True, enum=PERIODS),
         f("route", "string", "Export route", required=True, enum=ROUTES),
         f("volume_mt", "number", "Volume of Kazakh crude", "million tonnes", required=True, minimum=0, maximum=200),
         f("basis", "string", "stated, approx (rounded by the source), lower_bound ('more than'), derived "
           "(arithmetic on stated figures, shown in the note) or forecast", required=True,
           enum=["stated", "approx", "lower_bound", "derived", "forecast"]),
         sid(), note()],
        ["year", "period", "route", "source_id"],
        "No source gives a yearly series by route: the table is sparse. Sources differ in whether they count "
        "condensate and swaps. A year's split counts only when its routes add up to its stated total within the "
        "tolerance set in kzdep.pipelines (SPLIT_TOLERANCE_PCT)."),
    curated(
        "cpc_loadings", "Caspian Pipeline Consortium: loadings at Novorossiysk",
        "Total annual loadings of the CPC marine terminal and the part that is Kazakh oil, million tonnes.",
        [year("Year", 2001, 2026),
         f("measure", "string", "total_loadings (all oil loaded at the terminal), kazakh_oil (the part from "
           "Kazakh shippers) or kazakh_fields_intake (intake from the named Kazakh fields)", required=True,
           enum=["total_loadings", "kazakh_oil", "kazakh_fields_intake"]),
         f("value_mt", "number", "Volume", "million tonnes", required=True, minimum=0, maximum=200),
         f("basis", "string", "stated (an outturn as published), approx (rounded by the source), lower_bound "
           "('more than'), derived (arithmetic on stated figures, shown in the note) or forecast (a plan or "
           "expectation, never an outturn)", required=True,
           enum=["stated", "approx", "lower_bound", "derived", "forecast"]),
         sid(), note()],
        ["year", "measure", "source_id", "basis"],
        "A cited figure exists for some years only; rounded figures, lower bounds, derivations and forecasts are "
        "labelled in the basis column and never used as outturns."),
    curated(
        "route_capacity", "Capacity of the export routes",
        "Stated design or throughput capacity of each route, with the year it applies to.",
        [f("route", "string", "Route or segment", required=True,
           enum=["cpc", "cpc_kazakh_section", "atyrau_samara", "kz_china", "kcp_kenkiyak_atyrau_munaitas",
                 "aktau_sea_total", "btc"]),
         f("capacity_mt_per_year", "number", "Capacity", "million tonnes per year", required=True, minimum=0),
         f("as_of", "integer", "Year the capacity applies from", required=True, minimum=1990, maximum=2030),
         f("definition", "string", "What kind of capacity the source states: design (the nameplate: as built or "
           "as rated in the operator's capacity table), technical (what the line can carry as equipped, e.g. with "
           "drag-reducing agents), mechanical (the operator's physical maximum) or target (a capacity announced "
           "for a later year); kzdep.consistency (rule capacity-definition) refuses not_stated", required=True,
           enum=["design", "technical", "mechanical", "target", "not_stated"]),
         sid(), note()],
        ["route", "as_of", "capacity_mt_per_year", "source_id"],
        "Capacities are nominal; what a route can take in practice depends on quality bank, tariffs and "
        "tankers. BTC's capacity is shared with Azerbaijani crude."),
    curated(
        "cpc_stoppages", "Interruptions of the CPC, 2022-2025",
        "Each reported interruption of CPC loadings or pumping, with dates as the sources give them.",
        [f("event_id", "string", "Key of the interruption", required=True),
         f("start_date", "string", "Start (YYYY-MM-DD or YYYY-MM)", pattern=PARTIAL_DATE),
         f("end_date", "string", "End, if reported", pattern=PARTIAL_DATE),
         f("what_stopped", "string", "What stopped", required=True),
         f("cause", "string", "Cause as reported"),
         f("volume_effect", "string", "Effect on volumes as the source states it"),
         sid(), note()],
        ["event_id", "source_id"],
        "End dates are missing for several events; volumes lost are rarely reported and not comparable."),
    curated(
        "parameters", "Scenario parameters and single facts",
        "Oil prices, conversion figures, GDP and stated targets used in the stoppage scenario and the text.",
        [f("parameter", "string", "What the value is", required=True),
         f("value", "number", "Value", required=True),
         f("unit", "string", "Unit of the value", required=True),
         f("qualifier", "string", "stated, approx (rounded by the source), more_than (a lower bound) or "
           "projection", required=True, enum=["stated", "approx", "more_than", "projection"]),
         year("Year the value refers to", 1990, 2030),
         sid(), note()],
        ["parameter", "year", "source_id", "value"],
        "World Bank annual Brent averages are read from a third-party copy of the Pink Sheet; GDP in US$ for "
        "2021-2024 was not found in a citable source."),
    curated(
        "trade_official", "Trade with Russia, China and the EU after 2019, official statements",
        "Turnover, exports and imports in US$ millions as stated by Kazakh (KZ), Russian (RU) or other officials "
        "and statistics, full years and part-years; one row per source.",
        [year("Year", 2015, 2026),
         f("period", "string", "Full year or the months covered", required=True, enum=PERIODS),
         f("partner", "string", "Partner", required=True, enum=["world", "russia", "china", "eu", "italy"]),
         f("measure", "string", "turnover, exports or imports (Kazakhstan's)", required=True,
           enum=["turnover", "exports", "imports"]),
         f("value_usd_m", "number", "Value", "US$ million", required=True, minimum=0),
         f("reporter", "string", "Whose statistics: KZ, RU or other", required=True, enum=["KZ", "RU", "other"]),
         f("basis", "string", "stated, or preliminary: stated before the statistics office's final figure for the "
           "period, which the note then gives (kzdep.consistency, rule curated-vs-extract)", required=True,
           enum=["stated", "preliminary"]),
         sid(), note()],
        ["year", "period", "partner", "measure", "reporter", "source_id"],
        "Not the IMF series: figures come from statements relayed by news outlets, some approximate. Kazakh and "
        "Russian (and Chinese) figures for the same flow differ by billions of dollars."),
    curated(
        "imports_from_russia_composition", "What Kazakhstan imports from Russia (items cited)",
        "Selected product groups of Kazakhstan's imports from Russia, as reported for part-years.",
        [year("Year", 2015, 2026),
         f("product_group", "string", "Product group", required=True),
         f("value_usd_m", "number", "Value", "US$ million", minimum=0),
         f("share_pct", "number", "Share of imports from Russia", "percent", minimum=0, maximum=100),
         sid(), note()],
        ["year", "product_group", "source_id"],
        "Part-year items only (January-August); no full breakdown by HS section was found."),
    curated(
        "sanctions_evidence", "Evidence on re-exports and sanctions evasion via Kazakhstan",
        "Who says what about sanctioned or dual-use goods reaching Russia through Kazakhstan after February "
        "2022, with the figures they give.",
        [f("evidence_id", "string", "Key", required=True, unique=True),
         f("date", "string", "Date of the statement or report", pattern=PARTIAL_DATE),
         f("actor", "string", "Who makes the statement", required=True),
         f("claim", "string", "What is alleged or measured, in the report's words", required=True),
         f("figure", "string", "Numbers as stated"),
         sid(), note()],
        ["evidence_id"],
        "Allegations and measurements from different actors; not a series, and not proof of any one case."),
    curated(
        "events", "Events across the levers, 1991-2025",
        "Dated events: treaties, the customs union, the CSTO deployment, pipeline decisions, statements.",
        [f("date", "string", "Date (YYYY-MM-DD, or YYYY-MM / YYYY when only that is known)", required=True,
           pattern=PARTIAL_DATE),
         f("lever", "string", "Lever", required=True, enum=LEVERS),
         f("event", "string", "What happened, in the report's words", required=True),
         sid(), note()],
        ["date", "event"],
        "A selection, not a complete chronology."),
    curated(
        "csto_2022", "The CSTO deployment of January 2022",
        "Request, decision, arrival, contingents by country, guarded sites and withdrawal, as sources report "
        "them; disagreeing figures are kept side by side.",
        [f("date", "string", "Date", required=True, pattern=PARTIAL_DATE),
         f("kind", "string", "Kind of entry", required=True,
           enum=["request", "decision", "arrival", "contingent", "sites", "withdrawal_start", "withdrawal_end",
                 "statement"]),
         f("country", "string", "Contingent's country",
           enum=["russia", "belarus", "armenia", "tajikistan", "kyrgyzstan", "all"]),
         f("personnel", "number", "Personnel as stated", "persons", minimum=0),
         f("description", "string", "What the source reports", required=True),
         sid(), note()],
        ["date", "kind", "country", "source_id", "description"],
        "Sizes come from officials' statements relayed by the press; they disagree and are rounded."),
    curated(
        "facilities", "Sites Russia uses in Kazakhstan: Baikonur and the test ranges",
        "Area, annual rent, lease term and coordinates of Baikonur and the Russian test ranges, one row per "
        "facility and source; rows for total leased area and land returned.",
        [f("facility_id", "string", "Key of the facility", required=True),
         f("name", "string", "Name", required=True),
         f("kind", "string", "cosmodrome, test_range or other", required=True,
           enum=["cosmodrome", "test_range", "other"]),
         f("area_km2", "number", "Area", "square kilometres", minimum=0),
         f("area_note", "string", "What the area refers to, original unit"),
         f("annual_rent_usd_m", "number", "Annual rent", "US$ million a year", minimum=0),
         f("lease_start", "string", "Start of the lease", pattern=PARTIAL_DATE),
         f("lease_end", "string", "End of the lease", pattern=PARTIAL_DATE),
         f("lat", "number", "Latitude", "degrees north", minimum=-90, maximum=90),
         f("lon", "number", "Longitude", "degrees east", minimum=-180, maximum=180),
         sid(), note()],
        ["facility_id", "source_id", "area_note"],
        "Several range figures rest on weak secondary outlets (flagged in the sources register); rents for the "
        "ranges are reported for different years and protocols."),
    curated(
        "census_ethnic", "Population by ethnic group at the censuses of 1989, 1999, 2009 and 2021",
        "Persons and shares as published (official census results or sources quoting them); one row per source.",
        [f("census_year", "integer", "Census year", required=True, enum=[1989, 1999, 2009, 2021]),
         f("group", "string", "Ethnic group (total for the whole population)", required=True,
           enum=["total", "kazakh", "russian", "ukrainian", "german", "uzbek", "uyghur", "tatar", "other"]),
         f("persons", "integer", "Persons", "persons", minimum=0),
         f("share_pct", "number", "Share of the population", "percent", minimum=0, maximum=100),
         sid(), note()],
        ["census_year", "group", "source_id", "persons", "share_pct"],
        "Sources do not say whether counts are de jure or de facto; 1989 shares differ between sources for "
        "that reason. Counts for 2009 and 2021 are mostly given as shares."),
    curated(
        "people", "People: students, opinion, remittances, border, uranium",
        "Single values and short series on the human ties between the two countries.",
        [f("topic", "string", "Topic", required=True,
           enum=["students_in_russia", "levada_friendly_country", "remittances", "border_length_km",
                 "uranium_production", "other"]),
         f("year", "integer", "Year (empty where the source gives none)", minimum=1989, maximum=2026),
         f("value", "number", "Value", required=True),
         f("unit", "string", "Unit", required=True),
         sid(), note()],
        ["topic", "year", "value", "unit", "source_id"],
        "Point values, not series; Levada waves without a year on the page have an empty year."),
    curated(
        "cooperation", "Military cooperation outside Russia",
        "Exercises, arms deals and agreements with partners other than Russia, 2015-2025.",
        [year("Year", 1991, 2026),
         f("partner", "string", "Partner", required=True),
         f("kind", "string", "Kind", required=True, enum=["exercise", "arms_deal", "agreement", "training"]),
         f("description", "string", "What happened", required=True),
         f("figure", "string", "Numbers as stated"),
         sid(), note()],
        ["year", "partner", "kind", "description"],
        "A list of documented items, not a measure of volume."),
    curated(
        "claims", "Claims register: the two source articles, checked",
        "Each checkable claim of the two articles with a verdict, the reference value and its source.",
        [f("id", "string", "Claim id", required=True, unique=True, pattern=r"C\d{2,3}"),
         f("article", "string", "Article", required=True, enum=["olivium-2022", "defencetoday-2023"]),
         f("claim", "string", "The claim, paraphrased", required=True),
         f("quote_fragment", "string", "A few words of the article to find it"),
         f("topic", "string", "Topic", required=True,
           enum=["pipelines", "trade", "security", "people", "politics", "geography", "space"]),
         f("chapter", "string", "The chapter of the report that examines the claim (none: checked only in the "
           "claims register)", required=True, enum=["pipelines", "trade", "security", "people", "none"]),
         f("verdict", "string", "Verdict", required=True,
           enum=["supported", "partly_supported", "contradicted", "could_not_verify", "not_checkable"]),
         f("reference_value", "string", "What the best sources say"),
         sid("The main source of the verdict"),
         f("other_source_ids", "string", "Further sources, separated by semicolons"),
         note("Why this verdict"),
         f("computable", "string", "yes when the report's data settle it in code", required=True,
           enum=["yes", "no"]),
         f("dataset_hint", "string", "Which quantity settles it")],
        ["id"],
        "Verdicts marked computable are recomputed from the data when the book is built; the others are the "
        "report's reading of the cited sources."),
]

from extract_trade import RESOURCES as TRADE_RESOURCES  # noqa: E402  (trade to the present)

RESOURCES += TRADE_RESOURCES
RESOURCES += [
    curated(
        "bns_partners", "The bureau's partner names with ISO 3166 codes and English names",
        "Every partner and group name in the Bureau of National Statistics' trade workbooks (trade_bns.csv), as "
        "printed in Russian, with one code and one English name per partner: ISO 3166-1 alpha-2 and alpha-3 codes "
        "for countries, a lower-case word for the total and the groups. Spelling variants between releases (14 "
        "partners are spelt two or three ways) share one code, so a partner is counted once.",
        [f("partner_ru", "string", "The bureau's name, as printed", required=True, unique=True),
         f("code", "string", "ISO 3166-1 alpha-2 code; for the total and the groups a lower-case word",
           required=True, pattern=r"[A-Z]{2}|[a-z][a-z-]+"),
         f("partner_en", "string", "English name (ISO's short name, or a common short form)", required=True),
         f("partner_kind", "string", "total, group or country", required=True, enum=["total", "group", "country"]),
         f("iso3", "string", "ISO 3166-1 alpha-3 code (countries)", pattern=r"[A-Z]{3}"),
         sid()],
        ["partner_ru"],
        "The match of Russian names to codes is the report's (ISO's Russian names in the iso-codes package, 55 "
        "spellings by hand); the bureau's groups are its own, translated by the report.",
        licence="ISO 3166-1 codes and names; table CC BY 4.0"),
]

# the summary chapter's table (scripts/descriptor_summary.py)
import descriptor_summary  # noqa: E402

RESOURCES += descriptor_summary.resources()

# The people chapter's tables (issue 13) live in their own module.
from descriptor_people import resources as _people_resources  # noqa: E402

RESOURCES += _people_resources(f, sid, note, curated)

# the newer editions (EI 2024, SIPRI 2025 register, SIPRI milex 2024): their descriptors live with their extraction
from extract_energy_arms import RESOURCES as _ENERGY_ARMS  # noqa: E402

RESOURCES += _ENERGY_ARMS

# SIPRI's newest releases (milex 2025, trade registers of May 2026 and March 2025): with their extraction
from extract_arms import RESOURCES as _ARMS  # noqa: E402

RESOURCES += _ARMS
from extract_un_votes import RESOURCES as _UN_VOTES  # noqa: E402  (UN votes on Ukraine and Crimea)

RESOURCES += _UN_VOTES
# energy: Energy Institute 2026 (edition of record) and 2024, KazMunayGas midstream (scripts/extract_energy.py)
from extract_energy import RESOURCES as _ENERGY  # noqa: E402

RESOURCES += _ENERGY
# Kazakhstan among Russia's neighbours (issue 26): descriptors live with the extraction
from extract_neighbours import RESOURCES as _NEIGHBOURS  # noqa: E402

RESOURCES += _NEIGHBOURS

# every country by its code (issue 23, item 6): the country table, and in every table that names countries a code
# column beside each name column (added at the end of the table), declared once in scripts/countries.py (USES) and
# checked by the loader against the country table (schema key countryFields)
import countries as _countries  # noqa: E402

RESOURCES.append({
    "name": "country_codes", "path": _countries.TABLE,
    "title": "Country names and their ISO 3166-1 codes",
    "description": "ISO 3166-1's list (alpha-3 and alpha-2 codes, English short name; scheme 'iso'), then every "
                   "country name a table of the package uses, as its source spells it (IMF, Eurostat, SIPRI, Our "
                   "World in Data, the Energy Institute, the bureau's Russian names, Russia's customs, the UN's voting "
                   "records, the report's "
                   "own keys), with the code it stands for. Aggregates, regions, residuals ('Other Europe'), former "
                   "states and territories ISO does not list have no code: their kind says what they are.",
    "licence_note": "ISO 3166-1 codes and names; table CC BY 4.0", "sources_ids": [],
    "caveats": "The codes and ISO's names are read from the list shipped by the pycountry package (pinned in "
               "requirements.txt), ISO's list unmodified. A source name matches ISO when it is ISO's short, common "
               "or official name letter for letter; every other match is the report's, written out in "
               "scripts/countries.py (the bureau's Russian names: data/bns_partners.csv). Kosovo has no ISO 3166-1 "
               "code and is kept without one; the Soviet Union, Czechoslovakia, Serbia and Montenegro and the "
               "Netherlands Antilles are former states (their withdrawn ISO 3166-3 codes in the note).",
    "schema": {"fields": [
        f("scheme", "string", "Whose spelling: " + "; ".join(f"{k}: {v}" for k, v in _countries.SCHEMES.items()),
          required=True, enum=list(_countries.SCHEMES)),
        f("name", "string", "The name as the source spells it", required=True),
        f("kind", "string", "What the name is: " + "; ".join(f"{k}: {v}" for k, v in _countries.KINDS.items()),
          required=True, enum=list(_countries.KINDS)),
        f("iso3", "string", "ISO 3166-1 alpha-3 code (countries only)", pattern="[A-Z]{3}"),
        f("iso2", "string", "ISO 3166-1 alpha-2 code (countries only)", pattern="[A-Z]{2}"),
        f("iso_name", "string", "ISO 3166-1 English short name of the code"),
        f("note", "string", "How a name without a code is handled"),
        sid()], "primaryKey": ["scheme", "name"], "foreignKeys": SOURCE_FK},
})


def _with_country_codes(spec: dict) -> dict:
    """A table's schema with a field for each of its code columns (those it lacks, at the end) and the declaration
    of its country columns (countryFields) that the loader checks."""
    uses = _countries.country_fields(spec["path"])
    if not uses:
        return spec
    schema = dict(spec["schema"])
    names = [fld["name"] for fld in schema["fields"]]
    added = []
    for use in uses:
        if use["code"] not in names and use["code"] not in [a["name"] for a in added]:
            added.append(_countries.code_field(use["code"], f"the {use.get('name', 'country')}"))
    schema["fields"] = list(schema["fields"]) + added
    schema["countryFields"] = uses
    return dict(spec, schema=schema)


RESOURCES = [_with_country_codes(spec) for spec in RESOURCES]
