"""Every member state's vote on the General Assembly's resolutions on Ukraine and Crimea since 2014, from the UN
Digital Library's voting records, checked against the totals the UN published.

Called by ``scripts/make_data.py`` (``extract_un_votes(raw_dir)``) and ``scripts/descriptor.py`` (``RESOURCES``).

Two raw files, both third-party scrapes of the UN Digital Library (UNDL) voting records, one row per resolution and
one column per member state:

* ``un-ga-votes/UN_DATA.csv.zip`` (holds ``UN DATA.csv``; 1946-2021; columns named by the state's UN name; votes
  ``Y``/``N``/``A``/``X``, blank = not a member): 68/262, the Crimea human-rights and militarisation resolutions of
  2016-2021. Read from the zip itself.
* ``un-ga-votes/UN_VOTING_DATA_CHECKPOINT_..._through_2025.ukraine-rows.csv`` (rows of the Data Driven Decision
  Lab's scrape, 2022-2025; columns named by ISO3 code; ``YES``/``NO``/``ABSTAIN``, blank = non-voting): ES-11/1 to
  ES-11/8, 77/229, 78/221, 79/184.

A scrape takes the UN's tier only because it is checked: before a resolution's rows are written, its count of yes,
no, abstain and non-voting states must equal (1) the totals the UN published for it, kept by hand with their source
in ``data/un_vote_totals.csv``, and (2) the scrape's own totals columns; its date and UNDL record must match the
totals table. Any difference stops the run naming the file, the resolution and the column. Every resolution must
have all 193 member states. The output is built in memory and written through a temporary file renamed into place.

Output ``data/un_votes_records.csv``: resolution, date, series, iso3, vote (yes/no/abstain/absent), undl_record,
source_id.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import fields
from rawio import RawError, need_columns, read_pinned, write_csv  # noqa: F401  (RawError: this module's)

DATA = Path(__file__).resolve().parent.parent / "data"

FOLDER = "un-ga-votes"
OLD_FILE = f"{FOLDER}/UN_DATA.csv.zip"
OLD_MEMBER = "UN DATA.csv"
NEW_FILE = f"{FOLDER}/UN_VOTING_DATA_CHECKPOINT_2025-09-05_16-34-22_through_2025.ukraine-rows.csv"
RAW_SHA256 = {
    OLD_FILE: "2f4db50f94c82f497e57a1643e55e007d62fb73db897c4c47b016894389860ba",
    NEW_FILE: "004fe98b0966cf182f87219142cff167c449214bf7c35651524e4ff0a8d9ba64",
}
SOURCE_OLD = "undl-votes-scrape-2022"
SOURCE_NEW = "undl-votes-3dl-2025"
TOTALS = "un_vote_totals.csv"
OUTPUT = "un_votes_records.csv"
HEADER = ["resolution", "date", "series", "iso3", "vote", "undl_record", "source_id"]
MEMBERS = 193

#: the resolutions extracted, by series (symbol without the 'A/RES/' prefix)
SERIES = {
    "territorial-integrity": ["68/262"],
    "crimea-human-rights": ["71/205", "72/190", "73/263", "74/168", "75/192", "76/179", "77/229", "78/221",
                            "79/184"],
    "crimea-militarisation": ["73/194", "74/17", "75/29", "76/70"],
    "emergency-session": [f"ES-11/{n}" for n in range(1, 9)],
}
SERIES_OF = {res: series for series, members in SERIES.items() for res in members}
OLD_VOTES = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}
NEW_VOTES = {"YES": "yes", "NO": "no", "ABSTAIN": "abstain", "": "absent"}
#: the scrape's totals columns -> vote (the 1946-2021 file's 'ABSENT COUNT' holds the abstentions)
OLD_TOTALS = {"YES COUNT": "yes", "NO COUNT": "no", "ABSENT COUNT": "abstain", "NO-VOTE COUNT": "absent"}
NEW_TOTALS = {"YES COUNT": "yes", "NO COUNT": "no", "ABSTAIN COUNT": "abstain", "NO-VOTE COUNT": "absent"}
TOTALS_COLUMNS = {"yes": "yes", "no": "no", "abstain": "abstain", "absent": "non_voting"}

#: member states' names in the 1946-2021 file -> ISO3 (three states renamed between 2014 and 2021 appear twice)
UN_NAME_ISO3 = {
    "AFGHANISTAN": "AFG", "ALBANIA": "ALB", "ALGERIA": "DZA", "ANDORRA": "AND", "ANGOLA": "AGO",
    "ANTIGUA AND BARBUDA": "ATG", "ARGENTINA": "ARG", "ARMENIA": "ARM", "AUSTRALIA": "AUS", "AUSTRIA": "AUT",
    "AZERBAIJAN": "AZE", "BAHAMAS": "BHS", "BAHRAIN": "BHR", "BANGLADESH": "BGD", "BARBADOS": "BRB",
    "BELARUS": "BLR", "BELGIUM": "BEL", "BELIZE": "BLZ", "BENIN": "BEN", "BHUTAN": "BTN",
    "BOLIVIA (PLURINATIONAL STATE OF)": "BOL", "BOSNIA AND HERZEGOVINA": "BIH", "BOTSWANA": "BWA", "BRAZIL": "BRA",
    "BRUNEI DARUSSALAM": "BRN", "BULGARIA": "BGR", "BURKINA FASO": "BFA", "BURUNDI": "BDI", "CABO VERDE": "CPV",
    "CAMBODIA": "KHM", "CAMEROON": "CMR", "CANADA": "CAN", "CENTRAL AFRICAN REPUBLIC": "CAF", "CHAD": "TCD",
    "CHILE": "CHL", "CHINA": "CHN", "COLOMBIA": "COL", "COMOROS": "COM", "CONGO": "COG", "COSTA RICA": "CRI",
    "COTE D'IVOIRE": "CIV", "CROATIA": "HRV", "CUBA": "CUB", "CYPRUS": "CYP", "CZECH REPUBLIC": "CZE",
    "CZECHIA": "CZE", "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA": "PRK", "DEMOCRATIC REPUBLIC OF THE CONGO": "COD",
    "DENMARK": "DNK", "DJIBOUTI": "DJI", "DOMINICA": "DMA", "DOMINICAN REPUBLIC": "DOM", "ECUADOR": "ECU",
    "EGYPT": "EGY", "EL SALVADOR": "SLV", "EQUATORIAL GUINEA": "GNQ", "ERITREA": "ERI", "ESTONIA": "EST",
    "ESWATINI": "SWZ", "ETHIOPIA": "ETH", "FIJI": "FJI", "FINLAND": "FIN", "FRANCE": "FRA", "GABON": "GAB",
    "GAMBIA": "GMB", "GEORGIA": "GEO", "GERMANY": "DEU", "GHANA": "GHA", "GREECE": "GRC", "GRENADA": "GRD",
    "GUATEMALA": "GTM", "GUINEA": "GIN", "GUINEA-BISSAU": "GNB", "GUYANA": "GUY", "HAITI": "HTI",
    "HONDURAS": "HND", "HUNGARY": "HUN", "ICELAND": "ISL", "INDIA": "IND", "INDONESIA": "IDN",
    "IRAN (ISLAMIC REPUBLIC OF)": "IRN", "IRAQ": "IRQ", "IRELAND": "IRL", "ISRAEL": "ISR", "ITALY": "ITA",
    "JAMAICA": "JAM", "JAPAN": "JPN", "JORDAN": "JOR", "KAZAKHSTAN": "KAZ", "KENYA": "KEN", "KIRIBATI": "KIR",
    "KUWAIT": "KWT", "KYRGYZSTAN": "KGZ", "LAO PEOPLE'S DEMOCRATIC REPUBLIC": "LAO", "LATVIA": "LVA",
    "LEBANON": "LBN", "LESOTHO": "LSO", "LIBERIA": "LBR", "LIBYA": "LBY", "LIECHTENSTEIN": "LIE",
    "LITHUANIA": "LTU", "LUXEMBOURG": "LUX", "MADAGASCAR": "MDG", "MALAWI": "MWI", "MALAYSIA": "MYS",
    "MALDIVES": "MDV", "MALI": "MLI", "MALTA": "MLT", "MARSHALL ISLANDS": "MHL", "MAURITANIA": "MRT",
    "MAURITIUS": "MUS", "MEXICO": "MEX", "MICRONESIA (FEDERATED STATES OF)": "FSM", "MONACO": "MCO",
    "MONGOLIA": "MNG", "MONTENEGRO": "MNE", "MOROCCO": "MAR", "MOZAMBIQUE": "MOZ", "MYANMAR": "MMR",
    "NAMIBIA": "NAM", "NAURU": "NRU", "NEPAL": "NPL", "NETHERLANDS": "NLD", "NEW ZEALAND": "NZL",
    "NICARAGUA": "NIC", "NIGER": "NER", "NIGERIA": "NGA", "NORTH MACEDONIA": "MKD", "NORWAY": "NOR",
    "OMAN": "OMN", "PAKISTAN": "PAK", "PALAU": "PLW", "PANAMA": "PAN", "PAPUA NEW GUINEA": "PNG",
    "PARAGUAY": "PRY", "PERU": "PER", "PHILIPPINES": "PHL", "POLAND": "POL", "PORTUGAL": "PRT", "QATAR": "QAT",
    "REPUBLIC OF KOREA": "KOR", "REPUBLIC OF MOLDOVA": "MDA", "ROMANIA": "ROU", "RUSSIAN FEDERATION": "RUS",
    "RWANDA": "RWA", "SAINT KITTS AND NEVIS": "KNA", "SAINT LUCIA": "LCA", "SAINT VINCENT AND THE GRENADINES": "VCT",
    "SAMOA": "WSM", "SAN MARINO": "SMR", "SAO TOME AND PRINCIPE": "STP", "SAUDI ARABIA": "SAU", "SENEGAL": "SEN",
    "SERBIA": "SRB", "SEYCHELLES": "SYC", "SIERRA LEONE": "SLE", "SINGAPORE": "SGP", "SLOVAKIA": "SVK",
    "SLOVENIA": "SVN", "SOLOMON ISLANDS": "SLB", "SOMALIA": "SOM", "SOUTH AFRICA": "ZAF", "SOUTH SUDAN": "SSD",
    "SPAIN": "ESP", "SRI LANKA": "LKA", "SUDAN": "SDN", "SURINAME": "SUR", "SWAZILAND": "SWZ", "SWEDEN": "SWE",
    "SWITZERLAND": "CHE", "SYRIAN ARAB REPUBLIC": "SYR", "TAJIKISTAN": "TJK", "THAILAND": "THA",
    "THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA": "MKD", "TIMOR-LESTE": "TLS", "TOGO": "TGO", "TONGA": "TON",
    "TRINIDAD AND TOBAGO": "TTO", "TUNISIA": "TUN", "TURKEY": "TUR", "TURKMENISTAN": "TKM", "TUVALU": "TUV",
    "UGANDA": "UGA", "UKRAINE": "UKR", "UNITED ARAB EMIRATES": "ARE", "UNITED KINGDOM": "GBR",
    "UNITED REPUBLIC OF TANZANIA": "TZA", "UNITED STATES": "USA", "URUGUAY": "URY", "UZBEKISTAN": "UZB",
    "VANUATU": "VUT", "VENEZUELA (BOLIVARIAN REPUBLIC OF)": "VEN", "VIET NAM": "VNM", "YEMEN": "YEM",
    "ZAMBIA": "ZMB", "ZIMBABWE": "ZWE",
}
# the 1946-2021 file's first 11 columns are the resolution's; the member-state columns follow
OLD_META = 11


def _read_pinned(raw_dir: Path, rel: str) -> bytes:
    return read_pinned(raw_dir / rel, RAW_SHA256[rel])


def _count(where: str, cell: str) -> int:
    try:
        value = float(cell)
    except ValueError:
        raise RawError(f"{where}: {cell!r} is not a count") from None
    if value != int(value) or value < 0:
        raise RawError(f"{where}: {cell!r} is not a count")
    return int(value)


def _record(link: str, where: str) -> str:
    prefix = "https://digitallibrary.un.org/record/"
    if not link.startswith(prefix):
        raise RawError(f"{where}: {link!r} is not a UN Digital Library record link")
    record = link[len(prefix):].split("?")[0]
    if not record.isdigit():
        raise RawError(f"{where}: {link!r} has no record number")
    return record


def old_rows(text: str, label: str) -> dict[str, dict]:
    """The wanted resolutions of the 1946-2021 file: {symbol: {date, record, votes {iso3: vote}, scrape_totals}}."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    header[0] = header[0].lstrip("\ufeff")
    col = need_columns(header, ["Council", "Date", "Title", "Resolution", *OLD_TOTALS, "Link"], label)
    out = {}
    for number, row in enumerate(reader, start=2):
        symbol = row[col["Resolution"]].removeprefix("A/RES/")
        if symbol not in SERIES_OF or row[col["Council"]] != "General Assembly":
            continue
        where = f"{label}, line {number}, resolution {symbol}"
        if symbol in out:
            raise RawError(f"{where}: the resolution appears twice")
        votes = {}
        for name, cell in zip(header[OLD_META:], row[OLD_META:]):
            cell = cell.strip()
            if not cell:
                continue
            if name not in UN_NAME_ISO3:
                raise RawError(f"{where}, column {name!r}: a vote {cell!r} by a state with no ISO3 code here")
            if cell not in OLD_VOTES:
                raise RawError(f"{where}, column {name!r}: unknown vote {cell!r}")
            iso3 = UN_NAME_ISO3[name]
            if iso3 in votes:
                raise RawError(f"{where}, column {name!r}: a second vote for {iso3}")
            votes[iso3] = OLD_VOTES[cell]
        totals = {vote: _count(f"{where}, column {c!r}", row[col[c]]) for c, vote in OLD_TOTALS.items()}
        out[symbol] = {"date": row[col["Date"]], "record": _record(row[col["Link"]], f"{where}, column 'Link'"),
                       "votes": votes, "scrape_totals": totals, "where": where, "source_id": SOURCE_OLD}
    return out


def new_rows(text: str, label: str) -> dict[str, dict]:
    """The wanted resolutions of the 2022-2025 rows (ISO3 columns), as :func:`old_rows`."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    col = need_columns(header, ["Council", "Date", "Resolution", *NEW_TOTALS, "Link"], label)
    states = [h for h in header if len(h) == 3 and h.isalpha() and h.isupper()]
    if len(states) != MEMBERS:
        raise RawError(f"{label}: {len(states)} ISO3 columns, expected {MEMBERS}")
    out = {}
    for number, row in enumerate(reader, start=2):
        symbol = row[col["Resolution"]].removeprefix("A/RES/")
        if symbol not in SERIES_OF:
            continue
        where = f"{label}, line {number}, resolution {symbol}"
        if symbol in out:
            raise RawError(f"{where}: the resolution appears twice")
        cells = dict(zip(header, row))
        votes = {}
        for iso3 in states:
            cell = cells[iso3].strip()
            if cell not in NEW_VOTES:
                raise RawError(f"{where}, column {iso3!r}: unknown vote {cell!r}")
            votes[iso3] = NEW_VOTES[cell]
        totals = {vote: _count(f"{where}, column {c!r}", row[col[c]]) for c, vote in NEW_TOTALS.items()}
        out[symbol] = {"date": row[col["Date"]], "record": _record(row[col["Link"]], f"{where}, column 'Link'"),
                       "votes": votes, "scrape_totals": totals, "where": where, "source_id": SOURCE_NEW}
    return out


def read_totals(path: Path) -> dict[str, dict]:
    """The UN's published totals (data/un_vote_totals.csv), by resolution."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = {}
    for number, row in enumerate(rows, start=2):
        where = f"data/{TOTALS}, line {number}, resolution {row['resolution']}"
        counts = {vote: _count(f"{where}, column {c!r}", row[c]) for vote, c in TOTALS_COLUMNS.items()}
        out[row["resolution"]] = {"date": row["date"], "record": row["undl_record"], "counts": counts,
                                  "where": where}
    return out


def check(resolutions: dict[str, dict], totals: dict[str, dict]) -> None:
    """Each resolution's votes against the UN's totals and the scrape's own totals (module docstring)."""
    missing = sorted(set(SERIES_OF) - set(resolutions))
    if missing:
        raise RawError(f"raw files: resolution(s) {missing} not found")
    for symbol, res in sorted(resolutions.items()):
        where = res["where"]
        if symbol not in totals:
            raise RawError(f"{where}: no published totals in data/{TOTALS}")
        published = totals[symbol]
        if len(res["votes"]) != MEMBERS:
            raise RawError(f"{where}: {len(res['votes'])} member states, expected {MEMBERS}")
        counted = {vote: sum(1 for v in res["votes"].values() if v == vote) for vote in TOTALS_COLUMNS}
        for vote, column in TOTALS_COLUMNS.items():
            if counted[vote] != published["counts"][vote]:
                raise RawError(f"{where}: the scrape counts {counted[vote]} {vote} votes, the UN published "
                               f"{published['counts'][vote]} (data/{TOTALS}, column {column!r})")
            if counted[vote] != res["scrape_totals"][vote]:
                raise RawError(f"{where}: the scrape counts {counted[vote]} {vote} votes, its own totals column "
                               f"says {res['scrape_totals'][vote]}")
        if res["date"] != published["date"]:
            raise RawError(f"{where}: date {res['date']} differs from data/{TOTALS} ({published['date']})")
        if res["record"] != published["record"]:
            raise RawError(f"{where}: UNDL record {res['record']} differs from data/{TOTALS} "
                           f"({published['record']})")


def build(raw_dir: Path, totals_path: Path) -> list[list]:
    """Every row of the output, checked (nothing is written here)."""
    old_raw = _read_pinned(raw_dir, OLD_FILE)
    with zipfile.ZipFile(io.BytesIO(old_raw)) as archive:
        if OLD_MEMBER not in archive.namelist():
            raise RawError(f"{raw_dir / OLD_FILE}: no member {OLD_MEMBER!r}")
        old_text = archive.read(OLD_MEMBER).decode("utf-8")
    new_text = _read_pinned(raw_dir, NEW_FILE).decode("utf-8")
    resolutions = old_rows(old_text, f"{OLD_FILE} ({OLD_MEMBER})")
    newer = new_rows(new_text, NEW_FILE)
    both = sorted(set(resolutions) & set(newer))
    if both:
        raise RawError(f"raw files: resolution(s) {both} in both scrapes")
    resolutions.update(newer)
    states = {frozenset(r["votes"]) for r in resolutions.values()}
    if len(states) != 1:
        raise RawError("raw files: the member states differ between resolutions")
    check(resolutions, read_totals(totals_path))
    rows = []
    for symbol, res in resolutions.items():
        for iso3, vote in sorted(res["votes"].items()):
            rows.append([symbol, res["date"], SERIES_OF[symbol], iso3, vote, res["record"], res["source_id"]])
    rows.sort(key=lambda r: (r[1], r[0], r[3]))
    return rows


def write_atomic(data_dir: Path, name: str, header: list[str], rows: list[list]) -> None:
    """Write data_dir/<name> through a temporary file renamed into place (never a half-written file)."""
    write_csv(Path(data_dir) / name, header, rows)


def extract_un_votes(raw_dir: Path, data_dir: Path = DATA) -> None:
    rows = build(raw_dir, data_dir / TOTALS)
    write_atomic(data_dir, OUTPUT, HEADER, rows)


# ---------------------------------------------------------------------------------------------------------------
# descriptors

_f, _FK = fields.f, fields.SOURCE_FK
_SYMBOL = r"(\d{2}/\d{1,3}|ES-11/\d)"
_SERIES = list(SERIES)

RESOURCES = [
    {
        "name": "un_votes_records",
        "path": OUTPUT,
        "title": "Every member state's vote on the General Assembly's resolutions on Ukraine and Crimea, 2014-2025 "
                 "(UN Digital Library voting records)",
        "description": "One row per resolution and member state: 68/262 (2014), the yearly resolutions on human "
                       "rights in Crimea (71/205 to 79/184), the Crimea militarisation resolutions (73/194 to "
                       "76/70) and the eleventh emergency special session (ES-11/1 to ES-11/8), as recorded in the "
                       "UN Digital Library. Made by scripts/extract_un_votes.py.",
        "licence_note": "United Nations voting records: non-commercial use with attribution to the UN Dag "
                        "Hammarskjöld Library",
        "sources_ids": [SOURCE_OLD, SOURCE_NEW],
        "caveats": "Read from two third-party scrapes of the UN Digital Library records (1946-2021 and 2022-2025), "
                   "not from the UN's own bulk file, which was not reachable. Each resolution's yes, no, abstain "
                   "and non-voting counts equal the totals the UN published (un_vote_totals) and the scrapes' own "
                   "totals; the extraction and the book stop otherwise. 'absent' is the UN's non-voting (X): the "
                   "state was a member but cast no vote.",
        "schema": {
            "fields": [
                _f("resolution", "string", "Resolution symbol without the prefix A/RES/", required=True,
                   pattern=_SYMBOL),
                _f("date", "string", "Date of the vote", required=True, pattern=r"\d{4}-\d{2}-\d{2}"),
                _f("series", "string", "territorial-integrity (68/262), crimea-human-rights, "
                   "crimea-militarisation or emergency-session (ES-11)", required=True, enum=_SERIES),
                _f("iso3", "string", "Member state, ISO 3166-1 alpha-3 code", required=True, pattern=r"[A-Z]{3}"),
                _f("vote", "string", "yes, no, abstain, or absent (member, no vote cast)", required=True,
                   enum=["yes", "no", "abstain", "absent"]),
                _f("undl_record", "string", "UN Digital Library record number of the vote "
                   "(https://digitallibrary.un.org/record/<number>)", required=True, pattern=r"\d+"),
                fields.sid(),
            ],
            "primaryKey": ["resolution", "iso3"],
            "foreignKeys": _FK,
        },
    },
    {
        "name": "un_vote_totals",
        "path": TOTALS,
        "title": "The UN's published totals of the votes on Ukraine and Crimea, 2014-2025",
        "description": "For each resolution of un_votes_records: its title, date, UN Digital Library record and the "
                       "numbers of states voting yes, no, abstaining and not voting, as the UN published them. "
                       "Typed by hand; the check of the scraped votes.",
        "licence_note": "Facts from the United Nations' records",
        "sources_ids": [],
        "caveats": "The UN Digital Library record pages themselves could not be opened from here: each tally is "
                   "the one quoted from the UN's records in the notes of the raw files' manifest or in the press "
                   "of the day (the note says which), and it must also equal the scrape's own totals.",
        "schema": {
            "fields": [
                _f("resolution", "string", "Resolution symbol without the prefix A/RES/", required=True,
                   unique=True, pattern=_SYMBOL),
                _f("date", "string", "Date of the vote", required=True, pattern=r"\d{4}-\d{2}-\d{2}"),
                _f("series", "string", "Series of the resolution", required=True, enum=_SERIES),
                _f("title", "string", "Title of the resolution (shortened where long)", required=True),
                _f("undl_record", "string", "UN Digital Library record number", required=True, pattern=r"\d+"),
                _f("yes", "integer", "States voting yes", "states", required=True, minimum=0, maximum=MEMBERS),
                _f("no", "integer", "States voting no", "states", required=True, minimum=0, maximum=MEMBERS),
                _f("abstain", "integer", "States abstaining", "states", required=True, minimum=0,
                   maximum=MEMBERS),
                _f("non_voting", "integer", "Member states not voting", "states", required=True, minimum=0,
                   maximum=MEMBERS),
                fields.sid("Key of the UN record in sources.csv"),
                _f("note", "string", "Where the tally was read and what corroborates it"),
            ],
            "primaryKey": ["resolution"],
            "foreignKeys": _FK,
        },
    },
]
