"""Copy the latest benchmark reports (benchmarks/results/*.md) into README.md, between the
`<!-- figures:start -->` and `<!-- figures:end -->` markers, so the README's figures are
always a benchmark's own output: `python -m benchmarks.readme` after running the benchmarks."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
# Report, command that produced it.
REPORTS = (
    ("accuracy.md", "python -m benchmarks.accuracy"),
    ("throughput.md", "python -m benchmarks.throughput"),
    ("cli_throughput.md", "python -m benchmarks.cli_throughput --repeat 5"),
    ("cli_throughput_jsonl.md", "python -m benchmarks.cli_throughput --jsonl --repeat 3"),
    ("metadata.md", "python -m benchmarks.metadata"),
    ("adversarial.md", "python -m benchmarks.adversarial"),
)


def _demote(markdown: str) -> str:
    """Report headings one level down, and without the per-page tables (long: the silent-loss
    and worst-page lists, each running to the next heading)."""
    out = []
    skipping = False
    for line in markdown.splitlines():
        if line.startswith("#"):
            line = "#" * 2 + line
        if re.match(r"^\d+ (worst pages|silent losses)", line):
            skipping = True
        elif skipping and line.startswith("#"):
            skipping = False
        if not skipping:
            out.append(line)
    return "\n".join(out).strip()


def main() -> None:
    parts = []
    for name, command in REPORTS:
        path = RESULTS / name
        if path.exists():
            parts.append(f"`{command}`\n\n" + _demote(path.read_text(encoding="utf-8")))
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- figures:start -->", "<!-- figures:end -->"
    if start not in text or end not in text:
        raise SystemExit("README.md has no figures markers")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    readme.write_text(head + start + "\n\n" + "\n\n".join(parts) + "\n\n" + end + tail,
                      encoding="utf-8")
    print(f"README.md: {len(parts)} reports copied")


if __name__ == "__main__":
    main()
