"""Soak run of the property tests (issue #6): many hypothesis examples, every failure shown.

    nice -n 19 python -m benchmarks.soak [--fast 950000] [--others 8000] [--workers 2]
        [--fast-chunk 50000] [--chunk 2000] [--only NAME[,NAME]] [--hours H]

Runs each property of tests/test_properties.py as pytest runs of CLEANER_HYPOTHESIS_EXAMPLES
examples each (fresh random examples every run: the variable also turns derandomization
off), `--fast` examples in total for the fast property
(test_fast_random_pages_never_raise_and_words_come_from_input, ~2 ms an example) and
`--others` for each other one (~30 ms an example), split into chunks so that no process
grows for hours (hypothesis keeps what it has tried in memory: ~100 MB per 1,000 structured
examples), `--workers` chunks at a time. Nothing is skipped to go faster: shrinking runs as
usual after a failure, so a failure is reported minimal.

The examples are counted from hypothesis's own statistics (--hypothesis-show-statistics):
`passing + failing` test cases of the generate phase ("examples") and test cases rejected
by assume() ("invalid", not counted as examples). At the end: per property, examples,
invalid, chunks and failures; the total; the wall time; then every failure's pytest report
(the falsifying example and the traceback; each is also printed as soon as its run
ends). Exit status 1 when any chunk failed or could not be read, else 0. `--hours` stops
starting new chunks after that long (the report says how many examples ran).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST_FILE = "tests/test_properties.py"
FAST = "test_fast_random_pages_never_raise_and_words_come_from_input"

_PHASE_RE = re.compile(r"^\s*- during (\w+) phase")
_COUNTS_RE = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")
_STATS_TEST_RE = re.compile(r"^tests/test_properties\.py::(\w+):\s*$")


def properties() -> list[str]:
    """Names of the property tests, in file order."""
    text = (ROOT / TEST_FILE).read_text(encoding="utf-8")
    return re.findall(r"^def (test_\w+)\(", text, re.MULTILINE)


def parse_statistics(output: str) -> dict[str, dict[str, int]]:
    """Per test: examples (passing + failing, all phases but shrink), invalid, shrink runs."""
    out: dict[str, dict[str, int]] = {}
    test = phase = None
    in_stats = False
    for line in output.splitlines():
        if "Hypothesis Statistics" in line:
            in_stats = True
            continue
        if not in_stats:
            continue
        m = _STATS_TEST_RE.match(line)
        if m:
            test = m.group(1)
            out.setdefault(test, {"examples": 0, "invalid": 0, "shrinks": 0})
            continue
        m = _PHASE_RE.match(line)
        if m:
            phase = m.group(1)
            continue
        m = _COUNTS_RE.search(line)
        if m and test is not None:
            passing, failing, invalid = map(int, m.groups())
            if phase == "shrink":
                out[test]["shrinks"] += passing + failing
            else:
                out[test]["examples"] += passing + failing
                out[test]["invalid"] += invalid
    return out


def failure_report(output: str) -> str:
    """The FAILURES section of a pytest run (falsifying example and traceback)."""
    start = output.find("= FAILURES =")
    if start < 0:
        start = output.find("= ERRORS =")
    end = output.find("Hypothesis Statistics")
    if start < 0:
        return output[-6000:]
    start = output.rfind("\n", 0, start) + 1
    return output[start:end if end > start else None].rstrip()


def run_chunk(name: str, examples: int) -> dict:
    env = dict(os.environ, CLEANER_HYPOTHESIS_EXAMPLES=str(examples))
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           "--hypothesis-show-statistics", f"{TEST_FILE}::{name}"]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, check=False, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace")
    stats = parse_statistics(proc.stdout).get(name)
    return {"name": name, "asked": examples, "seconds": time.monotonic() - t0,
            "returncode": proc.returncode, "stats": stats,
            "failure": failure_report(proc.stdout) if proc.returncode != 0 or stats is None
            else None}


def chunks(total: int, size: int) -> list[int]:
    out = [size] * (total // size)
    if total % size:
        out.append(total % size)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fast", type=int, default=950_000,
                        help=f"examples in total for {FAST} (default 950000)")
    parser.add_argument("--others", type=int, default=8000,
                        help="examples in total for each other property (default 8000)")
    parser.add_argument("--fast-chunk", type=int, default=50_000,
                        help="examples per pytest run of the fast property (default 50000)")
    parser.add_argument("--chunk", type=int, default=2000,
                        help="examples per pytest run of the other properties (default 2000)")
    parser.add_argument("--workers", type=int, default=2, help="pytest runs at a time")
    parser.add_argument("--only", default="", help="comma-separated property names")
    parser.add_argument("--hours", type=float, default=0.0,
                        help="start no new chunk after this many hours (0: no limit)")
    args = parser.parse_args(argv)

    names = properties()
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - set(names)
        if unknown:
            parser.error(f"no such property: {', '.join(sorted(unknown))}")
        names = [n for n in names if n in wanted]
    per_name: dict[str, list[int]] = {}
    for name in names:
        total, size = (args.fast, args.fast_chunk) if name == FAST else (args.others, args.chunk)
        per_name[name] = chunks(total, max(1, size))
    # Round robin over the properties, so that a time limit still leaves some of each.
    jobs: list[tuple[str, int]] = []
    while any(per_name.values()):
        for name in names:
            if per_name[name]:
                jobs.append((name, per_name[name].pop(0)))

    print(f"soak: {len(names)} properties, {len(jobs)} pytest runs, "
          f"{sum(n for _, n in jobs):,} examples asked, {args.workers} workers", flush=True)
    start = time.monotonic()
    deadline = start + args.hours * 3600 if args.hours > 0 else None
    results: list[dict] = []
    totals = {n: {"examples": 0, "invalid": 0, "chunks": 0, "failures": 0} for n in names}
    pending = list(jobs)
    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        running = set()

        def submit_next() -> None:
            if pending and (deadline is None or time.monotonic() < deadline):
                running.add(pool.submit(run_chunk, *pending.pop(0)))

        for _ in range(max(1, args.workers)):
            submit_next()
        while running:
            done = next(as_completed(running))
            running.remove(done)
            r = done.result()
            results.append(r)
            t = totals[r["name"]]
            t["chunks"] += 1
            if r["stats"] is not None:
                t["examples"] += r["stats"]["examples"]
                t["invalid"] += r["stats"]["invalid"]
            if r["failure"] is not None:
                t["failures"] += 1
            ran = sum(v["examples"] for v in totals.values())
            status = "ok" if r["failure"] is None else "FAILED"
            got = r["stats"]["examples"] if r["stats"] else "?"
            print(f"[{time.monotonic() - start:7.0f} s] {r['name']}: {got} examples in "
                  f"{r['seconds']:.0f} s, {status}; total {ran:,}", flush=True)
            if r["failure"] is not None:        # at once too: a long run may be cut short
                print(f"{r['failure']}\n", flush=True)
            submit_next()
    wall = time.monotonic() - start
    skipped = len(pending)

    width = max(len(n) for n in names)
    print(f"\n{'property':<{width}}  {'examples':>10}  {'invalid':>8}  {'runs':>5}  failures")
    for name in names:
        t = totals[name]
        print(f"{name:<{width}}  {t['examples']:>10,}  {t['invalid']:>8,}  {t['chunks']:>5}  "
              f"{t['failures']}")
    total = sum(t["examples"] for t in totals.values())
    failures = [r for r in results if r["failure"] is not None]
    print(f"{'total':<{width}}  {total:>10,}  {sum(t['invalid'] for t in totals.values()):>8,}"
          f"  {len(results):>5}  {len(failures)}")
    print(f"\nsoak: {total:,} examples, {len(failures)} failed runs, wall time {wall:.0f} s"
          + (f", {skipped} runs not started (time limit)" if skipped else ""))
    for r in failures:
        print(f"\n===== FAILURE in {r['name']} (run of {r['asked']} examples, exit "
              f"{r['returncode']}) =====\n{r['failure']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
