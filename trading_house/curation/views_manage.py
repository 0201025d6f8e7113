"""Business pages: send for review, withdraw, reopen, edit a published listing (a revision),
the inbox."""

from types import SimpleNamespace

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.catalog import services as catalog
from trading_house.catalog.forms import ProductForm
from trading_house.catalog.rules import format_hs_code
from trading_house.core.pagination import parse_page
from trading_house.core.uow import unit_of_work
from trading_house.core.urls import safe_next
from trading_house.curation import notify, policies, revisions, services
from trading_house.curation.blueprint import bp


def _back_to_edit(product_id: int):
    return redirect(url_for("catalog.edit_product", product_id=product_id))


@bp.post("/business/products/<int:product_id>/send-for-review")
@login_required
def submit_listing(product_id: int):
    """Send for review, unless the pre-checks find blocking problems (then they are listed)."""
    product = policies.managed_product(current_user, product_id)
    with unit_of_work() as work:
        services.submit_listing(product, actor=current_user)
    if work.done:
        flash(_("Sent for review. We will let you know."), "success")
        return redirect(url_for("catalog.my_products"))
    return _back_to_edit(product_id)


@bp.post("/business/products/<int:product_id>/withdraw-review")
@login_required
def withdraw_listing(product_id: int):
    product = policies.managed_product(current_user, product_id)
    with unit_of_work() as work:
        services.withdraw_listing(product, actor=current_user)
    if work.done:
        flash(_("Taken back from review. It is a draft again."), "info")
    return _back_to_edit(product_id)


@bp.post("/business/products/<int:product_id>/reopen")
@login_required
def reopen_listing(product_id: int):
    product = policies.managed_product(current_user, product_id)
    with unit_of_work() as work:
        services.reopen_listing(product, actor=current_user)
    if work.done:
        flash(_("The listing is a draft again: rework it and send it once more."), "info")
    return _back_to_edit(product_id)


def _revision_as_object(product, data: dict):
    """Something ``ProductForm(obj=…)`` can read: the revision's values, tiers as rows."""
    values = dict(data)
    values["tiers"] = [SimpleNamespace(min_quantity=q, unit_price_idr=p) for q, p in data["tiers"]]
    values.setdefault("stock", product.stock)
    return SimpleNamespace(**values)


@bp.route("/business/products/<int:product_id>/revise", methods=["GET", "POST"])
@login_required
def edit_published(product_id: int):
    """Edit a published listing: the changes wait for a curator while buyers see the old ones."""
    product = policies.managed_product(current_user, product_id)
    if product.status not in catalog.PUBLISHED:
        return _back_to_edit(product_id)
    proposed = revisions.proposed_form_data(product)
    obj = _revision_as_object(product, proposed) if proposed else product
    form = ProductForm(obj=obj, categories=catalog.all_categories())
    if request.method == "GET":
        form.hs_code.data = format_hs_code(obj.hs_code)
        filled = all(e.form.min_quantity.data is not None for e in form.tiers.entries)
        if filled and len(form.tiers.entries) < form.tiers.max_entries:
            form.tiers.append_entry()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            result = revisions.save_published_edit(product, form.product_data(), actor=current_user)
        if work.done:
            flash(_outcome_message(result), "success")
            return redirect(url_for("curation.edit_published", product_id=product_id))
        if isinstance(work.error, revisions.PrecheckFailed):
            _mark_problems(form, work.error.report)
    return render_template(
        "catalog/manage/form.html", form=form, enterprise=product.enterprise, product=product
    ), (422 if form.errors else 200)


def _mark_problems(form, report) -> None:
    """Each blocking pre-check problem next to its field (or above the form)."""
    for problem in report.blocking:
        target = getattr(form, problem.field, None)
        if target is not None:
            target.errors = [*target.errors, str(problem.message)]
        else:
            form.form_errors.append(f"{problem.field_label}: {problem.message}")


def _outcome_message(result) -> str:
    if result.outcome == revisions.EditOutcome.REVIEW:
        return _(
            "Your changes were sent for review. Buyers see the published version until a "
            "curator approves them."
        )
    if result.outcome == revisions.EditOutcome.PUBLISHED:
        return _("Published: the change is within the limits that need no review.")
    if result.outcome == revisions.EditOutcome.WITHDRAWN:
        return _("Your proposed changes were withdrawn; buyers see the published version.")
    if result.stock_applied:
        return _("Stock updated.")
    return _("Nothing changed.")


@bp.post("/business/products/<int:product_id>/revision/withdraw")
@login_required
def withdraw_revision(product_id: int):
    product = policies.managed_product(current_user, product_id)
    revision = revisions.open_revision(product.id)
    if revision is None:
        flash(_("There are no proposed changes to withdraw."), "info")
        return _back_to_edit(product_id)
    with unit_of_work() as work:
        revisions.withdraw(revision, actor=current_user)
    if work.done:
        flash(_("Your proposed changes were withdrawn; buyers see the published version."), "info")
    return _back_to_edit(product_id)


@bp.get("/business/inbox")
@login_required
def inbox():
    page = notify.notification_inbox(current_user, parse_page(request.args.get("page")))
    return render_template("curation/inbox.html", page=page)


@bp.post("/business/inbox/read")
@login_required
def mark_read():
    notification_id = request.form.get("id", type=int)
    with unit_of_work():
        notify.mark_notifications_read(current_user, notification_id)
    return redirect(safe_next(request.form.get("go"), url_for("curation.inbox")))
