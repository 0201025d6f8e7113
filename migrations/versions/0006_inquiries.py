"""inquiries: schema of the inquiries area (placeholder until the area adds tables).

Revision ID: 0006_inquiries
Revises: 0005_readiness
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006_inquiries"
down_revision = "0005_readiness"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
