import pytest
from django.apps import apps
from django.core.management import call_command

from hallmark.accounts.data import Role
from hallmark.accounts.models import User
from hallmark.programs.models import Blueprint, Program


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model, so that two runs can be compared exactly."""
    rows = {}
    for model in apps.get_models():
        values = list(model.objects.order_by("pk").values())
        for row in values:
            row.pop("last_login", None)
        rows[model._meta.label] = values
    return rows


@pytest.mark.django_db(transaction=True)
def test_running_the_demo_twice_changes_nothing_the_second_time(capsys) -> None:
    call_command("demo", no_serve=True)
    first = snapshot()
    call_command("demo", no_serve=True)
    assert snapshot() == first
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/staff/" in out
    assert "http://127.0.0.1:8000/registry/" in out
    assert "http://127.0.0.1:8000/portal/" in out


@pytest.mark.django_db(transaction=True)
def test_the_demo_has_a_cesp_like_certification_a_certificate_program_and_every_role() -> None:
    call_command("demo", no_serve=True)
    cesp = Program.objects.get(designation="CESP")
    assert cesp.is_certification and cesp.is_demo and cesp.validity_months == 36
    outline = cesp.current_outline()
    weights = [int(d.weight) for d in outline.domains.all()]
    assert weights == [15, 22, 25, 23, 15]
    assert all(d.competencies.count() >= 4 for d in outline.domains.all())
    blueprint = Blueprint.objects.get(outline=outline)
    assert (blueprint.scored_length, blueprint.pretest_length, blueprint.time_limit_minutes) == (
        115,
        20,
        180,
    )
    assert not Program.objects.get(designation="CEF").is_certification
    for role in Role:
        email = "manager@example.org" if role == Role.PROGRAM_MANAGER else None
        email = email or {
            Role.ITEM_WRITER: "writer@example.org",
            Role.ITEM_REVIEWER: "reviewer@example.org",
            Role.CREDENTIALING_OFFICER: "officer@example.org",
            Role.PANEL_MEMBER: "panel@example.org",
        }.get(role, f"{role.value}@example.org")
        user = User.objects.get(email=email)
        assert user.has_role(role)
        assert user.check_password("hallmark-demo")
