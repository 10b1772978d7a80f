"""What `hallmark demo` tells the person who starts it: the public URL it writes into links,
QR codes and credentials, and the accounts of the README's tour.

The public URL is decided before seeding: the demo issues signed credentials whose ids and
status list URLs carry it, and mails sign-up links that point to it.
"""

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

PUBLIC_URL_VARIABLE = "HALLMARK_PUBLIC_URL"
# Addresses a server listens on that no browser can open: links name this machine instead.
_EVERY_ADDRESS = {"0.0.0.0", "::", ""}  # noqa: S104 - compared with, never bound to

# Every account the README's tour signs in as (tests/site/test_demo_banner.py keeps the two
# lists the same). All have the demo password.
TOUR_ACCOUNTS: tuple[str, ...] = (
    "admin@example.org",
    "manager@example.org",
    "writer@example.org",
    "reviewer@example.org",
    "reviewer2@example.org",
    "psychometrician@example.org",
    "panelist@example.org",
    "officer@example.org",
    "panel@example.org",
    "proctor@example.org",
    "candidate@example.org",
    "pending@example.org",
    "moreinfo@example.org",
    "denied@example.org",
    "retake@example.org",
    "sam.patel@example.org",
    "maria.gonzalez@example.org",
    "daniel.price@example.org",
    "grace.liu@example.org",
    "marcus.bell@example.org",
    "sam.ortiz@example.org",
    "priya.raman@example.org",
    "jamal.ortiz@example.org",
    "hannah.kowalski@example.org",
    "luis.fernandez@example.org",
    "mei.chen@example.org",
    "samuel.adeyemi@example.org",
    "olivia.brooks@example.org",
    "aisha.khan@example.org",
    "noah.williams@example.org",
    "training@valleyservices.example.org",
)


def demo_public_url(host: str, port: int, environ: Mapping[str, str]) -> str:
    """The address the demo writes into what it sends and signs: HALLMARK_PUBLIC_URL when set,
    otherwise the address it serves on."""
    chosen = environ.get(PUBLIC_URL_VARIABLE, "").strip()
    if chosen:
        return chosen.rstrip("/")
    if host in _EVERY_ADDRESS:
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address in a URL
    return f"http://{host}:{port}"


def signed_for_another_url(public_url: str, document: Mapping[str, Any] | None) -> str | None:
    """The site a credential seeded earlier names as its issuer, when it is not `public_url`
    (signed documents keep the address they were issued under)."""
    issuer = (document or {}).get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if not isinstance(issuer_id, str) or issuer_id.startswith(public_url.rstrip("/") + "/"):
        return None
    parts = urlsplit(issuer_id)
    return f"{parts.scheme}://{parts.netloc}"


def _short(email: str) -> str:
    """`manager@` for `manager@example.org`, as the README writes them."""
    return email.removesuffix("example.org") if email.endswith("@example.org") else email


def accounts_lines(existing: Sequence[str]) -> list[str]:
    """The tour's accounts that the database holds, counted, then listed a few to a line."""
    found = [email for email in TOUR_ACCOUNTS if email in set(existing)]
    names = ", ".join(_short(email) for email in found)
    listed = textwrap.wrap(names, width=78, break_on_hyphens=False)
    plural = "" if len(found) == 1 else "s"
    head = f"{len(found)} demo account{plural} of the README's tour (@example.org unless shown):"
    return [head, *listed]


def banner(*, served_at: str, public_url: str, database: str, accounts: Sequence[str]) -> list[str]:
    """The lines printed once the demo is seeded (without the heading)."""
    public_url = public_url.rstrip("/")
    pad = " " * 19  # under the values of the lines above
    lines = [
        f"database:          {database}",
        f"public site:       {served_at}/",
        f"public URL:        {public_url} (in links, QR codes and credentials; "
        f"${PUBLIC_URL_VARIABLE} sets another)",
        f"candidate portal:  {served_at}/portal/   (candidate@example.org)",
        f"public registry:   {served_at}/registry/",
        f"guides:            {served_at}/guides/   (one per role, with these accounts)",
        f"staff admin:       {served_at}/staff/   (manager@, officer@, ... @example.org)",
    ]
    head, *listed = accounts_lines(accounts)
    lines.append(f"accounts:          {head}")
    lines.extend(pad + line for line in listed)
    lines += [
        "password:          hallmark-demo (or $HALLMARK_DEMO_PASSWORD)",
        "staff code:        hallmark otp code manager@example.org (after the password)",
    ]
    return lines
