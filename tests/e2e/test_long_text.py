"""Long text never breaks a page: every main page, with very long names, titles and URLs, fits a
phone (390 px) and a laptop (1,366 px) without scrolling sideways."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from accounts import demo
from accounts.models import Criterion, Customer, Stakeholder, Team, User
from planning.models import AccountPlan, Action, Goal, Offering
from risk.models import CompetitorPresence, Contract, RiskItem, WhatIfScenario
from tests.e2e.test_basics import log_in

pytestmark = pytest.mark.browser

WORD = "Langtordutenmellomromsomaldrislutterogsomikkekanbrytes" * 4  # 216 letters, no break
URL = "https://example.com/" + "sti/" * 60


def _long(limit: int) -> str:
    return (WORD * 2)[:limit]


@pytest.fixture
def long_orchard(db):
    """The demo organisation, with the longest names and texts the fields take on one key account."""
    org = demo.seed("small")
    kam = User.objects.get(email=demo.DEMO_LOGINS["kam"])
    customer = Customer.objects.filter(owner=kam, status=Customer.Status.KEY).order_by("pk").first()
    Customer.objects.filter(pk=customer.pk).update(name=_long(200), website=URL[:200], industry=_long(120))
    User.objects.filter(pk=kam.pk).update(full_name=_long(150), title=_long(120))
    Team.objects.filter(pk=customer.team_id).update(name=_long(120))
    Stakeholder.objects.filter(customer=customer).update(title=_long(150))
    person = Stakeholder.objects.filter(customer=customer).first()
    Stakeholder.objects.filter(pk=person.pk).update(name=_long(150), notes=f"{WORD} {URL}")
    AccountPlan.objects.filter(customer=customer).update(summary=f"{WORD} {URL} {WORD}")
    Goal.objects.filter(plan__customer=customer).update(title=_long(200))
    Action.objects.filter(plan__customer=customer).update(title=_long(200), note=URL)
    RiskItem.objects.filter(customer=customer).update(title=_long(200), mitigation=URL)
    Contract.objects.filter(customer=customer).update(title=_long(200))
    CompetitorPresence.objects.filter(customer=customer).update(name=_long(160))
    Offering.objects.filter(pk__in=Offering.objects.order_by("pk").values("pk")[:1]).update(name=_long(160))
    Criterion.objects.filter(pk__in=Criterion.objects.order_by("pk").values("pk")[:1]).update(name=_long(120))
    WhatIfScenario.objects.create(
        name=_long(120), created_by=kam, changes=[{"customer": customer.pk, "kind": "halve", "percent": -50}]
    )
    assert org.customers
    return customer


def _pages(customer: Customer) -> list[str]:
    c = [customer.pk]
    plan = AccountPlan.objects.filter(customer=customer).order_by("-period").first()
    pages = [
        reverse("accounts:home"),
        reverse("accounts:customer-list"),
        reverse("accounts:customer-detail", args=c),
        reverse("accounts:customer-timeline", args=c),
        reverse("accounts:customer-health", args=c),
        reverse("accounts:customer-financials", args=c),
        reverse("accounts:customer-selection", args=c),
        reverse("accounts:customer-stakeholders", args=c),
        reverse("accounts:gap-list", args=c),
        reverse("accounts:ranking"),
        reverse("accounts:start"),
        reverse("planning:customer-plan", args=c),
        reverse("planning:customer-whitespace", args=c),
        reverse("planning:my-actions"),
        reverse("risk:customer-risk", args=c),
        reverse("risk:whatif"),
    ]
    if plan is not None:
        pages.append(plan.get_absolute_url())
    return pages


def _leader_pages(customer: Customer) -> list[str]:
    return [
        reverse("accounts:portfolio"),
        reverse("accounts:calibration"),
        reverse("accounts:future-key-accounts"),
        reverse("accounts:criteria-list"),
        reverse("risk:portfolio"),
        reverse("accounts:customer-owner", args=[customer.pk]),
        reverse("accounts:kam-hand-over", args=[customer.owner_id]),
    ]


def _overflow(page: Page) -> int:
    """How far the page reaches past the window's right edge, in CSS pixels."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def _culprits(page: Page) -> str:
    """The innermost elements that reach past the right edge, to say where to look."""
    return page.evaluate(
        """() => { const w = document.documentElement.clientWidth; const out = [];
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect(), p = el.parentElement.getBoundingClientRect();
          if (r.right > w + 1 && p.right <= w + 1 && getComputedStyle(el.parentElement).overflowX === 'visible') {
            out.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined
              ? '.' + String(el.className).split(' ').join('.') : '') + '[' + Math.round(r.width) + ']'
              + '<' + el.parentElement.tagName.toLowerCase() + '.' + el.parentElement.className + '>');
          }
          if (out.length > 5) break;
        }
        return out.join(', '); }"""
    )


@pytest.mark.parametrize("width", [390, 1366])
def test_no_page_scrolls_sideways_with_long_text(
    page, long_orchard, width, screenshot, screenshot_dir, browser_errors
):
    page.set_viewport_size({"width": width, "height": 900})
    failures = []
    for email, urls in (
        (demo.DEMO_LOGINS["kam"], _pages(long_orchard)),
        (demo.DEMO_LOGINS["leader"], _leader_pages(long_orchard)),
    ):
        page.context.clear_cookies()
        log_in(page, email, demo.DEMO_PASSWORD)
        page.wait_for_url(reverse("accounts:home"))
        for url in urls:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            page.wait_for_load_state("networkidle")
            wide = _overflow(page)
            if wide > 0:
                failures.append(f"{url}: {wide} px too wide ({_culprits(page)})")
                name = url.strip("/").replace("/", "-") or "home"
                page.screenshot(path=str(screenshot_dir / f"long-text-{width}-{name}.png"))
    screenshot(page, f"long-text-{width}-last")
    assert failures == [], "\n".join(failures)
    assert browser_errors == []
