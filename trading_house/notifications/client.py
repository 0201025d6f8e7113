"""A thin client for the WhatsApp Business Cloud API: template messages, nothing else.

``POST {WHATSAPP_API_BASE}/{phone-number-id}/messages`` with a bearer token. Tests give the
client a ``requests`` session whose transport answers like Meta does
(``tests/notifications/fake_meta.py``); nothing here reaches the network in tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from flask import current_app

from trading_house.notifications.templates import AUTHENTICATION, Template

TIMEOUT_SECONDS = (5, 15)


class WhatsAppError(Exception):
    """The API refused or could not be reached. ``retryable``: worth trying again later."""

    def __init__(self, message: str, *, retryable: bool, code: int | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.code = code


def is_configured(config=None) -> bool:
    """The channel is on only with a token, a phone number id and the webhook's app secret."""
    config = config if config is not None else current_app.config
    return all(
        config.get(name)
        for name in ("WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET")
    )


@dataclass
class WhatsAppClient:
    token: str
    phone_number_id: str
    api_base: str = "https://graph.facebook.com/v21.0"
    session: requests.Session | None = None

    @classmethod
    def from_config(cls, session: requests.Session | None = None) -> WhatsAppClient:
        config = current_app.config
        return cls(
            token=config["WHATSAPP_TOKEN"],
            phone_number_id=config["WHATSAPP_PHONE_NUMBER_ID"],
            api_base=config.get("WHATSAPP_API_BASE") or cls.api_base,
            session=session or current_app.extensions.get("whatsapp_session"),
        )

    def send_template(self, to: str, template: Template, language: str, values: list[str]) -> str:
        """Send one template message to ``to`` (E.164); returns the message id (``wamid``)."""
        components: list[dict] = []
        if values:
            components.append(
                {"type": "body", "parameters": [{"type": "text", "text": v} for v in values]}
            )
        if template.category == AUTHENTICATION:
            # Authentication templates carry the code again on their "copy code" button.
            components.append(
                {
                    "type": "button",
                    "sub_type": "url",
                    "index": "0",
                    "parameters": [{"type": "text", "text": values[0]}],
                }
            )
        payload: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.lstrip("+"),
            "type": "template",
            "template": {
                "name": template.name,
                "language": {"code": language},
                "components": components,
            },
        }
        session = self.session or requests.Session()
        url = f"{self.api_base.rstrip('/')}/{self.phone_number_id}/messages"
        try:
            response = session.post(
                url,
                json=payload,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=TIMEOUT_SECONDS,
            )
        except requests.RequestException as exc:
            raise WhatsAppError(f"{type(exc).__name__}: {exc}", retryable=True) from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code >= 400 or "error" in body:
            error = body.get("error") or {}
            code = error.get("code")
            message = error.get("message") or response.reason or "error"
            # Throttling and Meta's own trouble pass; a refused request (bad number, template
            # not approved, bad parameter) fails the same way every time.
            retryable = response.status_code in (408, 429) or response.status_code >= 500
            retryable = retryable or code in (4, 80007, 130429, 131000, 131016)
            raise WhatsAppError(
                f"HTTP {response.status_code} {code}: {message}", retryable=retryable, code=code
            )
        try:
            return str(body["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as exc:
            # Sent or not? Trying again could send it twice: fail it (the e-mail fallback follows).
            raise WhatsAppError("answer without a message id", retryable=False) from exc
