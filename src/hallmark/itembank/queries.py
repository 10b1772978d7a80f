"""Read-only questions the staff pages ask of the bank."""

import difflib
import html
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.safestring import SafeString, mark_safe

from hallmark.accounts.models import User
from hallmark.itembank import markup
from hallmark.itembank.data import OPTION_LABELS, UNDER_REVIEW, ItemKind, ItemStatus, select_text
from hallmark.itembank.models import Item, ItemReview, ItemStatistics, ItemVersion
from hallmark.programs.models import Blueprint, Competency, Domain, Program


class LatestStatistics(TypedDict):
    """What `with_latest_statistics` adds to each item (None: no statistics yet)."""

    latest_p: float | None
    latest_rpb: float | None
    latest_a: float | None
    latest_b: float | None
    latest_n: int | None
    last_used: date | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    ItemsWithStatistics = QuerySet[WithAnnotations[Item, LatestStatistics]]


def with_latest_statistics(items: QuerySet[Item]) -> "ItemsWithStatistics":
    """Annotate each item with its latest statistics (any version) and when it was last used.

    "Last used" is the date of the latest administration with statistics.
    """
    latest = ItemStatistics.objects.filter(version__item=OuterRef("pk")).order_by(
        "-administered_on", "-pk"
    )
    return items.annotate(
        latest_p=Subquery(latest.values("p")[:1]),
        latest_rpb=Subquery(latest.values("point_biserial")[:1]),
        latest_a=Subquery(latest.values("a")[:1]),
        latest_b=Subquery(latest.values("b")[:1]),
        latest_n=Subquery(latest.values("n")[:1]),
        last_used=Subquery(latest.values("administered_on")[:1]),
    )


def filter_items(program: Program | None, data: dict[str, Any]) -> "ItemsWithStatistics":
    items = Item.objects.all() if program is None else Item.objects.filter(program=program)
    items = with_latest_statistics(items).select_related(
        "program", "author", "current_version__competency__domain"
    )
    if data.get("q"):
        q = data["q"].strip()
        items = items.filter(Q(identifier__icontains=q) | Q(current_version__stem__icontains=q))
    if data.get("domain"):
        items = items.filter(current_version__competency__domain__code=data["domain"])
    if data.get("competency"):
        items = items.filter(current_version__competency__code=data["competency"])
    if data.get("status"):
        items = items.filter(status=data["status"])
    if data.get("cognitive_level"):
        items = items.filter(current_version__cognitive_level=data["cognitive_level"])
    if data.get("author"):
        items = items.filter(author=data["author"])
    if data.get("origin"):
        items = items.filter(is_synthetic=data["origin"] == "synthetic")
    for name, lookup in (
        ("p_min", "latest_p__gte"),
        ("p_max", "latest_p__lte"),
        ("rpb_min", "latest_rpb__gte"),
        ("rpb_max", "latest_rpb__lte"),
        ("b_min", "latest_b__gte"),
        ("b_max", "latest_b__lte"),
    ):
        if data.get(name) is not None:
            items = items.filter(**{lookup: data[name]})
    if data.get("used_after"):
        items = items.filter(last_used__gte=data["used_after"])
    if data.get("used_before"):
        items = items.filter(Q(last_used__lt=data["used_before"]) | Q(last_used__isnull=True))
    return items.order_by("identifier")


def status_counts(items: QuerySet[Item]) -> list[tuple[str, int]]:
    counts = dict(
        items.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(status.label, counts[status]) for status in ItemStatus if counts.get(status)]


def review_queue(user: User) -> tuple[list[Item], list[Item]]:
    """Items waiting for this reviewer, and items they reviewed that wait for a second review."""
    pending = (
        Item.objects.filter(status__in=UNDER_REVIEW)
        .exclude(author=user)
        .exclude(current_version__created_by=user)
        .select_related("program", "author", "current_version__competency")
        .order_by("status", "identifier")
    )
    reviewed = set(
        ItemReview.objects.filter(
            reviewer=user, version__item__status__in=UNDER_REVIEW
        ).values_list("version_id", flat=True)
    )
    waiting = [i for i in pending if i.current_version_id not in reviewed]
    done = [i for i in pending if i.current_version_id in reviewed]
    return waiting, done


def reviews_visible(user: User, item: Item) -> bool:
    """Reviews are independent: a reviewer sees the others' only after giving their own."""
    if item.author_id == user.pk or user.has_perm("itembank.edit_any_item"):
        return True
    if not user.has_perm("itembank.view_itemreview"):
        return False
    if item.status in UNDER_REVIEW and user.has_perm("itembank.review_item"):
        return ItemReview.objects.filter(version=item.current_version, reviewer=user).exists()
    return True


@dataclass
class HealthRow:
    code: str
    title: str
    is_domain: bool
    approved: int = 0
    pretest: int = 0
    operational: int = 0
    needed: int | None = None

    @property
    def usable(self) -> int:
        return self.approved + self.operational

    @property
    def shortfall(self) -> int:
        return max(0, (self.needed or 0) - self.usable)


@dataclass
class Health:
    blueprint: Blueprint | None
    forms: int
    rows: list[HealthRow] = field(default_factory=list)
    elsewhere: int = 0  # open items still tagged to an older outline

    @property
    def shortfalls(self) -> list[HealthRow]:
        return [r for r in self.rows if r.shortfall]


def bank_health(program: Program, blueprint: Blueprint | None, forms: int) -> Health:
    """Approved and operational items per domain and competency, against N forms' needs.

    A form needs Blueprint.domain_counts() items per domain (and each competency its
    minimum, where the blueprint sets one); N forms need N times as many distinct items.
    """
    health = Health(blueprint, forms)
    outline = program.current_outline()
    if outline is None:
        return health
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for competency_id, status, n in (
        Item.objects.filter(program=program, current_version__competency__domain__outline=outline)
        .values_list("current_version__competency_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts[competency_id][status] = n
    per_domain = dict(blueprint.domain_counts()) if blueprint else {}
    minimums = blueprint.competency_minimums() if blueprint else {}
    domains: list[Domain] = list(outline.domains.prefetch_related("competencies"))
    for domain in domains:
        needed = per_domain.get(domain)
        row = HealthRow(
            domain.code,
            domain.title,
            True,
            needed=needed * forms if needed is not None else None,
        )
        health.rows.append(row)
        for competency in domain.competencies.all():
            c = counts[competency.pk]
            minimum = minimums.get(competency.pk)
            sub = HealthRow(
                competency.code,
                competency.statement,
                False,
                approved=c[ItemStatus.APPROVED],
                pretest=c[ItemStatus.PRETEST],
                operational=c[ItemStatus.OPERATIONAL],
                needed=minimum * forms if minimum else None,
            )
            row.approved += sub.approved
            row.pretest += sub.pretest
            row.operational += sub.operational
            health.rows.append(sub)
    health.elsewhere = (
        Item.objects.filter(program=program)
        .exclude(status__in=[ItemStatus.REJECTED, ItemStatus.RETIRED])
        .exclude(current_version__competency__domain__outline=outline)
        .count()
    )
    return health


def _words(text: str) -> list[str]:
    return text.split()


def _marked(a: str, b: str) -> tuple[SafeString, SafeString]:
    """Two texts side by side, with removed words in <del> and added words in <ins>."""
    old, new = _words(a), _words(b)
    left: list[str] = []
    right: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        gone = html.escape(" ".join(old[i1:i2]))
        came = html.escape(" ".join(new[j1:j2]))
        if op == "equal":
            left.append(gone)
            right.append(came)
            continue
        if gone:
            left.append(f'<del><span class="visually-hidden">removed: </span>{gone}</del>')
        if came:
            right.append(f'<ins><span class="visually-hidden">added: </span>{came}</ins>')
    return mark_safe(" ".join(left)), mark_safe(" ".join(right))  # noqa: S308 - escaped above


@dataclass
class DiffRow:
    label: str
    left: SafeString
    right: SafeString
    changed: bool


def _kind_text(version: ItemVersion) -> str:
    """ "Single answer", or "Multiple response: select two"."""
    if version.kind != ItemKind.MULTIPLE:
        return version.get_kind_display()
    return f"{version.get_kind_display()}: {select_text(version.kind, version.select).lower()}"


def version_diff(a: ItemVersion, b: ItemVersion, show_key: bool) -> list[DiffRow]:
    def competency(v: ItemVersion) -> str:
        c: Competency | None = v.competency
        return f"{c.code} {c.statement} ({c.domain.outline})" if c else "unclassified"

    fields: list[tuple[str, str, str]] = [
        ("Competency", competency(a), competency(b)),
        ("Cognitive level", a.get_cognitive_level_display(), b.get_cognitive_level_display()),
        ("Type", _kind_text(a), _kind_text(b)),
        ("Stem", markup.plain_text(a.stem), markup.plain_text(b.stem)),
        ("Stem markup", a.stem, b.stem),
    ]
    options_a, options_b = dict(a.labelled_options()), dict(b.labelled_options())
    for label in OPTION_LABELS:
        if label in options_a or label in options_b:
            fields.append((f"Option {label}", options_a.get(label, ""), options_b.get(label, "")))
    if show_key:
        fields.append(("Key", ", ".join(a.keys), ", ".join(b.keys)))
        fields.append(("Rationale", a.rationale, b.rationale))
    fields.append(("References", " · ".join(a.references), " · ".join(b.references)))
    fields.append(("Change note", a.change_note, b.change_note))
    rows = []
    for label, left, right in fields:
        marked_left, marked_right = _marked(left, right)
        rows.append(DiffRow(label, marked_left, marked_right, left != right))
    return rows


def latest_calibrations(versions: Iterable[ItemVersion]) -> dict[int, ItemStatistics]:
    """Each version's latest IRT statistics by version pk, in one query; a version without any
    is absent (the newest statistics may be a scoring run's p and r only, which carry no
    parameters)."""
    calibrated = (
        ItemStatistics.objects.filter(version__in=[v.pk for v in versions], b__isnull=False)
        .exclude(irt_model="")
        .order_by("version_id", "-administered_on", "-pk")
    )
    latest: dict[int, ItemStatistics] = {}
    for stats in calibrated:
        latest.setdefault(stats.version_id, stats)
    return latest
