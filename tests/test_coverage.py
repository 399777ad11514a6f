"""Coverage labels (issue 21 item 5): the latest year per lever is computed from the levers' tables as built, and
the page header, the title page and the summary take it from there; no year is typed."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from conftest import ROOT
from kzdep import coverage


def _rows(*rows):
    return pd.DataFrame(rows, columns=["lever", "indicator", "year", "tier"])


MADE_UP = _rows(
    ("pipelines", "oil_production_mt", 2025, "research"), ("pipelines", "cpc_share_of_exports", 2024, "official"),
    ("trade", "imports_from_russia_share", 2023, "official"),
    ("trade", "some_context_series", 2026, "official"),      # not a headline indicator: does not count
    ("security", "milex_share_gdp", 2024, "research"), ("security", "arms_from_russia_share_5y", 2023, "research"),
    ("people", "ethnic_russians_share", 2021, "official"), ("people", "students_in_russia", 2025, "official"),
)


def test_latest_year_per_lever_counts_headline_indicators_only():
    assert coverage.latest_by_lever(MADE_UP) == {"pipelines": 2025, "trade": 2023, "security": 2024, "people": 2025}
    assert coverage.label(MADE_UP) == "pipelines 2025, trade 2023, security 2024, people 2025"
    assert coverage.span_label(MADE_UP) == "pipelines 2024–2025, trade 2023, security 2023–2024, people 2021–2025"
    f = coverage.findings(MADE_UP)
    assert (f["cov_trade"], f["cov_oldest"], f["cov_newest"]) == ("2023", "2023", "2025")
    # a new year of a headline series moves the label; nothing is typed
    later = pd.concat([MADE_UP, _rows(("trade", "imports_from_russia_share", 2024, "official"))])
    assert coverage.latest_by_lever(later)["trade"] == 2024


def test_a_lever_without_indicators_stops():
    with pytest.raises(ValueError, match="the people lever provides no indicator"):
        coverage.latest_by_lever(MADE_UP[MADE_UP["lever"] != "people"])


def test_the_release_in_the_header_is_computed_not_typed():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]
    assert "kzdep.coverage" in sphinx.get("extra_extensions", [])
    # no year typed into the configuration's release (it is set by the extensions, or not at all)
    typed = str(sphinx["config"].get("release", "")).replace(str(sphinx["config"].get("version", "")), "")
    assert not re.search(r"\d{4}", typed)
    # the hook writes the version and the computed label into Sphinx's release
    cfg = SimpleNamespace(version="0.1.0", release="0.1.0")
    coverage._set_release(None, cfg)
    assert cfg.release == "0.1.0, data to: " + coverage.label()
    assert re.fullmatch(r"0\.1\.0, data to: pipelines \d{4}, trade \d{4}, security \d{4}, people \d{4}", cfg.release)


def test_the_title_page_glues_the_label():
    intro = (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    assert "coverage.findings()" in intro and "{glue:text}`cov_label`" in intro
    assert not re.search(r"data to 20\d\d", intro)


def test_the_label_as_built():
    # pipelines reach 2025 (EI 2026 production 2025, the 2025 route split); trade stops in 2023 (BNS 2023 file)
    latest = coverage.latest_by_lever()
    assert latest["pipelines"] == 2025 and latest["trade"] == 2023


def test_release_label_is_kept_until_its_inputs_change(tmp_path, monkeypatch):
    """The Sphinx hook computes the label once, then reads it back while the data package and code are unchanged;
    a changed digest (an edited data file re-pinned, or code) computes it again."""
    from types import SimpleNamespace

    from kzdep import coverage

    calls = []
    monkeypatch.setattr(coverage, "release_text", lambda v: calls.append(v) or f"{v}, data to: made up {len(calls)}")
    monkeypatch.setattr(coverage, "_inputs_digest", lambda: "aaa")
    monkeypatch.setattr(coverage, "_stamps_dir", lambda: tmp_path / "stamps")
    app = SimpleNamespace(outdir=str(tmp_path / "_build" / "html"))
    first, second = SimpleNamespace(version="9.9.9", release=""), SimpleNamespace(version="9.9.9", release="")
    coverage._set_release(app, first)
    coverage._set_release(app, second)
    assert calls == ["9.9.9"] and second.release == first.release == "9.9.9, data to: made up 1"
    monkeypatch.setattr(coverage, "_inputs_digest", lambda: "bbb")
    third = SimpleNamespace(version="9.9.9", release="")
    coverage._set_release(app, third)
    assert len(calls) == 2 and third.release.endswith("made up 2")
    other_version = SimpleNamespace(version="9.9.10", release="")
    coverage._set_release(app, other_version)
    assert len(calls) == 3


def test_release_digest_follows_the_data_package(scratch_data):
    from kzdep import coverage

    before = coverage._inputs_digest()
    package = scratch_data / "datapackage.json"
    package.write_text(package.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert coverage._inputs_digest() != before
