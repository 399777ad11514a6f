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
- **Votes at the UN** (:func:`votes`): one vote per resolution and country; when two sources give different votes
  for the same resolution and country the data are wrong and :func:`votes` stops with the rows. Kazakhstan
  **voted as Russia did** (:func:`alignment_by_year`) when both votes are known and equal; a known absence counts as
  a vote different from Russia's, a vote no source lists is left out.
- **One value a year** for the summary (:func:`yearly_indicators`): where a year has several rows, the row of the
  most direct source tier wins (official first, relay last), ties to the source id first in alphabetical order.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from kzdep import data as _data
from kzdep import text as _text

#: the border length the book quotes (and the claims register checks claims C02 and C38 against): Kazakhstan's
#: foreign ministry's country brief, the publisher closest to the fact among the lengths the people table holds
BORDER_PREFERRED_SOURCE = "kgmfa-country-brief"

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
# votes at the UN General Assembly

COUNTRY_LABELS = {"kazakhstan": "Kazakhstan", "russia": "Russia", "kyrgyzstan": "Kyrgyzstan",
                  "tajikistan": "Tajikistan", "turkmenistan": "Turkmenistan", "uzbekistan": "Uzbekistan"}
VOTE_LABELS = {"yes": "Yes", "no": "No", "abstain": "Abstained", "absent": "Did not vote"}
TIER_ORDER = ["official", "company", "intergovernmental", "research", "news-agency", "press", "relay", "partisan"]


def votes(un_votes: pd.DataFrame) -> pd.DataFrame:
    """One vote per resolution and country, with how many sources give it.

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


def vote_matrix(un_votes: pd.DataFrame) -> pd.DataFrame:
    """Resolutions (rows, by date) by country (columns): the vote, or NaN where no source lists it."""
    v = votes(un_votes)
    wide = v.pivot_table(index=["date", "vote_id"], columns="country", values="vote", aggfunc="first")
    return wide.reindex(columns=[c for c in COUNTRY_LABELS if c in wide.columns])


def alignment_by_year(un_votes: pd.DataFrame, country: str = "kazakhstan", with_: str = "russia") -> pd.DataFrame:
    """For each year: votes where both ``country``'s and ``with_``'s votes are known, how many were the same, and
    the share in percent (rule in the module docstring). Columns: year, n_votes, same, share_pct, vote_ids."""
    wide = vote_matrix(un_votes).reset_index()
    if country not in wide or with_ not in wide:
        raise _data.DataError(f"un_votes.csv: no votes of {country!r} or {with_!r}")
    both = wide.dropna(subset=[country, with_]).copy()
    both["year"] = both["date"].str[:4].astype(int)
    both["same"] = both[country] == both[with_]
    out = both.groupby("year").agg(n_votes=("vote_id", "size"), same=("same", "sum"),
                                   vote_ids=("vote_id", lambda s: ";".join(s))).reset_index()
    out["same"] = out["same"].astype(int)
    out["share_pct"] = 100.0 * out["same"] / out["n_votes"]
    return out[["year", "n_votes", "same", "share_pct", "vote_ids"]]


def vote_counts(un_votes: pd.DataFrame) -> pd.DataFrame:
    """For each country: how many of the known votes were yes, no, abstain or absent (columns), and known."""
    v = votes(un_votes)
    counts = v.pivot_table(index="country", columns="vote", values="vote_id", aggfunc="count", fill_value=0)
    counts = counts.reindex(columns=list(VOTE_LABELS), fill_value=0)
    counts["known"] = counts.sum(axis=1)
    return counts.reindex([c for c in COUNTRY_LABELS if c in counts.index])


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
    un = _data.load("un_votes")
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

    align = alignment_by_year(un)
    known = votes(un)
    for _, r in align.iterrows():
        ids = set()
        for vid in r["vote_ids"].split(";"):
            for c in ("kazakhstan", "russia"):
                ids |= set(known.loc[(known["vote_id"] == vid) & (known["country"] == c), "source_ids"]
                           .iloc[0].split(";"))
        weakest = max(sorted(ids), key=_tier_rank)
        out.append({"indicator": "un_alignment_with_russia",
                    "label": "UNGA votes on Ukraine where Kazakhstan voted as Russia did",
                    "year": int(r["year"]), "value": float(r["share_pct"]), "unit": "percent", "direction": 1,
                    "source_id": weakest, "series": "unga-ukraine",
                    "note": f"{int(r['same'])} of {int(r['n_votes'])} votes; tier of the weakest source used"})

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

    align = alignment_by_year(un).set_index("year")
    k = vote_counts(un)
    f["people_un_kz_known"] = _text.integer(k.loc["kazakhstan", "known"])
    f["people_un_kz_abstain"] = _text.integer(k.loc["kazakhstan", "abstain"])
    f["people_un_kz_no"] = _text.integer(k.loc["kazakhstan", "no"])
    f["people_un_kz_yes"] = _text.integer(k.loc["kazakhstan", "yes"])
    f["people_un_ru_no"] = _text.integer(k.loc["russia", "no"])
    f["people_un_ru_known"] = _text.integer(k.loc["russia", "known"])
    f["people_un_same_total"] = _text.integer(align["same"].sum())
    f["people_un_both_total"] = _text.integer(align["n_votes"].sum())
    f["people_un_align_2022"] = _text.percent(align.loc[2022, "share_pct"], 0)
    f["people_un_first_year"] = str(int(align.index.min()))
    f["people_un_last_year"] = str(int(align.index.max()))

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
    f["people_border_preferred"] = _text.number(preferred.iloc[0], 1) + " km"

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
