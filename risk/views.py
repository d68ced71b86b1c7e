"""Risk for one customer (the Risk tab and its forms), for the portfolio, and the what-if simulator.

Every view: parse → access helper → service or selector → render. Figures always come from
`access.visible_customers(user)`, so nothing outside the user's view is ever counted.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts.conflicts import rebase
from accounts.links import reverse_ids
from accounts.pagecache import cached_page
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.templatetags.orchard import money
from accounts.views.customers import customer_frame
from accounts.views.once import already_saved, sent_fingerprint
from kam.http import render_page
from risk import pictures, selectors, services, whatif
from risk.forms import CompetitorForm, ContractForm, ReviewForm, RiskForm, ScenarioSaveForm, SimulatorForm
from risk.models import CompetitorPresence, Contract, RiskItem
from risk.templatetags.risk_tags import percent

EDIT = "customer.edit"


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def _tab_url(customer, anchor: str = "") -> str:
    return reverse("risk:customer-risk", args=[customer.pk]) + (f"#{anchor}" if anchor else "")


# --- The customer's Risk tab ---------------------------------------------------------------------
@require_GET
@cached_page
def customer_risk_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    return _tab(request, customer, ReviewForm())


def _tab(request: HttpRequest, customer, review_form: ReviewForm, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    risk = selectors.customer_risk(customer, access.visible_customers(request.user), _year(request), today)
    context = customer_frame(
        request,
        customer,
        "risk",
        risk=risk,
        review_form=review_form,
        heat_svg=pictures.heat_svg(risk.heat),
        quadrant_words=pictures.quadrant_words(),
        level_words=pictures.level_words(),
    )
    return render(request, "risk/customer_risk.html", context, status=status)


@require_POST
def review_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _tab(request, customer, form, status=400)
    back = _tab_url(customer, "reviews")
    try:
        submission_once(
            token=form.submission_token,
            fingerprint=sent_fingerprint(request),
            user=request.user,
            create=lambda: services.risk_review_record(
                customer=customer, by=request.user, interval_days=_interval(), **form.cleaned_data
            ),
            location=lambda _review: back,
        )
    except AlreadySubmitted as error:
        return already_saved(request, error, back)
    messages.success(request, _("Risk review recorded."))
    return redirect(back)


def _interval() -> int:
    return settings.RISK_REVIEW_INTERVAL_DAYS


def _form_page(
    request: HttpRequest, customer, form, heading: str, status: int = 200, **extra
) -> HttpResponse:
    context = customer_frame(request, customer, "risk", form=form, heading=heading, **extra)
    return render(request, "risk/form_page.html", context, status=status)


def _save(
    request: HttpRequest,
    customer,
    form,
    write,
    heading: str,
    anchor: str,
    done: str,
    make_form=None,
    **extra,
) -> HttpResponse:
    """The shared shape of the add and edit pages: a valid POST writes and redirects to the tab.

    An edit saved over a newer version answers 409 with both versions side by side (`make_form`
    builds the form again on the version saved meanwhile); nothing is written.
    """
    cancel = _tab_url(customer, anchor)
    if request.method == "POST" and form.is_valid():
        version, data = form.changes()
        try:
            submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: write(version, data),
                location=lambda _r: cancel,
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, cancel)
        except services.EditConflict as conflict:
            current = conflict.current
            if current is None or make_form is None:
                messages.error(
                    request, _("Someone removed this item while you were editing it; nothing was saved.")
                )
                return redirect(cancel)
            form, rows = rebase(make_form, request.POST, current)
            return _form_page(request, customer, form, heading, 409, cancel=cancel, conflict=rows, **extra)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(cancel)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, customer, form, heading, status, cancel=cancel, **extra)


@require_http_methods(["GET", "POST"])
def contract_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    form = ContractForm(request.POST or None)

    def write(_version, data):
        services.contract_create(customer=customer, by=request.user, **data)

    return _save(request, customer, form, write, _("Add a contract"), "contracts", _("Contract added."))


@require_http_methods(["GET", "POST"])
def contract_edit_view(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = access.get_customer_object_for_user(request.user, Contract.objects, contract_id, action=EDIT)
    form = ContractForm(request.POST or None, instance=contract)

    def write(version, data):
        services.contract_update(contract=contract, by=request.user, version=version, **data)

    def make_form(data, current):
        return ContractForm(data, instance=current)

    delete = reverse("risk:contract-delete", args=[contract.pk])
    heading = _("Change the contract “%(title)s”") % {"title": contract.title}
    done = _("Contract saved.")
    return _save(
        request, contract.customer, form, write, heading, "contracts", done, make_form, delete_url=delete
    )


@require_POST
def contract_delete_view(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = access.get_customer_object_for_user(request.user, Contract.objects, contract_id, action=EDIT)
    services.contract_delete(contract=contract, by=request.user)
    messages.success(request, _("Contract removed."))
    return redirect(_tab_url(contract.customer, "contracts"))


@require_http_methods(["GET", "POST"])
def competitor_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    form = CompetitorForm(request.POST or None, units=customer.units.all())

    def write(_version, data):
        services.competitor_add(customer=customer, by=request.user, **data)

    return _save(
        request, customer, form, write, _("Add a competitor"), "competitors", _("Competitor recorded.")
    )


@require_http_methods(["GET", "POST"])
def competitor_edit_view(request: HttpRequest, competitor_id: int) -> HttpResponse:
    presence = access.get_customer_object_for_user(
        request.user, CompetitorPresence.objects, competitor_id, action=EDIT
    )
    customer = presence.customer
    form = CompetitorForm(request.POST or None, units=customer.units.all(), instance=presence)

    def write(version, data):
        services.competitor_update(presence=presence, by=request.user, version=version, **data)

    def make_form(data, current):
        return CompetitorForm(data, units=customer.units.all(), instance=current)

    delete = reverse("risk:competitor-delete", args=[presence.pk])
    heading = _("Change the competitor %(name)s") % {"name": presence.name}
    done = _("Competitor saved.")
    return _save(request, customer, form, write, heading, "competitors", done, make_form, delete_url=delete)


@require_POST
def competitor_delete_view(request: HttpRequest, competitor_id: int) -> HttpResponse:
    presence = access.get_customer_object_for_user(
        request.user, CompetitorPresence.objects, competitor_id, action=EDIT
    )
    services.competitor_remove(presence=presence, by=request.user)
    messages.success(request, _("Competitor removed."))
    return redirect(_tab_url(presence.customer, "competitors"))


@require_http_methods(["GET", "POST"])
def risk_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    form = RiskForm(request.POST or None, owners=selectors.risk_owner_choices(customer))

    def write(_version, data):
        services.risk_item_create(customer=customer, by=request.user, **data)

    return _save(
        request, customer, form, write, _("Add a risk"), "register", _("Risk added to the register.")
    )


@require_http_methods(["GET", "POST"])
def risk_edit_view(request: HttpRequest, risk_id: int) -> HttpResponse:
    risk = access.get_customer_object_for_user(request.user, RiskItem.objects, risk_id, action=EDIT)
    customer, owners = risk.customer, selectors.risk_owner_choices(risk.customer)
    heading = _("Change the risk “%(title)s”") % {"title": risk.display_title}

    def make_form(data, current):
        # A bound model form writes into its instance while validating: give it a copy.
        return RiskForm(data, owners=owners, instance=copy.copy(current))

    def write(version, data):
        services.risk_item_update(risk=risk, by=request.user, version=version, **data)

    form = make_form(request.POST or None, risk)
    return _save(request, customer, form, write, heading, "register", _("Risk saved."), make_form)


# --- Portfolio -----------------------------------------------------------------------------------
@require_GET
@cached_page
def portfolio_view(request: HttpRequest) -> HttpResponse:
    leader = access.may_see_portfolio(request.user)
    data = selectors.portfolio_risk(
        access.visible_customers(request.user), _year(request), timezone.localdate(), with_matrix=leader
    )
    show_all = request.GET.get("rows") == "all"
    context = {
        "data": data,
        "conc": data.concentration,
        "share_rows": _share_rows(data.concentration.rows if show_all else data.concentration.rows[:25]),
        "show_all": show_all,
        "is_leader": leader,
        "scope_label": _scope_label(request.user),
        "pareto_svg": pictures.pareto_svg(data.concentration, data.thresholds),
        "dependency_svg": pictures.dependency_svg(data.dependency),
        "matrix_svg": pictures.matrix_svg(data.matrix) if leader else "",
        "level_words": pictures.level_words(),
    }
    return render(request, "risk/portfolio.html", context)


def _share_rows(rows) -> list[dict]:
    """The revenue table's cells made once per row (link, amount, shares): an administrator may ask
    for all 2,000 customers, and a filter or URL tag per cell cost more than the rows' data."""
    return [
        {
            "rank": row.rank,
            "url": reverse_ids("risk:customer-risk", row.customer_id),
            "name": row.name,
            "revenue": money(row.revenue),
            "share": percent(row.share),
            "cumulative": percent(row.cumulative),
        }
        for row in rows
    ]


def _scope_label(user) -> str:
    if access.is_admin(user):
        return _("The whole company")
    if access.is_leader(user):
        return _("The teams you lead and the accounts you work on")
    return _("The accounts you own or work on")


# --- What-if simulator ---------------------------------------------------------------------------
PICKER_SIZE = 40


@require_GET
@cached_page
def whatif_view(request: HttpRequest) -> HttpResponse:
    customers = access.visible_customers(request.user)
    params = _scenario_params(request)
    years = selectors.revenue_years(customers)
    year = selectors.pick_year(years, _int(params.get("year")))
    entries = selectors.simulator_customers(customers, year)
    form = SimulatorForm(params, allowed={e.customer_id for e in entries})
    form.is_valid()
    changes = form.cleaned_data.get("changes", []) if not form.errors else []
    simulation = whatif.simulate(entries, changes, selectors.thresholds())
    context = {
        "form": form,
        "year": year,
        "years": years,
        "simulation": simulation,
        "picker": _picker(entries, form.cleaned_data.get("customers") or [], form.cleaned_data.get("q", "")),
        "picked": set(form.cleaned_data.get("customers") or []),
        "compare_svg": pictures.compare_svg(simulation),
        "scenarios": list(selectors.scenarios_for(request.user)[:20]),
        "save_form": ScenarioSaveForm(),
        "apply_url_name": _apply_url_name(),
        "currency": settings.REPORTING_CURRENCY,
    }
    return render_page(request, "risk/whatif.html", "risk/partials/whatif.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _scenario_params(request: HttpRequest):
    """The query string, or a saved scenario's settings when `scenario=<id>` names one of the user's."""
    scenario_id = _int(request.GET.get("scenario"))
    scenario = selectors.scenarios_for(request.user).filter(pk=scenario_id).first() if scenario_id else None
    if scenario is None:
        return request.GET
    changes = scenario.changes or []
    first = changes[0] if changes else {}
    params = request.GET.copy()
    params.setlist("customers", [str(change.get("customer")) for change in changes])
    params["kind"] = first.get("kind", whatif.LOSE)
    params["percent"] = str(first.get("percent", "")) if params["kind"] == whatif.CUSTOM else ""
    params["year"] = str(scenario.year or "")
    return params


def _picker(entries, picked: list[int], query: str) -> list:
    """The customers to show in the picker: those picked, then matches for the search (largest first)."""
    chosen = set(picked)
    ranked = sorted(entries, key=lambda e: -e.revenue)
    needle = query.strip().casefold()
    matches = [
        e for e in ranked if e.customer_id not in chosen and (not needle or needle in e.name.casefold())
    ]
    return [e for e in ranked if e.customer_id in chosen] + matches[:PICKER_SIZE]


def _apply_url_name() -> str | None:
    """The planning app turns a scenario into risks and plan actions; offer it once it exists."""
    try:
        reverse("planning:scenario-apply", args=[0])
    except NoReverseMatch:
        return None
    return "planning:scenario-apply"


@require_POST
def scenario_save_view(request: HttpRequest) -> HttpResponse:
    customers = access.visible_customers(request.user)
    year = selectors.pick_year(selectors.revenue_years(customers), _int(request.POST.get("year")))
    allowed = {e.customer_id for e in selectors.simulator_customers(customers, year)}
    form = ScenarioSaveForm(request.POST, allowed=allowed)
    back = reverse("risk:whatif")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(f"{back}?{_query_of(request.POST)}")
    try:
        scenario = submission_once(
            token=form.submission_token,
            fingerprint=sent_fingerprint(request),
            user=request.user,
            create=lambda: services.scenario_save(
                name=form.cleaned_data["name"],
                by=request.user,
                year=year,
                changes=form.cleaned_data["changes"],
            ),
            location=lambda saved: f"{back}?scenario={saved.pk}#saved",
        )
    except AlreadySubmitted as error:
        return already_saved(request, error, back)
    messages.success(request, _("Scenario “%(name)s” saved.") % {"name": scenario.name})
    return redirect(f"{back}?scenario={scenario.pk}#saved")


def _query_of(data) -> str:
    keep = data.copy()
    for key in ("csrfmiddlewaretoken", "name"):
        keep.pop(key, None)
    return keep.urlencode()


@require_POST
def scenario_delete_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _own_scenario(request, scenario_id)
    services.scenario_delete(scenario=scenario)
    messages.success(request, _("Scenario “%(name)s” deleted.") % {"name": scenario.name})
    return redirect(reverse("risk:whatif") + "#saved")


@require_POST
def scenario_risks_view(request: HttpRequest, scenario_id: int) -> HttpResponse:
    scenario = _own_scenario(request, scenario_id)
    ids = [change.get("customer") for change in scenario.changes]
    editable = [
        c
        for c in access.visible_customers(request.user).filter(pk__in=ids)
        if access.can(request.user, EDIT, c)
    ]
    risks = services.risk_items_from_scenario(scenario=scenario, by=request.user, customers=editable)
    skipped = len(set(ids)) - len(editable)
    messages.success(
        request,
        ngettext(
            "%(count)d risk in the register comes from “%(name)s”.",
            "%(count)d risks in the register come from “%(name)s”.",
            len(risks),
        )
        % {"count": len(risks), "name": scenario.name},
    )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d customer was left out: you may not edit their risks.",
                "%(count)d customers were left out: you may not edit their risks.",
                skipped,
            )
            % {"count": skipped},
        )
    return redirect(reverse("risk:whatif") + f"?scenario={scenario.pk}#saved")


def _own_scenario(request: HttpRequest, scenario_id: int):
    """One of the user's own saved scenarios (they are private); 404 for anyone else's."""
    scenario = selectors.scenarios_for(request.user).filter(pk=scenario_id).first()
    if scenario is None:
        raise Http404("No such scenario")
    return scenario
