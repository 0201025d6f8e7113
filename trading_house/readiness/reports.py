"""The gap report: what an enterprise still lacks, ordered by weight and ease, with next steps.

The same report is a page and a PDF (fpdf2) in the SME's language.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from flask_babel import force_locale, format_date, gettext, ngettext
from fpdf import FPDF

from trading_house.catalog.models import Product
from trading_house.catalog.status import ProductStatus
from trading_house.core.clock import utcnow
from trading_house.core.money import Money
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.regions import regency_name
from trading_house.readiness.clinic import NOT_CASH
from trading_house.readiness.grades import grade_label
from trading_house.readiness.lifecycle import state_label
from trading_house.readiness.models import ChecklistItem
from trading_house.readiness.scoring import (
    Assessment,
    ItemResult,
    ScoringContext,
    assess_enterprise_all,
    load_products,
)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
NEVER = 10**12


@dataclass
class GapEntry:
    item: ChecklistItem
    state: str
    curator_note: str | None


@dataclass
class GapSection:
    product: Product | None
    assessment: Assessment
    entries: list[GapEntry] = field(default_factory=list)


@dataclass
class SharedGap:
    """A product-level item missing for several products: one task, listed once."""

    item: ChecklistItem
    gaps: list[tuple[Product, GapEntry]]


@dataclass
class GapReport:
    enterprise: Enterprise
    locale: str
    generated_at: datetime
    assessment: Assessment
    sections: list[GapSection]

    @property
    def total(self) -> int:
        return sum(len(s.entries) for s in self.sections)

    @property
    def business(self) -> GapSection:
        return self.sections[0]

    @property
    def product_sections(self) -> list[GapSection]:
        return [s for s in self.sections if s.product is not None]

    @cached_property
    def shared(self) -> list[SharedGap]:
        """Items missing for more than one product, heaviest and easiest first: the page shows
        each once with the products it concerns, instead of once under every product."""
        by_item: dict[int, SharedGap] = {}
        for section in self.product_sections:
            product = section.product
            if product is None:  # never: product_sections only (for the type checker)
                continue
            for entry in section.entries:
                by_item.setdefault(entry.item.id, SharedGap(entry.item, [])).gaps.append(
                    (product, entry)
                )
        shared = [gap for gap in by_item.values() if len(gap.gaps) > 1]
        return sorted(shared, key=lambda gap: _item_key(gap.item))

    def own_entries(self, section: GapSection) -> list[GapEntry]:
        """The entries of a product section that are not among the shared ones."""
        shared = {gap.item.id for gap in self.shared}
        return [entry for entry in section.entries if entry.item.id not in shared]


def _item_key(item: ChecklistItem) -> tuple:
    days = item.typical_days if item.typical_days is not None else NEVER
    cost = item.typical_cost_idr if item.typical_cost_idr is not None else NEVER
    return (-item.weight, days, cost, item.position, item.id)


def ease_key(result: ItemResult) -> tuple:
    """Heavier items first; among equal weights the quicker and cheaper first."""
    return _item_key(result.item)


def _entries(results: list[ItemResult]) -> list[GapEntry]:
    gaps = sorted((r for r in results if not r.counts), key=ease_key)
    return [
        GapEntry(
            item=r.item, state=r.state, curator_note=r.answer.curator_note if r.answer else None
        )
        for r in gaps
    ]


def gap_report(enterprise: Enterprise, locale: str) -> GapReport:
    """Missing, rejected, expired and unverified items of the enterprise and each live product."""
    ctx = ScoringContext.load()
    products = load_products(enterprise.id)
    outcome = assess_enterprise_all(enterprise, ctx, products)
    sections = [GapSection(None, outcome.enterprise, _entries(outcome.enterprise_results))]
    for product in products:
        if product.status == ProductStatus.ARCHIVED:
            continue
        assessment = outcome.products[product.id]
        own = [r for r in assessment.results if r.product_id == product.id]
        sections.append(GapSection(product, assessment, _entries(own)))
    return GapReport(enterprise, locale, utcnow(), outcome.enterprise, sections)


# --- PDF -------------------------------------------------------------------------------------

_LATIN1 = str.maketrans({"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."})


class _Pdf(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.family = "body" if self.unicode else "helvetica"
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)

    def text_safe(self, value: str) -> str:
        if self.unicode:
            return value
        return value.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def para(self, value: str, size: float = 10, style: str = "", height: float = 5.5):
        self.set_font(self.family, style, size)
        self.multi_cell(0, height, self.text_safe(value), new_x="LMARGIN", new_y="NEXT")


def _days(n: int | None) -> str:
    if n is None:
        return ""
    return ngettext("%(num)s day", "%(num)s days", n)


def gap_report_pdf(report: GapReport) -> bytes:
    """The report as a printable PDF in ``report.locale``."""
    with force_locale(report.locale):
        pdf = _Pdf()
        pdf.set_title(gettext("Export-readiness gap report"))
        pdf.add_page()
        pdf.para(gettext("Export-readiness gap report"), 16, "B", 8)
        enterprise = report.enterprise
        pdf.para(f"{enterprise.name} · {regency_name(enterprise.regency_code)}", 12, "B", 7)
        pdf.para(gettext("Date: %(date)s", date=format_date(report.generated_at, "long")))
        pdf.para(
            gettext(
                "Business grade: %(grade)s (%(label)s), score %(score)s of 100",
                grade=report.assessment.grade,
                label=grade_label(report.assessment.grade),
                score=report.assessment.score,
            )
        )
        pdf.para(str(NOT_CASH), 9)
        pdf.ln(3)
        for section in report.sections:
            _pdf_section(pdf, section, report.locale)
        if report.total == 0:
            pdf.para(gettext("Nothing is missing: every item is verified."))
        return bytes(pdf.output())


def _pdf_section(pdf: _Pdf, section: GapSection, locale: str) -> None:
    if section.product is None:
        heading = gettext("The business")
    else:
        heading = gettext(
            "Product: %(name)s (grade %(grade)s)",
            name=section.product.name_for(locale),
            grade=section.assessment.grade,
        )
    pdf.ln(2)
    pdf.para(heading, 13, "B", 7)
    if not section.entries:
        pdf.para(gettext("Nothing is missing here."))
        return
    for number, entry in enumerate(section.entries, start=1):
        item = entry.item
        flag = gettext("mandatory") if item.mandatory else ""
        pdf.para(
            f"{number}. {item.title_for(locale)} — {state_label(entry.state)}"
            + (f" ({flag})" if flag else ""),
            10.5,
            "B",
        )
        pdf.para(gettext("Next step: %(step)s", step=item.next_step_for(locale)))
        if entry.curator_note:
            pdf.para(gettext("Curator's note: %(note)s", note=entry.curator_note))
        if item.issuing_body_for(locale):
            pdf.para(gettext("Issued by: %(body)s", body=item.issuing_body_for(locale)), 9)
        effort = []
        if item.typical_days is not None:
            effort.append(gettext("typical time %(days)s", days=_days(item.typical_days)))
        if item.typical_cost_idr is not None:
            cost = Money(int(item.typical_cost_idr), "IDR").format(locale)
            effort.append(gettext("typical cost %(cost)s", cost=cost))
        if effort:
            pdf.para(" · ".join(effort), 9)
        pdf.ln(1.5)
