"""The account pages and emails in the person's language, and the accounts catalog complete."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hallmark.accounts import demo, services
from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import MessageTemplate, User
from hallmark.accounts.notifications import (
    DEFAULT_TEMPLATES,
    ensure_templates,
    notify,
    template_problems,
)
from hallmark.accounts.notifications_es import SPANISH_TEMPLATES

from i18n import missing_translations, mo_matches_po, untranslated_text

pytestmark = pytest.mark.django_db

# The pages a candidate or the public sees (the erasure queue and the second-factor reset are
# staff pages, in English).
TEMPLATES = [
    f"accounts/{name}.html"
    for name in (
        "sign_up",
        "check_email",
        "verify",
        "verify_invalid",
        "profile",
        "demographics",
        "my_data",
        "locked_out",
        "second_factor",
        "second_factor_enrol",
        "backup_codes",
    )
]
MODULES = [
    f"hallmark.accounts.{name}"
    for name in (
        "data",
        "data_rights",
        "forms",
        "language",
        "personal_data",
        "second_factor_views",
        "services",
        "views",
    )
]
FORM = {
    "email": "ana.perez@example.org",
    "legal_name": "Ana Pérez Gómez",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_account_pages_say_nothing_untranslated(template) -> None:
    assert untranslated_text(template) == []


def test_the_accounts_catalog_is_complete_and_compiled() -> None:
    assert missing_translations("accounts", TEMPLATES, MODULES) == []
    assert mo_matches_po("accounts")


def test_signing_up_in_spanish_keeps_the_language_and_mails_in_spanish(client, committed) -> None:
    page = client.get(reverse("accounts:sign-up"), HTTP_ACCEPT_LANGUAGE="es")
    assert "Crear una cuenta de candidato" in page.content.decode()
    with committed():
        client.post(reverse("accounts:sign-up"), FORM, HTTP_ACCEPT_LANGUAGE="es")
    assert User.objects.get(email=FORM["email"]).language == "es"
    message = mail.outbox[-1]
    assert message.subject == "Confirme su dirección de correo electrónico para Hallmark"
    assert message.body.startswith("Hola, Ana Pérez Gómez:")


def test_an_email_follows_the_persons_language_and_falls_back_to_english(cast, committed) -> None:
    services.choose_language(cast.candidate, "es", by=cast.candidate)
    context = {"email": cast.candidate.email}
    with committed():
        notify(cast.candidate, MessageKey.PASSWORD_RESET, context, secrets={"link": "http://x/r"})
    assert mail.outbox[-1].subject == "Restablezca su contraseña de Hallmark"
    # No Spanish template for this one: English words, Spanish dates.
    MessageTemplate.objects.filter(key=MessageKey.RESULTS_RELEASED, language="es").delete()
    sat_on = datetime.date(2025, 3, 3)
    with committed():
        notify(cast.candidate, MessageKey.RESULTS_RELEASED, {"program": "CESP", "sat_on": sat_on})
    assert "exam taken on 3 de marzo de 2025" in mail.outbox[-1].body
    with committed():
        notify(cast.officer, MessageKey.RESULTS_RELEASED, {"program": "CESP", "sat_on": sat_on})
    assert "exam taken on 3 March 2025" in mail.outbox[-1].body


def test_every_spanish_default_is_created_beside_its_english_one() -> None:
    ensure_templates()
    spanish = set(MessageTemplate.objects.filter(language="es").values_list("key", flat=True))
    assert {MessageKey.EMAIL_VERIFICATION, MessageKey.PASSWORD_RESET} <= spanish
    english = set(MessageTemplate.objects.filter(language="en").values_list("key", flat=True))
    assert spanish <= english == set(MessageKey.values)


def test_the_profile_page_in_spanish_and_nobody_chooses_for_another(client, cast) -> None:
    services.choose_language(cast.candidate, "es", by=cast.candidate)
    client.force_login(cast.candidate)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<html lang="es">' in page and "El que pida mi navegador" in page
    assert "Guardar mi perfil" in page
    with pytest.raises(PermissionDenied):
        services.choose_language(cast.candidate, "en", by=cast.officer)


def test_the_demo_has_a_holder_who_reads_hallmark_in_spanish(client) -> None:
    lines = demo.seed()
    holder = User.objects.get(email=demo.NOT_FOUND_BY_NAME[0])
    assert holder.language == "es" and any("reads Hallmark in Spanish" in line for line in lines)
    client.force_login(holder)
    page = client.get(reverse("accounts:my-data"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in page and "Descargar sus datos" in page


@pytest.mark.parametrize("key", sorted(SPANISH_TEMPLATES))
def test_every_spanish_default_renders_and_uses_only_the_english_ones_values(key) -> None:
    subject, body = SPANISH_TEMPLATES[key]
    assert template_problems(subject, body) == []
    listed = DEFAULT_TEMPLATES[key][2]
    names = {part.split("(")[0].strip() for part in listed.split(",")}
    names |= {"name", "site_name", "site_url"}
    used = set(re.findall(r"{{ (\w+) }}|{% if (\w+) %}", subject + body))
    assert {name for pair in used for name in pair if name} <= names
