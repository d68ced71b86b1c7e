"""Account health: weighted components, each with a value, a score and the reason in words.

The core owns the catalogue of components and the arithmetic; each feature app registers the
providers for its own components from its `apps.py` (`register_components`), so the core never
imports a feature app. A component in the catalogue that no app provides is shown as "not
available yet". A provider that has no data for an account returns a reading without a score:
missing data lowers the confidence of the health score, never the score itself.

Readings are stored as kind + values (a reason code and its parameters) and turned into a
sentence in the viewer's language when shown. `combine` and `from_stored` are pure.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GOOD, FAIR, POOR, UNKNOWN = "good", "fair", "poor", "unknown"
GOOD_FROM, FAIR_FROM = 70, 40
BAND_LABELS: dict[str, Promise] = {
    GOOD: _("Healthy"),
    FAIR: _("Needs care"),
    POOR: _("At risk"),
    UNKNOWN: _("Not measured yet"),
}


@dataclass(frozen=True)
class Spec:
    """A component in the catalogue: what it is called, what it measures, its default weight."""

    key: str
    label: Promise
    help: Promise
    default_weight: int


# Every component the product knows about, in the order pages show them. An app may register a
# provider for one of these keys, or add its own spec with `register_components(..., specs=...)`.
CATALOGUE: dict[str, Spec] = {
    spec.key: spec
    for spec in (
        Spec("plan_freshness", _("Plan freshness"), _("Is the account plan reviewed on time?"), 15),
        Spec(
            "goal_progress", _("Goal progress"), _("How far the plan's goals have come for the time gone"), 10
        ),
        Spec(
            "actions_on_time",
            _("Actions done on time"),
            _("Share of the plan's due actions done by their date"),
            10,
        ),
        Spec(
            "relationships",
            _("Relationship coverage"),
            _("Strong relationships across functions and levels"),
            15,
        ),
        Spec(
            "cadence", _("Meeting cadence kept"), _("Meetings held at the agreed rhythm, QBRs included"), 10
        ),
        Spec(
            "satisfaction",
            _("Customer satisfaction"),
            _("The customer's satisfaction pulse and QBR rating"),
            10,
        ),
        Spec(
            "revenue_trend",
            _("Revenue trend"),
            _("Our revenue with the customer against the year before"),
            10,
        ),
        Spec("margin_trend", _("Margin trend"), _("Our gross margin % against the year before"), 5),
        Spec(
            "wallet_trend",
            _("Share-of-wallet trend"),
            _("Our share of their spend against the year before"),
            5,
        ),
        Spec("deviations", _("Open deviations"), _("Deviations in delivery that are still open"), 5),
        Spec("risk", _("Risk level"), _("Open risks in the register and the risk review rhythm"), 10),
    )
}


@dataclass(frozen=True)
class Reading:
    """One component for one account. `score` 0–100, or None when there is no data to judge by."""

    score: int | None
    reason: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_stored(self) -> dict[str, Any]:
        return {"s": self.score, "r": self.reason, "p": dict(self.params)}


# A provider reads, in a fixed number of queries, every component it serves for the given customers:
# {customer_id: {component_key: Reading}}. A customer missing from the answer has no data.
Provider = Callable[[Sequence[Any], datetime.date], Mapping[int, Mapping[str, Reading]]]

_PROVIDERS: list[tuple[tuple[str, ...], Provider]] = []
_REASONS: dict[str, Callable[[Mapping[str, Any]], str]] = {}


def register_components(keys: Sequence[str], provider: Provider, specs: Sequence[Spec] = ()) -> None:
    """Called from an app's `ready()`: `provider` answers the components named in `keys`."""
    for spec in specs:
        CATALOGUE.setdefault(spec.key, spec)
    unknown = [key for key in keys if key not in CATALOGUE]
    if unknown:
        raise ValueError(f"Health components without a spec: {unknown}")
    _PROVIDERS.append((tuple(keys), provider))


def register_reason(code: str, render: Callable[[Mapping[str, Any]], str]) -> None:
    """`render(params)` returns the sentence in the active language (use gettext/ngettext inside)."""
    _REASONS[code] = render


def provided_keys() -> set[str]:
    return {key for keys, _provider in _PROVIDERS for key in keys}


def read_all(customers: Sequence[Any], today: datetime.date) -> dict[int, dict[str, Reading]]:
    """Every registered component for every customer: each provider runs once for all of them."""
    found: dict[int, dict[str, Reading]] = {c.pk: {} for c in customers}
    if not customers:
        return found
    for keys, provider in _PROVIDERS:
        for customer_id, readings in provider(customers, today).items():
            if customer_id not in found:
                continue
            mine = found[customer_id]
            for key, reading in readings.items():
                if key in keys:
                    mine[key] = merged(mine.get(key), reading)
    return found


COMBINED = "combined"


def merged(before: Reading | None, reading: Reading) -> Reading:
    """Pure: two apps may read one component (satisfaction: the customer's pulse and the QBR
    rating). A provider without data never hides another's reading; when both have data, each
    counts equally and the reason gives both."""
    if before is None or before.score is None:
        return reading
    if reading.score is None:
        return before
    parts = [*before.params["parts"]] if before.reason == COMBINED else [before.as_stored()]
    parts.append(reading.as_stored())
    score = clamp(sum(part["s"] for part in parts) / len(parts))
    return Reading(score, COMBINED, {"parts": parts})


def reason_text(code: str, params: Mapping[str, Any]) -> str:
    if code == COMBINED:
        return " ".join(filter(None, (reason_text(part["r"], part["p"]) for part in params["parts"])))
    render = _REASONS.get(code)
    return render(params) if render else ""


# --- Arithmetic (pure) ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """A component as a page shows it."""

    key: str
    label: Promise
    help: Promise
    weight: int
    available: bool  # some app provides it
    reading: Reading | None

    @property
    def score(self) -> int | None:
        return self.reading.score if self.reading else None

    @property
    def counted(self) -> bool:
        return self.weight > 0 and self.score is not None

    @property
    def reason(self) -> str:
        if not self.available:
            return str(_("Not available yet: nothing in Orchard measures this so far."))
        if self.reading is None:
            return str(_("No data for this account yet."))
        return reason_text(self.reading.reason, self.reading.params)

    @property
    def band(self) -> str:
        return band(self.score)


@dataclass(frozen=True)
class Health:
    score: int | None  # weighted mean of the components with data; None when none has data
    confidence: int  # share of the total weight that had data, in percent
    parts: tuple[Part, ...]

    @property
    def band(self) -> str:
        return band(self.score)

    @property
    def band_label(self) -> Promise:
        return BAND_LABELS[self.band]

    @property
    def missing(self) -> tuple[Part, ...]:
        """Components that are measured and count but had no data: they lowered the confidence."""
        return tuple(p for p in self.parts if p.available and p.weight > 0 and p.score is None)

    def part(self, key: str) -> Part | None:
        return next((p for p in self.parts if p.key == key), None)


def band(score: int | None) -> str:
    if score is None:
        return UNKNOWN
    if score >= GOOD_FROM:
        return GOOD
    return FAIR if score >= FAIR_FROM else POOR


def combine(
    readings: Mapping[str, Reading], weights: Mapping[str, int], available: set[str] | None = None
) -> Health:
    """The health of one account from its readings and the weights (catalogue order).

    Components without a score are left out of the mean, so missing data never pulls the score
    down; it lowers `confidence`, the share of the measured components' weight that could be judged.
    """
    available = provided_keys() if available is None else available
    parts = tuple(
        Part(
            key=spec.key,
            label=spec.label,
            help=spec.help,
            weight=max(0, int(weights.get(spec.key, spec.default_weight))),
            available=spec.key in available,
            reading=readings.get(spec.key),
        )
        for spec in CATALOGUE.values()
    )
    # Components nothing measures yet count neither in the score nor in the confidence.
    total = sum(p.weight for p in parts if p.available)
    counted = [p for p in parts if p.counted]
    weight = sum(p.weight for p in counted)
    score = round(sum(p.weight * p.score for p in counted) / weight) if weight else None
    confidence = round(100 * weight / total) if total else 0
    return Health(score=score, confidence=confidence, parts=parts)


def from_stored(stored: Mapping[str, Any], weights: Mapping[str, int], available: set[str]) -> Health:
    """A health rebuilt from a snapshot's stored readings (`Reading.as_stored`)."""
    readings = {
        key: Reading(value.get("s"), value.get("r", ""), value.get("p") or {})
        for key, value in stored.items()
    }
    return combine(readings, weights, available)


def clamp(value: float) -> int:
    return int(round(min(100.0, max(0.0, value))))


# --- Sparkline (pure SVG) ------------------------------------------------------------------------
def sparkline_svg(scores: Sequence[int | None], title: str, width: int = 96, height: int = 24) -> str:
    """A small line of health scores (0–100), oldest first; gaps where a day has no score."""
    from django.utils.html import escape

    points = [(i, s) for i, s in enumerate(scores) if s is not None]
    step = width / max(1, len(scores) - 1)
    coords = " ".join(f"{i * step:.1f},{height - 2 - s * (height - 4) / 100:.1f}" for i, s in points)
    last = ""
    if points:
        i, s = points[-1]
        last = f'<circle cx="{i * step:.1f}" cy="{height - 2 - s * (height - 4) / 100:.1f}" r="2" fill="#2f6b47"/>'
    line = (
        f'<polyline points="{coords}" fill="none" stroke="#2f6b47" stroke-width="1.5"/>'
        if len(points) > 1
        else ""
    )
    return (
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>{line}{last}</svg>'
    )
