"""Every edit makes a new version; a version, once written, never changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.itembank import services
from hallmark.itembank.data import ItemStatus
from hallmark.itembank.models import Item, ItemEvent, ItemVersion
from hallmark.lib.immutable import ImmutableError

pytestmark = pytest.mark.django_db


def test_an_edit_makes_a_new_version_and_keeps_the_old_one(make_item, cast, new_content) -> None:
    item = make_item()
    first = item.current_version
    services.revise_item(item, new_content(stem="<p>Reworded?</p>"), cast.writer, "Shorter stem")
    item = Item.objects.get(pk=item.pk)
    assert item.current_version.number == 2
    assert item.current_version.stem == "<p>Reworded?</p>"
    assert item.current_version.change_note == "Shorter stem"
    assert ItemVersion.objects.get(pk=first.pk).stem == first.stem
    assert ItemEvent.objects.filter(item=item, kind="revised").count() == 1


def test_an_edit_that_changes_nothing_makes_no_version(make_item, cast, new_content) -> None:
    item = make_item()
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.revise_item(item, new_content(), cast.writer)
    assert item.versions.count() == 1


def test_a_version_refuses_every_change(make_item) -> None:
    version = make_item(ItemStatus.OPERATIONAL).current_version
    version.keys = ["B"]
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        ItemVersion.objects.filter(pk=version.pk).update(keys=["B"])
    with pytest.raises(ImmutableError):
        version.delete()
    with pytest.raises(ImmutableError):
        ItemVersion.objects.filter(pk=version.pk).delete()
    assert ItemVersion.objects.get(pk=version.pk).keys == ["A"]


@pytest.mark.parametrize(
    "status",
    [ItemStatus.SUBMITTED, ItemStatus.IN_REVIEW, ItemStatus.APPROVED, ItemStatus.OPERATIONAL],
)
def test_items_past_the_draft_cannot_be_edited(make_item, cast, new_content, status) -> None:
    item = make_item(status)
    with pytest.raises(ValidationError, match="only drafts and items that need revision"):
        services.revise_item(item, new_content(stem="<p>Changed</p>"), cast.manager)
    assert item.versions.count() == 1


def test_writers_edit_only_their_own_drafts_and_managers_any(make_item, cast, new_content) -> None:
    item = make_item()
    with pytest.raises(PermissionDenied):
        services.revise_item(item, new_content(stem="<p>x?</p>"), cast.reviewer)
    services.revise_item(item, new_content(stem="<p>By the manager?</p>"), cast.manager)
    version = Item.objects.get(pk=item.pk).current_version
    assert version.created_by == cast.manager


def test_rekeying_makes_a_new_version_with_several_keys(make_item, cast) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    first = item.current_version
    with pytest.raises(ValidationError, match="Say why"):
        services.rekey_item(item, ["A", "C"], cast.psychometrician, "")
    version = services.rekey_item(item, ["C", "A"], cast.psychometrician, "C defensible per SMEs")
    assert version.number == 2 and version.keys == ["A", "C"]
    assert ItemVersion.objects.get(pk=first.pk).keys == ["A"]
    assert Item.objects.get(pk=item.pk).status == ItemStatus.OPERATIONAL
    event = ItemEvent.objects.filter(item=item, kind="rekeyed").get()
    assert event.comment == "A → A, C. C defensible per SMEs"


@pytest.mark.parametrize("who", ["writer", "reviewer", "outsider"])
def test_only_psychometricians_and_managers_rekey(make_item, cast, who) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    with pytest.raises(PermissionDenied):
        services.rekey_item(item, ["B"], getattr(cast, who), "why")


def test_a_rekey_must_name_options_that_exist(make_item, cast) -> None:
    item = make_item(ItemStatus.PRETEST)
    with pytest.raises(ValidationError, match="key F is not among the options"):
        services.rekey_item(item, ["F"], cast.psychometrician, "why")
    with pytest.raises(ValidationError, match="already has the key"):
        services.rekey_item(item, ["A"], cast.psychometrician, "why")
    with pytest.raises(ValidationError, match="drafts are simply edited"):
        services.rekey_item(make_item(), ["B"], cast.psychometrician, "why")


def test_a_multiple_response_rekey_replaces_the_whole_key_set(make_item, cast) -> None:
    item = make_item(ItemStatus.OPERATIONAL, kind="multiple", select=2, keys=("A", "C"))
    with pytest.raises(ValidationError, match="give exactly 2 keys"):
        services.rekey_item(item, ["A", "B", "C"], cast.psychometrician, "why")
    version = services.rekey_item(item, ["D", "A"], cast.psychometrician, "D, not C, per SMEs")
    assert version.keys == ["A", "D"] and version.kind == "multiple" and version.select == 2
