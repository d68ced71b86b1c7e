"""The stakeholder map through the client: people, bad input, relationships, contact log, gaps, reminders."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Event, Interaction, NextStep, Relationship, Stakeholder, StakeholderChange
from accounts.services import stakeholders as services
from accounts.tasks import remind_uninformed_stakeholders


def make_person(customer, name="Kari Nordmann", **fields) -> Stakeholder:
    fields.setdefault("level", "executive")
    fields.setdefault("function", "top")
    fields.setdefault("influence", 4)
    return Stakeholder.objects.create(customer=customer, name=name, **fields)


def form_data(**overrides) -> dict:
    data = {
        "name": "Kari Nordmann",
        "title": "CFO",
        "level": "executive",
        "function": "finance",
        "influence": "5",
        "attitude": "neutral",
        "disc": "unknown",
        "email": "",
        "phone": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def create_url(customer) -> str:
    return reverse("accounts:stakeholder-create", args=[customer.pk])


def edit_url(person) -> str:
    return reverse("accounts:stakeholder-edit", args=[person.customer_id, person.pk])


def gap_keys(client, customer) -> set[str]:
    response = client.get(reverse("accounts:gap-list", args=[customer.pk]))
    return {row.gap.key for row in [*response.context["rows"], *response.context["minor_rows"]]}


# --- People -------------------------------------------------------------------------------------
def test_contributor_adds_a_person_with_their_history_and_a_timeline_line(client, contributor, customer):
    client.force_login(contributor)
    response = client.post(create_url(customer), form_data(email="Kari@Example.org", phone="+47 912 34 567"))
    person = Stakeholder.objects.get(customer=customer)
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.email == "kari@example.org" and person.created_by == contributor
    assert set(StakeholderChange.objects.filter(stakeholder=person).values_list("field", flat=True)) == {
        "attitude",
        "influence",
    }
    event = Event.objects.get(customer=customer, kind="stakeholder.added")
    assert event.data == {"stakeholder": "Kari Nordmann", "stakeholder_id": person.pk}
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200 and "Kari Nordmann" in page.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "kari@", "Enter a valid email address."),
        ("phone", "call me maybe", "Enter a phone number with digits"),
        ("influence", "9", "Select a valid choice"),
        ("name", "   ", "This field is required."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(
    client, owner, customer, field, value, message
):
    client.force_login(owner)
    response = client.post(create_url(customer), form_data(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        not Stakeholder.objects.exists() and not Event.objects.filter(kind__startswith="stakeholder").exists()
    )


def test_a_reporting_circle_is_refused_with_a_message_and_nothing_changes(client, owner, customer):
    boss = make_person(customer, "Anne Sjef")
    middle = make_person(customer, "Bjørn Mellom", reports_to=boss)
    client.force_login(owner)
    data = form_data(name="Anne Sjef", function="top", reports_to=str(middle.pk), version=boss.version)
    response = client.post(edit_url(boss), data)
    assert response.status_code == 400
    assert "go round in a circle" in response.content.decode()
    assert "Anne Sjef → Bjørn Mellom → Anne Sjef" in response.content.decode()
    boss.refresh_from_db()
    assert boss.reports_to_id is None and boss.title == ""
    assert not Event.objects.filter(kind="stakeholder.updated").exists()
    with pytest.raises(ValidationError):
        services.stakeholder_update(stakeholder=boss, by=owner, version=boss.version, reports_to=boss)


def test_a_manager_at_another_customer_is_refused(client, owner, customer, foreign_customer):
    stranger = make_person(foreign_customer, "Johan Annan")
    client.force_login(owner)
    response = client.post(create_url(customer), form_data(reports_to=str(stranger.pk)))
    assert response.status_code == 400
    assert "Choose the manager among this customer" in response.content.decode()
    assert not Stakeholder.objects.filter(customer=customer).exists()
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(customer=customer, by=owner, name="Direct", reports_to=stranger)
    assert "reports_to" in error.value.message_dict
    assert not Stakeholder.objects.filter(customer=customer).exists()


def test_a_likely_duplicate_is_flagged_before_saving_and_can_be_confirmed(client, owner, customer):
    existing = make_person(customer, "Kari Nordmann", email="kari@example.org")
    client.force_login(owner)
    response = client.post(create_url(customer), form_data(name="kari  nordman"))
    assert response.status_code == 400
    assert "looks like someone already on the map" in response.content.decode()
    assert response.context["duplicates"] == [existing]
    same_mail = client.post(create_url(customer), form_data(name="K. N.", email="KARI@example.org"))
    assert same_mail.status_code == 400
    assert Stakeholder.objects.count() == 1
    confirmed = client.post(create_url(customer), form_data(name="kari  nordman", confirm_distinct="on"))
    assert confirmed.status_code == 302
    assert Stakeholder.objects.count() == 2


def test_html_and_script_in_notes_and_names_are_shown_inert(client, owner, customer):
    person = make_person(
        customer, "<b>Bold</b> Person", notes='<script>alert("x")</script>\n<img src=x onerror=alert(1)>'
    )
    client.force_login(owner)
    for url in (
        person.get_absolute_url(),
        reverse("accounts:customer-stakeholders", args=[customer.pk]),
        reverse("accounts:stakeholder-map", args=[customer.pk]),
        reverse("accounts:stakeholder-export", args=[customer.pk, person.pk]),
    ):
        body = client.get(url).content.decode()
        assert '<script>alert("x")' not in body and "<img src=x" not in body and "<b>Bold</b>" not in body
    assert "&lt;script&gt;" in client.get(person.get_absolute_url()).content.decode()


def test_marking_someone_as_left_keeps_the_role_and_asks_for_a_successor(client, owner, customer):
    person = make_person(customer, "Per Borte", title="CFO")
    client.force_login(owner)
    response = client.post(
        edit_url(person), form_data(name="Per Borte", title="CFO", has_left="on", version=1)
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.has_left and person.left_on == timezone.localdate()
    assert Event.objects.filter(kind="stakeholder.left", data__stakeholder_id=person.pk).exists()
    assert f"successor:{person.pk}" in gap_keys(client, customer)


def test_an_attitude_change_goes_to_the_history_and_the_timeline(owner, customer):
    person = make_person(customer)
    services.stakeholder_update(stakeholder=person, by=owner, version=1, attitude="supporter", influence=5)
    changes = list(
        StakeholderChange.objects.filter(stakeholder=person).values_list("field", "old_value", "new_value")
    )
    assert ("attitude", "neutral", "supporter") in changes and ("influence", "4", "5") in changes
    assert Event.objects.filter(kind="stakeholder.attitude_changed").count() == 1


def test_filters_narrow_the_table_and_htmx_gets_only_the_results(client, viewer, customer):
    make_person(customer, "Sara Skeptisk", attitude="sceptic")
    make_person(customer, "Sofie Støtte", attitude="supporter")
    client.force_login(viewer)
    url = reverse("accounts:customer-stakeholders", args=[customer.pk])
    response = client.get(url, {"attitude": "sceptic"})
    assert [p.name for p in response.context["people"]] == ["Sara Skeptisk"]
    Relationship.objects.create(
        stakeholder=Stakeholder.objects.get(name="Sara Skeptisk"), user=viewer, strength=2
    )
    unknown = client.get(url, {"strength": "0"})
    assert [p.name for p in unknown.context["people"]] == ["Sofie Støtte"]
    fragment = client.get(url, {"q": "sofie", "attitude": "nonsense"}, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert [p.name for p in fragment.context["people"]] == ["Sofie Støtte"]
    assert "HX-Request" in fragment["Vary"]


# --- Relationships and the gaps they close ---------------------------------------------------------
def test_a_strong_relationship_closes_the_coverage_gap_and_its_strength_has_a_history(
    client, owner, customer
):
    person = make_person(customer, "Anne Sjef", function="top", level="executive")
    client.force_login(owner)
    assert "function:top" in gap_keys(client, customer)
    url = reverse("accounts:relationship-create", args=[customer.pk, person.pk])
    client.post(url, {"user": owner.pk, "strength": "1", "target": "3", "is_owner": "on"})
    assert "function:top" in gap_keys(client, customer)
    response = client.post(
        url, {"user": owner.pk, "strength": "3", "target": "3", "is_owner": "on"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    keys = gap_keys(client, customer)
    assert "function:top" not in keys and "level:executive" not in keys
    history = StakeholderChange.objects.filter(stakeholder=person, field="strength").order_by("pk")
    assert [(c.old_value, c.new_value) for c in history] == [("", "1"), ("1", "3")]
    assert Event.objects.filter(kind="relationship.changed").count() == 1


def test_only_one_owner_per_stakeholder(owner, contributor, customer):
    person = make_person(customer)
    services.relationship_set(stakeholder=person, user=owner, by=owner, strength=2, target=3, is_owner=True)
    services.relationship_set(
        stakeholder=person, user=contributor, by=owner, strength=3, target=3, is_owner=True
    )
    assert list(
        Relationship.objects.filter(stakeholder=person, is_owner=True).values_list("user", flat=True)
    ) == [contributor.pk]


def test_a_relationship_holder_must_be_on_our_side_of_the_account(client, owner, customer, outsider):
    person = make_person(customer)
    client.force_login(owner)
    url = reverse("accounts:relationship-create", args=[customer.pk, person.pk])
    response = client.post(url, {"user": outsider.pk, "strength": "3", "target": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Choose someone on the account team" in response.content.decode()
    assert not Relationship.objects.exists()


# --- Contact log --------------------------------------------------------------------------------
def test_the_contact_log_moves_last_contacted_and_removing_an_entry_moves_it_back(
    client, contributor, customer
):
    person = make_person(customer)
    today = timezone.localdate()
    client.force_login(contributor)
    url = reverse("accounts:interaction-create", args=[customer.pk])
    for days_ago in (40, 3):
        data = {
            "occurred_on": (today - timedelta(days=days_ago)).isoformat(),
            "kind": "meeting",
            "stakeholders": [person.pk],
            "summary": "Lunch after the site visit.",
            "why_it_matters": "New production line next year.",
        }
        assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.last_contacted_on == today - timedelta(days=3)
    latest = Interaction.objects.get(occurred_on=today - timedelta(days=3))
    assert list(latest.our_people.all()) == [contributor]
    client.post(reverse("accounts:interaction-delete", args=[customer.pk, latest.pk]))
    person.refresh_from_db()
    assert person.last_contacted_on == today - timedelta(days=40)


def test_the_contact_log_refuses_future_dates_and_people_from_other_customers(
    client, owner, customer, foreign_customer
):
    stranger = make_person(foreign_customer, "Johan Annan")
    person = make_person(customer)
    client.force_login(owner)
    url = reverse("accounts:interaction-create", args=[customer.pk])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(
        url, {"occurred_on": future, "kind": "call", "stakeholders": [person.pk], "summary": "x"}
    )
    assert response.status_code == 400 and "cannot be in the future" in response.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(
        url, {"occurred_on": today, "kind": "call", "stakeholders": [stranger.pk], "summary": "x"}
    )
    assert response.status_code == 400 and "this customer" in response.content.decode()
    assert not Interaction.objects.exists()


# --- Next steps and reminders --------------------------------------------------------------------
def test_a_gap_stores_its_next_step_once_and_the_step_can_be_closed(client, owner, customer):
    person = make_person(customer, attitude="sceptic", influence=5)
    client.force_login(owner)
    url = reverse("accounts:gap-step-create", args=[customer.pk])
    for _ in range(2):
        client.post(url, {"gap": f"sceptic:{person.pk}"}, HTTP_HX_REQUEST="true")
    step = NextStep.objects.get()
    assert (step.kind, step.stakeholder, step.assignee) == ("plan_meeting", person, owner)
    assert "sceptical" in step.text
    page = client.get(reverse("accounts:gap-list", args=[customer.pk]))
    assert next(r for r in page.context["rows"] if r.gap.key == step.gap_key).step == step
    client.post(reverse("accounts:gap-step-close", args=[customer.pk, step.pk]), {"status": "done"})
    step.refresh_from_db()
    assert step.status == "done" and step.closed_at is not None
    assert client.post(url, {"gap": "no:such:gap"}).status_code == 302
    assert NextStep.objects.count() == 1


def test_people_not_informed_after_30_days_become_a_reminder_for_the_owner(client, owner, customer):
    old = make_person(customer, "Gammel Kontakt", created_at=timezone.now() - timedelta(days=31))
    make_person(customer, "Ny Kontakt", created_at=timezone.now() - timedelta(days=5))
    make_person(
        customer,
        "Informert",
        created_at=timezone.now() - timedelta(days=90),
        informed_on=timezone.localdate(),
    )
    assert remind_uninformed_stakeholders.delay().get() == 1
    assert remind_uninformed_stakeholders() == 0  # never twice while the step is open
    assert Event.objects.filter(kind="next_step.reminded", customer=customer).count() == 1
    step = NextStep.objects.get()
    assert (step.kind, step.stakeholder, step.assignee, step.gap_key) == (
        "inform",
        old,
        owner,
        f"inform:{old.pk}",
    )
    # The step reaches "Needs attention" through the reminder outbox, on the next sweep.
    from meetings.tasks import sweep

    sweep.delay()
    client.force_login(owner)
    home = client.get(reverse("accounts:home")).content.decode()
    assert "Needs attention" in home and "Gammel Kontakt was added 31 days ago" in home


def test_stakeholder_timeline_sentences_read_well(owner, customer):
    from accounts.timeline import describe

    person = make_person(customer, "Anne Sjef")
    services.relationship_set(stakeholder=person, user=owner, by=owner, strength=1, target=3)
    services.relationship_set(stakeholder=person, user=owner, by=owner, strength=3, target=3)
    sentences = [describe(e.kind, e.data) for e in Event.objects.order_by("pk")]
    assert sentences == [
        "recorded Ingrid Solberg's weak relationship with Anne Sjef",
        "changed Ingrid Solberg's relationship with Anne Sjef from weak to strong",
    ]


def test_the_table_is_paged_like_the_customer_list_and_keeps_its_filters(client, owner, customer):
    Stakeholder.objects.bulk_create(
        Stakeholder(customer=customer, name=f"Person {n:02d}", level="specialist", function="users")
        for n in range(60)
    )
    client.force_login(owner)
    url = reverse("accounts:customer-stakeholders", args=[customer.pk])
    first = client.get(url, {"level": "specialist"})
    assert len(first.context["page"].object_list) == 50 and first.context["query"] == "level=specialist"
    assert "?level=specialist&amp;page=2" in first.content.decode()
    second = client.get(url, {"level": "specialist", "page": "2"}, HTTP_HX_REQUEST="true")
    assert [p.name for p in second.context["page"].object_list][-1] == "Person 59"
