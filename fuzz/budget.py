"""clean() under a hard time budget: the recipes of fuzz/README.md, runnable.

    python fuzz/budget.py page.html [SECONDS]
"""

from __future__ import annotations

import multiprocessing as mp
import sys

import cleaner


def _work(conn, html, url):
    try:
        conn.send(cleaner.clean(html, url=url))     # an Article pickles (a dataclass)
    finally:
        conn.close()


def clean_with_budget(html, url=None, seconds=10.0):
    """clean() in a child process, killed after `seconds`: the Article, or None when the
    page ran out of time or its process died (segfault, out-of-memory kill)."""
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_work, args=(send, html, url), daemon=True)
    proc.start()
    send.close()
    try:
        if recv.poll(seconds):
            return recv.recv()
        return None                                  # over budget
    except EOFError:
        return None                                  # the child died without a result
    finally:
        proc.kill()
        proc.join()
        recv.close()


def clean_many_with_budget(pages, seconds=10.0, workers=4):
    """Many pages on a pool; a page over budget gets None and the pool is replaced (a
    hung worker cannot be stopped any other way). pages: iterable of (key, html)."""
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    pages = list(pages)
    results = {}
    i = 0
    while i < len(pages):
        with ctx.Pool(workers, maxtasksperchild=1000) as pool:
            pending = [(k, pool.apply_async(cleaner.clean, (h,))) for k, h in pages[i:]]
            for key, res in pending:
                try:
                    results[key] = res.get(seconds)
                    i += 1
                except mp.TimeoutError:
                    results[key] = None
                    i += 1
                    break               # leaving the with-block terminates the pool
                except Exception:       # noqa: BLE001 -- a worker raised (a bug): go on
                    results[key] = None
                    i += 1
    return results


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    art = clean_with_budget(data, seconds=float(sys.argv[2]) if len(sys.argv) > 2 else 10.0)
    print("timed out or crashed" if art is None else art.text)
