"""Language, currency and time zone of the current visitor."""

from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import Domain, get_locale
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup, escape

# flask_babel's lazy strings say they are safe HTML (``__html__`` returns the raw text), so a value
# interpolated into ``_l("... %(name)s", name=...)`` would reach pages unescaped. Escape them like
# any other string (no lazy message in this app contains intended markup).
LazyString.__html__ = lambda self: str(escape(str(self)))


class RequestDomain(Domain):
    """Flask-Babel's message domain, finding the translations once per locale per request.

    Flask-Babel looks them up on every message through three lookups of its request context
    (a catalog page translates about seventy messages); this remembers them beside the locale
    they belong to, so ``force_locale`` (e-mails, PDFs in the reader's language) still switches.
    """

    def get_translations(self):
        babel_context = getattr(g, "_flask_babel", None) if has_app_context() else None
        locale = getattr(babel_context, "babel_locale", None)
        if babel_context is None or locale is None:
            return super().get_translations()
        remembered = getattr(babel_context, "request_translations", None)
        if remembered is not None and remembered[0] is locale:
            return remembered[1]
        translations = super().get_translations()
        babel_context.request_translations = (locale, translations)
        return translations


def _as_template_text(context, text: str, variables: dict):
    """A message from our own catalogs as Jinja's i18n extension gives it: markup under
    autoescape, always formatted with ``variables`` (escaped by ``%``); a message without a
    ``%`` is its own result, so it is not formatted."""
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704  # nosec B704
    return text % variables if variables or "%" in text else text


def init_translations(app: Flask, babel) -> None:
    """Use :class:`RequestDomain` for Python code (``gettext``, lazy strings) and templates."""
    domain = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    babel.domain_instance = domain
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # the i18n extension
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    # The two a page calls most, as Jinja's "newstyle" wrappers behave (always a format string,
    # Markup under autoescape) minus one call layer: a catalog page calls them ~70 times.

    @pass_context
    def gettext(context, string: str, **variables):
        text = domain.get_translations().ugettext(string)
        return _as_template_text(context, text, variables)

    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, **variables):
        variables.setdefault("num", num)
        text = domain.get_translations().ungettext(singular, plural, num)
        return _as_template_text(context, text, variables)

    # ``_`` is Jinja's alias that looks ``gettext`` up and calls it through the context again:
    # the same function, one lookup and one call layer fewer on each of a page's ~50 messages.
    app.jinja_env.globals.update(gettext=gettext, ngettext=ngettext, _=gettext)


LANG_SESSION_KEY = "lang"
CURRENCY_SESSION_KEY = "currency"


def current_locale() -> str:
    """The language code this request is answered in (``"id"``, ``"en"``); ``"id"`` outside one."""
    return str(get_locale() or "id")


def user_locale(user: object) -> str:
    """The language ``user`` reads e-mails and notices in: their preference, else Indonesian."""
    return getattr(user, "preferred_language", None) or "id"


def select_locale() -> str:
    """?lang= (remembered in the session), then the user's preference, then Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands and jobs: translate with the default locale
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang") or ""
    if asked in languages:
        session[LANG_SESSION_KEY] = asked
        return asked
    remembered = session.get(LANG_SESSION_KEY)
    if remembered in languages:
        return str(remembered)
    user = _signed_in_user()
    if user is not None and user.preferred_language in languages:
        return user.preferred_language
    return browser_language()


def browser_language() -> str:
    """The site's language for this browser's Accept-Language until the person chooses one.

    Indonesian readers get Indonesian; a browser asking for any other language (``ja-JP``,
    ``nl-NL`` …) gets English, the one foreign language we write, rather than Indonesian. Without
    the header (robots, scripts) the site's default language answers.
    """
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    header = request.accept_languages
    if not header:
        return default
    best = header.best_match(languages)
    if best is not None:
        return best
    return "en" if "en" in languages else default


def may_be_signed_in() -> bool:
    """Whether this request's cookies carry a sign-in (a session with a user, or a remember-me
    cookie); False means an anonymous visitor, known without loading anyone."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or remember in request.cookies


def select_timezone() -> str:
    user = _signed_in_user()
    if user is not None and getattr(user, "timezone", None):
        return user.timezone
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def select_currency() -> str:
    """?currency= (remembered), then the user's preference, then IDR."""
    if "currency" in g:
        return g.currency
    currencies = current_app.config["CURRENCIES"]
    asked = (request.args.get("currency") or "").upper()
    if asked in currencies:
        session[CURRENCY_SESSION_KEY] = asked
        g.currency = asked
        return asked
    chosen = session.get(CURRENCY_SESSION_KEY)
    if chosen not in currencies:
        user = _signed_in_user()
        chosen = getattr(user, "preferred_currency", None) if user else None
    g.currency = chosen if chosen in currencies else "IDR"
    return g.currency


def _signed_in_user():
    if has_request_context() and not may_be_signed_in():
        # A visitor without a sign-in in their cookies: Flask-Login would only say so after
        # hashing their address and browser (session protection) on every request.
        return None
    try:
        if current_user and current_user.is_authenticated:
            return current_user
    except Exception:  # noqa: S110 - outside a request or before login is set up
        pass
    return None
