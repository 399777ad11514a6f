"""The data catalogue: what the "Data and sources" page says about each dataset, computed from the package."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from kzdep import buildcache, data


def chapters_using(book_dir: Path | None = None) -> dict[str, list[str]]:
    """For each resource, the chapters (document names) whose code loads it by name."""
    book_dir = Path(book_dir or data.ROOT / "book")
    names = data.resource_names()
    used: dict[str, list[str]] = {n: [] for n in names}
    for doc in buildcache.chapters(data.ROOT / "_toc.yml", book_dir):
        source = doc.read_text(encoding="utf-8")
        if buildcache.READS_ALL in source:
            continue
        for name in buildcache.resources_read(source, names):
            if name in used:
                used[name].append(doc.stem)
    return used


def coverage(name: str) -> str:
    """Years (or census years) covered by a table, and its row count."""
    res = data.resource(name)
    if "schema" not in res:
        return "geometry"
    frame = data.load(name)
    for col in ("year", "census_year"):
        if col in frame.columns and frame[col].notna().any():
            years = frame[col].dropna().astype(int)
            return f"{years.min()}–{years.max()}, {len(frame):,} rows"
    return f"{len(frame):,} rows"


def units(name: str) -> str:
    """The units of a table's measured fields."""
    res = data.resource(name)
    fields = res.get("schema", {}).get("fields", [])
    parts = [f"{f['name']}: {f['unit']}" for f in fields if f.get("unit")]
    return "; ".join(parts) if parts else "—"


def publishers(name: str) -> str:
    """Publishers behind a resource: the named dataset sources, or the count of cited pages for curated tables."""
    res = data.resource(name)
    if res["sources"]:
        return "; ".join(data.source(s["source_id"])["publisher"] for s in res["sources"])
    if "schema" in res and any(f["name"] == "source_id" for f in res["schema"]["fields"]):
        ids = data.load(name)["source_id"].nunique()
        return f"hand-curated from {ids} cited sources (one per row)"
    return "—"


def catalogue() -> pd.DataFrame:
    """One row per resource: everything the data page shows."""
    used = chapters_using()
    rows = []
    for res in data.descriptor()["resources"]:
        name = res["name"]
        rows.append({
            "name": name,
            "title": res["title"],
            "description": res["description"],
            "publisher": publishers(name),
            "licence": res["licenses"][0]["title"],
            "coverage": coverage(name),
            "units": units(name),
            "caveats": res.get("caveats", ""),
            "used_in": used.get(name, []),
            "path": res["path"],
            "sha256": res["hash"].split(":", 1)[1],
        })
    return pd.DataFrame(rows)


def package_zip(target: Path) -> Path:
    """The whole data package as one zip (fixed timestamps, so two builds give the same bytes)."""
    folder = data.data_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"data/{path.relative_to(folder).as_posix()}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    target.write_bytes(buffer.getvalue())
    return target
