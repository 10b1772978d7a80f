import pytest
from django.urls import reverse

from hallmark.itembank.models import Item
from hallmark.programs.models import Competency
from hallmark.programs.services import new_outline_version, publish_outline

pytestmark = pytest.mark.django_db
URL = reverse("itembank:reclassify")


def test_a_manager_maps_old_competencies_to_new_ones(client, cast, program, make_item) -> None:
    item = make_item(competency="1.1")
    draft = new_outline_version(program.current_outline())
    Competency.objects.filter(domain__outline=draft, code="1.1").update(code="1.7")
    publish_outline(draft, by=None)
    client.force_login(cast.manager)
    page = client.get(URL, {"program": "TST"}).content.decode()
    assert item.identifier in page and "Leave for now" in page
    old = Item.objects.get(pk=item.pk).current_version.competency
    client.post(URL + "?program=TST", {f"c{old.pk}": "1.7"})
    item = Item.objects.get(pk=item.pk)
    assert item.current_version.competency.code == "1.7"
    assert "Every open item is tagged to the current outline" in (
        client.get(URL, {"program": "TST"}).content.decode()
    )


@pytest.mark.parametrize("who", ["writer", "reviewer", "psychometrician", "outsider"])
def test_only_managers_reclassify(client, cast, program, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(URL, {"program": "TST"}).status_code == 403


def test_a_missing_program_is_404(client, cast) -> None:
    client.force_login(cast.manager)
    assert client.get(URL, {"program": "NOPE"}).status_code == 404
