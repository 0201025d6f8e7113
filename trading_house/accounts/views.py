"""Sign-up, sign-in and -out, e-mail verification, password reset and account settings."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import (
    confirm_login,
    current_user,
    fresh_login_required,
    login_required,
    logout_user,
)

from trading_house.accounts import links, recovery, services
from trading_house.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    ReauthenticateForm,
    RegisterForm,
    RequestResetForm,
    ResendVerificationForm,
    ResetPasswordForm,
    SignInLinkForm,
)
from trading_house.accounts.sessions import end_session, start_session
from trading_house.accounts.throttle import SignInThrottled
from trading_house.accounts.tokens import TokenExpired, TokenInvalid
from trading_house.core.errors import DomainError
from trading_house.core.i18n import CURRENCY_SESSION_KEY, LANG_SESSION_KEY
from trading_house.core.templating import current_locale, has_endpoint
from trading_house.core.uow import unit_of_work
from trading_house.core.urls import safe_next
from trading_house.enterprises.services import create_enterprise
from trading_house.extensions import limiter

bp = Blueprint("accounts", __name__)

#: The e-mail address this browser just registered (see ``register`` and ``confirm_email``).
SIGNUP_SESSION_KEY = "signup_email"


# --- rate limits --------------------------------------------------------------------------


@limiter.request_filter
def _limits_switched_off() -> bool:
    """Honour each app's RATELIMIT_ENABLED: the Limiter object is shared by every app."""
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _account_rate_limit(key: str, default: str):
    """The rate limit in the app's setting ``key`` (read per request), else ``default``."""
    return lambda: current_app.config.get(key, default)


def _by_email(prefix: str):
    def key() -> str:
        return f"{prefix}:{services.normalize_email(request.form.get('email'))}"

    return key


def _by_user_or_ip() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def _redirected(response) -> bool:
    """Only accepted sign-ups (answered with a redirect) count against an e-mail address."""
    return response.status_code in (302, 303)


# --- helpers ------------------------------------------------------------------------------


def _home_for(user) -> str:
    if user.has_role("sme") and has_endpoint("enterprises.dashboard"):
        return url_for("enterprises.dashboard")
    return url_for("core.home")


def _next_path(value: str | None) -> str | None:
    """``value`` when it is a path on this site (the page to come back to), else None."""
    return safe_next(value, "") or None


def _remember_language(user) -> None:
    """Sign-in brings the user's language along, unless this browser already chose one."""
    if (
        LANG_SESSION_KEY not in session
        and user.preferred_language in current_app.config["LANGUAGES"]
    ):
        session[LANG_SESSION_KEY] = user.preferred_language


# --- sign-up ------------------------------------------------------------------------------


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(
    _account_rate_limit("ACCOUNTS_REGISTER_LIMIT_IP", "10 per hour; 30 per day"),
    key_func=get_remote_address,
    methods=["POST"],
)
@limiter.limit(
    _account_rate_limit("ACCOUNTS_REGISTER_LIMIT_EMAIL", "3 per hour"),
    key_func=_by_email("register"),
    methods=["POST"],
    deduct_when=_redirected,
)
def register():
    form = RegisterForm()
    target = _next_path(form.next.data or request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("core.home"))
    if not form.is_submitted():
        form.preferred_language.data = current_locale()
    form.next.data = target or ""
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            user = services.register_user(
                account_type=form.account_type.data,
                email=form.email.data,
                password=form.password.data,
                display_name=form.display_name.data,
                preferred_language=form.preferred_language.data,
                company=form.company.data,
                country=form.country.data,
                buyer_type=form.buyer_type.data,
                next_path=target,
            )
            if user is not None and form.account_type.data == "sme":
                _create_enterprise_of(user, form)
        if work.done:
            # The same answer whether the address was new or already had an account (its owner
            # got an e-mail instead): the form never tells who is registered.
            flash(
                _(
                    "Thank you! We sent an e-mail to %(email)s. Open the link in it to confirm "
                    "your address, then sign in here.",
                    email=services.normalize_email(form.email.data),
                ),
                "success",
            )
            # Set whether the address was new or not (the cookie must not tell either): the
            # confirmation link, opened in this browser, then signs the new account in.
            session[SIGNUP_SESSION_KEY] = services.normalize_email(form.email.data)
            return redirect(url_for("accounts.login", next=target or None))
    return render_template("accounts/register.html", form=form)


def _create_enterprise_of(user, form) -> None:
    """The new SME's business, from the sign-up form; a refusal is shown on the form's field
    (the service's ``name`` is the form's ``enterprise_name``)."""
    try:
        create_enterprise(
            user,
            name=form.enterprise_name.data,
            legal_form=form.legal_form.data,
            regency_code=form.regency_code.data,
        )
    except DomainError as error:
        error.field = {"name": "enterprise_name"}.get(error.field or "", error.field)
        raise


# --- sign-in and -out ---------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _account_rate_limit("ACCOUNTS_LOGIN_LIMIT_IP", "20 per minute; 200 per hour"),
    key_func=get_remote_address,
    methods=["POST"],
)
def login():
    """Wrong passwords are slowed down per address and per source (``throttle.py``), not by a
    lock anyone could renew: the owner can always ask for a one-time link by e-mail."""
    form = LoginForm()
    target = safe_next(request.form.get("next") or request.args.get("next"), url_for("core.home"))
    if current_user.is_authenticated and not form.is_submitted():
        return redirect(target)
    status, throttled = 200, False
    if form.validate_on_submit():
        # A refused attempt keeps its failure count and audit entry (``SignInRefused``).
        with unit_of_work(form) as work:
            user = services.authenticate(
                form.email.data, form.password.data, source=request.remote_addr
            )
            if current_user.is_authenticated:  # switching accounts in this browser
                end_session(current_user._get_current_object())
            start_session(user, remember=form.remember.data)
            _remember_language(user)
        if work.done:
            return redirect(target)
        throttled = isinstance(work.error, SignInThrottled)
        status = 429 if throttled else 200
    form.next.data = target if target != url_for("core.home") else ""
    link_form = SignInLinkForm(formdata=None, email=form.email.data, next=form.next.data)
    return render_template(
        "accounts/login.html", form=form, link_form=link_form, throttled=throttled
    ), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        with unit_of_work() as work:
            services.record_sign_out(user)
            end_session(user)
        if work.done:
            flash(_("You are signed out. See you soon!"), "info")
    return redirect(url_for("core.home"))


# --- one-time sign-in links and re-authentication -----------------------------------------


@bp.route("/login/link", methods=["GET", "POST"])
@limiter.limit(
    _account_rate_limit("ACCOUNTS_LINK_LIMIT_IP", "5 per 15 minutes; 20 per day"),
    key_func=get_remote_address,
    methods=["POST"],
)
def request_sign_in_link():
    """Ask for a one-time sign-in link. Not limited per address (``links.py`` caps the e-mails
    so that someone else's requests can never keep the owner from a working link)."""
    form = SignInLinkForm()
    target = _next_path(form.next.data or request.args.get("next"))
    form.next.data = target or ""
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            links.request_link(form.email.data, source=request.remote_addr, next_path=target)
        if work.done:
            flash(
                _(
                    "If an account exists for %(email)s, we have sent it a sign-in link. It "
                    "works once, for %(minutes)s minutes.",
                    email=services.normalize_email(form.email.data),
                    minutes=int(links.LINK_LIFETIME.total_seconds() // 60),
                ),
                "info",
            )
            return redirect(url_for("accounts.login", next=target or None))
    return render_template("accounts/sign_in_link_request.html", form=form)


def _bad_sign_in_link(error: DomainError):
    form = SignInLinkForm(formdata=None)
    return render_template("accounts/sign_in_link_invalid.html", error=error, form=form), 400


@bp.get("/login/link/<token>")
def sign_in_link(token: str):
    """Shows a button: e-mail scanners that open links must not spend them."""
    try:
        user = links.user_for_link(token)
    except TokenInvalid as error:
        return _bad_sign_in_link(error)
    return render_template(
        "accounts/sign_in_link.html",
        user=user,
        token=token,
        next_path=_next_path(request.args.get("next")),
    )


@bp.post("/login/link/<token>")
def use_sign_in_link(token: str):
    with unit_of_work(category=None) as work:
        user = links.use_link(token)
        if current_user.is_authenticated:  # switching accounts in this browser
            end_session(current_user._get_current_object())
        # Not fresh: the password was not typed, so sensitive actions still ask for it.
        start_session(user, fresh=False)
        _remember_language(user)
    if work.error is not None:
        return _bad_sign_in_link(work.error)
    flash(_("You are signed in. Welcome back, %(name)s!", name=user.display_name), "success")
    return redirect(_next_path(request.args.get("next")) or _home_for(user))


@bp.route("/reauthenticate", methods=["GET", "POST"])
@limiter.limit(
    _account_rate_limit("ACCOUNTS_LOGIN_LIMIT_IP", "20 per minute; 200 per hour"),
    key_func=get_remote_address,
    methods=["POST"],
)
@login_required
def reauthenticate():
    """The password again before a sensitive action (Flask-Login's ``refresh_view``)."""
    user = current_user._get_current_object()
    form = ReauthenticateForm()
    target = safe_next(form.next.data or request.args.get("next"), url_for("core.home"))
    status = 200
    if form.validate_on_submit():
        # A refused attempt keeps its failure count and audit entry (``SignInRefused``).
        with unit_of_work(form) as work:
            services.reauthenticate(user, form.password.data, source=request.remote_addr)
            confirm_login()
        if work.done:
            return redirect(target)
        status = 429 if isinstance(work.error, SignInThrottled) else 200
    form.next.data = target
    return render_template("accounts/reauthenticate.html", form=form), status


# --- e-mail verification ------------------------------------------------------------------


def _bad_link(error: DomainError, token: str | None = None):
    expired = isinstance(error, TokenExpired)
    form = ResendVerificationForm(formdata=None, token=token if expired else "")
    return (
        render_template("accounts/verify_invalid.html", expired=expired, error=error, form=form),
        400,
    )


@bp.get("/verify/<token>")
def verify_email(token: str):
    """Shows a confirm button: e-mail scanners that open links must not confirm anything."""
    try:
        user = recovery.user_for_verify_token(token)
    except (TokenExpired, TokenInvalid) as error:
        return _bad_link(error, token)
    next_path = _next_path(request.args.get("next"))
    return render_template(
        "accounts/verify_email.html", user=user, token=token, next_path=next_path
    )


@bp.post("/verify/<token>")
def confirm_email(token: str):
    """Confirm, then go on to the page that asked for an account. Opened in the browser that
    registered (and for the first time), the link also signs the new account in: the e-mail
    proves the inbox, the session proves this browser typed the password a moment ago."""
    next_path = _next_path(request.form.get("next") or request.args.get("next"))
    with unit_of_work(category=None) as work:
        first_time = not recovery.user_for_verify_token(token).email_verified
        user = recovery.verify_email(token)
        signs_in = (
            first_time
            and not current_user.is_authenticated
            and session.pop(SIGNUP_SESSION_KEY, None) == user.email
            and user.active
        )
        if signs_in:
            start_session(user, fresh=False)
            _remember_language(user)
    if work.error is not None:
        return _bad_link(work.error, token)
    flash(_("Thank you! Your e-mail address %(email)s is confirmed.", email=user.email), "success")
    if current_user.is_authenticated:
        return redirect(next_path or _home_for(current_user))
    return redirect(url_for("accounts.login", next=next_path or None))


@bp.post("/verify/resend")
@limiter.limit(_account_rate_limit("ACCOUNTS_RESEND_LIMIT", "5 per hour"), key_func=_by_user_or_ip)
def resend_verification():
    form = ResendVerificationForm()
    if current_user.is_authenticated:
        user = current_user._get_current_object()
    elif form.validate_on_submit() and (form.token.data or form.email.data):
        user = recovery.user_for_resend(token=form.token.data, email=form.email.data)
    else:
        if not form.email.errors:
            form.email.errors = [_("Enter your e-mail address.")]
        return render_template(
            "accounts/verify_invalid.html", expired=False, error=None, form=form
        ), 400
    target = _next_path(request.form.get("next"))
    with unit_of_work() as work:
        recovery.resend_verification(user, next_path=target)
    if work.done:
        flash(
            _(
                "If that address still needs confirming, a new link is on its way. "
                "Please check your inbox."
            ),
            "info",
        )
    return redirect(target or url_for("core.home"))


# --- password reset -----------------------------------------------------------------------


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(
    _account_rate_limit("ACCOUNTS_RESET_LIMIT_IP", "5 per 15 minutes; 20 per day"),
    key_func=get_remote_address,
    methods=["POST"],
)
@limiter.limit(
    _account_rate_limit("ACCOUNTS_RESET_LIMIT_EMAIL", "3 per hour"),
    key_func=_by_email("reset"),
    methods=["POST"],
)
def request_reset():
    form = RequestResetForm()
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            recovery.request_password_reset(form.email.data)
        if work.done:
            # The same answer whether or not the address has an account.
            flash(
                _(
                    "If an account exists for %(email)s, we have sent it a link to choose a "
                    "new password. Please check your inbox.",
                    email=services.normalize_email(form.email.data),
                ),
                "info",
            )
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = recovery.user_for_reset_token(token)
    except (TokenExpired, TokenInvalid) as error:
        return render_template("accounts/reset_invalid.html", error=error), 400
    form = ResetPasswordForm(account_email=user.email)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            recovery.reset_password(token, form.password.data)
            logout_user()
        if work.done:
            flash(_("Your password is changed. Please sign in with your new password."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form, user=user)


# --- settings -----------------------------------------------------------------------------


def _settings_page(profile_form, password_form):
    return render_template("accounts/settings.html", form=profile_form, password_form=password_form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.update_profile(
                user,
                display_name=form.display_name.data,
                company=form.company.data,
                country=form.country.data,
                preferred_language=form.preferred_language.data,
                preferred_currency=form.preferred_currency.data,
                timezone=form.timezone.data,
            )
        if work.done:
            # A saved preference takes effect now, in this browser too.
            session[LANG_SESSION_KEY] = user.preferred_language
            session[CURRENCY_SESSION_KEY] = user.preferred_currency
            flash(_("Your settings are saved."), "success")
            return redirect(url_for("accounts.settings"))
    return _settings_page(form, ChangePasswordForm(formdata=None))


@bp.post("/account/password")
@fresh_login_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(account_email=user.email)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            services.change_password(user, form.current_password.data, form.new_password.data)
        if work.done:
            flash(
                _("Your password is changed. You were signed out on your other devices."),
                "success",
            )
            return redirect(url_for("accounts.settings"))
    return _settings_page(ProfileForm(formdata=None, obj=user), form)
