"""Shared fixtures: a scratch copy of the data package, and the book built once per session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = Path(os.environ.get("KZDEP_RAW", ROOT.parent / "shared" / "sources"))


def rehash_resource(folder: Path, name: str) -> None:
    """Re-pin one resource's sha256 in a scratch package (so a test reaches the check it means to test)."""
    import hashlib

    path = folder / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for res in package["resources"]:
        if res["name"] == name:
            raw = (folder / res["path"]).read_bytes()
            res["hash"] = "sha256:" + hashlib.sha256(raw).hexdigest()
            res["bytes"] = len(raw)
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


@pytest.fixture
def scratch_data(tmp_path, monkeypatch):
    """A copy of data/ that a test may corrupt; the loader reads it through $KZDEP_DATA."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    monkeypatch.setenv("KZDEP_DATA", str(folder))
    return folder


@pytest.fixture(scope="session")
def built_book():
    """`make book` run once, exactly as the README says; returns the repository root.

    The tests run in parallel processes (pytest-xdist, one test file per process at a time): each process asks for
    the book, and a lock makes the first one build it while the others wait; their own `make book` then finds
    nothing changed and returns at once."""
    import fcntl

    (ROOT / "_build").mkdir(exist_ok=True)
    with open(ROOT / "_build" / ".tests-make-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            result = subprocess.run(["make", "book"], cwd=ROOT, capture_output=True, text=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    log = ROOT / "_build" / f"make-book{os.environ.get('PYTEST_XDIST_WORKER', '')}.log"
    log.write_text(result.stdout + "\n" + result.stderr, encoding="utf-8")
    assert result.returncode == 0, f"make book failed; see {log}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return ROOT



def alt_text(chapter: str, figure: str) -> str:
    """The alt text typed in the cell metadata of figure ``figure`` (its ``name``) in ``book/<chapter>.md``."""
    text = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
    block = text[text.index(f"name: {figure}\n"):]
    return block[block.index("alt: "):].split("\n", 1)[0]
