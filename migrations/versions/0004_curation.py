"""curation: revisions of published listings and their events, review decisions (append-only),
claims, reason codes, limits, the SME inbox and legal-identity documents.

Revision ID: 0004_curation
Revises: 0003_search
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_curation"
down_revision = "0003_search"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "curation_reason_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label_indonesian", sa.String(length=200), nullable=False),
        sa.Column("label_english", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("applies_to", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "applies_to IN ('any', 'changes_requested', 'rejected', 'suspended')",
            name=op.f("ck_curation_reason_codes_scope_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_curation_reason_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_curation_reason_codes_code")),
    )
    op.create_table(
        "curation_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("price_change_percent", sa.Integer(), nullable=False),
        sa.Column("stock_change_limit", sa.Integer(), nullable=True),
        sa.Column("claim_minutes", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "claim_minutes BETWEEN 1 AND 480", name=op.f("ck_curation_settings_claim_minutes_range")
        ),
        sa.CheckConstraint(
            "price_change_percent BETWEEN 0 AND 100",
            name=op.f("ck_curation_settings_price_percent_range"),
        ),
        sa.CheckConstraint(
            "stock_change_limit IS NULL OR stock_change_limit >= 0",
            name=op.f("ck_curation_settings_stock_limit_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_curation_settings_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_curation_settings")),
    )
    op.create_table(
        "curation_identity_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('nib', 'npwp')", name=op.f("ck_curation_identity_documents_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_curation_identity_documents_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_curation_identity_documents_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_curation_identity_documents_uploaded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_curation_identity_documents")),
    )
    with op.batch_alter_table("curation_identity_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_curation_identity_documents_enterprise_id"),
            ["enterprise_id"],
            unique=False,
        )

    op.create_table(
        "curation_claims",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("curator_id", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["curator_id"],
            ["users.id"],
            name=op.f("fk_curation_claims_curator_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_curation_claims_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_curation_claims")),
    )
    with op.batch_alter_table("curation_claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_curation_claims_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "product_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("base_data", sa.JSON(), nullable=False),
        sa.Column("base_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'changes_requested', 'approved', 'rejected', 'withdrawn', "
            "'auto_approved')",
            name=op.f("ck_product_revisions_status_known"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_product_revisions_version_positive")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_product_revisions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_revisions_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_revisions")),
        sa.UniqueConstraint("product_id", "number", name="uq_product_revisions_product_number"),
    )
    with op.batch_alter_table("product_revisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_revisions_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_product_revisions_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_product_revisions_one_open",
            ["product_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('pending', 'changes_requested')"),
            postgresql_where=sa.text("status IN ('pending', 'changes_requested')"),
        )

    op.create_table(
        "curation_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("curator_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("reason_codes", sa.JSON(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("field_notes", sa.JSON(), nullable=False),
        sa.Column("content_version", sa.String(length=64), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("regency_code", sa.String(length=4), nullable=True),
        sa.CheckConstraint(
            "decision IN ('approved', 'changes_requested', 'rejected', 'suspended', 'reinstated')",
            name=op.f("ck_curation_reviews_decision_known"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_curation_reviews_category_id_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["curator_id"], ["users.id"], name=op.f("fk_curation_reviews_curator_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_curation_reviews_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["product_revisions.id"],
            name=op.f("fk_curation_reviews_revision_id_product_revisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_curation_reviews")),
    )
    with op.batch_alter_table("curation_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_curation_reviews_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            "ix_curation_reviews_curator_created", ["curator_id", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_curation_reviews_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "product_revision_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "to_status IN ('pending', 'changes_requested', 'approved', 'rejected', 'withdrawn', "
            "'auto_approved')",
            name=op.f("ck_product_revision_events_to_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_product_revision_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["product_revisions.id"],
            name=op.f("fk_product_revision_events_revision_id_product_revisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_revision_events")),
    )
    with op.batch_alter_table("product_revision_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_revision_events_revision_id"), ["revision_id"], unique=False
        )

    op.create_table(
        "curation_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_curation_notifications_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_curation_notifications_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["curation_reviews.id"],
            name=op.f("fk_curation_notifications_review_id_curation_reviews"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_curation_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_curation_notifications")),
    )
    with op.batch_alter_table("curation_notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_curation_notifications_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_curation_notifications_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(
            "ix_curation_notifications_user_read", ["user_id", "read_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("curation_notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_curation_notifications_user_read")
        batch_op.drop_index(batch_op.f("ix_curation_notifications_product_id"))
        batch_op.drop_index(batch_op.f("ix_curation_notifications_enterprise_id"))
    op.drop_table("curation_notifications")
    with op.batch_alter_table("product_revision_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_revision_events_revision_id"))
    op.drop_table("product_revision_events")
    with op.batch_alter_table("curation_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curation_reviews_product_id"))
        batch_op.drop_index("ix_curation_reviews_curator_created")
        batch_op.drop_index(batch_op.f("ix_curation_reviews_created_at"))
    op.drop_table("curation_reviews")
    with op.batch_alter_table("product_revisions", schema=None) as batch_op:
        batch_op.drop_index("uq_product_revisions_one_open")
        batch_op.drop_index(batch_op.f("ix_product_revisions_status"))
        batch_op.drop_index(batch_op.f("ix_product_revisions_product_id"))
    op.drop_table("product_revisions")
    with op.batch_alter_table("curation_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curation_claims_expires_at"))
    op.drop_table("curation_claims")
    with op.batch_alter_table("curation_identity_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_curation_identity_documents_enterprise_id"))
    op.drop_table("curation_identity_documents")
    op.drop_table("curation_settings")
    op.drop_table("curation_reason_codes")
