"""Product and photo forms. Parsing is strict and every message is translated."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import TextInput

from trading_house.catalog.models import EXPORT_UNITS
from trading_house.catalog.rules import (
    EXPORT_REQUIRED,
    MAX_PRICE_IDR,
    MAX_QUANTITY,
    MIN_DESCRIPTION,
    HsCodeTooLong,
    category_rules,
    form_requirements,
    normalise_hs_code,
    parse_whole_number,
    tier_order_problem,
)
from trading_house.core.forms import MoneyField
from trading_house.core.i18n import current_locale
from trading_house.enterprises.regions import regency_choices

UNIT_LABELS = {
    "pcs": _l("pieces"),
    "kg": _l("kilograms"),
    "box": _l("boxes"),
    "dozen": _l("dozens"),
    "roll": _l("rolls"),
    "pack": _l("packs"),
    "bottle": _l("bottles"),
    "set": _l("sets"),
    "meter": _l("metres"),
    "carton": _l("cartons"),
}


class WholeNumberField(Field):
    """A whole number typed by a person: clear messages for non-numbers and out-of-range values."""

    widget = TextInput()

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        minimum: int = 0,
        maximum: int = MAX_QUANTITY,
        too_small=None,
        too_large=None,
        **kwargs,
    ):
        render_kw = {"inputmode": "numeric", "autocomplete": "off", **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.minimum = minimum
        self.maximum = maximum
        self.too_small = too_small
        self.too_large = too_large
        self.raw = ""

    def process_formdata(self, valuelist):
        self.raw = (valuelist[0] if valuelist else "") or ""
        self.data = None
        if not self.raw.strip():
            return
        try:
            self.data = parse_whole_number(self.raw)
        except ValueError:
            if self.raw.strip().startswith("-") and re.fullmatch(
                r"-\s*[\d.,\s]+", self.raw.strip()
            ):
                raise ValueError(
                    self.too_small or _l("Enter a number of at least %(n)s.", n=self.minimum)
                ) from None
            raise ValueError(_l("Enter a whole number, digits only (for example 85000).")) from None

    def pre_validate(self, form):
        if self.data is None:
            return
        if self.data < self.minimum:
            raise ValidationError(
                self.too_small or _l("Enter a number of at least %(n)s.", n=self.minimum)
            )
        if self.data > self.maximum:
            raise ValidationError(
                self.too_large or _l("Enter a number no larger than %(n)s.", n=f"{self.maximum:,}")
            )

    def _value(self):
        if self.raw:
            return self.raw
        return "" if self.data is None else str(self.data)


def price_field(label, validators):
    """A price in rupiah, typed the Indonesian or the English way (``85.000``, ``Rp 85.000``)."""
    return MoneyField(
        label,
        validators,
        currency="IDR",
        minimum=1,
        maximum=MAX_PRICE_IDR,
        too_small=_l("The price must be more than zero."),
        too_large=_l("That price is too large; check the number of zeros."),
    )


#: Fields a category or an export minimum order may make required (see catalog/rules.py).
CONDITIONAL_FIELDS = ("hs_code", "weight_grams", "materials", "dimensions", "lead_time_days")


class TierForm(Form):
    """One wholesale tier row; an entirely empty row is ignored."""

    min_quantity = WholeNumberField(
        _l("From quantity"),
        [Optional()],
        minimum=2,
        too_small=_l("A wholesale tier starts at 2 units or more."),
    )
    unit_price_idr = price_field(_l("Unit price (IDR)"), [Optional()])

    @property
    def is_blank(self) -> bool:
        return not self.min_quantity.raw.strip() and not self.unit_price_idr.raw.strip()


class ProductForm(FlaskForm):
    name_indonesian = StringField(
        _l("Name in Indonesian"),
        [DataRequired(_l("Enter the product name in Indonesian.")), Length(max=160)],
    )
    name_english = StringField(_l("Name in English"), [Optional(), Length(max=160)])
    description_indonesian = TextAreaField(
        _l("Description in Indonesian"), [Optional(), Length(max=5000)], render_kw={"rows": 5}
    )
    description_english = TextAreaField(
        _l("Description in English"), [Optional(), Length(max=5000)], render_kw={"rows": 5}
    )
    category_id = SelectField(
        _l("Category"), coerce=lambda v: _int_or_none(v), validate_choice=False
    )
    sku = StringField(
        _l("SKU (your own product code)"),
        [DataRequired(_l("Enter your product code (SKU).")), Length(max=64)],
    )
    retail_price_idr = price_field(
        _l("Retail price (IDR)"), [InputRequired(_l("Enter a price in rupiah."))]
    )
    tiers = FieldList(FormField(TierForm), min_entries=3, max_entries=10)
    export_moq = WholeNumberField(
        _l("Export minimum order quantity"),
        [Optional()],
        minimum=1,
        too_small=_l("The minimum order must be at least 1."),
    )
    export_unit = SelectField(
        _l("Unit"),
        choices=[SelectChoice(u, UNIT_LABELS[u]) for u in EXPORT_UNITS],
        default="pcs",
        validate_choice=False,
    )
    stock = WholeNumberField(
        _l("Stock"),
        [Optional()],
        minimum=0,
        too_small=_l("Stock cannot be below zero."),
    )
    weight_grams = WholeNumberField(_l("Weight (grams)"), [Optional()], minimum=1, maximum=10**7)
    length_mm = WholeNumberField(_l("Length (mm)"), [Optional()], minimum=1, maximum=100_000)
    width_mm = WholeNumberField(_l("Width (mm)"), [Optional()], minimum=1, maximum=100_000)
    height_mm = WholeNumberField(_l("Height (mm)"), [Optional()], minimum=1, maximum=100_000)
    materials = StringField(_l("Materials"), [Optional(), Length(max=255)])
    materials_english = StringField(_l("Materials in English"), [Optional(), Length(max=255)])
    hs_code = StringField(
        _l("HS code"), [Optional(), Length(max=20)], render_kw={"inputmode": "decimal"}
    )
    origin_regency_code = SelectField(_l("Made in (regency/city)"), validate_choice=False)
    lead_time_days = WholeNumberField(
        _l("Production lead time (days)"), [Optional()], minimum=0, maximum=365
    )
    sample_available = BooleanField(_l("Samples available for buyers"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.category_id.choices = category_choices(categories)
        self._category_ids = {c.id for c in categories}
        self._categories = {c.id: c for c in categories}
        #: The pre-check's rules per category, for the live checklist (static/js/listing-rules.js).
        self.requirements = form_requirements(categories, current_locale())
        self.origin_regency_code.choices = [SelectChoice("", _l("— same as the business —"))] + [
            SelectChoice(code, name) for code, name in regency_choices()
        ]

    def review_needs(self) -> dict:
        """The checklist as the server sees the typed values (the page without JavaScript).

        {field: "category" | "export" | "recommended" | None} for the category- and
        export-dependent fields (why it is needed), and whether each listed field is filled.
        """
        category = self._categories.get(self.category_id.data)
        rules = category_rules(category)
        export = bool(self.export_moq.data)
        state: dict[str, str | None] = {name: None for name in CONDITIONAL_FIELDS}
        for name in rules["recommended"]:
            state[name] = "recommended"
        for name in EXPORT_REQUIRED if export else ():
            state[name] = "export"
        for name in rules["required"]:
            state[name] = "category"
        filled = {
            name: getattr(self, name).data not in (None, "", 0)
            for name in ("name_indonesian", "category_id", "sku", "retail_price_idr")
            + tuple(n for n in CONDITIONAL_FIELDS if n != "dimensions")
        }
        filled["dimensions"] = all(
            getattr(self, n).data for n in ("length_mm", "width_mm", "height_mm")
        )
        return {
            "state": state,
            "filled": filled,
            "export": export,
            "category": (category.parent or category) if category else None,
            "min_description": MIN_DESCRIPTION,
            "description_length": len((self.description_indonesian.data or "").strip()),
            "english_length": len((self.description_english.data or "").strip()),
        }

    def validate_category_id(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose a category."))
        if field.data not in self._category_ids:
            raise ValidationError(_l("Choose a category from the list."))

    def validate_export_unit(self, field):
        if field.data not in EXPORT_UNITS:
            raise ValidationError(_l("Choose a unit from the list."))

    def validate_origin_regency_code(self, field):
        codes = {code for code, _name in regency_choices()}
        if field.data and field.data not in codes:
            raise ValidationError(_l("Choose a regency or city of South Sulawesi from the list."))

    def validate_hs_code(self, field):
        try:
            normalise_hs_code(field.data)
        except HsCodeTooLong:
            raise ValidationError(
                _l(
                    "Indonesia's tariff book (BTKI 2022) uses 8-digit HS codes; 10-digit codes "
                    "come from the old BTKI 2017 or another country's tariff. Enter the first 8 "
                    "digits as listed in BTKI 2022 (for example 0901.11.10)."
                )
            ) from None
        except ValueError:
            raise ValidationError(
                _l(
                    "An HS code has 8 digits (BTKI 2022); dots are allowed "
                    "(for example 0901.11.10)."
                )
            ) from None

    def validate_tiers(self, field):
        """Tiers must rise in quantity and fall in unit price, each below the retail price."""
        rows = []
        for entry in field.entries:
            sub = entry.form
            if sub.is_blank:
                continue
            if sub.min_quantity.errors or sub.unit_price_idr.errors:
                return
            if sub.min_quantity.data is None or sub.unit_price_idr.data is None:
                raise ValidationError(
                    _l("Each wholesale tier needs both a quantity and a unit price.")
                )
            rows.append((sub.min_quantity.data, sub.unit_price_idr.data))
        message = tier_order_problem(rows, self.retail_price_idr.data)
        if message:
            raise ValidationError(message)

    def product_data(self) -> dict:
        """The cleaned values, as plain arguments for the catalog services."""
        data = {
            name: getattr(self, name).data
            for name in (
                "name_indonesian",
                "name_english",
                "description_indonesian",
                "description_english",
                "category_id",
                "retail_price_idr",
                "export_moq",
                "export_unit",
                "weight_grams",
                "length_mm",
                "width_mm",
                "height_mm",
                "lead_time_days",
                "sample_available",
            )
        }
        for name in (
            "name_indonesian",
            "name_english",
            "description_indonesian",
            "description_english",
        ):
            data[name] = (data[name] or "").strip()
        data["sku"] = self.sku.data.strip()
        data["stock"] = self.stock.data or 0
        data["materials"] = (self.materials.data or "").strip() or None
        data["materials_english"] = (self.materials_english.data or "").strip() or None
        data["hs_code"] = normalise_hs_code(self.hs_code.data)
        data["origin_regency_code"] = self.origin_regency_code.data or None
        data["tiers"] = [
            (e.form.min_quantity.data, e.form.unit_price_idr.data)
            for e in self.tiers.entries
            if not e.form.is_blank
        ]
        return data


def category_choices(categories):
    """Grouped choices: each top-level category (selectable itself) with its children."""
    locale = current_locale()
    by_parent: dict = {}
    for cat in categories:
        by_parent.setdefault(cat.parent_id, []).append(cat)
    options = [SelectChoice("", _l("— choose a category —"))]
    for top in sorted(by_parent.get(None, []), key=lambda c: (c.position, c.id)):
        name = top.name_for(locale)
        options.append(
            SelectChoice(str(top.id), _l("%(name)s (general)", name=name), optgroup=name)
        )
        options += [
            SelectChoice(str(child.id), child.name_for(locale), optgroup=name)
            for child in sorted(by_parent.get(top.id, []), key=lambda c: (c.position, c.id))
        ]
    return options


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class PhotoAltForm(FlaskForm):
    alt_text = StringField(
        _l("Describe the photo (for blind visitors and search)"), [Length(max=255)]
    )
