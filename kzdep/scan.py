"""Which downloads a chapter writes, read from its source without running it (no plotting or table libraries are
imported, so the build cache can ask cheaply).

A download is written by a call of ``style.publish`` / ``table`` / ``long_table`` / ``write_figure_data`` or
``summary.show_captioned_table`` (and the other ``summary.show_*``) with a name, or of a function of the chapter that
passes one of its parameters on as such a name. :func:`chapter_downloads` lists them for one chapter;
:func:`kzdep.style.downloads_index` puts the chapters together.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

# the calls that write a download: (module, function) -> (kind, position and keyword of the name, of the caption)
_WRITERS = {
    ("style", "publish"): ("figure", (2, "name"), None),
    ("style", "table"): ("table", (1, "name"), (None, "caption")),
    ("style", "long_table"): ("table", (2, "name"), (None, "caption")),
    ("style", "write_figure_data"): ("table", (1, "name"), (4, "title")),
    ("summary", "show_captioned_table"): ("table", (3, "name"), (2, "caption")),
    ("summary", "show_then_and_now"): ("table", (1, "name"), None),
    ("summary", "show_both"): ("table", (1, "name"), None),
    ("summary", "show_events"): ("table", (1, "name"), None),
}
_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?:---\n(.*?)\n---\n|(?::[^\n]*\n)*)(.*?)^```[ \t]*$",
                   flags=re.S | re.M)


def _literal(node) -> str | None:
    """A string argument as written: a literal as is (implicit concatenation included), an f-string as its pattern
    ('claims-register-*', each expression shown as ``*``), or None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)
    return None


def _argument(call, where):
    """The argument of ``call`` at ``where`` = (position, keyword), or None."""
    if where is None:
        return None
    position, keyword = where
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if position is not None and position < len(call.args):
        return call.args[position]
    return None


def _callee(call) -> tuple[str, str] | None:
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id, func.attr
    if isinstance(func, ast.Name):
        return "", func.id
    return None


def _writes_download(call) -> bool:
    """Whether a ``style.table`` call writes a download: only with sources (``source_ids``, third positional
    argument, or keywords spread from a mapping, as ``**sourced(...)``)."""
    if len(call.args) > 2:
        return True
    return any(kw.arg in ("source_ids", None) for kw in call.keywords)



def chapter_downloads(chapter: Path, source: str | None = None) -> list[dict]:
    """The downloads one chapter writes, in the order of its calls: chapter (file stem and ``# `` title), kind
    (figure or table), name (an f-string's pattern, ``*`` for each expression) and title (the figure cell's caption,
    or the table's caption; '' when the call gives none as a literal)."""
    chapter = Path(chapter)
    source = chapter.read_text("utf-8") if source is None else source
    heading = re.search(r"^# (.+)$", source, flags=re.M)
    cells = []
    for meta, code in _CELL.findall(source):
        lines = [ln for ln in code.splitlines() if not ln.startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError as err:
            raise ValueError(f"{chapter}: a code cell does not parse ({err})") from err
        caption = ""
        if meta:
            caption = (((yaml.safe_load(meta) or {}).get("mystnb") or {}).get("figure") or {}).get("caption")
        cells.append((tree, " ".join(str(caption or "").split())))
    writers = dict(_WRITERS)
    # a function of the chapter that hands one of its parameters on as a download's name is a writer too
    for tree, _ in cells:
        for fn in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            params = [a.arg for a in fn.args.args]
            for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
                spec = _WRITERS.get(_callee(call))
                arg = _argument(call, spec[1]) if spec else None
                if isinstance(arg, ast.Name) and arg.id in params:
                    writers[("", fn.name)] = (spec[0], (params.index(arg.id), arg.id), None)
    rows = []
    for tree, figure_caption in cells:
        calls = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset))
        for call in calls:
            spec = writers.get(_callee(call))
            if spec is None:
                continue
            kind, name_at, caption_at = spec
            name = _literal(_argument(call, name_at))
            if not name:
                continue
            if _callee(call) == ("style", "table") and not _writes_download(call):
                continue  # a numbered table without sources (the status page's versions) has no download
            title = figure_caption if kind == "figure" else (_literal(_argument(call, caption_at)) or "")
            rows.append({"chapter": chapter.stem,
                         "chapter_title": heading.group(1).strip() if heading else chapter.stem,
                         "kind": kind, "name": name, "title": " ".join(title.split())})
    return rows
