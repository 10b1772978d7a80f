"""Failed sign-ins lock an account and an address for a while (django-axes), on the sign-in page
and the staff sign-in; sign-up and password-reset requests are rate-limited per address."""

import logging
import re

import pytest
from django.conf import settings
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from hallmark.accounts.throttle import client_address

from factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_log(caplog):
    audit = logging.getLogger("hallmark.audit")
    audit.addHandler(caplog.handler)
    yield caplog
    audit.removeHandler(caplog.handler)


def sign_in(client, email: str, password: str, address: str = "198.51.100.1", path: str = ""):
    return client.post(
        path or reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_refuses_the_right_password_after_40_wrong_ones(client, cast) -> None:
    for attempt in range(40):
        sign_in(client, cast.candidate.email, f"guess-{attempt}")
    response = sign_in(client, cast.candidate.email, PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    page = response.content.decode()
    assert "Signing in is paused" in page
    assert f"{settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in page
    assert reverse("password_reset") in page and "credentialing office" in page


def test_the_account_locks_at_its_limit_whatever_the_case_of_the_address(client, cast) -> None:
    email = cast.candidate.email
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, email.upper() if attempt % 2 else email, "wrong")
    assert sign_in(client, email, PASSWORD).status_code == 302 and signed_in(client)
    client.post(reverse("logout"))
    sign_in(client, email.title(), "wrong")
    # From another address too: the account itself is locked.
    assert sign_in(client, email, PASSWORD, address="203.0.113.9").status_code == 429


def test_an_address_is_throttled_across_accounts(client, cast) -> None:
    limit = settings.HALLMARK_SIGN_IN_FAILURES_PER_ADDRESS
    assert limit > settings.AXES_FAILURE_LIMIT  # a shared address gets more tries than an account
    for n in range(limit - 1):
        sign_in(client, f"someone-{n}@example.org", "wrong", address="203.0.113.7")
    assert sign_in(client, cast.writer.email, PASSWORD, address="203.0.113.7").status_code == 302
    client.post(reverse("logout"))
    sign_in(client, "one-more@example.org", "wrong", address="203.0.113.7")
    locked = sign_in(client, cast.candidate.email, PASSWORD, address="203.0.113.7")
    assert locked.status_code == 429 and not signed_in(client)
    elsewhere = sign_in(client, cast.candidate.email, PASSWORD, address="198.51.100.20")
    assert elsewhere.status_code == 302 and signed_in(client)


def test_the_staff_sign_in_is_throttled_too(client, cast) -> None:
    admin_login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, cast.officer.email, "wrong", path=admin_login)
    response = sign_in(client, cast.officer.email, PASSWORD, path=admin_login)
    assert response.status_code == 429 and not signed_in(client)


def test_a_lockout_is_recorded_and_audited(client, cast, audit_log) -> None:
    from axes.models import AccessAttempt, AccessFailureLog  # here: the app may be absent

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, cast.candidate.email, "wrong", address="192.0.2.44")
    attempt = AccessAttempt.objects.get(username=cast.candidate.email)
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert attempt.ip_address == "192.0.2.44"
    assert AccessFailureLog.objects.filter(username=cast.candidate.email, locked_out=True).exists()
    assert f"sign-in locked out: account '{cast.candidate.email}' from 192.0.2.44" in (
        audit_log.text
    )


def test_resetting_the_password_unlocks_the_account(client, cast, committed) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, cast.candidate.email, "wrong")
    with committed():
        client.post(reverse("password_reset"), {"email": cast.candidate.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    new = "a-brand-new-passphrase"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert sign_in(client, cast.candidate.email, new).status_code == 302 and signed_in(client)


def test_sign_up_is_rate_limited_per_address(client) -> None:
    limit = settings.HALLMARK_RATE_LIMITS["sign-up"]
    form = {"email": "x@example.org", "legal_name": "X", "password1": "a", "password2": "b"}
    codes = [client.post(reverse("accounts:sign-up"), form).status_code for _ in range(limit + 1)]
    assert codes == [200] * limit + [429]
    assert client.get(reverse("accounts:sign-up")).status_code == 200  # the form still shows
    resend = client.post(reverse("accounts:check-email"), {"email": "x@example.org"})
    assert resend.status_code == 429


def test_password_reset_requests_are_rate_limited_per_address(client, cast, committed) -> None:
    limit = settings.HALLMARK_RATE_LIMITS["password-reset"]
    url = reverse("password_reset")
    with committed():
        codes = [
            client.post(url, {"email": cast.candidate.email}).status_code for _ in range(limit + 1)
        ]
    assert codes == [302] * limit + [429]
    assert len(mail.outbox) == limit
    other = client.post(url, {"email": cast.candidate.email}, REMOTE_ADDR="198.51.100.99")
    assert other.status_code == 302


def test_an_officer_unlocks_an_account_in_the_admin(client, cast) -> None:
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, cast.candidate.email, "wrong")
    attempt = AccessAttempt.objects.get(username=cast.candidate.email)
    officer = client.__class__()
    officer.force_login(cast.officer)
    listing = officer.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and cast.candidate.email in listing.content.decode()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert officer.post(delete, {"post": "yes"}).status_code == 302
    assert sign_in(client, cast.candidate.email, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_limits_are_those_the_docs_give() -> None:
    # README and docs/accounts.md quote these defaults.
    assert (settings.AXES_FAILURE_LIMIT, settings.HALLMARK_SIGN_IN_FAILURES_PER_ADDRESS) == (5, 30)
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    limits = settings.HALLMARK_RATE_LIMITS
    assert (limits["sign-up"], limits["password-reset"]) == (5, 5)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "198.51.100.4"}, "198.51.100.4"),
        ({"REMOTE_ADDR": "2001:db8::1"}, "2001:db8::1"),
        ({}, None),  # no address at all: the rate limits say "unknown"
    ],
)
def test_axes_gets_an_ip_address_or_none(meta, expected) -> None:
    request = HttpRequest()
    request.META.update(meta)
    assert client_address(request) == expected


def test_a_forged_forwarded_address_is_no_error(client, cast, settings) -> None:
    settings.HALLMARK_TRUSTED_PROXIES = 1  # the proxy passed on what the client forged
    response = client.post(
        reverse("login"),
        {"username": cast.candidate.email, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="not-an-address",
    )
    assert response.status_code == 200


def test_sign_ins_without_an_address_share_no_address_lock(client, cast, settings) -> None:
    # Behind one trusted proxy that passed on a client address it could not read.
    settings.HALLMARK_TRUSTED_PROXIES = 1
    for n in range(settings.HALLMARK_SIGN_IN_FAILURES_PER_ADDRESS):
        client.post(
            reverse("login"),
            {"username": f"someone-{n}@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="unknown",
        )
    response = client.post(
        reverse("login"),
        {"username": cast.candidate.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="unknown",
    )
    assert response.status_code == 302 and signed_in(client)
