"""Every transition of the workflow, who may make it, and who may not."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.itembank import services
from hallmark.itembank.data import CHECKLIST_FIELDS, ItemEventKind, ItemStatus
from hallmark.itembank.models import Item, ItemEvent

pytestmark = pytest.mark.django_db

FULL_CHECKLIST = dict.fromkeys(CHECKLIST_FIELDS, True)
NOBODY = ["candidate", "proctor", "panelist", "officer", "outsider"]


def status(item: Item) -> str:
    return Item.objects.get(pk=item.pk).status


def last_event(item: Item) -> ItemEvent:
    return ItemEvent.objects.filter(item=item).order_by("-at", "-pk").first()


def test_the_author_submits_a_draft_with_a_comment(make_item, cast) -> None:
    item = make_item()
    services.submit_item(item, cast.writer, "Ready for review")
    assert status(item) == ItemStatus.SUBMITTED
    event = last_event(item)
    assert (event.kind, event.from_status, event.to_status) == ("submitted", "draft", "submitted")
    assert (event.actor, event.comment) == (cast.writer, "Ready for review")


@pytest.mark.parametrize("who", ["reviewer", "psychometrician", *NOBODY])
def test_only_the_author_or_a_manager_submits(make_item, cast, who) -> None:
    item = make_item()
    with pytest.raises(PermissionDenied):
        services.submit_item(item, getattr(cast, who))
    services.submit_item(item, cast.manager)
    assert status(item) == ItemStatus.SUBMITTED


def test_another_writer_cannot_submit_or_edit_a_writers_draft(make_item, cast, new_content) -> None:
    from hallmark.accounts.data import Role

    from factories import UserFactory

    other = UserFactory(roles=[Role.ITEM_WRITER])
    item = make_item()
    with pytest.raises(PermissionDenied):
        services.submit_item(item, other)
    with pytest.raises(PermissionDenied):
        services.revise_item(item, new_content(stem="<p>Changed?</p>"), other)


def test_a_reviewer_begins_the_review(make_item, cast) -> None:
    item = make_item(ItemStatus.SUBMITTED)
    services.begin_review(item, cast.reviewer)
    assert status(item) == ItemStatus.IN_REVIEW
    assert last_event(item).kind == ItemEventKind.REVIEW_STARTED


@pytest.mark.parametrize("who", ["writer", "psychometrician", *NOBODY])
def test_only_reviewers_begin_a_review(make_item, cast, who) -> None:
    item = make_item(ItemStatus.SUBMITTED, author=cast.manager)
    with pytest.raises(PermissionDenied):
        services.begin_review(item, getattr(cast, who))


def test_a_writer_never_reviews_their_own_item(make_item, cast) -> None:
    from hallmark.accounts.data import Role

    from factories import UserFactory

    both = UserFactory(roles=[Role.ITEM_WRITER, Role.ITEM_REVIEWER])
    item = make_item(ItemStatus.SUBMITTED, author=both)
    with pytest.raises(PermissionDenied, match="never reviews or approves their own item"):
        services.begin_review(item, both)
    with pytest.raises(PermissionDenied, match="own item"):
        services.record_review(item, both, "approve", FULL_CHECKLIST)
    assert status(item) == ItemStatus.SUBMITTED


def test_a_manager_never_approves_an_item_they_wrote(make_item, cast) -> None:
    item = make_item(ItemStatus.IN_REVIEW, author=cast.manager)
    with pytest.raises(PermissionDenied, match="own item"):
        services.record_review(item, cast.manager, "approve", FULL_CHECKLIST)


def test_the_database_refuses_a_self_review_too(make_item, cast) -> None:
    from django.db import IntegrityError

    from factories import ItemReviewFactory

    item = make_item(ItemStatus.IN_REVIEW)
    with pytest.raises(IntegrityError):
        ItemReviewFactory(version=item.current_version, reviewer=cast.writer)


def test_approval_needs_two_independent_reviews(make_item, cast, reviewer2) -> None:
    item = make_item(ItemStatus.SUBMITTED)
    services.record_review(item, cast.reviewer, "approve", FULL_CHECKLIST)
    assert status(item) == ItemStatus.IN_REVIEW  # the first review begins the review
    with pytest.raises(ValidationError, match="already reviewed"):
        services.record_review(item, cast.reviewer, "approve", FULL_CHECKLIST)
    assert status(item) == ItemStatus.IN_REVIEW
    services.record_review(item, reviewer2, "approve", FULL_CHECKLIST, "Fine.")
    assert status(item) == ItemStatus.APPROVED
    event = last_event(item)
    assert (event.kind, event.actor, event.to_status) == ("approved", reviewer2, "approved")


def test_approval_needs_every_checklist_point(make_item, cast) -> None:
    item = make_item(ItemStatus.IN_REVIEW)
    partial = {**FULL_CHECKLIST, "key_verified": False, "free_of_bias": False}
    with pytest.raises(ValidationError) as refused:
        services.record_review(item, cast.reviewer, "approve", partial)
    assert "Key verified, Free of bias and sensitivity problems" in refused.value.messages[0]


def test_approval_needs_a_reference(make_item, cast) -> None:
    item = make_item(ItemStatus.IN_REVIEW, references=())
    with pytest.raises(ValidationError, match="at least one source citation"):
        services.record_review(item, cast.reviewer, "approve", FULL_CHECKLIST)


def test_a_review_asking_for_revision_sends_the_item_back(make_item, cast, new_content) -> None:
    item = make_item(ItemStatus.IN_REVIEW)
    with pytest.raises(ValidationError, match="comment is required"):
        services.record_review(item, cast.reviewer, "revise", {})
    services.record_review(item, cast.reviewer, "revise", {}, "Distractor C is also correct.")
    assert status(item) == ItemStatus.NEEDS_REVISION
    assert last_event(item).comment == "Distractor C is also correct."
    # the writer revises (a new version) and resubmits; the new version needs new reviews
    services.revise_item(
        item, new_content(options=("A1", "B1", "C1", "D1")), cast.writer, "C fixed"
    )
    services.submit_item(item, cast.writer)
    assert status(item) == ItemStatus.SUBMITTED
    services.record_review(item, cast.reviewer, "approve", FULL_CHECKLIST)  # a new version


def test_a_rejection_is_final(make_item, cast) -> None:
    item = make_item(ItemStatus.IN_REVIEW)
    services.record_review(item, cast.reviewer, "reject", {}, "Out of scope of the outline.")
    assert status(item) == ItemStatus.REJECTED
    with pytest.raises(ValidationError):
        services.submit_item(item, cast.writer)
    with pytest.raises(ValidationError):
        services.move_to_pretest(item, cast.psychometrician)


@pytest.mark.parametrize("who", ["writer", "psychometrician", *NOBODY])
def test_only_reviewers_record_reviews(make_item, cast, who) -> None:
    item = make_item(ItemStatus.IN_REVIEW, author=cast.manager)
    with pytest.raises(PermissionDenied):
        services.record_review(item, getattr(cast, who), "approve", FULL_CHECKLIST)


def test_drafts_cannot_be_reviewed(make_item, cast) -> None:
    with pytest.raises(ValidationError, match="only submitted items"):
        services.record_review(make_item(), cast.reviewer, "approve", FULL_CHECKLIST)


def test_approved_to_pretest_to_operational(make_item, cast) -> None:
    item = make_item(ItemStatus.APPROVED)
    services.move_to_pretest(item, cast.psychometrician, "Spring window")
    assert status(item) == ItemStatus.PRETEST
    services.make_operational(item, cast.psychometrician, "p = .71, r = .34")
    assert status(item) == ItemStatus.OPERATIONAL
    event = last_event(item)
    assert (event.from_status, event.to_status, event.comment) == (
        "pretest",
        "operational",
        "p = .71, r = .34",
    )


@pytest.mark.parametrize("who", ["writer", "reviewer", *NOBODY])
def test_only_psychometricians_and_managers_promote(make_item, cast, who) -> None:
    item = make_item(ItemStatus.APPROVED)
    with pytest.raises(PermissionDenied):
        services.move_to_pretest(item, getattr(cast, who))
    services.move_to_pretest(item, cast.manager)
    with pytest.raises(PermissionDenied):
        services.make_operational(item, getattr(cast, who))


def test_a_draft_cannot_skip_the_review(make_item, cast) -> None:
    item = make_item()
    with pytest.raises(ValidationError, match="cannot become pretest"):
        services.move_to_pretest(item, cast.psychometrician)
    with pytest.raises(ValidationError, match="cannot become operational"):
        services.make_operational(make_item(ItemStatus.APPROVED), cast.psychometrician)


def test_retiring_keeps_the_item_and_its_history(make_item, cast) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    with pytest.raises(ValidationError, match="Say why"):
        services.retire_item(item, cast.psychometrician, " ")
    services.retire_item(item, cast.psychometrician, "Benefit rules changed in 2024.")
    item = Item.objects.get(pk=item.pk)
    assert item.status == ItemStatus.RETIRED
    kinds = list(item.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds[0] == "created" and kinds[-1] == "retired" and "approved" in kinds
    assert item.versions.count() == 1


@pytest.mark.parametrize("who", ["writer", "reviewer", *NOBODY])
def test_only_psychometricians_and_managers_retire(make_item, cast, who) -> None:
    item = make_item(ItemStatus.OPERATIONAL)
    with pytest.raises(PermissionDenied):
        services.retire_item(item, getattr(cast, who), "No.")
    services.retire_item(item, cast.manager, "Superseded by TST-00002.")


def test_a_retired_item_goes_nowhere(make_item, cast) -> None:
    item = make_item(ItemStatus.RETIRED)
    for move in (services.move_to_pretest, services.make_operational):
        with pytest.raises(ValidationError):
            move(item, cast.manager)
