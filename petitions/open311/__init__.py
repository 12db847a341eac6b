"""Open311 GeoReport v2: civic clients file and follow feedback and recommendations."""
