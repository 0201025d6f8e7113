"""Catalog fixtures: seeded categories, SMEs with enterprises, real images made with Pillow."""

import io

import pytest
from PIL import Image, ImageDraw

import trading_house.core.images  # noqa: F401 - registers the HEIC opener
from trading_house.catalog.seed import seed_categories
from trading_house.extensions import db


@pytest.fixture
def categories(app):
    """The real category tree, by slug."""
    with app.app_context():
        tree = seed_categories()
        db.session.commit()
        ids = {slug: c.id for slug, c in tree.items()}
        db.session.remove()
    return ids


@pytest.fixture
def sme(factory):
    """An SME owner with an enterprise in Tana Toraja."""
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner, name="Kopi Sapan", regency_code="7318")
    return owner, enterprise


@pytest.fixture
def other_sme(factory):
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner, name="Sutra Sengkang", regency_code="7313")
    return owner, enterprise


def image_bytes(width=1200, height=900, fmt="JPEG", colour=(122, 46, 29), **save) -> bytes:
    """A real photo-like image with some detail, encoded by Pillow."""
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, width, 60):
        draw.line([(i, 0), (width - i, height)], fill=(224, 165, 38), width=8)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return buffer.getvalue()


@pytest.fixture
def jpeg():
    return image_bytes()
