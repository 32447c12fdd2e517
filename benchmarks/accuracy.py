"""Accuracy benchmark: how close each extractor's text is to the labelled main content.

    python -m benchmarks.accuracy --dataset wcxb:../shared/datasets/wcxb-dev \
        [--dataset corpus:corpus] [--extractors cleaner,trafilatura] [--out DIR] \
        [--worst 20] [--limit N] [--dump DIR] [--no-cache]

Single process on purpose: the figures must not depend on scheduling, and a failing page is
easy to reproduce. What makes reruns fast is the cache: trafilatura (~35 pages/s) is run once
per page and version, its outputs kept in ~/.cache/cleaner-bench/, so a rerun while tuning
cleaner costs cleaner's own time plus reading the pages. cleaner is never cached: its output is
what is being tuned. See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

from . import datasets, extractors, metrics, report

# Extractors whose outputs are cached: slow, and fixed for a given version.
CACHED = ("trafilatura",)
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleaner-bench"
DEFAULT_OUT = Path(__file__).resolve().parent / "results"


class Runner:
    """One extractor: imported on first use (a warm cache never imports trafilatura), its
    exceptions caught per page (scored as empty output and counted as errors)."""

    def __init__(self, name: str, dataset_path: Path, use_cache: bool):
        self.name = name
        self.dataset = str(dataset_path.resolve())
        self.cached = use_cache and name in CACHED
        self.version = extractors.version(name)
        self._fn = None

    def __call__(self, page: datasets.Page) -> dict:
        """{"text", "seconds" (CPU time of the call), "error" (None or the exception)}."""
        path = self._cache_path(page) if self.cached else None
        if path is not None and path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
        if self._fn is None:
            self._fn = extractors.load(self.name)
        start = time.process_time()
        try:
            text, error = self._fn(page["html"], page["url"]), None
        except Exception as exc:  # noqa: BLE001 -- one failing page must not stop the benchmark
            text, error = "", f"{type(exc).__name__}: {exc}"[:300]
        result = {"text": text, "seconds": time.process_time() - start, "error": error}
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(result), encoding="utf-8")
            os.replace(tmp, path)  # atomic: an interrupted run leaves no half-written entry
        return result

    def _cache_path(self, page: datasets.Page) -> Path:
        key = "\0".join([self.dataset, page["id"], hashlib.sha1(page["html"]).hexdigest(),
                         self.name, self.version])
        return CACHE_DIR / self.name / f"{hashlib.sha1(key.encode()).hexdigest()}.json"


def score_page(text: str, page: datasets.Page, cjk: bool) -> dict:
    words = metrics.word_scores(text, page["main_content"])
    return {
        "f1": words.f1, "precision": words.precision, "recall": words.recall,
        "bigram_f1": metrics.bigram_scores(text, page["main_content"]).f1 if cjk else None,
        "nothing_lost": metrics.nothing_lost(text, page["with"]),
        "no_leak": metrics.no_leak(text, page["without"]),
    }


def evaluate(spec: str, names: list[str], limit: int | None, use_cache: bool,
             dump: Path | None) -> list[dict]:
    """One row per page: id, page_type, url, cjk and, per extractor, its scores."""
    kind, path = datasets.parse_spec(spec)
    runners = [Runner(name, path, use_cache) for name in names]
    if dump is not None:
        dump = dump / f"{kind}-{path.resolve().name}"
        dump.mkdir(parents=True, exist_ok=True)
    rows = []
    for n, page in enumerate(datasets.load(spec, limit), 1):
        cjk = metrics.is_cjk(page["main_content"], page["lang"])
        results = {}
        for runner in runners:
            out = runner(page)
            results[runner.name] = {**score_page(out["text"], page, cjk),
                                    "seconds": out["seconds"], "error": out["error"]}
            if dump is not None and runner is runners[0]:
                (dump / f"{page['id']}.out.txt").write_text(out["text"], encoding="utf-8")
                (dump / f"{page['id']}.ref.txt").write_text(page["main_content"], encoding="utf-8")
        rows.append({"id": page["id"], "page_type": page["page_type"] or "unknown",
                     "url": page["url"], "cjk": cjk, "results": results})
        if n % 250 == 0:
            print(f"{spec}: {n} pages", file=sys.stderr)
    return rows


def summarise(rows: list[dict], name: str) -> dict:
    res = [row["results"][name] for row in rows]
    cjk = [r["bigram_f1"] for r in res if r["bigram_f1"] is not None]
    no_leak, no_leak_pages = metrics.share(r["no_leak"] for r in res)
    nothing_lost, nothing_lost_pages = metrics.share(r["nothing_lost"] for r in res)
    by_type: dict[str, list[float]] = {}
    for row in rows:
        by_type.setdefault(row["page_type"], []).append(row["results"][name]["f1"])
    slowest = max(rows, key=lambda row: row["results"][name]["seconds"], default=None)
    return {
        "pages": len(res),
        "f1": metrics.mean(r["f1"] for r in res),
        "precision": metrics.mean(r["precision"] for r in res),
        "recall": metrics.mean(r["recall"] for r in res),
        "cjk_pages": len(cjk),
        "cjk_bigram_f1": metrics.mean(cjk),
        "no_leak": no_leak, "no_leak_pages": no_leak_pages,
        "nothing_lost": nothing_lost, "nothing_lost_pages": nothing_lost_pages,
        "by_page_type": {t: {"pages": len(f1s), "f1": metrics.mean(f1s)}
                         for t, f1s in sorted(by_type.items())},
        "errors": sum(r["error"] is not None for r in res),
        "error_examples": [{"id": row["id"], "error": row["results"][name]["error"]}
                           for row in rows if row["results"][name]["error"]][:10],
        "cpu_seconds": sum(r["seconds"] for r in res),
        "slowest": slowest and {"id": slowest["id"],
                                "seconds": slowest["results"][name]["seconds"]},
    }


def dataset_report(spec: str, rows: list[dict], names: list[str], worst: int) -> dict:
    first = names[0]
    worst_rows = sorted(rows, key=lambda row: (row["results"][first]["f1"], row["id"]))[:worst]
    return {
        "page_count": len(rows),
        "extractors": {name: summarise(rows, name) for name in names},
        "worst": {"extractor": first,
                  "pages": [{"id": row["id"], "page_type": row["page_type"],
                             "f1": row["results"][first]["f1"], "url": row["url"]}
                            for row in worst_rows]},
        "pages": [{"id": row["id"], "page_type": row["page_type"], "url": row["url"],
                   "f1": {name: row["results"][name]["f1"] for name in names},
                   **({"bigram_f1": {name: row["results"][name]["bigram_f1"] for name in names}}
                      if row["cjk"] else {})}
                  for row in rows],
    }


def markdown(result: dict) -> str:
    out = ["# Accuracy", "", report.header_line(result), ""]
    for spec, ds in result["datasets"].items():
        names = list(ds["extractors"])
        out += [f"## {spec} ({ds['page_count']} pages)", ""]
        rows = []
        for name, s in ds["extractors"].items():
            slowest = s["slowest"]
            rows.append([
                name, report.num(s["f1"]), report.num(s["precision"]), report.num(s["recall"]),
                f"{report.num(s['cjk_bigram_f1'])} ({s['cjk_pages']})",
                f"{report.num(s['no_leak'])} ({s['no_leak_pages']})",
                f"{report.num(s['nothing_lost'])} ({s['nothing_lost_pages']})",
                s["errors"], f"{s['cpu_seconds']:.2f}",
                f"{slowest['seconds'] * 1000:.0f} ms ({slowest['id']})" if slowest else "–",
            ])
        out += [report.table(["extractor", "word F1", "P", "R", "CJK bigram F1 (pages)",
                              "no leak (pages)", "nothing lost (pages)", "errors", "CPU s",
                              "slowest page"], rows), ""]
        by_type = [[t, ds["extractors"][names[0]]["by_page_type"][t]["pages"],
                    *(report.num(ds["extractors"][n]["by_page_type"][t]["f1"]) for n in names)]
                   for t in ds["extractors"][names[0]]["by_page_type"]]
        out += ["Mean word F1 by page type:", "",
                report.table(["page type", "pages", *names], by_type), ""]
        f1_by_id = {p["id"]: p["f1"] for p in ds["pages"]}
        worst = [[w["id"], w["page_type"], *(report.num(f1_by_id[w["id"]][n]) for n in names),
                  w["url"] or ""] for w in ds["worst"]["pages"]]
        out += [f"{len(worst)} worst pages for {ds['worst']['extractor']} (word F1):", "",
                report.table(["id", "page type", *names, "url"], worst,
                             "ll" + "r" * len(names) + "l"), ""]
    out.append("Word F1/P/R: mean over pages (WCXB formula). Shares: pages passing, among pages "
               "that have such snippets (count in brackets). CPU s: extraction time of the calls "
               "(trafilatura's as measured when its cache entry was made).")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.accuracy",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", action="append", metavar="KIND:PATH",
                        help="corpus:, wcxb: or scrapinghub: + directory; repeatable "
                             f"(default: {datasets.default_dataset()})")
    parser.add_argument("--extractors", default="cleaner,trafilatura",
                        help=f"comma-separated, from {','.join(extractors.NAMES)}; the first is "
                             "the one whose worst pages are listed and dumped")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="directory for accuracy.json and accuracy.md (default: %(default)s)")
    parser.add_argument("--worst", type=int, default=20, help="worst pages to list")
    parser.add_argument("--limit", type=int, help="first N pages of each dataset only")
    parser.add_argument("--dump", type=Path, metavar="DIR",
                        help="write DIR/<kind>-<dataset dir>/ID.out.txt (first extractor's "
                             "output) and ID.ref.txt (reference) for every page")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    args = parser.parse_args(argv)

    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    for name in names:
        if name not in extractors.NAMES:
            parser.error(f"unknown extractor {name!r}; choose from {', '.join(extractors.NAMES)}")
    specs = args.dataset or [datasets.default_dataset()]
    for spec in specs:
        try:
            datasets.parse_spec(spec)
        except ValueError as exc:
            parser.error(str(exc))

    result = report.context(["cleaner", *(n for n in names if n != "cleaner")])
    result["datasets"] = {}
    for spec in specs:
        rows = evaluate(spec, names, args.limit, not args.no_cache, args.dump)
        result["datasets"][spec] = dataset_report(spec, rows, names, args.worst)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "accuracy.json").write_text(json.dumps(result, indent=1, ensure_ascii=False),
                                            encoding="utf-8")
    text = markdown(result)
    (args.out / "accuracy.md").write_text(text, encoding="utf-8")
    print(text)
    return result


if __name__ == "__main__":
    main()
