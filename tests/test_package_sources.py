"""The data package follows its convention: each resource lists in ``sources`` the sources its rows cite, derived
from the rows, never typed twice (issue 15)."""

from __future__ import annotations

import csv
import json

from conftest import DATA


def _package():
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def test_every_resource_but_the_register_lists_its_sources():
    for res in _package()["resources"]:
        if res["name"] == "sources":
            assert res["sources"] == []
            continue
        assert res["sources"], f"{res['name']}: no sources listed"
        for entry in res["sources"]:
            assert entry["source_id"] and entry["title"], (res["name"], entry)


def test_listed_sources_are_exactly_the_rows_citations_plus_the_declared_publisher():
    checked = 0
    for res in _package()["resources"]:
        if res.get("type") != "table" or res["name"] == "sources":
            continue
        with (DATA / res["path"]).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if "source_id" not in (reader.fieldnames or []):
                continue
            cited = {s for row in reader for s in row["source_id"].split(";") if s}
        listed = {entry["source_id"] for entry in res["sources"]}
        assert cited <= listed, (res["name"], sorted(cited - listed))
        checked += 1
    assert checked >= 20


def test_a_new_citation_in_a_row_is_listed_after_rehash(tmp_path):
    """Worked by hand: a curated table whose rows cite two sources lists both, in order of first appearance."""
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("make_data", ROOT / "scripts" / "make_data.py")
    make_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_data)
    raw = b"year,value,source_id\n2020,1,b-src\n2021,2,a-src\n2022,3,b-src\n"
    assert make_data.cited_sources({"name": "x", "sources_ids": []}, raw, True) == ["b-src", "a-src"]
    assert make_data.cited_sources({"name": "x", "sources_ids": ["pub"]}, raw, True) == ["pub", "b-src", "a-src"]
    assert make_data.cited_sources({"name": "sources", "sources_ids": []}, raw, True) == []
