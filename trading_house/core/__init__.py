"""Cross-cutting pieces with no domain knowledge."""


def register(registry) -> None:
    """The e-mail outbox (``core/mail.py``) is core's own."""
    from trading_house.core.mail import deliver_pending
    from trading_house.core.models import OutboxEmail
    from trading_house.core.outbox import Outbox

    registry.add_outbox(
        Outbox(
            name="email",
            model=OutboxEmail,
            send=deliver_pending,
            metric="rumahdagang_outbox_emails",
            noun="e-mail(s)",
            metric_help="E-mails in the outbox, by status.",
        )
    )
