"""sme journey: materials in English beside the Indonesian ones (issue #15, structured fields in
both languages).

A plain ADD COLUMN (no batch recreate): on SQLite recreating ``products`` would drop the search
triggers (see catalog/search.py).

Revision ID: i15_sme_journey
Revises: i13_supervision_exams
"""

import sqlalchemy as sa
from alembic import op

revision = "i15_sme_journey"
down_revision = "i13_supervision_exams"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("products", sa.Column("materials_english", sa.String(length=255), nullable=True))


def downgrade():
    # Dropping a column recreates ``products`` on SQLite: its search triggers go and come back.
    from trading_house.catalog.search import install_triggers, rebuild, uninstall_triggers

    bind = op.get_bind()
    uninstall_triggers(bind)
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("materials_english")
    install_triggers(bind)
    rebuild(bind)
