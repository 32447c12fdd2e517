"""Property tests (issue #6): clean() on generated HTML trees and random bytes.

Properties:
- clean() never raises and always returns an Article;
- every word of the output occurs in the input's text (as Lexbor parses it);
- bytes and str inputs of the same page give the same text;
- re-cleaning a plain rendering of the output keeps its text (word F1 >= 0.99 when the
  output has at least 30 words);
- the output does not depend on the order of an element's attributes.

Example counts: CI runs CLEANER_HYPOTHESIS_EXAMPLES unset, i.e. a fixed, derandomized
budget per property (the file takes well under a minute). A local soak run sets the count
per property and gets fresh random examples each run, e.g. for ~1,000,000 in total over
the 7 properties:

    CLEANER_HYPOTHESIS_EXAMPLES=150000 python -m pytest tests/test_properties.py -q
"""

from __future__ import annotations

import bisect
import html as htmllib
import os
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

import cleaner
from cleaner import lexicon as lx
from cleaner.article import Article
from cleaner.decode import decode

_ENV_EXAMPLES = os.environ.get("CLEANER_HYPOTHESIS_EXAMPLES")
EXAMPLES = int(_ENV_EXAMPLES) if _ENV_EXAMPLES else 150
SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=_ENV_EXAMPLES is None,     # CI: the same examples every run
    database=None,                          # no .hypothesis/ folder in the repository
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)

# ---------------------------------------------------------------- vocabulary

TAGS = (
    "div", "p", "span", "a", "article", "main", "section", "nav", "header", "footer", "aside",
    "table", "thead", "tbody", "tr", "td", "th", "caption", "pre", "code", "script", "style",
    "svg", "math", "iframe", "ul", "ol", "li", "dl", "dt", "dd", "br", "hr", "h1", "h2", "h3",
    "h4", "h5", "h6", "blockquote", "em", "strong", "b", "i", "small", "img", "figure",
    "figcaption", "form", "button", "select", "option", "input", "textarea", "noscript",
    "template", "title", "meta", "label", "time", "sup", "details", "summary", "menu",
    "center", "font", "frameset", "body", "html", "head", "object", "video", "picture", "x-app",
)
VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta"})

# class/id vocabulary of cleaner/lexicon.py (boilerplate, content, hidden, taxonomy), so
# the generated trees hit its branches, plus a few random-looking tokens.
CLASS_WORDS = tuple(sorted(set(lx.HIDDEN_CLASSES) | {
    "navbar", "breadcrumb", "menu", "sidebar", "footer", "site-header", "cookie", "consent",
    "newsletter", "subscribe", "paywall", "modal", "share", "social", "related",
    "recommend", "most-read", "trending", "taboola", "outbrain", "sponsor", "advert",
    "ad-slot", "ad", "ads", "nav", "tags", "promo", "comment", "disqus", "author-bio",
    "signature", "similar", "tag-list", "toolbar", "widget-area", "hidden", "d-none",
    "md:block", "d-md-block", "hide", "invisible", "tag-news", "category-world",
    "format-standard", "article", "content", "entry-content", "post-body", "story", "main",
    "text", "body", "blog", "prose", "markdown", "rich-text", "news", "detail", "thread",
    "docs-", "col-md-4", "x9f3k", "css-1q2w3e", "jsx-123",
}))
ROLES = tuple(sorted(lx.BOILERPLATE_ROLES | {"main", "article", "presentation"}))
ITEMPROPS = tuple(sorted(lx.SEMANTIC_ITEMPROPS | {"headline", "name"}))

_SCRIPTS = {
    "latin": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éèäöüßçñøå",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئة٠١٢٣",
    "cjk": "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其",
    "kana": "あいうえおかきくけこさしすせそたちつてとなにぬねのアイウエオカキクケコサシスセソ",
    "hangul": "가각간갈감강개거건걸검게겨격견결경고곡공과관광교구국군권귀규그극근글금기긴길김나남내너노누뉴느다단달담대더데도독동두드들디라람랑래러레로록료루류르를리마만말매머메며면명모목무문물미민바박반발방배버번법변보복본부북분불비사산살상새서석선설성세소속손수순스시식신실심아안알압앞애야약양어언얼업에여역연열영예오온와왜외요용우운원위유은을음의이인일임입자작잔장재저전절점정제조종주준중즈지직진질짐차착참창책처천철청체초총최추축출충치친칠카커코쿠크키타탄태터테토통투트특파판패퍼페평포표푸프피하학한할함합항해했행향허현형호화환활회후희",
    "emoji": "😀😂🥲👍🏽❤️🔥🇰🇷👨‍👩‍👧✨🎉",
    "control": "\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\u200b\u200d\u2028\ufeff\ufffd\u0301",
    "space": " \t\n\r\xa0\u3000",
    "punct": ".,;:!?'\"()-–—«»。、！？؟…&<>/=#",
}


def _alphabet(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(_SCRIPTS[name])


_WORD = st.one_of(
    *(st.text(_alphabet(s), min_size=1, max_size=12)
      for s in ("latin", "latin", "latin", "cyrillic", "arabic", "cjk", "kana", "hangul", "emoji"))
)
_SEP = st.one_of(st.just(" "), st.text(st.one_of(_alphabet("space"), _alphabet("punct"),
                                                  _alphabet("control")), min_size=1, max_size=3))


@st.composite
def texts(draw, max_words: int = 40, min_words: int = 0) -> str:
    """A run of words in mixed scripts with spaces, punctuation and control characters."""
    words = draw(st.lists(_WORD, min_size=min_words, max_size=max_words))
    out = []
    for w in words:
        out.append(w)
        out.append(draw(_SEP))
    if draw(st.booleans()):
        out.insert(0, " ")          # some text nodes start mid-word, some after a space
    return "".join(out)


@st.composite
def attributes(draw) -> dict[str, str]:
    """Unique attribute names (so that their order is all that a permutation changes)."""
    attrs: dict[str, str] = {}
    if draw(st.booleans()):
        attrs["class"] = " ".join(draw(st.lists(
            st.one_of(st.sampled_from(CLASS_WORDS),
                      st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True)),
            min_size=1, max_size=4)))
    optional = {
        "id": st.sampled_from(CLASS_WORDS),
        "role": st.sampled_from(ROLES),
        "itemprop": st.sampled_from(ITEMPROPS),
        "hidden": st.just(""),
        "aria-hidden": st.sampled_from(("true", "false")),
        "style": st.sampled_from(("display:none", "visibility: hidden", "color:red", "")),
        "href": st.sampled_from(("/a", "https://example.com/x?a=1&b=2", "#", "javascript:0")),
        "title": texts(max_words=3),
        "alt": texts(max_words=3),
        "lang": st.sampled_from(("en", "ko", "ar", "zh-Hans")),
        "data-x": texts(max_words=3),
    }
    for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=4)):
        attrs[name] = draw(optional[name])
    for name in draw(st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
                              unique=True, max_size=2)):
        attrs.setdefault(name, draw(st.text(max_size=10)))
    return attrs


def _node(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(st.sampled_from(TAGS), attributes(), st.lists(children, max_size=6),
                     st.booleans())          # close the tag or leave it open


# Markup that is not an element: comments, processing instructions (unrendered PHP),
# CDATA, stray end tags, entities, broken tags.
RAW_FRAGMENTS = (
    "<!-- a comment -->", "<!--", "-->", "<?php echo $x; ?>", "<?xml-stylesheet href='a'?>",
    "<![CDATA[data]]>", "<!DOCTYPE html>", "</p>", "</div></div>", "</>", "<p", "<a href='",
    "&nbsp;", "&amp;", "&#0;", "&#x1F600;", "&#xD800;", "&notanentity;", "&lt;p&gt;",
    "<br/>", "<img src=x alt='alt text'>", "<b><i>mis</b>nested</i>", "\x00",
)
TREES = st.recursive(
    st.one_of(texts(), st.tuples(st.just("#raw"), texts()),     # raw: not escaped
              st.tuples(st.just("#raw"), st.sampled_from(RAW_FRAGMENTS))),
    _node, max_leaves=40)


# Elements whose content is text, not markup (an unclosed one swallows the rest).
RAW_TEXT_TAGS = frozenset({"title", "textarea", "script", "style", "iframe"})


def render(node, order=None, safe: bool = False) -> str:
    """Tree -> HTML. order(attrs) returns the attribute names in the order to write.

    safe: escape raw leaves and close raw-text elements, writing their content with
    attributes in the original order: there, "attributes" are text (or, after a stray
    quote, the rest of another tag), so their order legitimately changes the text."""
    if isinstance(node, str):
        return htmllib.escape(node, quote=False)
    if node[0] == "#raw":
        return htmllib.escape(node[1], quote=False) if safe else node[1]
    tag, attrs, children, close = node
    names = order(attrs) if order else list(attrs)
    attr_html = "".join(
        f' {n}="{htmllib.escape(attrs[n])}"' if attrs[n] else f" {n}" for n in names)
    if tag in VOID_TAGS:
        return f"<{tag}{attr_html}>"
    if safe and tag in RAW_TEXT_TAGS:
        order, close = None, True
    inner = "".join(render(c, order, safe) for c in children)
    return f"<{tag}{attr_html}>{inner}" + (f"</{tag}>" if close else "")


@st.composite
def pages(draw) -> str:
    """A page around a generated tree, sometimes with title, doctype or a truncated end."""
    body = "".join(render(t) for t in draw(st.lists(TREES, min_size=1, max_size=4)))
    title = draw(st.one_of(st.none(), texts(max_words=6)))
    head = f"<title>{htmllib.escape(title, quote=False)}</title>" if title is not None else ""
    shape = draw(st.sampled_from(("full", "full", "bare", "fragment")))
    if shape == "full":
        doc = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    elif shape == "bare":
        doc = f"<html>{head}{body}"
    else:
        doc = body
    if draw(st.integers(0, 9)) == 0:
        doc = doc[:draw(st.integers(0, len(doc)))]        # truncated download
    return doc


# ---------------------------------------------------------------- reference text

_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    # casefold, not lower(): lower() maps a Greek sigma by context (final ς or σ), so a
    # word split across two blocks would lower-case differently from the whole word.
    return _WORD_RE.findall(text.casefold())


def text_nodes(data: str | bytes) -> list[str]:
    """The text nodes of Lexbor's parse of data, in tree order (as cleaner's walk sees them)."""
    tree = LexborHTMLParser(data)
    out: list[str] = []
    stack: list = []
    node = tree.root
    while node is not None:
        if node.tag_id == 2:
            out.append(node.text_content or "")
        elif node.child is not None:
            stack.append(node)
            node = node.child
            continue
        while node is not None and node.next is None:
            node = stack.pop() if stack else None
        node = node.next if node is not None else None
    return out


class InputWords:
    """Which words clean() may output for an input.

    A word of the output is a run of word characters; the walk joins the text nodes of one
    block without separators, so a run may span several text nodes, and nodes removed
    between them (script, hidden spans, buttons, ...) may join the pieces around them; a
    block boundary between two text nodes splits an input word in two. So an output word
    must be either a word inside one text node, or the concatenation of the last word of
    one node, whole all-word nodes, and the first word of a later node, in tree order."""

    def __init__(self, nodes: list[str]):
        self.inner: set[str] = set()
        self.ends: dict[str, list[int]] = {}      # word ending its node -> node indices
        self.starts: dict[str, list[int]] = {}    # word starting its node
        self.wholes: dict[str, list[int]] = {}    # node that is one word
        for i, raw in enumerate(nodes):
            t = raw.casefold()
            for m in _WORD_RE.finditer(t):
                w = m.group()
                self.inner.add(w)
                if m.end() == len(t):
                    self.ends.setdefault(w, []).append(i)
                if m.start() == 0:
                    self.starts.setdefault(w, []).append(i)
                if m.start() == 0 and m.end() == len(t):
                    self.wholes.setdefault(w, []).append(i)

    @staticmethod
    def _after(indices: list[int] | None, i: int) -> int | None:
        if not indices:
            return None
        k = bisect.bisect_right(indices, i)
        return indices[k] if k < len(indices) else None

    def has(self, w: str) -> bool:
        if w in self.inner:
            return True
        n = len(w)
        best: dict[int, int] = {}     # position in w -> smallest node index reaching it
        for p in range(1, n):
            first = self.ends.get(w[:p])
            if first:
                best[p] = min(best.get(p, first[0]), first[0])
        for p in range(1, n):
            i = best.get(p)
            if i is None:
                continue
            if self._after(self.starts.get(w[p:]), i) is not None:
                return True
            for q in range(p + 1, n):
                j = self._after(self.wholes.get(w[p:q]), i)
                if j is not None and j < best.get(q, 1 << 60):
                    best[q] = j
        return False


def assert_words_from_input(out_text: str, data: str | bytes) -> None:
    allowed = InputWords(text_nodes(data))
    missing = sorted({w for w in words(out_text) if not allowed.has(w)})
    assert not missing, f"output words not in the input: {missing[:10]}"


def word_f1(a: str, b: str) -> float:
    wa, wb = Counter(words(a)), Counter(words(b))
    if not wa and not wb:
        return 1.0
    overlap = sum((wa & wb).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(wa.values()), overlap / sum(wb.values())
    return 2 * p * r / (p + r)


def _check(result) -> Article:
    assert isinstance(result, Article)
    assert isinstance(result.text, str)
    assert result.title is None or isinstance(result.title, str)
    return result


# ---------------------------------------------------------------- properties

OPTIONS = st.one_of(
    st.none(),
    st.builds(cleaner.Options, favor=st.sampled_from(("balanced", "precision", "recall")),
              trim_tail=st.booleans(), tables=st.booleans(),
              max_nodes=st.sampled_from((1, 7, 100, 1_000_000)),
              max_depth=st.sampled_from((1, 3, 4096)),
              max_bytes=st.sampled_from((1, 100, 32 * 1024 * 1024))),
)


@SETTINGS
@given(page=pages(), options=OPTIONS)
def test_generated_pages_never_raise_and_words_come_from_input(page, options):
    result = _check(cleaner.clean(page, options=options))
    if options is None or options.max_depth == 4096 and options.max_bytes > 100:
        # A cut input parses into another tree: only compare words on an uncut page.
        assert_words_from_input(result.text, page)


@SETTINGS
@given(data=st.binary(max_size=4096), encoding=st.one_of(
    st.none(), st.sampled_from(("utf-8", "latin-1", "euc-kr", "utf-16", "bogus", "",
                                "shift_jis", "x-user-defined", "utf-7"))))
def test_random_bytes_never_raise(data, encoding):
    result = _check(cleaner.clean(data, encoding=encoding))
    if result.text:
        # The reference is the input as cleaner decoded it (this test is about the parse
        # and walk; the decoding itself is checked against known text below).
        assert_words_from_input(result.text, decode(data, encoding).data)


@SETTINGS
@given(prefix=st.sampled_from((b"", b"<html><body><p>", b"\xef\xbb\xbf<p>", b"\xff\xfe<\x00p\x00>\x00",
                               b'<meta charset="utf-16"><p>', b'<meta charset="euc-kr"><div>')),
       data=st.binary(max_size=2048), suffix=st.sampled_from((b"", b"</p>", b"\x00" * 64)))
def test_html_prefixed_random_bytes_never_raise(prefix, data, suffix):
    page = prefix + data + suffix
    result = _check(cleaner.clean(page))
    if result.text:
        assert_words_from_input(result.text, decode(page).data)


# (codec, how the page says so): meta/BOM/header declarations cleaner must honour.
ENCODINGS = (
    ("utf-8", "none"), ("utf-8", "meta"), ("utf-8", "bom"), ("utf-16-le", "bom"),
    ("utf-16-be", "bom"), ("cp1252", "meta"), ("cp1251", "meta"), ("cp932", "meta"),
    ("cp949", "meta"), ("gb18030", "meta"), ("koi8-r", "meta"), ("cp1256", "meta"),
    ("cp1252", "header"), ("cp949", "header"), ("big5hkscs", "header"),
)
_META_LABEL = {"cp1252": "windows-1252", "cp1251": "windows-1251", "cp932": "shift_jis",
               "cp949": "euc-kr", "gb18030": "gb18030", "koi8-r": "koi8-r",
               "cp1256": "windows-1256", "utf-8": "utf-8", "big5hkscs": "big5"}
_BOM = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


@SETTINGS
@given(page=pages(), enc=st.sampled_from(ENCODINGS))
def test_bytes_and_str_give_same_text(page, enc):
    codec, how = enc
    page = page.encode("utf-8", "replace").decode("utf-8")     # no lone surrogates
    header = None
    if how == "meta":
        page = f'<meta charset="{_META_LABEL[codec]}">' + page
    elif how == "header":
        header = _META_LABEL[codec]
    body = page.encode(codec, "xmlcharrefreplace")   # characters the codec lacks: &#N;
    data = _BOM.get(codec, b"") + body if how == "bom" else body
    same_page = body.decode(codec)                     # what the bytes say, as str
    if codec not in ("utf-8", "utf-16-le", "utf-16-be") and how != "header":
        # By design (decode.py), valid non-ASCII UTF-8 wins over a legacy <meta>.
        try:
            body.decode("utf-8")
            assume(body.isascii())
        except UnicodeDecodeError:
            pass
    from_bytes = _check(cleaner.clean(data, encoding=header))
    from_str = _check(cleaner.clean(same_page))
    if from_bytes.reason != from_str.reason and "binary" in f"{from_bytes.reason}{from_str.reason}":
        # looks_binary() samples the first 4096 characters of a str but the first 4096
        # bytes of bytes: a page near the control-character threshold can differ. Known.
        return
    # Text only: reasons may legitimately differ on empty pages (a lone BOM is "not
    # html: no markup" as bytes but "empty input" as the empty str).
    assert from_bytes.text == from_str.text


def paragraphs_html(text: str) -> str:
    paras = [p for p in text.split("\n\n") if p.strip()]
    inner = "".join(
        "<p>" + "<br>".join(htmllib.escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paras)
    return f"<html><body><article>{inner}</article></body></html>"


@st.composite
def prose_pages(draw) -> str:
    """A generated page with a few long paragraphs among the trees, so that most
    examples have the 30 output words the re-cleaning property needs."""
    parts = [render(t) for t in draw(st.lists(TREES, min_size=0, max_size=3))]
    for _ in range(draw(st.integers(1, 4))):
        para = htmllib.escape(draw(texts(max_words=60, min_words=10)), quote=False)
        parts.insert(draw(st.integers(0, len(parts))), f"<p>{para}</p>")
    wrap = draw(st.sampled_from(("", "article", "div", "main", "section", "td")))
    body = "".join(parts)
    if wrap:
        body = f"<{wrap}>{body}</{wrap}>"
    return f"<html><body>{body}</body></html>"


@pytest.mark.xfail(strict=False, reason=(
    "cleaner keeps short lines in one context and drops them in the plain re-rendering: "
    "a short line of a <pre> (or a short all-link line of a listing reading) becomes a "
    "short <p>/<br> line without sentence punctuation, under min_block_chars; e.g. "
    "'<p>0 0 0 0 0 0 0 0 0 0 </p><pre><div>0 0 0 0 0 0 0 0 0 0\\n:0000000000:::0 0 0 0 0 "
    "0 0 0 0 0 0:0:0:0:0::0 0 0 0 0' gives F1 0.81. Remove this mark once fixed."))
@SETTINGS
@given(page=prose_pages())
def test_recleaning_output_keeps_its_text(page):
    first = _check(cleaner.clean(page))
    assume(len(words(first.text)) >= 30)
    again = _check(cleaner.clean(paragraphs_html(first.text)))
    f1 = word_f1(again.text, first.text)
    assert f1 >= 0.99, f"F1 {f1:.3f}\nfirst:\n{first.text!r}\nagain:\n{again.text!r}"


@SETTINGS
@given(trees=st.lists(TREES, min_size=1, max_size=4), seed=st.randoms(use_true_random=False))
def test_attribute_order_does_not_matter(trees, seed):
    def shuffled(attrs):
        names = list(attrs)
        seed.shuffle(names)
        return names

    def doc(order):
        return "<html><body>" + "".join(render(t, order, safe=True) for t in trees) + "</body></html>"

    a = _check(cleaner.clean(doc(None)))
    b = _check(cleaner.clean(doc(shuffled)))
    c = _check(cleaner.clean(doc(lambda attrs: list(reversed(attrs)))))
    assert a.text == b.text == c.text
    assert a.title == b.title == c.title


@SETTINGS
@given(tag=st.sampled_from(("div", "section", "ul", "span", "b", "table", "p", "li", "a",
                            "blockquote", "td")),
       depth=st.integers(1, 6000), leaf=texts(max_words=20))
def test_deep_nesting_never_raises(tag, depth, leaf):
    page = f"<html><body>{f'<{tag}>' * depth}{htmllib.escape(leaf, quote=False)}</body></html>"
    result = _check(cleaner.clean(page))
    assert result.reason is None or isinstance(result.reason, str)
