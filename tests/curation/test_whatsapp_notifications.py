"""Curation decisions on the channel each member chose (notifications.notify at the call site)."""

from flask import url_for

from tests.notifications.conftest import (
    emails_to,
    give_number,
    meta_fixture,  # noqa: F401
    whatsapp_messages,
)
from trading_house.core.tx import commit
from trading_house.curation import services
from trading_house.notifications.services import set_preferences


def _decide(product, curator, decision, **extra):
    _revision, version = services.review_target(product)
    services.decide(product, curator=curator, decision=decision, seen_version=version, **extra)
    commit()


def test_an_approval_reaches_a_member_on_whatsapp_in_their_language(
    meta, ctx, sme, curator, make_listing
):
    owner, _enterprise = sme  # reads Indonesian
    give_number(owner)
    set_preferences(owner, {"listing.approved": "whatsapp"})
    commit()
    product = make_listing(status="submitted")
    _decide(product, curator, "approved")
    [message] = whatsapp_messages(user_id=owner.id)
    assert (message.template, message.language) == ("listing_approved", "id")
    assert message.parameters[0] == product.name_for("id")[:60]
    assert message.link_path == url_for("catalog.edit_product", product_id=product.id)
    assert emails_to(owner.email) == []
    # The staff member kept e-mail.
    assert len(emails_to("staff@kopisapan.id")) == 1


def test_changes_requested_on_both_channels(meta, ctx, sme, curator, make_listing):
    owner, _enterprise = sme
    give_number(owner)
    set_preferences(owner, {"listing.changes_requested": "both"})
    commit()
    product = make_listing(status="submitted")
    _decide(
        product,
        curator,
        "changes_requested",
        reasons=["photos_quality"],
        feedback="Foto lebih terang, ya.",
    )
    [message] = whatsapp_messages(user_id=owner.id)
    assert message.template == "listing_changes_requested"
    assert "Foto lebih terang" not in " ".join(message.parameters)  # the feedback stays on the site
    assert len(emails_to(owner.email)) == 1
