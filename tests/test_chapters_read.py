"""Chapters read as stories: the package does the work, the chapter keeps in view what a reader may change.

Counted on each chapter's MyST source: a code line is a non-blank line inside a code cell (its options and figure
metadata included), a prose line a non-blank line outside (the jupytext header excluded). Target: at most 1.5 code
lines per prose line in every chapter (QuantEcon's data lectures run about 1.2-1.6), and at most 20 single ``glue()``
calls in the whole book (numbers are glued through one ``findings()`` call per section)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

MAX_CODE_PER_PROSE = 1.5
MAX_SINGLE_GLUES = 20
FENCE = re.compile(r"^(`{3,}|~{3,})\{code-cell\}")


def line_counts(source: str) -> tuple[int, int]:
    """(code lines, prose lines) of a MyST notebook's source."""
    if source.startswith("---\n"):
        source = source.split("\n---\n", 1)[1]
    code = prose = 0
    fence = None
    for line in source.splitlines():
        stripped = line.strip()
        if fence is None:
            opened = FENCE.match(stripped)
            if opened:
                fence = opened.group(1)
            elif stripped:
                prose += 1
        elif stripped == fence:
            fence = None
        elif stripped:
            code += 1
    return code, prose


def single_glues(source: str) -> int:
    """Calls of ``glue(`` (``text.glue``, ``glue``), not ``glue_all`` and not the ``{glue:text}`` role."""
    return len(re.findall(r"(?<![\w:])glue\(", source))


def test_counts_on_a_made_up_chapter():
    page = ("---\njupytext: x\n---\n# Title\n\nA line of prose.\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n"
            "x = 1\n\ntext.glue('a', x)\ntext.glue_all(f)\n```\n\nThe {glue:text}`a` is glued.\n")
    assert line_counts(page) == (4, 3)
    assert single_glues(page) == 1


CHAPTERS = sorted(p for p in (ROOT / "book").glob("*.md"))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_a_chapter_is_mostly_story(path):
    code, prose = line_counts(path.read_text(encoding="utf-8"))
    assert code <= MAX_CODE_PER_PROSE * max(prose, 1), \
        f"{path.name}: {code} code lines to {prose} prose lines ({code / max(prose, 1):.2f}; at most 1.5)"


def test_numbers_are_glued_through_findings():
    counts = {p.name: single_glues(p.read_text(encoding="utf-8")) for p in CHAPTERS}
    assert sum(counts.values()) <= MAX_SINGLE_GLUES, {k: v for k, v in counts.items() if v}
