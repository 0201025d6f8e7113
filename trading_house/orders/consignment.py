"""Export consignments: the trading house collects each enterprise's lot at its warehouse,
checks it, packs numbered cartons and ships the whole consignment under one commercial
invoice and one packing list."""

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.core.clock import utcnow
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.uploads import store_document
from trading_house.extensions import db
from trading_house.orders.checkout import next_number
from trading_house.orders.consignment_models import (
    LOT_CONDITIONS,
    TRANSPORT_MODES,
    Carton,
    CartonItem,
    Consignment,
    ConsignmentLot,
    LotPhoto,
)
from trading_house.orders.fulfilment import deliver, ship
from trading_house.orders.models import Order
from trading_house.orders.signals import receipt_short
from trading_house.orders.status import (
    ConsignmentStatus,
    OrderKind,
    OrderStatus,
    add_event,
    transition_consignment,
)

READY_STATUSES = (OrderStatus.PAID, OrderStatus.PROCESSING)
MAX_PHOTOS = 6


def consignable_orders():
    """Paid export orders not yet in a consignment."""
    return (
        select(Order)
        .where(
            Order.status.in_(READY_STATUSES),
            Order.consignment_id.is_(None),
            (Order.ship_country != "ID") | (Order.kind == OrderKind.QUOTATION),
        )
        .order_by(Order.id)
    )


def create_consignment(order_ids, *, actor) -> Consignment:
    """Group paid export orders bound for one country, in one currency, into a consignment.

    Each buyer becomes a consignee with its own commercial invoice and packing list
    (``trade_documents/export.py`` says why); a buyer's orders must go to one address.
    """
    ids = sorted({int(i) for i in order_ids or [] if str(i).strip().isdigit()})
    if not ids:
        raise DomainError(_l("Choose at least one order."), field="orders")
    orders = list(db.session.scalars(consignable_orders().where(Order.id.in_(ids))))
    if len(orders) != len(ids):
        raise DomainError(
            _l("Some orders are not paid export orders or are already in a consignment."),
            field="orders",
        )
    countries = {o.ship_country for o in orders}
    if len(countries) != 1:
        raise DomainError(_l("All orders of a consignment go to one country."), field="orders")
    currencies = sorted({o.currency for o in orders})
    if len(currencies) != 1:
        raise DomainError(
            _l(
                "A consignment is invoiced in one currency; these orders are in %(currencies)s. "
                "Make one consignment per currency.",
                currencies=", ".join(currencies),
            ),
            field="orders",
        )
    addresses: dict[int, tuple] = {}
    for order in orders:
        address = _address_key(order)
        if addresses.setdefault(order.buyer_id, address) != address:
            raise DomainError(
                _l(
                    "Order %(number)s goes to another address of the same buyer: a consignee "
                    "has one address. Put it in another consignment.",
                    number=order.number,
                ),
                field="orders",
            )
    first = orders[0]
    names = list(dict.fromkeys(o.ship_name or o.buyer.display_name for o in orders))
    consignment = Consignment(
        number=next_number("consignment", "CN", 4),
        # A summary for lists; each consignee's name and address are on its own documents.
        consignee_name=" · ".join(names)[:160],
        consignee_address="",
        destination_country=first.ship_country,
        incoterm=first.incoterm,
        incoterm_place=first.incoterm_place,
        created_by_id=actor.id,
    )
    db.session.add(consignment)
    db.session.flush()
    for order in orders:
        order.consignment_id = consignment.id
        add_event(order, "consignment", actor=actor, note=consignment.number)
    db.session.flush()
    db.session.refresh(consignment, ["orders"])
    return consignment


def _address_key(order: Order) -> tuple:
    return tuple(
        " ".join(str(v or "").split()).casefold()
        for v in (
            order.ship_name,
            order.ship_line1,
            order.ship_line2,
            order.ship_city,
            order.ship_postal_code,
            order.ship_country,
        )
    )


def _line(consignment: Consignment, line_id):
    for order in consignment.orders:
        for line in order.lines:
            if str(line.id) == str(line_id):
                return line
    raise NotFound(_l("That line is not part of this consignment."))


def _require_still_open(consignment: Consignment) -> None:
    if not consignment.is_open:
        raise DomainError(_l("This consignment has shipped; it can no longer change."))


def record_lot(
    consignment: Consignment,
    line_id,
    *,
    received_quantity,
    condition: str,
    notes: str,
    photos=(),
    actor,
    damaged_quantity=0,
) -> ConsignmentLot:
    """Staff record what arrived at the warehouse for one line, with check photos.

    Units received less units refused as damaged are what is shipped and invoiced. When that is
    fewer than the line still bills, the missing units are taken off the buyer's invoice: the
    ``receipt_short`` signal has payments refund them (and reverse them in the enterprise's
    ledger) in this same transaction.
    """
    _require_still_open(consignment)
    line = _line(consignment, line_id)
    lot = next((lot for lot in consignment.lots if lot.order_line_id == line.id), None)
    quantity = _whole(received_quantity, "received_quantity")
    damaged = _whole(damaged_quantity or 0, "damaged_quantity")
    if quantity > line.remaining_quantity:
        raise DomainError(
            _l(
                "More than was ordered: at most %(n)s %(unit)s.",
                n=line.remaining_quantity,
                unit=line.unit,
            ),
            field="received_quantity",
        )
    if damaged > quantity:
        raise DomainError(
            _l("Damaged units are part of the units received: at most %(n)s.", n=quantity),
            field="damaged_quantity",
        )
    if condition not in LOT_CONDITIONS:
        raise DomainError(_l("Choose the condition from the list."), field="condition")
    if len(photos) > MAX_PHOTOS:
        raise DomainError(_l("At most %(n)s photos.", n=MAX_PHOTOS), field="photos")
    accepted = quantity - damaged
    packed = packed_quantity(consignment, line.id)
    if accepted < packed:
        raise DomainError(
            _l(
                "Cartons already hold %(packed)s %(unit)s of %(name)s; fewer were accepted "
                "(%(accepted)s). Correct the cartons first.",
                packed=packed,
                unit=line.unit,
                name=line.name,
                accepted=accepted,
            ),
            field="received_quantity",
        )
    if lot is None:
        lot = ConsignmentLot(order_line_id=line.id, received_quantity=0)
        consignment.lots.append(lot)
    lot.received_quantity = quantity
    lot.damaged_quantity = damaged
    lot.condition = condition
    lot.notes = (notes or "")[:2000]
    lot.received_at = utcnow()
    lot.received_by_id = actor.id
    for data, filename in photos:
        document = store_document(
            data, filename, uploaded_by=actor, allowed=("jpeg", "png"), folder="lot-photos"
        )
        lot.photos.append(LotPhoto(document_id=document.id))
    db.session.flush()
    missing = line.remaining_quantity - accepted
    if missing > 0:
        _take_off_invoice(line, missing, received=quantity, damaged=damaged, actor=actor)
    #: Not stored: how many units this recording took off the invoice (for the message).
    lot.taken_off_invoice = max(missing, 0)
    return lot


def _take_off_invoice(line, missing: int, *, received: int, damaged: int, actor) -> None:
    """The buyer is billed only for what was accepted: payments refunds the rest."""
    reason = str(
        _l(
            "Received at the trading house: %(received)s of %(ordered)s %(unit)s of %(name)s"
            " (%(damaged)s damaged). %(missing)s %(unit)s taken off the invoice.",
            received=received,
            ordered=line.remaining_quantity,
            unit=line.unit,
            name=line.name,
            damaged=damaged,
            missing=missing,
        )
    )
    results = receipt_short.send(line, quantity=missing, reason=reason, actor=actor)
    if not results:  # a wiring error, never a user's: nothing may be billed that was not sent
        raise RuntimeError("no receiver for orders.signals.receipt_short")
    add_event(line.order, "note", actor=actor, note=reason)
    db.session.flush()


def packed_quantity(consignment: Consignment, line_id: int) -> int:
    """Units of one line already in the consignment's cartons."""
    return sum(
        item.quantity
        for carton in consignment.cartons
        for item in carton.items
        if item.order_line_id == line_id
    )


def packable_quantity(consignment: Consignment, line) -> int:
    """At most what the line still bills, and once a lot is recorded what was accepted."""
    lot = next((lot for lot in consignment.lots if lot.order_line_id == line.id), None)
    limit = line.remaining_quantity
    if lot is not None and lot.received_at is not None:
        limit = min(limit, lot.accepted_quantity)
    return limit


def received_at_warehouse(line) -> bool:
    """True once the line's lot was recorded at the trading house's warehouse: its units are
    no longer the enterprise's stock (a refund does not put them back on sale)."""
    return bool(
        db.session.scalar(
            select(func.count(ConsignmentLot.id)).where(
                ConsignmentLot.order_line_id == line.id,
                ConsignmentLot.received_at.is_not(None),
            )
        )
    )


def _whole(value, field: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise DomainError(_l("Enter a whole number."), field=field) from None
    if number < 0:
        raise DomainError(_l("Enter zero or more."), field=field)
    return number


def _grams(kilograms, field: str) -> int:
    try:
        grams = int((Decimal(str(kilograms).strip().replace(",", ".")) * 1000).to_integral_value())
    except (InvalidOperation, ValueError):
        raise DomainError(_l("Enter the weight in kg, e.g. 12.5."), field=field) from None
    if grams <= 0:
        raise DomainError(_l("The weight must be more than zero."), field=field)
    return grams


def add_carton(
    consignment: Consignment, *, net_kg, gross_kg, dimensions: str = "", items: dict
) -> Carton:
    """Pack the next numbered carton: its weights and which lines (units) it holds.

    A carton holds one consignee's goods (each consignee has its own packing list), and the
    cartons of a consignment never hold more of a line than it bills (``packable_quantity``).
    """
    _require_still_open(consignment)
    # Two staff members packing at once: the second waits here (PostgreSQL), then counts the
    # first one's carton, so the total per line can never pass the invoiced quantity.
    db.session.execute(
        select(Consignment.id).where(Consignment.id == consignment.id).with_for_update()
    )
    net, gross = _grams(net_kg, "net_kg"), _grams(gross_kg, "gross_kg")
    if gross < net:
        raise DomainError(
            _l("The gross weight includes the packing: at least the net weight."), field="gross_kg"
        )
    contents = {}
    for line_id, quantity in (items or {}).items():
        quantity = _whole(quantity, "items")
        if quantity:
            contents[_line(consignment, line_id)] = quantity
    if not contents:
        raise DomainError(_l("Say what the carton holds."), field="items")
    if len({line.order.buyer_id for line in contents}) > 1:
        raise DomainError(
            _l("A carton holds the goods of one consignee: pack each buyer's lines apart."),
            field="items",
        )
    for line, quantity in contents.items():
        packed = packed_quantity(consignment, line.id)
        limit = packable_quantity(consignment, line)
        if packed + quantity > limit:
            raise DomainError(
                _l(
                    "%(name)s: %(limit)s %(unit)s to pack in all, %(packed)s already in cartons; "
                    "at most %(left)s more.",
                    name=line.name,
                    limit=limit,
                    unit=line.unit,
                    packed=packed,
                    left=max(limit - packed, 0),
                ),
                field="items",
            )
    number = 1 + (
        db.session.scalar(
            select(func.max(Carton.number)).where(Carton.consignment_id == consignment.id)
        )
        or 0
    )
    carton = Carton(
        number=number,
        net_weight_grams=net,
        gross_weight_grams=gross,
        dimensions=(dimensions or "")[:60],
    )
    for line, quantity in contents.items():
        carton.items.append(CartonItem(order_line_id=line.id, quantity=quantity))
    consignment.cartons.append(carton)
    db.session.flush()
    return carton


def ship_consignment(
    consignment: Consignment,
    *,
    mode: str,
    carrier: str,
    document_number: str,
    port_of_loading: str,
    port_of_discharge: str,
    etd: date | None,
    eta: date | None,
    actor,
) -> Consignment:
    """The consignment leaves: every enterprise's part of its orders is shipped with it."""
    _require_still_open(consignment)
    if mode not in TRANSPORT_MODES:
        raise DomainError(_l("Choose the mode of transport."), field="mode")
    for value, field in (
        (carrier, "carrier"),
        (document_number, "document_number"),
        (port_of_loading, "port_of_loading"),
    ):
        if not (value or "").strip():
            raise DomainError(_l("This field is required."), field=field)
    if etd and eta and eta < etd:
        raise DomainError(_l("The arrival cannot be before the departure."), field="eta")
    if not consignment.cartons:
        raise DomainError(_l("Pack at least one carton first."))
    # The commercial invoice bills what is still on the lines; the packing list lists the
    # cartons: they must agree before anything leaves.
    for order in consignment.orders:
        for line in order.lines:
            packed = packed_quantity(consignment, line.id)
            if packed != line.remaining_quantity:
                raise DomainError(
                    _l(
                        "%(name)s: %(invoiced)s %(unit)s invoiced but %(packed)s packed. Pack "
                        "the rest or record the short receipt first.",
                        name=line.name,
                        invoiced=line.remaining_quantity,
                        unit=line.unit,
                        packed=packed,
                    )
                )
    consignment.mode = mode
    consignment.carrier = carrier.strip()[:120]
    consignment.transport_document_number = document_number.strip()[:60]
    consignment.port_of_loading = port_of_loading.strip()[:120]
    consignment.port_of_discharge = (port_of_discharge or "").strip()[:120]
    consignment.etd, consignment.eta = etd, eta
    consignment.shipped_at = utcnow()
    transition_consignment(consignment, ConsignmentStatus.SHIPPED, actor=actor)
    for order in consignment.orders:
        for fulfilment in order.fulfilments:
            if fulfilment.can_ship:
                ship(
                    fulfilment,
                    actor=actor,
                    courier=consignment.carrier,
                    tracking_number=consignment.transport_document_number,
                )
    return consignment


def mark_arrived(consignment: Consignment, *, actor) -> Consignment:
    transition_consignment(consignment, ConsignmentStatus.ARRIVED, actor=actor)
    for order in consignment.orders:
        for fulfilment in order.fulfilments:
            if fulfilment.is_shipped:
                deliver(fulfilment, actor=actor)
    return consignment


def get_consignment(consignment_id) -> Consignment:
    try:
        consignment = db.session.get(Consignment, int(consignment_id))
    except (TypeError, ValueError):
        consignment = None
    if consignment is None:
        raise NotFound(_l("Consignment not found."))
    return consignment
