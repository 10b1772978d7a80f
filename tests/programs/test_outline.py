from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hallmark.programs.models import Competency, ContentOutline, Domain, PublishedOutlineError
from hallmark.programs.services import (
    CompetencySpec,
    DomainSpec,
    new_outline_version,
    publish_outline,
    set_outline_domains,
)

from factories import (
    CompetencyFactory,
    ContentOutlineFactory,
    DomainFactory,
    ProgramFactory,
    published_outline,
)

pytestmark = pytest.mark.django_db


def spec(code: str, weight: int) -> DomainSpec:
    return DomainSpec(code, f"Domain {code}", Decimal(weight), [CompetencySpec(f"{code}.1", "Do")])


def test_it_numbers_versions_per_program() -> None:
    program = ProgramFactory()
    first = ContentOutlineFactory(program=program)
    second = ContentOutlineFactory(program=program)
    assert (first.version, second.version) == (1, 2)


def test_a_published_outline_refuses_every_change() -> None:
    outline = published_outline(weights=(30, 70))
    domain = outline.domains.first()
    competency = Competency.objects.filter(domain=domain).first()

    outline.title = "Edited"
    with pytest.raises(PublishedOutlineError, match="published"):
        outline.save()
    domain.weight = Decimal(31)
    with pytest.raises(PublishedOutlineError, match="new version"):
        domain.save()
    competency.statement = "Edited"
    with pytest.raises(PublishedOutlineError):
        competency.save()
    with pytest.raises(PublishedOutlineError):
        DomainFactory(outline=outline, code="9", weight=Decimal(1))
    with pytest.raises(PublishedOutlineError):
        competency.delete()
    with pytest.raises(PublishedOutlineError):
        ContentOutline.objects.get(pk=outline.pk).delete()

    fresh = ContentOutline.objects.get(pk=outline.pk)
    assert fresh.title != "Edited"
    assert Domain.objects.get(pk=domain.pk).weight == Decimal(30)


def test_publishing_refuses_weights_that_do_not_sum_to_100() -> None:
    outline = ContentOutlineFactory()
    CompetencyFactory(domain=DomainFactory(outline=outline, weight=Decimal(60)))
    CompetencyFactory(domain=DomainFactory(outline=outline, weight=Decimal(30)))
    with pytest.raises(ValidationError, match="sum to 90%, not 100%"):
        publish_outline(outline, by=None)
    assert not ContentOutline.objects.get(pk=outline.pk).is_published


def test_publishing_refuses_a_domain_without_competencies() -> None:
    outline = ContentOutlineFactory()
    DomainFactory(outline=outline, code="A", weight=Decimal(100))
    with pytest.raises(ValidationError, match="Domain A has no competencies"):
        publish_outline(outline, by=None)


def test_setting_domains_is_all_or_nothing() -> None:
    outline = ContentOutlineFactory()
    set_outline_domains(outline, [spec("1", 40), spec("2", 60)])
    with pytest.raises(ValidationError) as error:
        set_outline_domains(outline, [spec("1", 40), spec("1", 50)])
    assert "sum to 90%" in str(error.value)
    assert "code 1 is used twice" in str(error.value)
    assert list(outline.domains.values_list("code", "weight")) == [
        ("1", Decimal(40)),
        ("2", Decimal(60)),
    ]


def test_a_weight_outside_0_to_100_is_refused_by_the_database() -> None:
    from django.db import IntegrityError, transaction

    outline = ContentOutlineFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Domain.objects.bulk_create([Domain(outline=outline, code="X", title="X", weight=-5)])
    assert not outline.domains.exists()


def test_a_new_version_copies_the_outline_as_an_editable_draft() -> None:
    outline = published_outline(weights=(25, 75), competencies_per_domain=2)
    draft = new_outline_version(outline)
    assert draft.version == outline.version + 1
    assert not draft.is_published
    assert list(draft.domains.values_list("code", "weight")) == list(
        outline.domains.values_list("code", "weight")
    )
    assert Competency.objects.filter(domain__outline=draft).count() == 4
    draft_domain = draft.domains.first()
    draft_domain.title = "Renamed in the new version"
    draft_domain.save()
    assert outline.domains.first().title != "Renamed in the new version"
