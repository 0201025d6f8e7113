"""A fake HTTP client for the real ``stripe`` library: records requests, answers like Stripe.

The library builds, signs and parses everything as usual; only the network is replaced.
"""

import hmac
import itertools
import json
import time
from hashlib import sha256
from urllib.parse import parse_qs, urlsplit

import stripe

WEBHOOK_SECRET = "whsec_test_rumah_dagang"
_ids = itertools.count(1)


class FakeStripe(stripe.HTTPClient):
    name = "fake"

    def __init__(self):
        super().__init__()
        self.requests: list[dict] = []
        self._replies: dict[str, dict] = {}
        self.fail_next = False
        #: Answer the next request with a refusal (400): the library does not retry those.
        self.refuse_next = False

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        form = {k: v[0] for k, v in parse_qs(post_data or "").items()}
        record = {
            "method": method,
            "path": urlsplit(url).path,
            "headers": dict(headers),
            "form": form,
        }
        self.requests.append(record)
        if self.refuse_next:
            self.refuse_next = False
            error = {"type": "invalid_request_error", "message": "refused"}
            return json.dumps({"error": error}), 400, {}
        if self.fail_next:
            self.fail_next = False
            return json.dumps({"error": {"type": "api_error", "message": "boom"}}), 500, {}
        key = headers.get("Idempotency-Key")
        if key and key in self._replies:  # Stripe replays the first answer for a key
            return json.dumps(self._replies[key]), 200, {"Request-Id": "req_replay"}
        body = self._answer(method, record["path"], form)
        if key:
            self._replies[key] = body
        return json.dumps(body), 200, {"Request-Id": f"req_{next(_ids)}"}

    def _answer(self, method, path, form):
        n = next(_ids)
        if path == "/v1/checkout/sessions" and method == "post":
            sid = f"cs_test_{n}"
            return {
                "id": sid,
                "object": "checkout.session",
                "url": f"https://checkout.stripe.com/c/pay/{sid}",
                "amount_total": int(form["line_items[0][price_data][unit_amount]"]),
                "currency": form["line_items[0][price_data][currency]"],
                "client_reference_id": form.get("client_reference_id"),
                "payment_status": "unpaid",
                "status": "open",
            }
        if path == "/v1/refunds" and method == "post":
            return {
                "id": f"re_test_{n}",
                "object": "refund",
                "status": "succeeded",
                "amount": int(form["amount"]),
                "payment_intent": form["payment_intent"],
            }
        return {"error": {"message": f"unexpected {method} {path}"}}

    def request_stream(self, *args, **kwargs):
        raise NotImplementedError

    def close(self):
        pass

    def calls(self, path):
        return [r for r in self.requests if r["path"] == path]


def session_event(
    session_id: str,
    type_: str = "checkout.session.completed",
    *,
    amount: int,
    currency: str,
    payment_status: str = "paid",
    event_id: str | None = None,
    created: int | None = None,
) -> dict:
    return {
        "id": event_id or f"evt_test_{next(_ids)}",
        "object": "event",
        "type": type_,
        "created": created or int(time.time()),
        "data": {
            "object": {
                "id": session_id,
                "object": "checkout.session",
                "amount_total": amount,
                "currency": currency.lower(),
                "payment_status": payment_status,
                "payment_intent": f"pi_test_{session_id}",
                "status": "complete",
            }
        },
    }


def signed(event: dict, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None):
    """The body and the ``Stripe-Signature`` header, signed with Stripe's real v1 scheme."""
    payload = json.dumps(event)
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), sha256).hexdigest()
    return payload, f"t={timestamp},v1={signature}"
