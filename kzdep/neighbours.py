"""Kazakhstan among Russia's neighbours: the same indicators for ten countries, and an index with rank intervals.

The chapter ``book/neighbours.md`` tells the story; this module does the work:

* :func:`trade_shares`: Russia's and China's shares of each country's exports and imports, from three series kept
  apart (never joined into one line): the country's own IMF DOTS records (1992-2020), the mirror records of Russia
  and China in the same extraction (divided by the country's own total), and the national statistics offices of
  Kazakhstan, Kyrgyzstan and Uzbekistan (to 2023).
* :func:`remittances`: the World Bank/KNOMAD matrix for 2021, both ways.
* :func:`gas`: pipeline gas from Russia in 2025 against consumption, where the Energy Institute names the importer.
* :func:`ties`: CSTO, Eurasian Economic Union (with its 2010 customs union), Russian forces hosted, per year.
* :func:`arms_shares` and :func:`vote_shares`: Russia's share of major-arms imports and the UN votes cast as Russia
  did, from the security and people extracts when the data package holds them (empty frames otherwise).
* :func:`indicator_panel`, :func:`index_results`: the cross-country index (``kzdep.index``'s block for comparing
  countries), and :func:`findings` / :func:`yardstick` for the prose and the summary.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import data as _data
from . import index as _index
from . import text

#: ISO3 -> name, in the order the chapter lists them (Kazakhstan first)
COUNTRIES = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "UZB": "Uzbekistan", "TJK": "Tajikistan",
             "TKM": "Turkmenistan", "ARM": "Armenia", "AZE": "Azerbaijan", "GEO": "Georgia", "BLR": "Belarus",
             "MNG": "Mongolia"}
BNS_PARTNERS = {"Всего": "world", "Россия": "russia", "Китай": "china"}

#: the indicators of the index: label, direction (+1: higher = more dependent on Russia), goalposts
INDICATORS = {
    "imports_ru": ("Russia's share of imports", 1, (0.0, 100.0)),
    "exports_ru": ("Russia's share of exports", 1, (0.0, 100.0)),
    "remit_ru": ("Russia's share of remittances received", 1, (0.0, 100.0)),
    "ties": ("Ties to Russia (CSTO, EAEU, Russian forces with consent; 0-3)", 1, (0.0, 3.0)),
    "arms_ru": ("Russia's share of major-arms imports (5 years)", 1, (0.0, 100.0)),
    "votes_ru": ("UN votes on Ukraine cast as Russia's", 1, (0.0, 100.0)),
}
#: which year of each indicator a snapshot uses (the latest common to the ten countries, and one before 2014)
SNAPSHOTS = {
    "latest": {"imports_ru": 2020, "exports_ru": 2020, "remit_ru": 2021, "ties": 2021, "arms_ru": 2025,
               "votes_ru": None},
    "2013": {"imports_ru": 2013, "exports_ru": 2013, "remit_ru": None, "ties": 2013, "arms_ru": 2013,
             "votes_ru": None},
}
#: an indicator enters a snapshot only if at least this share of the ten countries has a real value for it
MIN_COUNTRY_SHARE = 0.6
#: a country is ranked only with real values for at least this share of the snapshot's indicators
MIN_INDICATOR_SHARE = 0.5
#: two indicators whose ranks across the countries correlate at least this much (Spearman: one extreme country,
#: such as Belarus, cannot make two indicators look alike) count one quantity twice: the later one is dropped
REDUNDANCY_THRESHOLD = 0.9
REDUNDANCY_METHOD = "spearman"
#: years in one window of arms imports (SIPRI's trend-indicator values, summed over the window)
ARMS_WINDOW = 5


def name(iso: str) -> str:
    return COUNTRIES.get(iso, iso)


# ---------------------------------------------------------------------------------------------------------------
# trade

def _latest_bns() -> pd.DataFrame:
    """Kazakhstan's bureau: world, Russia and China, each year from its latest release."""
    bns = _data.load("trade_bns")
    bns = bns[bns["partner"].isin(BNS_PARTNERS)]
    bns = bns.sort_values("release").drop_duplicates(["year", "partner", "flow"], keep="last")
    return pd.DataFrame({"country": "KAZ", "year": bns["year"].astype(int), "flow": bns["flow"],
                         "partner": bns["partner"].map(BNS_PARTNERS), "series": "national",
                         "value_usd_m": bns["value_usd_m"].astype(float), "flag": "",
                         "source_id": bns["source_id"]})


def trade_values() -> pd.DataFrame:
    """Every trade value: the neighbours extract and Kazakhstan's bureau (latest release of each year)."""
    t = _data.load("neighbours_trade")
    t["flag"] = t["flag"].fillna("")
    return pd.concat([t, _latest_bns()], ignore_index=True)


def trade_shares() -> pd.DataFrame:
    """Russia's and China's shares (percent) of each country's exports and imports, per series.

    ``dots`` and ``national`` divide by the same series' world total; ``dots_mirror`` divides the partner's
    record by the country's own DOTS world total of the same flow. ``estimate`` is True where a value or its total
    is an IMF estimate (or preliminary). Columns: country, year, flow, partner, series, share_pct, estimate,
    source_id (';'-joined when two sources enter)."""
    t = trade_values()
    t["estimate"] = t["flag"].ne("")
    world = t[t["partner"].eq("world")].set_index(["country", "year", "flow", "series"])
    own_world = world.xs("dots", level="series") if "dots" in world.index.get_level_values("series") else None
    rows = t[t["partner"].isin(["russia", "china"])].copy()
    out = []
    for rec in rows.itertuples(index=False):
        if rec.series == "dots_mirror":
            key = (rec.country, rec.year, rec.flow)
            if own_world is None or key not in own_world.index:
                continue
            tot = own_world.loc[key]
        else:
            key = (rec.country, rec.year, rec.flow, rec.series)
            if key not in world.index:
                continue
            tot = world.loc[key]
        if not tot["value_usd_m"] > 0:
            continue
        ids = list(dict.fromkeys([rec.source_id, tot["source_id"]]))
        out.append({"country": rec.country, "year": int(rec.year), "flow": rec.flow, "partner": rec.partner,
                    "series": rec.series, "share_pct": 100.0 * rec.value_usd_m / tot["value_usd_m"],
                    "estimate": bool(rec.estimate or tot["estimate"]), "source_id": ";".join(ids)})
    frame = pd.DataFrame(out)
    order = {c: i for i, c in enumerate(COUNTRIES)}
    return frame.sort_values(["country", "series", "flow", "partner", "year"],
                             key=lambda s: s.map(order) if s.name == "country" else s).reset_index(drop=True)


def trade_share(shares: pd.DataFrame, country: str, year: int, flow: str, partner: str = "russia",
                series: str = "dots") -> float:
    hit = shares[(shares["country"] == country) & (shares["year"] == year) & (shares["flow"] == flow)
                 & (shares["partner"] == partner) & (shares["series"] == series)]
    return float(hit["share_pct"].iloc[0]) if len(hit) else float("nan")


def estimate_counts(shares: pd.DataFrame) -> pd.DataFrame:
    """Per country: how many of its own DOTS Russia/China shares rest on an IMF estimate."""
    own = shares[shares["series"] == "dots"]
    return own.groupby("country")["estimate"].agg(["sum", "size"]).rename(columns={"sum": "estimates",
                                                                                     "size": "values"})


# ---------------------------------------------------------------------------------------------------------------
# remittances, gas, ties

def remittances() -> pd.DataFrame:
    """Per country (2021, US$ million): received from Russia and in all, sent to Russia and in all, Russia's
    share of each, and the net flow with Russia (received from it less sent to it)."""
    r = _data.load("neighbours_remittances").pivot(index="country", columns="flow", values="value_usd_m")
    r = r.reindex(list(COUNTRIES))
    r["from_russia_pct"] = 100.0 * r["received_from_russia"] / r["received_total"]
    r["to_russia_pct"] = 100.0 * r["sent_to_russia"] / r["sent_total"]
    r["net_with_russia"] = r["received_from_russia"] - r["sent_to_russia"]
    return r


def gas() -> pd.DataFrame:
    """Pipeline gas from Russia in 2025 (bcm) and, where EI names the importer, its share of consumption."""
    g = _data.load("neighbours_gas").copy()
    g["from_russia_pct_of_consumption"] = 100.0 * g["from_russia_bcm"] / g["consumption_bcm"]
    return g


def ties_table() -> pd.DataFrame:
    return _data.load("neighbours_ties")


def ties(year: int) -> pd.Series:
    """Number of ties in ``year`` per country: CSTO member, EAEU (or its customs union) member, Russian forces on
    its territory with its consent (0-3). Forces without the host's consent do not count as a tie."""
    t = ties_table()
    until = t["until"].fillna(9999)
    # a former member counts in the years it was one; forces without the host's consent never count
    live = t[(t["since"] <= year) & (until > year) & t["status"].ne("without_consent")]
    count = live.drop_duplicates(["country", "tie"]).groupby("country").size()
    return count.reindex(list(COUNTRIES), fill_value=0).astype(float)


# ---------------------------------------------------------------------------------------------------------------
# arms and votes: from the security and people extracts when the data package has them

def _has(resource: str) -> bool:
    return resource in _data.resource_names()


def arms_shares(last_year: int, window: int = ARMS_WINDOW) -> pd.Series:
    """Russia's share (percent) of each country's major-arms imports over the ``window`` years to ``last_year``,
    from one SIPRI release (the register of May 2026, deals spread over their years of delivery as the security
    chapter does); NaN for a country that imported nothing then; empty when the data package does not hold it."""
    from . import security

    windows_fn = getattr(security, "register_windows", None)
    if windows_fn is None or not _has("arms_register_2026"):
        return pd.Series(dtype="float64", name="arms_ru")
    deals = _data.load("arms_register_2026")
    deals = deals[deals["recipient_iso3"].isin(list(COUNTRIES))]
    iso = dict(zip(deals["recipient"], deals["recipient_iso3"]))
    win = windows_fn(deals, [(last_year - window + 1, last_year)])
    out = pd.Series(win["who_share_pct"].to_numpy(), index=win["recipient"].map(iso), dtype="float64")
    return out.reindex(list(COUNTRIES)).rename("arms_ru")


def arms_windows(last_year: int, window: int = ARMS_WINDOW, n: int = 4) -> pd.DataFrame:
    """Russia's share of each country's arms imports in ``n`` consecutive windows to ``last_year`` (long)."""
    rows = []
    for k in range(n):
        end = last_year - k * window
        s = arms_shares(end, window)
        for iso3, v in s.items():
            rows.append({"iso3": iso3, "start": end - window + 1, "end": end, "russia_share_pct": v})
    return pd.DataFrame(rows)


#: the year of military spending the chapter shows (the last of SIPRI's 2025 release)
MILEX_YEAR = 2024


def milex(year: int = MILEX_YEAR) -> pd.DataFrame:
    """Military spending in ``year`` (SIPRI 2025 release): share of GDP and current US$ million per country;
    empty when the data package does not hold the release."""
    if not _has("milex_sipri_2025"):
        return pd.DataFrame(columns=["share_gdp_pct", "current_usd_m"])
    m = _data.load("milex_sipri_2025")
    m = m[(m["year"] == year) & m["iso3"].isin(list(COUNTRIES)) & m["measure"].isin(["share_gdp_pct",
                                                                                     "current_usd_m"])]
    return m.pivot(index="iso3", columns="measure", values="value").reindex(list(COUNTRIES))


def vote_shares() -> pd.DataFrame:
    """Share (percent) of the Ukraine and Crimea resolutions since 2014 on which each country voted as Russia did,
    with the number of resolutions; empty when the people module does not offer ``vote_alignment``."""
    try:
        from . import people
        fn = getattr(people, "vote_alignment", None)
        if fn is None:
            return pd.DataFrame(columns=["n", "same", "share_pct"])
        out = fn(list(COUNTRIES))
    except Exception as exc:  # the votes extract is not in this data package
        if type(exc).__name__ in ("DataError", "KeyError", "FileNotFoundError"):
            return pd.DataFrame(columns=["n", "same", "share_pct"])
        raise
    return out.set_index("iso3").reindex(list(COUNTRIES))


# ---------------------------------------------------------------------------------------------------------------
# the index across countries

def indicator_values(snapshot: str) -> pd.DataFrame:
    """Countries x indicators for one snapshot (NaN where no real value exists)."""
    years = SNAPSHOTS[snapshot]
    shares = trade_shares()
    out = pd.DataFrame(index=list(COUNTRIES))
    if years["imports_ru"]:
        out["imports_ru"] = [trade_share(shares, c, years["imports_ru"], "imports") for c in COUNTRIES]
    if years["exports_ru"]:
        out["exports_ru"] = [trade_share(shares, c, years["exports_ru"], "exports") for c in COUNTRIES]
    if years["remit_ru"]:
        out["remit_ru"] = remittances()["from_russia_pct"]
    if years["ties"]:
        out["ties"] = ties(years["ties"])
    if years["arms_ru"]:
        arms = arms_shares(years["arms_ru"])
        if arms.notna().any():
            out["arms_ru"] = arms
    if snapshot == "latest":
        votes = vote_shares()
        if len(votes) and votes["share_pct"].notna().any():
            out["votes_ru"] = votes["share_pct"].astype(float)
    out.index.name = "country"
    return out


def covered(values: pd.DataFrame, min_share: float = MIN_COUNTRY_SHARE) -> list[str]:
    """The indicators with real values for at least ``min_share`` of the countries."""
    need = math.ceil(min_share * len(values) - 1e-9)
    return [c for c in values.columns if values[c].notna().sum() >= need]


def indicator_panel(weights: Mapping[str, float] | None = None) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """The two snapshots stacked (rows 'ISO3 snapshot'), restricted to the indicators both cover well enough, with
    no redundant pair. Returns (values, indicators kept, dropped: indicator, reason)."""
    frames, dropped = {}, []
    for snap in SNAPSHOTS:
        frames[snap] = indicator_values(snap)
    keep_sets = {snap: set(covered(v)) for snap, v in frames.items()}
    allcols = list(dict.fromkeys(c for v in frames.values() for c in v.columns))
    keep = []
    for c in allcols:
        missing = [s for s in SNAPSHOTS if c not in keep_sets[s]]
        if missing and c not in keep_sets["latest"]:
            dropped.append({"indicator": c, "reason": "too few countries with a real value"})
        else:
            keep.append(c)
    stacked = pd.concat({s: v.reindex(columns=keep) for s, v in frames.items()}, names=["snapshot", "country"])
    stacked.index = [f"{c} {s}" for s, c in stacked.index]
    # redundancy: over the latest snapshot's countries; the later of a pair (in INDICATORS order) is dropped
    latest = frames["latest"].reindex(columns=keep)
    for pair in _index.redundant_pairs(latest, REDUNDANCY_THRESHOLD, method=REDUNDANCY_METHOD).itertuples():
        if pair.b in keep and pair.a in keep:
            keep.remove(pair.b)
            dropped.append({"indicator": pair.b, "reason": f"correlates with {pair.a} at r = {pair.r:.2f}"})
    return stacked[keep], keep, pd.DataFrame(dropped, columns=["indicator", "reason"])


def directions() -> dict[str, int]:
    return {k: v[1] for k, v in INDICATORS.items()}


def goalposts() -> dict[str, tuple[float, float]]:
    return {k: v[2] for k, v in INDICATORS.items()}


def min_indicators(n: int) -> int:
    return max(1, math.ceil(MIN_INDICATOR_SHARE * n - 1e-9))


def index_results(weights: Mapping[str, float] | None = None, normalisations=("minmax", "zscore", "goalposts"),
                  aggregations=("arithmetic", "geometric"), draws: int = 1000, seed: int = 2014,
                  normalisation: str = "minmax", aggregation: str = "arithmetic") -> dict:
    """The index for both snapshots: the central scores (the reader's normalisation, aggregation and weights),
    the Monte Carlo ranks and their 95 % intervals, and what was dropped."""
    values, keep, dropped = indicator_panel(weights)
    w = {k: v for k, v in (weights or {}).items() if k in keep}
    unknown = set(weights or {}) - set(INDICATORS)
    if unknown:
        raise KeyError(f"weights given for unknown indicators: {sorted(unknown)} (known: {sorted(INDICATORS)})")
    need = min_indicators(len(keep))
    # a country-snapshot is ranked only with enough real values among the indicators that snapshot has
    present = {s: [c for c in keep if values.loc[[r for r in values.index if r.endswith(" " + s)], c].notna().any()]
               for s in SNAPSHOTS}
    dirs, gp = directions(), goalposts()
    central = _index.cross_scores(values, dirs, normalisation, aggregation, w, 1, gp)
    mc = _index.cross_monte_carlo(values, dirs, draws=draws, seed=seed, normalisations=tuple(normalisations),
                                  aggregations=tuple(aggregations), weights=w, min_indicators=1, goalposts=gp)
    counts = values.notna().sum(axis=1)
    snap_of = {r: r.split(" ", 1)[1] for r in values.index}
    rankable = {r for r in values.index if counts[r] >= min_indicators(len(present[snap_of[r]]))}
    central = central.where(central.index.isin(rankable))
    mc = mc[mc["row"].isin(rankable)]
    ranks = _index.cross_rank_intervals(mc, groups=snap_of)
    table = pd.DataFrame({"row": values.index, "country": [r.split(" ")[0] for r in values.index],
                          "snapshot": [snap_of[r] for r in values.index], "n_indicators": counts.to_numpy(),
                          "score": central.to_numpy()})
    table = table.merge(ranks.drop(columns="group"), left_on="row", right_index=True, how="left")
    table["central_rank"] = table.groupby("snapshot")["score"].rank(ascending=False, method="min")
    return {"values": values, "indicators": keep, "dropped": dropped, "table": table, "draws": mc,
            "present": present, "min_indicators": need}


# ---------------------------------------------------------------------------------------------------------------
# findings for the prose and the summary

def vote_years() -> tuple[int, int] | None:
    """First and last year of the UN vote records (None when the package lacks them)."""
    if not _has("un_votes_records"):
        return None
    years = _data.load("un_votes_records")["date"].astype(str).str[:4].astype(int)
    return int(years.min()), int(years.max())


def snapshot_years(snapshot: str) -> dict[str, str]:
    """Indicator -> the year (or years) a snapshot takes it from, as printed; indicators it lacks are left out."""
    years = SNAPSHOTS[snapshot]
    out = {}
    for key in ("imports_ru", "exports_ru", "remit_ru", "ties"):
        if years[key]:
            out[key] = str(years[key])
    if years["arms_ru"]:
        out["arms_ru"] = f"{years['arms_ru'] - ARMS_WINDOW + 1}-{years['arms_ru']}"
    vy = vote_years()
    if snapshot == "latest" and vy:
        out["votes_ru"] = f"{vy[0]}-{vy[1]}"
    return out


_SHORT = {"imports_ru": "trade", "exports_ru": "trade", "remit_ru": "remittances", "ties": "ties",
          "arms_ru": "arms", "votes_ru": "votes"}


def snapshot_phrase(snapshot: str) -> str:
    """'trade 2020, remittances and ties 2021, arms 2021-2025, votes 2014-2025': indicators grouped by year."""
    groups: dict[str, list[str]] = {}
    for key, yrs in snapshot_years(snapshot).items():
        names = groups.setdefault(yrs, [])
        if _SHORT[key] not in names:
            names.append(_SHORT[key])
    return ", ".join(" and ".join(n) + " " + y for y, n in groups.items())


def snapshot_label(snapshot: str) -> str:
    """The legend label of a snapshot: its name and what it holds."""
    if snapshot == "latest":
        return f"latest ({snapshot_phrase(snapshot)})"
    held = list(dict.fromkeys(_SHORT[k] for k in snapshot_years(snapshot)))
    return f"{snapshot} ({', '.join(held)})"


def method_findings() -> dict[str, str]:
    """The choices the chapter's method notes state, from the module's constants."""
    n = len(COUNTRIES)
    then = [k for k in SNAPSHOTS if k != "latest"][0]
    then_years = snapshot_years(then)
    held = list(dict.fromkeys(_SHORT[k] for k in then_years))
    return {
        "nb_snapshot_latest_years": snapshot_phrase("latest"),
        "nb_snapshot_then": then,
        "nb_snapshot_then_holds": (", ".join(held[:-1]) + " and " + held[-1]) if len(held) > 1 else held[0],
        "nb_snapshot_then_arms": then_years.get("arms_ru", "no years"),
        "nb_min_countries": text.integer(math.ceil(MIN_COUNTRY_SHARE * n - 1e-9)),
        "nb_n_countries": text.integer(n),
        "nb_country_years": text.integer(n * len(SNAPSHOTS)),
        "nb_ties_max": text.integer(INDICATORS["ties"][2][1]),
        "nb_redundancy_threshold": text.number(REDUNDANCY_THRESHOLD, 1),
        "nb_arms_window": text.integer(ARMS_WINDOW),
        "nb_dots_last_year": str(int(_data.load("neighbours_trade").query("series == 'dots'")["year"].max())),
        "nb_gas_n_named": text.integer(int(gas()["importer"].isin(list(COUNTRIES)).sum())),
    }

def _rank_phrase(row) -> str:
    lo, hi = int(row["rank_low"]), int(row["rank_high"])
    between = (f"between {text.integer(lo)} and {text.integer(hi)} in 95 % of versions" if lo != hi
               else f"{_ordinal(lo)} in 95 % of versions")
    return f"{_ordinal(int(row['central_rank']))} of {text.integer(row['n_ranked'])} ({between})"


def _rank_word(n: int) -> str:
    """'' for the first ('the highest'), else the ordinal and a space ('the 3rd highest')."""
    return "" if n == 1 else _ordinal(n) + " "


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def findings(results: dict | None = None) -> dict[str, str]:
    """Every number the chapter's prose and the summary quote, formatted."""
    res = index_results() if results is None else results
    shares = trade_shares()
    rem = remittances()
    g = gas().set_index("importer")
    tab = res["table"].set_index("row")
    out = {}
    for snap, label in (("latest", "now"), ("2013", "then")):
        row = tab.loc[f"KAZ {snap}"]
        out[f"nb_kaz_rank_{label}"] = _rank_phrase(row) if pd.notna(row["score"]) else "unranked"
    y0, y1 = SNAPSHOTS["2013"]["imports_ru"], SNAPSHOTS["latest"]["imports_ru"]
    imp = {c: trade_share(shares, c, y1, "imports") for c in COUNTRIES}
    order = sorted(imp, key=lambda c: -imp[c])
    out["nb_imports_year"] = str(y1)
    out["nb_kaz_imports_ru"] = text.percent(imp["KAZ"])
    out["nb_kaz_imports_pos"] = _ordinal(order.index("KAZ") + 1)
    above = order[:order.index("KAZ")]
    out["nb_imports_above"] = (" and ".join(f"{name(c)} ({text.percent(imp[c])})" for c in above)
                               if above else "no other country")
    out["nb_top_imports_country"] = name(order[0])
    out["nb_top_imports_ru"] = text.percent(imp[order[0]])
    out["nb_low_imports_country"] = name(order[-1])
    out["nb_low_imports_ru"] = text.percent(imp[order[-1]])
    out["nb_median_imports_ru"] = text.percent(float(np.median(list(imp.values()))))
    out["nb_kaz_imports_ru_then"] = text.percent(trade_share(shares, "KAZ", y0, "imports"))
    out["nb_then_year"] = str(y0)
    cn = {c: trade_share(shares, c, y1, "imports", "china") for c in COUNTRIES}
    out["nb_kaz_imports_cn"] = text.percent(cn["KAZ"])
    out["nb_n_china_above_russia"] = text.integer(sum(1 for c in COUNTRIES if cn[c] > imp[c]))
    nat = shares[(shares["series"] == "national") & (shares["flow"] == "imports") & (shares["partner"] == "russia")]
    last = nat["year"].max()
    out["nb_national_last_year"] = str(int(last))
    for c in ("KAZ", "KGZ", "UZB"):
        out[f"nb_{c.lower()}_imports_ru_national_last"] = text.percent(
            trade_share(shares, c, int(last), "imports", series="national"))
    est = estimate_counts(shares)
    out["nb_n_estimates"] = text.integer(est["estimates"].sum())
    out["nb_most_estimates_country"] = name(est["estimates"].idxmax())
    out["nb_kaz_remit_from_ru"] = text.percent(rem.loc["KAZ", "from_russia_pct"])
    out["nb_kaz_remit_in_ru_usd"] = text.money_bn(rem.loc["KAZ", "received_from_russia"], 2)
    out["nb_kaz_remit_out_ru_usd"] = text.money_bn(rem.loc["KAZ", "sent_to_russia"], 2)
    out["nb_kaz_remit_net"] = text.money_bn(-rem.loc["KAZ", "net_with_russia"], 1)
    top = rem["received_from_russia"].idxmax()
    out["nb_top_remit_country"] = name(top)
    out["nb_top_remit_usd"] = text.money_bn(rem.loc[top, "received_from_russia"], 1)
    out["nb_n_net_senders"] = text.integer((rem["net_with_russia"] < 0).sum())
    out["nb_gas_year"] = str(int(g["year"].iloc[0]))
    out["nb_gas_kaz_pct"] = text.percent(g.loc["KAZ", "from_russia_pct_of_consumption"])
    out["nb_gas_blr_pct"] = text.percent(g.loc["BLR", "from_russia_pct_of_consumption"])
    out["nb_gas_other_cis_bcm"] = text.number(g.loc["OTHER_CIS", "from_russia_bcm"], 1)
    t_now = ties(SNAPSHOTS["latest"]["ties"])
    out["nb_ties_year"] = str(SNAPSHOTS["latest"]["ties"])
    out["nb_kaz_ties"] = text.integer(t_now["KAZ"])
    out["nb_n_three_ties"] = text.integer((t_now == 3).sum())
    out["nb_n_indicators"] = text.integer(len(res["indicators"]))
    out["nb_min_indicators"] = text.integer(res["min_indicators"])
    out["nb_draws"] = text.integer(res["draws"]["draw"].nunique())
    out["nb_other_levers"] = other_levers(res)
    out["yardstick"] = yardstick(res, out)
    out.update(method_findings())
    return out


def other_levers(res: dict) -> str:
    """The sentences on arms, military spending and votes: what the data package holds for the ten countries."""
    parts = []
    last = SNAPSHOTS["latest"]["arms_ru"]
    arms = arms_shares(last)
    if arms.notna().any():
        order = arms.dropna().sort_values(ascending=False)
        parts.append(f"Russia supplied {text.percent(arms['KAZ'])} of Kazakhstan's major arms imports in "
                     f"{last - ARMS_WINDOW + 1}-{last} by SIPRI's trend-indicator values, the "
                     f"{_rank_word(list(order.index).index('KAZ') + 1)}highest share of the {len(order)} countries "
                     f"that imported any (Belarus {text.percent(arms['BLR'])}, Georgia "
                     f"{text.percent(arms['GEO'])}).")
    m = milex()
    if len(m) and m["share_gdp_pct"].notna().any():
        g = m["share_gdp_pct"].dropna()
        parts.append(f"Kazakhstan spent {text.number(m.loc['KAZ', 'share_gdp_pct'], 2)} % of its GDP on its "
                     f"military in {MILEX_YEAR} (US$ {text.number(m.loc['KAZ', 'current_usd_m'] / 1000, 2)} bn), the "
                     f"{_rank_word(list(g.sort_values().index).index('KAZ') + 1)}lowest share of the {len(g)} "
                     f"countries SIPRI gives, against {text.number(g.max(), 2)} % in {name(g.idxmax())}.")
    v = vote_shares()
    if len(v) and v["share_pct"].notna().any():
        parts.append(f"On the UN resolutions on Ukraine and Crimea since 2014, Kazakhstan voted as Russia did on "
                     f"{text.integer(v.loc['KAZ', 'same'])} of {text.integer(v.loc['KAZ', 'n'])} "
                     f"({text.percent(v.loc['KAZ', 'share_pct'])}).")
    missing = [label for key, label in (("arms", "arms transfers"), ("milex", "military spending"),
                                         ("votes", "UN votes"))
               if (key == "arms" and not arms.notna().any()) or (key == "milex" and not len(m))
               or (key == "votes" and not (len(v) and v["share_pct"].notna().any()))]
    if missing:
        listed = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
        parts.append("The " + listed + " of the ten countries are not yet in the data package; "
                     "until they are, the comparison rests on what is, and the security and people chapters give "
                     "Kazakhstan's own figures.")
    return " ".join(parts)


def yardstick(res: dict, f: Mapping[str, str]) -> str:
    """The finding for the summary, in two sentences: where Kazakhstan stands on each lever the data package
    holds, then on the index, now and before 2014."""
    levers = [f"Kazakhstan bought {f['nb_kaz_imports_ru']} of its imports from Russia in {f['nb_imports_year']}, the "
              f"{f['nb_kaz_imports_pos']} highest share (median {f['nb_median_imports_ru']})",
              f"it sends more remittances to Russia ({f['nb_kaz_remit_out_ru_usd']} in 2021) than it receives"]
    arms = arms_shares(SNAPSHOTS["latest"]["arms_ru"])
    if arms.notna().any():
        order = list(arms.dropna().sort_values(ascending=False).index)
        levers.append(f"Russia supplied {text.percent(arms['KAZ'])} of its major arms in "
                      f"{SNAPSHOTS['latest']['arms_ru'] - ARMS_WINDOW + 1}-{SNAPSHOTS['latest']['arms_ru']} (the "
                      f"{_rank_word(order.index('KAZ') + 1)}highest share)")
    v = vote_shares()
    if len(v) and v["share_pct"].notna().any():
        levers.append(f"it voted as Russia did on {text.integer(v.loc['KAZ', 'same'])} of "
                      f"{text.integer(v.loc['KAZ', 'n'])} UN resolutions on Ukraine since 2014")
    first = "Among ten neighbours of Russia, " + "; ".join(levers[:-1]) + "; and " + levers[-1] + "."
    return (first + f" On an index of {f['nb_n_indicators']} indicators Kazakhstan ranks {f['nb_kaz_rank_now']}, "
            f"against {f['nb_kaz_rank_then']} in {f['nb_then_year']}.")


# ---------------------------------------------------------------------------------------------------------------
# figures: each returns (figure, the plotted data as numbers); the chapter publishes them

SERIES_STYLE = {"dots": dict(linestyle="-", marker=None, lw=1.6, label="own IMF record"),
                "dots_mirror": dict(linestyle=":", marker=None, lw=1.3, label="Russia's record (mirror)"),
                "national": dict(linestyle="-", marker="o", ms=2.5, lw=1.0, label="national office")}
def trade_source_ids(flow: str = "imports") -> list[str]:
    """Every source behind Russia's shares of the ten countries' ``flow`` (all series)."""
    s = trade_shares()
    s = s[(s["partner"] == "russia") & (s["flow"] == flow)]
    return list(dict.fromkeys(i for cell in s["source_id"] for i in cell.split(";")))


def spread_labels(values, gap: float) -> list[float]:
    """Label positions for ``values`` (in their order) moved apart so that no two are closer than ``gap``, each as
    near its value as the others allow (pushed up in order, then the block re-centred on the values)."""
    v = np.asarray(values, dtype="float64")
    order = np.argsort(v, kind="stable")
    pos = v[order].copy()
    for i in range(1, len(pos)):
        pos[i] = max(pos[i], pos[i - 1] + gap)
    # shift each run of pushed labels back down by half its excess, keeping the gaps
    pos -= (pos - v[order]).mean() if len(pos) else 0.0
    for i in range(1, len(pos)):
        pos[i] = max(pos[i], pos[i - 1] + gap)
    out = np.empty_like(pos)
    out[order] = pos
    return out.tolist()


def dots_id(iso: str) -> str:
    """The DOTS source of a country's own records (Kazakhstan's workbook is registered on its own)."""
    return "imf-dots-2022" if iso == "KAZ" else "imf-dots-2021-neighbours"


INDICATOR_SOURCES = {"imports_ru": None, "exports_ru": None, "remit_ru": ["wb-knomad-brm-2021"],
                     "arms_ru": ["sipri-at-2026"], "votes_ru": None, "ties": None}


def indicator_sources(key: str, iso: str | None = None) -> list[str]:
    """The sources of one indicator (for one country, or for all)."""
    if key in ("imports_ru", "exports_ru"):
        return [dots_id(iso)] if iso else ["imf-dots-2022", "imf-dots-2021-neighbours"]
    if key == "ties":
        t = ties_table()
        return list(dict.fromkeys(t["source_id"] if iso is None else t.loc[t["country"] == iso, "source_id"]))
    if key == "votes_ru":
        return list(dict.fromkeys(_vote_source_ids()))
    return list(INDICATOR_SOURCES[key])


def _vote_source_ids() -> list[str]:
    try:
        return list(dict.fromkeys(_data.load("un_votes_records")["source_id"]))
    except Exception:  # not in this data package
        return []


def row_sources(results: dict, iso: str, *snapshots: str) -> str:
    """The sources behind one country's index scores in the snapshots named ('; '-joined)."""
    ids = []
    for snap in snapshots:
        row = results["values"].loc[f"{iso} {snap}"]
        for key in results["indicators"]:
            if pd.notna(row.get(key)):
                ids += indicator_sources(key, iso)
    return "; ".join(dict.fromkeys(ids)) or dots_id(iso)


def _country_colour(iso: str) -> str:
    from . import style
    return style.colour("Kazakhstan") if iso == "KAZ" else style.colour("Other")


def import_multiples(flow: str = "imports"):
    """Small multiples: Russia's share of each country's ``flow``, one panel per country, the three series
    drawn apart (own DOTS, Russia's mirror record, national office), IMF estimates as hollow markers."""
    from . import style
    shares = trade_shares()
    data = shares[(shares["partner"] == "russia") & (shares["flow"] == flow)]
    fig, axes = style.figure(2, 5, figsize=(7.0, 4.2), sharex=True, sharey=True)
    for ax, iso in zip(axes.flat, COUNTRIES):
        for series, kw in SERIES_STYLE.items():
            d = data[(data["country"] == iso) & (data["series"] == series)].sort_values("year")
            if d.empty:
                continue
            colour = style.colour("Russia") if series != "dots_mirror" else style.MUTED
            ax.plot(d["year"], d["share_pct"], color=colour, linestyle=kw["linestyle"], lw=kw["lw"],
                    marker=kw["marker"], ms=kw.get("ms", 0), label=kw["label"])
            est = d[d["estimate"]]
            ax.plot(est["year"], est["share_pct"], linestyle="none", marker="o", ms=3.5, mfc="white",
                    mec=colour, mew=0.9)
        ax.set_title(name(iso), fontsize=8.5, color=style.INK if iso != "KAZ" else style.colour("Kazakhstan"))
        ax.tick_params(labelsize=7)
        ax.set_xticks([1995, 2010, 2023])
        ax.set_xticklabels(["1995", "2010", "2023"])
        ax.set_ylim(0, 80)
    axes[0, 0].set_ylabel("percent", fontsize=8)
    axes[1, 0].set_ylabel("percent", fontsize=8)
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, bbox_to_anchor=(0.5, -0.04))
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    frame = data.rename(columns={"country": "iso3"})[["iso3", "year", "series", "share_pct", "estimate",
                                                     "source_id"]]
    return fig, frame.reset_index(drop=True)


def partner_dots(year: int):
    """A ranked dot plot: Russia's and China's shares of each country's imports and exports in ``year`` (own
    DOTS records), countries ordered by Russia's share of imports."""
    from . import style
    shares = trade_shares()
    d = shares[(shares["year"] == year) & (shares["series"] == "dots")]
    wide = d.pivot_table(index="country", columns=["flow", "partner"], values="share_pct")
    wide.columns = [f"{p}_{f}_pct" for f, p in wide.columns]
    wide = wide.sort_values("russia_imports_pct")
    fig, axes = style.figure(1, 2, figsize=(7.0, 3.6), sharey=True)
    ypos = np.arange(len(wide))
    for ax, flow in zip(axes, ("imports", "exports")):
        for partner, colour in (("russia", style.colour("Russia")), ("china", style.colour("China"))):
            ax.plot(wide[f"{partner}_{flow}_pct"], ypos, "o", color=colour, ms=5, label=partner.capitalize())
        ax.set_title(f"Share of {flow}, {year}", fontsize=10)
        ax.set_xlabel("percent")
        ax.set_xlim(0, 100)
        ax.grid(axis="x", color="#dddddd")
    axes[0].set_yticks(ypos)
    axes[0].set_yticklabels([name(c) for c in wide.index])
    for lab in axes[0].get_yticklabels():
        if lab.get_text() == "Kazakhstan":
            lab.set_color(style.colour("Kazakhstan"))
            lab.set_fontweight("bold")
    axes[1].legend(loc="lower right")
    fig.tight_layout()
    frame = wide.reset_index().rename(columns={"country": "iso3"})
    frame.insert(1, "year", year)
    frame["source_id"] = frame["iso3"].map(dots_id)
    return fig, frame


def import_slopes(then: int, now: int):
    """Slope chart: Russia's share of each country's imports in ``then`` and ``now`` (own DOTS records)."""
    from . import style
    shares = trade_shares()
    rows = []
    for iso in COUNTRIES:
        rows.append({"iso3": iso, "then_year": then, "then_pct": trade_share(shares, iso, then, "imports"),
                     "now_year": now, "now_pct": trade_share(shares, iso, now, "imports")})
    frame = pd.DataFrame(rows)
    frame["source_id"] = frame["iso3"].map(dots_id)
    fig, ax = style.figure(figsize=(7.0, 4.2))
    right = spread_labels(frame["now_pct"], 2.2)
    left = spread_labels(frame["then_pct"], 2.2)
    for r, yr, yl in zip(frame.itertuples(), right, left):
        colour = _country_colour(r.iso3)
        lw = 2.4 if r.iso3 == "KAZ" else 1.2
        ax.plot([0, 1], [r.then_pct, r.now_pct], color=colour, lw=lw, marker="o", ms=4)
        ax.text(1.04, yr, f"{name(r.iso3)} {r.now_pct:.0f}", va="center", fontsize=7.5, color=colour)
        ax.text(-0.04, yl, f"{r.then_pct:.0f}", va="center", ha="right", fontsize=7.5, color=colour)
    ax.set_xticks([0, 1])
    ax.set_xticklabels([str(then), str(now)])
    ax.set_xlim(-0.3, 1.55)
    ax.set_ylabel("Russia's share of imports, percent")
    ax.grid(False)
    return fig, frame


def remittance_bars():
    """Diverging bars, 2021: remittances each country receives from Russia (right) and sends to it (left)."""
    from . import style
    r = remittances()
    frame = r[["received_from_russia", "sent_to_russia", "received_total", "from_russia_pct"]].reset_index()
    frame = frame.rename(columns={"country": "iso3"}).sort_values("received_from_russia")
    fig, ax = style.figure(figsize=(7.0, 3.8))
    y = np.arange(len(frame))
    ax.barh(y, frame["received_from_russia"] / 1000, color=style.colour("Russia"), label="received from Russia")
    ax.barh(y, -frame["sent_to_russia"] / 1000, color=style.colour("Kazakhstan"), label="sent to Russia")
    ax.set_yticks(y)
    ax.set_yticklabels([name(c) for c in frame["iso3"]])
    ax.axvline(0, color=style.MUTED, lw=0.8)
    ax.set_xlabel("US$ billion, 2021 (sent to Russia drawn to the left)")
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right")
    frame.insert(1, "year", 2021)
    return fig, frame.reset_index(drop=True)


def rank_dots(results: dict):
    """Ranked dot plot with intervals: each country's median rank and 95 % interval over the Monte Carlo
    versions, in the two snapshots side by side (1 = the most dependent on Russia)."""
    from . import style
    tab = results["table"].dropna(subset=["median_rank"]).copy()
    order = (tab[tab["snapshot"] == "latest"].sort_values(["central_rank", "median_rank"])["country"].tolist())
    order += [c for c in COUNTRIES if c not in order]
    fig, ax = style.figure(figsize=(7.0, 4.0))
    pos = {c: len(order) - 1 - i for i, c in enumerate(order)}
    for snap, dy, colour, label in (("2013", 0.17, style.MUTED, snapshot_label("2013")),
                                    ("latest", -0.17, style.colour("Russia"), snapshot_label("latest"))):
        d = tab[tab["snapshot"] == snap]
        y = d["country"].map(pos) + dy
        ax.hlines(y, d["rank_low"], d["rank_high"], color=colour, lw=2, alpha=0.6)
        ax.plot(d["central_rank"], y, "o", color=colour, ms=5, label=label)
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([name(c) for c in reversed(order)])
    for lab in ax.get_yticklabels():
        if lab.get_text() == "Kazakhstan":
            lab.set_color(style.colour("Kazakhstan"))
            lab.set_fontweight("bold")
    ax.set_xlim(10.6, 0.4)
    ax.set_xticks(range(1, 11))
    ax.set_xlabel("rank among the ten (1 = most dependent on Russia); bar: 95 % of versions")
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8)
    frame = tab[["country", "snapshot", "n_indicators", "score", "central_rank", "median_rank", "rank_low",
                 "rank_high", "n_ranked"]].rename(columns={"country": "iso3"})
    frame["source_id"] = [row_sources(results, c, s) for c, s in zip(frame["iso3"], frame["snapshot"])]
    return fig, frame.reset_index(drop=True)




def rank_slopes(results: dict):
    """Slope chart of each country's index rank, 2013 to the latest snapshot (central settings)."""
    from . import style
    tab = results["table"].pivot(index="country", columns="snapshot", values="central_rank")
    frame = tab.reindex(list(COUNTRIES)).reset_index().rename(columns={"country": "iso3", "2013": "rank_2013",
                                                                      "latest": "rank_latest"})
    frame["source_id"] = [row_sources(results, c, "2013", "latest") for c in frame["iso3"]]
    fig, ax = style.figure(figsize=(7.0, 4.0))
    shown = frame.dropna(subset=["rank_2013", "rank_latest"])
    for r, y in zip(shown.itertuples(), spread_labels(shown["rank_latest"], 0.45)):
        colour = _country_colour(r.iso3)
        ax.plot([0, 1], [r.rank_2013, r.rank_latest], color=colour, lw=2.4 if r.iso3 == "KAZ" else 1.2,
                marker="o", ms=4)
        ax.text(1.04, y, name(r.iso3), va="center", fontsize=7.5, color=colour)
    ax.set_ylim(10.5, 0.5)
    ax.set_yticks(range(1, 11))
    ax.set_xticks([0, 1])
    ax.set_xticklabels(["2013", "latest"])
    ax.set_xlim(-0.2, 1.45)
    ax.set_ylabel("rank (1 = most dependent)")
    ax.grid(False)
    return fig, frame


# ---------------------------------------------------------------------------------------------------------------
# tables

def index_source_ids(results: dict | None = None) -> list[str]:
    """Every source behind the index: those of each indicator it uses (all considered when ``results`` is None)."""
    keys = (list(results["indicators"]) + list(results["dropped"]["indicator"]) if results is not None
            else ["imports_ru", "exports_ru", "remit_ru", "ties"])
    return list(dict.fromkeys(i for k in keys for i in indicator_sources(k)))


def ties_source_ids() -> list[str]:
    return list(dict.fromkeys(ties_table()["source_id"]))


def ties_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, download) of the ties table: one row per country, tie and source; the shown table cites."""
    t = ties_table().copy()
    t["until"] = t["until"].astype("Int64")
    order = {c: i for i, c in enumerate(COUNTRIES)}
    t = t.sort_values(["country", "tie", "since"], key=lambda s: s.map(order) if s.name == "country" else s)
    labels = {"csto": "CSTO", "eaeu": "EAEU", "russian_forces": "Russian forces"}
    shown = pd.DataFrame({
        "Country": t["country"].map(name), "Tie": t["tie"].map(labels),
        "Years": [f"{s}-{'' if pd.isna(u) else u}" for s, u in zip(t["since"], t["until"])],
        "What the source states": t["description"],
        "Source": [f"{{cite}}`{s}`" for s in t["source_id"]]})
    download = t[["country", "tie", "since", "until", "status", "description", "source_id"]].rename(
        columns={"country": "iso3"})
    return shown.reset_index(drop=True), download.reset_index(drop=True)


def gas_table() -> pd.DataFrame:
    g = gas()
    return pd.DataFrame({"Importer": g["importer_name"], "From Russia (bcm)": g["from_russia_bcm"],
                         "All pipeline imports (bcm)": g["pipeline_imports_bcm"],
                         "Consumption (bcm)": g["consumption_bcm"],
                         "From Russia, % of consumption": g["from_russia_pct_of_consumption"]})


def indicator_table(results: dict) -> pd.DataFrame:
    """One row per indicator considered: label, the years used in each snapshot, countries with a value in the
    latest snapshot, the largest absolute correlation with another kept indicator, and whether it is used."""
    values = results["values"]
    latest = values[[r.endswith(" latest") for r in values.index]]
    everything = {s: indicator_values(s) for s in SNAPSHOTS}
    corr = latest.corr(method=REDUNDANCY_METHOD)
    rows = []
    for key, (label, _, _) in INDICATORS.items():
        has = [s for s in SNAPSHOTS if key in everything[s].columns]
        if not has:
            continue
        n = int(everything["latest"][key].notna().sum()) if key in everything["latest"] else 0
        r = corr[key].drop(key).abs().max() if key in corr else float("nan")
        dropped = results["dropped"].set_index("indicator")["reason"].get(key, "")
        rows.append({"source_id": "; ".join(indicator_sources(key)), "Indicator": label,
                     "Latest year": SNAPSHOTS["latest"][key] if key in everything["latest"] else "",
                     "2013": SNAPSHOTS["2013"][key] if key in everything["2013"] else "",
                     "Countries (latest)": n, "Largest rank correlation (absolute)": r,
                     "Used": "yes" if key in results["indicators"] else f"no: {dropped}"})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------------------------
# arms, spending and votes (drawn once the data package holds the security and people extracts)

def arms_dots(last_year: int | None = None, window: int = 5, n: int = 4):
    """Dot plot: Russia's share of each country's major-arms imports in ``n`` five-year windows to
    ``last_year`` (default: the latest snapshot's), darker for later windows; countries by the latest share."""
    from . import style
    last_year = last_year or SNAPSHOTS["latest"]["arms_ru"]
    frame = arms_windows(last_year, window, n)
    latest = frame[frame["end"] == last_year].set_index("iso3")["russia_share_pct"]
    order = latest.fillna(-1).sort_values().index.tolist()
    fig, ax = style.figure(figsize=(7.0, 3.8))
    ends = sorted(frame["end"].unique())
    palette = ["#cccccc", "#999999", "#e8877c", style.colour("Russia")][-len(ends):]
    for k, end in enumerate(ends):
        d = frame[frame["end"] == end].set_index("iso3").reindex(order)
        ax.plot(d["russia_share_pct"], range(len(order)), "o", color=palette[k], ms=5.5 if k == len(ends) - 1
                else 4.5, label=f"{end - window + 1}-{end}", zorder=2 + k)
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([name(c) for c in order])
    ax.set_xlim(-3, 103)
    ax.set_xlabel("Russia's share of major-arms imports, percent of SIPRI trend-indicator values")
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, ncol=len(ends))
    frame = frame.copy()
    frame["source_id"] = "sipri-at-2026"
    return fig, frame


def milex_table(year: int = 2024) -> pd.DataFrame:
    """Military spending in ``year``: share of GDP (percent) and current US$ million, SIPRI 2025 release."""
    m = milex(year)
    return pd.DataFrame({"Country": [name(c) for c in m.index], "Share of GDP (%)": m["share_gdp_pct"].to_numpy(),
                         "US$ million (current)": m["current_usd_m"].to_numpy()})


def vote_dots():
    """Dot plot: share of the Ukraine and Crimea resolutions since 2014 on which each country voted as Russia."""
    from . import style
    v = vote_shares().dropna(subset=["share_pct"]).sort_values("share_pct")
    fig, ax = style.figure(figsize=(7.0, 3.6))
    ax.plot(v["share_pct"], range(len(v)), "o", color=style.colour("Russia"), ms=6)
    ax.set_yticks(range(len(v)))
    ax.set_yticklabels([name(c) for c in v.index])
    ax.set_xlim(-3, 103)
    ax.set_xlabel("percent of the resolutions on which the country voted as Russia did")
    ax.grid(axis="x", color="#dddddd")
    ax.grid(axis="y", visible=False)
    frame = v[["n", "same", "share_pct"]].reset_index().rename(columns={"index": "iso3", "country": "iso3"})
    return fig, frame
