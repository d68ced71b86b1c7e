"""Who owns an account: the owner page of a customer, and the hand-over of a leaving KAM's accounts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import access, selectors
from accounts.forms.owners import HandOverForm, OwnerForm
from accounts.models import NextStep
from accounts.services import EditConflict
from accounts.services.owners import (
    customer_owner_set,
    hand_over_preview,
    hand_over_scope,
    kam_hand_over,
    moved_labels,
    owner_candidates,
)
from accounts.views.customers import customer_frame


@require_http_methods(["GET", "POST"])
def customer_owner_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    """A leader (for their teams) or an administrator sets the customer's owner and team."""
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.assign")
    teams = access.assignable_teams(request.user)
    initial = {"version": customer.version, "owner": customer.owner_id, "team": customer.team_id}
    form = OwnerForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        teams=teams,
        people=owner_candidates(teams),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        version, data = form.changes()
        try:
            customer_owner_set(customer=customer, by=request.user, version=version, **data)
        except EditConflict:
            messages.error(
                request,
                _(
                    "Someone changed this customer while you were choosing; nothing was saved. Check and choose again."
                ),
            )
            return redirect("accounts:customer-owner", customer.pk)
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("%(person)s is now the account owner of %(customer)s, in %(team)s.")
                % {"person": data["owner"], "customer": customer.name, "team": data["team"]},
            )
            return redirect(customer)
    if form.errors:
        status = 400
    context = customer_frame(
        request, customer, "overview", form=form, members=selectors.account_team(customer)
    )
    return render(request, "accounts/customer_owner.html", context, status=status)


@require_http_methods(["GET", "POST"])
def kam_hand_over_view(request: HttpRequest, user_id: int) -> HttpResponse:
    """A leaving KAM's accounts, open actions and steps go to someone else in one step."""
    leaving = access.get_handover_person_for_user(request.user, user_id)
    customers = access.decidable_customers(request.user)
    scope = list(hand_over_scope(leaving, customers).select_related("team").order_by("name"))
    teams = access.assignable_teams(request.user)
    form = HandOverForm(
        request.POST if request.method == "POST" else None,
        people=owner_candidates(teams).exclude(pk=leaving.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = kam_hand_over(
                leaving=leaving, to=form.cleaned_data["to"], customers=customers, by=request.user
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            for line in _handed_over(result, leaving, form.cleaned_data["to"]):
                messages.success(request, line)
            return redirect(reverse("accounts:calibration"))
    context = {
        "leaving": leaving,
        "form": form,
        "owned": [c for c in scope if c.owner_id == leaving.pk],
        "member_of": [c for c in scope if c.owner_id != leaving.pk],
        "open_steps": NextStep.objects.filter(
            customer__in=[c.pk for c in scope], assignee=leaving, status=NextStep.Status.OPEN
        ).count(),
        "also": hand_over_preview(leaving, [c.pk for c in scope]),
    }
    return render(request, "accounts/hand_over.html", context, status=400 if form.errors else 200)


def _handed_over(result, leaving, to) -> list[str]:
    accounts = len(result.accounts)
    lines = [
        ngettext(
            "%(to)s now owns %(count)s account that %(leaving)s owned.",
            "%(to)s now owns %(count)s accounts that %(leaving)s owned.",
            accounts,
        )
        % {"to": to, "count": accounts, "leaving": leaving}
    ]
    parts = moved_labels(result)
    if result.steps:
        parts.append(
            ngettext("%(count)s open next step", "%(count)s open next steps", result.steps)
            % {"count": result.steps}
        )
    if result.memberships:
        parts.append(
            ngettext(
                "%(count)s seat on an account team", "%(count)s seats on account teams", result.memberships
            )
            % {"count": result.memberships}
        )
    if parts:
        lines.append(_("Moved to %(to)s as well: %(things)s.") % {"to": to, "things": ", ".join(parts)})
    return lines
