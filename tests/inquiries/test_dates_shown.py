"""Dates in inquiry pages read as dates in the visitor's language, not ISO strings."""

from datetime import timedelta

from babel.dates import format_date

from trading_house.inquiries.terms import trading_today


def test_needed_by_and_valid_until_are_written_in_the_readers_language(
    cast, start_thread, send_quotation, browser_for
):
    """QA: "dibutuhkan paling lambat 2027-02-17", "Valid until 2027-01-04" on the thread pages."""
    needed = trading_today() + timedelta(days=74)
    valid = trading_today() + timedelta(days=30)
    inquiry = start_thread(date_needed=needed)
    send_quotation(inquiry, valid_until=valid)

    owner = browser_for(cast.owner, lang="id")
    quote_page = owner.get(f"/inquiries/{inquiry.id}/quote").get_data(as_text=True)
    assert f"dibutuhkan paling lambat {format_date(needed, 'medium', locale='id')}" in quote_page
    thread = owner.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert format_date(needed, "medium", locale="id") in thread
    assert needed.isoformat() not in thread and needed.isoformat() not in quote_page

    buyer = browser_for(cast.buyer, lang="en")
    page = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert format_date(valid, "medium", locale="en") in page
    assert format_date(needed, "medium", locale="en") in page
    assert valid.isoformat() not in page and needed.isoformat() not in page
