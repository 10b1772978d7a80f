"""CSV → bank → QTI → bank keeps every field, the key and the competency tag; so do CSV and QTI."""

import csv
import io
import zipfile

import pytest

from hallmark.itembank import services, transfer
from hallmark.itembank.interchange import qti
from hallmark.itembank.interchange.csv_format import COLUMNS
from hallmark.itembank.models import Item

from factories import ProgramFactory, published_outline

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))


def rich_csv(cast) -> bytes:
    rows = [
        {
            "identifier": "RT-1",
            "competency": "2.3",
            "cognitive_level": "analysis",
            "stem": "<p>Which <em>two</em> rules &amp; limits apply?</p>"
            '<table><caption>Hours</caption><tr><th scope="col">Week</th></tr>'
            "<tr><td>12 &lt; 20</td></tr></table><ul><li>one</li></ul>",
            "option_a": "First, with “quotes” and a comma, here",
            "option_b": "Second",
            "option_c": "Third",
            "option_d": "Fourth",
            "option_e": "Fifth",
            "option_f": "Sixth",
            "key": "B;E",
            "rationale": "Line one of the rationale.\nLine two: E is also right after the rekey.",
            "references": "Americans with Disabilities Act of 1990, Title I\n"
            "Social Security Administration, The Red Book: A Guide to Work Incentives",
            "enemies": "RT-2",
            "author": cast.writer.email,
            "status": "operational",
            "synthetic": "",
        },
        {
            "identifier": "RT-2",
            "competency": "1.1",
            "cognitive_level": "recall",
            "stem": "Plain text stem without tags?",
            "option_a": "Yes",
            "option_b": "No",
            "key": "A",
            "rationale": "",
            "references": "",
            "enemies": "RT-1",
            "author": cast.reviewer.email,
            "status": "draft",
            "synthetic": "yes",
        },
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def second_program():
    other = ProgramFactory(designation="TWO")
    published_outline(other, weights=(40, 60), competencies_per_domain=3)
    return other


def fields(program) -> list[tuple]:
    records = transfer.records_of(Item.objects.filter(program=program).order_by("identifier"))
    return [
        (r.identifier, r.content, r.enemies, r.author, r.status, r.is_synthetic, r.images)
        for r in records
    ]


def test_csv_to_bank_to_qti_to_bank_keeps_every_field(program, cast) -> None:
    transfer.import_items(program, rich_csv(cast), "csv", cast.manager, keep_status=True)
    before = fields(program)
    first = before[0]
    assert first[1].keys == ("B", "E") and first[1].competency == "2.3"
    assert len(first[1].options) == 6 and first[1].references[1].startswith("Social Security")
    assert first[4] == "operational" and before[1][5] is True

    package, count = transfer.export_items(program, "qti", cast.manager)
    assert count == 2
    other = second_program()
    transfer.import_items(other, package, "qti", cast.manager, keep_status=True)
    assert fields(other) == before
    tagged = Item.objects.get(program=other, identifier="RT-1").current_version.competency
    assert (tagged.code, tagged.domain.outline.program) == ("2.3", other)


def test_bank_to_csv_to_bank_keeps_every_field(program, cast) -> None:
    transfer.import_items(program, rich_csv(cast), "csv", cast.manager, keep_status=True)
    data, _ = transfer.export_items(program, "csv", cast.manager)
    other = second_program()
    transfer.import_items(other, data, "csv", cast.manager, keep_status=True)
    assert fields(other) == fields(program)


def test_images_travel_in_qti_packages(program, cast, new_content) -> None:
    item = services.create_item(program, new_content(), cast.writer)
    services.attach_image(item, "hours-chart.png", PNG, "Bar chart: 12 hours a week", cast.writer)
    package, _ = transfer.export_items(program, "qti", cast.manager)
    names = zipfile.ZipFile(io.BytesIO(package)).namelist()
    assert "items/images/TST-00001/hours-chart.png" in names and "imsmanifest.xml" in names
    other = second_program()
    transfer.import_items(other, package, "qti", cast.manager)
    assert fields(other) == fields(program)
    copy = Item.objects.get(program=other)
    assert bytes(copy.media.get().data) == PNG
    assert 'alt="Bar chart: 12 hours a week"' in copy.current_version.stem


def test_the_package_is_qti_3_with_the_competency_in_its_metadata(program, cast) -> None:
    transfer.import_items(program, rich_csv(cast), "csv", cast.manager, keep_status=True)
    package, _ = transfer.export_items(program, "qti", cast.manager)
    files = zipfile.ZipFile(io.BytesIO(package))
    item = files.read("items/RT-1.xml").decode()
    assert '<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"' in item
    assert '<qti-choice-interaction response-identifier="RESPONSE"' in item
    assert '<qti-map-entry map-key="E" mapped-value="1"/>' in item
    manifest = files.read("imsmanifest.xml").decode()
    assert 'type="imsqti_item_xmlv3p0"' in manifest
    assert "<imsmd:value>competency</imsmd:value>" in manifest
    assert "<hallmark:competency>2.3</hallmark:competency>" in manifest


QTI_21 = b"""<?xml version="1.0" encoding="UTF-8"?>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="choice21"
    title="Accommodation" adaptive="false" timeDependent="false">
  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
    <correctResponse><value>ChoiceB</value></correctResponse>
  </responseDeclaration>
  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
  <itemBody>
    <p class="lead">An employee who is deaf asks for an interpreter at staff meetings.</p>
    <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">
      <prompt>What is this request?</prompt>
      <simpleChoice identifier="ChoiceA">An undue hardship by definition</simpleChoice>
      <simpleChoice identifier="ChoiceB">A request for a reasonable accommodation</simpleChoice>
      <simpleChoice identifier="ChoiceC">A disclosure the employer must ignore</simpleChoice>
    </choiceInteraction>
  </itemBody>
  <responseProcessing
    template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
</assessmentItem>"""

MANIFEST_22 = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" identifier="M1">
  <organizations/>
  <resources>
    <resource identifier="choice22" type="imsqti_item_xmlv2p2" href="q/choice22.xml">
      <metadata><imsmd:lom><imsmd:classification>
        <imsmd:purpose><imsmd:source>LOMv1.0</imsmd:source><imsmd:value>competency</imsmd:value></imsmd:purpose>
        <imsmd:taxonPath><imsmd:taxon><imsmd:id>2.1</imsmd:id></imsmd:taxon></imsmd:taxonPath>
      </imsmd:classification></imsmd:lom></metadata>
      <file href="q/choice22.xml"/>
    </resource>
  </resources>
</manifest>"""


def package(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def test_it_reads_qti_2_1_and_2_2_choice_items() -> None:
    parsed = qti.read(QTI_21)
    assert parsed.problems == []
    record = parsed.records[0]
    assert record.identifier == "choice21"
    assert record.content.keys == ("B",)
    assert record.content.options[1] == "A request for a reasonable accommodation"
    assert "interpreter" in record.content.stem and "What is this request?" in record.content.stem

    item_22 = QTI_21.replace(b"imsqti_v2p1", b"imsqti_v2p2").replace(b"choice21", b"choice22")
    parsed = qti.read(package({"imsmanifest.xml": MANIFEST_22, "q/choice22.xml": item_22}))
    assert parsed.problems == []
    assert parsed.records[0].content.competency == "2.1"  # from the LOM classification


def test_a_foreign_item_without_a_level_imports_with_its_competency(program, cast) -> None:
    data = package({"imsmanifest.xml": MANIFEST_22, "q/choice22.xml": QTI_21})
    assert qti.read(data).records[0].content.cognitive_level == ""
    [item] = transfer.import_items(program, data, "qti", cast.writer)
    version = item.current_version
    assert version.cognitive_level == "" and version.competency.code == "2.1"
    assert item.source_identifier == "choice21" and item.status == "draft"


def test_non_choice_items_are_named_not_missed() -> None:
    text_entry = QTI_21.replace(b"choiceInteraction", b"textEntryInteraction")
    parsed = qti.read(text_entry)
    assert parsed.records == [] and parsed.problems == []
    assert [str(p) for p in parsed.unsupported] == [
        "item choice21: interaction: textEntryInteraction is not supported "
        "(only choice interactions are)"
    ]


def test_a_bad_package_names_each_item_and_imports_nothing(program, cast, new_content) -> None:
    item = services.create_item(program, new_content(), cast.writer)
    services.attach_image(item, "chart.png", PNG, "Weekly hours", cast.writer)
    package_bytes, _ = transfer.export_items(program, "qti", cast.manager)
    files = zipfile.ZipFile(io.BytesIO(package_bytes))
    contents = {name: files.read(name) for name in files.namelist()}
    xml = contents["items/TST-00001.xml"]
    xml = xml.replace(b' alt="Weekly hours"', b"")  # image without alt text
    xml = xml.replace(b"<qti-value>A</qti-value>", b"<qti-value>Z</qti-value>")  # a wrong key
    contents["items/TST-00001.xml"] = xml
    other = second_program()
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_items(other, package(contents), "qti", cast.manager)
    assert [str(p) for p in refused.value.problems] == [
        'item TST-00001: stem: image without alt text: describe every image in its alt="..."',
        "item TST-00001: key: key Z is not among the options (A to D)",
    ]
    assert not Item.objects.filter(program=other).exists()
