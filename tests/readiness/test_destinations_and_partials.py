"""Destination rules, ``required_documents`` and the partials other areas include."""

from tests.catalog.test_queries_and_gets import recorded_sql
from trading_house.extensions import db
from trading_house.readiness.destinations import add_rule, markets_for, required_documents
from trading_house.readiness.models import DestinationRule
from trading_house.readiness.services import load_default


def _coffee_and_wood(factory):
    coffee_tea = factory.category("Kopi & Teh", slug="kopi-teh")
    arabica = factory.category("Kopi Arabika", parent=coffee_tea, slug="kopi-arabika")
    crafts = factory.category("Kerajinan", slug="kerajinan")
    wood = factory.category("Kayu", parent=crafts, slug="kerajinan-kayu")
    food = factory.category("Makanan Olahan", slug="makanan-olahan")
    return arabica, wood, food


def test_markets_of_a_country():
    assert markets_for("my") == ["all", "asean"]
    assert markets_for("DE") == ["all", "eu"]
    assert markets_for("SA") == ["all", "middle_east"]
    assert markets_for("NZ") == ["all"]
    assert markets_for("ID") == []  # a domestic sale needs no export documents
    assert markets_for("") == markets_for("X1") == markets_for(None) == []


def test_documents_for_green_coffee_to_asean_china_and_the_eu(ctx, factory):
    arabica, _wood, _food = _coffee_and_wood(factory)
    load_default()
    enterprise = factory.enterprise()
    beans = factory.product(enterprise, category=arabica, hs_code="09011110")
    to_malaysia = {d.code: d for d in required_documents(beans, "MY", "en")}
    assert {"coo_form_d", "form_ico", "phytosanitary"} <= set(to_malaysia)
    assert "coo_form_e" not in to_malaysia
    assert to_malaysia["phytosanitary"].status == "per_shipment"
    assert "Barantin" in to_malaysia["phytosanitary"].issuing_body
    assert to_malaysia["coo_form_d"].status == "missing"  # no origin eligibility yet
    to_china = {d.code for d in required_documents(beans, "CN", "en")}
    assert {"coo_form_e", "form_ico", "phytosanitary", "gacc_registration"} <= to_china
    to_germany = {d.code for d in required_documents(beans, "DE", "en")}
    assert {"origin_rex", "eudr_due_diligence", "form_ico"} <= to_germany
    assert required_documents(beans, "ID", "en") == []
    # each document is listed once even when several rules ask for it
    codes = [d.code for d in required_documents(beans, "DE", "en")]
    assert len(codes) == len(set(codes))


def test_wood_needs_svlk_and_shows_when_the_sme_holds_it(ctx, factory, rd):
    _arabica, wood, _food = _coffee_and_wood(factory)
    load_default()
    enterprise = factory.enterprise()
    carving = factory.product(enterprise, category=wood, hs_code="44201100")
    documents = {d.code: d for d in required_documents(carving, "US", "id")}
    assert {"v_legal", "ispm15", "lacey_declaration"} <= set(documents)
    assert documents["v_legal"].status == "missing"
    assert "SVLK" in documents["v_legal"].title
    rd.answer(
        enterprise,
        "prod.svlk",
        state="submitted",
        product=carving,
        certificate_number="VLK-123/2025",
    )
    assert {d.code: d for d in required_documents(carving, "US")}["v_legal"].status == (
        "in_progress"
    )
    to_japan = {d.code: d for d in required_documents(carving, "JP")}
    assert "lacey_declaration" not in to_japan and "coo_ijepa" in to_japan
    assert db.session.query(DestinationRule).filter_by(document_code="v_legal").count() > 1


def test_rules_match_by_hs_prefix_and_by_category_with_children(ctx, factory, rd):
    rd.template()
    food = rd.categories()["food"]
    coffee_tea = factory.category("Kopi & Teh", slug="kopi-teh")
    arabica = factory.category("Kopi Arabika", parent=coffee_tea, slug="kopi-arabika")
    add_rule(
        {
            "market": "japan",
            "hs_prefix": "0901.21",
            "document_code": "roast_sheet",
            "title_english": "Roasting sheet",
            "title_indonesian": "Lembar sangrai",
        }
    )
    add_rule(
        {
            "market": "korea",
            "category_id": str(arabica.parent_id),
            "document_code": "kr_label",
            "title_english": "Korean label",
            "title_indonesian": "Label Korea",
        }
    )
    enterprise = factory.enterprise()
    roasted = factory.product(enterprise, category=arabica, hs_code="09012110")
    assert [d.code for d in required_documents(roasted, "JP", "en")] == ["roast_sheet"]
    assert [d.code for d in required_documents(roasted, "KR", "en")] == ["kr_label"]
    snack = factory.product(enterprise, category=food, hs_code="19059090")
    assert required_documents(snack, "JP", "en") == []


def test_bad_rules_are_refused(ctx, factory, rd):
    import pytest

    from trading_house.core.errors import DomainError

    rd.template()
    base = {"market": "eu", "document_code": "x", "title_english": "X", "title_indonesian": "X"}
    with pytest.raises(DomainError) as error:
        add_rule(dict(base, market="mars"))
    assert error.value.field == "market"
    with pytest.raises(DomainError) as error:
        add_rule(dict(base, hs_prefix="09a1"))
    assert error.value.field == "hs_prefix"
    with pytest.raises(DomainError) as error:
        add_rule(dict(base, category_id="999999"))
    assert error.value.field == "category_id"


def test_the_product_page_shows_the_badge_and_documents_for_a_destination(client, factory, rd):
    cats = rd.categories()
    rd.template()
    load_default()  # rules only: a template exists already
    db.session.commit()
    enterprise = factory.enterprise()
    product = factory.product(
        enterprise, category=cats["textile"], slug="sarung-sutra-sengkang", hs_code="62114200"
    )
    for code in ("ent.nib", "ent.capacity", "ent.bank"):
        rd.answer(enterprise, code)
    rd.answer(enterprise, "prod.hs", product=product, certificate_number="62114200")
    page = client.get("/p/sarung-sutra-sengkang?lang=en")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert 'data-testid="product-readiness"' in body
    assert 'data-grade="A"' in body and "Export-ready" in body
    with_destination = client.get("/p/sarung-sutra-sengkang?lang=en&destination=TH")
    body = with_destination.get_data(as_text=True)
    assert 'data-document="coo_form_d"' in body
    assert "Thailand" in body


def test_a_product_below_b_shows_its_grade_not_export_ready(client, factory, rd):
    cats = rd.categories()
    rd.template()
    enterprise = factory.enterprise()
    factory.product(enterprise, category=cats["textile"], slug="tenun-toraja")
    # Issue #15: before the clinic's first review a new SME is "new", not publicly "D".
    body = client.get("/p/tenun-toraja?lang=en").get_data(as_text=True)
    assert "New on Rumah Dagang" in body and "Readiness D" not in body
    rd.answer(enterprise, "ent.bank", state="rejected")
    body = client.get("/p/tenun-toraja?lang=en").get_data(as_text=True)
    assert 'data-grade="D"' in body
    assert "Readiness D" in body
    assert ">Export-ready<" not in body


def test_the_sme_dashboard_shows_grade_next_steps_and_the_clinic(client, login, factory, rd):
    from datetime import timedelta

    from trading_house.readiness import clinic
    from trading_house.readiness.formats import local_today

    rd.template()
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    rd.answer(enterprise, "ent.nib", certificate_number="9120001234567")
    curator = factory.user("curator")
    clinic.record_session(
        enterprise,
        curator=curator,
        held_on=local_today() - timedelta(days=9),
        topics=["legal"],
        advice="Book the capacity visit.",
        follow_ups=[("Write the capacity statement", local_today() - timedelta(days=2))],
    )
    db.session.commit()
    login(owner)
    body = client.get("/business/?lang=en").get_data(as_text=True)
    assert 'data-testid="readiness-dashboard"' in body
    assert "Readiness C" in body  # NIB only: capacity (mandatory) missing
    assert "Next step for ent.capacity" in body
    assert "Write the capacity statement" in body and "Overdue" in body
    assert "does not give cash" in body


def test_the_admin_index_links_to_readiness(client, login, factory, rd):
    login(factory.user("admin"))
    body = client.get("/admin/").get_data(as_text=True)
    assert "/readiness/admin/templates" in body
    assert "/readiness/dashboard" in body


def test_the_badge_is_graded_from_the_answers_without_their_files(client, factory, rd, app):
    """The product page grades the product from its answers; the evidence files behind them
    are for the checklist pages (issue #18: a statement fewer on every product page)."""
    cats = rd.categories()
    rd.template()
    enterprise = factory.enterprise()
    product = factory.product(enterprise, category=cats["textile"], slug="sarung-sutra-bugis")
    for code in ("ent.nib", "ent.capacity", "ent.bank"):
        rd.answer(enterprise, code)
    rd.answer(enterprise, "prod.hs", product=product, certificate_number="62114200")
    with recorded_sql(app) as seen:
        body = client.get("/p/sarung-sutra-bugis?lang=en").get_data(as_text=True)
    assert 'data-grade="A"' in body and "Export-ready" in body
    assert not [sql for sql in seen if "readiness_evidence_files" in sql], seen
