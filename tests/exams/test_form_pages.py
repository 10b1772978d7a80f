"""The staff pages of forms: who may see and do what, and what the pages show."""

import datetime
import re

import pytest
from django.test import Client

from hallmark.accounts.models import Job
from hallmark.exams.data import FormStatus
from hallmark.exams.forms import workflow
from hallmark.exams.forms.report import check_batch
from hallmark.exams.models import Form
from hallmark.itembank.data import ItemStatus
from hallmark.itembank.models import Item

from factories import TestingWindowFactory, form_bank
from factories.itembank import ItemStatisticsFactory


@pytest.fixture
def blueprint(db: None):
    return form_bank()


@pytest.fixture
def draft(cast, blueprint) -> Form:
    program = blueprint.outline.program
    return workflow.assemble_draft_forms(program, blueprint, 2, by=cast.psychometrician)[0]


def _client(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def _post(client: Client, url: str, data: dict) -> object:
    """A POST with the CSRF token a browser would send (taken from a page's cookie)."""
    client.get("/forms/")
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def test_it_lists_the_forms_of_a_program(cast, draft) -> None:
    response = _client(cast.psychometrician).get(f"/forms/?program={draft.program.designation}")
    assert response.status_code == 200
    assert draft.code in response.content.decode()


@pytest.mark.parametrize(
    "who", ["writer", "manager", "officer", "proctor", "candidate", "outsider"]
)
def test_others_get_403(cast, draft, who) -> None:
    client = _client(getattr(cast, who))
    job = Job.objects.create(
        kind="assemble forms", scope="CESP", started_by=cast.psychometrician, step="Waiting"
    )
    for url in (
        "/forms/",
        "/forms/assemble/",
        f"/jobs/{job.pk}/",
        f"/forms/{draft.pk}/",
        f"/forms/{draft.pk}/chart.svg",
    ):
        assert client.get(url).status_code == 403, url
    for action in ("swap", "approve", "retire", "use"):
        assert client.post(f"/forms/{draft.pk}/{action}/").status_code == 403, action
    assert client.post(f"/jobs/{job.pk}/rerun/").status_code == 403


def test_anonymous_is_sent_to_sign_in(draft) -> None:
    response = Client().get(f"/forms/{draft.pk}/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_a_missing_form_is_404(cast, db) -> None:
    assert _client(cast.psychometrician).get("/forms/999999/").status_code == 404


def test_assembling_from_the_page_makes_drafts(cast, blueprint, committed) -> None:
    client = _client(cast.psychometrician, csrf=True)
    program = blueprint.outline.program
    page = client.get(f"/forms/assemble/?program={program.designation}")
    assert page.status_code == 200
    data = {
        "program": program.designation,
        "blueprint": blueprint.pk,
        "n_forms": 2,
        "objective": "maximin",
        "theta": "-0.5, 0, 0.5",
        "overlap": 20,
        "seed": 5,
        "time_limit": 10,
    }

    assert client.post("/forms/assemble/", data).status_code == 403  # no CSRF token
    with committed():
        response = _post(client, "/forms/assemble/", data)

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    forms = list(Form.objects.order_by("code"))
    assert len(forms) == 2 and all(f.assembly_seed == 5 for f in forms)
    text = client.get(response["Location"]).content.decode()
    assert "Done: 2 draft form(s)" in text and 'data-finished="true"' in text
    for form in forms:
        assert f'<a href="/forms/{form.pk}/">{form.code}</a>' in text
    assert job.started_by == cast.psychometrician and job.arguments["theta"] == [-0.5, 0, 0.5]
    listed = client.get(f"/forms/assemble/?program={program.designation}").content.decode()
    assert f'href="/jobs/{job.pk}/"' in listed
    old = client.get(f"/forms/jobs/{job.pk}/")  # an assembly's former address
    assert old.status_code == 301 and old["Location"] == f"/jobs/{job.pk}/"


def test_an_impossible_assembly_shows_the_reason(cast, blueprint, committed) -> None:
    client = _client(cast.psychometrician)
    program = blueprint.outline.program
    data = {
        "program": program.designation,
        "blueprint": blueprint.pk,
        "n_forms": 4,
        "objective": "maximin",
        "theta": "0",
        "overlap": 0,
        "seed": 0,
        "time_limit": 5,
    }
    with committed():
        response = client.post("/forms/assemble/", data)
    assert response.status_code == 302
    page = client.get(response["Location"])
    text = page.content.decode()
    assert page.status_code == 200
    assert "It failed: nothing was made" in text and "Failed" in text
    assert "domain &#x27;1&#x27; needs 8 operational items for 4 forms" in text
    assert not Form.objects.exists()


def test_a_form_page_shows_items_constraints_and_curves_but_no_keys(cast, draft) -> None:
    response = _client(cast.psychometrician).get(f"/forms/{draft.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Every constraint is met." in text
    assert "scored items shared with" in text
    assert "Test information (TIF) and expected raw score (TCC) by θ" in text
    first = draft.items.select_related("item_version__item").first().item_version
    assert first.item.identifier in text
    assert "key" not in text.lower().replace("keyboard", "")
    for option in first.options:
        assert option not in text


def test_the_chart_is_svg(cast, draft) -> None:
    response = _client(cast.psychometrician).get(f"/forms/{draft.pk}/chart.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    body = response.content.decode()
    assert "<svg" in body and draft.code in body


def test_swap_approve_use_and_retire_from_the_page(cast, draft, blueprint) -> None:
    client = _client(cast.psychometrician, csrf=True)
    slot = draft.items.filter(scored=True).select_related("item_version__competency").first()
    taken = Form.objects.filter(program=draft.program).values("items__item_version__item")
    other = (
        Item.objects.filter(status=ItemStatus.OPERATIONAL)
        .exclude(pk__in=taken)
        .exclude(current_version__competency__domain=slot.item_version.competency.domain)
        .first()
    )
    url = f"/forms/{draft.pk}/"

    _post(client, url + "swap/", {"position": slot.position, "identifier": other.identifier})
    text = client.get(url).content.decode()
    assert "2 constraints not met." in text and "NOT MET" in text
    _post(client, url + "approve/", {})
    draft.refresh_from_db()
    assert draft.status == FormStatus.DRAFT  # refused while constraints are broken

    _post(
        client,
        url + "swap/",
        {"position": slot.position, "identifier": slot.item_version.item.identifier},
    )
    _post(client, url + "approve/", {})
    draft.refresh_from_db()
    assert draft.status == FormStatus.FROZEN and draft.frozen_by == cast.psychometrician

    window = TestingWindowFactory(program=draft.program, blueprint=blueprint)
    _post(client, url + "use/", {"window": window.pk})
    assert list(window.forms.all()) == [draft]

    _post(client, url + "retire/", {"reason": "Exposed in a review course."})
    draft.refresh_from_db()
    assert draft.status == FormStatus.RETIRED
    assert draft.retire_reason == "Exposed in a review course."


def test_curves_use_the_latest_calibration_when_a_scoring_run_recorded_p_and_r_since(
    cast, draft
) -> None:
    # A scoring run records classical statistics only; they must not hide the bank's a and b.
    for row in draft.items.select_related("item_version"):
        ItemStatisticsFactory(
            version=row.item_version,
            administration="CESP online · run 1",
            administered_on=datetime.date(2026, 11, 30),
            p=0.81,
            point_biserial=0.25,
            irt_model="",
            a=None,
            a_se=None,
            b=None,
            b_se=None,
        )
    batch = check_batch(draft)
    assert batch.curves is not None and (batch.curves.tif > 1).any()
    index = {key: i for i, key in enumerate(batch.bank.bank.item.tolist())}
    for row in draft.items.select_related("item_version"):
        i = index[batch.bank.key(row.item_version)]
        assert batch.bank.bank.p[i] == 0.81 and batch.bank.bank.b[i] == batch.bank.bank.b[i]
    text = _client(cast.psychometrician).get(f"/forms/{draft.pk}/").content.decode()
    rows = re.findall(r'<tr><th scope="row">(-?[\d.]+)</th>((?:<td>[^<]*</td>)+)</tr>', text)
    tif = [float(v) for _theta, cells in rows for v in re.findall(r"<td>([^<]*)</td>", cells)[:2]]
    assert tif and max(tif) > 1
    calibrations = text.split('id="calibrations">', 1)[1].split("</p>", 1)[0]
    assert "1 June 2024" in calibrations and "run 1" not in calibrations
    assert "no IRT parameters" not in calibrations


def test_a_form_page_names_each_items_type_and_case_set(cast, draft) -> None:
    text = _client(cast.psychometrician).get(f"/forms/{draft.pk}/").content.decode()
    assert '<th scope="col">Type</th><th scope="col">Case set</th>' in text
    assert text.count("<td>Single answer</td>") == draft.items.count()
