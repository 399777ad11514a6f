"""The README says where every raw file comes from, and `make data` without the raw folder says so (issue 15)."""

from __future__ import annotations

import importlib.util
import re
import sys

from conftest import ROOT


def _load(name):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def _raw_folders():
    """The top-level raw folders the extraction code reads (from the pinned paths and folder constants)."""
    make_data, trade, energy = _load("make_data"), _load("extract_trade"), _load("extract_energy_arms")
    folders = {rel.split("/")[0] for rel in make_data.RAW_SHA256} | {make_data.SIPRI_DIR}
    folders |= {rel.split("/")[0] for rel in energy.RAW_SHA256}
    folders |= {rel.split("/")[0] for rel in _load("extract_arms").RAW_SHA256}
    folders |= {rel.split("/")[0] for rel in _load("extract_energy").RAW_SHA256}
    folders |= {trade.BNS_DIR, trade.EUROSTAT_MONTHLY_DIR, trade.EUROSTAT_ANNUAL_DIR, trade.RU_CUSTOMS.split("/")[0]}
    return folders


def test_readme_names_every_raw_folder_with_its_pinned_copy():
    readme = ROOT.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("## Rebuilding the data from the raw files", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    listed = {folder for line in rows for folder in re.findall(r"`([a-z0-9-]+)/", line.split("|")[1])}
    # a raw file that is the stored text of a page (no repository to pin) is listed below the table, with its address
    pages = {m.group(1) for m in re.finditer(r"^- `([a-z0-9-]+)/[^`]+`: .*\n?.*<https?://", section, re.M)}
    assert _raw_folders() <= listed | pages, sorted(_raw_folders() - listed - pages)
    for line in rows:  # publisher's address and a pinned commit on every row
        assert "<http" in line and re.search(r"@ `[0-9a-f]{12}`", line), line


def test_make_data_without_the_raw_folder_says_where_the_files_come_from(tmp_path, capsys):
    make_data = _load("make_data")
    assert make_data.main(["--raw", str(tmp_path / "absent")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "README.md" in err and "not in this repository" in err
