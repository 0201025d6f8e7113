"""readiness: schema of the readiness area (placeholder until the area adds tables).

Revision ID: 0005_readiness
Revises: 0004_curation
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_readiness"
down_revision = "0004_curation"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
