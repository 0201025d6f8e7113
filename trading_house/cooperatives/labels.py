"""Translated labels of the registry's values, also as template globals (``coop_label``)."""

from flask_babel import lazy_gettext as _l

from trading_house.cooperatives.blueprint import bp

KIND_LABELS = {
    "producer": _l("Producer cooperative"),
    "consumer": _l("Consumer cooperative"),
    "marketing": _l("Marketing cooperative"),
    "services": _l("Services cooperative"),
    "savings_loan": _l("Savings and loan cooperative"),
}
SCOPE_LABELS = {
    "members_only": _l("Members only"),
    "open_public": _l("Open to the public (supervised by OJK)"),
}
CLASS_LABELS = {
    "micro": _l("Micro"),
    "small": _l("Small"),
    "medium": _l("Medium"),
    "large": _l("Large"),
}
AUTHORITY_LABELS = {
    "regency": _l("Regency/city office"),
    "province": _l("Provincial office"),
    "ministry": _l("Ministry of Cooperatives"),
}
PREDICATE_LABELS = {
    "sehat": _l("Sehat (healthy)"),
    "cukup_sehat": _l("Cukup Sehat (fairly healthy)"),
    "dalam_pengawasan": _l("Dalam Pengawasan (under supervision)"),
    "dalam_pengawasan_khusus": _l("Dalam Pengawasan Khusus (under special supervision)"),
}
PREDICATE_COLOURS = {
    "sehat": "success",
    "cukup_sehat": "info",
    "dalam_pengawasan": "warning",
    "dalam_pengawasan_khusus": "danger",
}
POSITION_LABELS = {
    "chair": _l("Chair"),
    "secretary": _l("Secretary"),
    "treasurer": _l("Treasurer"),
    "manager": _l("Manager"),
    "supervisor": _l("Supervisory board"),
}
SEX_LABELS = {"male": _l("Male"), "female": _l("Female")}
OPINION_LABELS = {
    "unqualified": _l("Unqualified (wajar tanpa pengecualian)"),
    "qualified": _l("Qualified (wajar dengan pengecualian)"),
    "adverse": _l("Adverse (tidak wajar)"),
    "disclaimer": _l("Disclaimer (tidak menyatakan pendapat)"),
}
LINE_LABELS = {
    "cash": _l("Cash and bank"),
    "receivables": _l("Receivables"),
    "loans_to_members": _l("Loans to members"),
    "non_performing_loans": _l("of which non-performing"),
    "other_current_assets": _l("Other current assets"),
    "fixed_assets": _l("Fixed assets"),
    "current_liabilities": _l("Current liabilities"),
    "long_term_liabilities": _l("Long-term liabilities"),
    "member_equity": _l("Members' principal and mandatory savings"),
    "reserves": _l("Reserves"),
    "other_equity": _l("Other equity (grants, accumulated losses)"),
    "surplus": _l("Surplus of the year (SHU)"),
    "revenue": _l("Revenue"),
    "operating_costs": _l("Operating costs"),
    "interest_costs": _l("Interest costs"),
}
RATIO_LABELS = {
    "current_ratio": _l("Current ratio"),
    "equity_to_assets": _l("Equity to assets"),
    "debt_to_equity": _l("Debt to equity"),
    "npl_ratio": _l("Non-performing loans"),
    "return_on_assets": _l("Return on assets"),
    "operating_ratio": _l("Operating costs to revenue"),
    "loan_to_deposit": _l("Loans to funds received"),
}
TREND_LABELS = {"rising": _l("rising"), "falling": _l("falling"), "flat": _l("steady")}
#: What an audit entry ``cooperative.<what>`` says in the history.
CHANGE_LABELS = {
    "created": _l("Cooperative registered"),
    "profile": _l("Profile changed"),
    "officer_added": _l("Officer added"),
    "officer_removed": _l("Officer removed"),
    "officer_invited": _l("Officer invited"),
    "member_added": _l("Member added"),
    "member_removed": _l("Member removed"),
    "rat": _l("RAT recorded"),
    "statement": _l("Financial statement saved"),
    "statement_submitted": _l("Financial statement submitted"),
    "statement_reopened": _l("Financial statement reopened"),
    "audit_report": _l("Audit report added"),
}

#: Names of the audited fields in the history (profile fields and statement lines).
FIELD_LABELS = {
    "name": _l("Name"),
    "legal_entity_number": _l("Legal entity number"),
    "legal_entity_date": _l("Legal entity date"),
    "nik": _l("NIK"),
    "nik_issued_on": _l("NIK issued on"),
    "nik_expires_on": _l("NIK valid until"),
    "nib": _l("NIB"),
    "kind": _l("Type"),
    "savings_loan_scope": _l("Savings and loan scope"),
    "regency": _l("Seat"),
    "membership_regencies": _l("Membership area"),
    "business_class": _l("Business class"),
    "founded_on": _l("Founded on"),
    "members_male": _l("Male members"),
    "members_female": _l("Female members"),
    "address": _l("Address"),
    "phone": _l("Phone"),
    "email": _l("E-mail"),
    "held_on": _l("Held on"),
    "reported_on": _l("Reported on"),
    "auditor": _l("Auditor"),
    "position": _l("Position"),
    **LINE_LABELS,
}

_GROUPS = {
    "kind": KIND_LABELS,
    "scope": SCOPE_LABELS,
    "class": CLASS_LABELS,
    "authority": AUTHORITY_LABELS,
    "predicate": PREDICATE_LABELS,
    "position": POSITION_LABELS,
    "sex": SEX_LABELS,
    "opinion": OPINION_LABELS,
    "line": LINE_LABELS,
    "ratio": RATIO_LABELS,
    "trend": TREND_LABELS,
    "change": CHANGE_LABELS,
    "field": FIELD_LABELS,
}


@bp.app_template_global()
def coop_label(group: str, value: str | None) -> str:
    """``coop_label("kind", "producer")`` → "Producer cooperative" (the value itself if unknown)."""
    if value is None:
        return ""
    return str(_GROUPS[group].get(value, value))


@bp.app_template_global()
def predicate_colour(value: str | None) -> str:
    return PREDICATE_COLOURS.get(value or "", "secondary")


def choices(labels: dict) -> list[tuple[str, object]]:
    return list(labels.items())
