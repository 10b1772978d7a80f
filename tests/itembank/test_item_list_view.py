import datetime

import pytest
from django.urls import reverse

from hallmark.itembank.data import AccessKind, ItemStatus
from hallmark.itembank.models import ItemAccessLog

from factories import ItemStatisticsFactory

pytestmark = pytest.mark.django_db
URL = reverse("itembank:list")


@pytest.mark.parametrize("who", ["candidate", "proctor", "panelist", "officer", "outsider"])
def test_people_without_an_item_role_get_403(client, cast, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_it_filters_counts_and_logs_the_bulk_view(client, cast, make_item, program) -> None:
    make_item(competency="1.2", cognitive_level="recall")
    wanted = make_item(ItemStatus.OPERATIONAL, competency="2.1")
    make_item(ItemStatus.APPROVED, competency="2.2")
    client.force_login(cast.writer)
    page = client.get(URL, {"program": "TST", "domain": "2"}).content.decode()
    assert "2 items" in page and "Approved 1 · Operational 1" in page
    assert wanted.identifier in page and "TST-00001" not in page
    page = client.get(URL, {"program": "TST", "status": "operational"}).content.decode()
    assert "1 item<" in page
    page = client.get(URL, {"program": "TST", "cognitive_level": "recall"}).content.decode()
    assert "TST-00001" in page and wanted.identifier not in page
    log = ItemAccessLog.objects.filter(kind=AccessKind.BULK_VIEW, actor=cast.writer).first()
    assert log.identifiers == ["TST-00001"] and "cognitive_level=recall" in log.what


def test_statistics_filters_are_for_those_who_see_statistics(client, cast, make_item) -> None:
    easy = make_item(ItemStatus.OPERATIONAL)
    hard = make_item(ItemStatus.OPERATIONAL)
    ItemStatisticsFactory(version=easy.current_version, p=0.9, b=-1.5)
    ItemStatisticsFactory(
        version=hard.current_version, p=0.3, b=1.2, administered_on=datetime.date(2025, 3, 1)
    )
    client.force_login(cast.psychometrician)
    page = client.get(URL, {"program": "TST", "p_max": "0.5"}).content.decode()
    assert hard.identifier in page and easy.identifier not in page
    page = client.get(URL, {"program": "TST", "used_after": "2025-01-01"}).content.decode()
    assert hard.identifier in page and easy.identifier not in page
    client.force_login(cast.writer)
    page = client.get(URL, {"program": "TST", "p_max": "0.5"}).content.decode()
    assert 'name="p_max"' not in page and easy.identifier in page


def test_the_list_never_shows_keys(client, cast, make_item) -> None:
    make_item(ItemStatus.OPERATIONAL)
    client.force_login(cast.manager)
    page = client.get(URL, {"program": "TST"}).content.decode()
    assert "(key)" not in page and "Arrange time at a local animal shelter" not in page
