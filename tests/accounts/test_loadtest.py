"""The load test's simulated users and report, and the background-work timing in `bench`."""

import pytest

from accounts.bench import jobs, load
from accounts.models import Team

PAGE = load.Target("customer page (KAM)", "kam", "/customers/1/", {"Cookie": "sessionid=x"})
FRAGMENT = load.Target("timeline (htmx)", "kam", "/customers/1/timeline/", {"HX-Request": "true"})


def _result(target, latencies, errors=0):
    return load.Result(target, list(latencies), errors)


def test_users_are_mostly_kams_with_some_leaders_and_admins():
    roles = load.assign_roles(50, ["kam", "leader", "admin", None])
    assert (roles.count("kam"), roles.count("leader"), roles.count("admin")) == (35, 10, 5)


def test_roles_without_pages_get_no_users_and_nobody_is_anonymous():
    assert set(load.assign_roles(9, ["kam", None])) == {"kam"}
    with pytest.raises(ValueError, match="no logged-in page"):
        load.assign_roles(3, [None])


def test_fragments_are_held_to_the_fragment_budget():
    assert PAGE.p95_budget_ms == 300
    assert FRAGMENT.p95_budget_ms == 200
    assert _result(PAGE, [250] * 20).meets
    assert not _result(FRAGMENT, [250] * 20).meets


def test_any_error_or_no_answer_at_all_misses_the_budget():
    assert not _result(PAGE, [20] * 20, errors=1).meets
    assert not _result(PAGE, []).meets


def test_memory_growth_counts_only_workers_seen_twice():
    assert load.memory_growth({1: 100_000, 2: 100_000}, {1: 105_000, 2: 110_000}) == pytest.approx(0.075)
    assert load.memory_growth({1: 100_000}, {3: 200_000}) is None


def test_report_names_each_page_kind_and_the_memory_verdict():
    report = load.format_report([_result(PAGE, range(1, 101)), _result(FRAGMENT, [250] * 5)], 10, 0.12)
    assert "| customer page (KAM) | 100 | 10.0 | 50.5 | 95.0 | 99.0 | 0 | meets |" in report
    assert "**over**: p95 budget 200 ms" in report
    assert "+12.0% (**over** 10%)" in report


def test_simulated_users_count_redirects_as_errors_against_a_live_server(live_server):
    host, port = live_server.thread.host, live_server.thread.port
    login = load.Target("login page", None, "/login/", {})
    # Logged out, the customer list answers a redirect to the login page: an error, not a quick success.
    customers = load.Target("customer list", "kam", "/customers/", {})
    results = load.drive([login, customers], users=3, seconds=2, think_ms=(20, 60), host=host, port=port)
    by_name = {r.target.name: r for r in results}
    assert by_name["login page"].requests > 0 and by_name["login page"].errors == 0
    assert by_name["customer list"].requests > 0
    assert by_name["customer list"].errors == by_name["customer list"].requests


def test_a_timed_job_leaves_the_bench_database_as_it_was(db):
    def make_team() -> str:
        Team.objects.create(name="Made by a benchmark")
        return "1 team"

    result = jobs.time_job(jobs.Job("make a team", make_team, budget_s=60))
    assert result.facts == "1 team" and result.queries >= 1 and result.meets
    assert not Team.objects.filter(name="Made by a benchmark").exists()
    assert "| make a team |" in jobs.format_jobs([result])


def test_a_page_kind_nobody_asked_for_is_reported_as_such_not_as_zero_milliseconds():
    report = load.format_report([_result(PAGE, [])], 10, None)
    assert "| customer page (KAM) | 0 | 0.0 | 0.0 | 0.0 | 0.0 | 0 | not asked for in this run |" in report
