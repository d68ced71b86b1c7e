"""No lost edits, for every object a person edits through a form.

Each editable type is opened by two people and saved by both: the first save wins, the second is
refused with 409 and both versions side by side, and a second, deliberate save of the refused input
wins. A save whose form lacks the version is refused the same way. Then ten people save the same
object at the same moment, each on a connection of their own (PostgreSQL in CI): exactly one wins.
"""

from __future__ import annotations

import datetime
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Criterion, Customer, FinancialPeriod, Stakeholder, User
from planning.models import AccountPlan, Action, Goal, Offering, Opportunity
from risk.models import CompetitorPresence, Contract, RiskItem


@dataclass(frozen=True)
class Editable:
    """How to make one object, open its edit form, fill it with a value, and read the value back."""

    make: Callable[[Customer, User], object]
    url: Callable[[object], str]
    data: Callable[[object, str], dict]
    stored: Callable[[object], str]
    editor: str = "owner"  # who edits: the account owner, or an administrator (criteria)


def _plan(customer: Customer, owner: User) -> AccountPlan:
    return AccountPlan.objects.get_or_create(
        customer=customer,
        period=2027,
        defaults={
            "status": AccountPlan.Status.ACTIVE,
            "created_by": owner,
            "next_review_due": datetime.date(2027, 4, 1),
        },
    )[0]


def _goal(customer, owner) -> Goal:
    return Goal.objects.create(plan=_plan(customer, owner), kind=Goal.Kind.STRATEGIC, title="Sole supplier")


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


STAKEHOLDER = {
    "level": "executive",
    "function": "finance",
    "influence": "4",
    "attitude": "neutral",
    "disc": "unknown",
}
CONTRACT = {"start": "2025-01-01", "expiry": "2028-01-01", "notice_amount": "6", "notice_unit": "months"}
RISK = {"category": "people", "likelihood": "3", "impact": "4", "status": "open"}
CRITERION = {"name": "Share of wallet", "weight": "10", "axis": "position", "order": "90", "active": "on"}

EDITABLE: dict[str, Editable] = {
    "customer": Editable(
        make=lambda customer, owner: customer,
        url=lambda c: reverse("accounts:customer-edit", args=[c.pk]),
        data=lambda c, value: {"name": value},
        stored=lambda c: _reload(c).name,
    ),
    "candidate next step": Editable(
        make=lambda customer, owner: customer,
        url=lambda c: reverse("accounts:candidate-next-step", args=[c.pk]),
        data=lambda c, value: {"next_step": value, "target_date": ""},
        stored=lambda c: _reload(c).next_step,
    ),
    "stakeholder": Editable(
        make=lambda customer, owner: Stakeholder.objects.create(customer=customer, name="Kari Nordmann"),
        url=lambda p: reverse("accounts:stakeholder-edit", args=[p.customer_id, p.pk]),
        data=lambda p, value: {"name": "Kari Nordmann", "title": value, **STAKEHOLDER},
        stored=lambda p: _reload(p).title,
    ),
    "financial period": Editable(
        make=lambda customer, owner: FinancialPeriod.objects.create(
            customer=customer, year=2025, revenue=Decimal(1000), gross_margin=Decimal(100)
        ),
        url=lambda p: reverse("accounts:financial-edit", args=[p.customer_id, p.pk]),
        data=lambda p, value: {"year": "2025", "quarter": "0", "revenue": value, "gross_margin": "100"},
        stored=lambda p: format(_reload(p).revenue.normalize(), "f"),
    ),
    "selection criterion": Editable(
        make=lambda customer, owner: Criterion.objects.create(name="Share of wallet", weight=10),
        url=lambda c: reverse("accounts:criterion-edit", args=[c.pk]),
        data=lambda c, value: {**CRITERION, "description": value},
        stored=lambda c: _reload(c).description,
        editor="admin",
    ),
    "contract": Editable(
        make=lambda customer, owner: Contract.objects.create(
            customer=customer,
            title="Supply",
            start=datetime.date(2025, 1, 1),
            expiry=datetime.date(2028, 1, 1),
        ),
        url=lambda c: reverse("risk:contract-edit", args=[c.pk]),
        data=lambda c, value: {"title": value, **CONTRACT},
        stored=lambda c: _reload(c).title,
    ),
    "competitor": Editable(
        make=lambda customer, owner: CompetitorPresence.objects.create(customer=customer, name="Fjordtech"),
        url=lambda c: reverse("risk:competitor-edit", args=[c.pk]),
        data=lambda c, value: {"name": "Fjordtech", "strength": "2", "note": value},
        stored=lambda c: _reload(c).note,
    ),
    "risk": Editable(
        make=lambda customer, owner: RiskItem.objects.create(customer=customer, title="Champion may leave"),
        url=lambda r: reverse("risk:risk-edit", args=[r.pk]),
        data=lambda r, value: {"title": "Champion may leave", "mitigation": value, **RISK},
        stored=lambda r: _reload(r).mitigation,
    ),
    "account plan": Editable(
        make=_plan,
        url=lambda p: reverse("planning:plan-edit", args=[p.pk]),
        data=lambda p, value: {"summary": value, "status": "active"},
        stored=lambda p: _reload(p).summary,
    ),
    "goal": Editable(
        make=_goal,
        url=lambda g: reverse("planning:goal-edit", args=[g.pk]),
        data=lambda g, value: {"kind": "strategic", "title": value, "progress_entered": "30"},
        stored=lambda g: _reload(g).title,
    ),
    "opportunity": Editable(
        make=lambda customer, owner: Opportunity.objects.create(
            plan=_plan(customer, owner), name="Pilot", value=Decimal(1000), probability=40
        ),
        url=lambda o: reverse("planning:opportunity-edit", args=[o.pk]),
        data=lambda o, value: {"name": value, "value": "1000", "probability": "40", "stage": "idea"},
        stored=lambda o: _reload(o).name,
    ),
    "action": Editable(
        make=lambda customer, owner: Action.objects.create(
            plan=_plan(customer, owner), title="Book the QBR", owner=owner, due=datetime.date(2027, 3, 1)
        ),
        url=lambda a: reverse("planning:action-edit", args=[a.pk]),
        data=lambda a, value: {"title": value, "owner": a.owner_id, "due": "2027-03-01", "status": "open"},
        stored=lambda a: _reload(a).title,
    ),
    "offering": Editable(
        make=lambda customer, owner: Offering.objects.create(name="Remote monitoring"),
        url=lambda o: reverse("planning:offering-edit", args=[o.pk]),
        data=lambda o, value: {"name": value, "order": "0", "active": "on"},
        stored=lambda o: _reload(o).name,
        editor="admin",
    ),
}

VERSION = re.compile(r'name="version" value="(\d+)"')


def opened(client: Client, url: str) -> str:
    """The version an edit form was opened at, read from the page as a browser would send it."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    found = VERSION.findall(response.content.decode())
    assert len(found) == 1, f"the edit form carries one version, found {found}"
    return found[0]


def editor(cast, kind: Editable) -> User:
    return cast.admin if kind.editor == "admin" else cast.owner


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(EDITABLE))
def test_the_second_of_two_stale_saves_is_refused_with_both_versions(client, cast, name):
    kind = EDITABLE[name]
    obj = kind.make(cast.customer, cast.owner)
    before = kind.stored(obj)
    client.force_login(editor(cast, kind))
    url = kind.url(obj)
    first_tab, second_tab = opened(client, url), opened(client, url)

    saved = client.post(url, kind.data(obj, "4711") | {"version": first_tab})
    assert saved.status_code == 302, (
        saved.context and saved.context.get("form") and saved.context["form"].errors
    )
    assert kind.stored(obj) == "4711"

    refused = client.post(url, kind.data(obj, "8088") | {"version": second_tab})
    body = refused.content.decode()
    assert refused.status_code == 409
    assert "Someone else saved this while you were editing" in body
    assert "4711" in body and "8088" in body, "both versions are shown"
    assert kind.stored(obj) == "4711"

    # The refused page is based on the version saved meanwhile: saving it again is a choice, and wins.
    again = client.post(url, kind.data(obj, "8088") | {"version": VERSION.findall(body)[0]})
    assert again.status_code == 302
    assert kind.stored(obj) == "8088"
    assert before not in {"4711", "8088"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(EDITABLE))
@pytest.mark.parametrize("version", [None, "", "0", "abc"])
def test_a_save_without_a_version_is_stale_never_current(client, cast, name, version):
    kind = EDITABLE[name]
    obj = kind.make(cast.customer, cast.owner)
    before = kind.stored(obj)
    client.force_login(editor(cast, kind))
    data = kind.data(obj, "4711")
    if version is not None:
        data["version"] = version
    response = client.post(kind.url(obj), data)
    assert response.status_code == 409
    assert kind.stored(obj) == before


@pytest.mark.django_db
def test_a_decision_between_opening_and_saving_the_customer_form_is_not_overwritten(client, cast):
    """Writes outside the edit form move the version too: the stale form cannot undo a decision."""
    from accounts.services.selection import selection_decide

    Customer.objects.filter(pk=cast.customer.pk).update(status=Customer.Status.CANDIDATE)
    url = reverse("accounts:customer-edit", args=[cast.customer.pk])
    client.force_login(cast.owner)
    version = opened(client, url)
    selection_decide(customer=cast.customer, kind="make_key", reason="Agreed in the QBR", by=cast.leader)
    response = client.post(url, {"name": cast.customer.name, "status": "candidate", "version": version})
    assert response.status_code == 409
    assert Customer.objects.get(pk=cast.customer.pk).status == Customer.Status.KEY


EDITORS = 10
RACED = ["customer", "stakeholder", "financial period", "contract", "competitor", "risk", "goal"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", RACED)
def test_ten_people_saving_at_once_one_wins_and_nine_see_the_conflict(cast, name):
    kind = EDITABLE[name]
    obj = kind.make(cast.customer, cast.owner)
    url = kind.url(obj)
    start = threading.Barrier(EDITORS)
    answers: dict[int, int] = {}

    def edit(n: int) -> None:
        try:
            client = Client()
            client.force_login(cast.owner)
            version = opened(client, url)
            start.wait(timeout=30)  # everyone has the form open before anyone saves
            answers[n] = client.post(url, kind.data(obj, f"{9000 + n}") | {"version": version}).status_code
        finally:
            connection.close()  # each editor had a connection of their own

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    codes = sorted(answers.values())
    assert codes == [302] + [409] * (EDITORS - 1), codes
    winner = next(n for n, code in answers.items() if code == 302)
    assert kind.stored(obj) == f"{9000 + winner}"
    assert _reload(obj).version == 2


# --- The admin ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_two_administrators_saving_the_same_contract_the_second_is_refused(client, cast):
    contract = EDITABLE["contract"].make(cast.customer, cast.owner)
    url = reverse("admin:risk_contract_change", args=[contract.pk])
    client.force_login(cast.admin)
    first_tab, second_tab = opened(client, url), opened(client, url)
    data = {
        "customer": cast.customer.pk,
        "start": "2025-01-01",
        "expiry": "2028-01-01",
        "notice_amount": "6",
        "notice_unit": "months",
        "renewal_terms": "",
        "value": "",
    }
    assert client.post(url, data | {"title": "Theirs", "version": first_tab}).status_code == 302
    refused = client.post(url, data | {"title": "Mine", "version": second_tab})
    assert refused.status_code == 200
    assert "Someone else saved this while you were editing" in refused.content.decode()
    assert client.post(url, data | {"title": "Mine"}).status_code == 200  # no version: stale too
    contract.refresh_from_db()
    assert (contract.title, contract.version) == ("Theirs", 2)


# --- Scores: one form for every criterion -----------------------------------------------------------
SCORE_VERSION = re.compile(r'name="(version_\d+)" value="(\d+)"')


def scores_opened(client: Client, url: str) -> dict[str, str]:
    return dict(SCORE_VERSION.findall(client.get(url).content.decode()))


@pytest.mark.django_db
def test_two_people_scoring_the_same_customer_the_second_sees_both_scores(client, cast):
    from accounts.models import Score

    criterion = Criterion.objects.filter(active=True).order_by("order").first()
    url = reverse("accounts:customer-scores", args=[cast.customer.pk])
    client.force_login(cast.owner)
    kam_tab = scores_opened(client, url)
    client.force_login(cast.leader)
    leader_tab = scores_opened(client, url)
    assert kam_tab and kam_tab == leader_tab

    client.force_login(cast.owner)
    data = {f"score_{criterion.pk}": "4", f"rationale_{criterion.pk}": "Grows 20 % a year"}
    assert client.post(url, data | kam_tab).status_code == 302

    client.force_login(cast.leader)
    refused = client.post(
        url, {f"score_{criterion.pk}": "2", f"rationale_{criterion.pk}": "Flat"} | leader_tab
    )
    body = refused.content.decode()
    assert refused.status_code == 409
    assert "Grows 20 % a year" in body and "Flat" in body
    assert Score.objects.get(customer=cast.customer, criterion=criterion).value == 4

    rebased = dict(SCORE_VERSION.findall(body))
    again = {f"score_{criterion.pk}": "2", f"rationale_{criterion.pk}": "Flat"} | rebased
    assert client.post(url, again).status_code == 302
    assert Score.objects.get(customer=cast.customer, criterion=criterion).value == 2


@pytest.mark.django_db
def test_scoring_another_criterion_on_a_stale_form_does_not_clear_a_new_score(client, cast):
    from accounts.models import Score

    first, second = Criterion.objects.filter(active=True).order_by("order")[:2]
    url = reverse("accounts:customer-scores", args=[cast.customer.pk])
    client.force_login(cast.owner)
    stale = scores_opened(client, url)
    Score.objects.create(customer=cast.customer, criterion=first, value=5, rationale="Theirs")
    response = client.post(url, {f"score_{second.pk}": "3", f"rationale_{second.pk}": "Mine"} | stale)
    assert response.status_code == 409
    assert Score.objects.get(customer=cast.customer, criterion=first).value == 5
    assert not Score.objects.filter(customer=cast.customer, criterion=second).exists()
