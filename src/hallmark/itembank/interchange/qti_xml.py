"""QTI's XML: its namespaces, the element names of each version, and reading it safely.

Reading works on the structure with lxml (no network, no entities, no DTDs), never by
executing anything in a file.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from hallmark.itembank.content import Problem

QTI3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
QTI3_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
CP3 = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
LOM = "http://ltsc.ieee.org/xsd/LOM"
QTI_MD3 = "http://www.imsglobal.org/xsd/imsqti_metadata_v3p0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
HALLMARK = "urn:x-hallmark:itembank:1"
MATHML = "http://www.w3.org/1998/Math/MathML"
RP_TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"


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


def parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )


def parse(data: bytes, where: str) -> tuple[etree._Element | None, list[Problem]]:
    """Parse XML safely; a syntax error or an entity reference is a problem, not an exception."""
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as error:
        return None, [Problem(where, "markup", f"not well-formed XML ({error})")]
    entities = sorted({f"&{e.name};" for e in root.iter(etree.Entity)})
    if entities:
        reason = f"entity references are not allowed ({', '.join(entities[:5])})"
        return None, [Problem(where, "markup", reason)]
    return root, []


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if local(child) == name)


def first(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    return next((e for e in element.iter() if local(e) == name), None)


def named(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [e for e in element.iter() if local(e) == name]


def text_of(element: etree._Element | None) -> str:
    return "" if element is None else "".join(element.itertext())
