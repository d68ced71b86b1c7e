"""The assistant's pages: the customer's Assistant tab (patterns, drafts, note summaries) and one
page per answer, where the KAM edits a draft or decides each proposed item."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts import access, disc
from accounts.models import Stakeholder
from accounts.pagecache import cached_page
from accounts.views.customers import customer_frame
from assistant import prep_wording, selectors, services
from assistant.forms import ItemDecisionForm, NotesForm, PrepareForm
from assistant.models import AssistantRun
from assistant.providers import model_configured
from planning import selectors as planning_selectors
from planning.services import OwnerNotOnTeam

EDIT = "customer.edit"
DRAFT_KINDS = {AssistantRun.Kind.PLAN_SUMMARY, AssistantRun.Kind.QBR_POINTS}


def _run_for_user(request: HttpRequest, run_id: int, action: str = "customer.view") -> AssistantRun:
    """A run its author (or an administrator) may open; 404 for anyone else."""
    runs = AssistantRun.objects.filter(selectors.visible_q(request.user)).select_related(
        "customer__owner", "customer__team", "source", "created_by"
    )
    return access.get_customer_object_for_user(request.user, runs, run_id, action=action)


def _prepare_form(customer, data=None) -> PrepareForm:
    people = (
        Stakeholder.objects.present().filter(customer=customer).only("pk", "name", "title").order_by("name")
    )
    return PrepareForm(data, people=people, auto_id="prep-%s")


def _tab(
    request: HttpRequest, customer, form: NotesForm | None = None, status: int = 200, prepare_form=None
) -> HttpResponse:
    today = selectors.today_for(request.user)
    context = customer_frame(
        request,
        customer,
        "assistant",
        patterns=selectors.account_patterns(customer, request.user, today),
        form=form or NotesForm(),
        prepare_form=prepare_form or _prepare_form(customer),
        runs=selectors.recent_runs(customer, request.user),
        model_name=settings.ASSISTANT_MODEL if model_configured() else "",
    )
    return render(request, "assistant/customer_assistant.html", context, status=status)


@require_GET
@cached_page
def customer_assistant_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    return _tab(request, access.get_customer_for_user(request.user, customer_id))


@require_POST
def draft_view(request: HttpRequest, customer_id: int, kind: str) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    if kind not in DRAFT_KINDS:
        raise Http404("No such draft")
    run = services.run_request(customer=customer, by=request.user, kind=kind)
    return redirect(run)


@require_POST
def summarise_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    form = NotesForm(request.POST)
    if not form.is_valid():
        return _tab(request, customer, form, status=400)
    run = services.run_request(
        customer=customer, by=request.user, kind=AssistantRun.Kind.SUMMARY, notes=form.cleaned_data["notes"]
    )
    return redirect(run)


KIND_HEADINGS = (
    ("decision", gettext_lazy("Decisions")),
    ("risk", gettext_lazy("Risks")),
    ("task", gettext_lazy("Tasks")),
    ("next_step", gettext_lazy("Next steps")),
)


def _shown(item: dict) -> dict:
    return {**item, "due_date": datetime.date.fromisoformat(item["due"]) if item.get("due") else None}


@require_POST
def prepare_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    form = _prepare_form(customer, request.POST)
    if not form.is_valid():
        return _tab(request, customer, status=400, prepare_form=form)
    extra = {
        "meeting_type": form.cleaned_data["meeting_type"],
        "stakeholder_ids": [person.pk for person in form.cleaned_data["attendees"]],
    }
    run = services.run_request(
        customer=customer, by=request.user, kind=AssistantRun.Kind.MEETING_PREP, extra=extra
    )
    return redirect(run)


def _prep_context(request: HttpRequest, run: AssistantRun, bound: dict) -> dict:
    """A preparation worded in the viewer's language; DISC advice only for the account team. For a
    planned meeting the viewer may change, the agenda can be saved into it (`bound` holds a refused
    save: the text as typed, why, and on a conflict the meeting as it is now)."""
    from assistant.meeting_views import prepared_meeting

    data = run.result.get("data") or {}
    from accounts.models.stakeholders import Attitude, DecisionRole

    internal = access.can(request.user, "customer.internal", run.customer)
    roles, attitudes = dict(DecisionRole.choices), dict(Attitude.choices)
    briefs = []
    for brief in data.get("briefs", []):
        briefs.append(
            {
                **brief,
                "role_label": roles.get(brief.get("role"), ""),
                "attitude_label": attitudes.get(brief.get("attitude"), ""),
                "guidance": disc.guidance_for(brief.get("disc", "")) if internal else None,
                "last_date": datetime.date.fromisoformat(brief["last_contacted"])
                if brief.get("last_contacted")
                else None,
                "recent": [_shown_contact(c) for c in brief.get("recent", [])],
            }
        )
    meeting = bound.get("agenda_current") or prepared_meeting(request, run)
    agenda_target = (
        {
            "url": reverse("assistant:meeting-agenda", args=[run.pk]),
            "version": meeting.version,
            "meeting": meeting,
        }
        if meeting
        else None
    )
    return {
        "prep": data,
        "agenda_target": agenda_target,
        "agenda_problem": None if bound.get("agenda_current") else bound.get("agenda_problem"),
        "agenda_conflict": [(_("Agenda"), bound["agenda_current"].agenda, bound.get("agenda_text", ""))]
        if bound.get("agenda_current")
        else None,
        "agenda_text": bound.get("agenda_text") or prep_wording.agenda_text(data.get("agenda", [])),
        "angles": [prep_wording.angle_sentence(angle) for angle in data.get("angles", [])],
        "briefs": briefs,
        "actions": [
            {**a, "due_date": datetime.date.fromisoformat(a["due"])} for a in data.get("actions", [])
        ],
    }


def _shown_contact(contact: dict) -> dict:
    return {**contact, "date": datetime.date.fromisoformat(contact["date"])}


def _item_form(run: AssistantRun, item: dict, owners, today: datetime.date) -> ItemDecisionForm:
    initial = {
        "version": run.version,
        "title": item["text"][:200],
        "owner": item.get("owner_id") or run.created_by_id,
        "due": item.get("due") or (today + datetime.timedelta(days=14)).isoformat(),
    }
    return ItemDecisionForm(initial=initial, owners=owners, auto_id=f"item{item['n']}-%s")


def _groups(run: AssistantRun, can_decide: bool, today: datetime.date, bound: dict | None) -> list:
    """(kind, heading, [(item, form or None)]) for each kind that has items."""
    owners = _owners(run.customer) if can_decide else None
    groups = []
    for kind, heading in KIND_HEADINGS:
        rows = []
        for item in (i for i in run.items if i.get("kind") == kind):
            form = None
            if bound and bound.get("index") == item["n"]:
                form = bound["form"]
            elif can_decide and item.get("state") == services.PROPOSED:
                form = _item_form(run, item, owners, today)
            rows.append((_shown(item), form))
        if rows:
            groups.append((kind, heading, rows))
    return groups


def _run_page(
    request: HttpRequest, run: AssistantRun, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    customer = run.customer
    can_decide = access.can(request.user, EDIT, customer) and run.created_by_id == request.user.pk
    context = customer_frame(
        request,
        customer,
        "assistant",
        run=run,
        groups=_groups(run, can_decide, selectors.today_for(request.user), bound),
        can_decide=can_decide,
        conflict=_shown(bound["conflict"]) if bound and bound.get("conflict") else None,
        **(
            _prep_context(request, run, bound or {})
            if run.kind == AssistantRun.Kind.MEETING_PREP and not run.is_pending
            else {}
        ),
    )
    template = "assistant/partials/run_body.html" if request.htmx else "assistant/run.html"
    return render(request, template, context, status=status)


def _owners(customer):
    from accounts.models import User

    return User.objects.filter(
        pk__in=[u.pk for u in planning_selectors.account_team_users(customer)]
    ).order_by("full_name")


@require_GET
@cached_page
def run_view(request: HttpRequest, run_id: int) -> HttpResponse:
    return _run_page(request, _run_for_user(request, run_id))


@require_POST
def item_decide_view(request: HttpRequest, run_id: int, index: int) -> HttpResponse:
    run = _run_for_user(request, run_id, action=EDIT)
    if run.created_by_id != request.user.pk or run.is_pending or not 0 <= index < len(run.items):
        raise Http404("No such item")
    form = ItemDecisionForm(request.POST, owners=_owners(run.customer), auto_id=f"item{index}-%s")
    if not form.is_valid():
        return _run_page(request, run, {"index": index, "form": form}, status=400)
    data = form.cleaned_data
    try:
        item = services.item_decide(
            run=run,
            index=index,
            by=request.user,
            version=data["version"],
            decision=data["decision"],
            title=(data.get("title") or "").strip(),
            owner=data.get("owner"),
            due=data.get("due"),
            likelihood=data.get("likelihood") or 3,
            impact=data.get("impact") or 3,
        )
    except services.StaleRun as stale:
        return _run_page(
            request, stale.current, {"index": -1, "conflict": stale.current.items[index]}, status=409
        )
    except (OwnerNotOnTeam, ValidationError) as error:
        form.add_error(None, error)
        return _run_page(request, run, {"index": index, "form": form}, status=400)
    messages.success(request, _decided_message(item))
    return redirect(run.get_absolute_url() + f"#item-{index}")


def _decided_message(item: dict) -> str:
    if item.get("accepted_as") == "action":
        return _("The action is added to the account plan.")
    if item.get("accepted_as") == "risk":
        return _("The risk is added to the risk register.")
    return _("The item is dropped. Nothing was added.")


@require_POST
def follow_up_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_for_user(request, run_id)
    if run.kind != AssistantRun.Kind.SUMMARY or run.is_pending:
        raise Http404("Not a finished summary")
    draft = services.run_request(
        customer=run.customer, by=request.user, kind=AssistantRun.Kind.FOLLOW_UP, source=run
    )
    return redirect(draft)
