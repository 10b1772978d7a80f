"""The media a QTI item's markup shows, taken from its package and renamed for the bank.

A stem names its media by file name (`<img src="chart.png">`, `<audio src="talk.mp3">`,
`<video src="clip.mp4">`); a package names them by path. Video keeps its WebVTT captions (a
`<track kind="captions">` or "subtitles"), audio its transcript (a `<track>` of WebVTT, or
Hallmark's own metadata): media without them is something Hallmark cannot show to everyone.
"""

import posixpath
import re
from dataclasses import dataclass, field

from lxml import etree, html

from hallmark.itembank import media
from hallmark.itembank.content import Problem
from hallmark.itembank.data import IMAGE_TYPES

CAPTION_KINDS = frozenset({"captions", "subtitles"})
TIMING = re.compile(r"^\s*(\d+:)?\d+:\d+[.,]\d+\s+-->")


class Unsupported(Exception):
    """Media Hallmark cannot show as the item needs it; the message says what and why."""


@dataclass
class Attached:
    """The stem rewritten to media names, and what comes with it."""

    stem: str
    files: dict[str, bytes] = field(default_factory=dict)
    transcripts: dict[str, str] = field(default_factory=dict)
    captions: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _escape(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _is_local(source: str) -> bool:
    return bool(source) and not source.startswith(("/", "//")) and ":" not in source


def cue_text(vtt: str) -> str:
    """The words of a WebVTT file, without its header, cue numbers and timings."""
    lines: list[str] = []
    for block in vtt.replace("\r\n", "\n").split("\n\n")[1:]:
        rows = block.strip().split("\n")
        timed = [i for i, row in enumerate(rows) if TIMING.match(row)]
        if timed:
            lines.extend(r.strip() for r in rows[timed[0] + 1 :] if r.strip())
    return " ".join(lines)


class _Files:
    """The package's files as the item at `href` names them, with the names kept apart."""

    def __init__(self, href: str, files: dict[str, bytes], attached: Attached, label: str):
        self.base = posixpath.dirname(href)
        self.files = files
        self.attached = attached
        self.label = label

    def path(self, source: str) -> str:
        return posixpath.normpath(posixpath.join(self.base, source))

    def get(self, source: str) -> bytes | None:
        return self.files.get(self.path(source)) if _is_local(source) else None

    def take(self, source: str, data: bytes) -> str:
        name = posixpath.basename(self.path(source))
        taken = self.attached.files.get(name)
        if taken is not None and taken != data:
            self.attached.problems.append(
                Problem(self.label, "stem", f'two different files are named "{name}"')
            )
        self.attached.files[name] = data
        return name


def _image(img: etree._Element, files: _Files) -> None:
    source = img.get("src", "")
    if not _is_local(source):
        return  # left for the markup check, which refuses it by name
    data = files.get(source)
    if data is None:
        files.attached.problems.append(
            Problem(files.label, "stem", f'image "{source}" is not in the package')
        )
        return
    if media.content_type(data) not in IMAGE_TYPES:
        raise Unsupported(f'image "{source}" is not a PNG, JPEG, GIF or WebP image')
    img.set("src", files.take(source, data))


def _played(element: etree._Element, files: _Files, kind: str) -> None:
    """An <audio> or <video>: its first playable source, and its captions or transcript."""
    sources = [element.get("src", "")] + [s.get("src", "") for s in element.iter("source")]
    playable = [
        (source, data)
        for source in sources
        if (data := files.get(source)) is not None
        and (media.content_type(data) or "").startswith(f"{kind}/")
    ]
    if not playable:
        shown = ", ".join(s for s in sources if s) or "no source"
        raise Unsupported(f"{kind} ({shown}): no {kind} file Hallmark can play is in the package")
    source, data = playable[0]
    tracks = [
        text.decode("utf-8", "replace")
        for track in element.iter("track")
        if (track.get("kind") or "subtitles") in CAPTION_KINDS | {"descriptions"}
        and (text := files.get(track.get("src", ""))) is not None
        and text.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT")
    ]
    name = files.take(source, data)
    if kind == "video":
        if not tracks:
            raise Unsupported(f'video "{source}" has no WebVTT captions in the package')
        files.attached.captions[name] = tracks[0]
    elif tracks and cue_text(tracks[0]):
        files.attached.transcripts[name] = cue_text(tracks[0])
    replacement = etree.Element(kind, src=name)
    replacement.tail = element.tail
    element.getparent().replace(element, replacement)


def attach(stem: str, href: str, files: dict[str, bytes], label: str) -> Attached:
    """Point the stem's media at attachment names, taking the files from the package.

    Raises Unsupported for media Hallmark cannot show; a file missing from the package is a
    problem of the package instead (in `problems`).
    """
    attached = Attached(stem)
    if not any(f"<{tag}" in stem for tag in ("img", "audio", "video", "object", "embed")):
        return attached
    fragment = html.fragment_fromstring(stem, create_parent="div")
    found = _Files(href, files, attached, label)
    embedded = next(fragment.iter("object", "embed", "iframe"), None)
    if embedded is not None:
        raise Unsupported(f"<{embedded.tag}> media is not supported (use <img>, <audio>, <video>)")
    for img in fragment.iter("img"):
        _image(img, found)
    for kind in ("audio", "video"):
        for element in list(fragment.iter(kind)):
            _played(element, found, kind)
    attached.stem = _escape(fragment.text) + "".join(
        etree.tostring(child, method="html", encoding="unicode") for child in fragment
    )
    return attached


def names_in(stem: str) -> set[str]:
    """The media names a stem shows: its images', audio's and video's sources."""
    if not any(f"<{tag}" in stem for tag in ("img", "audio", "video")):
        return set()
    fragment = html.fragment_fromstring(stem, create_parent="div")
    return {e.get("src", "") for e in fragment.iter("img", "audio", "video")} - {""}
