from decimal import Decimal

import pytest
from django.urls import reverse

from hallmark.programs.models import ContentOutline

from factories import BlueprintFactory, ContentOutlineFactory, published_outline

pytestmark = pytest.mark.django_db


def outline_form(outline: ContentOutline, weights: list[int]) -> dict:
    data = {
        "program": outline.program_id,
        "title": "Edited",
        "job_analysis": "",
        "domains-TOTAL_FORMS": str(len(weights)),
        "domains-INITIAL_FORMS": "0",
        "domains-MIN_NUM_FORMS": "0",
        "domains-MAX_NUM_FORMS": "1000",
    }
    for i, weight in enumerate(weights):
        data |= {
            f"domains-{i}-order": str(i),
            f"domains-{i}-code": f"D{i}",
            f"domains-{i}-title": f"Domain {i}",
            f"domains-{i}-weight": str(weight),
        }
    return data


def test_domain_weights_must_sum_to_100_in_the_admin(client, cast) -> None:
    outline = ContentOutlineFactory()
    client.force_login(cast.manager)
    url = reverse("admin:programs_contentoutline_change", args=[outline.pk])
    page = client.post(url, outline_form(outline, [50, 40])).content.decode()
    assert "Domain weights sum to 90%; they must sum to exactly 100%." in page
    assert not outline.domains.exists()
    assert ContentOutline.objects.get(pk=outline.pk).title != "Edited"
    client.post(url, outline_form(outline, [50, 50]))
    assert outline.domains.count() == 2


def test_a_published_outline_is_shown_read_only(client, cast) -> None:
    outline = published_outline(weights=(40, 60))
    client.force_login(cast.manager)
    url = reverse("admin:programs_contentoutline_change", args=[outline.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' not in page  # no editable field
    assert "Domains and competencies" in page
    client.post(url, outline_form(outline, [100]))
    assert ContentOutline.objects.get(pk=outline.pk).domains.count() == 2


def test_the_blueprint_preview_shows_items_per_domain(client, cast) -> None:
    blueprint = BlueprintFactory(outline=published_outline(weights=(40, 60)), scored_length=25)
    client.force_login(cast.psychometrician)
    page = client.get(
        reverse("admin:programs_blueprint_change", args=[blueprint.pk])
    ).content.decode()
    assert "<td>10</td>" in page and "<td>15</td>" in page  # 40% and 60% of 25


def test_the_blueprint_admin_edits_and_shows_the_item_format_minimums(client, cast) -> None:
    blueprint = BlueprintFactory(
        outline=published_outline(weights=(40, 60)),
        scored_length=25,
        minimum_multiple_response=3,
        minimum_case_items=4,
    )
    client.force_login(cast.manager)
    page = client.get(
        reverse("admin:programs_blueprint_change", args=[blueprint.pk])
    ).content.decode()
    assert 'name="minimum_multiple_response"' in page and 'name="minimum_case_items"' in page
    assert "at least 3 multiple-response; at least 4 case items" in page


def test_roles_see_only_what_they_need_in_the_admin(client, cast) -> None:
    outline = ContentOutlineFactory(program__designation="QQ")
    change = reverse("admin:programs_contentoutline_change", args=[outline.pk])
    for person, status in [(cast.manager, 200), (cast.writer, 200), (cast.proctor, 403)]:
        client.force_login(person)
        assert client.get(change).status_code == status, person
    client.force_login(cast.writer)
    assert client.post(change, outline_form(outline, [100])).status_code == 403
    client.force_login(cast.candidate)
    assert client.get(change).status_code == 302  # not staff: sent to sign in
    assert Decimal(0) == outline.weight_total()


def test_publishing_from_the_admin_needs_the_publish_permission(client, cast) -> None:
    outline = ContentOutlineFactory()
    from factories import CompetencyFactory, DomainFactory

    CompetencyFactory(domain=DomainFactory(outline=outline, weight=100))
    changelist = reverse("admin:programs_contentoutline_changelist")
    action = {"action": "publish", "_selected_action": [outline.pk]}
    client.force_login(cast.psychometrician)
    client.post(changelist, action)
    assert not ContentOutline.objects.get(pk=outline.pk).is_published
    client.force_login(cast.manager)
    client.post(changelist, action)
    assert ContentOutline.objects.get(pk=outline.pk).is_published
