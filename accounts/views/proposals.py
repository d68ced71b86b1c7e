"""Status proposals: the leaders' list, and confirming or refusing one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from accounts.forms.selection import ProposalConfirmForm, ProposalRefuseForm
from accounts.models import Customer, StatusProposal
from accounts.pagecache import cached_page
from accounts.selectors import proposals as selectors
from accounts.selectors.selection import key_account_load
from accounts.services.proposals import ProposalDecided, status_proposal_confirm, status_proposal_refuse
from accounts.views.selection import _ceiling_warnings, _subnav


@require_GET
@cached_page
def status_proposal_list_view(request: HttpRequest) -> HttpResponse:
    access.require_portfolio(request.user)
    return _page(request)


def _page(request: HttpRequest, failed: tuple[int, object] | None = None, status: int = 200) -> HttpResponse:
    """The list; `failed` is (proposal id, bound form) for a form sent with errors."""
    board = selectors.proposal_board(request.user)
    items = []
    for row in board.open:
        proposal = row.proposal
        prefix = f"p{proposal.pk}"
        confirm, refuse = ProposalConfirmForm(prefix=prefix), ProposalRefuseForm(prefix=prefix)
        if failed and failed[0] == proposal.pk:
            if isinstance(failed[1], ProposalConfirmForm):
                confirm = failed[1]
            else:
                refuse = failed[1]
        warnings = _ceiling_warnings(row.load, proposal.customer, ahead=True) if row.load else []
        items.append({"proposal": proposal, "confirm": confirm, "refuse": refuse, "warnings": warnings})
    context = {"items": items, "decided": board.decided, **_subnav(request, "proposals")}
    return render(request, "accounts/status_proposals.html", context, status=status)


@require_POST
def status_proposal_confirm_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access.get_status_proposal_for_user(request.user, proposal_id)
    form = ProposalConfirmForm(request.POST, prefix=f"p{proposal.pk}")
    if form.is_valid():
        try:
            decision = status_proposal_confirm(
                proposal=proposal, reason=form.cleaned_data["reason"], by=request.user
            )
        except ProposalDecided as done:
            return _already(request, done.proposal)
        except ValidationError as error:
            form.add_error("reason", error)
    if form.errors:
        return _page(request, (proposal.pk, form), status=400)
    customer = proposal.customer
    if decision.new_status == Customer.Status.KEY:
        for warning in _ceiling_warnings(key_account_load(customer), customer, ahead=False):
            messages.warning(request, warning)
    messages.success(
        request,
        _("Decision recorded: %(customer)s is now “%(status)s”.")
        % {"customer": customer.name, "status": Customer.Status(decision.new_status).label},
    )
    return redirect("accounts:status-proposals")


@require_POST
def status_proposal_refuse_view(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access.get_status_proposal_for_user(request.user, proposal_id)
    form = ProposalRefuseForm(request.POST, prefix=f"p{proposal.pk}")
    if form.is_valid():
        try:
            status_proposal_refuse(proposal=proposal, message=form.cleaned_data["message"], by=request.user)
        except ProposalDecided as done:
            return _already(request, done.proposal)
        except ValidationError as error:
            form.add_error("message", error)
    if form.errors:
        return _page(request, (proposal.pk, form), status=400)
    messages.success(
        request,
        _("Proposal refused: %(customer)s stays “%(status)s”; the account owner sees your message.")
        % {"customer": proposal.customer.name, "status": proposal.customer.get_status_display()},
    )
    return redirect("accounts:status-proposals")


def _already(request: HttpRequest, proposal: StatusProposal) -> HttpResponse:
    """Someone decided first (or this is the same form sent again): say what became of it."""
    if proposal.state == StatusProposal.State.REPLACED:
        text = _("A later import replaced this proposal for %(customer)s; decide on the new one.")
    else:
        text = _("This proposal for %(customer)s was already %(state)s by %(person)s; nothing was changed.")
    messages.info(
        request,
        text
        % {
            "customer": proposal.customer.name,
            "state": proposal.get_state_display(),
            "person": proposal.decided_by or "",
        },
    )
    return redirect("accounts:status-proposals")
