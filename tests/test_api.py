"""The public API: clean(), Options and Article, on typical and hostile input."""

from __future__ import annotations

import dataclasses
import random

import pytest
from conftest import PROSE, page, paragraphs

import cleaner
from cleaner import Article, Options, clean

ARTICLE_BODY = "<article><h1>Council debates library budget</h1>" + paragraphs() + "</article>"

TYPICAL_PAGE = page(
    "<header><div class='logo'>Example Daily</div>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
    "<li><a href='/sport'>Sport</a></li><li><a href='/culture'>Culture</a></li></ul></nav></header>"
    "<div id='cookie-banner'><p>We use cookies to improve your experience on our website. "
    "By continuing to browse you agree to our use of cookies.</p></div>"
    "<main><article><h1>Council debates library budget</h1>"
    "<div class='share-bar'><a href='/s/fb'>Share on Facebook</a> <a href='/s/x'>Share on X</a>"
    " <span>Email this story to a friend today</span></div>"
    + paragraphs() +
    "</article></main>"
    "<aside class='sidebar'><h3>Most read</h3><ul>"
    "<li><a href='/a'>Parks department unveils plan for new benches</a></li>"
    "<li><a href='/b'>Teenagers sign up for library cards in record numbers</a></li></ul></aside>"
    "<footer><p>Example Daily, 1 Newspaper Row, Springfield. Contact the newsroom at any time.</p>"
    "<p><a href='/privacy'>Privacy policy</a> <a href='/terms'>Terms of use</a></p></footer>",
    head="<title>Council debates library budget | Example Daily</title>",
)


# --- input types ---------------------------------------------------------------------------

def test_str_and_bytes_of_the_same_page_give_the_same_text():
    assert clean(TYPICAL_PAGE).text == clean(TYPICAL_PAGE.encode("utf-8")).text


def test_bytearray_and_memoryview_are_accepted_like_bytes():
    raw = TYPICAL_PAGE.encode("utf-8")
    expected = clean(raw).text
    assert clean(bytearray(raw)).text == expected
    assert clean(memoryview(raw)).text == expected


@pytest.mark.parametrize("wrong", [42, None, 3.5, ["<p>x</p>"]])
def test_wrong_input_type_raises_type_error(wrong):
    with pytest.raises(TypeError):
        clean(wrong)


def _random_binary() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(3000)) + b"\x00" * 200


@pytest.mark.parametrize("bad", [
    pytest.param(b"", id="empty-bytes"),
    pytest.param("", id="empty-str"),
    pytest.param(b"   \n\t  \r\n ", id="whitespace-only"),
    pytest.param(_random_binary(), id="random-binary"),
    pytest.param(b"Just a line of plain text with no markup at all, nothing else.",
                 id="plain-text"),
    pytest.param(b"<html><head><title>Coun", id="truncated-in-head"),
    pytest.param(b"<html>", id="bare-html-tag"),
    pytest.param(b"<html><body></body></html>", id="empty-body"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, id="png-header"),
])
def test_input_without_content_gives_empty_text_and_a_reason(bad):
    article = clean(bad)
    assert isinstance(article, Article)
    assert article.text == ""
    assert article.reason


def test_a_page_truncated_mid_tag_keeps_the_text_before_the_cut():
    html = page("<article>" + paragraphs() + "<p>And then the next para</p></article>")
    cut = html[: html.index("<p>And then")] + "<p cla"
    text = clean(cut).text
    for p in PROSE:
        assert p in text


def test_found_content_has_no_reason():
    assert clean(TYPICAL_PAGE).reason is None


def test_url_is_passed_through_to_the_article():
    assert clean(TYPICAL_PAGE, url="https://example.com/a").url == "https://example.com/a"
    assert clean(b"", url="https://example.com/empty").url == "https://example.com/empty"


def test_a_url_urllib_cannot_parse_does_not_raise_with_markup_output():
    html = page(paragraphs() + "<p>The full report on library funding is <a href='x'>here"
                "</a>, with the figures for every district.</p>", head="<base href='/dir/'>")
    article = clean(html, url="http://[::1", options=Options(formats=("markdown", "html"),
                                                              links=True))
    assert PROSE[0] in article.text and "/dir/x" in article.html


def test_encoding_is_reported_for_bytes():
    assert clean(TYPICAL_PAGE.encode("utf-8")).encoding == "utf-8"


def test_package_exports_the_documented_names():
    assert {"clean", "Article", "Options"} <= set(cleaner.__all__)
    assert isinstance(cleaner.__version__, str)


# --- Options -------------------------------------------------------------------------------

def test_options_are_frozen():
    opts = Options()
    with pytest.raises(dataclasses.FrozenInstanceError):
        opts.favor = "recall"


def test_options_are_keyword_only():
    with pytest.raises(TypeError):
        Options("precision")


def test_default_options_are_balanced_and_trim_the_tail():
    opts = Options()
    assert opts.favor == "balanced"
    assert opts.trim_tail is True
    assert opts.tables is True


@pytest.mark.parametrize("kwargs", [
    {"favor": "bogus"},
    {"max_link_density": 1.5},
    {"max_link_density": -0.1},
    {"min_block_chars": -1},
])
def test_invalid_options_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        Options(**kwargs)


@pytest.mark.parametrize("favor", ["balanced", "precision", "recall"])
def test_each_favor_setting_is_accepted(favor):
    assert clean(TYPICAL_PAGE, options=Options(favor=favor)).text


def test_precision_keeps_no_more_and_recall_no_less_than_balanced():
    lines = {f: set(clean(TYPICAL_PAGE, options=Options(favor=f)).text.split("\n"))
             for f in ("precision", "balanced", "recall")}
    assert lines["precision"] <= lines["balanced"] <= lines["recall"]


def test_favor_changes_what_is_kept_for_doubtful_blocks():
    # A half-linked paragraph and a short unpunctuated line inside the body are doubtful:
    # recall keeps what precision drops, so the two readings cannot be identical.
    html = page("<article>" + paragraphs(PROSE[:2])
                + "<p>See <a href='/r'>the full council report on library funding</a> for details</p>"
                + "<p>Budget figures in brief</p>" + paragraphs(PROSE[2:]) + "</article>")
    precision = clean(html, options=Options(favor="precision")).text
    recall = clean(html, options=Options(favor="recall")).text
    assert precision != recall


TABLE = ("<table><tr><th>Branch</th><th>Visitors</th></tr>"
         "<tr><td>Central</td><td>12,400</td></tr><tr><td>Riverside</td><td>8,100</td></tr></table>")


def test_data_table_inside_the_body_is_kept_by_default():
    html = page("<article>" + paragraphs(PROSE[:2]) + TABLE + paragraphs(PROSE[2:]) + "</article>")
    assert "Central\t12,400" in clean(html).text


def test_data_table_at_the_end_of_the_body_is_kept_by_default():
    html = page("<article>" + paragraphs() + TABLE + "</article>")
    assert "Central\t12,400" in clean(html).text


def test_tables_false_leaves_tables_out_but_keeps_the_prose():
    html = page("<article>" + paragraphs(PROSE[:2]) + TABLE + paragraphs(PROSE[2:]) + "</article>")
    text = clean(html, options=Options(tables=False)).text
    assert "Central" not in text
    assert text == "\n\n".join(PROSE)


# --- Article -------------------------------------------------------------------------------

def test_article_to_dict_has_all_fields():
    d = clean(TYPICAL_PAGE, url="https://example.com/a").to_dict()
    assert set(d) == {"text", "title", "url", "encoding", "reason", "markdown", "html",
                      "comments", "authors", "published", "modified", "site_name", "language",
                      "canonical_url", "description", "tags", "image"}
    assert d["url"] == "https://example.com/a"
    assert d["title"] == "Council debates library budget"


def test_article_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        clean(TYPICAL_PAGE).text = "changed"


# --- title ---------------------------------------------------------------------------------

def test_title_comes_from_og_title_first():
    html = page("<h1>The h1 headline</h1>" + paragraphs(),
                head="<meta property='og:title' content='The og headline'><title>The title tag</title>")
    assert clean(html).title == "The og headline"


def test_title_comes_from_h1_without_og_title():
    html = page("<h1>The h1 headline</h1>" + paragraphs(), head="<title>The title tag</title>")
    assert clean(html).title == "The h1 headline"


def test_title_comes_from_the_title_tag_last():
    html = page(paragraphs(), head="<title>The title tag</title>")
    assert clean(html).title == "The title tag"


def test_site_name_suffix_is_removed_from_the_title_tag():
    html = page(paragraphs(), head="<title>Council debates library budget | Example Daily</title>")
    assert clean(html).title == "Council debates library budget"


def test_page_without_any_title_has_none():
    assert clean(page(paragraphs())).title is None


def test_title_is_found_even_when_no_content_is():
    article = clean("<html><head><title>Only a title</title></head><body></body></html>")
    assert article.title == "Only a title"
    assert article.text == ""


def test_headline_h1_is_not_repeated_at_the_top_of_the_text():
    article = clean(page(ARTICLE_BODY))
    assert article.title == "Council debates library budget"
    assert "Council debates library budget" not in article.text
    assert article.text.startswith(PROSE[0])


def test_subheadings_other_than_the_headline_are_kept():
    html = page("<article><h1>Council debates library budget</h1>" + paragraphs(PROSE[:2])
                + "<h2>What happens next</h2>" + paragraphs(PROSE[2:]) + "</article>")
    assert "\n\nWhat happens next\n\n" in clean(html).text


def test_a_long_headline_after_the_body_does_not_shield_stray_lines_at_its_end():
    # The headline (dropped as Article.title) stood after a stray line: the end trim must
    # see the body as output, where that line is the last one.
    headline = ("Council debates the library budget as residents ask for longer opening "
                "hours in every district of the city")
    html = page(paragraphs(PROSE[:2]) + "<p>Photo gallery</p>" + f"<h1>{headline}</h1>")
    article = clean(html)
    assert article.title == headline
    assert article.text == "\n\n".join(PROSE[:2])


# --- typical pages -------------------------------------------------------------------------

def test_typical_article_page_gives_exactly_its_body():
    assert clean(TYPICAL_PAGE).text == "\n\n".join(PROSE)


@pytest.mark.parametrize("chrome", [
    "Home", "Sport", "We use cookies", "Share on Facebook", "Email this story",
    "Most read", "Parks department", "Privacy policy", "Newspaper Row", "Example Daily",
])
def test_page_chrome_never_appears_in_the_text(chrome):
    assert chrome not in clean(TYPICAL_PAGE).text


@pytest.mark.parametrize("cls", ["shadow", "loaded", "header-lead", "adapted-text",
                                 "download-section", "canvas-wrapper", "badge"])
def test_class_containing_ad_or_nav_as_a_substring_does_not_drop_the_body(cls):
    html = page(f"<div class='{cls}'>" + paragraphs() + "</div>"
                "<div class='sidebar'><ul><li><a href='/x'>Somewhere else entirely</a></li></ul></div>")
    assert clean(html).text == "\n\n".join(PROSE)


def test_wordpress_taxonomy_classes_on_the_article_do_not_drop_it():
    html = page("<article class='post-7 post type-post tag-ads tag-diamond category-news "
                "product_tag-sale format-standard'>" + paragraphs() + "</article>"
                "<div class='related-posts'><p>Another story about parks and benches, "
                "published yesterday afternoon.</p></div>")
    assert clean(html).text == "\n\n".join(PROSE)


def test_typepad_taxonomy_classes_on_the_entry_do_not_drop_it():
    # TypePad names the entry's categories on it: "social_media" is a category, not a
    # share bar (masked so, the story would lose to the longer column beside it).
    html = page("<div id='main'><div class='entry-category-social_media entry-category-news "
                "entry-author-jo entry-type-post entry'>" + paragraphs() + "</div>"
                "<div class='entry-categories'><a href='/c/1'>Social media</a> "
                "<a href='/c/2'>News</a></div></div>"
                "<div id='extra'><p>"
                + " ".join(["Column notes on gardening and the weather, with tips."] * 12)
                + "</p></div>")
    text = clean(html).text
    assert text.startswith("\n\n".join(PROSE))


def test_a_class_naming_the_storys_state_does_not_drop_it():
    # "paywall-on" on the body's wrapper and "has-share-bar" on the article name what the page
    # shows, not boilerplate: the story stays, the share bar inside it goes.
    html = page("<div class='story-body paywall-on'><article class='has-share-bar'>"
                + paragraphs() + "<div class='share-bar'><a href='/s'>Share</a> "
                "<a href='/t'>Tweet</a></div></article></div>"
                "<div class='column'><p>"
                + " ".join(["Column notes on gardening and the weather, with tips."] * 12)
                + "</p></div>")
    text = clean(html).text
    assert all(p in text for p in PROSE) and "Tweet" not in text


def test_documentation_sections_anchored_by_their_headings_slug_are_kept():
    # Each section's id is its heading's slug; "sharing" and "comments" in them are words of
    # the heading, not the names of a share bar or a comment thread.
    sections = [("sharing-with-multiple-developers-code-review", PROSE[:2]),
                ("getting-into-trouble-with-shared-comments", PROSE[2:])]
    html = page("<div class='content'>" + "".join(
        f"<div id='{slug}' class='section'><h2>{slug.replace('-', ' ')}</h2>"
        + "".join(f"<p>{p}</p>" for p in prose) + "</div>" for slug, prose in sections)
        + "</div><div class='share-bar'><a href='/s'>Share</a> <a href='/t'>Tweet</a></div>")
    text = clean(html).text
    assert all(p in text for p in PROSE) and "Tweet" not in text


def test_an_article_wrapped_in_a_contextmenu_hook_is_kept():
    html = page("<div class='contextmenu'><article>" + paragraphs() + "</article></div>"
                "<div class='menu'><a href='/'>Home</a> <a href='/news'>News</a></div>")
    text = clean(html).text
    assert all(p in text for p in PROSE) and "Home" not in text


def test_main_content_wrapped_in_a_header_element_is_not_lost():
    html = page("<header class='entry'>" + paragraphs() + "</header>"
                "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>")
    assert clean(html).text == "\n\n".join(PROSE)


def test_a_page_with_nothing_but_content_comes_back_whole():
    # No link, nothing named or tagged like boilerplate: short lines are content too.
    html = page("<p>Notes from the council</p>" + paragraphs(PROSE[:1]) + "<p>Thanks</p>"
                + paragraphs(PROSE[1:2]))
    assert clean(html).text == "\n\n".join(["Notes from the council", PROSE[0], "Thanks",
                                             PROSE[1]])


def test_cleaning_the_html_output_again_gives_the_same_text():
    first = clean(TYPICAL_PAGE, options=Options(formats=("html",)))
    again = clean(first.html, options=Options(formats=("html",)))
    assert again.text == first.text == "\n\n".join(PROSE)


def test_listing_page_of_links_is_read_as_a_listing():
    items = "".join(f"<li><a href='/p/{i}'>Product number {i}: a sturdy oak bookshelf with "
                    f"five adjustable shelves</a></li>" for i in range(40))
    text = clean(page(f"<main><ul class='products'>{items}</ul></main>")).text
    assert "Product number 0: a sturdy oak bookshelf" in text
    assert "Product number 39: a sturdy oak bookshelf" in text


def test_a_directory_of_links_under_an_introduction_is_read_as_a_listing():
    # Sixteen paragraphs of introduction (over LISTING_FALLBACK_CHARS), then a directory of
    # linked organisations holding more than LISTING_WIDE_GAIN times that: the page is
    # the directory. With half the entries, the introduction stays the text.
    def directory(n: int) -> str:
        items = "".join(f"<li><a href='/o/{i}'>Regional conservation trust number {i} of the "
                        f"northern river basin and its wetlands</a></li>" for i in range(n))
        return page("<div>" + paragraphs(PROSE * 4) + "</div>"
                    f"<div class='directory'><ul>{items}</ul></div>")
    text = clean(directory(200)).text
    assert "Regional conservation trust number 199 of" in text
    text = clean(directory(60)).text
    assert "Regional conservation trust" not in text and PROSE[0] in text


def test_a_page_whose_only_text_is_its_footer_has_no_main_content():
    # A script-rendered shop page as a crawler gets it: an empty shell, then the footer
    # (which, holding all the page's text, is not pruned). Its links are no content.
    footer = ("<footer><div class='links'><h5>Help</h5><p><a href='/h'>Help Center</a>, "
              "<a href='/d'>Disputes &amp; Reports</a>, <a href='/r'>Returns and refunds</a>, "
              "<a href='/i'>Report infringement</a></p><h5>Browse by Category</h5><p>"
              + ", ".join(f"<a href='/c/{i}'>Category {i}</a>" for i in range(30))
              + "</p></div><div class='legal'>Privacy Policy - Terms of Use - Sitemap</div>"
              "</footer>")
    article = clean(page("<div id='root'></div><div style='display:none'><h1>Shop</h1></div>"
                         + footer))
    assert article.text == ""
    # A story above the same footer is read as ever.
    assert clean(page(paragraphs() + footer)).text.startswith("\n\n".join(PROSE))


def test_very_deep_nesting_is_cut_at_max_depth_with_a_reason():
    # Lexbor parses deep <div> nesting in quadratic time: beyond Options.max_depth the
    # input is cut before the parse, what came before is kept, and reason says why.
    depth = 100_000
    html = ("<html><body>" + f"<p>{PROSE[1]}</p>" + "<div>" * depth + f"<p>{PROSE[0]}</p>"
            + "</div>" * depth + "</body></html>")
    article = clean(html)
    assert article.text == PROSE[1]
    assert "max_depth" in article.reason


def test_deep_nesting_within_max_depth_keeps_the_text():
    depth = 3_000
    html = "<html><body>" + "<div>" * depth + f"<p>{PROSE[0]}</p>" + "</div>" * depth + "</body></html>"
    article = clean(html)
    assert article.text == PROSE[0]
    assert article.reason is None


def test_max_nodes_stops_the_walk_with_a_reason():
    html = "<html><body>" + f"<p>{PROSE[0]}</p>" + "<span>x</span>" * 500 + "</body></html>"
    article = clean(html, options=Options(max_nodes=100))
    assert article.text.startswith(PROSE[0])
    assert "max_nodes" in article.reason


def test_max_bytes_reads_only_the_start_of_the_input():
    html = "<html><body>" + f"<p>{PROSE[0]}</p><p>{PROSE[1]}</p></body></html>"
    cut = html.index(PROSE[1]) + 10
    article = clean(html, options=Options(max_bytes=cut))
    assert PROSE[0] in article.text and PROSE[1] not in article.text
    assert "max_bytes" in article.reason


# --- retries when next to nothing is found -------------------------------------------------

def test_body_hidden_by_a_style_until_a_script_runs_is_read():
    # The whole body sits in a display:none wrapper that is not a panel, and the visible
    # rest is a menu and a short line: prune drops the wrapper as chrome (it holds less
    # than CHROME_MAX_TEXT_SHARE of the text), nothing is found, and the page is read
    # again with hidden elements kept.
    menu = "".join(f"<li><a href='/c/{i}'>Shop category number {i}</a></li>" for i in range(20))
    html = page(f"<nav><ul>{menu}</ul></nav>"
                "<div class='promo'>Free shipping on orders over 40 euros</div>"
                "<div class='product-wrapper defer-block' style='display:none'>"
                + paragraphs() + f"</div><footer><ul>{menu}</ul></footer>")
    text = clean(html).text
    assert all(p in text for p in PROSE)


def test_hidden_elements_stay_out_when_the_body_is_found():
    html = page(paragraphs() + "<div style='display:none'><p>A hidden sign-in dialog asks "
                "for your e-mail address and a password to continue shopping.</p></div>")
    text = clean(html).text
    assert PROSE[0] in text and "sign-in" not in text


def test_a_page_whose_only_content_is_its_headline_keeps_it():
    title = ("FCC chair to Europe: if you restrict US satellite providers, we will ban you "
             "here, says the regulator in a statement on market access reciprocity")
    html = page(f"<h1>{title}</h1><ul>" + "".join(
        f"<li><a href='/r/{i}'>Community number {i}</a></li>" for i in range(8)) + "</ul>",
        head=f"<title>{title}</title>")
    article = clean(html)
    assert article.title == title
    assert article.text == title


def test_the_headline_is_still_dropped_above_a_body():
    title = "Council debates library budget"
    html = page(f"<article><h1>{title}</h1>" + paragraphs() + "</article>",
                head=f"<title>{title}</title>")
    assert title not in clean(html).text


# --- a short story beside a longer box named like chrome ----------------------------------

_ABOUT_ME = ("I am a retired ferry engineer who writes about boats, tides and the small "
             "harbours of the north coast. I have kept this blog since my first winter ashore, "
             "mostly to remember which moorings are safe in an easterly, and partly because my "
             "grandchildren asked me to write the old stories down before I forget them all. "
             "Letters and corrections are always welcome, especially from other skippers.")
_SHORT_POST = ("The harbour master has moved the winter moorings to the inner basin this year. "
               "Boats still on the outer buoys after the first of November will be lifted out "
               "at the owner's cost.")


def _blog(box_attrs: str, tag: str = "div") -> str:
    menu = "".join(f"<li><a href='/label/{w}'>Harbours and moorings: {w}</a></li>"
                   for w in ("north", "east", "islands", "rivers", "lochs", "firths", "bays"))
    return page(f"<div id='header'><a href='/'>North Coast Log</a><ul>{menu}</ul></div>"
                "<div id='main'><div class='post'><h2>Winter moorings</h2>"
                f"<p>{_SHORT_POST}</p><p class='post-footer'>Posted by Ewan at 9:12 AM</p></div>"
                "<p><a href='/p/1'>Newer post: The slipway reopens after repairs</a> "
                "<a href='/p/3'>Older post: Tide tables for the autumn season</a></p>"
                "<p><a href='/'>Home</a> <a href='/feeds'>Subscribe to: Post comments (Atom)</a>"
                "</p></div>"
                f"<{tag} {box_attrs}><h3>About me</h3><p>{_ABOUT_ME}</p>"
                "<ul><li><a href='/2023/10'>October</a></li><li><a href='/2023/09'>September</a></li></ul>"
                f"</{tag}>")


@pytest.mark.parametrize("box", ["id='sidebar'", "class='footer-widgets'",
                                 "class='widget-area sidebar'"])
def test_short_post_beats_a_longer_blurb_in_a_box_named_like_chrome(box):
    # The sidebar's "about me" holds more prose than the post, so it is not masked as
    # chrome by its share of the page; read again without it, the post is found.
    text = clean(_blog(box)).text
    assert _SHORT_POST in text and "ferry engineer" not in text


@pytest.mark.parametrize("box", ["class='sidebar-left-content-center'", "class='column'"])
def test_a_box_whose_name_also_says_content_or_nothing_keeps_its_prose(box):
    # A layout wrapper named for both ("sidebar-left-content-center"), or a box with no
    # chrome name at all: nothing says the longer prose is chrome, it stays the text.
    text = clean(_blog(box)).text
    assert "ferry engineer" in text


def test_a_box_inside_a_wrapper_named_both_chrome_and_content_is_still_a_box():
    # "footer-widgets maincontent" says nothing (both chrome and content); the sidebar
    # inside it is still a box named like chrome, and the post outside it is the story.
    links = "".join(f"<li><a href='/tag/{n}'>Moorings and tides, part {n}</a></li>"
                    for n in range(12))
    html = page(f"<div id='header'><ul>{links}</ul></div>"
                "<div id='main'><div class='post'><h2>Winter moorings</h2>"
                f"<p>{_SHORT_POST}</p></div></div>"
                "<div id='footer-widgets' class='maincontent'><div id='sidebar'><div>"
                f"<p>{_ABOUT_ME}</p><p>{_ABOUT_ME}</p></div><ul>{links}</ul></div>"
                f"<div class='tags'><ul>{links}</ul></div></div>")
    text = clean(html).text
    assert _SHORT_POST in text and "ferry engineer" not in text


def test_an_aside_of_long_teasers_after_a_short_story_goes_whatever_its_share():
    # The <aside> holds ten times the story's text, in teaser <article>s: spared from
    # the mask for its share, it is still tangential by markup.
    menu = "".join(f"<li><a href='/c/{n}'>Section {n}</a></li>" for n in range(8))
    teasers = "".join(f"<article class='thumb'><h3>Other news {n}</h3><p>{_ABOUT_ME}</p></article>"
                      for n in range(4))
    html = page(f"<ul class='menu'>{menu}</ul><div class='wrapper'><div class='post'>"
                f"<h1>Winter moorings</h1><p>{_SHORT_POST}</p></div>"
                f"<aside>{teasers}</aside></div>")
    text = clean(html).text
    assert _SHORT_POST in text and "ferry engineer" not in text


def test_an_article_element_inside_a_box_named_like_chrome_stays_the_text():
    # <article class="promoted"> (a CMS's state class): markup names it the story.
    assert "ferry engineer" in clean(_blog("class='node promoted'", tag="article")).text


def _blog_one_wrapper(box_attrs: str, after: str = "") -> str:
    # A template whose content wrapper holds the post and the sidebar side by side.
    return page("<div id='content-wrapper'><div id='main-wrapper'><div class='post'>"
                f"<h2>Winter moorings</h2><p>{_SHORT_POST}</p></div></div>"
                f"<div {box_attrs}><h3>About me</h3><p>{_ABOUT_ME}</p></div>{after}</div>")


def test_a_blurb_box_after_the_story_inside_the_chosen_wrapper_goes():
    text = clean(_blog_one_wrapper("id='sidebar-wrapper'")).text
    assert _SHORT_POST in text and "ferry engineer" not in text


def test_a_named_box_the_story_goes_on_after_stays():
    # The template names its sections "banner": one stands mid-story, so the name says
    # nothing here and the last one is the story's too.
    more = ("<p>The moorings in the inner basin are allocated by the date of the request, "
            "so write to the harbour office early if you want a berth near the slipway.</p>")
    html = page("<div id='story'>"
                f"<div class='cta-banner'><p>{_ABOUT_ME}</p></div>{more}"
                f"<div class='cta-banner'><p>{_ABOUT_ME.replace('ferry', 'tug')}</p></div>"
                "</div>")
    text = clean(html).text
    assert "tug engineer" in text and "ferry engineer" in text


def test_a_one_line_intro_over_a_list_named_like_chrome_keeps_the_list():
    # A columnist's page: one line of introduction, then the list of columns ("relatedlist").
    items = "".join(f"<li>Column {n}: {_SHORT_POST}</li>" for n in range(2))
    html = page("<div id='centerrail'><p>Recent and past columns from our sports columnist Marla Ridenour.</p>"
                f"<ul class='relatedlist'>{items}</ul></div>")
    assert "Column 1:" in clean(html).text


def test_replies_after_the_first_post_of_a_declared_forum_thread_stay():
    # The page says it is a forum thread (schema.org DiscussionForumPosting): the box of
    # replies after the first post is named for comments but holds the thread's content.
    reply = _ABOUT_ME.replace("ferry engineer", "lock keeper")
    html = page("<script type='application/ld+json'>{\"@type\": \"DiscussionForumPosting\"}"
                "</script><div id='content-wrapper'><div class='first-post'>"
                f"<p>{_SHORT_POST}</p></div>"
                f"<div class='CommentsWrap'><div class='reply'><p>{reply}</p></div></div></div>")
    text = clean(html).text
    assert _SHORT_POST in text and "lock keeper" in text


# --- a short story on a page that declares itself an article ------------------------------

_STORY = ("The council voted on Tuesday to keep the old library open through the winter. "
          "Volunteers will staff the reading room on weekday evenings until March.")
_OG_ARTICLE = "<meta property='og:type' content='article'>"


def _story_in_main(head: str) -> str:
    teasers = "".join(
        f"<div class='teaser'><a href='/n/{n}'>Headline number {n} from the news desk today</a>"
        f"<p>Updated {n + 2} hours ago</p></div>" for n in range(12))
    return page("<main><article class='post'><h1>Library stays open</h1>"
                f"<p>{_STORY}</p></article>"
                f"<div class='more'><h3>More from the town</h3>{teasers}</div></main>", head)


def test_a_short_story_on_a_declared_article_page_beats_the_teasers_around_it():
    # The listing reading would take the <main> with its teasers, a wrapper markup names
    # the content; og:type says the page is the story, and what that reading adds is
    # mostly links.
    text = clean(_story_in_main(_OG_ARTICLE)).text
    assert _STORY in text and "Headline number" not in text and "hours ago" not in text


def test_a_declared_article_page_of_teasers_with_their_own_text_stays_a_listing():
    # Items whose descriptions are the added text (not links, not in a box named like
    # chrome): a listing, whatever og:type says.
    items = "".join(
        f"<div class='item'><a href='/p/{n}'>Product {n}</a><p>A sturdy oak chair, model {n}, "
        f"hand finished, with a woven seat and a ten year guarantee.</p></div>"
        for n in range(12))
    html = page(f"<main><article class='intro'><p>{_STORY}</p></article>{items}</main>",
                _OG_ARTICLE)
    assert "woven seat" in clean(html).text


# --- a story body weighed down by a list of links inside it -------------------------------

_PARAS = ("If you have not voted yet, the polls stay open until eight tonight in every county.",
          ("Officials expect the count to run late, as the postal ballots arrived in record "
           "numbers this year and each one is checked by hand."),
          "Results will be posted on the county website as each precinct reports.")


def test_a_paragraph_does_not_win_over_the_marked_body_holding_it():
    # The links inside the body outweigh its prose when containers are compared, so one
    # paragraph scored best; the body named as the content holds twice its prose.
    more = "".join(f"<p><a href='/s/{n}'>Another story from the election desk, number {n}, "
                   "with photos and video</a></p>" for n in range(5))
    html = page("<div class='nav'><a href='/'>Home</a></div><div class='entry-content'>"
                + "".join(f"<p>{t}</p>" for t in _PARAS) + f"<h3>More on this</h3>{more}</div>")
    text = clean(html).text
    assert all(t in text for t in _PARAS) and "election desk" not in text


def _one_paragraph_story(head: str) -> str:
    story = " ".join([_STORY] * 2)
    more = "".join(f"<div><a href='/n/{n}'>Headline number {n} from the news desk today</a>"
                   f" <span>{n + 2}h</span></div>" for n in range(30))
    return page("<div class='post'><h1>Library stays open</h1><div>By Ann Lee, 3 May</div>"
                f"<div class='post-body'><p>{story}</p><p><a href='/tips'>Send us your news tips "
                "and photos, or write to the editors about this story</a></p></div></div>"
                f"<div class='stream'>{more}</div>",
                head)


def test_a_lone_paragraph_under_the_headline_of_a_declared_article_is_the_story():
    # One paragraph under a wrapper named as the content is a docs chapter's intro over
    # its table of contents, unless the page declares itself an article and the
    # paragraph stands under its <h1>.
    text = clean(_one_paragraph_story(_OG_ARTICLE)).text
    assert _STORY in text and "Headline number" not in text
