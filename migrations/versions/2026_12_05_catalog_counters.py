"""catalog counters: published products per facet, kept with every commit (issue #18).

``catalog_counters`` (facet, value, count) is rebuilt by ``catalog/counters.py`` before each
commit that changed a product or an enterprise; this revision creates it and fills it from the
products as they are.

Revision ID: i18_catalog_counters
Revises: i17_milestone_card
"""

import sqlalchemy as sa
from alembic import op

revision = "i18_catalog_counters"
down_revision = "i17_milestone_card"
branch_labels = None
depends_on = None

#: Nothing for an empty catalog (no "all" row: the catalog counts until the first change builds
#: the counters), so a freshly migrated database stays empty for `flask restore`.
FILL = """
INSERT INTO catalog_counters (facet, value, count)
SELECT 'all', '', count(id) FROM products WHERE status = 'approved' HAVING count(id) > 0
UNION ALL
SELECT 'category', CAST(category_id AS VARCHAR(32)), count(id) FROM products
 WHERE status = 'approved' GROUP BY category_id
UNION ALL
SELECT 'regency', COALESCE(p.origin_regency_code, e.regency_code), count(p.id)
  FROM products p JOIN enterprises e ON e.id = p.enterprise_id
 WHERE p.status = 'approved' AND COALESCE(p.origin_regency_code, e.regency_code) IS NOT NULL
 GROUP BY COALESCE(p.origin_regency_code, e.regency_code)
UNION ALL
SELECT 'verified', '1', count(p.id)
  FROM products p JOIN enterprises e ON e.id = p.enterprise_id
 WHERE p.status = 'approved' AND e.verification_status = 'verified' HAVING count(p.id) > 0
"""


def upgrade():
    op.create_table(
        "catalog_counters",
        sa.Column("facet", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("facet", "value", name=op.f("pk_catalog_counters")),
    )
    op.execute(FILL)


def downgrade():
    op.drop_table("catalog_counters")
