"""The examination report and its minutes (*berita acara*) as PDF, in Indonesian."""

from flask_babel import force_locale
from flask_babel import gettext as _

from trading_house.supervision import scoring
from trading_house.supervision.documents import long_date, number, office_identity
from trading_house.supervision.labels import aspect_label, predicate_label
from trading_house.supervision.models import Examination

#: Room to sign above the name in the minutes.
SIGNATURE_SPACE = "\n\n\n\n"


def _answer_text(answer) -> str:
    if answer.item.is_ratio:
        return number(answer.value) if answer.value is not None else _("cannot be computed")
    return {"yes": _("Yes"), "no": _("No")}.get(answer.answer or "", "-")


def _identity(pdf, exam: Examination) -> None:
    cooperative = exam.cooperative
    pdf.fields(
        [
            (_("Cooperative"), cooperative.name),
            (_("Legal entity number"), getattr(cooperative, "legal_entity_number", "") or ""),
            (_("Cooperative ID number (NIK)"), getattr(cooperative, "nik", "") or ""),
            (_("Address"), getattr(cooperative, "address", "") or ""),
            (_("Financial year examined"), str(exam.year)),
            (
                _("Worksheet"),
                _(
                    "%(name)s, version %(version)s",
                    name=exam.template.name,
                    version=exam.template.version,
                ),
            ),
            (_("Examiner"), exam.examiner.display_name if exam.examiner else "-"),
            (_("Visit"), f"{long_date(exam.visited_on)} · {exam.visit_place or '-'}"),
        ],
        label_width=50,
    )


def report_pdf(exam: Examination) -> bytes:
    """The full report: identity, scores per aspect, every item, conclusions."""
    from trading_house.trade_documents.pdf import DocumentPDF

    with force_locale("id"):
        result = scoring.score_examination(exam) if not exam.is_finalised else None
        pdf = DocumentPDF(
            _("Cooperative health examination report %(year)s", year=exam.year),
            footer=exam.cooperative.name,
            identity=office_identity(),
        )
        _identity(pdf, exam)
        pdf.section(_("Result"))
        pdf.paragraph(
            _(
                "Total score %(score)s of 100: %(predicate)s",
                score=number(exam.total_score),
                predicate=predicate_label(exam.predicate),
            ),
            bold=True,
            size=11,
        )
        if result is not None:
            pdf.paragraph(_("Provisional: the examination is not finalised."))
        aspects: dict[str, list[tuple[int, int | None]]] = {}
        for answer in exam.answers:
            aspects.setdefault(answer.item.aspect, []).append((answer.item.weight, answer.score))
        pdf.grid(
            [_("Aspect"), _("Weight"), _("Score (0–100)")],
            [
                [
                    aspect_label(a),
                    str(sum(w for w, _s in pairs)),
                    number(scoring.total_score(pairs)),
                ]
                for a, pairs in aspects.items()
            ],
            widths=(100, 30, 40),
            align=("LEFT", "RIGHT", "RIGHT"),
        )
        pdf.section(_("Indicators"))
        rows = []
        for answer in sorted(exam.answers, key=lambda a: (a.item.position, a.item.id)):
            rows.append(
                [
                    answer.item.code,
                    f"{answer.item.text_id}\n{answer.item.legal_source}",
                    _answer_text(answer),
                    str(answer.score or "-"),
                    answer.examiner_note or answer.note or "",
                ]
            )
        pdf.grid(
            [_("Code"), _("Indicator and source"), _("Answer"), _("Score"), _("Notes")],
            rows,
            widths=(22, 78, 20, 14, 46),
            align=("LEFT", "LEFT", "LEFT", "RIGHT", "LEFT"),
        )
        pdf.section(_("Conclusions"))
        pdf.paragraph(exam.conclusions or "-")
        pdf.section(_("Recommendations"))
        pdf.paragraph(exam.recommendations or "-")
        return pdf.bytes()


def minutes_pdf(exam: Examination) -> bytes:
    """Berita acara: where, when and by whom the examination was done, and its result."""
    from trading_house.trade_documents.pdf import DocumentPDF

    with force_locale("id"):
        pdf = DocumentPDF(
            _("Minutes of the cooperative health examination"),
            footer=exam.cooperative.name,
            identity=office_identity(),
        )
        pdf.paragraph(
            _(
                "On %(date)s at %(place)s, a health examination of the cooperative below was "
                "carried out for financial year %(year)s by the cooperative examiner named "
                "below, with the worksheet %(worksheet)s version %(version)s.",
                date=long_date(exam.visited_on),
                place=exam.visit_place or "-",
                year=exam.year,
                worksheet=exam.template.name,
                version=exam.template.version,
            ),
            size=10,
        )
        pdf.ln(2)
        _identity(pdf, exam)
        pdf.section(_("Present"))
        pdf.paragraph(exam.present or "-")
        pdf.section(_("Result"))
        pdf.paragraph(
            _(
                "Total score %(score)s of 100: %(predicate)s",
                score=number(exam.total_score),
                predicate=predicate_label(exam.predicate),
            ),
            bold=True,
            size=11,
        )
        pdf.section(_("Recommendations"))
        pdf.paragraph(exam.recommendations or "-")
        pdf.ln(3)
        pdf.paragraph(
            _("These minutes were drawn up truthfully and signed by both parties."), size=9
        )
        pdf.ln(4)
        pdf.parties(
            (
                _("Cooperative examiner"),
                [SIGNATURE_SPACE + (exam.examiner.display_name if exam.examiner else "")],
            ),
            (_("For the cooperative"), [SIGNATURE_SPACE + exam.cooperative.name]),
        )
        return pdf.bytes()
