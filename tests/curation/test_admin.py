"""Admins maintain the reason codes and the limits, and browse and export every decision."""

import csv
import io

from sqlalchemy import select

from trading_house.curation import services
from trading_house.curation.models import CurationSettings, ReasonCode
from trading_house.curation.settings import get_settings
from trading_house.extensions import db


def test_reason_codes_crud(app, admin, categories, sign_in):
    desk = sign_in(admin)
    page = desk.get("/curation/admin/reasons?lang=en").get_data(as_text=True)
    assert 'data-code="photos_quality"' in page
    # Bad input is explained and kept.
    response = desk.post(
        "/curation/admin/reasons?lang=en",
        data={"code": "Bad Code!", "label_indonesian": "Label", "label_english": ""},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Write the reason in English." in body and 'value="Bad Code!"' in body
    response = desk.post(
        "/curation/admin/reasons?lang=en",
        data={
            "code": "no_halal",
            "label_indonesian": "Sertifikat halal belum ada",
            "label_english": "No halal certificate yet",
            "field": "materials",
            "applies_to": "changes_requested",
            "active": "y",
        },
    )
    assert response.status_code == 302
    duplicate = desk.post(
        "/curation/admin/reasons?lang=en",
        data={"code": "no_halal", "label_indonesian": "x", "label_english": "y"},
    )
    assert "already in use" in duplicate.get_data(as_text=True)
    with app.app_context():
        reason = db.session.scalar(select(ReasonCode).where(ReasonCode.code == "no_halal"))
        assert (reason.field, reason.applies_to, reason.active) == (
            "materials",
            "changes_requested",
            True,
        )
        reason_id = reason.id
    # Edit: retire it.
    desk.post(
        f"/curation/admin/reasons/{reason_id}",
        data={
            "label_indonesian": "Sertifikat halal",
            "label_english": "Halal certificate",
            "applies_to": "any",
        },
    )
    with app.app_context():
        reason = db.session.get(ReasonCode, reason_id)
        assert (reason.label_english, reason.active) == ("Halal certificate", False)
    # Delete an unused one.
    assert desk.post(f"/curation/admin/reasons/{reason_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(ReasonCode, reason_id) is None
    assert desk.get("/curation/admin/reasons/999999").status_code == 404


def test_a_used_reason_can_only_be_retired(app, admin, curator, make_listing, sign_in):
    product = make_listing(status="submitted")
    with app.app_context():
        product = db.session.merge(product)
        _revision, version = services.review_target(product)
        services.decide(
            product,
            curator=db.session.merge(curator),
            decision="rejected",
            seen_version=version,
            reasons=["not_local"],
        )
        db.session.commit()
        reason_id = db.session.scalar(select(ReasonCode.id).where(ReasonCode.code == "not_local"))
    desk = sign_in(admin)
    response = desk.post(
        f"/curation/admin/reasons/{reason_id}/delete?lang=en", follow_redirects=True
    )
    assert "retire it instead" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ReasonCode, reason_id) is not None


def test_limits(app, admin, sign_in, ctx):
    assert get_settings().price_change_percent == 20  # defaults without a row
    desk = sign_in(admin)
    response = desk.post(
        "/curation/admin/settings?lang=en",
        data={"price_change_percent": "150", "stock_change_limit": "", "claim_minutes": "abc"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "no larger than 100" in page and "Enter a whole number" in page
    response = desk.post(
        "/curation/admin/settings",
        data={"price_change_percent": "10", "stock_change_limit": "500", "claim_minutes": "45"},
    )
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(CurationSettings, 1)
        assert (row.price_change_percent, row.stock_change_limit, row.claim_minutes) == (
            10,
            500,
            45,
        )


def test_the_decision_log_and_its_csv(app, admin, curator, make_listing, sign_in):
    first = make_listing(status="submitted", sku="L-1")
    second = make_listing(status="submitted", sku="L-2", name_indonesian="=HYPERLINK(1)")
    with app.app_context():
        for product, decision, feedback in (
            (first, "approved", None),
            (second, "changes_requested", "-tolong perbaiki"),
        ):
            product = db.session.merge(product)
            _revision, version = services.review_target(product)
            services.decide(
                product,
                curator=db.session.merge(curator),
                decision=decision,
                seen_version=version,
                feedback=feedback,
            )
        db.session.commit()
    desk = sign_in(admin)
    page = desk.get("/curation/admin/reviews?lang=en").get_data(as_text=True)
    assert page.count("data-review-id=") == 2 and "Nurhayati" in page
    filtered = desk.get("/curation/admin/reviews?decision=approved").get_data(as_text=True)
    assert filtered.count("data-review-id=") == 1
    response = desk.get("/curation/admin/reviews.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["decision"] for r in rows] == ["approved", "changes_requested"]
    assert rows[0]["curator_email"] == "kurator@rumahdagang.id"
    assert rows[0]["content_version"].startswith("c") and rows[0]["hours_waited"] != ""
    # Cells that a spreadsheet would run as formulas are neutralised.
    assert rows[1]["product_name"] == "'=HYPERLINK(1)"
    assert rows[1]["feedback"] == "'-tolong perbaiki"
    bad_dates = desk.get("/curation/admin/reviews?from=yesterday&to=2026-13-45&page=x")
    assert bad_dates.status_code == 200
