"""Fit lexicon.py's selection thresholds to the labelled sets, offline (issue 14, item 5).

    python -m benchmarks.fit [--params NAME,...] [--sets wcxb-dev,dragnet,...] [--passes N] \
        [--log FILE] [--out FILE] [--limit N] [--no-loso]

Scores cleaner's word F1 per set (as `benchmarks.accuracy` does: Dragnet on text + comments)
while the chosen numeric constants of cleaner/lexicon.py take other values, patched into the
module between runs: every stage reads them as `lx.NAME` at call time (FAVOR's tuple is
patched in place; decode.py's two imported constants are not fitted). What it fits:

- objective: the mean word F1 over the fitted sets, minus a penalty for each silent loss
  more than the hand-set values have (F1 < 0.5 on a page where a peer reaches 0.8, from
  benchmarks/peers.json as the gate counts them) and for any set (fitted ones and the
  corpus, a guard never in the mean) falling below its hand-set F1; a fall past
  `accuracy`'s landing tolerance (0.003) is all but forbidden.
- method: each constant on a small grid around its hand-set value, one at a time from the
  hand-set values (shared by every fit below), then coordinate search: the constants in
  order of their best one-at-a-time gain, each moved to its best grid value given the moves
  kept so far, while that gains more than MIN_GAIN; `--passes` rounds of it.
- checked by leaving one set out: for each of the four public dev sets, the fit on the other
  three, and the held-out set's F1 with the values fitted without it against its F1 with
  the hand-set values; then the fit on all four.

Every evaluation is appended to `--log` (JSON lines, keyed by the constants' values and a
digest of cleaner's sources) and read back on a rerun: an interrupted fit resumes where it
stopped. Dev-only: nothing here ships; the fitted values go into lexicon.py by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

from . import accuracy, datasets, extractors, metrics

# The constants fitted and the grid of each: plain module attributes of cleaner.lexicon, and
# FAVOR["balanced"]'s three members (FAVOR copies SUSPECT_MAX_PROSE_SHARE and
# BOILERPLATE_WEIGHT at import: the tuple is what score.tuning() reads).
GRIDS: dict[str, tuple[float, ...]] = {
    "PROSE_MIN_CHARS": (25, 30, 35, 45, 50, 60),
    "LONG_PROSE_CHARS": (60, 70, 90, 100, 120),
    "SEMANTIC_BONUS": (0.1, 0.15, 0.2, 0.3, 0.35, 0.5),
    "CONTENT_ATTR_BONUS": (0.0, 0.05, 0.125, 0.15, 0.175, 0.2, 0.3),
    "FAVOR.link_scale": (0.8, 0.9, 1.1, 1.2, 1.4),
    "FAVOR.suspect_share": (0.1, 0.15, 0.25, 0.3, 0.4),
    "FAVOR.boilerplate_weight": (0.5, 0.6, 0.8, 0.9, 1.0),
    "STRONG_SUSPECT_MAX_PROSE_SHARE": (0.4, 0.5, 0.7, 0.8),
    "LINKED_PROSE_MAX_DENSITY": (0.6, 0.8, 0.9),
    "LISTING_FALLBACK_CHARS": (600, 800, 1200, 1500),
    "LISTING_GAIN": (1.5, 1.75, 2.0, 2.25, 2.5, 3.5, 4.0, 5.0),
    "LISTING_WIDE_GAIN": (5.0, 6.0, 8.0, 10.0),
    "WIDEN_PROSE_GAIN": (1.5, 1.75, 2.5, 3.0),
    "BOXED_STORY_SHARE": (0.1, 0.2, 0.3),
    "MASKED_BODY_SHARE": (0.3, 0.4, 0.6, 0.7),
    "SEMANTIC_BODY_MIN_SHARE": (0.2, 0.25, 0.35, 0.4),
    "BODY_AFTER_END_SHARE": (0.1, 0.15, 0.2, 0.25, 0.4, 0.5),
    "SHORT_ARTICLE_ADDED_LINK_SHARE": (0.3, 0.4, 0.6, 0.7),
    "SHORT_ARTICLE_MIN_CHARS": (100, 150, 300, 400),
    "BOXED_STORY_MIN_CHARS": (20, 60, 100),
    "BOXED_STORY_MIN_BOX_CHARS": (50, 150, 200),
    "LISTING_WIDE_CHARS": (3000, 4000, 6000, 8000),
    "REVEAL_BELOW_CHARS": (100, 300, 500),
    "TAIL_ITEMS_MIN_BLOCKS": (3, 4, 6, 8),
}
_FAVOR_FIELDS = ("link_scale", "suspect_share", "boilerplate_weight")

# Penalties of the objective, in units of mean word F1: per silent loss more than the
# hand-set values have on a set (a landing allows none: only a gain of several pages pays
# for one), per unit of F1 a set falls, and per unit it falls past the landing tolerance.
LOSS_PENALTY = 0.003
FALL_PENALTY = 0.5
TOLERANCE = 0.003
HARD_FALL_PENALTY = 10.0
# A move of the coordinate search must gain at least this much objective.
MIN_GAIN = 0.0002
GUARD_SETS = ("corpus",)


def get_value(name: str) -> float:
    from cleaner import lexicon as lx

    if name.startswith("FAVOR."):
        return lx.FAVOR["balanced"][_FAVOR_FIELDS.index(name.split(".", 1)[1])]
    return getattr(lx, name)


def set_values(values: dict[str, float]) -> None:
    """Patch the constants into cleaner.lexicon (ints stay ints: some count characters)."""
    from cleaner import lexicon as lx

    favor = list(lx.FAVOR["balanced"])
    for name, value in values.items():
        if name.startswith("FAVOR."):
            favor[_FAVOR_FIELDS.index(name.split(".", 1)[1])] = value
        else:
            setattr(lx, name, type(getattr(lx, name))(value))
    lx.FAVOR["balanced"] = tuple(favor)


def source_digest() -> str:
    """Evaluations logged under another version of cleaner's code are not reused."""
    root = Path(__file__).resolve().parent.parent / "cleaner"
    h = hashlib.sha1()
    for path in sorted(root.rglob("*.py")) + sorted(root.rglob("*.pyx")):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _memoize_metadata() -> None:
    """The page's metadata depends on none of the fitted constants: read once per page
    (a sixth of clean()'s time), keyed by the markup clean() parsed last (it reads the
    metadata right after its first parse)."""
    from cleaner import core

    extract, parser = core.extract_metadata, core.LexborHTMLParser
    memo: dict = {}
    last: list = [None]

    def parse(data):
        last[0] = data
        return parser(data)

    def cached(tree, url, h1=None):
        key = (last[0], url)
        if key not in memo:
            memo[key] = extract(tree, url, h1=h1)
        return memo[key]

    core.LexborHTMLParser, core.extract_metadata = parse, cached


class Evaluator:
    """The pages of every set, loaded once; evaluate(values) -> {set: [F1, silent losses]}."""

    def __init__(self, sets: list[datasets.DataSet], limit: int | None, log: Path | None):
        self.sets = sets
        self.pages: dict[str, list[tuple[bytes, str | None, Counter, str]]] = {}
        self.runners = {}
        wins = accuracy.read_peer_wins()
        self.found: dict[str, set[str]] = {}
        for ds in sets:
            self.pages[ds.name] = [(p["html"], p["url"], metrics.words(p["main_content"]), p["id"])
                                   for p in datasets.load(ds.spec, limit)]
            self.runners[ds.name] = extractors.load("cleaner", comments=ds.comments)
            self.found[ds.name] = {i for i, peers in wins.get(ds.name, {}).items()
                                   if max(peers.values()) >= accuracy.FOUND}
        self._f1: dict[tuple, float] = {}
        _memoize_metadata()
        self.digest = source_digest()
        self.memo: dict[str, dict] = {}
        self.log = log
        self.evaluations = 0
        if log is not None and log.exists():
            for line in log.read_text(encoding="utf-8").splitlines():
                entry = json.loads(line)
                if entry["digest"] == self.digest and entry["limit"] == limit:
                    self.memo[entry["key"]] = entry["result"]
        self.limit = limit

    @staticmethod
    def key(values: dict[str, float]) -> str:
        """The same for 50 and 50.0: each value as its constant's type (int or float)."""
        return json.dumps(sorted((k, round(type(get_value(k))(v), 6))
                                 for k, v in values.items()))

    def evaluate(self, values: dict[str, float]) -> dict[str, list]:
        """values: the constants that differ from the hand-set ones (the rest stay)."""
        key = self.key(values)
        if key in self.memo:
            return self.memo[key]
        base = {name: get_value(name) for name in values}
        set_values(values)
        start = time.process_time()
        try:
            result = {ds.name: self._score(ds.name) for ds in self.sets}
        finally:
            set_values(base)
        self.evaluations += 1
        print(f"  eval {self.evaluations} ({time.process_time() - start:.0f} s CPU): "
              f"{key} -> " + ", ".join(f"{s} {r[0]:.4f}/{r[1]}" for s, r in result.items()),
              file=sys.stderr, flush=True)
        self.memo[key] = result
        if self.log is not None:
            with self.log.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"digest": self.digest, "limit": self.limit, "key": key,
                                    "result": result}) + "\n")
        return result

    def _score(self, name: str) -> list:
        run, found = self.runners[name], self.found[name]
        total, losses = 0.0, 0
        for n, (html, url, ref, page_id) in enumerate(self.pages[name]):
            try:
                text = run(html, url)
            except Exception:  # noqa: BLE001 -- scored as empty output, as accuracy does
                text = ""
            k = (name, n, len(text), hash(text))
            f1 = self._f1.get(k)
            if f1 is None:
                f1 = self._f1[k] = metrics._scores(metrics.words(text), ref).f1
            total += f1
            losses += f1 < accuracy.LOST and page_id in found
        return [total / max(len(self.pages[name]), 1), losses]


def objective(result: dict, base: dict, fitted: tuple[str, ...]) -> float:
    """Mean F1 over the fitted sets, less the penalties (see the module's docstring)."""
    value = sum(result[s][0] for s in fitted) / len(fitted)
    for s in (*fitted, *(g for g in GUARD_SETS if g in result)):
        fall = base[s][0] - result[s][0]
        if fall > 0:
            value -= FALL_PENALTY * fall + HARD_FALL_PENALTY * max(0.0, fall - TOLERANCE)
        value -= LOSS_PENALTY * max(0, result[s][1] - base[s][1])
    return value


def one_at_a_time(ev: Evaluator, params: list[str]) -> dict[str, dict[float, dict]]:
    """Each constant on its grid, the others hand-set: shared by every fit."""
    return {p: {v: ev.evaluate({p: v}) for v in GRIDS[p]} for p in params}


def fit(ev: Evaluator, params: list[str], single: dict, fitted: tuple[str, ...],
        passes: int) -> tuple[dict[str, float], list[str]]:
    """Coordinate search on the objective over `fitted`: (values moved, what was done)."""
    base = ev.evaluate({})
    best_value = best_value0 = objective(base, base, fitted)
    gains = {p: max(objective(r, base, fitted) for r in single[p].values()) - best_value
             for p in params}
    order = sorted((p for p in params if gains[p] > MIN_GAIN), key=lambda p: -gains[p])
    moved: dict[str, float] = {}
    notes = ["one-at-a-time gains: " + ", ".join(f"{p} {gains[p]:+.4f}" for p in order)]
    for round_ in range(passes):
        changed = False
        for p in order:
            # Only the grid values that gained alone (a full grid per move costs too much CPU).
            helped = [v for v, r in single[p].items()
                      if objective(r, base, fitted) > best_value0 + MIN_GAIN]
            trial = {v: {**moved, p: v} for v in helped if moved.get(p) != v}
            if p in moved:                           # back to the hand-set value, too
                trial[get_value(p)] = {k: v for k, v in moved.items() if k != p}
            scored = {v: objective(ev.evaluate(vals), base, fitted) for v, vals in trial.items()}
            v = max(scored, key=lambda x: scored[x])
            if scored[v] > best_value + MIN_GAIN:
                notes.append(f"pass {round_ + 1}: {p} -> {v} ({scored[v] - best_value:+.4f})")
                best_value, moved, changed = scored[v], trial[v], True
        if not changed:
            break
    return moved, notes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--params", help="comma-separated constants (default: all of GRIDS)")
    ap.add_argument("--sets", default=",".join(datasets.MACRO_SETS),
                    help="the sets fitted (default: the four public dev sets)")
    ap.add_argument("--passes", type=int, default=2)
    ap.add_argument("--limit", type=int, help="first N pages of each set (a quick look)")
    ap.add_argument("--log", type=Path, default=Path("fit-log.jsonl"))
    ap.add_argument("--out", type=Path, help="write the report's data as JSON here")
    ap.add_argument("--no-loso", action="store_true", help="only the fit on all the sets")
    args = ap.parse_args(argv)
    params = args.params.split(",") if args.params else list(GRIDS)
    for p in params:
        if p not in GRIDS:
            ap.error(f"unknown constant {p!r}; choose from {', '.join(GRIDS)}")
    wanted = tuple(args.sets.split(","))
    present = {ds.name: ds for ds in datasets.discover()}
    missing = [s for s in wanted if s not in present]
    if missing:
        ap.error(f"sets not found: {', '.join(missing)}")
    sets = [present[s] for s in wanted] + [present[g] for g in GUARD_SETS
                                           if g in present and g not in wanted]
    ev = Evaluator(sets, args.limit, args.log)
    base = ev.evaluate({})
    hand = {p: get_value(p) for p in params}
    print(f"hand-set: {hand}\nbase: {base}", file=sys.stderr)
    single = one_at_a_time(ev, params)
    fits = {}
    folds = [] if args.no_loso or len(wanted) < 2 else list(wanted)
    for held in [*folds, None]:
        fitted = tuple(s for s in wanted if s != held)
        moved, notes = fit(ev, params, single, fitted, args.passes)
        result = ev.evaluate(moved)
        fits["all" if held is None else f"without {held}"] = {
            "held_out": held, "fitted": fitted, "values": moved, "notes": notes,
            "result": result, "objective": objective(result, base, fitted)}
    report = {"hand_set": hand, "base": base, "single": {
        p: {str(v): r for v, r in d.items()} for p, d in single.items()}, "fits": fits,
        "evaluations": len(ev.memo)}
    if args.out:
        args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    print(markdown(report, wanted))
    return 0


def markdown(report: dict, wanted: tuple[str, ...]) -> str:
    base = report["base"]
    names = list(base)
    out = ["# Fit of lexicon.py's thresholds", "",
           "Word F1 / silent losses per set; hand-set values, then each fit:", "",
           "| values | " + " | ".join(names) + " | mean of " + ", ".join(wanted) + " |",
           "|---" * (len(names) + 2) + "|"]

    def row(label: str, result: dict) -> str:
        mean = sum(result[s][0] for s in wanted) / len(wanted)
        return (f"| {label} | " + " | ".join(f"{result[s][0]:.4f} / {result[s][1]}" for s in names)
                + f" | {mean:.4f} |")

    out.append(row("hand-set", base))
    for label, f in report["fits"].items():
        out.append(row(f"fit {label}", f["result"]))
    folds = [f for f in report["fits"].values() if f["held_out"]]
    if folds:
        out += ["", ("Leave one set out: the held-out set's F1 (silent losses) with the values "
                     "fitted on the other sets, against the hand-set values:"), "",
                "| held out | hand-set | fitted without it | change | values |", "|---|---|---|---|---|"]
        gains = []
        for f in folds:
            h = f["held_out"]
            a, b = base[h], f["result"][h]
            gains.append(b[0] - a[0])
            out.append(f"| {h} | {a[0]:.4f} ({a[1]}) | {b[0]:.4f} ({b[1]}) | "
                       f"{b[0] - a[0]:+.4f} | {f['values'] or 'none moved'} |")
        out += ["", f"Mean held-out change: {sum(gains) / len(gains):+.4f}"]
    out += ["", "Moves of each fit:", ""]
    for label, f in report["fits"].items():
        out.append(f"- {label}: " + "; ".join(f["notes"]))
    out += ["", f"{report['evaluations']} evaluations."]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
