"""An answer or a checklist version moved by another request in the meantime (two curators on
the same answer, two admins publishing the same draft) is not moved again: the second one is
told, in its language, that someone else was first, and nothing of theirs is written."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select, update

from trading_house.core.lifecycle import StaleTransition
from trading_house.core.models import StatusEvent
from trading_house.extensions import db
from trading_house.readiness import checklist, services
from trading_house.readiness.models import ChecklistTemplate, ReadinessAnswer, ReadinessAnswerEvent


def _moved_elsewhere(model, row_id: int, status: str) -> None:
    """What a concurrent, committed request did: the row changed, this session did not see it."""
    db.session.execute(
        update(model)
        .where(model.id == row_id)
        .values(status=status)
        .execution_options(synchronize_session=False)
    )


def _count(column) -> int:
    return db.session.scalar(select(func.count(column))) or 0


def test_a_curator_rejecting_an_answer_another_just_verified_is_refused(ctx, factory, rd):
    rd.template()
    enterprise = factory.enterprise(factory.user("sme"))
    curator = factory.user("curator")
    answer = rd.answer(enterprise, "ent.capacity", state="submitted")
    events_before = _count(ReadinessAnswerEvent.id)
    _moved_elsewhere(ReadinessAnswer, answer.id, "verified")

    with pytest.raises(StaleTransition) as refused:
        services.review_answer(answer, "rejected", actor=curator, note="Blurred photo")

    message = refused.value.message
    assert "Someone else changed this a moment ago" in str(message)
    assert "“Verified”" in str(message)
    with force_locale("id"):
        assert "Baru saja ada orang lain yang mengubahnya" in str(message)
    assert answer.state == "verified"  # it shows the winner's status
    assert answer.curator_note is None
    assert _count(ReadinessAnswerEvent.id) == events_before


def test_two_admins_publishing_the_same_draft_publish_it_once(ctx, factory, rd):
    current = rd.template()
    admin, other_admin = factory.user("admin"), factory.user("admin")
    draft = checklist.start_draft(actor=admin)
    db.session.commit()
    # The other admin published it a moment ago (and retired the current version).
    _moved_elsewhere(ChecklistTemplate, draft.id, "published")
    _moved_elsewhere(ChecklistTemplate, current.id, "retired")
    events_before = _count(StatusEvent.id)

    with pytest.raises(StaleTransition, match="Someone else changed this a moment ago"):
        checklist.publish(draft, actor=other_admin)

    assert draft.is_published
    assert _count(StatusEvent.id) == events_before


def test_publishing_records_both_moves(ctx, factory, rd):
    current = rd.template()
    admin = factory.user("admin")
    draft = checklist.start_draft(actor=admin)
    checklist.publish(draft, actor=admin)
    db.session.commit()
    assert (draft.status, current.status) == ("published", "retired")
    assert draft.published_by_id == admin.id and draft.published_at is not None
    moves = db.session.scalars(
        select(StatusEvent).where(StatusEvent.subject_type == "checklist_template")
    ).all()
    assert {(m.subject_id, m.from_status, m.to_status) for m in moves} == {
        (draft.id, "draft", "published"),
        (current.id, "published", "retired"),
    }


def test_two_curators_deciding_the_same_answer_at_once_decide_it_once(app, factory, rd):
    from tests.orders.test_concurrency import _run_together
    from trading_house.accounts.models import User
    from trading_house.core.errors import DomainError

    with app.test_request_context("/?lang=en"):
        rd.template()
        enterprise = factory.enterprise(factory.user("sme"))
        answer_id = rd.answer(enterprise, "ent.capacity", state="submitted").id
        curators = [factory.user("curator").id, factory.user("curator").id]
        db.session.commit()

    def decide(curator_id, decision):
        def job():
            curator = db.session.get(User, curator_id)
            answer = db.session.get(ReadinessAnswer, answer_id)
            services.review_answer(answer, decision, actor=curator, note="Not legible")
            return decision

        return job

    results = _run_together(app, [decide(curators[0], "verified"), decide(curators[1], "rejected")])
    winners = [r for r in results if isinstance(r, str)]
    assert len(winners) == 1, results
    assert all(isinstance(r, DomainError) for r in results if not isinstance(r, str))
    db.session.expire_all()
    answer = db.session.get(ReadinessAnswer, answer_id)
    assert answer.state == winners[0]
    decided = [e.to_state for e in answer.events if e.to_state in ("verified", "rejected")]
    assert decided == winners
