"""A small bank to work on: a program with a published two-domain outline, and its people."""

from collections.abc import Callable

import pytest

from hallmark.accounts.data import Role
from hallmark.accounts.models import User
from hallmark.itembank import services
from hallmark.itembank.content import Content
from hallmark.itembank.data import CHECKLIST_FIELDS, ItemStatus
from hallmark.itembank.models import Item
from hallmark.programs.models import Program

from factories import ProgramFactory, UserFactory, published_outline

FULL_CHECKLIST = dict.fromkeys(CHECKLIST_FIELDS, True)


def content(**changes: object) -> Content:
    values: dict = {
        "competency": "1.1",
        "cognitive_level": "application",
        "stem": "<p>A job seeker wants to work with animals. "
        "What should the specialist do first?</p>",
        "options": (
            "Arrange time at a local animal shelter to learn what the job seeker enjoys there",
            "Apply for every kennel job advertised this month",
            "Tell the job seeker that animal work is not realistic",
            "Ask the job seeker's family to choose a different field",
        ),
        "keys": ("A",),
        "rationale": "Discovery in a real setting comes first; B skips discovery, C and D override "
        "the job seeker's choice.",
        "references": ("Griffin, Hammis & Geary, The Job Developer's Handbook",),
    }
    values.update(changes)
    return Content(**values)


@pytest.fixture
def program(db: None) -> Program:
    program = ProgramFactory(designation="TST")
    published_outline(program, weights=(40, 60), competencies_per_domain=3)
    return program


@pytest.fixture
def reviewer2(db: None) -> User:
    return UserFactory(email="reviewer2@example.org", roles=[Role.ITEM_REVIEWER])


@pytest.fixture
def make_item(program: Program, cast) -> Callable[..., Item]:
    """An item by the cast's writer, moved through the workflow to `status`."""

    def make(status: str = ItemStatus.DRAFT, author: User | None = None, **changes: object) -> Item:
        author = author or cast.writer
        item = services.create_item(program, content(**changes), author)
        if status == ItemStatus.DRAFT:
            return item
        services.submit_item(item, author)
        if status == ItemStatus.SUBMITTED:
            return _fresh(item)
        services.begin_review(item, cast.reviewer)
        if status == ItemStatus.IN_REVIEW:
            return _fresh(item)
        if status in {ItemStatus.NEEDS_REVISION, ItemStatus.REJECTED}:
            decision = "revise" if status == ItemStatus.NEEDS_REVISION else "reject"
            services.record_review(
                item, cast.reviewer, decision, {}, "Option C is also defensible."
            )
            return _fresh(item)
        services.record_review(item, cast.reviewer, "approve", FULL_CHECKLIST)
        services.record_review(item, cast.manager, "approve", FULL_CHECKLIST)
        if status == ItemStatus.APPROVED:
            return _fresh(item)
        if status == ItemStatus.RETIRED:
            services.retire_item(item, cast.psychometrician, "Content out of date.")
            return _fresh(item)
        services.move_to_pretest(item, cast.psychometrician)
        if status == ItemStatus.OPERATIONAL:
            services.make_operational(item, cast.psychometrician)
        return _fresh(item)

    return make


def _fresh(item: Item) -> Item:
    return Item.objects.select_related("current_version").get(pk=item.pk)


@pytest.fixture
def new_content() -> Callable[..., Content]:
    """Valid content for an item of the small bank, with any field changed."""
    return content
