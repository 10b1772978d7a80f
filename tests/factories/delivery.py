"""Frozen forms built from item versions, and registrations ready to sit an exam on one."""

import factory
from django.utils import timezone

from hallmark.exams import models as em
from hallmark.exams.data import FormStatus
from hallmark.programs import models as pm

from factories.exams import RegistrationFactory, TestingWindowFactory
from factories.itembank import ItemFactory
from factories.programs import BlueprintFactory, ProgramFactory, UserFactory, published_outline


class FormFactory(factory.django.DjangoModelFactory):
    """A draft form; `frozen_form` below fills and freezes one."""

    class Meta:
        model = em.Form

    program = factory.SubFactory(ProgramFactory)
    blueprint = factory.LazyAttribute(
        lambda o: (
            pm.Blueprint.objects.filter(outline__program=o.program).first()
            or BlueprintFactory(outline=published_outline(o.program, weights=(100,)))
        )
    )
    code = factory.Sequence(lambda n: f"FORM-{n:03d}")


class FormItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.FormItem

    form = factory.SubFactory(FormFactory)
    position = factory.Sequence(lambda n: n + 1)
    item_version = factory.LazyAttribute(
        lambda o: ItemFactory(program=o.form.program).current_version
    )


def frozen_form(
    program: pm.Program,
    items: int = 5,
    versions: dict[int, dict[str, object]] | None = None,
    **form: object,
) -> em.Form:
    """A form of `items` fresh items (key "A", four options), frozen by a psychometrician;
    `versions` sets a position's item version fields (kind, select, keys...) and its item's
    case set (item_set)."""
    draft = FormFactory(program=program, **form)
    for position in range(1, items + 1):
        fields = dict((versions or {}).get(position, {}))
        item_set = fields.pop("item_set", None)
        version = {f"version__{name}": value for name, value in fields.items()}
        item = ItemFactory(program=program, item_set=item_set, **version)
        FormItemFactory(form=draft, position=position, item_version=item.current_version)
    draft.status = FormStatus.FROZEN
    draft.frozen_at = timezone.now()
    draft.frozen_by = UserFactory()
    draft.save()
    return draft


def exam_registration(
    program: pm.Program | None = None,
    *,
    items: int = 5,
    candidate=None,
    versions: dict[int, dict[str, object]] | None = None,
    **window: object,
) -> em.Registration:
    """A booked registration in an open window whose form in use is a fresh frozen form."""
    program = program or ProgramFactory()
    seat = TestingWindowFactory(program=program, **window)
    seat.forms.add(frozen_form(program, items, versions, blueprint=seat.blueprint))
    extra = {"application__candidate": candidate} if candidate is not None else {}
    return RegistrationFactory(window=seat, **extra)


def shown_choice(session: em.ExamSession, position: int, label: str) -> int:
    """The place (from 1) where a candidate's page shows the option `label` of a form position:
    what the page posts for it."""
    return session.option_orders[str(position)].index(label) + 1
