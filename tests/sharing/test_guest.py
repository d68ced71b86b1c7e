"""The customer's page: the link lifecycle, the guest session, every guest step, and that nothing
internal ever reaches a guest."""

from __future__ import annotations

import datetime
import secrets
import statistics
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from accounts.models import Event, Stakeholder
from planning.models import Action, Goal, GuestActivity, Invitation, Opportunity
from planning.services import sharing
from tests.sharing.conftest import MARKER, SECRET_FIGURES, invite, token_from_mail

pytestmark = pytest.mark.django_db


def assert_clean(text: str, where: str) -> None:
    assert MARKER not in text, f"internal text reached {where}"
    for figure in SECRET_FIGURES:
        for shape in (figure, f"{int(figure):,}".replace(",", " "), f"{int(figure):,}".replace(",", "\xa0")):
            assert shape not in text, f"internal figure {figure} reached {where}"


# --- Tokens --------------------------------------------------------------------------------------
def test_only_the_token_digest_is_stored(invited):
    invitation, token = invited
    invitation.refresh_from_db()
    assert token not in invitation.token_hash
    assert invitation.token_hash == sharing.token_digest(token)
    assert len(token) == 43  # 32 random bytes


def test_the_link_comes_from_site_url_not_the_host_header(
    full_plan, contact, owner, client, django_capture_on_commit_callbacks
):
    with override_settings(SITE_URL="https://orchard.example.com"):
        invite(full_plan, contact, owner)
    assert "https://orchard.example.com/our-plan/link/" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["kari@customer.example"]


def test_opening_the_link_shows_continue_and_uses_nothing_up(client, invited):
    invitation, token = invited
    for _ in range(3):  # a mail scanner following the link
        response = client.get(f"/our-plan/link/{token}/")
        assert response.status_code == 200
        assert b"Continue to the plan" in response.content
        assert response["Referrer-Policy"] == "same-origin"
    invitation.refresh_from_db()
    assert invitation.used_at is None
    assert client.get("/our-plan/").status_code == 302  # no session from a GET


def test_continue_starts_a_guest_session_and_later_urls_carry_no_token(client, invited):
    invitation, token = invited
    response = client.post(f"/our-plan/link/{token}/")
    assert response.status_code == 302 and response["Location"] == "/our-plan/"
    page = client.get("/our-plan/")
    assert page.status_code == 200
    assert token.encode() not in page.content
    assert b"Shared goal one" in page.content
    invitation.refresh_from_db()
    assert invitation.used_at is not None and invitation.last_visit_at is not None
    assert Event.objects.filter(kind="guest.opened").count() == 1


def test_a_used_link_offers_a_new_one_which_tells_the_owner(
    client, invited, owner, django_capture_on_commit_callbacks
):
    invitation, token = invited
    client.post(f"/our-plan/link/{token}/")
    other = client.__class__()
    response = other.get(f"/our-plan/link/{token}/")
    assert response.status_code == 410 and b"Request a new link" in response.content
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(f"/our-plan/link/{token}/renew/")
    assert response.status_code == 200
    assert mail.outbox and mail.outbox[0].to == [owner.email]
    assert GuestActivity.objects.filter(kind="renewal").count() == 1
    assert Event.objects.filter(kind="guest.renewal_requested").exists()


def test_an_expired_link_offers_a_new_one(client, invited):
    invitation, token = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(f"/our-plan/link/{token}/")
    assert response.status_code == 410 and b"has expired" in response.content
    assert client.post(f"/our-plan/link/{token}/").status_code == 410
    assert client.get("/our-plan/").status_code == 302


def test_a_revoked_link_is_dead_and_ends_an_open_session(guest_client, invited, owner):
    invitation, token = invited
    assert guest_client.get("/our-plan/").status_code == 200
    sharing.invitation_revoke(invitation=invitation, by=owner)
    response = guest_client.get("/our-plan/")
    assert response.status_code == 403 and b"Your access has ended" in response.content
    assert guest_client.get("/our-plan/").status_code == 302  # the session is gone
    response = guest_client.get(f"/our-plan/link/{token}/")
    assert response.status_code == 410 and b"Request a new link" not in response.content
    assert guest_client.post(f"/our-plan/link/{token}/renew/").status_code == 404


def test_expiry_ends_an_open_session(guest_client, invited):
    invitation, _token = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert guest_client.get("/our-plan/").status_code == 403


def test_resend_makes_a_new_link_and_kills_the_old(
    client, invited, owner, django_capture_on_commit_callbacks
):
    invitation, old = invited
    with django_capture_on_commit_callbacks(execute=True):
        sharing.invitation_resend(invitation=invitation, by=owner, days=30)
    new = token_from_mail()
    assert new != old
    assert client.get(f"/our-plan/link/{old}/").status_code == 404
    assert client.get(f"/our-plan/link/{new}/").status_code == 200
    invitation.refresh_from_db()
    assert 29 <= (invitation.expires_at - timezone.now()).days <= 30


@pytest.mark.parametrize("bad", ["", "short", "x" * 43, "!" * 43, "a" * 44])
def test_tampered_and_truncated_tokens_open_nothing(client, invited, bad):
    _invitation, token = invited
    for candidate in (bad, token[:-1], token[:-1] + ("A" if token[-1] != "A" else "B"), token.upper()):
        if candidate == token or not candidate:
            continue
        response = client.get(f"/our-plan/link/{candidate}/")
        assert response.status_code == 404
        assert client.post(f"/our-plan/link/{candidate}/").status_code == 404
    assert client.get("/our-plan/").status_code == 302


def test_a_token_for_another_plan_opens_only_that_plan(
    client, invited, full_plan, owner, contact, django_capture_on_commit_callbacks
):
    other_plan = full_plan.__class__.objects.create(
        customer=full_plan.customer, period=2028, next_review_due=datetime.date(2028, 4, 1)
    )
    Goal.objects.create(plan=other_plan, kind="strategic", title="Other plan goal", shared=True)
    _inv, token = invite(other_plan, contact, owner)
    client.post(f"/our-plan/link/{token}/")
    page = client.get("/our-plan/").content.decode()
    assert "Other plan goal" in page and "Shared goal one" not in page
    goal = Goal.objects.get(title="Shared goal one")
    client.post(f"/our-plan/goals/{goal.pk}/criteria/", {"answer": "agree"})
    assert not GuestActivity.objects.filter(goal=goal).exists()


def test_a_thousand_random_tokens_find_nothing_and_take_no_longer_than_a_real_one(invited):
    _invitation, token = invited
    randoms = [secrets.token_urlsafe(32) for _ in range(1000)]
    assert all(sharing.invitation_for_token(t) is None for t in randoms)

    def timed(candidate: str) -> float:
        start = time.perf_counter()
        sharing.invitation_for_token(candidate)
        return time.perf_counter() - start

    for _ in range(20):  # warm up
        timed(token), timed(randoms[0])
    real = statistics.median(timed(token) for _ in range(200))
    wrong = statistics.median(timed(t) for t in randoms[:200])
    # One indexed lookup of the digest either way; a found row costs its select_related join only.
    assert wrong < real * 3 and real < wrong * 3


def test_opening_links_is_rate_limited_per_client(client, invited):
    cache.clear()
    for _ in range(30):
        client.get(f"/our-plan/link/{secrets.token_urlsafe(32)}/")
    response = client.get(f"/our-plan/link/{secrets.token_urlsafe(32)}/")
    assert response.status_code == 429 and "Retry-After" in response


def test_expiry_is_at_most_ninety_days(full_plan, contact, owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        sharing.invitation_send(plan=full_plan, stakeholder=contact, by=owner, days=91)
    assert not Invitation.objects.exists()


def test_a_contact_of_another_customer_or_without_email_cannot_be_invited(
    full_plan, foreign_customer, owner, contact
):
    from django.core.exceptions import ValidationError

    stranger = Stakeholder.objects.create(customer=foreign_customer, name="Other", email="o@x.example")
    silent = Stakeholder.objects.create(customer=full_plan.customer, name="No mail")
    for person in (stranger, silent):
        with pytest.raises(ValidationError):
            sharing.invitation_send(plan=full_plan, stakeholder=person, by=owner)
    assert not Invitation.objects.exists()


def test_starting_a_guest_session_logs_a_user_out(client, invited, owner):
    _invitation, token = invited
    client.force_login(owner)
    assert client.get("/our-plan/").status_code == 404  # a user is never a guest
    client.post(f"/our-plan/link/{token}/")
    assert client.get("/").status_code == 302  # our own pages: the login page
    assert client.get("/our-plan/").status_code == 200


# --- Guest steps -----------------------------------------------------------------------------------
def test_guest_comments_are_inert_and_limited(guest_client, full_plan):
    goal = Goal.objects.get(title="Shared goal one")
    payload = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"
    guest_client.post("/our-plan/comments/", {"item": f"goal-{goal.pk}", "text": payload})
    page = guest_client.get("/our-plan/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page
    assert 'href="javascript' not in page
    response = guest_client.post("/our-plan/comments/", {"item": "plan", "text": "x" * 2001}, follow=True)
    assert "at most 2000 characters" in response.content.decode()
    assert GuestActivity.objects.filter(kind="comment").count() == 1


def test_guest_cannot_comment_on_internal_items(guest_client, full_plan):
    internal = Goal.objects.get(shared=False)
    response = guest_client.post(
        "/our-plan/comments/", {"item": f"goal-{internal.pk}", "text": "Hi"}, follow=True
    )
    assert "not on your plan" in response.content.decode()
    assert not GuestActivity.objects.filter(kind="comment").exists()


def test_the_same_comment_form_sent_twice_is_recorded_once(guest_client):
    data = {"item": "plan", "text": "Hello", "submission": "9b2d1a4e-2c55-4c1b-9d7e-3f1f7a0f6a11"}
    guest_client.post("/our-plan/comments/", data)
    guest_client.post("/our-plan/comments/", data)
    assert GuestActivity.objects.filter(kind="comment").count() == 1


def test_guest_agrees_or_proposes_a_change(guest_client, full_plan):
    goal = Goal.objects.get(title="Shared goal one")
    guest_client.post(f"/our-plan/goals/{goal.pk}/criteria/", {"answer": "propose", "text": ""})
    assert not GuestActivity.objects.filter(kind="propose").exists()  # a proposal needs its text
    guest_client.post(f"/our-plan/goals/{goal.pk}/criteria/", {"answer": "propose", "text": "99.5 %"})
    guest_client.post(f"/our-plan/goals/{goal.pk}/criteria/", {"answer": "agree"})
    page = guest_client.get("/our-plan/").content.decode()
    assert "Agreed by" in page
    margin = Goal.objects.get(title="Shared margin goal")  # its criteria are internal
    guest_client.post(f"/our-plan/goals/{margin.pk}/criteria/", {"answer": "agree"})
    assert not GuestActivity.objects.filter(goal=margin).exists()


def test_guest_ranks_the_shared_initiatives(guest_client, full_plan):
    first, second = Opportunity.objects.filter(shared=True).order_by("pk")
    guest_client.post("/our-plan/initiatives/rank/", {f"rank-{first.pk}": "2", f"rank-{second.pk}": "1"})
    row = GuestActivity.objects.get(kind="rank")
    assert row.data == {"order": [second.pk, first.pk]}
    page = guest_client.get("/our-plan/").content.decode()
    assert page.index("Second initiative") < page.index("Shared initiative")
    guest_client.post("/our-plan/initiatives/rank/", {f"rank-{first.pk}": "1", f"rank-{second.pk}": "1"})
    internal = Opportunity.objects.get(shared=False)
    guest_client.post(
        "/our-plan/initiatives/rank/",
        {f"rank-{first.pk}": "1", f"rank-{second.pk}": "2", f"rank-{internal.pk}": "3"},
    )
    assert GuestActivity.objects.filter(kind="rank").count() == 1


def test_guest_updates_only_their_own_actions(guest_client, full_plan, owner):
    mine = Action.objects.get(title="Shared action")
    guest_client.post(f"/our-plan/actions/{mine.pk}/status/", {"status": "done"})
    mine.refresh_from_db()
    assert mine.status == "done" and mine.completed_at is not None and mine.version == 2
    internal = Action.objects.exclude(pk=mine.pk).get()
    internal.assignee = mine.assignee
    internal.save()
    guest_client.post(f"/our-plan/actions/{internal.pk}/status/", {"status": "done"})
    internal.refresh_from_db()
    assert internal.status == "open"
    guest_client.post(f"/our-plan/actions/{mine.pk}/status/", {"status": "cancelled"})
    mine.refresh_from_db()
    assert mine.status == "done"


def test_pulse_feeds_the_satisfaction_figure(guest_client, full_plan):
    from accounts import health

    guest_client.post("/our-plan/pulse/", {"score": "4", "text": "Good"})
    guest_client.post("/our-plan/pulse/", {"score": "9"})
    assert GuestActivity.objects.filter(kind="pulse").count() == 1
    readings = health.read_all([full_plan.customer], datetime.date.today())
    assert readings[full_plan.customer.pk]["satisfaction"].score == 75


def test_every_guest_step_is_on_the_timeline_and_told_to_the_owner(client, guest_client, full_plan, owner):
    goal = Goal.objects.get(title="Shared goal one")
    action = Action.objects.get(title="Shared action")
    guest_client.post("/our-plan/comments/", {"item": "plan", "text": "Looks right"})
    guest_client.post(f"/our-plan/goals/{goal.pk}/criteria/", {"answer": "agree"})
    guest_client.post(f"/our-plan/actions/{action.pk}/status/", {"status": "in_progress"})
    guest_client.post("/our-plan/pulse/", {"score": "5"})
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {"guest.opened", "guest.commented", "guest.agreed", "guest.action_status", "guest.pulse"} <= kinds
    owner_client = client.__class__()
    owner_client.force_login(owner)
    home = owner_client.get("/").content.decode()
    assert "4 new steps" in home
    plan_page = owner_client.get(f"/plans/{full_plan.pk}/").content.decode()
    assert "Looks right" in plan_page and "agreed to the success criteria" in plan_page
    assert "answered the satisfaction pulse: 5 of 5" in plan_page
    assert "4 new steps" not in owner_client.get("/").content.decode()  # seen now


def test_owner_answers_a_comment_and_the_guest_sees_it(client, guest_client, full_plan, owner):
    guest_client.post("/our-plan/comments/", {"item": "plan", "text": "When is the QBR?"})
    comment = GuestActivity.objects.get(kind="comment")
    owner_client = client.__class__()
    owner_client.force_login(owner)
    owner_client.post(
        f"/customer-activity/{comment.pk}/reply/", {"text": "In March.", "version": comment.version}
    )
    stale = owner_client.post(
        f"/customer-activity/{comment.pk}/reply/", {"text": "April.", "version": comment.version}, follow=True
    )
    assert "A colleague answered this comment" in stale.content.decode()
    comment.refresh_from_db()
    assert comment.reply == "In March."
    assert "In March." in guest_client.get("/our-plan/").content.decode()


def test_view_as_customer_is_the_guest_page(client, guest_client, full_plan, owner):
    owner_client = client.__class__()
    owner_client.force_login(owner)
    preview = owner_client.get(f"/plans/{full_plan.pk}/as-customer/")
    assert preview.status_code == 200
    assert [t.name for t in preview.templates][0] == "planning/guest/our_plan.html"
    body = preview.content.decode()
    assert_clean(body, "view as the customer")
    for text in (
        "Shared goal one",
        "Uptime above 99 %",
        "Shared initiative",
        "Shared action",
        "Preventive maintenance",
    ):
        assert text in body


def test_guest_sees_no_our_side_page(guest_client, full_plan):
    for url in (
        "/",
        f"/plans/{full_plan.pk}/",
        f"/customers/{full_plan.customer_id}/",
        f"/plans/{full_plan.pk}/as-customer/",
    ):
        response = guest_client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


# --- Nothing internal leaves ------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_no_internal_text_reaches_any_guest_page_or_mail(
    client, full_plan, contact, owner, language, django_capture_on_commit_callbacks
):
    invitation, token = invite(full_plan, contact, owner, language=language)
    seen = {"invitation e-mail": mail.outbox[-1].body + mail.outbox[-1].alternatives[0][0]}
    client.cookies["django_language"] = language
    seen["link page"] = client.get(f"/our-plan/link/{token}/").content.decode()
    client.post(f"/our-plan/link/{token}/")
    seen["guest page"] = client.get("/our-plan/").content.decode()
    goal = Goal.objects.get(title="Shared goal one")
    action = Action.objects.get(title="Shared action")
    first, second = Opportunity.objects.filter(shared=True).order_by("pk")
    steps = {
        "comment": ("/our-plan/comments/", {"item": "plan", "text": "Hi"}),
        "agree": (f"/our-plan/goals/{goal.pk}/criteria/", {"answer": "agree"}),
        "rank": ("/our-plan/initiatives/rank/", {f"rank-{first.pk}": "1", f"rank-{second.pk}": "2"}),
        "action": (f"/our-plan/actions/{action.pk}/status/", {"status": "done"}),
        "pulse": ("/our-plan/pulse/", {"score": "3"}),
        "bad comment": ("/our-plan/comments/", {"item": "plan", "text": "x" * 3000}),
    }
    for name, (url, data) in steps.items():
        seen[name] = client.post(url, data, follow=True).content.decode()
    assert seen["guest page"].count('lang="' + language) >= 1
    Invitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now())
    other = client.__class__()
    other.cookies["django_language"] = language
    seen["used link"] = other.get(f"/our-plan/link/{token}/").content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seen["renewal page"] = other.post(f"/our-plan/link/{token}/renew/").content.decode()
    seen["renewal e-mail to the owner"] = mail.outbox[-1].body
    sharing.invitation_revoke(invitation=invitation, by=owner)
    seen["ended"] = client.get("/our-plan/").content.decode()
    seen["invalid link"] = other.get(f"/our-plan/link/{token}/").content.decode()
    for where, text in seen.items():
        assert_clean(text, f"{where} ({language})")


# --- Speed ---------------------------------------------------------------------------------------
def _grow(plan, contact, size: int) -> None:
    from decimal import Decimal

    from accounts.models import CustomerUnit
    from planning.models import Offering, WhiteSpaceCell, WhiteSpaceRow

    owner = plan.customer.owner
    Goal.objects.bulk_create(
        Goal(
            plan=plan,
            kind="financial" if i % 2 else "strategic",
            metric="revenue" if i % 2 else "",
            title=f"Goal {i}",
            baseline=10,
            target=100,
            success_criteria="On time",
            criteria_shared=True,
            shared=True,
        )
        for i in range(size)
    )
    Opportunity.objects.bulk_create(
        Opportunity(plan=plan, name=f"Initiative {i}", shared=True) for i in range(size)
    )
    Action.objects.bulk_create(
        Action(
            plan=plan,
            title=f"Action {i}",
            owner=owner,
            assignee=contact,
            due=datetime.date(2027, 3, 1),
            shared=True,
        )
        for i in range(size)
    )
    units = CustomerUnit.objects.bulk_create(
        CustomerUnit(customer=plan.customer, kind="location", name=f"Site {size}-{i}")
        for i in range(size // 5 + 1)
    )
    offerings = Offering.objects.bulk_create(
        Offering(name=f"Offering {size}-{i}") for i in range(size // 5 + 1)
    )
    WhiteSpaceRow.objects.bulk_create(
        WhiteSpaceRow(customer=plan.customer, offering=o, shared=True) for o in offerings
    )
    WhiteSpaceCell.objects.bulk_create(
        WhiteSpaceCell(customer=plan.customer, offering=o, unit=u, status="us", current_revenue=Decimal(1))
        for o in offerings
        for u in units
    )
    goal = plan.goals.filter(shared=True).first()
    GuestActivity.objects.bulk_create(
        GuestActivity(plan=plan, stakeholder=contact, kind="comment", text=f"Comment {i}", goal=goal)
        for i in range(size)
    )


def test_the_guest_page_reads_a_fixed_number_of_queries(guest_client, full_plan, contact):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (5, 60):
        _grow(full_plan, contact, size)
        with CaptureQueriesContext(connection) as captured:
            response = guest_client.get("/our-plan/")
        assert response.status_code == 200
        assert f"Action {size - 1}" in response.content.decode()
        counts.append(len(captured))
    assert counts[0] == counts[1] and counts[1] <= 15, counts


def test_a_guest_page_served_from_the_page_cache_ends_the_moment_the_link_is_revoked(
    guest_client, invited, owner
):
    invitation, _token = invited
    for _ in range(3):  # drawn, drawn with the CSRF cookie, then served from the page cache
        assert guest_client.get("/our-plan/").status_code == 200
    sharing.invitation_revoke(invitation=invitation, by=owner)
    response = guest_client.get("/our-plan/")
    assert response.status_code == 403 and b"Your access has ended" in response.content
