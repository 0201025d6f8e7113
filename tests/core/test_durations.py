"""Durations read as people say them (issue #11: the dashboard showed "30.0 jam")."""

import pytest

from trading_house.core.templating import duration

CASES = [
    # hours, English, Indonesian
    (0.001, "1 minute", "1 menit"),
    (0.25, "15 minutes", "15 menit"),
    (0.99, "59 minutes", "59 menit"),
    (0.999, "1 hour", "1 jam"),
    (1.0, "1 hour", "1 jam"),
    (5.0, "5 hours", "5 jam"),
    (23.4, "23 hours", "23 jam"),
    (23.6, "1 day", "1 hari"),
    (30.0, "1 day 6 hours", "1 hari 6 jam"),
    (48.0, "2 days", "2 hari"),
    (54.4, "2 days 6 hours", "2 hari 6 jam"),
    (24 * 9 + 1, "9 days 1 hour", "9 hari 1 jam"),
]


@pytest.mark.parametrize(("hours", "english", "indonesian"), CASES)
def test_duration_in_both_languages(app, hours, english, indonesian):
    with app.test_request_context("/?lang=en"):
        assert duration(hours) == english
    with app.test_request_context("/?lang=id"):
        assert duration(hours) == indonesian


def test_no_duration_is_empty(app):
    with app.test_request_context("/?lang=en"):
        assert duration(None) == ""
