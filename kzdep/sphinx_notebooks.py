"""A Sphinx extension: every chapter page offers its executed notebook (``.ipynb``) in the page's download menu.

sphinx-book-theme lists an ``.ipynb`` beside the Markdown source only when a launch service (Binder, Colab, ...) is
configured, which this book does without. myst-nb writes each chapter, as a notebook without outputs, to
``_build/jupyter_execute/``; this handler merges in the outputs of its run from the execution cache (so the reader
gets the figures and tables too), writes it beside the page's source in ``_sources/`` and tells the theme to list
it. It runs before the theme builds its buttons (priority 500 against the theme's 501)."""

from __future__ import annotations

from pathlib import Path

import nbformat


def offer_notebook(app, pagename, templatename, context, doctree) -> None:
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return  # not a notebook (a plain Markdown page)
    nb = nbformat.read(executed, as_version=4)
    config = getattr(app.env, "mystnb_config", None)
    cache_path = getattr(config, "execution_cache_path", "") or Path(app.outdir).parent / ".jupyter_cache"
    if Path(cache_path).is_dir():
        from jupyter_cache import get_cache

        try:
            _, nb = get_cache(str(cache_path)).merge_match_into_notebook(nb)
        except KeyError:
            pass  # not in the cache (a page myst-nb ran itself): offered without outputs
    nb.metadata.pop("source_map", None)
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("html-page-context", offer_notebook, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
