import pytest
from django.urls import reverse

from hallmark.itembank.data import ItemStatus
from hallmark.programs.models import Blueprint, BlueprintCompetencyMinimum, Competency

from factories import BlueprintFactory

pytestmark = pytest.mark.django_db
URL = reverse("itembank:health")


def test_it_compares_usable_items_with_n_forms_and_highlights_shortfalls(
    client, cast, program, make_item
) -> None:
    outline = program.current_outline()
    blueprint = BlueprintFactory(outline=outline, scored_length=5)  # 40/60 → 2 and 3 items
    BlueprintCompetencyMinimum.objects.create(
        blueprint=blueprint, competency=Competency.objects.get(domain__outline=outline, code="2.1"),
        minimum_items=1,
    )  # fmt: skip
    for _ in range(4):
        make_item(ItemStatus.APPROVED, competency="1.1")
    make_item(ItemStatus.OPERATIONAL, competency="2.2")
    make_item(ItemStatus.PRETEST, competency="2.1")  # pretest items are not yet usable
    make_item(ItemStatus.DRAFT, competency="2.1")
    client.force_login(cast.writer)
    page = client.get(URL, {"program": "TST", "forms_needed": "2"}).content.decode()
    assert "2 forms need 2 times as many distinct items" in page
    rows = page.split("<tbody>", 1)[1]
    domain_1 = rows.split('<th scope="row">1. ', 1)[1].split("</tr>", 1)[0]
    assert "<td>4</td><td>0</td><td>0</td><td>4</td>\n      <td>4</td>" in domain_1
    assert "Short by" not in domain_1
    domain_2 = rows.split('<th scope="row">2. ', 1)[1].split("</tr>", 1)[0]
    assert "Short by 5" in domain_2  # needs 6, has 1 usable
    competency_21 = rows.split("</span>2.1 ", 1)[1].split("</tr>", 1)[0]
    assert "Short by 2" in competency_21  # minimum 1 per form, 0 usable
    assert "2 rows fall short." in page


def test_without_a_blueprint_nothing_is_needed(client, cast, program) -> None:
    assert not Blueprint.objects.exists()
    client.force_login(cast.psychometrician)
    page = client.get(URL, {"program": "TST"}).content.decode()
    assert "The current outline has no blueprint yet." in page and "No shortfall." in page


@pytest.mark.parametrize("who", ["candidate", "proctor", "panelist", "outsider"])
def test_outsiders_get_403(client, cast, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 403


def test_a_missing_program_is_404(client, cast) -> None:
    client.force_login(cast.manager)
    assert client.get(URL, {"program": "NOPE"}).status_code == 404
