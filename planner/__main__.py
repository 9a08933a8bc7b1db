"""`python -m planner` runs the command line, as the console script does."""

from planner.cli import main

main()
