"""QTI: read QTI 3.0 and QTI 2.1/2.2 choice items and packages; write QTI 3.0 packages.

A package is a zip with `imsmanifest.xml` and one `qti-assessment-item` file per item, each
with one `qti-choice-interaction` (single answer, or multiple response), perhaps referring to a
shared stimulus (`qti-assessment-stimulus`, a case set). An item Hallmark cannot hold (another
interaction, ...) is reported apart, as unsupported, so that an import may skip it. Writing is
in `qti_write`, the XML basics in `qti_xml`.
"""

import copy
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import replace

from lxml import etree

from hallmark.itembank import markup, media
from hallmark.itembank.content import IDENTIFIER, Content, Problem
from hallmark.itembank.data import MAX_OPTIONS, MIN_OPTIONS, OPTION_LABELS, SELECT_ALL, ItemKind
from hallmark.itembank.interchange import qti_media
from hallmark.itembank.interchange.qti_write import write as write
from hallmark.itembank.interchange.qti_xml import (
    DIALECTS,
    HALLMARK,
    INTERACTION_NAMES,
    Dialect,
    children,
    first,
    local,
    named,
    parse,
    text_of,
)
from hallmark.itembank.interchange.records import Parsed, Record, SetRecord

# Attributes other QTI players read (catalogs, ARIA roles of their own layout): a Hallmark stem
# has none of them, so they are left behind rather than reported.
UNSHOWN_ATTRIBUTES = ("data-", "aria-", "role")
# Audio and video as `qti_media.attach` writes them into a stem.
PLAYED = re.compile(r'<(audio|video) src="[^"<>]*"></\1>')

# A package is unpacked in memory, one member at a time, counting the bytes that come out (not
# the sizes the zip claims): a zip bomb stops at these limits, whatever its headers say.
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
CHUNK = 64 * 1024
# What a damaged or hostile zip raises from zipfile and zlib.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,  # an encrypted member
    NotImplementedError,  # a compression method zipfile does not have
    ValueError,
)


def _html_of(element: etree._Element) -> str:
    """An XML element as plain HTML: QTI's XHTML without namespaces."""
    copy_ = copy.deepcopy(element)  # a copy, not a second parse of serialized text
    for node in copy_.iter():
        if isinstance(node.tag, str):
            node.tag = etree.QName(node).localname
            for name in list(node.attrib):
                local = etree.QName(name).localname
                if local.startswith(UNSHOWN_ATTRIBUTES):
                    del node.attrib[name]  # hooks of other players that a stem has no use for
                elif local != name:
                    value = node.attrib.pop(name)
                    if local not in node.attrib:
                        node.attrib[local] = value
    etree.cleanup_namespaces(copy_)
    copy_.tail = None
    return etree.tostring(copy_, method="html", encoding="unicode")


def _escape(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _content_html(parts: list[etree._Element], before: str | None = None) -> str:
    """HTML of a run of sibling elements (with the text between them)."""
    out = _escape(before)
    for part in parts:
        out += _html_of(part) + _escape(part.tail)
    return out


class _ItemProblem(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class _Unsupported(_ItemProblem):
    """Something the item is that a Hallmark item cannot be: a reason to skip it."""


def _before(body: etree._Element, interaction: etree._Element) -> etree._Element:
    """A copy of the item body with the interaction and everything after it left out."""
    index = next(i for i, e in enumerate(body.iter()) if e is interaction)
    copied = copy.deepcopy(body)
    target = next(e for i, e in enumerate(copied.iter()) if i == index)
    node = target
    while node is not copied:
        parent = node.getparent()
        for later in list(node.itersiblings()):
            parent.remove(later)
        if node is target:
            parent.remove(node)  # its tail goes with it: what follows is not the stem
        node = parent
    return copied


def _unwrapped(elements: list[etree._Element], text: str | None) -> str:
    """HTML of the elements; Hallmark's own <div class="stem"> wrapper taken off, so that what
    it wrote comes back as it was."""
    if len(elements) == 1 and local(elements[0]) == "div" and elements[0].get("class") == "stem":
        wrapper = elements[0]
        return _content_html([c for c in wrapper if isinstance(c.tag, str)], wrapper.text)
    return _content_html(elements, text)


def _stem(body: etree._Element, interaction: etree._Element, dialect: Dialect) -> str:
    before = _before(body, interaction)
    elements = [c for c in before if isinstance(c.tag, str)]
    foreign = sorted(
        {local(e) for e in before.iter() if local(e).startswith("qti-")} - {local(before)}
    )
    if foreign:
        raise _Unsupported("item body", f"<{foreign[0]}> in the item body is not supported")
    stem = _unwrapped(elements, before.text)
    prompt = next(children(interaction, dialect.prompt), None)
    if prompt is not None and text_of(prompt).strip():
        stem += _content_html([c for c in prompt if isinstance(c.tag, str)], prompt.text)
    return markup.math_core(stem.strip())


def _option(choice: etree._Element) -> str:
    """An option's text on one line, its formulas kept as MathML."""
    if any(local(e) in {"img", "audio", "video", "object"} for e in choice.iter()):
        raise _Unsupported("options", "images and media in options are not supported")
    parts = [choice.text or ""]
    for child in choice:
        if local(child) == "math":
            parts.append(markup.math_core(_html_of(child)))
        elif isinstance(child.tag, str):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _declaration(root: etree._Element, dialect: Dialect, response: str) -> etree._Element | None:
    return next(
        (
            d
            for d in children(root, dialect.response_declaration)
            if d.get("identifier") == response
        ),
        None,
    )


def _keys(
    declaration: etree._Element | None, dialect: Dialect, ids: list[str], *, mapped_first: bool
) -> list[str]:
    """The labels of the keyed options: the correct response, or the options a mapping scores.

    A single-answer item Hallmark rekeyed to several options carries them in a mapping, which
    then comes first; a multiple-response item's keys are its correct response.
    """
    if declaration is None:
        return []
    keyed: list[str] = []
    mapping = next(children(declaration, dialect.mapping), None)
    scored: list[str] = []
    if mapping is not None:
        for entry in children(mapping, dialect.map_entry):
            try:
                value = float(entry.get(dialect.mapped_value, "0"))
            except ValueError:
                value = 0.0
            if value > 0:
                scored.append(entry.get(dialect.map_key, ""))
    correct = next(children(declaration, dialect.correct_response), None)
    if correct is not None:
        keyed = [text_of(v).strip() for v in children(correct, dialect.value)]
    if scored and (mapped_first or not keyed):
        keyed = scored
    labels = dict(zip(ids, OPTION_LABELS, strict=False))
    return [labels.get(k, k if k else "?") for k in keyed]


def _how_answered(max_choices: int, keys: list[str], options: int) -> tuple[str, int]:
    """The item's kind and its number to select, from QTI's max-choices and its keys."""
    if max_choices == 1:
        return ItemKind.SINGLE, 1
    if max_choices == 0 or max_choices >= options:
        if len(set(keys)) >= options:
            raise _Unsupported(
                "key", "every option is correct: a select-all item needs at least one distractor"
            )
        return ItemKind.MULTIPLE, SELECT_ALL
    if len(set(keys)) != max_choices:
        raise _Unsupported(
            "interaction",
            f"max-choices is {max_choices} but {len(set(keys))} options are correct: a "
            f'"select {max_choices}" item has exactly {max_choices} keys',
        )
    return ItemKind.MULTIPLE, max_choices


def _choice_interaction(body: etree._Element, dialect: Dialect) -> etree._Element:
    interactions = [e for e in body.iter() if local(e) in INTERACTION_NAMES]
    if not interactions:
        raise _Unsupported("interaction", "the item has no interaction")
    kinds = ", ".join(sorted({local(e) for e in interactions}))
    if len(interactions) > 1:
        raise _Unsupported(
            "interaction",
            f"a Hallmark item has one interaction, this one has {len(interactions)} ({kinds})",
        )
    if local(interactions[0]) != dialect.choice_interaction:
        raise _Unsupported(
            "interaction", f"{kinds} is not supported (only choice interactions are)"
        )
    return interactions[0]


def _options(interaction: etree._Element, dialect: Dialect) -> tuple[list[str], list[str]]:
    """The options' texts and their QTI identifiers, in the file's order."""
    elements = list(children(interaction, dialect.simple_choice))
    if not MIN_OPTIONS <= len(elements) <= MAX_OPTIONS:
        raise _Unsupported(
            "options",
            f"a Hallmark item has {MIN_OPTIONS} to {MAX_OPTIONS} options, this one has "
            f"{len(elements)}",
        )
    return [_option(c) for c in elements], [c.get("identifier", "") for c in elements]


def _max_choices(interaction: etree._Element, dialect: Dialect) -> int:
    value = interaction.get(dialect.max_choices, "1").strip()
    if not re.fullmatch(r"[0-9]{1,3}", value):
        raise _ItemProblem("interaction", f'max-choices "{value[:20]}" is not a number')
    return int(value)


def _content(root: etree._Element, dialect: Dialect) -> Content:
    body = next(children(root, dialect.item_body), None)
    if body is None:
        raise _ItemProblem("item body", "the item has no item body")
    interaction = _choice_interaction(body, dialect)
    options, ids = _options(interaction, dialect)
    max_choices = _max_choices(interaction, dialect)
    declaration = _declaration(root, dialect, interaction.get(dialect.response_identifier, ""))
    keys = _keys(declaration, dialect, ids, mapped_first=max_choices == 1)
    if not keys:
        raise _Unsupported("key", "the item has no correct response (a survey question?)")
    kind, select = _how_answered(max_choices, keys, len(options))
    return Content(
        competency="",
        cognitive_level="",
        stem=_stem(body, interaction, dialect),
        options=tuple(options),
        keys=tuple(keys),
        kind=kind,
        select=select,
    )


def _label(identifier: str, where: str) -> str:
    if identifier and where == "item":  # a lone item file: name it by its identifier
        return f"item {identifier}"
    if identifier and identifier not in where:
        return f"{where} ({identifier})"
    return where


def read_item(
    data: bytes,
    where: str,
    files: dict[str, bytes] | None = None,
    href: str = "",
    stimuli: dict[str, SetRecord] | None = None,
    stimulus_transcripts: dict[str, dict[str, str]] | None = None,
) -> tuple[Record | None, list[Problem], list[Problem]]:
    """One item file (QTI 3.0, 2.1 or 2.2) as a record, its problems, and why it is unsupported.

    `files` are the package's files (its media and stimuli); `stimuli` collects the shared
    stimuli the items refer to, by identifier; `stimulus_transcripts` are the audio transcripts
    the manifest gives each stimulus file, by its path.
    """
    root, problems = parse(data, where)
    if root is None:
        return None, problems, []
    dialect = DIALECTS.get(local(root))
    if dialect is None:
        return None, [Problem(where, "item", f"<{local(root)}> is not a QTI assessment item")], []
    identifier = root.get("identifier", "")
    label = _label(identifier, where)
    try:
        content = _content(root, dialect)
        item_set = stimulus_of(root, href, files or {}, stimuli, stimulus_transcripts or {})
        attached = qti_media.attach(content.stem, href, files or {}, label)
        _refuse_foreign_markup(attached.stem)
    except _Unsupported as unsupported:
        return None, [], [Problem(label, unsupported.field, unsupported.reason)]
    except qti_media.Unsupported as unsupported:
        return None, [], [Problem(label, "media", str(unsupported))]
    except _ItemProblem as problem:
        return None, [Problem(label, problem.field, problem.reason)], []
    record = Record(
        where=where,
        # Another bank's identifier Hallmark cannot use: the item gets the next free one.
        identifier=identifier if IDENTIFIER.match(identifier) else "",
        content=replace(content, stem=attached.stem),
        images=attached.files,
        transcripts=attached.transcripts,
        captions=attached.captions,
        source_identifier=identifier,
        item_set=item_set,
    )
    return record, attached.problems, []


def _refuse_foreign_markup(stem: str, field: str = "stem") -> None:
    """Markup a Hallmark stem cannot hold (headings, figures, scripts, ...) makes the item
    unsupported: it is not Hallmark's to rewrite."""
    # Audio and video are checked with their files (qti_media), in the form it leaves them.
    for kind, reason in markup.problems(PLAYED.sub("", stem)):
        if kind == "bad markup":
            raise _Unsupported(field, reason.replace("in a stem", f"in a {field}"))


def stimulus_of(
    root: etree._Element,
    href: str,
    files: dict[str, bytes],
    stimuli: dict[str, SetRecord] | None,
    transcripts: dict[str, dict[str, str]],
) -> str:
    """The identifier of the shared stimulus the item refers to ("" for none), read once."""
    references = [e for e in root if local(e) == "qti-assessment-stimulus-ref"]
    if not references:
        return ""
    if len(references) > 1:
        raise _Unsupported("stimulus", "an item can share one stimulus, this one refers to several")
    reference = references[0]
    identifier = reference.get("identifier", "")
    if stimuli is not None and identifier in stimuli:
        return identifier
    path = posixpath.normpath(posixpath.join(posixpath.dirname(href), reference.get("href", "")))
    if path not in files:
        raise _ItemProblem("stimulus", f'the shared stimulus "{reference.get("href", "")}" '
                           "is not in the package")  # fmt: skip
    stimulus = read_stimulus(files[path], identifier, path, files, transcripts.get(path, {}))
    if stimuli is not None:
        stimuli[identifier] = stimulus
    return identifier


def read_stimulus(
    data: bytes,
    identifier: str,
    href: str = "",
    files: dict[str, bytes] | None = None,
    transcripts: dict[str, str] | None = None,
) -> SetRecord:
    """A `qti-assessment-stimulus` file (at `href` in the package) as a case set: its title,
    its body as HTML, and the media it shows, taken from `files`, with their `transcripts`
    where the manifest gives them."""
    where = f"stimulus {identifier}"
    root, problems = parse(data, where)
    if root is None:
        raise _ItemProblem("stimulus", problems[0].reason)
    if local(root) != "qti-assessment-stimulus":
        raise _ItemProblem("stimulus", f"<{local(root)}> is not a qti-assessment-stimulus")
    body = next(children(root, "qti-stimulus-body"), None)
    if body is None:
        raise _ItemProblem("stimulus", f"{where} has no qti-stimulus-body")
    stimulus = markup.math_core(
        _unwrapped([c for c in body if isinstance(c.tag, str)], body.text).strip()
    )
    try:
        attached = qti_media.attach(stimulus, href, files or {}, where)
    except qti_media.Unsupported as unsupported:
        raise _Unsupported("stimulus", f"{where}: {unsupported}") from None
    if attached.problems:
        raise _ItemProblem("stimulus", attached.problems[0].reason)
    _refuse_foreign_markup(attached.stem, "stimulus")
    attached.transcripts |= transcripts or {}
    for name, kind in _kinds(attached.files).items():
        if kind == "audio" and not attached.transcripts.get(name, "").strip():
            raise _Unsupported("stimulus", f'{where}: audio "{name}" has no transcript')
    title = " ".join((root.get("title") or identifier).split())[:200]
    return SetRecord(
        identifier=identifier,
        title=title,
        stimulus=attached.stem,
        files=attached.files,
        transcripts=attached.transcripts,
        captions=attached.captions,
    )


def _kinds(files: dict[str, bytes]) -> dict[str, str]:
    """Each file's kind ("image", "audio", "video"; "" when unknown), by name."""
    return {
        name: (media.content_type(data) or "").partition("/")[0] for name, data in files.items()
    }


def _metadata(resource: etree._Element) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    block = next((e for e in resource.iter(f"{{{HALLMARK}}}item")), None)
    if block is not None:
        for child in block:
            if isinstance(child.tag, str):
                values.setdefault(etree.QName(child).localname, []).append(child.text or "")
    if "competency" not in values:
        for classification in named(resource, "classification"):
            purpose = first(classification, "value")
            taxon_id = first(classification, "id")
            is_competency = purpose is not None and text_of(purpose).strip().lower() == "competency"
            if is_competency and taxon_id is not None:
                values["competency"] = [text_of(taxon_id).strip()]
    return values


def _apply_metadata(record: Record, values: dict[str, list[str]]) -> None:
    def one(name: str) -> str:
        return (values.get(name) or [""])[0]

    record.content = replace(
        record.content,
        competency=one("competency"),
        cognitive_level=one("cognitive-level"),
        rationale=one("rationale"),
        references=tuple(values.get("reference", [])),
    )
    record.enemies = tuple(e.strip() for e in values.get("enemy", []) if e.strip())
    record.author = one("author").strip()
    record.status = one("status").strip().lower()
    record.is_synthetic = one("synthetic").strip().lower() == "true"
    version = one("version").strip()
    record.version = int(version) if re.fullmatch(r"[0-9]{1,9}", version) else None


def _transcripts(resource: etree._Element) -> dict[str, str]:
    """Audio transcripts Hallmark wrote in the resource's metadata, by media name."""
    return {
        element.get("media", ""): " ".join((element.text or "").split())
        for element in resource.iter(f"{{{HALLMARK}}}transcript")
    }


def _unheard(record: Record) -> Problem | None:
    """Why the record cannot be taken: audio without its transcript (None when it has them)."""
    for name, kind in _kinds(record.images).items():
        if kind == "audio" and not record.transcripts.get(name, "").strip():
            return Problem(record.label, "media", f'audio "{name}" has no transcript')
    return None


def _member_name(name: str) -> str | None:
    """The member's path inside the package, or None when it points outside it."""
    path = posixpath.normpath(name)
    if "\\" in name or name.startswith("/") or ":" in path or path.split("/")[0] == "..":
        return None
    return path


def _unpack(package: zipfile.ZipFile) -> tuple[dict[str, bytes], list[Problem]]:
    """Every file of the package, read one member at a time within the limits."""
    infos = [i for i in package.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        return {}, [Problem("package", "members", f"more than {MAX_MEMBERS:,} files")]
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        path = _member_name(info.filename)
        if path is None:
            reason = "the path leads outside the package"
            return {}, [Problem(f"member {info.filename[:100]!r}", "name", reason)]
        try:
            data = _read_member(package, info, MAX_UNPACKED_BYTES - total)
        except _TooLarge as too_large:
            return {}, [Problem(f"member {path[:100]}", "size", str(too_large))]
        except ZIP_ERRORS as error:
            return {}, [Problem(f"member {path[:100]}", "data", f"cannot be unpacked ({error})")]
        total += len(data)
        files[path] = data
    return files, []


class _TooLarge(Exception):
    pass


def _read_member(package: zipfile.ZipFile, info: zipfile.ZipInfo, room: int) -> bytes:
    limit = min(MAX_MEMBER_BYTES, room)
    chunks: list[bytes] = []
    size = 0
    with package.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > MAX_MEMBER_BYTES:
                raise _TooLarge(f"unpacks to more than {MAX_MEMBER_BYTES // 2**20} MB")
            if size > limit:
                raise _TooLarge(
                    f"the package unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _read_package(data: bytes) -> Parsed:
    parsed = Parsed()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            files, problems = _unpack(package)
    except ZIP_ERRORS as error:
        parsed.problems.append(Problem("package", "zip", f"not a readable zip file ({error})"))
        return parsed
    if problems:
        parsed.problems.extend(problems)
        return parsed
    manifest_data = files.get("imsmanifest.xml")
    if manifest_data is None:
        parsed.problems.append(Problem("package", "manifest", "no imsmanifest.xml at the top"))
        return parsed
    manifest, problems = parse(manifest_data, "imsmanifest.xml")
    if manifest is None:
        parsed.problems.extend(problems)
        return parsed
    resources = [
        r
        for r in named(manifest, "resource")
        if (r.get("type") or "").startswith(("imsqti_item_xmlv3p0", "imsqti_item_xmlv2p"))
    ]
    if not resources:
        parsed.problems.append(Problem("imsmanifest.xml", "resources", "no QTI items listed"))
    stimulus_transcripts = {
        posixpath.normpath(r.get("href") or ""): _transcripts(r)
        for r in named(manifest, "resource")
        if (r.get("type") or "").startswith("imsqti_stimulus_xmlv3p0") and r.get("href")
    }
    for resource in resources:
        href = resource.get("href") or next(
            (f.get("href", "") for f in children(resource, "file")), ""
        )
        path = posixpath.normpath(href)
        where = f"item {resource.get('identifier') or href}"
        if path not in files:
            parsed.problems.append(Problem(where, "file", f"{href} is not in the package"))
            continue
        record, problems, unsupported = read_item(
            files[path], where, files, path, parsed.sets, stimulus_transcripts
        )
        parsed.problems.extend(problems)
        parsed.unsupported.extend(unsupported)
        if record is not None:
            record.where = f"item {record.identifier}" if record.identifier else where
            _apply_metadata(record, _metadata(resource))
            record.transcripts |= _transcripts(resource)
            _take(parsed, record)
    return parsed


def _take(parsed: Parsed, record: Record) -> None:
    unheard = _unheard(record)
    if unheard is None:
        parsed.records.append(record)
    else:
        parsed.unsupported.append(unheard)


def read(data: bytes) -> Parsed:
    """A content package (zip with imsmanifest.xml), or a single item's XML file."""
    if data[:2] == b"PK":
        return _read_package(data)
    record, problems, unsupported = read_item(data, "item")
    parsed = Parsed(problems=problems, unsupported=unsupported)
    if record is not None:
        record.where = f"item {record.identifier}" if record.identifier else "item"
        _take(parsed, record)
    return parsed
