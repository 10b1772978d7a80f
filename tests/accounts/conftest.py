import pytest


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    # Accounts are made and signed in often here; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
