"""Factories for the item bank: one per model."""

import datetime

import factory

from hallmark.itembank import models as im
from hallmark.itembank.data import AccessKind, CognitiveLevel, ItemEventKind, ItemStatus

from factories.programs import CompetencyFactory, ProgramFactory, UserFactory


class ItemFactory(factory.django.DjangoModelFactory):
    """An item with a first version tagged to a competency (of a fresh outline by default)."""

    class Meta:
        model = im.Item
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    identifier = factory.Sequence(lambda n: f"ITEM-{n:05d}")
    author = factory.SubFactory(UserFactory)
    status = ItemStatus.DRAFT

    @factory.post_generation
    def version(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create or extracted is False:
            return
        if "competency" not in kwargs:
            kwargs["competency"] = CompetencyFactory(domain__outline__program=self.program)
        version = ItemVersionFactory(item=self, created_by=self.author, **kwargs)
        self.current_version = version
        self.save(update_fields=["current_version"])


class ItemVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemVersion

    item = factory.SubFactory(ItemFactory, version=False)
    number = factory.LazyAttribute(lambda v: v.item.versions.count() + 1)
    competency = factory.SubFactory(CompetencyFactory)
    cognitive_level = CognitiveLevel.APPLICATION
    stem = "<p>Which step comes first when a job seeker asks for help finding work?</p>"
    options = factory.LazyFunction(
        lambda: [
            "Learn about the job seeker's interests and conditions for success",
            "Apply to every open position nearby",
            "Ask the family which job they prefer",
            "Wait until the job seeker is ready",
        ]
    )
    keys = factory.LazyFunction(lambda: ["A"])
    rationale = "Discovery comes before any job search; the others skip the job seeker's own view."
    references = factory.LazyFunction(
        lambda: ["Griffin, Hammis & Geary, The Job Developer's Handbook"]
    )
    created_by = factory.SelfAttribute("item.author")


class ItemSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemSet

    program = factory.SubFactory(ProgramFactory)
    identifier = factory.Sequence(lambda n: f"SET-{n:03d}")
    title = "Case: Dana's first job"
    stimulus = "<p>Dana, 24, wants to work with animals and takes the bus to work.</p>"


class ItemMediaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemMedia

    item = factory.SubFactory(ItemFactory)
    name = factory.Sequence(lambda n: f"figure-{n}.png")
    content_type = "image/png"
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


class ItemSetMediaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemSetMedia

    item_set = factory.SubFactory(ItemSetFactory)
    name = factory.Sequence(lambda n: f"exhibit-{n}.png")
    content_type = "image/png"
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


class ItemReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemReview

    version = factory.SubFactory(ItemVersionFactory)
    reviewer = factory.SubFactory(UserFactory)
    item_author = factory.SelfAttribute("version.item.author")
    decision = "approve"
    content_accurate = True
    one_best_answer = True
    key_verified = True
    distractors_plausible = True
    free_of_bias = True
    readable = True
    reference_checked = True


class ItemEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemEvent

    item = factory.SubFactory(ItemFactory)
    kind = ItemEventKind.CREATED
    at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class ItemCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemComment

    item = factory.SubFactory(ItemFactory)
    author = factory.SubFactory(UserFactory)
    body = "Is option C too close to the key?"


class ItemStatisticsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemStatistics

    version = factory.SubFactory(ItemVersionFactory)
    administration = factory.Sequence(lambda n: f"Window {n}")
    administered_on = datetime.date(2024, 6, 1)
    n = 480
    p = 0.72
    point_biserial = 0.31
    irt_model = "2PL"
    a = 1.1
    a_se = 0.12
    b = -0.6
    b_se = 0.09


class ItemAccessLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = im.ItemAccessLog

    kind = AccessKind.EXPORT
    at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    what = "items as csv"
    item_count = 0
