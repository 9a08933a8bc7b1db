"""The import row of DESIGN section 7 alone: `planner activity import` of 100,000 rows.

    python benchmarks/import_bench.py [--import-repeat 3] [--json FILE]

The same as `python benchmarks/run.py --only import`. Never part of the test suite.
"""

from __future__ import annotations

import sys

from run import main

if __name__ == "__main__":
    sys.exit(main(["--only", "import", *sys.argv[1:]]))
