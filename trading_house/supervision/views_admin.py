"""Admins: worksheet versions (copy, edit weights, bands and cut-offs, publish, confirm) and
certificates (revoke)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_house.accounts.policies import admin_required
from trading_house.core.errors import NotFound
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.supervision import certificates, queries, worksheets
from trading_house.supervision.blueprint import bp
from trading_house.supervision.forms import ConfirmForm, CutoffsForm, ItemForm, RevokeForm
from trading_house.supervision.models import HealthCertificate, WorksheetItem, WorksheetTemplate


def _template(worksheet_id: int) -> WorksheetTemplate:
    template = db.session.get(WorksheetTemplate, worksheet_id)
    if template is None:
        raise NotFound(_("Worksheet not found."))
    return template


def _render(template: WorksheetTemplate, *, cutoffs_form=None, item_forms=None, status=200):
    item_forms = item_forms or {}
    forms = {}
    for item in template.items:
        form = item_forms.get(item.id) or ItemForm(prefix=f"i{item.id}", formdata=None)
        if item.id not in item_forms:
            form.weight.data = item.weight
            form.legal_source.data = item.legal_source
            if item.is_ratio and item.bands:
                form.better.data = item.bands.get("better")
                limits = list(item.bands.get("limits", [])) + ["", "", ""]
                form.limit_4.data, form.limit_3.data, form.limit_2.data = limits[:3]
        forms[item.id] = form
    if cutoffs_form is None:
        cutoffs_form = CutoffsForm(formdata=None, data=dict(template.cutoffs or {}))
    return (
        render_template(
            "supervision/admin/worksheet.html",
            template=template,
            item_forms=forms,
            cutoffs_form=cutoffs_form,
            form=ConfirmForm(),
        ),
        status,
    )


@bp.get("/admin/kertas-kerja")
@admin_required
def admin_worksheets():
    return render_template(
        "supervision/admin/worksheets.html", templates=queries.templates(), form=ConfirmForm()
    )


@bp.get("/admin/kertas-kerja/<int:worksheet_id>")
@admin_required
def admin_worksheet(worksheet_id: int):
    return _render(_template(worksheet_id))


@bp.post("/admin/kertas-kerja/<int:worksheet_id>/salin")
@admin_required
def admin_worksheet_copy(worksheet_id: int):
    template = _template(worksheet_id)
    if ConfirmForm().validate_on_submit():
        with unit_of_work() as work:
            draft = worksheets.start_draft(template, actor=current_user)
        if work.done:
            flash(_("Draft version %(version)s made.", version=draft.version), "success")
            return redirect(url_for("supervision.admin_worksheet", worksheet_id=draft.id))
    return redirect(url_for("supervision.admin_worksheet", worksheet_id=template.id))


@bp.post("/admin/kertas-kerja/<int:worksheet_id>/butir/<int:worksheet_item_id>")
@admin_required
def admin_worksheet_item(worksheet_id: int, worksheet_item_id: int):
    template = _template(worksheet_id)
    item = db.session.get(WorksheetItem, worksheet_item_id)
    if item is None or item.template_id != template.id:
        raise NotFound(_("Worksheet not found."))
    form = ItemForm(prefix=f"i{item.id}")
    if form.validate_on_submit():
        limits = [form.limit_4.data, form.limit_3.data, form.limit_2.data]
        with unit_of_work(form) as work:
            worksheets.update_item(
                template,
                item,
                weight=form.weight.data,
                better=form.better.data,
                limits=limits if item.is_ratio else None,
                legal_source=form.legal_source.data,
                actor=current_user,
            )
        if work.done:
            flash(_("Item %(code)s saved.", code=item.code), "success")
            return redirect(url_for("supervision.admin_worksheet", worksheet_id=template.id))
    return _render(template, item_forms={item.id: form}, status=422)


@bp.post("/admin/kertas-kerja/<int:worksheet_id>/batas")
@admin_required
def admin_worksheet_cutoffs(worksheet_id: int):
    template = _template(worksheet_id)
    form = CutoffsForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            worksheets.update_cutoffs(
                template,
                {
                    "sehat": form.sehat.data,
                    "cukup_sehat": form.cukup_sehat.data,
                    "dalam_pengawasan": form.dalam_pengawasan.data,
                },
                actor=current_user,
            )
        if work.done:
            flash(_("Cut-offs saved."), "success")
            return redirect(url_for("supervision.admin_worksheet", worksheet_id=template.id))
    return _render(template, cutoffs_form=form, status=422)


@bp.post("/admin/kertas-kerja/<int:worksheet_id>/terbitkan")
@admin_required
def admin_worksheet_publish(worksheet_id: int):
    template = _template(worksheet_id)
    if ConfirmForm().validate_on_submit():
        with unit_of_work() as work:
            worksheets.publish(template, actor=current_user)
        if work.done:
            flash(_("Version %(version)s is published.", version=template.version), "success")
    return redirect(url_for("supervision.admin_worksheet", worksheet_id=template.id))


@bp.post("/admin/kertas-kerja/<int:worksheet_id>/konfirmasi")
@admin_required
def admin_worksheet_confirm(worksheet_id: int):
    template = _template(worksheet_id)
    if ConfirmForm().validate_on_submit():
        with unit_of_work() as work:
            worksheets.confirm_worksheet(template, actor=current_user)
        if work.done:
            flash(_("Confirmed against the regulations."), "success")
    return redirect(url_for("supervision.admin_worksheet", worksheet_id=template.id))


@bp.get("/admin/sertifikat")
@admin_required
def admin_certificates():
    return render_template(
        "supervision/admin/certificates.html",
        certificates=queries.certificates(),
        form=RevokeForm(formdata=None),
    )


@bp.post("/admin/sertifikat/<int:certificate_id>/cabut")
@admin_required
def admin_revoke_certificate(certificate_id: int):
    certificate = db.session.get(HealthCertificate, certificate_id)
    if certificate is None:
        raise NotFound(_("Certificate not found."))
    form = RevokeForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            certificates.revoke(certificate, actor=current_user, reason=form.reason.data)
        if work.done:
            flash(_("Certificate %(number)s revoked.", number=certificate.number), "success")
            return redirect(url_for("supervision.admin_certificates"))
    return (
        render_template(
            "supervision/admin/certificates.html",
            certificates=queries.certificates(),
            form=form,
            failed_id=certificate.id,
        ),
        422,
    )
