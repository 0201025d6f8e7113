"""The queue (filters, oldest first, waiting time) and the curator dashboard's numbers."""

from datetime import timedelta

import pytest

from trading_house.catalog.models import Product
from trading_house.core import clock
from trading_house.curation import dashboard, queue, services
from trading_house.curation.dashboard import percentile
from trading_house.extensions import db


def test_percentiles_are_nearest_rank():
    hours = [timedelta(hours=h) for h in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]
    assert percentile(hours, 0.5) == timedelta(hours=5)
    assert percentile(hours, 0.9) == timedelta(hours=9)
    assert percentile([], 0.5) is None


@pytest.fixture
def waiting(app, factory, make_listing, categories):
    """Three listings submitted 5 days, 2 days and 1 hour ago, in two categories/regencies."""
    other = factory.enterprise(factory.user("sme"), name="Sutra Wajo", regency_code="7313")
    now = clock.utcnow()
    made = {}
    for key, age, extra in (
        ("old", timedelta(days=5), {}),
        ("middle", timedelta(days=2), {"enterprise": other, "category": "sarung-sutra"}),
        ("fresh", timedelta(hours=1), {}),
    ):
        clock.freeze(now - age)
        made[key] = make_listing(status="submitted", sku=f"Q-{key}", **extra).id
    clock.freeze(None)
    return made


def ids(page):
    return [item.product.id for item in page.items]


def test_oldest_first_with_filters(ctx, curator, waiting, categories):
    page = queue.queue_page(queue.QueueFilters(), 1, curator)
    assert ids(page) == [waiting["old"], waiting["middle"], waiting["fresh"]]
    assert page.items[0].since < page.items[2].since and page.items[0].kind == "new"
    newest = queue.queue_page(queue.QueueFilters(sort="newest"), 1, curator)
    assert ids(newest)[0] == waiting["fresh"]
    parent = categories["tenun-sutra"]  # the parent category includes its children
    assert ids(queue.queue_page(queue.QueueFilters(category_id=parent), 1, curator)) == [
        waiting["middle"]
    ]
    assert ids(queue.queue_page(queue.QueueFilters(regency="7326"), 1, curator)) == [
        waiting["old"],
        waiting["fresh"],
    ]
    assert ids(queue.queue_page(queue.QueueFilters(older_than_days=3), 1, curator)) == [
        waiting["old"]
    ]
    assert ids(queue.queue_page(queue.QueueFilters(kind="revision"), 1, curator)) == []
    assert queue.queue_size() == 3


def test_the_queue_filters_by_readiness_grade(ctx, curator, waiting):
    model, grades = queue.readiness_grades()
    assert model is not None, "the readiness area provides the grades"
    # Without an assessment every business counts as the lowest level.
    lowest = grades[-1]
    page = queue.queue_page(queue.QueueFilters(grade=lowest), 1, curator)
    assert len(page.items) == 3
    assert queue.queue_page(queue.QueueFilters(grade=grades[0]), 1, curator).items == []


def test_bad_filter_values_are_ignored(curator, waiting, sign_in):
    desk = sign_in(curator)
    response = desk.get("/curation/?category=x&regency=9999&age=-1&grade=Z&kind=?&sort=up&page=abc")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('data-testid="queue-item"') == 3
    page = desk.get("/curation/?lang=en").get_data(as_text=True)
    assert "waiting 5 days" in page


def test_dashboard_numbers(app, ctx, curator, curator2, waiting, sign_in):
    start = clock.utcnow()
    # Decide "old" after 5 days (approve), "middle" after 2 days (reject), by two curators.
    for key, who, decision in (("old", curator, "approved"), ("middle", curator2, "rejected")):
        product = db.session.get(Product, waiting[key])
        _revision, version = services.review_target(product)
        services.decide(
            product, curator=who, decision=decision, seen_version=version, feedback="ok"
        )
    db.session.commit()
    clock.freeze(start)
    stats = dashboard.summary(90, "en")
    assert stats["queue_size"] == 1
    assert stats["decisions"] == 2 and stats["approved"] == 1
    assert stats["median_wait"] >= timedelta(days=2) - timedelta(minutes=1)
    assert stats["p90_wait"] >= timedelta(days=5) - timedelta(minutes=1)
    by_regency = {r.key: (r.approved, r.total, r.percent) for r in stats["by_regency"]}
    assert by_regency == {"7326": (1, 1, 100), "7313": (0, 1, 0)}
    by_category = {r.key: r.percent for r in stats["by_category"]}
    assert by_category == {"kopi-teh": 100, "tenun-sutra": 0}
    per_curator = {c.name: (c.approved, c.rejected, c.total) for c in stats["curators"]}
    assert per_curator == {"Nurhayati": (1, 0, 1), "Ikhsan": (0, 1, 1)}
    clock.freeze(None)
    page = sign_in(curator).get("/curation/dashboard?lang=en&days=30").get_data(as_text=True)
    assert 'data-testid="queue-size">1<' in page
    assert 'data-testid="per-curator"' in page and "Ikhsan" in page
