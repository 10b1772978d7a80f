"""The access record: who opened confidential records, kept append-only and shown to the
credentialing officer alone."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import AccessRecord, AccessRecordError
from hallmark.accounts.services import record_access

pytestmark = pytest.mark.django_db


def opened(cast, reason: str = "staff review") -> AccessRecord:
    request = RequestFactory().get("/x/", REMOTE_ADDR="198.51.100.4")
    request.user = cast.officer
    return record_access(
        request,
        AccessRecordKind.EVIDENCE,
        cast.candidate,  # any record will do
        what="evidence 1 (diploma.pdf)",
        reason=reason,
        person_id=cast.candidate.pk,
    )


def test_it_records_who_what_whose_why_and_from_where(cast) -> None:
    record = opened(cast)
    assert (record.who, record.person, record.kind) == (
        cast.officer,
        cast.candidate,
        AccessRecordKind.EVIDENCE,
    )
    assert (record.object_type, record.object_id) == ("accounts.user", str(cast.candidate.pk))
    assert (record.reason, record.address) == ("staff review", "198.51.100.4")
    assert record.at is not None


def test_a_reason_is_required(cast) -> None:
    with pytest.raises(Exception, match="Say why"):
        opened(cast, reason="  ")
    assert not AccessRecord.objects.exists()


def test_it_is_append_only(cast) -> None:
    record = opened(cast)
    record.reason = "something else"
    with pytest.raises(AccessRecordError):
        record.save()
    with pytest.raises(AccessRecordError):
        record.delete()
    with pytest.raises(AccessRecordError):
        AccessRecord.objects.filter(pk=record.pk).update(reason="x")
    with pytest.raises(AccessRecordError):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get().reason == "staff review"


def test_the_officer_sees_and_filters_the_record_read_only(client, cast) -> None:
    record = opened(cast)
    client.force_login(cast.officer)
    listing = reverse("admin:accounts_accessrecord_changelist")
    page = client.get(listing, {"kind__exact": "evidence"}).content.decode()
    assert "evidence 1 (diploma.pdf)" in page and "198.51.100.4" in page
    assert "evidence 1" not in client.get(listing, {"kind__exact": "item"}).content.decode()
    change = reverse("admin:accounts_accessrecord_change", args=[record.pk])
    assert client.get(change).status_code == 200
    client.post(change, {"reason": "rewritten"})
    delete = reverse("admin:accounts_accessrecord_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessRecord.objects.get().reason == "staff review"


@pytest.mark.parametrize(
    "who", ["manager", "writer", "reviewer", "psychometrician", "panelist", "proctor", "candidate"]
)
def test_other_roles_do_not_see_it(client, cast, who) -> None:
    opened(cast)
    client.force_login(getattr(cast, who))
    assert client.get(reverse("admin:accounts_accessrecord_changelist")).status_code in (302, 403)
