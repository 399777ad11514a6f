"""Tests of the UN votes extraction (scripts/extract_un_votes.py) and its extract data/un_votes_records.csv.

Expected values are read by hand from the raw files in ../shared/sources/un-ga-votes/ (cells quoted in comments):
'UN DATA.csv' inside UN_DATA.csv.zip (1946-2021) and the 3DL rows file (2022-2025).
"""

from __future__ import annotations

import hashlib
import shutil
import sys

import pytest
from conftest import DATA, RAW, ROOT

from kzdep import data

sys.path.insert(0, str(ROOT / "scripts"))
import extract_un_votes as ex  # noqa: E402

needs_raw = pytest.mark.skipif(not (RAW / ex.FOLDER).is_dir(), reason=f"raw files not found at {RAW / ex.FOLDER}")


@pytest.fixture(scope="module")
def records():
    return data.load("un_votes_records")


# ---------------------------------------------------------------------------------------------------------------
# the extract, against cells read by hand

def test_68_262_counts_and_votes_worked_by_hand(records):
    # UN DATA.csv, line 2457, Resolution 'A/RES/68/262', Date '2014-03-27': YES COUNT '100', NO COUNT '11',
    # ABSENT COUNT (abstentions) '58', NO-VOTE COUNT '24'; column KAZAKHSTAN 'A', RUSSIAN FEDERATION 'N',
    # KYRGYZSTAN 'X'; Link 'https://digitallibrary.un.org/record/767565?ln=en'
    r = records[records["resolution"] == "68/262"]
    assert r["vote"].value_counts().to_dict() == {"yes": 100, "abstain": 58, "absent": 24, "no": 11}
    by = r.set_index("iso3")
    assert by.loc["KAZ", "vote"] == "abstain" and by.loc["RUS", "vote"] == "no" and by.loc["KGZ", "vote"] == "absent"
    assert set(r["undl_record"].astype(str)) == {"767565"} and set(r["date"]) == {"2014-03-27"}
    assert set(r["series"]) == {"territorial-integrity"} and set(r["source_id"]) == {"undl-votes-scrape-2022"}


def test_kazakhstan_on_the_crimea_human_rights_texts_worked_by_hand(records):
    # UN DATA.csv line 587 (A/RES/71/205) and line 6331 (A/RES/76/179): KAZAKHSTAN 'N'; 3DL rows file line 7
    # (A/RES/77/229) KAZ 'NO', line 9 (A/RES/78/221) KAZ '' (non-voting), line 10 (A/RES/79/184) KAZ 'ABSTAIN'
    kaz = records[(records["iso3"] == "KAZ") & (records["series"] == "crimea-human-rights")].set_index("resolution")
    assert kaz["vote"].to_dict() == {"71/205": "no", "72/190": "no", "73/263": "no", "74/168": "no",
                                     "75/192": "no", "76/179": "no", "77/229": "no", "78/221": "absent",
                                     "79/184": "abstain"}
    # UN DATA.csv line 1695 (A/RES/73/194, militarisation): KAZAKHSTAN 'A'
    mil = records[(records["iso3"] == "KAZ") & (records["series"] == "crimea-militarisation")]
    assert set(mil["vote"]) == {"abstain"} and len(mil) == 4


def test_every_resolution_has_all_member_states_and_the_published_totals(records):
    totals = data.load("un_vote_totals").set_index("resolution")
    assert len(totals) == 22 and set(records["resolution"]) == set(totals.index)
    assert records.groupby("resolution").size().eq(193).all()
    # 3DL rows file line 4, A/RES/ES-11/3: YES COUNT '93.0', NO COUNT '24.0', ABSTAIN COUNT '58.0',
    # NO-VOTE COUNT '18.0'; KAZ 'NO'
    es3 = records[records["resolution"] == "ES-11/3"]
    assert es3["vote"].value_counts().to_dict() == {"yes": 93, "abstain": 58, "no": 24, "absent": 18}
    assert totals.loc["ES-11/3", ["yes", "no", "abstain", "non_voting"]].tolist() == [93, 24, 58, 18]
    # the neighbours the comparison chapter needs are all there
    assert {"KAZ", "RUS", "KGZ", "UZB", "TJK", "TKM", "ARM", "AZE", "GEO", "BLR", "MNG"} <= set(records["iso3"])


def test_the_scrapes_rest_on_sources_with_the_uns_tier():
    register = data.load("sources").set_index("source_id")
    for sid in [ex.SOURCE_OLD, ex.SOURCE_NEW, "undl-vote-68-262", "undl-vote-es-11-8"]:
        assert register.loc[sid, "tier"] == "intergovernmental", sid
    totals = data.load("un_vote_totals")
    assert len(totals) > 0  # else the loop below checks nothing
    for _, row in totals.iterrows():  # each totals row cites the UN record or the UN press release of that vote
        url = register.loc[row["source_id"], "url"]
        assert url.endswith(f"/record/{row['undl_record']}") or "press.un.org" in url, row["resolution"]


# ---------------------------------------------------------------------------------------------------------------
# the extraction: rebuilt from the raw files, and refused when they do not add up

@needs_raw
def test_the_extract_rebuilds_identically(tmp_path):
    shutil.copy(DATA / ex.TOTALS, tmp_path / ex.TOTALS)
    ex.extract_un_votes(RAW, tmp_path)
    assert (tmp_path / ex.OUTPUT).read_bytes() == (DATA / ex.OUTPUT).read_bytes()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _tampered(tmp_path, monkeypatch, old: str, new: str):
    """A copy of the raw folder whose 2022-2025 rows file has ``old`` replaced by ``new`` (once), re-pinned so that
    the run reaches the totals check."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW / ex.FOLDER, raw / ex.FOLDER)
    target = raw / ex.NEW_FILE
    target.chmod(0o644)
    text = target.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    target.write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setitem(ex.RAW_SHA256, ex.NEW_FILE, hashlib.sha256(target.read_bytes()).hexdigest())
    return raw


# the tail of the 79/184 row: ...,ABSTAIN (ZAF),ABSTAIN (ZMB),NO (ZWE),TOTAL VOTES...
ROW_79_184 = "https://digitallibrary.un.org/record/4069734"


@needs_raw
def test_a_flipped_vote_stops_the_extraction_naming_the_resolution(tmp_path, monkeypatch):
    text = (RAW / ex.NEW_FILE).read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ROW_79_184 in ln)
    header = text.splitlines()[0].split(",")
    # flip Kazakhstan's ABSTAIN on 79/184 to YES: rewrite the row with csv so the quoting stays intact
    import csv
    import io

    cells = next(csv.reader(io.StringIO(line)))
    assert cells[header.index("KAZ")] == "ABSTAIN"
    cells[header.index("KAZ")] = "YES"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    raw = _tampered(tmp_path, monkeypatch, line, out.getvalue())
    (tmp_path / "data").mkdir()
    shutil.copy(DATA / ex.TOTALS, tmp_path / "data" / ex.TOTALS)
    with pytest.raises(ex.RawError, match=r"resolution 79/184: the scrape counts 82 yes votes, the UN published 81"):
        ex.extract_un_votes(raw, tmp_path / "data")
    assert not (tmp_path / "data" / ex.OUTPUT).exists()  # nothing written


@needs_raw
def test_published_totals_that_differ_stop_the_extraction(tmp_path):
    (tmp_path / "data").mkdir()
    text = (DATA / ex.TOTALS).read_text(encoding="utf-8")
    # un_vote_totals.csv: '68/262,...,767565,100,11,58,24,...' -> 57 abstentions: off by one must fail
    assert ",767565,100,11,58,24," in text
    (tmp_path / "data" / ex.TOTALS).write_text(text.replace(",767565,100,11,58,24,", ",767565,100,11,57,24,"),
                                               encoding="utf-8")
    with pytest.raises(ex.RawError, match=r"resolution 68/262: the scrape counts 58 abstain votes, the UN "
                                          r"published 57 \(data/un_vote_totals.csv, column 'abstain'\)"):
        ex.extract_un_votes(RAW, tmp_path / "data")


@needs_raw
def test_the_scrapes_own_totals_are_checked_too(tmp_path, monkeypatch):
    # 3DL line 10 (79/184) ends '...,193.0,18.0,80.0,14.0,81.0,https://digitallibrary.un.org/record/4069734,...'
    raw = _tampered(tmp_path, monkeypatch, "193.0,18.0,80.0,14.0,81.0," + ROW_79_184,
                    "193.0,18.0,80.0,14.0,80.0," + ROW_79_184)
    (tmp_path / "data").mkdir()
    shutil.copy(DATA / ex.TOTALS, tmp_path / "data" / ex.TOTALS)
    with pytest.raises(ex.RawError, match="resolution 79/184: the scrape counts 81 yes votes, its own totals "
                                          "column says 80"):
        ex.extract_un_votes(raw, tmp_path / "data")


@needs_raw
def test_a_changed_raw_file_is_refused(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW / ex.FOLDER, raw / ex.FOLDER)
    target = raw / ex.NEW_FILE
    target.chmod(0o644)
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(ex.RawError, match="differs from the pinned"):
        ex.build(raw, DATA / ex.TOTALS)


def test_an_unknown_state_name_is_refused():
    header = ",".join(["Council", "Date", "Title", "Resolution", "TOTAL VOTES", "NO-VOTE COUNT", "ABSENT COUNT",
                       "NO COUNT", "YES COUNT", "Link", "token", "KAZAKHSTAN", "ATLANTIS"])
    row = "General Assembly,2014-03-27,T,A/RES/68/262,2,0,0,0,2,https://digitallibrary.un.org/record/767565,x,Y,Y"
    with pytest.raises(ex.RawError, match="line 2, resolution 68/262, column 'ATLANTIS': a vote 'Y' by a state "
                                          "with no ISO3 code"):
        ex.old_rows(header + "\n" + row + "\n", "made-up file")


def test_the_consistency_rule_names_the_resolution():
    from kzdep import consistency

    records, totals = data.load("un_votes_records"), data.load("un_vote_totals")
    assert consistency.un_vote_totals(records, totals) == []
    bad = records.copy()
    bad.loc[(bad["resolution"] == "ES-11/1") & (bad["iso3"] == "KAZ"), "vote"] = "no"  # ABSTAIN -> NO
    failures = consistency.un_vote_totals(bad, totals)
    assert [(f.rule, f.key) for f in failures] == [("un-vote-totals", "resolution ES-11/1")] * 2  # no +1, abstain -1


def test_the_readme_says_where_the_raw_vote_files_come_from():
    section = (ROOT / "README.md").read_text("utf-8").split("## Rebuilding the data from the raw files", 1)[1]
    section = section.split("\n## ", 1)[0]
    assert f"`{ex.FOLDER}/`" in section
    assert "b1a33e9f13e4" in section and "3eca1b552303" in section
