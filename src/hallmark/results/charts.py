"""SVG charts of a scoring run, drawn server-side (no script); each SVG carries a title and a
description, and the run's page gives the same numbers as a table."""

from typing import Any

from matplotlib.figure import Figure

from hallmark.lib.charts import labelled_svg
from hallmark.results.reports import Distribution
from hallmark.results.run_figures import PassRate

BAR = "#0072B2"  # Okabe-Ito blue and vermilion: colour-blind safe
CUT = "#D55E00"


def distribution_svg(distribution: Distribution, raw_cut: int, title: str) -> str:
    figure = Figure(figsize=(8, 3.2))
    ax = figure.subplots()
    scores = [score for score, _, _ in distribution.counts]
    ax.bar(scores, [count for _, count, _ in distribution.counts], width=0.9, color=BAR)
    ax.axvline(raw_cut - 0.5, color=CUT, linestyle="--", linewidth=2, label=f"cut {raw_cut}")
    ax.set_xlabel("Raw score")
    ax.set_ylabel("Candidates")
    ax.legend(loc="upper left")
    figure.tight_layout()
    description = (
        f"Candidates at each raw score; the cut is {raw_cut}. Mean {distribution.mean:.2f}, "
        f"SD {distribution.sd:.2f}. The table below gives each count."
    )
    return labelled_svg(figure, title, description)


def pass_rates_svg(by_form: list[PassRate], by_attempt: list[PassRate], title: str) -> str:
    figure = Figure(figsize=(8, 3))
    left, right = figure.subplots(1, 2)
    for ax, rates, heading in ((left, by_form, "By form"), (right, by_attempt, "By attempt")):
        ax.barh([r.label for r in rates], [100 * r.rate for r in rates], color=BAR)
        for k, r in enumerate(rates):
            ax.text(100 * r.rate + 1, k, f"{r.passed} of {r.sat}", va="center", fontsize="small")
        ax.set_xlim(0, 115)
        ax.set_xlabel("Pass rate (%)")
        ax.set_title(heading)
    figure.tight_layout()
    parts = [f"{r.label} {r.passed} of {r.sat}" for r in (*by_form, *by_attempt)]
    description = "Pass rates: " + "; ".join(parts) + ". The table below gives the same."
    return labelled_svg(figure, title, description)


def items_svg(points: list[dict[str, Any]], title: str) -> str:
    figure = Figure(figsize=(8, 3.6))
    p_ax, r_ax = figure.subplots(2, 1, sharex=True)
    positions = [pt["position"] for pt in points]
    p_ax.bar(positions, [pt["p"] or 0 for pt in points], color=BAR)
    p_ax.set_ylabel("p")
    p_ax.set_ylim(0, 1)
    r_ax.bar(positions, [pt["r"] or 0 for pt in points], color=BAR)
    r_ax.axhline(0, color="#000000", linewidth=0.8)
    r_ax.set_ylabel("Corrected r")
    r_ax.set_xlabel("Position")
    figure.tight_layout()
    description = (
        f"Proportion right (p) and corrected point-biserial (r) of {len(points)} items by "
        "position. The items table below gives each value."
    )
    return labelled_svg(figure, title, description)
