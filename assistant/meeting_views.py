"""The assistant from a meeting's page: prepare a planned meeting (the KAM edits the proposed
agenda and saves it into the meeting), and summarise a held meeting's notes into proposed actions
and risks that, once accepted, point back to the meeting they came from.

The assistant sits above the meetings app: it reads meetings and writes through their services;
the meeting page reaches these views by URL name only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.versioning import EditConflict
from assistant import services
from assistant.models import AssistantRun
from meetings.models import Deviation, Meeting
from meetings.services import meeting_update

EDIT = "customer.edit"
EARLIER_NOTES = 5
NOTES_SHOWN = 600
AGENDA_LIMIT = Meeting._meta.get_field("agenda").max_length


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    return access.get_customer_object_for_user(
        request.user, Meeting.objects.select_related("customer"), meeting_id, action=EDIT
    )


def meeting_extra(meeting: Meeting) -> dict:
    """What a preparation for this meeting starts from: its kind and attendees, the customer's open
    deviations and the notes of the last meetings held (the KAM's own words, quoted)."""
    deviations = Deviation.objects.filter(customer=meeting.customer, closed_on__isnull=True).order_by(
        "-opened_on", "-pk"
    )[:10]
    earlier = (
        Meeting.objects.filter(customer=meeting.customer, status=Meeting.Status.HELD)
        .exclude(pk=meeting.pk)
        .exclude(notes="")
        .order_by("-starts_at")
        .only("title", "starts_at", "notes")[:EARLIER_NOTES]
    )
    return {
        "meeting_id": meeting.pk,
        "meeting_type": meeting.meeting_type,
        "stakeholder_ids": list(meeting.their_attendees.values_list("pk", flat=True)),
        "deviations": [
            {
                "title": d.title,
                "severity": d.severity,
                "date": d.opened_on.isoformat(),
                "sla": d.sla_breached,
            }
            for d in deviations
        ],
        "earlier_notes": [
            {"date": m.starts_at.date().isoformat(), "title": m.title, "text": m.notes[:NOTES_SHOWN]}
            for m in earlier
        ],
    }


@require_POST
def meeting_prepare_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    if meeting.status != Meeting.Status.PLANNED:
        messages.error(request, _("Only a planned meeting can be prepared."))
        return redirect("meetings:meeting-detail", meeting.pk)
    run = services.run_request(
        customer=meeting.customer,
        by=request.user,
        kind=AssistantRun.Kind.MEETING_PREP,
        extra=meeting_extra(meeting),
    )
    return redirect(run)


@require_POST
def meeting_summarise_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    notes = "\n\n".join(part for part in (meeting.notes, meeting.decisions) if part.strip())
    if not notes.strip():
        messages.error(request, _("The meeting has no notes to summarise yet. Record what happened first."))
        return redirect("meetings:meeting-detail", meeting.pk)
    run = services.run_request(
        customer=meeting.customer,
        by=request.user,
        kind=AssistantRun.Kind.SUMMARY,
        notes=notes,
        extra={"meeting_id": meeting.pk},
    )
    return redirect(run)


def prepared_meeting(request: HttpRequest, run: AssistantRun) -> Meeting | None:
    """The planned meeting a preparation was made for, if the viewer may still change it."""
    meeting_id = (run.result.get("extra") or {}).get("meeting_id")
    if not meeting_id or run.kind != AssistantRun.Kind.MEETING_PREP:
        return None
    meeting = Meeting.objects.filter(pk=meeting_id, customer=run.customer).first()
    if meeting is None or meeting.status != Meeting.Status.PLANNED:
        return None
    return meeting if access.can(request.user, EDIT, run.customer) else None


@require_POST
def meeting_agenda_view(request: HttpRequest, run_id: int) -> HttpResponse:
    """Save the (edited) proposed agenda into the meeting, with the meeting's version check."""
    from assistant.views import _run_for_user, _run_page

    run = _run_for_user(request, run_id, action=EDIT)
    meeting = prepared_meeting(request, run)
    if meeting is None:
        raise Http404("No planned meeting to save into")
    text = request.POST.get("agenda", "").strip()
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = 0  # a form without its version is stale, never current
    problem = None
    if not text:
        problem = _("Write the agenda before saving it into the meeting.")
    elif len(text) > AGENDA_LIMIT:
        problem = _("The agenda is too long: at most %(limit)s characters.") % {"limit": AGENDA_LIMIT}
    if problem is None:
        try:
            meeting_update(meeting=meeting, by=request.user, version=version, agenda=text)
        except EditConflict as conflict:
            problem = _(
                "Someone changed the meeting (version %(theirs)s) after this page was opened "
                "(version %(yours)s). Open the meeting, compare its agenda, and save again."
            ) % {"theirs": conflict.current.version, "yours": version}
            bound = {"agenda_problem": problem, "agenda_text": text, "agenda_current": conflict.current}
            return _run_page(request, run, bound, status=409)
        except ValidationError as error:
            problem = " ".join(error.messages)
    if problem:
        return _run_page(request, run, {"agenda_problem": problem, "agenda_text": text}, status=400)
    messages.success(request, _("The agenda is saved into the meeting."))
    return redirect("meetings:meeting-detail", meeting.pk)
