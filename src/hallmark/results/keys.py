"""The key scoring applies: each form position's keys after the overrides recorded so far."""

from dataclasses import dataclass

from hallmark.exams.models import Form, FormItem
from hallmark.results.data import KeyAction
from hallmark.results.models import KeyOverride


@dataclass(frozen=True)
class EffectiveKey:
    """The keys of one scored position (empty when dropped) and the override behind them."""

    form_item: FormItem
    keys: tuple[str, ...]
    dropped: bool
    override: KeyOverride | None

    @property
    def name(self) -> str:
        return str(self.form_item.position)


def overrides_of(form: Form) -> list[KeyOverride]:
    return list(
        KeyOverride.objects.filter(form_item__form=form).select_related("by").order_by("at", "pk")
    )


def effective_keys(form: Form) -> list[EffectiveKey]:
    """The scored positions of `form` in order, each with the key scoring applies now."""
    latest: dict[int, list[KeyOverride]] = {}
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
        keys.append(EffectiveKey(form_item, accepted, dropped, last))
    return keys
