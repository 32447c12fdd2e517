"""Markdown and safe HTML output: golden files, a CommonMark round trip, and the rules."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser

from cleaner import Options, clean
from tests.golden import update as golden

ROOT = Path(__file__).resolve().parent.parent
MD = MarkdownIt("commonmark").enable("table")
BOTH = Options(formats=("markdown", "html"))
WORDS = re.compile(r"\w+")


def _rendered_words(markdown: str) -> collections.Counter:
    body = LexborHTMLParser(MD.render(markdown)).body
    return collections.Counter(WORDS.findall((body.text(separator=" ") if body else "").lower()))


@pytest.mark.parametrize("name", sorted(golden.PAGES))
def test_markdown_matches_its_reviewed_golden_file(name):
    expected = (ROOT / "tests" / "golden" / f"{name}.md").read_text(encoding="utf-8")
    assert golden.render(name) == expected, "run python -m tests.golden.update and review"


@pytest.mark.parametrize("page", sorted((ROOT / "corpus").glob("*.html")), ids=lambda p: p.stem)
def test_markdown_renders_back_to_the_same_words_as_the_text(page):
    article = clean(page.read_bytes(), options=BOTH)
    assert _rendered_words(article.markdown) == collections.Counter(
        WORDS.findall(article.text.lower()))


def _structure() -> str:
    return (ROOT / "tests" / "fixtures" / "structure.html").read_text(encoding="utf-8")


def test_headings_lists_code_quotes_and_tables_become_markdown():
    md = clean(_structure(), options=BOTH).markdown
    assert "## A list with a nested list" in md
    assert "- First item, a full sentence about the first step." in md
    assert re.search(r"^ +1\. Nested one comes first\.$", md, re.MULTILINE)
    assert "```python\ndef add(a, b):" in md
    assert "> A quoted sentence" in md
    assert "| Name | Count |\n|---|---|\n| Alpha | 12 |" in md


def test_a_code_language_goes_to_its_pre_not_to_the_list_item_around_it():
    body = ("<h1>Title</h1><p>" + "An introduction sentence with enough words. " * 8
            + "</p><ol><li>Step one, run this:<pre><div><code class='language-python'>x = 1"
            "</code></div></pre></li><li>Step two, done.</li></ol><pre class='language-js'>"
            "<code class='language-py'>y = 2</code></pre><p>"
            + "A closing paragraph with some more words. " * 6 + "</p>")
    md = clean(f"<html><body><article>{body}</article></body></html>",
               options=BOTH).markdown
    assert "```python\nx = 1\n```" in md
    assert "```js\ny = 2\n```" in md           # the pre's own class wins over its code's
    assert "1. Step one, run this:" in md and "2. Step two, done." in md


def test_text_that_looks_like_markdown_is_escaped():
    md = clean(_structure(), options=BOTH).markdown
    assert r"\*look\*" in md and r"\[not a link\](x)" in md and r"a\_b\_c" in md
    assert r"Beta \| gamma" in md        # a pipe inside a table cell


def test_links_and_images_only_when_asked_and_made_absolute():
    plain = clean(_structure(), url="https://example.com/guides/a", options=BOTH).markdown
    assert "(https://" not in plain
    rich = clean(_structure(), url="https://example.com/guides/a",
                 options=Options(formats=("markdown",), links=True, images=True)).markdown
    assert "[relative link](https://example.com/guides/setup.html)" in rich
    # the lazy-loaded image: data-src, not the data: placeholder in src
    assert "![A photo](https://example.com/guides/img/photo.jpg)" in rich
    assert "javascript:" not in rich and "script link" in rich


def test_html_output_is_an_allow_list():
    html = clean(_structure(), options=Options(formats=("html",), links=True, images=True)).html
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre", "code",
                    "blockquote", "table", "tr", "td", "a", "img", "em", "strong", "br"}
    assert "javascript:" not in html and "onerror" not in html
    assert "<li>Nested one comes first.</li>" in html


def test_event_handlers_and_script_urls_never_reach_the_html():
    page = ("<html><body><article><p onclick='steal()'>A paragraph that is long enough to count "
            "as prose with <a href='javascript:steal()' onmouseover='x()'>a link</a> in it.</p>"
            "<script>steal()</script></article></body></html>")
    html = clean(page, options=Options(formats=("html",), links=True)).html
    assert "steal" not in html and "onclick" not in html and "onmouseover" not in html


def test_without_formats_no_structure_is_rendered():
    article = clean(_structure())
    assert article.markdown is None and article.html is None


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        Options(formats=("pdf",))
