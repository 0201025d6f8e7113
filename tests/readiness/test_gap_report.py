"""The gap report: what is missing or rejected, heaviest and easiest first, with next steps;
a page and a PDF in the SME's language."""

import io

from pypdf import PdfReader

from trading_house.readiness.reports import gap_report, gap_report_pdf


def _setup(factory, rd, language="id"):
    cats = rd.categories()
    rd.template()
    owner = factory.user("sme", preferred_language=language)
    enterprise = factory.enterprise(owner, name="Koperasi Markisa Gowa")
    product = factory.product(
        enterprise,
        category=cats["snacks"],
        name_english="Passion fruit syrup",
        name_indonesian="Sirup markisa",
    )
    rd.answer(enterprise, "ent.capacity", state="rejected", note="")
    rd.answer(enterprise, "prod.halal", product=product, certificate_number="ID73110000123450322")
    return owner, enterprise, product


def test_gaps_are_ordered_by_weight_then_ease_with_next_steps(ctx, factory, rd):
    _owner, enterprise, product = _setup(factory, rd)
    report = gap_report(enterprise, "en")
    business, food = report.sections
    assert business.product is None
    # nib (weight 10) first; bank and capacity weigh 5 each: bank takes 20 days, capacity 30
    assert [e.item.code for e in business.entries] == ["ent.nib", "ent.bank", "ent.capacity"]
    assert [e.state for e in business.entries] == ["missing", "missing", "rejected"]
    assert business.entries[2].curator_note == "note"
    # product: hs (6), price (5), then registration (4); halal is verified, so not a gap
    assert food.product.id == product.id
    assert [e.item.code for e in food.entries] == ["prod.hs", "prod.price", "prod.registration"]
    assert report.total == 6


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_lists_the_gaps_in_the_smes_language(ctx, factory, rd):
    _owner, enterprise, _product = _setup(factory, rd)
    text = _pdf_text(gap_report_pdf(gap_report(enterprise, "id")))
    assert "Koperasi Markisa Gowa" in text
    assert (
        text.index("Judul ent.nib")
        < text.index("Judul ent.bank")
        < text.index("Judul ent.capacity")
    )
    assert "Langkah berikut untuk ent.nib" in text
    assert "Sirup markisa" in text
    assert "Judul prod.halal" not in text  # verified: not a gap
    english = _pdf_text(gap_report_pdf(gap_report(enterprise, "en")))
    assert "Next step for ent.nib" in english and "Passion fruit syrup" in english
    assert "not give cash" in english


def test_the_report_page_and_pdf_download(client, login, factory, rd):
    owner, enterprise, _product = _setup(factory, rd, language="en")
    login(owner)
    page = client.get(f"/readiness/e/{enterprise.id}/gaps?lang=en")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert body.index("Title ent.nib") < body.index("Title ent.capacity")
    assert "Next step for ent.bank" in body
    download = client.get(f"/readiness/e/{enterprise.id}/gaps.pdf")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert "Title ent.nib" in _pdf_text(download.data)  # the member's language: English


def test_a_curator_downloads_the_report_in_the_smes_language(client, login, factory, rd):
    _owner, enterprise, _product = _setup(factory, rd, language="id")
    login(factory.user("curator"))
    client.get("/?lang=en")  # the curator browses in English
    download = client.get(f"/readiness/e/{enterprise.id}/gaps.pdf")
    assert "Judul ent.nib" in _pdf_text(download.data)


def test_the_report_of_another_enterprise_is_not_found(client, login, factory, rd):
    _owner, enterprise, _product = _setup(factory, rd)
    login(factory.user("sme"))
    assert client.get(f"/readiness/e/{enterprise.id}/gaps").status_code == 404
    assert client.get(f"/readiness/e/{enterprise.id}/gaps.pdf").status_code == 404
