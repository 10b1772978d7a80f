"""Audio and video on items: recognised by their bytes, with transcripts and captions, served
privately, played in previews."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallmark.itembank import media, services
from hallmark.itembank.models import Item, ItemMedia

pytestmark = pytest.mark.django_db

MP3 = b"ID3\x03\x00" + b"\x00" * 40
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 20
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 40
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 40
VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello, I am Rosa.\n"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (MP3, "audio/mpeg"),
        (b"\xff\xfb\x90\x00" + b"\x00" * 20, "audio/mpeg"),
        (b"OggS" + b"\x00" * 20, "audio/ogg"),
        (WAV, "audio/wav"),
        (MP4, "video/mp4"),
        (WEBM, "video/webm"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"<svg/>", None),
        (b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 8, None),
    ],
)
def test_files_are_recognised_by_their_bytes(data, kind) -> None:
    assert media.content_type(data) == kind


@pytest.mark.parametrize(
    ("captions", "problem"),
    [
        (VTT, None),
        ("\ufeffWEBVTT - Rosa\n", None),
        ("", "missing captions: a video needs its captions as WebVTT"),
        ("1\n00:00:00,000 --> 00:00:02,000\nHello\n", "captions must be WebVTT: the first"),
        ("WEBVTTX\n", "captions must be WebVTT"),
    ],
)
def test_captions_must_be_webvtt(captions, problem) -> None:
    found = media.captions_problem(captions)
    assert found == problem if problem is None else found.startswith(problem)


def test_audio_needs_its_transcript_and_video_its_captions(cast, make_item) -> None:
    item = make_item()
    with pytest.raises(ValidationError) as refused:
        services.attach_media(item, "call.mp3", MP3, cast.writer)
    assert list(refused.value.message_dict) == ["transcript"]
    with pytest.raises(ValidationError) as refused:
        services.attach_media(item, "visit.mp4", MP4, cast.writer, captions="Hello")
    assert refused.value.message_dict["captions"][0].startswith("captions must be WebVTT")
    assert not ItemMedia.objects.exists()
    assert Item.objects.get(pk=item.pk).current_version.number == 1


def test_a_file_over_its_limit_is_refused_with_its_size(cast, make_item) -> None:
    item = make_item()
    big = MP4 + b"\x00" * media.MAX_BYTES["video"]
    with pytest.raises(ValidationError) as refused:
        services.attach_media(item, "visit.mp4", big, cast.writer, captions=VTT)
    assert refused.value.message_dict["file"] == [
        '"visit.mp4" is a video file of 20.0 MB; a video file can be at most 20 MB'
    ]


def test_attached_audio_and_video_play_in_the_stem(client, cast, make_item) -> None:
    item = make_item()
    services.attach_media(item, "call.mp3", MP3, cast.writer, transcript="Rosa: I bake bread.")
    services.attach_media(item, "visit.mp4", MP4, cast.writer, captions=VTT)
    stem = Item.objects.get(pk=item.pk).current_version.stem
    assert stem.endswith(
        '<p><audio src="call.mp3"></audio></p><p><video src="visit.mp4"></video></p>'
    )
    client.force_login(cast.writer)
    page = client.get(reverse("itembank:preview", args=[item.pk])).content.decode()
    audio = reverse("itembank:image", args=[item.pk, "call.mp3"])
    video = reverse("itembank:image", args=[item.pk, "visit.mp4"])
    captions = reverse("itembank:captions", args=[item.pk, "visit.mp4"])
    assert f'<audio src="{audio}" controls></audio>' in page
    assert (
        f'<video src="{video}" controls><track kind="captions" src="{captions}" srclang="en" '
        'label="Captions" default></video>'
    ) in page
    assert '<details class="item-transcript"><summary>Transcript of call.mp3</summary>' in page
    assert "Rosa: I bake bread." in page


def test_media_and_captions_are_served_privately(client, cast, make_item) -> None:
    item = make_item()
    services.attach_media(item, "visit.webm", WEBM, cast.writer, captions=VTT)
    client.force_login(cast.reviewer)
    response = client.get(reverse("itembank:image", args=[item.pk, "visit.webm"]))
    assert response["Content-Type"] == "video/webm" and response.content == WEBM
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    response = client.get(reverse("itembank:captions", args=[item.pk, "visit.webm"]))
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode() == VTT.strip()
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    client.force_login(cast.outsider)
    assert client.get(reverse("itembank:captions", args=[item.pk, "visit.webm"])).status_code == 403


def test_the_upload_page_takes_captions_as_a_file(client, cast, make_item) -> None:
    item = make_item()
    client.force_login(cast.writer)
    url = reverse("itembank:attach_media", args=[item.pk])
    page = client.post(url, {"file": SimpleUploadedFile("visit.mp4", MP4)}).content.decode()
    assert "Captions (video): missing captions: a video needs its captions as WebVTT" in page
    vtt = SimpleUploadedFile("visit.vtt", VTT.encode())
    response = client.post(
        url, {"file": SimpleUploadedFile("visit.mp4", MP4), "captions_file": vtt}
    )
    assert response.status_code == 302
    assert ItemMedia.objects.get(name="visit.mp4").captions == VTT.strip()


def test_a_stem_may_play_only_attached_media(cast, make_item, new_content) -> None:
    item = make_item()
    stem = '<p>Listen.</p><audio src="call.mp3"></audio><video src="https://x.example/v.mp4">'
    with pytest.raises(ValidationError) as refused:
        services.revise_item(item, new_content(stem=stem), cast.writer)
    assert refused.value.messages == [
        "stem: bad markup: <video> must name an attached video file in its src",
        'stem: media "call.mp3" is not attached to the item',
    ]
