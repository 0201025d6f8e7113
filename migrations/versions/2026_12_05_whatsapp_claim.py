"""whatsapp claim: the WhatsApp outbox is claimed like e-mail (core/outbox.py, ClaimableMixin:
claim_token + claimed_at instead of claimed_until); staff resend (resent_as_id); reminders sent
once (notification_reminders).

Revision ID: i14_finish_whatsapp_claim
Revises: i12_rules_verify_once (re-chain at merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "i14_finish_whatsapp_claim"
down_revision = "i12_rules_verify_once"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("whatsapp_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column("claimed_until")
        batch_op.add_column(sa.Column("resent_as_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_whatsapp_messages_resent_as_id_whatsapp_messages"),
            "whatsapp_messages",
            ["resent_as_id"],
            ["id"],
        )
    # A message claimed by the old sender (claimed_until) is pending again: sent by the new one.
    op.execute("UPDATE whatsapp_messages SET status = 'pending' WHERE status = 'sending'")
    op.create_table(
        "notification_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_reminders_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_reminders")),
        sa.UniqueConstraint("event", "subject_id", name="once_per_subject"),
    )


def downgrade():
    op.drop_table("notification_reminders")
    with op.batch_alter_table("whatsapp_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(
            batch_op.f("fk_whatsapp_messages_resent_as_id_whatsapp_messages"), type_="foreignkey"
        )
        batch_op.drop_column("resent_as_id")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claim_token")
