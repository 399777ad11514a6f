"""Cross-table rules: the data package must agree with itself before the book is built.

``python -m kzdep.consistency`` runs every rule (the Makefile calls it before Sphinx) and exits with status 1 when a
rule is broken, printing one line per failure that names the rule, the tables, the rows and the values. The rules:

``route-split``
    A year's oil export routes (``oil_export_routes.csv``, full years) add up to the year's stated total exports
    within :data:`ROUTE_TOLERANCE_PCT` percent (the pipelines chapter's tolerance), when the year gives every core
    route (``kzdep.pipelines.CORE_ROUTES``; a year without them is shown as incomplete, never as shares); the parts
    of the Aktau sea route (to BTC and to Makhachkala) never exceed the Aktau total.
``cpc-kazakh-vs-loadings``
    Kazakh oil through the CPC (``cpc_loadings.csv`` measure ``kazakh_oil`` and the ``cpc`` route of
    ``oil_export_routes.csv``) never exceeds the CPC's total loadings of the same year (``total_loadings``), nor
    Kazakhstan's total exports of that year (``oil_official.csv``).
``cpc-cumulative``
    The CPC's yearly total loadings (``cpc_loadings.csv``) against each cumulative total it has stated
    (``parameters.csv``, ``cpc_cumulative_loadings_<first year>_to_<day>``): the known years may not exceed the
    cumulative by more than ``kzdep.pipelines.CUMULATIVE_TOLERANCE_PCT`` percent, and what they leave for the years
    without a figure must be loadable in those years at the highest yearly total in the data
    (``kzdep.pipelines.cumulative_check``).
``percent-change``
    A note that states a change in percent ("down 3.7% y/y", "+11.1%", "up 12% to") matches the change between the
    row's value and the value of the year before in the same table (same series), within
    :data:`PCT_TOLERANCE_PP` percentage points.
``forecast-as-outcome``
    No row of a table of outcomes (oil, CPC, routes, trade) is a forecast, plan, target or expectation: its note may
    not call it one (:data:`FORECAST_WORDS`).
``duplicate-event``
    No event appears twice in ``events.csv`` (same date and lever, or the same description).
``un-vote-totals``
    Each resolution's yes, no, abstain and non-voting states in ``un_votes_records.csv`` (scraped UN voting records)
    equal the totals the UN published (``un_vote_totals.csv``; ``kzdep.people.vote_total_differences``).
``chapter-verdict``
    A chapter's published table of verdicts on the articles' claims (``book/figdata/*-claims.csv`` with columns
    ``Claim`` and ``Verdict``) gives each claim the register's verdict (``claims.csv``, computed verdicts included).

Known failures caused by tables other work owns are listed, each with its reason, in :data:`KNOWN_EXCEPTIONS`;
they are reported as tolerated, never hidden, and the list is meant to be emptied.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kzdep import data
# the chapter's own rule: a split counts when every core route is given and they add up to the stated total
from kzdep.pipelines import CORE_ROUTES
from kzdep.pipelines import SPLIT_TOLERANCE_PCT as ROUTE_TOLERANCE_PCT

# routes that are parts of Kazakhstan's total crude exports (the Aktau parts are inside aktau_sea_total)
MAIN_ROUTES = ("cpc", "atyrau_samara", "aktau_sea_total", "kz_china", "rail")
AKTAU_PARTS = ("aktau_btc", "aktau_makhachkala")
PCT_TOLERANCE_PP = 1.0
FORECAST_WORDS = ("forecast", "expected", "expects", "projected", "projection", "planned", "target",
                  "before year end", "before the year end")

# (rule, key) -> reason. Each entry is a known disagreement in data owned by another issue; the lead empties the list
# after merging those branches. The key is what the failure message starts with after the rule name.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {
}


@dataclass
class Failure:
    rule: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.key}: {self.message}"


def _rows(name: str) -> pd.DataFrame:
    """A table with its 1-based data-row number (as the loader's messages count rows) in column ``row_n``."""
    frame = data.load(name).reset_index(drop=True)
    frame["row_n"] = frame.index + 1
    return frame


def _file(name: str) -> str:
    return data.resource(name)["path"]


# ---------------------------------------------------------------------------------------------------------------
# the rules

def route_split(routes: pd.DataFrame) -> list[Failure]:
    """Full-year route splits against the stated total exports of the same table and year."""
    out = []
    f = _file("oil_export_routes")
    full = routes[routes["period"] == "full_year"]
    for year, rows in full.groupby("year"):
        first = rows.drop_duplicates("route", keep="first").set_index("route")
        parts = [r for r in MAIN_ROUTES if r in first.index]
        if "aktau_sea_total" in first.index:
            sea = float(first.loc["aktau_sea_total", "volume_mt"])
            inside = [r for r in AKTAU_PARTS if r in first.index]
            if inside:
                parts_sum = float(sum(first.loc[r, "volume_mt"] for r in inside))
                if parts_sum > sea * (1 + ROUTE_TOLERANCE_PCT / 100):
                    rows_n = ", ".join(str(int(first.loc[r, "row_n"])) for r in ["aktau_sea_total", *inside])
                    out.append(Failure("route-split", f"{year} Aktau",
                                       f"{f} rows {rows_n}: Aktau parts {' + '.join(inside)} = {parts_sum:g} Mt "
                                       f"exceed the Aktau total {sea:g} Mt"))
        if "total_exports" not in first.index or any(r not in first.index for r in CORE_ROUTES):
            continue  # not a full split: the chapter shows it as incomplete (pipelines.split_status), never as shares
        total = float(first.loc["total_exports", "volume_mt"])
        split = float(sum(first.loc[r, "volume_mt"] for r in parts))
        gap = (split - total) / total * 100
        if abs(gap) > ROUTE_TOLERANCE_PCT:
            detail = ", ".join(f"{r} {first.loc[r, 'volume_mt']:g} (row {int(first.loc[r, 'row_n'])})" for r in parts)
            out.append(Failure("route-split", str(year),
                               f"{f}: routes {detail} sum to {split:g} Mt, {gap:+.1f} % off the stated total "
                               f"{total:g} Mt (row {int(first.loc['total_exports', 'row_n'])}); tolerance "
                               f"{ROUTE_TOLERANCE_PCT:g} %"))
    return out


def cpc_within_loadings(cpc: pd.DataFrame, routes: pd.DataFrame, oil: pd.DataFrame) -> list[Failure]:
    """Kazakh oil through the CPC never above the CPC's loadings or Kazakhstan's exports of the same year."""
    out = []
    fc, fr, fo = _file("cpc_loadings"), _file("oil_export_routes"), _file("oil_official")
    kazakh = [(int(r.year), float(r.value_mt), f"{fc} row {r.row_n}") for r in cpc[cpc["measure"] == "kazakh_oil"]
              .itertuples()]
    kazakh += [(int(r.year), float(r.volume_mt), f"{fr} row {r.row_n}") for r in
               routes[(routes["route"] == "cpc") & (routes["period"] == "full_year")].itertuples()]
    loadings = cpc[cpc["measure"] == "total_loadings"]
    exports = oil[oil["measure"] == "exports"]
    for year, value, where in kazakh:
        for ref, table, what in ((loadings, fc, "CPC total loadings"), (exports, fo, "Kazakhstan's total exports")):
            col = "value_mt"
            same = ref[ref["year"] == year]
            if same.empty:
                continue
            low = same.loc[same[col].idxmin()]
            if value > float(low[col]):
                out.append(Failure("cpc-kazakh-vs-loadings", f"{where}",
                                   f"Kazakh oil through the CPC in {year}, {value:g} Mt, exceeds {what} "
                                   f"{float(low[col]):g} Mt ({table} row {int(low['row_n'])})"))
    return out


def cpc_cumulative(cpc: pd.DataFrame, params: pd.DataFrame) -> list[Failure]:
    """Yearly CPC loadings against each stated cumulative total (see ``kzdep.pipelines.cumulative_check``)."""
    from kzdep import pipelines

    out = []
    fc, fp = _file("cpc_loadings"), _file("parameters")
    for name in pipelines.cumulative_parameters(params):
        row_n = ", ".join(str(int(n)) for n in params.loc[params["parameter"] == name, "row_n"])
        try:
            pipelines.cumulative_check(cpc, params, name)
        except ValueError as exc:
            out.append(Failure("cpc-cumulative", name, f"{fc} (total_loadings) against {fp} row {row_n}: {exc}"))
    return out


_PCT = re.compile(r"(?:\b(up|down|rose|fell|increased|decreased)\s+(?:by\s+)?|(?<![\w.])([+-]))(\d+(?:\.\d+)?)\s?%")


def stated_changes(note: str) -> list[float]:
    """Percentage changes a note states ('down 3.7% y/y' gives -3.7; '+11.1%' gives 11.1)."""
    found = []
    for word, sign, number in _PCT.findall(note or ""):
        negative = word in ("down", "fell", "decreased") or sign == "-"
        found.append(-float(number) if negative else float(number))
    return found


def percent_changes(frame: pd.DataFrame, name: str, value: str, keys: list[str]) -> list[Failure]:
    """Stated changes in the notes of ``frame`` against the previous year's value of the same series."""
    out = []
    f = _file(name)
    for row in frame.itertuples():
        note = row.note if isinstance(row.note, str) else ""
        if getattr(row, "basis", "stated") in ("derived", "forecast"):
            continue  # a derivation quotes the growth it was derived from; a forecast is no level to compare
        if "y/y" not in note and " to " not in note and "year on year" not in note:
            continue
        changes = stated_changes(note)
        if not changes:
            continue
        mask = frame["year"] == row.year - 1
        for k in keys:
            mask &= frame[k] == getattr(row, k)
        before = frame[mask]
        if before.empty:
            continue
        prev = before.iloc[0]
        actual = (getattr(row, value) - float(prev[value])) / float(prev[value]) * 100
        stated = changes[0]
        if abs(actual - stated) > PCT_TOLERANCE_PP:
            out.append(Failure("percent-change", f"{f} row {row.row_n}",
                               f"{row.year} value {getattr(row, value):g} is {actual:+.1f} % on {prev['year']} "
                               f"({float(prev[value]):g}, row {int(prev['row_n'])}), the note states {stated:+g} %"))
    return out


def forecasts_as_outcomes(tables: dict[str, pd.DataFrame]) -> list[Failure]:
    """Rows of outcome tables whose note calls the value a forecast, plan, target or expectation."""
    out = []
    for name, frame in tables.items():
        f = _file(name)
        for row in frame.itertuples():
            note = (row.note if isinstance(row.note, str) else "").lower()
            if getattr(row, "basis", "") in ("forecast", "preliminary"):
                continue  # labelled a forecast (or a figure stated before the period closed): stored as what it is
            if getattr(row, "period", "full_year") != "full_year" and "full year" in note:
                continue  # a part-year outcome whose note adds an expectation for the whole year
            hit = next((w for w in FORECAST_WORDS if w in note), None)
            if hit:
                out.append(Failure("forecast-as-outcome", f"{f} row {row.row_n}",
                                   f"stored as an outcome ({row.year}), but its note says {hit!r}: "
                                   f"{row.note[:90]!r} (source {row.source_id})"))
    return out


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def duplicate_events(events: pd.DataFrame) -> list[Failure]:
    """The same event twice: same date and lever, or the same description."""
    out = []
    f = _file("events")
    seen: dict = {}
    for row in events.itertuples():
        for key, label in (((str(row.date), row.lever), "date and lever"), (_norm(row.event), "description")):
            if key in seen:
                first = seen[key]
                out.append(Failure("duplicate-event", f"{f} row {row.row_n}",
                                   f"same {label} as row {first.row_n} ({row.date}, {row.lever}): "
                                   f"{row.event[:70]!r} / {first.event[:70]!r}"))
            else:
                seen[key] = row
    return out


# the chapters' words for verdicts, mapped to the register's
CHAPTER_WORDS = {
    "supported": "supported", "true": "supported", "correct": "supported",
    "partly supported": "partly_supported", "true but marginal": "partly_supported",
    "not supported": "contradicted", "contradicted": "contradicted", "wrong": "contradicted",
    "not supported as a share of gdp": "contradicted",
    "could not verify": "could_not_verify", "not checkable": "not_checkable",
}


def un_vote_totals(records: pd.DataFrame, totals: pd.DataFrame) -> list[Failure]:
    """The scraped UN votes against the UN's published totals, one failure per resolution and count."""
    from kzdep.people import vote_total_differences

    return [Failure("un-vote-totals", message.split(":")[0], message)
            for message in vote_total_differences(records, totals)]


def chapter_verdicts(register: pd.DataFrame, figdata: Path) -> list[Failure]:
    """Chapter tables of verdicts (figdata/*-claims.csv) against the register.

    A chapter row names its claim by a quotation in double quotes; the register row whose ``quote_fragment``
    contains that quotation is the claim. A chapter verdict outside :data:`CHAPTER_WORDS` is a failure too.
    """
    out = []
    for path in sorted(Path(figdata).glob("*-claims.csv")):
        table = pd.read_csv(path)
        if not {"Claim", "Verdict"} <= set(table.columns):
            continue
        for number, row in enumerate(table.itertuples(), start=1):
            quotes = re.findall(r'"([^"]+)"', str(row.Claim))
            hits = register[register["quote_fragment"].fillna("").map(_norm).apply(
                lambda q: any(_norm(x) and _norm(x) in q for x in quotes))]
            where = f"book/figdata/{path.name} row {number}"
            if hits.empty:
                out.append(Failure("chapter-verdict", where, f"no register claim quotes {quotes}"))
                continue
            claim = hits.iloc[0]
            said = CHAPTER_WORDS.get(str(row.Verdict).strip().lower())
            if said is None:
                out.append(Failure("chapter-verdict", claim["id"],
                                   f"{where}: verdict {row.Verdict!r} is not in the register's vocabulary"))
            elif said != claim["verdict"]:
                out.append(Failure("chapter-verdict", claim["id"],
                                   f"{where} says {row.Verdict!r}, data/claims.csv (register) says "
                                   f"{claim['verdict']!r}"))
    return out


# ---------------------------------------------------------------------------------------------------------------
# running them

def check(figdata: Path | None = None) -> list[Failure]:
    """Every rule on the current data package; returns all failures (tolerated ones included)."""
    from kzdep import claims

    routes, cpc, oil = _rows("oil_export_routes"), _rows("cpc_loadings"), _rows("oil_official")
    trade, events = _rows("trade_official"), _rows("events")
    failures = route_split(routes)
    failures += cpc_within_loadings(cpc, routes, oil)
    failures += cpc_cumulative(cpc, _rows("parameters"))
    failures += percent_changes(trade, "trade_official", "value_usd_m", ["period", "partner", "measure", "reporter"])
    failures += percent_changes(cpc, "cpc_loadings", "value_mt", ["measure"])
    failures += percent_changes(oil, "oil_official", "value_mt", ["measure"])
    failures += forecasts_as_outcomes({"oil_official": oil, "cpc_loadings": cpc, "oil_export_routes": routes,
                                       "trade_official": trade})
    failures += duplicate_events(events)
    failures += un_vote_totals(data.load("un_votes_records"), data.load("un_vote_totals"))
    register = claims.register(claims.load_frames())
    failures += chapter_verdicts(register, Path(figdata or data.ROOT / "book" / "figdata"))
    return failures


def split(failures: list[Failure]) -> tuple[list[Failure], list[Failure]]:
    """(failures not excused, failures excused by :data:`KNOWN_EXCEPTIONS`)."""
    excused = [f for f in failures if (f.rule, f.key) in KNOWN_EXCEPTIONS]
    return [f for f in failures if (f.rule, f.key) not in KNOWN_EXCEPTIONS], excused


def main(argv: list[str] | None = None) -> int:
    try:
        broken, excused = split(check())
    except data.DataError as exc:  # a table the rules read is itself invalid: the loader's message says where
        print(f"kzdep.consistency: the data package is invalid: {exc}", file=sys.stderr)
        return 1
    for f in excused:
        print(f"tolerated (KNOWN_EXCEPTIONS: {KNOWN_EXCEPTIONS[(f.rule, f.key)]}): {f}")
    for f in broken:
        print(f"BROKEN: {f}", file=sys.stderr)
    if broken:
        print(f"kzdep.consistency: {len(broken)} cross-table rule(s) broken; the book is not built",
              file=sys.stderr)
        return 1
    print(f"kzdep.consistency: all cross-table rules hold ({len(excused)} known exception(s) tolerated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
