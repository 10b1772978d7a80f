"""The workflow buttons on an item's page: each goes through its service."""

import pytest
from django.urls import reverse

from hallmark.itembank.data import ItemStatus
from hallmark.itembank.models import Item

pytestmark = pytest.mark.django_db


def step(item, action: str) -> str:
    return reverse("itembank:transition", args=[item.pk, action])


def test_the_author_submits_from_the_page(client, cast, make_item) -> None:
    item = make_item()
    client.force_login(cast.writer)
    assert (
        "Submit for review"
        in client.get(reverse("itembank:detail", args=[item.pk])).content.decode()
    )
    client.post(step(item, "submit"), {"comment": "Please check option C."})
    item = Item.objects.get(pk=item.pk)
    assert item.status == ItemStatus.SUBMITTED
    assert item.events.last().comment == "Please check option C."


def test_a_psychometrician_promotes_and_retires(client, cast, make_item) -> None:
    item = make_item(ItemStatus.APPROVED)
    client.force_login(cast.psychometrician)
    client.post(step(item, "pretest"))
    client.post(step(item, "operational"))
    assert Item.objects.get(pk=item.pk).status == ItemStatus.OPERATIONAL
    response = client.post(step(item, "retire"), {"comment": ""}, follow=True)
    assert "Say why" in response.content.decode()
    client.post(step(item, "retire"), {"comment": "Outdated benefit rules."})
    assert Item.objects.get(pk=item.pk).status == ItemStatus.RETIRED


def test_steps_without_the_role_are_403_and_unknown_steps_404(client, cast, make_item) -> None:
    item = make_item(ItemStatus.APPROVED)
    client.force_login(cast.writer)
    assert client.post(step(item, "pretest")).status_code == 403
    assert client.post(step(item, "retire"), {"comment": "x"}).status_code == 403
    assert client.post(step(item, "approve")).status_code == 404
    client.force_login(cast.outsider)
    assert client.post(step(item, "submit")).status_code == 403
    client.force_login(cast.manager)
    assert client.post(reverse("itembank:transition", args=[999999, "submit"])).status_code == 404
    assert client.get(step(item, "pretest")).status_code == 405


def test_a_psychometrician_rekeys_from_the_page(client, cast, make_item) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    url = reverse("itembank:rekey", args=[item.pk])
    client.force_login(cast.psychometrician)
    assert "Right options" in client.get(url).content.decode()
    client.post(url, {"keys": ["A", "B"], "comment": "B is defensible; both score."})
    assert Item.objects.get(pk=item.pk).current_version.keys == ["A", "B"]
    client.force_login(cast.writer)
    assert client.get(url).status_code == 403


def test_enemies_are_set_by_identifier(client, cast, make_item) -> None:
    a, b = make_item(), make_item()
    client.force_login(cast.writer)
    url = reverse("itembank:enemies", args=[a.pk])
    response = client.post(url, {"enemies": "TST-404"}, follow=True)
    assert "TST has no item TST-404." in response.content.decode()
    client.post(url, {"enemies": b.identifier})
    assert list(a.enemies.all()) == [b]
    client.force_login(cast.reviewer)
    assert client.post(url, {"enemies": ""}).status_code == 403
