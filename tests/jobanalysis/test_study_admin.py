import pytest
from django.urls import reverse

from hallmark.jobanalysis import services
from hallmark.jobanalysis.models import Invitation

from .conftest import Ground

pytestmark = pytest.mark.django_db


def test_the_admin_shows_studies_and_invitations_without_hashes(client, cast, ground: Ground):
    services.open_survey(ground.study, by=cast.manager)
    services.invite(
        ground.study, [("a@example.org", "north", "school")], by=cast.manager, base_url="https://x"
    )
    invitation = Invitation.objects.get()
    client.force_login(cast.manager)
    page = client.get(reverse("admin:jobanalysis_study_changelist")).content.decode()
    assert "2026 practice analysis" in page
    change = client.get(
        reverse("admin:jobanalysis_invitation_change", args=[invitation.pk])
    ).content.decode()
    assert "a@example.org" in change and invitation.token_hash not in change
    assert client.get(reverse("admin:jobanalysis_study_add")).status_code == 403
    delete = reverse("admin:jobanalysis_study_delete", args=[ground.study.pk])
    assert client.post(delete).status_code == 403


def test_people_without_the_study_permissions_see_no_studies(client, cast, ground: Ground):
    client.force_login(cast.writer)
    response = client.get(reverse("admin:jobanalysis_study_changelist"))
    assert response.status_code in (302, 403)
