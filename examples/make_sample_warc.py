"""Build sample WARC.gz files from the corpus (or any folder of NAME.html + NAME.json pages),
for the examples, the integration tests and the datatrove benchmark.

    python examples/make_sample_warc.py sample/ --parts 2            # corpus/ -> sample/part-*.warc.gz
    python examples/make_sample_warc.py sample/ --copies 20          # the corpus 20 times over

Each page becomes one `response` record, one gzip member, as Common Crawl writes them:
WARC-Target-URI is the label's url, WARC-Identified-Payload-Type is text/html (what
datatrove's WarcReader filters on), and the HTTP Content-Type carries the label's charset,
as a server would send it. Record ids are fresh uuids (`--seed` makes them reproducible).
Also writes `paths.txt` beside the parts: their absolute paths, one a line (the input list
of the Spark example, as in cc-pyspark).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import uuid
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def corpus_pages(folder: Path = CORPUS) -> list[dict]:
    """{"name", "url", "html" (bytes), "charset"} for every labelled page, in name order."""
    pages = []
    for html_file in sorted(Path(folder).glob("*.html")):
        try:
            label = json.loads(html_file.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            label = {}
        pages.append({"name": html_file.stem, "html": html_file.read_bytes(),
                      "url": label.get("url") or f"https://example.invalid/{html_file.stem}",
                      "charset": label.get("encoding")})
    return pages


def warc_record(page: dict, record_id: str) -> bytes:
    """One gzip-compressed WARC response record for `page`."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    ctype = "text/html" + (f"; charset={page['charset']}" if page.get("charset") else "")
    rec = WarcRecord()
    rec.init_headers(WarcRecordType.response, f"uuid:{record_id}".encode())
    rec.headers["WARC-Target-URI"] = page["url"]
    rec.headers["WARC-Identified-Payload-Type"] = "text/html"
    rec.headers["Content-Type"] = "application/http; msgtype=response"
    rec.set_bytes_content(f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n"
                          f"Content-Length: {len(page['html'])}\r\n\r\n".encode() + page["html"])
    buf = io.BytesIO()
    rec.write(buf)
    return gzip.compress(buf.getvalue(), compresslevel=6)


def build(out_dir: Path, pages: list[dict] | None = None, parts: int = 1, copies: int = 1,
          seed: int | None = 0) -> dict[str, dict]:
    """Write `parts` WARC.gz files (pages dealt round-robin) and paths.txt into `out_dir`.
    Returns {record id: page} for every record written (ids as in WARC-Record-ID)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = corpus_pages() if pages is None else pages
    rng = random.Random(seed)
    files = [open(out_dir / f"part-{k:05d}.warc.gz", "wb") for k in range(parts)]  # noqa: SIM115
    written: dict[str, dict] = {}
    try:
        n = 0
        for _ in range(copies):
            for page in pages:
                rid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                files[n % parts].write(warc_record(page, rid))
                written[f"<urn:uuid:{rid}>"] = page
                n += 1
    finally:
        for f in files:
            f.close()
    (out_dir / "paths.txt").write_text("".join(f"{Path(f.name).resolve()}\n"
                                               for f in files))
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="NAME.html + NAME.json pages")
    ap.add_argument("--parts", type=int, default=2, help="number of WARC files (default 2)")
    ap.add_argument("--copies", type=int, default=1, help="repeat the pages K times")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    written = build(args.out_dir, corpus_pages(args.corpus), args.parts, args.copies, args.seed)
    print(f"{len(written)} records in {args.parts} WARC files under {args.out_dir} "
          f"(list: {args.out_dir / 'paths.txt'})")


if __name__ == "__main__":
    main()
