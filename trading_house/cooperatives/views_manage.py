"""The cooperative's own pages (``/koperasi/<id>/…``): its officers keep the profile, organs,
members and history current; the assigned examiner and administrators read them.

Reading needs ``can_view_records`` (404 otherwise); changing needs ``can_edit_records`` (its
officers and administrators: 403 for a reader, 404 for others).
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.cooperatives import queries, services
from trading_house.cooperatives.blueprint import bp
from trading_house.cooperatives.forms import MemberForm, OfficerForm, ProfileForm
from trading_house.cooperatives.policies import (
    can_edit_records,
    editable_cooperative,
    is_coop_officer,
    officer_cooperative,
    readable_cooperative,
)
from trading_house.cooperatives.ratios import ratios_for, trend_between
from trading_house.core.uow import unit_of_work


@bp.route("/saya")
@login_required
def my_cooperative():
    """An officer's way in: the records of their cooperative."""
    if not is_coop_officer(current_user):
        return render_template("cooperatives/not_officer.html"), 403
    cooperative = officer_cooperative(current_user)
    if cooperative is None:
        return render_template("cooperatives/not_officer.html")
    return redirect(url_for("cooperatives.overview", cooperative_id=cooperative.id))


@bp.route("/<int:cooperative_id>")
@login_required
def overview(cooperative_id):
    """Everything the registry holds about the cooperative, on one page."""
    cooperative = readable_cooperative(current_user, cooperative_id)
    statements = queries.statements(cooperative)
    submitted = [s for s in statements if s.is_submitted]
    latest = submitted[0] if submitted else None
    previous = next((s for s in submitted[1:] if latest and s.year == latest.year - 1), None)
    return render_template(
        "cooperatives/overview.html",
        cooperative=cooperative,
        can_edit=can_edit_records(current_user, cooperative),
        rat_years=queries.rat_years(cooperative),
        statements=statements,
        latest=latest,
        ratios=ratios_for(latest) if latest else {},
        trend=trend_between(latest, previous) if latest else {},
        audit_reports=queries.audit_reports(cooperative),
        nik_expired=queries.nik_expired(cooperative),
    )


@bp.route("/<int:cooperative_id>/profil", methods=["GET", "POST"])
@login_required
def edit_profile(cooperative_id):
    cooperative = editable_cooperative(current_user, cooperative_id)
    form = ProfileForm(obj=cooperative)
    if request.method == "GET":
        codes = cooperative.membership_regencies or []
        form.membership_regencies.data = [c for c in codes if c.startswith("73")]
        form.other_province_regencies.data = ", ".join(c for c in codes if not c.startswith("73"))
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.update_cooperative_profile(cooperative, form.values(), actor=current_user)
        if work.done:
            flash(_("The cooperative's profile is saved."), "success")
            return redirect(url_for("cooperatives.overview", cooperative_id=cooperative.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("cooperatives/profile.html", cooperative=cooperative, form=form), status


@bp.route("/<int:cooperative_id>/pengurus", methods=["GET", "POST"])
@login_required
def officers(cooperative_id):
    """The organs (board, manager, supervisors); an e-mail gives the person access."""
    cooperative = editable_cooperative(current_user, cooperative_id)
    form = OfficerForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.add_officer(
                cooperative,
                name=form.name.data,
                position=form.position.data,
                term_starts_on=form.term_starts_on.data,
                email=form.email.data,
                actor=current_user,
            )
        if work.done:
            flash(_("The officer is added."), "success")
            return redirect(url_for("cooperatives.officers", cooperative_id=cooperative.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("cooperatives/officers.html", cooperative=cooperative, form=form), status


@bp.post("/<int:cooperative_id>/pengurus/<int:officer_id>/hapus")
@login_required
def remove_officer(cooperative_id, officer_id):
    cooperative = editable_cooperative(current_user, cooperative_id)
    with unit_of_work() as work:
        services.remove_officer(cooperative, officer_id, actor=current_user)
    if work.done:
        flash(_("The officer is removed from the list."), "success")
    return redirect(url_for("cooperatives.officers", cooperative_id=cooperative.id))


@bp.route("/<int:cooperative_id>/anggota", methods=["GET", "POST"])
@login_required
def members(cooperative_id):
    """Member counts by sex (on the profile) and the optional member register."""
    cooperative = editable_cooperative(current_user, cooperative_id)
    form = MemberForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.add_register_member(
                cooperative,
                name=form.name.data,
                sex=form.sex.data,
                joined_on=form.joined_on.data,
                enterprise_slug=form.enterprise_slug.data,
                actor=current_user,
            )
        if work.done:
            flash(_("The member is added to the register."), "success")
            return redirect(url_for("cooperatives.members", cooperative_id=cooperative.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "cooperatives/members.html",
        cooperative=cooperative,
        form=form,
        members=queries.member_register(cooperative),
    ), status


@bp.post("/<int:cooperative_id>/anggota/<int:member_id>/hapus")
@login_required
def remove_member(cooperative_id, member_id):
    cooperative = editable_cooperative(current_user, cooperative_id)
    with unit_of_work() as work:
        services.remove_register_member(cooperative, member_id, actor=current_user)
    if work.done:
        flash(_("The member is removed from the register."), "success")
    return redirect(url_for("cooperatives.members", cooperative_id=cooperative.id))


@bp.route("/<int:cooperative_id>/riwayat")
@login_required
def history(cooperative_id):
    """Every change of the records: who, when, what before and after."""
    cooperative = readable_cooperative(current_user, cooperative_id)
    entries = queries.history(cooperative)
    return render_template(
        "cooperatives/history.html",
        cooperative=cooperative,
        entries=entries,
        names=queries.actor_names(entries),
        can_edit=can_edit_records(current_user, cooperative),
    )
