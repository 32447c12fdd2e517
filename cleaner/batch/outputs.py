"""Writing results for the command line: records, formats and the three places they go.

A record is one input page's result: {id, url, source, title, text, encoding, reason} plus
`error` when the page failed. Workers build and serialise records (`render`), the parent only
writes bytes (`StreamSink`, `DirSink`), so writing stays cheap however many workers
run.

A format is one small function from a record to the text written for it; add one to FORMATS
with its file suffix.
"""

from __future__ import annotations

import json
import os
import select
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import BinaryIO

import orjson

from ..article import Article
from .records import Page


def as_text(record: dict) -> str:
    return record["text"] + "\n" if record["text"] else ""


def as_json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"   # as orjson


def as_markdown(record: dict) -> str:
    return (record.get("markdown") or "") + "\n" if record.get("markdown") else ""


def as_html(record: dict) -> str:
    return (record.get("html") or "") + "\n" if record.get("html") else ""


FORMATS: dict[str, tuple[str, Callable[[dict], str]]] = {
    "text": (".txt", as_text),
    "json": (".json", as_json),
    "markdown": (".md", as_markdown),
    "html": (".html", as_html),
}
ERROR_SUFFIX = ".error.json"   # -o DIR: a failed page's record, beside where its file would be


def record(page: Page, article: Article, comments: bool = False) -> dict:
    """`comments`: add the "comments" field (None when the page has no thread)."""
    out = {"id": page.id, "url": article.url or page.url, "source": page.source,
           "title": article.title, "text": article.text, "encoding": article.encoding,
           "reason": article.reason}
    out.update({k: v for k, v in article.metadata.to_dict().items() if k != "title"})
    if comments:
        out["comments"] = article.comments
    if article.markdown is not None:
        out["markdown"] = article.markdown
    if article.html is not None:
        out["html"] = article.html
    return out


def error_record(page: Page, message: str) -> dict:
    return {"id": page.id, "url": page.url, "source": page.source, "title": None, "text": "",
            "encoding": None, "reason": None, "error": message}


def json_line(rec: dict) -> bytes:
    """as_json(rec), UTF-8 encoded. orjson writes it in a fifth of json's time (a twentieth
    of a millisecond a page); what it refuses (lone surrogates from broken pages) goes
    through json, with such characters written as '?'."""
    try:
        return orjson.dumps(rec, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return as_json(rec).encode("utf-8", "replace")


# --with-metadata: what the front matter holds, as (key, record field); the first field
# present wins.
FRONT_MATTER = (("title", ("title",)), ("url", ("url", "canonical_url")),
                ("date", ("published", "modified")), ("authors", ("authors",)),
                ("language", ("language",)), ("site", ("site_name",)))


def front_matter(rec: dict) -> str:
    """--with-metadata for text and markdown: a YAML front matter block (values written as
    JSON, which YAML reads as they are), then the title as a "# " heading and a blank line,
    as trafilatura's --with-metadata does. Fields the page lacks are left out."""
    lines = ["---"]
    for key, fields in FRONT_MATTER:
        value = next((rec[f] for f in fields if rec.get(f)), None)
        if value:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    if rec.get("title"):
        lines += [f"# {rec['title']}", ""]
    return "\n".join(lines) + "\n"


def render(rec: dict, target: str, fmt: str, headers: bool, metadata: bool = False) -> bytes:
    """What a sink writes for one record. target: "jsonl" (a JSON line, whatever the format),
    "dir" (the format's file body; a JSON line for a failed page) or "text" (stdout: the text,
    markdown or html body, after a blank line and an "==> id <==" line when `headers` (the
    command drops the first blank line); nothing for a failed page: it goes to stderr).
    `metadata`: text and markdown bodies start with the front matter (--with-metadata)."""
    if target == "jsonl" or (target == "dir" and ("error" in rec or fmt == "json")):
        return json_line(rec)
    if "error" in rec:
        return b""
    body = FORMATS[fmt][1](rec)
    if metadata and fmt in ("text", "markdown"):
        body = front_matter(rec) + body
    if target == "text" and headers:
        body = f"\n==> {rec['id']} <==\n" + body
    return body.encode("utf-8", "replace")   # lone surrogates from broken pages become '?'


# --- sinks -----------------------------------------------------------------------------------

JSONL_NAMES = (".jsonl", ".ndjson")
COMPRESSED_OUTPUT = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd", ".zstd": "zstd"}


def jsonl_output(name: str) -> tuple[bool, str | None]:
    """Whether a -o name is a JSONL file (x.jsonl, x.ndjson, optionally compressed), and the
    compression its name asks for."""
    lower = name.lower()
    for suffix, kind in COMPRESSED_OUTPUT.items():
        if lower.endswith(suffix):
            return lower[: -len(suffix)].endswith(JSONL_NAMES), kind
    return lower.endswith(JSONL_NAMES), None


def open_jsonl(path: str) -> BinaryIO:
    """The file a JSONL output goes to, appending, compressed when its name says so (a new
    file then: a compressed output cannot be resumed)."""
    kind = jsonl_output(path)[1]
    if kind is None:
        return open(path, "ab")     # the sink closes it
    if kind == "gzip":
        import gzip

        return gzip.open(path, "wb", compresslevel=6)   # 9 costs twice the time for ~2%
    if kind == "bz2":
        import bz2

        return bz2.open(path, "wb")
    if kind == "xz":
        import lzma

        return lzma.open(path, "wb")
    import zstandard

    return zstandard.ZstdCompressor(level=3).stream_writer(
        open(path, "wb"), write_return_read=True)


class StreamSink:
    """JSON lines (or, on stdout with --format text, texts) appended to stdout or a file in
    whole records, flushed in batches (every `batch` bytes or `interval` seconds): a kill loses
    at most the last batch, never half a record that a resume would then trust (a torn last
    line is cut off by `resume_jsonl`). `written` counts, by status, the records that reached
    the output (a batch counts once its last byte is written)."""

    def __init__(self, stream: BinaryIO, batch: int = 1 << 20, interval: float = 1.0) -> None:
        self.stream = stream
        self.batch = batch
        self.interval = interval
        self.buf: list[bytes] = []
        self.statuses: list[str] = []
        self.size = 0
        self.last = time.monotonic()
        self.written: Counter = Counter()

    def write(self, page: Page, status: str, body: bytes) -> None:
        self.buf.append(body)
        self.statuses.append(status)
        self.size += len(body)
        if self.size >= self.batch or time.monotonic() - self.last >= self.interval:
            self.flush()

    def flush(self) -> None:
        data = b"".join(self.buf)
        self.buf.clear()
        self.size = 0
        if data:
            write_all(self.stream, data)
        self.stream.flush()
        self.written.update(self.statuses)
        self.statuses.clear()
        self.last = time.monotonic()

    def close(self) -> None:
        self.flush()
        if self.stream is not _stdout():
            self.stream.close()


def write_all(stream: BinaryIO, data: bytes) -> None:
    """stream.write(data) to its last byte. A signal that interrupts a write to a pipe whose
    reader is slow makes BufferedWriter.write return a short count (what the pipe took, 64
    KiB), and a non-blocking stdout raises BlockingIOError midway: both go on from where
    they stopped, so that a record is never cut (a broken pipe or a full disk still raises)."""
    view = memoryview(data)
    while view:
        try:
            n = stream.write(view)
        except BlockingIOError as exc:
            n = exc.characters_written
            _wait_writable(stream)
        if n is None:                  # a raw non-blocking stream that took nothing
            n = 0
            _wait_writable(stream)
        view = view[n:]


def _wait_writable(stream: BinaryIO) -> None:
    try:
        select.select([], [stream.fileno()], [], 1.0)
    except (OSError, ValueError, AttributeError):   # no descriptor to wait on
        time.sleep(0.01)


class DirSink:
    """One file per page under `root`, at the page's `out` path plus the format's suffix (a
    failed page: plus ".error.json"); each written to a temporary name, then renamed, so a file
    that exists is complete.

    Two pages of one run never share a file: a page whose `out` an earlier page of the run
    already took (an id that repeats in a JSONL export or a WARC, a folder named twice) is
    written as `out~2` (then `~3`, ...), counted in `renamed` and told to `note`. A file is
    the run's own when it is newer than the run's start, read from the file system's own clock
    (a probe file), so no list of every name written is kept: memory stays flat."""

    def __init__(self, root: str, fmt: str, note: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.suffix = FORMATS[fmt][0]
        self.dirs: set[str] = set()
        self.written: Counter = Counter()
        self.renamed = 0
        self.note = note
        self.started = _fs_now(root)

    def path(self, out: str, failed: bool = False) -> str:
        return os.path.join(self.root, *out.split("/")) + (ERROR_SUFFIX if failed else self.suffix)

    def done(self, page_id: str, out: str) -> bool:
        """--resume: whether an earlier run wrote this page. Pages that share `out` are
        matched to `out`, `out~2`, ... in the order they are asked about: a file an earlier
        page of this run claimed is touched (so it is this run's, see _taken) and the next
        name is looked at. The claims live in the files, not in memory, and are seen by the
        workers that read spans too."""
        k = 1
        while True:
            name = out if k == 1 else f"{out}~{k}"
            found = None
            for failed in (False, True):
                try:
                    found = (self.path(name, failed), os.stat(self.path(name, failed)))
                    break
                except OSError:
                    continue
            if found is None:
                return False
            if found[1].st_mtime_ns < self.started:
                try:
                    os.utime(found[0])          # claimed: the next page with `out` moves on
                except OSError:
                    pass
                return True
            k += 1

    def write(self, page: Page, status: str, body: bytes) -> None:
        out = page.out
        k = 1
        while self._taken(out if k == 1 else f"{page.out}~{k}"):
            k += 1
        if k > 1:
            out = f"{page.out}~{k}"
            self.renamed += 1
            if self.note is not None:
                self.note(f"{page.id}: an earlier page of this run has the same output file; "
                          f"written as {self.path(out, failed=status == 'error')}")
        target = self.path(out, failed=status == "error")
        folder = os.path.dirname(target)
        if folder not in self.dirs:
            os.makedirs(folder, exist_ok=True)
            self.dirs.add(folder)
        tmp = os.path.join(folder, f".{os.path.basename(target)}.part")
        with open(tmp, "wb") as f:
            f.write(body)
        os.replace(tmp, target)
        # One file per page: drop the other kind an earlier run may have left.
        other = self.path(out, failed=status != "error")
        if os.path.exists(other):
            os.remove(other)
        self.written[status] += 1

    def _taken(self, out: str) -> bool:
        """Whether a page of this run was written at `out` (as a page or an error record)."""
        for failed in (False, True):
            try:
                if os.stat(self.path(out, failed)).st_mtime_ns >= self.started:
                    return True
            except OSError:
                pass
        return False

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def _fs_now(folder: str) -> int:
    """The file system's time now, in ns: the mtime of a file just made in `folder` (the
    kernel stamps files from a clock that lags time.time() by up to a tick)."""
    probe = os.path.join(folder, f".cleaner-{os.getpid()}.part")
    with open(probe, "wb") as f:
        now = os.fstat(f.fileno()).st_mtime_ns
    os.remove(probe)
    return now


def _stdout() -> BinaryIO:
    return getattr(sys.stdout, "buffer", sys.stdout)


class Finished:
    """--resume on a JSONL output: a page is done if its id is among the file's records (a
    class, not a closure, so that spawned workers can receive it)."""

    def __init__(self, ids: set[str]) -> None:
        self.ids = ids

    def __call__(self, page_id: str, out: str) -> bool:
        return page_id in self.ids


def resume_jsonl(path: str) -> set[str]:
    """The ids already in a JSONL output file. What follows the last whole record (a line cut
    short by a kill: no newline, or not valid JSON) is truncated away, so that appending
    continues on a record boundary."""
    done: set[str] = set()
    pos = good_end = 0
    with open(path, "rb+") as f:
        for line in f:
            pos += len(line)
            try:
                rec = json.loads(line) if line.endswith(b"\n") else None
            except ValueError:
                rec = None
            if isinstance(rec, dict) and "id" in rec:
                done.add(rec["id"])
                good_end = pos
        if good_end < pos:
            f.truncate(good_end)
    return done
