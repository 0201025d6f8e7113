"""checkout: one order per cart state (carts.checkout_version, orders.cart_id and
cart_checkout_version, unique together); shipping rates continue per kg above the top band
(shipping_rates.extra_kg_price_idr).

Revision ID: i11_checkout_lock
Revises: i11_upload_quotas
"""

import sqlalchemy as sa
from alembic import op

revision = "i11_checkout_lock"
down_revision = "i11_upload_quotas"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("carts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checkout_version", sa.Integer(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cart_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cart_checkout_version", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_orders_cart_id_carts"), "carts", ["cart_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_orders_cart_checkout"), ["cart_id", "cart_checkout_version"]
        )

    with op.batch_alter_table("shipping_rates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extra_kg_price_idr", sa.BigInteger(), server_default="0", nullable=False)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_shipping_rates_extra_kg_price_not_negative"), "extra_kg_price_idr >= 0"
        )


def downgrade():
    with op.batch_alter_table("shipping_rates", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_shipping_rates_extra_kg_price_not_negative"), type_="check"
        )
        batch_op.drop_column("extra_kg_price_idr")

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_orders_cart_checkout"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_orders_cart_id_carts"), type_="foreignkey")
        batch_op.drop_column("cart_checkout_version")
        batch_op.drop_column("cart_id")

    with op.batch_alter_table("carts", schema=None) as batch_op:
        batch_op.drop_column("checkout_version")
