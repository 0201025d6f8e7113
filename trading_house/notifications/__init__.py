"""Notifications: who hears about what, on which channel (e-mail, WhatsApp), and delivery."""


def register(registry) -> None:
    """The WhatsApp outbox is sent by ``flask outbox send`` and counted in ``/metrics``."""
    from trading_house.core.outbox import Outbox
    from trading_house.notifications.models import WhatsAppMessage
    from trading_house.notifications.outbox import send_due

    registry.add_outbox(
        Outbox(
            name="whatsapp",
            model=WhatsAppMessage,
            send=send_due,
            metric="rumahdagang_outbox_whatsapp_messages",
            noun="WhatsApp message(s)",
            metric_help="WhatsApp messages in their outbox, by status.",
        )
    )


def load_blueprint():
    """The area's blueprint with the routes of every view module attached."""
    from trading_house.notifications import views, views_staff  # noqa: F401 - their routes
    from trading_house.notifications.blueprint import bp

    return bp
