"""The candidate handbook's HTML: a small safe subset, cleaned when it is saved and again when
it is shown (whatever wrote the row). Links may go to web pages and mail addresses only; nothing
in a handbook loads anything (no images, no scripts, no styles)."""

import nh3

TAGS = frozenset(
    {
        "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "a", "blockquote",
        "table", "caption", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href"}}
ATTRIBUTE_VALUES = {"th": {"scope": {"col", "row"}}}
# Elements whose content goes with them (never shown as text).
DROPPED_WITH_CONTENT = frozenset({"script", "style"})


def clean_body(body: str) -> str:
    """The handbook's HTML with only the allowed elements and attributes, links kept safe."""
    return nh3.clean(
        body.replace("\r\n", "\n").strip(),
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {name: set(values) for name, values in attrs.items()}
            for tag, attrs in ATTRIBUTE_VALUES.items()
        },
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
