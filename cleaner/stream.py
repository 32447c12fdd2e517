"""Streaming hooks for distributed engines: records in, one result dict out per record.

    >>> import cleaner
    >>> for out in cleaner.iter_clean([{"id": "a", "url": "https://x.org/", "html": html}]):
    ...     out["id"], out["title"], out["text"], out["reason"], out["error"]

`iter_clean` is a plain generator over an iterable, so it is, as it is, the function that
Spark's `rdd.mapPartitions` wants (an iterator of rows in, an iterator out) and a loop in
plain Python. `clean_batch` is the columnar form (a dict of columns in, a dict of columns
out) that Ray Data's `map_batches` wants. See cleaner/integrations/ for datatrove and Spark.

Every input record gives exactly one output dict, in input order, with the same keys every
time (engines want one schema for a whole column):

    id      the record's `id_field` value, passed through (None when absent)
    url     the record's `url_field` value when it is a string, else None
    title   the page's headline, or None
    text    the main content ("" when none was found, or on error)
    reason  clean()'s reason for an empty or partial text, else None
    error   None, or why the record itself was unusable (html field missing or not
            str/bytes, record not a mapping or row, an exception inside clean())
    markdown, html   only when `options.formats` asks for them
    comments         only with `options.comments`: the reader comments, or None

Nothing here raises on a bad record: a bad record is an output dict with `error` set.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping

from .core import clean
from .options import Options

_MISSING = object()


def _field(record, name: str):
    """record[name] for a dict, a pandas Series, a Spark Row, a namedtuple or any mapping-like
    row; _MISSING when the field is absent; raises TypeError for something that is no row."""
    if isinstance(record, Mapping):
        return record.get(name, _MISSING)
    as_dict = getattr(record, "asDict", None)            # pyspark.sql.Row (a tuple: check first)
    if callable(as_dict):
        fields = getattr(record, "__fields__", None)
        if fields is not None and name not in fields:
            return _MISSING
        return record[name]
    as_nt = getattr(record, "_asdict", None)              # namedtuple, itertuples() rows
    if callable(as_nt):
        return getattr(record, name, _MISSING)
    if hasattr(record, "index") and hasattr(record, "get"):   # pandas Series (df.iterrows())
        return record.get(name, _MISSING)
    raise TypeError(f"a {type(record).__name__} is not a record (dict or row)")


def _absent(value) -> bool:
    # None, a missing key, or NaN (what pandas puts in an empty object cell)
    return value is _MISSING or value is None or (isinstance(value, float) and math.isnan(value))


def _clean_one(record, html_field: str, url_field: str, id_field: str,
               encoding_field: str | None, options: Options, extra: tuple[str, ...],
               sites: dict | None = None) -> dict:
    out = {"id": None, "url": None, "title": None, "text": "", "reason": None, "error": None}
    for name in extra:
        out[name] = None
    try:
        page_id = _field(record, id_field)
        url = _field(record, url_field)
        html = _field(record, html_field)
        charset = _field(record, encoding_field) if encoding_field else None
    except Exception as exc:  # noqa: BLE001 - not a row at all: still one output
        out["error"] = _describe(exc)
        return out
    out["id"] = None if _absent(page_id) else page_id
    out["url"] = url if isinstance(url, str) else None
    if _absent(html):
        out["error"] = f"field {html_field!r} is missing"
        return out
    if not isinstance(html, (str, bytes, bytearray, memoryview)):
        out["error"] = f"field {html_field!r} is a {type(html).__name__}, not str or bytes"
        return out
    try:
        article = clean(html, out["url"], options,
                        encoding=charset if isinstance(charset, str) and charset else None,
                        sites=sites)
    except Exception as exc:  # noqa: BLE001 - clean() should not raise; if it does, one error
        out["error"] = _describe(exc)
        return out
    out["title"], out["text"], out["reason"] = article.title, article.text, article.reason
    for name in extra:
        out[name] = getattr(article, name)
    return out


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


def extra_fields(options: Options) -> tuple[str, ...]:
    """The output fields besides the six every record has, in their order."""
    formats = tuple(f for f in ("markdown", "html") if f in options.formats)
    return formats + (("comments",) if options.comments else ())


def iter_clean(records: Iterable, *, html_field: str = "html", url_field: str = "url",
               options: Options | None = None, id_field: str = "id",
               encoding_field: str | None = None, sites: dict | None = None) -> Iterator[dict]:
    """clean() over `records`, lazily: one output dict per record, in order (see the module
    docstring for its keys). Records are dicts or rows (pandas Series, Spark Row,
    namedtuple); the HTML (str or bytes) is in `html_field`, the URL in `url_field`, an id
    passed through in `id_field`, and, if `encoding_field` is given, a charset to try first
    (e.g. a WARC record's HTTP charset); sites: site profiles by host (cleaner.learn_sites,
    cleaner.sites.load). Never raises on a bad record."""
    opts = options or Options()
    extra = extra_fields(opts)
    for record in records:
        yield _clean_one(record, html_field, url_field, id_field, encoding_field, opts, extra,
                         sites)


def clean_batch(batch, *, html_field: str = "html", url_field: str = "url",
                options: Options | None = None, id_field: str = "id",
                encoding_field: str | None = None) -> dict[str, list]:
    """The columnar form of iter_clean, for Ray Data's `map_batches`: a dict of equal-length
    columns (lists or numpy arrays) or a pandas DataFrame in; a dict of lists out, one row
    per input row, with iter_clean's keys as columns.

        ds.map_batches(clean_batch, fn_kwargs={"options": Options(favor="precision")})
    """
    opts = options or Options()
    keys = ["id", "url", "title", "text", "reason", "error", *extra_fields(opts)]
    if hasattr(batch, "to_dict") and hasattr(batch, "columns"):      # pandas DataFrame
        batch = {c: batch[c].tolist() for c in batch.columns}
    if not isinstance(batch, Mapping):
        raise TypeError(f"clean_batch takes a dict of columns, not {type(batch).__name__}")
    n = len(next(iter(batch.values()))) if batch else 0
    wanted = [f for f in (html_field, url_field, id_field, encoding_field) if f]
    columns = {f: batch[f] for f in wanted if f in batch}
    rows = ({f: col[i] for f, col in columns.items()} for i in range(n))
    out: dict[str, list] = {k: [] for k in keys}
    for rec in iter_clean(rows, html_field=html_field, url_field=url_field, options=opts,
                          id_field=id_field, encoding_field=encoding_field):
        for k in keys:
            out[k].append(rec[k])
    return out
