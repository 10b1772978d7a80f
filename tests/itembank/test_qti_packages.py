"""Packages from other banks: every choice item imports, the rest is refused or skipped."""

import io
import zipfile

import pytest

from hallmark.itembank import transfer
from hallmark.itembank.data import SELECT_ALL
from hallmark.itembank.interchange import qti
from hallmark.itembank.models import Item, ItemSet
from itembank.qti_packages import MP3, MP4, VTT, choices, item, package, without
from itembank.test_round_trip import second_program

pytestmark = pytest.mark.django_db

TEXT_ENTRY_SKIPPED = (
    "item hours-2: interaction: qti-text-entry-interaction is not supported "
    "(only choice interactions are)"
)


def test_the_reader_takes_each_kind_of_choice_and_the_shared_stimulus() -> None:
    parsed = qti.read(package())
    assert parsed.problems == []
    assert [str(p) for p in parsed.unsupported] == [TEXT_ENTRY_SKIPPED]
    records = {r.identifier: r for r in parsed.records}
    single = records["accommodation-1"].content
    assert (single.kind, single.select, single.keys) == ("single", 1, ("A",))
    assert records["accommodation-1"].images.keys() == {"sign.png"}
    every = records["supports-1"].content
    assert (every.kind, every.select, every.keys) == ("multiple", SELECT_ALL, ("A", "C"))
    assert "natural supports" in every.stem
    two = records["supports-2"].content
    assert (two.kind, two.select, two.keys) == ("multiple", 2, ("A", "C"))
    assert records["sam-1"].item_set == records["sam-2"].item_set == "case-sam"
    assert parsed.sets["case-sam"].title == "Sam's job search"
    assert "never had a paid job" in parsed.sets["case-sam"].stimulus
    assert records["sam-2"].source_identifier == "sam-2"


def test_mathml_is_kept_as_mathml_core_and_a_script_inside_it_is_removed() -> None:
    [record] = [r for r in qti.read(package()).records if r.identifier == "hours-1"]
    stem = record.content.stem
    assert "<math><mfrac><mn>3</mn><mn>4</mn></mfrac><mi>x</mi></math>" in stem
    assert "script" not in stem and "alert" not in stem and "maction" not in stem
    assert record.content.options[0] == "<math><mn>30</mn></math> hours"


def test_without_the_flag_one_unsupported_item_refuses_the_package(program, cast) -> None:
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.import_items(program, package(), "qti", cast.writer)
    assert [str(p) for p in refused.value.problems] == [TEXT_ENTRY_SKIPPED]
    assert not Item.objects.filter(program=program).exists()
    assert not ItemSet.objects.filter(program=program).exists()


def test_with_the_flag_the_supported_items_import_unclassified(program, cast) -> None:
    items = transfer.import_items(program, package(), "qti", cast.writer, skip_unsupported=True)
    assert [str(p) for p in items.skipped] == [TEXT_ENTRY_SKIPPED]
    made = {i.source_identifier: i for i in Item.objects.filter(program=program)}
    assert sorted(made) == [
        "accommodation-1", "hours-1", "sam-1", "sam-2", "supports-1", "supports-2"
    ]  # fmt: skip
    for one in made.values():
        version = one.current_version
        assert version.competency is None and version.cognitive_level == ""
        assert one.status == "draft"
    case = made["sam-1"].item_set
    assert case == made["sam-2"].item_set and case.source_identifier == "case-sam"
    assert case.identifier == "case-sam" and "never had a paid job" in case.stimulus
    assert made["supports-2"].current_version.select == 2
    assert made["supports-1"].current_version.keys == ["A", "C"]
    assert made["accommodation-1"].media.get().name == "sign.png"
    assert "<math>" in made["hours-1"].current_version.stem


def test_a_second_package_reuses_the_case_set_it_came_from(program, cast) -> None:
    first = without("items/sam-2.xml")
    transfer.import_items(program, package(first), "qti", cast.writer, skip_unsupported=True)
    transfer.import_items(
        program, package({p: d for p, d in without("items/sam-1.xml").items() if "sam" in p}),
        "qti", cast.writer,
    )  # fmt: skip
    assert ItemSet.objects.filter(program=program).count() == 1
    assert ItemSet.objects.get(program=program).items.count() == 2


def test_an_item_from_another_bank_with_an_unusable_identifier_gets_a_new_one(
    program, cast
) -> None:
    files = {
        "items/accommodation-1.xml": without()["items/accommodation-1.xml"].replace(
            b'identifier="accommodation-1"', b'identifier="-TX_G06SAMP_001"'
        ),
        "items/images/sign.png": without()["items/images/sign.png"],
    }
    [item] = transfer.import_items(program, package(files), "qti", cast.writer)
    assert item.identifier == "TST-00001" and item.source_identifier == "-TX_G06SAMP_001"


def shape(program) -> list[tuple]:
    """What must survive a round trip: content (kind, select, keys), set, media."""
    return [
        (r.identifier, r.content, r.item_set, r.images, r.transcripts, r.captions)
        for r in transfer.records_of(Item.objects.filter(program=program).order_by("identifier"))
    ]


def test_export_then_import_keeps_kind_select_set_and_media(program, cast) -> None:
    transfer.import_items(program, package(), "qti", cast.writer, skip_unsupported=True)
    exported, count = transfer.export_items(program, "qti", cast.manager)
    assert count == 6
    files = zipfile.ZipFile(io.BytesIO(exported))
    supports = files.read("items/supports-2.xml").decode()
    assert 'cardinality="multiple"' in supports and 'max-choices="2"' in supports
    assert "<qti-value>A</qti-value><qti-value>C</qti-value>" in supports
    assert 'max-choices="0"' in files.read("items/supports-1.xml").decode()
    assert (
        '<qti-assessment-stimulus-ref identifier="case-sam" href="../stimuli/case-sam.xml"/>'
        in (files.read("items/sam-1.xml").decode())
    )
    assert "never had a paid job" in files.read("stimuli/case-sam.xml").decode()
    manifest = files.read("imsmanifest.xml").decode()
    assert 'type="imsqti_stimulus_xmlv3p0"' in manifest
    assert '<dependency identifierref="case-sam"/>' in manifest
    assert "<m:mfrac>" in files.read("items/hours-1.xml").decode()
    other = second_program()
    transfer.import_items(other, exported, "qti", cast.manager)
    assert shape(other) == shape(program)
    assert ItemSet.objects.get(program=other).source_identifier == "case-sam"


def test_audio_needs_its_transcript_and_video_its_captions() -> None:
    audio = item(
        "talk-1", '<p>Listen.</p><audio src="media/talk.mp3"/>' + choices(1, "Yes", "No"), ("C1",)
    )
    video = item(
        "clip-1",
        '<p>Watch.</p><video><source src="media/clip.mp4" type="video/mp4"/>'
        '<track kind="captions" src="media/clip.vtt"/></video>' + choices(1, "Yes", "No"),
        ("C2",),
    )
    files = {
        "items/talk-1.xml": audio,
        "items/clip-1.xml": video,
        "items/media/talk.mp3": MP3,
        "items/media/clip.mp4": MP4,
        "items/media/clip.vtt": VTT,
    }
    parsed = qti.read(package(files))
    assert [str(p) for p in parsed.unsupported] == [
        'item talk-1: media: audio "talk.mp3" has no transcript'
    ]
    [clip] = parsed.records
    assert clip.content.stem == '<p>Watch.</p><video src="clip.mp4"></video>'
    assert clip.images == {"clip.mp4": MP4} and clip.captions == {"clip.mp4": VTT.decode()}
    files["items/media/talk.vtt"] = VTT
    files["items/talk-1.xml"] = item(
        "talk-1",
        '<p>Listen.</p><audio src="media/talk.mp3"><track src="media/talk.vtt"/></audio>'
        + choices(1, "Yes", "No"),
        ("C1",),
    )
    del files["items/clip-1.xml"]
    [talk] = qti.read(package(files)).records
    assert talk.transcripts == {"talk.mp3": "The job coach greets Sam."}
