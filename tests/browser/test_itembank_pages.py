"""The item bank's staff pages, in a real browser, pass axe-core's WCAG 2.1 A and AA rules."""

import datetime

import pytest

from hallmark.itembank import services
from hallmark.itembank.content import Content
from hallmark.itembank.data import CHECKLIST_FIELDS

from a11y import assert_accessible
from factories import PASSWORD, BlueprintFactory, ProgramFactory, published_outline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sign_in(second_factor):
    def sign_in(page, live_server, person) -> None:
        page.goto(live_server.url + "/accounts/sign-in/")
        page.get_by_label("Email address").fill(person.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Password").press("Enter")
        second_factor(page, person)

    return sign_in


def check(page, axe, live_server, path: str, heading: str) -> None:
    page.goto(live_server.url + path)
    page.get_by_role("heading", name=heading).first.wait_for()
    assert_accessible(axe, page)


def bank(cast):
    program = ProgramFactory(designation="TST")
    outline = published_outline(program, weights=(40, 60), competencies_per_domain=3)
    BlueprintFactory(outline=outline, scored_length=10)
    content = Content(
        competency="1.1",
        cognitive_level="application",
        stem="<p>A job seeker wants to work with animals. What first?</p>"
        '<table><caption>Week</caption><tr><th scope="col">Day</th><th scope="col">Hours</th></tr>'
        "<tr><td>Monday</td><td>4</td></tr></table>",
        options=("Visit a shelter with her", "Apply everywhere", "Ask her family", "Wait"),
        keys=("A",),
        rationale="Discovery first.",
        references=("Griffin, Hammis & Geary, The Job Developer's Handbook",),
    )
    item = services.create_item(program, content, cast.writer)
    services.submit_item(item, cast.writer)
    services.record_review(item, cast.manager, "approve", dict.fromkeys(CHECKLIST_FIELDS, True))
    services.record_review(item, cast.reviewer, "approve", dict.fromkeys(CHECKLIST_FIELDS, True))
    services.move_to_pretest(item, cast.psychometrician)
    services.record_statistics(
        item.versions.get(),
        cast.psychometrician,
        administration="2024 spring",
        administered_on=datetime.date(2024, 5, 31),
        n=300,
        p=0.7,
        point_biserial=0.3,
        irt_model="2PL",
        a=1.0,
        b=-0.5,
    )
    draft = services.create_item(program, content, cast.writer)
    services.revise_item(
        draft, Content(**{**content.__dict__, "stem": "<p>Shorter?</p>"}), cast.writer
    )
    waiting = services.create_item(program, content, cast.writer)
    services.submit_item(waiting, cast.writer)
    return item, draft, waiting


def test_the_staff_pages_are_accessible(live_server, page, axe, cast, sign_in) -> None:
    item, draft, _ = bank(cast)
    sign_in(page, live_server, cast.manager)
    check(page, axe, live_server, "/items/?program=TST", "Items of TST")
    check(page, axe, live_server, f"/items/{item.pk}/", f"Item {item.identifier}")
    check(page, axe, live_server, f"/items/{item.pk}/preview/?key=1", "Question")
    check(page, axe, live_server, f"/items/{draft.pk}/versions/", f"Item {draft.identifier}")
    check(page, axe, live_server, "/items/health/?program=TST&forms_needed=4", "Bank health")
    check(page, axe, live_server, "/items/reviews/", "Your review queue")
    check(page, axe, live_server, "/items/new/?program=TST", "New item for TST")
    check(page, axe, live_server, "/items/export/", "Export items")


def test_the_review_form_and_its_errors_are_accessible(
    live_server, page, axe, cast, sign_in
) -> None:
    _, _, waiting = bank(cast)
    sign_in(page, live_server, cast.reviewer)
    check(
        page, axe, live_server, f"/items/{waiting.pk}/review/", f"Review item {waiting.identifier}"
    )
    page.get_by_label("Decision").select_option("approve")
    page.get_by_role("button", name="Record the review").click()
    page.get_by_role("alert").wait_for()
    assert "Approval needs every checklist point" in page.get_by_role("alert").inner_text()
    assert_accessible(axe, page)


def test_a_candidate_answers_the_preview_with_the_keyboard(
    live_server, page, axe, cast, sign_in
) -> None:
    item, _, _ = bank(cast)
    sign_in(page, live_server, cast.writer)
    page.goto(live_server.url + f"/items/{item.pk}/preview/")
    group = page.get_by_role("group", name="A job seeker wants to work with animals.", exact=False)
    group.get_by_role("radio", name="B. Apply everywhere").check()
    assert group.get_by_role("radio", name="B. Apply everywhere").is_checked()
    assert "(key)" not in page.content()
    assert_accessible(axe, page)


def test_a_refused_import_lists_its_problems_accessibly(
    live_server, page, axe, cast, sign_in, tmp_path
) -> None:
    bank(cast)
    path = tmp_path / "bad.csv"
    path.write_text(
        "competency,cognitive_level,stem,option_a,option_b,key\n9.9,recall,<p>Q</p>,a,b,\n"
    )
    sign_in(page, live_server, cast.writer)
    page.goto(live_server.url + "/items/import/")
    page.get_by_label("Program").select_option("TST")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Import").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Nothing was imported: 2 problems" in alert.inner_text()
    assert_accessible(axe, page)


def test_a_file_of_another_kind_is_named_accessibly_and_the_guide_is_too(
    live_server, page, axe, cast, sign_in, tmp_path
) -> None:
    bank(cast)
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    sign_in(page, live_server, cast.writer)
    page.goto(live_server.url + "/items/import/")
    page.get_by_label("Program").select_option("TST")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_role("button", name="Import").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "logo.png is a PNG image, not an item file" in alert.inner_text()
    assert_accessible(axe, page)
    page.get_by_role("link", name="The import guide").click()
    page.get_by_role("heading", name="Import guide").wait_for()
    assert_accessible(axe, page)


def case_bank(cast):
    """A multiple-response draft in a case set, playing audio with its transcript."""
    program = ProgramFactory(designation="TST")
    published_outline(program, weights=(40, 60), competencies_per_domain=3)
    rosa = services.create_item_set(
        program, "CASE-ROSA", "Rosa's job search", "<p>Rosa wants mornings only.</p>", cast.writer
    )
    content = Content(
        competency="1.1",
        cognitive_level="recall",
        stem="<p>Which two of these are natural supports at work?</p>",
        options=("A co-worker's reminder", "A paid job coach", "A supervisor's check", "A taxi"),
        keys=("A", "C"),
        kind="multiple",
        select=2,
        references=("Nisbet & Hagner, Natural Supports in the Workplace",),
    )
    item = services.create_item(program, content, cast.writer)
    services.place_in_set(item, rosa, cast.writer)
    mp3 = b"ID3\x03\x00" + b"\x00" * 40
    services.attach_media(item, "call.mp3", mp3, cast.writer, transcript="Rosa: I bake bread.")
    return item, rosa


def test_a_multiple_response_item_in_a_case_is_previewed_accessibly(
    live_server, page, axe, cast, sign_in
) -> None:
    item, _ = case_bank(cast)
    sign_in(page, live_server, cast.writer)
    check(page, axe, live_server, f"/items/{item.pk}/preview/", "Question")
    assert page.get_by_role("heading", name="Case: Rosa's job search").is_visible()
    assert page.get_by_text("Select two.").is_visible()
    group = page.get_by_role("group", name="Which two of these", exact=False)
    group.get_by_role("checkbox", name="A. A co-worker's reminder").focus()
    page.keyboard.press("Space")
    group.get_by_role("checkbox", name="C. A supervisor's check").check()
    assert group.get_by_role("checkbox", name="A. A co-worker's reminder").is_checked()
    assert group.get_by_role("checkbox", name="C. A supervisor's check").is_checked()
    page.get_by_text("Transcript of call.mp3").click()
    assert page.get_by_text("Rosa: I bake bread.").is_visible()
    assert "(key)" not in page.content()
    check(page, axe, live_server, f"/items/{item.pk}/", f"Item {item.identifier}")


def test_the_editor_and_the_case_set_pages_are_accessible(
    live_server, page, axe, cast, sign_in
) -> None:
    item, rosa = case_bank(cast)
    sign_in(page, live_server, cast.writer)
    check(page, axe, live_server, f"/items/{item.pk}/edit/", f"Edit item {item.identifier}")
    # the fields of the chosen type only
    assert not page.get_by_role("radio", name="Option A").is_visible()
    page.get_by_role("radio", name="Single answer").check()
    assert page.get_by_role("radio", name="Option A").is_visible()
    assert not page.get_by_role("checkbox", name="Option A").is_visible()
    assert not page.get_by_label("Number to select (multiple response)").is_visible()
    page.get_by_role("radio", name="Multiple response").check()
    assert page.get_by_label("Number to select (multiple response)").is_visible()
    page.get_by_role("checkbox", name="Option B").check()
    page.get_by_role("button", name="Save as a new version").click()
    page.get_by_role("alert").wait_for()
    assert "select 2: give exactly 2 keys" in page.get_by_role("alert").inner_text()
    assert_accessible(axe, page)
    check(page, axe, live_server, f"/items/{item.pk}/media/", "Attach an image, audio or video")
    check(page, axe, live_server, "/items/sets/?program=TST", "Case sets of TST")
    check(page, axe, live_server, f"/items/sets/{rosa.pk}/", "Case set CASE-ROSA")
    check(page, axe, live_server, "/items/sets/new/?program=TST", "New case set for TST")
    page.get_by_role("button", name="Create the case set").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)
