"""Changes of state of the item bank, each in one transaction, each checking who acts.

`actor=None` is Hallmark itself (the demo, a command-line run without --by); `via` then says
which, and lands in the history. People need the permission of their role.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.itembank import markup, media
from hallmark.itembank.content import IDENTIFIER, Content, Problem, normal, problems
from hallmark.itembank.data import (
    APPROVALS_NEEDED,
    CHECKLIST_FIELDS,
    CLOSED,
    EDITABLE,
    TRANSITIONS,
    UNDER_REVIEW,
    AccessKind,
    ItemEventKind,
    ItemStatus,
    ReviewDecision,
    checklist_for,
)
from hallmark.itembank.models import (
    Item,
    ItemAccessLog,
    ItemComment,
    ItemEvent,
    ItemMedia,
    ItemReview,
    ItemSet,
    ItemSetMedia,
    ItemStatistics,
    ItemVersion,
)
from hallmark.lib.permissions import need
from hallmark.programs.models import Competency, ContentOutline, Program


def _lock(item: Item) -> Item:
    # Lock the item row only (the current version is joined, and never changes anyway).
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=item.pk)
    )


def _event(
    item: Item,
    kind: ItemEventKind,
    actor: User | None,
    *,
    via: str = "",
    version: ItemVersion | None = None,
    to_status: str = "",
    from_status: str = "",
    comment: str = "",
) -> ItemEvent:
    return ItemEvent.objects.create(
        item=item,
        version=version or item.current_version,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_label="" if actor else via,
        at=timezone.now(),
        comment=comment,
    )


def _move(
    item: Item, to: ItemStatus, kind: ItemEventKind, actor: User | None, comment: str, via: str = ""
) -> None:
    if to not in TRANSITIONS[item.status]:
        raise ValidationError(
            f"{item} is {item.get_status_display().lower()}: it cannot become {to.label.lower()}."
        )
    before = item.status
    item.status = to
    item.save(update_fields=["status"])
    _event(item, kind, actor, via=via, from_status=before, to_status=to, comment=comment)


def outline_competencies(program: Program) -> dict[str, Competency]:
    """The competencies of the program's current outline, by code."""
    outline = program.current_outline()
    if outline is None:
        return {}
    return {
        c.code: c
        for c in Competency.objects.filter(domain__outline=outline).select_related("domain")
    }


def _checked(
    program: Program, content: Content, images: Sequence[str] | None, where: str = ""
) -> tuple[Content, Competency]:
    found = problems(content, where, images)
    code = content.competency.strip()
    competency = outline_competencies(program).get(code)
    if code and competency is None:
        outline = program.current_outline()
        known = f"not in {outline}" if outline else f"{program.designation} has no outline"
        found.append(Problem(where, "competency", f"unknown competency {code} ({known})"))
    if found:
        raise ValidationError([str(p) for p in found])
    assert competency is not None
    return normal(content), competency


def _new_version(
    item: Item,
    content: Content,
    competency: Competency | None,
    actor: User | None,
    change_note: str,
) -> ItemVersion:
    last = item.versions.aggregate(n=Max("number"))["n"] or 0
    version = ItemVersion.objects.create(
        item=item,
        number=last + 1,
        competency=competency,
        cognitive_level=content.cognitive_level,
        stem=content.stem,
        options=list(content.options),
        keys=list(content.keys),
        kind=content.kind,
        select=content.select,
        rationale=content.rationale,
        references=list(content.references),
        change_note=change_note,
        created_by=actor,
    )
    item.current_version = version
    item.save(update_fields=["current_version"])
    return version


def content_of(version: ItemVersion) -> Content:
    return Content(
        competency=version.competency.code if version.competency else "",
        cognitive_level=version.cognitive_level,
        stem=version.stem,
        options=tuple(version.options),
        keys=tuple(version.keys),
        rationale=version.rationale,
        references=tuple(version.references),
        kind=version.kind,
        select=version.select,
    )


def next_identifier(program: Program) -> str:
    taken = set(Item.objects.filter(program=program).values_list("identifier", flat=True))
    number = len(taken) + 1
    while f"{program.designation}-{number:05d}" in taken:
        number += 1
    return f"{program.designation}-{number:05d}"


@transaction.atomic
def create_item(
    program: Program,
    content: Content,
    actor: User,
    *,
    identifier: str = "",
    enemies: Iterable[Item] = (),
) -> Item:
    """A new draft item, written by `actor`, with its first version."""
    need(actor, "itembank.add_item", "write items")
    content, competency = _checked(program, content, images=[])
    identifier = identifier.strip() or next_identifier(program)
    if Item.objects.filter(program=program, identifier=identifier).exists():
        raise ValidationError(f"{program.designation} already has an item {identifier}.")
    item = Item.objects.create(program=program, identifier=identifier, author=actor)
    version = _new_version(item, content, competency, actor, "First version")
    _event(item, ItemEventKind.CREATED, actor, version=version, to_status=item.status)
    _set_enemies(item, list(enemies), actor)
    return item


def _refuse_unless_editable(item: Item, actor: User | None) -> None:
    if item.status not in EDITABLE:
        raise ValidationError(
            f"{item} is {item.get_status_display().lower()}: only drafts and items that need "
            "revision can be edited."
        )
    if actor is not None and not item.can_edit(actor):
        raise PermissionDenied(f"{actor} may not edit {item}: it is not their draft.")


@transaction.atomic
def revise_item(item: Item, content: Content, actor: User, change_note: str = "") -> ItemVersion:
    """Edit a draft: the edit becomes a new version; earlier versions stay as they were."""
    item = _lock(item)
    _refuse_unless_editable(item, actor)
    images = list(item.media.values_list("name", flat=True))
    content, competency = _checked(item.program, content, images)
    current = item.current_version
    if current is not None and content == normal(content_of(current)):
        raise ValidationError(f"Nothing changed: {item} stays at version {current.number}.")
    version = _new_version(item, content, competency, actor, change_note or "Edited")
    _event(item, ItemEventKind.REVISED, actor, version=version, comment=change_note)
    return version


def image_problems(name: str, data: bytes) -> list[str]:
    """What is wrong with an image a file brings (importers carry images only)."""
    found = _name_problems(name)
    kind = media.content_type(data)
    if kind is None or media.kind_of(kind) != "image":
        found.append(f'"{name}" is not a PNG, JPEG, GIF or WebP image')
    if len(data) > media.MAX_BYTES["image"]:
        found.append(f'"{name}" is larger than {media.MAX_BYTES["image"] // media.MB} MB')
    return found


def _name_problems(name: str) -> list[str]:
    if markup.IMAGE_NAME.match(name):
        return []
    return [f'"{name}" is not a usable file name (letters, digits, dots, dashes, underscores)']


def store_media(
    owner: Item | ItemSet,
    name: str,
    data: bytes,
    actor: User | None,
    *,
    transcript: str = "",
    captions: str = "",
) -> ItemMedia | ItemSetMedia:
    """Keep a file an item's stem or a case set's stimulus shows; the same bytes under the same
    name are kept once."""
    content_type = media.content_type(data)
    assert content_type is not None
    existing = owner.media.filter(name=name).first()
    if existing is not None:
        if bytes(existing.data) != data:
            raise ValidationError(f"{owner} already has a different file named {name}.")
        return existing
    fields = {
        "name": name,
        "content_type": content_type,
        "data": data,
        "transcript": transcript,
        "captions": captions,
        "uploaded_by": actor,
    }
    if isinstance(owner, ItemSet):
        return ItemSetMedia.objects.create(item_set=owner, **fields)
    return ItemMedia.objects.create(item=owner, **fields)


def _media_problems(
    name: str, data: bytes, alt: str, transcript: str, captions: str
) -> dict[str, list[str]]:
    """What an upload lacks, by the field of the upload form it concerns."""
    found: dict[str, list[str]] = {}

    def add(field: str, reason: str) -> None:
        found.setdefault(field, []).append(reason)

    for reason in _name_problems(name):
        add("file", reason)
    content_type = media.content_type(data)
    if content_type is None:
        add(
            "file",
            f'"{name}" is not an image (PNG, JPEG, GIF, WebP), audio (MP3, Ogg, WAV) '
            "or video (MP4, WebM) file",
        )
        return found
    kind = media.kind_of(content_type)
    limit = media.MAX_BYTES[kind]
    if len(data) > limit:
        add(
            "file",
            f'"{name}" is a {kind} file of {len(data) / media.MB:.1f} MB; '
            f"a {kind} file can be at most {limit // media.MB} MB",
        )
    if kind == "image" and not alt:
        add("alt", "image without alt text: describe the image for people who cannot see it")
    if kind == "audio" and not transcript:
        add(
            "transcript",
            "audio without a transcript: write what it says, for people who cannot hear it",
        )
    if kind == "video" and (problem := media.captions_problem(captions)) is not None:
        add("captions", problem)
    return found


def _upload_checked(
    name: str, data: bytes, alt: str, transcript: str, captions: str
) -> tuple[str, str, str]:
    """The upload's alt text, transcript and captions as kept, or a refusal by form field."""
    alt = " ".join(alt.split())
    transcript = _text_block(transcript)
    captions = captions.replace("\r\n", "\n").strip()
    found = _media_problems(name, data, alt, transcript, captions)
    if found:
        raise ValidationError(found)
    return alt, transcript, captions


def _shown(kind: str, name: str, alt: str) -> str:
    """The markup that shows an attached file, as a paragraph of its own."""
    return {
        "image": f'<p><img src="{name}" alt="{_attribute(alt)}"></p>',
        "audio": f'<p><audio src="{name}"></audio></p>',
        "video": f'<p><video src="{name}"></video></p>',
    }[kind]


@transaction.atomic
def attach_media(
    item: Item,
    name: str,
    data: bytes,
    actor: User,
    *,
    alt: str = "",
    transcript: str = "",
    captions: str = "",
) -> ItemVersion:
    """Attach an image, audio or video, and show it at the end of the stem, in a new version.

    The file's bytes say what it is. An image needs its alt text, audio its transcript, video
    its WebVTT captions (a transcript too, optionally).
    """
    item = _lock(item)
    _refuse_unless_editable(item, actor)
    alt, transcript, captions = _upload_checked(name, data, alt, transcript, captions)
    stored = store_media(item, name, data, actor, transcript=transcript, captions=captions)
    kind = media.kind_of(stored.content_type)
    current = item.current_version
    assert current is not None
    content = replace(content_of(current), stem=current.stem + _shown(kind, name, alt))
    names = list(item.media.values_list("name", flat=True))
    content, competency = _checked(item.program, content, names)
    version = _new_version(item, content, competency, actor, f"{kind.title()} {name} attached")
    _event(item, ItemEventKind.IMAGE, actor, version=version, comment=name)
    return version


def attach_image(item: Item, name: str, data: bytes, alt: str, actor: User) -> ItemVersion:
    """Attach an image with its alt text (see `attach_media`)."""
    try:
        return attach_media(item, name, data, actor, alt=alt)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(error.messages) from None
        raise


def _text_block(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _set_enemies(item: Item, enemies: list[Item], actor: User | None, via: str = "") -> None:
    for enemy in enemies:
        if enemy.pk == item.pk:
            raise ValidationError(f"{item} cannot be its own enemy.")
        if enemy.program_id != item.program_id:
            raise ValidationError(f"{enemy} belongs to another program than {item}.")
    before = set(item.enemies.values_list("identifier", flat=True))
    after = {e.identifier for e in enemies}
    if before == after:
        return
    item.enemies.set(enemies)
    added, removed = sorted(after - before), sorted(before - after)
    words = []
    if added:
        words.append("added " + ", ".join(added))
    if removed:
        words.append("removed " + ", ".join(removed))
    _event(item, ItemEventKind.ENEMIES, actor, via=via, comment="; ".join(words))
    for identifier in added + removed:
        other = Item.objects.get(program=item.program, identifier=identifier)
        verb = "added" if identifier in added else "removed"
        _event(other, ItemEventKind.ENEMIES, actor, via=via, comment=f"{verb} {item.identifier}")


@transaction.atomic
def set_enemies(item: Item, enemies: Iterable[Item], actor: User) -> None:
    """Items that must never share a form with this one (both sides are recorded)."""
    item = _lock(item)
    if not (item.can_edit(actor) or actor.has_perm("itembank.edit_any_item")):
        raise PermissionDenied(f"{actor} may not change the enemies of {item}.")
    _set_enemies(item, list(enemies), actor)


@transaction.atomic
def submit_item(item: Item, actor: User, comment: str = "") -> None:
    """Draft (or revised item) → submitted, for two independent reviews."""
    item = _lock(item)
    if item.status not in EDITABLE:
        raise ValidationError(
            f"{item} is {item.get_status_display().lower()}: only drafts and revised items "
            "can be submitted."
        )
    if not item.can_edit(actor):
        raise PermissionDenied(f"{actor} may not submit {item}: only its author or a manager can.")
    _refuse_unclassified(item)
    _move(item, ItemStatus.SUBMITTED, ItemEventKind.SUBMITTED, actor, comment)


def _refuse_unclassified(item: Item) -> None:
    """Reviewers judge an item against its competency and level: both are set before review."""
    version = item.current_version
    assert version is not None
    missing = [
        what
        for what, given in (
            ("a competency", version.competency is not None),
            ("a cognitive level", bool(version.cognitive_level)),
        )
        if not given
    ]
    if missing:
        raise ValidationError(
            f"{item} needs {' and '.join(missing)} before it can be submitted for review: "
            "edit it to set " + ("them." if len(missing) > 1 else "it.")
        )


def _refuse_own_item(item: Item, actor: User, what: str) -> None:
    version = item.current_version
    if item.author_id == actor.pk or (version is not None and version.created_by_id == actor.pk):
        raise PermissionDenied(
            f"{actor} may not {what} {item}: a writer never reviews or approves their own item."
        )


@transaction.atomic
def begin_review(item: Item, actor: User, comment: str = "") -> None:
    """Submitted → in review, when a reviewer takes the item up."""
    item = _lock(item)
    need(actor, "itembank.review_item", f"review {item}")
    _refuse_own_item(item, actor, "review")
    _move(item, ItemStatus.IN_REVIEW, ItemEventKind.REVIEW_STARTED, actor, comment)


@transaction.atomic
def record_review(
    item: Item,
    actor: User,
    decision: str,
    checklist: Mapping[str, bool],
    comment: str = "",
) -> ItemReview:
    """One independent review of the current version; two approvals approve the item.

    A decision to revise or reject takes effect at once. An approval needs every point of the
    checklist and at least one reference on the version.
    """
    item = _lock(item)
    need(actor, "itembank.review_item", f"review {item}")
    if item.status not in UNDER_REVIEW:
        raise ValidationError(
            f"{item} is {item.get_status_display().lower()}: only submitted items and items in "
            "review can be reviewed."
        )
    _refuse_own_item(item, actor, "review")
    version = item.current_version
    assert version is not None
    if version.reviews.filter(reviewer=actor).exists():
        raise ValidationError(f"{actor} has already reviewed version {version.number} of {item}.")
    if decision not in ReviewDecision.values:
        raise ValidationError(f'"{decision}" is not a review decision.')
    comment = comment.strip()
    if decision == ReviewDecision.APPROVE:
        missing = [label for name, label in checklist_for(version.kind) if not checklist.get(name)]
        if missing:
            raise ValidationError(
                [f"Approval needs every checklist point; not confirmed: {', '.join(missing)}."]
            )
        if not version.references:
            raise ValidationError(
                f"{item} has no reference: at least one source citation is required for approval."
            )
    elif not comment:
        raise ValidationError("Say what needs to change (a comment is required unless approving).")
    if item.status == ItemStatus.SUBMITTED:
        _move(item, ItemStatus.IN_REVIEW, ItemEventKind.REVIEW_STARTED, actor, "")
    review = ItemReview.objects.create(
        version=version,
        reviewer=actor,
        item_author=item.author,
        decision=decision,
        comment=comment,
        **{name: bool(checklist.get(name)) for name in CHECKLIST_FIELDS},
    )
    _event(
        item, ItemEventKind.REVIEWED, actor, comment=f"{review.get_decision_display()}. {comment}"
    )
    if decision == ReviewDecision.REJECT:
        _move(item, ItemStatus.REJECTED, ItemEventKind.REJECTED, actor, comment)
    elif decision == ReviewDecision.REVISE:
        _move(item, ItemStatus.NEEDS_REVISION, ItemEventKind.NEEDS_REVISION, actor, comment)
    else:
        approvals = version.reviews.filter(decision=ReviewDecision.APPROVE)
        if approvals.values("reviewer").distinct().count() >= APPROVALS_NEEDED:
            _move(
                item,
                ItemStatus.APPROVED,
                ItemEventKind.APPROVED,
                actor,
                "Two independent approvals.",
            )
    return review


@transaction.atomic
def move_to_pretest(item: Item, actor: User, comment: str = "") -> None:
    """Approved → pretest: the item is tried out, unscored, on forms."""
    item = _lock(item)
    need(actor, "itembank.promote_item", f"move {item} to pretest")
    _move(item, ItemStatus.PRETEST, ItemEventKind.PRETEST, actor, comment)


@transaction.atomic
def make_operational(item: Item, actor: User, comment: str = "") -> None:
    """Pretest → operational: the item's statistics were good enough to score it."""
    item = _lock(item)
    need(actor, "itembank.promote_item", f"make {item} operational")
    _move(item, ItemStatus.OPERATIONAL, ItemEventKind.OPERATIONAL, actor, comment)


@transaction.atomic
def retire_item(item: Item, actor: User, comment: str) -> None:
    """Take an item out of use for good; it stays in the bank with its history."""
    item = _lock(item)
    need(actor, "itembank.retire_item", f"retire {item}")
    if not comment.strip():
        raise ValidationError(f"Say why {item} is retired.")
    _move(item, ItemStatus.RETIRED, ItemEventKind.RETIRED, actor, comment.strip())


@transaction.atomic
def rekey_item(item: Item, keys: Sequence[str], actor: User, comment: str) -> ItemVersion:
    """Change the key after an administration (one or several right options), in a new version."""
    item = _lock(item)
    need(actor, "itembank.rekey_item", f"rekey {item}")
    if item.status not in {ItemStatus.APPROVED, ItemStatus.PRETEST, ItemStatus.OPERATIONAL}:
        raise ValidationError(
            f"{item} is {item.get_status_display().lower()}: only approved, pretest and "
            "operational items are rekeyed (drafts are simply edited)."
        )
    if not comment.strip():
        raise ValidationError(f"Say why {item} is rekeyed.")
    current = item.current_version
    assert current is not None
    content = replace(content_of(current), keys=tuple(keys))
    images = list(item.media.values_list("name", flat=True))
    content, _ = _checked(item.program, content, images)
    if tuple(content.keys) == tuple(current.keys):
        raise ValidationError(f"{item} already has the key {', '.join(current.keys)}.")
    version = _new_version(item, content, current.competency, actor, f"Rekeyed: {comment.strip()}")
    _event(
        item,
        ItemEventKind.REKEYED,
        actor,
        version=version,
        comment=f"{', '.join(current.keys)} → {', '.join(content.keys)}. {comment.strip()}",
    )
    return version


@transaction.atomic
def add_comment(item: Item, actor: User, body: str) -> ItemComment:
    need(actor, "itembank.view_item", "comment on items")
    body = body.strip()
    if not body:
        raise ValidationError("A comment cannot be empty.")
    return ItemComment.objects.create(
        item=item, version=item.current_version, author=actor, body=body
    )


@transaction.atomic
def record_statistics(
    version: ItemVersion, actor: User | None, *, via: str = "", **values: Any
) -> ItemStatistics:
    """Statistics of one version from one administration (the history keeps every one)."""
    need(actor, "itembank.add_itemstatistics", "record item statistics")
    statistics = ItemStatistics(version=version, recorded_by=actor, **values)
    # The database checks the same ranges; checking here first names the problem in words
    # (Django's own constraint validation would run one query per constraint).
    statistics.full_clean(exclude=["recorded_by"], validate_constraints=False)
    problems = statistics_problems(statistics)
    if ItemStatistics.objects.filter(
        version=version, administration=statistics.administration
    ).exists():
        problems.append(f"{version} already has statistics from {statistics.administration}.")
    if problems:
        raise ValidationError(problems)
    statistics.save()
    return statistics


def statistics_problems(s: ItemStatistics) -> list[str]:
    problems = []
    if s.n is None or s.n <= 0:
        problems.append("N must be at least 1.")
    if s.p is not None and not 0 <= s.p <= 1:
        problems.append(f"p = {s.p} is not between 0 and 1.")
    if s.point_biserial is not None and not -1 <= s.point_biserial <= 1:
        problems.append(f"The point-biserial {s.point_biserial} is not between -1 and 1.")
    if s.c is not None and not 0 <= s.c < 1:
        problems.append(f"c = {s.c} is not at least 0 and below 1.")
    for name in ("a_se", "b_se", "c_se"):
        value = getattr(s, name)
        if value is not None and value < 0:
            problems.append(f"The standard error {name.replace('_se', '')} cannot be negative.")
    if s.irt_model and s.b is None:
        problems.append("IRT statistics need at least the difficulty b.")
    return problems


def needs_reclassification(program: Program) -> dict[Competency | None, list[Item]]:
    """Open items tagged to a competency of an older outline version, by that competency; items
    not classified at all (imported without one) under None, first."""
    outline = program.current_outline()
    if outline is None:
        return {}
    items = (
        Item.objects.filter(program=program)
        .exclude(status__in=CLOSED)
        .exclude(current_version__competency__domain__outline=outline)
        .select_related("current_version__competency__domain__outline")
        .order_by("identifier")
    )
    groups: dict[Competency | None, list[Item]] = {}
    for item in items:
        assert item.current_version is not None
        groups.setdefault(item.current_version.competency, []).append(item)

    def order(competency: Competency | None) -> tuple[int, str]:
        return (competency.domain.outline.version, competency.code) if competency else (0, "")

    return dict(sorted(groups.items(), key=lambda kv: order(kv[0])))


def proposed_mapping(program: Program) -> dict[Competency, Competency | None]:
    """For each old competency in use, the competency with the same code in the current outline."""
    current = outline_competencies(program)
    groups = needs_reclassification(program)
    return {old: current.get(old.code) for old in groups if old is not None}


@transaction.atomic
def reclassify(
    program: Program, mapping: Mapping[Competency, Competency], actor: User | None
) -> int:
    """Tag the open items of old competencies to competencies of the current outline.

    Each item gets a new version with the new tag (its content unchanged); returns how many.
    """
    need(actor, "itembank.reclassify_item", "reclassify items")
    outline: ContentOutline | None = program.current_outline()
    if outline is None:
        raise ValidationError(f"{program.designation} has no published outline.")
    groups = needs_reclassification(program)
    count = 0
    for old, new in mapping.items():
        if new.domain.outline_id != outline.pk:
            raise ValidationError(f"{new.code} is not a competency of {outline}.")
        for item in groups.get(old, []):
            item = _lock(item)
            current = item.current_version
            assert current is not None
            note = f"Reclassified from {old.code} ({old.domain.outline}) to {new.code} ({outline})"
            version = _new_version(item, content_of(current), new, actor, note)
            _event(item, ItemEventKind.RECLASSIFIED, actor, version=version, comment=note)
            count += 1
    return count


@transaction.atomic
def classify(program: Program, assignments: Mapping[Item, Competency], actor: User | None) -> int:
    """Give unclassified items (imported without a competency) a competency of the current
    outline, each in a new version with its content unchanged; returns how many."""
    need(actor, "itembank.reclassify_item", "classify items")
    outline: ContentOutline | None = program.current_outline()
    if outline is None:
        raise ValidationError(f"{program.designation} has no published outline.")
    count = 0
    for item, competency in assignments.items():
        if competency.domain.outline_id != outline.pk:
            raise ValidationError(f"{competency.code} is not a competency of {outline}.")
        item = _lock(item)
        current = item.current_version
        if item.program_id != program.pk or current is None or current.competency_id is not None:
            raise ValidationError(f"{item} is not an unclassified item of {program.designation}.")
        note = f"Classified to {competency.code} ({outline})"
        version = _new_version(item, content_of(current), competency, actor, note)
        _event(item, ItemEventKind.RECLASSIFIED, actor, version=version, comment=note)
        count += 1
    return count


def log_access(
    actor: User | None,
    kind: AccessKind,
    what: str,
    identifiers: Sequence[str],
    *,
    program: Program | None = None,
    via: str = "",
) -> ItemAccessLog:
    """Record an export or a bulk view: who, when, what, and which items."""
    return ItemAccessLog.objects.create(
        actor=actor,
        actor_label="" if actor else via,
        at=timezone.now(),
        kind=kind,
        program=program,
        what=what[:500],
        item_count=len(identifiers),
        identifiers=list(identifiers),
    )


# --- case sets ---------------------------------------------------------------------------------

# Items whose content a form may already show: a set's stimulus no longer changes under them.
SETTLED = frozenset(
    {ItemStatus.APPROVED, ItemStatus.PRETEST, ItemStatus.OPERATIONAL, ItemStatus.RETIRED}
)


def _stimulus_checked(stimulus: str, title: str, attached: Sequence[str]) -> tuple[str, str]:
    """The stored stimulus and title, or a refusal naming the field; `attached` are the names of
    the set's files."""
    found: dict[str, list[str]] = {}
    title = " ".join(title.split())
    if not title:
        found["title"] = ["missing title"]
    reasons = [r.replace("in a stem", "in a stimulus") for _, r in markup.problems(stimulus)]
    named = [("image", n) for n in markup.image_names(stimulus)]
    named += [("media", n) for n in markup.media_names(stimulus)]
    reasons += [
        f'{what} "{name}" is not attached to the case set: attach it from the set\'s page'
        for what, name in named
        if name not in attached
    ]
    if reasons:
        found["stimulus"] = reasons
    if found:
        raise ValidationError(found)
    return markup.sanitize(stimulus), title


@transaction.atomic
def create_item_set(
    program: Program,
    identifier: str,
    title: str,
    stimulus: str,
    actor: User | None,
    *,
    source_identifier: str = "",
) -> ItemSet:
    """A case set: a scenario or exhibit that several items will ask about."""
    need(actor, "itembank.add_item", "create case sets")
    identifier = identifier.strip()
    if not IDENTIFIER.match(identifier):
        raise ValidationError(
            {
                "identifier": f'"{identifier}" must start with a letter and have only letters, '
                "digits, dots, dashes and underscores (at most 64)"
            }
        )
    if ItemSet.objects.filter(program=program, identifier=identifier).exists():
        raise ValidationError(
            {"identifier": f"{program.designation} already has a case set {identifier}"}
        )
    stimulus, title = _stimulus_checked(stimulus, title, [])
    return ItemSet.objects.create(
        program=program,
        identifier=identifier,
        title=title,
        stimulus=stimulus,
        source_identifier=source_identifier.strip(),
        created_by=actor,
    )


def _locked_unsettled(item_set: ItemSet, what: str) -> ItemSet:
    """The set, locked, while none of its items is approved or beyond (forms show what was
    approved); else a refusal saying which items hold it."""
    item_set = ItemSet.objects.select_for_update().get(pk=item_set.pk)
    settled = list(
        item_set.items.filter(status__in=SETTLED)
        .order_by("identifier")
        .values_list("identifier", flat=True)
    )
    if settled:
        raise ValidationError(
            f"The {what} of {item_set.identifier} cannot change: {', '.join(settled)} "
            f"{'is' if len(settled) == 1 else 'are'} approved or beyond, and forms show what "
            "was approved. Make a new set instead."
        )
    return item_set


def _set_event(item_set: ItemSet, actor: User, comment: str) -> None:
    for item in item_set.items.all():
        _event(item, ItemEventKind.SET, actor, comment=comment)


@transaction.atomic
def edit_item_set(item_set: ItemSet, title: str, stimulus: str, actor: User) -> ItemSet:
    """Change a set's title and stimulus, while none of its items is approved or beyond."""
    need(actor, "itembank.change_item", f"edit the case set {item_set.identifier}")
    item_set = _locked_unsettled(item_set, "stimulus")
    attached = list(item_set.media.values_list("name", flat=True))
    stimulus, title = _stimulus_checked(stimulus, title, attached)
    if (stimulus, title) == (item_set.stimulus, item_set.title):
        raise ValidationError(f"Nothing changed in {item_set.identifier}.")
    item_set.title, item_set.stimulus = title, stimulus
    item_set.save(update_fields=["title", "stimulus"])
    _set_event(item_set, actor, f"Stimulus of {item_set.identifier} edited")
    return item_set


@transaction.atomic
def attach_set_media(
    item_set: ItemSet,
    name: str,
    data: bytes,
    actor: User,
    *,
    alt: str = "",
    transcript: str = "",
    captions: str = "",
) -> ItemSet:
    """Attach an image, audio or video to a case set and show it at the end of its stimulus,
    while none of its items is approved or beyond (see `attach_media` for what each needs)."""
    need(actor, "itembank.change_item", f"attach files to the case set {item_set.identifier}")
    item_set = _locked_unsettled(item_set, "stimulus")
    alt, transcript, captions = _upload_checked(name, data, alt, transcript, captions)
    stored = store_media(item_set, name, data, actor, transcript=transcript, captions=captions)
    kind = media.kind_of(stored.content_type)
    item_set.stimulus = markup.sanitize(item_set.stimulus + _shown(kind, name, alt))
    item_set.save(update_fields=["stimulus"])
    _set_event(item_set, actor, f"{kind.title()} {name} attached to {item_set.identifier}")
    return item_set


@transaction.atomic
def place_in_set(item: Item, item_set: ItemSet | None, actor: User) -> None:
    """Put a draft in a case set, move it to another, or (None) take it out of its set."""
    item = _lock(item)
    _refuse_unless_editable(item, actor)
    if item_set is not None and item_set.program_id != item.program_id:
        raise ValidationError(f"{item_set.identifier} belongs to another program than {item}.")
    before = item.item_set
    if before == item_set:
        where = f"in {item_set.identifier}" if item_set else "in no case set"
        raise ValidationError(f"{item} is already {where}.")
    item.item_set = item_set
    item.save(update_fields=["item_set"])
    words = []
    if before is not None:
        words.append(f"Taken out of {before.identifier}")
    if item_set is not None:
        words.append(f"Put in {item_set.identifier}")
    _event(item, ItemEventKind.SET, actor, comment="; ".join(words))
