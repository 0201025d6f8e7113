"""Product pages grade against one copy of the published checklist per process
(``readiness/kept.py``), never a stale one: a page rendered afresh does not load the checklist
again while nothing changed it, and shows new thresholds, a retired checklist or a moved
category on the next visit (issue #18)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.catalog.test_statement_counts import real_cache, statements  # noqa: F401 - fixture
from tests.readiness.test_export_warning import products  # noqa: F401 - fixture
from trading_house.extensions import db
from trading_house.readiness.checklist import DEFAULT_SETTINGS, update_readiness_settings
from trading_house.readiness.kept import scoring_context
from trading_house.readiness.scoring import ScoringContext, assess_product

WEAK, READY = "/p/sarung-belum-siap", "/p/sarung-siap"
#: Grade A needs every point: the ready sarong (an optional item unanswered) falls to D.
STRICT = {**DEFAULT_SETTINGS, "grade_a_min": 100, "grade_b_min": 99, "grade_c_min": 98}
CHECKLIST_TABLES = ("readiness_templates", "readiness_items", "readiness_settings")


def _grade(body: str) -> str:
    panel = body.split('data-testid="product-readiness"')[1]
    return panel.split('data-grade="')[1][0]


def _loads_checklist(sql: list[str]) -> list[str]:
    return [s for s in sql if any(f"FROM {table}" in s for table in CHECKLIST_TABLES)]


@pytest.mark.usefixtures("real_cache")
def test_a_second_page_grades_without_loading_the_checklist(app, products):  # noqa: F811
    visitor = app.test_client()
    first = statements(visitor, app, WEAK)
    assert _loads_checklist(first), "the first page loads the checklist"
    # Another page, rendered afresh (not in the cache): graded, with no checklist statement.
    second = statements(visitor, app, READY)
    assert _loads_checklist(second) == []
    assert _grade(visitor.get(READY).get_data(as_text=True)) == "A"


@pytest.mark.parametrize("cached", [True, False], ids=["stamp", "no-cache"])
def test_new_thresholds_show_on_the_next_visit(app, request, products, frozen, cached):  # noqa: F811
    """Under a frozen clock the change is stamped with the same time as the copy: the version
    must be read from the values themselves."""
    if cached:
        request.getfixturevalue("real_cache")
    frozen(datetime(2026, 12, 6, 8, 0, tzinfo=UTC))
    sarong, good = products
    visitor = app.test_client()
    assert _grade(visitor.get(READY).get_data(as_text=True)) == "A"

    update_readiness_settings(STRICT, actor=None)
    db.session.commit()

    expected = assess_product(db.session.merge(good), ScoringContext.load()).grade
    assert expected == "D"
    assert _grade(visitor.get(READY).get_data(as_text=True)) == expected


@pytest.mark.usefixtures("real_cache")
def test_a_category_moved_under_another_changes_what_applies(app, rd, factory, products):  # noqa: F811
    """A product item limited to food applies to a product once its category is moved under
    food: the ready sarong lacks its halal certificate and is graded again."""
    cats = rd.categories()
    visitor = app.test_client()
    assert _grade(visitor.get(READY).get_data(as_text=True)) == "A"
    textile = db.session.merge(cats["textile"])
    textile.parent_id = cats["food"].id
    db.session.commit()
    assert _grade(visitor.get(READY).get_data(as_text=True)) != "A"


def test_a_request_that_wrote_grades_against_what_it_wrote(app, products):  # noqa: F811
    with app.test_request_context("/"):
        assert scoring_context().settings.grade_a_min == DEFAULT_SETTINGS["grade_a_min"]
        update_readiness_settings(STRICT, actor=None)  # flushed, not committed
        assert scoring_context().settings.grade_a_min == 100
        db.session.rollback()
        assert scoring_context().settings.grade_a_min == DEFAULT_SETTINGS["grade_a_min"]


def test_the_kept_copy_belongs_to_no_session(app, products):  # noqa: F811
    with app.test_request_context("/"):
        context = scoring_context()
        kept = [context.template, *context.enterprise_items, *context.product_items]
        assert context.product_items and all(inspect(row).detached for row in kept)
        # Read after the request's session is gone: everything grading reads is loaded.
        db.session.remove()
        assert sorted(item.code for item in context.product_items)[0] == "prod.halal"
        assert {c.id for item in context.product_items for c in item.categories}


@pytest.mark.usefixtures("real_cache")
def test_a_write_by_another_program_is_seen_within_a_minute(app, products, monkeypatch):  # noqa: F811
    """psql by hand moves no write stamp: the copy is checked again after RECHECK_SECONDS."""
    from trading_house.readiness import kept

    by_hand = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.test_request_context("/"):
        assert scoring_context().settings.grade_a_min == 80
        db.session.remove()
    with by_hand.begin() as connection:
        connection.execute(
            text(
                "UPDATE readiness_settings"
                " SET grade_a_min = 100, grade_b_min = 99, grade_c_min = 98"
            )
        )
    by_hand.dispose()
    started = kept.monotonic()
    with app.test_request_context("/"):
        assert scoring_context().settings.grade_a_min == 80  # the stamp has not moved
        db.session.remove()
    monkeypatch.setattr(kept, "monotonic", lambda: started + kept.RECHECK_SECONDS + 1)
    with app.test_request_context("/"):
        assert scoring_context().settings.grade_a_min == 100
