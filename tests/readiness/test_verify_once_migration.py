"""The verify-once migration carries existing data over: every verified answer gets its record,
and a business whose identity was verified gets its NIB/NPWP answers verified (with events)."""

from flask_migrate import upgrade
from sqlalchemy import text

from config import TestingConfig
from trading_house import create_app
from trading_house.extensions import db

NOW = "2026-11-01 04:00:00"


def _rows(sql, **params):
    return db.session.execute(text(sql), params).all()


def _insert(table, **values):
    columns = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    db.session.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), values)


def _item(template_id, code, position):
    _insert(
        "readiness_items",
        template_id=template_id,
        code=code,
        scope="enterprise",
        pillar="legal",
        position=position,
        title_english=code,
        title_indonesian=code,
        guidance_english="",
        guidance_indonesian="",
        next_step_english="",
        next_step_indonesian="",
        issuing_body="",
        weight=5,
        mandatory=True,
        needs_document=True,
        needs_number=True,
        needs_expiry=False,
        created_at=NOW,
        updated_at=NOW,
    )


def test_existing_verifications_are_recorded_once(tmp_path):
    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'migration.db'}"
        INSTANCE_PATH = str(tmp_path)
        MEDIA_ROOT = str(tmp_path / "media")
        PRIVATE_ROOT = str(tmp_path / "private")
        REDIS_URL = None

    app = create_app(Config)
    with app.app_context():
        upgrade(revision="i16_status_events")
        _insert(
            "users",
            id=1,
            email="kurator@example.com",
            password_hash="x",
            display_name="Kurator",
            preferred_language="id",
            preferred_currency="IDR",
            timezone="Asia/Makassar",
            active=True,
            created_at=NOW,
            updated_at=NOW,
        )
        for eid, status in ((1, "verified"), (2, "unverified")):
            _insert(
                "enterprises",
                id=eid,
                name=f"UMKM {eid}",
                slug=f"umkm-{eid}",
                legal_form="ud",
                regency_code="7371",
                verification_status=status,
                nib="9120001234567",
                npwp="01.234.567.8-901.000",
                verified_at=NOW if status == "verified" else None,
                verified_by_id=1 if status == "verified" else None,
                created_at=NOW,
                updated_at=NOW,
            )
        _insert(
            "readiness_templates",
            id=1,
            version=1,
            status="published",
            notes="",
            created_at=NOW,
            updated_at=NOW,
        )
        _item(1, "ent.nib", 0)
        _item(1, "ent.npwp", 1)
        items = dict(_rows("SELECT code, id FROM readiness_items"))
        # business 1 (identity verified) had only saved its NIB answer; business 2 had its
        # NPWP verified as a checklist item
        _insert(
            "readiness_answers",
            item_id=items["ent.nib"],
            enterprise_id=1,
            state="declared",
            note="",
            created_at=NOW,
            updated_at=NOW,
        )
        _insert(
            "readiness_answers",
            item_id=items["ent.npwp"],
            enterprise_id=2,
            state="verified",
            note="",
            certificate_number="012345678901000",
            reviewed_at=NOW,
            reviewed_by_id=1,
            created_at=NOW,
            updated_at=NOW,
        )
        db.session.commit()

        upgrade()

        answers = _rows(
            "SELECT a.enterprise_id, i.code, a.state, a.certificate_number, d.source, d.number "
            "FROM readiness_answers a JOIN readiness_items i ON i.id = a.item_id "
            "LEFT JOIN readiness_verified_documents d ON d.id = a.verified_document_id "
            "ORDER BY a.enterprise_id, i.code"
        )
        assert [tuple(r) for r in answers] == [
            (1, "ent.nib", "verified", "9120001234567", "identity", "9120001234567"),
            (1, "ent.npwp", "verified", "012345678901000", "identity", "012345678901000"),
            (2, "ent.npwp", "verified", "012345678901000", "checklist", "012345678901000"),
        ]
        events = _rows(
            "SELECT from_state, to_state, actor_id FROM readiness_answer_events ORDER BY id"
        )
        assert [tuple(e) for e in events] == [
            ("declared", "verified", 1),
            ("missing", "verified", 1),
        ]
        assert _rows("SELECT count(*) FROM readiness_verified_documents")[0][0] == 3
        db.session.remove()
        db.engine.dispose()
