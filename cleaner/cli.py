"""The `cleaner` command: main content of pages from files, folders, WARC and JSONL, in
parallel, to a JSONL stream, a JSONL file or a folder of files. See README "Command line".

The pieces: inputs.py reads pages, runner.py runs clean() in worker processes, outputs.py
builds records and writes them; this module parses the command line and wires them up.
"""

from __future__ import annotations

import argparse
import os
import signal
import stat
import sys
import threading
import time
from collections import Counter
from dataclasses import replace

from . import __version__
from .inputs import Input, Settings, UsageError, count_pages, pages, plan
from .options import Options
from .outputs import FORMATS, DirSink, Finished, StreamSink, resume_jsonl
from .runner import Job, Pool, WorkerStartError, run_inline
from .spans import SPAN_BYTES

EXAMPLES = """\
examples:
  cleaner page.html                       one page: a JSON record on stdout
  cleaner --format text page.html.gz      just the text (compression found by magic bytes)
  cleaner --format markdown --links x.html  markdown with links (absolute against --url)
  curl -s https://example.com/ | cleaner --format text -
  cleaner crawl/ > pages.jsonl            a folder, recursively: one JSON line per page
  cleaner CC-MAIN-x.warc.gz -o out/       HTML responses of a WARC: out/<warc>/<record>.txt
  cleaner export.jsonl.zst --html-field raw_html --id-field doc_id -o pages.jsonl
  zcat dump.jsonl.gz | cleaner --jsonl - > pages.jsonl
  cleaner crawl/ -o out/ --resume         after an interruption: finish what is missing
  cleaner explain page.html -o report.html  why each block was kept or dropped (see
                                          cleaner explain --help)

records: {"id", "url", "source", "title", "text", "encoding", "reason"} and "error" for a
page that failed. Exit status: 0 all pages done, 1 some pages failed (their records say why),
2 usage or fatal error, 130 interrupted.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        self.exit(2, f"cleaner: error: {message} (see cleaner --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="cleaner", description="Extract the main content of web pages from files, "
                "folders (recursive),\nWARC archives, JSONL exports or stdin, in parallel.",
                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="file, folder, WARC, JSONL, or - for stdin (one page; WARC; JSONL with "
                        "--jsonl)")
    g = p.add_argument_group("input")
    g.add_argument("--jsonl", action="store_true",
                   help="read stdin and the files named as JSONL (else only *.jsonl, *.ndjson)")
    g.add_argument("--html-field", default="html", metavar="NAME",
                   help="JSONL field holding the HTML (default: html)")
    g.add_argument("--url-field", default="url", metavar="NAME",
                   help="JSONL field holding the URL (default: url)")
    g.add_argument("--id-field", default="id", metavar="NAME",
                   help="JSONL field holding the record id (default: id; else FILE:LINE)")
    g.add_argument("--url", help="the page's URL, for pages that come without one")
    g.add_argument("--encoding", metavar="CHARSET",
                   help="charset to try first when no HTTP header gives one")
    g.add_argument("--max-page-mb", type=float, default=32.0, metavar="MB",
                   help="larger pages become error records (default: 32)")
    g = p.add_argument_group("output")
    g.add_argument("--format", choices=sorted(FORMATS),
                   help="text, json, markdown or html (default: json lines on stdout, text "
                        "files with -o DIR); json records carry markdown/html too with "
                        "--with-markdown/--with-html")
    g.add_argument("-o", "--output", metavar="DIR",
                   help="write one file per page under DIR, mirroring the inputs (a name ending "
                        "in .jsonl means --output-jsonl)")
    g.add_argument("--output-jsonl", metavar="FILE", help="append JSON lines to FILE")
    g.add_argument("--resume", action="store_true",
                   help="skip pages already in the output (-o or --output-jsonl) and do the rest")
    g = p.add_argument_group("extraction")
    g.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced",
                   help="when in doubt, keep (recall) or drop (precision) a block")
    g.add_argument("--no-tables", action="store_true", help="leave data tables out")
    g.add_argument("--links", action="store_true", help="keep links in markdown and html")
    g.add_argument("--images", action="store_true", help="keep images in markdown and html")
    g.add_argument("--with-markdown", action="store_true", help="add markdown to json records")
    g.add_argument("--with-html", action="store_true", help="add html to json records")
    g.add_argument("--no-trim-tail", action="store_true",
                   help="keep 'related', 'most read' and similar blocks after the body")
    g = p.add_argument_group("run")
    g.add_argument("-w", "--workers", type=int, default=_cores(), metavar="N",
                   help=f"worker processes (default: all cores, {_cores()}; 0: in this process)")
    g.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="seconds per page before its worker is killed and the page recorded as "
                        "an error (default: 30; 0: none)")
    g.add_argument("--chunk-size", type=int, default=16, metavar="N",
                   help="pages handed to a worker at a time (default: 16, and at most "
                        "512 KiB of HTML)")
    g.add_argument("--span-mb", type=float, default=SPAN_BYTES / (1 << 20), metavar="MB",
                   help="WARC and uncompressed JSONL files are cut into spans of this many "
                        "MiB that the workers read themselves (default: 1; 0: the main "
                        "process reads every page)")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary")
    g.add_argument("-v", "--verbose", action="store_true",
                   help="also report every failed or empty page on stderr")
    p.add_argument("--version", action="version", version=f"cleaner {__version__}")
    return p


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["explain"]:            # `cleaner explain PAGE` (a file named explain: ./explain)
        from .explain_cli import main as explain_main
        return explain_main(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except (UsageError, WorkerStartError) as exc:
        _say(f"error: {exc}")
        return 2
    except OSError as exc:     # the output went away (disk full, ...) or the system said no
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"error: {where}{exc.strerror or exc}")
        return 2
    except KeyboardInterrupt:  # before the run started (reading stdin, counting pages)
        _say("interrupted")
        return 130


def _say(message: str) -> None:
    print(f"cleaner: {message}", file=sys.stderr, flush=True)


def _check(args: argparse.Namespace) -> None:
    if args.workers < 0:
        raise UsageError("--workers must be 0 or more")
    if args.timeout < 0:
        raise UsageError("--timeout must be 0 (none) or more")
    if args.chunk_size < 1:
        raise UsageError("--chunk-size must be 1 or more")
    if not args.span_mb >= 0:
        raise UsageError("--span-mb must be 0 or more")
    if args.max_page_mb <= 0:
        raise UsageError("--max-page-mb must be more than 0")
    if args.output and args.output.lower().endswith(".jsonl"):
        if args.output_jsonl:
            raise UsageError("give -o or --output-jsonl, not both")
        args.output_jsonl, args.output = args.output, None
    if args.output and args.output_jsonl:
        raise UsageError("give -o DIR or --output-jsonl FILE, not both")
    if args.resume and not (args.output or args.output_jsonl):
        raise UsageError("--resume needs an output to resume: -o DIR or --output-jsonl FILE "
                         "(stdout cannot be resumed)")
    if args.output and os.path.exists(args.output) and not os.path.isdir(args.output):
        raise UsageError(f"{args.output}: exists and is not a folder (-o is a folder)")
    if args.output_jsonl:
        if os.path.isdir(args.output_jsonl):
            raise UsageError(f"{args.output_jsonl}: is a folder (--output-jsonl is a file)")
        if (not args.resume and os.path.exists(args.output_jsonl)
                and os.path.getsize(args.output_jsonl) > 0):
            raise UsageError(f"{args.output_jsonl}: exists; add --resume to complete it, or "
                             "remove it to start over")


def _run(args: argparse.Namespace) -> int:
    _check(args)
    settings = Settings(jsonl=args.jsonl, html_field=args.html_field, url_field=args.url_field,
                        id_field=args.id_field, max_bytes=int(args.max_page_mb * (1 << 20)),
                        url=args.url, encoding=args.encoding,
                        split_bytes=max(1, int(args.span_mb * (1 << 20))) if args.span_mb else 0,
                        exclude=frozenset(os.path.abspath(p) for p in (args.output,
                                                                       args.output_jsonl) if p))
    fmt = args.format or ("text" if args.output else "json")
    formats = tuple(f for f, wanted in (
        ("markdown", fmt == "markdown" or args.with_markdown),
        ("html", fmt == "html" or args.with_html)) if wanted)
    options = Options(favor=args.favor, tables=not args.no_tables,
                      trim_tail=not args.no_trim_tail, formats=formats,
                      links=args.links, images=args.images)
    inputs = plan(args.paths, settings)

    done = None
    try:
        if args.output:
            os.makedirs(args.output, exist_ok=True)
            sink: DirSink | StreamSink = DirSink(
                args.output, fmt, note=_say if args.verbose and not args.quiet else None)
            target = "dir"
            done = sink.done if args.resume else None
        elif args.output_jsonl:
            finished = (resume_jsonl(args.output_jsonl)
                        if args.resume and os.path.exists(args.output_jsonl) else set())
            sink = StreamSink(open(args.output_jsonl, "ab"))  # noqa: SIM115 - sink closes it
            target = "jsonl"
            done = Finished(finished) if args.resume else None
        else:
            sink = StreamSink(getattr(sys.stdout, "buffer", sys.stdout))
            target = "jsonl" if fmt == "json" else "text"
    except OSError as exc:
        where = exc.filename or args.output or args.output_jsonl
        raise UsageError(f"{where}: cannot write: {exc.strerror or exc}") from exc

    settings = replace(settings, own=_own_outputs(args, sink))
    job = Job(options=options, target=target, fmt=fmt,
              headers=target == "text" and not _single_page(inputs),
              max_bytes=settings.max_bytes, clean_func=os.environ.get("CLEANER_TEST_CLEAN"),
              settings=settings, done=done)
    stats: Counter = Counter()
    show = not args.quiet and sys.stderr.isatty()
    total = count_pages(inputs) if show else None
    progress = _progress(show, total)
    pool = (Pool(args.workers, job, args.timeout, args.chunk_size, stats=stats)
            if args.workers else None)
    stream = pages(inputs, settings, done, stats,
                   note=_say if args.verbose and not args.quiet else None)
    results = pool.map(stream) if pool else run_inline(stream, job, stats)
    started = time.monotonic()
    guard = _Guard()
    interrupted = broken = False
    try:
        for page, (status, body, note) in results:
            with guard:
                sink.write(page, status, body)
            stats[status] += 1     # pages done; the summary counts what reached the output
            if note and not args.quiet and (args.verbose or target == "text"):
                _say(f"{page.id}: {note}")
            if progress is not None:
                if total is not None:
                    progress.total = total - stats["resumed"]
                progress.update(1)
                if status == "error":
                    progress.set_postfix_str(f"errors={stats['error']}", refresh=False)
    except KeyboardInterrupt:
        interrupted = True
    except BrokenPipeError:
        _quiet_stdout()
        return 141
    finally:
        guard.writing = True   # winding down: a Ctrl-C now only marks the run interrupted
        if progress is not None:
            progress.close()
        if pool is not None:
            pool.close()
        try:
            sink.close()
        except BrokenPipeError:
            _quiet_stdout()
            broken = True
        guard.restore()
        interrupted = interrupted or guard.pending
    if broken:       # the reader went away: what it did not take is not counted below
        return 141
    seconds = time.monotonic() - started
    if not args.quiet:
        _say(_summary(stats, sink, seconds, args, pool))
    if interrupted:
        if not args.quiet:
            _say("interrupted; " + ("run the same command with --resume to finish"
                                    if args.output or args.output_jsonl else
                                    "the records written so far are complete"))
        return 130
    return 1 if stats["error"] else 0


class _Guard:
    """Ctrl-C and SIGTERM stop the run with KeyboardInterrupt, but never in the middle of a
    write: a record is written whole or not at all (the interrupt waits for the write)."""

    def __init__(self) -> None:
        self.writing = False
        self.pending = False
        self.old = ({sig: signal.signal(sig, self._handle)
                     for sig in (signal.SIGINT, signal.SIGTERM)}
                    if threading.current_thread() is threading.main_thread() else {})

    def _handle(self, signum, frame) -> None:
        if self.writing:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def __enter__(self) -> None:
        self.writing = True

    def __exit__(self, *exc) -> None:
        self.writing = False
        if self.pending and exc[0] is None:
            raise KeyboardInterrupt

    def restore(self) -> None:
        for sig, old in self.old.items():
            signal.signal(sig, old)


def _own_outputs(args: argparse.Namespace, sink) -> frozenset[tuple[int, int]]:
    """(st_dev, st_ino) of what this run writes: -o's folder, --output-jsonl's file, and
    stdout when it is redirected to a file (`cleaner crawl/ > crawl/pages.jsonl`), so that
    a folder walk never reads them back, whatever path leads to them."""
    found = set()
    streams = [getattr(sink, "stream", None)] if isinstance(sink, StreamSink) else []
    for item in [args.output, *streams]:
        try:
            st = os.stat(item) if isinstance(item, str) else os.fstat(item.fileno())
        except (OSError, ValueError, AttributeError, TypeError):
            continue
        if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
            found.add((st.st_dev, st.st_ino))
    return frozenset(found)


def _quiet_stdout() -> None:
    """The reader of stdout went away (`| head`): stop without a traceback at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _single_page(inputs: list[Input]) -> bool:
    return len(inputs) == 1 and inputs[0].kind == "page"


def _progress(show: bool, total: int | None):
    if not show:
        return None
    import tqdm

    tqdm.tqdm.monitor_interval = 0   # no monitor thread
    return tqdm.tqdm(total=total, unit="page", file=sys.stderr, dynamic_ncols=True,
                     mininterval=0.5, smoothing=0.05)


def _summary(stats: Counter, sink, seconds: float, args: argparse.Namespace, pool) -> str:
    written = sink.written        # what reached the output, not what was handed to the sink
    n = written["ok"] + written["empty"] + written["error"]
    line = (f"{_plural(n, 'page')}: {written['ok']} ok, {written['empty']} empty, "
            f"{_plural(written['error'], 'error')} in {seconds:.1f} s "
            f"({n / seconds if seconds > 0 else 0:.1f} pages/s)")
    if getattr(sink, "renamed", 0):
        line += (f"; {_plural(sink.renamed, 'page')} written under a new name (~2, ...): "
                 "an earlier page had the same output file")
    if stats["resumed"]:
        line += f"; {stats['resumed']} done before, skipped"
    if args.verbose:
        if stats["skipped_files"]:
            line += f"; {stats['skipped_files']} files not pages"
        if stats["skipped_records"]:
            line += f"; {stats['skipped_records']} WARC records not HTML"
        if pool is not None and pool.restarts:
            line += f"; {_plural(pool.restarts, 'worker')} replaced"
    return line


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
