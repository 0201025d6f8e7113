"""inquiries: threads, messages, buying requests, quotations, samples and pooled quotations.

Revision ID: 0006_inquiries
Revises: 0005_readiness
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_inquiries"
down_revision = "0005_readiness"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('buying_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('target_price', sa.BigInteger(), nullable=True),
    sa.Column('target_currency', sa.String(length=3), nullable=True),
    sa.Column('destination_country', sa.String(length=2), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=True),
    sa.Column('date_needed', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'routed', 'closed')", name=op.f('ck_buying_requests_status_known')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_buying_requests_quantity_positive')),
    sa.CheckConstraint('target_price IS NULL OR target_price >= 0', name=op.f('ck_buying_requests_target_price_positive')),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_buying_requests_buyer_id_users')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_buying_requests_category_id_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buying_requests'))
    )
    op.create_index(op.f('ix_buying_requests_buyer_id'), 'buying_requests', ['buyer_id'], unique=False)
    op.create_index(op.f('ix_buying_requests_category_id'), 'buying_requests', ['category_id'], unique=False)
    op.create_index(op.f('ix_buying_requests_status'), 'buying_requests', ['status'], unique=False)
    op.create_table('inquiry_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('open_requests_to_category', sa.Boolean(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_inquiry_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_settings'))
    )
    op.create_table('inquiries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('buying_request_id', sa.Integer(), nullable=True),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('target_price', sa.BigInteger(), nullable=True),
    sa.Column('target_currency', sa.String(length=3), nullable=True),
    sa.Column('destination_country', sa.String(length=2), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=True),
    sa.Column('date_needed', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('first_response_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_message_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(kind = 'pooled' AND enterprise_id IS NULL) OR (kind <> 'pooled' AND enterprise_id IS NOT NULL)", name=op.f('ck_inquiries_party_matches_kind')),
    sa.CheckConstraint("kind IN ('product', 'request', 'pooled')", name=op.f('ck_inquiries_kind_known')),
    sa.CheckConstraint("status IN ('open', 'quoted', 'accepted', 'declined', 'closed')", name=op.f('ck_inquiries_status_known')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_inquiries_quantity_positive')),
    sa.CheckConstraint('target_price IS NULL OR target_price >= 0', name=op.f('ck_inquiries_target_price_positive')),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_inquiries_buyer_id_users')),
    sa.ForeignKeyConstraint(['buying_request_id'], ['buying_requests.id'], name=op.f('fk_inquiries_buying_request_id_buying_requests')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_inquiries_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_inquiries_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiries'))
    )
    op.create_index(op.f('ix_inquiries_buyer_id'), 'inquiries', ['buyer_id'], unique=False)
    op.create_index(op.f('ix_inquiries_buying_request_id'), 'inquiries', ['buying_request_id'], unique=False)
    op.create_index('ix_inquiries_enterprise_status', 'inquiries', ['enterprise_id', 'status'], unique=False)
    op.create_index(op.f('ix_inquiries_last_message_at'), 'inquiries', ['last_message_at'], unique=False)
    op.create_index(op.f('ix_inquiries_product_id'), 'inquiries', ['product_id'], unique=False)
    op.create_index(op.f('ix_inquiries_status'), 'inquiries', ['status'], unique=False)
    op.create_table('buying_request_routes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buying_request_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('routed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['buying_request_id'], ['buying_requests.id'], name=op.f('fk_buying_request_routes_buying_request_id_buying_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_buying_request_routes_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_buying_request_routes_inquiry_id_inquiries')),
    sa.ForeignKeyConstraint(['routed_by_id'], ['users.id'], name=op.f('fk_buying_request_routes_routed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_buying_request_routes')),
    sa.UniqueConstraint('buying_request_id', 'enterprise_id', name='uq_buying_request_routes_request_enterprise'),
    sa.UniqueConstraint('inquiry_id', name=op.f('uq_buying_request_routes_inquiry_id'))
    )
    op.create_index(op.f('ix_buying_request_routes_enterprise_id'), 'buying_request_routes', ['enterprise_id'], unique=False)
    op.create_table('inquiry_blocks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('blocked_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['blocked_by_id'], ['users.id'], name=op.f('fk_inquiry_blocks_blocked_by_id_users')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_blocks_inquiry_id_inquiries'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inquiry_blocks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_blocks')),
    sa.UniqueConstraint('user_id', name=op.f('uq_inquiry_blocks_user_id'))
    )
    op.create_table('inquiry_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=24), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_inquiry_events_actor_id_users')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_events_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_events'))
    )
    op.create_index(op.f('ix_inquiry_events_inquiry_id'), 'inquiry_events', ['inquiry_id'], unique=False)
    op.create_index('ix_inquiry_events_subject', 'inquiry_events', ['subject_type', 'subject_id'], unique=False)
    op.create_table('inquiry_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('last_read_message_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('buyer', 'enterprise', 'staff')", name=op.f('ck_inquiry_participants_role_known')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_participants_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inquiry_participants_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_participants')),
    sa.UniqueConstraint('inquiry_id', 'user_id', name='uq_inquiry_participants_inquiry_user')
    )
    op.create_index(op.f('ix_inquiry_participants_user_id'), 'inquiry_participants', ['user_id'], unique=False)
    op.create_table('inquiry_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_reports_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_inquiry_reports_reporter_id_users')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_inquiry_reports_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_reports'))
    )
    op.create_index(op.f('ix_inquiry_reports_inquiry_id'), 'inquiry_reports', ['inquiry_id'], unique=False)
    op.create_index(op.f('ix_inquiry_reports_resolved_at'), 'inquiry_reports', ['resolved_at'], unique=False)
    op.create_table('quotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=24), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('moq', sa.Integer(), nullable=True),
    sa.Column('incoterm', sa.String(length=3), nullable=False),
    sa.Column('named_place', sa.String(length=120), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('payment_terms', sa.String(length=24), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('margin_bp', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('order_number', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("incoterm IN ('EXW', 'FCA', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP', 'FAS', 'FOB', 'CFR', 'CIF')", name=op.f('ck_quotations_incoterm_known')),
    sa.CheckConstraint("kind IN ('enterprise', 'pooled')", name=op.f('ck_quotations_kind_known')),
    sa.CheckConstraint("payment_terms IN ('bank_transfer', 'letter_of_credit', 'card')", name=op.f('ck_quotations_payment_terms_known')),
    sa.CheckConstraint("status IN ('sent', 'accepted', 'declined', 'expired', 'superseded')", name=op.f('ck_quotations_status_known')),
    sa.CheckConstraint('lead_time_days >= 0', name=op.f('ck_quotations_lead_time_not_negative')),
    sa.CheckConstraint('margin_bp >= 0 AND margin_bp <= 10000', name=op.f('ck_quotations_margin_range')),
    sa.CheckConstraint('moq IS NULL OR moq > 0', name=op.f('ck_quotations_moq_positive')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_quotations_decided_by_id_users')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_quotations_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_quotations_inquiry_id_inquiries')),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], name=op.f('fk_quotations_issued_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotations')),
    sa.UniqueConstraint('number', name=op.f('uq_quotations_number'))
    )
    op.create_index(op.f('ix_quotations_enterprise_id'), 'quotations', ['enterprise_id'], unique=False)
    op.create_index(op.f('ix_quotations_inquiry_id'), 'quotations', ['inquiry_id'], unique=False)
    op.create_index(op.f('ix_quotations_status'), 'quotations', ['status'], unique=False)
    op.create_table('sample_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('shipping_paid_by', sa.String(length=16), nullable=True),
    sa.Column('offered_by_id', sa.Integer(), nullable=True),
    sa.Column('offered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('order_number', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("shipping_paid_by IS NULL OR shipping_paid_by IN ('buyer', 'enterprise')", name=op.f('ck_sample_requests_shipping_paid_by_known')),
    sa.CheckConstraint("status IN ('requested', 'offered', 'accepted', 'declined', 'cancelled')", name=op.f('ck_sample_requests_status_known')),
    sa.CheckConstraint('price IS NULL OR price >= 0', name=op.f('ck_sample_requests_price_not_negative')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_sample_requests_quantity_positive')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_sample_requests_inquiry_id_inquiries')),
    sa.ForeignKeyConstraint(['offered_by_id'], ['users.id'], name=op.f('fk_sample_requests_offered_by_id_users')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_sample_requests_product_id_products')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_sample_requests_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sample_requests'))
    )
    op.create_index(op.f('ix_sample_requests_inquiry_id'), 'sample_requests', ['inquiry_id'], unique=False)
    op.create_index(op.f('ix_sample_requests_status'), 'sample_requests', ['status'], unique=False)
    op.create_table('inquiry_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('sender_id', sa.Integer(), nullable=True),
    sa.Column('sender_role', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=True),
    sa.Column('quotation_id', sa.Integer(), nullable=True),
    sa.Column('sample_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('text', 'quotation', 'sample', 'event')", name=op.f('ck_inquiry_messages_kind_known')),
    sa.CheckConstraint("sender_role IN ('buyer', 'enterprise', 'staff', 'system')", name=op.f('ck_inquiry_messages_sender_role_known')),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_messages_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quotation_id'], ['quotations.id'], name=op.f('fk_inquiry_messages_quotation_id_quotations')),
    sa.ForeignKeyConstraint(['sample_id'], ['sample_requests.id'], name=op.f('fk_inquiry_messages_sample_id_sample_requests')),
    sa.ForeignKeyConstraint(['sender_id'], ['users.id'], name=op.f('fk_inquiry_messages_sender_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_messages'))
    )
    op.create_index(op.f('ix_inquiry_messages_inquiry_id'), 'inquiry_messages', ['inquiry_id'], unique=False)
    op.create_index(op.f('ix_inquiry_messages_sender_id'), 'inquiry_messages', ['sender_id'], unique=False)
    op.create_table('quotation_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quotation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=255), nullable=False),
    sa.Column('hs_code', sa.String(length=10), nullable=True),
    sa.Column('origin_regency_code', sa.String(length=4), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('unit_price', sa.BigInteger(), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_quotation_lines_quantity_positive')),
    sa.CheckConstraint('unit_cost >= 0', name=op.f('ck_quotation_lines_unit_cost_not_negative')),
    sa.CheckConstraint('unit_price >= 0', name=op.f('ck_quotation_lines_unit_price_not_negative')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_quotation_lines_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_quotation_lines_product_id_products')),
    sa.ForeignKeyConstraint(['quotation_id'], ['quotations.id'], name=op.f('fk_quotation_lines_quotation_id_quotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotation_lines'))
    )
    op.create_index(op.f('ix_quotation_lines_quotation_id'), 'quotation_lines', ['quotation_id'], unique=False)
    op.create_table('quotation_pools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buying_request_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('margin_bp', sa.Integer(), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=True),
    sa.Column('named_place', sa.String(length=120), nullable=True),
    sa.Column('lead_time_days', sa.Integer(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('payment_terms', sa.String(length=24), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('quotation_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'sent', 'cancelled')", name=op.f('ck_quotation_pools_status_known')),
    sa.CheckConstraint('lead_time_days IS NULL OR lead_time_days >= 0', name=op.f('ck_quotation_pools_lead_time_ok')),
    sa.CheckConstraint('margin_bp >= 0 AND margin_bp <= 10000', name=op.f('ck_quotation_pools_margin_range')),
    sa.ForeignKeyConstraint(['buying_request_id'], ['buying_requests.id'], name=op.f('fk_quotation_pools_buying_request_id_buying_requests')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_quotation_pools_created_by_id_users')),
    sa.ForeignKeyConstraint(['quotation_id'], ['quotations.id'], name=op.f('fk_quotation_pools_quotation_id_quotations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotation_pools'))
    )
    op.create_index(op.f('ix_quotation_pools_buying_request_id'), 'quotation_pools', ['buying_request_id'], unique=False)
    op.create_index(op.f('ix_quotation_pools_status'), 'quotation_pools', ['status'], unique=False)
    op.create_table('inquiry_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_inquiry_attachments_document_id_documents')),
    sa.ForeignKeyConstraint(['message_id'], ['inquiry_messages.id'], name=op.f('fk_inquiry_attachments_message_id_inquiry_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_attachments')),
    sa.UniqueConstraint('document_id', name=op.f('uq_inquiry_attachments_document_id'))
    )
    op.create_index(op.f('ix_inquiry_attachments_message_id'), 'inquiry_attachments', ['message_id'], unique=False)
    op.create_table('quotation_pool_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pool_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('unit_cost', sa.BigInteger(), nullable=False),
    sa.Column('confirmed_quantity', sa.Integer(), nullable=True),
    sa.Column('confirmed_unit_cost', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('requested', 'confirmed', 'declined', 'withdrawn')", name=op.f('ck_quotation_pool_lines_status_known')),
    sa.CheckConstraint('confirmed_quantity IS NULL OR confirmed_quantity > 0', name=op.f('ck_quotation_pool_lines_confirmed_quantity_ok')),
    sa.CheckConstraint('confirmed_unit_cost IS NULL OR confirmed_unit_cost >= 0', name=op.f('ck_quotation_pool_lines_confirmed_cost_ok')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_quotation_pool_lines_quantity_positive')),
    sa.CheckConstraint('unit_cost >= 0', name=op.f('ck_quotation_pool_lines_unit_cost_not_negative')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_quotation_pool_lines_answered_by_id_users')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_quotation_pool_lines_enterprise_id_enterprises')),
    sa.ForeignKeyConstraint(['pool_id'], ['quotation_pools.id'], name=op.f('fk_quotation_pool_lines_pool_id_quotation_pools'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_quotation_pool_lines_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotation_pool_lines'))
    )
    op.create_index(op.f('ix_quotation_pool_lines_enterprise_id'), 'quotation_pool_lines', ['enterprise_id'], unique=False)
    op.create_index(op.f('ix_quotation_pool_lines_pool_id'), 'quotation_pool_lines', ['pool_id'], unique=False)
    op.create_index(op.f('ix_quotation_pool_lines_status'), 'quotation_pool_lines', ['status'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_quotation_pool_lines_status'), table_name='quotation_pool_lines')
    op.drop_index(op.f('ix_quotation_pool_lines_pool_id'), table_name='quotation_pool_lines')
    op.drop_index(op.f('ix_quotation_pool_lines_enterprise_id'), table_name='quotation_pool_lines')
    op.drop_table('quotation_pool_lines')
    op.drop_index(op.f('ix_inquiry_attachments_message_id'), table_name='inquiry_attachments')
    op.drop_table('inquiry_attachments')
    op.drop_index(op.f('ix_quotation_pools_status'), table_name='quotation_pools')
    op.drop_index(op.f('ix_quotation_pools_buying_request_id'), table_name='quotation_pools')
    op.drop_table('quotation_pools')
    op.drop_index(op.f('ix_quotation_lines_quotation_id'), table_name='quotation_lines')
    op.drop_table('quotation_lines')
    op.drop_index(op.f('ix_inquiry_messages_sender_id'), table_name='inquiry_messages')
    op.drop_index(op.f('ix_inquiry_messages_inquiry_id'), table_name='inquiry_messages')
    op.drop_table('inquiry_messages')
    op.drop_index(op.f('ix_sample_requests_status'), table_name='sample_requests')
    op.drop_index(op.f('ix_sample_requests_inquiry_id'), table_name='sample_requests')
    op.drop_table('sample_requests')
    op.drop_index(op.f('ix_quotations_status'), table_name='quotations')
    op.drop_index(op.f('ix_quotations_inquiry_id'), table_name='quotations')
    op.drop_index(op.f('ix_quotations_enterprise_id'), table_name='quotations')
    op.drop_table('quotations')
    op.drop_index(op.f('ix_inquiry_reports_resolved_at'), table_name='inquiry_reports')
    op.drop_index(op.f('ix_inquiry_reports_inquiry_id'), table_name='inquiry_reports')
    op.drop_table('inquiry_reports')
    op.drop_index(op.f('ix_inquiry_participants_user_id'), table_name='inquiry_participants')
    op.drop_table('inquiry_participants')
    op.drop_index('ix_inquiry_events_subject', table_name='inquiry_events')
    op.drop_index(op.f('ix_inquiry_events_inquiry_id'), table_name='inquiry_events')
    op.drop_table('inquiry_events')
    op.drop_table('inquiry_blocks')
    op.drop_index(op.f('ix_buying_request_routes_enterprise_id'), table_name='buying_request_routes')
    op.drop_table('buying_request_routes')
    op.drop_index(op.f('ix_inquiries_status'), table_name='inquiries')
    op.drop_index(op.f('ix_inquiries_product_id'), table_name='inquiries')
    op.drop_index(op.f('ix_inquiries_last_message_at'), table_name='inquiries')
    op.drop_index('ix_inquiries_enterprise_status', table_name='inquiries')
    op.drop_index(op.f('ix_inquiries_buying_request_id'), table_name='inquiries')
    op.drop_index(op.f('ix_inquiries_buyer_id'), table_name='inquiries')
    op.drop_table('inquiries')
    op.drop_table('inquiry_settings')
    op.drop_index(op.f('ix_buying_requests_status'), table_name='buying_requests')
    op.drop_index(op.f('ix_buying_requests_category_id'), table_name='buying_requests')
    op.drop_index(op.f('ix_buying_requests_buyer_id'), table_name='buying_requests')
    op.drop_table('buying_requests')
