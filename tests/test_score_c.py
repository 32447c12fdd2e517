"""_score.pyx: the C loops of score.py, select.py, tail.py and render.py give the Python
reference's answers, on the corpus and on generated block lists; the C Block reads,
compares and pickles as the dataclass does."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaner import blocks, prune, render, score, select, tail
from cleaner.blocks import CONTENT_ATTR, SEMANTIC, STRONG, SUSPECT, Blocks
from cleaner.decode import decode
from cleaner.options import Options

C = score._C
CORPUS_PAGES = sorted((Path(__file__).parent.parent / "corpus").glob("*.html"))
OPTIONS = [Options(), Options(favor="precision"), Options(favor="recall"),
           Options(min_block_chars=1)]


def test_the_built_c_loops_are_in_use():
    """A silent fall back to the Python loops would cost a fifth of the speed unnoticed."""
    assert C is not None, "cleaner._score is not built: pip install -e . needs Cython"
    assert blocks.Block is C.Block


def test_the_c_block_reads_compares_and_pickles_as_the_dataclass():
    b = blocks.Block("Some text.", 9, 4, "p", 3, True)
    ref = blocks.PyBlock("Some text.", 9, 4, "p", 3, True)
    assert (b.text, b.chars, b.link_chars, b.tag, b.parent, b.line) == (
        ref.text, ref.chars, ref.link_chars, ref.tag, ref.parent, ref.line)
    assert repr(b) == repr(ref).removeprefix("Py")
    assert b == blocks.Block("Some text.", 9, 4, "p", 3, True)
    assert b != blocks.Block("Some text.", 9, 4, "p", 3)
    assert blocks.Block("x", 1, 0, "p", -1).line is False
    assert pickle.loads(pickle.dumps(b)) == b
    b.chars = 2
    assert b.chars == 2


def _python(fn):
    """Run fn with the C loops switched off (the Python reference)."""
    saved = score._C
    score._C = None
    try:
        return fn()
    finally:
        score._C = saved


def _readings(bl: Blocks, opts: Options) -> list:
    """Every stage's answer for both readings: values, mask, scores, container, the
    widened container, kept, trimmed, and the tail walked back."""
    out = []
    for listing in (False, True):
        values = score.block_values(bl, opts, listing)
        mask = score.boilerplate_mask(bl, values, opts)
        scores = score.element_scores(bl, values, mask, opts)
        el, start, end = select.choose_container(bl, scores)
        widened = select.widen(bl, el, start, end, values, mask, scores)
        kept = select.keep_blocks(bl, values, mask, start, end, opts.favor == "precision")
        trimmed = tail.trim(bl, values, kept, end)
        out.append((values, mask, scores, (el, start, end), widened, kept, trimmed,
                    tail.trim_end(bl, kept), render.to_text(bl, kept),
                    render.to_text(bl, list(range(len(bl.blocks))))))
    return out


def _same(bl: Blocks) -> None:
    for opts in OPTIONS:
        bl.placeholders = None
        c = _readings(bl, opts)
        bl.placeholders = None
        assert c == _python(lambda o=opts: _readings(bl, o))


@pytest.mark.parametrize("path", CORPUS_PAGES, ids=[p.stem for p in CORPUS_PAGES])
def test_c_loops_give_the_python_answers_on_the_corpus(path):
    tree = LexborHTMLParser(decode(path.read_bytes()).data)
    prune.prune(tree, tree.body)
    for reveal in (False, True):
        _same(blocks.build(tree.body, reveal))


# Generated block lists: texts that trip each rule (sentences, labels, menu runs, linked
# lines, bylines, copyright lines, filler), elements nested by construction.
TEXTS = st.sampled_from([
    "A long sentence of prose that goes on and on about the story, as prose does.",
    "Electric Guitars Acoustic Guitars Bass Guitar Amps Pedals Drums Keys Studio Gear",
    "Home > Guide > Money > Saving for the long run and other things you could read",
    "By Jane Doe", "Related articles", "Advertisement", "Share this:", "Read more",
    "Copyright © 2024 Example Media. All rights reserved.", "Lorem ipsum dolor sit amet.",
    "Short line", "Reply", "You need to enable JavaScript to run this app.",
    "We may earn commission from links on this page.", "12 June 2024, 14:05", "Jane Doe",
    "漢字の文章です。", "Is this a question?", "x",
])
TAGS = st.sampled_from(["p", "li", "h2", "h1", "div", "td", "body", "h3", "pre"])


@st.composite
def block_lists(draw):
    n = draw(st.integers(0, 30))
    # Elements: a random tree whose ranges nest (each element's range lies within its
    # parent's), in document order.
    el_start, el_end, el_flags, el_parent, el_tag = [], [], [], [], []

    def grow(parent: int, s: int, e: int, depth: int) -> None:
        pos = s
        while pos <= e and depth < 4 and draw(st.booleans()):
            a = draw(st.integers(pos, e))
            z = draw(st.integers(a, e))
            idx = len(el_start)
            el_start.append(a)
            el_end.append(z)
            el_flags.append(draw(st.sampled_from(
                [0, 0, SUSPECT, SUSPECT | STRONG, SEMANTIC, CONTENT_ATTR,
                 SEMANTIC | CONTENT_ATTR, SUSPECT | CONTENT_ATTR])))
            el_parent.append(parent)
            el_tag.append(draw(st.sampled_from(["div", "main", "article", "td", "li", "aside",
                                                "tr", "th"])))
            grow(idx, a, z, depth + 1)
            pos = z + 1

    grow(-1, 0, n, 0)
    parents = [-1] * n
    for idx, (s, e) in enumerate(zip(el_start, el_end)):
        for i in range(s, e):
            parents[i] = idx          # the innermost (last in document order) wins
    out = Blocks(el_tag=el_tag, el_start=el_start, el_end=el_end, el_flags=el_flags,
                 el_parent=el_parent)
    for i in range(n):
        text = draw(TEXTS)
        chars = len(text) - text.count(" ")
        linked = draw(st.sampled_from([0, 0, chars, chars // 2, chars // 3]))
        out.blocks.append(blocks.Block(text, chars, linked, draw(TAGS), parents[i],
                                       draw(st.booleans())))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_lists())
def test_c_loops_give_the_python_answers_on_generated_blocks(bl):
    _same(bl)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-500, 500, allow_nan=False).map(lambda v: round(v, 1)),
                max_size=20), st.data())
def test_c_mask_and_scores_give_the_python_answers_on_any_values(values, data):
    bl = data.draw(block_lists())
    n = len(bl.blocks)
    values = (values + [0.0] * n)[:n]
    opts = data.draw(st.sampled_from(OPTIONS))
    mask = score.boilerplate_mask(bl, values, opts)
    assert mask == _python(lambda: score.boilerplate_mask(bl, values, opts))
    scores = score.element_scores(bl, values, mask, opts)
    assert scores == _python(lambda: score.element_scores(bl, values, mask, opts))
    assert select.choose_container(bl, scores) == _python(
        lambda: select.choose_container(bl, scores))


WORDISH = st.sampled_from(["Electric", "guitars", "AMPS", "&", "/", "+", "\u2019s", "-", "_x",
                           "42", "\u00d6l\u00e7\u00fc", "\u00f1and\u00fa", "\u00c9t\u00e9",
                           "\u00df", "\u01c5", "\u00a0", "\u2003", "\t", "\u65e5\u672c", "!",
                           ":", "\u00b7", "\u0661\u0662", "\u2160"])


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDISH, min_size=1, max_size=14), st.sampled_from([" ", "", "\u00a0"]))
def test_the_c_menu_run_test_answers_as_the_python(parts, sep):
    # score._label_run in C (_score._label_run): Unicode letters, digits, spaces, the
    # joiners of names and the characters that are none of them.
    text = sep.join(parts)
    bl = Blocks(blocks=[blocks.Block(text, max(len(text), 200), 0, "p", -1)])
    assert score.block_values(bl, Options()) == _python(
        lambda: score.block_values(bl, Options()))
