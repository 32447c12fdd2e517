"""Site-aware cleaning against page-by-page, on a set's pages grouped by host.

    python -m benchmarks.accuracy --site-aware [--sets dragnet] [--limit N]

Per set: the host of each page (its URL, else its canonical / og:url / <base>, as
cleaner.learn_sites reads it), profiles learned from all the set's pages, then every page
cleaned twice (page by page, and with the profiles). Reported: word F1 on the pages of
hosts with at least MIN_HOST_PAGES pages, and on the other pages (which must not move);
pages worse by more than WORSE_BY; the learning cost in CPU seconds and MB per 1,000
pages, and as a share of the CPU time of cleaning the same pages page by page. A set whose
labels include the comments (Dragnet) runs twice: comments off, and as the accuracy
benchmark scores it (Options(comments=True), text + comments).

The profiles are learned on the very pages that are then cleaned, as the command line's
--site-aware does over a dump (the pages' labels are never read while learning).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections import Counter

import cleaner
from cleaner import sites

from . import datasets, metrics

MIN_HOST_PAGES = 3
WORSE_BY = 0.05


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def run(ds: datasets.DataSet, limit: int | None = None, comments: bool = False) -> dict:
    """comments: clean with Options(comments=True) and score text + comments, as the
    accuracy benchmark does on a set whose labels include the comments (Dragnet)."""
    pages = list(datasets.load(ds.spec, limit))
    options = cleaner.Options(comments=True) if comments else None

    def text(article) -> str:
        return article.text + ("\n\n" + (article.comments or "") if comments else "")

    # Learning: time and peak memory of the learner alone (tracemalloc slows both runs
    # alike, so the time is taken without it, the memory in a second pass).
    learner = sites.Learner()
    hosts: dict[str, str | None] = {}
    start = time.process_time()
    for page in pages:
        hosts[page["id"]] = learner.add(page["html"], page["url"] or None)
    learn_s = time.process_time() - start
    profiles = learner.profiles()
    tracemalloc.start()
    again = sites.Learner()
    for page in pages:
        again.add(page["html"], page["url"] or None)
    again.profiles()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    counts = Counter(h for h in hosts.values() if h)
    plain_s = 0.0
    multi, single, worse, better = [], [], [], 0
    for n, page in enumerate(pages, 1):
        ref = page["main_content"]
        t = time.process_time()
        before = text(cleaner.clean(page["html"], page["url"] or None, options))
        plain_s += time.process_time() - t
        after = text(cleaner.clean(page["html"], page["url"] or None, options, sites=profiles))
        f0 = metrics.word_scores(before, ref).f1
        f1 = metrics.word_scores(after, ref).f1
        host = hosts[page["id"]]
        if host and counts[host] >= MIN_HOST_PAGES:
            multi.append((f0, f1))
            if f1 < f0 - WORSE_BY:
                worse.append(page["id"])
            better += f1 > f0 + WORSE_BY
        else:
            single.append((f0, f1))
        if n % 250 == 0:
            print(f"{ds.name} site-aware: {n} pages", file=sys.stderr)
    per_k = 1000 / max(1, len(pages))
    return {
        "comments": comments,
        "pages": len(pages),
        "hosts": len(counts),
        "hosts_with_profile": len(profiles),
        "multi_host_pages": len(multi),
        "f1_multi_page_by_page": _mean([a for a, _ in multi]),
        "f1_multi_site_aware": _mean([b for _, b in multi]),
        "multi_worse_by_0.05": len(worse),
        "multi_worse_share": round(len(worse) / max(1, len(multi)), 4),
        "multi_worse_ids": worse,
        "multi_better_by_0.05": better,
        "single_host_pages": len(single),
        "f1_single_page_by_page": _mean([a for a, _ in single]),
        "f1_single_site_aware": _mean([b for _, b in single]),
        "single_changed": sum(1 for a, b in single if a != b),
        "learn_seconds_per_1000": round(learn_s * per_k, 2),
        "clean_seconds_per_1000": round(plain_s * per_k, 2),
        "learn_share_of_clean": round(learn_s / plain_s, 3) if plain_s else None,
        "learn_peak_mb_per_1000": round(peak / 2**20 * per_k, 2),
    }


def markdown(results: dict[str, dict]) -> str:
    lines = ["## Site-aware cleaning vs page by page", "",
             ("| set | comments | pages on hosts >= 3 | F1 page by page | F1 site-aware "
              "| worse >0.05 | better >0.05 | other pages changed | learn s/1k | clean s/1k "
              "| learn / clean | learn MB/1k |"),
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        lines.append(f"| {name} | {'on' if r['comments'] else 'off'} "
                     f"| {r['multi_host_pages']} | {r['f1_multi_page_by_page']} "
                     f"| {r['f1_multi_site_aware']} | {r['multi_worse_by_0.05']} "
                     f"({r['multi_worse_share']:.1%}) "
                     f"| {r['multi_better_by_0.05']} | {r['single_changed']} of "
                     f"{r['single_host_pages']} | {r['learn_seconds_per_1000']} "
                     f"| {r['clean_seconds_per_1000']} | {r['learn_share_of_clean']:.0%} "
                     f"| {r['learn_peak_mb_per_1000']} |")
    return "\n".join(lines) + "\n"
