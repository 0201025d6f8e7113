"""Listing moves are compare-and-set (core/lifecycle.py): a move decided on a stale view of the
listing is refused with a clear message, and two racing moves never both win."""

import threading

import pytest
from flask_babel import force_locale
from sqlalchemy import select, update

from tests.orders.test_concurrency import _run_together
from trading_house.accounts.models import User
from trading_house.catalog import services
from trading_house.catalog import status as lifecycle
from trading_house.catalog.models import Product, ProductEvent
from trading_house.core.lifecycle import StaleTransition
from trading_house.extensions import db


def _moved_elsewhere(product_id: int, to: str) -> None:
    """Another request (its own connection) moves the listing and commits."""
    with db.engine.begin() as connection:
        connection.execute(update(Product).where(Product.id == product_id).values(status=to))


def _events(product_id: int) -> list[tuple[str | None, str]]:
    rows = db.session.execute(
        select(ProductEvent.from_status, ProductEvent.to_status)
        .where(ProductEvent.product_id == product_id)
        .order_by(ProductEvent.id)
    )
    return [tuple(row) for row in rows]


def test_a_move_decided_on_a_stale_status_is_refused(ctx, factory):
    owner = factory.user("sme")
    product = db.session.get(Product, factory.product(status="submitted").id)
    assert product.status == "submitted"  # what the enterprise's page showed
    _moved_elsewhere(product.id, "changes_requested")  # the curator decided meanwhile

    with pytest.raises(StaleTransition) as refused:
        services.archive_product(product, actor=owner)

    assert "Someone else changed this a moment ago" in str(refused.value)
    assert "Changes requested" in str(refused.value)
    # The message, status word included, is read in the language of whoever shows it.
    with force_locale("id"):
        indonesian = str(refused.value)
        word = lifecycle.PRODUCT_LIFECYCLE.label("changes_requested")
    assert "Changes requested" not in indonesian and f"“{word}”" in indonesian
    assert product.status == "changes_requested"  # the object now shows the winner's status
    db.session.rollback()
    assert db.session.get(Product, product.id).status == "changes_requested"
    assert _events(product.id) == []


def test_two_racing_moves_of_one_listing_one_wins(app, factory):
    product_id = factory.product(status="submitted").id
    curator_id, owner_id = factory.user("curator").id, factory.user("sme").id

    # Both decide on the same view of the listing ("submitted") before either moves it: on a
    # busy machine one thread could otherwise finish before the other reads, and archiving an
    # approved listing is a legitimate second move, not a race.
    both_read = threading.Barrier(2)

    def seen_by_both():
        listing = db.session.get(Product, product_id)
        assert listing.status == "submitted"
        both_read.wait(timeout=30)
        return listing

    def approve():
        listing = seen_by_both()
        lifecycle.set_status(listing, lifecycle.APPROVED, actor=db.session.get(User, curator_id))
        return "approved"

    def archive():
        listing = seen_by_both()
        services.archive_product(listing, actor=db.session.get(User, owner_id))
        return "archived"

    results = _run_together(app, [approve, archive])

    winners = [r for r in results if isinstance(r, str)]
    assert len(winners) == 1, results
    assert all(isinstance(r, StaleTransition) for r in results if not isinstance(r, str))
    with app.app_context():
        assert db.session.get(Product, product_id).status == winners[0]
        assert _events(product_id) == [("submitted", winners[0])]
        db.session.remove()
