"""wholesale (issue #17): buyer organisations and members, buyer groups, price lists with
case packs and minimums, invoices of orders on net terms; payment milestones; receipt
confirmations and disputes on order lines (payment protection); partner API keys.

Revision ID: i17_wholesale
Revises: i15_sme_journey
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "i17_wholesale"
down_revision = "i15_sme_journey"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "buyer_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buyer_groups")),
        sa.UniqueConstraint("name", name=op.f("uq_buyer_groups_name")),
    )
    op.create_table(
        "buyer_organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("tax_number", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("about", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("net_terms_days", sa.Integer(), nullable=False),
        sa.Column("credit_limit_idr", sa.BigInteger(), nullable=False),
        sa.Column("credit_used_idr", sa.BigInteger(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('applied', 'approved', 'rejected', 'suspended')",
            name=op.f("ck_buyer_organisations_status_known"),
        ),
        sa.CheckConstraint(
            "credit_limit_idr >= 0", name=op.f("ck_buyer_organisations_credit_limit_not_negative")
        ),
        sa.CheckConstraint(
            "credit_used_idr >= 0", name=op.f("ck_buyer_organisations_credit_used_not_negative")
        ),
        sa.CheckConstraint(
            "net_terms_days IN (0, 30, 60)", name=op.f("ck_buyer_organisations_net_terms_known")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_buyer_organisations_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["buyer_groups.id"],
            name=op.f("fk_buyer_organisations_group_id_buyer_groups"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buyer_organisations")),
    )
    with op.batch_alter_table("buyer_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_buyer_organisations_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_buyer_organisations_status"), ["status"], unique=False)

    op.create_table(
        "organisation_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('owner', 'purchaser', 'accountant')",
            name=op.f("ck_organisation_members_role_known"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["buyer_organisations.id"],
            name=op.f("fk_organisation_members_organisation_id_buyer_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_organisation_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_members")),
        sa.UniqueConstraint("user_id", name=op.f("uq_organisation_members_user_id")),
    )
    with op.batch_alter_table("organisation_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_members_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "price_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("discount_bp", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(group_id IS NULL) <> (organisation_id IS NULL)",
            name=op.f("ck_price_lists_one_audience"),
        ),
        sa.CheckConstraint(
            "discount_bp >= 0 AND discount_bp <= 9000",
            name=op.f("ck_price_lists_discount_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["buyer_groups.id"],
            name=op.f("fk_price_lists_group_id_buyer_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["buyer_organisations.id"],
            name=op.f("fk_price_lists_organisation_id_buyer_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_lists")),
        sa.UniqueConstraint("group_id", name=op.f("uq_price_lists_group_id")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_price_lists_organisation_id")),
    )
    op.create_table(
        "price_list_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("price_list_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("unit_price_idr", sa.BigInteger(), nullable=True),
        sa.Column("case_pack", sa.Integer(), nullable=False),
        sa.Column("min_quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("case_pack >= 1", name=op.f("ck_price_list_items_case_pack_positive")),
        sa.CheckConstraint(
            "min_quantity >= 1", name=op.f("ck_price_list_items_min_quantity_positive")
        ),
        sa.CheckConstraint(
            "unit_price_idr IS NULL OR unit_price_idr > 0",
            name=op.f("ck_price_list_items_price_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["price_list_id"],
            ["price_lists.id"],
            name=op.f("fk_price_list_items_price_list_id_price_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_price_list_items_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_list_items")),
        sa.UniqueConstraint("price_list_id", "product_id", name="uq_price_list_items_list_product"),
    )
    with op.batch_alter_table("price_list_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_price_list_items_price_list_id"), ["price_list_id"], unique=False
        )

    op.create_table(
        "wholesale_invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("amount_idr", sa.BigInteger(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payment_reference", sa.String(length=80), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=True),
        sa.Column("reminder_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'paid', 'void')", name=op.f("ck_wholesale_invoices_status_known")
        ),
        sa.CheckConstraint(
            "amount_idr >= 0", name=op.f("ck_wholesale_invoices_amount_not_negative")
        ),
        sa.CheckConstraint(
            "due_on >= issued_on", name=op.f("ck_wholesale_invoices_due_after_issue")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_wholesale_invoices_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["buyer_organisations.id"],
            name=op.f("fk_wholesale_invoices_organisation_id_buyer_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wholesale_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_wholesale_invoices_number")),
        sa.UniqueConstraint("order_id", name=op.f("uq_wholesale_invoices_order_id")),
    )
    with op.batch_alter_table("wholesale_invoices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wholesale_invoices_due_on"), ["due_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_wholesale_invoices_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_wholesale_invoices_status"), ["status"], unique=False)
    op.create_table(
        "payment_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("due_when", sa.String(length=20), nullable=False),
        sa.Column("percent_bp", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=True),
        sa.Column("received_reference", sa.String(length=80), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "due_when IN ('on_order', 'before_shipment', 'against_documents')",
            name=op.f("ck_payment_milestones_due_when_known"),
        ),
        sa.CheckConstraint(
            "method IS NULL OR method IN ('bank_transfer', 'card')",
            name=op.f("ck_payment_milestones_method_known"),
        ),
        sa.CheckConstraint(
            "status IN ('due', 'paid', 'cancelled')",
            name=op.f("ck_payment_milestones_status_known"),
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payment_milestones_amount_positive")),
        sa.CheckConstraint(
            "percent_bp > 0 AND percent_bp <= 10000",
            name=op.f("ck_payment_milestones_percent_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["users.id"],
            name=op.f("fk_payment_milestones_confirmed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_payment_milestones_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_milestones")),
        sa.UniqueConstraint("order_id", "position", name="uq_payment_milestones_order_position"),
        sa.UniqueConstraint("reference", name=op.f("uq_payment_milestones_reference")),
    )
    with op.batch_alter_table("payment_milestones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_milestones_order_id"), ["order_id"], unique=False
        )
    op.create_table(
        "receipt_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fulfilment_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["users.id"],
            name=op.f("fk_receipt_confirmations_confirmed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["fulfilment_id"],
            ["fulfilments.id"],
            name=op.f("fk_receipt_confirmations_fulfilment_id_fulfilments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_confirmations")),
        sa.UniqueConstraint("fulfilment_id", name=op.f("uq_receipt_confirmations_fulfilment_id")),
    )
    op.create_table(
        "order_disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("evidence_document_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("refunded_quantity", sa.Integer(), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('refund', 'partial_refund', 'replacement', 'rejected')",
            name=op.f("ck_order_disputes_outcome_known"),
        ),
        sa.CheckConstraint(
            "reason IN ('not_as_described', 'damaged', 'short')",
            name=op.f("ck_order_disputes_reason_known"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'decided')", name=op.f("ck_order_disputes_status_known")
        ),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_disputes_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_order_disputes_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["evidence_document_id"],
            ["documents.id"],
            name=op.f("fk_order_disputes_evidence_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["users.id"], name=op.f("fk_order_disputes_opened_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"],
            ["order_lines.id"],
            name=op.f("fk_order_disputes_order_line_id_order_lines"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_disputes")),
    )
    with op.batch_alter_table("order_disputes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_order_disputes_order_line_id"), ["order_line_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_order_disputes_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_order_disputes_open_line",
            ["order_line_id"],
            unique=True,
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
    op.create_table(
        "wholesale_api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_wholesale_api_keys_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["buyer_organisations.id"],
            name=op.f("fk_wholesale_api_keys_organisation_id_buyer_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wholesale_api_keys")),
        sa.UniqueConstraint("prefix", name=op.f("uq_wholesale_api_keys_prefix")),
    )
    with op.batch_alter_table("wholesale_api_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_wholesale_api_keys_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("wholesale_api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wholesale_api_keys_organisation_id"))

    op.drop_table("wholesale_api_keys")
    with op.batch_alter_table("order_disputes", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_order_disputes_open_line",
            sqlite_where=sa.text("status = 'open'"),
            postgresql_where=sa.text("status = 'open'"),
        )
        batch_op.drop_index(batch_op.f("ix_order_disputes_status"))
        batch_op.drop_index(batch_op.f("ix_order_disputes_order_line_id"))

    op.drop_table("order_disputes")
    op.drop_table("receipt_confirmations")
    with op.batch_alter_table("payment_milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_milestones_order_id"))

    op.drop_table("payment_milestones")
    with op.batch_alter_table("wholesale_invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wholesale_invoices_status"))
        batch_op.drop_index(batch_op.f("ix_wholesale_invoices_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_wholesale_invoices_due_on"))

    op.drop_table("wholesale_invoices")
    with op.batch_alter_table("price_list_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_list_items_price_list_id"))

    op.drop_table("price_list_items")
    op.drop_table("price_lists")
    with op.batch_alter_table("organisation_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_members_organisation_id"))

    op.drop_table("organisation_members")
    with op.batch_alter_table("buyer_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_buyer_organisations_status"))
        batch_op.drop_index(batch_op.f("ix_buyer_organisations_group_id"))

    op.drop_table("buyer_organisations")
    op.drop_table("buyer_groups")
