"""The cells a reader may edit (issue #24): tagged `parameters`, shown open in the HTML, and set off as a labelled
box in the PDF (kzdep.sphinx_parameters and the LaTeX preamble)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

from kzdep import sphinx_parameters as sp

ROOT = Path(__file__).resolve().parent.parent
# chapter -> a name the chapter's editable cell defines
EDITABLE = {"pipelines": "STOP_DAYS", "neighbours": "WEIGHTS", "trade": "CONTROLS"}


def _cell_defining(chapter: str, name: str) -> str:
    text = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
    cells = [c.split("```", 1)[0] for c in text.split("```{code-cell} ipython3")[1:]]
    found = [c for c in cells if re.search(rf"^{name}\b.*=", c, flags=re.M)]
    assert len(found) == 1, f"{chapter}.md: {len(found)} cells define {name}"
    return found[0]


@pytest.mark.parametrize("chapter,name", EDITABLE.items())
def test_editable_cell_is_tagged_and_open(chapter, name):
    head = _cell_defining(chapter, name).strip().splitlines()[0]
    assert head == ":tags: [parameters]", f"{chapter}.md: the cell defining {name} starts {head!r}"


def test_a_folded_parameters_cell_stops_the_build():
    bad = "```{code-cell} ipython3\n:tags: [parameters, hide-input]\n\nX = 1\n```\n"
    with pytest.raises(RuntimeError, match="shown open"):
        sp.check_tags(None, "made-up", [bad])
    sp.check_tags(None, "made-up", ["```{code-cell} ipython3\n:tags: [parameters]\n\nX = 1\n```\n"])
    sp.check_tags(None, "made-up", ["```{code-cell} ipython3\n:tags: [hide-input]\n\nX = 1\n```\n"])


def test_pdf_label_is_the_html_label():
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    env = config[config.index(r"\newenvironment{sphinxclasstag_parameters}"):]
    env = " ".join(env[:env.index(r"\par\nobreak")].split())
    assert " ".join(sp.LABEL.split()) in env


@pytest.mark.parametrize("chapter", EDITABLE)
def test_html_shows_the_cell_open(built_book, chapter):
    html = (built_book / "_build" / "html" / f"{chapter}.html").read_text(encoding="utf-8")
    start = html.index("tag_parameters")
    block = html[start:start + 4000]
    assert "<details" not in block[:block.index("highlight")], f"{chapter}: the editable cell is folded"
    sheet = built_book / "_build" / "html" / "_static" / sp.CSS_NAME
    assert sheet.read_text(encoding="utf-8") == sp.CSS
    # linked with the sheet's checksum, as Sphinx links its own (also on a clean build, when the page is written
    # before the build ends)
    assert f'{sp.CSS_NAME}?v={zlib.crc32(sp.CSS.encode()):08x}"' in html


def test_pdf_sets_each_cell_off(built_book):
    tex = (built_book / "_build" / "latex" / "report.tex").read_text(encoding="utf-8")
    assert tex.count(r"\begin{sphinxuseclass}{tag_parameters}") == len(EDITABLE)
    assert r"\newenvironment{sphinxclasstag_parameters}" in tex
