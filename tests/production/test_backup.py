"""``flask backup`` / ``flask restore``: a restored instance has every order, product and file."""

import io
import re
import stat
import tarfile

import pytest
from pypdf import PdfWriter
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from tests.factories import DEFAULT_PASSWORD
from tests.orders.helpers import place, shipping_zones
from tests.s3 import TEST_S3, s3_settings
from trading_house.catalog.models import Product
from trading_house.core.models import Document
from trading_house.core.storage import private_storage, public_storage
from trading_house.core.tx import commit
from trading_house.core.uploads import store_document
from trading_house.extensions import db
from trading_house.orders.models import Order

WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(range(64))


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def snapshot() -> dict:
    """What must survive: orders (number, total, lines), products (stock), documents (bytes)."""
    orders = {
        o.number: (o.total_minor, o.currency, sorted((line.sku, line.quantity) for line in o.lines))
        for o in db.session.scalars(select(Order))
    }
    products = {p.slug: (p.stock, p.retail_price_idr) for p in db.session.scalars(select(Product))}
    documents = {
        d.storage_key: (d.sha256, private_storage().read(d.storage_key))
        for d in db.session.scalars(select(Document))
    }
    return {"orders": orders, "products": products, "documents": documents}


@pytest.fixture
def shop_with_orders(app, factory):
    """Two enterprises' products, a buyer with two orders, a public photo and a private PDF."""
    shipping_zones()
    owner = factory.user("sme", email="owner@example.id")
    enterprise = factory.enterprise(owner)
    coffee = factory.product(enterprise, name_english="Toraja Coffee", sku="KT-1", stock=30,
                             retail_price_idr=85000)  # fmt: skip
    silk = factory.product(factory.enterprise(factory.user("sme")), name_english="Sengkang Silk",
                           sku="SS-1", stock=4, retail_price_idr=450000)  # fmt: skip
    buyer = factory.user("buyer", email="pembeli@example.id")
    public_storage().save("p/ab/kopi-400.webp", WEBP)
    factory.photo(coffee, variants={"400": "p/ab/kopi-400.webp"})
    store_document(_pdf(), "nib.pdf", uploaded_by=owner)
    commit()
    place(buyer, [(coffee, 2)])
    place(buyer, [(coffee, 1), (silk, 3)])
    state = snapshot()
    assert len(state["orders"]) == 2 and len(state["documents"]) == 1
    return state


def cli(app, *args):
    """Run a flask command against ``app`` (another app's context may be open in the test)."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def backup(app, tmp_path):
    result = cli(app, "backup", "--output-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    archive = tmp_path / re.search(r"rumahdagang-backup-\S+\.tar\.gz", result.output).group(0)
    assert re.fullmatch(r"rumahdagang-backup-\d{8}T\d{6}Z\.tar\.gz", archive.name)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600, "it holds private documents"
    return archive


@pytest.fixture
def empty_instance(app, make_app, tmp_path):
    """``empty_instance(migrated=False, **settings)``: a new app on an empty database and empty
    folders."""
    made = []

    def _make(migrated=False, **settings):
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        if url.startswith("postgresql"):
            parsed = make_url(url)
            target = parsed.set(database=f"{parsed.database}_restore{len(made)}")
            _empty_postgres(url, target)
            target = target.render_as_string(hide_password=False)
        else:
            target = f"sqlite:///{tmp_path / f'restored{len(made)}.db'}"
        root = tmp_path / f"instance{len(made)}"
        made.append(target)
        restored = make_app(
            SQLALCHEMY_DATABASE_URI=target,
            INSTANCE_PATH=str(root),
            MEDIA_ROOT=str(root / "media"),
            PRIVATE_ROOT=str(root / "private"),
            **(s3_settings() if TEST_S3 else {}),  # with TEST_S3: new, empty buckets
            **settings,
        )
        if migrated:
            from flask_migrate import upgrade

            with restored.app_context():
                upgrade()
                db.session.remove()
        return restored

    return _make


def _empty_postgres(admin_url, target) -> None:
    """Create the database once and empty it (not DROP DATABASE: it forces a checkpoint,
    which takes long on a busy shared server)."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}
        ).scalar()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = create_engine(target, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.mark.parametrize("migrated", [False, True], ids=["bare-database", "migrated-database"])
def test_restore_into_an_empty_instance_finds_everything(
    app, shop_with_orders, empty_instance, tmp_path, migrated
):
    archive = backup(app, tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "media/p/ab/kopi-400.webp" in names
    assert any(n.startswith("private/documents/") for n in names)

    restored = empty_instance(migrated=migrated)
    result = cli(restored, "restore", str(archive))
    assert result.exit_code == 0, result.output
    assert "Restored the backup" in result.output

    with restored.app_context():
        assert snapshot() == shop_with_orders
        db.session.remove()
    client = restored.test_client()
    photo = client.get("/media/p/ab/kopi-400.webp")
    body = photo.get_data()
    photo.close()  # a file response
    assert photo.status_code == 200 and body == WEBP
    signed_in = client.post(
        "/login", data={"email": "pembeli@example.id", "password": DEFAULT_PASSWORD}
    )
    assert signed_in.status_code in (302, 303), "accounts and passwords came back"
    page = client.get("/orders?lang=en").get_data(as_text=True)
    for number in shop_with_orders["orders"]:
        assert number in page


def test_pages_cached_before_a_restore_are_not_served_after_it(
    app, shop_with_orders, empty_instance, tmp_path
):
    """The restore writes without SQLAlchemy (a file copy, ``pg_restore``): it changes the write
    stamp itself, so the empty catalog a visitor saw before is not served from the cache."""
    archive = backup(app, tmp_path)
    restored = empty_instance(migrated=True, CACHE_BACKEND="local")
    visitor = restored.test_client()
    for _ in range(2):  # the second one from the cache
        assert 'data-testid="empty-results"' in visitor.get("/catalog?lang=en").get_data(
            as_text=True
        )
    assert cli(restored, "restore", str(archive)).exit_code == 0
    page = visitor.get("/catalog?lang=en").get_data(as_text=True)
    assert 'data-testid="product-card"' in page


def test_restore_refuses_an_instance_that_has_data(app, shop_with_orders, tmp_path):
    archive = backup(app, tmp_path)
    result = cli(app, "restore", str(archive))
    assert result.exit_code != 0
    assert "Restore only goes into an empty instance" in result.output
    assert "table orders has 2 row(s)" in result.output
    with app.app_context():
        assert snapshot() == shop_with_orders, "nothing was touched"
        db.session.remove()


def test_restore_refuses_when_files_are_already_there(
    app, shop_with_orders, empty_instance, tmp_path
):
    archive = backup(app, tmp_path)
    restored = empty_instance()
    with restored.app_context():
        public_storage().save("p/zz/other.webp", WEBP)
    result = cli(restored, "restore", str(archive))
    assert result.exit_code != 0
    assert "MEDIA_ROOT" in result.output and "1 file(s)" in result.output


def test_a_damaged_archive_is_refused_before_anything_is_written(
    app, shop_with_orders, empty_instance, tmp_path
):
    archive = backup(app, tmp_path)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None
            if member.name.startswith("database."):
                # Flip bytes in the middle: the end of a database file may already be zeros.
                middle = len(data) // 2
                data = (
                    data[:middle]
                    + bytes(b ^ 0xFF for b in data[middle : middle + 64])
                    + data[middle + 64 :]
                )
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    restored = empty_instance()
    result = cli(restored, "restore", str(damaged))
    assert result.exit_code != 0
    assert "damaged" in result.output
    with restored.app_context():
        assert not list(public_storage().keys())  # local disk, or the bucket with TEST_S3
