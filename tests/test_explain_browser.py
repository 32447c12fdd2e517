"""The explain report in a real browser (issue 13): headless Chromium loads it from a file
URL. Chromium is Debian's `chromium` package (.ci/run installs it when missing); without
it, or when it cannot run, these tests fail with the reason, they never skip."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner.explain import explain
from tests.conftest import PROSE, page

ROOT = Path(__file__).parent.parent
PAGE = ROOT / "corpus" / "en-blog-wordpress-jp-relatedposts-inside.html"
# The machine has no network: without these Chromium waits on it (and on a GPU).
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    found = os.environ.get("CLEANER_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if found is None:
        pytest.fail("headless Chromium is needed for the report tests and was not found: "
                    "apt-get install -y chromium (.ci/run does), or set CLEANER_CHROMIUM")
    return found


def _run(tmp_path: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"   # a fresh one each run
    cmd = [_chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.fail(f"Chromium could not run ({' '.join(cmd[:2])} ...): {exc}")
    if r.returncode != 0:
        tail = r.stderr.decode(errors="replace")[-800:]
        pytest.fail(f"Chromium exited with {r.returncode}: {tail}")
    return r


def _report(tmp_path: Path, ex, name: str = "report.html") -> str:
    path = tmp_path / name
    path.write_text(ex.to_html(), encoding="utf-8")
    return path.as_uri()


def test_chromium_shows_one_element_per_block(tmp_path):
    truth = json.loads(PAGE.with_suffix(".json").read_text())["main_content"]
    ex = explain(PAGE.read_bytes(), expected=truth)
    dom = _run(tmp_path, "--dump-dom", _report(tmp_path, ex)).stdout.decode()
    tree = LexborHTMLParser(dom)
    shown = tree.css("main [data-decision]")
    assert len(shown) == len(ex.blocks) > 10
    assert [n.attributes["data-decision"] for n in shown] == [
        "kept" if b.kept else "dropped" for b in ex.blocks]
    assert [n.attributes["data-stage"] for n in shown] == [b.stage for b in ex.blocks]
    assert tree.css_first("header h1").text() == ex.article.title
    assert not tree.css("script, link, img, iframe")


def test_chromium_screenshot_is_not_blank(tmp_path):
    ex = explain(PAGE.read_bytes())
    shot = tmp_path / "shot.png"
    _run(tmp_path, f"--screenshot={shot}", "--window-size=1000,800",
         "--hide-scrollbars", _report(tmp_path, ex))
    assert shot.exists(), "Chromium wrote no screenshot"
    width, height, pixels = _png_rgb(shot.read_bytes())
    assert (width, height) == (1000, 800)
    colours = {pixels[k:k + 3] for k in range(0, len(pixels), 3 * 97)}
    ink = sum(1 for k in range(0, len(pixels), 3 * 7) if sum(pixels[k:k + 3]) < 3 * 200)
    # Text in several colours (headline, kept blocks, greyed dropped ones, badges): a blank
    # or single-colour page has neither the spread nor the ink.
    assert len(colours) > 20
    assert ink > 0.01 * (width * height / 7)


def test_chromium_loads_the_report_of_a_5_mb_page(tmp_path):
    items = []
    size = 0
    i = 0
    while size < 5_000_000:
        item = (f"<div class='item'><h3><a href='/s/{i}'>Story number {i}</a></h3>"
                f"<p>{PROSE[i % 4]} {i}.</p><ul class='tags'><li><a href='/t'>tag</a></li></ul>"
                "</div>")
        items.append(item)
        size += len(item)
        i += 1
    ex = explain(page("<nav><a href='/'>Home</a></nav><main>" + "".join(items) + "</main>"))
    assert len(ex.blocks) > 10_000
    dom = _run(tmp_path, "--dump-dom", _report(tmp_path, ex), timeout=600).stdout.decode()
    assert dom.count('data-decision="') == len(ex.blocks)


def _png_rgb(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, RGB bytes) of an 8-bit RGB or RGBA, non-interlaced PNG (what
    Chromium writes); the filters of each row undone as the PNG specification says."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour)
        elif kind == b"IDAT":
            idat.append(chunk)
        pos += 12 + length
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    prev = bytearray(stride)
    out = bytearray()
    for y in range(height):
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = row[x - channels] if x >= channels else 0
            b = prev[x]
            c = prev[x - channels] if x >= channels else 0
            if f == 1:
                row[x] = (row[x] + a) & 255
            elif f == 2:
                row[x] = (row[x] + b) & 255
            elif f == 3:
                row[x] = (row[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                row[x] = (row[x] + pred) & 255
        out += row if channels == 3 else bytes(
            v for k in range(0, stride, 4) for v in row[k:k + 3])
        prev = row
    return width, height, bytes(out)
