"""Who may run a study, and the bad input each step refuses with nothing changed."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from hallmark.jobanalysis import services, survey
from hallmark.jobanalysis.data import ExclusionReason, StudyStatus
from hallmark.jobanalysis.models import (
    Invitation,
    PanelComment,
    Rating,
    Response,
    Study,
    WeightAdjustment,
)
from hallmark.programs.models import ContentOutline

from .conftest import T0, Ground, good_ratings, respond
from factories import ContentOutlineFactory, ProgramFactory, published_outline

BASE = "https://hallmark.example.org"
LINK = re.compile(r"https://hallmark\.example\.org/job-analysis/(\d+)/i/([\w-]+)/")


@pytest.mark.parametrize("who", ["writer", "candidate", "psychometrician", "outsider"])
def test_it_refuses_people_who_do_not_manage_programs(cast, ground: Ground, who: str) -> None:
    person = getattr(cast, who)
    with pytest.raises(PermissionDenied, match=r"jobanalysis\.manage_study"):
        services.create_study(ground.study.program, ground.outline, "Another", by=person)
    with pytest.raises(PermissionDenied):
        services.edit_statement(
            ground.study, ground.statements["1.1"], "New", reason="Why", by=person
        )
    with pytest.raises(PermissionDenied):
        services.open_survey(ground.study, by=person)
    assert Study.objects.count() == 1
    assert ground.study.status == StudyStatus.DRAFT


def test_the_program_manager_role_holds_the_permission(cast) -> None:
    assert cast.manager.has_perm("jobanalysis.manage_study")
    assert not cast.writer.has_perm("jobanalysis.manage_study")


def test_it_refuses_a_published_outline_or_another_programs(cast) -> None:
    published = published_outline()
    with pytest.raises(ValidationError, match="is published"):
        services.create_study(published.program, published, "Study", by=cast.manager)
    other = ContentOutlineFactory(program=ProgramFactory())
    with pytest.raises(ValidationError, match="belongs to another program"):
        services.create_study(published.program, other, "Study", by=cast.manager)
    assert Study.objects.count() == 0


def test_statements_change_only_before_the_survey(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    with pytest.raises(ValidationError, match="survey open"):
        services.edit_statement(
            ground.study, ground.statements["1.1"], "New text", reason="Late", by=cast.manager
        )
    ground.statements["1.1"].refresh_from_db()
    assert ground.statements["1.1"].statement == "Statement 1.1"
    assert not PanelComment.objects.exists()


def test_a_statement_of_another_outline_is_refused(cast, ground: Ground) -> None:
    stranger = published_outline().domains.first().competencies.first()
    with pytest.raises(ValidationError, match="is not in"):
        services.comment(ground.study, stranger, "Hm", by=cast.manager)


def test_invitations_refuse_repeats_and_bad_addresses_all_or_nothing(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    services.invite(ground.study, [("a@example.org", "n", "s")], by=cast.manager, base_url=BASE)
    with pytest.raises(ValidationError) as refused:
        services.invite(
            ground.study,
            [("b@example.org", "", ""), ("A@example.org", "", ""), ("not an address", "", "")],
            by=cast.manager,
            base_url=BASE,
        )
    assert "Line 2: a@example.org is already invited" in str(refused.value)
    assert "Line 3" in str(refused.value)
    assert list(Invitation.objects.values_list("email", flat=True)) == ["a@example.org"]


def _token_of(message) -> str:
    return message.body.rsplit("/i/", 1)[1].split("/")[0]


def test_a_reminder_replaces_the_link(cast, ground: Ground, django_capture_on_commit_callbacks):
    services.open_survey(ground.study, by=cast.manager, now=T0)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            ground.study,
            [("a@example.org", "", ""), ("b@example.org", "", "")],
            by=cast.manager,
            base_url=BASE,
        )
    first = {m.to[0]: _token_of(m) for m in mail.outbox}
    respond(
        ground, good_ratings(ground.statements, 0), setting="school", token=first["a@example.org"]
    )
    # b starts by the first link and leaves on the same day; a reminder lets them start afresh.
    survey.start_response(ground.study, token=first["b@example.org"], now=T0)
    with pytest.raises(ValidationError, match="already been used"):
        survey.start_response(ground.study, token=first["b@example.org"], now=T0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind(ground.study, by=cast.manager, base_url=BASE) == 1
    assert [m.to[0] for m in mail.outbox] == ["b@example.org"]
    invitation = Invitation.objects.get(email="b@example.org")
    assert invitation.reminders_sent == 1 and invitation.last_reminded_at is not None
    with pytest.raises(ValidationError, match="unknown or has been replaced"):
        survey.start_response(ground.study, token=first["b@example.org"])
    response, _ = survey.start_response(ground.study, token=_token_of(mail.outbox[0]))
    assert response.channel == "invitation"


def test_a_respondent_saves_and_resumes(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    response, secret = survey.start_response(ground.study)
    assert secret not in response.resume_hash and len(response.resume_hash) == 64
    some = dict(list(good_ratings(ground.statements, 0).items())[:4])
    survey.save_ratings(response, some, {"setting": "community"})
    again = survey.resume(ground.study, secret)
    assert again == response and again.background == {"setting": "community"}
    with pytest.raises(ValidationError, match="not yet rated"):
        survey.complete(again)
    survey.save_ratings(again, good_ratings(ground.statements, 0))
    done = survey.complete(again, now=again.started_at + datetime.timedelta(seconds=90))
    assert done.seconds == 90 and done.channel == "open link"
    with pytest.raises(ValidationError, match="already completed"):
        survey.save_ratings(done, some)
    with pytest.raises(ValidationError, match="no response to resume"):
        survey.resume(ground.study, "guessed")


def test_ratings_outside_their_scale_are_refused_with_nothing_saved(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    response, _ = survey.start_response(ground.study)
    s11 = ground.statements["1.1"].pk
    with pytest.raises(ValidationError) as refused:
        survey.save_ratings(
            response,
            {(s11, "frequency"): 3, (s11, "importance"): 5, (s11, "criticality"): 2},
            {"setting": "moon"},
        )
    text = str(refused.value)
    assert "Statement 1.1, importance: 5 is outside 0-4" in text
    assert "asks no criticality scale" in text
    assert "'moon' is not one of its choices" in text
    assert not Rating.objects.exists()
    response.refresh_from_db()
    assert response.background == {}


def test_the_database_refuses_a_rating_above_five(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    response, _ = survey.start_response(ground.study)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            response=response, competency=ground.statements["1.1"], scale="importance", value=6
        )


def test_a_closed_survey_takes_no_responses(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    services.close_survey(ground.study, by=cast.manager)
    with pytest.raises(ValidationError, match="survey closed"):
        survey.start_response(ground.study)
    assert not Response.objects.exists()


def test_a_screened_out_respondent_rates_nothing(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    response, _ = survey.start_response(ground.study, screening_ok=False)
    assert (response.excluded, response.exclusion_reason) == (True, ExclusionReason.SCREENED_OUT)
    with pytest.raises(ValidationError, match="screened out"):
        survey.save_ratings(response, good_ratings(ground.statements, 0))


def test_staff_exclude_and_include_again(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    response = respond(ground, good_ratings(ground.statements, 0), setting="school")
    services.exclude(response, ExclusionReason.BY_STAFF, by=cast.manager)
    response.refresh_from_db()
    assert response.excluded and response.excluded_by == cast.manager
    with pytest.raises(ValidationError, match="already excluded"):
        services.exclude(response, ExclusionReason.BY_STAFF, by=cast.manager)
    services.include(response, by=cast.manager)
    response.refresh_from_db()
    assert not response.excluded and response.exclusion_reason == ""
    with pytest.raises(PermissionDenied):
        services.exclude(response, ExclusionReason.BY_STAFF, by=cast.candidate)


def _analysed(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager, now=T0)
    for index in range(30):
        setting = "community" if index < 15 else "school"
        respond(ground, good_ratings(ground.statements, index), setting=setting)
    services.close_survey(ground.study, by=cast.manager)
    services.mark_analysed(ground.study, by=cast.manager)


def test_the_panels_adjustments_and_decisions_shape_the_adopted_outline(
    cast, ground: Ground
) -> None:
    _analysed(cast, ground)
    study = ground.study
    d1, d2 = ground.outline.domains.order_by("order")
    services.adjust_weight(study, d1, Decimal("55"), reason="Newer practice", by=cast.manager)
    with pytest.raises(ValidationError, match="sum to 95%"):
        services.adopt(study, by=cast.manager)
    study.refresh_from_db()
    assert study.status == StudyStatus.ANALYSED
    assert ContentOutline.objects.filter(program=study.program).count() == 1
    services.adjust_weight(study, d2, Decimal("45"), reason="Newer practice", by=cast.manager)
    adjustment = WeightAdjustment.objects.get(domain=d2)
    assert adjustment.computed_weight == Decimal("40.00")
    services.decide_borderline(
        study, ground.statements["1.3"], "keep", reason="Entry-level safety", by=cast.manager
    )
    outline = services.adopt(study, by=cast.manager)
    assert [(d.code, d.weight) for d in outline.domains.order_by("order")] == [
        ("1", Decimal("55.00")),
        ("2", Decimal("45.00")),
    ]
    kept = outline.domains.get(code="1").competencies.values_list("code", flat=True)
    assert sorted(kept) == ["1.1", "1.2", "1.3"]


def test_a_kept_statement_reweights_the_domains(cast, ground: Ground) -> None:
    # Keeping 1.3 (importance 2 x frequency 1 = 2) makes domain 1 17 of 27: 62.96%, 37.04%.
    _analysed(cast, ground)
    services.decide_borderline(
        ground.study, ground.statements["1.3"], "keep", reason="Safety", by=cast.manager
    )
    outline = services.adopt(ground.study, by=cast.manager)
    weights = [d.weight for d in outline.domains.order_by("order")]
    assert weights == [Decimal("62.96"), Decimal("37.04")]


def test_an_adjustment_needs_a_reason(cast, ground: Ground) -> None:
    _analysed(cast, ground)
    with pytest.raises(ValidationError):
        services.adjust_weight(
            ground.study, ground.outline.domains.first(), Decimal(50), reason=" ", by=cast.manager
        )
    assert not WeightAdjustment.objects.exists()


def test_adoption_needs_an_analysed_study(cast, ground: Ground) -> None:
    with pytest.raises(ValidationError, match="must be analysed"):
        services.adopt(ground.study, by=cast.manager)
    with pytest.raises(PermissionDenied):
        services.mark_analysed(ground.study, by=cast.writer)


def test_a_speeder_staff_include_again_stays_included(cast, ground: Ground) -> None:
    services.open_survey(ground.study, by=cast.manager)
    for index in (0, 15):
        respond(ground, good_ratings(ground.statements, index), setting="school")
    fast = respond(ground, good_ratings(ground.statements, 1), setting="school", seconds=100)
    assert services.flag_quality(ground.study, by=cast.manager).speeders == 1
    services.include(fast, by=cast.manager)
    assert services.flag_quality(ground.study, by=cast.manager).speeders == 0
    fast.refresh_from_db()
    assert not fast.excluded
    with pytest.raises(PermissionDenied):
        services.flag_quality(ground.study, by=cast.psychometrician)
    services.close_survey(ground.study, by=cast.manager)
    services.mark_analysed(ground.study, by=cast.manager)
    with pytest.raises(ValidationError, match="cannot flag responses while the study is analysed"):
        services.flag_quality(ground.study, by=cast.manager)


def test_a_scale_is_added_once_and_only_before_the_survey(cast, ground: Ground) -> None:
    scale = services.add_scale(ground.study, "criticality", by=cast.manager)
    assert (scale.low, scale.high, scale.required) == (0, 4, False)
    with pytest.raises(ValidationError, match="already asked"):
        services.add_scale(ground.study, "criticality", by=cast.manager)
    with pytest.raises(ValidationError, match="unknown scale"):
        services.add_scale(ground.study, "joy", by=cast.manager)
    services.open_survey(ground.study, by=cast.manager)
    with pytest.raises(ValidationError, match="survey open"):
        services.add_scale(ground.study, "needed_at_entry", by=cast.manager)
    assert sorted(ground.study.scales.values_list("key", flat=True)) == [
        "criticality",
        "frequency",
        "importance",
    ]


def test_personal_links_replace_the_mailed_ones_and_only_for_those_not_completed(
    cast, ground: Ground, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.open_survey(ground.study, by=cast.manager)
        services.invite(
            ground.study,
            [("a@example.org", "", ""), ("b@example.org", "", "")],
            by=cast.manager,
            base_url=BASE,
        )
    mailed = {m.to[0]: LINK.search(m.body).group(2) for m in mail.outbox}
    links = dict(services.personal_links(ground.study, by=cast.manager, base_url=BASE))
    assert set(links) == {"a@example.org", "b@example.org"}
    token = LINK.search(links["a@example.org"]).group(2)
    assert token != mailed["a@example.org"]
    with pytest.raises(ValidationError, match="unknown or has been replaced"):
        survey.start_response(ground.study, token=mailed["a@example.org"])
    response, _ = survey.start_response(ground.study, token=token)
    survey.save_ratings(response, good_ratings(ground.statements, 0))
    survey.complete(response, token=token)
    assert [
        e for e, _ in services.personal_links(ground.study, by=cast.manager, base_url=BASE)
    ] == ["b@example.org"]
    with pytest.raises(PermissionDenied):
        services.personal_links(ground.study, by=cast.psychometrician, base_url=BASE)
