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

``turnover-sum``
    Where one source states a turnover and both its parts for the same period and partner
    (``trade_official.csv``), the turnover equals exports plus imports within the rounding of the three published
    figures (half a unit of each figure's last stated digit: 7,580 is rounded to tens, 973.2 to tenths).
``curated-vs-extract``
    A curated figure that restates a value of a machine-made extract agrees with it within
    :data:`RESTATE_TOLERANCE_PCT` percent, or is marked ``preliminary`` and its note gives the extract's figure:
    Kazakhstan's full-year trade with a partner (``trade_official.csv``, reporter KZ) against the bureau's
    workbooks (``trade_bns.csv``, the latest release of the year), and Kazakhstan's oil production
    (``oil_official.csv``) against the Energy Institute's (``oil_ei.csv``) where both count the same thing.
``capacity-definition``
    Every capacity figure (``route_capacity.csv``) says what kind of capacity it is (design, technical, mechanical
    or a target), never ``not_stated``, so the book can name the one it quotes.
``cpc-kazakh-vs-intake``
    Kazakh oil through the CPC in a year (``cpc_loadings.csv``, measure ``kazakh_oil``, stated) agrees with the
    intake the CPC reports from Kazakh fields (``kazakh_fields_intake``) within :data:`RESTATE_TOLERANCE_PCT`
    percent, or one of the two rows states the gap ("gap" and its size in Mt to 0.1).
``chapter-prose-verdict``
    A sentence of a chapter's prose that quotes a claim of the register (its ``quote_fragment``, in double quotes)
    and gives a verdict uses the register's words and the register's verdict ("holds" or "half supported" is not a
    verdict of the register).

Known failures caused by tables other work owns would be listed, each with its reason, in :data:`KNOWN_EXCEPTIONS`;
they are reported as tolerated, never hidden. The list is empty, and a test keeps it so.
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
RESTATE_TOLERANCE_PCT = 1.0  # a curated restatement of an extract's value (and the CPC's Kazakh volume vs intake)
# the bureau's code (trade_bns.csv, column code) of each partner of trade_official.csv
BNS_PARTNER = {"world": "world", "russia": "RU", "china": "CN", "italy": "IT", "eu": "eu"}
CAPACITY_DEFINITIONS = ("design", "technical", "mechanical", "target")
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
# figures that must agree (issue 23)

def _rounding(value: float) -> float:
    """Half a unit of the last stated digit of a published figure: 7580 -> 5, 973.2 -> 0.05, 13200 -> 50."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    if "." in text:
        return 0.5 * 10 ** -len(text.split(".")[1])
    digits = text.lstrip("-")
    zeros = len(digits) - len(digits.rstrip("0"))
    return 0.5 * 10 ** zeros if digits != "0" else 0.5


def turnover_sums(trade: pd.DataFrame) -> list[Failure]:
    """A source's turnover against its own exports plus imports for the same period, partner and reporter."""
    out = []
    f = _file("trade_official")
    for key, rows in trade.groupby(["year", "period", "partner", "reporter", "source_id"]):
        first = rows.drop_duplicates("measure").set_index("measure")
        if not {"turnover", "exports", "imports"} <= set(first.index):
            continue
        t, e, i = (float(first.loc[m, "value_usd_m"]) for m in ("turnover", "exports", "imports"))
        tolerance = _rounding(t) + _rounding(e) + _rounding(i)
        if abs(t - (e + i)) > tolerance + 1e-9:
            n = {m: int(first.loc[m, "row_n"]) for m in ("turnover", "exports", "imports")}
            out.append(Failure("turnover-sum", f"{f} row {n['turnover']}",
                               f"{key[2]} {key[0]} ({key[1]}, {key[4]}): turnover {t:g} is not exports {e:g} (row "
                               f"{n['exports']}) + imports {i:g} (row {n['imports']}) = {e + i:g}; the rounding "
                               f"of the three figures allows {tolerance:g}"))
    return out


def _states(note: str, value: float) -> bool:
    """Whether a note gives ``value`` (any number in it within 0.1 % of the value, or equal at the note's rounding)."""
    for number in re.findall(r"\d[\d,]*(?:\.\d+)?", note or ""):
        x = float(number.replace(",", ""))
        if x and abs(x - value) <= max(0.001 * abs(value), _rounding(x)):
            return True
    return False


def bureau_final(bns: pd.DataFrame) -> dict[tuple[int, str, str], tuple[float, int]]:
    """(year, partner code, measure) -> (the latest release's value in US$ m, that release); turnover is exports
    plus imports of the same release."""
    latest = bns.sort_values("release").groupby(["year", "code", "flow"]).last()
    out = {}
    for (year, partner, flow), row in latest.iterrows():
        out[(int(year), partner, flow)] = (float(row["value_usd_m"]), int(row["release"]))
    for (year, partner, flow), (value, release) in list(out.items()):
        if flow == "exports" and (year, partner, "imports") in out:
            out[(year, partner, "turnover")] = (value + out[(year, partner, "imports")][0], release)
    return out


def curated_vs_extract(trade: pd.DataFrame, bns: pd.DataFrame, oil: pd.DataFrame,
                       ei: pd.DataFrame) -> list[Failure]:
    """Curated restatements of the bureau's workbooks and of the Energy Institute against the extracts."""
    out = []
    f, fb = _file("trade_official"), _file("trade_bns")
    final = bureau_final(bns)
    for row in trade[(trade["period"] == "full_year") & (trade["reporter"] == "KZ")].itertuples():
        name = BNS_PARTNER.get(row.partner)
        hit = final.get((int(row.year), name, row.measure)) if name else None
        if hit is None:
            continue
        ref, release = hit
        gap = (float(row.value_usd_m) - ref) / ref * 100
        basis = getattr(row, "basis", "stated")
        if basis == "preliminary":
            if not _states(row.note, ref):
                out.append(Failure("curated-vs-extract", f"{f} row {row.row_n}",
                                   f"marked preliminary, but its note does not give the bureau's final figure "
                                   f"{ref:,.1f} ({fb}, release {release}, {name}, {row.measure} {row.year})"))
        elif abs(gap) > RESTATE_TOLERANCE_PCT:
            out.append(Failure("curated-vs-extract", f"{f} row {row.row_n}",
                               f"{row.partner} {row.measure} {row.year} = {row.value_usd_m:g} ({row.source_id}) is "
                               f"{gap:+.1f} % off the bureau's {ref:,.1f} ({fb}, release {release}); tolerance "
                               f"{RESTATE_TOLERANCE_PCT:g} %: correct it, or mark it preliminary with a note giving "
                               f"both"))
    fo, fe = _file("oil_official"), _file("oil_ei")
    # the edition of record (the newest the extract holds); earlier editions revise past years and are not compared
    newest = sorted(ei["source_id"].unique())[-1]
    production = ei[ei["source_id"] == newest].set_index("year")["production_mt"]
    for row in oil[oil["measure"] == "production"].itertuples():
        if int(row.year) not in production.index or getattr(row, "basis", "stated") in ("forecast", "derived"):
            continue
        ref = float(production.loc[int(row.year)])
        gap = (float(row.value_mt) - ref) / ref * 100
        if abs(gap) > RESTATE_TOLERANCE_PCT and not _states(row.note, ref):
            out.append(Failure("curated-vs-extract", f"{fo} row {row.row_n}",
                               f"production {row.year} = {row.value_mt:g} Mt ({row.source_id}) is {gap:+.1f} % off "
                               f"the Energy Institute's {ref:.2f} Mt ({fe}); tolerance {RESTATE_TOLERANCE_PCT:g} %: "
                               "the note must give both and say why they differ"))
    return out


def capacity_definitions(capacity: pd.DataFrame) -> list[Failure]:
    """Every capacity figure says which kind of capacity it is."""
    f = _file("route_capacity")
    return [Failure("capacity-definition", f"{f} row {row.row_n}",
                    f"{row.route} {row.capacity_mt_per_year:g} Mt/yr ({row.as_of}, {row.source_id}): definition "
                    f"{row.definition!r}; say which capacity it is: {', '.join(CAPACITY_DEFINITIONS)}")
            for row in capacity.itertuples() if row.definition not in CAPACITY_DEFINITIONS]


def cpc_kazakh_vs_intake(cpc: pd.DataFrame) -> list[Failure]:
    """Kazakh oil through the CPC against the intake the CPC reports from Kazakh fields, or the gap stated."""
    out = []
    f = _file("cpc_loadings")
    kazakh = cpc[(cpc["measure"] == "kazakh_oil") & (cpc["basis"] == "stated")]
    for intake in cpc[cpc["measure"] == "kazakh_fields_intake"].itertuples():
        for row in kazakh[kazakh["year"] == intake.year].itertuples():
            gap = float(row.value_mt) - float(intake.value_mt)
            if abs(gap) <= RESTATE_TOLERANCE_PCT / 100 * float(row.value_mt):
                continue
            stated = any("gap" in str(n).lower() and f"{abs(gap):.1f}" in str(n) for n in (row.note, intake.note))
            if not stated:
                out.append(Failure("cpc-kazakh-vs-intake", f"{f} row {row.row_n}",
                                   f"Kazakh oil through the CPC in {row.year}, {row.value_mt:g} Mt ({row.source_id}), "
                                   f"differs from the Kazakh fields' intake {intake.value_mt:g} Mt (row {intake.row_n}) "
                                   f"by {gap:+.1f} Mt; reconcile them or state the gap in a note"))
    return out


# a verdict stated in prose: the register's words first, then words that are no verdict of the register
_PROSE_VERDICT = re.compile(r"\b(partly supported|not supported|half supported|could not (?:be )?verif\w*|"
                            r"not checkable|contradicted|supported|holds|true|wrong|correct)\b", flags=re.I)
PROSE_WORDS = {"supported": "supported", "partly supported": "partly_supported", "contradicted": "contradicted",
               "not supported": "contradicted", "not checkable": "not_checkable"}


def _prose(text: str) -> list[tuple[int, str]]:
    """(line number, sentence) of a MyST notebook's prose: code cells and directives left out."""
    out, buffer, start, fence = [], [], 0, None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = re.match(r"^(`{3,}|:{3,})", line)
        if fence:
            if line.startswith(fence) and not line.strip(fence[0]).strip():
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if not line.strip() or line.startswith(("#", "+++", "---", "(")):
            if buffer:
                out.append((start, " ".join(buffer)))
            buffer = []
            continue
        if not buffer:
            start = number
        buffer.append(line.strip())
    if buffer:
        out.append((start, " ".join(buffer)))
    sentences = []
    for number, paragraph in out:
        for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z])", paragraph):
            sentences.append((number, sentence))
    return sentences


def chapter_prose_verdicts(register: pd.DataFrame, book: Path) -> list[Failure]:
    """Verdicts stated in the chapters' prose against the register's."""
    out = []
    fragments = register.assign(q=register["quote_fragment"].fillna("").map(_norm))
    for chapter in sorted(Path(book).glob("*.md")):
        if chapter.name == "claims.md":
            continue
        for number, sentence in _prose(chapter.read_text(encoding="utf-8")):
            for quote in re.findall(r'"([^"]{12,})"', sentence):
                q = _norm(quote)
                hits = fragments[fragments["q"].map(lambda frag: bool(q) and bool(frag) and (q in frag or frag in q))]
                if hits.empty:
                    continue
                word = _PROSE_VERDICT.search(sentence[sentence.find(quote) + len(quote):])
                if not word:
                    continue
                said = PROSE_WORDS.get(word.group(1).lower())
                where = f"book/{chapter.name} line {number}"
                for claim in hits.itertuples():
                    if said is None:
                        out.append(Failure("chapter-prose-verdict", claim.id,
                                           f"{where}: {word.group(1)!r} after \"{quote[:50]}\" is not a verdict of "
                                           f"the register, which says {claim.verdict!r}"))
                    elif said != claim.verdict:
                        out.append(Failure("chapter-prose-verdict", claim.id,
                                           f"{where} says {word.group(1)!r} of \"{quote[:50]}\", data/claims.csv "
                                           f"(register) says {claim.verdict!r}"))
    return out


# ---------------------------------------------------------------------------------------------------------------
# running them

def check(figdata: Path | None = None, book: Path | None = None) -> list[Failure]:
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
    failures += turnover_sums(trade)
    failures += curated_vs_extract(trade, _rows("trade_bns"), oil, _rows("oil_ei"))
    failures += capacity_definitions(_rows("route_capacity"))
    failures += cpc_kazakh_vs_intake(cpc)
    failures += un_vote_totals(data.load("un_votes_records"), data.load("un_vote_totals"))
    register = claims.register(claims.load_frames())
    failures += chapter_verdicts(register, Path(figdata or data.ROOT / "book" / "figdata"))
    failures += chapter_prose_verdicts(register, Path(book or data.ROOT / "book"))
    return failures


def split(failures: list[Failure]) -> tuple[list[Failure], list[Failure]]:
    """(failures not excused, failures excused by :data:`KNOWN_EXCEPTIONS`)."""
    excused = [f for f in failures if (f.rule, f.key) in KNOWN_EXCEPTIONS]
    return [f for f in failures if (f.rule, f.key) not in KNOWN_EXCEPTIONS], excused


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Check the cross-table rules of the data package and a book.")
    parser.add_argument("--book", type=Path, default=None, help="the book's folder (default: book/)")
    parser.add_argument("--figdata", type=Path, default=None, help="its downloads (default: book/figdata/)")
    args = parser.parse_args(argv or [])
    try:
        broken, excused = split(check(args.figdata, args.book))
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
    sys.exit(main(sys.argv[1:]))
