"""Full-text search: both languages, prefixes, ranking, hostile input, and an index that follows
every write (ORM and raw SQL) on SQLite and PostgreSQL alike."""

import pytest
from sqlalchemy import text

from trading_house.catalog import search
from trading_house.catalog.models import Category, Product
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db


def test_indonesian_and_english_words_find_the_same_product(make, found):
    make("Kopi Arabika Toraja", "Toraja Arabica Coffee")
    make("Sarung Sutra Sengkang", "Sengkang Silk Sarong")
    assert found("kopi") == ["Toraja Arabica Coffee"]
    assert found("coffee") == ["Toraja Arabica Coffee"]
    assert found("sutra") == found("silk") == ["Sengkang Silk Sarong"]


def test_every_word_must_match_and_the_last_one_may_be_a_prefix(make, found):
    make("Kopi Arabika Toraja", "Toraja Arabica Coffee")
    make("Kopi Robusta Bone", "Bone Robusta Coffee")
    assert found("kopi toraja") == ["Toraja Arabica Coffee"]
    assert found("kopi tor") == ["Toraja Arabica Coffee"]
    assert sorted(found("kop")) == ["Bone Robusta Coffee", "Toraja Arabica Coffee"]
    assert found("toraja robusta") == []


def test_case_and_accents_do_not_matter(make, found):
    make("Café Toraja", "Toraja Café")
    make("Kue Bolu", "Sponge Cake")
    assert found("CAFE") == ["Toraja Café"]
    assert found("café") == ["Toraja Café"]
    assert found("SPONGE cake") == ["Sponge Cake"]


def test_descriptions_materials_enterprise_and_category_names_are_searched(make, found, factory):
    weaving = factory.enterprise(name="Koperasi Tenun Wajo")
    crafts = factory.category("Kerajinan", slug="kerajinan")
    rattan = factory.category("Rotan", parent=crafts, slug="rotan")
    rattan.name_english = "Rattan"
    crafts.name_english = "Handicrafts"
    db.session.commit()
    make("Sarung Lipa Sabbe", "Lipa Sabbe Sarong", enterprise=weaving)
    make("Tas Anyaman", "Woven Bag", category=rattan, materials="daun lontar")
    make("Minyak Tawon", "Tawon Oil", description_english="A traditional massage oil.")
    assert found("tenun") == ["Lipa Sabbe Sarong"]  # enterprise name
    assert found("lontar") == ["Woven Bag"]  # materials
    assert found("rattan") == ["Woven Bag"]  # category, English
    assert found("handicrafts") == ["Woven Bag"]  # parent category
    assert found("massage") == ["Tawon Oil"]  # description


def test_a_name_match_ranks_above_a_description_match(make, found):
    make("Teh Hijau", "Green Tea", description_english="Goes well with a Toraja coffee.")
    make("Kopi Toraja", "Toraja Coffee")
    make("Gula Aren", "Palm Sugar", description_english="For coffee and for cakes.")
    result = found("coffee")
    assert result[0] == "Toraja Coffee"
    assert set(result) == {"Toraja Coffee", "Green Tea", "Palm Sugar"}


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        "kopi*",
        "*",
        "NEAR(kopi toraja)",
        "kopi AND OR NOT",
        "-kopi",
        "kopi:*",
        "kopi & | ! ( )",
        "^kopi",
        "col:kopi",
        "name_english:kopi",
        "kopi\x00toraja",
        "🙂 kopi",
        "k",
        "a" * 500,
        "; DROP TABLE products; --",
    ],
)
def test_hostile_or_odd_search_text_never_breaks_the_query(make, found, q):
    make("Kopi Toraja", "Toraja Coffee")
    result = found(q)
    assert result in ([], ["Toraja Coffee"])
    assert db.session.scalar(text("SELECT count(*) FROM products")) == 1


def test_text_without_words_does_not_narrow_the_catalog(make, found):
    make("Kopi Toraja", "Toraja Coffee")
    assert found("!!! ???") == ["Toraja Coffee"]


def test_search_terms_are_lower_case_letters_and_digits():
    assert search.terms("  Kopi-Toraja  KOPI café 0901.11 ") == [
        "kopi",
        "toraja",
        "café",
        "0901",
        "11",
    ]
    assert search.fts5_query(["kopi", "tora"]) == '"kopi" "tora"*'
    assert search.tsquery(["café", "t"]) == "cafe & t"


def test_accents_fold_the_same_way_in_the_query_and_the_index(make, found):
    make("Kain Søren", "Søren Cloth")
    make("Crème Brûlée", "Crème Brûlée")
    assert found("søren") == ["Søren Cloth"]
    assert found("creme brulee") == found("CRÈME") == ["Crème Brûlée"]


# --- the index follows every write -------------------------------------------------------------


def test_a_new_product_is_found_at_once(make, found):
    assert found("pisang") == []
    make("Keripik Pisang", "Banana Chips")
    assert found("pisang") == ["Banana Chips"]


def test_an_edited_name_is_found_and_the_old_one_is_not(make, found):
    product = make("Keripik Pisang", "Banana Chips")
    product.name_indonesian = "Keripik Singkong"
    product.name_english = "Cassava Chips"
    db.session.commit()
    assert found("pisang") == found("banana") == []
    assert found("singkong") == ["Cassava Chips"]


def test_an_unpublished_product_leaves_the_results(make, found):
    product = make("Keripik Pisang", "Banana Chips")
    product.status = "archived"
    db.session.commit()
    assert found("pisang") == []
    product.status = "approved"
    db.session.commit()
    assert found("pisang") == ["Banana Chips"]


def test_drafts_are_never_found(make, found):
    make("Keripik Pisang", "Banana Chips", status="draft")
    make("Keripik Talas", "Taro Chips", status="submitted")
    assert found("keripik") == []
    assert found("") == []


def test_a_renamed_enterprise_is_found_by_its_new_name(make, found, factory):
    enterprise = factory.enterprise(name="UD Sinar Maros")
    make("Roti Maros", "Maros Bread", enterprise=enterprise)
    enterprise.name = "Koperasi Cahaya Bantimurung"
    db.session.commit()
    assert found("sinar") == []
    assert found("bantimurung") == ["Maros Bread"]


def test_a_renamed_category_and_its_parent_are_found(make, found, factory):
    parent = factory.category("Makanan", slug="makanan")
    child = factory.category("Kue", parent=parent, slug="kue")
    make("Barongko", "Barongko", category=child)
    parent.name_english = "Delicacies"
    child.name_indonesian = "Jajanan Pasar"
    child.name_english = "Market Snacks"
    db.session.commit()
    assert found("delicacies") == ["Barongko"]
    assert found("jajanan") == ["Barongko"]
    assert found("kue") == []


def test_a_product_moved_to_another_enterprise_is_indexed_with_it(make, found, factory):
    first = factory.enterprise(name="UD Pertama")
    second = factory.enterprise(name="CV Kedua Jaya")
    product = make("Songkok Recca", "Recca Cap", enterprise=first)
    product.enterprise_id = second.id
    db.session.commit()
    assert found("pertama") == []
    assert found("kedua") == ["Recca Cap"]


def test_raw_sql_writes_are_indexed_too(make, found, factory):
    """Triggers, not an ORM hook: a bulk import or a SQL console keeps the index right."""
    product = make("Keripik Pisang", "Banana Chips")
    db.session.execute(
        text("UPDATE products SET name_english = 'Plantain Crisps' WHERE id = :id"),
        {"id": product.id},
    )
    db.session.execute(
        text("UPDATE enterprises SET name = 'Koperasi Raw SQL' WHERE id = :id"),
        {"id": product.enterprise_id},
    )
    db.session.commit()
    assert found("plantain") == ["Plantain Crisps"]
    assert found("banana") == []
    assert found("raw sql") == ["Plantain Crisps"]


def test_a_deleted_product_leaves_the_index(make, ctx):
    product = make("Keripik Pisang", "Banana Chips")
    assert search.matching_ids("pisang") == [product.id]
    db.session.delete(db.session.get(Product, product.id))
    db.session.commit()
    assert search.matching_ids("pisang") == []
    assert _index_size() == 0


def test_rebuild_gives_the_same_results(make, ctx):
    ids = [make(f"Kopi {n}", f"Coffee {n}").id for n in range(3)]
    before = search.matching_ids("kopi")
    search.rebuild(db.session.connection())
    db.session.commit()
    assert sorted(search.matching_ids("kopi")) == sorted(before) == sorted(ids)
    assert _index_size() == 3


def test_untouched_columns_do_not_reindex(make, ctx):
    """Stock changes (every order) must not rewrite the search index."""
    product = make("Kopi Toraja", "Toraja Coffee")
    db.session.execute(
        text("UPDATE products SET stock = stock - 1 WHERE id = :id"), {"id": product.id}
    )
    db.session.commit()
    assert search.matching_ids("toraja") == [product.id]


def test_the_sync_triggers_survive_all_migrations(app):
    """A later migration that recreates products, enterprises or categories (SQLite batch mode)
    would drop these; see the caveat in catalog/search.py."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            rows = db.session.execute(
                text("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'search_%'")
            )
            expected = {
                "search_products_inserted",
                "search_products_sync",
                "search_enterprises_sync",
                "search_categories_sync",
            }
        else:
            rows = db.session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            expected = set(search.SQLITE_TRIGGERS)
        assert expected <= {row[0] for row in rows}


def _index_size() -> int:
    return db.session.scalar(text("SELECT count(*) FROM search_products"))


def test_models_used_here_exist():
    assert Category and Enterprise


def test_only_published_products_are_in_the_index(make, ctx):
    product = make("Keripik Pisang", "Banana Chips", status="draft")
    assert _index_size() == 0
    product.status = "approved"
    db.session.commit()
    assert search.matching_ids("pisang") == [product.id]
    product.status = "suspended"
    db.session.commit()
    assert _index_size() == 0


def test_broad_searches_rank_the_newest_matches_and_page_consistently(make, ctx, monkeypatch):
    """Beyond RANK_WINDOW matches only the newest are ranked; pages never repeat or skip."""
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    weak = [make(f"Produk {n}", f"Product {n}", description_english="kopi") for n in range(4)]
    strong = [make(f"Kopi {n}", f"Coffee {n}") for n in range(2)]
    newest_weak = make("Produk 9", "Product 9", description_english="kopi")
    found = search.prepare("kopi")
    assert found.total == 7 and found.cut == strong[0].id
    ranked = [p.id for p in strong] + [newest_weak.id]
    everything = found.ids(7)
    assert sorted(everything[:2]) == sorted(ranked[:2])  # names outrank descriptions
    assert everything[2] == newest_weak.id
    assert everything[3:] == [p.id for p in reversed(weak)]  # then the rest, newest first
    pages = [found.ids(2, offset) for offset in range(0, 8, 2)]
    assert sum(pages, []) == everything
