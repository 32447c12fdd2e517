"""clean() keeps no Python objects from one page to the next (beyond bounded tables).

Objects made during a page and kept after it (a cache entry, a string a C method leaves in
CPython's type cache) sit in whichever obmalloc arena that page's objects had opened, and
keep it resident: over WCXB dev a few hundred KB of them cost ~1 MB of peak RSS."""

import gc
import tracemalloc

from cleaner import clean


def _page(i: int) -> bytes:
    # What reaches the cross-page caches there were: class strings the C walk leaves to
    # Python (non-ASCII, a hiding token, over 59 bytes), comment-named classes, JSON-LD,
    # dates read by the datelines, a charset sniffed in an ASCII page.
    return f"""<html><head><meta charset="utf-8"><title>Page {i}</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "H{i}",
"datePublished": "2024-03-{1 + i % 28:02d}", "author": {{"name": "A{i}"}}}}</script></head>
<body><div class="caf\u00e9-{i} main">
<div class="hidden md:block x{i}"><p>Shown again {i}.</p></div>
<div class="{'long-class-name-' * 5}{i} content"><p>Posted on 3 May 2024, page {i}.</p>
<p>{"Words of the article body, long enough to be kept. " * 8}</p></div>
<div class="comment-list c{i}"><div class="comment c{i}"><p>A reply {i}.</p></div></div>
</div></body></html>""".encode()


def test_pages_leave_no_python_objects_behind():
    for i in range(300):                # one-time set-up, and urllib's bounded cache full
        clean(_page(i), url=f"https://example.org/2024/05/{i}/warm")
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i in range(300, 600):
            clean(_page(i), url=f"https://example.org/2024/05/{i}/story")
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 16_000, f"{grown} bytes kept after 300 pages"


def test_prefix_finditer_is_pattern_finditer():
    import re

    from cleaner.prefix import finditer

    text = "Posted 3 May 2024, updated 2025-01-02; x  y\u00e9 20241 ."
    for pattern in (r"\d{4}", r"\b", r"x*", r"(?<=\s)\w+", r"^P|\.$", r"[a-z]+(?=\s)"):
        p = re.compile(pattern, re.IGNORECASE)
        for pos, end in ((0, len(text)), (3, 30), (10, 10), (0, 1000)):
            got = [(m.span(), m.group()) for m in finditer(p, text, pos, end)]
            assert got == [(m.span(), m.group()) for m in p.finditer(text, pos, end)]
        assert [m.span() for m in finditer(p, text)] == [m.span() for m in p.finditer(text)]
