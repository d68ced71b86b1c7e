"""Failed-login throttling and password-reset rate limits: a few tries, then a pause that ends by itself.

Counts live in the cache under the e-mail address and under the client address, so a lock is never
permanent: it expires with the cache key. The client address is the connection's own unless the
connection comes from a proxy named in `TRUSTED_PROXIES` (see `client_address`). A client may be a
whole office behind one gateway, so its limit is higher and it never blocks an e-mail address that
has not failed itself: one person guessing cannot lock out their colleagues. If the cache is
unreachable, logins and resets still work (throttling fails open).
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

# A client address may be a whole office behind one gateway: it gets more tries than one e-mail address.
CLIENT_LOGIN_FACTOR = 4
CLIENT_RESET_FACTOR = 10


# --- Who is asking --------------------------------------------------------------------------------
def client_address(request) -> str:
    """The address of the client that sent the request.

    `REMOTE_ADDR`, unless that is one of the `TRUSTED_PROXIES`: then the nearest address in
    X-Forwarded-For that is not a trusted proxy (each proxy appends the address it received the
    request from, so entries left of an untrusted one may be forged and are ignored). With no
    trusted proxies configured, X-Forwarded-For is never read.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = settings.TRUSTED_PROXIES
    if not proxies or not _is_trusted(remote, proxies):
        return remote
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in forwarded if hop]):
        if not _is_trusted(hop, proxies):
            return hop[:64]
    return remote


def _is_trusted(address: str, proxies) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


# --- Failed logins --------------------------------------------------------------------------------
def _digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def _login_keys(email: str, client: str) -> tuple[str, str]:
    return f"login-fail:email:{_digest(email)}", f"login-fail:client:{client}"


def seconds_locked(email: str, client: str) -> int:
    """How long until this e-mail address may try to log in from this client; 0 when it may now.

    The e-mail address is locked after LOGIN_FAILURE_LIMIT failures. The client is locked after
    four times as many, but only for e-mail addresses that have failed themselves: a colleague who
    has not mistyped logs in from the same office whatever others have tried.
    """
    email_key, client_key = _login_keys(email, client)
    try:
        values = cache.get_many([email_key, client_key])
    except Exception:  # noqa: BLE001 - a broken cache must not stop people logging in
        log.warning("Login throttle cache unavailable; not throttling")
        return 0
    limit = settings.LOGIN_FAILURE_LIMIT
    own = values.get(email_key) or {}
    waits = [_wait(own, limit)]
    if own.get("count", 0) > 0:
        waits.append(_wait(values.get(client_key) or {}, limit * CLIENT_LOGIN_FACTOR))
    return max(waits)


def _wait(entry: dict, limit: int) -> int:
    now = time.time()
    if entry.get("count", 0) >= limit and entry.get("until", 0) > now:
        return math.ceil(entry["until"] - now)
    return 0


def record_failure(email: str, client: str) -> None:
    cool_off = settings.LOGIN_COOL_OFF_SECONDS
    try:
        for key in _login_keys(email, client):
            entry = cache.get(key) or {"count": 0}
            entry["count"] += 1
            entry["until"] = time.time() + cool_off
            cache.set(key, entry, timeout=cool_off)
    except Exception:  # noqa: BLE001
        log.warning("Login throttle cache unavailable; failure not counted")


def record_success(email: str, client: str) -> None:
    try:
        cache.delete(_login_keys(email, client)[0])
    except Exception:  # noqa: BLE001
        log.warning("Login throttle cache unavailable")


# --- Password-reset e-mails -----------------------------------------------------------------------
def reset_wait(email: str, client: str) -> int:
    """Count one password-reset request; return 0 when it may be sent, else the seconds to wait.

    PASSWORD_RESET_LIMIT requests per e-mail address and ten times as many per client, each in a
    window of PASSWORD_RESET_WINDOW_SECONDS. Requests count whether or not the address belongs to
    an account, so the answer tells a stranger nothing; a refused request is not counted.
    """
    window, limit = settings.PASSWORD_RESET_WINDOW_SECONDS, settings.PASSWORD_RESET_LIMIT
    keys = {
        f"reset:email:{_digest(email)}": limit,
        f"reset:client:{client}": limit * CLIENT_RESET_FACTOR,
    }
    now = time.time()
    try:
        entries = cache.get_many(list(keys))
        fresh = {key: _current(entries.get(key), now, window) for key in keys}
        waits = [
            math.ceil(fresh[key]["until"] - now) for key, cap in keys.items() if fresh[key]["count"] >= cap
        ]
        if waits:
            return max(waits)
        for key, entry in fresh.items():
            entry["count"] += 1
            cache.set(key, entry, timeout=max(1, math.ceil(entry["until"] - now)))
    except Exception:  # noqa: BLE001 - a broken cache must not stop people resetting a password
        log.warning("Password-reset throttle cache unavailable; not throttling")
    return 0


def _current(entry: dict | None, now: float, window: int) -> dict:
    if not entry or entry.get("until", 0) <= now:
        return {"count": 0, "until": now + window}
    return dict(entry)


# --- Other endpoints (invitation links, guest pages) ---------------------------------------------
def rate_wait(scope: str, key: str, limit: int, window: int) -> int:
    """Count one request of `scope` by `key` (a client address, an invitation); return 0 when it may
    go ahead, else the seconds to wait. At most `limit` requests per `window` seconds; a refused
    request is not counted, and the window ends by itself. Fails open when the cache is down."""
    cache_key = f"rate:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
    now = time.time()
    try:
        entry = _current(cache.get(cache_key), now, window)
        if entry["count"] >= limit:
            return max(1, math.ceil(entry["until"] - now))
        entry["count"] += 1
        cache.set(cache_key, entry, timeout=max(1, math.ceil(entry["until"] - now)))
    except Exception:  # noqa: BLE001 - a broken cache must not stop a customer reading their plan
        log.warning("Rate-limit cache unavailable; not limiting %s", scope)
    return 0
