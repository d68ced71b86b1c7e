"""The stakeholder tab: people, map, gaps and contact log; one person's page; data-rights export and
erasure. Short views: parse → access helper → service/selector → render.

DISC styles and personal notes reach a page only when `can_internal` is true: the selectors never
load them otherwise, and the forms leave their fields out.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access
from accounts import gaps as gap_engine
from accounts.conflicts import rebase
from accounts.forms.stakeholders import (
    EraseForm,
    GapSettingsForm,
    InteractionForm,
    NextStepCloseForm,
    NextStepCreateForm,
    RelationshipForm,
    StakeholderFilterForm,
    StakeholderForm,
)
from accounts.models import Customer, NextStep, Stakeholder
from accounts.models.stakeholders import Attitude, Disc, Strength
from accounts.pagecache import cached_page
from accounts.selectors import stakeholders as selectors
from accounts.services import stakeholders as services
from accounts.services.submissions import AlreadySubmitted, submission_earlier, submission_once
from accounts.versioning import EditConflict
from accounts.views.once import already_saved, sent_fingerprint
from kam.http import render_page


# --- Lookups: the customer through the access module, then the person among its people ----------
def _customer(request: HttpRequest, customer_id: int, action: str = "customer.view") -> tuple[Customer, dict]:
    customer = access.get_customer_for_user(request.user, customer_id, action=action)
    return customer, access.customer_rights(request.user, customer)


def _person(request: HttpRequest, customer_id: int, stakeholder_id: int, action: str = "customer.view"):
    customer, rights = _customer(request, customer_id, action)
    queryset = selectors.get_stakeholder_queryset(customer.pk, internal=rights["can_internal"])
    person = queryset.filter(pk=stakeholder_id).first()
    if person is None:
        raise Http404("No such person")
    person.customer = customer
    return customer, rights, person


def _frame(customer: Customer, rights: dict, section: str, **extra) -> dict:
    """The customer frame's context (as `customer_frame` builds it) from rights already computed."""
    return {"customer": customer, "active_tab": "stakeholders", "section": section, **rights, **extra}


# --- The tab: people, map, gaps ------------------------------------------------------------------
@require_GET
@cached_page
def stakeholders_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer, rights = _customer(request, customer_id)
    smap = selectors.stakeholder_map(customer, internal=rights["can_internal"])
    form = StakeholderFilterForm(request.GET, units=customer.units.all(), internal=rights["can_internal"])
    filters = form.filters()
    found = smap.gaps()
    people = selectors.filter_people(smap.people, filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = _frame(
        customer,
        rights,
        "people",
        form=form,
        people=people,
        page=selectors.people_page(people, request.GET.get("page")),
        query=query.urlencode(),
        total=len(smap.present),
        filtered=bool(filters),
        gaps=found[:4],
        gap_count=len(found),
    )
    return render_page(
        request, "accounts/stakeholder_list.html", "accounts/partials/stakeholder_table.html", context
    )


@require_GET
@cached_page
def stakeholder_map_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer, rights = _customer(request, customer_id)
    smap = selectors.stakeholder_map(customer, internal=rights["can_internal"])
    context = _frame(
        customer,
        rights,
        "map",
        people_count=len(smap.people),
        # Built by escaping every text in accounts/charts/stakeholders.py.
        org_chart=mark_safe(selectors.org_chart_svg(smap)),  # noqa: S308
        grid=mark_safe(selectors.influence_grid_svg(smap)),  # noqa: S308
        coverage=mark_safe(selectors.coverage_svg(smap)),  # noqa: S308
        attitudes=Attitude.choices,
        strengths=Strength.choices,
        discs=[(code, label) for code, label in Disc.choices if code != Disc.UNKNOWN]
        if rights["can_internal"]
        else [],
    )
    return render_page(
        request, "accounts/stakeholder_map.html", "accounts/partials/stakeholder_charts.html", context
    )


@require_GET
@cached_page
def gap_list_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer, rights = _customer(request, customer_id)
    settings_form = GapSettingsForm(request.GET or None, initial={"days": gap_engine.DEFAULT_STALE_DAYS})
    return render_page(
        request,
        "accounts/gap_list.html",
        "accounts/partials/gap_panel.html",
        _gap_context(customer, rights, settings_form.stale_days(), settings_form),
    )


@dataclass(frozen=True)
class GapRow:
    gap: gap_engine.Gap
    step: NextStep | None  # the open step already stored for this gap
    person: Stakeholder | None
    action: str
    severity: str


def _gap_context(customer, rights, stale_days: int, settings_form=None) -> dict:
    smap = selectors.stakeholder_map(customer, internal=rights["can_internal"])
    steps = selectors.open_steps(customer)
    stored = {step.gap_key: step for step in steps}
    actions = dict(NextStep.Kind.choices)
    severities = {
        gap_engine.HIGH: _("High"),
        gap_engine.MEDIUM_SEVERITY: _("Medium"),
        gap_engine.LOW: _("Low"),
    }
    rows = [
        GapRow(
            gap,
            stored.get(gap.key),
            smap.by_id.get(gap.stakeholder_id),
            actions[gap.step],
            severities[gap.severity],
        )
        for gap in smap.gaps(stale_days=stale_days)
    ]
    return _frame(
        customer,
        rights,
        "gaps",
        rows=[row for row in rows if row.gap.severity > gap_engine.LOW],
        minor_rows=[row for row in rows if row.gap.severity <= gap_engine.LOW],
        gap_count=len(rows),
        steps=steps,
        stale_days=stale_days,
        settings_form=settings_form or GapSettingsForm(initial={"days": stale_days}),
    )


@require_POST
def gap_step_create_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer, rights = _customer(request, customer_id, "customer.edit")
    form = NextStepCreateForm(request.POST)
    stale_days = (form.is_valid() and form.cleaned_data["days"]) or gap_engine.DEFAULT_STALE_DAYS
    smap = selectors.stakeholder_map(customer, internal=rights["can_internal"])
    wanted = form.cleaned_data["gap"] if form.is_valid() else None
    gap = next((g for g in smap.gaps(stale_days=stale_days) if g.key == wanted), None)
    if gap is None and not request.htmx:
        messages.info(request, _("That gap has closed in the meantime; nothing to store."))
    elif gap is not None:
        person = smap.by_id.get(gap.stakeholder_id)
        _step, created = services.next_step_store(
            customer=customer,
            by=request.user,
            gap_key=gap.key,
            kind=gap.step,
            text=gap.text,
            text_kind=gap.text_kind,
            text_params=dict(gap.params),
            stakeholder=person,
            assignee=_assignee(customer, smap, gap, person),
        )
        if created and not request.htmx:
            messages.success(
                request, _("Next step stored: %(step)s.") % {"step": NextStep.Kind(gap.step).label}
            )
    return _gaps_response(request, customer, rights, stale_days)


def _assignee(customer: Customer, smap, gap, person):
    """Who should act: the colleague the gap names, else the relationship's owner, else the KAM."""
    users = {t.user_id: t.user for t in smap.ties}
    if gap.user_id in users:
        return users[gap.user_id]
    if person is not None and person.owner_tie is not None:
        return person.owner_tie.user
    return customer.owner


@require_POST
def gap_step_close_view(request: HttpRequest, customer_id: int, step_id: int) -> HttpResponse:
    customer, rights = _customer(request, customer_id, "customer.edit")
    step = customer.next_steps.filter(pk=step_id, status=NextStep.Status.OPEN).first()
    if step is None:
        raise Http404("No such open step")
    form = NextStepCloseForm(request.POST)
    if form.is_valid():
        services.next_step_close(step=step, by=request.user, status=form.cleaned_data["status"])
    else:
        messages.error(request, _("Mark the step done or dismissed."))
    return _gaps_response(request, customer, rights, gap_engine.DEFAULT_STALE_DAYS)


def _gaps_response(request, customer, rights, stale_days: int) -> HttpResponse:
    if not request.htmx:
        url = reverse("accounts:gap-list", args=[customer.pk])
        return redirect(f"{url}?days={stale_days}" if stale_days != gap_engine.DEFAULT_STALE_DAYS else url)
    return render(request, "accounts/partials/gap_panel.html", _gap_context(customer, rights, stale_days))


# --- One person ------------------------------------------------------------------------------------
@require_GET
@cached_page
def stakeholder_detail_view(request: HttpRequest, customer_id: int, stakeholder_id: int) -> HttpResponse:
    customer, rights, person = _person(request, customer_id, stakeholder_id)
    page = selectors.stakeholder_page(person, internal=rights["can_internal"])
    context = _frame(customer, rights, "people", page=page, person=person)
    if rights["can_edit"]:
        context["relationship_form"] = RelationshipForm(users=selectors.our_people(customer))
        context["strengths"] = Strength.choices
    return render(request, "accounts/stakeholder_detail.html", context)


@require_http_methods(["GET", "POST"])
def stakeholder_create_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer, rights = _customer(request, customer_id, "customer.edit")
    form = _stakeholder_form(request, customer, rights)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        earlier = submission_earlier(
            token=form.submission_token, fingerprint=sent_fingerprint(request), user=request.user
        )
        if earlier is not None:
            return already_saved(
                request, earlier, reverse("accounts:customer-stakeholders", args=[customer.pk])
            )
        duplicates = selectors.likely_duplicates(customer, data["name"], data["email"])
        if duplicates and not data["confirm_distinct"]:
            form.show_duplicate_confirmation()
            form.add_error(None, _("This looks like someone already on the map. Check the list below first."))
        else:
            try:
                _version, data = form.changes()
                person = submission_once(
                    token=form.submission_token,
                    fingerprint=sent_fingerprint(request),
                    user=request.user,
                    create=lambda: services.stakeholder_create(customer=customer, by=request.user, **data),
                    location=lambda created: created.get_absolute_url(),
                )
            except AlreadySubmitted as error:
                return already_saved(request, error, customer.get_absolute_url())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s is on the map.") % {"name": person.name})
                return redirect(person)
    context = _frame(customer, rights, "people", form=form, person=None, duplicates=duplicates)
    return render(request, "accounts/stakeholder_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def stakeholder_edit_view(request: HttpRequest, customer_id: int, stakeholder_id: int) -> HttpResponse:
    customer, rights, person = _person(request, customer_id, stakeholder_id, "customer.edit")
    form = _stakeholder_form(request, customer, rights, person)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        renamed = data["name"] != person.name or data["email"] != person.email
        duplicates = (
            selectors.likely_duplicates(customer, data["name"], data["email"], person.pk) if renamed else []
        )
        if duplicates and not data["confirm_distinct"]:
            form.show_duplicate_confirmation()
            form.add_error(None, _("This looks like someone already on the map. Check the list below first."))
        else:
            version, data = form.changes()
            try:
                services.stakeholder_update(stakeholder=person, by=request.user, version=version, **data)
            except EditConflict as conflict:
                return _stakeholder_conflict(request, customer, rights, conflict.current)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(person)
    context = _frame(customer, rights, "people", form=form, person=person, duplicates=duplicates)
    return render(request, "accounts/stakeholder_form.html", context, status=400 if form.errors else 200)


def _stakeholder_conflict(request, customer, rights, current: Stakeholder | None) -> HttpResponse:
    """Someone saved this person first: theirs and yours side by side; a second save keeps yours."""
    if current is None:
        messages.error(request, _("Someone removed this item while you were editing it; nothing was saved."))
        return redirect("accounts:customer-stakeholders", customer.pk)
    form, rows = rebase(
        lambda data, theirs: _stakeholder_form(request, customer, rights, theirs, data), request.POST, current
    )
    context = _frame(customer, rights, "people", form=form, person=current, duplicates=[], conflict=rows)
    return render(request, "accounts/stakeholder_form.html", context, status=409)


def _stakeholder_form(
    request, customer, rights, person: Stakeholder | None = None, data=None
) -> StakeholderForm:
    # A bound ModelForm writes into its instance while validating: give it a copy, so a refused
    # save leaves the page's own object (and the database) untouched.
    instance = Stakeholder(customer=customer) if person is None else copy.copy(person)
    return StakeholderForm(
        data if data is not None else request.POST if request.method == "POST" else None,
        instance=instance,
        people=selectors.people_choices(customer, exclude=person),
        units=customer.units.all(),
        internal=rights["can_internal"],
    )


# --- Relationships -----------------------------------------------------------------------------
@require_POST
def relationship_create_view(request: HttpRequest, customer_id: int, stakeholder_id: int) -> HttpResponse:
    customer, rights, person = _person(request, customer_id, stakeholder_id, "customer.edit")
    form = RelationshipForm(request.POST, users=selectors.our_people(customer))
    if form.is_valid():
        services.relationship_set(stakeholder=person, by=request.user, **form.cleaned_data)
        if not request.htmx:
            messages.success(request, _("Relationship saved."))
        form = RelationshipForm(users=selectors.our_people(customer))
    elif not request.htmx:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return _relationships_response(request, customer, rights, person, form)


@require_POST
def relationship_delete_view(
    request: HttpRequest, customer_id: int, stakeholder_id: int, relationship_id: int
) -> HttpResponse:
    customer, rights, person = _person(request, customer_id, stakeholder_id, "customer.edit")
    relationship = person.relationships.select_related("user").filter(pk=relationship_id).first()
    if relationship is None:
        raise Http404("No such relationship")
    relationship.stakeholder = person
    services.relationship_remove(relationship=relationship, by=request.user)
    return _relationships_response(
        request, customer, rights, person, RelationshipForm(users=selectors.our_people(customer))
    )


def _relationships_response(request, customer, rights, person, form) -> HttpResponse:
    if not request.htmx:
        return redirect(person)
    context = {
        "customer": customer,
        "person": person,
        "ties": list(person.relationships.select_related("user")),
        "relationship_form": form,
        "strengths": Strength.choices,
        **rights,
    }
    return render(
        request,
        "accounts/partials/stakeholder_relationships.html",
        context,
        status=400 if form.errors else 200,
    )


# --- Contact log -------------------------------------------------------------------------------
@require_GET
@cached_page
def interaction_list_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer, rights = _customer(request, customer_id)
    about = customer.stakeholders.filter(pk=_int(request.GET.get("stakeholder"))).only("pk", "name").first()
    page = selectors.interaction_page(customer, request.GET.get("page"), about.pk if about else None)
    context = _frame(customer, rights, "contacts", page=page, about=about)
    return render_page(
        request, "accounts/interaction_list.html", "accounts/partials/interaction_log.html", context
    )


@require_http_methods(["GET", "POST"])
def interaction_create_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer, rights = _customer(request, customer_id, "customer.edit")
    preselected = _int(request.GET.get("stakeholder"))
    form = InteractionForm(
        request.POST if request.method == "POST" else None,
        people=selectors.people_choices(customer),
        users=selectors.our_people(customer),
        initial={"stakeholders": [preselected] if preselected else [], "our_people": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        back = reverse("accounts:interaction-list", args=[customer.pk])
        try:
            submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: services.interaction_log(
                    customer=customer, by=request.user, **form.cleaned_data
                ),
                location=lambda _entry: back,
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, back)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Contact logged."))
            return redirect("accounts:interaction-list", customer.pk)
    context = _frame(customer, rights, "contacts", form=form)
    return render(request, "accounts/interaction_form.html", context, status=400 if form.errors else 200)


@require_POST
def interaction_delete_view(request: HttpRequest, customer_id: int, interaction_id: int) -> HttpResponse:
    customer, _rights = _customer(request, customer_id, "customer.edit")
    interaction = customer.interactions.filter(pk=interaction_id).first()
    if interaction is None:
        raise Http404("No such entry")
    services.interaction_delete(interaction=interaction, by=request.user)
    messages.success(request, _("The entry has been removed from the contact log."))
    return redirect("accounts:interaction-list", customer.pk)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


# --- Personal data rights ------------------------------------------------------------------------
@require_GET
def stakeholder_export_view(request: HttpRequest, customer_id: int, stakeholder_id: int) -> HttpResponse:
    customer, rights, person = _person(request, customer_id, stakeholder_id, "customer.manage")
    record = selectors.stakeholder_export(person, internal=rights["can_internal"])
    context = _frame(customer, rights, "people", person=person, record=record, exported_at=timezone.now())
    return render(request, "accounts/stakeholder_export.html", context)


@require_GET
def stakeholder_export_json_view(request: HttpRequest, customer_id: int, stakeholder_id: int) -> HttpResponse:
    _customer_obj, rights, person = _person(request, customer_id, stakeholder_id, "customer.manage")
    record = selectors.stakeholder_export(person, internal=rights["can_internal"])
    response = HttpResponse(
        json.dumps(record, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    name = slugify(person.name) or f"person-{person.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}-data.json"'
    return response


@require_http_methods(["GET", "POST"])
def stakeholder_erase_view(request: HttpRequest, customer_id: int, stakeholder_id: int) -> HttpResponse:
    customer, rights, person = _person(request, customer_id, stakeholder_id, "customer.manage")
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.stakeholder_erase(stakeholder=person, by=request.user)
        messages.success(request, _("The person's data has been erased."))
        return redirect("accounts:customer-stakeholders", customer.pk)
    solo, shared = services.erasure_preview(person)
    context = _frame(customer, rights, "people", person=person, form=form, solo=solo, shared=shared)
    return render(request, "accounts/stakeholder_erase.html", context, status=400 if form.errors else 200)
