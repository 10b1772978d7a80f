"""The item bank and the assembly spec of a program's blueprint, as `hallmark.assembly` takes them.

Items are named by their identifier in the assembly; `FormBank.versions` maps each identifier
back to the item version the bank was built from. Domains and competencies are named by their
codes in the blueprint's outline. Each statistic is the latest one recorded for the version
(a, b, c from the latest calibration; p and the corrected point-biserial from the latest
administration that has them): a scoring run records p and r only, and must not hide the
bank's IRT parameters. Items of a case set carry the set's identifier, so that a form takes all
of the set's items in the bank (its usable ones) or none.

Each item's format is its kind ("single", "multiple"), or "case" for an item of a case set
whatever its kind: the blueprint's minimums count multiple-response and case items apart.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import F, Prefetch, Q

from hallmark.assembly import AssemblySpec, ItemBank, spec_from_dict
from hallmark.exams.data import FormStatus
from hallmark.exams.models import Form, FormItem
from hallmark.itembank.data import ItemKind, ItemStatus
from hallmark.itembank.models import Item, ItemStatistics, ItemVersion
from hallmark.programs.models import Blueprint, Program

# The objectives the staff pages offer, as the assembly spec names them.
OBJECTIVES = {
    "maximin": "Most information at the theta points (maximin)",
    "parallel": "Parallel to a reference form (TIF and TCC)",
    "classical": "Classical: highest point-biserials (no IRT needed)",
}
DEFAULT_THETA = (-0.5, 0.0, 0.5)  # around a cut near the middle of the scale
DEFAULT_OVERLAP = 0.2  # any two forms share at most a fifth of their scored items
ASSEMBLY_STATUSES = (ItemStatus.OPERATIONAL, ItemStatus.PRETEST)
CASE_FORMAT = "case"  # the item format of every item in a case set


@dataclass(frozen=True, eq=False)
class FormBank:
    """An assembly bank, and the item version behind each of its entries.

    An entry is named by the item's identifier, or "identifier vN" where two versions of one
    item are in the bank (a form pinned an older version).
    """

    bank: ItemBank
    versions: dict[str, ItemVersion] = field(default_factory=dict)
    # entry -> the statistics its a, b, c come from (absent: no IRT parameters)
    calibrations: dict[str, ItemStatistics] = field(default_factory=dict)

    def version(self, key: str) -> ItemVersion:
        return self.versions[key]

    def key(self, version: ItemVersion) -> str:
        return self._keys[version.pk]

    def set_of(self, key: str) -> str:
        """The case set identifier of an entry ("" when it is in no set)."""
        return _set_id(self.versions[key])

    @cached_property
    def _keys(self) -> dict[int, str]:
        return {v.pk: k for k, v in self.versions.items()}


def _latest_with(version: ItemVersion, value: str) -> ItemStatistics | None:
    """The version's latest statistics that carry `value` (a field of ItemStatistics)."""
    stats = [s for s in version.statistics.all() if getattr(s, value) is not None]
    stats.sort(key=lambda s: (s.administered_on, s.recorded_at), reverse=True)
    return stats[0] if stats else None


def _value(stats: ItemStatistics | None, value: str) -> float:
    return _number(getattr(stats, value) if stats else None)


def _irt(stats: ItemStatistics | None) -> tuple[float, float, float]:
    nan = float("nan")
    if stats is None or stats.b is None:
        return nan, nan, nan
    a = 1.0 if stats.a is None else stats.a  # Rasch/1PL: a common slope of 1
    return a, stats.b, stats.c or 0.0


def _enemy_groups(item: Item) -> list[str]:
    """One group per enemy pair, so that a form holds at most one item of each pair."""
    groups = []
    for enemy in item.enemies.all():
        first, second = sorted((item.identifier, enemy.identifier))
        groups.append(f"{first}~{second}")
    return groups


def _times_used(program: Program) -> dict[int, int]:
    """How many frozen or retired forms hold each item of the program (any version of it)."""
    counts: dict[int, int] = {}
    rows = FormItem.objects.filter(form__program=program).exclude(form__status=FormStatus.DRAFT)
    for item_id in rows.values_list("item_version__item_id", flat=True):
        counts[item_id] = counts.get(item_id, 0) + 1
    return counts


def _versions(
    program: Program, blueprint: Blueprint, pinned: Sequence[ItemVersion], whole_bank: bool
) -> list[ItemVersion]:
    """Each usable item's current version in the blueprint's outline, and the pinned ones."""
    wanted = Q(pk__in=[v.pk for v in pinned])
    if whole_bank:
        wanted |= Q(
            item__program=program,
            item__status__in=ASSEMBLY_STATUSES,
            item__current_version=F("pk"),
            competency__domain__outline=blueprint.outline,
        )
    return list(
        ItemVersion.objects.filter(wanted)
        .select_related("item__item_set", "competency__domain")
        .prefetch_related(
            "statistics", Prefetch("item__enemies", queryset=Item.objects.only("identifier"))
        )
        .order_by("item__identifier", "number")
    )


def bank_for(
    program: Program,
    blueprint: Blueprint,
    pinned: Sequence[ItemVersion] = (),
    *,
    whole_bank: bool = True,
) -> FormBank:
    """The program's operational and pretest items (current version, latest statistics).

    `pinned` versions (the items of existing forms) are included whatever their status or
    version, so that forms can be re-checked; an item no longer operational then shows as
    such in the constraint report. Without `whole_bank`, the bank holds the pinned ones only
    (enough to check forms).
    """
    versions = _versions(program, blueprint, pinned, whole_bank)
    if not versions:
        return FormBank(bank=_empty_bank(), versions={})
    used = _times_used(program)
    calibrations = [_latest_with(v, "b") for v in versions]
    irt = [_irt(s) for s in calibrations]
    p = [_value(_latest_with(v, "p"), "p") for v in versions]
    rpbis = [_value(_latest_with(v, "point_biserial"), "point_biserial") for v in versions]
    keys = _keys(versions)
    bank = ItemBank.from_columns(
        item=keys,
        domain=[v.classification.domain.code for v in versions],
        competency=[v.classification.code for v in versions],
        status=[v.item.status for v in versions],
        a=[t[0] for t in irt],
        b=[t[1] for t in irt],
        c=[t[2] for t in irt],
        p=p,
        rpbis=rpbis,
        enemy_groups=[_enemy_groups(v.item) for v in versions],
        set_id=[_set_id(v) for v in versions],
        cognitive_level=[v.cognitive_level for v in versions],
        item_format=[item_format(v) for v in versions],
        times_used=[used.get(v.item_id, 0) for v in versions],
    )
    return FormBank(
        bank=bank,
        versions=dict(zip(keys, versions, strict=True)),
        calibrations={k: s for k, s in zip(keys, calibrations, strict=True) if s is not None},
    )


def _set_id(version: ItemVersion) -> str:
    item_set = version.item.item_set
    return item_set.identifier if item_set is not None else ""


def item_format(version: ItemVersion) -> str:
    """The version's format as the blueprint counts it: "case" in a set, else its kind."""
    return CASE_FORMAT if version.item.item_set_id is not None else version.kind


def consecutive_sets(entries: Sequence[str], set_of: dict[str, str]) -> list[str]:
    """The entries in order, except that each case set's entries follow its first one."""
    members: dict[str, list[str]] = {}
    for entry in entries:
        if set_of.get(entry):
            members.setdefault(set_of[entry], []).append(entry)
    out: list[str] = []
    for entry in entries:
        sid = set_of.get(entry, "")
        if not sid:
            out.append(entry)
        elif members[sid][0] == entry:
            out.extend(members[sid])
    return out


def _keys(versions: Sequence[ItemVersion]) -> list[str]:
    seen: dict[int, int] = {}
    for v in versions:
        seen[v.item_id] = seen.get(v.item_id, 0) + 1
    return [
        v.item.identifier if seen[v.item_id] == 1 else f"{v.item.identifier} v{v.number}"
        for v in versions
    ]


def _number(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def _empty_bank() -> ItemBank:
    # the assembly package refuses an empty bank; one retired placeholder is never selected
    return ItemBank.from_columns(item=["-"], domain=["-"], competency=["-"], status=["retired"])


def spec_data(
    blueprint: Blueprint,
    *,
    objective: str = "maximin",
    theta: Sequence[float] = DEFAULT_THETA,
    overlap_share: float | None = DEFAULT_OVERLAP,
    reference_form: Sequence[str] = (),
) -> dict[str, Any]:
    """The assembly spec of a blueprint, as SPEC.json data (stored with each form)."""
    minimums = blueprint.competency_minimums()
    competencies = {
        c.code: {"min": minimums[c.pk]}
        for domain, _ in blueprint.domain_counts()
        for c in domain.competencies.all()
        if c.pk in minimums
    }
    data: dict[str, Any] = {
        "scored_length": blueprint.scored_length,
        "pretest_length": blueprint.pretest_length,
        "domains": {domain.code: count for domain, count in blueprint.domain_counts()},
        "competencies": competencies,
        "objective": _objective(objective, theta, reference_form),
    }
    formats = _format_minimums(blueprint)
    if formats:
        data["item_formats"] = formats
    if overlap_share is not None:
        data["overlap"] = {"max_share": overlap_share}
    return data


def _format_minimums(blueprint: Blueprint) -> dict[str, dict[str, int]]:
    minimums = {
        ItemKind.MULTIPLE.value: blueprint.minimum_multiple_response,
        CASE_FORMAT: blueprint.minimum_case_items,
    }
    return {name: {"min": n} for name, n in minimums.items() if n}


def _objective(kind: str, theta: Sequence[float], reference: Sequence[str]) -> dict[str, Any]:
    if kind == "classical":
        return {"kind": "classical"}
    if kind == "parallel":
        return {"kind": "parallel", "theta": list(theta), "reference_form": list(reference)}
    return {"kind": "maximin", "theta": list(theta)}


def spec_for(data: dict[str, Any]) -> AssemblySpec:
    """Validate spec data (SpecError names the bad field)."""
    return spec_from_dict(data)


def form_versions(forms: Iterable[Form]) -> list[ItemVersion]:
    """The pinned item versions of the given forms."""
    return list(
        ItemVersion.objects.filter(
            pk__in=FormItem.objects.filter(form__in=list(forms)).values("item_version")
        )
    )
