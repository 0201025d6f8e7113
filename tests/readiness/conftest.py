"""Readiness fixtures: a small hand-made checklist (easy to compute by hand) and helpers."""

import io
from datetime import UTC, date, datetime

import pytest
from fpdf import FPDF
from PIL import Image

from tests.inquiries.conftest import limited_app, limits_on  # noqa: F401 - rate-limit fixtures
from trading_house.core import clock
from trading_house.core.clock import utcnow
from trading_house.core.models import Document
from trading_house.extensions import db
from trading_house.readiness.lifecycle import transition
from trading_house.readiness.models import (
    ChecklistItem,
    ChecklistTemplate,
    ReadinessAnswer,
    ReadinessSettings,
)

#: code, scope, pillar, weight, mandatory, document, number format, expiry, category keys
SMALL_ITEMS = [
    ("ent.nib", "enterprise", "legal", 10, True, True, "nib", False, ()),
    ("ent.bank", "enterprise", "commercial", 5, False, False, "bank_account", False, ()),
    ("ent.capacity", "enterprise", "capacity", 5, True, True, None, False, ()),
    ("ent.svlk_company", "enterprise", "legal", 10, False, True, None, False, ("wood",)),
    ("prod.hs", "product", "product", 6, True, False, "hs_code", False, ()),
    ("prod.halal", "product", "product", 4, True, True, "halal", False, ("food",)),
    (
        "prod.registration",
        "product",
        "product",
        4,
        False,
        True,
        "food_registration",
        True,
        ("food",),
    ),
    ("prod.price", "product", "commercial", 5, False, False, None, False, ()),
]


def pdf_bytes(text: str = "Evidence") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


class Readiness:
    """Helpers that write committed rows, like ``tests.factories.Factory``."""

    def __init__(self, factory):
        self.factory = factory

    def categories(self):
        """food (with a child 'snacks'), wood and textile categories."""
        if not hasattr(self, "_cats"):
            food = self.factory.category("Makanan Olahan", slug="makanan-olahan")
            snacks = self.factory.category("Camilan", parent=food, slug="kue-camilan")
            wood = self.factory.category("Kayu", slug="kerajinan-kayu")
            textile = self.factory.category("Tenun", slug="tenun-sutra")
            self._cats = {"food": food, "snacks": snacks, "wood": wood, "textile": textile}
        return self._cats

    def template(self, items=SMALL_ITEMS, version=1, status="published"):
        cats = self.categories()
        template = ChecklistTemplate(
            version=version,
            status=status,
            published_at=utcnow() if status == "published" else None,
        )
        for position, spec in enumerate(items):
            code, scope, pillar, weight, mandatory, document, number, expiry, keys = spec
            item = ChecklistItem(
                code=code,
                scope=scope,
                pillar=pillar,
                weight=weight,
                mandatory=mandatory,
                needs_document=document,
                needs_number=number is not None,
                number_format=number,
                needs_expiry=expiry,
                position=position,
                title_english=f"Title {code}",
                title_indonesian=f"Judul {code}",
                guidance_english=f"Guidance for {code}",
                guidance_indonesian=f"Panduan untuk {code}",
                next_step_english=f"Next step for {code}",
                next_step_indonesian=f"Langkah berikut untuk {code}",
                issuing_body=f"Body of {code}",
                typical_days=10 * (position + 1),
                typical_cost_idr=100_000,
            )
            item.categories = [cats[k] for k in keys]
            template.items.append(item)
        db.session.add(template)
        if db.session.get(ReadinessSettings, 1) is None:
            db.session.add(ReadinessSettings(id=1))
        db.session.commit()
        return template

    def item(self, code, template=None):
        query = db.select(ChecklistItem).where(ChecklistItem.code == code)
        if template is not None:
            query = query.where(ChecklistItem.template_id == template.id)
        else:
            query = query.join(ChecklistTemplate).where(ChecklistTemplate.status == "published")
        return db.session.scalar(query)

    def answer(self, enterprise, code, state="verified", product=None, actor=None, **fields):
        """An answer moved through the real lifecycle to ``state`` (committed)."""
        item = self.item(code)
        documents = fields.pop("documents", None)
        answer = ReadinessAnswer(
            item=item,
            enterprise_id=enterprise.id,
            product_id=getattr(product, "id", None),
            state="missing",
            note=fields.pop("note", "stated"),
            **fields,
        )
        if item.needs_document:
            answer.documents = documents or [self.document(enterprise=enterprise)]
        db.session.add(answer)
        path = {
            "declared": ["declared"],
            "submitted": ["submitted"],
            "verified": ["submitted", "verified"],
            "rejected": ["submitted", "rejected"],
            "expired": ["submitted", "verified", "expired"],
        }[state]
        for step in path:
            transition(answer, step, actor=actor, note="note" if step == "rejected" else None)
        db.session.commit()
        return answer

    def document(self, data=None, enterprise=None, filename="evidence.pdf"):
        from trading_house.core.uploads import store_document

        document = store_document(
            data or pdf_bytes(),
            filename,
            folder="evidence",
            enterprise_id=getattr(enterprise, "id", None),
        )
        db.session.commit()
        return document


@pytest.fixture
def rd(factory):
    return Readiness(factory)


@pytest.fixture
def frozen():
    """Freeze the clock at a moment (``frozen(datetime)``); released after the test."""

    def _freeze(moment):
        clock.freeze(moment)
        return moment

    yield _freeze
    clock.freeze(None)


NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 in Makassar
TODAY = date(2026, 3, 2)

__all__ = ["Document", "NOON", "TODAY", "pdf_bytes", "png_bytes"]


@pytest.fixture
def login(login):
    """Sign in, then browse in English (the tests read English messages)."""

    def _login(user, *args, **kwargs):
        target = login(user, *args, **kwargs)
        target.get("/?lang=en")
        return target

    return _login


@pytest.fixture
def ctx(app):
    """A test request in English, for calling services directly."""
    with app.test_request_context("/?lang=en"):
        yield
        db.session.remove()
