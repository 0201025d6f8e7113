"""Pre-checks: what blocks a submission, what only warns, and where the SME sees it."""

from types import SimpleNamespace

import pytest

from trading_house.catalog.models import Category, Product
from trading_house.curation import prechecks
from trading_house.curation.content import content_of
from trading_house.extensions import db


def photo(width=1200, height=900, alt="foto"):
    return SimpleNamespace(width=width, height=height, alt_text=alt)


def codes(report, blocking=None):
    return {
        (p.code, p.field) for p in report.problems if blocking is None or p.blocking == blocking
    }


@pytest.fixture
def coffee(ctx, categories):
    return db.session.get(Category, categories["kopi-arabika"])


@pytest.fixture
def content(ctx, make_listing):
    return content_of(make_listing())


def test_a_complete_listing_passes(content, coffee):
    report = prechecks.check_listing(content, [photo(), photo(), photo()], coffee)
    assert report.ok and report.problems == []


def test_three_photos_of_1000_px_are_needed(content, coffee):
    report = prechecks.check_listing(content, [photo(), photo(), photo(999, 800)], coffee)
    assert ("photos_too_few", "photos") in codes(report, blocking=True)
    assert ("photos_small", "photos") in codes(report, blocking=False)
    message = str(report.blocking[0].message)
    assert "at least 3 photos" in message and "1000 pixels" in message and "(now 2)" in message
    # The long side counts: a 1000 × 600 photo is fine.
    assert prechecks.check_listing(content, [photo(1000, 600)] * 3, coffee).ok


def test_descriptions_of_a_useful_length(content, coffee):
    content = dict(content, description_english="Good coffee.", description_indonesian="")
    report = prechecks.check_listing(content, [photo()] * 3, coffee)
    assert ("description_short", "description_indonesian") in codes(report, blocking=True)
    # A short English text advises for a domestic listing (issue #15: English is optional) ...
    assert ("description_short", "description_english") in codes(report, blocking=False)
    assert "(now 12)" in str(report.by_field()["description_english"][0].message)


def test_english_blocks_only_an_export_listing(content, coffee):
    """Issue #15: the form called English optional and the pre-check then demanded 80
    characters. A domestic listing goes ahead (a translation task); an export one needs it."""
    domestic = dict(content, description_english="", export_moq=None)
    report = prechecks.check_listing(domestic, [photo()] * 3, coffee)
    assert report.ok
    assert ("description_english_missing", "description_english") in codes(report, False)
    export = dict(domestic, export_moq=50)
    report = prechecks.check_listing(export, [photo()] * 3, coffee)
    assert ("description_short", "description_english") in codes(report, blocking=True)


def test_price_and_category_required_fields(content, coffee):
    content = dict(content, retail_price_idr=None, hs_code=None, weight_grams=None)
    report = prechecks.check_listing(content, [photo()] * 3, coffee)
    blocking = codes(report, blocking=True)
    assert ("price_missing", "retail_price_idr") in blocking
    assert ("required_hs_code", "hs_code") in blocking
    assert ("required_weight_grams", "weight_grams") in blocking


def test_an_export_minimum_order_needs_hs_code_and_weight_in_any_category(ctx, categories, content):
    decor = db.session.get(Category, categories["hiasan-dinding"])
    plain = dict(content, hs_code=None, weight_grams=None, export_moq=None)
    assert prechecks.check_listing(plain, [photo()] * 3, decor).ok
    export = dict(plain, export_moq=100)
    blocking = codes(prechecks.check_listing(export, [photo()] * 3, decor), blocking=True)
    assert {("required_hs_code", "hs_code"), ("required_weight_grams", "weight_grams")} <= blocking


def test_warnings_do_not_block(content, coffee):
    content = dict(content, name_english="")
    report = prechecks.check_listing(content, [photo(alt="")] * 3, coffee)
    assert report.ok
    assert {("name_english_missing", "name_english"), ("photos_alt_text", "photos")} <= codes(
        report, blocking=False
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pesan di 0812-3456-7890 ya", "contact_phone"),
        ("Hubungi +62 812 3456 7890", "contact_phone"),
        ("WA 0812.3456.7890", "contact_phone"),
        ("telepon (0411) 852 123", "contact_phone"),
        ("call 6281234567890 now", "contact_phone"),
        ("kirim ke kopi.sapan@gmail.com", "contact_email"),
        ("email kopisapan [at] gmail [dot] com", "contact_email"),
        ("chat https://wa.me/6281234567890", "contact_whatsapp"),
        ("order via wa.me/62812345", "contact_whatsapp"),
        ("see instagram.com/kopisapan", "contact_social"),
        ("follow IG: @kopi_sapan", "contact_instagram"),
        ("instagram kopisapan", "contact_instagram"),
        ("cek @kopisapan.toraja untuk promo", "contact_instagram"),
        ("shop at tokopedia.com/kopisapan", "contact_social"),
    ],
)
def test_contact_details_are_found(ctx, text, code):
    found = prechecks.find_contact_details(text)
    assert code in [c for c, _m in found], found
    assert all("“" in message for _c, message in found)  # the finding is quoted back


@pytest.mark.parametrize(
    "text",
    [
        "HS 0901.11.10, berat 250 g, harga Rp 85.000",
        "Ukuran 30 x 20 x 10 cm, isi 1000 ml, produksi sejak 2019-2024",
        "Minimum order 500 pcs; 12 x 250 g per carton",
        "Tenun ikat 100% katun, panjang 200 cm",
        "HS code 0901.21.20.00 for roasted coffee",
        "Instant Coto Makassar spice mix",  # "Insta" + "nt" is not an Instagram account
    ],
)
def test_ordinary_numbers_are_not_contact_details(ctx, text):
    assert prechecks.find_contact_details(text) == []


def test_contact_details_block_with_the_field_named(content, coffee):
    content = dict(content, description_english=content["description_english"] + " WA 081234567890")
    report = prechecks.check_listing(content, [photo()] * 3, coffee)
    assert ("contact_phone", "description_english") in codes(report, blocking=True)


def test_the_sme_sees_the_checks_on_the_edit_page_and_cannot_submit(
    client, login, sme, make_listing, app
):
    product = make_listing(photos=1, description_english="Too short.")
    login(sme[0])
    page = client.get(f"/business/products/{product.id}/edit?lang=en").get_data(as_text=True)
    assert 'data-testid="prechecks-blocking"' in page
    assert "at least 3 photos" in page
    assert 'data-field-note="description_english"' in page
    assert "disabled" in page.split('data-testid="submit-product"')[1][:40]
    # Both routes refuse: curation's button and the catalog's own endpoint.
    for url in (
        f"/business/products/{product.id}/send-for-review",
        f"/business/products/{product.id}/submit",
    ):
        response = client.post(url, follow_redirects=True)
        assert response.status_code == 200
        assert "not ready yet" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Product, product.id).status == "draft"


def test_a_ready_listing_is_submitted(client, login, sme, make_listing, app):
    product = make_listing()
    login(sme[0])
    page = client.get(f"/business/products/{product.id}/edit?lang=en").get_data(as_text=True)
    assert 'data-testid="prechecks-ok"' in page
    response = client.post(f"/business/products/{product.id}/send-for-review")
    assert response.status_code == 302
    with app.app_context():
        product = db.session.get(Product, product.id)
        assert product.status == "submitted"
        assert [e.to_status for e in product.events] == ["submitted"]


def test_the_preview_shows_the_checks_too(client, login, sme, make_listing):
    product = make_listing(photos=2)
    login(sme[0])
    page = client.get(f"/business/products/{product.id}/preview?lang=en").get_data(as_text=True)
    assert 'data-testid="curation-notice"' in page and "at least 3 photos" in page
