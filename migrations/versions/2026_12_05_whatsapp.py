"""whatsapp: numbers and consent, notification preferences, the WhatsApp outbox, webhook
events and replies (trading_house/notifications).

Revision ID: i14_whatsapp
Revises: i16_status_events
"""

import sqlalchemy as sa
from alembic import op

revision = "i14_whatsapp"
down_revision = "i16_status_events"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "whatsapp_webhook_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_webhook_events")),
        sa.UniqueConstraint("event_key", name=op.f("uq_whatsapp_webhook_events_event_key")),
    )
    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.CheckConstraint(
            "channel IN ('email', 'whatsapp', 'both', 'none')",
            name=op.f("ck_notification_preferences_channel_known"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notification_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preferences")),
        sa.UniqueConstraint("user_id", "event", name="one_per_event"),
    )
    op.create_table(
        "whatsapp_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("consent_version", sa.String(length=32), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('opt_in', 'opt_out')", name=op.f("ck_whatsapp_consents_action_known")
        ),
        sa.CheckConstraint(
            "source IN ('account', 'reply', 'admin')",
            name=op.f("ck_whatsapp_consents_source_known"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_whatsapp_consents_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_consents")),
    )
    with op.batch_alter_table("whatsapp_consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_whatsapp_consents_user_id"), ["user_id"], unique=False)

    op.create_table(
        "whatsapp_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("template", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("link_path", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("provider_message_id", sa.String(length=128), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fallback_email_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'refused')",
            name=op.f("ck_whatsapp_messages_status_known"),
        ),
        sa.CheckConstraint(
            "attempts >= 0", name=op.f("ck_whatsapp_messages_attempts_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["fallback_email_id"],
            ["outbox_emails.id"],
            name=op.f("fk_whatsapp_messages_fallback_email_id_outbox_emails"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_whatsapp_messages_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_messages")),
        sa.UniqueConstraint(
            "provider_message_id", name=op.f("uq_whatsapp_messages_provider_message_id")
        ),
    )
    with op.batch_alter_table("whatsapp_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_whatsapp_messages_due", ["status", "next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_whatsapp_messages_user_id"), ["user_id"], unique=False)

    op.create_table(
        "whatsapp_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("phone_e164", sa.String(length=16), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("code_hash", sa.String(length=64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("code_attempts", sa.Integer(), nullable=False),
        sa.Column("code_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("codes_in_window", sa.Integer(), nullable=False),
        sa.Column("codes_window_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opted_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_version", sa.String(length=32), nullable=True),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "code_attempts >= 0", name=op.f("ck_whatsapp_numbers_attempts_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_whatsapp_numbers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_numbers")),
        sa.UniqueConstraint("user_id", name=op.f("uq_whatsapp_numbers_user_id")),
    )
    with op.batch_alter_table("whatsapp_numbers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_whatsapp_numbers_phone_e164"), ["phone_e164"], unique=False
        )

    op.create_table(
        "whatsapp_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_message_id", sa.String(length=128), nullable=False),
        sa.Column("sender", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("in_reply_to_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["in_reply_to_id"],
            ["whatsapp_messages.id"],
            name=op.f("fk_whatsapp_replies_in_reply_to_id_whatsapp_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_whatsapp_replies_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_replies")),
        sa.UniqueConstraint(
            "provider_message_id", name=op.f("uq_whatsapp_replies_provider_message_id")
        ),
    )
    with op.batch_alter_table("whatsapp_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_whatsapp_replies_sender"), ["sender"], unique=False)
        batch_op.create_index(batch_op.f("ix_whatsapp_replies_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("whatsapp_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatsapp_replies_user_id"))
        batch_op.drop_index(batch_op.f("ix_whatsapp_replies_sender"))

    op.drop_table("whatsapp_replies")
    with op.batch_alter_table("whatsapp_numbers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatsapp_numbers_phone_e164"))

    op.drop_table("whatsapp_numbers")
    with op.batch_alter_table("whatsapp_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatsapp_messages_user_id"))
        batch_op.drop_index("ix_whatsapp_messages_due")

    op.drop_table("whatsapp_messages")
    with op.batch_alter_table("whatsapp_consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_whatsapp_consents_user_id"))

    op.drop_table("whatsapp_consents")
    op.drop_table("notification_preferences")
    op.drop_table("whatsapp_webhook_events")
