"""Drop-ins for the engines that clean crawls at scale. Each submodule imports its engine, so
importing this package (or `cleaner`) loads none of them:

- `cleaner.integrations.datatrove`: `CleanerExtractor`, a datatrove extractor step
  (`pip install "cleaner[datatrove]"`).
- `cleaner.integrations.spark`: the `rdd.mapPartitions` function over WARC paths or HTML rows,
  the output schema, and a `pandas_udf` (`pip install "cleaner[spark]"`).
- Ray Data and plain Python need no engine code: `cleaner.stream.clean_batch` and
  `cleaner.iter_clean`.
"""


def missing(module: str, extra: str, exc: ImportError) -> ImportError:
    """The ImportError raised when an integration's engine is not installed."""
    return ImportError(f"cleaner.integrations.{extra} needs {module}, which is not installed "
                       f"({exc}): pip install \"cleaner[{extra}]\"")
