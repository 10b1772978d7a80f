"""The demo's complaints: one about the body, closed with a corrective action done; one about a
certificant's conduct, in scope, linked to their credential, which became a discipline case."""

import pytest

from hallmark.accounts import demo as accounts_demo
from hallmark.accounts.data import DeliveryStatus
from hallmark.accounts.models import SentMessage
from hallmark.certification import demo
from hallmark.certification.complaints.data import ComplaintStatus, Scope
from hallmark.certification.models import Complaint, IssuerKey
from hallmark.programs import demo as programs_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines() -> list[str]:
    IssuerKey.objects.all().delete()
    accounts_demo.seed()
    programs_demo.seed()
    return demo.seed()


def test_the_demo_has_a_closed_complaint_about_the_body_and_one_that_became_a_case(
    lines,
) -> None:
    body, conduct = Complaint.objects.order_by("received_at")
    assert (body.status, body.scope, body.about_certificant) == (
        ComplaintStatus.CLOSED,
        Scope.IN_SCOPE,
        False,
    )
    action = body.corrective_actions.get()
    assert action.is_done and action.verification
    assert conduct.status == ComplaintStatus.INVESTIGATING and conduct.about_certificant
    assert conduct.credential.holder.email == "sam.ortiz@example.org"
    case = conduct.discipline_case
    assert (case.source, case.source_reference) == ("complaint", conduct.reference)
    assert conduct.events.last().text == case.reference
    complaint_lines = [line for line in lines if line.startswith("complaint ")]
    assert complaint_lines == [
        f"complaint {body.reference}: about us (support unreachable in a testing window), "
        "closed with 1 corrective action done and verified; officer@example.org at "
        "http://127.0.0.1:8000/complaints/staff/, the public form at "
        "http://127.0.0.1:8000/complaints/",
        f"complaint {conduct.reference}: about a certificant's conduct (Sam Ortiz), in scope, "
        f"became discipline case {case.reference}",
    ]
    messages = SentMessage.objects.filter(
        to__in=["jamie.fletcher@example.org", "karen.walsh@example.org"]
    )
    assert messages.count() == 3  # two acknowledgements and one outcome
    assert set(messages.values_list("status", flat=True)) == {DeliveryStatus.RECORDED_ONLY}


def test_seeding_again_adds_no_complaint(lines) -> None:
    before = list(Complaint.objects.values_list("reference", "status"))
    demo.seed()
    assert list(Complaint.objects.values_list("reference", "status")) == before
