#!/usr/bin/env python3
"""Build the fact-check site: `python build.py` (or `build`), `check`; see --help."""

import os
import sys

from factsite.cli import main

if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written and closed by now: skip tearing down the millions of objects a
    # big site is made of, which takes seconds and changes nothing.
    os._exit(code)
