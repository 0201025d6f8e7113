"""Demo enterprises (with owner accounts and drawn logos) and the exchange rates."""

import io
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import select

from trading_house.accounts.seed import DEMO_PASSWORD
from trading_house.accounts.services import create_user, find_user_by_email
from trading_house.core.models import ExchangeRate
from trading_house.core.rates import set_rate
from trading_house.enterprises.demo_data import ENTERPRISES, EXCHANGE_RATES
from trading_house.enterprises.logos import store_logo
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.enterprises.services import (
    clean_profile,
    create_enterprise,
    set_verification_status,
)
from trading_house.extensions import db

#: The first demo enterprise can also be reached with this simple address.
SHORT_DEMO_EMAIL = "umkm@rumahdagang.id"
#: A staff member (not an owner) of the first demo enterprise, to see what staff may do.
STAFF_DEMO_EMAIL = "staf@rumahdagang.id"


def owner_email(index: int) -> str:
    return f"umkm{index}@rumahdagang.id"


def seed_demo() -> None:
    """Exchange rates first (prices convert from the start), then the enterprises."""
    seed_exchange_rates()
    admin = find_user_by_email("admin@rumahdagang.id")
    for index, spec in enumerate(ENTERPRISES, start=1):
        _seed_enterprise(index, spec, admin)
    db.session.flush()


def seed_exchange_rates() -> None:
    existing = set(db.session.scalars(select(ExchangeRate.currency)))
    for currency, rate in EXCHANGE_RATES.items():
        if currency not in existing:
            set_rate(currency, rate, actor=None)


def _sme_account(email: str, display_name: str):
    user = find_user_by_email(email)
    if user is None:
        user = create_user(email, DEMO_PASSWORD, display_name, ("sme",), verified=True)
    return user


def _seed_enterprise(index: int, spec: Any, admin) -> None:
    owner = _sme_account(owner_email(index), spec["owner"])
    if db.session.scalar(
        select(Membership.id).where(Membership.user_id == owner.id, Membership.role == "owner")
    ):
        return  # already seeded
    enterprise = create_enterprise(
        owner, name=spec["name"], legal_form=spec["legal_form"], regency_code=spec["regency_code"]
    )
    profile = {
        key: spec[key]
        for key in (
            "address",
            "phone",
            "nib",
            "npwp",
            "story_indonesian",
            "story_english",
            "monthly_capacity",
            "export_experience",
            "founded_year",
            "employees",
        )
    }
    profile["contact_email"] = owner.email
    for name, value in clean_profile(profile).items():  # the same rules as the profile form
        setattr(enterprise, name, value)
    enterprise.logo_key = store_logo(_draw_logo(spec["name"], spec["colour"]))
    if index == 1:
        short = _sme_account(SHORT_DEMO_EMAIL, spec["owner"])
        # A co-owner: the short demo address has the same rights as umkm1@.
        enterprise.members.append(Membership(user_id=short.id, role="owner"))
        staff = _sme_account(STAFF_DEMO_EMAIL, "Yuliana Rante")
        enterprise.members.append(Membership(user_id=staff.id, role="staff"))
    db.session.flush()
    status = spec["verification"]
    if status == "verified":
        set_verification_status(enterprise, "verified", actor=admin)
    elif status in ("pending", "rejected"):
        set_verification_status(enterprise, "pending", actor=owner)
        if status == "rejected":
            set_verification_status(
                enterprise, "rejected", actor=admin, note="NPWP tidak sesuai nama usaha."
            )


def _business_initials(name: str) -> str:
    skip = {"pt", "cv", "ud", "koperasi", "kelompok", "&", "dan", "produsen"}
    words = [w for w in name.replace("'", "").split() if w.lower() not in skip]
    return "".join(w[0] for w in words[:2]).upper() or "RD"


def _draw_logo(name: str, colour: tuple[int, int, int]) -> bytes:
    """A round badge with the enterprise's initials, drawn at seed time (no downloads)."""
    size = 512
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(*colour, 255))
    draw.ellipse((40, 40, size - 40, size - 40), outline=(245, 225, 180, 255), width=10)
    font = ImageFont.load_default(size=190)
    draw.text(
        (size / 2, size / 2),
        _business_initials(name),
        fill=(255, 248, 230, 255),
        font=font,
        anchor="mm",
    )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def demo_enterprises() -> list[Enterprise]:
    return list(db.session.scalars(select(Enterprise).order_by(Enterprise.id)))
