"""The package has no import cycle: a module that imports another (at its top or inside a function) is never
imported back by it, directly or through others. A cycle makes the import order decide what works."""

from __future__ import annotations

from conftest import ROOT
from kzdep import buildcache


def import_graph(folder=ROOT / "kzdep") -> dict[str, set[str]]:
    return {p.stem: buildcache._module_imports(p) - {p.stem} for p in sorted(folder.glob("*.py"))}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle found by a depth-first walk (each reported once, from its smallest name)."""
    found = set()
    def walk(start, node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                found.add(tuple(path))
            elif nxt not in path and nxt > start:
                walk(start, nxt, path + [nxt])
    for start in sorted(graph):
        walk(start, start, [start])
    return [list(c) for c in sorted(found)]


def test_cycles_finds_a_made_up_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph()) == []
