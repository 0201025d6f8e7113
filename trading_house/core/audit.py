"""Write audit entries (append-only)."""

from flask import has_request_context, request

from trading_house.core.models import AuditEntry
from trading_house.extensions import db


def record(action: str, *, actor=None, subject=None, **data) -> AuditEntry:
    """Append an audit entry for ``action`` in the current transaction."""
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        subject_type=type(subject).__name__ if subject is not None else None,
        subject_id=getattr(subject, "id", None),
        ip_address=request.remote_addr if has_request_context() else None,
        data=data,
    )
    db.session.add(entry)
    return entry
