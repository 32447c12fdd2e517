"""Body fallbacks: a bounded walk from the headline for author markup, a byline, a <time>
and the visible dateline (cleaner.metadata.dateline); a longer walk for the date only."""

from __future__ import annotations

import re
from datetime import date

from .dateline import labelled_dateline, lead
from .dates import normalise_date
from .head import _C
from .values import _clean, _split_authors

_WALK_NODES = 80       # nodes the body walk near the headline looks at, at most
_BYLINE = re.compile(
    r"^(?i:by|written by|posted by|words by|author:|authored by|von|par|por|door|av)[:\s]\s*"
    r"([A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+(?:(?:de|da|van|von|der|del|la|le|di|bin|al)\s+)?"
    r"[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,3})*)"
    r"(?=$|\s*[|•·,/–—-]|\s+(?:on|in|and|at|for|updated|published)\b|\s+\d|\s*\()",
)
_BY_ALONE = re.compile(r"^(?:by|written by|posted by|author|von|par|por|door):?$", re.IGNORECASE)
_BY_ALONE_CHARS = len("written by:")   # the longest text _BY_ALONE matches
_KO_BYLINE = re.compile(r"(?:^|[\s(\[/·|])([가-힣]{2,4})\s*(?:기자|특파원|선임기자|논설위원)(?![가-힣])")
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "nav", "footer", "select",
                   "option", "button", "iframe", "form", "aside", "head"))
_AUTHOR_CLASS = lead(r"author|byline|writer", re.IGNORECASE)
_AUTHOR_CLASS_NOT = lead(r"avatar|image|photo|img|pic|bio|desc|box|list|link", re.IGNORECASE)


def _looks_like_name(s: str) -> bool:
    words = s.split()
    return 1 <= len(words) <= 5 and not any(c.isdigit() for c in s) and ":" not in s


def _names(text: str | None) -> list[str]:
    """Author names from a byline text ("By Jane Doe and Ann Lee", "Jane Doe", "홍길동 기자")."""
    text = _clean(text) or ""
    if not 2 < len(text) <= 100:
        return []
    m = _BYLINE.match(text)
    if m:
        return _split_authors(m[1].replace(" and ", "; ").replace(",", ";"))
    m = None if text.isascii() else _KO_BYLINE.search(text)   # (it needs Hangul)
    if m:
        return [m[1]]
    if len(text) > 60:
        return []
    found = _split_authors(text)
    return found if found and all(_looks_like_name(a) for a in found) else []


def _following(start, limit: int):
    """Up to ``limit`` nodes from ``start`` on in document order (leaving ``start``'s subtree
    for what follows it), skipping the insides of scripts, navigation, forms and the like."""
    node = start
    n = 0
    while node is not None and n < limit:
        n += 1
        yield node
        child = node.child if node.tag not in _SKIP else None
        if child is not None:
            node = child
            continue
        while node is not None and node.next is None:
            node = node.parent
            if node is None or node.tag in ("body", "html"):
                return
        node = node.next if node is not None else None


def _c_following():
    """_walk.following set up for _near_headline (see _items), or None."""
    from ..blocks import _C_WALK
    if _C is None:
        return None, None
    from selectolax.lexbor import LexborHTMLParser
    names = ("itemprop", "class", "rel", "content", "datetime")
    tree = LexborHTMLParser("<p " + " ".join(f"{n}=x" for n in names) + ">")
    ids = {tag: tree.create_node(tag).tag_id for tag in (*_SKIP, "body", "html", "time")}
    if not _C_WALK.setup_following([ids[t] for t in _SKIP], ids["body"], ids["html"],
                                   ids["time"], tree.css_first("p"), names):
        return None, None
    return _C_WALK.following, _C_WALK.point


_FOLLOWING, _C_POINT = _c_following()


def _c_marks():
    """_meta.following_marks set up, when the C walk loaded and it reads a probe page as
    _marks_reference does; else None (then the Python walk reads the marks)."""
    if _FOLLOWING is None:
        return None
    try:
        from .. import _meta
    except ImportError:
        return None
    from selectolax.lexbor import LexborHTMLParser

    from ..blocks import _C_WALK
    tree = LexborHTMLParser(_PROBE)
    ids = {tag: tree.create_node(tag).tag_id for tag in (*_SKIP, "body", "html", "time")}
    class_id = _C_WALK.first_attr_id(tree.css_first("p"))
    if not _meta.setup_marks([ids[t] for t in _SKIP], ids["body"], ids["html"], ids["time"],
                           class_id):
        return None
    start = tree.css_first("h1")
    for marks in (1, 2):
        if not _marks_agree(_meta.following_marks(start, 900, marks),
                            _marks_reference(start, 900, marks)):
            return None
    return _meta.following_marks


_AFTER_WORDS = ("comment", "related", "recommend", "teaser", "copyright")
# "19" or "20" then a digit or a non-ASCII character: a superset of dateline._YEAR's
# starts, as _meta tests it on the bytes.
_YEAR_LIKE = re.compile(r"(?:19|20)[0-9\x80-\U0010ffff]")


def _marks_reference(start, limit: int, marks: int):
    """What _meta.following_marks(start, limit, marks) reads, in Python and with every
    mark's class and every text: (texts and marks, as _items gives them with ``marks``;
    the indices of the texts that may hold a year; those of the texts starting with
    "\x01" and of the marks whose class holds an after word, which may end
    labelled_dateline's search)."""
    out: list[str] = []
    years: list[int] = []
    afters: list[int] = []
    for x in _py_items(start, limit):
        if x.__class__ is str:
            if _YEAR_LIKE.search(x):
                years.append(len(out))
            if x[0] == "\x01":
                afters.append(len(out))
            out.append(x)
        elif marks == 2 and x[0]:
            out.append("\x01\x02")
        elif marks == 2 or x[2]:
            cls = x[2] or ""
            if any(w in cls for w in _AFTER_WORDS):
                afters.append(len(out))
            out.append("\x01" + cls)
    return out, years, afters


def _marks_agree(fast, full) -> bool:
    """Whether following_marks' reading ``fast`` is _marks_reference's ``full`` but for
    what labelled_dateline never reads: nothing at all when no text may hold a year; else
    a text that is no year's nor one of the three items before one, shorter than 200
    bytes, may be "", and such a mark without an after word "\x01"; its long texts (a
    fourth list, when given) hold every text labelled_dateline's prose count reads."""
    out, years, afters = fast[:3]
    if years != full[1]:
        return False
    if not years:
        return not out and not afters and not any(fast[3:])
    if len(fast) > 3 and not _longs_agree(fast[3], full[0]):
        return False
    if afters != full[2] or len(out) != len(full[0]):
        return False
    near = {k for y in years for k in range(max(0, y - 3), y + 1)}
    return all(a == b or k not in near and (
        a == "" and len(b) < 200 and b[:1] != "\x01"
        or a == "\x01" and b[:1] == "\x01" and k not in afters)
        for k, (a, b) in enumerate(zip(out, full[0])))


def _longs_agree(longs: list[int], texts: list[str]) -> bool:
    """Whether following_marks' long texts (by bytes) hold every text of ``texts`` (the
    Python reading) that labelled_dateline's prose count may take, in order."""
    return longs == sorted(set(longs)) and all(0 <= k < len(texts) for k in longs) and {
        k for k, t in enumerate(texts) if len(t) >= 200 and t[:1] != "\x01"} <= set(longs)


def _items(start, limit: int, marks: int = 0):
    """What _near_headline reads, node by node (see _walk.following, which the C extension
    runs instead): a str per text node that is not all ASCII whitespace; per element outside
    _SKIP with attributes, (is <time>, itemprop, class, rel, content, datetime, node).

    With ``marks``, elements come as dates.labelled_dateline's str marks instead (only the
    dateline is wanted; building tuples to drop them cost more than the reading):
    ``marks=1``, "\x01" + the class of an element with a non-empty one; ``marks=2``,
    "\x01\x02" for a <time>, else "\x01" + the class or "". Then the result is (that list,
    its candidates for labelled_dateline or None): the C walk (_meta.following_marks) notes
    which texts may hold a year and which marks may end the search while it reads them, so
    that labelled_dateline reads only those (on WCXB dev half the walks hold no year at
    all)."""
    if marks:
        if _MARKS is not None:
            out, years, afters, longs = _MARKS(start, limit, marks)
            return out, (years, afters, longs)
        if marks == 1:
            return [x if x.__class__ is str else "\x01" + x[2] for x in _items(start, limit)
                    if x.__class__ is str or x[2]], None
        return [x if x.__class__ is str else "\x01\x02" if x[0] else "\x01" + (x[2] or "")
                for x in _items(start, limit)], None
    if _FOLLOWING is not None:
        return _FOLLOWING(start, limit)
    return _py_items(start, limit)


def _py_items(start, limit: int) -> list:
    """_items(start, limit) in Python."""
    out: list = []
    for node in _following(start, limit):
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text and text.strip(" \t\n\r\f"):
                out.append(text)
        elif tag is not None and tag[0] != "_" and tag not in _SKIP:
            a = node.attributes
            if a:
                out.append((tag == "time", a.get("itemprop"), a.get("class"), a.get("rel"),
                            a.get("content"), a.get("datetime"), node))
    return out


# A dateline, a date's class, a comment section and a nested skip: the probe _c_marks
# checks its walk on against _marks_reference.
_PROBE = ("<p class=x>x</p><h1 id=h>Title 2024</h1>" + "<p class=far>a</p>" * 5
          + "<p class='Post-Author'>By <a rel=author href=/a>Ann</a></p><span itemprop=name"
          " content=x>y</span><p class=''>z</p><p class=\u00e9crivain>w</p>"
          + "<div class=meta><span class=date>"
          "March 5, 2024</span><time datetime=2024-03-05>5.3.2024</time></div>"
          "<nav class=menu>2023</nav><p class=lead>In 2019 and 1999</p><p>" + "prose " * 50
          + "</p><div class=comment-list><p class=c>2025-01-01</p></div>")
_MARKS = _c_marks()

# What _near_headline's loop takes for an element it reads as a mark alone.
_NEAR_MARK = (False, None, " ", None, None, None, 0)
_AUTHOR_WORDS = ("author", "byline", "writer")


def _near_reference(items: list) -> list:
    """_meta.near_items' reading of _items(start, limit) (see there): what the loop needs
    of them when the C marks walk reads the dateline (then its texts serve
    _last_activity only, which counts a mark by its place)."""
    out: list = []
    for x in items:
        if x.__class__ is str or x[0] or x[1] is not None or x[3] is not None or (
                x[2] and not (x[2].isascii()
                              and not any(w in x[2].lower() for w in _AUTHOR_WORDS))):
            out.append(x)
        elif x[2]:
            out.append(_NEAR_MARK)
    return out


def _c_near():
    """_meta.near_items set up, when the marks walk is in use and it reads the probe page
    as _near_reference does; else None (then _near_headline reads _items)."""
    if _MARKS is None:
        return None
    from selectolax.lexbor import LexborHTMLParser

    from .. import _meta
    from ..blocks import _C_WALK
    names = ("itemprop", "class", "rel", "content", "datetime")
    probe = LexborHTMLParser("<p " + " ".join(f"{n}=x" for n in names) + ">")
    if not _meta.setup_near(probe.css_first("p"), names):
        return None
    tree = LexborHTMLParser(_PROBE)
    for start in (tree.css_first("h1"), tree.body):
        want = [x if x.__class__ is str or x[6] == 0 else (*x[:6], _C_WALK.node_ptr(x[6]))
                for x in _near_reference(_py_items(start, 900))]
        if _meta.near_items(start, 900) != want:
            return None
    return _meta.near_items


_NEAR = _c_near()


def _near_headline(start, want_author: bool, want_markup_date: bool, lang: str | None = None
                   ) -> tuple[list[str], str | None, str | None, int]:
    """One bounded walk from the headline on: author markup (itemprop/rel/class author or
    byline) or a byline text ("By ...", "... 기자"); the first ``<time datetime>`` or
    ``itemprop=datePublished`` when ``want_markup_date``; and the date of a visible dateline
    with its index among the text nodes (dates.labelled_dateline over the walk's text nodes
    and element classes; ``lang`` tells how to read "3/5/2024")."""
    if not want_author and not want_markup_date:
        # Only the dateline: no loop in Python over the nodes.
        texts, candidates = _items(start, _WALK_NODES, 1)
        shown, _, at = labelled_dateline(texts, lang, candidates=candidates)
        return [], None, shown, at
    items = _items(start, _WALK_NODES) if _NEAR is None else _NEAR(start, _WALK_NODES)
    authors: list[str] = []
    published = None
    pending = False
    texts = []
    # With the C marks walk below, texts serves _last_activity only: the loop may end
    # once all it looks for is found.
    early = _MARKS is not None
    for item in items:
        if isinstance(item, str):
            texts.append(item)
            if not want_author or authors:
                continue
            text = item
            if text.isspace():
                continue
            text = text.strip()
            if pending:
                authors = [a for a in _split_authors(text) if _looks_like_name(a)]
                pending = False
            elif len(text) <= _BY_ALONE_CHARS and _BY_ALONE.match(text):
                pending = True
            elif len(text) <= 100 and (text[:1] in "BbWwPpAaVvDd" or "기자" in text
                                       or "특파원" in text):
                byline = _BYLINE.match(text) or (
                    not text.isascii() and _KO_BYLINE.search(text))    # (it needs Hangul)
                authors = _names(text) if byline else []
            if authors and early and (not want_markup_date or published is not None):
                break
        else:
            is_time, prop, cls, rel, content, when, ref = item
            if cls:
                texts.append("\x01" + cls)   # dates.dateline stops at comments, teasers
            if (want_markup_date and published is None and (is_time or prop == "datePublished")
                    and prop != "dateModified" and not _last_activity(texts)):
                published = normalise_date(when or content or (
                    _node_at(start, ref).text() if prop else None))
            if want_author and not authors:
                cls = cls or ""
                rel = rel or ""
                # (An ASCII class without the words cannot match: most classes are
                # cleared by three finds instead of a case-blind pattern.)
                if prop == "author" or rel == "author" or (
                        cls and not (cls.isascii() and "author" not in (low := cls.lower())
                                     and "byline" not in low and "writer" not in low)
                        and _AUTHOR_CLASS.search(cls) and not _AUTHOR_CLASS_NOT.search(cls)):
                    name = content
                    node = _node_at(start, ref)
                    if not name and prop == "author":
                        inner = node.css_first('[itemprop="name"]')
                        name = inner.text(separator=" ") if inner is not None else None
                    authors = _names(name or node.text(separator=" "))
            if early and (authors or not want_author) and (
                    published is not None or not want_markup_date):
                break
    # The same texts and marks again from the C walk, with its candidates: a second walk
    # of _WALK_NODES nodes costs less than searching the joined texts for a year.
    marked, candidates = _items(start, _WALK_NODES, 1)
    if candidates is None:
        marked = texts
    shown, _, at = labelled_dateline(marked, lang, candidates=candidates)
    return authors, published, shown, at


# A label naming a thread's or a page's latest activity: the date after it is not the
# publication's ("last post by ggery · Sep 26, 2024" above a forum thread's first post).
_LAST_ACTIVITY = lead(r"last (?:post|reply|comment|activity)|latest (?:post|reply)"
                            r"|letzte[rn]? (?:beitrag|antwort)|dernier message|último mensaje",
                            re.IGNORECASE)


def _last_activity(texts: list[str]) -> bool:
    """Whether one of the last two text nodes before a date element labels it as the latest
    activity."""
    found = 0
    for t in reversed(texts[-6:]):
        if t[:1] == "\x01":
            continue
        if len(t) <= 40 and _LAST_ACTIVITY.search(t):
            return True
        found += 1
        if found == 2:
            break
    return False


_DATE_WALK_NODES = 900  # nodes _dateline_further looks at, at most
_DATELINE_TEXTS = 10    # a dateline is among the first text nodes after the headline


def _days(iso: str) -> int:
    return date.fromisoformat(iso[:10]).toordinal()


def _dateline_further(start, lang: str | None) -> str | None:
    """dates.dateline over a longer walk from the headline (a forum thread's first post, a
    blog whose <h1> is its name), with element marks: only a date right after a <time>, a
    date or meta class or a publication label counts, and none after comments or teasers."""
    texts, candidates = _items(start, _DATE_WALK_NODES, 2)
    return labelled_dateline(texts, lang, hinted=True, candidates=candidates)[0]


def _node_at(start, ref):
    """The node an _items() entry is about: itself, or (C) a wrapper pointed at its address."""
    if not isinstance(ref, int):
        return ref
    node = start.parser.body                  # a fresh wrapper of the same tree
    _C_POINT(node, ref)
    return node


def _around(node, levels: int):
    """``node``'s ancestor ``levels`` up, stopping below <body>; None without a node."""
    if node is None:
        return None
    for _ in range(levels):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    return node


def _text_sample(start, limit: int):
    """_text_nodes(start, limit), from the C walk when it loaded (its texts are the Python
    walk's; the tests compare them)."""
    if _FOLLOWING is None:
        return _text_nodes(start, limit)
    return [t.strip() for t in _FOLLOWING(start, limit)
            if t.__class__ is str and not t.isspace()]


def _text_nodes(start, limit: int):
    """The non-blank text of up to ``limit`` nodes from ``start`` on."""
    for node in _following(start, limit):
        if node.tag == "-text":
            text = node.text_content
            if text and not text.isspace():
                yield text.strip()
