"""The evaluation gate: cleaner's accuracy must stay at or above the floors pinned in
benchmarks/floors.json. Raise a floor when the extractor improves; never lower one to let
a change pass. WCXB dev is read from ../shared beside the repository when it is there
(it is in CI); the corpus gate always runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import accuracy

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "benchmarks" / "floors.json").read_text(encoding="utf-8"))
WCXB = ROOT.parent / "shared" / "datasets" / "wcxb-dev"


def _summary(spec: str) -> dict:
    rows = accuracy.evaluate(spec, ["cleaner"], None, use_cache=False, dump=None)
    return accuracy.summarise(rows, "cleaner")


def _check(summary: dict, floors: dict) -> list[str]:
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
        elif summary[key] < floor:
            below.append(f"{key} {summary[key]:.4f} < floor {floor}")
    return below


def test_corpus_accuracy_stays_above_its_floors():
    summary = _summary(f"corpus:{ROOT / 'corpus'}")
    assert summary["errors"] == 0, summary["error_examples"]
    assert _check(summary, FLOORS["corpus"]) == []


@pytest.mark.skipif(not WCXB.is_dir(), reason="WCXB dev is not beside the repository")
def test_wcxb_dev_accuracy_stays_above_its_floors():
    summary = _summary(f"wcxb:{WCXB}")
    assert summary["errors"] == 0, summary["error_examples"]
    assert _check(summary, FLOORS["wcxb-dev"]) == []
