"""Administrators register a cooperative and invite its first officer."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trading_house.accounts.policies import admin_required
from trading_house.cooperatives import services
from trading_house.cooperatives.blueprint import bp
from trading_house.cooperatives.forms import CreateCooperativeForm
from trading_house.core.uow import unit_of_work


@bp.route("/admin/baru", methods=["GET", "POST"])
@admin_required
def admin_new():
    form = CreateCooperativeForm()
    if form.validate_on_submit():
        values = form.values() | {"enterprise_slug": form.enterprise_slug.data}
        with unit_of_work(form) as work:
            cooperative = services.create_cooperative(
                values,
                officer_name=form.officer_name.data,
                officer_email=form.officer_email.data,
                officer_position=form.officer_position.data,
                actor=current_user,
            )
        if work.done:
            flash(
                _("%(name)s is registered; its officer has an e-mail on how to sign in.",
                  name=cooperative.name),
                "success",
            )  # fmt: skip
            return redirect(url_for("cooperatives.overview", cooperative_id=cooperative.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("cooperatives/admin_new.html", form=form), status
