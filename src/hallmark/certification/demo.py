"""Demo holders of the demo certification in every state, and a certificate of completion,
each with its signed credential; the issuer key is made when there is none. The demo
certification has a badge image uploaded (a shield); the certificate keeps the drawn one. Maria
Gonzalez has switched her certification's share page on."""

import textwrap
from xml.sax.saxutils import escape

from django.urls import reverse

from hallmark.accounts.demo import ensure_person
from hallmark.accounts.notifications import recorded_only
from hallmark.certification import services
from hallmark.certification.appeals.demo import seed as seed_appeals
from hallmark.certification.appeals.result_demo import seed as seed_result_appeal
from hallmark.certification.complaints.demo import seed as seed_complaints
from hallmark.certification.data import CredentialEventKind, CredentialStatus
from hallmark.certification.dates import add_months
from hallmark.certification.discipline.demo import seed as seed_discipline
from hallmark.certification.issuer import absolute, issuer_id
from hallmark.certification.keys import environment_secret
from hallmark.certification.models import BadgeImage, Credential, IssuerKey
from hallmark.certification.recertification.demo import seed as seed_recertification
from hallmark.certification.sharing import set_share_page, share_url
from hallmark.programs.demo import CERTIFICATE_DESIGNATION, DEMO_DESIGNATION
from hallmark.programs.models import Program

# email, name, months since issue (negative: days), then what happened
HOLDERS = [
    ("maria.gonzalez@example.org", "Maria Gonzalez", 14, None),
    ("tom.becker@example.org", "Tom Becker", 34, None),  # expires within 90 days
    ("aisha.khan@example.org", "Aisha Khan", 40, "expire"),
    ("daniel.price@example.org", "Daniel Price", 8, "suspend"),
    ("grace.liu@example.org", "Grace Liu", 20, "revoke"),
]
COMPLETION = ("noah.williams@example.org", "Noah Williams", 5)


def _issue(email: str, name: str, program: Program, months_ago: int) -> Credential | None:
    holder = ensure_person(email, name)
    if Credential.objects.filter(holder=holder, program=program).exists():
        return None  # seeded before: leave it exactly as it is
    issued_on = add_months(program.today(), -months_ago)
    return services.issue_credential(
        holder, program, issued_on=issued_on, reason="Demo: passed the exam"
    )


def _ensure_key() -> None:
    if (
        environment_secret() is None
        and not IssuerKey.objects.filter(controller=issuer_id(), retired_at__isnull=True).exists()
    ):
        services.create_issuer_key()


def _holders(cesp: Program) -> None:
    for email, name, months_ago, then in HOLDERS:
        credential = _issue(email, name, cesp, months_ago)
        if credential is None or then is None:
            continue
        if then == "expire":
            services.expire_credential(credential, on=cesp.today())
        elif then == "suspend":
            services.suspend_credential(
                credential,
                actor=None,
                reason="Demo: the exam fee payment was reversed by the bank and is still unpaid",
            )
        elif then == "revoke":
            services.revoke_credential(
                credential, actor=None, reason="Demo: misrepresentation on the application"
            )
    email, name, months_ago = COMPLETION
    _issue(email, name, Program.objects.get(designation=CERTIFICATE_DESIGNATION), months_ago)


# A shield in the program's colours, as a program manager might upload it.
SHIELD = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" \
role="img" aria-labelledby="title">
<title id="title">{designation}: {full_name} (demonstration badge)</title>
<defs><linearGradient id="shade" x1="0" y1="0" x2="0" y2="1">
<stop offset="0" stop-color="#2a6fbb"/><stop offset="1" stop-color="#123a6b"/>
</linearGradient></defs>
<path d="M200 12 L360 72 V196 C360 290 292 356 200 388 C108 356 40 290 40 196 V72 Z" \
fill="url(#shade)"/>
<path d="M200 34 L340 86 V196 C340 278 282 336 200 364 C118 336 60 278 60 196 V86 Z" \
fill="none" stroke="#f2c14e" stroke-width="5"/>
<g fill="#ffffff" font-family="DejaVu Sans, Verdana, sans-serif" text-anchor="middle">
<text x="200" y="122" font-size="15" letter-spacing="2">CERTIFICATION</text>
<text x="200" y="200" font-size="80" font-weight="bold">{designation}</text>
{name}
<text x="200" y="318" font-size="13" fill="#f2c14e" letter-spacing="2">DEMONSTRATION</text>
</g></svg>
"""


def _badge_image(cesp: Program) -> None:
    if BadgeImage.objects.filter(program=cesp).exists():
        return  # uploaded before: the newest upload stays the one in use
    name = "".join(
        f'<text x="200" y="{240 + 20 * i}" font-size="16">{escape(line)}</text>'
        for i, line in enumerate(textwrap.wrap(cesp.name, width=26, max_lines=3))
    )
    designation, full_name = escape(cesp.designation), escape(cesp.name)
    svg = SHIELD.format(designation=designation, full_name=full_name, name=name)
    services.upload_badge_image(cesp, svg.encode("utf-8"), actor=None)


SHARING = "maria.gonzalez@example.org"


def _share_page(cesp: Program) -> Credential | None:
    """Maria Gonzalez's active certification, its share page switched on by her once (if she
    switched it off since, it stays off)."""
    credential = Credential.objects.filter(
        holder__email=SHARING, program=cesp, status=CredentialStatus.ACTIVE
    ).first()
    if credential is None:
        return None
    switched = (CredentialEventKind.SHARE_PAGE_ON, CredentialEventKind.SHARE_PAGE_OFF)
    if not credential.events.filter(kind__in=switched).exists():
        set_share_page(credential, on=True, by=credential.holder)
        credential.refresh_from_db()
    return credential


def seed() -> list[str]:
    _ensure_key()
    cesp = Program.objects.get(designation=DEMO_DESIGNATION)
    _badge_image(cesp)
    with recorded_only():  # the holders' messages are recorded, not mailed
        _holders(cesp)
    demo = Credential.objects.filter(holder__email__endswith="@example.org")
    # Credentials seeded before documents were signed get theirs once.
    for credential in demo.filter(documents__isnull=True):
        services.reissue_document(credential, reason="Demo: signed document added")
    shared = _share_page(cesp)
    recertification = seed_recertification(cesp)
    complaints = seed_complaints(cesp)
    appeals = [*seed_appeals(cesp), *seed_result_appeal(cesp)]
    discipline = seed_discipline(cesp)
    return [
        f"credentials: {demo.count()} demo credentials in every state, each signed "
        "(see /registry/; holders sign in to /credentials/mine/)",
        f"verifier:          {absolute(reverse('credentials-verify'))}",
        f"badges: {cesp.designation} has an uploaded SVG badge image (PNG: the drawn one); "
        "holders download their badge with the credential baked in from /credentials/mine/",
        f"issuer profile:    {issuer_id()}",
        *([f"share page:        {share_url(shared)} (Maria Gonzalez's)"] if shared else []),
        *recertification,
        *complaints,
        *appeals,
        *discipline,
    ]
