"""What a curator reviews: a listing's content as a plain dict, its fingerprint and differences.

Content = the catalog's editable fields except stock (stock is operational: orders move it
while a revision waits) plus the wholesale tiers as ``[[min_quantity, unit_price_idr], …]``.
"""

import difflib
import hashlib
import json
import re

from flask_babel import lazy_gettext as _l

from trading_house.catalog.models import Category, Product
from trading_house.catalog.services import EDITABLE_FIELDS
from trading_house.extensions import db

CONTENT_FIELDS = tuple(f for f in EDITABLE_FIELDS if f != "stock")

#: Labels of the fields (the same words as the product form).
FIELD_LABELS = {
    "name_indonesian": _l("Name in Indonesian"),
    "name_english": _l("Name in English"),
    "description_indonesian": _l("Description in Indonesian"),
    "description_english": _l("Description in English"),
    "category_id": _l("Category"),
    "sku": _l("SKU (your own product code)"),
    "retail_price_idr": _l("Retail price (IDR)"),
    "export_moq": _l("Export minimum order quantity"),
    "export_unit": _l("Unit"),
    "stock": _l("Stock"),
    "weight_grams": _l("Weight (grams)"),
    "length_mm": _l("Length (mm)"),
    "width_mm": _l("Width (mm)"),
    "height_mm": _l("Height (mm)"),
    "materials": _l("Materials"),
    "materials_english": _l("Materials in English"),
    "hs_code": _l("HS code"),
    "origin_regency_code": _l("Made in (regency/city)"),
    "lead_time_days": _l("Production lead time (days)"),
    "sample_available": _l("Samples available for buyers"),
    "tiers": _l("Wholesale prices"),
    "photos": _l("Photos"),
}


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def content_of(product: Product) -> dict:
    """The reviewable content of the product row (what buyers see once it is published)."""
    data = {name: getattr(product, name) for name in CONTENT_FIELDS}
    data["tiers"] = [[t.min_quantity, t.unit_price_idr] for t in product.tiers]
    return normalise(data)


def normalise(data: dict) -> dict:
    """Cleaned form data or stored JSON in one comparable shape (``stock`` is dropped)."""
    result = {name: data.get(name) for name in CONTENT_FIELDS}
    for name in ("name_indonesian", "name_english", "description_indonesian"):
        result[name] = (result[name] or "").strip()
    result["description_english"] = (result["description_english"] or "").strip()
    result["materials"] = (result["materials"] or "").strip() or None
    result["materials_english"] = (result["materials_english"] or "").strip() or None
    result["sample_available"] = bool(result["sample_available"])
    result["export_unit"] = result["export_unit"] or "pcs"
    result["tiers"] = sorted([int(q), int(p)] for q, p in (data.get("tiers") or []))
    return result


def changed_fields(old: dict, new: dict) -> list[str]:
    """Names of the content fields whose values differ, in form order."""
    names = [*CONTENT_FIELDS, "tiers"]
    return [n for n in names if normalise(old).get(n) != normalise(new).get(n)]


def photo_signature(product: Product) -> list:
    return [[p.id, p.position, p.alt_text or ""] for p in product.photos]


def fingerprint(product: Product) -> str:
    """A short hash of everything a curator judges on an unpublished listing (photos too).

    The review form carries it; a decision is refused when it no longer matches.
    """
    payload = {"content": content_of(product), "photos": photo_signature(product)}
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return "c" + hashlib.sha256(encoded.encode()).hexdigest()[:32]


def display_value(name: str, value, locale: str) -> str:
    """A field value as people read it (category names, regency names, tiers)."""
    from trading_house.catalog.rules import format_hs_code
    from trading_house.core.templating import idr
    from trading_house.enterprises.regions import regency_name

    if value is None or value == "" or value == []:
        return "—"
    if name == "category_id":
        category = db.session.get(Category, value)
        return category.name_for(locale) if category else str(value)
    if name == "origin_regency_code":
        return regency_name(value)
    if name == "hs_code":
        return format_hs_code(value)
    if name == "retail_price_idr":
        return idr(value)
    if name == "sample_available":
        return str(_l("Yes")) if value else str(_l("No"))
    if name == "tiers":
        return "; ".join(str(_l("from %(qty)s: %(price)s", qty=q, price=idr(p))) for q, p in value)
    return str(value)


TEXT_FIELDS = (
    "name_indonesian",
    "name_english",
    "description_indonesian",
    "description_english",
    "materials",
    "materials_english",
)


def word_diff(old: str, new: str) -> tuple[list, list]:
    """([(changed, text)] of the old text, the same of the new one), word by word."""
    old_words = re.findall(r"\S+|\s+", old or "")
    new_words = re.findall(r"\S+|\s+", new or "")
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            left.append((False, "".join(old_words[i1:i2])))
            right.append((False, "".join(new_words[j1:j2])))
        else:
            if i2 > i1:
                left.append((True, "".join(old_words[i1:i2])))
            if j2 > j1:
                right.append((True, "".join(new_words[j1:j2])))
    return left, right


def diff_rows(published: dict, proposed: dict, locale: str) -> list[dict]:
    """Side-by-side rows for every field, marking the changed ones (texts word by word)."""
    rows = []
    changed = set(changed_fields(published, proposed))
    for name in [*CONTENT_FIELDS, "tiers"]:
        row = {
            "field": name,
            "label": field_label(name),
            "old": display_value(name, published.get(name), locale),
            "new": display_value(name, proposed.get(name), locale),
            "changed": name in changed,
            "words": None,
        }
        if name in changed and name in TEXT_FIELDS:
            row["words"] = word_diff(published.get(name) or "", proposed.get(name) or "")
        rows.append(row)
    return rows
