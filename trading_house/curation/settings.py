"""What admins maintain for curation: the limits (price ±%, stock, claim time) and reason codes."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from trading_house.core import audit
from trading_house.core.errors import DomainError, NotFound
from trading_house.curation.models import REASON_SCOPES, CurationSettings, ReasonCode, Review
from trading_house.curation.status import Decision
from trading_house.extensions import db

SETTINGS_ID = 1

#: The reason codes a fresh installation starts with: (code, Indonesian, English, field, scope).
DEFAULT_REASONS = (
    (
        "photos_quality",
        "Foto kurang jelas, gelap atau terlalu kecil",
        "Photos are unclear, dark or too small",
        "photos",
        "any",
    ),
    (
        "description_incomplete",
        "Deskripsi belum lengkap (bahan, ukuran, cara pakai)",
        "Description is incomplete (materials, size, use)",
        "description_indonesian",
        "any",
    ),
    (
        "english_text",
        "Teks bahasa Inggris perlu diperbaiki",
        "The English text needs work",
        "description_english",
        "any",
    ),
    (
        "price_unclear",
        "Harga atau harga grosir tidak wajar",
        "Price or wholesale prices look wrong",
        "retail_price_idr",
        "any",
    ),
    (
        "export_data",
        "Kode HS, berat atau MOQ ekspor belum benar",
        "HS code, weight or export MOQ are not right",
        "hs_code",
        "any",
    ),
    (
        "wrong_category",
        "Kategori tidak sesuai",
        "The category does not fit",
        "category_id",
        "any",
    ),
    (
        "contact_details",
        "Ada nomor telepon, e-mail atau media sosial di teks",
        "Phone numbers, e-mails or social media in the text",
        None,
        "any",
    ),
    (
        "prohibited",
        "Produk tidak boleh dijual (dilindungi, berbahaya atau ilegal)",
        "The product may not be sold (protected, dangerous or illegal)",
        None,
        Decision.REJECTED,
    ),
    (
        "not_local",
        "Bukan produk UMKM Sulawesi Selatan",
        "Not a product of a South Sulawesi SME",
        None,
        Decision.REJECTED,
    ),
    (
        "buyer_complaints",
        "Keluhan pembeli tentang mutu atau pengiriman",
        "Buyer complaints about quality or delivery",
        None,
        Decision.SUSPENDED,
    ),
    (
        "misleading",
        "Informasi produk menyesatkan",
        "Misleading product information",
        None,
        Decision.SUSPENDED,
    ),
)


def curation_settings() -> CurationSettings:
    """The settings row, or an unsaved row with the defaults (no write on a GET)."""
    row = db.session.get(CurationSettings, SETTINGS_ID)
    if row is None:
        row = CurationSettings(
            id=SETTINGS_ID, price_change_percent=20, stock_change_limit=None, claim_minutes=30
        )
    return row


def update_curation_settings(*, price_change_percent, stock_change_limit, claim_minutes, actor):
    """Save the limits (admins); each value is range-checked here for every caller."""
    if not isinstance(price_change_percent, int) or not 0 <= price_change_percent <= 100:
        raise DomainError(_l("Enter a percentage from 0 to 100."), field="price_change_percent")
    if stock_change_limit is not None and (
        not isinstance(stock_change_limit, int) or stock_change_limit < 0
    ):
        raise DomainError(_l("Enter 0 or more, or leave it empty."), field="stock_change_limit")
    if not isinstance(claim_minutes, int) or not 1 <= claim_minutes <= 480:
        raise DomainError(_l("Enter from 1 to 480 minutes."), field="claim_minutes")
    row = db.session.get(CurationSettings, SETTINGS_ID)
    if row is None:
        row = CurationSettings(id=SETTINGS_ID)
        db.session.add(row)
    row.price_change_percent = price_change_percent
    row.stock_change_limit = stock_change_limit
    row.claim_minutes = claim_minutes
    row.updated_by_id = getattr(actor, "id", None)
    audit.record(
        "curation.settings_changed",
        actor=actor,
        price_change_percent=price_change_percent,
        stock_change_limit=stock_change_limit,
        claim_minutes=claim_minutes,
    )
    db.session.flush()
    return row


# --- reason codes ------------------------------------------------------------------------------


def reason_codes(*, active_only: bool = False) -> list[ReasonCode]:
    stmt = select(ReasonCode).order_by(ReasonCode.position, ReasonCode.id)
    if active_only:
        stmt = stmt.where(ReasonCode.active.is_(True))
    return list(db.session.scalars(stmt))


def reasons_for(decision: str) -> list[ReasonCode]:
    """Active codes offered for ``decision`` (changes_requested, rejected, suspended)."""
    return [r for r in reason_codes(active_only=True) if r.applies_to in ("any", decision)]


def reason_labels(codes, locale: str) -> list[str]:
    """Labels of stored codes in ``locale`` (a retired or unknown code shows as itself)."""
    known = {r.code: r for r in reason_codes()}
    return [known[c].label_for(locale) if c in known else c for c in codes or ()]


def get_reason(reason_id) -> ReasonCode:
    reason = db.session.get(ReasonCode, reason_id) if str(reason_id).isdigit() else None
    if reason is None:
        raise NotFound(_l("This reason does not exist."))
    return reason


def save_reason(reason: ReasonCode | None, *, actor, **fields) -> ReasonCode:
    """Create (``reason=None``) or change a reason code; the code itself never changes."""
    label_id = (fields.get("label_indonesian") or "").strip()
    label_en = (fields.get("label_english") or "").strip()
    if not label_id:
        raise DomainError(_l("Write the reason in Indonesian."), field="label_indonesian")
    if not label_en:
        raise DomainError(_l("Write the reason in English."), field="label_english")
    scope = fields.get("applies_to") or "any"
    if scope not in REASON_SCOPES:
        raise DomainError(_l("Choose when this reason is offered."), field="applies_to")
    if reason is None:
        code = (fields.get("code") or "").strip().lower()
        if not re.fullmatch(r"[a-z][a-z0-9_]{1,39}", code):
            raise DomainError(
                _l("Use 2 to 40 small letters, digits or underscores, starting with a letter."),
                field="code",
            )
        if db.session.scalar(select(ReasonCode.id).where(ReasonCode.code == code)):
            raise DomainError(_l("This code is already in use."), field="code")
        position = db.session.scalar(select(func.max(ReasonCode.position))) or 0
        reason = ReasonCode(code=code, position=position + 1)
        db.session.add(reason)
    reason.label_indonesian = label_id[:200]
    reason.label_english = label_en[:200]
    reason.field = (fields.get("field") or "").strip() or None
    reason.applies_to = scope
    reason.active = bool(fields.get("active", True))
    db.session.flush()
    audit.record("curation.reason_saved", actor=actor, subject=reason, code=reason.code)
    return reason


def delete_reason(reason: ReasonCode, *, actor) -> None:
    """Delete a code no review used yet; a used one can only be retired (kept readable)."""
    # JSON lists are not portably searchable in SQL; reviews are few enough to scan.
    used = any(
        reason.code in (codes or []) for codes in db.session.scalars(select(Review.reason_codes))
    )
    if used:
        raise DomainError(_l("Reviews already use this reason: retire it instead of deleting it."))
    audit.record("curation.reason_deleted", actor=actor, subject=reason, code=reason.code)
    db.session.delete(reason)
    db.session.flush()


def ensure_default_reasons() -> int:
    """Create the default reason codes that do not exist yet (safe to run again)."""
    existing = set(db.session.scalars(select(ReasonCode.code)))
    created = 0
    for position, (code, label_id, label_en, field, scope) in enumerate(DEFAULT_REASONS, 1):
        if code in existing:
            continue
        db.session.add(
            ReasonCode(
                code=code,
                label_indonesian=label_id,
                label_english=label_en,
                field=field,
                applies_to=scope,
                position=position,
                active=True,
            )
        )
        created += 1
    db.session.flush()
    return created


# The old names (tests and callers outside curation).
get_settings = curation_settings
update_settings = update_curation_settings
