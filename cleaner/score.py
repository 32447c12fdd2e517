"""Per-block values and per-element scores, all from prefix sums over the block list."""

from __future__ import annotations

import functools
import re
from itertools import accumulate, compress
from typing import NamedTuple

from . import lexicon as lx
from .blocks import CONTENT_ATTR, HEADINGS, SEMANTIC, STRONG, SUSPECT, Blocks
from .options import Options

try:
    from . import _score as _C  # the loops below in C (the Python is the reference)
except ImportError:
    _C = None


def _ends_chars() -> str:
    """lexicon.SENTENCE_END_CHARS as one string, as the C loops read them (and the C
    test of unmarked Thai and Lao sentence ends set to lexicon.UNMARKED_SENTENCE_CHARS)."""
    if _C is not None:
        _C.set_unmarked(lx.UNMARKED_SENTENCE_CHARS)
    return _joined(lx.SENTENCE_END_CHARS)


@functools.cache
def _joined(chars: frozenset[str]) -> str:
    return "".join(sorted(chars))


class Tuning(NamedTuple):
    """The thresholds Options.favor moves together (see lexicon.FAVOR)."""

    max_link_density: float
    suspect_share: float
    boilerplate_weight: float


def tuning(opts: Options) -> Tuning:
    global _TUNED
    entry = lx.FAVOR[opts.favor]
    last = _TUNED                       # (one read: another thread may replace it)
    if last[0] is opts and last[1] is entry:
        return last[2]
    link_scale, share, weight = entry
    tuned = Tuning(min(1.0, opts.max_link_density * link_scale), share, weight)
    _TUNED = (opts, entry, tuned)
    return tuned


# The last call's (options, lexicon entry, tuning): a page asks three times a reading, with
# the same frozen options (clean()'s default instance, most often).
_TUNED: tuple = (None, None, None)


def block_values(bl: Blocks, opts: Options, listing: bool = False) -> list[float]:
    """How much each block looks like prose (> 0) or boilerplate (< 0), on its own.
    listing: links are content too (pages of headlines, products, threads)."""
    if _C is None:
        return _block_values_py(bl, opts, listing)
    return _C.block_values(bl.blocks, placeholders(bl), listing,
                           tuning(opts).max_link_density, max(opts.min_block_chars, 1),
                           lx.PROSE_MIN_CHARS, lx.LONG_PROSE_CHARS,
                           lx.LINKED_PROSE_MAX_DENSITY, _ends_chars(), _trail,
                           None if _label_run_in_c() else _label_run,
                           lx.LABEL_RUN_MIN_WORDS, lx.LABEL_RUN_CAPS_SHARE)


# The pattern whose test the C loop makes itself (_score._label_run); any other: the regex.
_LABEL_RUN_NOT = "[^\\w\\s&/+'’-]"


def _label_run_in_c() -> bool:
    return (lx.LABEL_RUN_NOT_RE.pattern == _LABEL_RUN_NOT
            and lx.LABEL_RUN_NOT_RE.flags == re.UNICODE)


def _block_values_py(bl: Blocks, opts: Options, listing: bool = False) -> list[float]:
    """block_values in Python: the reference for the C loop, and the fallback."""
    filler = placeholders(bl)
    if listing:
        return [0.0 if i in filler else float(b.chars) for i, b in enumerate(bl.blocks)]
    values = []
    max_ld = tuning(opts).max_link_density
    min_chars = max(opts.min_block_chars, 1)
    blocks = bl.blocks
    for i, b in enumerate(blocks):
        c = b.chars
        if b.link_chars > max_ld * c:
            # A linked heading over a description (a listing's item) is neutral; linked
            # headings in a row are a list of headlines.
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            teaser = (b.tag in HEADINGS and nxt is not None and nxt.chars >= lx.PROSE_MIN_CHARS
                      and nxt.link_chars <= max_ld * nxt.chars)
            # A long block whose words are not mostly links (a sentence naming several
            # linked things, a list item of a linked name and its description) is
            # neutral: kept in the container, not counted for or against it.
            linked_prose = (c >= lx.LONG_PROSE_CHARS
                            and b.link_chars <= lx.LINKED_PROSE_MAX_DENSITY * c
                            and not _trail(b.text))
            values.append(0.0 if teaser or linked_prose else -float(c))
        elif filler and i in filler:
            values.append(0.0)        # template filler ("Lorem ipsum"): select.keep_blocks drops it
        elif c >= lx.PROSE_MIN_CHARS and b.tag not in HEADINGS and _label_run(b.text):
            values.append(0.0)        # a run of menu labels: neutral, not prose
        elif c >= lx.PROSE_MIN_CHARS or (c >= min_chars and lx.ends_sentence(b.text)):
            values.append(c - 2.0 * b.link_chars)
        else:
            values.append(0.0)
    return values


def _trail(text: str) -> bool:
    """A breadcrumb trail or a row of links ("Home > Guide > Money", "News | Sport |
    Weather"): separators standing between the words, not prose."""
    return sum(1 for w in text.split() if w in lx.TRAIL_SEPARATORS) >= 2


def placeholders(bl: Blocks) -> frozenset[int]:
    """The blocks of template filler (lexicon.is_placeholder), found once per walk: the
    scores of both readings and the selection ask."""
    if bl.placeholders is None and bl.filler_hint is False:
        bl.placeholders = frozenset()
    elif bl.placeholders is None:
        blocks = bl.blocks
        filler = frozenset(
            i for i, b in enumerate(blocks)
            if ("psum" in b.text or "PSUM" in b.text) and lx.is_placeholder(b.text))
        # Filler is dropped to leave the page's own text; where it is nearly all the text
        # there is nothing else to leave (a template demo, a typography test page): it is
        # the content then, and scored as any text.
        if filler and sum(b.chars for i, b in enumerate(blocks)
                          if i in filler or lx.is_filler_latin(b.text)) > (
                lx.FILLER_MAX_SHARE * sum(b.chars for b in blocks)):
            filler = frozenset()
        bl.placeholders = filler
    return bl.placeholders


def _label_run(text: str) -> bool:
    """Menu labels run together in one block ("Electric Guitars Acoustic Guitars Bass
    Guitar Amps ..."), as mega-menus without links read: many words, no punctuation but
    the joiners of names (& / + - '), nearly every word capitalised (or a number). Such a
    block is not prose however long it is."""
    if "." in text or "," in text or lx.LABEL_RUN_NOT_RE.search(text):
        return False                  # (the plain tests first: prose nearly always has one)
    words = text.split()
    if len(words) < lx.LABEL_RUN_MIN_WORDS:
        return False
    caps = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return caps >= lx.LABEL_RUN_CAPS_SHARE * len(words)


def boilerplate_mask(bl: Blocks, values: list[float], opts: Options) -> list[bool]:
    """Blocks inside suspect elements (nav, aside, 'related', 'share', ...), except suspects
    that hold a large share of the page's prose: those are wrappers misnamed."""
    if _C is None:
        return _boilerplate_mask_py(bl, values, opts)
    return _C.boilerplate_mask(values, bl.el_start, bl.el_end, bl.el_flags, SUSPECT, STRONG,
                               SEMANTIC, tuning(opts).suspect_share,
                               lx.STRONG_SUSPECT_MAX_PROSE_SHARE, lx.SEMANTIC_BODY_MIN_SHARE,
                               lx.MASKED_BODY_SHARE)


def _boilerplate_mask_py(bl: Blocks, values: list[float], opts: Options) -> list[bool]:
    """boilerplate_mask in Python: the reference for the C loop, and the fallback."""
    prose = [0.0, *accumulate(v if v > 0 else 0.0 for v in values)]
    limit = tuning(opts).suspect_share * prose[-1]
    strong_limit = max(limit, lx.STRONG_SUSPECT_MAX_PROSE_SHARE * prose[-1])
    mask = [False] * len(values)
    covered = -1
    bodies = None
    body_least = max(lx.SEMANTIC_BODY_MIN_SHARE * prose[-1], 1.0)
    for i, flags in enumerate(bl.el_flags):
        if not flags & SUSPECT:
            continue
        s, e = bl.el_start[i], bl.el_end[i]
        if e <= covered or s == e:
            continue
        inside = prose[e] - prose[s]
        if inside <= (strong_limit if flags & STRONG else limit):
            # (A semantic body holds SEMANTIC_BODY_MIN_SHARE of the page's prose: a suspect
            # holding less cannot hold one, and most are far smaller: no scan for them.)
            if inside >= body_least:
                if bodies is None:
                    bodies = _semantic_bodies(bl, prose)
                if bodies and _holds_body(bodies, s, e, inside, prose):
                    continue    # names a state of the story ("paywall-on"), not boilerplate
            mask[s:e] = [True] * (e - s)
            covered = e
    return mask


def _holds_body(bodies: list[tuple[int, int]], s: int, e: int, inside: float,
                prose: list[float]) -> bool:
    for a, b in bodies:
        if s <= a and b <= e and prose[b] - prose[a] >= lx.MASKED_BODY_SHARE * inside:
            return True
    return False


def _semantic_bodies(bl: Blocks, prose: list[float]) -> list[tuple[int, int]]:
    """Block ranges of the elements markup names as the main content (itemprop=articleBody,
    <article>, <main>, role=main) that hold a good share of the page's prose: evidence
    that outweighs a class keyword on them or on a wrapper of theirs."""
    least = lx.SEMANTIC_BODY_MIN_SHARE * prose[-1]
    starts, ends = bl.el_start, bl.el_end
    # compress/map keep the scan of every element in C: this runs on nearly every page.
    return [(starts[i], ends[i])
            for i in compress(range(len(starts)), map(SEMANTIC.__and__, bl.el_flags))
            if prose[ends[i]] - prose[starts[i]] >= least > 0]


def element_scores(bl: Blocks, values: list[float], mask: list[bool], opts: Options
                   ) -> list[float]:
    """Score of each block-level element as the main container: its prose minus its
    boilerplate, plus a bonus when markup names it the main content."""
    if _C is None:
        return _element_scores_py(bl, values, mask, opts)
    return _C.element_scores(bl.blocks, values, mask, bl.el_start, bl.el_end, bl.el_flags,
                             tuning(opts).boilerplate_weight, SEMANTIC, CONTENT_ATTR,
                             lx.SEMANTIC_BONUS, lx.CONTENT_ATTR_BONUS)


def _element_scores_py(bl: Blocks, values: list[float], mask: list[bool], opts: Options
                       ) -> list[float]:
    """element_scores in Python: the reference for the C loop, and the fallback."""
    w = tuning(opts).boilerplate_weight
    eff = [(-b.chars * w if m else (v if v > 0 else v * w))
           for b, v, m in zip(bl.blocks, values, mask)]
    s = [0.0, *accumulate(eff)]
    p = [0.0, *accumulate(v if v > 0 and not m else 0.0 for v, m in zip(values, mask))]
    scores = []
    for start, end, flags in zip(bl.el_start, bl.el_end, bl.el_flags):
        if start == end:
            scores.append(float("-inf"))
            continue
        score = s[end] - s[start]
        if flags & SEMANTIC:
            score += lx.SEMANTIC_BONUS * (p[end] - p[start])
        if flags & CONTENT_ATTR:
            score += lx.CONTENT_ATTR_BONUS * (p[end] - p[start])
        scores.append(score)
    return scores
