"""The customer's Meetings tab, meetings from scheduling to outcome, deviations and the rhythm.

Every view: parse → access helper → service or selector → render. Internal preparation (DISC
advice, risks, potential) reaches only people with `customer.internal` on the customer.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.conflicts import rebase
from accounts.models import Customer, Stakeholder
from accounts.pagecache import cached_page
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.views.customers import customer_frame
from accounts.views.once import already_saved, sent_fingerprint
from meetings import agenda, cadence, selectors, services
from meetings.forms import (
    CadenceForm,
    CancelForm,
    DeviationForm,
    MeetingForm,
    NextStepFormSet,
    OutcomeForm,
    meeting_initial,
)
from meetings.models import CadenceRule, Deviation, Meeting, MeetingType
from planning.services.editing import OwnerNotOnTeam

EDIT = "customer.edit"


def _tab_url(customer, anchor: str = "") -> str:
    return reverse("meetings:customer-meetings", args=[customer.pk]) + (f"#{anchor}" if anchor else "")


def _meeting_for(user, meeting_id: int, action: str = "customer.view") -> Meeting:
    return access.get_customer_object_for_user(user, Meeting.objects, meeting_id, action=action)


def _form_page(request, customer, form, heading: str, status: int = 200, **extra) -> HttpResponse:
    context = customer_frame(request, customer, "meetings", form=form, heading=heading, **extra)
    return render(request, "meetings/form_page.html", context, status=status)


# --- The tab -------------------------------------------------------------------------------------
@require_GET
@cached_page
def customer_meetings_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    tab = selectors.customer_tab(customer, timezone.localdate(), show_all=request.GET.get("past") == "all")
    context = customer_frame(
        request,
        customer,
        "meetings",
        tab=tab,
        types=MeetingType.choices,
        is_key=customer.status == Customer.Status.KEY,
    )
    return render(request, "meetings/customer_meetings.html", context)


# --- Scheduling and changing ---------------------------------------------------------------------
def _prefill(customer, meeting_type: str, internal: bool) -> str:
    prep = agenda.prepare(meeting_type, customer, timezone.localdate(), internal=internal)
    return agenda.agenda_text(prep)


@require_http_methods(["GET", "POST"])
def meeting_create_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    ours, theirs = selectors.team_people(customer), selectors.their_people(customer)
    if request.method == "GET":
        kind = request.GET.get("type", MeetingType.STRATEGIC)
        kind = kind if kind in MeetingType.values else MeetingType.STRATEGIC
        initial = {
            "meeting_type": kind,
            "title": _("%(kind)s with %(customer)s")
            % {"kind": MeetingType(kind).label, "customer": customer.name},
            "time_zone": request.user.time_zone,
            "our_attendees": [request.user] if ours.filter(pk=request.user.pk).exists() else [],
            "agenda": _prefill(customer, kind, access.can(request.user, "customer.internal", customer)),
        }
        form = MeetingForm(initial=initial, ours=ours, theirs=theirs)
        return _form_page(request, customer, form, _("Schedule a meeting"), cancel=_tab_url(customer))
    form = MeetingForm(request.POST, ours=ours, theirs=theirs)
    heading = _("Schedule a meeting")
    if form.is_valid():
        values = form.meeting_values()
        held = form.cleaned_data["already_held"]
        try:
            meeting = submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: services.meeting_schedule(
                    customer=customer,
                    by=request.user,
                    our_attendees=form.cleaned_data["our_attendees"],
                    their_attendees=form.cleaned_data["their_attendees"],
                    already_held=held,
                    **values,
                ),
                location=lambda m: m.get_absolute_url(),
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, _tab_url(customer))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if held:
                messages.success(request, _("Meeting recorded. Now add what happened."))
                return redirect("meetings:meeting-outcome", meeting.pk)
            messages.success(request, _("Meeting scheduled."))
            return redirect(meeting)
    return _form_page(request, customer, form, heading, status=400, cancel=_tab_url(customer))


def _add_errors(form, error: ValidationError) -> None:
    """A service's error on a field the form shows goes there; the rest above the form."""
    if hasattr(error, "error_dict"):
        for name, problems in error.error_dict.items():
            target = {"starts_at": "start_time", "ends_at": "end_time"}.get(name, name)
            form.add_error(target if target in form.fields else None, problems)
    else:
        form.add_error(None, error)


@require_GET
@cached_page
def meeting_detail_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_customer_object_for_user(
        request.user, selectors.meeting_detail_queryset(), meeting_id
    )
    customer = meeting.customer
    internal = access.can(request.user, "customer.internal", customer)
    people = list(meeting.their_attendees.all())
    if internal and meeting.meeting_type == MeetingType.RELATIONSHIP:
        # DISC styles are deferred on the attendee list; the team reads them in one query here.
        people = list(
            Stakeholder.objects.filter(pk__in=[p.pk for p in people]).only("pk", "name", "title", "disc")
        )
    prep = agenda.prepare(
        meeting.meeting_type, customer, timezone.localdate(), internal=internal, attendees=people
    )
    context = customer_frame(
        request,
        customer,
        "meetings",
        meeting=meeting,
        prep=prep.visible(internal),
        internal=internal,
        decisions=[line for line in meeting.decisions.splitlines() if line.strip()],
        may_record=meeting.status != Meeting.Status.CANCELLED and meeting.starts_at <= timezone.now(),
    )
    return render(request, "meetings/meeting_detail.html", context)


@require_http_methods(["GET", "POST"])
def meeting_edit_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting_for(request.user, meeting_id, EDIT)
    customer = meeting.customer
    ours, theirs = selectors.team_people(customer), selectors.their_people(customer)
    heading = _("Change or move “%(title)s”") % {"title": meeting.title}
    back = meeting.get_absolute_url()
    if meeting.status != Meeting.Status.PLANNED:
        messages.error(request, _("Only a planned meeting can be changed."))
        return redirect(back)

    def make_form(data, current):
        return MeetingForm(data, ours=ours, theirs=theirs, editing=True)

    if request.method == "GET":
        form = MeetingForm(initial=meeting_initial(meeting), ours=ours, theirs=theirs, editing=True)
        return _form_page(request, customer, form, heading, cancel=back)
    form = make_form(request.POST, meeting)
    if form.is_valid():
        try:
            services.meeting_update(
                meeting=meeting,
                by=request.user,
                version=form.cleaned_data["version"],
                our_attendees=form.cleaned_data["our_attendees"],
                their_attendees=form.cleaned_data["their_attendees"],
                reason=form.cleaned_data.get("reason", ""),
                **form.meeting_values(),
            )
        except services.EditConflict as conflict:
            if conflict.current is None:
                raise Http404("No such meeting") from None
            form, rows = rebase(make_form, request.POST, conflict.current)
            return _form_page(request, customer, form, heading, 409, cancel=back, conflict=rows)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Meeting saved. Send the invitation again so calendars follow."))
            return redirect(back)
    return _form_page(request, customer, form, heading, status=400, cancel=back)


@require_http_methods(["GET", "POST"])
def meeting_cancel_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting_for(request.user, meeting_id, EDIT)
    back = meeting.get_absolute_url()
    heading = _("Cancel “%(title)s”") % {"title": meeting.title}
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("Meeting cancelled. Its history keeps it."))
        return redirect(back)
    status = 400 if request.method == "POST" else 200
    return _form_page(
        request, meeting.customer, form, heading, status, cancel=back, submit=_("Cancel the meeting")
    )


@require_http_methods(["GET", "POST"])
def meeting_outcome_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting_for(request.user, meeting_id, EDIT)
    customer = meeting.customer
    ours, theirs = selectors.team_people(customer), selectors.their_people(customer)
    back = meeting.get_absolute_url()
    heading = _("What happened at “%(title)s”") % {"title": meeting.title}
    if meeting.status == Meeting.Status.CANCELLED or meeting.starts_at > timezone.now():
        messages.error(
            request,
            _("Record what happened once the meeting has started; a cancelled one has nothing to record."),
        )
        return redirect(back)

    def make_form(data, current):
        return OutcomeForm(data, ours=ours, theirs=theirs)

    if request.method == "GET":
        initial = {
            "notes": meeting.notes,
            "why_it_matters": meeting.why_it_matters,
            "decisions": meeting.decisions,
            "customer_rating": meeting.customer_rating,
            "our_rating": meeting.our_rating,
            "our_attendees": list(meeting.our_attendees.all()),
            "their_attendees": list(meeting.their_attendees.all()),
            "version": meeting.version,
        }
        form = OutcomeForm(initial=initial, ours=ours, theirs=theirs)
        steps = NextStepFormSet(prefix="steps", form_kwargs={"owners": ours})
        return _outcome_page(request, meeting, form, steps, heading, back)
    form = make_form(request.POST, meeting)
    steps = NextStepFormSet(request.POST, prefix="steps", form_kwargs={"owners": ours})
    if form.is_valid() and steps.is_valid():
        data = form.cleaned_data
        next_steps = [
            services.NextStep(row["title"], row["owner"], row["due"])
            for row in steps.cleaned_data
            if row.get("title")
        ]
        try:
            _meeting, actions = services.meeting_record_outcome(
                meeting=meeting,
                by=request.user,
                version=data["version"],
                notes=data["notes"],
                why_it_matters=data["why_it_matters"],
                decisions=data["decisions"],
                customer_rating=data["customer_rating"],
                our_rating=data["our_rating"],
                our_attendees=data["our_attendees"],
                their_attendees=data["their_attendees"],
                next_steps=next_steps,
            )
        except services.EditConflict as conflict:
            if conflict.current is None:
                raise Http404("No such meeting") from None
            form, rows = rebase(make_form, request.POST, conflict.current)
            return _outcome_page(request, meeting, form, steps, heading, back, 409, conflict=rows)
        except OwnerNotOnTeam as error:
            steps.non_form_errors().extend(error.messages)
            form.add_error(None, error.messages)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if actions:
                text = ngettext(
                    "Saved. %(count)s next step is now an action in the account plan.",
                    "Saved. %(count)s next steps are now actions in the account plan.",
                    len(actions),
                )
                messages.success(request, text % {"count": len(actions)})
            else:
                messages.success(request, _("Saved."))
            return redirect(back)
    return _outcome_page(request, meeting, form, steps, heading, back, 400)


def _outcome_page(request, meeting, form, steps, heading, back, status: int = 200, **extra) -> HttpResponse:
    context = customer_frame(
        request,
        meeting.customer,
        "meetings",
        meeting=meeting,
        form=form,
        steps=steps,
        heading=heading,
        cancel=back,
        **extra,
    )
    return render(request, "meetings/outcome_form.html", context, status=status)


# --- Deviations ----------------------------------------------------------------------------------
def _deviation_save(request, customer, form, write, heading: str, done: str, make_form=None) -> HttpResponse:
    back = _tab_url(customer, "deviations")
    if request.method == "POST" and form.is_valid():
        version, data = form.changes()
        try:
            submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: write(version, data),
                location=lambda _r: back,
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, back)
        except services.EditConflict as conflict:
            if conflict.current is None or make_form is None:
                messages.error(
                    request, _("Someone removed this item while you were editing it; nothing was saved.")
                )
                return redirect(back)
            form, rows = rebase(make_form, request.POST, conflict.current)
            return _form_page(request, customer, form, heading, 409, cancel=back, conflict=rows)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(back)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, customer, form, heading, status, cancel=back)


@require_http_methods(["GET", "POST"])
def deviation_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    form = DeviationForm(request.POST or None, owners=selectors.team_people(customer))

    def write(_version, data):
        return services.deviation_open(customer=customer, by=request.user, **data)

    return _deviation_save(request, customer, form, write, _("Record a deviation"), _("Deviation recorded."))


@require_http_methods(["GET", "POST"])
def deviation_edit_view(request: HttpRequest, deviation_id: int) -> HttpResponse:
    deviation = access.get_customer_object_for_user(
        request.user, Deviation.objects, deviation_id, action=EDIT
    )
    customer = deviation.customer
    owners = selectors.team_people(customer)

    def make_form(data, current):
        return DeviationForm(data, owners=owners, instance=current)

    def write(version, data):
        return services.deviation_update(deviation=deviation, by=request.user, version=version, **data)

    form = make_form(request.POST or None, copy.copy(deviation))
    heading = _("Deviation “%(title)s”") % {"title": deviation.title}
    return _deviation_save(request, customer, form, write, heading, _("Deviation saved."), make_form)


# --- Rhythm --------------------------------------------------------------------------------------
def _meeting_type(raw: str) -> str:
    if raw not in MeetingType.values:
        raise Http404("No such kind of meeting")
    return raw


@require_http_methods(["GET", "POST"])
def cadence_override_view(request: HttpRequest, customer_id: int, meeting_type: str) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.cadence")
    kind = _meeting_type(meeting_type)
    rhythm = selectors.rhythms([customer], timezone.localdate())[customer.pk][kind]
    rule = CadenceRule.objects.filter(customer=customer, meeting_type=kind).first()
    heading = _("Rhythm of %(kind)s meetings") % {"kind": MeetingType(kind).label.lower()}
    back = _tab_url(customer, "rhythm")
    initial = {
        "interval_months": rule.interval_months if rule else None,
        "reason": rule.reason if rule else "",
        "version": rule.version if rule else 0,
    }
    form = CadenceForm(request.POST or None, initial=initial, override=True)
    extra = {"cancel": back, "rhythm": rhythm}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cadence_override_set(
                customer=customer,
                meeting_type=kind,
                interval_months=data["interval_months"],
                reason=data.get("reason", ""),
                by=request.user,
                version=data["version"],
            )
        except services.EditConflict as conflict:
            current = conflict.current
            fresh = request.POST.copy()
            fresh["version"] = str(current.version if current else 0)
            form = CadenceForm(fresh, initial=initial, override=True)
            form.is_valid()
            rows = [
                (
                    str(form.fields["interval_months"].label),
                    str(current.interval_months if current else "–"),
                    str(data["interval_months"]),
                )
            ]
            return _form_page(request, customer, form, heading, 409, conflict=rows, **extra)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Rhythm saved."))
            return redirect(back)
    status = 400 if request.method == "POST" else 200
    return _form_page(request, customer, form, heading, status, **extra)


@require_GET
@cached_page
def cadence_defaults_view(request: HttpRequest) -> HttpResponse:
    access.require_criteria_manager(request.user)
    saved = selectors.tier_defaults()
    rows = []
    for tier, tier_label in Customer.Tier.choices:
        cells = []
        for kind in MeetingType.values:
            rule = saved.get((tier, kind))
            months = rule.interval_months if rule else cadence.BUILT_IN[tier][kind]
            cells.append({"kind": kind, "months": months, "own": rule is not None})
        rows.append({"tier": tier, "label": tier_label, "cells": cells})
    return render(request, "meetings/cadence_defaults.html", {"rows": rows, "types": MeetingType.choices})


@require_http_methods(["GET", "POST"])
def cadence_default_edit_view(request: HttpRequest, tier: int, meeting_type: str) -> HttpResponse:
    access.require_criteria_manager(request.user)
    kind = _meeting_type(meeting_type)
    if tier not in Customer.Tier.values:
        raise Http404("No such tier")
    rule = CadenceRule.objects.filter(tier=tier, customer__isnull=True, meeting_type=kind).first()
    months = rule.interval_months if rule else cadence.BUILT_IN[tier][kind]
    initial = {"interval_months": months, "version": rule.version if rule else 0}
    form = CadenceForm(request.POST or None, initial=initial, override=False)
    heading = _("%(tier)s: %(kind)s meetings") % {
        "tier": Customer.Tier(tier).label,
        "kind": MeetingType(kind).label.lower(),
    }
    back = reverse("meetings:cadence-defaults")
    context = {"form": form, "heading": heading, "cancel": back}
    if request.method == "POST" and form.is_valid():
        try:
            services.cadence_default_set(
                tier=tier,
                meeting_type=kind,
                interval_months=form.cleaned_data["interval_months"],
                by=request.user,
                version=form.cleaned_data["version"],
            )
        except services.EditConflict as conflict:
            current = conflict.current
            fresh = request.POST.copy()
            fresh["version"] = str(current.version if current else 0)
            form = CadenceForm(fresh, initial=initial, override=False)
            form.is_valid()
            theirs = str(current.interval_months) if current else "–"
            context.update(
                form=form,
                conflict=[
                    (
                        str(form.fields["interval_months"].label),
                        theirs,
                        request.POST.get("interval_months", ""),
                    )
                ],
            )
            return render(request, "meetings/plain_form.html", context, status=409)
        messages.success(request, _("Rhythm saved."))
        return redirect(back)
    return render(
        request, "meetings/plain_form.html", context, status=400 if request.method == "POST" else 200
    )
