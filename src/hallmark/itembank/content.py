"""An item's content as plain values, its normal form, and what can be wrong with it.

The staff forms, the importers and the services all check content here, so that a problem is
described the same way wherever it is found.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from hallmark.itembank import markup
from hallmark.itembank.data import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_LABELS,
    SELECT_ALL,
    CognitiveLevel,
    ItemKind,
)

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]{0,63}$")
# Characters that XML, HTML parsers and PostgreSQL refuse: control characters other than tab,
# line feed and carriage return, and the two Unicode non-characters U+FFFE and U+FFFF.
LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an item or a file: where, which field, and why."""

    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        text = f"{where}{self.field}: {self.reason}"
        # One line, whatever a file put in a name: control characters and line ends escaped.
        return LINE_BREAKING.sub(lambda found: repr(found.group())[1:-1], text)

    def line(self, file: str) -> str:
        """The report line: `FILE: row N / item ID: field: what`."""
        return f"{file}: {self}"


def control_character(text: str) -> str | None:
    """Why `text` cannot be kept, when it holds a control character; None when it is clean."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return f"contains the control character U+{ord(found.group()):04X}: remove it"


@dataclass(frozen=True)
class Content:
    """What a version holds, with the competency named by its code in the outline."""

    competency: str
    cognitive_level: str
    stem: str
    options: Sequence[str]
    keys: Sequence[str]
    rationale: str = ""
    references: Sequence[str] = field(default_factory=tuple)
    kind: str = ItemKind.SINGLE
    select: int = 1  # multiple response: how many to select, or SELECT_ALL


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def normal(content: Content) -> Content:
    """The stored form: sanitized stem, options on one line each, keys as sorted labels."""
    options = [" ".join(o.split()) for o in content.options]
    while options and not options[-1]:
        options.pop()  # empty trailing option columns are absent options
    return replace(
        content,
        competency=content.competency.strip(),
        cognitive_level=content.cognitive_level.strip().lower(),
        stem=markup.sanitize(content.stem),
        options=tuple(options),
        keys=tuple(sorted({k.strip().upper() for k in content.keys if k.strip()})),
        rationale=_text(content.rationale),
        references=tuple(r for r in (_text(r) for r in content.references) if r),
    )


def _control_problems(content: Content) -> list[tuple[str, str]]:
    texts = [
        ("competency", content.competency),
        ("cognitive level", content.cognitive_level),
        ("stem", content.stem),
        *(("options", text) for text in content.options),
        *(("key", key) for key in content.keys),
        ("rationale", content.rationale),
        *(("references", reference) for reference in content.references),
    ]
    found = [(name, control_character(text)) for name, text in texts]
    return [(name, reason) for name, reason in found if reason is not None]


def problems(
    content: Content,
    where: str = "",
    images: Sequence[str] | None = None,
    *,
    unclassified: bool = False,
) -> list[Problem]:
    """Everything wrong with raw (not yet normalised) content; `images` are the attachable names.

    `images=None` means images cannot be attached here (a CSV file has none). `unclassified`
    lets an import leave the competency and the cognitive level empty (classified later).
    """
    found: list[Problem] = []

    def add(field_name: str, reason: str) -> None:
        found.append(Problem(where, field_name, reason))

    unusable = _control_problems(content)
    for field_name, reason in unusable:
        add(field_name, reason)
    if "stem" in dict(unusable):
        return found  # the markup parser refuses such a stem: say only why
    for kind, reason in markup.problems(content.stem):
        add("stem", reason if kind == "missing" else f"{kind}: {reason}")
    attached = [("image", n) for n in markup.image_names(content.stem)]
    attached += [("media", n) for n in markup.media_names(content.stem)]
    for what, name in attached:
        if images is None:
            add("stem", f'{what} "{name}" cannot travel in this format: use a QTI package')
        elif name not in images:
            add("stem", f'{what} "{name}" is not attached to the item')
    options = [" ".join(o.split()) for o in content.options]
    while options and not options[-1]:
        options.pop()
    labels = OPTION_LABELS[: len(options)]
    if len(options) < MIN_OPTIONS:
        add("options", f"an item needs at least {MIN_OPTIONS} options, this one has {len(options)}")
    if len(options) > MAX_OPTIONS:
        add("options", f"an item has at most {MAX_OPTIONS} options, this one has {len(options)}")
    for label, text in zip(labels, options, strict=False):
        if not text:
            add(f"option {label}", "is empty (options are filled from A onwards)")
    seen: dict[str, str] = {}
    for label, text in zip(labels, options, strict=False):
        if text and text.casefold() in seen:
            add(f"option {label}", f"repeats option {seen[text.casefold()]}")
        seen.setdefault(text.casefold(), label)
    keys = [k.strip().upper() for k in content.keys if k.strip()]
    if not keys:
        add("key", "missing key")
    for key in keys:
        if key not in labels:
            shown = f"{labels[0]} to {labels[-1]}" if labels else "none"
            add("key", f"key {key} is not among the options ({shown})")
    found.extend(Problem(where, name, reason) for name, reason in _kind_problems(content, keys))
    level = content.cognitive_level.strip().lower()
    if level not in CognitiveLevel.values and not (unclassified and not level):
        add(
            "cognitive level",
            f'"{content.cognitive_level}" is not one of {", ".join(CognitiveLevel.values)}',
        )
    if not content.competency.strip() and not unclassified:
        add("competency", "missing competency")
    return found


def _kind_problems(content: Content, keys: list[str]) -> list[tuple[str, str]]:
    """What is wrong with how the item is answered: its type, how many to select, its keys."""
    if content.kind not in ItemKind.values:
        return [("type", f'"{content.kind}" is not one of {", ".join(ItemKind.values)}')]
    if content.kind == ItemKind.SINGLE:
        if content.select != 1:
            return [("select", "a single-answer item selects one option")]
        return []
    options = [o for o in content.options if " ".join(o.split())]
    if content.select == SELECT_ALL:
        if keys and len(set(keys)) >= len(options):
            return [("key", "select all that apply: at least one option must not be a key")]
        return []
    if not 2 <= content.select < len(options):
        return [("select", f"select {content.select}: choose 2 to {len(options) - 1} options")]
    if keys and len(set(keys)) != content.select:
        return [("key", f"select {content.select}: give exactly {content.select} keys")]
    return []
