"""QTI: write QTI 3.0 content packages; read QTI 3.0 and QTI 2.1/2.2 choice items.

A package is a zip with `imsmanifest.xml` and one `qti-assessment-item` file per item, each
with one `qti-choice-interaction`. Hallmark's own fields (competency, cognitive level,
rationale, references, enemies, author, status) travel in the manifest, in each resource's
metadata: the competency also as a LOM classification (purpose "competency"), which other
tools understand, and everything in a `hallmark:item` element of Hallmark's namespace.

Reading works on the structure with lxml (no network, no entities, no DTDs), never by
executing anything in the package.
"""

import copy
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace

from lxml import etree, html

from hallmark.itembank import markup
from hallmark.itembank.content import IDENTIFIER, Content, Problem
from hallmark.itembank.data import MAX_OPTIONS, MIN_OPTIONS, OPTION_LABELS, SELECT_ALL, ItemKind
from hallmark.itembank.interchange import qti_media
from hallmark.itembank.interchange.records import Context, Parsed, Record, SetRecord

QTI3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
QTI3_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP3 = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/LOM"
QTI_MD3 = "http://www.imsglobal.org/xsd/imsqti_metadata_v3p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
HALLMARK = "urn:x-hallmark:itembank:1"
MATHML = "http://www.w3.org/1998/Math/MathML"
RP_TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"

# Attributes other QTI players read (catalogs, ARIA roles of their own layout): a Hallmark stem
# has none of them, so they are left behind rather than reported.
UNSHOWN_ATTRIBUTES = ("data-", "aria-", "role")

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


@dataclass(frozen=True)
class Dialect:
    """Element and attribute names of one QTI version."""

    item: str
    response_declaration: str
    correct_response: str
    value: str
    mapping: str
    map_entry: str
    map_key: str
    mapped_value: str
    item_body: str
    choice_interaction: str
    response_identifier: str
    max_choices: str
    prompt: str
    simple_choice: str


QTI_3 = Dialect(
    "qti-assessment-item",
    "qti-response-declaration",
    "qti-correct-response",
    "qti-value",
    "qti-mapping",
    "qti-map-entry",
    "map-key",
    "mapped-value",
    "qti-item-body",
    "qti-choice-interaction",
    "response-identifier",
    "max-choices",
    "qti-prompt",
    "qti-simple-choice",
)
QTI_2 = Dialect(
    "assessmentItem",
    "responseDeclaration",
    "correctResponse",
    "value",
    "mapping",
    "mapEntry",
    "mapKey",
    "mappedValue",
    "itemBody",
    "choiceInteraction",
    "responseIdentifier",
    "maxChoices",
    "prompt",
    "simpleChoice",
)
DIALECTS = {QTI_3.item: QTI_3, QTI_2.item: QTI_2}
INTERACTION_NAMES = {
    # every QTI interaction (both spellings), so that a non-choice item is named, not missed
    *(f"qti-{n}-interaction" for n in (
        "associate", "choice", "custom", "drawing", "end-attempt", "extended-text", "gap-match",
        "graphic-associate", "graphic-gap-match", "graphic-order", "hot-text", "hotspot",
        "inline-choice", "match", "media", "order", "portable-custom", "position-object",
        "select-point", "slider", "text-entry", "upload", "hottext",
    )),
    *(f"{n}Interaction" for n in (
        "associate", "choice", "custom", "drawing", "endAttempt", "extendedText", "gapMatch",
        "graphicAssociate", "graphicGapMatch", "graphicOrder", "hottext", "hotspot",
        "inlineChoice", "match", "media", "order", "positionObject", "selectPoint", "slider",
        "textEntry", "upload",
    )),
}  # fmt: skip


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )


def _parse(data: bytes, where: str) -> tuple[etree._Element | None, list[Problem]]:
    """Parse XML safely; a syntax error or an entity reference is a problem, not an exception."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        return None, [Problem(where, "markup", f"not well-formed XML ({error})")]
    entities = sorted({f"&{e.name};" for e in root.iter(etree.Entity)})
    if entities:
        reason = f"entity references are not allowed ({', '.join(entities[:5])})"
        return None, [Problem(where, "markup", reason)]
    return root, []


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local(child) == name)


def _first(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    return next((e for e in element.iter() if _local(e) == name), None)


def _all(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [e for e in element.iter() if _local(e) == name]


def _text(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


# --- writing -------------------------------------------------------------------------------


def _q(tag: str) -> str:
    return f"{{{QTI3}}}{tag}"


def _copy_html(source: etree._Element, parent: etree._Element) -> None:
    """Copy sanitized HTML into the QTI namespace (QTI's item body uses the same tag names);
    formulas into MathML's."""
    in_math = source.tag in markup.MATH_TAGS and etree.QName(parent).namespace != QTI3
    is_math = source.tag == "math" or in_math
    tag = f"{{{MATHML}}}{source.tag}" if is_math else _q(source.tag)
    element = etree.SubElement(parent, tag)
    for name, value in source.attrib.items():
        element.set(name, value)
    element.text = source.text
    for child in source:
        if isinstance(child.tag, str):
            _copy_html(child, element)
    element.tail = source.tail


def _stem_into(stem: str, body: etree._Element, image_path: str) -> None:
    wrapper = etree.SubElement(body, _q("div"), {"class": "stem"})
    if not stem:
        return
    fragment = html.fragment_fromstring(stem, create_parent="div")
    wrapper.text = fragment.text
    for child in fragment:
        if isinstance(child.tag, str):
            _copy_html(child, wrapper)
    for element in wrapper.iter(_q("img"), _q("audio"), _q("video")):
        name = element.get("src", "")
        element.set("src", posixpath.join(image_path, name))
        if element.tag == _q("video"):
            etree.SubElement(
                element,
                _q("track"),
                kind="captions",
                src=posixpath.join(image_path, captions_name(name)),
                srclang="en",
            )


def captions_name(video: str) -> str:
    """The file a video's WebVTT captions travel in, next to it."""
    return f"{video}.vtt"


def _option_into(choice: etree._Element, text: str) -> None:
    """An option's text, its formulas as MathML elements."""
    runs = list(markup.MATH_RUN.finditer(text))
    choice.text = text[: runs[0].start()] if runs else text
    for index, run in enumerate(runs):
        fragment = html.fragment_fromstring(run.group(), create_parent="div")
        for math in fragment:
            _copy_html(math, choice)
        after = runs[index + 1].start() if index + 1 < len(runs) else len(text)
        choice[-1].tail = text[run.end() : after]


def item_xml(record: Record, image_path: str) -> bytes:
    content = record.content
    labels = OPTION_LABELS[: len(content.options)]
    root = etree.Element(
        _q("qti-assessment-item"),
        nsmap={None: QTI3, "xsi": XSI, "m": MATHML},
        attrib={
            f"{{{XSI}}}schemaLocation": f"{QTI3} {QTI3_SCHEMA}",
            "identifier": record.identifier,
            "title": record.identifier,
            "adaptive": "false",
            "time-dependent": "false",
            "{http://www.w3.org/XML/1998/namespace}lang": "en",
        },
    )
    multiple = content.kind == ItemKind.MULTIPLE
    declaration = etree.SubElement(
        root,
        _q("qti-response-declaration"),
        identifier="RESPONSE",
        cardinality="multiple" if multiple else "single",
        **{"base-type": "identifier"},
    )
    correct = etree.SubElement(declaration, _q("qti-correct-response"))
    for key in content.keys if multiple else content.keys[:1]:
        etree.SubElement(correct, _q("qti-value")).text = key
    if len(content.keys) > 1 and not multiple:
        # After a rekey several options score: a mapping gives each of them the point.
        mapping = etree.SubElement(
            declaration,
            _q("qti-mapping"),
            **{"default-value": "0", "lower-bound": "0", "upper-bound": "1"},
        )
        for key in content.keys:
            etree.SubElement(mapping, _q("qti-map-entry"), **{"map-key": key, "mapped-value": "1"})
    outcome = etree.SubElement(
        root,
        _q("qti-outcome-declaration"),
        identifier="SCORE",
        cardinality="single",
        **{"base-type": "float"},
    )
    default = etree.SubElement(outcome, _q("qti-default-value"))
    etree.SubElement(default, _q("qti-value")).text = "0"
    if record.item_set:
        etree.SubElement(
            root,
            _q("qti-assessment-stimulus-ref"),
            identifier=record.item_set,
            href=f"../{stimulus_path(record.item_set)}",
        )
    body = etree.SubElement(root, _q("qti-item-body"))
    _stem_into(content.stem, body, image_path)
    interaction = etree.SubElement(
        body,
        _q("qti-choice-interaction"),
        **{
            "response-identifier": "RESPONSE",
            "shuffle": "false",
            "max-choices": str(content.select) if multiple else "1",
        },
    )
    for label, text in zip(labels, content.options, strict=True):
        _option_into(etree.SubElement(interaction, _q("qti-simple-choice"), identifier=label), text)
    mapped = len(content.keys) > 1 and not multiple
    template = "map_response.xml" if mapped else "match_correct.xml"
    etree.SubElement(root, _q("qti-response-processing"), template=RP_TEMPLATES + template)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=False)


def stimulus_path(identifier: str) -> str:
    return f"stimuli/{identifier}.xml"


def stimulus_xml(item_set: SetRecord) -> bytes:
    """A case set as a `qti-assessment-stimulus`: its title and its stimulus."""
    root = etree.Element(
        _q("qti-assessment-stimulus"),
        nsmap={None: QTI3},
        identifier=item_set.identifier,
        title=item_set.title,
    )
    body = etree.SubElement(root, _q("qti-stimulus-body"))
    _stem_into(item_set.stimulus, body, "")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _lom_competency(parent: etree._Element, record: Record, context: Context) -> None:
    def lom(element: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        child = etree.SubElement(element, f"{{{LOM}}}{tag}")
        if text is not None:
            child.text = text
        return child

    def lang_string(element: etree._Element, tag: str, text: str) -> None:
        string = lom(lom(element, tag), "string", text)
        string.set("{http://www.w3.org/XML/1998/namespace}lang", "en")

    root = lom(parent, "lom")
    general = lom(root, "general")
    identifier = lom(general, "identifier")
    lom(identifier, "entry", record.identifier)
    lang_string(general, "title", record.identifier)
    classification = lom(root, "classification")
    purpose = lom(classification, "purpose")
    lom(purpose, "source", "LOMv1.0")
    lom(purpose, "value", "competency")
    path = lom(classification, "taxonPath")
    source = context.outline_title or f"{context.program} content outline"
    if context.outline_version:
        source += f" v{context.outline_version}"
    lang_string(path, "source", source)
    taxon = lom(path, "taxon")
    lom(taxon, "id", record.content.competency)
    statement = context.competency_statements.get(record.content.competency)
    if statement:
        lang_string(taxon, "entry", statement)


def _hallmark_metadata(parent: etree._Element, record: Record, context: Context) -> None:
    def field(tag: str, text: str) -> None:
        etree.SubElement(item, f"{{{HALLMARK}}}{tag}").text = text

    item = etree.SubElement(parent, f"{{{HALLMARK}}}item", nsmap={"hallmark": HALLMARK})
    field("program", context.program)
    if context.outline_version:
        field("outline-version", str(context.outline_version))
    field("competency", record.content.competency)
    field("cognitive-level", record.content.cognitive_level)
    if record.status:
        field("status", record.status)
    if record.author:
        field("author", record.author)
    if record.version:
        field("version", str(record.version))
    field("synthetic", "true" if record.is_synthetic else "false")
    field("rationale", record.content.rationale)
    for reference in record.content.references:
        field("reference", reference)
    for enemy in record.enemies:
        field("enemy", enemy)
    for name, transcript in sorted(record.transcripts.items()):
        etree.SubElement(item, f"{{{HALLMARK}}}transcript", media=name).text = transcript


def write(records: list[Record], context: Context) -> bytes:
    """A QTI 3.0 content package with every record."""
    manifest = etree.Element(
        f"{{{CP3}}}manifest",
        nsmap={None: CP3, "imsmd": LOM, "imsqti": QTI_MD3, "xsi": XSI, "hallmark": HALLMARK},
        identifier=f"MANIFEST-{context.program}",
    )
    metadata = etree.SubElement(manifest, f"{{{CP3}}}metadata")
    etree.SubElement(metadata, f"{{{CP3}}}schema").text = "QTI Package"
    etree.SubElement(metadata, f"{{{CP3}}}schemaversion").text = "3.0.0"
    etree.SubElement(manifest, f"{{{CP3}}}organizations")
    resources = etree.SubElement(manifest, f"{{{CP3}}}resources")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for record in records:
            href = f"items/{record.identifier}.xml"
            image_dir = f"images/{record.identifier}"
            resource = etree.SubElement(
                resources,
                f"{{{CP3}}}resource",
                identifier=record.identifier,
                type="imsqti_item_xmlv3p0",
                href=href,
            )
            resource_metadata = etree.SubElement(resource, f"{{{CP3}}}metadata")
            qti_metadata = etree.SubElement(resource_metadata, f"{{{QTI_MD3}}}qtiMetadata")
            etree.SubElement(qti_metadata, f"{{{QTI_MD3}}}timeDependent").text = "false"
            etree.SubElement(qti_metadata, f"{{{QTI_MD3}}}toolName").text = "Hallmark"
            _lom_competency(resource_metadata, record, context)
            _hallmark_metadata(resource_metadata, record, context)
            etree.SubElement(resource, f"{{{CP3}}}file", href=href)
            package.writestr(href, item_xml(record, image_dir))
            media = dict(record.images)
            media |= {captions_name(n): c.encode() for n, c in record.captions.items()}
            for name, data in sorted(media.items()):
                path = f"items/{image_dir}/{name}"
                etree.SubElement(resource, f"{{{CP3}}}file", href=path)
                package.writestr(path, data)
            if record.item_set:
                etree.SubElement(resource, f"{{{CP3}}}dependency", identifierref=record.item_set)
        for item_set in sorted(context.sets.values(), key=lambda s: s.identifier):
            path = stimulus_path(item_set.identifier)
            stimulus = etree.SubElement(
                resources,
                f"{{{CP3}}}resource",
                identifier=item_set.identifier,
                type="imsqti_stimulus_xmlv3p0",
                href=path,
            )
            etree.SubElement(stimulus, f"{{{CP3}}}file", href=path)
            package.writestr(path, stimulus_xml(item_set))
        package.writestr(
            "imsmanifest.xml",
            etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True),
        )
    return buffer.getvalue()


# --- reading -------------------------------------------------------------------------------


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
    node = next(e for i, e in enumerate(copied.iter()) if i == index)
    while node is not copied:
        parent = node.getparent()
        for later in list(node.itersiblings()):
            parent.remove(later)
        if _local(node) == _local(interaction):
            parent.remove(node)  # its tail goes with it: what follows is not the stem
        node = parent
    return copied


def _unwrapped(elements: list[etree._Element], text: str | None) -> str:
    """HTML of the elements; Hallmark's own <div class="stem"> wrapper taken off, so that what
    it wrote comes back as it was."""
    if len(elements) == 1 and _local(elements[0]) == "div" and elements[0].get("class") == "stem":
        wrapper = elements[0]
        return _content_html([c for c in wrapper if isinstance(c.tag, str)], wrapper.text)
    return _content_html(elements, text)


def _stem(body: etree._Element, interaction: etree._Element, dialect: Dialect) -> str:
    before = _before(body, interaction)
    elements = [c for c in before if isinstance(c.tag, str)]
    foreign = sorted(
        {_local(e) for e in before.iter() if _local(e).startswith("qti-")} - {_local(before)}
    )
    if foreign:
        raise _Unsupported("item body", f"<{foreign[0]}> in the item body is not supported")
    stem = _unwrapped(elements, before.text)
    prompt = next(_children(interaction, dialect.prompt), None)
    if prompt is not None and _text(prompt).strip():
        stem += _content_html([c for c in prompt if isinstance(c.tag, str)], prompt.text)
    return markup.math_core(stem.strip())


def _option(choice: etree._Element) -> str:
    """An option's text on one line, its formulas kept as MathML."""
    if any(_local(e) in {"img", "audio", "video", "object"} for e in choice.iter()):
        raise _Unsupported("options", "images and media in options are not supported")
    parts = [choice.text or ""]
    for child in choice:
        if _local(child) == "math":
            parts.append(markup.math_core(_html_of(child)))
        elif isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _declaration(root: etree._Element, dialect: Dialect, response: str) -> etree._Element | None:
    return next(
        (
            d
            for d in _children(root, dialect.response_declaration)
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
    mapping = next(_children(declaration, dialect.mapping), None)
    scored: list[str] = []
    if mapping is not None:
        for entry in _children(mapping, dialect.map_entry):
            try:
                value = float(entry.get(dialect.mapped_value, "0"))
            except ValueError:
                value = 0.0
            if value > 0:
                scored.append(entry.get(dialect.map_key, ""))
    correct = next(_children(declaration, dialect.correct_response), None)
    if correct is not None:
        keyed = [_text(v).strip() for v in _children(correct, dialect.value)]
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
    interactions = [e for e in body.iter() if _local(e) in INTERACTION_NAMES]
    if not interactions:
        raise _Unsupported("interaction", "the item has no interaction")
    kinds = ", ".join(sorted({_local(e) for e in interactions}))
    if len(interactions) > 1:
        raise _Unsupported(
            "interaction",
            f"a Hallmark item has one interaction, this one has {len(interactions)} ({kinds})",
        )
    if _local(interactions[0]) != dialect.choice_interaction:
        raise _Unsupported(
            "interaction", f"{kinds} is not supported (only choice interactions are)"
        )
    return interactions[0]


def _options(interaction: etree._Element, dialect: Dialect) -> tuple[list[str], list[str]]:
    """The options' texts and their QTI identifiers, in the file's order."""
    elements = list(_children(interaction, dialect.simple_choice))
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
    body = next(_children(root, dialect.item_body), None)
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
) -> tuple[Record | None, list[Problem], list[Problem]]:
    """One item file (QTI 3.0, 2.1 or 2.2) as a record, its problems, and why it is unsupported.

    `files` are the package's files (its media and stimuli); `stimuli` collects the shared
    stimuli the items refer to, by identifier.
    """
    root, problems = _parse(data, where)
    if root is None:
        return None, problems, []
    dialect = DIALECTS.get(_local(root))
    if dialect is None:
        return None, [Problem(where, "item", f"<{_local(root)}> is not a QTI assessment item")], []
    identifier = root.get("identifier", "")
    label = _label(identifier, where)
    try:
        content = _content(root, dialect)
        item_set = stimulus_of(root, href, files or {}, label, stimuli)
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


def _refuse_foreign_markup(stem: str) -> None:
    """Markup a Hallmark stem cannot hold (headings, figures, scripts, ...) makes the item
    unsupported: it is not Hallmark's to rewrite."""
    for kind, reason in markup.problems(stem):
        if kind == "bad markup":
            raise _Unsupported("stem", reason)


def stimulus_of(
    root: etree._Element,
    href: str,
    files: dict[str, bytes],
    label: str,
    stimuli: dict[str, SetRecord] | None,
) -> str:
    """The identifier of the shared stimulus the item refers to ("" for none), read once."""
    references = [e for e in root if _local(e) == "qti-assessment-stimulus-ref"]
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
    stimulus = read_stimulus(files[path], identifier)
    if stimuli is not None:
        stimuli[identifier] = stimulus
    return identifier


def read_stimulus(data: bytes, identifier: str) -> SetRecord:
    """A `qti-assessment-stimulus` file as a case set: its title and its body as HTML."""
    where = f"stimulus {identifier}"
    root, problems = _parse(data, where)
    if root is None:
        raise _ItemProblem("stimulus", problems[0].reason)
    if _local(root) != "qti-assessment-stimulus":
        raise _ItemProblem("stimulus", f"<{_local(root)}> is not a qti-assessment-stimulus")
    body = next(_children(root, "qti-stimulus-body"), None)
    if body is None:
        raise _ItemProblem("stimulus", f"{where} has no qti-stimulus-body")
    if any(_local(e) in {"img", "audio", "video", "object"} for e in body.iter()):
        raise _Unsupported("stimulus", f"{where} shows images or media, which a case set cannot")
    stimulus = markup.math_core(
        _unwrapped([c for c in body if isinstance(c.tag, str)], body.text).strip()
    )
    _refuse_foreign_markup(stimulus)
    title = " ".join((root.get("title") or identifier).split())[:200]
    return SetRecord(identifier=identifier, title=title, stimulus=stimulus)


def _metadata(resource: etree._Element) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    block = next((e for e in resource.iter(f"{{{HALLMARK}}}item")), None)
    if block is not None:
        for child in block:
            if isinstance(child.tag, str):
                values.setdefault(etree.QName(child).localname, []).append(child.text or "")
    if "competency" not in values:
        for classification in _all(resource, "classification"):
            purpose = _first(classification, "value")
            taxon_id = _first(classification, "id")
            is_competency = purpose is not None and _text(purpose).strip().lower() == "competency"
            if is_competency and taxon_id is not None:
                values["competency"] = [_text(taxon_id).strip()]
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
    for name, data in record.images.items():
        kind = qti_media.media_type(data) or ""
        if kind.startswith("audio/") and not record.transcripts.get(name, "").strip():
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
    manifest, problems = _parse(manifest_data, "imsmanifest.xml")
    if manifest is None:
        parsed.problems.extend(problems)
        return parsed
    resources = [
        r
        for r in _all(manifest, "resource")
        if (r.get("type") or "").startswith(("imsqti_item_xmlv3p0", "imsqti_item_xmlv2p"))
    ]
    if not resources:
        parsed.problems.append(Problem("imsmanifest.xml", "resources", "no QTI items listed"))
    for resource in resources:
        href = resource.get("href") or next(
            (f.get("href", "") for f in _children(resource, "file")), ""
        )
        path = posixpath.normpath(href)
        where = f"item {resource.get('identifier') or href}"
        if path not in files:
            parsed.problems.append(Problem(where, "file", f"{href} is not in the package"))
            continue
        record, problems, unsupported = read_item(files[path], where, files, path, parsed.sets)
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
