"""Clinic sessions: curators record them, SMEs read them, follow-ups are tracked."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from trading_house.core.errors import DomainError
from trading_house.extensions import db
from trading_house.readiness import clinic
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import ClinicFollowUp, ClinicSession


def _form(day, **extra):
    data = {
        "held_on": day.isoformat(),
        "topics": ["certification", "packaging"],
        "advice": "Apply for SEHATI halal self-declaration; switch to laminated pouches.",
        "follow_ups-0-description": "Register on ptsp.halal.go.id",
        "follow_ups-0-due_on": (day + timedelta(days=14)).isoformat(),
    }
    data.update(extra)
    return data


def test_a_curator_records_a_session_the_sme_reads_it(client, login, factory, rd):
    rd.template()
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    curator = factory.user("curator", display_name="Ibu Curator")
    login(curator)
    today = local_today()
    response = client.post(f"/readiness/e/{enterprise.id}/clinic", data=_form(today))
    assert response.status_code == 302
    session = db.session.scalar(select(ClinicSession))
    assert session.topics == ["certification", "packaging"]
    assert [f.description for f in session.follow_ups] == ["Register on ptsp.halal.go.id"]
    client.post("/logout")
    login(owner)
    page = client.get(f"/readiness/e/{enterprise.id}/clinic?lang=en")
    body = page.get_data(as_text=True)
    assert "Apply for SEHATI" in body and "Ibu Curator" in body
    assert "does not give cash, grants or loans" in body
    assert 'data-testid="clinic-form"' not in body  # SMEs read, they do not record
    # the SME cannot record a session
    assert client.post(f"/readiness/e/{enterprise.id}/clinic", data=_form(today)).status_code == 403
    # the SME marks its follow-up done
    follow_up = session.follow_ups[0]
    assert client.post(f"/readiness/follow-ups/{follow_up.id}/done").status_code == 302
    db.session.expire_all()
    assert db.session.get(ClinicFollowUp, follow_up.id).done_at is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"held_on": "future"}, "before it happens"),
        ({"topics": []}, "at least one topic"),
        ({"topics": ["astrology"]}, "not a valid choice"),
        ({"advice": ""}, "This field is required"),
        ({"follow_ups-0-due_on": "2000-01-01"}, "on or after the session date"),
        ({"follow_ups-0-description": ""}, "Describe the follow-up"),
    ],
)
def test_bad_session_input_is_refused_and_kept(client, login, factory, rd, changes, message):
    rd.template()
    enterprise = factory.enterprise()
    login(factory.user("curator"))
    today = local_today()
    if changes.get("held_on") == "future":
        changes = {"held_on": (today + timedelta(days=3)).isoformat()}
    response = client.post(
        f"/readiness/e/{enterprise.id}/clinic?lang=en", data=_form(today, **changes)
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body
    assert "switch to laminated pouches" in body or changes.get("advice") == ""
    assert db.session.scalar(select(ClinicSession.id)) is None


def test_other_smes_and_buyers_cannot_see_a_clinic(client, login, factory, rd):
    rd.template()
    enterprise = factory.enterprise()
    session = clinic.record_session(
        enterprise,
        curator=factory.user("curator"),
        held_on=local_today(),
        topics=["legal"],
        advice="x",
        follow_ups=[("y", local_today())],
    )
    db.session.commit()
    login(factory.user("sme"))
    assert client.get(f"/readiness/e/{enterprise.id}/clinic").status_code == 404
    follow_up_id = session.follow_ups[0].id
    assert client.post(f"/readiness/follow-ups/{follow_up_id}/done").status_code == 404


def test_record_session_rules(ctx, factory, rd):
    rd.template()
    enterprise = factory.enterprise()
    curator = factory.user("curator")
    with pytest.raises(DomainError) as error:
        clinic.record_session(
            enterprise,
            curator=curator,
            held_on=local_today(),
            topics=["legal"],
            advice="ok",
            follow_ups=[("", local_today())],
        )
    assert error.value.field == "follow_ups-0-description"
    # empty rows are simply skipped
    session = clinic.record_session(
        enterprise,
        curator=curator,
        held_on=local_today(),
        topics=["legal"],
        advice="ok",
        follow_ups=[("", None)],
    )
    assert session.follow_ups == []
