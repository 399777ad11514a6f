"""No code in the reader's way (issue 24): no chapter's prose shows a code identifier, and every parameter cell a
reader edits is introduced by a label."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

#: a code name: a snake_case word (two or more parts joined by underscores) or a dotted name in the package
CODE_NAME = re.compile(r"(?<![\w/.-])(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|kzdep(?:\.\w+)+)(?![\w/-])")
#: roles whose backtick text is not printed as written (a glued name, a label, a citation key, a document)
HIDDEN_ROLES = re.compile(r"\{(?:glue:text|glue|numref|ref|doc|cite|cite:t|cite:p|download|eq)\}`[^`]*`")


def prose(markdown: str) -> str:
    """A chapter's prose: without the front matter, code cells, fenced blocks, directive options and the text of
    roles that print something else (glued numbers, references, citation keys)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"```\{code-cell\}.*?\n```", "", text, flags=re.S)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"^:[\w-]+:.*$", "", text, flags=re.M)  # directive options such as :name: tbl-x
    text = HIDDEN_ROLES.sub("", text)
    return re.sub(r"\{term\}`[^`<]*<([^>]*)>`", r"\1", text)


def code_names(markdown: str) -> list[str]:
    return CODE_NAME.findall(prose(markdown))


def chapters():
    return sorted((ROOT / "book").glob("*.md"))


@pytest.mark.parametrize("path", chapters(), ids=lambda p: p.name)
def test_no_code_names_in_a_chapters_prose(path):
    found = code_names(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name}: code names in the prose: {sorted(set(found))}"


def test_the_scan_finds_code_names_and_spares_glue_and_code():
    md = ("---\nx: 1\n---\n# T\n\nThe `students_in_russia` series and un_alignment_with_russia, see "
          "kzdep.summary.verdict.\n\n```{code-cell} ipython3\nmy_var = 1\n```\n\nA {glue:text}`sum_via_last` share "
          "({numref}`fig-pipelines-route-shares`, {cite:p}`efe-abc-2026-exports-2025`), file data/oil_routes.csv.\n")
    assert code_names(md) == ["students_in_russia", "un_alignment_with_russia", "kzdep.summary.verdict"]
    assert code_names("A well-known, two-year series; 5_000 is a number.") == []


#: how a cell a reader edits announces itself in its first comment line
PARAMETER_MARK = re.compile(r"^# .*(PARAMETERS|CHOICES|edit, then rebuild)", re.M)


def parameter_cells(markdown: str) -> list[tuple[str, str]]:
    """(tags line, first line) of every code cell whose opening comment marks it as a cell a reader edits."""
    cells = re.findall(r"```\{code-cell\} ipython3\n(.*?)\n```", markdown, flags=re.S)
    out = []
    for cell in cells:
        tags = cell.splitlines()[0] if cell.startswith((":tags:", "---")) else ""
        if PARAMETER_MARK.search(cell):
            out.append((tags, next(line for line in cell.splitlines() if PARAMETER_MARK.match(line))))
    return out


def test_parameter_cells_stay_in_the_html():
    """A cell a reader edits is shown open on the page: tagged `parameters` only, never removed or folded."""
    found, removed = 0, []
    for path in chapters():
        for tags, first in parameter_cells(path.read_text(encoding="utf-8")):
            found += 1
            if tags != ":tags: [parameters]":
                removed.append(f"{path.name}: {first} ({tags or 'no tags'})")
    assert found >= 2
    assert not removed, removed


def test_parameter_scan_can_fail():
    md = "```{code-cell} ipython3\n:tags: [remove-cell]\n\n# ==== SCENARIO PARAMETERS: edit\nX = 1\n```\n"
    assert parameter_cells(md) == [(":tags: [remove-cell]", "# ==== SCENARIO PARAMETERS: edit")]
