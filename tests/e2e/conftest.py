"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright is never asked to download a browser; the system Chromium is used (CHROMIUM_PATH to
override). A missing browser fails the tests: a skipped browser test would hide a broken setup.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect, sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 820, "height": 1180}
TIMEOUT_MS = 5_000


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    found = shutil.which(path)
    if not found:
        pytest.fail(
            f"Chromium not found at {path!r}. Install Debian's chromium package or set CHROMIUM_PATH "
            "to a Chromium executable; the browser tests never download one.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all browser tests, closed when they are done.

    Package scope, not session: while Playwright's sync API is alive it keeps an event loop running
    in this thread, so Django refuses ORM calls made here unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
    Both must end with the browser tests, or every later test (and any subprocess it starts, such as
    `manage.py check --deploy`) would run with async safety switched off.
    """
    executable = chromium_path()
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context (no cookies) on the live server, in English, at desktop size."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def browser_errors(page: Page) -> list[str]:
    """Script errors and console errors (a blocked script or style shows up here as a CSP error)."""
    errors: list[str] = []

    def on_console(message) -> None:
        # A request that hx-sync="this:replace" cancels in favour of a newer one is logged as
        # htmx:afterRequest followed by htmx:sendAbort: intended behaviour when the user changes a
        # form faster than the server answers. A failed or timed-out request (afterRequest followed
        # by sendError or timeout) stays an error.
        if message.type != "error":
            return
        if "htmx:sendAbort" in message.text:
            if errors and errors[-1].startswith("htmx:afterRequest"):
                errors.pop()
            return
        errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    folder = Path(settings.ARTIFACTS_DIR) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(screenshot_dir: Path) -> Callable[[Page, str], Path]:
    """Save a full-page PNG named after what it shows, for a person to look at after the run."""

    def take(page: Page, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
