"""supervision cases: the risk-ranked plan, examiner capacities, complaints, special inspections
(bedah koperasi) with team, findings, recommendations, visits and sanctions, the sanction ladder,
settings and sent reminders; ``examinations.special_case_id`` (issue #13, h13c).

Revision ID: i13_supervision_cases
Revises: i17_wholesale
"""

from alembic import op
import sqlalchemy as sa


revision = "i13_supervision_cases"
down_revision = "i17_wholesale"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "supervision_reminders_sent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_reminders_sent")),
        sa.UniqueConstraint("key", name="reminder_once"),
    )
    op.create_table(
        "supervision_sanction_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("response_days", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('written_warning', 'restriction', 'dissolution')",
            name=op.f("ck_supervision_sanction_steps_kind_known"),
        ),
        sa.CheckConstraint(
            "position >= 1", name=op.f("ck_supervision_sanction_steps_position_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_sanction_steps")),
        sa.UniqueConstraint("position", name="one_step_per_position"),
    )
    op.create_table(
        "supervision_examiner_capacities",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "capacity >= 0", name=op.f("ck_supervision_examiner_capacities_capacity_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_supervision_examiner_capacities_updated_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_supervision_examiner_capacities_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_supervision_examiner_capacities")),
    )
    op.create_table(
        "supervision_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("built_by_id", sa.Integer(), nullable=True),
        sa.Column("built_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["built_by_id"], ["users.id"], name=op.f("fk_supervision_plans_built_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_plans")),
        sa.UniqueConstraint("year", name=op.f("uq_supervision_plans_year")),
    )
    op.create_table(
        "supervision_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pool_min_predicate", sa.String(length=32), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_supervision_settings_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_settings")),
    )
    op.create_table(
        "supervision_complaints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("logged_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_supervision_complaints_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_id"],
            ["users.id"],
            name=op.f("fk_supervision_complaints_logged_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_complaints")),
    )
    with op.batch_alter_table("supervision_complaints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_complaints_cooperative_id"), ["cooperative_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_complaints_received_on"), ["received_on"], unique=False
        )

    op.create_table(
        "supervision_plan_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("risk_score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("examiner_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "risk_score >= 0", name=op.f("ck_supervision_plan_entries_risk_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_supervision_plan_entries_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["examiner_id"],
            ["users.id"],
            name=op.f("fk_supervision_plan_entries_examiner_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["supervision_plans.id"],
            name=op.f("fk_supervision_plan_entries_plan_id_supervision_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_plan_entries")),
        sa.UniqueConstraint("plan_id", "cooperative_id", name="one_entry_per_cooperative"),
    )
    with op.batch_alter_table("supervision_plan_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supervision_plan_entries_cooperative_id"),
            ["cooperative_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_plan_entries_examiner_id"), ["examiner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_supervision_plan_entries_plan_id"), ["plan_id"], unique=False
        )

    op.create_table(
        "special_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperative_id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=24), nullable=False),
        sa.Column("trigger_note", sa.Text(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("recovery_plan", sa.Text(), nullable=False),
        sa.Column("recovery_agreed_on", sa.Date(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('diagnosis', 'recovery', 'closed')",
            name=op.f("ck_special_cases_status_known"),
        ),
        sa.CheckConstraint(
            "trigger IN ('complaint', 'missed_rat', 'special_supervision', 'referral')",
            name=op.f("ck_special_cases_trigger_known"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["supervision_complaints.id"],
            name=op.f("fk_special_cases_complaint_id_supervision_complaints"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cooperative_id"],
            ["cooperatives.id"],
            name=op.f("fk_special_cases_cooperative_id_cooperatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_special_cases_opened_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_cases")),
    )
    with op.batch_alter_table("special_cases", schema=None) as batch_op:
        batch_op.create_index("ix_special_cases_open", ["cooperative_id", "status"], unique=False)

    op.create_table(
        "special_case_findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("track", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "track IN ('organisation', 'business', 'finance')",
            name=op.f("ck_special_case_findings_track_known"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["special_cases.id"],
            name=op.f("fk_special_case_findings_case_id_special_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_special_case_findings_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["documents.id"],
            name=op.f("fk_special_case_findings_evidence_id_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_case_findings")),
    )
    with op.batch_alter_table("special_case_findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_special_case_findings_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "special_case_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('examiner', 'expert')", name=op.f("ck_special_case_members_role_known")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["special_cases.id"],
            name=op.f("fk_special_case_members_case_id_special_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_special_case_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_case_members")),
        sa.UniqueConstraint("case_id", "user_id", name="one_seat_per_person"),
    )
    with op.batch_alter_table("special_case_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_special_case_members_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "special_case_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("track", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clinic_session_id", sa.Integer(), nullable=True),
        sa.Column("overdue_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'dropped')",
            name=op.f("ck_special_case_recommendations_status_known"),
        ),
        sa.CheckConstraint(
            "track IN ('organisation', 'business', 'finance')",
            name=op.f("ck_special_case_recommendations_track_known"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["special_cases.id"],
            name=op.f("fk_special_case_recommendations_case_id_special_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["clinic_session_id"],
            ["readiness_clinic_sessions.id"],
            name=op.f(
                "fk_special_case_recommendations_clinic_session_id_readiness_clinic_sessions"
            ),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_case_recommendations")),
    )
    with op.batch_alter_table("special_case_recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_special_case_recommendations_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_special_case_recommendations_due_on"), ["due_on"], unique=False
        )

    op.create_table(
        "special_case_sanctions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("applied_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["applied_by_id"],
            ["users.id"],
            name=op.f("fk_special_case_sanctions_applied_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["special_cases.id"],
            name=op.f("fk_special_case_sanctions_case_id_special_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_case_sanctions")),
        sa.UniqueConstraint("case_id", "position", name="one_per_step"),
    )
    op.create_table(
        "special_case_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("examiner_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("overdue_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["special_cases.id"],
            name=op.f("fk_special_case_visits_case_id_special_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["examiner_id"], ["users.id"], name=op.f("fk_special_case_visits_examiner_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_special_case_visits")),
    )
    with op.batch_alter_table("special_case_visits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_special_case_visits_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_special_case_visits_planned_on"), ["planned_on"], unique=False
        )

    with op.batch_alter_table("examinations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("special_case_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_examinations_special_case_id"), ["special_case_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_examinations_special_case_id_special_cases"),
            "special_cases",
            ["special_case_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("examinations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_examinations_special_case_id_special_cases"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_examinations_special_case_id"))
        batch_op.drop_column("special_case_id")

    with op.batch_alter_table("special_case_visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_special_case_visits_planned_on"))
        batch_op.drop_index(batch_op.f("ix_special_case_visits_case_id"))

    op.drop_table("special_case_visits")
    op.drop_table("special_case_sanctions")
    with op.batch_alter_table("special_case_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_special_case_recommendations_due_on"))
        batch_op.drop_index(batch_op.f("ix_special_case_recommendations_case_id"))

    op.drop_table("special_case_recommendations")
    with op.batch_alter_table("special_case_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_special_case_members_user_id"))

    op.drop_table("special_case_members")
    with op.batch_alter_table("special_case_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_special_case_findings_case_id"))

    op.drop_table("special_case_findings")
    with op.batch_alter_table("special_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_special_cases_open")

    op.drop_table("special_cases")
    with op.batch_alter_table("supervision_plan_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_plan_entries_plan_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_plan_entries_examiner_id"))
        batch_op.drop_index(batch_op.f("ix_supervision_plan_entries_cooperative_id"))

    op.drop_table("supervision_plan_entries")
    with op.batch_alter_table("supervision_complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supervision_complaints_received_on"))
        batch_op.drop_index(batch_op.f("ix_supervision_complaints_cooperative_id"))

    op.drop_table("supervision_complaints")
    op.drop_table("supervision_settings")
    op.drop_table("supervision_plans")
    op.drop_table("supervision_examiner_capacities")
    op.drop_table("supervision_sanction_steps")
    op.drop_table("supervision_reminders_sent")
