"""Legal identity: the owner uploads the NIB and NPWP certificates; a curator verifies; verified
businesses carry a badge on their page and product cards."""

import io

from PIL import Image
from sqlalchemy import select

from trading_house.accounts.models import User
from trading_house.curation.models import IdentityDocument, Notification
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (240, 240, 230)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, kind, data, name="nib.png"):
    return client.post(
        "/business/identity?lang=en",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_upload_verify_and_badge(app, client, factory, sme, curator, make_listing, sign_in):
    owner, enterprise = sme
    make_listing(status="approved", slug="kopi-terverifikasi")
    with app.app_context():
        row = db.session.get(Enterprise, enterprise.id)
        row.nib, row.npwp, row.verification_status = "1234567890123", "012345678901000", "pending"
        db.session.commit()
    shop = sign_in(owner)
    # A PDF renamed .png, or nothing at all, is refused with a message; nothing is stored.
    bad = upload(shop, "nib", b"<html>not a certificate</html>", "fake.png")
    assert bad.status_code == 422 and 'data-field-error="file"' in bad.get_data(as_text=True)
    assert upload(shop, "nib", b"", "empty.png").status_code == 422
    assert upload(shop, "nib", png()).status_code == 302
    assert upload(shop, "npwp", png(), "npwp.png").status_code == 302
    with app.app_context():
        documents = db.session.scalars(select(IdentityDocument)).all()
        kinds = sorted(d.kind for d in documents)
        assert kinds[-2:] == ["nib", "npwp"]
        document_id = documents[-1].document_id

    desk = sign_in(curator)
    assert f'data-enterprise-id="{enterprise.id}"' in desk.get("/curation/identity").get_data(
        as_text=True
    )
    screen = desk.get(f"/curation/identity/{enterprise.id}?lang=en").get_data(as_text=True)
    assert "1234567890123" in screen and "npwp.png" in screen
    assert desk.get(f"/curation/documents/{document_id}").status_code == 200
    assert shop.get(f"/curation/documents/{document_id}").status_code == 200
    # A stranger cannot read the certificate.
    stranger = sign_in(factory.user("sme"))
    assert stranger.get(f"/curation/documents/{document_id}").status_code == 404
    # Rejecting needs a note.
    response = desk.post(f"/curation/identity/{enterprise.id}?lang=en", data={"decision": "reject"})
    assert response.status_code == 422
    assert "Say what is wrong" in response.get_data(as_text=True)
    assert (
        desk.post(f"/curation/identity/{enterprise.id}", data={"decision": "verify"}).status_code
        == 302
    )
    with app.app_context():
        row = db.session.get(Enterprise, enterprise.id)
        assert row.verification_status == "verified" and row.verified_by_id == curator.id
        assert db.session.scalar(select(Notification.kind)) == "identity_verified"
    assert 'data-testid="verified-badge"' in client.get("/e/kopi-sapan").get_data(as_text=True)
    assert 'data-testid="verified-badge"' in client.get("/p/kopi-terverifikasi").get_data(
        as_text=True
    )


def test_only_the_owner_uploads_and_curators_never_verify_their_own(app, factory, sme, sign_in):
    owner, enterprise = sme
    staff = db.session.scalar(select(User).where(User.email == "staff@kopisapan.id"))
    assert upload(sign_in(staff), "nib", png()).status_code == 403
    insider = factory.user("curator")
    with app.app_context():
        db.session.add(Membership(enterprise_id=enterprise.id, user_id=insider.id, role="staff"))
        db.session.commit()
    desk = sign_in(insider)
    assert (
        desk.post(f"/curation/identity/{enterprise.id}", data={"decision": "verify"}).status_code
        == 403
    )
