"""Badge images and baked badges.

Each program's credential has a picture: the newest PNG or SVG its program manager uploaded, or
else one drawn here with the program's designation and name. A holder's baked badge is that
picture with their signed credential inside (Open Badges 3.0 baking), which any Open Badges
verifier, `hallmark verify` and this site's verifier read back.

An uploaded SVG is refused, not cleaned, when it could run or fetch anything: a badge is shown
on other people's sites, and what it carries is signed, so it is never rewritten silently.
"""

import functools
import io
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from hallmark.certification.data import MAX_BADGE_IMAGE_BYTES
from hallmark.certification.models import BadgeImage, Credential
from hallmark.credentials import (
    OB3_BAKING_NAMESPACE,
    PNG_KEYWORD,
    BadgeFormat,
    BakingError,
    badge_format,
    bake,
    png_chunks,
    read_svg,
)
from hallmark.programs.models import Program

# Elements that run code or show other documents; an SVG badge needs none of them.
_ACTIVE_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler"}
)
# Where an href may lead: inside the image, or an image carried in it.
_INLINE_IMAGE = ("data:image/png;", "data:image/jpeg;", "data:image/gif;")
# The problems named for one upload; an image with more is one to redraw, not to fix line by line.
_MAX_PROBLEMS = 10


def image_problems(data: bytes) -> tuple[BadgeFormat | None, list[str]]:
    """The format of an image a manager uploads, and why it cannot be a badge image (none when
    it can): a PNG or SVG of at most 256 KB, sound, carrying no credential, and for SVG
    nothing that runs or fetches."""
    if not data:
        return None, ["The file is empty."]
    if len(data) > MAX_BADGE_IMAGE_BYTES:
        return None, [
            f"The image is {len(data):,} bytes; a badge image is at most "
            f"{MAX_BADGE_IMAGE_BYTES:,} bytes (256 KB)."
        ]
    found = badge_format(data)
    if found is None:
        return None, ["This is not a PNG or SVG image: only those two can carry a credential."]
    try:
        problems = _png_problems(data) if found is BadgeFormat.PNG else _svg_problems(data)
    except BakingError as error:
        problems = [f"{str(error)[:1].upper()}{str(error)[1:]}."]
    if len(problems) > _MAX_PROBLEMS:
        more = len(problems) - _MAX_PROBLEMS
        problems = [*problems[:_MAX_PROBLEMS], f"… and {more:,} more of the same kinds."]
    return found, problems


def _png_problems(data: bytes) -> list[str]:
    chunks = png_chunks(data)
    if any(c.data.startswith(PNG_KEYWORD.encode() + b"\0") for c in chunks):
        return ["This PNG already carries a credential: upload the picture alone."]
    return []


def _svg_problems(data: bytes) -> list[str]:
    root = read_svg(data)
    problems = []
    if any(True for _ in root.iter(f"{{{OB3_BAKING_NAMESPACE}}}credential")):
        problems.append("This SVG already carries a credential: upload the picture alone.")
    for element in root.iter():
        where = f"line {element.sourceline}"
        if not isinstance(element.tag, str):
            if isinstance(element, etree._ProcessingInstruction):
                problems.append(f"{where}: a processing instruction (<?{element.target}?>).")
            continue
        name = etree.QName(element).localname
        if name in _ACTIVE_ELEMENTS:
            problems.append(f"{where}: a <{name}> element, which runs or shows other content.")
        if name == "style" and _fetches(element.text or ""):
            problems.append(f"{where}: a <style> that loads something from elsewhere.")
        problems += _attribute_problems(element, where)
    for sibling in _prolog(root):
        problems.append(f"line {sibling.sourceline}: a processing instruction before <svg>.")
    return problems


def _attribute_problems(element: etree._Element, where: str) -> list[str]:
    problems = []
    for key, value in element.attrib.items():
        name = etree.QName(key).localname
        if name.lower().startswith("on"):
            problems.append(f"{where}: an event handler ({name}), which runs a script.")
        elif name == "href" and not (value.startswith("#") or value.startswith(_INLINE_IMAGE)):
            problems.append(f"{where}: a link to {value[:60]!r} (only #references are allowed).")
        elif name == "attributeName" and value.lower().endswith("href"):
            problems.append(f"{where}: an animation that changes a link.")
        elif _fetches(value):
            problems.append(f"{where}: the {name} attribute loads something from elsewhere.")
    return problems


def _fetches(text: str) -> bool:
    """CSS or an attribute value that names a resource outside the image."""
    lowered = "".join(text.lower().split())
    if "@import" in lowered or "javascript:" in lowered:
        return True
    return any(not part.lstrip("'\"").startswith("#") for part in lowered.split("url(")[1:])


def _prolog(root: etree._Element) -> list[etree._Element]:
    found = []
    sibling = root.getprevious()
    while sibling is not None:
        if isinstance(sibling, etree._ProcessingInstruction):
            found.append(sibling)
        sibling = sibling.getprevious()
    return found


# --- the picture of a program's credential ------------------------------------------------


def uploaded_image(program: Program, format: BadgeFormat) -> BadgeImage | None:
    """The newest image of this format the program's manager uploaded."""
    return (
        BadgeImage.objects.filter(program=program, format=format)
        .order_by("-uploaded_at", "-pk")
        .first()
    )


def badge_image(program: Program, format: BadgeFormat) -> bytes:
    """The picture holders' badges of this format carry: uploaded, or else drawn here."""
    uploaded = uploaded_image(program, format)
    if uploaded is not None:
        return bytes(uploaded.image)
    if format is BadgeFormat.PNG:
        return default_png(program)
    return default_svg(program)


def baked_badge(credential: Credential, format: BadgeFormat) -> bytes | None:
    """The credential's badge image with its current signed document baked in; None when the
    credential has no signed document."""
    document = credential.current_document()
    if document is None:
        return None
    return bake(badge_image(credential.program, format), document.document)


@dataclass(frozen=True)
class _Design:
    """What the drawn badge shows, shared by its SVG and its PNG (a medal 400 units across)."""

    designation: str
    name_lines: tuple[str, ...]
    kind: str
    colour: str

    @property
    def designation_size(self) -> float:
        # Up to 12 letters must fit inside the inner ring (about 300 units wide).
        return min(88.0, 480.0 / max(len(self.designation), 1))

    @property
    def designation_baseline(self) -> float:
        # Capitals centred on y = 150 (a capital is about 0.72 of the font size high).
        return 150 + self.designation_size * 0.36


# Dark enough for white text (contrast above 7:1): blue for certifications, green otherwise.
_CERTIFICATION_COLOUR = "#1d4f91"
_CERTIFICATE_COLOUR = "#1e5e3b"


def _design(program: Program) -> _Design:
    lines = textwrap.wrap(program.name, width=24, max_lines=3, placeholder="…")
    if program.is_certification:
        return _Design(program.designation, tuple(lines), "CERTIFICATION", _CERTIFICATION_COLOUR)
    return _Design(
        program.designation, tuple(lines), "CERTIFICATE OF COMPLETION", _CERTIFICATE_COLOUR
    )


_FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


def default_svg(program: Program) -> bytes:
    """The drawn badge as SVG: a medal with the designation, the name and what it is."""
    design = _design(program)
    title = escape(f"{design.designation}: {program.name} ({design.kind.lower()})")
    name = "".join(
        f'<text x="200" y="{250 + 24 * i}" font-size="19">{escape(line)}</text>'
        for i, line in enumerate(design.name_lines)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" '
        f'height="400" role="img" aria-labelledby="badge-title"><title id="badge-title">{title}'
        f'</title><circle cx="200" cy="200" r="196" fill="{design.colour}"/>'
        '<circle cx="200" cy="200" r="176" fill="none" stroke="#ffffff" stroke-width="5"/>'
        f'<g fill="#ffffff" font-family="{_FONT}" text-anchor="middle">'
        f'<text x="200" y="110" font-size="15" letter-spacing="2">{escape(design.kind)}</text>'
        f'<text x="200" y="{design.designation_baseline:.0f}" '
        f'font-size="{design.designation_size:.0f}" font-weight="bold">'
        f"{escape(design.designation)}</text>{name}</g></svg>\n"
    )
    return svg.encode("utf-8")


def default_png(program: Program) -> bytes:
    """The drawn badge as PNG (400 by 400 pixels, transparent outside the medal), rendered with
    matplotlib's own fonts; the same program always gets the same bytes."""
    return _render_png(_design(program))


@functools.lru_cache(maxsize=64)
def _render_png(design: _Design) -> bytes:
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle

    figure = Figure(figsize=(4, 4), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 400)
    axes.set_ylim(400, 0)  # y downwards, as in the SVG
    axes.set_axis_off()
    axes.add_patch(Circle((200, 200), 196, color=design.colour))
    axes.add_patch(Circle((200, 200), 176, fill=False, edgecolor="#ffffff", linewidth=3.6))

    def write(baseline: float, words: str, points: float, weight: str = "normal") -> None:
        axes.text(
            200,
            baseline,
            words,
            fontsize=points,
            weight=weight,
            color="#ffffff",
            ha="center",
            va="baseline",
            family="DejaVu Sans",
        )

    # The SVG's baselines; its sizes are pixels at 100 dpi, matplotlib's are points (1/72 in).
    write(110, design.kind, 15 * 0.72)
    write(design.designation_baseline, design.designation, design.designation_size * 0.72, "bold")
    for i, line in enumerate(design.name_lines):
        write(250 + 24 * i, line, 19 * 0.72)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", transparent=True, metadata={"Software": None})
    return buffer.getvalue()
