"""Response times: the median first answer over 90 days, on the inbox, dashboard and public page."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template_string

from tests.catalog.test_queries_and_gets import recorded_sql
from tests.catalog.test_statement_counts import real_cache, statements  # noqa: F401 - fixture
from trading_house.core import clock
from trading_house.extensions import db
from trading_house.inquiries import services
from trading_house.inquiries.queries import median_first_response_hours

START = datetime(2026, 5, 1, 1, 0, tzinfo=UTC)


def _answered(start_thread, cast, started, hours, buyer=None):
    clock.freeze(started)
    inquiry = start_thread(buyer=buyer)
    if hours is not None:
        clock.freeze(started + timedelta(hours=hours))
        services.post_message(cast.staff, inquiry, "Terima kasih, kami cek dulu.", locale="id")
        db.session.commit()
    return inquiry


def test_median_over_the_last_ninety_days(app, cast, start_thread):
    _answered(start_thread, cast, START, 2)
    _answered(start_thread, cast, START + timedelta(days=1), 4)
    _answered(start_thread, cast, START + timedelta(days=2), 30)
    _answered(start_thread, cast, START + timedelta(days=3), None)  # unanswered: not counted
    _answered(start_thread, cast, START - timedelta(days=120), 100)  # too old: not counted
    clock.freeze(START + timedelta(days=10))
    assert median_first_response_hours(cast.enterprise) == 4.0
    assert median_first_response_hours(cast.other_enterprise) is None
    clock.freeze(START + timedelta(days=100))  # everything has aged out
    assert median_first_response_hours(cast.enterprise) is None


def test_the_public_partial_and_the_dashboard_show_it(app, cast, start_thread):
    _answered(start_thread, cast, START, 3)
    clock.freeze(START + timedelta(days=1))
    with app.test_request_context("/?lang=en"):
        public = render_template_string(
            '{% include "inquiries/_enterprise_response_time.html" %}', enterprise=cast.enterprise
        )
        assert "Usually answers inquiries within 3 hours." in public
        nothing = render_template_string(
            '{% include "inquiries/_enterprise_response_time.html" %}',
            enterprise=cast.other_enterprise,
        )
        assert nothing.strip() == ""
        dashboard = render_template_string(
            '{% include "inquiries/_dashboard.html" %}', enterprise=cast.enterprise
        )
        assert "Median time to your first answer: 3 hours (last 90 days)" in dashboard
        assert 'data-status="open"' in dashboard
        product = render_template_string(
            '{% include "inquiries/_product_inquiry.html" %}', product=cast.product
        )
        assert f"/inquiries/ask/{cast.product.id}" in product
        assert "Minimum order 100 kg." in product and "Ask for a sample" in product


def test_the_enterprise_inbox_shows_states_and_response_times(app, cast, start_thread, browser_for):
    _answered(start_thread, cast, START, 5)
    _answered(start_thread, cast, START + timedelta(hours=1), None, buyer=cast.other_buyer)
    clock.freeze(START + timedelta(days=1))
    page = browser_for(cast.owner).get("/inquiries/?box=enterprise").get_data(as_text=True)
    assert "answered after 5 hours" in page and "not answered yet" in page
    assert "median first answer: 5 hours (last 90 days)" in page
    open_only = browser_for(cast.owner).get("/inquiries/?box=enterprise&state=quoted")
    assert 'data-testid="empty-inbox"' in open_only.get_data(as_text=True)


def test_durations_read_as_people_say_them_on_the_dashboard(app, cast, start_thread, browser_for):
    """Issue #11: the dashboard said "30.0 jam"; thirty hours is "1 hari 6 jam"."""
    _answered(start_thread, cast, START, 30)
    clock.freeze(START + timedelta(days=2))
    owner = browser_for(cast.owner, lang="id")
    dashboard = owner.get("/business").get_data(as_text=True)
    assert "Median waktu jawaban pertama Anda: 1 hari 6 jam (90 hari terakhir)." in dashboard
    inbox = owner.get("/inquiries/?box=enterprise").get_data(as_text=True)
    assert "dijawab setelah 1 hari 6 jam" in inbox
    assert "30.0" not in dashboard + inbox


def _public_time(app, enterprise) -> str:
    with app.test_request_context("/?lang=en"):
        return render_template_string(
            '{% include "inquiries/_enterprise_response_time.html" %}', enterprise=enterprise
        )


@pytest.mark.usefixtures("real_cache")
def test_the_public_time_is_kept_per_business_until_an_inquiry_changes(app, cast, start_thread):
    """Product and business pages show it (issue #18): computed once per business, not once
    per product page, and a newly answered thread shows on the next page."""
    _answered(start_thread, cast, START, 3)
    clock.freeze(START + timedelta(days=1))
    assert "within 3 hours." in _public_time(app, cast.enterprise)
    with recorded_sql(app) as seen:
        assert "within 3 hours." in _public_time(app, cast.enterprise)
    assert not [sql for sql in seen if "first_response_at" in sql], seen
    _answered(start_thread, cast, START + timedelta(days=1), 30)
    clock.freeze(START + timedelta(days=3))
    # The median of 3 and 30 hours: 16.5, said as "17 hours".
    assert "within 17 hours." in _public_time(app, cast.enterprise)


@pytest.mark.usefixtures("real_cache")
def test_messages_leave_product_pages_cached_and_a_first_answer_shows(app, cast, start_thread):
    """Messages are the site's busiest writes: the product page stays in the cache through
    them (after a write it checks its versions, two statements, and is not rendered again),
    and the maker's first answer to a thread shows on the next visit (issue #18)."""
    visitor = app.test_client()
    url = f"/p/{cast.product.slug}?lang=en"
    inquiry = _answered(start_thread, cast, START, None)
    clock.freeze(START + timedelta(hours=1))
    assert "Usually answers" not in visitor.get(url).get_data(as_text=True)
    assert statements(visitor, app, url) == []
    services.post_message(cast.buyer, inquiry, "Any news on the price?", locale="en")
    db.session.commit()
    assert len(statements(visitor, app, url)) == 2  # the version check only
    clock.freeze(START + timedelta(hours=3))
    services.post_message(cast.staff, inquiry, "Harga FOB terlampir.", locale="id")
    db.session.commit()
    assert "Usually answers inquiries within 3 hours." in visitor.get(url).get_data(as_text=True)
