"""Metadata accuracy and cost: cleaner.metadata against trafilatura on WCXB dev.

    python -m benchmarks.metadata [--dataset wcxb:PATH] [--limit N] [--out DIR] [--no-cache]

For every page with a WCXB label, title, author and publication date are compared with
``ground_truth.title`` / ``author`` / ``publish_date`` after normalisation (see ``norm``):

- title: normalised exact match;
- author: a match when any extracted author equals the label, or when the label is empty and
  no author was extracted (trafilatura's "A; B" author string is split on ";");
- date: compared as days (the first 10 characters of the ISO string); an empty label with no
  date extracted is a match.

Cost: ``extract_metadata`` is timed on an already-parsed tree (the parse is clean()'s and not
charged to metadata), given the first <h1> as clean() gives it (found by prune's walk over the
whole body, which clean() makes anyway; untimed here), next to ``cleaner.clean`` on the same
page's bytes; CPU time
(``time.process_time``) around each call, one untimed warm-up call each. The ratio of the sums
is the figure to check against the "< 10% of clean()'s per-page time" target.

trafilatura runs ``trafilatura.extract_metadata`` on its own parse of the bytes
(``trafilatura.utils.load_html``); its results are cached in
``~/.cache/cleaner-bench/trafilatura-metadata/`` keyed by page bytes and version.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import unicodedata
from pathlib import Path

from . import datasets, report
from .extractors import version

CACHE_DIR = (Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
             / "cleaner-bench" / "trafilatura-metadata")
DEFAULT_OUT = Path(__file__).resolve().parent / "results"
FIELDS = ("title", "author", "date")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})


def norm(text: str | None) -> str:
    """Casefold, curly quotes straightened, whitespace collapsed, punctuation trimmed."""
    if not text:
        return ""
    text = " ".join(text.translate(_QUOTES).casefold().split())
    start, end = 0, len(text)
    while start < end and _punct(text[start]):
        start += 1
    while end > start and _punct(text[end - 1]):
        end -= 1
    return text[start:end]


def _punct(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PS"


def title_ok(found: str | None, truth: str | None) -> bool:
    return norm(found) == norm(truth)


def author_ok(found: list[str], truth: str | None) -> bool:
    t = norm(truth)
    names = [norm(a) for a in found if norm(a)]
    if not t:
        return not names
    return t in names


def date_ok(found: str | None, truth: str | None) -> bool:
    f = (found or "").strip()[:10]
    t = (truth or "").strip()[:10]
    return f == t


# ---------------------------------------------------------------- extractors


def _trafilatura(page: datasets.Page, use_cache: bool) -> dict:
    key = hashlib.sha1(page["html"]).hexdigest()
    path = CACHE_DIR / version("trafilatura") / f"{page['id']}-{key}.json"
    if use_cache and path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    import trafilatura
    from trafilatura.utils import load_html

    out = {"title": None, "authors": [], "date": None, "error": None}
    try:
        tree = load_html(page["html"])
        if tree is not None:
            doc = trafilatura.extract_metadata(tree, default_url=page["url"])
            out["title"] = doc.title
            out["authors"] = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
            out["date"] = doc.date
    except Exception as exc:  # noqa: BLE001 - a crash scores as nothing found
        out["error"] = f"{type(exc).__name__}: {exc}"
    if use_cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out), encoding="utf-8")
    return out


def _cleaner(page: datasets.Page) -> dict:
    from selectolax.lexbor import LexborHTMLParser

    import cleaner
    from cleaner import prune
    from cleaner.decode import decode
    from cleaner.metadata import FIND, extract_metadata

    tree = LexborHTMLParser(decode(page["html"], None).data)
    plan = prune.scan(tree.body) if tree.body is not None else None
    h1 = plan.first_h1(tree) if plan is not None else FIND
    t0 = time.process_time()
    meta = extract_metadata(tree, url=page["url"], h1=h1)
    t1 = time.process_time()
    cleaner.clean(page["html"], url=page["url"])
    t2 = time.process_time()
    return {"title": meta.title, "authors": list(meta.authors), "date": meta.published,
            "meta_s": t1 - t0, "clean_s": t2 - t1}


# ---------------------------------------------------------------- run


def evaluate(spec: str, limit: int | None, use_cache: bool) -> dict:
    rows = []
    warmed = False
    for page in datasets.load(spec, limit):
        if not warmed:
            _cleaner(page)
            warmed = True
        label = _label(spec, page)
        c = _cleaner(page)
        t = _trafilatura(page, use_cache)
        row = {"id": page["id"], "url": page["url"], "truth": label,
               "cleaner": {k: c[k] for k in ("title", "authors", "date")},
               "trafilatura": {k: t[k] for k in ("title", "authors", "date")},
               "meta_s": c["meta_s"], "clean_s": c["clean_s"]}
        for name in ("cleaner", "trafilatura"):
            r = row[name]
            r["ok"] = {"title": title_ok(r["title"], label["title"]),
                       "author": author_ok(r["authors"], label["author"]),
                       "date": date_ok(r["date"], label["date"])}
        rows.append(row)
    return summarise(spec, rows)


def _label(spec: str, page: datasets.Page) -> dict:
    """title / author / publish_date from the label file (the loader keeps only the title)."""
    kind, path = datasets.parse_spec(spec)
    truth: dict = {}
    if kind == "wcxb":
        try:
            label = json.loads((path / "ground-truth" / f"{page['id']}.json")
                               .read_text(encoding="utf-8"))
            truth = label.get("ground_truth") or {}
        except (OSError, ValueError):
            truth = {}
    return {"title": truth.get("title", page["title"]), "author": truth.get("author") or "",
            "date": truth.get("publish_date") or ""}


def _pct(xs: list[bool]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def _percentile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(q * len(s) + 0.5) - 1))] if s else 0.0


def summarise(spec: str, rows: list[dict]) -> dict:
    acc = {}
    for name in ("cleaner", "trafilatura"):
        fig = {}
        for f in FIELDS:
            fig[f] = _pct([r[name]["ok"][f] for r in rows])
            key = "author" if f == "author" else f
            present = [r[name]["ok"][f] for r in rows if r["truth"][key]]
            absent = [r[name]["ok"][f] for r in rows if not r["truth"][key]]
            fig[f + "_labelled"] = (_pct(present), len(present))
            fig[f + "_unlabelled"] = (_pct(absent), len(absent))
        acc[name] = fig
    meta_s = [r["meta_s"] for r in rows]
    clean_s = [r["clean_s"] for r in rows]
    ratios = [m / c for m, c in zip(meta_s, clean_s) if c > 0]
    cost = {
        "pages": len(rows),
        "metadata_cpu_s": sum(meta_s), "clean_cpu_s": sum(clean_s),
        "ratio_of_sums": sum(meta_s) / sum(clean_s) if sum(clean_s) else None,
        "metadata_ms_p50": _percentile(meta_s, 0.5) * 1e3,
        "metadata_ms_p95": _percentile(meta_s, 0.95) * 1e3,
        "metadata_ms_max": max(meta_s, default=0) * 1e3,
        "clean_ms_p50": _percentile(clean_s, 0.5) * 1e3,
        "clean_ms_p95": _percentile(clean_s, 0.95) * 1e3,
        "ratio_p50": _percentile(ratios, 0.5), "ratio_p95": _percentile(ratios, 0.95),
    }
    return {"context": report.context(["cleaner", "trafilatura", "selectolax"]),
            "dataset": spec, "accuracy": acc, "cost": cost, "pages": rows}


def markdown(result: dict) -> str:
    acc, cost = result["accuracy"], result["cost"]
    lines = ["# Metadata", "", report.header_line(result["context"]), "",
             f"Dataset {result['dataset']}: {cost['pages']} pages.", "",
             "Accuracy (share of pages; normalised exact match, see benchmarks/metadata.py):",
             ""]
    head = ["extractor", "title", "author", "date", "author (labelled / unlabelled)",
            "date (labelled / unlabelled)"]
    rows = []
    for name in ("cleaner", "trafilatura"):
        f = acc[name]

        def split(field: str, f=f) -> str:
            a, na = f[field + "_labelled"]
            b, nb = f[field + "_unlabelled"]
            return f"{report.num(a)} ({na}) / {report.num(b)} ({nb})"

        rows.append([name, report.num(f["title"]), report.num(f["author"]),
                     report.num(f["date"]), split("author"), split("date")])
    lines += [report.table(head, rows, "lrrrrr"), ""]
    lines += ["Cost (CPU time; metadata on an already-parsed tree, clean() on the bytes):", ""]
    lines.append(report.table(
        ["call", "CPU s", "p50 ms", "p95 ms", "max ms"],
        [["extract_metadata", report.num(cost["metadata_cpu_s"], 2),
          report.num(cost["metadata_ms_p50"]), report.num(cost["metadata_ms_p95"]),
          report.num(cost["metadata_ms_max"], 1)],
         ["cleaner.clean", report.num(cost["clean_cpu_s"], 2), report.num(cost["clean_ms_p50"]),
          report.num(cost["clean_ms_p95"]), "-"]], "lrrrr"))
    lines += ["", (f"metadata / clean(): {100 * cost['ratio_of_sums']:.1f}% of the summed CPU time; "
              f"per page p50 {100 * cost['ratio_p50']:.1f}%, p95 {100 * cost['ratio_p95']:.1f}%."),
              ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", default=None, help="KIND:PATH (default: WCXB dev)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument("--misses", type=str, default=None,
                    help="print cleaner's misses for this field (title, author, date)")
    args = ap.parse_args(argv)
    spec = args.dataset or datasets.default_dataset()
    result = evaluate(spec, args.limit, not args.no_cache)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "metadata.json").write_text(json.dumps(result, ensure_ascii=False, indent=1),
                                            encoding="utf-8")
    md = markdown(result)
    (args.out / "metadata.md").write_text(md, encoding="utf-8")
    print(md)
    if args.misses:
        key = args.misses
        for r in result["pages"]:
            if not r["cleaner"]["ok"][key]:
                fld = "authors" if key == "author" else key
                print(f"{r['id']} T={r['trafilatura']['ok'][key]!s:5} "
                      f"truth={r['truth'][key]!r} cleaner={r['cleaner'][fld]!r} "
                      f"traf={r['trafilatura'][fld]!r} {r['url']}", file=sys.stderr)
    return result


if __name__ == "__main__":
    main()
