"""The batch layer: the `cleaner` command over files, folders, WARC and JSONL dumps.

It sits on top of the pipeline and uses it (clean(), explain(), site profiles); nothing in
the pipeline imports from here, and `import cleaner` loads none of it.

- records: what a page is; pages read out of one file (WARC records, JSONL lines);
- inputs: what the command line was given (files, folders, stdin) -> pages, lazily;
- spans: big WARC and JSONL files cut into byte spans the workers read themselves;
- runner: the worker pool (timeouts, crashes, resume) and the site-profile learning pass;
- outputs: records, formats and sinks (JSONL stream or file, a folder of files);
- cli, explain_cli: the `cleaner` and `cleaner explain` commands.
"""
