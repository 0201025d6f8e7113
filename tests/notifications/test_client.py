"""The Cloud API client: what it sends, and how it reads Meta's answers (fake transport)."""

import pytest
import requests

from tests.notifications.fake_meta import FakeMeta, session_for
from trading_house.notifications.client import WhatsAppClient, WhatsAppError
from trading_house.notifications.templates import TEMPLATES


def _client(fake):
    return WhatsAppClient(
        "tok", "1234567890", "https://graph.example.test/v21.0", session_for(fake)
    )


def test_a_template_message_is_posted_to_the_phone_number_with_the_token():
    fake = FakeMeta()
    wamid = _client(fake).send_template(
        "+6281234567890", TEMPLATES["order_paid"], "id", ["RD-2026-000123", "https://x.test/o/1"]
    )
    assert wamid.startswith("wamid.")
    sent = fake.requests[0]
    assert sent["url"] == "https://graph.example.test/v21.0/1234567890/messages"
    assert sent["authorization"] == "Bearer tok"
    body = sent["body"]
    assert body["messaging_product"] == "whatsapp"
    assert body["to"] == "6281234567890"
    assert body["template"]["name"] == "order_paid"
    assert body["template"]["language"] == {"code": "id"}
    assert body["template"]["components"] == [
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "RD-2026-000123"},
                {"type": "text", "text": "https://x.test/o/1"},
            ],
        }
    ]


def test_an_authentication_template_carries_the_code_on_its_button_too():
    fake = FakeMeta()
    _client(fake).send_template("+6281234567890", TEMPLATES["verification_code"], "en", ["123456"])
    components = fake.bodies()[0]["template"]["components"]
    assert components[1]["type"] == "button"
    assert components[1]["parameters"] == [{"type": "text", "text": "123456"}]


def test_a_refused_request_is_not_retried():
    fake = FakeMeta()
    fake.answers.append(
        (400, {"error": {"message": "Template name does not exist", "code": 132001}})
    )
    with pytest.raises(WhatsAppError) as caught:
        _client(fake).send_template("+6281234567890", TEMPLATES["order_paid"], "id", ["A", "B"])
    assert caught.value.retryable is False
    assert caught.value.code == 132001
    assert "does not exist" in str(caught.value)


@pytest.mark.parametrize(
    "answer",
    [
        (500, {"error": {"message": "Service unavailable", "code": 2}}),
        (429, {"error": {"message": "Rate limit hit", "code": 130429}}),
        requests.ConnectionError("no route to host"),
    ],
)
def test_meta_trouble_and_the_network_are_retried_later(answer):
    fake = FakeMeta()
    fake.answers.append(answer)
    with pytest.raises(WhatsAppError) as caught:
        _client(fake).send_template("+6281234567890", TEMPLATES["order_paid"], "id", ["A", "B"])
    assert caught.value.retryable is True


def test_an_answer_without_a_message_id_is_not_sent_again():
    fake = FakeMeta()
    fake.answers.append((200, {"messaging_product": "whatsapp"}))
    with pytest.raises(WhatsAppError) as caught:
        _client(fake).send_template("+6281234567890", TEMPLATES["order_paid"], "id", ["A", "B"])
    assert caught.value.retryable is False
