"""Photos of one listing: upload (each file validated on its own), order, main, alt, delete."""

from collections.abc import Sequence

from flask import abort, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from trading_house.catalog import photos
from trading_house.catalog.blueprint import bp
from trading_house.catalog.forms import PhotoAltForm
from trading_house.catalog.policies import managed_photo, managed_product
from trading_house.catalog.rules import MIN_PHOTO_LONG_SIDE, MIN_PHOTOS, UPLOAD_LONG_SIDE
from trading_house.core.errors import DomainError
from trading_house.core.uow import unit_of_work


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


#: Photos added since the photos page was last shown, per product. The upload script sends one
#: file per request; the page it reloads then says "2 photos added." once, not
#: "1 photo added." twice.
ADDED_KEY = "photos_added"


def _count_added(product, added: int) -> None:
    counts = dict(session.get(ADDED_KEY) or {})
    counts[str(product.id)] = counts.get(str(product.id), 0) + added
    session[ADDED_KEY] = counts


def _announce_added(product) -> None:
    counts = dict(session.get(ADDED_KEY) or {})
    added = counts.pop(str(product.id), 0)
    if not added:
        return
    if counts:
        session[ADDED_KEY] = counts
    else:
        session.pop(ADDED_KEY)
    flash(ngettext("%(num)d photo added.", "%(num)d photos added.", added), "success")


@bp.get("/business/products/<int:product_id>/photos")
@login_required
def product_photos(product_id: int):
    product = managed_product(current_user, product_id)
    _announce_added(product)
    return render_template(
        "catalog/manage/photos.html",
        product=product,
        max_photos=photos.MAX_PHOTOS,
        min_photos=MIN_PHOTOS,
        min_px=MIN_PHOTO_LONG_SIDE,
        upload_px=UPLOAD_LONG_SIDE,
        alt_form=PhotoAltForm(),
        editable=product.is_editable,
    )


@bp.post("/business/products/<int:product_id>/photos")
@login_required
def upload_photos(product_id: int):
    """Each file is validated and stored on its own: a bad one never blocks the good ones.

    ``static/js/photo-upload.js`` shrinks each photo and sends one file per request (so eight
    large photos fit under MAX_CONTENT_LENGTH) and asks for JSON; without JavaScript the form
    posts all files at once.
    """
    product = managed_product(current_user, product_id)
    files = [f for f in request.files.getlist("photos") if f and f.filename]
    if not product.is_editable:
        return _upload_answer(product, 0, [("", _("Restore this listing before you edit it."))])
    if not files:
        return _upload_answer(product, 0, [("", _("Choose at least one photo."))])
    with unit_of_work():
        added, problems = _add_each(product, files)
    return _upload_answer(product, added, problems)


def _add_each(product, files) -> tuple[int, list[tuple[str | None, str]]]:
    """Add each file on its own; a refused one is reported with its name, the others are kept."""
    added, problems = 0, []
    for upload in files:
        try:
            photos.add_photo(product, upload.read(), actor=current_user)
        except DomainError as exc:
            problems.append((upload.filename, str(exc.message)))
        else:
            added += 1
    return added, problems


def _upload_answer(product, added: int, problems: Sequence[tuple[str | None, str]]):
    if added:
        _count_added(product, added)
    for filename, message in problems:
        if filename:
            flash(_("%(file)s: %(reason)s", file=filename, reason=message), "danger")
        else:
            flash(message, "danger")
    if _wants_json():
        body = {
            "added": added,
            "errors": [{"file": f, "message": m} for f, m in problems],
            "count": len(product.photos),
        }
        return jsonify(body), (200 if added or not problems else 422)
    return redirect(url_for("catalog.product_photos", product_id=product.id))


@bp.post("/business/products/<int:product_id>/photos/<int:photo_id>/move")
@login_required
def move_photo(product_id: int, photo_id: int):
    product, photo = managed_photo(current_user, product_id, photo_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    with unit_of_work():
        photos.move_photo(product, photo, direction)
    return redirect(url_for("catalog.product_photos", product_id=product.id))


@bp.post("/business/products/<int:product_id>/photos/<int:photo_id>/main")
@login_required
def main_photo(product_id: int, photo_id: int):
    product, photo = managed_photo(current_user, product_id, photo_id)
    with unit_of_work() as work:
        photos.make_main(product, photo)
    if work.done:
        flash(_("This is now the main photo."), "success")
    return redirect(url_for("catalog.product_photos", product_id=product.id))


@bp.post("/business/products/<int:product_id>/photos/<int:photo_id>/alt")
@login_required
def photo_alt_text(product_id: int, photo_id: int):
    product, photo = managed_photo(current_user, product_id, photo_id)
    form = PhotoAltForm()
    if form.validate_on_submit():
        with unit_of_work() as work:
            photos.set_alt_text(photo, form.alt_text.data)
        if work.done:
            flash(_("Photo description saved."), "success")
    else:
        for message in form.alt_text.errors or [_("The description could not be saved.")]:
            flash(message, "danger")
    return redirect(url_for("catalog.product_photos", product_id=product.id))


@bp.post("/business/products/<int:product_id>/photos/<int:photo_id>/delete")
@login_required
def delete_photo(product_id: int, photo_id: int):
    product, photo = managed_photo(current_user, product_id, photo_id)
    with unit_of_work() as work:
        photos.delete_photo(product, photo)
    if work.done:
        flash(_("Photo deleted."), "success")
    return redirect(url_for("catalog.product_photos", product_id=product.id))
