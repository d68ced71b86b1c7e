"""Personal data: DISC and personal notes stay with the account team; export; erasure leaves no trace."""

import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Event, Interaction, NextStep, Stakeholder, StakeholderChange
from accounts.services import stakeholders as services
from tests.accounts.test_stakeholders import make_person

NOTE_MARK = "Zq7-private-note-Zq7"


@pytest.fixture
def private_person(customer, owner):
    person = make_person(customer, "Tove Hemmelig", disc="red", notes=f"Allergic to small talk. {NOTE_MARK}")
    services.relationship_set(stakeholder=person, user=owner, by=owner, strength=3, target=3, is_owner=True)
    services.interaction_log(
        customer=customer,
        by=owner,
        occurred_on=timezone.localdate(),
        kind="meeting",
        summary="QBR",
        stakeholders=[person],
        our_people=[owner],
    )
    return person


def _pages(customer, person) -> list[str]:
    c, p = customer.pk, person.pk
    return [
        reverse("accounts:customer-stakeholders", args=[c]),
        reverse("accounts:customer-stakeholders", args=[c]) + "?disc=red",
        reverse("accounts:stakeholder-map", args=[c]),
        reverse("accounts:gap-list", args=[c]),
        reverse("accounts:interaction-list", args=[c]),
        reverse("accounts:stakeholder-detail", args=[c, p]),
        reverse("accounts:stakeholder-export", args=[c, p]),
        reverse("accounts:stakeholder-export-json", args=[c, p]),
        reverse("accounts:customer-timeline", args=[c]),
        reverse("accounts:customer-detail", args=[c]),
        reverse("accounts:home"),
    ]


def _leaks(body: str) -> list[str]:
    found = [
        word
        for word in (NOTE_MARK, "Red (dominant)", "disc-red", "disc_style", "personal_notes")
        if word in body
    ]
    return found + (["DISC guidance"] if "Meeting them" in body else [])


@pytest.mark.parametrize("role", ["leader", "admin_user"])
def test_disc_and_personal_notes_never_reach_anyone_outside_the_account_team(
    client, request, customer, private_person, role
):
    client.force_login(request.getfixturevalue(role))
    for url in _pages(customer, private_person):
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url, **headers)
            assert response.status_code in (200, 403), url
            assert _leaks(response.content.decode()) == [], (url, headers)


def test_the_admin_site_shows_no_disc_or_personal_notes(client, admin_user, private_person):
    client.force_login(admin_user)
    for url in (
        reverse("admin:accounts_stakeholder_changelist"),
        reverse("admin:accounts_stakeholder_change", args=[private_person.pk]),
    ):
        body = client.get(url).content.decode()
        assert NOTE_MARK not in body and 'name="disc"' not in body


@pytest.mark.parametrize("role", ["owner", "contributor", "viewer"])
def test_the_account_team_sees_disc_advice_and_notes(client, request, customer, private_person, role):
    client.force_login(request.getfixturevalue(role))
    body = client.get(private_person.get_absolute_url()).content.decode()
    assert NOTE_MARK in body and "Red: dominant" in body and "Presenting to them" in body
    assert "results first" in body.lower() or "start with the result" in body


def test_admins_export_without_internal_fields_and_the_owner_with_them(
    client, owner, admin_user, customer, private_person
):
    url = reverse("accounts:stakeholder-export-json", args=[customer.pk, private_person.pk])
    client.force_login(admin_user)
    withheld = json.loads(client.get(url).content)
    assert "disc_style" not in withheld["person"] and "withheld" in withheld
    client.force_login(owner)
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="tove-hemmelig-data.json"'
    record = json.loads(response.content)
    assert record["person"]["name"] == "Tove Hemmelig"
    assert record["person"]["personal_notes"].endswith(NOTE_MARK)
    assert record["relationships"][0]["strength"] == "Strong"
    assert [h["what"] for h in record["history"]].count("Relationship strength") == 1
    assert record["contact_log"][0]["what_happened"] == "QBR"
    assert any("Tove Hemmelig" in line["what"] for line in record["timeline"])
    page = client.get(reverse("accounts:stakeholder-export", args=[customer.pk, private_person.pk]))
    assert page.status_code == 200 and "Everything we hold about Tove Hemmelig" in page.content.decode()


# --- Erasure ----------------------------------------------------------------------------------------
MARK = "Xy9Erase"
FORMER = "Qp4Former"


def _text_columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                yield model, field


def _traces(mark: str) -> list[str]:
    """Every row of every table whose text, character or JSON column holds `mark` (any case)."""
    hits = []
    for model, field in _text_columns():
        for pk, value in model._base_manager.values_list("pk", field.attname):
            text = (
                json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value or "")
            )
            if mark.lower() in text.lower():
                hits.append(f"{model._meta.label}.{field.name} #{pk}")
    return hits


def test_erasure_leaves_no_trace_of_the_person_in_any_table(client, owner, contributor, customer):
    name = f"Erna {MARK}sen"
    person = services.stakeholder_create(
        customer=customer,
        by=owner,
        name=f"Erna {FORMER}",  # corrected below: the timeline keeps the first spelling
        title=f"Head of {MARK}",
        email=f"erna.{MARK.lower()}@example.org",
        phone="+47 900 11 222",
        level="executive",
        function="finance",
        disc="green",
        notes=f"Notes {MARK}",
        source=f"Card from {MARK}",
    )
    person = services.stakeholder_update(stakeholder=person, by=owner, version=person.version, name=name)
    other = services.stakeholder_create(
        customer=customer,
        by=owner,
        name="Olav Annen",
        level="management",
        function="top",
        notes=f"Works with {name}",
    )
    services.stakeholder_update(
        stakeholder=person, by=owner, version=person.version, attitude="sceptic", influence=5, has_left=True
    )
    services.relationship_set(
        stakeholder=person, user=contributor, by=owner, strength=2, target=3, is_owner=True
    )
    StakeholderChange.objects.create(
        stakeholder=person, field="attitude", old_value=MARK[:8], new_value=MARK[:8]
    )
    today = timezone.localdate()
    alone = services.interaction_log(
        customer=customer,
        by=owner,
        occurred_on=today,
        kind="call",
        summary=f"Call with {name}",
        why_it_matters=f"{MARK} matters",
        stakeholders=[person],
        our_people=[owner],
    )
    shared = services.interaction_log(
        customer=customer,
        by=owner,
        occurred_on=today,
        kind="meeting",
        summary=f"Met {name} and Olav {MARK}",
        why_it_matters=f"Because {MARK}",
        stakeholders=[person, other],
        our_people=[owner],
    )
    services.next_step_store(
        customer=customer,
        by=owner,
        gap_key=f"sceptic:{person.pk}",
        kind="plan_meeting",
        text=f"Meet {name}",
        stakeholder=person,
    )
    services.next_step_store(
        customer=customer,
        by=owner,
        gap_key="threads:theirs",
        kind="plan_meeting",
        text=f"{name} is our only strong contact",
    )
    LogEntry.objects.create(
        user=owner,
        content_type=ContentType.objects.get_for_model(Stakeholder),
        object_id=str(person.pk),
        object_repr=name,
        action_flag=CHANGE,
        change_message=f"Changed {MARK}",
    )
    assert len(_traces(MARK)) >= 12  # the marker really is everywhere before the erasure

    client.force_login(owner)
    url = reverse("accounts:stakeholder-erase", args=[customer.pk, person.pk])
    refused = client.post(url, {})
    assert refused.status_code == 400 and Stakeholder.objects.filter(pk=person.pk).exists()
    response = client.post(url, {"confirm": "on"})

    assert response.status_code == 302
    assert _traces(MARK) == [] and _traces(FORMER) == []
    assert _traces("erna.") == [] and _traces("900 11 222") == []
    assert not Interaction.objects.filter(pk=alone.pk).exists()
    shared.refresh_from_db()
    assert shared.redacted_at is not None and list(shared.stakeholders.all()) == [other]
    assert NextStep.objects.filter(gap_key="threads:theirs").exists()  # kept, without the name
    assert Event.objects.filter(kind="stakeholder.erased").exists()
    timeline = client.get(reverse("accounts:customer-timeline", args=[customer.pk])).content.decode()
    assert "a person whose data was erased" in timeline
