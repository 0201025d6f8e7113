"""The curators' translation queue: English texts missing from published listings."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.core.uow import unit_of_work
from trading_house.curation import policies, translations
from trading_house.curation.blueprint import bp
from trading_house.curation.forms import TranslationForm


@bp.get("/curation/translations")
@login_required
def translation_queue():
    policies.require_reviewer(current_user)
    return render_template(
        "curation/translations.html",
        products=translations.translation_queue(),
        total=translations.translation_count(),
    )


@bp.route("/curation/translations/<int:product_id>", methods=["GET", "POST"])
@login_required
def translate(product_id: int):
    policies.require_reviewer(current_user)
    product = translations.translatable_product(product_id)
    if product is None:
        abort(404)
    form = TranslationForm(obj=product)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            translations.add_translation(
                product,
                name=form.name_english.data,
                description=form.description_english.data,
                materials=form.materials_english.data,
                actor=current_user,
            )
        if work.done:
            flash(_("English texts saved: buyers abroad read them now."), "success")
            return redirect(url_for("curation.translation_queue"))
    return render_template("curation/translate.html", product=product, form=form), (
        422 if form.errors else 200
    )
