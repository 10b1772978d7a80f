"""A case set's own files: attached with their text alternatives while no item of the set is
approved, shown in the stimulus on staff pages, and carried by QTI packages in and out."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallmark.itembank import services, transfer
from hallmark.itembank.data import ItemEventKind, ItemStatus
from hallmark.itembank.interchange import qti
from hallmark.itembank.models import Item, ItemSet, ItemSetMedia
from itembank.qti_packages import CASE_1, CASE_2, MP3, PNG, QTI, VTT, package
from itembank.test_round_trip import second_program

pytestmark = pytest.mark.django_db

HOURS = "Bar chart: 6 hours a week in January, 15 in April"


@pytest.fixture
def dana(program, cast) -> ItemSet:
    return services.create_item_set(
        program, "CASE-DANA", "Dana's week", "<p>Dana wants mornings.</p>", cast.writer
    )


def test_a_file_is_shown_at_the_end_of_the_stimulus_with_its_alternative(
    cast, make_item, dana
) -> None:
    draft = make_item()
    services.place_in_set(draft, dana, cast.writer)
    services.attach_set_media(dana, "hours.png", PNG, cast.writer, alt=f"  {HOURS} ")
    services.attach_set_media(
        dana, "call.mp3", MP3, cast.writer, transcript="Dana asks about mornings."
    )
    stimulus = ItemSet.objects.get(pk=dana.pk).stimulus
    assert stimulus == (
        f'<p>Dana wants mornings.</p><p><img src="hours.png" alt="{HOURS}"></p>'
        '<p><audio src="call.mp3"></audio></p>'
    )
    files = {m.name: m for m in ItemSetMedia.objects.filter(item_set=dana)}
    assert files["hours.png"].content_type == "image/png"
    assert files["call.mp3"].transcript == "Dana asks about mornings."
    comments = draft.events.filter(kind=ItemEventKind.SET).values_list("comment", flat=True)
    assert "Image hours.png attached to CASE-DANA" in comments


def test_a_file_without_its_alternative_is_refused_and_changes_nothing(cast, dana) -> None:
    with pytest.raises(ValidationError) as refused:
        services.attach_set_media(dana, "hours.png", PNG, cast.writer)
    assert list(refused.value.message_dict) == ["alt"]
    with pytest.raises(ValidationError) as refused:
        services.attach_set_media(dana, "call.mp3", MP3, cast.writer)
    assert list(refused.value.message_dict) == ["transcript"]
    with pytest.raises(ValidationError) as refused:
        services.attach_set_media(dana, "notes.txt", b"plain words", cast.writer)
    assert "is not an image" in refused.value.message_dict["file"][0]
    assert not ItemSetMedia.objects.exists()
    assert ItemSet.objects.get(pk=dana.pk).stimulus == "<p>Dana wants mornings.</p>"


def test_files_are_fixed_once_an_item_of_the_set_is_approved(cast, make_item, dana) -> None:
    approved = make_item(ItemStatus.APPROVED)
    Item.objects.filter(pk=approved.pk).update(item_set=dana)
    with pytest.raises(ValidationError, match="is approved or beyond"):
        services.attach_set_media(dana, "hours.png", PNG, cast.writer, alt=HOURS)
    assert not ItemSetMedia.objects.exists()


def test_the_stimulus_may_move_an_attached_file_but_not_name_another(cast, dana) -> None:
    services.attach_set_media(dana, "hours.png", PNG, cast.writer, alt=HOURS)
    moved = f'<p><img src="hours.png" alt="{HOURS}"></p><p>Dana wants mornings.</p>'
    services.edit_item_set(dana, "Dana's week", moved, cast.writer)
    assert ItemSet.objects.get(pk=dana.pk).stimulus == moved
    with pytest.raises(ValidationError) as refused:
        services.edit_item_set(
            dana, "Dana", '<p><img src="other.png" alt="Other"></p>', cast.writer
        )
    assert refused.value.message_dict["stimulus"] == [
        'image "other.png" is not attached to the case set: attach it from the set\'s page'
    ]


def test_readers_cannot_attach_files_to_a_set(cast, dana) -> None:
    with pytest.raises(PermissionDenied) as refused:
        services.attach_set_media(dana, "hours.png", PNG, cast.reviewer, alt=HOURS)
    assert "may not attach files to the case set CASE-DANA" in str(refused.value)
    assert not ItemSetMedia.objects.exists()


def test_the_set_pages_attach_show_and_serve_the_files(
    client, cast, program, make_item, dana
) -> None:
    client.force_login(cast.writer)
    url = reverse("itembank:set_attach_media", args=[dana.pk])
    upload = SimpleUploadedFile("Hours chart.png", PNG, content_type="image/png")
    response = client.post(url, {"file": upload, "alt": HOURS})
    assert response["Location"] == reverse("itembank:set", args=[dana.pk])
    served = reverse("itembank:set_file", args=[dana.pk, "Hours-chart.png"])
    page = client.get(reverse("itembank:set", args=[dana.pk])).content.decode()
    assert f'<img src="{served}" alt="{HOURS}">' in page
    assert "Attach an image, audio or video" in page
    item = make_item()
    services.place_in_set(item, dana, cast.writer)
    preview = client.get(reverse("itembank:preview", args=[item.pk])).content.decode()
    assert f'<img src="{served}" alt="{HOURS}">' in preview
    client.force_login(cast.reviewer)
    reply = client.get(served)
    assert reply.status_code == 200 and reply["Content-Type"] == "image/png"
    assert reply["Cache-Control"] == "private, no-store"
    assert client.get(url).status_code == 403
    missing = reverse("itembank:set_file", args=[dana.pk, "nothing.png"])
    assert client.get(missing).status_code == 404


def test_the_attach_page_names_what_is_missing(client, cast, dana) -> None:
    client.force_login(cast.writer)
    url = reverse("itembank:set_attach_media", args=[dana.pk])
    upload = SimpleUploadedFile("call.mp3", MP3, content_type="audio/mpeg")
    page = client.post(url, {"file": upload}).content.decode()
    assert "audio without a transcript" in page
    assert not ItemSetMedia.objects.exists()


# --- QTI packages -----------------------------------------------------------------------------

STIMULUS_WITH_FILES = f"""<?xml version="1.0" encoding="UTF-8"?>
<qti-assessment-stimulus xmlns="{QTI}" identifier="case-sam" title="Sam's job search">
  <qti-stimulus-body>
    <p>Sam, 24, wants to work with animals. He has never had a paid job.</p>
    <p><img src="media/kennel.png" alt="The kennel where Sam volunteers"/></p>
    <audio src="media/sam.mp3"><track kind="captions" src="media/sam.vtt"/></audio>
  </qti-stimulus-body>
</qti-assessment-stimulus>""".encode()

CASE_FILES = {
    "items/sam-1.xml": CASE_1,
    "items/sam-2.xml": CASE_2,
    "passages/sam.xml": STIMULUS_WITH_FILES,
    "passages/media/kennel.png": PNG,
    "passages/media/sam.mp3": MP3,
    "passages/media/sam.vtt": VTT,
}


def test_a_shared_stimulus_brings_its_files_and_their_alternatives(program, cast) -> None:
    parsed = qti.read(package(CASE_FILES))
    assert parsed.problems == [] and parsed.unsupported == []
    stimulus = parsed.sets["case-sam"]
    assert stimulus.files == {"kennel.png": PNG, "sam.mp3": MP3}
    assert stimulus.transcripts == {"sam.mp3": "The job coach greets Sam."}
    assert '<img src="kennel.png" alt="The kennel where Sam volunteers">' in stimulus.stimulus
    transfer.import_items(program, package(CASE_FILES), "qti", cast.writer)
    case = ItemSet.objects.get(program=program)
    files = {m.name: m for m in case.media.all()}
    assert set(files) == {"kennel.png", "sam.mp3"}
    assert files["sam.mp3"].transcript == "The job coach greets Sam."


def test_stimulus_audio_without_a_transcript_makes_its_items_unsupported(program, cast) -> None:
    files = {p: d for p, d in CASE_FILES.items() if p != "passages/media/sam.vtt"}
    parsed = qti.read(package(files))
    reasons = sorted(str(p) for p in parsed.unsupported)
    assert reasons == [
        f'item {name}: stimulus: stimulus case-sam: audio "sam.mp3" has no transcript'
        for name in ("sam-1", "sam-2")
    ]
    with pytest.raises(transfer.ImportRefused):
        transfer.import_items(program, package(files), "qti", cast.writer)
    assert not ItemSet.objects.exists() and not ItemSetMedia.objects.exists()


def test_a_stimulus_file_missing_from_the_package_refuses_it(program, cast) -> None:
    files = {p: d for p, d in CASE_FILES.items() if p != "passages/media/kennel.png"}
    parsed = qti.read(package(files))
    assert [p.reason for p in parsed.problems] == [
        'image "media/kennel.png" is not in the package'
    ] * 2


def test_export_then_import_keeps_the_stimulus_files(program, cast) -> None:
    transfer.import_items(program, package(CASE_FILES), "qti", cast.writer)
    exported, _ = transfer.export_items(program, "qti", cast.manager)
    package_files = zipfile.ZipFile(io.BytesIO(exported))
    names = set(package_files.namelist())
    assert {"stimuli/images/case-sam/kennel.png", "stimuli/images/case-sam/sam.mp3"} <= names
    stimulus = package_files.read("stimuli/case-sam.xml").decode()
    assert 'src="images/case-sam/kennel.png"' in stimulus
    manifest = package_files.read("imsmanifest.xml").decode()
    assert '<hallmark:transcript media="sam.mp3">The job coach greets Sam.' in manifest
    other = second_program()
    transfer.import_items(other, exported, "qti", cast.manager)
    there = ItemSet.objects.get(program=other)
    here = ItemSet.objects.get(program=program)
    assert there.stimulus == here.stimulus
    assert {(m.name, bytes(m.data), m.transcript) for m in there.media.all()} == {
        (m.name, bytes(m.data), m.transcript) for m in here.media.all()
    }


def test_a_stimulus_with_markup_a_case_cannot_hold_makes_its_items_unsupported() -> None:
    headed = STIMULUS_WITH_FILES.replace(b"<p>Sam, 24", b"<h2>Sam</h2><p>Sam, 24")
    parsed = qti.read(package(CASE_FILES | {"passages/sam.xml": headed}))
    assert sorted(str(p) for p in parsed.unsupported) == [
        f"item {name}: stimulus: <h2> is not allowed in a stimulus" for name in ("sam-1", "sam-2")
    ]
