"""`python -m cleaner`: the command line (cleaner/batch/cli.py)."""

import sys

from .batch.cli import main

if __name__ == "__main__":   # guarded: worker processes may import this module
    sys.exit(main())
