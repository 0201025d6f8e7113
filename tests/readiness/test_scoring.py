"""Scores and grades: weights, sub-scores, mandatory gates, category applicability, the cache."""

from datetime import timedelta
from fractions import Fraction

from sqlalchemy import select

from trading_house.catalog.models import Product
from trading_house.extensions import db
from trading_house.readiness.checklist import get_settings
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import EnterpriseGrade, GradeChange, ProductGrade
from trading_house.readiness.scoring import (
    ScoringContext,
    assess_enterprise,
    assess_enterprise_all,
    assess_product,
    export_ready_condition,
    export_ready_product_ids,
    refresh_all_grades,
    refresh_enterprise_grades,
)
from trading_house.readiness.services import change_settings


def test_enterprise_grades_follow_the_hand_computed_weighted_score(ctx, factory, rd):
    """nib (legal 10, mandatory), capacity (capacity 5, mandatory), bank (commercial 5)."""
    rd.template()
    enterprise = factory.enterprise()
    assert assess_enterprise(enterprise).grade == "D"
    rd.answer(enterprise, "ent.nib")
    # legal 100, capacity 0, commercial 0 -> 30*100 / 70 = 42.86; capacity (mandatory) missing
    result = assess_enterprise(enterprise)
    assert result.exact == Fraction(3000, 70)
    assert (result.score, result.grade) == (42, "C")
    rd.answer(enterprise, "ent.capacity")
    # 5000/70 = 71.4: every mandatory item verified -> B
    assert (assess_enterprise(enterprise).score, assess_enterprise(enterprise).grade) == (71, "B")
    rd.answer(enterprise, "ent.bank")
    result = assess_enterprise(enterprise)
    assert (result.score, result.grade, result.export_ready) == (100, "A", True)
    assert {p: r.percent for p, r in result.pillars.items()} == {
        "legal": 100,
        "capacity": 100,
        "product": 0,
        "commercial": 100,
    }
    assert result.pillars["product"].possible == 0  # no product item at enterprise level


def test_a_missing_mandatory_item_caps_the_grade_at_c_whatever_the_score(ctx, factory, rd):
    rd.template()
    enterprise = factory.enterprise()
    rd.answer(enterprise, "ent.nib")
    rd.answer(enterprise, "ent.bank")
    result = assess_enterprise(enterprise)
    assert result.score == 71  # (3000 + 2000) / 70
    assert result.grade == "C"
    assert [r.item.code for r in result.mandatory_missing] == ["ent.capacity"]


def test_only_verified_answers_count(ctx, factory, rd):
    rd.template()
    enterprise = factory.enterprise()
    rd.answer(enterprise, "ent.nib", state="submitted")
    rd.answer(enterprise, "ent.capacity", state="declared")
    rd.answer(enterprise, "ent.bank", state="rejected")
    result = assess_enterprise(enterprise)
    assert (result.score, result.grade) == (0, "D")
    assert {r.item.code: r.state for r in result.results} == {
        "ent.nib": "submitted",
        "ent.capacity": "declared",
        "ent.bank": "rejected",
    }


def test_product_items_apply_by_category_including_children(ctx, factory, rd):
    cats = rd.categories()
    rd.template()
    enterprise = factory.enterprise()
    snack = factory.product(enterprise, category=cats["snacks"])
    cloth = factory.product(enterprise, category=cats["textile"])
    ctx_ = ScoringContext.load()
    assert {i.code for i in ctx_.product_items_for(snack)} == {
        "prod.hs",
        "prod.halal",
        "prod.registration",
        "prod.price",
    }
    assert {i.code for i in ctx_.product_items_for(cloth)} == {"prod.hs", "prod.price"}


def test_product_grade_combines_business_and_product_items(ctx, factory, rd):
    cats = rd.categories()
    rd.template()
    enterprise = factory.enterprise()
    snack = factory.product(enterprise, category=cats["snacks"])
    cloth = factory.product(enterprise, category=cats["textile"])
    for code in ("ent.nib", "ent.capacity", "ent.bank"):
        rd.answer(enterprise, code)
    # cloth: legal 100, capacity 100, product 0 (hs missing), commercial 5/10 -> 60; hs mandatory
    assert (assess_product(cloth).score, assess_product(cloth).grade) == (60, "C")
    rd.answer(enterprise, "prod.hs", product=cloth, certificate_number="62114200")
    assert (assess_product(cloth).score, assess_product(cloth).grade) == (90, "A")
    # snack: hs + halal verified, registration missing: product 10/14, commercial 1/2
    rd.answer(enterprise, "prod.hs", product=snack, certificate_number="19059090")
    rd.answer(enterprise, "prod.halal", product=snack)
    result = assess_product(snack)
    assert result.exact == Fraction(3000 + 2000 + 30 * Fraction(1000, 14) + 1000, 100)
    assert (result.score, result.grade) == (81, "A")
    # an answer for the cloth does not count for the snack
    assert {r.item.code for r in result.results if r.counts} == {
        "ent.nib",
        "ent.capacity",
        "ent.bank",
        "prod.hs",
        "prod.halal",
    }


def test_an_enterprise_item_for_some_categories_applies_only_with_such_a_product(ctx, factory, rd):
    cats = rd.categories()
    rd.template()
    enterprise = factory.enterprise()
    factory.product(enterprise, category=cats["textile"])
    codes = {r.item.code for r in assess_enterprise_all(enterprise).enterprise_results}
    assert "ent.svlk_company" not in codes
    carving = factory.product(enterprise, category=cats["wood"])
    codes = {r.item.code for r in assess_enterprise_all(enterprise).enterprise_results}
    assert "ent.svlk_company" in codes
    # archived products do not bring their items with them
    carving.status = "archived"
    db.session.commit()
    codes = {r.item.code for r in assess_enterprise_all(enterprise).enterprise_results}
    assert "ent.svlk_company" not in codes


def test_a_lapsed_certificate_stops_counting_before_the_refresh_runs(ctx, factory, rd):
    cats = rd.categories()
    rd.template()
    enterprise = factory.enterprise()
    snack = factory.product(enterprise, category=cats["food"])
    answer = rd.answer(
        enterprise,
        "prod.registration",
        product=snack,
        certificate_number="MD224713001234",
        expires_on=local_today() + timedelta(days=1),
    )
    by_code = {r.item.code: r for r in assess_product(snack).results}
    assert by_code["prod.registration"].counts
    answer.expires_on = local_today() - timedelta(days=1)
    db.session.commit()
    by_code = {r.item.code: r for r in assess_product(snack).results}
    assert answer.state == "verified"
    assert by_code["prod.registration"].state == "expired"
    assert not by_code["prod.registration"].counts


def test_admin_thresholds_and_weights_change_grades(ctx, factory, rd):
    rd.template()
    admin = factory.user("admin")
    enterprise = factory.enterprise()
    rd.answer(enterprise, "ent.nib")
    rd.answer(enterprise, "ent.capacity")
    assert assess_enterprise(enterprise).grade == "B"  # 71
    values = {
        "grade_a_min": 70,
        "grade_b_min": 50,
        "grade_c_min": 20,
        "weight_legal": 30,
        "weight_capacity": 20,
        "weight_product": 30,
        "weight_commercial": 20,
    }
    change_settings(values, actor=admin)
    db.session.commit()
    assert get_settings().grade_a_min == 70
    assert assess_enterprise(enterprise).grade == "A"
    assert db.session.get(EnterpriseGrade, enterprise.id).grade == "A"
    # commercial weight 0: the bank pillar no longer counts at all -> 100
    change_settings(dict(values, weight_commercial=0), actor=admin)
    assert assess_enterprise(enterprise).score == 100


def test_the_cached_grades_equal_a_fresh_computation(ctx, factory, rd):
    """The cache may never drift: recompute everything and compare with the stored rows."""
    cats = rd.categories()
    rd.template()
    first = factory.enterprise()
    second = factory.enterprise(regency_code="7318")
    products = [
        factory.product(first, category=cats["snacks"]),
        factory.product(first, category=cats["textile"]),
        factory.product(second, category=cats["wood"]),
    ]
    for code in ("ent.nib", "ent.capacity", "ent.bank"):
        rd.answer(first, code)
    rd.answer(first, "prod.hs", product=products[1], certificate_number="62114200")
    rd.answer(second, "ent.nib")
    refresh_all_grades()
    db.session.commit()
    _assert_cache_matches()
    # change answers underneath the cache, refresh one enterprise, compare again
    rd.answer(second, "ent.capacity")
    refresh_enterprise_grades(second)
    db.session.commit()
    _assert_cache_matches()
    # a second refresh changes nothing and logs nothing
    changes = db.session.scalar(select(db.func.count(GradeChange.id)))
    assert refresh_all_grades() == 0
    assert db.session.scalar(select(db.func.count(GradeChange.id))) == changes


def _assert_cache_matches():
    from trading_house.enterprises.models import Enterprise

    for enterprise in db.session.scalars(select(Enterprise)):
        outcome = assess_enterprise_all(enterprise)
        cached = db.session.get(EnterpriseGrade, enterprise.id)
        assert (cached.grade, cached.score) == (outcome.enterprise.grade, outcome.enterprise.score)
        for product_id, assessment in outcome.products.items():
            row = db.session.get(ProductGrade, product_id)
            assert (row.grade, row.score) == (assessment.grade, assessment.score)


def test_export_ready_products_are_those_graded_a_or_b(ctx, factory, rd):
    cats = rd.categories()
    rd.template()
    enterprise = factory.enterprise()
    ready = factory.product(enterprise, category=cats["textile"])
    not_ready = factory.product(enterprise, category=cats["snacks"])
    for code in ("ent.nib", "ent.capacity", "ent.bank"):
        rd.answer(enterprise, code)
    rd.answer(enterprise, "prod.hs", product=ready, certificate_number="62114200")
    refresh_all_grades()
    db.session.commit()
    assert set(db.session.scalars(export_ready_product_ids())) == {ready.id}
    ids = set(db.session.scalars(select(Product.id).where(export_ready_condition())))
    assert ids == {ready.id}
    assert not_ready.id not in ids


def test_the_catalog_filter_is_plugged_in(app):
    from trading_house.catalog import queries

    assert queries._export_ready_condition is export_ready_condition
