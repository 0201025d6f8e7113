"""Enterprise creation and the one scoped lookup other areas rely on."""

import pytest

from trading_house.core.errors import NotFound
from trading_house.core.slugs import slugify
from trading_house.enterprises import policies
from trading_house.enterprises.services import create_enterprise
from trading_house.extensions import db


def test_create_enterprise_makes_owner_and_unique_slug(ctx, factory):
    owner = factory.user("sme")
    first = create_enterprise(
        owner, name="Koperasi Kopi Toraja", legal_form="koperasi", regency_code="7326"
    )
    second = create_enterprise(
        factory.user("sme"), name="Koperasi Kopi Toraja", legal_form="koperasi", regency_code="7326"
    )
    db.session.commit()
    assert first.slug == "koperasi-kopi-toraja"
    assert second.slug == "koperasi-kopi-toraja-2"
    assert [(m.user_id, m.role) for m in first.members] == [(owner.id, "owner")]
    assert policies.is_owner(owner, first)
    assert policies.current_enterprise(owner) == first


def test_slugify_handles_accents_and_empty():
    assert slugify("Sutera Séngkang & Co.", fallback="usaha") == "sutera-sengkang-co"
    assert slugify("!!!", fallback="usaha") == "usaha"


def test_member_enterprise_is_not_found_for_outsiders(ctx, factory):
    owner = factory.user("sme")
    staff = factory.user("sme")
    outsider = factory.user("sme")
    enterprise = factory.enterprise(owner, staff=[staff])
    assert policies.member_enterprise(owner, enterprise.id) == enterprise
    assert policies.member_enterprise(staff, str(enterprise.id)) == enterprise
    assert not policies.is_owner(staff, enterprise)
    with pytest.raises(NotFound):
        policies.member_enterprise(outsider, enterprise.id)
    with pytest.raises(NotFound):
        policies.member_enterprise(owner, "abc")
    with pytest.raises(NotFound):
        policies.member_enterprise(None, enterprise.id)
    assert policies.user_enterprises(outsider) == []
    assert policies.current_enterprise(outsider) is None


def test_user_enterprises_lists_owned_first(ctx, factory):
    user = factory.user("sme")
    worked_for = factory.enterprise(factory.user("sme"), staff=[user])
    owned = factory.enterprise(user)
    assert policies.user_enterprises(user) == [owned, worked_for]
