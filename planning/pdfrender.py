"""HTML in, PDF out, with WeasyPrint: nothing fetched but our own static files, and a time limit.

WeasyPrint needs Pango (and HarfBuzz, Fontconfig) from the operating system. Without them
`import weasyprint` fails; `unavailable_reason()` then says which packages to install, the PDF
buttons say so instead of failing, and `manage.py check` warns.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import multiprocessing
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders

log = logging.getLogger(__name__)
# WeasyPrint reports each layout step at INFO; a worker's log needs only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# Debian/Ubuntu package names of the system libraries WeasyPrint loads.
SYSTEM_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "libfontconfig1")
# Where a document's own pictures live while it is drawn (no such page exists on the site).
PICTURES_PATH = "/pdf-pictures/"
# Generous: a plan of 500 actions and 200 white-space rows takes tens of seconds on a busy machine.
TIME_LIMIT_SECONDS = 120


class PdfUnavailable(RuntimeError):
    """The PDF engine cannot run on this machine (system libraries missing)."""


class PdfTimeout(RuntimeError):
    """Rendering took longer than the time limit and was stopped."""


@functools.cache
def unavailable_reason() -> str:
    """ "" when PDFs can be made here, else a sentence naming what to install."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        log.warning("WeasyPrint cannot load: %s", error)
        return (
            "PDF export needs the system libraries Pango, HarfBuzz and Fontconfig "
            f"(Debian/Ubuntu: apt-get install {' '.join(SYSTEM_PACKAGES)}): {error}"
        )
    return ""


def load_engine() -> None:
    """Load WeasyPrint and the hyphenation patterns of every interface language into this process,
    so each PDF's child process (forked from it) starts with them instead of reading them again."""
    if unavailable_reason():
        return
    import pyphen

    for code, _name in settings.LANGUAGES:
        if pyphen.language_fallback(code):
            pyphen.Pyphen(lang=code)  # fills pyphen's own cache of parsed patterns


def picture_url(name: str) -> str:
    """The address by which a document refers to one of the `pictures` given to `render`."""
    return settings.SITE_URL + PICTURES_PATH + name


def static_fetcher(pictures: Mapping[str, str] | None = None):
    """WeasyPrint's URL fetcher: our static files only (fonts, images, style) and the document's
    own SVG pictures (`picture_url`); anything else — another host, a file path, a data URL — is
    refused, so a document can never make the server fetch a URL or read a file."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    pictures = pictures or {}

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            name = url.removeprefix(picture_url(""))
            if name != url and name in pictures:
                return URLFetcherResponse(url, pictures[name].encode(), {"Content-Type": "image/svg+xml"})
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Refused to fetch {url[:80]!r}: only our static files are allowed")
            mime, _encoding = mimetypes.guess_type(path.name)
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": mime or "application/octet-stream"}
            )

    return StaticOnly(allowed_protocols=("http", "https"))


def _static_path(url: str) -> Path | None:
    parsed = urlparse(url)
    prefix = settings.STATIC_URL
    if parsed.scheme not in ("http", "https") or parsed.query or parsed.fragment:
        return None
    site = urlparse(settings.SITE_URL)
    if (parsed.scheme, parsed.netloc) != (site.scheme, site.netloc):
        return None
    if not parsed.path.startswith(prefix):
        return None
    relative = unquote(parsed.path[len(prefix) :])
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    if not found:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = str(candidate) if candidate.is_file() else None
    return Path(found) if found else None


def render(
    html: str,
    target: Path,
    *,
    pictures: Mapping[str, str] | None = None,
    time_limit: float = TIME_LIMIT_SECONDS,
) -> int:
    """Write the PDF of `html` to `target`; returns its number of pages. `pictures` are SVG
    documents by name that `html` shows as `<img src="{picture_url(name)}">`.

    Runs in a child process that is stopped after `time_limit` seconds (PdfTimeout). Raises
    PdfUnavailable when the system libraries are missing.
    """
    reason = unavailable_reason()
    if reason:
        raise PdfUnavailable(reason)
    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    if context is None:  # pragma: no cover - every supported system forks
        return _write(html, str(target), pictures)
    with tempfile.NamedTemporaryFile(suffix=".pages", delete=False) as handle:
        pages_file = handle.name
    try:
        child = context.Process(target=_child, args=(html, str(target), pages_file, pictures), daemon=True)
        child.start()
        child.join(time_limit)
        if child.is_alive():
            child.kill()
            child.join()
            target.unlink(missing_ok=True)
            raise PdfTimeout(f"The PDF took longer than {time_limit:.0f} s and was stopped")
        if child.exitcode != 0:
            raise RuntimeError(f"The PDF could not be made (exit code {child.exitcode})")
        return int(Path(pages_file).read_text() or 0)
    finally:
        Path(pages_file).unlink(missing_ok=True)


def _child(html: str, target: str, pages_file: str, pictures: Mapping[str, str] | None) -> None:
    Path(pages_file).write_text(str(_write(html, target, pictures)))


def _write(html: str, target: str, pictures: Mapping[str, str] | None = None) -> int:
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url=settings.SITE_URL + "/", url_fetcher=static_fetcher(pictures)
    ).render()
    document.write_pdf(target)
    return len(document.pages)
