"""A PySpark job: a list of WARC paths -> cleaner -> Parquet of {id, url, title, text}.

    pip install "cleaner[spark]"                 # needs a Java 17+ runtime
    python examples/make_sample_warc.py sample/  # writes sample/paths.txt too
    python examples/spark_warc_to_parquet.py sample/paths.txt out.parquet --master "local[2]"

As in Common Crawl's cc-pyspark: the input is a text file of WARC paths, one a line; each path
is one task (mapPartitions over a partition of paths), reading its WARC lazily. Records with no
main content are kept with an empty text (filter `text != ''` to drop them); `--with-errors`
also writes the reason and error columns. On a cluster, drop --master and spark-submit it.
"""

from __future__ import annotations

import argparse
import os
import sys

from pyspark.sql import SparkSession

from cleaner import Options
from cleaner.integrations import spark as cs


def run(spark: SparkSession, paths_file: str, out: str, options: Options | None = None,
        partitions: int | None = None, with_errors: bool = False) -> None:
    sc = spark.sparkContext
    paths = [p.strip() for p in sc.textFile(paths_file).collect() if p.strip()]
    rdd = sc.parallelize(paths, partitions or min(len(paths), sc.defaultParallelism) or 1)
    df = spark.createDataFrame(rdd.mapPartitions(cs.warc_partitions(options)),
                               cs.schema(options))
    columns = ["id", "url", "title", "text"] + (["reason", "error"] if with_errors else [])
    df.select(*columns).write.mode("overwrite").parquet(out)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="WARC paths -> cleaner -> Parquet, with Spark")
    ap.add_argument("paths_file", help="text file: one WARC path a line")
    ap.add_argument("out", help="Parquet output folder (overwritten)")
    ap.add_argument("--master", default=None, help='e.g. "local[2]"; default: spark-submit\'s')
    ap.add_argument("--partitions", type=int, default=None, help="tasks (default: one a path, "
                    "at most the default parallelism)")
    ap.add_argument("--favor", default="balanced", choices=("balanced", "precision", "recall"))
    ap.add_argument("--with-errors", action="store_true", help="also write reason and error")
    args = ap.parse_args(argv)
    # Executors run this interpreter (the one with cleaner installed) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("cleaner-warc-to-parquet")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        run(spark, args.paths_file, args.out, Options(favor=args.favor), args.partitions,
            args.with_errors)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
