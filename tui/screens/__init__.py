"""The planner's screens (today, prospects, review, setup) and its modal dialogs."""
