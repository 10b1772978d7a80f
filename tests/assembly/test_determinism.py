"""The forms do not depend on the processor: exp() differs in its last bits between numpy's
AVX2 and AVX-512 code, and the model must not see it."""

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from assembly.assembly_helpers import random_bank
from hallmark.assembly import AssemblySpec, Maximin, Overlap, Parallel, assemble_forms
from hallmark.assembly import _pool as pool
from hallmark.assembly._model import build_model
from hallmark.assembly._pool import CURVE_BITS, eligibility, significant


def _spec(objective: Maximin | Parallel) -> AssemblySpec:
    return AssemblySpec(
        scored_length=30,
        domains={"D0": 15, "D1": 15},
        overlap=Overlap(max_share=0.2),
        objective=objective,
    )


MAXIMIN = _spec(Maximin(theta=(-0.5, 0.0, 0.5)))
PARALLEL = _spec(Parallel(theta=(-1.0, 0.0, 1.0), tif=(6.0, 8.0, 6.0), tcc=(10.0, 15.0, 20.0)))


def _jittered(function: Callable[..., Any], seed: int) -> Callable[..., Any]:
    """`function` with every value moved by up to four ulps, as another processor's exp()
    moves it."""

    def moved(*args: Any, **kwargs: Any) -> Any:
        values = np.asarray(function(*args, **kwargs), dtype=float)
        steps = np.random.default_rng(seed).integers(-4, 5, values.shape)
        out = values.copy()
        for _ in range(4):
            out = np.where(steps > 0, np.nextafter(out, np.inf), out)
            out = np.where(steps < 0, np.nextafter(out, -np.inf), out)
            steps = steps - np.sign(steps)
        return out

    return moved


def _jitter_curves(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    monkeypatch.setattr(pool, "item_information", _jittered(pool.item_information, seed))
    monkeypatch.setattr(pool, "item_probability", _jittered(pool.item_probability, seed + 1))


def _assemble(spec: AssemblySpec) -> list[tuple[str, ...]]:
    bank = random_bank(np.random.default_rng(11), 400)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = assemble_forms(bank, spec, 3, seed=1, time_limit=60, mip_rel_gap=0.01)
    assert result.feasible and result.status == "optimal"  # stopped on the gap, not the clock
    return [form.scored for form in result.forms]


@pytest.mark.parametrize("spec", [MAXIMIN, PARALLEL], ids=["maximin", "parallel"])
def test_the_model_is_the_same_when_exp_differs_in_its_last_bits(
    spec: AssemblySpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = random_bank(np.random.default_rng(5), 300)
    elig = eligibility(bank, spec)
    models = [build_model(bank, spec, 2, elig, pool_factor=3.0)]
    for seed in (1, 2):
        _jitter_curves(monkeypatch, seed)
        models.append(build_model(bank, spec, 2, elig, pool_factor=3.0))
        monkeypatch.undo()
    first = models[0]
    for other in models[1:]:
        assert np.array_equal(other.unit_ids, first.unit_ids)  # the same candidate pool
        assert np.array_equal(other.c, first.c)
        assert (other.A != first.A).nnz == 0


def test_the_forms_are_the_same_when_exp_differs_in_its_last_bits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forms = _assemble(MAXIMIN)
    for seed in (3, 4):
        _jitter_curves(monkeypatch, seed)
        assert _assemble(MAXIMIN) == forms
        monkeypatch.undo()


def test_significant_rounds_to_the_given_bits_and_no_further() -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate([rng.lognormal(0.0, 5.0, 1000), -rng.lognormal(0.0, 5.0, 100)])
    rounded = significant(values)
    assert np.all(np.abs(rounded - values) <= np.abs(values) * 2.0**-CURVE_BITS)
    mantissa, _ = np.frexp(rounded)
    assert np.all(np.ldexp(mantissa, CURVE_BITS) == np.rint(np.ldexp(mantissa, CURVE_BITS)))
    assert np.array_equal(significant(rounded), rounded)  # rounding twice changes nothing
    assert rounded[0] != values[0]  # a lognormal draw has more than 20 bits
    assert np.array_equal(significant(np.array([0.0, 1.0, 0.75])), [0.0, 1.0, 0.75])
