"""Classifying items imported without a competency: a new version each, checked first."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.itembank import services, transfer
from hallmark.itembank.models import Item
from itembank.qti_packages import PNG, SINGLE, package
from itembank.test_round_trip import second_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def unclassified(program, cast) -> Item:
    files = {"items/accommodation-1.xml": SINGLE, "items/images/sign.png": PNG}
    [item] = transfer.import_items(program, package(files), "qti", cast.writer)
    return item


def test_an_unclassified_item_gets_its_competency_in_a_new_version(
    program, cast, unclassified
) -> None:
    current = services.outline_competencies(program)
    assert services.needs_reclassification(program) == {None: [unclassified]}
    assert services.classify(program, {unclassified: current["2.1"]}, cast.manager) == 1
    item = Item.objects.get(pk=unclassified.pk)
    assert item.current_version.number == 2 and item.current_version.competency.code == "2.1"
    assert item.current_version.stem == item.versions.get(number=1).stem
    assert services.needs_reclassification(program) == {}


def test_classifying_is_refused_for_writers_classified_items_and_other_outlines(
    program, cast, unclassified, make_item
) -> None:
    current = services.outline_competencies(program)
    with pytest.raises(PermissionDenied):
        services.classify(program, {unclassified: current["1.1"]}, cast.writer)
    with pytest.raises(ValidationError, match="is not an unclassified item"):
        services.classify(program, {make_item(): current["1.1"]}, cast.manager)
    foreign = services.outline_competencies(second_program())["1.1"]
    with pytest.raises(ValidationError, match="is not a competency of"):
        services.classify(program, {unclassified: foreign}, cast.manager)
    assert Item.objects.get(pk=unclassified.pk).current_version.number == 1
