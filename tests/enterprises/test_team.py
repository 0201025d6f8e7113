"""The team: the owner invites by signed link, the invitee joins, the owner removes staff."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from trading_house.core import clock
from trading_house.core.models import AuditEntry, OutboxEmail
from trading_house.enterprises.models import Invitation, Membership
from trading_house.extensions import db


@pytest.fixture
def owner(factory):
    return factory.user("sme", email="pemilik@tenun-sengkang.id", display_name="Andi Tenri")


@pytest.fixture
def enterprise(factory, owner):
    return factory.enterprise(owner, name="Tenun Sutera Sengkang", regency_code="7313")


def _invite(client, email):
    return client.post("/business/team/invitations?lang=en", data={"email": email})


def _link_from_outbox(email: str) -> str:
    db.session.expire_all()
    message = db.session.scalar(
        select(OutboxEmail).where(OutboxEmail.recipient == email).order_by(OutboxEmail.id.desc())
    )
    assert message is not None, "no invitation e-mail in the outbox"
    match = re.search(r"https?://\S+/business/invitations/(\S+)", message.body_text)
    assert match, message.body_text
    return "/business/invitations/" + match.group(1)


def _actions():
    db.session.expire_all()
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_owner_invites_and_the_email_carries_a_signed_link(
    new_client, client, sign_in, owner, enterprise
):
    sign_in(owner)
    response = _invite(client, "Staf.Baru@Gmail.com")
    assert response.status_code == 302
    page = client.get("/business/team?lang=en").get_data(as_text=True)
    assert 'data-invitation="staf.baru@gmail.com"' in page
    message = db.session.scalar(
        select(OutboxEmail).where(OutboxEmail.recipient == "staf.baru@gmail.com")
    )
    assert "Tenun Sutera Sengkang" in message.subject
    assert "Andi Tenri" in message.body_text
    assert message.body_text.count("/business/invitations/") == 1
    assert "enterprise.invitation_sent" in _actions()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the e-mail address"),
        ("bukan email", "valid e-mail"),
        ("pemilik@tenun-sengkang.id", "already in your team"),
    ],
)
def test_bad_invitations_are_explained(
    new_client, client, sign_in, owner, enterprise, email, message
):
    sign_in(owner)
    response = _invite(client, email)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-field-error="email"' in page and message in page
    assert db.session.scalar(select(Invitation)) is None
    assert db.session.scalar(select(OutboxEmail)) is None


def test_inviting_twice_is_refused_until_revoked(new_client, client, sign_in, owner, enterprise):
    sign_in(owner)
    assert _invite(client, "dua@kali.id").status_code == 302
    response = _invite(client, "DUA@kali.id")
    assert response.status_code == 400
    assert "already been invited" in response.get_data(as_text=True)
    invitation = db.session.scalar(select(Invitation))
    assert client.post(f"/business/team/invitations/{invitation.id}/revoke").status_code == 302
    assert _invite(client, "dua@kali.id").status_code == 302


def test_invitee_with_an_account_accepts_and_becomes_staff(
    new_client, client, factory, sign_in, owner, enterprise
):
    buyer = factory.user("buyer", email="rina@gmail.com")
    sign_in(owner)
    _invite(client, "rina@gmail.com")
    link = _link_from_outbox("rina@gmail.com")
    client.post("/logout")

    other = new_client()
    sign_in(buyer, target=other)
    page = other.get(link + "?lang=en")
    assert page.status_code == 200
    assert "Join Tenun Sutera Sengkang" in page.get_data(as_text=True)
    assert (
        db.session.scalar(select(Membership).where(Membership.user_id == buyer.id)) is None
    )  # GET writes nothing
    response = other.post(link)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/business")
    db.session.expire_all()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == buyer.id))
    assert membership.enterprise_id == enterprise.id and membership.role == "staff"
    user = db.session.merge(buyer)
    db.session.refresh(user)
    assert user.has_role("sme") and user.has_role("buyer")
    assert "enterprise.member_added" in _actions()
    dashboard = other.get("/business?lang=en").get_data(as_text=True)
    assert "Tenun Sutera Sengkang" in dashboard
    # The link works once.
    again = other.post(link + "?lang=en")
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)


def test_anonymous_invitee_is_sent_to_sign_in_and_back(
    new_client, client, sign_in, owner, enterprise
):
    sign_in(owner)
    _invite(client, "baru@gmail.com")
    link = _link_from_outbox("baru@gmail.com")
    anonymous = new_client()
    response = anonymous.get(link)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "/login" in location and "next=" in location
    assert "business/invitations" in location


def test_signed_in_with_another_address_cannot_accept(
    new_client, client, factory, sign_in, owner, enterprise
):
    sign_in(owner)
    _invite(client, "tujuan@gmail.com")
    link = _link_from_outbox("tujuan@gmail.com")
    stranger = factory.user("buyer", email="orang.lain@gmail.com")
    other = new_client()
    sign_in(stranger, target=other)
    page = other.get(link + "?lang=en").get_data(as_text=True)
    assert 'data-testid="wrong-account"' in page and "tujuan@gmail.com" in page
    assert other.post(link).status_code == 403
    assert db.session.scalar(select(Membership).where(Membership.user_id == stranger.id)) is None


def test_tampered_expired_and_revoked_links_are_refused(
    new_client, client, factory, sign_in, owner, enterprise
):
    sign_in(owner)
    _invite(client, "x@gmail.com")
    link = _link_from_outbox("x@gmail.com")
    invitee = factory.user("buyer", email="x@gmail.com")
    other = new_client()
    sign_in(invitee, target=other)

    tampered = other.get(link[:-3] + "abc?lang=en")
    assert tampered.status_code == 400 and "not valid" in tampered.get_data(as_text=True)
    assert other.get("/business/invitations/garbage?lang=en").status_code == 400

    clock.freeze(clock.utcnow() + timedelta(days=8))
    expired = other.post(link + "?lang=en")
    assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
    clock.freeze(None)
    sign_in(invitee, target=other)  # a session does not outlive a week-long jump of the clock

    invitation = db.session.scalar(select(Invitation))
    client.post(f"/business/team/invitations/{invitation.id}/revoke")
    revoked = other.post(link + "?lang=en")
    assert revoked.status_code == 400 and "withdrawn" in revoked.get_data(as_text=True)
    assert db.session.scalar(select(Membership).where(Membership.user_id == invitee.id)) is None


def test_owner_removes_staff(new_client, client, factory, sign_in, owner):
    staff = factory.user("sme", email="staf@gmail.com")
    enterprise = factory.enterprise(owner, staff=[staff])
    membership = db.session.scalar(select(Membership).where(Membership.user_id == staff.id))
    sign_in(owner)
    page = client.get("/business/team").get_data(as_text=True)
    assert 'data-member="staf@gmail.com"' in page
    response = client.post(f"/business/team/members/{membership.id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Membership).where(Membership.user_id == staff.id)) is None
    assert [m.role for m in enterprise.members] == ["owner"]
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "enterprise.member_removed")
    )
    assert entry.data["email"] == "staf@gmail.com" and entry.actor_id == owner.id


def test_owner_cannot_remove_themselves(new_client, client, sign_in, owner, enterprise):
    own = db.session.scalar(select(Membership).where(Membership.user_id == owner.id))
    sign_in(owner)
    assert client.post(f"/business/team/members/{own.id}/remove").status_code == 403
    assert db.session.get(Membership, own.id) is not None


def test_staff_cannot_remove_the_owner_nor_invite(new_client, client, factory, sign_in, owner):
    staff = factory.user("sme")
    colleague = factory.user("sme")
    factory.enterprise(owner, staff=[staff, colleague])
    owner_membership = db.session.scalar(select(Membership).where(Membership.user_id == owner.id))
    colleague_membership = db.session.scalar(
        select(Membership).where(Membership.user_id == colleague.id)
    )
    sign_in(staff)
    page = client.get("/business/team?lang=en").get_data(as_text=True)
    assert "Only the owner" in page and 'data-testid="invite-form"' not in page
    assert client.post(f"/business/team/members/{owner_membership.id}/remove").status_code == 403
    assert (
        client.post(f"/business/team/members/{colleague_membership.id}/remove").status_code == 403
    )
    assert _invite(client, "teman@gmail.com").status_code == 403
    db.session.expire_all()
    assert db.session.get(Membership, owner_membership.id) is not None
    assert db.session.get(Membership, colleague_membership.id) is not None
    assert db.session.scalar(select(Invitation)) is None


def test_nobody_touches_another_enterprises_team(
    new_client, client, factory, sign_in, owner, enterprise
):
    other_owner = factory.user("sme")
    other_staff = factory.user("sme")
    factory.enterprise(other_owner, staff=[other_staff])
    other_membership = db.session.scalar(
        select(Membership).where(Membership.user_id == other_staff.id)
    )
    other_invitation = Invitation(
        enterprise_id=other_membership.enterprise_id, email="z@z.id", invited_by_id=other_owner.id
    )
    db.session.add(other_invitation)
    db.session.commit()
    sign_in(owner)
    assert client.post(f"/business/team/members/{other_membership.id}/remove").status_code == 404
    assert (
        client.post(f"/business/team/invitations/{other_invitation.id}/revoke").status_code == 404
    )
    db.session.expire_all()
    assert db.session.get(Membership, other_membership.id) is not None
    assert db.session.get(Invitation, other_invitation.id).revoked_at is None
