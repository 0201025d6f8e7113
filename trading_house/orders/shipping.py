"""Shipping addresses (what each country requires) and shipping options from admin-set zones.

Domestic zones group Indonesian provinces; international zones group countries (a zone with no
countries covers the rest of the world). A zone marked ``quoted`` has no fixed price: the
trading house quotes the cost after the order is placed, and payment waits for the quote.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

# The one ISO 3166-1 list (core/countries.py); orders.views imports country_choices from here.
from trading_house.core.countries import country_choices, is_country  # noqa: F401
from trading_house.core.errors import DomainError
from trading_house.core.phones import PhoneError, format_national, normalize_phone
from trading_house.extensions import db
from trading_house.orders.models import ShippingRate, ShippingZone

#: Indonesia's 38 provinces by Kemendagri code.
PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}
#: Assumed for products without a weight, so shipping is never free by accident.
DEFAULT_ITEM_WEIGHT_GRAMS = 500


class OptionKey(StrEnum):
    """Keys of shipping options that are not a rate row's id: ``QUOTED``, a zone the trading
    house quotes after the order (no price yet)."""

    QUOTED = "quoted"


@dataclass(frozen=True)
class CountryRule:
    """What a shipping address in one country needs."""

    region_label: object = None  # lazy string; None: the country has no region field
    region_required: bool = False
    postal_pattern: str | None = None
    postal_required: bool = False
    postal_example: str = ""
    city_required: bool = True


_STATE = _l("State")
_PROVINCE = _l("Province")
COUNTRY_RULES: dict[str, CountryRule] = {
    "ID": CountryRule(_PROVINCE, True, r"\d{5}", True, "90111"),
    "US": CountryRule(_STATE, True, r"\d{5}(-\d{4})?", True, "94105"),
    "CA": CountryRule(_PROVINCE, True, r"[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d", True, "K1A 0B1"),
    "AU": CountryRule(_l("State or territory"), True, r"\d{4}", True, "2000"),
    "JP": CountryRule(_l("Prefecture"), True, r"\d{3}-?\d{4}", True, "100-0001"),
    "CN": CountryRule(_PROVINCE, True, r"\d{6}", True, "200000"),
    "IN": CountryRule(_STATE, True, r"\d{6}", True, "110001"),
    "MY": CountryRule(_STATE, True, r"\d{5}", True, "50000"),
    "KR": CountryRule(_l("Province or city"), False, r"\d{5}", True, "03187"),
    "SG": CountryRule(None, False, r"\d{6}", True, "018956", city_required=False),
    "HK": CountryRule(_l("District"), False, None, False, city_required=False),
    "GB": CountryRule(None, False, r"[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}", True, "SW1A 1AA"),
    "NL": CountryRule(None, False, r"\d{4} ?[A-Za-z]{2}", True, "1012 AB"),
    "DE": CountryRule(None, False, r"\d{5}", True, "10115"),
    "FR": CountryRule(None, False, r"\d{5}", True, "75001"),
    "IT": CountryRule(_PROVINCE, False, r"\d{5}", True, "00184"),
    "ES": CountryRule(_PROVINCE, False, r"\d{5}", True, "28001"),
    "SA": CountryRule(_l("Region"), False, r"\d{5}(-\d{4})?", True, "11564"),
    "AE": CountryRule(_l("Emirate"), True, None, False),
    "TH": CountryRule(_PROVINCE, True, r"\d{5}", True, "10200"),
    "PH": CountryRule(_PROVINCE, True, r"\d{4}", True, "1000"),
    "VN": CountryRule(_PROVINCE, True, None, False),
}
DEFAULT_RULE = CountryRule(_l("State or region"), False, None, False)


def rule_for(country: str) -> CountryRule:
    return COUNTRY_RULES.get(country, DEFAULT_RULE)


def province_choices() -> list[tuple[str, str]]:
    return sorted(PROVINCES.items(), key=lambda item: item[1])


@dataclass
class Address:
    name: str
    phone: str
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str

    def stored_phone(self) -> str:
        """The phone in E.164 (read with the address's country as region), "" when none.

        Call after :func:`validate_address`, which refuses a number that cannot be read."""
        if not self.phone.strip():
            return ""
        return normalize_phone(self.phone, self.country)

    def lines(self) -> list[str]:
        region = PROVINCES.get(self.region, self.region) if self.country == "ID" else self.region
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return [
            p
            for p in (
                self.name,
                self.line1,
                self.line2,
                place,
                region,
                self.country,
                format_national(self.phone),
            )
            if p
        ]


def validate_address(address: Address) -> dict[str, object]:
    """Field name → translated message, for what the address's country requires."""
    errors: dict[str, object] = {}
    if not address.name.strip():
        errors["name"] = _l("Enter the recipient's name.")
    if not address.line1.strip():
        errors["line1"] = _l("Enter the street address.")
    if not is_country(address.country):
        errors["country"] = _l("Choose a country from the list.")
        return errors
    rule = rule_for(address.country)
    if rule.city_required and not address.city.strip():
        errors["city"] = _l("Enter the city or regency.")
    if address.country == "ID":
        if address.region not in PROVINCES:
            errors["region"] = _l("Choose the province.")
    elif rule.region_required and not address.region.strip():
        errors["region"] = _l("Enter the %(label)s.", label=str(rule.region_label).lower())
    postal = address.postal_code.strip()
    if rule.postal_required and not postal:
        errors["postal_code"] = _l("Enter the postal code.")
    elif postal and rule.postal_pattern and not re.fullmatch(rule.postal_pattern, postal):
        if address.country == "ID":
            errors["postal_code"] = _l("An Indonesian postal code has 5 digits, e.g. 90111.")
        else:
            errors["postal_code"] = _l(
                "This postal code does not look right for the country (e.g. %(example)s).",
                example=rule.postal_example,
            )
    if address.phone.strip():
        try:
            normalize_phone(address.phone, address.country)
        except PhoneError as error:
            errors["phone"] = error.message
    return errors


@dataclass(frozen=True)
class ShippingOption:
    """A choice at checkout. ``rate_id`` None means: quoted later by the trading house."""

    key: str
    label: str
    price_idr: int | None
    days: str = ""
    zone_id: int | None = None
    rate_id: int | None = None
    extra: dict = field(default_factory=dict)
    #: For a quoted option: (lowest, highest) IDR the quote is expected to fall in, or None.
    estimate_idr: tuple[int, int] | None = None

    @property
    def quoted(self) -> bool:
        return self.price_idr is None


def zone_for(country: str, region: str) -> ShippingZone | None:
    """The zone covering an address: a province's domestic zone, a country's, or the rest."""
    scope = "domestic" if country == "ID" else "international"
    zones = db.session.scalars(
        select(ShippingZone)
        .where(ShippingZone.scope == scope, ShippingZone.active.is_(True))
        .order_by(ShippingZone.id)
    ).all()
    wanted = region if scope == "domestic" else country
    catch_all = None
    for zone in zones:
        if wanted in (zone.areas or []):
            return zone
        if not zone.areas and catch_all is None:
            catch_all = zone
    return catch_all


def options_for(country: str, region: str, weight_grams: int, locale: str):
    """Shipping options for an address and a parcel weight (empty when nothing ships there)."""
    with force_locale(locale):  # labels in the buyer's language, even outside a request
        return _zone_options(zone_for(country, region), weight_grams, locale)


def _zone_options(
    zone: ShippingZone | None, weight_grams: int, locale: str
) -> list[ShippingOption]:
    if zone is None:
        return []
    if zone.quoted:
        return [
            ShippingOption(
                key=OptionKey.QUOTED,
                label=str(_l("Quoted by the trading house after you order")),
                price_idr=None,
                zone_id=zone.id,
                estimate_idr=estimate_range(zone, weight_grams),
            )
        ]
    options = []
    for rate in zone.rates:
        if in_band(rate, weight_grams):
            days = ""
            if rate.days_min and rate.days_max:
                days = str(_l("%(a)s–%(b)s days", a=rate.days_min, b=rate.days_max))
            options.append(
                ShippingOption(
                    key=f"rate-{rate.id}",
                    label=rate.service_for(locale),
                    price_idr=rate_price(rate, weight_grams),
                    days=days,
                    zone_id=zone.id,
                    rate_id=rate.id,
                )
            )
    return sorted(options, key=lambda o: o.price_idr or 0)  # every rate has its price


#: The upper end of an estimate carries this headroom (per cent): the final quote depends on the
#: packed volume (couriers charge volumetric weight) and the month's fuel surcharge.
ESTIMATE_HEADROOM_PERCENT = 25


def estimate_range(zone: ShippingZone, weight_grams: int) -> tuple[int, int] | None:
    """What a quoted zone's shipping is expected to cost for a parcel, in IDR: from its cheapest
    guide rate (the rates an admin enters on a quoted zone) to its dearest plus headroom,
    rounded to whole thousands. None without guide rates for that weight."""
    prices = [rate_price(rate, weight_grams) for rate in zone.rates if in_band(rate, weight_grams)]
    if not prices:
        return None
    low = min(prices) // 1000 * 1000
    high = -(-max(prices) * (100 + ESTIMATE_HEADROOM_PERCENT) // 100_000) * 1000
    return low, high


def in_band(rate: ShippingRate, weight_grams: int) -> bool:
    return rate.min_weight_grams <= weight_grams and (
        rate.max_weight_grams is None or weight_grams < rate.max_weight_grams
    )


def rate_price(rate: ShippingRate, weight_grams: int) -> int:
    """The rate's price for a parcel: flat within a bounded band; on the top band each started
    kilogram above its lower limit adds ``extra_kg_price_idr`` (couriers charge by the kg)."""
    if rate.max_weight_grams is not None or not rate.extra_kg_price_idr:
        return rate.price_idr
    started_kg = -(-max(weight_grams - rate.min_weight_grams, 0) // 1000)
    return rate.price_idr + started_kg * rate.extra_kg_price_idr


def find_option(options, key: str) -> ShippingOption | None:
    return next((o for o in options if o.key == key), None)


def parcel_weight(lines) -> int:
    """Total grams of (product, quantity) pairs, with a default for unweighed products."""
    return sum((p.weight_grams or DEFAULT_ITEM_WEIGHT_GRAMS) * q for p, q in lines)


def parse_areas(raw: str, scope: str) -> list[str]:
    """Province codes (domestic) or ISO country codes (international) from "73, 74"."""
    codes = [c.strip().upper() for c in (raw or "").replace(";", ",").split(",") if c.strip()]
    valid = (lambda c: c in PROVINCES) if scope == "domestic" else is_country
    bad = [c for c in codes if not valid(c)]
    if bad:
        raise DomainError(_l("Unknown codes: %(codes)s", codes=", ".join(bad)), field="areas")
    return codes


def create_zone(
    *, name_indonesian: str, name_english: str, scope: str, areas: str, quoted: bool, active: bool
) -> ShippingZone:
    """An admin adds a zone (rates follow, unless the trading house quotes it)."""
    if scope not in ("domestic", "international"):
        raise DomainError(_l("Choose where the zone is."), field="scope")
    zone = ShippingZone(
        name_indonesian=name_indonesian.strip(),
        name_english=name_english.strip(),
        scope=scope,
        areas=parse_areas(areas, scope),
        quoted=quoted,
        active=active,
    )
    db.session.add(zone)
    db.session.flush()
    return zone


def add_rate(
    zone: ShippingZone,
    *,
    service: str,
    service_english: str | None = None,
    min_weight_grams: int,
    max_weight_grams: int | None,
    price_idr: int,
    extra_kg_price_idr: int = 0,
    days_min=None,
    days_max=None,
) -> ShippingRate:
    """A price for a weight band of the zone: from ``min`` grams up to (not including) ``max``;
    a band without ``max`` may add ``extra_kg_price_idr`` per started kilogram above ``min``."""
    if max_weight_grams is not None and max_weight_grams <= min_weight_grams:
        raise DomainError(
            _l("The upper weight must be above the lower one."), field="max_weight_grams"
        )
    if extra_kg_price_idr and max_weight_grams is not None:
        raise DomainError(
            _l("A price per extra kilogram belongs to the top band: leave “Up to” empty."),
            field="extra_kg_price_idr",
        )
    rate = ShippingRate(
        service=service.strip(),
        service_english=(service_english or "").strip() or None,
        min_weight_grams=min_weight_grams,
        max_weight_grams=max_weight_grams,
        price_idr=price_idr,
        extra_kg_price_idr=extra_kg_price_idr or 0,
        days_min=days_min,
        days_max=days_max,
    )
    zone.rates.append(rate)
    db.session.flush()
    return rate


def toggle_zone(zone: ShippingZone) -> None:
    """Switch a zone on or off (an inactive zone offers no option at checkout)."""
    zone.active = not zone.active
    db.session.flush()


def remove_rate(rate: ShippingRate) -> None:
    db.session.delete(rate)
    db.session.flush()
