"""Demo accounts for every role. The README lists them; all share :data:`DEMO_PASSWORD`."""

from typing import Any

from trading_house.accounts.services import create_user, find_user_by_email

#: The password of every demo account (the enterprises seed uses it for the SME owners too).
DEMO_PASSWORD = "Demo-Sulsel-2026"  # noqa: S105 - published demo credentials

DEMO_USERS: tuple[dict[str, Any], ...] = (
    {
        "email": "admin@rumahdagang.id",
        "display_name": "Andi Rahmawati",
        "roles": ("admin",),
        "country": "ID",
    },
    {
        "email": "kurator@rumahdagang.id",
        "display_name": "Nurhayati Syam",
        "roles": ("curator",),
        "country": "ID",
    },
    {
        "email": "kurator2@rumahdagang.id",
        "display_name": "Muhammad Ikhsan",
        "roles": ("curator",),
        "country": "ID",
    },
    {
        "email": "pembeli@rumahdagang.id",
        "display_name": "Rina Wulandari",
        "roles": ("buyer",),
        "country": "ID",
        "buyer_type": "retail",
    },
    {
        "email": "importer@rumahdagang.id",
        "display_name": "Kenji Tanaka",
        "roles": ("buyer",),
        "company": "Sakura Craft Trading Co., Ltd.",
        "country": "JP",
        "buyer_type": "importer",
        "preferred_language": "en",
        "preferred_currency": "JPY",
        "timezone": "Asia/Tokyo",
    },
    {
        "email": "buyer2@rumahdagang.id",
        "display_name": "Sanne de Vries",
        "roles": ("buyer",),
        "company": "Oranje Specialty Imports B.V.",
        "country": "NL",
        "buyer_type": "importer",
        "preferred_language": "en",
        "preferred_currency": "EUR",
        "timezone": "Europe/Amsterdam",
    },
)


def seed_demo() -> None:
    """Create the demo accounts that do not exist yet (verified, ready to sign in)."""
    for spec in DEMO_USERS:
        if find_user_by_email(spec["email"]) is not None:
            continue
        fields = dict(spec)
        create_user(
            fields.pop("email"),
            DEMO_PASSWORD,
            fields.pop("display_name"),
            fields.pop("roles"),
            verified=True,
            **fields,
        )
