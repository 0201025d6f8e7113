"""verify once: one record per verified document, follow-ups tied to checklist items,
destination rules with their legal source and keywords.

Existing data: every verified answer gets its record; every business whose legal identity was
verified gets NIB and NPWP records, and its NIB/NPWP checklist answers become verified (with an
event row), so no curator verifies the same document twice.

Revision ID: i12_rules_verify_once
Revises: i12_docs_trade_documents
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "i12_rules_verify_once"
down_revision = "i12_docs_trade_documents"
branch_labels = None
depends_on = None

IDENTITY_ITEMS = {"nib": "ent.nib", "npwp": "ent.npwp"}
NOTE = "Verified on the legal-identity page (verify once)."


def upgrade():
    op.create_table(
        "readiness_verified_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("item_code", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state IN ('valid', 'expired', 'superseded')",
            name=op.f("ck_readiness_verified_documents_state_known"),
        ),
        sa.CheckConstraint(
            "source IN ('identity', 'checklist')",
            name=op.f("ck_readiness_verified_documents_source_known"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.id"],
            name=op.f("fk_readiness_verified_documents_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_readiness_verified_documents_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"],
            ["users.id"],
            name=op.f("fk_readiness_verified_documents_verified_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_verified_documents")),
    )
    with op.batch_alter_table("readiness_verified_documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_readiness_verified_documents_subject",
            ["enterprise_id", "item_code", "product_id"],
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_verified_documents_product_id"), ["product_id"]
        )
        batch_op.create_index(
            batch_op.f("ix_readiness_verified_documents_expires_on"), ["expires_on"]
        )
        batch_op.create_index(batch_op.f("ix_readiness_verified_documents_state"), ["state"])

    with op.batch_alter_table("readiness_answers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("verified_document_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_readiness_answers_verified_document_id"), ["verified_document_id"]
        )
        batch_op.create_foreign_key(
            "fk_readiness_answers_verified_document_id",
            "readiness_verified_documents",
            ["verified_document_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("readiness_destination_rules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("keywords", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column("legal_source", sa.String(length=300), nullable=False, server_default="")
        )

    with op.batch_alter_table("readiness_clinic_follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_code", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("product_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closed_by_document_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_readiness_clinic_follow_ups_product_id"), ["product_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_readiness_clinic_follow_ups_product_id_products"),
            "products",
            ["product_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            "fk_readiness_clinic_follow_ups_closed_by_document_id",
            "readiness_verified_documents",
            ["closed_by_document_id"],
            ["id"],
            ondelete="SET NULL",
        )

    _backfill(op.get_bind())


def _backfill(conn) -> None:
    """One record per verified answer; identity-verified businesses' NIB/NPWP answers verified."""
    now = datetime.now(UTC)
    meta = sa.MetaData()
    docs = sa.Table("readiness_verified_documents", meta, autoload_with=conn)
    answers = sa.Table("readiness_answers", meta, autoload_with=conn)
    items = sa.Table("readiness_items", meta, autoload_with=conn)
    templates = sa.Table("readiness_templates", meta, autoload_with=conn)
    events = sa.Table("readiness_answer_events", meta, autoload_with=conn)
    enterprises = sa.Table("enterprises", meta, autoload_with=conn)
    identity = sa.Table("curation_identity_documents", meta, autoload_with=conn)
    evidence = sa.Table("readiness_evidence_files", meta, autoload_with=conn)

    def insert_doc(**values) -> int:
        values.setdefault("state", "valid")
        values.setdefault("created_at", now)
        values.setdefault("updated_at", now)
        return conn.execute(docs.insert().values(**values).returning(docs.c.id)).scalar_one()

    verified = conn.execute(
        sa.select(
            answers.c.id,
            answers.c.enterprise_id,
            answers.c.product_id,
            answers.c.certificate_number,
            answers.c.expires_on,
            answers.c.reviewed_at,
            answers.c.reviewed_by_id,
            items.c.code,
        )
        .join(items, items.c.id == answers.c.item_id)
        .where(answers.c.state == "verified")
        .order_by(answers.c.id)
    ).all()
    for row in verified:
        doc_id = insert_doc(
            enterprise_id=row.enterprise_id,
            product_id=row.product_id,
            item_code=row.code,
            number=row.certificate_number,
            expires_on=row.expires_on,
            source="checklist",
            verified_at=row.reviewed_at or now,
            verified_by_id=row.reviewed_by_id,
        )
        conn.execute(
            answers.update().where(answers.c.id == row.id).values(verified_document_id=doc_id)
        )

    current = conn.execute(
        sa.select(templates.c.id)
        .where(templates.c.status == "published")
        .order_by(templates.c.version.desc())
        .limit(1)
    ).scalar()
    businesses = conn.execute(
        sa.select(
            enterprises.c.id,
            enterprises.c.nib,
            enterprises.c.npwp,
            enterprises.c.verified_at,
            enterprises.c.verified_by_id,
        ).where(enterprises.c.verification_status == "verified")
    ).all()
    for business in businesses:
        for kind, code in IDENTITY_ITEMS.items():
            held = conn.execute(
                sa.select(docs.c.id).where(
                    docs.c.enterprise_id == business.id,
                    docs.c.item_code == code,
                    docs.c.product_id.is_(None),
                    docs.c.state == "valid",
                )
            ).scalar()
            if held:
                continue
            number = "".join(ch for ch in (getattr(business, kind) or "") if ch.isdigit())
            doc_id = insert_doc(
                enterprise_id=business.id,
                product_id=None,
                item_code=code,
                number=number or None,
                expires_on=None,
                source="identity",
                verified_at=business.verified_at or now,
                verified_by_id=business.verified_by_id,
            )
            if current is None:
                continue
            item = conn.execute(
                sa.select(items.c.id, items.c.needs_number, items.c.needs_document).where(
                    items.c.template_id == current, items.c.code == code
                )
            ).first()
            if item is None:
                continue
            answer = conn.execute(
                sa.select(answers.c.id, answers.c.state).where(
                    answers.c.item_id == item.id,
                    answers.c.enterprise_id == business.id,
                    answers.c.product_id.is_(None),
                )
            ).first()
            values = {
                "state": "verified",
                "verified_document_id": doc_id,
                "reviewed_at": business.verified_at or now,
                "reviewed_by_id": business.verified_by_id,
                "updated_at": now,
            }
            if item.needs_number and number:
                values["certificate_number"] = number
            if answer is None:
                answer_id = conn.execute(
                    answers.insert()
                    .values(
                        item_id=item.id,
                        enterprise_id=business.id,
                        product_id=None,
                        note="",
                        created_at=now,
                        **values,
                    )
                    .returning(answers.c.id)
                ).scalar_one()
                from_state = "missing"
            else:
                answer_id, from_state = answer.id, answer.state
                conn.execute(answers.update().where(answers.c.id == answer_id).values(**values))
            conn.execute(
                events.insert().values(
                    answer_id=answer_id,
                    actor_id=business.verified_by_id,
                    from_state=from_state,
                    to_state="verified",
                    note=NOTE,
                    created_at=now,
                )
            )
            has_files = conn.execute(
                sa.select(evidence.c.document_id).where(evidence.c.answer_id == answer_id).limit(1)
            ).scalar()
            if item.needs_document and not has_files:
                files = conn.execute(
                    sa.select(identity.c.document_id)
                    .where(identity.c.enterprise_id == business.id, identity.c.kind == kind)
                    .order_by(identity.c.id)
                    .limit(5)
                ).scalars()
                for document_id in files:
                    conn.execute(
                        evidence.insert().values(answer_id=answer_id, document_id=document_id)
                    )


def downgrade():
    with op.batch_alter_table("readiness_clinic_follow_ups", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_readiness_clinic_follow_ups_closed_by_document_id",
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("fk_readiness_clinic_follow_ups_product_id_products"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_readiness_clinic_follow_ups_product_id"))
        batch_op.drop_column("closed_by_document_id")
        batch_op.drop_column("product_id")
        batch_op.drop_column("item_code")
    with op.batch_alter_table("readiness_destination_rules", schema=None) as batch_op:
        batch_op.drop_column("legal_source")
        batch_op.drop_column("keywords")
    with op.batch_alter_table("readiness_answers", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_readiness_answers_verified_document_id",
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_readiness_answers_verified_document_id"))
        batch_op.drop_column("verified_document_id")
    op.drop_table("readiness_verified_documents")
