"""Sales documents: the proforma invoice of a quotation and the invoice of an order.

The trading house is the seller and exporter on both (its identity comes from the admin
setting); for an enterprise's own quotation the producer is named, for a pooled quotation the
suppliers stay internal.
"""

from flask_babel import force_locale
from flask_babel import gettext as _

from trading_house.core.countries import country_name
from trading_house.core.labels import status_label
from trading_house.core.phones import format_national
from trading_house.enterprises.regions import regency_name
from trading_house.inquiries.terms import incoterm_label, payment_terms_label
from trading_house.orders.shipping import PROVINCES
from trading_house.trade_documents.pdf import (
    DocumentPDF,
    day,
    kilograms,
    money_text,
    quantity,
)


def origin_text(regency_code: str | None) -> str:
    """ "Tana Toraja, South Sulawesi, Indonesia", or the province alone."""
    regency = regency_name(regency_code) if regency_code else None
    parts = [regency, _("South Sulawesi"), _("Indonesia")]
    return ", ".join(p for p in parts if p)


def exporter_lines(pdf: DocumentPDF) -> list[str]:
    house = pdf.identity
    return [house.legal_name, *house.address_lines, house.registrations, house.contact]


def bank_fields(pdf: DocumentPDF) -> list[tuple[str, str]]:
    """Bank details for a telegraphic transfer (T/T), from the identity setting."""
    house = pdf.identity
    if not house.has_bank:
        return []
    return [
        (_("Bank"), house.bank_name),
        (_("Bank address"), house.bank_branch_address),
        (_("Account name"), house.bank_account_name),
        (_("Account number"), house.bank_account_number),
        (_("SWIFT/BIC"), house.bank_swift),
    ]


def address_lines(order, locale: str) -> list[str]:
    """The order's delivery address as it is printed: name, street, place, region, country."""
    region = (
        PROVINCES.get(order.ship_region, order.ship_region)
        if order.ship_country == "ID"
        else order.ship_region
    )
    place = " ".join(p for p in (order.ship_postal_code, order.ship_city) if p)
    return [
        p
        for p in (
            order.ship_line1,
            order.ship_line2,
            place,
            region,
            country_name(order.ship_country, locale),
        )
        if p
    ]


def buyer_name(order) -> str:
    buyer = order.buyer
    return order.ship_name or buyer.company or buyer.display_name


def proforma_pdf(quotation, *, locale: str = "en") -> bytes:
    """The proforma invoice of ``quotation`` in ``locale``, as PDF bytes."""
    with force_locale(locale):
        inquiry = quotation.inquiry
        buyer = inquiry.buyer
        pdf = DocumentPDF(
            _("Proforma invoice PI-%(number)s", number=quotation.number),
            footer=_(
                "Proforma invoice - not a demand for payment. Prices valid until %(date)s.",
                date=day(quotation.valid_until),
            ),
        )
        pdf.fields(
            [
                (_("Date"), day(quotation.created_at)),
                (_("Valid until"), day(quotation.valid_until)),
                (
                    _("Quotation"),
                    _(
                        "%(number)s (revision %(revision)s)",
                        number=quotation.number,
                        revision=quotation.revision,
                    ),
                ),
            ]
        )
        exporter = exporter_lines(pdf)
        if quotation.enterprise is not None:
            exporter.append(_("Producer: %(name)s", name=quotation.enterprise.name))
        buyer_lines = [buyer.company or buyer.display_name]
        if buyer.company:
            buyer_lines.append(buyer.display_name)
        buyer_lines += [buyer.email, country_name(inquiry.destination_country, locale)]
        pdf.parties((_("Exporter / seller"), exporter), (_("Buyer"), buyer_lines))
        currency = quotation.currency
        rows = [
            (
                str(index),
                line.description,
                line.hs_code or "-",
                origin_text(line.origin_regency_code),
                f"{quantity(line.quantity, locale)} {line.unit}",
                money_text(line.unit_price, currency, locale),
                money_text(line.amount.amount, currency, locale),
            )
            for index, line in enumerate(quotation.lines, start=1)
        ]
        pdf.grid(
            (
                _("No."),
                _("Description"),
                _("HS code"),
                _("Origin"),
                _("Quantity"),
                _("Unit price"),
                _("Amount"),
            ),
            rows,
            (8, 52, 18, 34, 20, 27, 31),
            ("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
            footer=[
                (
                    "",
                    _("Total"),
                    "",
                    "",
                    "",
                    "",
                    money_text(quotation.total.amount, currency, locale),
                )
            ],
        )
        terms = [
            (
                _("Incoterm"),
                f"{quotation.incoterm} {quotation.named_place} (Incoterms 2020) - "
                f"{incoterm_label(quotation.incoterm)}",
            ),
            (_("Payment terms"), payment_terms_label(quotation.payment_terms)),
            (
                _("Lead time"),
                _("%(days)s days after order confirmation", days=quotation.lead_time_days),
            ),
            (_("Country of origin"), _("Indonesia")),
            (_("Destination"), country_name(inquiry.destination_country, locale)),
            (_("Currency"), currency),
        ]
        if quotation.moq:
            terms.append((_("MOQ"), quantity(quotation.moq, locale)))
        pdf.fields(terms)
        bank = bank_fields(pdf)
        if bank:
            pdf.section(_("Payment by telegraphic transfer (T/T)"))
            pdf.fields(bank)
        if quotation.notes:
            pdf.section(_("Notes"))
            pdf.paragraph(quotation.notes[:3000])
        return pdf.bytes()


def invoice_pdf(order, locale: str = "en") -> bytes:
    """The order's invoice: lines with SKU, HS code and origin, shipping, total, refunds."""
    with force_locale(locale):
        pdf = DocumentPDF(_("Invoice %(number)s", number=order.number))
        pdf.fields(
            [
                (_("Invoice date"), day(order.paid_at or order.created_at)),
                (_("Order date"), day(order.created_at)),
                (_("Status"), status_label(order.status)),
                (_("Currency"), order.currency),
                (
                    _("Incoterm"),
                    f"{order.incoterm} {order.incoterm_place or ''} (Incoterms 2020)"
                    if order.incoterm
                    else "",
                ),
            ]
        )
        buyer = order.buyer
        bill_to = [buyer_name(order), *address_lines(order, locale), buyer.email]
        if order.ship_phone:
            bill_to.append(format_national(order.ship_phone))
        pdf.parties((_("Seller"), exporter_lines(pdf)), (_("Bill and ship to"), bill_to))
        currency = order.currency
        rows = [
            (
                line.name,
                line.sku or "-",
                line.hs_code or "-",
                origin_text(line.origin_regency_code),
                f"{quantity(line.quantity, locale)} {line.unit}",
                money_text(line.unit_price_minor, currency, locale),
                money_text(line.line_total_minor, currency, locale),
            )
            for line in order.lines
        ]
        shipping = (
            _("to be quoted")
            if order.shipping_quote_pending
            else money_text(order.shipping_minor, currency, locale)
        )
        footer = [
            (
                "",
                "",
                "",
                "",
                "",
                _("Subtotal"),
                money_text(order.subtotal_minor, currency, locale),
            ),
            ("", "", "", "", "", order.shipping_service or _("Shipping"), shipping),
            ("", "", "", "", "", _("Total"), money_text(order.total_minor, currency, locale)),
        ]
        if order.refunded_minor:
            footer += [
                (
                    "",
                    "",
                    "",
                    "",
                    "",
                    _("Refunded"),
                    money_text(order.refunded_minor, currency, locale),
                ),
                (
                    "",
                    "",
                    "",
                    "",
                    "",
                    _("Net after refunds"),
                    money_text(order.total_minor - order.refunded_minor, currency, locale),
                ),
            ]
        pdf.grid(
            (
                _("Product"),
                _("SKU"),
                _("HS code"),
                _("Origin"),
                _("Quantity"),
                _("Unit price"),
                _("Amount"),
            ),
            rows,
            (50, 20, 18, 32, 18, 25, 27),
            ("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
            footer=footer,
        )
        weight = sum((line.weight_grams or 0) * line.quantity for line in order.lines)
        if weight:
            pdf.fields([(_("Net weight"), f"{kilograms(weight, locale)} kg")])
        return pdf.bytes()
