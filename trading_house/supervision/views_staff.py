"""Examiners' pages: their examinations, the worksheet on a phone (a draft kept in the browser
and sent when online, applied once), finalising and the certificate."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from trading_house.core.clock import business_today
from trading_house.core.uow import unit_of_work
from trading_house.supervision import certificates, examinations, policies, queries, scoring
from trading_house.supervision.blueprint import bp
from trading_house.supervision.forms import (
    ConfirmForm,
    FinaliseForm,
    OpenExaminationForm,
    ReturnForm,
)
from trading_house.supervision.policies import division_required


def _examination(examination_id: int):
    exam = queries.load_examination(examination_id)
    policies.require_examiner_of(current_user, exam)
    return exam


def _open_form(form=None) -> OpenExaminationForm:
    form = form or OpenExaminationForm(year=business_today().year - 1)
    form.cooperative_id.choices = [
        SelectChoice(c.id, c.name) for c in queries.cooperatives_to_examine(current_user)
    ]
    return form


@bp.get("/pemeriksaan")
@division_required
def examinations_list():
    return render_template(
        "supervision/examinations.html",
        exams=queries.examinations_for(current_user),
        form=_open_form(),
    )


@bp.post("/pemeriksaan/baru")
@division_required
def open_examination():
    form = _open_form(OpenExaminationForm())
    if form.validate_on_submit():
        cooperative = next(
            c
            for c in queries.cooperatives_to_examine(current_user)
            if c.id == form.cooperative_id.data
        )
        with unit_of_work(form) as work:
            exam = examinations.open_examination(
                cooperative,
                year=form.year.data,
                actor=current_user,
                worksheet=form.worksheet.data,
            )
        if work.done:
            flash(
                _("Examination opened: the cooperative can now fill its self-assessment."),
                "success",
            )
            return redirect(url_for("supervision.worksheet", examination_id=exam.id))
    return (
        render_template(
            "supervision/examinations.html",
            exams=queries.examinations_for(current_user),
            form=form,
        ),
        422,
    )


@bp.get("/pemeriksaan/<int:examination_id>")
@division_required
def worksheet(examination_id: int):
    exam = _examination(examination_id)
    result = scoring.score_examination(exam) if not exam.is_finalised else None
    return render_template(
        "supervision/worksheet.html",
        exam=exam,
        result=result,
        form=ConfirmForm(),
        return_form=ReturnForm(),
    )


@bp.post("/pemeriksaan/<int:examination_id>/simpan")
@division_required
def field_save(examination_id: int):
    """One save of the phone's draft (JSON): ``{draft_id, revision, answers}``."""
    exam = _examination(examination_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(ok=False, error=_("This save is not valid; reload the page.")), 400
    try:
        revision = int(str(payload.get("revision")))
    except (TypeError, ValueError):
        revision = 0
    raw = payload.get("answers")
    answers: dict = raw if isinstance(raw, dict) else {}
    sink = ConfirmForm(meta={"csrf": False})
    with unit_of_work(sink) as work:
        saved = examinations.apply_field_save(
            exam,
            draft_id=str(payload.get("draft_id") or ""),
            revision=revision,
            answers=answers,
            actor=current_user,
        )
    if not work.done:
        return jsonify(ok=False, error=" ".join(str(e) for e in sink.form_errors)), 422
    verified = sum(1 for a in exam.answers if a.is_verified)
    return jsonify(
        ok=True,
        revision=saved.revision,
        duplicate=saved.duplicate,
        stale=saved.stale,
        changed=saved.changed,
        verified=verified,
    )


@bp.post("/pemeriksaan/<int:examination_id>/tinjau")
@division_required
def start_review(examination_id: int):
    exam = _examination(examination_id)
    if ConfirmForm().validate_on_submit():
        with unit_of_work() as work:
            examinations.start_review(exam, actor=current_user)
        if work.done:
            flash(_("You are verifying this worksheet."), "success")
    return redirect(url_for("supervision.worksheet", examination_id=exam.id))


@bp.post("/pemeriksaan/<int:examination_id>/kembalikan")
@division_required
def return_examination(examination_id: int):
    exam = _examination(examination_id)
    form = ReturnForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            examinations.return_to_cooperative(exam, actor=current_user, reason=form.reason.data)
        if work.done:
            flash(_("Sent back to the cooperative."), "success")
            return redirect(url_for("supervision.worksheet", examination_id=exam.id))
    result = scoring.score_examination(exam) if not exam.is_finalised else None
    return (
        render_template(
            "supervision/worksheet.html",
            exam=exam,
            result=result,
            form=ConfirmForm(),
            return_form=form,
        ),
        422,
    )


@bp.route("/pemeriksaan/<int:examination_id>/selesai", methods=["GET", "POST"])
@division_required
def finalise(examination_id: int):
    exam = _examination(examination_id)
    form = FinaliseForm()
    if request.method == "GET" and form.visited_on.data is None:
        form.visited_on.data = business_today()
        form.visit_place.data = getattr(exam.cooperative, "address", "") or ""
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            examinations.finalise(
                exam,
                actor=current_user,
                visited_on=form.visited_on.data,
                visit_place=form.visit_place.data,
                present=form.present.data,
                conclusions=form.conclusions.data,
                recommendations=form.recommendations.data,
            )
        if work.done:
            flash(_("Examination finalised."), "success")
            return redirect(url_for("supervision.worksheet", examination_id=exam.id))
    result = scoring.score_examination(exam) if not exam.is_finalised else None
    status = 422 if request.method == "POST" else 200
    unverified = [a for a in exam.answers if not a.item.is_ratio and not a.is_verified]
    return render_template(
        "supervision/finalise.html", exam=exam, form=form, result=result, unverified=unverified
    ), status


@bp.post("/pemeriksaan/<int:examination_id>/sertifikat")
@division_required
def issue_certificate(examination_id: int):
    exam = _examination(examination_id)
    if ConfirmForm().validate_on_submit():
        with unit_of_work() as work:
            certificates.issue(exam, actor=current_user)
        if work.done:
            flash(_("Certificate issued."), "success")
    return redirect(url_for("supervision.worksheet", examination_id=exam.id))
