"""Assembly keeps a case set whole: a form takes all of its usable items or none, together."""

import datetime

import pytest

from hallmark.exams.forms import workflow
from hallmark.exams.forms.bank import bank_for, consecutive_sets
from hallmark.itembank.data import ItemStatus
from hallmark.itembank.models import Item, ItemSet

from factories import ItemStatisticsFactory, form_bank

pytestmark = pytest.mark.django_db

# Two items of each domain (Q001, Q005 in domain 1; Q003, Q007 in domain 2) share a stimulus.
MEMBERS = ["Q001", "Q003", "Q005", "Q007"]


@pytest.fixture
def blueprint(cast):
    blueprint = form_bank(operational=12, pretest=4, scored_length=6, pretest_length=1)
    program = blueprint.outline.program
    case = ItemSet.objects.create(
        program=program, identifier="case-1", title="Dana's first job", stimulus="<p>Dana</p>"
    )
    for name in MEMBERS:
        item = Item.objects.get(identifier=f"{program.designation}-{name}")
        item.item_set = case
        item.save()
        # very informative at the cut, so that the set is worth taking
        ItemStatisticsFactory(
            version=item.current_version, a=2.8, b=0.0, administered_on=datetime.date(2025, 1, 1)
        )
    return blueprint


def test_the_bank_names_each_items_case_set(blueprint) -> None:
    bank = bank_for(blueprint.outline.program, blueprint)
    sets = dict(zip(bank.bank.item.tolist(), bank.bank.set_id.tolist(), strict=True))
    program = blueprint.outline.program.designation
    assert {k for k, v in sets.items() if v == "case-1"} == {f"{program}-{m}" for m in MEMBERS}
    assert sum(1 for v in sets.values() if v == "") == 12


def test_forms_take_all_of_a_set_or_none_and_keep_it_together(cast, blueprint) -> None:
    program = blueprint.outline.program
    forms = workflow.assemble_draft_forms(
        program, blueprint, 2, by=cast.psychometrician, time_limit=10, seed=3
    )
    taken = 0
    for form in forms:
        rows = list(form.items.select_related("item_version__item").order_by("position"))
        in_set = [r.position for r in rows if r.item_version.item.item_set_id is not None]
        assert len(in_set) in (0, len(MEMBERS))
        if in_set:
            taken += 1
            assert in_set == list(range(in_set[0], in_set[0] + len(MEMBERS)))
    assert taken == 1  # the forms may share no more than a fifth of their items


def test_a_set_member_that_is_not_usable_leaves_the_rest_of_the_set(cast, blueprint) -> None:
    program = blueprint.outline.program
    retired = Item.objects.get(identifier=f"{program.designation}-Q007")
    retired.status = ItemStatus.RETIRED
    retired.save()
    bank = bank_for(program, blueprint)
    assert list(bank.bank.set_id).count("case-1") == 3


def test_a_sets_entries_follow_its_first_one() -> None:
    entries = ["a", "s1", "b", "s2", "c", "p", "s3"]
    sets = {"s1": "S", "s2": "S", "s3": "S"}
    assert consecutive_sets(entries, sets) == ["a", "s1", "s2", "s3", "b", "c", "p"]
