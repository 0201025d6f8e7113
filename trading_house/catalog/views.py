"""Public catalog pages: browse, product, enterprise, sitemap and robots.txt.

The SME back office (``/business/products``) lives in ``views_manage.py`` (photos in
``views_manage_photos.py``) and the admin's publish list in ``views_admin.py``; all add their
routes to this blueprint (``blueprint.py``).
"""

from flask import abort, current_app, render_template, request
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import ColumnElement, String, bindparam, cast, column, func, select, table
from sqlalchemy.orm import joinedload

from trading_house.catalog import cards, photos, queries
from trading_house.catalog.blueprint import bp
from trading_house.catalog.models import Category, Product, ProductPhoto, WholesaleTier
from trading_house.catalog.pages import anonymous_page, public_page
from trading_house.catalog.policies import can_publish
from trading_house.catalog.rules import format_hs_code
from trading_house.catalog.services import category_tree, status_counts
from trading_house.catalog.status import ProductStatus
from trading_house.core.cache import generation
from trading_house.core.fragments import MAKER, PRODUCT_PAGES, fragment_group, group_generation
from trading_house.core.pagination import Page, page_count, parse_page
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.regions import regency_choices
from trading_house.extensions import db

# The names of categories (the breadcrumb) are on every product page; other areas add what
# their panels on it are computed from (the readiness area: the checklist for every page, an
# enterprise's answers for its own pages).
fragment_group(PRODUCT_PAGES, Category)
#: What the maker's response time (inquiries area, kept per enterprise there) is computed
#: from: the page version holds how many of the maker's threads were answered and when last.
#: Messages, the busiest writes of the site, leave every product page in the cache.
_INQUIRIES = table("inquiries", column("enterprise_id"), column("first_response_at"))

PER_PAGE = 48
RELATED = 8
HOME_FEATURED = 8
HOME_NEWEST = 12


# --- template helpers (registered app-wide by this blueprint) -----------------------------


# ``{{ photo_url(product.main_photo, 400) }}``: a variant URL or the placeholder.
bp.add_app_template_global(photos.photo_url, "photo_url")
bp.add_app_template_global(photos.photo_srcset, "photo_srcset")


@bp.app_template_global()
def product_cards(items) -> Markup:
    """The cards of a product grid (see ``catalog/cards.py``)."""
    return cards.render_cards(list(items))


@bp.app_template_global()
def category_options(tree, selected_id: int | None, locale: str) -> Markup:
    """The catalog filter's categories: a group per top category, "All of <top>" first (the
    value is the slug), then its children."""
    every = gettext("All of %(name)s")
    parts = []
    for top, children in tree:
        name = escape(top.name_for(locale))
        parts.append(f'<optgroup label="{name}">')
        for category, label in ((top, every % {"name": name}), *((c, None) for c in children)):
            mark = " selected" if category.id == selected_id else ""
            text = label if label is not None else escape(category.name_for(locale))
            parts.append(f'<option value="{escape(category.slug)}"{mark}>{text}</option>')
        parts.append("</optgroup>")
    return Markup("".join(parts))  # noqa: S704  # nosec B704 - every value escaped above


@bp.app_template_global()
def absolute_url(path: str) -> str:
    """``PUBLIC_BASE_URL`` + a path, for OpenGraph tags and the sitemap."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


@bp.app_template_global()
def catalog_status_counts(enterprise) -> dict[str, int]:
    """Listing counts by status for the SME dashboard card."""
    return status_counts(enterprise.id)


@bp.app_template_global()
def catalog_home() -> dict:
    """What the home page shows: the category tree, featured and newest published products."""
    public = queries.published_products()
    newest_first = (Product.published_at.desc(), Product.id.desc())
    # The latest picks first (a product featured by hand in the database has no date: last).
    latest_picks = (Product.featured_at.desc().nulls_last(), *newest_first)
    featured = cards.card_keys(
        public.where(Product.featured.is_(True)).order_by(*latest_picks).limit(HOME_FEATURED)
    )
    newest = cards.card_keys(public.order_by(*newest_first).limit(HOME_NEWEST))
    return {"tree": category_tree(), "featured": featured, "newest": newest}


@bp.app_template_filter("hs_code")
def hs_code_filter(digits: str | None) -> str:
    return format_hs_code(digits)


@bp.app_template_filter("unit_label")
def unit_label_filter(unit: str | None) -> str:
    from trading_house.catalog.forms import UNIT_LABELS

    return str(UNIT_LABELS.get(unit or "", unit or ""))


# --- public pages ---------------------------------------------------------------------------


@bp.get("/catalog")
def browse():
    filters, errors = queries.parse_filters(request.args)

    def build():
        page = queries.browse(
            filters, parse_page(request.args.get("page")), per_page=PER_PAGE, cards=True
        )
        parts = (
            generation(queries.CATALOG_GENERATION),
            page.total,
            page.page,
            tuple(page.items),
            tuple(errors.items()),
        )
        return parts, lambda: render_template(
            "catalog/browse.html",
            page=page,
            filters=filters,
            errors=errors,
            tree=category_tree(),
            regencies=regency_choices(),
            sorts=queries.SORTS,
            coop_health_filter=queries.has_trust_condition("coop_health"),
        )

    return public_page(anonymous_page(build))


@bp.get("/p/<slug>")
def product_detail(slug: str):
    """A published product; drafts and other unpublished listings are 404 for everyone."""

    def build():
        # Plain rows on the session's connection: no ORM work for a page found in the cache.
        connection = db.session.connection()
        version = connection.execute(_PAGE_VERSION_BY_SLUG, {"slug": slug}).first()
        if version is None:
            abort(404)
        related = cards.to_cards(
            connection.execute(
                _RELATED_CARDS, {"product_id": version.id, "category_id": version.category_id}
            )
        )
        # Everything the page shows that may change: the product (stock changes by SQL,
        # without touching updated_at), its maker, photos, tiers, reviews, related cards,
        # and what other areas' panels show (all pages' and its maker's groups). Not the
        # catalog's generation: a write to another maker's product leaves this page as it is.
        parts = (
            tuple(version),
            tuple((card.id, card.version) for card in related),
            group_generation(PRODUCT_PAGES),
            group_generation(MAKER, version.enterprise_id),
        )

        def render() -> str:
            from trading_house.core.templating import current_locale

            found = db.session.scalars(_PAGE_PRODUCT, {"product_id": version.id})
            product = found.unique().one_or_none()
            if product is None:  # taken off sale since its version was read
                abort(404)
            stars = cards.rating(version.review_count, version.review_stars, current_locale())
            return render_product(
                product,
                preview=False,
                related=related,
                rating=stars,
                review_count=version.review_count,
            )

        return parts, render

    return public_page(anonymous_page(build))


def _versions(*parts) -> ColumnElement:
    """The rows' ``a:b`` strings joined with commas, as one column (any order: a different
    order is a different key, i.e. a cache miss, never a stale page)."""
    text: ColumnElement[str] = cast(parts[0], String)
    for part in parts[1:]:
        text = text + ":" + cast(part, String)
    return func.aggregate_strings(text, ",")


#: The version of a product page: one narrow statement, so that a page in the cache costs no
#: ORM loading at all.
_PAGE_VERSION = (
    select(
        Product.id,
        Product.category_id,
        Product.enterprise_id,
        cast(Product.updated_at, String).label("updated"),
        Product.stock,
        cast(Enterprise.updated_at, String).label("maker_updated"),
        select(_versions(ProductPhoto.id, ProductPhoto.updated_at))
        .where(ProductPhoto.product_id == Product.id)
        .correlate(Product)
        .scalar_subquery()
        .label("photos"),
        select(_versions(WholesaleTier.min_quantity, WholesaleTier.unit_price_idr))
        .where(WholesaleTier.product_id == Product.id)
        .correlate(Product)
        .scalar_subquery()
        .label("tiers"),
        select(
            cast(func.count(_INQUIRIES.c.first_response_at), String)
            + ":"
            + cast(func.max(_INQUIRIES.c.first_response_at), String)
        )
        .where(_INQUIRIES.c.enterprise_id == Product.enterprise_id)
        .correlate(Product)
        .scalar_subquery()
        .label("answered_threads"),
        # The header's rating and the reviews shown below (a new answer or a hidden review).
        cards.REVIEW_COUNT,
        cards.REVIEW_STARS,
        cards.REVIEWS_CHANGED,
    )
    .join(Enterprise, Enterprise.id == Product.enterprise_id)
    .where(Product.status == ProductStatus.APPROVED)
)


def _related_products(product_id, category_id):
    return (
        queries.published_products()
        .where(Product.category_id == category_id, Product.id != product_id)
        .order_by(Product.published_at.desc(), Product.id.desc())
        .limit(RELATED)
    )


# Built once with parameters: building a statement costs more than running it.
_PAGE_VERSION_BY_SLUG = _PAGE_VERSION.where(Product.slug == bindparam("slug"))
#: The related products' cards, keys and data: read with the version, since a page whose
#: cards changed is rendered again, and a cold page renders them all.
_RELATED_CARDS = cards.card_rows_statement(
    _related_products(bindparam("product_id"), bindparam("category_id"))
)


def _related(product_id: int, category_id: int) -> list:
    return cards.card_keys(_related_products(product_id, category_id))


def render_product(
    product: Product,
    *,
    preview: bool,
    related: list | None = None,
    rating: cards.Rating | None = None,
    review_count: int | None = None,
):
    """The product page (also the owner's and the admin's preview of an unpublished listing);
    ``rating`` of the published reviews, shown under the name when given; ``review_count``
    of them when known (none: the reviews panel asks no question)."""
    if related is None:
        related = _related(product.id, product.category_id)
    return render_template(
        "catalog/product.html",
        product=product,
        related=related,
        preview=preview,
        rating=rating,
        review_count=review_count,
        can_publish=can_publish(current_user),
    )


#: The published product with everything its page shows, in one statement (a product has a
#: few photos and tiers, so their product is small), built once.
_PAGE_PRODUCT = (
    queries.published_products()
    .where(Product.id == bindparam("product_id"))
    .options(
        joinedload(Product.enterprise),
        joinedload(Product.category).joinedload(Category.parent),
        joinedload(Product.tiers),
        joinedload(Product.photos),
    )
)


@bp.get("/e/<slug>")
def enterprise_page(slug: str):
    enterprise = db.session.scalar(select(Enterprise).where(Enterprise.slug == slug))
    if enterprise is None:
        abort(404)
    filters = queries.CatalogFilters(sort="newest")
    stmt = queries.published_products().where(Product.enterprise_id == enterprise.id)
    page = _page_of(stmt, parse_page(request.args.get("page")))
    return public_page(
        render_template(
            "catalog/enterprise.html", enterprise=enterprise, page=page, filters=filters
        )
    )


def _page_of(stmt, page_number: int) -> Page:
    from sqlalchemy import func

    total = db.session.scalar(stmt.with_only_columns(func.count(Product.id)).order_by(None))
    pages = min(page_count(total, PER_PAGE), queries.MAX_PAGES)
    page_number = min(page_number, pages)
    items = cards.card_keys(
        stmt.order_by(Product.published_at.desc(), Product.id.desc())
        .limit(PER_PAGE)
        .offset((page_number - 1) * PER_PAGE)
    )
    return Page(
        items=items,
        page=page_number,
        per_page=PER_PAGE,
        total=total,
        max_pages=queries.MAX_PAGES,
    )
