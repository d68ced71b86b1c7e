"""One account's risk, computed and explained in words, from plain facts (no ORM).

Each finding adds points and a sentence; the sum gives the level. Data that does not add up
(our revenue above their total spend, a notice period longer than the contract, missing years)
becomes a note on the page instead of a wrong figure or a crash.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LOW, MEDIUM, HIGH = "low", "medium", "high"
LEVELS = (LOW, MEDIUM, HIGH)
MEDIUM_FROM, HIGH_FROM = 4, 7

# The lines of the two-way dependency quadrant.
OUR_DEPENDENCY_HIGH = Decimal("0.05")  # they carry 5 % or more of the revenue in view
THEIR_DEPENDENCY_HIGH = Decimal("0.50")  # we have half their wallet or more
MUTUAL, EXPOSED, LEVERAGE, ARMS_LENGTH = "mutual", "exposed", "leverage", "arms_length"

NOTICE_SOON_DAYS = 90
NOTICE_YEAR_DAYS = 365
STRONG_COMPETITOR, MEDIUM_COMPETITOR = 3, 2


@dataclass(frozen=True)
class RelationshipFacts:
    """What the stakeholder map (or, without one, the account team) says about our contacts."""

    our_people: int
    mapped: int = 0
    strong: int = 0
    holders: int = 0
    influential_sceptics: int = 0


@dataclass(frozen=True)
class ContractFacts:
    title: str
    start: datetime.date
    expiry: datetime.date
    notice_by: datetime.date


@dataclass(frozen=True)
class AccountFacts:
    today: datetime.date
    year: int | None = None
    revenue: Decimal | None = None
    their_spend: Decimal | None = None
    portfolio_share: Decimal | None = None
    relationships: RelationshipFacts = field(default_factory=lambda: RelationshipFacts(our_people=1))
    competitors: Sequence[tuple[str, int]] = ()
    contracts: Sequence[ContractFacts] = ()
    industry: str = ""
    exposed_reason: str | None = None
    open_risks: int = 0
    top_risk_score: int = 0
    review_due: datetime.date | None = None
    reviewed: bool = False
    heavy_share: Decimal = Decimal("0.20")


@dataclass(frozen=True)
class Reason:
    topic: str
    text: str
    points: int


@dataclass(frozen=True)
class Assessment:
    level: str
    points: int
    reasons: tuple[Reason, ...]
    notes: tuple[str, ...]
    our_dependency: Decimal | None
    their_dependency: Decimal | None

    @property
    def quadrant(self) -> str | None:
        return dependency_quadrant(self.our_dependency, self.their_dependency)

    @property
    def counted(self) -> tuple[Reason, ...]:
        """The reasons that raise the level, heaviest first."""
        return tuple(sorted((r for r in self.reasons if r.points), key=lambda r: -r.points))

    @property
    def calm(self) -> tuple[Reason, ...]:
        """Findings that do not raise the level (e.g. they depend on us too)."""
        return tuple(r for r in self.reasons if not r.points)


def score_level(score: int) -> str:
    """A register entry's likelihood × impact: 15 and above is high, 8–14 medium, below 8 low."""
    if score >= 15:
        return HIGH
    return MEDIUM if score >= 8 else LOW


def level_for(points: int) -> str:
    if points >= HIGH_FROM:
        return HIGH
    return MEDIUM if points >= MEDIUM_FROM else LOW


def share_of_wallet(revenue: Decimal | None, their_spend: Decimal | None) -> Decimal | None:
    """Our revenue ÷ their spend; None when unknown, zero, or inconsistent (ours above theirs)."""
    if revenue is None or not their_spend or their_spend <= 0 or revenue > their_spend:
        return None
    return revenue / their_spend


def dependency_quadrant(ours: Decimal | None, theirs: Decimal | None) -> str | None:
    if ours is None or theirs is None:
        return None
    if ours >= OUR_DEPENDENCY_HIGH:
        return MUTUAL if theirs >= THEIR_DEPENDENCY_HIGH else EXPOSED
    return LEVERAGE if theirs >= THEIR_DEPENDENCY_HIGH else ARMS_LENGTH


class _Findings:
    """Collects reasons and notes. Without `explain` the sentences are never built: the portfolio
    needs only the points of thousands of accounts, and translating them all would be slow."""

    def __init__(self, explain: bool) -> None:
        self.explain = explain
        self.reasons: list[Reason] = []
        self.notes: list[str] = []

    def reason(self, topic: str, points: int, text: Callable[[], str]) -> None:
        self.reasons.append(Reason(topic, text() if self.explain else "", points))

    def note(self, text: Callable[[], str]) -> None:
        if self.explain:
            self.notes.append(text())


def assess(facts: AccountFacts, *, explain: bool = True) -> Assessment:
    """The level (low, medium, high), every reason with its points, and notes on the data.
    With `explain=False` the points and level are the same but reasons carry no sentence."""
    found = _Findings(explain)
    for part in (_dependency, _relationships, _competitors, _contracts, _industry, _register, _review):
        part(facts, found)
    points = sum(reason.points for reason in found.reasons)
    return Assessment(
        level=level_for(points),
        points=points,
        reasons=tuple(found.reasons),
        notes=tuple(found.notes),
        our_dependency=facts.portfolio_share,
        their_dependency=share_of_wallet(facts.revenue, facts.their_spend),
    )


def percent(fraction: Decimal, places: int = 1) -> str:
    return f"{number_format(fraction * 100, decimal_pos=places)}\u00a0%"


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _dependency(facts: AccountFacts, found: _Findings) -> None:
    if facts.revenue is None:
        found.note(
            lambda: _("No whole-year revenue is recorded, so neither side of the dependency can be computed.")
        )
    else:
        _ours(facts, found)
        _theirs(facts, found)


def _ours(facts: AccountFacts, found: _Findings) -> None:
    share = facts.portfolio_share
    if share is None:
        found.note(
            lambda: (
                _("The revenue in view is zero in %(year)s, so their share of it is undefined.")
                % {"year": facts.year}
            )
        )
        return
    heavy = facts.heavy_share
    points = 3 if share >= heavy else 2 if share >= heavy / 4 else 1 if share >= Decimal("0.01") else 0

    def text() -> str:
        said = _("They carry %(share)s of the revenue in view (%(year)s).") % {
            "share": percent(share),
            "year": facts.year,
        }
        return f"{said} {_('Losing them would hurt badly.')}" if points >= 3 else said

    found.reason("dependency", points, text)


def _theirs(facts: AccountFacts, found: _Findings) -> None:
    revenue, spend, year = facts.revenue, facts.their_spend, {"year": facts.year}
    if spend is None:
        found.note(
            lambda: (
                _(
                    "Their total spend in our categories is not recorded for %(year)s: "
                    "how much they depend on us is unknown."
                )
                % year
            )
        )
        return
    if spend <= 0 or revenue > spend:
        found.note(
            lambda: (
                _(
                    "Our revenue is above their recorded total spend in %(year)s, which cannot be: "
                    "correct the financials to see their share of wallet."
                )
                % year
            )
        )
        return
    wallet = revenue / spend
    if wallet < Decimal("0.25"):
        found.reason(
            "dependency",
            1,
            lambda: (
                _("We have only %(share)s of their spend in our categories: they could replace us easily.")
                % {"share": percent(wallet)}
            ),
        )
    else:
        found.reason(
            "dependency",
            0,
            lambda: (
                _("We have %(share)s of their spend in our categories: they depend on us too.")
                % {"share": percent(wallet)}
            ),
        )


def _relationships(facts: AccountFacts, found: _Findings) -> None:
    rel = facts.relationships
    if not rel.mapped:
        found.note(
            lambda: _(
                "No stakeholders are mapped yet; relationship risk is judged from the account team alone."
            )
        )
        if rel.our_people <= 1:
            found.reason(
                "relationships", 2, lambda: _("Only one person on our side works with them: single-threaded.")
            )
        return
    if rel.strong == 0:
        found.reason("relationships", 2, lambda: _("No strong relationship with anyone at the customer."))
    elif rel.strong == 1:
        found.reason("relationships", 1, lambda: _("Only one strong relationship at the customer."))
    if rel.holders <= 1:
        found.reason("relationships", 2, lambda: _("Every relationship is held by one person on our side."))
    if rel.influential_sceptics:
        count = rel.influential_sceptics
        found.reason(
            "relationships",
            min(2, count),
            lambda: (
                ngettext(
                    "%(count)d influential sceptic among their people.",
                    "%(count)d influential sceptics among their people.",
                    count,
                )
                % {"count": count}
            ),
        )


def _competitors(facts: AccountFacts, found: _Findings) -> None:
    strong = [name for name, strength in facts.competitors if strength >= STRONG_COMPETITOR]
    medium = [name for name, strength in facts.competitors if strength == MEDIUM_COMPETITOR]
    if strong:
        found.reason(
            "competitors",
            2,
            lambda: _("Strong competitors present: %(names)s.") % {"names": ", ".join(strong)},
        )
    elif medium:
        found.reason(
            "competitors", 1, lambda: _("Competitors present: %(names)s.") % {"names": ", ".join(medium)}
        )


def _contracts(facts: AccountFacts, found: _Findings) -> None:
    today = facts.today
    for contract in facts.contracts:
        if contract.notice_by < contract.start:
            found.note(
                lambda title=contract.title: (
                    _("The notice period of “%(title)s” is longer than the contract itself: check its dates.")
                    % {"title": title}
                )
            )
    running = [c for c in facts.contracts if c.expiry >= today]
    if facts.contracts and not running:
        last = max(facts.contracts, key=lambda c: c.expiry)
        found.reason(
            "contract",
            1,
            lambda: (
                _("The last contract, “%(title)s”, expired on %(date)s: no contract is in force.")
                % {"title": last.title, "date": _day(last.expiry)}
            ),
        )
        return
    passed = [c for c in running if c.notice_by < today]
    if passed:
        first = min(passed, key=lambda c: c.expiry)
        found.reason(
            "contract",
            1,
            lambda: (
                _("The notice date for “%(title)s” passed on %(notice)s; it now runs until %(date)s.")
                % {"title": first.title, "notice": _day(first.notice_by), "date": _day(first.expiry)}
            ),
        )
    upcoming = sorted((c for c in running if c.notice_by >= today), key=lambda c: c.notice_by)
    if upcoming:
        _notice_reason(upcoming[0], today, found)


def _notice_reason(contract: ContractFacts, today: datetime.date, found: _Findings) -> None:
    days = (contract.notice_by - today).days
    points = 2 if days <= NOTICE_SOON_DAYS else 1 if days <= NOTICE_YEAR_DAYS else 0
    found.reason(
        "contract",
        points,
        lambda: (
            ngettext(
                "Notice on “%(title)s” must be given by %(date)s, in %(days)d day.",
                "Notice on “%(title)s” must be given by %(date)s, in %(days)d days.",
                days,
            )
            % {"title": contract.title, "date": _day(contract.notice_by), "days": days}
        ),
    )


def _industry(facts: AccountFacts, found: _Findings) -> None:
    if facts.exposed_reason is not None:
        found.reason(
            "industry",
            1,
            lambda: (
                _("Their industry, %(industry)s, is marked as exposed: %(reason)s")
                % {"industry": facts.industry, "reason": facts.exposed_reason}
            ),
        )


def _register(facts: AccountFacts, found: _Findings) -> None:
    if not facts.open_risks:
        return
    points = 2 if facts.top_risk_score >= 15 else 1 if facts.top_risk_score >= 8 else 0
    found.reason(
        "register",
        points,
        lambda: (
            ngettext(
                "%(count)d open risk in the register; the highest scores %(score)d of 25.",
                "%(count)d open risks in the register; the highest scores %(score)d of 25.",
                facts.open_risks,
            )
            % {"count": facts.open_risks, "score": facts.top_risk_score}
        ),
    )


def _review(facts: AccountFacts, found: _Findings) -> None:
    if not facts.reviewed:
        found.note(lambda: _("The risks of this account have never been reviewed."))
    elif facts.review_due is not None and facts.review_due < facts.today:
        found.reason(
            "review",
            1,
            lambda: (
                _("The risk review was due on %(date)s and is overdue.") % {"date": _day(facts.review_due)}
            ),
        )


def importance(share: Decimal | None, tier: int) -> int:
    """How much the account matters, 1–5: its tier plus its weight in the revenue in view."""
    base = {1: 3, 2: 2}.get(tier, 1)
    weight = (
        0 if share is None else 2 if share >= OUR_DEPENDENCY_HIGH else 1 if share >= Decimal("0.01") else 0
    )
    return max(1, min(5, base + weight))


def importance_band(value: int) -> str:
    return HIGH if value >= 4 else MEDIUM if value == 3 else LOW
