"""The order badge after a proof of transfer: "Payment proof sent — being checked" for the
buyer and for staff, back to "Awaiting payment" when the proof is rejected."""

import io
import re

from PIL import Image

from tests.orders.helpers import place

BEING_CHECKED = "Payment proof sent — being checked"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buffer, "PNG")
    return buffer.getvalue()


def badges(page: str) -> list[str]:
    return re.findall(r'<span class="badge [^"]*" data-status="[^"]+">([^<]+)</span>', page)


def test_a_sent_proof_shows_in_the_badge_for_buyer_and_staff(
    client, login, ctx, shop, buyer, admin
):
    waiting = place(buyer, [(shop.coffee, 1)])
    proved = place(buyer, [(shop.silk, 1)])
    login(buyer)
    response = client.post(
        f"/payments/orders/{proved.number}/proof?lang=en",
        data={"proof": (io.BytesIO(png_bytes()), "bukti.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302

    mine = client.get("/orders?lang=en").get_data(as_text=True)
    assert badges(mine) == [BEING_CHECKED, "Awaiting payment"]  # newest first
    detail = client.get(f"/orders/{proved.number}?lang=en").get_data(as_text=True)
    assert BEING_CHECKED in re.search(r'data-testid="order-status">(.*?)</div>', detail).group(1)
    other = client.get(f"/orders/{waiting.number}?lang=en").get_data(as_text=True)
    assert BEING_CHECKED not in other

    login(admin)
    listed = client.get("/orders/admin?lang=en").get_data(as_text=True)
    assert BEING_CHECKED in listed and "Awaiting payment" in listed
    staff = client.get(f"/orders/admin/{proved.number}?lang=en").get_data(as_text=True)
    assert BEING_CHECKED in re.search(r'data-testid="order-status">(.*?)</div>', staff).group(1)

    client.post(
        f"/payments/admin/orders/{proved.number}/reject", data={"reason": "Nominal tidak sesuai"}
    )
    login(buyer)
    detail = client.get(f"/orders/{proved.number}?lang=en").get_data(as_text=True)
    status = re.search(r'data-testid="order-status">(.*?)</div>', detail).group(1)
    assert "Awaiting payment" in status and BEING_CHECKED not in status


def test_the_badge_reads_in_indonesian(client, login, ctx, shop, buyer):
    order = place(buyer, [(shop.coffee, 1)])
    login(buyer)
    client.post(
        f"/payments/orders/{order.number}/proof",
        data={"proof": (io.BytesIO(png_bytes()), "bukti.png")},
        content_type="multipart/form-data",
    )
    page = client.get(f"/orders/{order.number}?lang=id").get_data(as_text=True)
    status = re.search(r'data-testid="order-status">(.*?)</div>', page, re.S).group(1)
    assert "Bukti pembayaran terkirim" in status


def test_the_proof_status_orders_look_for_is_the_payments_one():
    from trading_house.orders.status import PAYMENT_PROOF_SUBMITTED
    from trading_house.payments.status import PaymentStatus

    assert PAYMENT_PROOF_SUBMITTED == PaymentStatus.PROOF_SUBMITTED
