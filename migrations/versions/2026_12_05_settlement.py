"""settlement of pooled deals and payouts after delivery: the trading house's own ledger
(house_ledger_entries), the payout setting, pooled order lines with their supplier cost and
margin, pool prices in rupiah, payouts numbered per enterprise (one payout at a time).

Revision ID: i12_settle_settlement
Revises: i16_infra_outbox_claim
"""

from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from alembic import op

revision = "i12_settle_settlement"
down_revision = "i16_infra_outbox_claim"
branch_labels = None
depends_on = None

#: Digits after the decimal point per currency (core/money.py EXPONENTS, frozen here).
EXPONENTS = {"JPY": 0, "IDR": 0}


def upgrade():
    op.create_table(
        "payout_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payable_after", sa.String(length=16), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "payable_after IN ('shipped', 'delivered')",
            name=op.f("ck_payout_settings_payable_after_known"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_payout_settings_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_settings")),
    )
    op.create_table(
        "house_ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=True),
        sa.Column("amount_idr", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "account IN ('buyers', 'commission', 'margin', 'fx_difference', 'shipping')",
            name=op.f("ck_house_ledger_entries_account_known"),
        ),
        sa.CheckConstraint(
            "kind IN ('sale', 'refund')", name=op.f("ck_house_ledger_entries_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_house_ledger_entries_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refunds.id"], name=op.f("fk_house_ledger_entries_refund_id_refunds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_house_ledger_entries")),
    )
    with op.batch_alter_table("house_ledger_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_house_ledger_entries_account_created", ["account", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_house_ledger_entries_order_id"), ["order_id"], unique=False
        )

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_cost_minor", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("margin_idr", sa.BigInteger(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=True))

    with op.batch_alter_table("quotation_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("net_idr", sa.BigInteger(), nullable=True))

    bind = op.get_bind()
    # Existing payouts are numbered per enterprise in the order they were recorded.
    rows = bind.execute(sa.text("SELECT id, enterprise_id FROM payouts ORDER BY id")).all()
    counts: dict[int, int] = {}
    for payout_id, enterprise_id in rows:
        counts[enterprise_id] = counts.get(enterprise_id, 0) + 1
        bind.execute(
            sa.text("UPDATE payouts SET sequence = :s WHERE id = :id"),
            {"s": counts[enterprise_id], "id": payout_id},
        )
    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.create_index(
            "uq_payouts_enterprise_sequence", ["enterprise_id", "sequence"], unique=True
        )

    # Pool prices become net rupiah: lines of pools in another currency are converted at the
    # admin-set rate (a pool whose currency has no rate keeps its numbers; a curator re-asks).
    rates = {
        currency: micro
        for currency, micro in bind.execute(
            sa.text("SELECT currency, idr_per_unit_micro FROM exchange_rates")
        ).all()
    }
    lines = bind.execute(
        sa.text(
            "SELECT l.id, p.currency, l.unit_cost, l.confirmed_unit_cost "
            "FROM quotation_pool_lines l JOIN quotation_pools p ON p.id = l.pool_id "
            "WHERE p.currency != 'IDR'"
        )
    ).all()
    for line_id, currency, unit_cost, confirmed in lines:
        micro = rates.get(currency)
        if not micro:
            continue
        bind.execute(
            sa.text(
                "UPDATE quotation_pool_lines SET unit_cost = :u, confirmed_unit_cost = :c "
                "WHERE id = :id"
            ),
            {
                "u": _to_idr(unit_cost, currency, micro),
                "c": None if confirmed is None else _to_idr(confirmed, currency, micro),
                "id": line_id,
            },
        )


def _to_idr(minor: int, currency: str, micro: int) -> int:
    major = Decimal(minor) / (10 ** EXPONENTS.get(currency, 2))
    return int((major * micro / 1_000_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def downgrade():
    with op.batch_alter_table("quotation_lines", schema=None) as batch_op:
        batch_op.drop_column("net_idr")

    with op.batch_alter_table("payouts", schema=None) as batch_op:
        batch_op.drop_index("uq_payouts_enterprise_sequence")
        batch_op.drop_column("sequence")

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("margin_idr")
        batch_op.drop_column("unit_cost_minor")

    with op.batch_alter_table("house_ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_house_ledger_entries_order_id"))
        batch_op.drop_index("ix_house_ledger_entries_account_created")

    op.drop_table("house_ledger_entries")
    op.drop_table("payout_settings")
