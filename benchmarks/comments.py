"""cleaner's word F1 with reader comments on (Options(comments=True)).

    python -m benchmarks.comments --dataset wcxb:../shared/datasets/dragnet
    python -m benchmarks.comments --dataset wcxb:../shared/datasets/wcxb-dev --text-only

Dragnet's labels include the comment thread: it is scored on `text` + a blank line +
`comments`, as benchmarks.accuracy scores it. What this adds: `--text-only` scores `text`
alone with the option on, to check that turning comments on takes nothing from the main
text of sets whose labels leave comments out (WCXB: forum posts are content), with
per-type figures. Same metric as benchmarks.accuracy (WCXB word F1, mean over pages).
"""

from __future__ import annotations

import argparse

import cleaner

from . import datasets, metrics


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.comments",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", required=True, metavar="KIND:PATH")
    parser.add_argument("--text-only", action="store_true",
                        help="score Article.text alone (the option still on)")
    parser.add_argument("--limit", type=int, help="first N pages only")
    args = parser.parse_args(argv)
    options = cleaner.Options(comments=True)
    scores, with_comments = [], 0
    by_type: dict[str, list[float]] = {}
    for page in datasets.load(args.dataset, args.limit):
        article = cleaner.clean(page["html"], url=page["url"], options=options)
        text = article.text
        if article.comments:
            with_comments += 1
            if not args.text_only:
                text = f"{text}\n\n{article.comments}"
        s = metrics.word_scores(text, page["main_content"])
        scores.append(s)
        by_type.setdefault(page["page_type"] or "unknown", []).append(s.f1)
    result = {
        "pages": len(scores), "pages_with_comments": with_comments,
        "f1": metrics.mean(s.f1 for s in scores),
        "precision": metrics.mean(s.precision for s in scores),
        "recall": metrics.mean(s.recall for s in scores),
        "by_page_type": {t: metrics.mean(v) for t, v in sorted(by_type.items())},
    }
    print(f"{args.dataset}: {result['pages']} pages, {with_comments} with comments; word F1 "
          f"{result['f1']:.4f} (P {result['precision']:.4f}, R {result['recall']:.4f})"
          + (" [text only]" if args.text_only else " [text + comments]"))
    if len(by_type) > 1:
        print("  by page type: " + ", ".join(f"{t} {f:.4f}" for t, f in
                                              result["by_page_type"].items()))
    return result


if __name__ == "__main__":
    main()
