"""Use cases of the registry: profile, organs, members, RAT records, audit reports.

Services flush, never commit; every change is audited (``record_change``) and shown as the
cooperative's history. Financial statements are in ``statements.py``.
"""

import re
import secrets
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from trading_house.accounts.models import User, UserRole
from trading_house.accounts.policies import require_admin
from trading_house.accounts.services import create_user, find_user_by_email, normalize_email
from trading_house.cooperatives.models import (
    PROVINCE_CODE,
    AuditReport,
    Cooperative,
    CooperativeKind,
    CooperativeMember,
    CooperativeOfficer,
    RatRecord,
)
from trading_house.cooperatives.policies import can_edit_records
from trading_house.core import audit
from trading_house.core.clock import business_today
from trading_house.core.errors import DomainError, NotFound, PermissionDenied
from trading_house.core.mail import queue_email
from trading_house.core.uploads import store_document
from trading_house.core.urls import public_url
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.regions import REGENCIES
from trading_house.extensions import db

PROFILE_FIELDS = (
    "name",
    "legal_entity_number",
    "legal_entity_date",
    "nik",
    "nik_issued_on",
    "nik_expires_on",
    "nib",
    "kind",
    "savings_loan_scope",
    "regency",
    "membership_regencies",
    "business_class",
    "founded_on",
    "members_male",
    "members_female",
    "address",
    "phone",
    "email",
)
IN_THE_FUTURE = _l("This date is in the future.")


def _plain(value: Any) -> Any:
    """A JSON-safe copy of an audited value (dates as ISO text)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def record_change(cooperative: Cooperative, actor, what: str, before: Any, after: Any):
    """Append an audit entry ``cooperative.<what>`` with the values before and after."""
    return audit.record(
        f"cooperative.{what}",
        actor=actor,
        subject=cooperative,
        what=what,
        before=_plain(before),
        after=_plain(after),
    )


def require_editor(actor, cooperative: Cooperative) -> None:
    if actor is not None and not can_edit_records(actor, cooperative):
        raise PermissionDenied(_l("Only the cooperative's officers can change its records."))


# --- profile ----------------------------------------------------------------------------------


def _only_digits(value: str | None) -> str | None:
    cleaned = re.sub(r"[\s.\-/]", "", value or "")
    return cleaned or None


def _refuse_future(value: date | None, field: str, today: date) -> None:
    if value is not None and value > today:
        raise DomainError(IN_THE_FUTURE, field=field)


def _membership(values: dict) -> list[str]:
    codes = [str(c) for c in values.get("membership_regencies") or []]
    unknown = [c for c in codes if c not in REGENCIES]
    if unknown:
        raise DomainError(_l("Choose regencies from the list."), field="membership_regencies")
    other = [c for c in re.split(r"[\s,;]+", values.get("other_province_regencies") or "") if c]
    for code in other:
        if not re.fullmatch(r"\d{4}", code) or code.startswith(PROVINCE_CODE):
            raise DomainError(
                _l(
                    "“%(code)s” is not a regency code of another province (four digits, "
                    "e.g. 7471 for Kendari).",
                    code=code[:20],
                ),
                field="other_province_regencies",
            )
    return sorted(set(codes) | set(other))


def clean_cooperative_profile(values: dict) -> dict:
    """Checked, normalised profile values, or a ``DomainError`` naming the field."""
    today = business_today()
    clean = {key: values.get(key) for key in PROFILE_FIELDS}
    clean["name"] = (clean["name"] or "").strip()
    if not clean["name"]:
        raise DomainError(_l("Enter the cooperative's name."), field="name")
    for key in ("legal_entity_date", "nik_issued_on", "founded_on"):
        _refuse_future(clean[key], key, today)
    clean["nik"] = _only_digits(clean["nik"])
    if clean["nik"] and not re.fullmatch(r"\d{16}", clean["nik"]):
        raise DomainError(_l("The NIK has 16 digits."), field="nik")
    clean["nib"] = _only_digits(clean["nib"])
    if clean["nib"] and not re.fullmatch(r"\d{13}", clean["nib"]):
        raise DomainError(_l("The NIB has 13 digits."), field="nib")
    issued, expires = clean["nik_issued_on"], clean["nik_expires_on"]
    if issued and expires and expires <= issued:
        raise DomainError(_l("The NIK cannot expire before it was issued."), field="nik_expires_on")
    founded, legal = clean["founded_on"], clean["legal_entity_date"]
    if founded and legal and legal < founded:
        raise DomainError(
            _l("The legal entity cannot date from before the founding."), field="legal_entity_date"
        )
    if clean["kind"] not in {k.value for k in CooperativeKind}:
        raise DomainError(_l("Choose a type from the list."), field="kind")
    if clean["kind"] == CooperativeKind.SAVINGS_LOAN:
        if clean["savings_loan_scope"] not in ("members_only", "open_public"):
            raise DomainError(
                _l("Say whether it serves members only or the public."),
                field="savings_loan_scope",
            )
    else:
        clean["savings_loan_scope"] = None
    if clean["regency"] not in REGENCIES:
        raise DomainError(_l("Choose a regency or city from the list."), field="regency")
    clean["membership_regencies"] = _membership(values)
    clean["business_class"] = clean["business_class"] or None
    if clean["business_class"] not in (None, "micro", "small", "medium", "large"):
        raise DomainError(_l("Choose from the list."), field="business_class")
    for key in ("legal_entity_number", "address", "email"):
        clean[key] = (clean[key] or "").strip() or None
    clean["members_male"] = int(clean["members_male"] or 0)
    clean["members_female"] = int(clean["members_female"] or 0)
    return clean


def _snapshot(cooperative: Cooperative) -> dict:
    return {key: getattr(cooperative, key) for key in PROFILE_FIELDS}


def update_cooperative_profile(cooperative: Cooperative, values: dict, *, actor) -> Cooperative:
    """Officers (or an admin) correct the cooperative's legal data and member counts."""
    require_editor(actor, cooperative)
    clean = clean_cooperative_profile(values)
    _check_founding_against_rat(cooperative, clean["founded_on"])
    before = _snapshot(cooperative)
    for key, value in clean.items():
        setattr(cooperative, key, value)
    after = _snapshot(cooperative)
    changed = [k for k in PROFILE_FIELDS if before[k] != after[k]]
    if changed:
        db.session.flush()
        record_change(
            cooperative,
            actor,
            "profile",
            {k: before[k] for k in changed},
            {k: after[k] for k in changed},
        )
    return cooperative


def _check_founding_against_rat(cooperative: Cooperative, founded: date | None) -> None:
    if founded is None or cooperative.id is None:
        return
    first = min((r.held_on for r in cooperative.rat_records), default=None)
    if first is not None and first < founded:
        raise DomainError(
            _l("A recorded RAT was held before this founding date."), field="founded_on"
        )


def find_enterprise(reference: str | None, field: str) -> Enterprise | None:
    """An enterprise by the slug or the address of its marketplace page (None when blank)."""
    text = (reference or "").strip().rstrip("/")
    if not text:
        return None
    slug = text.rsplit("/", 1)[-1][:180]
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.slug == slug))
    if enterprise is None:
        raise DomainError(_l("No enterprise on the marketplace has that page."), field=field)
    return enterprise


def create_cooperative(
    values: dict, *, officer_name: str, officer_email: str, officer_position: str, actor
) -> Cooperative:
    """An administrator registers a cooperative and invites its first officer."""
    require_admin(actor)
    clean = clean_cooperative_profile(values)
    cooperative = Cooperative(**clean)
    enterprise = find_enterprise(values.get("enterprise_slug"), "enterprise_slug")
    if enterprise is not None:
        taken = db.session.scalar(
            select(Cooperative.id).where(Cooperative.enterprise_id == enterprise.id)
        )
        if taken:
            raise DomainError(
                _l("That enterprise is already linked to another cooperative."),
                field="enterprise_slug",
            )
        cooperative.enterprise_id = enterprise.id
    db.session.add(cooperative)
    db.session.flush()
    record_change(cooperative, actor, "created", None, _snapshot(cooperative))
    invite_officer(
        cooperative,
        name=officer_name,
        email=officer_email,
        position=officer_position,
        actor=actor,
        field="officer_email",
    )
    return cooperative


# --- officers and members ---------------------------------------------------------------------


def _officer_user(cooperative: Cooperative, email: str, name: str, field: str) -> tuple[User, bool]:
    """The account for an officer's e-mail (made when missing), given the officer role."""
    address = normalize_email(email)
    if not address:
        raise DomainError(_l("Enter the e-mail address."), field=field)
    found = find_user_by_email(address)
    created = found is None
    user = found or create_user(address, secrets.token_urlsafe(24), name, roles=("coop_officer",))
    if not user.has_role("coop_officer"):
        user.roles.append(UserRole(role="coop_officer"))
    elsewhere = db.session.scalar(
        select(CooperativeOfficer.cooperative_id).where(
            CooperativeOfficer.user_id == user.id,
            CooperativeOfficer.cooperative_id != cooperative.id,
        )
    )
    if elsewhere:
        raise DomainError(_l("This person is an officer of another cooperative."), field=field)
    return user, created


def invite_officer(
    cooperative: Cooperative,
    *,
    name: str,
    email: str,
    position: str,
    actor,
    term_starts_on: date | None = None,
    field: str = "email",
    locale: str = "id",
) -> CooperativeOfficer:
    """An officer with access: an account is made for a new address, and the person is told by
    e-mail how to sign in (a one-time sign-in link from the sign-in page)."""
    user, created = _officer_user(cooperative, email, name, field)
    existing = db.session.scalar(
        select(CooperativeOfficer).where(
            CooperativeOfficer.cooperative_id == cooperative.id,
            CooperativeOfficer.user_id == user.id,
        )
    )
    if existing is not None:
        raise DomainError(_l("This person is already an officer here."), field=field)
    officer = _add_officer(cooperative, name, position, term_starts_on, user)
    queue_email(
        user.email,
        _l("You are an officer of %(name)s on Rumah Dagang", name=cooperative.name),
        "coop_officer_invitation",
        locale if created else user.preferred_language,
        cooperative=cooperative,
        created=created,
        link=public_url("accounts.request_sign_in_link"),
        records=public_url("cooperatives.my_cooperative"),
    )
    record_change(cooperative, actor, "officer_invited", None, {"email": user.email})
    return officer


def _add_officer(cooperative, name, position, term_starts_on, user=None) -> CooperativeOfficer:
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Enter a name."), field="name")
    if position not in ("chair", "secretary", "treasurer", "manager", "supervisor"):
        raise DomainError(_l("Choose a position from the list."), field="position")
    officer = CooperativeOfficer(
        cooperative_id=cooperative.id,
        name=name,
        position=position,
        term_starts_on=term_starts_on,
        user_id=getattr(user, "id", None),
    )
    db.session.add(officer)
    db.session.flush()
    return officer


def add_officer(cooperative, *, name, position, term_starts_on=None, email=None, actor):
    """An organ member; with an e-mail the person also gets access to the records."""
    require_editor(actor, cooperative)
    if email:
        return invite_officer(
            cooperative,
            name=name,
            email=email,
            position=position,
            term_starts_on=term_starts_on,
            actor=actor,
        )
    officer = _add_officer(cooperative, name, position, term_starts_on)
    record_change(cooperative, actor, "officer_added", None, {"name": name, "position": position})
    return officer


def remove_officer(cooperative: Cooperative, officer_id, *, actor) -> None:
    require_editor(actor, cooperative)
    officer = db.session.scalar(
        select(CooperativeOfficer).where(
            CooperativeOfficer.id == officer_id,
            CooperativeOfficer.cooperative_id == cooperative.id,
        )
    )
    if officer is None:
        raise NotFound(_l("That officer is not on this cooperative's list."))
    if officer.user_id is not None and officer.user_id == getattr(actor, "id", None):
        raise DomainError(_l("You cannot remove yourself; ask another officer."))
    record_change(
        cooperative,
        actor,
        "officer_removed",
        {"name": officer.name, "position": officer.position},
        None,
    )
    db.session.delete(officer)
    db.session.flush()


def add_register_member(cooperative, *, name, sex, joined_on=None, enterprise_slug=None, actor):
    """A member on the optional register, maybe linked to its SME on the marketplace."""
    require_editor(actor, cooperative)
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Enter a name."), field="name")
    if sex not in ("male", "female"):
        raise DomainError(_l("Choose from the list."), field="sex")
    _refuse_future(joined_on, "joined_on", business_today())
    enterprise = find_enterprise(enterprise_slug, "enterprise_slug")
    member = CooperativeMember(
        cooperative_id=cooperative.id,
        name=name,
        sex=sex,
        joined_on=joined_on,
        enterprise_id=getattr(enterprise, "id", None),
    )
    db.session.add(member)
    db.session.flush()
    record_change(cooperative, actor, "member_added", None, {"name": name})
    return member


def remove_register_member(cooperative: Cooperative, member_id, *, actor) -> None:
    require_editor(actor, cooperative)
    member = db.session.scalar(
        select(CooperativeMember).where(
            CooperativeMember.id == member_id, CooperativeMember.cooperative_id == cooperative.id
        )
    )
    if member is None:
        raise NotFound(_l("That member is not on this cooperative's register."))
    record_change(cooperative, actor, "member_removed", {"name": member.name}, None)
    db.session.delete(member)
    db.session.flush()


# --- RAT and audit reports --------------------------------------------------------------------


def _document(upload, actor, cooperative, field):
    """A validated private document from ``(bytes, filename)``, or None."""
    if not upload or not upload[0]:
        return None
    from trading_house.core.uploads import UploadRejected, naming_the_file

    data, filename = upload
    try:
        return store_document(
            data,
            filename,
            uploaded_by=actor,
            folder="cooperatives",
            enterprise_id=cooperative.enterprise_id,
        )
    except UploadRejected as exc:
        raise naming_the_file(exc, filename, field) from None


def record_rat(
    cooperative, *, year, held_on, reported_on=None, attendance=None, online=False,
    minutes=None, actor,
) -> RatRecord:  # fmt: skip
    """Record (or correct) the annual members' meeting closing financial year ``year``."""
    require_editor(actor, cooperative)
    today = business_today()
    if year >= today.year:
        raise DomainError(_l("A RAT closes a year that has ended."), field="year")
    _refuse_future(held_on, "held_on", today)
    _refuse_future(reported_on, "reported_on", today)
    if held_on.year <= year:
        raise DomainError(
            _l("The RAT for %(year)s is held after that year has ended.", year=year),
            field="held_on",
        )
    if cooperative.founded_on and held_on < cooperative.founded_on:
        raise DomainError(
            _l("The RAT cannot be held before the cooperative was founded."), field="held_on"
        )
    if reported_on and reported_on < held_on:
        raise DomainError(_l("The RAT cannot be reported before it was held."), field="reported_on")
    record = db.session.scalar(
        select(RatRecord).where(RatRecord.cooperative_id == cooperative.id, RatRecord.year == year)
    )
    before = None
    if record is None:
        record = RatRecord(cooperative_id=cooperative.id, year=year, held_on=held_on)
        db.session.add(record)
    else:
        before = {"held_on": record.held_on, "reported_on": record.reported_on}
    record.held_on, record.reported_on = held_on, reported_on
    record.attendance, record.online = attendance, bool(online)
    document = _document(minutes, actor, cooperative, "minutes")
    if document is not None:
        record.minutes_document_id = document.id
    db.session.flush()
    record_change(
        cooperative,
        actor,
        "rat",
        before,
        {"year": year, "held_on": held_on, "reported_on": reported_on},
    )
    return record


def add_audit_report(cooperative, *, year, auditor, opinion, issued_on, report, actor):
    """A public accountant's report of one year (one per year)."""
    require_editor(actor, cooperative)
    today = business_today()
    if year > today.year:
        raise DomainError(_l("That year has not ended yet."), field="year")
    _refuse_future(issued_on, "issued_on", today)
    if db.session.scalar(
        select(AuditReport.id).where(
            AuditReport.cooperative_id == cooperative.id, AuditReport.year == year
        )
    ):
        raise DomainError(_l("There is already an audit report for that year."), field="year")
    if opinion and opinion not in ("unqualified", "qualified", "adverse", "disclaimer"):
        raise DomainError(_l("Choose from the list."), field="opinion")
    document = _document(report, actor, cooperative, "report")
    if document is None:
        raise DomainError(_l("Choose the report file."), field="report")
    entry = AuditReport(
        cooperative_id=cooperative.id,
        year=year,
        auditor=(auditor or "").strip()[:160],
        opinion=opinion or None,
        issued_on=issued_on,
        report_document_id=document.id,
    )
    db.session.add(entry)
    db.session.flush()
    record_change(
        cooperative, actor, "audit_report", None, {"year": year, "auditor": entry.auditor}
    )
    return entry
