"""Template filters and globals: money in the visitor's currency, dates in their time zone."""

from html import escape as html_escape
from typing import Any

import jinja2
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import format_date, format_datetime, gettext, ngettext
from markupsafe import Markup
from werkzeug.routing import BuildError

from trading_house.core.countries import country_name
from trading_house.core.fragments import cached_fragment
from trading_house.core.i18n import current_locale, select_currency
from trading_house.core.labels import status_label
from trading_house.core.money import Money
from trading_house.core.phones import format_national, whatsapp_chat_url, whatsapp_share_url
from trading_house.core.urls import public_url


def money(value: Money | None) -> str:
    if value is None:
        return ""
    return value.format(current_locale())


def typed_amount(amount_minor: int, currency: str) -> str:
    """An amount as a person types it in the current locale, without a currency sign (EUR 3565
    in Indonesian: ``3.565,00``; IDR 1250000: ``1.250.000``): examples under amount fields."""
    from babel.numbers import format_decimal

    from trading_house.core.money import EXPONENTS

    digits = EXPONENTS[currency]
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    value = Money(int(amount_minor), currency).to_decimal()
    return format_decimal(value, format=pattern, locale=current_locale())


def idr(amount: int | None) -> str:
    if amount is None:
        return ""
    return Money(int(amount), "IDR").format(current_locale())


#: Formatted prices by (locale, currency, rate, amount), shared by the requests of a process:
#: the same prices recur on every page. Bounded by clearing (cheap to refill).
_FORMATTED: dict[tuple, str] = {}
_FORMATTED_MAX = 50_000


def price_formatter(locale: str, currency: str):
    """``format(amount_idr) -> str``: IDR prices in ``currency`` for ``locale`` at this
    request's rate (IDR when the currency has no rate)."""
    from trading_house.core.rates import rate_table, to_display_currency

    micro = None if currency == "IDR" else rate_table().get(currency)

    def format_price(amount_idr: int) -> str:
        key = (locale, currency, micro, amount_idr)
        text = _FORMATTED.get(key)
        if text is None:
            if len(_FORMATTED) >= _FORMATTED_MAX:
                _FORMATTED.clear()
            value = to_display_currency(int(amount_idr), currency)
            text = _FORMATTED[key] = value.format(locale)
        return text

    return format_price


def price(amount_idr: int | None) -> str:
    """An IDR price in the visitor's chosen currency (converted at the admin-set rate)."""
    if amount_idr is None:
        return ""
    # Per (locale, currency): an e-mail rendered under ``force_locale`` must not reuse the page's.
    formatters = g.setdefault("price_formatters", {})
    which = (current_locale(), select_currency())
    formatter = formatters.get(which)
    if formatter is None:
        formatter = formatters[which] = price_formatter(*which)
    return formatter(int(amount_idr))


def shown_currency() -> str:
    """The currency this visitor sees prices in (IDR while its exchange rate is missing)."""
    from trading_house.core.rates import displayable

    return displayable(select_currency())


def _beside(main: str, rupiah: str) -> Markup:
    return Markup(
        '{} <span class="text-body-secondary small text-nowrap" data-idr>({})</span>'
    ).format(main, rupiah)


def price_with_idr(amount_idr: int | None) -> Markup | str:
    """An IDR price in the visitor's currency with the rupiah beside it: "¥3,333 (Rp 350.000)";
    only the rupiah for a visitor who shops in rupiah."""
    if amount_idr is None:
        return ""
    if shown_currency() == "IDR":
        return idr(amount_idr)
    return _beside(price(amount_idr), idr(amount_idr))


def money_with_idr(value: Money | None, idr_per_unit_micro: int | None = None) -> Markup | str:
    """``value`` (an amount in any currency: a quotation, an order, a buyer's target price) with
    its rupiah value beside it: "US$12.50 (≈ Rp 203.125)", at ``idr_per_unit_micro`` (an order's
    own rate) or else at today's admin-set rate."""
    from trading_house.core.money import to_idr
    from trading_house.core.rates import convert

    if value is None:
        return ""
    if value.currency == "IDR":
        return money(value)
    rupiah: Money | None
    if idr_per_unit_micro:
        rupiah = Money(to_idr(value, idr_per_unit_micro), "IDR")
    else:
        rupiah = convert(value, "IDR")
    if rupiah is None:
        return money(value)
    return _beside(money(value), _about(rupiah))


def with_rupiah(value: Money | None, amount_idr: int | None) -> Markup | str:
    """``value`` with the rupiah it was converted from beside it (no "≈": the exact figure of a
    price set in rupiah, such as a cart line or a shipping rate); ``value`` alone in rupiah."""
    if value is None:
        return ""
    if value.currency == "IDR" or amount_idr is None:
        return money(value)
    return _beside(money(value), idr(amount_idr))


def _about(value: Money) -> str:
    # TRANSLATORS: an amount converted at an exchange rate, e.g. "≈ Rp 203.125".
    return gettext("≈ %(amount)s", amount=money(value))


def rupiah_about(value: Money | None) -> str:
    """ "≈ Rp 203.125": ``value`` in rupiah at today's admin-set rate ("" for rupiah, or
    without a rate), to put under a foreign amount."""
    from trading_house.core.rates import convert

    if value is None or value.currency == "IDR":
        return ""
    rupiah = convert(value, "IDR")
    return _about(rupiah) if rupiah is not None else ""


def price_input_value(amount_idr: int | None) -> str:
    """An IDR amount as typed in the visitor's currency (the catalog's price filter)."""
    from trading_house.core.rates import to_display_currency

    if amount_idr is None:
        return ""
    shown = to_display_currency(int(amount_idr), shown_currency())
    return typed_amount(shown.amount, shown.currency)


def money_echo(field):
    """The echo under a money input (see ``core/money_preview.py``)."""
    from trading_house.core.money_preview import field_echo

    return field_echo(field)


def money_about(value: Money | None) -> str:
    """ "≈ ¥3,372": ``value`` in the visitor's currency when it differs (else "")."""
    from trading_house.core.money_preview import echo_money

    if value is None:
        return ""
    return echo_money(value, current_locale(), select_currency()).about


def duration(hours: float | None) -> str:
    """A length of time given in hours, as people say it: "45 minutes", "5 hours",
    "1 day 6 hours" (never "30.0 hours"). Rounded to the minute below an hour, else to the hour.
    """
    if hours is None:
        return ""
    minutes = max(1, round(hours * 60))
    if minutes < 60:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes)
    whole_hours = round(minutes / 60)
    if whole_hours < 24:
        return ngettext("%(num)d hour", "%(num)d hours", whole_hours)
    days, rest = divmod(whole_hours, 24)
    in_days = ngettext("%(num)d day", "%(num)d days", days)
    if not rest:
        return in_days
    in_hours = ngettext("%(num)d hour", "%(num)d hours", rest)
    # TRANSLATORS: a duration of days and hours, e.g. "1 day" "6 hours" -> "1 day 6 hours".
    return gettext("%(days)s %(hours)s", days=in_days, hours=in_hours)


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (for language and currency links)."""
    args: dict[str, Any] = request.args.to_dict(flat=True)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    try:
        return url_for(request.endpoint or "core.home", **(request.view_args or {}), **args)
    except BuildError:
        return url_for("core.home", **args)


#: URLs that depend only on the endpoint (and a static file's name) and the application root:
#: the same on every page, so built once per process. Bounded: static file names and
#: argument-less endpoints are a fixed set.
_FIXED_URLS: dict[tuple, str] = {}


def template_url_for(endpoint: str, **values: Any) -> str:
    """Flask's ``url_for`` for templates, remembering the URLs of static files and of pages
    without arguments (a page links to some thirty of them; building one costs ~15 µs)."""
    if (
        endpoint[0] == "."
        or (values and (len(values) > 1 or "filename" not in values))
        or not has_request_context()  # e-mails and PDFs rendered by jobs: no request root
    ):
        return url_for(endpoint, **values)
    key = (request.root_path, endpoint, values.get("filename"))
    url = _FIXED_URLS.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if len(_FIXED_URLS) < 4096:
            _FIXED_URLS[key] = url
    return url


def select_options(choices, selected: Any = None) -> Markup:
    """``<option>`` elements of ``(value, label)`` pairs, ``selected`` marked (compared as text):
    long lists (24 regencies) in one loop of Python instead of a Jinja loop per option."""
    chosen = "" if selected is None else str(selected)
    parts = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == chosen else ""
        parts.append(
            f'<option value="{html_escape(value)}"{mark}>{html_escape(str(label))}</option>'
        )
    return Markup("".join(parts))  # noqa: S704  # nosec B704 - every value escaped above


def has_endpoint(name: str) -> bool:
    return name in current_app.view_functions


def nav_links(place: str = "main"):
    """The header links of ``place`` for the current visitor (``core/registry.py``)."""
    from flask_login import current_user

    from trading_house.core.registry import current_registry

    return current_registry().nav_for(current_user, place)


def panels(dashboard: str, **subject):
    """The registered panels of ``dashboard`` for ``subject`` (``core/registry.py``); a page
    includes each ``panel.template`` with ``panel.context``."""
    from trading_house.core.registry import current_registry

    return current_registry().panels_for(dashboard, **subject)


def trading_house_whatsapp() -> str | None:
    """The trading house's own WhatsApp business number (E.164), or None when not configured.

    Normalised and checked at start-up (``config.check_trading_house_whatsapp``), so a page never
    shows a chat link to a number that cannot work.
    """
    return current_app.config.get("TRADING_HOUSE_WHATSAPP") or None


class Template(jinja2.Template):
    """Jinja's template, importing macros (``{% from … import … %}``) without the cost Jinja
    pays on every import: it compares the importing page's global names with the macro file's
    through a ``ChainMap``, ~100 slow lookups each time (six imports on a product page). When
    the macro file has no globals of its own, the same comparison is one set operation on the
    environment's globals; the result is the same."""

    def _get_default_module(self, ctx=None):
        if ctx is not None:
            maps = getattr(self.globals, "maps", None)
            if (
                maps is not None
                and maps[-1] is self.environment.globals
                and not any(maps[:-1])
                and not ctx.globals_keys - self.environment.globals.keys()
            ):
                ctx = None  # no global of the page is missing here: the cached module
        return super()._get_default_module(ctx)


def init_templating(app: Flask) -> None:
    app.jinja_env.template_class = Template
    app.jinja_env.filters.update(
        money=money,
        idr=idr,
        price=price,
        price_with_idr=price_with_idr,
        money_with_idr=money_with_idr,
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        # A calendar date (needed by, valid until) in the visitor's language, never ISO text.
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        duration=duration,
        phone=format_national,
        country=lambda code: country_name(code, current_locale()),
    )
    app.jinja_env.globals.update(
        cached_fragment=cached_fragment,
        current_locale=current_locale,
        current_currency=select_currency,
        shown_currency=shown_currency,
        price_input_value=price_input_value,
        url_with=url_with,
        url_for=template_url_for,
        select_options=select_options,
        money_echo=money_echo,
        typed_amount=typed_amount,
        money_about=money_about,
        rupiah_about=rupiah_about,
        with_rupiah=with_rupiah,
        has_endpoint=has_endpoint,
        nav_links=nav_links,
        panels=panels,
        status_label=status_label,
        public_url=public_url,
        whatsapp_share_url=whatsapp_share_url,
        whatsapp_chat_url=whatsapp_chat_url,
        trading_house_whatsapp=trading_house_whatsapp,
    )
