"""End-to-end tests of what the command line promises a newcomer (issue 12, items 6-13): input
and flags never silently misread, the README and --help telling the truth, and what
trafilatura users expect (front matter, links without --url, readable file names).

The command runs as a subprocess, as users run it (helpers from test_cli)."""

from __future__ import annotations

import gzip
import json
import os
import pty
import subprocess
import sys

import zstandard
from test_cli import REPO, by_id, page, records, run

META_HEAD = ("<link rel='canonical' href='https://news.example.org/2024/05/council-{i}'>"
             "<meta name='author' content='Ann Lee'>"
             "<meta property='article:published_time' content='2024-05-01T09:00:00Z'>"
             "<meta property='og:site_name' content='Example News'>")


def meta_page(i: int, extra: str = "", head: str = META_HEAD) -> str:
    """page(i) in English, with a canonical URL, an author, a date and a site name; `extra`
    goes into the article (links, for instance)."""
    html = page(i, extra).replace("<html>", "<html lang='en'>")
    return html.replace("<head>", "<head>" + head.format(i=i))


def jsonl(n: int, **fields) -> bytes:
    return "".join(json.dumps({"id": f"r{i}", "url": f"https://x.org/{i}", "html": page(i),
                               **fields}) + "\n" for i in range(n)).encode()


# --- 6. JSON lines known by content -------------------------------------------------------------

def test_jsonl_on_stdin_or_in_a_json_file_is_read_as_records_not_as_a_page(tmp_path):
    res = run("-", "--workers", "1", stdin=jsonl(3))             # no --jsonl
    assert res.returncode == 0, res.stderr
    recs = by_id(records(res.stdout))
    assert sorted(recs) == ["r0", "r1", "r2"]
    assert recs["r1"]["title"] == "Headline 1" and recs["r1"]["url"] == "https://x.org/1"
    assert recs["r1"]["text"].startswith("Paragraph 0 of page 1:")
    assert recs["r1"]["source"] == {"file": "-", "line": 2}
    # No path at all (item 8) reads stdin the same way.
    assert sorted(by_id(records(run(stdin=jsonl(3)).stdout))) == ["r0", "r1", "r2"]
    export = tmp_path / "export.json"                               # not named *.jsonl
    export.write_bytes(jsonl(2))
    recs = by_id(records(run(export, "--workers", "0").stdout))
    assert sorted(recs) == ["r0", "r1"] and recs["r0"]["title"] == "Headline 0"
    # A first line longer than any read buffer is put back in front of the rest, intact.
    big = "".join(json.dumps({"id": f"b{i}", "html": page(i, "<p>word </p>" * 20000)}) + "\n"
                  for i in range(2)).encode()
    assert len(big) > 400_000
    recs = by_id(records(run("-", "--workers", "0", stdin=big).stdout))
    assert sorted(recs) == ["b0", "b1"] and recs["b1"]["title"] == "Headline 1"
    # --html-field names the field that makes a line a record.
    raw = jsonl(1).replace(b'"html"', b'"raw_html"')
    (rec,) = records(run("-", "--html-field", "raw_html", stdin=raw).stdout)
    assert rec["id"] == "r0" and rec["title"] == "Headline 0"


def test_json_without_the_html_field_is_refused_with_a_word_about_jsonl(tmp_path):
    raw = jsonl(2).replace(b'"html"', b'"raw_html"')
    for args, stdin, name in ((["-"], raw, "stdin"), ([tmp_path / "x.json"], None, "x.json")):
        (tmp_path / "x.json").write_bytes(raw)
        res = run(*args, stdin=stdin)
        assert res.returncode == 2 and res.stdout == b""
        err = res.stderr.decode()
        assert name in err and "--jsonl" in err and "--html-field" in err
        assert len(err.strip().splitlines()) == 1
    # A page that merely starts with "{" (not a JSON object) is still a page.
    res = run("-", stdin=b"{{ template }}\n" + page(1).encode())
    (rec,) = records(res.stdout)
    assert res.returncode == 0 and rec["id"] == "stdin" and rec["title"] == "Headline 1"


# --- 7. flags that cannot apply; output names -------------------------------------------------

def test_flags_that_cannot_apply_are_errors_or_warnings_never_silent(tmp_path):
    (tmp_path / "a.html").write_text(page(1))
    res = run("--format", "text", "-o", tmp_path / "t.jsonl", tmp_path / "a.html")
    assert res.returncode == 2 and "--format text" in res.stderr.decode()
    assert not (tmp_path / "t.jsonl").exists()
    res = run("--encoding", "nonsense", tmp_path / "a.html")
    assert res.returncode == 2 and "--encoding nonsense: unknown charset" in res.stderr.decode()
    res = run("-o", tmp_path / "out.json", tmp_path / "a.html")
    assert res.returncode == 2 and "-o takes a folder" in res.stderr.decode()
    assert not (tmp_path / "out.json").exists()
    res = run("-o", tmp_path / "p.jsonl.gz", "--resume", tmp_path / "a.html")
    assert res.returncode == 2 and "cannot be resumed" in res.stderr.decode()
    for flags, flag in ((["--links"], "--links"), (["--images"], "--images"),
                        (["--with-markdown"], "--with-markdown"),
                        (["--with-html"], "--with-html")):
        res = run("--format", "text", *flags, "-q", tmp_path / "a.html")
        assert res.returncode == 0
        assert res.stdout.decode().startswith("Paragraph 0 of page 1:")
        (warning,) = res.stderr.decode().splitlines()
        assert warning.startswith(f"cleaner: warning: {flag} does nothing with --format text")
    # Where they apply, no warning.
    res = run("--format", "markdown", "--links", "-q", tmp_path / "a.html")
    assert res.returncode == 0 and res.stderr == b""
    res = run("--with-markdown", "--links", "-q", tmp_path / "a.html")
    assert res.stderr == b"" and "markdown" in records(res.stdout)[0]


def test_output_names_jsonl_ndjson_compressed_and_dash(tmp_path):
    (tmp_path / "a.html").write_text(page(1))
    (tmp_path / "b.html").write_text(page(2))
    pages_ = [tmp_path / "a.html", tmp_path / "b.html"]

    def ids(data: bytes) -> list[str]:
        return sorted(r["id"] for r in records(data))

    res = run(*pages_, "-o", tmp_path / "x.ndjson")
    assert res.returncode == 0 and (tmp_path / "x.ndjson").is_file()
    assert ids((tmp_path / "x.ndjson").read_bytes()) == ["a.html", "b.html"]
    res = run(*pages_, "-o", tmp_path / "p.jsonl.gz")
    assert res.returncode == 0 and (tmp_path / "p.jsonl.gz").is_file()
    assert ids(gzip.decompress((tmp_path / "p.jsonl.gz").read_bytes())) == ["a.html", "b.html"]
    res = run(*pages_, "--output-jsonl", tmp_path / "p.ndjson.zst")
    assert res.returncode == 0
    with zstandard.ZstdDecompressor().stream_reader(open(tmp_path / "p.ndjson.zst", "rb")) as f:
        assert ids(f.read()) == ["a.html", "b.html"]
    res = run(*pages_, "-o", "-", cwd=tmp_path)
    assert res.returncode == 0 and ids(res.stdout) == ["a.html", "b.html"]
    assert not (tmp_path / "-").exists()


# --- 8. stdin without a path ---------------------------------------------------------------------

def test_stdin_is_read_when_no_path_is_given_and_it_is_not_a_terminal():
    res = run("--format", "text", stdin=page(3).encode())           # cleaner < page.html
    assert res.returncode == 0, res.stderr
    assert res.stdout.decode().startswith("Paragraph 0 of page 3:")
    (rec,) = records(run(stdin=page(3).encode()).stdout)
    assert rec["id"] == "stdin" and rec["title"] == "Headline 3"
    controller, terminal = pty.openpty()                            # a terminal: say what to do
    try:
        res = subprocess.run([sys.executable, "-m", "cleaner"], stdin=terminal,
                             capture_output=True, cwd=REPO, timeout=30, check=False)
    finally:
        os.close(terminal)
        os.close(controller)
    assert res.returncode == 2 and res.stdout == b""
    assert res.stderr.decode().startswith("cleaner: error: no input:")


# --- 10. -v names what it skips; folders' order as documented -----------------------------------

def test_verbose_names_skipped_files_and_walk_order_is_as_documented(tmp_path):
    root = tmp_path / "crawl"
    (root / "a").mkdir(parents=True)
    (root / "b.html").write_text(page(1))
    (root / "a" / "x.html").write_text(page(2))
    (root / "c.html").write_text(page(3))
    (root / "notes.txt").write_text("not a page")
    res = run(root, "-v", "--workers", "1")
    assert res.returncode == 0
    # README: "each folder's pages in name order, then its subfolders in name order"
    assert [r["id"] for r in records(res.stdout)] == ["b.html", "c.html", "a/x.html"]
    err = res.stderr.decode().splitlines()
    assert f"cleaner: {root / 'notes.txt'}: skipped: not a page, WARC or JSONL by its name" in err
    assert err[-1].startswith("cleaner: 3 pages: 3 ok, 0 empty, 0 errors in ")
    assert err[-1].endswith("; 1 file skipped")                    # item 13: "1 file"
    assert "notes.txt" not in run(root).stderr.decode()             # without -v: not named


# --- 11. --with-metadata -------------------------------------------------------------------------

def _front_matter(text: str) -> tuple[dict, str]:
    lines = text.split("\n")
    assert lines[0] == "---", text[:200]
    end = lines.index("---", 1)
    fields = {}
    for line in lines[1:end]:
        key, _, value = line.partition(": ")
        fields[key] = json.loads(value)
    return fields, "\n".join(lines[end + 1:])


def test_with_metadata_puts_front_matter_and_title_before_text_and_markdown(tmp_path):
    (tmp_path / "a.html").write_text(meta_page(1))
    for fmt in ("text", "markdown"):
        res = run("--format", fmt, "--with-metadata", "-q", tmp_path / "a.html")
        assert res.returncode == 0 and res.stderr == b""
        fields, rest = _front_matter(res.stdout.decode())
        assert fields == {"title": "Headline 1",
                          "url": "https://news.example.org/2024/05/council-1",
                          "date": "2024-05-01T09:00:00+00:00", "authors": ["Ann Lee"],
                          "language": "en", "site": "Example News"}
        assert rest.startswith("# Headline 1\n\nParagraph 0 of page 1:")
    # --url wins over the canonical URL; -o DIR files get the same body; a page without
    # author, date or site gets only what it has (the language is read from its text).
    (tmp_path / "b.html").write_text(page(2))
    res = run("--with-metadata", "--url", "https://given.example/x", "-o", tmp_path / "out",
              tmp_path / "a.html", tmp_path / "b.html")
    assert res.returncode == 0
    fields, rest = _front_matter((tmp_path / "out" / "a.txt").read_text())
    assert fields["url"] == "https://given.example/x" and rest.startswith("# Headline 1\n")
    fields, rest = _front_matter((tmp_path / "out" / "b.txt").read_text())
    assert fields == {"title": "Headline 2", "url": "https://given.example/x", "language": "en"}
    # Without the flag: the text alone.
    res = run("--format", "text", "-q", tmp_path / "a.html")
    assert res.stdout.decode().startswith("Paragraph 0 of page 1:")


# --- 12. links against the page's own URL --------------------------------------------------------

def test_links_resolve_against_base_or_canonical_url_when_no_url_is_given(tmp_path):
    link = ("<p>The council published the <a href='../report.pdf'>full report</a> on its site "
            "on Wednesday morning, and the editors explain <a href='/about'>who we are</a> and "
            "how this story was reported, with every document the reporters consulted.</p>")
    (tmp_path / "a.html").write_text(meta_page(1, link))
    res = run("--with-markdown", "--links", "--workers", "0", tmp_path / "a.html")
    (rec,) = records(res.stdout)
    assert rec["url"] is None                                      # as given: none
    assert rec["canonical_url"] == "https://news.example.org/2024/05/council-1"
    assert "[full report](https://news.example.org/2024/report.pdf)" in rec["markdown"]
    assert "[who we are](https://news.example.org/about)" in rec["markdown"]
    # An absolute <base href> wins over the canonical URL; --url over both.
    based = meta_page(1, link, META_HEAD + "<base href='https://cdn.example.net/a/b/'>")
    (tmp_path / "b.html").write_text(based)
    res = run("--format", "html", "--links", "-q", tmp_path / "b.html")
    assert 'href="https://cdn.example.net/a/report.pdf"' in res.stdout.decode()
    res = run("--format", "markdown", "--links", "--url", "https://mirror.example/x/y", "-q",
              tmp_path / "a.html")
    assert "[full report](https://mirror.example/report.pdf)" in res.stdout.decode()


# --- 13. headers, file names, ids, plurals, binary input -------------------------------------------

def test_text_headers_are_separated_by_a_blank_line(tmp_path):
    for i in (1, 2, 3):
        (tmp_path / f"p{i}.html").write_text(page(i))
    res = run("--format", "text", "--workers", "1", "-q", tmp_path)
    out = res.stdout.decode()
    assert out.startswith("==> p1.html <==\nParagraph 0 of page 1:")
    assert "at length.\n\n==> p2.html <==\nParagraph 0 of page 2:" in out
    assert "at length.\n\n==> p3.html <==\n" in out and out.count("==>") == 3


def test_output_file_names_have_one_suffix_and_keep_non_ascii_ids(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(page(1))
    (site / "ünï cödé.htm").write_text(page(2))
    (site / "export.jsonl").write_text(
        json.dumps({"id": "ünï cödé", "html": page(3)}) + "\n"
        + json.dumps({"id": "news/2024: 東京", "html": page(4)}) + "\n")
    res = run(site, "--format", "html", "-o", tmp_path / "out")
    assert res.returncode == 0, res.stderr
    files = sorted(p.relative_to(tmp_path / "out").as_posix()
                   for p in (tmp_path / "out").rglob("*") if p.is_file())
    hashed = [f for f in files if f.startswith("export.jsonl/news_2024_ 東京~")]
    assert len(hashed) == 1 and hashed[0].endswith(".html")        # "/" and ":" replaced
    assert files == sorted(["a.html", "ünï cödé.html", "export.jsonl/ünï cödé.html", *hashed])
    assert "Paragraph 0 of page 3:" in (tmp_path / "out/export.jsonl/ünï cödé.html").read_text()


def test_plurals_and_binary_input_has_no_encoding(tmp_path):
    (tmp_path / "bin.html").write_bytes(bytes(range(256)) * 40)
    res = run(tmp_path / "bin.html")
    (rec,) = records(res.stdout)
    assert rec["reason"] == "binary input, not html" and rec["encoding"] is None
    assert res.stderr.decode().startswith("cleaner: 1 page: 0 ok, 1 empty, 0 errors in ")
    (tmp_path / "bad.html.gz").write_bytes(gzip.compress(page(1).encode())[:50])
    res = run(tmp_path / "bad.html.gz")
    assert res.returncode == 1
    assert res.stderr.decode().startswith("cleaner: 1 page: 0 ok, 0 empty, 1 error in ")
