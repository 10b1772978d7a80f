"""Multiple-response items: written, reviewed and previewed; unclassified items kept from review."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallmark.itembank import services
from hallmark.itembank.data import SELECT_ALL, ItemKind, ItemStatus
from hallmark.itembank.models import Item

from factories import ItemFactory, ItemVersionFactory

pytestmark = pytest.mark.django_db

OPTIONS = (
    "A co-worker who shows the new employee the time clock",
    "A job coach paid by the agency",
    "A supervisor who checks the new employee's first orders",
    "A bus pass bought by the family",
)


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "competency": "2.1",
        "cognitive_level": "recall",
        "kind": "multiple",
        "select": "2",
        "stem": "<p>Which two of these are natural supports at work?</p>",
        "option_a": OPTIONS[0],
        "option_b": OPTIONS[1],
        "option_c": OPTIONS[2],
        "option_d": OPTIONS[3],
        "keys": ["A", "C"],
        "rationale": "Natural supports come from the workplace itself.",
        "references": "Griffin, Hammis & Geary, The Job Developer's Handbook",
    }
    data.update(changes)
    return data


def multiple(make_item, status: str = ItemStatus.DRAFT, select: int = 2, keys=("A", "C")):
    return make_item(
        status,
        kind=ItemKind.MULTIPLE,
        select=select,
        stem="<p>Which two of these are natural supports at work?</p>",
        options=OPTIONS,
        keys=keys,
    )


def test_a_writer_writes_a_select_two_item(client, cast, program) -> None:
    client.force_login(cast.writer)
    url = reverse("itembank:create") + "?program=TST"
    page = client.get(url).content.decode()
    assert 'type="checkbox" name="keys"' in page and 'type="radio" name="key"' in page
    assert "<legend>Keys (multiple response)" in page
    response = client.post(url, form_data())
    assert response.status_code == 302
    version = Item.objects.get().current_version
    assert (version.kind, version.select, version.keys) == ("multiple", 2, ["A", "C"])


def test_select_all_that_apply_is_stored_as_select_all(client, cast, program) -> None:
    client.force_login(cast.writer)
    url = reverse("itembank:create") + "?program=TST"
    client.post(url, form_data(select="all", keys=["A", "B", "C"]))
    version = Item.objects.get().current_version
    assert (version.select, version.keys) == (SELECT_ALL, ["A", "B", "C"])


def test_the_wrong_number_of_keys_is_shown_on_the_keys(client, cast, program) -> None:
    client.force_login(cast.writer)
    url = reverse("itembank:create") + "?program=TST"
    page = client.post(url, form_data(keys=["A", "B", "C"])).content.decode()
    assert '<a href="#id_keys_0">Keys (multiple response): select 2: give exactly 2 keys' in page
    page = client.post(url, form_data(keys=[])).content.decode()
    assert "Keys (multiple response): Tick every option the candidate must select." in page
    page = client.post(url, form_data(kind="single", key="")).content.decode()
    assert "Key (single answer): Choose the key." in page
    assert not Item.objects.exists()


def test_an_edit_starts_from_the_stored_type_and_keys(client, cast, make_item) -> None:
    item = multiple(make_item, select=SELECT_ALL, keys=("A", "B", "C"))
    client.force_login(cast.writer)
    page = client.get(reverse("itembank:edit", args=[item.pk])).content.decode()
    assert 'value="multiple" id="id_kind_1" checked' in page.replace("required ", "")
    assert '<option value="all" selected>' in page
    for label in "ABC":
        assert f'name="keys" value="{label}" id="id_keys_{"ABC".index(label)}" checked' in page


def test_the_preview_shows_checkboxes_and_what_to_select(client, cast, make_item) -> None:
    item = multiple(make_item)
    client.force_login(cast.writer)
    page = client.get(reverse("itembank:preview", args=[item.pk])).content.decode()
    assert page.count('type="checkbox" name="response"') == 4
    assert 'type="radio"' not in page.split("<h1>Question</h1>")[1]
    assert "<strong>Select two.</strong>" in page
    assert 'aria-describedby="preview-instruction"' in page
    single = make_item()
    page = client.get(reverse("itembank:preview", args=[single.pk])).content.decode()
    assert (
        page.count('type="radio" name="response"') == 4
        and "Select"
        not in page.split("<h1>Question</h1>")[1].split("</fieldset>")[0].split("</div>", 1)[0]
    )


def test_select_all_that_apply_says_so(client, cast, make_item) -> None:
    item = multiple(make_item, select=SELECT_ALL, keys=("A", "C", "D"))
    client.force_login(cast.writer)
    page = client.get(reverse("itembank:detail", args=[item.pk])).content.decode()
    assert "<strong>Select all that apply.</strong>" in page
    assert "<dt>Type</dt><dd>Multiple response: select all that apply</dd>" in page


def test_reviewers_read_the_checklist_for_the_type(client, cast, make_item) -> None:
    item = multiple(make_item, ItemStatus.SUBMITTED)
    client.force_login(cast.reviewer)
    page = client.get(reverse("itembank:review", args=[item.pk])).content.decode()
    assert "The keys are exactly the right options" in page and "One best answer" not in page
    assert "Type: Multiple response · Select two · 2 keys" in page
    single = make_item(ItemStatus.SUBMITTED)
    page = client.get(reverse("itembank:review", args=[single.pk])).content.decode()
    assert "One best answer" in page and "The keys are exactly" not in page


def test_an_approval_missing_a_point_names_it_in_the_type_s_words(cast, make_item) -> None:
    item = multiple(make_item, ItemStatus.SUBMITTED)
    checklist = dict.fromkeys(
        ["content_accurate", "key_verified", "distractors_plausible", "free_of_bias"], True
    )
    with pytest.raises(ValidationError) as refused:
        services.record_review(item, cast.reviewer, "approve", checklist)
    assert "The keys are exactly the right options" in str(refused.value)
    approved = multiple(make_item, ItemStatus.APPROVED)
    review = approved.current_version.reviews.first()
    assert review.checklist()[1] == ("The keys are exactly the right options", True)


def test_an_unclassified_item_is_classified_before_review(client, cast, make_item) -> None:
    program = make_item().program
    item = ItemFactory(program=program, author=cast.writer, version=False)
    ItemVersionFactory(item=item, competency=None, cognitive_level="")
    item.current_version = item.versions.get()
    item.save()
    with pytest.raises(ValidationError) as refused:
        services.submit_item(item, cast.writer)
    assert str(refused.value.messages[0]) == (
        f"{item} needs a competency and a cognitive level before it can be submitted for "
        "review: edit it to set them."
    )
    assert Item.objects.get(pk=item.pk).status == ItemStatus.DRAFT
    client.force_login(cast.writer)
    page = client.get(reverse("itembank:detail", args=[item.pk])).content.decode()
    assert "Not classified yet" in page
    edit = client.get(reverse("itembank:edit", args=[item.pk])).content.decode()
    assert '<option value="" selected>Choose a competency</option>' in edit


def test_the_differences_show_a_change_of_type(client, cast, make_item, new_content) -> None:
    item = make_item()
    services.revise_item(
        item,
        new_content(kind=ItemKind.MULTIPLE, select=2, options=OPTIONS, keys=("A", "C")),
        cast.writer,
    )
    client.force_login(cast.writer)
    page = client.get(reverse("itembank:diff", args=[item.pk])).content.decode()
    row = page.split('<th scope="row">Type</th>', 1)[1].split("</tr>", 1)[0]
    assert "Single answer" in row and "select two" in row


def test_unclassified_items_are_named_on_the_reclassify_page(client, cast, make_item) -> None:
    program = make_item().program
    item = ItemFactory(program=program, author=cast.writer, version=False)
    ItemVersionFactory(item=item, competency=None, cognitive_level="")
    item.current_version = item.versions.get()
    item.save()
    client.force_login(cast.manager)
    page = client.get(reverse("itembank:reclassify") + "?program=TST").content.decode()
    assert '<h2 id="unclassified-title">Items without a competency</h2>' in page
    assert item.identifier in page
