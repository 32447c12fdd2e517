"""Coverage-guided fuzzing of cleaner.clean() on bytes, with atheris (libFuzzer).

    pip install -e ".[fuzz]"
    python fuzz/fuzz_clean.py /tmp/fuzz-corpus /tmp/fuzz-seeds -max_total_time=1800 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix=/tmp/fuzz-artifacts/

The first directory is the working corpus libFuzzer grows; the others are read-only seeds
(corpus/*.html, decompressed WCXB pages: see fuzz/README.md). Every input goes to clean()
as bytes; the last byte of the input also picks one of three extra calls, so the
`encoding=` argument (a right, wrong or bogus label) and str input are fuzzed too.

What counts as a failure: any exception out of clean(), a result that is not an Article,
and (reported by libFuzzer itself) a call over -timeout seconds or -rss_limit_mb MB.

FUZZ_KEEP_GOING=1 catches exceptions instead of stopping at the first: each new failure
(deduplicated by exception type and innermost frame) is written to the artifact folder
(FUZZ_ARTIFACTS, default /tmp/fuzz-artifacts) as crash-<sha1>.bin plus crash-<sha1>.txt
with the traceback; calls slower than FUZZ_SLOW_S (default 2) seconds are kept there too,
as slow-<sha1>.bin. Copy each crashing input to tests/fixtures/crashers/: the regression
test in tests/test_adversarial.py runs every file there.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
import traceback

import atheris

with atheris.instrument_imports():
    import cleaner
    from cleaner.article import Article

# Labels for the encoding= argument: right, wrong, aliased, unknown and hostile ones.
LABELS = ("utf-8", "latin-1", "euc-kr", "shift_jis", "utf-16", "utf-32-le", "gb2312",
          "koi8-r", "x-user-defined", "bogus-charset", "", "utf-7", "cp1252", "big5")

KEEP_GOING = os.environ.get("FUZZ_KEEP_GOING") == "1"
ARTIFACTS = os.environ.get("FUZZ_ARTIFACTS", "/tmp/fuzz-artifacts")
SLOW_S = float(os.environ.get("FUZZ_SLOW_S", "2"))
_seen: set[str] = set()


def _save(kind: str, data: bytes, note: str) -> None:
    os.makedirs(ARTIFACTS, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()
    with open(os.path.join(ARTIFACTS, f"{kind}-{digest}.bin"), "wb") as f:
        f.write(data)
    with open(os.path.join(ARTIFACTS, f"{kind}-{digest}.txt"), "w") as f:
        f.write(note)


def _calls(data: bytes):
    yield "clean(bytes)", lambda: cleaner.clean(data)
    if not data:
        return
    pick = data[-1]
    if pick % 3 == 0:
        label = LABELS[(pick // 3) % len(LABELS)]
        yield f"clean(bytes, encoding={label!r})", lambda: cleaner.clean(data, encoding=label)
    elif pick % 3 == 1:
        text = data.decode("utf-8", "surrogateescape")   # lone surrogates included
        yield "clean(str)", lambda: cleaner.clean(text)
    else:
        opts = cleaner.Options(favor="precision", tables=False, max_nodes=500, max_depth=20)
        yield "clean(bytes, small limits)", lambda: cleaner.clean(data, options=opts)


def TestOneInput(data: bytes) -> None:
    for what, call in _calls(data):
        start = time.perf_counter()
        try:
            result = call()
            if not isinstance(result, Article):
                raise TypeError(f"{what} returned {type(result).__name__}, not Article")
        except Exception as exc:
            if not KEEP_GOING:
                raise
            tb = traceback.extract_tb(exc.__traceback__)
            where = f"{tb[-1].filename}:{tb[-1].lineno}" if tb else "?"
            sig = f"{type(exc).__name__}@{where}"
            if sig not in _seen:
                _seen.add(sig)
                _save("crash", data, f"{what}\n{sig}\n\n{traceback.format_exc()}")
                print(f"\n== new crash {sig} in {what}", file=sys.stderr, flush=True)
            continue
        took = time.perf_counter() - start
        if took > SLOW_S:
            _save("slow", data, f"{what}\n{took:.2f} s for {len(data)} bytes\n")
            print(f"\n== slow input: {what} {took:.2f} s, {len(data)} bytes",
                  file=sys.stderr, flush=True)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
