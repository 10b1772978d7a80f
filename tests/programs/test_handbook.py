"""The candidate handbook: versions, immutable once published, published by program managers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hallmark.programs import services
from hallmark.programs.markup import clean_body
from hallmark.programs.models import CandidateHandbook, PublishedHandbookError

from factories import CandidateHandbookFactory, ProgramFactory, published_handbook

pytestmark = pytest.mark.django_db


def test_it_numbers_versions_per_program() -> None:
    program, other = ProgramFactory(), ProgramFactory()
    first = CandidateHandbookFactory(program=program)
    second = CandidateHandbookFactory(program=program)
    elsewhere = CandidateHandbookFactory(program=other)
    assert (first.version, second.version, elsewhere.version) == (1, 2, 1)


def test_a_program_manager_publishes_a_draft(cast) -> None:
    draft = CandidateHandbookFactory()
    handbook = services.publish_handbook(draft, by=cast.manager)
    assert handbook.is_published and handbook.published_by == cast.manager
    assert handbook.published_at is not None
    assert list(CandidateHandbook.published_of(draft.program)) == [handbook]


@pytest.mark.parametrize("who", ["officer", "candidate", "writer", "outsider"])
def test_nobody_else_publishes(cast, who) -> None:
    draft = CandidateHandbookFactory()
    with pytest.raises(PermissionDenied, match=r"programs\.publish_candidatehandbook"):
        services.publish_handbook(draft, by=getattr(cast, who))
    draft.refresh_from_db()
    assert not draft.is_published


def test_a_published_version_never_changes_nor_goes() -> None:
    handbook = published_handbook(body="<p>Fees: USD 50.</p>")
    handbook.body = "<p>Fees: USD 500.</p>"
    with pytest.raises(PublishedHandbookError, match="write a new version"):
        handbook.save()
    with pytest.raises(PublishedHandbookError, match="cannot be deleted"):
        handbook.delete()
    handbook.refresh_from_db()
    assert handbook.body == "<p>Fees: USD 50.</p>"
    with pytest.raises(ValidationError, match="already published"):
        services.publish_handbook(handbook, by=None)


def test_the_next_version_starts_as_a_draft_copy(cast) -> None:
    handbook = published_handbook(body="<p>Version one.</p>", title="Candidate handbook")
    draft = services.new_handbook_version(handbook, by=cast.manager)
    assert (draft.version, draft.is_published, draft.body) == (2, False, "<p>Version one.</p>")
    draft.body = "<p>Version two.</p>"
    draft.save()
    services.publish_handbook(draft, by=cast.manager)
    newest = CandidateHandbook.published_of(handbook.program)
    assert [h.version for h in newest] == [2, 1]
    with pytest.raises(PermissionDenied):
        services.new_handbook_version(handbook, by=cast.candidate)


def test_the_database_refuses_a_second_version_one_and_an_undated_publication() -> None:
    handbook = CandidateHandbookFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateHandbook.objects.bulk_create(
            [CandidateHandbook(program=handbook.program, version=1, body="<p>x</p>")]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateHandbook.objects.filter(pk=handbook.pk).update(status="published")


def test_its_html_keeps_the_text_and_drops_what_could_act() -> None:
    body = clean_body(
        '<h2 onclick="x()">Fees</h2><script>alert(1)</script><p style="color:red">'
        '<a href="javascript:alert(1)">bad</a> <a href="https://example.org/">good</a></p>'
        '<img src="https://example.org/t.png" alt="tracker"><table><tr><th scope="row">A</th>'
        '<th scope="evil">B</th></tr></table>'
    )
    assert "<h2>Fees</h2>" in body
    assert "script" not in body and "alert" not in body and "onclick" not in body
    assert "style" not in body and "<img" not in body
    assert 'href="https://example.org/"' in body and ">bad</a>" in body
    assert '<th scope="row">A</th>' in body and "evil" not in body


def test_saving_cleans_the_body() -> None:
    handbook = CandidateHandbookFactory(body="<p>Hello<script>alert(1)</script></p>")
    handbook.refresh_from_db()
    assert handbook.body == "<p>Hello</p>"


def test_program_managers_hold_the_publishing_permission(cast) -> None:
    assert cast.manager.has_perm("programs.publish_candidatehandbook")
    assert cast.manager.has_perm("programs.add_candidatehandbook")
    assert not cast.officer.has_perm("programs.publish_candidatehandbook")


def test_a_program_manager_writes_and_publishes_one_in_the_admin(client, cast) -> None:
    program = ProgramFactory(designation="QQ")
    client.force_login(cast.manager)
    added = client.post(
        reverse("admin:programs_candidatehandbook_add"),
        {
            "program": program.pk,
            "title": "Candidate handbook",
            "body": "<h2>Fees</h2><p>USD 50.</p><script>x()</script>",
            "changes": "",
        },
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    draft = CandidateHandbook.objects.get(program=program)
    assert draft.body == "<h2>Fees</h2><p>USD 50.</p>" and not draft.is_published
    change = reverse("admin:programs_candidatehandbook_change", args=[draft.pk])
    assert "How candidates will read it" in client.get(change).content.decode()
    changelist = reverse("admin:programs_candidatehandbook_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == cast.manager
    page = client.get(change).content.decode()
    assert 'name="_save"' not in page  # read-only once published


def test_only_the_publish_permission_publishes_in_the_admin(client, cast) -> None:
    draft = CandidateHandbookFactory()
    changelist = reverse("admin:programs_candidatehandbook_changelist")
    client.force_login(cast.officer)
    client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_demo_publishes_each_program_s_handbook_once_with_its_own_figures() -> None:
    from hallmark.programs import demo
    from hallmark.programs.models import Program

    demo.seed()
    demo.seed()
    cesp = Program.objects.get(designation=demo.DEMO_DESIGNATION)
    (handbook,) = CandidateHandbook.published_of(cesp)
    for _, amount in demo.CESP_FEES:
        assert f"<td>{amount}" in handbook.body, amount
    assert "after 30 days, at most twice in any twelve" in " ".join(handbook.body.split())
    assert "36 hours of continuing education" in " ".join(handbook.body.split())
    cef = Program.objects.get(designation=demo.CERTIFICATE_DESIGNATION)
    (course,) = CandidateHandbook.published_of(cef)
    assert "certificate of completion" in course.body
    assert "certification" not in course.body.lower()
