"""Seeded categories and demo listings."""

from sqlalchemy import func, select

from trading_house.catalog import demo
from trading_house.catalog.demo_data import BASES
from trading_house.catalog.models import Category, Product, ProductPhoto
from trading_house.catalog.seed import CATEGORY_TREE, seed_categories
from trading_house.core.tx import commit
from trading_house.extensions import db


def test_seed_categories_is_idempotent(ctx):
    seed_categories()
    commit()
    first = db.session.scalar(select(func.count(Category.id)))
    coffee = db.session.scalar(select(Category).where(Category.slug == "kopi-teh"))
    coffee.name_english = "changed"
    commit()
    seed_categories()
    commit()
    assert db.session.scalar(select(func.count(Category.id))) == first
    assert coffee.name_english == "Coffee & tea"
    tops = db.session.scalars(select(Category).where(Category.parent_id.is_(None))).all()
    assert len(tops) == len(CATEGORY_TREE) == 9
    assert all(top.children for top in tops)
    crafts = db.session.scalar(select(Category).where(Category.slug == "kerajinan"))
    assert [c.name_english for c in crafts.children] == ["Wood", "Rattan", "Bamboo"]


def test_demo_data_covers_every_category_with_150_plus_listings():
    leaves = {child for *_, children in CATEGORY_TREE for child, _, _ in children}
    used = {base.category for base in BASES}
    assert leaves <= used
    assert sum(len(base.variants) for base in BASES) >= 150
    for base in BASES:
        assert base.hs.isdigit() and len(base.hs) == 8, base.name_id
        assert base.price > 0 and base.weight > 0


def test_demo_products_go_through_the_real_services(ctx, factory, monkeypatch):
    for code in ("7313", "7318", "7371"):
        factory.enterprise(regency_code=code)
    seed_categories()
    monkeypatch.setattr(demo, "BASES", BASES[:4])
    created = demo.seed_demo_products()
    commit()  # runs the variant jobs
    assert created == sum(len(b.variants) for b in BASES[:4])
    assert demo.seed_demo_products() == 0  # once only
    products = db.session.scalars(select(Product)).all()
    assert {p.status for p in products} <= {"approved", "draft"}
    assert sum(p.status == "approved" for p in products) >= len(products) // 2
    assert all(p.events for p in products)
    assert all(1 <= len(p.photos) <= 4 for p in products)
    photos = db.session.scalars(select(ProductPhoto)).all()
    assert all(max(p.width, p.height) >= 1000 for p in photos)
    assert all(set(p.variants) == {"400", "800", "1600"} for p in photos)
    # Coffee goes to a Toraja maker when there is one.
    coffee = next(p for p in products if "Toraja Sapan" in p.name_indonesian)
    assert coffee.enterprise.regency_code == "7318"
    assert coffee.hs_code == "09012110"


def test_cli_seeds_categories_and_renders_missing_variants(app, factory):
    from tests.catalog.conftest import image_bytes
    from trading_house.core.storage import private_storage

    runner = app.test_cli_runner()
    result = runner.invoke(args=["catalog", "seed-categories"])
    assert result.exit_code == 0 and "categories in place" in result.output
    product = factory.product()
    with app.app_context():
        private_storage().save("originals/cli/one.jpg", image_bytes(900, 700))
    photo = factory.photo(product, variants={})
    photo.original_key = "originals/cli/one.jpg"
    db.session.commit()
    result = runner.invoke(args=["catalog", "render-variants"])
    assert result.exit_code == 0 and "1 photo(s) rendered." in result.output
    with app.app_context():
        assert set(db.session.get(ProductPhoto, photo.id).variants) == {"400", "800", "1600"}


def test_every_demo_listing_meets_the_pre_check_and_matches_its_maker(ctx):
    """Issue #15: buyers saw listings that no curator could have approved (short texts, one
    photo) and makers selling what they do not make (a leather workshop's batik shirts)."""
    import random
    from types import SimpleNamespace

    from trading_house.catalog.rules import MIN_PHOTO_LONG_SIDE, MIN_PHOTOS
    from trading_house.curation import prechecks
    from trading_house.curation.seed import DETAILS
    from trading_house.enterprises.demo_data import ENTERPRISES

    tree = seed_categories()
    commit()
    makers = [SimpleNamespace(name=e["name"], regency_code=e["regency_code"]) for e in ENTERPRISES]
    photos = [SimpleNamespace(width=MIN_PHOTO_LONG_SIDE, height=800, alt_text="foto")] * MIN_PHOTOS
    rng = random.Random(2026)
    for index, base in enumerate(BASES):
        maker = demo._maker(base, index, makers)
        for number, variant in enumerate(base.variants):
            data = demo.listing_data(base, variant, index, number, maker, tree, rng)
            report = prechecks.check_listing(data, photos, tree[base.category])
            assert report.ok, (base.name_id, [str(p.message) for p in report.blocking])
        if base.category in ("pakaian", "perhiasan", "kue-camilan"):
            assert "Kulit" not in maker.name, base.name_id
    assert min(demo.PHOTO_COUNTS) >= MIN_PHOTOS
    roti = next(b for b in BASES if b.name_id.startswith("Roti Maros"))
    assert demo._maker(roti, BASES.index(roti), makers).name == "UD Roti Maros Serba Rasa"
    names = " ".join(b.name_id for b in BASES)
    assert "Buru" not in names  # Maluku's cajuput is not a South Sulawesi product
    assert all(not (b.category == "kopi-arabika" and "obusta" in b.name_id) for b in BASES)
    for text_id, text_en, sku, _weight, _size, _materials in DETAILS.values():
        assert len(text_id) >= 80 and len(text_en) >= 80 and not sku.startswith("CUR-")
    assert DETAILS["revised"][3] >= 1000  # "1 kg" weighs at least a kilogram
