"""A dependence index per lever and overall, per year, with its uncertainty.

The framework, stated once (the summary chapter repeats it in plain words):

1. **Indicators.** Every row of the levers' ``yearly_indicators()`` tables whose ``direction`` is +1 (higher = more
   dependent on Russia) or -1 (higher = less dependent). Context rows (direction 0) are left out. Where two series
   give one indicator in the same year, the row of the series with more years for that indicator is kept
   (:func:`one_value_per_year`).
2. **Normalisation** over each indicator's own years: ``minmax`` (0 = its least dependent year, 1 = its most) or
   ``zscore`` (standard deviations from its mean, population standard deviation); the direction is applied so that
   higher always means more dependent. An indicator with a single distinct value carries no information on change:
   it is set to the middle (0.5, or 0).
3. **Weights**: a dict indicator -> weight within its lever and a dict lever -> weight, equal by default. In a
   year, the weights of the indicators (or levers) present are rescaled to sum to one.
4. **Aggregation**: ``arithmetic`` (weighted mean: a high value can make up for a low one) or ``geometric``
   (weighted geometric mean: little compensation). The geometric mean needs positive numbers, so every normalised
   value v is shifted by ``s = offset - min(0, lowest normalised value in the panel)`` before and back after:
   ``G = prod((v + s) ** w) - s``. With min-max values (lowest 0) and the default offset 0.1 that is
   ``prod((v + 0.1) ** w) - 0.1``. The same aggregation is used within levers and across them.
5. **Missing data, openly.** Nothing is interpolated or carried forward. A lever has a value in a year only when at
   least ``min_share`` (default one half, rounded up) of its indicators have one; the overall index only when at
   least ``min_levers`` (default 3) of the levers have one. Every other year stays a gap (NaN).
6. **Uncertainty** (the OECD/JRC handbook's recipe): a seeded Monte Carlo draws the normalisation, the aggregation
   and the weights (Dirichlet around equal weights) many times; each draw's scores are put on one 0-100 scale
   (0 = the lowest lever-year of that draw, 100 = the highest) so that draws can be compared;
   :func:`bands` gives percentile bands per year and :func:`rank_intervals` the range of ranks of the levers.
   :func:`sobol_indices` (Saltelli sampling, Saltelli 2010 first-order and Jansen total-effect estimators) says
   which choice or indicator weight moves the result most; :func:`conclusions` lists the statements that hold in
   every draw and those that do not.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

LEVERS = ("pipelines", "trade", "security", "people")
NORMALISATIONS = ("minmax", "zscore")
AGGREGATIONS = ("arithmetic", "geometric")
GEOMETRIC_OFFSET = 0.1
OVERALL = "overall"


# ---------------------------------------------------------------------------------------------------------------
# the panel of directional indicators

def _direction(value) -> int:
    d = int(float(str(value).strip()))
    if d not in (-1, 0, 1):
        raise ValueError(f"direction must be +1, -1 or 0, not {value!r}")
    return d


def one_value_per_year(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per (indicator, year): where several series give a year, the series with the most years for that
    indicator wins (ties: the series name first in alphabetical order)."""
    frame = indicators.copy()
    if "series" not in frame.columns:
        frame["series"] = ""
    frame["series"] = frame["series"].fillna("").astype(str)
    years = frame.groupby(["indicator", "series"])["year"].nunique().rename("_n").reset_index()
    frame = frame.merge(years, on=["indicator", "series"], how="left")
    frame = frame.sort_values(["indicator", "year", "_n", "series"], ascending=[True, True, False, True])
    frame = frame.drop_duplicates(["indicator", "year"], keep="first").drop(columns="_n")
    return frame.reset_index(drop=True)


def panel(indicators: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The directional indicators as a wide table (rows: every year from the first to the last, columns:
    indicators, NaN where there is no value) and their metadata (indexed by indicator: lever, direction, label)."""
    frame = indicators.copy()
    frame["direction"] = frame["direction"].map(_direction)
    frame = frame[frame["direction"] != 0]
    frame = frame[frame["value"].notna()]
    if frame.empty:
        raise ValueError("no directional indicator with a value")
    frame = one_value_per_year(frame)
    frame["year"] = frame["year"].astype(int)
    wide = frame.pivot(index="year", columns="indicator", values="value").astype("float64")
    wide = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    wide.index.name = "year"
    meta = frame.drop_duplicates("indicator").set_index("indicator")[["lever", "direction", "label"]]
    if frame.groupby("indicator")["lever"].nunique().max() > 1:
        raise ValueError("an indicator is given under two levers")
    order = sorted(meta.index, key=lambda i: (_lever_order(meta.loc[i, "lever"]), i))
    return wide[order], meta.loc[order]


def _lever_order(lever: str) -> tuple[int, str]:
    return (LEVERS.index(lever), "") if lever in LEVERS else (len(LEVERS), lever)


# ---------------------------------------------------------------------------------------------------------------
# normalisation

def normalise_minmax(values: pd.Series, direction: int = 1) -> pd.Series:
    """(x - min) / (max - min) over the values given; 1 - that when ``direction`` is -1; 0.5 if all are equal."""
    lo, hi = values.min(), values.max()
    if not (hi > lo):
        out = values.where(values.isna(), 0.5)
    else:
        out = (values - lo) / (hi - lo)
    return out if _direction(direction) >= 0 else 1.0 - out


def normalise_zscore(values: pd.Series, direction: int = 1) -> pd.Series:
    """(x - mean) / standard deviation (population, ddof=0); negated when ``direction`` is -1; 0 if all equal."""
    sd = values.std(ddof=0)
    if not (sd > 0):
        out = values.where(values.isna(), 0.0)
    else:
        out = (values - values.mean()) / sd
    return out if _direction(direction) >= 0 else -out


def normalise(wide: pd.DataFrame, meta: pd.DataFrame, method: str = "minmax") -> pd.DataFrame:
    """Each column of ``wide`` normalised over its own years with its direction applied (higher = more dependent)."""
    if method not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {NORMALISATIONS}, not {method!r}")
    fn = normalise_minmax if method == "minmax" else normalise_zscore
    return pd.DataFrame({c: fn(wide[c], meta.loc[c, "direction"]) for c in wide.columns}, index=wide.index)


def geometric_shift(normalised, offset: float = GEOMETRIC_OFFSET) -> float:
    """The shift s that makes every normalised value positive for the geometric mean: offset - min(0, lowest)."""
    lowest = float(np.nanmin(np.asarray(normalised, dtype="float64")))
    return float(offset) - min(0.0, lowest)


# ---------------------------------------------------------------------------------------------------------------
# aggregation

def aggregate(values, weights, method: str = "arithmetic", shift: float = GEOMETRIC_OFFSET) -> float:
    """Weighted arithmetic mean, or weighted geometric mean of ``values + shift`` less ``shift``.

    Weights are rescaled to sum to one; NaN values are dropped with their weights (NaN if none is left).
    """
    v = np.asarray(values, dtype="float64")
    w = np.asarray(weights, dtype="float64")
    keep = ~np.isnan(v)
    v, w = v[keep], w[keep]
    if v.size == 0 or w.sum() <= 0:
        return float("nan")
    if (w < 0).any():
        raise ValueError("negative weight")
    w = w / w.sum()
    if method == "arithmetic":
        return float((w * v).sum())
    if method == "geometric":
        if (v + shift <= 0).any():
            raise ValueError(f"geometric mean: a value {v.min()} is not above -shift {-shift}")
        return float(np.exp((w * np.log(v + shift)).sum()) - shift)
    raise ValueError(f"aggregation must be one of {AGGREGATIONS}, not {method!r}")


def _rows_aggregate(m: np.ndarray, w: np.ndarray, method: str, shift: float, min_count: int) -> np.ndarray:
    """Row-wise :func:`aggregate` of matrix ``m`` (NaN = missing), NaN where fewer than ``min_count`` values."""
    present = ~np.isnan(m)
    ww = np.where(present, w[None, :], 0.0)
    total = ww.sum(axis=1)
    ok = (present.sum(axis=1) >= min_count) & (total > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "arithmetic":
            out = np.nansum(np.where(present, m, 0.0) * ww, axis=1) / total
        elif method == "geometric":
            logs = np.log(np.where(present, m + shift, 1.0))
            out = np.exp((logs * ww).sum(axis=1) / total) - shift
        else:
            raise ValueError(f"aggregation must be one of {AGGREGATIONS}, not {method!r}")
    return np.where(ok, out, np.nan)


def coverage_rule(n_indicators: int, min_share: float = 0.5) -> int:
    """How many of a lever's ``n_indicators`` must have a value in a year: ceil(min_share x n), at least 1."""
    return max(1, math.ceil(min_share * n_indicators - 1e-9))


def _weights(names, given: Mapping[str, float] | None) -> np.ndarray:
    given = dict(given or {})
    unknown = set(given) - set(names)
    if unknown:
        raise KeyError(f"weights given for unknown names: {sorted(unknown)}")
    w = np.array([float(given.get(n, 1.0)) for n in names])
    if (w < 0).any():
        raise ValueError("negative weight")
    return w


class _Core:
    """The panel as arrays, for fast repeated computation (Monte Carlo and sensitivity analysis)."""

    def __init__(self, wide: pd.DataFrame, meta: pd.DataFrame, min_share: float, min_levers: int,
                 offset: float):
        self.years = wide.index.to_numpy()
        self.indicators = list(wide.columns)
        self.meta = meta
        self.levers = sorted(dict.fromkeys(meta["lever"]), key=_lever_order)
        self.members = {lv: np.array([i for i, c in enumerate(self.indicators) if meta.loc[c, "lever"] == lv])
                        for lv in self.levers}
        self.min_counts = {lv: coverage_rule(len(ix), min_share) for lv, ix in self.members.items()}
        self.min_levers = min(int(min_levers), len(self.levers))
        self.norm = {m: normalise(wide, meta, m).to_numpy() for m in NORMALISATIONS}
        self.shift = {m: geometric_shift(self.norm[m], offset) for m in NORMALISATIONS}

    def compute(self, normalisation: str, aggregation: str, w: np.ndarray, lw: np.ndarray) -> np.ndarray:
        """Years x (levers..., overall)."""
        m, shift = self.norm[normalisation], self.shift[normalisation]
        cols = [_rows_aggregate(m[:, ix], w[ix], aggregation, shift, self.min_counts[lv])
                for lv, ix in self.members.items()]
        lev = np.column_stack(cols)
        overall = _rows_aggregate(lev, lw, aggregation, shift, self.min_levers)
        return np.column_stack([lev, overall])


def compute_index(indicators: pd.DataFrame, normalisation: str = "minmax", aggregation: str = "arithmetic",
                  weights: Mapping[str, float] | None = None, lever_weights: Mapping[str, float] | None = None,
                  min_share: float = 0.5, min_levers: int = 3, offset: float = GEOMETRIC_OFFSET) -> pd.DataFrame:
    """The index per year (rows, every year from the first to the last; gaps are NaN) for each lever and
    ``overall`` (columns), on the scale of the normalisation (min-max: 0-1)."""
    wide, meta = panel(indicators)
    core = _Core(wide, meta, min_share, min_levers, offset)
    out = core.compute(normalisation, aggregation, _weights(core.indicators, weights),
                       _weights(core.levers, lever_weights))
    return pd.DataFrame(out, index=pd.Index(core.years, name="year"), columns=[*core.levers, OVERALL])


def common_scale(scores: np.ndarray | pd.DataFrame, n_levers: int | None = None):
    """Scores put on 0-100: 0 = the lowest lever-year, 100 = the highest (the overall column, last, gets the same
    transform). Makes draws with different normalisations comparable; ranks and orderings are unchanged."""
    arr = np.asarray(scores, dtype="float64")
    n = arr.shape[1] - 1 if n_levers is None else n_levers
    lo, hi = np.nanmin(arr[:, :n]), np.nanmax(arr[:, :n])
    out = np.full_like(arr, 50.0) if not hi > lo else 100.0 * (arr - lo) / (hi - lo)
    out = np.where(np.isnan(arr), np.nan, out)
    if isinstance(scores, pd.DataFrame):
        return pd.DataFrame(out, index=scores.index, columns=scores.columns)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Monte Carlo over normalisation x weights x aggregation

def monte_carlo(indicators: pd.DataFrame, draws: int = 1000, seed: int = 2014, concentration: float = 4.0,
                normalisations=NORMALISATIONS, aggregations=AGGREGATIONS,
                weights: Mapping[str, float] | None = None, lever_weights: Mapping[str, float] | None = None,
                min_share: float = 0.5, min_levers: int = 3, offset: float = GEOMETRIC_OFFSET) -> pd.DataFrame:
    """``draws`` versions of the index. Each draw picks a normalisation and an aggregation (uniformly among those
    given) and weights: within each lever and across levers, Dirichlet(concentration x base share) around the base
    weights (equal unless ``weights``/``lever_weights`` are given). Scores are put on the common 0-100 scale.

    Returns a long frame: draw, normalisation, aggregation, unit (lever or 'overall'), year, score (NaN kept out).
    """
    if draws < 1:
        raise ValueError("draws must be positive")
    wide, meta = panel(indicators)
    core = _Core(wide, meta, min_share, min_levers, offset)
    base_w = _weights(core.indicators, weights)
    base_lw = _weights(core.levers, lever_weights)
    rng = np.random.default_rng(seed)
    units = [*core.levers, OVERALL]
    records = []
    for d in range(draws):
        norm = normalisations[rng.integers(len(normalisations))]
        agg = aggregations[rng.integers(len(aggregations))]
        w = np.empty(len(core.indicators))
        for lv, ix in core.members.items():
            share = base_w[ix] / base_w[ix].sum()
            w[ix] = rng.dirichlet(concentration * len(ix) * share) if len(ix) > 1 else 1.0
        lw = rng.dirichlet(concentration * len(core.levers) * base_lw / base_lw.sum())
        scores = common_scale(core.compute(norm, agg, w, lw), len(core.levers))
        for j, unit in enumerate(units):
            col = scores[:, j]
            ok = ~np.isnan(col)
            records.append(pd.DataFrame({"draw": d, "normalisation": norm, "aggregation": agg, "unit": unit,
                                         "year": core.years[ok], "score": col[ok]}))
    return pd.concat(records, ignore_index=True)


def bands(mc: pd.DataFrame, low: float = 5.0, high: float = 95.0) -> pd.DataFrame:
    """Per unit and year: the ``low`` and ``high`` percentiles and the median of the draws' scores, and how many
    draws give a value. Columns: unit, year, low, median, high, n_draws."""
    grp = mc.groupby(["unit", "year"])["score"]
    out = pd.DataFrame({"low": grp.quantile(low / 100), "median": grp.median(), "high": grp.quantile(high / 100),
                        "n_draws": grp.size()}).reset_index()
    return out


def draw_ranks(mc: pd.DataFrame) -> pd.DataFrame:
    """Rank of each lever among the levers with a score in that draw and year (1 = the most dependent)."""
    lev = mc[mc["unit"] != OVERALL].copy()
    lev["rank"] = lev.groupby(["draw", "year"])["score"].rank(ascending=False, method="min").astype(int)
    lev["n_levers"] = lev.groupby(["draw", "year"])["score"].transform("size")
    return lev


def rank_intervals(mc: pd.DataFrame) -> pd.DataFrame:
    """Per lever and year: the best and worst rank over the draws, the median rank and the number of levers
    ranked. Columns: unit, year, rank_min, rank_median, rank_max, n_levers."""
    ranks = draw_ranks(mc)
    grp = ranks.groupby(["unit", "year"])
    return pd.DataFrame({"rank_min": grp["rank"].min(), "rank_median": grp["rank"].median(),
                         "rank_max": grp["rank"].max(), "n_levers": grp["n_levers"].max()}).reset_index()


# ---------------------------------------------------------------------------------------------------------------
# which conclusions survive every draw

def share_rising(mc: pd.DataFrame, unit: str, first: int, last: int) -> float:
    """Share of draws (0-1) in which ``unit``'s score in ``last`` is above its score in ``first``."""
    rows = mc[(mc["unit"] == unit) & mc["year"].isin([first, last])]
    wide = rows.pivot(index="draw", columns="year", values="score").dropna()
    if wide.empty or first not in wide.columns or last not in wide.columns:
        raise KeyError(f"{unit}: no draw has scores for both {first} and {last}")
    return float((wide[last] > wide[first]).mean())


def share_above(mc: pd.DataFrame, a: str, b: str, year: int) -> float:
    """Share of draws (0-1) in which unit ``a`` scores above unit ``b`` in ``year``."""
    rows = mc[mc["unit"].isin([a, b]) & (mc["year"] == year)]
    wide = rows.pivot(index="draw", columns="unit", values="score").dropna()
    if wide.empty or a not in wide.columns or b not in wide.columns:
        raise KeyError(f"no draw scores both {a} and {b} in {year}")
    return float((wide[a] > wide[b]).mean())


def anchor_years(mc: pd.DataFrame, unit: str, then: int = 2014) -> tuple[int, int] | None:
    """For ``unit``: the last year up to ``then`` and the last year of all that have a score in every draw."""
    n = mc["draw"].nunique()
    counts = mc[mc["unit"] == unit].groupby("year")["draw"].nunique()
    full = sorted(int(y) for y, c in counts.items() if c == n)
    before = [y for y in full if y <= then]
    if not before or full[-1] <= before[-1]:
        return None
    return before[-1], full[-1]


def composition(indicators: pd.DataFrame, unit: str, year: int) -> set[str]:
    """The directional indicators with a value in ``year`` behind ``unit`` (a lever, or 'overall': all levers)."""
    wide, meta = panel(indicators)
    if year not in wide.index:
        return set()
    present = wide.loc[year].dropna().index
    if unit == OVERALL:
        return set(present)
    return {c for c in present if meta.loc[c, "lever"] == unit}


def sources_behind(indicators: pd.DataFrame, units, years) -> list[str]:
    """The sources of the values behind ``units`` (a lever, 'overall', or a list of them) in ``years``: for each
    unit and year, the source of each directional indicator's value there (the row :func:`one_value_per_year`
    keeps), each source once. (The rescaling reads each indicator's whole series; these are the row's own values.)"""
    units = [units] if isinstance(units, str) else [u for u in units if u]
    picked = one_value_per_year(indicators)
    out = []
    for year in years:
        names = set().union(*[composition(indicators, u, int(year)) for u in units]) if units else set()
        rows = picked[(picked["year"] == int(year)) & picked["indicator"].isin(names)]
        out += list(rows.sort_values("indicator")["source_id"])
    return list(dict.fromkeys(out))


def like_for_like(indicators: pd.DataFrame, unit: str, first: int, last: int) -> bool:
    """True when ``unit`` rests on the same indicators in ``first`` and in ``last`` (a change between years whose
    indicators differ mixes a change in the data with a change in what is measured)."""
    return composition(indicators, unit, first) == composition(indicators, unit, last)


def order_year(mc: pd.DataFrame) -> int | None:
    """The year in which the levers are compared: the latest year with an overall score in every draw, else the
    latest year in which at least two levers have a score."""
    n = mc["draw"].nunique()
    overall = mc[mc["unit"] == OVERALL].groupby("year")["draw"].nunique()
    full = [int(y) for y, c in overall.items() if c == n]
    if full:
        return max(full)
    per_year = mc[mc["unit"] != OVERALL].groupby("year")["unit"].nunique()
    years = [int(y) for y, c in per_year.items() if c >= 2]
    return max(years) if years else None


def conclusions(mc: pd.DataFrame, then: int = 2014) -> pd.DataFrame:
    """Statements tested in every draw: for each lever and the overall index, whether it rose from the last year up
    to ``then`` to its latest year; and, in the comparison year, each lever against each.

    Columns: kind ('change' or 'order'), unit, other, first, last, statement, share (of draws in which the
    statement holds, 0-1), survives (True when it holds in every draw). The levers are compared in
    :func:`order_year`."""
    rows = []
    units = list(dict.fromkeys(mc["unit"]))
    for unit in units:
        years = anchor_years(mc, unit, then)
        if years is None:
            continue
        first, last = years
        up = share_rising(mc, unit, first, last)
        rising = up >= 0.5
        rows.append({"kind": "change", "unit": unit, "other": "", "first": first, "last": last,
                     "statement": f"{unit}: {'higher' if rising else 'lower'} in {last} than in {first}",
                     "share": up if rising else 1.0 - up})
    levers = [u for u in units if u != OVERALL]
    lev = mc[mc["unit"].isin(levers)]
    year = order_year(mc)
    if year is not None:
        present = [u for u in levers if ((lev["unit"] == u) & (lev["year"] == year)).any()]
        for i, a in enumerate(present):
            for b in present[i + 1:]:
                s = share_above(mc, a, b, year)
                hi, lo, share = (a, b, s) if s >= 0.5 else (b, a, 1.0 - s)
                rows.append({"kind": "order", "unit": hi, "other": lo, "first": year, "last": year,
                             "statement": f"{hi} above {lo} in {year}", "share": share})
    out = pd.DataFrame(rows, columns=["kind", "unit", "other", "first", "last", "statement", "share"])
    out["survives"] = out["share"] >= 1.0
    return out


# ---------------------------------------------------------------------------------------------------------------
# variance-based sensitivity analysis

def sobol_indices(func: Callable[[np.ndarray], np.ndarray], names: list[str], n: int = 1024,
                  seed: int = 7) -> pd.DataFrame:
    """First-order (S1) and total-effect (ST) Sobol indices of ``func`` over independent uniform [0, 1) factors.

    Saltelli sampling: two random matrices A and B (n x k) and, for each factor i, A with its column i from B.
    S1_i = mean(f(B) (f(AB_i) - f(A))) / V (Saltelli et al. 2010), ST_i = mean((f(A) - f(AB_i))^2) / (2V) (Jansen),
    V the variance of f over A and B together. ``func`` takes an (m x k) array and returns m outputs. n x (k + 2)
    evaluations. Columns: factor, S1, ST.
    """
    k = len(names)
    rng = np.random.default_rng(seed)
    a, b = rng.random((n, k)), rng.random((n, k))
    fa, fb = np.asarray(func(a), dtype="float64"), np.asarray(func(b), dtype="float64")
    var = float(np.var(np.concatenate([fa, fb])))
    rows = []
    for i, name in enumerate(names):
        ab = a.copy()
        ab[:, i] = b[:, i]
        fab = np.asarray(func(ab), dtype="float64")
        if var > 0:
            s1 = float(np.mean(fb * (fab - fa)) / var)
            st = float(np.mean((fa - fab) ** 2) / (2 * var))
        else:
            s1 = st = 0.0
        rows.append({"factor": name, "S1": s1, "ST": st})
    return pd.DataFrame(rows)


def index_sensitivity(indicators: pd.DataFrame, first: int, last: int, unit: str = OVERALL, n: int = 256,
                      seed: int = 7, weight_range: tuple[float, float] = (0.5, 2.0), min_share: float = 0.5,
                      min_levers: int = 3, offset: float = GEOMETRIC_OFFSET) -> pd.DataFrame:
    """Which choice moves the change in ``unit`` from ``first`` to ``last`` (0-100 common scale) most.

    Factors: each indicator's weight (uniform between ``weight_range`` times the equal weight), each lever's
    weight (same range), the normalisation (min-max or z-score, half the draws each) and the aggregation
    (arithmetic or geometric). Returns :func:`sobol_indices`' frame, largest total effect first.
    """
    wide, meta = panel(indicators)
    core = _Core(wide, meta, min_share, min_levers, offset)
    units = [*core.levers, OVERALL]
    j = units.index(unit)
    years = list(core.years)
    i0, i1 = years.index(first), years.index(last)
    ni, nl = len(core.indicators), len(core.levers)
    lo, hi = weight_range
    names = ([f"weight: {c}" for c in core.indicators] + [f"lever weight: {lv}" for lv in core.levers]
             + ["normalisation", "aggregation"])

    def func(x: np.ndarray) -> np.ndarray:
        out = np.empty(len(x))
        for r, row in enumerate(x):
            w = lo + (hi - lo) * row[:ni]
            lw = lo + (hi - lo) * row[ni:ni + nl]
            norm = NORMALISATIONS[int(row[-2] >= 0.5)]
            agg = AGGREGATIONS[int(row[-1] >= 0.5)]
            s = common_scale(core.compute(norm, agg, w, lw), nl)
            out[r] = s[i1, j] - s[i0, j]
        if np.isnan(out).any():
            raise ValueError(f"{unit} has no value in {first} or {last}")
        return out

    res = sobol_indices(func, names, n=n, seed=seed)
    return res.sort_values("ST", ascending=False).reset_index(drop=True)


# ===============================================================================================================
# Comparing countries in a year (issue 26: Kazakhstan among Russia's neighbours)
#
# The same recipe as above, across countries instead of years: indicators in the columns, countries in the rows
# of one "snapshot" (a year, or a set of indicator years stated by the caller). Goalposts are set over the panel
# of countries and over every snapshot compared, so that a country's score in two snapshots is on one scale. No
# value is imputed: a country with fewer than ``min_indicators`` real values is left unranked (NaN).
# ---------------------------------------------------------------------------------------------------------------

CROSS_NORMALISATIONS = ("minmax", "zscore", "goalposts")


def redundant_pairs(panel_values: pd.DataFrame, threshold: float = 0.9, min_pairs: int = 5,
                    method: str = "pearson") -> pd.DataFrame:
    """Pairs of indicators (columns) whose correlation (``method``: "pearson", or "spearman" on ranks, which one
    extreme row cannot drive) over the rows both give is at least ``threshold`` in absolute value: counting both
    would count one quantity twice. Columns: a, b, r, n."""
    if method not in ("pearson", "spearman"):
        raise ValueError(f"correlation method must be pearson or spearman, not {method!r}")
    cols = list(panel_values.columns)
    out = []
    for i, a in enumerate(cols):
        for b in cols[i + 1:]:
            both = panel_values[[a, b]].dropna()
            if len(both) < min_pairs or both[a].nunique() < 2 or both[b].nunique() < 2:
                continue
            x, y = (both[a], both[b]) if method == "pearson" else (both[a].rank(), both[b].rank())
            r = float(np.corrcoef(x, y)[0, 1])
            if abs(r) >= threshold:
                out.append({"a": a, "b": b, "r": r, "n": len(both)})
    return pd.DataFrame(out, columns=["a", "b", "r", "n"])


def refuse_redundant(panel_values: pd.DataFrame, threshold: float = 0.9, method: str = "pearson") -> None:
    """Stop (ValueError naming the pair) when two indicators measure the same thing across the panel."""
    pairs = redundant_pairs(panel_values, threshold, method=method)
    if not pairs.empty:
        p = pairs.iloc[0]
        raise ValueError(f"indicators {p['a']!r} and {p['b']!r} correlate at r = {p['r']:.2f} over {p['n']} "
                         f"countries (threshold {threshold}): keep one")


def cross_normalise(values: pd.DataFrame, directions: Mapping[str, int], method: str = "minmax",
                    goalposts: Mapping[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """Each column normalised over all its rows (every country and snapshot given), higher = more dependent.

    ``minmax`` and ``zscore`` use :func:`normalise_minmax` / :func:`normalise_zscore` over the panel;
    ``goalposts`` rescales by fixed bounds ``goalposts[col] = (lo, hi)`` (0 at lo, 1 at hi, not clipped)."""
    if method not in CROSS_NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {CROSS_NORMALISATIONS}, not {method!r}")
    out = {}
    for col in values.columns:
        d = directions[col]
        if method == "minmax":
            out[col] = normalise_minmax(values[col], d)
        elif method == "zscore":
            out[col] = normalise_zscore(values[col], d)
        else:
            if not goalposts or col not in goalposts:
                raise KeyError(f"no goalposts for indicator {col!r}")
            lo, hi = goalposts[col]
            if not hi > lo:
                raise ValueError(f"goalposts of {col!r}: {lo} is not below {hi}")
            v = (values[col] - lo) / (hi - lo)
            out[col] = v if _direction(d) >= 0 else 1.0 - v
    return pd.DataFrame(out, index=values.index)


def cross_scores(values: pd.DataFrame, directions: Mapping[str, int], normalisation: str = "minmax",
                 aggregation: str = "arithmetic", weights: Mapping[str, float] | None = None,
                 min_indicators: int = 1, goalposts=None, offset: float = GEOMETRIC_OFFSET) -> pd.Series:
    """One composite score per row (country or country-snapshot): the normalised indicators aggregated with
    :func:`aggregate` under ``weights`` (equal unless given; rescaled over the indicators present); NaN for a
    row with fewer than ``min_indicators`` real values."""
    norm = cross_normalise(values, directions, normalisation, goalposts)
    w = np.array([float((weights or {}).get(c, 1.0)) for c in norm.columns])
    unknown = set(weights or {}) - set(norm.columns)
    if unknown:
        raise KeyError(f"weights given for unknown indicators: {sorted(unknown)}")
    shift = geometric_shift(norm.to_numpy(), offset) if norm.notna().any().any() else offset
    scores = [aggregate(row, w, aggregation, shift) if int(np.sum(~np.isnan(row))) >= min_indicators
              else float("nan") for row in norm.to_numpy(dtype="float64")]
    return pd.Series(scores, index=values.index, name="score")


def cross_monte_carlo(values: pd.DataFrame, directions: Mapping[str, int], draws: int = 1000, seed: int = 2014,
                      normalisations=("minmax", "zscore"), aggregations=AGGREGATIONS,
                      weights: Mapping[str, float] | None = None, concentration: float = 4.0,
                      min_indicators: int = 1, goalposts=None) -> pd.DataFrame:
    """``draws`` versions of :func:`cross_scores`: each draw picks a normalisation and an aggregation (uniformly
    among those given) and weights drawn from Dirichlet(concentration x n x base share) around ``weights``.
    Returns a long frame: draw, normalisation, aggregation, row (the index of ``values``), score."""
    if draws < 1:
        raise ValueError("draws must be positive")
    cols = list(values.columns)
    base = np.array([float((weights or {}).get(c, 1.0)) for c in cols])
    if (base < 0).any() or base.sum() <= 0:
        raise ValueError("weights must be non-negative and not all zero")
    active = base > 0
    rng = np.random.default_rng(seed)
    norms = {m: cross_normalise(values, directions, m, goalposts) for m in normalisations}
    frames = []
    for d in range(draws):
        norm = normalisations[rng.integers(len(normalisations))]
        agg = aggregations[rng.integers(len(aggregations))]
        w = np.zeros(len(cols))
        w[active] = (rng.dirichlet(concentration * active.sum() * base[active] / base[active].sum())
                     if active.sum() > 1 else 1.0)
        m = norms[norm].to_numpy(dtype="float64")
        shift = geometric_shift(m, GEOMETRIC_OFFSET)
        ok = (~np.isnan(m)).sum(axis=1) >= min_indicators
        score = _rows_aggregate(m, w, agg, shift, 1)
        score = np.where(ok, score, np.nan)
        frames.append(pd.DataFrame({"draw": d, "normalisation": norm, "aggregation": agg,
                                    "row": list(values.index), "score": score}))
    return pd.concat(frames, ignore_index=True)


def cross_rank_intervals(mc: pd.DataFrame, groups=None, level: float = 95.0) -> pd.DataFrame:
    """Ranks (1 = the most dependent) within each draw among the rows with a score, per group of rows
    (``groups``: a mapping row -> group, e.g. the snapshot; one group if None). Per row: the median rank, the
    ``level`` % interval of ranks (percentiles), how many rows were ranked and the share of draws giving it a
    score. Rows without a score in any draw are left out (unranked)."""
    frame = mc.dropna(subset=["score"]).copy()
    frame["group"] = frame["row"].map(groups) if groups is not None else 0
    frame["rank"] = frame.groupby(["draw", "group"])["score"].rank(ascending=False, method="min")
    frame["n_ranked"] = frame.groupby(["draw", "group"])["score"].transform("size")
    lo_q, hi_q = (100 - level) / 200, 1 - (100 - level) / 200
    grp = frame.groupby("row")
    out = pd.DataFrame({
        "group": grp["group"].first(),
        "median_rank": grp["rank"].median(),
        "rank_low": grp["rank"].quantile(lo_q, interpolation="lower"),
        "rank_high": grp["rank"].quantile(hi_q, interpolation="higher"),
        "score_median": grp["score"].median(),
        "score_low": grp["score"].quantile(lo_q),
        "score_high": grp["score"].quantile(hi_q),
        "n_ranked": grp["n_ranked"].max(),
    })
    return out
