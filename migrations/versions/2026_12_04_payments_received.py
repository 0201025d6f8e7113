"""payments: each bank transfer received from (or returned to) a buyer, with its proof or the
reason there is none and what it left due; the amount received on each payment; the expiry
sent to Stripe; a key per Stripe refund.

Only new tables and added columns: no table is rebuilt (on SQLite a rebuild of a table that
others reference would run their ON DELETE rules).

Revision ID: i11_payments_received
Revises: i11_security_sign_in
"""

import sqlalchemy as sa
from alembic import op

revision = "i11_payments_received"
down_revision = "i11_security_sign_in"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "payments",
        sa.Column(
            "received_minor",
            sa.BigInteger(),
            sa.CheckConstraint(
                "received_minor >= 0", name=op.f("ck_payments_received_not_negative")
            ),
            nullable=False,
            server_default="0",
        ),
    )
    op.add_column(
        "payments", sa.Column("stripe_expires_at", sa.DateTime(timezone=True), nullable=True)
    )
    # Payments that already succeeded received exactly their amount.
    op.execute("UPDATE payments SET received_minor = amount_minor WHERE status = 'succeeded'")
    op.add_column("refunds", sa.Column("idempotency_key", sa.String(length=80), nullable=True))
    op.create_index(
        op.f("uq_refunds_idempotency_key"), "refunds", ["idempotency_key"], unique=True
    )
    op.create_table(
        "transfer_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("received_total_minor", sa.BigInteger(), nullable=False),
        sa.Column("due_minor", sa.BigInteger(), nullable=False),
        sa.Column("proof_document_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('received', 'returned')", name=op.f("ck_transfer_receipts_kind_known")
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_transfer_receipts_amount_positive")),
        sa.CheckConstraint(
            "received_total_minor >= 0 AND due_minor >= 0",
            name=op.f("ck_transfer_receipts_totals_not_negative"),
        ),
        sa.CheckConstraint(
            "proof_document_id IS NOT NULL OR length(reason) > 0",
            name=op.f("ck_transfer_receipts_proof_or_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["users.id"],
            name=op.f("fk_transfer_receipts_confirmed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_transfer_receipts_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_transfer_receipts_payment_id_payments")
        ),
        sa.ForeignKeyConstraint(
            ["proof_document_id"],
            ["documents.id"],
            name=op.f("fk_transfer_receipts_proof_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_receipts")),
    )
    op.create_index(
        op.f("ix_transfer_receipts_order_id"), "transfer_receipts", ["order_id"], unique=False
    )
    op.create_index(
        op.f("ix_transfer_receipts_payment_id"), "transfer_receipts", ["payment_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_transfer_receipts_payment_id"), table_name="transfer_receipts")
    op.drop_index(op.f("ix_transfer_receipts_order_id"), table_name="transfer_receipts")
    op.drop_table("transfer_receipts")
    op.drop_index(op.f("uq_refunds_idempotency_key"), table_name="refunds")
    # Plain DROP COLUMN (SQLite 3.35+): a batch rebuild would cascade into refund_lines.
    op.drop_column("refunds", "idempotency_key")
    op.drop_column("payments", "stripe_expires_at")
    op.drop_column("payments", "received_minor")
