"""The export side of the round trip: customers, units and financial periods as rows in the
import's own columns, so an exported file imports back unchanged."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from accounts.excel import columns as cols
from accounts.models import Customer, CustomerUnit, FinancialPeriod
from accounts.services.imports.planning import CUSTOMER_FIELDS


def _reference(org_number: str, external_id: str) -> str:
    return org_number or external_id


def export_sheets(customers: QuerySet[Customer]) -> list[tuple[cols.Sheet, Iterable[dict[str, Any]]]]:
    """The Customers, Units and Financials sheets for these customers: three queries whatever their
    number, each streamed in chunks. The columns are the import's, so the file imports back unchanged."""
    ids = customers.values("pk")
    return [
        (cols.CUSTOMERS, _customer_rows(customers)),
        (cols.UNITS, _unit_rows(CustomerUnit.objects.filter(customer__in=ids))),
        (cols.FINANCIALS, _financial_rows(FinancialPeriod.objects.filter(customer__in=ids))),
    ]


def export_financial_sheets(customer: Customer) -> list[tuple[cols.Sheet, Iterable[dict[str, Any]]]]:
    return [(cols.FINANCIALS, _financial_rows(FinancialPeriod.objects.filter(customer=customer)))]


def _customer_rows(customers: QuerySet[Customer]) -> Iterable[dict[str, Any]]:
    for customer in customers.select_related("owner", "team", "parent").iterator(chunk_size=2000):
        parent = customer.parent
        yield {
            **{key: getattr(customer, key) for key in CUSTOMER_FIELDS},
            "parent": _reference(parent.org_number, parent.external_id) if parent else None,
            "owner_email": customer.owner.email,
            "owner_name": str(customer.owner),
            "team": customer.team.name if customer.team else None,
        }


def _unit_rows(units: QuerySet[CustomerUnit]) -> Iterable[dict[str, Any]]:
    rows = units.order_by("customer__name", "customer_id", "kind", "name").values_list(
        "customer__org_number", "customer__external_id", "customer__name", "kind", "name", "country", "note"
    )
    for org_number, external_id, customer_name, kind, name, country, note in rows.iterator(chunk_size=2000):
        yield {
            "customer": _reference(org_number, external_id),
            "customer_name": customer_name,
            "kind": kind,
            "name": name,
            "country": country,
            "note": note,
        }


def _financial_rows(periods: QuerySet[FinancialPeriod]) -> Iterable[dict[str, Any]]:
    rows = periods.order_by("customer__name", "customer_id", "year", "quarter").values_list(
        "customer__org_number",
        "customer__external_id",
        "customer__name",
        "year",
        "quarter",
        "revenue",
        "gross_margin",
        "their_spend",
    )
    for org_number, external_id, customer_name, *figures in rows.iterator(chunk_size=2000):
        yield {
            "customer": _reference(org_number, external_id),
            "customer_name": customer_name,
            **dict(zip(("year", "quarter", "revenue", "gross_margin", "their_spend"), figures, strict=True)),
        }
