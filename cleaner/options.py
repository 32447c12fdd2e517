"""The one options object. Defaults are calibrated on WCXB dev and the corpus (see lexicon.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Options:
    """Knobs a user may want to turn; every field has a tested default.

    favor: "balanced" (default), "precision" (drop doubtful blocks: stricter link
        density, more suspect containers masked, short non-sentence lines dropped: fewer
        boilerplate leaks, some lost lines) or "recall" (the reverse: links tolerated,
        suspects masked only when small: little lost, more leaks). See lexicon.FAVOR.
    trim_tail: cut "related", "most read", sponsored and similar blocks after the body.
    tables: keep data tables in the output (one row a line, cells tab-separated).
    min_block_chars: blocks shorter than this (in characters, so CJK counts fairly) need
        other evidence (sentence punctuation, position inside the body) to be kept.
    max_link_density: blocks whose share of linked characters exceeds this are dropped
        as navigation unless they are long prose.
    """

    favor: str = "balanced"
    trim_tail: bool = True
    tables: bool = True
    min_block_chars: int = 20
    max_link_density: float = 0.5

    def __post_init__(self) -> None:
        if self.favor not in ("balanced", "precision", "recall"):
            raise ValueError(f"favor must be 'balanced', 'precision' or 'recall', not {self.favor!r}")
        if not 0.0 <= self.max_link_density <= 1.0:
            raise ValueError("max_link_density must be within [0, 1]")
        if self.min_block_chars < 0:
            raise ValueError("min_block_chars must be >= 0")
