"""coop registry: cooperatives, their officers, members, RAT records, financial statements and
audit reports (issue #13); the roles ``examiner`` and ``coop_officer``.

Revision ID: i13_coop_registry
Revises: i14_finish_whatsapp_claim (re-chain at merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "i13_coop_registry"
down_revision = "i14_finish_whatsapp_claim"
branch_labels = None
depends_on = None

OLD_ROLES = "role IN ('buyer', 'sme', 'curator', 'admin')"
NEW_ROLES = "role IN ('buyer', 'sme', 'curator', 'admin', 'examiner', 'coop_officer')"


def _roles(check: str) -> None:
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_roles_role_known"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_user_roles_role_known"), check)


def upgrade():
    _roles(NEW_ROLES)
    op.create_table(
        "cooperatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("legal_entity_number", sa.String(length=80), nullable=True),
        sa.Column("legal_entity_date", sa.Date(), nullable=True),
        sa.Column("nik", sa.String(length=20), nullable=True),
        sa.Column("nik_issued_on", sa.Date(), nullable=True),
        sa.Column("nik_expires_on", sa.Date(), nullable=True),
        sa.Column("nib", sa.String(length=13), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("savings_loan_scope", sa.String(length=16), nullable=True),
        sa.Column("regency", sa.String(length=4), nullable=False),
        sa.Column("membership_regencies", sa.JSON(), nullable=False),
        sa.Column("business_class", sa.String(length=8), nullable=True),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("members_male", sa.Integer(), nullable=False),
        sa.Column("members_female", sa.Integer(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("assigned_examiner_id", sa.Integer(), nullable=True),
        sa.Column("health_predicate", sa.String(length=32), nullable=True),
        sa.Column("predicate_rated_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "business_class IS NULL OR business_class IN ('micro', 'small', 'medium', 'large')",
            name=op.f("ck_cooperatives_business_class_known"),
        ),
        sa.CheckConstraint(
            "health_predicate IS NULL OR health_predicate IN ('sehat', 'cukup_sehat', "
            "'dalam_pengawasan', 'dalam_pengawasan_khusus')",
            name=op.f("ck_cooperatives_health_predicate_known"),
        ),
        sa.CheckConstraint(
            "kind IN ('producer', 'consumer', 'marketing', 'services', 'savings_loan')",
            name=op.f("ck_cooperatives_kind_known"),
        ),
        sa.CheckConstraint(
            "savings_loan_scope IS NULL OR savings_loan_scope IN ('members_only', 'open_public')",
            name=op.f("ck_cooperatives_savings_loan_scope_known"),
        ),
        sa.CheckConstraint(
            "members_male >= 0 AND members_female >= 0",
            name=op.f("ck_cooperatives_members_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["assigned_examiner_id"],
            ["users.id"],
            name=op.f("fk_cooperatives_assigned_examiner_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_cooperatives_enterprise_id_enterprises"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperatives")),
        sa.UniqueConstraint("enterprise_id", name=op.f("uq_cooperatives_enterprise_id")),
    )
    with op.batch_alter_table("cooperatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cooperatives_assigned_examiner_id"),
            ["assigned_examiner_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_cooperatives_health_predicate"), ["health_predicate"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cooperatives_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_cooperatives_nik"), ["nik"], unique=False)
        batch_op.create_index(batch_op.f("ix_cooperatives_regency"), ["regency"], unique=False)

    op.create_table(
        "cooperative_audit_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("auditor", sa.String(length=160), nullable=False),
        sa.Column("opinion", sa.String(length=16), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("report_document_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_document_id"],
            ["documents.id"],
            name=op.f("fk_cooperative_audit_reports_report_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_cooperative_audit_reports_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperative_audit_reports")),
        sa.UniqueConstraint("cooperative_id", "year", name="uq_cooperative_audit_reports_year"),
    )
    with op.batch_alter_table("cooperative_audit_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cooperative_audit_reports_cooperative_id"),
            ["cooperative_id"],
            unique=False,
        )

    op.create_table(
        "cooperative_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "sex IN ('male', 'female')", name=op.f("ck_cooperative_members_sex_known")
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_cooperative_members_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_cooperative_members_enterprise_id_enterprises"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperative_members")),
    )
    with op.batch_alter_table("cooperative_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cooperative_members_cooperative_id"), ["cooperative_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cooperative_members_enterprise_id"), ["enterprise_id"], unique=False
        )

    op.create_table(
        "cooperative_officers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("position", sa.String(length=16), nullable=False),
        sa.Column("term_starts_on", sa.Date(), nullable=True),
        sa.Column("term_ends_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "position IN ('chair', 'secretary', 'treasurer', 'manager', 'supervisor')",
            name=op.f("ck_cooperative_officers_position_known"),
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_cooperative_officers_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_cooperative_officers_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cooperative_officers")),
        sa.UniqueConstraint("cooperative_id", "user_id", name="uq_cooperative_officers_user"),
    )
    with op.batch_alter_table("cooperative_officers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cooperative_officers_cooperative_id"), ["cooperative_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_cooperative_officers_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "financial_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("cash", sa.BigInteger(), nullable=False),
        sa.Column("receivables", sa.BigInteger(), nullable=False),
        sa.Column("loans_to_members", sa.BigInteger(), nullable=False),
        sa.Column("non_performing_loans", sa.BigInteger(), nullable=False),
        sa.Column("other_current_assets", sa.BigInteger(), nullable=False),
        sa.Column("fixed_assets", sa.BigInteger(), nullable=False),
        sa.Column("current_liabilities", sa.BigInteger(), nullable=False),
        sa.Column("long_term_liabilities", sa.BigInteger(), nullable=False),
        sa.Column("member_equity", sa.BigInteger(), nullable=False),
        sa.Column("reserves", sa.BigInteger(), nullable=False),
        sa.Column("other_equity", sa.BigInteger(), nullable=False),
        sa.Column("revenue", sa.BigInteger(), nullable=False),
        sa.Column("operating_costs", sa.BigInteger(), nullable=False),
        sa.Column("interest_costs", sa.BigInteger(), nullable=False),
        sa.Column("surplus", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'submitted')", name=op.f("ck_financial_statements_status_known")
        ),
        sa.CheckConstraint(
            "cash >= 0 AND receivables >= 0 AND loans_to_members >= 0 "
            "AND non_performing_loans >= 0 AND other_current_assets >= 0 AND fixed_assets >= 0 "
            "AND current_liabilities >= 0 AND long_term_liabilities >= 0 AND member_equity >= 0 "
            "AND reserves >= 0 AND revenue >= 0 AND operating_costs >= 0 AND interest_costs >= 0",
            name=op.f("ck_financial_statements_amounts_not_negative"),
        ),
        sa.CheckConstraint(
            "non_performing_loans <= loans_to_members",
            name=op.f("ck_financial_statements_npl_within_loans"),
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_financial_statements_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financial_statements")),
        sa.UniqueConstraint(
            "cooperative_id", "year", name="uq_financial_statements_cooperative_year"
        ),
    )
    with op.batch_alter_table("financial_statements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_financial_statements_cooperative_id"), ["cooperative_id"], unique=False
        )

    op.create_table(
        "rat_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("attendance", sa.Integer(), nullable=True),
        sa.Column("minutes_document_id", sa.Integer(), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "attendance IS NULL OR attendance >= 0",
            name=op.f("ck_rat_records_attendance_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["minutes_document_id"],
            ["documents.id"],
            name=op.f("fk_rat_records_minutes_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_rat_records_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rat_records")),
        sa.UniqueConstraint("cooperative_id", "year", name="uq_rat_records_cooperative_year"),
    )
    with op.batch_alter_table("rat_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rat_records_cooperative_id"), ["cooperative_id"], unique=False
        )


def downgrade():
    op.execute("DELETE FROM user_roles WHERE role IN ('examiner', 'coop_officer')")
    _roles(OLD_ROLES)
    with op.batch_alter_table("rat_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rat_records_cooperative_id"))

    op.drop_table("rat_records")
    with op.batch_alter_table("financial_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_financial_statements_cooperative_id"))

    op.drop_table("financial_statements")
    with op.batch_alter_table("cooperative_officers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperative_officers_user_id"))
        batch_op.drop_index(batch_op.f("ix_cooperative_officers_cooperative_id"))

    op.drop_table("cooperative_officers")
    with op.batch_alter_table("cooperative_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperative_members_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_cooperative_members_cooperative_id"))

    op.drop_table("cooperative_members")
    with op.batch_alter_table("cooperative_audit_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperative_audit_reports_cooperative_id"))

    op.drop_table("cooperative_audit_reports")
    with op.batch_alter_table("cooperatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cooperatives_regency"))
        batch_op.drop_index(batch_op.f("ix_cooperatives_nik"))
        batch_op.drop_index(batch_op.f("ix_cooperatives_kind"))
        batch_op.drop_index(batch_op.f("ix_cooperatives_health_predicate"))
        batch_op.drop_index(batch_op.f("ix_cooperatives_assigned_examiner_id"))

    op.drop_table("cooperatives")
