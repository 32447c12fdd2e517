"""Bytes -> UTF-8 for Lexbor, which does no charset detection of its own.

Order: caller's encoding (e.g. an HTTP header), BOM, valid UTF-8, <meta charset> /
http-equiv / XML declaration in the first bytes, then charset-normalizer's detector.
The parser is fed UTF-8 bytes: valid UTF-8 input is passed through without a copy.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .lexicon import BINARY_CONTROL_SHARE, META_SNIFF_BYTES
from .prefix import finditer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="x">, <meta http-equiv=Content-Type content="text/html; charset=x">,
# <?xml ... encoding="x"?>: all reduce to "charset=" or "encoding=" near a meta/xml tag.
_META_RE = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)

# WHATWG maps these labels to supersets; browsers decode them that way, and so must we
# (an "euc-kr" page routinely contains CP949-only Hangul, "gb2312" pages GBK characters).
_SUPERSETS = {
    "ascii": "cp1252", "us-ascii": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252",
    "iso-8859-9": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874",
    "euc-kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "korean": "cp949",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "ms_kanji": "cp932", "windows-31j": "cp932",
    "big5": "big5hkscs", "x-user-defined": "cp1252",
    "utf8": "utf-8", "unicode": "utf-8",  # "unicode" in a meta tag means UTF-8 in practice
    # WHATWG labels Python's codecs do not know (windows-874 is the usual Thai label)
    "windows-874": "cp874", "dos-874": "cp874",
    "iso-8859-8-i": "iso8859-8", "visual": "iso8859-8", "logical": "iso8859-8",
    "iso-8859-6-i": "iso8859-6", "iso-8859-6-e": "iso8859-6",
    "ks_c_5601-1989": "cp949", "iso-ir-149": "cp949", "windows-949": "cp949",
    "cn-big5": "big5hkscs", "x-x-big5": "big5hkscs", "gb_2312": "gb18030",
    "mac-ukrainian": "mac_cyrillic", "koi8-ru": "koi8_u",
}
# Codecs Python knows that are no charset a page may declare: escapes that rewrite
# backslashes, IDNA's and punycode's host-name codecs, a codec that always fails.
_NOT_CHARSETS = frozenset({"unicode-escape", "raw-unicode-escape", "idna", "punycode",
                           "undefined", "utf-7"})
# Spellings of the same labels seen in the wild: "x-cp1251", "win-1251", "cp-1251".
_LABEL_PREFIX_RE = re.compile(r"^(?:x-)+")
_WINDOWS_RE = re.compile(r"^(?:win|cp)-?(\d{3,4})$")


@dataclass(frozen=True)
class Decoded:
    """data: what to hand the parser (UTF-8 bytes); encoding: the codec used (None for str
    input, already decoded)."""

    data: bytes | str
    encoding: str | None
    reason: str | None = None


def normalise_label(label: str | None) -> str | None:
    """A codec name Python knows for a charset label, or None if it is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    name = _lookup(label)
    if name is None:
        bare = _LABEL_PREFIX_RE.sub("", label)
        bare = _WINDOWS_RE.sub(r"cp\1", bare)
        name = _lookup(bare) if bare != label else None
    if name is None or name in _NOT_CHARSETS:
        return None
    if name in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
        # A <meta> claiming UTF-16 in a byte stream we could read as ASCII is a lie (WHATWG).
        return "utf-8"
    return name


def _lookup(label: str) -> str | None:
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_meta(head: bytes) -> str | None:
    for m in finditer(_META_RE, head):   # (not _META_RE.finditer: see prefix.finditer)
        name = normalise_label((m.group(1) or m.group(2)).decode("ascii", "replace"))
        if name:
            return name
    return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeError, LookupError):   # (a codec may raise UnicodeError itself)
        return None


def _is_utf8(data: bytes) -> bool:
    """Valid UTF-8? The C check (cleaner/_walk.pyx) builds no string; else decode."""
    if _UTF8_VALID is not None:
        return _UTF8_VALID(data)
    return _try(data, "utf-8") is not None


def _c_check():
    try:
        from ._walk import utf8_valid
    except ImportError:
        return None
    return utf8_valid


_UTF8_VALID = _c_check()

# C0 controls but \t \n \f \r and ESC: deleted by translate() to count them (four times
# faster than a pattern's findall over the sample).
_CONTROL_BYTES = bytes((*range(0x09), 0x0b, *range(0x0e, 0x1b), *range(0x1c, 0x20)))


def looks_binary(data: bytes | str) -> bool:
    """NULs and C0 controls (other than whitespace) are rare in real HTML, common in
    binaries. Looks at the first 4 KB of the (UTF-8) data handed to the parser."""
    sample = data[:4096]
    if isinstance(sample, str):
        sample = sample.encode("utf-8", "replace")
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > BINARY_CONTROL_SHARE * len(sample)


def has_markup(data: bytes | str) -> bool:
    """Plain text, JSON or CSV handed to clean() has no tag in its first 64 KB."""
    # (find() with bounds: a slice would copy the 64 KB)
    return data.find(b"<" if isinstance(data, bytes) else "<", 0, 65536) >= 0


def decode(data: bytes | str, encoding: str | None = None, detect: bool = True) -> Decoded:
    """detect=False: no charset detection for bytes that are neither UTF-8 nor in a
    declared charset (they are read as cp1252): the site learner's cheap reading, where a
    wrong guess only leaves a block with other letters unrecognised."""
    if isinstance(data, str):
        # UTF-8 bytes once, here: the size scans in limits.py and the parser then all take
        # bytes (on str each encoded it again: ~0.2 ms a 250 KB page). Lone surrogates
        # (from JSON escapes) become '?'.
        return Decoded(data.encode("utf-8", "replace"), None)
    # Caller's encoding wins when it can read the bytes; a lying header falls through.
    given = normalise_label(encoding)
    if given:
        text = _try(data, given)
        if text is not None:
            return _to_parser(data, text, given)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if codec == "utf-8":
                return Decoded(body, "utf-8")
            return _to_parser(data, body.decode(codec, "replace"), codec)
    # Valid UTF-8 with non-ASCII bytes is almost never a legacy encoding read right, so it
    # beats a <meta> that claims latin-1 (a common CMS template bug); then the declaration
    # is not even read (most pages).
    utf8 = _is_utf8(data)
    if utf8 and not data.isascii():
        return Decoded(data, "utf-8")
    declared = sniff_meta(data[:META_SNIFF_BYTES])
    if utf8 and declared in (None, "utf-8"):
        return Decoded(data, "utf-8")
    if declared:
        text = _try(data, declared)
        if text is not None:
            return _to_parser(data, text, declared)
    detected = _detect(data) if detect else None
    if detected:
        text = _try(data, detected)
        if text is not None:
            return _to_parser(data, text, detected)
    # Nothing reads the bytes cleanly: a stray byte in an otherwise well-identified page.
    codec = declared or detected or "cp1252"
    return _to_parser(data, data.decode(codec, "replace"), codec)


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: only legacy pages pay

    # The markup is ASCII and dilutes the evidence; the detector sees at most 64 KB.
    best = from_bytes(data[:65536]).best()
    return normalise_label(best.encoding) if best else None


def _to_parser(raw: bytes, text: str, codec: str) -> Decoded:
    return Decoded(text.encode("utf-8", "replace"), codec)
