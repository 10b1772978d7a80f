import pytest
from django.core.exceptions import ValidationError

from hallmark.programs.models import Competency

from factories import (
    BlueprintCompetencyMinimumFactory,
    BlueprintFactory,
    ContentOutlineFactory,
    DomainFactory,
    published_outline,
)

pytestmark = pytest.mark.django_db


def test_it_counts_items_per_domain_from_the_weights() -> None:
    outline = published_outline(weights=(15, 22, 25, 23, 15))
    blueprint = BlueprintFactory(outline=outline, scored_length=115)
    counts = [count for _, count in blueprint.domain_counts()]
    assert counts == [17, 25, 29, 27, 17]
    assert blueprint.total_length == 115 + blueprint.pretest_length


def test_competency_minimums_that_exceed_the_domain_count_are_refused() -> None:
    outline = published_outline(weights=(10, 90), competencies_per_domain=2)
    blueprint = BlueprintFactory(outline=outline, scored_length=20)  # domain 1 gets 2 items
    first, second = Competency.objects.filter(domain__code="1", domain__outline=outline)
    BlueprintCompetencyMinimumFactory(blueprint=blueprint, competency=first, minimum_items=2)
    BlueprintCompetencyMinimumFactory(blueprint=blueprint, competency=second, minimum_items=1)
    with pytest.raises(ValidationError) as error:
        blueprint.full_clean()
    assert "Domain 1: competency minimums add up to 3 items" in str(error.value)
    assert "only 2 of the 20" in str(error.value)


def test_a_domain_with_items_but_no_competencies_cannot_be_filled() -> None:
    outline = ContentOutlineFactory()
    DomainFactory(outline=outline, code="A", weight=100)
    blueprint = BlueprintFactory.build(outline=outline, scored_length=10)
    with pytest.raises(ValidationError, match="Domain A needs 10 items but has no competencies"):
        blueprint.full_clean()


def test_a_minimum_from_another_outline_version_is_refused() -> None:
    blueprint = BlueprintFactory(outline=published_outline())
    other = Competency.objects.filter(domain__outline=published_outline()).first()
    minimum = BlueprintCompetencyMinimumFactory.build(blueprint=blueprint, competency=other)
    with pytest.raises(ValidationError, match="another outline version"):
        minimum.full_clean()


def test_item_format_minimums_beyond_the_scored_length_are_refused() -> None:
    outline = published_outline(weights=(40, 60))
    blueprint = BlueprintFactory.build(
        outline=outline, scored_length=10, minimum_multiple_response=6, minimum_case_items=5
    )
    with pytest.raises(ValidationError, match="add up to 11, more than the 10 scored items"):
        blueprint.full_clean()
    blueprint.minimum_case_items = 4
    blueprint.full_clean()
    assert blueprint.problems() == []
