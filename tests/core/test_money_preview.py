"""The echo under money inputs: GET /money/preview reads the typed text with the one parser."""

import pytest

from trading_house.core.i18n import CURRENCY_SESSION_KEY
from trading_house.core.rates import set_rate
from trading_house.extensions import db


@pytest.fixture
def rates(factory):
    set_rate("JPY", "154.2")
    set_rate("USD", "16000")
    db.session.commit()


def _preview(client, text, currency, lang="id", viewer=None):
    if viewer:
        with client.session_transaction() as session:
            session[CURRENCY_SESSION_KEY] = viewer
    response = client.get(
        "/money/preview", query_string={"text": text, "in": currency, "lang": lang}
    )
    return response


def test_an_indonesian_amount_is_echoed_with_its_currency(client, rates):
    response = _preview(client, "520.000", "IDR")
    assert response.status_code == 200
    assert response.json == {
        "ok": True,
        "amount": "Rp520.000",
        "about": "",
        "note": "",
        "error": "",
    }
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_foreign_viewer_also_sees_it_in_their_currency(client, rates):
    answer = _preview(client, "Rp 520.000", "IDR", lang="en", viewer="JPY").json
    assert (answer["amount"], answer["about"]) == ("IDR\u00a0520,000", "≈ ¥3,372")  # 520000/154.2


def test_a_price_in_another_currency_is_shown_in_rupiah_for_an_idr_viewer(client, rates):
    answer = _preview(client, "12,50", "USD", viewer="IDR").json
    assert (answer["amount"], answer["about"]) == ("US$12,50", "≈ Rp200.000")


def test_without_a_rate_there_is_no_guess(client):
    answer = _preview(client, "12,50", "USD", viewer="IDR").json
    assert answer["ok"] and answer["about"] == ""


def test_a_refused_amount_says_why_in_the_visitors_language(client, rates):
    english = _preview(client, "1,250", "USD", lang="en").json  # fine in English: 1250 dollars
    assert english["ok"] and english["amount"] == "$1,250.00"
    answer = _preview(client, "1,250", "USD", lang="id").json
    assert not answer["ok"] and "US$1.250,00" in answer["error"] and "US$1,25" in answer["error"]
    wrong_sign = _preview(client, "Rp 520.000", "USD", lang="en").json
    assert not wrong_sign["ok"] and "“Rp” is not the currency" in wrong_sign["error"]


def test_rounding_is_said(client, rates):
    answer = _preview(client, "520.000,50", "IDR").json
    assert answer["amount"] == "Rp520.001" and "Rp520.001" in answer["note"]


def test_the_preview_does_not_switch_the_visitors_currency(client, rates):
    """``in`` names the amount's currency; ``currency=`` would have changed the display one."""
    _preview(client, "12", "USD", viewer="JPY")
    with client.session_transaction() as session:
        assert session[CURRENCY_SESSION_KEY] == "JPY"


@pytest.mark.parametrize(
    "query",
    [{"text": "5", "in": "BTC"}, {"text": "5"}, {"text": "5", "in": "idr"}],
)
def test_an_unknown_currency_is_a_bad_request(client, query):
    response = client.get("/money/preview", query_string=query)
    assert response.status_code == 400 and response.json["ok"] is False


@pytest.mark.parametrize("text", ["", "abc", "9" * 5000, "1" * 101, "<script>", "١٢٣", "\x00"])
def test_odd_text_never_fails(client, text):
    response = client.get("/money/preview", query_string={"text": text, "in": "IDR"})
    assert response.status_code == 200
    assert response.json["ok"] is (text == "١٢٣")  # Arabic-Indic digits are digits
