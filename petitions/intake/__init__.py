"""Intake: how a petition enters the system (online, at the desk, by mail, transferred)."""
