"""The export row of DESIGN section 7 alone: `planner export --week`, heavy vs empty.

    python benchmarks/export_bench.py [--repeat 11] [--data DIR] [--json FILE]

The same as `python benchmarks/run.py --only export`. Never part of the test suite.
"""

from __future__ import annotations

import sys

from run import main

if __name__ == "__main__":
    sys.exit(main(["--only", "export", *sys.argv[1:]]))
