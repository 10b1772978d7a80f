"""Who may do what in the candidate journey: least privilege per role."""

import pytest

from hallmark.accounts.roles import role_permissions, sync_roles

pytestmark = pytest.mark.django_db


def test_every_exams_permission_exists() -> None:
    counts = sync_roles()
    for role, names in role_permissions().items():
        assert counts[role.value] == len(set(names)), role


def test_officers_decide_and_manage_registrations(cast) -> None:
    for permission in (
        "exams.decide_application",
        "exams.record_fee",
        "exams.record_employer_verification",
        "exams.decide_accommodation",
        "exams.manage_registration",
        "exams.download_evidence",
    ):
        assert cast.officer.has_perm(permission), permission
    assert not cast.officer.has_perm("exams.change_testingwindow")


def test_managers_set_windows_up_and_see_no_candidate_records(cast) -> None:
    assert cast.manager.has_perm("exams.add_testingwindow")
    assert cast.manager.has_perm("exams.change_testingwindow")
    for permission in (
        "exams.view_application",
        "exams.view_registration",
        "exams.download_evidence",
    ):
        assert not cast.manager.has_perm(permission), permission


def test_proctors_see_windows_and_registrations_only(cast) -> None:
    assert cast.proctor.has_perm("exams.view_testingwindow")
    assert cast.proctor.has_perm("exams.view_registration")
    for permission in (
        "exams.view_application",
        "exams.view_accommodationrequest",
        "exams.download_evidence",
        "exams.manage_registration",
    ):
        assert not cast.proctor.has_perm(permission), permission


def test_candidates_and_others_hold_no_exams_permission(cast) -> None:
    for person in (cast.candidate, cast.outsider, cast.writer, cast.reviewer, cast.panelist):
        assert not [p for p in person.get_all_permissions() if p.startswith("exams.")], person
    assert not cast.psychometrician.has_perm("exams.view_application")
