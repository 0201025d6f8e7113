"""Commission and each enterprise's ledger, settled in rupiah.

When an order is paid, every line records its commission rate; the enterprise's ledger gets
a sale entry (gross, commission, net). Refunds take back exactly what they undo: commission
is recomputed on what remains, so refunding everything returns the commission to the last
rupiah. Payouts are recorded by an admin and never exceed the balance.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from trading_house.catalog.models import Category
from trading_house.core.clock import business_date
from trading_house.core.errors import DomainError
from trading_house.core.money import Money
from trading_house.extensions import db
from trading_house.orders.models import CommissionRate, Order, OrderLine
from trading_house.payments.models import LedgerEntry, Payout

DEFAULT_COMMISSION_BP = 1000


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


def record_sale(order: Order) -> None:
    """Freeze each line's commission and credit the enterprises (called once, at paid)."""
    for line in order.lines:
        bp = commission_bp_for(line.category_id)
        gross = line.settlement_unit_idr * line.quantity
        line.commission_bp = bp
        line.commission_idr = _percent_idr(gross, bp)
        line.commission_minor = Money(line.line_total_minor, line.currency).percent(bp).amount
        db.session.add(
            LedgerEntry(
                enterprise_id=line.enterprise_id,
                kind="sale",
                order_id=order.id,
                order_line_id=line.id,
                quantity=line.quantity,
                gross_idr=gross,
                commission_idr=line.commission_idr,
                net_idr=gross - line.commission_idr,
                note=line.name[:200],
            )
        )
    db.session.flush()


def record_refund(line: OrderLine, quantity: int, refund) -> None:
    """Take back ``quantity`` units of a paid line from its enterprise's ledger."""
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


@dataclass
class Balance:
    enterprise_id: int
    gross_idr: int = 0
    commission_idr: int = 0
    net_idr: int = 0
    paid_out_idr: int = 0

    @property
    def balance_idr(self) -> int:
        return self.net_idr - self.paid_out_idr


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


def balances(enterprise_ids=None) -> dict[int, Balance]:
    """Gross, commission, net (sales less refunds) and payouts per enterprise, in one query."""
    query = select(
        LedgerEntry.enterprise_id,
        _earned(LedgerEntry.gross_idr),
        _earned(LedgerEntry.commission_idr),
        _earned(LedgerEntry.net_idr),
        _paid_out(),
    ).group_by(LedgerEntry.enterprise_id)
    if enterprise_ids is not None:
        query = query.where(LedgerEntry.enterprise_id.in_(list(enterprise_ids)))
    return {
        row[0]: Balance(row[0], int(row[1]), int(row[2]), int(row[3]), int(row[4]))
        for row in db.session.execute(query)
    }


def balance(enterprise_id: int) -> Balance:
    return balances([enterprise_id]).get(enterprise_id, Balance(enterprise_id))


def in_locale(amount: Money) -> LazyString:
    """Money formatted when the message is shown, in the reader's locale."""
    return LazyString(lambda: amount.format(str(get_locale() or "id")))


def record_payout(
    enterprise_id: int, amount_idr: int, *, paid_on: date, reference: str, note: str = "", actor
) -> Payout:
    """An admin paid the enterprise (``amount_idr`` as read by the form's MoneyField); the
    amount may not exceed what it is owed."""
    amount = amount_idr
    if amount is None or amount <= 0:
        raise DomainError(_l("The amount must be more than zero."), field="amount")
    owed = balance(enterprise_id).balance_idr
    if amount > owed:
        raise DomainError(
            _l("That is more than the balance of %(owed)s.", owed=in_locale(Money(owed, "IDR"))),
            field="amount",
        )
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_l("Enter the transfer reference."), field="reference")
    payout = Payout(
        enterprise_id=enterprise_id,
        amount_idr=amount,
        paid_on=paid_on,
        reference=reference[:80],
        note=(note or "")[:1000],
        recorded_by_id=actor.id,
    )
    db.session.add(payout)
    db.session.flush()
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
                business_date(entry.created_at).isoformat(),
                entry.kind,
                number or "",
                _csv_safe(entry.note),
                entry.quantity,
                gross,
                commission,
                net,
                paid_out,
                running,
            )
        )
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: neutralise them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
