"""Benchmarks for cleaner: accuracy (``python -m benchmarks.accuracy``) and speed/memory
(``python -m benchmarks.throughput``). See benchmarks/README.md.

Not part of the installed package: run the modules from the repository root.
"""
