"""The translation checks themselves (tests/i18n.py): each finds what it is meant to find."""

import polib
import pytest

from i18n import (
    mo_matches_po,
    source_messages,
    template_messages,
    untranslated_in,
    untranslated_messages,
    untranslated_text,
)


def test_text_outside_translation_tags_is_found_and_translated_text_is_not() -> None:
    source = """{% load i18n %}<title>{% block title %}My profile{% endblock %}</title>
    <p>{% translate "Saved" %} {{ count }} &middot; 12.5%</p>
    {% blocktranslate trimmed with n=count %}You have {{ n }} items.{% endblocktranslate %}
    {% comment %}Why this page exists{% endcomment %}{# a note #}
    <img src="{% static 'a.png' %}" alt="A chart" class="wide figure">
    <a href="/x" aria-label="{% translate 'Back' %}" title="Go back">&rarr;</a>
    <meta name="viewport" content="width=device-width"><meta name="description" content="Hi">
    <script src="s.js">var notText = 1;</script> Hallmark CESP
    <span>{{ value|default:"None given" }}</span><b id="{{ prefix|default:'form' }}-title"></b>"""
    assert untranslated_in(source) == ["My profile", "A chart", "Go back", "Hi", "None given"]


def test_a_real_template_is_read_through_the_template_engine() -> None:
    assert untranslated_text("hallmark/base.html") == []
    assert (None, "Skip to main content", None) in template_messages("hallmark/base.html")


def test_the_messages_of_a_template_are_those_django_asks_the_catalog_for() -> None:
    found = template_messages("hallmark/_error_summary.html")
    assert found == {(None, "There is a problem", None)}
    assert template_messages("hallmark/form.html") == set()  # the summary is an include


def test_python_messages_are_read_with_their_context_and_plural() -> None:
    source = """
from django.utils.translation import gettext as _, ngettext, pgettext_lazy
a = _("Saved.")
b = ngettext("%(n)s seat", "%(n)s seats", n)
c = pgettext_lazy("month", "May")
d = _(variable)
e = print("not marked")
"""
    assert source_messages(source) == {
        (None, "Saved.", None),
        (None, "%(n)s seat", "%(n)s seats"),
        ("month", "May", None),
    }


def _catalog(*entries: polib.POEntry) -> polib.POFile:
    catalog = polib.POFile()
    catalog.extend(entries)
    return catalog


def test_a_message_missing_empty_or_fuzzy_in_the_catalog_is_reported() -> None:
    catalog = _catalog(
        polib.POEntry(msgid="Saved.", msgstr="Guardado."),
        polib.POEntry(msgid="Empty", msgstr=""),
        polib.POEntry(msgid="Guess", msgstr="Adivinanza", flags=["fuzzy"]),
        polib.POEntry(
            msgid="%(n)s seat", msgid_plural="%(n)s seats", msgstr_plural={0: "%(n)s lugar", 1: ""}
        ),
    )
    used = [
        (None, "Saved."),
        (None, "Empty"),
        (None, "Guess"),
        (None, "Absent"),
        ("month", "Saved."),
    ]
    assert untranslated_messages(catalog, [(c, m, None) for c, m in used]) == [
        "'Absent'",
        "'Empty'",
        "'Guess'",
        "'Saved.' (context 'month')",
    ]
    assert untranslated_messages(catalog, [(None, "%(n)s seat", "%(n)s seats")]) == ["'%(n)s seat'"]


@pytest.mark.parametrize("app_label", ["hallmark_site"])
def test_the_committed_mo_holds_the_po_and_a_changed_po_no_longer_matches(
    app_label, tmp_path, monkeypatch
) -> None:
    assert mo_matches_po(app_label)
    import i18n

    real = i18n.catalog_path
    po = polib.pofile(str(real(app_label)))
    po[0].msgstr = "otra cosa"
    po.save(str(tmp_path / "django.po"))
    monkeypatch.setattr(
        i18n,
        "catalog_path",
        lambda label, suffix=".po": (
            tmp_path / "django.po" if suffix == ".po" else real(label, suffix)
        ),
    )
    assert not mo_matches_po(app_label)
