"""People and politics: the ethnic composition at each census, population, migration, votes at the UN, opinion,
students, language, border and remittances.

The census table holds several rows for one value, from different sources. The rules that pick one value are here,
stated once, so the chapter, the claims register and the tests use the same numbers:

- **Shares of a group** (:func:`preferred_shares`): for each census, a source that is not a relay comes first (the
  guide's rule: the publisher, then the press, before a copy or an encyclopedia); among those, the source that gives
  shares for the most groups, so that the groups of one census come from as few tables as possible; then the latest
  publication (final results come after preliminary ones); then the source id (only to make the choice
  deterministic). A group the first source lacks is taken from the next one that gives it.
- **Total population** (:func:`census_totals`): among the rows with a person count, the latest publication wins
  (final results are published after the preliminary ones); a source without a year in the register ranks last.
- Two figures **disagree** (:func:`disagreements`) when they differ after rounding both to the coarser precision
  of the two (63.07 and 63.1 agree; 37.4 and 37.8 do not).
- **Votes at the UN** (:func:`vote_records`): every member state's vote on the General Assembly's resolutions on
  Ukraine and Crimea since 2014, from the UN's voting records. Before a vote is used, each resolution's counts of
  yes, no, abstain and non-voting states must equal the totals the UN published (:func:`check_vote_totals`), or
  the build stops naming the resolution. A state **voted as Russia did** (:func:`vote_alignment`) when it cast the
  same vote; not voting never counts as the same vote. The press reports of later votes (:func:`votes`) give one
  vote per resolution and country; when two sources disagree the build stops.
- **One value a year** for the summary (:func:`yearly_indicators`): where a year has several rows, the row of the
  most direct source tier wins (official first, relay last), ties to the source id first in alphabetical order.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from kzdep import data as _data
from kzdep import text as _text

#: the border length the book quotes (and the claims register checks claims C02 and C38 against): the CIA World
#: Factbook's land boundary, the one figure given to the km by a publisher of the first tier (the Kazakh 7,548.1 km
#: reaches the report only through the Kyrgyz foreign ministry's brief, a relay; the others are rounded, a lower
#: bound, the CIA's figure of 2006 relayed by the Library of Congress, or a news figure without a measurement)
BORDER_PREFERRED_SOURCE = "cia-factbook-kz"

GROUP_LABELS = {
    "total": "Total", "kazakh": "Kazakhs", "russian": "Russians", "ukrainian": "Ukrainians", "german": "Germans",
    "uzbek": "Uzbeks", "uyghur": "Uyghurs", "tatar": "Tatars", "other": "Other",
}


# ---------------------------------------------------------------------------------------------------------------
# census: one value per census and group

def source_completeness(census: pd.DataFrame) -> pd.DataFrame:
    """For each census and source: the number of groups (not the total) it gives a share for."""
    shares = census[census["share_pct"].notna() & (census["group"] != "total")]
    return (shares.groupby(["census_year", "source_id"])["group"].nunique()
            .rename("groups_with_share").reset_index())


def source_order(census: pd.DataFrame) -> dict[int, list[str]]:
    """For each census: the sources giving shares in the order of preference (rule in the module docstring):
    sources that are not relays first, then the most complete, then the latest publication, then the source id."""
    comp = source_completeness(census)
    published = [_data.source(s)["year"] for s in comp["source_id"]]  # None when the register has no year
    comp = comp.assign(_relay=[_tier(s) in ("relay", "partisan") for s in comp["source_id"]],
                       _year=[-int(y) if y else 0 for y in published])  # latest first
    order = {}
    for year, rows in comp.groupby("census_year"):
        rows = rows.sort_values(["_relay", "groups_with_share", "_year", "source_id"],
                                ascending=[True, False, True, True])
        order[int(year)] = list(rows["source_id"])
    return order


def preferred_shares(census: pd.DataFrame) -> pd.DataFrame:
    """One share per census and group (rule in the module docstring).

    Columns: census_year, group, share_pct, source_id, n_sources (how many sources give a share for that group).
    """
    shares = census[census["share_pct"].notna() & (census["group"] != "total")]
    order = source_order(census)
    out = []
    for (year, group), rows in shares.groupby(["census_year", "group"]):
        rank = {sid: i for i, sid in enumerate(order[int(year)])}
        best = rows.assign(_rank=rows["source_id"].map(rank)).sort_values("_rank").iloc[0]
        out.append({"census_year": int(year), "group": group, "share_pct": float(best["share_pct"]),
                    "source_id": best["source_id"], "n_sources": int(rows["source_id"].nunique())})
    return pd.DataFrame(out).sort_values(["census_year", "share_pct"], ascending=[True, False]).reset_index(drop=True)


def census_totals(census: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The preferred total population of each census: the latest-published row with a person count.

    ``sources`` is the sources register (``data.load("sources")``, or ``data.sources()`` indexed by source_id). Columns: census_year,
    persons, source_id, n_counts (how many person counts the table holds for that census).
    """
    if "source_id" in sources.columns:
        sources = sources.set_index("source_id")
    totals = census[(census["group"] == "total") & census["persons"].notna()].copy()
    totals["pub_year"] = totals["source_id"].map(sources["year"]).astype("float64").fillna(-1)
    out = []
    for year, rows in totals.groupby("census_year"):
        best = rows.sort_values(["pub_year", "source_id"], ascending=[False, True]).iloc[0]
        out.append({"census_year": int(year), "persons": int(best["persons"]), "source_id": best["source_id"],
                    "n_counts": len(rows)})
    return pd.DataFrame(out)


def russians_by_census(census: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Russians at each census: preferred share, preferred total, and their number.

    ``persons`` is a published count where the table has one (2021), else share x total (``derived`` = True),
    rounded to the thousand because the share is rounded to 0.1 point.
    """
    shares = preferred_shares(census)
    shares = shares[shares["group"] == "russian"].set_index("census_year")
    totals = census_totals(census, sources).set_index("census_year")
    counts = census[(census["group"] == "russian") & census["persons"].notna()]
    out = []
    for year in shares.index:
        share = float(shares.loc[year, "share_pct"])
        total = int(totals.loc[year, "persons"])
        published = counts[counts["census_year"] == year]
        if len(published):
            persons, derived = int(published["persons"].iloc[0]), False
        else:
            persons, derived = int(round(share / 100 * total, -3)), True
        out.append({"census_year": int(year), "share_pct": share, "share_source": shares.loc[year, "source_id"],
                    "total": total, "total_source": totals.loc[year, "source_id"], "persons": persons,
                    "derived": derived})
    return pd.DataFrame(out)


def _decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def _round(value: float, digits: int) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def agree(a: float, b: float) -> bool:
    """True when ``a`` and ``b`` are equal after rounding both to the coarser precision of the two."""
    digits = min(_decimals(a), _decimals(b))
    return _round(a, digits) == _round(b, digits)


def disagreements(census: pd.DataFrame, column: str = "share_pct") -> pd.DataFrame:
    """Census and group where sources give figures that do not agree (see :func:`agree`).

    One row per census, group and source: census_year, group, value, source_id.
    """
    rows = census[census[column].notna()]
    keep = []
    for (year, group), part in rows.groupby(["census_year", "group"]):
        values = list(part[column])
        if any(not agree(a, b) for i, a in enumerate(values) for b in values[i + 1:]):
            keep.append(part[["census_year", "group", column, "source_id"]])
    if not keep:
        return pd.DataFrame(columns=["census_year", "group", column, "source_id"])
    return pd.concat(keep).rename(columns={column: "value"}).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# population estimates against census counts

def estimate_vs_census(population: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """For each census year: the census total, the OWID mid-year estimate and the gap in percent of the census."""
    est = population.set_index("year")["population"]
    out = totals[["census_year", "persons"]].copy()
    out["estimate"] = out["census_year"].map(est)
    out["gap_pct"] = 100.0 * (out["estimate"] - out["persons"]) / out["persons"]
    return out


# ---------------------------------------------------------------------------------------------------------------
# the people table: students, Levada, border, remittances

def topic(people: pd.DataFrame, name: str) -> pd.DataFrame:
    """The rows of one topic of the people table."""
    return people[people["topic"] == name].reset_index(drop=True)


def levada_waves(people: pd.DataFrame) -> pd.DataFrame:
    """One row per Levada wave (a source and a year: one Levada table can give several waves): percent naming
    Belarus, Kazakhstan and China, and Kazakhstan's rank among the three. Waves with a year first (by year), then
    the undated ones."""
    rows = topic(people, "levada_friendly_country").copy()
    rows["country"] = rows["unit"].str.extract(r"naming (\w+)$", expand=False)
    rows["wave_year"] = rows["year"].fillna(-1)
    wide = rows.pivot_table(index=["source_id", "wave_year"], columns="country", values="value", aggfunc="first")
    wide = wide.reset_index()
    wide["year"] = wide["wave_year"].where(wide["wave_year"] >= 0)
    wide["kazakhstan_rank"] = wide[["Belarus", "Kazakhstan", "China"]].rank(axis=1, ascending=False,
                                                                          method="min")["Kazakhstan"].astype(int)
    wide = wide.sort_values(["year", "source_id"], na_position="last").reset_index(drop=True)
    return wide[["source_id", "year", "Belarus", "Kazakhstan", "China", "kazakhstan_rank"]]


def border_lengths(people: pd.DataFrame) -> pd.DataFrame:
    """The published lengths of the Kazakh-Russian border, longest first."""
    rows = topic(people, "border_length_km")
    return rows[["value", "source_id", "note"]].sort_values("value", ascending=False).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# votes at the UN General Assembly: the UN's voting records (un_votes_records, checked against un_vote_totals)

#: Kazakhstan, Russia and the neighbours the book compares, by ISO3 code, in the order the chapter shows them
NEIGHBOURS = {"KAZ": "Kazakhstan", "RUS": "Russia", "BLR": "Belarus", "ARM": "Armenia", "AZE": "Azerbaijan",
              "GEO": "Georgia", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan",
              "UZB": "Uzbekistan", "MNG": "Mongolia"}
VOTE_SERIES = {"territorial-integrity": "Territorial integrity of Ukraine (2014)",
               "crimea-human-rights": "Human rights in Crimea",
               "crimea-militarisation": "Militarisation of Crimea",
               "emergency-session": "Emergency special session on Ukraine (ES-11)"}
VOTE_LABELS = {"yes": "Yes", "no": "No", "abstain": "Abstained", "absent": "Did not vote"}
TIER_ORDER = ["official", "company", "intergovernmental", "research", "news-agency", "press", "relay", "partisan"]
_TOTAL_COLUMNS = {"yes": "yes", "no": "no", "abstain": "abstain", "absent": "non_voting"}


def vote_total_differences(records: pd.DataFrame, totals: pd.DataFrame) -> list[str]:
    """Where the recorded votes disagree with the UN's published totals: one message per resolution and count,
    naming the resolution (empty when every resolution adds up). A resolution in one table and not the other is
    a difference too."""
    problems = []
    counted = records.groupby(["resolution", "vote"]).size().unstack(fill_value=0)
    published = totals.set_index("resolution")
    for res in sorted(set(counted.index) | set(published.index)):
        if res not in published.index:
            problems.append(f"resolution {res}: votes in un_votes_records.csv but no published totals in "
                            "un_vote_totals.csv")
            continue
        if res not in counted.index:
            problems.append(f"resolution {res}: published totals in un_vote_totals.csv but no votes in "
                            "un_votes_records.csv")
            continue
        for vote, column in _TOTAL_COLUMNS.items():
            n = int(counted.loc[res].get(vote, 0))
            if n != int(published.loc[res, column]):
                problems.append(f"resolution {res}: un_votes_records.csv counts {n} {vote} votes, the UN published "
                                f"{int(published.loc[res, column])} (un_vote_totals.csv, column '{column}')")
    return problems


def check_vote_totals(records: pd.DataFrame, totals: pd.DataFrame) -> None:
    """Stop (:class:`kzdep.data.DataError`, naming the resolution) unless every resolution's counts of yes, no,
    abstain and non-voting states equal the totals the UN published."""
    problems = vote_total_differences(records, totals)
    if problems:
        raise _data.DataError("the scraped UN votes do not match the UN's published totals: " + "; ".join(problems))


def vote_records(records: pd.DataFrame | None = None, totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every member state's vote on each resolution, checked against the published totals first
    (:func:`check_vote_totals`); with the resolution's title, year and a short label for charts."""
    records = _data.load("un_votes_records") if records is None else records
    totals = _data.load("un_vote_totals") if totals is None else totals
    check_vote_totals(records, totals)
    titles = totals.set_index("resolution")["title"]
    out = records.copy()
    out["title"] = out["resolution"].map(titles)
    out["year"] = out["date"].str[:4].astype(int)
    return out.sort_values(["date", "resolution", "iso3"]).reset_index(drop=True)


def _same(votes: pd.Series, russia: pd.Series) -> pd.Series:
    """True where a state cast the same vote as Russia; not voting is never the same vote."""
    return (votes == russia) & (votes != "absent")


def vote_alignment(countries=None, with_: str = "RUS", records: pd.DataFrame | None = None,
                   series=None, by: str | None = None) -> pd.DataFrame:
    """For each country (ISO3 codes; default: :data:`NEIGHBOURS`): on how many of the resolutions (``n``: those on
    which both were members) it cast the same vote as ``with_`` (``same``), and the share in percent.

    ``series`` keeps only those series (a name or a list, keys of :data:`VOTE_SERIES`); ``by`` = "series" or
    "year" gives one row per country and series or year. Not voting is never the same vote. ``records`` defaults
    to :func:`vote_records` (checked against the published totals). Columns: iso3, [series|year], n, same,
    share_pct."""
    v = vote_records() if records is None else records
    if series is not None:
        v = v[v["series"].isin([series] if isinstance(series, str) else list(series))]
    if "year" not in v:
        v = v.assign(year=v["date"].str[:4].astype(int))
    codes = list(NEIGHBOURS) if countries is None else [countries] if isinstance(countries, str) else list(countries)
    unknown = sorted(set(codes + [with_]) - set(v["iso3"]))
    if unknown:
        raise _data.DataError(f"un_votes_records.csv: no votes of {unknown}")
    ref = v[v["iso3"] == with_].set_index("resolution")["vote"]
    rows = v[v["iso3"].isin(codes)].copy()
    rows = rows[rows["resolution"].isin(ref.index)]
    rows["same"] = _same(rows["vote"], rows["resolution"].map(ref))
    keys = ["iso3"] + ([by] if by else [])
    out = rows.groupby(keys).agg(n=("resolution", "size"), same=("same", "sum")).reset_index()
    out["same"] = out["same"].astype(int)
    out["share_pct"] = 100.0 * out["same"] / out["n"]
    order = {c: i for i, c in enumerate(codes)}
    return out.sort_values(keys, key=lambda s: s.map(order) if s.name == "iso3" else s).reset_index(drop=True)


def vote_alignment_table(countries=None, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """For the chapter's table: per country (Russia left out), the number of resolutions with the same vote as
    Russia, and the share in percent of all resolutions and of each series except the single 2014 one."""
    v = vote_records() if records is None else records
    codes = [c for c in (NEIGHBOURS if countries is None else countries) if c != "RUS"]
    total = vote_alignment(codes, records=v).set_index("iso3")
    by = vote_alignment(codes, records=v, by="series").pivot(index="iso3", columns="series", values="share_pct")
    n = int(total["n"].max())
    out = pd.DataFrame({"Country": [NEIGHBOURS.get(c, c) for c in codes],
                        f"With Russia (of {n})": total.loc[codes, "same"].to_numpy(),
                        "All, %": total.loc[codes, "share_pct"].to_numpy()})
    for key, label in [("emergency-session", "ES-11"), ("crimea-human-rights", "Crimea rights"),
                       ("crimea-militarisation", "Militarisation")]:
        out[label + ", %"] = by.loc[codes, key].to_numpy()
    return out


def vote_grid(countries=None, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """Resolutions (rows, by date) by country (columns, ISO3 in the order given; default :data:`NEIGHBOURS`)."""
    v = vote_records() if records is None else records
    codes = list(NEIGHBOURS) if countries is None else list(countries)
    wide = v[v["iso3"].isin(codes)].pivot_table(index=["date", "resolution"], columns="iso3", values="vote",
                                                aggfunc="first")
    return wide.reindex(columns=codes)


def votes_of(country: str, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """One country's vote on each resolution beside Russia's: resolution, date, series, vote, russia, same."""
    v = vote_records() if records is None else records
    ref = v[v["iso3"] == "RUS"].set_index("resolution")["vote"]
    own = v[v["iso3"] == country][["resolution", "date", "series", "vote"]].copy()
    own["russia"] = own["resolution"].map(ref)
    own["same"] = _same(own["vote"], own["russia"])
    return own.sort_values(["date", "resolution"]).reset_index(drop=True)


VOTE_COLOURS = {"yes": "#2b8a3e", "abstain": "#e0a100", "absent": "#d9d9d9", "no": None}  # no: Russia's colour
VOTE_SHORT = {"yes": "Yes", "no": "No", "abstain": "Abst.", "absent": "\u2013"}


def draw_vote_grid(ax, grid: pd.DataFrame, russia_colour: str, ink: str = "#222222") -> None:
    """Draw :func:`vote_grid` on ``ax``: one coloured, labelled cell per resolution (row) and country (column),
    with a legend of the four votes under the grid."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    order = ["yes", "abstain", "absent", "no"]
    colours = [VOTE_COLOURS[v] or russia_colour for v in order]
    codes = grid.apply(lambda col: col.map({v: i for i, v in enumerate(order)})).to_numpy(dtype=float)
    ax.imshow(codes, cmap=ListedColormap(colours), vmin=-0.5, vmax=3.5, aspect="auto")
    for (i, j), vote in np.ndenumerate(grid.to_numpy()):
        ax.text(j, i, VOTE_SHORT.get(vote, ""), ha="center", va="center", fontsize=7,
                color="white" if vote in ("no", "yes") else ink)
    ax.set_yticks(range(len(grid)), [f"{d[:7]}  {r}" for d, r in grid.index], fontsize=7.5)
    ax.set_xticks(range(len(grid.columns)), [NEIGHBOURS.get(c, c) for c in grid.columns], fontsize=7.5,
                  rotation=35, ha="left")
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.grid(False)
    ax.legend([Patch(color=c) for c in colours], [VOTE_LABELS[v] for v in order], loc="upper center",
              bbox_to_anchor=(0.5, -0.01), ncol=4, fontsize=7.5, frameon=False)


# the later votes not in the UN records reachable here: press reports in un_votes.csv

def votes(un_votes: pd.DataFrame) -> pd.DataFrame:
    """One vote per resolution and country from the reports in ``un_votes.csv``, with how many sources give it.

    Columns: vote_id, date, year, symbol, title, country, vote, n_sources, source_ids (';'-joined, sorted).
    Raises :class:`kzdep.data.DataError` naming the rows when sources disagree on a vote.
    """
    out = []
    for (vote_id, country), rows in un_votes.groupby(["vote_id", "country"], sort=True):
        found = sorted(set(rows["vote"]))
        if len(found) > 1:
            detail = "; ".join(f"{s}: {v}" for s, v in zip(rows["source_id"], rows["vote"]))
            raise _data.DataError(f"un_votes.csv: sources disagree on {country}'s vote on {vote_id} ({detail})")
        for col in ("date", "title"):
            if rows[col].nunique() > 1:
                raise _data.DataError(f"un_votes.csv: vote {vote_id} has more than one {col}: "
                                      f"{sorted(set(rows[col]))}")
        first = rows.iloc[0]
        out.append({"vote_id": vote_id, "date": first["date"], "year": int(str(first["date"])[:4]),
                    "symbol": "" if pd.isna(first["symbol"]) else first["symbol"], "title": first["title"],
                    "country": country, "vote": found[0], "n_sources": int(rows["source_id"].nunique()),
                    "source_ids": ";".join(sorted(set(rows["source_id"])))})
    return pd.DataFrame(out).sort_values(["date", "country"]).reset_index(drop=True)

def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 4 -> '4th', 11 -> '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _day(iso: str) -> str:
    """'2024-07-11' -> '11 July 2024'."""
    stamp = pd.Timestamp(iso)
    return f"{stamp.day} {stamp.strftime('%B')} {stamp.year}"


_VOTE_VERBS = {"yes": "voted yes on", "no": "voted no on", "abstain": "abstained on", "absent": "did not vote on"}


def vote_findings(un_votes: pd.DataFrame, records: pd.DataFrame | None = None) -> dict[str, str]:
    """The votes section's numbers and phrases (name -> text): the full record of Kazakhstan's votes beside
    Russia's, by series, the neighbours' shares, and the later votes reported by the press."""
    rec = vote_records() if records is None else records
    f: dict[str, str] = {}
    kz = votes_of("KAZ", rec)
    total = vote_alignment("KAZ", records=rec).iloc[0]
    f["people_un_n"] = _text.integer(total["n"])
    f["people_un_same"] = _text.integer(total["same"])
    f["people_un_share"] = _text.percent(total["share_pct"], 1)
    f["people_un_first_year"] = str(int(rec["year"].min()))
    f["people_un_last_year"] = str(int(rec["year"].max()))
    n_yes = int((kz["vote"] == "yes").sum())
    f["people_un_kz_yes"] = _text.integer(n_yes)
    f["people_un_kz_yes_phrase"] = "never voted yes on any" if n_yes == 0 else f"voted yes on {_text.integer(n_yes)}"
    since = kz[kz["date"] > kz.loc[kz["same"], "date"].max()]
    f["people_un_since_year"] = str(kz.loc[kz["same"], "date"].max())[:4]
    f["people_un_since"] = " or ".join(dict.fromkeys(_VOTE_VERBS[v].removesuffix(" on") for v in since["vote"]))
    ru = rec[rec["iso3"] == "RUS"]
    f["people_un_ru_no"] = _text.integer((ru["vote"] == "no").sum())

    series = vote_alignment("KAZ", records=rec, by="series").set_index("series")
    es = series.loc["emergency-session"]
    f["people_un_es_n"], f["people_un_es_same"] = _text.integer(es["n"]), _text.integer(es["same"])
    f["people_un_es_share"] = _text.percent(es["share_pct"], 1)
    es_same = kz[(kz["series"] == "emergency-session") & kz["same"]]
    f["people_un_es_same_res"] = _listing(list(es_same["resolution"])) if len(es_same) else "none"
    titles = rec.drop_duplicates("resolution").set_index("resolution")["title"]
    f["people_un_es_same_title"] = _listing([titles[r] for r in es_same["resolution"]]) if len(es_same) else "none"

    hr = kz[kz["series"] == "crimea-human-rights"]
    same = hr[hr["same"]]
    f["people_un_hr_n"], f["people_un_hr_same"] = _text.integer(len(hr)), _text.integer(len(same))
    f["people_un_hr_same_vote"] = _listing(sorted({VOTE_LABELS[v].lower() for v in same["vote"]}))
    f["people_un_hr_first_year"] = str(same["date"].min())[:4]
    last = same.iloc[-1]
    f["people_un_hr_last_res"], f["people_un_hr_last_year"] = last["resolution"], str(last["date"])[:4]
    after = hr[hr["date"] > last["date"]]
    f["people_un_hr_after"] = _listing([f"{_VOTE_VERBS[r['vote']]} {r['resolution']} in {r['date'][:4]}"
                                        for _, r in after.iterrows()]) if len(after) else "none"
    ended = (after["vote"] != after["russia"]).all() if len(after) else False
    f["people_un_hr_streak_ended"] = "yes" if ended else "no"

    mil = kz[kz["series"] == "crimea-militarisation"]
    f["people_un_mil_n"] = _text.integer(len(mil))
    f["people_un_mil_same"] = _text.integer(mil["same"].sum())
    kinds = [v for v in VOTE_LABELS if (mil["vote"] == v).any()]
    f["people_un_mil_votes"] = (f"{_VOTE_VERBS[kinds[0]]} all {len(mil)}" if len(kinds) == 1 else
                                _listing([f"{_VOTE_VERBS[v]} {int((mil['vote'] == v).sum())}" for v in kinds]))
    first = kz[kz["series"] == "territorial-integrity"].iloc[0]
    f["people_un_2014_vote"] = VOTE_LABELS[first["vote"]].lower()

    others = vote_alignment([c for c in NEIGHBOURS if c != "RUS"], records=rec)
    others = others.sort_values(["share_pct", "iso3"], ascending=[False, True]).reset_index(drop=True)
    top = others.iloc[0]
    f["people_un_nb_top"], f["people_un_nb_top_share"] = NEIGHBOURS[top["iso3"]], _text.percent(top["share_pct"], 0)
    never = sorted(NEIGHBOURS[c] for c in others.loc[others["same"] == 0, "iso3"])
    f["people_un_nb_never"] = _listing(never) if never else "none"
    f["people_un_nb_n"] = _text.integer(len(others))
    # rank 1 = most often with Russia; ties share the better rank
    ranks = others["share_pct"].rank(ascending=False, method="min").astype(int)
    f["people_un_kz_rank"] = _ordinal(int(ranks[others["iso3"] == "KAZ"].iloc[0]))

    later = votes(un_votes)
    later = later[later["country"] == "kazakhstan"]
    phrases = []
    for vote, rows in later.groupby("vote", sort=False):
        days = [_day(d) for d in rows["date"]]
        phrases.append(f"{_VOTE_VERBS[vote]} the vote{'s' if len(days) > 1 else ''} of {_listing(days)}")
    f["people_un_later"] = _listing(phrases) if phrases else "none"
    f["people_un_later_n"] = _text.integer(len(later))
    return f


# ---------------------------------------------------------------------------------------------------------------
# the 2022 arrivals, opinion polls

def arrivals_since_mobilisation(arrivals: pd.DataFrame) -> pd.DataFrame:
    """The figures counted from the mobilisation order of 21 September 2022, in the order they were stated."""
    rows = arrivals[arrivals["period_start"] == "2022-09-21"].copy()
    return rows.sort_values(["stated", "measure"]).reset_index(drop=True)


def stated(arrivals: pd.DataFrame, measure: str, source_id: str) -> pd.Series:
    """The one row of ``arrivals`` for a measure and source (raises DataError when it is not exactly one)."""
    rows = arrivals[(arrivals["measure"] == measure) & (arrivals["source_id"] == source_id)]
    if len(rows) != 1:
        raise _data.DataError(f"arrivals_2022.csv: expected one {measure!r} row from {source_id}, found {len(rows)}")
    return rows.iloc[0]


def draw_opinion(ax1, ax2, side: pd.DataFrame, attack: pd.DataFrame) -> None:
    """The opinion figure: support for each side by DEMOSCOPE wave (``ax1``, lines) and whether a Russian attack on
    Kazakhstan is thought possible (``ax2``, stacked bars); ``side`` and ``attack`` from :func:`poll_series`."""
    from kzdep import style

    wave_label = {"demoscope-2022-03": "Mar 2022", "demoscope-2022-11": "Nov 2022", "demoscope-2023-05": "May 2023"}
    for answer, label, colour in [("russia", "Support Russia", style.colour("Russia")),
                                  ("ukraine", "Support Ukraine", "#2b5797"),
                                  ("neither", "Neither", style.colour("Other"))]:
        if answer not in side:
            continue
        s = side.dropna(subset=[answer])
        xs = [list(wave_label).index(p) for p in s["poll_id"]]
        ax1.plot(xs, s[answer], marker="o", color=colour, label=label)
        for x, v in zip(xs, s[answer]):
            ax1.annotate(f"{v:g}", (x, v), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=7.5)
    ax1.set_xticks(range(len(wave_label)))
    ax1.set_xticklabels(wave_label.values(), fontsize=8)
    ax1.set_ylim(0, 70)
    ax1.set_ylabel("Respondents (%)")
    ax1.legend(loc="upper right", fontsize=7.5)
    ax1.set_title("Which side do you support?", fontsize=9)
    a = attack.set_index("poll_id")
    xs = np.arange(len(a))
    ax2.bar(xs, a["yes"], color=style.colour("Russia"), label="Possible")
    ax2.bar(xs, a["under_conditions"], bottom=a["yes"], color="#e8877c", label="Under some conditions")
    for x, (y, c) in enumerate(zip(a["yes"], a["under_conditions"])):
        ax2.annotate(f"{y:g}", (x, y / 2), ha="center", va="center", fontsize=7.5, color="white")
        ax2.annotate(f"{c:g}", (x, y + c / 2), ha="center", va="center", fontsize=7.5)
    ax2.set_xticks(xs)
    ax2.set_xticklabels([wave_label[p] for p in a.index], fontsize=8)
    ax2.set_ylim(0, 70)
    ax2.legend(loc="upper left", fontsize=7.5)
    ax2.set_title("Russian attack on Kazakhstan?", fontsize=9)


def poll_series(polls: pd.DataFrame, question: str, pollster: str = "DEMOSCOPE") -> pd.DataFrame:
    """One pollster's answers to one question by wave: rows = waves (by fieldwork end), columns = answers."""
    rows = polls[(polls["question"] == question) & (polls["pollster"] == pollster)]
    if rows.duplicated(["poll_id", "answer"]).any():
        dup = rows[rows.duplicated(["poll_id", "answer"], keep=False)]
        raise _data.DataError(f"opinion_polls.csv: two values for one answer in {question}: "
                              f"{dup[['poll_id', 'answer', 'source_id']].values.tolist()}")
    wide = rows.pivot_table(index=["poll_id", "fieldwork_end"], columns="answer", values="value_pct",
                            aggfunc="first").reset_index().sort_values("fieldwork_end")
    return wide.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# the contract with the summary chapter

INDICATOR_COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                     "series", "note"]


def _tier(source_id: str) -> str:
    return _data.tier(source_id)


def _tier_rank(source_id: str) -> int:
    return TIER_ORDER.index(_tier(source_id))


def _one_per_year(rows: pd.DataFrame, year_col: str = "year") -> pd.DataFrame:
    """One row a year: the most direct source tier, ties to the first source id (module docstring)."""
    rows = rows.assign(_rank=rows["source_id"].map(_tier_rank))
    rows = rows.sort_values([year_col, "_rank", "source_id"])
    return rows.drop_duplicates(year_col).drop(columns="_rank")


def yearly_indicators() -> pd.DataFrame:
    """The people lever by year (see CONTRACT.md): ethnic Russians' census share, Kazakh students in Russia,
    Kazakhstan's alignment with Russia in UN votes on Ukraine, and the share of Kazakhs supporting Russia in the war."""
    census = _data.load("census_ethnic")
    register = _data.load("sources")
    people = _data.load("people")
    polls = _data.load("opinion_polls")
    out = []

    rus = russians_by_census(census, register)
    for _, r in rus.iterrows():
        out.append({"indicator": "ethnic_russians_share", "label": "Ethnic Russians, share of the population (census)",
                    "year": int(r["census_year"]), "value": float(r["share_pct"]), "unit": "percent",
                    "direction": 1, "source_id": r["share_source"], "series": "census",
                    "note": "Kazakh recalculation of the 1989 census" if r["census_year"] == 1989 else ""})

    students = _one_per_year(topic(people, "students_in_russia"))
    for _, r in students.iterrows():
        out.append({"indicator": "students_in_russia", "label": "Kazakh students in Russian higher education",
                    "year": int(r["year"]), "value": float(r["value"]), "unit": "count", "direction": 1,
                    "source_id": r["source_id"], "series": "officials' statements",
                    "note": "rounded statement by an official"})

    records = vote_records()
    per_year = vote_alignment("KAZ", records=records, by="year")
    for _, r in per_year.iterrows():
        ids = sorted(set(records.loc[records["year"] == r["year"], "source_id"]))
        out.append({"indicator": "un_alignment_with_russia",
                    "label": "UNGA resolutions on Ukraine and Crimea on which Kazakhstan voted as Russia did",
                    "year": int(r["year"]), "value": float(r["share_pct"]), "unit": "percent", "direction": 1,
                    "source_id": max(ids, key=_tier_rank), "series": "unga-ukraine-crimea",
                    "note": f"{int(r['same'])} of {int(r['n'])} resolutions (UN voting records, checked against "
                            "the UN's published totals)"})

    side = polls[(polls["question"] == "side_supported") & (polls["answer"] == "russia")].copy()
    side["year"] = side["fieldwork_end"].str[:4].astype(int)
    side = side.sort_values("fieldwork_end").drop_duplicates("year", keep="last")
    for _, r in side.iterrows():
        out.append({"indicator": "kazakhs_supporting_russia_pct",
                    "label": "Respondents in Kazakhstan supporting Russia in the war (DEMOSCOPE)",
                    "year": int(r["year"]), "value": float(r["value_pct"]), "unit": "percent", "direction": 1,
                    "source_id": r["source_id"], "series": "demoscope-phone",
                    "note": f"fieldwork {r['fieldwork_start']} to {r['fieldwork_end']}; latest wave of the year"})

    frame = pd.DataFrame(out)
    frame["lever"] = "people"
    frame["tier"] = frame["source_id"].map(_tier)
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    return frame[INDICATOR_COLUMNS].sort_values(["indicator", "year"]).reset_index(drop=True)


def findings() -> dict[str, str]:
    """The chapter's numbers, formatted once (name -> text), for ``text.glue_all`` and the summary chapter."""
    census = _data.load("census_ethnic")
    register = _data.load("sources")
    people = _data.load("people")
    un = _data.load("un_votes")
    arrivals = _data.load("arrivals_2022")
    polls = _data.load("opinion_polls")
    statements = _data.load("statements")

    f: dict[str, str] = {}
    rus = russians_by_census(census, register).set_index("census_year")
    shares = preferred_shares(census)
    kaz = shares[shares["group"] == "kazakh"].set_index("census_year")["share_pct"]
    first, last = int(rus.index.min()), int(rus.index.max())
    f["people_first"], f["people_last"] = str(first), str(last)
    f["people_rus_first"] = _text.percent(rus.loc[first, "share_pct"])
    f["people_rus_last"] = _text.percent(rus.loc[last, "share_pct"])
    f["people_rus_1999"] = _text.percent(rus.loc[1999, "share_pct"])
    f["people_rus_2009"] = _text.percent(rus.loc[2009, "share_pct"])
    f["people_kaz_first"] = _text.percent(kaz.loc[first])
    f["people_kaz_last"] = _text.percent(kaz.loc[last])
    f["people_rus_n_first"] = _text.number(rus.loc[first, "persons"] / 1e6) + " million"
    f["people_rus_n_last"] = _text.number(rus.loc[last, "persons"] / 1e6) + " million"
    f["people_rus_drop"] = _text.number(rus.loc[first, "persons"] / rus.loc[last, "persons"], 1)

    totals = census_totals(census, register).set_index("census_year")
    f["people_1989_kz_recalc"] = _text.integer(totals.loc[1989, "persons"])
    all_union = people[(people["topic"] == "other") & (people["year"] == 1989)
                       & people["unit"].str.startswith("million persons (All-Union")]
    if len(all_union) != 1:
        raise _data.DataError("people.csv: expected one row with the 1989 All-Union total (topic other, 1989)")
    f["people_1989_all_union"] = _text.number(all_union["value"].iloc[0], 1) + " million"
    f["people_1989_gap"] = _text.number(all_union["value"].iloc[0] - totals.loc[1989, "persons"] / 1e6, 1) + " million"
    f["people_pop_2021"] = _text.integer(totals.loc[2021, "persons"])
    f["people_pop_1999"] = _text.integer(totals.loc[1999, "persons"])

    population = _data.load("population")
    gaps = estimate_vs_census(population, totals.reset_index()).set_index("census_year")
    f["people_pop_est_last"] = _text.integer(gaps.loc[last, "estimate"])
    f["people_gap_min"] = _text.percent(gaps["gap_pct"].min())
    f["people_gap_max"] = _text.percent(gaps["gap_pct"].max())
    f["people_pop_low_year"] = str(int(population.loc[population["population"].idxmin(), "year"]))
    f["people_pop_latest_year"] = str(int(population["year"].max()))
    f["people_pop_latest"] = _text.number(population["population"].iloc[-1] / 1e6) + " million"

    f.update(vote_findings(un))

    entered = stated(arrivals, "entered", "rferl-2022-10-04-russians-200k")
    left = stated(arrivals, "left", "rferl-2022-10-04-russians-200k")
    iin = stated(arrivals, "iin_issued", "rferl-2022-10-04-russians-200k")
    f["people_arr_entered_oct4"] = _text.integer(entered["value"])
    f["people_arr_left_oct4"] = _text.integer(left["value"])
    f["people_arr_net_oct4"] = _text.integer(entered["value"] - left["value"])
    f["people_arr_iin_oct4"] = _text.integer(iin["value"])
    late = "up-2022-10-duisenova-400k"
    f["people_arr_entered_late"] = _text.integer(stated(arrivals, "entered", late)["value"])
    f["people_arr_left_late"] = _text.integer(stated(arrivals, "left", late)["value"])
    f["people_arr_stayed_late"] = _text.integer(stated(arrivals, "stayed", late)["value"])
    f["people_arr_residing_apr"] = _text.integer(stated(arrivals, "residing", "rferl-2022-04-13-russian-residents")["value"])

    f["people_poll_n"] = _text.integer(polls.loc[polls["pollster"] == "DEMOSCOPE", "respondents"].median())
    side = poll_series(polls, "side_supported")
    side = side.set_index("poll_id")
    f["people_poll_rus_2022_03"] = _text.percent(side.loc["demoscope-2022-03", "russia"], 0)
    f["people_poll_ukr_2022_03"] = _text.percent(side.loc["demoscope-2022-03", "ukraine"], 0)
    f["people_poll_rus_2022_11"] = _text.percent(side.loc["demoscope-2022-11", "russia"], 0)
    f["people_poll_ukr_2022_11"] = _text.percent(side.loc["demoscope-2022-11", "ukraine"], 0)
    f["people_poll_neither_2022_11"] = _text.percent(side.loc["demoscope-2022-11", "neither"], 0)
    f["people_poll_rus_2023_05"] = _text.percent(side.loc["demoscope-2023-05", "russia"], 1)
    f["people_poll_ukr_2023_05"] = _text.percent(side.loc["demoscope-2023-05", "ukraine"], 1)
    attack = poll_series(polls, "russian_attack_possible").set_index("poll_id")
    f["people_poll_attack_2022"] = _text.percent(attack.loc["demoscope-2022-11", "yes"], 1)
    f["people_poll_attack_2023"] = _text.percent(attack.loc["demoscope-2023-05", "yes"], 1)
    framing = poll_series(polls, "war_framing").set_index("poll_id")
    f["people_poll_kremlin_2022"] = _text.percent(framing.loc["demoscope-2022-11", "kremlin_narrative"], 1)
    f["people_poll_kremlin_2025"] = _text.percent(framing.loc["demoscope-2025-02", "kremlin_narrative"], 1)
    f["people_poll_annex_2025"] = _text.percent(framing.loc["demoscope-2025-02", "occupation_annexation"], 1)
    f["people_poll_hard_2025"] = _text.percent(framing.loc["demoscope-2025-02", "hard_to_say"], 1)
    fom = polls[polls["question"] == "kazakhstan_friendly"].set_index("poll_id")["value_pct"]
    f["people_fom_2019"] = _text.percent(fom.loc["fom-2019"], 0)
    f["people_fom_2023"] = _text.percent(fom.loc["fom-2023"], 0)
    cab = polls[polls["poll_id"] == "cab-2012"].set_index("question")["value_pct"]
    f["people_cab2012_russia_positive"] = _text.percent(cab.loc["russia_role_very_positive"], 0)
    f["people_cab2012_russia_priority"] = _text.percent(cab.loc["russia_priority_partner"], 0)

    students = topic(people, "students_in_russia")
    f["people_students_min"] = _text.integer(students["value"].min())
    f["people_students_max"] = _text.integer(students["value"].max())
    f["people_students_first_year"] = str(int(students["year"].min()))
    f["people_students_last_year"] = str(int(students["year"].max()))
    latest = students[students["year"] == students["year"].max()]
    f["people_students_latest"] = _text.integer(latest["value"].iloc[0])

    waves = levada_waves(people).dropna(subset=["year"])
    f["people_levada_first_year"] = str(int(waves["year"].min()))
    f["people_levada_last_year"] = str(int(waves["year"].max()))
    f["people_levada_kz_min"] = _text.percent(waves["Kazakhstan"].min(), 0)
    f["people_levada_kz_max"] = _text.percent(waves["Kazakhstan"].max(), 0)
    own = waves[waves["source_id"].map(_tier) == "research"]
    f["people_levada_own_first_year"] = str(int(own["year"].min()))
    f["people_levada_own_last_year"] = str(int(own["year"].max()))
    ahead = waves[waves["Kazakhstan"] > waves["Belarus"]]["year"]
    f["people_levada_kz_ahead_years"] = ", ".join(str(int(y)) for y in ahead) or "none"
    reported = waves[waves["source_id"].map(_tier) != "research"]
    f["people_levada_press_first_year"] = str(int(reported["year"].min()))
    f["people_levada_press_last_year"] = str(int(reported["year"].max()))

    borders = border_lengths(people)
    f["people_border_n"] = _text.integer(len(borders))
    f["people_border_min"] = _text.number(borders["value"].min(), 0) + " km"
    f["people_border_max"] = _text.number(borders["value"].max(), 0) + " km"
    f["people_border_spread"] = _text.number(borders["value"].max() - borders["value"].min(), 0) + " km"
    preferred = borders.loc[borders["source_id"] == BORDER_PREFERRED_SOURCE, "value"]
    if len(preferred) != 1:
        raise _data.DataError(f"people.csv: expected one border length from {BORDER_PREFERRED_SOURCE}, "
                              f"found {len(preferred)}")
    value = float(preferred.iloc[0])
    f["people_border_preferred"] = _text.number(value, 0 if value.is_integer() else 1) + " km"

    remit = topic(people, "remittances")
    f["people_remit_2022"] = _text.money_bn(
        remit[(remit["year"] == 2022) & (remit["unit"] == "USD million")]["value"].max(), 2)

    decree = statements[statements["kind"] == "alphabet"].iloc[0]
    f["people_alphabet_decree_year"] = str(decree["date"])[:4]
    lang = _data.load("language").set_index(["area", "measure"])["value"]
    f["people_first_graders_kazakh"] = _text.percent(lang.loc[("kazakhstan", "first_graders_kazakh_classes")], 0)
    sko_all = lang.loc[("north_kazakhstan", "first_grade_applications")]
    sko_rus = lang.loc[("north_kazakhstan", "first_grade_applications_russian")]
    f["people_sko_russian_share"] = _text.percent(100.0 * sko_rus / sko_all, 0)
    f["people_sko_russian_n"] = _text.integer(sko_rus)
    f["people_sko_all_n"] = _text.integer(sko_all)
    return f


# ---------------------------------------------------------------------------------------------------------------
# the chapter's figures (drawing only: the chapter publishes each with its source and download)


def draw_census_shares(shares):
    """Bars of each group's census share (figure fig-people-ethnic-shares); returns the figure and the plotted rows."""
    import numpy as np

    from kzdep import style

    groups = {"kazakh": ("Kazakhs", style.colour("Kazakhstan")), "russian": ("Russians", style.colour("Russia")),
              "ukrainian": ("Ukrainians", "#e8877c"), "german": ("Germans", style.colour("Other"))}
    years = sorted(shares["census_year"].unique())
    wide = shares.pivot_table(index="census_year", columns="group", values="share_pct").reindex(years)
    fig, ax = style.figure()
    width = 0.2
    for i, (group, (label, colour)) in enumerate(groups.items()):
        xs = np.arange(len(years)) + (i - 1.5) * width
        values = wide[group] if group in wide else pd.Series(np.nan, index=years)
        ax.bar(xs, values.fillna(0), width, color=colour, label=label)
        for x, v in zip(xs, values):
            ax.annotate("n/a" if pd.isna(v) else f"{v:.1f}", (x, 0 if pd.isna(v) else v), textcoords="offset points",
                        xytext=(0, 2), ha="center", fontsize=7, color=style.INK)
    ax.set_xticks(np.arange(len(years)))
    ax.set_xticklabels([str(y) for y in years])
    ax.set_ylim(0, 80)
    ax.set_ylabel("Share of the population (%)")
    ax.legend(loc="upper left", ncol=2, fontsize=8)
    frame = shares[shares["group"].isin(groups)][["census_year", "group", "share_pct", "source_id"]]
    return fig, frame


def draw_cities(places):
    """Kazakh shares of the named cities in 1989 and 1999 (figure fig-people-cities); returns the figure."""
    import numpy as np

    from kzdep import style

    wide = places[places["group"] == "kazakh"].pivot_table(index="place", columns="census_year", values="share_pct")
    wide = wide.sort_values(1989)
    fig, ax = style.figure(figsize=(7.0, 3.4))
    ys = np.arange(len(wide))
    for y, (place, row) in zip(ys, wide.iterrows()):
        ax.plot([row[1989], row[1999]], [y, y], color=style.colour("Other"), zorder=1)
    ax.scatter(wide[1989], ys, color=style.colour("Other"), zorder=2, label="1989")
    ax.scatter(wide[1999], ys, color=style.colour("Kazakhstan"), zorder=2, label="1999")
    for y, (place, row) in zip(ys, wide.iterrows()):
        ax.annotate(f"{row[1989]:.1f}", (row[1989], y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
        ax.annotate(f"{row[1999]:.1f}", (row[1999], y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels(wide.index)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(wide) - 0.3)
    ax.set_xlabel("Kazakhs, share of the city's population (%)")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def draw_population(population, totals):
    """Mid-year estimates and census counts (figure fig-people-population); returns the figure and its data."""
    import numpy as np

    from kzdep import style

    fig, ax = style.figure()
    ax.plot(population["year"], population["population"] / 1e6, color=style.colour("Kazakhstan"),
            label="Mid-year estimate (OWID)")
    ax.scatter(totals["census_year"], totals["persons"] / 1e6, color=style.INK, zorder=3, label="Census count")
    for _, row in totals.iterrows():
        ax.annotate(f"{row['persons'] / 1e6:.1f}", (row["census_year"], row["persons"] / 1e6),
                    textcoords="offset points", xytext=(0, -14), ha="center", fontsize=8, color=style.INK)
    ax.set_ylabel("Million people")
    ax.set_ylim(12, 22)
    ax.legend(loc="upper left")
    frame = population[["year", "population"]].merge(
        totals.rename(columns={"census_year": "year", "persons": "census_count", "source_id": "census_source"})
        [["year", "census_count", "census_source"]], on="year", how="left")
    return fig, frame


def draw_arrivals(arrivals):
    """Russian citizens entering, leaving and staying after the mobilisation (figure fig-people-arrivals); returns the figure and its data."""
    import numpy as np

    from kzdep import style

    since = arrivals_since_mobilisation(arrivals)
    order = ["entered", "left", "stayed", "iin_issued"]
    labels = {"entered": "Entered", "left": "Left", "stayed": "Stayed", "iin_issued": "IIN issued"}
    colours = {"entered": style.colour("Russia"), "left": "#e8877c", "stayed": style.colour("Kazakhstan"),
               "iin_issued": style.colour("Other")}
    dates = sorted(since["stated"].unique(), key=lambda d: d if len(d) == 10 else d + "-99")
    date_labels = {d: (pd.Timestamp(d).strftime("%-d %b %Y") if len(d) == 10 else
                       pd.Timestamp(d + "-01").strftime("%b %Y") + " (day not given)") for d in dates}
    fig, ax = style.figure()
    width = 0.2
    for i, measure in enumerate(order):
        part = since[since["measure"] == measure].set_index("stated").reindex(dates)
        xs = np.arange(len(dates)) + (i - 1.5) * width
        for x, (_, row) in zip(xs, part.iterrows()):
            if pd.isna(row["value"]):
                continue
            ax.bar(x, row["value"] / 1000, width, color=colours[measure],
                   hatch="///" if row["qualifier"] != "exact" else None, edgecolor="white", linewidth=0,
                   label=labels[measure])
            ax.annotate(f"{row['value'] / 1000:.0f}", (x, row["value"] / 1000), textcoords="offset points",
                        xytext=(0, 2), ha="center", fontsize=7)
    from matplotlib.patches import Patch
    handles = [Patch(color=colours[m], label=labels[m]) for m in order]
    handles.append(Patch(facecolor="white", edgecolor=style.INK, hatch="///", label="'more than' or 'about'"))
    ax.legend(handles=handles, loc="upper left", fontsize=8)
    ax.set_xticks(np.arange(len(dates)))
    ax.set_xticklabels([date_labels[d] for d in dates], fontsize=8)
    ax.set_ylabel("Thousand Russian citizens")
    return fig, since
