"""Selection arithmetic on plain values: weighted scores, completeness, axes and the 2×2 quadrant.

No ORM here: callers pass `CriterionWeight`s and `{criterion_id: value}` maps, so every rule is
testable without a database and the same numbers appear on the page, in a decision and in a chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ATTRACTIVENESS = "attractiveness"
POSITION = "position"
AXES = (ATTRACTIVENESS, POSITION)

LOWEST, HIGHEST = 1, 5
# The line between "high" and "low" on both axes; a score exactly on it counts as high.
MIDPOINT = 3.0

DEVELOP = "develop"  # high attractiveness, strong position: the key accounts
INVEST = "invest"  # high attractiveness, weak position: build our position
MAINTAIN = "maintain"  # low attractiveness, strong position: keep it efficient
SERVE = "serve"  # low attractiveness, weak position: serve at low cost
QUADRANTS = (DEVELOP, INVEST, MAINTAIN, SERVE)


@dataclass(frozen=True)
class CriterionWeight:
    """What the arithmetic needs to know about a criterion."""

    id: int
    weight: int
    axis: str = ATTRACTIVENESS
    active: bool = True


@dataclass(frozen=True)
class Evaluation:
    """One customer's standing: None wherever there is nothing (or no weight) to compute from."""

    weighted: float | None
    attractiveness: float | None
    position: float | None
    scored: int
    total: int
    quadrant: str | None

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.scored == self.total

    @property
    def completeness(self) -> float | None:
        """Share of the active criteria that are scored, 0–1; None when no criterion is active."""
        return self.scored / self.total if self.total else None


def weighted_score(criteria: Iterable[CriterionWeight], values: Mapping[int, int]) -> float | None:
    """Σ(weight × value) / Σ(weight) over the active criteria that are scored, on the 1–5 scale.

    Criteria without a score are left out rather than counted as zero, so an unscored criterion
    neither lowers nor raises the result. None when nothing weighted is scored.
    """
    total_weight = 0
    total = 0
    for criterion in criteria:
        value = values.get(criterion.id)
        if not criterion.active or value is None or criterion.weight <= 0:
            continue
        total_weight += criterion.weight
        total += criterion.weight * value
    if total_weight == 0:
        return None
    return total / total_weight


def completeness(criteria: Iterable[CriterionWeight], values: Mapping[int, int]) -> tuple[int, int]:
    """(scored, active): how many of the active criteria have a score."""
    active = [criterion for criterion in criteria if criterion.active]
    return sum(1 for criterion in active if values.get(criterion.id) is not None), len(active)


def axis_scores(criteria: Iterable[CriterionWeight], values: Mapping[int, int]) -> dict[str, float | None]:
    """The weighted score of each axis on its own: {"attractiveness": …, "position": …}."""
    criteria = list(criteria)
    return {axis: weighted_score([c for c in criteria if c.axis == axis], values) for axis in AXES}


def quadrant(attractiveness: float | None, position: float | None) -> str | None:
    """Where a customer sits on the 2×2; None unless both axes have a score."""
    if attractiveness is None or position is None:
        return None
    high = attractiveness >= MIDPOINT
    strong = position >= MIDPOINT
    if high:
        return DEVELOP if strong else INVEST
    return MAINTAIN if strong else SERVE


def evaluate(criteria: Iterable[CriterionWeight], values: Mapping[int, int]) -> Evaluation:
    """Everything the pages show about one customer's scores, computed in one pass over the criteria."""
    criteria = list(criteria)
    axes = axis_scores(criteria, values)
    scored, total = completeness(criteria, values)
    return Evaluation(
        weighted=weighted_score(criteria, values),
        attractiveness=axes[ATTRACTIVENESS],
        position=axes[POSITION],
        scored=scored,
        total=total,
        quadrant=quadrant(axes[ATTRACTIVENESS], axes[POSITION]),
    )


def rank_key(weighted: float | None, name: str) -> tuple[bool, float, str]:
    """Sort key: highest weighted score first, unscored last, then by name."""
    return (weighted is None, -(weighted or 0.0), name.casefold())


def over_ceiling(count: int, ceiling: int) -> bool:
    """True when `count` key accounts exceed the agreed ceiling (a ceiling of 0 or less means none)."""
    return ceiling > 0 and count > ceiling
