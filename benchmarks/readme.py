"""Copy the latest benchmark reports into the docs, so that every figure there is a
benchmark's own output: `python -m benchmarks.readme` after running the benchmarks.

- docs/benchmarks.md gets the reports (benchmarks/results/*.md) whole, each under the command
  that produced it;
- README.md gets one summary table, made from benchmarks/results/accuracy.json and
  throughput.json: word F1 and silent losses per set for cleaner and each peer, and speed.

Each goes between the file's `<!-- figures:start -->` and `<!-- figures:end -->` markers."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"
# Report, its heading in docs/benchmarks.md, command that produced it.
REPORTS = (
    ("accuracy.md", "Accuracy", "python -m benchmarks.accuracy"),
    ("throughput.md", "Throughput", "python -m benchmarks.throughput"),
    ("throughput-str/throughput.md", "Throughput: large pages given as str",
     ("python -m benchmarks.throughput --dataset wcxb:../shared/datasets/wcxb-dev "
      "--dataset wcxb:../shared/datasets/dragnet --largest 181 --str --no-memory "
      "--out benchmarks/results/throughput-str")),
    ("throughput-block1/throughput.md",
     "Throughput, alternating after every page (the method before 2026-12-07)",
     ("python -m benchmarks.throughput --block 1 --no-memory "
      "--out benchmarks/results/throughput-block1")),
    ("cli_throughput.md", "Command-line throughput (WARC)",
     "python -m benchmarks.cli_throughput --repeat 5"),
    ("cli_throughput_jsonl.md", "Command-line throughput (JSONL)",
     "python -m benchmarks.cli_throughput --jsonl --repeat 3"),
    ("site-aware/site_aware.md", "Site-aware cleaning",
     "python -m benchmarks.accuracy --site-aware --out benchmarks/results/site-aware"),
    ("metadata.md", "Metadata", "python -m benchmarks.metadata"),
    ("adversarial.md", "Adversarial pages", "python -m benchmarks.adversarial"),
)
# Accuracy columns of the summary, in order: extractor key, heading.
PEERS = (("cleaner", "cleaner"), ("trafilatura", "trafilatura"),
         ("readability", "readability-lxml"), ("resiliparse", "resiliparse"))
# Throughput columns: extractor key, heading.
SPEED = (("cleaner", "cleaner"), ("trafilatura", "trafilatura"),
         ("resiliparse", "resiliparse"), ("parse-floor", "parse floor (Lexbor parse + text)"))


def _demote(markdown: str) -> str:
    """The report without its title (the docs give each one), its headings one level down,
    and without the per-page tables (long: the silent-loss and worst-page lists, each
    running to the next heading)."""
    lines = markdown.strip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    out = []
    skipping = False
    for line in lines:
        if line.startswith("#"):
            line = "#" + line
        if re.match(r"^\d+ (worst pages|silent losses)", line):
            skipping = True
        elif skipping and line.startswith("#"):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out).strip()


def full_reports() -> str:
    parts = []
    for name, title, command in REPORTS:
        path = RESULTS / name
        if path.exists():
            parts.append(f"## {title}\n\n`{command}`\n\n"
                         + _demote(path.read_text(encoding="utf-8")))
    return "\n\n".join(parts)


def _best(values: dict[str, float], higher: bool = True) -> set[str]:
    top = max(values.values()) if higher else min(values.values())
    return {k for k, v in values.items() if v == top}


def summary(accuracy: dict, throughput: dict | None, per_page: dict | None = None) -> str:
    """per_page: the throughput run that alternates extractors after every page (--block 1),
    whose ratios are given beside the main run's."""
    """One table: word F1 (silent losses) per set and extractor, the macro mean, then speed."""
    heads = [h for k, h in PEERS]
    lines = [(f"Word F1 (silent losses: pages where the extractor finds next to nothing, F1 < 0.5, "
             f"while another finds the body, F1 >= 0.8), from `python -m benchmarks.accuracy`, "
             f"{accuracy['date']}; the best of each row in bold."), "",
             "| set | pages | " + " | ".join(heads) + " |",
             "|:---|---:|" + "---:|" * len(heads)]
    for name, data in accuracy["datasets"].items():
        ex = data["extractors"]
        f1 = {k: round(ex[k]["f1"], 3) for k, _ in PEERS if k in ex}
        best = _best(f1)
        cells = []
        for k, _ in PEERS:
            if k not in f1:
                cells.append("–")
                continue
            lost = len(data.get("silent_losses", {}).get(k, []))
            value = f"{f1[k]:.3f}"
            cells.append((f"**{value}**" if k in best else value) + f" ({lost})")
        label = f"{name} (with comments)" if data.get("comments") else name
        lines.append(f"| {label} | {data['page_count']} | " + " | ".join(cells) + " |")
    macro = accuracy.get("macro", {})
    if macro.get("f1"):
        f1 = {k: round(v, 3) for k, v in macro["f1"].items()}
        best = _best(f1)
        cells = [(f"**{f1[k]:.3f}**" if k in best else f"{f1[k]:.3f}") if k in f1 else "–"
                 for k, _ in PEERS]
        lines.append(f"| macro mean ({', '.join(macro['sets'])}) | | " + " | ".join(cells)
                     + " |")
    if throughput:
        ex = throughput["extractors"]
        block = throughput.get("block", 1)
        turns = ("pages interleaved" if block == 1 else
                 f"extractors taking turns by blocks of {block} pages")
        lines += ["", (f"Speed on {throughput['page_count']} WCXB dev pages, one process, "
                       f"{turns}, CPU time, from `python -m benchmarks.throughput`, "
                       f"{throughput['date']}:"), "",
                  "| | " + " | ".join(h for k, h in SPEED if k in ex) + " |",
                  "|:---|" + "---:|" * sum(k in ex for k, _ in SPEED),
                  "| pages/s | " + " | ".join(f"{ex[k]['pages_per_s']:.1f}" for k, _ in SPEED
                                             if k in ex) + " |"]
        if "cleaner" in ex:
            ours = ex["cleaner"]["pages_per_s"]
            lines.append("| cleaner ÷ this | " + " | ".join(
                "–" if k == "cleaner" else f"{ours / ex[k]['pages_per_s']:.2f}×"
                for k, _ in SPEED if k in ex) + " |")
    if per_page and per_page.get("ratios"):
        ratios = ", ".join(f"{k.split('/')[1]} {v:.2f}×" for k, v in per_page["ratios"].items())
        lines += ["", (f"Alternating extractors after every page instead (`--block 1`, the "
                       f"method before 2026-12-07; each call then refills the caches the "
                       f"others evicted), {per_page['date']}: cleaner ÷ {ratios}.")]
    return "\n".join(lines)


def _fill(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{path.relative_to(ROOT)} has no figures markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(head + START + "\n\n" + body + "\n\n" + END + tail, encoding="utf-8")


def _load(name: str) -> dict | None:
    path = RESULTS / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def main() -> None:
    _fill(ROOT / "docs" / "benchmarks.md", full_reports())
    accuracy = _load("accuracy.json")
    if accuracy is None:
        raise SystemExit("benchmarks/results/accuracy.json is missing: run python -m benchmarks.accuracy")
    _fill(ROOT / "README.md", summary(accuracy, _load("throughput.json"),
                                      _load("throughput-block1/throughput.json")))
    print("docs/benchmarks.md and README.md: figures copied")


if __name__ == "__main__":
    main()
