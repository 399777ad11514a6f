"""A Sphinx extension: the cells a reader may edit stand out as labelled boxes, open in the HTML and in the PDF.

A chapter marks each such cell (the scenario's parameters, the index's choices, the detour's model choice, the
index settings) with the cell tag ``parameters``, papermill's name for it. myst-nb gives the cell the class
``tag_parameters``: this extension styles it in the HTML (a coloured frame and a label above the code, never folded
away), and the LaTeX preamble (``_config.yml``) defines the environment ``sphinxclasstag_parameters`` that sets it
off in the PDF with the same label. A cell tagged both ``parameters`` and ``hide-input`` (folded in the HTML, left
out of the PDF) stops the build: the reader would not find what the text tells them to edit."""

from __future__ import annotations

from pathlib import Path

LABEL = "Settings you can change: edit this cell in the chapter's notebook, then rebuild the book"

CSS = f"""\
div.cell.tag_parameters {{
  border: 2px solid #b8860b; border-radius: 6px; background: #fffaf0; padding: 0.2em 0.6em 0.4em;
  margin: 1em 0;
}}
div.cell.tag_parameters pre {{ white-space: pre-wrap; }}
div.cell.tag_parameters::before {{
  content: "{LABEL}"; display: block; font-weight: 600; font-size: 0.9em; color: #7a5a00; margin: 0.2em 0 0.3em;
}}
"""

CSS_NAME = "kzdep-parameters.css"


def check_tags(app, docname, source) -> None:
    """Refuse a parameters cell that is folded away (both tags on one cell of a MyST notebook)."""
    text = source[0]
    if "parameters" not in text:
        return
    for block in text.split("```{code-cell}")[1:]:
        head = block.split("\n\n", 1)[0]
        tags = [line for line in head.splitlines() if "tags:" in line]
        if tags and "parameters" in tags[0] and ("hide-input" in tags[0] or "remove-input" in tags[0]
                                                 or "remove-cell" in tags[0]):
            raise RuntimeError(f"{docname}.md: a cell tagged 'parameters' is also hidden ({tags[0].strip()}); "
                               "a cell the reader may edit is shown open")


def write_css(app) -> None:
    """Put the style sheet into the output's ``_static`` before any page is written: Sphinx links it with a checksum
    (``?v=...``, so a browser fetches a changed sheet) only when the file is there as the page is written."""
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        target = static / CSS_NAME
        if not target.is_file() or target.read_text(encoding="utf-8") != CSS:
            target.write_text(CSS, encoding="utf-8")


def setup(app):
    app.add_css_file(CSS_NAME)
    app.connect("source-read", check_tags)
    app.connect("builder-inited", write_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
