"""The per-role guides: a public index at /guides/, each guide's Markdown rendered at
/guides/<role>/ and its screenshots at /guides/images/<name>.png.

The guides live in docs/guides of the source tree (found from the package), or in the folder
HALLMARK_GUIDES_DIR names. A server without them says where they are published instead.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django.views.static import serve

from hallmark.site.guide_markup import IMAGE_NAME, render_guide

# Where the guides are published when this server has no copy of them.
PUBLISHED_AT = "docs/guides/ in Hallmark's source code"
IMAGE_MAX_AGE = 24 * 60 * 60  # screenshots change only with a new release


@dataclass(frozen=True)
class Guide:
    role: str  # the file's name, docs/guides/<role>.md, and the page's address
    title: str
    summary: str


GUIDES: tuple[Guide, ...] = (
    Guide(
        "candidate",
        "Candidate",
        "Find a program, apply, book a seat, take the exam, read your result.",
    ),
    Guide(
        "certificant",
        "Certificant",
        "Your credential: the badge, the share page, LinkedIn, verifying, renewing, your data.",
    ),
    Guide(
        "program-manager",
        "Program manager",
        "The content outline, blueprint, policies, handbook, windows and job analysis.",
    ),
    Guide(
        "item-writer",
        "Item writer and reviewer",
        "Write items, submit them for review, review others' items with the checklist.",
    ),
    Guide(
        "psychometrician",
        "Psychometrician",
        "Item statistics, bank health, forms, scoring, equating and the technical report.",
    ),
    Guide(
        "credentialing-officer",
        "Credentialing officer",
        "Applications, accommodations, credentials, casework, renewals and erasure requests.",
    ),
    Guide(
        "proctor",
        "Proctor",
        "Your windows' sessions: check in, pause, add time, void, report incidents.",
    ),
    Guide(
        "operator",
        "Operator",
        "Install, run, back up, schedule the daily job and the workers, rotate keys.",
    ),
)
ROLES = frozenset(guide.role for guide in GUIDES)


def guides_dir() -> Path:
    return Path(settings.HALLMARK_GUIDES_DIR)


@require_safe
def guide_index(request: HttpRequest) -> HttpResponse:
    folder = guides_dir()
    context = {
        "guides": GUIDES if folder.is_dir() else (),
        "published_at": PUBLISHED_AT,
    }
    return render(request, "hallmark/guides.html", context)


def _guide(role: str) -> Guide:
    for guide in GUIDES:
        if guide.role == role:
            return guide
    raise Http404(f"No guide for the role {role!r}.")


@require_safe
def guide_page(request: HttpRequest, role: str) -> HttpResponse:
    guide = _guide(role)
    source = guides_dir() / f"{guide.role}.md"
    if not source.is_file():
        raise Http404(f"This server does not have the {guide.title} guide.")
    stat = source.stat()
    body = _rendered(str(source), stat.st_mtime_ns, stat.st_size)
    context = {
        "guide": guide,
        "body": mark_safe(body),  # noqa: S308 - cleaned by render_guide
        "published_at": PUBLISHED_AT,
    }
    return render(request, "hallmark/guide.html", context)


@functools.lru_cache(maxsize=len(GUIDES))
def _rendered(path: str, mtime_ns: int, size: int) -> str:
    """A guide's HTML, rendered once per version of its file (the time and size say which)."""
    return render_guide(Path(path).read_text(encoding="utf-8"), ROLES)


@require_safe
def guide_image(request: HttpRequest, name: str) -> HttpResponseBase:
    """A screenshot of the guides: only a PNG the images folder holds, by its plain name."""
    if not IMAGE_NAME.fullmatch(name):
        raise Http404("No such image.")
    response = serve(request, name, document_root=str(guides_dir() / "images"))
    patch_cache_control(response, public=True, max_age=IMAGE_MAX_AGE)
    return response
