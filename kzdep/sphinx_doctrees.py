"""A Sphinx extension: the HTML and the PDF builds keep their own environment (``_build/.doctrees-html`` and
``_build/.doctrees-latex``) instead of sharing Jupyter Book's ``_build/.doctrees``.

The LaTeX build sets configuration values the HTML build does not (``numfig_secnum_depth``, by
sphinx-jupyterbook-latex), so a shared environment counted as "config changed" after every switch between the two
and Sphinx read all pages again: an edit of one chapter after ``make book`` re-read the whole book. The directory
is chosen in ``setup``, which Sphinx runs before it loads the pickled environment."""

from __future__ import annotations

from pathlib import Path


def setup(app):
    out = Path(app.outdir)
    target = out.parent / f".doctrees-{out.name}"
    target.mkdir(parents=True, exist_ok=True)
    app.doctreedir = type(app.doctreedir)(target)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
