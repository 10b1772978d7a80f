"""The review queue and the review form."""

import pytest
from django.urls import reverse

from hallmark.itembank.data import CHECKLIST_FIELDS, ItemStatus
from hallmark.itembank.models import Item

pytestmark = pytest.mark.django_db
QUEUE = reverse("itembank:reviews")


def approve(**changes) -> dict:
    return {
        **dict.fromkeys(CHECKLIST_FIELDS, "on"),
        "decision": "approve",
        "comment": "",
        **changes,
    }


def test_the_queue_lists_items_waiting_for_this_reviewer_never_their_own(
    client, cast, make_item
) -> None:
    from hallmark.accounts.data import Role

    from factories import UserFactory

    both = UserFactory(roles=[Role.ITEM_WRITER, Role.ITEM_REVIEWER])
    theirs = make_item(ItemStatus.SUBMITTED, author=both)
    others = make_item(ItemStatus.SUBMITTED)
    client.force_login(both)
    page = client.get(QUEUE).content.decode()
    assert f"Review {others.identifier}" in page and theirs.identifier not in page


def test_two_reviewers_approve_through_the_form(client, cast, make_item, reviewer2) -> None:
    item = make_item(ItemStatus.SUBMITTED)
    url = reverse("itembank:review", args=[item.pk])
    client.force_login(cast.reviewer)
    page = client.get(url).content.decode()
    assert "Key verified" in page and "(key)" in page
    assert client.post(url, approve()).status_code == 302
    page = client.get(QUEUE).content.decode()
    assert "Reviewed by you, waiting for another review (1)" in page
    client.force_login(reviewer2)
    client.post(url, approve())
    assert Item.objects.get(pk=item.pk).status == ItemStatus.APPROVED


def test_an_incomplete_checklist_is_refused_on_the_page(client, cast, make_item) -> None:
    item = make_item(ItemStatus.SUBMITTED)
    client.force_login(cast.reviewer)
    data = approve()
    del data["key_verified"]
    page = client.post(reverse("itembank:review", args=[item.pk]), data).content.decode()
    assert "not confirmed: Key verified" in page
    assert Item.objects.get(pk=item.pk).status == ItemStatus.SUBMITTED


def test_the_author_gets_403_on_the_review_of_their_own_item(client, cast, make_item) -> None:
    from hallmark.accounts.data import Role

    from factories import UserFactory

    both = UserFactory(roles=[Role.ITEM_WRITER, Role.ITEM_REVIEWER])
    item = make_item(ItemStatus.SUBMITTED, author=both)
    client.force_login(both)
    assert client.post(reverse("itembank:review", args=[item.pk]), approve()).status_code == 403


@pytest.mark.parametrize("who", ["writer", "psychometrician", "candidate", "outsider"])
def test_only_reviewers_reach_the_queue_and_the_form(client, cast, make_item, who) -> None:
    item = make_item(ItemStatus.SUBMITTED, author=cast.manager)
    client.force_login(getattr(cast, who))
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("itembank:review", args=[item.pk])).status_code == 403


def test_a_missing_item_is_404(client, cast) -> None:
    client.force_login(cast.reviewer)
    assert client.get(reverse("itembank:review", args=[999999])).status_code == 404
