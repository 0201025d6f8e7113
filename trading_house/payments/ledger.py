"""Commission, margin and the ledgers of the enterprises and of the trading house, in rupiah.

When an order is paid, every line records its commission rate; the enterprise's ledger gets
a sale entry (gross, commission, net). Lines of pooled quotations are sold by the trading
house: the enterprise gets its confirmed net rupiah price with no commission (the house's
margin replaces it). The trading house's own accounts (``HouseLedgerEntry``) get, per sale
and per refund, what the buyer paid (at the order's rate), the commission, the margin, the
shipping and the exchange-rate difference, so that to the rupiah

    buyers = enterprises' net + commission + margin + shipping + fx_difference

(see :func:`books`). Refunds take back exactly what they undo: commission and margin are
recomputed on what remains, so refunding everything returns them to the last rupiah.

Money still due from buyers is the house's ``receivable`` account: the later parts of an order
paid in milestones, and an order on net terms from its invoice until it is paid (the payment
moves receivable → buyers; a credit note on the open invoice reduces the receivable, while a
refund after payment is money returned to the buyer).

Payouts are recorded by an admin and cover only lines that have shipped (or, as the admin
sets, that the buyer received), never more than the enterprise is owed; two admins paying
the same enterprise at once record one payout (``Payout.sequence``).
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.exc import IntegrityError

from trading_house.catalog.models import Category
from trading_house.core.clock import business_date, utcnow
from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.core.i18n import current_locale
from trading_house.core.money import Money, to_idr
from trading_house.core.rates import rate_table
from trading_house.core.spreadsheets import formula_safe
from trading_house.extensions import db
from trading_house.orders.models import CommissionRate, Fulfilment, Order, OrderLine
from trading_house.orders.status import FulfilmentStatus
from trading_house.payments.models import (
    HOUSE_ACCOUNTS,
    PAYABLE_AFTER,
    HouseLedgerEntry,
    LedgerEntry,
    Payout,
    PayoutSettings,
)

DEFAULT_COMMISSION_BP = 1000
#: The payment method of orders on net terms (``wholesale/ordering.py``): invoiced, paid later.
NET_TERMS = "net_terms"
MILESTONES = "milestones"


def commission_bp_for(category_id: int | None) -> int:
    """The category's rate, else its parent's, else the default row, else the config."""
    rates = {r.category_id: r.rate_bp for r in db.session.scalars(select(CommissionRate))}
    seen = set()
    while category_id is not None and category_id not in seen:
        if category_id in rates:
            return rates[category_id]
        seen.add(category_id)
        category_id = db.session.scalar(
            select(Category.parent_id).where(Category.id == category_id)
        )
    if None in rates:
        return rates[None]
    return int(current_app.config.get("COMMISSION_DEFAULT_BP", DEFAULT_COMMISSION_BP))


def _percent_idr(amount: int, bp: int) -> int:
    return Money(amount, "IDR").percent(bp).amount


def valuation_rate(order: Order) -> int | None:
    """The rate the order's money is valued at in rupiah (None for rupiah orders)."""
    if order.currency == "IDR":
        return None
    return order.idr_per_unit_micro or rate_table().get(order.currency)


def value_idr(order: Order, amount_minor: int) -> int:
    """Whole rupiah for ``amount_minor`` of the order's currency, at the order's rate."""
    return to_idr(Money(amount_minor, order.currency), valuation_rate(order))


def margin_idr(line: OrderLine, quantity: int) -> int:
    """The trading house's margin on ``quantity`` units of a pooled line, at the order's rate."""
    if not line.sold_by_house:
        return 0
    per_unit = line.unit_price_minor - (line.unit_cost_minor or 0)
    return value_idr(line.order, per_unit * quantity)


def record_sale(order: Order) -> None:
    """Freeze each line's commission (or margin) and credit the enterprises and the trading
    house (called once, at paid)."""
    house = dict.fromkeys(HOUSE_ACCOUNTS, 0)
    enterprises_net = 0
    for line in order.lines:
        # Pooled lines: the house's margin replaces the commission (never both).
        bp = 0 if line.sold_by_house else commission_bp_for(line.category_id)
        gross = line.settlement_unit_idr * line.quantity
        line.commission_bp = bp
        line.commission_idr = _percent_idr(gross, bp)
        line.commission_minor = Money(line.line_total_minor, line.currency).percent(bp).amount
        line.margin_idr = margin_idr(line, line.quantity)
        net = gross - line.commission_idr
        enterprises_net += net
        house["commission"] += line.commission_idr
        house["margin"] += line.margin_idr
        db.session.add(
            LedgerEntry(
                enterprise_id=line.enterprise_id,
                kind="sale",
                order_id=order.id,
                order_line_id=line.id,
                quantity=line.quantity,
                gross_idr=gross,
                commission_idr=line.commission_idr,
                net_idr=net,
                note=line.name[:200],
            )
        )
    house["buyers"] = value_idr(order, order.total_minor)
    house["shipping"] = value_idr(order, order.shipping_minor)
    _balance_with_fx(house, enterprises_net)
    # An order paid in parts or on net terms: only what arrived is the buyers' money; the rest
    # is still due from the buyer (receivable).
    received = value_idr(order, _received_minor(order))
    house["receivable"] = house["buyers"] - received
    house["buyers"] = received
    _house_entries(order, "sale", house)
    db.session.flush()


def _received_minor(order: Order) -> int:
    """What the buyer has paid when the sale is booked: all of it, except for an order paid in
    milestones (the parts paid so far) and an order on net terms (nothing: it is invoiced)."""
    from trading_house.payments.milestone_models import MilestoneStatus, PaymentMilestone

    if order.payment_method == NET_TERMS:
        return 0
    paid_parts = db.session.scalars(
        select(PaymentMilestone.amount_minor).where(
            PaymentMilestone.order_id == order.id,
            PaymentMilestone.status == MilestoneStatus.PAID,
        )
    ).all()
    if order.payment_method != MILESTONES or not paid_parts:
        return order.total_minor
    return sum(paid_parts)


def record_part_received(order: Order, amount_minor: int) -> None:
    """A later part of an order paid in milestones (or the payment of a net-terms invoice)
    arrived: the buyers' money grows by it and what is still due from the buyer shrinks by as
    much (the sale was booked already; the enterprises' side does not move)."""
    received = value_idr(order, amount_minor)
    for account, amount in (("buyers", received), ("receivable", -received)):
        db.session.add(
            HouseLedgerEntry(
                account=account,
                kind="sale",
                order_id=order.id,
                amount_idr=amount,
                note=order.number,
            )
        )
    db.session.flush()


def _balance_with_fx(house: dict[str, int], enterprises_net: int) -> None:
    """What the buyer's money is worth in rupiah beyond everything booked is the exchange-rate
    difference (the rate moved between quotation and order; conversion rounding)."""
    booked = enterprises_net + sum(
        v for k, v in house.items() if k not in ("buyers", "fx_difference", "receivable")
    )
    house["fx_difference"] = house["buyers"] - booked


def _house_entries(order: Order, kind: str, amounts: dict[str, int], refund=None) -> None:
    sign = -1 if kind == "refund" else 1
    for account in HOUSE_ACCOUNTS:
        if amounts.get(account):
            db.session.add(
                HouseLedgerEntry(
                    account=account,
                    kind=kind,
                    order_id=order.id,
                    refund_id=getattr(refund, "id", None),
                    amount_idr=sign * amounts[account],
                    note=order.number,
                )
            )


def record_refund(line: OrderLine, quantity: int, refund) -> None:
    """Take back ``quantity`` units of a paid line from its enterprise's ledger (and, for the
    trading house, the commission or margin they carried: see :func:`record_house_refund`)."""
    if line.commission_bp is None:
        return
    remaining = line.remaining_quantity - quantity
    gross = line.settlement_unit_idr * quantity
    commission_after = _percent_idr(line.settlement_unit_idr * remaining, line.commission_bp)
    commission_back = line.commission_idr - commission_after
    line.commission_idr = commission_after
    line.commission_minor = (
        Money(line.unit_price_minor * remaining, line.currency).percent(line.commission_bp).amount
    )
    margin_after = margin_idr(line, remaining)
    margin_back = line.margin_idr - margin_after
    line.margin_idr = margin_after
    db.session.add(
        LedgerEntry(
            enterprise_id=line.enterprise_id,
            kind="refund",
            order_id=line.order_id,
            order_line_id=line.id,
            refund_id=refund.id,
            quantity=quantity,
            gross_idr=gross,
            commission_idr=commission_back,
            net_idr=gross - commission_back,
            note=line.name[:200],
        )
    )
    _house_entries(
        line.order, "refund", {"commission": commission_back, "margin": margin_back}, refund
    )


def record_house_refund(order: Order, refund, *, shipping_minor: int = 0) -> None:
    """The trading house's side of a refund, after its lines (:func:`record_refund`): money
    back to the buyer at the order's rate, the shipping it undoes, and the difference."""
    if all(line.commission_bp is None for line in order.lines):
        return  # never recorded as sold: nothing to take back
    db.session.flush()
    enterprises_back = db.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.net_idr), 0)).where(
            LedgerEntry.refund_id == refund.id, LedgerEntry.kind == "refund"
        )
    )
    booked = dict(
        db.session.execute(
            select(HouseLedgerEntry.account, func.sum(HouseLedgerEntry.amount_idr))
            .where(HouseLedgerEntry.refund_id == refund.id)
            .group_by(HouseLedgerEntry.account)
        ).all()
    )
    house = dict.fromkeys(HOUSE_ACCOUNTS, 0)
    house["commission"] = -int(booked.get("commission", 0))
    house["margin"] = -int(booked.get("margin", 0))
    house["buyers"] = value_idr(order, refund.amount_minor)
    house["shipping"] = value_idr(order, shipping_minor)
    _balance_with_fx(house, int(enterprises_back or 0))
    if _credited_on_invoice(refund):
        # A credit note on an open invoice: the money never arrived, what is due shrinks.
        house["receivable"], house["buyers"] = house["buyers"], 0
    # commission and margin were booked line by line already
    _house_entries(
        order,
        "refund",
        {k: house[k] for k in ("buyers", "receivable", "shipping", "fx_difference")},
        refund=refund,
    )
    db.session.flush()


def _credited_on_invoice(refund) -> bool:
    """The refund is a credit note on a net-terms invoice still open (not money returned)."""
    from trading_house.wholesale.invoice_models import InvoiceCredit

    return bool(
        db.session.scalar(
            select(InvoiceCredit.id).where(
                InvoiceCredit.refund_id == refund.id, InvoiceCredit.kind == "credited"
            )
        )
    )


@dataclass
class Balance:
    enterprise_id: int
    gross_idr: int = 0
    commission_idr: int = 0
    net_idr: int = 0
    paid_out_idr: int = 0
    #: Net of the lines that may be paid out now (shipped, or delivered: ``payable_after``).
    released_idr: int = 0

    @property
    def balance_idr(self) -> int:
        """What the trading house owes the enterprise (net earned less payouts)."""
        return self.net_idr - self.paid_out_idr

    @property
    def payable_idr(self) -> int:
        """What may be paid out now: released lines less payouts, never more than is owed."""
        return max(0, min(self.released_idr - self.paid_out_idr, self.balance_idr))

    @property
    def waiting_idr(self) -> int:
        """Owed for lines that have not shipped (or not arrived) yet."""
        return max(0, self.balance_idr - self.payable_idr)


def _earned(column):
    """Sales less refunds of a ledger column."""
    signed = case(
        (LedgerEntry.kind == "sale", column), (LedgerEntry.kind == "refund", -column), else_=0
    )
    return func.coalesce(func.sum(signed), 0)


def _paid_out():
    return func.coalesce(
        func.sum(case((LedgerEntry.kind == "payout", LedgerEntry.net_idr), else_=0)), 0
    )


def payable_after() -> str:
    """``shipped`` or ``delivered``: when a sold line may be paid out (an admin setting)."""
    row = db.session.get(PayoutSettings, 1)
    return row.payable_after if row is not None else FulfilmentStatus.SHIPPED


def set_payable_after(value: str, *, actor) -> PayoutSettings:
    """Lines are payable once shipped, or only once the buyer received them."""
    if value not in PAYABLE_AFTER:
        raise DomainError(_l("Choose when lines may be paid out."), field="payable_after")
    row = db.session.get(PayoutSettings, 1)
    if row is None:
        row = PayoutSettings(id=1)
        db.session.add(row)
    row.payable_after = value
    row.updated_by_id = actor.id
    db.session.flush()
    return row


def _released_statuses() -> tuple[str, ...]:
    shipped, delivered = FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED
    return (shipped, delivered) if payable_after() == shipped else (delivered,)


#: Bulk orders (paid in milestones or on net terms) are protected whatever the payout rule: a
#: line is released once delivered and received by the buyer, or ``PAYOUT_HOLD_DAYS`` after
#: delivery without a dispute (issue #17).
PROTECTED_METHODS = (MILESTONES, NET_TERMS)


def _protection() -> list:
    """Payment protection (``orders/dispute_models.py``): a line under an open dispute is never
    released; a bulk order's line, and any line once delivery is the rule, waits until the buyer
    confirms receipt or ``PAYOUT_HOLD_DAYS`` have passed since delivery."""
    from trading_house.orders.dispute_models import Dispute, DisputeStatus, ReceiptConfirmation
    from trading_house.orders.disputes import hold_days

    undisputed = ~exists().where(
        Dispute.order_line_id == OrderLine.id, Dispute.status == DisputeStatus.OPEN
    )
    received = and_(
        Fulfilment.status == FulfilmentStatus.DELIVERED,
        or_(
            exists().where(ReceiptConfirmation.fulfilment_id == Fulfilment.id),
            Fulfilment.delivered_at <= utcnow() - timedelta(days=hold_days()),
        ),
    )
    if payable_after() == FulfilmentStatus.DELIVERED:
        return [undisputed, received]
    bulk = exists().where(
        Order.id == OrderLine.order_id, Order.payment_method.in_(PROTECTED_METHODS)
    )
    shipped = Fulfilment.status.in_(_released_statuses())
    return [undisputed, or_(and_(bulk, received), and_(~bulk, shipped))]


def balances(enterprise_ids=None) -> dict[int, Balance]:
    """Gross, commission, net (sales less refunds), payouts and what is released for payout,
    per enterprise, in two queries."""
    query = select(
        LedgerEntry.enterprise_id,
        _earned(LedgerEntry.gross_idr),
        _earned(LedgerEntry.commission_idr),
        _earned(LedgerEntry.net_idr),
        _paid_out(),
    ).group_by(LedgerEntry.enterprise_id)
    released = (
        select(LedgerEntry.enterprise_id, _earned(LedgerEntry.net_idr))
        .join(OrderLine, OrderLine.id == LedgerEntry.order_line_id)
        .join(Fulfilment, Fulfilment.id == OrderLine.fulfilment_id)
        .where(*_protection())
        .group_by(LedgerEntry.enterprise_id)
    )
    if enterprise_ids is not None:
        query = query.where(LedgerEntry.enterprise_id.in_(list(enterprise_ids)))
        released = released.where(LedgerEntry.enterprise_id.in_(list(enterprise_ids)))
    released_by = {row[0]: int(row[1]) for row in db.session.execute(released)}
    return {
        row[0]: Balance(
            row[0], int(row[1]), int(row[2]), int(row[3]), int(row[4]), released_by.get(row[0], 0)
        )
        for row in db.session.execute(query)
    }


def balance(enterprise_id: int) -> Balance:
    return balances([enterprise_id]).get(enterprise_id, Balance(enterprise_id))


def in_locale(amount: Money) -> LazyString:
    """Money formatted when the message is shown, in the reader's locale."""
    return LazyString(lambda: amount.format(current_locale()))


class PayoutConflict(InvalidTransition):
    """Another admin recorded a payout to the same enterprise at the same moment."""


PAID_MEANWHILE = _l(
    "Another payout to this enterprise was recorded a moment ago. Nothing was paid twice: "
    "check the balance before you record another payout."
)


def record_payout(
    enterprise_id: int,
    amount_idr: int | None,
    *,
    paid_on: date,
    reference: str,
    note: str = "",
    actor,
) -> Payout:
    """An admin paid the enterprise (``amount_idr`` as read by the form's MoneyField); the
    amount may not exceed what is payable now (lines shipped, or delivered) nor what is owed."""
    amount = amount_idr
    if amount is None or amount <= 0:
        raise DomainError(_l("The amount must be more than zero."), field="amount")
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_l("Enter the transfer reference."), field="reference")
    # The sequence is read BEFORE the balance: a payout committed after this read makes our
    # insert collide on (enterprise, sequence); one committed before it is in the balance.
    sequence = 1 + (
        db.session.scalar(
            select(func.max(Payout.sequence)).where(Payout.enterprise_id == enterprise_id)
        )
        or 0
    )
    current = balance(enterprise_id)
    if amount > current.balance_idr:
        raise DomainError(
            _l(
                "That is more than the balance of %(owed)s.",
                owed=in_locale(Money(current.balance_idr, "IDR")),
            ),
            field="amount",
        )
    if amount > current.payable_idr:
        waiting = (
            _l("goods the buyer has not received yet")
            if payable_after() == FulfilmentStatus.DELIVERED
            else _l("goods that have not shipped yet")
        )
        raise DomainError(
            _l(
                "Only %(payable)s can be paid out now; %(waiting)s is for %(what)s.",
                payable=in_locale(Money(current.payable_idr, "IDR")),
                waiting=in_locale(Money(current.waiting_idr, "IDR")),
                what=waiting,
            ),
            field="amount",
        )
    payout = Payout(
        enterprise_id=enterprise_id,
        sequence=sequence,
        amount_idr=amount,
        paid_on=paid_on,
        reference=reference[:80],
        note=(note or "")[:1000],
        recorded_by_id=actor.id,
    )
    db.session.add(payout)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same sequence taken by a concurrent payout
        if getattr(exc.orig, "sqlstate", None) != "23505" and "UNIQUE" not in str(exc.orig):
            raise
        raise PayoutConflict(PAID_MEANWHILE) from exc
    db.session.add(
        LedgerEntry(
            enterprise_id=enterprise_id,
            kind="payout",
            payout_id=payout.id,
            gross_idr=amount,
            commission_idr=0,
            net_idr=amount,
            note=reference[:200],
        )
    )
    db.session.flush()
    return payout


@dataclass
class Books:
    """Every account, whole rupiah: what buyers paid (less what went back) against what the
    enterprises earned and the trading house's accounts. ``difference`` is 0 when they balance."""

    buyers_idr: int
    enterprises_idr: int
    house: dict
    paid_out_idr: int

    @property
    def receivable_idr(self) -> int:
        """Still due from buyers: the parts of orders paid in milestones not yet paid and the
        open net-terms invoices (less their credit notes)."""
        return int(self.house.get("receivable", 0))

    @property
    def house_idr(self) -> int:
        return sum(v for k, v in self.house.items() if k not in ("buyers", "receivable"))

    @property
    def difference(self) -> int:
        return self.buyers_idr + self.receivable_idr - self.enterprises_idr - self.house_idr

    @property
    def cash_idr(self) -> int:
        """Buyers' money still held: received less returned less paid out to enterprises."""
        return self.buyers_idr - self.paid_out_idr


def books(order_ids=None) -> Books:
    """Sum every account (of the given orders, or all): buyers, enterprises, trading house."""
    house_query = select(HouseLedgerEntry.account, func.sum(HouseLedgerEntry.amount_idr)).group_by(
        HouseLedgerEntry.account
    )
    net_query = select(_earned(LedgerEntry.net_idr))
    if order_ids is not None:
        house_query = house_query.where(HouseLedgerEntry.order_id.in_(list(order_ids)))
        net_query = net_query.where(LedgerEntry.order_id.in_(list(order_ids)))
    house = dict.fromkeys(HOUSE_ACCOUNTS, 0)
    house.update({account: int(total) for account, total in db.session.execute(house_query)})
    paid_out = 0 if order_ids is not None else int(db.session.scalar(select(_paid_out())) or 0)
    return Books(house["buyers"], int(db.session.scalar(net_query) or 0), house, paid_out)


def backfill_house_entries() -> int:
    """Write the trading house's entries of orders paid before its ledger existed (their sales
    and refunds, from the enterprises' ledger); orders that have house entries are skipped, so
    running it twice changes nothing. Returns the number of orders backfilled."""
    from trading_house.payments.models import Refund, RefundLine, RefundStatus

    done = select(HouseLedgerEntry.order_id).distinct()
    sold = select(LedgerEntry.order_id).where(LedgerEntry.kind == "sale").distinct()
    orders = db.session.scalars(
        select(Order).where(Order.id.in_(sold), Order.id.not_in(done)).order_by(Order.id)
    ).all()
    for order in orders:
        sales = db.session.scalars(
            select(LedgerEntry).where(LedgerEntry.order_id == order.id, LedgerEntry.kind == "sale")
        ).all()
        house = dict.fromkeys(HOUSE_ACCOUNTS, 0)
        house["buyers"] = value_idr(order, order.total_minor)
        house["shipping"] = value_idr(order, order.shipping_minor)
        house["commission"] = sum(entry.commission_idr for entry in sales)
        _balance_with_fx(house, sum(entry.net_idr for entry in sales))
        _house_entries(order, "sale", house)
        refunds = db.session.scalars(
            select(Refund).where(
                Refund.order_id == order.id, Refund.status == RefundStatus.SUCCEEDED
            )
        ).all()
        for record in refunds:
            back = db.session.scalars(
                select(LedgerEntry).where(
                    LedgerEntry.refund_id == record.id, LedgerEntry.kind == "refund"
                )
            ).all()
            shipping = db.session.scalar(
                select(func.coalesce(func.sum(RefundLine.amount_minor), 0)).where(
                    RefundLine.refund_id == record.id, RefundLine.order_line_id.is_(None)
                )
            )
            house = dict.fromkeys(HOUSE_ACCOUNTS, 0)
            house["buyers"] = value_idr(order, record.amount_minor)
            house["shipping"] = value_idr(order, int(shipping or 0))
            house["commission"] = sum(entry.commission_idr for entry in back)
            _balance_with_fx(house, sum(entry.net_idr for entry in back))
            _house_entries(order, "refund", house, refund=record)
    db.session.flush()
    return len(orders)


def house_entries(limit: int = 200):
    """The trading house's latest entries, with their order numbers."""
    return db.session.execute(
        select(HouseLedgerEntry, Order.number)
        .join(Order, Order.id == HouseLedgerEntry.order_id)
        .order_by(HouseLedgerEntry.id.desc())
        .limit(limit)
    ).all()


def entries(enterprise_id: int):
    return db.session.execute(
        select(LedgerEntry, Order.number)
        .outerjoin(Order, Order.id == LedgerEntry.order_id)
        .where(LedgerEntry.enterprise_id == enterprise_id)
        .order_by(LedgerEntry.created_at, LedgerEntry.id)
    ).all()


CSV_HEADER = (
    "date",
    "kind",
    "order",
    "description",
    "quantity",
    "gross_idr",
    "commission_idr",
    "net_idr",
    "paid_out_idr",
    "balance_idr",
)


def ledger_csv(enterprise_id: int) -> str:
    """The enterprise's ledger as CSV, with a running balance (whole rupiah)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    running = 0
    for entry, number in entries(enterprise_id):
        sign = -1 if entry.kind == "refund" else 1
        paid_out = entry.net_idr if entry.kind == "payout" else 0
        running += -paid_out if entry.kind == "payout" else sign * entry.net_idr
        gross, commission, net = (
            (0, 0, 0)
            if entry.kind == "payout"
            else (sign * entry.gross_idr, sign * entry.commission_idr, sign * entry.net_idr)
        )
        writer.writerow(
            (
                business_date(entry.created_at).isoformat(),  # the trading house's date
                entry.kind,
                number or "",
                formula_safe(entry.note),
                entry.quantity,
                gross,
                commission,
                net,
                paid_out,
                running,
            )
        )
    return out.getvalue()


def set_commission(category_id: int | None, rate_percent, *, actor) -> CommissionRate:
    """Set the default (``category_id`` None) or a category's rate, in percent (e.g. 12.5)."""
    from decimal import Decimal, InvalidOperation

    try:
        bp = int((Decimal(str(rate_percent).strip().replace(",", ".")) * 100).to_integral_value())
    except (InvalidOperation, ValueError):
        raise DomainError(_l("Enter a percentage, e.g. 10 or 12.5."), field="rate") from None
    if not 0 <= bp <= 10000:
        raise DomainError(_l("Enter a percentage between 0 and 100."), field="rate")
    row = db.session.scalar(
        select(CommissionRate).where(
            CommissionRate.category_id.is_(None)
            if category_id is None
            else CommissionRate.category_id == category_id
        )
    )
    if row is None:
        row = CommissionRate(category_id=category_id, rate_bp=bp)
        db.session.add(row)
    row.rate_bp = bp
    row.set_by_id = actor.id
    db.session.flush()
    return row
