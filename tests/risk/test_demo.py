"""The demo organisation carries contracts, competitors, risk registers and reviews, some overdue."""

import datetime

import pytest
from django.utils import timezone

from accounts import demo
from accounts.models import Customer
from risk.models import CompetitorPresence, Contract, ExposedIndustry, RiskItem, RiskReview

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_risk_data_to_key_accounts():
    demo.seed("small")
    today = timezone.localdate()
    keys = Customer.objects.key_accounts()
    assert Contract.objects.filter(customer__in=keys).values("customer").distinct().count() == keys.count()
    expiries = list(Contract.objects.values_list("expiry", flat=True))
    assert max(expiries) <= today + datetime.timedelta(days=3 * 366)
    counts = [RiskItem.objects.filter(customer=c).count() for c in keys]
    assert min(counts) >= 1 and max(counts) <= 5
    assert CompetitorPresence.objects.exists() and ExposedIndustry.objects.exists()
    assert RiskReview.objects.filter(next_review_due__lt=today).exists()
    assert not RiskItem.objects.exclude(customer__status=Customer.Status.KEY).exists()
