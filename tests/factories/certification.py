import datetime
import secrets

import factory
from django.utils import timezone

from hallmark.certification.data import AwardKind, CredentialEventKind, DecisionStatus, KeySource
from hallmark.certification.issuer import issuer_id
from hallmark.certification.keys import encrypt_secret
from hallmark.certification.models import (
    CertificationDecision,
    Credential,
    CredentialDocument,
    CredentialEvent,
    CredentialSerial,
    IssuerKey,
    StatusEntry,
    StatusList,
)
from hallmark.credentials import generate_key_pair

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
    kind = CredentialEventKind.ISSUED
    occurred_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 1, 15, 12, tzinfo=datetime.UTC)
    )
    hash = factory.Sequence(lambda n: f"{n:064x}")


class IssuerKeyFactory(factory.django.DjangoModelFactory):
    """A stored signing key (`services.create_issuer_key` makes the real one)."""

    class Meta:
        model = IssuerKey

    class Params:
        pair = factory.LazyFunction(lambda: generate_key_pair(issuer_id()))

    controller = factory.LazyAttribute(lambda o: o.pair.controller)
    verification_method = factory.LazyAttribute(lambda o: o.pair.verification_method_id)
    public_multibase = factory.LazyAttribute(lambda o: o.pair.public_multibase)
    source = KeySource.STORED
    encrypted_secret = factory.LazyAttribute(lambda o: encrypt_secret(o.pair.private_multibase))


class StatusListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusList

    seed = factory.LazyFunction(lambda: secrets.token_hex(16))


class StatusEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusEntry

    credential = factory.SubFactory(CredentialFactory)
    status_list = factory.SubFactory(StatusListFactory)
    index = factory.Sequence(lambda n: n)


class CredentialDocumentFactory(factory.django.DjangoModelFactory):
    """A document row; `services.issue_credential` signs real ones."""

    class Meta:
        model = CredentialDocument

    credential = factory.SubFactory(CredentialFactory)
    document = factory.LazyAttribute(lambda o: {"id": f"urn:hallmark:{o.credential.number}"})
    signed_with = factory.SubFactory(IssuerKeyFactory)
    issued_at = factory.LazyFunction(timezone.now)


class CertificationDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationDecision

    candidate = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    passed_on = datetime.date(2026, 5, 1)
    source = "Released result"
    status = DecisionStatus.PENDING
