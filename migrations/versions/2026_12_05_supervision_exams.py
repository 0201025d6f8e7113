"""supervision exams: versioned worksheet templates and items, examinations with their answers,
the examiner's field saves (applied once) and health certificates (issue #13).

Revision ID: i13_supervision_exams
Revises: i13_coop_registry (it has foreign keys to ``cooperatives``; re-chain at merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "i13_supervision_exams"
down_revision = "i13_coop_registry"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "worksheet_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("cutoffs", sa.JSON(), nullable=False),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('kkpkk', 'ksp_legacy')", name=op.f("ck_worksheet_templates_kind_known")
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'retired')",
            name=op.f("ck_worksheet_templates_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["worksheet_templates.id"],
            name=op.f("fk_worksheet_templates_based_on_id_worksheet_templates"),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["users.id"],
            name=op.f("fk_worksheet_templates_confirmed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_worksheet_templates_published_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worksheet_templates")),
        sa.UniqueConstraint("kind", "version", name="uq_worksheet_templates_kind_version"),
    )
    op.create_table(
        "worksheet_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("aspect", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text_id", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("ratio_key", sa.String(length=32), nullable=True),
        sa.Column("bands", sa.JSON(), nullable=True),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("legal_source", sa.String(length=300), nullable=False),
        sa.Column("self_assessable", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(kind = 'ratio') = (ratio_key IS NOT NULL)",
            name=op.f("ck_worksheet_items_ratio_has_key"),
        ),
        sa.CheckConstraint(
            "aspect IN ('tata_kelola', 'profil_risiko', 'kinerja_keuangan', 'permodalan', "
            "'kualitas_aktiva_produktif', 'manajemen', 'efisiensi', 'likuiditas', "
            "'kemandirian_pertumbuhan', 'jatidiri')",
            name=op.f("ck_worksheet_items_aspect_known"),
        ),
        sa.CheckConstraint(
            "kind IN ('yes_no', 'ratio')", name=op.f("ck_worksheet_items_kind_known")
        ),
        sa.CheckConstraint(
            "ratio_key IS NULL OR ratio_key IN ('current_ratio', 'equity_to_assets', "
            "'debt_to_equity', 'npl_ratio', 'return_on_assets', 'operating_ratio', "
            "'loan_to_deposit')",
            name=op.f("ck_worksheet_items_ratio_key_known"),
        ),
        sa.CheckConstraint(
            "weight BETWEEN 0 AND 100", name=op.f("ck_worksheet_items_weight_range")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["worksheet_templates.id"],
            name=op.f("fk_worksheet_items_template_id_worksheet_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worksheet_items")),
        sa.UniqueConstraint("template_id", "code", name="uq_worksheet_items_template_code"),
    )
    with op.batch_alter_table("worksheet_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_worksheet_items_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "examinations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("examiner_id", sa.Integer(), nullable=True),
        sa.Column("total_score", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("predicate", sa.String(length=32), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finalised_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finalised_by_id", sa.Integer(), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("visit_place", sa.String(length=300), nullable=False),
        sa.Column("present", sa.Text(), nullable=False),
        sa.Column("conclusions", sa.Text(), nullable=False),
        sa.Column("recommendations", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('routine', 'special')", name=op.f("ck_examinations_kind_known")
        ),
        sa.CheckConstraint(
            "predicate IS NULL OR predicate IN ('sehat', 'cukup_sehat', 'dalam_pengawasan', "
            "'dalam_pengawasan_khusus')",
            name=op.f("ck_examinations_predicate_known"),
        ),
        sa.CheckConstraint(
            "status IN ('self_assessment', 'submitted', 'in_review', 'finalised')",
            name=op.f("ck_examinations_status_known"),
        ),
        sa.CheckConstraint(
            "total_score IS NULL OR (total_score >= 0 AND total_score <= 100)",
            name=op.f("ck_examinations_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_examinations_cooperative_id_cooperatives"),
        ),
        sa.ForeignKeyConstraint(
            ["examiner_id"], ["users.id"], name=op.f("fk_examinations_examiner_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["finalised_by_id"], ["users.id"], name=op.f("fk_examinations_finalised_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["worksheet_templates.id"],
            name=op.f("fk_examinations_template_id_worksheet_templates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_examinations")),
    )
    with op.batch_alter_table("examinations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_examinations_cooperative_id"), ["cooperative_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_examinations_examiner_id"), ["examiner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_examinations_template_id"), ["template_id"], unique=False
        )
        batch_op.create_index(
            "uq_examinations_routine_year",
            ["cooperative_id", "year"],
            unique=True,
            sqlite_where=sa.text("kind = 'routine'"),
            postgresql_where=sa.text("kind = 'routine'"),
        )

    op.create_table(
        "examination_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("examination_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("answer", sa.String(length=3), nullable=True),
        sa.Column("self_answer", sa.String(length=3), nullable=True),
        sa.Column("value", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("examiner_note", sa.Text(), nullable=False),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "answer IS NULL OR answer IN ('yes', 'no')",
            name=op.f("ck_examination_answers_answer_known"),
        ),
        sa.CheckConstraint(
            "self_answer IS NULL OR self_answer IN ('yes', 'no')",
            name=op.f("ck_examination_answers_self_answer_known"),
        ),
        sa.CheckConstraint(
            "score IS NULL OR score BETWEEN 1 AND 4",
            name=op.f("ck_examination_answers_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["documents.id"],
            name=op.f("fk_examination_answers_evidence_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["examination_id"],
            ["examinations.id"],
            name=op.f("fk_examination_answers_examination_id_examinations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["worksheet_items.id"],
            name=op.f("fk_examination_answers_item_id_worksheet_items"),
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["users.id"],
            name=op.f("fk_examination_answers_verified_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_examination_answers")),
        sa.UniqueConstraint("examination_id", "item_id", name="uq_examination_answers_item"),
    )
    with op.batch_alter_table("examination_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_examination_answers_examination_id"), ["examination_id"], unique=False
        )

    op.create_table(
        "examination_field_saves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("examination_id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("examiner_id", sa.Integer(), nullable=True),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "revision >= 1", name=op.f("ck_examination_field_saves_revision_positive")
        ),
        sa.ForeignKeyConstraint(
            ["examination_id"],
            ["examinations.id"],
            name=op.f("fk_examination_field_saves_examination_id_examinations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["examiner_id"], ["users.id"], name=op.f("fk_examination_field_saves_examiner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_examination_field_saves")),
        sa.UniqueConstraint(
            "examination_id", "draft_id", "revision", name="uq_examination_field_saves_revision"
        ),
    )
    with op.batch_alter_table("examination_field_saves", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_examination_field_saves_examination_id"),
            ["examination_id"],
            unique=False,
        )

    op.create_table(
        "health_certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("examination_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("predicate", sa.String(length=32), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "predicate IN ('sehat', 'cukup_sehat')",
            name=op.f("ck_health_certificates_predicate_certifiable"),
        ),
        sa.CheckConstraint(
            "valid_until >= issued_on", name=op.f("ck_health_certificates_valid_after_issue")
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_health_certificates_cooperative_id_cooperatives"),
        ),
        sa.ForeignKeyConstraint(
            ["examination_id"],
            ["examinations.id"],
            name=op.f("fk_health_certificates_examination_id_examinations"),
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_health_certificates_issued_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"], ["users.id"], name=op.f("fk_health_certificates_revoked_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_certificates")),
        sa.UniqueConstraint("code", name=op.f("uq_health_certificates_code")),
        sa.UniqueConstraint("examination_id", name=op.f("uq_health_certificates_examination_id")),
        sa.UniqueConstraint("number", name=op.f("uq_health_certificates_number")),
    )
    with op.batch_alter_table("health_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_health_certificates_cooperative_id"), ["cooperative_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("health_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_certificates_cooperative_id"))

    op.drop_table("health_certificates")
    with op.batch_alter_table("examination_field_saves", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_examination_field_saves_examination_id"))

    op.drop_table("examination_field_saves")
    with op.batch_alter_table("examination_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_examination_answers_examination_id"))

    op.drop_table("examination_answers")
    with op.batch_alter_table("examinations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_examinations_routine_year",
            sqlite_where=sa.text("kind = 'routine'"),
            postgresql_where=sa.text("kind = 'routine'"),
        )
        batch_op.drop_index(batch_op.f("ix_examinations_template_id"))
        batch_op.drop_index(batch_op.f("ix_examinations_examiner_id"))
        batch_op.drop_index(batch_op.f("ix_examinations_cooperative_id"))

    op.drop_table("examinations")
    with op.batch_alter_table("worksheet_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_worksheet_items_template_id"))

    op.drop_table("worksheet_items")
    op.drop_table("worksheet_templates")
