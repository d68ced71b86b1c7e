"""Reads for the stakeholder map: the map itself (two queries whatever its size), one person's page,
the contact log, the data-rights export and the home page's "needs attention" card.

`internal` says whether the reader may see DISC styles and personal notes (`customer.internal`).
When it is False those columns are never loaded from the database, and the attributes are None.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access, disc, gaps, timeline
from accounts.charts import stakeholders as charts
from accounts.models import (
    AccountMember,
    Customer,
    Event,
    Interaction,
    NextStep,
    Relationship,
    Stakeholder,
    StakeholderChange,
    User,
)
from accounts.models.stakeholders import Attitude, DecisionRole, Disc, Function, Level, Strength

CONTACT_LOG_PAGE_SIZE = 25
PEOPLE_PAGE_SIZE = 50
_LABELLED = {
    "level": Level.choices,
    "function": Function.choices,
    "attitude": Attitude.choices,
    "decision_role": DecisionRole.choices,
}
STAKEHOLDER_EVENT_PREFIXES = ("stakeholder.", "relationship.", "interaction.", "next_step.")
DUPLICATE_SIMILARITY = 0.86


def vocabulary() -> gaps.Vocabulary:
    """Labels for the gap engine and the charts, in the active language."""
    return gaps.Vocabulary(
        functions={code: str(label) for code, label in Function.choices},
        levels={code: str(label) for code, label in Level.choices},
        strengths={code: str(label) for code, label in Strength.choices},
    )


@dataclass
class StakeholderMap:
    """Everyone on a customer's map with their ties to our side, ready for table, charts and gaps.

    Each person carries `ties` (their Relationship rows, owner first), `best_tie`, `owner_tie`,
    `manager` and `successor_person` (resolved from the same list, no extra query).
    """

    customer: Customer
    people: list[Stakeholder]
    ties: list[Relationship]
    internal: bool
    by_id: dict[int, Stakeholder] = field(default_factory=dict)

    @property
    def present(self) -> list[Stakeholder]:
        return [p for p in self.people if not p.has_left]

    @cached_property
    def engine_people(self) -> list[gaps.Person]:
        return [_engine_person(p) for p in self.people]

    @cached_property
    def engine_ties(self) -> list[gaps.Tie]:
        return [_engine_tie(t) for t in self.ties]

    def gaps(self, *, today: date | None = None, stale_days: int = gaps.DEFAULT_STALE_DAYS) -> list[gaps.Gap]:
        return gaps.find_gaps(
            self.engine_people,
            self.engine_ties,
            vocabulary(),
            today=today or timezone.localdate(),
            stale_days=stale_days,
        )


def stakeholder_map(customer: Customer, *, internal: bool) -> StakeholderMap:
    """The customer's whole map in two queries (people with their units, then every relationship)."""
    people_qs = Stakeholder.objects.filter(customer=customer).select_related("unit").order_by("name", "pk")
    if not internal:
        people_qs = people_qs.without_internal()
    people = list(people_qs)
    ties = list(
        Relationship.objects.filter(stakeholder__customer=customer)
        .select_related("user")
        .order_by("-is_owner", "-strength", "user__full_name")
    )
    by_id = {p.pk: p for p in people}
    url = _person_url(customer)
    # Labels translated once per request, not once per row (a map has up to a few hundred rows).
    labels = {name: {code: str(label) for code, label in choices} for name, choices in _LABELLED.items()}
    for person in people:
        if not internal:
            _mask(person)
        person.url = url(person.pk)
        for name, words in labels.items():
            setattr(person, f"{name}_label", words.get(getattr(person, name), ""))
        person.ties = []
        person.disc_short = disc.SHORT_NAMES.get(person.disc, "") if internal else ""
    strengths = {code: str(label) for code, label in Strength.choices}
    for tie in ties:
        tie.strength_label = strengths.get(tie.strength, "")
        by_id[tie.stakeholder_id].ties.append(tie)
    for person in people:
        person.manager = by_id.get(person.reports_to_id)
        person.successor_person = by_id.get(person.successor_id)
        person.owner_tie = next((t for t in person.ties if t.is_owner), None)
        person.best_tie = max(person.ties, key=lambda t: (t.strength, t.is_owner), default=None)
    return StakeholderMap(customer=customer, people=people, ties=ties, internal=internal, by_id=by_id)


def _person_url(customer: Customer):
    """Each person's page address without a `reverse()` per person (a map draws every one twice)."""
    placeholder = 999_999_999
    pattern = reverse("accounts:stakeholder-detail", args=[customer.pk, placeholder])
    return lambda pk: pattern.replace(str(placeholder), str(pk))


def _mask(person: Stakeholder) -> None:
    # Set, not deferred: reading them can never fall back to a database query.
    person.disc = None
    person.notes = None


def _engine_person(person: Stakeholder) -> gaps.Person:
    return gaps.Person(
        id=person.pk,
        name=person.name,
        level=person.level,
        function=person.function,
        influence=person.influence,
        attitude=person.attitude,
        decision_role=person.decision_role,
        title=person.title,
        has_left=person.has_left,
        successor_id=person.successor_id,
        last_contacted=person.last_contacted_on,
        added_on=timezone.localdate(person.created_at),
        informed_on=person.informed_on,
    )


def _engine_tie(tie: Relationship) -> gaps.Tie:
    return gaps.Tie(
        stakeholder_id=tie.stakeholder_id,
        user_id=tie.user_id,
        user_name=str(tie.user),
        strength=tie.strength,
        target=tie.target,
        is_owner=tie.is_owner,
    )


def filter_people(people: list[Stakeholder], filters: dict[str, Any]) -> list[Stakeholder]:
    """The table's filters applied to an already loaded map (no further query)."""
    result = people if filters.get("show_left") else [p for p in people if not p.has_left]
    if query := (filters.get("q") or "").casefold():
        result = [p for p in result if query in p.name.casefold() or query in p.title.casefold()]
    for name in ("level", "function", "attitude", "decision_role", "disc"):
        if filters.get(name):
            result = [p for p in result if getattr(p, name) == filters[name]]
    if filters.get("unit"):
        result = [p for p in result if p.unit_id == filters["unit"]]
    if filters.get("strength") is not None:
        wanted = filters["strength"]
        result = [p for p in result if (p.best_tie.strength if p.best_tie else 0) == wanted]
    return result


def people_page(people: list[Stakeholder], page_number: str | int | None) -> Page:
    """One page of the (already loaded and filtered) table, as the customer list pages its rows."""
    return Paginator(people, PEOPLE_PAGE_SIZE).get_page(page_number)


def open_steps(customer: Customer) -> list[NextStep]:
    return list(
        NextStep.objects.filter(customer=customer, status=NextStep.Status.OPEN)
        .select_related("stakeholder", "assignee")
        .order_by("due_on", "-created_at")
    )


def our_people(customer: Customer) -> QuerySet[User]:
    """Who on our side can hold a relationship: the owner, the account team and the team's leaders."""
    members = AccountMember.objects.filter(customer=customer).values("user")
    leaders = Q(led_teams=customer.team_id) if customer.team_id else Q(pk__in=[])
    return (
        User.objects.filter(Q(pk=customer.owner_id) | Q(pk__in=members) | leaders, is_active=True)
        .distinct()
        .order_by("full_name")
    )


def people_choices(customer: Customer, exclude: Stakeholder | None = None) -> QuerySet[Stakeholder]:
    """The customer's people for a choice list (manager, successor, contact-log participants)."""
    people = Stakeholder.objects.filter(customer=customer).only("pk", "name", "title").order_by("name")
    return people.exclude(pk=exclude.pk) if exclude is not None else people


def likely_duplicates(
    customer: Customer, name: str, email: str = "", exclude_pk: int | None = None
) -> list[Stakeholder]:
    """People already on the map who are probably the one being added: the same e-mail address, or
    a name that differs only in case, accents, spacing or a letter or two."""
    wanted = _comparable(name)
    candidates = Stakeholder.objects.filter(customer=customer).only(
        "pk", "name", "title", "email", "customer_id"
    )
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for person in candidates:
        same_email = bool(email) and person.email.lower() == email.strip().lower()
        similar = (
            difflib.SequenceMatcher(None, wanted, _comparable(person.name)).ratio() >= DUPLICATE_SIMILARITY
        )
        if same_email or similar:
            found.append(person)
    return found


def _comparable(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass
class StakeholderPage:
    person: Stakeholder
    ties: list[Relationship]
    reports: list[Stakeholder]
    changes: list[StakeholderChange]
    interactions: list[Interaction]
    steps: list[NextStep]
    guidance: disc.Guidance | None
    predecessors: list[Stakeholder]
    all_guidance: list[disc.Guidance] = field(default_factory=list)


def stakeholder_page(person: Stakeholder, *, internal: bool) -> StakeholderPage:
    """One person with everything around them; a fixed number of queries."""
    if not internal:
        _mask(person)
    changes = list(person.changes.select_related("user", "changed_by")[:50])
    for change in changes:
        change.old_label, change.new_label = (
            _history_value(change, change.old_value),
            _history_value(change, change.new_value),
        )
    # Direct reports and predecessors in one query; their own FKs are loaded so nothing is fetched later.
    around = list(
        Stakeholder.objects.filter(Q(reports_to=person) | Q(successor=person))
        .only("pk", "name", "title", "customer_id", "reports_to", "successor")
        .order_by("name")
    )
    return StakeholderPage(
        person=person,
        ties=list(person.relationships.select_related("user")),
        reports=[p for p in around if p.reports_to_id == person.pk],
        changes=changes,
        # On the person's own page the entries name our people; the whole log also names theirs.
        interactions=list(
            person.interactions.prefetch_related("our_people").order_by("-occurred_on", "-pk")[:20]
        ),
        steps=list(person.next_steps.select_related("assignee").order_by("status", "-created_at")[:20]),
        guidance=disc.guidance_for(person.disc) if internal and person.disc else None,
        predecessors=[p for p in around if p.successor_id == person.pk],
        all_guidance=list(disc.GUIDANCE.values()) if internal else [],
    )


def get_stakeholder_queryset(customer_id: int, *, internal: bool) -> QuerySet[Stakeholder]:
    """The people of one customer, for `access.get_customer_object_for_user`."""
    people = Stakeholder.objects.filter(customer_id=customer_id).select_related(
        "unit", "reports_to", "successor"
    )
    if internal:
        return people
    hidden = [
        f"{prefix}{name}" for prefix in ("", "reports_to__", "successor__") for name in ("disc", "notes")
    ]
    return people.defer(*hidden)


def interaction_page(
    customer: Customer, page_number: str | int | None, stakeholder_id: int | None = None
) -> Page:
    entries = (
        Interaction.objects.filter(customer=customer)
        .select_related("created_by")
        .prefetch_related("stakeholders", "our_people")
        .order_by("-occurred_on", "-pk")
    )
    if stakeholder_id:
        entries = entries.filter(stakeholders=stakeholder_id)
    return Paginator(entries, CONTACT_LOG_PAGE_SIZE).get_page(page_number)


def needs_attention(user: User, limit: int = 6) -> list[NextStep]:
    """Open next steps for the user: assigned to them, or unassigned on accounts they own; only on
    customers they may still see."""
    steps = NextStep.objects.filter(status=NextStep.Status.OPEN).filter(
        Q(assignee=user) | Q(assignee__isnull=True, customer__owner=user)
    )
    steps = access.visible_rows(user, steps)
    return list(steps.select_related("customer", "stakeholder").order_by("due_on", "created_at")[:limit])


def stakeholder_export(person: Stakeholder, *, internal: bool) -> dict[str, Any]:
    """Everything held about one person, as plain JSON-ready values (a data-subject access request).

    DISC style and personal notes are included only for the account team; others get a note that
    they were withheld. Other participants in a contact-log entry are counted, not named.
    """
    record: dict[str, Any] = {
        "person": _person_record(person, internal),
        "relationships": [
            {
                "our_person": str(t.user),
                "strength": t.get_strength_display(),
                "target": t.get_target_display(),
                "owns_the_relationship": t.is_owner,
            }
            for t in person.relationships.select_related("user")
        ],
        "history": [
            {
                "when": _when(c.changed_at),
                "what": c.get_field_display(),
                "our_person": str(c.user) if c.user else None,
                "from": _history_value(c, c.old_value),
                "to": _history_value(c, c.new_value),
            }
            for c in person.changes.select_related("user")
        ],
        "contact_log": [
            _interaction_record(i, person)
            for i in person.interactions.prefetch_related("stakeholders", "our_people").order_by(
                "-occurred_on"
            )
        ],
        "next_steps": [
            {"kind": s.get_kind_display(), "text": s.display_text, "status": s.get_status_display()}
            for s in person.next_steps.order_by("-created_at")
        ],
        "timeline": [
            {
                "when": _when(e.created_at),
                "who": str(e.actor) if e.actor else None,
                "what": timeline.describe(e.kind, e.data),
            }
            for e in events_about(person)
        ],
    }
    if not internal:
        record["withheld"] = _(
            "DISC style and personal notes are internal to the account team and are not included."
        )
    return record


def events_about(person: Stakeholder) -> list[Event]:
    """The customer's timeline events that name this person (by id), oldest first."""
    by_kind = Q()
    for prefix in STAKEHOLDER_EVENT_PREFIXES:
        by_kind |= Q(kind__startswith=prefix)
    candidates = Event.objects.filter(by_kind, customer_id=person.customer_id).select_related("actor")
    return [
        e
        for e in candidates.order_by("created_at", "pk")
        if isinstance(e.data, dict)
        and (e.data.get("stakeholder_id") == person.pk or person.pk in (e.data.get("stakeholder_ids") or []))
    ]


def _when(moment) -> str:
    """A moment in the reader's time zone, to the minute: readable on the page and in the JSON file."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _person_record(person: Stakeholder, internal: bool) -> dict[str, Any]:
    record = {
        "name": person.name,
        "title": person.title,
        "customer": person.customer.name,
        "unit": person.unit.name if person.unit else "",
        "email": person.email,
        "phone": person.phone,
        "level": person.get_level_display(),
        "function": person.get_function_display(),
        "influence": person.influence,
        "attitude": person.get_attitude_display(),
        "decision_role": person.get_decision_role_display(),
        "reports_to": person.reports_to.name if person.reports_to else "",
        "source": person.source,
        "informed_on": person.informed_on.isoformat() if person.informed_on else None,
        "has_left": person.has_left,
        "left_on": person.left_on.isoformat() if person.left_on else None,
        "successor": person.successor.name if person.successor else "",
        "last_contacted_on": person.last_contacted_on.isoformat() if person.last_contacted_on else None,
        "added": _when(person.created_at),
    }
    if internal:
        record["disc_style"] = person.get_disc_display()
        record["personal_notes"] = person.notes
    return record


def _interaction_record(interaction: Interaction, person: Stakeholder) -> dict[str, Any]:
    others = [s for s in interaction.stakeholders.all() if s.pk != person.pk]
    return {
        "date": interaction.occurred_on.isoformat(),
        "kind": interaction.get_kind_display(),
        "our_people": [str(u) for u in interaction.our_people.all()],
        "other_participants": len(others),
        "what_happened": interaction.summary,
        "why_it_matters": interaction.why_it_matters,
    }


def _history_value(change: StakeholderChange, value: str) -> str:
    if not value:
        return ""
    if change.field == StakeholderChange.Field.ATTITUDE:
        return str(dict(Attitude.choices).get(value, value))
    if change.field == StakeholderChange.Field.STRENGTH:
        return str(dict(Strength.choices).get(int(value), value)) if value.isdigit() else value
    return value


# --- Pictures: the loaded map turned into the charts' plain inputs (no further query) -----------
def org_chart_svg(smap: StakeholderMap) -> str:
    """The org chart; DISC marks only when the map was loaded for the account team."""
    strengths = {code: str(label).lower() for code, label in Strength.choices}
    labels = charts.OrgLabels(
        title=_("Org chart of %(customer)s") % {"customer": smap.customer.name},
        empty=_("Nobody on the map yet."),
        loose=_("Not placed in the reporting lines"),
        attitudes={code: str(label) for code, label in Attitude.choices},
        strengths=strengths,
        discs={code: str(label) for code, label in Disc.choices},
        left=_("left"),
        no_owner=_("No owner on our side"),
        influence=_("Influence %(influence)s"),
        owner=_("Relationship owner: %(owner)s (%(strength)s)"),
        summary=_(
            "%(people)s people, %(lines)s reporting lines. The table lists everyone with the same details."
        ),
    )
    nodes = [_node(p, smap.internal) for p in smap.people]
    return charts.org_chart(nodes, {p.pk: p.reports_to_id for p in smap.people}, labels)


def _node(person: Stakeholder, internal: bool) -> charts.Node:
    owner = person.owner_tie
    return charts.Node(
        id=person.pk,
        name=person.name,
        title=person.title,
        attitude=person.attitude,
        influence=person.influence,
        role=person.decision_role_label,
        disc=person.disc if internal and person.disc in disc.GUIDANCE else "",
        has_left=person.has_left,
        owner_initials=owner.user.initials if owner else "",
        owner_name=str(owner.user) if owner else "",
        owner_strength=owner.strength if owner else None,
        href=person.url,
    )


def influence_grid_svg(smap: StakeholderMap) -> str:
    labels = charts.GridLabels(
        title=_("Influence and attitude"),
        x_axis=_("Attitude to us"),
        y_axis=_("Influence"),
        attitudes={
            Attitude.SCEPTIC: str(Attitude.SCEPTIC.label),
            Attitude.NEUTRAL: str(Attitude.NEUTRAL.label),
            Attitude.SUPPORTER: str(Attitude.SUPPORTER.label),
        },
        more=_("+%(count)s more"),
        cell=_("%(attitude)s, influence %(influence)s: %(names)s"),
        nobody=_("Nobody on the map yet."),
    )
    people = sorted(smap.present, key=lambda p: (-(p.best_tie.strength if p.best_tie else -1), p.name))
    points = [charts.GridPoint(p.name, p.influence, p.attitude, p.url) for p in people]
    return charts.influence_grid(points, labels)


def coverage_svg(smap: StakeholderMap) -> str:
    words = vocabulary()
    labels = charts.CoverageLabels(
        title=_("Our strongest relationship by function and level"),
        functions=words.functions,
        levels=words.levels,
        strengths=words.strengths,
        nobody=_("nobody mapped"),
        people=lambda count: ngettext("%(count)s person", "%(count)s people", count) % {"count": count},
        cell=_("%(function)s, %(level)s: %(strength)s"),
    )
    cells = gaps.coverage(smap.engine_people, smap.engine_ties, list(words.functions), list(words.levels))
    return charts.coverage_matrix(cells, labels)
