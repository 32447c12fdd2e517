"""`cleaner explain PAGE`: the report of why each block of one page was kept or dropped
(cleaner/explain.py), as HTML (default) or JSON."""

from __future__ import annotations

import argparse
import json
import sys

from ..explain import explain
from ..options import Options
from .records import PageTooLarge, decompressing, read_limited, read_page

MAX_BYTES = 64 << 20         # a page or expected text beyond this is refused, not read

EXAMPLES = """\
examples:
  cleaner explain page.html -o report.html          open report.html in a browser
  cleaner explain page.html.gz --url https://example.com/a --format json
  cleaner explain page.html --expected truth.txt -o report.html   losses and leaks marked
  curl -s https://example.com/ | cleaner explain - > report.html
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        self.exit(2, f"cleaner explain: error: {message} (see cleaner explain --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="cleaner explain",
                description="Why each block of a page was kept or dropped: a self-contained "
                            "HTML report (or JSON).",
                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("page", metavar="PAGE",
                   help="an HTML file (gzip, bzip2, xz or zstd by magic bytes), or - for stdin")
    p.add_argument("--url", help="the page's URL")
    p.add_argument("--encoding", metavar="CHARSET",
                   help="charset to try first (as from an HTTP header)")
    p.add_argument("--expected", metavar="FILE",
                   help="the text the page should give (UTF-8): marks lost and leaked blocks "
                        "and scores the page")
    p.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced",
                   help="as for cleaner: when in doubt, keep (recall) or drop (precision)")
    p.add_argument("--format", choices=("html", "json"), default="html",
                   help="html: the report page (default); json: Explanation.to_dict()")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    return p


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        html = _read(args.page)
        expected = None
        if args.expected is not None:
            expected = _read(args.expected).decode("utf-8", "replace")
    except (OSError, PageTooLarge) as exc:
        return _fail(_why(exc))
    ex = explain(html, url=args.url, options=Options(favor=args.favor),
                 encoding=args.encoding, expected=expected)
    if args.format == "json":
        body = json.dumps(ex.to_dict(), ensure_ascii=False, indent=1) + "\n"
    else:
        body = ex.to_html()
    data = body.encode("utf-8")
    try:
        if args.output:
            with open(args.output, "wb") as f:
                f.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        return 141
    except OSError as exc:
        return _fail(_why(exc))
    if ex.article.reason and args.output:
        print(f"cleaner explain: note: {ex.article.reason}", file=sys.stderr)
    return 0


def _read(path: str) -> bytes:
    if path == "-":
        with decompressing(sys.stdin.buffer) as f:
            return read_limited(f, MAX_BYTES)
    return read_page(path, MAX_BYTES)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


def _fail(message: str) -> int:
    print(f"cleaner explain: error: {message}", file=sys.stderr)
    return 2
