"""Partner API keys: made by an owner and shown once, stored hashed, scoped, revocable,
rate-limited; the partner endpoints answer only with the key's own organisation's data."""

import hashlib

from sqlalchemy import select

from tests.accounts.conftest import limited_app, limited_client  # noqa: F401
from tests.wholesale.conftest import key as form_key
from trading_house.extensions import db
from trading_house.wholesale import keys, ordering
from trading_house.wholesale.models import ApiKey


def _make(wholesale, scopes=("orders", "invoices", "catalog")):
    member = wholesale.organisation.members[0]
    api_key, text = keys.create_key(
        wholesale.organisation, actor_member=member, name="Stock system", scopes=list(scopes)
    )
    db.session.commit()
    return api_key, text


def _get(client, path, text):
    return client.get(f"/api/v1/partner/{path}", headers={"Authorization": f"Bearer {text}"})


def test_an_owner_makes_a_key_shown_once_and_stored_hashed(app, wholesale, login, client):
    login(wholesale.owner)
    response = client.post(
        "/wholesale/api-keys", data={"name": "Stock system", "scopes": ["orders", "catalog"]}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    stored = db.session.scalar(select(ApiKey))
    text = page.split('data-testid="key-text">', 1)[1].split("<", 1)[0]
    assert text.startswith(f"rdk_{stored.prefix}_")
    secret = text.split("_", 2)[2]
    assert stored.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(stored.__dict__)
    assert text not in client.get("/wholesale/api-keys").get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]


def test_keys_need_a_name_and_a_scope_and_only_owners_make_them(app, wholesale, login, client):
    login(wholesale.owner)
    response = client.post("/wholesale/api-keys", data={"name": "x"})
    assert response.status_code == 422
    accountant = app.test_client()
    login(wholesale.accountant, target=accountant)
    assert accountant.get("/wholesale/api-keys").status_code == 404


def test_the_partner_reads_its_own_orders_invoices_and_prices(app, wholesale, client):
    ordering.place_wholesale_order(
        wholesale.owner,
        quantities={wholesale.shop.coffee.id: 12},
        on_terms=True,
        idempotency_key=form_key(),
        locale="en",
    )
    db.session.commit()
    _key, text = _make(wholesale)
    orders = _get(client, "orders", text)
    assert orders.status_code == 200
    assert orders.headers["Cache-Control"] == "private, no-store"
    assert orders.get_json()["items"][0]["total_minor"] == 12 * 74800
    invoices = _get(client, "invoices", text).get_json()["items"]
    assert invoices[0]["due_on"] and invoices[0]["amount_minor"] == 12 * 74800
    catalog = _get(client, "catalog", text).get_json()["items"]
    coffee = next(item for item in catalog if item["product_id"] == wholesale.shop.coffee.id)
    assert (coffee["unit_price_minor"], coffee["case_pack"], coffee["min_quantity"]) == (
        74800,
        6,
        12,
    )


def test_scopes_revocation_and_bad_keys(app, wholesale, client):
    api_key, text = _make(wholesale, scopes=("catalog",))
    assert _get(client, "catalog", text).status_code == 200
    assert _get(client, "orders", text).status_code == 403
    assert _get(client, "orders", text[:-2] + "xx").status_code == 401
    assert client.get("/api/v1/partner/orders").status_code == 401
    keys.revoke_key(
        wholesale.organisation, actor_member=wholesale.organisation.members[0], key_id=api_key.id
    )
    db.session.commit()
    assert _get(client, "catalog", text).status_code == 401


def test_a_suspended_organisations_key_stops_working(app, wholesale, client):
    _key, text = _make(wholesale, scopes=("catalog",))
    from trading_house.wholesale import services

    services.suspend_organisation(wholesale.organisation, actor=wholesale.admin)
    db.session.commit()
    assert _get(client, "catalog", text).status_code == 401


def test_each_key_is_rate_limited(app, wholesale, limited_client):  # noqa: F811
    """120 requests a minute per key; another key has its own count."""
    _key, text = _make(wholesale, scopes=("catalog",))
    _other, other_text = _make(wholesale, scopes=("catalog",))
    statuses = [_get(limited_client, "catalog", text).status_code for _ in range(121)]
    assert statuses[:120] == [200] * 120
    assert statuses[120] == 429
    refused = _get(limited_client, "catalog", text)
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert _get(limited_client, "catalog", other_text).status_code == 200
