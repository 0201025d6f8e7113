"""trade documents: the trading house's identity (one row) and damaged units of a received lot.

Revision ID: i12_docs_trade_documents
Revises: i14_share_phones_e164
"""

import sqlalchemy as sa
from alembic import op

revision = "i12_docs_trade_documents"
down_revision = "i14_share_phones_e164"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "trading_house_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("legal_name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("nib", sa.String(length=20), nullable=False),
        sa.Column("npwp", sa.String(length=25), nullable=False),
        sa.Column("export_registration", sa.String(length=80), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("website", sa.String(length=120), nullable=False),
        sa.Column("bank_name", sa.String(length=120), nullable=False),
        sa.Column("bank_branch_address", sa.Text(), nullable=False),
        sa.Column("bank_account_name", sa.String(length=200), nullable=False),
        sa.Column("bank_account_number", sa.String(length=40), nullable=False),
        sa.Column("bank_swift", sa.String(length=11), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_trading_house_identity_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trading_house_identity")),
    )
    with op.batch_alter_table("consignment_lots", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("damaged_quantity", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_consignment_lots_damaged_within_received"),
            "damaged_quantity >= 0 AND damaged_quantity <= received_quantity",
        )


def downgrade():
    with op.batch_alter_table("consignment_lots", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_consignment_lots_damaged_within_received"), type_="check"
        )
        batch_op.drop_column("damaged_quantity")
    op.drop_table("trading_house_identity")
