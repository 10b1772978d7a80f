import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.itembank import services
from hallmark.itembank.data import ItemEventKind, ItemStatus
from hallmark.itembank.models import ItemEvent

pytestmark = pytest.mark.django_db


def test_it_creates_a_draft_with_a_first_version(program, cast, new_content) -> None:
    item = services.create_item(program, new_content(), cast.writer)
    assert item.status == ItemStatus.DRAFT and item.author == cast.writer
    assert item.identifier == "TST-00001"
    version = item.current_version
    assert version.number == 1 and version.keys == ["A"] and len(version.options) == 4
    assert version.competency.code == "1.1"
    event = ItemEvent.objects.get(item=item)
    assert (event.kind, event.actor, event.to_status) == (
        ItemEventKind.CREATED,
        cast.writer,
        "draft",
    )


@pytest.mark.parametrize("who", ["reviewer", "psychometrician", "candidate", "proctor", "outsider"])
def test_only_writers_and_managers_write_items(program, cast, new_content, who) -> None:
    with pytest.raises(PermissionDenied):
        services.create_item(program, new_content(), getattr(cast, who))
    services.create_item(program, new_content(), cast.manager)


def test_it_refuses_bad_content_naming_every_problem(program, cast, new_content) -> None:
    bad = new_content(
        stem="<p>Which?<script>alert(1)</script></p>",
        options=("Only one",),
        keys=("C",),
        competency="9.9",
    )
    with pytest.raises(ValidationError) as refused:
        services.create_item(program, bad, cast.writer)
    text = " ".join(refused.value.messages)
    assert "bad markup: <script> is not allowed" in text
    assert "at least 2 options" in text
    assert "key C is not among the options" in text
    assert "unknown competency 9.9" in text


def test_a_missing_key_is_refused(program, cast, new_content) -> None:
    with pytest.raises(ValidationError, match="missing key"):
        services.create_item(program, new_content(keys=()), cast.writer)


def test_a_control_character_is_a_validation_error_not_a_crash(program, cast, new_content) -> None:
    # It was stored, and the QTI export then failed: lxml refuses such text with a ValueError.
    with pytest.raises(ValidationError, match="stem: contains the control character U\\+0001"):
        services.create_item(program, new_content(stem="<p>Which\x01 one?</p>"), cast.writer)
