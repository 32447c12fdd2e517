"""Accuracy benchmark: how close each extractor's text is to the labelled main content.

    python -m benchmarks.accuracy [--sets wcxb-dev,dragnet] [--dataset KIND:PATH ...] \
        [--extractors cleaner,trafilatura,readability,resiliparse] [--out DIR] \
        [--worst 20] [--limit N] [--dump DIR] [--no-cache] [--explain-worst N DIR]
    python -m benchmarks.accuracy --site-aware [--sets dragnet] [--limit N]

With no --sets or --dataset, every set present runs: each set in ../shared/datasets beside the
repository, then corpus/. cleaner and the peers (trafilatura, readability-lxml, resiliparse)
run in the same process on the same input. Per set: word F1/P/R (plus snippets and page types
where the labels have them) and the silent losses; over the four public dev sets, the macro
mean.

Single process on purpose: the figures must not depend on scheduling, and a failing page is
easy to reproduce. What makes reruns fast is the cache: each peer is run once per page and
version, its outputs kept in ~/.cache/cleaner-bench/, so a rerun while tuning cleaner costs
cleaner's own time plus reading the pages. cleaner is never cached: its output is what is being
tuned. See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

from . import datasets, extractors, metrics, report

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleaner-bench"
DEFAULT_OUT = Path(__file__).resolve().parent / "results"
# The peers' per-page wins, kept in the repository so that the gate can count cleaner's silent
# losses without running (or caching) the peers. Rewritten by a full run with every peer.
PEERS_FILE = Path(__file__).resolve().parent / "peers.json"

# A silent loss: an extractor returns next to nothing of the body (F1 below LOST) on a page
# where another extractor gets it (F1 at least FOUND). The definition, not a tuning knob.
LOST = 0.5
FOUND = 0.8


class Runner:
    """One extractor on one set: imported on first use (a warm cache never imports a peer),
    its exceptions caught per page (scored as empty output and counted as errors)."""

    def __init__(self, name: str, ds: datasets.DataSet, use_cache: bool):
        self.name = name
        self.dataset = str(datasets.parse_spec(ds.spec)[1].resolve())
        self.comments = ds.comments
        self.cached = use_cache and name != "cleaner"
        self.version = extractors.version(name)
        self._fn = None

    def __call__(self, page: datasets.Page) -> dict:
        """{"text", "seconds" (CPU time of the call), "error" (None or the exception)}."""
        # cleaner gets the bytes, as a user would pass them; the peers get the text cleaner's
        # decoder makes of them, so that all are scored on the same characters.
        html = page["html"] if self.name == "cleaner" else decoded(page["html"])
        path = self._cache_path(page["id"], html) if self.cached else None
        if path is not None and path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
        if self._fn is None:
            self._fn = extractors.load(self.name, comments=self.comments)
        start = time.process_time()
        try:
            text, error = self._fn(html, page["url"]), None
        except Exception as exc:  # noqa: BLE001 -- one failing page must not stop the benchmark
            text, error = "", f"{type(exc).__name__}: {exc}"[:300]
        result = {"text": text, "seconds": time.process_time() - start, "error": error}
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A name of its own per process: two runs may fill the same (shared) cache at once.
            tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(result), encoding="utf-8")
            os.replace(tmp, path)  # atomic: an interrupted run leaves no half-written entry
        return result

    def _cache_path(self, page_id: str, html: str) -> Path:
        key = "\0".join([self.dataset, page_id, _digest(html), "decoded", self.name,
                         self.version])
        return CACHE_DIR / self.name / f"{hashlib.sha1(key.encode()).hexdigest()}.json"


@functools.lru_cache(maxsize=1)  # the peers of one page in turn: decoded once
def decoded(html: bytes) -> str:
    """The page as cleaner's decoder reads it (BOM, valid UTF-8, <meta>, then detection)."""
    from cleaner.decode import decode

    data = decode(html).data
    return data if isinstance(data, str) else data.decode("utf-8", "replace")


@functools.lru_cache(maxsize=1)
def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def score_page(text: str, page: datasets.Page, cjk: bool) -> dict:
    words = metrics.word_scores(text, page["main_content"])
    return {
        "f1": words.f1, "precision": words.precision, "recall": words.recall,
        "bigram_f1": metrics.bigram_scores(text, page["main_content"]).f1 if cjk else None,
        "nothing_lost": metrics.nothing_lost(text, page["with"]),
        "no_leak": metrics.no_leak(text, page["without"]),
    }


def evaluate(ds: datasets.DataSet, names: list[str], limit: int | None, use_cache: bool,
             dump: Path | None) -> list[dict]:
    """One row per page: id, page_type, url, cjk and, per extractor, its scores."""
    kind, path = datasets.parse_spec(ds.spec)
    runners = [Runner(name, ds, use_cache) for name in names]
    if dump is not None:
        dump = dump / f"{kind}-{path.resolve().name}"
        dump.mkdir(parents=True, exist_ok=True)
    rows = []
    for n, page in enumerate(datasets.load(ds.spec, limit), 1):
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
            print(f"{ds.name}: {n} pages", file=sys.stderr)
    return rows


def silent_losses(rows: list[dict], name: str, others: dict[str, dict[str, float]]) -> list[dict]:
    """Pages where ``name`` scores F1 < LOST while another extractor scores >= FOUND.
    ``others``: page id -> {extractor: F1} of the extractors compared with (the best is named)."""
    losses = []
    for row in rows:
        own = row["results"][name]["f1"]
        rivals = {n: f1 for n, f1 in others.get(row["id"], {}).items() if n != name}
        if own >= LOST or not rivals:
            continue
        best = max(rivals, key=lambda n: (rivals[n], n))
        if rivals[best] >= FOUND:
            losses.append({"id": row["id"], "f1": own, "best": best, "best_f1": rivals[best]})
    return losses


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


def dataset_report(ds: datasets.DataSet, rows: list[dict], names: list[str], worst: int) -> dict:
    first = names[0]
    worst_rows = sorted(rows, key=lambda row: (row["results"][first]["f1"], row["id"]))[:worst]
    f1s = {row["id"]: {n: row["results"][n]["f1"] for n in names} for row in rows}
    return {
        "spec": ds.spec,
        "comments": ds.comments,
        # False on a comments set when this cleaner has no comments option (its text alone).
        "cleaner_comments": ds.comments and "cleaner" in names and extractors.cleaner_has_comments(),
        "page_count": len(rows),
        "extractors": {name: summarise(rows, name) for name in names},
        # Each extractor against all the others in the same run (for cleaner: the peers).
        "silent_losses": {name: silent_losses(rows, name, f1s) for name in names},
        "worst": {"extractor": first,
                  "pages": [{"id": row["id"], "page_type": row["page_type"],
                             "f1": row["results"][first]["f1"], "url": row["url"]}
                            for row in worst_rows]},
        "pages": [{"id": row["id"], "page_type": row["page_type"], "url": row["url"],
                   "f1": f1s[row["id"]],
                   **({"bigram_f1": {name: row["results"][name]["bigram_f1"] for name in names}}
                      if row["cjk"] else {})}
                  for row in rows],
    }


def macro(sets: dict[str, dict], names: list[str]) -> dict:
    """Per extractor, the mean of its word F1 over the MACRO_SETS in this run; ``sets`` lists
    which were there (a run without all four gives a partial mean, and says so)."""
    present = [s for s in datasets.MACRO_SETS if s in sets]
    return {"sets": present, "complete": len(present) == len(datasets.MACRO_SETS),
            "f1": {n: metrics.mean(sets[s]["extractors"][n]["f1"] for s in present)
                   for n in names} if present else {}}


def peer_wins(rows: list[dict], peers: list[str]) -> dict[str, list]:
    """id -> [best peer, its F1] for the pages where a peer reaches FOUND: all the gate needs
    to count cleaner's silent losses."""
    wins = {}
    for row in rows:
        best = max(peers, key=lambda n: (row["results"][n]["f1"], n))
        f1 = row["results"][best]["f1"]
        if f1 >= FOUND:
            wins[row["id"]] = [best, round(f1, 4)]
    return wins


_PAIR = re.compile(r'\[\s+("(?:[^"\\]|\\.)*"),\s+([-+.0-9eE]+)\s+\]')


def write_peer_wins(path: Path, name: str, rows: list[dict], versions: dict[str, str]) -> None:
    data = {}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    data["_comment"] = (
        "Per set, the pages where a peer's word F1 is >= 0.8: id -> [peer, F1]. Written by "
        "`python -m benchmarks.accuracy` after a full run of a set with every peer; read by "
        "tests/test_accuracy_gate.py to count cleaner's silent losses without the peers.")
    sets = data.setdefault("sets", {})
    sets[name] = {"pages": len(rows), "versions": versions,
                  "wins": peer_wins(rows, list(extractors.PEERS))}
    data["sets"] = dict(sorted(sets.items()))
    text = json.dumps(data, indent=1, ensure_ascii=False)
    # One line per page ("id": ["peer", F1]): a third of the size, and diffs that read.
    text = _PAIR.sub(r"[\1, \2]", text)
    path.write_text(text + "\n", encoding="utf-8")


def read_peer_wins(path: Path = PEERS_FILE) -> dict[str, dict[str, dict[str, float]]]:
    """set -> id -> {peer: F1}, in the shape silent_losses() takes; {} without the file."""
    if not path.exists():
        return {}
    sets = json.loads(path.read_text(encoding="utf-8")).get("sets", {})
    return {name: {page_id: {peer: f1} for page_id, (peer, f1) in s["wins"].items()}
            for name, s in sets.items()}


def markdown(result: dict) -> str:
    sets = result["datasets"]
    names = list(next(iter(sets.values()))["extractors"]) if sets else []
    out = ["# Accuracy", "", report.header_line(result), ""]
    if sets:
        rows = [[name, ds["page_count"], *(report.num(ds["extractors"][n]["f1"]) for n in names)]
                for name, ds in sets.items()]
        m = result["macro"]
        if m["sets"]:
            label = "**macro mean**" + ("" if m["complete"] else f" ({', '.join(m['sets'])})")
            rows.append([label, "", *(f"**{report.num(m['f1'][n])}**" for n in names)])
        out += [("Word F1 per set (the macro mean is over the four public dev sets: "
                 f"{', '.join(datasets.MACRO_SETS)}):"), "",
                report.table(["set", "pages", *names], rows), ""]
    if len(names) > 1:  # a silent loss needs another extractor to have found the body
        losses = [[name, *(len(ds["silent_losses"][n]) for n in names)]
                  for name, ds in sets.items()]
        out += [(f"Silent losses per set: pages where the extractor's F1 < {LOST} while "
                 f"another extractor's is >= {FOUND}:"), "",
                report.table(["set", *names], losses), ""]
    for name, ds in sets.items():
        comments = ""
        if ds["comments"]:
            comments = " · labels include comments" + (
                ": cleaner scored on text + comments" if ds["cleaner_comments"] else
                ": this cleaner has no comments option, text only")
        kind, path = datasets.parse_spec(ds["spec"])
        out += [f"## {name} ({ds['page_count']} pages{comments})", "",
                f"`{kind}:{datasets.shown(path)}`", ""]
        rows = []
        for ext, s in ds["extractors"].items():
            slowest = s["slowest"]
            rows.append([
                ext, report.num(s["f1"]), report.num(s["precision"]), report.num(s["recall"]),
                f"{report.num(s['cjk_bigram_f1'])} ({s['cjk_pages']})",
                f"{report.num(s['no_leak'])} ({s['no_leak_pages']})",
                f"{report.num(s['nothing_lost'])} ({s['nothing_lost_pages']})",
                s["errors"], f"{s['cpu_seconds']:.2f}",
                f"{slowest['seconds'] * 1000:.0f} ms ({slowest['id']})" if slowest else "–",
            ])
        out += [report.table(["extractor", "word F1", "P", "R", "CJK bigram F1 (pages)",
                              "no leak (pages)", "nothing lost (pages)", "errors", "CPU s",
                              "slowest page"], rows), ""]
        types = ds["extractors"][names[0]]["by_page_type"]
        if set(types) != {"unknown"}:  # only WCXB and the corpus label page types
            by_type = [[t, types[t]["pages"],
                        *(report.num(ds["extractors"][n]["by_page_type"][t]["f1"]) for n in names)]
                       for t in types]
            out += ["Mean word F1 by page type:", "",
                    report.table(["page type", "pages", *names], by_type), ""]
        f1_by_id = {p["id"]: p["f1"] for p in ds["pages"]}
        first = names[0]
        if len(names) > 1:
            lost = [[w["id"], report.num(w["f1"]), w["best"], report.num(w["best_f1"])]
                    for w in ds["silent_losses"][first]]
            out += [f"{len(lost)} silent losses of {first} (F1 < {LOST}, another >= {FOUND}):",
                    ""]
            if lost:
                out += [report.table(["id", first, "best other", "its F1"], lost, "lrlr"), ""]
        worst = [[w["id"], w["page_type"], *(report.num(f1_by_id[w["id"]][n]) for n in names),
                  w["url"] or ""] for w in ds["worst"]["pages"]]
        out += [f"{len(worst)} worst pages for {ds['worst']['extractor']} (word F1):", "",
                report.table(["id", "page type", *names, "url"], worst,
                             "ll" + "r" * len(names) + "l"), ""]
    out.append("Word F1/P/R: mean over pages (WCXB formula). Shares: pages passing, among pages "
               "that have such snippets (count in brackets). CPU s: extraction time of the calls "
               "(a peer's as measured when its cache entry was made). Peers get the page as "
               "cleaner's decoder reads it, cleaner the bytes.")
    return "\n".join(out) + "\n"


def _select(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[datasets.DataSet]:
    chosen: list[datasets.DataSet] = []
    for spec in args.dataset or []:
        try:
            chosen.append(datasets.dataset(spec))
        except ValueError as exc:
            parser.error(str(exc))
    if args.sets is not None or not chosen:
        found = {ds.name: ds for ds in datasets.discover()}
        wanted = ([s.strip() for s in args.sets.split(",") if s.strip()]
                  if args.sets is not None else list(found))
        for name in wanted:
            if name not in found:
                parser.error(f"no set {name!r}; present: {', '.join(found) or 'none'}")
            chosen.append(found[name])
    # Two sets with the same directory name would share a key: the later one gets its spec.
    seen: set[str] = set()
    unique = []
    for ds in chosen:
        if ds.name in seen:
            ds = ds._replace(name=ds.spec)
        seen.add(ds.name)
        unique.append(ds)
    return unique


def explain_worst(ds: datasets.DataSet, rows: list[dict], n: int, out: Path,
                  limit: int | None) -> list[Path]:
    """The explain reports of the set's n pages where cleaner's F1 is lowest, each against its
    ground truth, so a loss or a leak names the rule behind it. cleaner runs as the benchmark
    runs it (with comments on a set whose labels hold them)."""
    import cleaner

    scored = [row for row in rows if "cleaner" in row["results"]]
    worst = {row["id"] for row in sorted(
        scored, key=lambda row: (row["results"]["cleaner"]["f1"], row["id"]))[:n]}
    options = (cleaner.Options(comments=True)
               if ds.comments and extractors.cleaner_has_comments() else None)
    folder = out / ds.name
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for page in datasets.load(ds.spec, limit):
        if page["id"] not in worst:
            continue
        report_html = cleaner.explain(page["html"], url=page["url"], options=options,
                                      expected=page["main_content"]).to_html()
        name = re.sub(r"[^\w.-]", "_", page["id"])
        path = folder / f"{name}.html"
        path.write_text(report_html, encoding="utf-8")
        written.append(path)
    print(f"{ds.name}: {len(written)} explain reports in {folder}", file=sys.stderr)
    return written


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.accuracy",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", metavar="NAMES",
                        help="comma-separated names of sets to run, among those present "
                             "(../shared/datasets/<name> and corpus); default: all of them")
    parser.add_argument("--dataset", action="append", metavar="KIND:PATH",
                        help="run this directory (corpus:, wcxb: or scrapinghub: + path) "
                             "instead of the sets present; repeatable; with --sets, both")
    parser.add_argument("--extractors", default=",".join(extractors.NAMES),
                        help="comma-separated, from %(default)s; the first is the one whose "
                             "worst pages and silent losses are listed, and dumped")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="directory for accuracy.json and accuracy.md (default: %(default)s)")
    parser.add_argument("--worst", type=int, default=20, help="worst pages to list")
    parser.add_argument("--limit", type=int, help="first N pages of each set only")
    parser.add_argument("--dump", type=Path, metavar="DIR",
                        help="write DIR/<kind>-<dataset dir>/ID.out.txt (first extractor's "
                             "output) and ID.ref.txt (reference) for every page")
    parser.add_argument("--no-cache", action="store_true",
                        help="do not read or write the peers' cache")
    parser.add_argument("--explain-worst", nargs=2, metavar=("N", "DIR"),
                        help="write DIR/<set>/<id>.html, the cleaner explain report of each "
                             "set's N worst pages with their ground truth as expected text")
    parser.add_argument("--site-aware", action="store_true",
                        help="instead: learn site profiles from each set's pages and compare "
                             "site-aware cleaning with page by page (benchmarks/site_aware.py); "
                             "default sets: dragnet")
    args = parser.parse_args(argv)
    if args.site_aware:
        return _site_aware(parser, args)
    explain_n, explain_dir = None, None
    if args.explain_worst:
        try:
            explain_n, explain_dir = int(args.explain_worst[0]), Path(args.explain_worst[1])
        except ValueError:
            parser.error(f"--explain-worst N DIR: N must be a number, not {args.explain_worst[0]!r}")

    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    for name in names:
        if name not in extractors.NAMES:
            parser.error(f"unknown extractor {name!r}; choose from {', '.join(extractors.NAMES)}")
    chosen = _select(parser, args)

    result = report.context(["cleaner", *(n for n in names if n != "cleaner")])
    result["datasets"] = {}
    every_peer = set(extractors.PEERS) <= set(names)
    for ds in chosen:
        rows = evaluate(ds, names, args.limit, not args.no_cache, args.dump)
        result["datasets"][ds.name] = dataset_report(ds, rows, names, args.worst)
        if explain_n:
            explain_worst(ds, rows, explain_n, explain_dir, args.limit)
        if every_peer and args.limit is None and ds.name == datasets.dataset(ds.spec).name:
            write_peer_wins(PEERS_FILE, ds.name, rows,
                            {p: extractors.version(p) for p in extractors.PEERS})
    result["macro"] = macro(result["datasets"], names)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "accuracy.json").write_text(json.dumps(result, indent=1, ensure_ascii=False),
                                            encoding="utf-8")
    text = markdown(result)
    (args.out / "accuracy.md").write_text(text, encoding="utf-8")
    print(text)
    return result


def _site_aware(parser: argparse.ArgumentParser, args: argparse.Namespace) -> dict:
    from . import site_aware
    if args.sets is None and not args.dataset:
        args.sets = "dragnet"
    results = {}
    for ds in _select(parser, args):
        results[ds.name] = site_aware.run(ds, args.limit)
        if ds.comments:
            results[f"{ds.name} (comments)"] = site_aware.run(ds, args.limit, comments=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "site_aware.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    text = site_aware.markdown(results)
    (args.out / "site_aware.md").write_text(text, encoding="utf-8")
    print(text)
    return results


if __name__ == "__main__":
    main()
