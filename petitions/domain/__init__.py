"""Pure-Python domain rules (working calendar, statutory deadlines); no Flask or SQLAlchemy here."""
