"""Admin pages of curation: reason codes, limits, and the decision log with its CSV export."""

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.core.clock import utcnow
from trading_house.core.pagination import parse_page
from trading_house.core.uow import unit_of_work
from trading_house.curation import audit_log, policies, settings
from trading_house.curation.blueprint import bp
from trading_house.curation.forms import SCOPE_LABELS, ReasonCodeForm, SettingsForm
from trading_house.curation.models import DECISIONS


@bp.before_request
def _admin_pages_for_admins():
    if request.path.startswith("/curation/admin"):
        if not current_user.is_authenticated:
            from trading_house.extensions import login_manager

            return login_manager.unauthorized()
        if not policies.is_admin(current_user):
            abort(403)
    return None


@bp.route("/curation/admin/reasons", methods=["GET", "POST"])
@login_required
def reasons():
    form = ReasonCodeForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            settings.save_reason(None, actor=current_user, **_reason_fields(form, with_code=True))
        if work.done:
            flash(_("Reason added."), "success")
            return redirect(url_for("curation.reasons"))
    return render_template(
        "curation/admin_reasons.html",
        form=form,
        reasons=settings.reason_codes(),
        scopes=SCOPE_LABELS,
    ), (422 if form.errors else 200)


def _reason_fields(form, *, with_code: bool) -> dict:
    fields = {
        "label_indonesian": form.label_indonesian.data,
        "label_english": form.label_english.data,
        "field": form.field.data,
        "applies_to": form.applies_to.data,
        "active": form.active.data,
    }
    if with_code:
        fields["code"] = form.code.data
    return fields


@bp.route("/curation/admin/reasons/<int:reason_id>", methods=["GET", "POST"])
@login_required
def edit_reason(reason_id: int):
    reason = settings.get_reason(reason_id)
    form = ReasonCodeForm(obj=reason)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            settings.save_reason(
                reason, actor=current_user, **_reason_fields(form, with_code=False)
            )
        if work.failed:
            reason = settings.get_reason(reason_id)
        else:
            flash(_("Reason saved."), "success")
            return redirect(url_for("curation.reasons"))
    return render_template("curation/admin_reason_edit.html", form=form, reason=reason), (
        422 if form.errors else 200
    )


@bp.post("/curation/admin/reasons/<int:reason_id>/delete")
@login_required
def delete_reason(reason_id: int):
    reason = settings.get_reason(reason_id)
    with unit_of_work() as work:
        settings.delete_reason(reason, actor=current_user)
    if work.done:
        flash(_("Reason deleted."), "success")
    return redirect(url_for("curation.reasons"))


@bp.route("/curation/admin/settings", methods=["GET", "POST"])
@login_required
def limits():
    current = settings.curation_settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            settings.update_curation_settings(
                price_change_percent=form.price_change_percent.data,
                stock_change_limit=form.stock_change_limit.data,
                claim_minutes=form.claim_minutes.data,
                actor=current_user,
            )
        if work.done:
            flash(_("The limits are saved."), "success")
            return redirect(url_for("curation.limits"))
    return render_template("curation/admin_settings.html", form=form), (422 if form.errors else 200)


@bp.get("/curation/admin/reviews")
@login_required
def audit():
    filters = audit_log.parse_audit_filters(request.args)
    return render_template(
        "curation/audit.html",
        page=audit_log.audit_page(filters, parse_page(request.args.get("page"))),
        filters=filters,
        decisions=DECISIONS,
        curators=audit_log.curators_in_log(),
    )


@bp.get("/curation/admin/reviews.csv")
@login_required
def audit_csv():
    filters = audit_log.parse_audit_filters(request.args)
    name = f"curation-decisions-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(
        stream_with_context(audit_log.csv_rows(filters)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
        },
    )
