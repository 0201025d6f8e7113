"""What buyers, sellers and curators see: writing a review from the order page (with a photo),
the product page's averages and counts, the seller's one answer, and moderation of a report."""

import io
import re

import pytest

from tests.catalog.conftest import image_bytes
from tests.catalog.test_queries_and_gets import recorded_sql
from tests.reviews.helpers import Shop
from trading_house.core.tx import commit
from trading_house.extensions import db
from trading_house.reviews import services
from trading_house.reviews.models import Review, ReviewPhoto

STARS = {"quality": "5", "accuracy": "4", "packaging": "4", "communication": "5"}


@pytest.fixture
def shop(app, factory, monkeypatch):
    # Pages and trust, not when a buyer may review: no hold after delivery here (the hold is
    # tested in test_review_after_receipt.py).
    monkeypatch.setitem(app.config, "PAYOUT_HOLD_DAYS", 0)
    return Shop(factory)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_buyer_writes_a_review_with_a_photo_from_the_order_page(shop, factory, client, login):
    buyer = factory.user("buyer", email="buyer@example.jp")
    order = shop.order(buyer)
    login(buyer)
    page = _text(client.get(f"/orders/{order.number}"))
    assert "Write a review" in page
    line = order.lines[0]
    response = client.post(
        f"/reviews/lines/{line.id}/write",
        data={
            **STARS,
            "text": "Fresh beans, arrived well packed.",
            "photos": (io.BytesIO(image_bytes()), "beans.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    review = db.session.query(Review).one()
    assert review.text == "Fresh beans, arrived well packed."
    photo = db.session.query(ReviewPhoto).one()
    assert photo.variants  # rendered by the job after the commit (inline in tests)
    product_page = _text(client.get(f"/p/{shop.coffee.slug}"))
    assert "Fresh beans, arrived well packed." in product_page
    assert "1 review" in product_page and "4.5" in product_page
    # The order page now shows the review instead of the button; a second POST is refused.
    assert "Write a review" not in _text(client.get(f"/orders/{order.number}"))
    again = client.post(f"/reviews/lines/{line.id}/write", data=STARS)
    assert again.status_code == 302
    assert db.session.query(Review).count() == 1


def test_missing_stars_and_a_bad_photo_are_explained_and_nothing_is_saved(
    shop, factory, client, login
):
    buyer = factory.user("buyer")
    line = shop.order(buyer).lines[0]
    login(buyer)
    response = client.post(f"/reviews/lines/{line.id}/write", data={"quality": "5", "text": "x"})
    assert response.status_code == 422
    assert "Give 1 to 5 stars." in _text(response)
    response = client.post(
        f"/reviews/lines/{line.id}/write",
        data={
            **STARS,
            "text": "with a fake photo",
            "photos": (io.BytesIO(b"not an image"), "x.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "with a fake photo" in _text(response)  # what was typed is kept
    assert db.session.query(Review).count() == 0


def test_a_stranger_cannot_open_someone_elses_line(shop, factory, client, login):
    buyer = factory.user("buyer")
    line = shop.order(buyer).lines[0]
    login(factory.user("buyer"))
    assert client.get(f"/reviews/lines/{line.id}/write").status_code == 404
    assert client.post(f"/reviews/lines/{line.id}/write", data=STARS).status_code == 404


def test_an_undelivered_line_sends_the_buyer_back_with_the_reason(shop, factory, client, login):
    buyer = factory.user("buyer")
    order = shop.order(buyer, deliver=False)
    login(buyer)
    response = client.get(f"/reviews/lines/{order.lines[0].id}/write", follow_redirects=True)
    assert "once its delivery has been confirmed" in _text(response)


def test_seller_answers_once_from_the_reviews_page(shop, factory, client, login):
    buyer = factory.user("buyer")
    review = services.write_review(
        buyer, shop.order(buyer).lines[0], services.Stars(4, 4, 4, 4), "Good"
    )
    commit()
    login(shop.owner)
    assert "Good" in _text(client.get("/manage/reviews"))
    empty = client.post(f"/manage/reviews/{review.id}/answer", data={"text": "  "})
    assert empty.status_code == 422 and "Write your answer first." in _text(empty)
    ok = client.post(f"/manage/reviews/{review.id}/answer", data={"text": "Terima kasih!"})
    assert ok.status_code == 302
    second = client.post(f"/manage/reviews/{review.id}/answer", data={"text": "Again"})
    assert second.status_code == 422 and "already been answered" in _text(second)
    assert "Terima kasih!" in _text(client.get(f"/p/{shop.coffee.slug}"))


def test_another_enterprise_cannot_answer(shop, factory, client, login):
    buyer = factory.user("buyer")
    review = services.write_review(
        buyer, shop.order(buyer).lines[0], services.Stars(4, 4, 4, 4), ""
    )
    commit()
    other = factory.user("sme")
    factory.enterprise(other)
    login(other)
    assert client.post(f"/manage/reviews/{review.id}/answer", data={"text": "x"}).status_code == 404


def test_a_report_upheld_by_a_curator_hides_the_review(shop, factory, client, login, app):
    buyer = factory.user("buyer")
    review = services.write_review(
        buyer, shop.order(buyer).lines[0], services.Stars(1, 1, 1, 1), "Rude words here"
    )
    commit()
    login(shop.owner)
    bad = client.post(f"/reviews/{review.id}/report", data={"reason": "nonsense"})
    assert bad.status_code == 422
    assert (
        client.post(f"/reviews/{review.id}/report", data={"reason": "offensive"}).status_code == 302
    )
    curator = app.test_client()
    login(shop.curator, target=curator)
    queue = _text(curator.get("/staff/reviews/reports"))
    assert "Rude words here" in queue and "Offensive or abusive" in queue
    report_id = review.reports[0].id
    wrong = curator.post(f"/staff/reviews/reports/{report_id}/decide", data={"decision": "x"})
    assert wrong.status_code == 422
    done = curator.post(f"/staff/reviews/reports/{report_id}/decide", data={"decision": "uphold"})
    assert done.status_code == 302
    assert "Rude words here" not in _text(client.get(f"/p/{shop.coffee.slug}"))


def test_a_review_on_the_product_page_loads_no_buyer_account(shop, factory, app):
    """Reviews are signed "a verified buyer": a public page loads no buyer's account (their
    e-mail, password hash) to show them (issue #18: two statements fewer as well)."""
    buyer = factory.user("buyer", email="reviewer@example.jp")
    order = shop.order(buyer)
    services.write_review(buyer, order.lines[0], services.Stars(5, 4, 4, 5), "Fresh beans.")
    commit()
    visitor = app.test_client()
    with recorded_sql(app) as seen:
        page = _text(visitor.get(f"/p/{shop.coffee.slug}"))
    assert "Fresh beans." in page and "by a verified buyer" in page
    assert "reviewer@example.jp" not in page
    assert not [sql for sql in seen if "FROM users" in sql], seen
