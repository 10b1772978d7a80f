import pytest
from django.urls import reverse

from hallmark.itembank import services

pytestmark = pytest.mark.django_db


def test_two_versions_side_by_side(client, cast, make_item, new_content) -> None:
    item = make_item()
    services.revise_item(
        item,
        new_content(stem="<p>A job seeker wants to work outdoors. What first?</p>"),
        cast.writer,
        "Outdoors instead of animals",
    )
    client.force_login(cast.reviewer)
    page = client.get(reverse("itembank:diff", args=[item.pk])).content.decode()
    assert "version 1 and version 2" in page
    assert '<del><span class="visually-hidden">removed: </span>with animals.</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>outdoors.</ins>' in page
    assert "Key</th>" in page  # reviewers see keys
    client.force_login(make_other_writer())
    assert "Key</th>" not in client.get(reverse("itembank:diff", args=[item.pk])).content.decode()


def make_other_writer():
    from hallmark.accounts.data import Role

    from factories import UserFactory

    return UserFactory(roles=[Role.ITEM_WRITER])


def test_missing_items_and_versions_are_404_and_outsiders_403(client, cast, make_item) -> None:
    item = make_item()
    client.force_login(cast.manager)
    assert client.get(reverse("itembank:diff", args=[999999])).status_code == 404
    assert client.get(reverse("itembank:diff", args=[item.pk]) + "?from=5").status_code == 404
    client.force_login(cast.outsider)
    assert client.get(reverse("itembank:diff", args=[item.pk])).status_code == 403
