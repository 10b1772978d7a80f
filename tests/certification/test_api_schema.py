"""The JSON API against its own OpenAPI document, with schemathesis.

Every operation of /api/v1/openapi.json gets a bounded, derandomized set of generated requests
(valid and invalid); each response must be no server error, have a status the document declares,
and match the declared schema. The rate limits are raised so that they cannot end the run early.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hallmark.certification import services
from hallmark.site.wsgi import application

from factories import ProgramFactory, UserFactory

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db, settings):
    # Called as a WSGI app, each request would close the test's database connection at its end,
    # as Django's test client prevents; the same is done here.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.HALLMARK_RATE_LIMITS = {"registry": 1_000_000, "verify": 1_000_000}
    # One real credential, so that the registry and the verifier have something to find.
    services.issue_credential(UserFactory(), ProgramFactory(designation="CESP"))
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


SETTINGS = settings(
    max_examples=25,
    derandomize=True,  # the same requests on every run: the suite stays stable
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_keeps_to_its_openapi_document(api_schema, mode) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"GET /api/v1/credentials/{number}", "POST /api/v1/verify"} <= labels
    for operation in operations:
        if mode == GenerationMode.NEGATIVE and operation.method.upper() == "GET":
            continue  # its one parameter is any string in the path: no request is invalid

        @SETTINGS
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case) -> None:
            case.call_and_validate(checks=CHECKS)

        call()
