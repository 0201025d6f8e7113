"""Curation: the review workflow that publishes listings."""
