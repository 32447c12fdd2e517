"""End-to-end tests of the `cleaner` command: folders, compressed files, WARC, JSONL, stdin,
bad inputs, output folders, hung and crashing pages, and resuming after kill -9.

The command runs as a subprocess (`python -m cleaner`), as users run it. Pages are small and
generated here; the WARC is written here with FastWARC."""

from __future__ import annotations

import bz2
import fcntl
import gzip
import io
import json
import lzma
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
import uuid
from pathlib import Path

import pytest
import zstandard
from fastwarc.warc import WarcRecord, WarcRecordType

from cleaner.batch import cli, inputs, outputs
from cleaner.batch import records as page_records

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


# --- helpers -----------------------------------------------------------------------------------

def page(i: int, extra: str = "") -> str:
    paras = "".join(
        f"<p>Paragraph {k} of page {i}: the council met on Tuesday evening to discuss the new "
        f"budget for public libraries and parks, and residents spoke at length.</p>"
        for k in range(3))
    return (f"<!DOCTYPE html><html><head><title>Page {i}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/n'>News</a></nav><article>"
            f"<h1>Headline {i}</h1>{paras}{extra}</article><footer>Copyright</footer></body></html>")


def run(*args, stdin: bytes | None = None, env: dict | None = None, hooks: bool = False,
        cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("CLEANER_TEST_CLEAN", None)
    if hooks:
        full_env["CLEANER_TEST_CLEAN"] = "test_cli_hooks:clean"
        full_env["PYTHONPATH"] = os.pathsep.join([str(TESTS), str(REPO)])
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], input=stdin,
                          capture_output=True, env=full_env, cwd=cwd or REPO, timeout=timeout,
                          check=False)


def records(data: bytes | str | Path) -> list[dict]:
    if isinstance(data, Path):
        data = data.read_bytes()
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    return [json.loads(line) for line in data.splitlines()]


def by_id(recs: list[dict]) -> dict[str, dict]:
    found = {r["id"]: r for r in recs}
    assert len(found) == len(recs), "duplicate ids"
    return found


def warc_record(url: str, http_body: bytes, ctype: str = "text/html",
                rtype=WarcRecordType.response, extra_http: str = "") -> tuple[str, bytes]:
    rid = uuid.uuid4()
    rec = WarcRecord()
    rec.init_headers(rtype, f"uuid:{rid}".encode())
    rec.headers["WARC-Target-URI"] = url
    if rtype == WarcRecordType.resource:
        rec.headers["Content-Type"] = ctype
        rec.set_bytes_content(http_body)
    else:
        rec.headers["Content-Type"] = "application/http; msgtype=response"
        head = f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n{extra_http}\r\n".encode()
        rec.set_bytes_content(head + http_body)
    buf = io.BytesIO()
    rec.write(buf)
    return f"<urn:uuid:{rid}>", buf.getvalue()


RUSSIAN = "Городской совет обсудил новый бюджет библиотек и парков во вторник вечером."


def write_warc(path: Path, gz: bool = True) -> dict[str, str]:
    """A WARC with HTML responses (one whose charset only the HTTP header gets right), a
    gzip-encoded body, an HTML resource record, and records to skip. Returns {record id: url}."""
    # koi8-r bytes under a <meta> that says windows-1251: only the HTTP charset reads them right
    cyrillic = ("<html><head><meta charset='windows-1251'><title>Новости</title></head><body>"
                "<article>" + "".join(f"<p>{RUSSIAN} {k}</p>" for k in range(4))
                + "</article></body></html>").encode("koi8-r")
    parts = [
        warc_record("https://example.org/1", page(1).encode()),
        warc_record("https://example.org/ru", cyrillic, "text/html; charset=koi8-r"),
        warc_record("https://example.org/gz", gzip.compress(page(2).encode()),
                    extra_http="Content-Encoding: gzip\r\n"),
        warc_record("https://example.org/img.png", b"\x89PNG\r\n\x1a\n" + bytes(50), "image/png"),
        warc_record("https://example.org/res", page(3).encode(), "text/html",
                    WarcRecordType.resource),
        warc_record("https://example.org/req", b"GET / HTTP/1.1\r\n\r\n", "text/html",
                    WarcRecordType.request),
    ]
    with open(path, "wb") as f:
        f.writelines(gzip.compress(data) if gz else data for _rid, data in parts)
    urls = ["https://example.org/1", "https://example.org/ru", "https://example.org/gz", None,
            "https://example.org/res", None]
    return {rid: url for (rid, _), url in zip(parts, urls) if url}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of pages, plain and compressed, with bad files and non-pages mixed in."""
    root = tmp_path / "site"
    (root / "sub" / "deep").mkdir(parents=True)
    (root / "a.html").write_text(page(1))
    (root / "sub" / "b.htm").write_bytes(gzip.compress(page(2).encode()))   # gzip, no .gz
    (root / "sub" / "deep" / "c.xhtml.bz2").write_bytes(bz2.compress(page(3).encode()))
    (root / "d.html.xz").write_bytes(lzma.compress(page(4).encode()))
    (root / "e.html").write_bytes(zstandard.ZstdCompressor().compress(page(5).encode()))
    (root / "f.html.gz").write_text(page(6))                   # says gzip, is plain
    (root / "empty.html").write_bytes(b"")
    (root / "binary.html").write_bytes(bytes(range(256)) * 20)
    (root / "trunc.html.gz").write_bytes(gzip.compress(page(7).encode() * 20)[:300])
    (root / "trunc.html.zst").write_bytes(
        zstandard.ZstdCompressor().compress(page(8).encode() * 20)[:200])
    (root / "notes.txt").write_text("not a page")
    (root / ".hidden.html").write_text(page(9))
    (root / "dead.html").symlink_to(root / "nowhere.html")     # listed, cannot be read
    return root


TREE_OK = {"a.html": 1, "sub/b.htm": 2, "sub/deep/c.xhtml.bz2": 3, "d.html.xz": 4,
           "e.html": 5, "f.html.gz": 6}
TREE_EMPTY = {"empty.html": "empty input", "binary.html": "binary input, not html"}
TREE_ERRORS = {"trunc.html.gz": "truncated", "trunc.html.zst": "truncated",
               "dead.html": "no such file"}


# --- help, usage errors ------------------------------------------------------------------------

def test_help_shows_examples_and_python_m_works():
    res = run("--help")
    assert res.returncode == 0
    out = res.stdout.decode()
    assert "examples:" in out and "--resume" in out and "--workers" in out
    assert "cleaner crawl/ > pages.jsonl" in out
    assert run("--version").stdout.decode().startswith("cleaner ")


@pytest.mark.parametrize("args, message", [
    (["nowhere/"], "nowhere/: no such file or directory"),
    (["--format", "xml", "x.html"], "invalid choice: 'xml'"),
    (["--bogus", "x.html"], "unrecognized arguments: --bogus"),
    (["--workers", "-1", "README.md"], "--workers must be 0 or more"),
    (["--resume", "README.md"], "--resume needs an output"),
    (["-", "-"], "'-' (stdin) can be given only once"),
    (["-o", "README.md", "README.md"], "exists and is not a folder"),
])
def test_usage_errors_exit_2_with_one_line(args, message):
    res = run(*args)
    assert res.returncode == 2
    err = res.stderr.decode()
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert res.stdout == b""


def test_existing_jsonl_output_is_not_overwritten_without_resume(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "x"}\n')
    res = run(REPO / "README.md", "--output-jsonl", out)
    assert res.returncode == 2 and "add --resume" in res.stderr.decode()
    assert out.read_text() == '{"id": "x"}\n'


# --- folders and files ---------------------------------------------------------------------------

def test_folder_to_jsonl_one_record_per_page(tree):
    res = run(tree, "--workers", "2")
    assert res.returncode == 1                       # some pages failed: their records say why
    recs = by_id(records(res.stdout))
    assert set(recs) == set(TREE_OK) | set(TREE_EMPTY) | set(TREE_ERRORS)
    for rel, i in TREE_OK.items():
        r = recs[rel]
        assert r["title"] == f"Headline {i}"
        assert f"Paragraph 0 of page {i}:" in r["text"] and "Home" not in r["text"]
        assert r["source"] == {"file": str(tree / rel)} and "error" not in r
        assert list(r)[:5] == ["id", "url", "source", "title", "text"]
    for rel, reason in TREE_EMPTY.items():
        assert recs[rel]["text"] == "" and recs[rel]["reason"] == reason
        assert "error" not in recs[rel]
    for rel, what in TREE_ERRORS.items():
        assert what in recs[rel]["error"].lower() and recs[rel]["text"] == ""
    summary = res.stderr.decode().strip().splitlines()[-1]
    assert summary.startswith("cleaner: 11 pages: 6 ok, 2 empty, 3 errors in ")
    assert summary.endswith("pages/s)")


def test_output_dir_mirrors_the_tree_with_atomic_files(tree, tmp_path):
    out = tmp_path / "out"
    res = run(tree, "-o", out, "--workers", "2")
    assert res.returncode == 1
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    # Named after the page without its page and compression suffixes ("a.html" -> a.txt),
    # except where two pages of a folder would share a name: trunc.html.gz, trunc.html.zst.
    assert files == sorted(["a.txt", "sub/b.txt", "sub/deep/c.txt", "d.txt", "e.txt", "f.txt",
                            "empty.txt", "binary.txt", "trunc.html.gz.error.json",
                            "trunc.html.zst.error.json", "dead.error.json"])
    text = (out / "sub" / "deep" / "c.txt").read_text()
    assert text.startswith("Paragraph 0 of page 3:") and text.endswith("at length.\n")
    assert (out / "empty.txt").read_text() == ""
    err = json.loads((out / "trunc.html.gz.error.json").read_text())
    assert err["id"] == "trunc.html.gz" and "truncated" in err["error"]
    # --format json: one record per file
    res = run(tree / "a.html", tree / "sub", "-o", tmp_path / "js", "--format", "json")
    assert res.returncode == 0
    rec = json.loads((tmp_path / "js" / "sub" / "b.json").read_text())
    assert rec["id"] == "sub/b.htm" and rec["title"] == "Headline 2"
    assert (tmp_path / "js" / "a.json").exists()


def test_single_file_text_format_and_inline_workers(tree):
    res = run("--format", "text", tree / "a.html", "--workers", "0")
    assert res.returncode == 0
    assert res.stdout.decode().startswith("Paragraph 0 of page 1:")
    assert "==>" not in res.stdout.decode()
    res = run("--format", "text", tree / "a.html", tree / "d.html.xz", "-q")
    out = res.stdout.decode()
    assert "==> a.html <==\nParagraph 0 of page 1:" in out and "==> d.html.xz <==" in out
    assert res.stderr == b""                           # -q: no summary


def test_one_worker_keeps_input_order_and_workers_agree(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"p{i:03d}.html").write_text(page(i))
    one = run(folder, "--workers", "1", "--chunk-size", "4")
    two = run(folder, "--workers", "2", "--chunk-size", "4")
    assert one.returncode == two.returncode == 0
    ones, twos = records(one.stdout), records(two.stdout)
    assert [r["id"] for r in ones] == [f"p{i:03d}.html" for i in range(60)]
    assert sorted(twos, key=lambda r: r["id"]) == ones


# --- WARC ------------------------------------------------------------------------------------

@pytest.mark.parametrize("gz", [True, False])
def test_warc_response_records_with_http_charset(tmp_path, gz):
    warc = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    urls = write_warc(warc, gz)
    res = run(warc, "--workers", "2")
    assert res.returncode == 0, res.stderr
    recs = by_id(records(res.stdout))
    assert set(recs) == set(urls)                      # image and request records skipped
    for rid, url in urls.items():
        r = recs[rid]
        assert r["url"] == url and r["source"]["record"] == rid
        assert r["source"]["file"] == str(warc) and isinstance(r["source"]["offset"], int)
    ru = next(r for r in recs.values() if r["url"].endswith("/ru"))
    assert RUSSIAN in ru["text"] and ru["encoding"] in ("koi8-r", "koi8_r")
    gzr = next(r for r in recs.values() if r["url"].endswith("/gz"))
    assert "Paragraph 0 of page 2:" in gzr["text"]
    offsets = sorted(r["source"]["offset"] for r in recs.values())
    assert offsets[0] == 0 and len(set(offsets)) == len(offsets)


def test_warc_in_a_folder_to_output_dir_named_by_record_id(tmp_path):
    crawl = tmp_path / "crawl" / "2024"
    crawl.mkdir(parents=True)
    urls = write_warc(crawl / "part-0.warc.gz")
    # the same WARC, bz2-compressed: read through the stdlib, records ids repeat across files
    (tmp_path / "crawl" / "other.warc.bz2").write_bytes(
        bz2.compress(gzip.decompress((crawl / "part-0.warc.gz").read_bytes())))
    (tmp_path / "crawl" / "fake.warc.gz").write_bytes(gzip.compress(page(1).encode()))
    out = tmp_path / "out"
    res = run(tmp_path / "crawl", "-o", out)
    assert res.returncode == 1
    for rid in urls:
        name = rid.removeprefix("<urn:uuid:").removesuffix(">") + ".txt"
        assert (out / "2024" / "part-0.warc.gz" / name).read_text().strip()
        assert (out / "other.warc.bz2" / name).exists()
    err = json.loads((out / "fake.warc.gz.error.json").read_text())
    assert err["error"] == "not a WARC file"


def test_stdin_warc_and_a_corrupt_warc(tmp_path):
    warc = tmp_path / "a.warc.gz"
    urls = write_warc(warc)
    res = run("-", stdin=warc.read_bytes())
    assert res.returncode == 0
    recs = by_id(records(res.stdout))
    assert set(recs) == set(urls)
    assert all(r["source"]["file"] == "-" for r in recs.values())
    bad = tmp_path / "bad.warc"
    bad.write_bytes(b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: zz\r\n\r\n" + bytes(99))
    res = run(bad)
    assert res.returncode == 1
    (rec,) = records(res.stdout)
    assert rec["id"].startswith("bad.warc") and rec["error"].startswith("cannot read")


# --- JSONL and stdin ------------------------------------------------------------------------------

def test_jsonl_input_fields_ids_and_bad_lines(tmp_path):
    src = tmp_path / "export.jsonl.gz"
    lines = [json.dumps({"doc": "d1", "raw": page(1), "link": "https://e.org/1"}),
             json.dumps({"raw": page(2)}),
             "",
             "{not json",
             json.dumps({"doc": "d4", "raw": None}),
             json.dumps([1, 2]),
             json.dumps({"doc": 5, "raw": page(5)})]
    src.write_bytes(gzip.compress("\n".join(lines).encode() + b"\n"))
    res = run(src, "--html-field", "raw", "--url-field", "link", "--id-field", "doc")
    assert res.returncode == 1
    recs = by_id(records(res.stdout))
    assert list(recs) == ["d1", "export.jsonl.gz:2", "export.jsonl.gz:4", "d4",
                          "export.jsonl.gz:6", "5"]
    assert recs["d1"]["url"] == "https://e.org/1" and recs["d1"]["title"] == "Headline 1"
    assert recs["d1"]["source"] == {"file": str(src), "line": 1}
    assert "Paragraph 0 of page 2:" in recs["export.jsonl.gz:2"]["text"]
    assert recs["export.jsonl.gz:4"]["error"].startswith("bad JSON")
    assert "field 'raw' is missing" in recs["d4"]["error"]
    assert recs["export.jsonl.gz:6"]["error"] == "not a JSON object"
    assert recs["5"]["title"] == "Headline 5"


def test_stdin_page_gzip_and_stdin_jsonl():
    res = run("--format", "text", "--url", "https://e.org/x", "-",
              stdin=gzip.compress(page(4).encode()))
    assert res.returncode == 0 and res.stdout.decode().startswith("Paragraph 0 of page 4:")
    res = run("-", stdin=page(4).encode())
    (rec,) = records(res.stdout)
    assert rec["id"] == "stdin" and rec["source"] == {"file": "-"}
    data = "".join(json.dumps({"id": f"r{i}", "html": page(i)}) + "\n" for i in range(5))
    res = run("--jsonl", "-", "--workers", "2", stdin=data.encode())
    assert res.returncode == 0
    recs = by_id(records(res.stdout))
    assert sorted(recs) == [f"r{i}" for i in range(5)]
    assert recs["r3"]["source"] == {"file": "-", "line": 4}
    res = run("-", stdin=b"")
    assert res.returncode == 0 and records(res.stdout)[0]["reason"] == "empty input"


def test_a_pipe_argument_is_read_once_like_stdin(tmp_path):
    warc = tmp_path / "a.warc.gz"
    urls = write_warc(warc)
    (tmp_path / "p.html.gz").write_bytes(gzip.compress(page(7).encode()))
    script = (f"{sys.executable} -m cleaner <(cat {warc}) && "
              f"{sys.executable} -m cleaner --format text <(cat {tmp_path / 'p.html.gz'})")
    res = subprocess.run(["bash", "-c", script], capture_output=True, cwd=REPO, check=False,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert res.returncode == 0, res.stderr
    lines = res.stdout.decode().splitlines()
    assert {json.loads(line)["id"] for line in lines[:len(urls)]} == set(urls)
    assert lines[len(urls)].startswith("Paragraph 0 of page 7:")


def test_a_folder_that_cannot_be_listed_is_an_error_record(tmp_path, monkeypatch):
    (tmp_path / "a.html").write_text(page(1))
    real_walk = os.walk

    def walk(top, onerror=None):
        yield from real_walk(top)
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))

    monkeypatch.setattr(inputs.os, "walk", walk)
    settings = page_records.Settings()
    pages = list(inputs.pages(inputs.plan([str(tmp_path)], settings), settings))
    assert [(p.id, p.kind) for p in pages] == [("a.html", "path"), ("locked", "error")]
    assert pages[1].data == f"cannot read folder {tmp_path / 'locked'}: permission denied"


def test_pages_over_the_size_limit_become_error_records(tmp_path):
    big = tmp_path / "big.html"
    big.write_text(page(1, "<p>" + "x" * 300_000 + "</p>"))
    (tmp_path / "small.html").write_text(page(2))
    res = run(tmp_path, "--max-page-mb", "0.1")
    recs = by_id(records(res.stdout))
    assert res.returncode == 1
    assert "larger than" in recs["big.html"]["error"] and "error" not in recs["small.html"]


# --- hung, crashing and raising pages ---------------------------------------------------------

def test_hung_crashing_and_raising_pages_become_error_records(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    for i in range(12):
        (folder / f"p{i:02d}.html").write_text(page(i))
    (folder / "p03.html").write_text(page(3, "<p>HANG-HERE</p>"))
    (folder / "p05.html").write_text(page(5, "<p>CRASH-HERE</p>"))
    (folder / "p08.html").write_text(page(8, "<p>RAISE-HERE</p>"))
    start = time.monotonic()
    res = run(folder, "--workers", "2", "--timeout", "1", "--chunk-size", "3", "-v", hooks=True)
    assert time.monotonic() - start < 20
    assert res.returncode == 1
    recs = by_id(records(res.stdout))
    assert sorted(recs) == [f"p{i:02d}.html" for i in range(12)]
    assert recs["p03.html"]["error"] == "timed out after 1 s"
    assert recs["p05.html"]["error"] == "worker crashed (SIGSEGV)"
    assert recs["p08.html"]["error"] == "RuntimeError: boom on purpose"
    for i in (0, 1, 2, 4, 6, 7, 9, 10, 11):
        assert recs[f"p{i:02d}.html"]["title"] == f"Headline {i}"
    err = res.stderr.decode()
    assert "p03.html: timed out after 1 s" in err and "2 workers replaced" in err


# --- resume ------------------------------------------------------------------------------------

def _slow_folder(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "slow"
    folder.mkdir()
    for i in range(n):
        (folder / f"p{i:03d}.html").write_text(page(i))
    return folder


def _kill_midway(args, out: Path, env: dict, min_bytes: int) -> None:
    full_env = {**os.environ, **env, "CLEANER_TEST_CLEAN": "test_cli_hooks:clean",
                "PYTHONPATH": os.pathsep.join([str(TESTS), str(REPO)])}
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *map(str, args)], env=full_env,
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while _size(out) < min_bytes and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(workers) == 2
    deadline = time.monotonic() + 5     # workers die with the parent (PR_SET_PDEATHSIG)
    while any(Path(f"/proc/{w}").exists() and _state(w) != "Z" for w in workers):
        assert time.monotonic() < deadline, "orphaned workers"
        time.sleep(0.02)


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(1 for p in path.rglob("*.txt"))
    return path.stat().st_size if path.exists() else 0


def _children(pid: int) -> list[int]:
    kids = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids += [int(k) for k in (task / "children").read_text().split()]
    return kids


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def killed_midway_jsonl(args, out: Path, n: int) -> int:
    """Run the command (pages slowed down), kill -9 it midway through its JSONL output;
    the number of whole records it wrote."""
    _kill_midway(args, out, {"CLEANER_TEST_DELAY": "0.03"}, min_bytes=20_000)
    first = out.read_bytes()
    done = len(records(first[: first.rfind(b"\n") + 1]))
    assert 0 < done < n, "the kill did not land midway"
    return done


def test_kill_9_then_resume_jsonl_equals_an_uninterrupted_run(tmp_path):
    n = 120
    folder = _slow_folder(tmp_path, n)
    (folder / "p110.html").write_text(page(110, "<p>RAISE-HERE</p>"))  # an error record too
    out = tmp_path / "out.jsonl"
    args = [folder, "--workers", "2", "--chunk-size", "2", "--output-jsonl", out]
    done = killed_midway_jsonl(args, out, n)
    with open(out, "ab") as f:                          # and a record torn by the kill
        f.write(b'{"id": "p119.html", "url": null, "sou')
    res = run(*args, "--resume", hooks=True)
    assert res.returncode == 1                          # p110 failed, in this part
    assert f"; {done} done before, skipped" in res.stderr.decode()
    resumed = records(out)
    full = run(folder, "--workers", "2", "--output-jsonl", tmp_path / "full.jsonl", hooks=True)
    assert full.returncode == 1
    expected = by_id(records(tmp_path / "full.jsonl"))
    assert len(resumed) == n
    assert by_id(resumed) == expected                   # record for record, none twice
    assert "RuntimeError" in expected["p110.html"]["error"]


def test_kill_9_then_resume_output_dir_equals_an_uninterrupted_run(tmp_path):
    n = 80
    folder = _slow_folder(tmp_path, n)
    out = tmp_path / "out"
    args = [folder, "--workers", "2", "--chunk-size", "2", "-o", out]
    _kill_midway(args, out, {"CLEANER_TEST_DELAY": "0.03"}, min_bytes=15)
    done = _size(out)
    assert 0 < done < n
    res = run(*args, "--resume", hooks=True)
    assert res.returncode == 0
    assert f"cleaner: {n - done} page" in res.stderr.decode()
    full = tmp_path / "full"
    assert run(folder, "-o", full).returncode == 0
    got = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    want = {p.relative_to(full).as_posix(): p.read_bytes() for p in full.rglob("*")
            if p.is_file()}
    assert got == want and len(got) == n               # no temporary files left either


def test_ctrl_c_writes_whole_records_and_says_how_to_resume(tmp_path):
    folder = _slow_folder(tmp_path, 60)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "CLEANER_TEST_DELAY": "0.05", "CLEANER_TEST_CLEAN":
           "test_cli_hooks:clean", "PYTHONPATH": os.pathsep.join([str(TESTS), str(REPO)])}
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", folder, "--workers", "2",
                             "--output-jsonl", out], env=env, cwd=REPO,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.6)                                   # ~20 of the 60 pages done
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "run the same command with --resume to finish" in err.decode()
    recs = records(out)                               # every line whole
    assert 0 < len(recs) < 60
    res = run(folder, "--workers", "2", "--output-jsonl", out, "--resume")
    assert res.returncode == 0
    assert sorted(r["id"] for r in records(out)) == [f"p{i:03d}.html" for i in range(60)]


def test_output_inside_the_input_folder_is_not_read_back(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.html").write_text(page(i))
    out = folder / "pages.jsonl"
    assert run(folder, "-o", out).returncode == 0
    (folder / "p3.html").write_text(page(3))
    res = run(folder, "-o", out, "--resume")
    assert res.returncode == 0 and "cleaner: 1 page:" in res.stderr.decode()
    assert sorted(r["id"] for r in records(out)) == ["p0.html", "p1.html", "p2.html", "p3.html"]


def test_resume_jsonl_truncates_a_torn_last_line(tmp_path):
    out = tmp_path / "o.jsonl"
    out.write_bytes(b'{"id": "a"}\n{"id": "b"}\n{"id": "c", "te')
    assert outputs.resume_jsonl(str(out)) == {"a", "b"}
    assert out.read_bytes() == b'{"id": "a"}\n{"id": "b"}\n'


# --- progress and the pieces ---------------------------------------------------------------------

def test_progress_bar_on_a_terminal_only(tree):
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", tree / "sub", "--workers", "1"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    proc.communicate(timeout=30)
    chunks = []
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(controller)
    err = b"".join(chunks).decode()
    assert "2/2" in err and "page/s" in err           # tqdm: count of a known total, rate
    assert "cleaner: 2 pages: 2 ok" in err
    res = run(tree / "sub")                           # not a terminal: summary only
    assert res.stderr.decode().count("\n") == 1


def test_safe_names_and_sniffing():
    assert page_records.safe_name("<urn:uuid:ABCDEF01-2345-6789-abcd-ef0123456789>") == \
        "abcdef01-2345-6789-abcd-ef0123456789"
    assert page_records.safe_name("plain-id_1.x") == "plain-id_1.x"
    a, b = page_records.safe_name("a/b"), page_records.safe_name("a_b")
    assert a != b and a.startswith("a_b~") and "/" not in a
    assert page_records.safe_name("..") != "" and "/" not in page_records.safe_name("../../etc/passwd")
    assert page_records.compression(gzip.compress(b"x")) == "gzip"
    assert page_records.compression(b"<html>") is None
    assert inputs.kind_by_name("x.HTML.GZ") == "page"
    assert inputs.kind_by_name("CC-MAIN-1.warc.gz") == "warc"
    assert inputs.kind_by_name("x.ndjson.zst") == "jsonl" and inputs.kind_by_name("x.txt") is None


def test_main_in_process_returns_exit_codes(tmp_path, capsys):
    (tmp_path / "a.html").write_text(page(1))
    assert cli.main([str(tmp_path), "--workers", "0", "-q"]) == 0
    assert records(capsys.readouterr().out)[0]["title"] == "Headline 1"
    assert cli.main([str(tmp_path / "missing.html")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


# --- records lost or overwritten (issue 12, items 1-5) ------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_write_to_a_slow_reader_loses_no_record(tmp_path, sig):
    """`cleaner crawl/ | (sleep 3; cat)` and a signal meanwhile: the write that the signal
    interrupts (the pipe full, its reader asleep) goes on to its last byte, and the summary
    counts what reached stdout."""
    folder = _slow_folder(tmp_path, 300)
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", folder, "--workers", "1"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while _pipe_bytes(proc.stdout) < 65536:        # the pipe is full: cleaner blocks in write
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.3)
    proc.send_signal(sig)
    time.sleep(0.5)                                 # the reader still asleep
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    recs = records(out)                             # every line a whole record
    assert len(recs) * 2000 > 65536                 # more than the pipe held when it came
    summary = err.decode().strip().splitlines()[-2]
    assert summary.startswith(f"cleaner: {len(recs)} pages: {len(recs)} ok,"), summary
    assert [r["id"] for r in recs] == [f"p{i:03d}.html" for i in range(len(recs))]


def _pipe_bytes(pipe) -> int:
    buf = fcntl.ioctl(pipe.fileno(), termios.FIONREAD, b"\0\0\0\0")
    return struct.unpack("i", buf)[0]


def _bash(script: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", script], capture_output=True, cwd=REPO, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=60)


def test_an_uncompressed_warc_on_a_pipe_is_read(tmp_path):
    """`zcat x.warc.gz | cleaner -` and `cleaner <(zcat x.warc.gz)`: FastWARC panicked
    ("Illegal seek") through `except Exception`; every record now comes out."""
    warc = tmp_path / "a.warc.gz"
    urls = write_warc(warc)
    for script in (f"zcat {warc} | {sys.executable} -m cleaner -",
                   f"{sys.executable} -m cleaner <(zcat {warc})",
                   f"zcat {warc} | {sys.executable} -m cleaner - --workers 0"):
        res = _bash(script)
        assert res.returncode == 0, (script, res.stderr)
        assert "Traceback" not in res.stderr.decode()
        recs = by_id(records(res.stdout))
        assert {rid: r["url"] for rid, r in recs.items()} == urls, script
        ru = next(r for r in recs.values() if r["url"].endswith("/ru"))
        assert RUSSIAN in ru["text"]


def test_a_reader_panic_is_an_error_record_not_a_traceback():
    """A stream FastWARC cannot tell() on makes it panic (pyo3's PanicException, a
    BaseException): the reader turns that into an error record."""
    _rid, data = warc_record("https://e.org/1", page(1).encode())
    untellable = io.BufferedReader(_NoTell(data))
    pages = list(inputs._warc(untellable, "-", "stdin", page_records.Settings(), {}))
    assert [p.kind for p in pages] == ["error"]
    assert pages[0].data.startswith("cannot read - after offset 0:")


class _NoTell(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        return self.data.readinto(buf)

    def tell(self) -> int:
        raise OSError(29, "Illegal seek")


def _warc_parts(n: int) -> list[tuple[str, bytes]]:
    return [warc_record(f"https://e.org/{i}", page(i).encode()) for i in range(n)]


def test_a_warc_gz_cut_short_on_stdin_keeps_the_records_before_the_cut(tmp_path):
    """`head -c N x.warc.gz | cleaner -`: the whole records before the cut come out, then one
    error record (it was one error record for the whole stream)."""
    parts = _warc_parts(8)
    members = [gzip.compress(data) for _rid, data in parts]
    warc = tmp_path / "a.warc.gz"
    warc.write_bytes(b"".join(members))
    before = sum(len(m) for m in members[:5])
    for cut, whole_records in ((before + len(members[5]) // 2, 5),   # inside record 6's body
                               (before + 6, 5)):                     # in its gzip header
        res = _bash(f"head -c {cut} {warc} | {sys.executable} -m cleaner - --workers 2")
        assert res.returncode == 1, res.stderr
        recs = records(res.stdout)
        assert [r["id"] for r in recs[:-1]] == [rid for rid, _ in parts[:whole_records]]
        assert all(r["title"] == f"Headline {i}" for i, r in enumerate(recs[:-1]))
        assert "truncated" in recs[-1]["error"] and recs[-1]["source"]["file"] == "-"
        assert "1 error" in res.stderr.decode()


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("span_mb", ["1", "0"])
def test_a_warc_file_cut_inside_a_record_header_is_an_error_record(tmp_path, gz, span_mb):
    """A file cut inside the headers of its last record (gzip: in the member's first bytes):
    that record was dropped with exit 0; now it is an error record, after the others."""
    parts = _warc_parts(5)
    blobs = [gzip.compress(data) if gz else data for _rid, data in parts]
    warc = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    warc.write_bytes(b"".join(blobs[:4]) + blobs[4][:(6 if gz else 60)])
    res = run(warc, "--span-mb", span_mb)
    assert res.returncode == 1, res.stderr
    recs = records(res.stdout)
    assert [r["id"] for r in recs[:-1]] == [rid for rid, _ in parts[:4]]
    assert "error" not in recs[0] and "truncated" in recs[-1]["error"]


def test_pages_sharing_an_output_file_are_never_overwritten(tmp_path):
    """-o DIR: an id that repeats in a JSONL export, or a folder named twice, gave one file for
    two pages, the first overwritten without a word. The later page is now written under a
    new name (~2, ~3, ...), said in the summary and, with -v, named."""
    src = tmp_path / "export.jsonl"
    ids = ["a", "b", "dup", "c", "dup", "d", "e", "dup", "f", "g"]
    src.write_text("".join(json.dumps({"id": pid, "html": page(i)}) + "\n"
                           for i, pid in enumerate(ids)))
    out = tmp_path / "out"
    res = run(src, "-o", out, "--format", "json", "-v", "--workers", "1")
    assert res.returncode == 0, res.stderr
    files = sorted(p.name for p in (out / "export.jsonl").iterdir())
    assert files == sorted([f"{pid}.json" for pid in "abcdefg"]
                           + ["dup.json", "dup~2.json", "dup~3.json"])
    titles = {name: json.loads((out / "export.jsonl" / name).read_text())["title"]
              for name in ("dup.json", "dup~2.json", "dup~3.json")}
    assert titles == {"dup.json": "Headline 2", "dup~2.json": "Headline 4",
                      "dup~3.json": "Headline 7"}
    err = res.stderr.decode()
    assert "cleaner: 10 pages: 10 ok" in err
    assert "2 pages written under a new name" in err
    assert f"written as {out / 'export.jsonl' / 'dup~2.json'}" in err
    # the same run again into the same folder: the files of the earlier run are replaced,
    # not taken for this run's own
    res = run(src, "-o", out, "--format", "json", "--workers", "2")
    assert res.returncode == 0 and "2 pages written under a new name" in res.stderr.decode()
    assert sorted(p.name for p in (out / "export.jsonl").iterdir()) == files
    # a folder named twice: every page twice, none lost
    site = _slow_folder(tmp_path, 5)
    res = run(site, site, "-o", tmp_path / "twice", "--workers", "2")
    assert res.returncode == 0
    names = sorted(p.name for p in (tmp_path / "twice").iterdir())
    assert names == sorted([f"p{i:03d}.txt" for i in range(5)]
                           + [f"p{i:03d}~2.txt" for i in range(5)])


def test_the_runs_own_output_and_earlier_outputs_are_not_read_as_exports(tmp_path):
    """`cleaner site/ > site/pages.jsonl`: the run's own stdout, in the folder it walks, is
    never read; an earlier run's output there (JSONL whose records have no html field) is
    skipped, counted and, with -v, named; a real export in the folder is still read."""
    site = _slow_folder(tmp_path, 4)
    (site / "export.jsonl").write_text(
        "".join(json.dumps({"id": f"x{i}", "html": page(10 + i)}) + "\n" for i in range(2)))
    want = {f"p{i:03d}.html" for i in range(4)} | {"x0", "x1"}
    res = _bash(f"cd {tmp_path} && {sys.executable} -m cleaner slow --workers 2 "
                f"> slow/pages.jsonl")
    assert res.returncode == 0, res.stderr
    assert {r["id"] for r in records(site / "pages.jsonl")} == want
    # again, to a second file beside the first: the first is an earlier run's output
    res = _bash(f"cd {tmp_path} && {sys.executable} -m cleaner slow -v > slow/again.jsonl")
    assert res.returncode == 0, res.stderr
    assert {r["id"] for r in records(site / "again.jsonl")} == want
    err = res.stderr.decode()
    assert "slow/pages.jsonl: skipped: its first records have no 'html' field" in err
    assert "; 1 file" in err                     # counted among the files left out
    # -o DIR inside the folder, through another path to it (a symlink): not read either
    (tmp_path / "link").symlink_to(site)
    res = run(site, "-o", tmp_path / "link" / "out", "--format", "json")
    assert res.returncode == 0, res.stderr
    assert "cleaner: 6 pages: 6 ok" in res.stderr.decode()
    res = run(site, "-o", tmp_path / "link" / "out", "--format", "json", "--resume")
    assert res.returncode == 0 and "cleaner: 0 pages" in res.stderr.decode()


def test_kill_9_then_resume_keeps_every_page_of_a_repeated_id(tmp_path):
    """-o DIR --resume with ids that repeat: the files of the earlier run are matched to the
    pages in turn (dup, dup~2, ...), so the pages not yet written are written, none lost."""
    n = 60
    dups = (5, 25, 45)
    src = tmp_path / "export.jsonl"
    src.write_text("".join(json.dumps({"id": "dup" if i in dups else f"r{i:02d}",
                                       "html": page(i)}) + "\n" for i in range(n)))
    out = tmp_path / "out"
    args = [src, "--workers", "2", "--chunk-size", "2", "--span-mb", "0", "-o", out]
    _kill_midway(args, out, {"CLEANER_TEST_DELAY": "0.03"}, min_bytes=30)
    done = _size(out)
    assert 0 < done < n
    res = run(*args, "--resume", hooks=True)
    assert res.returncode == 0, res.stderr
    assert f"cleaner: {n - done} page" in res.stderr.decode()
    folder = out / "export.jsonl"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"r{i:02d}.txt" for i in range(n) if i not in dups]
                           + ["dup.txt", "dup~2.txt", "dup~3.txt"])
    texts = {(folder / f"{name}.txt").read_text().split(":")[0] for name in
             ("dup", "dup~2", "dup~3")}
    assert texts == {f"Paragraph 0 of page {i}" for i in dups}
