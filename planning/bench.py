"""The plan page and the white-space matrix in `manage.py bench`, on the KAM's first key account."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from accounts.bench import SCENARIOS, BenchError, Scenario, UrlFor
from accounts.bench.jobs import JOBS, Job
from accounts.models import Customer, User


def _first_key_account(url_name: str) -> UrlFor:
    def url(user: User | None) -> str:
        customer = Customer.objects.owned_by(user).key_accounts().order_by("pk").first()
        if customer is None:
            raise BenchError(f"{user} owns no key account; is the bench database seeded?")
        return reverse(url_name, args=[customer.pk])

    return url


GUEST_TOKEN = "bench" + "B" * 38  # a fixed link for the bench database only


def _guest_setup(client) -> None:
    """A guest session on the first key account's plan, as Continue on an invitation starts it."""
    import datetime

    from django.utils import timezone

    from accounts.models import Stakeholder
    from planning.models import AccountPlan, Invitation
    from planning.services.sharing import token_digest

    plan = AccountPlan.objects.current().filter(customer__status="key").order_by("customer_id").first()
    if plan is None:
        raise BenchError("No key account has a plan; is the bench database seeded?")
    contact = Stakeholder.objects.filter(customer=plan.customer).exclude(email="").first()
    if contact is None:
        contact = Stakeholder.objects.create(
            customer=plan.customer, name="Bench Guest", email="guest@example.com"
        )
    Invitation.objects.update_or_create(
        token_hash=token_digest(GUEST_TOKEN),
        defaults={
            "plan": plan,
            "stakeholder": contact,
            "email": contact.email,
            "expires_at": timezone.now() + datetime.timedelta(days=1),
            "used_at": None,
            "revoked_at": None,
        },
    )
    response = client.post(reverse("planning:invitation-open", args=[GUEST_TOKEN]))
    if response.status_code != 302:
        raise BenchError(f"The bench guest could not start a session ({response.status_code}).")


SCENARIOS += [
    Scenario(
        "customer's plan page (guest)", None, lambda user: reverse("planning:guest-plan"), setup=_guest_setup
    ),
    Scenario("account plan (KAM's first key account)", "kam", _first_key_account("planning:customer-plan")),
    Scenario(
        "white-space matrix (KAM's first key account)",
        "kam",
        _first_key_account("planning:customer-whitespace"),
    ),
]


def _first_key_plan():
    from planning.models import AccountPlan

    plan = (
        AccountPlan.objects.current()
        .select_related("customer__owner")
        .filter(customer__status="key")
        .order_by("customer_id")
        .first()
    )
    if plan is None:
        raise BenchError("No key account has a plan; is the bench database seeded?")
    return plan


def _grow_actions(total: int) -> Callable[[], None]:
    """Setup (outside the timing): the first key account's plan grown to `total` actions."""

    def grow() -> None:
        import datetime

        from planning.models import Action

        plan = _first_key_plan()
        start = datetime.date(plan.period, 1, 1)
        Action.objects.bulk_create(
            Action(
                plan=plan,
                title=f"Follow-up {n} with the plant",
                owner=plan.customer.owner,
                due=start + datetime.timedelta(days=n % 360),
            )
            for n in range(max(0, total - plan.actions.count()))
        )

    return grow


def _internal_pdf() -> str:
    """The internal PDF of the first key account's plan as the worker makes it: the HTML, the
    layout and the file."""
    import tempfile
    from pathlib import Path

    from django.utils import translation

    from planning import documents, pdfrender
    from planning.models import PlanDocument

    plan = _first_key_plan()
    with translation.override("nb"), tempfile.TemporaryDirectory() as folder:
        pictures: dict[str, str] = {}
        html = documents.build_html(plan, PlanDocument.Kind.INTERNAL, plan.customer.owner, pictures=pictures)
        pages = pdfrender.render(html, Path(folder) / "plan.pdf", pictures=pictures)
    return f"{pages} pages, {plan.actions.count()} actions"


# The seeded first key account (60 stakeholders, 16 offerings) with 30 actions is about ten A4
# pages: the document. The same plan with 150 actions (about 17 pages) shows how the
# time grows with a long action table; it has no budget of its own.
PDF_ACTIONS = 30
PDF_ACTIONS_LONG = 150


def _as_the_worker(grow):
    """The plan grown, in a process that has WeasyPrint loaded as the worker has from its start."""

    def setup() -> None:
        from planning import pdfrender

        pdfrender.load_engine()
        grow()

    return setup


JOBS += [
    Job(
        "internal plan PDF (about 10 pages)",
        _internal_pdf,
        budget_s=2.0,
        setup=_as_the_worker(_grow_actions(PDF_ACTIONS)),
    ),
    Job(
        "internal plan PDF (150 actions)",
        _internal_pdf,
        setup=_as_the_worker(_grow_actions(PDF_ACTIONS_LONG)),
    ),
]
