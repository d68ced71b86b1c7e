"""Pages served from the page cache are never stale, never someone else's, and never break a form.

The data version is kept by database triggers, so every way of writing moves it: the ORM, bulk
updates that send no signal, raw SQL. A page comes from the cache only for the same browser
session, user, language, URL and minute, at the same data version.
"""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts import pagecache
from accounts.models import AccountMember, Customer, DataChange, Team, User

pytestmark = pytest.mark.django_db


def _logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_every_table_but_the_unwatched_ones_moves_the_data_version():
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        watched = pagecache._watched_tables(connection, cursor)
    assert tables - watched == pagecache.UNWATCHED & tables
    assert pagecache.install_triggers() == 0, "a second installation finds nothing missing"


def test_each_way_of_writing_moves_the_version_and_a_write_that_changes_nothing_does_not(customer):
    steps = [
        lambda: Team.objects.create(name="Offshore"),
        lambda: Customer.objects.filter(pk=customer.pk).update(name="Bulk AS"),  # no signal is sent
        lambda: Team.objects.filter(name="Offshore").delete(),
    ]
    for step in steps:
        before = pagecache.data_version()
        step()
        assert pagecache.data_version() > before
    before = pagecache.data_version()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_customer SET name = %s WHERE id = %s", ["Raw AS", customer.pk])
    assert pagecache.data_version() > before

    before = pagecache.data_version()
    assert Customer.objects.filter(name="No such customer").update(name="x") == 0
    assert pagecache.data_version() == before


def test_folding_the_change_rows_keeps_the_version(customer):
    """On PostgreSQL each writing statement leaves a change row until they are folded into the
    version row; on SQLite the triggers count into the version row and there is nothing to fold."""
    for n in range(3):
        Customer.objects.filter(pk=customer.pk).update(name=f"Fold {n}")
    before = pagecache.data_version()
    assert DataChange.objects.exists() == (connection.vendor == "postgresql")
    pagecache.fold()
    assert not DataChange.objects.exists()
    assert pagecache.data_version() == before


def test_a_page_seen_again_comes_from_the_cache_until_the_data_changes(owner, customer):
    client = _logged_in(owner)
    url = reverse("accounts:customer-detail", args=[customer.pk])
    client.get(url)  # drawn: the browser has no CSRF cookie yet, the page gives it one
    first = client.get(url)
    assert first.status_code == 200
    with mock.patch.object(pagecache, "_storable", wraps=pagecache._storable) as storable:
        again = client.get(url)
    storable.assert_not_called()  # served, not drawn
    assert again.content == first.content

    # A bulk update sends no signal; the trigger still moves the version.
    Customer.objects.filter(pk=customer.pk).update(name="Nordfjord Kraft ASA")
    changed = client.get(url)
    assert "Nordfjord Kraft ASA" in changed.content.decode()


def test_one_users_page_never_reaches_another(owner, leader, customer):
    url = reverse("accounts:home")
    owners_page = _logged_in(owner).get(url).content.decode()
    leaders_page = _logged_in(leader).get(url).content.decode()
    assert owner.full_name in owners_page
    assert leader.full_name in leaders_page
    assert owner.full_name not in leaders_page.split("<main", 1)[0]  # the top bar names the viewer


def test_a_form_on_a_cached_page_still_posts(owner, customer):
    client = _logged_in(owner, enforce_csrf_checks=True)
    url = reverse("accounts:customer-detail", args=[customer.pk])
    client.get(url)  # drawn: sets the CSRF cookie
    client.get(url)  # drawn again with the cookie, and stored
    cached = client.get(url)
    token = cached.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302, "the token from the cached page is accepted"


def test_a_waiting_message_is_shown_once_even_over_a_cached_page(owner, customer):
    client = _logged_in(owner)
    url = reverse("accounts:customer-detail", args=[customer.pk])
    client.get(url)
    client.get(url)  # stored
    refused = "That language is not available"
    response = client.post(reverse("accounts:set-language"), {"language": "xx", "next": url}, follow=True)
    assert refused in response.content.decode(), "the message is shown on the page it leads to"
    assert refused not in client.get(url).content.decode(), "and only once"


def test_the_page_is_drawn_again_when_the_minute_turns(owner, customer):
    client = _logged_in(owner)
    url = reverse("accounts:home")
    client.get(url)
    later = timezone.now() + datetime.timedelta(minutes=1)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch.object(pagecache, "_storable", wraps=pagecache._storable) as storable,
    ):
        client.get(url)
    storable.assert_called_once()


def test_a_page_whose_drawing_writes_is_never_stored(owner):
    request = RequestFactory().get("/somewhere/")
    request.user = owner
    request.session = Client().session
    request.session.save()
    drawn = []

    def draw() -> HttpResponse:
        drawn.append(1)
        Team.objects.create(name=f"Team {len(drawn)}")
        return HttpResponse("<p>page</p>")

    pagecache.serve(request, draw)
    pagecache.serve(request, draw)
    assert len(drawn) == 2


def test_an_unreachable_cache_costs_speed_not_the_page(owner, customer):
    client = _logged_in(owner)
    url = reverse("accounts:customer-detail", args=[customer.pk])
    with mock.patch.object(pagecache.caches["pages"], "get", side_effect=ConnectionError("cache down")):
        response = client.get(url)
    assert response.status_code == 200
    assert customer.name in response.content.decode()


def test_drawn_pages_neither_read_nor_fill_the_cache(owner, customer):
    client = _logged_in(owner)
    url = reverse("accounts:customer-detail", args=[customer.pk])
    with pagecache.drawn(), mock.patch.object(pagecache.caches["pages"], "set") as stored:
        client.get(url)
        client.get(url)
    stored.assert_not_called()


def test_a_page_is_drawn_again_when_the_session_holds_something_new(owner, customer):
    client = _logged_in(owner)
    url = reverse("accounts:customer-detail", args=[customer.pk])
    client.get(url)
    client.get(url)  # stored
    session = client.session
    session["orchard_calendar_token"] = "renewed"
    session.save()
    with mock.patch.object(pagecache, "_storable", wraps=pagecache._storable) as storable:
        client.get(url)
    storable.assert_called_once()


def test_leaving_the_account_team_closes_a_cached_customer_page_at_once(contributor, customer):
    client = _logged_in(contributor)
    url = reverse("accounts:customer-detail", args=[customer.pk])
    for _ in range(3):
        assert client.get(url).status_code == 200
    AccountMember.objects.filter(customer=customer, user=contributor).delete()
    assert client.get(url).status_code == 404


def test_a_new_language_draws_the_page_in_it(owner, customer):
    client = _logged_in(owner)
    url = reverse("accounts:customer-detail", args=[customer.pk])
    client.get(url)
    english = client.get(url).content.decode()
    User.objects.filter(pk=owner.pk).update(language="nb")
    norwegian = client.get(url).content.decode()
    assert 'lang="en"' in english and 'lang="nb"' in norwegian
