"""A stand-in for Meta's Graph API at the HTTP layer: a ``requests`` transport adapter that
answers ``POST /{phone-number-id}/messages`` as the Cloud API does, and records what it got.
The real client, ``requests`` and JSON run; only the network is replaced."""

import hashlib
import hmac
import itertools
import json

import requests
from requests.adapters import BaseAdapter

_ids = itertools.count(1)


class FakeMeta(BaseAdapter):
    def __init__(self):
        super().__init__()
        self.requests: list[dict] = []
        #: Answers to give instead of success, in order: (status, body) or an exception.
        self.answers: list = []

    def send(self, request, **kwargs):
        self.requests.append(
            {
                "url": request.url,
                "authorization": request.headers.get("Authorization"),
                "body": json.loads(request.body),
            }
        )
        status, body = 200, None
        if self.answers:
            answer = self.answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            status, body = answer
        if body is None:
            to = json.loads(request.body)["to"]
            body = {
                "messaging_product": "whatsapp",
                "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": f"wamid.FAKE{next(_ids):06d}"}],
            }
        response = requests.Response()
        response.status_code = status
        response.reason = "OK" if status < 400 else "Error"
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass

    # --- reading what was sent ---

    def bodies(self) -> list[dict]:
        return [r["body"] for r in self.requests]

    def texts_to(self, e164: str) -> list[list[str]]:
        """The body parameters of every template sent to ``e164``."""
        result = []
        for body in self.bodies():
            if body["to"] == e164.lstrip("+"):
                params = []
                for component in body["template"]["components"]:
                    if component["type"] == "body":
                        params = [p["text"] for p in component["parameters"]]
                result.append(params)
        return result


def session_for(fake: FakeMeta) -> requests.Session:
    session = requests.Session()
    session.mount("https://", fake)
    session.mount("http://", fake)
    return session


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def status_payload(
    wamid: str, status: str, *, recipient="6281234567890", ts=1764900000, errors=None
):
    item = {"id": wamid, "status": status, "timestamp": str(ts), "recipient_id": recipient}
    if errors:
        item["errors"] = errors
    return _envelope({"statuses": [item]})


def message_payload(wamid: str, text: str, *, sender="6281234567890", context_id=None):
    item = {"from": sender, "id": wamid, "timestamp": "1764900000", "type": "text",
            "text": {"body": text}}  # fmt: skip
    if context_id:
        item["context"] = {"from": "6281100000000", "id": context_id}
    return _envelope(
        {"contacts": [{"profile": {"name": "Daeng"}, "wa_id": sender}], "messages": [item]}
    )


def _envelope(value: dict) -> dict:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "1234567890"},
        **value,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA-1", "changes": [{"field": "messages", "value": value}]}],
    }
