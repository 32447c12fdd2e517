"""Adversarial pages (issue #6): what one hostile page costs clean(), and how that grows.

    python -m benchmarks.adversarial [--families a,b] [--quick] [--timeout 120] [--out DIR]

Builds each pathological page at 3-4 sizes, runs clean() on it in a fresh child process
(so peak RSS is that page's alone) and reports, per case: input size, wall time of the
clean() call, the child's peak RSS (VmHWM: the page in memory included) and the part of it
clean() added, Article.reason and the output size. Per family, the growth exponent is the
least-squares slope of log(time) over log(input bytes): ~1 is linear, 2 quadratic; cases
under 20 ms are left out of the fit (fixed costs flatten the slope there). Targets: every
case under 2 s and 1 GB peak RSS, exponents about 1. Cases over a target are flagged.

Results: benchmarks/results/adversarial.json and .md (also printed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import subprocess
import sys
import time
from pathlib import Path

from .report import context, header_line, table

MB = 1024 * 1024
TIME_LIMIT_S = 2.0
RSS_LIMIT_MB = 1024.0

PARA = ("<p>The council met on Tuesday evening to discuss the new budget for public "
        "libraries and parks, and residents spoke at length.</p>\n")
_PARA_TEXT = ("The council met on Tuesday evening to discuss the new budget for public "
              "libraries and parks, and residents spoke at length. ")


def _fill(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _page(body: str, head: str = "<title>Adversarial</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# ---------------------------------------------------------------- the pages
# Each builder takes a size parameter and returns the page (str or bytes). The size is the
# family's natural unit (depth, elements, rows, bytes); the report's x axis is input bytes.

def deep_div(n: int) -> str:
    return _page("<div>" * n + PARA + "</div>" * n)


def deep_div_unclosed(n: int) -> str:
    return _page("<div>" * n + PARA)


def deep_span(n: int) -> str:
    return _page("<article>" + "<span>" * n + _PARA_TEXT + "</span>" * n + "</article>")


def deep_mixed(n: int) -> str:
    unit = "<div><ul><li><table><tr><td><b><a href=#>"
    return _page(unit * (n // 8) + _PARA_TEXT)


def tiny_elements(n: int) -> str:
    return _page("<article>" + "<span>a</span>" * n + "</article>")


def tiny_blocks(n: int) -> str:
    return _page("<div>" + "<p>a</p>" * n + "</div>")


def many_br(n: int) -> str:
    return _page("<article>" + "word<br>" * n + "</article>")


def big_paragraphs(size: int) -> str:
    return _page("<article>" + _fill(PARA, size) + "</article>")


def huge_attribute(size: int) -> str:
    return _page(f'<div class="{"x" * size}" data-blob="{"y" * size}">' + PARA * 20 + "</div>")


def many_attributes(n: int) -> str:
    attrs = " ".join(f"data-a{i}=v{i}" for i in range(n))
    return _page(f"<div {attrs}>" + PARA * 20 + "</div>")


def nul_bytes(size: int) -> bytes:
    return (_page("<p>") + "\x00" * size + _page(PARA * 20)).encode()


def nul_interleaved(size: int) -> bytes:
    # UTF-16-LE without a BOM: every other byte a NUL (a mis-labelled export).
    return _page("<article>" + _fill(PARA, size // 2) + "</article>").encode("utf-16-le")


def lying_charset(size: int) -> bytes:
    # <meta> says Shift_JIS, bytes are cp1252 with accents everywhere; no byte is valid
    # UTF-8, so decode() reads the lie, finds it cannot, and falls through to detection.
    body = _fill("<p>Ünïcödé façade déjà vu — naïve café, señor. Größe.</p>\n", size)
    return _page(body, head='<meta charset="shift_jis"><title>x</title>').encode("cp1252")


def lying_charset_utf16(size: int) -> bytes:
    body = _fill(PARA, size)
    return _page(body, head='<meta charset="utf-16"><title>x</title>').encode("utf-8")


def html_in_json_in_html(size: int) -> str:
    inner = json.dumps({"props": {"html": _page("<article>" + PARA * 20 + "</article>"),
                                  "items": [{"body": PARA}] * 10}})
    blob = _fill(inner, size // 2)
    escaped = blob.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _page(f'<script type="application/json">{blob}</script>'
                 f'<div data-state="{escaped[: size // 4]}"></div>'
                 f"<pre>{escaped[: size // 4]}</pre>" + PARA * 5)


def giant_pre(size: int) -> str:
    return _page("<pre>" + _fill("    result = compute(x, y) + other_value  # note\n", size)
                 + "</pre>")


def giant_table(rows: int) -> str:
    row = "<tr><td>2024-01-01</td><td>Zaragoza</td><td>12.5</td><td>open</td></tr>"
    return _page("<table>" + row * rows + "</table>")


def giant_layout_cell(size: int) -> str:
    return _page("<table><tr><td>" + _fill(PARA, size) + "</td></tr></table>")


def truncated_gzip(size: int) -> bytes:
    # A gzipped page cut short: a header, then compressed (incompressible) bytes.
    raw = _fill(PARA, size).encode() + random.Random(size).randbytes(size)
    return gzip.compress(raw, compresslevel=1)[:size]


def random_binary(size: int) -> bytes:
    return random.Random(size).randbytes(size)


def unclosed_comment(size: int) -> str:
    return _page(PARA * 20 + "<!-- " + "x" * size)


def unclosed_attribute(size: int) -> str:
    return _page(PARA * 20 + "<a href='" + _fill("y/", size))


# family -> (builder, sizes, unit of the size parameter)
FAMILIES: dict[str, tuple] = {
    "deep_div": (deep_div, [1_000, 10_000, 100_000], "depth"),
    "deep_div_unclosed": (deep_div_unclosed, [1_000, 10_000, 100_000], "depth"),
    "deep_span": (deep_span, [1_000, 10_000, 100_000], "depth"),
    "deep_mixed": (deep_mixed, [1_000, 10_000, 100_000], "depth"),
    "tiny_elements": (tiny_elements, [10_000, 100_000, 1_000_000], "elements"),
    "tiny_blocks": (tiny_blocks, [10_000, 100_000, 1_000_000], "elements"),
    "many_br": (many_br, [10_000, 100_000, 1_000_000], "elements"),
    "big_paragraphs": (big_paragraphs, [1 * MB, 10 * MB, 50 * MB], "bytes"),
    "huge_attribute": (huge_attribute, [100_000, 1 * MB, 10 * MB], "bytes"),
    "many_attributes": (many_attributes, [1_000, 10_000, 100_000], "attributes"),
    "nul_bytes": (nul_bytes, [100_000, 1 * MB, 10 * MB], "bytes"),
    "nul_interleaved": (nul_interleaved, [1 * MB, 10 * MB, 30 * MB], "bytes"),
    "lying_charset": (lying_charset, [1 * MB, 10 * MB, 30 * MB], "bytes"),
    "lying_charset_utf16": (lying_charset_utf16, [1 * MB, 10 * MB, 30 * MB], "bytes"),
    "html_in_json_in_html": (html_in_json_in_html, [1 * MB, 10 * MB, 30 * MB], "bytes"),
    "giant_pre": (giant_pre, [1 * MB, 10 * MB, 30 * MB], "bytes"),
    "giant_table": (giant_table, [1_000, 10_000, 100_000], "rows"),
    "giant_layout_cell": (giant_layout_cell, [1 * MB, 10 * MB, 30 * MB], "bytes"),
    "truncated_gzip": (truncated_gzip, [1 * MB, 10 * MB, 50 * MB], "bytes"),
    "random_binary": (random_binary, [1 * MB, 10 * MB, 50 * MB], "bytes"),
    "unclosed_comment": (unclosed_comment, [1 * MB, 10 * MB, 30 * MB], "bytes"),
    "unclosed_attribute": (unclosed_attribute, [1 * MB, 10 * MB, 30 * MB], "bytes"),
}


# ---------------------------------------------------------------- one case, in a child

def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def run_one(family: str, size: int) -> dict:
    """In the child: build the page, reset the peak-RSS mark, clean, measure."""
    import gc

    import cleaner

    cleaner.clean("<p>warm up the imports and regexes</p>")
    page = FAMILIES[family][0](size)
    gc.collect()
    try:   # Linux: "5" resets VmHWM to the current RSS, so the peak is this call's.
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    base_kb = _status_kb("VmRSS")
    start = time.perf_counter()
    cpu = time.process_time()
    result = cleaner.clean(page)
    took = time.perf_counter() - start
    cpu = time.process_time() - cpu
    peak_kb = _status_kb("VmHWM")
    return {
        "input_bytes": len(page.encode("utf-8", "surrogatepass") if isinstance(page, str)
                           else page),
        "input_type": type(page).__name__,
        "seconds": round(took, 4),
        "cpu_seconds": round(cpu, 4),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "clean_rss_mb": round((peak_kb - base_kb) / 1024, 1),
        "reason": result.reason,
        "output_chars": len(result.text),
    }


def run_case(family: str, size: int, timeout: float) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.adversarial", "--one", family, str(size)]
    root = Path(__file__).resolve().parent.parent
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s (child killed)",
                "seconds": None, "wall_seconds": round(time.perf_counter() - start, 1)}
    if proc.returncode != 0:
        tail = (proc.stderr or "").strip().splitlines()[-3:]
        return {"error": f"child exited {proc.returncode}: " + " | ".join(tail),
                "seconds": None}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def exponent(points: list[tuple[float, float]]) -> float | None:
    """Least-squares slope of log(time) over log(bytes), from points over 20 ms."""
    pts = [(math.log(x), math.log(y)) for x, y in points if y and y >= 0.02 and x > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    if not sxx:
        return None
    return sum((x - mx) * (y - my) for x, y in pts) / sxx


def _size_label(n: int, unit: str) -> str:
    if unit == "bytes":
        return f"{n / MB:g} MiB" if n >= MB else f"{n / 1024:g} KiB"
    return f"{n:,} {unit}"


def markdown(report: dict) -> str:
    rows = []
    for case in report["cases"]:
        flag = []
        if case.get("error"):
            flag.append("ERROR")
        if case.get("seconds") is not None and case["seconds"] > TIME_LIMIT_S:
            flag.append("> 2 s")
        if case.get("peak_rss_mb", 0) > RSS_LIMIT_MB:
            flag.append("> 1 GB")
        rows.append([
            case["family"], case["size_label"],
            f"{case['input_bytes'] / MB:.2f}" if case.get("input_bytes") else "–",
            f"{case['seconds']:.3f}" if case.get("seconds") is not None else "–",
            f"{case['peak_rss_mb']:.0f}" if "peak_rss_mb" in case else "–",
            f"{case['clean_rss_mb']:.0f}" if "clean_rss_mb" in case else "–",
            case.get("reason") or case.get("error") or "", case.get("output_chars", "–"),
            " ".join(flag) or "ok",
        ])
    fam_rows = [[f, "–" if e is None else f"{e:.2f}",
                 "FLAG" if e is not None and e > 1.3 else "ok"]
                for f, e in report["exponents"].items()]
    flagged = [r for r in rows if r[-1] != "ok"]
    return "\n".join([
        "# Adversarial pages", "", header_line(report["context"]), "",
        ("Each case: clean() on one built page in a fresh child process (`python -m "
         "benchmarks.adversarial`). time: wall time of the clean() call; peak RSS: the "
         "child's VmHWM during the call (the page itself included); Δ: peak minus the RSS "
         "just before the call. Targets: < 2 s and < 1 GB per page; time about linear in "
         "input size."), "",
        table(["family", "size", "input MiB", "time s", "peak RSS MB", "Δ MB", "reason",
               "output chars", "flag"], rows, "llrrrrlrl"),
        "", "## Growth exponent (log-log slope of time over input bytes, cases >= 20 ms)", "",
        table(["family", "exponent", "flag"], fam_rows, "lrl"), "",
        f"{len(flagged)} of {len(rows)} cases flagged." if flagged else "No case flagged.",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--families", help="comma-separated subset of: " + ", ".join(FAMILIES))
    ap.add_argument("--quick", action="store_true", help="only the two smallest sizes")
    ap.add_argument("--timeout", type=float, default=120.0, help="per case, seconds")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results"))
    ap.add_argument("--one", nargs=2, metavar=("FAMILY", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return 0
    names = args.families.split(",") if args.families else list(FAMILIES)
    unknown = [n for n in names if n not in FAMILIES]
    if unknown:
        ap.error(f"unknown families: {', '.join(unknown)}")
    cases, exps = [], {}
    for name in names:
        _, sizes, unit = FAMILIES[name]
        points = []
        for size in sizes[:2] if args.quick else sizes:
            res = run_case(name, size, args.timeout)
            res.update(family=name, size=size, unit=unit, size_label=_size_label(size, unit))
            cases.append(res)
            if res.get("seconds") is not None:
                points.append((res["input_bytes"], res["seconds"]))
            print(f"{name:22} {res['size_label']:>18}  "
                  + (f"{res['seconds']:8.3f} s  {res['peak_rss_mb']:7.0f} MB  {res['reason']}"
                     if res.get("seconds") is not None else res.get("error", "")),
                  file=sys.stderr, flush=True)
        exps[name] = None if (e := exponent(points)) is None else round(e, 3)
    report = {"context": context(["cleaner", "selectolax", "charset-normalizer"]),
              "limits": {"time_s": TIME_LIMIT_S, "rss_mb": RSS_LIMIT_MB},
              "cases": cases, "exponents": exps}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "adversarial.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    md = markdown(report)
    (out / "adversarial.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
