"""The sources register (``data/sources.csv``) held to its rules: the tier rubric, one id per work, no unused source,
and the evidence that rests on relays alone.

The tier rubric is written here once: the data package's schema (``scripts/descriptor.py``, field ``tier``) and the
data chapter (``book/data.md``) both print :data:`TIER_RUBRIC` and :data:`TIER_RULES`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from kzdep import data

#: the tiers, from the most to the least direct, each with what belongs to it
TIER_RUBRIC: dict[str, str] = {
    "official": "governments, ministries, statistics offices, central banks, parliaments and their legal databases",
    "company": "operators speaking of their own business: the CPC, KazMunayGas, KazTransOil, BP",
    "intergovernmental": "the IMF, the World Bank, the UN, EAEU and CSTO bodies, international standards",
    "research": "SIPRI, the Energy Institute, pollsters' own releases, peer-reviewed work, established institutes",
    "news-agency": "Reuters, AFP, AP, Interfax, TASS, Kazinform, Trend and their licensed carriage",
    "press": "newspapers, broadcasters and news sites reporting what they saw or what a named source told them",
    "relay": "a copy, translation, summary or retelling of another outlet's or publisher's work, encyclopedias "
             "included; its note names what it relays",
    "partisan": "propaganda, movement or sanctioned outlets: consulted and rejected, never cited",
}
#: how a source is given its tier
TIER_RULES: list[str] = [
    "The publisher of the data decides the tier, not the host that carries the file or the page.",
    "An unmodified copy of a publisher's file (a SIPRI export, a bureau workbook or the ECB's rate history kept in "
    "a public repository, a wire story carried whole by a licensed client) takes the publisher's tier; the copy's "
    "repository, path and commit are recorded.",
    "A transcription, summary, translation or scrape by someone else is a relay, unless the build checks it against "
    "the publisher's own totals; then it takes the publisher's tier and its note names the check.",
    "A portal, blog or encyclopedia that retells other sources is a relay, whoever runs it (a state history portal "
    "included); a relay's note says what it relays ('Relay; the primary is ...').",
]
TIERS = list(TIER_RUBRIC)
PRIMARY = ["official", "company", "intergovernmental", "research"]

#: tables that translate codes rather than state facts (their rows are left out of the evidence counts)
LOOKUPS = ("bns_partners", "country_codes")


def rubric_text() -> str:
    """The rubric in one plain paragraph (the schema's description of the field ``tier``)."""
    tiers = "; ".join(f"{tier} ({what})" for tier, what in TIER_RUBRIC.items())
    return f"What kind of source it is, from the most to the least direct: {tiers}. " + " ".join(TIER_RULES)


def rubric_markdown() -> str:
    """The rubric as the data chapter prints it: a list of tiers, then the rules."""
    lines = [f"- **{tier}**: {what};" for tier, what in TIER_RUBRIC.items()]
    lines[-1] = lines[-1].rstrip(";") + "."
    return "\n".join(lines) + "\n\n" + "\n".join(f"{n}. {rule}" for n, rule in enumerate(TIER_RULES, start=1))


# ---------------------------------------------------------------------------------------------------------------
# one work, one id; no unused source

def address(url: str) -> str:
    """A page's address without scheme, 'www.' or 'm.', trailing slash, fragment or AMP marker (two ids of one work
    share it)."""
    url = re.sub(r"^https?://(www\.|m\.)?", "", str(url).strip().lower()).split("#")[0]
    # the accelerated-mobile copy of a page is the same work: '/amp' at the end, an 'amp/' segment, '?amp=1'
    url = re.sub(r"[?&]amp=1$", "", url)
    url = re.sub(r"/amp/?$", "", url.rstrip("/"))
    url = re.sub(r"^([^/]+)/amp/", r"\1/", url)
    return url.rstrip("/")


def duplicate_works(register: pd.DataFrame) -> list[list[str]]:
    """Groups of source ids that register the same page twice (files are told apart by their repository path)."""
    reg = register.reset_index() if "source_id" not in register.columns else register
    pages = reg[reg["url"].fillna("").astype(bool) & ~reg["repository"].fillna("").astype(bool)]
    groups = pages.groupby(pages["url"].map(address))["source_id"].apply(list)
    return [sorted(ids) for ids in groups if len(ids) > 1]


def _ids_in(cell) -> list[str]:
    return [s.strip() for s in re.split(r"[;,]", str(cell)) if s.strip()] if isinstance(cell, str) else []


def cited_ids(root: Path | None = None) -> dict[str, set[str]]:
    """Where each source id is cited: the ``source_id`` (and ``other_source_ids``) cells of every table, and the
    chapters and package code that name it (a citation role, a ``source_ids`` list, a constant)."""
    root = Path(root or data.ROOT)
    register = data.sources()
    out: dict[str, set[str]] = {}
    for res in data.descriptor()["resources"]:
        if res["name"] == "sources" or "schema" not in res:
            continue
        frame = data.load(res["name"])
        for column in ("source_id", "other_source_ids"):
            if column in frame.columns:
                for cell in frame[column].dropna():
                    for sid in _ids_in(cell):
                        out.setdefault(sid, set()).add(f"data/{res['path']}")
    texts = {p: p.read_text(encoding="utf-8") for p in [*sorted((root / "book").glob("*.md")),
                                                          *sorted((root / "kzdep").glob("*.py"))]}
    for sid in register.index:
        pattern = re.compile(r"(?<![A-Za-z0-9-])" + re.escape(sid) + r"(?![A-Za-z0-9-])")
        for path, text in texts.items():
            if pattern.search(text):
                out.setdefault(sid, set()).add(str(path.relative_to(root)))
    return out


def consulted(register: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sources read and rejected (partisan): listed on the data page, never in the bibliography."""
    register = data.sources() if register is None else register
    return register[register["tier"] == "partisan"]


def unused(register: pd.DataFrame | None = None, cited: dict[str, set[str]] | None = None) -> list[str]:
    """Sources that no table row, chapter or package constant cites, apart from the consulted (partisan) ones."""
    register = data.sources() if register is None else register
    cited = cited_ids() if cited is None else cited
    return sorted(sid for sid in register.index if sid not in cited and register.loc[sid, "tier"] != "partisan")


def relay_without_primary(register: pd.DataFrame | None = None) -> list[str]:
    """Relays whose note does not say what they relay."""
    register = data.sources() if register is None else register
    relays = register[register["tier"] == "relay"]
    return sorted(sid for sid, note in relays["note"].fillna("").items()
                  if not re.search(r"primary|relays?\b|copy of", note, flags=re.I))


# ---------------------------------------------------------------------------------------------------------------
# evidence: the tier of the rows, and the facts that rest on relays alone

def machine_extracts() -> list[str]:
    """Tables made by ``make data`` from the publishers' files: every row cites a file pinned by commit."""
    register = data.sources()
    out = []
    for res in data.descriptor()["resources"]:
        fields = [f["name"] for f in res.get("schema", {}).get("fields", [])]
        if res["name"] in ("sources", *LOOKUPS) or "source_id" not in fields:
            continue
        ids = set(data.load(res["name"])["source_id"])
        if all(isinstance(register.loc[s, "commit"], str) and register.loc[s, "commit"] for s in ids):
            out.append(res["name"])
    return out


def curated_rows() -> pd.DataFrame:
    """One row per data row of the hand-curated tables: ``dataset, row, source_id, tier, alone``.

    ``alone`` is True when the row's evidence is its source alone (every table but the claims register, whose rows
    also list further sources: there a claim rests on relays alone when all its sources are relays)."""
    register = data.sources()
    extracts = set(machine_extracts())
    parts = []
    for res in data.descriptor()["resources"]:
        fields = [f["name"] for f in res.get("schema", {}).get("fields", [])]
        name = res["name"]
        if name in ("sources", *LOOKUPS) or name in extracts or "source_id" not in fields:
            continue
        frame = data.load(name).reset_index(drop=True)
        tiers = frame["source_id"].map(register["tier"])
        alone = pd.Series(True, index=frame.index)
        if "other_source_ids" in frame.columns:
            others = frame["other_source_ids"].map(lambda c: [register.loc[s, "tier"] for s in _ids_in(c)])
            alone = others.map(lambda ts: all(t == "relay" for t in ts))
        parts.append(pd.DataFrame({"dataset": name, "row": frame.index + 1, "source_id": frame["source_id"],
                                   "tier": tiers, "alone": alone}))
    return pd.concat(parts, ignore_index=True)


def relay_share(rows: pd.DataFrame | None = None) -> tuple[int, int, float]:
    """(rows resting on a relay, curated rows, percent) over the hand-curated tables."""
    rows = curated_rows() if rows is None else rows
    relay = int((rows["tier"] == "relay").sum())
    return relay, len(rows), 100.0 * relay / len(rows)


def what_it_relays(note: str) -> str:
    """The primary a relay's note names ('Relay; the primary is Reuters' -> 'Reuters')."""
    match = re.search(r"(?:the primary is|primary:)\s*([^;()]+)", str(note), flags=re.I)
    return match.group(1).strip().rstrip(".") if match else "not named"


def weakest_evidence(rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The facts that rest on relays alone, one line per relay: ``source_id, publisher, relays, datasets, rows``,
    most rows first (what a reader would re-source first)."""
    rows = curated_rows() if rows is None else rows
    register = data.sources()
    weak = rows[(rows["tier"] == "relay") & rows["alone"]]
    table = weak.groupby("source_id").agg(rows=("row", "size"),
                                          datasets=("dataset", lambda d: ", ".join(sorted(set(d)))))
    table["publisher"] = table.index.map(register["publisher"])
    table["relays"] = table.index.map(lambda s: what_it_relays(register.loc[s, "note"]))
    table = table.reset_index().sort_values(["rows", "source_id"], ascending=[False, True])
    return table[["source_id", "publisher", "relays", "datasets", "rows"]].reset_index(drop=True)
