"""listing indexes: a business's page, the featured products, the price sort and range (#18).

Each of these listings walked every published product at 100,000 products (a business's page
19 ms, the home page's featured products 26 ms, a price range's count 36 ms on SQLite). The
composite index on ``enterprise_id`` replaces its single-column index (a prefix of it).

Revision ID: i19_listing_indexes
Revises: i18_catalog_counters
"""

from alembic import op

revision = "i19_listing_indexes"
down_revision = "i18_catalog_counters"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_products_enterprise_status_published_at": ["enterprise_id", "status", "published_at"],
    "ix_products_featured_status_published_at": ["featured", "status", "published_at"],
    "ix_products_status_price": ["status", "retail_price_idr"],
}


# Plain CREATE/DROP INDEX: no batch mode, which could rebuild the table on SQLite and lose its
# search triggers.
def upgrade():
    for name, columns in INDEXES.items():
        op.create_index(name, "products", columns, unique=False)
    op.drop_index("ix_products_enterprise_id", table_name="products")


def downgrade():
    op.create_index("ix_products_enterprise_id", "products", ["enterprise_id"], unique=False)
    for name in INDEXES:
        op.drop_index(name, table_name="products")
