"""The numpy logistic and normal-quantile functions equal scipy.special's."""

import numpy as np
import pytest
from scipy import special

from hallmark.psychometrics.irt._special import expit, log_expit, ndtri


def test_logistic_functions_equal_scipys_in_both_tails():
    x = np.r_[np.linspace(-700, 700, 20001), [-1e-300, 0.0, 1e-300]]
    np.testing.assert_allclose(expit(x), special.expit(x), rtol=1e-15, atol=0)
    np.testing.assert_allclose(log_expit(x), special.log_expit(x), rtol=1e-15, atol=0)
    assert np.isnan(log_expit(np.nan)) and np.isnan(expit(np.nan))  # silently, as scipy
    grid = np.linspace(-3, 3, 12).reshape(3, 4)
    assert expit(grid).shape == (3, 4) and log_expit(grid).shape == (3, 4)


def test_normal_quantile_equals_scipys():
    p = np.r_[1e-300, 1e-12, np.linspace(0.001, 0.999, 999), 1 - 1e-12]
    np.testing.assert_allclose(ndtri(p), special.ndtri(p), rtol=1e-12, atol=1e-12)
    edges = ndtri(np.array([0.0, 1.0, 1.5, np.nan]))
    assert edges[0] == -np.inf and edges[1] == np.inf and np.isnan(edges[2:]).all()


def test_calibrating_imports_no_scipy():
    import subprocess
    import sys

    probe = (
        "import sys, numpy as np\n"
        "from hallmark.psychometrics.irt import calibrate, estimate_ability\n"
        "x = (np.random.default_rng(1).random((300, 6)) < 0.6).astype(float)\n"
        "fit = calibrate(x, '2pl')\n"
        "estimate_ability(x, fit.parameters, 'wle')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy')[:3])\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("value", [0.5, 0.975])
def test_scalars(value):
    assert ndtri(value) == pytest.approx(special.ndtri(value), abs=1e-14)
