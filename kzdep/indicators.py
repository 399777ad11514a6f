"""Indicators the chapters share: shares, concentration, moving averages and the stoppage scenario.

Each function is small and says what it computes; the unit tests in ``tests/test_indicators.py`` check them against
values worked out by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd


def share_pct(part: float, whole: float) -> float:
    """``part`` as a percentage of ``whole``; refuses a zero or negative whole and a part larger than the whole."""
    if whole <= 0:
        raise ValueError(f"share of a non-positive whole ({whole})")
    if part < 0:
        raise ValueError(f"negative part ({part})")
    if part > whole * (1 + 1e-9):
        raise ValueError(f"part {part} exceeds whole {whole}")
    return 100.0 * part / whole


def shares_pct(values: Mapping[str, float] | pd.Series, whole: float | None = None) -> pd.Series:
    """Each value as a percentage of ``whole`` (default: their sum)."""
    series = pd.Series(values, dtype="float64")
    total = float(series.sum()) if whole is None else float(whole)
    return series.map(lambda v: share_pct(v, total))


def herfindahl(shares: Iterable[float], scale: str = "pct") -> float:
    """Herfindahl-Hirschman index of shares.

    ``scale='pct'``: shares in percent, index from 0 to 10,000 (the competition-policy convention);
    ``scale='fraction'``: shares as fractions, index from 0 to 1. Shares need not sum to 100: the index of the
    shares given (a residual left out is treated as perfectly dispersed).
    """
    values = [float(s) for s in shares]
    if any(v < 0 for v in values):
        raise ValueError("negative share")
    limit = 100.0 if scale == "pct" else 1.0
    if sum(values) > limit * (1 + 1e-9):
        raise ValueError(f"shares sum to {sum(values)}, above {limit}")
    return sum(v * v for v in values)


def equivalent_number(hhi: float, scale: str = "pct") -> float:
    """The number of equal-sized partners or routes that would give the same HHI (1/H)."""
    if hhi <= 0:
        raise ValueError("HHI must be positive")
    return (10_000.0 if scale == "pct" else 1.0) / hhi


def moving_average(series: pd.Series, window: int = 5) -> pd.Series:
    """Trailing ``window``-year mean over a yearly series; years missing from the index count as zero.

    SIPRI recommends five-year averages of TIV because single-year deliveries are lumpy; a year with no
    recorded delivery is a zero, not a gap. The first ``window - 1`` years are NaN.
    """
    if series.empty:
        return series.astype("float64")
    years = range(int(series.index.min()), int(series.index.max()) + 1)
    full = series.reindex(years, fill_value=0.0).astype("float64")
    return full.rolling(window, min_periods=window).mean()


def window_share_pct(table: pd.DataFrame, who: str, start: int, end: int, by: str = "supplier",
                     value: str = "tiv_m") -> float:
    """``who``'s share (percent) of the total ``value`` summed over the years ``start``..``end`` inclusive."""
    rows = table[(table["year"] >= start) & (table["year"] <= end)]
    total = float(rows[value].sum())
    part = float(rows.loc[rows[by] == who, value].sum())
    return share_pct(part, total)


# ---------------------------------------------------------------------------------------------------------------
# the stoppage scenario

def lost_volume_mt(annual_volume_mt: float, days: float, days_in_year: float = 365.0) -> float:
    """Volume not shipped when a route carrying ``annual_volume_mt`` a year stops for ``days`` days.

    Assumes an even flow through the year and no catching up afterwards.
    """
    if annual_volume_mt < 0 or days < 0:
        raise ValueError("volume and days must be non-negative")
    if days > days_in_year:
        raise ValueError(f"a stoppage of {days} days is longer than the year")
    return annual_volume_mt * days / days_in_year


def revenue_usd_m(volume_mt: float, price_usd_bbl: float, barrels_per_tonne: float) -> float:
    """Gross value in US$ millions of ``volume_mt`` million tonnes at ``price_usd_bbl`` dollars a barrel."""
    if volume_mt < 0 or price_usd_bbl < 0 or barrels_per_tonne <= 0:
        raise ValueError("volume and price must be non-negative and barrels per tonne positive")
    return volume_mt * barrels_per_tonne * price_usd_bbl


def stoppage_grid(annual_volume_mt: float, days: Iterable[float], prices: Iterable[float],
                  barrels_per_tonne: float) -> pd.DataFrame:
    """Lost export revenue (US$ millions) for each stoppage length (rows) and oil price (columns)."""
    days, prices = list(days), list(prices)
    grid = pd.DataFrame(index=pd.Index(days, name="days"), columns=pd.Index(prices, name="price_usd_bbl"),
                        dtype="float64")
    for d in days:
        for p in prices:
            grid.loc[d, p] = revenue_usd_m(lost_volume_mt(annual_volume_mt, d), p, barrels_per_tonne)
    return grid


def rerouting_gap_mt(lost_mt: float, spare_capacity_mt: Mapping[str, float]) -> float:
    """What cannot be rerouted: lost volume less the spare capacity of the alternatives (never below zero)."""
    spare = sum(max(0.0, float(v)) for v in spare_capacity_mt.values())
    return max(0.0, float(lost_mt) - spare)
