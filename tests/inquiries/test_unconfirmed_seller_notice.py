"""Issue #15: an SME with an unconfirmed e-mail learns before it types that it cannot answer."""

from trading_house.extensions import db


def test_the_thread_tells_an_unconfirmed_seller_before_the_form(client, login, cast, start_thread):
    inquiry = start_thread()
    cast.owner.email_verified_at = None
    db.session.commit()
    login(cast.owner)
    body = client.get(f"/inquiries/{inquiry.id}?lang=en").get_data(as_text=True)
    assert 'data-testid="verify-first"' in body
    assert "Confirm your e-mail address (owner@kopi.id) to answer this buyer" in body
    assert 'data-testid="verify-first-resend"' in body
    assert 'data-testid="message-form"' not in body
