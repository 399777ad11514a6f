"""The data package: every table valid, every row sourced, bad input stopped with a message naming file, column, row."""

from __future__ import annotations

import csv
import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, RAW, ROOT, rehash_resource
from kzdep import data
from kzdep.data import DataError

TABLES = [r["name"] for r in data.descriptor(DATA)["resources"] if r.get("type") == "table"]


# ------------------------------------------------------------------------------------------------ the package is sound

@pytest.mark.parametrize("name", TABLES)
def test_every_table_loads_and_every_row_has_a_known_source(name):
    frame = data.read_table(name, DATA)
    assert len(frame) > 0
    assert frame["source_id"].notna().all()
    if name != "sources":
        known = set(data.read_table("sources", DATA)["source_id"])
        assert set(frame["source_id"]) <= known


def test_every_resource_has_provenance_licence_schema_and_checksum():
    package = data.descriptor(DATA)
    register = data.read_table("sources", DATA).set_index("source_id")
    tables = datasets = 0  # the two branches below are taken, not skipped on every resource
    for res in package["resources"]:
        assert res["title"] and res["description"] and res["licenses"], res["name"]
        assert res["hash"].startswith("sha256:") and len(res["hash"]) == 7 + 64, res["name"]
        if res["type"] == "table":
            tables += 1
            fields = res["schema"]["fields"]
            assert res["schema"]["primaryKey"], res["name"]
            assert all(f.get("type") and f.get("description") for f in fields), res["name"]
        for src in res["sources"]:
            row = register.loc[src["source_id"]]
            # files must name the repository, path and commit they were taken from
            if row["kind"] == "dataset":
                datasets += 1
                assert row["repository"] and row["path"] and len(row["commit"]) == 40, src["source_id"]
    assert tables >= 40 and datasets >= 20, (tables, datasets)


def test_frictionless_validates_the_package():
    exe = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(exe), "validate", "--json", str(DATA / "datapackage.json")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]
    assert '"valid": true' in result.stdout


def test_bibliography_is_generated_from_the_sources_register():
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    register = data.read_table("sources", DATA)
    for source_id, tier in zip(register["source_id"], register["tier"]):
        # a partisan source is consulted and rejected: listed on the data page, never in the bibliography
        assert (f"{{{source_id},\n" in bib) == (tier != "partisan"), source_id


# ------------------------------------------------------------------------------------------------ spot checks by hand

def test_spot_check_russia_share_of_imports_2020():
    # IMF DOTS, Imports CIF, 2020: Russian Federation 13300.216572, World 38142.88939 (US$ m) -> 34.8695 %
    trade = data.read_table("trade_dots", DATA)
    row = trade[(trade.year == 2020) & (trade.flow == "imports")].set_index("partner")["value_usd_m"]
    assert row["Russian Federation"] == pytest.approx(13300.216572)
    assert row["World"] == pytest.approx(38142.88939)
    assert 100 * row["Russian Federation"] / row["World"] == pytest.approx(34.86946, abs=2e-5)


def test_spot_check_sipri_russia_tiv():
    # SIPRI TIV-Export-RUS, row Kazakhstan: 2015 = 441, 2021 = 85. By hand the 25 yearly cells
    # 99+2+64+68+121+136+20+29+38+27+71+8+19+50+45+75+54+28+441+198+163+267+220+266+85 = 2594;
    # SIPRI's printed row total is 2593 ("figures may not add up due to the conventions of rounding").
    arms = data.read_table("arms_imports_tiv", DATA)
    russia = arms[arms.supplier == "Russia"].set_index("year")["tiv_m"]
    assert russia[2015] == 441 and russia[2021] == 85
    assert len(russia) == 25
    assert russia.sum() == pytest.approx(2594)


def test_spot_check_milex_and_bp():
    milex = data.read_table("milex_share_gdp", DATA).set_index(["country", "year"])["milex_pct_gdp"]
    assert milex[("Kazakhstan", 2019)] == pytest.approx(1.0209163, abs=1e-6)
    assert milex[("Kazakhstan", 2024)] == pytest.approx(0.42842844, abs=1e-6)
    bp = data.read_table("oil_bp", DATA).set_index("year")["production_mt"]
    assert bp[2000] == pytest.approx(35.317) and bp[2020] == pytest.approx(86.11261118, abs=1e-6)


def test_customs_union_break_is_flagged_not_hidden():
    trade = data.read_table("trade_dots", DATA)
    flagged = trade[trade.series_break == "customs-union-2010"]
    assert set(flagged.year) == {2010}
    assert {"Russian Federation", "World"} <= set(flagged.partner)
    # the 2010 value is present (not dropped): exports to Russia 2702.880519 per the IMF sheet
    value = flagged[(flagged.partner == "Russian Federation") & (flagged.flow == "exports")]["value_usd_m"]
    assert value.iloc[0] == pytest.approx(2702.880519)


# ------------------------------------------------------------------------------------------------ the raw files

@pytest.mark.skipif(not RAW.is_dir(), reason=f"raw reference files not found at {RAW} (set KZDEP_RAW)")
def test_extracts_rebuild_identically_from_the_raw_files(tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "data", copy / "data")
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    (copy / "book").mkdir()
    result = subprocess.run([sys.executable, str(copy / "scripts" / "make_data.py"), "--raw", str(RAW)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for path in sorted((ROOT / "data").rglob("*")):
        if path.is_file():
            rel = path.relative_to(ROOT)
            assert filecmp.cmp(path, copy / rel, shallow=False), f"{rel} differs after rebuilding from raw"
    assert filecmp.cmp(ROOT / "book" / "references.bib", copy / "book" / "references.bib", shallow=False)


@pytest.mark.skipif(not RAW.is_dir(), reason=f"raw reference files not found at {RAW} (set KZDEP_RAW)")
def test_a_changed_raw_file_is_refused(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    target = raw / "sipri-milex" / "military-spending-as-a-share-of-gdp-sipri.csv"
    target.chmod(0o644)
    target.write_text(target.read_text(encoding="utf-8").replace("1.0209163", "1.5"), encoding="utf-8")
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "data", copy / "data")
    shutil.copytree(ROOT / "scripts", copy / "scripts")
    result = subprocess.run([sys.executable, str(copy / "scripts" / "make_data.py"), "--raw", str(raw)],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "military-spending-as-a-share-of-gdp-sipri.csv" in result.stderr and "pinned" in result.stderr


# ------------------------------------------------------------------------------------------------ bad input stops

def _rewrite(folder: Path, rel: str, edit, rehash: str | None = None) -> None:
    path = folder / rel
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    if rehash:
        rehash_resource(folder, rehash)


def _edit_cell(text: str, row: int, column: str, value: str) -> str:
    rows = list(csv.reader(text.splitlines()))
    rows[row][rows[0].index(column)] = value
    out = []
    for r in rows:
        out.append(",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in r))
    return "\n".join(out) + "\n"


def _expect(name: str, *fragments: str) -> str:
    with pytest.raises(DataError) as info:
        data.load(name)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def test_missing_file(scratch_data):
    (scratch_data / "milex_share_gdp.csv").unlink()
    _expect("milex_share_gdp", "data/milex_share_gdp.csv", "missing")


def test_missing_column(scratch_data):
    def drop(text):
        rows = [r[:2] + r[3:] for r in csv.reader(text.splitlines())]
        return "\n".join(",".join(r) for r in rows) + "\n"
    _rewrite(scratch_data, "milex_share_gdp.csv", drop, "milex_share_gdp")
    _expect("milex_share_gdp", "data/milex_share_gdp.csv", "missing column", "milex_pct_gdp")


def test_extra_unknown_column(scratch_data):
    def add(text):
        lines = text.splitlines()
        return "\n".join([lines[0] + ",comment"] + [l + ",x" for l in lines[1:]]) + "\n"
    _rewrite(scratch_data, "population.csv", add, "population")
    _expect("population", "data/population.csv", "unknown column", "comment")


def test_wrong_type(scratch_data):
    _rewrite(scratch_data, "milex_share_gdp.csv", lambda t: _edit_cell(t, 3, "milex_pct_gdp", "about one"),
             "milex_share_gdp")
    _expect("milex_share_gdp", "data/milex_share_gdp.csv", "column 'milex_pct_gdp'", "row 3", "not a number")


def test_empty_required_value(scratch_data):
    _rewrite(scratch_data, "oil_official.csv", lambda t: _edit_cell(t, 2, "source_id", ""), "oil_official")
    _expect("oil_official", "data/oil_official.csv", "column 'source_id'", "row 2", "empty, but required")


def test_negative_volume(scratch_data):
    _rewrite(scratch_data, "oil_export_routes.csv", lambda t: _edit_cell(t, 1, "volume_mt", "-27.5"),
             "oil_export_routes")
    _expect("oil_export_routes", "data/oil_export_routes.csv", "column 'volume_mt'", "row 1", "below the minimum 0")


def test_share_above_100(scratch_data):
    _rewrite(scratch_data, "milex_share_gdp.csv", lambda t: _edit_cell(t, 5, "milex_pct_gdp", "104.2"),
             "milex_share_gdp")
    _expect("milex_share_gdp", "data/milex_share_gdp.csv", "column 'milex_pct_gdp'", "row 5", "share above 100 %")


def test_duplicate_year(scratch_data):
    def dup(text):
        lines = text.splitlines()
        return "\n".join(lines + [lines[3]]) + "\n"
    _rewrite(scratch_data, "population.csv", dup, "population")
    message = _expect("population", "data/population.csv", "duplicate key", "['year']")
    assert "first at row 3" in message


def test_unknown_source_id(scratch_data):
    _rewrite(scratch_data, "cpc_loadings.csv", lambda t: _edit_cell(t, 4, "source_id", "my-guess"), "cpc_loadings")
    _expect("cpc_loadings", "data/cpc_loadings.csv", "column 'source_id'", "row 4", "unknown source_id 'my-guess'")


def test_year_out_of_range(scratch_data):
    _rewrite(scratch_data, "oil_bp.csv", lambda t: _edit_cell(t, 2, "year", "2035"), "oil_bp")
    _expect("oil_bp", "data/oil_bp.csv", "column 'year'", "row 2", "above the maximum")


def test_wrong_encoding(scratch_data):
    path = scratch_data / "events.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Kazakhstan", "Kazakhstán").encode("latin-1",
                                                                                               "replace"))
    rehash_resource(scratch_data, "events")
    _expect("events", "data/events.csv", "not UTF-8")


def test_wrong_delimiter(scratch_data):
    _rewrite(scratch_data, "population.csv", lambda t: t.replace(",", ";"), "population")
    _expect("population", "data/population.csv", "wrong delimiter")


def test_checksum_mismatch(scratch_data):
    # a real-looking edit without re-pinning the package: refused before any value is read
    _rewrite(scratch_data, "milex_share_gdp.csv", lambda t: t.replace("1.0209163", "1.5209163"))
    _expect("milex_share_gdp", "data/milex_share_gdp.csv", "checksum mismatch", "make data")


def test_short_row(scratch_data):
    _rewrite(scratch_data, "population.csv", lambda t: t + "2031,1\n", "population")
    _expect("population", "data/population.csv", "line", "has 2 cells, the header has 3")


def test_invalid_date(scratch_data):
    _rewrite(scratch_data, "events.csv", lambda t: _edit_cell(t, 1, "date", "16/12/1991"), "events")
    _expect("events", "data/events.csv", "column 'date'", "row 1", "does not match the pattern")


def test_unknown_resource(scratch_data):
    _expect("oil_routes_by_guess", "no resource named")


def test_loader_sees_a_valid_change(scratch_data):
    # a legitimate edit, re-pinned, is read (and the change shows): Kazakhstan 2019 milex 1.0209163 -> 1.5
    _rewrite(scratch_data, "milex_share_gdp.csv", lambda t: t.replace("Kazakhstan,2019,1.0209163", "Kazakhstan,2019,1.5"),
             "milex_share_gdp")
    milex = data.load("milex_share_gdp").set_index(["country", "year"])["milex_pct_gdp"]
    assert milex[("Kazakhstan", 2019)] == 1.5


def test_spot_check_places_are_route_ends():
    # GEM P0646 (CPC) runs from [53.420055, 46.176391] (Tengiz) to [37.954475, 44.954974] (Novorossiysk)
    places = data.read_table("places", DATA).set_index("place")
    assert (places.loc["Tengiz", "lat"], places.loc["Tengiz", "lon"]) == (46.176391, 53.420055)
    assert places.loc["Novorossiysk (CPC marine terminal)", "lon"] == 37.954475


# ------------------------------------------------------------------------------------------------ source tiers

def _row_of(text: str, source_id: str) -> int:
    """The data-row number (1-based, header is 0) of ``source_id`` in a CSV text."""
    return next(i for i, r in enumerate(csv.reader(text.splitlines())) if r and r[0] == source_id)


def _edit_csv(text: str, row: int, column: str, value: str) -> str:
    """Set one cell with the csv module's own quoting (the sources register has quoted notes)."""
    import io

    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows[row][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


TIERS = ["official", "company", "intergovernmental", "research", "news-agency", "press", "relay", "partisan"]


def test_every_source_has_a_tier_from_the_vocabulary():
    reg = data.read_table("sources", DATA)
    assert reg["tier"].notna().all()
    assert set(reg["tier"]) <= set(TIERS)
    # the schema carries exactly the issue's vocabulary, in its order
    field = next(f for f in data.resource("sources", DATA)["schema"]["fields"] if f["name"] == "tier")
    assert field["constraints"] == {"required": True, "enum": TIERS}


def test_every_relay_names_its_primary_and_every_undated_source_says_why():
    reg = data.read_table("sources", DATA)
    relays = reg[reg["tier"] == "relay"]
    assert relays["note"].str.contains("primary|relay|copy|via|citing|quoting|mirror|repost", case=False).all()
    undated = reg[reg["date"].isna()]
    assert undated["note"].str.contains("Undated|not shown|no date|not in|not given|no publication", case=False).all()


def test_source_without_tier_is_refused(scratch_data):
    # ehistory-1999-census is a relay (a state portal retelling the census); blank its tier
    _rewrite(scratch_data, "sources.csv", lambda t: _edit_csv(t, _row_of(t, "ehistory-1999-census"), "tier", ""),
             "sources")
    _expect("sources", "data/sources.csv", "column 'tier'", "empty, but required")


def test_source_with_tier_outside_the_vocabulary_is_refused(scratch_data):
    _rewrite(scratch_data, "sources.csv",
             lambda t: _edit_csv(t, _row_of(t, "ehistory-1999-census"), "tier", "blog"), "sources")
    _expect("sources", "data/sources.csv", "column 'tier'", "'blog' is not one of")


def test_row_resting_on_a_partisan_source_is_refused(scratch_data):
    # events.csv row 2 cites odkb-basic-facts (intergovernmental); point it at the partisan globaltimes-2018-y8
    _rewrite(scratch_data, "events.csv", lambda t: _edit_cell(t, 2, "source_id", "globaltimes-2018-y8"), "events")
    _expect("events", "data/events.csv", "column 'source_id'", "row 2", "'globaltimes-2018-y8'", "partisan")


def test_marking_a_cited_source_partisan_stops_its_tables(scratch_data):
    # kursiv-2022-csto-leave (press) is cited by csto_2022.csv; mark it partisan and the table is refused
    _rewrite(scratch_data, "sources.csv",
             lambda t: _edit_csv(t, _row_of(t, "kursiv-2022-csto-leave"), "tier", "partisan"), "sources")
    message = _expect("csto_2022", "data/csto_2022.csv", "'kursiv-2022-csto-leave'", "partisan")
    first = next(i for i, r in enumerate(csv.DictReader(open(scratch_data / "csto_2022.csv", encoding="utf-8")), 1)
                 if r["source_id"] == "kursiv-2022-csto-leave")
    assert f"row {first} " in message


def test_partisan_allow_list_only_names_partisan_sources_still_cited():
    # every pending entry is a real (file, source) pair of the current data, and the source is partisan
    reg = data.read_table("sources", DATA).set_index("source_id")
    for (rel, sid), reason in data.PARTISAN_PENDING.items():
        assert reg.loc[sid, "tier"] == "partisan", sid
        cited = {r["source_id"] for r in csv.DictReader(open(DATA / rel, encoding="utf-8"))}
        assert sid in cited, (rel, sid)
        assert reason


def test_no_table_of_issue_17_needs_the_allow_list_beyond_the_security_chapter_rows():
    pending = {rel for rel, _ in data.PARTISAN_PENDING}
    assert not pending & {"events.csv", "cooperation.csv", "claims.csv"}


def test_cell_checks_are_frictionless_own_in_the_reports_words(tmp_path):
    """The loader asks Frictionless for the cell, key and unique checks and names file, column and row itself."""
    schema = {"fields": [{"name": "year", "type": "integer", "constraints": {"required": True}},
                         {"name": "share", "type": "number", "unit": "percent",
                          "constraints": {"minimum": 0, "maximum": 100}}],
              "primaryKey": ["year"]}
    path = tmp_path / "t.csv"
    path.write_text("year,share\n2020,40\n2021,140\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"data/t.csv, column 'share', row 2 \(line 3\): .*share above 100 %"):
        data.frictionless_check(path, schema, "data/t.csv")
    path.write_text("year,share\n2020,40\n2020,41\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"column\(s\) \['year'\], row 2 \(line 3\): duplicate key \(first at row 1\)"):
        data.frictionless_check(path, schema, "data/t.csv")
    path.write_text("year,share\n2020,forty\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"column 'share', row 1 \(line 2\): 'forty' is not a number"):
        data.frictionless_check(path, schema, "data/t.csv")
    path.write_text("year,share\n2020,40\n2021,41\n", encoding="utf-8")
    data.frictionless_check(path, schema, "data/t.csv")  # valid: no error


def test_a_file_frictionless_passed_is_not_checked_again_until_a_byte_or_its_schema_changes(scratch_data, tmp_path,
                                                                                            monkeypatch):
    """The pass is remembered by digest (file bytes, descriptor, library version, loader code); a failure never is."""
    from conftest import rehash_resource

    monkeypatch.setattr(data, "PASSED_DIR", tmp_path / "passed")
    data.read_table("milex_share_gdp", scratch_data)
    remembered = set((tmp_path / "passed").iterdir())
    assert remembered, "a table that passed left no marker"

    def refuse(*args):
        raise AssertionError("frictionless called")

    monkeypatch.setattr(data, "frictionless_check", refuse)
    data.read_table("milex_share_gdp", scratch_data)  # the same bytes and schema: not checked again

    # the same bytes under a changed schema: checked again
    package = json.loads((scratch_data / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        if res["name"] == "milex_share_gdp":
            res["schema"]["fields"][0]["description"] = "edited by a test"
    (scratch_data / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
    with pytest.raises(AssertionError, match="frictionless called"):
        data.read_table("milex_share_gdp", scratch_data)

    # a changed byte (data/milex_share_gdp.csv, Kazakhstan 2019 "1.0209163" -> "120"): checked, refused, not remembered
    monkeypatch.undo()
    monkeypatch.setattr(data, "PASSED_DIR", tmp_path / "passed")
    path = scratch_data / "milex_share_gdp.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Kazakhstan,2019,1.0209163", "Kazakhstan,2019,120"),
                    encoding="utf-8")
    rehash_resource(scratch_data, "milex_share_gdp")
    before = set((tmp_path / "passed").iterdir())
    with pytest.raises(DataError, match="share above 100 %"):
        data.read_table("milex_share_gdp", scratch_data)
    assert set((tmp_path / "passed").iterdir()) == before
