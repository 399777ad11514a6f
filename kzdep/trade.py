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
# the detour (1): EU exports against a control group of destinations, annual difference-in-differences

#: the countries whose EU imports the detour is measured for, and Russia, whose EU imports fell
DETOUR_PARTNERS = ("Kazakhstan", "Kyrgyzstan", "Armenia", "Russia")
#: the former Soviet states: left out of the control group. Every neighbour of Russia in the annual extract's pool
#: (Belarus, Georgia, Azerbaijan, and Kazakhstan itself) is one of them, and so are the other routes the studies
#: name in the region (Uzbekistan, Moldova)
FORMER_SOVIET = ("Armenia", "Azerbaijan", "Belarus", "Estonia", "Georgia", "Kazakhstan", "Kyrgyzstan", "Latvia",
                 "Lithuania", "Moldova", "Russia", "Tajikistan", "Turkmenistan", "Ukraine", "Uzbekistan")
#: the years after the invasion in the annual extract
POST_YEARS = (2022, 2023)
#: the pre-periods of the difference-in-differences: label -> (first year, last year, years left out)
#: the narrower size band of the control group's check (times Kazakhstan's EU27 imports in 2019)
NARROW_BAND = (0.5, 2.0)
#: in order of preference (the headline is the first that passes its placebo): the five years before the break,
#: the same without the pandemic year, the whole extract
DID_PERIODS = {
    "2017-2021": (2017, 2021, ()),
    "2017-2021 less 2020": (2017, 2021, (2020,)),
    "2010-2021": (2010, 2021, ()),
}


def control_group(annual: pd.DataFrame, exclude: tuple[str, ...] = FORMER_SOVIET, base_year: int = 2019,
                  band: tuple[float, float] = (0.25, 4.0), size_of: str = "Kazakhstan") -> list[str]:
    """The control destinations: every partner of the annual extract outside ``exclude`` whose EU27 exports in
    ``base_year`` lay between ``band`` times those to ``size_of``. The extract's pool already holds only partners
    outside the EU within (0.25, 4) times Kazakhstan's 2019 value, so a band can only narrow it."""
    year = annual[annual["year"] == base_year].set_index("partner")["value_eur"]
    if size_of not in year.index:
        raise ValueError(f"eu_exports_annual: no {base_year} row for {size_of!r}")
    low, high = band[0] * year[size_of], band[1] * year[size_of]
    chosen = sorted(p for p, v in year.items() if p not in exclude and low <= v <= high)
    if len(chosen) < 5:
        raise ValueError(f"control group of {len(chosen)} destinations: at least 5 are needed")
    return chosen


def control_rule(base_year: int, band: tuple[float, float]) -> dict[str, str]:
    """The control group's rule as the prose states it (the base year and the band of multiples)."""
    return {"did_control_year": str(int(base_year)), "did_band_low": f"{band[0]:g}", "did_band_high": f"{band[1]:g}"}


def log_panel(annual: pd.DataFrame, partners: list[str]) -> pd.DataFrame:
    """Natural log of EU27 exports, one row per year and one column per partner; every partner needs every year."""
    import numpy as np

    wide = annual[annual["partner"].isin(partners)].pivot(index="year", columns="partner", values="value_eur")
    missing = [p for p in partners if p not in wide.columns]
    if missing:
        raise ValueError(f"eu_exports_annual: no rows for {missing}")
    wide = wide[list(partners)]
    if wide.isna().any().any() or (wide <= 0).any().any():
        bad = wide.columns[(wide.isna() | (wide <= 0)).any()].tolist()
        raise ValueError(f"eu_exports_annual: a missing or non-positive value for {bad}")
    return np.log(wide.astype(float))


def did(panel: pd.DataFrame, treated: str, controls: list[str], pre: tuple[int, int] = (2010, 2021),
        post: tuple[int, ...] = POST_YEARS, leave_out: tuple[int, ...] = ()) -> float:
    """Difference-in-differences in log points: the treated destination's mean log exports over ``post`` less its
    mean over the pre-period, less the same change averaged over ``controls``. On a balanced panel this equals the
    coefficient of treated x post in OLS with destination and year effects."""
    years = [y for y in panel.index if pre[0] <= y <= pre[1] and y not in leave_out]
    gap = panel[treated] - panel[controls].mean(axis=1)
    return float(gap.loc[list(post)].mean() - gap.loc[years].mean())


def did_estimate(panel: pd.DataFrame, treated: str, controls: list[str], pre: tuple[int, int] = (2010, 2021),
                 post: tuple[int, ...] = POST_YEARS, leave_out: tuple[int, ...] = (), level: float = 0.95) -> dict:
    """:func:`did` with an interval from the placebo distribution (each control in turn treated as if it were the
    treated destination, against the other controls; Conley and Taber's interval for one treated unit).

    Returns ``{'log', 'pct', 'pct_low', 'pct_high', 'p_value', 'placebos'}``: percentages are 100 (exp(x) - 1);
    the p-value is the share of placebo estimates at least as large in absolute value (counting the estimate).
    """
    import numpy as np

    est = did(panel, treated, controls, pre, post, leave_out)
    placebos = np.array([did(panel, c, [d for d in controls if d != c], pre, post, leave_out) for c in controls])
    tail = (1 - level) / 2
    q_low, q_high = np.quantile(placebos, [tail, 1 - tail])
    pct = lambda x: 100.0 * (np.exp(x) - 1)  # noqa: E731
    return {"log": est, "pct": float(pct(est)), "pct_low": float(pct(est - q_high)),
            "pct_high": float(pct(est - q_low)),
            "p_value": float((1 + (np.abs(placebos) >= abs(est)).sum()) / (len(placebos) + 1)),
            "placebos": placebos}


def did_by_year(panel: pd.DataFrame, treated: str, controls: list[str], base: int = 2021,
                level: float = 0.95) -> pd.DataFrame:
    """Event study: for each year, the treated destination's log gap to the controls' mean less that gap in
    ``base``, as a percentage, with the placebo interval of :func:`did_estimate` for that year alone.
    Columns: ``year, partner, effect_pct, low_pct, high_pct``."""
    records = []
    for year in panel.index:
        if year == base:
            records.append({"year": int(year), "partner": treated, "effect_pct": 0.0, "low_pct": 0.0,
                            "high_pct": 0.0})
            continue
        d = did_estimate(panel, treated, controls, pre=(base, base), post=(year,), level=level)
        records.append({"year": int(year), "partner": treated, "effect_pct": d["pct"], "low_pct": d["pct_low"],
                        "high_pct": d["pct_high"]})
    return pd.DataFrame.from_records(records)


def did_table(annual: pd.DataFrame, controls: list[str], partners: tuple[str, ...] = DETOUR_PARTNERS,
              periods: dict = DID_PERIODS) -> pd.DataFrame:
    """Each pre-period of ``periods`` for each partner: the estimate for 2022-2023 with its interval, and the in-time
    placebo (the same design with 2021 as if it were the first year after the break, on the pre-period's years up
    to 2020). A specification passes when the placebo's interval holds zero.

    Columns: ``design, specification, partner, estimate_pct, low_pct, high_pct, placebo_pct, placebo_low_pct,
    placebo_high_pct, passes``.
    """
    panel = log_panel(annual, list(partners) + list(controls))
    records = []
    for label, (first, last, leave) in periods.items():
        for partner in partners:
            d = did_estimate(panel, partner, controls, (first, last), POST_YEARS, leave)
            pl = did_estimate(panel, partner, controls, (first, last - 1), (last,), leave)
            records.append({"design": "control group", "specification": f"pre-period {label}", "partner": partner,
                            "estimate_pct": d["pct"], "low_pct": d["pct_low"], "high_pct": d["pct_high"],
                            "placebo_pct": pl["pct"], "placebo_low_pct": pl["pct_low"],
                            "placebo_high_pct": pl["pct_high"],
                            "passes": bool(pl["pct_low"] <= 0 <= pl["pct_high"])})
    return pd.DataFrame.from_records(records)


def common_change(panel: pd.DataFrame, partners: list[str], before: int = 2021,
                  after: tuple[int, ...] = POST_YEARS) -> float:
    """The change (percent) from ``before`` to the mean of ``after`` in log exports, averaged over ``partners``
    (a geometric mean): what a price rise common to every destination would be part of."""
    import numpy as np

    change = panel[partners].loc[list(after)].mean() - panel[partners].loc[before]
    return float(100.0 * (np.exp(change.mean()) - 1))


# ---------------------------------------------------------------------------------------------------------------
# the detour (2): monthly EU exports against their own pre-invasion trend (statsmodels)

FIT_START, FIT_END = "2019-01", "2022-01"
INVASION_FROM = "2022-03"
#: the months of the in-time placebo: the break as if it had come in March 2021
PLACEBO_FIT_END, PLACEBO_FROM, PLACEBO_UNTIL = "2021-01", "2021-03", "2022-01"
#: lags of the Newey-West (HAC) covariance of the trend model
HAC_LAGS = 3


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


def fit_log_trend(months: list[str], values, seasonal: bool = True, trend: bool = True,
                  origin: str | None = None, hac_lags: int = HAC_LAGS) -> dict:
    """OLS (statsmodels) of log(value) on a constant, a monthly trend and month dummies, with Newey-West (HAC)
    standard errors of ``hac_lags`` lags.

    Returns ``{'result', 'beta', 'cov', 'sigma', 'df', 'rho', 'origin', 'seasonal', 'trend'}``: the statsmodels
    result, the coefficients (constant, trend per month, then February..December against January), their HAC
    covariance, the residual standard deviation (divided by n - k), its degrees of freedom, and the first-order
    autocorrelation of the residuals (0 if negative). Values must be positive.
    """
    import numpy as np
    import statsmodels.api as sm

    y = np.asarray(values, dtype=float)
    if (y <= 0).any():
        raise ValueError("a log-linear trend needs positive values")
    origin = origin or months[0]
    x = design(months, seasonal, origin=origin, trend=trend)
    n, k = x.shape
    if n <= k:
        raise ValueError(f"{n} observations cannot fit {k} coefficients")
    result = sm.OLS(np.log(y), x).fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags})
    resid = np.asarray(result.resid)
    rho = float(np.corrcoef(resid[:-1], resid[1:])[0, 1]) if n > 3 and resid.std() > 0 else 0.0
    return {"result": result, "beta": np.asarray(result.params), "cov": np.asarray(result.cov_params()),
            "sigma": float(np.sqrt(result.scale)), "df": int(result.df_resid), "rho": max(rho, 0.0),
            "origin": origin, "seasonal": seasonal, "trend": trend}


def trend_counterfactual(fit: dict, months: list[str], level: float = 0.95) -> pd.DataFrame:
    """What the fitted trend gives for ``months``: the median (exp of the fitted log) and the model's prediction
    interval for a single month: t(df) times the square root of x'Vx (V the HAC covariance of the coefficients)
    plus the residual variance. Columns: ``month, expected, low, high``."""
    import numpy as np
    from scipy import stats

    x = design(months, fit["seasonal"], origin=fit["origin"], trend=fit["trend"])
    mean = x @ fit["beta"]
    var = np.clip(np.einsum("ij,jk,ik->i", x, fit["cov"], x), 0, None) + fit["sigma"] ** 2
    half = float(stats.t.ppf(0.5 + level / 2, fit["df"])) * np.sqrt(var)
    return pd.DataFrame({"month": months, "expected": np.exp(mean), "low": np.exp(mean - half),
                         "high": np.exp(mean + half)})


def sum_interval(fit: dict, months: list[str], level: float = 0.95) -> tuple[float, float, float]:
    """The projected sum over ``months`` and its prediction interval: ``(expected, low, high)``.

    log(sum) is linearised around the medians (weights w = each month's share of the expected sum): its variance is
    the coefficient part g' V g (g = sum of w x, V the HAC covariance) plus the new errors' part s^2 w' R w, with R
    the first-order autoregressive correlation rho^|i-j| of the residuals; the interval is t(df) on that scale.
    """
    import numpy as np
    from scipy import stats

    x = design(months, fit["seasonal"], origin=fit["origin"], trend=fit["trend"])
    expected = np.exp(x @ fit["beta"])
    total = float(expected.sum())
    w = expected / total
    g = w @ x
    lags = np.abs(np.subtract.outer(np.arange(len(months)), np.arange(len(months))))
    var = max(float(g @ fit["cov"] @ g), 0.0) + fit["sigma"] ** 2 * float(w @ (fit["rho"] ** lags) @ w)
    half = float(stats.t.ppf(0.5 + level / 2, fit["df"])) * np.sqrt(var)
    return total, total * float(np.exp(-half)), total * float(np.exp(half))


def monthly_series(monthly: pd.DataFrame, partner: str, reporter: str = "EU27") -> pd.DataFrame:
    """One reporter's monthly exports to ``partner`` (``month, value_eur``), in month order."""
    rows = monthly[(monthly["partner"] == partner) & (monthly["reporter"] == reporter)]
    return rows[["month", "value_eur"]].sort_values("month").reset_index(drop=True)


def detour(monthly: pd.DataFrame, partner: str, fit_start: str = FIT_START, fit_end: str = FIT_END,
           after: str = INVASION_FROM, until: str | None = None, trend: bool = True,
           leave_out: tuple[str, ...] = ()) -> dict:
    """EU27 exports to ``partner`` against the trend fitted on ``fit_start``..``fit_end`` (less ``leave_out``),
    month by month and summed from ``after`` to ``until`` (default: the last month).

    Returns ``{'months': frame (month, actual, expected, low, high, fitted), 'excess_eur', 'excess_low',
    'excess_high', 'expected_eur', 'actual_eur', 'excess_pct', 'excess_pct_low', 'excess_pct_high', 'fit',
    'first', 'last'}``: the excess is actual less expected over the months compared; its 95 % interval comes from
    :func:`sum_interval`; the percentage is the excess in percent of the expected sum.
    """
    series = monthly_series(monthly, partner)
    if until is not None:
        series = series[series["month"] <= until].reset_index(drop=True)
    inside = series["month"].between(fit_start, fit_end) & ~series["month"].isin(leave_out)
    fitted = series[inside]
    fit = fit_log_trend(fitted["month"].tolist(), fitted["value_eur"].to_numpy(), trend=trend, origin=fit_start)
    frame = trend_counterfactual(fit, series["month"].tolist())
    frame["actual"] = series["value_eur"].to_numpy()
    frame["fitted"] = inside.to_numpy()
    post = frame["month"] >= after
    actual = float(frame.loc[post, "actual"].sum())
    expected, low, high = sum_interval(fit, frame.loc[post, "month"].tolist())
    return {"months": frame[["month", "actual", "expected", "low", "high", "fitted"]], "fit": fit,
            "actual_eur": actual, "expected_eur": expected, "excess_eur": actual - expected,
            "excess_low": actual - high, "excess_high": actual - low,
            "excess_pct": 100.0 * (actual / expected - 1), "excess_pct_low": 100.0 * (actual / high - 1),
            "excess_pct_high": 100.0 * (actual / low - 1),
            "first": after, "last": str(frame["month"].iloc[-1])}


def placebo(monthly: pd.DataFrame, partner: str, **spec) -> dict:
    """:func:`detour` under the same specification with the break moved back a year: fitted to January 2021 (less
    the specification's left-out months), compared from March 2021 to January 2022, before the real break."""
    spec = dict(spec)
    spec["fit_end"] = min(spec.get("fit_end", FIT_END), PLACEBO_FIT_END)
    return detour(monthly, partner, after=PLACEBO_FROM, until=PLACEBO_UNTIL, **spec)


#: the specifications of the monthly trend model: label -> keyword arguments of :func:`detour`
TREND_SPECS = {
    "trend, 2019-01 to 2022-01": {},
    "trend, less 2020-03 to 2020-06": {"leave_out": ("2020-03", "2020-04", "2020-05", "2020-06")},
    "month effects only": {"trend": False},
    "trend, fitted to 2021-12": {"fit_end": "2021-12"},
}


def trend_table(monthly: pd.DataFrame, partners: tuple[str, ...] = DETOUR_PARTNERS,
                specs: dict = TREND_SPECS) -> pd.DataFrame:
    """Each specification of ``specs`` for each partner: the excess from March 2022 (percent of the projected sum)
    with its interval, and the in-time placebo of :func:`placebo`; the specification passes when the placebo's
    interval holds zero. Columns as :func:`did_table`."""
    records = []
    for label, kwargs in specs.items():
        for partner in partners:
            d = detour(monthly, partner, **kwargs)
            pl = placebo(monthly, partner, **kwargs)
            records.append({"design": "own trend", "specification": label, "partner": partner,
                            "estimate_pct": d["excess_pct"], "low_pct": d["excess_pct_low"],
                            "high_pct": d["excess_pct_high"], "placebo_pct": pl["excess_pct"],
                            "placebo_low_pct": pl["excess_pct_low"], "placebo_high_pct": pl["excess_pct_high"],
                            "passes": bool(pl["excess_pct_low"] <= 0 <= pl["excess_pct_high"])})
    return pd.DataFrame.from_records(records)


def headline(specs: pd.DataFrame, partner: str = "Kazakhstan") -> dict | None:
    """The headline among the specifications of ``specs`` (:func:`did_table` and :func:`trend_table` stacked):
    the first, in table order, that passes its placebo for ``partner``, with the range of the estimates and
    intervals of every passing specification of the same design. None when no specification passes (then only the gap is described)."""
    rows = specs[(specs["partner"] == partner) & specs["passes"]]
    if rows.empty:
        return None
    first = rows.iloc[0]
    rows = rows[rows["design"] == first["design"]]
    return {"design": first["design"], "specification": first["specification"], "estimate_pct": first["estimate_pct"],
            "low_pct": first["low_pct"], "high_pct": first["high_pct"], "n_passing": len(rows),
            "range_low": float(rows["estimate_pct"].min()), "range_high": float(rows["estimate_pct"].max()),
            "interval_low": float(rows["low_pct"].min()), "interval_high": float(rows["high_pct"].max())}


def detour_table(monthly: pd.DataFrame, partners: tuple[str, ...] = DETOUR_PARTNERS) -> pd.DataFrame:
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


def _signed(value: float) -> str:
    """A percentage with its sign, rounded to a whole number ('+64 %', '-4 %', '0 %')."""
    rounded = round(float(value))
    return "0 %" if rounded == 0 else f"{rounded:+d} %"


def event_study_figure(annual: pd.DataFrame, controls: list[str], partners: tuple[str, ...] = DETOUR_PARTNERS):
    """The chart of :func:`did_by_year` for each partner (2 x 2 panels) and the plotted frame."""
    from kzdep import style

    panel = log_panel(annual, list(partners) + list(controls))
    fig, axes = style.figure(2, 2, figsize=(7.2, 5.4), sharex=True)
    frames = []
    for ax, partner in zip(axes.flat, partners):
        es = did_by_year(panel, partner, controls)
        colour = style.colour("Russia") if partner == "Russia" else style.colour("EU")
        ax.fill_between(es["year"], es["low_pct"], es["high_pct"], color=colour, alpha=0.15, linewidth=0)
        ax.plot(es["year"], es["effect_pct"], color=colour, marker="o", markersize=3.5, linewidth=1.4)
        ax.axhline(0, color=style.MUTED, linewidth=0.8)
        ax.axvline(2021.5, color=style.MUTED, linewidth=0.8, linestyle=":")
        ax.set_title(partner, fontsize=10)
        ax.tick_params(labelsize=8)
        frames.append(es)
    for ax in axes[:, 0]:
        ax.set_ylabel("percent against 2021")
    fig.tight_layout()
    return fig, pd.concat(frames, ignore_index=True)


def trend_figure(monthly: pd.DataFrame, partners: tuple[str, ...] = DETOUR_PARTNERS, **spec):
    """The chart of :func:`detour` for each partner (2 x 2 panels: actual, trend, its band, the fitted months
    shaded) and the plotted frame."""
    from kzdep import style

    fig, axes = style.figure(2, 2, figsize=(7.2, 5.6))
    frames = []
    for ax, partner in zip(axes.flat, partners):
        m = detour(monthly, partner, **spec)["months"]
        x = pd.PeriodIndex(m["month"], freq="M").to_timestamp()
        colour = style.colour("Russia") if partner == "Russia" else style.colour("EU")
        ax.fill_between(x, m["low"] / 1e6, m["high"] / 1e6, color=colour, alpha=0.15, linewidth=0)
        ax.plot(x, m["expected"] / 1e6, color=colour, linestyle="--", linewidth=1.2)
        ax.plot(x, m["actual"] / 1e6, color=colour, linewidth=1.6)
        ax.axvspan(x[m["fitted"]].min(), x[m["fitted"]].max(), color="#f0f0f0", zorder=0)
        ax.axvline(pd.Timestamp("2022-03-01"), color=style.MUTED, linewidth=0.8)
        ax.set_title(partner, fontsize=10)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=8)
        frames.append(m.assign(partner=partner))
    for ax in axes[:, 0]:
        ax.set_ylabel("EUR million")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig, pd.concat(frames, ignore_index=True)


def specs_frame(specs: pd.DataFrame) -> pd.DataFrame:
    """The table of specifications as the chapter shows and offers it: one row per specification and partner,
    numbers as numbers (percent), the placebo's result as true or false."""
    label = [f"controls, {spec.replace('pre-period ', '')}" if design == "control group" else spec
             for design, spec in zip(specs["design"], specs["specification"])]
    return pd.DataFrame({"specification": label, "partner": specs["partner"], "estimate": specs["estimate_pct"],
                         "low": specs["low_pct"], "high": specs["high_pct"], "placebo": specs["placebo_pct"],
                         "passes": specs["passes"]})


def specs_sources(specs: pd.DataFrame) -> list[str]:
    """The source of each row of :func:`specs_frame`: Eurostat's annual extract for the control-group design, the
    monthly one for the own trend."""
    return ["eurostat-comext-annual-2024" if s.startswith("controls") else "eurostat-comext-monthly-2024"
            for s in specs["specification"]]


def detour_findings(annual: pd.DataFrame, monthly: pd.DataFrame, controls: list[str] | None = None,
                    trend_specs: dict = TREND_SPECS, did_periods: dict = DID_PERIODS) -> dict[str, str]:
    """The formatted numbers of the chapter's detour section (name -> text) for a control group (default:
    :func:`control_group`) and the given specifications, with :func:`monthly_findings` for the first trend
    specification."""
    from kzdep import text

    controls = controls if controls is not None else control_group(annual)
    did_specs = did_table(annual, controls, periods=did_periods)
    trend_specs_table = trend_table(monthly, specs=trend_specs)
    specs = pd.concat([did_specs, trend_specs_table], ignore_index=True)
    panel = log_panel(annual, list(DETOUR_PARTNERS) + list(controls))
    pct = lambda v: text.percent(v, 0)  # noqa: E731
    span = lambda lo, hi: f"{_signed(lo)} to {_signed(hi)}"  # noqa: E731
    out = monthly_findings(monthly, trend_specs)
    out |= {"did_n_controls": text.integer(len(controls)), "did_post": f"{POST_YEARS[0]}-{POST_YEARS[-1]}",
           "did_n_periods": text.integer(len(did_periods)), "trend_n_specs": text.integer(len(trend_specs))}
    first_period = next(iter(did_periods))
    for partner, key in (("Kazakhstan", "kz"), ("Kyrgyzstan", "kg"), ("Armenia", "am"), ("Russia", "ru")):
        row = did_specs[(did_specs["partner"] == partner)
                        & (did_specs["specification"] == f"pre-period {first_period}")].iloc[0]
        out[f"did_{key}_pct"] = text.percent(row["estimate_pct"], 0)
        out[f"did_{key}_range"] = span(row["low_pct"], row["high_pct"])
        out[f"did_{key}_placebo"] = _signed(row['placebo_pct'])
        out[f"did_{key}_placebo_range"] = span(row["placebo_low_pct"], row["placebo_high_pct"])
        mine = did_specs[did_specs["partner"] == partner]
        out[f"did_{key}_periods_range"] = span(mine["estimate_pct"].min(), mine["estimate_pct"].max())
    out["did_first_period"] = first_period
    kz = did_estimate(panel, "Kazakhstan", controls, did_periods[first_period][:2], POST_YEARS,
                      did_periods[first_period][2])
    out["did_kz_as_large"] = text.integer(int((abs(kz["placebos"]) >= abs(kz["log"])).sum()))
    narrow_band = control_group(annual, exclude=(), band=NARROW_BAND)
    narrow = [c for c in controls if c in narrow_band]
    nk = did_estimate(panel, "Kazakhstan", narrow, did_periods[first_period][:2], POST_YEARS,
                      did_periods[first_period][2])
    out["did_kz_narrow"] = f"{pct(nk['pct'])} ({span(nk['pct_low'], nk['pct_high'])})"
    out["did_n_narrow"] = text.integer(len(narrow))
    fails = int((~did_specs["passes"]).sum())
    out["did_placebo_verdict"] = (f"none of the {len(did_specs)} placebo intervals of the control-group design "
                                  "excludes zero" if fails == 0 else
                                  f"{fails} of the {len(did_specs)} placebo intervals of the control-group design "
                                  "exclude zero (the rows marked false)")
    kz_rows = did_specs[did_specs["partner"] == "Kazakhstan"]
    lowest = kz_rows.loc[kz_rows["estimate_pct"].idxmin(), "specification"].replace("pre-period ", "")
    out["did_kz_lowest_period"] = lowest
    out["did_common_change"] = _signed(common_change(panel, controls))
    out["did_kz_change"] = _signed(common_change(panel, ['Kazakhstan']))
    years = did_by_year(panel, "Kazakhstan", controls).set_index("year")
    early, late = years.loc[2010:2014, "effect_pct"], years.loc[2016:2019, "effect_pct"]
    out["es_kz_early"] = span(early.min(), early.max())
    out["es_kz_late"] = span(late.min(), late.max())
    out["es_kz_2020"] = _signed(years.loc[2020, 'effect_pct'])
    for year in POST_YEARS:
        out[f"es_kz_{year}"] = _signed(years.loc[year, 'effect_pct'])
    kz_trend = trend_specs_table[trend_specs_table["partner"] == "Kazakhstan"]
    first_trend = kz_trend.iloc[0]
    out["trend_kz_placebo"] = _signed(first_trend['placebo_pct'])
    out["trend_kz_placebo_range"] = span(first_trend["placebo_low_pct"], first_trend["placebo_high_pct"])
    out["trend_kz_range"] = span(kz_trend["estimate_pct"].min(), kz_trend["estimate_pct"].max())
    passing = int(kz_trend["passes"].sum())
    out["trend_kz_verdict"] = ("passes" if bool(first_trend["passes"]) else "fails")
    out["trend_kz_passing"] = (f"all {passing} specifications pass it" if passing == len(kz_trend) else
                               f"{passing} of the {len(kz_trend)} specifications pass it")
    main = trend_specs_table[trend_specs_table["specification"] == first_trend["specification"]]
    failing = main[~main["passes"]]
    if failing.empty:
        out["trend_failing"] = "For none of the four countries does the stated trend find an effect in the placebo year"
    else:
        listed = " and ".join(f"{p} ({_signed(v)})" for p, v in zip(failing["partner"], failing["placebo_pct"]))
        out["trend_failing"] = (f"For {listed} the placebo fails: the stated trend finds an excess in a year "
                                "without a break, so their own trends are no counterfactual")
    best = headline(specs)
    if best is None:
        out["headline_sentence"] = ("No specification of either design passes its placebo for Kazakhstan, so the "
                                    "chapter reports no estimate of the detour, only the gaps described above")
        out["headline_opening"] = ("EU exports to Kazakhstan rose, but no specification of the chapter's two "
                                   "designs passes its placebo test, so the chapter reports only the descriptive gap")
    else:
        design = "the control group" if best["design"] == "control group" else "the own trend"
        spec = best["specification"].replace("pre-period ", "base ")
        out["headline_sentence"] = (
            f"The chapter's headline is the first specification, in the order of the table below, that passes its "
            f"placebo for Kazakhstan: {design} with the {spec}, which gives {pct(best['estimate_pct'])} "
            f"({span(best['low_pct'], best['high_pct'])}). Across the {best['n_passing']} specifications of that "
            f"design that pass, the estimate runs from {span(best['range_low'], best['range_high'])}")
        what = (f"EU exports to Kazakhstan rose beyond what every destination shared: in {out['did_post']} they "
                f"were {pct(best['estimate_pct'])} above the course of a control group of comparable destinations "
                "that do not border Russia" if best["design"] == "control group" else
                f"EU exports to Kazakhstan ran above their pre-war course: from {out['detour_first']} to "
                f"{out['detour_last']} they were {pct(best['estimate_pct'])} above "
                "their own pre-war trend")
        out["headline_opening"] = (f"{what} (95 % "
                                   f"interval {span(best['low_pct'], best['high_pct'])})")
    return out


def detour_specs(annual: pd.DataFrame, monthly: pd.DataFrame, controls: list[str],
                 trend_specs: dict = TREND_SPECS) -> pd.DataFrame:
    """:func:`did_table` and :func:`trend_table` stacked: the table of specifications of the chapter."""
    return pd.concat([did_table(annual, controls), trend_table(monthly, specs=trend_specs)], ignore_index=True)


def dots_findings(dots: pd.DataFrame, official: pd.DataFrame, composition: pd.DataFrame, evidence: pd.DataFrame,
                  params: pd.DataFrame, bns: pd.DataFrame) -> dict[str, str]:
    """The formatted numbers of the chapter's sections on the IMF series (partners, asymmetry, concentration, the
    customs union), on the items imported from Russia, and on the press figures and sanctions evidence
    (name -> text), from the tables ``trade_dots``, ``trade_official``, ``imports_from_russia_composition``,
    ``sanctions_evidence``, ``parameters`` and ``trade_bns``. The assertions are statements the prose makes."""
    from kzdep import text
    from kzdep.data import parameter

    shares = pd.concat([partner_shares(dots, "exports"), partner_shares(dots, "imports")], ignore_index=True)
    asym = russia_asymmetry(dots)
    bal_ru, bal_cn = bilateral_balance(dots, RUSSIA), bilateral_balance(dots, CHINA)
    hhi = pd.concat([partner_hhi(dots, "exports"), partner_hhi(dots, "imports")], ignore_index=True)
    first, last = int(shares["year"].min()), int(shares["year"].max())

    def share(flow, group, year):
        row = shares[(shares["flow"] == flow) & (shares["group"] == group) & (shares["year"] == year)]
        return float(row["share_pct"].iloc[0])

    def at(frame, year, column):
        return float(frame.loc[frame["year"] == year, column].iloc[0])

    out = {"first_year": str(first), "last_year": str(last)}
    for flow in FLOWS:
        for group, key in [("Russia", "ru"), ("China", "cn"), ("EU excl. Italy", "eu"), ("Italy", "it"),
                           ("Other", "other")]:
            out[f"{key}_{flow}_last"] = text.percent(share(flow, group, last))
            out[f"{key}_{flow}_first"] = text.percent(share(flow, group, first))
    out["eu_whole_exports_last"] = text.percent(share("exports", "EU excl. Italy", last)
                                                + share("exports", "Italy", last))
    ranks = {p: rank_of(dots, "exports", last, p) for p in (CHINA, ITALY, RUSSIA)}
    assert ranks == {CHINA: 1, ITALY: 2, RUSSIA: 3}, ranks  # the prose states this order
    out["ru_rank_exports_last"] = str(ranks[RUSSIA])
    top_exp = hhi[(hhi["flow"] == "exports") & (hhi["year"] >= first)]
    out["italy_top_n"] = text.integer(int((top_exp["top_partner"] == ITALY).sum()))
    out["ru_rank_imports_last"] = str(rank_of(dots, "imports", last, RUSSIA))
    out["cn_over_ru_exports_since"] = str(first_year_above(shares[shares["flow"] == "exports"], "China", "Russia"))
    top_imp = hhi[(hhi["flow"] == "imports") & (hhi["year"] >= first)]
    assert (top_imp["top_partner"] == RUSSIA).all()  # the prose: the largest supplier in every year
    out["ru_top_imports_since"] = str(int(top_imp["year"].min()))
    peak = asym.loc[asym["imports_share_pct"].idxmax()]
    out["ru_imports_peak"] = text.percent(peak["imports_share_pct"])
    out["ru_imports_peak_year"] = str(int(peak["year"]))

    clean = asym[~asym["series_break"]]
    out["ratio_last"] = text.number(at(asym, last, "ratio"))
    out["ratio_first"] = text.number(at(asym, first, "ratio"))
    out["ratio_min_since_2005"] = text.number(clean.loc[clean["year"] >= 2005, "ratio"].min())
    out["bal_ru_last"] = text.money_bn(-at(bal_ru, last, "balance_usd_m"))
    out["bal_cn_last"] = text.money_bn(at(bal_cn, last, "balance_usd_m"))
    out["imp_ru_last"] = text.money_bn(at(bal_ru, last, "imports_usd_m"))
    out["exp_ru_last"] = text.money_bn(at(bal_ru, last, "exports_usd_m"))
    deficit = bal_ru[(bal_ru["balance_usd_m"] < 0) & ~bal_ru["series_break"]]
    out["ru_deficit_since"] = str(int(deficit["year"].min()))
    out["ru_deficit_n"] = text.integer(len(deficit))
    out["ru_years_n"] = text.integer(len(bal_ru[~bal_ru["series_break"]]))
    worst = bal_ru.loc[bal_ru["balance_usd_m"].idxmin()]
    out["ru_deficit_max"] = text.money_bn(-worst["balance_usd_m"])
    out["ru_deficit_max_year"] = str(int(worst["year"]))
    out["cn_surplus_n"] = text.integer(int((bal_cn["balance_usd_m"] > 0).sum()))
    out["cn_years_n"] = text.integer(len(bal_cn))

    # items imported from Russia
    subset = composition["note"].str.contains("subset", case=False)
    named = composition[(composition["year"] == 2025) & ~subset]
    out["comp_n_items"] = text.integer(len(composition))
    out["comp_2025_sum"] = text.money_bn(named["value_usd_m"].sum(), 2)
    for group, key in (("chemical products", "chem"), ("fuel and energy products", "fuel")):
        value = composition.loc[(composition["year"] == 2025) & (composition["product_group"] == group), "value_usd_m"]
        out[f"comp_{key}_2025"] = text.money_bn(float(value.iloc[0]), 2)

    # concentration
    def hhi_at(flow, year, column="hhi"):
        return float(hhi.loc[(hhi["flow"] == flow) & (hhi["year"] == year), column].iloc[0])

    for flow in FLOWS:
        out[f"hhi_{flow}_last"] = text.integer(hhi_at(flow, last)) + " points"
        out[f"eqn_{flow}_last"] = text.number(hhi_at(flow, last, "equivalent_partners"))
    odd = hhi[(hhi["flow"] == "exports") & (hhi["year"] == 2002)].iloc[0]
    out["odd_top_partner"] = odd["top_partner"]
    out["odd_top_share"] = text.percent(odd["top_share_pct"])
    window = hhi[hhi["year"] >= first]
    wide = window[~window["series_break"]].pivot(index="year", columns="flow", values="hhi")
    out["hhi_imp_above_n"] = text.integer(int((wide["imports"] > wide["exports"]).sum()))
    out["hhi_n_years"] = text.integer(len(wide))
    since = 2000
    out["hhi_exp_since"] = str(since)
    out["hhi_exp_low"] = text.integer(wide.loc[wide.index >= since, "exports"].min())
    out["hhi_exp_high"] = text.integer(wide.loc[wide.index >= since, "exports"].max()) + " points"
    out["ru_sq_part_last"] = text.percent(100 * share("imports", "Russia", last) ** 2 / hhi_at("imports", last))
    swiss = window[(window["flow"] == "exports") & (window["top_partner"] == "Switzerland")]["year"]
    out["swiss_years"] = " and ".join(str(y) for y in swiss)

    # the customs union
    for y in (2009, 2010, 2011, 2016):
        out[f"imp_ru_{y}"] = text.money_bn(at(bal_ru, y, "imports_usd_m"))
        out[f"exp_ru_{y}"] = text.money_bn(at(bal_ru, y, "exports_usd_m"))
    world = dots[(dots["partner"] == WORLD)].pivot(index="year", columns="flow", values="value_usd_m")
    for y in (2009, 2010, 2011):
        out[f"world_imp_{y}"] = text.money_bn(world.loc[y, "imports"])
    by = dots[dots["year"] == 2011]
    union = by[by["partner"].isin([RUSSIA, "Belarus, Rep. of"])]["value_usd_m"].sum()
    out["union_share_2011"] = text.percent(100 * union / by[by["partner"] == WORLD]["value_usd_m"].sum())
    out["n_flagged"] = text.integer(int(dots["series_break"].notna().sum()))

    # Russia against China: the bureau against the press
    kz = bns_as_dots(bns)
    full = official_full_year(official)
    kz_ru = bilateral_balance(kz, RUSSIA)
    out["ru_turnover_2021"] = text.money_bn(at(kz_ru, 2021, "turnover_usd_m"))
    dots_peak = bal_ru.loc[bal_ru["turnover_usd_m"].idxmax()]
    out["dots_ru_peak"] = text.money_bn(dots_peak["turnover_usd_m"])
    out["dots_ru_peak_year"] = str(int(dots_peak["year"]))
    out["record_margin"] = text.money_bn(at(kz_ru, 2021, "turnover_usd_m") - dots_peak["turnover_usd_m"], 2)
    out["ru_oct_2021"] = text.money_bn(official_value(official, 2021, "russia", "turnover", "KZ", period="jan_oct"))
    jan_oct_change = parameter(params, "kz_ru_turnover_jan_oct_stated_change_pct", 2022)  # CABAR: "up 7 per cent"
    out["ru_oct_2021_later"] = text.money_bn(
        official_value(official, 2022, "russia", "turnover", "KZ", period="jan_oct") / (1 + jan_oct_change / 100))
    ru_2022 = full[(full["partner"] == "russia") & (full["year"] == 2022) & (full["reporter"] == "RU")]
    out["ru_2022_ru_low"] = text.money_bn(ru_2022["value_usd_m"].min())
    out["ru_2022_ru_high"] = text.money_bn(ru_2022["value_usd_m"].max())
    for year in (2022, 2024):
        out[f"cn_{year}_gac"] = text.money_bn(official_value(official, year, "china", "turnover", "other"))
    out["ru_2024_ru"] = text.money_bn(official_value(official, 2024, "russia", "turnover", "RU"))
    out["ru_2024_other"] = text.money_bn(official_value(official, 2024, "russia", "turnover", "other"))
    mirror_kz = bns_value(bns, 2021, "Китай", "imports")
    mirror_cn = official_value(official, 2021, "china", "imports", "other")
    out["mirror_kz_2021"] = text.money_bn(mirror_kz)
    out["mirror_cn_2021"] = text.money_bn(mirror_cn)
    out["mirror_gap_2021"] = text.money_bn(mirror_cn - mirror_kz)
    stated = parameter(params, "kz_ru_turnover_stated_change_pct", 2023)  # the digest's "down 3.7 %"
    out["ru_2022_less_stated_fall"] = text.money_bn(at(kz_ru, 2022, "turnover_usd_m") * (1 + stated / 100))
    out["ru_2023_stated_fall"] = text.percent(-stated)
    for year in (2021, 2022):
        out[f"ru_exp_oct_{year}"] = text.money_bn(official_value(official, year, "russia", "exports", "KZ",
                                                                 period="jan_oct"))

    # sanctions evidence
    out["n_evidence"] = text.integer(len(evidence))
    groups = evidence["actor"].map(evidence_group)
    for k, group in enumerate(EVIDENCE_GROUPS):
        out[f"n_evidence_g{k}"] = text.integer(int((groups == group).sum()))
    return out


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


def findings(detour_too: bool = True) -> dict[str, str]:
    """The formatted numbers the chapter's new sections glue (name -> text), read from the data package; the
    detour section's (:func:`monthly_findings`, :func:`detour_findings`) only if ``detour_too``.

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

    if detour_too:
        out.update(detour_findings(eu_annual, monthly))
    return out


def monthly_findings(monthly: pd.DataFrame, specs: dict | None = None) -> dict[str, str]:
    """The formatted numbers of the monthly trend model (stated specification) for the chapter's detour section."""
    from kzdep import text

    out = {}
    kwargs = next(iter((specs or TREND_SPECS).values()))
    excess = {}
    for partner, key in (("Kazakhstan", "kz"), ("Kyrgyzstan", "kg"), ("Armenia", "am"), ("Russia", "ru")):
        d = detour(monthly, partner, **kwargs)
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
        excess[partner] = d["excess_eur"]
    three = excess["Kazakhstan"] + excess["Kyrgyzstan"] + excess["Armenia"]
    out["detour_three_eur"] = f"EUR {three / 1e9:,.1f} bn"
    out["detour_three_of_ru"] = text.percent(100 * three / -excess["Russia"])
    out["detour_kz_of_ru"] = text.percent(100 * excess["Kazakhstan"] / -excess["Russia"])
    return out

