"""Proforma invoice of a quotation (fpdf2), on the trading house's letterhead.

Text goes through the PDF core fonts (Latin-1), so anything outside Latin-1 is transliterated;
amounts are written as "USD 1,234.50" (currency code, no symbol) so that every currency prints.
"""

import unicodedata

from babel.numbers import format_decimal
from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF

from trading_house.core.money import EXPONENTS, Money
from trading_house.enterprises.regions import regency_name
from trading_house.inquiries.terms import country_name, incoterm_label, payment_terms_label

LETTERHEAD = (
    "Rumah Dagang Koperasi Sulawesi Selatan",
    "Jl. Jenderal Sudirman, Makassar 90115, Sulawesi Selatan, Indonesia",
    "rumahdagang.id  -  trade@rumahdagang.id",
)
_PUNCTUATION = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2026": "...",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2022": "-",
}


def latin1(text) -> str:
    """Printable with the core fonts: typographic punctuation simplified, accents kept when
    Latin-1 has them, other letters reduced to their base letter."""
    text = "".join(_PUNCTUATION.get(c, c) for c in str(text or ""))
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append(base or "?")
    return "".join(out)


def amount(money: Money, locale: str) -> str:
    """ "USD 1,234.50" in the reader's number format."""
    digits = EXPONENTS[money.currency]
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return f"{money.currency} {format_decimal(money.to_decimal(), format=pattern, locale=locale)}"


class _Proforma(FPDF):
    def header(self):
        self.set_font("Helvetica", "B", 14)
        self.set_text_color(122, 46, 29)
        self.cell(0, 7, LETTERHEAD[0], new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 8)
        self.set_text_color(80, 80, 80)
        for line in LETTERHEAD[1:]:
            self.cell(0, 4, latin1(line), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(122, 46, 29)
        self.line(self.l_margin, self.get_y() + 2, self.w - self.r_margin, self.get_y() + 2)
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, latin1(self.footer_text), align="C")


def proforma_pdf(quotation, *, locale: str = "en") -> bytes:
    """The proforma invoice of ``quotation`` in ``locale``, as PDF bytes."""
    with force_locale(locale):
        return bytes(_build(quotation, locale))


def _build(quotation, locale: str):
    inquiry = quotation.inquiry
    buyer = inquiry.buyer
    pdf = _Proforma(format="A4")
    pdf.footer_text = _(
        "Proforma invoice - not a demand for payment. Prices valid until %(date)s.",
        date=quotation.valid_until.isoformat(),
    )
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, latin1(_("PROFORMA INVOICE")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    rows = [
        (_("Number"), f"PI-{quotation.number}"),
        (_("Date"), quotation.created_at.date().isoformat()),
        (_("Valid until"), quotation.valid_until.isoformat()),
    ]
    for label, value in rows:
        pdf.cell(35, 5, latin1(label))
        pdf.cell(0, 5, latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    exporter = LETTERHEAD[0]
    if quotation.enterprise is not None:
        exporter = _(
            "%(seller)s, through %(house)s", seller=quotation.enterprise.name, house=LETTERHEAD[0]
        )
    buyer_lines = [buyer.company or buyer.display_name, buyer.display_name if buyer.company else ""]
    buyer_lines.append(country_name(inquiry.destination_country, locale))
    _two_columns(
        pdf,
        (_("Exporter / seller"), [exporter, "Indonesia"]),
        (_("Buyer"), [line for line in buyer_lines if line]),
    )
    pdf.ln(2)

    widths = (62, 20, 30, 20, 25, 33)
    headers = (
        _("Description"),
        _("HS code"),
        _("Origin"),
        _("Quantity"),
        _("Unit price"),
        _("Amount"),
    )
    pdf.set_font("Helvetica", "B", 8)
    pdf.set_fill_color(244, 220, 192)
    for width, header in zip(widths, headers, strict=True):
        pdf.cell(width, 7, latin1(header), border=1, fill=True)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for line in quotation.lines:
        origin = regency_name(line.origin_regency_code)
        origin = f"{origin}, ID" if origin else "Indonesia"
        cells = (
            line.description[:40],
            line.hs_code or "-",
            origin[:20],
            f"{format_decimal(line.quantity, locale=locale)} {line.unit}",
            amount(line.unit_money, locale),
            amount(line.amount, locale),
        )
        for index, (width, text) in enumerate(zip(widths, cells, strict=True)):
            pdf.cell(width, 6, latin1(text), border=1, align="R" if index >= 3 else "L")
        pdf.ln()
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(sum(widths[:-1]), 7, latin1(_("Total")), border=1, align="R")
    pdf.cell(widths[-1], 7, latin1(amount(quotation.total, locale)), border=1, align="R")
    pdf.ln(10)

    pdf.set_font("Helvetica", "", 9)
    terms = [
        (_("Incoterm"), f"{quotation.incoterm} {quotation.named_place} (Incoterms 2020)"),
        ("", incoterm_label(quotation.incoterm)),
        (_("Payment terms"), payment_terms_label(quotation.payment_terms)),
        (
            _("Lead time"),
            _("%(days)s days after order confirmation", days=quotation.lead_time_days),
        ),
        (_("Country of origin"), "Indonesia"),
        (_("Destination"), country_name(inquiry.destination_country, locale)),
        (_("Quotation"), f"{quotation.number} ({_('revision')} {quotation.revision})"),
    ]
    if quotation.moq:
        terms.append((_("MOQ"), f"{format_decimal(quotation.moq, locale=locale)}"))
    for label, value in terms:
        pdf.cell(40, 5, latin1(label))
        pdf.multi_cell(0, 5, latin1(value), new_x="LMARGIN", new_y="NEXT")
    if quotation.notes:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(0, 5, latin1(_("Notes")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, latin1(quotation.notes[:3000]), new_x="LMARGIN", new_y="NEXT")
    return pdf.output()


def _two_columns(pdf: FPDF, left, right) -> None:
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    top = pdf.get_y()
    for index, (title, lines) in enumerate((left, right)):
        pdf.set_xy(pdf.l_margin + index * half, top)
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(half, 5, latin1(title), new_x="LEFT", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        for line in lines:
            pdf.multi_cell(half - 4, 5, latin1(line), new_x="LEFT", new_y="NEXT")
        if index == 0:
            bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin, max(bottom, pdf.get_y()))
