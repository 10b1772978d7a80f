"""The services that turn an assembly into frozen forms."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hallmark.exams.data import FormStatus
from hallmark.exams.forms import workflow
from hallmark.exams.forms.report import check_batch
from hallmark.exams.models import Form, FormItem, FrozenFormError
from hallmark.itembank.data import ItemStatus
from hallmark.itembank.models import Item

from factories import TestingWindowFactory, form_bank


@pytest.fixture
def blueprint(db: None):
    return form_bank()


def _program(blueprint):
    return blueprint.outline.program


def _assemble(blueprint, by, n=2, **options):
    return workflow.assemble_draft_forms(
        _program(blueprint), blueprint, n, by=by, time_limit=10, **options
    )


def _domain_of(version) -> str:
    return version.competency.domain.code


def test_it_assembles_draft_forms_with_their_provenance(cast, blueprint) -> None:
    forms = _assemble(blueprint, cast.psychometrician, seed=3)

    assert [f.code for f in forms] == [
        f"{_program(blueprint).designation}-{_program(blueprint).today().year}-A",
        f"{_program(blueprint).designation}-{_program(blueprint).today().year}-B",
    ]
    for form in forms:
        assert form.status == FormStatus.DRAFT
        assert form.assembly_seed == 3
        assert form.solver.startswith("HiGHS")
        assert form.objective_value is not None and form.objective_value > 0
        assert form.assembly_spec["domains"] == {"1": 2, "2": 2}
        assert form.assembly_report["batch"] == [f.code for f in forms]
        assert form.assembly_report["checks"] and all(
            c["ok"] for c in form.assembly_report["checks"]
        )
        rows = list(form.items.select_related("item_version__item", "item_version__competency"))
        assert [r.position for r in rows] == [1, 2, 3, 4, 5]
        scored = [r for r in rows if r.scored]
        assert len(scored) == 4
        assert all(r.item_version.item.status == ItemStatus.OPERATIONAL for r in scored)
        assert [r.item_version.item.status for r in rows if not r.scored] == [ItemStatus.PRETEST]
        assert sorted(_domain_of(r.item_version) for r in scored) == ["1", "1", "2", "2"]
    first, second = ({r.item_version_id for r in f.items.filter(scored=True)} for f in forms)
    assert not first & second  # overlap at most 20% of 4 items: none


def test_infeasible_assembly_explains_why_and_saves_nothing(cast, blueprint) -> None:
    with pytest.raises(ValidationError) as error:
        _assemble(blueprint, cast.psychometrician, n=4)
    text = " ".join(error.value.messages)
    assert "No forms could be assembled" in text
    assert "domain '1' needs 8 operational items for 4 forms" in text
    assert not Form.objects.exists()


@pytest.mark.parametrize("who", ["writer", "manager", "officer", "candidate", "outsider"])
def test_only_psychometricians_assemble(cast, blueprint, who) -> None:
    with pytest.raises(PermissionDenied):
        _assemble(blueprint, getattr(cast, who))
    assert not Form.objects.exists()


def test_a_swap_is_recorded_and_a_broken_constraint_shows_and_blocks_approval(
    cast, blueprint
) -> None:
    form = _assemble(blueprint, cast.psychometrician, n=1)[0]
    slot = form.items.filter(scored=True).select_related("item_version__competency").first()
    on_form = set(form.items.values_list("item_version__item_id", flat=True))
    other_domain = (
        Item.objects.filter(status=ItemStatus.OPERATIONAL)
        .exclude(pk__in=on_form)
        .exclude(current_version__competency__domain=slot.item_version.competency.domain)
        .first()
    )

    batch = workflow.swap_item(
        form, slot.position, other_domain.current_version, by=cast.psychometrician
    )

    broken = {p.constraint for p in batch.problems(form)}
    assert broken == {"domain '1'", "domain '2'"}
    form.refresh_from_db()
    stored = {c["constraint"]: c for c in form.assembly_report["checks"]}
    assert stored["domain '1'"]["ok"] is False
    assert form.assembly_report["swaps"][0]["position"] == slot.position
    with pytest.raises(ValidationError, match="domain '1': required = 2, achieved"):
        workflow.approve_form(form, by=cast.psychometrician)
    form.refresh_from_db()
    assert form.status == FormStatus.DRAFT

    workflow.swap_item(form, slot.position, slot.item_version, by=cast.psychometrician)
    assert workflow.approve_form(form, by=cast.psychometrician).status == FormStatus.FROZEN


def test_a_swap_refuses_an_item_already_on_the_form(cast, blueprint) -> None:
    form = _assemble(blueprint, cast.psychometrician, n=1)[0]
    first, second = form.items.order_by("position")[:2]
    with pytest.raises(ValidationError, match="already on form"):
        workflow.swap_item(form, first.position, second.item_version, by=cast.psychometrician)


def test_approval_freezes_and_a_frozen_form_never_changes(cast, blueprint) -> None:
    form = _assemble(blueprint, cast.psychometrician, n=1)[0]
    frozen = workflow.approve_form(form, by=cast.psychometrician)

    assert frozen.status == FormStatus.FROZEN
    assert frozen.frozen_by == cast.psychometrician and frozen.frozen_at is not None
    row = FormItem.objects.filter(form=frozen).first()
    row.scored = not row.scored
    with pytest.raises(FrozenFormError):
        row.save()
    with pytest.raises(FrozenFormError):
        row.delete()
    spare = Item.objects.exclude(pk__in=frozen.items.values("item_version__item")).filter(
        status=ItemStatus.OPERATIONAL
    )[0]
    with pytest.raises(ValidationError, match="only a draft can be changed"):
        workflow.swap_item(frozen, 1, spare.current_version, by=cast.psychometrician)
    with pytest.raises(ValidationError, match="only a draft can be approved"):
        workflow.approve_form(frozen, by=cast.psychometrician)


def test_approving_and_retiring_need_the_approve_permission(cast, blueprint) -> None:
    form = _assemble(blueprint, cast.psychometrician, n=1)[0]
    for who in (cast.writer, cast.manager, cast.officer, cast.outsider):
        with pytest.raises(PermissionDenied):
            workflow.approve_form(form, by=who)
    workflow.approve_form(form, by=cast.psychometrician)
    with pytest.raises(PermissionDenied):
        workflow.retire_form(form, by=cast.manager, reason="Exposed")


def test_retiring_keeps_the_form_with_who_when_and_why(cast, blueprint) -> None:
    form = workflow.approve_form(
        _assemble(blueprint, cast.psychometrician, n=1)[0], by=cast.psychometrician
    )
    with pytest.raises(ValidationError, match="needs a reason"):
        workflow.retire_form(form, by=cast.psychometrician, reason="  ")

    retired = workflow.retire_form(form, by=cast.psychometrician, reason="Items shared on a forum.")

    assert retired.status == FormStatus.RETIRED
    assert retired.retired_by == cast.psychometrician and retired.retired_at is not None
    assert retired.retire_reason == "Items shared on a forum."
    assert retired.items.count() == 5
    with pytest.raises(ValidationError, match="only a frozen form can be retired"):
        workflow.retire_form(retired, by=cast.psychometrician, reason="again")
    window = TestingWindowFactory(program=_program(blueprint), blueprint=blueprint)
    with pytest.raises(ValidationError, match="not frozen"):
        workflow.put_in_use(retired, window, by=cast.psychometrician)


def test_a_frozen_form_is_put_in_use_only_in_a_window_of_its_blueprint(cast, blueprint) -> None:
    form = workflow.approve_form(
        _assemble(blueprint, cast.psychometrician, n=1)[0], by=cast.psychometrician
    )
    window = TestingWindowFactory(program=_program(blueprint), blueprint=blueprint)
    workflow.put_in_use(form, window, by=cast.psychometrician)
    assert list(window.forms.all()) == [form]

    elsewhere = TestingWindowFactory()
    with pytest.raises(ValidationError, match="another blueprint"):
        workflow.put_in_use(form, elsewhere, by=cast.psychometrician)
    with pytest.raises(PermissionDenied):
        workflow.put_in_use(form, window, by=cast.proctor)


def test_a_hand_picked_form_is_frozen_with_its_report(cast, blueprint) -> None:
    program = _program(blueprint)
    pretest = Item.objects.filter(status=ItemStatus.PRETEST).first()
    versions = [*workflow.usable_versions(program, 3), pretest.current_version]

    form = workflow.freeze_hand_picked(
        program, blueprint, "HAND-1", versions, by=cast.psychometrician
    )

    assert form.status == FormStatus.FROZEN and form.assembly_spec is None
    assert [r.scored for r in form.items.order_by("position")] == [True, True, True, False]
    checks = {c["constraint"]: c for c in form.assembly_report["checks"]}
    assert checks["scored length"] == {
        "constraint": "scored length",
        "required": "= 4",
        "achieved": 3.0,
        "ok": False,
    }
    with pytest.raises(ValidationError, match="already has a form HAND-1"):
        workflow.freeze_hand_picked(program, blueprint, "HAND-1", versions, by=cast.psychometrician)


def test_a_hand_picked_form_refuses_unusable_items(cast, blueprint) -> None:
    program = _program(blueprint)
    draft = Item.objects.filter(program=program).first()
    Item.objects.filter(pk=draft.pk).update(status=ItemStatus.RETIRED)
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="is retired"):
        workflow.freeze_hand_picked(
            program, blueprint, "HAND-2", [draft.current_version], by=cast.psychometrician
        )
    assert not Form.objects.exists()


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    n=st.integers(1, 3),
    seed=st.integers(0, 1000),
    objective=st.sampled_from(["maximin", "classical"]),
)
def test_every_assembled_form_meets_every_constraint(cast, blueprint, n, seed, objective) -> None:
    forms = _assemble(blueprint, cast.psychometrician, n=n, seed=seed, objective=objective)
    assert len(forms) == n
    for form in forms:
        assert all(row.ok for row in check_batch(form).rows[form.pk])
        assert form.items.filter(scored=True).count() == 4
