"""The category tree, as an admin maintains it: two levels, names in both languages.

Rules: a category sits at the top or under a top-level category (never deeper); a category
with children stays at the top; a category that has products or children cannot be deleted.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from trading_house.catalog.models import Category, Product
from trading_house.core import audit
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.slugs import unique_slug
from trading_house.extensions import db


def category_tree_for_editing() -> list[tuple[Category, list[Category]]]:
    """[(top-level category, [its children])] in display order, read fresh (not the cached
    :func:`catalog.services.category_tree`): the rows the admin edits."""
    rows = list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))
    tops = [c for c in rows if c.parent_id is None]
    children: dict[int, list[Category]] = {c.id: [] for c in tops}
    for c in rows:
        if c.parent_id is not None and c.parent_id in children:
            children[c.parent_id].append(c)
    return [(top, children[top.id]) for top in tops]


def product_counts() -> dict[int, int]:
    rows = db.session.execute(
        select(Product.category_id, func.count(Product.id)).group_by(Product.category_id)
    )
    return {category_id: count for category_id, count in rows}


def get_category(category_id) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        raise NotFound(_l("This category does not exist."))
    return category


def parent_choices(exclude: Category | None = None) -> list[Category]:
    """Categories that may be a parent: top-level ones (not ``exclude`` itself)."""
    query = select(Category).where(Category.parent_id.is_(None))
    if exclude is not None:
        query = query.where(Category.id != exclude.id)
    return list(db.session.scalars(query.order_by(Category.position, Category.id)))


def _clean_names(name_indonesian: str | None, name_english: str | None) -> tuple[str, str]:
    names = []
    for field, value in (("name_indonesian", name_indonesian), ("name_english", name_english)):
        value = (value or "").strip()
        if not value:
            raise DomainError(_l("Enter the name in both languages."), field=field)
        if len(value) > 120:
            raise DomainError(_l("The name is too long (at most 120 characters)."), field=field)
        names.append(value)
    return names[0], names[1]


def _check_parent(category: Category | None, parent_id) -> Category | None:
    if parent_id in (None, "", 0, "0"):
        return None
    try:
        parent = db.session.get(Category, int(parent_id))
    except (TypeError, ValueError):
        parent = None
    if parent is None:
        raise DomainError(_l("Choose a parent category from the list."), field="parent_id")
    if category is not None and parent.id == category.id:
        raise DomainError(_l("A category cannot be its own parent."), field="parent_id")
    if parent.parent_id is not None:
        raise DomainError(
            _l("Categories have two levels only: choose a top-level parent."), field="parent_id"
        )
    if category is not None and _has_children(category):
        raise DomainError(
            _l("This category has subcategories, so it stays at the top level."),
            field="parent_id",
        )
    return parent


def _has_children(category: Category) -> bool:
    return bool(
        db.session.scalar(select(func.count(Category.id)).where(Category.parent_id == category.id))
    )


def _next_position(parent_id) -> int:
    current = db.session.scalar(
        select(func.max(Category.position)).where(
            Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id
        )
    )
    return 0 if current is None else current + 1


def create_category(*, name_indonesian, name_english, parent_id=None, actor) -> Category:
    """A new category at the end of its level."""
    name_indonesian, name_english = _clean_names(name_indonesian, name_english)
    parent = _check_parent(None, parent_id)
    parent_key = parent.id if parent else None
    category = Category(
        name_indonesian=name_indonesian,
        name_english=name_english,
        slug=unique_slug(Category, name_english or name_indonesian, fallback="usaha"),
        parent_id=parent_key,
        position=_next_position(parent_key),
    )
    db.session.add(category)
    db.session.flush()
    audit.record("category.created", actor=actor, subject=category, name=name_english)
    return category


def update_category(category: Category, *, name_indonesian, name_english, parent_id, actor):
    """Rename in both languages and/or move under another parent (or to the top)."""
    name_indonesian, name_english = _clean_names(name_indonesian, name_english)
    parent = _check_parent(category, parent_id)
    new_parent_id = parent.id if parent else None
    changes = {}
    if (category.name_indonesian, category.name_english) != (name_indonesian, name_english):
        changes["names"] = [name_indonesian, name_english]
        category.name_indonesian, category.name_english = name_indonesian, name_english
    if new_parent_id != category.parent_id:
        changes["parent"] = [category.parent_id, new_parent_id]
        old_parent = category.parent_id
        category.parent_id = new_parent_id
        category.position = _next_position(new_parent_id)
        db.session.flush()
        _renumber_siblings(old_parent)
    if changes:
        audit.record("category.updated", actor=actor, subject=category, **changes)
    db.session.flush()
    return category


def _siblings(parent_id) -> list[Category]:
    condition = (
        Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id
    )
    return list(
        db.session.scalars(
            select(Category).where(condition).order_by(Category.position, Category.id)
        )
    )


def _renumber_siblings(parent_id) -> list[Category]:
    siblings = _siblings(parent_id)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    return siblings


def move_category(category: Category, direction: str, *, actor) -> Category:
    """Move one place ``up`` or ``down`` among its siblings."""
    if direction not in ("up", "down"):
        raise DomainError(_l("Unknown direction."))
    siblings = _renumber_siblings(category.parent_id)
    index = siblings.index(category)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index].position, siblings[other].position = other, index
        audit.record("category.moved", actor=actor, subject=category, direction=direction)
    db.session.flush()
    return category


def delete_category(category: Category, *, actor) -> None:
    """Delete an empty category: no products, no subcategories."""
    if db.session.scalar(select(func.count(Product.id)).where(Product.category_id == category.id)):
        raise DomainError(_l("This category has products; move them before deleting it."))
    if _has_children(category):
        raise DomainError(_l("This category has subcategories; delete or move them first."))
    parent_id = category.parent_id
    audit.record(
        "category.deleted",
        actor=actor,
        subject=category,
        name=category.name_english,
        slug=category.slug,
    )
    try:
        with db.session.begin_nested():
            db.session.delete(category)
    except IntegrityError:
        # Another area still points at it (e.g. a checklist's applicability).
        raise DomainError(_l("This category is still in use and cannot be deleted.")) from None
    _renumber_siblings(parent_id)
    db.session.flush()
