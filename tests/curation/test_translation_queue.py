"""Issue #15: missing English texts of published listings are a small queue for curators, who
translate them here; meanwhile English readers see the Indonesian text with a language label."""

from sqlalchemy import select

from trading_house.catalog.models import Product
from trading_house.core.models import AuditEntry
from trading_house.extensions import db

ENGLISH = (
    "Arabica coffee from the Sapan slopes of North Toraja, red-cherry picked, honey processed "
    "and medium roasted by members of the cooperative."
)


def test_published_listings_without_english_are_queued_and_translated(
    client, login, curator, make_listing
):
    missing = make_listing(status="approved", name_english="", description_english="")
    complete = make_listing(status="approved", sku="DONE-1")
    draft = make_listing(status="draft", sku="DRAFT-1", description_english="")

    # A buyer reading English sees the original with a clear label until then.
    page = client.get(f"/p/{missing.slug}?lang=en").get_data(as_text=True)
    assert "Written in Indonesian — no English translation yet." in page

    login(curator)
    body = client.get("/curation/translations?lang=en").get_data(as_text=True)
    assert f'data-product-id="{missing.id}"' in body
    assert f'data-product-id="{complete.id}"' not in body
    assert f'data-product-id="{draft.id}"' not in body  # drafts are the SME's own work
    assert "English description missing" in body

    form = client.get(f"/curation/translations/{missing.id}?lang=en").get_data(as_text=True)
    assert missing.description_indonesian in form
    response = client.post(
        f"/curation/translations/{missing.id}?lang=en",
        data={
            "name_english": "Sapan Arabica Coffee 250 g",
            "description_english": ENGLISH,
            "materials_english": "Arabica coffee beans",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    product = db.session.get(Product, missing.id)
    assert product.description_english == ENGLISH
    assert product.materials_english == "Arabica coffee beans"
    assert db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "curation.translation_added")
    )
    page = client.get(f"/p/{missing.slug}?lang=en").get_data(as_text=True)
    assert ENGLISH in page and "no English translation yet" not in page
    body = client.get("/curation/translations?lang=en").get_data(as_text=True)
    assert f'data-product-id="{missing.id}"' not in body


def test_a_bad_translation_is_refused_with_the_reason_and_kept(
    client, login, curator, make_listing
):
    listing = make_listing(status="approved", name_english="", description_english="")
    login(curator)
    response = client.post(
        f"/curation/translations/{listing.id}?lang=en",
        data={"name_english": "Coffee", "description_english": "Too short."},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Write at least 80 characters (now 10)." in body
    assert "Too short." in body  # nothing typed is lost
    contact = ENGLISH + " Order on WhatsApp 0812 3456 7890."
    response = client.post(
        f"/curation/translations/{listing.id}?lang=en",
        data={"name_english": "Coffee", "description_english": contact},
    )
    assert response.status_code == 422
    assert "phone number" in response.get_data(as_text=True)


def test_only_staff_use_the_queue(client, login, sme, make_listing):
    listing = make_listing(status="approved", description_english="")
    login(sme[0])
    assert client.get("/curation/translations").status_code == 403
    assert client.get(f"/curation/translations/{listing.id}").status_code == 403
