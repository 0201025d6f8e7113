"""Net terms: an order on terms is invoiced and released for shipping, the credit limit holds,
paying the invoice frees the credit, reminders go out once, the overdue view lists it."""

from datetime import timedelta

from sqlalchemy import select

from tests.wholesale.conftest import key
from trading_house.core.clock import business_today
from trading_house.core.models import OutboxEmail
from trading_house.extensions import db
from trading_house.wholesale import invoices, ordering
from trading_house.wholesale.models import BuyerOrganisation, Invoice


def _order(wholesale, quantity=12, user=None):
    order, _created = ordering.place_wholesale_order(
        user or wholesale.owner,
        quantities={wholesale.shop.coffee.id: quantity},
        on_terms=True,
        idempotency_key=key(),
        locale="en",
    )
    db.session.commit()
    return order


def test_an_order_on_terms_is_invoiced_due_in_thirty_days_and_goes_to_the_seller(
    app, wholesale, login, client
):
    login(wholesale.owner)
    coffee = wholesale.shop.coffee.id
    client.get("/wholesale/catalog")
    response = client.post(
        "/wholesale/order",
        data={f"qty-{coffee}": "12", "on_terms": "y", "idempotency_key": key()},
    )
    assert response.status_code == 302
    invoice = db.session.scalar(select(Invoice))
    assert invoice.amount_idr == 12 * 74800
    assert invoice.due_on == business_today() + timedelta(days=30)
    assert invoice.order.status == "paid"  # released to the enterprise for shipping
    assert invoice.order.payment_method == "net_terms"
    db.session.expire_all()
    assert db.session.get(BuyerOrganisation, wholesale.organisation.id).credit_used_idr == 897600
    page = client.get("/wholesale/invoices").get_data(as_text=True)
    assert invoice.number in page and "IDR\u00a0897,600" in page
    accountant = app.test_client()
    login(wholesale.accountant, target=accountant)
    assert invoice.number in accountant.get("/wholesale/invoices").get_data(as_text=True)


def test_the_credit_limit_refuses_an_order_that_would_pass_it(app, wholesale, login, client):
    _order(wholesale, quantity=60)  # 4.488.000 of 5.000.000
    login(wholesale.owner)
    response = client.post(
        "/wholesale/order",
        data={f"qty-{wholesale.shop.coffee.id}": "12", "on_terms": "y", "idempotency_key": key()},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "more than the credit still available" in page
    assert "IDR\u00a0512,000" in page
    assert len(db.session.scalars(select(Invoice)).all()) == 1


def test_the_same_form_twice_is_one_order(app, wholesale):
    same = key()
    first, created = ordering.place_wholesale_order(
        wholesale.owner,
        quantities={wholesale.shop.coffee.id: 12},
        on_terms=True,
        idempotency_key=same,
        locale="en",
    )
    db.session.commit()
    again, created_again = ordering.place_wholesale_order(
        wholesale.owner,
        quantities={wholesale.shop.coffee.id: 12},
        on_terms=True,
        idempotency_key=same,
        locale="en",
    )
    assert (created, created_again, again.id) == (True, False, first.id)
    assert len(db.session.scalars(select(Invoice)).all()) == 1


def test_without_net_terms_an_order_on_terms_is_refused(app, wholesale, login, client):
    wholesale.organisation.net_terms_days = 0
    db.session.commit()
    login(wholesale.owner)
    response = client.post(
        "/wholesale/order",
        data={f"qty-{wholesale.shop.coffee.id}": "12", "on_terms": "y", "idempotency_key": key()},
    )
    assert response.status_code == 422
    assert "no net terms" in response.get_data(as_text=True)


def test_paying_the_invoice_frees_the_credit_once(app, wholesale, login, client):
    order = _order(wholesale)
    invoice = ordering.invoice_of(order)
    login(wholesale.admin)
    url = f"/admin/wholesale/invoices/{invoice.id}/paid"
    assert client.post(url, data={"reference": ""}).status_code == 422
    assert client.post(url, data={"reference": "BCA 0512-7781"}).status_code == 302
    second = client.post(url, data={"reference": "BCA 0512-7781"})
    assert second.status_code == 422
    assert "not possible any more" in second.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Invoice, invoice.id).is_paid
    assert db.session.get(BuyerOrganisation, wholesale.organisation.id).credit_used_idr == 0


def test_the_overdue_view_lists_only_invoices_past_due(app, wholesale, login, client):
    late = ordering.invoice_of(_order(wholesale))
    late.issued_on = business_today() - timedelta(days=45)
    late.due_on = business_today() - timedelta(days=15)
    current = ordering.invoice_of(_order(wholesale))
    db.session.commit()
    login(wholesale.admin)
    page = client.get("/admin/wholesale/invoices?overdue=1&lang=en").get_data(as_text=True)
    assert late.number in page and "Overdue by 15 days" in page
    assert current.number not in page
    assert current.number in client.get("/admin/wholesale/invoices").get_data(as_text=True)


def test_reminders_go_to_owners_and_accountants_once_per_period(app, wholesale):
    invoice = ordering.invoice_of(_order(wholesale))
    today = business_today()
    assert invoices.send_reminders(today) == 0  # due in 30 days: too early
    invoice.issued_on = today - timedelta(days=31)
    invoice.due_on = today - timedelta(days=1)
    db.session.commit()
    assert invoices.send_reminders(today) == 1
    db.session.commit()
    assert invoices.send_reminders(today) == 0  # the same day again: nothing
    assert invoices.send_reminders(today + timedelta(days=1)) == 0  # within the period
    db.session.commit()
    mails = db.session.scalars(
        select(OutboxEmail).where(OutboxEmail.subject.contains(invoice.number))
    ).all()
    assert sorted(m.recipient for m in mails) == [wholesale.accountant.email, wholesale.owner.email]
    assert all("overdue" in m.subject for m in mails)
