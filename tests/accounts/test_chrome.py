"""The top bar and the language switcher are rendered once per state and filled in per request: the
HTML must be what their templates give when rendered whole (DEBUG on renders them whole)."""

import re

import pytest
from django.urls import reverse

from accounts.models import User

TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[A-Za-z0-9]+')


def _page(client, url: str) -> str:
    """The page from <body> to <main> (DEBUG changes the scripts in <head>), tokens masked."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return TOKEN.sub(r"\1TOKEN", html[html.index("<body") : html.index("<main")])


def _both_ways(client, settings, url: str) -> tuple[str, str]:
    settings.DEBUG = False
    cached = _page(client, url)
    cached_again = _page(client, url)
    settings.DEBUG = True
    whole = _page(client, url)
    assert cached == cached_again
    return cached, whole


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
@pytest.mark.parametrize(
    "url_name", ["accounts:home", "accounts:customer-list", "accounts:ranking", "risk:portfolio"]
)
def test_the_top_bar_is_what_its_template_gives(client, settings, leader, language, url_name):
    User.objects.filter(pk=leader.pk).update(language=language)
    client.force_login(leader)
    cached, whole = _both_ways(client, settings, reverse(url_name) + "?q=<b>&next=\"'")
    assert cached == whole
    assert cached.count('aria-current="page"') >= 1


def test_each_person_sees_their_own_name_escaped_and_the_state_of_their_navigation(
    client, settings, owner, admin_user
):
    User.objects.filter(pk=owner.pk).update(full_name="<b>Ingrid</b> & Co")
    client.force_login(owner)
    mine, whole = _both_ways(client, settings, reverse("accounts:customer-list"))
    assert mine == whole
    assert "&lt;b&gt;Ingrid&lt;/b&gt; &amp; Co" in mine and "<b>Ingrid" not in mine
    assert ">Portfolio<" not in mine and ">Admin<" not in mine
    assert re.search(r'href="/customers/" aria-current="page"', mine)
    client.force_login(admin_user)
    theirs, whole = _both_ways(client, settings, reverse("accounts:home"))
    assert theirs == whole
    assert admin_user.email in theirs and owner.email not in theirs
    assert ">Portfolio<" in theirs and ">Admin<" in theirs
    assert not re.search(r'href="/customers/" aria-current="page"', theirs)


def test_pages_without_a_login_draw_the_same_frame(client, settings):
    cached, whole = _both_ways(client, settings, reverse("accounts:login"))
    assert cached == whole
    assert 'name="next" value="/login/"' in cached
