"""Slugs: the readable part of an address (``kopi-arabika-toraja``), ASCII, unique per table."""

import re
import unicodedata
from typing import Any

from sqlalchemy import select

from trading_house.extensions import db


def slugify(text: str | None, *, fallback: str, max_length: int = 150) -> str:
    """ASCII, lower-case, hyphen-separated, at most ``max_length`` long; ``fallback`` when nothing
    of ``text`` is left (``"!!!"``)."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-") or fallback


def unique_slug(
    model: Any,
    name: str | None,
    *,
    fallback: str,
    max_length: int = 150,
    exclude_id: int | None = None,
) -> str:
    """A slug from ``name`` that no other row of ``model`` uses (``-2``, ``-3``… appended)."""
    base = slugify(name, fallback=fallback, max_length=max_length)
    query = select(model.slug).where((model.slug == base) | model.slug.like(f"{base}-%"))
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    taken = set(db.session.scalars(query))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
