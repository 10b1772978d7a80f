"""An item's or a case set's attached file as an HTTP response: kept private wherever it is
served (the staff pages, the exam)."""

from django.http import Http404, HttpResponse

from hallmark.itembank.models import ItemMedia, ItemSetMedia
from hallmark.lib.views import kept_private


def file_response(media: ItemMedia | ItemSetMedia) -> HttpResponse:
    """The file's bytes as what they are."""
    return kept_private(HttpResponse(bytes(media.data), content_type=media.content_type))


def captions_response(media: ItemMedia | ItemSetMedia) -> HttpResponse:
    """A video's WebVTT captions, for its <track>; 404 for a file without them."""
    if not media.captions:
        raise Http404("No captions.")
    return kept_private(HttpResponse(media.captions, content_type="text/vtt; charset=utf-8"))
