"""Signals the orders area sends so that payments can react without an import cycle (payments
imports orders, never the other way round).

The contract
============

``receipt_short``
    Sent by :func:`trading_house.orders.consignment.record_lot` when staff accept fewer units of
    an export line at the trading house's warehouse than are still invoiced (a short or damaged
    delivery by the enterprise). Sent once per recording, for the units newly missing.

    Call: ``receipt_short.send(line, quantity=n, reason=text, actor=user)``

    ``line``: the paid :class:`~trading_house.orders.models.OrderLine` (with ``order``);
    ``quantity``: units to take off the invoice (``1 <= n <= line.remaining_quantity``);
    ``reason``: a sentence for the buyer and the ledger; ``actor``: the staff member.

``before_shipment``
    Sent by :func:`trading_house.orders.fulfilment.ship` before a fulfilment is marked shipped.
    Call: ``before_shipment.send(fulfilment, actor=user)``. A receiver that raises a
    ``DomainError`` stops the shipment with its message (payments: a milestone due before
    shipment is not paid yet, ``payments/milestones.py``).

Receivers run inside the same transaction and only ``flush()``: the view commits once, so the
lot and the buyer's refund (with the enterprise's ledger entry) are written together or not at
all. A ``DomainError`` rolls both back and is shown to the staff member. Payments answers with a
refund of those units (see ``payments/receivers.py``); afterwards ``line.remaining_quantity`` —
what the commercial invoice bills — no longer counts them.
"""

from blinker import Namespace

_signals = Namespace()

receipt_short = _signals.signal("receipt-short")
before_shipment = _signals.signal("before-shipment")
