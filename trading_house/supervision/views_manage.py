"""The cooperative's own pages: its examinations and the self-assessment."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.core.clock import business_today
from trading_house.core.uow import unit_of_work
from trading_house.supervision import examinations, policies, queries
from trading_house.supervision.blueprint import bp
from trading_house.supervision.forms import ConfirmForm, StartSelfAssessmentForm

MAX_ITEMS = 200


def _own_cooperative():
    from trading_house.cooperatives.policies import officer_cooperative

    cooperative = officer_cooperative(current_user)
    if cooperative is None:
        abort(403)
    return cooperative


def _own_examination(examination_id: int):
    exam = queries.load_examination(examination_id)
    policies.require_officer_of(current_user, exam)
    return exam


@bp.get("/koperasi-saya/pemeriksaan")
@login_required
def my_examinations():
    cooperative = _own_cooperative()
    form = StartSelfAssessmentForm(year=business_today().year - 1)
    return render_template(
        "supervision/my_examinations.html",
        cooperative=cooperative,
        exams=queries.examinations_of(cooperative),
        form=form,
    )


@bp.post("/koperasi-saya/pemeriksaan/mulai")
@login_required
def start_self_assessment():
    cooperative = _own_cooperative()
    form = StartSelfAssessmentForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            exam = examinations.open_examination(
                cooperative, year=form.year.data, actor=current_user
            )
        if work.done:
            flash(_("The self-assessment is open: answer the questions you can."), "success")
            return redirect(url_for("supervision.self_assessment", examination_id=exam.id))
    return (
        render_template(
            "supervision/my_examinations.html",
            cooperative=cooperative,
            exams=queries.examinations_of(cooperative),
            form=form,
        ),
        422,
    )


def _posted_answers(exam) -> tuple[dict, dict]:
    answers, files = {}, {}
    for answer in exam.answers[:MAX_ITEMS]:
        item_id = answer.item_id
        if f"answer_{item_id}" in request.form or f"note_{item_id}" in request.form:
            answers[item_id] = {
                "answer": request.form.get(f"answer_{item_id}", ""),
                "note": request.form.get(f"note_{item_id}", ""),
            }
        upload = request.files.get(f"evidence_{item_id}")
        if upload is not None and upload.filename:
            files[item_id] = upload
    return answers, files


@bp.route("/koperasi-saya/pemeriksaan/<int:examination_id>", methods=["GET", "POST"])
@login_required
def self_assessment(examination_id: int):
    exam = _own_examination(examination_id)
    form = ConfirmForm()
    if request.method == "POST":
        if form.validate_on_submit():
            answers, files = _posted_answers(exam)
            with unit_of_work(form) as work:
                examinations.save_self_assessment(exam, answers, actor=current_user, files=files)
            if work.done:
                flash(_("Your answers are saved."), "success")
                return redirect(url_for("supervision.self_assessment", examination_id=exam.id))
        return render_template("supervision/self_assessment.html", exam=exam, form=form), 422
    return render_template("supervision/self_assessment.html", exam=exam, form=form)


@bp.post("/koperasi-saya/pemeriksaan/<int:examination_id>/kirim")
@login_required
def submit_self_assessment(examination_id: int):
    exam = _own_examination(examination_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        with unit_of_work() as work:
            examinations.submit_self_assessment(exam, actor=current_user)
        if work.done:
            flash(_("Sent to the examiner."), "success")
    return redirect(url_for("supervision.self_assessment", examination_id=exam.id))
