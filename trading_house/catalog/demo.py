"""Demo listings with photos drawn by Pillow at seed time (no downloads).

Every listing goes through the real services (``create_product``, ``publish_product``) and every
photo through the real photo service (``add_photo`` → variants rendered after the commit), so
the demo exercises the same code as an SME's phone.
"""

import io
import logging
import math
import random
from datetime import timedelta

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select

from trading_house.catalog import services
from trading_house.catalog.demo_data import BASES, Base
from trading_house.catalog.models import Category, Product
from trading_house.catalog.photos import add_photo
from trading_house.catalog.rules import MIN_PHOTOS
from trading_house.core.clock import utcnow
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.regions import regency_name
from trading_house.extensions import db

log = logging.getLogger(__name__)

#: Share of listings left as drafts; the rest are published.
DRAFT_EVERY = 9
FEATURED = 10
#: Photos per published listing: at least the pre-check's minimum (catalog/rules.py), so every
#: listing a buyer sees is one a curator could have approved. Drafts may have fewer.
PHOTO_COUNTS = (MIN_PHOTOS, MIN_PHOTOS, MIN_PHOTOS, MIN_PHOTOS + 1)
DRAFT_PHOTO_COUNTS = (1, 2)


def seed_demo_products() -> int:
    """Create the demo listings once (nothing happens when products already exist)."""
    if db.session.scalar(select(func.count(Product.id))):
        return 0
    enterprises = list(db.session.scalars(select(Enterprise).order_by(Enterprise.id)))
    if not enterprises:
        log.warning("no enterprises to attach demo products to; seed enterprises first")
        return 0
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    admin = _admin()
    rng = random.Random(2026)  # noqa: S311 - demo data, reproducible on purpose
    now = utcnow()
    created = 0
    featured_categories: set[str] = set()
    for base_index, base in enumerate(BASES):
        enterprise = _maker(base, base_index, enterprises)
        for variant_index, variant in enumerate(base.variants):
            product = _create(base, variant, base_index, variant_index, enterprise, categories, rng)
            published = (base_index + variant_index) % DRAFT_EVERY != DRAFT_EVERY - 1
            if published:
                services.publish_product(product, actor=admin, note="demo")
                product.published_at = now - timedelta(
                    days=rng.randint(0, 150), minutes=rng.randint(0, 1440)
                )
                if len(featured_categories) < FEATURED and base.category not in featured_categories:
                    if variant_index == 0 and base_index % 3 == 0:
                        services.set_featured(product, True)
                        featured_categories.add(base.category)
            for number in range(rng.choice(PHOTO_COUNTS if published else DRAFT_PHOTO_COUNTS)):
                photo = add_photo(product, draw_photo(base, variant, number, rng), actor=None)
                photo.alt_text = _alt(product, number)
            created += 1
    db.session.flush()
    return created


def _admin():
    from trading_house.accounts.models import User, UserRole

    return db.session.scalar(
        select(User).join(UserRole).where(UserRole.role == "admin").order_by(User.id).limit(1)
    )


#: Words in an enterprise's name that make it the likelier maker of a category's products.
MAKER_HINTS = {
    "tas-kulit": "kulit",
    "dompet-ikat-pinggang": "kulit",
    "sepatu-sandal-kulit": "kulit",
    "pakaian": "tenun",
    "gantungan-kunci-hiasan": "phinisi",
    "sirup-minuman": "markisa",
    "bumbu-sambal": "markisa",
    "kue-camilan": "camilan",
}


def _maker(base: Base, index: int, enterprises: list) -> Enterprise:
    """An enterprise of the product's first home regency that has one, else any enterprise."""
    hint = MAKER_HINTS.get(base.category, "")
    for regency in base.regencies:
        local = [e for e in enterprises if e.regency_code == regency]
        if local:
            fitting = [e for e in local if hint and hint in e.name.lower()]
            pool = fitting or local
            return pool[index % len(pool)]
    return enterprises[index % len(enterprises)]


def _create(base, variant, base_index, variant_index, enterprise, categories, rng) -> Product:
    data = listing_data(base, variant, base_index, variant_index, enterprise, categories, rng)
    return services.create_product(enterprise, data, actor=None)


def listing_data(base, variant, base_index, variant_index, enterprise, categories, rng) -> dict:
    """The content of one demo listing (also checked against the pre-check by the tests)."""
    suffix_id, suffix_en, price_factor, weight_factor = variant
    price = _round(base.price * price_factor)
    tiers = []
    if rng.random() < 0.75:
        quantities = (10, 50, max(100, base.moq or 0))
        for step, quantity in enumerate(quantities):
            tiers.append((quantity, _round(price * (0.93 - 0.07 * step))))
    length, width, height = base.size or (None, None, None)
    weight = max(1, round(base.weight * weight_factor))
    place = regency_name(enterprise.regency_code) or ""
    # A few domestic listings have no English yet: they wait in the curators' translation
    # queue. An export listing (minimum order) always has its English text.
    english = rng.random() > 0.05
    data = {
        "name_indonesian": f"{base.name_id} {suffix_id}".strip(),
        "name_english": f"{base.name_en} {suffix_en}".strip(),
        "description_indonesian": base.desc_id
        + f" Bahan: {base.materials.lower()}. Berat kemas {weight} g. Dibuat di {place}.",
        "description_english": (
            base.desc_en + f" Packed weight {weight} g. Made in {place}, South Sulawesi."
            if english
            else ""
        ),
        "category_id": categories[base.category].id,
        "sku": f"{_product_initials(base.name_id)}-{base_index:02d}{variant_index}",
        "retail_price_idr": price,
        "export_moq": base.moq if english else None,
        "export_unit": base.unit,
        "stock": 0 if rng.random() < 0.12 else rng.randint(5, 400),
        "weight_grams": weight,
        "length_mm": length,
        "width_mm": width,
        "height_mm": height,
        "materials": base.materials,
        "hs_code": base.hs,
        "origin_regency_code": enterprise.regency_code,
        "lead_time_days": base.lead,
        "sample_available": base.sample,
        "tiers": tiers,
    }
    return data


def _round(amount: float) -> int:
    """Rupiah prices end in 500 or 000, like real price tags."""
    return max(500, int(round(amount / 500.0)) * 500)


def _product_initials(name: str) -> str:
    words = [w for w in name.replace("'", "").split() if w[:1].isalpha()]
    return "".join(w[0] for w in words[:3]).upper() or "P"


def _alt(product: Product, number: int) -> str:
    if number == 0:
        return product.name_indonesian
    return f"{product.name_indonesian} ({number + 1})"


# --- drawing -------------------------------------------------------------------------------


def draw_photo(base: Base, variant, number: int, rng: random.Random) -> bytes:
    """A product "photo": a coloured background, a motif, the initials; JPEG, ≥ 1000 px."""
    width = 1000  # the smallest size a curator accepts: keeps seeding fast
    height = width if number % 2 == 0 else int(width * 0.75)
    background, accent = base.palette
    shift = (number * 17 + len(variant[0]) * 5) % 40 - 20
    background = tuple(max(0, min(255, c + shift)) for c in background)
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    MOTIFS.get(base.motif, _dots)(draw, width, height, accent, rng)
    _draw_label(
        draw, width, height, _product_initials(base.name_id), variant[0], background, accent
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _draw_label(draw, width, height, initials, caption, background, accent) -> None:
    radius = min(width, height) // 4
    cx, cy = width // 2, height // 2
    draw.ellipse(
        [cx - radius, cy - radius, cx + radius, cy + radius],
        fill=background,
        outline=accent,
        width=12,
    )
    font = ImageFont.load_default(size=radius * 0.9)
    draw.text((cx, cy), initials, fill=accent, font=font, anchor="mm")
    if caption:
        small = ImageFont.load_default(size=max(28, width // 22))
        draw.text((cx, height - height // 10), caption, fill=accent, font=small, anchor="mm")


def _dots(draw, w, h, colour, rng):
    step = rng.choice((60, 80, 100))
    for x in range(step // 2, w, step):
        for y in range(step // 2, h, step):
            r = step // 6
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)


def _beans(draw, w, h, colour, rng):
    for _ in range(70):
        x, y = rng.randrange(w), rng.randrange(h)
        a, b = rng.randint(28, 44), rng.randint(20, 30)
        draw.ellipse([x - a, y - b, x + a, y + b], fill=colour)
        draw.arc([x - a // 2, y - b, x + a // 2, y + b], 80, 280, fill=(40, 25, 15), width=4)


def _leaves(draw, w, h, colour, rng):
    for _ in range(45):
        x, y = rng.randrange(w), rng.randrange(h)
        angle, length = rng.uniform(0, math.pi), rng.randint(50, 110)
        dx, dy = math.cos(angle) * length, math.sin(angle) * length
        nx, ny = -dy * 0.35, dx * 0.35
        draw.polygon(
            [(x - dx, y - dy), (x + nx, y + ny), (x + dx, y + dy), (x - nx, y - ny)], fill=colour
        )


def _circles(draw, w, h, colour, rng):
    for _ in range(25):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randint(30, 140)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=colour, width=rng.randint(6, 16))


def _stripes(draw, w, h, colour, rng):
    step = rng.choice((50, 70, 90))
    for x in range(-h, w, step):
        draw.line([(x, 0), (x + h, h)], fill=colour, width=step // 3)


def _checks(draw, w, h, colour, rng):
    step = rng.choice((40, 60))
    for x in range(0, w, step * 2):
        draw.rectangle([x, 0, x + step // 2, h], fill=colour)
    for y in range(0, h, step * 2):
        draw.rectangle([0, y, w, y + step // 2], fill=colour)


def _diamonds(draw, w, h, colour, rng):
    step = rng.choice((80, 110))
    for x in range(0, w + step, step):
        for y in range(0, h + step, step):
            s = step // 2 - 6
            draw.polygon([(x, y - s), (x + s, y), (x, y + s), (x - s, y)], outline=colour, width=6)


def _waves(draw, w, h, colour, rng):
    step = rng.choice((50, 70))
    for y0 in range(0, h + step, step):
        points = [(x, y0 + 18 * math.sin(x / 45.0 + y0)) for x in range(0, w + 20, 20)]
        draw.line(points, fill=colour, width=7)


def _stitch(draw, w, h, colour, rng):
    for inset in (40, 70):
        for x in range(inset, w - inset, 36):
            draw.line([(x, inset), (x + 18, inset)], fill=colour, width=6)
            draw.line([(x, h - inset), (x + 18, h - inset)], fill=colour, width=6)
        for y in range(inset, h - inset, 36):
            draw.line([(inset, y), (inset, y + 18)], fill=colour, width=6)
            draw.line([(w - inset, y), (w - inset, y + 18)], fill=colour, width=6)


def _grain(draw, w, h, colour, rng):
    for y0 in range(0, h, 24):
        phase = rng.uniform(0, 6)
        points = [(x, y0 + 8 * math.sin(x / 120.0 + phase)) for x in range(0, w + 40, 40)]
        draw.line(points, fill=colour, width=3)


def _weave(draw, w, h, colour, rng):
    step = 48
    for i, x in enumerate(range(0, w, step)):
        for j, y in enumerate(range(0, h, step)):
            if (i + j) % 2:
                draw.rectangle([x + 4, y + 14, x + step - 4, y + step - 14], fill=colour)
            else:
                draw.rectangle([x + 14, y + 4, x + step - 14, y + step - 4], fill=colour)


def _sun(draw, w, h, colour, rng):
    cx, cy = w // 2, h // 2
    for r in range(60, max(w, h), 70):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=colour, width=8)
    for k in range(24):
        a = k * math.pi / 12
        draw.line([(cx, cy), (cx + math.cos(a) * w, cy + math.sin(a) * w)], fill=colour, width=5)


def _sails(draw, w, h, colour, rng):
    for _ in range(14):
        x, y, s = rng.randrange(w), rng.randrange(h), rng.randint(60, 160)
        draw.polygon(
            [(x, y - s), (x + s * 0.7, y + s * 0.4), (x - s * 0.2, y + s * 0.4)], fill=colour
        )


def _roof(draw, w, h, colour, rng):
    for y in range(80, h, 180):
        draw.arc([-w // 4, y - 60, w + w // 4, y + 200], 200, 340, fill=colour, width=14)


def _script(draw, w, h, colour, rng):
    for _ in range(140):
        x, y = rng.randrange(w), rng.randrange(h)
        draw.line(
            [(x, y), (x + rng.randint(-30, 30), y + rng.randint(10, 30))], fill=colour, width=6
        )
        draw.line([(x, y), (x + rng.randint(10, 30), y - rng.randint(0, 12))], fill=colour, width=6)


def _hex(draw, w, h, colour, rng):
    r = 48
    for row, y in enumerate(range(0, h + r, int(r * 1.5))):
        for x in range(0, w + r, int(r * 1.74)):
            cx = x + (r * 0.87 if row % 2 else 0)
            points = [
                (
                    cx + r * math.cos(math.pi / 3 * k + math.pi / 6),
                    y + r * math.sin(math.pi / 3 * k + math.pi / 6),
                )
                for k in range(6)
            ]
            draw.polygon(points, outline=colour, width=5)


MOTIFS = {
    "dots": _dots,
    "beans": _beans,
    "leaves": _leaves,
    "circles": _circles,
    "stripes": _stripes,
    "checks": _checks,
    "diamonds": _diamonds,
    "waves": _waves,
    "stitch": _stitch,
    "grain": _grain,
    "weave": _weave,
    "sun": _sun,
    "sails": _sails,
    "roof": _roof,
    "script": _script,
    "hex": _hex,
}
