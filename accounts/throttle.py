"""Failed-login throttling: a few tries, then a cool-off that ends by itself.

Counts live in the cache under the e-mail address and under the client address, so one
attacker cannot lock a colleague out for good and a lock is never permanent: it expires
with the cache key. If the cache is unreachable, logins still work (throttling fails open).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)


def _keys(email: str, client: str) -> list[str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:email:{digest}", f"login-fail:client:{client}"]


def _limits() -> tuple[int, int]:
    # A client address may be a whole office behind one gateway: it gets more tries.
    return settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT * 4


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def seconds_locked(email: str, client: str) -> int:
    """How long until this e-mail/client may try again; 0 when it may try now."""
    try:
        values = cache.get_many(_keys(email, client))
    except Exception:  # noqa: BLE001 - a broken cache must not stop people logging in
        log.warning("Login throttle cache unavailable; not throttling")
        return 0
    now = time.time()
    limits = dict(zip(_keys(email, client), _limits(), strict=True))
    waits = [
        math.ceil(entry["until"] - now)
        for key, entry in values.items()
        if entry.get("count", 0) >= limits[key] and entry.get("until", 0) > now
    ]
    return max(waits, default=0)


def record_failure(email: str, client: str) -> None:
    cool_off = settings.LOGIN_COOL_OFF_SECONDS
    try:
        for key in _keys(email, client):
            entry = cache.get(key) or {"count": 0}
            entry["count"] += 1
            entry["until"] = time.time() + cool_off
            cache.set(key, entry, timeout=cool_off)
    except Exception:  # noqa: BLE001
        log.warning("Login throttle cache unavailable; failure not counted")


def record_success(email: str, client: str) -> None:
    try:
        cache.delete(_keys(email, client)[0])
    except Exception:  # noqa: BLE001
        log.warning("Login throttle cache unavailable")
