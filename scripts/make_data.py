"""Rebuild the machine-made extracts in ``data/`` from the original raw files, and re-pin every checksum.

Usage::

    python scripts/make_data.py --raw ../shared/sources      # or: KZDEP_RAW=../shared/sources make data
    python scripts/make_data.py --rehash                      # only refresh sha256/bytes in datapackage.json

The raw files are public, unmodified reference copies (see each source's ``repository``/``path``/``commit`` in
``data/sources.csv``); they are not committed. Their sha256 are pinned below: a raw file that differs stops the
script. Hand-curated tables (those whose rows each carry their own ``source_id`` from a page or report) are not
touched by the extraction; ``--rehash`` refreshes the checksums of every resource.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

# sha256 of every raw file read, as published at the commits named in data/sources.csv
RAW_SHA256 = {
    "imf-dots/DOTS_103.xlsx": "295bd2d6c4ed85705b0806f591c03c1c6e6c05149dc691c7d8ef036389e70903",
    "bp-statistical-review-2021/statistical_review_of_world_energy_bp_2021.csv":
        "aa3a4cf43859a4f17f128126b3fda826be54080664cb97c4f6696feb2b34a090",
    "owid-energy/owid-energy-data-kazakhstan-rows.csv":
        "f99efb23461c26f6877a17f8d2dec5b182b0007e9fdde7cdb938b054ef96a7cf",
    "sipri-milex/military-spending-as-a-share-of-gdp-sipri.csv":
        "e6abc1654b990c781ebdab020eee2c2b21be082d258de9d6499e2a5be6ceb708",
    "natural-earth/ne_110m_admin_0_countries.geojson":
        "f13507d661b505d3ec61a1d1bf80982e191921c5a422d41a664be21ba3e269f9",
    "gem-oil-pipelines/GEM-liquid-pipelines-for-GitHub-2024-03-19.geojson":
        "e3d522084c7ae1d263ead9fd987cbd0329bc5a3b6dccdf037183478a6e5a79f4",
    "gem-oil-pipelines/P0644.geojson": "9495e99458d6889accd1060621380e96f8f86368577a211fbde8594d4e4f4aa8",
    "gem-oil-pipelines/P0645.geojson": "8708d0c42d9dc3b687b23817bf8a9c28d46650534270101caf3d98c3c3d9f169",
    "gem-oil-pipelines/P0646.geojson": "924af5a9b10443deb4329e54aa8efe11b59099d9afe36a0a2b85e30939f8eb9b",
    "gem-oil-pipelines/P0648.geojson": "0537deefe78b5dbaedd8edbf2fb5eeec7c9b114a85407f85319b298514377417",
    "gem-oil-pipelines/P0649.geojson": "5d47cef7ee0b90e07efc950d8c32dd7182b0dcfbdbe89e32fde10b38614048e6",
    "gem-oil-pipelines/P5193.geojson": "966858ffedbacd806a9855f66066fc05263fc8d2465fd3317a20d6b65d186190",
    "gem-oil-pipelines/P5194.geojson": "bf3dcb265acb8c59e586c8aed7c63740a028b10dd3983f93a85f801f173b3472",
    "gem-oil-pipelines/P5197.geojson": "2046cd1565609c345d840ca1ce7946e53d82c2ba21146002dd26e2f110a1618e",
    "gem-oil-pipelines/P5198.geojson": "16642330b1a3b150bf5f9ee6694bac168fefad9837c47e3dbd6aa7b58355c369",
    "gem-oil-pipelines/P5201.geojson": "0ac27d1b4d4faf00294b3e92cecf9010a0cf29e10582fa87c8f4641187f88aa2",
    "gem-oil-pipelines/P5202.geojson": "cf6cbfdca0bd47a0807415bf40c4b3a6fd5aa1f46384422a1a04aa7b0b0bd3a3",
}
SIPRI_DIR = "sipri-arms-transfers"

DOTS_AGGREGATES = {
    "World", "Advanced Economies", "Euro Area", "European Union", "Emerging and Developing Economies",
    "Emerging and Developing Asia", "Emerging and Developing Europe", "Middle East", "Middle East and Central Asia",
    "Sub-Saharan Africa", "Western Hemisphere", "Africa",
    "Emerging Market and Developing Economies by Source of Export Earnings: Fuel",
    "Emerging Market and Developing Economies by Source of Export Earnings: Nonfuel",
}
DOTS_UNALLOCATED = {
    "Africa not specified", "Asia not specified", "Europe not specified", "Western Hemisphere not specified",
    "Countries & Areas not specified", "Other Countries not included elsewhere", "Special Categories",
}
# From July 2010 trade with customs-union partners (Russia, Belarus) is no longer taken from customs declarations;
# the 2010 values for them, and the totals that contain them, are incomplete. Flagged, never dropped.
DOTS_BREAK_YEAR = 2010
DOTS_BREAK_PARTNERS = {"Russian Federation", "Belarus, Rep. of", "World", "Emerging and Developing Economies",
                       "Emerging and Developing Europe",
                       "Emerging Market and Developing Economies by Source of Export Earnings: Fuel",
                       "Emerging Market and Developing Economies by Source of Export Earnings: Nonfuel"}

MILEX_ENTITIES = ["Kazakhstan", "Russia", "China", "Uzbekistan", "Kyrgyzstan", "Azerbaijan"]
NE_COUNTRIES = ["KAZ", "RUS", "CHN", "UZB", "TKM", "KGZ", "TJK", "AZE", "GEO", "ARM", "TUR", "IRN", "UKR", "MNG",
                "AFG", "BLR", "SYR", "IRQ", "ROU", "BGR", "MDA", "GRC", "CYP", "PAK", "IND"]
# places named on the maps, located at an end of a GEM route (as the research guide's table of places notes)
PLACES = [  # place, short label for maps, kind, GEM route, which end
    ("Tengiz", "Tengiz", "oil field", "P0646", "first"),
    ("Novorossiysk (CPC marine terminal)", "Novorossiysk", "export terminal", "P0646", "last"),
    ("Samara", "Samara", "pipeline junction", "P0649", "first"),
    ("Uzen", "Uzen", "oil field", "P0649", "last"),
    ("Atyrau", "Atyrau", "pipeline hub", "P5198", "first"),
    ("Kenkiyak", "Kenkiyak", "pipeline junction", "P5198", "last"),
    ("Aktau", "Aktau", "sea port", "P5194", "last"),
    ("Sangachal, Baku (BTC head)", "Baku (Sangachal)", "pipeline head", "P0644", "first"),
    ("Ceyhan", "Ceyhan", "export terminal", "P0644", "last"),
    ("Atasu", "Atasu", "pipeline junction", "P0648", "first"),
    ("Alashankou", "Alashankou", "border crossing", "P0648", "last"),
]
GEM_ROUTES = ["P0646", "P0649", "P5198", "P5197", "P0648", "P0644", "P0645", "P5193", "P5194", "P5201", "P5202"]


sys.path.insert(0, str(Path(__file__).resolve().parent))
from rawio import RawError, fmt, read_pinned, sha256_bytes  # noqa: E402,F401  (shared by every extraction)
import rawio  # noqa: E402


def read_raw(raw_dir: Path, rel: str) -> bytes:
    return read_pinned(raw_dir / rel, RAW_SHA256.get(rel))


def write_csv(name: str, header: list[str], rows: list[list]) -> None:
    rawio.write_csv(DATA / name, header, rows)


# ---------------------------------------------------------------------------------------------------------------

def extract_dots(raw_dir: Path) -> None:
    import io

    import openpyxl

    raw = read_raw(raw_dir, "imf-dots/DOTS_103.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    flows = {"Exports, FOB": "exports", "Imports, CIF": "imports"}
    rows = []
    for sheet in book.worksheets:
        flow = flows[sheet.title]
        table = list(sheet.iter_rows(values_only=True))
        if table[3][1] != "Kazakhstan, Rep. of" or table[4][1] != "US Dollars, Millions":
            raise RawError(f"DOTS_103.xlsx sheet {sheet.title!r}: unexpected header")
        years = [int(y) for y in table[6][2:]]
        seen = {}
        for line in table[7:]:
            partner = line[1]
            if not partner:
                continue
            # the IMF sheet repeats one partner (Australia) on two rows; identical repeats are kept once
            if partner in seen:
                if seen[partner] != line[2:]:
                    raise RawError(f"DOTS_103.xlsx {sheet.title}: partner {partner!r} twice with different values")
                continue
            seen[partner] = line[2:]
            kind = ("aggregate" if partner in DOTS_AGGREGATES
                    else "unallocated" if partner in DOTS_UNALLOCATED else "country")
            for year, cell in zip(years, line[2:]):
                if cell is None or cell == "":
                    continue
                estimate = False
                if isinstance(cell, str):
                    match = re.fullmatch(r"\s*(-?[\d.]+)\s*(e?)\s*", cell)
                    if not match:
                        raise RawError(f"DOTS_103.xlsx {sheet.title} {partner} {year}: cell {cell!r}")
                    cell, estimate = float(match.group(1)), match.group(2) == "e"
                brk = "customs-union-2010" if (year == DOTS_BREAK_YEAR and partner in DOTS_BREAK_PARTNERS) else ""
                rows.append([year, flow, partner, kind, fmt(cell), str(estimate).lower(), brk, "imf-dots-2022"])
    rows.sort(key=lambda r: (r[1], r[2], r[0]))
    write_csv("trade_dots.csv", ["year", "flow", "partner", "partner_kind", "value_usd_m", "imf_estimate",
                                 "series_break", "source_id"], rows)


def extract_bp(raw_dir: Path) -> None:
    raw = read_raw(raw_dir, "bp-statistical-review-2021/statistical_review_of_world_energy_bp_2021.csv")
    reader = csv.DictReader(raw.decode("utf-8").splitlines())
    cols = {"Oil Production - Tonnes": "production_mt", "Oil Consumption - Tonnes": "consumption_mt",
            "Oil Production - Barrels": "production_kbd", "Gas Production - Bcm": "gas_production_bcm"}
    rows = []
    for rec in reader:
        if rec["Entity"] != "Kazakhstan" or not rec["Oil Production - Tonnes"]:
            continue
        rows.append([int(rec["Year"])] + [fmt(rec[c]) if rec[c] else "" for c in cols] + ["bp-sr-2021"])
    rows.sort()
    write_csv("oil_bp.csv", ["year", *cols.values(), "source_id"], rows)


def extract_owid_population(raw_dir: Path) -> None:
    raw = read_raw(raw_dir, "owid-energy/owid-energy-data-kazakhstan-rows.csv")
    rows = []
    for rec in csv.DictReader(raw.decode("utf-8").splitlines()):
        if rec["country"] == "Kazakhstan" and rec["population"]:
            rows.append([int(rec["year"]), int(float(rec["population"])), "owid-energy-2025"])
    rows.sort()
    write_csv("population.csv", ["year", "population", "source_id"], rows)


def extract_milex(raw_dir: Path) -> None:
    raw = read_raw(raw_dir, "sipri-milex/military-spending-as-a-share-of-gdp-sipri.csv")
    rows = []
    for rec in csv.DictReader(raw.decode("utf-8").splitlines()):
        if rec["Entity"] in MILEX_ENTITIES:
            rows.append([rec["Entity"], int(rec["Year"]), fmt(rec["Military expenditure (% of GDP)"]),
                         "sipri-milex-2025"])
    rows.sort(key=lambda r: (MILEX_ENTITIES.index(r[0]), r[1]))
    write_csv("milex_share_gdp.csv", ["country", "year", "milex_pct_gdp", "source_id"], rows)


def extract_sipri_arms(raw_dir: Path) -> None:
    files = rawio.read_pinned_folder(raw_dir / SIPRI_DIR, "TIV-Export-*-1950-2021.csv", SIPRI_DIGEST,
                                     "SIPRI supplier", count=134)
    rows = []
    for path, raw in files:
        table = list(csv.reader(raw.decode("utf-8").splitlines()))
        title = re.fullmatch(r"TIV of arms exports from (.+), 1950-2021", table[0][0])
        if not title:
            raise RawError(f"{path}: unexpected title {table[0][0]!r}")
        supplier = title.group(1)
        header = next(r for r in table if len(r) > 2 and r[1] == "1950")
        for line in table:
            if line and line[0] == "Kazakhstan":
                values = dict(zip(header[1:], line[1:]))
                for year in range(1950, 2022):
                    cell = values.get(str(year), "")
                    if cell.strip():
                        rows.append([supplier, year, fmt(cell), "sipri-at-2022"])
                total = values.get("Total", "").strip()
                if total:
                    rows.append([supplier, "", fmt(total), "sipri-at-2022"])
    yearly = [r for r in rows if r[1] != ""]
    totals = {r[0]: float(r[2]) for r in rows if r[1] == ""}
    # SIPRI's own row totals are kept as a check, not as data: the extract keeps the yearly cells only.
    for supplier, total in totals.items():
        summed = sum(float(r[2]) for r in yearly if r[0] == supplier)
        if abs(summed - total) > 0.5 * max(1, sum(1 for r in yearly if r[0] == supplier)):
            raise RawError(f"SIPRI {supplier}: yearly cells sum to {summed}, SIPRI's total is {total}")
    yearly.sort(key=lambda r: (r[0], r[1]))
    write_csv("arms_imports_tiv.csv", ["supplier", "year", "tiv_m", "source_id"], yearly)


# sha256 over the 134 supplier files, each as name + NUL + bytes, in name order
SIPRI_DIGEST = "8fa115e0cc5a10dff63c15d48efcd742e9cacbdc05f3070d64ca02f594339597"


def extract_geo(raw_dir: Path) -> None:
    ne = json.loads(read_raw(raw_dir, "natural-earth/ne_110m_admin_0_countries.geojson"))
    features = []
    for feat in ne["features"]:
        code = feat["properties"].get("ADM0_A3")
        if code in NE_COUNTRIES:
            features.append({"type": "Feature",
                             "properties": {"adm0_a3": code, "name": feat["properties"]["NAME"]},
                             "geometry": feat["geometry"]})
    features.sort(key=lambda f: f["properties"]["adm0_a3"])
    write_geojson("geo/countries.geojson", features)

    merged = json.loads(read_raw(raw_dir, "gem-oil-pipelines/GEM-liquid-pipelines-for-GitHub-2024-03-19.geojson"))
    names = {}
    for feat in merged["features"]:
        props = feat["properties"]
        names.setdefault(props["ProjectID"], (props.get("PipelineName"), props.get("Status")))
    routes = []
    for pid in GEM_ROUTES:
        one = json.loads(read_raw(raw_dir, f"gem-oil-pipelines/{pid}.geojson"))
        name, status = names.get(pid, (None, None))
        for feat in one["features"]:
            routes.append({"type": "Feature",
                           "properties": {"project_id": pid, "name": name, "status": status},
                           "geometry": feat["geometry"]})
    write_geojson("geo/pipelines.geojson", routes)

    # key places: end points of the GEM route geometry (the route's first or last vertex)
    ends = {}
    for feat in routes:
        geom = feat["geometry"]
        lines = [geom["coordinates"]] if geom["type"] == "LineString" else geom["coordinates"]
        ends.setdefault(feat["properties"]["project_id"], (lines[0][0], lines[-1][-1]))
    rows = []
    for place, label, kind, pid, which in PLACES:
        lon, lat = ends[pid][0 if which == "first" else 1]
        rows.append([place, label, kind, fmt(lat), fmt(lon), f"{which} vertex of GEM route {pid}", "gem-goit-2024"])
    write_csv("places.csv", ["place", "label", "kind", "lat", "lon", "derived_from", "source_id"], rows)


def write_geojson(name: str, features: list) -> None:
    path = DATA / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    print(f"wrote data/{name}: {len(features)} features")


# ---------------------------------------------------------------------------------------------------------------

def cited_sources(spec: dict, raw: bytes, tabular: bool) -> list[str]:
    """The sources a resource lists: those its descriptor declares for the whole file (an extract's publisher),
    then every ``source_id`` its rows cite, in order of first appearance; derived from the file, never typed twice."""
    ids = list(spec["sources_ids"])
    if tabular and spec["name"] != "sources":
        reader = csv.DictReader(io.StringIO(raw.decode("utf-8")))
        if "source_id" in (reader.fieldnames or []):
            for row in reader:
                for source_id in filter(None, (row["source_id"] or "").split(";")):
                    if source_id not in ids:
                        ids.append(source_id)
    return ids


def rehash() -> None:
    """Write data/datapackage.json from scripts/descriptor.py, with each file's size and sha256."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import descriptor

    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        register = {row["source_id"]: row for row in csv.DictReader(handle)}
    resources = []
    for spec in descriptor.RESOURCES + descriptor.GEO_RESOURCES:
        spec = dict(spec)
        raw = (DATA / spec["path"]).read_bytes()
        tabular = "schema" in spec
        res = {
            "name": spec["name"],
            "type": "table" if tabular else "file",
            "path": spec["path"],
            "title": spec["title"],
            "description": spec["description"],
            "format": "csv" if tabular else spec["format"],
            "mediatype": "text/csv" if tabular else "application/geo+json",
            "encoding": "utf-8",
            "bytes": len(raw),
            "hash": "sha256:" + sha256_bytes(raw),
            "licenses": [{"name": "source-terms", "title": spec["licence_note"]}],
            "sources": [],
            "caveats": spec["caveats"],
        }
        for source_id in cited_sources(spec, raw, tabular):
            if source_id not in register:
                raise SystemExit(f"descriptor.py: resource {spec['name']} names unknown source {source_id!r}")
            row = register[source_id]
            entry = {"title": f"{row['publisher']}, {row['title']} ({row['year']})", "path": row["url"],
                     "source_id": source_id}
            for key in ("repository", "path", "commit"):
                if row.get(key):
                    entry["file_" + key if key == "path" else key] = row[key]
            res["sources"].append(entry)
        if tabular:
            res["dialect"] = {"delimiter": ",", "header": True}
            res["schema"] = spec["schema"]
        resources.append(res)
    package = dict(descriptor.PACKAGE, resources=resources)
    path = DATA / "datapackage.json"
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote data/datapackage.json: {len(resources)} resources, checksums pinned")


def _bib_text(text: str) -> str:
    """A field value for the bibliography: plain text, braces balanced, and no TeX escapes but the one pybtex
    needs (``\\%``): pybtex and Sphinx escape for each output themselves, so an escape written here (``\\$``)
    would be printed as it is."""
    text = " ".join(str(text).split())
    # pybtex reads a field as LaTeX: an unescaped % would start a comment; every other character is kept as it is
    return text.replace("{", "(").replace("}", ")").replace("%", "\\%")


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
# a legal text (a law, a treaty, an agreement, a decision) is cited as what it is, never as a technical report
# (a title that is the act's own name: a news story about a treaty is a news story)
_LEGAL = re.compile(r"^(?:law|treaty|agreement|decision|decree|protocol|convention|on the ratification)\b", flags=re.I)
# the tiers of the publishers whose reports are institutional reports (a news outlet's "report" is a news item)
_REPORT_TIERS = ("official", "company", "intergovernmental", "research")


def bib_type(row: dict) -> tuple[str, str]:
    """(BibTeX entry type, what the work is in words for ``howpublished``) for a row of the sources register."""
    if _LEGAL.search(row["title"]):
        return "misc", "Legal text"
    if row["kind"] == "dataset":
        return "misc", "Dataset"
    if row["kind"] == "report" and row["tier"] in _REPORT_TIERS and row["year"]:
        return "techreport", ""
    if row["kind"] in ("report", "article") or row["tier"] in ("news-agency", "press", "relay"):
        return "misc", "News or web article"
    return "misc", "Web page"


def cited(row: dict) -> bool:
    """Whether a source goes into the bibliography: a partisan source is consulted and rejected, never cited (the
    loader refuses a row resting on one), so it is listed on the data page, not in the bibliography."""
    return row["tier"] != "partisan"


def bib_entry(row: dict) -> str:
    """One BibTeX entry for a row of the sources register.

    Titles and corporate authors are wrapped in an extra pair of braces so that no style lower-cases their proper
    nouns ("Russia", "CPC"); the entry type follows what the work is (:func:`bib_type`); the month is written as a
    word; the date, the address and, for files, the repository, path and commit are kept."""
    kind, what = bib_type(row)
    fields = {
        "author": "{" + _bib_text(row["publisher"]) + "}",
        "title": "{" + _bib_text(row["title"]) + "}",
    }
    if what:
        fields["howpublished"] = what
    if row["year"]:
        fields["year"] = row["year"]
    date = row.get("date", "")
    if len(date) >= 7:
        fields["month"] = _MONTHS[int(date[5:7]) - 1]
    if kind == "techreport":
        fields["institution"] = "{" + _bib_text(row["publisher"]) + "}"
    if row["url"]:
        fields["url"] = row["url"]
    notes = []
    if len(date) == 10:
        notes.append(f"published {date}")
    elif not row["year"]:
        notes.append("undated")
    if row["repository"]:
        where = f"file {row['path']} in repository {row['repository']}"
        if row["commit"]:
            where += f" at commit {row['commit'][:12]}"
        notes.append(_bib_text(where))
    if row["accessed"]:
        notes.append(f"accessed {row['accessed']}")
    if notes:
        fields["note"] = "; ".join(notes)
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{kind}{{{row['source_id']},\n{body}\n}}\n"


def write_bib() -> None:
    """book/references.bib from the sources register: every cited source (not the partisan ones, which are
    consulted and rejected), citable by its source_id, each work once (the register holds one id per work)."""
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if cited(row)]
    entries = ["% Generated by scripts/make_data.py from data/sources.csv. Do not edit by hand.\n"]
    entries += [bib_entry(row) for row in sorted(rows, key=lambda r: r["source_id"])]
    (ROOT / "book" / "references.bib").write_text("\n".join(entries), encoding="utf-8")
    print(f"wrote book/references.bib: {len(rows)} entries")


def extract_energy_arms(raw_dir: Path) -> None:
    """The newer editions (EI 2024, SIPRI register 2025, SIPRI milex 2024): see scripts/extract_energy_arms.py."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import extract_energy_arms

    try:
        extract_energy_arms.extract_all(raw_dir, DATA)
    except extract_energy_arms.RawError as exc:
        raise RawError(str(exc)) from exc


def extract_arms(raw_dir: Path) -> None:
    """SIPRI's newest releases (milex 2025, registers of May 2026 and March 2025): see scripts/extract_arms.py."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import extract_arms

    try:
        extract_arms.extract_all(raw_dir, DATA)
    except extract_arms.RawError as exc:
        raise RawError(str(exc)) from exc


EXTRACTS = [extract_dots, extract_bp, extract_owid_population, extract_milex, extract_sipri_arms, extract_geo,
            extract_energy_arms, extract_arms]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_trade import RawError as TradeRawError, extract_trade  # noqa: E402  (trade to the present)

EXTRACTS.append(extract_trade)

from extract_un_votes import RawError as VotesRawError, extract_un_votes  # noqa: E402  (UN votes on Ukraine)

EXTRACTS.append(extract_un_votes)
# Kazakhstan among Russia's neighbours (issue 26): scripts/extract_neighbours.py
from extract_neighbours import RawError as NeighboursRawError, extract_neighbours  # noqa: E402

EXTRACTS.append(extract_neighbours)


def extract_energy(raw_dir: Path) -> None:
    """Energy Institute 2026 and 2024, KazMunayGas midstream: see scripts/extract_energy.py."""
    import extract_energy as energy

    try:
        energy.extract_all(raw_dir, DATA)
    except energy.RawError as exc:
        raise RawError(str(exc)) from exc


EXTRACTS.append(extract_energy)

import countries  # noqa: E402  (the country table and the code columns: scripts/countries.py)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", help="folder of the raw reference files (default: $KZDEP_RAW)")
    parser.add_argument("--rehash", action="store_true", help="only refresh checksums in datapackage.json")
    args = parser.parse_args(argv)
    if not args.rehash:
        raw = args.raw or os.environ.get("KZDEP_RAW")
        if not raw:
            parser.error("give the raw folder with --raw DIR or the KZDEP_RAW environment variable")
        raw_dir = Path(raw)
        if not raw_dir.is_dir():
            print(f"make_data: the raw folder {raw_dir} does not exist.\n"
                  "The raw files are the publishers' own files and are not in this repository; the book needs none "
                  "of them (it reads the extracts committed in data/).\nTo rebuild the extracts, fetch each file "
                  "from its publisher or from the pinned public copy listed in README.md, section 'Rebuilding the "
                  "data from the raw files' (publisher, address, repository, path, commit), place them under one "
                  "folder as listed there, and run: make data KZDEP_RAW=/that/folder", file=sys.stderr)
            return 2
        try:
            for extract in EXTRACTS:
                extract(raw_dir)
            countries.add_codes(DATA, machine=True)  # every country by its code, beside its name
        except (RawError, TradeRawError, VotesRawError, NeighboursRawError, countries.CountryError) as exc:
            print(f"make_data: {exc}", file=sys.stderr)
            return 1
    try:
        countries.write_table(DATA)
    except countries.CountryError as exc:
        print(f"make_data: {exc}", file=sys.stderr)
        return 1
    rehash()
    write_bib()
    return 0


if __name__ == "__main__":
    sys.exit(main())
