"""Template filters for plans and the white-space matrix."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from accounts.templatetags.orchard import money
from planning.charts import compact as compact_amount

register = template.Library()


@register.filter
def compact(value) -> str:
    """A short amount for a matrix cell (e.g. 1.2M); "–" for nothing."""
    if value in (None, ""):
        return "–"
    return compact_amount(Decimal(value))


@register.simple_tag
def goal_figure(row, value) -> str:
    """A goal's baseline, target or current value: an amount, a percentage or a plain number."""
    if value is None:
        return "–"
    if row.is_money:
        return money(value)
    if row.is_percent:
        return f"{floatformat(value, '-1')} %"
    return floatformat(value, "-2")
