from django.urls import reverse

from tests.conftest import PASSWORD


def test_switching_language_is_remembered_on_the_user(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("accounts:set-language"), {"language": "sv", "next": reverse("accounts:home")}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.language == "sv"
    assert "Mina kunder" in client.get(reverse("accounts:home")).content.decode()


def test_the_users_language_follows_them_to_a_new_browser(client, owner):
    owner.language = "nb"
    owner.save()
    response = client.post(reverse("accounts:login"), {"username": owner.email, "password": PASSWORD})
    assert response.cookies["django_language"].value == "nb"
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Mine kunder" in page
    assert 'lang="nb"' in page


def test_a_bogus_language_code_changes_nothing(client, owner):
    client.force_login(owner)
    response = client.post(reverse("accounts:set-language"), {"language": "xx-evil"}, follow=True)
    owner.refresh_from_db()
    assert owner.language == "en"
    assert "That language is not available" in response.content.decode()


def test_anonymous_visitors_can_choose_the_login_page_language(client):
    client.post(reverse("accounts:set-language"), {"language": "sv", "next": reverse("accounts:login")})
    assert "Logga in" in client.get(reverse("accounts:login")).content.decode()


def test_time_zone_and_language_are_saved_from_preferences(client, owner):
    client.force_login(owner)
    data = {"full_name": owner.full_name, "title": "", "language": "nb", "time_zone": "Europe/Stockholm"}
    assert client.post(reverse("accounts:preferences"), data).status_code == 302
    owner.refresh_from_db()
    assert (owner.language, owner.time_zone) == ("nb", "Europe/Stockholm")


def test_an_unknown_time_zone_is_refused_with_a_message(client, owner):
    client.force_login(owner)
    data = {"full_name": owner.full_name, "language": "en", "time_zone": "Mars/Olympus_Mons"}
    response = client.post(reverse("accounts:preferences"), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/Oslo"


def test_an_over_long_name_is_refused_and_nothing_changes(client, owner):
    client.force_login(owner)
    data = {"full_name": "x" * 151, "language": "en", "time_zone": "Europe/Oslo"}
    response = client.post(reverse("accounts:preferences"), data)
    assert response.status_code == 400
    assert "at most 150 characters" in response.content.decode()
    owner.refresh_from_db()
    assert owner.full_name == "Ingrid Solberg"


def test_money_is_formatted_for_the_active_language():
    from django.utils import translation

    from accounts.templatetags.orchard import money

    with translation.override("nb"):
        assert money(1234567) == "1\xa0234\xa0567\xa0kr"
    with translation.override("en"):
        assert money("1234.5", 2) == "NOK\xa01,234.50"
    with translation.override("sv"):
        assert money(None) == "–"
