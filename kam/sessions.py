"""Sessions read from the cache, kept in the database: Django's `cached_db`, with the cache allowed
to fail.

Django's store already reads the database when a cache read fails, but it writes the cache back
and deletes from it without a guard, so with Redis unreachable every page and every logout would
answer 500. Here a failing cache is logged and passed over: the session lives on in the database,
and pages are slower (one timeout per cache call), not broken.

A cached copy lives at most `CACHED_FOR` seconds, then the next page reads the database again. If
the cache cannot be reached when someone logs out, the copy it still holds cannot be deleted; the
short life bounds how long that copy could stand in for the deleted session once the cache is back.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

logger = logging.getLogger("kam.sessions")

CACHED_FOR = 600


class _Forgiving:
    """The cache calls the session store makes, each one allowed to fail."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self._cache.get(key, default)
        except Exception:  # noqa: BLE001 - an unreachable cache must not stop a page
            logger.warning("Session cache unreachable; reading the session from the database.")
            return default

    def __contains__(self, key: str) -> bool:
        try:
            return key in self._cache
        except Exception:  # noqa: BLE001 - the store then asks the database
            return False

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        try:
            self._cache.set(key, value, CACHED_FOR if timeout is None else min(timeout, CACHED_FOR))
        except Exception:  # noqa: BLE001
            logger.warning("Session cache unreachable; the session is kept in the database only.")

    def delete(self, key: str) -> None:
        try:
            self._cache.delete(key)
        except Exception:  # noqa: BLE001
            # The database row is gone already; the copy expires within CACHED_FOR.
            logger.warning("Session cache unreachable; the cached copy of a session was not deleted.")


class SessionStore(CachedDBStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache = _Forgiving(self._cache)
