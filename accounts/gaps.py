"""The gap engine: where the stakeholder map leaves us exposed, each gap explained in words with the
next step that would close it. Plain values in and out, no ORM, so every rule is tested on its own.

A gap's `key` is stable for as long as the gap means the same thing ("stale:42"), so a next step
stored for it (`NextStep.gap_key`) can be matched to the gap on the next computation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts import generated

# Relationship strengths (the same numbers as Strength in the models).
NONE, WEAK, MEDIUM, STRONG = 0, 1, 2, 3
KEY_INFLUENCE = 4
KEY_ROLES = frozenset({"economic_buyer", "champion"})
DEFAULT_STALE_DAYS = 60
INFORM_AFTER_DAYS = 30
TOP_FUNCTION = "top"

# Next steps (the same codes as NextStep.Kind).
PLAN_MEETING = "plan_meeting"
ASSIGN_OWNER = "assign_owner"
MAP_PEOPLE = "map_people"
FIND_SUCCESSOR = "find_successor"
INTRODUCE_COLLEAGUE = "introduce_colleague"
INFORM = "inform"

HIGH, MEDIUM_SEVERITY, LOW = 3, 2, 1


@dataclass(frozen=True)
class Person:
    """One stakeholder, as the engine needs them."""

    id: int
    name: str
    level: str
    function: str
    influence: int = 3
    attitude: str = "neutral"
    decision_role: str = ""
    title: str = ""
    has_left: bool = False
    successor_id: int | None = None
    last_contacted: date | None = None
    added_on: date | None = None
    informed_on: date | None = None


@dataclass(frozen=True)
class Tie:
    """One of our people's relationship with one stakeholder."""

    stakeholder_id: int
    user_id: int
    user_name: str
    strength: int
    target: int = STRONG
    is_owner: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """The words for codes, already in the reader's language, in display order."""

    functions: Mapping[str, str]
    levels: Mapping[str, str]
    strengths: Mapping[int, str]


@dataclass(frozen=True)
class Gap:
    code: str
    key: str
    severity: int
    step: str
    text_kind: str  # a kind in `accounts.generated`: the sentence is worded when it is shown
    params: Mapping[str, object]
    stakeholder_id: int | None = None
    user_id: int | None = None

    @property
    def text(self) -> str:
        return generated.render(self.text_kind, self.params)


_kind = generated.register_kind


# Each sentence names codes (a function, a strength) by their code; `generated` words them.
NOBODY_IN_FUNCTION = _kind(
    "gap.nobody_in_function",
    _("Nobody in %(group)s is on the map yet: who there uses, pays for or decides on what we deliver?"),
)
NOBODY_AT_LEVEL = _kind(
    "gap.nobody_at_level", _("Nobody at %(group)s level is on the map yet: whom do we know there?")
)
UNKNOWN_IN_FUNCTION = _kind(
    "gap.unknown_in_function",
    ngettext_lazy(
        "No strong relationship in %(group)s: none of our people knows its %(count)d person on the map. "
        "Start with %(name)s.",
        "No strong relationship in %(group)s: none of our people knows its %(count)d people on the map. "
        "Start with %(name)s.",
        "count",
    ),
)
UNKNOWN_AT_LEVEL = _kind(
    "gap.unknown_at_level",
    ngettext_lazy(
        "No strong relationship at %(group)s level: none of our people knows the %(count)d person there. "
        "Start with %(name)s.",
        "No strong relationship at %(group)s level: none of our people knows the %(count)d people there. "
        "Start with %(name)s.",
        "count",
    ),
)
WEAK_IN_FUNCTION = _kind(
    "gap.weak_in_function",
    _(
        "No strong relationship in %(group)s: the best we have is %(user)s's %(strength)s "
        "relationship with %(name)s."
    ),
)
WEAK_AT_LEVEL = _kind(
    "gap.weak_at_level",
    _(
        "No strong relationship at %(group)s level: the best we have is %(user)s's %(strength)s "
        "relationship with %(name)s."
    ),
)
NO_STRONG = _kind(
    "gap.no_strong",
    _(
        "We have no strong relationship with anyone at the customer. Start with %(name)s, "
        "who has the most influence on the map."
    ),
)
OURS_SINGLE = _kind(
    "gap.single_threaded_ours",
    ngettext_lazy(
        "Our only strong relationship is held by %(user)s: if %(user)s is away or moves on, "
        "the account goes quiet. Introduce a colleague to the key people.",
        "All %(count)d strong relationships are held by %(user)s: if %(user)s is away or moves on, "
        "the account goes quiet. Introduce a colleague to the key people.",
        "count",
    ),
)
THEIRS_SINGLE = _kind(
    "gap.single_threaded_theirs",
    _(
        "%(name)s is our only strong contact at the customer: if they move on, we lose our way in. "
        "Build a strong relationship with one more person, e.g. %(next)s."
    ),
)
ONLY_CONTACT = _kind(
    "gap.only_contact",
    _("%(name)s is our only contact at the customer: map more of the people around them."),
)
SCEPTIC = _kind(
    "gap.sceptic",
    _(
        "%(name)s has influence %(influence)d of 5 and is sceptical of us: find out why, "
        "and meet them with someone they trust."
    ),
)
NEVER_CONTACTED = _kind(
    "gap.never_contacted",
    _("%(name)s is a key person and has never been contacted: nothing in the contact log."),
)
STALE = _kind(
    "gap.stale",
    ngettext_lazy(
        "%(name)s is a key person and has not been contacted for %(days)d day.",
        "%(name)s is a key person and has not been contacted for %(days)d days.",
        "days",
    ),
)
UNOWNED = _kind(
    "gap.unowned",
    _("Nobody on our side owns the relationship with %(name)s, a key person: assign an owner."),
)
NOT_INFORMED = _kind(
    "gap.not_informed",
    ngettext_lazy(
        "%(name)s was added %(days)d day ago and has not been told that we keep their details. "
        "Inform them, and note the date.",
        "%(name)s was added %(days)d days ago and has not been told that we keep their details. "
        "Inform them, and note the date.",
        "days",
    ),
)
BELOW_TARGET = _kind(
    "gap.below_target",
    _("%(user)s's relationship with %(name)s is %(strength)s; the target is %(target)s."),
)
NO_SUCCESSOR = _kind(
    "gap.no_successor",
    _("%(name)s has left and no successor is mapped: find out who now holds %(role)s."),
)
NO_SUCCESSOR_UNTITLED = _kind(
    "gap.no_successor_untitled",
    _("%(name)s has left and no successor is mapped: find out who now holds their role."),
)


def is_key(person: Person) -> bool:
    """A key person: much influence, or the one who pays or champions us."""
    return person.influence >= KEY_INFLUENCE or person.decision_role in KEY_ROLES


def find_gaps(
    people: Sequence[Person],
    ties: Iterable[Tie],
    words: Vocabulary,
    *,
    today: date,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> list[Gap]:
    """Every gap, the most serious first."""
    present = [p for p in people if not p.has_left]
    by_id = {p.id: p for p in people}
    ties = [t for t in ties if t.stakeholder_id in by_id]
    live_ties = [t for t in ties if not by_id[t.stakeholder_id].has_left]
    best = strongest_by_person(live_ties)
    gaps = [
        *_coverage(present, best, "function", words.functions),
        *_coverage(present, best, "level", words.levels),
        *_threads(present, live_ties, best),
        *_people_gaps(present, live_ties, today, stale_days),
        *_below_target(present, live_ties, by_id),
        *_left_without_successor(people),
    ]
    order = {code: index for index, code in enumerate(CODE_ORDER)}
    return sorted(gaps, key=lambda g: (-g.severity, order.get(g.code, 99), g.key))


CODE_ORDER = (
    "no_strong",
    "single_threaded_theirs",
    "single_threaded_ours",
    "sceptic",
    "function",
    "level",
    "no_successor",
    "stale",
    "unowned",
    "below_target",
    "not_informed",
)


def strongest_by_person(ties: Iterable[Tie]) -> dict[int, Tie]:
    """Each stakeholder's strongest tie to our side (the owner's wins a tie)."""
    best: dict[int, Tie] = {}
    for tie in ties:
        current = best.get(tie.stakeholder_id)
        if current is None or (tie.strength, tie.is_owner) > (current.strength, current.is_owner):
            best[tie.stakeholder_id] = tie
    return best


def coverage(
    people: Sequence[Person], ties: Iterable[Tie], functions: Sequence[str], levels: Sequence[str]
) -> dict[tuple[str, str], tuple[int | None, int]]:
    """(function, level) → (our strongest relationship there or None when nobody is mapped, people)."""
    best = strongest_by_person(ties)
    cells: dict[tuple[str, str], tuple[int | None, int]] = {
        (f, lv): (None, 0) for f in functions for lv in levels
    }
    for person in people:
        if person.has_left or (person.function, person.level) not in cells:
            continue
        strongest, count = cells[(person.function, person.level)]
        tie = best.get(person.id)
        strength = tie.strength if tie else NONE
        cells[(person.function, person.level)] = (max(strength, strongest or NONE), count + 1)
    return cells


def _coverage(
    present: Sequence[Person], best: Mapping[int, Tie], axis: str, names: Mapping[str, str]
) -> list[Gap]:
    gaps = []
    for code in names:
        group = [p for p in present if getattr(p, axis) == code]
        if any(best.get(p.id) and best[p.id].strength >= STRONG for p in group):
            continue
        severity = HIGH if code in {TOP_FUNCTION, "executive"} else MEDIUM_SEVERITY
        key = f"{axis}:{code}"
        # The group is stored as its code ("function:top") and worded when shown.
        group_code = f"{axis}:{code}"
        if not group:
            kind = NOBODY_IN_FUNCTION if axis == "function" else NOBODY_AT_LEVEL
            gaps.append(Gap(axis, key, severity, MAP_PEOPLE, kind, {"group": group_code}))
            continue
        target = max(group, key=lambda p: (p.influence, -p.id))
        tie = best.get(target.id)
        params: dict[str, object] = {"group": group_code, "count": len(group), "name": target.name}
        if tie is None:
            kind = UNKNOWN_IN_FUNCTION if axis == "function" else UNKNOWN_AT_LEVEL
        else:
            params |= {"strength": tie.strength, "user": tie.user_name}
            kind = WEAK_IN_FUNCTION if axis == "function" else WEAK_AT_LEVEL
        gaps.append(Gap(axis, key, severity, PLAN_MEETING, kind, params, stakeholder_id=target.id))
    return gaps


def _threads(present: Sequence[Person], ties: Sequence[Tie], best: Mapping[int, Tie]) -> list[Gap]:
    """Single-threaded: all strong ties on one of our people, or only one strong contact there."""
    if not present:
        return []
    strong = [t for t in ties if t.strength >= STRONG]
    by_influence = sorted(present, key=lambda p: (-p.influence, p.id))
    if not strong:
        target = by_influence[0]
        params = {"name": target.name}
        return [
            Gap("no_strong", "threads:none", HIGH, PLAN_MEETING, NO_STRONG, params, stakeholder_id=target.id)
        ]
    gaps = []
    holders = {t.user_id: t.user_name for t in strong}
    if len(holders) == 1:
        ((user_id, user_name),) = holders.items()
        params = {"count": len(strong), "user": user_name}
        gaps.append(
            Gap(
                "single_threaded_ours",
                "threads:ours",
                HIGH,
                INTRODUCE_COLLEAGUE,
                OURS_SINGLE,
                params,
                user_id=user_id,
            )
        )
    contacts = {t.stakeholder_id for t in strong}
    if len(contacts) == 1:
        (only,) = contacts
        only_name = next(p.name for p in present if p.id == only)
        others = [p for p in by_influence if p.id != only]
        params = {"name": only_name}
        if others:
            params["next"] = others[0].name
            kind = THEIRS_SINGLE
        else:
            kind = ONLY_CONTACT
        target = others[0].id if others else only
        gaps.append(
            Gap(
                "single_threaded_theirs",
                "threads:theirs",
                HIGH,
                PLAN_MEETING,
                kind,
                params,
                stakeholder_id=target,
            )
        )
    return gaps


def _people_gaps(present: Sequence[Person], ties: Sequence[Tie], today: date, stale_days: int) -> list[Gap]:
    owned = {t.stakeholder_id for t in ties if t.is_owner}
    gaps = []
    for person in present:
        name = {"name": person.name}
        if person.attitude == "sceptic" and person.influence >= KEY_INFLUENCE:
            params = name | {"influence": person.influence}
            gaps.append(
                Gap("sceptic", f"sceptic:{person.id}", HIGH, PLAN_MEETING, SCEPTIC, params, person.id)
            )
        if is_key(person):
            stale_key = f"stale:{person.id}"
            if person.last_contacted is None:
                gaps.append(
                    Gap("stale", stale_key, MEDIUM_SEVERITY, PLAN_MEETING, NEVER_CONTACTED, name, person.id)
                )
            elif (today - person.last_contacted).days > stale_days:
                params = name | {"days": (today - person.last_contacted).days}
                gaps.append(Gap("stale", stale_key, MEDIUM_SEVERITY, PLAN_MEETING, STALE, params, person.id))
            if person.id not in owned:
                gaps.append(
                    Gap(
                        "unowned",
                        f"owner:{person.id}",
                        MEDIUM_SEVERITY,
                        ASSIGN_OWNER,
                        UNOWNED,
                        name,
                        person.id,
                    )
                )
        if (
            person.informed_on is None
            and person.added_on is not None
            and (today - person.added_on).days > INFORM_AFTER_DAYS
        ):
            params = name | {"days": (today - person.added_on).days}
            gaps.append(
                Gap("not_informed", f"inform:{person.id}", LOW, INFORM, NOT_INFORMED, params, person.id)
            )
    return gaps


def _below_target(present: Sequence[Person], ties: Sequence[Tie], by_id: Mapping[int, Person]) -> list[Gap]:
    here = {p.id for p in present}
    gaps = []
    for tie in ties:
        if tie.stakeholder_id not in here or tie.strength >= tie.target:
            continue
        person = by_id[tie.stakeholder_id]
        params = {"user": tie.user_name, "name": person.name, "strength": tie.strength, "target": tie.target}
        severity = MEDIUM_SEVERITY if is_key(person) else LOW
        key = f"target:{tie.stakeholder_id}:{tie.user_id}"
        gaps.append(
            Gap(
                "below_target",
                key,
                severity,
                PLAN_MEETING,
                BELOW_TARGET,
                params,
                tie.stakeholder_id,
                tie.user_id,
            )
        )
    return gaps


def _left_without_successor(people: Sequence[Person]) -> list[Gap]:
    gaps = []
    for person in people:
        if not person.has_left or person.successor_id is not None:
            continue
        if person.title:
            kind, params = NO_SUCCESSOR, {"name": person.name, "role": person.title}
        else:
            kind, params = NO_SUCCESSOR_UNTITLED, {"name": person.name}
        severity = HIGH if is_key(person) else MEDIUM_SEVERITY
        gaps.append(
            Gap("no_successor", f"successor:{person.id}", severity, FIND_SUCCESSOR, kind, params, person.id)
        )
    return gaps
