"""Ledger screens: balances, an enterprise's entries, payouts, CSV export, commission rates."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, fresh_login_required, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from trading_house.accounts.policies import admin_page_guard
from trading_house.catalog.models import Category
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.templating import current_locale
from trading_house.core.tx import commit, rollback
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.policies import member_enterprise
from trading_house.extensions import db
from trading_house.orders.models import CommissionRate
from trading_house.payments import ledger, services
from trading_house.payments.blueprint import bp
from trading_house.payments.forms import CommissionForm, PayoutForm, PayoutRuleForm


@bp.get("/admin/ledger")
def ledger_overview(rule_form=None, status: int = 200):
    admin_page_guard()
    balances = ledger.balances()
    enterprises = db.session.scalars(
        select(Enterprise).where(Enterprise.id.in_(list(balances))).order_by(Enterprise.name)
    ).all()
    return render_template(
        "payments/admin/ledger.html",
        rows=[(e, balances[e.id]) for e in enterprises],
        differences=services.open_differences(),
        books=ledger.books(),
        house_entries=ledger.house_entries(limit=50),
        rule_form=rule_form or PayoutRuleForm(payable_after=ledger.payable_after()),
    ), status


@bp.post("/admin/ledger/payout-rule")
@fresh_login_required
def payout_rule():
    """When lines may be paid out: once shipped, or once the buyer received them."""
    admin_page_guard()
    form = PayoutRuleForm()
    if not form.validate_on_submit():
        return ledger_overview(rule_form=form, status=422)
    ledger.set_payable_after(form.payable_after.data, actor=current_user)
    commit()
    flash(_("Payout rule saved."), "success")
    return redirect(url_for("payments.ledger_overview"))


def _enterprise(enterprise_id: int) -> Enterprise:
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None:
        abort(404)
    return enterprise


@bp.get("/admin/ledger/<int:enterprise_id>")
def enterprise_ledger(enterprise_id: int, form=None, status: int = 200):
    admin_page_guard()
    enterprise = _enterprise(enterprise_id)
    return render_template(
        "payments/ledger_detail.html",
        enterprise=enterprise,
        balance=ledger.balance(enterprise.id),
        entries=ledger.entries(enterprise.id),
        form=form or PayoutForm(),
        payable_after=ledger.payable_after(),
        admin=True,
    ), status


@bp.post("/admin/ledger/<int:enterprise_id>/payouts")
@fresh_login_required
def record_payout(enterprise_id: int):
    admin_page_guard()
    enterprise = _enterprise(enterprise_id)
    form = PayoutForm()
    if not form.validate_on_submit():
        return enterprise_ledger(enterprise_id, form=form, status=422)
    try:
        ledger.record_payout(
            enterprise.id,
            form.amount.data,
            paid_on=form.paid_on.data,
            reference=form.reference.data,
            note=form.note.data,
            actor=current_user,
        )
        commit()
    except DomainError as exc:
        rollback()
        getattr(form, exc.field or "amount").errors = [exc.message]
        return enterprise_ledger(enterprise_id, form=form, status=422)
    flash(_("Payout recorded."), "success")
    return redirect(url_for("payments.enterprise_ledger", enterprise_id=enterprise_id))


@bp.get("/admin/ledger/<int:enterprise_id>.csv")
def ledger_csv(enterprise_id: int):
    admin_page_guard()
    enterprise = _enterprise(enterprise_id)
    return _csv(enterprise)


def _csv(enterprise: Enterprise) -> Response:
    return Response(
        ledger.ledger_csv(enterprise.id),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="ledger-{enterprise.slug}.csv"'},
    )


@bp.get("/ledger/<int:enterprise_id>")
@login_required
def my_ledger(enterprise_id: int):
    """An enterprise's own ledger, for its members."""
    try:
        enterprise = member_enterprise(current_user, enterprise_id)
    except NotFound:
        abort(404)
    return render_template(
        "payments/ledger_detail.html",
        enterprise=enterprise,
        balance=ledger.balance(enterprise.id),
        entries=ledger.entries(enterprise.id),
        form=None,
        payable_after=ledger.payable_after(),
        admin=False,
    )


@bp.get("/ledger/<int:enterprise_id>.csv")
@login_required
def my_ledger_csv(enterprise_id: int):
    try:
        enterprise = member_enterprise(current_user, enterprise_id)
    except NotFound:
        abort(404)
    return _csv(enterprise)


@bp.route("/admin/commission", methods=["GET", "POST"])
def commission():
    admin_page_guard()
    locale = current_locale()
    categories = db.session.scalars(select(Category).order_by(Category.name_english)).all()
    form = CommissionForm()
    form.category_id.choices = [SelectChoice("", _("Default (all categories)"))] + [
        SelectChoice(str(c.id), c.name_for(locale)) for c in categories
    ]
    status = 200
    if form.validate_on_submit():
        category_id = int(form.category_id.data) if form.category_id.data.isdigit() else None
        try:
            ledger.set_commission(category_id, form.rate.data, actor=current_user)
            commit()
        except DomainError as exc:
            rollback()
            form.rate.errors = [exc.message]
            status = 422
        else:
            flash(_("Commission saved."), "success")
            return redirect(url_for("payments.commission"))
    elif form.is_submitted():
        status = 422
    rates = db.session.scalars(select(CommissionRate)).all()
    return render_template(
        "payments/admin/commission.html",
        form=form,
        rates=rates,
        default_bp=ledger.commission_bp_for(None),
    ), status
