"""cleaner as a datatrove extractor: the step between a reader and a writer in a datatrove
pipeline (FineWeb's), on any executor (local, Slurm, Ray).

    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerExtractor, CleanerWarcReader

    pipeline = [CleanerWarcReader("crawl/"), CleanerExtractor(favor="precision"),
                JsonlWriter("out/")]

CleanerWarcReader (FastWARC, bytes + HTTP charset to the extractor: the command line's
reading, and less overhead) is optional: after datatrove's own WarcReader, or any reader
whose documents hold HTML as str, CleanerExtractor works the same.

datatrove's `BaseExtractor.run` does the rest, unchanged: each document's `text` (the HTML the
reader decoded) goes through `extract()` in a sandbox process with a per-document `timeout`
(a page over it is dropped and counted as "timeout", the process replaced), and the step
counts total / extracted / forwarded / dropped / timeout / clean_error in datatrove's stats.
A document whose extracted text is empty (no main content) is dropped, as datatrove wants.

Needs datatrove (`pip install "cleaner[datatrove]"`); importing `cleaner` does not load it.
"""

from __future__ import annotations

from ..core import clean
from ..options import Options
from . import missing

try:
    from datatrove.pipeline.extractors.base import BaseExtractor
    from datatrove.pipeline.readers.warc import WarcReader
    from datatrove.utils.stats import Stats
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing("datatrove", "datatrove", exc) from exc

__all__ = ["CleanerExtractor", "CleanerWarcReader"]


class CleanerExtractor(BaseExtractor):
    """datatrove extractor running `cleaner.clean()` on each document's HTML.

    Args:
        options: a `cleaner.Options`; or give its fields as keyword arguments
            (`CleanerExtractor(favor="precision", tables=False)`), not both.
        timeout: seconds per document before datatrove kills the extraction (its sandbox
            process) and drops the document. cleaner takes a few ms for a typical page; the
            default leaves room for the largest pages `Options.max_bytes` lets in.
        title: put the page's title, then a blank line, before the text.
        site_profiles: a site profiles file (`cleaner --site-aware --site-profiles FILE`
            over a sample of the crawl, or `cleaner.sites.save`): each page is cleaned with
            its host's profile. datatrove hands extract() the HTML only, so the host is the
            page's own canonical / og:url / <base>; read once per process, the path alone
            is pickled (one file, broadcast to every task).

    With `Options(comments=True)` (or `comments=True`) the page's reader comments follow
    the text after a blank line: a datatrove document has one text.

    The step holds only its configuration (plain, picklable values) plus datatrove's stats:
    it pickles and deep-copies as datatrove's executors need (one copy per task, shipped to
    Slurm or Ray workers), and `reset()` clears the per-run state (stats and the
    warned-once flag) so one instance can be run again.
    """

    name = "🧹 cleaner"

    def __init__(self, options: Options | None = None, *, timeout: float = 5.0,
                 title: bool = False, site_profiles: str | None = None, **fields) -> None:
        super().__init__(timeout=timeout)
        if options is not None and fields:
            raise TypeError("give either options or Options fields as keywords, not both")
        if options is not None and not isinstance(options, Options):
            raise TypeError(f"options must be a cleaner.Options, not {type(options).__name__}")
        self.options = options if options is not None else Options(**fields)
        self.title = title
        self.site_profiles = site_profiles
        if site_profiles:
            from ..sites import load
            load(site_profiles)          # a bad file fails here, not on every document
        self._sites = None

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_sites"] = None           # the path travels; each process reads the file
        return state

    def _profiles(self):
        if self.site_profiles and self._sites is None:
            from ..sites import load
            self._sites = load(self.site_profiles)
        return self._sites

    def extract(self, text: str | bytes, encoding: str | None = None) -> str:
        """The main content of one page's HTML; "" (the document is dropped) when there is
        none. Never raises on bad HTML: clean() returns an empty text instead. `text` is the
        HTML as any reader gives it (str), or raw bytes and their HTTP charset, which
        datatrove's sandbox passes as two arguments when a document's text is the tuple
        `(bytes, charset)` (what CleanerWarcReader yields)."""
        article = clean(text, options=self.options, encoding=encoding, sites=self._profiles())
        body = article.text
        if article.comments and body:
            body = f"{body}\n\n{article.comments}"
        if self.title and article.title and body:
            return f"{article.title}\n\n{body}"
        return body

    def reset(self) -> None:
        """Forget what a run left behind: datatrove's stats and the warned-once flag."""
        self.stats = Stats(str(self))
        self._warned_error = False


class CleanerWarcReader(WarcReader):
    """datatrove's WarcReader, reading as `cleaner FILE.warc.gz` does, for CleanerExtractor.

    Same arguments as WarcReader. Differences: records are read with FastWARC (native code)
    instead of warcio; `response` and `resource` records with an HTML content type are taken,
    a gzip-stored body unpacked; and the HTML is not decoded here: each document's text is the
    tuple `(payload bytes, HTTP charset or None)`, which datatrove's extractor sandbox hands to
    `CleanerExtractor.extract(html, encoding)`. cleaner then decodes it exactly as the command
    line does (HTTP charset first, WHATWG supersets such as cp932 for Shift_JIS), and moving
    bytes to the sandbox process costs less than pickling a decoded str.

    Put CleanerExtractor right after it: any other step would get a tuple, not a str.
    Documents carry metadata url, date and charset; doc_len counts payload bytes.
    """

    name = "🕷 Warc (cleaner)"

    def __init__(self, data_folder, *args, max_bytes: int = 32 << 20, **kwargs) -> None:
        kwargs.setdefault("compression", None)     # FastWARC inflates gzip itself (faster)
        super().__init__(data_folder, *args, **kwargs)
        self.max_bytes = max_bytes

    def read_file(self, filepath: str):
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        from ..batch.records import HTML_TYPES, decompress_bytes

        with self.data_folder.open(filepath, "rb", compression=self.compression) as f:
            records = ArchiveIterator(f, record_types=WarcRecordType.response
                                      | WarcRecordType.resource, parse_http=True,
                                      auto_decode="none")
            for ri, rec in enumerate(records):
                with self.track_time():
                    if rec.is_http:
                        ctype, charset = rec.http_content_type, rec.http_charset
                    else:
                        ctype, _, params = (rec.headers.get("Content-Type") or "").partition(";")
                        charset = _charset(params)
                    if (ctype or "").strip().lower() not in HTML_TYPES:
                        continue
                    if rec.content_length > self.max_bytes:
                        self.stat_update("too_large")
                        continue
                    try:
                        html = decompress_bytes(rec.reader.read(), self.max_bytes)
                    except Exception:  # noqa: BLE001 - a broken gzip body: skip the record
                        self.stat_update("unreadable")
                        continue
                    document = self.get_document_from_dict({
                        "text": (html, charset), "id": rec.record_id,
                        "url": rec.headers.get("WARC-Target-URI"),
                        "date": rec.headers.get("WARC-Date"), "charset": charset,
                    }, filepath, ri)
                    if not document:
                        continue
                yield document

    def update_doc_stats(self, document) -> None:
        text = document.text
        self.stat_update("doc_len", value=len(text[0] if isinstance(text, tuple) else text),
                         unit="doc")


def _charset(params: str) -> str | None:
    import re

    m = re.search(r"charset=[\"']?([\w.:-]+)", params, re.IGNORECASE)
    return m.group(1) if m else None
