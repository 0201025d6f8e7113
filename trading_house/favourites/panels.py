"""What favourites show on other areas' pages (registered panels; ``core/registry.py``)."""

from flask_login import current_user

from trading_house.favourites import policies, reorder
from trading_house.favourites.forms import PostForm, RepeatForm


def product_panel(product, **_):
    """The save button. No query: the product page's statement budget has no room for one
    (saving twice changes nothing; the lists page removes). A plain form with the CSRF token:
    building a ``SaveForm`` costs more than the rest of the panel."""
    return {"product": product}


def enterprise_panel(enterprise, **_):
    return {"enterprise": enterprise}


def order_panel(order, **_):
    if not policies.can_reorder(current_user, order):
        return None
    return {"order": order, "form": PostForm(), "repeat_form": RepeatForm()}


def drafts_banner(**_):
    """On the buyer's orders page: "your monthly order is ready" while a draft waits."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    drafts = reorder.waiting_drafts(current_user)
    return {"drafts": drafts} if drafts else None
