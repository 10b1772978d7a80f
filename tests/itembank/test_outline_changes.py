"""Item writers see what a new outline version changed, and what a draft in progress would
change, with the open items each change touches."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hallmark.programs.changes import outline_changes
from hallmark.programs.models import Competency, Domain
from hallmark.programs.services import new_outline_version, publish_outline

pytestmark = pytest.mark.django_db
URL = reverse("itembank:outline")


def _next_version(program):
    """v2 of the TST outline: 1.2 reworded, 1.3 dropped, 2.4 added, weights 45/55."""
    draft = new_outline_version(program.current_outline())
    Competency.objects.filter(domain__outline=draft, code="1.2").update(statement="Reworded.")
    Competency.objects.filter(domain__outline=draft, code="1.3").delete()
    two = draft.domains.get(code="2")
    Competency.objects.create(domain=two, code="2.4", statement="A new task.", order=4)
    Domain.objects.filter(outline=draft, code="1").update(weight=Decimal(45))
    Domain.objects.filter(outline=draft, code="2").update(weight=Decimal(55))
    return draft


def test_changes_are_matched_by_code(program) -> None:
    v1 = program.current_outline()
    v2 = _next_version(program)
    changes = outline_changes(v1, v2)
    assert [c.code for c in changes.added] == ["2.4"]
    assert [(r.new.code, r.what) for r in changes.changed] == [("1.2", ["statement"])]
    assert [c.code for c in changes.dropped] == ["1.3"]
    assert [(code, old, new) for code, _, old, new in changes.weights] == [
        ("1", Decimal(40), Decimal(45)),
        ("2", Decimal(60), Decimal(55)),
    ]
    assert not outline_changes(v1, v1).any


def test_writers_see_the_draft_then_the_published_changes_with_the_items_they_touch(
    client, cast, program, make_item
) -> None:
    make_item(competency="1.3")
    make_item(competency="1.2")
    v2 = _next_version(program)
    client.force_login(cast.writer)
    page = client.get(URL, {"program": "TST"}).content.decode()
    assert "is the first published version" in page
    assert f"In the draft {v2}" in page and "Not yet in force" in page
    assert "A new task." in page and "<del>" in page and "Reworded." in page
    assert "to reclassify or retire" in page and "Reclassify items" not in page

    publish_outline(v2, by=None)
    page = client.get(URL, {"program": "TST"}).content.decode()
    assert f"Items are written to <strong>{v2}</strong>" in page
    assert "Since the version before" in page and "to reclassify or retire" in page
    assert "In the draft" not in page
    client.force_login(cast.manager)
    page = client.get(URL, {"program": "TST"}).content.decode()
    assert "Reclassify items to" in page


@pytest.mark.parametrize("who", ["candidate", "outsider"])
def test_people_outside_the_item_bank_are_refused(client, cast, program, who) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(URL, {"program": "TST"}).status_code == 403
