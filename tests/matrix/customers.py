"""Rows for the customer list, the customer frame's own tabs and units, and the feature apps' tabs."""

from accounts.models import CustomerUnit
from tests.matrix import ALL_200, ALL_405, FOREIGN_VIEW, OWN_VIEW, Row, codes, customer_kwargs

OWN_EDIT_POST = codes("302 404 403 302 302 403 404 302")
FOREIGN_EDIT_POST = codes("302 404 404 404 404 404 403 302")


def unit_kwargs(cast, target):
    unit, _ = CustomerUnit.objects.get_or_create(customer=target, kind="unit", name="Offshore")
    return {"customer_id": target.pk, "unit_id": unit.pk}


def _tab(**overrides) -> Row:
    return Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405, **overrides
    )


ROWS: dict[str, Row] = {
    "accounts:customer-list": Row(get=ALL_200),
    "accounts:customer-stakeholders": _tab(),
    "accounts:unit-add": Row(
        kwargs=customer_kwargs,
        get=codes("302 404 403 200 200 403 404 200"),
        post=OWN_EDIT_POST,
        foreign_get=codes("302 404 404 404 404 404 403 200"),
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: {"kind": "country", "name": "Sverige", "country": "SE"},
    ),
    "accounts:unit-delete": Row(
        kwargs=unit_kwargs, post=OWN_EDIT_POST, foreign_get=ALL_405, foreign_post=FOREIGN_EDIT_POST
    ),
    "planning:customer-plan": _tab(),
    "planning:customer-whitespace": _tab(),
}
