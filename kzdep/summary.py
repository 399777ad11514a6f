"""The answer in one place: the levers' indicators side by side, then and now, both directions, one timeline.

Everything here rests on the contract between the lever modules and the summary (``yearly_indicators()`` with the
columns of :data:`CONTRACT_COLUMNS` and the indicator keys of :data:`KEY_INDICATORS`): it never reads a lever
module's internals, so a richer lever table (more years, more indicators) flows in without a change here. An
indicator a lever does not (yet) provide is left out of every table, openly (:func:`missing_keys`).
"""

from __future__ import annotations

import importlib
import re

import numpy as np
import pandas as pd

LEVER_MODULES = ("pipelines", "trade", "security", "people")
CONTRACT_COLUMNS = ["lever", "indicator", "label", "year", "value", "unit", "direction", "tier", "source_id",
                    "series", "note"]
#: the contract's indicator keys, in the order of the then-and-now table
KEY_INDICATORS = [
    "oil_exports_via_russia_share", "cpc_share_of_exports", "gas_pipeline_exports_to_russia_share",
    "oil_production_mt", "oil_exports_mt",
    "imports_from_russia_share", "exports_to_russia_share", "imports_from_china_share", "partner_hhi_imports",
    "russia_china_turnover_ratio", "trade_balance_with_russia_usd_m",
    "arms_from_russia_share_5y", "milex_share_gdp", "milex_usd_m",
    "ethnic_russians_share", "students_in_russia", "un_alignment_with_russia",
]
LANES = ["pipelines", "trade", "security", "people", "diversification"]
DIRECTION_MARK = {1: "higher = more dependent", -1: "higher = less dependent", 0: "context"}


# ---------------------------------------------------------------------------------------------------------------
# the levers' tables

def check_contract(frame: pd.DataFrame, module: str) -> pd.DataFrame:
    """``frame`` if it has exactly the contract's columns and valid values; otherwise ``ValueError`` naming the
    module, the column and the first bad row."""
    cols = list(frame.columns)
    if cols != CONTRACT_COLUMNS:
        missing = [c for c in CONTRACT_COLUMNS if c not in cols]
        extra = [c for c in cols if c not in CONTRACT_COLUMNS]
        raise ValueError(f"kzdep.{module}.yearly_indicators(): columns differ from the contract "
                         f"(missing {missing}, unknown {extra}, or out of order)")
    out = frame.copy()
    out["direction"] = [_direction(v, module, i) for i, v in enumerate(out["direction"])]
    for column in ("year", "value"):
        bad = pd.to_numeric(out[column], errors="coerce").isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise ValueError(f"kzdep.{module}.yearly_indicators(): column {column!r}, row {i}: "
                             f"{out[column].iloc[i]!r} is not a number")
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype("float64")
    dup = out.duplicated(["indicator", "year", "series"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise ValueError(f"kzdep.{module}.yearly_indicators(): row {i}: a second value for "
                         f"{out['indicator'].iloc[i]} {out['year'].iloc[i]} in series {out['series'].iloc[i]!r}")
    return out


def _direction(value, module: str, row: int) -> int:
    try:
        d = int(float(str(value).strip()))
    except ValueError:
        d = None
    if d not in (-1, 0, 1):
        raise ValueError(f"kzdep.{module}.yearly_indicators(): column 'direction', row {row}: {value!r} is not "
                         "+1, -1 or 0")
    return d


def lever_indicators(modules=LEVER_MODULES) -> pd.DataFrame:
    """All levers' ``yearly_indicators()`` in one tidy frame (checked against the contract)."""
    frames = []
    for name in modules:
        module = importlib.import_module(f"kzdep.{name}")
        frames.append(check_contract(module.yearly_indicators(), name))
    return pd.concat(frames, ignore_index=True)


def usable(indicators: pd.DataFrame, refused=("partisan",)) -> pd.DataFrame:
    """The rows whose source tier may carry a number in this report (a partisan source never does)."""
    return indicators[~indicators["tier"].isin(refused)].reset_index(drop=True)


def missing_keys(indicators: pd.DataFrame) -> list[str]:
    """The contract's indicator keys no lever provides yet."""
    have = set(indicators["indicator"])
    return [k for k in KEY_INDICATORS if k not in have]


def series(indicators: pd.DataFrame, indicator: str) -> pd.Series:
    """One value per year of ``indicator`` (where two series give a year: the series with more years wins)."""
    from kzdep.index import one_value_per_year

    rows = one_value_per_year(indicators[indicators["indicator"] == indicator])
    return rows.set_index("year")["value"].sort_index()


def value_at(indicators: pd.DataFrame, indicator: str, year: int) -> float | None:
    s = series(indicators, indicator)
    return float(s.loc[year]) if year in s.index else None


def latest(indicators: pd.DataFrame, indicator: str) -> tuple[int, float]:
    """The latest year with a value of ``indicator`` and that value (``KeyError`` if none)."""
    s = series(indicators, indicator)
    if s.empty:
        raise KeyError(f"no values for {indicator!r}")
    return int(s.index.max()), float(s.iloc[-1])


# ---------------------------------------------------------------------------------------------------------------
# then and now

def format_value(value: float | None, unit: str) -> str:
    """A table cell: percent with one decimal and '%', counts and US$ m as whole numbers, others one decimal."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    unit = str(unit)
    if unit.startswith("percent"):
        return f"{value:.1f} %" if unit == "percent" else f"{value:.2f} %"
    if unit in ("count",) or unit.startswith("US$") or unit.startswith("index"):
        return f"{value:,.0f}"
    if unit == "ratio":
        return f"{value:.2f}"
    return f"{value:,.1f}"


def then_value(s: pd.Series, then: tuple[int, int] = (2013, 2014), window: int = 5) -> tuple[int | None, float | None]:
    """The 'then' value: 2014 if given, else 2013, else the latest year up to ``window`` years before 2013."""
    for year in (then[1], then[0]):
        if year in s.index:
            return int(year), float(s.loc[year])
    earlier = s[(s.index < then[0]) & (s.index >= then[0] - window)]
    if len(earlier):
        return int(earlier.index.max()), float(earlier.iloc[-1])
    return None, None


def then_and_now(indicators: pd.DataFrame, middle: int = 2021) -> pd.DataFrame:
    """One row per indicator (contract order first): values in 2013/2014, in ``middle`` and in the latest year.

    Columns: lever, indicator, label, unit, then_year, then_value, middle_value, latest_year, latest_value,
    direction, tier (of the latest value's source), source_id (same).
    """
    order = [k for k in KEY_INDICATORS if k in set(indicators["indicator"])]
    order += sorted(set(indicators["indicator"]) - set(order))
    rows = []
    for key in order:
        part = indicators[indicators["indicator"] == key]
        s = series(indicators, key)
        ty, tv = then_value(s)
        ly, lv = int(s.index.max()), float(s.iloc[-1])
        last = part[part["year"] == ly].iloc[0]
        rows.append({"lever": last["lever"], "indicator": key, "label": last["label"], "unit": last["unit"],
                     "then_year": ty, "then_value": tv,
                     "middle_value": float(s.loc[middle]) if middle in s.index else None,
                     "latest_year": ly, "latest_value": lv, "direction": int(last["direction"]),
                     "tier": last["tier"], "source_id": last["source_id"]})
    return pd.DataFrame(rows)


def then_and_now_shown(table: pd.DataFrame, middle: int = 2021) -> pd.DataFrame:
    """The then-and-now table as the page shows it (formatted text; a 'then' year other than 2014 is named)."""
    def then_cell(r):
        text = format_value(r["then_value"], r["unit"])
        return f"{text} ({int(r['then_year'])})" if text and int(r["then_year"]) != 2014 else text

    return pd.DataFrame({
        "Indicator": [f"{lab} ({u})" if not str(u).startswith("percent") else lab
                      for lab, u in zip(table["label"], table["unit"])],
        "2013/2014": [then_cell(r) for _, r in table.iterrows()],
        str(middle): [format_value(v, u) for v, u in zip(table["middle_value"], table["unit"])],
        "Latest (year)": [f"{format_value(v, u)} ({int(y)})" for v, u, y in
                          zip(table["latest_value"], table["unit"], table["latest_year"])],
        "Reading": [DIRECTION_MARK[int(d)] for d in table["direction"]],
        "Source tier": table["tier"].tolist(),
    })


# ---------------------------------------------------------------------------------------------------------------
# the dashboard

def dashboard_panels(indicators: pd.DataFrame, start: int = 1995) -> pd.DataFrame:
    """The dashboard's data: every indicator from ``start`` on, one row per indicator and year (contract order)."""
    frame = indicators[indicators["year"] >= start]
    order = [k for k in KEY_INDICATORS if k in set(frame["indicator"])]
    order += sorted(set(frame["indicator"]) - set(order))
    out = []
    from kzdep.index import one_value_per_year

    for key in order:
        rows = one_value_per_year(frame[frame["indicator"] == key]).sort_values("year")
        meta = rows.iloc[0]
        out.append(pd.DataFrame({"lever": meta["lever"], "indicator": key, "label": meta["label"],
                                 "unit": meta["unit"], "direction": int(meta["direction"]),
                                 "year": rows["year"].astype(int).to_numpy(), "value": rows["value"].to_numpy(),
                                 "source_id": rows["source_id"].to_numpy()}))
    return pd.concat(out, ignore_index=True)


def plot_dashboard(panels: pd.DataFrame, marks=(2014, 2022), ncols: int = 4):
    """Small multiples, one per indicator: the series (dots joined only between consecutive years), the years in
    ``marks`` as vertical lines. Returns the figure."""
    from kzdep import style

    keys = list(dict.fromkeys(panels["indicator"]))
    nrows = int(np.ceil(len(keys) / ncols))
    fig, axes = style.figure(nrows, ncols, figsize=(7.0, 1.4 * nrows + 0.4), sharex=True, squeeze=False)
    lo, hi = int(panels["year"].min()), int(panels["year"].max())
    for ax, key in zip(axes.flat, keys):
        part = panels[panels["indicator"] == key].sort_values("year")
        meta = part.iloc[0]
        colour = style.colour("Russia") if meta["direction"] == 1 else style.MUTED
        years = part["year"].to_numpy()
        values = part["value"].to_numpy()
        # a line only between consecutive years: a gap in the data stays a gap in the chart
        full = pd.Series(values, index=years).reindex(range(lo, hi + 1))
        ax.plot(full.index, full.to_numpy(), color=colour, linewidth=1.3)
        ax.plot(years, values, linestyle="none", marker="o", markersize=2.6, color=colour)
        for year in marks:
            ax.axvline(year, color=style.INK, linewidth=0.7, linestyle=":")
        title = _wrap(f"{meta['label']} ({short_unit(meta['unit'])})", 30)
        ax.set_title(title, fontsize=7.3, fontweight="normal", loc="left")
        ax.tick_params(labelsize=7)
        ax.set_xlim(lo - 1, hi + 1)
        honest_axis(ax, values)
    for ax in list(axes.flat)[len(keys):]:
        ax.set_visible(False)
    fig.tight_layout(h_pad=0.6, w_pad=0.6)
    return fig


def short_unit(unit: str) -> str:
    """A unit short enough for a small multiple's title: 'percent' -> '%', 'percent of GDP' -> '% of GDP'."""
    unit = str(unit).strip()
    return {"percent": "%", "count": "number"}.get(unit, unit.replace("percent", "%"))


def honest_axis(ax, values) -> None:
    """A value axis a reader can trust at a glance: from zero for a series that never falls below it (a share, a
    tonnage, a count), so that a move of a few tenths does not look like a plunge; a series with negative values
    keeps zero in view."""
    finite = [float(v) for v in values if np.isfinite(v)]
    if not finite:
        return
    low, high = min(finite), max(finite)
    if low >= 0:
        ax.set_ylim(0, high * 1.08 if high > 0 else 1)
    else:
        ax.set_ylim(min(low * 1.08, 0), max(high * 1.08, 0))
    if low < 0 < high or low >= 0:
        ax.axhline(0, color="#bbbbbb", linewidth=0.6, zorder=0)


def _wrap(text: str, width: int) -> str:
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if len(line) + len(w) + 1 > width and line:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# both directions

def cpc_other_oil(loadings: pd.DataFrame, same_source: bool = True) -> pd.DataFrame:
    """Per year with both figures: CPC terminal loadings, the Kazakh part, and the rest (mostly Russian oil) in Mt
    and as a share of loadings. With ``same_source`` only years where one source gives both figures count (two
    sources may count Kazakh oil on different bases); the first such source in file order is used.

    Columns: year, total_mt, kazakh_mt, other_mt, other_share_pct, source_ids (';'-joined).
    """
    rows = []
    for year, grp in loadings.groupby("year"):
        tot = grp[grp["measure"] == "total_loadings"]
        kz = grp[grp["measure"] == "kazakh_oil"]
        if same_source:
            both = [s for s in tot["source_id"] if s in set(kz["source_id"])]
            if not both:
                continue
            tot, kz = tot[tot["source_id"] == both[0]], kz[kz["source_id"] == both[0]]
        if tot.empty or kz.empty:
            continue
        total, kazakh = float(tot["value_mt"].iloc[0]), float(kz["value_mt"].iloc[0])
        if kazakh > total:
            raise ValueError(f"cpc_loadings {year}: Kazakh oil {kazakh} above total loadings {total}")
        rows.append({"year": int(year), "total_mt": total, "kazakh_mt": kazakh, "other_mt": total - kazakh,
                     "other_share_pct": 100.0 * (total - kazakh) / total,
                     "source_ids": ";".join(dict.fromkeys([tot["source_id"].iloc[0], kz["source_id"].iloc[0]]))})
    return pd.DataFrame(rows)


def most_reported(fac: pd.DataFrame, sources: pd.DataFrame, facility_id: str, column: str = "annual_rent_usd_m",
                  refused=("partisan",)) -> tuple[float, list[str]]:
    """The value of ``column`` for ``facility_id`` that most sources report (sources of a ``refused`` tier left
    out), and those sources; a tie goes to the value of the most recently published source."""
    register = sources.set_index("source_id") if "source_id" in sources.columns else sources
    rows = fac[(fac["facility_id"] == facility_id) & fac[column].notna()].copy()
    rows = rows[~rows["source_id"].map(register["tier"]).isin(refused)]
    if rows.empty:
        raise KeyError(f"no {column} for {facility_id}")
    rows["_pub"] = rows["source_id"].map(register["year"]).astype("float64").fillna(-1)
    stats = rows.groupby(column).agg(n=("source_id", "nunique"), pub=("_pub", "max"))
    top = stats.sort_values(["n", "pub"], ascending=False).index[0]
    return float(top), list(dict.fromkeys(rows.loc[rows[column] == top, "source_id"]))


def both_directions(indicators: pd.DataFrame, interdependence: pd.DataFrame, loadings: pd.DataFrame,
                    facilities: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """What Russia needs from Kazakhstan beside what Kazakhstan needs from Russia, with the latest figure of each.

    Columns: side, item, year, value (formatted), value_num, unit, source_ids (';'-joined). Items whose data are
    missing are left out.
    """
    ru, kz = "Russia needs from Kazakhstan", "Kazakhstan needs from Russia"
    rows = []

    def add(side, item, year, value, unit, text, sources):
        rows.append({"side": side, "item": item, "year": str(year), "value": text, "value_num": float(value),
                     "unit": unit, "source_ids": ";".join(dict.fromkeys(sources))})

    register = sources.set_index("source_id") if "source_id" in sources.columns else sources
    cpc = cpc_other_oil(loadings[loadings["source_id"].map(register["tier"]) != "partisan"])
    if len(cpc):
        r = cpc.iloc[-1]
        add(ru, "An outlet for its own oil through the CPC (loadings that are not Kazakh oil)", int(r["year"]),
            r["other_mt"], "Mt", f"{r['other_mt']:.1f} Mt ({r['other_share_pct']:.0f} % of loadings)",
            r["source_ids"].split(";"))
    labels = {
        "oil_transit_to_china": "Transit of Russian oil through Kazakhstan to China",
        "oil_transit_to_uzbekistan": "Transit of Russian oil through Kazakhstan to Uzbekistan",
        "gas_transit_to_uzbekistan": "Transit of Russian gas through Kazakhstan to Uzbekistan (Central Asia-Center)",
        "uranium_one_output_in_kazakhstan": "Uranium mined in Kazakhstan by Rosatom's Uranium One",
    }
    units = {"million tonnes": "Mt", "billion cubic metres": "bcm", "tonnes U": "t U"}
    for item, label in labels.items():
        part = interdependence[(interdependence["item"] == item) & (interdependence["period"] == "full_year")]
        if part.empty:
            continue
        r = part.sort_values("year").iloc[-1]
        unit = units.get(r["unit"], r["unit"])
        text = f"{r['value']:,.0f} {unit}" if unit == "t U" else f"{r['value']:.2f} {unit}".replace(".00 ", " ")
        add(ru, label, int(r["year"]), r["value"], unit, text, [r["source_id"]])
    for facility, label in (("baikonur", "Baikonur: the cosmodrome and town, rented"),
                            ("all-ranges", "Military test ranges, rented")):
        try:
            value, used = most_reported(facilities, sources, facility)
        except KeyError:
            continue
        add(ru, label, "a year", value, "US$ m", f"US$ {value:,.0f} m a year", used)
    if "trade_balance_with_russia_usd_m" in set(indicators["indicator"]):
        year, value = latest(indicators, "trade_balance_with_russia_usd_m")
        sid = _source_of(indicators, "trade_balance_with_russia_usd_m", year)
        word = "deficit" if value < 0 else "surplus"
        add(ru, f"A market: Kazakhstan's trade {word} with Russia", year, value, "US$ m",
            f"US$ {abs(value) / 1000:.1f} bn", [sid])
    mine = [("oil_exports_via_russia_share", "Passage for its crude to the sea through Russia (share of exports)"),
            ("cpc_share_of_exports", "The CPC alone (share of crude exports)"),
            ("imports_from_russia_share", "Goods: imports from Russia (share of all imports)"),
            ("arms_from_russia_share_5y", "Arms: Russia's share of deliveries over five years"),
            ("students_in_russia", "Higher education: Kazakh students in Russia")]
    for key, label in mine:
        if key not in set(indicators["indicator"]):
            continue
        year, value = latest(indicators, key)
        unit = indicators.loc[indicators["indicator"] == key, "unit"].iloc[0]
        add(kz, label, year, value, unit, format_value(value, unit), [_source_of(indicators, key, year)])
    return pd.DataFrame(rows)


def _source_of(indicators: pd.DataFrame, key: str, year: int) -> str:
    rows = indicators[(indicators["indicator"] == key) & (indicators["year"] == year)]
    return str(rows["source_id"].iloc[0])


# ---------------------------------------------------------------------------------------------------------------
# the timeline

def decimal_year(date: str) -> float:
    """'2022-01-05' -> 2022.01 (day of year / 366), '2022-11' -> mid-month, '2008' -> mid-year."""
    parts = str(date).split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return year + 0.5
    month = int(parts[1])
    day = int(parts[2]) if len(parts) > 2 else 15
    return year + ((month - 1) * 30.5 + day) / 366.0


def timeline(events: pd.DataFrame, start: int = 1991, end: int = 2025) -> pd.DataFrame:
    """One row per dated event from ``start`` to ``end``: where the register gives two wordings of an event on the
    same date and lever, the longer is kept. Columns: date, x (decimal year), lane, event, source_id."""
    rows = events.copy()
    rows["x"] = rows["date"].map(decimal_year)
    rows = rows[(rows["x"] >= start) & (rows["x"] < end + 1)]
    unknown = set(rows["lever"]) - set(LANES)
    if unknown:
        raise ValueError(f"events.csv: unknown lever(s) {sorted(unknown)}")
    rows["_len"] = rows["event"].str.len()
    rows = rows.sort_values(["date", "lever", "_len"], ascending=[True, True, False])
    rows = rows.drop_duplicates(["date", "lever"], keep="first")
    rows = rows.rename(columns={"lever": "lane"})
    return rows[["date", "x", "lane", "event", "source_id"]].reset_index(drop=True)


#: the events the timeline names on the chart (date as in data/events.csv -> a short label); the rest are dots,
#: listed with their full wording in the table under the chart
KEY_EVENTS = {
    "1991-12-16": "Independence",
    "1992-05-15": "Collective Security Treaty",
    "2010-01-01": "Customs Union",
    "2015-01-01": "Eurasian Economic Union",
    "2022-01-06": "CSTO troops deployed",
    "2022-03-22": "CPC mooring shut",
    "2022-07-06": "Court halts CPC loading",
    "2022-08-22": "CPC moorings stopped",
    "2022-11-07": "Target: 20 Mt via the Caspian",
    "2024-10-06": "Nuclear plant referendum",
}


def key_events(frame: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """The timeline's rows that the chart names, with their label; a label whose date the events table lacks
    raises, so a name never floats free of the data."""
    labels = KEY_EVENTS if labels is None else labels
    dates = set(frame["date"].astype(str))
    missing = sorted(d for d in labels if d not in dates)
    if missing:
        raise ValueError(f"kzdep.summary.KEY_EVENTS: no event dated {', '.join(missing)} in data/events.csv")
    rows = frame[frame["date"].astype(str).isin(labels)].drop_duplicates("date").copy()
    rows["label"] = rows["date"].astype(str).map(labels)
    return rows.sort_values("x").reset_index(drop=True)


def plot_timeline(frame: pd.DataFrame, marks=(2014, 2022), labels: dict[str, str] | None = None):
    """The events as dots in one lane per lever, the years in ``marks`` as vertical lines, and the key events
    named above the lanes (each label in the first row where it overlaps no other, joined to its dot)."""
    from kzdep import style

    fig, ax = style.figure(figsize=(7.0, 3.9))
    lanes = [lane for lane in LANES if lane in set(frame["lane"])]
    colours = {"pipelines": style.colour("Russia"), "trade": style.colour("EU"), "security": style.INK,
               "people": style.colour("Kazakhstan"), "diversification": style.colour("China")}
    level = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}
    for lane in lanes:
        part = frame[frame["lane"] == lane]
        ax.plot(part["x"], [level[lane]] * len(part), linestyle="none", marker="o", markersize=5,
                alpha=0.75, color=colours[lane])
    for year in marks:
        ax.axvline(year + 0.16, color=style.MUTED, linewidth=0.8, linestyle=":")  # late February / March
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels(lanes[::-1])
    ax.set_xlim(1990.5, 2026)
    ax.grid(axis="x", color="#eeeeee")
    # the labels: rows above the lanes, filled greedily from the bottom; overlap measured on the drawn text
    base, step, ROWS = len(lanes) - 0.2, 0.55, 8
    ax.set_ylim(-0.6, base + ROWS * step)
    renderer = fig.canvas.get_renderer()
    placed: list[list] = []
    used_rows = 0
    for event in key_events(frame, labels).itertuples():
        right = event.x > 2016
        for row in range(ROWS):
            y = base + 0.35 + row * step
            text = ax.text(event.x, y, event.label, fontsize=7, ha="right" if right else "left", va="bottom",
                           color=colours[event.lane])
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            if not any(box.overlaps(other) for other in (placed[row] if row < len(placed) else [])):
                while len(placed) <= row:
                    placed.append([])
                placed[row].append(box)
                ax.plot([event.x, event.x], [level[event.lane] + 0.12, y - 0.04], color=colours[event.lane],
                        linewidth=0.5, alpha=0.6)
                used_rows = max(used_rows, row + 1)
                break
            text.remove()
        else:
            raise ValueError(f"timeline: no room for the label {event.label!r} ({event.date})")
    ax.set_ylim(-0.6, base + 0.35 + used_rows * step + 0.1)
    return fig


def timeline_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """The timeline as a table with citations (MyST roles) for the page."""
    return pd.DataFrame({"Date": frame["date"], "Lever": frame["lane"],
                         "Event": [f"{e} {{cite:p}}`{s}`" for e, s in zip(frame["event"], frame["source_id"])]})


def plain(text: str) -> str:
    """Text without MyST roles (for downloads)."""
    return re.sub(r"\s*\{cite:p\}`[^`]*`", "", str(text))


# ---------------------------------------------------------------------------------------------------------------
# page helpers

def captioned_table(frame: pd.DataFrame, caption: str, name: str, widths: list[int] | None = None) -> str:
    """``frame`` as a MyST list-table with a caption and a label (numbered, referable with ``{numref}``)."""
    from kzdep import style

    text = style.list_table(frame, widths)
    first, rest = text.split("\n", 1)
    if first != ":::{list-table}":
        raise ValueError("unexpected list-table header from style.list_table")
    return f":::{{list-table}} {caption}\n:name: {name}\n{rest}"


def show_captioned_table(shown: pd.DataFrame, download: pd.DataFrame, caption: str, name: str, label: str,
                         source_ids: list[str], note: str | None = None, widths: list[int] | None = None,
                         row_sources=None) -> None:
    """A numbered table whose caption carries its source line, with a download of ``download`` (plain data)."""
    from IPython.display import Markdown, display

    from kzdep import style

    style.write_figure_data(download, name, source_ids, {}, note=note, title=" ".join(caption.split()),
                            row_sources=row_sources)
    by_row = style.sources_by_row(source_ids) and ("Source" in shown.columns or len(shown) == len(download))
    if by_row and "Source" not in shown.columns:  # too many publishers for the caption: each row names its own
        shown = shown.copy()
        shown["Source"] = style.row_source_cells(download, name, source_ids, row_sources)
        widths = (list(widths) + [max(10, sum(widths) // 6)]) if widths else None
    text = captioned_table(shown, style.table_caption(caption, source_ids, note, by_row), label, widths)
    text += "\n\n" + style.download_links(name)
    display(Markdown(text))


def word_change(first: float, last: float, up: str = "rose", down: str = "fell", same: str = "did not change") -> str:
    """'rose', 'fell' or 'did not change' (at the precision shown, one decimal) from ``first`` to ``last``."""
    if round(last, 1) > round(first, 1):
        return up
    if round(last, 1) < round(first, 1):
        return down
    return same


# ---------------------------------------------------------------------------------------------------------------
# the chapter's numbers: formatted here, glued in the chapter with one text.glue_all call

#: the six key indicators whose end year the summary reports ("which series stop before 2022")
STOP_CHECK = ["oil_exports_via_russia_share", "imports_from_russia_share", "exports_to_russia_share",
              "arms_from_russia_share_5y", "ethnic_russians_share", "students_in_russia"]


def lever_findings(all_rows: pd.DataFrame) -> dict[str, str]:
    """The levers' headline numbers (then and latest), both directions, the series that stop before 2022, the
    missing keys and the rows refused. ``all_rows`` is :func:`lever_indicators` (partisan rows still in: they are
    counted, never used)."""
    from kzdep import data, text

    ind = usable(all_rows)
    last = lambda key: latest(ind, key)  # noqa: E731
    out = {}
    # pipelines
    via_then_year, via_then = then_value(series(ind, "oil_exports_via_russia_share"))
    via_last_year, via_last = last("oil_exports_via_russia_share")
    cpc_last_year, cpc_last = last("cpc_share_of_exports")
    out.update(sum_via_then_year=str(via_then_year), sum_via_then=text.percent(via_then),
               sum_via_last_year=str(via_last_year), sum_via_last=text.percent(via_last),
               sum_cpc_last_year=str(cpc_last_year), sum_cpc_last=text.percent(cpc_last))
    # trade
    imp_then_year, imp_then = then_value(series(ind, "imports_from_russia_share"))
    imp_last_year, imp_last = last("imports_from_russia_share")
    _, exp_last = last("exports_to_russia_share")
    bal_year, bal = last("trade_balance_with_russia_usd_m")
    out.update(sum_imp_then_year=str(imp_then_year), sum_imp_then=text.percent(imp_then),
               sum_imp_last_year=str(imp_last_year), sum_imp_last=text.percent(imp_last),
               sum_exp_last=text.percent(exp_last), sum_imp_exp_ratio=text.number(imp_last / exp_last),
               sum_bal_word="deficit" if bal < 0 else "surplus", sum_bal=text.money_bn(abs(bal)),
               sum_bal_year=str(bal_year))
    # security, and China's share of imports beside Russia's
    arms_then_year, arms_then = then_value(series(ind, "arms_from_russia_share_5y"))
    arms_last_year, arms_last = last("arms_from_russia_share_5y")
    cn_then_year, cn_then = then_value(series(ind, "imports_from_china_share"))
    cn_last_year, cn_last = last("imports_from_china_share")
    out.update(sum_arms_then_year=str(arms_then_year), sum_arms_then=text.percent(arms_then),
               sum_arms_last_year=str(arms_last_year), sum_arms_last=text.percent(arms_last),
               sum_arms_word=word_change(arms_then, arms_last),
               sum_cn_then_year=str(cn_then_year), sum_cn_then=text.percent(cn_then),
               sum_cn_last_year=str(cn_last_year), sum_cn_last=text.percent(cn_last),
               sum_via_head="Oil leaves through Russia, more than before." if via_last > via_then
               else "Oil leaves through Russia, though less than before.")
    # people
    ru = series(ind, "ethnic_russians_share")
    st_year, st_last = last("students_in_russia")
    out.update(sum_ru_first_year=str(int(ru.index.min())), sum_ru_first=text.percent(ru.iloc[0]),
               sum_ru_last_year=str(int(ru.index.max())), sum_ru_last=text.percent(ru.iloc[-1]),
               sum_students_year=str(st_year), sum_students=text.integer(st_last))
    # both directions
    sources = data.load("sources")
    inter = data.load("interdependence")
    loadings = data.load("cpc_loadings")
    tiers = loadings["source_id"].map(sources.set_index("source_id")["tier"])
    cpc_other = cpc_other_oil(loadings[tiers != "partisan"]).iloc[-1]
    china = inter[inter["item"] == "oil_transit_to_china"].sort_values("year").iloc[-1]
    gas = inter[(inter["item"] == "gas_transit_to_uzbekistan") & (inter["period"] == "full_year")]
    gas = gas.sort_values("year").iloc[-1]
    baikonur_rent, _ = most_reported(data.load("facilities"), sources, "baikonur")
    u1 = inter[inter["item"] == "uranium_one_output_in_kazakhstan"].sort_values("year").iloc[-1]
    out.update(sum_cpc_other_year=str(int(cpc_other["year"])), sum_cpc_other_mt=text.number(cpc_other["other_mt"]),
               sum_cpc_other_share=text.percent(cpc_other["other_share_pct"], 0),
               sum_transit_china_year=str(int(china["year"])), sum_transit_china=text.number(china["value"], 2),
               sum_gas_uz_year=str(int(gas["year"])), sum_gas_uz=text.number(gas["value"]),
               sum_baikonur_rent=text.integer(baikonur_rent),
               sum_uranium_one=text.integer(u1["value"]), sum_uranium_one_year=str(int(u1["year"])))
    # the key indicators that stop before 2022, what no lever provides, what was refused
    def lower_first(label):
        return label[:1].lower() + label[1:]

    have = set(ind["indicator"])
    stopped = [lower_first(ind.loc[ind["indicator"] == k, "label"].iloc[0].split(",")[0]) + f" ({last(k)[0]})"
               for k in STOP_CHECK if k in have and last(k)[0] < 2022]
    out.update(sum_stopped="; ".join(stopped) if stopped else "none of them",
               sum_n_stopped=text.integer(len(stopped)),
               sum_missing=(f"{len(missing_keys(ind))} of the {len(KEY_INDICATORS)} planned indicators"
                            if missing_keys(ind) else "none"),
               sum_n_refused=text.integer(len(all_rows) - len(ind)))
    return out


def index_findings(all_rows: pd.DataFrame, analysis=None) -> dict[str, str]:
    """The index's numbers for the summary's plain paragraph, at the reader's settings (kzdep/index_settings.py):
    :func:`kzdep.index.headline` (keys ``idx_*``; see its docstring: the overall index in the latest year at the
    settings, the lowest and highest over all versions, "higher in Y1 than in Y0 in k of N versions" with k and N as
    numbers and a share never rounded up to 100 %). ``analysis`` (:func:`kzdep.index.analyse`) may be passed to reuse
    a computed one; the machinery itself is shown in the methods chapter."""
    from kzdep import index

    return index.headline(usable(all_rows), analysis)


def findings(all_rows: pd.DataFrame, analysis=None) -> dict[str, str]:
    """Every formatted number the summary chapter glues: :func:`lever_findings` and :func:`index_findings` (whose
    numbers follow the index settings the reader set)."""
    return {**lever_findings(all_rows), **index_findings(all_rows, analysis)}


# ---------------------------------------------------------------------------------------------------------------
# the verdict: one row per lever, before 2014, in 2021 and since 2022, with how sure the book is

#: the verdict table's rows: (lever, indicator key, what the row measures, the figure or table that shows the
#: indicator up to its latest year). A test checks that each figure's download reaches the latest year quoted.
VERDICT_ROWS = [
    ("Oil routes", "oil_exports_via_russia_share", "Crude exports on routes crossing Russia, share (at least)",
     "fig-pipelines-route-shares"),
    ("Trade", "imports_from_russia_share", "Russia's share of Kazakhstan's imports", "fig-trade-bns-shares"),
    ("Arms and security", "arms_from_russia_share_5y", "Russia's share of arms deliveries over five years",
     "fig-security-arms-vintages"),
    ("People and politics", "ethnic_russians_share", "Ethnic Russians, share of the population at the census",
     "fig-people-ethnic-shares"),
    ("People and politics", "un_alignment_with_russia", "UN votes on Ukraine in which Kazakhstan voted as Russia did",
     "fig-people-un-votes"),
]
#: where an indicator has no value in 2021, a narrower one that is a lower bound of it may stand in, named as such
STAND_IN = {"oil_exports_via_russia_share": ("cpc_share_of_exports", "CPC alone")}
#: tiers whose numbers are flagged where they are used (a press report or a copy of another source)
FLAGGED_TIERS = {"press": "press report", "relay": "relay"}
#: tiers that give a number its highest grade
STRONG_TIERS = ("official", "company", "intergovernmental", "research")
#: a register note saying that the year of an observation is not stated by the source but deduced by the report
INFERRED_YEAR = re.compile(r"year is not (named|stated|given)|year (was )?inferred|inferred year|"
                           r"rests on their adding up", re.I)
GRADES = ("low", "medium", "high")
#: a change in a share smaller than this (percentage points) is read as little change in the verdict
LITTLE_CHANGE_PP = 2.0


def year_inferred(note: str) -> bool:
    """True where a register note says the observation's year is deduced by the report, not stated by the source."""
    return bool(INFERRED_YEAR.search(str(note or "")))


def sources_behind(indicators: pd.DataFrame, indicator: str, year: int) -> list[str]:
    """The register ids behind one value: for the share of crude crossing Russia every route row and the total of
    that year's split (the share is a sum of them); otherwise the source of the indicator's row."""
    if indicator == "oil_exports_via_russia_share":
        from kzdep import data, pipelines

        picked = pipelines.pick_route_rows(data.load("oil_export_routes"))
        rows = picked[(picked["year"] == year) & (picked["period"] == "full_year")]
        return list(dict.fromkeys(rows["source_id"]))
    rows = one_value_per_year_rows(indicators, indicator)
    return [str(rows.loc[rows["year"] == year, "source_id"].iloc[0])]


def one_value_per_year_rows(indicators: pd.DataFrame, indicator: str) -> pd.DataFrame:
    from kzdep.index import one_value_per_year

    return one_value_per_year(indicators[indicators["indicator"] == indicator])


def evidence(source_ids: list[str], register: pd.DataFrame) -> dict:
    """What a value rests on: the weakest tier among its sources, the flags a reader should see (press report,
    relay, inferred year) and the sources carrying each flag."""
    reg = register.set_index("source_id")
    order = ["official", "company", "intergovernmental", "research", "news-agency", "press", "relay", "partisan"]
    tiers = [str(reg.loc[s, "tier"]) for s in source_ids]
    flags, flagged_by = [], {}
    for s, t in zip(source_ids, tiers):
        if t in FLAGGED_TIERS:
            flags.append(FLAGGED_TIERS[t])
            flagged_by.setdefault(FLAGGED_TIERS[t], []).append(s)
        if year_inferred(reg.loc[s, "note"]):
            flags.append("inferred year")
            flagged_by.setdefault("inferred year", []).append(s)
    return {"tier": max(tiers, key=order.index), "flags": list(dict.fromkeys(flags)), "flagged_by": flagged_by}


def grade(tier: str, n_years: int, inferred: bool) -> str:
    """How sure the book is of a headline value: the lower of a grade for the source (high for official, company,
    intergovernmental or research sources, medium for a news agency, low for a press report or a relay) and one for
    coverage (high with at least ten years of the series since 2000, medium with four to nine, low below), one step
    lower again where the year is inferred."""
    by_tier = 2 if tier in STRONG_TIERS else 1 if tier == "news-agency" else 0
    by_coverage = 2 if n_years >= 10 else 1 if n_years >= 4 else 0
    level = min(by_tier, by_coverage) - (1 if inferred else 0)
    return GRADES[max(level, 0)]


def _before(s: pd.Series, year: int = 2014):
    earlier = s[s.index <= year]
    return (int(earlier.index.max()), float(earlier.iloc[-1])) if len(earlier) else (None, None)


def _since(s: pd.Series, year: int = 2022):
    later = s[s.index >= year]
    return (int(later.index.max()), float(later.iloc[-1])) if len(later) else (None, None)


def direction_word(first: float, last: float, sign: int, tolerance: float = LITTLE_CHANGE_PP) -> str:
    """'more dependent', 'less dependent' or 'little change' from ``first`` to ``last`` for an indicator whose
    ``sign`` is +1 (higher = more dependent) or -1; a change within ``tolerance`` points is little change."""
    if abs(last - first) < tolerance:
        return "little change"
    return "more dependent" if (last - first) * sign > 0 else "less dependent"


def verdict(indicators: pd.DataFrame, register: pd.DataFrame, rows=VERDICT_ROWS) -> pd.DataFrame:
    """One row per lever indicator: the value by 2014 (its latest year up to 2014), in 2021 (or a named lower bound),
    since 2022 (latest year from 2022), the direction from before 2014 to the latest, the weakest tier behind the
    latest value, its flags, the grade and the figure or table that shows the latest year.

    Columns: lever, indicator, measure, before_year, before_value, mid_value, mid_note, since_year, since_value,
    direction, tier, caveats (';'-joined), grade, figure, latest_sources and sources (every value's, ';'-joined)."""
    out = []
    for lever, key, measure, figure in rows:
        if key not in set(indicators["indicator"]):
            continue
        s = series(indicators, key)
        by, bv = _before(s)
        sy, sv = _since(s)
        mid, mid_note = (float(s.loc[2021]), "") if 2021 in s.index else (None, "")
        if mid is None and key in STAND_IN:
            other, name = STAND_IN[key]
            alt = series(indicators, other)
            if 2021 in alt.index:
                mid, mid_note = float(alt.loc[2021]), f"at least: {name}"
        ly, lv = (sy, sv) if sy is not None else (int(s.index.max()), float(s.iloc[-1]))
        ev = evidence(sources_behind(indicators, key, ly), register)
        ev_before = evidence(sources_behind(indicators, key, by), register) if by is not None else {"flags": []}
        ev_mid = evidence(sources_behind(indicators, STAND_IN[key][0] if mid_note else key, 2021), register) \
            if mid is not None else {"flags": []}
        sign = int(indicators.loc[indicators["indicator"] == key, "direction"].iloc[0])
        n_years = int((s.index >= 2000).sum())
        out.append({"lever": lever, "indicator": key, "measure": measure, "before_year": by, "before_value": bv,
                    "mid_value": mid, "mid_note": mid_note, "since_year": sy, "since_value": sv,
                    "latest_year": ly, "latest_value": lv,
                    "direction": direction_word(bv, lv, sign) if bv is not None else "no earlier value",
                    "tier": ev["tier"], "caveats": ";".join(ev["flags"]),
                    "before_caveats": ";".join(ev_before["flags"]), "before_tier": ev_before.get("tier", ""), "mid_caveats": ";".join(ev_mid["flags"]),
                    "grade": grade(ev["tier"], n_years, "inferred year" in ev["flags"]),
                    "n_years": n_years, "figure": figure,
                    "latest_sources": ";".join(sources_behind(indicators, key, ly)),
                    "sources": ";".join(dict.fromkeys(
                        [s for y in (by, ly) if y is not None for s in sources_behind(indicators, key, int(y))]
                        + ([] if mid is None else sources_behind(indicators, STAND_IN[key][0] if mid_note else key,
                                                                 2021))))})
    return pd.DataFrame(out)


#: the note under the verdict table
VERDICT_NOTE = ("A value from a press report, a relay or a year inferred by the report says so in its cell. 2021 "
                "without a full split of oil routes: the CPC's share, a lower bound. Direction compares the latest "
                "value with 2014 or before; a change under 2 percentage points is read as little change")


def verdict_shown(table: pd.DataFrame) -> pd.DataFrame:
    """The verdict table as the page shows it: values with their year, flags as marks, a reference to the figure
    or table that shows the latest year."""
    def cell(value, year=None, note="", flags=""):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "no value"
        text = f"{value:.1f}\u00a0%"  # a no-break space: a value and its unit stay on one line in print
        if year is not None and not pd.isna(year):
            text += f" ({int(year)})"
        words = [w for w in [note, *str(flags or "").split(";")] if w]
        return ", ".join([text, *words])

    def latest(r):
        if r["since_year"] is None or pd.isna(r["since_year"]):
            return f"none after {int(r['latest_year'])}"
        return cell(r["since_value"], r["since_year"], flags=r["caveats"])

    return pd.DataFrame({
        "Lever and measure": [f"**{lv}**: {m} ({{numref}}`{f}`)"
                              for lv, m, f in zip(table["lever"], table["measure"], table["figure"])],
        "2014 or before": [cell(v, y, flags=f) for v, y, f in
                           zip(table["before_value"], table["before_year"], table["before_caveats"])],
        "2021": [cell(v, None, n, f) for v, n, f in zip(table["mid_value"], table["mid_note"], table["mid_caveats"])],
        "Since 2022": [latest(r) for _, r in table.iterrows()],
        "Direction": table["direction"],
        "How sure": table["grade"],
    })


def caveat(flags: str, year: int) -> str:
    """The words that go beside a headline number resting on a press report, a relay or an inferred year (empty
    where none applies)."""
    parts = [f for f in str(flags).split(";") if f]
    if not parts:
        return ""
    words = {"press report": "a press report", "relay": "a relay, a copy of another source",
             "inferred year": f"a year, {year}, that the report infers because the source does not name it"}
    listed = [words[p] for p in parts]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return f"(caveat: this figure rests on {joined})"


#: short names of the verdict's indicators in the glued keys (``ans_<short>_...``)
TIER_WORDS = {"official": "an official figure", "company": "the operator's own figure",
              "intergovernmental": "an intergovernmental body's figure", "research": "a research institute's figure",
              "news-agency": "a figure reported by a news agency", "press": "a press report", "relay": "a relay"}
SHORT = {"oil_exports_via_russia_share": "oil", "imports_from_russia_share": "imp",
         "arms_from_russia_share_5y": "arms", "ethnic_russians_share": "rus", "un_alignment_with_russia": "un"}


def verdict_findings(table: pd.DataFrame) -> dict[str, str]:
    """The verdict's numbers for prose: for each row (short name s) ``ans_s_before`` and ``_before_year``,
    ``ans_s_mid`` (2021), ``ans_s_latest`` and ``_latest_year``, ``ans_s_direction``, ``ans_s_grade`` and
    ``ans_s_caveat`` (empty text where the value rests on no press report, relay or inferred year)."""
    from kzdep import text

    out = {}
    for r in table.itertuples():
        s = SHORT[r.indicator]
        if r.before_year is not None and not pd.isna(r.before_year):
            out[f"ans_{s}_before"] = text.percent(r.before_value)
            out[f"ans_{s}_before_year"] = str(int(r.before_year))
            out[f"ans_{s}_before_caveat"] = (caveat(r.before_caveats, int(r.before_year))
                                             or f"({TIER_WORDS[r.before_tier]})")
        if r.mid_value is not None and not pd.isna(r.mid_value):
            out[f"ans_{s}_mid"] = text.percent(r.mid_value)
        out[f"ans_{s}_latest"] = text.percent(r.latest_value)
        out[f"ans_{s}_latest_year"] = str(int(r.latest_year))
        out[f"ans_{s}_direction"] = r.direction
        out[f"ans_{s}_grade"] = r.grade
        out[f"ans_{s}_caveat"] = caveat(r.caveats, int(r.latest_year)) or f"({TIER_WORDS[r.tier]})"
    return out


def low_point(indicators: pd.DataFrame, indicator: str, start: int = 2000) -> tuple[int, float]:
    """The year and value of an indicator's lowest point from ``start`` on (the earliest such year on a tie)."""
    s = series(indicators, indicator)
    s = s[s.index >= start]
    year = int(s.idxmin())
    return year, float(s.loc[year])


def answer_findings(all_rows: pd.DataFrame | None = None) -> dict[str, str]:
    """Every number the summary page glues (``ans_*``): the verdict's (:func:`verdict_findings`), the CPC's share
    in 2021, China's share of imports, the arms low point, what Russia needs from Kazakhstan, and the neighbours'
    yardstick sentence where that chapter provides one."""
    from kzdep import data, text

    all_rows = lever_indicators() if all_rows is None else all_rows
    ind = usable(all_rows)
    out = verdict_findings(verdict(ind, data.load("sources")))
    lf = lever_findings(all_rows)
    low_year, low = low_point(ind, "arms_from_russia_share_5y")
    cn_year, cn = latest(ind, "imports_from_china_share")
    _, exp = latest(ind, "exports_to_russia_share")
    out.update(ans_arms_low=text.percent(low), ans_arms_low_year=str(low_year),
               ans_arms_low_window=f"{low_year - 4}–{low_year}",
               ans_arms_latest_window=f"{int(out['ans_arms_latest_year']) - 4}–{out['ans_arms_latest_year']}",
               ans_cn_latest=text.percent(cn), ans_cn_latest_year=str(cn_year), ans_exp_latest=text.percent(exp),
               ans_cpc_2021=text.percent(value_at(ind, "cpc_share_of_exports", 2021)))
    for key in ("sum_cpc_other_mt", "sum_cpc_other_share", "sum_cpc_other_year", "sum_transit_china",
                "sum_transit_china_year", "sum_gas_uz", "sum_gas_uz_year", "sum_baikonur_rent", "sum_bal",
                "sum_bal_word", "sum_bal_year"):
        out["ans_" + key.removeprefix("sum_")] = lf[key]
    from kzdep import people

    pf = people.findings()
    for key in ("n", "same", "first_year", "last_year", "kz_yes_phrase", "since_year", "since"):
        out[f"ans_un_{key}"] = pf[f"people_un_{key}"]
    out["ans_yardstick"] = yardstick()
    return out


def yardstick() -> str:
    """The neighbours chapter's one- or two-sentence finding, or a plain placeholder until that chapter exists."""
    try:
        from kzdep import neighbours
    except ImportError:
        return ("How Kazakhstan compares with Russia's other neighbours is the subject of a chapter in preparation; "
                "until it is added this row is left open.")
    return str(neighbours.findings()["yardstick"])


# ---------------------------------------------------------------------------------------------------------------
# the page's length

#: what a role prints, in words, where its text is not the glued value: a reference prints "Table 3.1" or a title
ROLE_WORDS = {"numref": 2, "doc": 4, "cite:t": 3, "cite:p": 3, "cite": 3, "ref": 3}


def prose_words(markdown: str, glued: dict[str, str]) -> int:
    """The words a reader sees in a chapter's prose: everything outside code cells and the front matter, a glued
    number counted as its text (an unknown name as one word), a term as its text and a reference or citation as the
    words it prints (:data:`ROLE_WORDS`). Markup characters are not words."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"```\{code-cell\}.*?\n```", "", text, flags=re.S)
    text = re.sub(r"```.*?```", "", text, flags=re.S)

    def role(m):
        name, body = m.group(1), m.group(2)
        if name == "glue:text":
            return glued.get(body, "x")
        if name == "term":
            return re.sub(r"\s*<[^>]*>", "", body)
        return " ".join(["x"] * ROLE_WORDS.get(name, 1))

    text = re.sub(r"\{([a-z:]+)\}`([^`]*)`", role, text)
    return len([w for w in re.split(r"\s+", text) if re.search(r"[\w%$]", w)])


def table_words(frame: pd.DataFrame, caption: str = "") -> int:
    """The words of a table as printed: its caption, its header and its cells (roles counted as in prose)."""
    cells = " ".join([caption, *map(str, frame.columns), *map(str, frame.astype(str).to_numpy().ravel())])
    return prose_words(cells, {})


# ---------------------------------------------------------------------------------------------------------------
# the overview page's tables (the page keeps only what a reader may change)

def show_then_and_now(indicators: pd.DataFrame, name: str = "summary-then-now") -> pd.DataFrame:
    """The then-and-now table (label ``tbl-<name>``) with its download ``name``; returns the table's data."""
    tn = then_and_now(indicators)
    show_captioned_table(
        then_and_now_shown(tn), tn, "Then and now: each indicator in 2013/2014, in 2021 and in its latest year (a "
        "year in brackets is the year of the value when it is not the column's)", "summary-then-now",
        "tbl-summary-then-now", list(dict.fromkeys(indicators["source_id"])),
        note="Values as computed in the lever chapters; the source tier is that of the latest value's source",
        widths=[32, 15, 10, 15, 16, 12])
    return tn


def show_both(both: pd.DataFrame, name: str = "summary-both") -> None:
    """What each side needs from the other (label ``tbl-<name>``), with its download ``name``."""
    # a rent is per year, not of a year: its year cell stays empty (the figure says "a year")
    year = pd.to_numeric(both["year"], errors="coerce").astype("Int64")
    shown = pd.DataFrame({
        "Who needs it": [s.split(" needs")[0] for s in both["side"]], "What": both["item"],
        "Year": ["" if pd.isna(y) else str(y) for y in year], "Figure": both["value"],
        "Source": [" ".join(f"{{cite:p}}`{s}`" for s in ids.split(";")) for ids in both["source_ids"]]})
    # the download holds the number and its unit in columns of their own, not the formatted figure
    download = both.drop(columns=["value"]).rename(columns={"value_num": "value"}).assign(year=year)
    show_captioned_table(shown, download, "Both directions: what each side needs from the other, latest figures",
                         name, f"tbl-{name}",
                         list(dict.fromkeys(s for ids in both["source_ids"] for s in ids.split(";"))),
                         widths=[14, 40, 9, 18, 19])


def show_events(frame: pd.DataFrame, name: str = "summary-events") -> None:
    """The timeline's events in order, with their wording and source (label ``tbl-<name>``)."""
    from kzdep import style

    style.long_table(timeline_shown(frame), frame[["date", "lane", "event", "source_id"]], name=name,
                     source_ids=list(dict.fromkeys(frame["source_id"])), widths=[12, 14, 74],
                     caption=f"The events of the timeline in order, {int(frame['x'].min())} to "
                             f"{int(frame['x'].max())}, by lever.")
