"""An SVG chart of forms' test information and test characteristic curves, drawn server-side.

Every curve is also given as a table on the form's page (the chart's text alternative).
"""

import io
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from hallmark.assembly import FormCurves

# Colour-blind-safe (Okabe-Ito) colours, with line styles so print and greyscale still tell
# the forms apart.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
STYLES = ("-", "--", "-.", ":")


def curves_svg(curves: FormCurves, codes: Sequence[str], targets: dict[str, Any]) -> str:
    """Two panels, information (TIF) and expected raw score (TCC), every form and the target.

    A bare Figure, not pyplot: pyplot's global state is not safe across a server's threads.
    """
    figure = Figure(figsize=(10, 4))
    tif_ax, tcc_ax = figure.subplots(1, 2)
    _panel(tif_ax, curves.theta, curves.tif, codes, "Test information")
    _panel(tcc_ax, curves.theta, curves.tcc, codes, "Expected raw score")
    _target(tif_ax, targets, "tif")
    _target(tcc_ax, targets, "tcc")
    tif_ax.legend(loc="upper left", fontsize="small")
    figure.tight_layout()
    return _svg(figure)


def _panel(ax: Any, theta: Any, values: Any, codes: Sequence[str], title: str) -> None:
    for k, code in enumerate(codes):
        ax.plot(
            theta,
            values[k],
            color=COLOURS[k % len(COLOURS)],
            linestyle=STYLES[k % len(STYLES)],
            linewidth=2,
            label=code,
        )
    ax.set_title(title)
    ax.set_xlabel("θ (ability)")
    ax.grid(True, color="#dddddd")


def _target(ax: Any, targets: dict[str, Any], which: str) -> None:
    values = targets.get(which)
    if not values:
        return
    label = "reached by every form" if targets["kind"] == "maximin" else "target"
    ax.plot(targets["theta"], values, "ks", markersize=7, fillstyle="none", label=label)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
