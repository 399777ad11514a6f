"""Trade lever: partner shares, the Russia asymmetry, partner concentration and the post-2022 official figures.

The functions take the validated tables of the data package (``trade_dots``, ``trade_official``, ``events``) and
return tidy frames for the chapter ``book/trade.md``. Partner names are the IMF's (``'Russian Federation'``,
``'China, P.R.: Mainland'`` ...). Every value that rests on a row flagged ``series_break`` (the 2010 customs-union
break for Russia, Belarus and the totals containing them) carries ``series_break=True`` so that charts can leave it
out of the line and mark it instead.
"""

from __future__ import annotations

import pandas as pd

from kzdep.indicators import equivalent_number, herfindahl, share_pct

WORLD = "World"
RUSSIA = "Russian Federation"
CHINA = "China, P.R.: Mainland"
EU = "European Union"
ITALY = "Italy"

#: the partner groups of the share chart, in plotting order; 'EU excl. Italy' and 'Other' are computed
GROUPS = ["Russia", "China", "EU excl. Italy", "Italy", "Other"]

FLOWS = ("exports", "imports")


def _check_flow(flow: str) -> None:
    if flow not in FLOWS:
        raise ValueError(f"flow must be one of {FLOWS}, not {flow!r}")


def _wide(trade: pd.DataFrame, flow: str, partners: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Values (US$ m) and break flags, one row per year and one column per partner, for years with all partners."""
    _check_flow(flow)
    rows = trade[(trade["flow"] == flow) & (trade["partner"].isin(partners))]
    values = rows.pivot(index="year", columns="partner", values="value_usd_m")
    flags = rows.assign(brk=rows["series_break"].notna()).pivot(index="year", columns="partner", values="brk")
    values = values.reindex(columns=partners).dropna()
    flags = flags.reindex(index=values.index, columns=partners).astype(bool)
    return values, flags


def partner_values(trade: pd.DataFrame, flow: str) -> pd.DataFrame:
    """Kazakhstan's ``flow`` by partner group (US$ m), one row per year with every group's value.

    Groups: Russia, China (mainland), the EU aggregate less Italy, Italy, and Other = World less Russia, China and
    the EU (so it includes trade the IMF could not allocate to a partner). Years without a Russia row (1992-1993)
    are left out. The column ``series_break`` is True when any input row of that year is flagged.
    """
    values, flags = _wide(trade, flow, [WORLD, RUSSIA, CHINA, EU, ITALY])
    if (values[ITALY] > values[EU] * (1 + 1e-9)).any():
        raise ValueError("Italy larger than the EU aggregate: the EU aggregate must contain Italy")
    out = pd.DataFrame({
        "Russia": values[RUSSIA],
        "China": values[CHINA],
        "EU excl. Italy": values[EU] - values[ITALY],
        "Italy": values[ITALY],
        "Other": values[WORLD] - values[RUSSIA] - values[CHINA] - values[EU],
        "World": values[WORLD],
    })
    if (out["Other"] < -1e-6).any():
        raise ValueError("Russia, China and the EU add up to more than World")
    out["Other"] = out["Other"].clip(lower=0.0)
    out["series_break"] = flags.any(axis=1)
    out.index.name = "year"
    return out.reset_index()


def partner_shares(trade: pd.DataFrame, flow: str) -> pd.DataFrame:
    """Tidy frame of each partner group's share (percent) of Kazakhstan's ``flow`` to or from the World.

    Columns: ``year, flow, group, value_usd_m, world_usd_m, share_pct, series_break``. Every share has World as its
    denominator, so in a year when World is flagged (2010) every group's share is flagged.
    """
    wide = partner_values(trade, flow)
    records = []
    for _, row in wide.iterrows():
        whole = float(row["World"])
        for group in GROUPS:
            value = float(row[group])
            records.append({"year": int(row["year"]), "flow": flow, "group": group, "value_usd_m": value,
                            "world_usd_m": whole, "share_pct": share_pct(value, whole),
                            "series_break": bool(row["series_break"])})
    return pd.DataFrame.from_records(records)


def russia_asymmetry(trade: pd.DataFrame) -> pd.DataFrame:
    """Russia's share (percent) of Kazakhstan's imports and of its exports by year, and their ratio.

    Columns: ``year, imports_share_pct, exports_share_pct, ratio, series_break``.
    """
    out = {}
    for flow in FLOWS:
        shares = partner_shares(trade, flow)
        shares = shares[shares["group"] == "Russia"].set_index("year")
        out[f"{flow}_share_pct"] = shares["share_pct"]
        out[f"{flow}_break"] = shares["series_break"]
    frame = pd.DataFrame(out).dropna()
    frame["ratio"] = frame["imports_share_pct"] / frame["exports_share_pct"]
    frame["series_break"] = frame["imports_break"].astype(bool) | frame["exports_break"].astype(bool)
    frame = frame.drop(columns=["imports_break", "exports_break"])
    frame.index.name = "year"
    return frame.reset_index()[["year", "imports_share_pct", "exports_share_pct", "ratio", "series_break"]]


def bilateral_balance(trade: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Exports to, imports from, turnover with and balance (exports less imports) with ``partner``, US$ m.

    Columns: ``year, partner, exports_usd_m, imports_usd_m, turnover_usd_m, balance_usd_m, series_break``; only years
    with both flows.
    """
    parts = {}
    for flow in FLOWS:
        values, flags = _wide(trade, flow, [partner])
        parts[f"{flow}_usd_m"] = values[partner]
        parts[f"{flow}_break"] = flags[partner]
    frame = pd.DataFrame(parts).dropna()
    frame["turnover_usd_m"] = frame["exports_usd_m"] + frame["imports_usd_m"]
    frame["balance_usd_m"] = frame["exports_usd_m"] - frame["imports_usd_m"]
    frame["series_break"] = frame["exports_break"].astype(bool) | frame["imports_break"].astype(bool)
    frame["partner"] = partner
    frame.index.name = "year"
    return frame.reset_index()[["year", "partner", "exports_usd_m", "imports_usd_m", "turnover_usd_m",
                                "balance_usd_m", "series_break"]]


def partner_hhi(trade: pd.DataFrame, flow: str) -> pd.DataFrame:
    """Herfindahl-Hirschman index (0-10,000) of Kazakhstan's ``flow`` over partner countries, by year.

    Shares are each country's value (``partner_kind == 'country'``) as a percentage of World; unallocated trade is
    left out of the sum (treated as dispersed). Columns: ``year, flow, hhi, equivalent_partners, top_partner,
    top_share_pct, series_break``; ``series_break`` is True when World or any country row of that year is flagged.
    """
    _check_flow(flow)
    rows = trade[trade["flow"] == flow]
    world = rows[rows["partner"] == WORLD].set_index("year")
    countries = rows[rows["partner_kind"] == "country"]
    records = []
    for year, group in countries.groupby("year"):
        if year not in world.index:
            continue
        whole = float(world.loc[year, "value_usd_m"])
        total = float(group["value_usd_m"].sum())
        if total > whole * (1 + 1e-4):
            raise ValueError(f"{flow} {year}: partner countries add up to {total}, more than World {whole}")
        whole = max(whole, total)  # rounding: the countries exceed World by under US$ 0.03 m in 1992-1993
        shares = group.set_index("partner")["value_usd_m"].map(lambda v: share_pct(float(v), whole))
        hhi = herfindahl(shares.values)
        flagged = bool(pd.notna(world.loc[year, "series_break"])) or bool(group["series_break"].notna().any())
        records.append({"year": int(year), "flow": flow, "hhi": hhi, "equivalent_partners": equivalent_number(hhi),
                        "top_partner": shares.idxmax(), "top_share_pct": float(shares.max()),
                        "series_break": flagged})
    return pd.DataFrame.from_records(records)


def rank_of(trade: pd.DataFrame, flow: str, year: int, partner: str) -> int:
    """Rank (1 = largest) of ``partner`` among partner countries in ``flow`` in ``year``."""
    _check_flow(flow)
    rows = trade[(trade["flow"] == flow) & (trade["year"] == year) & (trade["partner_kind"] == "country")]
    ordered = rows.sort_values("value_usd_m", ascending=False)["partner"].tolist()
    if partner not in ordered:
        raise ValueError(f"no {flow} row for {partner!r} in {year}")
    return ordered.index(partner) + 1


def first_year_above(shares: pd.DataFrame, leader: str, follower: str, since: int | None = None,
                     skip_breaks: bool = True) -> int | None:
    """First year from which ``leader``'s share stays above ``follower``'s in every later year of ``shares``.

    ``shares`` is a :func:`partner_shares` frame; flagged years are ignored when ``skip_breaks``. None if never.
    """
    frame = shares if not skip_breaks else shares[~shares["series_break"]]
    wide = frame.pivot(index="year", columns="group", values="share_pct").sort_index()
    if since is not None:
        wide = wide[wide.index >= since]
    above = wide[leader] > wide[follower]
    answer = None
    for year in reversed(wide.index.tolist()):
        if above.loc[year]:
            answer = int(year)
        else:
            break
    return answer


def mask_breaks(frame: pd.DataFrame, columns: list[str], flag: str = "series_break") -> pd.DataFrame:
    """A copy of ``frame`` with ``columns`` set to missing where ``flag`` is True (so a line plot shows a gap)."""
    out = frame.copy()
    for col in columns:
        out[col] = out[col].astype("float64").where(~out[flag].astype(bool))
    return out


# ---------------------------------------------------------------------------------------------------------------
# official statements after 2019

def official_full_year(official: pd.DataFrame, measure: str = "turnover",
                       partners: tuple[str, ...] = ("russia", "china")) -> pd.DataFrame:
    """Full-year rows of ``trade_official`` for ``measure`` and ``partners`` (part-year rows are dropped)."""
    rows = official[(official["period"] == "full_year") & (official["measure"] == measure)
                    & (official["partner"].isin(partners))]
    return rows.sort_values(["partner", "year", "reporter", "value_usd_m"]).reset_index(drop=True)


def _span_bn(values: pd.Series) -> str:
    values = sorted(float(v) / 1000 for v in values)
    if not values:
        return ""
    if abs(values[-1] - values[0]) < 0.05:
        return f"{values[0]:.1f}"
    return f"{values[0]:.1f}-{values[-1]:.1f}"


def reporter_comparison(official: pd.DataFrame, measure: str = "turnover",
                        partners: tuple[str, ...] = ("russia", "china")) -> pd.DataFrame:
    """Full-year ``measure`` by year and partner with the Kazakh, Russian and other figures side by side (US$ bn).

    Several rows for one reporter are shown as a range ``low-high``; an empty cell means no such figure.
    Columns: ``year, partner, KZ, RU, other, spread_bn`` (largest less smallest figure of that year, US$ bn; missing
    when there is only one figure).
    """
    rows = official_full_year(official, measure, partners)
    records = []
    for (partner, year), group in rows.groupby(["partner", "year"], sort=True):
        rec = {"year": int(year), "partner": partner}
        for reporter in ("KZ", "RU", "other"):
            rec[reporter] = _span_bn(group.loc[group["reporter"] == reporter, "value_usd_m"])
        rec["spread_bn"] = ((group["value_usd_m"].max() - group["value_usd_m"].min()) / 1000
                            if len(group) > 1 else float("nan"))
        records.append(rec)
    return pd.DataFrame.from_records(records, columns=["year", "partner", "KZ", "RU", "other", "spread_bn"])


def official_value(official: pd.DataFrame, year: int, partner: str, measure: str, reporter: str,
                   source_id: str | None = None, period: str = "full_year") -> float:
    """The one value stated for this year, period, partner, measure and reporter (and source, if given)."""
    rows = official[(official["year"] == year) & (official["period"] == period) & (official["partner"] == partner)
                    & (official["measure"] == measure) & (official["reporter"] == reporter)]
    if source_id is not None:
        rows = rows[rows["source_id"] == source_id]
    if len(rows) != 1:
        raise ValueError(f"{len(rows)} rows for {year} {period} {partner} {measure} {reporter} {source_id}")
    return float(rows["value_usd_m"].iloc[0])


def trade_events(events: pd.DataFrame, start: str = "2007", end: str = "2016") -> pd.DataFrame:
    """Trade-lever events between ``start`` and ``end`` (ISO date strings), one row per date.

    Where the register holds two wordings of one dated event, the longer is kept and the sources of both are listed
    (``source_ids``, separated by ';').
    """
    rows = events[(events["lever"] == "trade") & (events["date"] >= start) & (events["date"] < end)]
    records = []
    for date, group in rows.groupby("date", sort=True):
        wording = max(group["event"], key=len)  # the fuller of two wordings
        records.append({"date": date, "event": wording,
                        "source_ids": ";".join(dict.fromkeys(group["source_id"]))})
    return pd.DataFrame.from_records(records, columns=["date", "event", "source_ids"])


# ---------------------------------------------------------------------------------------------------------------
# charts

def plot_broken(ax, frame: pd.DataFrame, column: str, x: str = "year", flag: str = "series_break",
                label: str | None = None, **style):
    """Plot ``column`` against ``x`` as a line with a gap at flagged points, each flagged value a hollow marker.

    The flagged values are shown, not hidden, but never joined to the line: they are not comparable with the
    years around them. Returns the list of (x, y) flagged points drawn, for annotation.
    """
    masked = mask_breaks(frame, [column], flag)
    (line,) = ax.plot(masked[x], masked[column], label=label, **style)
    flagged = frame[frame[flag].astype(bool)]
    points = list(zip(flagged[x].tolist(), flagged[column].astype(float).tolist()))
    if points:
        ax.plot([p[0] for p in points], [p[1] for p in points], linestyle="none", marker="o", markersize=5,
                markerfacecolor="white", markeredgecolor=line.get_color(), markeredgewidth=1.3)
    return points


# ---------------------------------------------------------------------------------------------------------------
# sanctions evidence

EVIDENCE_GROUPS = ("Western governments and the EU", "Analysts, investigators and media", "Kazakh government")


def evidence_group(actor: str) -> str:
    """Which kind of actor made a statement in ``sanctions_evidence``: one of :data:`EVIDENCE_GROUPS`.

    Rows whose actor starts with 'Kazakh' are the Kazakh government (including joint rows such as a ministry and a
    foreign ambassador); rows starting with 'US', 'UK' or 'EU' are Western governments and EU bodies; the rest
    (economists, the EBRD, news agencies and investigative projects) are analysts, investigators and media.
    """
    actor = actor.strip()
    if actor.startswith("Kazakh"):
        return EVIDENCE_GROUPS[2]
    if actor.startswith(("US ", "UK ", "EU ", "EU(", "EU (")) or actor in ("US", "UK", "EU"):
        return EVIDENCE_GROUPS[0]
    return EVIDENCE_GROUPS[1]


# --- yearly indicators (contract: /work/helpers/CONTRACT.md) ---

INDICATOR_COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                     "series", "note"]


def _indicator_rows(frame: pd.DataFrame, column: str, indicator: str, label: str, unit: str, direction: int,
                    source_id: str, tier: str, series: str, break_note: str = "customs-union series break") -> list:
    rows = []
    for _, row in frame.iterrows():
        note = break_note if bool(row.get("series_break", False)) else ""
        rows.append({"lever": "trade", "indicator": indicator, "label": label, "year": int(row["year"]),
                     "value": float(row[column]), "unit": unit, "direction": direction, "tier": tier,
                     "source_id": source_id, "series": series, "note": note})
    return rows


def yearly_indicators() -> pd.DataFrame:
    """The trade lever's indicators by year (IMF DOTS as reported by Kazakhstan), in the contract's tidy form."""
    from kzdep import data

    dots = data.load("trade_dots")
    source_id = str(dots["source_id"].iloc[0])
    if dots["source_id"].nunique() != 1:
        raise ValueError("trade_dots: expected one source for the whole series")
    tier = str(data.source(source_id)["tier"])
    asym = russia_asymmetry(dots)
    imports = partner_shares(dots, "imports")
    china = imports[imports["group"] == "China"]
    hhi = partner_hhi(dots, "imports")
    ru = bilateral_balance(dots, RUSSIA)
    cn = bilateral_balance(dots, CHINA).set_index("year")
    ratio = ru.set_index("year")[["turnover_usd_m", "series_break"]].join(
        cn["turnover_usd_m"].rename("turnover_usd_m_cn"), how="inner")
    ratio["ratio"] = ratio["turnover_usd_m"] / ratio["turnover_usd_m_cn"]
    ratio = ratio.reset_index()
    rows = []
    rows += _indicator_rows(asym, "imports_share_pct", "imports_from_russia_share",
                            "Imports from Russia, share of all imports", "percent", 1, source_id, tier, "imf-dots")
    rows += _indicator_rows(asym, "exports_share_pct", "exports_to_russia_share",
                            "Exports to Russia, share of all exports", "percent", 1, source_id, tier, "imf-dots")
    rows += _indicator_rows(china, "share_pct", "imports_from_china_share",
                            "Imports from China, share of all imports", "percent", 0, source_id, tier, "imf-dots")
    rows += _indicator_rows(hhi, "hhi", "partner_hhi_imports", "Concentration of imports by partner (HHI)",
                            "index 0-10000", 1, source_id, tier, "imf-dots")
    rows += _indicator_rows(ratio, "ratio", "russia_china_turnover_ratio",
                            "Trade with Russia over trade with China", "ratio", 1, source_id, tier, "imf-dots")
    rows += _indicator_rows(ru, "balance_usd_m", "trade_balance_with_russia_usd_m",
                            "Trade balance with Russia (exports less imports)", "US$ m", 0, source_id, tier,
                            "imf-dots")
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


def findings() -> dict[str, str]:
    """Formatted numbers for the chapter's prose (name -> text), from :func:`yearly_indicators`."""
    from kzdep import text

    ind = yearly_indicators().set_index(["indicator", "year"])["value"]
    last = int(ind.loc["imports_from_russia_share"].index.max())
    return {
        "trade_last_year": str(last),
        "trade_imports_ru_2013": text.percent(ind.loc[("imports_from_russia_share", 2013)]),
        "trade_imports_ru_last": text.percent(ind.loc[("imports_from_russia_share", last)]),
        "trade_exports_ru_last": text.percent(ind.loc[("exports_to_russia_share", last)]),
        "trade_imports_cn_last": text.percent(ind.loc[("imports_from_china_share", last)]),
        "trade_hhi_imports_last": text.integer(ind.loc[("partner_hhi_imports", last)]),
        "trade_deficit_ru_last": text.money_bn(-ind.loc[("trade_balance_with_russia_usd_m", last)]),
    }
