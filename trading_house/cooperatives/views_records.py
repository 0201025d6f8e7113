"""The cooperative's yearly records: RAT meetings with their minutes, financial statements (form
or XLSX/CSV upload from the template) and audit reports."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_required

from trading_house.cooperatives import queries, services, statements
from trading_house.cooperatives.blueprint import bp
from trading_house.cooperatives.forms import (
    AuditReportForm,
    RatForm,
    StatementForm,
    StatementUploadForm,
)
from trading_house.cooperatives.models import AuditReport, FinancialStatement, RatRecord
from trading_house.cooperatives.policies import (
    can_edit_records,
    editable_cooperative,
    readable_cooperative,
)
from trading_house.cooperatives.ratios import RATIO_KEYS, ratios_for
from trading_house.core.clock import business_today
from trading_house.core.models import Document
from trading_house.core.templating import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.core.uploads import document_response, limit_uploads, rate_limited_page
from trading_house.extensions import db

bp.register_error_handler(RateLimitExceeded, rate_limited_page)


def _upload(field):
    """(bytes, filename) of a file field, or None when no file was chosen."""
    storage = field.data
    if not storage or not getattr(storage, "filename", None):
        return None
    return storage.read(), storage.filename


@bp.route("/<int:cooperative_id>/rat", methods=["GET", "POST"])
@login_required
@limit_uploads
def rat(cooperative_id):
    """The annual members' meetings: held, reported, minutes; a new one or a correction."""
    cooperative = editable_cooperative(current_user, cooperative_id)
    form = RatForm()
    if request.method == "GET" and not form.year.data:
        form.year.data = business_today().year - 1
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.record_rat(
                cooperative,
                year=form.year.data,
                held_on=form.held_on.data,
                reported_on=form.reported_on.data,
                attendance=form.attendance.data,
                online=form.online.data,
                minutes=_upload(form.minutes),
                actor=current_user,
            )
        if work.done:
            flash(_("The RAT is recorded."), "success")
            return redirect(url_for("cooperatives.rat", cooperative_id=cooperative.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "cooperatives/rat.html",
        cooperative=cooperative,
        form=form,
        rat_years=queries.rat_years(cooperative),
    ), status


@bp.route("/<int:cooperative_id>/rat/<int:year>/notulen")
@login_required
def rat_minutes(cooperative_id, year):
    cooperative = readable_cooperative(current_user, cooperative_id)
    record = db.session.scalar(
        db.select(RatRecord).where(
            RatRecord.cooperative_id == cooperative.id, RatRecord.year == year
        )
    )
    document = (
        db.session.get(Document, record.minutes_document_id)
        if record and record.minutes_document_id
        else None
    )
    if document is None:
        abort(404)
    return document_response(document)


@bp.route("/<int:cooperative_id>/laporan-keuangan")
@login_required
def statement_list(cooperative_id):
    """Every year's statement with its totals and ratios."""
    cooperative = readable_cooperative(current_user, cooperative_id)
    rows = [(s, ratios_for(s)) for s in queries.statements(cooperative)]
    return render_template(
        "cooperatives/statements.html",
        cooperative=cooperative,
        rows=rows,
        ratio_keys=RATIO_KEYS,
        can_edit=can_edit_records(current_user, cooperative),
        upload_form=StatementUploadForm(),
        year=business_today().year - 1,
    )


@bp.route("/<int:cooperative_id>/laporan-keuangan/isi", methods=["GET", "POST"])
@login_required
def statement_form(cooperative_id):
    """Type a year's balance sheet and income statement (a draft until submitted)."""
    cooperative = editable_cooperative(current_user, cooperative_id)
    form = StatementForm()
    existing = None
    if request.method == "GET":
        year = request.args.get("year", type=int) or business_today().year - 1
        existing = statements.statement_for(cooperative, year)
        form = StatementForm(obj=existing) if existing else StatementForm(data={"year": year})
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            statements.save_statement(cooperative, form.year.data, form.lines(), actor=current_user)
        if work.done:
            flash(_("The statement is saved as a draft. Submit it when it is final."), "success")
            return redirect(url_for("cooperatives.statement_list", cooperative_id=cooperative.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "cooperatives/statement_form.html",
        cooperative=cooperative,
        form=form,
        existing=existing,
        lines=FinancialStatement,
    ), status


@bp.post("/<int:cooperative_id>/laporan-keuangan/unggah")
@login_required
@limit_uploads
def statement_upload(cooperative_id):
    cooperative = editable_cooperative(current_user, cooperative_id)
    form = StatementUploadForm()
    upload = _upload(form.file) if form.validate_on_submit() else None
    if upload is None:
        flash(_("Choose the file to upload."), "danger")
        return redirect(url_for("cooperatives.statement_list", cooperative_id=cooperative.id))
    with unit_of_work() as work:
        saved = statements.import_statement(
            cooperative, upload[0], actor=current_user, locale=current_locale()
        )
    if work.done:
        flash(_("The statement of %(year)s is read from the file and saved as a draft.",
                year=saved.year), "success")  # fmt: skip
    return redirect(url_for("cooperatives.statement_list", cooperative_id=cooperative.id))


@bp.route("/<int:cooperative_id>/laporan-keuangan/template.<fmt>")
@login_required
def statement_template(cooperative_id, fmt):
    readable_cooperative(current_user, cooperative_id)
    year = business_today().year - 1
    if fmt == "csv":
        body, mimetype = statements.template_csv(year), "text/csv"
    elif fmt == "xlsx":
        body, mimetype = statements.template_xlsx(year), statements.XLSX_TYPE
    else:
        abort(404)
    return (
        body,
        200,
        {
            "Content-Type": mimetype,
            "Content-Disposition": f'attachment; filename="laporan-keuangan-{year}.{fmt}"',
            "Cache-Control": "private, no-store",
        },
    )


def _year_statement(cooperative, year) -> FinancialStatement:
    statement = statements.statement_for(cooperative, year)
    if statement is None:
        abort(404)
    return statement


@bp.post("/<int:cooperative_id>/laporan-keuangan/<int:year>/kirim")
@login_required
def submit_statement(cooperative_id, year):
    cooperative = editable_cooperative(current_user, cooperative_id)
    statement = _year_statement(cooperative, year)
    with unit_of_work() as work:
        statements.submit_statement(statement, actor=current_user)
    if work.done:
        flash(_("The statement of %(year)s is submitted.", year=year), "success")
    return redirect(url_for("cooperatives.statement_list", cooperative_id=cooperative.id))


@bp.post("/<int:cooperative_id>/laporan-keuangan/<int:year>/buka")
@login_required
def reopen_statement(cooperative_id, year):
    cooperative = editable_cooperative(current_user, cooperative_id)
    statement = _year_statement(cooperative, year)
    with unit_of_work() as work:
        statements.reopen_statement(statement, actor=current_user)
    if work.done:
        flash(_("The statement of %(year)s is a draft again.", year=year), "success")
    return redirect(url_for("cooperatives.statement_list", cooperative_id=cooperative.id))


@bp.route("/<int:cooperative_id>/audit", methods=["GET", "POST"])
@login_required
@limit_uploads
def audit_reports(cooperative_id):
    """Reports of public accountants, one per year."""
    cooperative = editable_cooperative(current_user, cooperative_id)
    form = AuditReportForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.add_audit_report(
                cooperative,
                year=form.year.data,
                auditor=form.auditor.data,
                opinion=form.opinion.data,
                issued_on=form.issued_on.data,
                report=_upload(form.report),
                actor=current_user,
            )
        if work.done:
            flash(_("The audit report is added."), "success")
            return redirect(url_for("cooperatives.audit_reports", cooperative_id=cooperative.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "cooperatives/audit_reports.html",
        cooperative=cooperative,
        form=form,
        reports=queries.audit_reports(cooperative),
    ), status


@bp.route("/<int:cooperative_id>/audit/<int:audit_report_id>")
@login_required
def audit_report_file(cooperative_id, audit_report_id):
    cooperative = readable_cooperative(current_user, cooperative_id)
    report = db.session.get(AuditReport, audit_report_id)
    if report is None or report.cooperative_id != cooperative.id:
        abort(404)
    document = db.session.get(Document, report.report_document_id)
    if document is None:
        abort(404)
    return document_response(document)
