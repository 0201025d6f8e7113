"""Trading-house screens for export consignments: lots, cartons, shipping, documents."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from trading_house.accounts.policies import admin_required
from trading_house.core.countries import country_name
from trading_house.core.templating import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.core.uploads import document_response
from trading_house.extensions import db
from trading_house.orders import consignment as service
from trading_house.orders.blueprint import bp
from trading_house.orders.consignment_models import Consignment, LotPhoto
from trading_house.orders.forms import CartonForm, LotForm, ShipConsignmentForm
from trading_house.trade_documents import export

LOT_CONDITION_LABELS = {
    "good": _l("Good"),
    "minor_damage": _l("Minor damage"),
    "damaged": _l("Damaged"),
    "short": _l("Short"),
}


@bp.app_template_global()
def lot_condition_label(condition: str) -> str:
    return str(LOT_CONDITION_LABELS.get(condition, condition))


@bp.get("/orders/admin/consignments")
@admin_required
def consignments():
    items = db.session.scalars(select(Consignment).order_by(Consignment.id.desc()).limit(100))
    candidates = db.session.scalars(service.consignable_orders()).all()
    return render_template(
        "orders/admin/consignments.html", consignments=items.all(), candidates=candidates
    )


@bp.post("/orders/admin/consignments")
@admin_required
def create_consignment():
    with unit_of_work() as work:
        consignment = service.create_consignment(
            request.form.getlist("order_ids"), actor=current_user
        )
    if not work.done:
        return redirect(url_for("orders.consignments"))
    flash(_("Consignment %(number)s created.", number=consignment.number), "success")
    return redirect(url_for("orders.consignment_detail", consignment_id=consignment.id))


def _consignment(consignment_id: int) -> Consignment:
    return service.get_consignment(consignment_id)  # NotFound: the app answers 404


@bp.get("/orders/admin/consignments/<int:consignment_id>")
@admin_required
def consignment_detail(consignment_id: int, ship_form=None, carton_form=None, status: int = 200):
    consignment = _consignment(consignment_id)
    consignees = export.consignees(consignment)
    lines = [line for consignee in consignees for line in consignee.lines]
    return render_template(
        "orders/admin/consignment.html",
        consignment=consignment,
        consignees=consignees,
        destination=country_name(consignment.destination_country, current_locale()),
        lines=lines,
        packed={line.id: service.packed_quantity(consignment, line.id) for line in lines},
        packable={line.id: service.packable_quantity(consignment, line) for line in lines},
        lots={lot.order_line_id: lot for lot in consignment.lots},
        lot_form=LotForm(),
        carton_form=carton_form or CartonForm(),
        ship_form=ship_form or ShipConsignmentForm(),
    ), status


def _to_consignment(consignment_id: int, message: str | None = None):
    """Back to the consignment page, saying ``message`` when the work was done."""
    if message is not None:
        flash(message, "success")
    return redirect(url_for("orders.consignment_detail", consignment_id=consignment_id))


@bp.post("/orders/admin/consignments/<int:consignment_id>/lots")
@admin_required
def record_lot(consignment_id: int):
    consignment = _consignment(consignment_id)
    form = LotForm()
    if not form.validate_on_submit():
        flash(_("Check the quantities: whole numbers, zero or more."), "danger")
        return _to_consignment(consignment_id)
    photos = [(f.read(), f.filename or "photo") for f in form.photos.data or [] if f and f.filename]
    with unit_of_work() as work:
        lot = service.record_lot(
            consignment,
            form.line_id.data,
            received_quantity=form.received_quantity.data,
            damaged_quantity=form.damaged_quantity.data or 0,
            condition=form.condition.data,
            notes=form.notes.data,
            photos=photos,
            actor=current_user,
        )
    if not work.done:
        return _to_consignment(consignment_id)
    if lot.taken_off_invoice:
        return _to_consignment(
            consignment_id,
            _(
                "Lot recorded. %(n)s %(unit)s taken off the buyer's invoice and refunded; the "
                "enterprise's ledger is adjusted.",
                n=lot.taken_off_invoice,
                unit=lot.line.unit,
            ),
        )
    return _to_consignment(consignment_id, _("Lot recorded."))


@bp.post("/orders/admin/consignments/<int:consignment_id>/cartons")
@admin_required
def add_carton(consignment_id: int):
    consignment = _consignment(consignment_id)
    form = CartonForm()
    if not form.validate_on_submit():
        return consignment_detail(consignment_id, carton_form=form, status=422)
    items = {
        key.removeprefix("line-"): value
        for key, value in request.form.items()
        if key.startswith("line-") and value.strip()
    }
    with unit_of_work() as work:
        carton = service.add_carton(
            consignment,
            net_kg=form.net_kg.data,
            gross_kg=form.gross_kg.data,
            dimensions=form.dimensions.data,
            items=items,
        )
    if not work.done:
        return _to_consignment(consignment_id)
    return _to_consignment(consignment_id, _("Carton %(n)s packed.", n=carton.number))


@bp.post("/orders/admin/consignments/<int:consignment_id>/ship")
@admin_required
def ship_consignment(consignment_id: int):
    consignment = _consignment(consignment_id)
    form = ShipConsignmentForm()
    if not form.validate_on_submit():
        return consignment_detail(consignment_id, ship_form=form, status=422)
    with unit_of_work() as work:
        service.ship_consignment(
            consignment,
            mode=form.mode.data,
            carrier=form.carrier.data,
            document_number=form.document_number.data,
            port_of_loading=form.port_of_loading.data,
            port_of_discharge=form.port_of_discharge.data,
            etd=form.etd.data,
            eta=form.eta.data,
            actor=current_user,
        )
    if not work.done:
        return _to_consignment(consignment_id)
    return _to_consignment(consignment_id, _("Consignment shipped; the buyers have been told."))


@bp.post("/orders/admin/consignments/<int:consignment_id>/arrived")
@admin_required
def consignment_arrived(consignment_id: int):
    consignment = _consignment(consignment_id)
    with unit_of_work() as work:
        service.mark_arrived(consignment, actor=current_user)
    if not work.done:
        return _to_consignment(consignment_id)
    return _to_consignment(consignment_id, _("Consignment marked as arrived."))


@bp.get("/orders/admin/consignments/<int:consignment_id>/<kind>.pdf")
@admin_required
def consignment_document(consignment_id: int, kind: str):
    """One consignee's document (``?consignee=<buyer id>``; optional with one consignee)."""
    consignment = _consignment(consignment_id)
    makers = {
        "commercial-invoice": export.commercial_invoice_pdf,
        "packing-list": export.packing_list_pdf,
        "origin-data-sheet": export.origin_sheet_pdf,
    }
    consignee = export.consignee_for(consignment, request.args.get("consignee"))
    if kind not in makers or consignee is None:
        abort(404)
    pdf = makers[kind](consignment, consignee, current_locale())
    filename = f"{kind}-{consignee.invoice_number(consignment)}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/orders/admin/lot-photos/<int:photo_id>")
@admin_required
def lot_photo(photo_id: int):
    photo = db.session.get(LotPhoto, photo_id)
    if photo is None:
        abort(404)
    return document_response(photo.document)
