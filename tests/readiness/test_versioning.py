"""Checklist versions: drafts, publishing, answers carried by stable code, the default template."""

import pytest
from sqlalchemy import func, select

from trading_house.core.errors import DomainError, InvalidTransition
from trading_house.extensions import db
from trading_house.readiness import checklist
from trading_house.readiness.models import (
    ChecklistItem,
    ChecklistTemplate,
    DestinationRule,
    ReadinessAnswer,
)
from trading_house.readiness.scoring import assess_enterprise
from trading_house.readiness.services import (
    AnswerInput,
    load_default,
    publish_template,
    save_answer,
)


def _draft_item(draft, code):
    return next(i for i in draft.items if i.code == code)


def _item_data(item, **changes):
    data = {name: getattr(item, name) for name in checklist.ITEM_FIELDS}
    data["category_ids"] = [c.id for c in item.categories]
    data.update(changes)
    return data


def test_publishing_keeps_answers_to_unchanged_items_only(ctx, factory, rd):
    rd.template()
    admin = factory.user("admin")
    enterprise = factory.enterprise()
    rd.answer(enterprise, "ent.nib")
    rd.answer(enterprise, "ent.capacity")
    rd.answer(enterprise, "ent.bank")
    assert assess_enterprise(enterprise).grade == "A"

    draft = checklist.start_draft(actor=admin)
    assert draft.version == 2 and draft.status == "draft"
    assert sorted(i.code for i in draft.items) == sorted(
        i.code for i in rd.item("ent.nib").template.items
    )
    # reword nib (same substance), weigh capacity differently (same substance),
    # make the bank item ask for a document too (changed substance), add a new mandatory item
    nib = _draft_item(draft, "ent.nib")
    checklist.save_item(draft, _item_data(nib, title_english="NIB (reworded)"), nib)
    capacity = _draft_item(draft, "ent.capacity")
    checklist.save_item(draft, _item_data(capacity, weight=9), capacity)
    bank = _draft_item(draft, "ent.bank")
    checklist.save_item(draft, _item_data(bank, needs_document=True), bank)
    checklist.save_item(
        draft,
        _item_data(
            nib,
            code="ent.contact",
            needs_document=False,
            needs_number=False,
            number_format=None,
            mandatory=False,
            title_english="English contact",
        ),
    )
    db.session.commit()

    result = publish_template(draft, actor=admin)
    db.session.commit()
    assert result.kept_answers == 2
    assert result.changed_codes == ["ent.bank"]
    assert checklist.current_template().version == 2
    assert db.session.get(ChecklistTemplate, rd.item("ent.nib", draft).template_id).status == (
        "published"
    )
    statuses = dict(
        db.session.execute(select(ChecklistTemplate.version, ChecklistTemplate.status)).all()
    )
    assert statuses == {1: "retired", 2: "published"}

    states = {r.item.code: r.state for r in assess_enterprise(enterprise).results}
    assert states == {
        "ent.nib": "verified",
        "ent.capacity": "verified",
        "ent.bank": "missing",  # must be answered again: it now asks for a document
        "ent.contact": "missing",
    }
    # the old answer to the changed item stays with version 1
    old_bank = db.session.scalar(
        select(ReadinessAnswer).join(ChecklistItem).where(ChecklistItem.code == "ent.bank")
    )
    assert old_bank.item.template.version == 1


def test_answers_to_items_of_another_version_are_refused(ctx, factory, rd):
    rd.template()
    admin = factory.user("admin")
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    old_item = rd.item("ent.bank")
    publish_template(checklist.start_draft(actor=admin), actor=admin)
    db.session.commit()
    with pytest.raises(DomainError) as error:
        save_answer(
            enterprise,
            old_item.id,
            None,
            AnswerInput(certificate_number="0123456789"),
            actor=owner,
        )
    assert "another version of the checklist" in str(error.value.message)


def test_answering_an_old_version_over_http_shows_a_clear_error(client, login, factory, rd):
    rd.template()
    admin = factory.user("admin")
    owner = factory.user("sme")
    enterprise = factory.enterprise(owner)
    old_item = rd.item("ent.bank")
    publish_template(checklist.start_draft(actor=admin), actor=admin)
    db.session.commit()
    login(owner)
    response = client.post(
        f"/readiness/e/{enterprise.id}/answers/{old_item.id}",
        data={f"a{old_item.id}-certificate_number": "0123456789", f"a{old_item.id}-save": "1"},
    )
    assert response.status_code == 400
    assert "another version of the checklist" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ReadinessAnswer.id))) == 0


def test_only_a_draft_can_be_changed_or_published(ctx, factory, rd):
    template = rd.template()
    admin = factory.user("admin")
    item = template.items[0]
    with pytest.raises(InvalidTransition):
        checklist.save_item(template, _item_data(item, weight=1), item)
    with pytest.raises(InvalidTransition):
        checklist.publish(template, actor=admin)
    with pytest.raises(InvalidTransition):
        checklist.delete_item(item)


def test_item_codes_must_be_well_formed_and_unique_in_a_version(ctx, factory, rd):
    rd.template()
    admin = factory.user("admin")
    draft = checklist.start_draft(actor=admin)
    nib = _draft_item(draft, "ent.nib")
    with pytest.raises(DomainError) as error:
        checklist.save_item(draft, _item_data(nib, code="ent.bank"), nib)
    assert error.value.field == "code"
    with pytest.raises(DomainError) as error:
        checklist.save_item(draft, _item_data(nib, code="Bad Code!"), nib)
    assert error.value.field == "code"
    # starting a draft twice returns the same draft
    assert checklist.start_draft(actor=admin).id == draft.id


def test_admin_edits_and_publishes_a_version_through_the_pages(client, login, factory, rd):
    rd.template()
    admin = factory.user("admin")
    login(admin)
    response = client.post("/readiness/admin/templates/draft")
    assert response.status_code == 302
    draft = checklist.draft_template()
    item = _draft_item(draft, "ent.bank")
    page = client.get(f"/readiness/admin/items/{item.id}")
    assert page.status_code == 200 and "ent.bank" in page.get_data(as_text=True)
    form = {
        "code": "ent.bank",
        "scope": "enterprise",
        "pillar": "commercial",
        "position": "1",
        "title_english": "Foreign-currency account",
        "title_indonesian": "Rekening valas",
        "weight": "11",  # out of range
        "number_format": "bank_account",
        "needs_number": "y",
    }
    bad = client.post(f"/readiness/admin/items/{item.id}", data=form)
    assert bad.status_code == 400
    assert 'value="Foreign-currency account"' in bad.get_data(as_text=True)
    ok = client.post(f"/readiness/admin/items/{item.id}", data=dict(form, weight="7"))
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(ChecklistItem, item.id).weight == 7
    published = client.post(f"/readiness/admin/templates/{draft.id}/publish", data={"notes": "v2"})
    assert published.status_code == 302
    db.session.expire_all()
    assert checklist.current_template().version == 2


def test_non_admins_cannot_open_the_checklist_admin(client, login, factory, rd):
    rd.template()
    login(factory.user("curator"))
    assert client.get("/readiness/admin/templates").status_code == 403
    assert client.post("/readiness/admin/templates/draft").status_code == 403


def test_the_default_template_reflects_indonesian_export_practice(ctx, factory):
    factory.category("Kopi & Teh", slug="kopi-teh")
    factory.category("Makanan Olahan", slug="makanan-olahan")
    loaded, rules = load_default()
    db.session.commit()
    assert loaded and rules > 10
    template = checklist.current_template()
    items = {i.code: i for i in template.items}
    expected_bodies = {
        "ent.nib": "OSS",
        "ent.npwp": "DJP",
        "ent.trademark": "DJKI",
        "prod.halal": "BPJPH",
        "prod.food_registration": "Dinas Kesehatan",
        "prod.bpom_cosmetic": "BPOM",
        "prod.svlk": "KLHK",
        "prod.hs_code": "BTKI",
    }
    for code, body in expected_bodies.items():
        assert body in items[code].issuing_body, code
    for code in (
        "ent.bank_fx",
        "ent.capacity",
        "ent.english_contact",
        "ent.export_experience",
        "prod.packaging",
        "prod.english_label",
        "prod.shelf_life",
        "prod.spec_sheet",
        "prod.samples",
        "prod.export_price",
        "prod.moq_capacity",
        "prod.coo_eligibility",
    ):
        assert code in items
    for item in items.values():
        assert item.guidance_english and item.guidance_indonesian and item.next_step_indonesian
    assert {c.slug for c in items["prod.halal"].categories} == {"kopi-teh", "makanan-olahan"}
    assert items["prod.food_registration"].needs_expiry
    assert items["ent.nib"].mandatory and items["ent.nib"].number_format == "nib"
    # loading again changes nothing
    assert load_default() == (False, 0)
    assert db.session.scalar(select(func.count(ChecklistTemplate.id))) == 1
    documents = set(db.session.scalars(select(DestinationRule.document_code)))
    assert {
        "coo_form_d",
        "coo_form_e",
        "coo_form_ak",
        "form_ico",
        "phytosanitary",
        "v_legal",
        "cites",
        "ispm15",
        "bpom_health_certificate",
        "eudr_due_diligence",
    } <= documents


def test_load_default_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["readiness", "load-default"])
    assert result.exit_code == 0, result.output
    assert "Default checklist loaded" in result.output
    again = runner.invoke(args=["readiness", "load-default"])
    assert "already exists" in again.output
