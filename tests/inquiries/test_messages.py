"""Messages: read state and unread counts, e-mails, plain-text links, moderation, rate limits."""

from sqlalchemy import func, select

from trading_house.extensions import db
from trading_house.inquiries.models import Block, Message, Participant, Report


def _unread_badge(browser) -> str | None:
    page = browser.get("/inquiries/?box=buyer").get_data(as_text=True)
    marker = 'data-testid="unread-count">'
    if marker not in page:
        return None
    return page.split(marker, 1)[1].split("<", 1)[0]


def test_unread_counts_and_read_state(cast, start_thread, browser_for):
    inquiry = start_thread()
    owner = browser_for(cast.owner)
    assert _unread_badge(owner) == "1"
    # reading the page writes nothing (no write on GET): the count stays until the POST
    page = owner.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "js-mark-read" in page
    assert _unread_badge(owner) == "1"
    response = owner.post(f"/inquiries/{inquiry.id}/read", headers={"Accept": "application/json"})
    assert response.get_json() == {"unread": 0}
    assert _unread_badge(owner) is None
    # the buyer sees that the seller has read the message
    buyer = browser_for(cast.buyer)
    view = buyer.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "✓✓ Seen" in view
    # the other member of the enterprise has not read it yet
    assert _unread_badge(browser_for(cast.staff)) == "1"
    # an answer makes the buyer's badge light up
    owner.post(f"/inquiries/{inquiry.id}/messages", data={"body": "Terima kasih!"})
    assert _unread_badge(buyer) == "1"
    assert "✓ Sent" in owner.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)


def test_links_and_markup_in_messages_stay_text(cast, start_thread, browser_for):
    inquiry = start_thread()
    buyer = browser_for(cast.buyer)
    evil = (
        '<script>alert(1)</script> see https://evil.example/x and <a href="https://x.example">x</a>'
    )
    buyer.post(f"/inquiries/{inquiry.id}/messages", data={"body": evil})
    page = browser_for(cast.owner).get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert 'href="https://evil.example' not in page and 'href="https://x.example' not in page
    assert "https://evil.example/x" in page


def test_one_email_per_burst_of_messages(cast, start_thread, browser_for, outbox):
    inquiry = start_thread()
    owner = browser_for(cast.owner)
    owner.post(f"/inquiries/{inquiry.id}/read")
    buyer = browser_for(cast.buyer)
    for body in ("First point.", "Second point.", "Third point."):
        buyer.post(f"/inquiries/{inquiry.id}/messages", data={"body": body})
    mails = [m for m in outbox(cast.owner.email) if m.subject.startswith("New message")]
    assert len(mails) == 1 and "First point." in mails[0].body_text
    owner.post(f"/inquiries/{inquiry.id}/read")
    buyer.post(f"/inquiries/{inquiry.id}/messages", data={"body": "Fourth point."})
    mails = [m for m in outbox(cast.owner.email) if m.subject.startswith("New message")]
    assert len(mails) == 2


def test_emails_go_out_in_each_readers_language(cast, start_thread, send_quotation, outbox, app):
    cast.buyer.preferred_language = "id"
    db.session.commit()
    send_quotation(start_thread())
    mail = outbox(cast.buyer.email)[-1]
    assert "US$2.500,00" in mail.body_text  # Indonesian number format for an Indonesian reader


def test_curators_read_join_and_write(cast, start_thread, browser_for, outbox):
    inquiry = start_thread()
    curator = browser_for(cast.curator)
    page = curator.get(f"/inquiries/{inquiry.id}").get_data(as_text=True)
    assert "Join this conversation" in page
    curator.post(f"/inquiries/{inquiry.id}/join")
    assert (
        db.session.scalar(select(Participant.role).where(Participant.user_id == cast.curator.id))
        == "staff"
    )
    browser_for(cast.buyer).post(f"/inquiries/{inquiry.id}/messages", data={"body": "Update?"})
    assert any("Update?" in m.body_text for m in outbox(cast.curator.email))
    curator.post(f"/inquiries/{inquiry.id}/messages", data={"body": "We are checking."})
    message = db.session.scalar(select(Message).order_by(Message.id.desc()))
    assert message.sender_role == "staff"
    assert "Rumah Dagang" in browser_for(cast.buyer).get(f"/inquiries/{inquiry.id}").get_data(
        as_text=True
    )


def test_report_close_and_block(cast, start_thread, browser_for, outbox):
    inquiry = start_thread(message="Buy cheap watches at https://spam.example")
    owner = browser_for(cast.owner)
    reported = owner.post(f"/inquiries/{inquiry.id}/report", data={"reason": "This is spam."})
    assert reported.status_code == 302
    assert any("reported" in m.subject for m in outbox(cast.curator.email))
    curator = browser_for(cast.curator)
    assert f'data-thread="{inquiry.id}"' in curator.get(
        "/inquiries/?box=staff&reported=1"
    ).get_data(as_text=True)
    # only staff close and block
    assert owner.post(f"/inquiries/{inquiry.id}/close").status_code == 404
    assert (
        owner.post(f"/inquiries/{inquiry.id}/block", data={"user_id": cast.buyer.id}).status_code
        == 404
    )
    curator.post(f"/inquiries/{inquiry.id}/close", data={"note": "spam"})
    curator.post(f"/inquiries/{inquiry.id}/block", data={"user_id": cast.buyer.id})
    db.session.expire_all()
    assert inquiry.status == "closed"
    assert db.session.scalar(select(Report.resolved_at)) is not None
    assert db.session.scalar(select(Block.user_id)) == cast.buyer.id

    buyer = browser_for(cast.buyer)
    refused = buyer.post(
        f"/inquiries/{inquiry.id}/messages", data={"body": "Hello?"}, follow_redirects=True
    )
    assert "Your account may not send inquiries or messages." in refused.get_data(as_text=True)
    again = buyer.post(
        f"/inquiries/ask/{cast.product.id}",
        data={
            "quantity": "200",
            "unit": "kg",
            "destination": "JP",
            "incoterm": "FOB",
            "date_needed": "2099-01-01",
            "message": "Again",
            "target_currency": "USD",
        },
    )
    assert again.status_code == 422
    assert "Your account may not send" in again.get_data(as_text=True)
    # nobody writes in a closed thread
    closed = owner.post(f"/inquiries/{inquiry.id}/messages", data={"body": "Still there?"})
    assert closed.status_code == 422 and "This conversation is closed." in closed.get_data(
        as_text=True
    )
    # staff cannot be blocked, people outside the thread cannot be blocked from it
    curator.post(f"/inquiries/{inquiry.id}/block", data={"user_id": cast.other_buyer.id})
    assert db.session.scalar(select(func.count(Block.id))) == 1
    # the moderation page lists the block and lifts it
    block = db.session.scalar(select(Block))
    assert "kenji@example.jp" in curator.get("/inquiries/moderation").get_data(as_text=True)
    curator.post(f"/inquiries/blocks/{block.id}/remove")
    assert db.session.scalar(select(func.count(Block.id))) == 0


def test_messages_are_rate_limited_per_user(cast, start_thread, browser_for, limits_on):
    inquiry = start_thread()
    buyer = browser_for(cast.buyer, target_app=limits_on)
    codes = [
        buyer.post(f"/inquiries/{inquiry.id}/messages", data={"body": f"Message {n}"}).status_code
        for n in range(4)
    ]
    assert codes == [302, 302, 302, 429]
    # another user from the same address still has their own budget (the IP limit is higher)
    owner = browser_for(cast.owner, target_app=limits_on)
    assert owner.post(f"/inquiries/{inquiry.id}/messages", data={"body": "Hi"}).status_code == 302
    # and the per-IP budget stops a crowd of accounts from one address
    staff = browser_for(cast.staff, target_app=limits_on)
    assert staff.post(f"/inquiries/{inquiry.id}/messages", data={"body": "Hi"}).status_code == 429
