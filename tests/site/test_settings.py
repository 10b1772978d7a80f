import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from gunicorn.app.base import BaseApplication

from hallmark.lib.env import env_bool, env_int, env_list


def test_typed_readers_name_the_variable_on_a_bad_value(monkeypatch) -> None:
    monkeypatch.setenv("HALLMARK_DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="HALLMARK_DEBUG='perhaps' is not a boolean"):
        env_bool("HALLMARK_DEBUG")
    monkeypatch.setenv("HALLMARK_WORKERS", "three")
    with pytest.raises(ImproperlyConfigured, match="HALLMARK_WORKERS='three' is not a whole"):
        env_int("HALLMARK_WORKERS", 3)
    monkeypatch.setenv("HALLMARK_ALLOWED_HOSTS", "a.example, b.example,")
    assert env_list("HALLMARK_ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def run_hallmark(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HALLMARK_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "hallmark.site.cli", *args],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path) -> None:
    production = {
        "HALLMARK_SECRET_KEY": "p6Y2v0cX" * 8,
        "HALLMARK_ALLOWED_HOSTS": "hallmark.example.org",
        "HALLMARK_HTTPS": "true",
        "HALLMARK_DATA_DIR": str(tmp_path),
    }
    result = run_hallmark(["check", "--deploy", "--fail-level", "WARNING"], production)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_them(tmp_path) -> None:
    result = run_hallmark(
        ["check", "--deploy", "--fail-level", "WARNING"], {"HALLMARK_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr  # the local-only secret key


def test_a_bad_setting_stops_start_up_with_its_name(tmp_path) -> None:
    result = run_hallmark(
        ["check"], {"HALLMARK_EMAIL_BACKEND": "pigeon", "HALLMARK_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "HALLMARK_EMAIL_BACKEND='pigeon'" in result.stderr


def test_an_outbox_without_attempts_stops_start_up(tmp_path) -> None:
    result = run_hallmark(
        ["check"], {"HALLMARK_OUTBOX_MAX_ATTEMPTS": "0", "HALLMARK_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "HALLMARK_OUTBOX_MAX_ATTEMPTS and HALLMARK_OUTBOX_RETRY_SECONDS must be" in result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(settings) -> None:
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert "journal_mode=WAL" in options["init_command"]
        assert options["timeout"] >= 5
    else:
        assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def started(monkeypatch) -> list[str]:
    """Each gunicorn start, recorded instead of serving."""
    runs: list[str] = []
    monkeypatch.setattr(BaseApplication, "run", lambda app: runs.append(app.cfg.bind[0]))
    return runs


def test_serve_refuses_the_public_demo_key_in_one_line_with_status_2(tmp_path) -> None:
    result = run_hallmark(["serve", "--port", "8999"], {"HALLMARK_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "HALLMARK_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_the_demo_key_without_debug(settings, started) -> None:
    settings.SECRET_KEY, settings.DEBUG = settings.DEMO_SECRET_KEY, False
    with pytest.raises(CommandError, match="HALLMARK_SECRET_KEY is not set") as refusal:
        call_command("serve", port=8999)
    assert refusal.value.returncode == 2 and started == []


def test_serve_starts_with_a_key_of_its_own_or_in_debug(settings, started) -> None:
    settings.SECRET_KEY, settings.DEBUG = "k7#" * 20, False
    call_command("serve", port=8998)
    settings.SECRET_KEY, settings.DEBUG = settings.DEMO_SECRET_KEY, True
    call_command("serve", port=8997)
    assert started == ["127.0.0.1:8998", "127.0.0.1:8997"]


def test_the_demo_serves_on_its_demo_only_key(settings, started) -> None:
    settings.SECRET_KEY, settings.DEBUG = settings.DEMO_SECRET_KEY, False
    call_command("serve", port=8996, demo=True)
    assert started == ["127.0.0.1:8996"]


def test_cache_url_must_name_a_redis_server(tmp_path) -> None:
    result = run_hallmark(
        ["check"], {"CACHE_URL": "memcached://10.0.0.5", "HALLMARK_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "CACHE_URL='memcached://10.0.0.5' is not a Redis URL" in result.stderr
