"""search: schema of the search area (placeholder until the area adds tables).

Revision ID: 0003_search
Revises: 0002_catalog
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_search"
down_revision = "0002_catalog"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
