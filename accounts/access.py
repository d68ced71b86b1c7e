"""Who may see and do what: the one place that encodes the role table of DESIGN.md.

Lists go through `visible_customers(user)`; single objects through `get_<entity>_for_user`.
Outsiders get 404 (no leak that an object exists); insiders without the right get 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from accounts.models import AccountMember, Customer, Job, StatusProposal, Team, User

ADMIN = "admin"
OWNER = "owner"
LEADER = "leader"
CONTRIBUTOR = "contributor"
VIEWER = "viewer"

# action → the roles that may perform it on a customer.
PERMISSIONS: dict[str, frozenset[str]] = {
    # read everything about the customer that our side may see
    "customer.view": frozenset({ADMIN, OWNER, LEADER, CONTRIBUTOR, VIEWER}),
    # plan content, actions, meetings, stakeholders
    "customer.edit": frozenset({ADMIN, OWNER, CONTRIBUTOR}),
    # the customer's own record, its account team, sharing with the customer
    "customer.manage": frozenset({ADMIN, OWNER}),
    # scores on the selection criteria and a candidate's next step: the KAM proposes, the leader agrees
    "customer.score": frozenset({ADMIN, OWNER, LEADER}),
    # selection decisions (the KAM's mandate), coaching notes
    "customer.decide": frozenset({ADMIN, LEADER}),
    # who owns the account and which team holds it
    "customer.assign": frozenset({ADMIN, LEADER}),
    # record risks in the register (a leader's from a what-if scenario, with proposals to the KAM)
    "customer.risk": frozenset({ADMIN, OWNER, CONTRIBUTOR, LEADER}),
    # the account's meeting rhythm (its own cadence, overriding the tier's): the KAM and their leader
    "customer.cadence": frozenset({ADMIN, OWNER, LEADER}),
    # internal-only notes about people (DISC styles, personal notes): the account team alone
    "customer.internal": frozenset({OWNER, CONTRIBUTOR, VIEWER}),
}


def is_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_leader(user: User) -> bool:
    """True for anyone who leads at least one team (they see the portfolio)."""
    if not user.is_authenticated:
        return False
    return bool(_led_team_id_set(user))


def led_team_ids(user: User) -> QuerySet:
    return Team.objects.filter(leaders=user).values("pk")


def with_leadership(users: QuerySet[User]) -> QuerySet[User]:
    """The users, each knowing whether they lead a team: `is_leader` then asks the database only for
    someone who does (which teams), and not at all for everyone else. The request's user is read so
    (`accounts.backends`), in the same query that loads them."""
    leads = Team.leaders.through.objects.filter(user_id=OuterRef("pk"))
    return users.annotate(_orchard_leads_a_team=Exists(leads))


def visible_customers(user: User) -> QuerySet[Customer]:
    """Every customer the user may see; a queryset to filter further, never a list."""
    if not user.is_authenticated or not user.is_active:
        return Customer.objects.none()
    if is_admin(user):
        return Customer.objects.all()
    member_of = AccountMember.objects.filter(user=user).values("customer")
    seen = Q(owner=user) | Q(pk__in=member_of)
    led = _known_led_team_ids(user)
    if led is None:
        seen |= Q(team__in=led_team_ids(user))
    elif led:
        seen |= Q(team__in=sorted(led))
    return Customer.objects.filter(seen)


def visible_rows(user: User, queryset: QuerySet, customer_path: str = "customer") -> QuerySet:
    """Only the rows of `queryset` (steps, actions, reminders, notifications…) whose customer the
    user may see now, whoever they are assigned to.

    Lists that follow a person rather than a customer go through here at display time, so someone
    taken off an account team stops seeing its items at once, even those still assigned to them.
    """
    return queryset.filter(**{f"{customer_path}__in": visible_customers(user).values("pk")})


def roles_for(user: User, customer: Customer) -> frozenset[str]:
    """The roles the user holds on this customer (a person can be a leader and a contributor)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles: set[str] = set()
    if is_admin(user):
        roles.add(ADMIN)
    if customer.owner_id == user.pk:
        roles.add(OWNER)
    if customer.team_id and customer.team_id in _led_team_id_set(user):
        roles.add(LEADER)
    membership = _membership_role(user, customer)
    if membership:
        roles.add(membership)
    return frozenset(roles)


def _led_team_id_set(user: User) -> set[int]:
    cached = _known_led_team_ids(user)
    if cached is None:
        cached = set(Team.objects.filter(leaders=user).values_list("pk", flat=True))
        user._orchard_led_team_ids = cached
    return cached


def _known_led_team_ids(user: User) -> set[int] | None:
    """The teams the user leads if this request knows them already (or knows there are none)."""
    cached = getattr(user, "_orchard_led_team_ids", None)
    leads = getattr(user, "_orchard_leads_a_team", None)  # 0 or 1 on SQLite
    if cached is None and leads is not None and not leads:
        cached = user._orchard_led_team_ids = set()
    return cached


def _membership_role(user: User, customer: Customer) -> str | None:
    # Remembered on the user object for the rest of the request: a page asks several times.
    cache = user.__dict__.setdefault("_orchard_memberships", {})
    if customer.pk not in cache:
        cache[customer.pk] = (
            AccountMember.objects.filter(user=user, customer=customer).values_list("role", flat=True).first()
        )
    return cache[customer.pk]


def remember_memberships(user: User, customer_ids: Iterable[int]) -> None:
    """Read the user's account-team roles on many customers at once, so that `can` and `roles_for`
    on each of them ask nothing more (an import checks the rights on thousands of rows)."""
    cache = user.__dict__.setdefault("_orchard_memberships", {})
    wanted = [pk for pk in customer_ids if pk not in cache]
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        found = dict(
            AccountMember.objects.filter(user=user, customer_id__in=chunk).values_list("customer_id", "role")
        )
        cache.update((pk, found.get(pk)) for pk in chunk)


def can(user: User, action: str, customer: Customer) -> bool:
    """May the user perform `action` (a key of PERMISSIONS) on this customer?"""
    return bool(PERMISSIONS[action] & roles_for(user, customer))


def customer_rights(user: User, customer: Customer) -> dict[str, bool]:
    """`can_<verb>` flags for templates, computed once: templates never decide permissions."""
    roles = roles_for(user, customer)
    return {f"can_{action.split('.')[1]}": bool(allowed & roles) for action, allowed in PERMISSIONS.items()}


def get_customer_for_user(user: User, pk: int, action: str = "customer.view") -> Customer:
    """The customer, if the user may see it and perform `action` on it.

    Raises Http404 when the user may not see the customer at all, PermissionDenied (403)
    when they may see it but not perform the action.
    """
    if action not in PERMISSIONS:
        raise ValueError(f"Unknown action {action!r}")
    customers = visible_customers(user).select_related("owner", "team").filter(pk=pk)
    if user.is_authenticated:
        # The user's account-team role comes with the customer: one query fewer on every customer page.
        role = AccountMember.objects.filter(customer=OuterRef("pk"), user=user).order_by().values("role")
        customers = customers.annotate(membership_role=Subquery(role[:1]))
    customer = customers.first()
    if customer is None:
        raise Http404("No such customer")
    if user.is_authenticated:
        user.__dict__.setdefault("_orchard_memberships", {})[customer.pk] = customer.membership_role
    if not can(user, action, customer):
        raise PermissionDenied
    return customer


def get_customer_object_for_user(
    user: User, queryset: QuerySet, pk: int, action: str = "customer.view", customer_path: str = "customer"
):
    """An object that belongs to a customer (a plan, a risk, a stakeholder…), for a feature app.

    `customer_path` leads from the object to its customer (e.g. "plan__customer"). The object is
    looked up only among the customers the user may see, so outsiders get Http404; insiders
    without the right for `action` get PermissionDenied (403).
    """
    if action not in PERMISSIONS:
        raise ValueError(f"Unknown action {action!r}")
    related = customer_path.replace(".", "__")
    obj = (
        queryset.filter(**{f"{related}__in": visible_customers(user).values("pk")}, pk=pk)
        .select_related(related)
        .first()
    )
    if obj is None:
        raise Http404("Not found")
    customer = obj
    for step in related.split("__"):
        customer = getattr(customer, step)
    if not can(user, action, customer):
        raise PermissionDenied
    return obj


def get_member_for_user(user: User, customer_pk: int, member_pk: int) -> AccountMember:
    """An account-team membership the user may change (owner or admin); 404/403 as above."""
    customer = get_customer_for_user(user, customer_pk, action="customer.manage")
    member = customer.members.select_related("user").filter(pk=member_pk).first()
    if member is None:
        raise Http404("No such member")
    return member


def get_job_for_user(user: User, pk: int) -> Job:
    """A background job is seen only by the person who started it (and administrators)."""
    jobs = Job.objects.all() if is_admin(user) else Job.objects.filter(created_by=user)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404("No such job")
    return job


def get_status_proposal_for_user(user: User, pk: int) -> StatusProposal:
    """A status proposal the user may decide (the customer's team leader or an administrator);
    Http404 for outsiders, PermissionDenied for insiders without the right."""
    return get_customer_object_for_user(
        user, StatusProposal.objects.select_related("proposed_by"), pk, action="customer.decide"
    )


def may_see_portfolio(user: User) -> bool:
    return is_admin(user) or is_leader(user)


def may_manage_criteria(user: User) -> bool:
    """Selection criteria and weights are agreed by sales leaders and administrators."""
    return is_admin(user) or is_leader(user)


def require_criteria_manager(user: User) -> None:
    if not may_manage_criteria(user):
        raise PermissionDenied


def decidable_customers(user: User) -> QuerySet[Customer]:
    """Customers on which the user may record selection decisions: their led teams' (all, for admins)."""
    if is_admin(user):
        return Customer.objects.all()
    if not user.is_authenticated:
        return Customer.objects.none()
    return Customer.objects.filter(team__in=led_team_ids(user))


def require_portfolio(user: User) -> None:
    """Raise PermissionDenied unless the user leads a team or administers Orchard."""
    if not may_see_portfolio(user):
        raise PermissionDenied


def portfolio_teams(user: User) -> QuerySet[Team]:
    """The teams whose portfolio the user may see."""
    if is_admin(user):
        return Team.objects.all()
    return Team.objects.filter(leaders=user)


def assignable_owner_ids(user: User) -> set[int] | None:
    """Whom `user` may make a customer's account owner; None means anyone active (administrators).

    A leader may hand accounts to the people of the teams they lead; a KAM only to themself.
    """
    if is_admin(user):
        return None
    ids = {user.pk}
    if is_leader(user):
        led = led_team_ids(user)
        people = User.objects.filter(Q(teams__in=led) | Q(led_teams__in=led), is_active=True)
        ids.update(people.values_list("pk", flat=True))
    return ids


def assignable_teams(user: User) -> QuerySet[Team]:
    """Teams a customer may be given to by `user`: every team for administrators, their led teams
    for a leader, none for anyone else."""
    if is_admin(user):
        return Team.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Team.objects.none()
    return Team.objects.filter(leaders=user)


def handover_people(user: User) -> QuerySet[User]:
    """Whose accounts `user` may hand over: anyone for administrators, the people of their led teams
    (members, and owners of their teams' customers) for a leader."""
    if is_admin(user):
        return User.objects.all()
    if not is_leader(user):
        return User.objects.none()
    led = led_team_ids(user)
    owners = Customer.objects.filter(team__in=led).values("owner_id")
    return User.objects.filter(Q(teams__in=led) | Q(pk__in=owners)).distinct()


def get_handover_person_for_user(user: User, pk: int) -> User:
    """A person whose accounts the user may hand over. PermissionDenied (403) for anyone who leads no
    team and is no administrator; Http404 for a person outside the leader's teams."""
    if not may_see_portfolio(user):
        raise PermissionDenied
    person = handover_people(user).filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    return person


def assignable_users(customer: Customer) -> QuerySet[User]:
    """People who can be added to a customer's account team: active users on our side."""
    return User.objects.filter(is_active=True).exclude(pk=customer.owner_id)


def coachable_kams(user: User) -> QuerySet[User]:
    """The people a leader coaches: active owners of customers in the teams they lead (never themself)."""
    if not user.is_authenticated or not user.is_active:
        return User.objects.none()
    owners = Customer.objects.filter(team__in=led_team_ids(user)).values("owner_id")
    return User.objects.filter(pk__in=owners, is_active=True).exclude(pk=user.pk).order_by("full_name")


def get_coachable_kam(user: User, raw_id: str | int | None) -> User:
    """A KAM the user may record a coaching conversation with.

    Raises PermissionDenied (403) unless the user leads a team, Http404 for anyone outside their teams.
    """
    if not is_leader(user):
        raise PermissionDenied
    try:
        pk = int(raw_id or 0)
    except (TypeError, ValueError):
        raise Http404("No such KAM") from None
    kam = coachable_kams(user).filter(pk=pk).first()
    if kam is None:
        raise Http404("No such KAM")
    return kam


def progress_kams(user: User) -> QuerySet[User]:
    """Whose 30-day start the user may follow: a leader their teams' KAMs, an administrator every KAM."""
    if is_admin(user):
        owners = Customer.objects.values("owner_id")
        return User.objects.filter(pk__in=owners, is_active=True).exclude(pk=user.pk).order_by("full_name")
    return coachable_kams(user)


def get_progress_kam(user: User, raw_id: str | int | None) -> User:
    """A KAM whose checklist the user may read; Http404 for anyone else."""
    try:
        pk = int(raw_id or 0)
    except (TypeError, ValueError):
        raise Http404("No such KAM") from None
    if pk == user.pk:
        return user
    kam = progress_kams(user).filter(pk=pk).first()
    if kam is None:
        raise Http404("No such KAM")
    return kam


# --- Customer guests --------------------------------------------------------------------------------
# A guest is not a user: Continue on an invitation link starts a session that names one invitation
# and one plan, nothing else. A guest session never carries a logged-in user (starting one logs out),
# so every page of our own side answers a guest as it answers a stranger: the login page.
GUEST_INVITATION_KEY = "guest_invitation"
GUEST_PLAN_KEY = "guest_plan"


@dataclass(frozen=True)
class GuestSession:
    invitation_id: int
    plan_id: int


def start_guest_session(request, *, invitation_id: int, plan_id: int, expires_at) -> None:
    """Replace whatever session the browser had with a guest session for one plan.

    The session ends when the invitation expires; the feature app checks on every request that the
    invitation is still usable (revocation ends it at once).
    """
    from django.contrib.auth import logout

    logout(request)  # flushes the old session: a fresh key, no user
    request.session[GUEST_INVITATION_KEY] = int(invitation_id)
    request.session[GUEST_PLAN_KEY] = int(plan_id)
    request.session.set_expiry(expires_at)


def guest_session(request) -> GuestSession | None:
    """The guest session of this request, or None (a logged-in user is never a guest)."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return None
    invitation_id = request.session.get(GUEST_INVITATION_KEY)
    plan_id = request.session.get(GUEST_PLAN_KEY)
    if not isinstance(invitation_id, int) or not isinstance(plan_id, int):
        return None
    return GuestSession(invitation_id, plan_id)


def end_guest_session(request) -> None:
    request.session.flush()
