"""The files a chapter writes besides its notebook: the downloads under its figures and tables and the data package
copy and zip of the data page, all in ``book/figdata/``.

They are outputs of executing the chapter, so they belong with the executed notebook: when the build serves a
chapter from the execution cache instead of running it, it must also put back the files that run wrote, or a page
could say one thing while its download says another (edit a parameter, build, revert, build). Every function of the
package that writes such a file calls :func:`written`; while :mod:`kzdep.buildcache` executes a chapter it points
``$KZDEP_OUTPUT_LOG`` at a list that :func:`written` appends to, stores the files listed with the cache record, and
restores them whenever it serves that record again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

LOG_VARIABLE = "KZDEP_OUTPUT_LOG"


def written(path: Path | str) -> Path:
    """Record that the running chapter wrote ``path`` (nothing happens outside a build's execution)."""
    path = Path(path)
    log = os.environ.get(LOG_VARIABLE)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(str(path.resolve()) + "\n")
    return path


def copy(source: Path | str, target: Path | str) -> Path:
    """Copy a file into the chapter's outputs (creating folders), recorded as written."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return written(target)
