"""A cached product page changes when what its readiness panel is computed from changes, and
only then: a curator verifying one business's answers re-renders that business's pages and
leaves the others in the cache; a category renamed shows at once (issue #18)."""

import pytest

from tests.catalog.test_statement_counts import real_cache, statements  # noqa: F401 - fixture
from tests.readiness.test_export_warning import products  # noqa: F401 - fixture
from trading_house.core.lifecycle import transition
from trading_house.extensions import db

WEAK, READY = "/p/sarung-belum-siap", "/p/sarung-siap"
ENTERPRISE_ITEMS = ("ent.nib", "ent.capacity", "ent.bank")

pytestmark = pytest.mark.usefixtures("real_cache")


def _grade(body: str) -> str:
    panel = body.split('data-testid="product-readiness"')[1]
    return panel.split('data-grade="')[1][0]


def test_verified_answers_show_on_their_makers_page_and_leave_others_cached(
    app,
    rd,
    products,  # noqa: F811
):
    """The curator's verification is a guarded status change in SQL, which the ORM does not
    see (``core/lifecycle.py``): the cached page must change all the same."""
    sarong, _good = products
    weak = sarong.enterprise
    submitted = [rd.answer(weak, code, state="submitted") for code in ENTERPRISE_ITEMS]
    submitted.append(
        rd.answer(weak, "prod.hs", state="submitted", product=sarong, certificate_number="50072090")
    )
    visitor = app.test_client()
    assert _grade(visitor.get(WEAK).get_data(as_text=True)) == "D"
    assert _grade(visitor.get(READY).get_data(as_text=True)) == "A"
    assert statements(visitor, app, READY) == []  # kept while nothing is written

    for answer in submitted:
        transition(answer, "verified", actor=None)
    db.session.commit()

    # The other business's page: its versions are checked (two narrow statements), and it is
    # still the page in the cache, not rendered again.
    assert len(statements(visitor, app, READY)) == 2
    assert _grade(visitor.get(READY).get_data(as_text=True)) == "A"
    # This business's page shows its new grade on the next visit.
    assert _grade(visitor.get(WEAK).get_data(as_text=True)) == "A"


def test_another_makers_listing_leaves_the_page_cached(app, factory, rd, products):  # noqa: F811
    sarong, _good = products
    visitor = app.test_client()
    visitor.get(WEAK)
    # A business in another category (not among the related products) edits its listing.
    coffee = factory.product(factory.enterprise(), category=rd.categories()["food"])
    visitor.get(WEAK)
    coffee.retail_price_idr = 99_000
    db.session.commit()
    assert len(statements(visitor, app, WEAK)) == 2


def test_a_renamed_category_shows_at_once(app, rd, products):  # noqa: F811
    sarong, _good = products
    visitor = app.test_client()
    assert "Tenun (en)</a>" in visitor.get(WEAK).get_data(as_text=True)
    sarong.category.name_english = "Sengkang silk weaving"
    db.session.commit()
    assert "Sengkang silk weaving</a>" in visitor.get(WEAK).get_data(as_text=True)


def test_a_retired_checklist_shows_on_every_page(app, rd, products):  # noqa: F811
    """The checklist is shared by every page: retired, no page grades against it any more."""
    from sqlalchemy import select

    from trading_house.readiness.models import ChecklistTemplate
    from trading_house.readiness.status import TemplateStatus

    visitor = app.test_client()
    for url in (WEAK, READY):
        assert 'data-testid="product-readiness"' in visitor.get(url).get_data(as_text=True)
    transition(db.session.scalar(select(ChecklistTemplate)), TemplateStatus.RETIRED, actor=None)
    db.session.commit()
    for url in (WEAK, READY):
        assert 'data-testid="product-readiness"' not in visitor.get(url).get_data(as_text=True)
