"""How a form's cut was set (the study and the body's decision) or carried to it (the approved
equating frozen in the run), as the technical report states it."""

from dataclasses import dataclass

from hallmark.results.models import CutScoreDecision, Equating, ScoringRun


@dataclass(frozen=True)
class CutFacts:
    raw_cut: int
    max_raw: int
    applied: float  # the cut before rounding up to a whole raw score
    scaled_cut: int
    scale: tuple[int, int, int]  # minimum, passing, maximum
    decision: CutScoreDecision  # the standard: the base form's decision
    equated_to: str | None  # the base form's code; None on the base form
    equating_method: str | None
    equating_design: str | None
    equated_cut: float | None  # the raw cut on the base form's raw scale
    base_raw_cut: int | None
    equating: Equating | None

    @property
    def how(self) -> str:
        """One sentence: set by standard setting, or carried by an equating."""
        decision = self.decision
        if self.equating_method is None:
            where = f" from the study “{decision.study.title}”" if decision.study else ""
            return (
                f"Set by standard setting{where}: the body decided a raw cut of "
                f"{decision.raw_cut} on {decision.decided_at.day} {decision.decided_at:%B %Y}."
            )
        return (
            f"Carried from {self.equated_to}'s standard (raw cut {self.base_raw_cut}) by the "
            f"approved {self.equating_method} equating ({self.equating_design})"
            + (
                f": raw {self.raw_cut} here is {self.equated_cut:.2f} on {self.equated_to}."
                if self.equated_cut is not None
                else "."
            )
        )


def _number(value: object) -> float | None:
    return None if value is None else float(str(value))


def cut_facts(run: ScoringRun) -> CutFacts:
    rules = run.rules
    frozen = rules.get("equating")
    minimum, passing, maximum = (int(v) for v in rules["scale"])
    equating = Equating.objects.filter(pk=frozen["id"]).first() if frozen else None
    return CutFacts(
        raw_cut=int(rules["raw_cut"]),
        max_raw=int(rules["max_raw"]),
        applied=float(rules["cut"]),
        scaled_cut=int(frozen["scaled_cut"]) if frozen else passing,
        scale=(minimum, passing, maximum),
        decision=run.cut,
        equated_to=frozen["base_form"] if frozen else None,
        equating_method=frozen["method"] if frozen else None,
        equating_design=(
            equating.get_design_display() if equating else frozen["design"] if frozen else None
        ),
        equated_cut=_number(frozen.get("equated_cut")) if frozen else None,
        base_raw_cut=int(frozen["base_raw_cut"]) if frozen else None,
        equating=equating,
    )
