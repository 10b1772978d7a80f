"""The role guides' screenshots, taken from the demo so that they never go stale.

One test seeds the demo once (about 20 s) and walks every role: it signs in as the role's demo
account, opens the pages its guide shows and writes each as docs/guides/images/<name>.png at a
fixed viewport. tests/site/test_guides.py checks that every image a guide shows is one taken
here.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page

from hallmark.accounts.demo import demo_password
from hallmark.accounts.models import User
from hallmark.certification.models import Credential

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "guides" / "images"
VIEWPORT = {"width": 1280, "height": 800}
# A PNG larger than this is cut to the top of the page (the guides stay light to clone).
MAX_BYTES = 150_000


@dataclass(frozen=True)
class Screenshot:
    """`name`.png: `path` as `account` sees it (nobody signed in when None); a `{number}` in
    the path is the account's first credential number."""

    name: str
    account: str | None
    path: str


SCREENSHOTS: tuple[Screenshot, ...] = (
    Screenshot("candidate-program", None, "/programs/CESP/"),
    Screenshot("candidate-dashboard", "candidate@example.org", "/portal/"),
    Screenshot("candidate-result", "retake@example.org", "/portal/"),
    Screenshot("certificant-credentials", "maria.gonzalez@example.org", "/credentials/mine/"),
    Screenshot("certificant-verify", None, "/credentials/verify/"),
    Screenshot(
        "certificant-renewal", "hannah.kowalski@example.org", "/credentials/{number}/renewal/"
    ),
    Screenshot("certificant-my-data", "aisha.khan@example.org", "/accounts/my-data/"),
    Screenshot("program-manager-staff", "manager@example.org", "/staff/"),
    Screenshot("program-manager-job-analysis", "manager@example.org", "/job-analysis/staff/"),
    Screenshot("item-writer-bank", "writer@example.org", "/items/"),
    Screenshot("item-writer-reviews", "reviewer@example.org", "/items/reviews/"),
    Screenshot(
        "psychometrician-health",
        "psychometrician@example.org",
        "/items/health/?program=CESP&forms_needed=11",
    ),
    Screenshot("psychometrician-forms", "psychometrician@example.org", "/forms/?program=CESP"),
    Screenshot("psychometrician-results", "psychometrician@example.org", "/results/staff/"),
    Screenshot("credentialing-officer-casework", "officer@example.org", "/casework/"),
    Screenshot(
        "credentialing-officer-applications", "officer@example.org", "/staff/exams/application/"
    ),
    Screenshot(
        "credentialing-officer-erasure", "officer@example.org", "/accounts/erasure-requests/"
    ),
    Screenshot("proctor-windows", "proctor@example.org", "/portal/proctor/"),
    Screenshot("operator-keys", "admin@example.org", "/staff/certification/issuerkey/"),
)


def _sign_in(page: Page, base: str, email: str, second_factor) -> None:
    page.goto(base + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    second_factor(page, User.objects.get(email=email))


def _path(shot: Screenshot) -> str:
    if "{number}" not in shot.path:
        return shot.path
    credential = Credential.objects.filter(holder__email=shot.account).order_by("pk").first()
    assert credential is not None, f"{shot.account} holds no credential in the demo"
    return shot.path.format(number=credential.number)


def _take(page: Page, base: str, shot: Screenshot) -> None:
    url = base + _path(shot)
    response = page.goto(url)
    # Shown to the account itself, not a sign-in page it was sent to instead.
    assert response is not None and response.ok, (shot.name, response and response.status)
    assert page.url == url, (shot.name, page.url)
    page.locator("h1").first.wait_for()
    image = page.screenshot(type="png")
    if len(image) > MAX_BYTES:
        image = page.screenshot(type="png", clip={"x": 0, "y": 0, "width": 1280, "height": 560})
    # Written whole, then renamed: the guides' check may be reading the images meanwhile.
    partial = IMAGES / f".{shot.name}.png.part"
    partial.write_bytes(image)
    os.replace(partial, IMAGES / f"{shot.name}.png")


def test_the_guides_screenshots_are_taken_from_the_demo(
    live_server, browser: Browser, second_factor
) -> None:
    started = time.time()
    call_command("demo", no_serve=True)
    IMAGES.mkdir(parents=True, exist_ok=True)
    accounts = dict.fromkeys(shot.account for shot in SCREENSHOTS)
    for account in accounts:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        if account is not None:
            _sign_in(page, live_server.url, account, second_factor)
        for shot in (s for s in SCREENSHOTS if s.account == account):
            _take(page, live_server.url, shot)
        context.close()
    for shot in SCREENSHOTS:
        written = (IMAGES / f"{shot.name}.png").stat()
        assert written.st_mtime >= started and written.st_size <= MAX_BYTES * 1.2, shot.name
