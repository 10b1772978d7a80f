"""Template tags for showing items: the stem, made safe, and the options in a given order."""

from collections.abc import Sequence
from dataclasses import dataclass

from django import template
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from hallmark.itembank import markup
from hallmark.itembank.data import OPTION_LABELS, ItemKind, select_text
from hallmark.itembank.models import ItemMedia, ItemSet, ItemSetMedia, ItemVersion

register = template.Library()


@dataclass(frozen=True)
class ShownOption:
    label: str  # the option's own label (A, B, ...), the value a response records
    display: str  # the letter the candidate sees in this order
    text: str
    is_key: bool


@register.simple_tag
def stem_html(version: ItemVersion, image_base: str = "") -> SafeString:
    """The stem as safe HTML; its files from `image_base` + name, or the staff views (which
    serve a video's captions too)."""

    def url(name: str) -> str:
        if image_base:
            return f"{image_base}{name}"
        return reverse("itembank:image", args=[version.item_id, name])

    def captions(name: str) -> str:
        return reverse("itembank:captions", args=[version.item_id, name])

    page = markup.render(version.stem, url, None if image_base else captions)
    return mark_safe(page)  # noqa: S308 - sanitized by nh3 above


@register.simple_tag
def stimulus_html(item_set: ItemSet) -> SafeString:
    """A case set's stimulus as safe HTML, its files from the staff views."""

    def url(name: str) -> str:
        return reverse("itembank:set_file", args=[item_set.pk, name])

    def captions(name: str) -> str:
        return reverse("itembank:set_captions", args=[item_set.pk, name])

    return mark_safe(markup.render(item_set.stimulus, url, captions))  # noqa: S308 - nh3 above


def _transcripts(
    files: QuerySet[ItemMedia] | QuerySet[ItemSetMedia], html: str
) -> list[ItemMedia | ItemSetMedia]:
    """The audio and video `html` plays that have a transcript, in the order it plays them."""
    names = markup.media_names(html)
    if not names:
        return []
    rows = files.filter(name__in=names).exclude(transcript="").only("name", "transcript")
    found = {m.name: m for m in rows}
    return [found[name] for name in names if name in found]


@register.simple_tag
def item_transcripts(version: ItemVersion) -> list[ItemMedia | ItemSetMedia]:
    """The transcripts of the stem's audio and video."""
    return _transcripts(ItemMedia.objects.filter(item_id=version.item_id), version.stem)


@register.simple_tag
def set_transcripts(item_set: ItemSet) -> list[ItemMedia | ItemSetMedia]:
    """The transcripts of the stimulus's audio and video."""
    return _transcripts(ItemSetMedia.objects.filter(item_set=item_set), item_set.stimulus)


@register.filter
def is_multiple_response(kind: str) -> bool:
    return kind == ItemKind.MULTIPLE


@register.filter(name="select_text")
def select_text_filter(kind: str, select: int) -> str:
    """ "Select two", "Select all that apply" ("Select one" for a single answer)."""
    return select_text(kind, select)


@register.simple_tag
def ordered_options(
    version: ItemVersion, order: Sequence[str] | None = None, show_key: bool = False
) -> list[ShownOption]:
    """The options in `order` (labels; the stored order when empty). Keys only if `show_key`."""
    texts = dict(version.labelled_options())
    labels = [label for label in (order or texts) if label in texts]
    keys = set(version.keys) if show_key else set()
    return [
        ShownOption(label, OPTION_LABELS[i], texts[label], label in keys)
        for i, label in enumerate(labels)
    ]


@register.filter
def option_html(text: str) -> SafeString:
    """An option as safe HTML: its text escaped, its formulas kept as MathML Core."""
    return mark_safe(markup.option_html(text))  # noqa: S308 - escaped, formulas sanitized by nh3
