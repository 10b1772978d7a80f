import pytest
from django.urls import reverse

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import AccessRecord
from hallmark.itembank.data import ItemStatus

from factories import ItemStatisticsFactory

pytestmark = pytest.mark.django_db
KEY_TEXT = "Arrange time at a local animal shelter"
RATIONALE = "Discovery in a real setting comes first"


def url(item) -> str:
    return reverse("itembank:detail", args=[item.pk])


@pytest.mark.parametrize("who", ["candidate", "proctor", "panelist", "officer", "outsider"])
def test_people_without_an_item_role_get_403(client, cast, make_item, who) -> None:
    item = make_item()
    client.force_login(getattr(cast, who))
    assert client.get(url(item)).status_code == 403


def test_a_missing_item_is_404(client, cast) -> None:
    client.force_login(cast.manager)
    assert client.get(reverse("itembank:detail", args=[999999])).status_code == 404


def test_keys_and_rationales_only_for_those_who_need_them(client, cast, make_item) -> None:
    from hallmark.accounts.data import Role

    from factories import UserFactory

    item = make_item(ItemStatus.OPERATIONAL)
    for who in (cast.writer, cast.reviewer, cast.psychometrician, cast.manager):
        client.force_login(who)
        page = client.get(url(item)).content.decode()
        assert "(key)" in page and RATIONALE in page, who
    other_writer = UserFactory(roles=[Role.ITEM_WRITER])
    client.force_login(other_writer)
    page = client.get(url(item)).content.decode()
    assert KEY_TEXT in page  # the content, yes
    assert "(key)" not in page and RATIONALE not in page and "item-option-key" not in page


def test_statistics_show_the_latest_and_the_history(client, cast, make_item) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    ItemStatisticsFactory(version=item.current_version, administration="2023 fall", p=0.61)
    ItemStatisticsFactory(version=item.current_version, administration="2024 spring", p=0.66)
    client.force_login(cast.psychometrician)
    page = client.get(url(item)).content.decode()
    assert "the first row is the latest" in page and "0.610" in page and "0.660" in page
    client.force_login(cast.writer)
    assert "0.660" not in client.get(url(item)).content.decode()


def test_a_reviewer_sees_the_other_review_only_after_giving_theirs(
    client, cast, make_item, reviewer2
) -> None:
    from hallmark.itembank import services
    from hallmark.itembank.data import CHECKLIST_FIELDS

    item = make_item(ItemStatus.IN_REVIEW)
    services.record_review(item, cast.reviewer, "approve", dict.fromkeys(CHECKLIST_FIELDS, True))
    client.force_login(reviewer2)
    assert "Approve by" not in client.get(url(item)).content.decode()
    client.force_login(cast.reviewer)
    assert "Approve by" in client.get(url(item)).content.decode()
    client.force_login(cast.writer)
    assert "Approve by" in client.get(url(item)).content.decode()


def test_it_shows_versions_history_and_takes_comments(client, cast, make_item, new_content) -> None:
    from hallmark.itembank import services

    item = make_item()
    services.revise_item(item, new_content(stem="<p>Shorter?</p>"), cast.writer, "Shorter")
    client.force_login(cast.reviewer)
    response = client.post(reverse("itembank:comment", args=[item.pk]), {"body": "Looks fine."})
    assert response.status_code == 302
    page = client.get(url(item)).content.decode()
    assert "Compare with version 1" in page and "Looks fine." in page and "Revised" in page
    client.force_login(cast.outsider)
    assert (
        client.post(reverse("itembank:comment", args=[item.pk]), {"body": "x"}).status_code == 403
    )


def test_every_item_view_is_recorded_and_says_whether_the_key_was_shown(
    client, cast, make_item
) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    client.force_login(cast.psychometrician)
    client.get(url(item))
    client.force_login(cast.panelist)
    client.get(url(item))  # refused: nothing opened, nothing recorded
    from hallmark.accounts.data import Role

    from factories import UserFactory

    other_writer = UserFactory(roles=[Role.ITEM_WRITER])
    client.force_login(other_writer)
    client.get(url(item))
    records = list(AccessRecord.objects.order_by("pk"))
    assert [(r.who, r.kind) for r in records] == [
        (cast.psychometrician, AccessRecordKind.ITEM_KEY),
        (other_writer, AccessRecordKind.ITEM),
    ]
    assert all(item.identifier in r.what and "item's page" in r.reason for r in records)
    assert records[0].object_id == str(item.pk) and "with its key" in records[0].reason
