"""A study from the draft outline to the adopted version, on the hand-known data of conftest."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail

from hallmark.accounts.models import SentMessage
from hallmark.jobanalysis import analysis, services, survey
from hallmark.jobanalysis.data import CommentPhase, ExclusionReason, StudyStatus
from hallmark.jobanalysis.models import Invitation, PanelComment, Response
from hallmark.programs.services import publish_outline

from .conftest import GOOD_SECONDS, T0, Ground, good_ratings, respond

BASE = "https://hallmark.example.org"
LINK = re.compile(r"https://hallmark\.example\.org/job-analysis/(\d+)/i/([\w-]+)/")


def invite_ten(ground: Ground, cast, django_capture_on_commit_callbacks) -> dict[str, str]:
    """Invite ten people; return each address's token, as read from the mail sent."""
    people = [(f"r{i}@example.org", "north" if i < 5 else "south", "community") for i in range(10)]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invite(ground.study, people, by=cast.manager, base_url=BASE) == 10
    tokens = {}
    for message in mail.outbox:
        match = LINK.search(message.body)
        assert match and int(match[1]) == ground.study.pk
        tokens[message.to[0]] = match[2]
    assert len(tokens) == 10
    return tokens


def run_survey(ground: Ground, cast, django_capture_on_commit_callbacks) -> dict[str, str]:
    services.open_survey(ground.study, by=cast.manager, now=T0)
    tokens = invite_ten(ground, cast, django_capture_on_commit_callbacks)
    emails = sorted(tokens)
    for index in range(30):
        token = tokens[emails[index]] if index < 8 else None
        setting = "community" if index < 15 else "school"
        respond(ground, good_ratings(ground.statements, index), setting=setting, token=token)
    # A speeder whose low ratings would pull the means down, and a straight-liner.
    low = {
        (c.pk, key): 0 if n % 2 else 1
        for n, c in enumerate(ground.statements.values())
        for key in ("importance", "frequency")
    }
    respond(ground, low, setting="school", seconds=60)
    flat = {
        (c.pk, key): 4 for c in ground.statements.values() for key in ("importance", "frequency")
    }
    respond(ground, flat, setting="school")
    return tokens


def test_it_runs_a_study_from_panel_to_adopted_outline(
    cast, ground: Ground, django_capture_on_commit_callbacks
) -> None:
    study, statements = ground.study, ground.statements
    assert sorted(study.scales.values_list("key", flat=True)) == ["frequency", "importance"]

    # The panel comments and rewords a statement of the draft.
    services.begin_panel_review(study, by=cast.manager)
    services.comment(study, statements["1.2"], "Too vague", by=cast.manager, proposed="Plan jobs")
    services.edit_statement(
        study, statements["1.2"], "Plan job searches", reason="Clearer", by=cast.manager
    )
    statements["1.2"].refresh_from_db()
    assert statements["1.2"].statement == "Plan job searches"
    edit = PanelComment.objects.get(study=study, new_text="Plan job searches")
    assert (edit.old_text, edit.phase) == ("Statement 1.2", CommentPhase.BEFORE_SURVEY)

    tokens = run_survey(ground, cast, django_capture_on_commit_callbacks)

    # No token is stored: the invitations hold hashes, the message records withhold the link.
    stored = [*Invitation.objects.values_list("token_hash", flat=True)]
    stored += [m.body + m.secret_body for m in SentMessage.objects.all()]
    for token in tokens.values():
        assert not any(token in text for text in stored)
    assert SentMessage.objects.filter(key="job-analysis-invitation").count() == 10

    # Eight invitations completed, two not; the responses cannot be traced to them.
    assert Invitation.objects.filter(completed_at__isnull=False).count() == 8
    assert Response.objects.filter(channel="invitation").count() == 8
    assert not any(f.name == "invitation" for f in Response._meta.get_fields())
    # Nor by time: an invitation's progress is kept to the day, a response's to the second.
    done = Invitation.objects.filter(completed_at__isnull=False)
    assert {i.completed_at for i in done} == {T0.replace(hour=0, tzinfo=datetime.UTC)}
    assert not set(done.values_list("completed_at", flat=True)) & set(
        Response.objects.values_list("completed_at", flat=True)
    )

    # A used token is refused.
    used = tokens[sorted(tokens)[0]]
    with pytest.raises(Exception, match="already been used"):
        survey.start_response(study, token=used)

    flags = services.flag_quality(study, by=cast.manager)
    assert (flags.speeders, flags.straight_liners, flags.median_seconds) == (1, 1, GOOD_SECONDS)
    assert sorted(
        Response.objects.filter(excluded=True).values_list("exclusion_reason", flat=True)
    ) == [
        ExclusionReason.SPEEDER,
        ExclusionReason.STRAIGHT_LINER,
    ]

    services.close_survey(study, by=cast.manager)
    analysed = analysis.analyse(study)
    assert (analysed.respondents, analysed.completed, analysed.excluded) == (30, 32, 2)
    assert analysed.response_rate == pytest.approx(80.0)
    assert analysed.statements == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    assert analysed.domains == ["1", "1", "1", "2", "2"]
    importance = [s.mean for s in analysed.statistics["importance"].statements]
    frequency = [s.mean for s in analysed.statistics["frequency"].statements]
    performing = [s.percent_performing for s in analysed.statistics["frequency"].statements]
    assert importance == pytest.approx([3.0, 3.0, 2.0, 4.0, 3.0])
    assert frequency == pytest.approx([3.0, 2.0, 1.0, 2.5, 1 / 3])
    assert performing == pytest.approx([100, 100, 100, 50, 100 / 3])
    assert [i.included for i in analysed.inclusion] == [True, True, False, True, False]
    assert analysed.inclusion[2].reasons == ("mean importance 2.00 < 2.50",)
    assert analysed.inclusion[4].reasons == ("performed by 33.3% < 50.0%",)
    assert analysed.weights.domain_weight == pytest.approx({"1": 0.6, "2": 0.4})
    assert analysed.weights.domain_items == {"1": 29, "2": 19}
    flagged = {(c.statement, c.variable): c.flagged for c in analysed.subgroups}
    assert flagged[("1.1", "setting")] == ("community", "school")
    assert flagged[("1.2", "setting")] == ()
    assert analysed.icc is not None and analysed.icc.n_judges == 30

    snapshot = services.mark_analysed(study, by=cast.manager)
    assert snapshot.figures["respondents"] == 30
    outline = services.adopt(study, by=cast.manager)

    study.refresh_from_db()
    assert (study.status, study.adopted_outline) == (StudyStatus.ADOPTED, outline)
    assert outline.version == ground.outline.version + 1 and not outline.is_published
    domains = list(outline.domains.order_by("order"))
    assert [(d.code, d.weight) for d in domains] == [
        ("1", Decimal("60.00")),
        ("2", Decimal("40.00")),
    ]
    assert sum(d.weight for d in domains) == Decimal(100)
    codes = [list(d.competencies.order_by("order").values_list("code", flat=True)) for d in domains]
    assert codes == [["1.1", "1.2"], ["2.1"]]
    assert domains[0].competencies.get(code="1.2").statement == "Plan job searches"
    blueprint = outline.blueprints.get()
    counts = [n for _, n in blueprint.domain_counts()]
    assert counts == [29, 19] and sum(counts) == 48 == blueprint.scored_length
    assert "2026 practice analysis" in outline.job_analysis
    assert "30 respondents" in outline.job_analysis
    assert "response rate 80.0%" in outline.job_analysis
    assert "2026-03-02" in outline.job_analysis
    publish_outline(outline, by=cast.manager)  # the adopted version is publishable as it is
