"""Stems are a small, safe subset of HTML: sanitized on the way in and again on the way out.

Images are attachments of the item, referenced by name (`<img src="chart.png" alt="...">`),
never by URL: a stem cannot load anything from elsewhere, and every image has its alt text.
"""

import re
from collections.abc import Callable
from html import escape, unescape

import nh3
from lxml import etree, html

TAGS = frozenset(
    {
        "p", "br", "strong", "em", "b", "i", "u", "sub", "sup", "ul", "ol", "li",
        "blockquote", "code", "pre", "table", "caption", "thead", "tbody", "tr", "th", "td",
        "img", "div", "span",
    }
)  # fmt: skip
ATTRIBUTES = {"img": {"src", "alt"}}
ATTRIBUTE_VALUES = {"th": {"scope": {"col", "row"}}}
# Attributes that carry presentation only: dropped without complaint.
DROPPED_QUIETLY = frozenset({"class", "id", "style", "lang", "dir", "title", "width", "height"})
# Elements whose content goes with them (never shown as text).
DROPPED_WITH_CONTENT = frozenset({"script", "style"})

IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")

# Audio and video, like images, are attachments named in the stem (`<audio src="talk.mp3">`),
# never URLs; players get their controls, and a video its captions track, when rendered.
MEDIA_TAGS = frozenset({"audio", "video"})
TAGS = TAGS | MEDIA_TAGS
ATTRIBUTES = {**ATTRIBUTES, **{tag: {"src"} for tag in MEDIA_TAGS}}
DROPPED_QUIETLY = DROPPED_QUIETLY | {"controls"}
SOURCED = frozenset({"img"}) | MEDIA_TAGS  # elements whose src names an attachment


def _clean(stem: str, attribute_filter: Callable[[str, str, str], str | None]) -> str:
    return nh3.clean(
        stem,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {name: set(values) for name, values in attrs.items()}
            for tag, attrs in ATTRIBUTE_VALUES.items()
        },
        attribute_filter=attribute_filter,
        url_schemes=set(),
    )


def sanitize(stem: str) -> str:
    """The stored form of a stem: only the allowed tags and attributes, normalised."""
    return _clean(stem.replace("\r\n", "\n").strip(), _keep_attachment_sources)


def _keep_attachment_sources(tag: str, attribute: str, value: str) -> str | None:
    if tag in SOURCED and attribute == "src" and not IMAGE_NAME.match(value):
        return None
    return value


def render(
    stem: str,
    image_url: Callable[[str], str],
    captions_url: Callable[[str], str] | None = None,
) -> str:
    """Stem HTML for a page: sanitized again (whatever wrote the row), attachment names made
    URLs (`image_url` serves images, audio and video alike); `captions_url` names a video's
    WebVTT captions."""
    sources: dict[str, str] = {}

    def rewrite(tag: str, attribute: str, value: str) -> str | None:
        if tag in SOURCED and attribute == "src":
            if not IMAGE_NAME.match(value):
                return None
            sources[image_url(value)] = value
            return image_url(value)
        return value

    return _with_players(_clean(stem, rewrite), sources, captions_url)


CAPTIONS_TRACK = 'srclang="en" label="Captions" default'
PLAYER = re.compile(r'<(audio|video) src="([^"]*)"[^>]*>')


def _with_players(
    page: str, sources: dict[str, str], captions_url: Callable[[str], str] | None
) -> str:
    """Audio and video with their controls; a video with its captions as the default track."""

    def player(found: re.Match[str]) -> str:
        tag, src = found.group(1), found.group(2)
        opening = f'<{tag} src="{src}" controls>'
        name = sources.get(unescape(src))
        if tag != "video" or captions_url is None or name is None:
            return opening
        track = escape(captions_url(name))
        return f'{opening}<track kind="captions" src="{track}" {CAPTIONS_TRACK}>'

    return PLAYER.sub(player, page)


def plain_text(stem: str) -> str:
    """The words of a stem, for lists, searches and differences."""
    text = nh3.clean(stem, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))
    return " ".join(html.fromstring(f"<div>{text}</div>").text_content().split()) if text else ""


def _fragment(stem: str) -> etree._Element | None:
    try:
        return html.fragment_fromstring(stem, create_parent="div")
    except etree.ParserError:
        return None


def problems(stem: str) -> list[tuple[str, str]]:
    """What is wrong with a stem's markup, as (kind, reason); empty when it is fine.

    kind is "bad markup" or "image without alt text" (the import report names both).
    """
    found: list[tuple[str, str]] = []
    if not stem.strip():
        return [("missing", "the stem is empty")]
    root = _fragment(stem)
    if root is None:
        return [("bad markup", "the stem cannot be read as HTML")]
    seen: set[str] = set()

    def once(kind: str, reason: str) -> None:
        if reason not in seen:
            seen.add(reason)
            found.append((kind, reason))

    for element in root.iter():
        if element is root:
            continue
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions are dropped
        tag = element.tag.lower()
        if tag not in TAGS:
            once("bad markup", f"<{tag}> is not allowed in a stem")
            continue
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                once("bad markup", f"the event attribute {name} is not allowed")
            elif name in ATTRIBUTES.get(tag, ()) or name in DROPPED_QUIETLY:
                continue
            elif name in ATTRIBUTE_VALUES.get(tag, {}):
                if value not in ATTRIBUTE_VALUES[tag][name]:
                    once("bad markup", f'{name}="{value}" is not allowed on <{tag}>')
            else:
                once("bad markup", f"the attribute {name} is not allowed on <{tag}>")
        if tag in MEDIA_TAGS and not IMAGE_NAME.match(element.get("src") or ""):
            once("bad markup", f"<{tag}> must name an attached {tag} file in its src")
        if tag == "img":
            if not (element.get("alt") or "").strip():
                once("image without alt text", 'describe every image in its alt="..."')
            source = element.get("src") or ""
            if not IMAGE_NAME.match(source):
                once(
                    "bad markup",
                    f'image source "{source[:60]}" must be the name of an attached image',
                )
    return found


def media_names(stem: str) -> list[str]:
    """Names of the attached audio and video a stem plays, in order of appearance."""
    root = _fragment(stem) if stem.strip() else None
    if root is None:
        return []
    names = [e.get("src") or "" for e in root.iter() if e.tag in MEDIA_TAGS]
    return [n for n in dict.fromkeys(names) if IMAGE_NAME.match(n)]


def image_names(stem: str) -> list[str]:
    """Names of the attached images a stem shows, in order of appearance."""
    root = _fragment(stem) if stem.strip() else None
    if root is None:
        return []
    names = [img.get("src") or "" for img in root.iter("img")]
    return [n for n in dict.fromkeys(names) if IMAGE_NAME.match(n)]
