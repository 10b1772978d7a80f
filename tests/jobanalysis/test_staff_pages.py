"""The staff's study pages: they render at every status (with or without responses), every step
goes through its page to its service and shows a refusal without changing anything, the
psychometrician reads but never changes nor sees invitees' addresses, and the anonymous are
sent to sign in."""

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hallmark.accounts.models import AccessRecord
from hallmark.jobanalysis import services
from hallmark.jobanalysis.data import ExclusionReason, StudyStatus
from hallmark.jobanalysis.models import (
    Invitation,
    PanelComment,
    Response,
    SamplingTarget,
    Study,
    StudyAnalysis,
    WeightAdjustment,
)
from hallmark.programs.models import ContentOutline

from .conftest import Ground, good_ratings, respond
from factories import CompetencyFactory, ContentOutlineFactory, DomainFactory, ProgramFactory

pytestmark = pytest.mark.django_db
LIST = "/job-analysis/staff/"
PAGES = ("staff-setup", "staff-panel", "staff-survey", "staff-analysis")
BASE = "https://hallmark.example.org"
INVITEES = [("ana@example.org", "north", "community"), ("ben@example.org", "south", "school")]


def url(name: str, study: Study, *args: object) -> str:
    return reverse(f"jobanalysis:{name}", args=[study.pk, *args])


def advance(ground: Ground, cast, status: str, *, respondents: int = 30) -> Study:
    """The hand-worked study moved on to `status` through the services."""
    study, by = ground.study, cast.manager
    reached = list(StudyStatus.values).index(status)
    if reached >= 1:
        services.begin_panel_review(study, by=by)
    if reached >= 2:
        services.open_survey(study, by=by)
        services.invite(study, INVITEES, by=by, base_url=BASE)
        for index in range(respondents):
            setting = "community" if index < 15 else "school"
            respond(ground, good_ratings(ground.statements, index), setting=setting)
    if reached >= 3:
        services.close_survey(study, by=by)
    if reached >= 4:
        services.mark_analysed(study, by=by)
    if reached >= 5:
        services.adjust_weight(
            study, ground.statements["1.1"].domain, Decimal(60), reason="As computed", by=by
        )
        services.adopt(study, by=by)
    study.refresh_from_db()
    return study


def html(client: Client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def messages_after(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# What each page says at each status, beside the status itself.
EXPECTED = {
    StudyStatus.DRAFT: {"staff-panel": "Begin the panel review", "staff-survey": "Open the survey"},
    StudyStatus.PANEL_REVIEW: {
        "staff-panel": "Reword a statement",
        "staff-analysis": "once the survey is closed",
    },
    StudyStatus.SURVEY_OPEN: {
        "staff-survey": "Send the invitations",
        "staff-setup": "Set the plan for setting",
    },
    StudyStatus.SURVEY_CLOSED: {
        "staff-analysis": "Mark analysed",
        "staff-panel": "Keep or drop a statement",
    },
    StudyStatus.ANALYSED: {"staff-analysis": "Adopt: create the next outline version"},
    StudyStatus.ADOPTED: {"staff-analysis": "was created, a draft to publish"},
}


@pytest.mark.parametrize("status", StudyStatus.values)
def test_every_page_renders_for_a_manager_at_every_status(client, cast, ground, status) -> None:
    study = advance(ground, cast, status)
    client.force_login(cast.manager)
    listing = html(client, LIST)
    assert study.title in listing and study.get_status_display() in listing
    for name in PAGES:
        page = html(client, url(name, study))
        assert f"Status: <strong>{study.get_status_display()}</strong>" in page
        if name in EXPECTED[status]:
            assert EXPECTED[status][name] in page, (status, name)


@pytest.mark.parametrize("status", [StudyStatus.SURVEY_OPEN, StudyStatus.SURVEY_CLOSED])
def test_pages_without_responses_say_so(client, cast, ground, status) -> None:
    study = advance(ground, cast, status, respondents=0)
    client.force_login(cast.manager)
    assert "No responses yet." in html(client, url("staff-survey", study))
    analysis = html(client, url("staff-analysis", study))
    if status == StudyStatus.SURVEY_CLOSED:
        assert "no completed responses to analyse" in analysis
        assert "Mark analysed" not in analysis
    assert html(client, url("staff-panel", study))


def test_the_list_counts_each_studys_respondents(client, cast, ground) -> None:
    study = advance(ground, cast, StudyStatus.SURVEY_OPEN, respondents=3)
    client.force_login(cast.manager)
    row = html(client, LIST).split(study.title)[1].split("</tr>")[0]
    assert row.rstrip().endswith("<td>3</td>")


def test_a_new_study_is_set_up_from_the_list(client, cast, ground) -> None:
    client.force_login(cast.manager)
    fields = {
        "study-program": ground.study.program.pk,
        "study-draft_outline": ground.outline.pk,
        "study-title": "2029 practice analysis",
        "study-exam_length": "60",
        "study-estimated_minutes": "25",
        "study-minimum_mean_importance": "3.00",
        "study-minimum_percent_performing": "40.0",
        "study-weight_formula": "importance x frequency",
    }
    response = client.post(reverse("jobanalysis:staff-new"), fields)
    study = Study.objects.get(title="2029 practice analysis")
    assert response.status_code == 302 and response["Location"] == url("staff-setup", study)
    assert (study.exam_length, study.minimum_mean_importance, study.created_by) == (
        60,
        Decimal("3.00"),
        cast.manager,
    )
    # Another program's outline is refused on the form, and nothing is made.
    other = ContentOutlineFactory(program=ProgramFactory(designation="OTHER"))
    CompetencyFactory(domain=DomainFactory(outline=other, code="1"), code="1.1")
    refused = client.post(
        reverse("jobanalysis:staff-new"), fields | {"study-draft_outline": other.pk}
    )
    assert refused.status_code == 400
    assert "belongs to another program" in refused.content.decode()
    assert Study.objects.count() == 2


def test_scales_background_questions_and_the_plan_are_set_on_the_setup_page(
    client, cast, ground
) -> None:
    study = ground.study
    client.force_login(cast.manager)
    added = client.post(url("staff-add-scale", study), {"scale-key": "criticality"})
    assert added.status_code == 302
    again = client.post(url("staff-add-scale", study), {"scale-key": "criticality"})
    assert again.status_code == 400 and "already asked" in again.content.decode()
    assert sorted(study.scales.values_list("key", flat=True)) == [
        "criticality",
        "frequency",
        "importance",
    ]

    fields = {"background-key": "region", "background-text": "Where?", "background-subgroup": "on"}
    refused = client.post(url("staff-add-background", study), fields)
    assert refused.status_code == 400 and "needs choices" in refused.content.decode()
    assert not study.background.filter(key="region").exists()
    fields["background-choices"] = "North\r\n\r\nSouth\r\n"
    assert client.post(url("staff-add-background", study), fields).status_code == 302
    assert study.background.get(key="region").choices == ["North", "South"]

    setting = study.background.get(key="setting")
    plan = url("staff-set-plan", study, setting.pk)
    prefix = f"plan-{setting.pk}"
    assert client.post(plan, {f"{prefix}-cell0": "60", f"{prefix}-cell1": "40"}).status_code == 302
    wrong = client.post(plan, {f"{prefix}-cell0": "60", f"{prefix}-cell1": "30"})
    assert wrong.status_code == 400 and "sum to 90%, not 100%" in wrong.content.decode()
    targets = SamplingTarget.objects.filter(question=setting).order_by("cell")
    assert [(t.cell, t.target_percent) for t in targets] == [
        ("community", Decimal("60.0")),
        ("school", Decimal("40.0")),
    ]


def test_the_panel_comments_rewords_and_decides_through_its_page(client, cast, ground) -> None:
    study, statements = ground.study, ground.statements
    client.force_login(cast.manager)
    begun = client.post(url("staff-begin-panel", study), follow=True)
    assert "The panel&#x27;s review has begun." in begun.content.decode()
    again = client.post(url("staff-begin-panel", study), follow=True)
    assert "cannot begin the panel review while the study is panel review" in messages_after(again)
    study.refresh_from_db()
    assert study.status == StudyStatus.PANEL_REVIEW

    target = statements["1.2"]
    client.post(
        url("staff-comment", study), {"comment-competency": target.pk, "comment-comment": "Vague"}
    )
    edit = {
        "edit-competency": target.pk,
        "edit-new_text": "Plan job searches",
        "edit-reason": "Clearer",
    }
    assert client.post(url("staff-edit", study), edit).status_code == 302
    same = client.post(url("staff-edit", study), edit)
    assert same.status_code == 400 and "already reads so" in same.content.decode()
    assert PanelComment.objects.filter(study=study).count() == 2
    page = html(client, url("staff-panel", study))
    assert "reworded from “Statement 1.2” to “Plan job searches”" in page and "Vague" in page

    decision = {
        "decision-competency": statements["2.1"].pk,
        "decision-decision": "keep",
        "decision-reason": "Core",
    }
    early = client.post(url("staff-decide", study), decision)
    assert early.status_code == 400 and "cannot decide on statements" in early.content.decode()
    assert not PanelComment.objects.exclude(decision="").exists()


def test_after_the_survey_the_borderline_statement_is_highlighted_and_decided(
    client, cast, ground
) -> None:
    study = advance(ground, cast, StudyStatus.SURVEY_CLOSED)
    client.force_login(cast.manager)
    # 2.1 is performed by exactly 50%, the line; the others are half a point or more away.
    analysis = html(client, url("staff-analysis", study))
    assert analysis.count("(borderline)") == 1
    assert "Statement 2.1 <strong>(borderline)</strong>" in analysis
    assert "change which statements are kept" not in analysis
    panel = html(client, url("staff-panel", study))
    assert panel.count("<strong>Borderline.</strong>") == 1
    assert "Borderline, near the inclusion line: <strong>2.1</strong>." in panel
    decision = {
        "decision-competency": ground.statements["2.1"].pk,
        "decision-decision": "drop",
        "decision-reason": "Too rare",
    }
    assert client.post(url("staff-decide", study), decision).status_code == 302
    analysis = html(client, url("staff-analysis", study))
    assert "Drop: Too rare" in analysis
    assert "change which statements are kept (2.1)" in analysis


def test_the_survey_is_run_from_its_page(
    client, cast, ground, django_capture_on_commit_callbacks, settings
) -> None:
    settings.PUBLIC_BASE_URL = BASE
    study = advance(ground, cast, StudyStatus.PANEL_REVIEW)
    client.force_login(cast.manager)
    assert client.post(url("staff-open", study)).status_code == 302
    study.refresh_from_db()
    assert study.status == StudyStatus.SURVEY_OPEN

    invite = url("staff-invite", study)
    bad = client.post(invite, {"invite-lines": "ana@example.org,north,community\nnot-an-address,,"})
    assert (
        bad.status_code == 400
        and "Line 2: &#x27;not-an-address&#x27; is not an email address." in bad.content.decode()
    )
    assert not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        pasted = client.post(invite, {"invite-lines": "ana@example.org,north,community"})
    assert pasted.status_code == 302
    assert f"{BASE}/job-analysis/{study.pk}/i/" in mail.outbox[-1].body  # the public address
    upload = SimpleUploadedFile(
        "people.csv", b"email,region,setting\nben@example.org,south,school\n"
    )
    assert client.post(invite, {"invite-file": upload}).status_code == 302
    header = SimpleUploadedFile("people.csv", b"address\ncy@example.org\n")
    wrong = client.post(invite, {"invite-file": header})
    assert wrong.status_code == 400 and "email,region,setting" in wrong.content.decode()
    assert sorted(Invitation.objects.values_list("email", "setting")) == [
        ("ana@example.org", "community"),
        ("ben@example.org", "school"),
    ]
    reminded = client.post(url("staff-remind", study), follow=True)
    assert "2 reminders sent." in messages_after(reminded)

    for index in range(6):
        respond(ground, good_ratings(ground.statements, index), setting="community")
    speeder = respond(ground, good_ratings(ground.statements, 20), setting="school", seconds=10)
    flagged = client.post(url("staff-flag", study), follow=True)
    assert "1 speeder and 0 straight-liners excluded." in messages_after(flagged)
    speeder.refresh_from_db()
    assert speeder.exclusion_reason == ExclusionReason.SPEEDER

    one = Response.objects.filter(excluded=False).first()
    exclude = url("staff-exclude", study, one.pk)
    client.post(exclude, {f"exclude-{one.pk}-reason": "by staff"})
    twice = client.post(exclude, {f"exclude-{one.pk}-reason": "by staff"}, follow=True)
    assert "is already excluded" in messages_after(twice)
    one.refresh_from_db()
    assert (one.excluded, one.exclusion_reason, one.excluded_by) == (True, "by staff", cast.manager)
    client.post(url("staff-include", study, one.pk))
    one.refresh_from_db()
    assert not one.excluded

    page = html(client, url("staff-survey", study))
    assert f'<code id="open-link">{BASE}/job-analysis/{study.pk}/</code>' in page
    assert "ana@example.org" in page and "Speeder (under a third of the median time): 1" in page
    assert "Setting: community</th><td>1</td>" in page
    assert client.post(url("staff-close", study)).status_code == 302
    study.refresh_from_db()
    assert study.status == StudyStatus.SURVEY_CLOSED


def test_the_plan_comparison_shows_the_chi_square(client, cast, ground) -> None:
    setting = ground.study.background.get(key="setting")
    services.set_sampling_plan(setting, {"community": 50, "school": 50}, by=cast.manager)
    study = advance(ground, cast, StudyStatus.SURVEY_OPEN, respondents=20)  # 15 and 5
    client.force_login(cast.manager)
    page = html(client, url("staff-survey", study))
    assert (
        '<th scope="row">community</th><td>15</td><td>75.0%</td><td>50.0%</td><td>25.0 points</td>'
        in page
    )
    assert "Chi-square 5.00, df 1, p 0.025" in page  # (15-10)²/10 + (5-10)²/10


def test_the_analysis_is_fixed_weighted_and_adopted_from_its_page(client, cast, ground) -> None:
    study = advance(ground, cast, StudyStatus.SURVEY_CLOSED)
    client.force_login(cast.manager)
    domain_1 = ground.statements["1.1"].domain
    weight = {"weight-domain": domain_1.pk, "weight-weight": "65", "weight-reason": "Panel view"}
    early = client.post(url("staff-adjust-weight", study), weight)
    assert early.status_code == 400 and "cannot adjust a domain weight" in early.content.decode()
    assert not WeightAdjustment.objects.exists()

    assert client.post(url("staff-mark-analysed", study)).status_code == 302
    assert StudyAnalysis.objects.filter(study=study).exists()
    page = html(client, url("staff-analysis", study))
    assert "<td>60.00%</td><td>No</td><td>60.00%</td><td>29</td>" in page
    assert "community: 4.00 (15); school: 2.00 (15)" in page  # 1.1's subgroups differ

    assert client.post(url("staff-adjust-weight", study), weight).status_code == 302
    refused = client.post(url("staff-adopt", study), follow=True)
    assert "sum to 105%, not 100%" in messages_after(refused)
    assert ContentOutline.objects.count() == 1
    domain_2 = ground.statements["2.1"].domain
    weight |= {"weight-domain": domain_2.pk, "weight-weight": "35"}
    client.post(url("staff-adjust-weight", study), weight)
    adopted = client.post(url("staff-adopt", study), follow=True)
    study.refresh_from_db()
    assert study.status == StudyStatus.ADOPTED
    admin = reverse("admin:programs_contentoutline_change", args=[study.adopted_outline_id])
    assert f'href="{admin}"' in adopted.content.decode()
    assert "<td>65.00%</td><td>31</td>" in adopted.content.decode()  # 65% of 48


def test_the_psychometrician_reads_but_changes_nothing(client, cast, ground) -> None:
    study = advance(ground, cast, StudyStatus.SURVEY_OPEN, respondents=2)
    client.force_login(cast.psychometrician)
    assert "Job analysis</a>" in html(client, LIST)
    for name in PAGES:
        page = html(client, url(name, study))
        assert (
            "ana@example.org" not in page
            and '<form method="post" action="/job-analysis' not in page
        )
    assert "2 invited." in html(client, url("staff-survey", study))
    response = study.responses.first()
    steps = [
        reverse("jobanalysis:staff-new"),
        *(url(n, study) for n in ("staff-add-scale", "staff-add-background", "staff-begin-panel")),
        *(url(n, study) for n in ("staff-comment", "staff-edit", "staff-decide", "staff-open")),
        *(url(n, study) for n in ("staff-close", "staff-invite", "staff-remind", "staff-flag")),
        url("staff-links", study),
        url("staff-set-plan", study, study.background.get().pk),
        url("staff-exclude", study, response.pk),
        url("staff-include", study, response.pk),
        *(url(n, study) for n in ("staff-mark-analysed", "staff-adjust-weight", "staff-adopt")),
    ]
    for step in steps:
        assert client.post(step, {"invite-lines": "cy@example.org,,"}).status_code == 403, step
    study.refresh_from_db()
    assert study.status == StudyStatus.SURVEY_OPEN and Invitation.objects.count() == 2
    assert not Response.objects.filter(excluded=True).exists()


def test_personal_links_are_exported_with_a_reason_on_record(
    client, cast, ground, settings
) -> None:
    settings.PUBLIC_BASE_URL = BASE
    study = advance(ground, cast, StudyStatus.SURVEY_OPEN, respondents=0)
    before = dict(Invitation.objects.values_list("email", "token_hash"))
    client.force_login(cast.manager)
    refused = client.post(url("staff-links", study), {"links-reason": " "})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    assert dict(Invitation.objects.values_list("email", "token_hash")) == before
    assert not AccessRecord.objects.exists()

    sent = client.post(url("staff-links", study), {"links-reason": "Our own mail merge"})
    assert sent["Content-Type"] == "text/csv" and sent["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(sent.content.decode())))
    assert rows[0] == ["email", "region", "setting", "link"]
    assert [r[:3] for r in rows[1:]] == [list(i) for i in INVITEES]
    record = AccessRecord.objects.get()
    assert record.kind == "survey links" and record.reason == "Our own mail merge"
    assert record.who == cast.manager and "2 invitations" in record.what
    # each link is new: the mailed one no longer starts the survey, the exported one does
    assert Invitation.objects.get(email="ana@example.org").token_hash != before["ana@example.org"]
    assert client.get(rows[1][3].replace(BASE, ""))["Location"].endswith("/invited/")


@pytest.mark.parametrize("person", ["candidate", "outsider", "officer"])
def test_others_are_refused(client, cast, ground, person) -> None:
    client.force_login(getattr(cast, person))
    assert client.get(LIST).status_code == 403
    assert client.get(url("staff-setup", ground.study)).status_code == 403
    assert "Job analysis</a>" not in html(client, "/")


def test_anonymous_visitors_are_sent_to_sign_in(client, ground) -> None:
    for address in (LIST, *(url(name, ground.study) for name in PAGES)):
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    assert "/accounts/sign-in/" in client.post(url("staff-begin-panel", ground.study))["Location"]
    ground.study.refresh_from_db()
    assert ground.study.status == StudyStatus.DRAFT


def test_a_post_without_the_csrf_token_is_refused(cast, ground) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.manager)
    assert strict.get(url("staff-panel", ground.study)).status_code == 200
    assert strict.post(url("staff-begin-panel", ground.study)).status_code == 403
    ground.study.refresh_from_db()
    assert ground.study.status == StudyStatus.DRAFT


def test_a_missing_study_is_a_404(client, cast) -> None:
    client.force_login(cast.manager)
    assert client.get("/job-analysis/staff/999999/").status_code == 404


def test_steps_out_of_turn_are_refused_with_a_message_and_change_nothing(
    client, cast, ground
) -> None:
    study = advance(ground, cast, StudyStatus.SURVEY_OPEN, respondents=3)
    counted = study.responses.first()
    client.force_login(cast.manager)
    refusals = {
        url("staff-open", study): "cannot open the survey while the study is survey open",
        url("staff-mark-analysed", study): "cannot mark the study analysed",
        url("staff-adopt", study): "cannot adopt the study",
        url("staff-include", study, counted.pk): "is not excluded",
    }
    for step, words in refusals.items():
        response = client.post(step, follow=True)
        assert words in messages_after(response), step
    services.close_survey(study, by=cast.manager)
    services.mark_analysed(study, by=cast.manager)
    for step, words in {
        url("staff-close", study): "cannot close the survey while the study is analysed",
        url("staff-remind", study): "cannot send reminders",
        url("staff-flag", study): "cannot flag speeders and straight-liners",
    }.items():
        assert words in messages_after(client.post(step, follow=True)), step
    study.refresh_from_db()
    assert study.status == StudyStatus.ANALYSED
    assert not Response.objects.filter(excluded=True).exists()
    assert Invitation.objects.filter(reminders_sent__gt=0).count() == 0
