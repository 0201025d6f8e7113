"""Rendered page fragments that every visitor with the same language and currency shares.

Only fragments with no personal content may be cached (no user names, carts or CSRF tokens).
They live in the app cache (Redis when configured, in-process otherwise) for a short time, and a
commit that changes what they show deletes them at once.

Two ways to say what a fragment depends on:

* a fixed name: ``invalidate_fragment_on_commit(Model, "home-showcase")`` forgets it (every
  language and currency) when a ``Model`` row changes;
* a *group*, for fragments of many objects (one per product, per enterprise...):
  ``fragment_group("response-times", "inquiries")`` starts a new generation of the group
  whenever a row of those tables (models, or ``"prefix_*"``) is committed, and
  ``cached_fragment("stats:%d" % enterprise.id, 300, group="response-times")`` keys its entry by
  the current generation, so all of them are obsolete at once;
* a group *per owner* (one enterprise, say): ``owned_group(MAKER, ReadinessAnswer, lambda
  answer: answer.enterprise_id)`` starts a new generation of that owner's entries only, and
  ``group_generation(MAKER, enterprise_id)`` is part of their keys.

Two groups are shared between areas: what a product page shows besides its own rows
(:data:`PRODUCT_PAGES`, for every page; :data:`MAKER`, per enterprise). The catalog keys its
cached product pages by both; other areas say which of their tables change them.
"""

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from config import Config
from trading_house.core.cache import (
    current_cache,
    generation,
    invalidate_on_commit,
    invalidate_rows_on_commit,
)

#: What every product page shows besides its own rows (category names, the checklist...).
PRODUCT_PAGES = "product-pages"
#: What one enterprise's product pages show besides their rows (its readiness grade...).
MAKER = "maker"


def fragment_key(name: str, locale: str, currency: str) -> str:
    return f"fragment:{name}:{locale}:{currency}"


def cached_fragment(name: str, ttl: int = 60, caller=None, group: str | None = None) -> Markup:
    """``{% call cached_fragment("home", 60) %}…{% endcall %}`` renders the body once per ttl."""
    from trading_house.core.i18n import select_currency
    from trading_house.core.templating import current_locale

    if group is not None:
        name = f"{group}:{generation(_group_key(group))}:{name}"
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


def _group_key(group: str) -> str:
    return f"fragment-group:{group}"


def group_generation(group: str, owner: object = None) -> str:
    """The current generation of ``group`` (of its entries for ``owner``, see
    :func:`owned_group`): part of the key of anything computed from it."""
    return generation(_group_key(group if owner is None else f"{group}:{owner}"))


def cached_group_value(group: str, name: str, producer, ttl: int = 600):
    """``producer()``, kept in the app cache until a row watched by ``group`` is committed
    (see :func:`fragment_group`) or ``ttl`` seconds pass; ``None`` is kept too."""
    key = f"value:{group}:{group_generation(group)}:{name}"
    return current_cache().get_or_set(key, producer, ttl=ttl)


def fragment_group(group: str, *watched: type | str) -> None:
    """Make every fragment of ``group`` obsolete when a row of ``watched`` (models, table
    names, or ``"prefix_*"``) is committed."""
    for model in watched:
        invalidate_on_commit(model, f"gen:{_group_key(group)}")


def owned_group(group: str, model: type, owner_of: Callable[[Any], object]) -> None:
    """Make the entries of ``group`` for one owner obsolete when a ``model`` row of that
    owner (``owner_of(row)``) is committed; other owners' entries stay."""
    invalidate_rows_on_commit(model, lambda row: [f"gen:{_group_key(f'{group}:{owner_of(row)}')}"])
