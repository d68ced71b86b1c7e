"""Scoring and selection: the arithmetic, the scores form, decisions, criteria, the lists and the chart."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts import scoring
from accounts.charts import quadrant
from accounts.models import Criterion, Customer, Event, Score, SelectionDecision
from tests.factories import CustomerFactory, UserFactory

W = scoring.CriterionWeight


# --- The arithmetic (no database) ------------------------------------------------------------------
def test_weighted_score_is_the_weighted_mean_of_the_scored_criteria():
    criteria = [W(1, 20), W(2, 10), W(3, 10)]
    assert scoring.weighted_score(criteria, {1: 5, 2: 3, 3: 1}) == pytest.approx((100 + 30 + 10) / 40)


def test_unscored_inactive_and_zero_weight_criteria_do_not_count():
    criteria = [W(1, 20), W(2, 10, active=False), W(3, 0), W(4, 30)]
    assert scoring.weighted_score(criteria, {1: 4, 2: 1, 3: 1}) == 4


def test_no_weights_or_no_scores_give_no_score_instead_of_dividing_by_zero():
    assert scoring.weighted_score([], {1: 3}) is None
    assert scoring.weighted_score([W(1, 0), W(2, 0)], {1: 3, 2: 5}) is None
    assert scoring.weighted_score([W(1, 10)], {}) is None
    evaluation = scoring.evaluate([], {})
    assert (evaluation.weighted, evaluation.quadrant, evaluation.completeness) == (None, None, None)


def test_completeness_counts_the_active_criteria_that_are_scored():
    criteria = [W(1, 10), W(2, 10), W(3, 10, active=False)]
    assert scoring.completeness(criteria, {1: 2, 3: 4}) == (1, 2)
    assert scoring.evaluate(criteria, {1: 2, 2: 4}).complete


@pytest.mark.parametrize(
    ("attractiveness", "position", "expected"),
    [
        (4.5, 4.0, scoring.DEVELOP),
        (4.5, 2.0, scoring.INVEST),
        (2.0, 4.0, scoring.MAINTAIN),
        (1.5, 2.9, scoring.SERVE),
        (3.0, 3.0, scoring.DEVELOP),  # the midpoint counts as high
    ],
)
def test_quadrant_placement_on_the_two_by_two(attractiveness, position, expected):
    assert scoring.quadrant(attractiveness, position) == expected


def test_a_customer_scored_on_one_axis_only_has_no_quadrant():
    criteria = [W(1, 10, scoring.ATTRACTIVENESS), W(2, 10, scoring.POSITION)]
    evaluation = scoring.evaluate(criteria, {1: 5})
    assert (evaluation.attractiveness, evaluation.position, evaluation.quadrant) == (5, None, None)


def test_axis_scores_are_weighted_within_each_axis():
    criteria = [
        W(1, 30, scoring.ATTRACTIVENESS),
        W(2, 10, scoring.ATTRACTIVENESS),
        W(3, 10, scoring.POSITION),
    ]
    evaluation = scoring.evaluate(criteria, {1: 4, 2: 2, 3: 1})
    assert evaluation.attractiveness == pytest.approx(3.5)
    assert evaluation.position == 1
    assert evaluation.quadrant == scoring.INVEST


# Correctness, not speed: no per-example deadline, so a busy machine cannot fail it.
@hypothesis_settings(deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 100), st.integers(1, 5), st.booleans(), st.booleans()),
        min_size=0,
        max_size=12,
    )
)
def test_the_weighted_score_always_lies_between_the_lowest_and_highest_counted_score(rows):
    criteria = [W(i, weight, active=active) for i, (weight, _, active, _) in enumerate(rows)]
    values = {i: value for i, (_, value, _, scored) in enumerate(rows) if scored}
    counted = [values[c.id] for c in criteria if c.active and c.weight > 0 and c.id in values]
    result = scoring.weighted_score(criteria, values)
    if not counted:
        assert result is None
    else:
        assert min(counted) - 1e-9 <= result <= max(counted) + 1e-9


# --- The chart (no database) -----------------------------------------------------------------------
def _labels() -> quadrant.Labels:
    names = {code: code.title() for code in scoring.QUADRANTS}
    return quadrant.Labels(title="Matrix & more", x_axis="Position", y_axis="Attractiveness", quadrants=names)


def test_the_chart_escapes_names_and_is_well_formed_svg():
    points = [
        quadrant.Point(
            name="<script>&", attractiveness=4, position=4, quadrant="Develop", href="/c/1/?a=1&b=2"
        ),
        quadrant.Point(name="Ærø Sjømat AS", attractiveness=2, position=1.5, quadrant="Serve"),
    ]
    svg = quadrant.render(points, _labels())
    assert "<script" not in svg
    assert "&lt;script&gt;&amp;" in svg
    assert "Ærø Sjømat AS" in svg
    assert "style=" not in svg and "<style" not in svg  # the page's CSP would block both
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output, not untrusted data
    assert root.get("role") == "img"
    description = root.find("{http://www.w3.org/2000/svg}desc").text
    assert "<script>&: Develop" in description and "Ærø Sjømat AS: Serve" in description


def test_the_chart_stays_readable_with_many_customers():
    points = [
        quadrant.Point(
            name=f"Kunde {i} AS", attractiveness=1 + (i % 9) / 2, position=1 + (i % 7) / 1.5, quadrant="X"
        )
        for i in range(60)
    ]
    svg = quadrant.render(points, _labels(), label_top=12)
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output, not untrusted data
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f".//{ns}circle/{ns}title")) == 60  # every dot has a hover text
    names = root.find(f".//{ns}g[@class='names']")
    assert 0 < len(names) <= 12


# --- Scores -----------------------------------------------------------------------------------------
def _criteria() -> list[Criterion]:
    return list(Criterion.objects.filter(active=True).order_by("order", "name"))


def _score_data(values: dict[str, int], rationale: str = "", customer=None) -> dict:
    """What the scores form sends; with `customer`, the versions of their scores as the form read them."""
    data = {}
    if customer is not None:
        read = Score.objects.filter(customer=customer).values_list("criterion_id", "version")
        data = {f"version_{pk}": str(version) for pk, version in read}
    for criterion in _criteria():
        value = values.get(criterion.name)
        data[f"score_{criterion.pk}"] = str(value) if value else ""
        data[f"rationale_{criterion.pk}"] = rationale if value else ""
    return data


def test_the_default_criteria_are_there_on_a_fresh_install(db):
    names = {c.name for c in _criteria()}
    assert {
        "Revenue",
        "Margin",
        "Growth potential",
        "Strategic importance",
        "Willingness to partner",
    } <= names
    assert all(c.anchor_1 and c.anchor_5 for c in _criteria())


def test_owner_scores_a_customer_and_each_change_reaches_the_timeline(client, owner, customer):
    client.force_login(owner)
    url = reverse("accounts:customer-scores", args=[customer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _score_data({"Revenue": 3, "Margin": 4}, "Big framework agreement"))
    assert response["Location"] == reverse("accounts:customer-selection", args=[customer.pk])
    assert Score.objects.filter(customer=customer).count() == 2

    client.post(url, _score_data({"Revenue": 4, "Margin": 4}, "Big framework agreement", customer))
    revenue = Score.objects.get(customer=customer, criterion__name="Revenue")
    assert (revenue.value, revenue.scored_by, revenue.rationale) == (4, owner, "Big framework agreement")
    changed = Event.objects.get(customer=customer, kind="score.changed")
    assert changed.data == {"criterion": "Revenue", "value": 4, "was": 3}
    assert Event.objects.filter(customer=customer, kind="score.added").count() == 2
    timeline = client.get(reverse("accounts:customer-timeline", args=[customer.pk])).content.decode()
    assert "scored Revenue 4 (was 3)" in timeline


def test_saving_unchanged_scores_writes_nothing(client, owner, customer):
    client.force_login(owner)
    url = reverse("accounts:customer-scores", args=[customer.pk])
    client.post(url, _score_data({"Revenue": 3}))
    before = Event.objects.count()
    client.post(url, _score_data({"Revenue": 3}, customer=customer))
    assert Event.objects.count() == before


def test_a_score_outside_one_to_five_is_refused_and_nothing_is_written(client, owner, customer):
    client.force_login(owner)
    data = _score_data({"Revenue": 3})
    data[f"score_{_criteria()[1].pk}"] = "7"
    response = client.post(reverse("accounts:customer-scores", args=[customer.pk]), data)
    assert response.status_code == 400
    assert "Choose a score from 1 to 5" in response.content.decode()
    assert not Score.objects.exists()
    assert not Event.objects.filter(kind__startswith="score.").exists()


def test_contributor_and_viewer_may_not_score(client, contributor, viewer, customer):
    for person in (contributor, viewer):
        client.force_login(person)
        response = client.post(
            reverse("accounts:customer-scores", args=[customer.pk]), _score_data({"Revenue": 5})
        )
        assert response.status_code == 403
    assert not Score.objects.exists()


def test_a_deactivated_criterion_keeps_its_scores_but_no_longer_counts(client, owner, leader, customer):
    client.force_login(owner)
    client.post(
        reverse("accounts:customer-scores", args=[customer.pk]), _score_data({"Revenue": 5, "Margin": 1})
    )
    margin = Criterion.objects.get(name="Margin")
    Criterion.objects.filter(pk=margin.pk).update(active=False)
    page = client.get(reverse("accounts:customer-selection", args=[customer.pk])).content.decode()
    assert Score.objects.filter(customer=customer, criterion=margin).exists()
    assert "5.00" in page  # the weighted score is Revenue's alone now
    assert "no longer in use" in page


def test_the_selection_tab_shows_scores_rationale_and_who_scored(client, owner, viewer, customer):
    client.force_login(owner)
    client.post(
        reverse("accounts:customer-scores", args=[customer.pk]), _score_data({"Revenue": 4}, "Top ten")
    )
    client.force_login(viewer)
    response = client.get(reverse("accounts:customer-selection", args=[customer.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Top ten" in page and "Ingrid Solberg" in page
    assert 'aria-current="page">Selection' in page
    assert reverse("accounts:customer-scores", args=[customer.pk]) not in page  # the viewer cannot score


# --- Decisions --------------------------------------------------------------------------------------
def _decide(client, customer, kind="make_key", reason="Top of the ranking; agreed with the KAM.", **extra):
    return client.post(
        reverse("accounts:decision-create", args=[customer.pk]), {"kind": kind, "reason": reason}, **extra
    )


def test_leader_makes_a_candidate_a_key_account(client, owner, leader, customer):
    Customer.objects.filter(pk=customer.pk).update(status=Customer.Status.CANDIDATE)
    client.force_login(owner)
    client.post(reverse("accounts:customer-scores", args=[customer.pk]), _score_data({"Revenue": 4}))
    client.force_login(leader)
    response = _decide(client, customer)
    assert response["Location"] == reverse("accounts:customer-selection", args=[customer.pk])
    customer.refresh_from_db()
    assert customer.status == Customer.Status.KEY
    decision = SelectionDecision.objects.get(customer=customer)
    assert (decision.previous_status, decision.new_status, decision.decided_by) == (
        "candidate",
        "key",
        leader,
    )
    assert decision.weighted_score == 4
    event = Event.objects.get(customer=customer, kind="selection.decided")
    assert event.actor == leader
    page = client.get(response["Location"]).content.decode()
    assert "Decision recorded" in page
    assert "Top of the ranking; agreed with the KAM." in page
    assert (
        "decided “Make key account” (Candidate → Key account)"
        in client.get(reverse("accounts:customer-timeline", args=[customer.pk])).content.decode()
    )


@pytest.mark.parametrize("role", ["viewer", "contributor", "owner"])
def test_only_leaders_and_admins_decide(client, cast, role):
    client.force_login(cast.role(role))
    assert _decide(client, cast.customer, kind="retire").status_code == 403
    assert not SelectionDecision.objects.exists()


def test_another_teams_leader_cannot_learn_the_customer_exists(client, other_leader, customer):
    client.force_login(other_leader)
    assert _decide(client, customer).status_code == 404
    assert not SelectionDecision.objects.exists()


def test_a_decision_without_a_reason_is_refused_with_a_message(client, leader, customer):
    Customer.objects.filter(pk=customer.pk).update(status=Customer.Status.CANDIDATE)
    client.force_login(leader)
    response = _decide(client, customer, reason="   ")
    assert response.status_code == 400
    assert "a decision needs a reason" in response.content.decode()
    customer.refresh_from_db()
    assert customer.status == Customer.Status.CANDIDATE
    assert not SelectionDecision.objects.exists()
    assert not Event.objects.filter(kind="selection.decided").exists()


def test_an_unknown_decision_is_refused(client, leader, customer):
    client.force_login(leader)
    assert _decide(client, customer, kind="promote").status_code == 400
    assert not SelectionDecision.objects.exists()


@override_settings(SELECTION_KEY_ACCOUNTS_PER_KAM=1, SELECTION_KEY_ACCOUNTS_TOTAL=50)
def test_a_kam_above_the_ceiling_is_a_warning_not_a_refusal(client, owner, leader, customer, team_a):
    candidate = CustomerFactory(
        name="Fosen Bygg AS", owner=owner, team=team_a, status=Customer.Status.CANDIDATE
    )
    client.force_login(leader)
    page = client.get(reverse("accounts:customer-selection", args=[candidate.pk])).content.decode()
    assert "Ingrid Solberg will hold 2 key accounts; the agreed ceiling is 1 per KAM" in page
    response = _decide(client, candidate, follow=True)
    assert (
        "Ingrid Solberg now holds 2 key accounts; the agreed ceiling is 1 per KAM"
        in response.content.decode()
    )
    candidate.refresh_from_db()
    assert candidate.status == Customer.Status.KEY


@override_settings(SELECTION_KEY_ACCOUNTS_TOTAL=1)
def test_the_calibration_board_warns_about_the_organisations_ceiling(
    client, leader, customer, foreign_customer
):
    client.force_login(leader)
    page = client.get(reverse("accounts:calibration")).content.decode()
    assert "The organisation has 2 key accounts; the ceiling is 1." in page


def test_a_decision_on_the_calibration_board_returns_the_updated_row(client, leader, customer):
    Customer.objects.filter(pk=customer.pk).update(status=Customer.Status.CANDIDATE)
    client.force_login(leader)
    response = client.post(
        reverse("accounts:decision-create", args=[customer.pk]),
        {"kind": "make_key", "reason": "Agreed in calibration", "origin": "calibration"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith("<tbody") and "<html" not in body
    assert "Key account" in body
    assert response["HX-Trigger"] == "selection-decided"
    assert "HX-Request" in response["Vary"]
    customer.refresh_from_db()
    assert customer.status == Customer.Status.KEY


def test_a_refused_decision_on_the_board_shows_its_error_in_the_row(client, leader, customer):
    client.force_login(leader)
    response = client.post(
        reverse("accounts:decision-create", args=[customer.pk]),
        {"kind": "decline", "reason": "", "origin": "calibration"},
        HTTP_HX_REQUEST="true",
    )
    assert "a decision needs a reason" in response.content.decode()
    assert not SelectionDecision.objects.exists()


def test_without_htmx_the_board_decision_redirects_back_to_the_board(client, leader, customer):
    client.force_login(leader)
    response = client.post(
        reverse("accounts:decision-create", args=[customer.pk]),
        {"kind": "keep_candidate", "reason": "Pilot first", "origin": "calibration"},
    )
    assert response["Location"] == reverse("accounts:calibration")


# --- Next step --------------------------------------------------------------------------------------
def test_owner_sets_the_candidates_next_step(client, owner, customer):
    Customer.objects.filter(pk=customer.pk).update(status=Customer.Status.CANDIDATE)
    client.force_login(owner)
    target = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("accounts:candidate-next-step", args=[customer.pk]),
        {"next_step": "Pilot in Bergen", "target_date": target.isoformat(), "version": 1},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.next_step, customer.target_date) == ("Pilot in Bergen", target)
    assert "Pilot in Bergen" in client.get(response["Location"]).content.decode()


def test_a_target_date_in_the_past_is_refused(client, owner, customer):
    client.force_login(owner)
    past = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("accounts:candidate-next-step", args=[customer.pk]),
        {"next_step": "Pilot", "target_date": past.isoformat()},
    )
    assert response.status_code == 400
    assert "The target date has passed" in response.content.decode()
    customer.refresh_from_db()
    assert (customer.next_step, customer.target_date) == ("", None)


def test_future_key_accounts_flags_overdue_candidates(client, leader, owner, team_a):
    today = timezone.localdate()
    CustomerFactory(
        name="Late AS", owner=owner, team=team_a, status="candidate", target_date=today - timedelta(days=3)
    )
    CustomerFactory(
        name="Soon AS", owner=owner, team=team_a, status="candidate", target_date=today + timedelta(days=3)
    )
    client.force_login(leader)
    page = client.get(reverse("accounts:future-key-accounts")).content.decode()
    assert page.index("Late AS") < page.index("Soon AS")
    assert "1 overdue" in page and 'class="overdue"' in page


# --- Criteria ---------------------------------------------------------------------------------------
def _criterion_data(**overrides) -> dict:
    data = {
        "name": "Share of wallet",
        "description": "How much of their spend in our categories is ours.",
        "weight": "10",
        "axis": "position",
        "anchor_1": "Under 10 %",
        "anchor_2": "10–25 %",
        "anchor_3": "25–50 %",
        "anchor_4": "50–75 %",
        "anchor_5": "Over 75 %",
        "active": "on",
        "order": "80",
    }
    return data | overrides


def test_a_kam_may_not_manage_criteria(client, owner):
    client.force_login(owner)
    assert client.get(reverse("accounts:criteria-list")).status_code == 403
    assert client.post(reverse("accounts:criterion-create"), _criterion_data()).status_code == 403
    assert not Criterion.objects.filter(name="Share of wallet").exists()


def test_leader_adds_a_criterion(client, leader):
    client.force_login(leader)
    response = client.post(reverse("accounts:criterion-create"), _criterion_data())
    assert response["Location"] == reverse("accounts:criteria-list")
    assert Criterion.objects.get(name="Share of wallet").axis == "position"


def test_a_weight_of_150_is_refused_with_a_message(client, leader):
    client.force_login(leader)
    response = client.post(reverse("accounts:criterion-create"), _criterion_data(weight="150"))
    assert response.status_code == 400
    assert "The weight must be a whole number from 0 to 100." in response.content.decode()
    assert not Criterion.objects.filter(name="Share of wallet").exists()


def test_editing_a_criterion_can_take_it_out_of_use(client, admin_user):
    revenue = Criterion.objects.get(name="Revenue")
    client.force_login(admin_user)
    data = _criterion_data(name="Revenue", weight="25", version=revenue.version)
    del data["active"]
    response = client.post(reverse("accounts:criterion-edit", args=[revenue.pk]), data)
    assert response.status_code == 302
    revenue.refresh_from_db()
    assert (revenue.weight, revenue.active) == (25, False)


def test_a_duplicate_criterion_name_is_refused(client, leader):
    client.force_login(leader)
    response = client.post(reverse("accounts:criterion-create"), _criterion_data(name="Revenue"))
    assert response.status_code == 400
    assert Criterion.objects.filter(name="Revenue").count() == 1


# --- Ranking and calibration: constant queries ------------------------------------------------------
def _add_scored_customers(owner, team, count: int, status: str = "candidate") -> None:
    start = Customer.objects.count()
    Customer.objects.bulk_create(
        [
            Customer(name=f"Kunde {start + i:04d} AS", owner=owner, team=team, status=status)
            for i in range(count)
        ]
    )
    customers = Customer.objects.filter(name__startswith="Kunde ").order_by("-pk")[:count]
    Score.objects.bulk_create(
        [
            Score(customer=c, criterion=criterion, value=1 + (c.pk + criterion.pk) % 5)
            for c in customers
            for criterion in _criteria()
        ]
    )


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


@pytest.mark.parametrize(
    "url_name", ["accounts:ranking", "accounts:calibration", "accounts:future-key-accounts"]
)
def test_selection_lists_cost_the_same_queries_for_10_and_200_customers(
    client, leader, owner, team_a, url_name
):
    client.force_login(leader)
    _add_scored_customers(owner, team_a, 10)
    small, _ = _queries(client, reverse(url_name))
    _add_scored_customers(owner, team_a, 190)
    large, _ = _queries(client, reverse(url_name))
    assert small == large
    assert large <= 15


def test_the_ranking_orders_by_weighted_score_and_pages_by_fifty(client, leader, owner, team_a):
    _add_scored_customers(owner, team_a, 60)
    client.force_login(leader)
    response = client.get(reverse("accounts:ranking"))
    rows = response.context["page"].object_list
    assert len(rows) == 50
    scores = [row.evaluation.weighted for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert "60 customers" in response.content.decode()


def test_ranking_filters_by_status_and_ignores_nonsense(client, leader, owner, team_a, customer):
    _add_scored_customers(owner, team_a, 3, status="prospect")
    client.force_login(leader)
    rows = client.get(reverse("accounts:ranking"), {"status": "key"}).context["page"].object_list
    assert [row.name for row in rows] == ["Nordfjord Energi AS"]
    response = client.get(reverse("accounts:ranking"), {"status": "nonsense", "team": "x"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4


def test_the_ranking_shows_only_customers_the_user_may_see(client, owner, customer, foreign_customer):
    client.force_login(owner)
    page = client.get(reverse("accounts:ranking")).content.decode()
    assert "Nordfjord Energi AS" in page and "Mälarkraft AB" not in page
    assert reverse("accounts:calibration") not in page  # a KAM has no calibration link


def test_a_hostile_customer_name_is_escaped_in_the_chart_on_the_page(client, owner, team_a):
    CustomerFactory(name="<script>&", owner=owner, team=team_a)
    hostile = Customer.objects.get(name="<script>&")
    Score.objects.bulk_create([Score(customer=hostile, criterion=c, value=4) for c in _criteria()])
    client.force_login(owner)
    page = client.get(reverse("accounts:ranking")).content.decode()
    assert "<script>&" not in page
    assert "&lt;script&gt;&amp;" in page


def test_an_htmx_ranking_request_gets_only_the_results(client, owner, customer):
    client.force_login(owner)
    response = client.get(reverse("accounts:ranking"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.startswith('<div id="ranking-results">') and "<html" not in body


def test_the_subnavigation_shows_leaders_every_selection_page(client, leader):
    client.force_login(leader)
    page = client.get(reverse("accounts:ranking")).content.decode()
    for name in ("accounts:calibration", "accounts:future-key-accounts", "accounts:criteria-list"):
        assert reverse(name) in page


def test_a_kam_outside_every_team_still_gets_an_empty_ranking(client, db):
    client.force_login(UserFactory())
    response = client.get(reverse("accounts:ranking"))
    assert response.status_code == 200
    assert "No customers match" in response.content.decode()


def test_an_overdue_target_date_may_stay_while_the_text_is_edited(client, owner, customer):
    past = timezone.localdate() - timedelta(days=10)
    Customer.objects.filter(pk=customer.pk).update(status="candidate", next_step="Pilot", target_date=past)
    client.force_login(owner)
    response = client.post(
        reverse("accounts:candidate-next-step", args=[customer.pk]),
        {"next_step": "Pilot, extended by a month", "target_date": past.isoformat(), "version": 1},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.next_step, customer.target_date) == ("Pilot, extended by a month", past)


def test_one_rounding_rule_for_scores():
    from accounts.numbers import format_score, round_score

    assert str(round_score(4.25)) == "4.3" and str(round_score(4.35)) == "4.4"
    assert format_score(4.25) == "4.3" and format_score(None) == "–"
    assert format_score(4.125, 2) == "4.13"


def test_a_score_reads_the_same_in_the_ranking_table_and_the_matrix_tooltip(client, owner, team_a):
    """Attractiveness 4.25 is 4,3 in the table and in the chart's tooltip (it was 4,3 and 4,2)."""
    attractive = [c for c in _criteria() if c.axis == "attractiveness"]
    Criterion.objects.filter(pk__in=[c.pk for c in attractive]).update(weight=10)
    Criterion.objects.filter(pk=attractive[-1].pk).update(weight=0)
    hit = CustomerFactory(name="Kvart AS", owner=owner, team=team_a)
    values = dict(zip([c.pk for c in attractive[:4]], [5, 4, 4, 4], strict=True))
    rows = [Score(customer=hit, criterion_id=pk, value=v) for pk, v in values.items()]
    rows += [Score(customer=hit, criterion=c, value=2) for c in _criteria() if c.axis == "position"]
    Score.objects.bulk_create(rows)
    owner.language = "nb"
    owner.save()
    client.force_login(owner)
    page = client.get(reverse("accounts:ranking")).content.decode()
    row = page.split("Kvart AS", 1)[1]
    assert ">4,3<" in row.split("</tr>", 1)[0]
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "4,3" in chart and "4,2" not in chart
