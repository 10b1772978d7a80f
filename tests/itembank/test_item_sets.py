"""Case sets: created, their stimulus edited until an item is approved, items put in and out."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallmark.itembank import services
from hallmark.itembank.data import ItemEventKind, ItemStatus
from hallmark.itembank.models import Item, ItemSet

pytestmark = pytest.mark.django_db

STIMULUS = '<p class="case">Rosa, 34, has worked in a bakery and wants mornings only.</p>'


@pytest.fixture
def rosa(program, cast) -> ItemSet:
    return services.create_item_set(
        program, "CASE-ROSA", "Rosa's job search", STIMULUS, cast.writer
    )


def test_a_set_is_created_with_its_stimulus_sanitized(rosa) -> None:
    assert rosa.stimulus == "<p>Rosa, 34, has worked in a bakery and wants mornings only.</p>"
    assert rosa.title == "Rosa's job search"


def test_bad_sets_are_refused_by_field(program, cast, rosa) -> None:
    with pytest.raises(ValidationError) as refused:
        services.create_item_set(program, "CASE-2", "T", "<p>x</p><script>x</script>", cast.writer)
    assert refused.value.message_dict == {"stimulus": ["<script> is not allowed in a stimulus"]}
    with pytest.raises(ValidationError) as refused:
        services.create_item_set(program, "CASE-ROSA", "Again", "<p>x</p>", cast.writer)
    assert refused.value.message_dict == {"identifier": ["TST already has a case set CASE-ROSA"]}
    with pytest.raises(ValidationError) as refused:
        services.create_item_set(
            program, "CASE-2", " ", '<p><img src="a.png" alt="a"></p>', cast.writer
        )
    assert refused.value.message_dict == {
        "title": ["missing title"],
        "stimulus": [
            'image "a.png" is not attached to the case set: attach it from the set\'s page'
        ],
    }
    assert ItemSet.objects.count() == 1


def test_items_go_in_and_out_of_a_set_with_their_history(cast, make_item, rosa) -> None:
    item = make_item()
    services.place_in_set(item, rosa, cast.writer)
    assert Item.objects.get(pk=item.pk).item_set == rosa
    services.place_in_set(item, None, cast.writer)
    assert Item.objects.get(pk=item.pk).item_set is None
    events = item.events.filter(kind=ItemEventKind.SET).order_by("pk")
    assert [e.comment for e in events] == ["Put in CASE-ROSA", "Taken out of CASE-ROSA"]
    with pytest.raises(ValidationError, match="already in no case set"):
        services.place_in_set(item, None, cast.writer)


def test_only_drafts_change_sets(cast, make_item, rosa) -> None:
    approved = make_item(ItemStatus.APPROVED)
    with pytest.raises(ValidationError, match="only drafts and items that need revision"):
        services.place_in_set(approved, rosa, cast.manager)


def test_the_stimulus_stays_once_an_item_is_approved(cast, make_item, rosa) -> None:
    draft = make_item()
    services.place_in_set(draft, rosa, cast.writer)
    services.edit_item_set(rosa, "Rosa", "<p>Rosa wants mornings.</p>", cast.writer)
    assert ItemSet.objects.get(pk=rosa.pk).stimulus == "<p>Rosa wants mornings.</p>"
    assert draft.events.filter(comment="Stimulus of CASE-ROSA edited").exists()
    approved = make_item(ItemStatus.APPROVED)
    Item.objects.filter(pk=approved.pk).update(item_set=rosa)
    with pytest.raises(ValidationError) as refused:
        services.edit_item_set(rosa, "Rosa", "<p>Other.</p>", cast.writer)
    assert f"{approved.identifier} is approved or beyond" in refused.value.messages[0]
    assert ItemSet.objects.get(pk=rosa.pk).stimulus == "<p>Rosa wants mornings.</p>"


def test_the_set_pages(client, cast, program, make_item) -> None:
    client.force_login(cast.writer)
    create = reverse("itembank:set_create") + "?program=TST"
    page = client.post(create, {"identifier": "1 bad", "title": "T", "stimulus": "<p>S</p>"})
    assert "Identifier: &quot;1 bad&quot; must start with a letter" in page.content.decode()
    response = client.post(
        create, {"identifier": "CASE-ROSA", "title": "Rosa's job search", "stimulus": STIMULUS}
    )
    rosa = ItemSet.objects.get()
    assert response["Location"] == reverse("itembank:set", args=[rosa.pk])
    item = make_item()
    response = client.post(reverse("itembank:place_in_set", args=[item.pk]), {"item_set": rosa.pk})
    detail = client.get(reverse("itembank:detail", args=[item.pk])).content.decode()
    assert f'<a href="/items/sets/{rosa.pk}/">CASE-ROSA: Rosa&#x27;s job search</a>' in detail
    assert "Case: Rosa&#x27;s job search</h3>" in detail and "wants mornings only" in detail
    page = client.get(reverse("itembank:set", args=[rosa.pk])).content.decode()
    assert item.identifier in page and "Edit the title and stimulus" in page
    listing = client.get(reverse("itembank:sets") + "?program=TST").content.decode()
    assert "CASE-ROSA" in listing
    client.post(
        reverse("itembank:set_edit", args=[rosa.pk]),
        {"title": "Rosa", "stimulus": "<p>Rosa wants afternoons.</p>"},
    )
    assert ItemSet.objects.get().stimulus == "<p>Rosa wants afternoons.</p>"


def test_readers_cannot_create_or_edit_sets(client, cast, program, rosa) -> None:
    client.force_login(cast.reviewer)
    assert client.get(reverse("itembank:set", args=[rosa.pk])).status_code == 200
    assert client.get(reverse("itembank:set_create") + "?program=TST").status_code == 403
    assert client.get(reverse("itembank:set_edit", args=[rosa.pk])).status_code == 403
