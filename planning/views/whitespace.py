"""The white-space matrix, its cells edited in place, and the offering catalogue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.conflicts import rebase
from accounts.pagecache import cached_page
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.views.customers import customer_frame
from accounts.views.once import already_saved, sent_fingerprint
from kam.http import render_page
from planning import exports, forms, selectors, services
from planning.models import Offering
from planning.services import EditConflict
from planning.views.common import (
    EDIT,
    add_errors,
    download,
    offering_and_unit,
)


# --- White space ---------------------------------------------------------------------------------
@require_GET
@cached_page
def customer_whitespace_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    context = customer_frame(request, customer, "whitespace", ws=selectors.whitespace_page(customer))
    context["can_manage_catalogue"] = access.may_manage_criteria(request.user)
    return render_page(
        request, "planning/whitespace.html", "planning/partials/whitespace_matrix.html", context
    )


@require_http_methods(["GET", "POST"])
def whitespace_cell_view(
    request: HttpRequest, customer_id: int, offering_id: int, unit_id: int
) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    offering, unit = offering_and_unit(customer, offering_id, unit_id)
    cell = selectors.cell_for(customer, offering, unit)
    form = forms.CellForm(request.POST if request.method == "POST" else None, instance=cell)
    context = customer_frame(
        request, customer, "whitespace", offering=offering, unit=unit, cell=cell, form=form
    )
    if request.method == "POST" and form.is_valid():
        version, data = form.changes()
        try:
            services.cell_save(
                customer=customer, offering=offering, unit=unit, by=request.user, version=version, **data
            )
        except EditConflict as conflict:
            return _cell_conflict(request, context, form, conflict)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _after_cell_save(request, customer)
    return _cell_form(request, context, 400 if form.errors else 200)


def _cell_form(request: HttpRequest, context: dict, status: int) -> HttpResponse:
    if request.htmx and not request.htmx.boosted:
        # htmx swaps only successful answers: the form comes back in place, with its message.
        return render(request, "planning/partials/whitespace_cell_form.html", context)
    return render_page(
        request,
        "planning/whitespace_cell.html",
        "planning/partials/whitespace_cell_form.html",
        context,
        status=status,
    )


def _cell_conflict(request: HttpRequest, context: dict, form, conflict: EditConflict) -> HttpResponse:
    if conflict.current is None:  # the cell was emptied meanwhile: start again from an empty one
        fresh = request.POST.copy()
        fresh["version"] = 0
        context["form"], context["conflict"] = forms.CellForm(fresh), []
        context["form"].is_valid()
    else:
        context["form"], context["conflict"] = rebase(
            lambda data, theirs: forms.CellForm(data, instance=theirs), request.POST, conflict.current
        )
    context["cell"] = conflict.current
    return _cell_form(request, context, 409)


def _after_cell_save(request: HttpRequest, customer) -> HttpResponse:
    if request.htmx:
        context = customer_frame(request, customer, "whitespace", ws=selectors.whitespace_page(customer))
        response = render(request, "planning/partials/whitespace_matrix.html", context)
        response["HX-Retarget"], response["HX-Reswap"] = "#whitespace-matrix", "outerHTML"
        return response
    messages.success(request, _("The cell is saved."))
    return redirect("planning:customer-whitespace", customer.pk)


@require_POST
def whitespace_row_share_view(request: HttpRequest, customer_id: int, offering_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    offering = Offering.objects.filter(pk=offering_id).first()
    if offering is None:
        raise Http404("No such offering")
    shared = request.POST.get("shared") == "1"
    services.whitespace_row_share(customer=customer, offering=offering, by=request.user, shared=shared)
    if not request.htmx:
        messages.success(request, _("Shared with the customer.") if shared else _("Internal only."))
    return (
        _after_cell_save(request, customer)
        if request.htmx
        else redirect("planning:customer-whitespace", customer.pk)
    )


@require_POST
def cell_to_opportunity_view(
    request: HttpRequest, customer_id: int, offering_id: int, unit_id: int
) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    offering, unit = offering_and_unit(customer, offering_id, unit_id)
    try:
        opportunity = services.cell_to_opportunity(
            customer=customer, offering=offering, unit=unit, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("planning:customer-whitespace", customer.pk)
    messages.success(
        request,
        _("“%(name)s” is now an opportunity in the plan. Link it to a customer goal.")
        % {"name": opportunity.name},
    )
    return redirect("planning:opportunity-edit", opportunity.pk)


@require_GET
def whitespace_export_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    content = exports.whitespace_workbook(customer, selectors.whitespace_matrix(customer))
    return download(content, f"white-space-{customer.pk}.xlsx")


# --- The offering catalogue (administrators and sales leaders) ----------------------------------
def _require_catalogue_manager(request: HttpRequest) -> None:
    # The catalogue is kept by the same people as the selection criteria: administrators and leaders.
    access.require_criteria_manager(request.user)


@require_GET
@cached_page
def offering_list_view(request: HttpRequest) -> HttpResponse:
    _require_catalogue_manager(request)
    return render(request, "planning/offering_list.html", {"catalogue": selectors.offering_catalogue()})


@require_http_methods(["GET", "POST"])
def offering_create_view(request: HttpRequest) -> HttpResponse:
    _require_catalogue_manager(request)
    return _offering_form(request, None)


@require_http_methods(["GET", "POST"])
def offering_edit_view(request: HttpRequest, offering_id: int) -> HttpResponse:
    _require_catalogue_manager(request)
    offering = Offering.objects.filter(pk=offering_id).first()
    if offering is None:
        raise Http404("No such offering")
    return _offering_form(request, offering)


def _offering_form(request: HttpRequest, offering: Offering | None) -> HttpResponse:
    form = forms.OfferingForm(request.POST if request.method == "POST" else None, instance=offering)
    context: dict[str, Any] = {"form": form, "offering": offering}
    status = 200
    if request.method == "POST" and form.is_valid():
        version, data = form.changes()
        try:
            if offering is None:
                submission_once(
                    token=form.submission_token,
                    fingerprint=sent_fingerprint(request),
                    user=request.user,
                    create=lambda: services.offering_create(by=request.user, **data),
                    location=lambda _offering: reverse("planning:offering-list"),
                )
            else:
                services.offering_update(offering=offering, by=request.user, version=version, **data)
        except AlreadySubmitted as error:
            return already_saved(request, error, reverse("planning:offering-list"))
        except EditConflict as conflict:
            current = conflict.current
            if current is None:
                messages.error(
                    request, _("Someone removed this item while you were editing it; nothing was saved.")
                )
                return redirect("planning:offering-list")
            context["form"], context["conflict"] = rebase(
                lambda data, theirs: forms.OfferingForm(data, instance=theirs), request.POST, current
            )
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The catalogue is saved."))
            return redirect("planning:offering-list")
    if form.errors and status == 200:
        status = 400
    return render(request, "planning/offering_form.html", context, status=status)
