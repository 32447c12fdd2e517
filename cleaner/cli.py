"""Command line: `cleaner page.html` (or `python -m cleaner page.html`) prints the main content.

Batch processing of folders, WARC and JSONL dumps is a later addition; this entry point
cleans the files given (or stdin) one after another."""

from __future__ import annotations

import argparse
import gzip
import json
import sys

from . import __version__
from .core import clean

EXAMPLES = """examples:
  cleaner page.html                      print the main text
  cleaner --format json page.html.gz     one JSON record with title, text, encoding
  curl -s https://example.com/a | cleaner -   read a page from stdin
"""


def _read(path: str) -> bytes:
    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":            # gzip, whatever the file is called
        data = gzip.decompress(data)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="cleaner", description="Extract the main content of web pages.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", help="HTML files (plain or gzip), or - for stdin")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--url", help="the page's URL (for metadata and links)")
    parser.add_argument("--encoding", help="charset to try first (e.g. from an HTTP header)")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    args = parser.parse_args(argv)
    status = 0
    for path in args.paths:
        try:
            data = _read(path)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            print(f"cleaner: {path}: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}",
                  file=sys.stderr)
            status = 1
            continue
        article = clean(data, url=args.url, encoding=args.encoding)
        if args.format == "json":
            record = {"source": path, **article.to_dict()}
            print(json.dumps(record, ensure_ascii=False))
        else:
            if len(args.paths) > 1:
                print(f"==> {path} <==")
            print(article.text)
            if article.reason:
                print(f"cleaner: {path}: {article.reason}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
