"""search: full-text index of products (SQLite FTS5 / PostgreSQL tsvector + GIN) and the
triggers that keep it in sync with products, enterprises and categories.

The DDL lives in ``trading_house/catalog/search.py`` next to the queries that read it, so the
two back ends and their queries are described in one place.

Revision ID: 0003_search
Revises: 0002_catalog
"""

from alembic import op

from trading_house.catalog import search

revision = "0003_search"
down_revision = "0002_catalog"
branch_labels = None
depends_on = None


def upgrade():
    search.install(op.get_bind())


def downgrade():
    search.uninstall(op.get_bind())
