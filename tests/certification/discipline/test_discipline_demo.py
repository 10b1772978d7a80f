"""The demo's discipline case: opened from a complaint about the certificant's conduct, heard by
three, ended in a suspension for a period that the registry discloses; seeded once."""

import pytest

from hallmark.accounts import demo as accounts_demo
from hallmark.certification import demo
from hallmark.certification.audit import chain_problem
from hallmark.certification.models import DisciplineCase, IssuerKey
from hallmark.certification.registry import RegistryEntry
from hallmark.programs import demo as programs_demo

pytestmark = pytest.mark.django_db


def test_the_demo_case_ends_in_a_disclosed_suspension_and_is_seeded_once(client) -> None:
    IssuerKey.objects.all().delete()
    accounts_demo.seed()
    programs_demo.seed()
    lines = demo.seed()
    case = DisciplineCase.objects.get()
    assert case.complaint.about_certificant and case.complaint.credential == case.credential
    assert case.source_reference == case.complaint.reference
    assert (case.state, case.decision, case.panel.sitting().count()) == ("decided", "suspension", 3)
    entry = RegistryEntry.of(case.credential)
    assert entry.status == "suspended" and entry.sanction.startswith("Suspended (disciplinary")
    line = next(line for line in lines if line.startswith("discipline:"))
    assert case.reference in line and entry.sanction in line
    assert entry.sanction in client.get(f"/registry/{case.credential.number}/").content.decode()
    assert chain_problem(case.credential) is None
    demo.seed()
    assert DisciplineCase.objects.count() == 1
