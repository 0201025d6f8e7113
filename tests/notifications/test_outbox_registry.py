"""The WhatsApp outbox as a registered outbox: sent after commit like e-mail, sent by
``flask outbox send`` without core importing it, counted in ``/metrics``."""

import ast
import os
from pathlib import Path

import pytest

from tests.notifications.conftest import give_number, whatsapp_messages
from trading_house.core.jobs import background
from trading_house.core.models import OutboxEmail
from trading_house.core.outbox import Outbox, registered_outboxes
from trading_house.core.registry import Registry, registry_of
from trading_house.extensions import db
from trading_house.notifications.outbox import queue_whatsapp

LINK = "https://rumahdagang.test/orders/RD-1"
REDIS_URL = os.environ.get("REDIS_URL")
CORE = Path(__file__).resolve().parents[2] / "trading_house" / "core"
AREAS = {"accounts", "notifications", "enterprises", "catalog", "curation", "readiness"}
AREAS |= {"inquiries", "orders", "payments", "api", "admin"}


def _area_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "trading_house" and len(parts) > 1 and parts[1] in AREAS:
                found.append(f"{path.name}: {name}")
    return found


def test_core_never_imports_notifications_and_the_outbox_imports_no_area():
    """Not even inside a function: core finds the outboxes in the registry. (The demo seed
    command of core/commands.py reads accounts, as before; nothing of the outbox does.)"""
    everywhere = [hit for path in sorted(CORE.glob("*.py")) for hit in _area_imports(path)]
    assert [hit for hit in everywhere if ".notifications" in hit] == []
    outbox_modules = ("outbox.py", "mail.py", "metrics.py", "jobs.py", "schedule.py", "tx.py")
    assert [hit for name in outbox_modules for hit in _area_imports(CORE / name)] == []


def test_both_outboxes_are_registered(app):
    assert [box.name for box in registered_outboxes(app)] == ["email", "whatsapp"]


def test_an_outbox_named_in_the_settings_but_not_registered_stops_the_start(app):
    registry = Registry()
    registry.add_outbox(registry_of(app).outboxes["email"])
    with pytest.raises(RuntimeError, match="'whatsapp' named in OUTBOX_SENDERS"):
        registry.verify(app)


def test_an_outbox_registered_twice_is_refused(app):
    registry = Registry()
    registry.add_outbox(registry_of(app).outboxes["email"])
    with pytest.raises(RuntimeError, match="registered twice"):
        registry.add_outbox(registry_of(app).outboxes["email"])


def test_whatsapp_goes_out_after_commit_in_the_background(app, meta, factory, monkeypatch):
    user = factory.user()
    give_number(user)
    monkeypatch.setitem(app.config, "BACKGROUND_DISPATCH", "auto")
    queue_whatsapp(user, "order.paid", "order_paid", ["RD-2026-000001", LINK], link=LINK)
    assert meta.requests == [], "nothing is sent before the commit"
    from trading_house.core.tx import commit

    commit()
    assert background.wait_idle(timeout=20)
    assert [params[0] for params in meta.texts_to("+6281234567890")] == ["RD-2026-000001"]
    assert [m.status for m in whatsapp_messages()] == ["sent"]


def test_a_rolled_back_change_sends_nothing(app, meta, factory, monkeypatch):
    user = factory.user()
    give_number(user)
    monkeypatch.setitem(app.config, "BACKGROUND_DISPATCH", "auto")
    queue_whatsapp(user, "order.paid", "order_paid", ["RD-2026-000001", LINK], link=LINK)
    db.session.rollback()
    from trading_house.core.tx import commit

    commit()
    assert background.wait_idle(timeout=20)
    assert meta.requests == []


def test_outbox_send_sends_every_registered_outbox(app, meta, factory):
    user = factory.user(email="dua@example.id")
    give_number(user)
    queue_whatsapp(user, "order.paid", "order_paid", ["RD-2026-000002", LINK], link=LINK)
    db.session.add(OutboxEmail(recipient="dua@example.id", subject="Halo", body_text="Halo"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "1 e-mail(s) sent." in result.output
    assert "1 WhatsApp message(s) sent." in result.output
    assert len(meta.requests) == 1


def test_a_failing_sender_fails_the_command_but_the_others_still_send(app, meta, factory):
    user = factory.user()
    give_number(user)
    queue_whatsapp(user, "order.paid", "order_paid", ["RD-2026-000003", LINK], link=LINK)
    db.session.commit()
    registry = registry_of(app)
    saved = dict(registry.outboxes)

    def broken(limit):
        raise ConnectionError("SMTP relay is down")

    email = saved["email"]
    registry.outboxes["email"] = Outbox("email", email.model, broken, email.metric, email.noun)
    try:
        result = app.test_cli_runner().invoke(args=["outbox", "send"])
    finally:
        registry.outboxes.clear()
        registry.outboxes.update(saved)
    assert result.exit_code != 0
    assert "email: the sender failed: ConnectionError: SMTP relay is down" in result.output
    assert "1 WhatsApp message(s) sent." in result.output


def test_metrics_count_whatsapp_messages_by_status(app, client, meta, factory):
    user = factory.user()
    give_number(user)
    for n in range(3):
        queue_whatsapp(user, "order.paid", "order_paid", [f"RD-2026-00000{n}", LINK], link=LINK)
    queue_whatsapp(user, "order.paid", "order_teleported", ["x", LINK], link=LINK)  # refused
    db.session.commit()
    meta.answers.append((400, {"error": {"message": "bad", "code": 100}}))
    from trading_house.notifications.outbox import send_due

    send_due(limit=1)  # the first fails for good
    db.session.commit()
    body = client.get("/metrics").get_data(as_text=True)
    assert 'rumahdagang_outbox_whatsapp_messages{status="pending"} 2.0' in body
    assert 'rumahdagang_outbox_whatsapp_messages{status="failed"} 1.0' in body
    assert 'rumahdagang_outbox_whatsapp_messages{status="refused"} 1.0' in body
    assert "rumahdagang_outbox_emails" in body
    assert "rumahdagang_database_up 1.0" in body


@pytest.mark.skipif(not REDIS_URL, reason="needs Redis: set REDIS_URL to run")
def test_with_redis_the_commit_only_queues_a_job_for_a_worker(app, meta, factory, monkeypatch):
    from redis import Redis
    from rq import Queue

    from trading_house.core.jobs import run_job
    from trading_house.core.tx import commit

    queue_name = f"rdtest-whatsapp-{os.getpid()}"
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    monkeypatch.setitem(app.config, "RQ_QUEUE", queue_name)
    monkeypatch.setitem(app.config, "BACKGROUND_DISPATCH", "auto")
    user = factory.user()
    give_number(user)
    queue = Queue(queue_name, connection=Redis.from_url(REDIS_URL))
    try:
        queue_whatsapp(user, "order.paid", "order_paid", ["RD-2026-000004", LINK], link=LINK)
        commit()
        jobs = queue.get_jobs()
        assert [job.args[0] for job in jobs] == ["trading_house.notifications.outbox:send_due"]
        assert meta.requests == [], "the worker sends it, not the web process"
        run_job(*jobs[0].args)  # what the worker does
        assert [m.status for m in whatsapp_messages()] == ["sent"]
    finally:
        queue.empty()
