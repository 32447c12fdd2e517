"""What both benchmarks print around their figures: where and with what they were measured,
and markdown tables."""

from __future__ import annotations

import datetime
import os
import platform
import sys
from pathlib import Path

from .extractors import version


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def context(packages: list[str]) -> dict:
    """Date, machine and versions: figures are meaningless without them."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"platform": platform.platform(), "cpu": _cpu_model(),
                    "cpu_count": os.cpu_count(), "python": platform.python_version()},
        "versions": {p: version(p) for p in packages},
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
    }


def header_line(ctx: dict) -> str:
    m = ctx["machine"]
    versions = " · ".join(f"{p} {v}" for p, v in ctx["versions"].items())
    return (f"{ctx['date']} · {m['platform']}, {m['cpu']}, {m['cpu_count']} CPUs · "
            f"Python {m['python']} · {versions}")


def table(head: list[str], rows: list[list], align: str = "") -> str:
    """Markdown table; ``align`` has one letter per column, l or r (default: first l, rest r)."""
    align = align or "l" + "r" * (len(head) - 1)
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"
