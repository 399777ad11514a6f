"""The two articles sentence by sentence (issue 23, item 5): every sentence with a checkable claim has its row.

``tests/claims_sentences.csv`` lists every sentence of the body of the two seed articles (headings, the byline, the
Olivium reading list and the Defence Today footer left out) with the claims register's rows whose quote lies in it,
or the reason it holds no checkable claim. The list was made by reading the articles one sentence at a time; the
test keeps a later edit of the register from losing a sentence's row.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from kzdep import claims, data

LIST = Path(__file__).parent / "claims_sentences.csv"
SEEDS = {"olivium-2022": "000_982091249dddf213.txt", "defencetoday-2023": "002_327e67039a9bd587.txt"}


@pytest.fixture(scope="module")
def sentences():
    return pd.read_csv(LIST, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def register():
    return data.load("claims")


def test_every_sentence_maps_to_its_rows_and_every_row_to_a_sentence(sentences, register):
    assert claims.sentence_map_problems(sentences, register) == []
    # 35 sentences of the Olivium body, 40 of Defence Today's (counted by hand in the list); 67 with a claim
    assert (sentences["article"] == "olivium-2022").sum() == 35
    assert (sentences["article"] == "defencetoday-2023").sum() == 40
    assert (sentences["claim_ids"] != "").sum() == 67


def test_the_three_sentences_the_issue_17_pass_missed_have_rows(sentences):
    by_id = {i: s for ids, s in zip(sentences["claim_ids"], sentences["sentence"]) for i in ids.split(";") if i}
    assert "Moscow's military intervention in January 2022" in by_id["C101"].replace("\u2019", "'")
    assert "avoiding Russia to the north" in by_id["C102"]
    assert "one of the world's longest national borders" in by_id["C103"].replace("\u2019", "'")


def test_a_lost_row_a_wrong_quote_and_an_unexplained_sentence_are_each_reported(sentences, register):
    # a row dropped from the register: its sentence names an id that is gone
    problems = claims.sentence_map_problems(sentences, register[register["id"] != "C103"])
    assert problems == ["sentence list, row 4 (olivium-2022): claim C103 is not in the register"]
    # a quote edited so that it is no longer in its sentence
    changed = register.copy()
    changed.loc[changed["id"] == "C51", "quote_fragment"] = "55 million tonnes of Kazakh oil"
    assert any("quote of C51 is not in the sentence" in p for p in claims.sentence_map_problems(sentences, changed))
    # a sentence whose row is removed from the list and given no reason
    bare = sentences.copy()
    bare.loc[bare["claim_ids"] == "C102", "claim_ids"] = ""
    problems = claims.sentence_map_problems(bare, register)
    assert any("no claim row and no reason" in p for p in problems)
    assert "claim C102: no sentence of the list names it" in problems
    # a row of one article named by a sentence of the other
    swapped = sentences.copy()
    swapped.loc[swapped["claim_ids"] == "C02;C103", "claim_ids"] = "C02;C38"
    assert any("claim C38 belongs to defencetoday-2023" in p for p in claims.sentence_map_problems(swapped, register))


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().lower()


def test_every_listed_sentence_is_in_its_article_and_every_sentence_with_a_figure_is_listed(sentences):
    folder = Path(os.environ.get("KZDEP_SEEDS", data.ROOT.parent / "shared" / "seeds"))
    if not all((folder / f).is_file() for f in SEEDS.values()):
        pytest.skip(f"the two articles' text is not at {folder} (set KZDEP_SEEDS)")
    for article, name in SEEDS.items():
        text = _plain((folder / name).read_text(encoding="utf-8"))
        listed = [_plain(s) for s in sentences.loc[sentences["article"] == article, "sentence"]]
        assert [s for s in listed if s not in text] == []
        # every figure of the article body (a number of two or more digits) is inside a listed sentence
        body = text[:text.index("written by")] if article == "olivium-2022" else text[:text.index("defence today covers")]
        body = body[body.index("russia has dispatched"):] if article == "olivium-2022" else body[
            body.index("kazakhstan is a former soviet republic"):]
        figures = set(re.findall(r"\d[\d,.]*\d", body))
        joined = " ".join(listed)
        assert {f for f in figures if f not in joined} == set()
        assert "7,600" in figures or "7,591" in figures
