"""blocks.py: the one walk turns a body into text blocks and element block ranges."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import element, element_texts, page, texts, walk

from cleaner import blocks
from cleaner.blocks import CONTENT_ATTR, SEMANTIC, SUSPECT


def flags_of(cls: str, tag: str = "div") -> int:
    bl = walk(page(f'<{tag} class="{cls}"><p>Some paragraph text.</p></{tag}>'), do_prune=False)
    return bl.el_flags[element(bl, tag)]


# --- blocks and their text -----------------------------------------------------------------

def test_each_paragraph_is_its_own_block():
    bl = walk(page("<p>First paragraph.</p><p>Second paragraph.</p><p>Third one.</p>"))
    assert texts(bl) == ["First paragraph.", "Second paragraph.", "Third one."]
    assert [b.tag for b in bl.blocks] == ["p", "p", "p"]


def test_inline_elements_do_not_split_a_block():
    bl = walk(page("<p>This is <b>bold</b>, <em>stressed</em> and "
                   "<a href='/x'>linked</a> text in <span>one</span> sentence.</p>"))
    assert texts(bl) == ["This is bold, stressed and linked text in one sentence."]


def test_whitespace_runs_collapse_to_one_space():
    bl = walk(page("<p>  spread \n\n   over\t\tlines   </p>"))
    assert texts(bl) == ["spread over lines"]


def test_text_directly_in_a_div_is_a_block_separate_from_its_child_paragraph():
    bl = walk(page("<div>Loose text before<p>A paragraph.</p>loose text after</div>"))
    assert texts(bl) == ["Loose text before", "A paragraph.", "loose text after"]


def test_chars_do_not_count_spaces():
    bl = walk(page("<p>ab cd  ef</p>"))
    assert bl.blocks[0].chars == 6


def test_cjk_characters_each_count_as_one():
    bl = walk(page("<p>市议会周二晚上召开会议。</p>"))
    assert bl.blocks[0].chars == 12


def test_br_starts_a_new_line_of_the_same_paragraph():
    bl = walk(page("<p>12 Main Street<br>Springfield<br>USA</p>"))
    assert texts(bl) == ["12 Main Street", "Springfield", "USA"]
    assert [b.line for b in bl.blocks] == [False, True, True]
    assert len({b.parent for b in bl.blocks}) == 1


def test_double_br_is_a_paragraph_break():
    bl = walk(page("<div>First paragraph here.<br><br>Second paragraph here.</div>"))
    assert texts(bl) == ["First paragraph here.", "Second paragraph here."]
    assert bl.blocks[1].line is False


def test_leading_br_does_not_make_an_empty_block():
    bl = walk(page("<p><br>Only line.</p>"))
    assert texts(bl) == ["Only line."]


def test_link_characters_are_counted():
    bl = walk(page("<p><a href='/a'>Home</a></p><p>Plain text without any link.</p>"))
    home, plain = bl.blocks
    assert home.link_chars == home.chars == 4
    assert plain.link_chars == 0


def test_link_characters_are_counted_like_chars_without_spaces():
    # Block.chars excludes spaces and link_chars is "of which inside <a>": same unit.
    bl = walk(page("<p>Read <a href='/x'>the full report</a> today.</p>"))
    b = bl.blocks[0]
    assert b.chars == len("Readthefullreporttoday.")
    assert b.link_chars == len("thefullreport")


def test_link_characters_never_exceed_the_block_characters():
    bl = walk(page("<ul><li><a href='/1'>One link with many words</a></li></ul>"))
    assert bl.blocks[0].link_chars <= bl.blocks[0].chars


def test_pre_keeps_newlines_and_indentation():
    code = "def f(x):\n    if x:\n        return 1\n    return 0"
    bl = walk(page(f"<pre>{code}\n</pre>"))
    assert texts(bl) == [code]
    assert bl.blocks[0].tag == "pre"


def test_br_inside_pre_is_a_newline_within_the_block():
    bl = walk(page("<pre>line one<br>  line two</pre>"))
    assert texts(bl) == ["line one\n  line two"]


def test_text_after_pre_is_collapsed_again():
    bl = walk(page("<pre>a\n  b</pre><p>  after \n  pre  </p>"))
    assert texts(bl) == ["a\n  b", "after pre"]


def test_images_and_comments_make_no_text():
    bl = walk(page("<p>Before <img src='x.png' alt='an image'><!-- a comment --> after.</p>"))
    assert texts(bl) == ["Before after."]


def test_scripts_and_styles_are_never_text():
    bl = walk(page("<p>Visible text.</p><script>var hidden = 1;</script>"
                   "<style>p { color: red }</style>"))
    assert texts(bl) == ["Visible text."]


def test_raw_text_fallbacks_never_leak_their_markup():
    # The parser keeps the inside of <noframes>, <noembed> and <iframe> as raw text: read
    # as text, it would put literal "<p>" into the article.
    bl = walk(page("<p>Visible text.</p><noframes><p>No frames</p></noframes>"
                   "<noembed><b>No embed</b></noembed><iframe><p>old</p></iframe>"))
    assert texts(bl) == ["Visible text."]


def test_ruby_reading_and_its_parentheses_are_not_text():
    # 子(こ)ども: the reading glued in would make "子こども", a word that is not on the page.
    bl = walk(page("<p>東京の<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもは元気です。</p>"
                   "<p><ruby>漢<rtc><rt>hàn</rt></rtc>字</ruby> text.</p>"))
    assert texts(bl) == ["東京の子どもは元気です。", "漢字 text."]


def test_noscript_of_escaped_markup_is_not_text():
    # A tracking pixel written out escaped: read as text it is a literal "<img ...>" line.
    bl = walk(page("<p>Visible text.</p><noscript>&lt;img height=\"1\" width=\"1\" "
                   "src=\"https://px.example.com/tr?id=1\"/&gt;</noscript>"
                   "<noscript><!-- pixel -->\n &lt;iframe src=x&gt;&lt;/iframe&gt;</noscript>"
                   "<p>After.</p>"))
    assert texts(bl) == ["Visible text.", "After."]


def test_escaped_markup_of_a_noscript_in_the_head_is_not_text():
    # Its text closes the <noscript> and the <head>: the parser puts it first in the body,
    # in no element. Other text directly in the body is still read.
    html = ("<html><head><title>t</title><noscript>&lt;img height=\"1\" src=\"/px\"/&gt;"
            "</noscript></head><body><p>Visible text.</p>Loose &lt;text&gt; here.</body></html>")
    assert texts(walk(html)) == ["Visible text.", "Loose <text> here."]


def test_noscript_of_markup_or_plain_text_is_read():
    # Parsed markup in <noscript> is what some SPAs serve crawlers; plain text is a message
    # (scored like any other text); text that only mentions a tag later is not markup.
    bl = walk(page("<noscript><p>The whole article, served to crawlers.</p></noscript>"
                   "<div><noscript>Please enable JavaScript.</noscript></div>"
                   "<div><noscript>Use &lt;noscript&gt; with care.</noscript></div>"))
    assert texts(bl) == ["The whole article, served to crawlers.", "Please enable JavaScript.",
                         "Use <noscript> with care."]


# --- element ranges ------------------------------------------------------------------------

def test_element_range_covers_exactly_its_blocks():
    bl = walk(page("<p>Before.</p><div id='box'><p>In one.</p><p>In two.</p></div><p>After.</p>"))
    assert element_texts(bl, element(bl, "div")) == ["In one.", "In two."]


def test_nested_element_ranges_are_contained_in_their_parent():
    bl = walk(page("<section><div><p>A.</p><p>B.</p></div><p>C.</p></section>"))
    sec, div = element(bl, "section"), element(bl, "div")
    assert element_texts(bl, sec) == ["A.", "B.", "C."]
    assert element_texts(bl, div) == ["A.", "B."]
    assert bl.el_parent[div] == sec


def test_element_without_text_has_an_empty_range():
    bl = walk(page("<p>Text.</p><div></div><p>More.</p>"))
    div = element(bl, "div")
    assert bl.el_start[div] == bl.el_end[div]


def test_block_parent_is_its_innermost_block_element():
    bl = walk(page("<div><ul><li>Item <b>one</b></li></ul></div>"))
    b = bl.blocks[0]
    assert b.tag == "li"
    assert bl.el_tag[b.parent] == "li"


def test_elements_are_listed_in_document_order():
    bl = walk(page("<article><h1>T</h1><p>P</p><ul><li>L</li></ul></article>"))
    assert [t for t in bl.el_tag if t != "body"] == ["article", "h1", "p", "ul", "li"]


# --- hidden elements -----------------------------------------------------------------------

@pytest.mark.parametrize("cls", ["sr-only", "visually-hidden", "visuallyhidden",
                                 "screen-reader-text", "d-none", "hidden"])
def test_hidden_class_token_skips_the_subtree(cls):
    bl = walk(page(f"<p>Visible text.</p><div class='{cls}'><p>Opens in a new window</p></div>"))
    assert texts(bl) == ["Visible text."]


def test_screen_reader_only_span_inside_a_paragraph_is_left_out():
    bl = walk(page("<p>Read <a href='/r'>the report<span class='sr-only'> (opens in a new "
                   "window)</span></a> today.</p>"))
    assert texts(bl) == ["Read the report today."]


def test_bootstrap_d_none_with_a_breakpoint_display_is_kept():
    bl = walk(page("<div class='d-none d-md-block'><p>Shown on larger screens.</p></div>"))
    assert texts(bl) == ["Shown on larger screens."]


def test_tailwind_hidden_with_a_breakpoint_is_kept():
    bl = walk(page("<div class='hidden md:block'><p>Shown on larger screens.</p></div>"))
    assert texts(bl) == ["Shown on larger screens."]


def test_hidden_words_inside_longer_class_tokens_do_not_hide():
    # Only a whole token hides: "hidden-gems" names a section about hidden gems.
    bl = walk(page("<div class='shadow header-lead hidden-gems'><p>Lead paragraph.</p></div>"))
    assert texts(bl) == ["Lead paragraph."]


# --- element flags -------------------------------------------------------------------------

@pytest.mark.parametrize("cls", ["related-posts", "share-bar", "ad-slot", "ad", "sidebar",
                                 "cookie-banner", "newsletter-signup", "comments",
                                 "breadcrumb", "site-footer", "outbrain-widget", "most-read",
                                 "top-ad", "ads_box", "nav"])
def test_boilerplate_class_token_makes_the_element_suspect(cls):
    assert flags_of(cls) & SUSPECT


@pytest.mark.parametrize("cls", ["header-lead", "shadow", "loaded", "adapted-text",
                                 "download", "canvas", "headline", "badge", "gradient",
                                 "tag-diamond", "category-news", "product_tag-x",
                                 "post-123 tag-diamond category-news format-standard",
                                 ("entry-category-social_media entry-author-ad_team "
                                  "entry-type-post entry")])
def test_ordinary_class_token_is_not_suspect(cls):
    assert not flags_of(cls) & SUSPECT


@pytest.mark.parametrize("cls", ["paywall-on", "has-share-bar", "extra-styles",
                                 "newsletter-style-dark", "no-sidebar",
                                 "with-sidebar", "is-sponsored", "show-social-links",
                                 "enable-nav-button", "comments_off", "hide-read-more-ad",
                                 "font-size-sm", "i-font-size_-1", "font-size--17",
                                 "js-social-images", "js-comment"])
def test_a_token_naming_a_state_or_style_is_not_suspect(cls):
    # What the page has or shows ("has-share-bar" on the article) is not what the element is;
    # nor is a script's hook ("js-social-images": the script finds the images to share).
    assert not flags_of(cls) & SUSPECT


@pytest.mark.parametrize("cls", ["paywall-on share-bar", "has-share-bar sidebar",
                                 "onboarding-modal", "shows-list sidebar", "nothing-sidebar",
                                 "extra-fields-on-top", "fontsize-controls",
                                 "js-share social-share"])
def test_a_role_keyword_beside_a_state_token_still_counts(cls):
    # Only a token with a whole state segment at its edge goes neutral ("onboarding" is not
    # "on"; inside a token "on" is an ordinary word).
    assert flags_of(cls) & SUSPECT


@pytest.mark.parametrize("cls", ["contextmenu", "readable-text", "downloadable",
                                 "foldable-card", "expandable", "expandable-section",
                                 "expandablegrid"])
def test_a_keyword_inside_an_ordinary_word_is_not_suspect(cls):
    # "menu" in "contextmenu" (the right-click event a script hooks on the article), the ad
    # network "dable" in "readable": the word is something else.
    assert not flags_of(cls) & SUSPECT


@pytest.mark.parametrize("cls", ["contextmenu-nav", "dable-widget", "dablewidget",
                                 "readable share-bar", "main-menu",
                                 "bbcodeblock bbcodeblock--quote", "bbcode_quote"])
def test_a_keyword_beside_an_ordinary_word_still_counts(cls):
    assert flags_of(cls) & SUSPECT


@pytest.mark.parametrize("cls", ["sharing-with-multiple-developers-code-review",
                                 "getting-into-trouble-with-comments",
                                 "related-articles-for-further-reading"])
def test_a_headings_slug_is_not_suspect(cls):
    # Five words or more joined by '-': the anchor of a section named after its heading.
    assert not flags_of(cls) & SUSPECT


@pytest.mark.parametrize("cls", ["share-bar-top-left", "related-posts-2-col-x",
                                 "comments--list-a-b", "ad_slot-top-left-big"])
def test_a_short_or_numbered_keyword_token_still_counts(cls):
    # Four words, a number or a '_' / '--' in it: a component's name, not a heading's slug.
    assert flags_of(cls) & SUSPECT


def test_id_is_read_like_a_class():
    bl = walk(page("<div id='related-posts'><p>Some paragraph text.</p></div>"), do_prune=False)
    assert bl.el_flags[element(bl, "div")] & SUSPECT


@pytest.mark.parametrize("tag", ["nav", "aside", "footer", "header", "form"])
def test_chrome_tags_are_suspect(tag):
    bl = walk(page(f"<{tag}><p>Some text.</p></{tag}>"), do_prune=False)
    assert bl.el_flags[element(bl, tag)] & SUSPECT


@pytest.mark.parametrize("markup, tag", [
    ("<article><p>Body.</p></article>", "article"),
    ("<main><p>Body.</p></main>", "main"),
    ("<div role='main'><p>Body.</p></div>", "div"),
    ("<div itemprop='articleBody'><p>Body.</p></div>", "div"),
])
def test_main_content_markup_is_semantic(markup, tag):
    bl = walk(page(markup))
    assert bl.el_flags[element(bl, tag)] & SEMANTIC


@pytest.mark.parametrize("cls", ["article-body", "entry-content", "post-body", "story"])
def test_content_class_is_flagged_as_content(cls):
    assert flags_of(cls) & CONTENT_ATTR


def test_plain_div_has_no_flags():
    assert flags_of("col-md-8") == 0


# --- robustness ----------------------------------------------------------------------------

def test_very_deep_nesting_does_not_raise_recursion_error():
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + "<p>Deep paragraph.</p>" + "</div>" * depth
    html += "</body></html>"
    bl = walk(html, do_prune=False)
    assert texts(bl) == ["Deep paragraph."]


def test_empty_body_gives_no_blocks():
    bl = walk(page(""))
    assert bl.blocks == []


def test_build_accepts_no_semantic_set():
    from selectolax.lexbor import LexborHTMLParser
    tree = LexborHTMLParser(page("<p>One.</p>"))
    assert [b.text for b in blocks.build(tree.body).blocks] == ["One."]


# --- the C walk (cleaner/_walk.pyx) ----------------------------------------------------------

def test_the_built_c_walk_is_in_use():
    """When the extension was built, it must have passed its layout check: a silent fall
    back to the Python walk would halve the speed unnoticed (.ci/run builds it)."""
    import importlib.util
    if importlib.util.find_spec("cleaner._walk") is None:
        pytest.fail("cleaner._walk is not built: pip install -e . needs Cython and a C compiler")
    assert blocks._C_WALK is not None


def test_every_c_extension_setup_py_names_is_built():
    """setup.py's build swallows a compile error (the Python references then run): on a
    machine with Cython and a compiler, as CI's, a .pyx that stopped compiling must fail
    here, not halve the speed unnoticed."""
    import importlib.util
    import re
    setup = (Path(__file__).parent.parent / "setup.py").read_text()
    names = re.findall(r'Extension\("(cleaner\.\w+)"', setup)
    assert len(names) >= 4
    missing = [n for n in names if importlib.util.find_spec(n) is None]
    assert not missing, f"not built: {missing} (pip install -e . shows why)"


WHITESPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()]
NEAR_WHITESPACE = ["\u200b", "\u180e", "\ufeff", "\u2060", "\u00ad", "\u2800", "\u3164"]
CORPUS_PAGES = sorted((Path(__file__).parent.parent / "corpus").glob("*.html"))
EDGE_PAGES = [
    "<p>a<br>b<br><br>c</p><pre>x<br>y\n</pre>",
    "<div class='hidden'><p>hidden</p></div><div class='hidden md:block'><p>shown</p></div>",
    "<article><header><h1>Head</h1></header><p>Body <a href='#'>link</a>.</p></article>",
    "<main role='main'><div itemprop='articleBody'><p>x</p></div></main><footer>f</footer>",
    ("<span class='sr-only'>sr</span><a class='visually-hidden'>v</a><x-y>custom</x-y>"
     "<!-- c --><?pi x?><p>\u00a0</p><p> \u3000 </p><table><tr><td>1</td></tr></table>"),
    "<div>" * 300 + "deep" + "</div>" * 300,
    "<p>x</p><noframes><p>nf</p></noframes><noembed>ne</noembed><p>y</p>",
    ("<html><head><noscript>&lt;img src=x&gt;</noscript></head><body>&lt;b&gt; <p>x</p>"
     "\u00a0&lt;i&gt;\u00a0<p>y</p>&lt;br&gt; z</body></html>"),
    ("<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>ども</p><noscript>&lt;img src=x&gt;"
     "</noscript><noscript> <!--c--> \u00a0&lt;b&gt;</noscript><noscript><p>kept</p>"
     "</noscript><p><noscript>text &lt;b&gt;</noscript><noscript></noscript></p>"),
    # Every character str.split() takes for whitespace, and near misses (U+200B, U+180E,
    # U+FEFF, U+2060 are not): the C walk collapses whitespace on UTF-8 bytes.
    "<p>" + "x".join(WHITESPACE + NEAR_WHITESPACE) + "</p><p><a href='#'>"
    + "\u00e9".join(WHITESPACE + NEAR_WHITESPACE) + "</a></p><pre>\n\n"
    + " y ".join(WHITESPACE) + "\n</pre><p>" + "".join(WHITESPACE) + "</p><br>"
    + "".join(WHITESPACE) + "<p>end</p>",
]


@pytest.mark.parametrize("html", [p.read_bytes() for p in CORPUS_PAGES] + EDGE_PAGES,
                         ids=[p.stem for p in CORPUS_PAGES] + [f"edge{i}" for i in range(len(EDGE_PAGES))])
def test_c_walk_gives_the_python_walks_blocks(html):
    from selectolax.lexbor import LexborHTMLParser

    from cleaner import prune
    from cleaner.decode import decode
    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    tree = LexborHTMLParser(decode(html).data if isinstance(html, bytes) else html)
    prune.prune(tree, tree.body)
    for reveal in (False, True):
        for cap in (1_000_000, 25):
            assert blocks.build(tree.body, reveal, cap) == blocks._build_py(tree.body, reveal, cap)


def _corpus_class_tokens() -> list[str]:
    from selectolax.lexbor import LexborHTMLParser
    tokens = set()
    for path in CORPUS_PAGES:
        for node in LexborHTMLParser(path.read_bytes()).css("[class], [id]"):
            for value in (node.attributes.get("class"), node.attributes.get("id")):
                tokens.update((value or "").lower().split())
    return sorted(tokens)


def test_c_token_matcher_gives_the_regexes_answers():
    """The C keyword matcher against the lexicon's regexes: every class token of the corpus,
    every keyword alone, inside words, as a '-'/'_' segment, and near misses."""
    from cleaner import lexicon as lx
    if blocks._C_TOKENS is None:
        pytest.fail("the C walk did not load")
    words = (lx.BOILERPLATE_SUBSTRINGS + lx.BOILERPLATE_SEGMENTS + lx.STRONG_BOILERPLATE_WORDS
             + lx.CONTENT_ATTR_WORDS + lx.TAXONOMY_PREFIXES + tuple(lx.HIDDEN_CLASS_SET)
             + lx.STATE_EDGE_SEGMENTS + lx.STYLE_SEGMENTS
             + tuple(f"share-{w}" for w in lx.STATE_EDGE_SEGMENTS + lx.STYLE_SEGMENTS)
             + tuple(f"{w}-sidebar" for w in lx.STATE_EDGE_SEGMENTS + lx.STYLE_SEGMENTS)
             + tuple(f"a-{w}-b" for w in lx.STATE_EDGE_SEGMENTS + lx.STYLE_SEGMENTS)
             + lx.FALSE_FRIENDS + tuple(f"{w}-nav" for w in lx.FALSE_FRIENDS)
             + tuple(f"share{w}" for w in lx.FALSE_FRIENDS)
             + ("share-with-many-other-people", "share-with-many-other", "a--b-c-d-e",
                "a-b-c-d-e1", "ab-cd-ef-gh-ij-", "x-y-z-w-v-u-t"))
    made = []
    for w in words:
        made += [w, f"x{w}", f"{w}x", f"a-{w}", f"{w}_b", f"x-{w}-y", w[:-1], w[1:],
                 w.upper().lower() + "\u00e9", f"\u65e5{w}", f"{w}-", f"-{w}"]
    tokens = _corpus_class_tokens() + made + ["", "-", "_", "a", "\u00e9\u00e8", "ad-", "_ad"]
    assert len(tokens) > 3000
    wrong = [t for t in tokens if blocks._C_TOKENS(t) != blocks._token_flags_re(t)]
    assert wrong == []


def test_c_walk_skips_whitespace_only_text_as_the_python_walk():
    """The C walk tests a text node for whitespace only eight bytes a step: runs of ASCII
    whitespace with one other byte (a control, a letter, a non-ASCII space or letter)
    at each offset, between inline elements, where a block's first text is skipped only
    if it is all whitespace."""
    from selectolax.lexbor import LexborHTMLParser
    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    spaces = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
    others = ["\x08", "\x0e", "\x1b", "!", "a", "\x7f", "\u00a0", "\u00e9", "\u3000"]
    texts = []
    for other in others:
        for k in range(20):
            run = "".join(spaces[(j * 7 + k) % len(spaces)] for j in range(19))
            texts += [run[:k] + other + run[k:], run[:k]]
    html = "".join(f"<p>{t}<b>x</b></p><div><i>{t}</i>{t}</div>" for t in texts)
    body = LexborHTMLParser(html).body
    assert blocks.build(body) == blocks._build_py(body)


def test_c_walk_collapses_whitespace_as_the_python_walk_at_every_offset():
    """The C walk copies 16 bytes of plain prose at once (ASCII, single spaces, none
    first) and collapses the rest a byte a step: random texts of words, single and
    double spaces, tabs, newlines, non-ASCII spaces and letters, "psum" (filler) across
    the 16-byte steps, give the Python walk's blocks, and filler_hint says whether any
    block holds "psum" or "PSUM"."""
    import random

    from selectolax.lexbor import LexborHTMLParser
    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    rng = random.Random(5)
    pieces = ["word", "a", "longerwordhere", " ", " ", " ", "  ", "\t", "\n", " \n ",
              "\u00a0", "\u3000", "\u00e9t\u00e9", "ps", "um", "PS", "UM", "m", "p",
              "x" * 15, "y" * 16, "\x1c"]
    for _ in range(300):
        paragraphs = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
                      for _ in range(rng.randint(1, 4))]
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        body = LexborHTMLParser(html).body
        c_walk, py_walk = blocks.build(body), blocks._build_py(body)
        assert c_walk == py_walk, paragraphs
        assert c_walk.filler_hint == any("psum" in b.text or "PSUM" in b.text
                                         for b in py_walk.blocks), paragraphs


def test_c_literal_matcher_finds_overlapping_and_nested_words():
    """literals(words).contains against `any(w in text)`: words that are suffixes and
    prefixes of one another (the automaton's failure links), UTF-8 words, random texts
    over the words' own letters (so that near misses are common)."""
    import random
    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    cases = [["he", "she", "his", "hers"], ["abcd", "bc", "cde"], ["aab", "ab"],
             ["\u00e9t\u00e9", "t\u00e9l\u00e9", "\u00a9 2"], ["ad", "ads-", "-ad"]]
    rng = random.Random(7)
    for words in cases:
        matcher = blocks.literals(words)
        letters = "".join(sorted(set("".join(words)))) + "x "
        texts = ["", words[0][:-1], *words, *(w[1:] for w in words)]
        texts += ["".join(rng.choice(letters) for _ in range(rng.randint(0, 12)))
                  for _ in range(2000)]
        wrong = [t for t in texts if matcher.contains(t) != any(w in t for w in words)]
        assert wrong == [], words


def test_c_token_matcher_gives_the_regexes_answers_on_random_tokens():
    """Tokens glued from the lexicon's words, their pieces and separators: a keyword at
    an edge, as a segment or inside a word, overlapping another, a false friend near a
    keyword."""
    import random

    from cleaner import lexicon as lx
    if blocks._C_TOKENS is None:
        pytest.fail("the C walk did not load")
    words = (lx.BOILERPLATE_SUBSTRINGS + lx.BOILERPLATE_SEGMENTS + lx.STRONG_BOILERPLATE_WORDS
             + lx.CONTENT_ATTR_WORDS + lx.TAXONOMY_PREFIXES + tuple(lx.HIDDEN_CLASS_SET)
             + lx.STATE_EDGE_SEGMENTS + lx.STYLE_SEGMENTS + lx.FALSE_FRIENDS
             + tuple(lx.SLUG_LINK_WORDS) + ("x", "q", "ab", "post"))
    pieces = list(words) + [w[:2] for w in words] + [w[-3:] for w in words]
    rng = random.Random(11)
    tokens = []
    for _ in range(20000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 6))]
        tokens.append("".join(p + rng.choice(("", "", "-", "_")) for p in parts))
    wrong = [t for t in tokens if blocks._C_TOKENS(t) != blocks._token_flags_re(t)]
    assert wrong == []


def test_c_class_flags_give_the_python_answers():
    """Whole class + id strings: case, ASCII separators Python's split() knows, hiding
    tokens with and without a "shown again" partner, non-ASCII, long strings."""
    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    tokens = _corpus_class_tokens()
    keys = [" ".join(tokens[i:i + 4]) for i in range(0, len(tokens), 3)]
    keys += ["Related-Posts", "NAV\x1cbar", "a\x0bad", "hidden md:block", "d-none d-md-block",
             "sr-only x", "HIDDEN", "x" * 300 + " advert", "caf\u00e9 ad", "ad\u00a0x", " ", ""]
    wrong = [k for k in keys
             if blocks._C_WALK.class_flags(k) != blocks._class_flags(k)]
    assert len(keys) > 500 and wrong == []


def test_c_class_flags_lower_case_at_every_offset():
    """_key_flags lower-cases eight bytes a step: every case of every letter, and the
    bytes next to A-Z ('@', '[', '`', '{'), at each offset of the eight."""
    import random
    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    rng = random.Random(5)
    tokens = _corpus_class_tokens()
    keys = []
    for k in range(3000):
        key = " ".join(rng.choice(tokens) for _ in range(rng.randint(1, 5)))
        key = "".join(c.upper() if rng.random() < 0.4 else c for c in key)
        cut = rng.randint(0, len(key))
        keys.append(key[:cut] + rng.choice("@[`{AZaz \t") + key[cut:])
    keys += [" " * k + "NAV-Bar" for k in range(9)] + ["@[`{" * k + "AD" for k in range(5)]
    wrong = [k for k in keys
             if blocks._C_WALK.class_flags(k) != blocks._class_flags(k)]
    assert wrong == []


def test_c_walk_reads_long_class_keys_as_the_python_walk():
    """Class + id keys over the C walk's short-key cache (59 bytes), under and over its
    long-key cache's bound (1,024), ASCII or not, with a hiding token or without; each
    twice (the second time from the cache), on block elements and on <span>s."""
    from selectolax.lexbor import LexborHTMLParser
    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    pad = " ".join(f"w-{k} px-{k}" for k in range(12))          # ~110 bytes
    classes = [pad, pad + " sidebar", pad + " sr-only", pad + " hidden md:block",
               pad + " caf\u00e9", pad + " ADVERT", "x " * 600 + "related", "x " * 600,
               pad + " " + pad + " entry-content"]
    parts = []
    for k, cls in enumerate(classes * 2):
        parts.append(f"<div class='{cls}' id='n{k % 3}'><p>block {k} words here</p>"
                     f"<span class='{cls}'>span {k}</span></div>")
    body = LexborHTMLParser("<body>" + "".join(parts) + "</body>").body
    for reveal in (False, True):
        assert blocks.build(body, reveal) == blocks._build_py(body, reveal)


CHROME_PAGES = [
    "<article><header><h1>H</h1></header><aside><nav>x</nav></aside><p>" + "w " * 50
    + "</p></article><header><nav>a</nav></header><footer><div hidden>h</div></footer>",
    "<main><header>" + "story " * 100 + "</header></main><nav>menu</nav>",
    "<body role=navigation><p>" + "w " * 30 + "</p><div style='DISPLAY:NONE'>a</div>"
    "<div style='display : none'>b</div><div style='visibility:HIDDEN'>c</div>"
    "<div style='visibility: Hidden'>c2</div><div style='overflow:hidden'>d</div>"
    "<div style='display:\u00a0none'>e</div><div role='Navigation'>f</div>"
    "<div role='main navigation'>g</div><div aria-hidden='TRUE'>h</div>"
    "<div aria-hidden='true'><script>x</script>i</div><div hidden=false>j</div>"
    "<svg><g style='display:none'><text>k</text></g></svg><style>p{}</style>"
    "<div ROLE='banner'><span role='search'>l</span></div><div style=''>m</div>"
    "<article><div><header>n</header></div></article><aside><header>o</header></aside></body>",
    "<body hidden></body>",
    "<body><nav></nav><script>only</script></body>",
    # roles and panel words read as bytes: long or non-ASCII values go to Python
    "<body><p>" + "w " * 30 + "</p><div role='NAVIGATION\u0130'>r1</div>"
    "<div role='" + "navigation " * 8 + "'>r2</div><div role='tabpanel\u00e9' hidden>r3</div>"
    "<div role=TABPANEL hidden>r4</div><div class='" + "x " * 200 + "FAQ-item' hidden>r5</div>"
    "<div id='" + "y" * 300 + "' hidden>r6</div><div class='collaps\u00e9' hidden>r7</div>"
    "<div role=n hidden>r8</div><div role=contentinfo>r9</div></body>",
    # collapsed panels (prune.is_panel) stay; other hidden elements go
    "<body><p>" + "w " * 30 + "</p><div role=tabpanel hidden>t1</div>"
    "<div role='TabPanel' style='display:none'>t2</div><div class='Accordion-Body' hidden>a</div>"
    "<div id=faq-3 aria-hidden=true>f</div><div class='collapse' style='display:none'>c</div>"
    "<div role=region hidden>r</div><div class=panel hidden>p</div>"
    "<div role=navigation class=collapse hidden>n</div><nav class=tab-pane>v</nav>"
    "<div hidden><div role=tabpanel>inner</div></div><div class='' id='' role='' hidden>e</div></body>",
    # a link hidden from screen readers only (a teaser linked twice) is shown: kept
    "<body><p>" + "w " * 30 + "</p><a href=/x aria-hidden=true><p>teaser</p></a>"
    "<span aria-hidden=true>icon</span><a href=/y hidden>gone</a></body>",
]


def test_prune_keeps_a_link_hidden_from_screen_readers_only():
    from selectolax.lexbor import LexborHTMLParser

    from cleaner import prune
    tree = LexborHTMLParser(CHROME_PAGES[-1])
    prune.prune(tree, tree.body)
    assert [w for w in tree.body.text(separator=" ").split() if w != "w"] == ["teaser"]


def test_prune_keeps_collapsed_panels_and_drops_other_hidden_elements():
    from selectolax.lexbor import LexborHTMLParser

    from cleaner import prune
    tree = LexborHTMLParser(CHROME_PAGES[-2])
    prune.prune(tree, tree.body)
    left = tree.body.text(separator=" ").split()
    assert [w for w in left if w != "w"] == ["t1", "t2", "a", "f", "c", "r"]


def test_a_run_of_menu_labels_is_not_prose():
    from cleaner import score
    assert score._label_run("Solidbody Guitars Semi-hollowbody Guitars Hollowbody Guitars "
                            "Baritone Guitars 7-string Guitars MIDI Guitars & Pickups")
    assert not score._label_run("The Canopy Shelf Dining Set 6 Place from The Bush\u2026")
    assert not score._label_run("We ship every order within two days of payment")
    assert not score._label_run("Free Shipping On All Orders")            # too few words


@pytest.mark.parametrize("html", [p.read_bytes() for p in CORPUS_PAGES] + EDGE_PAGES + CHROME_PAGES,
                         ids=[p.stem for p in CORPUS_PAGES]
                         + [f"edge{i}" for i in range(len(EDGE_PAGES))]
                         + [f"chrome{i}" for i in range(len(CHROME_PAGES))])
@pytest.mark.parametrize("keep_hidden", [False, True], ids=["prune", "keep_hidden"])
def test_c_prune_removes_what_the_python_prune_removes(html, keep_hidden):
    from selectolax.lexbor import LexborHTMLParser

    from cleaner import prune
    from cleaner.decode import decode
    assert prune._C_PRUNE is not None
    data = decode(html).data if isinstance(html, bytes) else html
    with_c, with_py = LexborHTMLParser(data), LexborHTMLParser(data)
    prune.prune(with_c, with_c.body, keep_hidden=keep_hidden)
    saved, prune._C_PRUNE = prune._C_PRUNE, None
    try:
        prune.prune(with_py, with_py.body, keep_hidden=keep_hidden)
    finally:
        prune._C_PRUNE = saved
    assert with_c.body.html == with_py.body.html
    # The scan's text length is the one the chrome's share was measured against.
    stripped = LexborHTMLParser(data)
    plan = prune.scan(stripped.body, keep_hidden)
    stripped.strip_tags(["script", "style"])
    assert plan.text == len(stripped.body.text(deep=True))
    # And each chrome candidate's, measured by the same walk, but for those never removed
    # (the body, an article's own header); and the candidate around each.
    from cleaner import _walk
    body, sizes, outer = _walk.node_ptr(stripped.body), [], []
    for address in plan.chrome:
        node = stripped.body                # a fresh wrapper, pointed at the candidate
        _walk.point(node, address)
        ancestors, up = [], node.parent
        while up is not None:
            ancestors.append(up)
            up = up.parent
        own_header = node.tag == "header" and any(a.tag in ("article", "main")
                                                  for a in ancestors)
        sizes.append(-1 if address == body or own_header else len(node.text(deep=True)))
        around = [plan.chrome.index(a) for a in map(_walk.node_ptr, ancestors)
                  if a in plan.chrome and a != body]
        outer.append(around[0] if around else -1)
    assert plan.sizes == sizes and plan.outer == outer


def test_python_prune_takes_an_element_matched_by_several_selectors_once(monkeypatch):
    # <header role=banner hidden> matches three selectors of CHROME_QUERY; a second copy
    # would be read after the first was decomposed (freed memory).
    from selectolax.lexbor import LexborHTMLParser

    from cleaner import prune
    seen = []
    is_chrome = prune._is_chrome
    monkeypatch.setattr(prune, "_is_chrome", lambda n, k: seen.append(n.mem_id) or is_chrome(n, k))
    monkeypatch.setattr(prune, "_C_PRUNE", None)
    tree = LexborHTMLParser("<body><header role=banner hidden>Menu</header>"
                            "<nav role=navigation>Home</nav><p>" + "Body text. " * 40 + "</p>")
    prune.prune(tree, tree.body)
    assert len(seen) == len(set(seen)) == 2
    assert "Menu" not in tree.body.text() and "Home" not in tree.body.text()


def test_prune_keep_hidden_keeps_hidden_elements_but_still_drops_chrome():
    from selectolax.lexbor import LexborHTMLParser

    from cleaner import prune
    tree = LexborHTMLParser(CHROME_PAGES[-2])
    prune.prune(tree, tree.body, keep_hidden=True)
    left = tree.body.text(separator=" ").split()
    # every hidden element stays (the panels, 'p', 'inner', 'e'); chrome by tag or role goes
    assert {"t1", "a", "p", "inner", "e"} <= set(left)
    assert "n" not in left and "v" not in left
