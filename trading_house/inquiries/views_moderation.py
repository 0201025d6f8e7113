"""Moderation routes (on ``inquiries``): report, close, reopen, block; reports, blocks, settings."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.inquiries import moderation as moderation_services
from trading_house.inquiries import queries
from trading_house.inquiries.blueprint import bp
from trading_house.inquiries.forms import BlockForm, CloseForm, ReasonForm, SettingsForm
from trading_house.inquiries.models import Block, Report
from trading_house.inquiries.views import (
    back_to,
    inquiry_work,
    refused,
    render_thread,
    thread_or_404,
)
from trading_house.inquiries.views_rfq import _staff_only


@bp.post("/<int:inquiry_id>/report")
@login_required
def report(inquiry_id: int):
    inquiry = thread_or_404(inquiry_id)
    form = ReasonForm()
    if form.validate_on_submit():
        with inquiry_work(form) as work:
            moderation_services.report_thread(current_user, inquiry, form.reason.data)
        if work.done:
            flash(_("Thank you. The trading house will look at this conversation."), "success")
            return back_to(inquiry)
        if refused(work):
            return back_to(inquiry)
    return render_thread(inquiry, status=422, report_form=form)


@bp.post("/<int:inquiry_id>/close")
@login_required
def close(inquiry_id: int):
    inquiry = thread_or_404(inquiry_id)
    if not current_user.is_staff:
        abort(404)
    form = CloseForm()
    form.validate_on_submit()
    with inquiry_work() as work:
        moderation_services.close_thread(current_user, inquiry, note=form.note.data or "")
    if work.done:
        flash(_("The conversation is closed."), "success")
    return back_to(inquiry)


@bp.post("/<int:inquiry_id>/reopen")
@login_required
def reopen(inquiry_id: int):
    inquiry = thread_or_404(inquiry_id)
    if not current_user.is_staff:
        abort(404)
    with inquiry_work() as work:
        moderation_services.reopen_thread(current_user, inquiry)
    if work.done:
        flash(_("The conversation is open again."), "success")
    return back_to(inquiry)


@bp.post("/<int:inquiry_id>/block")
@login_required
def block(inquiry_id: int):
    inquiry = thread_or_404(inquiry_id)
    if not current_user.is_staff:
        abort(404)
    form = BlockForm()
    try:
        target = int(form.user_id.data or 0)
    except ValueError:
        target = 0
    with inquiry_work() as work:
        moderation_services.block_sender(
            current_user, inquiry, target, reason=form.reason.data or ""
        )
    if work.done:
        flash(_("The sender is blocked: they can no longer send inquiries or messages."), "success")
    return back_to(inquiry)


@bp.get("/moderation")
@login_required
def moderation():
    _staff_only()
    blocks = db.session.scalars(
        select(Block).options(selectinload(Block.user)).order_by(Block.id.desc())
    ).all()
    return render_template(
        "inquiries/moderation.html", reports=queries.open_reports(), blocks=blocks
    )


@bp.post("/reports/<int:report_id>/resolve")
@login_required
def resolve_report(report_id: int):
    _staff_only()

    report = db.session.get(Report, report_id)
    if report is None:
        abort(404)
    with unit_of_work() as work:
        moderation_services.resolve_report(current_user, report)
    if work.done:
        flash(_("The report is marked as handled."), "success")
    return redirect(url_for("inquiries.moderation"))


@bp.post("/blocks/<int:block_id>/remove")
@login_required
def unblock(block_id: int):
    _staff_only()
    with unit_of_work() as work:
        moderation_services.unblock(current_user, block_id)
    if work.done:
        flash(_("The sender may write again."), "success")
    return redirect(url_for("inquiries.moderation"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    if not current_user.has_role("admin"):
        abort(404)
    row = queries.settings()
    form = SettingsForm(obj=row)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            moderation_services.save_settings(
                current_user, open_requests_to_category=form.open_requests_to_category.data
            )
        if work.done:
            flash(_("Settings saved."), "success")
            return redirect(url_for("inquiries.settings"))
    return render_template("inquiries/settings.html", form=form)
