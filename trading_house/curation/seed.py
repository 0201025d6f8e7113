"""Demo data for curation (runs after the catalog's): listings in every state of the workflow.

Everything goes through the real services — pre-checks, submission, claims, decisions,
revisions, suspension — so the demo shows what curators and SMEs really see:
waiting in the queue, changes requested (with feedback), rejected, approved, published with a
pending revision, suspended; plus identity documents for the businesses awaiting verification.
"""

import io
import logging
import random
from datetime import timedelta

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select, update

from trading_house.accounts.models import User
from trading_house.accounts.services import find_user_by_email
from trading_house.catalog import services as catalog
from trading_house.catalog.models import Category, Product, ProductEvent
from trading_house.catalog.photos import add_photo
from trading_house.core.clock import utcnow
from trading_house.curation import identity, revisions, services
from trading_house.curation.content import content_of
from trading_house.curation.models import Review
from trading_house.curation.settings import ensure_default_reasons
from trading_house.enterprises.models import Enterprise, Membership
from trading_house.extensions import db

log = logging.getLogger(__name__)

#: (key, enterprise index, category slug, Indonesian name, English name, price, HS code, colours)
LISTINGS = (
    (
        "queue_old",
        0,
        "kopi-arabika",
        "Kopi Arabika Sapan Honey Process 250 g",
        "Sapan Honey Process Arabica Coffee 250 g",
        95000,
        "09011190",
        ((92, 52, 30), (224, 165, 38)),
    ),
    (
        "queue_new",
        2,
        "sarung-sutra",
        "Sarung Sutera Sengkang Motif Balo Renni",
        "Sengkang Silk Sarong, Balo Renni Pattern",
        650000,
        "50072090",
        ((120, 24, 60), (240, 200, 90)),
    ),
    (
        "changes",
        0,
        "kopi-arabika",
        "Kopi Toraja Peaberry Sangrai Medium 500 g",
        "Toraja Peaberry Coffee, Medium Roast 500 g",
        180000,
        "09012120",
        ((70, 40, 20), (200, 140, 60)),
    ),
    (
        "rejected",
        2,
        "kain-selendang-sutra",
        "Selendang Batik Cetak Pabrik",
        "Factory Printed Batik Scarf",
        85000,
        "62141090",
        ((30, 60, 120), (230, 230, 230)),
    ),
    (
        "approved",
        0,
        "kopi-arabika",
        "Kopi Arabika Sapan Proses Natural 250 g",
        "Sapan Natural Process Arabica Coffee 250 g",
        98000,
        "09012110",
        ((40, 100, 50), (220, 230, 160)),
    ),
    (
        "revised",
        1,
        "kopi-arabika",
        "Kopi Arabika Kalosi Biji Sangrai 1 kg",
        "Kalosi Arabica Roasted Beans 1 kg",
        310000,
        "09012110",
        ((60, 35, 25), (190, 120, 70)),
    ),
    (
        "suspended",
        4,
        "sirup-minuman",
        "Sirup Markisa Asli Makassar 620 ml",
        "Pure Makassar Passion Fruit Syrup 620 ml",
        48000,
        "20098999",
        ((230, 150, 30), (90, 40, 90)),
    ),
)

#: What each demo listing really is: texts, SKU, packed weight (g), packed size (mm), materials.
DETAILS = {
    "queue_old": (
        "Kopi arabika dari lereng Sapan, Toraja Utara, dipetik merah dan diproses madu, disangrai "
        "medium. Rasa gula aren dan jeruk. Kemasan 250 g berkatup satu arah.",
        "Arabica from the Sapan slopes of North Toraja, red-cherry picked, honey processed and "
        "medium roasted. Palm sugar and citrus notes. 250 g bag with a one-way valve.",
        "KTS-HON-250",
        270,
        (190, 120, 60),
        "Biji kopi arabika Sapan",
    ),
    "queue_new": (
        "Sarung sutera tenun tangan dari Tosora, Wajo, motif balo renni (kotak kecil) warna merah "
        "marun. Ukuran 200 × 110 cm, ditenun 3 minggu dengan alat tenun gedogan.",
        "Hand-woven silk sarong from Tosora, Wajo, in the balo renni (small check) pattern, "
        "maroon. 200 × 110 cm, woven over three weeks on a backstrap loom.",
        "TST-BR-MRN",
        420,
        (300, 250, 40),
        "Benang sutera Wajo",
    ),
    "changes": (
        "Kopi arabika peaberry (biji lanang) Toraja yang dipisahkan dengan tangan, disangrai "
        "medium. Body penuh, rasa cokelat dan kayu manis. Kemasan 500 g.",
        "Hand-sorted Toraja peaberry arabica, medium roast. Full body with chocolate and "
        "cinnamon notes. 500 g bag.",
        "KTS-PB-500",
        530,
        (230, 140, 70),
        "Biji kopi arabika peaberry",
    ),
    "rejected": (
        "Selendang katun bermotif batik hasil cetak mesin, 180 × 50 cm, dibeli dari pemasok di "
        "Jawa dan dijual kembali oleh kelompok kami.",
        "Cotton scarf with a machine-printed batik pattern, 180 × 50 cm, bought from a supplier "
        "in Java and resold by our group.",
        "TST-SCARF-P",
        150,
        (250, 200, 20),
        "Katun cetak",
    ),
    "approved": (
        "Kopi arabika Sapan proses natural: ceri dijemur utuh di para-para selama tiga minggu, "
        "lalu disangrai terang. Rasa buah beri dan anggur. Kemasan 250 g.",
        "Sapan arabica, natural process: whole cherries dried on raised beds for three weeks, "
        "then light roasted. Berry and wine notes. 250 g bag.",
        "KTS-NAT-250",
        270,
        (190, 120, 60),
        "Biji kopi arabika Sapan",
    ),
    "revised": (
        "Biji kopi arabika Kalosi dari kebun 1.500 m di Enrekang, disangrai medium-dark untuk "
        "espresso dan tubruk. Kemasan 1 kg untuk kafe dan rumah makan.",
        "Kalosi arabica beans from 1,500 m gardens in Enrekang, medium-dark roast for espresso "
        "and tubruk. 1 kg bag for cafés and restaurants.",
        "KKE-MD-1000",
        1040,
        (300, 180, 90),
        "Biji kopi arabika Kalosi",
    ),
    "suspended": (
        "Sirup markisa asli Makassar dari buah markisa ungu Malino, tanpa pewarna. Encerkan satu "
        "bagian sirup dengan empat bagian air. Botol kaca 620 ml.",
        "Pure Makassar passion fruit syrup from purple Malino passion fruit, no colouring. Mix "
        "one part syrup with four parts water. 620 ml glass bottle.",
        "PMS-MRK-620",
        980,
        (80, 80, 290),
        "Sari buah markisa, gula pasir",
    ),
}


def seed_demo() -> None:
    ensure_default_reasons()
    if db.session.scalar(select(func.count(Review.id))):
        return  # already seeded
    curator = find_user_by_email("kurator@rumahdagang.id")
    enterprises = list(db.session.scalars(select(Enterprise).order_by(Enterprise.id)))
    if curator is None or len(enterprises) < 3:
        log.warning("curation demo needs the accounts, enterprises and catalog seeds first")
        return
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    rng = random.Random(404)  # noqa: S311 - reproducible demo data
    made = {}
    for key, index, slug, name_id, name_en, price, hs_code, palette in LISTINGS:
        enterprise = enterprises[min(index, len(enterprises) - 1)]
        owner = _owner(enterprise)
        product = _listing(enterprise, owner, categories[slug], (name_id, name_en), price, key)
        product.hs_code = hs_code
        for number in range(3):
            photo = add_photo(product, _draw(name_en, palette, number, rng), actor=owner)
            photo.alt_text = f"{name_en} ({number + 1})"
        db.session.flush()
        services.submit_listing(product, actor=owner)
        made[key] = product

    _backdate_submission(made["queue_old"], days=4)
    _backdate_submission(made["queue_new"], hours=5)
    _decide(
        made["changes"],
        curator,
        "changes_requested",
        ["photos_quality", "english_text"],
        "Foto kedua terlalu gelap. Tolong tambahkan cara penyeduhan di deskripsi.",
        {"description_english": "Please add brewing advice (grind, water temperature)."},
    )
    _decide(
        made["rejected"],
        curator,
        "rejected",
        ["not_local"],
        "Kain ini hasil cetak pabrik dari luar Sulawesi Selatan, bukan tenun anggota.",
        {},
    )
    for key in ("approved", "revised", "suspended"):
        _decide(made[key], curator, "approved", [], None, {})
    _propose_revision(made["revised"])
    services.suspend_listing(
        made["suspended"],
        curator=curator,
        reasons=["buyer_complaints"],
        feedback="Dua pembeli melaporkan tutup botol bocor. Kirim foto kemasan baru, lalu kami "
        "aktifkan kembali.",
    )
    _identity_documents()
    db.session.flush()


def _owner(enterprise: Enterprise) -> User | None:
    return db.session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.enterprise_id == enterprise.id, Membership.role == "owner")
        .order_by(Membership.id)
        .limit(1)
    )


def _listing(enterprise, owner, category, names, price, key) -> Product:
    name_id, name_en = names
    text_id, text_en, sku, weight, size, materials = DETAILS[key]
    length, width, height = size
    data = {
        "name_indonesian": name_id,
        "name_english": name_en,
        "description_indonesian": text_id,
        "description_english": text_en,
        "category_id": category.id,
        "sku": sku,
        "retail_price_idr": price,
        "export_moq": None,
        "export_unit": "pcs",
        "stock": 40,
        "weight_grams": weight,
        "length_mm": length,
        "width_mm": width,
        "height_mm": height,
        "materials": materials,
        "hs_code": None,
        "origin_regency_code": None,
        "lead_time_days": 7,
        "sample_available": True,
        "tiers": [(12, int(price * 0.9))],
    }
    return catalog.create_product(enterprise, data, actor=owner)


def _draw(title: str, palette, number: int, rng) -> bytes:
    """A 1200 × 1000 "photo": background, a few shapes and the product's name."""
    background, accent = palette
    image = Image.new("RGB", (1200, 1000), background)
    draw = ImageDraw.Draw(image)
    for _ in range(12 + number * 4):
        x, y, r = rng.randint(0, 1200), rng.randint(0, 1000), rng.randint(30, 140)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=accent, width=6)
    font = ImageFont.load_default(size=54)
    draw.text((600, 900), title[:34], fill=(250, 245, 235), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _backdate_submission(product: Product, *, days: int = 0, hours: int = 0) -> None:
    moment = utcnow() - timedelta(days=days, hours=hours)
    db.session.execute(
        update(ProductEvent)
        .where(ProductEvent.product_id == product.id, ProductEvent.to_status == "submitted")
        .values(created_at=moment)
        .execution_options(synchronize_session=False)
    )


def _decide(product, curator, decision, reasons, feedback, notes) -> None:
    _backdate_submission(product, days=2)
    _revision, version = services.review_target(product)
    services.decide_listing(
        product,
        curator=curator,
        decision=decision,
        seen_version=version,
        reasons=reasons,
        feedback=feedback,
        field_notes=notes,
    )


def _propose_revision(product: Product) -> None:
    """The owner proposes a new description: buyers keep seeing the approved one meanwhile."""
    owner = _owner(product.enterprise)
    data = content_of(product)
    data["description_indonesian"] += " Kini juga tersedia dalam kotak hadiah dengan kartu cerita."
    data["description_english"] += " Now also available in a gift box with a story card."
    data["stock"] = product.stock
    revisions.save_published_edit(product, data, actor=owner)


def _identity_documents() -> None:
    """Certificates for the businesses waiting for their legal-identity check."""
    for enterprise in db.session.scalars(
        select(Enterprise).where(Enterprise.verification_status == "pending")
    ):
        owner = _owner(enterprise)
        for kind in ("nib", "npwp"):
            image = Image.new("RGB", (1000, 700), (250, 250, 245))
            draw = ImageDraw.Draw(image)
            font = ImageFont.load_default(size=40)
            number = enterprise.nib if kind == "nib" else enterprise.npwp
            draw.text((60, 80), kind.upper(), fill=(20, 20, 20), font=font)
            draw.text((60, 180), enterprise.name[:40], fill=(20, 20, 20), font=font)
            draw.text((60, 280), number or "-", fill=(20, 20, 20), font=font)
            buffer = io.BytesIO()
            image.save(buffer, "PNG")
            identity.upload(
                enterprise, kind, buffer.getvalue(), f"{kind}-{enterprise.slug}.png", actor=owner
            )
