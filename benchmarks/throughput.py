"""Throughput benchmark: CPU time and memory of cleaner against trafilatura, resiliparse and a
parse floor, on the same pages.

    python -m benchmarks.throughput [--dataset KIND:PATH ...] [--limit N] [--largest N] [--str]
                                    [--repeat R] [--block B] [--no-memory]

How, and why:

- One process, extractors interleaved by blocks of pages: the pages are cut into blocks of
  ``--block`` pages (default 25); each extractor runs a whole block in turn, the order rotated
  by one per block. Machine noise (frequency scaling, a neighbour's load) then hits all
  extractors alike instead of whichever happened to run during it, while each extractor runs
  page after page as it does in a crawl's worker, with its own code and tables in the CPU's
  caches. Alternating after every page (``--block 1``, this benchmark's method until
  2026-12-07) charges each call the cache misses of refilling what the other extractors
  evicted: a fixed cost that weighs most on the fastest call (on WCXB dev it added about a
  third to cleaner's and the parse floor's time per page, a sixth to resiliparse's and 3% to
  trafilatura's), so it measured the interleaving more than the extractors.
- CPU time (time.process_time) around the call only: loading, gunzipping and bookkeeping are
  outside the timer. Each extractor is called once on the first page before timing, so one-time
  lazy set-up (trafilatura loads data files on first use) is not counted as page time.
- Inputs: cleaner, trafilatura and resiliparse get the page bytes, and detect the charset inside
  the timer (resiliparse through its bytes API: detect_encoding(from_html_meta=True) +
  HTMLTree.parse_from_bytes). The parse floor -- selectolax Lexbor parse + body.text(), the
  least any Lexbor-based extractor must do -- gets a str decoded once *outside* the timer (same
  detection as resiliparse), so it is a true floor.
- ``--str``: every extractor gets that str instead of the bytes (a caller whose pages are
  already text: a crawler's decoded body, a JSONL corpus). ``--largest N``: the N largest pages
  of the sets named (``--dataset`` may be repeated), for big news pages such as ScrapingHub's.
- Peak memory: each extractor runs again in its own child process (this module, hidden
  --memory-probe flag) that imports only that extractor, loads the pages, then runs them once;
  reported = peak RSS (ru_maxrss) minus the RSS after imports and loading, i.e. what extracting
  adds on top of holding the pages. The probes run before this process loads anything (see
  main()).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from . import datasets, extractors, report

NAMES = ("cleaner", "trafilatura", "resiliparse", "parse-floor")
DEFAULT_OUT = Path(__file__).resolve().parent / "results"


def decode(html: bytes) -> str:
    """The parse floor's input: <meta> charset, else uchardet, via resiliparse (outside timers)."""
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return bytes_to_str(html, detect_encoding(html, from_html_meta=True))


def load_callable(name: str, as_str: bool = False):
    """``fn(html, url, text)``; the parse floor uses the pre-decoded ``text``, and with
    ``as_str`` every extractor does."""
    if name == "parse-floor":
        from selectolax.lexbor import LexborHTMLParser

        def floor(html: bytes, url: str | None, text: str) -> str:
            body = LexborHTMLParser(text).body
            return body.text() if body is not None else ""

        return floor
    fn = extractors.load(name)
    if as_str:
        return lambda html, url, text: fn(text, url)
    return lambda html, url, text: fn(html, url)


def load_pages(specs: str | list[str], limit: int | None, decoded: bool,
               largest: int | None = None) -> list[tuple[bytes, str | None, str]]:
    """The pages of the sets (limit: the first N of each), or with ``largest`` the N largest
    of them all (by bytes, kept in the sets' order)."""
    pages = [(p["html"], p["url"])
             for spec in ([specs] if isinstance(specs, str) else specs)
             for p in datasets.load(spec, limit)]
    if largest:
        keep = sorted(range(len(pages)), key=lambda i: -len(pages[i][0]))[:largest]
        pages = [pages[i] for i in sorted(keep)]
    return [(html, url, decode(html) if decoded else "") for html, url in pages]


def time_pages(pages: list, names: list[str], repeat: int, as_str: bool = False,
               block: int = 1) -> tuple[dict, dict]:
    """Per extractor: the CPU seconds of every call, and the number of calls that raised.
    Extractors take turns by blocks of ``block`` pages, the order rotated per block."""
    fns = {name: load_callable(name, as_str) for name in names}
    for fn in fns.values():  # one-time lazy set-up, not page time
        with contextlib.suppress(Exception):
            fn(*pages[0])
    times: dict[str, list[float]] = {name: [] for name in names}
    errors = dict.fromkeys(names, 0)
    blocks = [pages[i:i + block] for i in range(0, len(pages), block)]
    for r in range(repeat):
        for i, chunk in enumerate(blocks):
            k = (i + r) % len(names)
            for name in names[k:] + names[:k]:
                fn, spent = fns[name], times[name]
                for page in chunk:
                    start = time.process_time()
                    try:
                        fn(*page)
                    except Exception:  # noqa: BLE001 -- counted, the page's time still counts
                        errors[name] += 1
                    spent.append(time.process_time() - start)
    return times, errors


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (a value that was actually observed)."""
    return sorted_values[max(0, math.ceil(q / 100 * len(sorted_values)) - 1)]


def stats(times: list[float], input_bytes: int) -> dict:
    total, s = sum(times), sorted(times)
    return {
        "pages": len(times),
        "cpu_seconds": total,
        "pages_per_s": len(times) / total if total else None,
        "mb_per_s": input_bytes / 1e6 / total if total else None,
        "p50_ms": percentile(s, 50) * 1000,
        "p95_ms": percentile(s, 95) * 1000,
        "max_ms": s[-1] * 1000,
    }


def _rss_now() -> int:
    """Current resident set size in bytes (Linux /proc; elsewhere the peak so far)."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return _rss_peak()


def _rss_peak() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # macOS: bytes, Linux: KiB


def memory_probe(name: str, specs: list[str], limit: int | None, largest: int | None = None,
                 as_str: bool = False) -> dict:
    """Runs in the child: import one extractor, load the pages, run them once."""
    fn = load_callable(name, as_str)
    pages = load_pages(specs, limit, decoded=as_str or name == "parse-floor", largest=largest)
    gc.collect()
    baseline = _rss_now()
    for page in pages:
        with contextlib.suppress(Exception):
            fn(*page)
    peak = _rss_peak()
    return {"baseline_mb": baseline / 1e6, "peak_mb": peak / 1e6,
            "peak_rss_mb": (peak - baseline) / 1e6}


def measure_memory(name: str, specs: list[str], limit: int | None, largest: int | None = None,
                   as_str: bool = False) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.throughput", "--memory-probe", name]
    for spec in specs:
        kind, path = datasets.parse_spec(spec)
        cmd += ["--dataset", f"{kind}:{path.resolve()}"]
    cmd += (["--limit", str(limit)] if limit else []) + (
        ["--largest", str(largest)] if largest else []) + (["--str"] if as_str else [])
    done = subprocess.run(cmd, cwd=datasets.REPO_ROOT, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        print(f"memory probe for {name} failed:\n{done.stderr}", file=sys.stderr)
        return {"baseline_mb": None, "peak_mb": None, "peak_rss_mb": None}
    return json.loads(done.stdout.splitlines()[-1])


def markdown(result: dict) -> str:
    ex = result["extractors"]
    rows = [[name, s["pages"], f"{s['cpu_seconds']:.2f}", report.num(s["pages_per_s"], 1),
             report.num(s["mb_per_s"], 2), f"{s['p50_ms']:.2f}", f"{s['p95_ms']:.2f}",
             f"{s['max_ms']:.1f}", report.num(s.get("peak_rss_mb"), 1), s["errors"]]
            for name, s in ex.items()]
    ratios = ", ".join(f"{k} {report.num(v, 2)}×" for k, v in result["ratios"].items())
    return "\n".join([
        "# Throughput", "", report.header_line(result), "",
        (f"Dataset {result['dataset']}: {result['page_count']} pages"
         + (f" (the {result['largest']} largest)" if result.get("largest") else "")
         + f", {result['input_mb']:.1f} MB of HTML, repeat {result['repeat']}"
         + ("; every extractor given str (decoded outside the timer)."
            if result.get("input") == "str" else ".")), "",
        report.table(["extractor", "pages", "CPU s", "pages/s", "MB/s", "p50 ms", "p95 ms",
                      "max ms", "peak RSS Δ MB", "errors"], rows), "",
        f"Speed ratios (pages/s): {ratios}." if ratios else "", "",
        ("CPU time (process_time) inside each call only; one process, "
         + ("pages interleaved, extractor order rotated per page"
            if result.get("block", 1) == 1 else
            f"extractors take turns by blocks of {result['block']} pages, order rotated "
            "per block")
         + "; one untimed warm-up call each. "
         + ("Every extractor gets a str decoded once outside the timer (<meta> charset, else "
            "uchardet); the parse floor is Lexbor parse + body.text(). "
            if result.get("input") == "str" else
            "cleaner, trafilatura and resiliparse get bytes and detect the charset inside the "
            "timer; the parse floor (Lexbor parse + body.text()) gets a str decoded once "
            "outside the timer. ")
         + "MB = 10^6 "
         "bytes of input HTML. Peak RSS Δ: peak RSS minus RSS after imports and page loading, "
         "each extractor alone in a child process, one pass over the same pages."), "",
    ])


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", action="append", metavar="KIND:PATH",
                        help=f"repeatable; default: {datasets.default_dataset()}")
    parser.add_argument("--limit", type=int, help="first N pages of each set only")
    parser.add_argument("--largest", type=int, metavar="N",
                        help="the N largest pages of the sets only (big news pages)")
    parser.add_argument("--str", dest="as_str", action="store_true",
                        help="give every extractor the page as str, decoded outside the timer")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the pages")
    parser.add_argument("--block", type=int, default=25, metavar="B",
                        help="pages each extractor runs before the next takes its turn "
                             "(1: alternate after every page; default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="directory for throughput.json and .md (default: %(default)s)")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory probes")
    parser.add_argument("--memory-probe", choices=NAMES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    specs = args.dataset or [datasets.default_dataset()]

    if args.memory_probe:  # child process of measure_memory()
        print(json.dumps(memory_probe(args.memory_probe, specs, args.limit, args.largest,
                                      args.as_str)))
        return None

    # Memory first, while this process is small: Linux carries a parent's RSS at fork time
    # into the child's ru_maxrss across exec, so probes started after loading the pages here
    # would all report this process's size as their peak.
    memory = {name: {} if args.no_memory else measure_memory(name, specs, args.limit,
                                                             args.largest, args.as_str)
              for name in NAMES}
    pages = load_pages(specs, args.limit, decoded=True, largest=args.largest)
    if not pages:
        parser.error(f"no pages in {' + '.join(specs)}")
    input_bytes = sum(len(p[0]) for p in pages) * args.repeat
    if args.block < 1:
        parser.error("--block must be 1 or more")
    times, errors = time_pages(pages, list(NAMES), args.repeat, args.as_str, args.block)
    result = report.context(["cleaner", "trafilatura", "resiliparse", "selectolax"])
    result |= {"dataset": " + ".join(specs), "page_count": len(pages), "repeat": args.repeat,
               "block": args.block,
               "input": "str" if args.as_str else "bytes", "largest": args.largest,
               "input_mb": input_bytes / args.repeat / 1e6,
               "extractors": {name: {**stats(times[name], input_bytes), "errors": errors[name],
                                     **memory[name]}
                              for name in NAMES}}
    speed = {name: s["pages_per_s"] for name, s in result["extractors"].items()}
    result["ratios"] = {f"cleaner/{name}": speed["cleaner"] / speed[name]
                        for name in NAMES[1:] if speed["cleaner"] and speed[name]}

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "throughput.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    text = markdown(result)
    (args.out / "throughput.md").write_text(text, encoding="utf-8")
    print(text)
    return result


if __name__ == "__main__":
    main()
