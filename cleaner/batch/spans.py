"""Large WARC and JSONL files cut into byte spans that the workers read themselves.

Why: reading costs about an eighth of the work for a page (inflating one WARC record ~0.2 ms
against ~1.6 ms for clean()). Done in the parent, it runs on a core the workers need as soon as
there is one worker per core, and the pages then travel through a pipe; done in the workers,
the parent only hands out (file, start, end) and writes results, and throughput grows with the
number of workers.

How a file is cut, by what it is (compression by magic bytes, as everywhere):

- WARC, gzip (one member per record, as the WARC standard recommends and crawlers write):
  fixed byte spans, planned from the file size alone. A worker moves each end of its span
  forward to the next gzip member that holds a WARC record (`_sync`: a member whose first
  bytes inflate to "WARC/1.x"), so neighbouring spans meet on the same record
  boundary and every record is read exactly once. Span 0 starts at 0 whatever is there, so
  a damaged start is reported, not skipped. A file that is one gzip stream has a single
  member start: its first span holds every record (correct, not parallel).
- WARC, uncompressed: the parent walks the record headers (no inflating) and cuts on record
  starts.
- JSONL, uncompressed: the parent cuts after newlines and counts lines, so that ids of the
  form FILE:LINE stay the same.
- Anything else (bz2, xz, zstd, compressed JSONL, stdin): read by the parent, page by page.

Inside a gzip span, a damaged record yields an error record and reading goes on at the next
good member (nothing after the damage is lost).
"""

from __future__ import annotations

import io
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from .records import (
    READ_SIZE,
    Page,
    ReadError,
    Settings,
    compression,
    describe,
    error_page,
    jsonl_pages,
    warc_pages,
)

SPAN_BYTES = 1 << 20        # ~20 WCXB-sized pages a span
MIN_SPAN = 64 << 10         # the smallest span at the end of a file (see _target)
_GZIP_MEMBER = b"\x1f\x8b\x08"   # gzip magic + deflate


class Span(NamedTuple):
    """Bytes [start, end) of a file, read by one worker."""

    kind: str           # "warc" or "jsonl"
    path: str
    display: str        # the file as the user named it, for records' "source"
    rel: str            # relative to the inputs' common folder, for ids
    start: int
    end: int
    gzip: bool = False  # a gzip WARC: both ends move to the next record's member (see above)
    line: int = 0       # JSONL: lines before `start`
    skip: int = 0       # pages already accounted for (a span requeued after a worker died)


def plan(kind: str, path: str, display: str, rel: str, head: bytes,
         settings: Settings) -> Iterator[Span] | None:
    """The spans of a file, or None when it is read page by page in the parent."""
    size = settings.split_bytes
    packed = compression(head)
    if kind == "warc" and packed == "gzip":
        return _gzip_cuts(path, display, rel, size)
    if kind == "warc" and packed is None:
        return _warc_cuts(path, display, rel, size)
    if kind == "jsonl" and packed is None:
        return _jsonl_cuts(path, display, rel, size)
    return None


def _target(size: int, left: int) -> int:
    """The size of the next span with `left` bytes of the file to go: `size`, but an eighth
    of what is left near the end, so that the last spans are short and no worker sits idle
    while another finishes a long one (each holds two)."""
    return max(min(size, left // 8), min(size, MIN_SPAN))


def _gzip_cuts(path: str, display: str, rel: str, size: int) -> Iterator[Span]:
    total = os.path.getsize(path)
    start = 0
    while True:
        end = min(total, start + _target(size, total - start))
        yield Span("warc", path, display, rel, start, end, gzip=True)
        if end >= total:
            return
        start = end


def _warc_cuts(path: str, display: str, rel: str, size: int) -> Iterator[Span]:
    from fastwarc.warc import ArchiveIterator

    start = 0
    with open(path, "rb") as f:
        total = os.fstat(f.fileno()).st_size
        try:
            for rec in ArchiveIterator(f, parse_http=False):
                if rec.stream_pos - start >= _target(size, total - start):
                    yield Span("warc", path, display, rel, start, rec.stream_pos)
                    start = rec.stream_pos
        except BaseException as exc:    # FastWARC panics (pyo3) are BaseExceptions too
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            # the worker reading the last span meets the damage and reports it
    yield Span("warc", path, display, rel, start, max(start, total))


def _jsonl_cuts(path: str, display: str, rel: str, size: int) -> Iterator[Span]:
    start = pos = line = 0
    pending = 0                      # newlines read since `start`
    buf = bytearray(size)            # one buffer: a fresh 1 MiB object a read page-faults
    with open(path, "rb", buffering=0) as f:
        total = os.fstat(f.fileno()).st_size
        while n := f.readinto(memoryview(buf)[:_target(size, total - pos)]):
            pos += n
            cut = buf.rfind(b"\n", 0, n)
            if cut < 0:              # a line longer than a span: the span grows
                continue
            end = pos - n + cut + 1
            pending += _count_newlines(buf, n)
            yield Span("jsonl", path, display, rel, start, end, line=line)
            start, line, pending = end, line + pending, 0
    if pos > start:
        yield Span("jsonl", path, display, rel, start, pos, line=line)


def _count_newlines(buf: bytearray, n: int) -> int:
    from ..blocks import _C_WALK

    if _C_WALK is not None:
        return _C_WALK.count_byte(buf, n, 10)
    return buf.count(b"\n", 0, n)


def whole_file(path: str, display: str, rel: str, gz: bool, settings: Settings,
               stats: Counter) -> Iterator[Page]:
    """The pages of a gzip or plain WARC file read whole (--span-mb 0), as one span."""
    span = Span("warc", path, display, rel, 0, os.path.getsize(path), gzip=gz)
    for _i, page in read(span, settings, stats):
        yield page


# --- reading a span (in a worker) ------------------------------------------------------------

def read(span: Span, settings: Settings, stats: Counter) -> Iterator[tuple[int, Page]]:
    """(index in the span, page) for every page of the span in file order, --resume not
    applied, from index `span.skip` on."""
    counts: Counter = Counter()      # what reading counts (skipped records) since the last page
    for i, page in enumerate(_pages(span, settings, counts)):
        if i >= span.skip:      # before: counted by the worker that read them first
            stats.update(counts)
            yield i, page
        counts.clear()
    stats.update(counts)


def _pages(span: Span, settings: Settings, stats: Counter) -> Iterator[Page]:
    fd = None
    try:
        fd = os.open(span.path, os.O_RDONLY)
        if span.kind == "jsonl":
            stream = io.BufferedReader(_Window(fd, span.start, span.end), READ_SIZE)
            yield from jsonl_pages(stream, span.display, span.rel, settings, stats, span.line)
        else:
            yield from _warc_span(fd, span, settings, stats)
    except OSError as exc:     # the file went away or the disk failed under the run
        where = f"{span.rel}@{span.start}"
        yield error_page(where, where, {"file": span.display, "offset": span.start},
                         f"cannot read {span.display} after offset {span.start}: "
                         f"{describe(exc)}")
    finally:
        if fd is not None:
            os.close(fd)


def _warc_span(fd: int, span: Span, settings: Settings, stats: Counter) -> Iterator[Page]:
    size = os.fstat(fd).st_size
    pos: int | None = span.start
    if span.gzip and span.start > 0:
        pos = _sync(fd, span.start, min(span.end, size))
    end = span.end
    if span.gzip and end < size:
        end = _sync(fd, end, size) or size
    while pos is not None and pos < end:
        try:
            window = _Window(fd, pos, end)
            if span.gzip and end >= size:
                yield from _last_checked(fd, window, span, settings, stats, pos, size)
            else:
                yield from warc_pages(window, span.display, span.rel, settings, stats, pos)
            return
        except ReadError as exc:
            yield exc.page
            if not span.gzip:
                return       # no member boundaries to find the next record by
            pos = _sync(fd, exc.offset + 1, end, whole=True)


def _last_checked(fd: int, window: _Window, span: Span, settings: Settings, stats: Counter,
                  base: int, size: int) -> Iterator[Page]:
    """warc_pages for the span that ends the file, the last page held back: FastWARC reads a
    gzip member cut short by the end of the file (a truncated download or copy) as a
    shorter record, without a word; such a record becomes an error record instead. What
    reading counts reaches `stats` just before the page it preceded, as without the wait."""
    counts: Counter = Counter()
    last, before = None, Counter()
    try:
        for page in warc_pages(window, span.display, span.rel, settings, counts, base,
                               at_end=lambda at: gzip_tail(fd, at, size)):
            if last is not None:
                stats.update(before)
                yield last
            last, before = page, Counter(counts)
            counts.clear()
    except ReadError:
        stats.update(before)
        if last is not None:
            yield last
        stats.update(counts)
        raise
    stats.update(before)
    if last is not None:
        at = last.source.get("offset")
        if (last.kind == "data" and isinstance(at, int)
                and os.pread(fd, 3, at) == _GZIP_MEMBER and not _holds_warc(fd, at, whole=True)):
            last = error_page(last.id, last.out, last.source,
                              f"cannot read {span.display} after offset {at}: the file ends "
                              "inside this record (truncated)")
        yield last
    stats.update(counts)


def gzip_tail(fd: int, at: int, size: int) -> tuple[int, str] | None:
    """What follows the gzip member at `at` (the last record FastWARC read) in a file of
    `size` bytes: None when the file ends there, else (where, what): bytes that are no whole
    record, which FastWARC takes for the end of the file when a member is cut in its first
    bytes. A member at `at` that is itself cut short is left to the reader (FastWARC reads
    it as a shorter record: see _last_checked); a file that is one gzip stream has no members
    to look past."""
    if os.pread(fd, 3, at) != _GZIP_MEMBER:
        return None
    end = _member_end(fd, at)
    if end is None or end >= size:
        return None
    return end, "the file ends inside a record (truncated) or holds no WARC record here"


def _member_end(fd: int, at: int) -> int | None:
    """Where the gzip member starting at `at` ends (None: it does not, or is damaged)."""
    inflater = zlib.decompressobj(31)
    pos = at
    try:
        while not inflater.eof:
            data = inflater.unconsumed_tail or os.pread(fd, READ_SIZE, pos)
            if not inflater.unconsumed_tail:
                if not data:
                    return None
                pos += len(data)
            inflater.decompress(data, READ_SIZE)     # output bounded: memory stays flat
    except zlib.error:
        return None
    return pos - len(inflater.unused_data) - len(inflater.unconsumed_tail)


def _sync(fd: int, pos: int, limit: int, whole: bool = False) -> int | None:
    """The first offset in [pos, limit) where a gzip member holding a WARC record starts
    (with `whole`, an undamaged one: see _holds_warc)."""
    while pos < limit:
        block = os.pread(fd, min(READ_SIZE, limit - pos + 2), pos)
        i = block.find(_GZIP_MEMBER)
        if i < 0:
            if len(block) < 3:
                return None
            pos += len(block) - 2    # the magic may straddle two blocks
            continue
        if pos + i >= limit:
            return None
        if _holds_warc(fd, pos + i, whole):
            return pos + i
        pos += i + 1
    return None


def _holds_warc(fd: int, at: int, whole: bool) -> bool:
    """Whether a gzip member starting at `at` inflates to the start of a WARC record. A chance
    match in compressed data would need the gzip magic, a valid deflate stream and these
    first bytes at once, so the first bytes are enough to find span boundaries. With `whole`
    (after damage, to step over the damaged member rather than stop at it again) the member
    must also inflate to its end with a good CRC."""
    inflater = zlib.decompressobj(31)
    try:
        first = os.pread(fd, READ_SIZE, at)
        head = inflater.decompress(first, 16)
        if not (head.startswith(b"WARC/1.") and b"\r\n" in head[7:]):
            return False
        if not whole:
            return True
        at += len(first)
        data = inflater.unconsumed_tail
        while not inflater.eof:
            if not data:
                data = os.pread(fd, READ_SIZE, at)
                at += len(data)
                if not data:          # the file ends: drain what zlib still holds
                    while not inflater.eof and inflater.decompress(b"", READ_SIZE):
                        pass
                    return inflater.eof
            inflater.decompress(data, READ_SIZE)   # output bounded: memory stays flat
            data = inflater.unconsumed_tail
    except zlib.error:
        return False
    return True


class _Window(io.RawIOBase):
    """Bytes [start, end) of an open file, as a seekable stream of their own (FastWARC seeks
    and reports offsets from the stream's start)."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        self.fd, self.start, self.end, self.pos = fd, start, end, start

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos - self.start

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (self.start, self.pos, self.end)[whence]
        self.pos = max(self.start, min(self.end, base + offset))
        return self.pos - self.start

    def readinto(self, buf) -> int:
        n = min(len(buf), self.end - self.pos)
        if n <= 0:
            return 0
        got = os.preadv(self.fd, [memoryview(buf)[:n]], self.pos)
        self.pos += got
        return got
