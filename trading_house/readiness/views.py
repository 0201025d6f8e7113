"""Readiness pages for SMEs: overview, self-assessment, evidence, gap report; template globals.

Curator pages live in ``views_staff.py`` and admin pages in ``views_admin.py`` (same blueprint).
"""

import io

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user

from trading_house.catalog.status import ProductStatus
from trading_house.core.errors import NotFound
from trading_house.core.i18n import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.core.uploads import document_response, limit_uploads, rate_limited_page
from trading_house.enterprises.policies import current_enterprise
from trading_house.extensions import login_manager
from trading_house.readiness import policies, services
from trading_house.readiness.blueprint import bp
from trading_house.readiness.forms import AnswerForm
from trading_house.readiness.reports import gap_report as build_gap_report
from trading_house.readiness.reports import gap_report_pdf
from trading_house.readiness.scoring import (
    ScoringContext,
    assess_enterprise_all,
    export_ready_condition,
    load_products,
)


@bp.record_once
def _offer_export_ready_filter(state) -> None:
    """The catalog's and the API's ``export_ready=true`` filter reads the readiness grades."""
    try:
        from trading_house.catalog.queries import register_export_ready_condition
    except ImportError:  # pragma: no cover - the catalog area is always there
        return
    register_export_ready_condition(export_ready_condition)


@bp.before_request
def _signed_in():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


bp.register_error_handler(RateLimitExceeded, rate_limited_page)


@bp.get("/")
def index():
    """SMEs land on their enterprise's overview, staff on the verification queue."""
    enterprise = current_enterprise(current_user)
    if enterprise is not None:
        return redirect(url_for("readiness.overview", enterprise_id=enterprise.id))
    if policies.is_staff(current_user):
        return redirect(url_for("readiness.verification_queue"))
    abort(404)


@bp.get("/e/<int:enterprise_id>")
def overview(enterprise_id: int):
    enterprise = policies.viewable_enterprise(current_user, enterprise_id)
    ctx = ScoringContext.load()
    products = load_products(enterprise.id)
    outcome = assess_enterprise_all(enterprise, ctx, products)
    return render_template(
        "readiness/overview.html",
        enterprise=enterprise,
        template=ctx.template,
        outcome=outcome,
        products=[p for p in products if p.status != ProductStatus.ARCHIVED],
        can_edit=policies.is_member(current_user, enterprise.id),
    )


def _assess_page(enterprise, product=None, failed=None, status=200):
    """The self-assessment page; ``failed`` is (item id, bound form) to show with its errors."""
    ctx = ScoringContext.load()
    products = load_products(enterprise.id)
    outcome = assess_enterprise_all(enterprise, ctx, products)
    if product is None:
        results = outcome.enterprise_results
        assessment = outcome.enterprise
    else:
        assessment = outcome.products[product.id]
        results = [r for r in assessment.results if r.product_id == product.id]
    forms = {}
    for result in results:
        if failed and failed[0] == result.item.id:
            forms[result.item.id] = failed[1]
            continue
        answer = result.answer
        form = AnswerForm(
            prefix=f"a{result.item.id}",
            formdata=None,
            note=answer.note if answer else "",
            certificate_number=answer.certificate_number if answer else "",
            expires_on=answer.expires_on if answer else None,
            product_id=product.id if product else "",
        )
        forms[result.item.id] = form
    return render_template(
        "readiness/assess.html",
        enterprise=enterprise,
        product=product,
        template=ctx.template,
        assessment=assessment,
        results=results,
        forms=forms,
        can_edit=policies.is_member(current_user, enterprise.id),
        max_files=services.MAX_FILES_PER_ANSWER,
    ), status


@bp.get("/e/<int:enterprise_id>/business")
def assess_enterprise(enterprise_id: int):
    enterprise = policies.viewable_enterprise(current_user, enterprise_id)
    return _assess_page(enterprise)


@bp.get("/e/<int:enterprise_id>/products/<int:product_id>")
def assess_product(enterprise_id: int, product_id: int):
    enterprise = policies.viewable_enterprise(current_user, enterprise_id)
    product = policies.enterprise_product(enterprise, product_id)
    return _assess_page(enterprise, product)


@bp.post("/e/<int:enterprise_id>/answers/<int:item_id>")
@limit_uploads
def save_answer(enterprise_id: int, item_id: int):
    """Save one item's answer (and send it when asked); errors show next to the field."""
    enterprise = policies.editable_enterprise(current_user, enterprise_id)
    form = AnswerForm(prefix=f"a{item_id}")
    product_id = form.product_id.data or None
    product = policies.enterprise_product(enterprise, product_id) if product_id else None
    if form.validate():
        data = services.AnswerInput(
            note=form.note.data or "",
            certificate_number=form.certificate_number.data,
            expires_on=form.expires_on.data,
            uploads=tuple((f.read(), f.filename) for f in form.evidence.data or () if f.filename),
            remove=tuple(form.remove.data or ()),
            send=bool(form.send.data),
        )
        with unit_of_work(form, flash_form_errors=True) as work:
            answer = services.save_answer(enterprise, item_id, product_id, data, actor=current_user)
        if work.done:
            if answer.is_submitted:
                flash(_("Saved and sent to a curator for verification."), "success")
            else:
                flash(_("Saved. Send it for verification when it is complete."), "success")
            return redirect(_assess_url(enterprise, product) + f"#item-{item_id}")
    return _assess_page(enterprise, product, failed=(item_id, form), status=400)


def _assess_url(enterprise, product) -> str:
    if product is None:
        return url_for("readiness.assess_enterprise", enterprise_id=enterprise.id)
    return url_for("readiness.assess_product", enterprise_id=enterprise.id, product_id=product.id)


@bp.post("/e/<int:enterprise_id>/send")
def send_all(enterprise_id: int):
    enterprise = policies.editable_enterprise(current_user, enterprise_id)
    with unit_of_work():
        sent, incomplete = services.send_all_declared(enterprise, actor=current_user)
    if sent:
        flash(_("%(n)s answer(s) sent for verification.", n=sent), "success")
    if incomplete:
        flash(
            _("%(n)s saved answer(s) are not complete yet and were kept.", n=incomplete), "warning"
        )
    if not sent and not incomplete:
        flash(_("There is nothing saved to send."), "info")
    return redirect(url_for("readiness.overview", enterprise_id=enterprise.id))


@bp.get("/answers/<int:answer_id>/evidence")
def evidence(answer_id: int):
    """One evidence file (``?file=<document id>``, else the first): members of the enterprise,
    curators and admins; everyone else a 404."""
    answer = policies.viewable_answer(current_user, answer_id)
    wanted = request.args.get("file", type=int)
    document = next((d for d in answer.documents if wanted is None or d.id == wanted), None)
    if document is None:
        raise NotFound(_("This document does not exist."))
    return document_response(document)


def _report_locale(enterprise) -> str:
    """The SME's language: a member's own choice, else the owner's preferred language."""
    if policies.is_member(current_user, enterprise.id):
        return current_locale()
    owner = next((m.user for m in enterprise.members if m.role == "owner"), None)
    return (owner.preferred_language if owner else None) or "id"


@bp.get("/e/<int:enterprise_id>/gaps")
def gap_report(enterprise_id: int):
    enterprise = policies.viewable_enterprise(current_user, enterprise_id)
    report = build_gap_report(enterprise, current_locale())
    return render_template("readiness/gap_report.html", enterprise=enterprise, report=report)


@bp.get("/e/<int:enterprise_id>/gaps.pdf")
def gap_report_download(enterprise_id: int):
    enterprise = policies.viewable_enterprise(current_user, enterprise_id)
    locale = request.args.get("lang") if request.args.get("lang") in ("id", "en") else None
    report = build_gap_report(enterprise, locale or _report_locale(enterprise))
    pdf = gap_report_pdf(report)
    response = send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        download_name=f"gap-report-{enterprise.slug}.pdf",
        as_attachment=True,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
