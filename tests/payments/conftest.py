"""Fixtures of the payments tests: the same shop, buyer, admin and fake Stripe as orders."""

from tests.orders.conftest import admin, buyer, fake_stripe, shop  # noqa: F401
