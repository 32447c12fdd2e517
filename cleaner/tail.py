"""Trim what follows the body: related / most-read / sponsored blocks, copyright lines.

Works on the kept block indices of the chosen container, in two passes over that short
list: forward (labels that open a related box, copyright lines), then backward from the
end (stray short lines), keeping bylines, credits and short last lines."""

from __future__ import annotations

from . import lexicon as lx
from . import prefix, score
from .blocks import CELLS, HEADINGS, SUSPECT, Blocks, literals
from .render import cell_of

# The C literal matcher (None without the extension): the disclosure words themselves, and
# the anchors without which COPYRIGHT_RE cannot match.
_DISCLOSURE = literals(lx.DISCLOSURE_WORDS)
_COPYRIGHT_ANCHORS = literals(lx.COPYRIGHT_ANCHORS)


def _heading_word_list():
    """The literals one of which every TAIL_HEADING_RE match holds, when the pattern is
    "a word boundary, then a _words() alternation" (else None: the regex alone)."""
    for alternation, words in lx.WORDS_OF.items():
        if lx.TAIL_HEADING_RE.pattern == "(?:^|\\b)(?:" + alternation + ")":
            return words
    return None


_HEADING_WORD_LIST = _heading_word_list()
_HEADING_WORDS = literals(_HEADING_WORD_LIST) if _HEADING_WORD_LIST is not None else None


def _ascii_words(words, matcher):
    """The C test of words in an ASCII line that folds its case as it reads (no lower()),
    standing for the literal matcher beside it; None where that is None."""
    if matcher is None or score._C is None:
        return None
    try:
        return score._C.AsciiWords(words)
    except ValueError:                          # a one-letter word: the matcher alone
        return None


_ASCII_WORDS = (_ascii_words(lx.COPYRIGHT_ANCHORS, _COPYRIGHT_ANCHORS),
                _ascii_words(lx.DISCLOSURE_WORDS, _DISCLOSURE),
                _ascii_words(_HEADING_WORD_LIST, _HEADING_WORDS))


def _has_disclosure(low: str) -> bool:
    if _DISCLOSURE is not None:
        return _DISCLOSURE.contains(low)
    return lx.DISCLOSURE_RE.search(low) is not None


def _has_copyright(low: str) -> bool:
    if _COPYRIGHT_ANCHORS is not None and not _COPYRIGHT_ANCHORS.contains(low):
        return False
    return lx.COPYRIGHT_RE.search(low) is not None


# A section heading that mentions copyright ("Copyright" as a section of a guide) is
# the story's, never the page's closing line. (Not a list item: footers list theirs.)
_NO_END_TAGS = frozenset({"h2", "h3", "h4"})


def _noscript_notice(text: str) -> bool:
    """A notice that the page needs JavaScript (lexicon.NOSCRIPT_NOTICE_RE)."""
    if "ava" not in text and "AVA" not in text:     # (a plain test first: every block)
        return False
    low = text.lower()
    return "javascript" in low and lx.NOSCRIPT_NOTICE_RE.search(low) is not None


def _is_byline(text: str, chars: int) -> bool:
    if chars > lx.BYLINE_MAX_CHARS:
        return False
    return lx.BYLINE_RE.search(text) is not None


def _is_label(text: str, chars: int) -> bool:
    if chars > lx.TAIL_HEADING_MAX_CHARS:
        return False
    low = text.lower()
    return ((_HEADING_WORDS is None or _HEADING_WORDS.contains(low))
            and lx.TAIL_HEADING_RE.search(low) is not None
            or lx.TAIL_BOX_RE.match(text) is not None)


def _box_end(bl: Blocks, label: int, container_end: int) -> int:
    """Where the box a label opens ends: the first element above the label that holds
    more than the label. -1 when that is the container itself, or an element holding the
    story's paragraphs before a label that is no heading (the label stands among the
    body's own paragraphs and the box has no wrapper of its own)."""
    blocks = bl.blocks
    el = blocks[label].parent
    while el >= 0:
        if bl.el_end[el] - bl.el_start[el] > 1:
            if blocks[label].tag not in HEADINGS and _prose_before(bl, el, label):
                return -1                 # that element holds the story's paragraphs before
                                          # the label: it is the body, not the label's box
            return bl.el_end[el] if bl.el_end[el] < container_end else -1
        el = bl.el_parent[el]
    return -1


def _prose_before(bl: Blocks, el: int, label: int) -> bool:
    """Whether a long paragraph ending like a sentence stands in el before the label. (A
    heading's element may hold the story before it: a section "See also" of its own.)"""
    blocks = bl.blocks
    return any(blocks[j].chars >= lx.LONG_PROSE_CHARS and lx.ends_sentence(blocks[j].text)
               for j in range(bl.el_start[el], label))


def trim(bl: Blocks, values: list[float], kept: list[int], container_end: int) -> list[int]:
    if not kept:
        return kept
    # (map/filter keep the sum's loop in C; the same additions in the same order)
    total = sum(filter((0.0).__lt__, map(values.__getitem__, kept))) or 1.0
    if score._C is None:
        out = _trim_pass(bl, values, kept, container_end, total)
        return trim_end(bl, _trim_start(bl, values, out))
    out = score._C.trim_pass(bl.blocks, values, kept, container_end, total, bl.el_start,
                             bl.el_end, bl.el_parent, bl.el_tag, _c_tests())
    out = score._C.trim_start(bl.blocks, values, out, lx.LEAD_MAX_BLOCKS,
                              score._ends_chars(), lx.DATELINE_MAX_CHARS,
                              lx.DATELINE_RE.search, _is_dateline)
    return trim_end(bl, out)


def _c_tests():
    """The limits and text tests of the C pass, read from the lexicon as it is now (built
    again only when one of its patterns or sets is another object)."""
    key = (lx.BOILERPLATE_LINE_RE, lx.CTA_RE, lx.STATUS_LINE_RE, lx.TAIL_HEADING_RE,
           lx.TAIL_BOX_RE, lx.AUTHOR_BIO_RE, lx.NOSCRIPT_NOTICE_RE, lx.SENTENCE_END_CHARS,
           lx.CTA_MAX_CHARS, lx.COPYRIGHT_MAX_CHARS, lx.NOSCRIPT_NOTICE_MAX_CHARS,
           lx.DISCLOSURE_MAX_CHARS, lx.LEAD_MAX_BLOCKS, lx.AUTHOR_BIO_MAX_CHARS,
           lx.LONG_PROSE_CHARS, lx.BODY_AFTER_END_SHARE, lx.BOILERPLATE_LINE_MAX_CHARS,
           lx.STATUS_LINE_MAX_CHARS, lx.TAIL_HEADING_MAX_CHARS)
    if _TESTS[0] != key:
        _TESTS[:] = [key, score._C.tests(
            key[8:], score._ends_chars(), _NO_END_TAGS, _has_copyright, _noscript_notice,
            _DISCLOSURE.contains if _DISCLOSURE is not None else _disclosure_re,
            prefix.guarded_match(lx.AUTHOR_BIO_RE), lx.BOILERPLATE_LINE_RE.match, lx.CTA_RE.match,
            lx.STATUS_LINE_RE.match,
            _HEADING_WORDS.contains if _HEADING_WORDS is not None else None,
            lx.TAIL_HEADING_RE.search, lx.TAIL_BOX_RE.match,
            tuple(prefix.table(p) for p in (lx.BOILERPLATE_LINE_RE, lx.CTA_RE,
                                            lx.STATUS_LINE_RE, lx.TAIL_BOX_RE)),
            _ASCII_WORDS, lx.COPYRIGHT_RE.search,
            tuple(_match_words(p) for p in (lx.BOILERPLATE_LINE_RE, lx.CTA_RE, lx.TAIL_BOX_RE)))]
        prefix.done()
    return _TESTS[1]


_TESTS: list = [None, None]


def _match_words(pattern):
    """The C test of the words one of which pattern.match needs in an ASCII line, when
    the shortest has three letters or more (a shorter one turns few lines away); None."""
    parts = prefix.match_parts(pattern)
    words = parts[1] if parts is not None else None
    if not words or min(map(len, words)) < 3:
        return None
    try:
        return score._C.AsciiWords(words)
    except ValueError:
        return None


def _disclosure_re(low: str) -> bool:
    return lx.DISCLOSURE_RE.search(low) is not None


def _trim_pass(bl: Blocks, values: list[float], kept: list[int], container_end: int,
               total: float) -> list[int]:
    """The forward pass over the kept blocks (in C: _score.trim_pass; this is the
    reference): labels that open a related box, copyright lines, notices."""
    blocks = bl.blocks
    seen = 0.0
    out: list[int] = []
    skipping = False
    box_end = -1
    lines: dict[str, int] = {}            # _line_kind per distinct text: "Reply" x 500
    for n, i in enumerate(kept):
        if i < box_end:
            continue                      # inside a "Read also" / "Related" box
        b = blocks[i]
        v = values[i]
        c = b.chars
        if c <= lx.CTA_MAX_CHARS:         # every label below is a short line
            text = b.text
            if (seen > 0.5 * total and c <= lx.COPYRIGHT_MAX_CHARS
                    and b.tag not in _NO_END_TAGS and _has_copyright(text.lower())
                    and not _body_follows(bl, values, kept, n, total)):
                break                     # the copyright line ends the body
            line = lines.get(text)
            if line is None:
                line = lines[text] = _line_kind(text, c)
            if line == _DROP:
                continue                  # "Advertisement", "Sign up ...", "Showing 1-24 of 291"
            if not skipping and seen > 0.2 * total and line == _LABEL:
                end = _box_end(bl, i, container_end)
                if end < 0 or not _body_follows(bl, values, kept, n, total, end):
                    box_end = end
                    skipping = end < 0    # no wrapper: skip until prose resumes
                    continue
                # the "box" holds a good share of the body's paragraphs: a section of
                # the story under a heading that only looks like a label
        elif (seen > 0.5 * total and c <= lx.COPYRIGHT_MAX_CHARS
              and b.tag not in _NO_END_TAGS and _has_copyright(b.text.lower())
              and not _body_follows(bl, values, kept, n, total)):
            break
        if c <= lx.NOSCRIPT_NOTICE_MAX_CHARS and _noscript_notice(b.text):
            continue                      # "You need to enable JavaScript to run this app."
        if (c <= lx.DISCLOSURE_MAX_CHARS and (n < lx.LEAD_MAX_BLOCKS or seen > 0.5 * total)
                and _has_disclosure(b.text.lower())):
            continue                      # "We may earn commission from links ...": at the
                                          # story's start or end, never inside it
        if (seen > 0.5 * total and c <= lx.AUTHOR_BIO_MAX_CHARS
                and lx.AUTHOR_BIO_RE.match(b.text)
                and not _body_follows(bl, values, kept, n, total)):
            break                         # the author's bio: the story is over
        if skipping:
            if (v > 0 and b.tag != "li" and lx.ends_sentence(b.text)
                    and bl.ancestor(b.parent, _LIST_ITEM) < 0):
                # The body resumes after a mid-body box; not with a summary inside a
                # list item: a stream of teasers after the label is a list, and some
                # of its summaries end like sentences.
                skipping = False
            else:
                continue
        out.append(i)
        if v > 0:
            seen += v
    return out


_LIST_ITEM = frozenset({"li"})


_DROP, _LABEL, _OTHER = 1, 2, 3


def _line_kind(text: str, c: int) -> int:
    """What a short line is on its own (the same wherever it stands): a line to drop (an ad
    or share label, a call to action, a listing's status line), a tail label, or other."""
    if c <= lx.BOILERPLATE_LINE_MAX_CHARS and lx.BOILERPLATE_LINE_RE.match(text):
        return _DROP                      # "Advertisement", "Share this:", "Skip to content"
    if lx.CTA_RE.match(text):
        return _DROP                      # "Sign up for our newsletter", "Get started"
    if (c <= lx.STATUS_LINE_MAX_CHARS and text[:1] in "SsNnTt"   # its first letters
            and lx.STATUS_LINE_RE.match(text)):
        return _DROP                      # "Showing 1–24 of 291 results"
    return _LABEL if _is_label(text, c) else _OTHER


def _body_follows(bl: Blocks, values: list[float], kept: list[int], n: int,
                  total: float, end: int = -1) -> bool:
    """Whether the story goes on after kept[n], a line that looks like the body's end (a
    copyright line, an author bio) or opens a "related" box (up to the box's end, when it
    has one): long paragraphs ending like sentences still follow, holding a good share of
    the body's scored text. Then that line was a photo credit ("© 2024 Jane Doe"), a
    sentence that only mentions copyright or an author, or a section heading of the story
    ("Recommended tools")."""
    blocks = bl.blocks
    rest = 0.0
    for i in kept[n + 1:]:
        if 0 <= end <= i:
            break
        b = blocks[i]
        if values[i] > 0 and b.chars >= lx.LONG_PROSE_CHARS and lx.ends_sentence(b.text):
            rest += values[i]
    return rest >= lx.BODY_AFTER_END_SHARE * total


def _trim_start(bl: Blocks, values: list[float], out: list[int]) -> list[int]:
    """Before the body's first sentence (within its first blocks), drop short lines
    before any content (breadcrumbs, sign-up buttons, section names) and bylines with
    dates ("By X · 19 June 2024, 14:05"); keep headings and standfirsts."""
    blocks = bl.blocks
    keep: list[int] = []
    for p, i in enumerate(out):
        b = blocks[i]
        if p >= lx.LEAD_MAX_BLOCKS:
            return keep + out[p:]
        if lx.ends_sentence(b.text):
            if p + 1 < len(out) and _is_dateline(blocks[out[p + 1]]):
                # The byline right under a standfirst that ends like a sentence
                # ("Publicerad 14 mars 2025 kl. 06.00" after the ingress) is still the
                # story's dateline, not its text.
                return keep + [i] + out[p + 2:]
            return keep + out[p:]
        if b.chars <= lx.DATELINE_MAX_CHARS and lx.DATELINE_RE.search(b.text):
            continue
        if keep or b.tag in HEADINGS or values[i] > 0:
            keep.append(i)
    return keep


def _is_dateline(b) -> bool:
    """A dateline after the standfirst: it names a date and says it is the publication's
    ("Publicerad 14 mars 2025 kl. 06.00"); not a subheading or a list item."""
    return (b.chars <= lx.DATELINE_MAX_CHARS and b.tag not in HEADINGS and b.tag != "li"
            and not lx.ends_sentence(b.text) and lx.DATELINE_RE.search(b.text) is not None
            and lx.PUBLISHED_RE.search(b.text.lower()) is not None)


def trim_end(bl: Blocks, out: list[int]) -> list[int]:
    """Walk back from the end: drop stray short lines (link-free headlines, labels, dates)
    after the last long paragraph, stopping at a byline or at a line ending like a
    sentence. Linked headline lists never get here: their link density dropped them."""
    blocks = bl.blocks
    if score._C is not None:
        return score._C.trim_end(
            blocks, out, lx.LONG_PROSE_CHARS, lx.BYLINE_MAX_CHARS,
            prefix.guarded_search(lx.BYLINE_RE), score._ends_chars(),
            lx.TAIL_ITEMS_MIN_BLOCKS, _is_signature, bl.el_tag, bl.el_parent, bl.el_start,
            bl.el_end, bl.el_flags, SUSPECT, CELLS, not CELLS.isdisjoint(bl.el_tag))
    last_long = max((p for p, i in enumerate(out)
                     if blocks[i].chars >= lx.LONG_PROSE_CHARS), default=-1)
    if last_long < 0:
        return out
    tail = out[last_long + 1:]
    # A byline ends the body: what follows it is never story text.
    for p, i in enumerate(tail):
        if _is_byline(blocks[i].text, blocks[i].chars):
            end = p + 1
            while end < len(tail) and _is_byline(blocks[tail[end]].text, blocks[tail[end]].chars):
                end += 1
            return out[:last_long + 1] + tail[:end]
    stop = -1
    if (len(tail) >= lx.TAIL_ITEMS_MIN_BLOCKS
            and sum(blocks[i].chars for i in tail)
            > sum(blocks[i].chars for i in out[:last_long + 1])):
        # More text than the body above: the page's items (a grid, a list of entries),
        # not stray lines. Only lines after the element holding most of them can go.
        stop = _items_end(bl, tail)
    while (tail and tail[-1] >= stop and not lx.ends_sentence(blocks[tail[-1]].text)
           and cell_of(bl, tail[-1]) < 0):      # a table ending the body stays
        # The author's name alone on the line right after the last sentence: a signature.
        before = tail[-2] if len(tail) > 1 else out[last_long]
        if (before + 1 == tail[-1] and lx.ends_sentence(blocks[before].text)
                and _is_signature(blocks[tail[-1]])):
            break
        tail.pop()
    return out[:last_long + 1] + tail


def _items_end(bl: Blocks, tail: list[int]) -> int:
    """The end (block index) of the innermost element above the tail's middle line that
    holds at least half of the tail's lines; -1 (no items) when an element above that
    line is suspect (SUSPECT: a form, a menu, a box named like boilerplate)."""
    mid = tail[len(tail) // 2]
    el = bl.blocks[mid].parent
    end = -1
    while el >= 0:
        if bl.el_flags[el] & SUSPECT:
            return -1                     # in a form, a menu, a "related" box: not items
        s, e = bl.el_start[el], bl.el_end[el]
        if end < 0 and 2 * sum(1 for i in tail if s <= i < e) >= len(tail):
            end = e
        el = bl.el_parent[el]
    return end


def _is_signature(b) -> bool:
    """A name: few words, each capitalised in scripts that have case ("Minh Khoa",
    "Ольга Терентьева", "김철수"), not "Photo gallery"."""
    words = b.text.split()
    return (b.chars <= lx.SIGNATURE_MAX_CHARS and not b.link_chars
            and len(words) <= lx.SIGNATURE_MAX_WORDS
            and lx.SIGNATURE_NOT_RE.search(b.text) is None
            and all(w[0].isupper() or w[0].lower() == w[0].upper() or w in lx.NAME_PARTICLES
                    for w in words))
