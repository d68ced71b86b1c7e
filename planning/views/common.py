"""What every planning view shares: finding objects through the access module, saving forms
through services (with the edit-conflict and account-team answers), deleting, downloading."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import access
from accounts.conflicts import rebase, resubmit_pairs
from accounts.models import CustomerUnit
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.views.customers import customer_frame
from accounts.views.once import already_saved, sent_fingerprint
from planning.models import AccountPlan, Offering
from planning.services import EditConflict, OwnerNotOnTeam

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDIT, MANAGE = "customer.edit", "customer.manage"


# --- Access: every object is found among the customers the user may see --------------------------
def plan_for_user(request: HttpRequest, plan_id: int, action: str = "customer.view") -> AccountPlan:
    plans = AccountPlan.objects.select_related(
        "customer__owner", "customer__team", "latest_review__reviewed_by"
    )
    return access.get_customer_object_for_user(request.user, plans, plan_id, action=action)


def item_for_user(request: HttpRequest, model: type[Model], pk: int, action: str = EDIT) -> Any:
    items = model.objects.select_related("plan__customer__owner", "plan__customer__team")
    return access.get_customer_object_for_user(
        request.user, items, pk, action=action, customer_path="plan__customer"
    )


def offering_and_unit(customer, offering_id: int, unit_id: int) -> tuple[Offering, CustomerUnit]:
    offering = Offering.objects.filter(pk=offering_id).first()
    unit = CustomerUnit.objects.filter(pk=unit_id, customer=customer).first()
    if offering is None or unit is None:
        raise Http404("No such cell")
    return offering, unit


def may_manage(request: HttpRequest, customer) -> bool:
    return access.can(request.user, MANAGE, customer)


# --- Forms that save through a service: one flow for every plan item ------------------------------
def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_form(
    request: HttpRequest,
    *,
    plan: AccountPlan,
    make_form: Callable[..., Any],
    save: Callable[[Any, bool], Any],
    title: str,
    anchor: str,
    done: str,
    delete_url: str = "",
) -> HttpResponse:
    """GET shows the form; POST saves it through `save(form, add_to_team)` and goes back to the plan.

    A stale version answers 409 with both versions side by side; a person outside the account team
    is refused with a one-click offer to add them (for those who may manage the team).
    """
    form = make_form(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "plan": plan,
        "form": form,
        "title": title,
        "cancel": plan.get_absolute_url() + anchor,
        "delete_url": delete_url,
    }
    status = 200
    if request.method == "POST" and form.is_valid():
        add = request.POST.get("add_to_team") == "1" and may_manage(request, plan.customer)
        back = plan.get_absolute_url() + anchor
        try:
            submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: save(form, add),
                location=lambda _item: back,
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, back)
        except EditConflict as conflict:
            if conflict.current is None:
                messages.error(
                    request, _("Someone removed this item while you were editing it; nothing was saved.")
                )
                return redirect(plan.get_absolute_url() + anchor)
            context["form"], context["conflict"] = rebase(
                lambda data, _theirs: make_form(data), request.POST, conflict.current
            )
            status = 409
        except OwnerNotOnTeam as error:
            add_errors(form, error)
            context["offer"] = {
                "person": error.person,
                "pairs": resubmit_pairs(request.POST),
                "may_add": may_manage(request, plan.customer),
            }
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(plan.get_absolute_url() + anchor)
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "planning/item_form.html",
        customer_frame(request, plan.customer, "plan", **context),
        status=status,
    )


def delete_item(
    request: HttpRequest, plan: AccountPlan, remove: Callable[[], None], anchor: str
) -> HttpResponse:
    try:
        remove()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect(plan.get_absolute_url() + anchor)


def download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
