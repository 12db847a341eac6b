"""The JSON API under /api/v1: shared parsing, auth and the OpenAPI document."""
