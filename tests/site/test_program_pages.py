"""The public program pages and handbooks, built from what Hallmark holds about each program."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hallmark.certification import services as certification
from hallmark.programs import services
from hallmark.programs.data import FeeKind, ProgramStatus
from hallmark.programs.models import CasePolicy

from factories import (
    BlueprintFactory,
    CandidateHandbookFactory,
    CECategoryFactory,
    CertificateProgramFactory,
    EligibilityCriterionFactory,
    EligibilityPolicyFactory,
    FeeFactory,
    FeeScheduleFactory,
    ProgramFactory,
    RecertificationPolicyFactory,
    RegistrationFactory,
    RetakePolicyFactory,
    TestingWindowFactory,
    published_handbook,
    published_outline,
)

pytestmark = pytest.mark.django_db


def main_of(response) -> str:
    """The page's own content (the site's header and footer describe Hallmark itself)."""
    page = response.content.decode()
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def cesp():
    program = ProgramFactory(designation="CESP", name="Employment Support Professional")
    outline = published_outline(program, weights=(40, 60), competencies_per_domain=2)
    BlueprintFactory(outline=outline, scored_length=100, pretest_length=20, time_limit_minutes=150)
    policy = EligibilityPolicyFactory(program=program, approval_valid_days=365)
    EligibilityCriterionFactory(policy=policy, code="experience", text="One year of paid work.")
    schedule = FeeScheduleFactory(program=program)
    FeeFactory(schedule=schedule, kind=FeeKind.APPLICATION, amount=Decimal("50.00"))
    FeeFactory(schedule=schedule, kind=FeeKind.EXAM, amount=Decimal("175.00"))
    RetakePolicyFactory(program=program, min_days_between_attempts=45)
    recertification = RecertificationPolicyFactory(program=program, ce_hours_required=36)
    CECategoryFactory(policy=recertification, name="Ethics", description="At least 3 hours.")
    CasePolicy.objects.create(
        program=program,
        effective_from=datetime.date(2024, 1, 1),
        appeal_days=21,
        decide_days=50,
        complaint_close_days=80,
    )
    TestingWindowFactory(program=program, name="CESP spring online")
    return program


def test_the_page_shows_what_the_program_holds(client, cesp) -> None:
    text = words(main_of(client.get(reverse("program", args=["CESP"]))))
    assert "Employment Support Professional" in text
    assert "is a certification" in text and "It is not a certificate of completion" in text
    assert "One year of paid work." in text and "for 365 days" in text
    assert "The exam has 120 questions and 150 minutes" in text
    assert "100 count toward your score" in text
    assert "1. Domain" in text and "40%" in text and "60%" in text
    assert "1.1" in text and "2.2" in text
    assert "Application USD 50.00" in text and "Exam USD 175.00" in text
    assert "CESP spring online" in text
    assert "after 45 days" in text
    assert "36 hours of continuing education" in text
    assert "Ethics" in text and "At least 3 hours." in text
    assert "within 21 days" in text and "within 50 days" in text and "within 80 days" in text


def test_the_apply_link_starts_the_application(client, cast, cesp) -> None:
    page = main_of(client.get(reverse("program", args=["cesp"])))
    apply_url = reverse("exams:apply", args=["CESP"])
    assert f'href="{apply_url}"' in page and "You sign in, or create an account, first" in page
    gone_round = client.get(apply_url)
    assert gone_round.status_code == 302
    assert gone_round["Location"] == f"{reverse('login')}?next={apply_url}"
    client.force_login(cast.candidate)
    page = main_of(client.get(reverse("program", args=["CESP"])))
    assert "You sign in" not in page
    assert "Start my application" in client.get(apply_url).content.decode()


SIGN_UP = {
    "email": "new.person@example.org",
    "legal_name": "Morgan Lee Baptiste",
    "preferred_name": "Morgan",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


def _sign_up_and_confirm(client, committed, sign_up_url: str) -> str:
    with committed():
        client.post(sign_up_url, SIGN_UP)
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", mail.outbox[-1].body).group(1)
    return client.post(link)["Location"]


def test_a_visitor_who_signs_up_on_the_way_lands_on_the_application(
    client, committed, cesp
) -> None:
    apply_url = reverse("exams:apply", args=["CESP"])
    sign_in = client.get(f"{reverse('login')}?next={apply_url}").content.decode()
    sign_up_url = f"{reverse('accounts:sign-up')}?next={apply_url}"
    assert f'href="{sign_up_url}"' in sign_in
    assert _sign_up_and_confirm(client, committed, sign_up_url) == apply_url
    assert "Start my application" in client.get(apply_url).content.decode()


def test_signing_up_on_the_way_elsewhere_off_the_site_goes_to_the_profile(
    client, committed
) -> None:
    sign_up_url = f"{reverse('accounts:sign-up')}?next=https://elsewhere.example/"
    assert _sign_up_and_confirm(client, committed, sign_up_url) == reverse("accounts:profile")


def test_no_apply_link_without_an_eligibility_policy(client) -> None:
    ProgramFactory(designation="ES")
    page = main_of(client.get(reverse("program", args=["ES"])))
    assert reverse("exams:apply", args=["ES"]) not in page
    assert "No testing window is open for booking now." in page


@pytest.mark.parametrize("designation", ["NOPE", "DR"])
def test_unknown_and_draft_programs_have_no_page(client, designation) -> None:
    ProgramFactory(designation="DR", status=ProgramStatus.DRAFT)
    for name in ("program", "program-handbook", "program-handbook-pdf"):
        assert client.get(reverse(name, args=[designation])).status_code == 404


def test_a_retired_program_keeps_its_page_for_its_holders_but_takes_no_applications(
    client, cesp
) -> None:
    cesp.status = ProgramStatus.RETIRED
    cesp.save()
    page = main_of(client.get(reverse("program", args=["CESP"])))
    assert "This program is retired" in page
    assert reverse("exams:apply", args=["CESP"]) not in page
    assert "CESP spring online" not in page


def test_a_certificate_program_s_page_never_says_certification(client) -> None:
    program = CertificateProgramFactory(
        designation="CEF", name="Foundations Course", description="A 30-hour course."
    )
    published_outline(program, weights=(100,))
    FeeFactory(schedule=FeeScheduleFactory(program=program), kind=FeeKind.CERTIFICATE)
    published_handbook(program, title="Participant handbook", body="<p>Attend every session.</p>")
    page = main_of(client.get(reverse("program", args=["CEF"])))
    assert "certificate of completion" in page and "Foundations Course" in page
    assert "certification" not in page.lower()
    handbook = main_of(client.get(reverse("program-handbook", args=["CEF"])))
    assert "Attend every session." in handbook and "certification" not in handbook.lower()
    title = client.get(reverse("program", args=["CEF"])).content.decode().split("</title>")[0]
    assert "certification" not in title.lower()


def test_the_handbook_page_shows_the_version_in_force_and_the_earlier_ones(client, cesp) -> None:
    first = published_handbook(cesp, body="<h2>Fees</h2><p>Fifty dollars.</p>")
    second = services.new_handbook_version(first, by=None)
    second.body = "<h2>Fees</h2><p>Sixty dollars.</p>"
    second.changes = "The application fee rose."
    second.save()
    draft_only = CandidateHandbookFactory(program=cesp, body="<p>Not yet.</p>")
    assert "Fifty dollars." in main_of(client.get(reverse("program-handbook", args=["CESP"])))
    services.publish_handbook(second, by=None)

    page = main_of(client.get(reverse("program-handbook", args=["CESP"])))
    assert "Sixty dollars." in page and "Fifty dollars." not in page and "Not yet." not in page
    assert "version 2" in page and "The application fee rose." in page
    older = main_of(client.get(reverse("program-handbook-version", args=["CESP", 1])))
    assert "Fifty dollars." in older and "This is an earlier version." in older
    assert (
        client.get(
            reverse("program-handbook-version", args=["CESP", draft_only.version])
        ).status_code
        == 404
    )
    program_page = main_of(client.get(reverse("program", args=["CESP"])))
    assert reverse("program-handbook-pdf", args=["CESP"]) in program_page


def test_the_handbook_is_shown_cleaned_even_if_the_row_was_written_around_the_model(
    client, cesp
) -> None:
    handbook = published_handbook(cesp)
    type(handbook).objects.filter(pk=handbook.pk).update(
        body='<p>Hello</p><script>alert("x")</script>'
    )
    page = main_of(client.get(reverse("program-handbook", args=["CESP"])))
    assert "<p>Hello</p>" in page and "<script" not in page


def test_the_handbook_pdf_is_a_pdf_of_the_version_in_force(client, cesp) -> None:
    published_handbook(cesp, body="<h2>Retakes</h2><p>Wait thirty days between attempts.</p>")
    response = client.get(reverse("program-handbook-pdf", args=["CESP"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="CESP-handbook-v1.pdf"' in response["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Wait thirty days between attempts." in text and "version 1" in text.lower()


def test_no_handbook_yet_is_a_404(client, cesp) -> None:
    CandidateHandbookFactory(program=cesp)  # a draft only
    assert client.get(reverse("program-handbook", args=["CESP"])).status_code == 404
    assert client.get(reverse("program-handbook-pdf", args=["CESP"])).status_code == 404


def test_only_windows_open_for_booking_are_listed(client, cesp) -> None:
    past = timezone.now() - datetime.timedelta(days=60)
    TestingWindowFactory(
        program=cesp,
        name="Closed window",
        opens_at=past,
        closes_at=past + datetime.timedelta(days=10),
    )
    RegistrationFactory(window=TestingWindowFactory(program=cesp, name="Full window", capacity=1))
    page = main_of(client.get(reverse("program", args=["CESP"])))
    assert "CESP spring online" in page
    assert "Closed window" not in page and "Full window" not in page


def test_the_home_page_cards_link_to_the_program_pages(client, cesp) -> None:
    CertificateProgramFactory(designation="CEF")
    page = client.get(reverse("home")).content.decode()
    for designation in ("CESP", "CEF"):
        assert f'href="{reverse("program", args=[designation])}"' in page


def test_the_registry_links_each_credential_s_program(client, cast, cesp) -> None:
    certification.create_issuer_key()
    credential = certification.issue_credential(cast.candidate, cesp)
    program_url = reverse("program", args=["CESP"])
    entry = client.get(reverse("registry-credential", args=[credential.number]))
    assert f'href="{program_url}"' in main_of(entry)
    found = client.get(reverse("registry"), {"search-name": cast.candidate.legal_name})
    assert f'href="{program_url}"' in main_of(found)


def test_a_spanish_page_marks_what_staff_wrote_as_english(client, cesp) -> None:
    """The program's own words are not translated: a Spanish page says they are English, so a
    screen reader reads them with an English voice (WCAG 3.1.2, language of parts)."""
    cesp.description = "For people who help others find work."
    cesp.save()
    page = client.get(reverse("program", args=["CESP"]), HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert '<html lang="es"' in html
    domain = cesp.outlines.get().domains.order_by("code").first()
    competency = domain.competencies.order_by("code").first()
    for marked in (
        f'<p lang="en">{cesp.description}</p>',
        f'<span lang="en">{domain.title}</span></h3>\n  <ul lang="en">\n    '
        f"<li>{competency.code} {competency.statement}</li>",
        '<span lang="en">One year of paid work.</span>',
        '<li lang="en"><strong>Ethics</strong>: At least 3 hours.</li>',
    ):
        assert marked in html
    assert '<h2 id="what">Qué es</h2>' in html  # the page's own words are not marked
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'<p lang="en">{cesp.description}</p>' in home
