"""The frame every page draws: the top bar and the language switcher, each rendered once per state.

The top bar alone costs a dozen `{% url %}`s, as many translations, static paths and the language
list: more than the rest of a small page. Its template gives the same HTML for every request with the
same language, URLconf, script prefix and navigation state, except for a few values: the CSRF token,
the path to come back to, and the user's initials, name and e-mail address. So it is rendered once per
state with a marker in place of each of those values, cut at the markers, and each page fills them in,
escaped as the template would. The templates stay the source of the HTML; with DEBUG on they are
rendered every time, so an edit shows at once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

TOPBAR = "partials/topbar.html"
LANGUAGE_SWITCHER = "partials/language_switcher.html"
# The per-request values; each marker is letters and digits only, so escaping leaves it as it is.
SLOTS = ("csrf_token", "next_path", "me_initials", "me_name", "me_email")
_MARKERS = {name: f"orchardslot{n}q7x" for n, name in enumerate(SLOTS)}
_SLOT_OF = {marker: name for name, marker in _MARKERS.items()}
# What the {% csrf_token %} tag draws no field for.
NO_TOKEN = frozenset({"", "NOTPROVIDED"})
_CUT = re.compile("(" + "|".join(_MARKERS.values()) + ")")
# Pages of the selection area (their URL names); "Selection" is marked current on each.
SELECTION_URL_NAMES = frozenset(
    {"ranking", "calibration", "future-key-accounts", "criteria-list", "criterion-create", "criterion-edit"}
)


@register.simple_tag(takes_context=True)
def topbar(context) -> SafeString:
    """The top bar: brand, navigation with the current page marked, language, bell and user menu."""
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    state = {"signed_in": signed_in}
    if signed_in:
        state.update(
            nav_portfolio=bool(context.get("nav_portfolio")),
            nav_admin=bool(context.get("nav_admin")),
            current=_current(context.get("request")),
        )
    return _draw(TOPBAR, context, state)


@register.simple_tag(takes_context=True)
def language_switcher(context) -> SafeString:
    """The language form, as `{% include "partials/language_switcher.html" %}` would draw it."""
    return _draw(LANGUAGE_SWITCHER, context, {})


def _current(request) -> dict[str, bool]:
    """Which navigation entry names the page being shown."""
    path = getattr(request, "path", "")
    match = getattr(request, "resolver_match", None)
    url_name, namespace = (match.url_name, match.namespace) if match is not None else ("", "")
    paths = _nav_paths(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return {
        "home": path == paths["home"],
        "actions": path == paths["actions"],
        "customers": path == paths["customers"],
        "selection": url_name in SELECTION_URL_NAMES,
        "risk": namespace == "risk" and url_name != "customer-risk",
        "portfolio": path == paths["portfolio"],
    }


@lru_cache(maxsize=16)
def _nav_paths(urlconf: str, prefix: str) -> dict[str, str]:
    names = {
        "home": "accounts:home",
        "actions": "planning:my-actions",
        "customers": "accounts:customer-list",
        "portfolio": "accounts:portfolio",
    }
    return {key: reverse(name, urlconf=urlconf) for key, name in names.items()}


def _draw(name: str, context, state: dict) -> SafeString:
    values = _values(context)
    if settings.DEBUG or values["csrf_token"] in NO_TOKEN:
        # Nothing cached (a template being edited, or a page without a CSRF token): render it whole.
        return _render(name, {**state, **values})
    key = tuple((k, tuple(v.items()) if isinstance(v, dict) else v) for k, v in sorted(state.items()))
    pieces = _pieces(name, get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), key)
    filled = {slot: conditional_escape(value) for slot, value in values.items()}
    html = "".join(piece if n % 2 == 0 else filled[piece] for n, piece in enumerate(pieces))
    return mark_safe(html)  # noqa: S308 - the template's own output with escaped values in the slots


def _values(context) -> dict[str, str]:
    request = context.get("request")
    user = context.get("user")
    signed_in = user is not None and user.is_authenticated
    return {
        "csrf_token": str(context.get("csrf_token") or ""),
        "next_path": request.get_full_path() if request is not None else "",
        "me_initials": str(user.initials) if signed_in else "",
        "me_name": str(user) if signed_in else "",
        "me_email": str(user.email) if signed_in else "",
    }


@lru_cache(maxsize=512)
def _pieces(name: str, language: str | None, urlconf: str, prefix: str, key: tuple) -> tuple[str, ...]:
    """The template rendered with markers, cut into text (even places) and slot names (odd places).

    The language, URLconf and prefix are part of the cache key though the render reads them from the
    request's state: a render for one of them is never served for another."""
    state = {k: dict(v) if isinstance(v, tuple) else v for k, v in key}
    html = _render(name, {**state, **_MARKERS})
    return tuple(_SLOT_OF.get(piece, piece) if n % 2 else piece for n, piece in enumerate(_CUT.split(html)))


def _render(name: str, context: dict) -> SafeString:
    html = get_template(name).render(context)
    # The top bar's file ends with a newline that base.html already writes after the tag.
    return mark_safe(html[:-1] if name == TOPBAR and html.endswith("\n") else html)  # noqa: S308 - rendered output
