"""The two-level category tree: create, rename, move, reorder, delete (only when empty)."""

from sqlalchemy import select

from trading_house.catalog.models import Category
from trading_house.core.models import AuditEntry
from trading_house.extensions import db


def _get(category_id) -> Category:
    db.session.expire_all()
    return db.session.get(Category, category_id)


def _by_name(name) -> Category:
    db.session.expire_all()
    return db.session.scalar(select(Category).where(Category.name_english == name))


def test_admin_creates_top_level_and_child_categories(as_admin):
    response = as_admin.post(
        "/admin/categories", data={"name_indonesian": "Kopi & Teh", "name_english": "Coffee & tea"}
    )
    assert response.status_code == 302
    top = _by_name("Coffee & tea")
    assert top.parent_id is None and top.slug == "coffee-tea"
    as_admin.post(
        "/admin/categories",
        data={
            "name_indonesian": "Kopi Arabika",
            "name_english": "Arabica",
            "parent_id": str(top.id),
        },
    )
    child = _by_name("Arabica")
    assert child.parent_id == top.id
    page = as_admin.get("/admin/categories?lang=en").get_data(as_text=True)
    assert 'data-category="coffee-tea"' in page and "Kopi Arabika" in page
    assert "category.created" in set(db.session.scalars(select(AuditEntry.action)))


def test_blank_names_are_explained(as_admin):
    response = as_admin.post(
        "/admin/categories?lang=en", data={"name_indonesian": "Kopi", "name_english": "  "}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'data-field-error="name_english"' in page and 'value="Kopi"' in page
    assert db.session.scalar(select(Category)) is None


def test_no_third_level(as_admin, factory):
    top = factory.category("Kerajinan")
    child = factory.category("Rotan", parent=top)
    response = as_admin.post(
        "/admin/categories?lang=en",
        data={
            "name_indonesian": "Keranjang",
            "name_english": "Baskets",
            "parent_id": str(child.id),
        },
    )
    assert response.status_code == 400
    assert "two levels only" in response.get_data(as_text=True)
    assert _by_name("Baskets") is None
    # Nor by moving a category that has children under another one.
    other = factory.category("Dekorasi")
    response = as_admin.post(
        f"/admin/categories/{top.id}?lang=en",
        data={"name_indonesian": "Kerajinan", "name_english": "Crafts", "parent_id": str(other.id)},
    )
    assert response.status_code == 400
    assert "stays at the top level" in response.get_data(as_text=True)
    assert _get(top.id).parent_id is None
    # An unknown parent is refused too.
    response = as_admin.post(
        "/admin/categories",
        data={"name_indonesian": "X", "name_english": "Y", "parent_id": "99999"},
    )
    assert response.status_code == 400


def test_rename_in_both_languages_and_move(as_admin, factory):
    food = factory.category("Makanan")
    crafts = factory.category("Kerajinan")
    snack = factory.category("Camilan", parent=food)
    page = as_admin.get(f"/admin/categories/{snack.id}").get_data(as_text=True)
    assert f'<option selected value="{food.id}">' in page or f'value="{food.id}" selected' in page
    response = as_admin.post(
        f"/admin/categories/{snack.id}",
        data={
            "name_indonesian": "Kue Kering",
            "name_english": "Biscuits",
            "parent_id": str(crafts.id),
        },
    )
    assert response.status_code == 302
    moved = _get(snack.id)
    assert (moved.name_indonesian, moved.name_english, moved.parent_id) == (
        "Kue Kering",
        "Biscuits",
        crafts.id,
    )
    # And back to the top level.
    as_admin.post(
        f"/admin/categories/{snack.id}",
        data={"name_indonesian": "Kue Kering", "name_english": "Biscuits", "parent_id": ""},
    )
    assert _get(snack.id).parent_id is None


def test_reorder_siblings(as_admin, factory):
    a, b, c = (factory.category(n) for n in ("A", "B", "C"))
    for i, cat in enumerate((a, b, c)):
        cat = db.session.merge(cat)
        cat.position = i
    db.session.commit()
    as_admin.post(f"/admin/categories/{c.id}/move", data={"direction": "up"})
    order = [c.id for c in db.session.scalars(select(Category).order_by(Category.position))]
    assert order == [a.id, c.id, b.id]
    as_admin.post(f"/admin/categories/{a.id}/move", data={"direction": "down"})
    db.session.expire_all()
    order = [c.id for c in db.session.scalars(select(Category).order_by(Category.position))]
    assert order == [c.id, a.id, b.id]
    as_admin.post(f"/admin/categories/{c.id}/move", data={"direction": "up"})  # already first
    assert (
        as_admin.post(f"/admin/categories/{c.id}/move", data={"direction": "sideways"}).status_code
        == 400
    )


def test_delete_only_empty_categories(as_admin, factory):
    used = factory.category("Kopi")
    factory.product(category=used)
    parent = factory.category("Tenun")
    factory.category("Sutra", parent=parent)
    empty = factory.category("Kosong")
    response = as_admin.post(f"/admin/categories/{used.id}/delete?lang=en", follow_redirects=True)
    assert "has products" in response.get_data(as_text=True)
    assert _get(used.id) is not None
    response = as_admin.post(f"/admin/categories/{parent.id}/delete?lang=en", follow_redirects=True)
    assert "has subcategories" in response.get_data(as_text=True)
    assert _get(parent.id) is not None
    assert as_admin.post(f"/admin/categories/{empty.id}/delete").status_code == 302
    assert _get(empty.id) is None
    assert "category.deleted" in set(db.session.scalars(select(AuditEntry.action)))


def test_unknown_category_is_404(as_admin):
    assert as_admin.get("/admin/categories/99999").status_code == 404
    assert as_admin.post("/admin/categories/99999/delete").status_code == 404
    assert (
        as_admin.post("/admin/categories/99999/move", data={"direction": "up"}).status_code == 404
    )
