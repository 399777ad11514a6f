"""How to cite the report, and the one place its release is set.

``CITATION.cff`` is the one source of truth for the release: ``version``, ``date-released``, and, once the report is
published, its address (``url``, and ``doi`` if one is minted). Everything else reads them from here:

- the APA 7 and BibTeX forms (:func:`apa`, :func:`bibtex`): author, year, title (in italics in APA), version,
  [Report], publisher (left out in APA when it is the author, as APA 7 asks), and the address where there is one;
- the book: this module is also a Sphinx extension (listed in ``_config.yml``), which sets the version, the release
  line and the date of the title page, the PDF's metadata and the HTML footer (version, release date, commit, the
  brief and the address) from the same file;
- the brief (:mod:`kzdep.brief`) and the cite page.

Without an address, :func:`how_to_cite_copy` says how to cite a local copy: by version and release date, and the
commit it was built from.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import yaml

from kzdep import data


def cff_path() -> Path:
    return data.ROOT / "CITATION.cff"


def citation(path: Path | None = None) -> dict:
    """``CITATION.cff`` parsed."""
    return yaml.safe_load(Path(path or cff_path()).read_text(encoding="utf-8"))


def _preferred(path: Path | None = None) -> dict:
    c = citation(path)
    return c.get("preferred-citation") or c


def version(path: Path | None = None) -> str:
    return str(citation(path)["version"])


def release_date(path: Path | None = None) -> dt.date:
    """The release date (``date-released``), the one date the report carries."""
    value = citation(path)["date-released"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def release_date_text(path: Path | None = None) -> str:
    """The release date in words: ``4 December 2026``."""
    d = release_date(path)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def doi(path: Path | None = None) -> str | None:
    return citation(path).get("doi") or None


def url(path: Path | None = None) -> str | None:
    """The report's published address (``url`` in ``CITATION.cff``), if set."""
    return citation(path).get("url") or None


def address(path: Path | None = None) -> str | None:
    """The address every citation form carries: the DOI (as https://doi.org/...) where one is minted, else the
    published URL, else None (a local copy)."""
    d = doi(path)
    return f"https://doi.org/{d}" if d else url(path)


def commit(root: Path | None = None) -> str:
    """The first twelve characters of the commit the book is built from, or 'unknown' outside a git clone."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root or data.ROOT, capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip()[:12] if out.returncode == 0 and out.stdout.strip() else "unknown"


def key(path: Path | None = None) -> str:
    return "kzdep" + str(release_date(path).year)


def _authors(path: Path | None = None) -> list[dict]:
    return _preferred(path).get("authors") or citation(path)["authors"]


def _name(author: dict, apa_style: bool) -> str:
    if "name" in author:  # an organisation or group
        return author["name"]
    family, given = author.get("family-names", ""), author.get("given-names", "")
    if not apa_style:
        return f"{family}, {given}".strip(", ")
    initials = " ".join(part[0] + "." for part in re.split(r"[\s-]+", given) if part)
    return f"{family}, {initials}".strip(", ")


def _apa_authors(path: Path | None = None) -> str:
    names = [_name(a, True) for a in _authors(path)]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def publisher(path: Path | None = None) -> str | None:
    p = _preferred(path).get("publisher")
    return (p.get("name") if isinstance(p, dict) else p) or None


def title(path: Path | None = None) -> str:
    return str(_preferred(path).get("title") or citation(path)["title"])


def sentence_case_title(path: Path | None = None) -> str:
    """The title as APA 7 writes it: sentence case as given in ``CITATION.cff`` (proper nouns keep their capitals),
    with the first word after a colon capitalised."""
    return re.sub(r":\s+(\w)", lambda m: ": " + m.group(1).upper(), title(path))


def apa(path: Path | None = None, fmt: str = "markdown") -> str:
    """The APA 7 reference of a report: Author. (Year). *Title* (Version x) [Report]. Publisher. Address.

    ``fmt`` is ``markdown`` (title between asterisks), ``latex`` (``\\emph``) or ``text`` (no markup). The publisher
    is left out where it is the author (APA 7), the address where none is set."""
    year = release_date(path).year
    ttl = sentence_case_title(path)
    ttl = {"markdown": f"*{ttl}*", "latex": f"\\emph{{{_latex(ttl)}}}", "text": ttl}[fmt]
    author = _apa_authors(path)
    if fmt == "latex":
        author = _latex(author)
    author = author if author.endswith(".") else author + "."
    parts = [f"{author} ({year}). {ttl} (Version {version(path)}) [Report]."]
    pub = publisher(path)
    if pub and pub not in [a.get("name") for a in _authors(path)]:
        parts.append(f"{_latex(pub) if fmt == 'latex' else pub}.")
    where = address(path)
    if where:
        parts.append(f"\\url{{{where}}}" if fmt == "latex" else where)
    return " ".join(parts)


def bibtex(path: Path | None = None, vintage: str | None = None) -> str:
    """The BibTeX entry (``@techreport``, type Report): title and corporate author protected by braces so that no
    style lower-cases them, the version and release date in ``version`` and ``note``, the address in ``url`` (and
    ``doi``) where one is set."""
    from kzdep import report

    vintage = vintage or report.data_vintage()["newest"]
    d = release_date(path)
    authors = " and ".join("{" + _name(a, False) + "}" if "name" in a else _name(a, False) for a in _authors(path))
    pub = publisher(path) or _name(_authors(path)[0], False)
    fields = [("author", "{" + authors + "}"), ("title", "{{" + sentence_case_title(path) + "}}"),
              ("type", "{Report}"), ("institution", "{{" + pub + "}}"), ("year", f"{{{d.year}}}"),
              ("month", d.strftime("%b").lower()), ("version", f"{{{version(path)}}}")]
    if doi(path):
        fields.append(("doi", f"{{{doi(path)}}}"))
    if address(path):
        fields.append(("url", f"{{{address(path)}}}"))
    fields.append(("note", f"{{Version {version(path)}, released {d.isoformat()}; data to {vintage}}}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@techreport{{{key(path)},\n{body}\n}}"


def how_to_cite_copy(path: Path | None = None, fmt: str = "markdown") -> str:
    """Which copy to cite: the published address, or, for a local copy, its version, release date and commit."""
    where = address(path)
    v, when = version(path), release_date_text(path)
    if where:
        link = f"<{where}>" if fmt == "markdown" else where
        return (f"The report is published at {link}; this is version {v}, released on {when}. Cite that version: "
                "numbers change when data are revised or added.")
    return (f"This copy has no published address. Cite it by its version and release date, version {v} of "
            f"{when}, as in the forms above, and add the commit it was built from (printed in the footer of every "
            "page and on the PDF's title page), so that a reader can rebuild exactly the same numbers. Once an "
            "address is set in the repository's citation file it appears here, in both forms above, in every "
            "page's footer and in the PDF.")


def footer_html(path: Path | None = None) -> str:
    """The footer line every HTML page carries: version, release date, commit, the brief, and the address."""
    where = address(path)
    line = (f"Version {version(path)}, released {release_date_text(path)} · commit <code>{commit()}</code> · "
            '<a href="brief.pdf">The brief (PDF, a few pages)</a>')
    if where:
        line += f' · <a href="{where}">{where}</a>'
    return f"<p>{line}</p>"


def _latex(text: str) -> str:
    """``text`` with LaTeX's special characters escaped."""
    out = str(text).replace("\\", "\\textbackslash{}")
    for ch in "&%$#_{}":
        out = out.replace(ch, "\\" + ch)
    return out.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")


# ---------------------------------------------------------------------------------------------------------------
# the Sphinx extension: the release set in CITATION.cff reaches the title page, the PDF metadata and the footer

def _on_config_inited(app, config) -> None:
    config.version = version()
    config.release = version()  # kzdep.coverage, loaded after this extension, adds the latest year per lever
    config.today = release_date_text()
    config.html_last_updated_fmt = None  # one date: the release date, in the footer
    options = dict(config.html_theme_options or {})
    options["extra_footer"] = footer_html() + str(options.get("extra_footer", ""))
    config.html_theme_options = options
    latex = dict(config.latex_elements or {})
    where = address()
    meta = (f"\\hypersetup{{pdfsubject={{Version {version()}, released {release_date().isoformat()}, commit "
            f"{commit()}. The levers of Kazakhstan's dependence on Russia, measured with public data}}"
            + (f", pdfinfo={{URL={{{where}}}}}" if where else "") + "}\n")
    latex["preamble"] = str(latex.get("preamble", "")) + meta
    title_line = f"Version {version()}, released {release_date_text()}, commit {commit()}"
    if where:
        title_line += f"\\\\ \\url{{{where}}}"
    latex["maketitle"] = str(latex.get("maketitle", "")).replace("{\\large \\@date \\par}",
                                                                "{\\large \\@date \\par}\\vspace{0.5em}{\\small "
                                                                + title_line + "\\par}")
    config.latex_elements = latex


def setup(app):
    app.connect("config-inited", _on_config_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
