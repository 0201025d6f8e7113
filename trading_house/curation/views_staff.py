"""Curator pages: the queue, claims, the one-screen review, decisions, suspend/reinstate,
the dashboard."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_timedelta
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.catalog import services as catalog
from trading_house.catalog.models import Category
from trading_house.catalog.services import category_tree
from trading_house.core.clock import utcnow
from trading_house.core.i18n import current_locale
from trading_house.core.pagination import parse_page
from trading_house.core.uow import unit_of_work
from trading_house.curation import (
    claims,
    content,
    dashboard,
    notify,
    policies,
    prechecks,
    queue,
    services,
)
from trading_house.curation.blueprint import bp
from trading_house.curation.forms import NOTE_FIELDS, DecisionForm, ReinstateForm, SuspendForm
from trading_house.curation.settings import reason_codes, reasons_for
from trading_house.curation.status import Decision
from trading_house.enterprises.regions import regency_choices
from trading_house.extensions import db


def _reviewer_only() -> None:
    if not policies.is_reviewer(current_user):
        abort(403)


@bp.app_template_filter("waited")
def waited_filter(since) -> str:
    """How long ago ``since`` was, in words ("3 days")."""
    if since is None:
        return "—"
    return format_timedelta(utcnow() - since, add_direction=False, threshold=1.1)


@bp.app_template_global()
def curation_duration(value) -> str:
    """A duration in words ("3 hours"), for the dashboard."""
    return format_timedelta(value, threshold=1.1) if value is not None else "—"


@bp.get("/curation/", endpoint="queue")
@login_required
def queue_page():
    _reviewer_only()
    filters = queue.parse_queue_filters(request.args)
    page = queue.queue_page(filters, parse_page(request.args.get("page")), current_user)
    _model, grades = queue.readiness_grades()
    return render_template(
        "curation/queue.html",
        page=page,
        filters=filters,
        tree=category_tree(),
        regencies=regency_choices(),
        grades=grades,
        ages=queue.AGES,
        total_waiting=queue.queue_size(),
    )


@bp.post("/curation/next")
@login_required
def claim_next():
    """Take the oldest listing nobody is reviewing (keyboard: "n" on the queue)."""
    _reviewer_only()
    skip = request.form.get("skip", type=int)
    for _attempt in range(3):  # another curator may win the race for the same item
        product_id = queue.next_product_id(current_user, skip=skip)
        if product_id is None:
            break
        with unit_of_work(category=None) as work:
            claims.claim(product_id, current_user)
        if work.failed:
            continue
        return redirect(url_for("curation.review", product_id=product_id))
    flash(_("Nothing is waiting for you in the queue. Well done."), "success")
    return redirect(url_for("curation.queue"))


@bp.post("/curation/review/<int:product_id>/claim")
@login_required
def claim(product_id: int):
    product = policies.reviewable_product(current_user, product_id)
    if policies.belongs_to(current_user, product.enterprise_id):
        flash(
            _("You cannot review a listing of a business you belong to. Ask another curator."),
            "warning",
        )
        return redirect(url_for("curation.review", product_id=product_id))
    with unit_of_work(category="warning"):
        policies.require_can_review(current_user, product)
        claims.claim(product.id, current_user)
    return redirect(url_for("curation.review", product_id=product_id))


@bp.post("/curation/review/<int:product_id>/release")
@login_required
def release(product_id: int):
    policies.reviewable_product(current_user, product_id)
    with unit_of_work():
        claims.release(product_id, current_user)
    flash(_("The listing is back in the queue for everyone."), "info")
    return redirect(url_for("curation.queue"))


@bp.get("/curation/review/<int:product_id>")
@login_required
def review(product_id: int, form=None, status: int = 200):
    """One screen: photos, both texts, pre-checks, the business, the difference, the decision."""
    product = policies.reviewable_product(current_user, product_id)
    revision, version = services.review_target(product)
    locale = current_locale()
    category = product.category
    if revision is not None:
        proposed = content.normalise(revision.data)
        diff = content.diff_rows(content.content_of(product), proposed, locale)
        category = db.session.get(Category, proposed["category_id"]) or product.category
    else:
        proposed, diff = content.content_of(product), None
    report = prechecks.check_listing(proposed, product.photos, category)
    if form is None:
        form = DecisionForm(formdata=None, seen_version=version)
    form.set_reasons(reason_codes(active_only=True), locale)
    return render_template(
        "curation/review.html",
        product=product,
        revision=revision,
        version=version,
        proposed=proposed,
        proposed_category=category,
        diff=diff,
        report=report,
        form=form,
        note_fields=NOTE_FIELDS,
        field_label=content.field_label,
        display=lambda name, value: content.display_value(name, value, locale),
        claim=claims.active_claim(product.id),
        can_review=policies.can_review(current_user, product),
        since=services.waiting_since(product, revision) if version else None,
        history=services.reviews_of(product.id),
        reasons_by_code={r.code: r for r in reason_codes()},
        scopes={r.code: r.applies_to for r in reason_codes()},
        suspend_form=SuspendForm(formdata=None),
        suspend_reasons=reasons_for(Decision.SUSPENDED),
        reinstate_form=ReinstateForm(formdata=None),
        published=product.status in catalog.PUBLISHED,
        enterprise_grade=queue.enterprise_grade(product.enterprise_id),
        member_languages=sorted(
            {u.preferred_language for u in notify.members_of(product.enterprise_id)}
        ),
    ), status


@bp.post("/curation/review/<int:product_id>/decide")
@login_required
def decide(product_id: int):
    product = policies.reviewable_product(current_user, product_id)
    form = DecisionForm()
    form.set_reasons(reason_codes(active_only=True), current_locale())
    if not form.validate():
        return review(product_id, form=form, status=422)
    notes = {name: request.form.get(f"note_{name}", "") for name in NOTE_FIELDS}
    with unit_of_work(form) as work:
        services.decide_listing(
            product,
            curator=current_user,
            decision=form.decision.data,
            seen_version=form.seen_version.data,
            reasons=form.reasons.data or [],
            feedback=form.feedback.data,
            field_notes=notes,
        )
    if isinstance(work.error, services.StaleDecision):
        flash(str(work.error.message), "danger")
        return redirect(url_for("curation.review", product_id=product_id))
    if work.error is not None:
        return review(product_id, form=form, status=409 if work.error.field is None else 422)
    messages = {
        services.APPROVE: _("Approved: the listing is published."),
        services.REQUEST_CHANGES: _("Changes requested. The business has been told."),
        services.REJECT: _("Rejected. The business has been told."),
    }
    flash(messages[form.decision.data], "success")
    if request.form.get("then") == "next":
        return claim_next_after(product_id)
    return redirect(url_for("curation.queue"))


def claim_next_after(product_id: int):
    next_id = queue.next_product_id(current_user, skip=product_id)
    if next_id is None:
        flash(_("Nothing is waiting for you in the queue. Well done."), "success")
        return redirect(url_for("curation.queue"))
    with unit_of_work(category=None) as work:
        claims.claim(next_id, current_user)
    if work.failed:
        return redirect(url_for("curation.queue"))
    return redirect(url_for("curation.review", product_id=next_id))


@bp.post("/curation/review/<int:product_id>/suspend")
@login_required
def suspend(product_id: int):
    product = policies.reviewable_product(current_user, product_id)
    form = SuspendForm()
    form.set_reasons(reasons_for(Decision.SUSPENDED), current_locale())
    if form.validate():
        with unit_of_work() as work:
            services.suspend_listing(
                product,
                curator=current_user,
                reasons=form.reasons.data or [],
                feedback=form.feedback.data,
            )
        if work.done:
            flash(_("The listing is suspended. The business has been told."), "success")
    return redirect(url_for("curation.review", product_id=product_id))


@bp.post("/curation/review/<int:product_id>/reinstate")
@login_required
def reinstate(product_id: int):
    product = policies.reviewable_product(current_user, product_id)
    form = ReinstateForm()
    if form.validate():
        with unit_of_work() as work:
            services.reinstate_listing(product, curator=current_user, feedback=form.feedback.data)
        if work.done:
            flash(_("The listing is back on sale."), "success")
    return redirect(url_for("curation.review", product_id=product_id))


@bp.get("/curation/dashboard")
@login_required
def dashboard_page():
    _reviewer_only()
    days = request.args.get("days", type=int)
    days = days if days in dashboard.PERIODS else 90
    return render_template(
        "curation/dashboard.html",
        stats=dashboard.summary(days, current_locale()),
        periods=dashboard.PERIODS,
    )
