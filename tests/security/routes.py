"""Who may use which route: the classification table of the authorization matrix.

Every endpoint of ``app.url_map`` must appear here (the matrix fails with the endpoint's name
otherwise). A class says which actors are *allowed*; the others must be denied:

- anonymous: a redirect to /login (or 401/404),
- a signed-in actor without the right: 403 or 404 (404 for another party's object).

``ok`` are the statuses an allowed actor may see on GET (default 200); POSTs are sent with
empty data and must simply not fail (< 500). ``deny`` overrides the denied statuses.
"""

from dataclasses import dataclass, field

ALL = (
    "anonymous",
    "other_buyer",
    "other_sme",
    "buyer",
    "sme",
    "curator",
    "admin",
    "examiner",
    "coop_officer",
    "other_coop_officer",
)
SIGNED_IN = ALL[1:]

#: class -> the actors allowed in it
CLASSES = {
    "public": ALL,
    "anonymous-only": ALL,  # signed-in actors may be sent on (302)
    "token-link": ALL,  # an invalid token: a friendly page or 404
    "webhook": (),  # nobody without a valid signature
    "signed-in": SIGNED_IN,
    "buyer": SIGNED_IN,  # any signed-in account may shop / ask
    "buyer-owned": ("buyer", "sme", "curator", "admin"),  # buyer, the seller's side and staff
    "buyer-only-owned": ("buyer",),  # only the buyer (and maybe staff: see ``also``)
    "sme": ("sme", "other_sme"),  # the member's own enterprise (no object in the URL)
    "sme-owned": ("sme",),  # an object of the SME's enterprise
    "staff": ("curator", "admin"),
    "admin": ("admin",),
    # --- cooperative supervision (issue #13) ---
    "examiner": ("examiner", "admin"),  # examiners' own work (and the admins')
    "division": ("examiner", "admin"),  # the Supervision and Inspection division
    "coop-officer": ("coop_officer", "other_coop_officer"),  # the officer's own cooperative
    # the records of world.cooperative: its officer, its assigned examiner and admins
    "coop-officer-owned": ("coop_officer", "examiner", "admin"),
    # changing the records of world.cooperative: its officer and admins
    "coop-officer-edit": ("coop_officer", "admin"),
}


@dataclass(frozen=True)
class Route:
    cls: str
    ok: tuple = (200,)
    also: tuple = ()  # extra allowed actors
    deny: tuple = (403, 404)
    args: dict = field(default_factory=dict)  # URL argument overrides: name -> world key


def R(cls, *ok, also=(), deny=(403, 404), **args):  # noqa: N802 - a table constructor
    return Route(cls, tuple(ok) or (200,), tuple(also), tuple(deny), args)


P = R("public")
#: a signed-in account without an enterprise gets the "start your business" page (200)
NO_ENTERPRISE = (200, 403, 404)
#: a party to the thread that may not take this step is refused with a message
REFUSED = (302, 403, 404, 422)
S = R("staff")
A = R("admin")

ROUTES = {
    # --- core, static ----------------------------------------------------------------------
    "core.home": P,
    "core.healthz": P,
    "core.help_page": P,
    "core.media": R("public", 200, 404),
    "core.money_preview": R("public", 200, 400),  # JSON echo of a typed amount; 400 without ?in=
    "static": P,
    "bootstrap.static": P,
    "metrics": R("public", 200, 403, 404),  # operators: may be restricted by address
    "catalog.robots": P,
    "catalog.sitemap": P,
    # --- accounts ----------------------------------------------------------------------------
    "accounts.login": R("anonymous-only", 200, 302),
    "accounts.register": R("anonymous-only", 200, 302),
    "accounts.request_reset": R("anonymous-only", 200, 302),
    "accounts.reset_password": R("token-link", 200, 302, 400, 404),
    "accounts.verify_email": R("token-link", 200, 302, 400, 404),
    "accounts.confirm_email": R("token-link", 200, 302, 400, 404),
    "accounts.logout": P,  # signed out already: sent home,
    "accounts.change_password": R("signed-in"),
    "accounts.settings": R("signed-in"),
    "accounts.resend_verification": P,  # by e-mail address, signed in or not,
    "accounts.request_sign_in_link": P,  # by e-mail address; the same answer for every address
    "accounts.sign_in_link": R("token-link", 200, 400, 404),
    "accounts.use_sign_in_link": R("token-link", 200, 302, 400, 404),
    "accounts.reauthenticate": R("signed-in"),
    # --- enterprises -------------------------------------------------------------------------
    "enterprises.accept_invitation": R("token-link", 200, 302, 400, 404),
    "enterprises.confirm_invitation": R("token-link", 200, 302, 400, 404),
    "enterprises.dashboard": R("sme", 200, 302),
    "enterprises.edit_profile": R("sme", 200, 302),
    "enterprises.invite": R("sme"),
    "enterprises.remove_member": R("sme-owned"),
    "enterprises.request_verification": R("sme"),
    "enterprises.revoke_invitation": R("sme-owned"),
    "enterprises.team_page": R("sme", 200, 302),
    # --- catalog -----------------------------------------------------------------------------
    "catalog.browse": P,
    "catalog.product_detail": R("public", product_slug="published"),
    "catalog.enterprise_page": R("public", slug="enterprise_slug"),
    "catalog.my_products": R("sme", deny=NO_ENTERPRISE),
    "catalog.new_product": R("sme", deny=NO_ENTERPRISE),
    "catalog.edit_product": R("sme-owned", 200, 302, product_id="draft"),
    "catalog.preview_product": R("sme-owned", product_id="draft"),
    "catalog.product_photos": R("sme-owned", product_id="draft"),
    "catalog.upload_photos": R("sme-owned", product_id="draft"),
    "catalog.delete_photo": R("sme-owned", product_id="draft"),
    "catalog.main_photo": R("sme-owned", product_id="draft"),
    "catalog.move_photo": R("sme-owned", product_id="draft"),
    "catalog.photo_alt_text": R("sme-owned", product_id="draft"),
    "catalog.submit_product": R("sme-owned", product_id="draft"),
    "catalog.archive_product": R("sme-owned", product_id="draft"),
    "catalog.restore_product": R("sme-owned", product_id="draft"),
    "catalog.admin_products": A,
    "catalog.admin_preview": R("admin", product_id="draft"),
    "catalog.admin_feature": A,
    "catalog.admin_publish": R("admin", product_id="draft"),
    "catalog.admin_unpublish": A,
    # --- curation ----------------------------------------------------------------------------
    "curation.queue": S,
    "curation.dashboard_page": S,
    "curation.claim": R("staff", product_id="draft"),
    "curation.claim_next": S,
    "curation.decide": R("staff", product_id="draft"),
    "curation.release": R("staff", product_id="draft"),
    "curation.review": R("staff", 200, 302, 404, product_id="draft"),
    "curation.reinstate": S,
    "curation.suspend": S,
    "curation.identity_queue": S,
    "curation.identity_review": R("staff", enterprise_id="enterprise"),
    "curation.identity_decide": R("staff", enterprise_id="enterprise"),
    "curation.identity_document": R("staff", 200, 404),
    "curation.audit": A,
    "curation.audit_csv": A,
    "curation.reasons": A,
    "curation.edit_reason": R("admin", 200, 404),
    "curation.delete_reason": A,
    "curation.limits": A,
    "curation.identity_documents": R("sme", 200, 302),
    "curation.inbox": R("signed-in"),  # the user's own notices (empty for most),
    "curation.mark_read": R("signed-in"),
    "curation.edit_published": R("sme-owned", 200, 302),
    "curation.reopen_listing": R("sme-owned", product_id="draft"),
    "curation.submit_listing": R("sme-owned", product_id="draft"),
    "curation.withdraw_listing": R("sme-owned", product_id="draft"),
    "curation.withdraw_revision": R("sme-owned"),
    # --- readiness ---------------------------------------------------------------------------
    "readiness.index": R("sme", 200, 302, also=("curator", "admin")),
    "readiness.overview": R("sme-owned", also=("curator", "admin")),
    "readiness.assess_enterprise": R("sme-owned", also=("curator", "admin")),
    "readiness.assess_product": R("sme-owned", also=("curator", "admin")),
    "readiness.gap_report": R("sme-owned", also=("curator", "admin")),
    "readiness.gap_report_download": R("sme-owned", also=("curator", "admin")),
    "readiness.save_answer": R("sme-owned", item_id="checklist_item"),
    "readiness.send_all": R("sme-owned"),
    "readiness.evidence": R("sme-owned", 200, 404, also=("curator", "admin")),
    "readiness.clinic": R("sme-owned", also=("curator", "admin")),  # members read, staff write,
    "readiness.dashboard": S,
    "readiness.dashboard_export": S,
    "readiness.enterprises": S,
    "readiness.verification_queue": S,
    "readiness.verify_enterprise": S,
    "readiness.review": S,
    "readiness.follow_up_done": S,
    "readiness.admin_templates": A,
    "readiness.admin_template": A,
    "readiness.admin_start_draft": A,
    "readiness.admin_publish": A,
    "readiness.admin_item_new": A,
    "readiness.admin_item_edit": R("admin", item_id="checklist_item"),
    "readiness.admin_item_delete": R("admin", item_id="checklist_item"),
    "readiness.admin_rules": A,
    "readiness.admin_rule_delete": A,
    "readiness.admin_settings": A,
    # --- inquiries ---------------------------------------------------------------------------
    "inquiries.inbox": R("signed-in"),
    "inquiries.new_inquiry": R("buyer", 200, 302, 403, product_id="published"),
    "inquiries.new_request": R("buyer", 200, 302, 403),
    "inquiries.thread": R("buyer-owned"),
    "inquiries.post_message": R("buyer-owned"),
    "inquiries.mark_read": R("buyer-owned"),
    "inquiries.close": R("buyer-owned"),
    "inquiries.reopen": R("buyer-owned"),
    "inquiries.report": R("buyer-owned"),
    "inquiries.block": R("buyer-owned"),
    "inquiries.join": S,  # a curator or admin joins a thread
    "inquiries.request_sample": R("buyer-owned"),
    "inquiries.new_quotation": R("sme-owned", 200, 302),
    "inquiries.attachment": R("buyer-owned", 200, 404),
    "inquiries.accept_quotation": R("buyer-only-owned", also=("curator", "admin"), deny=REFUSED),
    "inquiries.decline_quotation": R("buyer-only-owned", also=("curator", "admin"), deny=REFUSED),
    "inquiries.proforma": R("buyer-owned"),
    "inquiries.accept_sample": R("buyer-owned"),
    "inquiries.decline_sample": R("buyer-owned"),
    "inquiries.cancel_sample": R("buyer-owned"),
    "inquiries.offer_sample": R("buyer-owned"),
    "inquiries.unblock": R("signed-in"),
    "inquiries.moderation": S,
    "inquiries.resolve_report": S,
    "inquiries.requests": R("signed-in", 200, 302, 403),
    "inquiries.request_detail": R("buyer-owned", 200, 404),
    "inquiries.close_request": R("buyer-owned"),
    "inquiries.route_request": S,
    "inquiries.take_up_request": R("sme"),
    "inquiries.start_pool": S,
    "inquiries.pool_detail": R("staff", 200, 404),
    "inquiries.pool_add_line": S,
    "inquiries.pool_send": S,
    "inquiries.pool_terms": S,
    "inquiries.pool_cancel": S,
    "inquiries.pool_withdraw_line": S,
    "inquiries.pool_answer": R("sme"),
    "inquiries.pool_lines": R("signed-in"),  # the user's enterprises' lines (may be none),
    "inquiries.settings": A,
    # --- orders ------------------------------------------------------------------------------
    "orders.cart": P,
    "orders.add_to_cart": P,
    "orders.update_item": P,
    "orders.remove_item": P,
    "orders.accept_changes": P,
    "orders.checkout_page": R("buyer", 200, 302),
    "orders.my_orders": R("signed-in"),
    "orders.order_detail": R("buyer-only-owned", also=("curator", "admin")),
    "orders.invoice": R("buyer-only-owned", also=("curator", "admin")),
    "orders.cancel_order": R("buyer-only-owned"),
    "orders.confirm_received": R("buyer-only-owned"),
    "orders.fulfilments": R("sme", 200, 302),
    "orders.fulfilment_detail": R("sme-owned"),
    "orders.fulfilment_step": R("sme-owned"),
    "orders.admin_orders": A,
    "orders.admin_order": A,
    "orders.admin_order_action": A,
    "orders.shipping_zones": A,
    "orders.add_zone": A,
    "orders.add_rate": A,
    "orders.delete_rate": A,
    "orders.toggle_zone": A,
    "orders.consignments": A,
    "orders.create_consignment": A,
    "orders.consignment_detail": R("admin", 200, 404),
    "orders.consignment_document": R("admin", 200, 404),
    "orders.add_carton": A,
    "orders.record_lot": A,
    "orders.ship_consignment": A,
    "orders.consignment_arrived": A,
    "orders.lot_photo": R("admin", 200, 404),
    # --- payments ----------------------------------------------------------------------------
    "payments.pay_by_card": R("buyer-only-owned"),
    "payments.card_return": R("buyer-only-owned", 200, 302),
    "payments.upload_proof": R("buyer-only-owned"),
    "payments.proof_file": R("buyer-only-owned", 200, 404, also=("admin",)),
    "payments.stripe_webhook": R("webhook", deny=(400, 401, 403, 503)),
    # --- notifications (the account's channels; Meta's webhook: 404 while WhatsApp is off) -----
    "notifications.settings": R("signed-in"),
    "notifications.set_number": R("signed-in"),
    "notifications.resend_code": R("signed-in"),
    "notifications.confirm_code": R("signed-in"),
    "notifications.opt_in": R("signed-in"),
    "notifications.opt_out": R("signed-in"),
    "notifications.remove_number": R("signed-in"),
    "notifications.save_preferences": R("signed-in"),
    "notifications.webhook_verify": R("webhook", deny=(403, 404)),
    "notifications.webhook": R("webhook", deny=(403, 404)),
    "notifications.staff_outbox": S,
    "notifications.staff_resend": R("staff", 302, 404),
    "payments.my_ledger": R("sme-owned"),
    "payments.my_ledger_csv": R("sme-owned"),
    "payments.ledger_overview": A,
    "payments.enterprise_ledger": A,
    "payments.ledger_csv": A,
    "payments.record_payout": A,
    "payments.payout_rule": A,
    "payments.commission": A,
    "payments.transfers": A,
    "payments.confirm_transfer": A,
    "payments.receipt_proof": R("admin", 200, 404),
    "payments.return_money": A,
    "payments.reject_proof": A,
    "payments.refund": A,
    "payments.refund_all": A,
    # --- supervision: plan, special inspections, dashboard (h13c) ----------------------------
    "supervision.plan": R("division"),
    "supervision.build_plan": R("admin", 302, 422),
    "supervision.assign_entry": R("admin", 302),
    "supervision.examiners": A,
    "supervision.set_capacity": R("admin", 302, 422, user_id="examiner_user"),
    "supervision.complaints": R("division"),
    "supervision.log_complaint": R("division", 302, 422),
    "supervision.settings": A,
    "supervision.save_settings": R("admin", 302, 422),
    "supervision.add_sanction_step": R("admin", 302, 422),
    "supervision.remove_sanction_step": R("admin", 302),
    "supervision.dashboard": R("division"),
    "supervision.dashboard_export": R("division", name="supervision_table"),
    "supervision.cases": R("division"),
    "supervision.open_case": R("division", 200, 422),
    # a case of world.cooperative: its officer reads it, the examiner on its team works on it
    "supervision.case_detail": R("coop-officer-owned"),
    "supervision.finding_evidence": R("coop-officer-owned"),
    "supervision.add_member": R("examiner", 302, 422),
    "supervision.add_finding": R("examiner", 302, 422),
    "supervision.add_recommendation": R("examiner", 302, 422),
    "supervision.move_recommendation": R("examiner", 302),
    "supervision.agree_recovery": R("examiner", 302, 422),
    "supervision.plan_visit": R("examiner", 302, 422),
    "supervision.record_visit": R("examiner", 302, 422),
    "supervision.apply_sanction": R("examiner", 302, 422),
    "supervision.close_case": R("examiner", 302, 422),
    "supervision.start_case_examination": R("examiner", 302),
    # clinic experts (curators) on the team and admins; the world's curator is not on it
    "supervision.recommendation_clinic": R("admin", 200, 422),
    # --- api ---------------------------------------------------------------------------------
    "api.categories": P,
    "api.enterprises": P,
    "api.enterprise": R("public", slug="enterprise_slug"),
    "api.openapi": P,
    "api.products": P,
    "api.product": R("public", product_id="published"),
    # --- admin -------------------------------------------------------------------------------
    "admin.index": A,
    "admin.audit_log": A,
    "admin.categories": A,
    "admin.create_category": A,
    "admin.edit_category": A,
    "admin.delete_category": A,
    "admin.move_category": A,
    "admin.users": A,
    "admin.user_detail": A,
    "admin.change_roles": A,
    "admin.deactivate": A,
    "admin.reactivate": A,
    "admin.enterprises": A,
    "admin.set_enterprise_verification": A,
    "admin.rates": A,
    "trade_documents.identity": A,
    # --- cooperatives (registry, issue #13) ------------------------------------------------
    "cooperatives.my_cooperative": R("coop-officer", 200, 302),
    "cooperatives.overview": R("coop-officer-owned"),
    "cooperatives.history": R("coop-officer-owned"),
    "cooperatives.statement_list": R("coop-officer-owned"),
    "cooperatives.statement_template": R("coop-officer-owned"),
    "cooperatives.rat_minutes": R("coop-officer-owned", 200, 404),
    "cooperatives.audit_report_file": R("coop-officer-owned", 200, 404),
    "cooperatives.edit_profile": R("coop-officer-edit"),
    "cooperatives.officers": R("coop-officer-edit"),
    "cooperatives.remove_officer": R("coop-officer-edit"),
    "cooperatives.members": R("coop-officer-edit"),
    "cooperatives.remove_member": R("coop-officer-edit"),
    "cooperatives.rat": R("coop-officer-edit"),
    "cooperatives.statement_form": R("coop-officer-edit"),
    "cooperatives.statement_upload": R("coop-officer-edit"),
    "cooperatives.submit_statement": R("coop-officer-edit"),
    "cooperatives.reopen_statement": R("coop-officer-edit"),
    "cooperatives.audit_reports": R("coop-officer-edit"),
    "cooperatives.registry": R("division"),
    "cooperatives.registry_detail": R("division"),
    "cooperatives.admin_new": A,
    "admin.set_rate": A,
    # --- supervision: examinations and certificates (issue #13, h13b) -----------------------
    "supervision.verify_certificate": P,  # the QR code's page: state only, nothing private
    "supervision.my_examinations": R("coop-officer"),
    "supervision.start_self_assessment": R("coop-officer"),
    "supervision.self_assessment": R("coop-officer-edit"),
    "supervision.submit_self_assessment": R("coop-officer-edit"),
    "supervision.examinations_list": R("division"),
    "supervision.open_examination": R("division"),
    "supervision.worksheet": R("examiner"),
    "supervision.field_save": R("examiner"),
    "supervision.start_review": R("examiner"),
    "supervision.return_examination": R("examiner"),
    "supervision.finalise": R("examiner"),
    "supervision.issue_certificate": R("examiner"),
    "supervision.report_pdf": R("coop-officer-owned"),
    "supervision.minutes_pdf": R("coop-officer-owned"),
    "supervision.certificate_pdf": R("coop-officer-owned"),
    "supervision.evidence": R("coop-officer-owned", 200, 404),  # 404: no evidence uploaded
    "supervision.admin_worksheets": A,
    "supervision.admin_worksheet": A,
    "supervision.admin_worksheet_copy": A,
    "supervision.admin_worksheet_item": A,
    "supervision.admin_worksheet_cutoffs": A,
    "supervision.admin_worksheet_publish": A,
    "supervision.admin_worksheet_confirm": A,
    "supervision.admin_certificates": A,
    "supervision.admin_revoke_certificate": A,
}


def allowed_actors(route: Route) -> tuple:
    return tuple(CLASSES[route.cls]) + tuple(route.also)
