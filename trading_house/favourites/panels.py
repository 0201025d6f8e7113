"""What favourites show on other areas' pages (registered panels; ``core/registry.py``)."""

from flask_login import current_user

from trading_house.favourites import policies, services
from trading_house.favourites.forms import PostForm, RepeatForm, SaveForm


def product(product, **_):
    """The save button. Visitors (whose page may be cached) get a button that signs them in;
    a signed-in buyer's page is never cached, so it may say "Saved"."""
    return {
        "product": product,
        "saved": services.is_saved(current_user, product=product),
        "form": SaveForm(),
    }


def enterprise(enterprise, **_):
    return {
        "enterprise": enterprise,
        "saved": services.is_saved(current_user, enterprise=enterprise),
        "form": SaveForm(),
    }


def order(order, **_):
    if not policies.can_reorder(current_user, order):
        return None
    return {"order": order, "form": PostForm(), "repeat_form": RepeatForm()}
