"""The checks before a service acts: the permission, whose record it is, whose case."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from hallmark.lib.permissions import need, not_own_case, own

pytestmark = pytest.mark.django_db


def test_need_names_who_what_and_the_permission(cast) -> None:
    need(cast.officer, "exams.decide_application", "decide application #1")
    need(None, "exams.decide_application", "decide application #1")  # Hallmark itself
    with pytest.raises(
        PermissionDenied,
        match=r"outsider@example\.org may not decide #1 \(needs exams\.decide_application\)",
    ):
        need(cast.outsider, "exams.decide_application", "decide #1")


def test_own_lets_the_owner_alone_through(cast) -> None:
    own(cast.candidate, cast.candidate.pk, "This document")
    for someone in (cast.officer, AnonymousUser(), None):
        with pytest.raises(PermissionDenied, match="This document belongs to someone else"):
            own(someone, cast.candidate.pk, "This document")


def test_nobody_decides_their_own_case(cast) -> None:
    not_own_case(cast.officer, cast.candidate.pk, "decide")
    not_own_case(None, cast.candidate.pk, "decide")
    with pytest.raises(PermissionDenied, match="Nobody may record the fee of their own case"):
        not_own_case(cast.candidate, cast.candidate.pk, "record the fee of")
