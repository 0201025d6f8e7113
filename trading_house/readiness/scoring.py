"""Scores and A–D grades, derived from verified answers only.

Each applicable item adds its weight to its pillar (legal, capacity & continuity, product
compliance, commercial readiness); a pillar scores verified weight / applicable weight, and the
overall score is the mean of the pillar scores weighted by the admin-set pillar weights (pillars
with no applicable item are left out). Grades, with the admin-set thresholds:

    A  every applicable mandatory item verified and score >= A threshold  (export-ready alone)
    B  every applicable mandatory item verified and score >= B threshold  (exports via the house)
    C  score >= C threshold                                              (domestic market)
    D  below                                                             (clinic needed)

A verified answer whose certificate has lapsed does not count, even before the hourly refresh
marks it expired. The grade tables are a cache: :func:`refresh_enterprise_grades` rewrites them
from the answers and tests compare them with a fresh computation.
"""

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sqlalchemy import ColumnElement, Select, bindparam, or_, select
from sqlalchemy.orm import Session, lazyload, selectinload

from trading_house.catalog.models import Category, Product
from trading_house.catalog.status import ProductStatus
from trading_house.core.clock import utcnow
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db
from trading_house.readiness.checklist import (
    DEFAULT_SETTINGS,
    current_template,
    readiness_settings,
)
from trading_house.readiness.formats import local_today
from trading_house.readiness.models import (
    EXPORT_READY_GRADES,
    PILLARS,
    ChecklistItem,
    ChecklistTemplate,
    EnterpriseGrade,
    GradeChange,
    ProductGrade,
    ReadinessAnswer,
    ReadinessSettings,
)
from trading_house.readiness.status import AnswerStatus

#: Products in these statuses still count for the enterprise-level category applicability.
INACTIVE_PRODUCT_STATUSES = (ProductStatus.ARCHIVED,)


@dataclass
class ItemResult:
    item: ChecklistItem
    answer: ReadinessAnswer | None
    today: date
    product_id: int | None = None

    @property
    def lapsed(self) -> bool:
        answer = self.answer
        return bool(answer and answer.expires_on and answer.expires_on < self.today)

    @property
    def state(self) -> str:
        """The state a person should see (a lapsed verified certificate shows as expired)."""
        if self.answer is None:
            return AnswerStatus.MISSING
        if self.answer.state == AnswerStatus.VERIFIED and self.lapsed:
            return AnswerStatus.EXPIRED
        return self.answer.state

    @property
    def counts(self) -> bool:
        return self.state == AnswerStatus.VERIFIED


@dataclass
class PillarResult:
    pillar: str
    earned: int = 0
    possible: int = 0

    @property
    def exact(self) -> Fraction:
        return Fraction(100 * self.earned, self.possible) if self.possible else Fraction(0)

    @property
    def percent(self) -> int:
        return int(self.exact)


@dataclass
class Assessment:
    grade: str
    exact: Fraction
    pillars: dict[str, PillarResult]
    results: list[ItemResult] = field(default_factory=list)

    @property
    def score(self) -> int:
        """0–100, rounded down (the grade uses the exact value)."""
        return int(self.exact)

    @property
    def export_ready(self) -> bool:
        return self.grade in EXPORT_READY_GRADES

    @property
    def mandatory_missing(self) -> list[ItemResult]:
        return [r for r in self.results if r.item.mandatory and not r.counts]


def grade_for(exact: Fraction, mandatory_ok: bool, settings: ReadinessSettings) -> str:
    if mandatory_ok and exact >= settings.grade_a_min:
        return "A"
    if mandatory_ok and exact >= settings.grade_b_min:
        return "B"
    if exact >= settings.grade_c_min:
        return "C"
    return "D"


def assess(results: list[ItemResult], settings: ReadinessSettings) -> Assessment:
    """Grade a list of applicable items with their answers (pure: no database)."""
    pillars = {p: PillarResult(p) for p in PILLARS}
    for result in results:
        pillar = pillars[result.item.pillar]
        pillar.possible += result.item.weight
        if result.counts:
            pillar.earned += result.item.weight
    active = [p for p in pillars.values() if p.possible and settings.pillar_weight(p.pillar) > 0]
    total_weight = sum(settings.pillar_weight(p.pillar) for p in active)
    exact = (
        sum((settings.pillar_weight(p.pillar) * p.exact for p in active), Fraction(0))
        / total_weight
        if total_weight
        else Fraction(0)
    )
    mandatory_ok = all(r.counts for r in results if r.item.mandatory)
    grade = grade_for(exact, mandatory_ok, settings) if results else "D"
    return Assessment(grade=grade, exact=exact, pillars=pillars, results=results)


@dataclass
class ScoringContext:
    """Everything the grading of many subjects shares, loaded once."""

    template: ChecklistTemplate | None
    enterprise_items: list[ChecklistItem]
    product_items: list[ChecklistItem]
    settings: ReadinessSettings
    today: date
    category_parent: dict[int, int | None]

    @classmethod
    def load(cls, session: Session | None = None) -> "ScoringContext":
        """From the request's session, or from ``session`` (``readiness/kept.py``)."""
        template = current_template(session)
        if template is None:
            return cls.without_checklist()
        items = list(template.items)
        parents = dict((session or db.session).execute(_CATEGORY_PARENTS).all())
        return cls(
            template=template,
            enterprise_items=[i for i in items if i.scope == "enterprise"],
            product_items=[i for i in items if i.scope == "product"],
            settings=readiness_settings(session),
            today=local_today(),
            category_parent=parents,
        )

    @classmethod
    def without_checklist(cls) -> "ScoringContext":
        """Nothing to grade against: no item applies, no threshold matters."""
        settings = ReadinessSettings(id=1, **DEFAULT_SETTINGS)
        return cls(None, [], [], settings, local_today(), {})

    @property
    def item_ids(self) -> list[int]:
        return [i.id for i in self.enterprise_items + self.product_items]

    def category_ids(self, category_id: int | None) -> set[int]:
        """A category and its parent (an item for "processed food" covers its children)."""
        if category_id is None:
            return set()
        parent = self.category_parent.get(category_id)
        return {category_id} | ({parent} if parent else set())

    @staticmethod
    def _applies(item: ChecklistItem, category_ids: set[int]) -> bool:
        return not item.categories or any(c.id in category_ids for c in item.categories)

    def product_items_for(self, product: Product) -> list[ChecklistItem]:
        ids = self.category_ids(product.category_id)
        return [i for i in self.product_items if self._applies(i, ids)]

    def enterprise_items_for(self, products: list[Product]) -> list[ChecklistItem]:
        """Enterprise items; one limited to categories applies if a live product is in one."""
        ids: set[int] = set()
        for product in products:
            if product.status not in INACTIVE_PRODUCT_STATUSES:
                ids |= self.category_ids(product.category_id)
        return [i for i in self.enterprise_items if self._applies(i, ids)]


def load_answers(
    enterprise_id: int, ctx: ScoringContext, *, documents: bool = True
) -> dict[tuple, ReadinessAnswer]:
    """The enterprise's answers to the current template, keyed by (item id, product id);
    with their evidence files (the checklist page lists them) unless ``documents`` is False
    (a grade needs only the answers: their items are the context's)."""
    if not ctx.item_ids:
        return {}
    statement = _ANSWERS_WITH_DOCUMENTS if documents else _ANSWERS
    rows = db.session.scalars(statement, {"enterprise_id": enterprise_id, "item_ids": ctx.item_ids})
    return {(a.item_id, a.product_id): a for a in rows}


def load_product_answers(product: Product, ctx: ScoringContext) -> dict[tuple, ReadinessAnswer]:
    """What grading one product reads of :func:`load_answers`: its enterprise's own answers
    and this product's (not its other products': a cooperative answers for dozens)."""
    if not ctx.item_ids:
        return {}
    parameters = {
        "enterprise_id": product.enterprise_id,
        "item_ids": ctx.item_ids,
        "product_id": product.id,
    }
    rows = db.session.scalars(_PRODUCT_ANSWERS, parameters)
    return {(a.item_id, a.product_id): a for a in rows}


def load_products(enterprise_id: int) -> list[Product]:
    return list(db.session.scalars(_PRODUCTS_OF, {"enterprise_id": enterprise_id}))


# Built once: every product page grades its product (building costs more than running).
_CATEGORY_PARENTS = select(Category.id, Category.parent_id)
_ANSWERS_OF = select(ReadinessAnswer).where(
    ReadinessAnswer.enterprise_id == bindparam("enterprise_id"),
    ReadinessAnswer.item_id.in_(bindparam("item_ids", expanding=True)),
)
_ANSWERS_WITH_DOCUMENTS = _ANSWERS_OF.options(selectinload(ReadinessAnswer.documents))
#: For a grade: the items are the context's, and the documents stay unloaded (lazy).
_ANSWERS = _ANSWERS_OF.options(lazyload(ReadinessAnswer.item))
_PRODUCT_ANSWERS = _ANSWERS.where(
    or_(ReadinessAnswer.product_id.is_(None), ReadinessAnswer.product_id == bindparam("product_id"))
)
_PRODUCTS_OF = (
    select(Product).where(Product.enterprise_id == bindparam("enterprise_id")).order_by(Product.id)
)


@dataclass
class EnterpriseAssessment:
    enterprise: Assessment
    products: dict[int, Assessment]
    enterprise_results: list[ItemResult]


def assess_enterprise_all(
    enterprise: Enterprise,
    ctx: ScoringContext | None = None,
    products: list | None = None,
    answers: dict | None = None,
) -> EnterpriseAssessment:
    """The enterprise's grade and each of its products' grades, from one load of answers."""
    ctx = ctx or ScoringContext.load()
    products = load_products(enterprise.id) if products is None else products
    answers = load_answers(enterprise.id, ctx) if answers is None else answers
    enterprise_results = [
        ItemResult(item, answers.get((item.id, None)), ctx.today)
        for item in ctx.enterprise_items_for(products)
    ]
    per_product = {}
    for product in products:
        results = enterprise_results + [
            ItemResult(item, answers.get((item.id, product.id)), ctx.today, product.id)
            for item in ctx.product_items_for(product)
        ]
        per_product[product.id] = assess(results, ctx.settings)
    return EnterpriseAssessment(
        enterprise=assess(enterprise_results, ctx.settings),
        products=per_product,
        enterprise_results=enterprise_results,
    )


def assess_enterprise(enterprise: Enterprise, ctx: ScoringContext | None = None) -> Assessment:
    return assess_enterprise_all(enterprise, ctx, products=load_products(enterprise.id)).enterprise


def assess_product(product: Product, ctx: ScoringContext | None = None) -> Assessment:
    """A product's grade: its enterprise's items plus the product items that apply to it."""
    ctx = ctx or ScoringContext.load()
    products = load_products(product.enterprise_id)
    answers = load_product_answers(product, ctx)
    results = [
        ItemResult(item, answers.get((item.id, None)), ctx.today)
        for item in ctx.enterprise_items_for(products)
    ] + [
        ItemResult(item, answers.get((item.id, product.id)), ctx.today, product.id)
        for item in ctx.product_items_for(product)
    ]
    return assess(results, ctx.settings)


# --- the cache -----------------------------------------------------------------------------


def refresh_enterprise_grades(enterprise: Enterprise, ctx: ScoringContext | None = None) -> int:
    """Rewrite the cached grades of an enterprise and its products; returns how many changed."""
    ctx = ctx or ScoringContext.load()
    outcome = assess_enterprise_all(enterprise, ctx)
    now = utcnow()
    changed = 0
    cached = db.session.get(EnterpriseGrade, enterprise.id)
    changed += _store(cached, EnterpriseGrade, outcome.enterprise, now, enterprise.id, None)
    existing = {
        g.product_id: g
        for g in db.session.scalars(
            select(ProductGrade).where(ProductGrade.enterprise_id == enterprise.id)
        )
    }
    for product_id, assessment in outcome.products.items():
        changed += _store(
            existing.get(product_id), ProductGrade, assessment, now, enterprise.id, product_id
        )
    db.session.flush()
    return changed


def _store(cached, model, assessment: Assessment, now, enterprise_id, product_id) -> int:
    before = cached.grade if cached is not None else None
    if cached is None:
        keys = {"enterprise_id": enterprise_id}
        if product_id is not None:
            keys["product_id"] = product_id
        cached = model(**keys)
        db.session.add(cached)
    cached.grade = assessment.grade
    cached.score = assessment.score
    cached.computed_at = now
    if before == assessment.grade:
        return 0
    db.session.add(
        GradeChange(
            enterprise_id=enterprise_id,
            product_id=product_id,
            from_grade=before,
            to_grade=assessment.grade,
            score=assessment.score,
            changed_at=now,
        )
    )
    return 1


def assess_all(ctx: ScoringContext | None = None):
    """Yield (enterprise, products, EnterpriseAssessment) for every enterprise.

    Loads all answers and products in two queries, so the provincial numbers and the hourly
    refresh do not cost two queries per enterprise.
    """
    ctx = ctx or ScoringContext.load()
    answers: dict[int, dict] = {}
    if ctx.item_ids:
        for answer in db.session.scalars(
            select(ReadinessAnswer).where(ReadinessAnswer.item_id.in_(ctx.item_ids))
        ):
            answers.setdefault(answer.enterprise_id, {})[(answer.item_id, answer.product_id)] = (
                answer
            )
    products: dict[int, list[Product]] = {}
    for product in db.session.scalars(select(Product).order_by(Product.id)):
        products.setdefault(product.enterprise_id, []).append(product)
    for enterprise in db.session.scalars(select(Enterprise).order_by(Enterprise.id)):
        own = products.get(enterprise.id, [])
        outcome = assess_enterprise_all(enterprise, ctx, own, answers.get(enterprise.id, {}))
        yield enterprise, own, outcome


def refresh_all_grades() -> int:
    """Recompute every cached grade (the hourly refresh); returns how many changed."""
    now = utcnow()
    cached_enterprises = {g.enterprise_id: g for g in db.session.scalars(select(EnterpriseGrade))}
    cached_products = {g.product_id: g for g in db.session.scalars(select(ProductGrade))}
    changed = 0
    for enterprise, _products, outcome in list(assess_all()):
        changed += _store(
            cached_enterprises.get(enterprise.id),
            EnterpriseGrade,
            outcome.enterprise,
            now,
            enterprise.id,
            None,
        )
        for product_id, assessment in outcome.products.items():
            changed += _store(
                cached_products.get(product_id),
                ProductGrade,
                assessment,
                now,
                enterprise.id,
                product_id,
            )
    db.session.flush()
    return changed


def export_ready_product_ids() -> Select:
    """A SELECT of the ids of export-ready products (grade A or B), for ``IN (...)`` filters."""
    return select(ProductGrade.product_id).where(ProductGrade.grade.in_(EXPORT_READY_GRADES))


def export_ready_condition() -> ColumnElement[bool]:
    """SQL condition on ``Product``: true for export-ready products (the catalog/API filter)."""
    return Product.id.in_(export_ready_product_ids())
