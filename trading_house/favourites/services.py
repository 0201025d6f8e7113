"""Saving products and enterprises, lists, and read-only share links. Services flush only."""

import secrets
from functools import lru_cache

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from trading_house.core.errors import DomainError, NotFound
from trading_house.extensions import db
from trading_house.favourites.models import FavouriteItem, FavouriteList

MAX_LISTS = 20
MAX_ITEMS = 500
MAX_NAME = 80


class FavouritesRefused(DomainError):
    """A save or list change the rules do not allow."""


def default_list(user) -> FavouriteList:
    """The user's "Saved" list, made on first use (two tabs at once still make one)."""
    found = db.session.scalar(
        select(FavouriteList).where(
            FavouriteList.owner_id == user.id, FavouriteList.is_default.is_(True)
        )
    )
    if found is not None:
        return found
    favourites = FavouriteList(owner_id=user.id, name=str(_l("Saved")), is_default=True)
    db.session.add(favourites)
    try:
        db.session.flush()
    except IntegrityError:  # the first save from two tabs at once: one list is kept
        raise FavouritesRefused(_l("Please try again.")) from None
    return favourites


def list_name(favourites: FavouriteList) -> str:
    """What a list is called on the page: the "Saved" list in the reader's language until its
    owner renames it (it is stored in the language of the day it was made)."""
    if favourites.is_default and favourites.name in _default_names():
        return str(_l("Saved"))
    return favourites.name


@lru_cache(maxsize=1)
def _default_names() -> frozenset[str]:
    languages = current_app.config["LANGUAGES"]
    names = set()
    for language in languages:
        with force_locale(language):
            names.add(str(_l("Saved")))
    return frozenset(names)


def _list_name(name: str | None) -> str:
    name = " ".join((name or "").replace("\x00", "").split())
    if not name:
        raise FavouritesRefused(_l("Give the list a name."), field="name")
    if len(name) > MAX_NAME:
        raise FavouritesRefused(_l("At most %(n)s characters, please.", n=MAX_NAME), field="name")
    return name


def create_list(user, name: str) -> FavouriteList:
    count = (
        db.session.scalar(
            select(func.count(FavouriteList.id)).where(FavouriteList.owner_id == user.id)
        )
        or 0
    )
    if count >= MAX_LISTS:
        raise FavouritesRefused(_l("You can keep at most %(n)s lists.", n=MAX_LISTS), field="name")
    favourites = FavouriteList(owner_id=user.id, name=_list_name(name))
    db.session.add(favourites)
    db.session.flush()
    return favourites


def rename_list(favourites: FavouriteList, name: str) -> None:
    favourites.name = _list_name(name)
    db.session.flush()


def delete_list(favourites: FavouriteList) -> None:
    if favourites.is_default:
        raise FavouritesRefused(_l("Your “Saved” list cannot be deleted; empty it instead."))
    db.session.delete(favourites)
    db.session.flush()


def _find_item(favourites: FavouriteList, *, product_id=None, enterprise_id=None):
    return db.session.scalar(
        select(FavouriteItem).where(
            FavouriteItem.list_id == favourites.id,
            FavouriteItem.product_id == product_id
            if product_id
            else FavouriteItem.enterprise_id == enterprise_id,
        )
    )


def save(user, favourites: FavouriteList, *, product=None, enterprise=None) -> FavouriteItem:
    """Put a published product or an enterprise in the list (saving twice changes nothing)."""
    if product is not None and not product.is_published:
        raise NotFound(_l("This product is not available any more."))
    subject = (
        {"product_id": product.id} if product is not None else {"enterprise_id": enterprise.id}
    )
    existing = _find_item(favourites, **subject)
    if existing is not None:
        return existing
    if len(favourites.items) >= MAX_ITEMS:
        raise FavouritesRefused(_l("This list is full (%(n)s items).", n=MAX_ITEMS))
    item = FavouriteItem(list_id=favourites.id, **subject)
    db.session.add(item)
    try:
        db.session.flush()
    except IntegrityError:  # the same save from another tab at the same moment
        raise FavouritesRefused(_l("This is saved already.")) from None
    return item


def unsave(favourites: FavouriteList, *, product=None, enterprise=None) -> None:
    subject = (
        {"product_id": product.id} if product is not None else {"enterprise_id": enterprise.id}
    )
    item = _find_item(favourites, **subject)
    if item is not None:
        db.session.delete(item)
        db.session.flush()


def remove_list_item(favourites: FavouriteList, item_id) -> None:
    item = db.session.get(FavouriteItem, item_id)
    if item is None or item.list_id != favourites.id:
        raise NotFound(_l("This item is not in the list."))
    db.session.delete(item)
    db.session.flush()


def share(favourites: FavouriteList) -> str:
    """Start sharing with a new secret link (an old link stops working)."""
    favourites.share_token = secrets.token_urlsafe(32)
    db.session.flush()
    return favourites.share_token


def stop_sharing(favourites: FavouriteList) -> None:
    favourites.share_token = None
    db.session.flush()


# --- lookups ------------------------------------------------------------------------------------


def own_list(user, list_id) -> FavouriteList:
    favourites = db.session.get(FavouriteList, list_id)
    if favourites is None or favourites.owner_id != user.id:
        raise NotFound(_l("List not found."))
    return favourites


def shared_list(token: str) -> FavouriteList:
    if not token or len(token) > 64:
        raise NotFound(_l("This link does not work any more."))
    favourites = db.session.scalar(select(FavouriteList).where(FavouriteList.share_token == token))
    if favourites is None:
        raise NotFound(_l("This link does not work any more."))
    return favourites


def lists_of(user) -> list[FavouriteList]:
    """The user's lists, "Saved" first (it exists from the first save on)."""
    return list(
        db.session.scalars(
            select(FavouriteList)
            .where(FavouriteList.owner_id == user.id)
            .order_by(FavouriteList.is_default.desc(), FavouriteList.name)
        )
    )


def visible_items(favourites: FavouriteList) -> list[FavouriteItem]:
    """Items a viewer may see: published products and any enterprise."""
    return [item for item in favourites.items if item.product is None or item.product.is_published]
