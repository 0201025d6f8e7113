"""Payment providers behind one small interface.

A provider knows how a buyer starts paying an order and, for card payments, how money goes
back. Whether an order is paid is never decided here from what the browser says: bank
transfers are confirmed by an admin, card payments by a verified Stripe webhook.
"""

from dataclasses import dataclass
from typing import Protocol

from flask import current_app
from flask_babel import lazy_gettext as _l

from trading_house.core.money import Money


class PaymentProvider(Protocol):
    name: str
    label: object

    def available(self) -> bool:
        """Configured and usable right now."""
        ...


@dataclass(frozen=True)
class BankDetails:
    bank: str
    account_name: str
    account_number: str
    swift: str


@dataclass(frozen=True)
class TransferInstructions:
    bank: BankDetails
    amount: Money
    reference: str


class ManualTransfer:
    """Bank transfer to the trading house's account, with a unique reference; the buyer
    uploads proof and an admin confirms the money arrived. Always available."""

    name = "bank_transfer"
    label = _l("Bank transfer")

    def available(self) -> bool:
        return True

    def bank_details(self) -> BankDetails:
        """The account on the trading house's documents too (one source: its identity)."""
        from trading_house.trade_documents.identity import current_identity

        house = current_identity()
        return BankDetails(
            bank=house.bank_name,
            account_name=house.bank_account_name,
            account_number=house.bank_account_number,
            swift=house.bank_swift,
        )

    @staticmethod
    def reference(order) -> str:
        """Unique per order (derived from the unique order number): RD2026000123."""
        return order.number.replace("-", "")

    def instructions(self, order) -> TransferInstructions:
        return TransferInstructions(
            bank=self.bank_details(),
            amount=Money(order.total_minor, order.currency),
            reference=self.reference(order),
        )


class StripeCheckout:
    """Card payments on Stripe Checkout, when ``STRIPE_SECRET_KEY`` is configured."""

    name = "stripe"
    label = _l("Card (Stripe)")

    def available(self) -> bool:
        return bool(current_app.config.get("STRIPE_SECRET_KEY"))


PROVIDERS = {p.name: p for p in (ManualTransfer(), StripeCheckout())}


def provider(name: str):
    return PROVIDERS[name]


def available_providers() -> list:
    return [p for p in PROVIDERS.values() if p.available()]
