"""accounts: sign-in throttle counts (per address, per address and source) and one-time
sign-in links sent by e-mail.

Revision ID: i11_security_sign_in
Revises: 0007_orders
"""

import sqlalchemy as sa
from alembic import op

revision = "i11_security_sign_in"
down_revision = "0007_orders"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "failures >= 0", name=op.f("ck_sign_in_throttles_failures_not_negative")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttles")),
    )
    with op.batch_alter_table("sign_in_throttles") as batch:
        batch.create_index(
            batch.f("ix_sign_in_throttles_last_failure_at"), ["last_failure_at"], unique=False
        )
    op.create_table(
        "sign_in_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_from", sa.String(length=45), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_sign_in_links_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_links_token_hash")),
    )
    with op.batch_alter_table("sign_in_links") as batch:
        batch.create_index(batch.f("ix_sign_in_links_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("sign_in_links") as batch:
        batch.drop_index(batch.f("ix_sign_in_links_user_id"))
    op.drop_table("sign_in_links")
    with op.batch_alter_table("sign_in_throttles") as batch:
        batch.drop_index(batch.f("ix_sign_in_throttles_last_failure_at"))
    op.drop_table("sign_in_throttles")
