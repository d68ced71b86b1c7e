"""Rows for the financials tab (history, add, edit, delete) and the customer profile (page, section, edit)."""

from decimal import Decimal

from accounts.models import FinancialPeriod
from tests.matrix import ALL_405, FOREIGN_VIEW, OWN_VIEW, Row, codes, customer_kwargs

OWN_EDIT_GET = codes("302 404 403 200 200 403 404 200")
OWN_EDIT_POST = codes("302 404 403 302 302 403 404 302")
FOREIGN_EDIT_GET = codes("302 404 404 404 404 404 403 200")
FOREIGN_EDIT_POST = codes("302 404 404 404 404 404 403 302")


def period_kwargs(cast, target):
    period, _ = FinancialPeriod.objects.get_or_create(
        customer=target,
        year=2024,
        quarter=0,
        defaults={"revenue": Decimal("12400000"), "gross_margin": Decimal("3100000")},
    )
    return {"customer_id": target.pk, "period_id": period.pk}


def section_kwargs(cast, target):
    return {"customer_id": target.pk, "key": "goals"}


def figures(year: int) -> dict:
    return {
        "year": str(year),
        "quarter": "0",
        "revenue": "12 400 000 kr",
        "gross_margin": "3.100.000,00",
        "their_spend": "48,000,000.00",
    }


ROWS: dict[str, Row] = {
    "accounts:customer-financials": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:financial-add": Row(
        kwargs=customer_kwargs,
        post=OWN_EDIT_POST,
        foreign_get=ALL_405,
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: figures(2025),
    ),
    "accounts:financial-edit": Row(
        kwargs=period_kwargs,
        get=OWN_EDIT_GET,
        post=OWN_EDIT_POST,
        foreign_get=FOREIGN_EDIT_GET,
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: figures(2024) | {"version": "1"},
    ),
    "accounts:financial-delete": Row(
        kwargs=period_kwargs, post=OWN_EDIT_POST, foreign_get=ALL_405, foreign_post=FOREIGN_EDIT_POST
    ),
    "accounts:customer-profile": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:profile-section": Row(
        kwargs=section_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:profile-section-edit": Row(
        kwargs=section_kwargs,
        get=OWN_EDIT_GET,
        post=OWN_EDIT_POST,
        foreign_get=FOREIGN_EDIT_GET,
        foreign_post=FOREIGN_EDIT_POST,
        data=lambda cast, target: {"body": "Grow in **Sweden** by 2027.", "version": "0"},
    ),
}
