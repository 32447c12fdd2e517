"""Reading pages for the command line: files and folders, WARC archives, JSONL exports and
stdin, lazily, one `Page` at a time.

What a file *is* (a page, a WARC, a JSONL export) is decided by its content where that is
certain (every WARC starts with "WARC/") and by its name otherwise (.jsonl/.ndjson, or
--jsonl). The pages inside one file are read by `records`; big WARC and JSONL files are cut
into spans that the workers read (`spans`).
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from . import spans
from .records import (
    COMPRESSED_SUFFIXES,
    JSONL_SUFFIXES,
    PAGE_SUFFIXES,
    READ_SIZE,
    WARC_SUFFIXES,
    Page,
    ReadError,
    Sequential,
    Settings,
    compression,
    decompressing,
    describe,
    error_page,
    json_loads,
    jsonl_pages,
    read_limited,
    unsupported,
    warc_pages,
)


class UsageError(Exception):
    """A problem with the command line itself (missing path, bad combination): exit code 2."""


@dataclass
class Input:
    """One command-line argument, classified: dir, page, warc, jsonl or stdin."""

    path: str                        # as the user typed it ("-" for stdin)
    kind: str
    rel: str = ""                    # relative to the inputs' common folder (files)
    stream: BinaryIO | None = field(default=None, repr=False)   # stdin, already unwrapped


# --- names: a page's output file, a file's kind by its name ------------------------------

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
        obj = json_loads(first)
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
                obj = json_loads(line)
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
                cut = spans.plan(kind, path, display, rel, head, settings)
                if cut is not None:
                    yield from cut
                    return
            elif kind == "warc" and compression(head) in ("gzip", None):
                # read here as one span, so that damage is met as the workers meet it (a
                # damaged member skipped, a cut last record reported)
                yield from spans.whole_file(path, display, rel, compression(head) == "gzip",
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
