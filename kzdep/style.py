"""House style: one look for every chart, its source once (in the caption), and the data behind it as a download.

Usage in a notebook::

    from kzdep import style
    style.use()
    fig, ax = style.figure()
    ...
    style.publish(fig, table, name="trade-partner-shares", source_ids=["imf-dots-2022"],
                  units={"share_pct": "percent of Kazakhstan's exports"})

:func:`publish` shows the figure (PNG, so it reaches the PDF) with no text of its own beside the plot (the source
is given once, in the cell's caption) and saves exactly the plotted data as ``figdata/<name>.csv`` with
``figdata/<name>.json`` (sources, units, licence, citation) beside the chapter; :func:`data_note`, in the next cell,
prints the download links under the chart in the HTML and a reference to the data appendix (``downloads``) in the
PDF. :func:`table` and :func:`long_table` put the source sentence into a table's caption, computed from its
``source_ids``. :func:`downloads_index` lists every download by reading the chapters' sources.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from kzdep import data as _data
from kzdep import outputs as _outputs

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


def source_sentence(source_ids: list[str], note: str | None = None) -> str:
    """'Source: Publisher (year); Publisher (year).' from the sources register, with ``note`` as a sentence after it.

    A source without a year is given as '(n.d.)'; a publisher-year pair is named once.
    """
    parts = []
    for source_id in source_ids:
        rec = _data.source(source_id)
        parts.append(f"{rec['publisher']} ({rec['year'] if rec.get('year') else 'n.d.'})")
    text = "Source: " + "; ".join(dict.fromkeys(parts)) + "."
    if note:
        text += " " + note.rstrip(".") + "."
    return text


def source_line(source_ids: list[str], note: str | None = None, kind: str = "Chart") -> str:
    """'Source: Publisher (year); ... <note>. Chart: kzdep report, CC BY 4.0.' from the sources register.

    A source without a year is given as '(n.d.)'; ``kind`` is 'Chart' or 'Table'.
    """
    return source_sentence(source_ids, note) + f" {kind}: kzdep report, CC BY 4.0."


#: a caption names at most this many publishers; a table drawn from more gets a Source column ("Sources: by row")
CAPTION_PUBLISHERS_MAX = 4
#: headers of a column of source ids in a table shown to the reader (shown as citations)
SOURCE_ID_HEADERS = {"source", "sources", "source_id", "source_ids", "source id"}
BY_ROW = "Sources: by row (the Source column; full references in the bibliography)."


def publishers_of(source_ids: list[str]) -> list[str]:
    """The distinct publisher-year pairs a source sentence would name."""
    parts = []
    for source_id in source_ids:
        rec = _data.source(source_id)
        parts.append(f"{rec['publisher']} ({rec['year'] if rec.get('year') else 'n.d.'})")
    return list(dict.fromkeys(parts))


def sources_by_row(source_ids: list[str] | None) -> bool:
    """Whether a table's sources are too many to name in its caption (then each row names its own)."""
    return bool(source_ids) and len(publishers_of(list(source_ids))) > CAPTION_PUBLISHERS_MAX


def source_cell(ids, most: int = 2) -> str:
    """A table cell citing a row's sources, author-year and linked to the bibliography: at most ``most`` of them,
    then how many more the download names."""
    ids = list(dict.fromkeys(_ids_of(ids)))
    if not ids:
        return ""
    shown = "{cite:t}`" + ",".join(ids[:most]) + "`"
    return shown if len(ids) <= most else f"{shown} and {len(ids) - most} more (in the download)"


def _all_ids(values) -> bool:
    known = set(_data.sources().index)
    ids = [i for v in values for i in _ids_of(v)]
    return bool(ids) and all(i in known for i in ids)


def cited_sources(shown: pd.DataFrame) -> pd.DataFrame:
    """A table as a reader sees it: a column of source ids becomes one Source column of linked author-year
    citations (a raw id is never shown); a column of sources written out as text beside it is then dropped."""
    named = [c for c in shown.columns if str(c).strip().lower() in SOURCE_ID_HEADERS]
    ids = [c for c in named if _all_ids(shown[c])]
    if not ids:
        return shown
    out = shown.drop(columns=[c for c in named if c != ids[0]])
    out[ids[0]] = [source_cell(v, most=3) for v in out[ids[0]]]
    return out.rename(columns={ids[0]: "Source"})


def row_source_cells(frame: pd.DataFrame, name: str, source_ids: list[str], row_sources=None) -> list[str]:
    """The Source column of a table shown with "Sources: by row": each row's sources as :func:`source_cell`."""
    rows = with_row_sources(frame, name, source_ids, row_sources)
    column = next((c for c in ROW_SOURCE_COLUMNS if c in rows.columns), None)
    if column is None:
        raise ValueError(f"table {name!r}: {len(source_ids)} sources and no row sources to show them by row")
    return [source_cell(cell) for cell in rows[column]]


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


# a display cell in a download: a formatted number ('2,719', '96.3 %', 'US$ 115 m', '+4.2 pp') alone, or an
# estimate with its interval in one cell ('16.5 (14.1 to 18.2)', '12 (10-14)')
_DISPLAY_CELL = re.compile(r"^[-−+]?(US\$ ?)?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?( ?(%|pp|points?|m|bn|Mt|bcm))?"
                           r"( ?\(.*\d.*(to|–|-).*\d.*\))?$")


def display_cells(frame: pd.DataFrame) -> list[tuple[str, int, str]]:
    """The text cells of a download that are formatted for display rather than data: (column, row, cell), rows
    counted from 1 as in the CSV after its header. A download holds numbers as numbers, an estimate and its interval
    in separate columns, and units in its metadata."""
    found = []
    for col in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[col]) or pd.api.types.is_bool_dtype(frame[col]):
            continue
        for i, value in enumerate(frame[col]):
            if isinstance(value, str) and _DISPLAY_CELL.match(value.strip()) and not _plain_year(value):
                found.append((str(col), i + 1, value))
    return found


def _plain_year(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", value.strip()))


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


#: the download column that says which source gives a row: one source id, or several joined by '; '
ROW_SOURCE_COLUMN = "source_id"
#: a frame's own columns read as its rows' sources, first found first
ROW_SOURCE_COLUMNS = ("source_id", "source_ids", "source")
#: downloads not yet saying which source gives which row (being wired; must end empty)
ROW_SOURCES_PENDING = frozenset()


def _ids_of(cell) -> list[str]:
    """The source ids one row names: a string ('a' or 'a; b') or an iterable of strings."""
    if isinstance(cell, str):
        return [part.strip() for part in cell.split(";") if part.strip()]
    if cell is None or (not hasattr(cell, "__iter__") and pd.isna(cell)):
        return []
    return [str(part).strip() for part in cell if str(part).strip()]


def with_row_sources(frame: pd.DataFrame, name: str, source_ids: list[str], row_sources=None) -> pd.DataFrame:
    """``frame`` with a column naming, for each row, the source (or sources, joined by '; ') that give it.

    ``row_sources`` is a sequence aligned with the rows (each a source id, 'a; b', or a list of ids), or the name of
    a column of ``frame`` holding them; the result holds them in the column ``source_id``. Without it, the frame's
    own ``source_id``, ``source_ids`` or ``source`` column is used as it is, and a download with a single source
    needs none (its metadata name it). A download of several sources that does not say which gives which row stops
    the build, as does a row naming no source or a source the download's metadata do not list.
    """
    out = frame.copy()
    listed = list(dict.fromkeys(source_ids))
    if row_sources is None and (not listed or name in ROW_SOURCES_PENDING):  # the report's own table; pending
        return out
    existing = next((c for c in ROW_SOURCE_COLUMNS if c in out.columns), None)
    if row_sources is None and existing is None:
        if len(listed) > 1 and name not in ROW_SOURCES_PENDING:
            raise ValueError(f"download {name!r}: {len(listed)} sources ({', '.join(listed)}) and no column saying "
                             "which source gives which row; pass row_sources= (one source id, or several, per row)")
        return out
    target = ROW_SOURCE_COLUMN
    if row_sources is None:
        cells, target = list(out[existing]), existing
    elif isinstance(row_sources, str):
        if row_sources not in out.columns:
            raise KeyError(f"download {name!r}: row_sources names column {row_sources!r}, which the frame lacks")
        cells = list(out[row_sources])
        out = out.drop(columns=[row_sources])
    else:
        cells = list(row_sources)
        if len(cells) != len(out):
            raise ValueError(f"download {name!r}: {len(cells)} row sources for {len(out)} rows")
    if target in out.columns and target != existing:
        raise ValueError(f"download {name!r}: the frame has a column {target!r} of its own; pass row_sources=None "
                         "to use it, or drop it")
    joined = []
    for i, cell in enumerate(cells):
        ids = list(dict.fromkeys(_ids_of(cell)))
        if not ids:
            raise ValueError(f"download {name!r}, row {i + 1}: no source named for the row")
        unknown = [s for s in ids if s not in listed]
        if unknown:
            raise ValueError(f"download {name!r}, row {i + 1}: source {', '.join(unknown)} is not among the "
                             f"download's sources ({', '.join(listed)})")
        joined.append("; ".join(ids))
    out[target] = joined
    return out


def column_sources(frame: pd.DataFrame, source_ids: list[str]) -> dict[str, object]:
    """For each column of a download, where its values come from: the one source, or, when several sources give
    the rows, the column holding each row's source; the row-source column itself names ids of the sources register."""
    listed = list(dict.fromkeys(source_ids))
    own = next((c for c in ROW_SOURCE_COLUMNS if c in frame.columns), None)
    out = {}
    for col in frame.columns:
        if col == own:
            out[col] = "source ids of the sources register (data/sources.csv), listed under 'sources'"
        elif own is not None:
            out[col] = f"the row's source, in column {own!r}"
        else:
            out[col] = listed
    return out


def country_lookup() -> dict[str, str]:
    """Every spelling the data package's country table knows (any source's), to its ISO 3166-1 alpha-3 code ("" for
    an aggregate, a region or a former state); a spelling that two sources give different codes is left out."""
    table = _data.load(_data.COUNTRY_TABLE)
    out: dict[str, str] = {}
    clash = set()
    for name, code in zip(table["name"], table["iso3"].fillna("")):
        if name in out and out[name] != code:
            clash.add(name)
        out[name] = code
    return {k: v for k, v in out.items() if k not in clash}


def with_country_codes(frame: pd.DataFrame, units: dict[str, str]) -> tuple[pd.DataFrame, dict[str, str]]:
    """A download names each country by its ISO 3166-1 code too: beside every text column whose values are all
    names the country table knows (at least one of them a country), a column ``<name>_iso3`` with the code (empty
    for an aggregate or a region). A frame that already has a code column (``iso3`` or ``*_iso3``) is left as is."""
    if any(c == "iso3" or str(c).endswith("_iso3") for c in frame.columns):
        return frame, units
    lookup = None
    out, units = frame, dict(units)
    for col in list(frame.columns):
        values = frame[col].dropna()
        if values.empty or not (values.map(type) == str).all() or str(col) == "source_id":
            continue
        lookup = country_lookup() if lookup is None else lookup
        if not values.isin(list(lookup)).all() or not values.map(lambda v: bool(lookup[v])).any():
            continue
        at = list(out.columns).index(col) + 1
        out = out.copy() if out is frame else out
        out.insert(at, f"{col}_iso3", frame[col].map(lambda v: lookup.get(v, "") if isinstance(v, str) else ""))
        units[f"{col}_iso3"] = "ISO 3166-1 alpha-3 code (empty: a group of countries)"
    return out, units


def write_figure_data(frame: pd.DataFrame, name: str, source_ids: list[str], units: dict[str, str],
                      title: str = "", note: str | None = None, folder: Path | None = None,
                      row_sources=None) -> tuple[Path, Path]:
    """Save exactly the data a figure or table shows, as data (numbers as numbers), with its metadata (title,
    sources, units, licence, citation) and, when several sources give the rows, a ``source_id`` column saying
    which source gives which row (see :func:`with_row_sources`)."""
    folder = Path(folder or FIGDATA)
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"{name}.csv"
    meta_path = folder / f"{name}.json"
    frame = with_row_sources(frame, name, source_ids, row_sources)
    frame, units = as_data(frame, units)
    frame, units = with_country_codes(frame, units)
    shown = display_cells(frame)
    if shown:
        column, row, cell = shown[0]
        raise ValueError(f"figdata/{name}.csv: column {column!r}, row {row}: {cell!r} is formatted for display; a "
                         f"download holds the number (and an interval in columns of its own), its unit in the "
                         f"metadata ({len(shown)} such cell(s) in all)")
    title = title or caption_of(name)
    frame.to_csv(csv_path, index=False, lineterminator="\n", float_format="%.10g")  # 10 digits: no exponent below 1e10
    _outputs.written(csv_path)
    sources = []
    for source_id in source_ids:
        rec = _data.source(source_id)
        sources.append({k: rec.get(k) for k in ("source_id", "publisher", "title", "year", "url", "repository",
                                                 "path", "commit", "licence")})
    meta = {
        "name": name,
        "title": title,
        "columns": {col: units.get(col, "") for col in frame.columns},
        "column_sources": column_sources(frame, source_ids),
        "sources": sources,
        "note": note or "",
        "licence": "Compilation and calculations CC BY 4.0; the underlying data keep their sources' terms.",
        "cite_as": f"{REPORT_CITATION}, figure data '{name}'. Sources as listed.",
    }
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    _outputs.written(meta_path)
    return csv_path, meta_path


def download_links(name: str) -> str:
    """MyST Markdown with links to a figure's or table's CSV and metadata, shown in the HTML only (a download
    leads nowhere on paper). It begins with a blank line, so it may follow a line of text."""
    return ("\n\n:::{only} html\n"
            f"{{download}}`Download the data (CSV) <figdata/{name}.csv>` · "
            f"{{download}}`its metadata (JSON) <figdata/{name}.json>`\n"
            ":::\n")


APPENDIX = "downloads"  # the data appendix's document, beside the chapters


def appendix_reference(name: str, book: Path | None = None) -> str:
    """MyST Markdown for the PDF only: where the data of ``name`` are listed (the data appendix, ``downloads``).
    A book without the appendix (a test's one-page book) gets the words, not a reference that would not resolve."""
    book = Path(book or ".")
    where = f"{{doc}}`{APPENDIX}`" if (book / f"{APPENDIX}.md").exists() else "the data appendix"
    return ("\n\n:::{only} latex\n"
            f"Data: `{name}` in {where}.\n"
            ":::\n")


#: the PDF's text width: A4 (8.27 in) less Sphinx's default margins of 1 in either side
TEXTWIDTH_IN = 8.27 - 2.0
#: the smallest type a figure may print at, in points, once the PDF scales it to the text width
MIN_PRINTED_PT = 6.0


def printed_text_sizes(fig) -> list[tuple[float, str]]:
    """Every visible text of ``fig`` with the size (points) it prints at in the PDF: the figure is cropped to its
    tight bounding box, as saved, and scaled down to the text width when wider (never up). Smallest first."""
    import matplotlib.text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width_in = fig.get_tightbbox(renderer).width
    scale = min(1.0, TEXTWIDTH_IN / width_in)
    sizes = [(float(t.get_fontsize()) * scale, t.get_text()) for t in fig.findobj(matplotlib.text.Text)
             if t.get_visible() and t.get_text().strip() and t.get_window_extent(renderer).width > 0]
    return sorted(sizes)


#: the tallest a figure may print, in inches, so that its caption stays on the page under it (A4's text height is
#: 9.69 in less the running head and foot)
MAX_PRINTED_HEIGHT_IN = 8.0


def printed_size_in(fig) -> tuple[float, float]:
    """Width and height (inches) ``fig`` prints at in the PDF: its tight bounding box, scaled down to the text width
    when wider."""
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    scale = min(1.0, TEXTWIDTH_IN / box.width)
    return box.width * scale, box.height * scale


def check_readable(fig, name: str, minimum: float = MIN_PRINTED_PT) -> None:
    """Stop the build when a figure's text would print smaller than ``minimum`` points at page width, or the figure
    so tall that its caption would run off the page."""
    width, height = printed_size_in(fig)
    if height > MAX_PRINTED_HEIGHT_IN:
        raise ValueError(f"figure {name!r} would print {height:.1f} in tall at the PDF's text width (at most "
                         f"{MAX_PRINTED_HEIGHT_IN:g} in, so that its caption fits under it); make it shorter")
    small = [(size, text) for size, text in printed_text_sizes(fig) if size < minimum - 1e-9]
    if small:
        shown = "; ".join(f"{text!r} at {size:.1f} pt" for size, text in small[:3])
        raise ValueError(f"figure {name!r}: {len(small)} text(s) would print below {minimum:g} pt at the PDF's "
                         f"text width ({shown}); enlarge the type or narrow the figure")


def publish(fig, frame: pd.DataFrame, name: str, source_ids: list[str], units: dict[str, str],
            title: str = "", note: str | None = None, row_sources=None) -> None:
    """Save the data a figure shows, and show it, with no text added to the image.

    The figure cell shows the image only; its caption, with the one source sentence naming the publishers of
    ``source_ids``, comes from the cell's ``mystnb.figure`` metadata (myst-nb applies it to every output of the
    cell). Put ``style.data_note(name)`` in the next, input-removed cell for the download links under the chart.
    """
    from IPython.display import display

    write_figure_data(frame, name, source_ids, units, title=title, note=note, row_sources=row_sources)
    check_readable(fig, name)
    display(fig)
    plt.close(fig)


def data_note_markdown(name: str, book: Path | None = None) -> str:
    """The Markdown :func:`data_note` shows: the download links in the HTML, a reference to the data appendix in
    the PDF; no source line (the caption has it)."""
    return (download_links(name) + appendix_reference(name, book)).strip("\n") + "\n"


def data_note(name: str) -> None:
    """Under a chart: the links to download the data it shows (HTML), or where the appendix lists them (PDF)."""
    from IPython.display import Markdown, display

    if not (FIGDATA / f"{name}.json").exists():
        raise FileNotFoundError(f"{FIGDATA / (name + '.json')}: no data published under {name!r} "
                                "(call style.publish first)")
    display(Markdown(data_note_markdown(name)))


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
          caption: str | None = None, row_sources=None):
    """Show a table as Markdown (a real table in HTML and PDF), with its source line and download; with a
    ``caption``, a numbered table labelled ``tbl-<name>``."""
    from IPython.display import Markdown, display

    shown = frame.drop(columns=[row_sources]) if isinstance(row_sources, str) else frame.copy()
    by_row = bool(name and caption and sources_by_row(source_ids))
    if by_row:
        shown = shown.drop(columns=[c for c in ROW_SOURCE_COLUMNS if c in shown.columns])
    shown = cited_sources(shown)
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
               for c in shown.columns]
    for col, is_num in zip(shown.columns, numeric):
        if pd.api.types.is_float_dtype(shown[col]):
            shown[col] = [("" if pd.isna(v) else format(v, floatfmt)) for v in shown[col]]
        else:
            shown[col] = [("" if (v is None or (not isinstance(v, str) and pd.isna(v))) else str(v))
                          for v in shown[col]]
    if by_row:
        shown["Source"] = row_source_cells(frame, name, source_ids, row_sources)
        numeric.append(False)
    # formatted text stays as formatted: tabulate must not re-read '1.24' as a number and reformat it
    text = shown.to_markdown(index=False, disable_numparse=True,
                             colalign=["right" if n else "left" for n in numeric])
    if name and source_ids:
        write_figure_data(frame, name, source_ids, units or {}, note=note, title=caption or "",
                          row_sources=row_sources)
    display(Markdown(_with_source(text, caption, name, source_ids, note, by_row)))


def table_caption(caption: str, source_ids: list[str] | None, note: str | None = None, by_row: bool = False) -> str:
    """A table's caption with its one source sentence appended (computed from ``source_ids``, never typed), or,
    for a table whose rows name their own sources (``by_row``), "Sources: by row"."""
    caption = " ".join(str(caption).split())
    if not source_ids:
        return caption
    head = caption.rstrip() + ("" if caption.rstrip().endswith((".", "?", "!")) else ".") + " "
    if by_row:
        return head + BY_ROW + (" " + note.rstrip(".") + "." if note else "")
    return head + source_sentence(source_ids, note)


def _with_source(text: str, caption: str | None, name: str | None, source_ids: list[str] | None,
                 note: str | None, by_row: bool = False) -> str:
    """A table's Markdown with its source given once: in the caption when there is one, else in a line below;
    then the download links (HTML only)."""
    if caption:
        text = captioned(text, table_caption(caption, source_ids, note, by_row), name)
    elif source_ids:
        text += f"\n\n*{source_line(source_ids, note, kind='Table')}*"
    if name and source_ids:
        text += download_links(name)
    return text


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
               note: str | None = None, widths: list[int] | None = None, caption: str | None = None,
               row_sources=None, caption_sources: list[str] | None = None) -> None:
    """A table of long text whose cells may hold roles, that breaks across PDF pages (see :func:`list_table`),
    with its source line and a download of ``download``, the same rows as plain data (no Markdown markup).

    ``caption_sources`` (default ``source_ids``) are the sources the caption names, when the table cites the
    others row by row; the download's metadata list all of ``source_ids``."""
    from IPython.display import Markdown, display

    write_figure_data(download, name, source_ids, {}, note=note, title=caption or "", row_sources=row_sources)
    named = caption_sources if caption_sources is not None else source_ids
    # by row when the caption would name too many publishers: the table's own Source column if it has one, else
    # one added from the download's row sources (only when the download has the table's rows)
    by_row = bool(caption) and sources_by_row(named) and ("Source" in shown.columns or len(shown) == len(download))
    if by_row and "Source" not in shown.columns:
        shown = shown.copy()
        shown["Source"] = row_source_cells(download, name, source_ids, row_sources)
        widths = (list(widths) + [max(10, sum(widths) // 6)]) if widths else None
    full = table_caption(caption, named, note, by_row) if caption else None
    text = list_table(shown, widths, caption=full, name=name)
    if not caption:
        text += f"\n\n*{source_line(named, note, kind='Table')}*"
    text += download_links(name)
    display(Markdown(text))


def downloads_index(book: Path | None = None, order: list[str] | None = None) -> pd.DataFrame:
    """Every download the chapters write, read from their sources (not from ``figdata/``, which a chapter executed
    later would not yet have written; :func:`kzdep.scan.chapter_downloads`): one row per download, with the chapter
    (file stem and ``# `` title), the kind (figure or table), the name (an f-string's pattern) and the title. Chapters
    come in ``order`` (file stems, e.g. the table of contents'), the others after them alphabetically."""
    from kzdep import scan

    book = Path(book or ".")
    rank = {stem: i for i, stem in enumerate(order or [])}
    rows = []
    for chapter in sorted(book.glob("*.md"), key=lambda p: (rank.get(p.stem, len(rank)), p.stem)):
        rows += scan.chapter_downloads(chapter)
    return pd.DataFrame(rows, columns=["chapter", "chapter_title", "kind", "name", "title"])


def _first_sentence(text: str) -> str:
    """The first sentence of a caption (up to its first full stop followed by a space), without its source."""
    text = text.split(" Source:")[0].strip()
    match = re.match(r"(.+?[.!?])(?:\s|$)", text)
    return (match.group(1) if match else text).rstrip(".") + "."


def _period(frame: pd.DataFrame) -> str:
    """The years a download covers ('1995-2023', '2022'), from a year-like column; '' when it has none."""
    for col in frame.columns:
        if str(col).lower() in ("year", "census_year", "order_year") or str(col).lower().endswith("_year"):
            years = pd.to_numeric(frame[col], errors="coerce").dropna()
            if not years.empty:
                low, high = int(years.min()), int(years.max())
                return str(low) if low == high else f"{low}-{high}"
        if str(col).lower() in ("month", "date", "period_start"):
            values = sorted(str(v) for v in frame[col].dropna())
            if values:
                return values[0] if values[0] == values[-1] else f"{values[0]} to {values[-1]}"
    return ""


def appendix_rows(index: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    """One row per download file the chapters wrote, described from its own metadata: a pattern of
    :func:`downloads_index` (a name made in a loop, with ``*``) becomes one row per file it names. Each row: chapter,
    kind, name, what it holds (the title's first sentence), units of its value columns, the period it covers and its
    publishers. A name the index promises but no file carries stops the build (the appendix would describe nothing)."""
    import fnmatch

    folder = Path(folder or FIGDATA)
    written = sorted(p.stem for p in folder.glob("*.json"))
    rows = []
    for item in index.itertuples():
        names = [n for n in written if fnmatch.fnmatchcase(n, item.name)] if "*" in item.name else \
            ([item.name] if item.name in written else [])
        if not names:
            raise FileNotFoundError(f"{folder}/{item.name}.json: the chapter {item.chapter} writes the download "
                                    f"{item.name!r}, but this build has no such file")
        for name in names:
            meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            if not (meta.get("title") or item.title).strip():
                raise ValueError(f"{folder}/{name}.json: the download of chapter {item.chapter} has no title "
                                 f"(give its table a caption, or its figure cell one)")
            frame = pd.read_csv(folder / f"{name}.csv")
            units = sorted({u for c, u in meta.get("columns", {}).items() if u and c != "source_id"})
            publishers = list(dict.fromkeys(s.get("publisher") or s.get("source_id") for s in meta["sources"]))
            rows.append({"chapter": item.chapter, "kind": item.kind, "name": name,
                         "what": _first_sentence(meta.get("title") or item.title),
                         "units": "; ".join(units), "period": _period(frame),
                         "sources": publishers})
    return pd.DataFrame(rows, columns=["chapter", "kind", "name", "what", "units", "period", "sources"])


def downloads_table(index: pd.DataFrame, folder: Path | None = None) -> str:
    """The data appendix's list (a numbered, page-breaking table): every download file, what it holds, its units
    and period, its sources and the chapter whose HTML page links it, each read from the file's own metadata
    (:func:`appendix_rows`), so nothing is left to fill in."""
    rows = appendix_rows(index, folder)
    kinds = {"figure": "Figure", "table": "Table"}

    def sources(publishers: list[str]) -> str:
        return "; ".join(publishers) if len(publishers) <= 3 else \
            f"{'; '.join(publishers[:2])} and {len(publishers) - 2} others (listed in the .json)"

    shown = pd.DataFrame({
        # plain text, not code: a long name then breaks at its hyphens in the PDF's narrow column
        "Data (in figdata/)": [f"{n} (.csv, .json)" for n in rows["name"]],
        "What it holds": [f"{kinds[k]}: {w}" + (f" Units: {u}." if u else "") + (f" Period: {p}." if p else "")
                          for k, w, u, p in zip(rows["kind"], rows["what"], rows["units"], rows["period"])],
        "Sources": [sources(p) for p in rows["sources"]],
        "Chapter page": [f"{{doc}}`{c}.html <{c}>`" for c in rows["chapter"]],
    })
    return list_table(shown, widths=[24, 44, 18, 14], caption="Every download of the report, by chapter.",
                      name="downloads")
