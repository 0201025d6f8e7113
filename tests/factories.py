"""Plain factory functions for test data. Each commits so HTTP requests see the rows."""

import itertools

from trading_house.accounts.models import User, UserRole
from trading_house.accounts.passwords import hash_password
from trading_house.core.clock import utcnow
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db

_seq = itertools.count(1)
DEFAULT_PASSWORD = "Sulawesi-Selatan-2026"


class Factory:
    def user(self, *roles, email=None, password=DEFAULT_PASSWORD, verified=True, **fields):
        n = next(_seq)
        user = User(
            email=(email or f"user{n}@example.com").lower(),
            password_hash=hash_password(password),
            display_name=fields.pop("display_name", f"User {n}"),
            # Tests read in English; a test about Indonesian e-mails sets "id" itself.
            preferred_language=fields.pop("preferred_language", "en"),
            email_verified_at=utcnow() if verified else None,
            **fields,
        )
        user.roles = [UserRole(role=r) for r in (roles or ("buyer",))]
        db.session.add(user)
        db.session.commit()
        return user

    def enterprise(self, owner=None, *, staff=(), **fields):
        n = next(_seq)
        owner = owner or self.user("sme")
        enterprise = Enterprise(
            name=fields.pop("name", f"UMKM Contoh {n}"),
            slug=fields.pop("slug", f"umkm-contoh-{n}"),
            legal_form=fields.pop("legal_form", "ud"),
            regency_code=fields.pop("regency_code", "7371"),
            **fields,
        )
        enterprise.members = [Membership(user_id=owner.id, role="owner")] + [
            Membership(user_id=s.id, role="staff") for s in staff
        ]
        db.session.add(enterprise)
        db.session.commit()
        return enterprise


def _catalog():
    from trading_house.catalog import models

    return models


def category(self, name="Kopi & Teh", *, parent=None, slug=None):
    """A category (a child of ``parent`` when given)."""
    m = _catalog()
    n = next(_seq)
    cat = m.Category(
        name_indonesian=name,
        name_english=f"{name} (en)",
        slug=slug or f"kategori-{n}",
        parent_id=getattr(parent, "id", None),
    )
    db.session.add(cat)
    db.session.commit()
    return cat


def product(self, enterprise=None, *, category=None, status="approved", **fields):
    """A product; published (``approved``) unless ``status`` says otherwise."""
    m = _catalog()
    n = next(_seq)
    enterprise = enterprise or self.enterprise()
    category = category or self.category()
    product = m.Product(
        enterprise_id=enterprise.id,
        category_id=category.id,
        slug=fields.pop("slug", f"produk-{n}"),
        name_indonesian=fields.pop("name_indonesian", f"Kopi Toraja {n}"),
        name_english=fields.pop("name_english", f"Toraja Coffee {n}"),
        description_indonesian=fields.pop("description_indonesian", "Kopi arabika dari Toraja."),
        description_english=fields.pop("description_english", "Arabica coffee from Toraja."),
        sku=fields.pop("sku", f"SKU-{n}"),
        retail_price_idr=fields.pop("retail_price_idr", 85000),
        stock=fields.pop("stock", 50),
        status=status,
        published_at=fields.pop("published_at", utcnow() if status == "approved" else None),
        **fields,
    )
    db.session.add(product)
    db.session.commit()
    return product


Factory.category = category
Factory.product = product


def photo(self, product, *, variants=None, position=None, alt_text=""):
    """A product photo row with variant keys (no files: pages only need the keys)."""
    m = _catalog()
    n = next(_seq)
    row = m.ProductPhoto(
        product_id=product.id,
        position=n if position is None else position,
        alt_text=alt_text,
        original_key=f"originals/test/{n}.jpg",
        width=1200,
        height=1200,
        variants=variants
        if variants is not None
        else {str(w): f"p/te/test{n}-{w}.webp" for w in (400, 800, 1600)},
    )
    db.session.add(row)
    db.session.commit()
    return row


Factory.photo = photo
