"""Admin screens (``/admin``): index, users, audit log. Rates, categories and enterprises
live in ``views_admin_catalog`` and are attached to the same blueprint."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, fresh_login_required

from trading_house.accounts.models import ROLES
from trading_house.accounts.policies import admin_page_guard
from trading_house.accounts.services import deactivate_user, reactivate_user, set_roles
from trading_house.admin import services
from trading_house.admin.blueprint import bp
from trading_house.admin.forms import ROLE_LABELS, RolesForm
from trading_house.core.pagination import parse_page
from trading_house.core.uow import unit_of_work

bp.before_request(admin_page_guard)


@bp.app_template_global()
def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


@bp.get("/")
def index():
    return render_template("admin/index.html")


# --- Users ---------------------------------------------------------------------------------------
# Changing roles or (de)activating an account needs a fresh sign-in: a session rebuilt from a
# remember-me cookie (a shared or stolen computer) types the password again first.


@bp.get("/users")
def users():
    q = request.args.get("q", "").strip()[:200]
    role = request.args.get("role", "")
    page = services.search_users(
        q, role if role in ROLES else None, parse_page(request.args.get("page"))
    )
    return render_template("admin/users.html", page=page, q=q, role=role, roles=ROLES)


def _user_or_404(user_id: int):
    user = services.get_user(user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int, form=None, status: int = 200):
    user = _user_or_404(user_id)
    form = form or RolesForm(roles=sorted(user.role_names))
    history = services.audit_entries(subject=user, page=1)
    return (
        render_template(
            "admin/user_detail.html",
            user=user,
            form=form,
            memberships=services.user_memberships(user),
            history=history,
            actors=services.users_by_id(e.actor_id for e in history.items),
        ),
        status,
    )


@bp.post("/users/<int:user_id>/roles")
@fresh_login_required
def change_roles(user_id: int):
    user = _user_or_404(user_id)
    form = RolesForm()
    if form.validate_on_submit():
        with unit_of_work(category=None) as work:
            set_roles(user, form.roles.data or [], actor=current_user)
        if work.error is not None:
            form.roles.errors = [*form.roles.errors, work.error.message]
        else:
            flash(_("The roles of %(email)s have been saved.", email=user.email), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return user_detail(user_id, form=form, status=400)


@bp.post("/users/<int:user_id>/deactivate")
@fresh_login_required
def deactivate(user_id: int):
    return _activation(user_id, deactivate_user, _("The account has been deactivated."))


@bp.post("/users/<int:user_id>/reactivate")
@fresh_login_required
def reactivate(user_id: int):
    return _activation(user_id, reactivate_user, _("The account has been reactivated."))


def _activation(user_id: int, action, success: str):
    user = _user_or_404(user_id)
    with unit_of_work() as work:
        action(user, actor=current_user)
    if work.done:
        flash(success, "success")
    return redirect(url_for("admin.user_detail", user_id=user_id))


# --- Audit log -----------------------------------------------------------------------------------


@bp.get("/audit")
def audit_log():
    action = request.args.get("action", "").strip()[:64]
    actor = request.args.get("actor", "").strip()[:254]
    page = services.audit_entries(
        action=action or None, actor=actor or None, page=parse_page(request.args.get("page"))
    )
    return render_template(
        "admin/audit.html",
        page=page,
        action=action,
        actor=actor,
        actions=services.audit_actions(),
        actors=services.users_by_id(e.actor_id for e in page.items),
    )
