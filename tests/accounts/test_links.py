"""reverse_ids gives exactly what reverse() gives, under any script prefix and URLconf."""

import pytest
from django.urls import reverse, set_script_prefix

from accounts.links import reverse_ids


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("accounts:customer-detail", (1,)),
        ("accounts:customer-detail", (1234567,)),
        ("accounts:stakeholder-detail", (12, 7)),
        ("planning:plan-detail", (3,)),
    ],
)
def test_same_as_reverse(name, ids):
    assert reverse_ids(name, *ids) == reverse(name, args=ids)


def test_follows_the_script_prefix():
    try:
        set_script_prefix("/orchard/")
        assert reverse_ids("accounts:customer-detail", 5) == reverse("accounts:customer-detail", args=[5])
        assert reverse_ids("accounts:customer-detail", 5).startswith("/orchard/")
    finally:
        set_script_prefix("/")
    assert not reverse_ids("accounts:customer-detail", 5).startswith("/orchard/")


def test_ids_that_are_not_numbers_go_through_reverse():
    assert reverse_ids("accounts:customer-detail", "9") == reverse("accounts:customer-detail", args=["9"])
