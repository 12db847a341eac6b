"""Scheduled jobs: claim rows that make each run happen once, the jobs commands and page."""
