"""What changed between two versions of a content outline, competency by competency (matched
by code): what item writers need to know when a job analysis gives the next version."""

from dataclasses import dataclass, field
from decimal import Decimal

from hallmark.programs.models import Competency, ContentOutline


@dataclass(frozen=True)
class Reworded:
    old: Competency
    new: Competency

    @property
    def what(self) -> list[str]:
        """In words: the statement, the kind, the domain, whichever changed."""
        out = []
        if self.old.statement != self.new.statement:
            out.append("statement")
        if self.old.kind != self.new.kind:
            out.append("kind")
        if self.old.domain.code != self.new.domain.code:
            out.append(f"domain {self.old.domain.code} to {self.new.domain.code}")
        return out


@dataclass(frozen=True)
class OutlineChanges:
    """From `old` to `new`: competencies added, changed (same code) and dropped, by code."""

    old: ContentOutline
    new: ContentOutline
    added: list[Competency] = field(default_factory=list)
    changed: list[Reworded] = field(default_factory=list)
    dropped: list[Competency] = field(default_factory=list)
    weights: list[tuple[str, str, Decimal | None, Decimal | None]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.dropped or self.weights)


def _by_code(outline: ContentOutline) -> dict[str, Competency]:
    rows = Competency.objects.filter(domain__outline=outline).select_related("domain")
    return {c.code: c for c in rows.order_by("domain__order", "order", "code")}


def outline_changes(old: ContentOutline, new: ContentOutline) -> OutlineChanges:
    """Compare two versions of one program's outline; domain weights that moved are listed as
    (code, title, old weight, new weight), a domain new or gone with None for its weight."""
    before, after = _by_code(old), _by_code(new)
    old_weights = {d.code: d for d in old.domains.all()}
    new_weights = {d.code: d for d in new.domains.all()}
    weights = [
        (
            code,
            (new_weights.get(code) or old_weights[code]).title,
            old_weights[code].weight if code in old_weights else None,
            new_weights[code].weight if code in new_weights else None,
        )
        for code in sorted(old_weights.keys() | new_weights.keys())
        if code not in old_weights
        or code not in new_weights
        or old_weights[code].weight != new_weights[code].weight
    ]
    return OutlineChanges(
        old=old,
        new=new,
        added=[c for code, c in after.items() if code not in before],
        changed=[
            Reworded(before[code], c)
            for code, c in after.items()
            if code in before and Reworded(before[code], c).what
        ],
        dropped=[c for code, c in before.items() if code not in after],
        weights=weights,
    )
