"""Every amount, percentage and count a person types is read the same way, in every language.

One table of inputs is fed to every number field of every form through the pages themselves, in
English, Norwegian and Swedish; the stored value must be exactly what was meant, and text that is
not a number is refused with a message that names the field and changes nothing.
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django import forms as django_forms
from django.urls import reverse
from django.utils import translation

from accounts.forms.base import NumberField, TrustedFormMixin
from accounts.models import Criterion, CustomerUnit, FinancialPeriod
from meetings.models import CadenceRule
from planning.models import AccountPlan, Goal, Offering, Opportunity, WhiteSpaceCell
from risk.models import CompetitorPresence, Contract, WhatIfScenario

LANGUAGES = ["en", "nb", "sv"]

# (typed, meant): what the Excel import accepts, accepted here too.
AMOUNTS = [
    ("1 234,50", "1234.50"),
    ("1234,50", "1234.50"),
    ("1.234,50", "1234.50"),
    ("1.234.567,50", "1234567.50"),
    ("1\u00a0234\u00a0567,50", "1234567.50"),
    ("1\u202f234,50", "1234.50"),
    ("1\u2009234,50", "1234.50"),
    ("1 234,50 kr", "1234.50"),
    ("kr 1 234,50", "1234.50"),
    ("1 234,50 NOK", "1234.50"),
    ("NOK 1234.50", "1234.50"),
    ("1,234.50", "1234.50"),
    ("1,234,567.50", "1234567.50"),
    ("1234.50", "1234.50"),
    ("1 234,-", "1234"),
    ("12 400 000", "12400000"),
]
PERCENTS = [("45", "45"), (" 45 ", "45"), ("+45", "45"), ("45,0", "45"), ("100", "100"), ("0", "0")]
SHARES = [("12,5", "12.5"), ("12.5", "12.5"), ("12,50", "12.5"), ("100", "100"), ("0,25", "0.25")]
COUNTS = [("3", "3"), ("12", "12"), (" 24 ", "24"), ("120", "120")]
CHANGES = [("-30", "-30"), ("\u221230", "-30"), ("+20", "20"), ("300", "300"), ("-100", "-100")]
NOT_NUMBERS = ["twelve", "12,34,5", "1 2345", "1.234,5.6", "=1+1"]


@dataclass
class Case:
    """One number field of one form, reached through its page."""

    name: str
    form: str  # module.Class
    field: str
    inputs: list[tuple[str, str]]
    url: Callable
    payload: Callable
    stored: Callable  # the value the last POST stored, or None
    manager: bool = False


def _today() -> str:
    return datetime.date.today().isoformat()


def _plan_url(name):
    return lambda s: reverse(name, args=[s.plan.pk])


def _latest(model, **filters):
    return lambda s, field: getattr(model.objects.filter(**filters).order_by("-pk").first(), field, None)


CASES = [
    *[
        Case(
            f"financial period {field}",
            "accounts.forms.financials.FinancialPeriodForm",
            field,
            AMOUNTS,
            lambda s: reverse("accounts:financial-add", args=[s.customer.pk]),
            lambda s: {"year": "2020", "quarter": "0", "revenue": "99 000 000", "gross_margin": "0"},
            lambda s, f: getattr(FinancialPeriod.objects.filter(year=2020).first(), f, None),
        )
        for field in ("revenue", "gross_margin", "their_spend")
    ],
    *[
        Case(
            f"goal {field}",
            "planning.forms.GoalForm",
            field,
            AMOUNTS,
            _plan_url("planning:goal-create"),
            lambda s: {"kind": "strategic", "title": "Sole supplier", "progress_entered": "10"},
            _latest(Goal),
        )
        for field in ("baseline", "target", "current_value")
    ],
    Case(
        "goal progress",
        "planning.forms.GoalForm",
        "progress_entered",
        PERCENTS,
        _plan_url("planning:goal-create"),
        lambda s: {"kind": "strategic", "title": "Sole supplier"},
        _latest(Goal),
    ),
    Case(
        "opportunity value",
        "planning.forms.OpportunityForm",
        "value",
        AMOUNTS,
        _plan_url("planning:opportunity-create"),
        lambda s: {"name": "Pilot", "probability": "20", "stage": "idea"},
        _latest(Opportunity),
    ),
    Case(
        "opportunity probability",
        "planning.forms.OpportunityForm",
        "probability",
        PERCENTS,
        _plan_url("planning:opportunity-create"),
        lambda s: {"name": "Pilot", "value": "0", "stage": "idea"},
        _latest(Opportunity),
    ),
    *[
        Case(
            f"white-space {field}",
            "planning.forms.CellForm",
            field,
            AMOUNTS,
            lambda s: reverse("planning:whitespace-cell", args=[s.customer.pk, s.offering.pk, s.unit.pk]),
            lambda s: (
                {"status": "open", "current_revenue": "0", "potential": "0", "confidence": "2"}
                | {"version": str(getattr(WhiteSpaceCell.objects.first(), "version", 0))}
            ),
            _latest(WhiteSpaceCell),
        )
        for field in ("current_revenue", "potential")
    ],
    Case(
        "contract value",
        "risk.forms.ContractForm",
        "value",
        AMOUNTS,
        lambda s: reverse("risk:contract-add", args=[s.customer.pk]),
        lambda s: {
            "title": "Frame",
            "start": "2026-01-01",
            "expiry": "2028-12-31",
            "notice_unit": "months",
            "notice_amount": "3",
        },
        _latest(Contract),
    ),
    Case(
        "contract notice period",
        "risk.forms.ContractForm",
        "notice_amount",
        COUNTS,
        lambda s: reverse("risk:contract-add", args=[s.customer.pk]),
        lambda s: {"title": "Frame", "start": "2026-01-01", "expiry": "2028-12-31", "notice_unit": "months"},
        _latest(Contract),
    ),
    Case(
        "competitor share",
        "risk.forms.CompetitorForm",
        "share_estimate",
        SHARES,
        lambda s: reverse("risk:competitor-add", args=[s.customer.pk]),
        lambda s: {"name": "Rival AS", "strength": "2"},
        _latest(CompetitorPresence),
    ),
    Case(
        "what-if custom change",
        "risk.forms.ScenarioSaveForm",
        "percent",
        CHANGES,
        lambda s: reverse("risk:scenario-save"),
        lambda s: {"name": "Drop", "kind": "custom", "customers": str(s.customer.pk), "year": "2026"},
        lambda s, f: (
            (WhatIfScenario.objects.order_by("-pk").first().changes or [{}])[0].get(f)
            if WhatIfScenario.objects.exists()
            else None
        ),
    ),
    Case(
        "criterion weight",
        "accounts.forms.selection.CriterionForm",
        "weight",
        PERCENTS,
        lambda s: reverse("accounts:criterion-create"),
        lambda s: {"name": f"Criterion {Criterion.objects.count()}", "axis": "attractiveness", "order": "1"},
        _latest(Criterion),
        manager=True,
    ),
    Case(
        "criterion order",
        "accounts.forms.selection.CriterionForm",
        "order",
        COUNTS,
        lambda s: reverse("accounts:criterion-create"),
        lambda s: {"name": f"Criterion {Criterion.objects.count()}", "axis": "attractiveness", "weight": "5"},
        _latest(Criterion),
        manager=True,
    ),
    Case(
        "offering order",
        "planning.forms.OfferingForm",
        "order",
        COUNTS,
        lambda s: reverse("planning:offering-create"),
        lambda s: {"name": f"Offering {Offering.objects.count()}", "active": "on"},
        _latest(Offering),
        manager=True,
    ),
    Case(
        "meeting rhythm in months",
        "meetings.forms.CadenceForm",
        "interval_months",
        [("3", "3"), (" 12 ", "12"), ("+6", "6"), ("24", "24"), ("0", "0")],
        lambda s: reverse("meetings:cadence-override", args=[s.customer.pk, "strategic"]),
        lambda s: {
            "reason": "New leadership",
            "version": str(
                CadenceRule.objects.filter(customer=s.customer).values_list("version", flat=True).first() or 0
            ),
        },
        _latest(CadenceRule),
    ),
]

# Fields whose value is read on a page rather than stored (filters, settings of a view).
READ_ONLY = {
    ("accounts.forms.stakeholders", "GapSettingsForm", "days"),
    ("accounts.forms.stakeholders", "NextStepCreateForm", "days"),
    ("risk.forms", "SimulatorForm", "percent"),
    ("risk.forms", "SimulatorForm", "year"),
    ("risk.forms", "ScenarioSaveForm", "year"),
    ("accounts.forms.financials", "FinancialPeriodForm", "year"),
    ("planning.forms", "PlanCreateForm", "period"),
    ("planning.forms", "RolloverForm", "period"),
    # how many days an invitation link works: turned into an expiry time, not stored as typed
    ("planning.forms_sharing", "InvitationForm", "days"),
    ("planning.forms_sharing", "ResendForm", "days"),
}
# Administrators' pages: the same shared field (the base form converts it), not in the table.
ADMIN_ONLY = {("accounts.admin", "HealthWeightForm", "weight")}
APPS = ("accounts", "planning", "risk", "meetings")


@dataclass
class Scene:
    customer: object
    plan: AccountPlan
    offering: Offering
    unit: CustomerUnit


@pytest.fixture
def scene(customer, owner) -> Scene:
    plan = AccountPlan.objects.create(
        customer=customer,
        period=2026,
        summary="",
        next_review_due=datetime.date(2026, 4, 1),
        created_by=owner,
    )
    group = Offering.objects.create(name="Field service")
    offering = Offering.objects.create(name="Maintenance", parent=group)
    unit = CustomerUnit.objects.create(customer=customer, kind="unit", name="Production")
    FinancialPeriod.objects.create(
        customer=customer, year=2026, quarter=0, revenue=Decimal("1000000"), gross_margin=Decimal("100000")
    )
    return Scene(customer, plan, offering, unit)


def _speaking(client, user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    client.cookies["django_language"] = language


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_every_number_field_stores_what_was_meant(client, scene, owner, admin_user, case, language):
    _speaking(client, admin_user if case.manager else owner, language)
    for typed, meant in case.inputs:
        FinancialPeriod.objects.filter(year=2020).delete()
        response = client.post(case.url(scene), case.payload(scene) | {case.field: typed})
        assert response.status_code == 302, (case.name, typed, response.content.decode()[-2000:])
        assert _number(case.stored(scene, case.field)) == Decimal(meant), (case.name, typed)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_text_that_is_not_a_number_is_refused_naming_the_field(
    client, scene, owner, admin_user, case, language
):
    _speaking(client, admin_user if case.manager else owner, language)
    stored_before = case.stored(scene, case.field)
    for typed in NOT_NUMBERS:
        response = client.post(case.url(scene), case.payload(scene) | {case.field: typed}, follow=True)
        body = response.content.decode()
        with translation.override(language):
            label = _label_of(case)
        assert f"{label}:" in body, (case.name, typed)
        assert case.stored(scene, case.field) == stored_before, (case.name, typed)


def _label_of(case: Case) -> str:
    module_name, class_name = case.form.rsplit(".", 1)
    return str(getattr(importlib.import_module(module_name), class_name).base_fields[case.field].label)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "1,234,567.50"), ("nb", "1\u00a0234\u00a0567,50"), ("sv", "1\u00a0234\u00a0567,50")],
)
def test_an_amount_is_shown_back_in_the_users_language_and_saves_unchanged(
    client, scene, owner, language, shown
):
    opportunity = Opportunity.objects.create(
        plan=scene.plan, name="Pilot", value=Decimal("1234567.50"), probability=40
    )
    _speaking(client, owner, language)
    page = client.get(reverse("planning:opportunity-edit", args=[opportunity.pk])).content.decode()
    assert f'value="{shown}"' in page
    assert 'inputmode="decimal"' in page and 'type="number"' not in page
    data = {"name": "Pilot", "value": shown, "probability": "40", "stage": "idea", "version": "1"}
    assert client.post(reverse("planning:opportunity-edit", args=[opportunity.pk]), data).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.value == Decimal("1234567.50")


def test_an_absurdly_large_amount_is_refused_not_a_database_error(client, scene, owner):
    client.force_login(owner)
    data = {"name": "Pilot", "value": "1" + "0" * 29, "probability": "20", "stage": "idea"}
    response = client.post(reverse("planning:opportunity-create", args=[scene.plan.pk]), data)
    assert response.status_code == 400
    assert "Value: The largest value allowed is" in response.content.decode()
    assert not Opportunity.objects.exists()


def _form_classes():
    """Every form class defined in Orchard's apps (forms modules and admin pages alike)."""
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    seen, todo = set(), [django_forms.BaseForm]
    while todo:
        for form_class in todo.pop().__subclasses__():
            if form_class not in seen:
                seen.add(form_class)
                todo.append(form_class)
    return sorted(
        (form for form in seen if form.__module__.split(".")[0] in APPS and "Mixin" not in form.__name__),
        key=lambda form: (form.__module__, form.__name__),
    )


def test_every_form_in_every_app_is_built_on_the_shared_base():
    plain = [form.__name__ for form in _form_classes() if not issubclass(form, TrustedFormMixin)]
    assert plain == []


def test_every_number_field_that_stores_a_value_is_in_the_table():
    found = set()
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            number = isinstance(
                field,
                NumberField | django_forms.IntegerField | django_forms.DecimalField | django_forms.FloatField,
            )
            if number and not field.widget.is_hidden:
                found.add((form_class.__module__, form_class.__name__, name))
    covered = {(*case.form.rsplit(".", 1), case.field) for case in CASES}
    assert found - READ_ONLY - ADMIN_ONLY == covered
