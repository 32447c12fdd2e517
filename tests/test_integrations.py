"""Engine integrations (issue #7): the streaming hook (iter_clean, clean_batch), the datatrove
extractor in a real LocalPipelineExecutor(tasks=2) run, and the Spark job in local[2] mode.

The datatrove and Spark tests are marked (`-m datatrove`, `-m spark`); `.ci/integrations`
installs the extras and runs them. Without the engine installed they FAIL, saying what to
install: they never skip silently.
"""

from __future__ import annotations

import collections
import copy
import gzip
import importlib
import json
import os
import pickle
import sys
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator, WarcRecordType

import cleaner
from cleaner.decode import decode
from cleaner.stream import clean_batch, iter_clean
from examples import make_sample_warc

PAGE = ("<html><head><title>Budget</title></head><body><nav><a href='/'>Home</a></nav>"
        "<article><h1>Budget</h1>"
        + "".join(f"<p>Paragraph {i} about the council budget for libraries and parks in "
                  f"the city, discussed at length on Tuesday evening.</p>" for i in range(4))
        + "</article></body></html>")
KEYS = ["id", "url", "title", "text", "reason", "error"]


def require(module: str, extra: str):
    """Import `module` or fail (never skip) with the install command."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        pytest.fail(f"{module} is not installed ({exc}); this test needs the {extra!r} extra: "
                    f"pip install -e \".[{extra}]\" (or run .ci/integrations)", pytrace=False)


def warc_pages(folder: Path) -> list[dict]:
    """Every response record of the WARCs in `folder`: id, url, raw HTML bytes, HTTP charset."""
    out = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as f:
            for r in ArchiveIterator(f, record_types=WarcRecordType.response):
                out.append({"id": r.record_id, "url": r.headers.get("WARC-Target-URI"),
                            "html": r.reader.read(), "charset": r.http_charset})
    return out


# --- the streaming hook ---------------------------------------------------------------------

def test_iter_clean_one_output_per_record_in_order_with_one_schema():
    Row = collections.namedtuple("Row", "id url html")
    records = [
        {"id": 1, "url": "https://a.example/x", "html": PAGE},
        {"id": 2, "url": "https://a.example/y", "html": PAGE.encode("utf-16")},   # bytes, BOM
        Row("r3", None, PAGE),                                                     # a row
        {"id": 4, "html": ""},                                                     # empty page
        {"id": 5, "url": "u"},                                                     # no html
        {"id": 6, "html": 42},                                                     # not html
        {"id": float("nan"), "url": float("nan"), "html": None},                   # pandas NaNs
        "not a record",
        None,
    ]
    outs = list(iter_clean(iter(records)))
    assert len(outs) == len(records)
    assert all(list(o) == KEYS for o in outs)
    expected = cleaner.clean(PAGE, url="https://a.example/x")
    assert outs[0] == {"id": 1, "url": "https://a.example/x", "title": expected.title,
                       "text": expected.text, "reason": None, "error": None}
    assert outs[0]["text"].startswith("Paragraph 0") and outs[1]["text"] == expected.text
    assert outs[2]["id"] == "r3" and outs[2]["text"] == expected.text
    assert outs[3] == {"id": 4, "url": None, "title": None, "text": "", "reason": "empty input",
                       "error": None}
    assert outs[4]["error"] == "field 'html' is missing" and outs[4]["url"] == "u"
    assert outs[5]["error"] == "field 'html' is a int, not str or bytes"
    assert outs[6]["error"] == "field 'html' is missing" and outs[6]["id"] is None
    assert outs[6]["url"] is None
    assert outs[7]["error"].startswith("TypeError: a str is not a record")
    assert outs[8]["error"].startswith("TypeError") and outs[8]["text"] == ""


def test_iter_clean_fields_options_encoding_and_extra_formats():
    latin = ("<html><body>" + "<p>Die Stadtwerke wollen das Fernwärmenetz ausbauen, "
             "sagte der Geschäftsführer am Dienstag vor dem Rat der Stadt.</p>" * 3
             + "</body></html>").encode("latin-1")
    opts = cleaner.Options(formats=("markdown",))
    (out,) = iter_clean([{"doc": "d1", "raw": latin, "link": "https://b.example/",
                          "cs": "iso-8859-1"}], html_field="raw", url_field="link",
                        id_field="doc", encoding_field="cs", options=opts)
    ref = cleaner.clean(latin, url="https://b.example/", options=opts, encoding="iso-8859-1")
    assert out["id"] == "d1" and out["url"] == "https://b.example/"
    assert out["text"] == ref.text and "Fernwärmenetz" in out["text"]
    assert out["markdown"] == ref.markdown and "html" not in out


def test_clean_batch_is_columnar_iter_clean():
    batch = {"id": ["a", "b", "c"], "url": ["https://x.example/", None, None],
             "html": [PAGE, None, PAGE.encode()], "other": [1, 2, 3]}
    out = clean_batch(batch)
    assert list(out) == KEYS and all(len(col) == 3 for col in out.values())
    rows = list(iter_clean([{k: batch[k][i] for k in batch} for i in range(3)]))
    assert out == {k: [r[k] for r in rows] for k in KEYS}
    assert out["error"] == [None, "field 'html' is missing", None]
    assert clean_batch({"id": []}) == {k: [] for k in KEYS}
    assert clean_batch({"id": [7]})["error"] == ["field 'html' is missing"]


def test_import_cleaner_loads_no_engine():
    import subprocess

    code = ("import sys, cleaner, cleaner.stream, cleaner.integrations, "
            "cleaner.integrations.spark; "
            "print(sorted(m for m in ('datatrove', 'pyspark', 'pandas', 'ray') "
            "if m in sys.modules))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert res.stdout.strip() == "[]"


# --- datatrove --------------------------------------------------------------------------------

@pytest.mark.datatrove
def test_datatrove_pipeline_two_tasks_matches_the_library(tmp_path):
    require("datatrove", "datatrove")
    require("warcio", "datatrove")
    from datatrove.pipeline.readers import WarcReader

    from cleaner.integrations.datatrove import CleanerExtractor
    from examples import datatrove_pipeline

    # The extractor: configurable, picklable, deep-copyable (one copy a task), resettable.
    ext = CleanerExtractor(favor="precision", timeout=2)
    assert ext.options == cleaner.Options(favor="precision") and ext.timeout == 2
    for clone in (pickle.loads(pickle.dumps(ext)), copy.deepcopy(ext)):
        assert clone.options == ext.options and clone.extract(PAGE) == ext.extract(PAGE)
    ext.stat_update("extracted")
    ext._warned_error = True
    ext.reset()
    assert not ext.stats.stats and ext._warned_error is False
    with pytest.raises(TypeError):
        CleanerExtractor(cleaner.Options(), favor="recall")

    warcs = tmp_path / "warc"
    make_sample_warc.build(warcs, parts=2)
    pages = warc_pages(warcs)
    assert len(pages) == len(make_sample_warc.corpus_pages())
    library = {p["id"]: cleaner.clean(p["html"], url=p["url"], encoding=p["charset"]).text
               for p in pages}

    def run(stock_reader: bool) -> tuple[dict, dict]:
        out = tmp_path / ("stock" if stock_reader else "cleaner")
        datatrove_pipeline.run(str(warcs), str(out), tasks=2, workers=2,
                               stock_reader=stock_reader)
        parts = sorted((out / "jsonl").glob("*.jsonl.gz"))
        assert len(parts) == 2                                  # both tasks wrote
        got = {}
        for part in parts:
            with gzip.open(part, "rt", encoding="utf-8") as f:
                for line in f:
                    doc = json.loads(line)
                    assert doc["id"] not in got
                    got[doc["id"]] = doc
        stats = json.loads((out / "logs" / "stats.json").read_text())
        ours = next(s for s in stats if "cleaner" in s["name"] and "EXTRAC" in s["name"])
        assert ours["stats"]["total"] == len(pages)
        assert ours["stats"]["forwarded"] == len(got)
        return got, ours["stats"]

    # cleaner's reader: every record is the library's text for that page, byte for byte
    # (empty texts dropped, as datatrove wants).
    got, _ = run(stock_reader=False)
    for page in pages:
        if library[page["id"]]:
            assert got[page["id"]]["text"] == library[page["id"]], page["url"]
            assert got[page["id"]]["metadata"]["url"] == page["url"]
        else:
            assert page["id"] not in got

    # datatrove's own WarcReader: every record is clean() of the HTML as that reader decoded
    # it; and the library's text wherever it decoded as cleaner does (it ignores the HTTP
    # charset and reads Shift_JIS strictly, not as cp932).
    got, _ = run(stock_reader=True)
    given = {d.id: d.text for d in WarcReader(str(warcs), glob_pattern="*.warc.gz")()}
    assert len(given) == len(pages)
    same_decoding = 0
    for page in pages:
        html = given[page["id"]]
        assert got.get(page["id"], {}).get("text", "") == cleaner.clean(html).text, page["url"]
        ours = decode(page["html"], page["charset"]).data
        ours = ours.decode("utf-8", "replace") if isinstance(ours, bytes) else ours
        if ours == html:
            same_decoding += 1
            assert got.get(page["id"], {}).get("text", "") == library[page["id"]], page["url"]
    assert same_decoding >= len(pages) - 2


# --- Spark ------------------------------------------------------------------------------------

@pytest.mark.spark
def test_spark_job_local2_matches_the_library_row_for_row(tmp_path):
    require("pyspark", "spark")
    require("pyarrow", "spark")
    from pyspark.sql import SparkSession

    from cleaner.integrations import spark as cs
    from examples import spark_warc_to_parquet

    warcs = tmp_path / "warc"
    make_sample_warc.build(warcs, parts=2)
    # A path that does not exist: one error row, the job goes on.
    with open(warcs / "paths.txt", "a") as f:
        f.write(f"{tmp_path / 'missing.warc.gz'}\n")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master("local[2]").appName("cleaner-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .getOrCreate())
    try:
        out = tmp_path / "out.parquet"
        spark_warc_to_parquet.run(spark, str(warcs / "paths.txt"), str(out), with_errors=True)
        rows = {r["id"]: r.asDict() for r in spark.read.parquet(str(out)).collect()}

        # The UDF and row_partitions over a DataFrame holding HTML (binary and string).
        pages = warc_pages(warcs)
        df = spark.createDataFrame([(p["id"], p["url"], bytearray(p["html"])) for p in pages],
                                   "id string, url string, html binary")
        udf_rows = {r["id"]: r for r in df.select(
            "id", cs.clean_udf()("html", "url").alias("c")).select("id", "c.*").collect()}
        part_rows = {r["id"]: r for r in spark.createDataFrame(
            df.rdd.mapPartitions(cs.row_partitions()), cs.schema()).collect()}
    finally:
        spark.stop()

    assert len(rows) == len(pages) + 1
    missing = rows.pop(str(tmp_path / "missing.warc.gz"))
    assert missing["text"] == "" and "no such file" in missing["error"]
    for page in pages:
        lib = cleaner.clean(page["html"], url=page["url"], encoding=page["charset"])
        row = rows[page["id"]]
        assert (row["url"], row["title"], row["text"], row["reason"], row["error"]) == (
            page["url"], lib.title, lib.text, lib.reason, None), page["url"]
        # Without the HTTP charset (row_partitions/udf are given none): the page decides.
        plain = cleaner.clean(page["html"], url=page["url"])
        assert udf_rows[page["id"]]["text"] == plain.text
        assert udf_rows[page["id"]]["title"] == plain.title
        assert part_rows[page["id"]]["text"] == plain.text
