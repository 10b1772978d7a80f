"""A role guide's Markdown as safe HTML for /guides/<role>/.

The guides are written to be read on a code host as well: their links are relative to
docs/guides/. Here a link to another guide goes to its page, an image to /guides/images/, and a
link to the rest of docs/ (which this site does not serve) becomes its text followed by the file's
path in the source. Raw HTML in the Markdown is not rendered, and the result is cleaned again.
"""

import posixpath
import re
from collections.abc import Collection
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "code", "pre",
        "a", "img", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "ol": {"start"}}
IMAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.png")
GUIDES_URL = "/guides/"
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def _split(href: str) -> tuple[str, str]:
    path, _, fragment = href.partition("#")
    return path, f"#{fragment}" if fragment else ""


def guide_href(href: str, roles: Collection[str]) -> str | None:
    """Where a link of a guide goes on this site, or None for a file it does not serve."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "#")):
        return href
    path, fragment = _split(href)
    if path == "README.md":
        return GUIDES_URL + fragment
    if path.endswith(".md") and path.removesuffix(".md") in roles:
        return f"{GUIDES_URL}{path.removesuffix('.md')}/{fragment}"
    if path.startswith("images/") and IMAGE_NAME.fullmatch(path.removeprefix("images/")):
        return GUIDES_URL + path
    return None


def source_path(href: str) -> str:
    """The file (and section) a relative link of docs/guides/ names, from the top of the source
    tree."""
    path, fragment = _split(href)
    return posixpath.normpath(posixpath.join("docs/guides", path)) + fragment


def _rewrite_link(tokens: list[Token], index: int, roles: Collection[str]) -> None:
    opening = tokens[index]
    href = str(opening.attrGet("href") or "")
    target = guide_href(href, roles)
    if target is not None:
        opening.attrSet("href", target)
        return
    # Keep the words; say which file of the source they point to.
    closing = next(t for t in tokens[index:] if t.type == "link_close" and t.level == opening.level)
    opening.type, opening.tag, opening.attrs = "text", "", {}
    closing.type, closing.tag, closing.content = "text", "", f" ({source_path(href)})"


def _rewrite_image(token: Token, roles: Collection[str]) -> None:
    target = guide_href(str(token.attrGet("src") or ""), roles)
    if target is not None and target.startswith(GUIDES_URL + "images/"):
        token.attrSet("src", target)
        return
    # An image the site does not hold: its description instead.
    token.type, token.tag, token.attrs = "text", "", {}
    token.content = token.content or "".join(child.content for child in token.children or [])


def render_guide(markdown: str, roles: Collection[str]) -> str:
    """The guide's HTML, its links and images pointing to this site's pages."""
    tokens = _MARKDOWN.parse(markdown)
    for block in tokens:
        children = block.children or []
        for index, token in enumerate(children):
            if token.type == "link_open":
                _rewrite_link(children, index, roles)
            elif token.type == "image":
                _rewrite_image(token, roles)
    html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    return nh3.clean(
        html,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes={"https", "http", "mailto"},
        link_rel="noopener noreferrer",
    )
