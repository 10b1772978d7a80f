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
