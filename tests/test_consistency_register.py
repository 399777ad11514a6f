"""The rules of issue 23 (kzdep/consistency.py): figures that must agree, capacities that say what they are, the CPC's
Kazakh volume against its fields' intake, and the chapters' prose verdicts against the register. Each holds on the
current data and is broken on purpose on a scratch copy of data/; expected values are worked out by hand from the CSV
rows quoted in the comments (data row n is line n + 1 of the file)."""

from __future__ import annotations

import pytest

from kzdep import consistency
from test_consistency import _set


def _r(name):
    return consistency._rows(name)


def _turnover():
    return consistency.turnover_sums(_r("trade_official"))


def _curated():
    return consistency.curated_vs_extract(_r("trade_official"), _r("trade_bns"), _r("oil_official"), _r("oil_ei"))


def test_no_tolerated_exceptions_remain(tmp_path):
    # issue 23: the rules run with an EMPTY list of tolerated exceptions
    assert consistency.KNOWN_EXCEPTIONS == {}
    assert consistency.split(consistency.check(tmp_path))[1] == []


def test_rounding_of_a_published_figure():
    # half a unit of the last stated digit
    assert consistency._rounding(7580) == 5
    assert consistency._rounding(973.2) == pytest.approx(0.05)
    assert consistency._rounding(13200) == 50
    assert consistency._rounding(937.17) == pytest.approx(0.005)
    assert consistency._rounding(6) == 0.5


# ------------------------------------------------------------------------------------------------ turnover-sum

def test_turnover_sum_holds_and_breaks(scratch_data, tmp_path):
    # trade_official.csv data rows 53-55, Italy 2019 (Kazinform): turnover 9950, exports 8380, imports 1580;
    # 8380 + 1580 = 9960, 10 off 9950; rounding 5 + 5 + 5 = 15 -> holds
    assert _turnover() == []
    # turnover 9970: 10 off -> within 15, holds
    _set(scratch_data, "trade_official.csv", "trade_official", 53, "value_usd_m", "9970")
    assert _turnover() == []
    # turnover 9980: 20 off -> beyond 15: broken, naming the file, the rows and the values
    _set(scratch_data, "trade_official.csv", "trade_official", 53, "value_usd_m", "9980")
    (failure,) = _turnover()
    assert failure.key == "trade_official.csv row 53"
    assert "turnover 9980 is not exports 8380 (row 54) + imports 1580 (row 55) = 9960" in failure.message
    assert "allows 15" in failure.message


def test_the_italy_2020_transposition_would_break_the_sum():
    # Kazinform's 2020 figures: turnover 7580, exports 6640, imports printed as 973.2 -> 7613.2, 33.2 off, beyond
    # 5 + 5 + 0.05; the bureau's 937.17 gives 7577.17, 2.83 off, within 10.005
    import pandas as pd

    frame = pd.DataFrame({"year": 2020, "period": "full_year", "partner": "italy", "reporter": "KZ",
                          "source_id": "x", "measure": ["turnover", "exports", "imports"],
                          "value_usd_m": [7580, 6640, 973.2], "row_n": [1, 2, 3]})
    assert [f.rule for f in consistency.turnover_sums(frame)] == ["turnover-sum"]
    assert consistency.turnover_sums(frame.assign(value_usd_m=[7580, 6640, 937.17])) == []


# ------------------------------------------------------------------------------------------------ curated-vs-extract

def test_italy_2020_imports_are_the_bureaus():
    # trade_bns.csv line 1511: '2021,2020,Италия,country,imports,937.17343334,bns-foreign-trade-2021'
    from kzdep import data

    trade = data.load("trade_official")
    row = trade[(trade.year == 2020) & (trade.partner == "italy") & (trade.measure == "imports")]
    assert list(row["value_usd_m"]) == [937.17]
    assert "973.2" in row["note"].iloc[0]  # Kazinform's misprint is recorded, not used


def test_curated_vs_extract_holds_and_breaks(scratch_data, tmp_path):
    assert _curated() == []
    # trade_official.csv data row 31: China 2022 turnover 24100 (Trend). The bureau, 2023 release (trade_bns.csv
    # lines 2711 and 2881): exports 13060.20547911 + imports 11143.73972919 = 24203.9452083.
    # 23970 is -0.965 % off: within 1 %, holds
    _set(scratch_data, "trade_official.csv", "trade_official", 31, "value_usd_m", "23970")
    assert _curated() == []
    # 23960 is -1.008 % off: broken, with both values named
    _set(scratch_data, "trade_official.csv", "trade_official", 31, "value_usd_m", "23960")
    (failure,) = _curated()
    assert failure.key == "trade_official.csv row 31"
    assert "china turnover 2022 = 23960 (trend-2023-kz-china-2022) is -1.0 % off the bureau's 24,203.9" in \
        failure.message and "release 2023" in failure.message
    # marked preliminary, its note must give the bureau's figure: this note does not
    _set(scratch_data, "trade_official.csv", "trade_official", 31, "basis", "preliminary")
    (failure,) = _curated()
    assert "marked preliminary, but its note does not give the bureau's final figure 24,203.9" in failure.message
    # with the final figure in the note it holds
    _set(scratch_data, "trade_official.csv", "trade_official", 31, "note", "stated early; the bureau: 24,203.9")
    assert _curated() == []


def test_the_kazinform_italy_figure_as_stated_would_break_it(scratch_data, tmp_path):
    # data row 58 back to Kazinform's 973.2 and its source: (973.2 - 937.17343334) / 937.17343334 = +3.84 %
    _set(scratch_data, "trade_official.csv", "trade_official", 58, "value_usd_m", "973.2")
    (failure,) = _curated()
    assert failure.key == "trade_official.csv row 58" and "+3.8 % off the bureau's 937.2" in failure.message


# ------------------------------------------------------------------------------------------------ capacity-definition

def test_capacity_definition_breaks_on_not_stated(scratch_data, tmp_path):
    assert consistency.capacity_definitions(_r("route_capacity")) == []
    # route_capacity.csv data row 13: 'cpc,83,2026,mechanical,tportal-hina-2026-cpc-2025'
    _set(scratch_data, "route_capacity.csv", "route_capacity", 13, "definition", "not_stated")
    (failure,) = consistency.capacity_definitions(_r("route_capacity"))
    assert failure.key == "route_capacity.csv row 13"
    assert "cpc 83 Mt/yr (2026, tportal-hina-2026-cpc-2025): definition 'not_stated'" in failure.message


# ------------------------------------------------------------------------------------------------ cpc-kazakh-vs-intake

def test_cpc_kazakh_oil_against_field_intake(scratch_data, tmp_path):
    # cpc_loadings.csv data row 22: '2025,kazakh_oil,64.8,stated'; row 25: '2025,kazakh_fields_intake,62.8' whose
    # note states the gap: 64.8 - 62.8 = 2.0 Mt -> holds
    assert consistency.cpc_kazakh_vs_intake(_r("cpc_loadings")) == []
    # the gap no longer stated: broken
    _set(scratch_data, "cpc_loadings.csv", "cpc_loadings", 25, "note", "Tengiz 36.6 + Karachaganak 9.2 + Kashagan 17")
    (failure,) = consistency.cpc_kazakh_vs_intake(_r("cpc_loadings"))
    assert failure.key == "cpc_loadings.csv row 22" and "by +2.0 Mt" in failure.message
    # intake 64.2: 0.6 Mt = 0.93 % of 64.8, within 1 % -> holds without a note
    _set(scratch_data, "cpc_loadings.csv", "cpc_loadings", 25, "value_mt", "64.2")
    assert consistency.cpc_kazakh_vs_intake(_r("cpc_loadings")) == []
    # intake 64.1: 0.7 Mt = 1.08 % -> broken
    _set(scratch_data, "cpc_loadings.csv", "cpc_loadings", 25, "value_mt", "64.1")
    assert len(consistency.cpc_kazakh_vs_intake(_r("cpc_loadings"))) == 1


# ------------------------------------------------------------------------------------------------ chapter-prose-verdict

def test_prose_verdicts_agree_with_the_register_in_the_book():
    from kzdep import claims

    register = claims.register(claims.load_frames())
    assert consistency.chapter_prose_verdicts(register, consistency.data.ROOT / "book") == []


def test_prose_verdict_broken(tmp_path):
    from kzdep import claims

    register = claims.register(claims.load_frames())
    # C99 (register: partly_supported) quoted as "due to its long border with Russia and lax customs controls"
    page = tmp_path / "ch.md"
    said = ('The claim that it happened "due to its long border with Russia and lax customs controls" is {} here.\n'
            "\n```{{code-cell}} ipython3\nx = '\"due to its long border with Russia and lax customs controls\" holds'\n"
            "```\n")
    page.write_text(said.format("partly supported"), encoding="utf-8")
    assert consistency.chapter_prose_verdicts(register, tmp_path) == []
    page.write_text(said.format("half supported"), encoding="utf-8")
    (failure,) = consistency.chapter_prose_verdicts(register, tmp_path)
    assert failure.key == "C99" and "'half supported'" in failure.message and "not a verdict" in failure.message
    assert "book/ch.md line 1" in failure.message
    page.write_text(said.format("supported"), encoding="utf-8")
    (failure,) = consistency.chapter_prose_verdicts(register, tmp_path)
    assert "says 'supported'" in failure.message and "says 'partly_supported'" in failure.message


def test_a_prose_edit_runs_the_rules_again_a_code_edit_does_not(tmp_path):
    # the build skips the rules when their inputs are unchanged (kzdep.buildcache.consistency_digest): the prose rule
    # reads a verdict after a quotation in a chapter's prose, so a verdict typed into such prose must change the
    # digest; a parameter in code must not, nor prose on a page that quotes nothing (the rule cannot fire there)
    import pandas as pd

    from kzdep import buildcache

    book = tmp_path / "book"
    (book / "figdata").mkdir(parents=True)
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "x.csv").write_text("a\n1\n", encoding="utf-8")
    page = book / "ch.md"
    cell = "```{code-cell} ipython3\nSTOP_DAYS = %d\n```\n"
    quoting = '# Ch\n\nThe article\'s "pipelines give Moscow leverage" is %s.\n\n'
    page.write_text(quoting % "supported" + cell % 30, encoding="utf-8")
    first = buildcache.consistency_digest(book, data_dir)
    page.write_text(quoting % "supported" + cell % 45, encoding="utf-8")
    assert buildcache.consistency_digest(book, data_dir) == first
    page.write_text(quoting % "contradicted" + cell % 45, encoding="utf-8")
    assert buildcache.consistency_digest(book, data_dir) != first
    # the same sentence is what the rule reads: it fails on it when the register says otherwise
    frame = pd.DataFrame({"id": ["C98"], "quote_fragment": ["Pipelines give Moscow leverage over Astana"],
                          "verdict": ["supported"]})
    (failure,) = consistency.chapter_prose_verdicts(frame, book)
    assert failure.key == "C98" and "'contradicted'" in failure.message

    # a page that quotes nothing: its prose is not an input of the rules, so editing it runs nothing again
    plain = book / "plain.md"
    plain.write_text("# Plain\n\nThe claim is supported.\n", encoding="utf-8")
    second = buildcache.consistency_digest(book, data_dir)
    plain.write_text("# Plain\n\nThe claim holds.\n", encoding="utf-8")
    assert buildcache.consistency_digest(book, data_dir) == second
    assert consistency.chapter_prose_verdicts(frame, book) == [failure]


def test_the_build_checks_the_prose_of_the_book_it_builds(tmp_path):
    """`buildcache consistency` runs the rules on the book it is given (a small book's prose too, not only book/),
    and a pass is kept: the same inputs are not checked again."""
    import subprocess
    import sys

    from conftest import DATA, ROOT

    book = tmp_path / "book"
    book.mkdir()
    # C99 (data/claims.csv: partly_supported), quoted with another verdict
    (book / "ch.md").write_text('# Ch\n\nThat it happened "due to its long border with Russia and lax customs '
                                'controls" is contradicted.\n', encoding="utf-8")

    def run():
        return subprocess.run([sys.executable, str(ROOT / "kzdep" / "buildcache.py"), "consistency", "--book",
                               str(book), "--data", str(DATA)], capture_output=True, text=True)

    broken = run()  # a failure is never kept: it is checked, and fails, on every run
    assert broken.returncode != 0 and "chapter-prose-verdict" in broken.stderr and "C99" in broken.stderr
    (book / "ch.md").write_text('# Ch\n\nThat it happened "due to its long border with Russia and lax customs '
                                'controls" is partly supported.\n', encoding="utf-8")
    assert run().returncode == 0  # checked now, or kept from an earlier run on these very inputs
    again = run()
    assert again.returncode == 0 and "not run again" in again.stdout
