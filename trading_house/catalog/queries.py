"""Public catalog queries: what buyers (and the JSON API) can see, filtered, searched and paged.

Query arguments understood by :func:`parse_filters` (the catalog page and ``/api/v1/products``):

``q``            search text (full-text; see ``catalog/search.py``)
``category``     a category id or slug; includes its child categories
``enterprise``   an enterprise id or slug: only its products
``regency``      a BPS regency code (``7318``): the product's origin, else its enterprise's regency
``min_price``    lowest retail price in whole rupiah (IDR)
``max_price``    highest retail price in whole rupiah (IDR)
``price_currency`` the currency ``min_price``/``max_price`` are typed in (default IDR; the
                 catalog page sends the visitor's currency); converted at the admin-set rate
``in_stock``     ``1``/``true``/``on``: only products with stock
``max_moq``      export MOQ at most this many units (products without an MOQ always qualify)
``sample``       ``1``: only products with samples available
``export_ready`` ``1``: only export-ready products (condition supplied by the readiness area)
``verified``     ``1``: only products of identity-verified enterprises
``halal``        ``1``: only products with a valid verified halal certificate (condition supplied
                 by the reviews area, which owns the trust signals)
``max_lead_time`` lead time at most this many days (products without one do not qualify)
``min_rating``   ``1``–``5``: reviews average at least this many stars (reviews area)
``coop_health``  ``sehat`` or ``cukup_sehat``: cooperatives whose health predicate is at least
                 this (only when the cooperatives area supplies the condition)
``sort``         ``relevance`` (default; newest first without ``q``), ``newest``, ``price_asc``,
                 ``price_desc``
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import defer, joinedload, selectinload

from trading_house.catalog.models import Category, Product, ProductPhoto
from trading_house.catalog.status import ProductStatus
from trading_house.core.cache import invalidate_on_commit
from trading_house.core.money import EXPONENTS
from trading_house.core.money_input import MoneyInputError, parse_money
from trading_house.core.pagination import Page, page_count
from trading_house.core.rates import convert
from trading_house.curation.status import VerificationStatus
from trading_house.enterprises.models import Enterprise
from trading_house.enterprises.regions import REGENCIES
from trading_house.extensions import db

SORTS = ("relevance", "newest", "price_asc", "price_desc")


class YesNoFilter(StrEnum):
    """The yes/no query arguments ("1" or nothing), e.g. "only products of verified businesses"."""

    IN_STOCK = "in_stock"
    SAMPLE = "sample"
    EXPORT_READY = "export_ready"
    VERIFIED = "verified"
    HALAL = "halal"


#: The ``CatalogFilters`` field of a yes/no argument, where its name differs.
YES_NO_FIELDS = {YesNoFilter.SAMPLE: "sample_available"}
#: Query-argument names, as the page and the API use them.
FILTER_ARGS = (
    "q",
    "category",
    "enterprise",
    "regency",
    "min_price",
    "max_price",
    YesNoFilter.IN_STOCK,
    "max_moq",
    YesNoFilter.SAMPLE,
    YesNoFilter.EXPORT_READY,
    YesNoFilter.VERIFIED,
    YesNoFilter.HALAL,
    "max_lead_time",
    "min_rating",
    "coop_health",
    "sort",
)
#: ``coop_health`` values, best first: "at least Sehat", "at least Cukup Sehat".
COOP_HEALTH = ("sehat", "cukup_sehat")
MAX_QUERY_LENGTH = 200
MAX_PRICE_IDR = 10**13
MAX_MOQ = 10**9
MAX_LEAD_TIME_DAYS = 3650
_TRUE = {"1", "true", "on", "yes", "y"}
_FALSE = {"", "0", "false", "off", "no", "n"}

#: Set by the readiness area (catalog never imports readiness): a callable returning a SQL
#: condition on ``Product`` that is true for export-ready products.
_export_ready_condition: Callable[[], ColumnElement[bool]] | None = None


def register_export_ready_condition(condition: Callable[[], ColumnElement[bool]]) -> None:
    """Plug in the "export ready" filter (called once by the readiness area)."""
    global _export_ready_condition
    _export_ready_condition = condition


#: Trust filters that another area supplies (catalog never imports it): ``"halal"`` (a
#: callable returning a SQL condition on ``Product``), ``"min_rating"`` (a callable taking the
#: number of stars). A filter whose condition is not registered narrows nothing.
_trust_conditions: dict[str, Callable[..., ColumnElement[bool]]] = {}


def register_trust_condition(name: str, condition: Callable[..., ColumnElement[bool]]) -> None:
    _trust_conditions[name] = condition


@dataclass(frozen=True)
class CatalogFilters:
    q: str = ""
    category_id: int | None = None
    enterprise_id: int | None = None
    regency_code: str | None = None
    min_price_idr: int | None = None
    max_price_idr: int | None = None
    in_stock: bool = False
    max_moq: int | None = None
    sample_available: bool = False
    export_ready: bool = False
    verified: bool = False
    halal: bool = False
    max_lead_time: int | None = None
    min_rating: int | None = None
    coop_health: str | None = None
    sort: str = "relevance"

    @property
    def is_filtered(self) -> bool:
        """True when anything besides the search text narrows the list (to suggest removing it)."""
        plain = asdict(CatalogFilters(q=self.q, sort=self.sort))
        return asdict(self) != plain

    def to_args(self) -> dict[str, str]:
        """The query arguments that reproduce these filters (for links)."""
        args = {
            "q": self.q,
            "category": self.category_id,
            "enterprise": self.enterprise_id,
            "regency": self.regency_code,
            "min_price": self.min_price_idr,
            "max_price": self.max_price_idr,
            YesNoFilter.IN_STOCK: "1" if self.in_stock else None,
            "max_moq": self.max_moq,
            YesNoFilter.SAMPLE: "1" if self.sample_available else None,
            YesNoFilter.EXPORT_READY: "1" if self.export_ready else None,
            YesNoFilter.VERIFIED: "1" if self.verified else None,
            YesNoFilter.HALAL: "1" if self.halal else None,
            "max_lead_time": self.max_lead_time,
            "min_rating": self.min_rating,
            "coop_health": self.coop_health,
            "sort": self.sort if self.sort != "relevance" else None,
        }
        return {str(k): str(v) for k, v in args.items() if v not in (None, "")}


def published_products() -> Select[Product]:
    """A select of the products the public may see (status ``approved``)."""
    return select(Product).where(Product.status == ProductStatus.APPROVED)


def _int(value: str, low: int, high: int) -> int | None:
    try:
        number = int(value.strip().replace(".", "").replace(",", "").replace("_", ""))
    except ValueError:
        return None
    return number if low <= number <= high else None


def _bool(value: str) -> bool | None:
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


def _id_or_slug(model, value: str) -> int | None:
    """The id of the row whose id or slug is ``value``; None when there is none."""
    value = value.strip()
    if len(value) > 200:
        return None
    if value.isascii() and value.isdigit():
        if int(value) > 2**31 - 1:
            return None
        condition = model.id == int(value)
    else:
        condition = model.slug == value
    return db.session.scalar(select(model.id).where(condition))


def _category_id(value: str) -> int | None:
    """The id of the category whose id or slug is ``value``, from the menu tree (cached: a
    filtered catalog page in the cache costs no query to read its filter)."""
    from trading_house.catalog.services import category_tree

    value = value.strip()
    for top, children in category_tree():
        for category in (top, *children):
            if value in (category.slug, str(category.id)):
                return category.id
    return None


def _price_in_idr(text: str, currency: str) -> int | None:
    """A price bound typed in ``currency`` (``price_currency``, rupiah by default), read as every
    price field of the app reads one (``core/money_input``: ``1.250.000,50`` is Rp 1.250.001,
    never Rp 125.000.050), in whole rupiah at the admin-set rate; None when it is not an
    amount, is too large, or the currency has no rate."""
    if currency not in EXPONENTS:
        return None
    try:
        typed = parse_money(text, currency, str(get_locale() or "id"))
    except MoneyInputError:
        return None
    rupiah = convert(typed, "IDR")
    if rupiah is None or rupiah.amount > MAX_PRICE_IDR:
        return None
    return rupiah.amount


def parse_filters(args: Mapping) -> tuple[CatalogFilters, dict[str, str]]:
    """Filters from query arguments. Never raises: bad values are dropped and explained.

    Returns ``(filters, errors)``; ``errors`` maps an argument name to a translated message.
    """
    errors: dict[str, str] = {}
    values: dict = {}

    def arg(name: str) -> str:
        value = args.get(name)
        # NUL is not storable text (PostgreSQL refuses it in a parameter): drop it.
        return value.replace("\x00", "") if isinstance(value, str) else ""

    q = " ".join(arg("q").split())
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = _(
            "Search text is limited to %(n)d characters; the rest was ignored.", n=MAX_QUERY_LENGTH
        )
        q = q[:MAX_QUERY_LENGTH]
    values["q"] = q

    if arg("category").strip():
        category_id = _category_id(arg("category"))
        if category_id is None:
            errors["category"] = _("This category does not exist.")
        values["category_id"] = category_id

    if arg("enterprise").strip():
        enterprise_id = _id_or_slug(Enterprise, arg("enterprise"))
        if enterprise_id is None:
            errors["enterprise"] = _("This enterprise does not exist.")
        values["enterprise_id"] = enterprise_id

    if arg("regency").strip():
        code = arg("regency").strip()
        if code in REGENCIES:
            values["regency_code"] = code
        else:
            errors["regency"] = _("This regency is not in South Sulawesi.")

    currency = arg("price_currency").strip().upper() or "IDR"
    for name, field in (("min_price", "min_price_idr"), ("max_price", "max_price_idr")):
        if arg(name).strip():
            price = _price_in_idr(arg(name), currency)
            if price is None and currency == "IDR":
                errors[name] = _("Enter a price in rupiah, e.g. 250000.")
            elif price is None:
                errors[name] = _("Enter a price in %(currency)s, e.g. 25.", currency=currency)
            values[field] = price
    low, high = values.get("min_price_idr"), values.get("max_price_idr")
    if low is not None and high is not None and low > high:
        errors["max_price"] = _("The highest price must not be below the lowest price.")
        values["max_price_idr"] = None

    if arg("max_moq").strip():
        moq = _int(arg("max_moq"), 1, MAX_MOQ)
        if moq is None:
            errors["max_moq"] = _("Enter the largest MOQ as a whole number of at least 1.")
        values["max_moq"] = moq

    if arg("max_lead_time").strip():
        days = _int(arg("max_lead_time"), 0, MAX_LEAD_TIME_DAYS)
        if days is None:
            errors["max_lead_time"] = _("Enter the longest lead time as a whole number of days.")
        values["max_lead_time"] = days

    if arg("min_rating").strip():
        stars = _int(arg("min_rating"), 1, 5)
        if stars is None:
            errors["min_rating"] = _("Choose a rating from 1 to 5 stars.")
        values["min_rating"] = stars

    if arg("coop_health").strip():
        predicate = arg("coop_health").strip()
        if predicate in COOP_HEALTH:
            values["coop_health"] = predicate
        else:
            errors["coop_health"] = _("Choose a cooperative health predicate from the list.")

    for yes_no in YesNoFilter:
        name, field = yes_no.value, YES_NO_FIELDS.get(yes_no, yes_no.value)
        flag = _bool(arg(name))
        if flag is None:
            errors[name] = _("Choose yes or no.")
        values[field] = bool(flag)

    sort = arg("sort").strip() or "relevance"
    if sort not in SORTS:
        errors["sort"] = _("Unknown sort order; showing the most relevant first.")
        sort = "relevance"
    values["sort"] = sort

    return CatalogFilters(**values), errors


def _category_and_children(category_id: int):
    return select(Category.id).where(
        or_(Category.id == category_id, Category.parent_id == category_id)
    )


def apply_filters(stmt: Select, filters: CatalogFilters, *, price_index: bool = True) -> Select:
    """Narrow a select of products by everything but the search text. ``price_index=False``
    writes the price range so that no index serves it (``price + 0``): the database then walks
    the newest products and tests each price (see :func:`_walk_newest`)."""
    if filters.category_id is not None:
        stmt = stmt.where(Product.category_id.in_(_category_and_children(filters.category_id)))
    if filters.enterprise_id is not None:
        stmt = stmt.where(Product.enterprise_id == filters.enterprise_id)
    if filters.regency_code:
        stmt = stmt.where(
            or_(
                Product.origin_regency_code == filters.regency_code,
                and_(
                    Product.origin_regency_code.is_(None),
                    Product.enterprise_id.in_(
                        select(Enterprise.id).where(Enterprise.regency_code == filters.regency_code)
                    ),
                ),
            )
        )
    price = Product.retail_price_idr if price_index else Product.retail_price_idr + 0
    if filters.min_price_idr is not None:
        stmt = stmt.where(price >= filters.min_price_idr)
    if filters.max_price_idr is not None:
        stmt = stmt.where(price <= filters.max_price_idr)
    if filters.in_stock:
        stmt = stmt.where(Product.stock > 0)
    if filters.max_moq is not None:
        stmt = stmt.where(or_(Product.export_moq.is_(None), Product.export_moq <= filters.max_moq))
    if filters.sample_available:
        stmt = stmt.where(Product.sample_available.is_(True))
    if filters.export_ready and _export_ready_condition is not None:
        stmt = stmt.where(_export_ready_condition())
    if filters.verified:
        stmt = stmt.where(
            Product.enterprise_id.in_(
                select(Enterprise.id).where(
                    Enterprise.verification_status == VerificationStatus.VERIFIED
                )
            )
        )
    if filters.halal and "halal" in _trust_conditions:
        stmt = stmt.where(_trust_conditions["halal"]())
    if filters.max_lead_time is not None:
        stmt = stmt.where(Product.lead_time_days <= filters.max_lead_time)
    if filters.min_rating is not None and "min_rating" in _trust_conditions:
        stmt = stmt.where(_trust_conditions["min_rating"](filters.min_rating))
    if filters.coop_health is not None and "coop_health" in _trust_conditions:
        stmt = stmt.where(_trust_conditions["coop_health"](filters.coop_health))
    return stmt


def has_trust_condition(name: str) -> bool:
    """Whether an area supplied the condition of filter ``name`` (the page offers it then)."""
    return name in _trust_conditions


def _ordering(sort: str) -> list:
    if sort == "price_asc":
        return [Product.retail_price_idr.asc(), Product.id.asc()]
    if sort == "price_desc":
        return [Product.retail_price_idr.desc(), Product.id.desc()]
    return [Product.published_at.desc(), Product.id.desc()]


def with_card_data(stmt: Select, *, tiers: bool = False) -> Select:
    """Eager-load what a product card shows (photos, enterprise, category; wholesale tiers when
    asked), so the number of queries does not grow with the number of products.

    Row timestamps (``created_at``/``updated_at``) are deferred: cards never show them and
    parsing them is a good part of the cost of a 48-product page. ``published_at`` stays.
    """
    options = [
        *_no_timestamps(Product),
        joinedload(Product.enterprise).options(
            *_no_timestamps(Enterprise), defer(Enterprise.verified_at)
        ),
        joinedload(Product.category).options(*_no_timestamps(Category)),
        selectinload(Product.photos).options(*_no_timestamps(ProductPhoto)),
    ]
    if tiers:
        options.append(selectinload(Product.tiers))
    return stmt.options(*options)


def _no_timestamps(model) -> list:
    return [defer(model.created_at), defer(model.updated_at)]


#: The HTML catalog shows at most this many pages of a list (48 × 100 = 4,800 products); past
#: that, narrowing the filters is the way on. Bounding the page number bounds the OFFSET, so
#: 100,000 products cost what 20,000 do on every page.
MAX_PAGES = 100
#: How long a count is remembered (commits that change products forget it at once).
COUNT_TTL = 300
#: Counts and cached pages belong to the current generation of the catalog, which any committed
#: change of a product, enterprise or category replaces (``core.cache.generation``).
CATALOG_GENERATION = "catalog"
for _model in (Product, Enterprise, Category):
    invalidate_on_commit(_model, f"gen:{CATALOG_GENERATION}")


def browse(
    filters: CatalogFilters,
    page: int = 1,
    per_page: int = 48,
    *,
    clamp: bool = True,
    tiers: bool = False,
    cards: bool = False,
) -> Page:
    """One page of published products matching ``filters``.

    A small number of SQL queries that does not depend on the page size: the search's count
    (one or two) and its page of ids (one or two) or the count, the page with enterprise and
    category joined, its photos, and its wholesale tiers when ``tiers`` is true. A page past
    the end gives the LAST page when
    ``clamp`` is true (the HTML catalog) and an empty page with the asked number when false
    (the API, so that clients paging until empty stop). Relevance without search text means
    newest first.

    ``cards=True`` (the HTML catalog) gives :class:`~trading_house.catalog.cards.CardKey`
    items instead of products (one narrow query; see ``catalog/cards.py``), takes the count
    from the cache when it has it and shows at most :data:`MAX_PAGES` pages.
    """
    from trading_house.catalog import cards as card_queries
    from trading_house.catalog import search

    found = search.prepare(filters.q) if filters.q else None
    by_rank = found is not None and filters.sort == "relevance"
    max_pages = MAX_PAGES if cards else None
    if found is not None and by_rank and not filters.is_filtered:
        # The common case, a plain search: the index alone counts and orders (it holds only
        # published products), then the page's products are loaded by id.
        def by_ids(n, skip):
            ids = found.ids(n, skip)
            return card_queries.card_keys_by_ids(ids) if cards else _by_ids(ids, tiers)

        return _product_page(found.total, page, per_page, clamp, by_ids, max_pages)

    if cards and found is None and filters == CatalogFilters(sort=filters.sort):
        # The unfiltered catalog, the most visited page: its count from the counters, its page
        # from a statement built once.
        return _plain_catalog_page(filters, page, per_page, clamp)

    filtered = stmt = apply_filters(published_products(), filters)
    ordering = _ordering(filters.sort)
    matches = None
    if found is not None:
        matches = found.matches(ranked=by_rank)
        stmt = stmt.join(matches, matches.c.product_id == Product.id)
        if by_rank:
            ordering = found.ordering(matches)
    count = stmt.with_only_columns(func.count(Product.id)).order_by(None)
    if (
        cards
        and found is None
        and not (filters.export_ready or filters.halal or filters.min_rating)
    ):
        # (export readiness, halal certificates and ratings change with rows of other areas,
        # which are not watched here)
        total = _remembered_count(filters, lambda: count)
    elif found is None:
        # The API: from the maintained counters when they cover the filters (exact, kept
        # with every commit), else counted.
        total = _matching_count(filters, lambda: count)
    elif not filters.is_filtered:
        # A search in another order: the index holds only published products, so its own
        # count is the answer (counting the join again read every match twice).
        total = found.total
    else:
        total = db.session.scalar(count) or 0

    def load(limit: int, offset: int) -> list:
        rows, joined = stmt, matches
        if found is None and _walk_newest(filters, total, offset + limit):
            rows = apply_filters(published_products(), filters, price_index=False)
        elif matches is not None and not by_rank and _walk_is_cheaper(total, offset + limit):
            # A broad search by price or date: a match is only a condition, so the database
            # walks that order's index testing each product against the matches.
            rows, joined = filtered.where(Product.id.in_(select(matches.c.product_id))), None
        if cards:
            return card_queries.card_keys(_page_by_ids(rows, ordering, limit, offset, joined))
        query = with_card_data(rows, tiers=tiers).order_by(*ordering).limit(limit).offset(offset)
        return list(db.session.scalars(query).unique())

    return _product_page(total, page, per_page, clamp, load, max_pages)


#: How many rows of a walk newest first cost as much as one row of a price range read and
#: sorted by date: the range's rows are fetched out of order and sorted, the walk's in order
#: (about 12 on the benchmark catalog of 100,000 products, where dates follow ids, as they
#: mostly do when products are added over time); 8 leaves the doubtful cases to the range.
SORT_FACTOR = 8


def _walk_newest(filters: CatalogFilters, matching: int, rows: int) -> bool:
    """Whether a price range's first ``rows`` products, newest first, are cheaper found by
    walking the newest products and testing each one's price than by reading every product
    in the range (``matching`` of them) and sorting them by date.

    The walk reads about ``rows`` × published / ``matching`` products, however large the
    catalog when the range holds the same share of it (its first pages); the range read costs
    ``matching``, which grows with the catalog (its last pages are cheaper that way)."""
    if filters.sort not in ("relevance", "newest"):
        return False
    if filters.min_price_idr is None and filters.max_price_idr is None:
        return False
    return _walk_is_cheaper(matching, rows)


def _walk_is_cheaper(matching: int, rows: int) -> bool:
    """Whether the first ``rows`` of ``matching`` products in an indexed order (date, price)
    are cheaper found by walking the order's index and testing each product (about ``rows`` x
    published / ``matching`` products read) than by reading every match and sorting them."""
    from trading_house.catalog import counters

    if rows >= SORT_FACTOR * matching:  # never cheaper (published >= matching): no question
        return False
    published = counters.count_for()
    return published is not None and rows * published < SORT_FACTOR * matching * matching


def _plain_catalog_page(filters: CatalogFilters, page: int, per_page: int, clamp: bool) -> Page:
    from trading_house.catalog.cards import to_keys

    total = _remembered_count(
        filters,
        lambda: published_products().with_only_columns(func.count(Product.id)).order_by(None),
    )

    def load(limit: int, offset: int) -> list:
        rows = db.session.connection().execute(
            _plain_page(filters.sort), {"lim": limit, "off": offset}
        )
        return to_keys(rows)

    return _product_page(total, page, per_page, clamp, load, MAX_PAGES)


def _page_by_ids(stmt: Select, ordering: list, limit, offset, matches=None) -> Select:
    """``stmt`` ordered, for one page: the OFFSET walks only the ids (a narrow, indexed scan),
    then the page's rows are read by id. Only the search matches are joined again (their rank
    orders the page): repeating the filters would let SQLite walk the whole ordering index
    testing each row against the 48 ids."""
    ids = stmt.with_only_columns(Product.id).order_by(*ordering).limit(limit).offset(offset)
    page = select(Product).where(Product.id.in_(ids.scalar_subquery()))
    if matches is not None:
        page = page.join(matches, matches.c.product_id == Product.id)
    return page.order_by(*ordering)


_PLAIN_PAGES: dict[str, Select] = {}


def _plain_page(sort: str) -> Select:
    """The card keys of one page of all published products in ``sort`` order, with
    ``:lim``/``:off`` parameters, built once per order (building a statement costs more
    than running it)."""
    stmt = _PLAIN_PAGES.get(sort)
    if stmt is None:
        from trading_house.catalog.cards import card_keys_statement

        page = _page_by_ids(
            published_products(), _ordering(sort), bindparam("lim"), bindparam("off")
        )
        stmt = _PLAIN_PAGES[sort] = card_keys_statement(page)
    return stmt


def _maintained_count(filters: CatalogFilters) -> int | None:
    """The count of an unfiltered catalog or of one facet (a category, a regency, verified
    makers) from ``catalog_counters`` (``catalog/counters.py``); None for other filters."""
    from dataclasses import replace

    from trading_house.catalog import counters

    plain = CatalogFilters(sort=filters.sort)
    if filters == plain:
        return counters.count_for()
    if filters == replace(plain, category_id=filters.category_id):
        return counters.count_for(category_id=filters.category_id)
    if filters == replace(plain, regency_code=filters.regency_code):
        return counters.count_for(regency=filters.regency_code)
    if filters == replace(plain, verified=True):
        return counters.count_for(verified=True)
    return None


def _remembered_count(filters: CatalogFilters, count: Callable[[], Select]) -> int:
    """The number of published products matching ``filters`` (no search text), from the cache
    when it has it. The entry belongs to the write stamp (``core/write_stamp.py``: any
    committed write, in any process, by any path, ends it) and to the catalog's generation, so
    a count is never older than the last write."""
    from trading_house.core.cache import current_cache, generation
    from trading_house.core.write_stamp import write_stamp

    cache = current_cache()
    args = "&".join(f"{k}={v}" for k, v in sorted(filters.to_args().items()) if k != "sort")
    digest = hashlib.sha256(args.encode()).hexdigest()[:24]
    key = f"catalog:count:{generation(CATALOG_GENERATION)}:{write_stamp()}:{digest}"
    return cache.get_or_set(key, lambda: _matching_count(filters, count), ttl=COUNT_TTL)


def _matching_count(filters: CatalogFilters, count: Callable[[], Select]) -> int:
    """From the counters when they cover ``filters``, else ``count()``'s statement run."""
    maintained = _maintained_count(filters)
    return maintained if maintained is not None else (db.session.scalar(count()) or 0)


def _product_page(total: int, page: int, per_page: int, clamp: bool, load, max_pages=None) -> Page:
    pages = page_count(total, per_page)
    if max_pages is not None:
        pages = min(pages, max_pages)
    page = min(max(1, page), pages) if clamp else max(1, page)
    offset = (page - 1) * per_page
    items = load(per_page, offset) if total and offset < total else []
    return Page(items=items, page=page, per_page=per_page, total=total, max_pages=max_pages)


def _by_ids(ids: list[int], tiers: bool) -> list[Product]:
    """Published products with these ids, in this order, with their card data."""
    if not ids:
        return []
    stmt = with_card_data(published_products().where(Product.id.in_(ids)), tiers=tiers)
    found = {product.id: product for product in db.session.scalars(stmt).unique()}
    return [found[i] for i in ids if i in found]


def published_product(product_id: int) -> Product | None:
    """One published product with everything its page or API document shows."""
    stmt = with_card_data(published_products().where(Product.id == product_id), tiers=True)
    return db.session.scalars(stmt).unique().first()


def category_product_counts() -> dict[int, int]:
    """{category id: number of published products directly in it}."""
    stmt = (
        select(Product.category_id, func.count())
        .where(Product.status == ProductStatus.APPROVED)
        .group_by(Product.category_id)
    )
    return {category_id: count for category_id, count in db.session.execute(stmt)}


def _enterprise_counts():
    return (
        select(Product.enterprise_id, func.count().label("product_count"))
        .where(Product.status == ProductStatus.APPROVED)
        .group_by(Product.enterprise_id)
        .subquery("published_counts")
    )


def public_enterprises(page: int = 1, per_page: int = 24) -> Page:
    """Enterprises with at least one published product, by name; items are
    ``(enterprise, published product count)``. A page past the end is empty."""
    counts = _enterprise_counts()
    stmt = select(Enterprise, counts.c.product_count).join(
        counts, counts.c.enterprise_id == Enterprise.id
    )
    total = db.session.scalar(select(func.count()).select_from(counts)) or 0
    rows = db.session.execute(
        stmt.order_by(Enterprise.name, Enterprise.id).limit(per_page).offset((page - 1) * per_page)
    )
    return Page(items=[tuple(row) for row in rows], page=page, per_page=per_page, total=total)


def public_enterprise(slug: str) -> tuple[Enterprise, int] | None:
    """An enterprise with published products and their count; None for any other."""
    counts = _enterprise_counts()
    row = db.session.execute(
        select(Enterprise, counts.c.product_count)
        .join(counts, counts.c.enterprise_id == Enterprise.id)
        .where(Enterprise.slug == slug)
    ).first()
    return tuple(row) if row else None
