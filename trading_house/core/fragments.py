"""Rendered page fragments that every visitor with the same language and currency shares.

Only fragments with no personal content may be cached (no user names, carts or CSRF tokens).
They live in the app cache (Redis when configured, in-process otherwise) for a short time, and a
commit that changes what they show deletes them at once.
"""

from markupsafe import Markup

from config import Config
from trading_house.core.cache import current_cache, invalidate_on_commit


def fragment_key(name: str, locale: str, currency: str) -> str:
    return f"fragment:{name}:{locale}:{currency}"


def cached_fragment(name: str, ttl: int = 60, caller=None) -> Markup:
    """``{% call cached_fragment("home", 60) %}…{% endcall %}`` renders the body once per ttl."""
    from trading_house.core.i18n import select_currency
    from trading_house.core.templating import current_locale

    key = fragment_key(name, current_locale(), select_currency())
    cache = current_cache()
    html = cache.get(key)
    if html is None:
        html = str(caller())
        cache.set(key, html, ttl)
    # Our own rendered, autoescaped template output.
    return Markup(html)  # noqa: S704  # nosec B704


def invalidate_fragment_on_commit(model: type, name: str) -> None:
    """Forget fragment ``name`` (every language and currency) when a ``model`` row changes."""
    keys = [
        fragment_key(name, locale, currency)
        for locale in Config.LANGUAGES
        for currency in Config.CURRENCIES
    ]
    invalidate_on_commit(model, *keys)
