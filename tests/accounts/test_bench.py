"""The benchmark harness's own arithmetic and its safety rails; no large data set is seeded here."""

from pathlib import Path

import dj_database_url
import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from accounts.bench import (
    Measurement,
    Scenario,
    format_table,
    percent,
    percentile,
    select_scenarios,
)
from accounts.management.commands.bench import bench_database_url, is_bench_database
from tests.factories import TeamFactory


def test_percentiles_interpolate_between_the_nearest_ranks():
    timings = [float(ms) for ms in range(1, 21)]  # 1 … 20 ms, given out of order below
    shuffled = timings[10:] + timings[:10]
    assert percentile(shuffled, 50) == pytest.approx(10.5)
    assert percentile(shuffled, 95) == pytest.approx(19.05)
    assert percentile(shuffled, 100) == 20.0
    assert percentile([7.0], 95) == 7.0


def test_a_share_just_under_its_budget_never_shows_as_the_budget():
    assert percent(0.1198) == "11.9 %"
    assert percent(0.29) == "29.0 %"
    assert percent(0.12, 0) == "12 %"


def test_a_percentile_of_nothing_is_refused():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_the_table_gives_each_page_its_share_of_the_trivial_pages_throughput_and_its_budget():
    trivial = Measurement("trivial", [2.0] * 10, queries=1, html_bytes=100)  # 500 requests/s
    slow_list = Measurement("list", [10.0] * 10, queries=16, html_bytes=20 * 1024, min_ratio=0.25)
    portfolio = Measurement(
        "portfolio", [10.0] * 10, queries=7, html_bytes=4 * 1024, min_ratio=0.12, drawn_ms=[40.0] * 10
    )

    lines = format_table(trivial, [slow_list, portfolio]).splitlines()

    assert lines[0].startswith("| Scenario | Median ms | p95 ms | Queries |")
    assert lines[0].endswith("| Budget | Drawn ms | Drawn vs trivial |")
    assert lines[2] == "| trivial | 2.00 | 2.00 | 1 | 0.1 | 500 | 100.0 % | yardstick | – | – |"
    assert lines[3] == (
        "| list | 10.00 | 10.00 | 16 | 20.0 | 100 | 20.0 % | **over**: 16 queries > 15; 20.0 % < 25 % | – | – |"
    )
    # A page served from the page cache is judged as served; what drawing it costs is shown beside.
    assert lines[4] == "| portfolio | 10.00 | 10.00 | 7 | 4.0 | 100 | 20.0 % | meets | 40.00 | 5.0 % |"


def test_scenarios_are_chosen_by_part_of_their_name_and_an_unknown_name_is_refused():
    scenarios = [
        Scenario(name, "kam", lambda user: "/") for name in ("home", "customer page", "customer list")
    ]
    chosen = [s.name for s in select_scenarios(scenarios, ["CUSTOMER"])]
    assert chosen == ["customer page", "customer list"]
    assert select_scenarios(scenarios, []) == scenarios
    with pytest.raises(LookupError):
        select_scenarios(scenarios, ["no such page"])


@pytest.mark.parametrize(
    "normal",
    [
        "sqlite:////srv/orchard/var/orchard.sqlite3",
        "postgresql://kam:secret@db.internal:5433/orchard?sslmode=require",
    ],
)
def test_the_bench_database_is_never_the_normal_one(normal):
    bench_url = bench_database_url(normal, Path("/srv/orchard/var"))
    bench_db, normal_db = dj_database_url.parse(bench_url), dj_database_url.parse(normal)
    assert bench_db["NAME"] != normal_db["NAME"]
    assert (bench_db.get("HOST"), bench_db.get("PORT")) == (normal_db.get("HOST"), normal_db.get("PORT"))
    assert is_bench_database(bench_db)
    assert not is_bench_database(normal_db)


def test_the_trivial_page_is_not_in_the_product():
    with pytest.raises(NoReverseMatch):
        reverse("bench-baseline")


@override_settings(ROOT_URLCONF="accounts.bench.urls")
def test_the_trivial_page_costs_exactly_one_query(client, db, django_assert_num_queries):
    TeamFactory(name="Energy and Industry Norway")
    with django_assert_num_queries(1):
        response = client.get(reverse("bench-baseline"))
    assert response.status_code == 200
    assert "Energy and Industry Norway" in response.content.decode()
