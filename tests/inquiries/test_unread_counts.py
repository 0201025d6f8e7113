"""The header badge counts the threads with something new, for someone in several threads.

Issue #11, defect 1: the read position was looked up with an uncorrelated subquery
(``FROM inquiry_participants, inquiries``): PostgreSQL answered every page with a 500
(more than one row returned by a subquery) and SQLite counted with the first thread's
read position for every thread.
"""

import re

from trading_house.extensions import db
from trading_house.inquiries import services


def _badge(browser) -> str | None:
    page = browser.get("/catalog").get_data(as_text=True)
    match = re.search(r'data-testid="unread-count">(\d+)<', page)
    return match.group(1) if match else None


def _new_threads(browser) -> set[int]:
    page = browser.get("/inquiries/?box=buyer").get_data(as_text=True)
    rows = re.findall(r'data-thread="(\d+)">(.*?)</a>', page, flags=re.S)
    return {int(thread) for thread, row in rows if 'data-testid="unread"' in row}


def _reply(seller, inquiry, body: str) -> None:
    services.post_message(seller, inquiry, body)
    db.session.commit()


def test_buyer_in_three_threads_sees_how_many_have_news(factory, cast, start_thread, browser_for):
    products = [cast.product] + [
        factory.product(cast.enterprise, category=cast.category, export_moq=100, export_unit="kg")
        for _ in range(2)
    ]
    first, second, third = (start_thread(product=p) for p in products)
    _reply(cast.owner, second, "One answer.")
    _reply(cast.owner, third, "Two answers, the first.")
    _reply(cast.owner, third, "Two answers, the second.")
    _reply(cast.owner, first, "The newest message of all.")
    buyer = browser_for(cast.buyer)
    assert _badge(buyer) == "3"
    assert _new_threads(buyer) == {first.id, second.id, third.id}

    # Reading the first thread (the highest read position) leaves two threads with news.
    read = buyer.post(f"/inquiries/{first.id}/read", headers={"Accept": "application/json"})
    assert read.get_json() == {"unread": 2}
    assert _badge(buyer) == "2"
    assert _new_threads(buyer) == {second.id, third.id}
    for page in ("/", "/catalog", "/account", "/orders", "/inquiries/"):
        assert buyer.get(page).status_code == 200, page

    # The owner's replies count as read for the owner; the other member has read nothing.
    assert _badge(browser_for(cast.owner)) is None
    assert _badge(browser_for(cast.staff)) == "3"
