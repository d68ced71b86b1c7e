"""Sessions are read from the cache and kept in the database: an unreachable cache slows pages
down, it never breaks them, and a cached copy is short-lived."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD


class UnreachableCache(LocMemCache):
    """A cache whose server cannot be reached: every call fails, as redis-py's do."""

    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    set = delete = has_key = get


class RecordingCache(LocMemCache):
    timeouts: list = []

    def set(self, key, value, timeout=None, version=None):
        RecordingCache.timeouts.append(timeout)
        super().set(key, value, timeout, version)


def _caches(backend: type) -> dict:
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "sessions": {"BACKEND": f"{__name__}.{backend.__name__}"},
    }


@pytest.mark.django_db
def test_with_the_cache_unreachable_people_log_in_work_and_log_out(client, owner):
    with override_settings(CACHES=_caches(UnreachableCache), SESSION_CACHE_ALIAS="sessions"):
        answer = client.post(reverse("accounts:login"), {"username": owner.email, "password": PASSWORD})
        assert answer.status_code == 302
        assert client.get(reverse("accounts:home")).status_code == 200
        assert client.post(reverse("accounts:logout")).status_code == 302
        assert client.get(reverse("accounts:home")).status_code == 302  # logged out for real


@pytest.mark.django_db
def test_a_cached_session_lives_minutes_not_the_fourteen_days_of_the_cookie(client, owner):
    RecordingCache.timeouts.clear()
    with override_settings(CACHES=_caches(RecordingCache), SESSION_CACHE_ALIAS="sessions"):
        client.force_login(owner)
        assert client.get(reverse("accounts:home")).status_code == 200
    assert RecordingCache.timeouts and max(RecordingCache.timeouts) <= 600
