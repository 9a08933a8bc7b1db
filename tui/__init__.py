"""The Textual front end of planner: screens and widgets that call planner.service only."""
