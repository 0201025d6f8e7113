"""upload quotas: documents count against their enterprise's quota; an answer holds several
evidence files (readiness_evidence_files) instead of one readiness_answers.document_id.

Revision ID: i11_upload_quotas
Revises: i11_payments_received
"""

import sqlalchemy as sa
from alembic import op

revision = "i11_upload_quotas"
down_revision = "i11_payments_received"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("enterprise_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_documents_enterprise_id"), ["enterprise_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_documents_enterprise_id_enterprises"),
            "enterprises",
            ["enterprise_id"],
            ["id"],
        )

    op.create_table(
        "readiness_evidence_files",
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["readiness_answers.id"],
            name=op.f("fk_readiness_evidence_files_answer_id_readiness_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_readiness_evidence_files_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("answer_id", "document_id", name=op.f("pk_readiness_evidence_files")),
    )
    with op.batch_alter_table("readiness_evidence_files", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_evidence_files_document_id"), ["document_id"]
        )

    # Each answer's one document becomes its first evidence file; files count against the
    # enterprise they were uploaded for (evidence, then identity certificates).
    op.execute(
        "INSERT INTO readiness_evidence_files (answer_id, document_id) "
        "SELECT id, document_id FROM readiness_answers WHERE document_id IS NOT NULL"
    )
    op.execute(
        "UPDATE documents SET enterprise_id = (SELECT MIN(a.enterprise_id) "
        "FROM readiness_answers a WHERE a.document_id = documents.id) "
        "WHERE enterprise_id IS NULL"
    )
    op.execute(
        "UPDATE documents SET enterprise_id = (SELECT MIN(i.enterprise_id) "
        "FROM curation_identity_documents i WHERE i.document_id = documents.id) "
        "WHERE enterprise_id IS NULL"
    )

    with op.batch_alter_table("readiness_answers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_readiness_answers_document_id_documents"), type_="foreignkey"
        )
        batch_op.drop_column("document_id")


def downgrade():
    with op.batch_alter_table("readiness_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_readiness_answers_document_id_documents"),
            "documents",
            ["document_id"],
            ["id"],
        )
    # Only one file per answer fits the old schema: the first one is kept.
    op.execute(
        "UPDATE readiness_answers SET document_id = (SELECT MIN(f.document_id) "
        "FROM readiness_evidence_files f WHERE f.answer_id = readiness_answers.id)"
    )
    with op.batch_alter_table("readiness_evidence_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readiness_evidence_files_document_id"))
    op.drop_table("readiness_evidence_files")

    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_documents_enterprise_id_enterprises"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_documents_enterprise_id"))
        batch_op.drop_column("enterprise_id")
