"""Item response functions of the 2PL/3PL logistic models, as the assembly model needs them."""

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def probability(
    theta: FloatArray, a: FloatArray, b: FloatArray, c: FloatArray, scaling: float = 1.0
) -> FloatArray:
    """P(correct) for each item (rows) at each theta (columns)."""
    z = scaling * a[:, None] * (theta[None, :] - b[:, None])
    return c[:, None] + (1.0 - c[:, None]) / (1.0 + np.exp(-z))


def information(
    theta: FloatArray, a: FloatArray, b: FloatArray, c: FloatArray, scaling: float = 1.0
) -> FloatArray:
    """Fisher information of each item (rows) at each theta (columns) (Birnbaum's formula)."""
    p = probability(theta, a, b, c, scaling)
    cc = c[:, None]
    return (scaling * a[:, None]) ** 2 * ((1.0 - p) / p) * ((p - cc) / (1.0 - cc)) ** 2
