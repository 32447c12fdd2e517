"""datatrove's overhead: pages/s per core of cleaner inside a datatrove pipeline versus the plain
command line, on the same WARC.gz.

    python -m benchmarks.datatrove_overhead [--dataset KIND:PATH] [--copies K] [--repeat N]

How:

- One WARC.gz is built (in a temporary folder) from the dataset (default: WCXB dev when it sits
  beside the repository, else the corpus 20 times over), with examples/make_sample_warc.py's
  records (WARC-Identified-Payload-Type: text/html, as Common Crawl writes, so datatrove's
  reader needs no libmagic sniffing).
- CLI: `python -m cleaner WARC --workers 1 -q --output-jsonl OUT` (a reading parent and one
  worker process).
- datatrove: `READER -> CleanerExtractor -> JsonlWriter(compression=None)` (plain JSONL,
  like the CLI's) on LocalPipelineExecutor(tasks=1, workers=1) (the reading task plus the
  extractor's sandbox process), in a fresh interpreter, once with datatrove's own WarcReader
  (warcio; decodes the HTML to str, which is pickled to the sandbox) and once with
  cleaner.integrations.datatrove.CleanerWarcReader (FastWARC; passes bytes + HTTP charset).
- Each run is timed from process start to exit, and its CPU time (user + system, the process
  and every child it waited for) read from getrusage. "pages/s per core" is pages divided by
  CPU seconds: what one core gets through, whatever the processes overlap; "wall pages/s" is
  one task's (one worker's) rate. Rounds alternate the two; medians are reported.
- Overhead = 1 - datatrove / CLI (per core, and wall). The target (issue #7) is under 20%.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import datasets

REPO = Path(__file__).resolve().parents[1]

DATATROVE = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
from cleaner.integrations.datatrove import CleanerExtractor, CleanerWarcReader
warcs, out, reader = sys.argv[1], sys.argv[2], sys.argv[3]
Reader = CleanerWarcReader if reader == "cleaner" else WarcReader
LocalPipelineExecutor(pipeline=[Reader(warcs, glob_pattern="*.warc.gz"),
                                CleanerExtractor(timeout=30),
                                JsonlWriter(out + "/jsonl", compression=None)],
                      tasks=1, workers=1, logging_dir=out + "/logs").run()
"""


def build(spec: str, folder: Path, copies: int) -> int:
    sys.path.insert(0, str(REPO))
    from examples import make_sample_warc

    pages = [{"name": p["id"], "html": p["html"], "charset": None,
              "url": p["url"] or f"https://example.invalid/{p['id']}"}
             for p in datasets.load(spec)]
    return len(make_sample_warc.build(folder, pages, parts=1, copies=copies))


def timed(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", default=None, help="KIND:PATH (default: WCXB dev, else corpus)")
    ap.add_argument("--copies", type=int, default=None, help="repeat the pages K times "
                    "(default 1 for WCXB, 20 for the corpus)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)
    spec = args.dataset or datasets.default_dataset()
    copies = args.copies or (20 if spec.startswith("corpus:") else 1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        n = build(spec, tmp / "warc", copies)
        warc = tmp / "warc" / "part-00000.warc.gz"
        mb = warc.stat().st_size / 2**20
        print(f"{n} pages ({spec} x{copies}), WARC.gz {mb:.1f} MiB", file=sys.stderr)
        runs: dict[str, list[tuple[float, float]]] = {"cli": [], "datatrove": [],
                                                      "datatrove_cleaner_reader": []}
        for r in range(args.repeat):
            out = tmp / f"cli-{r}.jsonl"
            runs["cli"].append(timed([sys.executable, "-m", "cleaner", str(warc), "--workers",
                                      "1", "-q", "--output-jsonl", str(out)]))
            for key, reader in (("datatrove", "stock"), ("datatrove_cleaner_reader", "cleaner")):
                runs[key].append(timed([sys.executable, "-c", DATATROVE, str(tmp / "warc"),
                                        str(tmp / f"{key}-{r}"), reader]))
            print(f"round {r + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} s wall {v[-1][1]:.2f} s CPU"
                                                for k, v in runs.items()), file=sys.stderr)
    res = {"pages": n, "dataset": spec, "copies": copies, "repeat": args.repeat}
    for k, v in runs.items():
        res[k] = {"wall_pages_s": statistics.median(n / w for w, _ in v),
                  "pages_per_cpu_s": statistics.median(n / c for _, c in v),
                  "cpu_ms_per_page": statistics.median(1000 * c / n for _, c in v)}
    for k in ("datatrove", "datatrove_cleaner_reader"):
        res[k]["overhead_per_core"] = 1 - res[k]["pages_per_cpu_s"] / res["cli"]["pages_per_cpu_s"]
        res[k]["overhead_wall"] = 1 - res[k]["wall_pages_s"] / res["cli"]["wall_pages_s"]
    print("| run | pages/s per core (CPU) | wall pages/s, 1 task | CPU ms/page | overhead "
          "per core | overhead wall |")
    print("|---|---:|---:|---:|---:|---:|")
    for k, label in (("cli", "CLI --workers 1"),
                     ("datatrove", "datatrove: WarcReader -> CleanerExtractor"),
                     ("datatrove_cleaner_reader",
                      "datatrove: CleanerWarcReader -> CleanerExtractor")):
        r = res[k]
        over = (f"{100 * r['overhead_per_core']:.1f}% | {100 * r['overhead_wall']:.1f}%"
                if k != "cli" else "| ")
        print(f"| {label} | {r['pages_per_cpu_s']:.1f} | {r['wall_pages_s']:.1f} | "
              f"{r['cpu_ms_per_page']:.2f} | {over} |")
    print("target (issue #7): overhead under 20%")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
