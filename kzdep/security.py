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
NATO_SUPPLIERS = ("Canada", "Czech Republic", "France", "Germany", "Spain", "Turkey", "United States")


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


# ---------------------------------------------------------------------------------------------------------------
# arms: two releases of SIPRI's data, each a named vintage

#: the vintages: key -> (data package resource, source_id, first year, last year)
VINTAGES = {"sipri-2022": ("arms_imports_tiv", "sipri-at-2022", 1992, 2021),
            "sipri-2025": ("arms_register_2025", "sipri-at-2025", 2000, 2023)}


def five_year_share(tiv: pd.DataFrame, start: int, end: int, who: str = "Russia", window: int = 5) -> pd.DataFrame:
    """For each year from ``start + window - 1`` to ``end``: ``who``'s TIV and all suppliers' TIV summed over the
    trailing ``window`` years, and ``who``'s share of them (percent). Years without deliveries count as zero."""
    wide = annual_tiv(tiv, start, end)
    who_tiv = wide[who] if who in wide else pd.Series(0.0, index=wide.index)
    all_tiv = wide.sum(axis=1)
    who_sum = who_tiv.rolling(window).sum()
    all_sum = all_tiv.rolling(window).sum()
    frame = pd.DataFrame({"year": wide.index, "who_tiv_5y": who_sum.values, "all_tiv_5y": all_sum.values})
    frame = frame.dropna().reset_index(drop=True)
    frame["share_pct"] = [indicators.share_pct(a, b) for a, b in zip(frame["who_tiv_5y"], frame["all_tiv_5y"])]
    frame["year"] = frame["year"].astype(int)
    return frame


#: suppliers SIPRI renamed between the releases: the 2025 name -> the 2022 name
SUPPLIER_RENAMES = {"Turkiye": "Turkey", "Czechia": "Czech Republic"}


def harmonise(tiv: pd.DataFrame) -> pd.DataFrame:
    """``tiv`` with the 2025 release's supplier names mapped to the 2022 ones (:data:`SUPPLIER_RENAMES`)."""
    return tiv.assign(supplier=tiv["supplier"].replace(SUPPLIER_RENAMES))


def vintage_comparison(old: pd.DataFrame, new: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Each supplier's total TIV over ``start``..``end`` in both vintages (names harmonised), the difference
    (new - old) and the number of supplier-years whose values differ by 0.5 TIV or more. Sorted by the larger
    total."""
    new = harmonise(new)
    a = supplier_totals(old, start, end)
    b = supplier_totals(new, start, end)
    wa = annual_tiv(old, start, end)
    wb = annual_tiv(new, start, end)
    rows = []
    for supplier in sorted(set(a.index) | set(b.index)):
        ya = wa[supplier] if supplier in wa else pd.Series(0.0, index=wa.index)
        yb = wb[supplier] if supplier in wb else pd.Series(0.0, index=wb.index)
        rows.append({"supplier": supplier, "tiv_old": float(a.get(supplier, 0.0)),
                     "tiv_new": float(b.get(supplier, 0.0)),
                     "years_differing": int(((ya - yb).abs() >= 0.5).sum())})
    frame = pd.DataFrame(rows)
    frame["difference"] = frame["tiv_new"] - frame["tiv_old"]
    frame["larger"] = frame[["tiv_old", "tiv_new"]].max(axis=1)
    return frame.sort_values("larger", ascending=False).drop(columns="larger").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# military expenditure in money (SIPRI 2024 release)

def milex_measures(m24: pd.DataFrame, country: str = "Kazakhstan") -> pd.DataFrame:
    """One row per year, one column per measure (current_usd_m, constant_2022_usd_m, share_gdp_pct,
    share_govt_spending_pct) for ``country``; years SIPRI leaves empty stay empty."""
    rows = m24[m24["country"] == country]
    if rows.empty:
        raise KeyError(f"milex_sipri_2024: no rows for {country}")
    wide = rows.pivot(index="year", columns="measure", values="value")
    wide.columns.name = None
    return wide.sort_index()


def real_change_pct(m24: pd.DataFrame, first: int, last: int, country: str = "Kazakhstan") -> float:
    """Change of spending in constant (2022) US$ from ``first`` to ``last``, percent."""
    w = milex_measures(m24, country)["constant_2022_usd_m"]
    return 100.0 * (float(w[last]) - float(w[first])) / float(w[first])


# ---------------------------------------------------------------------------------------------------------------
# the contract with the summary chapter

def _tier(source_id: str) -> str:
    from kzdep import data

    return data.tier(source_id)


def yearly_indicators() -> pd.DataFrame:
    """The security lever's indicators by year (see the contract in the summary chapter's brief), each from one
    release (never spliced):

    ``arms_from_russia_share_5y``: Russia's share of TIV over the trailing five years, SIPRI's register of May 2026
    (deals spread over their years of delivery by :func:`spread_deals`), windows ending 1996 to 2025;
    ``milex_share_gdp``, ``milex_usd_m`` (current US$) and ``milex_constant_2023_usd_m``: SIPRI's military
    expenditure database, 2025 release, to 2024 (years SIPRI leaves empty are left out).
    """
    from kzdep import data

    rows = []
    tiv = kazakh_register()
    for r in five_year_share(tiv, ARMS_START, arms_end(), window=WINDOW).itertuples():
        rows.append(("arms_from_russia_share_5y", "Arms imports from Russia, share of TIV over five years",
                     int(r.year), float(r.share_pct), "percent", 1, "sipri-at-2026", "sipri-2026",
                     "trailing five-year window; deals over several years spread in equal shares"))
    kz = milex25_country(data.load("milex_sipri_2025"))
    for measure, indicator, label, unit, note in (
            ("share_gdp_pct", "milex_share_gdp", "Military expenditure, share of GDP", "percent of GDP", ""),
            ("current_usd_m", "milex_usd_m", "Military expenditure, current US dollars", "US$ m",
             "current prices and exchange rates"),
            ("constant_2023_usd_m", "milex_constant_2023_usd_m", "Military expenditure, constant 2023 US dollars",
             "US$ m (2023 prices)", "")):
        for year, value in kz[measure].dropna().items():
            if value <= 0:
                continue  # SIPRI's 1993 cell in current dollars is 0 (the other measures are not): not a value
            rows.append((indicator, label, int(year), float(value), unit, 0, "sipri-milex-2025-db",
                         "sipri-milex-2025", note))
    frame = pd.DataFrame(rows, columns=["indicator", "label", "year", "value", "unit", "direction", "source_id",
                                        "series", "note"])
    frame.insert(0, "lever", "security")
    frame["tier"] = [_tier(s) for s in frame["source_id"]]
    return frame[["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                  "series", "note"]]


# ---------------------------------------------------------------------------------------------------------------
# arms: SIPRI's trade register, one row per deal (releases of May 2026 and March 2025)

#: the register's edition of record and the earlier releases the chapter compares it with
REGISTERS = {"sipri-at-2026": ("arms_register_2026", 2025), "sipri-at-2025-03": ("arms_register_2025_03", 2024)}


def spread_deals(deals: pd.DataFrame) -> pd.DataFrame:
    """One row per deal and year of delivery: the deal's delivered TIV in equal shares over its listed years.

    The register gives a deal's years of delivery ('2023; 2024') and its delivered TIV in total, not how much
    came in each year. A deal delivered in one year counts there in full; a deal over several years is spread in
    equal shares over the years listed (``spread`` is True for those rows). A deal with no year of delivery has
    delivered nothing yet and gives no row. Columns: ``recipient``, ``supplier``, ``year``, ``tiv_m``,
    ``n_years``, ``spread``, ``deal`` (the deal's row number in ``deals``), ``source_id``.
    """
    rows = deals[deals["delivery_years"].fillna("").astype(str).str.strip() != ""].copy()
    rows["deal"] = rows.index
    rows["years"] = rows["delivery_years"].astype(str).str.split("; ")
    rows["n_years"] = rows["years"].map(len)
    out = rows.explode("years")
    out["year"] = out["years"].astype(int)
    out["tiv_m"] = out["tiv_delivered"].astype(float) / out["n_years"]
    out["spread"] = out["n_years"] > 1
    return out[["recipient", "supplier", "year", "tiv_m", "n_years", "spread", "deal", "source_id"]
               ].reset_index(drop=True)


def register_yearly(deals: pd.DataFrame, recipient: str | None = None) -> pd.DataFrame:
    """Deliveries by recipient, supplier and year (TIV millions) from the deal rows, by :func:`spread_deals`.

    Columns: ``recipient``, ``supplier``, ``year``, ``tiv_m``, ``deals`` (deal rows with a delivery that year),
    ``spread_tiv_m`` (the part of ``tiv_m`` that comes from deals spread over several years), ``source_id``.
    """
    rows = spread_deals(deals if recipient is None else deals[deals["recipient"] == recipient])
    rows["spread_tiv_m"] = rows["tiv_m"].where(rows["spread"], 0.0)
    out = rows.groupby(["recipient", "supplier", "year", "source_id"], as_index=False).agg(
        tiv_m=("tiv_m", "sum"), deals=("deal", "nunique"), spread_tiv_m=("spread_tiv_m", "sum"))
    return out[["recipient", "supplier", "year", "tiv_m", "deals", "spread_tiv_m", "source_id"]]


def register_windows(deals: pd.DataFrame, spans: list[tuple[int, int]], who: str = "Russia") -> pd.DataFrame:
    """For each recipient and (start, end) span: all suppliers' TIV, ``who``'s TIV and share (percent; empty
    when the recipient received nothing or is ``who`` itself), and the largest other supplier with its TIV."""
    yearly = register_yearly(deals)
    rows = []
    for recipient in dict.fromkeys(deals["recipient"]):
        part = yearly[yearly["recipient"] == recipient]
        for s, e in spans:
            by = part[part["year"].between(s, e)].groupby("supplier")["tiv_m"].sum().sort_values(ascending=False)
            total = float(by.sum())
            mine = float(by.get(who, 0.0))
            others = by.drop(who, errors="ignore")
            rows.append({"recipient": recipient, "start": s, "end": e, "total_tiv": total, "who_tiv": mine,
                         "who_share_pct": (indicators.share_pct(mine, total) if total > 0 and recipient != who
                                           else float("nan")),
                         "largest_other": others.index[0] if len(others) else "",
                         "largest_other_tiv": float(others.iloc[0]) if len(others) else 0.0})
    return pd.DataFrame(rows)


def as_tiv_table(yearly: pd.DataFrame, recipient: str = "Kazakhstan") -> pd.DataFrame:
    """``recipient``'s rows of :func:`register_yearly` as the supplier/year/tiv_m table the older functions take
    (:func:`annual_tiv`, :func:`supplier_totals`, :func:`five_year_share`)."""
    part = yearly[yearly["recipient"] == recipient]
    return part[["supplier", "year", "tiv_m"]].reset_index(drop=True)


def derivation_check(deliveries: pd.DataFrame, span: int = 5, first: int = 2000) -> dict:
    """How well the equal-shares rule reproduces a register that SIPRI writes per year (January 2025).

    Each deal of ``deliveries`` (one row per deal and year) is folded into one row (its total TIV and its years),
    spread again by the rule, and compared with SIPRI's own yearly values by recipient. Returns the TIV placed
    in another year than SIPRI's, as a share of all TIV (``misplaced_year_pct``), the same for ``span``-year
    windows from ``first`` (``misplaced_window_pct``), the number of deals, of deals over several years, and the
    largest single recipient-year difference (``max_diff_tiv``, with ``max_diff_recipient`` and ``max_diff_year``).
    """
    folded = deliveries.groupby("deal_id").agg(recipient=("recipient", "first"), supplier=("supplier", "first"),
                                               tiv_delivered=("tiv_delivered", "sum"),
                                               years=("year", lambda s: sorted(set(int(y) for y in s))))
    folded["delivery_years"] = folded["years"].map(lambda ys: "; ".join(str(y) for y in ys))
    folded["source_id"] = "rule"
    rule = register_yearly(folded.reset_index(drop=True)).groupby(["recipient", "year"])["tiv_m"].sum()
    sipri = deliveries.groupby(["recipient", "year"])["tiv_delivered"].sum()
    both = pd.concat([sipri.rename("sipri"), rule.rename("rule")], axis=1).fillna(0.0)
    total = float(both["sipri"].sum())
    diff = (both["sipri"] - both["rule"]).abs()
    win = both.reset_index()
    win["window"] = (win["year"] - first) // span
    wsum = win.groupby(["recipient", "window"])[["sipri", "rule"]].sum()
    worst = diff.idxmax()
    return {"misplaced_year_pct": 100.0 * float(diff.sum()) / 2 / total,
            "misplaced_window_pct": 100.0 * float((wsum["sipri"] - wsum["rule"]).abs().sum()) / 2 / total,
            "total_tiv": total, "deals": int(len(folded)), "deals_spread": int((folded["years"].map(len) > 1).sum()),
            "max_diff_tiv": float(diff.max()), "max_diff_recipient": worst[0], "max_diff_year": int(worst[1])}


def release_comparison(deals: pd.DataFrame, deliveries: pd.DataFrame, first: int = 2000, last: int = 2023
                       ) -> pd.DataFrame:
    """Each recipient's deliveries over ``first``..``last`` in the later register (spread by the rule) and in the
    per-year register of January 2025: ``tiv_new``, ``tiv_jan2025``, ``difference`` (new - January 2025) and
    ``difference_pct`` (of the January 2025 value)."""
    new = register_yearly(deals)
    new = new[new["year"].between(first, last)].groupby("recipient")["tiv_m"].sum()
    old = deliveries[deliveries["year"].between(first, last)].groupby("recipient")["tiv_delivered"].sum()
    frame = pd.DataFrame({"tiv_new": new, "tiv_jan2025": old}).fillna(0.0)
    frame = frame.reindex([r for r in dict.fromkeys(deals["recipient"]) if r in frame.index])
    frame["difference"] = frame["tiv_new"] - frame["tiv_jan2025"]
    frame["difference_pct"] = 100.0 * frame["difference"] / frame["tiv_jan2025"]
    return frame.rename_axis("recipient").reset_index()


# ---------------------------------------------------------------------------------------------------------------
# military expenditure, SIPRI's 2025 release (one row per country, year and measure)

def milex25(m25: pd.DataFrame, measure: str, countries: list[str] | None = None) -> pd.DataFrame:
    """One column per country (SIPRI's names), one row per year, for ``measure``; a year SIPRI marks unavailable
    or not independent stays empty (never zero)."""
    rows = m25[m25["measure"] == measure]
    if rows.empty:
        raise KeyError(f"milex_sipri_2025: no rows for measure {measure!r}")
    wide = rows.pivot(index="year", columns="country", values="value")
    wide.columns.name = None
    wide = wide.astype(float)
    return wide[countries] if countries else wide


def milex25_country(m25: pd.DataFrame, country: str = "Kazakhstan") -> pd.DataFrame:
    """One row per year, one column per measure, for ``country`` (empty where SIPRI has no value)."""
    rows = m25[m25["country"] == country]
    if rows.empty:
        raise KeyError(f"milex_sipri_2025: no rows for {country}")
    wide = rows.pivot(index="year", columns="measure", values="value").astype(float)
    wide.columns.name = None
    return wide.sort_index()


# ---------------------------------------------------------------------------------------------------------------
# the chapter: inputs, figures, tables and the numbers of its prose, section by section

#: the recipients the chapter compares (SIPRI's names), in the order of the table of Russia's shares
RECIPIENTS = ["Kazakhstan", "Kyrgyz Republic", "Uzbekistan", "Tajikistan", "Turkmenistan", "Armenia", "Azerbaijan",
              "Georgia", "Belarus", "Mongolia", "China", "Russia"]
#: the first year of Kazakhstan's arms imports shown, and the width of SIPRI's comparison windows
ARMS_START, WINDOW = 1992, 5
#: countries drawn in the chart of spending as a share of GDP
MILEX_SHOWN = ["Kazakhstan", "Russia", "China", "Kyrgyz Republic", "Azerbaijan", "Armenia"]
#: the CSTO contingents subtracted from a stated total to bound the Russian one
CSTO_OTHERS = ["armenia", "tajikistan", "kyrgyzstan"]
#: the row of the standing force that one report takes for the deployment: shown, not used
CSTO_STANDING_SOURCE = "breaknlinks-2022-3600"
CSTO_FINAL_SOURCE = "kursiv-2022-csto-leave"
#: One row per facility. For each field the preferred source is, in order: an official text (law, ministry,
#: Kremlin), then a wire or national outlet quoting an official, then a weak outlet (flagged in the text).
FACILITY_CHOICE = {
    "baikonur": {"name": "Baikonur complex", "area": "kremlin-glossary-baikonur",
                 "rent": "tengrinews-2011-baikonur-rent", "start": "tengrinews-2011-baikonur-rent",
                 "end": "tengrinews-2011-baikonur-rent"},
    "sary-shagan": {"name": "Sary-Shagan range", "area": "qamshy-2023-ranges",
                    "start": "adilet-2000-saryshagan-law", "end": "qamshy-2023-ranges"},
    "gltc-929": {"name": "929th flight test centre ranges"},
    "kapustin-yar-4gtsmp-kz": {"name": "4th range (Kapustin Yar), Kazakh part"},
    "ranges-2005": {"facility_id": "all-ranges", "name": "Four ranges, 2005 protocols",
                    "area": "ria-2007-test-sites-ratified", "rent": "ria-2007-test-sites-ratified",
                    "start": "ria-2007-test-sites-ratified"},
    "ranges-2023": {"facility_id": "all-ranges", "name": "Three ranges, 2023",
                    "area": "tengrinews-2023-ranges-kokshetau", "start": "qamshy-2023-ranges",
                    "end": "qamshy-2023-ranges"},
    "emba": {"name": "Emba range (lease ended)", "rent": "mgorod-2016-emba", "start": "nti-emba",
             "end": "strategy2050-2017-emba"},
}
#: quantities whose sources disagree: (label with unit, facility_id, column)
DISPUTED = [("Baikonur, rent (US$ m a year)", "baikonur", "annual_rent_usd_m"),
            ("Baikonur, lease ends (year)", "baikonur", "lease_end"),
            ("Ranges, rent (US$ m a year)", "all-ranges", "annual_rent_usd_m"),
            ("All sites incl. Baikonur, rent (US$ m a year)", "all-facilities", "annual_rent_usd_m")]
AREA_IDS = ["all-ranges", "land-return-2015", "land-return-2015-2016", "all-leased-land"]
CSTO_NAMES = {"all": "All contingents", "russia": "Russia", "belarus": "Belarus", "tajikistan": "Tajikistan",
              "kyrgyzstan": "Kyrgyzstan", "armenia": "Armenia"}


def _join(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _day(d) -> str:
    return f"{d.day} {d:%B %Y}"


def kazakh_register(deals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Kazakhstan's deliveries by supplier and year from the register of record (May 2026), supplier names as in
    the 2022 table (:func:`harmonise`)."""
    from kzdep import data

    deals = data.load("arms_register_2026") if deals is None else deals
    return harmonise(as_tiv_table(register_yearly(deals, "Kazakhstan")))


def arms_end(deals: pd.DataFrame | None = None) -> int:
    """The last year of delivery in the register of record."""
    from kzdep import data

    deals = data.load("arms_register_2026") if deals is None else deals
    years = deals["delivery_years"].dropna().astype(str).str.split("; ").explode()
    return int(years[years != ""].astype(int).max())


def arms_figure(tiv: pd.DataFrame, start: int, end: int):
    """Deliveries by year, Russia and the others stacked, with five-year averages: (figure, plotted data)."""
    from kzdep import style

    yearly = russia_and_others(tiv, start, end, WINDOW)
    fig, ax = style.figure()
    ax.bar(yearly["year"], yearly["russia"], color=style.colour("Russia"), label="Russia")
    ax.bar(yearly["year"], yearly["others"], bottom=yearly["russia"], color=style.colour("Other"),
           label="All other suppliers")
    ax.plot(yearly["year"], yearly["total_ma"], color=style.INK, lw=1.8, label="All suppliers, 5-year average")
    ax.plot(yearly["year"], yearly["russia_ma"], color=style.colour("Russia"), lw=1.8, ls="--",
            label="Russia, 5-year average")
    ax.set_ylabel("TIV, millions")
    ax.set_xlim(start - 0.8, end + 0.8)
    ax.legend(loc="upper left")
    ax.set_title("Arms deliveries to Kazakhstan, by year")
    return fig, yearly


ARMS_UNITS = {"year": "year", "russia": "TIV million", "others": "TIV million", "total": "TIV million",
              "russia_ma": "TIV million, trailing 5-year mean", "total_ma": "TIV million, trailing 5-year mean"}


def windows_frame(tiv: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Russia's share by five-year window ending ``end`` and over the whole span (numbers, for table and
    download): period, all suppliers, Russia, share, largest other supplier and its TIV."""
    spans = windows(start, end, WINDOW)
    win = window_table(tiv, spans + [(start, end)])
    return pd.DataFrame({"Period": [f"{s}–{e}" for s, e in zip(win["start"], win["end"])],
                         "All suppliers (TIV m)": win["total_tiv"].round(1),
                         "Russia (TIV m)": win["who_tiv"].round(1),
                         "Russia's share (%)": win["who_share_pct"].round(1),
                         "Largest other supplier": win["largest_other"].replace("", "none"),
                         "Its TIV (TIV m)": win["largest_other_tiv"].round(1)})


def vintages_frame() -> pd.DataFrame:
    """Russia's share of Kazakhstan's arms imports over the trailing five years in each release: the July 2022
    table, the January 2025 register (per year) and the March 2025 and May 2026 registers (per deal, spread by
    :func:`spread_deals`). Columns: ``release``, ``source_id``, ``year``, ``russia_tiv_5y``, ``all_tiv_5y``,
    ``share_pct``."""
    from kzdep import data

    parts = [("July 2022 table", "sipri-at-2022", data.load("arms_imports_tiv"), 1992, 2021),
             ("January 2025 register", "sipri-at-2025", data.load("arms_register_2025"), 2000, 2023),
             ("March 2025 register", "sipri-at-2025-03", kazakh_register(data.load("arms_register_2025_03")),
              1992, 2024),
             ("May 2026 register", "sipri-at-2026", kazakh_register(), 1992, arms_end())]
    frames = []
    for label, sid, tiv, s, e in parts:
        f = five_year_share(tiv, s, e, window=WINDOW).rename(columns={"who_tiv_5y": "russia_tiv_5y",
                                                                        "all_tiv_5y": "all_tiv_5y"})
        frames.append(f.assign(release=label, source_id=sid))
    out = pd.concat(frames, ignore_index=True)
    return out[["release", "source_id", "year", "russia_tiv_5y", "all_tiv_5y", "share_pct"]]


def vintages_figure(frame: pd.DataFrame):
    from kzdep import style

    fig, ax = style.figure()
    looks = {"July 2022 table": (style.MUTED, (0, (4, 2)), 1.3), "January 2025 register": ("#8c6bb1", ":", 1.5),
             "March 2025 register": ("#e8877c", "-.", 1.5), "May 2026 register": (style.colour("Russia"), "-", 2.2)}
    for release, part in frame.groupby("release", sort=False):
        colour, ls, lw = looks[release]
        ax.plot(part["year"], part["share_pct"], color=colour, ls=ls, lw=lw, marker="o", ms=2.5, label=release)
    ax.set_ylim(0, 100)
    ax.set_ylabel("Percent of TIV, trailing five years")
    ax.set_xlabel("Last year of the five-year window")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def release_frame() -> pd.DataFrame:
    """Deliveries 2000-2023 by recipient in the May 2026 register (spread by the rule) and in the per-year
    register of January 2025, TIV million, and the difference in percent."""
    from kzdep import data

    cmp_ = release_comparison(data.load("arms_register_2026"), data.load("arms_register_2025_deliveries"))
    return pd.DataFrame({"Recipient": cmp_["recipient"], "January 2025 (TIV m)": cmp_["tiv_jan2025"].round(1),
                         "May 2026, spread (TIV m)": cmp_["tiv_new"].round(1),
                         "Difference (%)": cmp_["difference_pct"].round(1),
                         "source_id": [["sipri-at-2025", "sipri-at-2026"]] * len(cmp_)})


def neighbours_frame(spans: list[tuple[int, int]] | None = None) -> pd.DataFrame:
    """Russia's share (percent) of each recipient's arms imports by five-year window (register of May 2026), one
    row per recipient (Russia left out), one column per window."""
    from kzdep import data

    deals = data.load("arms_register_2026")
    end = arms_end(deals)
    spans = spans or windows(end - 4 * WINDOW + 1, end, WINDOW)
    win = register_windows(deals[deals["recipient"] != "Russia"], spans)
    wide = win.pivot(index="recipient", columns="end", values="who_share_pct")
    wide.columns = [f"{e - WINDOW + 1}–{e} (%)" for e in wide.columns]
    wide = wide.reindex([r for r in RECIPIENTS if r in wide.index]).round(1)
    return wide.rename_axis("Recipient").reset_index()


def milex_money_figure(m25: pd.DataFrame, country: str = "Kazakhstan", start: int = 1994):
    """Spending in current and constant 2023 dollars (left) and as shares (right): (figure, plotted data)."""
    from kzdep import style

    mm = milex25_country(m25, country).loc[start:]
    fig, (ax1, ax2) = style.figure(1, 2, figsize=(7.2, 3.2))
    ax1.plot(mm.index, mm["current_usd_m"], color=style.colour("Kazakhstan"), lw=1.8, label="Current US$")
    ax1.plot(mm.index, mm["constant_2023_usd_m"], color=style.INK, lw=1.4, ls=(0, (4, 2)),
             label="Constant 2023 US$")
    ax1.set_ylabel("US$ million")
    ax1.set_ylim(0, None)
    ax1.legend(loc="upper left", fontsize=8)
    ax2.plot(mm.index, mm["share_gdp_pct"], color=style.colour("Kazakhstan"), lw=1.8, label="Share of GDP")
    ax2.plot(mm.index, mm["share_govt_spending_pct"], color=style.MUTED, lw=1.4, label="Share of government spending")
    ax2.set_ylabel("Percent")
    ax2.set_ylim(0, max(mm["share_govt_spending_pct"].max(), mm["share_gdp_pct"].max()) * 1.35)
    ax2.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig, mm.reset_index()


MILEX_UNITS = {"current_usd_m": "US$ million, current", "constant_2023_usd_m": "US$ million, 2023 prices",
               "share_gdp_pct": "percent of GDP", "share_govt_spending_pct": "percent of general government spending"}


def milex_neighbours_figure(m25: pd.DataFrame, countries: list[str], start: int = 1993):
    """Share of GDP, one line per country (points where SIPRI has isolated values): (figure, plotted data)."""
    from kzdep import style

    plot = milex25(m25, "share_gdp_pct", countries).loc[start:]
    fig, ax = style.figure()
    # the countries without a colour of their own are told apart by dash and marker
    looks = iter([(":", "o"), ("-.", "s"), ((0, (5, 2)), "^"), ((0, (1, 2)), "D"), ((0, (3, 1, 1, 1)), "v")])
    for country in countries:
        series = plot[country]
        ls, marker = ("-", None) if country in style.COLOURS else next(looks)
        ax.plot(series.index, series.values, color=style.colour(country), lw=2.6 if country == "Kazakhstan" else 1.4,
                ls=ls, marker=marker, ms=3, label=country)
    ax.set_ylabel("Percent of GDP")
    ax.set_xlim(start, int(plot.index.max()) + 0.5)
    ax.set_ylim(0, None)
    ax.legend(ncols=3, loc="upper left", fontsize=8)
    ax.set_title("Military expenditure, share of GDP")
    return fig, plot.reset_index()


def milex_table_frame(m25: pd.DataFrame, year: int | None = None, base: int = 2019) -> pd.DataFrame:
    """Every compared country's spending in ``year`` (default: the last with a Kazakh value): current US$
    (billions), share of GDP, and the real change since ``base`` (constant 2023 US$, percent); empty where SIPRI
    has no value."""
    year = year or int(milex25_country(m25)["current_usd_m"].dropna().index.max())
    cur, gdp, const = milex25(m25, "current_usd_m"), milex25(m25, "share_gdp_pct"), milex25(m25, "constant_2023_usd_m")
    order = [c for c in RECIPIENTS if c in cur.columns]
    return pd.DataFrame({"Country": order,
                         f"{year}, US$ bn": [round(cur.loc[year, c] / 1000, 2) for c in order],
                         f"{year}, share of GDP (%)": [round(gdp.loc[year, c], 2) for c in order],
                         f"Real change since {base} (%)": [round(100 * (const.loc[year, c] / const.loc[base, c] - 1), 2)
                                                          for c in order]})


def non_russian_figure(tiv: pd.DataFrame, start: int, end: int):
    """Each supplier other than Russia, total TIV over the span, NATO members in blue: (figure, data)."""
    import matplotlib.patches as mpatches

    from kzdep import style, text

    totals = supplier_totals(tiv, start, end)
    nr = totals.drop("Russia").sort_values()
    nr = nr[nr >= 0.5]
    colours = [style.colour("EU") if s in NATO_SUPPLIERS else style.colour("China") if s == "China"
               else style.colour("Other") for s in nr.index]
    fig, ax = style.figure(figsize=(7.0, 3.8))
    ax.barh(nr.index, nr.values, color=colours)
    for y, v in enumerate(nr.values):
        ax.text(v + 1, y, text.integer(v), va="center", fontsize=8.5, color=style.INK)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(f"TIV, millions (Russia, not shown: {text.integer(totals['Russia'])})")
    ax.set_title(f"Arms imports from suppliers other than Russia, {start}-{end}")
    ax.legend(handles=[mpatches.Patch(color=style.colour("EU"), label="NATO member"),
                       mpatches.Patch(color=style.colour("China"), label="China"),
                       mpatches.Patch(color=style.colour("Other"), label="Other")], loc="lower right")
    frame = nr.rename("tiv_m").rename_axis("supplier").reset_index()
    frame["nato_member"] = frame["supplier"].isin(NATO_SUPPLIERS)
    return fig, frame


# --- facilities -------------------------------------------------------------------------------------------------

def facilities_frame(fac: pd.DataFrame, choice: dict | None = None) -> tuple[pd.DataFrame, list, list]:
    """The table of sites (numbers, empty where the chosen sources give none), its row sources and all sources."""
    choice = choice or FACILITY_CHOICE
    pref = preferred_facilities(fac, choice).set_index("facility_id")
    row_sources = [ids or list(fac.loc[fac["facility_id"] == choice[key].get("facility_id", key), "source_id"])
                   for key, ids in zip(pref.index, pref["sources"])]
    # the rent as written (115, 24.8, 0.718: no separator, no rounding), the area to the square kilometre
    frame = pd.DataFrame({"Site": pref["name"], "Area (km²)": pref["area_km2"].astype(float).round(0),
                          "Rent (US$ m a year)": pref["rent_usd_m"].map(lambda v: "" if pd.isna(v) else f"{float(v):g}"),
                          "Lease from": pref["lease_start"].map(lambda v: "" if pd.isna(v) else str(v)[:4]),
                          "Lease to": pref["lease_end"].map(lambda v: "" if pd.isna(v) else str(v)[:4])})
    return frame.reset_index(drop=True), row_sources, list(dict.fromkeys(s for ids in row_sources for s in ids))


def disagreements_frame(fac: pd.DataFrame) -> pd.DataFrame:
    """Each value reported for the disputed quantities, with the sources reporting it (one row per value)."""
    from kzdep import data

    rows = []
    for label, fid, column in DISPUTED:
        rep = reported_values(fac, fid, column)
        for value, group in rep.groupby("value", sort=False):
            publishers = []
            for s in group["source_id"]:
                rec = data.source(s)
                publishers.append(f"{rec['publisher']} ({rec['year']})" if rec["year"] else rec["publisher"])
            # the value as written (115, 24.8, 2050): no separator, no rounding
            rows.append({"Quantity": label, "Value": f"{float(value):g}", "Reported by": "; ".join(publishers),
                         "source_id": list(group["source_id"])})
    return pd.DataFrame(rows)


def areas_frame(fac: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    from kzdep import data

    areas = area_reports(fac, sources, AREA_IDS)
    return pd.DataFrame({"Year": areas["year"].map(lambda y: "undated" if pd.isna(y) else str(int(y))),
                         "What": areas["name"], "Area (km²)": areas["area_km2"].astype(float).round(0),
                         "Source": areas["source_id"].map(lambda i: data.source(i)["publisher"].split(" (")[0]),
                         "source_id": areas["source_id"]})


def facility_map(fac: pd.DataFrame, choice: dict | None = None):
    """Map of the located sites: (figure, plotted data)."""
    import numpy as np

    from kzdep import data, maps, style

    choice = choice or FACILITY_CHOICE
    located = located_facilities(fac)
    geo = data.geojson("countries")
    kz = next(f for f in geo["features"] if f["properties"]["name"] == "Kazakhstan")
    kz_xy = np.vstack([np.asarray(r) for r in maps.polygon_rings(kz)])
    x0, y0 = kz_xy.min(axis=0) - 3
    x1, y1 = kz_xy.max(axis=0) + 3
    fig, ax = style.figure(figsize=(7.0, 4.4))
    maps.draw_countries(ax, geo)
    for feat in geo["features"]:
        name = feat["properties"]["name"]
        largest = np.asarray(max(maps.polygon_rings(feat), key=len))
        cx, cy = largest.mean(axis=0)
        if name in {"Kazakhstan", "Russia", "China", "Uzbekistan", "Kyrgyzstan", "Turkmenistan"} \
                and x0 < cx < x1 and y0 < cy < y1:
            ax.text(cx, cy if name != "Kazakhstan" else cy + 1.5, name, ha="center", fontsize=8.5,
                    color=style.MUTED if name != "Kazakhstan" else style.INK, zorder=4)
    ax.scatter(located["lon"], located["lat"], s=45, color=style.colour("Russia"), zorder=5, edgecolor="white")
    for _, row in located.iterrows():
        above = row["facility_id"] == "emba"  # its label would run into Baikonur's below the points
        ax.annotate(choice[row["facility_id"]]["name"], (row["lon"], row["lat"]), xytext=(0, 7 if above else -14),
                    ha="center", textcoords="offset points", fontsize=8.5, color=style.colour("Russia"), zorder=6)
    maps.frame_map(ax, x0, x1, y0, y1)
    ax.set_title("Sites used by Russia with known coordinates")
    return fig, located


# --- the CSTO deployment ----------------------------------------------------------------------------------------

def csto_numbers(csto: pd.DataFrame, others: list[str] | None = None) -> dict:
    """The deployment's timeline, the stated sizes and the bounds on the Russian contingent."""
    others = others or CSTO_OTHERS
    timeline = csto_timeline(csto)
    reports = contingent_reports(csto)
    totals_rep = reports.loc[reports["country"] == "all"]
    official = totals_rep[totals_rep["source_id"] != CSTO_STANDING_SOURCE]["personnel"]
    final_total = float(totals_rep.loc[totals_rep["source_id"] == CSTO_FINAL_SOURCE, "personnel"].iloc[0])
    high = float(official.max())
    return {"timeline": timeline, "reports": reports, "totals": totals_rep, "low": float(official.min()),
            "high": high, "final": final_total, "bound_final": russian_upper_bound(reports, final_total, others),
            "bound_high": russian_upper_bound(reports, high, others), "others": others,
            "unsized": unsized_reports(csto), "duration": csto_duration_days(timeline)}


def csto_timeline_figure(timeline: pd.DataFrame):
    import matplotlib.dates as mdates

    from kzdep import style

    labels = {"request": "Tokayev's request", "decision": "CSTO decision", "arrival": "First units arrive",
              "withdrawal_start": "Withdrawal begins", "withdrawal_end": "Withdrawal complete"}
    # label above (+1) or below (-1) the line; labels of neighbouring days lean away from each other
    place = {"request": (1, "right"), "decision": (-1, "center"), "arrival": (1, "left"),
             "withdrawal_start": (-1, "center"), "withdrawal_end": (1, "center")}
    tl = timeline.set_index("kind")
    fig, ax = style.figure(figsize=(7.0, 2.4))
    dates = pd.to_datetime(timeline["date"])
    ax.hlines(0, dates.min() - pd.Timedelta(days=1), dates.max() + pd.Timedelta(days=1), color=style.MUTED, lw=1)
    ax.axvspan(pd.Timestamp(tl.loc["arrival", "date"]), pd.Timestamp(tl.loc["withdrawal_end", "date"]),
               ymin=0.42, ymax=0.58, color=style.colour("Russia"), alpha=0.18, lw=0)
    for kind, d in zip(timeline["kind"], dates):
        off, ha = place[kind]
        ax.plot([d, d], [0, 0.55 * off], color=style.MUTED, lw=0.8)
        ax.plot(d, 0, "o", color=style.colour("Russia"), ms=6, zorder=3)
        ax.text(d, 0.62 * off, f"{labels[kind]}\n{d.day} Jan", ha=ha, va="bottom" if off > 0 else "top",
                fontsize=8.5)
    ax.set_ylim(-1.6, 1.6)
    ax.set_yticks([])
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.set_title("CSTO deployment, January 2022")
    return fig, timeline.assign(date=timeline["date"].astype(str))


def csto_contingents_figure(reports: pd.DataFrame):
    import numpy as np

    from kzdep import style

    order = list(CSTO_NAMES)
    plotted = reports.copy()
    plotted["flagged"] = plotted["note"].fillna("").str.contains("reportedly|conflates", case=False)
    fig, ax = style.figure(figsize=(7.0, 3.4))
    for i, country in enumerate(order):
        part = plotted[plotted["country"] == country].sort_values("personnel")
        # spread points that coincide, so each source stays visible
        jitter = part.groupby("personnel").cumcount() - part.groupby("personnel")["personnel"].transform("size").sub(1) / 2
        y = len(order) - 1 - i + 0.14 * jitter
        colour = style.colour("Russia") if country in ("all", "russia") else style.colour("Other")
        ax.scatter(part["personnel"], y, s=40, zorder=3,
                   facecolor=np.where(part["flagged"], "white", colour), edgecolor=colour, lw=1.4)
    ax.axvline(3000, color=style.MUTED, ls="--", lw=1)
    ax.text(3000, len(order) - 0.35, "3,000 in Defence Today", ha="center", fontsize=8, color=style.MUTED)
    ax.set_yticks(range(len(order)), [CSTO_NAMES[c] for c in order][::-1])
    ax.set_ylim(-0.6, len(order) - 0.2)
    ax.set_xlim(0, None)
    ax.grid(axis="x")
    ax.set_xlabel("Personnel, as stated")
    ax.set_title("Stated size of each contingent, one point per source")
    return fig, plotted[["country", "personnel", "date", "source_id", "flagged", "note"]]


def csto_sites_frame(csto: pd.DataFrame) -> pd.DataFrame:
    from kzdep import data

    sites = csto[csto["kind"] == "sites"]
    return pd.DataFrame({"Date": sites["date"],
                         "Contingent": sites["country"].map(lambda c: "all" if c is None or pd.isna(c)
                                                            else CSTO_NAMES[c]),
                         "Sites guarded, as reported": sites["description"],
                         "Source": sites["source_id"].map(lambda s: data.source(s)["publisher"]),
                         "source_id": sites["source_id"]}).reset_index(drop=True)


def cooperation_frame(coop: pd.DataFrame) -> pd.DataFrame:
    c = coop.sort_values(["year", "partner"])
    return pd.DataFrame({"Year": c["year"].astype(int),
                         "With": c["partner"].map(lambda p: p.upper() if len(p) <= 4 else p.title()),
                         "Kind": c["kind"].str.replace("_", " "), "What": c["description"],
                         "Stated figure": c["figure"].fillna(""), "source_id": c["source_id"]}).reset_index(drop=True)


# --- the claims -------------------------------------------------------------------------------------------------

def c64_verdict(m25: pd.DataFrame, base: int = 2019) -> str:
    """'Kazakhstan has increased its defense spending': supported if spending rose in real terms and as a share
    of GDP since ``base``; partly supported if it rose on either, or in current dollars over the last year;
    contradicted if it rose on none."""
    kz = milex25_country(m25)
    last = int(kz["current_usd_m"].dropna().index.max())
    real = kz.loc[last, "constant_2023_usd_m"] > kz.loc[base, "constant_2023_usd_m"]
    share = kz.loc[last, "share_gdp_pct"] > kz.loc[base, "share_gdp_pct"]
    nominal = kz.loc[last, "current_usd_m"] > kz.loc[last - 1, "current_usd_m"]
    return "supported" if real and share else "partly supported" if real or share or nominal else "contradicted"


def claims_frame() -> tuple[pd.DataFrame, list[list[str]]]:
    """The articles' security claims checked against the data, with each row's sources."""
    from kzdep import data, text

    fac, csto, m25 = data.load("facilities"), data.load("csto_2022"), data.load("milex_sipri_2025")
    c = csto_numbers(csto)
    rent = value_counts_by_source(fac, "baikonur", "annual_rent_usd_m")
    pref = preferred_facilities(fac, FACILITY_CHOICE).set_index("facility_id")
    kz = milex25_country(m25)
    last = int(kz["current_usd_m"].dropna().index.max())
    tiv, end = kazakh_register(), arms_end()
    fgt = group_share_pct(tiv, ["France", "Germany", "Turkey"], ARMS_START, end)
    ru = indicators.window_share_pct(tiv, "Russia", ARMS_START, end)
    rows = [
        {"Claim": "Russia sent \"about 3,000 troops\" (Defence Today)",
         "What the data show": f"All five contingents: {text.integer(c['low'])} to {text.integer(c['high'])} "
                               f"(official); Russians at most {text.integer(c['bound_final'])} of the final "
                               f"{text.integer(c['final'])}",
         "Verdict": "contradicted" if c["bound_high"] < 3000 else "supported"},
        {"Claim": "Baikonur rented for \"$115 million per year\" (Olivium)",
         "What the data show": f"{text.integer(rent.iloc[0])} of {text.integer(rent.sum())} sources: US$ "
                               f"{text.integer(rent.index[0])} m a year; lease to {pref.loc['baikonur', 'lease_end']}",
         "Verdict": "supported" if rent.index[0] == 115 else "contradicted"},
        {"Claim": "Kazakhstan \"has increased its defense spending\" (Defence Today)",
         "What the data show": f"Share of GDP {text.percent(kz.loc[2019, 'share_gdp_pct'], 2)} (2019) to "
                               f"{text.percent(kz.loc[last, 'share_gdp_pct'], 2)} ({last}); constant 2023 US$ "
                               f"{text.number(kz.loc[2019, 'constant_2023_usd_m'], 0)} m (2019) to "
                               f"{text.number(kz.loc[last, 'constant_2023_usd_m'], 0)} m ({last}); current US$ "
                               f"{text.number(kz.loc[last - 1, 'current_usd_m'], 0)} m ({last - 1}) to "
                               f"{text.number(kz.loc[last, 'current_usd_m'], 0)} m ({last})",
         "Verdict": c64_verdict(m25)},
        {"Claim": "New equipment from \"France, Germany, and Turkey\" (Defence Today)",
         "What the data show": f"{text.percent(fgt)} of TIV {ARMS_START}-{end}; Russia {text.percent(ru)}",
         "Verdict": "partly supported"},
    ]
    csto_sources = list(dict.fromkeys(
        ["defencetoday-2023", CSTO_FINAL_SOURCE]
        + list(c["totals"].loc[c["totals"]["source_id"] != CSTO_STANDING_SOURCE, "source_id"])
        + list(c["reports"].loc[c["reports"]["country"].isin(c["others"]), "source_id"])))
    sources = [csto_sources, ["olivium-2022", "tengrinews-2011-baikonur-rent"],
               ["defencetoday-2023", "sipri-milex-2025-db"], ["defencetoday-2023", "sipri-at-2026"]]
    return pd.DataFrame(rows), sources


# --- the numbers of the prose, one dict per section -------------------------------------------------------------

def _arms_findings() -> dict[str, str]:
    from kzdep import data, text

    deals = data.load("arms_register_2026")
    end, start = arms_end(deals), ARMS_START
    tiv = kazakh_register(deals)
    totals = supplier_totals(tiv, start, end)
    yearly = russia_and_others(tiv, start, end, WINDOW).set_index("year")
    win = window_table(tiv, windows(start, end, WINDOW))
    low = win.loc[win["who_share_pct"].idxmin()]
    last, prev = win.iloc[-1], win.iloc[-2]
    spread = spread_deals(deals[deals["recipient"] == "Kazakhstan"])
    spread = spread[spread["year"].between(start, end)]
    peak = int(yearly["russia"].idxmax())
    return {
        "sec_start": str(start), "sec_end": str(end),
        "sec_tiv_all": text.integer(totals.sum()), "sec_tiv_russia": text.integer(totals["Russia"]),
        "sec_share_all": text.percent(indicators.window_share_pct(tiv, "Russia", start, end)),
        "sec_n_suppliers": text.integer(int((totals >= 0.5).sum())),
        "sec_first_year": str(first_delivery_year(tiv)),
        "sec_peak_year": str(peak), "sec_peak_tiv": text.integer(yearly.loc[peak, "russia"]),
        "sec_ma_russia_2014": text.number(yearly.loc[2014, "russia_ma"]),
        "sec_ma_russia_2019": text.number(yearly.loc[2019, "russia_ma"]),
        "sec_ma_russia_end": text.number(yearly.loc[end, "russia_ma"]),
        "sec_russia_end_phrase": ("no Russian delivery" if yearly.loc[end, "russia"] < 0.5 else
                                  f"only {text.integer(yearly.loc[end, 'russia'])} million TIV from Russia"),
        "sec_window_last": f"{int(last['start'])}–{int(last['end'])}",
        "sec_window_prev": f"{int(prev['start'])}–{int(prev['end'])}",
        "sec_share_last": text.percent(last["who_share_pct"]), "sec_share_prev": text.percent(prev["who_share_pct"]),
        "sec_russia_last_tiv": text.integer(last["who_tiv"]), "sec_all_last_tiv": text.integer(last["total_tiv"]),
        "sec_min_window": f"{int(low['start'])}–{int(low['end'])}", "sec_min_share": text.percent(low["who_share_pct"]),
        "sec_min_other": low["largest_other"],
        "sec_n_deals": text.integer(int((deals["recipient"] == "Kazakhstan").sum())),
        "sec_spread_share": text.percent(indicators.share_pct(float(spread.loc[spread["spread"], "tiv_m"].sum()),
                                                              float(spread["tiv_m"].sum()))),
    }


def _releases_findings() -> dict[str, str]:
    from kzdep import data, text

    deals, jan = data.load("arms_register_2026"), data.load("arms_register_2025_deliveries")
    chk = derivation_check(jan)
    rel = release_comparison(deals, jan).set_index("recipient")
    v = vintages_frame()
    at = {r: part.set_index("year")["share_pct"] for r, part in v.groupby("release")}
    old, new = data.load("arms_register_2025_03"), deals
    key = ["recipient", "supplier", "order_year", "weapon"]
    maraud = [float(f[(f["recipient"] == "Kazakhstan") & (f["weapon"] == "Marauder") & (f["order_year"] == 2018)
                      ]["tiv_delivered"].iloc[0]) for f in (old, new)]
    both = old.merge(new, on=key, suffixes=("_old", "_new"))
    return {
        "sec_chk_year": text.percent(chk["misplaced_year_pct"]), "sec_chk_window": text.percent(chk["misplaced_window_pct"]),
        "sec_chk_deals": text.integer(chk["deals"]), "sec_chk_spread": text.integer(chk["deals_spread"]),
        "sec_chk_tiv": text.integer(chk["total_tiv"]),
        "sec_rel_kz_new": text.integer(rel.loc["Kazakhstan", "tiv_new"]),
        "sec_rel_kz_old": text.integer(rel.loc["Kazakhstan", "tiv_jan2025"]),
        "sec_rel_kz_pct": text.percent(rel.loc["Kazakhstan", "difference_pct"]),
        "sec_rel_n_close": text.integer(int((rel["difference_pct"].abs() < 5).sum())),
        "sec_rel_n": text.integer(len(rel)),
        "sec_rel_ru_pct": text.percent(rel.loc["Russia", "difference_pct"], 0),
        "sec_v22_2021": text.percent(at["July 2022 table"][2021]),
        "sec_v25_2021": text.percent(at["January 2025 register"][2021]),
        "sec_v26_2021": text.percent(at["May 2026 register"][2021]),
        "sec_v2503_2024": text.percent(at["March 2025 register"][2024]),
        "sec_v26_2024": text.percent(at["May 2026 register"][2024]),
        "sec_marauder_old": text.number(maraud[0], 2), "sec_marauder_new": text.number(maraud[1], 2),
        "sec_rev_n_changed": text.integer(int(((both["tiv_delivered_old"] - both["tiv_delivered_new"]).abs() >= 0.5).sum())),
        "sec_rev_n_both": text.integer(len(both)),
    }


def _neighbours_findings() -> dict[str, str]:
    from kzdep import text

    nb = neighbours_frame().set_index("Recipient")
    last, prev = nb.columns[-1], nb.columns[-2]
    lastw = nb[last].drop("Kazakhstan")
    major = [r.replace("Kyrgyz Republic", "Kyrgyzstan") for r in lastw[lastw > 50].index]
    none = [r.replace("Kyrgyz Republic", "Kyrgyzstan") for r in lastw[lastw < 5].index]
    return {
        "sec_nb_window": last.replace(" (%)", ""), "sec_nb_prev": prev.replace(" (%)", ""),
        "sec_nb_kz": text.percent(nb.loc["Kazakhstan", last]),
        "sec_nb_major": _join(major),
        "sec_nb_n_major": text.integer(len(major)),
        "sec_nb_low": _join(none),
        "sec_nb_uz_prev": text.percent(nb.loc["Uzbekistan", prev]), "sec_nb_uz": text.percent(nb.loc["Uzbekistan", last]),
        "sec_nb_am_prev": text.percent(nb.loc["Armenia", prev]), "sec_nb_am": text.percent(nb.loc["Armenia", last]),
        "sec_nb_by": text.percent(nb.loc["Belarus", last]),
        "sec_nb_kg_prev": text.percent(nb.loc["Kyrgyz Republic", prev]),
        "sec_nb_kg": text.percent(nb.loc["Kyrgyz Republic", last]),
    }


def _spending_findings() -> dict[str, str]:
    from kzdep import data, text

    m25 = data.load("milex_sipri_2025")
    kz = milex25_country(m25)
    gdp = kz["share_gdp_pct"].dropna()
    first, last = int(gdp.index.min()), int(kz["current_usd_m"].dropna().index.max())
    shares = milex25(m25, "share_gdp_pct").loc[last].dropna()
    real = 100 * (kz.loc[last, "constant_2023_usd_m"] / kz.loc[2019, "constant_2023_usd_m"] - 1)
    m24 = milex_measures(data.load("milex_sipri_2024"))
    return {
        "sec_milex_first": str(first), "sec_milex_last": str(last), "sec_mx_prev": str(last - 1),
        "sec_kz_2019": text.percent(gdp[2019], 2), "sec_kz_2021": text.percent(gdp[2021], 2),
        "sec_kz_2022": text.percent(gdp[2022], 2), "sec_kz_last": text.percent(gdp[last], 2),
        "sec_kz_drop_pp": text.number(gdp[2019] - gdp[last], 2),
        "sec_kz_ratio": text.percent(100 * gdp[last] / gdp[2019], 0),
        "sec_kz_mean": text.percent(gdp.loc[first:2021].mean(), 2),
        "sec_kz_max": text.percent(gdp.max(), 2), "sec_kz_max_year": str(int(gdp.idxmax())),
        "sec_kz_min_is_last": "the smallest" if int(gdp.idxmin()) == last else "not the smallest",
        "sec_ru_last": text.percent(shares["Russia"], 1), "sec_cn_last": text.percent(shares["China"], 1),
        "sec_kg_last": text.percent(shares["Kyrgyz Republic"], 1),
        "sec_lowest_country": shares.idxmin().replace("Kyrgyz Republic", "Kyrgyzstan"),
        "sec_n_milex_countries": text.integer(len(shares)),
        "sec_mx_current_2021": text.number(kz.loc[2021, "current_usd_m"], 0),
        "sec_mx_current_prev": text.number(kz.loc[last - 1, "current_usd_m"], 0),
        "sec_mx_current_last": text.number(kz.loc[last, "current_usd_m"], 0),
        "sec_mx_const_2019": text.number(kz.loc[2019, "constant_2023_usd_m"], 0),
        "sec_mx_const_last": text.number(kz.loc[last, "constant_2023_usd_m"], 0),
        "sec_mx_real_change": text.percent(abs(real)), "sec_mx_real_word": "fell" if real < 0 else "rose",
        "sec_mx_gov_2019": text.percent(kz.loc[2019, "share_govt_spending_pct"], 2),
        "sec_mx_gov_last": text.percent(kz.loc[last, "share_govt_spending_pct"], 2),
        "sec_mx_vs_2021": "below" if kz.loc[last, "current_usd_m"] < kz.loc[2021, "current_usd_m"] else "above",
        "sec_mx_cur23_old": text.number(m24.loc[2023, "current_usd_m"], 0),
        "sec_mx_cur23_new": text.number(kz.loc[2023, "current_usd_m"], 0),
        "sec_mx_gdp23_old": text.percent(m24.loc[2023, "share_gdp_pct"], 2),
        "sec_mx_gdp23_new": text.percent(gdp[2023], 2),
        "sec_c64_verdict": c64_verdict(m25),
    }


def _sites_findings() -> dict[str, str]:
    from kzdep import data, text

    fac, sources = data.load("facilities"), data.load("sources")
    pref = preferred_facilities(fac, FACILITY_CHOICE).set_index("facility_id")
    rent = value_counts_by_source(fac, "baikonur", "annual_rent_usd_m")
    end = value_counts_by_source(fac, "baikonur", "lease_end")
    nti = fac[(fac["facility_id"] == "emba") & (fac["source_id"] == "nti-emba")].iloc[0]
    r05, r23 = float(pref.loc["ranges-2005", "area_km2"]), float(pref.loc["ranges-2023", "area_km2"])
    rents = reported_values(fac, "all-ranges", "annual_rent_usd_m").set_index("source_id")["value"]
    areas = area_reports(fac, sources, AREA_IDS)
    unlocated = unlocated_facilities(fac)
    names = fac.drop_duplicates("facility_id").set_index("facility_id")["name"]
    return {
        "sec_baikonur_rent": text.integer(pref.loc["baikonur", "rent_usd_m"]),
        "sec_baikonur_area": text.integer(pref.loc["baikonur", "area_km2"]),
        "sec_baikonur_end": str(pref.loc["baikonur", "lease_end"]),
        "sec_baikonur_start": str(pref.loc["baikonur", "lease_start"]),
        "sec_n_rent_115": text.integer(rent[pref.loc["baikonur", "rent_usd_m"]]),
        "sec_n_rent_sources": text.integer(rent.sum()), "sec_rent_other": text.integer(rent.index[1]),
        "sec_n_end_2050": text.integer(end[pref.loc["baikonur", "lease_end"]]), "sec_n_end_sources": text.integer(end.sum()),
        "sec_emba_nti_start": str(nti["lease_start"]), "sec_emba_nti_end": str(nti["lease_end"]),
        "sec_ranges_2005_area": text.integer(r05), "sec_ranges_2023_area": text.integer(r23),
        "sec_ranges_2005_rent": text.number(pref.loc["ranges-2005", "rent_usd_m"]),
        "sec_ranges_cut": text.integer(r05 - r23), "sec_ranges_cut_pct": text.percent(100 * (r05 - r23) / r05, 0),
        "sec_sary_area": text.integer(pref.loc["sary-shagan", "area_km2"]),
        "sec_sary_share": text.percent(100 * float(pref.loc["sary-shagan", "area_km2"]) / r23, 0),
        "sec_sary_end": str(pref.loc["sary-shagan", "lease_end"]),
        "sec_all_leased": text.integer(reported_values(fac, "all-leased-land", "area_km2")["value"].iloc[0]),
        "sec_emba_rent": text.number(pref.loc["emba", "rent_usd_m"], 3),
        "sec_rent_2000": text.number(rents["jamestown-2000-ranges-ratified"], 1),
        "sec_rent_2016": text.number(rents["astanatimes-2016-rent-increase"], 0),
        "sec_n_located": text.integer(len(located_facilities(fac))),
        "sec_unlocated": "; ".join(FACILITY_CHOICE.get(f, {}).get("name", names[f]) for f in unlocated),
        "sec_returned_2015": text.integer(areas.loc[areas["facility_id"] == "land-return-2015", "area_km2"].iloc[0]),
        "sec_returned_2016": text.integer(
            areas.loc[areas["facility_id"] == "land-return-2015-2016", "area_km2"].iloc[0]),
    }


def _csto_findings() -> dict[str, str]:
    from kzdep import data, text

    c = csto_numbers(data.load("csto_2022"))
    tl, rep = c["timeline"].set_index("kind"), c["reports"]
    out = {f"sec_date_{k}": _day(tl.loc[k, "date"]) for k in tl.index}
    russia = rep.loc[rep["country"] == "russia", "personnel"]
    out.update({
        "sec_duration": text.integer(c["duration"]), "sec_total_low": text.integer(c["low"]),
        "sec_total_high": text.integer(c["high"]), "sec_total_final": text.integer(c["final"]),
        "sec_bound_final": text.integer(c["bound_final"]), "sec_bound_high": text.integer(c["bound_high"]),
        "sec_others_sum": text.integer(c["final"] - c["bound_final"]), "sec_n_reports": text.integer(len(rep)),
        "sec_n_russia_3000": text.integer(len(russia)), "sec_russia_claim": text.integer(russia.iloc[0]),
        "sec_n_unsized": text.integer(len(c["unsized"])),
        "sec_standing": text.integer(c["totals"].loc[c["totals"]["source_id"] == CSTO_STANDING_SOURCE,
                                                     "personnel"].iloc[0]),
    })
    for country in c["others"]:
        out[f"sec_size_{country}"] = text.integer(rep.loc[rep["country"] == country, "personnel"].min())
    return out


def _cooperation_findings() -> dict[str, str]:
    from kzdep import data, text

    coop = data.load("cooperation")
    tiv, end = kazakh_register(), arms_end()
    totals = supplier_totals(tiv, ARMS_START, end)
    totals = totals[totals >= 0.5]
    non_russian = totals.drop("Russia")
    share_all = indicators.window_share_pct(tiv, "Russia", ARMS_START, end)
    share_last = indicators.window_share_pct(tiv, "Russia", end - WINDOW + 1, end)
    fgt = ["France", "Germany", "Turkey"]
    out = {
        "sec_n_coop": text.integer(len(coop)), "sec_n_exercises": text.integer(int((coop["kind"] == "exercise").sum())),
        "sec_coop_first": str(int(coop["year"].min())), "sec_coop_last": str(int(coop["year"].max())),
        "sec_n_nonrussian": text.integer(len(non_russian)), "sec_nonrussian_share": text.percent(100 - share_all),
        "sec_nonrussian_share_last": text.percent(100 - share_last),
        "sec_largest_other": non_russian.index[0], "sec_largest_other_tiv": text.integer(non_russian.iloc[0]),
        "sec_second_other": non_russian.index[1], "sec_second_other_tiv": text.integer(non_russian.iloc[1]),
        "sec_nato_share": text.percent(group_share_pct(tiv, NATO_SUPPLIERS, ARMS_START, end)),
        "sec_fgt_share": text.percent(group_share_pct(tiv, fgt, ARMS_START, end)),
        "sec_fgt_tiv": text.integer(totals.reindex(fgt).fillna(0).sum()),
    }
    for name in ["France", "Germany", "Turkey", "China", "United States"]:
        out[f"sec_tiv_{name.lower().replace(' ', '_')}"] = text.integer(totals.get(name, 0.0))
    return out


SECTIONS = {"arms": _arms_findings, "releases": _releases_findings, "neighbours": _neighbours_findings,
            "spending": _spending_findings, "sites": _sites_findings, "csto": _csto_findings,
            "cooperation": _cooperation_findings}


def findings(section: str | None = None) -> dict[str, str]:
    """The formatted numbers of the chapter's prose (name -> text): one section's (``arms``, ``releases``,
    ``neighbours``, ``spending``, ``sites``, ``csto``, ``cooperation``), or all of them."""
    if section is not None:
        if section not in SECTIONS:
            raise KeyError(f"no findings for section {section!r}; the sections are {list(SECTIONS)}")
        return SECTIONS[section]()
    out: dict[str, str] = {}
    for make in SECTIONS.values():
        out.update(make())
    return out
