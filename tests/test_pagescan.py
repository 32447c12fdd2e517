"""The site learner's page scan (cleaner/pagescan.py): the C scan gives exactly the keys of
the Python reference, and the keys it learns are those the walk's blocks have when the
page is cleaned (else a learned profile would never match a page)."""

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner import blocks, pagescan, prune, sites
from cleaner.decode import decode

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.html"))

TRICKY = [
    "",
    "plain text, no markup at all",
    "<p>unclosed <b>bold <p>next paragraph<div>block in p</div>after",
    "<table><tr><td>cell one<td>cell two<tr><th>head</table><p>after the table",
    "<td>a cell outside any table</td><li>an item outside a list",
    "<ul><li>one<li>two<ul><li>inner</ul><li>three</ul><dl><dt>term<dd>def<dt>t2</dl>",
    "<h1>one<h2>two</h1>three",
    "<script>if (a < b) { x = '</div>'; }</script><p>after the script</p>",
    "<style>p > a { color: red }</STYLE ><p>styled</p><textarea><p>not a p</textarea>",
    "<!-- a comment <p>not text</p> --><p>text</p><!doctype html><?xml x?></ p>",
    ("<p>entities: &amp; &lt;tag&gt; &eacute;t&eacute; &#233;t&#xE9; &nbsp;&unknown; &#0; "
     "&#99999999; &#x110000; & alone</p>"),
    ("<p>caf\u00e9 CAF\u00c9 \u00c6SIR \u4e2d\u6587\u3002\u6587\u5b57 emoji \U0001f600 "
     "zero\u200bwidth</p>"),
    "<div class='a>b' data-x=\"q>r\" title=unq>quoted gt</div><p/>self<br/>closed",
    "<svg><p>in svg</p><svg>nested</svg></svg><p>after svg</p><svg/><p>after empty</p>",
    ("<nav><p>menu</p></nav><article><header><h1>Headline</h1></header><p>story</p>"
     "</article><header>site header</header><footer>foot</footer>"),
    "<head><title>t</title><meta charset=utf-8><div>head left open by a div</div>",
    "<html><head><title>t</title><body><p>one</p></body></html><p>after body</p>",
    "<p>cut off <a href='x",
    "< p>not a tag <3 and 1<2</p><p>a</ p>b<//p>",
    "<select><option>one<option>two</select><p>x<option>loose option</p>",
    "<ruby>\u5b50<rt>\u3053</rt></ruby><p>br<br>lines<br><br>and more</p>",
    "<pre>code\n  line two</pre><hr><p>after rule</p>",
    "<div>" * 5000 + "deep" + "</div>" * 5000,
]


def test_the_c_scan_is_built():
    # as for the walk: the extension is part of the install, so its absence is a failure
    assert pagescan._C is not None, \
        "cleaner._pagescan is not built: pip install -e . needs Cython and a C compiler"


@pytest.mark.parametrize("page", TRICKY)
def test_the_c_scan_gives_the_keys_of_the_python_scan(page):
    assert pagescan._C.scan(page, pagescan.MAX_BLOCKS) == pagescan._scan_py(page)
    data = page.encode()
    assert pagescan._C.scan(data, 7) == pagescan._scan_py(data, 7)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_the_c_scan_gives_the_keys_of_the_python_scan_on_the_corpus(path):
    data = decode(path.read_bytes()).data
    assert pagescan._C.scan(data, pagescan.MAX_BLOCKS) == pagescan._scan_py(data)


def test_c_keys_of_texts_and_paths_are_the_python_ones():
    texts = ["Hello, World 2024!", "  ", "caf\u00e9 \u00c9T\u00c9", "\u4e2d\u6587", ""]
    assert pagescan._C.text_keys(texts) == [pagescan.text_key(t) for t in texts]
    assert pagescan.text_key("Hello,   world 1999") == pagescan.text_key("hello world 2024")
    assert pagescan.text_key("hello world") != pagescan.text_key("helloworld")
    assert pagescan.text_key(" -- ") == 0
    tags, parents = ["body", "div", "p", "div"], [-1, 0, 1, 0]
    ids = pagescan._C.path_keys(tags, parents, pagescan.OFFSET)
    assert ids[0] == pagescan.ROOT and ids[1] == ids[3]
    assert ids[2] == pagescan.path_key(pagescan.path_key(pagescan.ROOT, "div"), "p")


def walk_keys(html: str | bytes) -> tuple[set[int], set[int]]:
    tree = LexborHTMLParser(decode(html).data)
    body = tree.body
    prune.prune(tree, body)
    bl = blocks.build(body)
    ids, depth = sites.element_paths(bl)
    return set(sites.shape_of(ids, depth)), set(sites.block_keys(bl, ids))


@pytest.mark.parametrize("path", CORPUS[:40], ids=lambda p: p.stem)
def test_the_scan_learns_the_keys_the_walk_sees(path):
    html = path.read_bytes()
    shape, keys = pagescan.scan(decode(html).data)
    walk_shape, walk_keys_ = walk_keys(html)
    # The walk's blocks are found by the scan (a few may differ where the parser mends
    # broken markup or the walk hides a subtree by class); the template is recognised.
    assert len(walk_keys_ & set(keys)) >= 0.8 * len(walk_keys_)
    assert sites._jaccard(frozenset(shape), frozenset(walk_shape)) >= sites.SAME_TEMPLATE


def test_own_url_reads_the_head_only():
    page = ("<html><head><base href='https://base.example/'>"
            "<meta property='og:url' content='https://og.example/a'>"
            "<link href=\"https://www.canon.example/a\" rel=\"canonical\"></head>"
            "<body><link rel=canonical href='https://body.example/'></body></html>")
    assert sites.own_url(page) == "https://www.canon.example/a"
    assert sites.own_url(page.replace("canonical", "x")) == "https://og.example/a"
    assert sites.own_url("<base href='/relative'><p>x</p>") is None
    assert sites.own_url(b"<html><body><link rel=canonical href='https://b.example/'>") is None


def test_the_two_scans_agree_on_any_markup():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from([
        "<p>", "</p>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<table>", "<td>", "<tr>",
        "</table>", "<h2>", "</h2>", "<br>", "<svg>", "</svg>", "<script>", "</script>",
        "<nav>", "</nav>", "<article>", "<header>", "</header>", "<head>", "<body>",
        "<!--", "-->", "<!x>", "</", "<", ">", "&", "&amp;", "&#", "&#x4e2d;", ";", "'",
        '"', "=", " ", "/", "a", "Word", "9", "\u00e9", "\u4e2d", "\U0001f600", "<ruby>",
        "<rt>", "</ruby>", "<dl>", "<dd>", "<dt>", "<option>", "<textarea>", "</textarea>",
        "<hr>", "<P CLASS='x>y'>", "<a href=x/>", "<rp>", "<caption>", "<tbody>"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(pieces, max_size=60))
    def agree(parts):
        page = "".join(parts)
        assert pagescan._C.scan(page, 50) == pagescan._scan_py(page, 50)

    agree()


def test_without_the_c_extension_the_profiles_and_texts_are_the_same(monkeypatch):
    from test_sites import WIDGET, article

    import cleaner

    pages = [article(n) for n in range(4)]
    learned = cleaner.learn_sites((html, None) for html in pages)
    cleaned = [cleaner.clean(html, sites=learned).text for html in pages]
    monkeypatch.setattr(pagescan, "_C", None)
    again = cleaner.learn_sites((html, None) for html in pages)
    assert sites.to_json(again) == sites.to_json(learned)
    assert [cleaner.clean(html, sites=again).text for html in pages] == cleaned
    assert all(WIDGET not in t for t in cleaned)
