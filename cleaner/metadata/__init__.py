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
dateline (cleaner/metadata/dateline.py); a longer walk (``_DATE_WALK_NODES``) only when no source gave a
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
  ("Published March 5, 2024", "5. März 2024", "2024년 3월 5일", see cleaner/metadata/dateline.py), then
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

Modules, by what each reads: head (the <head> elements), jsonld (JSON-LD), body (the lines
near the headline), dateline (dates in the page's visible text), dates (date strings to ISO
8601), language, values (titles and names made presentable), extract (the assembly, in the
precedence order above), model (the Metadata record).
"""

from .dates import normalise_date
from .extract import FIND, extract_metadata
from .language import detect_script_language
from .model import Metadata

__all__ = ["FIND", "Metadata", "detect_script_language", "extract_metadata", "normalise_date"]
