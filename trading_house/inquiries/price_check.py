"""A quoted price far from the product's listed price is usually a typing slip (``520`` for
``520.000``, or rupiah typed in a dollar field): the seller confirms it before anyone sees it.

Quotations (``quotations.issue_quotation``) and pool lines (``pools``) call
:func:`require_plausible`; the view shows the warning with a "Yes, send this price" box and
sends again with ``price_confirmed=True`` only when it was ticked for this very amount.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from trading_house.catalog.models import Product
from trading_house.core.errors import DomainError
from trading_house.core.money import Money
from trading_house.core.rates import convert

#: A price below a third or above three times the listed one asks for confirmation.
FACTOR = 3


@dataclass(frozen=True)
class PriceWarning:
    quoted: Money  # per unit, in the currency typed
    quoted_idr: Money  # the same in rupiah, at the admin-set rate
    listed: Money  # the product's listed unit price for the quantity, in rupiah
    too_low: bool


class PriceNeedsConfirmation(DomainError):
    """The price is implausible for the product; ``warning`` holds the amounts to show."""

    def __init__(self, warning: PriceWarning, *, field: str):
        super().__init__(
            _l("Check the price, then tick “Yes, send this price” to send it."), field=field
        )
        self.warning = warning


def price_warning(product: Product, quantity: int, unit_price: Money) -> PriceWarning | None:
    """A warning when ``unit_price`` is under a third or over three times the listed price;
    None when it is plausible or cannot be compared (no exchange rate for its currency)."""
    listed = product.listed_unit_price_idr(quantity)
    quoted_idr = convert(unit_price, "IDR")
    if quoted_idr is None or not listed:
        return None
    too_low = quoted_idr.amount * FACTOR < listed
    if not too_low and quoted_idr.amount <= listed * FACTOR:
        return None
    return PriceWarning(unit_price, quoted_idr, Money(listed, "IDR"), too_low)


def require_plausible(
    product: Product, quantity: int, unit_price: Money, *, confirmed: bool, field: str
) -> None:
    """Raise :class:`PriceNeedsConfirmation` for an implausible price not yet confirmed."""
    if confirmed:
        return
    warning = price_warning(product, quantity, unit_price)
    if warning is not None:
        raise PriceNeedsConfirmation(warning, field=field)
