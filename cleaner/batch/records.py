"""What a page is, and how pages are read out of one file: compression by magic bytes,
WARC records, JSONL lines, the page's id and the error pages that stand for what could not
be read. `inputs` (what the command line was given) and `spans` (big files cut for the
workers) both read through this module; it imports neither.

Every page gets a stable `id` (see `Page`), the key that --resume uses to skip finished work.
Problems found while reading (a truncated archive, a bad JSONL line, a page over the size
limit) become pages of kind "error": they still yield a record, like every other page.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import json
import lzma
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst", ".zstd")
HTML_TYPES = ("text/html", "application/xhtml+xml")
READ_SIZE = 1 << 16


class Page(NamedTuple):
    """One input page, as the parent sends it to a worker.

    id: stable across runs with the same inputs: for files the path relative to the inputs'
        common folder; for WARC records the WARC-Record-ID; for JSONL the --id-field value,
        else "FILE:LINE"; "stdin" for a page read from stdin.
    out: where -o DIR puts the page, relative, "/"-separated, without the format's suffix.
    source: where the page came from: {"file"} plus {"offset", "record"} or {"line"}.
    kind: "path" (data is a file path the worker reads), "data" (bytes or str) or "error"
        (data is the message).
    """

    id: str
    out: str
    source: dict
    url: str | None
    kind: str
    data: object
    encoding: str | None = None


@dataclass(frozen=True)
class Settings:
    jsonl: bool = False              # read files given (and stdin) as JSONL whatever their name
    html_field: str = "html"
    url_field: str = "url"
    id_field: str = "id"
    max_bytes: int = 32 << 20        # larger pages become error records
    url: str | None = None           # default URL (a single page from stdin or a file)
    encoding: str | None = None      # charset to try first where no HTTP header says one
    exclude: frozenset[str] = frozenset()  # absolute paths never read (the output itself)
    own: frozenset[tuple[int, int]] = frozenset()  # (st_dev, st_ino) of the run's outputs
    #   (stdout redirected to a file, -o, --output-jsonl): never read, whatever their path
    split_bytes: int = 0             # > 0: big WARC/JSONL files become spans (see spans.py)


# --- compression -------------------------------------------------------------------------

def compression(head: bytes) -> str | None:
    """The compression a stream starting with `head` uses, by magic bytes."""
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    if head[:3] == b"BZh" and head[3:4].isdigit():
        return "bz2"
    if head[:6] == b"\xfd7zXZ\x00":
        return "xz"
    if head[:4] == b"\x28\xb5\x2f\xfd":
        return "zstd"
    return None


def unsupported(head: bytes) -> str | None:
    """Archive formats that hold many files: not a page, and not read here."""
    for magic, name in ((b"PK\x03\x04", "zip"), (b"7z\xbc\xaf\x27\x1c", "7z"),
                        (b"Rar!\x1a\x07", "rar")):
        if head.startswith(magic):
            return name
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return None


class _ZstdReader(io.RawIOBase):
    """A zstd stream reader that, unlike zstandard's own, reports truncation (EOFError) and
    reads across frames."""

    def __init__(self, raw: BinaryIO) -> None:
        import zstandard  # imported only when a zstd stream is met

        self._raw = raw
        self._dctx = zstandard.ZstdDecompressor()
        self._obj = self._dctx.decompressobj()
        self._buf = b""
        self._pos = 0
        self._in_frame = False
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while self._pos >= len(self._buf) and not self._eof:
            chunk = self._raw.read(READ_SIZE)
            if not chunk:
                self._eof = True
                if self._in_frame:
                    raise EOFError("zstd stream ended before the end of its frame")
                break
            out = []
            while chunk:
                self._in_frame = True
                out.append(self._obj.decompress(chunk))
                if self._obj.eof:
                    chunk = self._obj.unused_data
                    self._obj = self._dctx.decompressobj()
                    self._in_frame = False
                else:
                    chunk = b""
            self._buf, self._pos = b"".join(out), 0
        n = min(len(b), len(self._buf) - self._pos)
        b[:n] = self._buf[self._pos:self._pos + n]
        self._pos += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def decompressing(raw: BinaryIO) -> BinaryIO:
    """`raw` (a buffered stream with peek) unwrapped from gzip, bz2, xz or zstd, by magic."""
    kind = compression(raw.peek(8)[:8])
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if kind == "bz2":
        return bz2.BZ2File(raw)
    if kind == "xz":
        return lzma.LZMAFile(raw)
    if kind == "zstd":
        return io.BufferedReader(_ZstdReader(raw), READ_SIZE)
    return raw


def read_limited(stream: BinaryIO, limit: int) -> bytes:
    """All of `stream`, or PageTooLarge past `limit` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise PageTooLarge(f"page larger than {limit >> 20} MiB (--max-page-mb)")
    return data


def read_page(path: str, limit: int) -> bytes:
    """A page file's bytes, decompressed if its magic bytes say so."""
    with open(path, "rb") as raw, decompressing(raw) as f:   # closing both, whatever f is
        return read_limited(f, limit)


def decompress_bytes(data: bytes, limit: int) -> bytes:
    """A payload that is itself compressed (a WARC body stored with Content-Encoding: gzip)."""
    if not compression(data[:8]):
        return data
    with decompressing(io.BufferedReader(io.BytesIO(data))) as f:
        return read_limited(f, limit)


class PageTooLarge(ValueError):
    pass


def describe(exc: BaseException) -> str:
    """A one-line message for a read error, without the exception's class noise."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    if isinstance(exc, EOFError):
        return f"truncated: {exc}" if str(exc) else "truncated"
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0] if text.strip() else type(exc).__name__


# --- naming --------------------------------------------------------------------------------

# Characters a file name keeps as they are: letters and digits of any script (when file
# names are UTF-8, as on Linux and macOS), ".", "_", "-" and inner spaces; anything else
# (a "/", a control character, ":") is replaced.
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._ -]+")
_UNSAFE_UNICODE = re.compile(r"[^\w. -]+")
_UUID_ID = re.compile(r"<urn:uuid:([0-9A-Fa-f-]{8,64})>")
NAME_BYTES = 200               # under the 255 bytes most file systems allow a name


def safe_name(value: str) -> str:
    """A file name for a record id: the uuid of a WARC-Record-ID, else the id with unsafe
    characters replaced and, when anything was replaced or cut, a short hash to keep names
    distinct."""
    m = _UUID_ID.fullmatch(value)
    if m:
        return m.group(1).lower()
    utf8 = sys.getfilesystemencoding().lower().replace("-", "") == "utf8"
    name = (_UNSAFE_UNICODE if utf8 else _UNSAFE_ASCII).sub("_", value)
    name = _utf8_prefix(re.sub(r"  +", " ", name).strip("._ "), NAME_BYTES)
    if name == value:
        return name
    digest = hashlib.sha1(value.encode("utf-8", "replace")).hexdigest()[:10]
    return f"{_utf8_prefix(name, NAME_BYTES - 11)}~{digest}"


def _utf8_prefix(text: str, size: int) -> str:
    """The longest prefix of `text` that is at most `size` bytes in UTF-8."""
    return text.encode("utf-8", "replace")[:size].decode("utf-8", "ignore")


# --- the pages of one file: WARC records, JSONL lines, and pages standing for errors --------

def error_page(page_id: str, out: str, source: dict, message: str) -> Page:
    return Page(page_id, out, source, None, "error", message)


class ReadError(Exception):
    """Reading a container failed at `offset` (the last record begun); `page` is the error
    record to yield for it."""

    def __init__(self, page: Page, offset: int) -> None:
        super().__init__(page.data)
        self.page, self.offset = page, offset


class Sequential(io.RawIOBase):
    """A stream read once, start to end (stdin, a pipe, a decompressor), as FastWARC wants it:
    tell() counts the bytes read (FastWARC asks at the start, and a pipe cannot say: "Illegal
    seek"), and an error while reading (a gzip stream cut short or damaged) is kept in `error`
    and ends the stream, so that the records before it still come out of FastWARC, which
    would otherwise drop what it had buffered."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.pos = 0
        self.error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def readinto(self, buf) -> int:
        if self.error is not None:
            return 0
        try:
            # read1: one read of the source at a time, so that what came before an error is
            # handed on (readinto would fill the whole buffer and drop it all on the error)
            data = self.stream.read1(len(buf))
        except Exception as exc:  # noqa: BLE001 - reported once the records before it are out
            self.error = exc
            return 0
        n = len(data)
        buf[:n] = data
        self.pos += n
        return n


def warc_pages(stream: BinaryIO, display: str, rel: str, settings: Settings, stats: Counter,
               base: int = 0, at_end: Callable[[int], tuple[int, str] | None] | None = None
               ) -> Iterator[Page]:
    """The HTML pages of a WARC stream that starts at file offset `base`; ReadError where it
    cannot be read further. A record that ends before its Content-Length says (the input cut
    inside it, in its headers or its body) ends the reading with an error record for it, so
    that every whole record before the damage comes out and the damage is never silent.
    `at_end(offset of the last record)` looks past the last record FastWARC read, for what it
    took for the end of the file (a gzip member cut in its first bytes): (offset, what is
    wrong there), or None."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    page_types = WarcRecordType.response | WarcRecordType.resource
    offset = base
    try:
        # Every record type, not just pages: a record cut short must be seen whatever its type.
        for rec in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
            offset = base + rec.stream_pos
            if not rec.record_type & page_types:
                if _cut(rec, rec.reader.consume()):
                    raise _Damaged(rec.record_id)
                continue
            if rec.is_http:
                ctype, charset = rec.http_content_type, rec.http_charset
            else:  # a resource record: the WARC Content-Type describes the block itself
                ctype, _, params = (rec.headers.get("Content-Type") or "").partition(";")
                m = re.search(r"charset=[\"']?([\w.:-]+)", params, re.IGNORECASE)
                charset = m.group(1) if m else None
            if (ctype or "").strip().lower() not in HTML_TYPES:
                if _cut(rec, rec.reader.consume()):
                    raise _Damaged(rec.record_id)
                stats["skipped_records"] += 1
                continue
            rid = rec.record_id or f"{rel}@{offset}"
            out = f"{rel}/{safe_name(rid)}"
            source = {"file": display, "offset": offset, "record": rid}
            url = rec.headers.get("WARC-Target-URI") or settings.url
            if rec.content_length > settings.max_bytes:
                yield error_page(rid, out, source, f"page larger than {settings.max_bytes >> 20} MiB"
                             " (--max-page-mb)")
                continue
            body = rec.reader.read()
            if _cut(rec, len(body)):
                raise _Damaged(rid)
            yield Page(rid, out, source, url, "data", body, charset or settings.encoding)
    except _Damaged as exc:
        where = exc.record_id or f"{rel}@{offset}"
        page = error_page(where, where if not exc.record_id else f"{rel}/{safe_name(where)}",
                          {"file": display, "offset": offset, **({"record": where}
                                                                 if exc.record_id else {})},
                          f"cannot read {display} after offset {offset}: the data ends inside "
                          "this record (truncated)")
        raise ReadError(page, offset) from None
    except BaseException as exc:    # FastWARC panics (pyo3) are BaseExceptions, not Exceptions
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise ReadError(_read_error(display, rel, offset, exc), offset) from None
    error = getattr(stream, "error", None)
    if error is not None:          # the stream broke between records, or in one's first bytes
        raise ReadError(_read_error(display, rel, offset, error), offset)
    problem = at_end(offset) if at_end is not None else None
    if problem is not None:
        where = f"{rel}@{problem[0]}"
        raise ReadError(error_page(where, where, {"file": display, "offset": problem[0]},
                                   f"cannot read {display} after offset {problem[0]}: "
                                   f"{problem[1]}"), problem[0])


class _Damaged(Exception):
    def __init__(self, record_id: str | None) -> None:
        super().__init__(record_id)
        self.record_id = record_id


def _cut(rec, got: int) -> bool:
    """Whether a record holds less than its header says: `got` bytes of its content (after
    the HTTP headers, as FastWARC counts content_length once it parsed them)."""
    declared = rec.headers.get("Content-Length") or ""     # cut in its headers: none, or ""
    return got < rec.content_length or not declared.strip().isdigit()


def _read_error(display: str, rel: str, offset: int, exc: BaseException) -> Page:
    where = f"{rel}@{offset}"
    return error_page(where, where, {"file": display, "offset": offset},
                      f"cannot read {display} after offset {offset}: {describe(exc)}")


def jsonl_pages(stream: BinaryIO, display: str, rel: str, settings: Settings, stats: Counter,
                first_line: int = 0) -> Iterator[Page]:
    """The pages of a JSONL stream whose first line is line `first_line` + 1 of its file."""
    lineno = first_line
    while True:
        line = stream.readline(settings.max_bytes + 1)
        if not line:
            return
        lineno += 1
        line_id = f"{rel}:{lineno}"
        source = {"file": display, "line": lineno}
        if len(line) > settings.max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):   # skip the rest of the line
                line = stream.readline(READ_SIZE)
            yield error_page(line_id, _jsonl_out(rel, line_id), source,
                         f"line larger than {settings.max_bytes >> 20} MiB (--max-page-mb)")
            continue
        if not line.strip():
            continue
        try:
            obj = json_loads(line)
        except ValueError as exc:
            yield error_page(line_id, _jsonl_out(rel, line_id), source, f"bad JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            yield error_page(line_id, _jsonl_out(rel, line_id), source, "not a JSON object")
            continue
        value = obj.get(settings.id_field)
        page_id = line_id if value is None or value == "" else str(value)
        out = _jsonl_out(rel, page_id)
        html = obj.get(settings.html_field)
        url = obj.get(settings.url_field)
        url = url if isinstance(url, str) else settings.url
        if not isinstance(html, str):
            what = "missing" if html is None else f"a {type(html).__name__}, not a string"
            yield Page(page_id, out, source, url, "error",
                       f"field {settings.html_field!r} is {what} (--html-field)")
            continue
        yield Page(page_id, out, source, url, "data", html, settings.encoding)


def json_loads(line: bytes):
    """One JSON line. orjson parses a line holding a 250 KB page in a fifth of json's time
    (0.5 ms -> 0.1 ms); json reads what orjson refuses but JSON allows in practice (lone
    surrogate escapes, NaN, integers past 64 bits) and words the error for a bad line."""
    import orjson

    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def _jsonl_out(rel: str, page_id: str) -> str:
    return f"{rel}/{safe_name(page_id)}"
