"""Each staff role's work queue and start page, and the admin section's index."""
