"""The security lever: arms supply (SIPRI TIV), defence spending (SIPRI, % of GDP), the sites Russia uses in
Kazakhstan (Baikonur and the test ranges) and the CSTO deployment of January 2022.

Each function is small and takes the validated tables from :func:`kzdep.data.load`; the unit tests in
``tests/test_security.py`` check them against values worked out by hand from the CSV rows.
"""

from __future__ import annotations

import datetime as _dt
import re

import pandas as pd

from kzdep import indicators

# ---------------------------------------------------------------------------------------------------------------
# arms imports (SIPRI trend-indicator values)

#: Suppliers in the SIPRI table that were NATO members when they delivered (the articles' "Western countries").
NATO_SUPPLIERS = ("Canada", "France", "Germany", "Spain", "Turkey", "United States")


def annual_tiv(tiv: pd.DataFrame, start: int = 1992, end: int = 2021) -> pd.DataFrame:
    """Deliveries by year (rows ``start``..``end``) and supplier (columns), in TIV millions.

    SIPRI lists only the years with deliveries: a year missing for a supplier is a zero, not a gap, so every year
    of the period is present and filled with 0.
    """
    wide = tiv.pivot_table(index="year", columns="supplier", values="tiv_m", aggfunc="sum")
    wide = wide.reindex(range(start, end + 1)).fillna(0.0)
    wide.index.name = "year"
    wide.columns.name = None
    return wide


def supplier_totals(tiv: pd.DataFrame, start: int = 1992, end: int = 2021) -> pd.Series:
    """Each supplier's total TIV over ``start``..``end`` (inclusive), largest first."""
    rows = tiv[(tiv["year"] >= start) & (tiv["year"] <= end)]
    return rows.groupby("supplier")["tiv_m"].sum().sort_values(ascending=False)


def russia_and_others(tiv: pd.DataFrame, start: int = 1992, end: int = 2021, window: int = 5) -> pd.DataFrame:
    """Yearly TIV from Russia and from all other suppliers, with trailing ``window``-year moving averages.

    Columns: ``year``, ``russia``, ``others``, ``total``, ``russia_ma``, ``total_ma`` (the averages use
    :func:`kzdep.indicators.moving_average`, years without deliveries counting as zero; the first
    ``window - 1`` years have none).
    """
    wide = annual_tiv(tiv, start, end)
    russia = wide["Russia"] if "Russia" in wide else pd.Series(0.0, index=wide.index)
    total = wide.sum(axis=1)
    frame = pd.DataFrame({"russia": russia, "others": total - russia, "total": total})
    frame["russia_ma"] = indicators.moving_average(frame["russia"], window)
    frame["total_ma"] = indicators.moving_average(frame["total"], window)
    return frame.reset_index()


def windows(start: int, end: int, width: int = 5) -> list[tuple[int, int]]:
    """Consecutive non-overlapping windows of ``width`` years ending at ``end`` (the first may not be shorter:
    windows that would start before ``start`` are dropped)."""
    out = []
    last = end
    while last - width + 1 >= start:
        out.append((last - width + 1, last))
        last -= width
    return out[::-1]


def window_table(tiv: pd.DataFrame, spans: list[tuple[int, int]], who: str = "Russia") -> pd.DataFrame:
    """For each (start, end) span: total TIV, ``who``'s TIV and share (percent), and the largest other supplier."""
    rows = []
    for s, e in spans:
        totals = supplier_totals(tiv, s, e)
        others = totals.drop(who, errors="ignore")
        rows.append({
            "start": s,
            "end": e,
            "total_tiv": float(totals.sum()),
            "who_tiv": float(totals.get(who, 0.0)),
            "who_share_pct": indicators.window_share_pct(tiv, who, s, e),
            "largest_other": others.index[0] if len(others) else "",
            "largest_other_tiv": float(others.iloc[0]) if len(others) else 0.0,
        })
    return pd.DataFrame(rows)


def group_share_pct(tiv: pd.DataFrame, suppliers, start: int = 1992, end: int = 2021) -> float:
    """Combined share (percent) of ``suppliers`` in all deliveries over ``start``..``end``."""
    totals = supplier_totals(tiv, start, end)
    part = float(totals[totals.index.isin(list(suppliers))].sum())
    return indicators.share_pct(part, float(totals.sum()))


def first_delivery_year(tiv: pd.DataFrame, supplier: str | None = None) -> int:
    """The first year with a recorded delivery (from ``supplier``, or from anyone)."""
    rows = tiv if supplier is None else tiv[tiv["supplier"] == supplier]
    return int(rows.loc[rows["tiv_m"] > 0, "year"].min())


# ---------------------------------------------------------------------------------------------------------------
# military expenditure (SIPRI, % of GDP)

def milex_wide(milex: pd.DataFrame, countries: list[str]) -> pd.DataFrame:
    """Military expenditure, % of GDP, one column per country (years without a SIPRI value stay empty)."""
    wide = milex[milex["country"].isin(countries)].pivot(index="year", columns="country", values="milex_pct_gdp")
    wide = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    wide.columns.name = None
    return wide[[c for c in countries if c in wide.columns]]


def milex_value(milex: pd.DataFrame, country: str, year: int) -> float:
    """One country's share of GDP in one year (KeyError if SIPRI has no value)."""
    row = milex[(milex["country"] == country) & (milex["year"] == year)]
    if row.empty:
        raise KeyError(f"no SIPRI value for {country} in {year}")
    return float(row["milex_pct_gdp"].iloc[0])


def milex_change(milex: pd.DataFrame, country: str, first: int, last: int) -> dict:
    """Share of GDP in ``first`` and ``last``, the change in percentage points and ``last`` as a share of ``first``."""
    a, b = milex_value(milex, country, first), milex_value(milex, country, last)
    if a <= 0:
        raise ValueError(f"{country}: non-positive share in {first}")
    return {"first": a, "last": b, "change_pp": b - a, "ratio_pct": 100.0 * b / a}


def milex_mean(milex: pd.DataFrame, country: str, first: int, last: int) -> float:
    """Mean share of GDP over the years ``first``..``last`` that SIPRI covers."""
    rows = milex[(milex["country"] == country) & milex["year"].between(first, last)]
    if rows.empty:
        raise KeyError(f"no SIPRI values for {country} in {first}-{last}")
    return float(rows["milex_pct_gdp"].mean())


def milex_years(milex: pd.DataFrame, country: str) -> list[int]:
    """The years for which SIPRI gives ``country`` a value."""
    return sorted(int(y) for y in milex.loc[milex["country"] == country, "year"])


# ---------------------------------------------------------------------------------------------------------------
# facilities: Baikonur and the test ranges

def _row(fac: pd.DataFrame, facility_id: str, source_id: str) -> pd.Series:
    rows = fac[(fac["facility_id"] == facility_id) & (fac["source_id"] == source_id)]
    if rows.empty:
        raise KeyError(f"no facilities row for {facility_id!r} from {source_id!r}")
    return rows.iloc[0]


def preferred_facilities(fac: pd.DataFrame, choice: dict[str, dict[str, str]]) -> pd.DataFrame:
    """One row per facility, each field taken from the source chosen for it.

    ``choice`` maps a row key to ``{"name": ..., "area": source_id, "rent": source_id, "start": source_id,
    "end": source_id}`` (any field may be left out: the value is then empty); the key is the facility_id unless
    the spec names one under ``"facility_id"`` (so one facility_id may give two rows, e.g. the ranges in 2005 and
    in 2023). Returns the columns ``facility_id`` (the row key),
    ``name``, ``area_km2``, ``rent_usd_m``, ``lease_start``, ``lease_end`` and ``sources`` (the distinct
    source_ids used, in field order).
    """
    rows = []
    for key_, spec in choice.items():
        facility_id = spec.get("facility_id", key_)
        fields = {"area": "area_km2", "rent": "annual_rent_usd_m", "start": "lease_start", "end": "lease_end"}
        out = {"facility_id": key_, "name": spec.get("name", facility_id)}
        used = []
        for key, column in fields.items():
            source_id = spec.get(key)
            value = None
            if source_id:
                value = _row(fac, facility_id, source_id)[column]
                if value is None or (not isinstance(value, str) and pd.isna(value)):
                    raise ValueError(f"{facility_id}: the row from {source_id} has no {column}")
                used.append(source_id)
            out[column] = value
        out["sources"] = list(dict.fromkeys(used))
        rows.append(out)
    frame = pd.DataFrame(rows)
    return frame.rename(columns={"annual_rent_usd_m": "rent_usd_m"})


def reported_values(fac: pd.DataFrame, facility_id: str, column: str) -> pd.DataFrame:
    """Every value of ``column`` reported for ``facility_id``, one row per source: ``value``, ``source_id``."""
    rows = fac[(fac["facility_id"] == facility_id) & fac[column].notna()]
    return pd.DataFrame({"value": rows[column].tolist(), "source_id": rows["source_id"].tolist()})


def value_counts_by_source(fac: pd.DataFrame, facility_id: str, column: str) -> pd.Series:
    """How many sources report each distinct value of ``column`` for ``facility_id`` (most reported first)."""
    return reported_values(fac, facility_id, column)["value"].value_counts()


def located_facilities(fac: pd.DataFrame) -> pd.DataFrame:
    """The facilities the data give coordinates for: one row each (``facility_id``, ``name``, ``lat``, ``lon``,
    ``source_id``), the first row with both coordinates."""
    rows = fac[fac["lat"].notna() & fac["lon"].notna()]
    rows = rows.drop_duplicates("facility_id", keep="first")
    return rows[["facility_id", "name", "lat", "lon", "source_id"]].reset_index(drop=True)


def unlocated_facilities(fac: pd.DataFrame, kinds=("cosmodrome", "test_range")) -> list[str]:
    """facility_ids of sites (of the given kinds) for which no row gives coordinates."""
    sites = fac[fac["kind"].isin(kinds)]
    located = set(located_facilities(fac)["facility_id"])
    return [f for f in dict.fromkeys(sites["facility_id"]) if f not in located]


def area_reports(fac: pd.DataFrame, sources: pd.DataFrame, facility_ids) -> pd.DataFrame:
    """Areas reported for the given facility_ids, with the year each source was published.

    Columns: ``year`` (publication year from the sources register; empty when the register has none),
    ``facility_id``, ``name``, ``area_km2``, ``source_id``; sorted by year.
    """
    rows = fac[fac["facility_id"].isin(list(facility_ids)) & fac["area_km2"].notna()].copy()
    register = sources.set_index("source_id") if "source_id" in sources.columns else sources
    years = register["year"]
    rows["year"] = rows["source_id"].map(years)
    rows = rows.sort_values(["year", "facility_id"], na_position="last")
    return rows[["year", "facility_id", "name", "area_km2", "source_id"]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# the CSTO deployment of January 2022

TIMELINE_KINDS = ("request", "decision", "arrival", "withdrawal_start", "withdrawal_end")


def _full_date(value: str):
    return _dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) else None


def csto_timeline(csto: pd.DataFrame, kinds=TIMELINE_KINDS) -> pd.DataFrame:
    """The earliest fully dated report of each step (request, decision, arrival, withdrawal start and end).

    Columns: ``kind``, ``date`` (a ``datetime.date``), ``description``, ``source_id``, ``n_reports`` (how many
    rows report that step).
    """
    frame = csto[csto["kind"].isin(kinds)].copy()
    frame["day"] = frame["date"].map(_full_date)
    frame = frame[frame["day"].notna()]
    rows = []
    for kind in kinds:
        part = frame[frame["kind"] == kind].sort_values("day")
        if part.empty:
            continue
        first = part.iloc[0]
        rows.append({"kind": kind, "date": first["day"], "description": first["description"],
                     "source_id": first["source_id"], "n_reports": len(part)})
    return pd.DataFrame(rows)


def contingent_reports(csto: pd.DataFrame) -> pd.DataFrame:
    """Every stated size of a contingent (kind 'contingent' with a personnel figure), one row per source.

    A row without a country is the whole force and is labelled ``all``. Columns: ``country``, ``personnel``,
    ``date``, ``source_id``, ``note``.
    """
    rows = csto[(csto["kind"] == "contingent") & csto["personnel"].notna()].copy()
    rows["country"] = rows["country"].fillna("all")
    return rows[["country", "personnel", "date", "source_id", "note"]].reset_index(drop=True)


def unsized_reports(csto: pd.DataFrame) -> pd.DataFrame:
    """Contingent reports that give no headcount (``country``, ``date``, ``description``, ``source_id``)."""
    rows = csto[(csto["kind"] == "contingent") & csto["personnel"].isna()].copy()
    rows["country"] = rows["country"].fillna("all")
    return rows[["country", "date", "description", "source_id"]].reset_index(drop=True)


def russian_upper_bound(reports: pd.DataFrame, total: float, others: list[str]) -> float:
    """The most Russian troops a stated ``total`` leaves room for: ``total`` less the smallest stated size of
    each contingent in ``others``. Contingents left out of ``others`` count as zero, so it is an upper bound."""
    subtract = 0.0
    for country in others:
        sizes = reports.loc[reports["country"] == country, "personnel"]
        if sizes.empty:
            raise KeyError(f"no stated size for the {country} contingent")
        subtract += float(sizes.min())
    if subtract > total:
        raise ValueError(f"the other contingents ({subtract}) exceed the total ({total})")
    return total - subtract


def csto_duration_days(timeline: pd.DataFrame, first: str = "arrival", last: str = "withdrawal_end") -> int:
    """Days from the first ``first`` report to the ``last`` report, counting both days."""
    dates = timeline.set_index("kind")["date"]
    return (dates[last] - dates[first]).days + 1


# --- yearly indicators (contract: /work/helpers/CONTRACT.md) ---

INDICATOR_COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                     "series", "note"]


def yearly_indicators() -> pd.DataFrame:
    """The security lever's indicators by year, in the contract's tidy form.

    ``arms_from_russia_share_5y``: Russia's share (percent) of the TIV delivered over the five years ending in the
    year (years without deliveries count as zero; a window with no deliveries at all has no share).
    """
    from kzdep import data

    tiv = data.load("arms_imports_tiv")
    milex = data.load("milex_share_gdp")
    rows = []
    tiv_source = str(tiv["source_id"].iloc[0])
    first, last = int(tiv["year"].min()), int(tiv["year"].max())
    frame = russia_and_others(tiv, first, last, window=5)
    for _, r in frame.dropna(subset=["total_ma"]).iterrows():
        if r["total_ma"] <= 0:
            continue
        rows.append({"indicator": "arms_from_russia_share_5y",
                     "label": "Arms from Russia, share of five-year deliveries (TIV)", "year": int(r["year"]),
                     "value": indicators.share_pct(5 * r["russia_ma"], 5 * r["total_ma"]), "unit": "percent",
                     "direction": 1, "source_id": tiv_source, "series": "sipri-tiv", "note": "five years to the year"})
    kz = milex[milex["country"] == "Kazakhstan"]
    for _, r in kz.iterrows():
        rows.append({"indicator": "milex_share_gdp", "label": "Military spending, share of GDP",
                     "year": int(r["year"]), "value": float(r["milex_pct_gdp"]), "unit": "percent of GDP",
                     "direction": 0, "source_id": str(r["source_id"]), "series": "sipri-milex", "note": ""})
    out = pd.DataFrame(rows)
    out.insert(0, "lever", "security")
    out["tier"] = [str(data.source(s)["tier"]) for s in out["source_id"]]
    return out[INDICATOR_COLUMNS].sort_values(["indicator", "year"]).reset_index(drop=True)


def findings() -> dict[str, str]:
    """Formatted numbers for the chapter's prose (name -> text), from :func:`yearly_indicators`."""
    from kzdep import text

    ind = yearly_indicators()
    arms = ind[ind["indicator"] == "arms_from_russia_share_5y"].set_index("year")["value"]
    mil = ind[ind["indicator"] == "milex_share_gdp"].set_index("year")["value"]
    return {
        "security_arms_ru_last_year": str(int(arms.index.max())),
        "security_arms_ru_last": text.percent(arms.iloc[-1]),
        "security_milex_last_year": str(int(mil.index.max())),
        "security_milex_last": text.percent(mil.iloc[-1], 2),
    }
