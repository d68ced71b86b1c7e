"""Everyday use in a real browser, in English, Norwegian and Swedish: every sentence in the reader's
language, the figures the same everywhere."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import Stakeholder
from accounts.services.stakeholders import stakeholders_remind_uninformed
from planning import services as planning
from planning.models import AccountPlan
from tests.e2e.test_basics import log_in
from tests.factories import ship_default_criteria

pytestmark = pytest.mark.browser

# A word each language must show, and English that must not be left under nb or sv.
EXPECTED = {
    "en": ("was added", "Revenue"),
    "nb": ("ble lagt til", "Omsetning"),
    "sv": ("lades till", "Omsättning"),
}
ENGLISH = ("was added", "has not been told", "Among our smallest", "on the account plan for", "%(")


@pytest.fixture
def lived_in(customer, owner):
    """A customer with a person nobody told we keep their details, and a plan edited since its review;
    the criteria a fresh install ships with (a browser test's database starts empty)."""
    ship_default_criteria()
    person = Stakeholder.objects.create(customer=customer, name="Kari Langtid", title="CFO")
    Stakeholder.objects.filter(pk=person.pk).update(created_at=timezone.now() - datetime.timedelta(days=217))
    stakeholders_remind_uninformed()
    from meetings.tasks import sweep

    sweep()  # "Needs attention" reads the reminder outbox, which the sweep fills
    plan = AccountPlan.objects.create(
        customer=customer,
        period=timezone.localdate().year,
        status=AccountPlan.Status.ACTIVE,
        summary="Grow in the north.",
        next_review_due=timezone.localdate() + datetime.timedelta(days=30),
        created_by=owner,
    )
    planning.review_record(plan=plan, by=owner, business="Up.", living_up="Yes.", feedback="", news="")
    plan.refresh_from_db()
    planning.plan_update(plan=plan, by=owner, version=plan.version, summary="Win the tender in the south.")
    return customer


def _text(page: Page) -> str:
    return page.locator("main").inner_text()


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_every_sentence_in_the_readers_language(page, lived_in, owner, language, screenshot, browser_errors):
    owner.language = language
    owner.save()
    log_in(page, owner.email)
    page.wait_for_url(reverse("accounts:home"))
    said, criterion = EXPECTED[language]
    home = _text(page)
    assert said in home, home[:2000]
    screenshot(page, f"everyday-home-{language}")

    page.goto(reverse("accounts:gap-list", args=[lived_in.pk]))
    assert said in _text(page)
    screenshot(page, f"everyday-gaps-{language}")

    page.goto(reverse("accounts:customer-timeline", args=[lived_in.pk]))
    timeline = _text(page)
    screenshot(page, f"everyday-customer-{language}")

    plan = AccountPlan.objects.get(customer=lived_in)
    page.goto(reverse("planning:plan-changes", args=[plan.pk]))
    changes = _text(page)
    assert "Win the tender in the south." in changes
    screenshot(page, f"everyday-changes-{language}")

    page.goto(reverse("accounts:customer-scores", args=[lived_in.pk]))
    scores = _text(page)
    assert criterion in scores
    screenshot(page, f"everyday-scores-{language}")

    if language != "en":
        for shown in (home, timeline, changes, scores):
            left = [english for english in ENGLISH if english in shown]
            assert left == [], left
    assert browser_errors == []


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_a_leader_gives_an_account_to_a_kam_and_hands_a_leaver_over(
    page, customer, leader, owner, team_a, language, screenshot, browser_errors
):
    from tests.factories import UserFactory

    newcomer = UserFactory(email="nina@example.org", full_name="Nina Ny")
    team_a.members.add(newcomer)
    leader.language = language
    leader.save()
    log_in(page, leader.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("accounts:customer-owner", args=[customer.pk]))
    screenshot(page, f"everyday-owner-{language}")
    page.locator("select[name=owner]").select_option(label="Nina Ny")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(customer.get_absolute_url())
    assert "Nina Ny" in page.locator(".messages, [role=status], main").first.inner_text()
    screenshot(page, f"everyday-owner-done-{language}")

    page.goto(reverse("accounts:kam-hand-over", args=[newcomer.pk]))
    screenshot(page, f"everyday-hand-over-{language}")
    page.locator("select[name=to]").select_option(label="Ingrid Solberg · Key Account Manager")
    page.locator("input[name=confirm]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(reverse("accounts:calibration"))
    screenshot(page, f"everyday-hand-over-done-{language}")
    text = page.locator("main").inner_text()
    assert "%(" not in text and ("Ingrid Solberg" in text)
    if language != "en":
        assert "now owns" not in text
    assert browser_errors == []
