"""The public survey pages, through the test client: an invitation's link and the open link,
the pages of ratings, saving and resuming, sending, and what is refused."""

import re

import pytest
from django.core import mail
from django.test import Client

from hallmark.jobanalysis import services
from hallmark.jobanalysis.data import ExclusionReason
from hallmark.jobanalysis.models import Invitation, Rating, Response

from .conftest import T0, Ground

BASE = "https://hallmark.example.org"
LINK = re.compile(r"/job-analysis/\d+/i/([\w-]+)/")
# The ground's pages: about you, domain 1 (1.1-1.3), domain 2 (2.1, 2.2), the review.
BACKGROUND, DOMAIN_1, DOMAIN_2, REVIEW = 1, 2, 3, 4


@pytest.fixture
def opened(ground: Ground, cast) -> Ground:
    services.open_survey(ground.study, by=cast.manager, now=T0)
    return ground


@pytest.fixture
def token(opened: Ground, cast, django_capture_on_commit_callbacks) -> str:
    """One invitation's token, as read from the mail sent."""
    people = [("ana.ruiz@example.org", "north", "community")]
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(opened.study, people, by=cast.manager, base_url=BASE)
    match = LINK.search(mail.outbox[-1].body)
    assert match
    return match[1]


def url(ground: Ground, tail: str = "") -> str:
    return f"/job-analysis/{ground.study.pk}/{tail}"


def page(ground: Ground, number: int) -> str:
    return url(ground, f"page/{number}/")


def ratings_of(ground: Ground, codes: list[str], importance: int = 3, frequency: int = 2) -> dict:
    data = {}
    for code in codes:
        pk = ground.statements[code].pk
        data[f"r-{pk}-importance"] = str(importance)
        data[f"r-{pk}-frequency"] = str(frequency)
    return data


def start_open(client: Client, ground: Ground) -> Response:
    answer = client.post(url(ground), {"answer": "yes"})
    assert answer.status_code == 302 and answer["Location"] == page(ground, BACKGROUND)
    return Response.objects.filter(study=ground.study).latest("pk")


def rate_everything(client: Client, ground: Ground) -> None:
    client.post(page(ground, BACKGROUND), {"b-setting": "school", "action": "continue"})
    client.post(page(ground, DOMAIN_1), {**ratings_of(ground, ["1.1", "1.2", "1.3"])})
    client.post(page(ground, DOMAIN_2), {**ratings_of(ground, ["2.1", "2.2"])})


def test_an_invitation_link_welcomes_and_starts_with_its_token_kept_off_the_address(
    client: Client, opened: Ground, token: str
) -> None:
    arrived = client.get(url(opened, f"i/{token}/"))
    assert arrived.status_code == 302 and token not in arrived["Location"]
    assert arrived["Referrer-Policy"] == "no-referrer"
    seen = Invitation.objects.get()  # opened (to the day), not yet started
    assert seen.opened_at is not None and seen.opened_at.hour == 0 and seen.started_at is None
    assert "no-store" in arrived["Cache-Control"]
    welcome = client.get(arrived["Location"])
    assert welcome.status_code == 200
    # A page with a form sends a Referer to this site only (its address holds no secret).
    assert welcome["Referrer-Policy"] == "same-origin"
    text = welcome.content.decode()
    for said in ("Employment Support", "2026 practice analysis", "30 minutes", "5 statements"):
        assert said in text
    assert "the staff see only whether an invitation was answered" in text
    assert "Start the survey" in text and token not in text

    started = client.post(arrived["Location"])
    assert started.status_code == 302 and started["Location"] == page(opened, BACKGROUND)
    invitation = Invitation.objects.get()
    assert invitation.token_used and invitation.started_at is not None
    assert Response.objects.get().channel == "invitation"
    # The link again, in this browser, carries on with the same response.
    again = client.get(url(opened, f"i/{token}/"))
    assert again["Location"] == page(opened, BACKGROUND)
    assert Response.objects.count() == 1


def test_bad_invitation_links_get_a_page_saying_so(
    client: Client, opened: Ground, token: str, cast
) -> None:
    unknown = client.get(url(opened, "i/not-a-token/"))
    assert unknown.status_code == 404
    assert "This link is not recognised" in unknown.content.decode()

    client.get(url(opened, f"i/{token}/"))
    client.post(url(opened, "invited/"))
    elsewhere = Client().get(url(opened, f"i/{token}/"))
    assert elsewhere.status_code == 410
    assert "This link has already been used" in elsewhere.content.decode()

    services.remind(opened.study, by=cast.manager, base_url=BASE)
    replaced = Client().get(url(opened, f"i/{token}/"))
    assert replaced.status_code == 404
    assert "a newer one may have replaced it" in replaced.content.decode()
    assert Response.objects.count() == 1


def test_the_open_link_screens_and_thanks_those_it_is_not_for(
    client: Client, opened: Ground
) -> None:
    welcome = client.get(url(opened))
    assert opened.study.screening_question in welcome.content.decode()
    blank = client.post(url(opened), {})
    assert blank.status_code == 400
    assert 'role="alert"' in blank.content.decode()
    assert "Answer yes or no." in blank.content.decode()
    assert not Response.objects.exists()

    no = client.post(url(opened), {"answer": "no"})
    assert no["Location"] == url(opened, "not-for-you/")
    thanked = client.get(no["Location"])
    assert "This survey is for people who work now" in thanked.content.decode()
    response = Response.objects.get()
    assert response.excluded and response.exclusion_reason == ExclusionReason.SCREENED_OUT
    # Coming back does not offer the survey again to the same browser.
    assert client.get(page(opened, DOMAIN_1))["Location"] == url(opened, "not-for-you/")

    other = Client()
    start_open(other, opened)
    assert Response.objects.filter(excluded=False).count() == 1


def test_pages_save_their_own_fields_and_the_resume_link_brings_them_back(
    client: Client, opened: Ground
) -> None:
    response = start_open(client, opened)
    background = client.get(page(opened, BACKGROUND)).content.decode()
    assert "Page 1 of 4" in background and "<progress" in background

    saved = client.post(page(opened, BACKGROUND), {"b-setting": "school", "action": "continue"})
    assert saved["Location"] == page(opened, DOMAIN_1)
    response.refresh_from_db()
    assert response.background == {"setting": "school"}

    statements = client.get(page(opened, DOMAIN_1)).content.decode()
    assert "Statement 1.1" in statements and "Very important (3)" in statements
    assert "Statement 2.1" not in statements
    posted = {**ratings_of(opened, ["1.1", "1.2"]), **ratings_of(opened, ["2.1"]), "x": "y"}
    later = client.post(page(opened, DOMAIN_1), {**posted, "action": "later"})
    assert later["Location"] == url(opened, "saved/")
    rated = set(Rating.objects.filter(value__isnull=False).values_list("competency__code", "scale"))
    assert rated == {(c, s) for c in ("1.1", "1.2") for s in ("importance", "frequency")}
    # 1.3, left unanswered, is recorded as not answered; 2.1 is not this page's.
    assert Rating.objects.filter(competency__code="1.3", value__isnull=True).count() == 2
    assert not Rating.objects.filter(competency__code="2.1").exists()

    shown = client.get(later["Location"]).content.decode()
    link = re.search(r"http://testserver(/job-analysis/\d+/r/[\w-]+/)", shown)
    assert link
    assert client.get(later["Location"])["Referrer-Policy"] == "no-referrer"
    elsewhere = Client()
    resumed = elsewhere.get(link[1])
    assert resumed.status_code == 302 and resumed["Location"] == page(opened, DOMAIN_1)
    again = elsewhere.get(resumed["Location"]).content.decode()
    pk = opened.statements["1.1"].pk
    assert f'name="r-{pk}-importance" value="3" id="id_r-{pk}-importance_3" checked' in again
    assert Client().get(url(opened, "r/unknown-secret/")).status_code == 404
    assert Client().get(page(opened, DOMAIN_1)).status_code == 404


def test_sending_completes_the_response_and_marks_the_invitation_completed(
    client: Client, opened: Ground, token: str
) -> None:
    client.get(url(opened, f"i/{token}/"))
    client.post(url(opened, "invited/"))
    client.post(page(opened, BACKGROUND), {"b-setting": "school"})
    client.post(page(opened, DOMAIN_1), ratings_of(opened, ["1.1", "1.2", "1.3"]))
    review = client.post(page(opened, REVIEW), {"action": "submit"})
    assert review.status_code == 400
    text = review.content.decode()
    assert 'role="alert"' in text
    assert f"{page(opened, DOMAIN_2)}#s-{opened.statements['2.1'].pk}" in text
    assert Response.objects.get().completed_at is None

    client.post(page(opened, DOMAIN_2), ratings_of(opened, ["2.1", "2.2"]))
    sent = client.post(page(opened, REVIEW), {"action": "submit"})
    assert sent["Location"] == url(opened, "thanks/")
    assert "your answers are sent" in client.get(sent["Location"]).content.decode()
    assert Response.objects.get().completed_at is not None
    assert Invitation.objects.get().completed_at is not None
    assert f"jobanalysis:{opened.study.pk}:token" not in client.session
    # Back on a page, or by the link: the thank-you page, never the form.
    assert client.get(page(opened, DOMAIN_1))["Location"] == url(opened, "thanks/")
    assert client.get(url(opened, f"i/{token}/"))["Location"] == url(opened, "thanks/")


def test_a_bad_rating_is_refused_on_the_page_and_nothing_is_saved(
    client: Client, opened: Ground
) -> None:
    start_open(client, opened)
    data = ratings_of(opened, ["1.1", "1.2", "1.3"])
    data[f"r-{opened.statements['1.2'].pk}-importance"] = "9"
    refused = client.post(page(opened, DOMAIN_1), data)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert 'role="alert"' in text
    assert f'href="#id_r-{opened.statements["1.2"].pk}-importance_0"' in text
    assert "Statement 1.2, importance: Choose one of the points 0 to 4." in text
    assert not Rating.objects.exists()


def test_a_closed_survey_says_so_on_every_page(client: Client, opened: Ground, cast) -> None:
    start_open(client, opened)
    services.close_survey(opened.study, by=cast.manager)
    for path in (url(opened), page(opened, DOMAIN_1), url(opened, "i/some-token/")):
        shown = client.get(path)
        assert shown.status_code == 410
        assert "This survey is closed" in shown.content.decode()
    refused = client.post(page(opened, DOMAIN_1), ratings_of(opened, ["1.1"]))
    assert refused.status_code == 410
    assert not Rating.objects.exists()


def test_a_survey_not_yet_open_is_not_offered(client: Client, ground: Ground) -> None:
    shown = client.get(url(ground))
    assert shown.status_code == 404
    assert "This survey is not open yet" in shown.content.decode()


def test_posts_need_the_csrf_token(opened: Ground) -> None:
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(url(opened)).status_code == 200
    assert browser.post(url(opened), {"answer": "yes"}).status_code == 403
    assert not Response.objects.exists()
    token = browser.cookies["csrftoken"].value
    started = browser.post(url(opened), {"answer": "yes", "csrfmiddlewaretoken": token})
    assert started.status_code == 302 and Response.objects.count() == 1


def test_posts_are_rate_limited_and_bounded(client: Client, opened: Ground, settings) -> None:
    settings.HALLMARK_RATE_LIMITS = {**settings.HALLMARK_RATE_LIMITS, "job-analysis": 3}
    start_open(client, opened)
    huge = {"x": "y" * 70_000}
    assert client.post(page(opened, DOMAIN_1), huge).status_code == 413
    assert client.post(page(opened, DOMAIN_1), ratings_of(opened, ["1.1"])).status_code == 302
    assert client.post(page(opened, DOMAIN_1), ratings_of(opened, ["1.2"])).status_code == 429
    assert not Rating.objects.filter(competency__code="1.2", value__isnull=False).exists()
    assert client.get(page(opened, DOMAIN_1)).status_code == 200  # reading is not limited


def test_an_invitation_carries_on_past_a_reminder_and_an_earlier_no(
    client: Client, opened: Ground, token: str, cast, django_capture_on_commit_callbacks
) -> None:
    client.post(url(opened), {"answer": "no"})  # on the open link, before the invitation came
    client.get(url(opened, f"i/{token}/"))
    assert client.post(url(opened, "invited/"))["Location"] == page(opened, BACKGROUND)
    started = Response.objects.get(channel="invitation")
    assert not started.excluded

    # A reminder replaces the link; the new one, opened here, carries on with the same answers.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.remind(opened.study, by=cast.manager, base_url=BASE)
    match = LINK.search(mail.outbox[-1].body)
    assert match and match[1] != token
    assert client.get(url(opened, f"i/{match[1]}/"))["Location"] == page(opened, BACKGROUND)
    rate_everything(client, opened)
    client.post(page(opened, REVIEW), {"action": "submit"})
    started.refresh_from_db()
    assert started.completed_at is not None
    assert Invitation.objects.get().completed_at is not None
    assert Response.objects.filter(channel="invitation").count() == 1


def test_a_response_started_before_a_reminder_still_completes_without_its_new_link(
    client: Client, opened: Ground, token: str, cast
) -> None:
    client.get(url(opened, f"i/{token}/"))
    client.post(url(opened, "invited/"))
    services.remind(opened.study, by=cast.manager, base_url=BASE)
    rate_everything(client, opened)
    assert client.post(page(opened, REVIEW), {"action": "submit"})["Location"] == url(
        opened, "thanks/"
    )
    assert Response.objects.get().completed_at is not None
    # The old link no longer names the invitation: it stays open, to be reminded again.
    assert Invitation.objects.get().completed_at is None
