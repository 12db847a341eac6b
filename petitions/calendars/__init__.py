"""The working calendar as the product uses it: holidays plus the admins' overrides."""
