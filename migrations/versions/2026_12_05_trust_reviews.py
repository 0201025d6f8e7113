"""trust: reviews of received order lines (photos, reports), favourite lists with share links,
monthly repeat orders and their drafts (issue #17, h17a).

Revision ID: i17_trust_reviews
Revises: i13_coop_registry
"""

import sqlalchemy as sa
from alembic import op

revision = "i17_trust_reviews"
down_revision = "i13_coop_registry"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "favourite_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("share_token", sa.String(length=43), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["users.id"],
            name=op.f("fk_favourite_lists_owner_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_favourite_lists")),
        sa.UniqueConstraint("share_token", name=op.f("uq_favourite_lists_share_token")),
    )
    with op.batch_alter_table("favourite_lists", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_favourite_lists_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(
            "uq_favourite_lists_default",
            ["owner_id"],
            unique=True,
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )

    op.create_table(
        "favourite_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(product_id IS NULL AND enterprise_id IS NOT NULL) OR (product_id IS NOT NULL AND enterprise_id IS NULL)",
            name=op.f("ck_favourite_items_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_favourite_items_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["favourite_lists.id"],
            name=op.f("fk_favourite_items_list_id_favourite_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_favourite_items_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_favourite_items")),
        sa.UniqueConstraint("list_id", "enterprise_id", name="uq_favourite_items_list_enterprise"),
        sa.UniqueConstraint("list_id", "product_id", name="uq_favourite_items_list_product"),
    )
    with op.batch_alter_table("favourite_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_favourite_items_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_favourite_items_list_id"), ["list_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_favourite_items_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "repeat_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("source_order_id", sa.Integer(), nullable=False),
        sa.Column("day_of_month", sa.Integer(), nullable=False),
        sa.Column("next_run_on", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "day_of_month BETWEEN 1 AND 28", name=op.f("ck_repeat_orders_day_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["buyer_id"],
            ["users.id"],
            name=op.f("fk_repeat_orders_buyer_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_order_id"],
            ["orders.id"],
            name=op.f("fk_repeat_orders_source_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repeat_orders")),
        sa.UniqueConstraint("buyer_id", "source_order_id", name="uq_repeat_orders_buyer_source"),
    )
    with op.batch_alter_table("repeat_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_repeat_orders_buyer_id"), ["buyer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_repeat_orders_next_run_on"), ["next_run_on"], unique=False
        )

    op.create_table(
        "repeat_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repeat_order_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('waiting', 'confirmed', 'skipped')",
            name=op.f("ck_repeat_drafts_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["repeat_order_id"],
            ["repeat_orders.id"],
            name=op.f("fk_repeat_drafts_repeat_order_id_repeat_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repeat_drafts")),
        sa.UniqueConstraint("repeat_order_id", "due_on", name="uq_repeat_drafts_repeat_due"),
    )
    with op.batch_alter_table("repeat_drafts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_repeat_drafts_repeat_order_id"), ["repeat_order_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_repeat_drafts_status"), ["status"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("buyer_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("quality", sa.SmallInteger(), nullable=False),
        sa.Column("accuracy", sa.SmallInteger(), nullable=False),
        sa.Column("packaging", sa.SmallInteger(), nullable=False),
        sa.Column("communication", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('published', 'hidden')", name=op.f("ck_reviews_status_known")
        ),
        sa.CheckConstraint("accuracy BETWEEN 1 AND 5", name=op.f("ck_reviews_accuracy_in_range")),
        sa.CheckConstraint(
            "communication BETWEEN 1 AND 5", name=op.f("ck_reviews_communication_in_range")
        ),
        sa.CheckConstraint("packaging BETWEEN 1 AND 5", name=op.f("ck_reviews_packaging_in_range")),
        sa.CheckConstraint("quality BETWEEN 1 AND 5", name=op.f("ck_reviews_quality_in_range")),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_reviews_answered_by_id_users")
        ),
        sa.ForeignKeyConstraint(["buyer_id"], ["users.id"], name=op.f("fk_reviews_buyer_id_users")),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprises.id"], name=op.f("fk_reviews_enterprise_id_enterprises")
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_lines.id"],
            name=op.f("fk_reviews_order_line_id_order_lines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_reviews_product_id_products"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("order_line_id", name=op.f("uq_reviews_order_line_id")),
    )
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_buyer_id"), ["buyer_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reviews_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reviews_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reviews_status"), ["status"], unique=False)

    op.create_table(
        "review_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("original_key", sa.String(length=255), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("variants", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name=op.f("fk_review_photos_review_id_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_photos")),
    )
    with op.batch_alter_table("review_photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_photos_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'upheld', 'dismissed')", name=op.f("ck_review_reports_status_known")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_review_reports_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"], ["users.id"], name=op.f("fk_review_reports_reporter_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["reviews.id"],
            name=op.f("fk_review_reports_review_id_reviews"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reports")),
        sa.UniqueConstraint("review_id", "reporter_id", name="uq_review_reports_review_reporter"),
    )
    with op.batch_alter_table("review_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_reports_review_id"), ["review_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_review_reports_status"), ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("review_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_reports_status"))
        batch_op.drop_index(batch_op.f("ix_review_reports_review_id"))

    op.drop_table("review_reports")
    with op.batch_alter_table("review_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_photos_review_id"))

    op.drop_table("review_photos")
    with op.batch_alter_table("reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reviews_status"))
        batch_op.drop_index(batch_op.f("ix_reviews_product_id"))
        batch_op.drop_index(batch_op.f("ix_reviews_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_reviews_buyer_id"))

    op.drop_table("reviews")
    with op.batch_alter_table("repeat_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repeat_drafts_status"))
        batch_op.drop_index(batch_op.f("ix_repeat_drafts_repeat_order_id"))

    op.drop_table("repeat_drafts")
    with op.batch_alter_table("repeat_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repeat_orders_next_run_on"))
        batch_op.drop_index(batch_op.f("ix_repeat_orders_buyer_id"))

    op.drop_table("repeat_orders")
    with op.batch_alter_table("favourite_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_favourite_items_product_id"))
        batch_op.drop_index(batch_op.f("ix_favourite_items_list_id"))
        batch_op.drop_index(batch_op.f("ix_favourite_items_enterprise_id"))

    op.drop_table("favourite_items")
    with op.batch_alter_table("favourite_lists", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_favourite_lists_default",
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )
        batch_op.drop_index(batch_op.f("ix_favourite_lists_owner_id"))

    op.drop_table("favourite_lists")
