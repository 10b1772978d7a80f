"""A new outline version: items of vanished competencies are listed and mapped, not orphaned."""

import pytest
from django.core.exceptions import PermissionDenied

from hallmark.itembank import services
from hallmark.itembank.data import ItemStatus
from hallmark.itembank.models import Item
from hallmark.programs.models import Competency
from hallmark.programs.services import new_outline_version, publish_outline

pytestmark = pytest.mark.django_db


def next_outline(program, drop_code: str):
    draft = new_outline_version(program.current_outline())
    Competency.objects.filter(domain__outline=draft, code=drop_code).update(code="1.9")
    return publish_outline(draft, by=None)


def test_items_of_an_older_outline_are_listed_with_a_proposal(program, make_item, cast) -> None:
    kept = make_item(ItemStatus.OPERATIONAL, competency="1.2")
    gone = make_item(ItemStatus.APPROVED, competency="1.1")
    make_item(ItemStatus.RETIRED, competency="1.1")  # closed items need no new tag
    outline = next_outline(program, drop_code="1.1")
    groups = services.needs_reclassification(program)
    assert {c.code: [i.identifier for i in items] for c, items in groups.items()} == {
        "1.1": [gone.identifier],
        "1.2": [kept.identifier],
    }
    proposals = {
        old.code: new.code if new else None
        for old, new in services.proposed_mapping(program).items()
    }
    assert proposals == {"1.1": None, "1.2": "1.2"}

    current = services.outline_competencies(program)
    old = {c.code: c for c in groups}
    count = services.reclassify(
        program, {old["1.1"]: current["1.9"], old["1.2"]: current["1.2"]}, cast.manager
    )
    assert count == 2
    assert services.needs_reclassification(program) == {}
    gone = Item.objects.get(pk=gone.pk)
    assert gone.current_version.competency == current["1.9"]
    assert gone.current_version.competency.domain.outline == outline
    assert gone.current_version.number == 2 and gone.versions.first().competency.code == "1.1"
    assert gone.status == ItemStatus.APPROVED
    assert gone.events.filter(kind="reclassified").exists()


def test_only_managers_reclassify(program, make_item, cast) -> None:
    make_item(competency="1.1")
    next_outline(program, drop_code="1.1")
    with pytest.raises(PermissionDenied):
        services.reclassify(program, {}, cast.writer)
