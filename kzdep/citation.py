"""How to cite the report: BibTeX and APA, generated from ``CITATION.cff`` (the one source of truth) by
``cffconvert``, the Citation File Format project's own converter.

Two things are added to what ``cffconvert`` writes, both read from the same file:

- BibTeX styles lower-case a title's words unless they are protected by braces ("russia"); the title and a
  corporate author are therefore wrapped in a second pair of braces;
- the version and the data vintage, which a reader needs to find the numbers again, go into the entry's note.

Where ``CITATION.cff`` gives no ``url`` yet, :func:`how_to_cite_copy` says how to cite the copy in hand (its version
and the commit of the repository it was built from).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kzdep import data, report


def cff_path() -> Path:
    return data.ROOT / "CITATION.cff"


def citation(path: Path | None = None) -> dict:
    """``CITATION.cff`` parsed."""
    return yaml.safe_load(Path(path or cff_path()).read_text(encoding="utf-8"))


def _converted(path: Path | None = None):
    from cffconvert.citation import Citation

    return Citation(Path(path or cff_path()).read_text(encoding="utf-8"))


def url(path: Path | None = None) -> str | None:
    """The report's permanent address, if ``CITATION.cff`` sets one (``url``)."""
    return citation(path).get("url") or None


def key(path: Path | None = None) -> str:
    c = citation(path)
    return "kzdep" + str(c["date-released"])[:4]


def bibtex(path: Path | None = None, vintage: str | None = None) -> str:
    """The BibTeX entry, from ``cffconvert``'s, with title and corporate author protected and the version noted."""
    c = citation(path)
    vintage = vintage or report.data_vintage()["newest"]
    raw = _converted(path).as_bibtex(reference=key(path)).strip()
    lines = raw.splitlines()
    out = []
    for line in lines[:-1]:  # the last line is the closing brace
        line = line.rstrip(",")
        field = re.match(r"^\s*(\w+) = \{(.*)\}$", line)
        if field and field.group(1) == "title":
            line = f"title = {{{{{field.group(2)}}}}}"
        elif field and field.group(1) == "author":
            names = [n.strip() for n in field.group(2).split(" and ")]
            line = "author = {" + " and ".join(
                n if n.startswith("{") or "," in n else "{" + n + "}" for n in names) + "}"
        out.append(line)
    out.append(f"note = {{Version {c['version']}; data to {vintage}}}")
    head, fields = out[0], out[1:]
    return head + ",\n" + ",\n".join("  " + f for f in fields) + "\n}"


def apa(path: Path | None = None, vintage: str | None = None) -> str:
    """The APA-like reference, as ``cffconvert`` writes it, with the data vintage."""
    vintage = vintage or report.data_vintage()["newest"]
    text = _converted(path).as_apalike().strip()
    return f"{text} Data to {vintage}."


def plain(path: Path | None = None) -> str:
    """Kept for the title page and older callers: the APA form."""
    return apa(path)


def how_to_cite_copy(path: Path | None = None) -> str:
    """What to add to the reference so that a reader finds the same numbers again."""
    address = url(path)
    version = citation(path)["version"]
    if address:
        return f"The report's permanent address is <{address}>; cite version {version}."
    return ("This copy has no permanent address yet. Cite the version and the commit of the repository you built "
            f"it from: after the reference add \"version {version}, commit\" and the first twelve characters "
            "that `git log -1 --format=%H` prints in your clone. Once a `url` is set in `CITATION.cff` it appears "
            "here and in both forms above.")
