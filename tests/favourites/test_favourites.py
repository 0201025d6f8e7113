"""Saving products and businesses, lists, and read-only share links."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.reviews.helpers import Shop
from trading_house.extensions import db
from trading_house.favourites.models import FavouriteItem, FavouriteList


@pytest.fixture
def shop(app, factory):
    return Shop(factory)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_a_buyer_saves_a_product_and_sees_it_in_saved(shop, factory, client, login):
    buyer = factory.user("buyer")
    login(buyer)
    page = _text(client.get(f"/p/{shop.coffee.slug}"))
    assert "Save for later" in page
    response = client.post(
        f"/favourites/products/{shop.coffee.id}",
        data={"action": "save", "next": f"/p/{shop.coffee.slug}"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(shop.coffee.slug)
    assert "Saved to “Saved”." in _text(client.get(f"/p/{shop.coffee.slug}"))
    lists = _text(client.get("/favourites"))
    assert "Saved" in lists and "1 item" in lists
    # saving twice changes nothing
    client.post(f"/favourites/products/{shop.coffee.id}", data={"action": "save"})
    assert db.session.query(FavouriteItem).count() == 1
    client.post(f"/favourites/products/{shop.coffee.id}", data={"action": "unsave"})
    assert db.session.query(FavouriteItem).count() == 0


def test_save_when_signed_out_signs_in_and_comes_back_to_the_product(shop, factory, client):
    """The button's address answers POSTs only: coming back to it after signing in was a
    "Not allowed" page. It comes back to the product, where the person saves it."""
    product_page = f"/p/{shop.coffee.slug}"
    page = client.get(product_page).get_data(as_text=True)
    form = re.search(r'data-testid="save-product".*?</form>', page, re.S).group(0)
    next_value = re.search(r'name="next" value="([^"]+)"', form).group(1)
    response = client.post(
        f"/favourites/products/{shop.coffee.id}", data={"action": "save", "next": next_value}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=%2Fp%2F{shop.coffee.slug}"
    buyer = factory.user("buyer")
    signed_in = client.post(
        response.headers["Location"], data={"email": buyer.email, "password": PASSWORD}
    )
    assert signed_in.headers["Location"] == product_page
    assert "Save for later" in _text(client.get(product_page))
    assert db.session.query(FavouriteItem).count() == 0  # nothing saved behind their back
    # Without a form field, the page the form was on (the referrer) is where they come back.
    client.post("/logout")
    response = client.post(
        f"/favourites/products/{shop.coffee.id}",
        headers={"Referer": f"http://localhost{product_page}"},
    )
    assert response.headers["Location"] == f"/login?next=%2Fp%2F{shop.coffee.slug}"
    # An address of another site is never where anyone is sent.
    response = client.post(
        f"/favourites/products/{shop.coffee.id}", data={"next": "//evil.example/x"}
    )
    assert "evil" not in response.headers["Location"]


def test_an_open_redirect_is_not_followed(shop, factory, client, login):
    login(factory.user("buyer"))
    response = client.post(
        f"/favourites/products/{shop.coffee.id}", data={"next": "//evil.example/x"}
    )
    assert response.headers["Location"].endswith("/favourites")


def test_a_draft_product_cannot_be_saved(shop, factory, client, login):
    draft = factory.product(shop.enterprise, category=shop.category, status="draft")
    login(factory.user("buyer"))
    assert client.post(f"/favourites/products/{draft.id}").status_code == 404
    assert db.session.query(FavouriteItem).count() == 0


def test_a_list_shared_read_only_then_unshared(shop, factory, client, login, app):
    buyer = factory.user("buyer")
    login(buyer)
    created = client.post("/favourites/lists", data={"name": "Oleh-oleh Surabaya"})
    assert created.status_code == 302
    favourites = db.session.query(FavouriteList).filter_by(name="Oleh-oleh Surabaya").one()
    client.post(f"/favourites/products/{shop.coffee.id}", data={"list_id": str(favourites.id)})
    client.post(
        f"/favourites/enterprises/{shop.enterprise.id}", data={"list_id": str(favourites.id)}
    )
    client.post(f"/favourites/lists/{favourites.id}/share", data={"action": "start"})
    db.session.refresh(favourites)
    token = favourites.share_token
    assert token
    colleague = app.test_client()
    shared = colleague.get(f"/shared/lists/{token}")
    text = _text(shared)
    assert (
        shared.status_code == 200 and "Toraja Arabica" in text and "Kopi Toraja Sejahtera" in text
    )
    assert "Remove" not in text and "read-only" in text
    assert shared.headers["X-Robots-Tag"] == "noindex"
    # The colleague cannot change it, even signed in.
    login(factory.user("buyer"), target=colleague)
    assert colleague.get(f"/favourites/lists/{favourites.id}").status_code == 404
    item = favourites.items[0]
    assert (
        colleague.post(f"/favourites/lists/{favourites.id}/items/{item.id}/remove").status_code
        == 404
    )
    client.post(f"/favourites/lists/{favourites.id}/share", data={"action": "stop"})
    assert app.test_client().get(f"/shared/lists/{token}").status_code == 404


def test_bad_list_names_are_explained(shop, factory, client, login):
    login(factory.user("buyer"))
    empty = client.post("/favourites/lists", data={"name": "   "})
    assert empty.status_code == 422 and "Give the list a name." in _text(empty)
    long = client.post("/favourites/lists", data={"name": "x" * 81})
    assert long.status_code == 422
    assert db.session.query(FavouriteList).count() == 0


def test_the_saved_list_cannot_be_deleted(shop, factory, client, login):
    buyer = factory.user("buyer")
    login(buyer)
    client.post(f"/favourites/products/{shop.coffee.id}")
    saved = db.session.query(FavouriteList).one()
    response = client.post(f"/favourites/lists/{saved.id}/delete", follow_redirects=True)
    assert "cannot be deleted" in _text(response)
    assert db.session.query(FavouriteList).count() == 1


def test_the_saved_list_is_named_in_the_readers_language_until_renamed(
    shop, factory, client, login
):
    """It was stored in the language of the day it was made: an English reader was told
    "Saved to “Tersimpan”"."""
    login(factory.user("buyer"))
    client.get("/?lang=id")
    saved = client.post(
        f"/favourites/products/{shop.coffee.id}", data={"action": "save"}, follow_redirects=True
    )
    assert "Disimpan ke “Tersimpan”." in _text(saved)
    client.get("/?lang=en")
    again = client.post(
        f"/favourites/products/{shop.coffee.id}", data={"action": "unsave"}, follow_redirects=True
    )
    assert "Removed from “Saved”." in _text(again)
    favourites = db.session.query(FavouriteList).one()
    assert "Tersimpan" not in _text(client.get("/favourites"))
    page = _text(client.get(f"/favourites/lists/{favourites.id}"))
    assert 'data-testid="list-name">Saved<' in page
    # The rename form starts from the name shown, not the stored one.
    name_field = page.split('name="name"')[1].split(">")[0]
    assert 'value="Saved"' in name_field, name_field
    client.post(f"/favourites/lists/{favourites.id}/rename", data={"name": "Kopi kantor"})
    for language in ("en", "id"):
        page = _text(client.get(f"/favourites/lists/{favourites.id}?lang={language}"))
        assert 'data-testid="list-name">Kopi kantor<' in page
