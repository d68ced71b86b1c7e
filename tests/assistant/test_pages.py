"""The Assistant tab, note summaries with review and accept, and drafts, through the client."""

import datetime

import pytest
from django.urls import reverse

from assistant.models import AssistantRun
from planning.models import Action
from risk.models import RiskItem

NOTES = """QBR with Nordfjord Energi
We agreed to extend the maintenance pilot to the Bergen site.
Kari is worried that the budget cuts may delay the rollout in the north.
Marte will send the revised offer next Friday.
Next step: a follow-up meeting with procurement in two weeks.
"""


@pytest.fixture
def summary(client, owner, account):
    client.force_login(owner)
    response = client.post(reverse("assistant:summarise", args=[account.pk]), {"notes": NOTES})
    assert response.status_code == 302
    return AssistantRun.objects.get(kind="summary")


def _item(run, kind):
    return next(item for item in run.items if item["kind"] == kind)


def test_tab_shows_patterns_with_their_figures(client, owner, account):
    client.force_login(owner)
    response = client.get(reverse("assistant:customer-assistant", args=[account.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Revenue is falling" in page and "−20.0%" in page
    assert "Kari Nordmann is a champion" in page
    assert "rule-based" not in page or "offline" in page


def test_summary_proposes_items_and_writes_nothing(summary, account):
    kinds = [item["kind"] for item in summary.items]
    assert kinds == ["decision", "risk", "task", "next_step"]
    task = _item(summary, "task")
    assert task["owner_name"] == "Marte Eide" and task["due_phrase"] == "next Friday"
    assert Action.objects.filter(plan__customer=account).count() == 1  # only the fixture's
    assert not RiskItem.objects.filter(customer=account).exists()
    assert summary.result["notices"][0]["kind"] == "rule_based"


def test_summary_page_says_it_is_rule_based(client, summary):
    page = client.get(summary.get_absolute_url()).content.decode()
    assert "rule-based assistant" in page
    assert "Marte will send the revised offer next Friday." in page


def test_accepting_a_task_adds_one_action_to_the_plan(client, summary, contributor, plan):
    task = _item(summary, "task")
    url = reverse("assistant:item-decide", args=[summary.pk, task["n"]])
    data = {
        "decision": "action",
        "version": summary.version,
        "title": "Send the revised offer",
        "owner": contributor.pk,
        "due": task["due"],
    }
    assert client.post(url, data).status_code == 302
    action = Action.objects.get(title="Send the revised offer")
    assert (action.plan, action.owner, action.due) == (
        plan,
        contributor,
        datetime.date.fromisoformat(task["due"]),
    )
    # The same form again (Back, or a second tab): refused, nothing added twice.
    again = client.post(url, data)
    assert again.status_code == 409
    assert Action.objects.filter(title="Send the revised offer").count() == 1


def test_accepting_a_risk_adds_it_to_the_register(client, summary, account):
    risk = _item(summary, "risk")
    url = reverse("assistant:item-decide", args=[summary.pk, risk["n"]])
    data = {
        "decision": "risk",
        "version": summary.version,
        "title": "Budget cuts delay the rollout",
        "likelihood": 4,
        "impact": 3,
    }
    assert client.post(url, data).status_code == 302
    item = RiskItem.objects.get(customer=account)
    assert (item.title, item.likelihood, item.impact) == ("Budget cuts delay the rollout", 4, 3)
    summary.refresh_from_db()
    assert _item(summary, "risk")["state"] == "accepted"


def test_dropping_writes_nothing(client, summary, account):
    decision = _item(summary, "decision")
    url = reverse("assistant:item-decide", args=[summary.pk, decision["n"]])
    assert client.post(url, {"decision": "drop", "version": summary.version}).status_code == 302
    summary.refresh_from_db()
    assert _item(summary, "decision")["state"] == "dropped"
    assert Action.objects.filter(plan__customer=account).count() == 1
    assert not RiskItem.objects.filter(customer=account).exists()


def test_an_action_without_owner_is_refused_with_a_message(client, summary):
    task = _item(summary, "task")
    url = reverse("assistant:item-decide", args=[summary.pk, task["n"]])
    response = client.post(
        url, {"decision": "action", "version": summary.version, "title": "Send", "owner": "", "due": ""}
    )
    assert response.status_code == 400
    assert "Choose who owns the action." in response.content.decode()
    assert not Action.objects.filter(title="Send").exists()


def test_a_viewer_cannot_summarise(client, viewer, account):
    client.force_login(viewer)
    response = client.post(reverse("assistant:summarise", args=[account.pk]), {"notes": NOTES})
    assert response.status_code == 403
    assert not AssistantRun.objects.exists()


@pytest.mark.parametrize(
    ("notes", "message"),
    [
        ("", "Paste or type the notes first"),
        ("x" * 1_048_576, "The notes are too long to summarise"),
    ],
)
def test_bad_notes_get_a_message_and_nothing_is_kept(client, owner, account, notes, message):
    client.force_login(owner)
    response = client.post(reverse("assistant:summarise", args=[account.pk]), {"notes": notes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AssistantRun.objects.exists()


def test_notes_in_a_fourth_language_get_a_notice(client, owner, account):
    client.force_login(owner)
    german = "Wir haben beschlossen, das Angebot bis Freitag zu schicken. Die Kunden sind zufrieden."
    response = client.post(reverse("assistant:summarise", args=[account.pk]), {"notes": german}, follow=True)
    assert "do not read like English, Norwegian or Swedish" in response.content.decode()
    assert AssistantRun.objects.get().items == []


def test_plan_summary_draft_is_written_in_the_users_language(client, owner, account):
    owner.language = "nb"
    owner.save()
    client.force_login(owner)
    response = client.post(reverse("assistant:draft", args=[account.pk, "plan_summary"]), follow=True)
    text = AssistantRun.objects.get(kind="plan_summary").result["text"]
    assert "kundeplan 2027" in text.casefold() and "omsetning" in text.casefold()
    assert "Sole supplier in the north" in text
    assert response.status_code == 200


def test_qbr_points_keep_margins_out_of_what_is_presented(client, owner, account):
    client.force_login(owner)
    client.post(reverse("assistant:draft", args=[account.pk, "qbr_points"]))
    text = AssistantRun.objects.get(kind="qbr_points").result["text"]
    presented = text.split("For you only")[0]
    assert "Results" in presented and "Book the QBR" in presented
    assert "margin" not in presented.casefold()


def test_follow_up_email_leaves_risks_out(client, summary):
    response = client.post(reverse("assistant:follow-up", args=[summary.pk]), follow=True)
    assert response.status_code == 200
    text = AssistantRun.objects.get(kind="follow_up").result["text"]
    assert "Marte will send the revised offer next Friday." in text
    assert "budget cuts" not in text


def test_another_persons_answer_is_not_found(client, contributor, summary):
    client.force_login(contributor)
    assert client.get(summary.get_absolute_url()).status_code == 404
