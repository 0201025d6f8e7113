"""The one PDF engine of the trading house's documents (fpdf2).

- Fonts are shipped in ``static/fonts/`` (see its README for the licences): DejaVu Sans for
  Latin, Greek, Cyrillic and the currency signs (€ ¥ ₩ …), a Noto Sans CJK subset as fallback for
  Japanese. A character no font has prints as U+FFFD (a visible mark), never as "?" in an amount.
- Every piece of text wraps inside its cell: nothing is cut.
- Dates are the trading house's dates (``core.clock.business_date``, WITA), ISO formatted;
  amounts come from ``core.money.Money.format`` (right symbol and exponent per currency).
- The letterhead is the trading house's identity (``identity.current_identity``), the same on
  every document.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel.numbers import format_decimal
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from trading_house.core.clock import business_date
from trading_house.core.money import Money
from trading_house.trade_documents.identity import Identity, current_identity

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "static" / "fonts"
FONTS = {
    ("body", ""): "DejaVuSans.ttf",
    ("body", "B"): "DejaVuSans-Bold.ttf",
    ("cjk", ""): "NotoSansCJK-JP-subset.otf",
}
REPLACEMENT = "\ufffd"
#: Spaces the fonts may lack, printed as their plain equivalents.
_SPACES = {"\u202f": "\u00a0", "\u2009": " ", "\u200b": ""}
ACCENT = (122, 46, 29)


@cache
def _covered() -> frozenset[int]:
    """Every code point some shipped font can draw."""
    points: set[int] = set()
    for name in FONTS.values():
        font = TTFont(FONT_DIR / name, lazy=True)
        points.update(font.getBestCmap().keys())
        font.close()
    return frozenset(points)


def printable(text) -> str:
    """``text`` as the fonts can print it: unknown characters become a visible U+FFFD."""
    covered = _covered()
    out = []
    for char in str(text if text is not None else ""):
        char = _SPACES.get(char, char)
        if not char or char in "\n\t" or ord(char) in covered:
            out.append(char)
        else:
            out.append(REPLACEMENT)
    return "".join(out)


def money_text(amount: int, currency: str, locale: str) -> str:
    return Money(int(amount), currency).format(locale)


def day(value: datetime | date | None) -> str:
    """A date at the trading house (WITA), ISO 8601: unambiguous for every reader."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = business_date(value)
    return value.isoformat()


def quantity(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


def kilograms(grams: int | None, locale: str) -> str:
    if grams is None:
        return "-"
    return format_decimal(Decimal(grams) / 1000, format="#,##0.000", locale=locale)


class DocumentPDF(FPDF):
    """An A4 document on the trading house's letterhead, with wrapping blocks and tables."""

    def __init__(self, title: str, *, footer: str = "", identity: Identity | None = None):
        super().__init__(format="A4")
        for (family, style), filename in FONTS.items():
            self.add_font(family, style, str(FONT_DIR / filename))
        # Japanese (and other CJK) characters come from the fallback font in any style.
        self.set_fallback_fonts(["cjk"], exact_match=False)
        self.identity = identity or current_identity()
        self.title_text = printable(title)
        self.footer_text = printable(footer)
        self.set_title(self.title_text)
        self.set_author(printable(self.identity.legal_name))
        self.set_creator("Rumah Dagang")
        self.set_auto_page_break(auto=True, margin=18)
        self.alias_nb_pages()
        self.add_page()
        self.set_font("body", "B", 15)
        self.multi_cell(0, 8, self.title_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    # --- page furniture ------------------------------------------------------------------------
    def header(self):
        house = self.identity
        self.set_text_color(*ACCENT)
        self.set_font("body", "B", 12)
        self.multi_cell(0, 6, printable(house.legal_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(70, 70, 70)
        self.set_font("body", "", 8)
        for line in (", ".join(house.address_lines), house.registrations, house.contact):
            if line:
                self.multi_cell(0, 4, printable(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*ACCENT)
        self.line(self.l_margin, self.get_y() + 1.5, self.w - self.r_margin, self.get_y() + 1.5)
        self.ln(4)
        self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-14)
        self.set_font("body", "", 7)
        self.set_text_color(110, 110, 110)
        text = f"{self.title_text} · {self.page_no()}/{{nb}}"
        if self.footer_text:
            text = f"{self.footer_text}\n{text}"
        self.multi_cell(0, 3.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)

    # --- content -------------------------------------------------------------------------------
    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def paragraph(self, text: str, *, bold: bool = False, size: float = 9) -> None:
        self.set_font("body", "B" if bold else "", size)
        self.multi_cell(0, 4.6, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def section(self, title: str) -> None:
        self.ln(1.5)
        self.set_text_color(*ACCENT)
        self.paragraph(title, bold=True, size=9.5)
        self.set_text_color(0, 0, 0)

    def fields(self, pairs: Iterable[tuple[str, str]], *, label_width: float = 42) -> None:
        """Label: value rows; long values wrap under themselves."""
        self.set_font("body", "", 8.5)
        with self.table(
            col_widths=(label_width, self.width - label_width),
            first_row_as_headings=False,
            text_align="LEFT",
            borders_layout="NONE",
            line_height=4.4,
            padding=(0.3, 1),
        ) as table:
            for label, value in pairs:
                if value in (None, ""):
                    continue
                row = table.row()
                row.cell(printable(label), style=_LABEL)
                row.cell(printable(value))
        self.ln(1)

    def parties(self, *blocks: tuple[str, Sequence[str]]) -> None:
        """Side-by-side blocks (exporter, consignee, notify party …), each wrapping."""
        self.set_font("body", "", 8.5)
        with self.table(
            col_widths=[self.width / len(blocks)] * len(blocks),
            text_align="LEFT",
            line_height=4.4,
            padding=1.2,
            headings_style=_heading_style(),
        ) as table:
            head = table.row()
            for title, _lines in blocks:
                head.cell(printable(title))
            row = table.row()
            for _title, lines in blocks:
                row.cell(printable("\n".join(line for line in lines if line)))
        self.ln(2)

    def grid(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float],
        align: Sequence[str],
        *,
        footer: Sequence[Sequence[str]] = (),
    ) -> None:
        """A bordered table whose cells wrap; ``footer`` rows are printed in bold."""
        self.set_font("body", "", 7.8)
        with self.table(
            col_widths=widths,
            text_align=align,
            line_height=4,
            padding=1,
            headings_style=_heading_style(),
            repeat_headings=1,
        ) as table:
            head = table.row()
            for cell in header:
                head.cell(printable(cell))
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(printable(cell))
            for values in footer:
                row = table.row()
                for cell in values:
                    row.cell(printable(cell), style=_BOLD)
        self.set_font("body", "", 8.5)
        self.ln(2)

    def bytes(self) -> bytes:
        return bytes(self.output())


_BOLD = FontFace(emphasis="BOLD")
#: Labels and table headings are set apart by colour, not by a bold font: fpdf2 2.8.9 restores
#: the table's heading font after a line drawn with the fallback (CJK) font, so a bold heading
#: turned the lines after a Japanese name into garbage. Same font, other colour: no switch.
_LABEL = FontFace(color=ACCENT)


def _heading_style() -> FontFace:
    return FontFace(emphasis="", color=ACCENT, fill_color=(244, 226, 205))
