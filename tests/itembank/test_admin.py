import pytest
from django.urls import reverse

from hallmark.itembank.data import ItemStatus

pytestmark = pytest.mark.django_db


def test_the_admin_lists_items_without_keys_and_changes_nothing(client, cast, make_item) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    client.force_login(cast.manager)
    page = client.get(reverse("admin:itembank_item_changelist")).content.decode()
    assert item.identifier in page
    assert "animal shelter" not in page and "keys" not in page.lower().split("<table", 1)[1]
    change = client.get(reverse("admin:itembank_item_change", args=[item.pk])).content.decode()
    assert 'name="status"' not in change and f"/items/{item.pk}/" in change
    assert client.get(reverse("admin:itembank_item_add")).status_code == 403
    assert client.post(reverse("admin:itembank_item_delete", args=[item.pk])).status_code == 403


def test_the_access_log_is_for_managers(client, cast) -> None:
    url = reverse("admin:itembank_itemaccesslog_changelist")
    client.force_login(cast.manager)
    assert client.get(url).status_code == 200
    client.force_login(cast.psychometrician)
    assert client.get(url).status_code == 403


def test_the_item_list_links_to_the_item_bank_pages(client, cast) -> None:
    client.force_login(cast.writer)
    page = client.get(reverse("admin:itembank_item_changelist")).content.decode()
    assert 'href="/items/"' in page


def test_statistics_added_in_the_admin_go_through_the_service(client, cast, make_item) -> None:
    from hallmark.itembank.models import ItemStatistics

    version = make_item(ItemStatus.OPERATIONAL).current_version
    url = reverse("admin:itembank_itemstatistics_add")
    data = {
        "version": version.pk,
        "administration": "2025 spring",
        "administered_on": "2025-05-31",
        "n": "350",
        "p": "0.64",
        "point_biserial": "0.28",
        "irt_model": "2PL",
        "a": "1.1",
        "b": "-0.3",
    }
    client.force_login(cast.writer)
    assert client.post(url, data).status_code == 403
    client.force_login(cast.psychometrician)
    assert client.post(url, data).status_code == 302
    saved = ItemStatistics.objects.get()
    assert saved.recorded_by == cast.psychometrician and saved.p == 0.64
