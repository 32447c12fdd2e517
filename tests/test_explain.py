"""explain() (issue 13): the trace agrees with clean(), names the rule behind each
decision, marks losses and leaks against an expected text; its report is escaped,
self-contained HTML; `cleaner explain` writes it."""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import Options
from cleaner.explain import Explanation, explain
from tests.conftest import PROSE, page, paragraphs

ROOT = Path(__file__).parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.html"))


def _url(path: Path) -> str | None:
    meta = path.with_suffix(".json")
    return json.loads(meta.read_text())["url"] if meta.exists() else None


def _kept_words(ex: Explanation) -> list[str]:
    return " ".join(b.text for b in ex.blocks if b.kept).split()


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_corpus_kept_blocks_are_the_text_and_every_drop_has_a_rule(path):
    raw = path.read_bytes()
    url = _url(path)
    ex = explain(raw, url)
    article = cleaner.clean(raw, url)
    assert ex.article == article
    assert _kept_words(ex) == article.text.split()
    for b in ex.blocks:
        assert b.stage and b.rule and b.path, b
    assert ex.blocks == tuple(explain(raw, url).blocks)       # deterministic


@pytest.mark.parametrize("opts", [
    Options(favor="precision"), Options(favor="recall"), Options(tables=False),
    Options(trim_tail=False), Options(formats=("markdown", "html"), images=True),
], ids=["precision", "recall", "no-tables", "no-trim", "structure"])
def test_corpus_agrees_with_clean_under_other_options(opts):
    for path in CORPUS[::4]:
        raw = path.read_bytes()
        ex = explain(raw, options=opts)
        article = cleaner.clean(raw, options=opts)
        assert ex.article == article, path.name
        assert _kept_words(ex) == article.text.split(), path.name
        assert all(b.stage and b.rule for b in ex.blocks if not b.kept), path.name


# One page with one block for each rule: the rule must name itself with its evidence.
RULES_PAGE = page(
    "<nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
    "<span class='sr-only'>Opens a new window</span>"
    "<article><h1>The council budget</h1>" + paragraphs()
    + "<p><a href='/a'>Read the full budget document on the council site here</a></p>"
    "<div class='related-posts'><p>Another story you may like today.</p></div>"
    + paragraphs(PROSE[:2])
    + "<h3>Related articles</h3><ul><li>Library hours extended in the north</li>"
    "<li>Parks get new benches this spring</li></ul></article>"
    "<div class='sidebar-widget'><p>Our weekly quiz is back with ten new questions.</p></div>"
    "<footer>Contact us at the town hall</footer>",
    head="<title>The council budget</title>")


def _by_text(ex: Explanation, start: str):
    found = [b for b in ex.blocks if b.text.startswith(start)]
    assert found, f"no block starting {start!r}"
    return found[0]


@pytest.mark.parametrize("start, stage, rule", [
    ("Home News", "prune", "<nav> element"),
    ("Contact us", "prune", "<footer> element"),
    ("Opens a new window", "walk", "hidden by class `sr-only`"),
    ("The council budget", "title", "the headline: it is Article.title"),
    ("Read the full budget", "score", "link density 1.00 > 0.50"),
    ("Another story", "mask", ("inside `div.related-posts`: class token `related-posts` "
                               "(boilerplate container, 5% of the prose)")),
    ("Related articles", "tail", "label 'Related articles' opens a box after the body"),
    ("Library hours", "tail", "after the body: label 'Related articles'"),
    ("Our weekly quiz", "select", ("outside the chosen container `article`; masked: inside "
                                   "`div.sidebar-widget`: class token `sidebar-widget` "
                                   "(boilerplate container, 7% of the prose)")),
])
def test_each_rule_names_itself(start, stage, rule):
    b = _by_text(explain(RULES_PAGE), start)
    assert not b.kept
    assert (b.stage, b.rule) == (stage, rule)


def test_kept_blocks_say_why_and_where():
    ex = explain(RULES_PAGE)
    assert ex.container == "body > article"
    b = _by_text(ex, PROSE[0])
    assert b.kept and b.stage == "select"
    assert b.rule.startswith("prose: ") and "link density 0.00" in b.rule
    assert b.path == "body > article > p" and b.tag == "p"
    # document order: the nav before the article's text, the footer last
    texts = [b.text for b in ex.blocks]
    assert texts.index("Home News") < texts.index(PROSE[0]) < texts.index(
        "Contact us at the town hall") == len(texts) - 1


def test_a_blurb_read_around_names_its_box():
    # The sidebar's "about me" held the first reading's prose; clean() read the page
    # again without the box. explain() follows the same reading and says so.
    from tests.test_api import _SHORT_POST, _blog
    ex = explain(_blog("id='sidebar'"))
    assert _by_text(ex, _SHORT_POST).kept
    b = _by_text(ex, "I am a retired ferry engineer")
    assert not b.kept and "a box named like chrome" in b.rule


def test_a_big_removed_element_shows_its_first_characters():
    words = " ".join(f"link{i}" for i in range(100))       # ~700 characters
    ex = explain(page(f"<footer>{words}</footer><article>{paragraphs() * 4}</article>"))
    b = _by_text(ex, "link0 ")
    assert b.stage == "prune" and len(b.text) < 400
    assert re.search(r"\(\+\d+ words\)$", b.text)


def test_expected_text_marks_losses_and_leaks_and_scores_the_page():
    # the page repeats its first two paragraphs: the words count as a multiset
    expected = "\n\n".join([*PROSE, *PROSE[:2], "Our weekly quiz is back with ten new questions."])
    ex = explain(RULES_PAGE, expected=expected)
    assert _by_text(ex, "Our weekly quiz").verdict == "loss"
    assert _by_text(ex, PROSE[0]).verdict == "ok"
    assert _by_text(ex, "Home News").verdict == "ok"          # dropped, rightly
    assert ex.scores is not None and 0 < ex.scores.recall < 1
    assert ex.scores.precision == 1.0
    counts = ex.counts()
    assert counts["losses"] == 1 and counts["leaks"] == 0
    leaky = explain(RULES_PAGE, expected="\n".join(PROSE[2:]))
    assert _by_text(leaky, PROSE[0]).verdict == "leak"        # kept, not expected
    assert leaky.scores.precision < 1.0
    assert explain(RULES_PAGE).scores is None
    assert all(b.verdict is None for b in explain(RULES_PAGE).blocks)


@pytest.mark.parametrize("bad, reason", [
    ("", "empty input"), (b"   ", "empty input"),
    (b"\x00\x01\x02\x03" * 64, "binary input, not html"),
    ("just some words", "not html: no markup"),
])
def test_bad_input_gives_an_explanation_with_the_reason(bad, reason):
    ex = explain(bad)
    assert ex.article == cleaner.clean(bad)
    assert ex.article.reason == reason and ex.blocks == ()
    assert _structure(ex.to_html()).decisions == 0 and reason in ex.to_html()
    json.dumps(ex.to_dict())


def test_wrong_type_raises_as_clean_does():
    with pytest.raises(TypeError):
        explain(12)


def test_to_dict_is_json_and_holds_every_block():
    ex = explain(RULES_PAGE, "https://example.com/a", expected=PROSE[0])
    d = json.loads(json.dumps(ex.to_dict()))
    assert d["article"]["text"] == ex.article.text
    assert d["article"]["url"] == "https://example.com/a"
    assert len(d["blocks"]) == len(ex.blocks) == d["counts"]["blocks"]
    assert {"text", "kept", "stage", "rule", "path", "expected", "verdict"} <= set(d["blocks"][0])
    assert d["scores"]["f1"] == ex.scores.f1


# --- the report --------------------------------------------------------------------

VOID = {"meta", "input", "br"}


class _Structure(HTMLParser):
    """Start/end tags of a document, checked to nest; and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: set[str] = set()
        self.errors: list[str] = []
        self.text: list[str] = []
        self.decisions = 0

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if any(name == "data-decision" for name, _ in attrs):
            self.decisions += 1
        for name, value in attrs:
            if name in ("src", "href") or name.startswith("on"):
                self.errors.append(f"{tag} {name}={value}")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


REPORT_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "dl", "dt",
               "dd", "span", "input", "nav", "label", "main", "div", "br", "code"}


def _structure(report: str) -> _Structure:
    p = _Structure()
    p.feed(report)
    p.close()
    return p


def test_report_is_self_contained_and_one_element_per_block():
    ex = explain(RULES_PAGE, "https://example.com/a", expected="\n".join(PROSE))
    report = ex.to_html()
    s = _structure(report)
    assert s.errors == [] and s.open == []
    assert s.tags <= REPORT_TAGS                  # no script, link, img, iframe, ...
    assert s.decisions == len(ex.blocks)
    assert report.count('data-decision="kept"') == ex.counts()["kept"]
    assert report.count('data-stage="prune"') == ex.counts()["dropped_by_stage"]["prune"]
    assert not re.search(r"url\(|@import|https?://(?!example\.com/a)", report)
    for needle in ("https://example.com/a", "body &gt; article", "word F1", "losses (",
                   'for="f-dropped"', 'for="f-kept"'):
        assert needle in report


def test_report_holds_every_block_of_a_long_page():
    items = "".join(f"<p>Paragraph {i} of the long page says something in a sentence.</p>"
                    for i in range(20000))
    ex = explain(page(f"<article>{items}</article>"))
    assert len(ex.blocks) == 20000
    report = ex.to_html()
    assert report.count('data-decision="') == 20000


_PIECES = [*"<>&\"'/= abcxyz\u00e9\u4e2d\u2028", "</script>", "<script>alert(1)</script>",
           "</div>", "<!--", "-->", "]]>", "&amp;", '" onload="x', "</style>",
           "<img src=x onerror=y>"]
_HOSTILE = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


@settings(max_examples=150, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(text=_HOSTILE, url=_HOSTILE)
def test_page_text_is_escaped_never_interpreted(text, url):
    esc = htmllib.escape(text)
    html = page(f"<article><h2>{esc}</h2><p>{esc} {PROSE[0]}</p><p>{PROSE[1]} {esc}</p></article>"
                f"<nav>{esc}</nav><div class='share'>{esc}</div>",
                head=f"<title>{esc}</title>")
    ex = explain(html, url or None, expected=text)
    report = ex.to_html()
    s = _structure(report)
    assert s.errors == [] and s.open == []
    assert s.tags <= REPORT_TAGS
    assert s.decisions == len(ex.blocks)
    shown = "".join(s.text)
    for b in ex.blocks:
        assert b.text in shown


@settings(max_examples=150, derandomize=True, database=None, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: f"<p>{t}</p>" + t))
def test_whatever_clean_accepts_explain_accepts(data):
    ex = explain(data)
    assert ex.article == cleaner.clean(data)
    assert _kept_words(ex) == ex.article.text.split()
    s = _structure(ex.to_html())
    assert s.errors == [] and s.open == []


# --- the command line ----------------------------------------------------------------

def _cli(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "cleaner", "explain", *args], input=stdin,
                          capture_output=True, check=False, timeout=120, cwd=ROOT)


def test_cli_writes_the_report_json_and_scores(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(RULES_PAGE)
    truth = tmp_path / "truth.txt"
    truth.write_text("\n".join(PROSE))
    out = tmp_path / "report.html"
    r = _cli(str(path), "--url", "https://example.com/a", "--expected", str(truth),
             "-o", str(out))
    assert r.returncode == 0, r.stderr
    report = out.read_text()
    assert report.startswith("<!DOCTYPE html>") and "word F1 " in report
    assert report == explain(RULES_PAGE.encode(), "https://example.com/a",
                             expected="\n".join(PROSE)).to_html()
    r = _cli("--format", "json", "-", stdin=RULES_PAGE.encode())
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["article"]["text"] == cleaner.clean(RULES_PAGE).text
    r = _cli(str(path))                               # stdout without -o
    assert r.returncode == 0 and r.stdout.decode().count('data-decision="') == len(
        explain(RULES_PAGE).blocks)


def test_cli_reads_compressed_pages(tmp_path):
    import gzip
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(RULES_PAGE.encode()))
    r = _cli(str(path), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["article"]["text"] == cleaner.clean(RULES_PAGE).text


@pytest.mark.parametrize("args, message", [
    (["/no/such/page.html"], "/no/such/page.html: No such file or directory"),
    (["page.html", "--expected", "/no/such/truth.txt"], "/no/such/truth.txt: No such file"),
    (["page.html", "--format", "xml"], "invalid choice"),
    ([], "the following arguments are required: PAGE"),
])
def test_cli_errors_are_one_line_exit_2(tmp_path, args, message):
    (tmp_path / "page.html").write_text(RULES_PAGE)
    r = subprocess.run([sys.executable, "-m", "cleaner", "explain", *args], cwd=tmp_path,
                       capture_output=True, check=False, timeout=60,
                       env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2
    err = r.stderr.decode()
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_plain_cleaner_usage_is_unchanged(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(RULES_PAGE)
    r = subprocess.run([sys.executable, "-m", "cleaner", "--format", "text", str(path)],
                       capture_output=True, check=False, timeout=60, cwd=ROOT)
    assert r.returncode == 0
    assert r.stdout.decode().strip() == cleaner.clean(RULES_PAGE).text


def test_an_element_matching_two_chrome_selectors_is_listed_once():
    ex = explain(page("<header role='banner' hidden>Site name and menu</header>"
                      f"<article>{paragraphs()}</article>"))
    assert [b.text for b in ex.blocks].count("Site name and menu") == 1


def test_the_python_prune_gives_the_same_explanation(monkeypatch):
    from cleaner import prune
    with_c = explain(RULES_PAGE)
    monkeypatch.setattr(prune, "_C_PRUNE", None)
    assert explain(RULES_PAGE) == with_c


def test_a_noscript_of_escaped_markup_is_explained():
    ex = explain((ROOT / "corpus" / "en-news-noscript-escaped-pixel-and-player.html").read_bytes())
    skipped = [b for b in ex.blocks if b.stage == "walk" and b.tag == "noscript"]
    assert skipped and all(b.text.startswith("<") and not b.kept for b in skipped)
    assert {b.rule for b in skipped} == {
        "<noscript> holding escaped markup (a fallback tag, not text)"}


def test_a_page_whose_only_text_is_its_footer_says_so():
    footer = ("<footer><h5>Help</h5><p>" + ", ".join(f"<a href='/c/{i}'>Category {i}</a>"
                                                     for i in range(30)) + "</p></footer>")
    ex = explain(page("<div id='root'></div>" + footer))
    assert ex.article.text == ""
    rules = {b.rule for b in ex.blocks if b.text == "Help"}
    assert rules == {("the reading kept a <footer> and next to nothing outside it: the page "
                     "has no main content")}
