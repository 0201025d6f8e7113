"""Outbox rows are claimed before sending (status 'sending', claim token and time); the unused
body_html column goes; scheduled_jobs records which run of each periodic job was taken.

Revision ID: i16_infra_outbox_claim
Revises: i14_whatsapp
"""

import sqlalchemy as sa
from alembic import op

revision = "i16_infra_outbox_claim"
down_revision = "i14_whatsapp"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column("body_html")
        batch_op.drop_constraint(batch_op.f("ck_outbox_emails_status_known"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_outbox_emails_status_known"),
            "status IN ('pending', 'sending', 'sent', 'failed')",
        )

    op.create_table(
        "scheduled_jobs",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("last_slot", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_result", sa.Text(), nullable=True),
        sa.Column("last_node", sa.String(length=120), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("locked_by", sa.String(length=120), nullable=True),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduled_jobs")),
    )


def downgrade():
    op.drop_table("scheduled_jobs")
    op.execute("UPDATE outbox_emails SET status = 'pending' WHERE status = 'sending'")
    with op.batch_alter_table("outbox_emails", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_outbox_emails_status_known"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_outbox_emails_status_known"), "status IN ('pending', 'sent', 'failed')"
        )
        batch_op.add_column(sa.Column("body_html", sa.Text(), nullable=True))
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claim_token")
