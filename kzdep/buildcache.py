"""Keep the execution cache honest: re-execute a chapter when the data it reads have changed.

jupyter-cache keys a notebook on its code cells only, so a changed data file would leave old numbers in the book.
Before each build, ``python -m kzdep.buildcache`` works out which data resources each chapter reads (the literal
names in its ``load("...")``/``geojson("...")`` calls; a chapter that reads the whole package, such as the data page,
says so with the marker ``kzdep: reads-all-data``), fingerprints those resources (file bytes and descriptor entry)
and the kzdep package's own code (which every chapter imports),
and compares with the fingerprints of the last build. For a chapter whose data changed it drops the cached outputs
and marks the source as changed, so Sphinx reads it again and myst-nb executes it; every other chapter keeps its cache.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

import yaml

LOAD_CALL = re.compile(r"""\b(?:load|geojson|read_table)\(\s*["']([A-Za-z0-9_]+)["']""")
READS_ALL = "kzdep: reads-all-data"
STAMP_FILE = "kzdep-data-stamps.json"


def chapters(toc_path: Path, book_dir: Path) -> list[Path]:
    """Every document listed in the table of contents, as a path under ``book_dir``."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    names: list[str] = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                names.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    paths = []
    for name in dict.fromkeys(names):
        for suffix in ("", ".md", ".ipynb"):
            candidate = book_dir / f"{name}{suffix}"
            if candidate.is_file():
                paths.append(candidate)
                break
    return paths


def resources_read(source: str, all_names: list[str]) -> list[str]:
    """The data resources a chapter's source reads."""
    if READS_ALL in source:
        return sorted(all_names)
    return sorted(set(LOAD_CALL.findall(source)))


def fingerprint(resource_name: str, package: dict, data_dir: Path) -> str:
    """sha256 over a resource's descriptor entry and its file's bytes."""
    entry = next((r for r in package["resources"] if r["name"] == resource_name), None)
    digest = hashlib.sha256()
    digest.update(json.dumps(entry, sort_keys=True).encode())
    if entry is not None:
        path = data_dir / entry["path"]
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
        # the sources register is read with every table (its foreign key)
        if resource_name != "sources":
            digest.update(fingerprint("sources", package, data_dir).encode())
    return digest.hexdigest()


def package_fingerprint() -> str:
    """sha256 over the kzdep package's source: every chapter imports it, so a change re-executes them all."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def drop_cached(cache_dir: Path, doc: Path) -> int:
    """Remove the cached execution records of ``doc``; the number removed."""
    if not cache_dir.exists():
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    removed = 0
    target = str(doc.resolve())
    for record in cache.list_cache_records():
        if record.uri and str(Path(record.uri).resolve()) == target:
            cache.remove_cache(record.pk)
            removed += 1
    return removed


def sync(book_dir: Path, toc_path: Path, data_dir: Path, cache_dir: Path, quiet: bool = False) -> list[Path]:
    """Invalidate the chapters whose data changed since the last build; return them."""
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    all_names = [r["name"] for r in package["resources"]]
    stamp_path = cache_dir / STAMP_FILE
    old = json.loads(stamp_path.read_text(encoding="utf-8")) if stamp_path.exists() else {}
    new: dict[str, dict[str, str]] = {}
    changed = []
    for doc in chapters(toc_path, book_dir):
        names = resources_read(doc.read_text(encoding="utf-8"), all_names)
        stamps = {name: fingerprint(name, package, data_dir) for name in names}
        stamps["kzdep package code"] = package_fingerprint()
        key = str(doc.relative_to(book_dir))
        new[key] = stamps
        if key in old and old[key] != stamps:
            changed.append(doc)
            removed = drop_cached(cache_dir, doc)
            os.utime(doc)  # Sphinx re-reads the document, myst-nb finds no cache record and executes it
            if not quiet:
                diff = sorted(n for n in set(stamps) | set(old[key]) if stamps.get(n) != old[key].get(n))
                print(f"kzdep.buildcache: data changed for {key} ({', '.join(diff)}); "
                      f"dropped {removed} cached run(s), it will be executed again")
    cache_dir.mkdir(parents=True, exist_ok=True)
    stamp_path.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", default="book")
    parser.add_argument("--toc", default="_toc.yml")
    parser.add_argument("--data", default=os.environ.get("KZDEP_DATA", "data"))
    parser.add_argument("--cache", default="_build/.jupyter_cache")
    args = parser.parse_args(argv)
    sync(Path(args.book), Path(args.toc), Path(args.data), Path(args.cache))
    return 0


if __name__ == "__main__":
    sys.exit(main())
