"""Admin screen of the trading house's identity (``/admin/trading-house``)."""

from dataclasses import asdict

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_house.accounts.policies import admin_required
from trading_house.core.uow import unit_of_work
from trading_house.trade_documents import identity as service
from trading_house.trade_documents.blueprint import bp
from trading_house.trade_documents.forms import IdentityForm


@bp.route("/admin/trading-house", methods=["GET", "POST"])
@admin_required
def identity():
    """Name, address, registrations and bank printed on every document."""
    saved = service.saved_identity()
    current = service.current_identity()
    form = IdentityForm(data=asdict(current))
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            service.update_identity(form.data, actor=current_user)
        if work.done:
            flash(_("The trading house's identity is saved; every document prints it."), "success")
            return redirect(url_for("trade_documents.identity"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "trade_documents/identity.html", form=form, saved=saved, current=current
    ), status
