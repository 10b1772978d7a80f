"""SVG charts of a study's report, drawn server-side with a bare matplotlib Figure (pyplot's
global state is not safe across a server's threads). Each SVG carries its title and a
description; the report's tables give the same numbers."""

from matplotlib.figure import Figure

from hallmark.jobanalysis.report import StudyReport
from hallmark.lib.charts import labelled_svg

KEPT = "#0072B2"  # Okabe-Ito blue and vermilion: colour-blind safe; shapes tell them apart too
LEFT_OUT = "#D55E00"


def ratings_svg(report: StudyReport, title: str) -> str:
    """Mean importance against mean frequency, one point per statement, with the importance
    threshold; kept statements are blue circles, the others vermilion crosses."""
    figure = Figure(figsize=(7, 4))
    ax = figure.subplots()
    points = [
        (s.frequency_mean, s.importance_mean, s)
        for s in report.statements
        if s.frequency_mean is not None and s.importance_mean is not None
    ]
    for included, colour, marker, label in (
        (True, KEPT, "o", "kept"),
        (False, LEFT_OUT, "x", "left out"),
    ):
        shown = [(x, y, s) for x, y, s in points if s.included is included]
        ax.scatter(
            [x for x, _, _ in shown],
            [y for _, y, _ in shown],
            color=colour,
            marker=marker,
            s=40,
            label=label,
        )
        for x, y, s in shown:
            ax.annotate(s.code, (x, y), xytext=(4, 3), textcoords="offset points", fontsize="small")
    minimum = float(report.study.minimum_mean_importance)
    ax.axhline(
        minimum,
        color="#000000",
        linestyle="--",
        linewidth=1,
        label=f"minimum importance {minimum:.2f}",
    )
    ax.set_xlabel("Mean frequency")
    ax.set_ylabel("Mean importance")
    ax.legend(loc="best", fontsize="small")
    figure.tight_layout()
    kept = sum(s.included for s in report.statements)
    description = (
        f"Each of {len(report.statements)} statements by its mean frequency and mean importance; "
        f"{kept} kept. The dashed line is the minimum mean importance, {minimum:.2f}; a statement "
        f"must also be performed by at least {report.study.minimum_percent_performing}% of "
        "respondents. The statement results table gives each value."
    )
    return labelled_svg(figure, title, description)


def weights_svg(report: StudyReport, title: str) -> str:
    """Each domain's computed weight beside its final weight, in percent."""
    figure = Figure(figsize=(7, 3.2))
    ax = figure.subplots()
    codes = [d.code for d in report.domains]
    computed = [float(d.computed or 0) for d in report.domains]
    final = [float(d.final or 0) for d in report.domains]
    positions = range(len(codes))
    left = ax.bar([p - 0.2 for p in positions], computed, width=0.4, color=KEPT, label="computed")
    right = ax.bar(
        [p + 0.2 for p in positions], final, width=0.4, color=LEFT_OUT, hatch="//", label="final"
    )
    for bars in (left, right):
        ax.bar_label(bars, fmt="%.2f", fontsize="small", padding=2)
    ax.set_ylim(0, max([*computed, *final, 1]) * 1.15)
    ax.set_xticks(list(positions), [f"Domain {c}" for c in codes])
    ax.set_ylabel("Weight (%)")
    ax.legend(loc="upper right", fontsize="small")
    figure.tight_layout()
    parts = [
        f"domain {d.code} computed {float(d.computed or 0):.2f}%, final {float(d.final or 0):.2f}%"
        for d in report.domains
    ]
    description = (
        "Domain weights: " + "; ".join(parts) + ". The weights table gives the panel's reasons."
    )
    return labelled_svg(figure, title, description)
