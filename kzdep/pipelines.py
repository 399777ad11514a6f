"""Oil export routes: which cross Russia, route shares and concentration, CPC interruptions, spare capacity.

The route tables are sparse and several rows may give one value (a primary figure and a rounded copy). Every
choice between them is made here, in the open (:data:`PREFERRED_SOURCE`), so the chapter and the tests see the same
numbers. Nothing here reads files: the functions take the frames that :func:`kzdep.data.load` returns; only
the findings at the end (the chapter's formatted numbers) load their data themselves, through that loader.
"""

from __future__ import annotations

import datetime as _dt

import pandas as pd

from kzdep import indicators, maps
from kzdep.data import parameter  # noqa: F401  (one value of ``parameters``; the chapter calls it from here)

# --------------------------------------------------------------------------------------------------------------
# routes and what they cross

ROUTE_LABELS = {
    "cpc": "CPC (Tengiz–Novorossiysk)",
    "atyrau_samara": "Atyrau–Samara",
    "kz_china": "Kazakhstan–China",
    "aktau_sea_total": "Aktau port (tankers)",
    "aktau_btc": "Aktau → Baku–Tbilisi–Ceyhan",
    "aktau_makhachkala": "Aktau → Makhachkala",
    "rail": "Rail",
    "not_allocated": "Not allocated by the source",
}

#: ``russia``: the oil crosses Russian territory or leaves through a Russian port; ``bypass``: it does not;
#: ``unsplit``: the source does not say (Aktau tankers go both to Baku and to Russia's Makhachkala; rail exports
#: are not given by destination).
ROUTE_CLASS = {
    "cpc": "russia",
    "atyrau_samara": "russia",
    "aktau_makhachkala": "russia",
    "kz_china": "bypass",
    "aktau_btc": "bypass",
    "aktau_sea_total": "unsplit",
    "rail": "unsplit",
}

#: the routes of a full split of exports (Aktau counted once, as the port)
SPLIT_ROUTES = ["cpc", "atyrau_samara", "kz_china", "aktau_sea_total", "rail"]
#: without these four a year has no usable split (rail is small and sometimes not stated)
CORE_ROUTES = ["cpc", "atyrau_samara", "kz_china", "aktau_sea_total"]

#: months covered by each ``period`` of ``oil_export_routes``
PERIOD_MONTHS = {"full_year": 12, "jan": 1, "jan_apr": 4, "jan_may": 5, "jan_jun": 6, "jan_jul": 7, "jan_aug": 8,
                 "jan_sep": 9, "jan_oct": 10, "jan_nov": 11}
PERIOD_LABELS = {"full_year": "", "jan_jul": "Jan–Jul", "jan_aug": "Jan–Aug", "jan_oct": "Jan–Oct"}

#: where two sources give one (year, period, route), the one used and why
PREFERRED_SOURCE = {
    # the same source as the rest of the 2009 split (chinagate gives 7.73, page not re-read)
    (2009, "full_year", "kz_china"): "investkz-2010-export-routes-2009",
    # route basis, same source as the rest of the 2013 split (Kursiv's 11.2 is a destination basis)
    (2013, "full_year", "kz_china"): "caspianbarrel-2014-routes-2013",
    # CPC's own figure; LKY SPP rounds it to 52
    (2022, "full_year", "cpc"): "zonebourse-reuters-2023-cpc-2022",
    # the operator's annual report in thousand tonnes; LKY SPP rounds it to 1
    (2022, "full_year", "kz_china"): "kmg-ar2024-midstream",
    # KazTransOil via Trend: 1.392 + 1.984 (Makhachkala) = 3.376, the port total; Azernews' 1.057 is Tengiz only
    (2023, "full_year", "aktau_btc"): "menafn-trend-2024-aktau-2023",
}


def route_class(route: str) -> str:
    """``russia``, ``bypass`` or ``unsplit`` (see :data:`ROUTE_CLASS`)."""
    if route not in ROUTE_CLASS:
        raise KeyError(f"unknown route {route!r}")
    return ROUTE_CLASS[route]


def crosses_russia(route: str) -> bool | None:
    """True if the route crosses Russia, False if it bypasses it, None if the source does not say."""
    return {"russia": True, "bypass": False, "unsplit": None}[route_class(route)]


def annualised(volume_mt: float, period: str) -> float:
    """A part-year volume scaled to twelve months (pro rata by months; a full year is returned as is)."""
    if period not in PERIOD_MONTHS:
        raise ValueError(f"period {period!r} is not a run of months from January")
    if PERIOD_MONTHS[period] == 12:
        return float(volume_mt)
    return float(volume_mt) * 12.0 / PERIOD_MONTHS[period]


def pick_route_rows(routes: pd.DataFrame) -> pd.DataFrame:
    """One row per (year, period, route): the only row, or the source named in :data:`PREFERRED_SOURCE`.

    Raises ``ValueError`` when several sources give different values and no choice has been recorded, so a new
    conflicting row cannot slip into the chapter unnoticed.
    """
    chosen = []
    for key, rows in routes.groupby(["year", "period", "route"], sort=True):
        key = (int(key[0]), key[1], key[2])
        if len(rows) == 1:
            chosen.append(rows.iloc[0])
            continue
        if key in PREFERRED_SOURCE:
            hit = rows[rows["source_id"] == PREFERRED_SOURCE[key]]
            if len(hit) != 1:
                raise ValueError(f"{key}: preferred source {PREFERRED_SOURCE[key]!r} not among the rows")
            chosen.append(hit.iloc[0])
            continue
        if rows["volume_mt"].nunique() == 1:  # several sources, one value: keep the first
            chosen.append(rows.iloc[0])
            continue
        raise ValueError(f"{key}: sources disagree ({', '.join(rows['source_id'])}) and no choice is recorded")
    return pd.DataFrame(chosen).reset_index(drop=True)


def full_split_periods(picked: pd.DataFrame) -> list[tuple[int, str]]:
    """The (year, period) pairs for which all of :data:`CORE_ROUTES` have a volume."""
    out = []
    for (year, period), rows in picked.groupby(["year", "period"], sort=True):
        if set(CORE_ROUTES) <= set(rows["route"]):
            out.append((int(year), period))
    return out


#: a split counts only when its routes add up to the stated total within this many percent of the total
SPLIT_TOLERANCE_PCT = 2.0


class SplitError(ValueError):
    """A year's routes do not add up to its stated total exports (beyond :data:`SPLIT_TOLERANCE_PCT`)."""


def check_split_closes(year: int, period: str, volumes: dict[str, float], total: float,
                       tolerance_pct: float = SPLIT_TOLERANCE_PCT) -> float:
    """The gap (total - sum of routes) as a percent of the total; ``SplitError`` naming the year, the routes and
    their sum when the gap is wider than ``tolerance_pct`` either way."""
    if total <= 0:
        raise SplitError(f"{year} {period}: stated total exports {total} is not positive")
    summed = sum(volumes.values())
    gap_pct = 100.0 * (total - summed) / total
    if abs(gap_pct) > tolerance_pct:
        listed = " + ".join(f"{r} {v:g}" for r, v in volumes.items())
        raise SplitError(f"oil_export_routes {year} {period}: the routes ({listed} = {summed:g} Mt) and the stated "
                         f"total exports ({total:g} Mt) disagree by {gap_pct:+.1f} % of the total, beyond the "
                         f"tolerance of {tolerance_pct:g} %")
    return gap_pct


def split_status(routes: pd.DataFrame) -> pd.DataFrame:
    """Every (year, period) with any route or total: which core routes are missing, the sum of the routes, the
    stated total, the gap in percent, and the status ('closes', 'no stated total', 'incomplete')."""
    picked = pick_route_rows(routes)
    out = []
    for (year, period), rows in picked.groupby(["year", "period"], sort=True):
        if period not in PERIOD_MONTHS:
            continue
        vols = {r: float(v) for r, v in zip(rows["route"], rows["volume_mt"]) if r in SPLIT_ROUTES}
        total = rows.loc[rows["route"] == "total_exports", "volume_mt"]
        missing = [r for r in CORE_ROUTES if r not in vols]
        summed = sum(vols.values())
        rec = {"year": int(year), "period": period, "routes_mt": summed, "missing": ", ".join(missing),
               "total_mt": float(total.iloc[0]) if len(total) else float("nan"), "gap_pct": float("nan")}
        if missing:
            rec["status"] = "incomplete"
        elif len(total):
            rec["gap_pct"] = check_split_closes(int(year), period, vols, rec["total_mt"])
            rec["status"] = "closes"
        else:
            rec["status"] = "no stated total"
        out.append(rec)
    return pd.DataFrame(out)


def route_row_sources(picked: pd.DataFrame, year: int, period: str, route: str | None = None) -> list[str]:
    """The sources behind one route's share in one (year, period): the route's own row and the stated total's (the
    whole it is a share of); every row of the period for ``not_allocated`` (the total less the routes), for
    ``route=None``, and where no total is stated (the whole is then the sum of the routes). Empty when the period
    has no such route."""
    rows = picked[(picked["year"] == year) & (picked["period"] == period)]
    every = list(dict.fromkeys(rows["source_id"]))
    if route is None or route == "not_allocated":
        return every
    own = list(rows.loc[rows["route"] == route, "source_id"])
    total = list(rows.loc[rows["route"] == "total_exports", "source_id"])
    if not own:
        return []
    if not total:  # the whole is the sum of the routes: every route's source is behind the share
        return every
    return list(dict.fromkeys(own + total))


def route_shares(picked: pd.DataFrame, year: int, period: str = "full_year") -> pd.DataFrame:
    """Each route's volume and share of exports in one (year, period).

    The whole is the stated total exports where the source gives one (then what the routes leave unexplained is a
    row ``not_allocated``), otherwise the sum of the routes. Columns: route, volume_mt, share_pct, route_class,
    basis ('stated total' or 'sum of routes').
    """
    rows = picked[(picked["year"] == year) & (picked["period"] == period)]
    vols = {r: float(v) for r, v in zip(rows["route"], rows["volume_mt"]) if r in SPLIT_ROUTES}
    if not set(CORE_ROUTES) <= set(vols):
        raise ValueError(f"{year} {period}: no full split of routes")
    total_rows = rows[rows["route"] == "total_exports"]
    routes_sum = sum(vols.values())
    if len(total_rows):
        whole, basis = float(total_rows["volume_mt"].iloc[0]), "stated total"
        check_split_closes(year, period, vols, whole)
        vols["not_allocated"] = max(0.0, whole - routes_sum)
        if routes_sum > whole:  # within the tolerance: the routes are the whole
            whole = routes_sum
    else:
        whole, basis = routes_sum, "sum of routes"
    frame = pd.DataFrame({"route": list(vols), "volume_mt": list(vols.values())})
    frame["share_pct"] = [indicators.share_pct(v, whole) for v in frame["volume_mt"]]
    frame["route_class"] = [ROUTE_CLASS.get(r, "unsplit") for r in frame["route"]]
    frame["basis"] = basis
    frame.attrs["whole_mt"] = whole
    return frame


def aktau_destinations(picked: pd.DataFrame, year: int, period: str = "full_year") -> dict[str, float]:
    """The known parts of the Aktau tanker total in one (year, period): {'aktau_btc': .., 'aktau_makhachkala': ..}."""
    rows = picked[(picked["year"] == year) & (picked["period"] == period)
                  & picked["route"].isin(["aktau_btc", "aktau_makhachkala"])]
    return {r: float(v) for r, v in zip(rows["route"], rows["volume_mt"])}


def russia_share_pct(shares: pd.DataFrame, aktau_parts: dict[str, float] | None = None) -> dict[str, float]:
    """Share of exports through Russia and bypassing it (percent of the whole used in ``shares``).

    ``low`` counts the routes known to cross Russia, ``high`` adds the routes whose destination is not split
    (Aktau tankers, rail, the unallocated residual), ``bypass`` the routes known to avoid it. ``aktau_parts`` (the
    known Aktau destinations, Mt) moves those parts of the Aktau total out of 'unsplit': Makhachkala to Russia,
    Baku-Tbilisi-Ceyhan to bypass.
    """
    by_class = shares.groupby("route_class")["share_pct"].sum()
    low = float(by_class.get("russia", 0.0))
    bypass = float(by_class.get("bypass", 0.0))
    unsplit = float(by_class.get("unsplit", 0.0))
    if aktau_parts:
        whole = float(shares.attrs["whole_mt"])
        aktau = float(shares.loc[shares["route"] == "aktau_sea_total", "volume_mt"].sum())
        if sum(aktau_parts.values()) > aktau * (1 + 1e-9):
            raise ValueError(f"Aktau parts {aktau_parts} exceed the Aktau total {aktau}")
        to_russia = 100.0 * aktau_parts.get("aktau_makhachkala", 0.0) / whole
        to_bypass = 100.0 * aktau_parts.get("aktau_btc", 0.0) / whole
        low, bypass, unsplit = low + to_russia, bypass + to_bypass, unsplit - to_russia - to_bypass
    return {"low": low, "high": low + unsplit, "bypass": bypass}


def route_hhi(shares: pd.DataFrame) -> float:
    """Herfindahl–Hirschman index (0-10,000) of the route shares; the unallocated residual is left out."""
    named = shares[shares["route"].isin(SPLIT_ROUTES)]
    return indicators.herfindahl(named["share_pct"])


def split_summary(routes: pd.DataFrame) -> pd.DataFrame:
    """Per full-split (year, period): the whole, the share through Russia (low/high), bypass share and HHI."""
    picked = pick_route_rows(routes)
    out = []
    for year, period in full_split_periods(picked):
        shares = route_shares(picked, year, period)
        rs = russia_share_pct(shares, aktau_destinations(picked, year, period))
        hhi = route_hhi(shares)
        out.append({"year": year, "period": period, "whole_mt": shares.attrs["whole_mt"],
                    "basis": shares["basis"].iloc[0], "cpc_pct": float(shares.loc[shares.route == "cpc", "share_pct"].iloc[0]),
                    "russia_low_pct": rs["low"], "russia_high_pct": rs["high"], "bypass_pct": rs["bypass"],
                    "hhi": hhi, "equivalent_routes": indicators.equivalent_number(hhi)})
    return pd.DataFrame(out)


def missing_in_year(routes: pd.DataFrame, year: int) -> str:
    """What a full-year split of ``year`` lacks in ``oil_export_routes``, in words: the routes of
    :data:`SPLIT_ROUTES` and the stated total that have no full-year row ('Atyrau–Samara, Rail and the stated total
    of exports'); empty when nothing is missing."""
    rows = routes[(routes["year"] == year) & (routes["period"] == "full_year")]
    have = set(rows["route"])
    missing = [ROUTE_LABELS[r] if r != "rail" else "rail" for r in SPLIT_ROUTES if r not in have]
    if "total_exports" not in have:
        missing.append("the stated total of exports")
    if len(missing) <= 1:
        return "".join(missing)
    return ", ".join(missing[:-1]) + " and " + missing[-1]


def period_label(year: int, period: str) -> str:
    """'2022' or 'Jan–Oct 2024'."""
    lab = PERIOD_LABELS.get(period, period.replace("_", "–").title())
    return f"{lab} {year}".strip()


def cpc_share_of_exports(routes: pd.DataFrame) -> pd.DataFrame:
    """CPC's share of total exports in each full year where both are stated in ``oil_export_routes``."""
    picked = pick_route_rows(routes)
    full = picked[picked["period"] == "full_year"]
    cpc = full[full["route"] == "cpc"].set_index("year")
    tot = full[full["route"] == "total_exports"].set_index("year")
    years = sorted(set(cpc.index) & set(tot.index))
    return pd.DataFrame({
        "year": years,
        "cpc_mt": [float(cpc.loc[y, "volume_mt"]) for y in years],
        "exports_mt": [float(tot.loc[y, "volume_mt"]) for y in years],
        "cpc_share_pct": [indicators.share_pct(cpc.loc[y, "volume_mt"], tot.loc[y, "volume_mt"]) for y in years],
        "cpc_source": [cpc.loc[y, "source_id"] for y in years],
        "exports_source": [tot.loc[y, "source_id"] for y in years],
    })


# --------------------------------------------------------------------------------------------------------------
# production and exports

def official_series(official: pd.DataFrame, measure: str) -> pd.Series:
    """One value per year of an official measure; several sources must agree (else ``ValueError``). Rows labelled
    ``forecast`` in the ``basis`` column are expectations, not outturns, and are left out."""
    rows = official[official["measure"] == measure]
    if "basis" in rows.columns:
        rows = rows[rows["basis"] != "forecast"]
    out = {}
    for year, grp in rows.groupby("year"):
        if grp["value_mt"].nunique() != 1:
            raise ValueError(f"official {measure} {year}: sources disagree {list(grp['value_mt'])}")
        out[int(year)] = float(grp["value_mt"].iloc[0])
    return pd.Series(out, name=measure, dtype="float64").sort_index()


def preliminary_years(official: pd.DataFrame, measure: str) -> list[int]:
    """The years whose every outturn row (forecasts left out) of ``measure`` is labelled ``preliminary`` in the
    ``basis`` column: a figure stated before the year had closed, drawn and described as such."""
    rows = official[official["measure"] == measure]
    if "basis" not in rows.columns:
        return []
    rows = rows[rows["basis"] != "forecast"]
    flags = rows.groupby("year")["basis"].agg(lambda b: bool((b == "preliminary").all()))
    return sorted(int(y) for y, flag in flags.items() if flag)


#: the editions of the energy series, each kept whole: the edition of record first, then the earlier vintages
EDITIONS = {"ei-2026": "Energy Institute, Statistical Review 2026", "ei-2024": "Energy Institute, Statistical Review 2024",
            "bp-2021": "BP, Statistical Review 2021", "official": "Official Kazakh figures"}
#: the source of each edition (``source_id`` in the data package)
EDITION_SOURCE = {"ei-2026": "ei-sr-2026", "ei-2024": "ei-sr-2024", "bp-2021": "bp-sr-2021"}
#: the edition every energy series drawn or glued as "the" series comes from
MAIN_EDITION = "ei-2026"


class EditionError(ValueError):
    """A series that mixes editions of a statistical review (see :func:`one_edition`)."""


def one_edition(frame: pd.DataFrame, what: str) -> str:
    """The one edition (a ``source_id`` of :data:`EDITION_SOURCE`) that all rows of ``frame`` come from.

    The build rule against splicing: a series drawn or glued must come from one edition of a statistical review;
    ``EditionError`` (naming the series, the editions and a year of each) when its rows come from two, or when a
    row comes from no edition at all (an official figure joined to an edition is a splice too)."""
    if frame.empty:
        raise EditionError(f"{what}: no rows")
    sources = list(dict.fromkeys(frame["source_id"]))
    known = set(EDITION_SOURCE.values())
    if len(sources) != 1 or sources[0] not in known:
        where = ", ".join(f"{s} ({int(frame.loc[frame['source_id'] == s, 'year'].min())}-"
                          f"{int(frame.loc[frame['source_id'] == s, 'year'].max())})" for s in sources)
        raise EditionError(f"{what}: a series must come from one edition of a statistical review, but its rows "
                           f"come from {where}; draw the editions as separate series")
    return sources[0]


def edition_rows(frame: pd.DataFrame, edition: str) -> pd.DataFrame:
    """The rows of one edition (``ei-2026``, ``ei-2024`` or ``bp-2021``) of a table that holds several."""
    return frame[frame["source_id"] == EDITION_SOURCE[edition]].reset_index(drop=True)


def oil_editions(ei: pd.DataFrame, bp: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Production and consumption by year and edition, each edition whole and never spliced: the Energy Institute
    2026 series (the edition of record), its 2024 edition and BP's 2021 edition beside it, and the official
    production figures as a series of their own (outturns only). Columns: year, series, production_mt,
    consumption_mt, source_id."""
    parts = []
    for frame, series in ((edition_rows(ei, "ei-2026"), "ei-2026"), (edition_rows(ei, "ei-2024"), "ei-2024"),
                          (bp, "bp-2021")):
        one_edition(frame, f"oil, {EDITIONS[series]}")
        parts.append(pd.DataFrame({"year": frame["year"].astype(int), "series": series,
                                   "production_mt": frame["production_mt"].astype(float),
                                   "consumption_mt": frame["consumption_mt"].astype(float),
                                   "source_id": frame["source_id"]}))
    rows = official[(official["measure"] == "production") & (official["basis"] != "forecast")]
    off = official_series(rows, "production")
    src = rows.groupby("year")["source_id"].first()
    parts.append(pd.DataFrame({"year": off.index.astype(int), "series": "official", "production_mt": off.values,
                               "consumption_mt": float("nan"), "source_id": [src[y] for y in off.index]}))
    return pd.concat(parts, ignore_index=True)


def edition_revision(editions: pd.DataFrame, column: str, year: int, new: str = MAIN_EDITION,
                     old: str = "bp-2021") -> dict:
    """One year of ``column`` in two editions: both values and the revision in percent of the older one."""
    one = editions[editions["year"] == year].set_index("series")[column]
    a, b = float(one[new]), float(one[old])
    return {"new": a, "old": b, "revision_pct": 100.0 * (a - b) / b}


def edition_table(editions: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """What each edition says for the years ``first``..``last``: one row per (measure, year), one column per
    series of :data:`EDITIONS` (NaN where the edition has no value). Columns: measure, year, ei-2026, ei-2024,
    bp-2021, official."""
    out = []
    for measure, column in (("production", "production_mt"), ("consumption", "consumption_mt")):
        wide = editions.pivot(index="year", columns="series", values=column)
        for year in range(first, last + 1):
            rec = {"measure": measure, "year": year}
            for series in EDITIONS:
                v = wide.loc[year, series] if (year in wide.index and series in wide.columns) else float("nan")
                rec[series] = float(v)
            if measure == "consumption":
                rec.pop("official")
            out.append(rec)
    return pd.DataFrame(out)


# --------------------------------------------------------------------------------------------------------------
# CPC loadings and interruptions

#: ``basis`` values of ``cpc_loadings`` that are outturns (a forecast, a derivation or a lower bound is not)
OUTTURN = ("stated", "approx")


def latest_full_year(loadings: pd.DataFrame, measure: str = "kazakh_oil") -> dict:
    """The latest year with an outturn (:data:`OUTTURN`) of ``measure`` in ``cpc_loadings``: year, value_mt,
    source_id."""
    rows = loadings[(loadings["measure"] == measure) & loadings["basis"].isin(OUTTURN)]
    year = int(rows["year"].max())
    grp = rows[rows["year"] == year]
    if grp["value_mt"].nunique() != 1:
        raise ValueError(f"cpc_loadings {measure} {year}: sources disagree {list(grp['value_mt'])}")
    return {"year": year, "value_mt": float(grp["value_mt"].iloc[0]), "source_id": grp["source_id"].iloc[0]}


def loadings_points(loadings: pd.DataFrame) -> pd.DataFrame:
    """One point per (year, measure), forecasts left out: a stated figure before a rounded one, a rounded one
    before a derivation, a derivation before a lower bound; among equals the most precise (most decimals).

    Columns: year, measure, value_mt, basis, source_id, lower_bound (the source says 'more than').
    """
    def decimals(v: float) -> int:
        s = f"{v:.6f}".rstrip("0")
        return len(s.split(".")[1]) if "." in s else 0

    rank = {"stated": 3, "approx": 2, "derived": 1, "lower_bound": 0}
    out = []
    kept = loadings[loadings["basis"] != "forecast"]
    for (year, measure), grp in kept.groupby(["year", "measure"], sort=True):
        best = max(grp.itertuples(), key=lambda r: (rank[r.basis], decimals(r.value_mt)))
        out.append({"year": int(year), "measure": measure, "value_mt": float(best.value_mt), "basis": best.basis,
                    "source_id": best.source_id, "lower_bound": best.basis == "lower_bound"})
    return pd.DataFrame(out)


#: parameters (``parameters.csv``) named ``cpc_cumulative_loadings_<first year>_to_<YYYY-MM-DD>`` state CPC's total
#: loaded since ``first year`` up to that day
CUMULATIVE_PREFIX = "cpc_cumulative_loadings_"
#: the yearly totals the data hold may exceed a stated cumulative by this many percent before the check fails (a
#: cumulative stated as a milestone, such as the billionth tonne, is a round figure)
CUMULATIVE_TOLERANCE_PCT = 1.0


def cumulative_parameters(params: pd.DataFrame) -> list[str]:
    """The names of the cumulative-loadings parameters in ``params`` (see :data:`CUMULATIVE_PREFIX`)."""
    names = params.loc[params["parameter"].astype(str).str.startswith(CUMULATIVE_PREFIX), "parameter"]
    return sorted(set(names))


def cumulative_check(loadings: pd.DataFrame, params: pd.DataFrame, name: str | None = None,
                     tolerance_pct: float = CUMULATIVE_TOLERANCE_PCT) -> dict:
    """Set the yearly total loadings the data hold (one point a year, :func:`loadings_points`) against a stated
    cumulative total (the parameter ``name``; by default the only one of :func:`cumulative_parameters`).

    The cumulative runs from January of its first year to its end day: the full years are those before the end
    day's year; when the end day is not 1 January, part of its year is inside the cumulative too, so what the
    years without a figure carried is at most the residual. Two ways to fail, each a ``ValueError``: the known
    years alone exceed the cumulative by more than ``tolerance_pct`` (a yearly figure or the cumulative is wrong),
    or the residual is more than the missing years and the part year could have loaded at the highest yearly
    total in the data (the cumulative, or a missing year, would be impossible).

    Returns cumulative_mt, known_mt, n_known, years_known, years_missing, n_missing, residual_mt (what the missing
    years and the part year carried), residual_mean_mt (residual per missing year: an upper bound when a part
    year is inside), part_year (or None), record_mt (the highest yearly total in the data), end (the end day).
    """
    if name is None:
        names = cumulative_parameters(params)
        if len(names) != 1:
            raise ValueError(f"parameters: expected one {CUMULATIVE_PREFIX}* row, found {names}")
        name = names[0]
    try:
        first_s, end_s = name[len(CUMULATIVE_PREFIX):].split("_to_")
        first, end = int(first_s), _dt.date.fromisoformat(end_s)
    except ValueError as exc:
        raise ValueError(f"parameters: {name!r} is not {CUMULATIVE_PREFIX}<first year>_to_<YYYY-MM-DD>") from exc
    cumulative = parameter(params, name, end.year)
    last_full = end.year - 1
    part_year = None if (end.month, end.day) == (1, 1) else end.year
    pts = loadings_points(loadings)
    totals = pts[pts["measure"] == "total_loadings"]
    tot = totals[totals["year"].between(first, last_full)]
    known = float(tot["value_mt"].sum())
    if known > cumulative * (1 + tolerance_pct / 100):
        raise ValueError(f"cpc_loadings: the yearly totals {first}-{last_full} sum to {known:g} Mt, above CPC's "
                         f"cumulative {cumulative:g} Mt to {end} ({name}) by more than {tolerance_pct:g} %")
    years_known = sorted(int(y) for y in tot["year"])
    missing = [y for y in range(first, last_full + 1) if y not in years_known]
    residual = cumulative - known
    record = float(totals["value_mt"].max())
    part_fraction = (end.timetuple().tm_yday - 1) / 365.0 if part_year else 0.0
    ceiling = record * (len(missing) + part_fraction)
    if residual > ceiling:
        raise ValueError(f"cpc_loadings: CPC's cumulative {cumulative:g} Mt to {end} ({name}) leaves {residual:g} Mt "
                         f"for the {len(missing)} years without a figure{' and part of ' + str(part_year) if part_year else ''}, "
                         f"more than {ceiling:g} Mt, which they could carry at the highest yearly total in the data "
                         f"({record:g} Mt)")
    return {"cumulative_mt": cumulative, "known_mt": known, "n_known": len(tot), "years_known": years_known,
            "years_missing": missing, "n_missing": len(missing), "residual_mt": residual,
            "residual_mean_mt": residual / len(missing) if missing else float("nan"), "part_year": part_year,
            "record_mt": record, "end": end, "parameter": name}


def year_ranges(years: list[int]) -> str:
    """[2001, 2002, 2003, 2011, 2020, 2023] -> '2001–2003, 2011, 2020 and 2023' (runs of consecutive years joined)."""
    runs: list[list[int]] = []
    for y in sorted(set(int(v) for v in years)):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def parse_partial_date(value) -> tuple[_dt.date | None, str]:
    """'2022-03-23' -> (date, 'day'); '2022-03' -> (first of month, 'month'); empty -> (None, 'none')."""
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        return None, "none"
    parts = str(value).split("-")
    if len(parts) == 3:
        return _dt.date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
    if len(parts) == 2:
        return _dt.date(int(parts[0]), int(parts[1]), 1), "month"
    return _dt.date(int(parts[0]), 1, 1), "year"


def duration_days(start, end) -> int | None:
    """Days from start to end when both are full dates (same day -> 0); otherwise None."""
    s, sp = parse_partial_date(start)
    e, ep = parse_partial_date(end)
    if sp != "day" or ep != "day":
        return None
    if e < s:
        raise ValueError(f"end {end} before start {start}")
    return (e - s).days


#: where the first most-complete row is not the best description of an event, the row used and why
REPRESENTATIVE_SOURCE = {
    # the full loading halt began on 23 March; on 22 March only SPM-3 was shut and shipments were not yet affected
    "cpc-2022-03-storm-spm": "interfaxru-2022-04-20-akchulakov",
}


def representative_stoppages(stoppages: pd.DataFrame) -> pd.DataFrame:
    """One row per ``event_id``: the row with the most complete dates (first in file order on a tie), unless
    :data:`REPRESENTATIVE_SOURCE` names another. Adds start/end dates, their precision, ``days`` and
    ``interruption`` (False where nothing stopped or an order was not enforced), sorted by start."""
    rank = {"day": 3, "month": 2, "year": 1, "none": 0}
    out = []
    for event_id, grp in stoppages.groupby("event_id", sort=False):
        if event_id in REPRESENTATIVE_SOURCE:
            row = grp[grp["source_id"] == REPRESENTATIVE_SOURCE[event_id]].iloc[0]
        else:
            scores = [rank[parse_partial_date(r.start_date)[1]] + rank[parse_partial_date(r.end_date)[1]]
                      for r in grp.itertuples()]
            row = grp.iloc[scores.index(max(scores))]
        rec = row.to_dict()
        rec["start"], rec["start_precision"] = parse_partial_date(row["start_date"])
        rec["end"], rec["end_precision"] = parse_partial_date(row["end_date"])
        if rec["start"] is None:  # start only given by another row of the event
            starts = [parse_partial_date(v)[0] for v in grp["start_date"]]
            rec["start"] = min(d for d in starts if d is not None)
            rec["start_precision"] = "month"
        rec["days"] = duration_days(row["start_date"], row["end_date"])
        what = str(row["what_stopped"]).lower()
        rec["interruption"] = not (what.startswith("none") or "not enforced" in what)
        rec["n_sources"] = len(grp)
        out.append(rec)
    return pd.DataFrame(out).sort_values("start").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------------------
# the scenario inputs

def barrels_per_tonne(params: pd.DataFrame) -> float:
    """CPC Blend barrels per tonne, from CPC's own December 2018 loading stated both in barrels and in tonnes."""
    bbl = parameter(params, "cpc_loadings_barrels_dec2018", 2018)
    t = parameter(params, "cpc_loadings_tonnes_dec2018", 2018)
    return bbl / t


#: what a reader may set in the scenario cell, and the range each must lie in
SCENARIO_LIMITS = {
    "STOP_DAYS": "a number of days from 0 to 365",
    "OIL_PRICE_USD_BBL": "None (the published average for the scenario year) or a price above 0 US$ a barrel",
    "SCENARIO_YEAR": "None (the latest year with both a CPC volume and a price) or such a year",
    "GRID_DAYS": "a list of stoppage lengths, each from 0 to 365 days",
    "GRID_PRICES": "a list of prices, each above 0 US$ a barrel",
}


class ScenarioParameterError(ValueError):
    """A scenario parameter out of range; the message names the parameter and the range it must lie in."""


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def check_scenario_parameters(stop_days, price, grid_days=(), grid_prices=(), days_in_year: int = 365) -> None:
    """Stop (``ScenarioParameterError``) when a reader's parameter is out of range, naming it.

    ``STOP_DAYS`` from 0 to 365 days; ``OIL_PRICE_USD_BBL`` None or above 0; every ``GRID_DAYS`` from 0 to 365 and
    every ``GRID_PRICES`` above 0.
    """
    def bad(name, value, why):
        raise ScenarioParameterError(f"scenario parameter {name} = {value!r}: {why}; it must be "
                                     f"{SCENARIO_LIMITS[name]}")

    if not _is_number(stop_days):
        bad("STOP_DAYS", stop_days, "not a number")
    if stop_days < 0:
        bad("STOP_DAYS", stop_days, "a stoppage cannot last a negative number of days")
    if stop_days > days_in_year:
        bad("STOP_DAYS", stop_days, f"longer than a year ({days_in_year} days)")
    if price is not None:
        if not _is_number(price):
            bad("OIL_PRICE_USD_BBL", price, "not a number")
        if price <= 0:
            bad("OIL_PRICE_USD_BBL", price, "a price of zero or less")
    for d in grid_days:
        if not _is_number(d) or d < 0 or d > days_in_year:
            bad("GRID_DAYS", list(grid_days), f"{d!r} is out of range")
    for p in grid_prices:
        if not _is_number(p) or p <= 0:
            bad("GRID_PRICES", list(grid_prices), f"{p!r} is out of range")


#: the published price the scenario uses by default: World Bank annual Brent averages (third-party copy)
DEFAULT_PRICE = ("brent_annual_avg", "ka-energy-wb-oil-prices")


def scenario_inputs(params: pd.DataFrame, loadings: pd.DataFrame, official: pd.DataFrame, stop_days,
                    price=None, year=None) -> dict:
    """Everything the scenario needs, with where each value comes from.

    The volume is the Kazakh oil shipped through the CPC in ``year`` (default: the latest year with a stated
    outturn); by default the price is the World Bank's Brent average for the same year, so volume and price belong
    to one year. A ``price`` given by the reader replaces it and is labelled ``reader``.
    """
    check_scenario_parameters(stop_days, price)
    kz = loadings[(loadings["measure"] == "kazakh_oil") & (loadings["basis"] == "stated")]  # no rounded figure
    if year is None:
        year = latest_full_year(kz, "kazakh_oil")["year"]
    rows = kz[kz["year"] == year]
    if rows.empty:
        raise ScenarioParameterError(f"scenario parameter SCENARIO_YEAR = {year!r}: no stated Kazakh CPC volume "
                                     f"for that year; it must be {SCENARIO_LIMITS['SCENARIO_YEAR']}")
    if rows["value_mt"].nunique() != 1:
        raise ValueError(f"cpc_loadings kazakh_oil {year}: sources disagree {list(rows['value_mt'])}")
    published = parameter(params, DEFAULT_PRICE[0], int(year), source_id=DEFAULT_PRICE[1])
    exports = official_series(official, "exports")
    if int(year) not in exports.index:
        raise ValueError(f"oil_official: no stated exports for the scenario year {year}")
    return {
        "year": int(year),
        "stop_days": float(stop_days),
        "price_usd_bbl": float(published if price is None else price),
        "price_basis": "published" if price is None else "reader",
        "published_price_usd_bbl": published,
        "price_source": DEFAULT_PRICE[1],
        "volume_mt": float(rows["value_mt"].iloc[0]),
        "volume_source": rows["source_id"].iloc[0],
        "exports_mt": float(exports[int(year)]),
        "barrels_per_tonne": barrels_per_tonne(params),
    }


def price_words(inputs: dict) -> str:
    """How the prose names the price: the published average, or 'a price set by the reader'."""
    if inputs["price_basis"] == "reader":
        return "a price set by the reader"
    return f"the World Bank's {inputs['year']} average for Brent"


def scenario_rows(inputs: dict, spare_bypass_annual: dict[str, float], days) -> pd.DataFrame:
    """For each stoppage length in ``days``: volume and gross value held back at the scenario price, what the
    routes avoiding Russia could carry in the same days, and what is left stranded.

    Columns: days, chosen (the reader's STOP_DAYS), lost_mt, lost_usd_m, bypass_mt, bypass_usd_m, stranded_mt,
    stranded_usd_m, price_usd_bbl, price_basis, scenario_year, volume_mt.
    """
    out = []
    for d in days:
        d = float(d)
        lost = indicators.lost_volume_mt(inputs["volume_mt"], d)
        rr = rerouting(lost, spare_bypass_annual, d)
        value = lambda mt: indicators.revenue_usd_m(mt, inputs["price_usd_bbl"], inputs["barrels_per_tonne"])
        out.append({"days": d, "chosen": d == inputs["stop_days"], "lost_mt": lost, "lost_usd_m": value(lost),
                    "bypass_mt": rr["rerouted_mt"], "bypass_usd_m": value(rr["rerouted_mt"]),
                    "stranded_mt": rr["gap_mt"], "stranded_usd_m": value(rr["gap_mt"]),
                    "price_usd_bbl": inputs["price_usd_bbl"], "price_basis": inputs["price_basis"],
                    "scenario_year": inputs["year"], "volume_mt": inputs["volume_mt"]})
    return pd.DataFrame(out)


def scenario_table(inputs: dict, spare_bypass_annual: dict[str, float], grid_days) -> pd.DataFrame:
    """:func:`scenario_rows` for the grid's stoppage lengths and the reader's ``STOP_DAYS`` (once, sorted)."""
    days = sorted(set(float(d) for d in grid_days) | {inputs["stop_days"]})
    return scenario_rows(inputs, spare_bypass_annual, days)


def scenario_curve(inputs: dict, spare_bypass_annual: dict[str, float], step: int = 5) -> pd.DataFrame:
    """:func:`scenario_rows` every ``step`` days from 0 to 365, with the reader's ``STOP_DAYS`` added."""
    days = sorted(set(float(d) for d in range(0, 366, step)) | {365.0, inputs["stop_days"]})
    return scenario_rows(inputs, spare_bypass_annual, days)


# --------------------------------------------------------------------------------------------------------------
# spare capacity of the alternatives

#: alternatives to the CPC: the capacity row (route_capacity) and the flow row (oil_export_routes) they use
ALTERNATIVES = {
    "atyrau_samara": ("atyrau_samara", "atyrau_samara"),
    "kz_china": ("kz_china", "kz_china"),
    "aktau_sea_total": ("aktau_sea_total", "aktau_sea_total"),
}


def latest_capacity(capacity: pd.DataFrame, route: str, not_after: int) -> dict:
    """The latest stated capacity of ``route`` applying from a year not after ``not_after``."""
    rows = capacity[(capacity["route"] == route) & (capacity["as_of"] <= not_after)]
    if rows.empty:
        raise ValueError(f"no capacity for {route} by {not_after}")
    year = int(rows["as_of"].max())
    grp = rows[rows["as_of"] == year]
    if grp["capacity_mt_per_year"].nunique() != 1:
        raise ValueError(f"capacity of {route} in {year}: sources disagree")
    return {"capacity_mt": float(grp["capacity_mt_per_year"].iloc[0]), "as_of": year,
            "source_id": grp["source_id"].iloc[0], "definition": grp["definition"].iloc[0]}


def latest_flow(picked: pd.DataFrame, route: str) -> dict:
    """The most recent cited flow of ``route`` (latest year; in that year the longest period), annualised."""
    rows = picked[(picked["route"] == route) & (picked["period"].isin(PERIOD_MONTHS))]
    if rows.empty:
        raise ValueError(f"no flow for {route}")
    year = int(rows["year"].max())
    grp = rows[rows["year"] == year]
    row = max(grp.itertuples(), key=lambda r: PERIOD_MONTHS[r.period])
    return {"year": year, "period": row.period, "volume_mt": float(row.volume_mt),
            "annualised_mt": annualised(row.volume_mt, row.period), "source_id": row.source_id}


def spare_capacity(capacity: pd.DataFrame, routes: pd.DataFrame, not_after: int) -> pd.DataFrame:
    """For each alternative to the CPC: capacity, latest flow (annualised), spare = capacity - flow (>= 0)."""
    picked = pick_route_rows(routes)
    out = []
    for name, (cap_route, flow_route) in ALTERNATIVES.items():
        cap = latest_capacity(capacity, cap_route, not_after)
        flow = latest_flow(picked, flow_route)
        out.append({"route": name, "crosses_russia": route_class(name), "capacity_mt": cap["capacity_mt"],
                    "capacity_as_of": cap["as_of"], "flow_mt": flow["annualised_mt"], "flow_year": flow["year"],
                    "flow_period": flow["period"], "spare_mt": max(0.0, cap["capacity_mt"] - flow["annualised_mt"]),
                    "capacity_source": cap["source_id"], "flow_source": flow["source_id"]})
    return pd.DataFrame(out)


#: the KazMunayGas companies (``kmg_midstream``) whose volumes already use the capacity of a bypass link
KMG_KCP, KMG_MUNAITAS = "Kazakhstan–China Pipeline", "MunaiTas"


def kmg_latest(kmg: pd.DataFrame, company: str, flow: str, not_after: int) -> dict:
    """The latest volume (Mt a year) of one company and flow in ``kmg_midstream``, in a year not after
    ``not_after``: year, volume_mt, source_id."""
    rows = kmg[(kmg["company"] == company) & (kmg["flow"] == flow) & (kmg["year"] <= not_after)]
    if rows.empty:
        raise ValueError(f"kmg_midstream: no {flow} volume of {company} by {not_after}")
    row = rows.loc[rows["year"].idxmax()]
    return {"year": int(row["year"]), "volume_mt": float(row["volume_kt"]) / 1000.0, "source_id": row["source_id"]}


#: how the prose names a capacity's ``definition`` (``route_capacity``)
CAPACITY_WORDS = {"design": "design capacity", "technical": "technical capacity", "mechanical": "mechanical capacity",
                  "not_stated": "capacity as the operator states it, without saying which kind"}


def bypass_bounds(capacity: pd.DataFrame, routes: pd.DataFrame, kmg: pd.DataFrame, not_after: int) -> pd.DataFrame:
    """The spare capacity of the routes that avoid Russia, net of what already moves on them.

    Rows: ``kz_china`` (the line to China at Alashankou: its capacity less the Kazakh oil it exports and the
    Russian oil it carries in transit to China), ``munaitas`` (the Kenkiyak-Atyrau link through which the western
    fields' oil reaches the China line: its capacity less what it already carries) and ``aktau_sea_total`` (the
    port: capacity less its latest tanker loadings). Each row: capacity_mt, definition, capacity_as_of, kazakh_mt
    (the Kazakh oil exported on it, annualised), other_mt (other volumes already using it: the Russian transit on
    the China line; on MunaiTas its whole volume is counted as the flow), other_what, flow_year, spare_mt
    (capacity less both, at least 0) and the sources."""
    picked = pick_route_rows(routes)
    out = []
    cap = latest_capacity(capacity, "kz_china", not_after)
    kz = latest_flow(picked, "kz_china")
    transit = kmg_latest(kmg, KMG_KCP, "transit", not_after)
    out.append({"route": "kz_china", **_cap(cap), "kazakh_mt": kz["annualised_mt"], "kazakh_year": kz["year"],
                "other_mt": transit["volume_mt"], "other_what": "Russian oil in transit to China",
                "other_year": transit["year"], "flow_source": kz["source_id"], "other_source": transit["source_id"]})
    cap = latest_capacity(capacity, "kcp_kenkiyak_atyrau_munaitas", not_after)
    mt = kmg_latest(kmg, KMG_MUNAITAS, "total", not_after)
    out.append({"route": "munaitas", **_cap(cap), "kazakh_mt": mt["volume_mt"], "kazakh_year": mt["year"],
                "other_mt": 0.0, "other_what": "", "other_year": mt["year"], "flow_source": mt["source_id"],
                "other_source": ""})
    cap = latest_capacity(capacity, "aktau_sea_total", not_after)
    ak = latest_flow(picked, "aktau_sea_total")
    out.append({"route": "aktau_sea_total", **_cap(cap), "kazakh_mt": ak["annualised_mt"], "kazakh_year": ak["year"],
                "other_mt": 0.0, "other_what": "", "other_year": ak["year"], "flow_source": ak["source_id"],
                "other_source": ""})
    frame = pd.DataFrame(out)
    frame["spare_mt"] = (frame["capacity_mt"] - frame["kazakh_mt"] - frame["other_mt"]).clip(lower=0.0)
    return frame


def _cap(cap: dict) -> dict:
    return {"capacity_mt": cap["capacity_mt"], "definition": cap["definition"], "capacity_as_of": cap["as_of"],
            "capacity_source": cap["source_id"]}


def bypass_spare(capacity: pd.DataFrame, routes: pd.DataFrame, kmg: pd.DataFrame, not_after: int) -> dict[str, float]:
    """Net spare capacity a year of the routes that avoid Russia (:func:`bypass_bounds`): the China line, at most
    what is left on the Kenkiyak-Atyrau (MunaiTas) link that brings western oil to it, and the Aktau port."""
    b = bypass_bounds(capacity, routes, kmg, not_after).set_index("route")["spare_mt"]
    return {"kz_china": min(float(b["kz_china"]), float(b["munaitas"])), "aktau_sea_total": float(b["aktau_sea_total"])}


def rerouting(lost_mt: float, spare_annual: dict[str, float], days: float, days_in_year: float = 365.0) -> dict:
    """What a stoppage of ``days`` could move to alternatives with the given spare capacity a year.

    Spare capacity is scaled to the same ``days``; returns the spare over the period, the volume rerouted and the
    gap left (:func:`kzdep.indicators.rerouting_gap_mt`).
    """
    spare_period = {k: max(0.0, v) * days / days_in_year for k, v in spare_annual.items()}
    gap = indicators.rerouting_gap_mt(lost_mt, spare_period)
    return {"spare_mt": sum(spare_period.values()), "rerouted_mt": lost_mt - gap, "gap_mt": gap}


# --------------------------------------------------------------------------------------------------------------
# gas: the other pipeline dependence

#: how the Energy Institute names the countries of Kazakhstan's gas pipeline trade
EI_RUSSIA, EI_CHINA = "Russian Federation", "China"


def gas_trade(trade: pd.DataFrame, edition: str = MAIN_EDITION) -> dict[str, float]:
    """Kazakhstan's pipeline gas trade in the one year of an edition's matrix (bcm): exports to China and to
    Russia, all pipeline exports, imports from Russia and all pipeline imports (the matrix's totals), and Russia's
    share of the exports (percent). Keys also: year, source_id."""
    rows = edition_rows(trade, edition)
    one_edition(rows, f"gas pipeline trade, {EDITIONS[edition]}")
    years = rows["year"].unique()
    if len(years) != 1:
        raise EditionError(f"gas_pipeline_trade_ei {EDITION_SOURCE[edition]}: expected one year, found {list(years)}")
    out_ = rows[(rows["exporter"] == "Kazakhstan") & (rows["importer_kind"] == "country")].set_index("importer")
    in_ = rows[(rows["importer"] == "Kazakhstan") & (rows["exporter_kind"] == "country")].set_index("exporter")
    exports = float(rows.loc[(rows["exporter"] == "Kazakhstan") & (rows["importer"] == "World"), "volume_bcm"].sum())
    imports = float(rows.loc[(rows["importer"] == "Kazakhstan") & (rows["exporter"] == "World"), "volume_bcm"].sum())
    if exports <= 0:
        raise ValueError(f"gas_pipeline_trade_ei {EDITION_SOURCE[edition]}: no Kazakh pipeline exports")
    to_russia = float(out_["volume_bcm"].get(EI_RUSSIA, 0.0))
    return {"year": int(years[0]), "source_id": EDITION_SOURCE[edition],
            "to_china": float(out_["volume_bcm"].get(EI_CHINA, 0.0)), "to_russia": to_russia,
            "exports": exports, "from_russia": float(in_["volume_bcm"].get(EI_RUSSIA, 0.0)), "imports": imports,
            "russia_share_of_exports_pct": indicators.share_pct(to_russia, exports)}


def kazakh_gas_trade_rows(trade: pd.DataFrame, edition: str = MAIN_EDITION) -> pd.DataFrame:
    """The cells of one edition's pipeline matrix between Kazakhstan and a country (zeros kept: the matrix states
    them)."""
    rows = edition_rows(trade, edition)
    kz = ((rows["exporter"] == "Kazakhstan") & (rows["importer_kind"] == "country")) | \
         ((rows["importer"] == "Kazakhstan") & (rows["exporter_kind"] == "country"))
    return rows[kz & ~((rows["exporter"] == "Kazakhstan") & (rows["importer"] == "Kazakhstan"))].reset_index(drop=True)


def gas_balance(gas: pd.DataFrame, edition: str = MAIN_EDITION) -> pd.DataFrame:
    """Production, consumption and the surplus (production - consumption) by year, bcm, from one edition."""
    frame = edition_rows(gas, edition)[["year", "production_bcm", "consumption_bcm", "source_id"]].copy()
    one_edition(frame, f"gas, {EDITIONS[edition]}")
    frame["surplus_bcm"] = frame["production_bcm"] - frame["consumption_bcm"]
    return frame


# --------------------------------------------------------------------------------------------------------------
# map geometry

def endpoints(pipelines: dict) -> dict[str, dict[str, tuple[float, float]]]:
    """First and last vertex (lon, lat) of each GEM project: {project_id: {'first': .., 'last': ..}}."""
    out = {}
    for feat in pipelines["features"]:
        parts = maps.line_parts(feat)
        out[feat["properties"]["project_id"]] = {"first": tuple(parts[0][0]), "last": tuple(parts[-1][-1])}
    return out


#: GEM project -> the export route it belongs to on the map ('feeder': a domestic line to a terminal)
GEM_ROUTE = {
    "P0646": "cpc",                # Caspian Pipeline: Tengiz -> Novorossiysk
    "P0649": "atyrau_samara",      # Uzen-Atyrau-Samara
    "P5198": "kz_china",           # Kenkiyak-Atyrau (MunaiTas): links the western fields to the China line
    "P5197": "kz_china",           # Kazakhstan-China, Kenkiyak-Kumkol
    "P5201": "kz_china",           # Kumkol-Karakoin
    "P0648": "kz_china",           # Kazakhstan-China, Atasu-Alashankou
    "P0644": "aktau_btc",          # Baku-Tbilisi-Ceyhan
    "P0645": "aktau_makhachkala",  # Baku-Novorossiysk: its Russian section carries the Makhachkala barrels
    "P5193": "feeder",             # Kalamkas-Karazhanbas-Aktau
    "P5194": "feeder",             # Ozen-Zhetybay-Aktau
    "P5202": "feeder",             # Karachaganak-Atyrau
}


def map_route(project_id: str) -> str:
    """The export route a GEM pipeline belongs to (see :data:`GEM_ROUTE`)."""
    if project_id not in GEM_ROUTE:
        raise KeyError(f"GEM project {project_id!r} has no route assigned")
    return GEM_ROUTE[project_id]


# --------------------------------------------------------------------------------------------------------------
# the contract with the summary chapter

def _tier(source_id: str) -> str:
    from kzdep import data

    return data.tier(source_id)


def yearly_indicators() -> pd.DataFrame:
    """The pipelines lever's indicators by year (see the contract in the summary chapter's brief).

    ``oil_exports_via_russia_share``: percent of exports on routes known to cross Russia (CPC, Atyrau-Samara, and
    Aktau-Makhachkala where the Aktau total is split), full-year splits only, a lower bound;
    ``oil_exports_via_russia_share_max`` adds the exports whose route the sources do not split;
    ``cpc_share_of_exports``; ``oil_production_mt`` (the Energy Institute's 2026 edition only: one edition per
    series, never joined to official figures); ``oil_exports_mt`` (official);
    ``gas_pipeline_exports_to_russia_share`` (the 2026 edition's matrix, one year). The route shares are snapshots
    of separate periods (the note says so), not a yearly series.
    """
    from kzdep import data

    routes = data.load("oil_export_routes")
    picked = pick_route_rows(routes)
    rows = []
    summary = split_summary(routes)
    for rec in summary[summary["period"] == "full_year"].itertuples():
        cpc_src = picked[(picked.year == rec.year) & (picked.period == "full_year") & (picked.route == "cpc")]
        sid = cpc_src["source_id"].iloc[0]
        note = f"lower bound; snapshot of one year, not a series; whole = {rec.basis}"
        rows.append(("oil_exports_via_russia_share", "Oil exports on routes crossing Russia, share (at least)",
                     rec.year, rec.russia_low_pct, "percent", 1, sid, "route-split", note))
        rows.append(("oil_exports_via_russia_share_max", "Oil exports crossing Russia or unsplit, share (at most)",
                     rec.year, rec.russia_high_pct, "percent", 1, sid, "route-split",
                     f"upper bound; snapshot of one year, not a series; whole = {rec.basis}"))
    for rec in cpc_share_of_exports(routes).itertuples():
        rows.append(("cpc_share_of_exports", "CPC share of oil exports", rec.year, rec.cpc_share_pct, "percent", 1,
                     rec.cpc_source, "official-statements", ""))
    # one edition per series (never an edition joined to official figures): production from the edition of record
    ei = edition_rows(data.load("oil_ei"), MAIN_EDITION)
    one_edition(ei, "oil_production_mt")
    for rec in ei.itertuples():
        rows.append(("oil_production_mt", "Oil production", rec.year, rec.production_mt, "Mt", 0, rec.source_id,
                     MAIN_EDITION, "incl. NGLs"))
    official = data.load("oil_official")
    exp = official_series(official, "exports")
    src = official[official["measure"] == "exports"].groupby("year")["source_id"].first()
    for year, value in exp.items():
        rows.append(("oil_exports_mt", "Oil exports", int(year), float(value), "Mt", 0, src[year], "official", ""))
    # the edition of record's matrix only: each edition's matrix is one year, so two editions would make a splice
    gt = gas_trade(data.load("gas_pipeline_trade_ei"), MAIN_EDITION)
    rows.append(("gas_pipeline_exports_to_russia_share", "Gas pipeline exports to Russia, share", gt["year"],
                 gt["russia_share_of_exports_pct"], "percent", 1, gt["source_id"], MAIN_EDITION, ""))
    frame = pd.DataFrame(rows, columns=["indicator", "label", "year", "value", "unit", "direction", "source_id",
                                        "series", "note"])
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    frame.insert(0, "lever", "pipelines")
    frame["tier"] = [_tier(s) for s in frame["source_id"]]
    return frame[["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                  "series", "note"]]


#: the scenario the summary quotes: the chapter's defaults (the chapter itself follows its parameter cell)
DEFAULT_STOP_DAYS = 30


def findings() -> dict[str, str]:
    """Formatted numbers for prose (name -> text): the latest route split, production, gas and the default
    scenario (:data:`DEFAULT_STOP_DAYS`, published price of the volume's year)."""
    from kzdep import data, text

    routes = data.load("oil_export_routes")
    summary = split_summary(routes)
    full = summary[summary["period"] == "full_year"].set_index("year")
    last = int(full.index.max())
    ei = edition_rows(data.load("oil_ei"), MAIN_EDITION).set_index("year")
    ei_last = int(ei.index.max())
    params, loadings, official = data.load("parameters"), data.load("cpc_loadings"), data.load("oil_official")
    scen = scenario_inputs(params, loadings, official, DEFAULT_STOP_DAYS)
    spare = bypass_spare(data.load("route_capacity"), routes, data.load("kmg_midstream"), scen["year"])
    row = scenario_table(scen, spare, []).iloc[0]
    gt = gas_trade(data.load("gas_pipeline_trade_ei"))
    return {
        "plf_split_year": str(last),
        "plf_cpc_share": text.percent(full.loc[last, "cpc_pct"]),
        "plf_russia_low": text.percent(full.loc[last, "russia_low_pct"]),
        "plf_russia_high": text.percent(full.loc[last, "russia_high_pct"]),
        "plf_bypass": text.percent(full.loc[last, "bypass_pct"]),
        "plf_prod_year": str(ei_last),
        "plf_prod": text.number(ei.loc[ei_last, "production_mt"]),
        "plf_scen_days": text.integer(DEFAULT_STOP_DAYS),
        "plf_scen_year": str(scen["year"]),
        "plf_scen_price": text.number(scen["price_usd_bbl"]),
        "plf_scen_lost_mt": text.number(row["lost_mt"], 2),
        "plf_scen_lost_usd": text.money_bn(row["lost_usd_m"]),
        "plf_scen_stranded_share": text.percent(indicators.share_pct(row["stranded_mt"], row["lost_mt"])),
        "plf_gas_russia_share": text.percent(gt["russia_share_of_exports_pct"]),
        "plf_gas_year": str(gt["year"]),
    }


# --------------------------------------------------------------------------------------------------------------
# the chapter's numbers: formatted here, glued in the chapter with one text.glue_all call per section

def _chapter_frames() -> dict:
    """The data the chapter's findings read (each through :func:`kzdep.data.load`, which caches)."""
    from kzdep import data

    routes = data.load("oil_export_routes")
    return {"routes": routes, "picked": pick_route_rows(routes), "summary": split_summary(routes),
            "params": data.load("parameters"), "loadings": data.load("cpc_loadings"),
            "capacity": data.load("route_capacity"), "stoppages": data.load("cpc_stoppages"),
            "official": data.load("oil_official"), "events": data.load("events"),
            "kmg": data.load("kmg_midstream")}


def _list_and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1]


def route_findings() -> dict[str, str]:
    """The route splits (shares, HHI, equivalent routes, how the splits close), the CPC's share of exports and the
    number of lines on the map: the numbers of the chapter's opening and of "How much goes through Russia?"."""
    from kzdep import data, text

    f = _chapter_frames()
    routes, picked, summary = f["routes"], f["picked"], f["summary"]
    cpc_share = cpc_share_of_exports(routes).set_index("year")
    s = summary.set_index("year")
    first_year, last_full = int(summary["year"].min()), 2022
    last_split = int(summary.loc[summary["period"] == "full_year", "year"].max())
    last_cpc_year = int(cpc_share.index.max())
    last_year = int(summary["year"].max())
    split_years = set(summary.loc[summary["period"] == "full_year", "year"])
    no_split = [y for y in range(first_year, last_year + 1) if y not in split_years]
    shares_first = route_shares(picked, first_year).set_index("route")["share_pct"]
    cpc22 = routes[(routes.year == 2022) & (routes.route == "cpc")].set_index("source_id")["volume_mt"]
    status = split_status(routes)
    closes = status[status["status"] == "closes"]
    incomplete = status[(status["status"] == "incomplete") & status["total_mt"].notna()]
    st23 = status.set_index(["year", "period"]).loc[(2023, "full_year")]
    cpc_2023 = picked.set_index(["year", "period", "route"]).loc[(2023, "full_year", "cpc"), "volume_mt"]
    return {
        "pl_first_split_year": str(first_year),
        "pl_cpc_share_first": text.percent(s.loc[first_year, "cpc_pct"]),
        "pl_cpc_share_2022": text.percent(s.loc[last_full, "cpc_pct"]),
        "pl_russia_low_2022": text.percent(s.loc[last_full, "russia_low_pct"]),
        "pl_russia_high_2022": text.percent(s.loc[last_full, "russia_high_pct"]),
        "pl_bypass_2022": text.percent(s.loc[last_full, "bypass_pct"]),
        "pl_last_split_year": str(last_split),
        "pl_cpc_share_last_split": text.percent(s.loc[last_split, "cpc_pct"]),
        "pl_hhi_first": text.integer(s.loc[first_year, "hhi"]),
        "pl_hhi_2022": text.integer(s.loc[last_full, "hhi"]),
        "pl_eq_first": text.number(s.loc[first_year, "equivalent_routes"]),
        "pl_eq_2022": text.number(s.loc[last_full, "equivalent_routes"]),
        "pl_cpc_share_last_year": str(last_cpc_year),
        "pl_cpc_share_last": text.percent(cpc_share.loc[last_cpc_year, "cpc_share_pct"]),
        "pl_n_splits": text.integer(len(summary)),
        "pl_split_periods": _list_and([period_label(y, p) for y, p in zip(summary["year"], summary["period"])]),
        "pl_n_years_no_split": text.integer(len(no_split)),
        "pl_years_span": f"{first_year}–{last_year}",
        "pl_n_years_span": text.integer(last_year - first_year + 1),
        "pl_as_share_first": text.percent(shares_first["atyrau_samara"]),
        "pl_cpc22_primary": text.number(cpc22["zonebourse-reuters-2023-cpc-2022"]),
        "pl_cpc22_rounded": text.number(cpc22["lkyspp-2025-diversifying"], 0),
        "pl_split_tol": text.percent(SPLIT_TOLERANCE_PCT, 0),
        "pl_split_gaps": ", ".join(f"{text.percent(g)} ({period_label(y, p)})"
                                   for y, p, g in zip(closes["year"], closes["period"], closes["gap_pct"])),
        "pl_incomplete_years": "; ".join(f"{y} (no {', '.join(ROUTE_LABELS[r] for r in m.split(', '))} figure)"
                                         for y, m in zip(incomplete["year"], incomplete["missing"])),
        "pl_missing_2024": missing_in_year(routes, 2024),
        "pl_routes_2023": text.number(st23["routes_mt"]),
        "pl_exp_2023": text.number(st23["total_mt"]),
        "pl_gap_2023": text.number(st23["total_mt"] - st23["routes_mt"]),
        "pl_cpc_2023_routes": text.number(cpc_2023, 0),
        "pl_map_n_lines": text.integer(len(data.geojson("pipelines")["features"])),
        "pl_cpc_2021": text.number(cpc_share.loc[2021, "cpc_mt"]),
        "pl_cpc_share_2021": text.percent(cpc_share.loc[2021, "cpc_share_pct"]),
        "pl_cpc_2022": text.number(cpc_share.loc[2022, "cpc_mt"]),
        "pl_exp_2022": text.number(cpc_share.loc[2022, "exports_mt"]),
        "pl_cpc_last": text.number(cpc_share.loc[last_cpc_year, "cpc_mt"]),
        "pl_exp_cpc_last": text.number(cpc_share.loc[last_cpc_year, "exports_mt"]),
    }


def edition_row_sources(editions: pd.DataFrame, table: pd.DataFrame) -> list[list[str]]:
    """For each row of :func:`edition_table`: the sources of the values it holds (each edition with a value, and
    the official figure's own source)."""
    off = editions[editions["series"] == "official"].set_index("year")["source_id"]
    out = []
    for rec in table.to_dict("records"):
        ids = [EDITION_SOURCE[e] for e in EDITION_SOURCE if pd.notna(rec.get(e))]
        if pd.notna(rec.get("official", float("nan"))):
            ids.append(off[rec["year"]])
        out.append(ids)
    return out


#: the years of the chapter's table of what each edition says
EDITION_TABLE_YEARS = (2019, 2025)


def production_findings() -> dict[str, str]:
    """Production and consumption in the edition of record (Energy Institute 2026), what the earlier editions
    (Energy Institute 2024, BP 2021) and the official figures say for the same years, and the stated export
    totals."""
    from kzdep import data, text

    official = data.load("oil_official")
    eds = oil_editions(data.load("oil_ei"), data.load("oil_bp"), official)
    ei = eds[eds["series"] == MAIN_EDITION].set_index("year")
    ei_last = int(ei.index.max())
    off = eds[eds["series"] == "official"].set_index("year")
    off_last = int(off.index.max())
    rev_prod = edition_revision(eds, "production_mt", 2019)
    rev_cons = edition_revision(eds, "consumption_mt", 2019)
    both = eds[eds["series"].isin([MAIN_EDITION, "ei-2024"])].pivot(index="year", columns="series",
                                                                   values="consumption_mt").dropna()
    last_both = int(both.index.max())
    rev_ei = edition_revision(eds, "consumption_mt", last_both, MAIN_EDITION, "ei-2024")
    exports = official_series(official, "exports")
    first_exp_year, last_exp_year = int(exports.index.min()), int(exports.index.max())
    prod = eds[eds["series"].isin([MAIN_EDITION, "ei-2024"])].pivot(index="year", columns="series",
                                                                   values="production_mt").dropna()
    prod_diff = (prod[MAIN_EDITION] - prod["ei-2024"]).abs().max()
    return {
        "pl_prod_ei_maxdiff": text.number(prod_diff, 3),
        "pl_ei_last": str(ei_last),
        "pl_ei_last_prev": str(ei_last - 1),
        "pl_ei24_last": str(last_both),
        "pl_bp_last": str(int(data.load("oil_bp")["year"].max())),
        "pl_prod_1999": text.number(ei.loc[1999, "production_mt"]),
        "pl_prod_ei_last": text.number(ei.loc[ei_last, "production_mt"]),
        "pl_prod_ei_prev": text.number(ei.loc[ei_last - 1, "production_mt"]),
        "pl_prod_growth_last": text.percent(100.0 * (ei.loc[ei_last, "production_mt"]
                                                     / ei.loc[ei_last - 1, "production_mt"] - 1)),
        "pl_off_last_year": str(off_last),
        "pl_prod_off_last": text.number(off.loc[off_last, "production_mt"]),
        "pl_prod_ei_off_last": text.number(ei.loc[off_last, "production_mt"], 2),
        "pl_prod_rev_2019": text.percent(abs(rev_prod["revision_pct"]), 2),
        "pl_cons_ei_2019": text.number(rev_cons["new"], 2),
        "pl_cons_bp_2019": text.number(rev_cons["old"], 2),
        "pl_cons_rev_2019": text.percent(abs(rev_cons["revision_pct"])),
        "pl_cons_ei26_both": text.number(rev_ei["new"], 2),
        "pl_cons_ei24_both": text.number(rev_ei["old"], 2),
        "pl_cons_ei_last": text.number(ei.loc[ei_last, "consumption_mt"]),
        "pl_table_years": f"{EDITION_TABLE_YEARS[0]}–{EDITION_TABLE_YEARS[1]}",
        "pl_exp_first_year": str(first_exp_year),
        "pl_exp_first": text.number(exports[first_exp_year]),
        "pl_exp_last_year": str(last_exp_year),
        "pl_exp_last": text.number(exports[last_exp_year]),
        "pl_n_exp_years": text.integer(len(exports)),
        "pl_exp_2021": text.number(exports[2021]),
        "pl_exp_prelim_years": year_ranges(preliminary_years(official, "exports")),
    }


def cpc_findings() -> dict[str, str]:
    """CPC loadings (sparse years, the cumulative check, derived and forecast values), the CPC's first capacity and
    mechanical capacity, and the count of its reported incidents. The capacities that depend on the scenario year
    are in :func:`scenario_findings`."""
    from kzdep import text

    f = _chapter_frames()
    loadings, capacity = f["loadings"], f["capacity"]
    points = loadings_points(loadings)
    tot = points[points["measure"] == "total_loadings"].set_index("year")
    kz = points[points["measure"] == "kazakh_oil"].set_index("year")
    derived = points[(points["basis"] == "derived") & (points["measure"] != "kazakh_fields_intake")]
    fc = loadings[loadings["basis"] == "forecast"].set_index(["year", "measure"])["value_mt"]
    cap_steps = capacity[capacity["route"] == "cpc"].groupby("as_of")["capacity_mt_per_year"].max()
    mech = capacity[(capacity.route == "cpc") & (capacity.definition == "mechanical")]["capacity_mt_per_year"]
    rep = representative_stoppages(f["stoppages"])
    real = rep[rep["interruption"]]
    with_days = real.dropna(subset=["days"])
    cum = cumulative_check(loadings, f["params"])
    return {
        "pl_cum_mt": text.integer(cum["cumulative_mt"]),
        "pl_cum_date": f"{cum['end'].day} {cum['end']:%B %Y}",
        "pl_cum_first": cum["parameter"][len(CUMULATIVE_PREFIX):].split("_")[0],
        "pl_cum_last_full": str(cum["end"].year - 1),
        "pl_cum_part_year": str(cum["part_year"]),
        "pl_cum_n_known": text.integer(cum["n_known"]),
        "pl_cum_known": text.number(cum["known_mt"], 0),
        "pl_cum_known_share": text.percent(indicators.share_pct(cum["known_mt"], cum["cumulative_mt"])),
        "pl_cum_residual": text.number(cum["residual_mt"], 0),
        "pl_cum_residual_share": text.percent(indicators.share_pct(cum["residual_mt"], cum["cumulative_mt"])),
        "pl_cum_n_missing": text.integer(cum["n_missing"]),
        "pl_cum_missing_years": year_ranges(cum["years_missing"]),
        "pl_cum_mean": text.number(cum["residual_mean_mt"], 0),
        "pl_cum_record": text.number(cum["record_mt"]),
        "pl_cum_tol": text.percent(CUMULATIVE_TOLERANCE_PCT, 0),
        "pl_n_load_years": text.integer(points.loc[points["measure"] != "kazakh_fields_intake", "year"].nunique()),
        "pl_derived_years": "; ".join(f"{'total loadings' if m == 'total_loadings' else 'Kazakh oil'} {y}"
                                      for y, m in zip(derived["year"], derived["measure"])),
        "pl_fc_2025": text.number(fc[(2025, "kazakh_oil")], 0),
        "pl_kz_2025": text.number(kz.loc[2025, "value_mt"]),
        "pl_kz_2009": text.number(kz.loc[2009, "value_mt"]),
        "pl_tot_2010": text.number(tot.loc[2010, "value_mt"], 0),
        "pl_cpc_mech": text.number(mech.iloc[0], 0),
        "pl_load_2018": text.number(tot.loc[2018, "value_mt"]),
        "pl_load_last_year": str(int(tot.index.max())),
        "pl_load_last": text.number(tot.loc[tot.index.max(), "value_mt"]),
        "pl_load_2022": text.number(tot.loc[2022, "value_mt"]),
        "pl_kz_share_load_2022": text.percent(indicators.share_pct(kz.loc[2022, "value_mt"],
                                                                   tot.loc[2022, "value_mt"])),
        "pl_cap_2004": text.number(cap_steps.min()),
        "pl_n_events": text.integer(len(rep)),
        "pl_n_interruptions": text.integer(len(real)),
        "pl_n_with_end": text.integer(len(with_days)),
        "pl_n_open": text.integer(int(real["end"].isna().sum())),
        "pl_max_days": text.integer(with_days["days"].max()),
        "pl_n_2025": text.integer(int((pd.to_datetime(real["start"]).dt.year == 2025).sum())),
    }


def transcaspian_findings() -> dict[str, str]:
    """The trans-Caspian target (date, size), Aktau's tanker shipments and the Kazakh oil sent on through the BTC
    line, and the KazMunayGas-SOCAR agreement."""
    from kzdep import text

    f = _chapter_frames()
    params, picked, routes, events = f["params"], f["picked"], f["routes"], f["events"]
    target_rows = params[params["parameter"] == "tokayev_transcaspian_oil_target"]
    target_mt = float(target_rows["value"].iloc[0])
    target_event = events[events["event"].str.contains("Tokayev") & events["event"].str.contains("20 Mt")].iloc[0]
    target_date = _dt.date.fromisoformat(target_event["date"])
    aktau = picked[picked["route"].isin(["aktau_btc", "aktau_sea_total"]) & picked["period"].isin(PERIOD_MONTHS)]
    btc = aktau[aktau["route"] == "aktau_btc"].set_index(["year", "period"])["volume_mt"]
    aktau_tot = aktau[aktau["route"] == "aktau_sea_total"].set_index(["year", "period"])["volume_mt"]
    btc_alt = routes[(routes.year == 2023) & (routes.route == "aktau_btc")
                     & (routes.source_id == "todayaz-2024-aktau-btc")]["volume_mt"].iloc[0]
    makh = picked[(picked.year == 2023) & (picked.route == "aktau_makhachkala")]["volume_mt"].iloc[0]
    return {
        "pl_target": text.number(target_mt, 0),
        "pl_target_date": f"{target_date.day} {target_date:%B %Y}",
        "pl_btc_2022": text.number(btc[(2022, "full_year")], 2),
        "pl_btc_2023": text.number(btc[(2023, "full_year")], 3),
        "pl_btc_2023_alt": text.number(btc_alt, 3),
        "pl_btc_2023_share_target": text.percent(indicators.share_pct(btc[(2023, "full_year")], target_mt)),
        "pl_btc_2025_part": text.number(btc[(2025, "jan_aug")], 3),
        "pl_aktau_2022": text.number(aktau_tot[(2022, "full_year")], 0),
        "pl_aktau_2023": text.number(aktau_tot[(2023, "full_year")], 3),
        "pl_aktau_2009": text.number(aktau_tot[(2009, "full_year")]),
        "pl_makh_2023": text.number(makh, 3),
        "pl_kmg_socar": text.number(parameter(params, "kmg_socar_btc_agreement", 2022), 1),
    }


def _direction_words(old: dict, new: dict) -> str:
    """How Kazakhstan's pipeline gas trade with Russia moved between two snapshots, in words ('imports from
    Russia up and exports to it gone')."""
    imp = "up" if new["from_russia"] > old["from_russia"] else "down" if new["from_russia"] < old["from_russia"] \
        else "unchanged"
    if new["to_russia"] == 0 and old["to_russia"] > 0:
        exp = "gone"
    else:
        exp = "up" if new["to_russia"] > old["to_russia"] else "down" if new["to_russia"] < old["to_russia"] \
            else "unchanged"
    return f"imports from Russia {imp} and exports to it {exp}"


def gas_findings() -> dict[str, str]:
    """Gas production and consumption and pipeline trade in the edition of record (2026: the matrix is 2025), the
    2024 edition's matrix (2023) beside it, Karachaganak's gas processed at Orenburg and the transit of Russian
    gas to Uzbekistan."""
    from kzdep import data, text

    gas = gas_balance(data.load("gas_ei")).set_index("year")
    trade = data.load("gas_pipeline_trade_ei")
    gt = gas_trade(trade, MAIN_EDITION)
    old = gas_trade(trade, "ei-2024")
    gas_last = int(gas.index.max())
    params = data.load("parameters")
    transit = params[params["parameter"] == "cac_russian_gas_transit_to_uzbekistan"].set_index("year")
    karach = params[params["parameter"] == "karachaganak_gas_to_orenburg"].iloc[0]
    return {
        "pl_gas_last": str(gas_last),
        "pl_gas_prod": text.number(gas.loc[gas_last, "production_bcm"]),
        "pl_gas_cons": text.number(gas.loc[gas_last, "consumption_bcm"]),
        "pl_gas_prod_2000": text.number(gas.loc[2000, "production_bcm"]),
        "pl_gas_trade_year": str(gt["year"]),
        "pl_gas_to_china": text.number(gt["to_china"], 2),
        "pl_gas_to_russia": text.number(gt["to_russia"], 2),
        "pl_gas_from_russia": text.number(gt["from_russia"], 2),
        "pl_gas_imports": text.number(gt["imports"], 2),
        "pl_gas_russia_share": text.percent(gt["russia_share_of_exports_pct"]),
        "pl_gas_old_year": str(old["year"]),
        "pl_gas_old_to_russia": text.number(old["to_russia"], 2),
        "pl_gas_old_russia_share": text.percent(old["russia_share_of_exports_pct"]),
        "pl_gas_old_from_russia": text.number(old["from_russia"], 2),
        "pl_gas_direction": _direction_words(old, gt),
        "pl_karach": text.number(karach["value"], 0),
        "pl_karach_year": str(int(karach["year"])),
        "pl_transit_2023": text.number(transit.loc[2023, "value"], 2),
        "pl_transit_2024": text.number(transit.loc[2024, "value"], 1),
        "pl_transit_2025_plan": text.number(transit.loc[2025, "value"], 1),
        "pl_transit_vs_exports": text.number(transit.loc[2024, "value"] / gt["exports"], 1),
    }


def kmg_table(kmg: pd.DataFrame) -> pd.DataFrame:
    """KazMunayGas's midstream volumes as a table: one row per company and flow (total first), one column per year,
    million tonnes. Columns: company, flow, then the years."""
    order = {"total": 0, "export": 1, "transit": 2, "domestic": 3}
    wide = kmg.assign(volume_mt=kmg["volume_kt"] / 1000.0).pivot_table(
        index=["company", "flow"], columns="year", values="volume_mt", aggfunc="first").reset_index()
    wide["_c"] = wide["company"].map({c: i for i, c in enumerate(dict.fromkeys(kmg["company"]))})
    wide["_f"] = wide["flow"].map(order)
    wide = wide.sort_values(["_c", "_f"]).drop(columns=["_c", "_f"]).reset_index(drop=True)
    wide.columns = [str(c) for c in wide.columns]
    return wide


def kmg_findings() -> dict[str, str]:
    """The midstream volumes KazMunayGas reports for its latest year (million tonnes)."""
    from kzdep import data, text

    kmg = data.load("kmg_midstream")
    last = int(kmg["year"].max())
    v = kmg[kmg["year"] == last].set_index(["company", "flow"])["volume_kt"] / 1000.0
    return {
        "pl_kmg_year": str(last),
        "pl_kmg_first_year": str(int(kmg["year"].min())),
        "pl_kto_total": text.number(v[("KazTransOil", "total")]),
        "pl_kto_export": text.number(v[("KazTransOil", "export")]),
        "pl_kto_transit": text.number(v[("KazTransOil", "transit")]),
        "pl_kto_domestic": text.number(v[("KazTransOil", "domestic")]),
        "pl_kcpco_total": text.number(v[(KMG_KCP, "total")]),
        "pl_kcpco_export": text.number(v[(KMG_KCP, "export")]),
        "pl_kcpco_transit": text.number(v[(KMG_KCP, "transit")]),
        "pl_kcpco_domestic": text.number(v[(KMG_KCP, "domestic")]),
    }


def chapter_findings() -> dict[str, str]:
    """Every number of the pipelines chapter that does not follow the reader's scenario parameters."""
    return {**findings(), **route_findings(), **production_findings(), **cpc_findings(),
            **transcaspian_findings(), **gas_findings(), **kmg_findings()}


def scenario_findings(stop_days=DEFAULT_STOP_DAYS, price=None, year=None) -> dict[str, str]:
    """The numbers that follow the reader's scenario parameters (``STOP_DAYS``, ``OIL_PRICE_USD_BBL``,
    ``SCENARIO_YEAR``): volume and value held back, what the routes avoiding Russia could take, the capacities
    stated by the scenario year; and the spread of the published Brent averages the price is taken from."""
    from kzdep import text

    f = _chapter_frames()
    params, capacity, routes = f["params"], f["capacity"], f["routes"]
    scen = scenario_inputs(params, f["loadings"], f["official"], stop_days, price, year)
    scenario_year, price_, bpt, cpc_volume = (scen["year"], scen["price_usd_bbl"], scen["barrels_per_tonne"],
                                              scen["volume_mt"])
    exports = scen["exports_mt"]
    lost_mt = indicators.lost_volume_mt(cpc_volume, stop_days)
    lost_usd_m = indicators.revenue_usd_m(lost_mt, price_, bpt)
    annual_value_usd_m = indicators.revenue_usd_m(exports, price_, bpt)
    sp = spare_capacity(capacity, routes, not_after=scenario_year).set_index("route")
    spare_all = dict(zip(sp.index, sp["spare_mt"]))
    bounds = bypass_bounds(capacity, routes, f["kmg"], scenario_year).set_index("route")
    spare_bypass = bypass_spare(capacity, routes, f["kmg"], scenario_year)
    rr_all = rerouting(lost_mt, spare_all, stop_days)
    rr_bypass = rerouting(lost_mt, spare_bypass, stop_days)
    brent = params[params["parameter"] == "brent_annual_avg"]
    brent_spread = brent.groupby("year")["value"].agg(lambda v: v.max() - v.min())
    btc_cap = latest_capacity(capacity, "btc", scenario_year)
    cap_now = latest_capacity(capacity, "cpc", scenario_year)
    return {
        "pl_brent_spread": text.number(brent_spread.max(), 2),
        "pl_stop_days": text.integer(stop_days),
        "pl_price": text.number(price_),
        "pl_price_words": price_words(scen),
        "pl_price_published": text.number(scen["published_price_usd_bbl"]),
        "pl_bpt": text.number(bpt, 2),
        "pl_cpc_volume": text.number(cpc_volume),
        "pl_scenario_year": str(scenario_year),
        "pl_exports_scenario": text.number(exports),
        "pl_lost_mt": text.number(lost_mt, 2),
        "pl_lost_usd": text.money_bn(lost_usd_m),
        "pl_lost_share": text.percent(indicators.share_pct(lost_mt, exports)),
        "pl_lost_value_share": text.percent(indicators.share_pct(lost_usd_m, annual_value_usd_m)),
        "pl_annual_value": text.money_bn(annual_value_usd_m),
        "pl_cpc_share_scenario": text.percent(indicators.share_pct(cpc_volume, exports)),
        "pl_gap_all_share": text.percent(indicators.share_pct(rr_all["gap_mt"], lost_mt)),
        "pl_gap_bypass_share": text.percent(indicators.share_pct(rr_bypass["gap_mt"], lost_mt)),
        "pl_rerouted_bypass_share": text.percent(indicators.share_pct(rr_bypass["rerouted_mt"], lost_mt)),
        "pl_btc_cap_tech": text.number(btc_cap["capacity_mt"]),
        "pl_btc_cap_year": str(btc_cap["as_of"]),
        "pl_cap_now": text.number(cap_now["capacity_mt"]),
        "pl_cap_now_year": str(cap_now["as_of"]),
        "pl_spare_as": text.number(sp.loc["atyrau_samara", "spare_mt"]),
        "pl_spare_kcp": text.number(sp.loc["kz_china", "spare_mt"]),
        "pl_spare_aktau": text.number(sp.loc["aktau_sea_total", "spare_mt"]),
        "pl_spare_total": text.number(sp["spare_mt"].sum()),
        "pl_munaitas": text.number(latest_capacity(capacity, "kcp_kenkiyak_atyrau_munaitas",
                                                   scenario_year)["capacity_mt"]),
        "pl_spare_bypass": text.number(sum(spare_bypass.values())),
        "pl_cap_kcp": text.number(bounds.loc["kz_china", "capacity_mt"], 0),
        "pl_kcp_cap_def": CAPACITY_WORDS[bounds.loc["kz_china", "definition"]],
        "pl_kcp_kazakh": text.number(bounds.loc["kz_china", "kazakh_mt"]),
        "pl_kcp_kazakh_year": str(int(bounds.loc["kz_china", "kazakh_year"])),
        "pl_kcp_transit": text.number(bounds.loc["kz_china", "other_mt"], 2),
        "pl_kcp_transit_year": str(int(bounds.loc["kz_china", "other_year"])),
        "pl_kcp_net": text.number(bounds.loc["kz_china", "spare_mt"]),
        "pl_munaitas_flow": text.number(bounds.loc["munaitas", "kazakh_mt"], 2),
        "pl_munaitas_year": str(int(bounds.loc["munaitas", "kazakh_year"])),
        "pl_munaitas_spare": text.number(bounds.loc["munaitas", "spare_mt"], 2),
        "pl_aktau_flow": text.number(bounds.loc["aktau_sea_total", "kazakh_mt"]),
        "pl_aktau_flow_year": str(int(bounds.loc["aktau_sea_total", "kazakh_year"])),
        "pl_aktau_spare": text.number(bounds.loc["aktau_sea_total", "spare_mt"]),
        "pl_rerouted_all": text.number(rr_all["rerouted_mt"], 2),
        "pl_gap_all": text.number(rr_all["gap_mt"], 2),
        "pl_rerouted_bypass": text.number(rr_bypass["rerouted_mt"], 2),
        "pl_gap_bypass": text.number(rr_bypass["gap_mt"], 2),
        "pl_cap_aktau": text.number(sp.loc["aktau_sea_total", "capacity_mt"]),
        "pl_btc_design": text.number(latest_capacity(capacity, "btc", 2008)["capacity_mt"], 0),
        "pl_btc_bbl": text.number(parameter(params, "btc_capacity_bbl_per_day", 2014), 1),
    }
