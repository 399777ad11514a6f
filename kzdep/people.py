"""People and politics: the ethnic composition at each census, population, students, opinion, border, remittances.

The census table holds several rows for one value, from different sources. The rules that pick one value are here,
stated once, so the chapter, the claims register and the tests use the same numbers:

- **Shares of a group** (:func:`preferred_shares`): for each census, the source that gives shares for the most groups
  is preferred, so that the groups of one census come from one table and sum consistently; a group that source
  lacks is taken from the next most complete source. Ties go to the source id first in alphabetical order (only to
  make the choice deterministic).
- **Total population** (:func:`census_totals`): among the rows with a person count, the latest publication wins
  (final results are published after the preliminary ones); a source without a year in the register ranks last.
- Two figures **disagree** (:func:`disagreements`) when they differ after rounding both to the coarser precision
  of the two (63.07 and 63.1 agree; 37.4 and 37.8 do not).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

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
    """For each census: the sources giving shares, most complete first (ties: alphabetical source id)."""
    comp = source_completeness(census)
    order = {}
    for year, rows in comp.groupby("census_year"):
        rows = rows.sort_values(["groups_with_share", "source_id"], ascending=[False, True])
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
    """One row per Levada wave (a source): percent naming Belarus, Kazakhstan and China, and Kazakhstan's rank
    among the three. Waves with a year first (by year), then the undated ones."""
    rows = topic(people, "levada_friendly_country").copy()
    rows["country"] = rows["unit"].str.extract(r"naming (\w+)$", expand=False)
    wide = rows.pivot_table(index="source_id", columns="country", values="value", aggfunc="first")
    years = rows.groupby("source_id")["year"].first()
    wide["year"] = years
    wide["kazakhstan_rank"] = wide[["Belarus", "Kazakhstan", "China"]].rank(axis=1, ascending=False,
                                                                          method="min")["Kazakhstan"].astype(int)
    wide = wide.reset_index().sort_values(["year", "source_id"], na_position="last").reset_index(drop=True)
    return wide[["source_id", "year", "Belarus", "Kazakhstan", "China", "kazakhstan_rank"]]


def border_lengths(people: pd.DataFrame) -> pd.DataFrame:
    """The published lengths of the Kazakh-Russian border, longest first."""
    rows = topic(people, "border_length_km")
    return rows[["value", "source_id", "note"]].sort_values("value", ascending=False).reset_index(drop=True)


# --- yearly indicators (contract: /work/helpers/CONTRACT.md) ---

INDICATOR_COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                     "series", "note"]


def yearly_indicators() -> pd.DataFrame:
    """The people lever's indicators by year, in the contract's tidy form.

    ``ethnic_russians_share``: the preferred census share (:func:`preferred_shares`); ``students_in_russia``: one
    value per year of the people table (several sources for one year must agree, else ``ValueError``).
    """
    from kzdep import data

    census = data.load("census_ethnic")
    ppl = data.load("people")
    rows = []
    shares = preferred_shares(census)
    for _, r in shares[shares["group"] == "russian"].iterrows():
        rows.append({"indicator": "ethnic_russians_share", "label": "Ethnic Russians, share of population",
                     "year": int(r["census_year"]), "value": float(r["share_pct"]), "unit": "percent",
                     "direction": 1, "source_id": str(r["source_id"]), "series": "census", "note": "census year"})
    students = topic(ppl, "students_in_russia")
    for year, grp in students.groupby("year"):
        if grp["value"].nunique() != 1:
            raise ValueError(f"people.csv students_in_russia {int(year)}: sources disagree {list(grp['value'])}")
        rows.append({"indicator": "students_in_russia", "label": "Kazakh students in Russia", "year": int(year),
                     "value": float(grp["value"].iloc[0]), "unit": "count", "direction": 1,
                     "source_id": str(grp["source_id"].iloc[0]), "series": "statements",
                     "note": "rounded official statement"})
    out = pd.DataFrame(rows)
    out.insert(0, "lever", "people")
    out["tier"] = [str(data.source(s)["tier"]) for s in out["source_id"]]
    return out[INDICATOR_COLUMNS].sort_values(["indicator", "year"]).reset_index(drop=True)


def findings() -> dict[str, str]:
    """Formatted numbers for the chapter's prose (name -> text), from :func:`yearly_indicators`."""
    from kzdep import text

    ind = yearly_indicators()
    ru = ind[ind["indicator"] == "ethnic_russians_share"].set_index("year")["value"]
    st = ind[ind["indicator"] == "students_in_russia"].set_index("year")["value"]
    return {
        "people_russians_first_year": str(int(ru.index.min())),
        "people_russians_first": text.percent(ru.iloc[0]),
        "people_russians_last_year": str(int(ru.index.max())),
        "people_russians_last": text.percent(ru.iloc[-1]),
        "people_students_last_year": str(int(st.index.max())),
        "people_students_last": text.integer(st.iloc[-1]),
    }
