"""Signals the inquiries area sends so that other areas (orders) can react without an import
cycle: inquiries never imports orders.

The contract
============

``quotation_accepted``
    Sent by :func:`trading_house.inquiries.quotations.accept_quotation` exactly once per
    quotation, right after the buyer's acceptance was written (the quotation's status moved
    ``sent`` → ``accepted`` by a compare-and-set UPDATE whose row count was checked; a second
    accept — double click, second tab, concurrent worker — never sends it again).

    Call: ``quotation_accepted.send(quotation, buyer=buyer)``

    ``quotation`` (:class:`~trading_house.inquiries.quotation_models.Quotation`), all flushed:
      - ``id``, ``number`` (e.g. ``Q-2026-000042``), ``kind`` (``"enterprise"`` or ``"pooled"``)
      - ``currency`` (ISO 4217); every amount is an ``int`` in minor units of it
        (``core.money.EXPONENTS``: IDR and JPY have no decimals)
      - ``enterprise`` / ``enterprise_id``: the seller, or ``None`` for a pooled quotation, where
        the trading house is the exporter of record
      - ``lines``: list of ``QuotationLine`` with ``product`` / ``product_id``,
        ``enterprise_id`` (who makes and ships the line; pooled quotations have several),
        ``description`` (name as quoted), ``hs_code``, ``origin_regency_code``, ``quantity``,
        ``unit``, ``unit_price`` (what the buyer pays per unit) and ``unit_cost`` (what the
        enterprise receives per unit; lower than ``unit_price`` only on pooled quotations, the
        difference being the trading house's margin)
      - ``total`` (``Money``), ``incoterm``, ``named_place``, ``payment_terms``
        (``bank_transfer`` | ``letter_of_credit`` | ``card``), ``lead_time_days``
      - ``inquiry``: the thread, with ``destination_country`` (ISO 3166-1 alpha-2),
        ``buyer`` and ``buying_request_id``
    ``buyer``: the ``User`` who accepted (the thread's buyer).

``sample_accepted``
    Sent by :func:`trading_house.inquiries.samples.accept_sample` exactly once, when the buyer
    accepts the seller's sample offer (``offered`` → ``accepted``, same compare-and-set).

    Call: ``sample_accepted.send(sample, buyer=buyer)``

    ``sample`` (:class:`~trading_house.inquiries.quotation_models.SampleRequest`):
      ``id``, ``product`` / ``product_id``, ``inquiry.enterprise_id`` (the seller), ``quantity``,
      ``unit``, ``price`` (int, minor units, the TOTAL for the sample lot; ``0`` = free),
      ``currency``, ``shipping_paid_by`` (``"buyer"`` or ``"enterprise"``), ``inquiry``
      (``destination_country``, ``buyer``).

``pool_line_joining``
    Sent by :func:`trading_house.inquiries.pools.add_pool_line` before an enterprise's line
    joins a pooled quotation, and by ``answer_pool_line`` before the enterprise confirms it.
    The supervision area refuses a cooperative rated below the admin's minimum.

    Call: ``pool_line_joining.send(pool, enterprise_id=…, field=…)``; a receiver raises a
    ``core.errors.DomainError`` (naming ``field``) to refuse; its return value is ignored.

Receivers
---------
- run synchronously inside the same database transaction as the acceptance: they must only
  ``flush()``, never commit; the view commits once, so the acceptance and the order are
  written together or not at all. Raising a ``core.errors.DomainError`` rolls both back and
  shows its message to the buyer.
- may return the order they created. If the returned object has a ``number`` attribute, it is
  stored in ``quotation.order_number`` / ``sample.order_number`` and the buyer is redirected
  to ``url_for("orders.order_detail", number=...)`` when that endpoint exists (else back to
  the thread).
"""

from blinker import Namespace

_signals = Namespace()

quotation_accepted = _signals.signal("quotation-accepted")
sample_accepted = _signals.signal("sample-accepted")
pool_line_joining = _signals.signal("pool-line-joining")


def order_number_from(results) -> str | None:
    """The ``number`` of the first order a receiver returned (blinker gives (receiver, value))."""
    for _receiver, value in results or ():
        number = getattr(value, "number", None)
        if number:
            return str(number)
    return None
