"""The language a person reads Hallmark in: English or Spanish.

Django's LocaleMiddleware picks the switcher's cookie, else the browser's Accept-Language; a
signed-in person's saved choice (`User.language`, "" to follow the browser) wins over both. The
footer's switcher posts here; for a signed-in person it also saves the choice to the profile.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from hallmark.accounts import services


class PersonLanguageMiddleware:
    """After authentication: a signed-in person's saved language beats the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


def _back(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else "/"


@csrf_exempt
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The switcher: remember the language in a cookie, and on the profile when signed in.

    Only a signed-in person's switch needs the CSRF token (it changes their profile), and their
    pages carry it. A visitor's switch only sets this browser's cookie, so the switcher on a
    public page carries no token, and a page a shared cache keeps (the registry's) sets no
    CSRF cookie that the cache would hand to everyone after.
    """
    if request.user.is_authenticated:
        return _saved_choice(request)
    return _switch(request)


@csrf_protect
def _saved_choice(request: HttpRequest) -> HttpResponse:
    return _switch(request)


def _switch(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        known = ", ".join(dict(settings.LANGUAGES))
        return HttpResponseBadRequest(
            _("Unknown language %(code)r: choose one of %(known)s.")
            % {"code": code, "known": known}
        )
    if request.user.is_authenticated:
        services.choose_language(request.user, code, by=request.user)
    translation.activate(code)
    response = redirect(_back(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE or settings.HTTPS,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
