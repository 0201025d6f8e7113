"""Use cases of the registry. Services flush, never commit; every change is audited."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from trading_house.cooperatives.models import Cooperative
from trading_house.core import audit


def _plain(value: Any) -> Any:
    """A JSON-safe copy of an audited value (dates as ISO text)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def record_change(cooperative: Cooperative, actor, what: str, before: Any, after: Any):
    """Append an audit entry ``cooperative.<what>`` with the values before and after."""
    return audit.record(
        f"cooperative.{what}",
        actor=actor,
        subject=cooperative,
        what=what,
        before=_plain(before),
        after=_plain(after),
    )
