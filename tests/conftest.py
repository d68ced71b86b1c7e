"""The fixed cast every test can call on, plus guards that make a missing service fail loudly."""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from accounts.models import AccountMember, Customer, Team, User
from tests.factories import CustomerFactory, TeamFactory, UserFactory

PASSWORD = "correct horse battery"

# Property tests check correctness, not speed: no per-example deadline, so a busy machine (the
# whole suite beside a browser and a worker) cannot fail them.
hypothesis_settings.register_profile("orchard", deadline=None)
hypothesis_settings.load_profile("orchard")


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its language active on the thread; every test starts in English."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Throttle counters and pages live in the cache (Redis in CI): no test sees another's."""
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture
def team_a(db) -> Team:
    return TeamFactory(name="Energy and Industry Norway")


@pytest.fixture
def team_b(db) -> Team:
    return TeamFactory(name="Sweden Enterprise")


@pytest.fixture
def owner(team_a) -> User:
    user = UserFactory(email="ingrid@example.org", full_name="Ingrid Solberg", title="Key Account Manager")
    team_a.members.add(user)
    return user


@pytest.fixture
def contributor(team_a) -> User:
    return UserFactory(email="marte@example.org", full_name="Marte Eide", title="Delivery lead")


@pytest.fixture
def viewer(team_a) -> User:
    return UserFactory(email="sindre@example.org", full_name="Sindre Lie", title="Finance")


@pytest.fixture
def leader(team_a) -> User:
    user = UserFactory(email="lars@example.org", full_name="Lars Haugen", title="Sales Director")
    team_a.leaders.add(user)
    return user


@pytest.fixture
def other_leader(team_b) -> User:
    user = UserFactory(email="anna@example.org", full_name="Anna Lindqvist", title="Försäljningschef")
    team_b.leaders.add(user)
    return user


@pytest.fixture
def outsider(db) -> User:
    return UserFactory(email="outsider@example.org", full_name="Olav Utenfor")


@pytest.fixture
def admin_user(db) -> User:
    return UserFactory(email="admin@example.org", full_name="Admin Orchard", is_staff=True, is_superuser=True)


@pytest.fixture
def customer(owner, contributor, viewer, team_a) -> Customer:
    """The cast's own customer: a key account of team A with a contributor and a viewer."""
    customer = CustomerFactory(name="Nordfjord Energi AS", owner=owner, team=team_a)
    AccountMember.objects.create(customer=customer, user=contributor, role=AccountMember.Role.CONTRIBUTOR)
    AccountMember.objects.create(customer=customer, user=viewer, role=AccountMember.Role.VIEWER)
    return customer


@pytest.fixture
def foreign_customer(team_b) -> Customer:
    """A customer of another team: nobody in team A may learn it exists."""
    other_kam = UserFactory(email="johan@example.org", full_name="Johan Sjöberg")
    return CustomerFactory(name="Mälarkraft AB", owner=other_kam, team=team_b)


@dataclass
class Cast:
    owner: User
    contributor: User
    viewer: User
    leader: User
    other_leader: User
    outsider: User
    admin: User
    customer: Customer
    foreign_customer: Customer

    def role(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture
def cast(
    owner, contributor, viewer, leader, other_leader, outsider, admin_user, customer, foreign_customer
) -> Cast:
    return Cast(
        owner, contributor, viewer, leader, other_leader, outsider, admin_user, customer, foreign_customer
    )


def services_required() -> bool:
    """In CI every service and the browser must be there: a missing one fails, it never skips."""
    return os.environ.get("ORCHARD_REQUIRE_SERVICES") == "1"


def pytest_sessionstart(session):
    if not services_required():
        return
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("DATABASE_URL does not point at PostgreSQL")
    if not settings.REDIS_URL:
        problems.append("REDIS_URL is not set")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis is not reachable: {exc}")
    if not shutil.which(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")):
        problems.append("Chromium is missing")
    if problems:
        raise pytest.UsageError("Required services are missing: " + "; ".join(problems))
