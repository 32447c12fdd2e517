"""score.py and select.py: prose scores up, links and boilerplate score down, and the
container holding the prose is chosen."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from conftest import PROSE, element, page, paragraphs, texts, walk

from cleaner import clean, score, select
from cleaner.blocks import Block, Blocks
from cleaner.options import Options

LINKS = "".join(f"<li><a href='/s/{i}'>Section number {i} of the site</a></li>" for i in range(12))


def run(html: str, opts: Options | None = None):
    """Blocks, values, mask, scores and the kept block texts of html, as clean() computes them."""
    opts = opts or Options()
    bl = walk(html)
    values = score.block_values(bl, opts)
    mask = score.boilerplate_mask(bl, values, opts)
    scores = score.element_scores(bl, values, mask, opts)
    _, start, end = select.choose_container(bl, scores)
    kept = select.keep_blocks(bl, values, mask, start, end)
    return SimpleNamespace(bl=bl, values=values, mask=mask, scores=scores, chosen=(start, end),
                           kept=[bl.blocks[i].text for i in kept])


def value_of(text: str, values, bl) -> float:
    return values[texts(bl).index(text)]


# --- block values --------------------------------------------------------------------------

def test_prose_paragraph_has_a_positive_value():
    assert all(v > 0 for v in run(page(paragraphs())).values)


def test_link_dense_block_has_a_negative_value():
    r = run(page("<p><a href='/'>Home</a> <a href='/n'>News</a> "
                 "<a href='/s'>Sport</a> <a href='/w'>Weather</a></p>" + paragraphs()))
    assert value_of("Home News Sport Weather", r.values, r.bl) < 0


def test_long_but_mostly_linked_block_is_negative():
    linked = "Everything you need to know about the council budget and the libraries"
    r = run(page(f"<p><a href='/x'>{linked}</a> today.</p>"))
    values = r.values
    assert values[0] < 0


def test_long_sentence_linking_what_it_names_is_neutral_and_kept():
    # 60% linked, 100+ characters: a sentence that links the things it names, not a menu.
    linked = ("<li><a href='/a'>The Bodleian Library in Oxford</a> and <a href='/b'>the "
              "Radcliffe Camera next to it</a> hold the collection described here.</li>")
    r = run(page(paragraphs() + f"<ul>{linked}</ul>" + paragraphs()))
    text = texts(r.bl)[len(PROSE)]
    assert value_of(text, r.values, r.bl) == 0
    assert text in r.kept
    # Mostly linked (over 70%), it is still navigation.
    menu = run(page(paragraphs() + "<ul><li><a href='/a'>The Bodleian Library in Oxford and "
                    "the Radcliffe Camera next to it</a> hold it.</li></ul>"))
    assert menu.values[len(PROSE)] < 0


def test_a_breadcrumb_trail_is_no_linked_prose():
    # 60% linked, 100+ characters, like a sentence that links what it names (kept), but
    # its words stand between separators.
    trail = ("<p><a href='/'>Home</a> &gt; <a href='/g'>Tourist Guide</a> &gt; <a href='/t'>"
             "Table of contents</a> &gt; <a href='/b'>Travel basics</a> &gt; Money and costs "
             "&gt; Carrying and changing money</p>")
    r = run(page(trail + paragraphs()))
    assert r.values[0] < 0 and r.bl.blocks[0].text not in r.kept


def test_short_label_without_sentence_end_is_neutral():
    r = run(page("<h2>Background</h2>" + paragraphs()))
    bl = r.bl
    values = r.values
    assert value_of("Background", values, bl) == 0


def test_short_sentence_is_prose():
    sentence = "The vote was postponed until May."
    r = run(page(f"<p>{sentence}</p>"))
    values = r.values
    assert values[0] > 0


def test_links_inside_prose_lower_its_value():
    plain = "The council published its report on the library budget this week."
    linked = "The council published <a href='/r'>its report</a> on the library budget this week."
    v_plain = run(page(f"<p>{plain}</p>")).values
    v_linked = run(page(f"<p>{linked}</p>")).values
    assert 0 < v_linked[0] < v_plain[0]


def test_max_link_density_option_decides_what_is_navigation():
    html = page("<p>Read <a href='/r'>the report</a> here.</p>")  # about half linked
    strict = run(html, Options(max_link_density=0.2)).values
    lenient = run(html, Options(max_link_density=1.0)).values
    assert strict[0] < 0
    assert lenient[0] >= 0


def test_min_block_chars_option_decides_whether_a_short_sentence_counts():
    html = page("<p>It rained.</p>")
    default = run(html).values
    low = run(html, Options(min_block_chars=5)).values
    assert default[0] == 0
    assert low[0] > 0


def test_listing_reading_counts_links_as_content():
    bl = walk(page(f"<ul>{LINKS}</ul>"))
    prose_values = score.block_values(bl, Options())
    listing_values = score.block_values(bl, Options(), listing=True)
    assert all(v < 0 for v in prose_values)
    assert all(v > 0 for v in listing_values)


# --- boilerplate mask ----------------------------------------------------------------------

def test_small_suspect_element_is_masked():
    html = page(paragraphs() + "<div class='share-bar'><p>Share this story with your friends "
                "and family on every network.</p></div>")
    r = run(html)
    bl = r.bl
    mask = r.mask
    masked = [b.text for b, m in zip(bl.blocks, mask) if m]
    assert masked == ["Share this story with your friends and family on every network."]


def test_suspect_wrapper_holding_most_of_the_prose_is_not_masked():
    html = page(f"<div class='content-with-sidebar'>{paragraphs()}"
                f"<div class='sidebar'><ul>{LINKS}</ul></div></div>")
    r = run(html)
    bl = r.bl
    mask = r.mask
    kept = r.kept
    prose_blocks = [i for i, b in enumerate(bl.blocks) if b.text in PROSE]
    assert not any(mask[i] for i in prose_blocks)
    assert kept == list(PROSE)


def test_suspect_inside_a_kept_wrapper_is_still_masked():
    html = page(f"<div class='content-with-sidebar'>{paragraphs()}"
                "<div class='related-posts'><p>Another story entirely about parks, "
                "benches and trees.</p></div></div>")
    r = run(html)
    bl = r.bl
    mask = r.mask
    idx = texts(bl).index("Another story entirely about parks, benches and trees.")
    assert mask[idx]



# Prose outside the story (a sidebar column of descriptions), more than the story's own, so
# that the story holds under the share of the page that spares a strongly named suspect.
OTHER = tuple(f"Column {n}: the week's gardening tips cover pruning, compost, bulbs and "
              f"watering the lawn during a long dry spell in the summer months." for n in range(5))


@pytest.mark.parametrize("story", [
    "<article class='story paywall-on'>{}</article>",
    "<div class='has-share-bar'><div itemprop='articleBody'>{}</div></div>",
    "<main class='newsletter-content'>{}</main>",
])
def test_a_state_keyword_does_not_mask_the_semantic_body(story):
    html = page(story.format(paragraphs()) + f"<div class='column'>{paragraphs(OTHER)}</div>")
    r = run(html)
    assert not any(m for b, m in zip(r.bl.blocks, r.mask) if b.text in PROSE)
    assert all(t in r.kept for t in PROSE)


def test_a_teaser_card_in_a_suspect_box_is_still_masked():
    # An <article> card in a "related" box is semantic markup too, but holds little of the
    # page's prose: the box stays boilerplate.
    html = page(f"<article>{paragraphs()}</article>"
                "<div class='related-stories'><article><p>Another story entirely about "
                "parks, benches and trees in the old town.</p></article></div>")
    r = run(html)
    idx = texts(r.bl).index("Another story entirely about parks, benches and trees in the old town.")
    assert r.mask[idx]


# --- element scores and the container ------------------------------------------------------

def test_prose_container_beats_a_sidebar_of_links():
    html = page(f"<div id='story'>{paragraphs()}</div><div id='rail'><ul>{LINKS}</ul></div>")
    r = run(html)
    bl = r.bl
    scores = r.scores
    kept = r.kept
    story, rail = element(bl, "div", 0), element(bl, "div", 1)
    assert scores[story] > scores[rail]
    assert kept == list(PROSE)


def test_prose_container_beats_a_longer_link_list():
    many = "".join(f"<li><a href='/s/{i}'>A rather long headline about topic number {i}</a></li>"
                   for i in range(40))
    html = page(f"<div><ul>{many}</ul></div><div>{paragraphs()}</div>")
    kept = run(html).kept
    assert kept == list(PROSE)


def test_semantic_markup_raises_a_container_score():
    html = page(f"<article>{paragraphs(PROSE[:2])}</article><div>{paragraphs(PROSE[2:])}</div>")
    r = run(html)
    bl = r.bl
    scores = r.scores
    assert scores[element(bl, "article")] > scores[element(bl, "div")]


def test_element_without_blocks_cannot_be_chosen():
    html = page(f"<div></div><div>{paragraphs()}</div>")
    r = run(html)
    bl = r.bl
    scores = r.scores
    assert scores[element(bl, "div", 0)] == float("-inf")


def test_inner_element_wins_when_the_wrapper_adds_nothing():
    # The wrapper adds only a neutral date line: same score, so the inner element is chosen.
    html = page(f"<div id='outer'><div class='date'>12 May</div>"
                f"<div id='inner'>{paragraphs()}</div></div>")
    r = run(html)
    bl = r.bl
    scores = r.scores
    chosen = r.chosen
    kept = r.kept
    outer, inner = element(bl, "div", 0), element(bl, "div", 2)
    assert scores[outer] == scores[inner]
    assert chosen == (bl.el_start[inner], bl.el_end[inner])
    assert kept == list(PROSE)


def test_wrapper_with_more_prose_beats_its_inner_element():
    html = page(f"<div id='outer'><div id='inner'>{paragraphs(PROSE[:2])}</div>"
                f"{paragraphs(PROSE[2:])}</div>")
    r = run(html)
    outer = element(r.bl, "div", 0)
    assert r.chosen == (r.bl.el_start[outer], r.bl.el_end[outer])
    assert r.kept == list(PROSE)


def test_choose_container_on_no_blocks_is_an_empty_range():
    assert select.choose_container(Blocks(), [])[1:] == (0, 0)


def test_choose_container_falls_back_to_all_blocks_when_nothing_scores():
    bl = Blocks(blocks=[Block("a", 1, 0, "body", -1), Block("b", 1, 0, "body", -1)])
    assert select.choose_container(bl, [])[1:] == (0, 2)


def test_keep_blocks_drops_masked_and_negative_blocks():
    bl = Blocks(blocks=[Block(t, 1, 0, "p", -1) for t in "abcd"])
    kept = select.keep_blocks(bl, [5.0, -1.0, 0.0, 3.0], [False, False, False, True], 0, 4)
    assert kept == [0, 2]


def test_keep_blocks_stays_within_the_range():
    bl = Blocks(blocks=[Block(t, 1, 0, "p", -1) for t in "abcd"])
    assert select.keep_blocks(bl, [1.0] * 4, [False] * 4, 1, 3) == [1, 2]


def test_placeholder_text_is_never_kept_and_does_not_move_the_container():
    lorem = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
             "incididunt ut labore et dolore magna aliqua.")
    html = page("<main><article>" + paragraphs() + f"<div class='card'><h3>Heading line</h3>"
                f"<p>{lorem}</p><p>Lorem ipsum 1</p></div>" + paragraphs(PROSE[:2]) +
                "</article></main>")
    r = run(html)
    assert value_of(lorem, r.values, r.bl) == 0.0
    assert not any("Lorem" in t for t in r.kept)
    assert r.kept.count(PROSE[0]) == 2           # the prose on both sides of the filler


def test_placeholder_text_is_dropped_in_the_listing_reading_too():
    bl = walk(page("<p>Lorem ipsum dolor sit amet</p><p>Real item</p>"))
    values = score.block_values(bl, Options(), listing=True)
    assert value_of("Lorem ipsum dolor sit amet", values, bl) == 0.0
    assert value_of("Real item", values, bl) > 0


def test_filler_that_is_nearly_all_the_text_is_the_content():
    # A template demo or typography test page: nothing else to keep, so the filler (and
    # the dummy Latin that goes on without "lorem ipsum") is kept as the page's text.
    lorem = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
             "incididunt ut labore et dolore magna aliqua.")
    more = ("Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut "
            "aliquip ex ea commodo consequat.")
    r = run(page(f"<article><h1>Demo</h1><p>{lorem}</p><p>{more}</p></article>"))
    assert r.kept == ["Demo", lorem, more]


def test_filler_beside_the_pages_own_text_is_still_dropped():
    # Three unfilled cards (filler at about half the page's text) next to a real story.
    lorem = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
             "incididunt ut labore et dolore magna aliqua.")
    cards = "".join(f"<div class='card'><p>{lorem}</p></div>" for _ in range(3))
    r = run(page("<main>" + paragraphs() + cards + "</main>"))
    assert r.kept == list(PROSE)


def test_the_walk_tells_whether_any_block_could_be_filler():
    # The C walk notes "psum"/"PSUM" in a block's text, so pages without it skip the
    # placeholder search; the Python walk leaves it unknown (None) and the search runs.
    from cleaner import blocks

    if blocks._C_WALK is None:
        pytest.fail("the C walk did not load")
    assert walk(page(paragraphs())).filler_hint is False
    for filler in ("<p>Lorem ipsum dolor sit amet</p>", "<pre>LOREM IPSUM</pre>"):
        bl = walk(page(paragraphs() + filler))
        assert bl.filler_hint is True
        assert len(score.placeholders(bl)) == 1


@pytest.mark.parametrize("head, declared", [
    ('<meta property="og:type" content="article">', True),
    ("<meta content='article' property='og:type'>", True),
    ('<META PROPERTY="OG:TYPE" CONTENT="ARTICLE">', True),
    ('<meta property="og:type" content="website">', False),
    ('<meta property="og:type"><meta name="x" content="article">', False),
    ('<meta name="description" content="an article">', False),
])
def test_a_page_declares_itself_an_article_by_its_og_type(head, declared):
    # far from the start and the end of a big page: the search looks around "og:type" only
    html = "<html><head>" + "<link rel=x>" * 2000 + head + "</head><body>" + "<p>x</p>" * 2000
    assert select.declares_article(html) is declared
    assert select.declares_article(html.encode()) is declared
    # a str whose lower case is longer (the dotted capital I) is read as it is
    assert select.declares_article("\u0130" * 50 + html) is declared


def test_find_rare_folded_is_find_over_the_lowered_bytes():
    # declares_article's search for "og:type" without a lowered copy of the page
    from cleaner import blocks
    find = blocks._C_WALK.find_rare
    import random
    rng = random.Random(7)
    alphabet = b"oOgG:tTyYpPeE<> x\xc4\xb0"
    for _ in range(20000):
        data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        start = rng.randint(-5, 45)
        assert (find(data, b"og:type", 2, start, folded=True)
                == data.lower().find(b"og:type", start)), (data, start)
        assert find(data, b"og:type", 2, start) == data.find(b"og:type", start)
    with pytest.raises(ValueError):
        find(b"og:type", b"og:type", 0, folded=True)      # an anchor that has case


def test_a_post_whose_area_holds_its_comment_thread_is_not_cut_to_one_paragraph():
    # The post's paragraphs stand right in the post's area, beside a long comment thread
    # (masked as chrome): the thread weighs the area down until one paragraph outscores
    # it. The area is the container; the thread's masked blocks stay out.
    from cleaner import clean
    comment = ("<li class='comment'><div class='comment-author'>Reader {0}</div>"
               "<div class='comment-date'>May {0}, 2024 at 9:1{0} am</div><div class="
               "'comment-content'><p>I watched it again last week after reading this and "
               "noticed the score for the first time, the brass in the battle scenes "
               "carries the whole sequence far more than I remembered.</p></div></li>")
    html = page("<nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
                "<div class='postarea'><h1>A long look back</h1>" + paragraphs()
                + "<div class='comments-wrapper comments'><h3>10 Comments</h3>"
                "<ol class='commentlist'>" + "".join(comment.format(n) for n in range(10))
                + "</ol></div></div>")
    assert clean(html).text == "\n\n".join(PROSE)


STANDFIRST = "The library budget grows by a tenth, and the branches stay open until nine."


def _perex_page(lead: str) -> str:
    # Class names in a language no keyword list knows: only the structure tells.
    return page("<div class='clanek'><h1>Libraries stay open later</h1>"
                "<div class='datum'>12. 3. 2024 15:20</div>"
                f"<div class='perex'>{lead}</div>"
                f"<div class='text'>{paragraphs()}</div>"
                "<div class='souvisejici'>" + "".join(
                    f"<a href='/a{n}'>Parks get new benches this summer, part {n}</a><br>"
                    for n in range(8)) + "</div>"
                "</div>")


def test_a_standfirst_beside_the_chosen_container_is_kept():
    assert clean(_perex_page(STANDFIRST)).text == "\n\n".join((STANDFIRST,) + PROSE)


def test_a_linked_teaser_beside_the_container_is_no_standfirst():
    teaser = f"<a href='/other'>{STANDFIRST}</a>"
    assert clean(_perex_page(teaser)).text == "\n\n".join(PROSE)


def test_a_pitch_in_two_lines_beside_the_container_is_no_standfirst():
    # A landing page's hero lines over its sections; a story's lead is one block.
    pitch = f"<p>{STANDFIRST}</p><p>Call our branches before nine to book a reading room.</p>"
    assert clean(_perex_page(pitch)).text == "\n\n".join(PROSE)


def test_a_short_post_under_its_headline_beats_a_longer_blurb_elsewhere():
    # A link post: its headline (the page's title) and one line of comment, beside the
    # blog's longer "about" blurb in a profile box. The reading found the blurb; the text
    # under the headline is the post.
    from cleaner import clean
    html = page(
        "<div id='header'><h1>Notes on Making</h1></div>"
        "<div class='about'><div class='profile-block'><p>I make things, I write about them, "
        "and I collect what other makers share here, one find at a time.</p></div></div>"
        "<div id='entries'><div class='entry'><h2><a href='/p/1'>The Folding Canoe</a></h2>"
        "<div class='content'><p>A boat that packs into a backpack. Clever hinges.</p>"
        "</div></div></div><div class='links'><ul>"
        + "".join(f"<li><a href='/t/{n}'>Tag number {n} of the archive</a></li>"
                  for n in range(4)) + "</ul></div>",
        head="<title>The Folding Canoe</title>"
             "<meta property='og:title' content='The Folding Canoe'>")
    article = clean(html)
    assert article.title == "The Folding Canoe"
    assert article.text == "A boat that packs into a backpack. Clever hinges."


def test_a_reading_already_under_the_headline_stays():
    # The headline matching the title is the site's name over everything: the reading,
    # short as it is, stands under it already and is kept as it is.
    from cleaner import clean
    html = page("<h1>Camera Rumors</h1><div class='post'><p>October 30, 2012</p>"
                "<p>The new zoom lens is in stock for the first time, two are left.</p></div>"
                "<div class='side'><ul><li><a href='/a'>Archive</a></li></ul></div>",
                head="<title>Camera Rumors</title>")
    assert clean(html).text.endswith("The new zoom lens is in stock for the first time, "
                                      "two are left.")
