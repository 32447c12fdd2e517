"""Running clean() over pages in worker processes, for the command line.

The parent reads inputs lazily and hands them out as tasks: chunks of pages (16 pages or
512 KiB of HTML), or spans of big WARC and JSONL files that the worker reads itself (see
spans.py: the parent then does no reading at all). A worker holds at most two tasks (the one
running and the next, which a thread in the worker receives meanwhile), plus one is kept
ready: memory is bounded whatever the input's size. A worker returns one result per page, as
soon as the page is done (for a span, with the page and its index in the span), so the parent
always knows how far a worker got and since when:

- a page running longer than `timeout` seconds gets its worker killed (SIGKILL) and replaced;
  the page becomes an error record and the rest of its task goes back to the queue (for a
  span, the parent reads the span up to that page to name it, and requeues the span with the
  pages before it marked as done);
- a worker that dies (segfault, out-of-memory kill) is handled the same way: the page it was
  on becomes an error record and the run goes on.

Records come back in completion order: the order of the input with one worker, interleaved by
chunk with several.

Workers are forked on Linux (spawned elsewhere), so starting or replacing one costs a fork;
they ignore Ctrl-C (the parent decides) and, on Linux, die with the parent even when it is
killed with SIGKILL (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from ..options import Options
from .inputs import Done
from .outputs import error_record, record, render
from .records import Page, Settings, decompress_bytes, describe, error_page, read_page
from .spans import Span
from .spans import read as read_span

READY = "ready"
START_TIMEOUT = 120.0          # seconds for a new worker to import and say it is ready
PIPE_SIZE = 1 << 20            # bytes a pipe holds (Linux; the default is 64 KiB)
RESULTS_PAUSE = 0.005          # seconds the parent waits to take results in batches

# (status, body, note): status "ok", "empty" or "error"; body the bytes a sink writes; note the
# reason a page is empty or the error message, else None.
Result = tuple[str, bytes, str | None]
Task = list[Page] | Span


@dataclass(frozen=True)
class Job:
    """What every worker needs, sent once when it starts."""

    options: Options | None = None
    target: str = "jsonl"          # "jsonl", "dir" or "text" (see outputs.render)
    fmt: str = "json"
    headers: bool = False
    metadata: bool = False         # --with-metadata: front matter before text and markdown
    max_bytes: int = 32 << 20
    clean_func: str | None = None  # "module:function" to call instead of cleaner.clean (tests)
    settings: Settings = field(default_factory=Settings)  # how spans are read
    done: Done | None = None       # --resume: pages of spans finished by an earlier run
    site_profiles: str | None = None  # --site-aware: the profiles file every worker reads
    site_note: bool = False        # --site-aware -v: each page's note names its profile


class WorkerStartError(RuntimeError):
    """A worker died or hung before it could take work: nothing will run, stop the run."""


def load_clean(spec: str | None, site_profiles: str | None = None) -> Callable:
    """cleaner.clean (or spec's "module:function"), given the site profiles read from
    site_profiles when there is such a file (--site-aware)."""
    if not spec:
        from ..core import clean
    else:
        module, _, name = spec.partition(":")
        clean = getattr(importlib.import_module(module), name)
    if site_profiles:
        from functools import partial

        from ..sites import load
        return partial(clean, sites=load(site_profiles))
    return clean


def process(page: Page, job: Job, clean: Callable) -> Result:
    """One page, start to finish; never raises."""
    try:
        if page.kind == "error":
            return failed(page, job, str(page.data))
        try:
            data = read_page(page.data, job.max_bytes) if page.kind == "path" else page.data
            if isinstance(data, bytes):
                data = decompress_bytes(data, job.max_bytes)
        except Exception as exc:  # noqa: BLE001 - unreadable input is an error record
            return failed(page, job, f"cannot read {page.source.get('file', page.id)}: "
                                     f"{describe(exc)}")
        article = clean(data, url=page.url, options=job.options, encoding=page.encoding)
        rec = record(page, article, comments=job.options.comments)
        status = "ok" if rec["text"] else "empty"
        note = article.reason
        if job.site_note:
            used = _profile_note(clean, data, page.url)
            note = f"{note}; {used}" if note else used
        return (status, render(rec, job.target, job.fmt, job.headers, job.metadata), note)
    except Exception as exc:  # noqa: BLE001 - a bug on one page must not stop the run
        message = str(exc).splitlines()[0] if str(exc).strip() else ""
        return failed(page, job, f"{type(exc).__name__}: {message}".rstrip(": "))


def _profile_note(clean: Callable, data, url: str | None) -> str:
    """Which site profile the page was cleaned with (load_clean's partial holds them)."""
    from ..sites import for_page, host_of, own_url
    profiles = getattr(clean, "keywords", {}).get("sites") or {}
    profile = for_page(profiles, url, data)
    if profile is not None:
        return f"site profile {profile.host}"
    host = host_of(url) or (host_of(own_url(data)) if data else None)
    return f"no site profile (host {host})" if host else "no site profile (no host)"


def failed(page: Page, job: Job, message: str) -> Result:
    return "error", render(error_record(page, message), job.target, job.fmt, job.headers), message


def run_inline(tasks: Iterable[Page | Span], job: Job,
               stats: Counter | None = None) -> Iterator[tuple[Page, Result]]:
    """--workers 0: every page in this process (no timeout, no crash isolation)."""
    clean = load_clean(job.clean_func, job.site_profiles)
    stats = stats if stats is not None else Counter()
    for task in tasks:
        if isinstance(task, Span):
            for _i, page in span_pages(task, job, stats):
                yield page, process(page, job, clean)
        else:
            yield task, process(task, job, clean)


# --site-aware: the learning state is saved this often (seconds of learning), beside the
# profiles file, so that a run killed while learning goes on from there.
LEARN_SAVE_SECONDS = 30.0
# ... and a big state (many hosts) less often: saving takes at most 1/20 of the time.
LEARN_SAVE_COST = 20.0


def learn(tasks: Iterable[Page | Span], job: Job, note: Callable | None = None,
          state: str | None = None, inputs: list[str] | None = None):
    """--site-aware, the first pass: site profiles from the pages (in this process; each
    host's sample is bounded, so is the memory). note(message): progress. state: a file
    where what was learned is saved every LEARN_SAVE_SECONDS (with how many pages of the
    stream were read, and `inputs`); when it exists for the same inputs, learning goes
    on after those pages instead of starting over."""
    from ..sites import Learner, ProfileError, load_state, save_state
    learner = Learner(job.options)
    skip = 0
    if state and os.path.exists(state):
        try:
            learner, skip = load_state(state, inputs or [], job.options)
        except ProfileError as exc:
            learner, skip = Learner(job.options), 0
            if note is not None:
                note(f"learning from the start ({exc})")
        else:
            if note is not None:
                note(f"learning goes on after {skip} pages read before")
    stats: Counter = Counter()
    position = 0
    saved = time.monotonic()
    every = LEARN_SAVE_SECONDS

    def pages_of(task):
        if isinstance(task, Span):
            for _i, page in read_span(task, job.settings, stats):
                yield page
        else:
            yield task

    for task in tasks:
        for page in pages_of(task):
            position += 1
            if position <= skip:
                continue
            if state and time.monotonic() - saved >= every:
                start = time.monotonic()
                save_state(learner, state, position - 1, inputs or [])
                saved = time.monotonic()
                every = max(LEARN_SAVE_SECONDS, LEARN_SAVE_COST * (saved - start))
            if page.kind == "error":
                continue
            if note is not None and position % 1000 == 0:
                note(f"{position} pages read")
            try:
                data = read_page(page.data, job.max_bytes) if page.kind == "path" else page.data
                if isinstance(data, bytes):
                    data = decompress_bytes(data, job.max_bytes)
            except Exception:  # noqa: BLE001, S112 - a page that cannot be read teaches nothing
                continue
            learner.add(data, page.url)
    return learner.profiles()


def span_pages(span: Span, job: Job, stats: Counter) -> Iterator[tuple[int, Page]]:
    """A span's pages with their index in it, those an earlier run finished left out."""
    for i, page in read_span(span, job.settings, stats):
        if job.done is not None and job.done(page.id, page.out):
            stats["resumed"] += 1
            continue
        yield i, page


# --- the worker process ----------------------------------------------------------------------

def _worker(inbox, outbox, job: Job) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    gc.freeze()    # what a fork inherited: never scanned, so never copied by the collector
    clean = load_clean(job.clean_func, job.site_profiles)
    chunks: queue.SimpleQueue = queue.SimpleQueue()

    def receive() -> None:   # takes the next chunk while this one runs: no idle gap
        while True:
            try:
                chunk = inbox.recv()
            except (EOFError, OSError):
                chunk = None
            chunks.put(chunk)
            if chunk is None:
                return

    threading.Thread(target=receive, daemon=True).start()
    outbox.send(READY)
    try:
        while (task := chunks.get()) is not None:
            if isinstance(task, Span):
                stats: Counter = Counter()   # sent as it grows: a crash loses none of it
                for i, page in span_pages(task, job, stats):
                    result = process(page, job, clean)
                    outbox.send((page._replace(data=None), i, result, dict(stats) or None))
                    stats.clear()
                outbox.send(dict(stats))                 # the span is finished
            else:
                for page in task:
                    outbox.send(process(page, job, clean))
    except OSError:     # the parent went away
        return


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the command dies (kill -9 included), so that a worker
    stuck in a page never outlives the run."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    parent = mp.parent_process()
    if parent is not None and os.getppid() != parent.pid:   # it died before prctl took hold
        os._exit(1)


# --- the pool ----------------------------------------------------------------------------------

class _Slot:
    """One worker and the tasks it holds (at most DEPTH: the one running, the next one)."""

    DEPTH = 2

    def __init__(self, ctx, job: Job) -> None:
        inbox, self.send_end = ctx.Pipe(duplex=False)
        self.recv_end, outbox = ctx.Pipe(duplex=False)
        _widen(self.send_end, self.recv_end)
        self.proc = ctx.Process(target=_worker, args=(inbox, outbox, job), daemon=True)
        self.proc.start()
        inbox.close()
        outbox.close()
        self.ready = False
        self.chunks: deque[Task] = deque()
        self.done = 0      # chunks[0]: results received (pages), or next index to come (span)
        self.since = time.monotonic()      # when the page it is on (or its start) began

    @property
    def running(self) -> bool:
        return bool(self.chunks) or not self.ready

    @property
    def wants(self) -> bool:
        return self.ready and len(self.chunks) < self.DEPTH

    def give(self, task: Task) -> None:
        if not self.chunks:
            self.since = time.monotonic()
            self.done = task.skip if isinstance(task, Span) else 0
        self.send_end.send(task)
        self.chunks.append(task)

    def advance(self, msg) -> tuple[Page, Result] | None:
        """The page and result a message from the worker is about (None: a span ended)."""
        task = self.chunks[0]
        if isinstance(task, Span):
            if isinstance(msg, dict):
                self._next()
                return None
            page, index, result, _counts = msg
            self.done = index + 1
            return page, result
        page = task[self.done]
        self.done += 1
        if self.done == len(task):
            self._next()
        return page, msg

    def _next(self) -> None:
        self.chunks.popleft()
        task = self.chunks[0] if self.chunks else None
        self.done = task.skip if isinstance(task, Span) else 0

    def lost(self, job: Job) -> tuple[Page | None, list[Task]]:
        """The page the worker was on when it stopped (None if it had finished its pages),
        and the work it held after that page."""
        if not self.chunks:
            return None, []
        task, later = self.chunks[0], list(self.chunks)[1:]
        if isinstance(task, Span):
            try:
                for i, page in read_span(task._replace(skip=self.done), job.settings,
                                         Counter()):
                    if job.done is None or not job.done(page.id, page.out):
                        return page, [task._replace(skip=i + 1), *later]
            except BaseException as exc:   # the reader itself broke (a native panic)
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                where = f"{task.rel}@{task.start}"
                return error_page(where, where, {"file": task.display, "offset": task.start},
                                  f"cannot read {task.display} after offset {task.start}: "
                                  f"{describe(exc)}"), later
            return None, later
        rest = task[self.done + 1:]
        return task[self.done], ([rest] if rest else []) + later

    def stop(self, kill: bool) -> None:
        if kill and self.proc.is_alive():
            self.proc.kill()
        self.proc.join(None if kill else 2.0)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.send_end.close()
        self.recv_end.close()


class Pool:
    """`workers` processes running `job` over pages; see the module docstring."""

    def __init__(self, workers: int, job: Job, timeout: float | None = 30.0,
                 chunk_size: int = 16, chunk_bytes: int = PIPE_SIZE // 2,
                 stats: Counter | None = None) -> None:
        self.workers = max(1, workers)
        self.stats = stats if stats is not None else Counter()   # what finished spans counted
        self.job = job
        self.timeout = timeout or None
        self.chunk_size = max(1, chunk_size)
        self.chunk_bytes = chunk_bytes
        # fork on Linux: a worker starts (or replaces a killed one) in a millisecond with
        # cleaner already imported; spawn elsewhere (fork is unsafe on macOS).
        self.ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        self.slots: list[_Slot] = []
        self.pending: deque[Task] = deque()
        self.restarts = 0

    def map(self, tasks: Iterable[Page | Span]) -> Iterator[tuple[Page, Result]]:
        """(page, result) for every page, in completion order."""
        chunks = self._chunks(tasks)
        exhausted = False
        while True:
            for slot in [*self.slots, None]:            # None: keep one chunk ready
                while slot is None or slot.wants:
                    if not self.pending and not exhausted:
                        nxt = next(chunks, None)
                        exhausted = nxt is None
                        if nxt is not None:
                            self.pending.append(nxt)
                    if slot is None or not self.pending:
                        break
                    slot.give(self.pending.popleft())
            if self.pending and len(self.slots) < self.workers and all(
                    s.chunks or not s.ready for s in self.slots):
                self.slots.append(_Slot(self.ctx, self.job))   # takes work once ready
            running = [s for s in self.slots if s.running]
            if not running:
                return                                  # nothing pending, nothing running
            handles = [s.recv_end for s in running] + [s.proc.sentinel for s in running]
            ready = set(wait(handles, timeout=self._wait_time(running)))
            if ready and all(len(s.chunks) == _Slot.DEPTH for s in running):
                # Every worker has its next task already: let results pile up a little, so
                # that this process wakes once for several pages, not once a page (each
                # wake-up takes a core from a worker when there is one worker per core).
                time.sleep(RESULTS_PAUSE)
                ready = set(wait(handles, timeout=0))
            for slot in running:
                if slot.recv_end in ready or slot.proc.sentinel in ready:
                    yield from self._receive(slot)
                    if not slot.proc.is_alive():
                        yield from self._lost(slot, _death(slot.proc.exitcode), kill=False)
            now = time.monotonic()
            for slot in list(self.slots):
                if not slot.ready and now - slot.since > START_TIMEOUT:
                    raise WorkerStartError(f"a worker did not start in {START_TIMEOUT:g} s")
                if slot.chunks and self.timeout and now - slot.since > self.timeout:
                    if slot.recv_end.poll():            # results came in meanwhile: not hung
                        yield from self._receive(slot)
                        continue
                    yield from self._lost(slot, f"timed out after {self.timeout:g} s", kill=True)

    def close(self) -> None:
        """Stop every worker: idle ones are told to exit, busy ones are killed."""
        for slot in self.slots:
            if not slot.chunks:
                try:
                    slot.send_end.send(None)
                except OSError:
                    pass
        for slot in self.slots:
            slot.stop(kill=bool(slot.chunks))
        self.slots.clear()

    # -- internals --

    def _chunks(self, tasks: Iterable[Page | Span]) -> Iterator[Task]:
        chunk: list[Page] = []
        size = 0
        for page in tasks:
            if isinstance(page, Span):
                if chunk:
                    yield chunk
                    chunk, size = [], 0
                yield page
                continue
            chunk.append(page)
            size += len(page.data) if isinstance(page.data, (bytes, str)) else 0
            if len(chunk) >= self.chunk_size or size >= self.chunk_bytes:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    def _wait_time(self, running: list[_Slot]) -> float:
        if not self.timeout:
            return 1.0
        now = time.monotonic()
        left = min((s.since + self.timeout - now for s in running if s.chunks), default=1.0)
        return max(0.01, min(1.0, left))

    def _receive(self, slot: _Slot) -> Iterator[tuple[Page, Result]]:
        """Every complete message waiting in a worker's pipe."""
        while True:
            try:
                if not slot.recv_end.poll():
                    return
                msg = slot.recv_end.recv()
            except (EOFError, OSError):
                return
            slot.since = time.monotonic()
            if msg == READY:
                slot.ready = True
            elif slot.chunks:
                counts = msg if isinstance(msg, dict) else msg[3] if len(msg) == 4 else None
                if counts:
                    self.stats.update(counts)
                got = slot.advance(msg)
                if got is not None:
                    yield got

    def _lost(self, slot: _Slot, why: str, kill: bool) -> Iterator[tuple[Page, Result]]:
        """A worker hung or died: blame the page it was on, requeue the rest, replace it."""
        if kill:
            slot.proc.kill()
            slot.proc.join()
        yield from self._receive(slot)       # results it sent before it went
        self.slots.remove(slot)
        slot.stop(kill=True)
        if not slot.ready:
            raise WorkerStartError(f"a worker could not start ({why})")
        if slot.chunks:
            page, rest = slot.lost(self.job)
            self.pending.extendleft(reversed(rest))
            self.restarts += 1
            if page is not None:
                yield page, failed(page, self.job, why)


def _widen(*conns) -> None:
    """Linux pipes hold 64 KiB; at 1 MiB a chunk or a run of results goes through in one
    write, so neither side waits on the other's turn for the GIL."""
    if not sys.platform.startswith("linux"):
        return
    import fcntl

    for conn in conns:
        try:
            fcntl.fcntl(conn.fileno(), 1031, PIPE_SIZE)   # F_SETPIPE_SZ
        except OSError:
            pass


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"worker crashed ({signal.Signals(-code).name})"
        except ValueError:
            return f"worker crashed (signal {-code})"
    return f"worker exited (code {code})"
