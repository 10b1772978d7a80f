"""A form with a multiple-response item, scored all or nothing and with partial credit."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hallmark.itembank.models import ItemSet
from hallmark.programs.data import MultipleResponseScoring
from hallmark.results import services
from hallmark.results.data import KeyAction
from hallmark.results.demo_responses import answers, item_parameters
from hallmark.results.export import export_responses
from hallmark.results.models import KeyOverride, VendorRecord
from hallmark.results.responses import scored_matrix

from factories import RegistrationFactory, scoring_ground, submitted_session

pytestmark = pytest.mark.django_db

# Position 3 is a multiple-response item: select two, the keys A and C. Positions 1 and 3 are
# in the first domain, 2 and 4 in the second.
KEYS = ["A", "B", "A|C", "D"]
ANSWERS = [
    ["A", "B", "A|C", "D"],  # all or nothing 4; partial 1 + 1 + 2 + 1 = 5
    ["A", "B", "A", "D"],  # 3; partial 1 + 1 + 1 + 1 = 4
    ["A", "B", "A|B|C", ""],  # 2; partial 1 + 1 + (2 - 1) = 3
    ["A", "C", "B|D", "D"],  # 2; partial 1 + 0 + max(0, 0 - 2) + 1 = 2
    ["", "", "C", ""],  # 0; partial 1
]


def scored(cast, policy: str):
    _program, form, window = scoring_ground(
        KEYS, "3", cast.manager, multiple_response_scoring=policy
    )
    sessions = [submitted_session(form, answers, window=window) for answers in ANSWERS]
    run = services.score_window(window, form, by=cast.psychometrician)
    results = [run.results.get(session=s) for s in sessions]
    return form, window, run, results


def test_all_or_nothing_gives_a_point_for_exactly_the_keys(cast) -> None:
    _form, _window, run, results = scored(cast, MultipleResponseScoring.ALL_OR_NOTHING)
    assert run.rules["max_raw"] == 4
    assert [r.raw for r in results] == [4, 3, 2, 2, 0]
    assert [r.passed for r in results] == [True, True, False, False, False]
    assert run.rules["multiple_response"] == {"3": "all or nothing"}
    assert all(sum(d["max"] for d in r.domains) == 4 for r in results)


def test_partial_credit_counts_keys_chosen_less_other_options(cast) -> None:
    _form, _window, run, results = scored(cast, MultipleResponseScoring.PARTIAL)
    assert run.rules["max_raw"] == 5 and run.rules["raw_cut"] == 3
    assert [r.raw for r in results] == [5, 4, 3, 2, 1]
    assert [r.passed for r in results] == [True, True, True, False, False]
    # the third candidate: 1 + 1 of 3 in the first domain, 1 of 2 in the second
    assert [(d["raw"], d["max"]) for d in results[2].domains] == [(2, 3), (1, 2)]
    assert all(sum(d["raw"] for d in r.domains) == r.raw for r in results)
    assert all(r.theta is None for r in results)
    assert any("partial credit" in note for note in run.notes)
    third = next(i for i in run.analysis["items"] if i["position"] == 3)
    assert third["maximum"] == 2 and third["p"] == pytest.approx(5 / 10)
    assert {o["option"]: o["key"] for o in third["options"]} == {
        "A": True,
        "B": False,
        "C": True,
        "D": False,
    }
    # the stored run's matrix gives back the same points
    matrix = scored_matrix(run)
    assert matrix.maxima == (1, 1, 2, 1) and matrix.max_raw == 5
    assert sorted(matrix.right.sum(axis=1).tolist()) == [1, 2, 3, 4, 5]


def test_a_multiple_response_rekey_replaces_the_whole_key_set(cast) -> None:
    form, window, _run, _results = scored(cast, MultipleResponseScoring.PARTIAL)
    third = form.items.get(position=3)
    with pytest.raises(ValidationError, match="select 2, so its key names 2 options"):
        services.override_key(
            third, action=KeyAction.REKEY, keys=["B"], reason="Review.", by=cast.psychometrician
        )
    with pytest.raises(ValidationError, match="rekey it with the whole set"):
        services.override_key(
            third,
            action=KeyAction.ACCEPT,
            keys=["A", "B"],
            reason="Review.",
            by=cast.psychometrician,
        )
    services.override_key(
        third, action=KeyAction.REKEY, keys=["B", "A"], reason="Review.", by=cast.psychometrician
    )
    rescored = services.score_window(window, form, by=cast.psychometrician)
    assert rescored.rules["keys"]["3"] == ["A", "B"]
    # A|C now 1 - 1 = 0, A 1, A|B|C 2 - 1 = 1, B|D 1 - 1 = 0, C 0
    raws = sorted(r.raw for r in rescored.results.all())
    assert raws == sorted([3, 4, 3, 2, 0])


def test_accepting_several_keys_on_a_single_answer_item_means_any_of_them(cast) -> None:
    form, window, _run, _results = scored(cast, MultipleResponseScoring.PARTIAL)
    second = form.items.get(position=2)
    services.override_key(
        second,
        action=KeyAction.ACCEPT,
        keys=["B", "C"],
        reason="Both defensible.",
        by=cast.psychometrician,
    )
    rescored = services.score_window(window, form, by=cast.psychometrician)
    raws = sorted(r.raw for r in rescored.results.all())
    assert raws == [1, 3, 3, 4, 5]  # the fourth candidate's C on item 2 now counts


def vendor_text(form, rows: list[tuple[str, list[str]]]) -> str:
    ids = [fi.item_version.item.identifier for fi in form.items.order_by("position")]
    lines = ["candidate," + ",".join(ids)]
    lines += [email + "," + ",".join(cells) for email, cells in rows]
    return "\n".join(lines) + "\n"


def test_a_vendor_file_writes_a_multiple_response_cell_as_labels_joined(cast) -> None:
    _program, form, window = scoring_ground(
        KEYS, "3", cast.manager, multiple_response_scoring=MultipleResponseScoring.PARTIAL
    )
    seats = [RegistrationFactory(window=window) for _ in range(2)]
    text = vendor_text(
        form,
        [
            (seats[0].candidate.email, ["A", "B", "C|A", "D"]),
            (seats[1].candidate.email, ["A", "C", "B|C", ""]),
        ],
    )
    services.import_vendor_file(window, text, file_name="v.csv", by=cast.psychometrician)
    first = VendorRecord.objects.get(registration=seats[0])
    assert first.responses["3"] == "A|C"
    run = services.score_window(window, form, by=cast.psychometrician)
    raws = {r.candidate_id: r.raw for r in run.results.all()}
    assert raws == {seats[0].candidate_id: 5, seats[1].candidate_id: 1}  # B|C: 1 - 1


def test_a_vendor_file_refuses_several_options_for_a_single_answer_item(cast) -> None:
    _program, form, window = scoring_ground(KEYS, "3", cast.manager)
    seat = RegistrationFactory(window=window)
    ids = [fi.item_version.item.identifier for fi in form.items.order_by("position")]
    text = vendor_text(form, [(seat.candidate.email, ["A|B", "B", "A|B|C", "D"])])
    with pytest.raises(ValidationError) as caught:
        services.import_vendor_file(window, text, file_name="v.csv", by=cast.psychometrician)
    assert caught.value.messages == [
        f"v.csv: row 2: item {ids[0]}: 'A|B' names several options; a single-answer item takes one",
        f"v.csv: row 2: item {ids[2]}: 'A|B|C' names 3 options; the item says select 2",
    ]
    assert VendorRecord.objects.count() == 0


def test_a_partial_credit_failure_is_told_in_points_without_item_detail(
    client, cast, tmp_path
) -> None:
    form, window, run, results = scored(cast, MultipleResponseScoring.PARTIAL)
    for item in run.flagged:
        services.override_key(
            form.items.get(position=item["position"]),
            action=KeyAction.KEEP,
            reason="Reviewed.",
            by=cast.psychometrician,
        )
    services.release(window, by=cast.psychometrician)
    failing = results[3]  # 2 of 5 points, 3 pass
    client.force_login(failing.candidate)
    page = client.get(reverse("results:mine", args=[failing.pk])).content.decode()
    assert "You needed 1 more point to pass" in page
    assert "2 of the 5 points" in page
    assert "A|C" not in page and "B|D" not in page
    # the scored responses export writes each item's points: 2 for both keys of item 3
    out = tmp_path / "scored.csv"
    export_responses(form, out, by=cast.psychometrician, reason="Calibration.")
    rows = out.read_text().splitlines()
    assert rows[0] == "id,1,2,3,4"
    assert sorted(row.split(",", 1)[1] for row in rows[1:]) == [
        "0,0,1,0",
        "1,0,0,1",
        "1,1,1,0",
        "1,1,1,1",
        "1,1,2,1",
    ]


def test_the_run_page_takes_a_multiple_response_rekey_as_labels_joined(client, cast) -> None:
    form, _window, run, _results = scored(cast, MultipleResponseScoring.PARTIAL)
    third = form.items.get(position=3)
    client.force_login(cast.psychometrician)
    page = client.get(reverse("results:run", args=[run.pk])).content.decode()
    assert 'placeholder="A|C"' in page and "(2 points)" in page
    assert "Item 3 (" in page and "multiple response: key A|C" in page
    assert '<th scope="row">D</th>' in page  # each option, not each pattern, has its row
    client.post(
        reverse("results:run", args=[run.pk]),
        {"form_item": third.pk, "action": KeyAction.REKEY, "keys": "b|a", "reason": "Review."},
    )
    overrides = KeyOverride.objects.filter(form_item=third)
    assert list(overrides.values_list("keys", flat=True)) == [["A", "B"]]


def test_items_sharing_a_stimulus_that_move_together_are_flagged(client, cast) -> None:
    _program, form, window = scoring_ground(["A", "B", "C", "D", "A", "B"], "3", cast.manager)
    case = ItemSet.objects.create(
        program=form.program, identifier="case-1", title="A case", stimulus="<p>Case</p>"
    )
    for position in (1, 2):
        item = form.items.get(position=position).item_version.item
        item.item_set = case
        item.save()
    # items 3-6 follow ability (the first k right); items 1 and 2 go together, by a coin
    for k, coin in zip([0, 1, 1, 2, 2, 3, 3, 4], [1, 0, 1, 0, 1, 0, 1, 0], strict=True):
        pair = "AB" if coin else "CC"
        rest = "".join(key if j < k else "A" if key != "A" else "B" for j, key in enumerate("CDAB"))
        submitted_session(form, pair + rest, window=window)
    run = services.score_window(window, form, by=cast.psychometrician)
    assert run.analysis["local_dependence"]["flagged"] == [{"items": ["1", "2"], "q3": 1.0}]
    assert run.analysis["local_dependence"]["residuals"] == "the rest-score expectation"
    first = next(i for i in run.analysis["items"] if i["position"] == 1)
    assert "local_dependence" in {f["code"] for f in first["flags"]}
    others = [i for i in run.analysis["items"] if i["position"] > 2]
    assert all("local_dependence" not in {f["code"] for f in i["flags"]} for i in others)
    client.force_login(cast.psychometrician)
    page = client.get(reverse("results:run", args=[run.pk])).content.decode()
    assert "flagged, more than 0.2 above it: items 1 and 2 (Q3 1.00)" in page


def test_simulated_candidates_answer_multiple_response_items_sensibly(cast) -> None:
    _program, form, window = scoring_ground(
        KEYS, "3", cast.manager, multiple_response_scoring=MultipleResponseScoring.PARTIAL
    )
    items = list(form.items.select_related("item_version").order_by("position"))
    parameters = item_parameters(form)
    rng = random.Random(5)
    able = [answers(items, parameters, 4.0, rng)[3] for _ in range(40)]
    weak = [answers(items, parameters, -4.0, rng)[3] for _ in range(40)]
    assert able.count("A|C") >= 38  # nearly always both keys
    assert "A|C" not in weak  # a wrong pattern otherwise ...
    assert all(len(w.split("|")) == 2 for w in weak)  # ... selecting two, as the item asks
    assert {o for w in weak for o in w.split("|")} <= {"A", "B", "C", "D"}
    assert {o for w in weak for o in w.split("|")} & {"B", "D"}
    for theta in (-1.0, 0.0, 0.5, 1.0, 2.0):
        chosen = answers(items, parameters, theta, rng)
        submitted_session(form, [chosen[p] for p in (1, 2, 3, 4)], window=window)
    run = services.score_window(window, form, by=cast.psychometrician)
    assert run.rules["max_raw"] == 5
    assert all(0 <= r.raw <= 5 for r in run.results.all())


def test_dropping_a_partial_credit_item_lowers_the_cut_by_its_points(cast) -> None:
    form, window, _run, _results = scored(cast, MultipleResponseScoring.PARTIAL)
    services.override_key(
        form.items.get(position=3), action=KeyAction.DROP, reason="Flawed.", by=cast.psychometrician
    )
    rescored = services.score_window(window, form, by=cast.psychometrician)
    # no study: the cut shrinks with the points left, 3 x 3/5 = 1.8, rounded up
    assert rescored.rules["max_raw"] == 3 and rescored.rules["raw_cut"] == 2
    assert rescored.rules["multiple_response"] == {}
