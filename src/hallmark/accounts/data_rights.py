"""A person's data, gathered from every app: the export they download, and what erasure removes
and keeps.

Each app owns its part in its own `personal_data` module (see `hallmark.accounts.personal_data`
for the shape), found here by name as `hallmark.accounts.roles` finds `permissions`, so that
accounts imports none of the apps above it. Exam content is in no part: no item text, options,
keys or responses, only a result's scores.
"""

import datetime
import functools
import importlib
import importlib.util
import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from hallmark.accounts.models import User
from hallmark.accounts.personal_data import Row

EXPORT_FORMAT = "hallmark-personal-data"
EXPORT_VERSION = 1
# Said in every export, so that nobody wonders where the exam went.
EXCLUDED = (
    _("exam content: the questions, their options and keys, and the options you chose"),
    _("other people's data, and staff's internal notes"),
)


def parts() -> list[ModuleType]:
    """Every installed app's `personal_data` module, in the order of INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.personal_data"
        if config.name.startswith("hallmark.") and importlib.util.find_spec(name):
            found.append(importlib.import_module(name))
    return found


@dataclass(frozen=True)
class Section:
    """One titled table of the export. `title` and the rows' keys are English (the JSON keeps
    them); `shown_title` and `shown_columns` say them in the reader's language (the PDF)."""

    title: str
    rows: list[Row]

    @functools.cached_property
    def columns(self) -> list[str]:
        names: dict[str, None] = {}
        for row in self.rows:
            names.update(dict.fromkeys(row))
        return list(names)

    @property
    def shown_title(self) -> str:
        return gettext(self.title)

    @property
    def shown_columns(self) -> list[str]:
        return [gettext(column) for column in self.columns]

    @property
    def cells(self) -> list[list[str]]:
        """The rows as the PDF shows them, one cell per column."""
        return [[_shown(row.get(column)) for column in self.columns] for row in self.rows]


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        if value:
            return pgettext("a cell of the personal data export", "yes")
        return pgettext("a cell of the personal data export", "no")
    return str(value)


def sections(person: User) -> list[Section]:
    """Every app's part. Its values (statuses, outcomes) are English, as the API's are, whoever
    reads it: a JSON export reads the same in every language, and the PDF translates only its
    titles and headings."""
    with translation.override("en"):  # a label (get_status_display()) is made text here
        return [
            Section(title, rows) for part in parts() for title, rows in part.export(person).items()
        ]


def export_document(person: User, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Everything Hallmark holds about the person, as plain JSON, in English whoever reads it."""
    with translation.override("en"):
        excluded = [str(line) for line in EXCLUDED]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": (now or timezone.now()).isoformat(),
        "issuer": settings.SITE_NAME,
        "person": person.email,
        "excluded": excluded,
        "sections": [{"title": s.title, "rows": s.rows} for s in sections(person)],
    }


def export_json(person: User) -> bytes:
    return json.dumps(export_document(person), indent=2, ensure_ascii=False).encode()


def export_pdf(person: User) -> bytes:
    """The same export as a PDF, from one template (WeasyPrint, nothing fetched)."""
    html = render_to_string(
        "accounts/pdf/personal_data.html",
        {
            "person": person,
            "sections": sections(person),
            "excluded": EXCLUDED,
            "exported_at": timezone.now(),
            "site_name": settings.SITE_NAME,
        },
    )
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
    return pdf


@dataclass(frozen=True)
class ErasurePlan:
    """What carrying out an erasure removes and what it keeps, in words, app by app."""

    removed: list[str]
    kept: list[str]


def erasure_plan(language: str | None = None) -> ErasurePlan:
    """What erasure removes and keeps, in `language` (else the reader's)."""
    if language is not None:
        with translation.override(language):
            return erasure_plan()
    removed: list[str] = []
    kept: list[str] = []
    for part in parts():
        # In the reader's language (the parts' lines are marked for translation).
        removed.extend(str(line) for line in getattr(part, "REMOVED", ()))
        kept.extend(str(line) for line in getattr(part, "KEPT", ()))
    return ErasurePlan(removed, kept)


def erase_everywhere(person: User, now: datetime.datetime) -> list[str]:
    """Each app's erasure, in order (inside the caller's transaction); what each did."""
    done: list[str] = []
    for part in parts():
        if hasattr(part, "erase"):
            done.extend(part.erase(person, now))
    return done
