"""Language: a tag's primary subtag, else a guess from the script of the text."""

from __future__ import annotations

import re
from collections import Counter

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
_NOT_ASCII_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
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
_WORD = re.compile(r"[a-zà-öø-ÿ]+")


def detect_script_language(text: str) -> str | None:
    """A language guess from the characters of ``text`` (see the module docstring)."""
    if not text:
        return None
    text = text[:_SCRIPT_SAMPLE_CHARS]    # enough to tell; bounded on a huge title or text
    if text.isascii():                    # (no script of _SCRIPTS: letters by a table)
        latin = len(text.encode("ascii").translate(None, _NOT_ASCII_LETTERS))
    else:
        latin = len(_LATIN_LETTERS.findall(text))
        counts = {lang: len(rx.findall(text)) for lang, rx in _SCRIPTS}
        if counts["ko"] >= 2 and counts["ko"] * 4 >= counts["zh"]:
            return "ko"
        if counts["ja"] >= 2:
            return "ja"
        best = max(counts, key=counts.__getitem__)
        if counts[best] >= 2 and counts[best] >= latin * 0.5:
            return best
    if latin < 20:
        return None
    # Each distinct word looked up once in each list, not every word in every list.
    words = Counter(_WORD.findall(text.lower()))
    scores = {lang: sum(words[w] for w in sw if w in words) for lang, sw in _STOPWORDS.items()}
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
