"""The certifying body's name, as credentials and score reports print it."""

from django.conf import settings

from hallmark.lib.env import env_str


def issuer_name() -> str:
    """HALLMARK_ISSUER_NAME, else the site's name."""
    return env_str("HALLMARK_ISSUER_NAME") or settings.SITE_NAME
