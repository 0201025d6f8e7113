"""A revision moved by another request in the meantime (a curator approving while the SME
withdraws, two tabs) is not moved again: the loser is told, in its language, what happened."""

import pytest
from flask_babel import force_locale
from sqlalchemy import update

from trading_house.core.lifecycle import StaleTransition
from trading_house.curation import revisions
from trading_house.curation.content import content_of
from trading_house.curation.models import ProductRevision, RevisionEvent
from trading_house.extensions import db


def _moved_elsewhere(revision, status: str) -> None:
    """What a concurrent, committed request did: the row changed, this session did not see it."""
    db.session.execute(
        update(ProductRevision)
        .where(ProductRevision.id == revision.id)
        .values(status=status)
        .execution_options(synchronize_session=False)
    )


def test_withdrawing_a_revision_a_curator_just_approved_is_refused(sme, make_listing, ctx):
    published = make_listing(status="approved", slug="kopi-basi", retail_price_idr=100000)
    data = dict(content_of(published), name_english="Changed name", stock=published.stock)
    revision = revisions.save_published_edit(published, data, actor=sme[0]).revision
    events_before = db.session.query(RevisionEvent).count()
    _moved_elsewhere(revision, "approved")

    with pytest.raises(StaleTransition) as refused:
        revisions.withdraw(revision, actor=sme[0])

    assert "Someone else changed this a moment ago" in str(refused.value.message)
    assert "“Published”" in str(refused.value.message)
    with force_locale("id"):
        assert "Baru saja ada orang lain yang mengubahnya" in str(refused.value.message)
    assert revision.status == "approved"  # the object shows the winner's status
    assert db.session.query(RevisionEvent).count() == events_before  # no event for the loser


def test_a_move_the_table_forbids_keeps_its_message(sme, make_listing, ctx):
    published = make_listing(status="approved", slug="kopi-tutup", retail_price_idr=100000)
    data = dict(content_of(published), name_english="Changed name", stock=published.stock)
    revision = revisions.save_published_edit(published, data, actor=sme[0]).revision
    revisions.withdraw(revision, actor=sme[0])
    with pytest.raises(revisions.InvalidTransition, match="cannot become"):
        revisions.withdraw(revision, actor=sme[0])
    assert revision.is_open is False
