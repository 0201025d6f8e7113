"""curation: schema of the curation area (placeholder until the area adds tables).

Revision ID: 0004_curation
Revises: 0003_search
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_curation"
down_revision = "0003_search"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
