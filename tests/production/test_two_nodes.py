"""Two web nodes (gunicorn, two ports) on one PostgreSQL, Redis and object store serve one
marketplace: a buyer moves between them as a load balancer would send them, and a photo
uploaded through one is served by the other.

Needs all three shared services; CI's PostgreSQL leg runs it with ``TEST_S3=1``.
"""

import io
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import uuid

import pytest
import requests
from PIL import Image
from sqlalchemy import select

from tests.catalog.conftest import image_bytes
from tests.factories import DEFAULT_PASSWORD
from tests.orders.helpers import CHECKOUT_FORM, shipping_zones
from tests.production.conftest import REDIS_URL, ROOT, closed_port, subprocess_env
from tests.s3 import TEST_S3
from trading_house.catalog.models import ProductPhoto
from trading_house.extensions import db

pytestmark = pytest.mark.skipif(
    not (TEST_S3 and REDIS_URL and os.environ.get("TEST_DATABASE_URL")),
    reason="two web nodes need the shared services: set TEST_DATABASE_URL (PostgreSQL), "
    "REDIS_URL and TEST_S3=1",
)
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Node:
    """One gunicorn (two sync workers) on its own port and its own instance folder."""

    def __init__(self, app, name: str, env: dict):
        self.name = name
        self.port = closed_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile(mode="w+")
        self.instance = tempfile.mkdtemp(prefix=f"rd-node-{name}-")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
             "tests.production.two_nodes_app:create()"],
            env=subprocess_env(
                app, RD_TEST_INSTANCE=self.instance, GUNICORN_BIND=f"127.0.0.1:{self.port}",
                GUNICORN_WORKERS=2, LOG_FORMAT="text", **env,
            ),
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"node {self.name} exited:\n{self.output()}")
            try:
                if requests.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # not listening yet, or busy starting
                pass
            time.sleep(0.3)
        raise AssertionError(f"node {self.name} did not start:\n{self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()


@pytest.fixture
def nodes(app):
    prefix = f"rdtest:{uuid.uuid4().hex[:12]}:"
    env = {
        "RD_TEST_REDIS_URL": REDIS_URL,
        "RD_TEST_SECRET_KEY": secrets.token_urlsafe(48),
        "RD_TEST_PREFIX": prefix,
    }
    started = [Node(app, "a", env), Node(app, "b", env)]
    try:
        for node in started:
            node.wait_ready()
        yield started
    finally:
        for node in started:
            node.stop()
        from redis import Redis

        client = Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=prefix + "*", count=500))
        keys += list(client.scan_iter(match=f"LIMITS:LIMITER/{prefix}*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


def form_token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    return CSRF.search(page.text).group(1)


def sign_in(session: requests.Session, node: Node, email: str) -> None:
    token = form_token(session, f"{node.url}/login")
    response = session.post(
        f"{node.url}/login?lang=en",
        data={"email": email, "password": DEFAULT_PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code in (302, 303), response.text[:500]


def test_a_buyer_alternating_between_two_nodes(nodes, factory):
    a, b = nodes
    shipping_zones()
    owner = factory.user("sme", email="penjual@example.id")
    enterprise = factory.enterprise(owner)
    coffee = factory.product(enterprise, name_english="Toraja Coffee", sku="KT-250",
                             retail_price_idr=85000, stock=20, weight_grams=300)  # fmt: skip
    draft = factory.product(enterprise, name_english="Sengkang Silk", status="draft")
    factory.user("buyer", email="pembeli@example.id")

    buyer = requests.Session()  # one cookie jar: both nodes are 127.0.0.1, as behind nginx
    sign_in(buyer, a, "pembeli@example.id")
    token = form_token(buyer, f"{b.url}/cart?lang=en")  # signed in on A, recognised on B
    added = buyer.post(
        f"{b.url}/cart/add",
        data={"product_id": coffee.id, "quantity": "2", "csrf_token": token},
        timeout=10,
    )
    assert added.status_code == 200, added.text[:500]
    assert "Toraja Coffee" in buyer.get(f"{a.url}/cart?lang=en", timeout=10).text

    page = buyer.get(f"{a.url}/checkout?lang=en", timeout=10).text
    form = {
        **CHECKOUT_FORM,
        "csrf_token": CSRF.search(page).group(1),
        "idempotency_key": re.search(r'name="idempotency_key"[^>]*value="([\w-]+)"', page)[1],
    }
    options = buyer.post(f"{b.url}/checkout?lang=en", data={**form, "action": "options"})
    assert options.status_code == 200, options.text[:800]
    shipping = re.search(r'name="shipping" id="ship-[^"]+" value="([^"]+)"', options.text)[1]
    placed = buyer.post(
        f"{a.url}/checkout?lang=en",
        data={**form, "shipping": shipping, "action": "place"},
        timeout=20,
    )
    assert placed.status_code == 200, placed.text[:800]
    number = re.search(r"RD-\d{4}-\d{6}", placed.text).group(0)
    for node in (a, b):
        orders = buyer.get(f"{node.url}/orders?lang=en", timeout=10)
        assert number in orders.text, f"the order is not listed on node {node.name}"

    seller = requests.Session()
    sign_in(seller, b, "penjual@example.id")
    token = form_token(seller, f"{b.url}/business/products/{draft.id}/photos?lang=en")
    uploaded = seller.post(
        f"{b.url}/business/products/{draft.id}/photos?lang=en",
        data={"csrf_token": token},
        files={"photos": ("kopi.jpg", image_bytes(1600, 1200), "image/jpeg")},
        timeout=30,
    )
    assert uploaded.status_code == 200, uploaded.text[:800]
    db.session.remove()
    photo = db.session.scalar(select(ProductPhoto).where(ProductPhoto.product_id == draft.id))
    assert photo is not None and set(photo.variants) == {"400", "800", "1600"}
    page = seller.get(f"{a.url}/business/products/{draft.id}/photos?lang=en", timeout=10).text
    link = f"/media/{photo.variants['400']}"
    assert link in page
    served = requests.get(a.url + link, timeout=10)  # node A never saw the upload
    assert served.status_code == 200
    assert Image.open(io.BytesIO(served.content)).format == "WEBP"

    # Rate limits are counted in Redis, not per node: 6 sign-in attempts a minute from one
    # address, whichever node gets them (2 were the sign-ins above; empty forms count too).
    visitor = requests.Session()
    token = form_token(visitor, f"{a.url}/login")
    answers = [
        visitor.post(f"{node.url}/login", data={"csrf_token": token, "email": ""}, timeout=10)
        for node in (a, b, a, b, a, b)
    ]
    assert [r.status_code for r in answers] == [200, 200, 200, 200, 429, 429]
