"""Financial history from plain periods: margin %, share of wallet, growth, gaps and what does not add up.

Pure: takes any objects with `year`, `quarter` (0 = whole year), `revenue`, `gross_margin` and
`their_spend` (None when unknown) — model rows or test doubles alike — and never queries.
Sentences come out in the active language; amounts and percentages are formatted for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Protocol

from babel import Locale
from babel.numbers import NumberPattern, format_compact_decimal, parse_pattern
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.templatetags.orchard import BABEL_LOCALES, money

# Anything larger is a typo (an extra digit group), not a customer: the model holds 16 digits.
MAX_AMOUNT = Decimal(10) ** 13
FIRST_YEAR, LAST_YEAR = 1990, 2100
# Quarters that add up to within this share of the whole-year figure are taken to agree (rounding).
QUARTER_TOLERANCE = Decimal("0.005")
# Beyond this many years (twice as many quarters) a continuous axis would be mostly empty slots:
# then the chart shows only the periods we have.
MAX_AXIS_SPAN = 30


class PeriodLike(Protocol):
    year: int
    quarter: int
    revenue: Decimal
    gross_margin: Decimal
    their_spend: Decimal | None


def check_figures(
    *, year: int, quarter: int, revenue: Decimal, gross_margin: Decimal, their_spend: Decimal | None
) -> None:
    """The rules every financial period keeps, whoever writes it (form, import, admin).

    Raises ValidationError keyed by field, with a message in the active language.
    """
    errors: dict[str, list[str]] = {}
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors.setdefault("year", []).append(
            _("Give a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    if quarter not in (0, 1, 2, 3, 4):
        errors.setdefault("quarter", []).append(_("Choose the whole year or a quarter from Q1 to Q4."))
    for name, value in (("revenue", revenue), ("gross_margin", gross_margin), ("their_spend", their_spend)):
        if value is not None and abs(value) >= MAX_AMOUNT:
            errors.setdefault(name, []).append(
                _("That is 10 000 billion or more: check the number of digits.")
            )
    if revenue < 0:
        errors.setdefault("revenue", []).append(_("Revenue cannot be negative."))
    if their_spend is not None and their_spend < 0:
        errors.setdefault("their_spend", []).append(_("Their spend cannot be negative."))
    if "revenue" not in errors and "gross_margin" not in errors and gross_margin > revenue:
        errors.setdefault("gross_margin", []).append(_("The gross margin cannot be larger than the revenue."))
    if errors:
        raise ValidationError(errors)


def period_label(year: int, quarter: int) -> str:
    return f"{year}" if not quarter else f"{year} Q{quarter}"


def share_of_wallet(revenue: Decimal, their_spend: Decimal | None) -> Decimal | None:
    """Our revenue ÷ their spend in our categories; None when their spend is unknown or zero."""
    if not their_spend or their_spend < 0:
        return None
    return Decimal(revenue) / Decimal(their_spend)


def margin_ratio(revenue: Decimal, gross_margin: Decimal) -> Decimal | None:
    return Decimal(gross_margin) / Decimal(revenue) if revenue else None


def growth(current: Decimal, previous: Decimal | None) -> Decimal | None:
    """Change against the previous period as a fraction; None without a previous period or from zero."""
    if previous is None or not previous:
        return None
    return (Decimal(current) - Decimal(previous)) / abs(Decimal(previous))


def previous_period(year: int, quarter: int) -> tuple[int, int]:
    """The period growth is measured against: the year before, or the quarter before."""
    if not quarter:
        return year - 1, 0
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


@dataclass(frozen=True)
class Row:
    """One line of the financial table."""

    period: Any
    label: str
    revenue: Decimal
    gross_margin: Decimal
    their_spend: Decimal | None
    margin_ratio: Decimal | None
    share_of_wallet: Decimal | None
    growth: Decimal | None
    compared_with: str | None


@dataclass(frozen=True)
class Point:
    """One slot on the chart's time axis; `missing` slots are years or quarters without figures."""

    label: str
    revenue: Decimal | None = None
    gross_margin: Decimal | None = None
    share_of_wallet: Decimal | None = None

    @property
    def missing(self) -> bool:
        return self.revenue is None


@dataclass
class History:
    years: list[Row] = field(default_factory=list)  # newest first, as the table shows them
    quarters: list[Row] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)  # oldest first, as the chart draws them
    chart_unit: str = "year"  # "year" or "quarter": what the chart's axis counts

    @property
    def empty(self) -> bool:
        return not self.years and not self.quarters


def build_history(periods: Iterable[PeriodLike]) -> History:
    """Table rows, chart points and the notices about gaps and figures that cannot all be true."""
    periods = sorted(periods, key=lambda p: (p.year, p.quarter))
    whole = [p for p in periods if not p.quarter]
    quarters = [p for p in periods if p.quarter]
    history = History(years=_rows(whole)[::-1], quarters=_rows(quarters)[::-1])
    history.notices = _notices(whole, quarters)
    if whole:
        history.points = _points(whole, _year_slots(whole))
    elif quarters:
        history.points, history.chart_unit = _points(quarters, _quarter_slots(quarters)), "quarter"
    return history


def _rows(periods: Sequence[PeriodLike]) -> list[Row]:
    by_key = {(p.year, p.quarter): p for p in periods}
    rows = []
    for p in periods:
        before = by_key.get(previous_period(p.year, p.quarter))
        rows.append(
            Row(
                period=p,
                label=period_label(p.year, p.quarter),
                revenue=p.revenue,
                gross_margin=p.gross_margin,
                their_spend=p.their_spend,
                margin_ratio=margin_ratio(p.revenue, p.gross_margin),
                share_of_wallet=share_of_wallet(p.revenue, p.their_spend),
                growth=growth(p.revenue, before.revenue if before else None),
                compared_with=period_label(before.year, before.quarter) if before else None,
            )
        )
    return rows


def _year_slots(whole: Sequence[PeriodLike]) -> list[tuple[int, int]]:
    first, last = whole[0].year, whole[-1].year
    if last - first >= MAX_AXIS_SPAN:
        return [(p.year, 0) for p in whole]
    return [(year, 0) for year in range(first, last + 1)]


def _quarter_slots(quarters: Sequence[PeriodLike]) -> list[tuple[int, int]]:
    first, last = quarters[0], quarters[-1]
    start, end = first.year * 4 + first.quarter - 1, last.year * 4 + last.quarter - 1
    if end - start >= MAX_AXIS_SPAN * 2:
        return [(p.year, p.quarter) for p in quarters]
    return [(index // 4, index % 4 + 1) for index in range(start, end + 1)]


def _points(periods: Sequence[PeriodLike], slots: list[tuple[int, int]]) -> list[Point]:
    by_key = {(p.year, p.quarter): p for p in periods}
    points = []
    for year, quarter in slots:
        p = by_key.get((year, quarter))
        if p is None:
            points.append(Point(label=period_label(year, quarter)))
        else:
            points.append(
                Point(
                    label=period_label(year, quarter),
                    revenue=p.revenue,
                    gross_margin=p.gross_margin,
                    share_of_wallet=share_of_wallet(p.revenue, p.their_spend),
                )
            )
    return points


def missing_periods(periods: Sequence[PeriodLike]) -> list[str]:
    """The years (or quarters) absent between the first and the last one present, a run of them as
    one range: ["2020", "2022–2023"]."""
    if not periods:
        return []
    present = {(p.year, p.quarter) for p in periods}
    slots = _year_slots(periods) if not periods[0].quarter else _quarter_slots(periods)
    runs: list[list[tuple[int, int]]] = []
    previous_missing = False
    for slot in slots:
        missing = slot not in present
        if missing and previous_missing:
            runs[-1].append(slot)
        elif missing:
            runs.append([slot])
        previous_missing = missing
    return [
        period_label(*run[0]) if len(run) == 1 else f"{period_label(*run[0])}–{period_label(*run[-1])}"
        for run in runs
    ]


def _notices(whole: Sequence[PeriodLike], quarters: Sequence[PeriodLike]) -> list[str]:
    notices = []
    for periods in (whole, quarters):
        gaps = missing_periods(periods)
        if gaps:
            notices.append(
                _(
                    "There are no figures for %(periods)s. Growth is only shown against the period right "
                    "before, so it is left out after a gap."
                )
                % {"periods": ", ".join(gaps)}
            )
    for p in [*whole, *quarters]:
        notices.extend(_period_notices(p))
    notices.extend(_quarter_sum_notices(whole, quarters))
    unknown = [period_label(p.year, p.quarter) for p in whole if p.their_spend is None]
    if unknown:
        notices.append(
            _("Their total spend is not known for %(periods)s, so share of wallet is left out there.")
            % {"periods": ", ".join(unknown)}
        )
    return notices


def _period_notices(p: PeriodLike) -> list[str]:
    label = period_label(p.year, p.quarter)
    notices = []
    if p.their_spend is not None and p.revenue > p.their_spend:
        notices.append(
            _(
                "%(period)s: our revenue (%(revenue)s) is above their stated total spend in our categories "
                "(%(spend)s). A share of wallet above 100 %% is not possible: check the spend estimate."
            )
            % {"period": label, "revenue": money(p.revenue), "spend": money(p.their_spend)}
        )
    if p.gross_margin > p.revenue:
        notices.append(
            _("%(period)s: the gross margin (%(margin)s) is larger than the revenue (%(revenue)s).")
            % {"period": label, "margin": money(p.gross_margin), "revenue": money(p.revenue)}
        )
    return notices


def _quarter_sum_notices(whole: Sequence[PeriodLike], quarters: Sequence[PeriodLike]) -> list[str]:
    by_year: dict[int, list[PeriodLike]] = {}
    for q in quarters:
        by_year.setdefault(q.year, []).append(q)
    notices = []
    for p in whole:
        four = by_year.get(p.year, [])
        if len(four) != 4:
            continue
        total = sum((q.revenue for q in four), Decimal(0))
        if abs(total - p.revenue) > abs(p.revenue) * QUARTER_TOLERANCE:
            notices.append(
                _(
                    "The four quarters of %(year)s add up to %(total)s in revenue, "
                    "but the whole-year figure is %(revenue)s."
                )
                % {"year": p.year, "total": money(total), "revenue": money(p.revenue)}
            )
    whole_years = {p.year for p in whole}
    only_quarters = sorted(set(by_year) - whole_years)
    if only_quarters and whole:
        notices.append(
            _("%(years)s has quarterly figures only; the yearly table and the chart start from whole years.")
            % {"years": ", ".join(str(year) for year in only_quarters)}
        )
    return notices


def _locale() -> str:
    return BABEL_LOCALES.get(translation.get_language() or "en", "en_GB")


def format_percent(ratio: Decimal | float | None, places: int = 0, signed: bool = False) -> str:
    """A fraction as a percentage in the active language ("34 %" in nb, "34%" in en); "–" for None."""
    if ratio is None:
        return "–"
    locale, pattern = _percent_pattern(_locale(), places)
    value = Decimal(str(ratio))
    text = pattern.apply(abs(value) if signed else value, locale)
    if signed and value.quantize(Decimal(1).scaleb(-(places + 2))):
        text = ("+" if value > 0 else "\u2212") + text
    return text


@lru_cache(maxsize=32)
def _percent_pattern(name: str, places: int) -> tuple[Locale, NumberPattern]:
    """The locale's percent pattern with `places` decimals, parsed once per language."""
    locale = Locale.parse(name)
    pattern = locale.percent_formats[None].pattern
    if places:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * places, 1)
    return locale, parse_pattern(pattern)


def format_compact(amount: Decimal | float) -> str:
    """A short amount for chart axes: "12.4M" in en, "12,4 mill." in nb, "12,4 mn" in sv."""
    return format_compact_decimal(amount, format_type="short", locale=_locale(), fraction_digits=1)
