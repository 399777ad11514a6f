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


# ---------------------------------------------------------------------------------------------------------------
# the bureau's figures, 2018-2023 (trade_bns)

#: the bureau's (Russian) names of the rows used under the IMF's names, so the DOTS functions above apply
BNS_TO_IMF = {"Всего": WORLD, "Россия": RUSSIA, "Китай": CHINA, "Италия": ITALY}
#: the 27 present EU members as the bureau names them; its own row 'Страны ЕС' holds the United Kingdom until 2022
BNS_EU27 = ["Австрия", "Бельгия", "Болгария", "Кипр", "Чешская Республика", "Германия", "Дания", "Эстония",
            "Испания", "Финляндия", "Франция", "Греция", "Хорватия", "Венгрия", "Ирландия", "Италия", "Литва",
            "Люксембург", "Республика Латвия", "Мальта", "Нидерланды", "Польша", "Португалия", "Румыния", "Швеция",
            "Словения", "Словакия"]
#: the code (column ``code`` of trade_bns, from data/bns_partners.csv) of the bureau's total row
BNS_TOTAL = "world"
#: partners whose trade the bureau takes from its enterprise survey (form 1-TS), not from customs declarations
EAEU_SURVEY = ("Россия", "Беларусь", "Армения", "Кыргызстан")


def bns_latest(bns: pd.DataFrame) -> pd.DataFrame:
    """One row per year, partner and flow: the value of the latest release that holds it (the chapter's choice).

    A partner is its ``code`` (one per partner across releases), not its Russian name: 14 partners are spelt
    differently in two releases of the same year, and matching by name would count them twice."""
    ordered = bns.sort_values(["year", "code", "flow", "release"])
    return ordered.groupby(["year", "code", "flow"], sort=True).tail(1).reset_index(drop=True)


def release_comparison(bns: pd.DataFrame) -> pd.DataFrame:
    """For each year published twice: how many values the two releases share, and how many differ.

    Values are matched by partner code and flow (a partner spelt differently in the two releases is matched by
    its code). Columns: ``year, first_release, second_release, matched, differing, max_abs_diff_usd_m,
    names_in_one_release`` (values whose partner is in one release only: none, as long as every code is in both).
    """
    records = []
    for year, group in bns.groupby("year"):
        releases = sorted(group["release"].unique())
        if len(releases) < 2:
            continue
        first, second = releases[0], releases[-1]
        a = group[group["release"] == first].set_index(["code", "flow"])["value_usd_m"]
        b = group[group["release"] == second].set_index(["code", "flow"])["value_usd_m"]
        common = a.index.intersection(b.index)
        diff = (a.loc[common] - b.loc[common]).abs()
        only = len(a.index.symmetric_difference(b.index))
        records.append({"year": int(year), "first_release": int(first), "second_release": int(second),
                        "matched": int(len(common)), "differing": int((diff > 0.0005).sum()),
                        "max_abs_diff_usd_m": float(diff.max()) if len(diff) else 0.0,
                        "names_in_one_release": int(only)})
    return pd.DataFrame.from_records(records)


def bns_as_dots(bns: pd.DataFrame) -> pd.DataFrame:
    """The bureau's latest figures in the layout of ``trade_dots`` (so that the DOTS functions apply).

    World, Russia, China and Italy take the IMF's names; 'European Union' is the sum of the 27 present members (as
    in DOTS, and unlike the bureau's own EU row, which holds the United Kingdom until 2022); groups become
    aggregates; ``series_break`` is empty; ``source_id`` is the release's.
    """
    latest = bns_latest(bns)
    out = latest.assign(
        partner=latest["partner"].map(lambda p: BNS_TO_IMF.get(p, p)),
        partner_kind=latest["partner_kind"].map({"total": "aggregate", "group": "aggregate",
                                                 "country": "country"}),
        series_break=pd.NA, imf_estimate=False)
    eu = latest[latest["partner"].isin(BNS_EU27)]
    counts = eu.groupby(["year", "flow"])["partner"].nunique()
    if (counts != len(BNS_EU27)).any():
        bad = counts[counts != len(BNS_EU27)]
        raise ValueError(f"trade_bns: EU27 members missing in {bad.to_dict()} (year, flow: members found)")
    eu_rows = eu.groupby(["year", "flow"], as_index=False).agg(value_usd_m=("value_usd_m", "sum"),
                                                               source_id=("source_id", "first"))
    eu_rows = eu_rows.assign(partner=EU, partner_kind="aggregate", series_break=pd.NA, imf_estimate=False)
    cols = ["year", "flow", "partner", "partner_kind", "value_usd_m", "imf_estimate", "series_break", "source_id"]
    return pd.concat([out[cols], eu_rows[cols]], ignore_index=True).sort_values(
        ["flow", "partner", "year"]).reset_index(drop=True)


def bns_source(bns: pd.DataFrame, year: int) -> str:
    """The source of the bureau's figures for ``year`` as the chapter uses them: the latest release holding it."""
    rows = bns[bns["year"] == int(year)]
    if rows.empty:
        raise ValueError(f"trade_bns: no release holds {year}")
    return str(rows.sort_values("release")["source_id"].iloc[-1])


def series_source(bns: pd.DataFrame, series: str, year: int, dots_source: str = "imf-dots-2022") -> str:
    """Which source gives a row of a joined series: the IMF's DOTS extract or the bureau's release for the year."""
    if series == "imf-dots":
        return dots_source
    if series == "bns":
        return bns_source(bns, year)
    raise ValueError(f"unknown series {series!r} (imf-dots or bns)")


def bns_value(bns: pd.DataFrame, year: int, partner: str, flow: str, release: int | None = None) -> float:
    """One value (US$ m) of the bureau's table: ``partner`` as the bureau names it; latest release unless given."""
    rows = bns[(bns["year"] == year) & (bns["partner"] == partner) & (bns["flow"] == flow)]
    if release is not None:
        rows = rows[rows["release"] == release]
    if rows.empty:
        raise ValueError(f"trade_bns: no {flow} value for {partner!r} in {year}"
                         + (f" (release {release})" if release else ""))
    return float(rows.sort_values("release")["value_usd_m"].iloc[-1])


def joined(dots: pd.DataFrame, bns: pd.DataFrame, function, *args) -> pd.DataFrame:
    """``function(table, *args)`` on DOTS and on the bureau's table, stacked with a ``series`` column.

    ``series`` is 'imf-dots' or 'bns'; the overlap years (2018-2020) appear once in each series, never merged.
    """
    a = function(dots, *args).assign(series="imf-dots")
    b = function(bns_as_dots(bns), *args).assign(series="bns")
    return pd.concat([a, b], ignore_index=True)


def overlap_table(dots: pd.DataFrame, bns: pd.DataFrame) -> pd.DataFrame:
    """The years both series cover: Russia's and the World's values and Russia's shares, DOTS against the bureau.

    Columns: ``year, measure, imf_dots, bns, diff_pct`` (the bureau less DOTS, in percent of DOTS; for shares,
    the difference in percentage points is in ``diff_pp``).
    """
    kz = bns_as_dots(bns)
    years = sorted(set(dots["year"]) & set(kz["year"]))
    records = []
    for year in years:
        for flow in FLOWS:
            vals = {}
            for label, table in (("imf_dots", dots), ("bns", kz)):
                rows = table[(table["year"] == year) & (table["flow"] == flow)].set_index("partner")["value_usd_m"]
                vals[label] = (float(rows[RUSSIA]), float(rows[WORLD]))
            for k, what in enumerate(("Russia", "World")):
                a, b = vals["imf_dots"][k], vals["bns"][k]
                records.append({"year": year, "measure": f"{flow.capitalize()}, {what} (US$ m)", "imf_dots": a,
                                "bns": b, "diff_pct": 100.0 * (b - a) / a, "diff_pp": float("nan")})
            a = share_pct(*vals["imf_dots"])
            b = share_pct(*vals["bns"])
            records.append({"year": year, "measure": f"{flow.capitalize()}, Russia's share (%)", "imf_dots": a,
                            "bns": b, "diff_pct": float("nan"), "diff_pp": b - a})
    return pd.DataFrame.from_records(records)


def turnover(table: pd.DataFrame, partner: str) -> pd.Series:
    """Exports plus imports with ``partner`` by year (a DOTS-layout table), US$ m."""
    return bilateral_balance(table, partner).set_index("year")["turnover_usd_m"]


def top_partners(bns: pd.DataFrame, year: int, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest partner countries by turnover in ``year`` (latest release), with their share of the total.

    Columns: ``rank, code, partner, partner_en, exports_usd_m, imports_usd_m, turnover_usd_m, share_pct``
    (``partner`` is the bureau's Russian name in the latest release, ``code`` its ISO 3166-1 code).
    """
    latest = bns_latest(bns)
    rows = latest[(latest["year"] == year)]
    total = rows[rows["code"] == BNS_TOTAL].groupby("flow")["value_usd_m"].sum()
    countries = rows[rows["partner_kind"] == "country"]
    names = countries.drop_duplicates("code").set_index("code")[["partner", "partner_en"]]
    wide = countries.pivot_table(index="code", columns="flow", values="value_usd_m", aggfunc="sum").fillna(0.0)
    wide["turnover_usd_m"] = wide["exports"] + wide["imports"]
    wide = wide.sort_values("turnover_usd_m", ascending=False).head(n)
    whole = float(total.sum())
    out = pd.DataFrame({"rank": range(1, len(wide) + 1), "code": wide.index,
                        "partner": names.loc[wide.index, "partner"].values,
                        "partner_en": names.loc[wide.index, "partner_en"].values,
                        "exports_usd_m": wide["exports"].values, "imports_usd_m": wide["imports"].values,
                        "turnover_usd_m": wide["turnover_usd_m"].values})
    out["share_pct"] = out["turnover_usd_m"].map(lambda v: share_pct(v, whole))
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------------------------
# mirror statistics

def kz_series(dots: pd.DataFrame, bns: pd.DataFrame, partner: str, switch_year: int = 2018) -> pd.DataFrame:
    """Kazakhstan's exports to and imports from ``partner`` (IMF name) by year: DOTS before ``switch_year``, the
    bureau from it. Columns: ``year, exports_usd_m, imports_usd_m, series, series_break``."""
    a = bilateral_balance(dots, partner)
    a = a[a["year"] < switch_year].assign(series="imf-dots")
    b = bilateral_balance(bns_as_dots(bns), partner)
    b = b[b["year"] >= switch_year].assign(series="bns")
    out = pd.concat([a, b], ignore_index=True)
    return out[["year", "exports_usd_m", "imports_usd_m", "series", "series_break"]]


def mirror_russia(dots: pd.DataFrame, bns: pd.DataFrame, customs: pd.DataFrame) -> pd.DataFrame:
    """Kazakhstan's reported trade with Russia against Russia's reported trade with Kazakhstan, by year.

    Columns: ``year, flow, kz_usd_m, ru_usd_m, gap_usd_m, gap_pct, series, series_break`` where ``flow`` is
    Kazakhstan's (its imports from Russia against Russia's exports to it, and the other way round), the gap is
    Russia's figure less Kazakhstan's, and ``gap_pct`` is in percent of Kazakhstan's figure.
    """
    kz = kz_series(dots, bns, RUSSIA).set_index("year")
    ru = customs[customs["partner"] == "Kazakhstan"].pivot(index="year", columns="flow", values="value_usd_m")
    records = []
    for year in sorted(set(kz.index) & set(ru.index)):
        for flow, ru_flow in (("imports", "exports"), ("exports", "imports")):
            k = float(kz.loc[year, f"{flow}_usd_m"])
            r = float(ru.loc[year, ru_flow])
            records.append({"year": int(year), "flow": flow, "kz_usd_m": k, "ru_usd_m": r, "gap_usd_m": r - k,
                            "gap_pct": 100.0 * (r - k) / k, "series": kz.loc[year, "series"],
                            "series_break": bool(kz.loc[year, "series_break"])})
    return pd.DataFrame.from_records(records)


def eur_to_usd_m(value_eur: float, usd_per_eur: float) -> float:
    """Euro converted to US$ million at ``usd_per_eur``."""
    if usd_per_eur <= 0:
        raise ValueError(f"exchange rate must be positive, got {usd_per_eur}")
    return float(value_eur) * float(usd_per_eur) / 1e6


def mirror_eu(dots: pd.DataFrame, bns: pd.DataFrame, eu_annual: pd.DataFrame, fx: pd.DataFrame) -> pd.DataFrame:
    """Kazakhstan's imports from the EU27 against the EU27's exports to Kazakhstan, by year (US$ m).

    Kazakhstan's side: DOTS 'European Union' (today's 27 members in every year) before 2018, the sum of the 27
    members in the bureau's table from 2018. The EU's side: Eurostat, euro converted at the ECB's annual mean
    rate. Columns: ``year, kz_imports_usd_m, eu_exports_eur_m, usd_per_eur, eu_exports_usd_m, gap_usd_m,
    gap_pct, series``; the gap is the EU's figure less Kazakhstan's, in percent of Kazakhstan's.
    """
    kz = kz_series(dots, bns, EU).set_index("year")
    eu = eu_annual[eu_annual["partner"] == "Kazakhstan"].set_index("year")["value_eur"]
    rate = fx.set_index("year")["usd_per_eur"]
    records = []
    for year in sorted(set(kz.index) & set(eu.index)):
        if year not in rate.index:
            raise ValueError(f"eur_usd_annual: no rate for {year}")
        k = float(kz.loc[year, "imports_usd_m"])
        e = eur_to_usd_m(eu.loc[year], rate.loc[year])
        records.append({"year": int(year), "kz_imports_usd_m": k, "eu_exports_eur_m": float(eu.loc[year]) / 1e6,
                        "usd_per_eur": float(rate.loc[year]), "eu_exports_usd_m": e, "gap_usd_m": e - k,
                        "gap_pct": 100.0 * (e - k) / k, "series": kz.loc[year, "series"]})
    return pd.DataFrame.from_records(records)


# ---------------------------------------------------------------------------------------------------------------
# the detour: EU exports against a pre-invasion trend

FIT_START, FIT_END = "2019-01", "2022-01"
INVASION_FROM = "2022-03"


def design(months: list[str], seasonal: bool = True, origin: str | None = None,
           trend: bool = True) -> "np.ndarray":
    """Design matrix of the trend model: a constant, a linear trend in months since ``origin`` (default: the first
    month; left out if not ``trend``) and, if ``seasonal``, eleven month-of-year dummies (January is the base)."""
    import numpy as np

    periods = pd.PeriodIndex(months, freq="M")
    base = pd.Period(origin or months[0], freq="M")
    t = np.array([(p - base).n for p in periods], dtype=float)
    columns = [np.ones(len(t)), t] if trend else [np.ones(len(t))]
    if seasonal:
        for m in range(2, 13):
            columns.append((periods.month == m).astype(float))
    return np.column_stack(columns)


def fit_log_trend(months: list[str], values, seasonal: bool = True, trend: bool = True) -> dict:
    """Ordinary least squares of log(value) on a constant, a monthly trend and month dummies.

    Returns ``{'beta', 'sigma', 'df', 'xtx_inv', 'origin', 'seasonal'}``: coefficients (constant, trend per month,
    then February..December against January), the residual standard deviation (divided by n - k) and its degrees
    of freedom. Values must be positive.
    """
    import numpy as np

    y = np.asarray(values, dtype=float)
    if (y <= 0).any():
        raise ValueError("a log-linear trend needs positive values")
    x = design(months, seasonal, trend=trend)
    n, k = x.shape
    if n <= k:
        raise ValueError(f"{n} observations cannot fit {k} coefficients")
    beta, *_ = np.linalg.lstsq(x, np.log(y), rcond=None)
    resid = np.log(y) - x @ beta
    df = n - k
    return {"beta": beta, "sigma": float(np.sqrt(resid @ resid / df)), "df": df,
            "xtx_inv": np.linalg.inv(x.T @ x), "origin": months[0], "seasonal": seasonal, "trend": trend}


def trend_counterfactual(fit: dict, months: list[str], draws: int = 20000, seed: int = 2022,
                         level: float = 0.95) -> tuple[pd.DataFrame, "np.ndarray"]:
    """What the fitted trend gives for ``months``: the median (exp of the fitted log) and a prediction interval.

    The interval comes from simulation of the model's predictive distribution (flat prior: the residual variance
    drawn from its scaled inverse chi-square with ``df`` degrees of freedom, the coefficients from their normal
    given that variance, plus a new error), so each month's interval matches the classical t-based prediction
    interval. A fixed ``seed`` makes the result reproducible. Returns the frame (``month, expected, low, high``)
    and the simulated draws (draws x months) for sums over months.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    x = design(months, fit["seasonal"], origin=fit["origin"], trend=fit.get("trend", True))
    df, s = fit["df"], fit["sigma"]
    sigma2 = s * s * df / rng.chisquare(df, size=draws)
    chol = np.linalg.cholesky(fit["xtx_inv"])
    z = rng.standard_normal((draws, len(fit["beta"])))
    betas = fit["beta"] + np.sqrt(sigma2)[:, None] * (z @ chol.T)
    errors = np.sqrt(sigma2)[:, None] * rng.standard_normal((draws, len(months)))
    sims = np.exp(betas @ x.T + errors)
    tail = (1 - level) / 2
    frame = pd.DataFrame({"month": months, "expected": np.exp(x @ fit["beta"]),
                          "low": np.quantile(sims, tail, axis=0), "high": np.quantile(sims, 1 - tail, axis=0)})
    return frame, sims


def monthly_series(monthly: pd.DataFrame, partner: str, reporter: str = "EU27") -> pd.DataFrame:
    """One reporter's monthly exports to ``partner`` (``month, value_eur``), in month order."""
    rows = monthly[(monthly["partner"] == partner) & (monthly["reporter"] == reporter)]
    return rows[["month", "value_eur"]].sort_values("month").reset_index(drop=True)


def detour(monthly: pd.DataFrame, partner: str, fit_start: str = FIT_START, fit_end: str = FIT_END,
           after: str = INVASION_FROM, draws: int = 20000, seed: int = 2022, trend: bool = True,
           leave_out: tuple[str, ...] = ()) -> dict:
    """EU27 exports to ``partner`` against the trend fitted on ``fit_start``..``fit_end`` (log-linear trend and
    month dummies, OLS), month by month and summed from ``after`` to the last month.

    Returns ``{'months': frame (month, actual, expected, low, high, fitted), 'excess_eur', 'excess_low',
    'excess_high', 'expected_eur', 'actual_eur', 'excess_pct', 'excess_pct_low', 'excess_pct_high', 'fit',
    'first', 'last'}``: the excess is actual less expected over the months from ``after``; its interval is the
    95 % interval of the simulated sum; the percentage is the excess in percent of the expected sum.
    """
    import numpy as np

    series = monthly_series(monthly, partner)
    fitted = series[(series["month"] >= fit_start) & (series["month"] <= fit_end) & ~series["month"].isin(leave_out)]
    fit = fit_log_trend(fitted["month"].tolist(), fitted["value_eur"].to_numpy(), trend=trend)
    fit["origin"] = fit_start  # the month counter starts at the fitting window, whatever is left out
    frame, sims = trend_counterfactual(fit, series["month"].tolist(), draws=draws, seed=seed)
    frame["actual"] = series["value_eur"].to_numpy()
    frame["fitted"] = frame["month"].between(fit_start, fit_end) & ~frame["month"].isin(leave_out)
    post = (frame["month"] >= after).to_numpy()
    actual = float(frame.loc[post, "actual"].sum())
    sums = sims[:, post].sum(axis=1)
    expected = float(frame.loc[post, "expected"].sum())
    excess_draws = actual - sums
    pct_draws = 100.0 * excess_draws / sums
    return {"months": frame[["month", "actual", "expected", "low", "high", "fitted"]], "fit": fit,
            "actual_eur": actual, "expected_eur": expected, "excess_eur": actual - expected,
            "excess_low": float(np.quantile(excess_draws, 0.025)), "excess_high": float(np.quantile(excess_draws, 0.975)),
            "excess_pct": 100.0 * (actual - expected) / expected,
            "excess_pct_low": float(np.quantile(pct_draws, 0.025)),
            "excess_pct_high": float(np.quantile(pct_draws, 0.975)),
            "first": after, "last": str(frame["month"].iloc[-1])}


#: the alternative counterfactuals of :func:`detour_sensitivity`: label -> keyword arguments of :func:`detour`
ALTERNATIVES = {
    "stated model (trend and month effects, 2019-01 to 2022-01)": {},
    "without the pandemic months 2020-03 to 2020-06": {"leave_out": ("2020-03", "2020-04", "2020-05", "2020-06")},
    "no trend (month effects only)": {"trend": False},
    "fitted to 2021-12 only": {"fit_end": "2021-12"},
}


def detour_sensitivity(monthly: pd.DataFrame, partners: tuple[str, ...] = ("Kazakhstan", "Kyrgyzstan", "Armenia",
                                                                           "Russia")) -> pd.DataFrame:
    """The excess (percent of the counterfactual, with its 95 % interval) under each of :data:`ALTERNATIVES`.

    Columns: ``model, partner, excess_pct, excess_pct_low, excess_pct_high``.
    """
    records = []
    for label, kwargs in ALTERNATIVES.items():
        for partner in partners:
            d = detour(monthly, partner, draws=5000, **kwargs)
            records.append({"model": label, "partner": partner, "excess_pct": d["excess_pct"],
                            "excess_pct_low": d["excess_pct_low"], "excess_pct_high": d["excess_pct_high"]})
    return pd.DataFrame.from_records(records)


def detour_table(monthly: pd.DataFrame, partners: tuple[str, ...] = ("Kazakhstan", "Kyrgyzstan", "Armenia",
                                                                      "Russia")) -> pd.DataFrame:
    """:func:`detour` for each partner in one frame: ``partner, actual_eur_bn, expected_eur_bn, excess_eur_bn,
    excess_low_bn, excess_high_bn, excess_pct, excess_pct_low, excess_pct_high``."""
    records = []
    for partner in partners:
        d = detour(monthly, partner)
        records.append({"partner": partner, "actual_eur_bn": d["actual_eur"] / 1e9,
                        "expected_eur_bn": d["expected_eur"] / 1e9, "excess_eur_bn": d["excess_eur"] / 1e9,
                        "excess_low_bn": d["excess_low"] / 1e9, "excess_high_bn": d["excess_high"] / 1e9,
                        "excess_pct": d["excess_pct"], "excess_pct_low": d["excess_pct_low"],
                        "excess_pct_high": d["excess_pct_high"]})
    return pd.DataFrame.from_records(records)


# ---------------------------------------------------------------------------------------------------------------
# for the summary chapter (CONTRACT.md) and the claims register

INDICATOR_COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                     "series", "note"]
#: the year from which the summary's series use the bureau instead of DOTS (the chapter shows the overlap)
SWITCH_YEAR = 2018


def _tiers() -> dict[str, str]:
    from kzdep import data

    sources = data.load("sources")
    return dict(zip(sources["source_id"], sources["tier"]))


def indicator_rows(dots: pd.DataFrame, bns: pd.DataFrame, tiers: dict[str, str],
                   switch_year: int = SWITCH_YEAR) -> pd.DataFrame:
    """The trade lever's yearly indicators (see :func:`yearly_indicators`) from the two tables given.

    DOTS before ``switch_year``, the bureau's latest release from it; values resting on a flagged row (2010) are
    left out.
    """
    kz = bns_as_dots(bns)
    records = []

    def add(indicator, label, unit, direction, frame, column, note_dots="", note_bns=""):
        for _, row in frame.iterrows():
            year = int(row["year"])
            from_bns = year >= switch_year
            if row.get("series") != ("bns" if from_bns else "imf-dots"):
                continue
            if bool(row.get("series_break", False)):
                continue
            source = (kz if from_bns else dots)
            sid = source.loc[source["year"] == year, "source_id"].iloc[0]
            records.append({"lever": "trade", "indicator": indicator, "label": label, "year": year,
                            "value": float(row[column]), "unit": unit, "direction": direction,
                            "tier": tiers.get(sid, ""), "source_id": sid,
                            "series": "bns" if from_bns else "imf-dots",
                            "note": note_bns if from_bns else note_dots})

    eaeu = "survey basis for EAEU partners (Russia)"
    shares = {}
    for flow in FLOWS:
        shares[flow] = pd.concat([partner_shares(dots, flow).assign(series="imf-dots"),
                                  partner_shares(kz, flow).assign(series="bns")], ignore_index=True)
    ru_imp = shares["imports"][shares["imports"]["group"] == "Russia"]
    ru_exp = shares["exports"][shares["exports"]["group"] == "Russia"]
    cn_imp = shares["imports"][shares["imports"]["group"] == "China"]
    add("imports_from_russia_share", "Imports from Russia, share of all imports", "percent", 1, ru_imp,
        "share_pct", note_bns=eaeu)
    add("exports_to_russia_share", "Exports to Russia, share of all exports", "percent", 1, ru_exp, "share_pct",
        note_bns=eaeu)
    add("imports_from_china_share", "Imports from China, share of all imports", "percent", 0, cn_imp,
        "share_pct")
    hhi = pd.concat([partner_hhi(dots, "imports").assign(series="imf-dots"),
                     partner_hhi(kz, "imports").assign(series="bns")], ignore_index=True)
    add("partner_hhi_imports", "Concentration of imports by partner (HHI)", "index 0-10000", 1, hhi, "hhi",
        note_bns="partners as the bureau lists them")
    ru = pd.concat([bilateral_balance(dots, RUSSIA).assign(series="imf-dots"),
                    bilateral_balance(kz, RUSSIA).assign(series="bns")], ignore_index=True)
    cn = pd.concat([bilateral_balance(dots, CHINA).assign(series="imf-dots"),
                    bilateral_balance(kz, CHINA).assign(series="bns")], ignore_index=True)
    ratio = ru.merge(cn, on=["year", "series"], suffixes=("_ru", "_cn"))
    ratio["ratio"] = ratio["turnover_usd_m_ru"] / ratio["turnover_usd_m_cn"]
    ratio["series_break"] = ratio["series_break_ru"] | ratio["series_break_cn"]
    add("russia_china_turnover_ratio", "Turnover with Russia over turnover with China", "ratio", 1, ratio, "ratio",
        note_bns=eaeu)
    add("trade_balance_with_russia_usd_m", "Trade balance with Russia (exports less imports)", "US$ m", 0, ru,
        "balance_usd_m", note_bns=eaeu)
    add("exports_to_russia_usd_m", "Exports to Russia", "US$ m", 0, ru, "exports_usd_m", note_bns=eaeu)
    out = pd.DataFrame.from_records(records, columns=INDICATOR_COLUMNS)
    return out.sort_values(["indicator", "year"]).reset_index(drop=True)


def yearly_indicators() -> pd.DataFrame:
    """The trade lever's indicators by year (CONTRACT.md): IMF DOTS to 2017, the bureau's figures 2018-2023.

    Keys: imports_from_russia_share, exports_to_russia_share, imports_from_china_share (context),
    partner_hhi_imports, russia_china_turnover_ratio, trade_balance_with_russia_usd_m (context),
    exports_to_russia_usd_m (context). The 2010 values (customs-union break) are absent.
    """
    from kzdep import data

    return indicator_rows(data.load("trade_dots"), data.load("trade_bns"), _tiers())


def claim_c67_russia_major_partner(bns: pd.DataFrame) -> tuple[str, str]:
    """C67 (Russia a major trade partner) on the bureau's latest year: Russia's rank in turnover among partner
    countries; top three supported, top ten partly supported, else contradicted."""
    year = int(bns["year"].max())
    top = top_partners(bns, year, n=250)
    ru = top[top["partner"] == "Россия"].iloc[0]
    cn = top[top["partner"] == "Китай"].iloc[0]
    rank = int(ru["rank"])
    verdict = "supported" if rank <= 3 else ("partly_supported" if rank <= 10 else "contradicted")
    imp = share_pct(bns_value(bns, year, "Россия", "imports"), bns_value(bns, year, "Всего", "imports"))
    return verdict, (f"Bureau of National Statistics {year}: Russia rank {rank} in turnover "
                     f"({ru['share_pct']:.1f} % of the total; {imp:.1f} % of imports), after China "
                     f"(rank {int(cn['rank'])}, {cn['share_pct']:.1f} %)")


def claim_c12_record_2021(dots: pd.DataFrame, bns: pd.DataFrame) -> tuple[str, str]:
    """C12 (record bilateral trade in 2021): the bureau's 2021 turnover with Russia against every earlier year in
    DOTS (flagged years left out) and in the bureau's table; above all of them: supported."""
    t2021 = bns_value(bns, 2021, "Россия", "exports") + bns_value(bns, 2021, "Россия", "imports")
    earlier = bilateral_balance(dots, RUSSIA)
    earlier = earlier[~earlier["series_break"]]
    peak = earlier.loc[earlier["turnover_usd_m"].idxmax()]
    kz = bilateral_balance(bns_as_dots(bns), RUSSIA)
    kz_before = kz[kz["year"] < 2021]["turnover_usd_m"].max()
    best = max(float(peak["turnover_usd_m"]), float(kz_before))
    verdict = "supported" if t2021 > best else "contradicted"
    return verdict, (f"Bureau of National Statistics: 2021 turnover with Russia US$ {t2021 / 1000:.1f} bn, above "
                     f"every earlier year (IMF DOTS peak US$ {peak['turnover_usd_m'] / 1000:.1f} bn in "
                     f"{int(peak['year'])}; bureau 2018-2020 at most US$ {kz_before / 1000:.1f} bn)")


def claim_c60_transit(bns: pd.DataFrame, monthly: pd.DataFrame) -> tuple[str, str]:
    """C60 (Kazakhstan a transit point for sanctioned goods), the part total-goods data can test: Kazakh exports to
    Russia rising in 2022 and EU27 exports to Kazakhstan above their pre-invasion trend (lower bound of the 95 %
    interval above zero). Both: partly supported (total goods cannot show sanctioned goods or re-export), else
    could_not_verify."""
    e21 = bns_value(bns, 2021, "Россия", "exports")
    e22 = bns_value(bns, 2022, "Россия", "exports")
    d = detour(monthly, "Kazakhstan")
    consistent = e22 > e21 and d["excess_low"] > 0
    verdict = "partly_supported" if consistent else "could_not_verify"
    return verdict, (f"Bureau: exports to Russia {100 * (e22 / e21 - 1):+.1f} % in 2022; Eurostat: EU27 exports "
                     f"to Kazakhstan {d['first']} to {d['last']} {d['excess_pct']:.0f} % above the 2019-2022 "
                     f"trend (95 % interval {d['excess_pct_low']:.0f}-{d['excess_pct_high']:.0f} %); total goods "
                     f"only, no product or re-export evidence")


def findings() -> dict[str, str]:
    """The formatted numbers the chapter's new sections glue (name -> text), read from the data package.

    The summary chapter can read the same numbers without running the trade chapter.
    """
    from kzdep import data, text

    dots = data.load("trade_dots")
    bns = data.load("trade_bns")
    customs = data.load("trade_russia_customs")
    eu_annual = data.load("eu_exports_annual")
    fx = data.load("eur_usd_annual")
    monthly = data.load("eu_exports_monthly")
    kz = bns_as_dots(bns)
    first, last = int(kz["year"].min()), int(kz["year"].max())
    out = {"bns_first_year": str(first), "bns_last_year": str(last)}

    shares = {flow: partner_shares(kz, flow) for flow in FLOWS}

    def sh(flow, group, year):
        s = shares[flow]
        return float(s[(s["group"] == group) & (s["year"] == year)]["share_pct"].iloc[0])

    for year, tag in ((first, "first"), (2021, "2021"), (last, "last")):
        out[f"bns_ru_imports_share_{tag}"] = text.percent(sh("imports", "Russia", year))
        out[f"bns_ru_exports_share_{tag}"] = text.percent(sh("exports", "Russia", year))
        out[f"bns_cn_imports_share_{tag}"] = text.percent(sh("imports", "China", year))
        out[f"bns_cn_exports_share_{tag}"] = text.percent(sh("exports", "China", year))
    out["bns_ratio_last"] = text.number(sh("imports", "Russia", last) / sh("exports", "Russia", last))
    ru = bilateral_balance(kz, RUSSIA).set_index("year")
    cn = bilateral_balance(kz, CHINA).set_index("year")
    for year in (2021, 2022, 2023):
        out[f"bns_ru_turnover_{year}"] = text.money_bn(ru.loc[year, "turnover_usd_m"], 2)
        out[f"bns_cn_turnover_{year}"] = text.money_bn(cn.loc[year, "turnover_usd_m"], 2)
        out[f"bns_ru_exports_{year}"] = text.money_bn(ru.loc[year, "exports_usd_m"], 2)
        out[f"bns_ru_imports_{year}"] = text.money_bn(ru.loc[year, "imports_usd_m"], 2)
    out["bns_ru_turnover_change_2023"] = text.percent(
        100 * (ru.loc[2023, "turnover_usd_m"] / ru.loc[2022, "turnover_usd_m"] - 1))
    out["bns_ru_exports_growth_2022"] = text.percent(100 * (ru.loc[2022, "exports_usd_m"]
                                                            / ru.loc[2021, "exports_usd_m"] - 1))
    out["bns_ru_exports_growth_2023"] = text.percent(100 * (ru.loc[2023, "exports_usd_m"]
                                                            / ru.loc[2022, "exports_usd_m"] - 1))
    passed = [y for y in cn.index if cn.loc[y, "turnover_usd_m"] > ru.loc[y, "turnover_usd_m"]]
    out["bns_cn_pass_year"] = str(min(passed)) if passed else "never"
    out["bns_ru_deficit_last"] = text.money_bn(-ru.loc[last, "balance_usd_m"])
    out["bns_ru_deficit_2021"] = text.money_bn(-ru.loc[2021, "balance_usd_m"])
    out["bns_cn_balance_last"] = text.money_bn(abs(cn.loc[last, "balance_usd_m"]))
    out["bns_cn_balance_last_sign"] = "surplus" if cn.loc[last, "balance_usd_m"] > 0 else "deficit"
    hhi = partner_hhi(kz, "imports").set_index("year")
    out["bns_hhi_imports_2021"] = text.integer(hhi.loc[2021, "hhi"])
    out["bns_hhi_imports_last"] = text.integer(hhi.loc[last, "hhi"])
    out["bns_eqn_imports_last"] = text.number(hhi.loc[last, "equivalent_partners"])
    top = top_partners(bns, last, 3)
    out["bns_top1_last"] = top.loc[0, "partner_en"]
    out["bns_top1_share_last"] = text.percent(top.loc[0, "share_pct"])
    out["bns_ru_rank_last"] = str(int(top.index[top["partner"] == "Россия"][0]) + 1)
    out["bns_ru_share_turnover_last"] = text.percent(top.loc[top["partner"] == "Россия", "share_pct"].iloc[0])

    comp = release_comparison(bns)
    out["bns_releases_differing"] = text.integer(int(comp["differing"].sum()))
    out["bns_releases_matched"] = text.integer(int(comp["matched"].sum()))

    overlap = overlap_table(dots, bns)
    ru_rows = overlap[overlap["measure"].str.contains("Russia \\(US", regex=True)]
    out["overlap_max_diff"] = text.percent(ru_rows["diff_pct"].abs().max())
    big = ru_rows.loc[ru_rows["diff_pct"].abs().idxmax()]
    out["overlap_max_diff_what"] = f"{big['measure'].split(',')[0].lower()} in {int(big['year'])}"
    share_rows = overlap[overlap["measure"].str.contains("share")]
    out["overlap_max_share_pp"] = text.number(share_rows["diff_pp"].abs().max()) + " percentage points"

    mir = mirror_russia(dots, bns, customs)
    clean = mir[~mir["series_break"]]
    for flow in FLOWS:
        f = clean[clean["flow"] == flow]
        out[f"mirror_ru_{flow}_2021"] = text.percent(float(f[f["year"] == 2021]["gap_pct"].iloc[0]))
        recent = f[f["year"] >= 2011]
        out[f"mirror_ru_{flow}_median_since_2011"] = text.percent(float(recent["gap_pct"].median()))
        out[f"mirror_ru_{flow}_max_abs"] = text.percent(float(f["gap_pct"].abs().max()))
        worst = f.loc[f["gap_pct"].abs().idxmax()]
        out[f"mirror_ru_{flow}_max_year"] = str(int(worst["year"]))
    mie = mirror_eu(dots, bns, eu_annual, fx).set_index("year")
    for year in (2021, 2022, 2023):
        out[f"mirror_eu_{year}"] = text.percent(mie.loc[year, "gap_pct"])
        out[f"mirror_eu_usd_{year}"] = text.money_bn(mie.loc[year, "gap_usd_m"], 2)
        out[f"eu_exports_kz_eur_{year}"] = f"EUR {mie.loc[year, 'eu_exports_eur_m'] / 1000:,.2f} bn"
        out[f"fx_{year}"] = f"{mie.loc[year, 'usd_per_eur']:.4f}"
    before = mie[mie.index <= 2020]["gap_pct"]
    out["mirror_eu_range_before"] = f"{before.min():.1f} % to {before.max():.1f} %"

    for partner, key in (("Kazakhstan", "kz"), ("Kyrgyzstan", "kg"), ("Armenia", "am"), ("Russia", "ru")):
        d = detour(monthly, partner)
        sign = 1 if partner != "Russia" else -1
        out[f"detour_{key}_eur"] = f"EUR {sign * d['excess_eur'] / 1e9:,.1f} bn"
        lo, hi = sorted((sign * d["excess_low"] / 1e9, sign * d["excess_high"] / 1e9))
        out[f"detour_{key}_eur_range"] = f"EUR {lo:,.1f}-{hi:,.1f} bn"
        out[f"detour_{key}_pct"] = text.percent(sign * d["excess_pct"], 0)
        plo, phi = sorted((sign * d["excess_pct_low"], sign * d["excess_pct_high"]))
        out[f"detour_{key}_pct_range"] = f"{plo:.0f}-{phi:.0f} %"
        out[f"detour_{key}_actual"] = f"EUR {d['actual_eur'] / 1e9:,.1f} bn"
        out[f"detour_{key}_expected"] = f"EUR {d['expected_eur'] / 1e9:,.1f} bn"
        out["detour_first"], out["detour_last"] = d["first"], d["last"]
        if partner == "Kazakhstan":
            kz_excess = d["excess_eur"]
        if partner == "Russia":
            ru_shortfall = -d["excess_eur"]
    sens = detour_sensitivity(monthly, ("Kazakhstan", "Russia"))
    kz_sens = sens[sens["partner"] == "Kazakhstan"]
    out["detour_kz_models_range"] = f"{kz_sens['excess_pct'].min():.0f} % to {kz_sens['excess_pct'].max():.0f} %"
    out["detour_kz_models_low_bound"] = text.percent(kz_sens["excess_pct_low"].min(), 0)
    out["detour_n_models"] = text.integer(len(ALTERNATIVES))
    three = sum(detour(monthly, p)["excess_eur"] for p in ("Kyrgyzstan", "Armenia")) + kz_excess
    out["detour_three_eur"] = f"EUR {three / 1e9:,.1f} bn"
    out["detour_three_of_ru"] = text.percent(100 * three / ru_shortfall)
    out["detour_kz_of_ru"] = text.percent(100 * kz_excess / ru_shortfall)
    return out
