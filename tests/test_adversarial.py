"""Hostile inputs (issue #6): every input the fuzzer ever crashed clean() with stays a
regression test, and small versions of the adversarial benchmark's pages must come back
as an Article, quickly, whatever they hold.

tests/fixtures/crashers/: one input a file, as found (crash-<sha1>.bin from
fuzz/fuzz_clean.py) or minimised by hand; see fuzz/README.md for the findings.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

import cleaner
from cleaner.article import Article

CRASHERS = sorted(p for p in (Path(__file__).parent / "fixtures" / "crashers").iterdir()
                  if p.is_file() and p.suffix not in (".md", ".txt"))


def test_there_are_crashers():
    assert CRASHERS, "tests/fixtures/crashers/ is empty"


@pytest.mark.parametrize("path", CRASHERS, ids=[p.name for p in CRASHERS])
def test_crasher_returns_an_article(path):
    data = path.read_bytes()
    for call in (lambda: cleaner.clean(data),
                 lambda: cleaner.clean(data.decode("utf-8", "surrogateescape")),
                 lambda: cleaner.clean(data, encoding="latin-1")):
        result = call()
        assert isinstance(result, Article)
        assert isinstance(result.text, str)


PARA = "<p>The council met on Tuesday to discuss the new budget for public libraries.</p>"


def _hostile_pages():
    yield "deep-div", "<html><body>" + "<div>" * 100_000 + "deep text here" + "</body></html>"
    yield "deep-div-upper", "<HTML><BODY>" + "<Div>" * 100_000 + "deep text here"
    yield "deep-span", "<html><body>" + "<span>" * 100_000 + "deep text here" + "</body></html>"
    yield "deep-table", "<html><body>" + "<table><tr><td>" * 20_000 + "x" + "</body></html>"
    yield "many-tiny", "<html><body>" + "<i>a</i>" * 200_000 + "</body></html>"
    yield "nul-bytes", b"<html><body><p>" + b"\x00" * 500_000 + b"text</p></body></html>"
    yield "nul-interleaved", ("<p>hello world " * 2000).encode("utf-16-le")
    yield "lying-charset", ('<meta charset="utf-16"><p>' + "Ünïcödé prose " * 1000).encode("cp1252")
    yield "huge-attribute", '<html><body><div class="' + "x" * 1_000_000 + '">' + PARA + "</div>"
    yield "giant-pre", "<html><body><pre>" + "line of code();\n" * 50_000 + "</pre></body></html>"
    yield "giant-table", "<table>" + "<tr><td>a</td><td>b</td></tr>" * 20_000 + "</table>"
    yield "html-in-json", "<html><body><script>" + json.dumps(
        {"html": "<div>" + PARA * 500 + "</div>"}) + "</script>" + PARA + "</body></html>"
    yield "truncated-gzip", gzip.compress((PARA * 2000).encode())[:5000]
    yield "unclosed-comment", "<html><body>" + PARA * 100 + "<!-- " + "x" * 500_000
    yield "unclosed-tags", "<p><b><i><a href='" + "y" * 200_000


HOSTILE = list(_hostile_pages())


@pytest.mark.parametrize("name,page", HOSTILE, ids=[name for name, _ in HOSTILE])
def test_hostile_page_is_bounded(name, page):
    start = time.perf_counter()
    result = cleaner.clean(page)
    took = time.perf_counter() - start
    assert isinstance(result, Article)
    assert took < 5, f"{name}: {took:.2f} s"


def test_many_attributes_on_one_element_is_linear():
    attrs = " ".join(f"data-a{i}=v{i}" for i in range(40_000))
    page = f"<html><body><div {attrs}>{PARA * 20}</div></body></html>"
    start = time.perf_counter()
    result = cleaner.clean(page)
    took = time.perf_counter() - start
    assert isinstance(result, Article)
    assert took < 1.0, f"40,000 attributes: {took:.2f} s"


def test_max_nodes_keeps_the_text_walked_so_far():
    page = "<html><body><article>" + PARA * 200 + "</article></body></html>"
    full = cleaner.clean(page)
    cut = cleaner.clean(page, options=cleaner.Options(max_nodes=300))
    assert cut.reason and "max_nodes" in cut.reason
    assert len(cut.text) > 0.5 * len(full.text) * 300 / 400


def test_depth_cap_reads_tags_in_any_case():
    from cleaner import limits
    for tag in ("div", "DIV", "Div", "SECTION"):
        page = ("<" + tag + ">") * 40_000 + "x"    # the scan needs DEPTH_SCAN_MIN_TAGS tags
        cut, reason = limits.cap_depth(page.encode(), 4096)
        assert reason and "max_depth" in reason and len(cut) < len(page)


def test_depth_cap_counts_tags_exactly_at_its_threshold():
    # The C count (32 or 16 bytes a compare) and bytes.count agree: one tag short of
    # DEPTH_SCAN_MIN_TAGS is not scanned, at the threshold the nesting is cut.
    from cleaner import lexicon as lx
    from cleaner import limits
    need = lx.DEPTH_SCAN_MIN_TAGS
    for extra, cut_expected in ((-1, False), (0, True)):
        page = (b"<div>" * (need + extra)) + b"x" * 7
        _, reason = limits.cap_depth(page, 4096)
        assert (reason is not None) == cut_expected
    for n in range(0, 600, 7):     # runs of every length around the 8-byte words
        raw = b"a<b\xbc" * n + b"<" * (n % 9)
        count = n + n % 9
        assert limits._enough(raw, b"<", count) and not limits._enough(raw, b"<", count + 1)
    # Around the lanes' fold (255 steps of 64 bytes) and the 64 KB chunks: all matches
    # (a byte counter at its most), none, and the tails after the last whole step.
    for size in (16319, 16320, 16321, 16384 + 77, 65535, 65536, 65537, 65536 + 16320 + 63):
        for raw, count in ((b"<" * size, size), (b"x" * size, 0),
                           (b"<x" * (size // 2) + b"<" * (size % 2), size - size // 2)):
            assert limits._enough(raw, b"<", count)
            assert not limits._enough(raw, b"<", count + 1)


def test_tag_cap_passes_a_long_tag_with_few_attributes():
    # A long run without '>' after a tag opening with fewer '=' than MAX_TAG_ATTRIBUTES (an
    # inline base64 image) is no bomb: the '=' count clears it before the pattern reads it;
    # the same run with that many attributes is cut.
    from cleaner import lexicon as lx
    from cleaner import limits
    filler = "<i a=1></i>" * lx.TAG_SCAN_MIN_ATTRIBUTES     # enough '=' to look at tags
    image = '<img src="data:image/png;base64,' + "QUJD" * 40_000 + '==">'
    data, reason = limits.cap_tag_size((filler + image + PARA).encode())
    assert reason is None and len(data) == len(filler + image + PARA)
    bomb = "<div " + " ".join(f"b{i}=x" for i in range(lx.MAX_TAG_ATTRIBUTES + 10)) + ">"
    data, reason = limits.cap_tag_size((filler + bomb + PARA).encode())
    assert reason and len(data) == len(filler)


def test_c_tag_runs_find_the_python_scans_runs():
    """The C scan of '>'-free windows (limits.cap_tag_size's first step) against the
    Python one: runs at every offset of a window, at the ends of the input, opened by a
    start tag, an end tag, '>' or nothing."""
    import random

    from cleaner import limits
    assert limits._TAG_RUNS is not None, "the C extension is not built"
    rng = random.Random(3)
    for _ in range(3000):
        data = "".join(rng.choice(("a", "a", "a", "=", " ", "<", ">", "<b", "</", "<1"))
                       for _ in range(rng.randint(0, 120))).encode()
        window, run = rng.randint(1, 9), rng.randint(0, 20)
        assert limits._TAG_RUNS(data, window, run) == limits._tag_runs(data, window, run)
