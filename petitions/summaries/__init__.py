"""Summaries kept as the work happens: the counts the dashboards and reports read (#18)."""
