"""PDF documents: an invoice for every order; for a consignment, one commercial invoice and
one packing list (HS codes, origin, Incoterm, weights, packages) with the trading house as
exporter of record."""

from decimal import Decimal
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from trading_house.core.labels import status_label
from trading_house.core.money import Money
from trading_house.enterprises.regions import regency_name
from trading_house.orders.shipping import PROVINCES

#: Debian's fonts-dejavu-core: with it, documents print €, names and every script as typed.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _latin(text) -> str:
    """The PDF core fonts speak Latin-1: keep what fits, replace the rest (€ by its code, so
    an amount stays readable)."""
    text = str(text if text is not None else "")
    text = text.replace("\u202f", " ").replace("\u2013", "-").replace("\u2014", "-")
    text = text.replace("€", "EUR\u00a0")
    return text.encode("latin-1", "replace").decode("latin-1")


def exporter() -> dict[str, str]:
    config = current_app.config
    return {
        "name": config.get("TRADING_HOUSE_NAME", "Koperasi Rumah Dagang Sulawesi Selatan"),
        "address": config.get(
            "TRADING_HOUSE_ADDRESS", "Jl. Jenderal Sudirman No. 1, Makassar 90115, Indonesia"
        ),
        "npwp": config.get("TRADING_HOUSE_NPWP", "01.234.567.8-801.000"),
        "email": config.get("TRADING_HOUSE_EMAIL", "ekspor@rumahdagang.id"),
    }


class _Document(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.family = "body" if self.unicode else "helvetica"
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(self.safe(title))
        self.add_page()
        house = exporter()
        self.set_font(self.family, "B", 14)
        self.cell(0, 7, self.safe(house["name"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.family, size=9)
        self.cell(0, 5, self.safe(house["address"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(
            0,
            5,
            self.safe(f"NPWP {house['npwp']} - {house['email']}"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(4)
        self.set_font(self.family, "B", 13)
        self.cell(0, 8, self.safe(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.family, size=9)

    def line_text(self, text: str, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", 9)
        self.multi_cell(0, 5, self.safe(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(self, header, rows, widths, align) -> None:
        self.set_font(self.family, size=8)
        with self.table(col_widths=widths, text_align=align, line_height=5) as table:
            row = table.row()
            for cell in header:
                row.cell(self.safe(cell))
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(self.safe(cell))
        self.ln(2)

    def safe(self, text) -> str:
        return str(text if text is not None else "") if self.unicode else _latin(text)

    def bytes(self) -> bytes:
        return bytes(self.output())


def _address(order) -> list[str]:
    region = (
        PROVINCES.get(order.ship_region, order.ship_region)
        if order.ship_country == "ID"
        else order.ship_region
    )
    place = " ".join(p for p in (order.ship_postal_code, order.ship_city) if p)
    return [
        p
        for p in (
            order.ship_name,
            order.ship_line1,
            order.ship_line2,
            place,
            region,
            order.ship_country,
        )
        if p
    ]


def invoice_pdf(order, locale: str = "en") -> bytes:
    """The order's invoice: lines with SKU and HS code, shipping, total, refunds."""
    with force_locale(locale):
        pdf = _Document(_("Invoice %(number)s", number=order.number))
        pdf.line_text(_("Order date: %(date)s", date=order.created_at.date().isoformat()))
        pdf.line_text(_("Status: %(status)s", status=status_label(order.status)))
        pdf.line_text(_("Bill and ship to:"), bold=True)
        pdf.line_text("\n".join(_address(order)) or order.buyer.display_name)
        pdf.ln(2)
        rows = [
            (
                line.name,
                line.sku,
                line.hs_code or "-",
                str(line.quantity),
                _money(line.unit_price_minor, order.currency),
                _money(line.line_total_minor, order.currency),
            )
            for line in order.lines
        ]
        pdf.grid(
            (_("Product"), _("SKU"), _("HS code"), _("Qty"), _("Unit price"), _("Amount")),
            rows,
            (60, 25, 22, 12, 33, 33),
            ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
        )
        pdf.line_text(
            _("Subtotal: %(amount)s", amount=_money(order.subtotal_minor, order.currency))
        )
        shipping = (
            _("to be quoted")
            if order.shipping_quote_pending
            else _money(order.shipping_minor, order.currency)
        )
        pdf.line_text(
            _(
                "Shipping (%(service)s): %(amount)s",
                service=order.shipping_service or "-",
                amount=shipping,
            )
        )
        pdf.line_text(
            _("Total: %(amount)s", amount=_money(order.total_minor, order.currency)), bold=True
        )
        if order.refunded_minor:
            pdf.line_text(
                _("Refunded: %(amount)s", amount=_money(order.refunded_minor, order.currency))
            )
        if order.incoterm:
            pdf.line_text(
                _(
                    "Incoterm: %(term)s %(place)s",
                    term=order.incoterm,
                    place=order.incoterm_place or "",
                )
            )
        return pdf.bytes()


def _money(amount: int, currency: str) -> str:
    return Money(int(amount), currency).format("en")


def _consignment_header(pdf: _Document, consignment) -> None:
    pdf.line_text(_("Consignment %(number)s", number=consignment.number), bold=True)
    pdf.line_text(_("Exporter of record: %(name)s", name=exporter()["name"]))
    pdf.line_text(_("Consignee: %(name)s", name=consignment.consignee_name))
    if consignment.consignee_address:
        pdf.line_text(consignment.consignee_address)
    pdf.line_text(_("Country of origin: Indonesia (South Sulawesi)"))
    pdf.line_text(_("Destination: %(country)s", country=consignment.destination_country))
    if consignment.incoterm:
        pdf.line_text(
            _(
                "Incoterm (2020): %(term)s %(place)s",
                term=consignment.incoterm,
                place=consignment.incoterm_place or "",
            )
        )
    details = [
        (_("Mode"), consignment.mode),
        (_("Carrier"), consignment.carrier),
        (_("B/L or AWB"), consignment.transport_document_number),
        (_("Port of loading"), consignment.port_of_loading),
        (_("Port of discharge"), consignment.port_of_discharge),
        (_("ETD"), consignment.etd),
        (_("ETA"), consignment.eta),
    ]
    pdf.line_text("; ".join(f"{label}: {value}" for label, value in details if value))
    pdf.ln(2)


def consignment_lines(consignment):
    return [
        line for order in consignment.orders for line in order.lines if line.remaining_quantity > 0
    ]


def commercial_invoice_pdf(consignment, locale: str = "en") -> bytes:
    """One commercial invoice for the whole consignment, in the orders' currency."""
    with force_locale(locale):
        pdf = _Document(_("Commercial invoice %(number)s", number=consignment.number))
        _consignment_header(pdf, consignment)
        lines = consignment_lines(consignment)
        currency = lines[0].currency if lines else "IDR"
        rows = []
        total = 0
        for line in lines:
            amount = line.unit_price_minor * line.remaining_quantity
            total += amount
            rows.append(
                (
                    line.order.number,
                    line.name,
                    line.hs_code or "-",
                    regency_name(line.origin_regency_code) or "Sulawesi Selatan",
                    f"{line.remaining_quantity} {line.unit}",
                    _money(line.unit_price_minor, line.currency),
                    _money(amount, line.currency),
                )
            )
        pdf.grid(
            (
                _("Order"),
                _("Description"),
                _("HS code"),
                _("Origin"),
                _("Quantity"),
                _("Unit price"),
                _("Amount"),
            ),
            rows,
            (26, 48, 18, 28, 18, 26, 26),
            ("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
        )
        pdf.line_text(_("Total value: %(amount)s", amount=_money(total, currency)), bold=True)
        pdf.line_text(_("Packages: %(n)s cartons", n=len(consignment.cartons)))
        return pdf.bytes()


def packing_list_pdf(consignment, locale: str = "en") -> bytes:
    """Every carton with its contents and net/gross weights, and the totals."""
    with force_locale(locale):
        pdf = _Document(_("Packing list %(number)s", number=consignment.number))
        _consignment_header(pdf, consignment)
        rows = []
        for carton in consignment.cartons:
            contents = (
                ", ".join(
                    f"{item.line.name} ({item.line.hs_code or '-'}) x {item.quantity}"
                    for item in carton.items
                )
                or "-"
            )
            rows.append(
                (
                    str(carton.number),
                    contents,
                    carton.dimensions or "-",
                    _kg(carton.net_weight_grams),
                    _kg(carton.gross_weight_grams),
                )
            )
        pdf.grid(
            (_("Carton"), _("Contents"), _("Dimensions"), _("Net kg"), _("Gross kg")),
            rows,
            (16, 94, 30, 20, 20),
            ("RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT"),
        )
        net = sum(c.net_weight_grams for c in consignment.cartons)
        gross = sum(c.gross_weight_grams for c in consignment.cartons)
        pdf.line_text(
            _(
                "Total: %(n)s cartons, net %(net)s kg, gross %(gross)s kg",
                n=len(consignment.cartons),
                net=_kg(net),
                gross=_kg(gross),
            ),
            bold=True,
        )
        return pdf.bytes()


def _kg(grams: int) -> str:
    return f"{Decimal(grams) / 1000:.3f}"
