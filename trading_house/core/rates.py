"""Exchange rates set by an admin (no network at run time)."""

from decimal import ROUND_HALF_UP, Decimal

from flask import g
from sqlalchemy import select

from trading_house.core.cache import current_cache, invalidate_on_commit
from trading_house.core.models import ExchangeRate
from trading_house.core.money import EXPONENTS, Money, convert_idr
from trading_house.extensions import db

#: Cache key and lifetime of the rate table (shared through Redis when configured).
RATES_CACHE_KEY = "rates:v1"
RATES_CACHE_TTL = 60
invalidate_on_commit(ExchangeRate, RATES_CACHE_KEY)


def _load_rate_table() -> dict[str, int]:
    rows = db.session.execute(select(ExchangeRate.currency, ExchangeRate.idr_per_unit_micro))
    return {currency: micro for currency, micro in rows}


def rate_table() -> dict[str, int]:
    """{currency: IDR per unit × 1e6}, read once per request, from the cache when it has it."""
    if "rate_table" not in g:
        g.rate_table = current_cache().get_or_set(
            RATES_CACHE_KEY, _load_rate_table, ttl=RATES_CACHE_TTL
        )
    return g.rate_table


def to_display_currency(amount_idr: int, currency: str) -> Money:
    """Convert to ``currency``; without a rate we show IDR rather than guess."""
    if currency == "IDR":
        return Money(amount_idr, "IDR")
    micro = rate_table().get(currency)
    if not micro:
        return Money(amount_idr, "IDR")
    return convert_idr(amount_idr, currency, micro)


def convert(value: Money, currency: str) -> Money | None:
    """``value`` in ``currency`` at the admin-set rates (through rupiah, rounded once at the end);
    None when a rate is missing. For comparisons and "about" figures, not for charging."""
    if value.currency == currency:
        return value
    table = rate_table()
    micro_from = 1_000_000 if value.currency == "IDR" else table.get(value.currency)
    micro_to = 1_000_000 if currency == "IDR" else table.get(currency)
    if not micro_from or not micro_to:
        return None
    rupiah = Decimal(value.amount) * micro_from / (10 ** EXPONENTS[value.currency])
    minor = rupiah * (10 ** EXPONENTS[currency]) / micro_to
    return Money(int(minor.quantize(Decimal(1), rounding=ROUND_HALF_UP)), currency)


def displayable(currency: str) -> str:
    """``currency`` when it can be shown (IDR, or an admin-set rate exists), else IDR."""
    return currency if currency == "IDR" or rate_table().get(currency) else "IDR"


def set_rate(currency: str, idr_per_unit, *, actor=None) -> ExchangeRate:
    """Create or update the rate for ``currency`` (IDR for one unit, a decimal string)."""
    micro = int((Decimal(str(idr_per_unit)) * 1_000_000).to_integral_value())
    if micro <= 0:
        raise ValueError("rate must be positive")
    rate = db.session.scalar(select(ExchangeRate).where(ExchangeRate.currency == currency))
    if rate is None:
        rate = ExchangeRate(currency=currency, idr_per_unit_micro=micro)
        db.session.add(rate)
    rate.idr_per_unit_micro = micro
    rate.set_by_id = getattr(actor, "id", None)
    db.session.flush()
    g.pop("rate_table", None)  # the cached copy is dropped when this commits (see above)
    return rate
