"""Whole pages kept in the cache, keyed by the version of the data they were drawn from.

A page a user has seen is drawn again only when something in the database has changed since, when
the minute has turned (pages say "overdue", "today", "in 3 days"), or when Orchard itself changed.
The key holds everything else a page depends on: the session, its contents and its CSRF secret (so
a page, and the token in its forms, only ever goes back to the browser it was drawn for), the user,
the language and time zone, the host and full URL, and the htmx headers.

The data version is kept by database triggers on every table (`install_triggers`, run after every
`migrate` and `flush`), so no write path can forget it: forms, services, bulk updates, raw SQL,
imports, the worker, the admin. A page is stored only when it is a plain 200 HTML answer that set
no cookie and left the session as it was, when drawing it ran nothing but reads, and when no message
was waiting to be shown. A page drawn at version V holds every change committed up to V (perhaps
later ones too), and a change committed after it raises the version before anyone can read it: so
a served page is never older than the data, only than the clock, by less than a minute.

`drawn()` makes every page a miss for the current thread, so `bench` can also measure what a page
costs when it must be drawn.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import connection, connections
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

logger = logging.getLogger("accounts.pagecache")

VERSION_TABLE = "accounts_dataversion"
CHANGE_TABLE = "accounts_datachange"
# Tables no page shows: a change there must not throw every page away.
UNWATCHED = frozenset({VERSION_TABLE, CHANGE_TABLE, "django_session", "django_migrations"})
# How long a stored page is kept: the minute is part of its key, so it is never read after that.
CACHED_FOR = 90
# PostgreSQL: past this many unfolded change rows, the next read folds them into the version row.
FOLD_AFTER = 200

_drawing: contextvars.ContextVar[bool] = contextvars.ContextVar("pagecache_drawing", default=False)


# --- The data version ----------------------------------------------------------------------------
def data_version(using: str = "default") -> int:
    """The number of committed changes to watched tables so far, read in one statement."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE((SELECT changes FROM {VERSION_TABLE} WHERE id = 1), 0),"  # noqa: S608
            f" (SELECT COUNT(*) FROM {CHANGE_TABLE})"
        )
        folded, pending = cursor.fetchone()
    if pending > FOLD_AFTER and not connections[using].in_atomic_block:
        fold(using)
    return folded + pending


def fold(using: str = "default") -> None:
    """Fold the change rows into the version row, in one statement, so the sum never moves."""
    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(
            f"WITH gone AS (DELETE FROM {CHANGE_TABLE} RETURNING 1)"  # noqa: S608
            f" INSERT INTO {VERSION_TABLE} (id, changes) VALUES (1, (SELECT COUNT(*) FROM gone))"
            f" ON CONFLICT (id) DO UPDATE SET changes = {VERSION_TABLE}.changes + EXCLUDED.changes"
        )


_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION orchard_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    statement text := txid_current()::text || ' ' || statement_timestamp()::text;
BEGIN
    -- One change row per statement that changed rows; the setting is local to the transaction.
    IF current_setting('orchard.changed', true) IS DISTINCT FROM statement THEN
        INSERT INTO {CHANGE_TABLE} DEFAULT VALUES;
        PERFORM set_config('orchard.changed', statement, true);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$
"""


def install_triggers(using: str = "default") -> int:
    """Watch every table but the unwatched ones; returns how many tables were newly watched.

    Idempotent and cheap when nothing is missing, so it runs after every `migrate` and `flush`:
    a table a later migration adds (or SQLite rebuilds) is watched from then on.
    """
    conn = connections[using]
    with conn.cursor() as cursor:
        existing = set(conn.introspection.table_names(cursor))
        if VERSION_TABLE not in existing:
            return 0  # not migrated this far yet
        tables = existing - UNWATCHED
        watched = _watched_tables(conn, cursor)
        missing = sorted(tables - watched)
        if not missing:
            return 0
        if conn.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            for table in missing:
                quoted = conn.ops.quote_name(table)
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER orchard_changed BEFORE INSERT OR UPDATE OR DELETE ON {quoted}"
                    " FOR EACH ROW EXECUTE FUNCTION orchard_data_changed()"
                )
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER orchard_truncated AFTER TRUNCATE ON {quoted}"
                    " FOR EACH STATEMENT EXECUTE FUNCTION orchard_data_changed()"
                )
        elif conn.vendor == "sqlite":
            for table in missing:
                quoted = conn.ops.quote_name(table)
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = conn.ops.quote_name(f"orchard_{event.lower()}_{table}")
                    cursor.execute(
                        # Table names come from the database's own catalogue, quoted.
                        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {quoted} BEGIN"  # noqa: S608
                        f" INSERT OR IGNORE INTO {VERSION_TABLE} (id, changes) VALUES (1, 0);"
                        f" UPDATE {VERSION_TABLE} SET changes = changes + 1 WHERE id = 1;"
                        " END"
                    )
        else:  # pragma: no cover - Orchard runs on PostgreSQL and SQLite only
            raise NotImplementedError(conn.vendor)
    return len(missing)


def _watched_tables(conn, cursor) -> set[str]:
    if conn.vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = 'orchard_changed' AND c.relnamespace = 'public'::regnamespace"
        )
        return {row[0] for row in cursor.fetchall()}
    cursor.execute(
        "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'orchard_delete_%'"
    )
    return {row[0] for row in cursor.fetchall()}


def watch_after_migrate(sender, using: str = "default", **kwargs: Any) -> None:
    """`post_migrate` receiver: every table that exists now is watched."""
    install_triggers(using)


# --- The cache -----------------------------------------------------------------------------------
@contextlib.contextmanager
def drawn() -> Iterator[None]:
    """Within this block every page is drawn as on a cache miss: the version is read, the page is
    drawn, nothing is read from or stored in the cache. `bench` measures the cost of a miss so."""
    token = _drawing.set(True)
    try:
        yield
    finally:
        _drawing.reset(token)


@functools.cache
def release() -> str:
    """A fingerprint of the code, templates and translations this process serves: their contents,
    so a deployment that keeps the files' times still draws every page anew."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder in ("accounts", "planning", "risk", "meetings", "assistant", "kam", "templates", "locale"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".mo", ".txt"} and path.is_file():
                digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(request: HttpRequest, version: int) -> str | None:
    session = getattr(request, "session", None)
    if session is None or not session.session_key:
        return None
    parts = [
        request.get_host(),
        request.get_full_path(),
        session.session_key,
        repr(sorted(session.items())),  # whatever a view may read from the session
        request.META.get("CSRF_COOKIE", ""),
        str(request.user.pk),
        getattr(request, "LANGUAGE_CODE", ""),
        timezone.get_current_timezone_name(),
        timezone.now().strftime("%Y-%m-%dT%H:%M"),
        *sorted(f"{k}={v}" for k, v in request.META.items() if k.startswith("HTTP_HX_")),
    ]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()
    return f"page:{release()}:{version}:{digest}"


def _messages_waiting(request: HttpRequest) -> bool:
    # len() loads the stored messages without marking them shown.
    return hasattr(request, "_messages") and len(messages.get_messages(request)) > 0


class _WriteWatch:
    """An execute wrapper that notes any statement other than a plain read."""

    def __init__(self) -> None:
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip()[:6].upper().startswith("SELECT"):
            self.wrote = True
        return execute(sql, params, many, context)


def serve(request: HttpRequest, draw: Callable[[], HttpResponse]) -> HttpResponse:
    """The page `draw` makes, from the cache when this request has been answered at this data
    version, this minute, already; otherwise drawn and, when it is safe to, stored."""
    if request.method != "GET" or _messages_waiting(request):
        return draw()
    drawing = _drawing.get()
    try:
        key = _key(request, data_version())
        stored = caches["pages"].get(key) if key and not drawing else None
    except Exception:  # noqa: BLE001 - an unreachable cache costs speed, not the page
        logger.warning("Page cache unreachable; drawing the page.", exc_info=True)
        return draw()
    if stored is not None:
        get_token(request)  # as drawing the page would: keeps the CSRF cookie fresh
        content, headers = stored
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response
    watch = _WriteWatch()
    with connection.execute_wrapper(watch):
        response = draw()
    if key and not drawing and not watch.wrote and _storable(request, response):
        headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
        try:
            caches["pages"].set(key, (response.content, headers), CACHED_FOR)
        except Exception:  # noqa: BLE001
            logger.warning("Page cache unreachable; the page was not stored.", exc_info=True)
    return response


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """A plain page that changed nothing about the visitor's session or cookies."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and not request.session.modified
    )


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: the view's page through `serve`. For views whose GET only reads."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return serve(request, lambda: view(request, *args, **kwargs))

    return wrapper
