"""catalog: listing events (append-only status history) and the featured flag.

Revision ID: 0002_catalog
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_catalog"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("featured", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "product_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "to_status IN ('draft', 'submitted', 'approved', 'changes_requested', 'rejected', "
            "'archived', 'suspended')",
            name=op.f("ck_product_events_to_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_product_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_events_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_events")),
    )
    with op.batch_alter_table("product_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_events_product_id"), ["product_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("product_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_events_product_id"))
    op.drop_table("product_events")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("featured")
