"""Reading pages for the command line: files and folders, WARC archives, JSONL exports and
stdin, lazily, one `Page` at a time.

Compression (gzip, bz2, xz, zstd) is recognised by magic bytes, never by file name. What a
file *is* (a page, a WARC, a JSONL export) is decided by its content where that is certain
(every WARC starts with "WARC/") and by its name otherwise (.jsonl/.ndjson, or --jsonl).

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
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, NamedTuple

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst", ".zstd")
HTML_TYPES = ("text/html", "application/xhtml+xml")
READ_SIZE = 1 << 16


class UsageError(Exception):
    """A problem with the command line itself (missing path, bad combination): exit code 2."""


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


@dataclass
class Input:
    """One command-line argument, classified: dir, page, warc, jsonl or stdin."""

    path: str                        # as the user typed it ("-" for stdin)
    kind: str
    rel: str = ""                    # relative to the inputs' common folder (files)
    stream: BinaryIO | None = field(default=None, repr=False)   # stdin, already unwrapped


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


def page_stem(name: str) -> str:
    """A page file's name without its compression and page suffixes ("a.html.gz" -> "a"):
    what -o DIR names its output after, so that "a.html" gives "a.txt", not "a.html.txt"."""
    lower = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix):
            name, lower = name[: -len(suffix)], lower[: -len(suffix)]
            break
    for suffix in PAGE_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def page_outs(rels: list[str]) -> dict[str, str]:
    """The -o DIR path (without the format's suffix) of each page file in `rels` (files of one
    folder, or those named on the command line): the stem, except where two pages would share
    it ("a.html" and "a.htm"): those keep their full names, so that two pages never share one
    output file."""
    outs = {}
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        stem = page_stem(name)
        outs[rel] = f"{folder}/{stem}" if folder else stem
    while True:     # full names are distinct: each round only turns shared outs into them
        seen = Counter(outs.values())
        shared = [rel for rel, out in outs.items() if seen[out] > 1 and out != rel]
        if not shared:
            return outs
        for rel in shared:
            outs[rel] = rel


def _strip_compressed(name: str) -> str:
    lower = name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        if lower.endswith(suffix):
            return lower[: -len(suffix)]
    return lower


def kind_by_name(name: str) -> str | None:
    """"page", "warc", "jsonl" or None (not ours) for a file met while walking a folder."""
    base = _strip_compressed(name)
    if base.endswith(PAGE_SUFFIXES):
        return "page"
    if base.endswith(WARC_SUFFIXES):
        return "warc"
    if base.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


# --- planning: the arguments, checked and classified -------------------------------------

def plan(paths: list[str], settings: Settings) -> list[Input]:
    """Classify the arguments; UsageError for a missing path or stdin named twice."""
    if paths.count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once")
    for p in paths:
        if p != "-" and not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or directory")
    roots = [os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
             for p in paths if p != "-"]
    base = os.path.commonpath(roots) if roots else os.getcwd()
    inputs = []
    for p in paths:
        if p == "-":
            inputs.append(_stream_input(p, "stdin", sys.stdin.buffer, settings))
            continue
        rel = os.path.relpath(os.path.abspath(p), base).replace(os.sep, "/")
        if os.path.isdir(p):
            inputs.append(Input(p, "dir", "" if rel == "." else rel))
        elif _is_pipe(p):    # <(zcat x.warc.gz): can be read once only, so never sniffed apart
            try:
                raw = open(p, "rb")  # noqa: SIM115 - read to the end by the run
            except OSError as exc:
                raise UsageError(f"{p}: cannot read: {describe(exc)}") from exc
            inputs.append(_stream_input(p, rel, raw, settings))
        else:
            inputs.append(Input(p, sniff(p, settings.jsonl, settings.html_field), rel))
    return inputs


def _is_pipe(path: str) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _stream_input(path: str, rel: str, raw: BinaryIO, settings: Settings) -> Input:
    stream = decompressing(raw)
    head = stream.peek(8)[:8]
    if head.startswith(b"WARC/"):
        kind = "warc"
    elif settings.jsonl or kind_by_name(os.path.basename(path)) == "jsonl":
        kind = "jsonl"
    elif stream.peek(READ_SIZE)[:READ_SIZE].lstrip().startswith(b"{"):
        first = stream.readline(settings.max_bytes + 1)   # read once: put back in front
        stream = io.BufferedReader(_Prefixed(first, stream), READ_SIZE)
        kind = _json_kind(first, "stdin" if path == "-" else path, settings.html_field)
    else:
        kind = "page"
    return Input(path, kind, rel, stream)


class _Prefixed(io.RawIOBase):
    """`head` (bytes already read from `rest`), then the rest of `rest`."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._pos = 0
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._pos < len(self._head):
            n = min(len(b), len(self._head) - self._pos)
            b[:n] = self._head[self._pos:self._pos + n]
            self._pos += n
            return n
        data = self._rest.read(len(b))
        b[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._rest.close()
        super().close()


def _json_kind(first: bytes, name: str, html_field: str) -> str:
    """What a stream whose content starts with "{" is, from its first line: "jsonl" when that
    line is a JSON object holding the HTML field, else "page" (a page starting with "{" is
    read as one). A JSON object without the field is neither: UsageError, saying --jsonl."""
    try:
        obj = _loads(first)
    except ValueError:
        return "page"
    if not isinstance(obj, dict):
        return "page"
    if html_field in obj:
        return "jsonl"
    raise UsageError(f"{name}: holds JSON lines without a {html_field!r} field; to read it "
                     "as a JSONL export give --jsonl and --html-field NAME")


def sniff(path: str, jsonl: bool, html_field: str = "html") -> str:
    """What a file named on the command line holds: warc by content, jsonl by name or flag or
    by content (a first line that is a JSON object with the HTML field), else a page.
    Unreadable files are pages: reading them fails later, as an error record."""
    try:
        with open(path, "rb") as raw, decompressing(raw) as f:
            head = f.read(8)
            if not (head.startswith(b"WARC/") or jsonl
                    or kind_by_name(os.path.basename(path)) == "jsonl"):
                start = (head + f.peek(READ_SIZE)[:READ_SIZE]).lstrip()
                if start.startswith(b"{"):
                    return _json_kind(head + f.readline(1 << 26), path, html_field)
    except UsageError:
        raise
    except Exception:  # noqa: BLE001 - any failure is reported when the page is read
        return "page"
    if head.startswith(b"WARC/"):
        return "warc"
    if jsonl or kind_by_name(os.path.basename(path)) == "jsonl":
        return "jsonl"
    return "page"


def count_pages(inputs: list[Input]) -> int | None:
    """The number of pages, when knowable cheaply (files and folders only), for an ETA."""
    total = 0
    for inp in inputs:
        if inp.kind == "page":
            total += 1
        elif inp.kind == "dir":
            for _dirpath, _dirs, files in _walk(inp.path):
                for name in files:
                    kind = kind_by_name(name)
                    if kind in ("warc", "jsonl"):
                        return None
                    total += kind == "page"
        else:
            return None
    return total


def _walk(top: str, errors: list | None = None) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk in a stable order, hidden files and folders left out; folders that cannot be
    listed go to `errors`."""
    for dirpath, dirs, files in os.walk(top, onerror=errors.append if errors is not None
                                        else None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        yield dirpath, dirs, sorted(f for f in files if not f.startswith("."))


# --- reading: inputs -> pages ----------------------------------------------------------------

Done = Callable[[str, str], bool]


def pages(inputs: list[Input], settings: Settings, done: Done | None = None,
          stats: Counter | None = None,
          note: Callable[[str], None] | None = None) -> Iterator[Page]:
    """Every page of every input, lazily, in input order. `done(id, out)` says a page was
    finished by an earlier run (--resume): it is counted in stats["resumed"] and not yielded.
    stats also counts "skipped_files" (not pages, in folders) and "skipped_records" (WARC
    records that are not HTML responses). With settings.split_bytes, big WARC and JSONL
    files come as spans.Span items instead of their pages (read and filtered by workers).
    `note` is told, in a line, of every file met in a folder and left out, and why."""
    stats = stats if stats is not None else Counter()
    for page in _all_pages(inputs, settings, stats, note):
        if done is not None and isinstance(page, Page) and done(page.id, page.out):
            stats["resumed"] += 1
            continue
        yield page


def _all_pages(inputs: list[Input], settings: Settings, stats: Counter,
               note: Callable[[str], None] | None = None) -> Iterator[Page]:
    named = page_outs([inp.rel for inp in inputs if inp.kind == "page" and inp.stream is None])
    for inp in inputs:
        if inp.kind == "dir":
            errors: list[OSError] = []
            for dirpath, dirs, files in _walk(inp.path, errors):
                yield from _folder_errors(inp, errors)
                if settings.exclude or settings.own:
                    dirs[:] = [d for d in dirs if not _own(os.path.join(dirpath, d), settings)]
                folder = os.path.relpath(dirpath, inp.path).replace(os.sep, "/")
                folder = "/".join(p for p in (inp.rel, folder if folder != "." else "") if p)
                found = []
                for name in files:
                    kind = kind_by_name(name)
                    path = os.path.join(dirpath, name)
                    if (settings.exclude or settings.own) and _own(path, settings):
                        continue
                    if kind == "jsonl" and not _is_export(path, settings):
                        stats["skipped_files"] += 1
                        if note is not None:
                            note(f"{path}: skipped: its first records have no "
                                 f"{settings.html_field!r} field (not an export of pages; "
                                 "name it on the command line to read it anyway)")
                        continue
                    if kind is None:
                        stats["skipped_files"] += 1
                        if note is not None:
                            note(f"{path}: skipped: not a page, WARC or JSONL by its name")
                        continue
                    found.append((path, f"{folder}/{name}" if folder else name, kind))
                outs = page_outs([rel for _path, rel, kind in found if kind == "page"])
                for path, rel, kind in found:
                    if kind == "page":
                        yield _file_page(path, rel, settings, outs[rel])
                    else:
                        yield from _container(path, rel, kind, settings, stats)
            yield from _folder_errors(inp, errors)
        elif inp.kind == "page" and inp.stream is not None:
            yield _stream_page(inp, settings)
        elif inp.kind == "page":
            yield _file_page(inp.path, inp.rel, settings, named[inp.rel])
        else:
            yield from _container(inp.path, inp.rel, inp.kind, settings, stats, inp.stream)


def _own(path: str, settings: Settings) -> bool:
    """Whether `path` is one of the run's own outputs (by path, or as the same file)."""
    if os.path.abspath(path) in settings.exclude:
        return True
    if not settings.own:
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) in settings.own


EXPORT_PROBE = 3    # records looked at to tell a JSONL export of pages from other JSONL


def _is_export(path: str, settings: Settings) -> bool:
    """Whether a JSONL file met in a folder holds pages: not when its first records (up to
    EXPORT_PROBE, all JSON objects) all lack the HTML field, as an earlier run's output
    does. A file that cannot be read or parsed is taken as an export: reading it reports
    what is wrong."""
    try:
        with open(path, "rb") as raw, decompressing(raw) as f:
            seen = 0
            while seen < EXPORT_PROBE:
                line = f.readline(settings.max_bytes + 1)
                if not line:
                    break
                if not line.strip():
                    continue
                obj = _loads(line)
                if not isinstance(obj, dict):
                    return True
                if settings.html_field in obj:
                    return True
                seen += 1
    except Exception:  # noqa: BLE001 - reading it again reports the problem as a record
        return True
    return seen == 0


def _file_page(path: str, rel: str, settings: Settings, out: str) -> Page:
    return Page(rel, out, {"file": path}, settings.url, "path", path, settings.encoding)


def error_page(page_id: str, out: str, source: dict, message: str) -> Page:
    return Page(page_id, out, source, None, "error", message)


class ReadError(Exception):
    """Reading a container failed at `offset` (the last record begun); `page` is the error
    record to yield for it."""

    def __init__(self, page: Page, offset: int) -> None:
        super().__init__(page.data)
        self.page, self.offset = page, offset


def _folder_errors(inp: Input, errors: list[OSError]) -> Iterator[Page]:
    """A folder inside an input that could not be listed: one error record for it."""
    while errors:
        exc = errors.pop(0)
        path = exc.filename or inp.path
        rel = os.path.relpath(path, inp.path).replace(os.sep, "/")
        rel = (f"{inp.rel}/{rel}" if inp.rel else rel) if rel != "." else inp.rel or "."
        yield error_page(rel, rel, {"file": path}, f"cannot read folder {path}: {describe(exc)}")


def _stream_page(inp: Input, settings: Settings) -> Page:
    """The one page on stdin or a pipe."""
    source = {"file": inp.path}
    try:
        data = read_limited(inp.stream, settings.max_bytes)
    except Exception as exc:  # noqa: BLE001 - a broken stream is an error record
        return error_page(inp.rel, inp.rel, source, f"cannot read {inp.path}: {describe(exc)}")
    return Page(inp.rel, inp.rel, source, settings.url, "data", data, settings.encoding)


def _container(path: str, rel: str, kind: str, settings: Settings, stats: Counter,
               stream: BinaryIO | None = None) -> Iterator[Page]:
    """The pages of a WARC or JSONL file (or of stdin, when `stream` is given)."""
    display = path
    raw = None
    try:
        if stream is None:
            raw = open(path, "rb")  # noqa: SIM115 - closed below
            head = raw.peek(300)[:300]
            what = unsupported(head)
            if what:
                yield error_page(rel, rel, {"file": display}, f"unsupported format: {what}")
                return
            if kind == "warc" and compression(head) in ("gzip", "zstd", None):
                stream = raw     # FastWARC reads these itself (faster, and offsets are on disk)
            else:
                stream = decompressing(raw)
            if kind == "warc" and not _is_warc(stream):
                yield error_page(rel, rel, {"file": display}, "not a WARC file")
                return
            if settings.split_bytes:
                from .spans import plan  # spans reads through this module

                spans = plan(kind, path, display, rel, head, settings)
                if spans is not None:
                    yield from spans
                    return
            elif kind == "warc" and compression(head) in ("gzip", None):
                # read here as one span, so that damage is met as the workers meet it (a
                # damaged member skipped, a cut last record reported)
                from .spans import whole_file

                yield from whole_file(path, display, rel, compression(head) == "gzip",
                                      settings, stats)
                return
        if kind == "warc" and stream is raw:
            yield from _warc(raw, display, rel, settings, stats)
        elif kind == "warc":
            yield from _warc(Sequential(stream), display, rel, settings, stats)
        else:
            yield from jsonl_pages(stream, display, rel, settings, stats)
    except Exception as exc:  # noqa: BLE001 - an unreadable file is one error record
        yield error_page(rel, rel, {"file": display}, f"cannot read {display}: {describe(exc)}")
    finally:
        if raw is not None:
            if stream is not None and stream is not raw:
                stream.close()
            raw.close()


def _is_warc(stream: BinaryIO) -> bool:
    head = stream.peek(8)[:8]
    if compression(head):   # gzip or zstd left to FastWARC: look inside without consuming
        try:
            head = decompressing(io.BufferedReader(io.BytesIO(stream.peek(1 << 16)))).read(5)
        except Exception:  # noqa: BLE001 - a first block too short or damaged to tell
            return True      # let FastWARC try, and report what it finds
    return head.startswith(b"WARC/")


def _warc(stream: BinaryIO, display: str, rel: str, settings: Settings,
          stats: Counter) -> Iterator[Page]:
    try:
        yield from warc_pages(stream, display, rel, settings, stats)
    except ReadError as exc:
        yield exc.page


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
            obj = _loads(line)
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


def _loads(line: bytes):
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
