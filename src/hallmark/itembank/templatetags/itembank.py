"""Template tags for showing items: the stem, made safe, and the options in a given order."""

from collections.abc import Sequence
from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from hallmark.itembank import markup
from hallmark.itembank.data import OPTION_LABELS
from hallmark.itembank.models import ItemVersion

register = template.Library()


@dataclass(frozen=True)
class ShownOption:
    label: str  # the option's own label (A, B, ...), the value a response records
    display: str  # the letter the candidate sees in this order
    text: str
    is_key: bool


@register.simple_tag
def stem_html(version: ItemVersion, image_base: str = "") -> SafeString:
    """The stem as safe HTML; images from `image_base` + name, or the staff image view."""

    def url(name: str) -> str:
        if image_base:
            return f"{image_base}{name}"
        return reverse("itembank:image", args=[version.item_id, name])

    return mark_safe(markup.render(version.stem, url))  # noqa: S308 - sanitized by nh3 above


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
