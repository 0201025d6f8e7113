"""The trading house's identity on documents: read once per document, edited by an admin.

Before an admin saves the setting, documents print :data:`DEFAULTS` (the demo identity), so a
fresh installation still produces complete papers; the admin page says so.
"""

import re
from dataclasses import dataclass, fields

from flask import current_app
from flask_babel import lazy_gettext as _l

from trading_house.core import audit
from trading_house.core.errors import DomainError
from trading_house.enterprises.identity import normalize_nib, normalize_npwp
from trading_house.extensions import db
from trading_house.trade_documents.models import TradingHouseIdentity


@dataclass(frozen=True)
class Identity:
    legal_name: str
    address: str
    nib: str = ""
    npwp: str = ""
    export_registration: str = ""
    email: str = ""
    phone: str = ""
    website: str = ""
    bank_name: str = ""
    bank_branch_address: str = ""
    bank_account_name: str = ""
    bank_account_number: str = ""
    bank_swift: str = ""

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    @property
    def registrations(self) -> str:
        """ "NIB … · NPWP … · Export reg. …" with the parts that are set."""
        parts = [
            ("NIB", self.nib),
            ("NPWP", format_npwp(self.npwp)),
            (str(_l("Export reg.")), self.export_registration),
        ]
        return " · ".join(f"{label} {value}" for label, value in parts if value)

    @property
    def contact(self) -> str:
        return " · ".join(p for p in (self.phone, self.email, self.website) if p)

    @property
    def has_bank(self) -> bool:
        return bool(self.bank_name and self.bank_account_number)


#: The demo identity, printed until an admin saves the real one.
DEFAULTS = Identity(
    legal_name="Koperasi Rumah Dagang Sulawesi Selatan",
    address="Jl. Jenderal Sudirman No. 1\nMakassar 90115, Sulawesi Selatan\nIndonesia",
    nib="9120001234567",
    npwp="012345678801000",
    export_registration="",
    email="ekspor@rumahdagang.id",
    phone="+62 411 123456",
    website="rumahdagang.id",
    # Bank details: until an admin saves others, the account buyers are told to pay into on
    # the site (BANK_TRANSFER_* settings), so a document never names a different account.
)
FIELDS = tuple(f.name for f in fields(Identity))
#: Column lengths (the form says the same; this keeps the service safe on its own).
_MAX = {
    "legal_name": 200,
    "export_registration": 80,
    "email": 254,
    "phone": 40,
    "website": 120,
    "bank_name": 120,
    "bank_account_name": 200,
    "bank_account_number": 40,
    "bank_swift": 11,
}
_SWIFT = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")


def format_npwp(digits: str) -> str:
    """15-digit NPWPs in their usual punctuation (01.234.567.8-801.000); others as stored."""
    if len(digits) == 15 and digits.isdigit():
        d = digits
        return f"{d[0:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:15]}"
    return digits


def saved_identity() -> TradingHouseIdentity | None:
    return db.session.get(TradingHouseIdentity, 1)


def current_identity() -> Identity:
    """The identity every document and the bank-transfer instructions use: the saved setting,
    else :data:`DEFAULTS`; without a saved bank account, the BANK_TRANSFER_* settings."""
    row = saved_identity()
    if row is None:
        values = {name: getattr(DEFAULTS, name) for name in FIELDS}
    else:
        values = {name: getattr(row, name) or "" for name in FIELDS}
    if not values["bank_account_number"]:
        config = current_app.config
        values.update(
            bank_name=config["BANK_TRANSFER_BANK"],
            bank_account_name=config["BANK_TRANSFER_ACCOUNT_NAME"],
            bank_account_number=config["BANK_TRANSFER_ACCOUNT_NUMBER"],
            bank_swift=config["BANK_TRANSFER_SWIFT"],
        )
    return Identity(**values)


def update_identity(values: dict, *, actor) -> TradingHouseIdentity:
    """Save the identity (admin); names, address and registrations are checked."""
    clean = {name: str(values.get(name) or "").strip()[: _MAX.get(name, 2000)] for name in FIELDS}
    if not clean["legal_name"]:
        raise DomainError(_l("Enter the legal name."), field="legal_name")
    if not clean["address"]:
        raise DomainError(_l("Enter the address."), field="address")
    clean["nib"] = normalize_nib(clean["nib"]) or ""
    clean["npwp"] = normalize_npwp(clean["npwp"]) or ""
    swift = clean["bank_swift"].replace(" ", "").upper()
    if swift and not _SWIFT.match(swift):
        raise DomainError(
            _l("A SWIFT/BIC code has 8 or 11 letters and digits, e.g. BRINIDJA."),
            field="bank_swift",
        )
    clean["bank_swift"] = swift
    if bool(clean["bank_name"]) != bool(clean["bank_account_number"]):
        raise DomainError(
            _l("Enter both the bank and the account number, or neither."),
            field="bank_account_number",
        )
    row = saved_identity()
    if row is None:
        row = TradingHouseIdentity(id=1)
        db.session.add(row)
    before = {name: getattr(row, name, None) for name in FIELDS}
    for name, value in clean.items():
        setattr(row, name, value)
    row.updated_by_id = actor.id
    changed = sorted(name for name in FIELDS if before[name] != clean[name])
    audit.record("trading_house.identity", actor=actor, subject=row, changed=changed)
    db.session.flush()
    return row
