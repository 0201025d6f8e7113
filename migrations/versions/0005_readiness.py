"""readiness: checklist templates and items, answers and their events, settings, grade cache
and history, destination rules, clinic sessions and follow-ups.

Revision ID: 0005_readiness
Revises: 0004_curation
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_readiness"
down_revision = "0004_curation"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "readiness_destination_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("market", sa.String(length=16), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("hs_prefix", sa.String(length=10), nullable=True),
        sa.Column("document_code", sa.String(length=40), nullable=False),
        sa.Column("title_english", sa.String(length=200), nullable=False),
        sa.Column("title_indonesian", sa.String(length=200), nullable=False),
        sa.Column("note_english", sa.Text(), nullable=False),
        sa.Column("note_indonesian", sa.Text(), nullable=False),
        sa.Column("issuing_body", sa.String(length=200), nullable=False),
        sa.Column("item_code", sa.String(length=64), nullable=True),
        sa.Column("per_shipment", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "market IN ('all', 'asean', 'china', 'korea', 'japan', 'india', 'australia', 'eu', 'uk', 'usa', 'middle_east')",
            name=op.f("ck_readiness_destination_rules_market_known"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_readiness_destination_rules_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_destination_rules")),
    )

    with op.batch_alter_table("readiness_destination_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_destination_rules_market"), ["market"], unique=False
        )

    op.create_table(
        "readiness_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grade_a_min", sa.Integer(), nullable=False),
        sa.Column("grade_b_min", sa.Integer(), nullable=False),
        sa.Column("grade_c_min", sa.Integer(), nullable=False),
        sa.Column("weight_legal", sa.Integer(), nullable=False),
        sa.Column("weight_capacity", sa.Integer(), nullable=False),
        sa.Column("weight_product", sa.Integer(), nullable=False),
        sa.Column("weight_commercial", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "grade_c_min >= 0 AND grade_c_min < grade_b_min AND grade_b_min < grade_a_min AND grade_a_min <= 100",
            name=op.f("ck_readiness_settings_thresholds_ordered"),
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_readiness_settings_single_row")),
        sa.CheckConstraint(
            "weight_legal >= 0 AND weight_capacity >= 0 AND weight_product >= 0 AND weight_commercial >= 0 AND weight_legal + weight_capacity + weight_product + weight_commercial > 0",
            name=op.f("ck_readiness_settings_weights_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_readiness_settings_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_settings")),
    )

    op.create_table(
        "readiness_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'retired')",
            name=op.f("ck_readiness_templates_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_readiness_templates_published_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_templates")),
        sa.UniqueConstraint("version", name=op.f("uq_readiness_templates_version")),
    )

    op.create_table(
        "readiness_clinic_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("curator_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["curator_id"], ["users.id"], name=op.f("fk_readiness_clinic_sessions_curator_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_readiness_clinic_sessions_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_clinic_sessions")),
    )

    with op.batch_alter_table("readiness_clinic_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_clinic_sessions_curator_id"), ["curator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_clinic_sessions_enterprise_id"),
            ["enterprise_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_clinic_sessions_held_on"), ["held_on"], unique=False
        )

    op.create_table(
        "readiness_enterprise_grades",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "grade IN ('A', 'B', 'C', 'D')", name=op.f("ck_readiness_enterprise_grades_grade_known")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_readiness_enterprise_grades_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enterprise_id", name=op.f("pk_readiness_enterprise_grades")),
    )

    op.create_table(
        "readiness_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("pillar", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_english", sa.String(length=200), nullable=False),
        sa.Column("title_indonesian", sa.String(length=200), nullable=False),
        sa.Column("guidance_english", sa.Text(), nullable=False),
        sa.Column("guidance_indonesian", sa.Text(), nullable=False),
        sa.Column("next_step_english", sa.Text(), nullable=False),
        sa.Column("next_step_indonesian", sa.Text(), nullable=False),
        sa.Column("issuing_body", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("needs_document", sa.Boolean(), nullable=False),
        sa.Column("needs_number", sa.Boolean(), nullable=False),
        sa.Column("needs_expiry", sa.Boolean(), nullable=False),
        sa.Column("number_format", sa.String(length=20), nullable=True),
        sa.Column("typical_days", sa.Integer(), nullable=True),
        sa.Column("typical_cost_idr", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "pillar IN ('legal', 'capacity', 'product', 'commercial')",
            name=op.f("ck_readiness_items_pillar_known"),
        ),
        sa.CheckConstraint(
            "scope IN ('enterprise', 'product')", name=op.f("ck_readiness_items_scope_known")
        ),
        sa.CheckConstraint(
            "typical_cost_idr IS NULL OR typical_cost_idr >= 0",
            name=op.f("ck_readiness_items_cost_positive"),
        ),
        sa.CheckConstraint(
            "typical_days IS NULL OR typical_days >= 0",
            name=op.f("ck_readiness_items_days_positive"),
        ),
        sa.CheckConstraint("weight BETWEEN 1 AND 10", name=op.f("ck_readiness_items_weight_range")),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["readiness_templates.id"],
            name=op.f("fk_readiness_items_template_id_readiness_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_items")),
        sa.UniqueConstraint("template_id", "code", name="uq_readiness_items_template_code"),
    )

    with op.batch_alter_table("readiness_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_items_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "readiness_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("certificate_number", sa.String(length=60), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("curator_note", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded_60_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_30_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('missing', 'declared', 'submitted', 'verified', 'rejected', 'expired')",
            name=op.f("ck_readiness_answers_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_readiness_answers_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_readiness_answers_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["readiness_items.id"],
            name=op.f("fk_readiness_answers_item_id_readiness_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_readiness_answers_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_readiness_answers_reviewed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_answers")),
    )

    with op.batch_alter_table("readiness_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_answers_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_answers_expires_on"), ["expires_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_readiness_answers_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_readiness_answers_product_id"), ["product_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_readiness_answers_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_readiness_answers_submitted_at"), ["submitted_at"], unique=False
        )
        batch_op.create_index(
            "uq_readiness_answers_enterprise_item",
            ["item_id", "enterprise_id"],
            unique=True,
            sqlite_where=sa.text("product_id IS NULL"),
            postgresql_where=sa.text("product_id IS NULL"),
        )
        batch_op.create_index(
            "uq_readiness_answers_product_item",
            ["item_id", "product_id"],
            unique=True,
            sqlite_where=sa.text("product_id IS NOT NULL"),
            postgresql_where=sa.text("product_id IS NOT NULL"),
        )

    op.create_table(
        "readiness_clinic_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("overdue_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["done_by_id"],
            ["users.id"],
            name=op.f("fk_readiness_clinic_follow_ups_done_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["readiness_clinic_sessions.id"],
            name=op.f("fk_readiness_clinic_follow_ups_session_id_readiness_clinic_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_clinic_follow_ups")),
    )

    with op.batch_alter_table("readiness_clinic_follow_ups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_clinic_follow_ups_due_on"), ["due_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_clinic_follow_ups_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "readiness_grade_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("from_grade", sa.String(length=1), nullable=True),
        sa.Column("to_grade", sa.String(length=1), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "to_grade IN ('A', 'B', 'C', 'D')", name=op.f("ck_readiness_grade_changes_grade_known")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_readiness_grade_changes_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_readiness_grade_changes_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_grade_changes")),
    )

    with op.batch_alter_table("readiness_grade_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_grade_changes_changed_at"), ["changed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_grade_changes_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_grade_changes_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "readiness_item_categories",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_readiness_item_categories_category_id_categories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["readiness_items.id"],
            name=op.f("fk_readiness_item_categories_item_id_readiness_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "item_id", "category_id", name=op.f("pk_readiness_item_categories")
        ),
    )

    op.create_table(
        "readiness_product_grades",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "grade IN ('A', 'B', 'C', 'D')", name=op.f("ck_readiness_product_grades_grade_known")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_readiness_product_grades_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_readiness_product_grades_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_readiness_product_grades")),
    )

    with op.batch_alter_table("readiness_product_grades", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_product_grades_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_product_grades_grade"), ["grade"], unique=False
        )

    op.create_table(
        "readiness_answer_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "to_state IN ('missing', 'declared', 'submitted', 'verified', 'rejected', 'expired')",
            name=op.f("ck_readiness_answer_events_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_readiness_answer_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["readiness_answers.id"],
            name=op.f("fk_readiness_answer_events_answer_id_readiness_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_answer_events")),
    )

    with op.batch_alter_table("readiness_answer_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_answer_events_answer_id"), ["answer_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_answer_events_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_answer_events_to_state"), ["to_state"], unique=False
        )


def downgrade():
    # Dropping a table drops its indexes too.
    op.drop_table("readiness_answer_events")
    op.drop_table("readiness_product_grades")
    op.drop_table("readiness_item_categories")
    op.drop_table("readiness_grade_changes")
    op.drop_table("readiness_clinic_follow_ups")
    op.drop_table("readiness_answers")
    op.drop_table("readiness_items")
    op.drop_table("readiness_enterprise_grades")
    op.drop_table("readiness_clinic_sessions")
    op.drop_table("readiness_templates")
    op.drop_table("readiness_settings")
    op.drop_table("readiness_destination_rules")
