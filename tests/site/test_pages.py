import re

import pytest
from django.core import mail
from django.urls import reverse

from hallmark.accounts.data import DeliveryStatus, MessageKey
from hallmark.accounts.models import SentMessage

from factories import PASSWORD, CertificateProgramFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_it_lists_active_programs_and_tells_the_two_kinds_apart(client) -> None:
    ProgramFactory(name="Employment Support", designation="ES")
    CertificateProgramFactory(name="Intro Course", designation="IC")
    ProgramFactory(name="Draft One", designation="DR", status="draft")
    page = client.get(reverse("home")).content.decode()
    assert "Employment Support" in page and "Intro Course" in page
    assert "Draft One" not in page
    assert "Certificate of completion — not a certification" in page
    assert "Certification — valid 36 months, renewable" in page


def test_the_base_template_has_landmarks_and_a_skip_link(client) -> None:
    page = client.get(reverse("home")).content.decode()
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page and "<header" in page and "<footer" in page
    assert '<nav aria-label="Main">' in page
    assert '<html lang="en">' in page


def test_signing_in_with_a_wrong_password_shows_a_linked_error_summary(client, cast) -> None:
    page = client.post(
        reverse("login"), {"username": cast.candidate.email, "password": "nope"}
    ).content.decode()
    assert 'role="alert"' in page and "There is a problem" in page
    assert 'autocomplete="current-password"' in page


def test_the_portal_needs_a_sign_in(client, cast) -> None:
    response = client.get(reverse("portal"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.login(username=cast.candidate.email, password=PASSWORD)
    assert client.get(reverse("portal")).status_code == 200


def test_password_reset_sends_a_one_time_link_that_works(client, cast, committed) -> None:
    with committed():
        client.post(reverse("password_reset"), {"email": cast.candidate.email})
        assert not mail.outbox, "the mail leaves after the commit, not in the request"
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Reset your Hallmark password"
    record = SentMessage.objects.get(key=MessageKey.PASSWORD_RESET, person=cast.candidate)
    assert record.status == DeliveryStatus.SENT and "/accounts/reset/" not in record.body
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
        follow=True,
    )
    assert "Password changed" in done.content.decode()
    assert client.login(username=cast.candidate.email, password="a-brand-new-passphrase")


def test_sign_out_needs_a_post_with_csrf(cast) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.candidate)
    assert client.post(reverse("logout")).status_code == 403
