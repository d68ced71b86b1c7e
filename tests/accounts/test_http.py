import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse


def test_authenticated_pages_are_never_stored(client, owner):
    client.force_login(owner)
    response = client.get(reverse("accounts:home"))
    assert "no-store" in response["Cache-Control"]


def test_every_page_sends_security_headers(client):
    response = client.get(reverse("accounts:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_pages_send_the_csrf_token_on_every_htmx_request(client, owner):
    client.force_login(owner)
    page = client.get(reverse("accounts:home")).content.decode()
    assert 'data-hx-headers=\'{"X-CSRFToken": "' in page


def test_pages_with_people_are_kept_out_of_htmx_history(client, owner, customer):
    client.force_login(owner)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert 'data-hx-history="false"' in page
    assert '"historyCacheSize": 0' in page


def test_a_missing_csrf_token_gets_a_friendly_page_and_changes_nothing(owner, customer):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    response = strict.post(
        reverse("accounts:customer-edit", args=[customer.pk]), {"name": "Hacked", "status": "key"}
    )
    assert response.status_code == 403
    assert "The form had expired" in response.content.decode()
    customer.refresh_from_db()
    assert customer.name == "Nordfjord Energi AS"


def test_a_tampered_csrf_token_is_refused(owner, customer):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    strict.get(reverse("accounts:home"))
    response = strict.post(
        reverse("accounts:customer-edit", args=[customer.pk]),
        {"name": "Hacked", "status": "key", "csrfmiddlewaretoken": "x" * 64},
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.name == "Nordfjord Energi AS"


def test_unknown_pages_get_the_friendly_404(client, owner):
    client.force_login(owner)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_a_foreign_customer_looks_exactly_like_a_missing_one(client, owner, foreign_customer):
    client.force_login(owner)
    foreign = client.get(reverse("accounts:customer-detail", args=[foreign_customer.pk]))
    missing = client.get(reverse("accounts:customer-detail", args=[999999]))
    assert foreign.status_code == missing.status_code == 404
    assert "Mälarkraft" not in foreign.content.decode()


def test_insiders_without_the_right_get_the_friendly_403(client, viewer, customer):
    client.force_login(viewer)
    response = client.get(reverse("accounts:customer-edit", args=[customer.pk]))
    assert response.status_code == 403
    assert "does not allow this change" in response.content.decode()


def test_health_answers_without_login(client, db):
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_templates_write_htmx_attributes_in_their_valid_data_form():
    """htmx reads `data-hx-*` as well as `hx-*`; only the first is valid HTML."""
    bare = re.compile(r"(?<![\w.-])hx-[a-z-]+=")
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bare.search(line)
    ]
    assert offenders == []
