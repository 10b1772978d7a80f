"""The key scoring applies: each form position's keys after the overrides recorded so far.

A single-answer position is right when the answer is any of its keys (several after an
"accept"); a multiple-response position's keys are every option to select, and its answer is
scored against the whole set: all or nothing, or with partial credit where the form's
blueprint says so (then it is worth as many points as it has keys).
"""

from dataclasses import dataclass

from hallmark.exams.models import Form, FormItem
from hallmark.itembank.data import LABEL_SEPARATOR, ItemKind
from hallmark.programs.data import MultipleResponseScoring
from hallmark.results.data import KeyAction
from hallmark.results.models import KeyOverride


@dataclass(frozen=True)
class EffectiveKey:
    """The keys of one scored position (empty when dropped) and the override behind them."""

    form_item: FormItem
    keys: tuple[str, ...]
    dropped: bool
    override: KeyOverride | None
    partial: bool = False  # a multiple-response position scored with partial credit

    @property
    def name(self) -> str:
        return str(self.form_item.position)

    @property
    def multiple(self) -> bool:
        return self.form_item.item_version.kind == ItemKind.MULTIPLE

    @property
    def answer(self) -> str:
        """The answer earning full marks: the first key, or for multiple response all keys
        written as an answer is ("A|C")."""
        if self.multiple:
            return LABEL_SEPARATOR.join(sorted(self.keys))
        return self.keys[0] if self.keys else ""

    @property
    def maximum(self) -> int:
        """What the position is worth: its number of keys under partial credit, else 1."""
        return len(self.keys) if self.partial and self.keys else 1


def overrides_of(form: Form) -> list[KeyOverride]:
    return list(
        KeyOverride.objects.filter(form_item__form=form).select_related("by").order_by("at", "pk")
    )


def effective_keys(form: Form) -> list[EffectiveKey]:
    """The scored positions of `form` in order, each with the key scoring applies now."""
    latest: dict[int, list[KeyOverride]] = {}
    partial = form.blueprint.multiple_response_scoring == MultipleResponseScoring.PARTIAL
    for override in overrides_of(form):
        latest.setdefault(override.form_item_id, []).append(override)
    keys = []
    items = form.scored_items().select_related(
        "item_version__item", "item_version__competency__domain"
    )
    for form_item in items.order_by("position"):
        accepted = tuple(form_item.item_version.keys)
        dropped = False
        last = None
        for override in latest.get(form_item.pk, []):
            last = override
            if override.action in (KeyAction.REKEY, KeyAction.ACCEPT):
                accepted, dropped = tuple(override.keys), False
            elif override.action == KeyAction.DROP:
                dropped = True
        multiple = form_item.item_version.kind == ItemKind.MULTIPLE
        keys.append(EffectiveKey(form_item, accepted, dropped, last, partial and multiple))
    return keys
