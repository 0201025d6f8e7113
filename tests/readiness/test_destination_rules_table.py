# ruff: noqa: E501 - the table reads best one row per line
"""The default destination rules for the demo categories × markets, written out by hand.

Each row says which documents (besides invoice, packing list and export declaration) a shipment
of a demo-like product needs for a country. The expectations come from the law, not from the
code: CITES only for listed reptiles, never cattle; the EUDR for coffee and cattle hides and
leather (4101, 4104, 4107) and wood, never finished leather goods (4202); the fish-quarantine
health certificate for fish products; BPOM's export certificate for cosmetics and herbal goods.
"""

import pytest

from trading_house.catalog.seed import seed_categories
from trading_house.core.errors import DomainError
from trading_house.extensions import db
from trading_house.readiness.destinations import add_rule, required_documents
from trading_house.readiness.models import DestinationRule
from trading_house.readiness.services import load_default

#: key: (category slug, HS code, Indonesian name, materials)
PRODUCTS = {
    "green_coffee": ("kopi-arabika", "09011110", "Green Bean Arabika Toraja", "Biji kopi arabika"),
    "roasted_coffee": ("kopi-arabika", "09012110", "Kopi Toraja Sapan Sangrai", "Biji kopi"),
    "tea": ("teh", "09021010", "Teh Hijau Malino", "Daun teh"),
    "fish_floss": ("olahan-laut", "16041490", "Abon Ikan Tuna Selayar", "Ikan tuna, bawang"),
    "cowhide_bag": ("tas-kulit", "42022110", "Tas Selempang Kulit Sapi", "Kulit sapi asli"),
    "python_clutch": ("tas-kulit", "42022110", "Dompet Pesta", "Kulit ular sanca (python)"),
    "crust_leather": ("produk-kulit", "41079900", "Kulit Sapi Samak", "Kulit sapi tersamak"),
    "wood_carving": ("kerajinan-kayu", "44201100", "Ukiran Kayu Toraja", "Kayu nangka"),
    "phinisi_model": ("miniatur-phinisi", "44201900", "Miniatur Phinisi", "Kayu jati"),
    "silk_sarong": ("sarung-sutra", "50072090", "Sarung Sutra Sengkang", "Benang sutra"),
    "cajuput_oil": ("minyak-balsam", "33012990", "Minyak Kayu Putih", "Minyak kayu putih"),
    "body_scrub": ("perawatan-tubuh", "33049990", "Lulur Bedda Lotong", "Beras hitam"),
    "ginger_drink": ("jamu-herbal", "21069099", "Jahe Merah Instan", "Jahe merah, gula aren"),
}

# fmt: off
TABLE = [
    # product,        country, documents
    ("green_coffee",   "MY", {"coo_form_d", "form_ico", "sni_green_coffee", "phytosanitary"}),
    ("green_coffee",   "CN", {"coo_form_e", "form_ico", "sni_green_coffee", "phytosanitary", "gacc_registration"}),
    ("green_coffee",   "JP", {"coo_ijepa", "form_ico", "sni_green_coffee", "phytosanitary"}),
    ("green_coffee",   "DE", {"origin_rex", "form_ico", "sni_green_coffee", "phytosanitary", "eudr_due_diligence"}),
    ("green_coffee",   "US", {"coo_form_b", "form_ico", "sni_green_coffee", "phytosanitary", "fda_registration"}),
    ("green_coffee",   "SA", {"coo_form_b_legalised", "form_ico", "sni_green_coffee", "phytosanitary", "halal"}),
    ("green_coffee",   "NZ", {"form_ico", "sni_green_coffee", "phytosanitary"}),
    ("roasted_coffee", "DE", {"origin_rex", "form_ico", "eudr_due_diligence"}),
    ("roasted_coffee", "KR", {"coo_form_ak", "form_ico"}),
    ("tea",            "DE", {"origin_rex"}),  # tea is outside the EUDR
    ("tea",            "US", {"coo_form_b", "fda_registration"}),
    ("tea",            "SA", {"coo_form_b_legalised", "halal"}),
    ("fish_floss",     "MY", {"coo_form_d", "fish_health_certificate", "bpom_health_certificate"}),
    ("fish_floss",     "JP", {"coo_ijepa", "fish_health_certificate", "bpom_health_certificate", "jp_food_notification"}),
    ("fish_floss",     "DE", {"origin_rex", "fish_health_certificate", "bpom_health_certificate"}),
    ("fish_floss",     "SA", {"coo_form_b_legalised", "fish_health_certificate", "bpom_health_certificate", "halal"}),
    ("fish_floss",     "NZ", {"fish_health_certificate", "bpom_health_certificate"}),
    ("cowhide_bag",    "DE", {"origin_rex"}),  # no CITES for cattle, no EUDR for HS 4202
    ("cowhide_bag",    "US", {"coo_form_b"}),
    ("cowhide_bag",    "NZ", set()),
    ("python_clutch",  "DE", {"origin_rex", "cites"}),
    ("python_clutch",  "NZ", {"cites"}),
    ("crust_leather",  "DE", {"origin_rex", "eudr_due_diligence"}),  # HS 4107 is in Annex I
    ("crust_leather",  "NZ", set()),
    ("wood_carving",   "DE", {"origin_rex", "v_legal", "ispm15", "eudr_due_diligence"}),
    ("wood_carving",   "US", {"coo_form_b", "v_legal", "ispm15", "lacey_declaration"}),
    ("wood_carving",   "JP", {"coo_ijepa", "v_legal", "ispm15"}),
    ("phinisi_model",  "AU", {"coo_iacepa", "v_legal", "ispm15"}),
    ("silk_sarong",    "DE", {"origin_rex"}),
    ("silk_sarong",    "GB", {"origin_rex_uk"}),
    ("silk_sarong",    "NZ", set()),
    ("cajuput_oil",    "MY", {"coo_form_d", "bpom_export_certificate"}),
    ("cajuput_oil",    "SA", {"coo_form_b_legalised", "bpom_export_certificate", "halal"}),
    ("body_scrub",     "DE", {"origin_rex", "bpom_export_certificate"}),
    ("body_scrub",     "IN", {"coo_form_ai", "bpom_export_certificate"}),
    ("ginger_drink",   "JP", {"coo_ijepa", "bpom_health_certificate", "bpom_export_certificate", "jp_food_notification"}),
    ("ginger_drink",   "SA", {"coo_form_b_legalised", "bpom_health_certificate", "bpom_export_certificate", "halal"}),
]
# fmt: on


@pytest.fixture
def demo_products(ctx, factory):
    categories = seed_categories()
    db.session.commit()
    load_default()
    db.session.commit()
    enterprise = factory.enterprise()
    return {
        key: factory.product(
            enterprise,
            category=categories[slug],
            hs_code=hs,
            name_indonesian=name,
            name_english=name,
            materials=materials,
        )
        for key, (slug, hs, name, materials) in PRODUCTS.items()
    }


@pytest.mark.parametrize(("key", "country", "expected"), TABLE)
def test_default_rules_for_demo_categories_and_markets(demo_products, key, country, expected):
    codes = {d.code for d in required_documents(demo_products[key], country, "en")}
    assert codes == expected


def test_a_domestic_sale_needs_no_export_document(demo_products):
    assert all(required_documents(p, "ID", "en") == [] for p in demo_products.values())


def test_every_default_rule_cites_its_legal_source_and_uses_btki_prefixes(ctx, factory):
    seed_categories()
    load_default()
    rules = db.session.scalars(db.select(DestinationRule)).all()
    assert rules
    for rule in rules:
        assert rule.legal_source.strip(), rule.document_code
        assert rule.hs_prefix is None or len(rule.hs_prefix) <= 8
    cites = [r for r in rules if r.document_code == "cites"]
    assert all(r.category_id is None for r in cites)  # never a whole category (cattle)
    assert any("PP 8/1999" in r.legal_source for r in cites)
    eudr = {r.hs_prefix for r in rules if r.document_code == "eudr_due_diligence"}
    assert {"0901", "4101", "4104", "4107"} <= eudr and not any(
        p and p.startswith("42") for p in eudr
    )


def test_the_sme_sees_the_legal_source_on_the_product_page(client, demo_products):
    product = demo_products["crust_leather"]
    body = client.get(f"/p/{product.slug}?lang=en&destination=DE").get_data(as_text=True)
    assert 'data-document="eudr_due_diligence"' in body
    assert "Source: Regulation (EU) 2023/1115 (EUDR), Art. 3 and Annex I" in body


def test_a_ten_digit_hs_prefix_is_refused_with_an_explanation(ctx, factory):
    base = {"market": "eu", "document_code": "x", "title_english": "X", "title_indonesian": "X"}
    with pytest.raises(DomainError) as error:
        add_rule(dict(base, hs_prefix="0901.11.10.00"))
    assert error.value.field == "hs_prefix"
    assert "BTKI 2022" in str(error.value.message) and "8-digit" in str(error.value.message)
    rule = add_rule(dict(base, hs_prefix="0901.11.10", keywords="Python, buaya, python"))
    assert rule.hs_prefix == "09011110" and rule.keywords == "python, buaya"
