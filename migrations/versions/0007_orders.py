"""orders: schema of the orders area (placeholder until the area adds tables).

Revision ID: 0007_orders
Revises: 0006_inquiries
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0007_orders"
down_revision = "0006_inquiries"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
