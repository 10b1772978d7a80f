"""Import and export: files in, items out, all or nothing, every export logged."""

from collections import Counter
from dataclasses import replace
from types import ModuleType

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.itembank import markup, media, services
from hallmark.itembank.content import IDENTIFIER, Problem, control_character, normal, problems
from hallmark.itembank.data import AccessKind, InterchangeFormat, ItemEventKind, ItemStatus
from hallmark.itembank.interchange import (
    Context,
    Parsed,
    Record,
    SetRecord,
    csv_format,
    examples,
    qti,
    qti_media,
)
from hallmark.itembank.interchange.kinds import WrongFile as WrongFile
from hallmark.itembank.interchange.kinds import format_of as format_of
from hallmark.itembank.models import Item, ItemEvent, ItemMedia, ItemSet, ItemVersion
from hallmark.programs.models import Program

FORMATS: dict[str, ModuleType] = {InterchangeFormat.CSV: csv_format, InterchangeFormat.QTI: qti}
CONTENT_TYPES = {InterchangeFormat.CSV: "text/csv", InterchangeFormat.QTI: "application/zip"}
EXTENSIONS = {InterchangeFormat.CSV: "csv", InterchangeFormat.QTI: "zip"}
SOURCE_IDENTIFIER_LENGTH = Item._meta.get_field("source_identifier").max_length or 200


class Imported(list[Item]):
    """The items an import made, in the file's order; `skipped` names each item it left out
    (with `skip_unsupported`), and why."""

    def __init__(self, items: list[Item], skipped: list[Problem]) -> None:
        super().__init__(items)
        self.skipped = skipped


class ImportRefused(Exception):
    """A file that cannot be imported; nothing was imported. `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems; nothing was imported")
        self.problems = problems


def csv_template(program: Program | None) -> bytes:
    """The CSV template: every column, and examples tagged with the program's competencies."""
    codes = list(services.outline_competencies(program)) if program is not None else []
    return examples.template(codes)


def _context(program: Program) -> Context:
    outline = program.current_outline()
    statements = {code: c.statement for code, c in services.outline_competencies(program).items()}
    return Context(
        program=program.designation,
        outline_title=outline.title if outline else "",
        outline_version=outline.version if outline else None,
        competency_statements=statements,
    )


def records_of(items: QuerySet[Item]) -> list[Record]:
    items = items.select_related(
        "author", "current_version__competency", "item_set"
    ).prefetch_related("enemies")
    media: dict[int, list[ItemMedia]] = {}
    for one in ItemMedia.objects.filter(item__in=items).only(
        "item_id", "name", "data", "transcript", "captions"
    ):
        media.setdefault(one.item_id, []).append(one)
    records = []
    for item in items:
        version = item.current_version
        assert version is not None
        shown = [m for m in media.get(item.pk, []) if m.name in qti_media.names_in(version.stem)]
        records.append(
            Record(
                where=item.identifier,
                identifier=item.identifier,
                content=services.content_of(version),
                enemies=tuple(sorted(e.identifier for e in item.enemies.all())),
                author=item.author.email,
                status=item.status,
                is_synthetic=item.is_synthetic,
                version=version.number,
                images={m.name: bytes(m.data) for m in shown},
                transcripts={m.name: m.transcript for m in shown if m.transcript},
                captions={m.name: m.captions for m in shown if m.captions},
                source_identifier=item.source_identifier,
                item_set=item.item_set.identifier if item.item_set else "",
            )
        )
    return records


def _sets_of(items: QuerySet[Item]) -> dict[str, SetRecord]:
    sets = ItemSet.objects.filter(items__in=items).distinct().prefetch_related("media")
    return {s.identifier: _set_record(s) for s in sets}


def _set_record(item_set: ItemSet) -> SetRecord:
    """A case set with the files its stimulus shows."""
    shown = qti_media.names_in(item_set.stimulus)
    files = [m for m in item_set.media.all() if m.name in shown]
    return SetRecord(
        item_set.identifier,
        item_set.title,
        item_set.stimulus,
        files={m.name: bytes(m.data) for m in files},
        transcripts={m.name: m.transcript for m in files if m.transcript},
        captions={m.name: m.captions for m in files if m.captions},
    )


def export_items(
    program: Program,
    fmt: str,
    actor: User | None,
    *,
    status: str = "",
    via: str = "",
) -> tuple[bytes, int]:
    """The program's items (or those in one status) as a file; the export is logged."""
    if actor is not None and not actor.has_perm("itembank.export_item"):
        raise PermissionDenied(f"{actor} may not export items.")
    if fmt not in FORMATS:
        raise ValidationError(f'"{fmt}" is not an export format ({", ".join(FORMATS)}).')
    if status and status not in ItemStatus.values:
        raise ValidationError(f'"{status}" is not a status ({", ".join(ItemStatus.values)}).')
    items = Item.objects.filter(program=program).order_by("identifier")
    if status:
        items = items.filter(status=status)
    with transaction.atomic():
        records = records_of(items)
        context = replace(_context(program), sets=_sets_of(items))
        data = FORMATS[fmt].write(records, context)
        what = f"{program.designation} items as {fmt}" + (f", status {status}" if status else "")
        services.log_access(
            actor,
            AccessKind.EXPORT,
            what,
            [r.identifier for r in records],
            program=program,
            via=via,
        )
    return data, len(records)


def too_large(size: int) -> Problem | None:
    """The problem with a file of `size` bytes, when it is over the import limit."""
    limit = settings.HALLMARK_IMPORT_MAX_BYTES
    if size <= limit:
        return None
    return Problem("file", "size", f"{size:,} bytes; a file can be at most {limit:,} bytes")


def _unusable(record: Record) -> list[Problem]:
    """Control characters in the fields that are looked up or stored as they are."""
    texts = [
        ("identifier", record.identifier),
        ("author", record.author),
        ("status", record.status),
        ("source_identifier", record.source_identifier),
        ("set", record.item_set),
        *(("enemies", enemy) for enemy in record.enemies),
    ]
    return [
        Problem(record.label, name, reason)
        for name, text in texts
        if (reason := control_character(text)) is not None
    ]


def _check(program: Program, parsed: Parsed, actor: User | None, fmt: str) -> list[Problem]:
    found = list(parsed.problems)
    for record in parsed.records:
        found.extend(_unusable(record))
    competencies = services.outline_competencies(program)
    outline = program.current_outline()
    in_bank = set(Item.objects.filter(program=program).values_list("identifier", flat=True))
    counts = Counter(r.identifier for r in parsed.records if r.identifier)
    in_file = set(counts)
    # PostgreSQL refuses a NUL in a query: such an author is reported above, not looked up.
    emails = {r.author.lower() for r in parsed.records if r.author and not _unusable(r)}
    authors = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    sets = set(ItemSet.objects.filter(program=program).values_list("identifier", flat=True))
    first_seen: dict[str, str] = {}
    for record in parsed.records:
        where = record.label
        qti_file = fmt == InterchangeFormat.QTI
        images = list(record.images) if qti_file else None
        found.extend(problems(record.content, where, images, unclassified=qti_file))
        identifier = record.identifier
        if identifier and not IDENTIFIER.match(identifier):
            found.append(
                Problem(
                    where,
                    "identifier",
                    f'"{identifier}" must start with a letter and have only letters, digits, '
                    "dots, dashes and underscores (at most 64)",
                )
            )
        if identifier and counts[identifier] > 1:
            if identifier in first_seen:
                found.append(
                    Problem(
                        where,
                        "identifier",
                        f"duplicate identifier {identifier} (also {first_seen[identifier]})",
                    )
                )
            first_seen.setdefault(identifier, record.where)
        if identifier in in_bank:
            found.append(
                Problem(
                    where,
                    "identifier",
                    f"duplicate identifier: {program.designation} already has {identifier}",
                )
            )
        code = record.content.competency.strip()
        if code and code not in competencies:
            where_outline = f"not in {outline}" if outline else "the program has no outline"
            found.append(
                Problem(where, "competency", f"unknown competency {code} ({where_outline})")
            )
        if len(record.source_identifier) > SOURCE_IDENTIFIER_LENGTH:
            found.append(
                Problem(where, "source_identifier", f"longer than {SOURCE_IDENTIFIER_LENGTH}")
            )
        # A CSV row names a set of the bank; a QTI item, a stimulus of its package.
        if record.item_set and record.item_set not in sets and record.item_set not in parsed.sets:
            found.append(
                Problem(
                    where,
                    "set",
                    f"unknown case set {record.item_set}: create it in {program.designation}'s "
                    "case sets first",
                )
            )
        for enemy in record.enemies:
            if enemy == identifier:
                found.append(Problem(where, "enemies", "an item cannot be its own enemy"))
            elif enemy not in in_file and enemy not in in_bank:
                found.append(
                    Problem(
                        where, "enemies", f"unknown enemy {enemy} (not in the file or the bank)"
                    )
                )
        if record.author:
            author = authors.get(record.author.lower())
            if author is None and control_character(record.author):
                pass  # reported with the other control characters
            elif author is None:
                found.append(
                    Problem(where, "author", f"no account has the email address {record.author}")
                )
            elif (
                actor is not None
                and author != actor
                and not actor.has_perm("itembank.edit_any_item")
            ):
                found.append(
                    Problem(
                        where,
                        "author",
                        f"you may import only your own items, not {record.author}'s",
                    )
                )
        elif actor is None:
            found.append(
                Problem(where, "author", "missing author: name one in the file or give --by EMAIL")
            )
        if record.status and record.status not in ItemStatus.values:
            found.append(
                Problem(
                    where,
                    "status",
                    f'"{record.status}" is not a status ({", ".join(ItemStatus.values)})',
                )
            )
        found.extend(_media_problems(record))
    found.extend(_set_problems(parsed))
    if not parsed.records and not found and not parsed.unsupported:
        found.append(Problem("file", "items", "the file has no items"))
    elif not parsed.records and not found:
        found.append(Problem("file", "items", "none of the file's items is supported"))
    return found


def _media_problems(record: Record) -> list[Problem]:
    return _files_problems(record.label, record.images)


def _files_problems(where: str, files: dict[str, bytes]) -> list[Problem]:
    found = []
    for name, data in files.items():
        kind = media.content_type(data) or ""
        if kind.startswith(("audio/", "video/")):
            if not markup.IMAGE_NAME.match(name):
                found.append(Problem(where, "media", f'"{name}" is not a usable name'))
        else:
            reasons = services.image_problems(name, data)
            found.extend(Problem(where, "image", reason) for reason in reasons)
    return found


def _set_problems(parsed: Parsed) -> list[Problem]:
    """What is wrong with the shared stimuli the file's items use."""
    used = {r.item_set for r in parsed.records if r.item_set in parsed.sets}
    found = []
    for identifier in sorted(used):
        item_set = parsed.sets[identifier]
        where = f"stimulus {identifier}"
        if not item_set.stimulus.strip():
            found.append(Problem(where, "stimulus", "the stimulus is empty"))
            continue
        for kind, reason in markup.problems(item_set.stimulus):
            found.append(Problem(where, "stimulus", f"{kind}: {reason}"))
        found.extend(_files_problems(where, item_set.files))
    return found


@transaction.atomic
def import_items(
    program: Program,
    data: bytes,
    fmt: str,
    actor: User | None,
    *,
    keep_status: bool = False,
    skip_unsupported: bool = False,
    via: str = "",
) -> Imported:
    """Import every item of a file, or none: a bad file raises ImportRefused with every problem.

    Items start as drafts; with `keep_status` (and the permission) they keep the file's status.
    An item Hallmark cannot hold (another interaction type, audio without its transcript, ...)
    refuses the file too, unless `skip_unsupported`: then it is left out and listed as skipped.
    """
    if actor is not None and not actor.has_perm("itembank.import_item"):
        raise PermissionDenied(f"{actor} may not import items.")
    if keep_status and actor is not None and not actor.has_perm("itembank.import_with_status"):
        raise PermissionDenied(f"{actor} may import items only as drafts.")
    if fmt not in FORMATS:
        raise ValidationError(f'"{fmt}" is not an import format ({", ".join(FORMATS)}).')
    if (size_problem := too_large(len(data))) is not None:
        raise ImportRefused([size_problem])
    parsed = FORMATS[fmt].read(data)
    found = _check(program, parsed, actor, fmt)
    if not skip_unsupported or not parsed.records:
        found = parsed.unsupported + found
    if found:
        raise ImportRefused(found)
    items = _create(program, parsed, actor, keep_status, via, fmt)
    return Imported(items, list(parsed.unsupported))


def _create(
    program: Program,
    parsed: Parsed,
    actor: User | None,
    keep_status: bool,
    via: str,
    fmt: str,
) -> list[Item]:
    records = parsed.records
    competencies = services.outline_competencies(program)
    emails = {r.author.lower() for r in records if r.author}
    authors = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    sets = {s.identifier: s for s in ItemSet.objects.filter(program=program)}
    sets |= _item_sets(program, parsed, actor)
    now = timezone.now()
    created: dict[str, Item] = {}

    def note(record: Record) -> str:
        return f"Imported from {fmt.upper()} ({record.where})"

    for record in records:
        content = normal(record.content)
        author = authors.get(record.author.lower()) if record.author else actor
        assert author is not None
        competency = competencies.get(content.competency)
        status = record.status if keep_status and record.status else ItemStatus.DRAFT
        if competency is None:
            status = ItemStatus.DRAFT  # classified before it goes any further
        identifier = record.identifier or services.next_identifier(program)
        item = Item.objects.create(
            program=program,
            identifier=identifier,
            author=author,
            status=status,
            is_synthetic=record.is_synthetic,
            source_identifier=record.source_identifier,
            item_set=sets.get(record.item_set),
        )
        _store_media(item, record, actor)
        version = ItemVersion.objects.create(
            item=item,
            number=1,
            competency=competency,
            cognitive_level=content.cognitive_level,
            kind=content.kind,
            select=content.select,
            stem=content.stem,
            options=list(content.options),
            keys=list(content.keys),
            rationale=content.rationale,
            references=list(content.references),
            change_note=note(record),
            created_by=actor or author,
        )
        item.current_version = version
        item.save(update_fields=["current_version"])
        ItemEvent.objects.create(
            item=item,
            version=version,
            kind=ItemEventKind.IMPORTED,
            to_status=status,
            actor=actor,
            actor_label="" if actor else via,
            at=now,
            comment=note(record),
        )
        created[identifier] = item
    for record in records:
        if record.enemies:
            item = created[record.identifier]
            enemies = [
                created.get(e) or Item.objects.get(program=program, identifier=e)
                for e in record.enemies
            ]
            item.enemies.add(*enemies)
    return list(created.values())


def _store_media(item: Item, record: Record, actor: User | None) -> None:
    for name, data in record.images.items():
        transcript, captions = record.transcripts.get(name, ""), record.captions.get(name, "")
        services.store_media(item, name, data, actor, transcript=transcript, captions=captions)


def _item_sets(program: Program, parsed: Parsed, actor: User | None) -> dict[str, ItemSet]:
    """The bank's case set for each stimulus the items use: the one that came from it before
    (same identifier, or same source identifier), or a new one."""
    used = sorted({r.item_set for r in parsed.records if r.item_set in parsed.sets})
    found: dict[str, ItemSet] = {}
    for identifier in used:
        stimulus = parsed.sets[identifier]
        existing = (
            ItemSet.objects.filter(program=program)
            .filter(Q(source_identifier=identifier) | Q(identifier=identifier))
            .order_by("-source_identifier")  # a set that came from this one first
            .first()
        )
        if existing is not None:
            found[identifier] = existing
            continue
        found[identifier] = ItemSet.objects.create(
            program=program,
            identifier=_set_identifier(program, identifier),
            title=stimulus.title or identifier,
            stimulus=markup.sanitize(stimulus.stimulus),
            source_identifier=identifier,
            created_by=actor,
        )
        for name, data in stimulus.files.items():
            transcript, captions = (
                stimulus.transcripts.get(name, ""),
                stimulus.captions.get(name, ""),
            )
            services.store_media(
                found[identifier], name, data, actor, transcript=transcript, captions=captions
            )
    return found


def _set_identifier(program: Program, source: str) -> str:
    """The source's identifier when Hallmark can use it, else the next free SET-nnn."""
    taken = set(ItemSet.objects.filter(program=program).values_list("identifier", flat=True))
    if IDENTIFIER.match(source) and source not in taken:
        return source
    number = len(taken) + 1
    while f"SET-{number:03d}" in taken:
        number += 1
    return f"SET-{number:03d}"
