"""The trading house's view of the WhatsApp channel: the outbox and the replies people sent."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_house.accounts.policies import staff_required
from trading_house.core.pagination import parse_page
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.notifications import services
from trading_house.notifications.blueprint import bp
from trading_house.notifications.client import is_configured
from trading_house.notifications.models import MessageStatus, WhatsAppMessage
from trading_house.notifications.outbox import resend


@bp.get("/staff/whatsapp")
@staff_required
def staff_outbox():
    status = request.args.get("status", "")
    if status not in {s.value for s in MessageStatus}:
        status = ""
    return render_template(
        "notifications/staff_outbox.html",
        page=services.outbox_page(status or None, parse_page(request.args.get("page"))),
        replies=services.recent_replies(),
        statuses=list(MessageStatus),
        status=status,
        channel_on=is_configured(),
    )


@bp.post("/staff/whatsapp/<int:whatsapp_message_id>/resend")
@staff_required
def staff_resend(whatsapp_message_id: int):
    message = db.get_or_404(WhatsAppMessage, whatsapp_message_id)
    with unit_of_work() as work:
        new = resend(message, actor=current_user)
    if work.done:
        if new.status == MessageStatus.REFUSED:
            flash(
                _("Not sent again: %(reason)s", reason=new.last_error or ""),
                "warning",
            )
        else:
            flash(_("The message will be sent again."), "success")
    return redirect(url_for("notifications.staff_outbox", status=request.args.get("status", "")))
