"""``flask storage migrate --to s3`` and ``flask storage verify`` against the S3 test server."""

import hashlib
import io
from datetime import timedelta

from PIL import Image

from tests.catalog.conftest import image_bytes
from tests.readiness.conftest import pdf_bytes
from tests.s3 import needs_s3, raw_client, s3_settings
from trading_house.catalog.models import Product
from trading_house.catalog.photos import add_photo, photo_url
from trading_house.core import clock
from trading_house.core.models import Document
from trading_house.core.storage import backend_pair, private_storage
from trading_house.core.tx import commit
from trading_house.core.uploads import document_response, store_document
from trading_house.enterprises.logos import store_logo
from trading_house.enterprises.models import Enterprise
from trading_house.extensions import db

pytestmark = needs_s3


def cli(app, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def _shop_on_local_disk(app, factory):
    """A photo (original + 3 variants), a logo (2 variants) and a PDF, on local disk."""
    owner = factory.user("sme")
    enterprise_id = factory.enterprise(owner).id
    product_id = factory.product(db.session.get(Enterprise, enterprise_id), status="draft").id
    with app.test_request_context():
        add_photo(db.session.get(Product, product_id), image_bytes(1600, 1200))
        db.session.get(Enterprise, enterprise_id).logo_key = store_logo(
            image_bytes(600, 600, "PNG")
        )
        document = store_document(pdf_bytes("NIB 912"), "nib.pdf", folder="evidence")
        commit()
        return product_id, document.id


def _objects(bucket) -> dict[str, str]:
    client = raw_client()
    found = {}
    for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
        body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        found[item["Key"]] = hashlib.sha256(body).hexdigest()
    return found


def test_migrate_copies_every_object_verifies_it_and_can_run_again(make_app, factory):
    settings = s3_settings()
    local = make_app(**{**settings, "STORAGE_BACKEND": "local"})
    product_id, document_id = _shop_on_local_disk(local, factory)
    with local.app_context():
        public, private = backend_pair("local")
        on_disk = {k: hashlib.sha256(public.read(k)).hexdigest() for k in public.keys()}
        private_on_disk = {k: hashlib.sha256(private.read(k)).hexdigest() for k in private.keys()}
    assert len(on_disk) == 5 and len(private_on_disk) == 2

    # An interrupted earlier run left one object half-copied (wrong bytes under its key).
    damaged = next(iter(private_on_disk))
    raw_client().put_object(Bucket=settings["S3_PRIVATE_BUCKET"], Key=damaged, Body=b"partial")

    result = cli(local, "storage", "migrate", "--to", "s3")
    assert result.exit_code == 0, result.output
    assert "Copied 7 object(s)" in result.output
    assert "set STORAGE_BACKEND=s3 on every node" in result.output
    assert _objects(settings["S3_PUBLIC_BUCKET"]) == on_disk
    assert _objects(settings["S3_PRIVATE_BUCKET"]) == private_on_disk

    again = cli(local, "storage", "migrate", "--to", "s3")
    assert again.exit_code == 0, again.output
    assert "Copied 0 object(s) (0 bytes)" in again.output and "7 were already there" in again.output

    # The switch: the same rows, the other back end.
    switched = make_app(**settings)
    with switched.test_request_context():
        photo = db.session.get(Product, product_id).photos[0]
        assert photo_url(photo, 400).startswith(settings["S3_ENDPOINT_URL"])
        original = private_storage().read(photo.original_key)
        assert Image.open(io.BytesIO(original)).size == (1600, 1200)
        response = document_response(db.session.get(Document, document_id))
        response.direct_passthrough = False
        assert response.get_data().startswith(b"%PDF-")
    clean = cli(switched, "storage", "verify")
    assert clean.exit_code == 0, clean.output
    assert "s3 (in use): 0 missing, 0 orphaned" in clean.output


def test_verify_lists_missing_and_orphaned_objects_in_both_back_ends(make_app, factory):
    settings = s3_settings()
    app = make_app(**settings)
    owner = factory.user("sme")
    product_id = factory.product(factory.enterprise(owner), status="draft").id
    with app.test_request_context():
        photo = add_photo(db.session.get(Product, product_id), image_bytes(1600, 1200))
        commit()
        original = photo.original_key
        private_storage().delete(original)  # lost: a record without its object
        private_storage().save("evidence/zz/left-over.pdf", b"%PDF-1.4")  # no record
    result = cli(app, "storage", "verify")
    assert result.exit_code == 1
    assert "s3 (in use): 1 missing, 1 orphaned" in result.output
    assert f"  missing private {original}" in result.output
    assert "  orphaned private evidence/zz/left-over.pdf" in result.output
    assert result.output.startswith("local: ")  # the other back end is checked too

    young = cli(app, "storage", "verify", "--delete-orphans", "--older-than", "1")
    assert "s3: 0 orphaned object(s) deleted" in young.output  # it may be an upload in flight
    clock.freeze(clock.utcnow() + timedelta(hours=2))
    old = cli(app, "storage", "verify", "--delete-orphans", "--older-than", "1")
    assert "  deleted private evidence/zz/left-over.pdf" in old.output
    assert "s3: 1 orphaned object(s) deleted" in old.output
    with app.app_context():
        assert not private_storage().exists("evidence/zz/left-over.pdf")


def test_migrate_stops_when_the_target_does_not_answer(make_app, factory):
    from tests.production.conftest import closed_port

    app = make_app(
        STORAGE_BACKEND="local",
        S3_ENDPOINT_URL=f"http://127.0.0.1:{closed_port()}",
        S3_PUBLIC_BUCKET="rd-public",
        S3_PRIVATE_BUCKET="rd-private",
        S3_TIMEOUT=1,
    )
    with app.test_request_context():
        store_document(pdf_bytes(), "nib.pdf", folder="evidence")
        commit()
    result = cli(app, "storage", "migrate", "--to", "s3")
    assert result.exit_code == 1
    assert "does not answer" in result.output and "run the command again" in result.output
