import datetime

import factory

from hallmark.certification.data import AwardKind, EventKind
from hallmark.certification.models import Credential, CredentialEvent, CredentialSerial

from factories.programs import ProgramFactory, UserFactory


class CredentialSerialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CredentialSerial

    program = factory.SubFactory(ProgramFactory)


class CredentialFactory(factory.django.DjangoModelFactory):
    """A bare credential row; use services.issue_credential for one with its history."""

    class Meta:
        model = Credential

    number = factory.Sequence(lambda n: f"PX-{n:06d}-00")
    holder = factory.SubFactory(UserFactory)
    holder_name = factory.LazyAttribute(lambda o: o.holder.legal_name)
    program = factory.SubFactory(ProgramFactory)
    kind = AwardKind.CERTIFICATION
    issued_on = datetime.date(2026, 1, 15)
    expires_on = datetime.date(2029, 1, 15)


class CredentialEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CredentialEvent

    credential = factory.SubFactory(CredentialFactory)
    sequence = 1
    kind = EventKind.ISSUED
    occurred_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)
    )
    hash = factory.Sequence(lambda n: f"{n:064x}")
