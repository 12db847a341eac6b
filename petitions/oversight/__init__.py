"""Oversight by Thanh tra tỉnh and unit heads: dashboards, overdue API, reminders (đôn đốc)."""
