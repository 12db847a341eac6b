"""The deadline calculator: the `petitions deadline` command and the public calculator page."""
