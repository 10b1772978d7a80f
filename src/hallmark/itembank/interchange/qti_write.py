"""Writing QTI 3.0 content packages: one item file per item, one stimulus file per case set.

Hallmark's own fields (competency, cognitive level, rationale, references, enemies, author,
status, audio transcripts) travel in the manifest, in each resource's metadata: the competency
also as a LOM classification (purpose "competency"), which other tools understand, and
everything in a `hallmark:item` element of Hallmark's namespace.
"""

import io
import posixpath
import zipfile

from lxml import etree, html

from hallmark.itembank import markup
from hallmark.itembank.data import OPTION_LABELS, ItemKind
from hallmark.itembank.interchange.qti_xml import (
    CP3,
    HALLMARK,
    LOM,
    MATHML,
    QTI3,
    QTI3_SCHEMA,
    QTI_MD3,
    RP_TEMPLATES,
    XSI,
)
from hallmark.itembank.interchange.records import Context, Record, SetRecord


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


def stimulus_xml(item_set: SetRecord, image_path: str = "") -> bytes:
    """A case set as a `qti-assessment-stimulus`: its title and its stimulus, its files named
    from `image_path` (relative to the stimulus file)."""
    root = etree.Element(
        _q("qti-assessment-stimulus"),
        nsmap={None: QTI3},
        identifier=item_set.identifier,
        title=item_set.title,
    )
    body = etree.SubElement(root, _q("qti-stimulus-body"))
    _stem_into(item_set.stimulus, body, image_path)
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


def _files_into(
    package: zipfile.ZipFile,
    resource: etree._Element,
    folder: str,
    files: dict[str, bytes],
    captions: dict[str, str],
) -> None:
    """A resource's media (and its videos' captions) into the package, listed as its files."""
    every = dict(files) | {captions_name(n): c.encode() for n, c in captions.items()}
    for name, data in sorted(every.items()):
        path = f"{folder}/{name}"
        etree.SubElement(resource, f"{{{CP3}}}file", href=path)
        package.writestr(path, data)


def _stimulus_into(
    package: zipfile.ZipFile, resources: etree._Element, item_set: SetRecord
) -> None:
    """A case set as a stimulus resource, with its files and its audio's transcripts."""
    path = stimulus_path(item_set.identifier)
    image_dir = f"images/{item_set.identifier}"
    stimulus = etree.SubElement(
        resources,
        f"{{{CP3}}}resource",
        identifier=item_set.identifier,
        type="imsqti_stimulus_xmlv3p0",
        href=path,
    )
    if item_set.transcripts:
        block = etree.SubElement(
            etree.SubElement(stimulus, f"{{{CP3}}}metadata"), f"{{{HALLMARK}}}stimulus"
        )
        for name, transcript in sorted(item_set.transcripts.items()):
            etree.SubElement(block, f"{{{HALLMARK}}}transcript", media=name).text = transcript
    etree.SubElement(stimulus, f"{{{CP3}}}file", href=path)
    package.writestr(path, stimulus_xml(item_set, image_dir))
    folder = posixpath.join(posixpath.dirname(path), image_dir)
    _files_into(package, stimulus, folder, item_set.files, item_set.captions)


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
            _files_into(package, resource, f"items/{image_dir}", record.images, record.captions)
            if record.item_set:
                etree.SubElement(resource, f"{{{CP3}}}dependency", identifierref=record.item_set)
        for item_set in sorted(context.sets.values(), key=lambda s: s.identifier):
            _stimulus_into(package, resources, item_set)
        package.writestr(
            "imsmanifest.xml",
            etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True),
        )
    return buffer.getvalue()
