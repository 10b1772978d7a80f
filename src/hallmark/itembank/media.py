"""What an attached file is, from its first bytes (never its name), and its size limits.

An item shows images, audio and video. Audio needs a transcript and video WebVTT captions, so
that a candidate who cannot hear them loses nothing.
"""

from hallmark.itembank.data import AUDIO_TYPES, IMAGE_TYPES, VIDEO_TYPES

MB = 1024 * 1024
# The most each kind of file may weigh: an exam loads it while the clock runs.
MAX_BYTES = {"image": 2 * MB, "audio": 10 * MB, "video": 20 * MB}

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"ID3", "audio/mpeg"),  # an MP3 with its tags first
    (b"OggS", "audio/ogg"),
    (b"\x1a\x45\xdf\xa3", "video/webm"),  # EBML, the container WebM is written in
)


def content_type(data: bytes) -> str | None:
    """The media type of `data` when it is a file an item may show, else None."""
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0:
        return "audio/mpeg"  # an MP3 frame without tags
    if data[4:8] == b"ftyp" and not data[8:12].startswith(b"M4A"):
        return "video/mp4"
    return None


def kind_of(content_type: str) -> str:
    """ "image", "audio" or "video"."""
    if content_type in AUDIO_TYPES:
        return "audio"
    if content_type in VIDEO_TYPES:
        return "video"
    assert content_type in IMAGE_TYPES, content_type
    return "image"


def captions_problem(captions: str) -> str | None:
    """Why `captions` are not WebVTT, or None when they are."""
    text = captions.lstrip("\ufeff")
    if not text.strip():
        return "missing captions: a video needs its captions as WebVTT"
    first = text.splitlines()[0]
    if first != "WEBVTT" and not first.startswith(("WEBVTT ", "WEBVTT\t")):
        return 'captions must be WebVTT: the first line is "WEBVTT"'
    return None
