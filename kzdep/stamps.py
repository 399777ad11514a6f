"""Where the build keeps what it need not do again, and how a stamp is written. Imports nothing of the package and
no third-party library, so the build cache (run as a script, without pandas) loads it too.

A stamp is kept by the digest of everything the check or value it stands for was made from (Frictionless's pass on
a data file, the cross-table rules' pass, the coverage label, the facts the build cache derives from one file), in
the checkout's ``_build/.kzdep-stamps/``; any book built from the checkout on the same inputs reuses it, a changed
input makes a new digest, and a failure is never kept. ``make clean`` removes them all."""

from __future__ import annotations

import os
from pathlib import Path

STAMPS_DIR = Path(__file__).resolve().parent.parent / "_build" / ".kzdep-stamps"


def keep(path: Path, text: str = "") -> None:
    """Write a stamp whole or not at all (a reader never sees half of it); a read-only checkout only loses the
    shortcut the stamp gives."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass
