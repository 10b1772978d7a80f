"""Translation checks shared by every app's catalog test (docs/operations.md, "Languages").

A candidate or public template passes when (1) no text outside {% translate %} and
{% blocktranslate %} still holds words, (2) every message it and the app's marked Python use has
a Spanish translation in the app's catalog, and (3) the committed .mo holds exactly the .po's
translations. The catalogs are read with polib, so no GNU gettext is needed.
"""

import ast
import datetime
import importlib.util
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import polib
from django.apps import apps
from django.template import Context, engines
from django.template.base import Lexer, Node, Template, TokenType, Variable
from django.templatetags.i18n import BlockTranslateNode, TranslateNode

import hallmark

LANGUAGE = "es"
# Names that stay as they are in every language (a program's own name comes from the database).
PROPER_NAMES = frozenset({"Hallmark", "CESP", "PDF", "JSON", "LinkedIn", "Open", "Badges", "OB3"})
# Attributes whose values people read or hear.
TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})
# <meta content> is text only for these names or properties (not viewport, og:url, ...).
TEXT_META = frozenset({"description", "og:title", "og:description", "og:image:alt"})
# Filters whose string argument is shown as text ({{ x|default:"None" }}).
TEXT_FILTERS = re.compile(r"\|(?:default|default_if_none|yesno|pluralize):(\"[^\"]*\"|'[^']*')")
WORD = re.compile(r"[^\W\d_]+")
# Tags whose body is translated, or never shown.
SKIPPED_BODIES = {"blocktranslate", "blocktrans", "comment"}

# A message as catalogs key it: (context, msgid, plural msgid).
Message = tuple[str | None, str, str | None]


def _has_words(text: str, allowed: frozenset[str]) -> bool:
    return any(word not in allowed for word in WORD.findall(text))


def _django_template(template_name: str) -> Template:
    return engines["django"].get_template(template_name).template  # type: ignore[attr-defined]


class _TextFinder(HTMLParser):
    """Collects the text of a page: its data outside script/style, and text attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        values = dict(attrs)
        self.texts.extend(v for name, v in attrs if name in TEXT_ATTRIBUTES and v)
        if tag == "meta" and (values.get("name") or values.get("property")) in TEXT_META:
            self.texts.append(values.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.texts.append(data)


def _visible_source(source: str) -> str:
    """The template's HTML with every tag and variable blanked out (translated parts too),
    except the literal text a variable's filter shows ({{ x|default:"None" }}): the HTML parser
    then tells whether it lands in text or in an attribute that is not read (an id)."""
    pieces, skipping = [], None
    for token in Lexer(source).tokenize():
        kind = token.token_type
        if skipping:
            if kind == TokenType.BLOCK and token.contents.split()[0] == skipping:
                skipping = None
            continue
        if kind == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        shown = [m.group(1)[1:-1] for m in TEXT_FILTERS.finditer(token.contents)]
        pieces.append(f" {' '.join(shown)} " if kind == TokenType.VAR else " ")
        if kind == TokenType.BLOCK and token.contents.split()[0] in SKIPPED_BODIES:
            skipping = "end" + token.contents.split()[0]
    return "".join(pieces)


def untranslated_in(source: str, allowed: frozenset[str] = PROPER_NAMES) -> list[str]:
    """Text with words in a template's source that no translation tag wraps."""
    finder = _TextFinder()
    finder.feed(_visible_source(source))
    finder.close()
    texts = [" ".join(text.split()) for text in finder.texts]
    return [text for text in texts if _has_words(text, allowed)]


def untranslated_text(template_name: str, allowed: frozenset[str] = PROPER_NAMES) -> list[str]:
    """Text with words in a template that no translation tag wraps."""
    return untranslated_in(_django_template(template_name).source, allowed)


def _literal(expression: object) -> str | None:
    """The string of a constant in a tag ("…" or a Variable of one), else None."""
    var = getattr(expression, "var", None)
    if isinstance(var, Variable):
        return var.literal if isinstance(var.literal, str) else None
    return var if isinstance(var, str) else None


def _node_messages(node: Node) -> Iterator[Message]:
    if isinstance(node, TranslateNode):
        msgid = _literal(node.filter_expression)
        context = node.message_context and node.message_context.resolve(Context())
        if msgid is not None:
            yield (context or None, msgid.replace("%", "%%"), None)
    elif isinstance(node, BlockTranslateNode):
        context = node.message_context and node.message_context.resolve(Context())
        singular = node.render_token_list(node.singular)[0]
        plural = node.render_token_list(node.plural)[0] if node.plural else None
        yield (context or None, singular, plural)


def template_messages(template_name: str) -> set[Message]:
    """The messages a template's translation tags ask the catalog for (as Django asks)."""
    nodelist = _django_template(template_name).nodelist
    found: set[Message] = set()
    for kind in (TranslateNode, BlockTranslateNode):
        for node in nodelist.get_nodes_by_type(kind):
            found.update(_node_messages(node))
    return found


# gettext functions -> where their context, msgid and plural msgid are among the arguments.
_GETTEXT_ARGS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def _call_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def _string_arg(call: ast.Call, index: int | None) -> str | None:
    if index is None or index >= len(call.args):
        return None
    arg = call.args[index]
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None


def source_messages(source: str) -> set[Message]:
    """The messages Python source marks with gettext and its kin (string literals only)."""
    found: set[Message] = set()
    for call in ast.walk(ast.parse(source)):
        if isinstance(call, ast.Call) and _call_name(call) in _GETTEXT_ARGS:
            context, msgid, plural = _GETTEXT_ARGS[_call_name(call)]
            text = _string_arg(call, msgid)
            if text is not None:
                found.add((_string_arg(call, context), text, _string_arg(call, plural)))
    return found


def module_messages(module: str | ModuleType) -> set[Message]:
    name = module if isinstance(module, str) else module.__name__
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        raise LookupError(f"no module {name}")
    return source_messages(Path(spec.origin).read_text(encoding="utf-8"))


def catalog_path(app_label: str, suffix: str = ".po") -> Path:
    """An app's catalog, or that of a package of hallmark that is no app ("lib")."""
    try:
        folder = Path(apps.get_app_config(app_label).path)
    except LookupError:
        folder = Path(hallmark.__file__).parent / app_label
    return folder / "locale" / LANGUAGE / "LC_MESSAGES" / f"django{suffix}"


def _forms(entry: polib.POEntry | polib.MOEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def _complete(entry: polib.POEntry | polib.MOEntry) -> bool:
    if getattr(entry, "obsolete", False) or "fuzzy" in getattr(entry, "flags", []):
        return False
    return bool(entry.msgid) and all(_forms(entry))


def translated(
    catalog: Iterable[polib.POEntry | polib.MOEntry],
) -> dict[Message, tuple[str, ...]]:
    """The catalog's translations (not fuzzy, not obsolete, every form non-empty)."""
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural or None): _forms(entry)
        for entry in catalog
        if _complete(entry)
    }


def untranslated_messages(catalog: Iterable[polib.POEntry], used: Iterable[Message]) -> list[str]:
    """The used messages that the catalog does not translate, as readable lines."""
    known = translated(catalog)
    return sorted(
        f"{msgid!r}" + (f" (context {context!r})" if context else "")
        for context, msgid, plural in set(used)
        if (context, msgid, plural) not in known
    )


def missing_translations(
    app_label: str, template_names: Iterable[str], python_modules: Iterable[str | ModuleType]
) -> list[str]:
    """Messages of these templates and modules without a Spanish translation in the app's
    catalog; empty when the catalog is complete for them."""
    used: set[Message] = set()
    for name in template_names:
        used |= template_messages(name)
    for module in python_modules:
        used |= module_messages(module)
    return untranslated_messages(polib.pofile(str(catalog_path(app_label))), used)


def mo_matches_po(app_label: str) -> bool:
    """Whether the app's compiled catalog holds exactly its source's translations."""
    po = polib.pofile(str(catalog_path(app_label)))
    mo = polib.mofile(str(catalog_path(app_label, ".mo")))
    return translated(po) == translated(mo)


SPANISH_MONTHS = (
    *("enero", "febrero", "marzo", "abril", "mayo", "junio"),
    *("julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
)


def spanish_day(day: datetime.date) -> str:
    """A day as a Spanish page writes it ("3 de marzo de 2026"), written out independently of
    Django's formats so that a test of them can fail."""
    return f"{day.day} de {SPANISH_MONTHS[day.month - 1]} de {day.year}"
