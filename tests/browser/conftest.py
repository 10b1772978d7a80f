"""A real browser for the suite: Debian's Chromium driven by Playwright, never a download."""

import os
import shutil
from base64 import b32decode
from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from hallmark.accounts.models import User

CHROMIUM = os.environ.get("HALLMARK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Playwright runs an event loop in this thread; Django's ORM is used synchronously beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"No Chromium at {CHROMIUM}: install it with `apt-get install chromium` "
            "or set HALLMARK_CHROMIUM (the suite never downloads a browser)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh context; a test fails if the Content-Security-Policy refused anything
    (an inline script or style, a resource from elsewhere)."""
    context = browser.new_context()
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert refused == [], refused


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def _code(key: bytes) -> str:
    from django_otp.oath import totp

    return f"{totp(key):06d}"


def _pass_second_factor(page: Page, person: User) -> None:
    """After the password: set the authenticator up (reading the key off the page, as a person
    would) or enter its code. A person who owes no code is left where they are."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_load_state()
    heading = page.get_by_role("heading", level=1).first.inner_text()
    if heading == "Set up your authenticator app":
        key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
        page.get_by_label("Code").fill(_code(key))
        page.get_by_role("button", name="Confirm and continue").click()
        page.get_by_role("heading", name="Your backup codes").wait_for()
        page.get_by_role("link", name="Continue").click()
    elif heading == "Enter your code":
        device = TOTPDevice.objects.get(user=person, confirmed=True)
        # A code is good once: a test that signs in twice within 30 seconds may use it again.
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        page.get_by_label("Code").fill(_code(device.bin_key))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


@pytest.fixture
def second_factor() -> Callable[[Page, User], None]:
    """`second_factor(page, person)` after the password passes the second factor, if owed."""
    return _pass_second_factor
