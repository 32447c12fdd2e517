"""The `cleaner` command: main content of pages from files, folders, WARC and JSONL, in
parallel, to a JSONL stream, a JSONL file or a folder of files. See docs/cli.md.

The pieces: inputs.py reads pages, runner.py runs clean() in worker processes, outputs.py
builds records and writes them; this module parses the command line and wires them up.
"""

from __future__ import annotations

import argparse
import codecs
import os
import signal
import stat
import sys
import threading
import time
from collections import Counter
from dataclasses import replace

from .. import __version__
from ..options import Options
from .inputs import Input, Settings, UsageError, count_pages, pages, plan
from .outputs import FORMATS, DirSink, Finished, StreamSink, jsonl_output, open_jsonl, resume_jsonl
from .runner import Job, Pool, WorkerStartError, learn, run_inline
from .spans import SPAN_BYTES

EXAMPLES = """\
examples:
  cleaner page.html                       one page: a JSON record on stdout
  cleaner --format text page.html.gz      just the text (compression found by magic bytes)
  cleaner --format markdown --links x.html  markdown with links (absolute against --url,
                                          else the page's <base> or canonical URL)
  cleaner --format text --with-metadata x.html  front matter and "# Title" before the text
  cleaner --format text < page.html       no PATH: stdin (a page, a WARC or JSONL)
  curl -s https://example.com/ | cleaner --format text -
  cleaner crawl/ > pages.jsonl            a folder, recursively: one JSON line per page
  cleaner crawl/ -o pages.jsonl.gz        the same, into a gzip-compressed JSONL file
  cleaner CC-MAIN-x.warc.gz -o out/       HTML responses of a WARC: out/<warc>/<record>.txt
  cleaner export.jsonl.zst --html-field raw_html --id-field doc_id -o pages.jsonl
  zcat dump.jsonl.gz | cleaner - > pages.jsonl   JSONL found by content (or say --jsonl)
  cleaner crawl/ -o out/ --resume         after an interruption: finish what is missing
  cleaner explain page.html -o report.html  why each block was kept or dropped (see
                                          cleaner explain --help)

records: {"id", "url", "source", "title", "text", "encoding", "reason"}, the page's metadata
{"authors", "published", "modified", "site_name", "language", "canonical_url",
"description", "tags", "image"}, "markdown"/"html" when asked for, and "error" for a page
that failed. Exit status: 0 all pages done, 1 some pages failed (their records say why),
2 usage or fatal error, 130 interrupted, 141 stdout closed early (| head).
"""

# -o names that look like a file, not a folder: refused unless such a folder exists, so that
# `-o out.json` does not make a folder by surprise.
FILE_LIKE = (".json", ".txt", ".md", ".html", ".htm", ".gz", ".bz2", ".xz", ".zst", ".zstd")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        self.exit(2, f"cleaner: error: {message} (see cleaner --help)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="cleaner", description="Extract the main content of web pages from files, "
                "folders (recursive),\nWARC archives, JSONL exports or stdin, in parallel.",
                epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="file, folder, WARC, JSONL, or - for stdin; none: stdin, when it is "
                        "not a terminal")
    g = p.add_argument_group("input")
    g.add_argument("--jsonl", action="store_true",
                   help="read stdin and the files named as JSONL (else JSONL is known by "
                        "name, *.jsonl and *.ndjson, or by content: a first line that is a "
                        "JSON object with the --html-field)")
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
                   help="text, json, markdown or html (default: json lines on stdout and in "
                        "JSONL files, text files with -o DIR); json records carry "
                        "markdown/html too with --with-markdown/--with-html")
    g.add_argument("-o", "--output", metavar="DIR",
                   help="a folder: one file per page under it, mirroring the inputs; a name "
                        "ending in .jsonl or .ndjson (optionally .gz, .bz2, .xz, .zst) is a "
                        "JSONL file, as --output-jsonl; - is stdout")
    g.add_argument("--output-jsonl", metavar="FILE",
                   help="write JSON lines to FILE, a new or empty one (an existing one only "
                        "with --resume, which completes it); compressed when named "
                        "*.gz, *.bz2, *.xz or *.zst")
    g.add_argument("--resume", action="store_true",
                   help="skip pages already in the output (-o DIR or an uncompressed "
                        "--output-jsonl) and do the rest")
    g.add_argument("--with-metadata", action="store_true",
                   help="text and markdown: start with a front matter (title, url, date, "
                        "authors, language, site) and the title as '# Title'")
    g = p.add_argument_group("extraction")
    g.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced",
                   help="when in doubt, keep (recall) or drop (precision) a block")
    g.add_argument("--no-tables", action="store_true", help="leave data tables out")
    g.add_argument("--links", action="store_true", help="keep links in markdown and html")
    g.add_argument("--images", action="store_true", help="keep images in markdown and html")
    g.add_argument("--with-markdown", action="store_true", help="add markdown to json records")
    g.add_argument("--with-html", action="store_true", help="add html to json records")
    g.add_argument("--comments", action="store_true",
                   help="add the page's reader comments to json records (a \"comments\" "
                        "field), never mixed into the text")
    g.add_argument("--no-trim-tail", action="store_true",
                   help="keep 'related', 'most read' and similar blocks after the body")
    g.add_argument("--site-aware", action="store_true",
                   help="two passes: learn each site's template from the pages (a bounded "
                        "sample per host), then clean every page with it: what repeats "
                        "across a site's pages is boilerplate; with -v, each page's note "
                        "names the profile it was cleaned with")
    g.add_argument("--site-profiles", metavar="FILE",
                   help="with --site-aware: save the profiles learned to FILE, or, when FILE "
                        "exists, use them instead of learning (a --resume, a second dump of "
                        "the same sites); while learning, FILE.learning holds what was "
                        "learned so far, and a run killed then goes on from it")
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
                   help="also report on stderr every failed or empty page, every file "
                        "skipped in a folder (not a page, WARC or JSONL), the number of "
                        "non-HTML WARC records, and replaced workers")
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
    """Usage errors (UsageError, exit 2) and warnings for flags that cannot apply; settles
    args.output (a folder) and args.output_jsonl (a file; None for stdout either way).

    A flag is never ignored in silence: where the output would not be what was asked for
    (text into a JSONL file, an unknown charset) the run stops; where a flag only has
    nothing to add to the output chosen (--links with text), it goes on after a warning."""
    if args.workers < 0:
        raise UsageError("--workers must be 0 or more")
    if args.timeout < 0:
        raise UsageError("--timeout must be 0 (none) or more")
    if args.chunk_size < 1:
        raise UsageError("--chunk-size must be 1 or more")
    if not args.span_mb >= 0:
        raise UsageError("--span-mb must be 0 or more")
    if args.site_profiles and not args.site_aware:
        raise UsageError("--site-profiles goes with --site-aware")
    if args.max_page_mb <= 0:
        raise UsageError("--max-page-mb must be more than 0")
    if args.encoding:
        try:
            codecs.lookup(args.encoding)
        except LookupError:
            raise UsageError(f"--encoding {args.encoding}: unknown charset") from None
    if not args.paths:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("no input: give a file or folder, - for stdin, or pipe a page "
                             "into cleaner")
        args.paths = ["-"]
    if args.output and args.output_jsonl:
        raise UsageError("give -o or --output-jsonl, not both")
    if args.output == "-" or args.output_jsonl == "-":
        args.output = args.output_jsonl = None            # stdout
    if args.output and jsonl_output(args.output)[0]:
        args.output_jsonl, args.output = args.output, None
    if args.resume and not (args.output or args.output_jsonl):
        raise UsageError("--resume needs an output to resume: -o DIR or --output-jsonl FILE "
                         "(stdout cannot be resumed)")
    if args.output and os.path.exists(args.output) and not os.path.isdir(args.output):
        raise UsageError(f"{args.output}: exists and is not a folder (-o is a folder)")
    if args.output and not os.path.isdir(args.output) and args.output.lower().endswith(
            FILE_LIKE):
        raise UsageError(f"{args.output}: -o takes a folder (one file per page) or a JSONL "
                         "file (.jsonl, .ndjson, optionally .gz, .bz2, .xz, .zst); to write "
                         "into a folder with this name, create it first")
    if args.output_jsonl:
        if os.path.isdir(args.output_jsonl):
            raise UsageError(f"{args.output_jsonl}: is a folder (--output-jsonl is a file)")
        compressed = jsonl_output(args.output_jsonl)[1]
        if compressed and args.resume:
            raise UsageError(f"{args.output_jsonl}: a compressed output cannot be resumed; "
                             "write plain JSONL to resume, and compress it afterwards")
        if (not args.resume and os.path.exists(args.output_jsonl)
                and os.path.getsize(args.output_jsonl) > 0):
            raise UsageError(f"{args.output_jsonl}: exists; add --resume to complete it, or "
                             "remove it to start over")
        if args.format not in (None, "json"):
            raise UsageError(f"--format {args.format}: a JSONL output holds json records; "
                             "write text, markdown or html to stdout or -o DIR, or add "
                             "--with-markdown/--with-html to the records")
    fmt = args.format or ("text" if args.output else "json")
    structured = fmt in ("markdown", "html") or (
        fmt == "json" and (args.with_markdown or args.with_html))
    for flag, useless in (
            ("--with-markdown", args.with_markdown and fmt != "json"),
            ("--with-html", args.with_html and fmt != "json"),
            ("--comments", args.comments and fmt != "json"),
            ("--links", args.links and not structured),
            ("--images", args.images and not structured),
            ("--with-metadata", args.with_metadata and fmt == "html")):
        if useless:
            _say(f"warning: {flag} does nothing with --format {fmt} ({_APPLIES[flag]}); "
                 "ignored")


_APPLIES = {
    "--with-markdown": "it adds markdown to json records",
    "--with-html": "it adds html to json records",
    "--comments": "it adds the reader comments to json records",
    "--links": "it keeps links in markdown and html",
    "--images": "it keeps images in markdown and html",
    "--with-metadata": "it applies to text and markdown; json records always carry metadata",
}


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
                      links=args.links, images=args.images, comments=args.comments)
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
            sink = StreamSink(open_jsonl(args.output_jsonl))
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
              metadata=args.with_metadata,
              max_bytes=settings.max_bytes, clean_func=os.environ.get("CLEANER_TEST_CLEAN"),
              settings=settings, done=done)
    if args.site_aware:
        job = replace(job, site_profiles=_site_profiles(args, inputs, settings, job),
                      site_note=args.verbose and not args.quiet)
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
    first = job.headers    # the blank line before the first "==> id <==" is dropped
    try:
        for page, (status, body, note) in results:
            if first and body:
                body, first = body[1:], False
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


def _site_profiles(args: argparse.Namespace, inputs: list[Input], settings: Settings,
                   job: Job) -> str:
    """The profiles file the workers read: --site-profiles FILE when it exists (checked
    here: a bad file stops the run before any page), else learned now and saved there (or
    in a temporary file that lives as long as this process)."""
    from .. import sites
    path = args.site_profiles
    if path and os.path.exists(path):
        try:
            profiles = sites.load(path)
        except sites.ProfileError as exc:
            raise UsageError(f"--site-profiles {exc}") from None
        if not args.quiet:
            _say(f"site profiles: {len(profiles)} hosts, from {path}")
        return path
    if not args.quiet:
        _say("site profiles: learning (first pass)")
    note = None if args.quiet else (lambda message: _say(f"site profiles: {message}"))
    # Beside the profiles file, what has been learned so far: a run killed while
    # learning goes on from there (the inputs must be the same).
    state = f"{path}.learning" if path and "-" not in args.paths else None
    profiles = learn(pages(inputs, settings, None, Counter()), job, note, state,
                     [os.path.abspath(p) for p in args.paths])
    if not path:
        import atexit
        import tempfile
        fd, path = tempfile.mkstemp(prefix="cleaner-sites-", suffix=".json")
        os.close(fd)
        atexit.register(os.unlink, path)
    sites.save(profiles, path)
    if state and os.path.exists(state):
        os.unlink(state)
    if not args.quiet:
        _say(f"site profiles: {len(profiles)} hosts learned")
    return path


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
            line += f"; {_plural(stats['skipped_files'], 'file')} skipped"
        if stats["skipped_records"]:
            line += (f"; {_plural(stats['skipped_records'], 'WARC record')} not HTML "
                     "responses")
        if pool is not None and pool.restarts:
            line += f"; {_plural(pool.restarts, 'worker')} replaced"
    return line


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
