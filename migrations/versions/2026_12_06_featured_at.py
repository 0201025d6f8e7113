"""products.featured_at: when the trading house last picked a product for the home page.

The home page shows the eight latest picks; it used to show the eight newest listings among
the picks, so an older product just featured ("Shown on the home page.") did not appear.
Products featured before this revision keep their order: their date is their publication.

Revision ID: i20_featured_at
Revises: i19_listing_indexes
"""

import sqlalchemy as sa
from alembic import op

revision = "i20_featured_at"
down_revision = "i19_listing_indexes"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("products", sa.Column("featured_at", sa.DateTime(timezone=True), nullable=True))
    products = sa.table(
        "products",
        sa.column("featured", sa.Boolean),
        sa.column("featured_at", sa.DateTime(timezone=True)),
        sa.column("published_at", sa.DateTime(timezone=True)),
    )
    op.execute(
        products.update()
        .where(products.c.featured.is_(True))
        .values(featured_at=products.c.published_at)
    )


# Plain ALTER TABLE (SQLite 3.35+ drops a column itself): batch mode would rebuild the table
# on SQLite and lose its search triggers.
def downgrade():
    op.drop_column("products", "featured_at")
