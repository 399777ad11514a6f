"""The pipelines chapter's charts and tables: each function draws one figure (or builds one table) from the frames
the chapter already holds and returns it with exactly the data plotted, so that the chapter keeps only the story
and the one call that publishes each figure (``style.publish`` with its sources). Nothing here reads files."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd

from kzdep import maps, pipelines, style, text
from kzdep.pipelines import ROUTE_LABELS

# ---------------------------------------------------------------------------------------------------------------
# the map

#: where each place's label goes on the map: offset in points and alignment
LABEL_AT = {
    "Tengiz": ((4, -10), "left"), "Novorossiysk": ((-4, 6), "right"), "Samara": ((5, 3), "left"),
    "Atyrau": ((-5, 5), "right"), "Uzen": ((6, -3), "left"), "Aktau": ((-5, -4), "right"),
    "Kenkiyak": ((5, 3), "left"), "Atasu": ((0, 6), "center"), "Alashankou": ((-2, -11), "center"),
    "Baku (Sangachal)": ((5, -8), "left"), "Ceyhan": ((4, -9), "left"),
}
MAP_LEGEND = {
    "cpc": "CPC (through Russia)",
    "atyrau_samara": "Atyrau–Samara (into Russia's network)",
    "aktau_makhachkala": "Baku–Novorossiysk (Russian section via Makhachkala)",
    "kz_china": "Kazakhstan–China (avoids Russia)",
    "aktau_btc": "Baku–Tbilisi–Ceyhan (avoids Russia)",
    "feeder": "Domestic feeder lines",
}
COUNTRY_LABELS = {"RUSSIA": (0.30, 0.90), "KAZAKHSTAN": (0.60, 0.62), "CHINA": (0.93, 0.22), "TURKEY": (0.05, 0.12),
                  "AZERB.": (0.22, 0.30), "UZBEKISTAN": (0.58, 0.30), "TURKMENISTAN": (0.42, 0.12)}


def route_map(countries: dict, lines: dict, places: pd.DataFrame):
    """The export routes on a map: the GEM lines coloured by route, the Aktau-Baku sea leg dashed, the key places
    (``places`` indexed by label). Returns (fig, one row per line with its end points)."""
    ends = pipelines.endpoints(lines)
    where = {label: ((places.loc[label, "lon"], places.loc[label, "lat"]), offset, ha)
             for label, (offset, ha) in LABEL_AT.items()}
    fig, ax = style.figure(figsize=(7.2, 4.6))
    ax.grid(False)
    maps.draw_countries(ax, countries)
    widths = {"cpc": 2.6, "atyrau_samara": 2.2, "aktau_makhachkala": 1.8, "kz_china": 2.2, "aktau_btc": 2.2}
    drawn, plotted = set(), []
    for feat in lines["features"]:
        pid = feat["properties"]["project_id"]
        route = pipelines.map_route(pid)
        kw = (dict(color=style.MUTED, lw=1.0) if route == "feeder"
              else dict(color=style.ROUTE_COLOURS[route], lw=widths[route]))
        for part in maps.line_parts(feat):
            xy = np.asarray(part)
            ax.plot(xy[:, 0], xy[:, 1], solid_capstyle="round", zorder=4 if route != "feeder" else 3,
                    label=None if route in drawn else MAP_LEGEND[route], **kw)
            drawn.add(route)
        plotted.append({"project_id": pid, "name": feat["properties"]["name"], "route": route,
                        "crosses_russia": "domestic" if route == "feeder" else pipelines.route_class(route),
                        "first_lon": ends[pid]["first"][0], "first_lat": ends[pid]["first"][1],
                        "last_lon": ends[pid]["last"][0], "last_lat": ends[pid]["last"][1]})
    aktau, baku = where["Aktau"][0], where["Baku (Sangachal)"][0]
    sea = style.ROUTE_COLOURS["aktau_sea_total"]
    ax.plot([aktau[0], baku[0]], [aktau[1], baku[1]], ls=(0, (3, 2)), color=sea, lw=2.0, zorder=4,
            label="Aktau → Baku by tanker (sea leg)")
    ax.annotate("sea leg", xy=((aktau[0] + baku[0]) / 2, (aktau[1] + baku[1]) / 2), xytext=(6, -2),
                textcoords="offset points", fontsize=7.5, color=sea, style="italic")
    for name, ((lon, lat), offset, ha) in where.items():
        ax.plot(lon, lat, "o", ms=3.5, color=style.INK, zorder=5)
        ax.annotate(name, xy=(lon, lat), xytext=offset, textcoords="offset points", fontsize=7.5, ha=ha,
                    color=style.INK, zorder=6)
    for name, (fx, fy) in COUNTRY_LABELS.items():
        ax.text(fx, fy, name, transform=ax.transAxes, fontsize=7, color=style.MUTED, ha="center", zorder=6)
    maps.frame_map(ax, 33.0, 86.0, 35.0, 56.5)
    fig.subplots_adjust(bottom=0.18)
    fig.legend(*ax.get_legend_handles_labels(), loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=7.5)
    return fig, pd.DataFrame(plotted)


# ---------------------------------------------------------------------------------------------------------------
# production, by edition

EDITION_STYLE = {"ei-2026": dict(color="Kazakhstan", lw=2.0), "ei-2024": dict(color="ink", lw=0.9, ls=(0, (1, 1.5))),
                 "bp-2021": dict(color="muted", lw=1.0, ls=(0, (4, 2)))}


def _colour(name: str) -> str:
    return {"ink": style.INK, "muted": style.MUTED}.get(name) or style.colour(name)


def production_chart(editions: pd.DataFrame, official: pd.DataFrame):
    """Production by edition, each edition a line of its own (checked: one edition per line), official production
    and the stated export totals as points (hollow: preliminary). Returns (fig, the values plotted)."""
    exports = pipelines.official_series(official, "exports")
    prelim = exports.index.isin(pipelines.preliminary_years(official, "exports"))
    fig, ax = style.figure()
    for series, kw in EDITION_STYLE.items():
        line = editions[editions["series"] == series]
        pipelines.one_edition(line, series)  # the build rule: one edition per drawn series
        ax.plot(line["year"], line["production_mt"], label=f"Production, {pipelines.EDITIONS[series]}",
                **{**kw, "color": _colour(kw["color"])})
    off = editions[editions["series"] == "official"]
    kz = style.colour("Kazakhstan")
    ax.plot(off["year"], off["production_mt"], "o", mfc="white", mew=1.3, color=kz, ms=5,
            label="Production, official (crude and condensate)")
    ax.plot(exports.index[~prelim], exports.values[~prelim], "s", color=style.INK, ms=5,
            label="Exports (official, stated years only)")
    ax.plot(exports.index[prelim], exports.values[prelim], "s", mfc="white", mew=1.3, color=style.INK, ms=5,
            label="Exports, preliminary (stated before the year closed)")
    ax.set_ylabel("Million tonnes")
    ax.set_ylim(0, None)
    ax.set_xlim(1984, max(int(exports.index.max()), int(editions["year"].max())) + 1)
    ax.legend(loc="lower right", fontsize=7.5)
    src = official[official["measure"] == "exports"].groupby("year")["source_id"].first()
    plotted = pd.concat([
        editions.rename(columns={"production_mt": "value_mt"}).assign(measure="production", basis="stated")[
            ["year", "measure", "series", "value_mt", "source_id", "basis"]],
        pd.DataFrame({"year": exports.index, "measure": "exports", "series": "official", "value_mt": exports.values,
                      "source_id": [src[y] for y in exports.index],
                      "basis": ["preliminary" if p else "stated" for p in prelim]}),
    ], ignore_index=True)
    return fig, plotted


# ---------------------------------------------------------------------------------------------------------------
# route shares: one bar per period, never a line

SHARE_ORDER = ["cpc", "atyrau_samara", "aktau_sea_total", "kz_china", "rail", "not_allocated"]
TABLE_ROUTES = ["cpc", "atyrau_samara", "kz_china", "aktau_sea_total", "rail", "not_allocated"]


def route_shares_chart(picked: pd.DataFrame, summary: pd.DataFrame):
    """One stacked bar per period with a full split (separate snapshots), the share through Russia (at least -
    at most) and the HHI beside each. Returns (fig, the rows plotted, their sources row by row)."""
    rows, sources, labels = [], [], []
    fig, ax = style.figure(figsize=(7.0, 3.6))
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    for i, rec in enumerate(summary.itertuples()):
        shares = pipelines.route_shares(picked, rec.year, rec.period).set_index("route")
        left = 0.0
        for route in [r for r in SHARE_ORDER if r in shares.index]:
            w = float(shares.loc[route, "share_pct"])
            kw = (dict(color="white", edgecolor=style.MUTED, hatch="////", lw=0.5) if route == "not_allocated"
                  else dict(color=style.ROUTE_COLOURS[route]))
            ax.barh(i, w, left=left, height=0.62, label=ROUTE_LABELS[route], **kw)
            if w >= 6:
                ax.text(left + w / 2, i, f"{w:.0f}", ha="center", va="center", fontsize=8,
                        color="white" if route in ("cpc", "aktau_sea_total") else style.INK)
            left += w
            rows.append({"year": rec.year, "period": rec.period, "route": route,
                         "volume_mt": float(shares.loc[route, "volume_mt"]), "share_pct": w,
                         "crosses_russia": shares.loc[route, "route_class"], "russia_at_least_pct": rec.russia_low_pct,
                         "russia_at_most_pct": rec.russia_high_pct, "hhi": rec.hhi, "whole_mt": rec.whole_mt,
                         "whole_basis": rec.basis})
            sources.append(pipelines.route_row_sources(picked, rec.year, rec.period, route))
        ax.text(101.5, i, f"Russia {rec.russia_low_pct:.1f}–{rec.russia_high_pct:.1f} %\nHHI {rec.hhi:,.0f}",
                va="center", fontsize=7.5, color=style.INK)
        labels.append(pipelines.period_label(rec.year, rec.period))
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Percent of exports (stated total, or sum of routes where no total is stated)")
    handles, names = ax.get_legend_handles_labels()
    uniq = dict(zip(names, handles))
    ax.legend(uniq.values(), uniq.keys(), loc="lower center", bbox_to_anchor=(0.45, 1.02), ncol=3, fontsize=8)
    return fig, pd.DataFrame(rows), sources


def route_share_table(picked: pd.DataFrame, summary: pd.DataFrame):
    """The shares by route and period as numbers (periods across, NaN where a route has no figure), with the share
    through Russia at least and at most, the HHI and the whole. Returns (table, sources row by row)."""
    cols = {}
    for rec in summary.itertuples():
        shares = pipelines.route_shares(picked, rec.year, rec.period).set_index("route")["share_pct"]
        cols[pipelines.period_label(rec.year, rec.period)] = (
            [float(shares.get(r, float("nan"))) for r in TABLE_ROUTES]
            + [rec.russia_low_pct, rec.russia_high_pct, rec.bypass_pct, rec.hhi, rec.whole_mt])
    table = pd.DataFrame({"Share of exports (%)": [ROUTE_LABELS[r] for r in TABLE_ROUTES]
                          + ["Crosses Russia, at least", "Crosses Russia, at most", "Avoids Russia",
                             "HHI of routes", "Whole (Mt)"], **cols})
    # a row runs across the periods: its sources are each period's source of that route (the summary rows,
    # computed from all routes, rest on all of them)
    per_route = [[s for rec in summary.itertuples() for s in
                  pipelines.route_row_sources(picked, rec.year, rec.period, r)] for r in TABLE_ROUTES]
    every = [s for rec in summary.itertuples() for s in pipelines.route_row_sources(picked, rec.year, rec.period)]
    return table, per_route + [every] * (len(table) - len(TABLE_ROUTES))


# ---------------------------------------------------------------------------------------------------------------
# the CPC: loadings, capacity, interruptions

def loadings_chart(points: pd.DataFrame, capacity: pd.DataFrame, scenario_year: int):
    """CPC loadings and the Kazakh oil among them (hollow: derived; triangle: a lower bound) against the stated
    capacity of the line, a step up to ``scenario_year``. Returns (fig, the values plotted)."""
    tot = points[points["measure"] == "total_loadings"].set_index("year")
    kz = points[points["measure"] == "kazakh_oil"].set_index("year")
    steps = capacity[capacity["route"] == "cpc"].groupby("as_of")["capacity_mt_per_year"].max()
    cap = steps[steps.index <= scenario_year]
    last_year = int(points["year"].max())
    cap_x, cap_y = list(cap.index) + [last_year + 0.5], list(cap.values) + [cap.values[-1]]
    fig, ax = style.figure()
    ax.step(cap_x, cap_y, where="post", color=style.MUTED, lw=1.2, ls=(0, (4, 2)), label="Stated capacity of the line")
    red, kzc = style.ROUTE_COLOURS["atyrau_samara"], style.ROUTE_COLOURS["cpc"]
    lb, dv = tot["lower_bound"], tot["basis"] == "derived"
    ax.plot(tot.index[~lb & ~dv], tot.loc[~lb & ~dv, "value_mt"], "o", color=red, ms=7, label="Total loadings")
    ax.plot(tot.index[dv], tot.loc[dv, "value_mt"], "o", mfc="white", mew=1.5, color=red, ms=7,
            label="Total loadings, derived")
    ax.plot(tot.index[lb], tot.loc[lb, "value_mt"], "^", color=red, ms=7, label="Total loadings, lower bound")
    kdv = kz["basis"] == "derived"
    ax.plot(kz.index[~kdv], kz.loc[~kdv, "value_mt"], "o", color=kzc, ms=6, label="Kazakh oil")
    ax.plot(kz.index[kdv], kz.loc[kdv, "value_mt"], "o", mfc="white", mew=1.5, color=kzc, ms=6,
            label="Kazakh oil, derived")
    ax.set_xlim(2003.5, last_year + 0.5)
    ax.set_ylim(0, max(cap_y) * 1.1)
    ax.set_ylabel("Million tonnes")
    ax.legend(loc="upper left", ncol=2)
    ax.xaxis.set_major_locator(mticker.MultipleLocator(2))
    cap_src = [capacity[(capacity.route == "cpc") & (capacity.as_of == y) & (capacity.capacity_mt_per_year == v)]
               ["source_id"].iloc[0] for y, v in cap.items()]
    plotted = pd.concat([
        points[points["measure"] != "kazakh_fields_intake"].assign(kind="loading")[
            ["year", "measure", "value_mt", "basis", "lower_bound", "source_id", "kind"]],
        pd.DataFrame({"year": cap.index, "measure": "capacity", "value_mt": cap.values, "basis": "stated",
                      "lower_bound": False, "source_id": cap_src, "kind": "capacity from this year"}),
    ], ignore_index=True)
    return fig, plotted


#: short names of the incidents for the timeline and its table
INCIDENTS = {
    "cpc-2022-03-storm-spm": "Storm damage to moorings",
    "cpc-2022-06-mine-sweep": "Sea-bed sweep for WWII explosives",
    "cpc-2022-07-court": "Court orders 30-day suspension",
    "cpc-2022-08-spm-buoyancy": "Cracks: two moorings shut",
    "cpc-2023-02-storm": "Storm halts loading",
    "cpc-2023-11-storm": "Storm halts loading",
    "cpc-2025-02-kropotkinskaya": "Drone attack on pump station",
    "cpc-2025-04-spm-order": "Inspector shuts two moorings",
    "cpc-2025-11-25-admin": "Drone strike on terminal",
    "cpc-2025-11-29-spm2": "Naval drone destroys a mooring",
    "cpc-2025-12-29-storm": "Storm, tanks full",
}
PANELS = [(dt.date(2022, 1, 1), dt.date(2024, 1, 1)), (dt.date(2025, 1, 1), dt.date(2026, 1, 20))]


def _incident_label(rec) -> str:
    if not rec.interruption:
        return "nothing stopped" if rec.days == 0 else "not enforced"
    if pd.notna(rec.days):
        return f"{rec.days:.0f} day" + ("s" if rec.days != 1 else "")
    return f"to {rec.end:%b %Y}" if rec.end is not None else "end not found"


def stoppages_chart(rep: pd.DataFrame):
    """The reported incidents on two panels (2022-2023, 2025), one line each: a bar from start to end where both
    days are reported, an arrow where no end was found, hollow where nothing stopped. Returns (fig, the rows)."""
    years = {d.year for d in rep["start"]}
    if not years <= {2022, 2023, 2025}:
        raise ValueError(f"CPC incidents outside the timeline's panels: {sorted(years)}")  # redraw the panels
    fig, axes = style.figure(1, 2, figsize=(7.2, 4.2), sharey=True, gridspec_kw={"width_ratios": [1.5, 1]})
    for i, rec in enumerate(rep.itertuples()):
        ax, (a, b) = (axes[0], PANELS[0]) if rec.start.year < 2025 else (axes[1], PANELS[1])
        col = style.ROUTE_COLOURS["cpc"] if rec.interruption else style.MUTED
        start = right = pd.Timestamp(rec.start)
        if rec.end is not None and rec.end > rec.start:
            right = pd.Timestamp(rec.end)
            ax.barh(i, (right - start).days, left=start, height=0.5, color=col)
        ax.plot(start, i, "o", ms=6, color=col, mfc=col if rec.interruption else "white", mew=1.5)
        if rec.end is None:
            right = start + pd.Timedelta(days=35)
            ax.annotate("", xy=(right, i), xytext=(start, i), arrowprops=dict(arrowstyle="->", color=col, lw=1.2))
        if (pd.Timestamp(b) - right).days > 75:
            ax.text(right + pd.Timedelta(days=14), i, _incident_label(rec), va="center", fontsize=7.5, color=style.INK)
        else:
            ax.text(start - pd.Timedelta(days=18), i, _incident_label(rec), va="center", ha="right", fontsize=7.5,
                    color=style.INK)
    axes[0].set_yticks(range(len(rep)), [INCIDENTS.get(e, e) for e in rep["event_id"]], fontsize=8)
    axes[0].invert_yaxis()
    for ax, (a, b) in zip(axes, PANELS):
        ax.set_xlim(pd.Timestamp(a), pd.Timestamp(b))
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 7]))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        ax.tick_params(axis="x", labelsize=8)
    axes[1].spines["left"].set_visible(False)
    axes[1].tick_params(axis="y", left=False)
    axes[0].set_title("2022–2023", fontsize=9)
    axes[1].set_title("2025 (no incident recorded in 2024)", fontsize=9)
    fig.tight_layout()
    plotted = rep[["event_id", "start_date", "end_date", "days", "interruption", "what_stopped", "cause", "source_id",
                   "n_sources"]].rename(columns={"source_id": "source_id_of_row_shown", "n_sources": "rows_in_data"})
    return fig, plotted


def _when(value) -> str:
    d, precision = pipelines.parse_partial_date(value)
    if precision == "day":
        return f"{d.day} {d:%b %Y}"
    if precision == "month":
        return f"{d:%b %Y}"
    return "not found" if precision == "none" else str(value)


def stoppage_table(rep: pd.DataFrame) -> pd.DataFrame:
    """The incidents as a table: start, end (as precise as reported), days where both are full dates, what
    stopped."""
    starts = rep["start_date"].where(rep["start_date"].notna(), rep["start"].astype(str).str[:7])
    return pd.DataFrame({
        "Incident": [INCIDENTS.get(e, e) for e in rep["event_id"]],
        "Start": [_when(v) for v in starts],
        "End": [_when(v) for v in rep["end_date"]],
        "Days": [float(d) if pd.notna(d) else float("nan") for d in rep["days"]],
        "What stopped (as reported)": rep["what_stopped"],
    })


# ---------------------------------------------------------------------------------------------------------------
# the scenario

def scenario_chart(curve: pd.DataFrame, price_usd_bbl: float):
    """The illustration: gross value held back by the length of the stoppage, split into what the routes avoiding
    Russia could carry and what would be stranded, the chosen length marked."""
    fig, ax = style.figure()
    x, bn = curve["days"], 1000.0
    ax.fill_between(x, 0, curve["bypass_usd_m"] / bn, color=style.ROUTE_COLOURS["kz_china"], alpha=0.85,
                    label="Routes avoiding Russia could carry")
    ax.fill_between(x, curve["bypass_usd_m"] / bn, curve["lost_usd_m"] / bn, color=style.ROUTE_COLOURS["cpc"],
                    alpha=0.35, label="Stranded")
    ax.plot(x, curve["lost_usd_m"] / bn, color=style.ROUTE_COLOURS["cpc"], lw=1.8, label="Held back, gross value")
    chosen = curve[curve["chosen"]].iloc[0]
    ax.plot(chosen["days"], chosen["lost_usd_m"] / bn, "o", color=style.INK, ms=6)
    ax.annotate(f"{chosen['days']:g} days: {chosen['lost_mt']:.2f} Mt, US$ {chosen['lost_usd_m'] / bn:.1f} bn",
                xy=(chosen["days"], chosen["lost_usd_m"] / bn), xytext=(8, 8), textcoords="offset points",
                fontsize=8, color=style.INK)
    ax.set_xlim(0, 365)
    ax.set_ylim(0, None)
    ax.set_xlabel("Length of the stoppage (days)")
    ax.set_ylabel(f"US\\$ billion at {price_usd_bbl:.1f} US\\$ a barrel")
    ax.legend(loc="upper left", fontsize=8)
    return fig


SCENARIO_UNITS = {"days": "days", "lost_mt": "million tonnes", "lost_usd_m": "US$ million",
                  "bypass_mt": "million tonnes", "bypass_usd_m": "US$ million", "stranded_mt": "million tonnes",
                  "stranded_usd_m": "US$ million", "price_usd_bbl": "US$ a barrel",
                  "price_basis": "published (World Bank average of scenario_year) or reader (set in the parameter "
                                 "cell)", "volume_mt": "million tonnes a year"}


def scenario_table_shown(rows: pd.DataFrame, price: float, grid_prices) -> pd.DataFrame:
    """The scenario table as shown: one row per stoppage length (the chosen one marked), million tonnes and US$
    billion at the scenario's price and at each of ``grid_prices``."""
    shown = pd.DataFrame({
        "Stoppage (days)": [text.integer(d) + (" (chosen)" if c else "") for d, c in zip(rows["days"], rows["chosen"])],
        "Held back (Mt)": [text.number(v, 2) for v in rows["lost_mt"]],
        f"US$ bn at {price:.1f}": [text.number(v / 1000, 2) for v in rows["lost_usd_m"]],
        "Routes avoiding Russia could carry (Mt)": [text.number(v, 2) for v in rows["bypass_mt"]],
        "Stranded (Mt)": [text.number(v, 2) for v in rows["stranded_mt"]],
    })
    for p in grid_prices:
        shown[f"US$ bn at {p:g}"] = [text.number(v / 1000, 2) for v in rows[f"lost_usd_m_at_{p:g}"]]
    return shown


# ---------------------------------------------------------------------------------------------------------------
# the trans-Caspian route, and gas

def transcaspian_chart(aktau: pd.DataFrame, target_mt: float, target_year: int, cap_aktau: float):
    """Aktau's tanker shipments and the part sent on through BTC (hollow: part of a year, the longest period shown),
    against the trans-Caspian target and the port's capacity. Returns (fig, the flows plotted)."""
    fig, ax = style.figure()
    kz = style.colour("Kazakhstan")
    ax.axhline(target_mt, color=kz, lw=1.2, ls=(0, (5, 2)))
    ax.text(2009.2, target_mt + 0.4, f"Target: {target_mt:g} Mt a year via Aktau and Kuryk (set {target_year})",
            fontsize=8, color=kz, va="bottom")
    ax.axhline(cap_aktau, color=style.MUTED, lw=1.0, ls=":")
    ax.text(2014.5, cap_aktau + 0.4, f"Aktau port capacity ({cap_aktau:g} Mt a year, KMG)", fontsize=8,
            color=style.MUTED, va="bottom")
    plotted = []
    for route, colour, label in [("aktau_sea_total", style.colour("Other"), "All tankers from Aktau"),
                                 ("aktau_btc", style.ROUTE_COLOURS["aktau_btc"], "Aktau → Baku–Tbilisi–Ceyhan")]:
        sub = aktau[aktau["route"] == route]
        full = sub[sub["period"] == "full_year"]
        part = sub[sub["period"] != "full_year"]
        # in a year with several part-year figures, show the longest period only
        part = part.assign(months=part["period"].map(pipelines.PERIOD_MONTHS)).sort_values("months")
        part = part.groupby("year").tail(1).sort_values("year").drop(columns="months")
        ax.plot(full["year"], full["volume_mt"], "o", color=colour, ms=7, label=label)
        ax.plot(part["year"], part["volume_mt"], "o", color=colour, mfc="white", mew=1.5, ms=7)
        if len(part):
            months = "; ".join(pipelines.period_label(r.year, r.period) for r in part.itertuples())
            ax.plot([], [], "o", color=colour, mfc="white", mew=1.5, ms=7, label=f"{label}, part year ({months})")
        plotted.append(pd.concat([full, part])[["year", "period", "route", "volume_mt", "source_id"]])
    ax.set_xlim(2008, int(aktau["year"].max()) + 1.5)
    ax.set_ylim(0, target_mt * 1.15)
    ax.set_ylabel("Million tonnes")
    ax.legend(loc="center right", fontsize=8)
    ax.xaxis.set_major_locator(mticker.MultipleLocator(2))
    return fig, pd.concat(plotted, ignore_index=True)


def gas_chart(gas: pd.DataFrame, gt: dict, transit: pd.DataFrame, trade_rows: pd.DataFrame):
    """Left: production and consumption (one edition). Right: the edition's pipeline trade of its year and the
    Russian transit to Uzbekistan (the plan hatched). Returns (fig, the values plotted)."""
    fig, (ax1, ax2) = style.figure(1, 2, figsize=(7.2, 3.4), gridspec_kw={"width_ratios": [1.5, 1]})
    ax1.plot(gas.index, gas["production_bcm"], color=style.colour("Kazakhstan"), lw=2, label="Production")
    ax1.plot(gas.index, gas["consumption_bcm"], color=style.INK, lw=1.2, ls=(0, (4, 2)), label="Consumption")
    ax1.set_ylabel("Billion cubic metres")
    ax1.set_ylim(0, None)
    ax1.legend(loc="upper left", fontsize=8)
    ty = gt["year"]
    bars = [(f"Exports to China, {ty}", gt["to_china"], style.colour("China"), None),
            (f"Exports to Russia, {ty}", gt["to_russia"], style.colour("Russia"), None),
            (f"Imports from Russia, {ty}", gt["from_russia"], style.colour("Russia"), "////"),
            ("Russian transit to Uzbekistan, 2024", transit.loc[2024, "value"], style.MUTED, None),
            ("… planned 2025", transit.loc[2025, "value"], "white", "...")]
    for i, (label, value, colour, hatch) in enumerate(bars):
        ax2.barh(i, value, color=colour, hatch=hatch, edgecolor=style.INK if hatch else colour, lw=0.6)
        ax2.text(value + 0.15, i, f"{value:.2f}", va="center", fontsize=8)
    ax2.set_yticks(range(len(bars)), [b[0] for b in bars], fontsize=8)
    ax2.invert_yaxis()
    ax2.set_xlabel("Billion cubic metres")
    ax2.set_xlim(0, max(b[1] for b in bars) * 1.3)
    fig.tight_layout()
    plotted = pd.concat([
        gas.reset_index().melt(id_vars=["year", "source_id"], value_vars=["production_bcm", "consumption_bcm"],
                               var_name="measure", value_name="value_bcm"),
        trade_rows.assign(measure=lambda f: "pipeline " + f["exporter"] + " to " + f["importer"])
        .rename(columns={"volume_bcm": "value_bcm"})[["year", "source_id", "measure", "value_bcm"]],
        transit.reset_index().assign(measure=lambda f: "Russian transit to Uzbekistan (" + f["qualifier"] + ")")
        .rename(columns={"value": "value_bcm"})[["year", "source_id", "measure", "value_bcm"]],
    ], ignore_index=True)
    return fig, plotted
