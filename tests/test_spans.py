"""Big WARC and JSONL files cut into byte spans that workers read themselves (cleaner/batch/spans.py):
whatever the cut, every page comes out exactly once, as when the parent reads the file whole."""

from __future__ import annotations

import gzip
import io
import json
import random
from collections import Counter
from pathlib import Path

import pytest
from fastwarc.warc import WarcRecordType
from test_cli import by_id, killed_midway_jsonl, page, records, run, warc_record

from cleaner.batch import inputs, spans
from cleaner.batch import records as page_records

# Span sizes: smaller than a record, about one, a few, and the whole file.
SIZES = [100, 997, 2500, 9000, 1 << 20]


def write_records(path: Path, n: int = 30, gz: bool = True, single_stream: bool = False,
                  seed: int = 0) -> list[bytes]:
    """n WARC records, mostly HTML responses of varied sizes, some to skip; one gzip member
    each (or one for the whole file). Returns the uncompressed records."""
    rnd = random.Random(seed)
    parts = []
    for i in range(n):
        if i % 7 == 3:
            parts.append(warc_record(f"https://e.org/{i}.png", b"\x89PNG" + bytes(40),
                                     "image/png")[1])
        elif i % 11 == 5:
            parts.append(warc_record(f"https://e.org/r{i}", page(i).encode(), "text/html",
                                     WarcRecordType.resource)[1])
        else:
            filler = "".join(f"<p>{rnd.random()} filler words {k}</p>"
                             for k in range(rnd.randrange(0, 60)))
            parts.append(warc_record(f"https://e.org/{i}", page(i, filler).encode())[1])
    if not gz:
        path.write_bytes(b"".join(parts))
    elif single_stream:
        path.write_bytes(gzip.compress(b"".join(parts)))
    else:
        path.write_bytes(b"".join(gzip.compress(p) for p in parts))
    return parts


def whole(path: Path, **settings) -> list[page_records.Page]:
    s = page_records.Settings(**settings)
    return list(inputs.pages(inputs.plan([str(path)], s), s))


def by_spans(path: Path, size: int, **settings) -> list[page_records.Page]:
    """Every page, planned into spans and each span read on its own, as workers do."""
    s = page_records.Settings(split_bytes=size, **settings)
    out = []
    items = list(inputs.pages(inputs.plan([str(path)], s), s))
    assert all(isinstance(x, spans.Span) for x in items)
    for span in items:
        out += [p for _i, p in spans.read(span, s, Counter())]
    return out


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("layout", ["gzip", "plain", "single-stream"])
def test_any_cut_of_a_warc_reads_every_record_once(tmp_path, size, layout):
    warc = tmp_path / "a.warc.gz"
    write_records(warc, gz=layout != "plain", single_stream=layout == "single-stream")
    want = whole(warc)
    assert len(want) == 30 - 4 and all(p.kind == "data" for p in want)   # 4 images skipped
    got = by_spans(warc, size)
    assert got == want                       # same pages, same order, same offsets


@pytest.mark.parametrize("size", [50, 300, 4096, 1 << 20])
def test_any_cut_of_a_jsonl_file_keeps_line_ids(tmp_path, size):
    src = tmp_path / "export.jsonl"
    lines = [json.dumps({"html": page(i, "<p>" + "é" * (i * 37) + "</p>")}) if i % 5
             else ("" if i % 10 else "{broken") for i in range(40)]
    src.write_text("\n".join(lines))                     # no newline after the last line
    want = whole(src)
    got = by_spans(src, size)
    assert got == want
    assert [p.id for p in got][:3] == ["export.jsonl:1", "export.jsonl:2", "export.jsonl:3"]
    assert got[-1].id == "export.jsonl:40"


def test_a_damaged_member_is_one_error_record_and_the_rest_is_read(tmp_path):
    warc = tmp_path / "a.warc.gz"
    parts = write_records(warc, n=20)
    members = [gzip.compress(p) for p in parts]
    bad = bytearray(members[8])
    bad[len(bad) // 2: len(bad) // 2 + 8] = b"\xff" * 8   # inside the deflate data
    members[8] = bytes(bad)
    warc.write_bytes(b"".join(members))
    clean = tmp_path / "clean.warc.gz"
    clean.write_bytes(b"".join(gzip.compress(p) for i, p in enumerate(parts) if i != 8))
    for size in (500, 3000, 1 << 20, 0):          # 0: read by the parent, whole
        got = by_spans(warc, size) if size else whole(warc)
        errors = [p for p in got if p.kind == "error"]
        assert len(errors) == 1 and errors[0].data.startswith(f"cannot read {warc} after")
        good = [p for p in got if p.kind != "error"]
        assert [p.id for p in good] == [p.id for p in whole(clean)]


def test_a_truncated_warc_gz_keeps_its_records_and_reports_the_cut(tmp_path):
    warc = tmp_path / "a.warc.gz"
    write_records(warc, n=12)
    data = warc.read_bytes()
    intact = whole(warc)
    for cut in (5, 40, 300):       # inside the gzip trailer, or into the deflate data
        warc.write_bytes(data[: len(data) - cut])
        for size in (700, 1 << 20):
            got = by_spans(warc, size)
            assert [p.id for p in got] == [p.id for p in intact]
            assert got[:-1] == intact[:-1]
            assert got[-1].kind == "error" and "ends inside this record" in got[-1].data


def test_cli_spans_agree_with_the_parent_reading_the_file(tmp_path):
    warc = tmp_path / "a.warc.gz"
    write_records(warc, n=40)
    src = tmp_path / "b.jsonl"
    src.write_text("".join(json.dumps({"id": f"j{i}", "html": page(i)}) + "\n"
                           for i in range(25)))
    base = run(warc, src, "--span-mb", "0", "--workers", "2", "-v")
    cut = run(warc, src, "--span-mb", "0.002", "--workers", "2", "-v")
    one = run(warc, src, "--span-mb", "0.002", "--workers", "1")
    assert base.returncode == cut.returncode == one.returncode == 0
    want = by_id(records(base.stdout))
    assert len(want) == 34 + 25                   # 6 images skipped
    assert by_id(records(cut.stdout)) == want
    assert records(one.stdout) == records(run(warc, src, "--span-mb", "0",
                                              "--workers", "1").stdout)  # and in input order
    for res in (base, cut):             # what workers count comes back to the summary
        assert "; 6 WARC records not HTML" in res.stderr.decode()


def test_hung_and_crashing_pages_inside_a_span(tmp_path):
    warc = tmp_path / "a.warc.gz"
    parts = [warc_record(f"https://e.org/{i}", page(i, "<p>HANG-HERE</p>" if i == 4 else
                                                    "<p>CRASH-HERE</p>" if i == 9 else "")
                         .encode()) for i in range(14)]
    image = warc_record("https://e.org/i.png", b"\x89PNG" + bytes(40), "image/png")
    stored = parts[:3] + [image] + parts[3:10] + [image, image] + parts[10:]
    warc.write_bytes(b"".join(gzip.compress(data) for _rid, data in stored))
    res = run(warc, "--workers", "2", "--timeout", "1", "--span-mb", "0.01", "-v", hooks=True)
    assert res.returncode == 1
    recs = by_id(records(res.stdout))
    assert set(recs) == {rid for rid, _ in parts}
    assert recs[parts[4][0]]["error"] == "timed out after 1 s"
    assert recs[parts[9][0]]["error"] == "worker crashed (SIGSEGV)"
    for i in set(range(14)) - {4, 9}:
        assert recs[parts[i][0]]["title"] == f"Headline {i}"
    assert "2 workers replaced" in res.stderr.decode()
    assert "; 3 WARC records not HTML" in res.stderr.decode()   # counted once, crash or not


def test_kill_9_then_resume_a_warc_read_in_spans(tmp_path):
    warc = tmp_path / "a.warc.gz"
    n = 100
    parts = [warc_record(f"https://e.org/{i}", page(i).encode()) for i in range(n)]
    warc.write_bytes(b"".join(gzip.compress(data) for _rid, data in parts))
    out = tmp_path / "out.jsonl"
    args = [warc, "--workers", "2", "--span-mb", "0.005", "--output-jsonl", out]
    done = killed_midway_jsonl(args, out, n)
    res = run(*args, "--resume", hooks=True)
    assert res.returncode == 0
    assert f"; {done} done before, skipped" in res.stderr.decode()   # counted by the workers
    resumed = by_id(records(out))
    full = run(warc, "--span-mb", "0", hooks=True)
    assert resumed == by_id(records(full.stdout)) and len(resumed) == n


def test_randomly_damaged_warcs_are_read_without_raising(tmp_path):
    # Byte flips, cuts and insertions in a gzip or plain WARC: the parent's reader and spans
    # of any size read to the end or stop with an error record; nothing raises. (A file
    # damaged at its start is no longer a WARC: it is read as one page, kind "path".)
    parts = [warc_record(f"https://e.org/{i}", page(i).encode())[1] for i in range(4)]
    bases = [b"".join(parts), b"".join(gzip.compress(p) for p in parts)]
    rnd = random.Random(11)
    path = tmp_path / "d.warc"
    for _ in range(150):
        data = bytearray(rnd.choice(bases))
        for _ in range(rnd.randrange(1, 6)):
            op, at = rnd.randrange(4), rnd.randrange(len(data) + 1)
            if op == 0 and at < len(data):
                data[at] = rnd.randrange(256)
            elif op == 1:
                del data[at:at + rnd.randrange(1, 50)]
            elif op == 2:
                data[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 20)))
            else:
                del data[at:]
        path.write_bytes(bytes(data))
        for page_ in whole(path):
            assert page_.kind in ("data", "error", "path")
        settings = page_records.Settings(split_bytes=rnd.choice([50, 300, 1000, 1 << 20]))
        for item in inputs.pages(inputs.plan([str(path)], settings), settings):
            if isinstance(item, spans.Span):
                assert all(p.kind in ("data", "error")
                           for _i, p in spans.read(item, settings, Counter()))


def _stream_pages(data: bytes) -> list[page_records.Page]:
    """The pages of `data` read as stdin or a pipe is: once, start to end, never seeking."""
    raw = io.BufferedReader(_OneWay(data))
    stream = page_records.decompressing(raw)
    return list(inputs._container("-", "stdin", "warc", page_records.Settings(), Counter(), stream))


class _OneWay(io.RawIOBase):
    """A pipe's read end: bytes in order, no tell, no seek."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        n = min(len(buf), len(self.data) - self.pos, 4096)
        buf[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n


def _spans_or_error(path: Path, size: int) -> list[page_records.Page]:
    """by_spans, or the error record that the parent gives for a file cut too short to plan."""
    s = page_records.Settings(split_bytes=size)
    items = list(inputs.pages(inputs.plan([str(path)], s), s))
    if len(items) == 1 and isinstance(items[0], page_records.Page):
        return items
    return by_spans(path, size)


@pytest.mark.parametrize("gz", [False, True])
def test_any_cut_of_a_warc_keeps_every_whole_record_then_one_error(tmp_path, gz):
    """A WARC cut short anywhere (a truncated download, `head -c`), read from a pipe, from the
    file by the parent and in spans: the pages of every record that lies wholly before the cut
    come out as they are, then exactly one error record, unless the cut falls between records.
    Cuts inside a record's headers are included (they were dropped without a word)."""
    parts = write_records(tmp_path / "ref.warc", n=6, gz=False)
    blobs = [gzip.compress(p) for p in parts] if gz else parts
    ends, pos = [], 0
    for blob in blobs:
        pos += len(blob)
        ends.append(pos)
    data = b"".join(blobs)
    full = _stream_pages(data)
    assert all(p.kind == "data" for p in full) and len(full) == 5     # one image skipped
    pages_at = [i for i, p in enumerate(parts) if b"image/png" not in p]
    tail = 16 if gz else 4   # a gzip trailer and the deflate bytes of the closing CRLFs
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    cuts = sorted({*range(20, len(data), 5), *(e + d for e in ends for d in (-9, -1, 0, 1, 2))})
    for cut in (c for c in cuts if 20 <= c < len(data)):   # shorter: no longer a WARC file
        path.write_bytes(data[:cut])
        whole_before = sum(e <= cut for e in ends)           # records wholly before the cut
        between = cut in ends
        for how, got in (("pipe", _stream_pages(data[:cut])), ("file", whole(path)),
                         ("spans", _spans_or_error(path, 1000))):
            good = [p for p in got if p.kind == "data"]
            # "path": a file cut in its first member is no WARC by its first bytes: it is read
            # as one page, whose reading fails ("truncated"), an error record too
            errors = [p for p in got if p.kind in ("error", "path")]
            assert got[:len(good)] == good, (how, cut)        # pages first, then the error
            assert [(p.id, p.data) for p in good] == [(p.id, p.data) for p in full[:len(good)]], \
                (how, cut)                                    # each page whole, in order
            want = sum(i < whole_before for i in pages_at)
            if any(e - tail <= cut < e for e in ends):
                # only a record's closing bytes are cut: its content is whole, so it may come
                # out as a page, as the error, or as a page and then the error
                assert want <= len(good) <= want + 1 and len(errors) <= 1, (how, cut)
            else:
                assert len(good) == want, (how, cut, len(good), want)
                assert len(errors) == (0 if between else 1), (how, cut, [e.data for e in errors])
