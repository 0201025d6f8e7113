"""catalog: schema of the catalog area (placeholder until the area adds tables).

Revision ID: 0002_catalog
Revises: 0001_foundation
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002_catalog"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
