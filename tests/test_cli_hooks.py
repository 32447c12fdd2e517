"""Not tests: a stand-in for cleaner.clean that the CLI tests load into worker processes
(CLEANER_TEST_CLEAN=test_cli_hooks:clean, with tests/ on PYTHONPATH) to make pages hang,
crash or raise on cue, and to slow every page down (CLEANER_TEST_DELAY seconds) so that a run
can be interrupted midway."""

from __future__ import annotations

import os
import signal
import time

import cleaner


def clean(html, url=None, options=None, *, encoding=None, sites=None):
    text = html if isinstance(html, str) else bytes(html).decode("utf-8", "replace")
    if "HANG-HERE" in text:
        time.sleep(3600)
    if "CRASH-HERE" in text:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "RAISE-HERE" in text:
        raise RuntimeError("boom on purpose")
    delay = float(os.environ.get("CLEANER_TEST_DELAY") or 0)
    if delay:
        time.sleep(delay)
    return cleaner.clean(html, url, options, encoding=encoding, sites=sites)
