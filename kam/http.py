"""HTTP middleware that applies to every page: headers, login by default, user preferences."""

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

Handler = Callable[[HttpRequest], HttpResponse]


class ContentSecurityPolicyMiddleware:
    """Send the content security policy; Django 5.2 has no built-in header for it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Login by default (views opt out with @login_not_required); htmx gets a full-page redirect."""

    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
            return response
        return super().handle_no_permission(request, view_func)


class UserPreferencesMiddleware:
    """Activate the logged-in user's language and time zone for this request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if user.language and user.language != translation.get_language():
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        response = self.get_response(request)
        timezone.deactivate()
        return response


class HtmxVaryMiddleware:
    """One URL, two shapes: caches must key the page and the fragment apart."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class NoStoreForAuthenticatedMiddleware:
    """Pages for a logged-in user hold other people's data: no browser or proxy may keep them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


def render_page(
    request: HttpRequest, page: str, fragment: str, context: dict, status: int = 200
) -> HttpResponse:
    """One URL, two shapes: the whole page, or for an htmx request only the fragment it includes.

    Boosted navigation (HX-Boosted) wants the whole page, so only a targeted request gets the fragment.
    """

    wants_fragment = bool(getattr(request, "htmx", False)) and not request.htmx.boosted
    return render(request, fragment if wants_fragment else page, context, status=status)
