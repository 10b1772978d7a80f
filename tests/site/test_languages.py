"""English and Spanish: the browser's Accept-Language, the footer's switcher, the profile's
choice, and the site's catalog kept complete."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from hallmark.accounts import services

from factories import CredentialFactory, ProgramFactory, published_outline
from i18n import missing_translations, mo_matches_po, untranslated_text

pytestmark = pytest.mark.django_db

# The site's candidate and public templates (jobs.html and job.html are staff pages).
SITE_TEMPLATES = [
    "hallmark/base.html",
    "hallmark/form.html",
    "hallmark/_error_summary.html",
    "hallmark/_field.html",
    "hallmark/guides.html",
    "hallmark/guide.html",
    "hallmark/home.html",
    "hallmark/program.html",
    "hallmark/handbook.html",
    "hallmark/next_steps.html",
    "403.html",
    "403_csrf.html",
    "404.html",
    "500.html",
    "registration/login.html",
    "registration/logged_out.html",
    "registration/password_reset_form.html",
    "registration/password_reset_done.html",
    "registration/password_reset_confirm.html",
    "registration/password_reset_complete.html",
]


def test_accept_language_es_gives_the_spanish_home_page() -> None:
    page = Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    html = page.content.decode()
    assert '<html lang="es">' in html and "Saltar al contenido principal" in html
    assert page["Content-Language"] == "es" and "Accept-Language" in page["Vary"]
    english = Client().get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="en">' in english and "Skip to main content" in english


def test_a_saved_choice_beats_the_browsers_header(client, cast) -> None:
    services.choose_language(cast.candidate, "es", by=cast.candidate)
    client.force_login(cast.candidate)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in html and "Cerrar sesión" in html
    services.choose_language(cast.candidate, "", by=cast.candidate)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html


def test_a_signed_in_switch_needs_csrf_and_remembers_the_choice(cast) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.candidate)
    refused = strict.post(reverse("set-language"), {"language": "es", "next": "/"})
    assert refused.status_code == 403
    cast.candidate.refresh_from_db()
    assert cast.candidate.language == ""
    page = strict.get(reverse("home"))
    token = page.cookies["csrftoken"].value
    moved = strict.post(
        reverse("set-language"),
        {"language": "es", "next": "/registry/", "csrfmiddlewaretoken": token},
    )
    assert moved.status_code == 302 and moved["Location"] == "/registry/"
    cast.candidate.refresh_from_db()
    assert cast.candidate.language == "es"
    assert '<html lang="es">' in strict.get(reverse("home")).content.decode()


def test_a_visitors_switch_sets_only_a_cookie_and_public_pages_set_none(cast) -> None:
    """A visitor's page carries no CSRF token and sets no cookie, so a shared cache can keep the
    registry's page without handing one visitor's token to the next; the switch still works."""
    strict = Client(enforce_csrf_checks=True)
    credential = CredentialFactory()
    for url in (reverse("home"), reverse("registry-credential", args=[credential.number])):
        page = strict.get(url)
        assert page.status_code == 200 and not page.cookies, (url, page.cookies)
        assert "csrfmiddlewaretoken" not in page.content.decode()
    moved = strict.post(reverse("set-language"), {"language": "es", "next": "/registry/"})
    assert moved.status_code == 302 and moved.cookies["django_language"].value == "es"
    assert '<html lang="es">' in strict.get(reverse("home")).content.decode()


def test_the_switcher_refuses_an_unknown_language_and_a_foreign_next(client) -> None:
    bad = client.post(reverse("set-language"), {"language": "fr"})
    assert bad.status_code == 400 and "fr" in bad.content.decode()
    away = client.post(reverse("set-language"), {"language": "es", "next": "https://evil.example/"})
    assert away["Location"] == "/" and away.cookies["django_language"].value == "es"
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in html  # the cookie, for someone not signed in


def test_the_profile_saves_the_language(client, cast) -> None:
    client.force_login(cast.candidate)
    data = {"legal_name": cast.candidate.legal_name or "Jordan Rivera", "language": "es"}
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    cast.candidate.refresh_from_db()
    assert cast.candidate.language == "es"
    bad = client.post(reverse("accounts:profile"), data | {"language": "xx"})
    assert bad.status_code == 200
    cast.candidate.refresh_from_db()
    assert cast.candidate.language == "es"


@pytest.mark.parametrize("template", SITE_TEMPLATES)
def test_the_site_templates_say_nothing_untranslated(template) -> None:
    assert untranslated_text(template) == []


def test_the_site_catalog_is_complete_and_compiled() -> None:
    assert missing_translations("hallmark_site", SITE_TEMPLATES, ["hallmark.site.forms"]) == []
    assert mo_matches_po("hallmark_site")


def test_a_spanish_program_page_writes_its_dates_the_spanish_way() -> None:
    program = ProgramFactory(designation="CESP", name="Employment Support Professional")
    outline = published_outline(program, weights=(40, 60), competencies_per_domain=1)
    published = datetime.datetime(2025, 3, 3, 15, tzinfo=datetime.UTC)
    type(outline).objects.filter(pk=outline.pk).update(published_at=published)
    url = reverse("program", args=["CESP"])
    spanish = Client().get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "publicada el 3 de marzo de 2025" in spanish and "Quién puede postularse" not in spanish
    assert "El esquema de contenidos" in spanish and "Employment Support Professional" in spanish
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "published 3 March 2025" in english
