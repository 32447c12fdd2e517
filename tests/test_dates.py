"""cleaner.metadata.dateline: the publish date read from a page's visible text, and how metadata uses it.

Expected values are written from the spec (module docstrings of cleaner/metadata/dateline.py and the
"published" entry of cleaner/metadata/__init__.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaner.metadata import extract_metadata
from cleaner.metadata.dateline import (
    _DATE,
    _OTHER,
    _PUBLISHED,
    _UPDATED,
    MONTHS,
    _trie,
    dateline,
    labelled_dateline,
    lead,
    parse_visible,
)
from cleaner.metadata.dates import _plausible, _url_date


def doc(head: str = "", body: str = "", lang: str | None = None) -> LexborHTMLParser:
    attr = f' lang="{lang}"' if lang is not None else ""
    return LexborHTMLParser(
        f"<!DOCTYPE html><html{attr}><head>{head}</head><body>{body}</body></html>")


PROSE = ("This paragraph is the article's body text, long enough to be prose and not a "
         "dateline: it runs on for well over two hundred characters so that the reader of "
         "the visible text knows the body has begun and stops looking for the dateline. ")


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize("text, expected", [
    # English
    ("March 5, 2024", "2024-03-05"),
    ("Mar. 5th, 2024", "2024-03-05"),
    ("Sun Dec 17, 2023 11:18 am", "2023-12-17T11:18:00"),
    ("June 11th, 2024, 10:45 AM", "2024-06-11T10:45:00"),
    ("Dec 20, 2025 at 3:00 pm", "2025-12-20T15:00:00"),
    ("5 March 2024", "2024-03-05"),
    ("5th of March, 2024", "2024-03-05"),
    ("20 December, 2025", "2025-12-20"),
    ("Published on July 18, 2025", "2025-07-18"),
    # German, French, Spanish, Italian, Portuguese, Dutch
    ("5. März 2024", "2024-03-05"),
    ("Veröffentlicht am 12. Dezember 2023", "2023-12-12"),
    ("1er mars 2024", "2024-03-01"),
    ("Publié le 5 févr. 2024", "2024-02-05"),
    ("5 de marzo de 2024", "2024-03-05"),
    ("12 dic 2023", "2023-12-12"),
    ("5 marzo 2024", "2024-03-05"),
    ("Pubblicato il 3 agosto 2024", "2024-08-03"),
    ("5 de março de 2024", "2024-03-05"),
    ("10 de outubro de 2022", "2022-10-10"),
    ("5 maart 2024", "2024-03-05"),
    ("17 mei 2021", "2021-05-17"),
    # CJK and Korean
    ("2024年3月5日", "2024-03-05"),
    ("2024年3月5日 午後3:05", "2024-03-05T15:05:00"),
    ("2024년 3월 5일", "2024-03-05"),
    ("입력 2024.03.05. 오후 3:00", "2024-03-05T15:00:00"),
    ("2024-03-05 오전 9:30", "2024-03-05T09:30:00"),
    ("2024. 3. 5.", "2024-03-05"),
    # year first, numeric
    ("2024-03-05", "2024-03-05"),
    ("2024/03/05", "2024-03-05"),
    ("2024.03.05", "2024-03-05"),
    ("05.03.2024", "2024-03-05"),
    ("13/5/2024", "2024-05-13"),
    ("11-29-2024,", "2024-11-29"),
])
def test_formats(text, expected):
    assert parse_visible(text) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("3/5/2024", "en", "2024-03-05"),
    ("3/5/2024", "en-US", "2024-03-05"),
    ("3/5/2024", None, "2024-03-05"),
    ("3/5/2024", "en-GB", "2024-05-03"),
    ("3/5/2024", "en_au", "2024-05-03"),
    ("3/5/2024", "de", "2024-05-03"),
    ("3/5/2024", "fr-FR", "2024-05-03"),
    ("03-05-2024", "es", "2024-05-03"),
    ("13/5/2024", "en", "2024-05-13"),      # 13 cannot be a month
    ("5/13/2024", "de", "2024-05-13"),
    ("05.03.2024", "en", "2024-03-05"),     # dots: day first whatever the language
])
def test_numeric_day_and_month_by_language(text, lang, expected):
    assert parse_visible(text, lang) == expected


@pytest.mark.parametrize("text", [
    "2024.4.4 -> 2024.5.0 upgrade",          # version numbers
    "3 hours ago",
    "March 2024",
    "05/03/24",
    "Feb 30, 2024",
    "June 5, 1850",
    "Room 12/5/20245",
    "",
    "no digits at all",
])
def test_not_a_date(text):
    assert parse_visible(text) is None


# ---------------------------------------------------------------- which date


def test_first_date_not_labelled_as_updated_wins():
    assert dateline(["Headline", "Updated", "July 9, 2025", "Published", "May 1, 2024"]) == (
        "2024-05-01")
    assert dateline(["Headline", "August 16, 2019", "- Updated July 9, 2025"]) == "2019-08-16"


def test_an_updated_date_alone_is_taken_and_flagged():
    assert labelled_dateline(["Headline", "By Jane Doe", "Updated on", "July 9, 2025"]) == (
        "2025-07-09", True, 3)
    assert labelled_dateline(["Headline", "July 9, 2025"]) == ("2025-07-09", False, 1)
    assert labelled_dateline([]) == (None, False, -1)


@pytest.mark.parametrize("texts", [
    ["Headline", "© 2024 Example Inc. March 5, 2024"],
    ["Headline", "Copyright", "March 5, 2024"],
    ["Game", "Release Date:", "Mar 5, 2024"],
    ["Profile", "Joined:", "Mon Jul 24, 2017 9:28 am"],
    ["Webinar", "Event date: March 5, 2024"],
    ["Offer", "Valid until March 5, 2024"],
])
def test_dates_with_other_labels_are_not_the_publication(texts):
    assert dateline(texts) is None


def test_a_date_in_a_sentence_is_prose():
    assert dateline(["Headline", "On 2 Dec 2024, I received this message from the vendor."]) \
        is None


def test_a_date_in_a_long_paragraph_only_after_a_publication_label():
    assert dateline(["Headline", PROSE + "It happened on March 5, 2024."]) is None
    assert dateline(["Headline", "Published March 5, 2024. " + PROSE]) == "2024-03-05"


def test_no_date_after_the_body_has_begun():
    assert dateline(["Headline", PROSE, PROSE, PROSE, "March 5, 2024"]) is None
    assert dateline(["Headline", PROSE, "March 5, 2024"]) == "2024-03-05"


def test_no_date_after_a_comments_or_related_mark():
    assert dateline(["Headline", "\x01comment-list", "Jane", "March 6, 2024"]) is None
    assert dateline(["Headline", "\x01related-posts", "Other story", "March 1, 2024"]) is None
    # an icon class is not the comments
    assert dateline(["Headline", "\x01fa fa-comments", "3", "March 6, 2024"]) == "2024-03-06"


def test_hinted_reads_only_dates_after_a_date_element_or_a_label():
    assert dateline(["Forum", "Outer Space", "Tue Aug 27, 2019 1:47 am"]) == (
        "2019-08-27T01:47:00")
    assert labelled_dateline(["Forum", "Outer Space", "Tue Aug 27, 2019 1:47 am"],
                             hinted=True)[0] is None
    assert labelled_dateline(["Forum", "\x01post-date", "Tue Aug 27, 2019 1:47 am"],
                             hinted=True)[0] == "2019-08-27T01:47:00"
    assert labelled_dateline(["Forum", "\x01\x02", "Aug 27, 2019"], hinted=True)[0] == (
        "2019-08-27")
    assert labelled_dateline(["Forum", "Posted on", "Aug 27, 2019"], hinted=True)[0] == (
        "2019-08-27")


def test_a_year_in_a_class_is_not_a_date():
    assert dateline(["Headline", "\x01archive-2024-03-05", "text"]) is None


# ---------------------------------------------------------------- through extract_metadata


def test_dateline_under_the_headline():
    body = ("<article><h1>Headline</h1><p class=byline>By Jane Doe</p>"
            "<p>Published March 5, 2024</p><p>" + PROSE + "</p></article>")
    assert extract_metadata(doc("", body)).published == "2024-03-05"


def test_time_element_without_datetime():
    body = "<h1>Headline</h1><time>5 March 2024</time><p>" + PROSE + "</p>"
    assert extract_metadata(doc("", body)).published == "2024-03-05"


def test_localized_datelines_use_the_page_language():
    body = "<h1>Schlagzeile</h1><span>Veröffentlicht am 03.05.2024</span>"
    assert extract_metadata(doc("", body, lang="de")).published == "2024-05-03"
    body = "<h1>Headline</h1><span>3/5/2024</span>"
    assert extract_metadata(doc("", body, lang="en-GB")).published == "2024-05-03"
    assert extract_metadata(doc("", body, lang="en")).published == "2024-03-05"
    body = "<h1>제목</h1><span>입력 2024.03.05 오후 3:00</span>"
    assert extract_metadata(doc("", body, lang="ko")).published == "2024-03-05T15:00:00"


def test_markup_date_wins_unless_the_dateline_is_earlier():
    head = '<meta property="article:published_time" content="2025-06-01T10:00:00Z">'
    later = "<h1>Headline</h1><p>June 5, 2025</p><p>" + PROSE + "</p>"
    earlier = "<h1>Headline</h1><p>March 5, 2024</p><p>" + PROSE + "</p>"
    assert extract_metadata(doc(head, later)).published == "2025-06-01T10:00:00+00:00"
    assert extract_metadata(doc(head, earlier)).published == "2024-03-05"


def test_url_date_beats_the_visible_dateline():
    body = "<h1>Headline</h1><p>March 5, 2024</p>"
    m = extract_metadata(doc("", body), url="https://e.org/2024/03/04/headline")
    assert m.published == "2024-03-04"


def test_dates_in_comments_are_not_taken():
    body = ("<article><h1>Headline</h1><p>A short note.</p></article>"
            "<div class='comments'><div class='comment'><b>Jane</b>"
            "<span class='comment-date'>March 6, 2024</span><p>Nice.</p></div></div>")
    assert extract_metadata(doc("", body)).published is None


def test_dates_in_related_teasers_are_not_taken():
    teasers = "".join(f"<li><a href='/s{i}'>Other story {i}</a>"
                      f"<span class='date'>March {i}, 2024</span></li>" for i in range(1, 6))
    body = ("<article><h1>Headline</h1><p>A short note.</p></article>"
            f"<ul class='related-posts'>{teasers}</ul>")
    assert extract_metadata(doc("", body)).published is None


def test_dates_in_a_copyright_footer_are_not_taken():
    body = ("<h1>Headline</h1><p>A short note.</p>"
            "<div class='site-info'>© March 5, 2024 Example Inc.</div>"
            "<footer>Last built March 5, 2024</footer>")
    assert extract_metadata(doc("", body)).published is None


def test_dates_in_the_article_prose_are_not_taken():
    body = ("<h1>Headline</h1>" + f"<p>{PROSE}</p>" * 3
            + "<p>The law took effect on March 5, 2024.</p><p>March 5, 2024</p>")
    assert extract_metadata(doc("", body)).published is None


def test_a_forum_thread_first_post_date_further_down():
    nav = "".join(f"<li><a href='/f{i}'>Forum {i}</a></li>" for i in range(60))
    body = (f"<h1>Example Forums</h1><ul class='menu'>{nav}</ul>"
            "<div class='post'><p class='author'><a href='/u/1'>Ann</a>"
            "<span class='post-date'>Sun Dec 17, 2023 11:18 am</span></p>"
            f"<div class='content'>{PROSE}</div></div>"
            "<div class='post'><p class='author'><a href='/u/2'>Bob</a>"
            "<span class='post-date'>Mon Dec 18, 2023 9:00 am</span></p></div>")
    assert extract_metadata(doc("", body)).published == "2023-12-17T11:18:00"


def test_further_down_an_unmarked_date_is_not_taken():
    nav = "".join(f"<li><a href='/f{i}'>Forum {i}</a></li>" for i in range(60))
    body = f"<h1>Example</h1><ul class='menu'>{nav}</ul><div><span>Dec 17, 2023</span></div>"
    assert extract_metadata(doc("", body)).published is None


# The month-name prefix tree and the look-ahead (dateline._trie, dateline.lead) only save
# work: every match, with its groups, is the plain alternation's.
_MONTH_WORDS = sorted(MONTHS, key=len, reverse=True)
_DATE_PIECES = st.sampled_from(["", " ", ".", ",", "5", "12", "2024", " 5, 2024", ". 5 ",
                                "th", "de ", "x", "K", "\u212a", "\u017f", "\u0130", "é",
                                "년", "·", "\n"])


@st.composite
def _month_texts(draw):
    word = draw(st.sampled_from(_MONTH_WORDS))
    word = draw(st.sampled_from([word, word.upper(), word.title(), word[:-1], word + "t"]))
    return "".join(draw(st.lists(_DATE_PIECES, max_size=3))) + word + "".join(
        draw(st.lists(_DATE_PIECES, max_size=4)))


@settings(max_examples=400, deadline=None)
@given(_month_texts())
def test_the_month_tree_matches_as_the_words_longest_first(text):
    tail = r")\.?,?\s+(\d{1,2})?(?:st|nd|rd|th)?\s*(\d{4})?"
    plain = re.compile("(" + "|".join(_MONTH_WORDS) + tail, re.IGNORECASE)
    tree = re.compile("(" + _trie(_MONTH_WORDS) + tail, re.IGNORECASE)
    assert ([(m.span(), m.groups()) for m in plain.finditer(text)]
            == [(m.span(), m.groups()) for m in tree.finditer(text)])


_LEAD_SOURCES = [
    (r"publi(?:shed|cado)|posted|first (?:published|posted)|date:|입력|公開", re.IGNORECASE),
    (r"©|\(c\)|copyright|\bborn\b|\bevents?\b|\bends?\b|last (?:post|reply)", re.IGNORECASE),
    (r"updated|modified|수정|更新", 0),
    (r"^by|^\bvon\b|par", re.IGNORECASE),
]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="publishedcoyrgtvnbvast :()©입력公開수정更新PUBLISHEDK\u212a\u017f\u0130 ",
               max_size=30), st.integers(0, 3))
def test_a_lead_look_ahead_changes_no_match(text, at):
    for source, flags in _LEAD_SOURCES:
        plain, led = re.compile(source, flags), lead(source, flags)
        assert led.pattern != source                  # (each of these gets one)
        for pos, end in ((0, len(text)), (at, 12)):
            assert ([(m.span(), m.groups()) for m in plain.finditer(text, pos, end)]
                    == [(m.span(), m.groups()) for m in led.finditer(text, pos, end)])


def test_lead_leaves_a_pattern_it_cannot_read_as_it_is():
    assert lead(r"\d+|x").pattern == r"\d+|x"         # an alternative opens with a class
    assert lead(r"(?:a|b)c").pattern == r"(?:a|b)c"   # a group first


def test_the_dateline_patterns_get_their_look_ahead():
    for rx in (_PUBLISHED, _OTHER, _UPDATED, _DATE):
        assert rx.pattern.startswith("(?=[")


def test_a_url_date_even_when_the_url_holds_a_newline():
    # (urlsplit drops tabs and newlines before it reads the path)
    assert _url_date("https://example.com/2\n024/03/05/story") == "2024-03-05"
    assert _url_date("https://example.com/news/story") is None


def test_a_date_a_year_past_today_is_a_placeholder():
    today = date.today()
    assert _plausible(today.isoformat()) == today.isoformat()
    assert _plausible(f"{today.year}-12-31") == f"{today.year}-12-31"
    assert _plausible((today + timedelta(days=400)).isoformat()) is None
