"""No lost edits: when two people edit the same item, the second save is refused and shows both."""

import pytest
from django.urls import reverse

from planning.models import Goal, WhiteSpaceCell

pytestmark = pytest.mark.django_db


def goal_data(title, version):
    return {"kind": "strategic", "title": title, "progress_entered": 30, "version": version}


def test_the_second_save_of_the_same_goal_is_refused_with_both_versions(client, owner, contributor, goal):
    url = reverse("planning:goal-edit", args=[goal.pk])
    client.force_login(contributor)
    assert client.post(url, goal_data("Sole supplier in the north and west", 1)).status_code == 302

    client.force_login(owner)
    r = client.post(url, goal_data("Sole supplier in all of Norway", 1))

    body = r.content.decode()
    assert r.status_code == 409
    assert "Someone else saved this while you were editing" in body
    assert "Sole supplier in the north and west" in body and "Sole supplier in all of Norway" in body
    assert 'name="version" value="2"' in body
    goal.refresh_from_db()
    assert goal.title == "Sole supplier in the north and west" and goal.version == 2


def test_saving_again_after_seeing_the_conflict_keeps_the_new_text(client, owner, goal):
    url = reverse("planning:goal-edit", args=[goal.pk])
    Goal.objects.filter(pk=goal.pk).update(title="Theirs", version=2)
    client.force_login(owner)
    assert client.post(url, goal_data("Mine", 1)).status_code == 409
    assert client.post(url, goal_data("Mine", 2)).status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Mine", 3)


def test_saving_an_item_someone_removed_meanwhile_is_refused_and_writes_nothing(owner, goal):
    from planning import services

    Goal.objects.filter(pk=goal.pk).delete()
    with pytest.raises(services.EditConflict) as refused:
        services.goal_update(goal=goal, by=owner, version=1, title="Mine")
    assert refused.value.current is None
    assert not Goal.objects.exists()


def test_a_stale_action_save_is_refused(client, owner, contributor, action):
    url = reverse("planning:action-edit", args=[action.pk])
    data = {"title": "Book the QBR", "owner": owner.pk, "due": "2027-03-01", "status": "open", "version": 1}
    client.force_login(contributor)
    assert client.post(url, data | {"status": "in_progress"}).status_code == 302
    client.force_login(owner)
    r = client.post(url, data | {"title": "Book the QBR in March"})
    assert r.status_code == 409
    action.refresh_from_db()
    assert (action.title, action.status) == ("Book the QBR", "in_progress")


def test_two_people_filling_in_the_same_white_space_cell(
    client, owner, contributor, customer, catalogue, units, plan
):
    url = reverse("planning:whitespace-cell", args=[customer.pk, catalogue[0].pk, units[0].pk])
    data = {"status": "open", "current_revenue": "0", "potential": "500000", "confidence": 2, "version": 0}
    client.force_login(contributor)
    assert client.post(url, data).status_code == 302
    client.force_login(owner)
    r = client.post(url, data | {"potential": "900000"})
    assert r.status_code == 409 and "500000" in r.content.decode()
    assert WhiteSpaceCell.objects.get().potential == 500000
