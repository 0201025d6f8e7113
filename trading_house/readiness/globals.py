"""Template globals for the readiness partials other areas include (product page, dashboards).

Computed on read, never written: the product badge is derived live from the answers.
"""

from flask import g, request
from flask_babel import format_date
from flask_login import current_user

from trading_house.core.i18n import current_locale, may_be_signed_in
from trading_house.readiness.blueprint import bp
from trading_house.readiness.clinic import NOT_CASH, open_follow_ups, sessions_for, topic_label
from trading_house.readiness.destinations import (
    country_name,
    destination_choices,
    markets_for,
    required_documents,
)
from trading_house.readiness.export_warning import export_warning, export_warnings
from trading_house.readiness.formats import NUMBER_FORMATS, local_today
from trading_house.readiness.freshness import panel_version
from trading_house.readiness.grades import badge_for, grade_label, pillar_label
from trading_house.readiness.kept import scoring_context
from trading_house.readiness.lifecycle import STATE_COLOURS, state_label
from trading_house.readiness.queries import first_review_done
from trading_house.readiness.reports import ease_key
from trading_house.readiness.scoring import (
    ScoringContext,
    assess_enterprise_all,
    assess_product,
)


def _context() -> ScoringContext:
    if "readiness_ctx" not in g:
        g.readiness_ctx = scoring_context()
    return g.readiness_ctx


@bp.app_template_global()
def readiness_badge(product):
    """The product's grade badge ("Export-ready" for A and B), or None before any checklist."""
    if product is None or getattr(product, "id", None) is None:
        return None
    ctx = _context()
    if ctx.template is None:
        return None
    cache = g.setdefault("readiness_badges", {})
    if product.id not in cache:
        assessment = assess_product(product, ctx)
        reviewed = was_reviewed(product.enterprise_id)
        cache[product.id] = badge_for(assessment.grade, assessment.score, reviewed=reviewed)
    return cache[product.id]


def was_reviewed(enterprise_id: int) -> bool:
    """Has the clinic reviewed this business yet (an answer decided, or a session held)?"""
    cache = g.setdefault("readiness_reviewed", {})
    if enterprise_id not in cache:
        cache[enterprise_id] = first_review_done(enterprise_id)
    return cache[enterprise_id]


@bp.app_template_global()
def readiness_product_panel(product):
    """Badge, destination choices and the documents a shipment to the destination needs.

    The destination is the one chosen (``?destination=XX``), else the signed-in buyer's
    country, already chosen in the list; below grade B for a destination abroad the panel
    carries the export warning (what is missing, a quotation instead).
    """
    badge = readiness_badge(product)
    code = (request.args.get("destination") or "").strip().upper()[:2] or buyer_country()
    documents = None
    if code and markets_for(code):
        documents = required_documents(product, code, current_locale())
    warning = None
    if badge is not None and code:
        warning = export_warning(product, code, current_locale(), _context())
    return {
        "badge": badge,
        "choices": destination_choices(current_locale()),
        "destination": code,
        "destination_name": country_name(code, current_locale()) if code else "",
        "documents": documents,
        "warning": warning,
    }


def buyer_country() -> str:
    """The signed-in buyer's country, which the panel warns for ("" for a visitor; known
    without loading anyone when the cookies carry no sign-in)."""
    if not may_be_signed_in():
        return ""
    return getattr(current_user, "country", None) or ""


@bp.app_template_global()
def readiness_panel_key(product) -> str:
    """The name the product page keeps the panel under: one per product and per country it
    warns for (a buyer's warning is theirs alone; a visitor's panel has none), and per
    version of what it is computed from (``freshness.py``)."""
    return f"readiness:{product.id}:{buyer_country()}:{panel_version(product.enterprise_id)}"


@bp.app_template_global()
def readiness_export_warnings(products, country_code):
    """Export warnings for the products of a checkout going to ``country_code``."""
    return export_warnings(products, country_code, current_locale())


@bp.app_template_global()
def readiness_dashboard_panel(enterprise):
    """What the SME dashboard shows: grade, next steps, clinic sessions and follow-ups."""
    if enterprise is None:
        return None
    ctx = _context()
    outcome = assess_enterprise_all(enterprise, ctx)
    results = outcome.enterprise_results
    gaps = sorted((r for r in results if not r.counts), key=ease_key)[:3]
    states: dict[str, int] = {}
    for result in results:
        states[result.state] = states.get(result.state, 0) + 1
    ready_products = sum(1 for a in outcome.products.values() if a.export_ready)
    return {
        "has_template": ctx.template is not None,
        "assessment": outcome.enterprise,
        "badge": badge_for(outcome.enterprise.grade, outcome.enterprise.score),
        "states": states,
        "gaps": gaps,
        "ready_products": ready_products,
        "product_count": len(outcome.products),
        "sessions": sessions_for(enterprise, limit=3),
        "follow_ups": open_follow_ups(enterprise),
        "today": local_today(),
        "not_cash": NOT_CASH,
    }


@bp.app_template_global()
def readiness_state_label(state: str) -> str:
    return state_label(state)


@bp.app_template_global()
def readiness_state_colour(state: str) -> str:
    return STATE_COLOURS.get(state, "secondary")


@bp.app_template_global()
def readiness_grade_label(grade: str) -> str:
    return grade_label(grade)


@bp.app_template_global()
def readiness_pillar_label(pillar: str) -> str:
    return pillar_label(pillar)


@bp.app_template_global()
def readiness_topic_label(code: str) -> str:
    return topic_label(code)


@bp.app_template_filter("readiness_date")
def readiness_date(value, fmt: str = "medium") -> str:
    """A calendar date (certificate expiry, due date) in the visitor's language."""
    return format_date(value, fmt) if value else ""


@bp.app_template_global()
def readiness_badge_for(assessment):
    """The badge of an already computed assessment."""
    return badge_for(assessment.grade, assessment.score) if assessment is not None else None


@bp.app_template_global()
def readiness_number_example(format_key: str | None) -> str:
    spec = NUMBER_FORMATS.get(format_key or "")
    return spec.example if spec else ""
