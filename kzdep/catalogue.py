"""The data catalogue: what the "Data and sources" page says about each dataset, computed from the package."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd

from kzdep import buildcache, data, outputs


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
    return outputs.written(target)


def copy_package(target: Path) -> Path:
    """A copy of the data package (every resource and ``datapackage.json``) under ``target``, for download."""
    folder = data.data_dir()
    for res in data.descriptor()["resources"]:
        outputs.copy(folder / res["path"], target / res["path"])
    outputs.copy(folder / "datapackage.json", target / "datapackage.json")
    return target


# ---------------------------------------------------------------------------------------------------------------
# how far each row is from the facts: the tier of the source each data row rests on

TIERS = ["official", "company", "intergovernmental", "research", "news-agency", "press", "relay", "partisan"]


def sourced_tables() -> list[str]:
    """The resources whose rows each name a source (every table but the register itself and geometry)."""
    out = []
    for res in data.descriptor()["resources"]:
        fields = [f["name"] for f in res.get("schema", {}).get("fields", [])]
        if res["name"] != "sources" and "source_id" in fields:
            out.append(res["name"])
    return out


def rows_by_source() -> pd.DataFrame:
    """One row per dataset and source: how many data rows the source gives, with its tier and publisher."""
    reg = data.sources()
    parts = []
    for name in sourced_tables():
        counts = data.load(name)["source_id"].value_counts()
        parts.append(pd.DataFrame({"dataset": name, "source_id": counts.index, "rows": counts.values}))
    out = pd.concat(parts, ignore_index=True)
    out["tier"] = out["source_id"].map(reg["tier"])
    out["publisher"] = out["source_id"].map(reg["publisher"])
    out["tier"] = pd.Categorical(out["tier"], categories=TIERS, ordered=True)
    out = out.sort_values(["dataset", "tier", "rows", "source_id"], ascending=[True, True, False, True])
    out["tier"] = out["tier"].astype(str)
    return out[["dataset", "source_id", "publisher", "tier", "rows"]].reset_index(drop=True)


def tiers_by_dataset(by_source: pd.DataFrame | None = None) -> pd.DataFrame:
    """Data rows of each dataset by the tier of their source (columns in the order of :data:`TIERS`, then total)."""
    by_source = rows_by_source() if by_source is None else by_source
    wide = by_source.pivot_table(index="dataset", columns="tier", values="rows", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=TIERS, fill_value=0).astype(int)
    wide["total"] = wide.sum(axis=1)
    return wide


def tiers_by_chapter(by_dataset: pd.DataFrame | None = None,
                     used: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """Data rows behind each chapter by tier: the rows of every dataset the chapter loads, each counted once."""
    by_dataset = tiers_by_dataset() if by_dataset is None else by_dataset
    used = chapters_using() if used is None else used
    chapters: dict[str, list[str]] = {}
    for name, docs in used.items():
        for doc in docs:
            chapters.setdefault(doc, []).append(name)
    rows = {doc: by_dataset.loc[[n for n in names if n in by_dataset.index]].sum()
            for doc, names in chapters.items()}
    return pd.DataFrame(rows).T.astype(int).sort_index()
