"""A vendor's result file: refused whole when any row is bad, scored like delivered sessions."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from hallmark.results import services
from hallmark.results.models import Result, VendorImport, VendorRecord

from factories import RegistrationFactory, UserFactory, scoring_ground, submitted_session

pytestmark = pytest.mark.django_db

KEYS = ["A", "B", "C", "D"]


@pytest.fixture
def ground(cast):
    _program, form, window = scoring_ground(KEYS, "3", cast.manager)
    seats = [RegistrationFactory(window=window) for _ in range(3)]
    return form, window, seats


def identifiers(form) -> list[str]:
    return [fi.item_version.item.identifier for fi in form.items.order_by("position")]


def csv_text(form, rows: list[tuple[str, str]]) -> str:
    lines = ["candidate," + ",".join(identifiers(form))]
    lines += [email + "," + ",".join(answers.replace("-", " ")) for email, answers in rows]
    return "\n".join(lines) + "\n"


def test_a_bad_file_is_refused_whole_listing_each_bad_row(cast, ground) -> None:
    form, window, seats = ground
    elsewhere = RegistrationFactory()  # registered, but in another window
    text = csv_text(
        form,
        [
            (seats[0].candidate.email, "ABCD"),
            ("nobody@example.org", "ABCD"),
            (elsewhere.candidate.email, "ABCD"),
            (seats[1].candidate.email, "ABCZ"),
        ],
    )
    with pytest.raises(ValidationError) as caught:
        services.import_vendor_file(window, text, file_name="bad.csv", by=cast.psychometrician)
    problems = caught.value.messages
    assert problems == [
        "bad.csv: row 3: candidate: unknown candidate nobody@example.org",
        f"bad.csv: row 4: candidate: {elsewhere.candidate.email} is not registered in {window}",
        f"bad.csv: row 5: item {identifiers(form)[3]}: 'Z' is not an option of the item or blank",
    ]
    assert VendorImport.objects.count() == 0 and VendorRecord.objects.count() == 0


def test_an_unknown_item_is_named_in_the_header(cast, ground) -> None:
    form, window, _seats = ground
    text = "candidate," + ",".join(identifiers(form)) + ",NOT-AN-ITEM\n"
    with pytest.raises(ValidationError, match=r"x\.csv: row 1: item NOT-AN-ITEM: unknown item"):
        services.import_vendor_file(window, text, file_name="x.csv", by=cast.psychometrician)


def test_a_good_file_is_scored_with_the_delivered_sessions(cast, ground) -> None:
    form, window, seats = ground
    submitted_session(form, "ABCD", window=window)
    text = csv_text(form, [(seats[0].candidate.email, "ABC-"), (seats[1].candidate.email, "DDDD")])
    batch = services.import_vendor_file(
        window, text, file_name="vendor.csv", by=cast.psychometrician
    )
    assert batch.rows == 2 and batch.form == form
    run = services.score_window(window, form, by=cast.psychometrician)
    assert run.source == "both"
    raws = {r.candidate_id: (r.raw, r.passed, r.session_id) for r in run.results.all()}
    assert raws[seats[0].candidate_id] == (3, True, None)
    assert raws[seats[1].candidate_id] == (1, False, None)


def test_item_level_scores_count_as_right_and_wrong(cast, ground) -> None:
    form, window, seats = ground
    text = csv_text(form, [(seats[0].candidate.email, "1101"), (seats[1].candidate.email, "0000")])
    services.import_vendor_file(
        window, text, file_name="scores.csv", by=cast.psychometrician, scored=True
    )
    run = services.score_window(window, form, by=cast.psychometrician)
    assert sorted(run.results.values_list("raw", flat=True)) == [0, 3]


def test_the_import_verb_refuses_a_bad_file_and_changes_nothing(
    cast, ground, tmp_path, capsys
) -> None:
    form, window, _seats = ground
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(form, [("nobody@example.org", "ABCD")]))
    with pytest.raises(SystemExit) as exit_:
        call_command("results", "import", str(bad), "--window", str(window.pk))
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "bad.csv: row 2: candidate: unknown candidate nobody@example.org" in err
    assert "bad.csv: 1 problem; nothing was imported." in err
    assert VendorImport.objects.count() == 0


def test_the_verbs_import_score_and_release(cast, ground, tmp_path, capsys) -> None:
    form, window, seats = ground
    good = tmp_path / "good.csv"
    good.write_text(csv_text(form, [(s.candidate.email, "ABCD") for s in seats]))
    call_command("results", "import", str(good), "--window", str(window.pk))
    call_command("results", "score", "--window", str(window.pk), "--by", cast.psychometrician.email)
    with pytest.raises(CommandError, match="name who"):
        call_command("results", "release", "--window", str(window.pk))
    call_command(
        "results", "release", "--window", str(window.pk), "--by", "psychometrician@example.org"
    )
    out = capsys.readouterr().out
    assert "imported 3 candidates from good.csv" in out
    assert "run 1 (held), 3 results, 3 pass" in out
    assert "3 results, 3 pass" in out.splitlines()[-1]
    assert Result.objects.filter(run__status="released").count() == 3


def test_the_score_verb_checks_the_person(cast, ground) -> None:
    _form, window, _seats = ground
    outsider = UserFactory()
    with pytest.raises(CommandError, match="may not score"):
        call_command("results", "score", "--window", str(window.pk), "--by", outsider.email)
    with pytest.raises(CommandError, match="No testing window"):
        call_command("results", "score", "--window", "999999")
