"""Listing rules shared by the forms and the services (which must hold them for every caller)."""

import re

from flask_babel import lazy_gettext as _l

#: A price above this many rupiah is a typing mistake, not a product.
MAX_PRICE_IDR = 10**12
MAX_QUANTITY = 10**9
#: BTKI 2022, Indonesia's tariff book, classifies goods with 8 digits (the export declaration,
#: certificates of origin and destination rules use them).
HS_CODE_DIGITS = 8


def parse_whole_number(text: str) -> int:
    """Digits, optionally grouped by thousands with dots, commas or spaces ("85.000", "1,250").

    Raises ValueError for anything else (letters, decimals, signs, empty).
    """
    cleaned = re.sub(r"^\s*(rp\.?|idr)\s*", "", text or "", flags=re.IGNORECASE).strip()
    if re.fullmatch(r"\d+", cleaned):
        # Hundreds of digits are "too large", not an error from int()'s digit limit.
        return int(cleaned) if len(cleaned) <= 18 else 10**18
    if (
        re.fullmatch(r"\d{1,3}([.,\s]\d{3})+", cleaned)
        and len(set(re.findall(r"[.,\s]", cleaned))) == 1
    ):
        digits = re.sub(r"\D", "", cleaned)
        return int(digits) if len(digits) <= 18 else 10**18
    raise ValueError(text)


class HsCodeTooLong(ValueError):
    """A 10-digit code (old BTKI 2017 or another country's tariff): explained, not accepted."""


def normalise_hs_code(text: str | None) -> str | None:
    """'0901.11.10' -> '09011110'. Raises ValueError unless 8 digits (BTKI 2022) remain."""
    if not text or not text.strip():
        return None
    cleaned = re.sub(r"[\s.]", "", text)
    if cleaned.isdigit() and len(cleaned) == 10:
        raise HsCodeTooLong(text)
    if not cleaned.isdigit() or len(cleaned) != HS_CODE_DIGITS:
        raise ValueError(text)
    return cleaned


def format_hs_code(digits: str | None) -> str:
    """'09011110' -> '0901.11.10' (the way BTKI prints it)."""
    if not digits:
        return ""
    parts = [digits[:4], digits[4:6], digits[6:8], digits[8:10]]
    return ".".join(p for p in parts if p)


def tier_order_problem(rows, retail_price=None):
    """A translated message when tiers are out of order, else None. Shared with the services."""
    previous = None
    for quantity, price in rows:
        if previous is not None:
            if quantity <= previous[0]:
                return _l(
                    "Each wholesale tier must start at a larger quantity than the one before."
                )
            if price >= previous[1]:
                return _l("Each wholesale tier must have a lower unit price than the one before.")
        elif retail_price and price >= retail_price:
            return _l("A wholesale unit price must be lower than the retail price.")
        previous = (quantity, price)
    return None


# --- what a listing needs before review: ONE set of rules ------------------------------------
# The product form shows these up front (live, per category), the photo page states the same
# photo numbers and the upload refuses smaller photos, and the curation pre-check enforces them.

#: Photos a listing needs before review, each at least this many pixels on the long side.
MIN_PHOTOS = 3
MIN_PHOTO_LONG_SIDE = 1000
#: The browser shrinks larger photos to this long side before upload (static/js/photo-upload.js).
UPLOAD_LONG_SIDE = 2560
#: Characters a description needs: what it is, how it is made, its size and how to use it.
MIN_DESCRIPTION = 80

#: Per top-level category (slug): fields that are required (blocking) or recommended (warning).
#: ``dimensions`` means length, width and height together.
CATEGORY_RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "kopi-teh": {"required": ("hs_code", "weight_grams"), "recommended": ("lead_time_days",)},
    "makanan-olahan": {"required": ("hs_code", "weight_grams"), "recommended": ("materials",)},
    "herbal-kosmetik": {"required": ("weight_grams", "materials"), "recommended": ("hs_code",)},
    "tenun-sutra": {"required": ("materials",), "recommended": ("dimensions", "hs_code")},
    "produk-kulit": {"required": ("materials",), "recommended": ("weight_grams", "hs_code")},
    "kerajinan": {"required": ("materials",), "recommended": ("dimensions", "weight_grams")},
    "fesyen-aksesori": {"required": ("materials",), "recommended": ("weight_grams",)},
    "dekorasi-rumah": {"required": ("materials",), "recommended": ("dimensions",)},
    "oleh-oleh": {"required": (), "recommended": ("weight_grams", "materials")},
}
#: A listing with an export minimum order is offered to importers: they need these, and an
#: English description (a domestic listing without one gets a translation task instead).
EXPORT_REQUIRED = ("hs_code", "weight_grams")


def category_rules(category) -> dict[str, tuple[str, ...]]:
    """{"required": (...), "recommended": (...)} for a category (its top level decides)."""
    if category is None:
        return {"required": (), "recommended": ()}
    top = category.parent or category
    rules = CATEGORY_RULES.get(top.slug, {})
    return {
        "required": tuple(rules.get("required", ())),
        "recommended": tuple(
            f for f in rules.get("recommended", ()) if f not in rules.get("required", ())
        ),
    }


def form_requirements(categories, locale: str = "id") -> dict:
    """What the product form's live checklist needs (JSON): numbers and rules per category id."""
    return {
        "min_photos": MIN_PHOTOS,
        "min_photo_px": MIN_PHOTO_LONG_SIDE,
        "min_description": MIN_DESCRIPTION,
        "export_required": list(EXPORT_REQUIRED),
        "categories": {
            str(c.id): {
                **{k: list(v) for k, v in category_rules(c).items()},
                "name": (c.parent or c).name_for(locale),
            }
            for c in categories
        },
    }
