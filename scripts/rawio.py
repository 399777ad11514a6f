"""What every extraction script shares: reading a raw file whose sha256 is pinned, writing numbers as they are
stored, naming a spreadsheet cell, and writing a CSV so that nothing is ever left half-written.

Used by ``make_data.py`` and every ``extract_*.py``; one :class:`RawError` for all of them (each module re-exports
it under its own name, so ``extract_x.RawError`` still works).
"""

from __future__ import annotations

import csv
import hashlib
import os
import tempfile
from pathlib import Path


class RawError(RuntimeError):
    """A raw file is missing, changed, or not as expected; the message names the file (sheet, row, column)."""


def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_pinned(path: Path, pinned: str | None) -> bytes:
    """The bytes of ``path``, after checking them against the pinned sha256 (``None``: no pin, read as is)."""
    path = Path(path)
    if not path.exists():
        raise RawError(f"{path}: raw file missing")
    raw = path.read_bytes()
    if pinned is not None and sha256_bytes(raw) != pinned:
        raise RawError(f"{path}: sha256 {sha256_bytes(raw)} differs from the pinned {pinned}")
    return raw


def fmt(value: float) -> str:
    """A number as it is written: at most 9 decimals (no float artefacts), no trailing zeros."""
    text = f"{round(float(value), 9):.9f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def col_letter(j: int) -> str:
    """Spreadsheet column letter of the 0-based index ``j``."""
    out = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        out = chr(65 + r) + out
    return out


def need_columns(header: list[str], need: list[str], label: str) -> dict[str, int]:
    """{column: index} for the columns ``need``; a missing one stops the run naming the file."""
    missing = [c for c in need if c not in header]
    if missing:
        raise RawError(f"{label}: missing column(s) {missing}")
    return {name: header.index(name) for name in need}


def write_csv(path: Path, header: list[str], rows: list[list], quiet: bool = False) -> None:
    """Write a CSV to a temporary file beside ``path`` and rename it: a failure leaves the old file whole."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        os.chmod(tmp, 0o644)  # mkstemp creates the file private; the extracts are ordinary files
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    if not quiet:
        print(f"wrote data/{path.name}: {len(rows)} rows")


def read_pinned_folder(folder: Path, pattern: str, pinned: str, label: str,
                       count: int | None = None) -> list[tuple[Path, bytes]]:
    """The files of ``folder`` matching ``pattern``, in name order, with their bytes, after checking one sha256 over
    them all (each file's name, a NUL byte, then its bytes) against the pinned one; ``count``: how many there must
    be."""
    folder = Path(folder)
    files = sorted(folder.glob(pattern))
    if not files or (count is not None and len(files) != count):
        raise RawError(f"{folder}: expected {count or 'some'} {label} files, found {len(files)}")
    digest = hashlib.sha256()
    out = []
    for file in files:
        raw = file.read_bytes()
        digest.update(file.name.encode() + b"\0" + raw)
        out.append((file, raw))
    if digest.hexdigest() != pinned:
        raise RawError(f"{folder}: combined sha256 of the {label} files {digest.hexdigest()} differs from the "
                       f"pinned {pinned}")
    return out
