"""The demo's appeal: a revoked certificant appeals, a panel of three votes, the chair upholds."""

import pytest

from hallmark.accounts import demo as accounts_demo
from hallmark.certification import demo
from hallmark.certification.data import AppealOutcome, AppealStatus, CredentialStatus
from hallmark.certification.models import Appeal, IssuerKey
from hallmark.programs import demo as programs_demo

pytestmark = pytest.mark.django_db


def test_the_demo_revocation_is_appealed_and_upheld_once():
    IssuerKey.objects.all().delete()
    accounts_demo.seed()
    programs_demo.seed()
    lines = demo.seed()
    appeal = Appeal.objects.get()
    assert appeal.appellant.email == "grace.liu@example.org"
    assert appeal.status == AppealStatus.DECIDED and appeal.outcome == AppealOutcome.UPHELD
    assert appeal.credential_event.credential.status == CredentialStatus.REVOKED
    seats = appeal.panel.sitting()
    assert seats.count() == 3 and seats.filter(vote=AppealOutcome.UPHELD).count() == 3
    assert seats.get(chair=True).reviewer.email == "panel@example.org"
    assert [line for line in lines if appeal.reference in line]
    demo.seed()
    assert Appeal.objects.count() == 1
