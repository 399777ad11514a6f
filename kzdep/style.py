"""House style: one look for every chart, a source note under each, and the data behind it as a download.

Usage in a notebook::

    from kzdep import style
    style.use()
    fig, ax = style.figure()
    ...
    style.publish(fig, table, name="trade-partner-shares", source_ids=["imf-dots-2022"],
                  units={"share_pct": "percent of Kazakhstan's exports"})

:func:`publish` writes the source note into the figure, shows it (PNG, so it reaches the PDF), saves exactly the
plotted data as ``figdata/<name>.csv`` with ``figdata/<name>.json`` (sources, units, licence, citation) beside the
chapter, and prints the download links under the chart.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from kzdep import data as _data

# one fixed colour per country or bloc, everywhere in the book
COLOURS = {
    "Kazakhstan": "#0a8ea0",
    "Russia": "#c0392b",
    "China": "#e0a100",
    "EU": "#2b5797",
    "Other": "#8c8c8c",
}
# routes: through Russia in Russia's colour family, bypassing routes in others
ROUTE_COLOURS = {
    "cpc": "#c0392b",
    "atyrau_samara": "#e8877c",
    "kz_china": "#e0a100",
    "aktau_sea_total": "#0a8ea0",
    "aktau_btc": "#0a8ea0",
    "aktau_makhachkala": "#f2b8b0",
    "rail": "#8c8c8c",
}
INK = "#222222"
MUTED = "#666666"

FIGDATA = Path("figdata")  # relative to the chapter being executed (the kernel runs in book/)

REPORT_CITATION = "Kazakhstan's dependence on Russia (kzdep report)"


def use() -> None:
    """Apply the house style (sizes readable at page width in the PDF; PNG output)."""
    mpl.rcParams.update({
        "figure.figsize": (7.0, 3.9),
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 10,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "legend.frameon": False,
        "legend.fontsize": 9,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "lines.linewidth": 2.0,
        "svg.hashsalt": "kzdep",
        "path.simplify": True,
    })
    try:  # PNG only: SVG does not reach the PDF
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    except ImportError:  # outside IPython
        pass


def figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """A new figure in the house style."""
    use()
    return plt.subplots(nrows, ncols, **kwargs)


def colour(name: str) -> str:
    """The fixed colour of a country or bloc (unknown names are 'Other')."""
    return COLOURS.get(name, COLOURS["Other"])


def source_line(source_ids: list[str], note: str | None = None, kind: str = "Chart") -> str:
    """'Source: Publisher (year); ... <note>. Chart: kzdep report, CC BY 4.0.' from the sources register.

    A source without a year is given as '(n.d.)'; ``kind`` is 'Chart' or 'Table'.
    """
    parts = []
    for source_id in source_ids:
        rec = _data.source(source_id)
        parts.append(f"{rec['publisher']} ({rec['year'] if rec.get('year') else 'n.d.'})")
    text = "Source: " + "; ".join(dict.fromkeys(parts)) + "."
    if note:
        text += " " + note.rstrip(".") + "."
    return text + f" {kind}: kzdep report, CC BY 4.0."


def add_source_note(fig, source_ids: list[str], note: str | None = None) -> None:
    """Write the source line under the plot area of ``fig``."""
    fig.text(0.0, -0.01, source_line(source_ids, note), ha="left", va="top", fontsize=7.5, color=MUTED,
             wrap=True, transform=fig.transFigure)


_FORMATTED = re.compile(r"^(?P<sign>[-−]?)(?P<cur>US\$ ?)?(?P<num>\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?)"
                        r"(?P<pct> ?%)?(?P<scale> (m|bn))?$")
_MISSING = {"", "–", "—", "-", "n/a"}


def _number_or_none(value):
    """A formatted number read back ('2,719' -> 2719.0, '–' -> None), or ValueError if the text is not one."""
    text = str(value).strip()
    if text in _MISSING:
        return None, ""
    match = _FORMATTED.match(text)
    if not match:
        raise ValueError(text)
    number = float(match.group("num").replace(",", ""))
    if match.group("sign"):
        number = -number
    unit = "percent" if match.group("pct") else ""
    if match.group("cur"):
        unit = "US$ " + (match.group("scale") or "").strip() if match.group("scale") else "US$"
        unit = unit.strip()
    elif match.group("scale"):
        raise ValueError(text)
    return number, unit


def as_data(frame: pd.DataFrame, units: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame a download holds: a text column whose every cell is a formatted number ('2,719', '6.0 %',
    'US$ 115 m', with '–' for none) becomes numbers, its unit taken from the formatting where the caller gave none;
    text stays text. Returns the frame and the units per column."""
    out = frame.copy()
    units = dict(units or {})
    for col in out.columns:
        if pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col]):
            continue
        try:
            parsed = [_number_or_none(v) for v in out[col]]
        except ValueError:
            continue
        if all(number is None for number, _ in parsed):
            continue
        found = {unit for number, unit in parsed if number is not None}
        if len(found) > 1:
            continue
        out[col] = pd.array([number for number, _ in parsed], dtype="Float64")
        if found and found != {""} and not units.get(col):
            units[col] = found.pop()
    return out, units


def caption_of(name: str, book: Path | None = None) -> str:
    """The caption the chapter gives the figure published under ``name`` (its cell's ``mystnb.figure.caption``),
    or '' if no chapter has one; the download's metadata carry it as their title."""
    import yaml

    book = Path(book or ".")
    wanted = re.compile(r"""name\s*=\s*["']""" + re.escape(name) + r"""["']""")
    for chapter in sorted(book.glob("*.md")):
        for cell in re.findall(r"```\{code-cell\}[^\n]*\n---\n(.*?)\n---\n(.*?)```", chapter.read_text("utf-8"),
                               flags=re.S):
            meta, source = cell
            if wanted.search(source):
                caption = ((yaml.safe_load(meta) or {}).get("mystnb", {}).get("figure", {}) or {}).get("caption")
                if caption:
                    return " ".join(str(caption).split())
    return ""


def write_figure_data(frame: pd.DataFrame, name: str, source_ids: list[str], units: dict[str, str],
                      title: str = "", note: str | None = None, folder: Path | None = None) -> tuple[Path, Path]:
    """Save exactly the data a figure or table shows, as data (numbers as numbers), with its metadata (title,
    sources, units, licence, citation)."""
    folder = Path(folder or FIGDATA)
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"{name}.csv"
    meta_path = folder / f"{name}.json"
    frame, units = as_data(frame, units)
    title = title or caption_of(name)
    frame.to_csv(csv_path, index=False, lineterminator="\n", float_format="%.6g")
    sources = []
    for source_id in source_ids:
        rec = _data.source(source_id)
        sources.append({k: rec.get(k) for k in ("source_id", "publisher", "title", "year", "url", "repository",
                                                 "path", "commit", "licence")})
    meta = {
        "name": name,
        "title": title,
        "columns": {col: units.get(col, "") for col in frame.columns},
        "sources": sources,
        "note": note or "",
        "licence": "Compilation and calculations CC BY 4.0; the underlying data keep their sources' terms.",
        "cite_as": f"{REPORT_CITATION}, figure data '{name}'. Sources as listed.",
    }
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return csv_path, meta_path


def download_links(name: str) -> str:
    """MyST Markdown with links to a figure's CSV and metadata."""
    return (f"{{download}}`Download the data (CSV) <figdata/{name}.csv>` · "
            f"{{download}}`its metadata (JSON) <figdata/{name}.json>`")


def publish(fig, frame: pd.DataFrame, name: str, source_ids: list[str], units: dict[str, str],
            title: str = "", note: str | None = None) -> None:
    """Add the source note to the figure, save the data it shows, and show it.

    The figure cell shows the image only (its caption comes from the cell's ``mystnb.figure`` metadata, which
    myst-nb applies to every output of the cell); put ``style.data_note(name)`` in the next, input-removed cell to
    print the source line and the download links under the chart.
    """
    from IPython.display import display

    add_source_note(fig, source_ids, note)
    write_figure_data(frame, name, source_ids, units, title=title, note=note)
    display(fig)
    plt.close(fig)


def data_note(name: str) -> None:
    """Under a chart: its source line and the links to download the data it shows."""
    from IPython.display import Markdown, display

    meta = json.loads((FIGDATA / f"{name}.json").read_text(encoding="utf-8"))
    ids = [s["source_id"] for s in meta["sources"]]
    display(Markdown(f"*{source_line(ids, meta['note'] or None)}* " + download_links(name)))


def captioned(text: str, caption: str | None, name: str | None, directive: str = "table") -> str:
    """Wrap a Markdown table in a numbered ``{table}`` directive (caption, label ``tbl-<name>``), so that it is
    numbered by chapter in HTML and PDF alike and can be cited with ``{numref}`tbl-<name>```."""
    if not caption:
        return text
    if not name:
        raise ValueError(f"a captioned table needs a name (caption {caption!r})")
    caption = " ".join(str(caption).split())
    return f"::::{{{directive}}} {caption}\n:name: tbl-{name}\n\n{text}\n::::"


def table(frame: pd.DataFrame, name: str | None = None, source_ids: list[str] | None = None,
          units: dict[str, str] | None = None, note: str | None = None, floatfmt: str = ",.1f",
          caption: str | None = None):
    """Show a table as Markdown (a real table in HTML and PDF), with its source line and download; with a
    ``caption``, a numbered table labelled ``tbl-<name>``."""
    from IPython.display import Markdown, display

    shown = frame.copy()
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
               for c in shown.columns]
    for col, is_num in zip(shown.columns, numeric):
        if pd.api.types.is_float_dtype(shown[col]):
            shown[col] = [("" if pd.isna(v) else format(v, floatfmt)) for v in shown[col]]
        else:
            shown[col] = [("" if (v is None or (not isinstance(v, str) and pd.isna(v))) else str(v))
                          for v in shown[col]]
    # formatted text stays as formatted: tabulate must not re-read '1.24' as a number and reformat it
    text = shown.to_markdown(index=False, disable_numparse=True,
                             colalign=["right" if n else "left" for n in numeric])
    text = captioned(text, caption, name)
    if name and source_ids:
        write_figure_data(frame, name, source_ids, units or {}, note=note, title=caption or "")
        text += f"\n\n*{source_line(source_ids, note, kind='Table')}* " + download_links(name)
    display(Markdown(text))


def list_table(frame: pd.DataFrame, widths: list[int] | None = None, caption: str | None = None,
               name: str | None = None) -> str:
    """``frame`` as a MyST list-table: cells may hold roles ({cite}, {doc}); ``widths`` are relative column widths.

    The table carries the class ``longtable``, so in the PDF it breaks across pages (a plain Markdown table under
    31 rows becomes a ``tabulary``, which cannot, and runs off the page when its rows are long).
    """
    widths = widths or [1] * len(frame.columns)
    if len(widths) != len(frame.columns):
        raise ValueError(f"{len(widths)} widths for {len(frame.columns)} columns")
    head = ":::{list-table}"
    if caption:
        if not name:
            raise ValueError(f"a captioned table needs a name (caption {caption!r})")
        head += " " + " ".join(str(caption).split())
    lines = [head, ":header-rows: 1", f":widths: {' '.join(str(w) for w in widths)}", ":class: longtable"]
    if caption:
        lines.append(f":name: tbl-{name}")
    lines.append("")
    for row in [list(frame.columns), *frame.astype(str).values.tolist()]:
        for i, value in enumerate(row):
            value = str(value).replace("\n", " ").strip() or " "
            lines.append(("* - " if i == 0 else "  - ") + value)
    lines.append(":::")
    return "\n".join(lines)


def long_table(shown: pd.DataFrame, download: pd.DataFrame, name: str, source_ids: list[str],
               note: str | None = None, widths: list[int] | None = None, caption: str | None = None) -> None:
    """A table of long text whose cells may hold roles, that breaks across PDF pages (see :func:`list_table`),
    with its source line and a download of ``download``, the same rows as plain data (no Markdown markup)."""
    from IPython.display import Markdown, display

    write_figure_data(download, name, source_ids, {}, note=note, title=caption or "")
    text = list_table(shown, widths, caption=caption, name=name)
    text += f"\n\n*{source_line(source_ids, note, kind='Table')}* " + download_links(name)
    display(Markdown(text))
