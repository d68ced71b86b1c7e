"""Every write of the assistant: asking it (a run kept for audit), and the KAM's decision on each
proposed item. Only `item_decide` ever writes into the plan or the risk register, and only the
one item the KAM accepted, through the planning and risk services.

Access is checked by the caller (a view through `accounts.access`).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Customer, Stakeholder, User
from accounts.services import job_create
from assistant import prep, prompts, selectors
from assistant.models import AssistantRun, AssistantSettings
from assistant.notes import Item, Person
from assistant.providers import Answer, ProviderError, Request, model_configured
from assistant.providers.model import ModelProvider
from assistant.providers.offline import OfflineProvider
from meetings.models import Meeting
from planning import selectors as planning_selectors
from planning.services import action_create
from risk.services import risk_item_create

PROPOSED, ACCEPTED, DROPPED = "proposed", "accepted", "dropped"
JOB_KIND = "assistant.run"


class StaleRun(Exception):
    """The run changed since the page was loaded (another tab decided an item); nothing written."""

    def __init__(self, current: AssistantRun) -> None:
        super().__init__("stale run")
        self.current = current


# --- Asking --------------------------------------------------------------------------------------
def run_request(
    *,
    customer: Customer,
    by: User,
    kind: str,
    notes: str = "",
    source: AssistantRun | None = None,
    extra: dict | None = None,
) -> AssistantRun:
    """Record the request and answer it: at once with the offline provider, or through a
    background job when a language model is configured (the page polls the run)."""
    use_model = model_configured()
    with transaction.atomic():
        run = AssistantRun.objects.create(
            customer=customer,
            created_by=by,
            kind=kind,
            language=by.language,
            reference_date=selectors.today_for(by),
            source_text=notes,
            source=source,
            provider=AssistantRun.Provider.MODEL if use_model else AssistantRun.Provider.OFFLINE,
            result={"extra": extra or {}},
        )
        if use_model:
            run.job = job_create(kind=JOB_KIND, by=by, customer=customer, run_id=run.pk)
            run.save(update_fields=["job"])
    if not use_model:
        run_execute(run=run)
    return run


def run_execute(*, run: AssistantRun, progress=None) -> AssistantRun:
    """Answer a pending run. A model failure of any kind makes the offline provider answer, with a
    notice saying why; the prompt that was sent is kept either way."""
    report = progress or (lambda pct, message="": None)
    request = _request_for(run)
    answer: Answer
    if run.provider == AssistantRun.Provider.MODEL:
        run.model_name = _model_name()
        report(10, _("Asking the language model…"))
        try:
            answer = ModelProvider().answer(request)
        except ProviderError as error:
            run.prompt = _prompt_text(request)
            run.provider = AssistantRun.Provider.OFFLINE
            answer = OfflineProvider().answer(request)
            answer.notices = [{"kind": "fallback", "reason": error.reason}, *answer.notices]
            run.response = error.detail[:2000]
        else:
            run.prompt, run.response = answer.prompt, answer.raw
    else:
        answer = OfflineProvider().answer(request)
    if run.kind == AssistantRun.Kind.MEETING_PREP:
        answer.data = _merged_prep(request.extra["prep"], answer.data)
    report(90, _("Saving the answer…"))
    _finish(run, answer)
    return run


def _merged_prep(rules: dict, answered: dict) -> dict:
    """The rule-based preparation, with the model's agenda and questions when it gave them."""
    if answered is rules or not answered:
        return rules
    merged = dict(rules)
    if answered.get("agenda"):
        merged["agenda"] = [{"kind": "text", "text": line} for line in answered["agenda"]]
    if answered.get("questions"):
        merged["angles"] = [{"kind": "text", "text": line} for line in answered["questions"]]
    return merged


def _model_name() -> str:
    from django.conf import settings

    return settings.ASSISTANT_MODEL[:200]


def _prompt_text(request: Request) -> str:
    import json

    chat = prompts.messages(
        request.kind,
        request.language,
        request.today,
        payload=request.payload,
        notes=request.notes,
        people=request.people,
        items=request.items,
    )
    return json.dumps(chat, ensure_ascii=False, indent=1)


def _request_for(run: AssistantRun) -> Request:
    by, customer = run.created_by, run.customer
    extra = dict(run.result.get("extra", {})) if isinstance(run.result, dict) else {}
    request = Request(kind=run.kind, language=run.language, today=run.reference_date, extra=extra)
    if run.kind == AssistantRun.Kind.SUMMARY:
        request.notes = run.source_text
        request.people = selectors.note_people(customer, extra.get("stakeholder_ids"))
        request.author = Person(by.pk, by.full_name, "user")
    elif run.kind == AssistantRun.Kind.FOLLOW_UP:
        request.items = [i for i in (run.source.items if run.source else []) if i.get("state") != DROPPED]
        request.extra = {**extra, **_follow_up_context(run)}
    elif run.kind in (AssistantRun.Kind.PLAN_SUMMARY, AssistantRun.Kind.QBR_POINTS):
        request.facts = selectors.account_facts(customer, by, run.reference_date)
        if run.provider == AssistantRun.Provider.MODEL:
            request.payload = prompts.facts_payload(request.facts, AssistantSettings.load().groups())
    elif run.kind == AssistantRun.Kind.MEETING_PREP:
        request.facts = selectors.account_facts(customer, by, run.reference_date)
        data, people = _prep_data(run, request.facts, extra)
        request.extra = {**extra, "prep": data}
        if run.provider == AssistantRun.Provider.MODEL:
            groups = AssistantSettings.load().groups()
            request.payload = prompts.facts_payload(request.facts, groups)
            request.payload["meeting"] = {
                "type": data["meeting_type"],
                "attendees": [prompts.person_payload(person, groups) for person in people],
            }
    return request


def _prep_data(run: AssistantRun, facts: selectors.Facts, extra: dict) -> tuple[dict, list]:
    """What a meeting preparation shows: agenda points, angles, a brief on each attendee, and the
    open actions, goals, risks and white space as they are now (stored as data)."""
    ids = [int(pk) for pk in extra.get("stakeholder_ids", [])]
    internal = access.can(run.created_by, "customer.internal", run.customer)
    people = selectors.people_facts(run.customer, internal=internal, ids=ids) if ids else []
    briefs = selectors.attendee_briefs(run.customer, people)
    deviations = list(extra.get("deviations", []))
    today = run.reference_date
    return {
        "meeting_type": extra.get("meeting_type", prep.STRATEGIC),
        "agenda": prep.agenda(extra.get("meeting_type", prep.STRATEGIC), facts, deviations),
        "angles": prep.angles(
            facts,
            today,
            briefs=briefs,
            open_items=selectors.open_items(run.customer, run.created_by, extra.get("earlier_notes", [])),
            deviations=deviations,
        ),
        "briefs": [brief.__dict__ for brief in briefs],
        "goals": [{"title": r.goal.title, "percent": r.percent} for r in facts.goals],
        "actions": [
            {"title": a.title, "owner": str(a.owner), "due": a.due.isoformat(), "overdue": a.due < today}
            for a in facts.open_actions[:10]
        ],
        "risks": [{"title": r.display_title, "score": r.score} for r in facts.risks[:5]],
        "white_space": [
            {"offering": str(c.offering), "unit": str(c.unit), "potential": str(c.potential)}
            for c in facts.white_space[:5]
        ],
        "deviations": deviations,
    }, people


def _follow_up_context(run: AssistantRun) -> dict:
    items = run.source.items if run.source else []
    theirs = list(
        dict.fromkeys(i["their_person_name"].split()[0] for i in items if i.get("their_person_name"))
    )
    return {
        "customer_name": run.customer.name,
        "author_name": run.created_by.full_name,
        "greeting_names": ", ".join(theirs),
        "meeting_title": meeting.title
        if (meeting := _source_meeting(run.source) if run.source else None)
        else "",
    }


def _finish(run: AssistantRun, answer: Answer) -> None:
    extra = run.result.get("extra", {}) if isinstance(run.result, dict) else {}
    run.result = {
        "extra": extra,
        "language": answer.language,
        "notices": answer.notices,
        "items": [_item_data(n, item) for n, item in enumerate(answer.items)],
        "text": answer.text,
        "data": answer.data,
    }
    run.status = AssistantRun.Status.DONE
    run.finished_at = timezone.now()
    with transaction.atomic():
        run.save()
        run.stakeholders.set(_named_people(run))


def _item_data(n: int, item: Item) -> dict:
    return {
        "n": n,
        "kind": item.kind,
        "text": item.text,
        "owner_id": item.owner.id if item.owner else None,
        "owner_name": item.owner.name if item.owner else "",
        "their_person_id": item.their_person.id if item.their_person else None,
        "their_person_name": item.their_person.name if item.their_person else "",
        "due": item.due.isoformat() if item.due else None,
        "due_phrase": item.due_phrase,
        "state": PROPOSED,
    }


def _named_people(run: AssistantRun) -> list[int]:
    """The customer's people whose name appears anywhere in what the run keeps."""
    texts = " ".join([run.source_text, run.prompt, run.response, str(run.result)]).casefold()
    return [
        pk
        for pk, name in Stakeholder.objects.filter(customer=run.customer_id).values_list("pk", "name")
        if len(name.strip()) >= 3 and name.strip().casefold() in texts
    ]


# --- The KAM's decision on one proposed item -----------------------------------------------------
def item_decide(
    *,
    run: AssistantRun,
    index: int,
    by: User,
    version: int,
    decision: str,
    title: str = "",
    owner: User | None = None,
    due: datetime.date | None = None,
    likelihood: int = 3,
    impact: int = 3,
) -> dict:
    """Accept one proposed item as a plan action or a register risk, or drop it.

    Raises StaleRun when the run changed since `version` or the item was already decided,
    ValidationError (or planning's OwnerNotOnTeam) when the action or risk is refused; nothing is
    written in any of these cases. Returns the item as now stored.
    """
    with transaction.atomic():
        current = (
            AssistantRun.objects.select_for_update(of=("self",)).select_related("customer").get(pk=run.pk)
        )
        items = current.items
        if not 0 <= index < len(items):
            raise ValidationError(_("That item is not part of this summary."))
        item = items[index]
        if current.version != version or item.get("state") != PROPOSED:
            raise StaleRun(current)
        if decision == "action":
            item.update(_accept_action(current, item, by, title, owner, due))
        elif decision == "risk":
            item.update(_accept_risk(current, item, by, title, owner, likelihood, impact))
        elif decision == "drop":
            item["state"] = DROPPED
        else:
            raise ValidationError(
                _("Choose whether to add the item to the plan, to the risk register, or to drop it.")
            )
        item["decided_by"] = by.pk
        item["decided_at"] = timezone.now().isoformat()
        current.version += 1
        current.save(update_fields=["result", "version"])
    return item


def _source_label(run: AssistantRun) -> str:
    with translation.override(run.language):
        return _("From the notes summarised on %(date)s") % {
            "date": formats.date_format(run.reference_date, "DATE_FORMAT")
        }


def _accept_action(
    run: AssistantRun, item: dict, by: User, title: str, owner: User | None, due
) -> dict[str, Any]:
    plan = planning_selectors.pick_current(planning_selectors.customer_plans(run.customer))
    if plan is None:
        raise ValidationError(
            _("This customer has no account plan to add the action to. Create the plan first.")
        )
    if owner is None or due is None:
        raise ValidationError(_("An action needs an owner and a due date."))
    action = action_create(
        plan=plan,
        by=by,
        title=(title or item["text"])[:200],
        owner=owner,
        due=due,
        note=f"{_source_label(run)}: {item['text']}"[:2000],
        meeting=_source_meeting(run),
    )
    return {"state": ACCEPTED, "accepted_as": "action", "object_id": action.pk, "plan_id": plan.pk}


def _source_meeting(run: AssistantRun) -> Meeting | None:
    """The meeting whose notes were summarised, so an accepted action says where it came from."""
    meeting_id = (run.result.get("extra") or {}).get("meeting_id")
    if not meeting_id:
        return None
    return Meeting.objects.filter(pk=meeting_id, customer_id=run.customer_id).first()


def _accept_risk(
    run: AssistantRun, item: dict, by: User, title: str, owner: User | None, likelihood: int, impact: int
) -> dict[str, Any]:
    risk = risk_item_create(
        customer=run.customer,
        by=by,
        title=(title or item["text"])[:200],
        description=item["text"][:4000],
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        source=_source_label(run)[:300],
    )
    return {"state": ACCEPTED, "accepted_as": "risk", "object_id": risk.pk}


# --- Erasure -------------------------------------------------------------------------------------
def runs_erase_for(person: Stakeholder, pattern: re.Pattern | None) -> int:
    """Delete every run that names the person (registered with the stakeholder erasure)."""
    ids = selectors.runs_naming(person, pattern)
    if not ids:
        return 0
    # Drafts made from a deleted summary go with it (they repeat its items).
    deleted, _counts = AssistantRun.objects.filter(Q(pk__in=ids) | Q(source_id__in=ids)).delete()
    return deleted
