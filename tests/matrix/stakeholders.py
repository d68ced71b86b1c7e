"""Rows for the stakeholder map: the tab's pages, one person, relationships, contact log, gaps, data rights."""

from django.utils import timezone

from accounts.models import Interaction, NextStep, Relationship, Stakeholder
from tests.matrix import (
    ALL_405,
    FOREIGN_MANAGE,
    FOREIGN_VIEW,
    OWN_MANAGE,
    OWN_VIEW,
    Row,
    codes,
    customer_kwargs,
)

OWN_EDIT_GET = codes("302 404 403 200 200 403 404 200")
FOREIGN_EDIT_GET = codes("302 404 404 404 404 404 403 200")
OWN_EDIT_POST = codes("302 404 403 302 302 403 404 302")
FOREIGN_EDIT_POST = codes("302 404 404 404 404 404 403 302")
OWN_MANAGE_POST = codes("302 404 403 403 302 403 404 302")


def _person(target) -> Stakeholder:
    person, _ = Stakeholder.objects.get_or_create(
        customer=target,
        name="Kari Matrix",
        defaults={"level": "executive", "function": "top", "influence": 5},
    )
    return person


def person_kwargs(cast, target):
    return {"customer_id": target.pk, "stakeholder_id": _person(target).pk}


def relationship_kwargs(cast, target):
    person = _person(target)
    tie, _ = Relationship.objects.get_or_create(
        stakeholder=person, user=target.owner, defaults={"strength": 2}
    )
    return {"customer_id": target.pk, "stakeholder_id": person.pk, "relationship_id": tie.pk}


def step_kwargs(cast, target):
    step = NextStep.objects.create(
        customer=target, gap_key="function:top", kind="map_people", text="Map them"
    )
    return {"customer_id": target.pk, "step_id": step.pk}


def interaction_kwargs(cast, target):
    entry = Interaction.objects.create(customer=target, occurred_on=timezone.localdate(), summary="Call")
    entry.stakeholders.add(_person(target))
    return {"customer_id": target.pk, "interaction_id": entry.pk}


def person_data(cast, target):
    return {
        "name": "Ola Ny",
        "level": "management",
        "function": "finance",
        "influence": "3",
        "attitude": "neutral",
        "disc": "unknown",
    }


def _view(**overrides) -> Row:
    return Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405, **overrides
    )


def _edit_post(kwargs, data=lambda cast, target: {}) -> Row:
    return Row(
        kwargs=kwargs, post=OWN_EDIT_POST, foreign_get=ALL_405, foreign_post=FOREIGN_EDIT_POST, data=data
    )


def _manage_get(kwargs) -> Row:
    return Row(kwargs=kwargs, get=OWN_MANAGE, foreign_get=FOREIGN_MANAGE, foreign_post=ALL_405)


ROWS: dict[str, Row] = {
    "accounts:stakeholder-map": _view(),
    "accounts:gap-list": _view(),
    "accounts:interaction-list": _view(),
    "accounts:stakeholder-detail": Row(
        kwargs=person_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:stakeholder-create": Row(
        kwargs=customer_kwargs,
        get=OWN_EDIT_GET,
        post=OWN_EDIT_POST,
        foreign_get=FOREIGN_EDIT_GET,
        foreign_post=FOREIGN_EDIT_POST,
        data=person_data,
    ),
    "accounts:stakeholder-edit": Row(
        kwargs=person_kwargs,
        get=OWN_EDIT_GET,
        post=OWN_EDIT_POST,
        foreign_get=FOREIGN_EDIT_GET,
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: person_data(cast, target) | {"name": "Kari Matrix", "version": "1"},
    ),
    "accounts:stakeholder-export": _manage_get(person_kwargs),
    "accounts:stakeholder-export-json": _manage_get(person_kwargs),
    "accounts:stakeholder-erase": Row(
        kwargs=person_kwargs,
        get=OWN_MANAGE,
        post=OWN_MANAGE_POST,
        foreign_get=FOREIGN_MANAGE,
        foreign_post=codes("302 404 404 404 404 404 403 302"),
        data=lambda cast, target: {"confirm": "on"},
    ),
    "accounts:relationship-create": _edit_post(
        person_kwargs, lambda cast, target: {"user": target.owner_id, "strength": "3", "target": "3"}
    ),
    "accounts:relationship-delete": _edit_post(relationship_kwargs),
    "accounts:gap-step-create": _edit_post(customer_kwargs, lambda cast, target: {"gap": "function:top"}),
    "accounts:gap-step-close": _edit_post(step_kwargs, lambda cast, target: {"status": "done"}),
    "accounts:interaction-create": Row(
        kwargs=customer_kwargs,
        get=OWN_EDIT_GET,
        post=OWN_EDIT_POST,
        foreign_get=FOREIGN_EDIT_GET,
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: {
            "occurred_on": timezone.localdate().isoformat(),
            "kind": "call",
            "stakeholders": [_person(target).pk],
            "summary": "Talked about the renewal.",
        },
    ),
    "accounts:interaction-delete": _edit_post(interaction_kwargs),
}
