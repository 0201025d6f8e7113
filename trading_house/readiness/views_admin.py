"""Admin pages: checklist versions and items, grade thresholds, destination rules."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from trading_house.catalog.models import Category
from trading_house.core.i18n import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.extensions import db
from trading_house.readiness import checklist, destinations, policies, services
from trading_house.readiness.blueprint import bp
from trading_house.readiness.forms import ItemForm, PublishForm, RuleForm, SettingsForm


def _category_choices() -> list[tuple[int, str]]:
    """Top-level categories, each followed by its children (marked with a dash)."""
    locale = current_locale()
    categories = list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))
    result = []
    for top in (c for c in categories if c.parent_id is None):
        result.append((top.id, top.name_for(locale)))
        result += [(c.id, f"— {c.name_for(locale)}") for c in categories if c.parent_id == top.id]
    return result


@bp.get("/admin/templates")
def admin_templates():
    policies.require_admin(current_user)
    return render_template(
        "readiness/admin/templates.html",
        templates=checklist.all_templates(),
        draft=checklist.draft_template(),
    )


@bp.post("/admin/templates/draft")
def admin_start_draft():
    policies.require_admin(current_user)
    with unit_of_work() as work:
        draft = checklist.start_checklist_draft(actor=current_user)
    if not work.done:
        return redirect(url_for("readiness.admin_templates"))
    flash(_("Draft version %(v)s is open for changes.", v=draft.version), "info")
    return redirect(url_for("readiness.admin_template", template_id=draft.id))


@bp.get("/admin/templates/<int:template_id>")
def admin_template(template_id: int, publish_form=None, status: int = 200):
    policies.require_admin(current_user)
    template = checklist.get_template(template_id)
    return render_template(
        "readiness/admin/template.html",
        template=template,
        publish_form=publish_form or PublishForm(formdata=None),
        current=checklist.current_template(),
    ), status


@bp.post("/admin/templates/<int:template_id>/publish")
def admin_publish(template_id: int):
    policies.require_admin(current_user)
    template = checklist.get_template(template_id)
    form = PublishForm()
    if form.validate():
        with unit_of_work() as work:
            result = services.publish_template(template, actor=current_user, notes=form.notes.data)
        if work.done:
            flash(
                _(
                    "Version %(v)s published: %(kept)s answers kept, %(changed)s changed items "
                    "must be answered again.",
                    v=result.template.version,
                    kept=result.kept_answers,
                    changed=len(result.changed_codes),
                ),
                "success",
            )
            return redirect(url_for("readiness.admin_templates"))
    return admin_template(template_id, publish_form=form, status=400)


def _item_page(template, form, item=None, status=200):
    return render_template(
        "readiness/admin/item_form.html", template=template, form=form, item=item
    ), status


def _item_data(form: ItemForm) -> dict:
    data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
    data["position"] = data.get("position") or 0
    return data


@bp.route("/admin/templates/<int:template_id>/items/new", methods=["GET", "POST"])
def admin_item_new(template_id: int):
    policies.require_admin(current_user)
    template = checklist.get_template(template_id)
    form = ItemForm(categories=_category_choices())
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            checklist.save_item(template, _item_data(form))
        if work.failed:
            return _item_page(template, form, status=400)
        flash(_("Item added."), "success")
        return redirect(url_for("readiness.admin_template", template_id=template.id))
    return _item_page(template, form, status=400 if request.method == "POST" else 200)


@bp.route("/admin/items/<int:item_id>", methods=["GET", "POST"])
def admin_item_edit(item_id: int):
    policies.require_admin(current_user)
    item = checklist.get_item(item_id)
    template = item.template
    form = ItemForm(obj=item, categories=_category_choices())
    if request.method == "GET":
        form.category_ids.data = [c.id for c in item.categories]
        form.number_format.data = item.number_format or ""
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            checklist.save_item(template, _item_data(form), item)
        if work.failed:
            return _item_page(template, form, item, status=400)
        flash(_("Item saved."), "success")
        return redirect(url_for("readiness.admin_template", template_id=template.id))
    return _item_page(template, form, item, status=400 if request.method == "POST" else 200)


@bp.post("/admin/items/<int:item_id>/delete")
def admin_item_delete(item_id: int):
    policies.require_admin(current_user)
    item = checklist.get_item(item_id)
    template_id = item.template_id
    with unit_of_work() as work:
        checklist.delete_item(item)
    if work.done:
        flash(_("Item removed from the draft."), "success")
    return redirect(url_for("readiness.admin_template", template_id=template_id))


@bp.route("/admin/settings", methods=["GET", "POST"])
def admin_settings():
    policies.require_admin(current_user)
    form = SettingsForm(obj=checklist.readiness_settings())
    if form.validate_on_submit():
        values = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        with unit_of_work(form) as work:
            services.change_settings(values, actor=current_user)
        if work.done:
            flash(_("Thresholds saved; every grade was recomputed."), "success")
            return redirect(url_for("readiness.admin_settings"))
    status = 400 if request.method == "POST" else 200
    return render_template("readiness/admin/settings.html", form=form), status


@bp.route("/admin/destinations", methods=["GET", "POST"])
def admin_rules():
    policies.require_admin(current_user)
    form = RuleForm(categories=_category_choices())
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        with unit_of_work(form) as work:
            destinations.add_rule(data)
        if work.done:
            flash(_("Rule added."), "success")
            return redirect(url_for("readiness.admin_rules"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "readiness/admin/rules.html",
        form=form,
        rules=destinations.all_rules(),
        market_labels=destinations.MARKET_LABELS,
    ), status


@bp.post("/admin/destinations/<int:rule_id>/delete")
def admin_rule_delete(rule_id: int):
    policies.require_admin(current_user)
    with unit_of_work():
        destinations.delete_rule(rule_id)
    flash(_("Rule deleted."), "success")
    return redirect(url_for("readiness.admin_rules"))
