"""Scores of one extraction against its reference.

- ``word_scores``: WCXB's published metric, so our figures compare with theirs: words are
  ``re.findall(r'\\w+', text.lower())`` counted as a multiset (a word repeated three times in the
  output but once in the reference counts one hit and two misses).
- ``bigram_scores``: the same P/R/F1 on character bigrams, for Chinese, Japanese and Korean.
  ``\\w+`` turns an unspaced Chinese or Japanese sentence into one "word", so one stray character
  zeroes a whole sentence; bigrams of characters grade those pages by how much text was right.
- ``nothing_lost`` / ``no_leak``: the label's ``with`` / ``without`` snippets, which catch the
  failures F1 averages away (a lost first paragraph, a leaked "related stories" tail).

Conventions shared by all P/R/F1: both sides empty = 1.0 for all three (an empty page rightly
left empty), exactly one side empty = 0.0.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from typing import NamedTuple

_WORD = re.compile(r"\w+")

# Han (URO, ext. A, compatibility, ext. B and beyond), Hiragana, Katakana (+ phonetic ext.,
# half-width), Hangul syllables and Jamo (+ compatibility, ext. A/B).
_CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]"
)
CJK_LANGS = ("ko", "ja", "zh")
CJK_SHARE = 0.3  # reference texts above this share of CJK characters count as CJK (lang unknown)


class Scores(NamedTuple):
    precision: float
    recall: float
    f1: float


def _scores(predicted: Counter, reference: Counter) -> Scores:
    """Multiset P/R/F1: overlap = sum of per-item minimum counts."""
    if not predicted and not reference:
        return Scores(1.0, 1.0, 1.0)
    overlap = sum((predicted & reference).values())
    if overlap == 0:  # covers "exactly one side empty"
        return Scores(0.0, 0.0, 0.0)
    p = overlap / sum(predicted.values())
    r = overlap / sum(reference.values())
    return Scores(p, r, 2 * p * r / (p + r))


def words(text: str) -> Counter:
    return Counter(_WORD.findall(text.lower()))


def word_scores(output: str, reference: str) -> Scores:
    """WCXB word-level precision, recall and F1 of ``output`` against ``reference``."""
    return _scores(words(output), words(reference))


def bigrams(text: str) -> Counter:
    """Bigrams of consecutive characters once whitespace and punctuation (Unicode P*) are
    removed, so "北京，我爱" and "北京我爱" are the same text. Lower-cased like ``words`` for the
    Latin words CJK pages contain."""
    chars = [c for c in text.lower()
             if not c.isspace() and not unicodedata.category(c).startswith("P")]
    return Counter(a + b for a, b in pairwise(chars))


def bigram_scores(output: str, reference: str) -> Scores:
    """Character-bigram precision, recall and F1 (for CJK pages)."""
    return _scores(bigrams(output), bigrams(reference))


def is_cjk(reference: str, lang: str | None) -> bool:
    """A page is graded with bigrams when its lang is ko/ja/zh (any region suffix), or, when
    lang is unknown, when over 30% of the reference's non-space characters are CJK."""
    if lang:
        return lang.lower().replace("_", "-").split("-")[0] in CJK_LANGS
    chars = "".join(reference.split())
    return bool(chars) and len(_CJK.findall(chars)) / len(chars) > CJK_SHARE


# WCXB's snippets straighten typographic quotes ("they're" where the page says "they’re"):
# without folding them, a faithful extraction "loses" a snippet on about one page in five.
_SINGLE_QUOTES = re.compile("[\u2018\u2019\u201a\u201b]")  # ‘ ’ ‚ ‛
_DOUBLE_QUOTES = re.compile("[\u201c\u201d\u201e\u201f]")  # “ ” „ ‟


def normalise(text: str) -> str:
    """Snippets are matched ignoring case, whitespace layout (line breaks, NBSPs, runs) and
    curly versus straight quotes."""
    text = " ".join(text.split()).casefold()
    return _DOUBLE_QUOTES.sub('"', _SINGLE_QUOTES.sub("'", text))  # faster than str.translate


def _clean_snippets(snippets: Iterable[str]) -> list[str]:
    # An empty snippet is "contained" in every text: it would count as a leak on every page.
    return [s for s in map(normalise, snippets) if s]


def nothing_lost(output: str, with_: Iterable[str]) -> bool | None:
    """True when every ``with`` snippet is in the output; None when the page has none."""
    snippets = _clean_snippets(with_)
    if not snippets:
        return None
    text = normalise(output)
    return all(s in text for s in snippets)


def no_leak(output: str, without: Iterable[str]) -> bool | None:
    """True when no ``without`` snippet is in the output; None when the page has none."""
    snippets = _clean_snippets(without)
    if not snippets:
        return None
    text = normalise(output)
    return not any(s in text for s in snippets)


def share(flags: Iterable[bool | None]) -> tuple[float | None, int]:
    """(share of True, number of pages counted); pages with None are left out of both."""
    counted = [f for f in flags if f is not None]
    return (sum(counted) / len(counted) if counted else None), len(counted)


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None
