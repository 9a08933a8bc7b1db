"""Tests of the CSV importers: CRM exports, planner's own CSVs, and files as they come."""
