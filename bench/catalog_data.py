"""Generated catalog data for the benchmarks: an app on a given database, migrated, filled with
published products by bulk inserts (the search triggers index each row), and search queries."""

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402

from config import Config  # noqa: E402

#: (Indonesian, English, category key, materials)
KINDS = [
    ("Kopi Arabika", "Arabica Coffee", "coffee", "biji kopi arabika"),
    ("Kopi Robusta", "Robusta Coffee", "coffee", "biji kopi robusta"),
    ("Kopi Bubuk", "Ground Coffee", "coffee", "kopi sangrai"),
    ("Teh Hijau", "Green Tea", "coffee", "daun teh"),
    ("Sarung Sutra", "Silk Sarong", "textile", "benang sutra"),
    ("Lipa Sabbe", "Sabbe Silk Sarong", "textile", "sutra alam"),
    ("Kain Tenun", "Woven Cloth", "textile", "benang katun"),
    ("Selendang Sutra", "Silk Shawl", "textile", "sutra"),
    ("Tas Kulit", "Leather Bag", "leather", "kulit sapi"),
    ("Dompet Kulit", "Leather Wallet", "leather", "kulit domba"),
    ("Sepatu Kulit", "Leather Shoes", "leather", "kulit sapi, karet"),
    ("Ikat Pinggang", "Leather Belt", "leather", "kulit sapi, kuningan"),
    ("Keripik Pisang", "Banana Chips", "food", "pisang, minyak kelapa"),
    ("Sirup Markisa", "Passion Fruit Syrup", "food", "buah markisa, gula"),
    ("Bolu Peca", "Peca Sponge Cake", "food", "tepung, telur"),
    ("Abon Ikan", "Fish Floss", "food", "ikan tuna, rempah"),
    ("Gula Aren", "Palm Sugar", "food", "nira aren"),
    ("Madu Hutan", "Forest Honey", "food", "madu"),
    ("Cokelat Kakao", "Cacao Chocolate", "food", "biji kakao"),
    ("Rumput Laut Kering", "Dried Seaweed", "food", "rumput laut"),
    ("Minyak Tawon", "Tawon Massage Oil", "herbal", "minyak kelapa, rempah"),
    ("Lulur Bugis", "Bugis Body Scrub", "herbal", "beras, kunyit"),
    ("Sabun Herbal", "Herbal Soap", "herbal", "minyak zaitun, sereh"),
    ("Songkok Recca", "Recca Cap", "fashion", "serat lontar"),
    ("Kalung Mutiara", "Pearl Necklace", "fashion", "mutiara laut"),
    ("Gelang Perak", "Silver Bracelet", "fashion", "perak"),
    ("Miniatur Phinisi", "Phinisi Ship Model", "crafts", "kayu jati"),
    ("Tas Rotan", "Rattan Bag", "crafts", "rotan"),
    ("Keranjang Bambu", "Bamboo Basket", "crafts", "bambu"),
    ("Ukiran Toraja", "Toraja Wood Carving", "crafts", "kayu nangka"),
    ("Bantal Tenun", "Woven Cushion", "home", "katun, dakron"),
    ("Taplak Meja", "Table Runner", "home", "sutra, katun"),
    ("Lampu Bambu", "Bamboo Lamp", "home", "bambu"),
    ("Gantungan Kunci", "Keychain", "souvenirs", "kayu"),
    ("Kaos Makassar", "Makassar T-Shirt", "souvenirs", "katun"),
    ("Magnet Kulkas", "Fridge Magnet", "souvenirs", "resin"),
]
ADJECTIVES = [
    ("Premium", "Premium"),
    ("Asli", "Original"),
    ("Tradisional", "Traditional"),
    ("Organik", "Organic"),
    ("Khas Bugis", "Bugis Style"),
    ("Motif Lontara", "Lontara Pattern"),
    ("Edisi Spesial", "Special Edition"),
    ("Kecil", "Small"),
    ("Besar", "Large"),
    ("Klasik", "Classic"),
]
CATEGORIES = {
    "coffee": ("Kopi & Teh", "Coffee & Tea", ["Kopi", "Teh"], ["Coffee", "Tea"]),
    "textile": ("Tenun & Sutra", "Woven Textiles & Silk", ["Sutra", "Tenun"], ["Silk", "Weaving"]),
    "leather": ("Barang Kulit", "Leather Goods", ["Tas", "Aksesori"], ["Bags", "Accessories"]),
    "food": ("Makanan Olahan", "Processed Food", ["Camilan", "Minuman"], ["Snacks", "Drinks"]),
    "herbal": ("Herbal & Kosmetik", "Herbal & Cosmetics", ["Jamu", "Perawatan"], ["Herbs", "Care"]),
    "fashion": ("Fesyen", "Fashion", ["Topi", "Perhiasan"], ["Hats", "Jewellery"]),
    "crafts": ("Kerajinan", "Handicrafts", ["Kayu", "Rotan"], ["Wood", "Rattan"]),
    "home": ("Dekorasi Rumah", "Home Decor", ["Tekstil Rumah", "Lampu"], ["Linen", "Lamps"]),
    "souvenirs": ("Oleh-oleh", "Souvenirs", ["Cendera Mata", "Kaos"], ["Gifts", "T-Shirts"]),
}
REGENCIES = {
    "7318": "Toraja",
    "7313": "Sengkang",
    "7311": "Bone",
    "7371": "Makassar",
    "7316": "Enrekang",
    "7302": "Bulukumba",
    "7308": "Maros",
    "7322": "Luwu",
}
SENTENCES_ID = [
    "Dibuat dengan tangan oleh pengrajin di {place}.",
    "Cocok untuk oleh-oleh dan hadiah.",
    "Dikemas rapi dan siap dikirim ke luar negeri.",
    "Bahan pilihan: {materials}.",
    "Diproduksi dalam jumlah terbatas setiap bulan.",
    "Warna dan motif dapat sedikit berbeda.",
]
SENTENCES_EN = [
    "Handmade by artisans in {place}.",
    "A fine gift and souvenir.",
    "Packed with care and ready for export.",
    "Selected materials: {materials}.",
    "Made in small batches every month.",
    "Colours and patterns may vary slightly.",
]
SYLLABLES = ["ma", "ra", "to", "ke", "li", "sa", "bu", "na", "pa", "lo", "we", "da", "ri", "gu"]
MISSES = ["laptop", "iphone", "sepeda motor", "printer", "kulkas dua pintu", "skateboard"]


class BenchConfig(Config):
    ENV_NAME = "bench"
    SECRET_KEY = "bench-secret-key"  # noqa: S105
    RATELIMIT_ENABLED = False


def make_app(database_url: str, instance: Path, **settings):
    """The app on ``database_url``; ``settings`` override config values (``CACHE_BACKEND``)."""
    from trading_house import create_app

    class _Config(BenchConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        INSTANCE_PATH = str(instance)
        MEDIA_ROOT = str(instance / "media")
        PRIVATE_ROOT = str(instance / "private")

    for name, value in settings.items():
        setattr(_Config, name, value)
    return create_app(_Config)


def migrate(app) -> None:
    import logging

    from flask_migrate import upgrade

    logging.disable(logging.INFO)  # alembic's and the app's progress lines
    with app.app_context():
        upgrade()


def reset_postgres(url: str) -> str:
    url = url.replace("postgresql://", "postgresql+psycopg://", 1).replace(
        "postgres://", "postgresql+psycopg://", 1
    )
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def fill_catalog(app, n: int, *, seed: int = 7, photos: bool = False, chunk: int = 5000) -> dict:
    """Insert categories, enterprises and ``n`` published products with bulk inserts."""
    from trading_house.catalog.models import Category, Product, ProductPhoto, WholesaleTier
    from trading_house.enterprises.models import Enterprise
    from trading_house.extensions import db

    rng = random.Random(seed)
    now = datetime(2026, 6, 1, tzinfo=UTC)
    fillers = sorted({_word(rng) for _ in range(3000)})
    with app.app_context():
        category_ids: dict[str, list[int]] = {}
        for position, (key, (name_id, name_en, kids_id, kids_en)) in enumerate(CATEGORIES.items()):
            parent = Category(
                slug=key, name_indonesian=name_id, name_english=name_en, position=position
            )
            db.session.add(parent)
            db.session.flush()
            category_ids[key] = []
            for i, (kid_id, kid_en) in enumerate(zip(kids_id, kids_en, strict=True)):
                child = Category(
                    slug=f"{key}-{i}",
                    name_indonesian=kid_id,
                    name_english=kid_en,
                    parent_id=parent.id,
                    position=i,
                )
                db.session.add(child)
                db.session.flush()
                category_ids[key].append(child.id)
        forms = ["Koperasi", "UD", "CV", "PT"]
        places = list(REGENCIES.values())
        enterprise_rows = [
            {
                "name": f"{rng.choice(forms)} {_word(rng).title()} {rng.choice(places)}",
                "slug": f"umkm-{i}",
                "legal_form": rng.choice(["koperasi", "ud", "cv", "pt"]),
                "regency_code": rng.choice(list(REGENCIES)),
                "verification_status": rng.choice(["verified", "unverified"]),
            }
            for i in range(max(1, n // 50))
        ]
        db.session.execute(insert(Enterprise), enterprise_rows)
        enterprise_ids = list(db.session.scalars(select(Enterprise.id)))
        db.session.commit()

        started = time.perf_counter()
        for start in range(0, n, chunk):
            rows = []
            for i in range(start, min(n, start + chunk)):
                kind_id, kind_en, key, materials = rng.choice(KINDS)
                adj_id, adj_en = rng.choice(ADJECTIVES)
                code, place = rng.choice(list(REGENCIES.items()))
                extra = " ".join(rng.sample(fillers, 6))
                sentences = rng.sample(range(len(SENTENCES_ID)), 3)
                description_id = " ".join(
                    SENTENCES_ID[s].format(place=place, materials=materials) for s in sentences
                )
                description_en = " ".join(
                    SENTENCES_EN[s].format(place=place, materials=materials) for s in sentences
                )
                rows.append(
                    {
                        "enterprise_id": rng.choice(enterprise_ids),
                        "category_id": rng.choice(category_ids[key]),
                        "slug": f"p-{i}",
                        "name_indonesian": f"{kind_id} {adj_id} {place}",
                        "name_english": f"{adj_en} {kind_en} from {place}",
                        "description_indonesian": f"{description_id} {extra}",
                        "description_english": description_en,
                        "sku": f"SKU-{i}",
                        "retail_price_idr": rng.randrange(5_000, 2_500_000, 500),
                        "export_moq": rng.choice([None, 10, 50, 100, 500]),
                        "export_unit": rng.choice(["pcs", "kg", "box"]),
                        "stock": rng.choice([0, 5, 20, 100, 1000]),
                        "materials": materials,
                        "origin_regency_code": code,
                        "sample_available": rng.random() < 0.3,
                        "status": "approved",
                        "published_at": now - timedelta(minutes=i),
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            db.session.execute(insert(Product), rows)
            db.session.commit()
        elapsed = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))  # what autovacuum does after a bulk load
            db.session.commit()
        if photos:
            _add_photos_and_tiers(db, Product, ProductPhoto, WholesaleTier, chunk)
        return {"insert_seconds": elapsed, "fillers": fillers}


def _add_photos_and_tiers(db, Product, ProductPhoto, WholesaleTier, chunk: int) -> None:  # noqa: N803
    ids = list(db.session.scalars(select(Product.id).order_by(Product.id)))
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        db.session.execute(
            insert(ProductPhoto),
            [
                {
                    "product_id": pid,
                    "position": position,
                    "alt_text": "",
                    "original_key": f"originals/{pid}-{position}.jpg",
                    "width": 1600,
                    "height": 1200,
                    "variants": {
                        str(w): f"p/{pid % 256:02x}/{pid}-{position}-{w}.webp"
                        for w in (400, 800, 1600)
                    },
                }
                for pid in part
                for position in range(2)
            ],
        )
        db.session.execute(
            insert(WholesaleTier),
            [
                {"product_id": pid, "min_quantity": q, "unit_price_idr": 10_000 - q}
                for pid in part
                for q in (10, 100)
            ],
        )
        db.session.commit()


def make_queries(fillers: list[str], count: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    words = sorted(
        {w.lower() for kind in KINDS for w in (kind[0] + " " + kind[1]).split() if len(w) > 2}
    )
    places = [p.lower() for p in REGENCIES.values()]
    queries = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.35:
            queries.append(rng.choice(words))
        elif roll < 0.55:
            queries.append(f"{rng.choice(words)} {rng.choice(places)}")
        elif roll < 0.70:
            word = rng.choice(words)
            queries.append(word[: rng.randint(3, max(3, len(word) - 1))])
        elif roll < 0.80:
            queries.append(f"{rng.choice(words)} {rng.choice(words)[:4]}")
        elif roll < 0.92:
            queries.append(rng.choice(fillers))
        else:
            queries.append(rng.choice(MISSES))
    return queries
