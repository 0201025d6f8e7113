"""SME back office: dashboard, profile, team and staff invitations (``/business``)."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from trading_house.core.errors import PermissionDenied
from trading_house.core.templating import current_locale
from trading_house.core.uow import unit_of_work
from trading_house.enterprises import services, team
from trading_house.enterprises.forms import InviteForm, ProfileForm
from trading_house.enterprises.identity import legal_form_label
from trading_house.enterprises.logos import logo_url
from trading_house.enterprises.policies import current_enterprise, is_owner, require_owner

bp = Blueprint("enterprises", __name__, url_prefix="/business")


@bp.app_template_global()
def enterprise_logo_url(enterprise, size: int = 128) -> str | None:
    """``{{ enterprise_logo_url(enterprise, 512) }}``: the logo's public URL, or None."""
    return logo_url(enterprise, size)


@bp.app_template_global()
def legal_form_name(value: str | None) -> str:
    return legal_form_label(value)


def sme_required(view):
    """Signed in with the SME role; the enterprise (if any) is passed to the view."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.has_role("sme"):
            abort(403)
        return view(current_enterprise(current_user), *args, **kwargs)

    return wrapper


def _no_enterprise():
    return render_template("enterprises/no_enterprise.html"), 200


@bp.get("/")
@bp.get("")
@sme_required
def dashboard(enterprise):
    if enterprise is None:
        return _no_enterprise()
    return render_template(
        "enterprises/dashboard.html",
        enterprise=enterprise,
        completeness=services.profile_completeness(enterprise),
        owner=is_owner(current_user, enterprise),
    )


@bp.route("/profile", methods=["GET", "POST"])
@sme_required
def edit_profile(enterprise):
    if enterprise is None:
        return _no_enterprise()
    if not is_owner(current_user, enterprise):
        abort(403)
    form = ProfileForm(obj=enterprise)
    if form.validate_on_submit():
        upload = form.logo.data
        logo = upload.read() if upload and getattr(upload, "filename", "") else None
        with unit_of_work(form) as work:
            services.update_enterprise_profile(
                enterprise, actor=current_user, logo=logo, **form.profile_values()
            )
        if work.failed:
            flash(_("Please correct the marked fields."), "danger")
        else:
            flash(_("Your business profile has been saved."), "success")
            return redirect(url_for("enterprises.dashboard"))
    elif request.method == "POST":
        flash(_("Please correct the marked fields."), "danger")
    return (
        render_template("enterprises/profile.html", form=form, enterprise=enterprise, owner=True),
        400 if form.errors else 200,
    )


@bp.post("/verification")
@sme_required
def request_verification(enterprise):
    if enterprise is None:
        abort(404)
    with unit_of_work() as work:
        require_owner(current_user, enterprise)
        services.request_verification(enterprise, actor=current_user)
    if work.done:
        flash(_("Thank you. The trading house will check your NIB and NPWP."), "success")
    return redirect(url_for("enterprises.dashboard"))


# --- Team -----------------------------------------------------------------------------------------


@bp.get("/team")
@sme_required
def team_page(enterprise):
    if enterprise is None:
        return _no_enterprise()
    return _render_team(enterprise, InviteForm())


def _render_team(enterprise, form):
    owner = is_owner(current_user, enterprise)
    return render_template(
        "enterprises/team.html",
        enterprise=enterprise,
        members=team.members(enterprise),
        invitations=team.pending_invitations(enterprise) if owner else [],
        expires_at=team.invitation_expires_at,
        owner=owner,
        form=form,
    )


@bp.post("/team/invitations")
@sme_required
def invite(enterprise):
    if enterprise is None:
        abort(404)
    if not is_owner(current_user, enterprise):
        abort(403)
    form = InviteForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            invitation = team.invite_staff(
                enterprise, form.email.data, actor=current_user, locale=current_locale()
            )
        if work.failed:
            flash(_("Please correct the marked fields."), "danger")
        else:
            flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("enterprises.team_page"))
    return _render_team(enterprise, form), 400


@bp.post("/team/invitations/<int:invitation_id>/revoke")
@sme_required
def revoke_invitation(enterprise, invitation_id: int):
    return _team_action(
        enterprise,
        lambda: team.revoke_invitation(enterprise, invitation_id, actor=current_user),
        _("The invitation has been withdrawn."),
    )


@bp.post("/team/members/<int:membership_id>/remove")
@sme_required
def remove_member(enterprise, membership_id: int):
    return _team_action(
        enterprise,
        lambda: team.remove_member(enterprise, membership_id, actor=current_user),
        _("The team member has been removed."),
    )


def _team_action(enterprise, action, success: str):
    if enterprise is None:
        abort(404)
    with unit_of_work() as work:
        action()
    if work.done:
        flash(success, "success")
    return redirect(url_for("enterprises.team_page"))


# --- Accepting an invitation ---------------------------------------------------------------------


@bp.get("/invitations/<token>")
def accept_invitation(token: str):
    """Show the invitation (GET never writes); the person confirms with a POST."""
    try:
        invitation = team.load_invitation(token)
    except team.InvitationInvalid as exc:
        return _invitation_refused(exc, 400)
    if not current_user.is_authenticated:
        flash(
            _(
                "Sign in or register with %(email)s to join %(name)s.",
                email=invitation.email,
                name=invitation.enterprise.name,
            ),
            "info",
        )
        return redirect(url_for("accounts.login", next=request.path))
    return render_template(
        "enterprises/invitation.html",
        invitation=invitation,
        token=token,
        matches=current_user.email.lower() == invitation.email,
    )


@bp.post("/invitations/<token>")
@login_required
def confirm_invitation(token: str):
    """Join the team; a link that is not (or no longer) valid, or is someone else's, says why."""
    try:
        with unit_of_work(category=None) as work:
            membership = team.accept_invitation(token, current_user)
    except PermissionDenied as exc:  # sent to another address: rolled back, shown as a 403
        return _invitation_refused(exc, 403)
    if work.error is not None:
        return _invitation_refused(work.error, 400)
    flash(_("Welcome to the team of %(name)s.", name=membership.enterprise.name), "success")
    return redirect(url_for("enterprises.dashboard"))


def _invitation_refused(error, status: int):
    return render_template("enterprises/invitation_invalid.html", message=error.message), status
