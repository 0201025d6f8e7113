"""milestone card payments, milestone refunds, invoice credit notes (issue #17).

- ``milestone_card_attempts``: a Stripe Checkout Session per part of a milestone order;
- ``milestone_refunds``: the share of a refund taken from each paid part (card → Stripe,
  transfer → sent back by staff);
- ``wholesale_invoice_credits``: a refund on a net-terms order is a credit line on its invoice;
- ``refunds.payment_id`` may be NULL (orders paid in milestones or on net terms have no single
  payment);
- ``house_ledger_entries.account`` gains ``receivable`` (parts of milestone orders still due).

Revision ID: i17_milestone_card
Revises: i15_bilingual_fields
"""

import sqlalchemy as sa
from alembic import op

revision = "i17_milestone_card"
down_revision = "i15_bilingual_fields"
branch_labels = None
depends_on = None

ACCOUNTS_BEFORE = "'buyers', 'commission', 'margin', 'fx_difference', 'shipping'"
ACCOUNTS_AFTER = ACCOUNTS_BEFORE + ", 'receivable'"


def _timestamps():
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade():
    op.create_table(
        "milestone_card_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("idempotency_key", sa.String(length=80), nullable=False),
        sa.Column("stripe_session_id", sa.String(length=255), nullable=True),
        sa.Column("checkout_url", sa.Text(), nullable=True),
        sa.Column("payment_intent", sa.String(length=255), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        *_timestamps(),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed', 'expired', 'needs_refund')",
            name=op.f("ck_milestone_card_attempts_status_known"),
        ),
        sa.CheckConstraint(
            "amount_minor > 0", name=op.f("ck_milestone_card_attempts_amount_positive")
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["payment_milestones.id"],
            name=op.f("fk_milestone_card_attempts_milestone_id_payment_milestones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_card_attempts")),
        sa.UniqueConstraint("milestone_id", "attempt", name="uq_milestone_card_attempts_attempt"),
        sa.UniqueConstraint(
            "idempotency_key", name=op.f("uq_milestone_card_attempts_idempotency_key")
        ),
        sa.UniqueConstraint(
            "stripe_session_id", name=op.f("uq_milestone_card_attempts_stripe_session_id")
        ),
    )
    with op.batch_alter_table("milestone_card_attempts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_card_attempts_milestone_id"), ["milestone_id"], unique=False
        )
    op.create_table(
        "milestone_refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("idempotency_key", sa.String(length=80), nullable=True),
        sa.Column("stripe_refund_id", sa.String(length=255), nullable=True),
        sa.Column("payment_intent", sa.String(length=255), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed', 'to_transfer')",
            name=op.f("ck_milestone_refunds_status_known"),
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_milestone_refunds_amount_positive")),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["payment_milestones.id"],
            name=op.f("fk_milestone_refunds_milestone_id_payment_milestones"),
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refunds.id"], name=op.f("fk_milestone_refunds_refund_id_refunds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_refunds")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_milestone_refunds_idempotency_key")),
        sa.UniqueConstraint(
            "stripe_refund_id", name=op.f("uq_milestone_refunds_stripe_refund_id")
        ),
    )
    with op.batch_alter_table("milestone_refunds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_milestone_refunds_milestone_id"), ["milestone_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_milestone_refunds_refund_id"), ["refund_id"], unique=False
        )
    op.create_table(
        "wholesale_invoice_credits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=False),
        sa.Column("amount_idr", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "amount_idr > 0", name=op.f("ck_wholesale_invoice_credits_amount_positive")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["wholesale_invoices.id"],
            name=op.f("fk_wholesale_invoice_credits_invoice_id_wholesale_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"],
            ["refunds.id"],
            name=op.f("fk_wholesale_invoice_credits_refund_id_refunds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wholesale_invoice_credits")),
        sa.UniqueConstraint("refund_id", name=op.f("uq_wholesale_invoice_credits_refund_id")),
    )
    with op.batch_alter_table("wholesale_invoice_credits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wholesale_invoice_credits_invoice_id"), ["invoice_id"], unique=False
        )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.alter_column("payment_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("house_ledger_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_house_ledger_entries_account_known"), type_="check"
        )
        batch_op.create_check_constraint(
            op.f("ck_house_ledger_entries_account_known"), f"account IN ({ACCOUNTS_AFTER})"
        )


def downgrade():
    op.execute("DELETE FROM house_ledger_entries WHERE account = 'receivable'")
    with op.batch_alter_table("house_ledger_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_house_ledger_entries_account_known"), type_="check"
        )
        batch_op.create_check_constraint(
            op.f("ck_house_ledger_entries_account_known"), f"account IN ({ACCOUNTS_BEFORE})"
        )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.alter_column("payment_id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("wholesale_invoice_credits")
    op.drop_table("milestone_refunds")
    op.drop_table("milestone_card_attempts")
