"""Destination rules: which extra documents a shipment of a product to a country needs.

``required_documents(product, country_code)`` is what the product page and inquiries call: it
matches the rules for the country's markets ("all", its group such as ASEAN, or itself) by the
product's category (and its parent) or HS-code prefix, and says for each document whether the
SME already holds it (a verified answer to the linked checklist item).
"""

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from trading_house.catalog.models import Category, Product
from trading_house.core.countries import country_name
from trading_house.core.errors import DomainError, NotFound
from trading_house.core.i18n import current_locale
from trading_house.extensions import db
from trading_house.readiness.kept import scoring_context
from trading_house.readiness.models import MARKETS, DestinationRule
from trading_house.readiness.scoring import load_product_answers
from trading_house.readiness.status import AnswerStatus

#: BTKI 2022, Indonesia's tariff book, classifies goods with 8 digits.
BTKI_DIGITS = 8
TEN_DIGITS_EXPLAINED = _l(
    "Indonesia's tariff book (BTKI 2022) uses 8-digit HS codes; 10-digit codes come from the "
    "old BTKI 2017 or another country's tariff. Enter the first 8 digits as listed in BTKI 2022 "
    "(for example 0901.11.10)."
)
#: Document codes of earlier default rules that no longer exist (removed when replacing).
RETIRED_DOCUMENT_CODES: set[str] = set()

EU = ("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE").split()
MARKET_COUNTRIES: dict[str, tuple[str, ...]] = {
    "asean": ("BN", "KH", "LA", "MY", "MM", "PH", "SG", "TH", "VN"),
    "china": ("CN",),
    "korea": ("KR",),
    "japan": ("JP",),
    "india": ("IN",),
    "australia": ("AU",),
    "eu": tuple(EU),
    "uk": ("GB",),
    "usa": ("US",),
    "middle_east": ("SA", "AE", "QA", "KW", "OM", "BH", "JO"),
}
#: Countries offered in the destination select (any other ISO code still works for "all").
OTHER_COUNTRIES = ("CA", "NZ", "HK", "TW", "TR")
MARKET_LABELS = {
    "all": _l("Every destination"),
    "asean": _l("ASEAN"),
    "china": _l("China"),
    "korea": _l("South Korea"),
    "japan": _l("Japan"),
    "india": _l("India"),
    "australia": _l("Australia"),
    "eu": _l("European Union"),
    "uk": _l("United Kingdom"),
    "usa": _l("United States"),
    "middle_east": _l("Middle East (Gulf)"),
}


class Holding(StrEnum):
    """Whether the SME holds a document a shipment needs (``RequiredDocument.status``)."""

    HELD = "held"
    IN_PROGRESS = "in_progress"
    MISSING = "missing"
    PER_SHIPMENT = "per_shipment"  # issued for each shipment: nothing to hold in advance


#: A checklist answer's state → the required document's status.
ITEM_STATE_TO_DOCUMENT: dict[str, str] = {
    AnswerStatus.VERIFIED: Holding.HELD,
    AnswerStatus.SUBMITTED: Holding.IN_PROGRESS,
    AnswerStatus.DECLARED: Holding.IN_PROGRESS,
}


def markets_for(country_code: str | None) -> list[str]:
    """The rule markets that cover a destination country (none for Indonesia itself)."""
    code = (country_code or "").strip().upper()
    if len(code) != 2 or not code.isalpha() or code == "ID":
        return []
    return ["all"] + [m for m, countries in MARKET_COUNTRIES.items() if code in countries]


def destination_choices(locale: str | None = None) -> list[tuple[str, str]]:
    """The destination countries (those of a market and the others asked for), by name in
    ``locale`` (the visitor's by default)."""
    return list(_destination_choices(locale or current_locale()))


@cache
def _destination_choices(locale: str) -> tuple[tuple[str, str], ...]:
    # Fixed lists and Babel's names: the same for every page of a language.
    codes = {c for countries in MARKET_COUNTRIES.values() for c in countries}
    codes |= set(OTHER_COUNTRIES)
    return tuple(sorted(((c, country_name(c, locale)) for c in codes), key=lambda pair: pair[1]))


@dataclass
class RequiredDocument:
    code: str
    title: str
    note: str
    issuing_body: str
    #: The language ``issuing_body`` is in (``en``/``id``), for a label when it is not the reader's.
    issuing_body_language: str
    per_shipment: bool
    item_code: str | None
    #: held | in_progress | missing | per_shipment (nothing to hold in advance)
    status: str
    #: The short legal source (regulation, article, annex) shown to the SME.
    legal_source: str = ""

    @property
    def is_held(self) -> bool:
        return self.status == Holding.HELD

    @property
    def is_in_progress(self) -> bool:
        """Answered, and waiting for (or saved before) a curator's verification."""
        return self.status == Holding.IN_PROGRESS

    @property
    def is_per_shipment(self) -> bool:
        """Issued for each shipment: nothing to hold in advance."""
        return self.status == Holding.PER_SHIPMENT

    @property
    def is_missing(self) -> bool:
        return self.status == Holding.MISSING


def matching_rules(product: Product, country_code: str) -> list[DestinationRule]:
    markets = markets_for(country_code)
    if not markets:
        return []
    category_ids = _category_ids(product.category_id)
    rules = db.session.scalars(
        select(DestinationRule)
        .where(DestinationRule.market.in_(markets))
        .order_by(DestinationRule.per_shipment, DestinationRule.id)
    )
    text = product_text(product)
    return [rule for rule in rules if rule_matches(rule, category_ids, product.hs_code, text)]


def product_text(product: Product) -> str:
    """What keywords are looked for in: materials and names in both languages, lower-case."""
    parts = (product.materials, product.name_indonesian, product.name_english)
    return " ".join(p for p in parts if p).lower()


def rule_matches(rule, category_ids: set[int], hs_code: str | None, text: str) -> bool:
    """Category (with its parent) or HS prefix, and the keywords when the rule has any.

    A rule with neither category nor HS prefix applies to every product (that mentions one of
    its keywords, if it has keywords).
    """
    hs = hs_code or ""
    if rule.category_id is None and not rule.hs_prefix:
        scope_ok = True
    else:
        scope_ok = (rule.category_id is not None and rule.category_id in category_ids) or bool(
            rule.hs_prefix and hs.startswith(rule.hs_prefix)
        )
    return scope_ok and keywords_match(rule.keywords, text)


def keywords_match(keywords: str | None, text: str) -> bool:
    words = [w.strip().lower() for w in (keywords or "").split(",") if w.strip()]
    if not words:
        return True
    return any(re.search(rf"\b{re.escape(word)}\b", text) for word in words)


def required_documents(
    product: Product, country_code: str, locale: str | None = None
) -> list[RequiredDocument]:
    """The documents a shipment of ``product`` to ``country_code`` needs, and what is held."""
    locale = locale or current_locale()
    rules = matching_rules(product, country_code)
    if not rules:
        return []
    states = _states_by_code(product)
    documents: dict[str, RequiredDocument] = {}
    for rule in rules:
        if rule.document_code in documents:
            continue
        if rule.item_code:
            state = states.get(rule.item_code, AnswerStatus.MISSING)
            status = ITEM_STATE_TO_DOCUMENT.get(state, Holding.MISSING)
        else:
            status = Holding.PER_SHIPMENT if rule.per_shipment else Holding.MISSING
        documents[rule.document_code] = RequiredDocument(
            code=rule.document_code,
            title=rule.title_for(locale),
            note=rule.note_for(locale),
            issuing_body=rule.issuing_body_for(locale),
            issuing_body_language=rule.issuing_body_language(locale),
            per_shipment=rule.per_shipment,
            item_code=rule.item_code,
            status=status,
            legal_source=rule.legal_source or "",
        )
    return list(documents.values())


def _category_ids(category_id: int | None) -> set[int]:
    if category_id is None:
        return set()
    parent = db.session.scalar(select(Category.parent_id).where(Category.id == category_id))
    return {category_id} | ({parent} if parent else set())


def _states_by_code(product: Product) -> dict[str, str]:
    """Effective answer state per item code for this product and its enterprise."""
    ctx = scoring_context()
    codes = {item.id: item.code for item in ctx.enterprise_items + ctx.product_items}
    states = {}
    for (item_id, _product_id), answer in load_product_answers(product, ctx).items():
        lapsed = answer.expires_on is not None and answer.expires_on < ctx.today
        expired = answer.state == AnswerStatus.VERIFIED and lapsed
        state = AnswerStatus.EXPIRED if expired else answer.state
        states[codes[item_id]] = state
    return states


# --- administration ------------------------------------------------------------------------


def all_rules() -> list[DestinationRule]:
    return list(
        db.session.scalars(
            select(DestinationRule).order_by(
                DestinationRule.market, DestinationRule.document_code, DestinationRule.id
            )
        )
    )


def add_rule(data: dict) -> DestinationRule:
    """Add a rule: a market plus a category and/or an HS prefix (neither: every product)."""
    if data.get("market") not in MARKETS:
        raise DomainError(_l("Choose a destination market."), field="market")
    prefix = "".join(ch for ch in (data.get("hs_prefix") or "") if ch not in ". ")
    if prefix and prefix.isdigit() and len(prefix) > BTKI_DIGITS:
        raise DomainError(TEN_DIGITS_EXPLAINED, field="hs_prefix")
    if prefix and (not prefix.isdigit() or not 2 <= len(prefix) <= BTKI_DIGITS):
        raise DomainError(_l("An HS prefix has 2 to 8 digits."), field="hs_prefix")
    category_id = data.get("category_id") or None
    if category_id and db.session.get(Category, int(category_id)) is None:
        raise DomainError(_l("Choose a category from the list."), field="category_id")
    rule = DestinationRule(
        market=data["market"],
        category_id=int(category_id) if category_id else None,
        hs_prefix=prefix or None,
        document_code=data["document_code"].strip().lower(),
        title_english=data["title_english"].strip(),
        title_indonesian=data["title_indonesian"].strip(),
        note_english=(data.get("note_english") or "").strip(),
        note_indonesian=(data.get("note_indonesian") or "").strip(),
        issuing_body=(data.get("issuing_body") or "").strip(),
        issuing_body_english=(data.get("issuing_body_english") or "").strip(),
        item_code=(data.get("item_code") or "").strip() or None,
        per_shipment=bool(data.get("per_shipment")),
        keywords=_keywords(data.get("keywords")),
        legal_source=(data.get("legal_source") or "").strip(),
    )
    db.session.add(rule)
    db.session.flush()
    return rule


def _keywords(raw: str | None) -> str | None:
    words = [w.strip().lower() for w in (raw or "").split(",") if w.strip()]
    return ", ".join(dict.fromkeys(words)) or None


def delete_rule(rule_id) -> None:
    rule = db.session.get(DestinationRule, int(rule_id)) if str(rule_id).isdigit() else None
    if rule is None:
        raise NotFound(_l("This rule does not exist."))
    db.session.delete(rule)
    db.session.flush()


def load_default_rules(resolve_category, *, replace: bool = False) -> int:
    """Insert the default rules unless some exist; returns how many rows were added.

    ``replace``: first delete the rules whose document codes the defaults define (an install
    that loaded the earlier, wrong defaults); rules an admin added for other documents stay.
    """
    from trading_house.readiness.defaults_rules import DEFAULT_RULES

    if replace:
        codes = {spec["document_code"] for spec in DEFAULT_RULES} | RETIRED_DOCUMENT_CODES
        db.session.execute(
            delete(DestinationRule).where(DestinationRule.document_code.in_(sorted(codes)))
        )
        db.session.flush()
    elif db.session.scalar(select(DestinationRule.id).limit(1)):
        return 0
    added = 0
    for spec in DEFAULT_RULES:
        base = {k: v for k, v in spec.items() if k not in ("category", "hs_prefixes")}
        targets: list[tuple[int | None, str | None]] = [(None, p) for p in spec["hs_prefixes"]]
        if spec["category"]:
            targets += [(c.id, None) for c in resolve_category(spec["category"])]
        if not spec["category"] and not spec["hs_prefixes"]:
            targets = [(None, None)]
        for category_id, prefix in targets:
            db.session.add(DestinationRule(**base, category_id=category_id, hs_prefix=prefix))
            added += 1
    db.session.flush()
    return added
