import logging
import os
import re
import subprocess
import sys

import pytest
from django.test import Client, RequestFactory

from hallmark.lib.requestid import RequestIdFilter, incoming_or_new

SERVER_ERROR = """
import django
django.setup()
from django.test import Client
from hallmark.site import views
def explode(*args, **kwargs):
    raise RuntimeError("the home page broke")
views.render = explode
response = Client(raise_request_exception=False).get("/", HTTP_X_REQUEST_ID="edge-42")
print(response.status_code, response["X-Request-ID"])
"""


def test_a_server_error_is_logged_with_its_traceback_and_request_id(tmp_path) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HALLMARK_", "DJANGO_"))}
    env = base | {
        "DJANGO_SETTINGS_MODULE": "hallmark.site.settings",
        "HALLMARK_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", SERVER_ERROR], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["500", "edge-42"], result.stderr
    assert re.search(r"ERROR django\.request \[edge-42\] Internal Server Error: /\n", result.stderr)
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: the home page broke" in result.stderr


@pytest.mark.django_db
def test_every_line_logged_during_a_request_carries_its_id(caplog, monkeypatch) -> None:
    from hallmark.site import views

    def log_and_fail(*args, **kwargs):
        logging.getLogger("hallmark.site").warning("about to fail")
        raise RuntimeError("no page")

    monkeypatch.setattr(views, "render", log_and_fail)
    caplog.handler.addFilter(RequestIdFilter())
    response = Client(raise_request_exception=False).get("/")
    made = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    lines = {(r.name, r.request_id) for r in caplog.records}
    assert {("hallmark.site", made), ("django.request", made)} <= lines
    logging.getLogger("hallmark.site").warning("after the request")
    assert caplog.records[-1].request_id == "-"


@pytest.mark.parametrize(
    "given",
    ["", "a" * 65, "id with spaces", "id\nInjected: line", "<script>", "é"],
)
def test_an_unsafe_incoming_request_id_is_replaced(given: str) -> None:
    made = incoming_or_new(RequestFactory().get("/", HTTP_X_REQUEST_ID=given))
    assert made != given and re.fullmatch(r"[0-9a-f]{32}", made)


def test_a_sane_incoming_request_id_is_kept() -> None:
    given = "3f2a:lb-7.edge_01"
    assert incoming_or_new(RequestFactory().get("/", HTTP_X_REQUEST_ID=given)) == given
