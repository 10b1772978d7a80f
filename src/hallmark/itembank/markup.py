"""Stems are a small, safe subset of HTML: sanitized on the way in and again on the way out.

Images are attachments of the item, referenced by name (`<img src="chart.png" alt="...">`),
never by URL: a stem cannot load anything from elsewhere, and every image has its alt text.
Formulas are MathML Core (`<math>`), which browsers render without a script: only its
presentation elements and attributes are kept (no links, no actions, no HTML inside).
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

# MathML Core presentation markup (https://www.w3.org/TR/mathml-core/): its elements, and the
# attributes each may keep. No href, no maction, no mglyph, and annotation-xml goes with its
# content (it can carry HTML); html5ever parses <math> into the MathML namespace, so these
# names count only inside a <math>.
MATH_TAGS = frozenset(
    {
        "math", "merror", "mfrac", "mi", "mmultiscripts", "mn", "mo", "mover", "mpadded",
        "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle", "msub",
        "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover",
        "semantics", "annotation",
    }
)  # fmt: skip
MATH_COMMON_ATTRIBUTES = frozenset({"dir", "displaystyle", "scriptlevel", "mathvariant"})
MATH_ATTRIBUTES = {
    "math": {"display", "alttext"},
    "mfrac": {"linethickness"},
    "mo": {
        "form", "fence", "separator", "lspace", "rspace", "stretchy", "symmetric", "maxsize",
        "minsize", "largeop", "movablelimits",
    },
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "mspace": {"width", "height", "depth"},
    "mtd": {"columnspan", "rowspan"},
    "annotation": {"encoding"},
}  # fmt: skip
MATH_DROPPED_WITH_CONTENT = frozenset({"annotation-xml"})
# An option is plain text, but may hold formulas: `<math>...</math>` runs in it.
MATH_RUN = re.compile(r"<math[\s>].*?</math>", re.DOTALL | re.IGNORECASE)

IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")

# Audio and video, like images, are attachments named in the stem (`<audio src="talk.mp3">`),
# never URLs; players get their controls, and a video its captions track, when rendered.
MEDIA_TAGS = frozenset({"audio", "video"})
TAGS = TAGS | MEDIA_TAGS
ATTRIBUTES = {**ATTRIBUTES, **{tag: {"src"} for tag in MEDIA_TAGS}}
DROPPED_QUIETLY = DROPPED_QUIETLY | {"controls"}
SOURCED = frozenset({"img"}) | MEDIA_TAGS  # elements whose src names an attachment


def _math_attributes() -> dict[str, set[str]]:
    return {tag: set(MATH_COMMON_ATTRIBUTES) | MATH_ATTRIBUTES.get(tag, set()) for tag in MATH_TAGS}


def _clean(stem: str, attribute_filter: Callable[[str, str, str], str | None]) -> str:
    return nh3.clean(
        stem,
        tags=set(TAGS) | MATH_TAGS,
        clean_content_tags=set(DROPPED_WITH_CONTENT) | MATH_DROPPED_WITH_CONTENT,
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()} | _math_attributes(),
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
    stem = MATH_RUN.sub(lambda found: escape(_math_words(found.group())), stem)
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
        if tag in MATH_TAGS:
            for reason in _math_problems(element, tag):
                once("bad markup", reason)
            continue
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


# --- formulas (MathML Core) ----------------------------------------------------------------


def _math_problems(element: etree._Element, tag: str) -> list[str]:
    """What is wrong with one MathML element of a stem (as the HTML parser sees it)."""
    inside = any(a.tag == "math" for a in element.iterancestors() if isinstance(a.tag, str))
    if tag != "math" and not inside:
        return [f"<{tag}> is allowed only inside <math>"]
    if tag == "math" and inside:
        return ["<math> cannot be inside another <math>"]
    allowed = MATH_COMMON_ATTRIBUTES | MATH_ATTRIBUTES.get(tag, set())
    found = []
    for name in element.attrib:
        name = name.lower()
        if name.startswith("on"):
            found.append(f"the event attribute {name} is not allowed")
        elif name not in allowed and name not in DROPPED_QUIETLY and name != "xmlns":
            found.append(f"the attribute {name} is not allowed on <{tag}>")
    return found


def math_core(fragment: str) -> str:
    """`fragment` with every <math> in it reduced to MathML Core; the rest left as it is.

    An importer calls this on formulas written by other tools (annotations, actions, links,
    scripts): they are dropped, not reported, while the HTML around them is still checked.
    """
    return MATH_RUN.sub(lambda found: _clean_math(found.group()), fragment)


def _clean_math(math: str) -> str:
    return nh3.clean(
        math,
        tags=set(MATH_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT) | MATH_DROPPED_WITH_CONTENT,
        attributes=_math_attributes(),
        url_schemes=set(),
    )


def option_html(option: str) -> str:
    """An option for a page: its text escaped, its formulas (MathML Core) kept."""
    out, at = [], 0
    for found in MATH_RUN.finditer(option):
        out.append(escape(option[at : found.start()]))
        out.append(_clean_math(found.group()))
        at = found.end()
    out.append(escape(option[at:]))
    return "".join(out)


def option_text(option: str) -> str:
    """An option's words: its formulas as their text, for lists and searches."""
    if "<math" not in option.lower():
        return option
    return MATH_RUN.sub(lambda found: _math_words(found.group()), option)


def _math_words(math: str) -> str:
    """A formula's characters, spaced: "x = 1 2" for x = 1/2 (enough to find it by)."""
    root = _fragment(_clean_math(math))
    if root is None:
        return ""
    return " ".join(t.strip() for t in root.itertext() if t.strip())
