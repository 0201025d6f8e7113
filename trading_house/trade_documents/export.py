"""Export documents of a consignment: commercial invoice, packing list and the
certificate-of-origin data sheet, **one set per consignee**.

Why per consignee: a consignment consolidates the orders of several buyers bound for one
country. Customs at destination clear goods per importer, so each buyer receives its own
commercial invoice and packing list naming it as consignee (and as notify party), with the
trading house as shipper and exporter of record. A carton therefore holds one consignee's goods
only (``orders.consignment.add_carton`` refuses a mix), and the documents of one consignee list
exactly its orders' lines and its cartons.

Every figure is read from the order lines (``remaining_quantity``: what is still invoiced after
short receipts and refunds) and the cartons; nothing is typed twice.
"""

from dataclasses import dataclass, field

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from trading_house.core.countries import country_name
from trading_house.core.phones import format_national
from trading_house.trade_documents.pdf import (
    DocumentPDF,
    day,
    kilograms,
    money_text,
    quantity,
)
from trading_house.trade_documents.sales import (
    address_lines,
    bank_fields,
    buyer_name,
    exporter_lines,
    origin_text,
)

MODE_LABELS = {
    "sea": _l("Sea freight"),
    "air": _l("Air freight"),
    "road": _l("Road"),
    "courier": _l("Courier"),
}


@dataclass
class Consignee:
    """One buyer of a consignment: its orders, the lines still invoiced, its cartons."""

    index: int
    buyer_id: int
    orders: list = field(default_factory=list)
    cartons: list = field(default_factory=list)

    @property
    def first(self):
        return self.orders[0]

    @property
    def name(self) -> str:
        return buyer_name(self.first)

    @property
    def currency(self) -> str:
        return self.first.currency

    @property
    def lines(self) -> list:
        return [line for o in self.orders for line in o.lines if line.remaining_quantity > 0]

    def invoice_number(self, consignment) -> str:
        """CI-<consignment>-<n>: one commercial invoice per consignee."""
        return f"CI-{consignment.number.removeprefix('CN-')}-{self.index}"

    @property
    def total_minor(self) -> int:
        return sum(line.unit_price_minor * line.remaining_quantity for line in self.lines)

    @property
    def net_grams(self) -> int:
        return sum(c.net_weight_grams for c in self.cartons)

    @property
    def gross_grams(self) -> int:
        return sum(c.gross_weight_grams for c in self.cartons)


def consignees(consignment) -> list[Consignee]:
    """The consignment's consignees (one per buyer), numbered in order of their first order."""
    found: dict[int, Consignee] = {}
    for order in consignment.orders:
        consignee = found.get(order.buyer_id)
        if consignee is None:
            consignee = found[order.buyer_id] = Consignee(len(found) + 1, order.buyer_id)
        consignee.orders.append(order)
    owner = {line.id: found[o.buyer_id] for o in consignment.orders for line in o.lines}
    for carton in consignment.cartons:
        if carton.items:
            owner[carton.items[0].order_line_id].cartons.append(carton)
    return list(found.values())


def consignee_for(consignment, buyer_id) -> Consignee | None:
    """The consignee ``buyer_id`` (a string from the URL is fine), or the only one."""
    every = consignees(consignment)
    if buyer_id in (None, ""):
        return every[0] if len(every) == 1 else None
    return next((c for c in every if str(c.buyer_id) == str(buyer_id)), None)


def carton_marks(consignment, consignee: Consignee, carton) -> str:
    """Shipping marks printed on the carton and on the documents."""
    place = consignment.port_of_discharge or country_name(consignment.destination_country, "en")
    return "\n".join(
        (
            consignee.name,
            place,
            consignee.invoice_number(consignment),
            _("C/No. %(n)s", n=carton.number),
            _("Made in Indonesia"),
        )
    )


def _shipment_fields(consignment, consignee: Consignee, locale: str) -> list[tuple[str, str]]:
    mode = MODE_LABELS.get(consignment.mode or "")
    return [
        (_("Invoice number"), consignee.invoice_number(consignment)),
        (_("Invoice date"), day(consignment.shipped_at or consignment.created_at)),
        (_("Consignment"), consignment.number),
        (_("Orders"), ", ".join(o.number for o in consignee.orders)),
        (_("Country of origin"), _("Indonesia")),
        (_("Destination"), country_name(consignment.destination_country, locale)),
        (
            _("Incoterm"),
            f"{consignment.incoterm} {consignment.incoterm_place or ''} (Incoterms 2020)"
            if consignment.incoterm
            else "",
        ),
        (_("Mode of transport"), str(mode) if mode else ""),
        (_("Carrier"), consignment.carrier or ""),
        (_("B/L or AWB"), consignment.transport_document_number or ""),
        (_("Port of loading"), consignment.port_of_loading or ""),
        (_("Port of discharge"), consignment.port_of_discharge or ""),
        (_("ETD"), day(consignment.etd) if consignment.etd else ""),
        (_("ETA"), day(consignment.eta) if consignment.eta else ""),
    ]


def _parties(pdf: DocumentPDF, consignee: Consignee, locale: str) -> None:
    order = consignee.first
    lines = [consignee.name, *address_lines(order, locale)]
    if order.ship_phone:
        lines.append(format_national(order.ship_phone))
    lines.append(order.buyer.email)
    pdf.parties(
        (_("Shipper / exporter of record"), exporter_lines(pdf)),
        (_("Consignee"), lines),
        (_("Notify party"), [_("Same as consignee"), consignee.name]),
    )


def commercial_invoice_pdf(consignment, consignee: Consignee, locale: str = "en") -> bytes:
    """The commercial invoice of one consignee: its lines as invoiced, weights, cartons."""
    with force_locale(locale):
        number = consignee.invoice_number(consignment)
        pdf = DocumentPDF(_("Commercial invoice %(number)s", number=number))
        _parties(pdf, consignee, locale)
        pdf.fields(_shipment_fields(consignment, consignee, locale))
        currency = consignee.currency
        rows = []
        for index, line in enumerate(consignee.lines, start=1):
            net = line.weight_grams * line.remaining_quantity if line.weight_grams else None
            rows.append(
                (
                    str(index),
                    f"{line.name}\n{line.order.number}" + (f" · {line.sku}" if line.sku else ""),
                    line.hs_code or "-",
                    origin_text(line.origin_regency_code),
                    f"{quantity(line.remaining_quantity, locale)} {line.unit}",
                    kilograms(net, locale),
                    money_text(line.unit_price_minor, currency, locale),
                    money_text(line.unit_price_minor * line.remaining_quantity, currency, locale),
                )
            )
        pdf.grid(
            (
                _("No."),
                _("Description"),
                _("HS code"),
                _("Origin"),
                _("Quantity"),
                _("Net kg"),
                _("Unit price"),
                _("Amount"),
            ),
            rows,
            (8, 46, 17, 30, 18, 16, 25, 30),
            ("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
            footer=[
                (
                    "",
                    _("Total value"),
                    "",
                    "",
                    "",
                    "",
                    currency,
                    money_text(consignee.total_minor, currency, locale),
                )
            ],
        )
        pdf.fields(
            [
                (_("Packages"), _cartons(len(consignee.cartons))),
                (_("Total net weight"), f"{kilograms(consignee.net_grams, locale)} kg"),
                (_("Total gross weight"), f"{kilograms(consignee.gross_grams, locale)} kg"),
                (
                    _("Carton marks"),
                    "; ".join(
                        carton_marks(consignment, consignee, c).replace("\n", " / ")
                        for c in consignee.cartons
                    ),
                ),
            ]
        )
        bank = bank_fields(pdf)
        if bank:
            pdf.section(_("Payment by telegraphic transfer (T/T)"))
            pdf.fields(bank)
        pdf.paragraph(
            _(
                "We certify that this invoice is true and correct and that the goods are of "
                "Indonesian origin."
            )
        )
        return pdf.bytes()


def packing_list_pdf(consignment, consignee: Consignee, locale: str = "en") -> bytes:
    """Every carton of one consignee: marks, contents, dimensions, net and gross weights."""
    with force_locale(locale):
        number = consignee.invoice_number(consignment)
        pdf = DocumentPDF(_("Packing list %(number)s", number=number))
        _parties(pdf, consignee, locale)
        pdf.fields(_shipment_fields(consignment, consignee, locale))
        rows = []
        for carton in consignee.cartons:
            contents = "\n".join(
                f"{item.line.name} (HS {item.line.hs_code or '-'}): "
                f"{quantity(item.quantity, locale)} {item.line.unit}"
                for item in carton.items
            )
            rows.append(
                (
                    carton_marks(consignment, consignee, carton),
                    contents or "-",
                    carton.dimensions or "-",
                    kilograms(carton.net_weight_grams, locale),
                    kilograms(carton.gross_weight_grams, locale),
                )
            )
        pdf.grid(
            (_("Marks and numbers"), _("Contents"), _("Dimensions"), _("Net kg"), _("Gross kg")),
            rows,
            (44, 74, 28, 21, 23),
            ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"),
            footer=[
                (
                    _cartons(len(consignee.cartons)),
                    "",
                    "",
                    kilograms(consignee.net_grams, locale),
                    kilograms(consignee.gross_grams, locale),
                )
            ],
        )
        packed = _packed_per_line(consignee)
        pdf.section(_("Quantities per line"))
        pdf.grid(
            (_("Description"), _("HS code"), _("Invoiced"), _("Packed")),
            [
                (
                    line.name,
                    line.hs_code or "-",
                    f"{quantity(line.remaining_quantity, locale)} {line.unit}",
                    f"{quantity(packed.get(line.id, 0), locale)} {line.unit}",
                )
                for line in consignee.lines
            ],
            (96, 24, 35, 35),
            ("LEFT", "LEFT", "RIGHT", "RIGHT"),
        )
        return pdf.bytes()


def _packed_per_line(consignee: Consignee) -> dict[int, int]:
    packed: dict[int, int] = {}
    for carton in consignee.cartons:
        for item in carton.items:
            packed[item.order_line_id] = packed.get(item.order_line_id, 0) + item.quantity
    return packed


def origin_sheet_pdf(consignment, consignee: Consignee, locale: str = "en") -> bytes:
    """The data an SME or forwarder copies into e-SKA for the certificate of origin (SKA):
    exporter, consignee, transport, and per item marks, packages, description, HS code,
    gross weight and invoice. Not a certificate itself: the issuing authority decides the
    origin criterion."""
    with force_locale(locale):
        number = consignee.invoice_number(consignment)
        pdf = DocumentPDF(
            _("Certificate of origin data sheet %(number)s", number=number),
            footer=_("Data sheet for the e-SKA application - not a certificate of origin."),
        )
        _parties(pdf, consignee, locale)
        pdf.fields(
            [
                (_("Means of transport and route"), _route(consignment, locale)),
                (
                    _("Invoice number and date"),
                    f"{number} · {day(consignment.shipped_at or consignment.created_at)}",
                ),
                (_("Importing country"), country_name(consignment.destination_country, locale)),
            ]
        )
        packed_in: dict[int, list[int]] = {}
        for carton in consignee.cartons:
            for item in carton.items:
                packed_in.setdefault(item.order_line_id, []).append(carton.number)
        rows = []
        for index, line in enumerate(consignee.lines, start=1):
            cartons = packed_in.get(line.id, [])
            rows.append(
                (
                    str(index),
                    _("C/No. %(numbers)s", numbers=", ".join(map(str, cartons)))
                    if cartons
                    else "-",
                    _cartons(len(cartons)),
                    f"{line.name}\n{origin_text(line.origin_regency_code)}",
                    line.hs_code or "-",
                    _("to be stated by the producer"),
                    f"{quantity(line.remaining_quantity, locale)} {line.unit}"
                    + (
                        f"\n{kilograms(line.weight_grams * line.remaining_quantity, locale)} kg net"
                        if line.weight_grams
                        else ""
                    ),
                )
            )
        pdf.grid(
            (
                _("Item"),
                _("Marks and numbers"),
                _("Packages"),
                _("Description of goods"),
                _("HS code"),
                _("Origin criterion"),
                _("Quantity / weight"),
            ),
            rows,
            (10, 28, 20, 52, 18, 30, 32),
            ("RIGHT", "LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT"),
        )
        pdf.fields(
            [
                (_("Total gross weight"), f"{kilograms(consignee.gross_grams, locale)} kg"),
                (
                    _("Producers"),
                    ", ".join(sorted({line.enterprise.name for line in consignee.lines})),
                ),
            ]
        )
        return pdf.bytes()


def _cartons(count: int) -> str:
    return ngettext("%(num)d carton", "%(num)d cartons", count)


def _route(consignment, locale: str) -> str:
    mode = MODE_LABELS.get(consignment.mode or "")
    parts = [
        str(mode) if mode else "",
        consignment.carrier or "",
        " → ".join(p for p in (consignment.port_of_loading, consignment.port_of_discharge) if p),
        _("departure %(date)s", date=day(consignment.etd)) if consignment.etd else "",
    ]
    return ", ".join(p for p in parts if p) or _("to be confirmed")
