"""The public registry: search by name and program, look up by credential number."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hallmark.certification.forms import NumberLookupForm, RegistrySearchForm
from hallmark.certification.ratelimit import rate_limited
from hallmark.certification.registry import RegistryEntry, find_by_number, search_by_name


@rate_limited("registry")
def registry(request: HttpRequest) -> HttpResponse:
    search = RegistrySearchForm(request.GET or None, prefix="search")
    lookup = NumberLookupForm(prefix="lookup")
    page = None
    if search.is_valid():
        found = search_by_name(search.cleaned_data["name"], search.cleaned_data["program"])
        page = Paginator(found, 25).get_page(request.GET.get("page"))
        page.object_list = [RegistryEntry.of(c) for c in page.object_list]
    return render(
        request,
        "certification/registry.html",
        {"search": search, "lookup": lookup, "page": page},
    )


@rate_limited("registry")
def lookup(request: HttpRequest) -> HttpResponse:
    form = NumberLookupForm(request.GET or None, prefix="lookup")
    if not form.is_valid():
        search = RegistrySearchForm(prefix="search")
        return render(
            request,
            "certification/registry.html",
            {"search": search, "lookup": form, "page": None},
            status=400 if request.GET else 200,
        )
    return credential_detail(request, form.cleaned_data["number"])


@rate_limited("registry")
def credential_detail(request: HttpRequest, number: str) -> HttpResponse:
    credential = find_by_number(number)
    if credential is None:
        raise Http404("No credential has this number.")
    return render(request, "certification/credential.html", {"entry": RegistryEntry.of(credential)})
