"""The technical report: its figures recomputed by hand from `export-responses`, its JSON keys,
a tagged PDF that names the program and every form, the page's permissions, bad input."""

import csv
import datetime
import json
import math

import numpy as np
import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from hallmark.exams.data import RegistrationStatus
from hallmark.exams.models import Registration
from hallmark.psychometrics import livingston_lewis
from hallmark.results.models import Result

from factories.technical import BASE_CUT, Ground, technical_ground

pytestmark = pytest.mark.django_db

KEYS = {
    "code",
    "candidates",
    "first_time",
    "repeat",
    "pass_rate",
    "pass_rate_first_time",
    "reliability",
    "reliability_method",
    "sem",
    "csem_at_cut",
    "decision_consistency",
    "decision_accuracy",
    "cut_raw",
    "cut_scaled",
    "equated_to",
    "equating_method",
    "dif_flagged",
}


@pytest.fixture
def ground(cast) -> Ground:
    return technical_ground(cast)


def _report(tmp_path, *args: str) -> tuple[dict, bytes]:
    out, figures = tmp_path / "report.pdf", tmp_path / "report.json"
    call_command(
        "report", "technical", "--program", "TR", *args, "--out", str(out), "--json", str(figures)
    )
    return json.loads(figures.read_text()), out.read_bytes()


def _exported(tmp_path, code: str, cast) -> tuple[list[int], np.ndarray]:
    out = tmp_path / f"{code}.csv"
    call_command(
        "results",
        "export-responses",
        "--form",
        code,
        "--out",
        str(out),
        "--by",
        cast.psychometrician.email,
        "--reason",
        "technical report check",
    )
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return [int(r[0]) for r in rows], np.array([[int(c) for c in r[1:]] for r in rows])


def _kr20(x: np.ndarray) -> float:
    """KR-20 by its formula: k/(k-1) (1 - sum p q / var X), variances over N."""
    k = x.shape[1]
    p = x.mean(axis=0)
    return k / (k - 1) * (1 - float((p * (1 - p)).sum()) / float(x.sum(axis=1).var()))


def _repeats(ids: list[int]) -> int:
    """Results whose candidate had sat the program's exam in an earlier registration."""
    count = 0
    for result in Result.objects.filter(pk__in=ids).select_related("registration"):
        earlier = Registration.objects.filter(
            candidate=result.candidate,
            program=result.registration.program,
            status=RegistrationStatus.SAT,
            booked_at__lt=result.registration.booked_at,
        )
        count += earlier.exists()
    return count


def test_it_recomputes_every_figure_from_the_exported_responses(tmp_path, ground, cast) -> None:
    figures, _pdf = _report(tmp_path, "--to", ground.program.today().isoformat())
    assert set(figures) == {"program", "from", "to", "forms", "casework", "job_analysis"}
    assert figures["job_analysis"] is None  # the outline came from no study
    assert figures["program"] == "TR"
    # No complaint in the ground: the casework rows say so rather than vanish.
    assert {row["kind"]: row["received"] for row in figures["casework"]}["Complaints"] == 0
    forms = {f["code"]: f for f in figures["forms"]}
    assert list(forms) == ["TR-A", "TR-B"]
    for code, form in forms.items():
        assert set(form) >= KEYS
        ids, x = _exported(tmp_path, code, cast)
        raw = x.sum(axis=1)
        results = {r.pk: r for r in Result.objects.filter(pk__in=ids)}
        cut = ground.runs[code].rules["raw_cut"]
        passed = [results[i].passed for i in ids]
        assert passed == [bool(s >= cut) for s in raw]  # the results agree with the matrix
        repeat = _repeats(ids)
        first = [p for i, p in zip(ids, passed, strict=True) if not _repeats([i])]
        kr20 = _kr20(x)
        assert form["candidates"] == len(ids) == x.shape[0]
        assert (form["first_time"], form["repeat"]) == (len(ids) - repeat, repeat)
        assert form["pass_rate"] == pytest.approx(sum(passed) / len(ids), abs=1e-6)
        assert form["pass_rate_first_time"] == pytest.approx(sum(first) / len(first), abs=1e-6)
        assert form["reliability"] == pytest.approx(kr20, abs=1e-6)
        assert form["reliability_method"] == "KR-20"
        assert form["sem"] == pytest.approx(raw.std() * math.sqrt(1 - kr20), abs=1e-6)
        k = x.shape[1]
        assert form["csem_at_cut"] == pytest.approx(math.sqrt(cut * (k - cut) / (k - 1)), abs=1e-6)
        counts = np.bincount(raw, minlength=k + 1)
        expected = livingston_lewis(counts, k, [cut], kr20)
        assert form["decision_consistency"] == pytest.approx(expected.consistency, abs=1e-6)
        assert form["decision_accuracy"] == pytest.approx(expected.accuracy, abs=1e-6)
        assert form["cut_raw"] == cut and form["cut_scaled"] == 500
        assert form["dif_flagged"] == 0  # groups far below the minimum: nothing analysed
    assert forms["TR-A"]["repeat"] == 1
    assert forms["TR-A"]["equated_to"] is None and forms["TR-A"]["equating_method"] is None
    assert forms["TR-A"]["cut_raw"] == int(BASE_CUT)
    assert forms["TR-B"]["equated_to"] == "TR-A" and forms["TR-B"]["equating_method"] == "linear"
    assert forms["TR-B"]["cut_raw"] == ground.runs["TR-B"].rules["equating"]["raw_cut"]


def test_the_pdf_is_tagged_and_names_the_program_and_each_form(tmp_path, ground) -> None:
    _figures, pdf = _report(tmp_path)
    reader = pypdf.PdfReader(tmp_path / "report.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert ground.program.name in text and "(TR)" in text
    for code in ("TR-A", "TR-B"):
        assert f"Form {code}" in text
    for named in ("KR-20", "Lord", "Livingston", "Mantel-Haenszel", "Contents", "Table 1."):
        assert named in text
    assert "Carried from TR-A's standard" in text and "Retakes" in text
    assert pdf.startswith(b"%PDF")


def test_a_period_before_the_windows_has_no_report(tmp_path, ground, capsys) -> None:
    args = ("--from", "2001-01-01", "--to", "2001-12-31")
    with pytest.raises(SystemExit) as stop:
        _report(tmp_path, *args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "TR has no released scoring run of a window closing from 2001-01-01 to 2001-12-31" in err
    assert not (tmp_path / "report.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--program", "NOPE"), "no program has the designation NOPE"),
        (("--program", "TR", "--from", "2026-02-30"), "--from: '2026-02-30' is not a date"),
        (("--program", "TR", "--to", "yesterday"), "--to: 'yesterday' is not a date"),
        (
            ("--program", "TR", "--from", "2026-05-01", "--to", "2026-04-01"),
            "the period starts (2026-05-01) after it ends (2026-04-01)",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, args, message) -> None:
    from factories.exams import ready_program

    ready_program(designation="TR")
    with pytest.raises(SystemExit) as stop:
        call_command("report", "technical", *args, "--out", str(tmp_path / "r.pdf"))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.strip().count("\n") == 0


def test_it_never_overwrites_unless_forced(tmp_path, ground, capsys) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"keep me")
    with pytest.raises(SystemExit) as stop:
        call_command("report", "technical", "--program", "TR", "--out", str(out))
    assert stop.value.code == 2 and "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    call_command("report", "technical", "--program", "TR", "--out", str(out), "--force")
    assert out.read_bytes().startswith(b"%PDF")
    assert "forms TR-A, TR-B" in capsys.readouterr().out


def test_a_form_scored_two_ways_in_the_period_is_refused(tmp_path, ground, cast, capsys) -> None:
    """Pooling needs the same items and cut: a drop between two windows asks for a narrower
    period rather than mixing two scorings."""
    from hallmark.results import services

    from factories.results import submitted_session
    from factories.technical import answers, closed_window, release

    later = closed_window(ground.program, ground.base.blueprint, days_ago=0)
    later.forms.add(ground.base)
    import random

    rng = random.Random(9)
    for _ in range(30):
        submitted_session(ground.base, answers(rng, rng.gauss(0, 1), 0.0), window=later)
    services.override_key(
        ground.base.items.get(position=20),
        action="drop",
        reason="Outdated.",
        by=cast.psychometrician,
    )
    release(
        services.score_window(later, ground.base, by=cast.psychometrician), cast.psychometrician
    )
    with pytest.raises(SystemExit) as stop:
        _report(tmp_path, "--to", (ground.program.today() + datetime.timedelta(days=1)).isoformat())
    assert stop.value.code == 2
    assert "the released runs of TR-A in the period" in capsys.readouterr().err


# --- the page --------------------------------------------------------------------------------


def test_only_psychometricians_and_program_managers_see_the_report(client, ground, cast) -> None:
    page = reverse("results:technical-report", args=["TR"])
    make = reverse("results:technical-report-make", args=["TR"])
    for person in (cast.candidate, cast.officer, cast.reviewer, cast.outsider):
        client.force_login(person)
        assert client.get(page).status_code == 403
        assert client.post(make).status_code == 403
        assert client.get(reverse("results:technical-reports")).status_code == 403
    client.logout()
    assert client.get(page).status_code == 302  # to the sign-in page
    client.force_login(cast.manager)
    assert client.get(page).status_code == 200
    client.force_login(cast.psychometrician)
    shown = client.get(page).content.decode()
    for words in ("Form TR-A", "Form TR-B", "Table 1. Annual statistics by form", "KR-20"):
        assert words in shown
    assert "data:image/svg+xml;base64," in shown  # the charts, drawn on the server
    listed = client.get(reverse("results:technical-reports")).content.decode()
    assert page in listed


def test_a_job_makes_the_pdf_and_the_same_figures_for_download(
    client, ground, cast, tmp_path, committed
) -> None:
    from hallmark.accounts.models import Job

    client.force_login(cast.psychometrician)
    assert "Make the PDF" in client.get(reverse("results:technical-report", args=["TR"])).text
    with committed():
        response = client.post(reverse("results:technical-report-make", args=["TR"]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    pdf_name, json_name = job.result["files"]
    assert pdf_name.startswith("TR-technical-report-") and pdf_name.endswith(".pdf")
    page = client.get(response["Location"]).text
    assert f'href="/jobs/{job.pk}/files/{pdf_name}"' in page

    pdf = client.get(f"/jobs/{job.pk}/files/{pdf_name}")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"] and pdf.content.startswith(b"%PDF")
    figures = json.loads(client.get(f"/jobs/{job.pk}/files/{json_name}").content)
    on_file, _ = _report(tmp_path)
    assert figures == on_file
    client.force_login(cast.officer)  # may not see the report, nor its job's files
    assert client.get(f"/jobs/{job.pk}/files/{pdf_name}").status_code == 403


def test_the_page_says_what_is_wrong_with_a_period(client, ground, cast) -> None:
    client.force_login(cast.psychometrician)
    page = reverse("results:technical-report", args=["TR"])
    response = client.get(page, {"from": "2026-13-01"})
    assert response.status_code == 400
    assert "from: &#x27;2026-13-01&#x27; is not a date" in response.content.decode()
    response = client.get(page, {"from": "2001-01-01", "to": "2001-02-01"})
    assert response.status_code == 400 and "no released scoring run" in response.content.decode()
    assert client.get(reverse("results:technical-report", args=["NOPE"])).status_code == 404
