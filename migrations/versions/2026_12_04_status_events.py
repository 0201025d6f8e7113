"""status_events: the event rows of lifecycles that keep no event table of their own
(core/lifecycle.py: catalog listings, readiness answers and checklists, payments, ...).

Revision ID: i16_status_events
Revises: i11_checkout_lock
"""

import sqlalchemy as sa
from alembic import op

revision = "i16_status_events"
down_revision = "i11_checkout_lock"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "status_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject_type", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_status_events_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_events")),
    )
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.create_index("ix_status_events_subject", ["subject_type", "subject_id"])


def downgrade():
    with op.batch_alter_table("status_events", schema=None) as batch_op:
        batch_op.drop_index("ix_status_events_subject")
    op.drop_table("status_events")
