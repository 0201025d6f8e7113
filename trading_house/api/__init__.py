"""The read-only JSON API v1 for partners (see views.py and openapi.py)."""
