"""Tests of the benchmark suite: metrics on hand-computed cases, the three dataset loaders, and
the accuracy command end to end (with a stub extractor where exact figures are asserted)."""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

# benchmarks/ is not part of the installed package: make it importable however pytest is run.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import accuracy, datasets, extractors, metrics, throughput

FIXTURE = Path(__file__).parent / "fixtures" / "scrapinghub"
CAFE = "5650872f07217326ccb6a8e48410501b076a963365e5b86af71be0ad8bde9ff1"
RIVER = "9c662addb2d403e85ec0e5714bb01be7e681ff06e01247e7fede85abe595154b"
PAGE_KEYS = {"id", "html", "url", "page_type", "lang", "main_content", "with", "without", "title"}


# --- word F1 -------------------------------------------------------------------------------

def test_word_scores_count_words_as_a_multiset():
    # output a×3 b, reference a b c: overlap = min(3,1) + min(1,1) = 2 (a set would give 2/2)
    # P = 2/4, R = 2/3, F1 = 2PR/(P+R) = (2/3)/(7/6) = 4/7
    assert metrics.word_scores("a a a b", "a b c") == pytest.approx((1 / 2, 2 / 3, 4 / 7))


def test_word_scores_lowercase_and_split_on_non_word_characters():
    assert metrics.word_scores("Hello, WORLD! Don't e-mail.", "hello world don t e mail") == (
        1.0, 1.0, 1.0)


def test_word_scores_both_empty_is_perfect():
    assert metrics.word_scores("", "") == (1.0, 1.0, 1.0)
    assert metrics.word_scores(" -- ", "…") == (1.0, 1.0, 1.0)  # no words on either side


def test_word_scores_one_side_empty_is_zero():
    assert metrics.word_scores("", "some text") == (0.0, 0.0, 0.0)
    assert metrics.word_scores("leaked menu", "") == (0.0, 0.0, 0.0)
    assert metrics.word_scores("foo", "bar") == (0.0, 0.0, 0.0)


# --- CJK bigrams ---------------------------------------------------------------------------

def test_bigrams_drop_whitespace_and_punctuation():
    assert metrics.bigrams("안녕 하세요.") == Counter({"안녕": 1, "녕하": 1, "하세": 1, "세요": 1})
    assert metrics.bigram_scores("안녕 하세요.", "안녕하세요") == (1.0, 1.0, 1.0)


def test_bigram_scores_korean_partial():
    # reference 서울날씨맑음: 서울 울날 날씨 씨맑 맑음 (5); output 서울날씨: 서울 울날 날씨 (3)
    # P = 3/3, R = 3/5, F1 = 2 * 1 * 0.6 / 1.6 = 0.75
    assert metrics.bigram_scores("서울 날씨", "서울 날씨 맑음") == pytest.approx((1.0, 0.6, 0.75))


def test_bigram_scores_chinese_reordered():
    # reference 我爱北京: 我爱 爱北 北京
    # output 北京，我爱 -> 北京我爱: 北京 京我 我爱; 2 of 3 shared
    assert metrics.bigram_scores("北京，我爱", "我爱北京") == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_bigram_scores_are_multisets():
    # 哈哈 has one bigram, 哈哈哈 two identical ones: P = 1/1, R = 1/2, F1 = 2/3
    assert metrics.bigram_scores("哈哈", "哈哈哈") == pytest.approx((1.0, 0.5, 2 / 3))


def test_is_cjk_uses_lang_first_then_the_reference_text():
    assert metrics.is_cjk("plain English", "ko")
    assert metrics.is_cjk("", "zh-TW") and metrics.is_cjk("", "ja_JP")
    assert not metrics.is_cjk("我爱北京", "en")
    assert metrics.is_cjk("我爱北京 hello", None)          # 4 of 9 non-space characters
    assert not metrics.is_cjk("Hello world 世界", None)    # 2 of 12
    assert metrics.is_cjk("テスト です", None)              # kana
    assert not metrics.is_cjk("", None)


# --- snippets ------------------------------------------------------------------------------

OUTPUT = "Breaking:\n  The  Mayor\u00a0SAID\tyes.\n\nRelated stories"


def test_nothing_lost_ignores_case_and_whitespace_layout():
    assert metrics.nothing_lost(OUTPUT, ["the mayor said yes."]) is True
    assert metrics.nothing_lost(OUTPUT, ["the mayor said yes.", "a lost line"]) is False
    assert metrics.nothing_lost("They’re here", ["they're here"]) is True  # curly quote


def test_no_leak_ignores_case_and_whitespace_layout():
    assert metrics.no_leak(OUTPUT, ["RELATED   stories"]) is False
    assert metrics.no_leak(OUTPUT, ["Most read"]) is True


def test_pages_without_snippets_are_not_counted():
    assert metrics.nothing_lost(OUTPUT, []) is None
    assert metrics.no_leak(OUTPUT, ["", "  "]) is None  # empty snippets would match anything
    assert metrics.share([True, None, False, True, None]) == (pytest.approx(2 / 3), 3)
    assert metrics.share([None]) == (None, 0)


# --- loaders -------------------------------------------------------------------------------

def test_parse_spec_rejects_unknown_layouts():
    assert datasets.parse_spec("wcxb:some/dir") == ("wcxb", Path("some/dir"))
    for bad in ("nope:/x", "wcxb", "wcxb:"):
        with pytest.raises(ValueError):
            datasets.parse_spec(bad)


def test_scrapinghub_loader_keeps_bytes():
    pages = list(datasets.load(f"scrapinghub:{FIXTURE}"))
    assert [p["id"] for p in pages] == [CAFE, RIVER]
    cafe = pages[0]
    assert set(cafe) == PAGE_KEYS
    assert isinstance(cafe["html"], bytes)
    assert "Café au lait".encode("windows-1252") in cafe["html"]  # never decoded
    assert cafe["url"] == "https://blog.example.net/recipes/cafe-au-lait"
    assert cafe["main_content"].startswith("A café au lait needs strong coffee")
    assert (cafe["page_type"], cafe["lang"], cafe["title"]) == ("article", None, None)
    assert cafe["with"] == cafe["without"] == []


def _write_wcxb(root: Path) -> dict[str, bytes]:
    html = {"0001": b"<html><body><p>One</p></body></html>",
            "0002": "<html><body><p>Zwei Stra\u00dfen</p></body></html>".encode("latin-1")}
    (root / "html").mkdir()
    (root / "ground-truth").mkdir()
    for page_id, data in html.items():
        (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(data))
    (root / "ground-truth" / "0001.json").write_text(json.dumps({
        "url": "https://a.example/1", "file_id": "0001",
        "_internal": {"page_type": {"primary": "forum"}},
        "ground_truth": {"title": "T1", "main_content": "One", "with": ["One"],
                         "without": ["Login"]}}))
    (root / "ground-truth" / "0002.json").write_text(json.dumps({  # no main_content at all
        "url": "https://a.example/2", "_internal": {"page_type": {"primary": "product"}},
        "ground_truth": {"title": "T2", "with": [], "without": []}}))
    return html


def test_wcxb_loader(tmp_path):
    html = _write_wcxb(tmp_path)
    pages = list(datasets.load(f"wcxb:{tmp_path}"))
    assert [p["id"] for p in pages] == ["0001", "0002"]
    first, second = pages
    assert set(first) == PAGE_KEYS
    assert first["html"] == html["0001"] and second["html"] == html["0002"]
    assert (first["url"], first["page_type"]) == ("https://a.example/1", "forum")
    assert first["title"] == "T1"
    assert (first["main_content"], first["with"], first["without"]) == ("One", ["One"], ["Login"])
    assert first["lang"] is None
    assert (second["page_type"], second["main_content"]) == ("product", "")
    assert [p["id"] for p in datasets.load(f"wcxb:{tmp_path}", limit=1)] == ["0001"]


def test_corpus_loader(tmp_path, capsys):
    raw = "<html><head><meta charset=euc-kr></head><body><p>서울</p></body></html>".encode("euc-kr")
    (tmp_path / "ko-news.html").write_bytes(raw)
    (tmp_path / "ko-news.json").write_text(json.dumps({
        "url": "https://news.example.kr/1", "lang": "ko", "encoding": "euc-kr",
        "page_type": "article", "title": "제목", "main_content": "서울",
        "with": ["서울"], "without": ["많이 본 뉴스"]}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "unlabelled.html").write_bytes(b"<p>label still being written</p>")
    pages = list(datasets.load(f"corpus:{tmp_path}"))
    assert [p["id"] for p in pages] == ["ko-news"]
    page = pages[0]
    assert set(page) == PAGE_KEYS
    assert page["html"] == raw
    assert (page["lang"], page["page_type"], page["title"]) == ("ko", "article", "제목")
    assert (page["with"], page["without"]) == (["서울"], ["많이 본 뉴스"])
    assert "unlabelled.html" in capsys.readouterr().err


# --- accuracy end to end -------------------------------------------------------------------

def test_accuracy_end_to_end_with_cleaner(tmp_path):
    spec = f"scrapinghub:{FIXTURE}"
    accuracy.main(["--dataset", spec, "--extractors", "cleaner", "--out", str(tmp_path / "out"),
                   "--dump", str(tmp_path / "dump")])
    data = json.loads((tmp_path / "out" / "accuracy.json").read_text(encoding="utf-8"))
    assert {"date", "machine", "versions", "datasets"} <= set(data)
    assert data["versions"]["cleaner"]
    ds = data["datasets"]["scrapinghub"]  # sets are keyed by their directory's name
    assert ds["spec"] == spec and ds["comments"] is False
    assert ds["page_count"] == 2
    s = ds["extractors"]["cleaner"]
    for key in ("f1", "precision", "recall"):
        assert 0.0 <= s[key] <= 1.0
    assert s["pages"] == 2 and 0 <= s["errors"] <= 2
    # ScrapingHub has no snippets and these pages are English: those figures have no pages.
    assert (s["no_leak"], s["no_leak_pages"], s["nothing_lost"], s["nothing_lost_pages"]) == (
        None, 0, None, 0)
    assert (s["cjk_bigram_f1"], s["cjk_pages"]) == (None, 0)
    assert list(s["by_page_type"]) == ["article"] and s["by_page_type"]["article"]["pages"] == 2
    assert {w["id"] for w in ds["worst"]["pages"]} == {CAFE, RIVER}
    for page in ds["pages"]:
        assert 0.0 <= page["f1"]["cleaner"] <= 1.0
    assert (tmp_path / "out" / "accuracy.md").read_text(encoding="utf-8").startswith("# Accuracy")
    dump = tmp_path / "dump" / "scrapinghub-scrapinghub"
    assert (dump / f"{CAFE}.ref.txt").read_text(encoding="utf-8") == (
        "A café au lait needs strong coffee and hot milk in equal parts.\n"
        "Warm the milk gently; do not let it boil.")
    assert (dump / f"{RIVER}.out.txt").exists()


def test_explain_worst_writes_the_report_of_the_worst_pages_against_their_truth(tmp_path):
    spec = f"scrapinghub:{FIXTURE}"
    result = accuracy.main(["--dataset", spec, "--extractors", "cleaner", "--out",
                            str(tmp_path / "out"), "--explain-worst", "1", str(tmp_path / "x")])
    pages = result["datasets"]["scrapinghub"]["pages"]
    worst = min(pages, key=lambda p: (p["f1"]["cleaner"], p["id"]))["id"]
    written = sorted((tmp_path / "x" / "scrapinghub").iterdir())
    assert [p.stem for p in written] == [worst]
    report = written[0].read_text(encoding="utf-8")
    assert "data-decision=" in report and "word F1" in report    # judged against the truth


def test_explain_worst_needs_a_number(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        accuracy.main(["--dataset", f"scrapinghub:{FIXTURE}", "--extractors", "cleaner",
                       "--out", str(tmp_path), "--explain-worst", "many", str(tmp_path)])
    assert exit_.value.code == 2 and "N must be a number" in capsys.readouterr().err


def _stub(calls: list):
    """An extractor returning the river page's reference and failing on the café page."""
    river = json.loads((FIXTURE / "ground-truth.json").read_text(encoding="utf-8"))[RIVER]

    def run(html: bytes, url: str | None) -> str:
        calls.append(url)
        if "cafe" in url:
            raise RuntimeError("boom")
        return river["articleBody"]
    return run


def test_accuracy_figures_and_errors(tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr(extractors, "load", lambda name, comments=False: _stub(calls))
    spec = f"scrapinghub:{FIXTURE}"
    result = accuracy.main(["--dataset", spec, "--extractors", "cleaner", "--out", str(tmp_path)])
    s = result["datasets"]["scrapinghub"]["extractors"]["cleaner"]
    # river: exact text, F1 1; café: exception -> empty output, F1 0, one error
    assert (s["f1"], s["precision"], s["recall"], s["errors"]) == (0.5, 0.5, 0.5, 1)
    assert s["error_examples"] == [{"id": CAFE, "error": "RuntimeError: boom"}]
    assert [(w["id"], w["f1"]) for w in result["datasets"]["scrapinghub"]["worst"]["pages"]] == [
        (CAFE, 0.0), (RIVER, 1.0)]


def test_peer_outputs_are_cached(tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr(extractors, "load", lambda name, comments=False: _stub(calls))
    monkeypatch.setattr(accuracy, "CACHE_DIR", tmp_path / "cache")
    argv = ["--dataset", f"scrapinghub:{FIXTURE}", "--extractors", "trafilatura",
            "--out", str(tmp_path / "out")]
    first = accuracy.main(argv)
    assert len(calls) == 2
    second = accuracy.main(argv)
    assert len(calls) == 2  # both pages (the failure too) came from the cache
    assert first["datasets"] == second["datasets"]
    accuracy.main(argv + ["--no-cache"])
    assert len(calls) == 4


# --- every set, peers, silent losses ------------------------------------------------------

def _wcxb_layout(root: Path, texts: dict[str, str]) -> Path:
    """A set in WCXB's layout as the shared sets have it: no page type, snippets or title."""
    (root / "html").mkdir(parents=True)
    (root / "ground-truth").mkdir()
    for page_id, text in texts.items():
        (root / "html" / f"{page_id}.html.gz").write_bytes(
            gzip.compress(f"<html><body><p>{text}</p></body></html>".encode()))
        (root / "ground-truth" / f"{page_id}.json").write_text(json.dumps(
            {"url": "", "file_id": page_id, "ground_truth": {
                "title": None, "main_content": text, "with": [], "without": []}}))
    return root


def test_discover_finds_every_set_macro_sets_first(tmp_path):
    shared = tmp_path / "shared"
    for name in ("zeta", "readability", "dragnet", "wcxb-dev"):
        _wcxb_layout(shared / name, {"1": "one"})
    (shared / "notes").mkdir()  # no layout we read: not a set
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    found = datasets.discover(shared, corpus)
    assert [ds.name for ds in found] == ["wcxb-dev", "dragnet", "readability", "zeta", "corpus"]
    assert [ds.comments for ds in found] == [False, True, False, False, False]
    assert found[0].spec == f"wcxb:{shared / 'wcxb-dev'}"
    assert found[-1].spec == f"corpus:{corpus}"
    assert [ds.name for ds in datasets.discover(tmp_path / "absent", corpus)] == ["corpus"]


def test_loader_takes_sets_without_page_types_or_snippets(tmp_path):
    _wcxb_layout(tmp_path, {"a": "Some text"})
    (page,) = datasets.load(f"wcxb:{tmp_path}")
    assert (page["page_type"], page["with"], page["without"], page["title"]) == (
        None, [], [], None)
    assert page["main_content"] == "Some text"


def _row(page_id: str, **f1: float) -> dict:
    return {"id": page_id, "results": {n: {"f1": v} for n, v in f1.items()}}


def test_silent_losses_compare_each_extractor_with_all_the_others():
    rows = [_row("lost", cleaner=0.2, trafilatura=0.9, resiliparse=0.85),
            _row("all-poor", cleaner=0.1, trafilatura=0.79, resiliparse=0.3),
            _row("edge", cleaner=0.5, trafilatura=1.0, resiliparse=1.0),   # 0.5 is not < 0.5
            _row("peer-lost", cleaner=0.8, trafilatura=0.49, resiliparse=0.9)]
    f1s = {r["id"]: {n: v["f1"] for n, v in r["results"].items()} for r in rows}
    assert accuracy.silent_losses(rows, "cleaner", f1s) == [
        {"id": "lost", "f1": 0.2, "best": "trafilatura", "best_f1": 0.9}]
    # trafilatura's 0.49 loses to resiliparse's 0.9 (cleaner's 0.8 would count too)
    assert accuracy.silent_losses(rows, "trafilatura", f1s) == [
        {"id": "peer-lost", "f1": 0.49, "best": "resiliparse", "best_f1": 0.9}]
    # resiliparse's 0.3 on all-poor: the best other is 0.79, below 0.8
    assert accuracy.silent_losses(rows, "resiliparse", f1s) == []
    # with no one to compare with there is no silent loss
    assert accuracy.silent_losses(rows, "cleaner", {}) == []


def test_macro_mean_covers_the_four_dev_sets_only():
    def ds(f1):
        return {"extractors": {"cleaner": {"f1": f1}}}
    sets = {"wcxb-dev": ds(0.8), "dragnet": ds(0.7), "cleaneval": ds(0.9), "readability": ds(1.0),
            "corpus": ds(0.0)}
    m = accuracy.macro(sets, ["cleaner"])
    assert m["complete"] and m["f1"]["cleaner"] == pytest.approx(0.85)
    del sets["dragnet"]
    m = accuracy.macro(sets, ["cleaner"])
    assert (m["complete"], m["sets"]) == (False, ["wcxb-dev", "cleaneval", "readability"])
    assert m["f1"]["cleaner"] == pytest.approx(0.9)


def _stubs(texts: dict[str, dict[str, str]]):
    """extractors.load stand-in: extractor name -> {marker in the page -> text returned}."""
    def load(name, comments=False):
        def run(html, url):
            page = html.decode() if isinstance(html, bytes) else html
            return next((t for key, t in texts[name].items() if key in page), "")
        return run
    return load


def test_all_sets_with_peers_end_to_end(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    _wcxb_layout(shared / "dragnet", {"1": "alpha beta gamma", "2": "delta epsilon"})
    _wcxb_layout(shared / "cleaneval", {"1": "zeta eta theta"})
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setattr(datasets, "discover", lambda: [
        datasets.dataset(f"wcxb:{shared / 'dragnet'}"),
        datasets.dataset(f"wcxb:{shared / 'cleaneval'}"),
        datasets.dataset(f"corpus:{corpus}", "corpus")])
    # cleaner misses dragnet page 2 entirely, which every peer gets; trafilatura misses
    # cleaneval's page, which cleaner gets.
    right = {"alpha": "alpha beta gamma", "delta": "delta epsilon", "zeta": "zeta eta theta"}
    monkeypatch.setattr(extractors, "load", _stubs({
        "cleaner": {"alpha": "alpha beta gamma", "zeta": "zeta eta theta"},
        "trafilatura": {"alpha": "alpha beta gamma", "delta": "delta epsilon"},
        "readability": right, "resiliparse": right}))
    monkeypatch.setattr(accuracy, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(accuracy, "PEERS_FILE", tmp_path / "peers.json")
    monkeypatch.setattr(extractors, "cleaner_has_comments", lambda: True)
    result = accuracy.main(["--out", str(tmp_path / "out")])
    assert list(result["datasets"]) == ["dragnet", "cleaneval", "corpus"]
    dragnet = result["datasets"]["dragnet"]
    assert dragnet["comments"] is True and dragnet["cleaner_comments"] is True
    assert result["datasets"]["cleaneval"]["cleaner_comments"] is False
    assert [(w["id"], w["f1"], w["best_f1"]) for w in dragnet["silent_losses"]["cleaner"]] == [
        ("2", 0.0, 1.0)]
    assert [w["id"] for w in result["datasets"]["cleaneval"]["silent_losses"]["trafilatura"]] == [
        "1"]
    assert result["macro"]["sets"] == ["dragnet", "cleaneval"]
    assert result["macro"]["f1"]["cleaner"] == pytest.approx((0.5 + 1.0) / 2)
    md = (tmp_path / "out" / "accuracy.md").read_text(encoding="utf-8")
    assert "**macro mean** (dragnet, cleaneval)" in md
    assert "1 silent losses of cleaner" in md and "cleaner scored on text + comments" in md
    # the gate's record of the peers: every page some peer gets, with the best peer
    wins = accuracy.read_peer_wins(tmp_path / "peers.json")
    assert wins == {"cleaneval": {"1": {"resiliparse": 1.0}},
                    "corpus": {},
                    "dragnet": {"1": {"trafilatura": 1.0}, "2": {"trafilatura": 1.0}}}
    # --sets picks by name; a partial run (--limit) leaves the record alone
    (tmp_path / "peers.json").unlink()
    result = accuracy.main(["--out", str(tmp_path / "out"), "--sets", "cleaneval", "--limit", "1"])
    assert list(result["datasets"]) == ["cleaneval"]
    assert not (tmp_path / "peers.json").exists()
    with pytest.raises(SystemExit):
        accuracy.main(["--out", str(tmp_path / "out"), "--sets", "nosuchset"])


def test_readability_html_becomes_text_with_block_breaks():
    html = ("<div><h2>Title</h2><p>One <b>bold</b> word.</p><p>Two<br>lines</p><!-- note -->"
            "<script>var x;</script><ul><li>a</li><li>b</li></ul>tail</div>")
    assert extractors.html_to_text("  ") == ""
    assert extractors.html_to_text(html) == "Title\nOne bold word.\nTwo\nlines\na\nb\ntail"


def test_cleaner_on_a_set_with_comments_returns_its_text_first():
    page = ("<html><body><article><h1>Headline</h1>" + "<p>" + "Body sentence here. " * 20
            + "</p></article></body></html>")
    plain = extractors.load("cleaner")(page, None)
    with_comments = extractors.load("cleaner", comments=True)(page, None)
    assert plain and with_comments.startswith(plain)
    assert metrics.word_scores(with_comments, plain).f1 == 1.0  # no comments on this page


# --- throughput helpers --------------------------------------------------------------------

def test_percentile_is_nearest_rank():
    values = [0.001, 0.002, 0.003, 0.004]
    assert throughput.percentile(values, 50) == 0.002   # rank ceil(0.5 * 4) = 2
    assert throughput.percentile(values, 95) == 0.004   # rank ceil(0.95 * 4) = 4
    s = throughput.stats(values, 10_000_000)             # 4 pages, 0.01 s, 10 MB
    assert s["pages_per_s"] == pytest.approx(400) and s["mb_per_s"] == pytest.approx(1000)


def test_throughput_takes_the_largest_pages_and_can_hand_extractors_str(tmp_path, monkeypatch):
    html = _write_wcxb(tmp_path)
    pages = throughput.load_pages([f"wcxb:{tmp_path}"], None, decoded=True, largest=1)
    biggest = max(html.values(), key=len)
    assert [p[0] for p in pages] == [biggest]
    assert pages[0][2] == "<html><body><p>Zwei Stra\u00dfen</p></body></html>"  # decoded
    seen = []
    monkeypatch.setattr(throughput.extractors, "load",
                        lambda name: lambda page, url: seen.append(page) or "")
    throughput.load_callable("cleaner", as_str=True)(*pages[0])
    throughput.load_callable("cleaner")(*pages[0])
    assert seen == [pages[0][2], biggest]



def test_throughput_extractors_take_turns_by_blocks_rotating_who_goes_first(monkeypatch):
    calls = []
    monkeypatch.setattr(throughput, "load_callable",
                        lambda name, as_str=False: lambda html, url, text: calls.append(
                            (name, html)))
    pages = [(f"p{i}", None, "") for i in range(5)]
    times, errors = throughput.time_pages(pages, ["a", "b"], repeat=1, block=2)
    warm_up, timed = calls[:2], calls[2:]
    assert sorted(warm_up) == [("a", "p0"), ("b", "p0")]
    # each extractor runs a whole block before the other; who starts rotates per block
    assert timed == [("a", "p0"), ("a", "p1"), ("b", "p0"), ("b", "p1"),
                     ("b", "p2"), ("b", "p3"), ("a", "p2"), ("a", "p3"),
                     ("a", "p4"), ("b", "p4")]
    assert {n: len(t) for n, t in times.items()} == {"a": 5, "b": 5}
    assert errors == {"a": 0, "b": 0}
    calls.clear()
    throughput.time_pages(pages[:2], ["a", "b"], repeat=1, block=1)  # the old way: per page
    assert calls[2:] == [("a", "p0"), ("b", "p0"), ("b", "p1"), ("a", "p1")]

# --- fit -----------------------------------------------------------------------------------

def test_fit_patches_constants_for_one_evaluation_and_restores_them(tmp_path, monkeypatch):
    from benchmarks import fit
    from cleaner import core
    from cleaner import lexicon as lx

    # The evaluator memoizes the metadata by patching core: undone after the test.
    monkeypatch.setattr(core, "extract_metadata", core.extract_metadata)
    monkeypatch.setattr(core, "LexborHTMLParser", core.LexborHTMLParser)
    root = _wcxb_layout(tmp_path / "tiny", {"1": "one two three four"})
    ev = fit.Evaluator([datasets.dataset(f"wcxb:{root}")], None, tmp_path / "log.jsonl")
    seen = []

    def stub(html, url):   # what a stage would read while the candidate is patched in
        seen.append((lx.PROSE_MIN_CHARS, lx.FAVOR["balanced"]))
        return "one two" if lx.PROSE_MIN_CHARS > 40 else "one two three four"

    ev.runners["tiny"] = stub
    hand = (lx.PROSE_MIN_CHARS, lx.FAVOR["balanced"])
    assert ev.evaluate({}) == {"tiny": [1.0, 0]}
    result = ev.evaluate({"PROSE_MIN_CHARS": 50.0, "FAVOR.boilerplate_weight": 0.9})
    assert result["tiny"][0] == pytest.approx(2 / 3)
    assert seen[1] == (50, (*hand[1][:2], 0.9)) and isinstance(seen[1][0], int)
    assert (lx.PROSE_MIN_CHARS, lx.FAVOR["balanced"]) == hand
    # A rerun reads the logged evaluations back instead of running cleaner again.
    again = fit.Evaluator([datasets.dataset(f"wcxb:{root}")], None, tmp_path / "log.jsonl")
    again.runners["tiny"] = None
    assert again.evaluate({"FAVOR.boilerplate_weight": 0.9, "PROSE_MIN_CHARS": 50}) == result


def test_fit_objective_penalises_added_losses_and_falls_past_the_tolerance():
    from benchmarks import fit

    base = {"a": [0.9, 2], "b": [0.8, 1], "corpus": [0.98, 0]}
    assert fit.objective(base, base, ("a", "b")) == pytest.approx(0.85)
    better = {"a": [0.92, 2], "b": [0.8, 1], "corpus": [0.98, 0]}
    assert fit.objective(better, base, ("a", "b")) == pytest.approx(0.86)
    # one more silent loss on a set, and the corpus (a guard, never in the mean) falling
    lossy = {"a": [0.92, 3], "b": [0.8, 1], "corpus": [0.97, 0]}
    assert fit.objective(lossy, base, ("a", "b")) == pytest.approx(
        0.86 - fit.LOSS_PENALTY - fit.FALL_PENALTY * 0.01 - fit.HARD_FALL_PENALTY * 0.007)
    # a held-out set is not scored at all
    assert fit.objective({**better, "b": [0.1, 9]}, base, ("a",)) == pytest.approx(0.92)
