"""Regenerate the markdown golden files: `python -m tests.golden.update`, then read the diff
(`git diff tests/golden`) by eye before committing. tests/test_markup.py compares against them."""

from __future__ import annotations

from pathlib import Path

import cleaner

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent
# Pages with tables, code, nested lists and quotes; one synthetic page has them all.
PAGES = {
    "structure": (ROOT / "tests" / "fixtures" / "structure.html", "https://example.com/guides/a"),
    "en-docs-sidebar-toc-code": (ROOT / "corpus" / "en-docs-sidebar-toc-code.html", None),
    "es-news-data-table-outbrain": (ROOT / "corpus" / "es-news-data-table-outbrain.html", None),
    "ko-blog-wordpress-recipe-jp-related": (
        ROOT / "corpus" / "ko-blog-wordpress-recipe-jp-related.html", None),
}
OPTIONS = cleaner.Options(formats=("markdown",), links=True, images=True)


def render(name: str) -> str:
    path, url = PAGES[name]
    return cleaner.clean(path.read_bytes(), url=url, options=OPTIONS).markdown + "\n"


def main() -> None:
    for name in PAGES:
        (GOLDEN / f"{name}.md").write_text(render(name), encoding="utf-8")
        print(f"wrote tests/golden/{name}.md")


if __name__ == "__main__":
    main()
