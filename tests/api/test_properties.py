"""Property-based tests of the API from its own OpenAPI document (schemathesis, in-process on the WSGI
app, on each test database): whatever a client sends, valid or not, no 500, and every answer keeps the
document's promises (status, content type, headers, body). Examples are bounded: the whole run on both
databases stays well under a minute.

schemathesis.pytest.from_fixture reaches into pytest's private node id, which pytest 9 no longer has,
so each operation's Hypothesis strategy is driven here directly (the documented lower-level use).
"""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import DOCUMENT

EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 5}


def test_the_api_keeps_its_documents_promises(app, api_world):
    """Every operation, valid and invalid requests: one database's world is built once for all."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # schemathesis's WSGI transport does not undo Content-Encoding as an HTTP client does: ask for none.
    headers = {"Authorization": f"Bearer {api_world['secret']}", "Accept-Encoding": "identity"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {operation.path for operation in operations} == set(DOCUMENT["paths"])
    for operation in operations:
        for mode, examples in EXAMPLES.items():
            @given(case=operation.as_strategy(generation_mode=mode))
            # derandomize: CI sees the same examples for the same document, so a failure is never luck.
            @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
            def call(case):
                # Every check but "schema-valid data is accepted": a cursor is opaque and ?from= must not be
                # after ?to=, which a schema cannot say, so such a request is rightly a 400 problem.
                case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

            call()
