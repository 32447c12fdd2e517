"""cleaner.metadata: every source, the precedence order, and the odd cases.

Expected values are written from the spec (module docstring of cleaner/metadata/__init__.py)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaner.metadata import Metadata, detect_script_language, extract_metadata, normalise_date


def doc(head: str = "", body: str = "", lang: str | None = None) -> LexborHTMLParser:
    attr = f' lang="{lang}"' if lang is not None else ""
    return LexborHTMLParser(
        f"<!DOCTYPE html><html{attr}><head>{head}</head><body>{body}</body></html>")


def ld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def meta(key: str, value: str, attr: str = "name") -> str:
    return f'<meta {attr}="{key}" content="{value}">'


# ---------------------------------------------------------------- interface


def test_interface_and_to_dict():
    m = extract_metadata(doc(meta("og:title", "Hello", "property")))
    assert isinstance(m, Metadata)
    d = m.to_dict()
    assert set(d) == {"title", "authors", "published", "modified", "site_name", "language",
                      "canonical_url", "description", "tags", "image"}
    assert d["title"] == "Hello"
    assert d["authors"] == [] and d["tags"] == []
    json.dumps(d)  # serialisable


def test_empty_page_gives_empty_metadata():
    m = extract_metadata(LexborHTMLParser(""))
    assert m.title is None and m.authors == () and m.published is None


@pytest.mark.parametrize("html", [
    "<html><head><meta><meta name><meta content=x><link><link rel=canonical></head></html>",
    "<script type='application/ld+json'>{not json</script>",
    "<script type='application/ld+json'>[1, null, \"x\", {\"@type\": 5}]</script>",
    ("<script type='application/ld+json'>{\"@type\":\"Article\",\"author\":[null,5,{}],"
    "\"datePublished\":[],\"headline\":{}}</script>"),
    "<html><body><h1></h1><time datetime='garbage'>x</time><p>By</p></body></html>",
    "\x00\x01<<<>>>",
])
def test_never_raises_on_odd_markup(html):
    assert isinstance(extract_metadata(LexborHTMLParser(html), url="not a url"), Metadata)


# ---------------------------------------------------------------- precedence


FULL_LD = {
    "@context": "https://schema.org", "@type": "NewsArticle", "headline": "LD headline",
    "author": {"@type": "Person", "name": "LD Author"}, "datePublished": "2024-01-02",
    "dateModified": "2024-01-03", "description": "LD description", "image": "/ld.jpg",
    "keywords": ["alpha", "beta"], "inLanguage": "fr",
    "publisher": {"@type": "Organization", "name": "LD Publisher"},
}


def test_opengraph_beats_json_ld_title_and_json_ld_beats_metas_for_the_rest():
    head = (meta("og:title", "OG title", "property") + meta("twitter:title", "TW title")
            + meta("author", "Meta Author")
            + meta("article:published_time", "2023-05-06", "property")
            + meta("og:description", "OG description", "property")
            + meta("og:image", "https://cdn.example.com/og.jpg", "property")
            + ld(FULL_LD) + "<title>Tag title</title>")
    m = extract_metadata(doc(head, "<h1>H1 title</h1>"), url="https://example.com/a")
    assert m.title == "OG title"
    assert m.authors == ("LD Author",)
    assert m.published == "2024-01-02"
    assert m.modified == "2024-01-03"
    assert m.description == "OG description"
    assert m.image == "https://cdn.example.com/og.jpg"
    assert m.site_name == "LD Publisher"
    assert m.tags[:2] == ("alpha", "beta")


def test_json_ld_headline_beats_twitter_h1_and_title():
    head = meta("twitter:title", "TW title") + ld(FULL_LD) + "<title>Tag title</title>"
    assert extract_metadata(doc(head, "<h1>H1 title</h1>")).title == "LD headline"


def test_twitter_title_beats_h1():
    head = meta("twitter:title", "TW title") + "<title>Tag title</title>"
    assert extract_metadata(doc(head, "<h1>H1 title</h1>")).title == "TW title"


def test_h1_beats_title_tag():
    m = extract_metadata(doc("<title>Tag title</title>", "<h1>The  H1\n title</h1>"))
    assert m.title == "The H1 title"


def test_title_tag_last():
    assert extract_metadata(doc("<title>Only the tag title</title>")).title == \
        "Only the tag title"


def test_metas_when_no_json_ld():
    head = (meta("author", "Meta Author") + meta("article:published_time",
                                                 "2023-05-06T07:08:09Z", "property")
            + meta("article:modified_time", "2023-05-07", "property")
            + meta("og:site_name", "The Site", "property")
            + meta("description", "Plain description")
            + meta("keywords", "one, two,three"))
    m = extract_metadata(doc(head))
    assert m.authors == ("Meta Author",)
    assert m.published == "2023-05-06T07:08:09+00:00"
    assert m.modified == "2023-05-07"
    assert m.site_name == "The Site"
    assert m.description == "Plain description"
    assert m.tags == ("one", "two", "three")


def test_citation_and_dublin_core():
    head = (meta("citation_title", "A Study") + meta("citation_author", "Doe, Jane")
            + meta("citation_author", "Roe, Richard")
            + meta("citation_publication_date", "2021/03/04") + meta("dc.language", "de"))
    m = extract_metadata(doc(head))
    assert m.title == "A Study"
    assert m.authors == ("Doe, Jane", "Roe, Richard")
    assert m.published == "2021-03-04"
    assert m.language == "de"


def test_dc_creator_and_date():
    m = extract_metadata(doc(meta("DC.creator", "Ann Lee") + meta("DC.date", "2020-10-11")))
    assert m.authors == ("Ann Lee",)
    assert m.published == "2020-10-11"


def test_article_author_url_is_not_a_name():
    head = (meta("article:author", "https://www.facebook.com/someone", "property")
            + meta("author", "Real Name"))
    assert extract_metadata(doc(head)).authors == ("Real Name",)


def test_twitter_written_by_label():
    head = meta("twitter:label1", "Written by") + meta("twitter:data1", "Sam Writer")
    assert extract_metadata(doc(head)).authors == ("Sam Writer",)
    other = meta("twitter:label1", "Est. reading time") + meta("twitter:data1", "4 minutes")
    assert extract_metadata(doc(other)).authors == ()


# ---------------------------------------------------------------- JSON-LD shapes


def test_graph_with_id_references():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://s.example/#website", "name": "Graph Site"},
        {"@type": "WebPage", "@id": "https://s.example/p#webpage", "name": "Page name",
         "url": "https://s.example/p"},
        {"@type": "Article", "headline": "Graph headline",
         "author": {"@id": "https://s.example/#/person/1"},
         "datePublished": "2025-12-22T16:42:00+09:00", "articleSection": ["News"]},
        {"@type": "Person", "@id": "https://s.example/#/person/1", "name": "Graph Person"},
    ]}
    m = extract_metadata(doc(ld(graph)))
    assert m.title == "Graph headline"
    assert m.authors == ("Graph Person",)
    assert m.published == "2025-12-22T16:42:00+09:00"
    assert m.site_name == "Graph Site"
    assert m.canonical_url == "https://s.example/p"
    assert m.tags == ("News",)


def test_top_level_list_and_type_list_and_author_array():
    data = [{"@type": "BreadcrumbList"},
            {"@type": ["BlogPosting", "Thing"], "headline": "Listed",
             "author": [{"@type": "Person", "name": "First Author"}, "Second Author",
                        {"@type": "Person", "givenName": "Third", "familyName": "Author"}]}]
    m = extract_metadata(doc(ld(data)))
    assert m.title == "Listed"
    assert m.authors == ("First Author", "Second Author", "Third Author")


def test_article_beats_webpage_whatever_the_order():
    data = [{"@type": "WebPage", "name": "The page", "datePublished": "2020-01-01"},
            {"@type": "NewsArticle", "headline": "The article", "datePublished": "2021-02-02"}]
    m = extract_metadata(doc(ld(data)))
    assert m.title == "The article"
    assert m.published == "2021-02-02"


def test_webpage_alone_is_used():
    data = {"@type": "WebPage", "name": "Just a page", "datePublished": "2019-09-09"}
    m = extract_metadata(doc(ld(data)))
    assert m.title == "Just a page" and m.published == "2019-09-09"


def test_main_entity_is_followed():
    data = {"@type": "WebPage", "mainEntity": {"@type": "Article", "headline": "Inner",
                                               "author": {"name": "Inner Author"}}}
    m = extract_metadata(doc(ld(data)))
    assert m.title == "Inner" and m.authors == ("Inner Author",)


def test_bad_json_ld_is_skipped_and_the_next_source_used():
    head = ('<script type="application/ld+json">{"@type": "Article", "headline": </script>'
            + meta("og:title", "Fallback", "property"))
    assert extract_metadata(doc(head)).title == "Fallback"


def test_json_ld_with_trailing_comma_and_comment_wrapper_is_read():
    text = '<!--\n{"@type": "Article", "headline": "Repaired", }\n-->'
    head = f'<script type="application/ld+json">{text}</script>'
    assert extract_metadata(doc(head)).title == "Repaired"


def test_json_ld_in_the_body_is_read():
    body = "<p>text</p>" + ld({"@type": "Article", "author": {"name": "Body LD"},
                               "datePublished": "2022-02-02"})
    m = extract_metadata(doc(meta("og:title", "T", "property"), body))
    assert m.authors == ("Body LD",) and m.published == "2022-02-02"


def test_metas_after_a_stray_element_in_head_are_read():
    html = ('<html><head><title>x</title><img src="a.gif">'
            '<meta property="og:title" content="Moved"><meta name="author" content="Moved Author">'
            '</head><body><p>x</p></body></html>')
    m = extract_metadata(LexborHTMLParser(html))
    assert m.title == "Moved" and m.authors == ("Moved Author",)


# ---------------------------------------------------------------- body fallbacks


def test_byline_by():
    body = "<h1>Headline here</h1><p class='meta'>By Jane Doe</p><p>" + "Text. " * 30 + "</p>"
    assert extract_metadata(doc("", body)).authors == ("Jane Doe",)


def test_byline_by_then_link():
    body = "<h1>Headline</h1><div><span>By</span> <a href='/u/j'>John Smith</a></div>"
    assert extract_metadata(doc("", body)).authors == ("John Smith",)


def test_byline_two_authors():
    body = "<h1>Headline</h1><p>By Ann Lee and Bob Roe | March 3, 2024</p>"
    assert extract_metadata(doc("", body)).authors == ("Ann Lee", "Bob Roe")


def test_korean_byline():
    body = "<h1>제목입니다</h1><p>홍길동 기자 hong@example.com</p><p>본문입니다.</p>"
    assert extract_metadata(doc("", body)).authors == ("홍길동",)


def test_author_markup():
    body = "<h1>Headline</h1><span class='author-name'>Mary Major</span>"
    assert extract_metadata(doc("", body)).authors == ("Mary Major",)


def test_itemprop_author():
    body = ("<article><h1>Headline</h1><div itemprop='author' itemscope>"
            "<span itemprop='name'>Ida Item</span></div></article>")
    assert extract_metadata(doc("", body)).authors == ("Ida Item",)


def test_time_datetime_fallback():
    body = "<h1>Headline</h1><time datetime='2024-12-05T10:00:00Z'>Dec 5</time>"
    assert extract_metadata(doc("", body)).published == "2024-12-05T10:00:00+00:00"


def test_head_date_beats_time_element():
    body = "<h1>Headline</h1><time datetime='2024-12-05'>Dec 5</time>"
    head = meta("article:published_time", "2024-01-01", "property")
    assert extract_metadata(doc(head, body)).published == "2024-01-01"


def test_date_from_url_path_last():
    m = extract_metadata(doc(), url="https://blog.example.com/2025/09/04/some-post/")
    assert m.published == "2025-09-04"


def test_no_date_no_author_on_a_plain_page():
    m = extract_metadata(doc("<title>Shop</title>", "<h1>Shoes</h1><p>Buy shoes.</p>"),
                         url="https://shop.example.com/shoes")
    assert m.published is None and m.authors == ()


# ---------------------------------------------------------------- URLs


def test_relative_urls_against_url():
    head = ('<link rel="canonical" href="/a/b">' + meta("og:image", "img/x.png", "property"))
    m = extract_metadata(doc(head), url="https://example.com/dir/page.html")
    assert m.canonical_url == "https://example.com/a/b"
    assert m.image == "https://example.com/dir/img/x.png"


def test_relative_urls_against_base():
    head = ('<base href="https://cdn.example.org/root/">' + '<link rel="canonical" href="c">'
            + meta("og:image", "i.png", "property"))
    m = extract_metadata(doc(head), url="https://example.com/dir/page.html")
    assert m.canonical_url == "https://cdn.example.org/root/c"
    assert m.image == "https://cdn.example.org/root/i.png"


def test_relative_base_resolved_against_url():
    head = '<base href="/sub/"><link rel="canonical" href="x">'
    m = extract_metadata(doc(head), url="https://example.com/dir/page.html")
    assert m.canonical_url == "https://example.com/sub/x"


def test_relative_url_without_any_base_is_kept():
    m = extract_metadata(doc('<link rel="canonical" href="/a">'))
    assert m.canonical_url == "/a"


def test_protocol_relative_image_without_base():
    m = extract_metadata(doc(meta("og:image", "//cdn.example.com/i.jpg", "property")))
    assert m.image == "https://cdn.example.com/i.jpg"


def test_json_ld_image_object_and_og_url_canonical():
    head = (ld({"@type": "Article", "image": {"@type": "ImageObject", "url": "/p.jpg"}})
            + meta("og:url", "https://example.com/canon", "property"))
    m = extract_metadata(doc(head), url="https://example.com/x")
    assert m.image == "https://example.com/p.jpg"
    assert m.canonical_url == "https://example.com/canon"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("value, expected", [
    ("2025-12-22", "2025-12-22"),
    ("2025-12-22T16:42:00Z", "2025-12-22T16:42:00+00:00"),
    ("2025-12-22T16:42:00.123+09:00", "2025-12-22T16:42:00+09:00"),
    ("2025-12-22T16:42:00-0500", "2025-12-22T16:42:00-05:00"),
    ("2025-12-22 16:42", "2025-12-22T16:42:00"),
    ("2025.12.22", "2025-12-22"),
    ("2025.12.22.", "2025-12-22"),
    ("2025/12/22", "2025-12-22"),
    ("20251222", "2025-12-22"),
    ("Mon, 22 Dec 2025 16:42:00 +0900", "2025-12-22T16:42:00+09:00"),
    ("Mon, 22 Dec 2025 16:42:00 GMT", "2025-12-22T16:42:00+00:00"),
    ("December 5, 2024", "2024-12-05"),
    ("Dec. 5, 2024", "2024-12-05"),
    ("Dec 5th 2024 at 3:04 pm", "2024-12-05T15:04:00"),
    ("5 December 2024", "2024-12-05"),
    ("Published on 5th of December, 2024", "2024-12-05"),
    ("2025년 12월 22일", "2025-12-22"),
    ("2025년 12월 22일 16:42", "2025-12-22T16:42:00"),
    ("입력 2025-12-22 16:42", "2025-12-22T16:42:00"),
    ("2025年12月22日", "2025-12-22"),
    ("12/05/2024", "2024-12-05"),
    ("25/12/2024", "2024-12-25"),
    ("05.12.2024", "2024-12-05"),
    (1766421720, "2025-12-22T16:42:00+00:00"),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "yesterday", "2025-13-40", "99/99/9999", [], {}])
def test_normalise_date_rejects(value):
    assert normalise_date(value) is None


def test_far_future_date_is_dropped():
    head = meta("article:published_time", "2999-01-01", "property")
    assert extract_metadata(doc(head)).published is None


# ---------------------------------------------------------------- language


def test_html_lang_wins_and_is_reduced_to_the_primary_subtag():
    head = meta("content-language", "de", "http-equiv") + meta("og:locale", "fr_FR",
                                                             "property")
    assert extract_metadata(doc(head, lang="en-US")).language == "en"


def test_content_language_then_og_locale_then_json_ld():
    assert extract_metadata(doc(meta("content-language", "de", "http-equiv"))).language == "de"
    assert extract_metadata(doc(meta("og:locale", "pt_BR", "property"))).language == "pt"
    assert extract_metadata(doc(ld({"@type": "Article", "inLanguage": "es-ES"}))).language \
        == "es"


@pytest.mark.parametrize("text, lang", [
    ("서울시는 오늘 새로운 정책을 발표했다. 시민들의 반응은 엇갈렸다.", "ko"),
    ("東京都は本日、新しい政策を発表しました。市民の反応はさまざまです。", "ja"),
    ("北京市今天发布了新的政策。市民的反应不一。", "zh"),
    ("Москва сегодня объявила о новой политике. Реакция жителей неоднозначна.", "ru"),
    ("أعلنت المدينة اليوم عن سياسة جديدة. وكانت ردود فعل السكان متباينة.", "ar"),
    (("The city announced a new policy today and the reaction of the residents was mixed "
     "at the end of the day."), "en"),
    (("Die Stadt hat heute eine neue Regel für den Verkehr angekündigt und die Reaktion der "
     "Bewohner ist nicht einheitlich."), "de"),
    (("La ville a annoncé aujourd'hui une nouvelle politique pour les transports et les "
     "habitants sont partagés sur la question."), "fr"),
    ("", None),
    ("12345 67890", None),
])
def test_script_fallback(text, lang):
    assert detect_script_language(text) == lang
    page = doc("", f"<p>{text}</p>")
    assert extract_metadata(page).language == lang


def test_hangul_with_some_han_is_korean():
    assert detect_script_language("韓國 대통령이 오늘 발표했다") == "ko"


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize("raw, site, expected", [
    ("A Long Headline About Things | The Daily Site", "The Daily Site",
     "A Long Headline About Things"),
    ("A Long Headline About Things - The Daily Site", "The Daily Site",
     "A Long Headline About Things"),
    ("The Daily Site | A Long Headline About Things", "The Daily Site",
     "A Long Headline About Things"),
    ("A Long Headline About Things – Short", None, "A Long Headline About Things"),
    ("A Long Headline | Section | The Daily Site", "The Daily Site", "A Long Headline"),
    ("Spider-Man - a review of the film by a critic", None,
     "Spider-Man - a review of the film by a critic"),
    ("Title: with a colon and no suffix", None, "Title: with a colon and no suffix"),
])
def test_site_suffix_stripping(raw, site, expected):
    head = meta("og:title", raw, "property")
    if site:
        head += meta("og:site_name", site, "property")
    assert extract_metadata(doc(head)).title == expected


def test_separated_title_takes_the_part_equal_to_the_headline():
    head = "<title>Promise - JavaScript Reference Guide Pages</title>"
    head = meta("og:title", "Promise - JavaScript Reference Guide Pages", "property")
    assert extract_metadata(doc(head, "<h1>Promise</h1>")).title == "Promise"


def test_title_entities_are_decoded():
    head = meta("og:title", "And finally&amp;#8230; trouble brewing", "property")
    assert extract_metadata(doc(head)).title == "And finally… trouble brewing"


# --- the C helpers (cleaner/_walk.pyx) read what the Python code reads ---------------------

from pathlib import Path

from cleaner import blocks, prune
from cleaner.decode import decode
from cleaner.metadata import body as meta_body
from cleaner.metadata import head as meta_head

CORPUS = sorted((Path(__file__).parent.parent / "corpus").glob("*.html"))
ODD_HEADS = [
    ("<html><head><title>T <b>x</b></title><!-- c --><meta name=a content>"
     "<meta property='og:title twitter:title' content='Both'><link rel='Canonical Other' "
     "href='/c'><link rel=stylesheet href=s.css><base href='/b/'><base href='/x/'>"
     "<script type='Application/LD+JSON'>{\"@type\": \"Article\"}</script></head>"
     "<body><p>x</p></body></html>"),
    ("<html><head><title>A</title><img src=x><meta name=author content='Late Meta'>"
     "<link rel=canonical href=/late></head><body><h1>H</h1><p class=byline>By Jo Doe</p>"
     "<time datetime=2024-01-02>Jan</time></body></html>"),
    # Keys and rels _meta.collect_head hands to Python: spaces around, non-ASCII (a Kelvin
    # sign lower-cases to "k"), over 64 bytes; values it must pick as .attributes does.
    ("<html><head><title></title><title>Second</title><meta name=' Author\t' content=Ann>"
     "<meta name='\u212aeywords' content=k1><meta name='x" + "y" * 70 + "' content=long>"
     "<meta property=description content=''  datetime=2020-01-01><meta name=date "
     "datetime=2021-02-03><meta itemprop=datePublished value=2022-03-04><meta "
     "http-equiv=Content-Language content=de><meta name=keywords content='a, b'>"
     "<link rel='\u00e9 image_src' href=/i.png><link rel=IMAGE_SRC href=/j.png><link "
     "rel=canonical><base><base href=/z/></head><body><p>x</p></body></html>"),
    ("<html><body><nav class=author>Not Me</nav><h1>Head</h1><span itemprop=author>"
     "<span itemprop=name>Ann Lee</span></span><div itemprop=datePublished "
     "content=2023-05-06></div></body></html>"),
]


def _pages():
    return [decode(p.read_bytes()).data for p in CORPUS] + [h.encode() for h in ODD_HEADS]


def test_the_c_metadata_helpers_are_in_use():
    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    assert meta_head._C is not None and meta_body._FOLLOWING is not None
    assert prune._C_PRUNE is not None
    assert meta_head._COLLECT is not None and meta_body._MARKS is not None
    assert meta_body._NEAR is not None


@pytest.mark.parametrize("html", _pages())
def test_c_metadata_reading_equals_the_python_reading(html, monkeypatch):
    tree = LexborHTMLParser(html)
    body = tree.body
    fast = meta_head._collect(tree, tree.raw_html)
    h1 = body.css_first("h1")
    plan = prune.scan(body)
    found = plan.first_h1(tree)
    assert (found is None) == (h1 is None)
    if h1 is not None:
        assert found.html == h1.html and blocks._C_WALK.node_ptr(found) == (
            blocks._C_WALK.node_ptr(h1))
    starts = [body] + ([h1, h1.prev or h1] if h1 is not None else [])
    c_items = [meta_body._items(s, limit) for s in starts for limit in (80, 400)]
    c_meta = extract_metadata(LexborHTMLParser(html), "https://e.org/a")
    monkeypatch.setattr(meta_head, "_COLLECT", None)
    monkeypatch.setattr(meta_body, "_FOLLOWING", None)
    slow = meta_head._collect(tree, tree.raw_html)
    assert {k: getattr(fast, k) for k in fast.__slots__} == {
        k: getattr(slow, k) for k in slow.__slots__}
    py_items = [meta_body._items(s, limit) for s in starts for limit in (80, 400)]
    for c, py in zip(c_items, py_items):
        assert c == [x if isinstance(x, str) else (*x[:6], blocks._C_WALK.node_ptr(x[6]))
                     for x in py]
    assert extract_metadata(LexborHTMLParser(html), "https://e.org/a") == c_meta


@pytest.mark.parametrize("html", _pages())
def test_near_items_are_the_python_reading(html):
    # _meta.near_items: the texts and the tuples _near_headline's loop may act on, a
    # mark alone for another element with a class, as body._near_reference reads them.
    tree = LexborHTMLParser(html)
    body = tree.body
    h1 = body.css_first("h1")
    for start in [body] + ([h1, h1.prev or h1] if h1 is not None else []):
        for limit in (80, 900):
            want = [x if isinstance(x, str) or x[6] == 0
                    else (*x[:6], blocks._C_WALK.node_ptr(x[6]))
                    for x in meta_body._near_reference(meta_body._py_items(start, limit))]
            assert meta_body._NEAR(start, limit) == want


@pytest.mark.parametrize("html", _pages())
def test_the_language_sample_from_the_c_walk_is_the_python_walk(html):
    body = LexborHTMLParser(html).body
    assert meta_body._text_sample(body, 400) == list(meta_body._text_nodes(body, 400))


def test_near_items_mark_a_class_that_names_no_author():
    tree = LexborHTMLParser("<h1>T</h1><p class=lead>a</p><p class='Post-AUTHOR'>b</p>"
                            "<p class=\u00e9crivain>c</p><p class=''>d</p><p id=x>e</p>"
                            "<time datetime=z>f</time><p itemprop=x>g</p><a rel=next>h</a>")
    items = meta_body._NEAR(tree.css_first("h1"), 80)
    assert [x if isinstance(x, str) else x[:6] for x in items] == [
        "T", meta_body._NEAR_MARK[:6], "a", (False, None, "Post-AUTHOR", None, None, None),
        "b", (False, None, "\u00e9crivain", None, None, None), "c", "d", "e",
        (True, None, None, None, None, "z"), "f", (False, "x", None, None, None, None), "g",
        (False, None, None, "next", None, None), "h"]


@pytest.mark.parametrize("html", _pages())
def test_c_dateline_candidates_give_the_python_reading(html, monkeypatch):
    # The C walk's marks and its candidate texts (a year, an ending class) must give
    # labelled_dateline the same date as the Python walk's full list and full search.
    from cleaner.metadata.dateline import _YEAR as YEAR
    from cleaner.metadata.dateline import labelled_dateline

    tree = LexborHTMLParser(html)
    h1 = tree.body.css_first("h1")
    starts = [tree.body] + ([h1, h1.prev or h1] if h1 is not None else [])
    runs = [(s, limit, marks) for s in starts for limit in (80, 900) for marks in (1, 2)]
    c_reads = [meta_body._items(*run) for run in runs]
    monkeypatch.setattr(meta_body, "_FOLLOWING", None)
    monkeypatch.setattr(meta_body, "_MARKS", None)
    assert all(candidates is not None for _, candidates in c_reads)
    for run, (texts, candidates) in zip(runs, c_reads):
        py_texts, py_candidates = meta_body._items(*run)
        assert py_candidates is None
        if not candidates[0]:        # no year anywhere: the C walk decodes nothing
            assert texts == [] and not any(YEAR.search(t) for t in py_texts)
        else:                        # the texts it leaves out are short and hold no year
            assert len(texts) == len(py_texts)
            for i, (c, py) in enumerate(zip(texts, py_texts)):
                assert c == py or c == "" and len(py) < 200 and i not in candidates[0] or (
                    c == "\x01" and py[:1] == "\x01" and i not in candidates[1]
                    and not any(k in candidates[0] for k in range(i, i + 4)))
        for lang in ("en", "en-GB", "de"):
            for hinted in (False, True):
                assert labelled_dateline(texts, lang, hinted=hinted, candidates=candidates) == (
                    labelled_dateline(texts, lang, hinted=hinted))


@pytest.mark.parametrize("html", _pages())
def test_the_dateline_walk_equals_the_python_reading(html):
    # _meta.following_marks is body._marks_reference but for what labelled_dateline never
    # reads (a text or a class far from every year): the same date either way.
    from cleaner.metadata.dateline import labelled_dateline

    assert meta_body._MARKS is not None
    tree = LexborHTMLParser(html)
    h1 = tree.body.css_first("h1")
    for start in [tree.body] + ([h1, h1.prev or h1] if h1 is not None else []):
        for limit, marks in ((80, 1), (900, 1), (80, 2), (900, 2)):
            fast = meta_body._MARKS(start, limit, marks)
            full = meta_body._marks_reference(start, limit, marks)
            assert meta_body._marks_agree(fast, full)
            for lang in ("en", "de"):
                for hinted in (False, True):
                    assert labelled_dateline(fast[0], lang, hinted=hinted,
                                             candidates=fast[1:]) == labelled_dateline(
                        full[0], lang, hinted=hinted, candidates=full[1:]) == (
                        labelled_dateline(full[0], lang, hinted=hinted))


def test_the_marks_check_tells_a_wrong_reading():
    # Items 0 and 1 are far from the year at 5; 2 to 5 are near it.
    full = (["\x01far", "a", "b", "\x01by", "\x01date", "May 1, 2024", "\x01comment"],
            [5], [6])
    assert meta_body._marks_agree(full, full)
    assert meta_body._marks_agree(
        (["\x01", "", "b", "\x01by", "\x01date", "May 1, 2024", "\x01comment"], [5], [6]),
        full)
    assert not meta_body._marks_agree(
        (["\x01far", "a", "b", "\x01by", "\x01", "May 1, 2024", "\x01comment"], [5], [6]),
        full)                                                   # a date's mark blanked
    assert not meta_body._marks_agree(
        (["\x01far", "a", "", "\x01by", "\x01date", "May 1, 2024", "\x01comment"], [5],
         [6]), full)                                            # a text near the date
    assert not meta_body._marks_agree((full[0], [5], []), full)   # an after lost
    assert not meta_body._marks_agree((full[0][:-1], [5], [6]), full)  # one item short
    assert not meta_body._marks_agree(([], [], []), full)        # a year missed
    assert meta_body._marks_agree(([], [], []), (["a", "\x01b"], [], []))
    # The long texts (by bytes) must hold every long paragraph, in order.
    para = "p" * 200
    long_full = (["\x01far", para, "May 1, 2024", "é" * 150], [2], [])
    assert meta_body._marks_agree((*long_full, [1, 3]), long_full)   # 300 bytes: may be
    assert not meta_body._marks_agree((*long_full, [3]), long_full)  # a paragraph lost
    assert not meta_body._marks_agree((*long_full, [3, 1]), long_full)  # out of order


def test_the_prose_count_from_the_long_texts_is_the_full_count():
    from cleaner.metadata.dateline import _prose_stop

    texts = ["a", "p" * 250, "\x01" + "c" * 300, " " * 150 + "q" * 60, "r" * 200, "s" * 220]
    assert _prose_stop(texts) == _prose_stop(texts, [1, 2, 3, 4, 5]) == 5
    assert _prose_stop(texts[:5]) == _prose_stop(texts[:5], [1, 2, 3, 4]) == 5


def test_the_dateline_walk_finds_after_words_at_a_class_s_edges():
    # _meta's after-word scan skips the last five bytes and reads the second letter first:
    # a word ending the class, filling it, or cut one byte short is found as the Python
    # reading finds it.
    classes = ["teaser", "x-teaser", "teaseR", "tease", "comment", "a copyright",
               "copyrigh", "related", "rrelated", "recommend", "recommen", "tease-r",
               "ccomment", "trteaser", "c", ""]
    html = "<h1>T 2024</h1>" + "".join(f'<p class="{c}">2024</p>' for c in classes)
    start = LexborHTMLParser(html).css_first("h1")
    for marks in (1, 2):
        fast = meta_body._MARKS(start, 900, marks)
        full = meta_body._marks_reference(start, 900, marks)
        assert fast[2] == full[2]
        found = {fast[0][i][1:] for i in fast[2]}
        assert found == {"teaser", "x-teaser", "comment", "a copyright", "related",
                         "rrelated", "recommend", "ccomment", "trteaser"}


def test_the_dateline_walk_blanks_only_the_marks_it_may():
    tree = LexborHTMLParser("<h1>T</h1>" + "<p class=far>x</p>" * 6 + "<p class=byline>"
                            "<span class=date>May 1, 2024</span></p><div class=related-x>"
                            "<p class=y>z</p></div><p>2023</p>")
    texts, _years, afters, _longs = meta_body._MARKS(tree.css_first("h1"), 80, 1)
    assert texts[:3] == ["", "\x01", ""]     # no year near: neither text nor class is read
    at = texts.index("May 1, 2024")
    assert texts[at - 2:at] == ["\x01byline", "\x01date"]   # a date's marks keep theirs
    assert texts[afters[0]] == "\x01related-x"               # an after word keeps its class


def test_dateline_candidates_read_only_the_texts_named():
    # The candidate path trusts the walk's indices: a year outside them is not read, a
    # comment class among them ends the search.
    from cleaner.metadata.dateline import labelled_dateline

    texts = ["Headline", "By Jo", "March 5, 2024", "\x01comment-list", "June 1, 2023"]
    assert labelled_dateline(texts, "en") == ("2024-03-05", False, 2)
    assert labelled_dateline(texts, "en", candidates=([2, 4], [3])) == ("2024-03-05", False, 2)
    assert labelled_dateline(texts, "en", candidates=([4], [3])) == (None, False, -1)
    assert labelled_dateline(texts, "en", candidates=([4], [])) == ("2023-06-01", False, 3)
    assert labelled_dateline(texts, "en", candidates=([], [3])) == (None, False, -1)


def test_find_rare_is_bytes_find():
    import random

    rnd = random.Random(7)
    for _ in range(5000):
        data = bytes(rnd.choice(b"ld+jsonx<>") for _ in range(rnd.randrange(0, 60)))
        start = rnd.randrange(0, 12)
        assert blocks._C_WALK.find_rare(data, b"ld+json", 2, start) == data.find(b"ld+json",
                                                                                  start)


@pytest.mark.parametrize("html", _pages())
def test_c_json_ld_scripts_and_first_h1_equal_the_css_queries(html):
    tree = LexborHTMLParser(html)
    body = tree.body
    want = [n.text() or "" for n in body.css("script")
            if "ld+json" in (n.attributes.get("type") or "").lower()]
    assert blocks._C_WALK.json_ld_texts(body, meta_head._C.script_id, meta_head._C.type_id) == want
    h1 = body.css_first("h1")
    got = meta_head._first_h1(tree, body)
    assert (got.html if got is not None else None) == (h1.html if h1 is not None else None)


def test_metadata_init_takes_the_fields_in_order_and_stays_frozen():
    # Metadata's own __init__ (one dict update) must keep the dataclass's signature.
    import dataclasses
    import inspect
    import pickle

    from cleaner.metadata import Metadata

    params = list(inspect.signature(Metadata).parameters.values())
    fields = dataclasses.fields(Metadata)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [f.default for f in fields]
    m = Metadata("T", ("A",), "2024-03-05", tags=("x",))
    assert m == Metadata(title="T", authors=("A",), published="2024-03-05", tags=("x",))
    assert hash(m) == hash(dataclasses.replace(m)) and pickle.loads(pickle.dumps(m)) == m
    assert m.to_dict()["authors"] == ["A"] and Metadata().tags == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.title = "U"


def test_h1_title_leaves_out_script_and_style_text():
    # An ad's script inside a blog's <h1>: its code is no part of the headline.
    body = ("<h1>Joe. My. <style>h1{color:red}</style>God. <div><script>"
            "googletag.cmd.push(function() {});</script></div></h1><p>x</p>")
    assert extract_metadata(doc("", body)).title == "Joe. My. God."


def test_the_ascii_title_key_is_the_pattern_s():
    # values._norm reads ASCII text by a byte table: the same key as the pattern gives.
    from cleaner.metadata.values import _NOT_WORD, _norm

    texts = [chr(c) for c in range(128)] + [
        "Promise - JavaScript | MDN", "New_Links: 2024!", "ÉCOLE - Été", "Straße", "İstanbul"]
    for text in texts:
        assert _norm(text) == _NOT_WORD.sub("", text.casefold())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<!--", "-->", "<![CDATA[", "]]>", "//", " ", "\n", "{", "}",
                                 '"a"', ":", "1", ",", ";", "x"]), max_size=8))
def test_a_json_ld_wrapper_is_cut_only_where_it_may_be(pieces):
    # _load_json runs the wrapper pattern only on a text that opens or closes like one:
    # the same JSON as running it always.
    from cleaner.metadata import jsonld

    text = "".join(pieces)
    fixed = jsonld._WRAPPER.sub("", text.strip())
    fixed = re.sub(r",\s*([}\]])", r"\1", fixed).rstrip().rstrip(";")
    try:
        want = json.loads(text.strip(), strict=False) if text.strip() else None
    except ValueError:
        try:
            want = json.loads(fixed, strict=False)
        except ValueError:
            want = None
    assert jsonld._load_json(text) == want
