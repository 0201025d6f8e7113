"""A credit limit is never exceeded by concurrent orders (threads, each its own session;
the proof that matters runs on PostgreSQL: ``TEST_DATABASE_URL``)."""

from sqlalchemy import func, select

from tests.orders.test_concurrency import _run_together
from tests.wholesale.conftest import key
from trading_house.accounts.models import User
from trading_house.extensions import db
from trading_house.wholesale import ordering
from trading_house.wholesale.models import (
    BuyerOrganisation,
    Invoice,
    MemberRole,
    OrganisationMember,
)

PURCHASERS = 8


def test_concurrent_orders_on_terms_never_pass_the_credit_limit(app, factory, wholesale):
    # Limit 5.000.000; each order is 12 × 74.800 = 897.600: at most 5 fit.
    purchasers = [factory.user("buyer") for _ in range(PURCHASERS)]
    for purchaser in purchasers:
        wholesale.organisation.members.append(
            OrganisationMember(user_id=purchaser.id, role=MemberRole.PURCHASER)
        )
    db.session.commit()
    coffee_id = wholesale.shop.coffee.id

    def job_for(user_id):
        def job():
            user = db.session.get(User, user_id)
            order, _created = ordering.place_wholesale_order(
                user,
                quantities={coffee_id: 12},
                on_terms=True,
                idempotency_key=key(),
                locale="en",
            )
            return order.number

        return job

    results = _run_together(app, [job_for(p.id) for p in purchasers])
    placed = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, ordering.CreditLimitExceeded)]
    assert len(placed) == 5, results
    assert len(refused) == PURCHASERS - 5, results
    db.session.expire_all()
    organisation = db.session.get(BuyerOrganisation, wholesale.organisation.id)
    invoiced = db.session.scalar(select(func.sum(Invoice.amount_idr)))
    assert organisation.credit_used_idr == invoiced == 5 * 897600 <= organisation.credit_limit_idr
