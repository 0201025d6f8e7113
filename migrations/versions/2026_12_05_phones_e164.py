"""Phone numbers in E.164: enterprise phones and order shipping phones typed before core/phones.

Data only. Each value is read the way ``core/phones.normalize_phone`` reads it (an enterprise
number as Indonesian, a shipping number with the address's country as region) and rewritten as
``+6281234567890``. A value that cannot be read is kept exactly as it was, for its owner to fix
(``flask phones check`` lists them); nothing is lost. The downgrade keeps E.164 (still a number
the old code accepts), so it changes nothing.

Revision ID: i14_share_phones_e164
Revises: i12_settle_settlement
"""

import phonenumbers
import sqlalchemy as sa
from alembic import op

revision = "i14_share_phones_e164"
down_revision = "i12_settle_settlement"
branch_labels = None
depends_on = None


def _e164(value: str | None, region: str | None) -> str | None:
    """The E.164 form of ``value``, or None when it cannot be read (kept as it is)."""
    text = (value or "").strip()
    if not text or any(char.isalpha() for char in text):
        return None
    region = (region or "").strip().upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        region = "ID"
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("62") and region == "ID" and len(text) >= 10:
        text = "+" + text
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _convert(table: str, column: str, region_column: str | None) -> None:
    conn = op.get_bind()
    columns = f"id, {column}" + (f", {region_column}" if region_column else "")
    rows = conn.execute(
        sa.text(f"SELECT {columns} FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''")  # noqa: S608 - fixed names
    ).all()
    for row in rows:
        stored = _e164(row[1], row[2] if region_column else "ID")
        if stored and stored != row[1]:
            conn.execute(
                sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id"),  # noqa: S608
                {"value": stored, "id": row[0]},
            )


def upgrade():
    _convert("enterprises", "phone", None)
    _convert("orders", "ship_phone", "ship_country")


def downgrade():
    pass  # E.164 is a form the old code reads too: nothing to undo
