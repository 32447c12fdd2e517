"""Command-line throughput: pages/s of `cleaner` over a WARC (or a JSONL export) with 1 and 2
workers, against the library's own pages/s on the same pages, with peak memory.

    python -m benchmarks.cli_throughput [--dataset KIND:PATH] [--warc FILE] [--copies K]
                                        [--workers 1 2] [--limit N] [--json FILE] [--jsonl]

How:

- The WARC is built first (into --warc, default a temporary file; never into the repository):
  one gzip member per response record, as crawlers write them, with the page's URL as
  WARC-Target-URI and `Content-Type: text/html` (no charset: the pages' own declarations
  decide, as in the library run). --copies K repeats the dataset K times with fresh record ids,
  to check that memory stays flat on a large input (K=3 on WCXB dev is ~1.25 GB of HTML).
  With --jsonl, a JSONL export is built instead ({"id", "url", "html"} a line, the HTML
  decoded as UTF-8 with replacement) and the report goes to cli_throughput_jsonl.md.
- Library, two ways, each in a fresh process: (1) the HTML payloads are read from the same WARC
  into memory, then clean() runs over them in one loop, timed alone (wall clock); (2) one
  loop that reads the WARC with FastWARC and calls clean() on each HTML response, timed
  whole: what a library user does to get the same records, and what the CLI with one
  worker is compared with (the target). The gap between (1) and (2) is inflating the
  WARC.gz (~0.2 ms a WCXB page), which any reader of the file pays.
- Machine ceiling: N such processes at once, each on 1/N of the pages. On a machine whose
  cores are truly independent this is N times the library; where they share a physical core,
  caches or a busy host, it is less, and no N-worker scheme can beat it.
- CLI: `python -m cleaner WARC --workers N -q --output-jsonl OUT`, timed from process start to
  exit (start-up, WARC reading and decompression, JSON writing all included). Peak RSS is read
  from /proc (VmHWM, a high-water mark) for the command's process and each worker it
  starts, every 100 ms (reading /proc costs CPU the run under test would otherwise have).
- Start-up counts: every CLI run is a fresh `python -m cleaner` (~0.1 s to import). The
  package's bytecode is compiled first (compileall), as `pip install` does for an installed
  package: without it, an editable install under PYTHONDONTWRITEBYTECODE (as on our dev and
  CI machines) recompiles every module at each start (+25 ms).
- Rounds (--repeat) run everything once in turn; medians (and ranges) are reported.
- Targets (issue #4): 2 workers >= 1.8x one worker; CLI with one worker within 15% of the
  library's pages/s (library (2): the same job, in one loop of the caller's own).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from . import datasets

REPO = Path(__file__).resolve().parents[1]


def build_warc(spec: str, path: Path, copies: int = 1, limit: int | None = None) -> int:
    """Write the dataset's pages as a WARC.gz at `path`; returns the number of records."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    n = 0
    with open(path, "wb") as out:
        for _ in range(copies):
            for page in datasets.load(spec, limit):
                rec = WarcRecord()
                rec.init_headers(WarcRecordType.response, f"uuid:{uuid.uuid4()}".encode())
                rec.headers["WARC-Target-URI"] = page["url"] or f"https://example.invalid/{n}"
                rec.headers["Content-Type"] = "application/http; msgtype=response"
                rec.set_bytes_content(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                      b"Content-Length: %d\r\n\r\n" % len(page["html"])
                                      + page["html"])
                buf = io.BytesIO()
                rec.write(buf)
                out.write(gzip.compress(buf.getvalue(), compresslevel=6))
                n += 1
    return n


def build_jsonl(spec: str, path: Path, copies: int = 1, limit: int | None = None) -> int:
    """Write the dataset's pages as a JSONL export at `path`; returns the number of lines."""
    n = 0
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(copies):
            for page in datasets.load(spec, limit):
                out.write(json.dumps({"id": f"p{n}", "url": page["url"],
                                      "html": page["html"].decode("utf-8", "replace")},
                                     ensure_ascii=False) + "\n")
                n += 1
    return n


def _jsonl_rate(path: Path, part: int, parts: int, reading: bool) -> tuple[int, float, float]:
    """library_rate for a JSONL export; lines parsed with orjson, as the command does."""
    from orjson import loads

    import cleaner

    with open(path, "rb") as f:
        first = json.loads(f.readline())
    cleaner.clean(first["html"], url=first["url"])   # one-time set-up outside the timer
    if reading:
        n = 0
        start, cpu = time.perf_counter(), time.process_time()
        with open(path, "rb") as f:
            for line in f:
                rec = loads(line)
                cleaner.clean(rec["html"], url=rec["url"])
                n += 1
        return n, time.perf_counter() - start, time.process_time() - cpu
    with open(path, "rb") as f:
        pages = [(rec["html"], rec["url"]) for i, rec in enumerate(map(loads, f))
                 if i % parts == part]
    start, cpu = time.perf_counter(), time.process_time()
    for html, url in pages:
        cleaner.clean(html, url=url)
    return len(pages), time.perf_counter() - start, time.process_time() - cpu


def library_rate(warc: Path, part: int = 0, parts: int = 1,
                 reading: bool = False) -> tuple[int, float, float]:
    """(pages, wall seconds, CPU seconds) of clean() over the WARC's HTML payloads (every
    `parts`-th from `part`), held in memory; with `reading`, of one loop that reads the WARC
    and cleans each payload as it comes. A .jsonl path: the same over a JSONL export."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    import cleaner

    if str(warc).endswith(".jsonl"):
        return _jsonl_rate(Path(warc), part, parts, reading)
    if reading:
        with open(warc, "rb") as f:
            first = next(iter(ArchiveIterator(f, record_types=WarcRecordType.response)))
            cleaner.clean(first.reader.read())   # one-time set-up outside the timer
        n = 0
        start, cpu = time.perf_counter(), time.process_time()
        with open(warc, "rb") as f:
            for r in ArchiveIterator(f, record_types=WarcRecordType.response):
                cleaner.clean(r.reader.read(), url=r.headers.get("WARC-Target-URI"),
                              encoding=r.http_charset)
                n += 1
        return n, time.perf_counter() - start, time.process_time() - cpu
    with open(warc, "rb") as f:
        pages = [(r.reader.read(), r.headers.get("WARC-Target-URI"), r.http_charset)
                 for i, r in enumerate(ArchiveIterator(f, record_types=WarcRecordType.response))
                 if i % parts == part]
    cleaner.clean(pages[0][0], url=pages[0][1])   # one-time set-up outside the timer
    start, cpu = time.perf_counter(), time.process_time()
    for html, url, charset in pages:
        cleaner.clean(html, url=url, encoding=charset)
    return len(pages), time.perf_counter() - start, time.process_time() - cpu


def machine_ceiling(warc: Path, n: int, reading: bool = False) -> tuple[float, float]:
    """pages/s of `n` independent library processes, each on 1/n of the pages, run at once
    (n=1: the library alone, in a fresh process). With n > 1 this is the most any n-process
    scheme can get from this machine, whose cores may share caches, memory or a host.
    Returns (pages/s, CPU seconds per page)."""
    code = ("import sys, json; from benchmarks.cli_throughput import library_rate; "
            "print(json.dumps(library_rate(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), "
            "sys.argv[4] == '1')))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(warc), str(k), str(n),
                               "1" if reading else "0"],
                              cwd=REPO, stdout=subprocess.PIPE, text=True) for k in range(n)]
    results = [json.loads(p.communicate()[0]) for p in procs]
    pages = sum(r[0] for r in results)
    return pages / max(r[1] for r in results), sum(r[2] for r in results) / pages


def _kids(pid: int) -> list[int]:
    """The child processes of pid (Linux /proc/PID/task/*/children: no scan of /proc)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(k) for k in f.read().split()]
    except OSError:
        pass
    return found


def _hwm(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_run(warc: Path, workers: int, out: Path) -> dict:
    """Run the CLI once: wall seconds, pages, CPU seconds (the command and its workers, which
    it waits for), and peak RSS of the main process and of the largest worker."""
    out.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "cleaner", str(warc), "--workers", str(workers), "-q",
           "--output-jsonl", str(out)]
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO)
    peaks: dict[int, int] = {}
    roles: dict[int, str] = {proc.pid: "main"}
    while proc.poll() is None:
        todo = [proc.pid]
        while todo:       # the whole tree: main -> workers
            pid = todo.pop()
            for kid in _kids(pid):
                roles.setdefault(kid, "child")
                todo.append(kid)
            hwm = _hwm(pid)
            if hwm:
                peaks[pid] = max(peaks.get(pid, 0), hwm)
        # VmHWM is a high-water mark, so sparse samples suffice; each costs CPU the run
        # under test would otherwise have (both cores are busy with two workers).
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}")
    with open(out, "rb") as f:
        pages = sum(1 for _ in f)
    child_peaks = [v for pid, v in peaks.items() if roles.get(pid) == "child"]
    return {"workers": workers, "pages": pages, "seconds": seconds,
            "pages_per_s": pages / seconds, "cpu_ms_per_page": 1000 * cpu / pages,
            "rss_main_mb": peaks.get(proc.pid, 0) / 2**20,
            "rss_worker_max_mb": max(child_peaks, default=0) / 2**20}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", default=datasets.default_dataset(), help="KIND:PATH")
    ap.add_argument("--warc", type=Path, help="where to build the WARC (default: a temp file)")
    ap.add_argument("--reuse", action="store_true", help="use --warc as it is if it exists")
    ap.add_argument("--copies", type=int, default=1, help="repeat the dataset K times")
    ap.add_argument("--limit", type=int, help="only the first N pages of the dataset")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds, each running everything once in turn; medians reported")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--jsonl", action="store_true",
                    help="build and time a JSONL export instead of a WARC.gz")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results",
                    help="directory for cli_throughput.md (default: benchmarks/results)")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="cleaner-cli-bench-")
    warc = args.warc or Path(tmp.name) / ("bench.jsonl" if args.jsonl else "bench.warc.gz")
    if not (args.reuse and warc.exists()):
        t = time.perf_counter()
        n = (build_jsonl if args.jsonl else build_warc)(args.dataset, warc, args.copies,
                                                         args.limit)
        print(f"built {warc}: {n} records, {warc.stat().st_size / 2**20:.1f} MiB "
              f"in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "cleaner")],
                   check=True)
    # Rounds interleave every measurement, so that a slow spell of the machine hits all alike.
    rates: dict[str, list[tuple[float, float]]] = {}
    runs: dict[int, list[dict]] = {w: [] for w in args.workers}
    for r in range(args.repeat):
        for n in sorted({1, *args.workers}):
            rates.setdefault(f"library x{n}", []).append(machine_ceiling(warc, n))
        rates.setdefault("reading", []).append(machine_ceiling(warc, 1, reading=True))
        for w in args.workers:
            runs[w].append(cli_run(warc, w, Path(tmp.name) / f"out-{w}.jsonl"))
        print(f"round {r + 1}/{args.repeat} done", file=sys.stderr)
    lib = statistics.median(rate for rate, _ in rates["reading"])
    lib_cpu = statistics.median(cpu for _, cpu in rates["reading"]) * 1000
    mem = statistics.median(rate for rate, _ in rates["library x1"])
    mem_cpu = statistics.median(cpu for _, cpu in rates["library x1"]) * 1000
    cli = {w: statistics.median(x["pages_per_s"] for x in rs) for w, rs in runs.items()}
    base = cli.get(1, next(iter(cli.values())))
    pages = runs[args.workers[0]][0]["pages"]

    out: list[str] = []
    kind = "JSONL export" if args.jsonl else "WARC.gz"
    out.append(f"CLI throughput on {args.dataset} as one {kind} ({pages} pages"
          f"{'' if args.copies == 1 else f', the dataset {args.copies} times'}); "
          f"{os.cpu_count()} cores; median of {args.repeat} rounds (range)")
    out.append("")
    out.append("| run | pages/s | vs CLI 1 worker | vs library | CPU ms/page | peak RSS main | "
          "peak RSS worker |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    out.append(f"| library: clean() on the payloads, read into memory beforehand | "
               f"{_range([x for x, _ in rates['library x1']])} | | {mem / lib:.2f} | "
               f"{mem_cpu:.2f} | | |")
    out.append(f"| library: one loop reading the {kind} and calling clean() (the target's "
               f"baseline) | {_range([x for x, _ in rates['reading']])} | | 1.00 | "
               f"{lib_cpu:.2f} | | |")
    for w, rs in runs.items():
        cpu = statistics.median(x["cpu_ms_per_page"] for x in rs)
        out.append(f"| CLI --workers {w} | {_range([x['pages_per_s'] for x in rs])} | "
              f"{cli[w] / base:.2f}x | {cli[w] / lib:.2f} | {cpu:.2f} | "
              f"{max(x['rss_main_mb'] for x in rs):.0f} MB | "
              f"{max(x['rss_worker_max_mb'] for x in rs):.0f} MB |")
    for name, values in rates.items():
        if name not in ("library x1", "reading"):
            n = name.removeprefix("library x")
            rate = statistics.median(x for x, _ in values)
            cpu = statistics.median(c for _, c in values) * 1000
            out.append(f"| library: {n} processes at once, clean() on 1/{n} of the payloads "
                       f"each (machine ceiling) | {_range([x for x, _ in values])} | "
                       f"{rate / mem:.2f}x the first row | {rate / lib:.2f} | {cpu:.2f} | | |")
    report = "\n".join(out) + "\n"
    print("\n" + report, end="")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        name = "cli_throughput_jsonl.md" if args.jsonl else "cli_throughput.md"
        (args.out / name).write_text(
            f"{stamp} · {platform.platform()} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()}\n\n{report}")
    if args.json:
        args.json.write_text(json.dumps({"dataset": args.dataset, "copies": args.copies,
                                         "library_pages_per_s": rates,
                                         "cli": runs}, indent=2) + "\n")
    tmp.cleanup()
    return 0


def _range(values: list[float]) -> str:
    return (f"{statistics.median(values):.1f} ({min(values):.0f}-{max(values):.0f})"
            if len(values) > 1 else f"{values[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
