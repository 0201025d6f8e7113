"""Building blocks of the authorization matrix: URL arguments from the world, and a fingerprint
of the state that an unauthorized request must never change."""

from sqlalchemy import func, select

from tests.security.conftest import first_id
from trading_house.accounts.models import User, UserRole
from trading_house.catalog.models import Category, Product, ProductPhoto
from trading_house.cooperatives.models import (
    AuditReport,
    Cooperative,
    CooperativeMember,
    CooperativeOfficer,
    FinancialStatement,
    RatRecord,
)
from trading_house.enterprises.models import Enterprise, Invitation, Membership
from trading_house.extensions import db
from trading_house.inquiries.models import Attachment, Block, BuyingRequest, Inquiry, Report
from trading_house.inquiries.quotation_models import Pool, PoolLine, Quotation, SampleRequest
from trading_house.notifications.models import WhatsAppMessage
from trading_house.orders.consignment_models import Consignment
from trading_house.orders.models import CartItem, Fulfilment, Order, ShippingRate, ShippingZone
from trading_house.payments.models import TransferReceipt
from trading_house.readiness.models import (
    ChecklistItem,
    ClinicFollowUp,
    DestinationRule,
    ReadinessAnswer,
)
from trading_house.supervision.models import Examination, HealthCertificate, WorksheetTemplate


def _curation(name):
    from trading_house.curation import models

    return getattr(models, name)


def _supervision(name):
    from trading_house.supervision import models

    return getattr(models, name)


def argument_values(world) -> dict:
    """Values for every URL argument name (routes.py may pick another world key by name)."""
    photo = world.published.photos[0] if world.published.photos else None
    values = {
        "user_id": world.victim.id,
        "category_id": world.published.category_id,
        "enterprise_id": world.enterprise.id,
        "enterprise": world.enterprise.id,
        "product_id": world.published.id,
        "published": world.published.id,
        "draft": world.draft.id,
        "photo_id": world.photo.id,
        "membership_id": world.membership.id,
        "invitation_id": first_id(Invitation),
        "token": "not-a-real-token",
        "quotation_id": world.quotation.id,
        "sample_id": first_id(SampleRequest),
        "inquiry_id": world.inquiry.id,
        "attachment_id": first_id(Attachment),
        "request_id": first_id(BuyingRequest),
        "pool_id": first_id(Pool),
        "line_id": first_id(PoolLine),
        "report_id": first_id(Report),
        "block_id": first_id(Block),
        "block": 0,  # a sitemap of product ids
        "consignment_id": first_id(Consignment),
        "number": world.order.number,
        "action": "cancel",
        "zone_id": first_id(ShippingZone),
        "rate_id": first_id(ShippingRate),
        "kind": "packing-list",
        "fulfilment_id": db.session.scalar(
            select(Fulfilment.id).where(Fulfilment.order_id == world.order.id)
        ),
        "step": "pack",
        "item_id": first_id(CartItem),
        "checklist_item": world.answer.item_id,
        "template_id": world.template.id,
        "rule_id": first_id(DestinationRule),
        "answer_id": world.answer.id,
        "follow_up_id": first_id(ClinicFollowUp),
        "name": "enterprises_by_regency",
        "fmt": "csv",
        "slug": world.published.slug,
        "product_slug": world.published.slug,
        "enterprise_slug": world.enterprise.slug,
        "key": photo.variants["400"] if photo else "missing.webp",
        "filename": "css/app.css",
        "reason_id": first_id(_curation("ReasonCode")),
        "document_id": first_id(_curation("IdentityDocument")),
        "receipt_id": first_id(TransferReceipt),
        "whatsapp_message_id": first_id(WhatsAppMessage),
        "cooperative_id": world.cooperative.id,
        "cooperative": world.cooperative.id,
        "other_cooperative": world.other_cooperative.id,
        "examination_id": world.examination.id,
        "certificate_id": world.certificate.id,
        "code": world.certificate.code,
        "worksheet_id": world.examination.template_id,
        "worksheet_item_id": world.examination.template.items[0].id,
        "evidence_answer_id": world.examination.answers[0].id,
        # supervision: plan, special inspections, dashboard (tests/supervision/world.py)
        "case_id": first_id(_supervision("SpecialCase")),
        "finding_id": first_id(_supervision("CaseFinding")),
        "recommendation_id": first_id(_supervision("CaseRecommendation")),
        "visit_id": first_id(_supervision("CaseVisit")),
        "entry_id": first_id(_supervision("PlanEntry")),
        "step_id": first_id(_supervision("SanctionStep")),
        "examiner_user": world.users["examiner"].id,
        "supervision_table": "by_regency",
        "officer_id": first_id(CooperativeOfficer),
        "member_id": first_id(CooperativeMember),
        "audit_report_id": first_id(AuditReport),
        "year": 2025,
        **_issue_17_values(world),
        **_wholesale_arguments(),
    }
    return values


def _issue_17_values(world) -> dict:
    from trading_house.favourites.models import (
        FavouriteItem,
        FavouriteList,
        RepeatDraft,
        RepeatOrder,
    )
    from trading_house.reviews.models import Review, ReviewReport

    return {
        "order_line_id": world.order.lines[0].id,
        "review_id": first_id(Review),
        "review_report_id": first_id(ReviewReport),
        "list_id": first_id(FavouriteList),
        "favourite_item_id": first_id(FavouriteItem),
        "repeat_id": first_id(RepeatOrder),
        "draft_id": first_id(RepeatDraft),
        "decision": "confirm",
    }


def _wholesale_arguments() -> dict:
    from trading_house.orders.dispute_models import Dispute
    from trading_house.payments.milestone_models import PaymentMilestone
    from trading_house.wholesale import models

    return {
        "dispute_id": first_id(Dispute),
        "milestone_id": first_id(PaymentMilestone),
        "organisation_id": first_id(models.BuyerOrganisation),
        "price_list_id": first_id(models.PriceList),
        "price_item_id": first_id(models.PriceListItem),
        "invoice_id": first_id(models.Invoice),
        "organisation_member_id": first_id(models.OrganisationMember),
        "key_id": first_id(models.ApiKey),
    }


def url_arguments(rule, route, values) -> dict:
    args = {}
    for name in rule.arguments:
        source = route.args.get(name, name)
        if source not in values:
            raise AssertionError(f"no fixture value for URL argument {name!r} of {rule.endpoint}")
        args[name] = values[source]
    if rule.endpoint == "bootstrap.static":
        args["filename"] = "css/bootstrap.min.css"
    return args


def fingerprint(world) -> dict:
    """The state an unauthorized POST must leave alone."""
    db.session.expire_all()
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    victim = db.session.get(User, world.victim.id)
    return {
        "order": db.session.get(Order, world.order.id).status,
        "fulfilments": tuple(
            db.session.scalars(select(Fulfilment.status).order_by(Fulfilment.id)).all()
        ),
        "products": tuple(
            db.session.execute(select(Product.id, Product.status, Product.featured)).all()
        )
        if hasattr(Product, "featured")
        else tuple(db.session.execute(select(Product.id, Product.status)).all()),
        "photos": count(ProductPhoto),
        "memberships": tuple(db.session.execute(select(Membership.user_id, Membership.role)).all()),
        "invitations": count(Invitation),
        "roles": tuple(
            sorted(
                db.session.scalars(select(UserRole.role).where(UserRole.user_id == victim.id)).all()
            )
        ),
        "victim_active": victim.active,
        "enterprises": tuple(
            db.session.execute(select(Enterprise.id, Enterprise.verification_status)).all()
        ),
        "inquiry": db.session.get(Inquiry, world.inquiry.id).status,
        "quotation": db.session.get(Quotation, world.quotation.id).status,
        "answer": db.session.get(ReadinessAnswer, world.answer.id).state,
        "categories": count(Category),
        "checklist_items": count(ChecklistItem),
        "orders": count(Order),
        "cooperatives": tuple(
            db.session.execute(
                select(
                    Cooperative.id,
                    Cooperative.name,
                    Cooperative.nik,
                    Cooperative.members_male,
                    Cooperative.health_predicate,
                    Cooperative.assigned_examiner_id,
                ).order_by(Cooperative.id)
            ).all()
        ),
        "cooperative_officers": tuple(
            db.session.execute(
                select(CooperativeOfficer.id, CooperativeOfficer.user_id, CooperativeOfficer.name)
            ).all()
        ),
        "rat_records": count(RatRecord),
        "statements": tuple(
            db.session.execute(
                select(FinancialStatement.id, FinancialStatement.status, FinancialStatement.cash)
            ).all()
        ),
        "examinations": tuple(
            db.session.execute(
                select(Examination.id, Examination.status, Examination.predicate)
            ).all()
        ),
        "certificates": tuple(
            db.session.execute(
                select(HealthCertificate.id, HealthCertificate.revoked_at.is_(None))
            ).all()
        ),
        "worksheets": tuple(
            db.session.execute(
                select(WorksheetTemplate.id, WorksheetTemplate.status, WorksheetTemplate.cutoffs)
            ).all()
        ),
    }
