"""Deadlines as the product counts them: the settings every due date uses (calendar and rule
periods), the `petitions deadline` command and the public calculator page."""
