"""Schemathesis reads the API's own OpenAPI description and throws generated
requests at every operation: none may end in a server error, and every answer
must match what the description promises (status codes, content types, bodies)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from stematlas.web.app import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def api_schema(mini_atlas):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(mini_atlas))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_the_api_answers_every_request_as_it_documents(case):
    case.call_and_validate(checks=CHECKS)
