"""A complaint about a certificant's conduct, in scope with the credential linked, becomes a
discipline case: once, against the credential's holder, recorded on both sides."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hallmark.certification import services as credentials
from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import ComplaintAbout, ComplaintEventKind, Scope
from hallmark.certification.data import CaseSource
from hallmark.certification.discipline import services as discipline
from hallmark.certification.discipline.from_complaint import open_case_from_complaint
from hallmark.certification.models import DisciplineCase

from factories import filed_complaint, panel_member

pytestmark = pytest.mark.django_db
ALLEGATIONS = "Signed off client plans without meeting the clients."


@pytest.fixture
def holder_credential(program, cast):
    return credentials.issue_credential(cast.candidate, program)


def conduct(program, cast, *, scope=Scope.IN_SCOPE, number=""):
    complaint = filed_complaint(
        program, about=ComplaintAbout.CERTIFICANT, certificant_name="Casey Holder"
    )
    services.acknowledge(complaint, by=cast.officer)
    reason = "" if scope == Scope.IN_SCOPE else "A private dispute about fees."
    return services.triage(
        complaint, scope, reason=reason, by=cast.officer, credential_number=number
    )


def test_an_in_scope_complaint_becomes_a_case_against_the_holder(
    program, cast, holder_credential
) -> None:
    complaint = conduct(program, cast, number=holder_credential.number)
    case = open_case_from_complaint(complaint, by=cast.officer, allegations=ALLEGATIONS)
    assert (case.complaint, case.respondent, case.credential) == (
        complaint,
        cast.candidate,
        holder_credential,
    )
    assert (case.source, case.source_reference) == (CaseSource.COMPLAINT, complaint.reference)
    event = complaint.events.last()
    assert (event.kind, event.by, event.text) == (
        ComplaintEventKind.CASE_OPENED,
        cast.officer,
        case.reference,
    )


def refused(complaint, by, field="complaint"):
    before = (DisciplineCase.objects.count(), complaint.events.count())
    with pytest.raises(ValidationError) as refusal:
        open_case_from_complaint(complaint, by=by, allegations=ALLEGATIONS)
    assert field in refusal.value.message_dict
    assert (DisciplineCase.objects.count(), complaint.events.count()) == before
    return refusal.value.message_dict[field][0]


def test_a_complaint_about_the_body_is_refused(program, cast) -> None:
    complaint = services.acknowledge(filed_complaint(program), by=cast.officer)
    complaint = services.triage(complaint, Scope.IN_SCOPE, reason="", by=cast.officer)
    assert "about the body" in refused(complaint, cast.officer)


def test_an_out_of_scope_complaint_is_refused(program, cast, holder_credential) -> None:
    complaint = conduct(program, cast, scope=Scope.OUT_OF_SCOPE, number=holder_credential.number)
    assert "in scope" in refused(complaint, cast.officer)


def test_a_complaint_not_yet_triaged_is_refused(program, cast) -> None:
    complaint = filed_complaint(program, about=ComplaintAbout.CERTIFICANT, certificant_name="X Y")
    assert "in scope" in refused(complaint, cast.officer)


def test_a_complaint_with_no_credential_linked_is_refused(program, cast) -> None:
    assert "Link the certificant's credential" in refused(conduct(program, cast), cast.officer)


def test_a_second_case_from_one_complaint_is_refused(program, cast, holder_credential) -> None:
    complaint = conduct(program, cast, number=holder_credential.number)
    open_case_from_complaint(complaint, by=cast.officer, allegations=ALLEGATIONS)
    assert "already" in refused(complaint, cast.officer)
    assert DisciplineCase.objects.filter(complaint=complaint).count() == 1


def test_empty_allegations_are_refused(program, cast, holder_credential) -> None:
    complaint = conduct(program, cast, number=holder_credential.number)
    before = complaint.events.count()
    with pytest.raises(ValidationError):
        open_case_from_complaint(complaint, by=cast.officer, allegations="  ")
    assert not DisciplineCase.objects.exists() and complaint.events.count() == before


def test_only_an_officer_opens_the_case(program, cast, holder_credential) -> None:
    complaint = conduct(program, cast, number=holder_credential.number)
    with pytest.raises(PermissionDenied):
        open_case_from_complaint(complaint, by=cast.manager, allegations=ALLEGATIONS)
    assert not DisciplineCase.objects.exists()


def test_the_complaint_page_opens_the_case(client, program, cast, holder_credential) -> None:
    complaint = conduct(program, cast, number=holder_credential.number)
    page = reverse("complaints:staff-complaint", args=[complaint.reference])
    client.force_login(cast.officer)
    assert "Open the case" in client.get(page).content.decode()
    url = reverse("complaints:open-case", args=[complaint.reference])
    assert client.post(url, {"case-allegations": ""}).status_code == 400
    assert client.post(url, {"case-allegations": ALLEGATIONS}).status_code == 302
    case = DisciplineCase.objects.get(complaint=complaint)
    html = client.get(page).content.decode()
    assert case.reference in html and "Open the case" not in html
    client.force_login(cast.manager)
    assert client.post(url, {"case-allegations": ALLEGATIONS}).status_code == 403


def test_the_case_and_the_complaint_link_to_each_other(
    client, program, cast, holder_credential
) -> None:
    complaint = conduct(program, cast, number=holder_credential.number)
    case = open_case_from_complaint(complaint, by=cast.officer, allegations=ALLEGATIONS)
    complaint_page = reverse("complaints:staff-complaint", args=[complaint.reference])
    case_page = reverse("discipline:case", args=[case.reference])
    client.force_login(cast.officer)
    assert f'href="{case_page}"' in client.get(complaint_page).content.decode()
    html = client.get(case_page).content.decode()
    assert f'<a href="{complaint_page}">{complaint.reference}</a> (under investigation)' in html


def test_a_panel_member_sees_the_complaint_s_reference_but_no_link(
    client, program, cast, holder_credential
) -> None:
    """The case's hearing panel reads the case, not the complaint file (a complainant's name
    and address are for complaint handlers)."""
    complaint = conduct(program, cast, number=holder_credential.number)
    case = open_case_from_complaint(complaint, by=cast.officer, allegations=ALLEGATIONS)
    discipline.send_notice(case, by=cast.officer)
    discipline.respond(case, by=cast.candidate, response="I met every client.", documents=[])
    case = discipline.open_hearing(case, by=cast.officer)
    member = panel_member("robin")
    discipline.seat(case, member, by=cast.officer, chair=True)
    client.force_login(member)
    html = client.get(reverse("discipline:case", args=[case.reference])).content.decode()
    complaint_page = reverse("complaints:staff-complaint", args=[complaint.reference])
    assert complaint.reference in html and complaint_page not in html
    assert client.get(complaint_page).status_code in (403, 404)
