"""Claims: two curators never review the same listing at once; a claim lapses."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.core import clock
from trading_house.core.tx import commit
from trading_house.curation import claims, services
from trading_house.curation.models import Claim
from trading_house.extensions import db


def test_two_curators_racing_for_one_listing_yield_one_claim(app, curator, curator2, make_listing):
    """Two threads, two database connections, one listing: exactly one claim wins."""
    product_id = make_listing(status="submitted").id
    user_ids = (curator.id, curator2.id)
    db.session.remove()
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}

    def attempt(user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                claims.claim(product_id, user)
                commit()
                results[user_id] = "won"
            except claims.ClaimTaken:
                db.session.rollback()
                results[user_id] = "lost"
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == ["lost", "won"]
    with app.app_context():
        rows = db.session.scalars(select(Claim)).all()
        winner = next(u for u, r in results.items() if r == "won")
        assert [(c.product_id, c.curator_id) for c in rows] == [(product_id, winner)]


def test_racing_for_a_lapsed_claim_also_yields_one_winner(
    app, factory, curator, curator2, make_listing
):
    product_id = make_listing(status="submitted").id
    third = factory.user("curator")
    user_ids = (curator.id, curator2.id)
    clock.freeze(clock.utcnow() - timedelta(hours=2))
    with app.app_context():
        claims.claim(product_id, db.session.get(User, third.id))
        commit()
    clock.freeze(None)
    db.session.remove()
    barrier = threading.Barrier(2)
    results = []

    def attempt(user_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                claims.claim(product_id, user)
                commit()
                results.append(user_id)
            except claims.ClaimTaken:
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(user_id,)) for user_id in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 1


def test_a_claim_blocks_others_and_lapses(ctx, curator, curator2, make_listing):
    product = make_listing(status="submitted")
    start = clock.utcnow()
    clock.freeze(start)
    claims.claim(product.id, curator)
    with pytest.raises(claims.ClaimTaken) as error:
        claims.claim(product.id, curator2)
    assert "Nurhayati is reviewing" in str(error.value.message)
    # Another curator's decision is refused while the claim holds.
    _revision, version = services.review_target(product)
    with pytest.raises(claims.ClaimTaken):
        services.decide(product, curator=curator2, decision="approved", seen_version=version)
    db.session.rollback()
    claims.claim(product.id, curator)  # the holder may extend it
    clock.freeze(start + timedelta(minutes=31))
    assert claims.active_claim(product.id) is None
    claims.claim(product.id, curator2)
    assert claims.holds(product.id, curator2) and not claims.holds(product.id, curator)


def test_the_queue_shows_who_reviews_and_next_skips_claimed_items(
    app, curator, curator2, make_listing, sign_in
):
    first = make_listing(status="submitted", sku="A-1")
    second = make_listing(status="submitted", sku="A-2")
    one, two = sign_in(curator), sign_in(curator2)
    response = one.post("/curation/next")
    assert response.headers["Location"].endswith(f"/curation/review/{first.id}")
    queue = two.get("/curation/?lang=en").get_data(as_text=True)
    assert "Nurhayati is reviewing" in queue
    response = two.post("/curation/next")
    assert response.headers["Location"].endswith(f"/curation/review/{second.id}")
    screen = two.get(f"/curation/review/{first.id}?lang=en").get_data(as_text=True)
    assert 'data-testid="claimed-by-other"' in screen
    assert 'data-testid="decision-form"' not in screen
    # Giving it back frees it.
    one.post(f"/curation/review/{first.id}/release")
    with app.app_context():
        assert claims.active_claim(first.id) is None


def test_a_curator_never_reviews_their_own_business(app, factory, sme, make_listing, sign_in):
    """A member of the enterprise who is also a curator: no claim, no decision (403)."""
    owner, enterprise = sme
    insider = factory.user("curator", "sme")
    with app.app_context():
        from trading_house.enterprises.models import Membership

        db.session.add(Membership(enterprise_id=enterprise.id, user_id=insider.id, role="staff"))
        db.session.commit()
    product = make_listing(status="submitted")
    desk = sign_in(insider)
    screen = desk.get(f"/curation/review/{product.id}?lang=en").get_data(as_text=True)
    assert "another curator must review it" in screen
    assert 'data-testid="decision-form"' not in screen
    response = desk.post(
        f"/curation/review/{product.id}/decide", data={"decision": "approved", "seen_version": "x"}
    )
    assert response.status_code == 403
    assert desk.post(f"/curation/review/{product.id}/claim").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Claim.product_id)) is None
    # "Review the oldest" never hands out one's own listing.
    assert desk.post("/curation/next").headers["Location"].endswith("/curation/")
