"""Page metadata: title, authors, dates, site name, language, canonical URL, description,
tags and lead image, read from the tree clean() already parsed (no second parse).

    >>> from cleaner.metadata import extract_metadata
    >>> meta = extract_metadata(tree, url="https://example.com/a")   # before any pruning
    >>> meta.title, meta.authors, meta.published, meta.to_dict()

Cost. One Python pass over the children of ``<head>`` collects every ``<meta>``, ``<link>``,
``<base>``, ``<title>`` and JSON-LD ``<script>``; when a stray element closed the head early
(the parser then moves the rest of it into the body), the walk reads on at the start of the
body while head elements keep coming. JSON-LD outside the head is looked for only when the
head had none and left the author or the date unknown: one byte search of the parser's
input (``tree.raw_html``) for ``ld+json``, no CSS query over the document. In the body:
the first ``<h1>`` (one ``css_first``), and one walk of at most ``_WALK_NODES`` nodes from
just before the headline for author markup, a byline, a ``<time datetime>`` and the visible
dateline (cleaner/dates.py); a longer walk (``_DATE_WALK_NODES``) only when no source gave a
date; the script check reads a few body text nodes only when no tag gives a language.
Measured on WCXB dev: 12.7% of clean()'s CPU time (benchmarks/metadata.py).

Precedence: the best source wins, field by field, in this order (first non-empty value):

- title: ``og:title``; JSON-LD ``headline`` (or ``name``) of the main object, then of the
  WebPage; ``twitter:title``; ``citation_title`` / ``dc.title``; the first ``<h1>``;
  ``<title>``. A title with separators (" | ", " - ", " – ", " » ", ...) whose part equals
  the ``<h1>`` becomes that part ("Promise - JavaScript" with ``<h1>Promise</h1>``); else it
  loses a site-name suffix or prefix (" | Site", "Site | ..."): stripped when it equals the
  site name, or when it is short (3 words or fewer, 25 characters or fewer) and what is left
  has 3 words or more. ``<h1>`` text is taken as is.
- authors: JSON-LD ``author`` / ``creator`` of the main object (strings, Person objects,
  arrays, ``@id`` references into ``@graph``); ``<meta name=author>``, ``article:author``
  (not when a URL), ``citation_author`` (all of them), ``dc.creator``, ``parsely-author``,
  ``sailthru.author``, ``byl``, the "Written by" Twitter label (``twitter:label1/data1``);
  body, near the headline: ``itemprop=author``, ``rel=author``, author/byline classes, or a
  byline text ("By Jane Doe", "By" + a link, "Von ...", "Par ...", "홍길동 기자"), whichever
  comes first.
- published: JSON-LD ``datePublished`` (then ``dateCreated``); ``article:published_time``
  and the other published-time metas (``citation_publication_date``, ``dc.date``,
  ``pubdate``, ``date``, ``parsely-pub-date``, ``sailthru.date``, ...); body, near the
  headline: the first ``<time datetime>`` or ``itemprop=datePublished``; a date in the URL path
  (``/2025/09/04/``, ``/2025-09-04/``); the date of a visible dateline near the headline
  ("Published March 5, 2024", "5. März 2024", "2024년 3월 5일", see cleaner/dates.py), then
  further down the page (a forum thread's first post). A dateline among the first
  ``_DATELINE_TEXTS`` text nodes after the headline that is earlier than the markup's date
  replaces it: such markup was rewritten when the page was updated. modified: JSON-LD
  ``dateModified``;
  ``article:modified_time``, ``og:updated_time``, ``dcterms.modified``, ... (no body fallback).
  Dates come out as ISO 8601: ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM[:SS][+HH:MM]`` when the
  source gives a time.
- site_name: ``og:site_name``; JSON-LD ``WebSite`` name, then the main object's
  ``publisher`` name; ``application-name``; ``dc.publisher``.
- language: ``<html lang>``; ``<meta http-equiv=content-language>`` / ``<meta
  name=language>``; ``og:locale``; JSON-LD ``inLanguage``; then the script of the title,
  description and a little body text: Hangul -> ko, Kana -> ja, Han only -> zh, Cyrillic ->
  ru, Arabic -> ar, Hebrew -> he, Greek -> el, Thai -> th, Devanagari -> hi; Latin text by
  a light stop-word count (en, de, fr, es, pt, it, nl), else None. Always the primary subtag,
  lower case ("en-US" -> "en").
- canonical_url: ``<link rel=canonical>``; ``og:url``; JSON-LD ``url`` / ``mainEntityOfPage``.
- description: ``og:description``; ``<meta name=description>``; ``twitter:description``;
  JSON-LD ``description``; ``dc.description``.
- tags: JSON-LD ``keywords`` and ``articleSection``; ``article:tag`` and ``article:section``;
  ``<meta name=keywords>`` / ``news_keywords``; deduplicated, in order.
- image: ``og:image``; ``twitter:image``; JSON-LD ``image`` / ``thumbnailUrl``; ``<link
  rel=image_src>``.

Main JSON-LD object: the first of Article, NewsArticle, BlogPosting and the other article
types (in document order, ``@graph`` and lists flattened, ``mainEntity`` followed), else the
first WebPage-like object, else the first object with a headline or a publication date.

URLs (canonical_url, image) are made absolute against ``<base href>`` (itself resolved against
``url``), else ``url``; with neither, a relative URL is returned as found (a
protocol-relative "//host/..." gets "https:"). Never raises on bad
JSON-LD or odd markup: a source that cannot be read is skipped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from .dates import MONTHS, labelled_dateline
from .title import heading_text

__all__ = ["Metadata", "extract_metadata", "normalise_date"]


@dataclass(frozen=True)
class Metadata:
    """What a page says about itself. Every field is None (or an empty tuple) when unknown.

    title: the headline, without a site-name suffix.
    authors: author names, best source first.
    published, modified: ISO 8601 date ("2025-12-22") or datetime ("2025-12-22T16:42:00+09:00").
    site_name: the site or publication name.
    language: primary language subtag, lower case ("en", "ko").
    canonical_url, image: absolute URLs when a base is known (``url`` or ``<base href>``).
    description: the page's summary.
    tags: keywords, categories and sections, deduplicated.
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["authors"] = list(self.authors)
        d["tags"] = list(self.tags)
        return d


# ---------------------------------------------------------------- sources in <head>

# <meta> keys (name, property or itemprop, lower-cased) per field, best first.
_META_TITLE = ("og:title", "twitter:title", "citation_title", "dc.title", "dcterms.title")
_META_AUTHOR = ("author", "article:author", "og:article:author", "citation_author",
                "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl",
                "article.author", "author_name", "twitter:data1")
_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "published_time", "citation_publication_date", "citation_date",
    "citation_online_date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
    "dcterms.created", "dc.date.created", "datepublished", "pubdate", "publishdate",
    "publish-date", "publish_date", "date_published", "publication_date", "parsely-pub-date",
    "sailthru.date", "article.published", "article_date_original", "originalpublicationdate",
    "release_date", "date", "created", "dc.created")
_META_MODIFIED = ("article:modified_time", "og:article:modified_time", "og:updated_time",
                  "article:updated_time", "modified_time", "updated_time", "datemodified",
                  "dcterms.modified", "dc.date.modified", "last-modified", "lastmod",
                  "article.updated")
_META_SITE = ("og:site_name", "application-name", "dc.publisher", "dcterms.publisher")
_META_LANG = ("content-language", "language", "dc.language", "dcterms.language", "og:locale")
_META_DESC = ("og:description", "description", "twitter:description", "dc.description",
              "dcterms.description")
_META_TAGS = ("article:tag", "og:article:tag", "article:section", "og:article:section",
              "keywords", "news_keywords", "parsely-section", "parsely-tags")
_META_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
               "twitter:image:src")
_META_URL = ("og:url",)
_MULTI = frozenset(("citation_author", "article:author", "og:article:author", "article:tag",
                    "og:article:tag"))
_WANTED = frozenset(_META_TITLE + _META_AUTHOR + _META_PUBLISHED + _META_MODIFIED + _META_SITE
                    + _META_LANG + _META_DESC + _META_TAGS + _META_IMAGE + _META_URL
                    + ("twitter:label1",))

_ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle",
    "scholarlyarticle", "techarticle", "report", "liveblogposting", "socialmediaposting",
    "discussionforumposting", "medicalscholarlyarticle", "satiricalarticle", "advertisercontentarticle",
    "review", "recipe", "howto", "posting", "creativework", "videoobject", "podcastepisode",
    "newsmediaarticle"))
_PAGE_TYPES = frozenset((
    "webpage", "itempage", "aboutpage", "collectionpage", "profilepage", "faqpage", "qapage",
    "searchresultspage", "contactpage", "medicalwebpage", "checkoutpage", "realestatelisting"))


class _Head:
    """Everything one pass over the head (plus fallback queries) collected."""

    __slots__ = ("base", "canonical", "image_src", "lang", "ld", "meta", "title")

    def __init__(self) -> None:
        self.meta: dict[str, list[str]] = {}
        self.canonical: str | None = None
        self.base: str | None = None
        self.title: str | None = None
        self.ld: list[str] = []
        self.image_src: str | None = None
        self.lang: str | None = None


_HEAD_ATTRS = ("content", "datetime", "value", "property", "name", "itemprop", "http-equiv",
               "rel", "href", "type")


def _c_head():
    """_walk.head_items set up for _collect, or None."""
    from .blocks import _C_WALK
    if _C_WALK is None:
        return None
    from selectolax.lexbor import LexborHTMLParser
    tree = LexborHTMLParser("<p " + " ".join(f"{n}=x" for n in _HEAD_ATTRS) + ">")
    tags = {t: tree.create_node(t).tag_id for t in ("meta", "link", "title", "base", "script")}
    if not _C_WALK.setup_head(tags, tree.css_first("p"), _HEAD_ATTRS):
        return None
    return _C_WALK.head_items


_HEAD_ITEMS = _c_head()


def _collect_c(tree) -> _Head:
    """_collect with the node reading in C (_walk.head_items): same result."""
    h = _Head()
    for item in _HEAD_ITEMS(tree.head, tree.body, _HEAD_GAP):
        if isinstance(item, str):
            if h.title is None:
                h.title = item
        elif isinstance(item, list):
            h.ld.append(item[0])
        else:
            is_meta, is_link, v = item
            if is_meta:
                content = v[0] if v[0] is not None else (v[1] or v[2])
                if content:
                    _add_keys(h, content, (v[3], v[4], v[5], v[6]))
            elif is_link:
                if v[7] and v[8]:
                    _add_link(h, {"rel": v[7], "href": v[8]})
            elif h.base is None:
                h.base = v[8]
    root = tree.root
    if root is not None and root.tag == "html":
        h.lang = root.attributes.get("lang") or root.attributes.get("xml:lang")
    return h


def _collect(tree, raw: bytes | None) -> _Head:
    if _HEAD_ITEMS is not None:
        return _collect_c(tree)
    h = _Head()
    head = tree.head
    if head is not None:
        for node in head.iter():
            tag = node.tag
            if tag == "meta":
                _add_meta(h, node.attributes)
            elif tag in _HEAD_OTHER:
                _add_node(h, node)
    body = tree.body
    if body is not None:
        # A stray element in the head (an <img>, an <iframe> from a <noscript>) closes it
        # early and the parser moves the rest of the head to the start of the body: read on
        # while head elements keep coming (at most _HEAD_GAP other nodes in between).
        gap = 0
        for node in body.traverse():
            if node.tag in _HEAD_TAGS:
                _add_node(h, node)
                gap = 0
            else:
                gap += 1
                if gap > _HEAD_GAP:
                    break
    root = tree.root
    if root is not None and root.tag == "html":
        h.lang = root.attributes.get("lang") or root.attributes.get("xml:lang")
    return h


def _add_node(h: _Head, node) -> None:
    tag = node.tag
    if tag == "meta":
        _add_meta(h, node.attributes)
    elif tag == "link":
        _add_link(h, node.attributes)
    elif tag == "title":
        if h.title is None:
            h.title = node.text()
    elif tag == "base":
        if h.base is None:
            h.base = node.attributes.get("href")
    elif tag == "script" and "ld+json" in (node.attributes.get("type") or "").lower():
        h.ld.append(node.text() or "")


class _CLookups(NamedTuple):
    """metadata's lookups in the C extension, with the ids they need."""

    first_tag: Callable
    json_ld_texts: Callable
    h1_id: int
    script_id: int
    type_id: int              # the attribute id of "type"
    find_rare: Callable


def _c_lookups() -> _CLookups | None:
    """The C lookups when blocks.py uses the extension (same selectolax checks), else None."""
    from .blocks import _C_WALK
    if _C_WALK is None:
        return None
    from selectolax.lexbor import LexborHTMLParser
    script = LexborHTMLParser("<script type=x></script>").css_first("script")
    type_id = _C_WALK.first_attr_id(script)
    if not 0 < type_id < 65536:
        return None
    return _CLookups(_C_WALK.first_tag, _C_WALK.json_ld_texts,
                     script.parser.create_node("h1").tag_id, script.tag_id, type_id,
                     _C_WALK.find_rare)


_C = _c_lookups()


def _c_following():
    """_walk.following set up for _near_headline (see _items), or None."""
    from .blocks import _C_WALK
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



def _find_ld_json(raw: bytes, pos: int) -> int:
    if _C is not None:
        return _C.find_rare(raw, b"ld+json", 2, pos)   # memchr on the rare '+'
    return raw.find(b"ld+json", pos)


def _first_h1(tree, body):
    """body.css_first("h1"), in C when it can (a CSS query costs ~70 us a page)."""
    if body is None:
        return None
    if _C is not None:
        into = tree.body               # a fresh wrapper, pointed at the h1 if there is one
        return into if _C.first_tag(into, body, _C.h1_id) else None
    return body.css_first("h1")


def _body_json_ld(tree, raw: bytes | None) -> list[str]:
    """The JSON-LD scripts outside <head>: from the bytes when the tree keeps them (a byte
    search runs at memory speed, faster than any walk over the body's nodes)."""
    if raw is not None:
        # From the start: finding </head> costs more than the search itself, and the
        # caller drops the head's scripts (it looks here only when the head had none).
        return _raw_json_ld(raw)
    body = tree.body
    if body is None:
        return []
    if _C is not None:
        return _C.json_ld_texts(body, _C.script_id, _C.type_id)
    return [node.text() or "" for node in body.css("script")
            if "ld+json" in (node.attributes.get("type") or "").lower()]


def _raw_json_ld(raw: bytes) -> list[str]:
    """The JSON-LD scripts, wherever they are, read from the parser's UTF-8 input: one fast
    byte search instead of a query over every element (script text is raw in HTML, so the
    bytes are what the tree holds)."""
    out: list[str] = []
    pos = 0
    while len(out) < 20:
        i = _find_ld_json(raw, pos)
        if i < 0:
            break
        pos = i + 7
        tag_start = raw.rfind(b"<", max(0, i - 300), i)
        if tag_start < 0 or raw[tag_start + 1:tag_start + 7].lower() != b"script":
            continue
        if raw.find(b">", tag_start, i) >= 0:
            continue  # "ld+json" after the tag closed: inside some script's text
        gt = raw.find(b">", i)
        close = raw.find(b"</script", gt) if gt >= 0 else -1
        if close < 0:
            close = raw.find(b"</SCRIPT", gt) if gt >= 0 else -1
        if close < 0:
            break
        out.append(raw[gt + 1:close].decode("utf-8", "replace"))
        pos = close
    return out


_HEAD_TAGS = frozenset(("meta", "link", "title", "base"))
_HEAD_OTHER = frozenset(("link", "title", "base", "script"))
_HAS_AUTHOR = frozenset(_META_AUTHOR[:-1])
_HAS_PUBLISHED = frozenset(_META_PUBLISHED)
_HEAD_GAP = 20


def _add_meta(h: _Head, attrs: dict) -> None:
    content = attrs.get("content")
    if content is None:
        content = attrs.get("datetime") or attrs.get("value")
    if not content:
        return
    _add_keys(h, content, (attrs.get("property"), attrs.get("name"), attrs.get("itemprop"),
                           attrs.get("http-equiv")))


def _add_keys(h: _Head, content: str, keys) -> None:
    """A <meta>'s content under each of its wanted keys (property, name, itemprop,
    http-equiv)."""
    for key in keys:
        if not key:
            continue
        key = key.strip().lower()
        if key in _WANTED:
            h.meta.setdefault(key, []).append(content)
        elif " " in key:  # property="og:title twitter:title"
            for k in key.split():
                if k in _WANTED:
                    h.meta.setdefault(k, []).append(content)


def _add_link(h: _Head, attrs: dict) -> None:
    rel = (attrs.get("rel") or "").lower().split()
    href = attrs.get("href")
    if not href or not rel:
        return
    if "canonical" in rel and h.canonical is None:
        h.canonical = href
    elif "image_src" in rel and h.image_src is None:
        h.image_src = href


# ---------------------------------------------------------------- JSON-LD


def _load_json(text: str):
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    # Common damage: HTML comment / CDATA wrappers, trailing commas, a trailing semicolon.
    fixed = re.sub(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$", "", text)
    fixed = re.sub(r",\s*([}\]])", r"\1", fixed).rstrip().rstrip(";")
    try:
        return json.loads(fixed, strict=False)
    except ValueError:
        return None


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        t = [t]
    if not isinstance(t, list):
        return set()
    return {x.rsplit("/", 1)[-1].rsplit("#", 1)[-1].lower() for x in t if isinstance(x, str)}


def _flatten(data, out: list[dict], depth: int = 0) -> None:
    if depth > 4 or len(out) > 200:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            out.append(data)
        graph = data.get("@graph")
        if graph is not None:
            _flatten(graph, out, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            _flatten(main, out, depth + 1)


class _LD:
    """The JSON-LD objects of a page and the ones that matter."""

    def __init__(self, scripts: list[str]) -> None:
        objs: list[dict] = []
        for text in scripts:
            data = _load_json(text)
            if data is not None:
                _flatten(data, objs)
        self.ids: dict[str, dict] = {}
        self.main: dict | None = None
        self.page: dict | None = None
        self.website: dict | None = None
        loose: dict | None = None
        for obj in objs:
            oid = obj.get("@id")
            if isinstance(oid, str):
                self.ids.setdefault(oid, obj)
            types = _types(obj)
            if self.main is None and types & _ARTICLE_TYPES:
                self.main = obj
            elif self.page is None and types & _PAGE_TYPES:
                self.page = obj
            elif self.website is None and "website" in types:
                self.website = obj
            if loose is None and ("headline" in obj or "datePublished" in obj):
                loose = obj
        if self.main is None:
            self.main = loose if loose is not None and loose is not self.page else None
        self.order = [o for o in (self.main, self.page) if o is not None]

    def resolve(self, value):
        if isinstance(value, dict) and "@id" in value and len(value) <= 2:
            return self.ids.get(value["@id"], value)
        return value

    def first(self, *keys: str):
        for obj in self.order:
            for key in keys:
                value = obj.get(key)
                if value not in (None, "", [], {}):
                    return value
        return None


def _ld_text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return _clean(value) if isinstance(value, str) else None


def _ld_url(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
        if isinstance(value, list):
            value = value[0] if value else None
    return (value.strip() or None) if isinstance(value, str) else None


def _ld_people(ld: _LD, value) -> list[str]:
    names: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        item = ld.resolve(item)
        name = None
        if isinstance(item, str):
            name = item
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, list):
                name = name[0] if name else None
            if not isinstance(name, str) or not name.strip():
                parts = [item.get("givenName"), item.get("familyName")]
                name = " ".join(p for p in parts if isinstance(p, str))
        if isinstance(name, str):
            names.extend(_split_authors(name))
    return names


# ---------------------------------------------------------------- values


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    if "&" in text and ";" in text:  # double-escaped entities in JSON-LD or metas
        text = html.unescape(text)
    return text or None


_SEP = re.compile(r"\s+(?:\||-|–|—|·|•|»|::|/|\\)\s+")


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", s.casefold())


def _headline_part(title: str, headline: str | None) -> str | None:
    """The part of a separated title that is the page's headline (or the whole title when
    the headline repeats it), else None."""
    if not headline:
        return None
    nh = _norm(headline)
    if not nh:
        return None
    if nh == _norm(title):
        return title
    for part in _SEP.split(title):
        if _norm(part) == nh:
            return part.strip()
    return None


def strip_site_name(title: str, site: str | None) -> str:
    """Drop a " | Site" / " - Site" suffix (or a "Site | " prefix) from a title."""
    for _ in range(2):
        parts = _SEP.split(title)
        if len(parts) < 2:
            return title
        seps = _SEP.findall(title)
        head = title[: len(title) - len(parts[-1]) - len(seps[-1])]
        tail = parts[-1]
        nsite = _norm(site) if site else ""
        ntail = _norm(tail)
        if nsite and ntail and (ntail == nsite or ntail in nsite or nsite in ntail):
            title = head
            continue
        first = parts[0]
        nfirst = _norm(first)
        if nsite and nfirst and (nfirst == nsite or nfirst in nsite):
            title = title[len(first) + len(seps[0]):]
            continue
        if len(tail) <= 25 and len(tail.split()) <= 3 and len(head.split()) >= 3:
            title = head
            continue
        return title
    return title


_URLISH = re.compile(r"^(?:https?:)?//|^www\.|\.(?:com|org|net)/", re.IGNORECASE)
_BY_PREFIX = re.compile(r"^(?:by|written by|posted by|author:?|von|par|por|door|di|av)\s+",
                        re.IGNORECASE)
_NOT_NAME = re.compile(r"@|\d{3}|https?:|\bwww\.", re.IGNORECASE)


def _split_authors(value: str) -> list[str]:
    value = _clean(value) or ""
    if not value or _URLISH.search(value):
        return []
    value = _BY_PREFIX.sub("", value)
    parts = [p for p in re.split(r"\s*;\s*|\s*\|\s*|\s+and\s+|\s*&\s*|\s*、\s*", value)
             if p] if len(value) > 3 else [value]
    if len(parts) > 1 and not all(len(p.split()) >= 2 or not p.isascii() for p in parts):
        parts = [value]  # "Johnson & Johnson", "Tom | Site": not a list of people
    out = []
    for p in parts:
        p = p.strip(" ,.-–—:")
        if 1 < len(p) <= 80 and not _NOT_NAME.search(p):
            out.append(p)
    return out


# ---------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
       r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_TIME = r"(?:[T\s,]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:(am|pm)\b)?" \
        r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\.?" + _TIME, re.IGNORECASE)
_KO = re.compile(r"(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]?"
                 r"(?:[^\d]{0,8}?(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(?!\d)")
_MDY = re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME, re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MON + r",?\s+(\d{4})" + _TIME,
                  re.IGNORECASE)
_NUM = re.compile(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)" + _TIME, re.IGNORECASE)
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def _fmt(y: int, mo: int, d: int, hh=None, mm=None, ss=None, ampm=None, tz=None) -> str | None:
    try:
        day = date(y, mo, d)
    except (ValueError, TypeError):
        return None
    if not 1900 <= y <= 2100:
        return None
    if hh is None:
        return day.isoformat()
    h, m, s = int(hh), int(mm), int(ss or 0)
    if ampm:
        ampm = ampm.lower()
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
    if h > 23 or m > 59 or s > 59:
        return day.isoformat()
    out = f"{day.isoformat()}T{h:02d}:{m:02d}:{s:02d}"
    if tz:
        tz = tz.upper()
        if tz in ("Z", "UTC", "GMT"):
            out += "+00:00"
        else:
            tz = tz.replace(":", "")
            out += f"{tz[:3]}:{tz[3:]}"
    return out


def normalise_date(value) -> str | None:
    """An ISO 8601 date or datetime string from the common ways pages write dates, or None.

    Accepts ISO 8601 ("2025-12-22", "2025-12-22T16:42:00Z"), "2025-12-22 16:42",
    "2025.12.22", "2025/12/22", "20251222", RFC 2822 ("Mon, 22 Dec 2025 16:42:00 +0900"),
    "December 5, 2024", "5 December 2024", "Dec. 5, 2024 at 3:04 pm", Korean / Japanese
    "2025년 12월 22일" / "2025年12月22日", numeric "12/05/2024" (month first, unless the first
    number cannot be a month) and "05.12.2024" (day first), and Unix timestamps.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    s = value.strip()[:120]
    if not s:
        return None
    if _EPOCH.match(s):
        try:
            ts = int(s[:10])
            dt = datetime.fromtimestamp(ts, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return _fmt(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, None, "Z")
    m = _ISO.search(s)
    if m:
        return _fmt(int(m[1]), int(m[2]), int(m[3]), *m.groups()[3:])
    m = _KO.search(s)
    if m:
        return _fmt(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
    if "," in s and re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", s):
        try:  # RFC 2822
            dt = parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            dt = None
        if dt is not None:
            off = dt.utcoffset()
            tz = None
            if off is not None:
                mins = int(off.total_seconds() // 60)
                sign = "-" if mins < 0 else "+"
                tz = f"{sign}{abs(mins) // 60:02d}{abs(mins) % 60:02d}"
            return _fmt(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, None, tz)
    m = _MDY.search(s)
    if m:
        return _fmt(int(m[3]), _MONTHS[m[1].lower().rstrip(".")], int(m[2]), *m.groups()[3:])
    m = _DMY.search(s)
    if m:
        return _fmt(int(m[3]), _MONTHS[m[2].lower().rstrip(".")], int(m[1]), *m.groups()[3:])
    m = _NUM.search(s)
    if m:
        a, sep, b, y = int(m[1]), m[2], int(m[3]), int(m[4])
        day_first = sep == "." or a > 12
        mo, d = (b, a) if day_first else (a, b)
        return _fmt(y, mo, d, *m.groups()[4:])
    m = _COMPACT.search(s)
    if m and len(s) <= 16:
        return _fmt(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
    return None


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)|"
                       r"/((?:19|20)\d{2})(\d{2})(\d{2})/|"
                       r"/((?:19|20)\d{2})/([a-z]{3,9})/(\d{1,2})(?:/|-|\.|$)", re.IGNORECASE)


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    m = _URL_DATE.search(path)
    if not m:
        return None
    if m[7]:                                # /2023/october/03/
        month = MONTHS.get(m[8].lower())
        return _fmt(int(m[7]), month, int(m[9])) if month else None
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    return _fmt(int(y), int(mo), int(d))


def _plausible(iso: str | None) -> str | None:
    """Dates far in the future are template placeholders or parse accidents."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    if day > date.today() + timedelta(days=366):
        return None
    return iso


# ---------------------------------------------------------------- language

_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f]")
_STOPWORDS = {
    "en": frozenset(["the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "are", "was", "it", "this", "as", "by", "be", "at", "from"]),
    "de": frozenset(["der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine", "sich", "auf", "für", "dem", "im"]),
    "fr": frozenset(["le", "la", "les", "et", "des", "est", "une", "pour", "dans", "que", "qui", "pas", "sur", "du", "au", "avec", "il", "ce"]),
    "es": frozenset(["el", "la", "los", "las", "y", "de", "que", "en", "es", "por", "un", "una", "para", "con", "del", "se", "su", "al", "como"]),
    "pt": frozenset(["o", "a", "os", "as", "e", "de", "que", "em", "um", "uma", "para", "com", "do", "da", "não", "no", "na", "se", "por", "ao"]),
    "it": frozenset(["il", "lo", "la", "gli", "le", "e", "di", "che", "è", "un", "una", "per", "con", "del", "della", "non", "sono", "nel"]),
    "nl": frozenset(["de", "het", "een", "en", "van", "is", "dat", "op", "te", "in", "voor", "niet", "met", "zijn", "er", "aan", "ook"]),
}


_SCRIPT_SAMPLE_CHARS = 5000


def detect_script_language(text: str) -> str | None:
    """A language guess from the characters of ``text`` (see the module docstring)."""
    if not text:
        return None
    text = text[:_SCRIPT_SAMPLE_CHARS]    # enough to tell; bounded on a huge title or text
    counts = {lang: len(rx.findall(text)) for lang, rx in _SCRIPTS}
    latin = len(_LATIN_LETTERS.findall(text))
    if counts["ko"] >= 2 and counts["ko"] * 4 >= counts["zh"]:
        return "ko"
    if counts["ja"] >= 2:
        return "ja"
    best = max(counts, key=counts.__getitem__)
    if counts[best] >= 2 and counts[best] >= latin * 0.5:
        return best
    if latin < 20:
        return None
    words = re.findall(r"[a-zà-öø-ÿ]+", text.lower())
    scores = {lang: sum(w in sw for w in words) for lang, sw in _STOPWORDS.items()}
    lang = max(scores, key=scores.__getitem__)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= 3 and ranked[0] > ranked[1] * 1.5:
        return lang
    return None


def _lang_tag(value: str | None) -> str | None:
    if not value:
        return None
    tag = value.strip().replace("_", "-").split("-")[0].split(",")[0].strip().lower()
    if 2 <= len(tag) <= 3 and tag.isalpha() and tag not in ("x", "und", "mul", "zxx"):
        return tag
    return None


# ---------------------------------------------------------------- body fallbacks

_WALK_NODES = 80       # nodes the body walk near the headline looks at, at most
_BYLINE = re.compile(
    r"^(?i:by|written by|posted by|words by|author:|authored by|von|par|por|door|av)[:\s]\s*"
    r"([A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+(?:(?:de|da|van|von|der|del|la|le|di|bin|al)\s+)?"
    r"[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,3}"
    r"(?:\s*(?:,|and|&)\s*[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,3})*)"
    r"(?=$|\s*[|•·,/–—-]|\s+(?:on|in|and|at|for|updated|published)\b|\s+\d|\s*\()",
)
_BY_ALONE = re.compile(r"^(?:by|written by|posted by|author|von|par|por|door):?$", re.IGNORECASE)
_KO_BYLINE = re.compile(r"(?:^|[\s(\[/·|])([가-힣]{2,4})\s*(?:기자|특파원|선임기자|논설위원)(?![가-힣])")
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "nav", "footer", "select",
                   "option", "button", "iframe", "form", "aside", "head"))
_AUTHOR_CLASS = re.compile(r"author|byline|writer", re.IGNORECASE)
_AUTHOR_CLASS_NOT = re.compile(r"avatar|image|photo|img|pic|bio|desc|box|list|link", re.IGNORECASE)


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
    m = _KO_BYLINE.search(text)
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


_FOLLOWING, _C_POINT = _c_following()


def _items(start, limit: int, marks: int = 0):
    """What _near_headline reads, node by node (see _walk.following, which the C extension
    runs instead): a str per text node that is not all ASCII whitespace; per element outside
    _SKIP with attributes, (is <time>, itemprop, class, rel, content, datetime, node).

    With ``marks``, elements come as dates.labelled_dateline's str marks instead (only the
    dateline is wanted; building tuples to drop them cost more than the reading):
    ``marks=1``, "\x01" + the class of an element with a non-empty one; ``marks=2``,
    "\x01\x02" for a <time>, else "\x01" + the class or "". Then the result is (that list,
    its candidates for labelled_dateline or None): the C walk notes which texts may hold a
    year and which marks may end the search while it reads them, so that labelled_dateline
    reads only those (on WCXB dev half the walks hold no year at all)."""
    if _FOLLOWING is not None:
        if not marks:
            return _FOLLOWING(start, limit)
        out, years, afters = _FOLLOWING(start, limit, marks)
        return out, (years, afters)
    if marks == 1:
        return [x if x.__class__ is str else "\x01" + x[2] for x in _items(start, limit)
                if x.__class__ is str or x[2]], None
    if marks == 2:
        return [x if x.__class__ is str else "\x01\x02" if x[0] else "\x01" + (x[2] or "")
                for x in _items(start, limit)], None
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
    items = _items(start, _WALK_NODES)
    authors: list[str] = []
    published = None
    pending = False
    texts = []
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
            elif _BY_ALONE.match(text):
                pending = True
            elif len(text) <= 100 and (text[:1] in "BbWwPpAaVvDd" or "기자" in text
                                       or "특파원" in text):
                authors = _names(text) if (_BYLINE.match(text) or _KO_BYLINE.search(text)) else []
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
                if prop == "author" or rel == "author" or (
                        _AUTHOR_CLASS.search(cls) and not _AUTHOR_CLASS_NOT.search(cls)):
                    name = content
                    node = _node_at(start, ref)
                    if not name and prop == "author":
                        inner = node.css_first('[itemprop="name"]')
                        name = inner.text(separator=" ") if inner is not None else None
                    authors = _names(name or node.text(separator=" "))
    # The same texts and marks again from the C walk, with its candidates: a second walk
    # of _WALK_NODES nodes costs less than searching the joined texts for a year.
    marked, candidates = _items(start, _WALK_NODES, 1)
    if candidates is None:
        marked = texts
    shown, _, at = labelled_dateline(marked, lang, candidates=candidates)
    return authors, published, shown, at


# A label naming a thread's or a page's latest activity: the date after it is not the
# publication's ("last post by ggery · Sep 26, 2024" above a forum thread's first post).
_LAST_ACTIVITY = re.compile(r"last (?:post|reply|comment|activity)|latest (?:post|reply)"
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


def _text_nodes(start, limit: int):
    """The non-blank text of up to ``limit`` nodes from ``start`` on."""
    for node in _following(start, limit):
        if node.tag == "-text":
            text = node.text_content
            if text and not text.isspace():
                yield text.strip()


# ---------------------------------------------------------------- assembly


def _first(meta: dict[str, list[str]], keys: tuple[str, ...], fn=None):
    for key in keys:
        for value in meta.get(key, ()):
            v = fn(value) if fn else _clean(value)
            if v:
                return v
    return None


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("data:", "javascript:")):
        return None
    if href.startswith(("https://", "http://")):
        return href
    if href.startswith("//") and not base:
        return "https:" + href
    if not base:
        return href
    try:
        return urljoin(base, href)
    except ValueError:
        return href


FIND = object()   # extract_metadata's h1 when the caller has not looked for it


def extract_metadata(tree, url: str | None = None, *, h1=FIND) -> Metadata:
    """The metadata of a parsed page (a ``selectolax.lexbor.LexborHTMLParser``), read before
    any pruning. ``url`` (the page's address) resolves relative URLs. ``h1``: the body's
    first <h1> node (or None) when the caller found it already (clean() does, in prune's
    walk). Never raises."""
    try:
        return _extract(tree, url, h1)
    except Exception:  # noqa: BLE001 - odd markup must never break clean()
        return Metadata()


def _extract(tree, url: str | None, h1_found=FIND) -> Metadata:
    raw = getattr(tree, "raw_html", None)
    if not isinstance(raw, bytes):
        raw = None
    h = _collect(tree, raw)
    body = tree.body
    meta = h.meta
    ld = _LD(h.ld) if h.ld else None
    if ld is None and not (
            meta.keys() & _HAS_AUTHOR and meta.keys() & _HAS_PUBLISHED):
        # JSON-LD in the body: looked for only when the head left the article's author or
        # date unknown (a scan of the bytes costs about as much as the rest together).
        scripts = [x for x in _body_json_ld(tree, raw) if x not in h.ld]
        if scripts:
            ld = _LD(h.ld + scripts)
    h1_cache: list = [] if h1_found is FIND else [h1_found]

    def first_h1():
        if not h1_cache:
            h1_cache.append(_first_h1(tree, body))
        return h1_cache[0]

    base = url
    if h.base:
        base = _absolute(h.base, url) if url else h.base
        if base and not urlsplit(base).scheme:
            base = url

    # site name first: title stripping needs it
    site = _first(meta, _META_SITE[:1])
    if not site and ld is not None:
        if ld.website is not None:
            site = _ld_text(ld.website.get("name"))
        if not site and ld.main is not None:
            site = _ld_text(ld.resolve(ld.main.get("publisher")))
    if not site:
        site = _first(meta, _META_SITE[1:])

    # title
    title = _first(meta, _META_TITLE[:1])
    if not title and ld is not None:
        title = _ld_text(ld.first("headline", "name"))
    if not title:
        title = _first(meta, _META_TITLE[1:])
    if title and _SEP.search(title):
        # "Promise - JavaScript", "New Links | Hacker News": when the headline is one of the
        # parts, it is the title; else the site-name rule decides.
        h1 = first_h1()
        h1_text = _clean(heading_text(h1)) if h1 is not None else None
        part = _headline_part(title, h1_text)
        title = part if part is not None else strip_site_name(title, site)
    if not title:
        h1 = first_h1()
        title = _clean(heading_text(h1)) if h1 is not None else None
    if not title and h.title:
        title = _clean(h.title)
        if title:
            title = strip_site_name(title, site)

    # authors
    authors: list[str] = []
    if ld is not None:
        value = ld.first("author", "creator")
        if value is not None:
            authors = _ld_people(ld, value)
    if not authors:
        for key in _META_AUTHOR:
            values = meta.get(key)
            if not values:
                continue
            if key == "twitter:data1":
                label = (meta.get("twitter:label1") or [""])[0].lower()
                if "author" not in label and "written" not in label:
                    continue
            for v in values if key in _MULTI else values[:1]:
                authors.extend(_split_authors(v))
            if authors:
                break

    # dates
    published = None
    modified = None
    if ld is not None:
        published = _plausible(normalise_date(ld.first("datePublished", "dateCreated",
                                                       "uploadDate")))
        modified = _plausible(normalise_date(ld.first("dateModified")))
    if not published:
        published = _first(meta, _META_PUBLISHED, lambda v: _plausible(normalise_date(v)))
    if not modified:
        modified = _first(meta, _META_MODIFIED, lambda v: _plausible(normalise_date(v)))
    shown = None
    begin = None
    date_lang = h.lang or _first(meta, _META_LANG)
    if body is not None:
        # One bounded walk from just before the headline (or from the top of the body):
        # author and date markup when the head left them unknown, and the visible dateline,
        # read even when the head gave a date (see below).
        h1 = first_h1()
        begin = body
        if h1 is not None:
            begin = h1
            for _ in range(4):
                if begin.prev is None:
                    break
                begin = begin.prev
        found, day, shown, at = _near_headline(begin, not authors, not published, date_lang)
        authors = authors or found
        if (published and shown and at < _DATELINE_TEXTS
                and _days(shown) < _days(published)):
            # A dateline earlier than the markup's date: the markup was rewritten on an
            # update (on WCXB dev the shown date is the labelled one in 6 such pages of 7).
            published = _plausible(shown) or published
        published = published or _plausible(day)
    authors = list(dict.fromkeys(a for a in authors if a))
    canonical = _absolute(h.canonical, base) or _absolute(_first(meta, _META_URL), base)
    if not canonical and ld is not None:
        canonical = _absolute(_ld_url(ld.first("url", "mainEntityOfPage")), base)
    if not published:
        published = _plausible(_url_date(url) or _url_date(canonical))
    if not published:
        published = _plausible(shown)
    if not published and begin is not None:
        published = _plausible(_dateline_further(begin, date_lang))

    # description, tags, image
    description = _first(meta, _META_DESC[:2])
    if not description:
        description = _first(meta, _META_DESC[2:3])
    if not description and ld is not None:
        description = _ld_text(ld.first("description"))
    if not description:
        description = _first(meta, _META_DESC[3:])

    tags: list[str] = []
    if ld is not None:
        for key in ("keywords", "articleSection"):
            value = ld.first(key)
            tags.extend(_tag_list(value))
    for key in _META_TAGS:
        for v in meta.get(key, ()):
            tags.extend(_tag_list(v))
    seen: set[str] = set()
    uniq = []
    for t in tags:
        k = t.casefold()
        if k not in seen:
            seen.add(k)
            uniq.append(t)

    image = _absolute(_first(meta, _META_IMAGE), base)
    if not image and ld is not None:
        image = _absolute(_ld_url(ld.first("image", "thumbnailUrl")), base)
    if not image:
        image = _absolute(h.image_src, base)

    # language
    language = _lang_tag(h.lang) or _first(meta, _META_LANG, _lang_tag)
    if not language and ld is not None:
        language = _lang_tag(_ld_text(ld.first("inLanguage")))
    if not language:
        sample = " ".join(x for x in (title, description) if x)
        if len(sample) < 200 and tree.body is not None:
            sample += " " + " ".join(_take(_text_nodes(tree.body, 400), 2000))
        language = detect_script_language(sample)

    return Metadata(
        title=title, authors=tuple(authors), published=published, modified=modified,
        site_name=site, language=language, canonical_url=canonical, description=description,
        tags=tuple(uniq[:50]), image=image)


def _take(texts, limit: int) -> list[str]:
    """Texts up to limit characters in all (the last one cut: one text node can be a
    30 MB <pre>)."""
    out, n = [], 0
    for t in texts:
        out.append(t[:limit - n])
        n += len(out[-1])
        if n >= limit:
            break
    return out


def _tag_list(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items[:50]:
        if isinstance(item, dict):
            item = item.get("name")
        if not isinstance(item, str):
            continue
        for part in item.split(","):
            part = _clean(part)
            if part and len(part) <= 80:
                out.append(part)
    return out
