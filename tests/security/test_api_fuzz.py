"""The JSON API fuzzed from its own OpenAPI document: no 5xx, responses match the schema.

schemathesis' pytest plugin (``from_fixture``) does not work with this pytest version, so the test
drives hypothesis itself: one bounded property per operation, against the app over WSGI.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

#: schemathesis/hypothesis emit their own deprecation notes; keep them out of the global
#: filterwarnings=error only for this module.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MAX_EXAMPLES = 25
#: No 5xx, documented status codes and content types, bodies that match the schema. Not
#: "positive data acceptance": a well-formed but unknown category slug is an honest 400.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_api_conforms_to_its_openapi_document(app, world, monkeypatch):
    # Raw WSGI bodies: no gzip here (an HTTP client undoes it; see tests/core/test_compression.py).
    monkeypatch.setitem(app.config, "COMPRESS_RESPONSES", False)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5, [op.label for op in operations]
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
