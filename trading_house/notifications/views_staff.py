"""The trading house's view of the WhatsApp channel: the outbox and the replies people sent."""

from flask import render_template, request

from trading_house.accounts.policies import staff_required
from trading_house.core.pagination import parse_page
from trading_house.notifications import services
from trading_house.notifications.client import is_configured
from trading_house.notifications.models import MessageStatus
from trading_house.notifications.views import bp


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
