"""Public pages: the home page, the language switch, health."""
