"""Status moves only through a decision: an import row asking for key or former becomes a proposal
that a sales leader confirms as a selection decision or refuses with a message."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import timeline
from accounts.models import Customer, Event, SelectionDecision, StatusProposal
from tests.accounts.test_excel import (
    _media,  # noqa: F401  (the autouse fixture keeps uploads in a temporary folder)
    commit,
    customers_file,
    errors_of,
    outcomes,
    preview,
    snapshot,
)
from tests.factories import CustomerFactory

PROPOSALS = reverse("accounts:status-proposals")


def _confirm(client, proposal, reason="Agreed at the QBR"):
    return client.post(
        reverse("accounts:status-proposal-confirm", args=[proposal.pk]), {f"p{proposal.pk}-reason": reason}
    )


def _refuse(client, proposal, message):
    return client.post(
        reverse("accounts:status-proposal-refuse", args=[proposal.pk]), {f"p{proposal.pk}-message": message}
    )


def _events(customer) -> list[str]:
    return [timeline.describe(e.kind, e.data) for e in Event.objects.filter(customer=customer).order_by("pk")]


def test_a_new_key_row_creates_a_prospect_and_a_proposal_not_a_key_account(client, owner):
    client.force_login(owner)
    job = preview(
        client,
        customers_file(
            ["Havbris AS", "987 654 325", None, "Nyckelkund"], ["Fjell AS", "911 111 128", None, "kandidat"]
        ),
    )
    assert outcomes(job) == [("customers", 2, "create"), ("customers", 3, "create")]
    assert job.result["proposals"] == 1 and job.result["rows"][0]["proposal"] == "key"
    page = client.get(reverse("accounts:import-preview", args=[job.pk])).content.decode()
    assert "this becomes a proposal for a sales leader" in page
    commit(client, job)
    havbris, fjell = Customer.objects.get(name="Havbris AS"), Customer.objects.get(name="Fjell AS")
    assert (havbris.status, fjell.status) == ("prospect", "candidate")  # candidates still import
    assert not SelectionDecision.objects.exists()
    proposal = StatusProposal.objects.get()
    assert (proposal.customer, proposal.status, proposal.state) == (havbris, "key", "open")
    assert proposal.source == "customers.xlsx" and proposal.proposed_by == owner
    assert "proposed by import to make the status Key account (now Prospect)" in _events(havbris)


def test_an_existing_customer_keeps_its_status_and_the_rest_of_the_row_is_imported(client, owner, customer):
    Customer.objects.filter(pk=customer.pk).update(org_number="923 609 016", status="prospect")
    client.force_login(owner)
    headers = ["name", "organisation number", "status", "industry"]
    file = customers_file(["Nordfjord Energi AS", "923 609 016", "key", "Hydro"], headers=headers)
    commit(client, preview(client, file))
    customer.refresh_from_db()
    assert (customer.status, customer.industry) == ("prospect", "Hydro")
    assert StatusProposal.objects.get().status == "key"
    again = preview(client, file)  # the same file again: the proposal is already waiting
    assert outcomes(again) == [("customers", 2, "unchanged")]
    assert again.result["rows"][0]["proposal_waiting"] is True
    commit(client, again)
    assert StatusProposal.objects.count() == 1
    other = customers_file(["Nordfjord Energi AS", "923 609 016", "former"], headers=headers[:3])
    commit(client, preview(client, other))  # a later file asking for another status replaces it
    assert list(StatusProposal.objects.order_by("pk").values_list("status", "state")) == [
        ("key", "replaced"),
        ("former", "open"),
    ]


def test_leaving_key_status_is_a_proposal_too(client, owner, customer):
    Customer.objects.filter(pk=customer.pk).update(org_number="923 609 016")
    client.force_login(owner)
    commit(client, preview(client, customers_file(["Nordfjord Energi AS", "923 609 016", None, "Prospekt"])))
    customer.refresh_from_db()
    assert customer.status == "key" and StatusProposal.objects.get().status == "prospect"


def test_a_contributor_cannot_propose(client, contributor, customer):
    Customer.objects.filter(pk=customer.pk).update(org_number="923 609 016", status="prospect")
    client.force_login(contributor)
    job = preview(client, customers_file(["Nordfjord Energi AS", "923 609 016", None, "key"]))
    assert outcomes(job) == [("customers", 2, "error")] and "customer you cannot change" in errors_of(job)


@pytest.fixture
def proposal(customer, owner):
    Customer.objects.filter(pk=customer.pk).update(status="candidate")
    return StatusProposal.objects.create(
        customer=customer, status="key", previous_status="candidate", proposed_by=owner
    )


def test_a_leader_confirms_a_proposal_as_a_real_decision_with_the_ceiling_warning(
    client, leader, owner, customer, proposal, settings
):
    settings.SELECTION_KEY_ACCOUNTS_PER_KAM = 1
    CustomerFactory(owner=owner, team=customer.team, status="key")
    client.force_login(leader)
    page = client.get(PROPOSALS).content.decode()
    assert "Nordfjord Energi AS" in page and "will hold 2 key accounts; the agreed ceiling is 1" in page
    response = _confirm(client, proposal, reason="")
    assert response.status_code == 400 and "a decision needs a reason" in response.content.decode()
    assert StatusProposal.objects.get().is_open and not SelectionDecision.objects.exists()

    response = _confirm(client, proposal)
    assert response.status_code == 302
    followed = client.get(PROPOSALS).content.decode()
    assert "now holds 2 key accounts; the agreed ceiling is 1" in followed
    decision = SelectionDecision.objects.get()
    assert (decision.kind, decision.reason, decision.decided_by, decision.new_status) == (
        "make_key",
        "Agreed at the QBR",
        leader,
        "key",
    )
    proposal.refresh_from_db()
    customer.refresh_from_db()
    assert customer.status == "key" and proposal.state == "confirmed" and proposal.decision == decision
    assert "confirmed the proposal to make the status Key account" in _events(customer)
    assert any(line.startswith("decided “Make key account”") for line in _events(customer))

    again = _confirm(client, proposal)  # sent twice, or a second leader: nothing more happens
    assert again.status_code == 302 and SelectionDecision.objects.count() == 1
    assert "already confirmed by Lars Haugen" in client.get(PROPOSALS).content.decode()


def test_a_leader_refuses_with_a_message_the_kam_reads(client, leader, owner, customer, proposal):
    client.force_login(leader)
    assert _refuse(client, proposal, "  ").status_code == 400
    assert StatusProposal.objects.get().is_open
    assert _refuse(client, proposal, "Not before the pilot ends.").status_code == 302
    proposal.refresh_from_db()
    customer.refresh_from_db()
    assert proposal.state == "refused" and customer.status == "candidate"
    assert not SelectionDecision.objects.exists()
    assert "refused the proposal to make the status Key account: Not before the pilot ends." in _events(
        customer
    )
    client.force_login(owner)
    tab = client.get(reverse("accounts:customer-selection", args=[customer.pk])).content.decode()
    assert "Not before the pilot ends." in tab and "refused" in tab and "Lars Haugen" in tab


def test_the_kam_sees_a_waiting_proposal_and_the_list_is_for_leaders(
    client, owner, leader, customer, proposal
):
    client.force_login(owner)
    tab = client.get(reverse("accounts:customer-selection", args=[customer.pk])).content.decode()
    assert "waiting for a leader" in tab
    assert client.get(PROPOSALS).status_code == 403
    client.force_login(leader)
    assert f"proposal-{proposal.pk}" in client.get(PROPOSALS).content.decode()


def test_the_proposal_list_takes_the_same_queries_for_more_proposals(client, leader, owner, customer):
    client.force_login(leader)
    counts = []
    for size in (2, 8):
        for _index in range(size):
            other = CustomerFactory(owner=owner, team=customer.team, status="prospect")
            StatusProposal.objects.create(
                customer=other, status="key", previous_status="prospect", proposed_by=owner
            )
            StatusProposal.objects.create(
                customer=other,
                status="former",
                previous_status="prospect",
                proposed_by=owner,
                state="refused",
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PROPOSALS).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 15


def test_export_then_import_stays_identical_through_proposals(client, owner, leader, customer):
    Customer.objects.filter(pk=customer.pk).update(org_number="923 609 016")
    CustomerFactory(
        name="Gammel AS", org_number="556677-8899", owner=owner, team=customer.team, status="former"
    )
    CustomerFactory(
        name="Ny AS", org_number="911 111 128", owner=owner, team=customer.team, status="candidate"
    )
    client.force_login(owner)
    content = b"".join(client.get(reverse("accounts:customer-export")).streaming_content)
    before = snapshot()
    same = preview(client, content)
    assert {row["action"] for row in same.result["rows"]} == {"unchanged"} and same.result["proposals"] == 0

    Customer.objects.filter(owner=owner).delete()
    commit(client, preview(client, content))
    assert sorted(StatusProposal.objects.values_list("status", flat=True)) == ["former", "key"]
    client.force_login(leader)
    for proposal in StatusProposal.objects.all():
        assert _confirm(client, proposal).status_code == 302
    assert snapshot() == before
