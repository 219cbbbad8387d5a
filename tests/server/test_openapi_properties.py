"""Property tests: schemathesis generates requests from the app's own OpenAPI schema.

Whatever the body, headers or parameters, the server must never answer 500. Runs against
the real uvicorn server on loopback (the ``live_server`` fixture). The operations are
iterated by hand rather than with ``schema.parametrize()``, whose pytest plugin does not
load under pytest 9.
"""

from __future__ import annotations

import schemathesis
from server_helpers import LiveServer
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

# Enough examples per operation to reach the validators' edges; the suite stays fast.
EXAMPLES = 40


def test_no_server_errors(live_server: LiveServer) -> None:
    schema = schemathesis.openapi.from_url(f"{live_server.url}/openapi.json")
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()
        labels.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=[not_a_server_error])

        check()
    assert "POST /api/chat" in labels and "POST /webhooks/zalo" in labels
