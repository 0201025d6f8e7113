"""Automatic checks before a listing reaches a curator: blocking problems and warnings.

Each problem names the form field it concerns (``photos`` for the photo page) and says in plain
words what to do. Blocking problems prevent submission; warnings only advise.
"""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from trading_house.catalog.models import Category, Product
from trading_house.catalog.rules import (
    EXPORT_REQUIRED,
    MIN_DESCRIPTION,
    MIN_PHOTO_LONG_SIDE,
    MIN_PHOTOS,
    category_rules,
)
from trading_house.core.i18n import current_locale
from trading_house.curation.content import content_of, field_label

#: Text fields scanned for contact details.
SCANNED_FIELDS = (
    "name_indonesian",
    "name_english",
    "description_indonesian",
    "description_english",
    "materials",
    "materials_english",
)


@dataclass(frozen=True)
class Problem:
    code: str
    field: str
    message: str
    blocking: bool

    @property
    def field_label(self) -> str:
        return field_label(self.field)


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.blocking]

    @property
    def ok(self) -> bool:
        return not self.blocking

    def by_field(self) -> dict[str, list[Problem]]:
        result: dict[str, list[Problem]] = {}
        for problem in self.problems:
            result.setdefault(problem.field, []).append(problem)
        return result

    def add(self, code, field_name, message, *, blocking=True) -> None:
        self.problems.append(Problem(code, field_name, message, blocking))


def check_product(product: Product) -> Report:
    """Pre-checks of the listing as it is stored (an unpublished listing)."""
    return check_listing(content_of(product), product.photos, product.category)


def check_listing(content: dict, photos, category: Category | None) -> Report:
    """Pre-checks of ``content`` (see content.py) with its photos and category."""
    report = Report()
    _check_photos(report, photos)
    _check_texts(report, content)
    if not content.get("retail_price_idr") or content["retail_price_idr"] <= 0:
        report.add("price_missing", "retail_price_idr", _l("Enter a retail price in rupiah."))
    _check_category_fields(report, content, category)
    for name in SCANNED_FIELDS:
        text = content.get(name) or ""
        findings = find_contact_details(text)
        for code, message in findings:
            report.add(code, name, message)
        if not findings and _URL.search(text):
            report.add(
                "link",
                name,
                _l("Links to other websites are usually removed by the curators."),
                blocking=False,
            )
    return report


def _check_photos(report: Report, photos) -> None:
    large = [p for p in photos if max(p.width, p.height) >= MIN_PHOTO_LONG_SIDE]
    small = len(photos) - len(large)
    if len(large) < MIN_PHOTOS:
        report.add(
            "photos_too_few",
            "photos",
            _l(
                "Add at least %(min)s photos of at least %(px)s pixels on the long side "
                "(now %(count)s).",
                min=MIN_PHOTOS,
                px=MIN_PHOTO_LONG_SIDE,
                count=len(large),
            ),
        )
    if small:
        report.add(
            "photos_small",
            "photos",
            lazy_ngettext(
                "%(num)d photo is smaller than %(px)s pixels and does not count.",
                "%(num)d photos are smaller than %(px)s pixels and do not count.",
                small,
                px=MIN_PHOTO_LONG_SIDE,
            ),
            blocking=False,
        )
    if photos and any(not (p.alt_text or "").strip() for p in photos):
        report.add(
            "photos_alt_text",
            "photos",
            _l("Describe each photo in a few words (for blind visitors and search)."),
            blocking=False,
        )


def _check_texts(report: Report, content: dict) -> None:
    length = len((content.get("description_indonesian") or "").strip())
    if length < MIN_DESCRIPTION:
        report.add("description_short", "description_indonesian", _too_short(length))
    # English is needed to sell abroad (an export minimum order), not to sell at home: there a
    # missing English text becomes a task in the curators' translation queue, and English
    # readers see the Indonesian text with a language label meanwhile.
    english = len((content.get("description_english") or "").strip())
    if english < MIN_DESCRIPTION:
        if content.get("export_moq"):
            report.add("description_short", "description_english", _too_short(english))
        elif english:
            report.add(
                "description_short", "description_english", _too_short(english), blocking=False
            )
        else:
            report.add(
                "description_english_missing",
                "description_english",
                _l(
                    "Optional for buyers in Indonesia: without it, the trading house adds an "
                    "English translation after approval. Importers need it for an export "
                    "minimum order."
                ),
                blocking=False,
            )
    if not (content.get("name_english") or "").strip():
        report.add(
            "name_english_missing",
            "name_english",
            _l("Without an English name, buyers abroad see the Indonesian one."),
            blocking=False,
        )


def _too_short(length: int):
    return _l(
        "Write at least %(min)s characters (now %(count)s): what it is, how it is "
        "made, its size and how to use it.",
        min=MIN_DESCRIPTION,
        count=length,
    )


def _missing(content: dict, name: str) -> bool:
    if name == "dimensions":
        return any(not content.get(n) for n in ("length_mm", "width_mm", "height_mm"))
    return content.get(name) in (None, "", 0)


def _check_category_fields(report: Report, content: dict, category: Category | None) -> None:
    required: dict[str, object] = {}
    rules = category_rules(category)
    if category is not None:
        name = (category.parent or category).name_for(current_locale())
        for field_name in rules["required"]:
            required[field_name] = _l("Listings in “%(category)s” need this field.", category=name)
    if content.get("export_moq"):
        for field_name in EXPORT_REQUIRED:
            required.setdefault(
                field_name,
                _l("You offer an export minimum order, so importers need this field."),
            )
    for field_name, message in required.items():
        if _missing(content, field_name):
            anchor = "length_mm" if field_name == "dimensions" else field_name
            report.add(f"required_{field_name}", anchor, message)
    for field_name in sorted(set(rules["recommended"]) - set(required)):
        if _missing(content, field_name):
            anchor = "length_mm" if field_name == "dimensions" else field_name
            report.add(
                f"recommended_{field_name}",
                anchor,
                _l("Buyers of this category usually ask for this; consider filling it in."),
                blocking=False,
            )


# --- contact details smuggled into texts ---------------------------------------------------------

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+(?:@|\s*(?:\(at\)|\[at\])\s*)[A-Za-z0-9\-]+"
    r"(?:(?:\.|\s*(?:\(dot\)|\[dot\])\s*)[A-Za-z0-9\-]+)+",
    re.IGNORECASE,
)
_WHATSAPP_LINK = re.compile(
    r"(?:https?://)?(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|wa\.link)/\S*", re.IGNORECASE
)
_SOCIAL_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:instagram\.com|instagr\.am|facebook\.com|fb\.com|fb\.me|"
    r"tiktok\.com|t\.me|line\.me|tokopedia\.com|shopee\.co\.id|bukalapak\.com)\S*",
    re.IGNORECASE,
)
_INSTAGRAM_HANDLE = re.compile(
    # "IG: kopisapan", "insta @kopisapan", "instagram kopisapan" -- but not "Instant".
    r"(?:\b(?:ig|insta|instagram)(?:\s*[:\-]\s*@?|\s+@?|@)[A-Za-z0-9_.]{2,30})"
    r"|(?<![\w.@])@[A-Za-z0-9_.]{2,30}",
    re.IGNORECASE,
)
#: +62 / 62 / 0 followed by 8–12 more digits, with spaces, dots, dashes or brackets between.
_PHONE = re.compile(r"(?<![\w.])(?:\+\s*62|62|\(?0)[\s.\-()]*\d(?:[\s.\-()]*\d){7,12}(?!\d)")
_HS_CODE = re.compile(r"^\d{4}\.\d{2}(?:\.\d{2}){0,2}$")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

_CONTACT_MESSAGE = {
    "contact_email": _l(
        "This looks like an e-mail address: “%(found)s”. Buyers reach you through the trading "
        "house, so contact details are not allowed in listings."
    ),
    "contact_phone": _l(
        "This looks like a phone number: “%(found)s”. Buyers reach you through the trading "
        "house, so contact details are not allowed in listings."
    ),
    "contact_whatsapp": _l(
        "This looks like a WhatsApp link or number: “%(found)s”. Buyers reach you through the "
        "trading house, so contact details are not allowed in listings."
    ),
    "contact_social": _l(
        "This links to a social network or another shop: “%(found)s”. Please remove it; buyers "
        "order through the trading house."
    ),
    "contact_instagram": _l(
        "This looks like an Instagram account: “%(found)s”. Buyers reach you through the "
        "trading house, so contact details are not allowed in listings."
    ),
}


def find_contact_details(text: str) -> list[tuple[str, str]]:
    """[(code, message)] for contact details in ``text``; each finding is quoted back."""
    found: list[tuple[str, str]] = []
    remaining = text or ""

    def take(pattern, code, accept=lambda match: True):
        nonlocal remaining
        for match in list(pattern.finditer(remaining)):
            snippet = match.group(0).strip()
            if not accept(snippet):
                continue
            found.append((code, str(_CONTACT_MESSAGE[code] % {"found": snippet[:60]})))
            remaining = remaining.replace(match.group(0), " ", 1)

    take(_WHATSAPP_LINK, "contact_whatsapp")
    take(_SOCIAL_LINK, "contact_social")
    take(_EMAIL, "contact_email")
    take(_PHONE, "contact_phone", _is_phone)
    take(_INSTAGRAM_HANDLE, "contact_instagram", lambda s: bool(re.search(r"[A-Za-z]", s)))
    return found


def _is_phone(snippet: str) -> bool:
    if _HS_CODE.match(snippet):
        return False
    digits = re.sub(r"\D", "", snippet)
    national = digits[2:] if digits.startswith("62") else digits[1:]
    return 8 <= len(national) <= 12 and not national.startswith("0")
