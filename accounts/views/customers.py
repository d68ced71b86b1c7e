"""The customer list and the customer page frame: overview, units, timeline and the tabs to come."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access, selectors, services
from accounts.conflicts import rebase
from accounts.forms import CustomerFilterForm, CustomerForm, CustomerUnitForm
from accounts.links import reverse_ids
from accounts.models import Customer
from accounts.notify import notify_owner_changed
from accounts.pagecache import cached_page
from accounts.selectors.financials import key_figures
from accounts.services.owners import check_owner, customer_owner_set, owner_candidates
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.templatetags.orchard import money
from accounts.views.once import already_saved, sent_fingerprint
from kam.http import render_page


@require_GET
@cached_page
def customer_list_view(request: HttpRequest) -> HttpResponse:
    choices = selectors.customer_filter_choices(request.user)
    form = CustomerFilterForm(
        request.GET,
        owners=choices.owners,
        teams=choices.teams,
        industries=choices.industries,
        countries=choices.countries,
    )
    filters = form.filters()
    page = selectors.customer_row_page(
        selectors.customer_list(request.user, filters), request.GET.get("page")
    )
    page.object_list = [_list_row(values) for values in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": bool(set(filters) - {"sort"}),
    }
    return render_page(
        request, "accounts/customer_list.html", "accounts/partials/customer_results.html", context
    )


STATUS_LABELS = dict(Customer.Status.choices)


@dataclass(frozen=True, slots=True)
class ListRow:
    """One customer list row with its cells made once: link, status label, amount."""

    pk: int
    url: str
    name: str
    sub: str | None  # the organisation number and the group, when there is either
    status: str
    status_label: str
    tier: int
    owner: str
    team: str
    industry: str
    country: str
    revenue: str


def _list_row(values: dict) -> ListRow:
    org_number, group = values["org_number"], values["parent__name"] if values["parent_id"] else None
    sub = None
    if org_number or group is not None:
        sub = org_number + (" · " if org_number and group is not None else "") + (group or "")
    return ListRow(
        pk=values["pk"],
        url=reverse_ids("accounts:customer-detail", values["pk"]),
        name=values["name"],
        sub=sub,
        status=values["status"],
        status_label=STATUS_LABELS.get(values["status"], values["status"]),
        tier=values["tier"],
        owner=values["owner__full_name"] or values["owner__email"],
        team=values["team__name"] or "",
        industry=values["industry"],
        country=values["country"],
        revenue=money(values["latest_revenue"]),
    )


def customer_frame(request: HttpRequest, customer, active_tab: str, **extra) -> dict:
    """Context every customer tab shares: the customer, the user's rights on it, the active tab."""
    return {
        "customer": customer,
        "active_tab": active_tab,
        **access.customer_rights(request.user, customer),
        **extra,
    }


@require_GET
@cached_page
def customer_detail_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    context = customer_frame(
        request,
        customer,
        "overview",
        members=selectors.account_team(customer),
        units=list(customer.units.all()),
        subsidiaries=list(
            access.visible_customers(request.user).filter(parent=customer).only("pk", "name").order_by("name")
        ),
        events=selectors.latest_events(customer, 8),
        key_figures=key_figures(customer),
    )
    return render(request, "accounts/customer_detail.html", context)


def _assign_choices(user) -> tuple | None:
    """An administrator's customer form also sets the owner and the team: (teams, people)."""
    if not access.is_admin(user):
        return None
    teams = access.assignable_teams(user)
    return teams, owner_candidates(teams)


def _create(by, owner, data: dict):
    with transaction.atomic():
        if data.get("team") is not None:
            check_owner(owner, data["team"])
        else:
            data.pop("team", None)
        customer = services.customer_create(owner=owner, by=by, **data)
        if owner.pk != by.pk:
            notify_owner_changed(owner=owner, customers=[customer], by=by)
    return customer


@require_http_methods(["GET", "POST"])
def customer_create_view(request: HttpRequest) -> HttpResponse:
    form = CustomerForm(
        request.POST if request.method == "POST" else None,
        parents=selectors.parent_choices(request.user),
        visible=access.visible_customers(request.user),
        assign=_assign_choices(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _version, data = form.changes()
            owner = data.pop("owner", None) or request.user
            customer = submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: _create(request.user, owner, data),
                location=lambda created: created.get_absolute_url(),
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, reverse("accounts:customer-list"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if customer.owner_id == request.user.pk:
                done = _("%(name)s has been added. You are its account owner.") % {"name": customer}
            else:
                done = _("%(name)s has been added; %(person)s is its account owner.") % {
                    "name": customer,
                    "person": customer.owner,
                }
            messages.success(request, done)
            return redirect(customer)
    return render(
        request,
        "accounts/customer_form.html",
        {"form": form, "customer": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def customer_edit_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.manage")
    form = CustomerForm(
        request.POST if request.method == "POST" else None,
        instance=customer,
        parents=selectors.parent_choices(request.user, customer),
        visible=access.visible_customers(request.user),
        assign=_assign_choices(request.user),
    )
    context: dict = {"form": form, "customer": customer}
    if request.method == "POST" and form.is_valid():
        version, data = form.changes()
        owner, team = data.pop("owner", None), data.pop("team", None)
        try:
            with transaction.atomic():
                saved = services.customer_update(customer=customer, by=request.user, version=version, **data)
                if owner is not None and (
                    owner.pk != saved.owner_id or getattr(team, "pk", None) != saved.team_id
                ):
                    customer_owner_set(
                        customer=saved, owner=owner, team=team, by=request.user, version=saved.version
                    )
        except services.EditConflict as conflict:
            return _customer_conflict(request, conflict.current)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(customer)
    customer.refresh_from_db()
    return render(request, "accounts/customer_form.html", context, status=400 if form.errors else 200)


def _customer_conflict(request: HttpRequest, current) -> HttpResponse:
    """Someone saved the customer first: theirs and yours side by side; a second save keeps yours."""
    if current is None:
        raise Http404("No such customer")
    parents, assign = selectors.parent_choices(request.user, current), _assign_choices(request.user)
    form, rows = rebase(
        lambda data, theirs: CustomerForm(data, instance=theirs, parents=parents, assign=assign),
        request.POST,
        current,
    )
    context = {"form": form, "customer": current, "conflict": rows}
    return render(request, "accounts/customer_form.html", context, status=409)


@require_GET
@cached_page
def customer_timeline_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    page = selectors.timeline_page(customer, request.GET.get("page"))
    return render_page(
        request,
        "accounts/customer_timeline.html",
        "accounts/partials/timeline.html",
        customer_frame(request, customer, "timeline", page=page),
    )


@require_http_methods(["GET", "POST"])
def unit_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    """GET: the add-a-unit form, on demand. POST: add the unit."""
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.edit")
    if request.method == "GET":
        if not request.htmx:
            return render(
                request, "accounts/unit_form.html", {"customer": customer, "form": CustomerUnitForm()}
            )
        return _units_response(request, customer, CustomerUnitForm())
    form = CustomerUnitForm(request.POST)
    if form.is_valid():
        try:
            submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: services.unit_add(customer=customer, by=request.user, **form.cleaned_data),
                location=lambda _unit: customer.get_absolute_url(),
            )
        except AlreadySubmitted as error:
            if request.htmx:
                return _units_response(request, customer, None)
            return already_saved(request, error, customer.get_absolute_url())
        except ValidationError:
            form.add_error("name", _("%(name)s is already listed.") % {"name": form.cleaned_data["name"]})
        else:
            return _units_response(request, customer, None)
    return _units_response(request, customer, form)


@require_POST
def unit_delete_view(request: HttpRequest, customer_id: int, unit_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.edit")
    unit = customer.units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404("No such unit")
    services.unit_delete(unit=unit, by=request.user)
    return _units_response(request, customer, None)


def _units_response(request: HttpRequest, customer, form: CustomerUnitForm | None) -> HttpResponse:
    status = 400 if form is not None and form.errors else 200
    if not request.htmx:
        if status == 400:
            return render(
                request, "accounts/unit_form.html", {"customer": customer, "form": form}, status=400
            )
        return redirect(customer)
    context = {"customer": customer, "units": list(customer.units.all()), "unit_form": form, "can_edit": True}
    return render(request, "accounts/partials/units.html", context, status=status)
