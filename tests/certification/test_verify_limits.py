"""The public verifier (API and page) refuses documents that would make it work without end."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from credentials.support import stop_the_limits_clock, with_deep_nesting, with_linked_cluster
from hallmark.certification import services

from factories import ProgramFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/verify"
DEEP = "refused: the credential nests objects and arrays more than 64 levels deep"


@pytest.fixture
def document(cast):
    credential = services.issue_credential(cast.candidate, ProgramFactory(designation="CESP"))
    return copy.deepcopy(credential.current_document().document)


def post_api(client, body):
    return client.post(API, json.dumps(body), content_type="application/json")


def test_the_api_refuses_a_credential_nested_900_levels_deep_with_a_400(client, document):
    # The body is refused as it is read, before the parser recurses into it.
    response = post_api(client, {"credential": with_deep_nesting(document, 900)})
    assert response.status_code == 400
    body_too_deep = "refused: the request body nests objects and arrays more than 66 levels deep"
    assert response.json() == {"detail": body_too_deep}


def test_the_api_refuses_a_credential_nested_just_past_its_limit_by_the_credential_limit(
    client, document
):
    # The credential, its subject, 62 wrappers and the innermost object: 65 levels, one past 64.
    response = post_api(client, {"credential": with_deep_nesting(document, 62)})
    assert response.status_code == 400
    assert response.json() == {"detail": DEEP}


def test_the_api_refuses_a_linked_blank_node_cluster_with_a_400(client, document, monkeypatch):
    stop_the_limits_clock(monkeypatch)
    response = post_api(client, {"credential": with_linked_cluster(document)})
    assert response.status_code == 400
    assert "steps of the RDFC-1.0 N-degree hash" in response.json()["detail"]


def test_the_api_still_verifies_a_normal_credential(client, document):
    response = post_api(client, {"credential": document})
    assert response.status_code == 200 and response.json()["valid"] is True


def test_the_page_refuses_a_pasted_credential_nested_900_levels_deep(client, document):
    data = {"credential": json.dumps(with_deep_nesting(document, 900))}
    response = client.post(reverse("credentials-verify"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'class="error-summary"' in text
    assert "Refused: the credential nests objects and arrays more than 64 levels deep." in text


def test_the_page_refuses_text_nested_past_the_recursion_limit(client):
    data = {"credential": "[" * 100_000 + "]" * 100_000}
    response = client.post(reverse("credentials-verify"), data)
    assert response.status_code == 400
    assert "more than 64 levels deep" in response.content.decode()


def test_the_page_refuses_an_uploaded_linked_cluster_and_says_why(client, document, monkeypatch):
    stop_the_limits_clock(monkeypatch)  # the step budget refuses it, however busy the machine
    content = json.dumps(with_linked_cluster(document)).encode()
    upload = SimpleUploadedFile("credential.json", content)
    response = client.post(reverse("credentials-verify"), {"upload": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Refused: canonicalizing the document takes more than 5,000 steps" in text
    assert "Result:" not in text


def test_a_status_list_named_many_times_is_read_once(
    client, document, django_assert_max_num_queries
):
    document["credentialStatus"] = [document["credentialStatus"]] * 2000
    with django_assert_max_num_queries(20):
        response = post_api(client, {"credential": document})
    # Checking the same status list 2,000 times runs past the deadline: refused, not hung.
    assert response.status_code == 400
    assert response.json()["detail"].startswith("refused: canonicalizing the document took more")
