"""The evaluation gate: cleaner's accuracy on every set must stay at or above the floors pinned
in benchmarks/floors.json, and its silent losses at or below the ceilings there. Raise a floor
(lower a ceiling) when the extractor improves; never move one the other way to let a change
pass. The shared sets are read from ../shared/datasets beside the repository when it is there
(it is in CI); the corpus gate always runs.

Only cleaner runs here: its silent losses are counted against the peers' per-page wins that the
accuracy benchmark records in benchmarks/peers.json, so the gate needs neither the peers nor
their cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import accuracy, datasets

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "benchmarks" / "floors.json").read_text(encoding="utf-8"))
PRESENT = {ds.name: ds for ds in datasets.discover()}
# Every set with floors runs where it is present; a present set without floors (one added
# after they were pinned) is run for errors only.
SETS = sorted(set(PRESENT) | {k for k in FLOORS if not k.startswith("_")})


def _check(summary: dict, floors: dict, losses: list[dict] | None) -> list[str]:
    below = []
    for key, floor in floors.items():
        if key == "by_page_type":
            for page_type, type_floor in floor.items():
                got = summary["by_page_type"][page_type]["f1"]
                if got < type_floor:
                    below.append(f"{page_type} F1 {got:.4f} < floor {type_floor}")
        elif key == "max_seconds_per_page":
            got = summary["slowest"]["seconds"]
            if got > floor:
                below.append(f"slowest page {summary['slowest']['id']} took {got:.3f} s > {floor}")
        elif key == "max_silent_losses":
            if len(losses) > floor:
                ids = ", ".join(f"{w['id']} ({w['f1']:.2f} vs {w['best']} {w['best_f1']:.2f})"
                                for w in losses)
                below.append(f"{len(losses)} silent losses > ceiling {floor}: {ids}")
        elif summary[key] < floor:
            below.append(f"{key} {summary[key]:.4f} < floor {floor}")
    return below


@pytest.mark.parametrize("name", SETS)
def test_accuracy_stays_within_its_floors(name):
    if name not in PRESENT:
        pytest.skip(f"set {name} is not present (../shared/datasets is not beside the repo)")
    ds = PRESENT[name]
    floors = FLOORS.get(name)
    rows = accuracy.evaluate(ds, ["cleaner"], None, use_cache=False, dump=None)
    summary = accuracy.summarise(rows, "cleaner")
    assert summary["errors"] == 0, summary["error_examples"]
    if not floors:
        # A set put beside the repository after the floors were pinned (a held-out set on a
        # CI machine): no floor to hold it to yet, but every page must still run cleanly.
        # Measure it with python -m benchmarks.accuracy and add its floors.
        print(f"{name}: no floors in benchmarks/floors.json; F1 {summary['f1']:.4f}")
        return
    losses = None
    if "max_silent_losses" in floors:
        wins = accuracy.read_peer_wins().get(name)
        rerun = f"run python -m benchmarks.accuracy --sets {name} to record the peers"
        assert wins is not None, f"benchmarks/peers.json has no {name}: {rerun}"
        # Pages added since the record (the corpus grows) are judged at the next full run;
        # a recorded page that is gone means the record is stale.
        gone = set(wins) - {row["id"] for row in rows}
        assert not gone, f"peers.json names pages {name} no longer has ({sorted(gone)[:5]}): {rerun}"
        losses = accuracy.silent_losses(rows, "cleaner", wins)
    below = _check(summary, floors, losses)
    assert not below, f"{name}:\n" + "\n".join(below)
