"""``flask seed-demo`` leaves listings in every state of the curation workflow."""

from sqlalchemy import func, select

from trading_house.accounts import seed as accounts_seed
from trading_house.catalog.models import Product
from trading_house.catalog.seed import seed_categories
from trading_house.core.tx import commit
from trading_house.curation import seed as curation_seed
from trading_house.curation.models import (
    IdentityDocument,
    Notification,
    ProductRevision,
    ReasonCode,
    Review,
)
from trading_house.enterprises import seed as enterprises_seed
from trading_house.extensions import db


def test_the_demo_shows_the_workflow_from_every_side(ctx):
    accounts_seed.seed_demo()
    enterprises_seed.seed_demo()
    seed_categories()
    curation_seed.seed_demo()
    commit()
    statuses = dict(
        db.session.execute(select(Product.status, func.count()).group_by(Product.status)).all()
    )
    assert statuses["submitted"] == 2  # waiting in the queue
    assert statuses["changes_requested"] == 1
    assert statuses["rejected"] == 1
    assert statuses["suspended"] == 1
    assert statuses["approved"] >= 2
    pending = db.session.scalar(select(ProductRevision).where(ProductRevision.status == "pending"))
    assert pending is not None and pending.product.status == "approved"
    assert "gift box" in pending.data["description_english"]
    assert "gift box" not in pending.product.description_english  # buyers see the old text
    feedback = db.session.scalar(select(Review).where(Review.decision == "changes_requested"))
    assert feedback.feedback and feedback.reason_codes and feedback.field_notes
    assert db.session.scalar(select(func.count(ReasonCode.id))) >= 10
    assert db.session.scalar(select(func.count(Notification.id))) > 0
    assert db.session.scalar(select(func.count(IdentityDocument.id))) >= 2
    # Running it again adds nothing.
    reviews = db.session.scalar(select(func.count(Review.id)))
    curation_seed.seed_demo()
    commit()
    assert db.session.scalar(select(func.count(Review.id))) == reviews
