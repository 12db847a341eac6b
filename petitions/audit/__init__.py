"""The append-only audit trail of administrative changes and sensitive reads."""
