import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.charts.financials import financials_chart
from accounts.figures import Point, build_history, growth, share_of_wallet
from accounts.models import Event, FinancialPeriod
from accounts.numbers import parse_amount
from accounts.selectors.financials import key_figures
from accounts.templatetags.orchard import money

SVG = "{http://www.w3.org/2000/svg}"


def period(year, quarter=0, revenue=10_000_000, margin=3_000_000, spend=40_000_000):
    return SimpleNamespace(
        year=year,
        quarter=quarter,
        revenue=Decimal(revenue),
        gross_margin=Decimal(margin),
        their_spend=None if spend is None else Decimal(spend),
    )


def add(customer, year, quarter=0, revenue=10_000_000, margin=3_000_000, spend=40_000_000):
    return FinancialPeriod.objects.create(
        customer=customer,
        year=year,
        quarter=quarter,
        revenue=Decimal(revenue),
        gross_margin=Decimal(margin),
        their_spend=None if spend is None else Decimal(spend),
    )


def figures(**overrides):
    data = {
        "year": "2026",
        "quarter": "0",
        "revenue": "12 400 000 kr",
        "gross_margin": "3.100.000,50",
        "their_spend": "48\u00a0000\u00a0000",
    }
    return {**data, **overrides}


# parse_amount: pure


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 234 567,50", "1234567.50"),
        ("1\u00a0234\u00a0567,50", "1234567.50"),
        ("1\u202f234\u202f567,50", "1234567.50"),
        ("1.234.567,50", "1234567.50"),
        ("1,234,567.50", "1234567.50"),
        ("1234567.50", "1234567.50"),
        ("1234567,5", "1234567.5"),
        ("12 400 000 kr", "12400000"),
        ("12 400 000 NOK", "12400000"),
        ("kr 12 400 000", "12400000"),
        ("NOK 1 234,50", "1234.50"),
        ("1 234,-", "1234"),
        ("1.234", "1234"),
        ("12,500", "12500"),
        ("0,125", "0.125"),
        ("-1 234", "-1234"),
        ("\u22121 234,50", "-1234.50"),
        ("  7  ", "7"),
    ],
)
def test_parse_amount_reads_nordic_and_english_formats(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "twelve", "kr", "1 2345", "1,5,3", "1.234,5.6", "1 234.567,50", "1,", ".5", "1e5", "9" * 80],
)
def test_parse_amount_refuses_what_is_not_an_amount_with_a_reason(text):
    with pytest.raises(ValueError, match=r"\w+") as error:
        parse_amount(text)
    assert str(error.value)


def _written(amount: Decimal, separator: str, mark: str, suffix: str) -> str:
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(amount) * 100, 100)
    digits = f"{int(whole):,}".replace(",", separator)
    decimals = f"{mark}{int(cents):02d}" if cents else ""
    return f"{sign}{digits}{decimals}{suffix}"


@given(
    amount=st.decimals(
        min_value=-(10**13), max_value=10**13, places=2, allow_nan=False, allow_infinity=False
    ),
    style=st.sampled_from(
        [(" ", ","), ("\u00a0", ","), (".", ","), (",", "."), (" ", "."), ("", ","), ("", ".")]
    ),
    suffix=st.sampled_from(["", " kr", " NOK", "\u00a0kr"]),
)
def test_parse_amount_reads_back_any_amount_however_it_is_written(amount, style, suffix):
    separator, mark = style
    assert parse_amount(_written(amount, separator, mark, suffix)) == amount


# Share of wallet, growth and the history: pure


def test_share_of_wallet_is_our_revenue_over_their_spend_and_unknown_without_spend():
    assert share_of_wallet(Decimal(25), Decimal(100)) == Decimal("0.25")
    assert share_of_wallet(Decimal(25), None) is None
    assert share_of_wallet(Decimal(25), Decimal(0)) is None


def test_growth_compares_with_the_previous_period_and_not_from_zero():
    assert growth(Decimal(125), Decimal(100)) == Decimal("0.25")
    assert growth(Decimal(80), Decimal(100)) == Decimal("-0.2")
    assert growth(Decimal(80), Decimal(0)) is None
    assert growth(Decimal(80), None) is None


def test_history_computes_growth_per_year_and_quarter_and_skips_gaps():
    history = build_history(
        [
            period(2022, revenue=100),
            period(2023, revenue=120),
            period(2025, revenue=150),
            period(2025, 4, revenue=40),
            period(2026, 1, revenue=50),
        ]
    )
    years = {row.label: row for row in history.years}
    assert years["2023"].growth == Decimal("0.2") and years["2023"].compared_with == "2022"
    assert years["2025"].growth is None  # 2024 is missing
    quarters = {row.label: row for row in history.quarters}
    assert quarters["2026 Q1"].growth == Decimal("0.25") and quarters["2026 Q1"].compared_with == "2025 Q4"
    assert [p.label for p in history.points] == ["2022", "2023", "2024", "2025"]
    assert history.points[2].missing
    assert any("2024" in notice for notice in history.notices)


def test_history_explains_revenue_above_their_stated_spend_and_quarters_that_do_not_add_up():
    history = build_history(
        [period(2025, revenue=50_000_000, spend=40_000_000)]
        + [period(2025, q, revenue=10_000_000, spend=None) for q in (1, 2, 3, 4)]
    )
    text = " ".join(history.notices)
    assert "above their stated total spend" in text
    assert "The four quarters of 2025 add up to" in text
    assert history.years[0].share_of_wallet == Decimal("1.25")


def test_history_of_nothing_is_empty():
    history = build_history([])
    assert history.empty and history.points == [] and history.notices == []


# The chart: pure


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output, parsed to check it is well-formed


def test_chart_without_periods_says_so_and_is_valid_svg():
    root = _parse(financials_chart([], title="Nordfjord"))
    assert root.find(f"{SVG}title").text == "Nordfjord"
    assert "No figures yet" in ET.tostring(root, encoding="unicode")
    assert root.find(f"{SVG}desc").text


def test_chart_with_one_period_draws_two_bars_and_one_share_marker():
    history = build_history([period(2025)])
    root = _parse(financials_chart(history.points, title="One year"))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 2
    assert len(list(root.iter(f"{SVG}circle"))) == 2  # the marker and the legend's
    assert "2025" in root.find(f"{SVG}desc").text


def test_chart_with_many_periods_gaps_missing_spend_and_zero_revenue_still_draws():
    periods = [
        period(year, q, revenue=1_000_000 + q * 100_000) for year in range(2015, 2025) for q in (1, 2, 3, 4)
    ]
    periods[5] = period(2016, 2, revenue=0, margin=0)
    periods[9] = period(2017, 2, spend=None)
    del periods[20]
    history = build_history(periods)
    svg = financials_chart(history.points, title="Quarters", unit=history.chart_unit)
    root = _parse(svg)
    assert len(history.points) == 40
    assert "style=" not in svg and "<style" not in svg
    assert len(list(root.iter(f"{SVG}polyline"))) >= 2  # the line breaks where spend is unknown


def test_chart_escapes_every_text():
    nasty = "<script>alert(1)</script> & Co"
    svg = financials_chart(
        [Point(label="<b>2025</b>", revenue=Decimal(1), gross_margin=Decimal(1))], title=nasty
    )
    assert "<script>" not in svg and "<b>" not in svg
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == nasty


def test_chart_numbers_follow_the_language():
    points = build_history([period(2025, revenue=12_400_000)]).points
    with translation.override("nb"):
        norwegian = str(financials_chart(points, title="t"))
        assert money(Decimal(12_400_000)) in norwegian
    with translation.override("en"):
        english = str(financials_chart(points, title="t"))
        assert money(Decimal(12_400_000)) in english
    assert norwegian != english


# Through the client


def test_owner_adds_a_year_in_nordic_format_and_the_timeline_says_so(client, owner, customer):
    client.force_login(owner)
    response = client.post(reverse("accounts:financial-add", args=[customer.pk]), figures())
    assert response.status_code == 302
    row = FinancialPeriod.objects.get(customer=customer)
    assert (row.revenue, row.gross_margin, row.their_spend) == (
        Decimal("12400000"),
        Decimal("3100000.50"),
        Decimal("48000000"),
    )
    event = Event.objects.get(customer=customer, kind="financials.recorded")
    assert event.data == {"period": "2026", "revenue_amount": "12400000"}
    timeline = client.get(reverse("accounts:customer-timeline", args=[customer.pk])).content.decode()
    assert f"recorded 2026 figures: revenue {money(Decimal(12400000))}" in timeline


def test_adding_with_htmx_returns_the_updated_panel(client, contributor, customer):
    client.force_login(contributor)
    response = client.post(
        reverse("accounts:financial-add", args=[customer.pk]), figures(quarter="2"), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="financials-panel"' in body
    assert "2026 Q2" in body and "<svg" in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"revenue": "-5 000"}, "Revenue cannot be negative."),
        ({"their_spend": "-1"}, "Their spend cannot be negative."),
        ({"gross_margin": "13 000 000"}, "The gross margin cannot be larger than the revenue."),
        ({"revenue": "10 000 000 000 000"}, "10 000 billion or more"),
        ({"year": "1989"}, "Give a year between 1990 and 2100."),
        ({"year": "2101"}, "Give a year between 1990 and 2100."),
        ({"revenue": "twelve million"}, "is not an amount"),
        ({"revenue": "1 234,567"}, "at most two decimals"),
        ({"revenue": ""}, "This field is required."),
    ],
)
def test_bad_figures_are_refused_with_a_message_and_nothing_is_written(
    client, owner, customer, overrides, message
):
    client.force_login(owner)
    response = client.post(reverse("accounts:financial-add", args=[customer.pk]), figures(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FinancialPeriod.objects.exists()
    assert not Event.objects.filter(kind__startswith="financials.").exists()


def test_a_duplicate_period_is_refused_with_a_link_to_edit_it(client, owner, customer):
    existing = add(customer, 2026, revenue=5_000_000, margin=1_000_000)
    client.force_login(owner)
    response = client.post(
        reverse("accounts:financial-add", args=[customer.pk]), figures(), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "There are figures for 2026 already" in body
    assert reverse("accounts:financial-edit", args=[customer.pk, existing.pk]) in body
    existing.refresh_from_db()
    assert existing.revenue == Decimal(5_000_000)
    assert FinancialPeriod.objects.count() == 1


def test_owner_corrects_and_removes_a_period(client, owner, customer):
    row = add(customer, 2025)
    client.force_login(owner)
    edit = reverse("accounts:financial-edit", args=[customer.pk, row.pk])
    assert "10 000 000" in client.get(edit).content.decode().replace("\u00a0", " ").replace(",", " ")
    client.post(edit, figures(year="2025", revenue="11 000 000", gross_margin="2 000 000", version=1))
    row.refresh_from_db()
    assert row.revenue == Decimal(11_000_000)
    response = client.post(reverse("accounts:financial-delete", args=[customer.pk, row.pk]))
    assert response.status_code == 302
    assert not FinancialPeriod.objects.exists()
    kinds = set(Event.objects.filter(customer=customer).values_list("kind", flat=True))
    assert {"financials.updated", "financials.deleted"} <= kinds


def test_viewer_and_leader_read_the_figures_but_cannot_add(client, viewer, leader, customer):
    add(customer, 2025)
    for person in (viewer, leader):
        client.force_login(person)
        page = client.get(reverse("accounts:customer-financials", args=[customer.pk])).content.decode()
        assert "2025" in page and 'id="financial-form"' not in page
        response = client.post(reverse("accounts:financial-add", args=[customer.pk]), figures())
        assert response.status_code == 403
    assert FinancialPeriod.objects.count() == 1


def test_the_other_teams_leader_gets_404(client, other_leader, customer):
    row = add(customer, 2025)
    client.force_login(other_leader)
    assert client.get(reverse("accounts:customer-financials", args=[customer.pk])).status_code == 404
    assert client.post(reverse("accounts:financial-add", args=[customer.pk]), figures()).status_code == 404
    assert client.post(reverse("accounts:financial-delete", args=[customer.pk, row.pk])).status_code == 404


def test_a_period_of_another_customer_is_not_found(client, owner, customer, foreign_customer):
    foreign = add(foreign_customer, 2025)
    client.force_login(owner)
    url = reverse("accounts:financial-delete", args=[customer.pk, foreign.pk])
    assert client.post(url).status_code == 404
    assert FinancialPeriod.objects.filter(pk=foreign.pk).exists()


def test_the_tab_explains_gaps_and_impossible_shares_above_the_table(client, owner, customer):
    add(customer, 2022)
    add(customer, 2024, revenue=50_000_000, margin=10_000_000, spend=40_000_000)
    add(customer, 2025, revenue=0, margin=0, spend=None)
    client.force_login(owner)
    page = client.get(reverse("accounts:customer-financials", args=[customer.pk])).content.decode()
    assert page.index("There are no figures for 2023") < page.index('id="financials-years"')
    assert "above their stated total spend" in page


def test_the_tab_costs_the_same_number_of_queries_for_5_and_40_periods(client, owner, customer):
    client.force_login(owner)
    url = reverse("accounts:customer-financials", args=[customer.pk])
    for year in range(2021, 2026):
        add(customer, year)
    client.get(url)  # warm the session and the user's caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for year in range(1991, 2021):
        add(customer, year)
    for quarter in (1, 2, 3, 4):
        add(customer, 2025, quarter, revenue=2_500_000, margin=700_000, spend=None)
        add(customer, 2024, quarter, revenue=2_500_000, margin=700_000, spend=None)
    assert FinancialPeriod.objects.filter(customer=customer).count() == 43
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_overview_shows_the_latest_whole_year_read_in_one_query(
    client, owner, customer, django_assert_num_queries
):
    add(customer, 2024, revenue=8_000_000)
    add(customer, 2025, revenue=10_000_000, margin=3_000_000, spend=40_000_000)
    add(customer, 2026, 1, revenue=99_000_000, margin=1, spend=None)
    with django_assert_num_queries(1):
        assert key_figures(customer).year == 2025
    client.force_login(owner)
    page = client.get(customer.get_absolute_url()).content.decode()
    assert "Key figures" in page
    assert money(Decimal(10_000_000)) in page
    assert "Our revenue 2025" in page
    assert "30.0%" in page and "25%" in page and "+25.0%" in page
    assert reverse("accounts:customer-financials", args=[customer.pk]) in page
