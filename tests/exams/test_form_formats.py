"""A blueprint's minimum multiple-response and case items reach every assembled form."""

import datetime

import pytest

from hallmark.exams.forms import workflow
from hallmark.exams.forms.bank import bank_for
from hallmark.itembank.data import SELECT_ALL, ItemKind, ItemStatus
from hallmark.itembank.models import Item, ItemSet
from hallmark.programs.models import Competency

from factories import ItemFactory, ItemStatisticsFactory, form_bank

pytestmark = pytest.mark.django_db

# M1, M3 (domain 1) and M2 (domain 2) are multiple response; each case set holds one item of
# each domain. All of them inform little, so only the blueprint's minimums bring them in.
MULTIPLE = ["M1", "M2", "M3"]
CASES = {"case-1": ["Q001", "Q003"], "case-2": ["Q005", "Q007"]}


def _item(blueprint, name: str) -> Item:
    return Item.objects.get(identifier=f"{blueprint.outline.program.designation}-{name}")


def _weak(item: Item) -> None:
    ItemStatisticsFactory(
        version=item.current_version, a=0.3, b=2.5, administered_on=datetime.date(2025, 1, 1)
    )


@pytest.fixture
def blueprint(cast):
    blueprint = form_bank(operational=12, pretest=4, scored_length=4, pretest_length=1)
    program = blueprint.outline.program
    domain_of = {"M1": "1", "M2": "2", "M3": "1"}
    for name in MULTIPLE:
        competency = Competency.objects.filter(
            domain__outline=blueprint.outline, domain__code=domain_of[name]
        ).first()
        item = ItemFactory(
            program=program,
            identifier=f"{program.designation}-{name}",
            status=ItemStatus.OPERATIONAL,
            version__competency=competency,
            version__kind=ItemKind.MULTIPLE,
            version__select=SELECT_ALL,
            version__keys=["A", "B"],
        )
        _weak(item)
    for identifier, names in CASES.items():
        case = ItemSet.objects.create(
            program=blueprint.outline.program, identifier=identifier, title=identifier
        )
        for name in names:
            item = _item(blueprint, name)
            item.item_set = case
            item.save()
            _weak(item)
    return blueprint


def _formats(form) -> list[str]:
    out = []
    for row in form.items.filter(scored=True).select_related("item_version__item"):
        version = row.item_version
        out.append("case" if version.item.item_set_id else version.kind)
    return out


def _assemble(cast, blueprint):
    return workflow.assemble_draft_forms(
        blueprint.outline.program, blueprint, 2, by=cast.psychometrician, time_limit=10, seed=3
    )


def test_the_bank_gives_each_item_its_format(blueprint) -> None:
    bank = bank_for(blueprint.outline.program, blueprint)
    formats = dict(zip(bank.bank.item.tolist(), bank.bank.item_format.tolist(), strict=True))
    designation = blueprint.outline.program.designation
    assert {k for k, v in formats.items() if v == "multiple"} == {
        f"{designation}-{n}" for n in MULTIPLE
    }
    assert sorted(k for k, v in formats.items() if v == "case") == [
        f"{designation}-{n}" for n in ("Q001", "Q003", "Q005", "Q007")
    ]
    assert set(formats.values()) == {"single", "multiple", "case"}


def test_without_minimums_the_forms_leave_the_weak_formats_out(cast, blueprint) -> None:
    for form in _assemble(cast, blueprint):
        assert "item_formats" not in form.assembly_spec
        assert _formats(form) == ["single"] * 4


def test_every_form_meets_the_format_minimums(cast, blueprint) -> None:
    blueprint.minimum_multiple_response = 1
    blueprint.minimum_case_items = 2
    blueprint.save()
    forms = _assemble(cast, blueprint)
    for form in forms:
        assert form.assembly_spec["item_formats"] == {"multiple": {"min": 1}, "case": {"min": 2}}
        formats = _formats(form)
        assert formats.count("multiple") >= 1 and formats.count("case") == 2
        checks = {c["constraint"]: c for c in form.assembly_report["checks"]}
        assert checks["item format 'multiple'"]["ok"] and checks["item format 'case'"]["ok"]
