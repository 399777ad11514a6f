"""Generated sentences: no doubled word ("The The answer"), and a count split into parts adds up to its total."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from kzdep import text


def test_a_doubled_word_is_found():
    assert text.doubled_words("The The answer comes first") == ["The The"]
    assert text.doubled_words("the answer, the the rest") == ["the the"]
    assert text.doubled_words("He said that that was so; they had had enough") == []
    assert text.doubled_words("the CPC, the China pipeline") == []


def test_glue_refuses_a_doubled_word():
    with pytest.raises(ValueError, match="repeats a word"):
        text.glue("x", "fell by by 3 %")


def test_parts_must_add_up_to_their_total():
    assert text.counted_parts(10, [(1, "voted yes"), (8, "abstained"), (1, "voted no")]) == \
        "voted yes on 1, abstained on 8 and voted no on 1"
    with pytest.raises(ValueError, match="add up to 9, not 10"):
        text.counted_parts(10, [(8, "abstained"), (1, "voted no")], whole="Kazakhstan's votes")
    assert text.counted_parts(2, [(2, "abstained"), (0, "voted no")]) == "abstained on 2"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "pre", "code")
        if tag in ("td", "th", "li", "p", "div", "tr", "figcaption", "h1", "h2", "h3", "br"):
            self.parts.append(" | ")  # a cell or block boundary: words on either side are not one sentence

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "pre", "code") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def test_no_page_repeats_a_word(built_book):
    found = {}
    for page in sorted((built_book / "_build" / "html").glob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        body = re.sub(r"\s+", " ", "".join(parser.parts))
        doubled = text.doubled_words(body)
        if doubled:
            found[page.name] = doubled[:5]
    assert found == {}
