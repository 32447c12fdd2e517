"""Every keyword list and threshold of the extractor, grouped by what it catches.

Calibration: thresholds were set on WCXB dev (1,497 pages) and corpus/ together, looking at
the worst pages of `python -m benchmarks.accuracy`; change one only with that benchmark run
before and after, and never for a single page. Patterns are compiled once, at import.
"""

from __future__ import annotations

import re


def _words(*groups: str) -> str:
    """A regex alternation of the given '|'-separated groups; refuses an empty entry.

    The alternation is built as a trie (shared prefixes factored out): Python's re tries
    every alternative at every position, and a trie cuts that from ~100 to a handful.
    Entries are lower-cased: the search-type patterns below (TAIL_HEADING_RE, COPYRIGHT_RE,
    DISCLOSURE_RE) are matched against text.lower(), several times faster than
    re.IGNORECASE."""
    trie: dict = {}
    for group in groups:
        items = [w.strip() for w in group.split("|")]
        if not all(items):
            raise ValueError(f"empty entry in keyword group {group!r}")
        for item in items:
            item = item.lower()
            node = trie
            for ch in item:
                node = node.setdefault(ch, {})
            node[""] = {}
    pattern = _trie_regex(trie)
    WORDS_OF[pattern] = tuple(w.strip().lower() for g in groups for w in g.split("|"))
    return pattern


# The entries of each _words() alternation, by its pattern: a module that searches for one
# can test the literals first in C (tail.py), and skip the regex on most lines.
WORDS_OF: dict[str, tuple[str, ...]] = {}


def _word_list(*groups: str) -> tuple[str, ...]:
    """The entries of '|'-separated groups, lower-cased: keyword lists that both a regex
    (_words) and the C walk's literal matcher (blocks.py) are built from."""
    items = tuple(w.strip().lower() for group in groups for w in group.split("|"))
    if not all(items):
        raise ValueError(f"empty entry in keyword groups {groups!r}")
    return items


def _trie_regex(node: dict) -> str:
    ends = "" in node
    alts = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if ends else body


# ---------------------------------------------------------------- decoding
# Share of C0 control characters in the first 4 KB above which input is binary, not HTML.
BINARY_CONTROL_SHARE = 0.05
# How far into the bytes a <meta charset> is looked for (HTML spec says 1024; real pages
# put 2-3 KB of comments and scripts first).
META_SNIFF_BYTES = 8192

# Elements whose start tag closes an open <p> ("in button scope"): Lexbor checks the
# whole stack of open elements for each, so deep nesting of these parses in quadratic
# time; limits.cap_depth cuts such nesting off before the parse.
P_CLOSING_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu",
    "nav", "ol", "section", "summary", "ul",
})

# A start tag with this many attributes is cut off before the parse (real tags have tens);
# looked for only on pages with TAG_SCAN_MIN_ATTRIBUTES '=' (fewer parse in < 0.5 s).
MAX_TAG_ATTRIBUTES = 4096
TAG_SCAN_MIN_ATTRIBUTES = 16384
# Options.max_depth is enforced on pages with at least this many tags: nesting bombs
# smaller than that parse in under a second, and the scan would cost every big page.
DEPTH_SCAN_MIN_TAGS = 32768

# ---------------------------------------------------------------- pruning: never content
# Skipped with their whole subtree (script and style are removed in Lexbor first). Not
# <noscript>: SPAs (Discourse, some shops) serve their whole content to crawlers inside it.
# <noframes>, <noembed> and <iframe> hold raw text to the parser: their markup would come
# out as literal "<p>..." text. <rt>, <rp> and <rtc> are a <ruby>'s reading (furigana,
# pinyin) and its fallback parentheses: read inline they glue the reading into the word
# it annotates ("子こども" for "子ども"); the base text alone is the page's text.
NEVER_CONTENT_TAGS = frozenset({
    "script", "style", "template", "svg", "math", "iframe", "object", "embed", "noframes",
    "noembed", "rt", "rp", "rtc",
    "canvas", "video", "audio", "source", "track", "map", "button", "select", "option",
    "input", "textarea", "dialog", "link", "meta", "head", "img", "picture", "area",
    "datalist", "progress", "meter", "output",
})

# A <noscript> whose whole content is text starting like a tag holds escaped markup
# ("&lt;img height=1 ...&gt;", a tracking pixel or a player written out by a template
# that escapes it): never content, else it comes out as literal "<img ...>" text. Other
# <noscript> content is read (see above). ESCAPED_MARKUP_RE is tried on the text's start.
# Such a <noscript> in the <head> is closed by its text, which the parser moves to the
# start of the body, outside any element: text directly in the body that starts like a
# tag and ends with ">" is that markup, and skipped too.
ESCAPED_MARKUP_RE = re.compile(r"\s*<[!/?a-zA-Z]")

# Classes of elements hidden from readers (screen-reader-only labels such as "opens in a
# new window", "skip to content", collapsed menus): skipped by the walk on blocks and on
# <span>/<a>, the only inline elements whose class it reads (a Lexbor query costs more).
HIDDEN_CLASSES = (
    "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only",
    "is-hidden", "u-hidden", "offscreen", "element-invisible", "a11y-hidden", "hide-text",
)
# Class tokens hiding a block: matched against one whole token in the walk. "hidden" and
# "d-none" also come with a responsive class that shows the element again on larger
# screens (Tailwind "hidden md:block", Bootstrap "d-none d-md-block"): then they don't count.
HIDDEN_CLASS_SET = frozenset(HIDDEN_CLASSES + ("hidden", "d-none", "hide", "invisible"))
SHOWN_AGAIN_RE = re.compile(r":|^d-\w+-(?:block|flex|inline|inline-block|grid|table)$")

# Page chrome removed inside Lexbor before the walk, unless one element holds more than
# CHROME_MAX_TEXT_SHARE of the body's text (then the walk's prose check decides).
# Broad attribute selectors (exact-value ones are slow in Lexbor), refined in Python;
# [style*=hidden] also matches "overflow: hidden", which _is_chrome lets through.
CHROME_QUERY = "nav, header, footer, aside, [role], [hidden], [aria-hidden], [style*=none], [style*=hidden]"
# A <header> inside these is the article's own (headline, standfirst, byline), not chrome.
SECTIONING_TAGS = frozenset({"article", "main"})
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
# ARIA landmark roles that are never the main content.
BOILERPLATE_ROLES = frozenset({
    "navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menu",
    "menubar", "complementary", "toolbar", "tablist", "alert", "status",
})
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
CHROME_MAX_TEXT_SHARE = 0.4
# A hidden element that is a collapsed panel of the page (a tab that is not selected, a
# closed accordion or FAQ answer, a "show more" disclosure) is content the reader opens with
# a click, not chrome: it is kept (the walk's scoring still judges it). Told by its ARIA
# role, or by its class/id (lower-cased, matched anywhere).
PANEL_ROLES = frozenset({"tabpanel", "region"})
PANEL_WORDS = _word_list(
    "accordion|collaps|tabpane|tab-pane|tabcontent|tab-content|faq|answer|expand|toggle|"
    "disclosure")
PANEL_ATTR_RE = re.compile("|".join(re.escape(w) for w in PANEL_WORDS))

# itemprop values that name the main content (with role=main, <article>, <main>).
SEMANTIC_ITEMPROPS = frozenset({"articleBody", "reviewBody", "text", "mainContentOfPage"})
CHROME_MAX_TEXT_SHARE = 0.4

# Elements whose subtree is boilerplate unless they hold most of the page's prose (a CMS
# that wraps the whole article in <header> or <aside> must not lose it).
SUSPECT_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "menu"})

# class/id tokens of boilerplate containers, lower-cased, matched anywhere in the string:
# long enough not to occur inside unrelated words.
BOILERPLATE_SUBSTRINGS = _word_list(
    # navigation and page chrome
    "navbar|navigation|breadcrumb|menu|masthead|topbar|skip-link|skiplink|pagination|pager",
    "site-header|site-footer|global-header|global-footer|page-footer|footer|sidebar",
    # cookie / consent / paywall / newsletter / login prompts
    "cookie|consent|gdpr|newsletter|subscribe|subscription|signup|sign-up|login|paywall|"
    "regwall|popup|modal|overlay",
    # share bars and social widgets
    "share|sharing|social|sns|follow-us|sharedaddy",
    # related / recommended / most read / sponsored widgets (Taboola, Outbrain, Dable, ...)
    "related|relacionad|recommend|recomend|suggest|more-stories|morestories|read-more|"
    "readmore|most-read|mostread|most-popular|mostpopular|popular|trending|taboola|outbrain|"
    "dable|trc_|ob-widget|zergnet|revcontent|mgid|sponsor|promoted|partner|native-ad|"
    "you-may|also-like|next-article|more-from|rel-posts|relposts|jp-relatedposts|yarpp",
    # advertising
    "advert|adsense|adslot|ad-slot|ad_slot|adunit|ad-unit|ad-container|adcontainer|"
    "ad-wrapper|adwrapper|ad-banner|adbanner|banner-ad|dfp-|gpt-ad|google-ad|googlead|"
    "dfp_|ads-|-ads|_ads|ads_|commercial|werbung|anzeige",
    # comments and author boxes; forum signatures, reply buttons, "similar threads"
    "comment|disqus|respond|author-bio|authorbio|about-author|author-box|byline-box|"
    "signature|post-buttons|postbuttons|similar|who-is-online|online-list|"
    # a forum post's quote of an earlier post, repeated from where that post stands
    # (BBCode quote boxes as forum software renders them)
    "bbcodeblock--quote|bbcode_quote|"
    "product-review|customer-review|user-review|review-list|reviews-list|reviews-section",
    # tags/categories lists and post meta
    "tag-list|taglist|tags-list|post-tags|entry-tags|tagcloud|tag-cloud|categories|"
    "post-categories|cat-links|tags-links",
    # print/toolbar/utility bars
    "toolbar|utility|print-|font-size|fontsize|widget-area|widgettitle",
)

# Short tokens that would match inside ordinary words ("ad" in "header", "nav" in
# "canvas"): only whole class tokens count, separated by space, '-' or '_'.
BOILERPLATE_SEGMENTS = _word_list(
    "ad|ads|adv|advert|banner|nav|tags|tag|meta|extra|aside|promo|promos|rail|sign|sig",
)

# Matched against one class token (or the id).
# Keywords so specific that a container named by them is boilerplate even when it holds
# a good share of a short page's prose (a two-sentence cookie banner on a four-paragraph
# article): only a container holding most of the prose is spared.
STRONG_BOILERPLATE_WORDS = _word_list(
    "cookie|consent|gdpr|newsletter|paywall|regwall|taboola|outbrain|dable|trc_|ob-widget|"
    "zergnet|revcontent|mgid|advert|adsense|adslot|ad-slot|ad_slot|adunit|ad-unit|dfp-|"
    "gpt-ad|sponsor|promoted|native-ad|share|sharing|social|disqus|breadcrumb|"
    "related|recommend|most-read|mostread|most-popular|mostpopular"
)
STRONG_BOILERPLATE_RE = re.compile(_words(*STRONG_BOILERPLATE_WORDS))
BOILERPLATE_ATTR_RE = re.compile(
    rf"{_words(*BOILERPLATE_SUBSTRINGS)}|(?:^|[_-])(?:{_words(*BOILERPLATE_SEGMENTS)})(?:$|[_-])"
)
# Class tokens that label the element's taxonomy or state, not its role: WordPress puts
# "tag-diamond category-news product_tag-x format-standard" on the article itself, TypePad
# "entry-category-social_media entry-author-x entry-type-post" on the entry.
TAXONOMY_PREFIXES = tuple(w + "-" for w in _word_list(
    "tag|category|product_tag|product_cat|post_tag|format|status|type|postid|"
    "page-id|page-template|single-format|taxonomy|term|entry-category|entry-author|entry-type"
))
TAXONOMY_TOKEN_RE = re.compile("|".join(map(re.escape, TAXONOMY_PREFIXES)))
# Class tokens that name a state or a style of the element, not what it is, are neutral: a
# first or last '-'/'_'-separated segment among STATE_EDGE_SEGMENTS ("paywall-on",
# "has-share-bar", "no-sidebar", "hide-read-more-ad") or a segment among STYLE_SEGMENTS
# anywhere ("extra-styles", "newsletter-style-dark", "font-size-sm": a utility class that
# sets the text's size, not a font-size toolbar). A keyword in them ("paywall", "share",
# "sidebar") says what the page has or shows, and masked the article's prose that carries
# them. Only at the edges
# for the state words: inside a token they are ordinary words of a heading's slug
# ("extra-fields-on-many-to-many-relationships" is a section's id). A "js-" token is a
# script's hook ("js-social-images" on the story's module: the images a script shares),
# beside the classes that say what the element is.
STATE_EDGE_SEGMENTS = _word_list("on|off|has|is|no|with|without|show|hide|enable|enabled|js")
STYLE_SEGMENTS = _word_list("style|styles|styled|font")
STATE_EDGE_SET = frozenset(STATE_EDGE_SEGMENTS)
# Ordinary words that hold a keyword by accident and name something else: "contextmenu"
# (the right-click event a script hooks on the article, "menu"), "expandable" and the
# other "-dable" adjectives (the ad network "dable"). Blanked before the boilerplate
# keywords are looked for; the rest of the token still counts ("contextmenu-nav").
FALSE_FRIENDS = _word_list("contextmenu|readable|loadable|foldable|embeddable|expandable")
FALSE_FRIEND_RE = re.compile(_words(*FALSE_FRIENDS))
# A token of this many lower-case words or more joined by single '-', one of them a
# linking word of prose (SLUG_LINK_WORDS) and none a short keyword segment ("ad", "nav"),
# is the slug of a heading (the anchor id of a documentation section, "sharing-with-
# multiple-developers-code-review"), not a role: its words ("sharing", "view") say what
# the section is about. Component names string nouns ("ad-feedback-sprite-hero-quick-
# promo", "desktop-user-menu-item-message-guides") and stay keyword-bearing.
HEADING_SLUG_WORDS = 5
SLUG_LINK_WORDS = _word_list("the|and|or|of|to|in|on|for|with|by|from|at|into|your|you|"
                             "how|what|why|when|is|are|an")
SLUG_LINK_SET = frozenset(SLUG_LINK_WORDS)
HEADING_SLUG_RE = re.compile(rf"[a-z]+(?:-[a-z]+){{{HEADING_SLUG_WORDS - 1},}}")
STYLE_SET = frozenset(STYLE_SEGMENTS)

# class/id evidence that an element is the main content container.
CONTENT_ATTR_WORDS = _word_list(
    "article|content|entry|post-body|postbody|story|main|text|body|blog|prose|markdown|"
    "rich-text|richtext|news|detail|view|read|doc-|docs-|documentation|thread|forum|topic"
)
CONTENT_ATTR_RE = re.compile(_words(*CONTENT_ATTR_WORDS))

# Bonus added to a container's score when it is marked as the main content by markup
# (<article>, <main>, role=main, itemprop=articleBody), as a share of its own prose chars.
SEMANTIC_BONUS = 0.25
# Same, for class/id evidence (CONTENT_ATTR_RE) on a container.
CONTENT_ATTR_BONUS = 0.10

# ---------------------------------------------------------------- scoring blocks
# A block needs this many characters (not counting spaces) to count as prose on its own;
# shorter blocks are neutral (headings, dates) unless they end like a sentence.
PROSE_MIN_CHARS = 40
# A block of menu labels run together (unlinked mega-menus: "Electric Guitars Acoustic
# Guitars Bass Guitars ..."): at least this many words, this share of them capitalised
# or numbers, and no character outside words, spaces and the joiners of names. Neutral.
# Placeholder text of an unfilled template (often in a block hidden until used): a
# block containing it is boilerplate, however long.
PLACEHOLDER_RE = re.compile(r"\blorem ipsum\b", re.IGNORECASE)
# ... unless filler holds more than this share of the characters of all the page's
# blocks: then it is the page's only text (a template demo, a test page) and is kept.
# Counted as filler there: the blocks with "lorem ipsum" and the blocks of the same dummy
# Latin without it (its later sentences, "Tempor incididunt ut labore ..."): at least
# FILLER_LATIN_SHARE of their words (and 3 or more) in FILLER_LATIN_WORDS. The share was
# set between the dev pages whose filler is an unfilled card next to real text (at most
# 0.56 of the text) and those whose only text is filler (0.85 and more).
FILLER_MAX_SHARE = 0.8
FILLER_LATIN_SHARE = 0.8
FILLER_LATIN_WORDS = frozenset((
    # the classic passage and its variants ("Lorem ipsum dolor sit amet, consetetur ...")
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "consetetur", "adipiscing",
    "adipisicing", "sadipscing", "elit", "elitr", "sed", "do", "diam", "nonumy",
    "eirmod", "eiusmod", "tempor", "invidunt", "incididunt", "ut", "labore", "et",
    "dolore", "magna", "aliqua", "aliquyam", "erat", "voluptua", "at", "vero", "eos",
    "accusam", "justo", "duo", "dolores", "ea", "rebum", "stet", "clita", "kasd",
    "gubergren", "no", "sea", "takimata", "sanctus", "est", "enim", "ad", "minim",
    "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi",
    "aliquip", "ex", "commodo", "consequat", "duis", "aute", "irure", "in",
    "reprehenderit", "voluptate", "velit", "esse", "cillum", "eu", "fugiat", "nulla",
    "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt",
    "culpa", "qui", "officia", "deserunt", "mollit", "anim", "id", "laborum",
    # the rest of Cicero's passage (de Finibus 1.32-33) that filler generators draw
    # random words from ("Natus eaque totam provident obcaecati ...")
    "perspiciatis", "unde", "omnis", "iste", "natus", "error", "voluptatem",
    "accusantium", "doloremque", "laudantium", "totam", "rem", "aperiam", "eaque",
    "ipsa", "quae", "ab", "illo", "inventore", "veritatis", "quasi", "architecto",
    "beatae", "vitae", "dicta", "explicabo", "nemo", "ipsam", "quia", "voluptas",
    "aspernatur", "aut", "odit", "fugit", "consequuntur", "magni", "ratione", "sequi",
    "nesciunt", "neque", "porro", "quisquam", "dolorem", "adipisci", "numquam", "eius",
    "modi", "tempora", "incidunt", "magnam", "aliquam", "quaerat", "minima", "nostrum",
    "exercitationem", "ullam", "corporis", "suscipit", "laboriosam", "aliquid",
    "commodi", "consequatur", "autem", "vel", "eum", "iure", "quam", "nihil",
    "molestiae", "illum", "quo", "accusamus", "iusto", "odio", "dignissimos", "ducimus",
    "blanditiis", "praesentium", "voluptatum", "deleniti", "atque", "corrupti", "quos",
    "quas", "molestias", "excepturi", "occaecati", "cupiditate", "provident",
    "similique", "mollitia", "animi", "dolorum", "fuga", "harum", "quidem", "rerum",
    "facilis", "expedita", "distinctio", "nam", "libero", "tempore", "cum", "soluta",
    "nobis", "eligendi", "optio", "cumque", "impedit", "minus", "quod", "maxime",
    "placeat", "facere", "possimus", "assumenda", "repellendus", "temporibus",
    "quibusdam", "officiis", "debitis", "necessitatibus", "saepe", "eveniet",
    "voluptates", "repudiandae", "recusandae", "itaque", "earum", "hic", "tenetur", "a",
    "sapiente", "delectus", "reiciendis", "voluptatibus", "maiores", "alias",
    "perferendis", "doloribus", "asperiores", "repellat",
))
_WORD_RE = re.compile(r"\w+")


def is_filler_latin(text: str) -> bool:
    """Whether a block is the dummy Latin of filler text (FILLER_LATIN_WORDS)."""
    words = _WORD_RE.findall(text.lower())
    return len(words) >= 3 and (
        sum(w in FILLER_LATIN_WORDS for w in words) >= FILLER_LATIN_SHARE * len(words))


def is_placeholder(text: str) -> bool:
    """PLACEHOLDER_RE.search(text), for every block of every page: a plain substring test
    first (a case-insensitive regex search per block cost ~7% of clean()). Written
    "ipsum", "Ipsum" or "IPSUM"; other mixes of case are not looked for."""
    return ("psum" in text or "PSUM" in text) and PLACEHOLDER_RE.search(text) is not None
LABEL_RUN_MIN_WORDS = 6
LABEL_RUN_CAPS_SHARE = 0.8
LABEL_RUN_NOT_RE = re.compile(r"[^\w\s&/+'’-]")
# Linked characters above this share make a block navigation-like.
LINK_DENSITY_MAX = 0.5
# ... but a block of LONG_PROSE_CHARS or more with at most this share linked is neutral
# (score.block_values): in the dev sets' chosen containers such blocks were labelled
# content three times as often as not (sentences that link what they name).
LINKED_PROSE_MAX_DENSITY = 0.7
# ... unless two or more of these stand alone between its words: a breadcrumb trail or
# a row of links.
TRAIL_SEPARATORS = frozenset((">", "»", "›", "|"))
# A suspect subtree (SUSPECT_TAGS, BOILERPLATE_ATTR_RE) holding more than this share of the
# page's prose is a false positive (a wrapper named "content-with-sidebar") and is kept.
SUSPECT_MAX_PROSE_SHARE = 0.2
# Same, for containers named by STRONG_BOILERPLATE_RE.
STRONG_SUSPECT_MAX_PROSE_SHARE = 0.6
# ... nor one that holds an element named as the main content (SEMANTIC_ITEMPROPS,
# <article>, <main>, role=main) with at least SEMANTIC_BODY_MIN_SHARE of the page's prose
# and MASKED_BODY_SHARE of the suspect's own: its class names a state or style of the
# story ("paywall-on", "has-share-bar", "extra-styles"), not boilerplate.
SEMANTIC_BODY_MIN_SHARE = 0.3
MASKED_BODY_SHARE = 0.5
# Weight of a character in a boilerplate block (links, suspect subtrees) against a
# character of prose when containers are compared.
BOILERPLATE_WEIGHT = 0.7

# When the prose reading of a page keeps fewer characters than this, the page is read
# again as a listing (links count as content), and that reading wins when it finds
# LISTING_GAIN times more text.
LISTING_FALLBACK_CHARS = 1000
# Hand-set. `python -m benchmarks.fit` moved it down in every fit (2.0-2.25), but the
# gain rests on five pages: at 2.75 the macro mean rose 0.0009 while Dragnet fell 0.0002
# and site-aware cleaning lost its margin (one more multi-host page worse), and with the
# values fitted without it WCXB dev fell 0.0023 (leave-one-set-out, benchmarks/README.md).
LISTING_GAIN = 3.0
# Up to LISTING_WIDE_CHARS found, the listing reading also wins when it finds this many
# times more: a short introduction over a directory of links (a list of organisations,
# of releases, of a site's pages) that is the page. Among the dev sets' pages, listing
# readings that found 7.4 times more or above were the page; up to 5.9 times, menus and
# teasers around a story.
LISTING_WIDE_CHARS = 5000
LISTING_WIDE_GAIN = 7.0
# ... except for a short article: a container marked as the content holding at least this
# much prose, where the listing reading would add text that is at least this share links
# (teaser headlines and menus around the story, core._short_article).
SHORT_ARTICLE_MIN_CHARS = 200
SHORT_ARTICLE_ADDED_LINK_SHARE = 0.5
# ... and this much on a page that declares itself an article (og:type "article"; the
# listing pages of the dev sets that declare it are read right as listings all the same).
SHORT_ARTICLE_DECLARED_MIN_CHARS = 100
# ... where a lone paragraph is a story too when an <h1> stands this few blocks above it.
SHORT_ARTICLE_HEADLINE_GAP = 3
# When the reading found under SHORT_ARTICLE_MIN_CHARS away from the headline, the text under
# the headline replaces it if it holds this share of the reading's characters.
UNDER_HEADLINE_SHARE = 0.3
ARTICLE_PAGE_RE = re.compile(
    r"""property=["']og:type["'][^>]{0,40}content=["']article["']"""
    r"""|content=["']article["'][^>]{0,40}property=["']og:type["']""", re.IGNORECASE)
ARTICLE_PAGE_BYTES_RE = re.compile(ARTICLE_PAGE_RE.pattern.encode(), re.IGNORECASE)
# How far from an "og:type" a match of ARTICLE_PAGE_RE can reach (its longest match is
# under 120 characters either side).
ARTICLE_PAGE_REACH = 120
# The prose reading's container gives way to its nearest wrapper marked as the content
# when that holds this many times its prose (select.widen).
WIDEN_PROSE_GAIN = 2.0
# A standfirst outside the chosen container (select.standfirst): how far above it it is
# looked for, in blocks (a dateline, a share bar and a caption may stand between), and how
# long it may be (a lead sentence or two; a whole paragraph there is another story's).
STANDFIRST_MAX_BLOCKS = 5
STANDFIRST_MIN_CHARS = 40
STANDFIRST_MAX_CHARS = 400
# A reading that keeps a <footer> and fewer characters than this outside it found no
# main content (core._select): the page's only text is its footer.
FOOTER_ONLY_CHARS = 40
# When fewer characters than this are found, the page is walked again with blocks hidden
# by class read as suspects (bodies hidden until a script runs).
REVEAL_BELOW_CHARS = 200
# Prose chosen inside a box named like chrome gives way to a story outside it of at
# least this many characters and this share of the box's (core.unboxed). Calibrated on
# the four dev sets: blogs' sidebar blurbs beside a short post found 0.2-1.1 of their
# length outside the box; a story in a misnamed wrapper leaves 0.01-0.09 outside it.
BOXED_STORY_MIN_CHARS = 40
BOXED_STORY_SHARE = 0.15
# Such a box inside the chosen text, after the story (core._inner_boxes), goes from this
# size (a byline box "headline_meta" is the story's) and when the story before it has
# this much too (a listing's one-line intro over its "relatedlist" is no story).
BOXED_STORY_MIN_BOX_CHARS = 100
# ... and at most this many such boxes, from the end (a sidebar, then the footer).
BOXED_STORY_MAX_BOXES = 3

# Options.favor: (scale of max_link_density, suspect prose share, boilerplate weight).
# "precision" masks more suspects and weighs boilerplate fully; "recall" the reverse.
FAVOR = {
    "balanced": (1.0, SUSPECT_MAX_PROSE_SHARE, BOILERPLATE_WEIGHT),
    "precision": (0.6, 0.5, 1.0),
    "recall": (1.8, 0.1, 0.5),
}

# Sentence-ending punctuation in many scripts (Latin, CJK full stops, Arabic and Urdu,
# Devanagari dandas, Armenian, Ethiopic, Tibetan, Khmer, Myanmar). Checked on the last
# character of a block (blocks are whitespace-normalised): a regex anchored at "$" would
# scan the whole paragraph.
SENTENCE_END_CHARS = frozenset(".!?。！？．…।॥؟۔։።།។။»\"”’)")
# Thai and Lao end a sentence with no mark at all (a space parts clauses; the paragraph's
# end is the sentence's): a block that ends in one of their letters ends like a sentence
# when it is at least UNMARKED_SENTENCE_CHARS long (characters; a headline is shorter).
UNMARKED_SENTENCE_CHARS = 80


def ends_sentence(text: str) -> bool:
    last = text[-1:]
    return last in SENTENCE_END_CHARS or (
        "\u0e00" <= last <= "\u0eff" and len(text) >= UNMARKED_SENTENCE_CHARS)

# ---------------------------------------------------------------- the body's end
# Headings and labels that open a related/recommended/sponsored block, many languages.
# Matched against lower-cased text.
TAIL_HEADING_RE = re.compile(
    "(?:^|\\b)(?:" + _words(
        # en
        "related|read more|read also|more from|more on this|recommended|most popular|"
        "most read|trending|you may also like|you might also like|promoted stories|"
        "sponsored|more stories|top stories|latest news|editor's picks|popular posts|"
        "related posts|related articles|further reading|see also|around the web|"
        "from our partners|more to read|what to read next|read next|up next|"
        "other interesting articles|recent posts|latest posts|you might like|you may like|"
        "article tags|more articles|more news|related stories|related content|top posters",
        # ko
        "관련기사|관련 기사|관련뉴스|관련 뉴스|많이 본 뉴스|많이본 뉴스|많이 본 기사|추천 기사|추천기사|"
        "이 시각 주요뉴스|주요뉴스|비즈N 탑기사|오늘의 핫이슈|기자의 다른 기사|함께 볼만한 뉴스|"
        "인기기사|실시간 인기|핫이슈|포토뉴스|최신뉴스|이 기사와 함께 많이 본 뉴스|함께 읽으면 좋은|"
        "카테고리의 다른 글|이 블로그의 인기글|인기글",
        # ja
        "関連記事|関連ニュース|あわせて読みたい|合わせて読みたい|こちらもおすすめ|おすすめ記事|"
        "人気記事|人気の記事|アクセスランキング|ランキング|最新記事",
        # zh
        "相关阅读|相关新闻|相关文章|热门推荐|延伸阅读|猜你喜欢|推荐阅读|热门文章|相關新聞|相關閱讀|"
        "延伸閱讀|熱門推薦|热点新闻|精彩推荐",
        # de
        "lesen sie auch|mehr zum thema|das könnte sie auch interessieren|weitere artikel|"
        "auch interessant|meistgelesen|empfehlungen",
        # fr
        "à lire aussi|a lire aussi|lire aussi|sur le même sujet|sur le meme sujet|"
        "les plus lus|articles similaires|vous aimerez aussi|nos recommandations",
        # es
        "te puede interesar|noticias relacionadas|lo más leído|lo mas leido|"
        "también te puede interesar|artículos relacionados|más noticias",
        # pt
        "leia também|leia tambem|veja também|veja tambem|mais lidas|notícias relacionadas|"
        "você pode gostar",
        # it
        "leggi anche|potrebbe interessarti|articoli correlati|i più letti",
        # ru
        "читайте также|похожие новости|по теме|самое читаемое|рекомендуем|другие новости|"
        "смотрите также",
        # ar
        "اقرأ أيضا|اقرأ أيضاً|مواضيع ذات صلة|أخبار ذات صلة|الأكثر قراءة",
        # tr, pl, nl, vi
        "ilgili haberler|İlgili haberler|bunlar da ilginizi|"  # İ lowercases to i + U+0307
        "czytaj także|czytaj też|zobacz też|zobacz także|"
        "polecane|powiązane|lees ook|"
        "gerelateerd|tin liên quan|xem thêm|bài liên quan|"
        "meest gelezen|meer nieuws|çok okunanlar|benzer haberler|ilginizi çekebilir|"
        "przeczytaj także|przeczytaj też|zobacz również|najczęściej czytane|"
        "tin cùng chuyên mục|tin khác|đọc thêm",
        # more of de, fr, es, it, zh, uk
        "mehr zu diesem thema|weitere nachrichten|ähnliche artikel|"
        "das könnte dich auch interessieren|voir aussi|à voir aussi|lea también|lee también|"
        "más leídas|te recomendamos|ti potrebbe interessare|più letti|相关推荐|相關文章|"
        "читайте також|схожі новини|більше новин|за темою",
        # id/ms, hi, bn, ur, fa, th
        "baca juga|berita terkait|artikel terkait|terpopuler|berita lainnya|baca lagi|"
        "यह भी पढ़ें|ये भी पढ़ें|संबंधित खबरें|संबंधित ख़बरें|"
        "আরও পড়ুন|আরো পড়ুন|সম্পর্কিত খবর|مزید پڑھیں|متعلقہ خبریں|"
        "مطالب مرتبط|اخبار مرتبط|بیشتر بخوانید|پربازدیدترین|"
        "ข่าวที่เกี่ยวข้อง|บทความที่เกี่ยวข้อง|อ่านเพิ่มเติม|ข่าวแนะนำ",
        # el, cs/sk, sv/da/no, fi, hu, ro, he
        "διαβάστε επίσης|διαβάστε ακόμη|σχετικά άρθρα|σχετικά θέματα|διαβαστε επισης|σχετικα αρθρα|"
        "čtěte také|čtěte též|související články|mohlo by vás zajímat|súvisiace články|"
        "prečítajte si tiež|läs också|relaterade artiklar|mest lästa|læs også|mest læste|"
        "les også|mest leste|relaterte artikler|lue myös|luetuimmat|kapcsolódó cikkek|"
        "ezt is ajánljuk|legolvasottabb|citește și|citeste si|articole similare|"
        "cele mai citite|כתבות נוספות|עוד בנושא|כתבות קשורות",
        # Romanian as still written with the cedilla letters (ş ţ) of old keyboards
        "citeşte şi|citeşte si",
        # most read, more from the section, in the languages above
        "nejčtenější|nejčtenější články|πιο δημοφιλή|τα πιο διαβασμένα|הכי נקראות|"
        "найпопулярніше|найчитаніше|সর্বাধিক পঠিত|এই বিভাগের আরও খবর|सबसे ज्यादा पढ़ी गई|"
        "ข่าวยอดนิยม|mest läst|legnépszerűbb|cele mai populare",
        # a shop's similar products
        "hasonló termékek|podobné produkty|podobné zboží|produse similare|liknande produkter|"
        "produk terkait|produk serupa|παρόμοια προϊόντα|схожі товари|מוצרים דומים|"
        "สินค้าที่เกี่ยวข้อง|محصولات مشابه|संबंधित उत्पाद|সম্পর্কিত পণ্য",
    ) + ")",
)
# A tail label is a short line: longer lines that merely contain "related" are prose.
# Labels that open the page's closing boxes (author bio, share bar, newsletter pitch)
# belong to the same list: what follows them is not the story either.
TAIL_BOX_RE = re.compile(
    "^(?:" + _words(
        "about the author|about the authors|author bio|share this|share this article|"
        "share this post|share on|follow us|join our newsletter|sign up for our newsletter|"
        "subscribe to our newsletter|newsletter|leave a comment|leave a reply|comments|"
        "post a comment|join the conversation|you might be interested in|tags|topics|"
        "über den autor|teilen|kommentare|à propos de l'auteur|partager|commentaires|"
        "sobre el autor|compartir|comentarios|sobre o autor|compartilhe|comentários|"
        "condividi|commenti|об авторе|поделиться|комментарии|"
        "기자 프로필|공유하기|댓글|著者について|シェア|コメント|作者简介|分享到|评论|發表評論|"
        "bagikan|komentar|paylaş|yorumlar|udostępnij|komentarze|delen|reacties|chia sẻ|"
        "bình luận|σχόλια|komentáře|kommentarer|kommentit|hozzászólások|comentarii|"
        "поділитися|коментарі|نظرات|תגובות|ความคิดเห็น|แชร์|মন্তব্য|टिप्पणियां|टिप्पणी|"
        # shop reviews
        "vásárlói vélemények|vélemények|hodnocení zákazníků|recenze|recenzii|recensioner|"
        "ulasan|κριτικές|відгуки|ביקורות|รีวิว|نظرات کاربران|समीक्षाएं|রিভিউ|"
        # comment forms as blog software translates "Leave a Reply"
        "lasă un răspuns|lasă un comentariu|tinggalkan balasan|napsat komentář|lämna ett svar|"
        "vélemény, hozzászólás|залишити відповідь|כתיבת תגובה|αφήστε μια απάντηση|"
        "دیدگاهتان را بنویسید|प्रातिक्रिया दे|ใส่ความเห็น|মন্তব্য করুন"
    ) + ")(?!\\w)",  # (not \b: Thai and Devanagari words end in marks)
    re.IGNORECASE,
)

# Whole lines that are boilerplate wherever they stand: ad labels, share prompts, skip
# links. Matched against the full text of short blocks only.
BOILERPLATE_LINE_RE = re.compile(
    "^(?:" + _words(
        "advertisement|advertising|sponsored|sponsored content|ad|ads|skip to content|"
        "skip to main content|share|share this|share this article|share on facebook|"
        "share on twitter|tweet|print|email|copy link|link copied|table of contents|"
        "read more|load more|show more|see more|back to top|loading|loading...|"
        "anzeige|werbung|publicité|publicidad|publicidade|pubblicità|реклама|reklam|"
        "إعلان|광고|広告|广告|廣告|iklan|विज्ञापन|বিজ্ঞাপন|โฆษณา|تبلیغات|διαφήμιση|reklama|"
        "annons|annonse|annonce|advertentie|mainos|hirdetés|publicitate|פרסומת|quảng cáo|"
        "ad choices|fact checked|reviewed by|medically reviewed"
    ) + ")[\\s:.!…]*$"
    # a shop's or a thread's controls and status lines, a counter of likes or replies, a
    # forum member's rank: "Sort by: Newest", "Filter & Sort", "In stock", "3 Likes",
    # "Senior Member" (never in the labelled text of the dev sets, 330 times kept)
    r"|^(?:sort(?:ed)?\s+by\b.*|sort:.*|filters|filter\s+(?:&|and)\s+sort|(?:in|out\s+of)\s+stock"
    r"|no\s+products\s+in\s+the\s+cart|open\s+in\s+app|free\s+shipping|new\s+arrivals?"
    r"|verified\s+buyer|quick\s+(?:look|view)|\d+\s+(?:likes?|repl(?:y|ies))|original\s+poster"
    r"|(?:senior|new|premium|junior|active|well-known|registered|valued|full|gold|platinum)"
    r"\s+member)[\s.!:]*$"
    # forum member details: "Joined: Nov 2016", "Posts: 1,234", "Reaction score: 12", or
    # the label alone, its value in a block of its own (<dt>Joined</dt><dd>Nov 2016</dd>)
    r"|^(?:joined|posts|messages|reaction score|reputation|registered|member since|"
    r"beiträge|registriert|сообщения|регистрация|帖子|积分|注册时间)\s*:?\s*[\w ,.·•|:]{0,40}$"
    # reading time: "11 min read", "Lecture : 4 min", "5분 읽기", "阅读时间 3 分钟"
    r"|^(?:reading time|lesezeit|lecture|tiempo de lectura|tempo de leitura|"
    r"tempo di lettura|время чтения)?\s*:?\s*\d+\s*(?:min|minutes?|mins?|minuten|minutos|"
    r"minuti|мин|분|分钟|分)\.?(?:\s+(?:read|reading|de lecture|lesen|읽기))?$",
    re.IGNORECASE,
)
BOILERPLATE_LINE_MAX_CHARS = 40
# Status lines that listing and forum software print around the items, never content:
# a result counter ("Showing 1–24 of 291 results", "Showing 36 of 84"; a bare count,
# "672 results", is the page's own heading and stays) and a thread's closed notice
# (XenForo/vBulletin "Not open for further replies."). Matched against short lines whole.
STATUS_LINE_RE = re.compile(
    r"^(?:showing\s+(?:\d[\d,.]*\s*(?:[-–—]|to)\s*)?\d[\d,.]*\s+of\s+\d[\d,.]*"
    r"(?:\s+(?:results?|items?|products?|entries|posts|threads|jobs|listings))?"
    r"|(?:this thread is\s+)?not open for further replies)[\s.!]*$",
    re.IGNORECASE,
)
STATUS_LINE_MAX_CHARS = 60

# Calls to action that end or interrupt a body (newsletter, sign-up, sales pitches):
# short lines that start with one of these and are not headings of the story.
CTA_RE = re.compile(
    "^(?:" + _words(
        "sign up|sign in|log in|login|subscribe|join our|join the|join now|get started|"
        "get the latest|get more|start your free|start building|try it free|try for free|"
        # a forum's or a comment area's prompt to guests, after the thread
        "create an account|create a free account|create your free account|"
        "already have an account|you need to be a member|you must be a member|"
        "you must be logged in|you must log in|"
        "try our|book a|book now|request a quote|request a demo|get a free|get a quote|"
        "contact us|talk to|download the app|download our|register now|follow us|"
        "stay connected|don't miss|never miss|thank you for|thanks for reading|"
        "rate this|rate this recipe|avalie|bewerten sie|évaluez|valora esta|"
        "was this page helpful|was this article helpful|was this helpful|did you find this|"
        "war diese seite hilfreich|cette page vous a-t-elle été utile|¿te ha resultado útil|"
        "このページは役に立ちましたか|这篇文章对您有帮助吗|이 기사가 도움이 되셨나요|"
        "melden sie sich|abonnieren|inscrivez-vous|abonnez-vous|suscríbete|regístrate|"
        "assine|inscreva-se|iscriviti|abbonati|подпишитесь|зарегистрируйтесь|"
        "구독하기|회원가입|로그인|購読|登録|订阅|注册|登录|"
        "berlangganan|abone ol|zapisz się|schrijf je in|đăng ký nhận|εγγραφείτε|"
        "prenumerera|tilaa uutiskirje|feliratkozás|abonează-te|підпишіться|הירשמו|"
        "สมัครสมาชิก|सदस्यता लें|iratkozzon fel|iratkozz fel|přihlaste se k odběru|odebírejte|"
        "abonaţi-vă|abonați-vă|abonează-te|daftar sekarang|"
        "prenumerera på|registrera dig|підписатися|зареєструйтеся|הרשמו|הצטרפו"
    ) + ")(?!\\w)",  # (not \b: Thai and Devanagari words end in marks)
    re.IGNORECASE,
)
CTA_MAX_CHARS = 90

# Affiliate and sponsorship disclosures: full sentences, but never the story. Matched
# against lower-cased text.
DISCLOSURE_WORDS = _word_list(
    "we earn a commission|we may earn a commission|we may earn commission|we earn commission|"
    "we may earn a small commission|affiliate link|affiliate commission|as an amazon associate|"
    "chosen independently by our editors|contains affiliate|contain affiliate|paid partnership|"
    "in partnership with|sponsored by|presented by",
    "eine provision|enthält affiliate|percevoir une commission|liens affiliés|"
    "recibir una comisión|enlaces de afiliados|제휴 마케팅|수수료를 제공받|アフィリエイト|广告合作",
)
DISCLOSURE_RE = re.compile(_words(*DISCLOSURE_WORDS))
DISCLOSURE_MAX_CHARS = 300

# A notice that the page needs JavaScript ("You need to enable JavaScript to run this
# app.", "JavaScript is disabled. For a better experience, please enable JavaScript in
# your browser"): never content, wherever it stands. Matched against lower-cased text of
# at most NOSCRIPT_NOTICE_MAX_CHARS that holds "javascript".
NOSCRIPT_NOTICE_RE = re.compile(
    r"\bjavascript\b.*\b(?:enable|enabled|enabling|turn on|disabled|is required|requires?|"
    r"supports|capable|activate)\b"
    r"|\b(?:enable|enabling|turn on|activate|without|supports?|requires?)\b\W+"
    r"(?:[\w']+\W+){0,2}javascript\b")
NOSCRIPT_NOTICE_MAX_CHARS = 200

# "Jane Doe is a freelance writer who ...": an author bio after the story.
AUTHOR_BIO_RE = re.compile(
    r"^(?:[A-Z][\w'.-]+ ){1,3}(?:is|was|has been) (?:an? |the )?(?:[\w-]+ ){0,4}"
    r"(?:writer|editor|journalist|reporter|author|contributor|columnist|correspondent|"
    r"researcher|blogger|freelancer|strategist|marketer|expert|specialist|founder)\b"
)
AUTHOR_BIO_MAX_CHARS = 400
TAIL_HEADING_MAX_CHARS = 40

# Lines that end the body in news styles and are themselves boilerplate: the body ends
# before them and nothing after them is kept. Matched against lower-cased text.
COPYRIGHT_WORDS = _word_list(
    "all rights reserved|無断転載|版权所有|版權所有|未经授权|禁止转载|tous droits réservés|"
    "alle rechte vorbehalten|todos los derechos reservados|все права защищены|"
    "جميع الحقوق محفوظة|tutti i diritti riservati|todos os direitos reservados|"
    "wszelkie prawa zastrzeżone|alle rechten voorbehouden|tüm hakları saklıdır|"
    "hak cipta dilindungi|всі права захищені|všechna práva vyhrazena|minden jog fenntartva|"
    "toate drepturile rezervate|alla rättigheter förbehållna|alle rettigheder forbeholdes|"
    "alle rettigheter reservert|kaikki oikeudet pidätetään|כל הזכויות שמורות|สงวนลิขสิทธิ์|"
    "सर्वाधिकार सुरक्षित|کلیه حقوق|تمامی حقوق|bản quyền thuộc|"
    "με επιφύλαξη παντός δικαιώματος|সর্বস্বত্ব সংরক্ষিত|všetky práva vyhradené")
# (A "©" glued to the end of a word marks a name, "CostIt©", as "®" does: no notice.)
COPYRIGHT_RE = re.compile(
    r"ⓒ|(?<![^\W\d_])©|\(c\)\s*\d{4}|\bcopyright\b|무단\s*전재|재배포\s*금지|"
    + _words(*COPYRIGHT_WORDS))
# Literals at least one of which is in every COPYRIGHT_RE match: a cheap first test (the
# C matcher) before the regex.
COPYRIGHT_ANCHORS = ("ⓒ", "©", "(c)", "copyright", "무단", "재배포") + COPYRIGHT_WORDS
COPYRIGHT_MAX_CHARS = 160
# A copyright line or an author bio does not end the body, and a label does not open a
# "related" box, when long paragraphs ending like sentences still follow it (up to the box's
# end) holding at least this share of the body's scored text: a photo credit "© 2024 Jane
# Doe" mid-story, a sentence about copyright, a section heading "Recommended tools".
BODY_AFTER_END_SHARE = 0.3

# Lines that end a news body and belong to it: bylines with the reporter's e-mail, agency
# credits, editor's notes and corrections. Kept, and the tail is cut after them.
BYLINE_RE = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+"                               # reporter e-mail, any language
    r"|기자(?:\s|$)|특파원|논설위원|객원기자|바로잡습니다|정정보도"     # ko
    r"|记者|記者|编辑[:：]|編輯[:：]|责任编辑|責任編輯|^（[^（）]{1,12}）$|^\([^()]{1,12}\)$"  # zh, ja
    r"|^(?:by|reporting by|written by|additional reporting|text|texto|testo|von|par|por|di)\s"
    # a writer's or editor's label: "Penulis: X | Editor: Y", "Autor: X", "Författare: X"
    r"|^(?:penulis|pewarta|wartawan|reporter|editor|autor|autorka|redaktor|redaktorka|"
    r"författare|szerző|írta|συντάκτης|автор|кореспондент|लेखक|रिपोर्टर|লেখক|প্রতিবেদক|"
    r"نویسنده|خبرنگار|ผู้เขียน|ผู้สื่อข่าว|כתב|כתבת)\s*:"
    # a reporter's title after the name: "Yossi Avraham, כתב ...", "খুলনা প্রতিনিধি"
    r"|,\s*(?:כתב|כתבת)\s|^מאת\s|প্রতিনিধি$|নিজস্ব প্রতিবেদক|संवाददाता"
    r"|\((?:ap|afp|reuters|dpa|epa|efe|ansa|lusa|pap|aa|anp|ria|tass|sda|apa|kyodo|xinhua|"
    r"연합뉴스|뉴시스|뉴스1|新华社|中新社|共同)\)"
    r"|/dpa\b|^(?:ansa|anp|dpa|afp|ap|lusa|efe|pap|reuters)$"
    r"|^(?:(?:editor'?s note|correction|update|note de la rédaction|correctie|rectificación)\b"
    r"|※|注[:：]|更正|訂正)",
    re.IGNORECASE,
)
BYLINE_MAX_CHARS = 120
# A byline inside a box named like boilerplate ("article-signature") is kept when short.
MASKED_BYLINE_MAX_CHARS = 40
# A line before the body that carries a date or a time and no sentence end is the
# story's dateline/byline ("By X · 19 June 2024, 14:05", "입력 2025-09-13 09:10").
DATELINE_RE = re.compile(
    r"\b\d{4}\s*[-./년年]\s*\d{1,2}\s*[-./월月]\s*\d{1,2}|\b\d{1,2}:\d{2}\b|"
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b(?:19|20)\d{2}\b")
DATELINE_MAX_CHARS = 120
# A dateline under a standfirst that ends like a sentence says what the date is: words for
# "published"/"updated" (a short line after the first sentence that merely names a date is
# as often the story's, or a byline the labels keep). Matched against lower-cased text.
PUBLISHED_RE = re.compile(_words(
    "published|updated|posted|last updated|veröffentlicht|aktualisiert|publié|mis à jour|"
    "publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|"
    "publicerad|uppdaterad|publiceret|opdateret|publisert|oppdatert|julkaistu|päivitetty|"
    "opublikowano|zaktualizowano|publikováno|aktualizováno|publikálva|frissítve|publicat|"
    "actualizat|δημοσιεύθηκε|δημοσίευση|ενημερώθηκε|опубликовано|обновлено|опубліковано|"
    "оновлено|yayınlanma|güncellenme|diterbitkan|diperbarui|cập nhật|अपडेटेड|प्रकाशित|"
    "প্রকাশ|আপডেট|تاریخ انتشار|به‌روزرسانی|פורסם|עודכן|เผยแพร่|อัปเดต|입력|수정|"
    "公開|更新|发布|發佈"))
# How many blocks before the first sentence are looked at for datelines and buttons.
LEAD_MAX_BLOCKS = 8
# A reporter's name alone on the line after the last paragraph ("Minh Khoa", "Ольга
# Терентьева"): short, unlinked, no digits or label punctuation.
SIGNATURE_MAX_CHARS = 30
SIGNATURE_MAX_WORDS = 4
NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "della", "di", "van", "von",
                            "der", "den", "la", "le", "du", "bin", "al", "el", "y", "e"})
SIGNATURE_NOT_RE = re.compile(
    r"[\d:|/#@©ⓒ]|\b(?:posts?|articles?|tags?|share|like|news|stories|related|popular|"
    r"recent|more|read|comments?|topics?|categories|archives?|menu|home)\b", re.IGNORECASE)

# A paragraph at least this long is body text wherever it stands.
LONG_PROSE_CHARS = 80
# Lines after the last long paragraph that do not end like sentences are stray lines and
# go (tail.trim_end), unless there are at least this many and they hold more text than the
# body above them: then they are the page's items (a grid, a list of entries) and stay.
TAIL_ITEMS_MIN_BLOCKS = 5

# ---------------------------------------------------------------- reader comments
# Options(comments=True): comments.py. Calibrated on Dragnet (1,381 news/blog pages whose
# labels include the comment thread); the default path never reads these.
# A class token or id naming a comment list or a comment: "comments", "commentlist",
# "comment-list", "post-comments", "disqus_thread", "comment-123", "li-comment-123",
# Blogger's "blog1_cmt-123", "commentwrap", JComments' "jc_commentsdiv". Not "comment-form",
# "comments-link", "comment-count", "comments-open": only the listed endings make a thread.
COMMENT_NAME_RE = re.compile(
    # not a sidebar's list of the site's recent or most commented posts
    r"^(?!(?:.*[-_])?(?:recent|latest|last|top|most|popular|widget|sidebar)[-_]?comment)"
    r"(?:[a-z0-9]+[-_])*(?:comments?|cmts?|disqus)(?:[-_]?(?:"
    r"list|listing|block|area|thread|threads|wrap|wrapper|container|section|holder|stream|"
    r"content|contents|inner|box|tpl|template|outer|entry|items?|tree|body|text|div|\d+))*$")
COMMENT_ITEMTYPE_RE = re.compile(r"schema\.org/(?:Comment|UserComments)\b", re.IGNORECASE)
# Bounds on the work a page can make: candidates looked at (outermost elements named
# like comments), and siblings looked at before one for a forum's first post.
COMMENT_MAX_CANDIDATES = 1000
COMMENT_POST_SIBLINGS = 4
# Places a candidate's text is tried at in the page's blocks (see comments._locate).
COMMENT_LOCATE_TRIES = 20
# A thread counts as reader comments only when at least this much of the main text
# stands before it: else it is the page's content (a forum thread, Q&A answers).
COMMENTS_MIN_ARTICLE_CHARS = 100
# A thread is the page's content (comments off too: core._thread_content) when the prose
# in it, outside the reading, is at least this share of the reading's and this many
# characters, and the reading with it finds this many times more text.
THREAD_CONTENT_SHARE = 1.0
THREAD_CONTENT_MAX_CHARS = 1000
THREAD_CONTENT_MIN_CHARS = 400
THREAD_CONTENT_GAIN = 2.0
# When more than this share of the text was taken from a thread, the page is read again
# without it (long comments can outweigh a short article).
COMMENTS_TEXT_SHARE = 0.5
# "3 Responses", "One thought on “…”": a count of the comments, heading a thread.
COMMENT_COUNT_RE = re.compile(
    r"^(\d+|no|one|two|three|four|five)\s+(?:comments?|responses?|replies|thoughts?|"
    r"reactions?)\b", re.IGNORECASE)
# Short lines of a thread that are its chrome: counts and titles, paging, buttons.
COMMENT_CHROME_MAX_CHARS = 80
COMMENT_CHROME_RE = re.compile(
    r"^(?:[\W_]*$"
    r"|(?:\d+|no|one|two|three)\s+(?:comments?|responses?|replies|thoughts?|reactions?|"
    r"trackbacks?|pingbacks?)\b"
    r"|(?:pingback|trackback)\b"
    r"|.*\b(?:enable javascript|comments powered by)\b"
    r"|(?:comments?|responses?|replies|reader comments|discussion|trackbacks?|pingbacks?)"
    r"\s*[:(\d]*\)?\s*$"
    r"|(?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:comment|reply|response)\b"
    r"|(?:«|‹|<)?\s*(?:older|newer|previous|next|load more|show more|view all|see all)"
    r"\b.{0,30}\b(?:comments?|replies)\b"
    r"|sort(?:ed)? by\b)",
    re.IGNORECASE)
# A thread shows when each comment was written: without one date or time in a short
# line it is a form, a notice or a placeholder, not comments. DATELINE_RE, plus month
# names and "3 hours ago".
COMMENT_DATE_RE = re.compile(
    DATELINE_RE.pattern
    + r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b",
    re.IGNORECASE)
COMMENT_DATE_MAX_CHARS = 160
# Without a date, a thread shows at least this many elements named like comments inside.
COMMENT_MIN_ITEMS = 2
# A page that declares itself a forum thread or a Q&A page (schema.org microdata or
# JSON-LD): its replies and answers are its content, whatever their markup says.
FORUM_PAGE_TYPES = ("DiscussionForumPosting", "QAPage")
# A class token naming a forum: its "comments" are the thread's posts.
FORUM_NAME_RE = re.compile(r"forum|discussionboard|message-?board|bbpress|phpbb|vbulletin|xenforo")
# A thread mostly of links is a list of posts (a sidebar's "recent comments"), not one.
COMMENT_MAX_LINK_DENSITY = 0.5
# A short line made of these words only (and numbers) is a comment's buttons: "Reply",
# "Report abuse", "Like · Reply · 3", "Permalink | Edit".
COMMENT_WORD_RE = re.compile(r"\w+")
COMMENT_ACTIONS = frozenset({
    "reply", "replies", "report", "abuse", "flag", "like", "likes", "unlike", "permalink",
    "link", "edit", "delete", "quote", "share", "vote", "votes", "up", "down", "parent",
    "recommend", "recommended", "cancel", "hide", "show", "collapse", "expand", "agree",
    "disagree", "helpful", "spam", "block", "follow", "upvote", "downvote", "points",
    "point", "comment", "inappropriate",
    # joining words of the buttons above: "Reply to this comment", "Flag as inappropriate"
    "to", "this", "as",
})
