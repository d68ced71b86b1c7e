"""Login protection that cannot lock everyone out, and password-reset e-mails that cannot be sprayed."""

import ipaddress
import time

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from accounts import throttle
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GATEWAY = "10.0.0.1"  # the load balancer every request comes through


def networks(*items: str) -> list:
    return [ipaddress.ip_network(item) for item in items]


def address_of(remote: str, forwarded: str = "") -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return throttle.client_address(request)


def login(client, email: str, password: str, via: str = GATEWAY, forwarded: str = ""):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=via,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


# --- The client address --------------------------------------------------------------------------
def test_without_trusted_proxies_a_forwarded_header_is_never_believed(settings):
    settings.TRUSTED_PROXIES = []
    assert address_of(GATEWAY, "198.51.100.7") == GATEWAY


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    assert address_of(GATEWAY, "198.51.100.7") == "198.51.100.7"
    # A client cannot choose its address by sending the header itself: the proxy appends the real one.
    assert address_of(GATEWAY, "203.0.113.66, 198.51.100.7") == "198.51.100.7"
    # Two proxies in a row: the nearest address that is not one of ours.
    assert address_of(GATEWAY, "198.51.100.7, 10.0.0.2") == "198.51.100.7"


def test_a_forwarded_header_from_an_untrusted_address_is_ignored(settings):
    settings.TRUSTED_PROXIES = networks("10.0.0.0/8")
    assert address_of("198.51.100.9", "203.0.113.66") == "198.51.100.9"


def test_trusted_proxies_are_read_from_the_environment_and_a_bad_value_names_the_variable(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from kam.settings import env_networks

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7")
    assert env_networks("TRUSTED_PROXIES") == networks("10.0.0.0/8", "192.0.2.7/32")
    monkeypatch.setenv("TRUSTED_PROXIES", "the load balancer")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        env_networks("TRUSTED_PROXIES")
    monkeypatch.delenv("TRUSTED_PROXIES")
    assert env_networks("TRUSTED_PROXIES") == []


# --- Logging in ----------------------------------------------------------------------------------
def test_guessing_behind_the_shared_gateway_does_not_lock_out_a_colleague(client, owner, settings):
    """Without trusted proxies everyone shares the gateway's address: one guesser must not lock the office."""
    settings.TRUSTED_PROXIES, settings.LOGIN_FAILURE_LIMIT = [], 3
    for n in range(3 * throttle.CLIENT_LOGIN_FACTOR + 5):
        login(client, f"guess{n}@example.org", "wrong")
    response = login(client, owner.email, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200


def test_a_client_past_its_limit_still_blocks_the_addresses_that_failed_from_it(client, owner, settings):
    settings.TRUSTED_PROXIES, settings.LOGIN_FAILURE_LIMIT = [], 2
    login(client, owner.email, "wrong")
    for n in range(2 * throttle.CLIENT_LOGIN_FACTOR):
        login(client, f"guess{n}@example.org", "wrong")
    response = login(client, owner.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()


def test_behind_trusted_proxies_each_client_counts_for_itself(client, owner, settings):
    settings.TRUSTED_PROXIES, settings.LOGIN_FAILURE_LIMIT = networks("10.0.0.0/8"), 2
    colleague = UserFactory(email="kari@example.org")
    login(client, colleague.email, "wrong", forwarded="198.51.100.7")
    for n in range(2 * throttle.CLIENT_LOGIN_FACTOR):
        login(client, f"guess{n}@example.org", "wrong", forwarded="198.51.100.7")
    # The colleague mistyped once, from the guesser's address: there they wait …
    assert login(client, colleague.email, PASSWORD, forwarded="198.51.100.7").status_code == 429
    # … but from their own desk they log in.
    assert login(client, colleague.email, PASSWORD, forwarded="198.51.100.8").status_code == 302


def test_the_address_lock_still_holds_for_the_account_being_guessed(client, owner, settings):
    settings.TRUSTED_PROXIES, settings.LOGIN_FAILURE_LIMIT = networks("10.0.0.0/8"), 3
    for n in range(3):
        login(client, owner.email, "wrong", forwarded=f"198.51.100.{n}")
    assert login(client, owner.email, PASSWORD, forwarded="198.51.100.99").status_code == 429


# --- Password-reset e-mails ----------------------------------------------------------------------
def reset(client, email: str, via: str = GATEWAY):
    return client.post(reverse("accounts:password-reset"), {"email": email}, REMOTE_ADDR=via)


def test_reset_mails_for_one_address_are_limited(client, owner, settings, django_capture_on_commit_callbacks):
    settings.PASSWORD_RESET_LIMIT = 3
    with django_capture_on_commit_callbacks(execute=True):
        answers = [reset(client, owner.email, via=f"198.51.100.{n}").status_code for n in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    refused = reset(client, owner.email)
    assert "Too many reset e-mails were asked for" in refused.content.decode()


def test_reset_mails_from_one_client_are_limited(client, settings):
    settings.PASSWORD_RESET_LIMIT = 1
    limit = throttle.CLIENT_RESET_FACTOR
    answers = [reset(client, f"someone{n}@example.org").status_code for n in range(limit + 1)]
    assert answers == [302] * limit + [429]
    assert reset(client, "someone@example.org", via="198.51.100.7").status_code == 302


def test_an_unknown_address_is_limited_like_a_known_one(client, owner, settings):
    """The limit must not tell a stranger which addresses have accounts."""
    settings.PASSWORD_RESET_LIMIT = 1
    assert [reset(client, "stranger@example.org").status_code for _ in range(2)] == [302, 429]
    assert [reset(client, owner.email).status_code for _ in range(2)] == [302, 429]


def test_the_reset_limit_ends_by_itself(client, owner, settings, monkeypatch):
    settings.PASSWORD_RESET_LIMIT = 1
    assert reset(client, owner.email).status_code == 302
    assert reset(client, owner.email).status_code == 429
    later = time.time() + settings.PASSWORD_RESET_WINDOW_SECONDS + 1
    monkeypatch.setattr("accounts.throttle.time.time", lambda: later)
    assert reset(client, owner.email).status_code == 302
