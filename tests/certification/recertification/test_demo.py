"""The demo's certificants stand at each point of recertification, and seeding twice changes
nothing."""

import pytest

from hallmark.accounts import demo as accounts_demo
from hallmark.accounts.data import DeliveryStatus
from hallmark.certification import demo
from hallmark.certification.data import (
    CredentialEventKind,
    CredentialStatus,
    CycleOutcome,
    Phase,
    RenewalStatus,
)
from hallmark.certification.models import Credential, IssuerKey, Notice, ProviderCourse
from hallmark.certification.recertification import renewals
from hallmark.programs import demo as programs_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    IssuerKey.objects.all().delete()
    accounts_demo.seed()
    programs_demo.seed()
    return demo.seed()


def _at(email: str) -> tuple[Credential, Phase | None]:
    credential = Credential.objects.get(holder__email=email)
    cycle = renewals.current_cycle(credential)
    return credential, cycle.dates().phase(credential.program.today()) if cycle else None


def test_the_certificants_stand_at_each_point(seeded) -> None:
    assert _at("priya.raman@example.org")[1] == Phase.BEFORE_WINDOW
    jamal, phase = _at("jamal.ortiz@example.org")
    assert phase == Phase.WINDOW_OPEN
    jamal_progress = renewals.cycle_progress(renewals.current_cycle(jamal))
    assert (jamal_progress.counted, jamal_progress.pending) == (15, 12)
    hannah, phase = _at("hannah.kowalski@example.org")
    assert phase == Phase.WINDOW_OPEN
    hannah_progress = renewals.cycle_progress(renewals.current_cycle(hannah))
    assert hannah_progress.met and hannah_progress.counted == 39
    luis, _ = _at("luis.fernandez@example.org")
    assert renewals.current_cycle(luis).open_renewal().status == RenewalStatus.AUDIT
    mei, phase = _at("mei.chen@example.org")
    assert (mei.status, phase) == (CredentialStatus.EXPIRED, Phase.GRACE)
    samuel, phase = _at("samuel.adeyemi@example.org")
    assert (samuel.status, phase) == (CredentialStatus.EXPIRED, Phase.REINSTATEMENT)
    assert samuel.events.filter(kind=CredentialEventKind.GRACE_ENDED).exists()
    olivia, phase = _at("olivia.brooks@example.org")
    assert olivia.status == CredentialStatus.ACTIVE
    assert [c.outcome for c in olivia.cycles.order_by("sequence")] == [
        CycleOutcome.RENEWED,
        CycleOutcome.OPEN,
    ]
    assert olivia.events.filter(kind=CredentialEventKind.REINSTATED).exists()
    assert ProviderCourse.objects.filter(code__isnull=False).count() == 1
    assert ProviderCourse.objects.filter(code__isnull=True).count() == 1
    assert set(Notice.objects.values_list("status", flat=True)) == {DeliveryStatus.RECORDED_ONLY}
    assert any("recertification: 7 certificants" in line for line in seeded)


def test_seeding_again_changes_nothing(seeded) -> None:
    counts = (
        Credential.objects.count(),
        Notice.objects.count(),
        ProviderCourse.objects.count(),
        sum(c.events.count() for c in Credential.objects.all()),
    )
    demo.seed()
    assert counts == (
        Credential.objects.count(),
        Notice.objects.count(),
        ProviderCourse.objects.count(),
        sum(c.events.count() for c in Credential.objects.all()),
    )
