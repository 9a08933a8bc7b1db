"""Reusable widgets: the pace gauge, the queue table and a steady input field."""
