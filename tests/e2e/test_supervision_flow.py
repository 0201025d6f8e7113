"""The cooperative fills its self-assessment; the examiner verifies it on a phone (390 px) while
the connection drops mid-way — answers kept in the browser, sent when back online, a save whose
answer was lost resent and applied once; the examiner finalises, issues the certificate, and
anyone checks it on the public page its QR code points to."""

from sqlalchemy import func, select

from tests.cooperatives.helpers import cooperative, statement
from tests.e2e.conftest import DESKTOP, PHONE
from tests.factories import DEFAULT_PASSWORD
from tests.supervision.helpers import install
from trading_house.core.clock import business_today
from trading_house.extensions import db
from trading_house.supervision.models import Examination, FieldSave, HealthCertificate

YEAR = business_today().year - 1


def sign_in(page, user):
    page.goto("/login?lang=en")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def _context(browser, live_server, viewport):
    context = browser.new_context(
        viewport=viewport, base_url=live_server, locale="en-US", reduced_motion="reduce"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return context, page, errors


def _exam() -> Examination:
    db.session.expire_all()
    return db.session.scalar(select(Examination))


def _verified() -> int:
    return sum(1 for a in _exam().answers if a.is_verified)


def test_self_assessment_offline_field_verification_certificate_and_public_check(
    browser, live_server, factory, tmp_path
):
    install()
    examiner = factory.user("examiner", email="pengawas-e2e@rumahdagang.id")
    officer = factory.user("coop_officer", email="ketua-e2e@koperasi.id")
    coop = cooperative(officer, examiner=examiner, name="Koperasi Produsen Kopi Toraja Sejahtera")
    statement(coop, YEAR)

    # 1. The cooperative's officer fills the self-assessment on a desktop screen.
    context, page, errors = _context(browser, live_server, DESKTOP)
    sign_in(page, officer)
    page.goto("/pengawasan/koperasi-saya/pemeriksaan?lang=en")
    page.fill("input[name=year]", str(YEAR))
    page.click("button:has-text('Start')")
    page.wait_for_url("**/koperasi-saya/pemeriksaan/*")
    assert "3.5000" in page.inner_text("main")  # the current ratio, computed, not typed
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.fill("textarea[name^=note_] >> nth=0", "Notulen RAT terlampir")
    page.click("button:has-text('Save answers')")
    page.wait_for_load_state()
    assert "Your answers are saved." in page.inner_text("main")
    page.click("[data-testid=submit-self-assessment]")
    page.wait_for_load_state()
    assert "Sent to the examiner." in page.inner_text("main")
    assert errors == []
    context.close()
    assert _exam().is_submitted

    # 2. The examiner verifies on a phone.
    context, page, errors = _context(browser, live_server, PHONE)
    answers = []
    page.on("response", lambda r: answers.append(r) if r.url.endswith("/simpan") else None)
    sign_in(page, examiner)
    page.goto("/pengawasan/pemeriksaan?lang=en")
    page.click(f"[data-testid=examinations] >> text={coop.name}")
    page.click("[data-testid=start-review]")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    cards = page.locator(".js-item:has(input[type=radio])")
    total = cards.count()
    status = page.locator("[data-testid=sync-status]")
    half = total // 2
    for i in range(half):
        cards.nth(i).locator("label:has-text('Yes')").click()
    status.and_(page.locator("[data-state=saved]")).wait_for()
    assert _verified() == half

    # The connection drops: answers stay on the phone and the page says so.
    context.set_offline(True)
    for i in range(half, total):
        cards.nth(i).locator("label:has-text('Yes')").click()
    cards.nth(total - 1).locator("textarea").fill("Buku daftar anggota diperiksa di lokasi")
    cards.nth(0).locator("label:has-text('Yes')").click()  # one more change event while offline
    status.and_(page.locator("[data-state=pending]")).wait_for()
    page.wait_for_timeout(1000)  # the note's typing pause has passed: the draft is complete
    assert "kept on this phone" in status.inner_text()
    assert _verified() == half  # nothing reached the server

    # Back online, the first save reaches the server but its answer is lost on the way back:
    # the phone sends the same revision again, and the server applies it once.
    lost = []

    def lose_the_answer(route):
        if lost:
            return route.continue_()
        response = route.fetch()  # the server applies the save…
        lost.append(response.json())
        route.abort("failed")  # …and the phone never hears back

    page.route("**/simpan", lose_the_answer)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    status.and_(page.locator("[data-state=saved]")).wait_for(timeout=30_000)
    assert lost, "the lost answer was not simulated"
    exam = _exam()
    assert _verified() == total
    note = next(a for a in exam.answers if a.examiner_note)
    assert note.examiner_note == "Buku daftar anggota diperiksa di lokasi"
    # The lost save was applied; its resend was recognised and changed nothing.
    assert lost[0]["changed"] > 0
    replies = [r.json() for r in answers]
    resend = [a for a in replies if a["revision"] == lost[0]["revision"]]
    assert resend and resend[-1]["duplicate"] is True
    revisions = db.session.execute(select(FieldSave.draft_id, FieldSave.revision)).all()
    assert len(revisions) == len(set(revisions))
    assert db.session.scalar(select(func.count(FieldSave.id))) == len(revisions)

    # 3. Finalise, issue the certificate.
    page.click("[data-testid=go-finalise]")
    page.wait_for_url("**/selesai")
    page.fill("input[name=visit_place]", "Kantor koperasi, Rantepao")
    page.fill("textarea[name=present]", "Ketua, Bendahara, Pengawas")
    page.fill("textarea[name=recommendations]", "Lanjutkan pendidikan perkoperasian.")
    page.click("button:has-text('Finalise and set the predicate')")
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Examination finalised." in main and "Sehat" in main
    page.click("[data-testid=issue-certificate]")
    page.wait_for_load_state()
    assert "Certificate issued." in page.inner_text("main")
    with page.expect_download() as download:
        page.click("[data-testid=certificate-pdf]")
    assert download.value.path().read_bytes()[:4] == b"%PDF"
    # The only console errors are the requests the dropped connection failed.
    assert [e for e in errors if "ERR_FAILED" not in e and "ERR_INTERNET" not in e] == []
    context.close()
    db.session.expire_all()
    assert _exam().cooperative.health_predicate == "sehat"

    # 4. Anyone checks the certificate on its public page (the QR code's address).
    certificate = db.session.scalar(select(HealthCertificate))
    context, page, errors = _context(browser, live_server, PHONE)
    page.goto(f"/pengawasan/sertifikat/{certificate.code}?lang=en")
    check = page.inner_text("[data-testid=certificate-check]")
    assert "Valid" in check and "This certificate is valid." in check
    assert coop.name in check and certificate.number in check
    assert str(_exam().total_score) not in check  # the score stays private
    context.close()
