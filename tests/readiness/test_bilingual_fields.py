"""Issue #15: issuing bodies in both languages — each reader sees their own, else the other
with a small language label; the admin forms save both and refuse over-long text."""

from sqlalchemy import select

from trading_house.catalog.seed import seed_categories
from trading_house.extensions import db
from trading_house.readiness.defaults import ENTERPRISE_ITEMS
from trading_house.readiness.defaults_product import PRODUCT_ITEMS
from trading_house.readiness.defaults_rules import DEFAULT_RULES
from trading_house.readiness.destinations import add_rule
from trading_house.readiness.models import ChecklistItem, DestinationRule
from trading_house.readiness.services import load_default

BARANTIN_EN = "Indonesian Quarantine Authority — Barantin (Badan Karantina Indonesia), Makassar"
BARANTIN_ID = "Badan Karantina Indonesia — Barantin, Makassar"


def test_every_default_names_its_issuing_body_in_both_languages():
    for spec in ENTERPRISE_ITEMS + PRODUCT_ITEMS + DEFAULT_RULES:
        code = spec.get("code") or spec["document_code"]
        assert spec["issuing_body"].strip() and spec["issuing_body_english"].strip(), code
    nib = next(s for s in ENTERPRISE_ITEMS if s["code"] == "ent.nib")
    assert nib["issuing_body"] == "OSS RBA — Kementerian Investasi/BKPM"
    assert "Ministry of Investment" in nib["issuing_body_english"]


def _coffee(ctx, factory):
    categories = seed_categories()
    db.session.commit()
    load_default()
    db.session.commit()
    return factory.product(
        factory.enterprise(),
        category=categories["kopi-teh"],
        hs_code="09011110",
        name_indonesian="Kopi Toraja",
        name_english="Toraja coffee",
    )


def _documents(client, product, lang):
    response = client.get(f"/p/{product.slug}?lang={lang}&destination=MY")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_buyer_reads_the_issuing_body_in_their_language(client, ctx, factory):
    coffee = _coffee(ctx, factory)
    english = _documents(client, coffee, "en")
    assert 'data-document="phytosanitary"' in english
    assert f'<span lang="en" data-testid="issuing-body">{BARANTIN_EN}</span>' in english
    assert BARANTIN_ID not in english
    indonesian = _documents(client, coffee, "id")
    assert f'<span lang="id" data-testid="issuing-body">{BARANTIN_ID}</span>' in indonesian
    assert BARANTIN_EN not in indonesian
    assert "(dalam bahasa Inggris)" not in indonesian


def test_a_body_in_one_language_only_is_shown_with_a_language_label(client, ctx, factory):
    coffee = _coffee(ctx, factory)
    add_rule(
        {
            "market": "asean",
            "hs_prefix": "0901",
            "document_code": "dinas_letter",
            "title_english": "Letter of the regency office",
            "title_indonesian": "Surat dinas kabupaten",
            "issuing_body": "Dinas Pertanian Kabupaten Tana Toraja",
        }
    )
    db.session.commit()
    english = _documents(client, coffee, "en")
    assert (
        '<span lang="id" data-testid="issuing-body">Dinas Pertanian Kabupaten Tana Toraja</span>'
        ' <span class="small text-muted fst-italic">(in Indonesian)</span>'
    ) in english
    indonesian = _documents(client, coffee, "id")
    assert "Dinas Pertanian Kabupaten Tana Toraja</span>" in indonesian
    assert "(dalam bahasa Indonesia)" not in indonesian


RULE = {
    "market": "japan",
    "category_id": "",
    "hs_prefix": "0901",
    "document_code": "jp_note",
    "title_english": "Japanese import notice",
    "title_indonesian": "Pemberitahuan impor Jepang",
    "issuing_body": "Kementerian Kesehatan Jepang (MHLW)",
    "issuing_body_english": "Japan's Ministry of Health (MHLW)",
}


def test_the_admin_rule_form_saves_both_bodies(client, login, factory, ctx):
    login(factory.user("admin"))
    response = client.post("/readiness/admin/destinations?lang=en", data=RULE)
    assert response.status_code == 302, response.get_data(as_text=True)
    rule = db.session.scalar(select(DestinationRule).filter_by(document_code="jp_note"))
    assert (rule.issuing_body, rule.issuing_body_english) == (
        "Kementerian Kesehatan Jepang (MHLW)",
        "Japan's Ministry of Health (MHLW)",
    )
    listing = client.get("/readiness/admin/destinations?lang=en").get_data(as_text=True)
    assert "Japan&#39;s Ministry of Health (MHLW)" in listing
    form = client.get("/readiness/admin/destinations?lang=id").get_data(as_text=True)
    assert "Instansi penerbit (bahasa Inggris)" in form
    assert "Instansi penerbit (bahasa Indonesia)" in form


def test_an_over_long_english_body_is_refused_with_a_translated_message(
    client, login, factory, ctx
):
    login(factory.user("admin"))
    data = dict(RULE, issuing_body_english="x" * 201)
    response = client.post("/readiness/admin/destinations?lang=id", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Gunakan maksimal 200 karakter." in page
    assert 'value="Kementerian Kesehatan Jepang (MHLW)"' in page  # nothing typed is lost
    assert db.session.scalar(select(DestinationRule).filter_by(document_code="jp_note")) is None


ITEM = {
    "code": "prod.jp_note",
    "scope": "product",
    "pillar": "product",
    "weight": "3",
    "position": "0",
    "title_english": "Japanese notice",
    "title_indonesian": "Pemberitahuan Jepang",
    "issuing_body": "Kementerian Kesehatan Jepang",
    "issuing_body_english": "Japan's Ministry of Health",
    "number_format": "",
}


def test_the_admin_item_form_saves_both_bodies_and_refuses_too_long(
    client, login, factory, ctx, rd
):
    template = rd.template(status="draft")
    login(factory.user("admin"))
    url = f"/readiness/admin/templates/{template.id}/items/new"
    too_long = client.post(url + "?lang=id", data=dict(ITEM, issuing_body="y" * 201))
    assert too_long.status_code == 400
    assert "Gunakan maksimal 200 karakter." in too_long.get_data(as_text=True)
    assert client.post(url + "?lang=en", data=ITEM).status_code == 302
    item = db.session.scalar(select(ChecklistItem).filter_by(code="prod.jp_note"))
    assert (item.issuing_body, item.issuing_body_english) == (
        "Kementerian Kesehatan Jepang",
        "Japan's Ministry of Health",
    )
    edit = client.get(f"/readiness/admin/items/{item.id}?lang=en").get_data(as_text=True)
    assert 'value="Japan&#39;s Ministry of Health"' in edit
    assert item.issuing_body_for("en") == "Japan's Ministry of Health"
    assert item.issuing_body_for("id") == "Kementerian Kesehatan Jepang"
