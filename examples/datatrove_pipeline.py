"""A datatrove pipeline: WARC files -> cleaner -> JSONL, on datatrove's local executor.

    pip install "cleaner[datatrove]"
    python examples/make_sample_warc.py sample/
    python examples/datatrove_pipeline.py sample/ out/ --tasks 2 --workers 2

Writes out/jsonl/<rank>.jsonl.gz (one document a line: {"text", "id", "metadata": {"url",
"date", "file_path"}}), datatrove's logs and per-task stats under out/logs/. Documents with
no main content are dropped by the extractor (datatrove counts them as "dropped").

On a cluster, switch the executor line below to Slurm (same pipeline, same arguments):

    executor = SlurmPipelineExecutor(pipeline=steps, tasks=tasks, time="10:00:00",
                                     partition="cpu", job_name="cleaner", logging_dir=logs)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from datatrove.executor import (
    LocalPipelineExecutor,
    SlurmPipelineExecutor,  # noqa: F401
)
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner import Options
from cleaner.integrations.datatrove import CleanerExtractor, CleanerWarcReader


def pipeline(warcs: str, out: str, options: Options | None = None,
             stock_reader: bool = False) -> list:
    # CleanerWarcReader reads as `cleaner FILE.warc.gz` does (FastWARC, HTTP charset) and is
    # faster; datatrove's own WarcReader works too (it decodes the HTML itself).
    reader = WarcReader if stock_reader else CleanerWarcReader
    return [
        reader(warcs, glob_pattern="*.warc.gz"),       # Common Crawl WARCs (local, s3://, hf://)
        CleanerExtractor(options),                      # HTML -> main text; empty -> dropped
        JsonlWriter(f"{out}/jsonl"),                    # ${rank}.jsonl.gz
    ]


def run(warcs: str, out: str, tasks: int = 2, workers: int = -1,
        options: Options | None = None, stock_reader: bool = False):
    steps, logs = pipeline(warcs, out, options, stock_reader), f"{out}/logs"
    executor = LocalPipelineExecutor(pipeline=steps, tasks=tasks, workers=workers, logging_dir=logs)
    # executor = SlurmPipelineExecutor(pipeline=steps, tasks=tasks, time="10:00:00", partition="cpu", job_name="cleaner", logging_dir=logs)
    return executor.run()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="WARC -> cleaner -> JSONL with datatrove")
    ap.add_argument("warcs", help="folder of *.warc.gz files (datatrove paths: local, s3://...)")
    ap.add_argument("out", help="output folder (jsonl/ and logs/ go under it)")
    ap.add_argument("--tasks", type=int, default=2, help="datatrove tasks (shards of the input)")
    ap.add_argument("--workers", type=int, default=-1, help="tasks run at once (-1: all)")
    ap.add_argument("--favor", default="balanced", choices=("balanced", "precision", "recall"))
    ap.add_argument("--stock-reader", action="store_true",
                    help="datatrove's WarcReader instead of cleaner's CleanerWarcReader")
    args = ap.parse_args(argv)
    run(str(Path(args.warcs)), str(Path(args.out)), args.tasks, args.workers,
        Options(favor=args.favor), args.stock_reader)


if __name__ == "__main__":
    main()
