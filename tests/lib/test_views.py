"""The views' shared helpers: a refusal shown on the page, and the signed-in person's record."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.test import RequestFactory

from hallmark.exams.models import AccommodationRequest
from hallmark.lib.views import mine, refusal_shown

from factories import AccommodationRequestFactory


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)


def page(user: object = None) -> HttpRequest:
    request = RequestFactory().post("/")
    setattr(request, "_messages", CookieStorage(request))  # noqa: B010 (no MessageMiddleware)
    setattr(request, "user", user)  # noqa: B010
    return request


def shown(request: HttpRequest) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_what_follows_the_service_runs_when_it_succeeds() -> None:
    request, done = page(), []
    with refusal_shown(request):
        done.append("saved")
    assert done == ["saved"] and shown(request) == []


def test_a_refusal_is_shown_as_messages_and_the_rest_of_the_block_skipped() -> None:
    def book() -> None:
        raise ValidationError(["The window is full.", "Your approval has expired."])

    request, done = page(), []
    with refusal_shown(request):
        book()
        done.append("saved")
    assert done == []
    assert shown(request) == ["The window is full.", "Your approval has expired."]


def test_a_refusal_naming_a_field_lands_on_it_and_others_on_the_form() -> None:
    request, form = page(), ReasonForm({"reason": ""})
    assert form.is_valid()
    with refusal_shown(request, form):
        raise ValidationError({"reason": "Say why.", "hours": "More than 0."})
    assert form.errors["reason"] == ["Say why."]
    assert form.non_field_errors() == ["More than 0."]
    with refusal_shown(request, form):
        raise ValidationError("The request was decided already.")
    assert "The request was decided already." in form.non_field_errors()
    assert shown(request) == []


def test_other_errors_are_not_swallowed() -> None:
    with pytest.raises(KeyError), refusal_shown(page()):
        raise KeyError("a bug is not a refusal")


@pytest.mark.django_db
def test_mine_is_the_signed_in_persons_record_and_a_404_for_anyone_else(cast) -> None:
    request_ = AccommodationRequestFactory(candidate=cast.candidate)
    assert mine(page(cast.candidate), AccommodationRequest, request_.pk) == request_
    with pytest.raises(Http404):
        mine(page(cast.outsider), AccommodationRequest, request_.pk)
    with pytest.raises(Http404):
        mine(page(cast.candidate), AccommodationRequest, request_.pk + 1000)


@pytest.mark.django_db
def test_mine_takes_another_owner_field_a_query_and_more_lookups(cast) -> None:
    request_ = AccommodationRequestFactory(candidate=cast.candidate, details="Large print.")
    rows = AccommodationRequest.objects.select_related("program")
    assert mine(page(cast.candidate), rows, request_.pk, details="Large print.") == request_
    with pytest.raises(Http404):
        mine(page(cast.candidate), rows, request_.pk, details="Something else.")
    with pytest.raises(Http404):
        mine(page(cast.candidate), AccommodationRequest, request_.pk, owner="decided_by")
