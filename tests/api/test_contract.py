"""The API keeps its contract: schemathesis, with every check, finds nothing.

It runs the whole engine as ``st run --checks all`` would (examples, coverage with boundary
values and undeclared methods such as TRACE, fuzzing with positive and negative data, stateful
links), in-process over WSGI against a small catalog like the demo, on the suite's database
(SQLite, or PostgreSQL with ``TEST_DATABASE_URL``). The seed and the number of examples are fixed,
so a run is repeatable and takes seconds.
"""

from datetime import timedelta

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from tests.factories import Factory
from tests.search.conftest import add_photos, add_tiers
from trading_house.core.clock import utcnow
from trading_house.core.rates import set_rate
from trading_house.extensions import db

#: schemathesis and hypothesis warn about their own internals; the global
#: ``filterwarnings = error`` would turn those into failures of this test.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SEED = 20261204
#: About 600 requests: the coverage phase (every boundary value and undeclared method, fixed by
#: the document) is two thirds of them; max-examples bounds fuzzing and stateful.
SETTINGS = {
    "seed": SEED,
    "workers": 1,
    # No state under the working directory and no configuration file picked up from it.
    "cache": {"enabled": False},
    "generation": {"mode": "all", "max-examples": 20, "database": "none"},
    "checks": {"enabled": True},
    "phases": {"stateful": {"max-steps": 6}},
}


@pytest.fixture
def catalog(app):
    """Two category trees, enterprises in four regencies, published products with photos,
    tiers and prices in several currencies; a draft and an archived product that must stay
    hidden. Made in a context that is closed again, so every API request gets its own."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        make = Factory()
        coffee = make.category("Kopi & Teh", slug="kopi-teh")
        arabica = make.category("Kopi Arabika", parent=coffee, slug="kopi-arabika")
        crafts = make.category("Kerajinan", slug="kerajinan")
        silk = make.category("Tenun Sutra", parent=crafts, slug="tenun-sutra")
        makers = [
            make.enterprise(name="Koperasi Kopi Toraja", slug="koperasi-kopi-toraja",
                            regency_code="7318", legal_form="koperasi", founded_year=1998),
            make.enterprise(name="Sutra Sengkang", slug="sutra-sengkang", regency_code="7313",
                            legal_form="cv", verified_at=utcnow()),
            make.enterprise(name="UD Songkok Bone", slug="ud-songkok-bone", regency_code="7308"),
            make.enterprise(name="Markisa Makassar", slug="markisa-makassar", regency_code="7371"),
        ]  # fmt: skip
        categories = [arabica, silk, crafts, coffee]
        for n in range(12):
            product = make.product(
                makers[n % 4],
                category=categories[n % 4],
                retail_price_idr=25_000 * (n + 1),
                stock=0 if n % 5 == 0 else 10 * n,
                export_moq=None if n % 3 == 0 else 50 * n,
                export_unit="kg",
                sample_available=n % 2 == 0,
                origin_regency_code="7317" if n == 7 else None,
                hs_code="09011110" if n % 4 == 0 else None,
                published_at=utcnow() - timedelta(days=n),
            )
            add_photos(product, n % 3)
            if n % 2:
                add_tiers(product, (10, 20_000 * (n + 1)), (100, 18_000 * (n + 1)))
        make.product(makers[0], category=arabica, status="draft", published_at=None)
        make.product(makers[1], category=silk, status="archived")
        for currency, rate in (("USD", "16250.5"), ("JPY", "105.3"), ("EUR", "17600")):
            set_rate(currency, rate)
        db.session.commit()
        db.session.remove()


def test_schemathesis_with_every_check_finds_nothing(app, catalog, monkeypatch):
    # The WSGI transport hands schemathesis the raw body; an HTTP client would undo the gzip
    # (tests/core/test_compression.py covers that). The contract is about the JSON itself.
    monkeypatch.setitem(app.config, "COMPRESS_RESPONSES", False)
    config = SchemathesisConfig.from_dict(SETTINGS)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    failures, errors, tested = [], [], set()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            tested.add(event.recorder.label)
            failures.extend(_failures(event.recorder))
        elif isinstance(event, events.NonFatalError | events.FatalError):
            errors.append(str(getattr(event, "value", None) or event.exception))
    assert not errors, "\n".join(errors)
    assert not failures, f"seed {SEED}:\n\n" + "\n\n".join(sorted(set(failures)))
    assert {"GET /products", "GET /enterprises/{slug}"} <= tested


def _failures(recorder) -> list[str]:
    found = []
    for checks in recorder.checks.values():
        for check in checks:
            if check.failure_info is not None:
                failure = check.failure_info.failure
                found.append(
                    f"{recorder.label} [{check.name}] {failure.title}\n{failure.message}\n"
                    f"{check.failure_info.code_sample}"
                )
    return found
