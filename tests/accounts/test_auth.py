import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD


def test_login_with_email_and_password_lands_on_home(client, owner):
    response = client.post(
        reverse("accounts:login"), {"username": "INGRID@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200


def test_wrong_password_gets_a_clear_message_and_no_session(client, owner):
    response = client.post(reverse("accounts:login"), {"username": owner.email, "password": "wrong"})
    assert response.status_code == 400
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_follows_only_local_next_urls(client, owner):
    data = {"username": owner.email, "password": PASSWORD, "next": "https://evil.example.com/"}
    response = client.post(reverse("accounts:login"), data)
    assert response["Location"] == reverse("accounts:home")


def test_repeated_failures_lock_the_address_for_a_while(client, owner, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": owner.email, "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_ends_by_itself_after_the_cool_off(client, owner, settings, monkeypatch):
    import time

    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("accounts:login"), {"username": owner.email, "password": "wrong"})
    later = time.time() + settings.LOGIN_COOL_OFF_SECONDS + 1
    monkeypatch.setattr("accounts.throttle.time.time", lambda: later)
    response = client.post(reverse("accounts:login"), {"username": owner.email, "password": PASSWORD})
    assert response.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("accounts:password-reset"), {"email": owner.email})
        unknown = client.post(reverse("accounts:password-reset"), {"email": "stranger@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]


def test_reset_link_in_the_mail_lets_the_user_choose_a_new_password(
    client, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": owner.email})
    link = re.search(r"https?://\S+/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    new = "a-brand-new-orchard-password"
    response = client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(new)


def test_reset_mail_speaks_the_users_language(client, owner, django_capture_on_commit_callbacks):
    owner.language = "nb"
    owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password-reset"), {"email": owner.email})
    assert "Hei" in mail.outbox[0].body


def test_password_change_keeps_the_user_logged_in(client, owner):
    client.force_login(owner)
    new = "another-long-orchard-password"
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200


def test_logout_needs_a_post(client, owner):
    client.force_login(owner)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_a_logged_out_session_cannot_be_used_again(client, owner):
    # Sessions are read from the cache first: logging out must remove the cached copy too.
    client.force_login(owner)
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("accounts:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert client.get(reverse("accounts:home")).status_code == 302


def test_a_password_change_ends_the_users_other_sessions(client, owner):
    elsewhere = Client()
    elsewhere.force_login(owner)
    assert elsewhere.get(reverse("accounts:home")).status_code == 200
    client.force_login(owner)
    new = "another-long-orchard-password"
    client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert elsewhere.get(reverse("accounts:home")).status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 200


def test_a_deactivated_user_is_logged_out_at_the_next_request(client, owner):
    client.force_login(owner)
    assert client.get(reverse("accounts:home")).status_code == 200
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert client.get(reverse("accounts:home")).status_code == 302


def test_a_wrong_password_is_checked_once_though_two_backends_are_listed(client, owner, monkeypatch):
    checks = []
    real = User.check_password
    monkeypatch.setattr(User, "check_password", lambda user, raw: checks.append(raw) or real(user, raw))
    response = client.post(reverse("accounts:login"), {"username": owner.email, "password": "wrong"})
    assert response.status_code == 400
    assert checks == ["wrong"]


def test_the_request_user_knows_without_a_query_that_they_lead_no_team(client, owner, leader):
    from django.contrib.auth import get_user
    from django.test import RequestFactory

    from accounts import access

    for person, leads in ((owner, False), (leader, True)):
        client.force_login(person)
        request = RequestFactory().get("/")
        request.session = client.session
        user = get_user(request)
        with CaptureQueriesContext(connection) as queries:
            assert access.is_leader(user) is leads
        assert len(queries.captured_queries) == (1 if leads else 0)


def test_the_backend_loads_the_same_user_as_the_orm(owner, leader):
    from accounts.backends import UserBackend

    backend = UserBackend()
    for person in (owner, leader):
        loaded = backend.get_user(person.pk)
        fresh = User.objects.get(pk=person.pk)
        assert [getattr(loaded, f.attname) for f in User._meta.concrete_fields] == [
            getattr(fresh, f.attname) for f in User._meta.concrete_fields
        ]
    assert backend.get_user(987654321) is None
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert backend.get_user(owner.pk) is None


def test_pages_require_login_and_remember_where_you_were_going(client, customer):
    url = customer.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_htmx_request_without_a_session_is_sent_to_login_as_a_whole_page(client, customer):
    response = client.get(reverse("accounts:customer-timeline", args=[customer.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login")


@pytest.mark.django_db
def test_email_is_the_login_and_is_stored_in_lower_case():
    user = User.objects.create_user("Kari.Nilsen@Example.ORG", "x" * 12, full_name="Kari Nilsen")
    assert user.email == "kari.nilsen@example.org"
