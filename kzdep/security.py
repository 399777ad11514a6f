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
    """The security lever's indicators by year (see the contract in the summary chapter's brief).

    ``arms_from_russia_share_5y``: Russia's share of TIV over the trailing five years, from the July 2022 release
    for the years it alone covers (to 2003) and from the January 2025 register from 2004 (its first full five-year
    window), the series column marking the break; ``milex_share_gdp``: SIPRI 2025 release (via OWID) to 2024;
    ``milex_usd_m`` (current US$) and ``milex_constant_2022_usd_m``: SIPRI 2024 release to 2023.
    """
    from kzdep import data

    rows = []
    old = data.load("arms_imports_tiv")
    new = data.load("arms_register_2025")
    s_old = five_year_share(old, 1992, 2021)
    s_new = five_year_share(new, 2000, 2023)
    first_new = int(s_new["year"].min())
    for frame, series, sid in ((s_old[s_old["year"] < first_new], "sipri-2022", "sipri-at-2022"),
                               (s_new, "sipri-2025", "sipri-at-2025")):
        for r in frame.itertuples():
            rows.append(("arms_from_russia_share_5y", "Arms imports from Russia, share of TIV over five years",
                         int(r.year), float(r.share_pct), "percent", 1, sid, series, "trailing five-year window"))
    milex = data.load("milex_share_gdp")
    for r in milex[milex["country"] == "Kazakhstan"].itertuples():
        rows.append(("milex_share_gdp", "Military expenditure, share of GDP", int(r.year), float(r.milex_pct_gdp),
                     "percent of GDP", 0, r.source_id, "sipri-milex-2025", ""))
    m24 = milex_measures(data.load("milex_sipri_2024"))
    for year, value in m24["current_usd_m"].dropna().items():
        rows.append(("milex_usd_m", "Military expenditure, current US dollars", int(year), float(value), "US$ m", 0,
                     "sipri-milex-2024", "sipri-milex-2024", "current prices and exchange rates"))
    for year, value in m24["constant_2022_usd_m"].dropna().items():
        rows.append(("milex_constant_2022_usd_m", "Military expenditure, constant 2022 US dollars", int(year), float(value),
                     "US$ m (2022 prices)", 0, "sipri-milex-2024", "sipri-milex-2024", ""))
    frame = pd.DataFrame(rows, columns=["indicator", "label", "year", "value", "unit", "direction", "source_id",
                                        "series", "note"])
    frame.insert(0, "lever", "security")
    frame["tier"] = [_tier(s) for s in frame["source_id"]]
    return frame[["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                  "series", "note"]]


def findings() -> dict[str, str]:
    """The formatted numbers of the chapter's new sections (arms to 2023, spending in money), name -> text."""
    from kzdep import data, text

    old = data.load("arms_imports_tiv")
    new = data.load("arms_register_2025")
    last = int(new["year"].max())
    s_new = five_year_share(new, 2000, last).set_index("year")
    s_old = five_year_share(old, 1992, 2021).set_index("year")
    cmp_ = vintage_comparison(old, new, 2000, 2021)
    m24 = milex_measures(data.load("milex_sipri_2024"))
    m_last = int(m24["current_usd_m"].dropna().index.max())
    share25 = data.load("milex_share_gdp")
    share25 = share25[share25["country"] == "Kazakhstan"].set_index("year")["milex_pct_gdp"]
    out = {
        "sec_reg_last": str(last),
        "sec_reg_share_5y_last": text.percent(s_new.loc[last, "share_pct"]),
        "sec_reg_share_5y_2021": text.percent(s_new.loc[2021, "share_pct"]),
        "sec_old_share_5y_2021": text.percent(s_old.loc[2021, "share_pct"]),
        "sec_reg_window_last": f"{last - 4}–{last}",
        "sec_reg_russia_5y_last": text.integer(s_new.loc[last, "who_tiv_5y"]),
        "sec_reg_all_5y_last": text.integer(s_new.loc[last, "all_tiv_5y"]),
        "sec_reg_russia_mean_last": text.number(s_new.loc[last, "who_tiv_5y"] / 5),
        "sec_reg_total_old": text.integer(cmp_["tiv_old"].sum()),
        "sec_reg_total_new": text.integer(cmp_["tiv_new"].sum()),
        "sec_reg_russia_old": text.integer(cmp_.set_index("supplier").loc["Russia", "tiv_old"]),
        "sec_reg_russia_new": text.integer(cmp_.set_index("supplier").loc["Russia", "tiv_new"]),
        "sec_reg_n_differ": text.integer(int(cmp_["years_differing"].sum())),
        "sec_reg_n_suppliers_differ": text.integer(int((cmp_["years_differing"] > 0).sum())),
        "sec_mx_last": str(m_last),
        "sec_mx_current_last": text.number(m24.loc[m_last, "current_usd_m"], 0),
        "sec_mx_current_2021": text.number(m24.loc[2021, "current_usd_m"], 0),
        "sec_mx_const_last": text.number(m24.loc[m_last, "constant_2022_usd_m"], 0),
        "sec_mx_const_2019": text.number(m24.loc[2019, "constant_2022_usd_m"], 0),
        "sec_mx_real_change": text.percent(abs(real_change_pct(data.load("milex_sipri_2024"), 2019, m_last))),
        "sec_mx_gov_last": text.percent(m24.loc[m_last, "share_govt_spending_pct"], 2),
        "sec_mx_gov_2019": text.percent(m24.loc[2019, "share_govt_spending_pct"], 2),
        "sec_mx_gdp24_last": text.percent(m24.loc[m_last, "share_gdp_pct"], 2),
        "sec_mx_gdp25_last": text.percent(share25[m_last], 2),
    }
    return out
