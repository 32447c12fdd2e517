"""cleaner in Spark: the functions `rdd.mapPartitions` wants, their schema, and a pandas_udf.

Over WARC files, as Common Crawl's cc-pyspark does (an RDD of paths, one task a file):

    from cleaner.integrations import spark as cs
    paths = sc.textFile("warc.paths")                      # one WARC path a line
    rows = paths.repartition(n).mapPartitions(cs.warc_partitions())
    spark.createDataFrame(rows, cs.schema()).write.parquet("out/")

Over a DataFrame that already holds HTML (columns html, url, id by default):

    rows = df.rdd.mapPartitions(cs.row_partitions(html_field="raw", id_field="doc_id"))
    spark.createDataFrame(rows, cs.schema())
    # or column-wise, with Arrow batches:
    df.select("id", cs.clean_udf()("html", "url").alias("c")).select("id", "c.*")

Rows come out in schema order: id, url, title, text, reason, error (+ markdown, html when
`options.formats` asks for them, + comments with `options.comments`); see cleaner.stream for
what each means. Nothing raises on a bad page or record: it becomes a row with `error` set.
WARC paths are read with the command line's reader (cleaner.batch.inputs: HTML response/resource
records, HTTP charset, gzip bodies), so a row matches what `cleaner FILE.warc.gz` writes for
the same record. Paths must be readable by the executors (local or network file system).

Needs pyspark only where `schema()` or `clean_udf()` is called (`pip install "cleaner[spark]"`);
the partition functions themselves are plain Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..options import Options
from ..stream import extra_fields, iter_clean
from . import missing

COLUMNS = ("id", "url", "title", "text", "reason", "error")


def _columns(options: Options | None) -> tuple[str, ...]:
    return COLUMNS + extra_fields(options or Options())


def ddl(options: Options | None = None) -> str:
    """The output schema as a DDL string ("id string, url string, ...")."""
    return ", ".join(f"{c} string" for c in _columns(options))


def schema(options: Options | None = None):
    """The output schema as a pyspark StructType (every column a nullable string; `text` is
    never null)."""
    try:
        from pyspark.sql.types import StringType, StructField, StructType
    except ImportError as exc:
        raise missing("pyspark", "spark", exc) from exc
    return StructType([StructField(c, StringType(), c != "text") for c in _columns(options)])


def read_warc(path: str) -> Iterator[dict]:
    """The HTML pages of one WARC file as records for iter_clean: {"id" (WARC-Record-ID),
    "url", "html" (bytes), "encoding" (HTTP charset)}; a page or file that cannot be read is
    {"id", "url", "error"}. Same selection and ids as the command line."""
    from ..batch import inputs, records

    settings = records.Settings()
    try:
        plan = inputs.plan([path], settings)
    except inputs.UsageError as exc:
        yield {"id": path, "url": None, "error": str(exc)}
        return
    for page in inputs.pages(plan, settings):
        if page.kind == "data":
            yield {"id": page.id, "url": page.url, "html": page.data, "encoding": page.encoding}
        elif page.kind == "path":          # not a WARC after all: one page file
            try:
                html = records.read_page(page.data, settings.max_bytes)
            except Exception as exc:  # noqa: BLE001 - an unreadable file is one error row
                yield {"id": page.id, "url": page.url, "error": records.describe(exc)}
                continue
            yield {"id": page.id, "url": page.url, "html": html, "encoding": page.encoding}
        else:
            yield {"id": page.id, "url": page.url, "error": str(page.data)}


def _rows(records: Iterable[dict], columns: tuple[str, ...], **kw) -> Iterator[tuple]:
    for rec in records:
        (out,) = iter_clean([rec], **kw)
        if rec.get("error"):               # read_warc's own error keeps its message
            out["error"] = rec["error"]
        yield tuple(out[c] for c in columns)


def _load_sites(site_profiles: str | None) -> dict | None:
    """The site profiles file, read where a partition runs (the path is what Spark ships:
    one file, on a file system every executor reads, e.g. via SparkContext.addFile)."""
    if not site_profiles:
        return None
    from ..sites import load
    return load(site_profiles)


def warc_partitions(options: Options | None = None, *, site_profiles: str | None = None
                    ) -> Callable[[Iterable[str]], Iterator[tuple]]:
    """A `mapPartitions` function over an RDD of WARC paths: every HTML record of every path
    becomes one row (a tuple in `schema(options)` order). site_profiles: a site profiles
    file (`cleaner --site-aware --site-profiles FILE` over a sample): pages are cleaned
    with their host's profile."""
    columns = _columns(options)
    if site_profiles:
        _load_sites(site_profiles)     # a bad file fails on the driver, before any task

    def clean_warcs(paths: Iterable[str]) -> Iterator[tuple]:
        sites = _load_sites(site_profiles)
        for path in paths:
            path = path.strip()
            if not path:
                continue
            yield from _rows(read_warc(path), columns, options=options,
                             encoding_field="encoding", sites=sites)

    return clean_warcs


def row_partitions(options: Options | None = None, *, html_field: str = "html",
                   url_field: str = "url", id_field: str = "id",
                   encoding_field: str | None = None, site_profiles: str | None = None
                   ) -> Callable[[Iterable], Iterator[tuple]]:
    """A `mapPartitions` function over an RDD of rows (Spark Rows or dicts) holding HTML in
    `html_field`: one output row (tuple in `schema(options)` order) per input row.
    site_profiles: as for warc_partitions."""
    columns = _columns(options)
    if site_profiles:
        _load_sites(site_profiles)

    def clean_rows(rows: Iterable) -> Iterator[tuple]:
        sites = _load_sites(site_profiles)
        for out in iter_clean(rows, html_field=html_field, url_field=url_field,
                              id_field=id_field, encoding_field=encoding_field, options=options,
                              sites=sites):
            yield tuple(out[c] for c in columns)

    return clean_rows


def clean_udf(options: Options | None = None):
    """A pandas_udf (Arrow batches) taking an HTML column (string or binary) and a URL column
    (use `F.lit(None).cast("string")` when there is none) and returning a struct
    <title, text, reason, error (, markdown, html, comments)>."""
    try:
        import pandas as pd
        from pyspark.sql.functions import pandas_udf
    except ImportError as exc:
        raise missing("pyspark[sql] (pandas, pyarrow)", "spark", exc) from exc
    columns = _columns(options)[2:]

    def clean_html(html, url):
        records = ({"html": h, "url": u} for h, u in zip(html, url))
        outs = list(iter_clean(records, options=options))
        return pd.DataFrame({c: [o[c] for o in outs] for c in columns}, index=html.index)

    # Real classes, not the strings `from __future__ import annotations` would leave.
    clean_html.__annotations__ = {"html": pd.Series, "url": pd.Series, "return": pd.DataFrame}
    return pandas_udf(clean_html, ", ".join(f"{c} string" for c in columns))
