"""Demo data for the catalog: the category tree, and products with drawn photos."""

from sqlalchemy import select

from trading_house.catalog.models import Category
from trading_house.extensions import db

#: (slug, Indonesian, English, [(slug, Indonesian, English), ...]) in display order.
CATEGORY_TREE = (
    (
        "oleh-oleh",
        "Oleh-oleh & Suvenir",
        "Souvenirs & Oleh-oleh",
        (
            ("miniatur-phinisi", "Miniatur Phinisi", "Phinisi ship models"),
            ("suvenir-toraja", "Suvenir Toraja", "Toraja souvenirs"),
            ("gantungan-kunci-hiasan", "Gantungan Kunci & Hiasan", "Keychains & trinkets"),
        ),
    ),
    (
        "produk-kulit",
        "Produk Kulit",
        "Leather goods",
        (
            ("tas-kulit", "Tas Kulit", "Leather bags"),
            ("dompet-ikat-pinggang", "Dompet & Ikat Pinggang", "Wallets & belts"),
            ("sepatu-sandal-kulit", "Sepatu & Sandal Kulit", "Leather shoes & sandals"),
        ),
    ),
    (
        "tenun-sutra",
        "Tenun & Sutra",
        "Woven textiles & silk",
        (
            ("sarung-sutra", "Sarung Sutra", "Silk sarongs"),
            ("tenun-ikat", "Tenun Ikat & Tenun Toraja", "Ikat & Toraja weaving"),
            ("kain-selendang-sutra", "Kain & Selendang Sutra", "Silk fabric & scarves"),
        ),
    ),
    (
        "kopi-teh",
        "Kopi & Teh",
        "Coffee & tea",
        (
            ("kopi-arabika", "Kopi Arabika", "Arabica coffee"),
            ("kopi-robusta", "Kopi Robusta", "Robusta coffee"),
            ("teh", "Teh", "Tea"),
        ),
    ),
    (
        "makanan-olahan",
        "Makanan Olahan & Camilan",
        "Processed food & snacks",
        (
            ("sirup-minuman", "Sirup & Minuman", "Syrups & drinks"),
            ("kue-camilan", "Kue & Camilan", "Cakes & snacks"),
            ("bumbu-sambal", "Bumbu & Sambal", "Spices & sauces"),
            ("olahan-laut", "Olahan Hasil Laut", "Processed seafood"),
        ),
    ),
    (
        "kerajinan",
        "Kerajinan Tangan",
        "Handicrafts",
        (
            ("kerajinan-kayu", "Kayu", "Wood"),
            ("kerajinan-rotan", "Rotan", "Rattan"),
            ("kerajinan-bambu", "Bambu", "Bamboo"),
        ),
    ),
    (
        "fesyen-aksesori",
        "Fesyen & Aksesori",
        "Fashion & accessories",
        (
            ("songkok-topi", "Songkok & Topi", "Songkok & hats"),
            ("perhiasan", "Perhiasan", "Jewellery"),
            ("pakaian", "Pakaian", "Clothing"),
        ),
    ),
    (
        "herbal-kosmetik",
        "Herbal & Kosmetik",
        "Herbal & cosmetics",
        (
            ("minyak-balsam", "Minyak Gosok & Balsam", "Oils & balms"),
            ("jamu-herbal", "Jamu & Minuman Herbal", "Herbal drinks"),
            ("perawatan-tubuh", "Perawatan Tubuh", "Body care"),
        ),
    ),
    (
        "dekorasi-rumah",
        "Dekorasi Rumah",
        "Home decor",
        (
            ("anyaman-keranjang", "Anyaman & Keranjang", "Baskets & weaving"),
            ("hiasan-dinding", "Hiasan Dinding", "Wall decor"),
            ("peralatan-makan", "Peralatan Makan", "Tableware"),
        ),
    ),
)


def seed_categories() -> dict[str, Category]:
    """Create or update the two-level category tree (safe to run any number of times)."""
    existing = {c.slug: c for c in db.session.scalars(select(Category))}
    result = {}
    for position, (slug, indonesian, english, children) in enumerate(CATEGORY_TREE):
        top = _upsert(existing, slug, indonesian, english, position, None)
        result[slug] = top
        for child_position, (child_slug, child_id, child_en) in enumerate(children):
            result[child_slug] = _upsert(
                existing, child_slug, child_id, child_en, child_position, top
            )
    db.session.flush()
    return result


def _upsert(existing, slug, indonesian, english, position, parent) -> Category:
    category = existing.get(slug)
    if category is None:
        category = Category(slug=slug)
        db.session.add(category)
        existing[slug] = category
    category.name_indonesian = indonesian
    category.name_english = english
    category.position = position
    category.parent = parent
    return category


def seed_demo() -> None:
    seed_categories()
    from trading_house.catalog.demo import seed_demo_products

    seed_demo_products()
