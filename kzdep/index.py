"""A dependence index per lever and overall, per year, with its uncertainty, built by the OECD/JRC handbook.

The rules, stated once (the methods chapter, ``book/methods.md``, explains them in plain words):

1. **Indicators.** The rows of the levers' ``yearly_indicators()`` tables whose ``direction`` is +1 (higher = more
   dependent on Russia) or -1 (higher = less dependent); context rows (direction 0) are left out. Where two series
   give one indicator in the same year, the series with more years for that indicator is kept
   (:func:`one_value_per_year`).
2. **Enough real observations.** An indicator counts only with at least ``MIN_YEARS`` years of values
   (:mod:`kzdep.index_settings`, at least 3). A share of a handful of items (UN votes) is an observation only in a
   year with at least :data:`MIN_ITEMS` items. Nothing is filled in: an indicator with too few years is excluded,
   never set to a midpoint.
3. **One measure per quantity.** :data:`SAME_QUANTITY` names indicators that measure a quantity another indicator
   already measures (a bound or a part of it); they are dropped. Two counted indicators whose values correlate at
   :data:`REDUNDANT_R` or more over at least :data:`REDUNDANT_MIN_YEARS` common years are refused (the build stops)
   unless one is listed in :data:`DROPPED_REDUNDANT` (:func:`check_redundancy`).
4. **Fixed goalposts.** Each indicator is rescaled between goalposts fixed on substantive grounds, not over its own
   years: a share runs from 0 % to 100 % (:data:`GOALPOSTS`); the Russia-China turnover ratio r becomes Russia's share
   of the turnover with both, 100 r / (1 + r) (:data:`TRANSFORMS`), which bounds it without trimming. An indicator
   without substantive goalposts (a count) is excluded. A value outside its goalposts stops the build (the outlier
   rule: nothing is trimmed, an impossible value is an error). Direction -1 is applied as 100 - value.
5. **Sampling error.** A survey indicator (:data:`SURVEYS`) carries its sampling error: consecutive readings whose
   difference lies inside the 95 % margin of error of that difference are one reading (their sample-weighted mean),
   so a change inside the error moves nothing (:func:`pool_survey`).
6. **Aggregation.** Weighted arithmetic or geometric mean (the latter of ``v + 0.1``, less 0.1, so that a zero does
   not zero the product), within levers and across them. A lever has a value in a year when at least ``MIN_SHARE``
   (rounded up) of its counted indicators have one; the overall index when ``MIN_LEVERS`` levers have one. Every other
   year is a gap. Scale: 0-100 (0 = no flow tied to Russia on any indicator, 100 = every flow).
7. **Comparisons.** Levers are not ranked against each other in the text or tables: their scores are shares of
   different flows (crude exports, imports, arms deliveries, the population), equal goalposts do not make them equal
   stakes. Changes of one lever or of the overall index over time are compared.
8. **Uncertainty.** A seeded Monte Carlo draws the weights (Dirichlet around the reader's weights) and the kind of
   average; :func:`bands` gives percentiles per year and :func:`conclusions` the share of versions in which each
   change holds. :func:`index_sensitivity` runs a Sobol analysis with SALib (Saltelli/Sobol sampling around the
   reader's weights, first-order and total indices with bootstrap confidence intervals).
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

# a plain import (not importlib), so that the build's cache sees that every chapter importing this module depends
# on the settings file too
from kzdep import index_settings

LEVERS = ("pipelines", "trade", "security", "people")
NORMALISATIONS = ("goalposts",)
AGGREGATIONS = ("arithmetic", "geometric")
GEOMETRIC_OFFSET = 0.1
OVERALL = "overall"

#: substantive goalposts by unit: (value of no dependence, value of total dependence) before the direction
GOALPOSTS = {"percent": (0.0, 100.0), "index 0-10000": (0.0, 10000.0)}
#: indicators transformed onto a bounded scale before normalisation: indicator -> (new key, label, unit, function)
TRANSFORMS: dict[str, tuple[str, str, str, Callable[[pd.Series], pd.Series]]] = {
    "russia_china_turnover_ratio": ("russia_share_of_russia_china_turnover",
                                    "Russia's share of the turnover with Russia and China", "percent",
                                    lambda r: 100.0 * r / (1.0 + r)),
}
#: indicator -> the indicator whose quantity it also measures (dropped: one measure per quantity)
SAME_QUANTITY = {
    "oil_exports_via_russia_share_max": ("oil_exports_via_russia_share",
                                         "the upper bound of the same share (it adds exports whose route is not "
                                         "stated); the lower bound is kept, a midpoint is never used"),
    "cpc_share_of_exports": ("oil_exports_via_russia_share",
                             "a part of the same share: the CPC crosses Russia and is counted in it"),
}
#: indicators dropped as redundant with a counted one (the correlation is computed and shown by the chapter)
DROPPED_REDUNDANT = {
    "partner_hhi_imports": ("imports_from_russia_share",
                            "driven by Russia's share of imports, Kazakhstan's largest supplier"),
}
REDUNDANT_R = 0.9
REDUNDANT_MIN_YEARS = 8
#: a share of items (votes) is an observation only with at least this many items in the year
MIN_ITEMS = 3
ITEMS_NOTE = re.compile(r"(\d+) of (\d+) (?:votes|resolutions)\b")
#: survey indicators: indicator -> the z value of the margin of error (95 %)
#: the normal quantile of a survey's margin of error (1.96: the 95 % level), per survey indicator
SURVEY_Z = 1.96
SURVEYS = {"kazakhs_supporting_russia_pct": SURVEY_Z}
#: the confidence level of the Sobol indices' bootstrap intervals
SOBOL_CONF = 0.95
SETTING_NAMES = ("INDICATOR_WEIGHTS", "LEVER_WEIGHTS", "AGGREGATION", "MIN_YEARS", "MIN_SHARE", "MIN_LEVERS",
                 "DRAWS", "SEED", "SOBOL_N")


# ---------------------------------------------------------------------------------------------------------------
# the reader's settings

def settings(**overrides) -> dict:
    """The index settings of :mod:`kzdep.index_settings` (re-read from the module), checked, with ``overrides``
    applied (for tests). A value out of range raises ``ValueError`` naming the setting."""
    out = {name: getattr(index_settings, name) for name in SETTING_NAMES}
    unknown = set(overrides) - set(SETTING_NAMES)
    if unknown:
        raise KeyError(f"unknown index setting(s): {sorted(unknown)}")
    out.update(overrides)
    where = "kzdep/index_settings.py"
    for name in ("INDICATOR_WEIGHTS", "LEVER_WEIGHTS"):
        for key, w in dict(out[name]).items():
            if not (isinstance(w, (int, float)) and w >= 0 and math.isfinite(w)):
                raise ValueError(f"{where}: {name}[{key!r}] = {w!r}: a weight must be a number of at least 0")
    if out["AGGREGATION"] not in AGGREGATIONS:
        raise ValueError(f"{where}: AGGREGATION = {out['AGGREGATION']!r}: must be one of {AGGREGATIONS}")
    if int(out["MIN_YEARS"]) < 3:
        raise ValueError(f"{where}: MIN_YEARS = {out['MIN_YEARS']!r}: at least 3 (two points always make a line)")
    if not 0 < float(out["MIN_SHARE"]) <= 1:
        raise ValueError(f"{where}: MIN_SHARE = {out['MIN_SHARE']!r}: above 0 and at most 1")
    if int(out["MIN_LEVERS"]) < 1:
        raise ValueError(f"{where}: MIN_LEVERS = {out['MIN_LEVERS']!r}: at least 1")
    if int(out["DRAWS"]) < 100:
        raise ValueError(f"{where}: DRAWS = {out['DRAWS']!r}: at least 100")
    n = int(out["SOBOL_N"])
    if n < 256 or n & (n - 1):
        raise ValueError(f"{where}: SOBOL_N = {n}: a power of two, at least 256")
    return out


# ---------------------------------------------------------------------------------------------------------------
# the panel of counted indicators

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


def items_behind(note) -> int | None:
    """The number of items a share rests on, read from a row's note ('1 of 5 votes' -> 5, '2 of 6 resolutions' -> 6),
    else None."""
    m = ITEMS_NOTE.search(str(note or ""))
    return int(m.group(2)) if m else None


def margin_of_error(p_pct: float, n: float, z: float = SURVEY_Z) -> float:
    """The margin of error of a survey share in percentage points: z sqrt(p (1 - p) / n), p as a proportion."""
    p = p_pct / 100.0
    return 100.0 * z * math.sqrt(p * (1 - p) / n)


def pool_survey(values: pd.Series, sizes: pd.Series, z: float = SURVEY_Z) -> pd.Series:
    """Survey readings (percent, by year) with a change inside the sampling error removed.

    In year order, each reading joins the current run when its difference from the run's sample-weighted mean is
    within z x the standard error of that difference (sqrt(m (1 - m) / N + p (1 - p) / n)); otherwise it starts a
    new run. Every reading is replaced by its run's mean. 13.0 % (n 1,110) then 12.8 % (n 1,100): difference 0.2
    points, margin 2.8 points: one run, both years 12.90 %."""
    values = values.sort_index()
    out = values.copy().astype("float64")
    run: list = []
    for year, p in values.items():
        n = float(sizes.loc[year])
        if not (n > 0):
            raise ValueError(f"survey sample size for {year} must be positive, not {n!r}")
        if run:
            big_n = sum(sizes.loc[y] for y in run)
            m = sum(values.loc[y] * sizes.loc[y] for y in run) / big_n
            se = math.sqrt((m / 100) * (1 - m / 100) / big_n + (p / 100) * (1 - p / 100) / n)
            if abs(p - m) / 100 > z * se:
                run = []
        run.append(year)
        big_n = sum(sizes.loc[y] for y in run)
        mean = sum(values.loc[y] * sizes.loc[y] for y in run) / big_n
        out.loc[run] = mean
    return out


def survey_sizes() -> dict[str, dict[int, float]]:
    """Respondents behind each survey indicator's yearly value, from the opinion polls table (the same wave the
    people lever uses: the latest of the year)."""
    from kzdep import data

    polls = data.load("opinion_polls")
    side = polls[(polls["question"] == "side_supported") & (polls["answer"] == "russia")].copy()
    side["year"] = side["fieldwork_end"].astype(str).str[:4].astype(int)
    side = side.sort_values("fieldwork_end").drop_duplicates("year", keep="last")
    return {"kazakhs_supporting_russia_pct": {int(y): float(n) for y, n in zip(side["year"], side["respondents"])
                                              if pd.notna(n)}}


@dataclass
class Prepared:
    """The counted indicators (``wide``: years x indicators, goalpost-normalised 0-1 in ``norm``), their metadata
    and the decision on every candidate indicator (``decisions``)."""

    wide: pd.DataFrame
    norm: pd.DataFrame
    meta: pd.DataFrame
    decisions: pd.DataFrame
    rows: pd.DataFrame


def prepare(indicators: pd.DataFrame, min_years: int = 3, sample_sizes: Mapping | None = None,
            same_quantity: Mapping | None = None, dropped: Mapping | None = None) -> Prepared:
    """Apply rules 1-5 of the module docstring. ``decisions`` has one row per directional indicator: indicator,
    lever, label, unit, years (observations counted), first, last, status ('counted' or 'excluded'), reason."""
    same_quantity = SAME_QUANTITY if same_quantity is None else same_quantity
    dropped = DROPPED_REDUNDANT if dropped is None else dropped
    if sample_sizes is None:  # the opinion polls table, when a survey indicator is offered
        sample_sizes = survey_sizes() if set(SURVEYS) & set(indicators["indicator"]) else {}
    frame = indicators.copy()
    frame["direction"] = frame["direction"].map(_direction)
    frame = frame[(frame["direction"] != 0) & frame["value"].notna()]
    if frame.empty:
        raise ValueError("no directional indicator with a value")
    frame = one_value_per_year(frame)
    frame["year"] = frame["year"].astype(int)
    if frame.groupby("indicator")["lever"].nunique().max() > 1:
        raise ValueError("an indicator is given under two levers")
    decisions, kept = [], []
    for key, rows in frame.groupby("indicator", sort=False):
        rows = rows.sort_values("year").copy()
        first = rows.iloc[0]
        reason, status = "", "counted"
        if key in TRANSFORMS:
            new, label, unit, fn = TRANSFORMS[key]
            rows["value"] = fn(rows["value"].astype("float64"))
            rows["indicator"], rows["label"], rows["unit"] = new, label, unit
            reason = "transformed: r -> 100 r / (1 + r), a share bounded by 0 and 100"
        items = rows["note"].map(items_behind) if "note" in rows.columns else pd.Series(None, index=rows.index)
        if items.notna().any():
            few = items.fillna(0) < MIN_ITEMS
            if few.any():
                reason = (f"{int(few.sum())} of {len(rows)} years rest on fewer than {MIN_ITEMS} votes and are not "
                          "observations")
            rows = rows[~few]
        if key in SURVEYS:
            sizes = sample_sizes.get(key, {})
            missing = [int(y) for y in rows["year"] if int(y) not in sizes]
            if missing:
                raise ValueError(f"survey indicator {key}: no sample size for year(s) {missing}")
            pooled = pool_survey(rows.set_index("year")["value"].astype("float64"),
                                 pd.Series(sizes, dtype="float64"), SURVEYS[key])
            rows["value"] = pooled.loc[rows["year"]].to_numpy()
            reason = "readings within their sampling error pooled"
        unit = str(rows["unit"].iloc[0]) if len(rows) else str(first["unit"])
        n_years = int(rows["year"].nunique())
        if key in same_quantity:
            other = _label_of(frame, same_quantity[key][0])
            status, reason = "excluded", f"same quantity as '{other}': {same_quantity[key][1]}"
        elif key in dropped:
            status, reason = "excluded", f"redundant with '{_label_of(frame, dropped[key][0])}': {dropped[key][1]}"
        elif unit not in GOALPOSTS:
            status, reason = "excluded", f"no substantive goalposts for a {unit} (not a share)"
        elif n_years < int(min_years):
            status = "excluded"
            reason = (f"{n_years} year{'s' if n_years != 1 else ''} of observations, fewer than {int(min_years)}"
                      + (f" ({reason})" if reason else ""))
        decisions.append({"indicator": rows["indicator"].iloc[0] if len(rows) else key, "source_key": key,
                          "lever": first["lever"], "label": rows["label"].iloc[0] if len(rows) else first["label"],
                          "unit": unit, "years": n_years,
                          "first": int(rows["year"].min()) if n_years else None,
                          "last": int(rows["year"].max()) if n_years else None,
                          "status": status, "reason": reason})
        if status == "counted":
            lo, hi = GOALPOSTS[unit]
            bad = rows[(rows["value"] < lo) | (rows["value"] > hi)]
            if len(bad):
                r = bad.iloc[0]
                raise ValueError(f"indicator {key}, year {int(r['year'])}, column 'value': {float(r['value']):g} lies "
                                 f"outside its goalposts {lo:g}-{hi:g} ({unit})")
            kept.append(rows)
    decisions = pd.DataFrame(decisions)
    if not kept:
        raise ValueError("no indicator has enough observations to be counted")
    rows = pd.concat(kept, ignore_index=True)
    wide = rows.pivot(index="year", columns="indicator", values="value").astype("float64")
    wide = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    wide.index.name = "year"
    meta = rows.drop_duplicates("indicator").set_index("indicator")[["lever", "direction", "label", "unit"]]
    order = sorted(meta.index, key=lambda i: (_lever_order(meta.loc[i, "lever"]), i))
    wide, meta = wide[order], meta.loc[order]
    norm = normalise(wide, meta)
    return Prepared(wide, norm, meta, decisions, rows)


def _label_of(frame: pd.DataFrame, key: str) -> str:
    """An indicator's label in words (its key if the frame does not hold it)."""
    labels = frame.loc[frame["indicator"] == key, "label"]
    return str(labels.iloc[0]) if len(labels) else key


def panel(indicators: pd.DataFrame, min_years: int = 3, sample_sizes: Mapping | None = None):
    """The counted indicators as a wide table (every year from the first to the last, NaN where there is no value)
    and their metadata (indexed by indicator: lever, direction, label, unit)."""
    p = prepare(indicators, min_years, sample_sizes)
    return p.wide, p.meta


def _lever_order(lever: str) -> tuple[int, str]:
    return (LEVERS.index(lever), "") if lever in LEVERS else (len(LEVERS), lever)


def normalise(wide: pd.DataFrame, meta: pd.DataFrame, method: str = "goalposts") -> pd.DataFrame:
    """Each column rescaled between its unit's goalposts to 0-1 (1 = total dependence), direction applied."""
    if method not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {NORMALISATIONS}, not {method!r}")
    out = {}
    for c in wide.columns:
        lo, hi = GOALPOSTS[meta.loc[c, "unit"]]
        v = (wide[c] - lo) / (hi - lo)
        out[c] = v if _direction(meta.loc[c, "direction"]) >= 0 else 1.0 - v
    return pd.DataFrame(out, index=wide.index)


def correlations(indicators: pd.DataFrame, min_years: int = 3, sample_sizes: Mapping | None = None) -> pd.DataFrame:
    """Pairwise Pearson correlations of the candidate indicators (counted, and those dropped for redundancy) over
    their common years. Columns: a, b, status_a, status_b, years (common), r (NaN under 3 common years)."""
    p = prepare(indicators, min_years, sample_sizes, dropped={})
    keep = p.decisions[p.decisions["status"] == "counted"]["indicator"].tolist()
    status = {k: ("dropped as redundant" if k in DROPPED_REDUNDANT else "counted") for k in keep}
    rows = []
    for i, a in enumerate(keep):
        for b in keep[i + 1:]:
            both = p.wide[[a, b]].dropna()
            r = float(both[a].corr(both[b])) if len(both) >= 3 else float("nan")
            rows.append({"a": a, "b": b, "status_a": status[a], "status_b": status[b], "years": len(both), "r": r})
    return pd.DataFrame(rows)


def check_redundancy(indicators: pd.DataFrame, min_years: int = 3, sample_sizes: Mapping | None = None,
                     threshold: float = REDUNDANT_R, min_common: int = REDUNDANT_MIN_YEARS,
                     dropped: Mapping | None = None) -> pd.DataFrame:
    """Refuse a redundant pair: ``ValueError`` when two counted indicators correlate at ``threshold`` or more (in
    absolute value) over at least ``min_common`` common years. Returns the correlation table otherwise."""
    dropped = DROPPED_REDUNDANT if dropped is None else dropped
    table = correlations(indicators, min_years, sample_sizes)
    live = table[~table["a"].isin(dropped) & ~table["b"].isin(dropped)]
    bad = live[(live["years"] >= min_common) & (live["r"].abs() >= threshold)]
    if len(bad):
        r = bad.iloc[0]
        raise ValueError(f"redundant indicators {r['a']} and {r['b']}: correlation {r['r']:.2f} over "
                         f"{int(r['years'])} common years (at least {threshold} over {min_common} years): drop one "
                         "(kzdep.index.DROPPED_REDUNDANT) or show that they measure different things")
    return table


# ---------------------------------------------------------------------------------------------------------------
# aggregation

def geometric_shift(normalised=None, offset: float = GEOMETRIC_OFFSET) -> float:
    """The shift that makes every normalised value positive for the geometric mean: offset - min(0, lowest). On
    goalposts (0-1) that is the offset alone; z-scores across a panel of countries can be negative."""
    if normalised is None:
        return float(offset)
    lowest = float(np.nanmin(np.asarray(normalised, dtype="float64")))
    return float(offset) - min(0.0, lowest)


# Normalisation over a panel (used to compare countries, where min-max or z-scores over the panel of countries is a
# stated choice; the index over years uses fixed goalposts instead, rule 4).

def normalise_minmax(values: pd.Series, direction: int = 1) -> pd.Series:
    """(x - min) / (max - min) over the values given; 1 - that when ``direction`` is -1; NaN if all are equal (no
    information: never a midpoint)."""
    lo, hi = values.min(), values.max()
    out = (values - lo) / (hi - lo) if hi > lo else values * np.nan
    return out if _direction(direction) >= 0 else 1.0 - out


def normalise_zscore(values: pd.Series, direction: int = 1) -> pd.Series:
    """(x - mean) / standard deviation (population, ddof=0); negated when ``direction`` is -1; NaN if all equal."""
    sd = values.std(ddof=0)
    out = (values - values.mean()) / sd if sd > 0 else values * np.nan
    return out if _direction(direction) >= 0 else -out


def _rows_aggregate(m: np.ndarray, w: np.ndarray, method: str, shift: float, min_count: int) -> np.ndarray:
    """Row-wise :func:`aggregate` of matrix ``m`` (NaN = missing), NaN where fewer than ``min_count`` values."""
    if method not in AGGREGATIONS:
        raise ValueError(f"aggregation must be one of {AGGREGATIONS}, not {method!r}")
    w = np.asarray(w, dtype="float64")
    return _many(np.asarray(m, dtype="float64"), w[None, :], np.array([method == "geometric"]), shift,
                 min_count)[0]


def aggregate(values, weights, method: str = "arithmetic", shift: float = GEOMETRIC_OFFSET) -> float:
    """Weighted arithmetic mean, or weighted geometric mean of ``values + shift`` less ``shift``.

    Weights are rescaled to sum to one; NaN values are dropped with their weights (NaN if none is left).
    """
    v = np.asarray(values, dtype="float64")
    w = np.asarray(weights, dtype="float64")
    keep = ~np.isnan(v)
    v, w = v[keep], w[keep]
    if (w < 0).any():
        raise ValueError("negative weight")
    if v.size == 0 or w.sum() <= 0:
        return float("nan")
    w = w / w.sum()
    if method == "arithmetic":
        return float((w * v).sum())
    if method == "geometric":
        if (v + shift <= 0).any():
            raise ValueError(f"geometric mean: a value {v.min()} is not above -shift {-shift}")
        return float(np.exp((w * np.log(v + shift)).sum()) - shift)
    raise ValueError(f"aggregation must be one of {AGGREGATIONS}, not {method!r}")


def _many(m: np.ndarray, w: np.ndarray, geometric: np.ndarray, shift: float, min_count: int) -> np.ndarray:
    """Row-wise aggregation of ``m`` (years x k, NaN = missing) for many weight vectors ``w`` (d x k) at once;
    ``geometric`` (d,) picks the mean per version. Returns d x years, NaN under ``min_count`` values."""
    present = ~np.isnan(m)
    if m.ndim == 2:
        m, present = m[None], present[None]
    filled = np.where(present, m, 0.0)
    logs = np.log(np.where(present, m + shift, 1.0))
    ww = w[:, None, :] * present  # d x years x k
    total = ww.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        arith = (filled * ww).sum(axis=2) / total
        geo = np.exp((logs * ww).sum(axis=2) / total) - shift
    out = np.where(geometric[:, None], geo, arith)
    ok = (present.sum(axis=2) >= min_count) & (total > 0)
    return np.where(ok, out, np.nan)


def coverage_rule(n_indicators: int, min_share: float = 0.5) -> int:
    """How many of a lever's ``n_indicators`` must have a value in a year: ceil(min_share x n), at least 1."""
    return max(1, math.ceil(min_share * n_indicators - 1e-9))


def _weights(names, given: Mapping[str, float] | None, what: str = "weights") -> np.ndarray:
    given = dict(given or {})
    unknown = set(given) - set(names)
    if unknown:
        raise KeyError(f"{what} given for names the index does not count: {sorted(unknown)} (counted: {list(names)})")
    w = np.array([float(given.get(n, 1.0)) for n in names])
    if (w < 0).any():
        raise ValueError("negative weight")
    return w


class _Core:
    """The counted panel as arrays, for fast repeated computation (Monte Carlo and sensitivity analysis)."""

    def __init__(self, prepared: Prepared, min_share: float, min_levers: int, offset: float = GEOMETRIC_OFFSET):
        self.prepared = prepared
        self.years = prepared.wide.index.to_numpy()
        self.indicators = list(prepared.wide.columns)
        meta = prepared.meta
        self.levers = sorted(dict.fromkeys(meta["lever"]), key=_lever_order)
        self.members = {lv: np.array([i for i, c in enumerate(self.indicators) if meta.loc[c, "lever"] == lv])
                        for lv in self.levers}
        self.min_counts = {lv: coverage_rule(len(ix), min_share) for lv, ix in self.members.items()}
        self.min_levers = min(int(min_levers), len(self.levers))
        self.norm = prepared.norm.to_numpy()
        self.shift = float(offset)

    def many(self, geometric: np.ndarray, w: np.ndarray, lw: np.ndarray) -> np.ndarray:
        """Versions x years x (levers..., overall), on 0-100."""
        geometric = np.asarray(geometric, dtype=bool)
        cols = [_many(self.norm[:, ix], w[:, ix], geometric, self.shift, self.min_counts[lv])
                for lv, ix in self.members.items()]
        lev = np.stack(cols, axis=2)  # d x years x levers
        d, ny, nl = lev.shape
        present = ~np.isnan(lev)
        filled = np.where(present, lev, 0.0)
        logs = np.log(np.where(present, lev + self.shift, 1.0))
        ww = lw[:, None, :] * present
        total = ww.sum(axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            arith = (filled * ww).sum(axis=2) / total
            geo = np.exp((logs * ww).sum(axis=2) / total) - self.shift
        overall = np.where(geometric[:, None], geo, arith)
        overall = np.where((present.sum(axis=2) >= self.min_levers) & (total > 0), overall, np.nan)
        return 100.0 * np.concatenate([lev, overall[:, :, None]], axis=2)

    def compute(self, aggregation: str, w: np.ndarray, lw: np.ndarray) -> np.ndarray:
        """Years x (levers..., overall) for one version, on 0-100."""
        if aggregation not in AGGREGATIONS:
            raise ValueError(f"aggregation must be one of {AGGREGATIONS}, not {aggregation!r}")
        return self.many(np.array([aggregation == "geometric"]), w[None], lw[None])[0]


def _core(indicators: pd.DataFrame, s: dict, sample_sizes: Mapping | None) -> _Core:
    return _Core(prepare(indicators, s["MIN_YEARS"], sample_sizes), s["MIN_SHARE"], s["MIN_LEVERS"])


def compute_index(indicators: pd.DataFrame, aggregation: str = "arithmetic",
                  weights: Mapping[str, float] | None = None, lever_weights: Mapping[str, float] | None = None,
                  min_share: float = 0.5, min_levers: int = 3, min_years: int = 3,
                  sample_sizes: Mapping | None = None) -> pd.DataFrame:
    """The index per year (rows, every year from the first to the last; gaps are NaN) for each lever and
    ``overall`` (columns), on 0-100."""
    core = _Core(prepare(indicators, min_years, sample_sizes), min_share, min_levers)
    lw = {k: v for k, v in dict(lever_weights or {}).items() if k in core.levers}
    out = core.compute(aggregation, _weights(core.indicators, weights), _weights(core.levers, lw, "lever weights"))
    return pd.DataFrame(out, index=pd.Index(core.years, name="year"), columns=[*core.levers, OVERALL])


# ---------------------------------------------------------------------------------------------------------------
# Monte Carlo over weights x aggregation

def monte_carlo(indicators: pd.DataFrame, draws: int = 1000, seed: int = 2014, concentration: float = 4.0,
                aggregations=AGGREGATIONS, weights: Mapping[str, float] | None = None,
                lever_weights: Mapping[str, float] | None = None, min_share: float = 0.5, min_levers: int = 3,
                min_years: int = 3, sample_sizes: Mapping | None = None) -> pd.DataFrame:
    """``draws`` versions of the index. Each draw picks an aggregation (uniformly among those given) and weights:
    within each lever and across levers, Dirichlet(concentration x n x base share) around the base weights (the
    reader's). Returns a long frame: draw, aggregation, unit (lever or 'overall'), year, score (0-100; NaN left out).
    """
    if draws < 1:
        raise ValueError("draws must be positive")
    core = _Core(prepare(indicators, min_years, sample_sizes), min_share, min_levers)
    base_w = _weights(core.indicators, weights)
    lw_given = {k: v for k, v in dict(lever_weights or {}).items() if k in core.levers}
    base_lw = _weights(core.levers, lw_given, "lever weights")
    rng = np.random.default_rng(seed)
    geo = np.empty(draws, dtype=bool)
    w = np.empty((draws, len(core.indicators)))
    lw = np.empty((draws, len(core.levers)))
    for d in range(draws):
        geo[d] = aggregations[rng.integers(len(aggregations))] == "geometric"
        for lv, ix in core.members.items():
            share = base_w[ix] / base_w[ix].sum() if base_w[ix].sum() > 0 else np.full(len(ix), 1 / len(ix))
            w[d, ix] = rng.dirichlet(concentration * len(ix) * np.maximum(share, 1e-9)) if len(ix) > 1 else 1.0
        lw[d] = rng.dirichlet(concentration * len(core.levers) * np.maximum(base_lw / base_lw.sum(), 1e-9))
    scores = core.many(geo, w, lw)
    units = [*core.levers, OVERALL]
    d_ix, y_ix, u_ix = np.nonzero(~np.isnan(scores))
    return pd.DataFrame({"draw": d_ix, "aggregation": np.where(geo[d_ix], "geometric", "arithmetic"),
                         "unit": np.array(units, dtype=object)[u_ix], "year": core.years[y_ix],
                         "score": scores[d_ix, y_ix, u_ix]})


def bands(mc: pd.DataFrame, low: float = 5.0, high: float = 95.0) -> pd.DataFrame:
    """Per unit and year: the ``low`` and ``high`` percentiles, the median, the lowest and highest score of the
    draws, and how many draws give a value. Columns: unit, year, low, median, high, lowest, highest, n_draws."""
    grp = mc.groupby(["unit", "year"], sort=False)["score"]
    out = pd.DataFrame({"low": grp.quantile(low / 100), "median": grp.median(), "high": grp.quantile(high / 100),
                        "lowest": grp.min(), "highest": grp.max(), "n_draws": grp.size()}).reset_index()
    return out


def draw_ranks(mc: pd.DataFrame) -> pd.DataFrame:
    """Rank of each lever among the levers with a score in that draw and year (1 = the most dependent)."""
    lev = mc[mc["unit"] != OVERALL].copy()
    lev["rank"] = lev.groupby(["draw", "year"])["score"].rank(ascending=False, method="min").astype(int)
    lev["n_levers"] = lev.groupby(["draw", "year"])["score"].transform("size")
    return lev


def rank_intervals(mc: pd.DataFrame) -> pd.DataFrame:
    """Per lever and year: the best and worst rank over the draws (kept for completeness: the book does not rank
    levers, rule 7). Columns: unit, year, rank_min, rank_median, rank_max, n_levers."""
    ranks = draw_ranks(mc)
    grp = ranks.groupby(["unit", "year"])
    return pd.DataFrame({"rank_min": grp["rank"].min(), "rank_median": grp["rank"].median(),
                         "rank_max": grp["rank"].max(), "n_levers": grp["n_levers"].max()}).reset_index()


# ---------------------------------------------------------------------------------------------------------------
# which conclusions hold in how many draws

def count_rising(mc: pd.DataFrame, unit: str, first: int, last: int) -> tuple[int, int]:
    """(k, n): in k of the n draws with scores in both years, ``unit`` is higher in ``last`` than in ``first``."""
    rows = mc[(mc["unit"] == unit) & mc["year"].isin([first, last])]
    wide = rows.pivot(index="draw", columns="year", values="score").dropna()
    if wide.empty or first not in wide.columns or last not in wide.columns:
        raise KeyError(f"{unit}: no draw has scores for both {first} and {last}")
    return int((wide[last] > wide[first]).sum()), int(len(wide))


def share_rising(mc: pd.DataFrame, unit: str, first: int, last: int) -> float:
    """Share of draws (0-1) in which ``unit``'s score in ``last`` is above its score in ``first``."""
    k, n = count_rising(mc, unit, first, last)
    return k / n


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


def composition(indicators: pd.DataFrame, unit: str, year: int, min_years: int = 3,
                sample_sizes: Mapping | None = None) -> set[str]:
    """The counted indicators with a value in ``year`` behind ``unit`` (a lever, or 'overall': all levers)."""
    wide, meta = panel(indicators, min_years, sample_sizes)
    if year not in wide.index:
        return set()
    present = wide.loc[year].dropna().index
    if unit == OVERALL:
        return set(present)
    return {c for c in present if meta.loc[c, "lever"] == unit}


def sources_behind(indicators: pd.DataFrame, units, years, min_years: int = 3,
                   sample_sizes: Mapping | None = None) -> list[str]:
    """The sources of the values behind ``units`` (a lever, 'overall', or a list of them) in ``years``, each once."""
    units = [units] if isinstance(units, str) else [u for u in units if u]
    p = prepare(indicators, min_years, sample_sizes)
    out = []
    for year in years:
        present = p.wide.loc[int(year)].dropna().index if int(year) in p.wide.index else []
        names = {c for c in present if OVERALL in units or p.meta.loc[c, "lever"] in units}
        rows = p.rows[(p.rows["year"] == int(year)) & p.rows["indicator"].isin(names)]
        out += list(rows.sort_values("indicator")["source_id"])
    return list(dict.fromkeys(out))


def like_for_like(indicators: pd.DataFrame, unit: str, first: int, last: int, min_years: int = 3,
                  sample_sizes: Mapping | None = None) -> bool:
    """True when ``unit`` rests on the same indicators in ``first`` and in ``last``."""
    return (composition(indicators, unit, first, min_years, sample_sizes)
            == composition(indicators, unit, last, min_years, sample_sizes))


def order_year(mc: pd.DataFrame) -> int | None:
    """The latest year with an overall score in every draw (None if there is none)."""
    n = mc["draw"].nunique()
    overall = mc[mc["unit"] == OVERALL].groupby("year")["draw"].nunique()
    full = [int(y) for y, c in overall.items() if c == n]
    return max(full) if full else None


def conclusions(mc: pd.DataFrame, then: int = 2014) -> pd.DataFrame:
    """For each lever and the overall index: is it higher or lower in its latest year than in the last year up to
    ``then``, and in how many draws. Levers are not compared with each other (rule 7).

    Columns: kind ('change'), unit, first, last, statement, holds (draws in which it holds), draws, share (0-1),
    survives (holds in every draw)."""
    rows = []
    for unit in dict.fromkeys(mc["unit"]):
        years = anchor_years(mc, unit, then)
        if years is None:
            continue
        first, last = years
        k, n = count_rising(mc, unit, first, last)
        rising = 2 * k >= n
        holds = k if rising else n - k
        rows.append({"kind": "change", "unit": unit, "first": first, "last": last,
                     "statement": f"{unit}: {'higher' if rising else 'lower'} in {last} than in {first}",
                     "holds": holds, "draws": n, "share": holds / n})
    out = pd.DataFrame(rows, columns=["kind", "unit", "first", "last", "statement", "holds", "draws", "share"])
    out["survives"] = out["holds"] == out["draws"]
    return out


def share_text(k: int, n: int) -> str:
    """'998 of 1,000' as a percentage that is never rounded up to 100 % (or down to 0 %) unless it is exact:
    99.8 %, 99.96 % -> '> 99.9 %'."""
    if n <= 0:
        raise ValueError("no draws")
    if k == n:
        return "100 %"
    if k == 0:
        return "0 %"
    pct = 100.0 * k / n
    text = f"{pct:.1f} %"
    if text == "100.0 %":
        return "more than 99.9 %"
    if text == "0.0 %":
        return "less than 0.1 %"
    return text


# ---------------------------------------------------------------------------------------------------------------
# variance-based sensitivity analysis (SALib)

def sobol_indices(func: Callable[[np.ndarray], np.ndarray], names: list[str], n: int = 1024, seed: int = 7,
                  resamples: int = 200) -> pd.DataFrame:
    """First-order (S1) and total (ST) Sobol indices of ``func`` over independent uniform [0, 1) factors, with 95 %
    bootstrap confidence intervals, by SALib: scrambled Sobol sampling (Saltelli's scheme, ``n`` x (k + 2) runs)
    and SALib's estimators. ``func`` takes an (m x k) array and returns m outputs.
    Columns: factor, S1, S1_low, S1_high, ST, ST_low, ST_high (:func:`index_sensitivity` adds label)."""
    from SALib.analyze import sobol as analyse
    from SALib.sample import sobol as sample

    problem = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    x = sample.sample(problem, n, calc_second_order=False, scramble=True, seed=seed)
    y = np.asarray(func(x), dtype="float64")
    if np.isnan(y).any():
        raise ValueError("the model gave no value for some samples")
    if np.var(y) == 0:
        zero = np.zeros(len(names))
        return pd.DataFrame({"factor": names, "S1": zero, "S1_low": zero, "S1_high": zero,
                             "ST": zero, "ST_low": zero, "ST_high": zero})
    res = analyse.analyze(problem, y, calc_second_order=False, num_resamples=resamples, conf_level=SOBOL_CONF,
                          seed=seed)
    s1, st = np.asarray(res["S1"]), np.asarray(res["ST"])
    s1c, stc = np.asarray(res["S1_conf"]), np.asarray(res["ST_conf"])
    return pd.DataFrame({"factor": names, "S1": s1, "S1_low": s1 - s1c, "S1_high": s1 + s1c,
                         "ST": st, "ST_low": st - stc, "ST_high": st + stc})


def index_sensitivity(indicators: pd.DataFrame, first: int, last: int, unit: str = OVERALL, n: int = 4096,
                      seed: int = 7, weight_range: tuple[float, float] = (0.5, 2.0),
                      weights: Mapping[str, float] | None = None, lever_weights: Mapping[str, float] | None = None,
                      min_share: float = 0.5, min_levers: int = 3, min_years: int = 3,
                      sample_sizes: Mapping | None = None) -> pd.DataFrame:
    """Which choice moves the change in ``unit`` from ``first`` to ``last`` (index points, 0-100) most, around the
    reader's weights.

    Factors: the weight of each counted indicator in a lever of more than one (the reader's weight times a factor
    uniform between ``weight_range``), each lever's weight (same), and the average (arithmetic or geometric, half
    the samples each). Returns :func:`sobol_indices`' frame, largest total effect first.
    """
    core = _Core(prepare(indicators, min_years, sample_sizes), min_share, min_levers)
    units = [*core.levers, OVERALL]
    j = units.index(unit)
    years = list(core.years)
    if first not in years or last not in years:
        raise KeyError(f"{unit}: {first} or {last} is outside the index's years")
    i0, i1 = years.index(first), years.index(last)
    base_w = _weights(core.indicators, weights)
    lw_given = {k: v for k, v in dict(lever_weights or {}).items() if k in core.levers}
    base_lw = _weights(core.levers, lw_given, "lever weights")
    free = [i for lv, ix in core.members.items() if len(ix) > 1 for i in ix]
    lo, hi = weight_range
    names = ([f"weight: {core.indicators[i]}" for i in free] + [f"lever weight: {lv}" for lv in core.levers]
             + ["aggregation"])

    def func(x: np.ndarray) -> np.ndarray:
        out = np.empty(len(x))
        for start in range(0, len(x), 4096):
            part = x[start:start + 4096]
            w = np.tile(base_w, (len(part), 1))
            w[:, free] = base_w[free] * (lo + (hi - lo) * part[:, :len(free)])
            lw = base_lw * (lo + (hi - lo) * part[:, len(free):len(free) + len(core.levers)])
            s = core.many(part[:, -1] >= 0.5, w, lw)
            out[start:start + len(part)] = s[:, i1, j] - s[:, i0, j]
        if np.isnan(out).any():
            raise ValueError(f"{unit} has no value in {first} or {last}")
        return out

    res = sobol_indices(func, names, n=n, seed=seed)
    res.insert(1, "label", [factor_label(f, core.prepared.meta) for f in res["factor"]])
    return res.sort_values("ST", ascending=False).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# what the methods chapter shows (tables as shown, plain downloads, figures)

SETTING_MEANINGS = {
    "INDICATOR_WEIGHTS": "weight of an indicator within its lever (unnamed: 1)",
    "LEVER_WEIGHTS": "weight of each lever in the overall index",
    "AGGREGATION": "kind of average: arithmetic or geometric",
    "MIN_YEARS": "years of real observations an indicator needs to count",
    "MIN_SHARE": "share of a lever's indicators needed in a year",
    "MIN_LEVERS": "levers needed for the overall index in a year",
    "DRAWS": "Monte Carlo versions of the index",
    "SEED": "seed of the random draws",
    "SOBOL_N": "base sample of the Sobol analysis",
}


def settings_table(s: Mapping) -> pd.DataFrame:
    """The settings as plain text, one row each: Setting, Value, Meaning."""
    def show(v):
        if isinstance(v, dict):
            return ", ".join(f"{k} {w:g}" for k, w in v.items()) or "none (all 1)"
        return str(v)

    return pd.DataFrame({"Setting": list(SETTING_NAMES), "Value": [show(s[n]) for n in SETTING_NAMES],
                         "Meaning": [SETTING_MEANINGS[n] for n in SETTING_NAMES]})


def show_settings(s: Mapping, caption: str = "The index settings in force (kzdep/index_settings.py).") -> None:
    """The settings as a numbered table (label tbl-methods-settings). Settings are not data: no download."""
    from IPython.display import Markdown, display

    from kzdep import style

    text = settings_table(s).to_markdown(index=False, disable_numparse=True)
    display(Markdown(style.captioned(text, caption, "methods-settings")))


def _sources_of(a: "Analysis", keys) -> list[str]:
    """The sources of every value of the candidate indicators ``keys`` (their own keys, before any transform)."""
    rows = a.indicators[a.indicators["indicator"].isin(list(keys))]
    return list(dict.fromkeys(rows["source_id"]))


def _original(a: "Analysis", key: str) -> str:
    d = a.prepared.decisions.set_index("indicator")
    return str(d.loc[key, "source_key"]) if key in d.index else key


def decisions_shown(a: "Analysis"):
    """The decision on each candidate indicator: (table as shown, plain download, sources per row)."""
    d = a.prepared.decisions.sort_values(["status", "lever", "label"]).reset_index(drop=True)
    shown = pd.DataFrame({"Indicator": d["label"], "Lever": d["lever"], "Years": d["years"].astype(str),
                          "Span": ["" if pd.isna(f) else str(int(f)) if f == lt else f"{int(f)}-{int(lt)}"
                                   for f, lt in zip(d["first"], d["last"])],
                          "Counted": ["yes" if v == "counted" else "no" for v in d["status"]],
                          "Why not, or what was done": [r[:1].upper() + r[1:] if r else "" for r in d["reason"]]})
    download = d[["indicator", "lever", "label", "unit", "years", "first", "last", "status", "reason"]]
    return shown, download, [_sources_of(a, [k]) for k in d["source_key"]]


def correlations_judged(a: "Analysis") -> pd.DataFrame:
    """The pairs of candidate indicators the redundancy rule judges (at least REDUNDANT_MIN_YEARS common years),
    strongest first. Columns: a, b, label_a, label_b, years, r, dropped (the indicator dropped, or '')."""
    table = check_redundancy(a.indicators, a.settings["MIN_YEARS"], a.settings["_sample_sizes"])
    table = table[table["years"] >= REDUNDANT_MIN_YEARS].copy()
    labels = {**a.prepared.decisions.set_index("indicator")["label"].to_dict()}
    table["label_a"] = table["a"].map(labels)
    table["label_b"] = table["b"].map(labels)
    table["dropped"] = [x if x in DROPPED_REDUNDANT else y if y in DROPPED_REDUNDANT else ""
                        for x, y in zip(table["a"], table["b"])]
    table = table.reindex(table["r"].abs().sort_values(ascending=False).index)
    return table[["a", "b", "label_a", "label_b", "years", "r", "dropped"]].reset_index(drop=True)


def correlations_shown(a: "Analysis", table: pd.DataFrame):
    """(table as shown, plain download, sources per row) of :func:`correlations_judged`."""
    shown = pd.DataFrame({"Indicator": table["label_a"], "and indicator": table["label_b"],
                          "Common years": table["years"].astype(str), "Correlation": [f"{r:.2f}" for r in table["r"]],
                          "Verdict": ["redundant: dropped" if d else "kept" for d in table["dropped"]]})
    sources = [_sources_of(a, [_original(a, x), _original(a, y)]) for x, y in zip(table["a"], table["b"])]
    return shown, table, sources


def conclusions_table(a: "Analysis") -> pd.DataFrame:
    """The change statements with whether each unit rests on the same indicators in both years."""
    c = a.conclusions.copy()
    s = a.settings
    c["same_indicators"] = [like_for_like(a.indicators, u, int(f), int(lt), s["MIN_YEARS"], s["_sample_sizes"])
                            for u, f, lt in zip(c["unit"], c["first"], c["last"])]
    return c


def conclusions_shown(a: "Analysis", c: pd.DataFrame):
    """(table as shown, plain download, sources per row) of :func:`conclusions_table`."""
    def words(unit, first, last, statement):
        subject = "The overall index" if unit == OVERALL else f"The {unit} lever"
        return f"{subject} is {'higher' if ': higher' in statement else 'lower'} in {last} than in {first}"

    shown = pd.DataFrame({"Statement": [words(*r) for r in zip(c["unit"], c["first"], c["last"], c["statement"])],
                          "Versions in which it holds": [f"{h:,} of {n:,}" for h, n in zip(c["holds"], c["draws"])],
                          "Share": [share_text(h, n) for h, n in zip(c["holds"], c["draws"])],
                          "Same indicators in both years": ["yes" if v else "no" for v in c["same_indicators"]]})
    s = a.settings
    sources = [sources_behind(a.indicators, u, [int(f), int(lt)], s["MIN_YEARS"], s["_sample_sizes"])
               for u, f, lt in zip(c["unit"], c["first"], c["last"])]
    return shown, c, sources


def plot_bands(a: "Analysis", start: int = 1995):
    """One panel per lever and the overall index: the range of the versions (bar: 5th-95th percentile), their
    median (dot) and the index at the reader's settings (diamond). Returns (figure, plotted data)."""
    from kzdep import style

    units = [*[u for u in LEVERS if u in set(a.mc["unit"])], OVERALL]
    fig, axes = style.figure(1, len(units), figsize=(7.0, 2.6), sharey=True)
    last = int(a.base.dropna(how="all").index.max())
    for ax, unit in zip(np.atleast_1d(axes), units):
        b = a.bands[(a.bands["unit"] == unit) & (a.bands["year"] >= start)]
        colour = style.colour("Russia") if unit != OVERALL else style.INK
        ax.vlines(b["year"], b["low"], b["high"], color=colour, alpha=0.35, linewidth=3)
        ax.plot(b["year"], b["median"], linestyle="none", marker="o", markersize=2.5, color=colour)
        mine = a.base[unit].dropna()
        mine = mine[mine.index >= start]
        ax.plot(mine.index, mine.to_numpy(), linestyle="none", marker="D", markersize=3, markerfacecolor="white",
                markeredgecolor=style.INK, markeredgewidth=0.7)
        for year in (2014, 2022):
            ax.axvline(year, color=style.MUTED, linewidth=0.7, linestyle=":")
        ax.set_title(unit, fontsize=8.5)
        ax.set_xlim(start - 1, last + 1)
        ax.tick_params(labelsize=6.5)
    np.atleast_1d(axes)[0].set_ylim(-3, 103)
    np.atleast_1d(axes)[0].set_ylabel("index (0-100)", fontsize=8)
    fig.tight_layout(w_pad=0.4)
    mine = a.base.reset_index().melt(id_vars="year", var_name="unit", value_name="at_settings")
    plotted = a.bands[a.bands["year"] >= start].merge(mine, on=["unit", "year"], how="left")
    return fig, plotted.sort_values(["unit", "year"]).reset_index(drop=True)


def factor_label(factor: str, meta: pd.DataFrame) -> str:
    """A Sobol factor in words: 'weight: x' -> 'weight of <x's label>', 'lever weight: trade' -> 'weight of the
    trade lever', 'aggregation' -> 'kind of average'."""
    if factor.startswith("weight: "):
        label = str(meta.loc[factor.removeprefix("weight: "), "label"])
        return f"weight of {label if label.startswith('Russia') else label[:1].lower() + label[1:]}"
    if factor.startswith("lever weight: "):
        return f"weight of the {factor.removeprefix('lever weight: ')} lever"
    return "kind of average" if factor == "aggregation" else factor


def plot_sensitivity(sens: pd.DataFrame, meta: pd.DataFrame):
    """Total (bar) and first-order (thin bar) Sobol indices with their 95 % intervals (whiskers)."""
    from kzdep import style

    top = sens.iloc[::-1]
    labels = [factor_label(f, meta) for f in top["factor"]]
    fig, ax = style.figure(figsize=(7.0, 0.42 * len(top) + 0.9))
    y = np.arange(len(top))
    ax.barh(y + 0.17, top["ST"].clip(lower=0), height=0.34, color=style.colour("Russia"), alpha=0.8,
            xerr=[top["ST"] - top["ST_low"], top["ST_high"] - top["ST"]], ecolor=style.INK, capsize=2,
            label="total effect")
    ax.barh(y - 0.17, top["S1"].clip(lower=0), height=0.34, color=style.INK, alpha=0.75,
            xerr=[top["S1"] - top["S1_low"], top["S1_high"] - top["S1"]], ecolor=style.MUTED, capsize=2,
            label="first order")
    ax.set_yticks(y)
    ax.set_yticklabels([textwrap.fill(t, 36) for t in labels], fontsize=7.5)
    ax.set_xlabel("Sobol index (share of the variance of the change)")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=7.5)
    fig.tight_layout()
    return fig


def stability(a: "Analysis", seeds=None) -> pd.DataFrame:
    """The Sobol analysis at three seeds (the settings' seed and the next two). Columns: factor, seed, S1, ST."""
    seeds = seeds or [int(a.settings["SEED"]) + i for i in range(3)]
    s = a.settings
    frames = []
    for seed in seeds:
        res = index_sensitivity(a.indicators, a.y0, a.y1, n=int(s["SOBOL_N"]), seed=seed,
                                weights=s["INDICATOR_WEIGHTS"], lever_weights=s["LEVER_WEIGHTS"],
                                min_share=s["MIN_SHARE"], min_levers=s["MIN_LEVERS"], min_years=s["MIN_YEARS"],
                                sample_sizes=s["_sample_sizes"])
        frames.append(res.assign(seed=seed))
    return pd.concat(frames, ignore_index=True)


def largest_seed_gap(stab: pd.DataFrame) -> float:
    """The largest difference between two seeds in any first-order or total index."""
    spread = stab.groupby("factor")[["S1", "ST"]].agg(lambda v: v.max() - v.min())
    return float(spread.to_numpy().max())


def methods_findings(a: "Analysis", sens: pd.DataFrame, stab: pd.DataFrame) -> dict[str, str]:
    """The methods chapter's numbers, formatted (names start with ix_), besides :func:`headline`'s."""
    from kzdep import text

    d = a.prepared.decisions
    corr = correlations_judged(a)
    worst = corr[corr["dropped"] != ""].iloc[0] if (corr["dropped"] != "").any() else None
    kept = corr[corr["dropped"] == ""]
    top = sens.iloc[0]
    overall_years = sorted(int(y) for y in a.base[OVERALL].dropna().index)
    out = {
        "ix_min_years": text.integer(a.settings["MIN_YEARS"]),
        "ix_survey_level": text.integer(round(100 * (2 * NormalDist().cdf(SURVEY_Z) - 1))) + " %",
        "ix_sobol_level": text.integer(round(100 * SOBOL_CONF)) + " %",
        "ix_min_items": text.integer(MIN_ITEMS),
        "ix_n_counted": text.integer(int((d["status"] == "counted").sum())),
        "ix_n_candidates": text.integer(len(d)),
        "ix_r_threshold": text.number(REDUNDANT_R, 2),
        "ix_r_years": text.integer(REDUNDANT_MIN_YEARS),
        "ix_overall_years": ", ".join(str(y) for y in overall_years),
        "ix_n_overall_years": text.integer(len(overall_years)),
        "ix_top_factor": factor_label(str(top["factor"]), a.prepared.meta),
        "ix_top_st": text.number(top["ST"], 2),
        "ix_top_st_low": text.number(top["ST_low"], 2),
        "ix_top_st_high": text.number(top["ST_high"], 2),
        "ix_sobol_n": text.integer(a.settings["SOBOL_N"]),
        "ix_sobol_runs": text.integer(a.settings["SOBOL_N"] * (len(sens) + 2)),
        "ix_seed_gap": text.number(largest_seed_gap(stab), 3),
        "ix_n_factors": text.integer(len(sens)),
        "ix_kept_max_r": text.number(kept["r"].abs().max(), 2) if len(kept) else "none",
    }
    poll = a.indicators[a.indicators["indicator"] == "kazakhs_supporting_russia_pct"].sort_values("year")
    sizes = a.settings["_sample_sizes"].get("kazakhs_supporting_russia_pct", {})
    if len(poll) >= 2 and all(int(y) in sizes for y in poll["year"].iloc[:2]):
        (p0, y0), (p1, y1) = zip(poll["value"].iloc[:2], poll["year"].iloc[:2])
        n0, n1 = sizes[int(y0)], sizes[int(y1)]
        diff_margin = SURVEY_Z * 100 * math.sqrt((p0 / 100) * (1 - p0 / 100) / n0 + (p1 / 100) * (1 - p1 / 100) / n1)
        out.update(ix_poll_a=text.percent(p0), ix_poll_a_year=str(int(y0)), ix_poll_b=text.percent(p1),
                   ix_poll_b_year=str(int(y1)), ix_poll_n_a=text.integer(n0), ix_poll_n_b=text.integer(n1),
                   ix_poll_margin=text.number(diff_margin, 1), ix_poll_change=text.number(abs(p1 - p0), 1))
    if worst is not None:
        out.update(ix_dropped_r=text.number(worst["r"], 2), ix_dropped_years=text.integer(worst["years"]))
    return out


# ---------------------------------------------------------------------------------------------------------------
# the whole analysis at the reader's settings, and the strings other chapters quote

@dataclass
class Analysis:
    """Everything the chapters show, computed once at the settings: ``base`` (index at the reader's weights, years x
    units, 0-100), ``mc`` (draws), ``bands``, ``conclusions``, ``prepared`` and the settings used."""

    indicators: pd.DataFrame
    settings: dict
    prepared: Prepared
    base: pd.DataFrame
    mc: pd.DataFrame
    bands: pd.DataFrame
    conclusions: pd.DataFrame
    y0: int
    y1: int


def analyse(indicators: pd.DataFrame, **overrides) -> Analysis:
    """The index and its Monte Carlo at the settings of :mod:`kzdep.index_settings` (``overrides`` for tests)."""
    s = settings(**overrides)
    sizes = survey_sizes() if set(SURVEYS) & set(indicators["indicator"]) else {}
    prepared = prepare(indicators, s["MIN_YEARS"], sizes)
    kw = dict(min_share=s["MIN_SHARE"], min_levers=s["MIN_LEVERS"], min_years=s["MIN_YEARS"], sample_sizes=sizes)
    base = compute_index(indicators, s["AGGREGATION"], s["INDICATOR_WEIGHTS"], s["LEVER_WEIGHTS"], **kw)
    mc = monte_carlo(indicators, draws=int(s["DRAWS"]), seed=int(s["SEED"]), weights=s["INDICATOR_WEIGHTS"],
                     lever_weights=s["LEVER_WEIGHTS"], **kw)
    years = anchor_years(mc, OVERALL)
    if years is None:
        raise ValueError("the overall index has no year up to 2014 and a later year in every draw")
    s["_sample_sizes"] = sizes
    return Analysis(indicators, s, prepared, base, mc, bands(mc), conclusions(mc), *years)


def sensitivity(a: Analysis, unit: str = OVERALL) -> pd.DataFrame:
    """:func:`index_sensitivity` of the overall change from ``a.y0`` to ``a.y1`` at the analysis' settings."""
    s = a.settings
    return index_sensitivity(a.indicators, a.y0, a.y1, unit, n=int(s["SOBOL_N"]), seed=int(s["SEED"]),
                             weights=s["INDICATOR_WEIGHTS"], lever_weights=s["LEVER_WEIGHTS"],
                             min_share=s["MIN_SHARE"], min_levers=s["MIN_LEVERS"], min_years=s["MIN_YEARS"],
                             sample_sizes=s["_sample_sizes"])


def headline(indicators: pd.DataFrame | None = None, analysis: Analysis | None = None) -> dict[str, str]:
    """The formatted strings another chapter (the summary) quotes, at the reader's settings.

    Keys (all strings, glue-ready):

    - ``idx_year`` / ``idx_then_year``: the latest year with an overall index in every version, and the last year
      up to 2014 with one (the years of the comparison);
    - ``idx_now`` / ``idx_then``: the overall index (0-100, whole number) in those years at the reader's settings;
    - ``idx_low`` / ``idx_high``: the lowest and highest overall index in ``idx_year`` over all versions;
    - ``idx_word``: 'higher' or 'lower' (the direction most versions agree on);
    - ``idx_k`` / ``idx_n``: the statement "``idx_word`` in ``idx_year`` than in ``idx_then_year``" holds in k of
      N versions (numbers as text, e.g. '998' and '1,000'); ``idx_share``: k / N as a percentage never rounded up to
      100 % (:func:`share_text`);
    - ``idx_same``: 'yes' when the overall index rests on the same indicators in both years, else 'no';
    - ``idx_n_counted`` / ``idx_n_candidates``: indicators counted, of the directional indicators offered;
    - ``idx_n_years`` / ``idx_years``: how many years have an overall index at the settings, and which ('1999, 2009,
      ...'): the overall index needs three levers, so it exists in few years.

    ``indicators``: :func:`kzdep.summary.usable` of every lever's table (as :func:`kzdep.summary.index_findings`
    passes it); or pass ``analysis`` to reuse one.
    """
    from kzdep import text

    if analysis is None:
        if indicators is None:
            raise ValueError("headline() needs the indicators (kzdep.summary.usable of every lever's table) or an "
                             "analysis")
        analysis = analyse(indicators)
    a = analysis
    k, n = count_rising(a.mc, OVERALL, a.y0, a.y1)
    rising = 2 * k >= n
    holds = k if rising else n - k
    ob = a.bands[a.bands["unit"] == OVERALL].set_index("year")
    s = a.settings
    same = like_for_like(a.indicators, OVERALL, a.y0, a.y1, s["MIN_YEARS"], s["_sample_sizes"])
    counted = a.prepared.decisions["status"] == "counted"
    years = sorted(int(y) for y in a.base[OVERALL].dropna().index)
    return {
        "idx_year": str(a.y1), "idx_then_year": str(a.y0),
        "idx_now": text.number(a.base.loc[a.y1, OVERALL], 0), "idx_then": text.number(a.base.loc[a.y0, OVERALL], 0),
        "idx_low": text.number(ob.loc[a.y1, "lowest"], 0), "idx_high": text.number(ob.loc[a.y1, "highest"], 0),
        "idx_word": "higher" if rising else "lower",
        "idx_k": text.integer(holds), "idx_n": text.integer(n), "idx_share": share_text(holds, n),
        "idx_same": "yes" if same else "no",
        "idx_n_counted": text.integer(int(counted.sum())), "idx_n_candidates": text.integer(len(counted)),
        "idx_n_years": text.integer(len(years)), "idx_years": ", ".join(str(y) for y in years),
    }


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
