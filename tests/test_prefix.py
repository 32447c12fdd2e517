"""cleaner.prefix: a first-characters table never turns away a text its regex matches (it
only saves the regex call on the texts that cannot), and the C test reads it as the
Python one does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import lexicon as lx
from cleaner import prefix, score, tail
from cleaner.blocks import Block, Blocks

LINE_PATTERNS = {"line": lx.BOILERPLATE_LINE_RE, "cta": lx.CTA_RE,
                 "status": lx.STATUS_LINE_RE, "box": lx.TAIL_BOX_RE}


def _words(pattern: re.Pattern) -> list[str]:
    return [w for alternation, words in lx.WORDS_OF.items() if alternation in pattern.pattern
            for w in words]


# Texts that open like the patterns' words and lines, in any case, and ASCII look-alikes.
_PIECES = st.sampled_from(["", " ", ":", ".", "!", "…", "1", "12", "x", "K", "\u212a",
                           "\u017f", "\u0131", "\u0130", "s", "ing", " now", " us", "?"])


@st.composite
def _texts(draw, pattern: re.Pattern):
    words = _words(pattern) or ["a"]
    word = draw(st.sampled_from(words))
    word = draw(st.sampled_from([word, word.upper(), word.title(), word[:2], word[1:]]))
    return draw(_PIECES) * draw(st.integers(0, 1)) + word + draw(_PIECES) + draw(_PIECES)


@pytest.mark.parametrize("name", sorted(LINE_PATTERNS))
def test_the_lexicon_line_patterns_get_a_table(name):
    assert prefix.table(LINE_PATTERNS[name]) is not None


@pytest.mark.parametrize("name", sorted(LINE_PATTERNS))
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_a_table_lets_through_every_text_its_regex_matches(name, data):
    pattern = LINE_PATTERNS[name]
    text = data.draw(st.one_of(_texts(pattern), st.text(max_size=12)))
    tab = prefix.table(pattern)
    if pattern.match(text):
        assert prefix.may_match(tab, text)


@pytest.mark.parametrize("name", sorted(LINE_PATTERNS))
def test_the_lexicon_words_and_their_cases_all_pass(name):
    pattern = LINE_PATTERNS[name]
    tab = prefix.table(pattern)
    for word in _words(pattern):
        for text in (word, word.upper(), word.capitalize(), word + ":", word + " now"):
            if pattern.match(text):
                assert prefix.may_match(tab, text), text


def test_most_ordinary_lines_are_turned_away():
    lines = ["The quick brown fox", "Photo: Jane Doe", "Posted in News", "2 comments",
             "Chapter one", "Menu", "Home", "Privacy policy", "Continue reading"]
    tab = prefix.table(lx.CTA_RE)
    assert sum(prefix.may_match(tab, line) for line in lines) <= 2


@pytest.mark.parametrize(("pattern", "matching"), [
    (r"(?i)k", ["k", "K"]),                     # the Kelvin sign folds to k: so does "K"
    (r"(?i)\u212a", ["k", "K"]),
    (r"(?i)\u017ftop", ["stop", "Stop"]),       # long s: IGNORECASE's extra case pairs
    (r"ab{2,5}c", ["abbc", "abbbbbc"]),
    (r"(?:x|y)?\s*\d+\s*min", ["5 min", "x 12min", "  7min"]),
    (r"a(?=b)bc|(?!q)d", ["abc", "d"]),
    (r"^$", [""]),
    (r"a*", ["", "zzz"]),
    (r"(?i:ab)C", ["ABC", "abC"]),
    (r"[^a-y]z", ["zz", "-z"]),
    (r".{0,2}end", ["end", "xyend"]),
    (r"(?s).{0,2}end", ["\nzend"]),
])
def test_synthetic_patterns_pass_their_matches(pattern, matching):
    compiled = re.compile(pattern)
    tab = prefix.table(compiled)
    for text in matching:
        assert compiled.match(text), text
        assert prefix.may_match(tab, text), (pattern, text)


def test_texts_opening_outside_ascii_always_go_to_the_regex():
    tab = prefix.table(re.compile("abc"))
    assert prefix.may_match(tab, "\u00e9abc")
    assert prefix.may_match(tab, "ab\u00e9")
    assert not prefix.may_match(tab, "xbc")


def test_a_pattern_it_cannot_read_gets_no_table():
    assert prefix.table(re.compile(r"(a)\1")) is None
    assert prefix.may_match(None, "anything")


@pytest.mark.skipif(score._C is None, reason="C extension not built")
@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=6))
def test_the_c_pass_turns_lines_away_as_the_python_table_does(text):
    # The C pass's line kinds, table and regexes, against tail._line_kind (regexes only).
    bl_text = text.strip() or "x"
    bl = Blocks(blocks=[Block("A long paragraph. " * 10, 180, 0, "p", 0),
                        Block(bl_text, len(bl_text), 0, "p", 0),
                        Block("Another long paragraph. " * 10, 240, 0, "p", 0)],
                el_tag=["div"], el_start=[0], el_end=[3], el_flags=[0], el_parent=[-1])
    values = [180.0, 0.0, 240.0]
    c = tail.trim(bl, values, [0, 1, 2], 3)
    saved = score._C
    score._C = None
    try:
        py = tail.trim(bl, values, [0, 1, 2], 3)
    finally:
        score._C = saved
    assert c == py


@pytest.mark.skipif(score._C is None, reason="C extension not built")
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_ascii_word_tests_answer_as_the_literal_matchers(data):
    # tail's ASCII tests (no lower()) against the matchers they stand for, on ASCII lines
    # built around the words in any case.
    pairs = [(tail._ASCII_WORDS[0], tail._COPYRIGHT_ANCHORS, lx.COPYRIGHT_ANCHORS),
             (tail._ASCII_WORDS[1], tail._DISCLOSURE, lx.DISCLOSURE_WORDS),
             (tail._ASCII_WORDS[2], tail._HEADING_WORDS, tail._HEADING_WORD_LIST)]
    ascii_text = st.text(st.characters(max_codepoint=127), max_size=20)
    for fast, matcher, words in pairs:
        if fast is None or matcher is None:
            continue
        word = data.draw(st.sampled_from([w for w in words if w.isascii()]))
        word = data.draw(st.sampled_from([word, word.upper(), word.title(), word[:-1]]))
        text = data.draw(ascii_text) + word + data.draw(ascii_text)
        assert fast.holds(text) == matcher.contains(text.lower()), text
        assert fast.holds(text[1:]) == matcher.contains(text[1:].lower())


@pytest.mark.skipif(score._C is None, reason="C extension not built")
def test_the_ascii_word_test_takes_only_ascii():
    fast = score._C.AsciiWords(["all rights reserved", "(c)", "\u00a9 x"])
    assert fast.holds("ALL Rights Reserved 2024") and fast.holds("(C) 2001")
    assert not fast.holds("all rights") and not fast.holds("") and not fast.holds("c")
    with pytest.raises(ValueError):
        fast.holds("\u00a9 2024")
    with pytest.raises(ValueError):
        score._C.AsciiWords(["Upper"])
    one = score._C.AsciiWords(["@", "q"])
    assert one.holds("x@y") and one.holds("Q") and not one.holds("xyz")


# Pieces of the words (in and out of case, past ASCII), the characters lower() changes or
# expands (the dotted capital I, the Kelvin sign, capital sigma) and some it leaves.
WORD_PIECES = ["we may earn a commission", "Sponsored By", "affiliate link", "liens affili\u00e9s",
               "LIENS AFFILI\u00c9S", "\uc81c\ud734 \ub9c8\ucf00\ud305", "(c)", "\u00a9", "copyright",
               "All Rights Reserved", "related", "More From", "\u00e9", "\u00c9", "\u00df", "\u2019",
               "\u0130", "\u212a", "\u03a3", "\u65e5", "\u00a0", "in partnership with", "a", "c", "i",
               "\u0412", "\u00c0", "\u1e9e",
               "k", "x", " "]


@pytest.mark.skipif(score._C is None, reason="C extension not built")
@settings(max_examples=600, deadline=None)
@given(parts=st.lists(st.one_of(st.sampled_from(WORD_PIECES), st.text(max_size=3)),
                      max_size=10))
def test_the_word_test_of_any_text_answers_as_the_matcher_of_its_lower_case(parts):
    # (None: the text holds a character the test cannot read unlowered; then the caller
    # lowers it, and the matcher answers)
    text = "".join(parts)
    for words, matcher in ((lx.DISCLOSURE_WORDS, tail._DISCLOSURE),
                           (lx.COPYRIGHT_ANCHORS, tail._COPYRIGHT_ANCHORS),
                           (tail._HEADING_WORD_LIST, tail._HEADING_WORDS)):
        found = score._C.AsciiWords(words).holds_any(text)
        assert found is None or found == matcher.contains(text.lower()), (text, words[0])
    plain = "\u2019\u00df\u65e5 we may earn a commission \u00a0"
    assert score._C.AsciiWords(lx.DISCLOSURE_WORDS).holds_any(plain) is True
    assert score._C.AsciiWords(lx.DISCLOSURE_WORDS).holds_any("\u2019 no such word") is False
    assert score._C.AsciiWords(lx.DISCLOSURE_WORDS).holds_any("\u00c9 capital") is None
    # a capital whose small letter is in no word (Cyrillic) lowers to a plain character
    assert score._C.AsciiWords(lx.DISCLOSURE_WORDS).holds_any("\u0412 sponsored by") is True
    assert score._C.AsciiWords(lx.DISCLOSURE_WORDS).holds_any("\u0412 \u0430\u0431") is False


@pytest.mark.skipif(score._C is None, reason="C extension not built")
@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text("abcde ", min_size=4, max_size=9), min_size=1, max_size=6),
       text=st.text("abcdeABCDE xy", max_size=40))
def test_the_ascii_word_test_by_windows_finds_every_word(words, text):
    # words of four letters or more: the test moves by windows (Wu-Manber) past pairs of
    # letters that end no word's opening there; it must still find every word, anywhere
    fast = score._C.AsciiWords(words)
    assert fast.holds(text) == any(w in text.lower() for w in words)
    for w in words:
        assert fast.holds(text + w.upper()) and fast.holds(w + text)


LINES = ["Advertisement", "Share this:", "Skip to content", "Sign up for our newsletter",
         "Get started", "Contact us", "Log in", "SUBSCRIBE NOW", "Related articles",
         "Read more", "Comments", "Tags: news", "11 min read", "Joined: Nov 2016", "Posts: 12",
         "Print", "Download", "Reklam", "Thanks for reading!", "You must be logged in",
         "Ссылки", "Sort by price", "Free shipping", "3 replies", "Senior Member"]


@pytest.mark.skipif(score._C is None, reason="C extension not built")
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.sampled_from(LINES), st.text(max_size=12),
                      st.builds(str.__add__, st.sampled_from(LINES), st.text(max_size=8))),
       name=st.sampled_from(["line", "cta", "box"]))
def test_the_words_a_line_pattern_needs_are_in_every_ascii_line_it_matches(text, name):
    # (tail._match_words: the trim pass asks the regex only of the ASCII lines that hold
    # one; an alternative in another script needs none of its own)
    words = tail._match_words(LINE_PATTERNS[name])
    if words is not None and text.isascii() and LINE_PATTERNS[name].match(text):
        assert words.holds(text), (name, text)


BYLINES = ["By Jane Doe", "by jane", "Reporting by X", "jane@example.com", "(AP)", "(Reuters)",
           "x/dpa", "Text: Anna", "Editor's note: fixed", "Correction:", "dpa", "AFP",
           "Penulis: Budi", "Autor : Ana", "(Maria Lopez)", "김철수 기자", "新华社", "Home",
           "News", "Photo gallery", "2 comments", "Byline", "Update", "Updated 2 hours ago",
           "byname", "ap", "(apx)", "/DPA", "ANSA"]


@pytest.mark.skipif(score._C is None, reason="C extension not built")
@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.sampled_from(BYLINES), st.text(max_size=16),
                      st.builds(str.__add__, st.sampled_from(BYLINES), st.text(max_size=6)),
                      st.builds(str.__add__, st.text(max_size=6), st.sampled_from(BYLINES))))
def test_the_guarded_byline_search_finds_what_the_regex_finds(text):
    guarded = prefix.guarded_search(lx.BYLINE_RE)
    assert type(guarded) is score._C.Guarded
    assert (guarded(text) is None) == (lx.BYLINE_RE.search(text) is None), text


@pytest.mark.parametrize(("pattern", "texts"), [
    (r"^ab|cd", ["abx", "xcd", "xab", "CD"]),
    (r"(?i)^ab|x@y", ["AB", "q x@Y", "ab"]),
    (r"été|^zz", ["été", "zz", "ete"]),
    (r"(?m)^ab|@", ["x\nab", "@"]),
])
def test_search_parts_pass_every_text_the_search_finds(pattern, texts):
    compiled = re.compile(pattern)
    parts = prefix.search_parts(compiled)
    assert parts is not None or "(?m)" in pattern
    for text in texts:
        if parts is None or not text.isascii() or not compiled.search(text):
            continue
        table, words = parts
        assert (table is not None and prefix.may_match(table, text)
                or any(w in text.lower() for w in words)), (pattern, text)


def test_an_unanchored_alternative_without_a_literal_gives_no_search_parts():
    assert prefix.search_parts(re.compile(r"^ab|\d+")) is None


BIOS = ["Jane Doe is a freelance writer who lives in Paris.", "John Smith was the editor",
        "Ann Lee has been a reporter for years", "Bob is an expert", "Mary is nice",
        "jane doe is a writer", "The Writer is here", "Jane Doe is a WRITER",
        "Ola Nordmann er journalist", "Jane is the founder of X"]


@pytest.mark.skipif(score._C is None, reason="C extension not built")
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.sampled_from(BIOS), st.text(max_size=30),
                      st.builds(str.__add__, st.sampled_from(BIOS), st.text(max_size=6))))
def test_the_guarded_bio_match_finds_what_the_regex_finds(text):
    guarded = prefix.guarded_match(lx.AUTHOR_BIO_RE)
    assert type(guarded) is score._C.Guarded
    assert (guarded(text) is None) == (lx.AUTHOR_BIO_RE.match(text) is None), text


@pytest.mark.parametrize(("pattern", "words"), [
    (r"^(?:[A-Z]\w+ ){1,3}(?:is|was) (?:a )?(?:writer|editor)\b", {"writer", "editor"}),
    (r"(?i)ab(?:cd|ef)", {"ab"}),
    (r"x(?:long|longer)y?", {"xlong"}),            # (the parse takes the shared "long" out)
    (r"x(?:abc|de)", {"abc", "de"}),
    (r"\d+", None),
])
def test_the_words_a_match_needs(pattern, words):
    parts = prefix.match_parts(re.compile(pattern))
    assert (set(parts[1]) if parts and parts[1] else None) == words


@pytest.mark.skipif(score._C is None, reason="C extension not built")
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=5), st.text(st.characters(max_codepoint=127), max_size=5)),
       name=st.sampled_from(sorted(LINE_PATTERNS)))
def test_the_c_table_test_answers_as_the_python_one(text, name):
    # The C reading of a table (_score._may_match, through a Guarded search of the table
    # alone) lets through exactly the texts prefix.may_match lets through: a C reading
    # that lets everything through would cost the speed unnoticed.
    tab = prefix.table(LINE_PATTERNS[name])
    guarded = score._C.Guarded(lambda t: "asked", tab, None)
    # (a Guarded asks the regex of every text that is not all ASCII)
    assert (guarded(text) == "asked") == (prefix.may_match(tab, text) or not text.isascii())


@pytest.mark.skipif(score._C is None, reason="C extension not built")
def test_the_c_tests_turn_ordinary_lines_away():
    guarded = score._C.Guarded(lambda t: "asked", prefix.table(lx.CTA_RE), None)
    assert guarded("The quick brown fox") is None
    assert guarded("Sign up for our newsletter") == "asked"
    words = score._C.AsciiWords(["all rights reserved", "(c)"])
    assert not words.holds("The quick brown fox, all right") and words.holds("ALL RIGHTS RESERVED")
