"""The core's background work in `bench`: the customer import and the health snapshot run the real
services on the seeded data, say what they did, and leave the database as it was."""

import pytest

from accounts.bench import work
from accounts.bench.jobs import JOBS, time_job
from accounts.demo import DEMO_LOGINS
from accounts.models import Customer, Event, HealthSnapshot, Job, StatusProposal
from tests.factories import CustomerFactory, UserFactory


def _job(text: str):
    return next(job for job in JOBS if text in job.name)


def test_both_jobs_are_registered_with_a_budget():
    assert _job("customer import (10,000 rows)").budget_s == 20
    assert _job("daily health snapshot (300 key accounts)").budget_s == 3


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(email=DEMO_LOGINS["admin"], is_staff=True, is_superuser=True)
    kam = UserFactory(email="kam-bench@example.org")
    for n in range(6):
        CustomerFactory(owner=kam, external_id=f"EXT-{n}", industry="Shipping", status="prospect")
    CustomerFactory(owner=kam, external_id="EXT-key", status="key")
    return admin


def test_the_import_commits_every_row_through_the_job_and_is_rolled_back(seeded, monkeypatch, tmp_path):
    monkeypatch.setattr(work, "IMPORT_ROWS", 20)

    result = time_job(_job("customer import"))

    assert result.facts.startswith("20 rows as the administrator: 13 customers created, 7 updated, ")
    assert result.queries > 0
    assert Customer.objects.count() == 7
    assert set(Customer.objects.values_list("industry", flat=True)) == {"Shipping", ""}
    assert not Event.objects.exists() and not StatusProposal.objects.exists() and not Job.objects.exists()
    assert not list((tmp_path / "imports").glob("*.xlsx"))


def test_the_snapshot_covers_the_promoted_key_accounts_and_is_rolled_back(seeded, monkeypatch):
    monkeypatch.setattr(work, "SNAPSHOT_ACCOUNTS", 5)

    result = time_job(_job("daily health snapshot"))

    assert result.facts.startswith("5 key accounts")
    assert Customer.objects.key_accounts().count() == 1
    assert not HealthSnapshot.objects.exists()
