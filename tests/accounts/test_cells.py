"""Cells written in Python for list pages give exactly the HTML of the partials they stand in for."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from accounts.cells import health_badge
from accounts.selectors.health import Stored

DAY = datetime.date(2026, 12, 3)

READINGS = [
    None,
    Stored(DAY, None, 0, {}, None),
    Stored(DAY, 72, 100, {}, None),
    Stored(DAY, 72, 85, {}, 60),
    Stored(DAY, 32, 100, {}, 60),
    Stored(DAY, 45, 40, {}, 45),
]


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
@pytest.mark.parametrize("stored", READINGS)
def test_health_badge_is_the_partials_html(stored, language):
    with translation.override(language):
        expected = render_to_string("accounts/partials/health_badge.html", {"stored": stored})
        assert health_badge(stored) == expected
