"""Pace, requirement and forecast against a target, on worked examples, edges and properties."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.calendar import WorkCalendar, parse_period, period_from_dates, public_holidays
from planner.models import Metric, Outcome, Period, Target, Touch
from planner.pacing import PaceReport, SellerEvidence, pace_from_totals, pace_report, status_for
from tests.conftest import examples
from tests.unit.test_forecast import Reference, reference

MON_FRI = WorkCalendar()
YEAR_2026 = parse_period("2026")


def sale(day: date, amount: Decimal | None = None, outcome: Outcome = "sale") -> Touch:
    return Touch(
        id=day.toordinal(),
        prospect_id=1,
        at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        outcome=outcome,
        source="new",
        amount=amount,
    )


def sales_target(amount: int | str, period: Period = YEAR_2026) -> Target:
    return Target(metric="sales", amount=Decimal(amount), period=period)


# No evidence given: the plan of Settings' defaults, 40 touches a day at 0.30*0.30*0.35 per
# touch, is the prior rate (sales per working day).
DEFAULT_PRIOR_RATE = 40 * 0.30 * 0.30 * 0.35


def model(report: PaceReport, sale_count: int, needed: int) -> Reference:
    """The documented model's forecast for a report made without evidence, recomputed."""
    return reference(
        DEFAULT_PRIOR_RATE,
        sale_count,
        report.working_days_elapsed,
        report.working_days_remaining,
        needed,
    )


# ---------------------------------------------------------------- the seed example


def test_seed_example_24_sales_in_2026_with_7_by_july_is_at_risk() -> None:
    sales = [sale(date(2026, m, 10)) for m in (1, 2, 3, 4, 5, 6)] + [sale(date(2026, 6, 30))]
    report = pace_report(sales_target(24), sales, MON_FRI, date(2026, 7, 1))

    assert report.working_days_total == 261
    assert report.working_days_elapsed == 129
    assert report.working_days_remaining == 132
    assert report.actual == Decimal(7)
    assert round(report.expected, 2) == 11.86
    assert report.pace is not None and round(report.pace, 2) == 0.59
    assert report.status == "at_risk"
    assert report.gap == pytest.approx(11.862 - 7, abs=1e-3)
    assert report.remaining == Decimal(17)
    assert report.required_per_day == pytest.approx(0.129, abs=5e-4)
    assert report.run_rate_per_day == pytest.approx(0.054, abs=5e-4)
    assert report.behind_by == pytest.approx(24 * 129 / 261 - 7)
    assert not report.final
    # The forecast: Settings' default plan (1.26 sales a day) is far off 7 sales in 129 days,
    # so the robust part of the prior carries it: Gamma(1 + 7, 1/1.26 + 129) a day.
    want = model(report, 7, 17)
    assert want.prior_share < 1e-20
    assert report.projected == pytest.approx(7 + want.mean, abs=1e-9)
    assert report.projected == pytest.approx(7 + 8 / (1 / 1.26 + 129) * 132)
    assert round(report.projected, 1) == 15.1
    assert (report.projected_low, report.projected_high) == (7 + want.low, 7 + want.high)
    assert (report.projected_low, report.projected_high) == (10, 21)
    assert report.p_hit == pytest.approx(want.p_reach, abs=1e-9)
    assert round(report.p_hit, 3) == 0.035
    assert report.projected_low < report.projected < report.projected_high < 24
    assert report.prior_source == (
        "from the plan: 40 touches a day at 3.1% per touch; set aside: the sales record disagrees"
    )


def test_seed_example_with_a_plan_sized_prior() -> None:
    # A seller whose plan says 24 a year: 10 touches a day at 24/261/10 per touch.
    p = 24 / 261 / 10
    evidence = SellerEvidence(capacity=10, p_sale_a=20 * p, p_sale_b=20 * (1 - p))
    sales = [sale(date(2026, m, 10)) for m in (1, 2, 3, 4, 5, 6)] + [sale(date(2026, 6, 30))]
    report = pace_report(sales_target(24), sales, MON_FRI, date(2026, 7, 1), evidence=evidence)
    want = reference(24 / 261, 7, 129, 132, 17)
    assert report.status == "at_risk"
    assert report.prior_rate == pytest.approx(24 / 261)
    assert report.projected == pytest.approx(7 + want.mean)
    assert round(report.projected, 1) == 15.7
    assert (report.projected_low, report.projected_high) == (11, 21)
    assert report.p_hit == pytest.approx(want.p_reach, abs=1e-9)
    assert round(report.p_hit, 3) == 0.035


# ---------------------------------------------------------------- status bands


@pytest.mark.parametrize(
    ("pace", "status"),
    [
        (1.5, "ahead"),
        (1.10, "ahead"),
        (1.0999, "on_track"),
        (0.99, "on_track"),
        (0.9899, "behind"),
        (0.81, "behind"),
        (0.8099, "at_risk"),
        (0.0, "at_risk"),
    ],
)
def test_status_bands(pace: float, status: str) -> None:
    assert status_for(pace) == status


def test_status_without_a_pace_is_decided_by_what_was_sold() -> None:
    assert status_for(None) == "on_track"
    assert status_for(None, actual=Decimal(0)) == "on_track"
    assert status_for(None, actual=Decimal("0.01")) == "ahead"


# ---------------------------------------------------------------- holidays and periods


def test_us_holidays_take_their_weekdays_out_of_total_and_elapsed() -> None:
    us = WorkCalendar(holidays=public_holidays("US", None, [2026]))
    report = pace_report(sales_target(24), [], us, date(2026, 7, 1))
    # 11 federal holidays fall on weekdays in 2026 (Independence Day observed on Fri 3 July);
    # 5 of them before July: 1 Jan, 19 Jan, 16 Feb, 25 May, 19 Jun.
    assert report.working_days_total == 261 - 11
    assert report.working_days_elapsed == 129 - 5
    assert report.expected == pytest.approx(24 * 124 / 250)


def test_bavaria_adds_its_own_holidays_to_the_national_ones() -> None:
    germany = WorkCalendar(holidays=public_holidays("DE", None, [2026]))
    bavaria = WorkCalendar(holidays=public_holidays("DE", "BY", [2026]))
    national = pace_report(sales_target(24), [], germany, date(2026, 7, 1))
    bavarian = pace_report(sales_target(24), [], bavaria, date(2026, 7, 1))
    # Germany: 7 weekday holidays in 2026, 6 before July (Oct 3 is a Saturday).
    assert (national.working_days_total, national.working_days_elapsed) == (254, 123)
    # Bavaria adds Epiphany (Tue 6 Jan) and Corpus Christi (Thu 4 Jun), both before July.
    assert (bavarian.working_days_total, bavarian.working_days_elapsed) == (252, 121)
    assert bavarian.working_days_remaining == national.working_days_remaining == 131


def test_quarter_target() -> None:
    q3 = parse_period("2026-Q3")
    sales = [sale(date(2026, 7, 2)), sale(date(2026, 7, 20)), sale(date(2026, 7, 31))]
    sales += [sale(date(2026, 6, 30)), sale(date(2026, 8, 3))]  # before Q3; today counts
    report = pace_report(sales_target(12, q3), sales, MON_FRI, date(2026, 8, 3))
    assert report.working_days_total == 66
    assert report.working_days_elapsed == 23  # all of July's weekdays
    assert report.actual == Decimal(4)
    assert report.expected == pytest.approx(12 * 23 / 66)
    assert report.pace == pytest.approx(4 / (12 * 23 / 66))
    # Pace 0.957 is in the behind band, but 4 sales against 4.18 expected is chance.
    assert report.status == "on_track"
    assert report.required_per_day == pytest.approx(8 / 43)
    assert report.run_rate_per_day == pytest.approx(4 / 23)


def test_month_target_with_a_holiday() -> None:
    july = parse_period("2026-07")
    us = WorkCalendar(holidays=public_holidays("US", None, [2026]))
    sales = [sale(date(2026, 7, d)) for d in (1, 2, 6, 8, 10)]
    plain = pace_report(sales_target(10, july), sales, MON_FRI, date(2026, 7, 15))
    with_us = pace_report(sales_target(10, july), sales, us, date(2026, 7, 15))
    assert (plain.working_days_total, plain.working_days_elapsed) == (23, 10)
    assert (with_us.working_days_total, with_us.working_days_elapsed) == (22, 9)  # Fri 3 Jul
    # 5 against 4.35 expected: the ahead band (pace 1.15), but P(X >= 5) = 0.44 is chance.
    assert plain.status == "on_track"
    assert with_us.pace == pytest.approx(5 / (10 * 9 / 22))
    assert with_us.remaining == Decimal(5)
    assert with_us.required_per_day == pytest.approx(5 / 13)


def test_revenue_target_sums_decimal_amounts_and_converts_with_the_mean_sale() -> None:
    q3 = parse_period("2026-Q3")
    touches = [
        sale(date(2026, 7, 6), Decimal("12000.10")),
        sale(date(2026, 7, 13), Decimal("7999.90")),
        sale(date(2026, 7, 14)),  # a sale without an amount adds nothing
        sale(date(2026, 7, 15), Decimal("500"), outcome="meeting"),  # not a sale
        sale(date(2026, 6, 30), Decimal("99999")),  # before the period
        sale(date(2026, 7, 20), Decimal("99999")),  # after today
    ]
    target = Target(metric="revenue", amount=Decimal("50000"), period=q3)
    report = pace_report(target, touches, MON_FRI, date(2026, 7, 15))
    assert report.actual == Decimal("20000.00")
    assert isinstance(report.actual, Decimal)
    assert report.remaining == Decimal("30000.00")
    assert report.working_days_elapsed == 10
    assert report.expected == pytest.approx(50000 * 10 / 66)
    assert report.required_per_day == pytest.approx(30000 / 56)
    assert report.run_rate_per_day == pytest.approx(2000)
    # Mean priced sale 10000: 3 more sales needed; 3 sales counted (priced or not).
    assert report.p_hit == pytest.approx(model(report, 3, 3).p_reach, abs=1e-9)
    assert report.sale_value == 10000  # the value the forecast assumed for a sale
    # Percentiles are whole sales worth the mean amount each.
    assert (report.projected_low - 20000) % 10000 == pytest.approx(0)
    assert (report.projected_high - 20000) % 10000 == pytest.approx(0)


def test_revenue_before_any_priced_sale_uses_the_default_sale_value() -> None:
    july = parse_period("2026-07")
    target = Target(metric="revenue", amount=Decimal("10000"), period=july)
    report = pace_report(
        target,
        [sale(date(2026, 7, 1))],
        MON_FRI,
        date(2026, 7, 2),
        default_sale_value=Decimal(2500),
    )
    assert report.actual == Decimal(0)
    assert report.p_hit == pytest.approx(model(report, 1, 4).p_reach, abs=1e-9)
    with pytest.raises(ValueError, match="default_sale_value"):
        pace_report(target, [], MON_FRI, date(2026, 7, 2), default_sale_value=Decimal(0))


def test_only_sales_in_the_period_up_to_today_count() -> None:
    touches = [
        sale(date(2026, 3, 2)),
        sale(date(2026, 3, 3), outcome="conversation"),
        sale(date(2026, 3, 4), outcome="no-answer"),
        sale(date(2025, 12, 31)),
        sale(date(2026, 3, 5)),  # today: counts
        sale(date(2026, 3, 6)),  # tomorrow: not yet
    ]
    report = pace_report(sales_target(24), touches, MON_FRI, date(2026, 3, 5))
    assert report.actual == Decimal(2)


# ---------------------------------------------------------------- edges


def test_target_zero_is_never_behind() -> None:
    nothing = pace_report(sales_target(0), [], MON_FRI, date(2026, 7, 1))
    assert nothing.expected == 0.0 and nothing.pace is None
    assert nothing.status == "on_track"
    assert nothing.remaining == Decimal(0) and nothing.required_per_day == 0.0
    assert nothing.p_hit == 1.0
    # The forecast of what will be sold does not care that nothing is asked.
    asked = pace_report(sales_target(24), [], MON_FRI, date(2026, 7, 1))
    assert (nothing.projected_low, nothing.projected, nothing.projected_high) == (
        asked.projected_low,
        asked.projected,
        asked.projected_high,
    )
    some = pace_report(sales_target(0), [sale(date(2026, 2, 2))], MON_FRI, date(2026, 7, 1))
    assert some.status == "ahead" and some.p_hit == 1.0 and some.gap == -1.0


def test_period_without_working_days() -> None:
    weekend = period_from_dates(date(2026, 7, 4), date(2026, 7, 5))
    report = pace_report(
        sales_target(3, weekend), [sale(date(2026, 7, 4))], MON_FRI, date(2026, 7, 5)
    )
    assert (report.working_days_total, report.working_days_elapsed) == (0, 0)
    assert report.working_days_remaining == 0
    assert report.actual == Decimal(1)
    assert report.expected == 0.0 and report.pace is None and report.status == "ahead"
    assert report.required_per_day is None  # 2 sales still needed, no working day to sell
    assert report.run_rate_per_day is None
    assert report.p_hit == 0.0
    assert report.projected == report.projected_low == report.projected_high == 1.0
    done = pace_report(
        sales_target(1, weekend), [sale(date(2026, 7, 4))], MON_FRI, date(2026, 7, 5)
    )
    assert done.p_hit == 1.0 and done.required_per_day == 0.0


def test_no_workdays_at_all() -> None:
    idle = WorkCalendar(workdays=frozenset())
    report = pace_report(sales_target(5), [sale(date(2026, 3, 3))], idle, date(2026, 7, 1))
    assert report.working_days_total == 0 and report.p_hit == 0.0
    assert report.required_per_day is None


# A plan of 10 touches a day at a sale rate per touch that makes 12 sales in Q3's 66 days.
TWELVE_A_QUARTER = SellerEvidence(capacity=10, p_sale_a=12 / 66 / 10, p_sale_b=1 - 12 / 66 / 10)


def test_today_before_the_period_starts() -> None:
    q3 = parse_period("2026-Q3")
    touches = [sale(date(2026, 6, 1)), sale(date(2026, 7, 1))]  # before Q3, after today
    report = pace_report(
        sales_target(12, q3), touches, MON_FRI, date(2026, 6, 15), evidence=TWELVE_A_QUARTER
    )
    assert report.working_days_elapsed == 0 and report.working_days_remaining == 66
    assert report.actual == Decimal(0)
    assert report.expected == 0.0 and report.pace is None and report.status == "on_track"
    assert report.run_rate_per_day is None
    assert report.required_per_day == pytest.approx(12 / 66)
    # With no days seen the model's mean is the seller's prior rate over the period.
    assert report.projected == pytest.approx(66 * 12 / 66)
    assert 0.0 < report.p_hit < 1.0
    assert report.projected_low < 12 < report.projected_high


def test_today_after_the_period_ends() -> None:
    july = parse_period("2026-07")
    touches = [sale(date(2026, 7, d)) for d in (1, 7, 14, 21, 28)] + [sale(date(2026, 8, 3))]
    report = pace_report(sales_target(8, july), touches, MON_FRI, date(2026, 8, 10))
    assert report.working_days_elapsed == report.working_days_total == 23
    assert report.working_days_remaining == 0
    assert report.actual == Decimal(5)  # August's sale is outside the period
    assert report.expected == pytest.approx(8.0)
    assert report.required_per_day is None
    assert report.run_rate_per_day == pytest.approx(5 / 23)
    assert report.p_hit == 0.0
    assert report.projected == report.projected_low == report.projected_high == 5.0
    assert report.final
    assert report.status == "behind"  # 5 of 8: pace 0.625, P(X <= 5 | 8) = 0.19
    made_it = pace_report(sales_target(5, july), touches, MON_FRI, date(2026, 8, 10))
    assert made_it.p_hit == 1.0 and made_it.required_per_day == 0.0
    assert made_it.status == "on_track" and made_it.final
    # The period's last day is not final yet: it is still a day to sell.
    last_day = pace_report(sales_target(8, july), touches, MON_FRI, date(2026, 7, 31))
    assert not last_day.final and last_day.working_days_remaining == 1


def test_first_working_day() -> None:
    q3 = parse_period("2026-Q3")  # starts on Wednesday 1 July
    empty = pace_report(
        sales_target(12, q3), [], MON_FRI, date(2026, 7, 1), evidence=TWELVE_A_QUARTER
    )
    assert empty.working_days_elapsed == 0 and empty.working_days_remaining == 66
    assert empty.pace is None and empty.status == "on_track" and empty.gap == 0.0
    assert empty.run_rate_per_day is None
    assert empty.projected == pytest.approx(12)
    first_sale = pace_report(
        sales_target(12, q3),
        [sale(date(2026, 7, 1))],
        MON_FRI,
        date(2026, 7, 1),
        evidence=TWELVE_A_QUARTER,
    )
    assert first_sale.actual == Decimal(1) and first_sale.status == "ahead"
    assert first_sale.p_hit > empty.p_hit


def test_sales_above_target() -> None:
    july = parse_period("2026-07")
    touches = [sale(date(2026, 7, d)) for d in range(1, 11)]
    report = pace_report(sales_target(6, july), touches, MON_FRI, date(2026, 7, 10))
    assert report.actual == Decimal(10)
    assert report.remaining == Decimal(0)
    assert report.required_per_day == 0.0
    assert report.p_hit == 1.0
    assert report.status == "ahead"
    assert report.gap < 0


def test_today_on_a_non_working_day() -> None:
    touches = [sale(date(2026, 7, 4))]  # a Saturday sale still counts
    saturday = pace_report(sales_target(24), touches, MON_FRI, date(2026, 7, 4))
    sunday = pace_report(sales_target(24), touches, MON_FRI, date(2026, 7, 5))
    monday = pace_report(sales_target(24), touches, MON_FRI, date(2026, 7, 6))
    assert saturday.working_days_elapsed == 132  # through Friday 3 July
    assert sunday.working_days_elapsed == monday.working_days_elapsed == 132
    assert saturday.working_days_remaining == 129
    assert saturday.actual == Decimal(1)
    assert saturday.expected == monday.expected


def test_period_starting_on_a_weekend_today_at_the_start() -> None:
    period = period_from_dates(date(2026, 8, 1), date(2026, 8, 31))  # Saturday start
    report = pace_report(sales_target(4, period), [], MON_FRI, date(2026, 8, 1))
    assert report.working_days_elapsed == 0 and report.working_days_total == 21


def test_huge_target_stays_finite() -> None:
    july = parse_period("2026-07")
    report = pace_report(
        sales_target(10**9, july), [sale(date(2026, 7, 1))], MON_FRI, date(2026, 7, 15)
    )
    assert report.p_hit < 1e-9
    assert report.projected_low <= report.projected_high
    for value in (report.expected, report.gap, report.projected, report.projected_high):
        assert math.isfinite(value)


# ---------------------------------------------------------------- the forecast model


@pytest.mark.parametrize(
    ("target", "sold", "today"),
    [
        (24, 7, date(2026, 7, 1)),  # exact summation
        (400, 150, date(2026, 6, 1)),  # exact summation of a few hundred terms
        (2000, 900, date(2026, 7, 1)),  # large counts: the gamma approximation
        (30, 0, date(2026, 1, 1)),  # the prior alone
    ],
)
def test_p_hit_matches_the_negative_binomial(target: int, sold: int, today: date) -> None:
    start = date(2026, 1, 1)
    span = max(1, (today - start).days)
    touches = [sale(start + timedelta(days=i * span // max(1, sold))) for i in range(sold)]
    report = pace_report(sales_target(target), touches, MON_FRI, today)
    expected = model(report, sold, target - sold).p_reach
    assert report.p_hit == pytest.approx(expected, abs=0.01)


def test_interval_is_the_80_percent_range_of_the_model() -> None:
    sales = [sale(date(2026, m, 10)) for m in (1, 2, 3, 4, 5, 6)] + [sale(date(2026, 6, 30))]
    evidence = SellerEvidence(touches=600, touch_days=120, p_sale_a=1.0, p_sale_b=99.0)
    report = pace_report(sales_target(24), sales, MON_FRI, date(2026, 7, 1), evidence=evidence)
    # Prior: 5 touches a day at 1% = 0.05 sales a day, which the record (7 in 129) agrees with.
    want = reference(600 / 120 * 0.01, 7, 129, 132, 17)
    assert want.prior_share > 0.9
    assert report.prior_source == "from 600 touches at 1.0% per touch"
    assert (report.projected_low, report.projected_high) == (7 + want.low, 7 + want.high)
    assert report.projected == pytest.approx(7 + want.mean)
    assert report.p_hit == pytest.approx(want.p_reach, abs=1e-9)


# ---------------------------------------------------------------- properties

FIRST = date(2024, 1, 1)

calendars = st.builds(
    WorkCalendar,
    workdays=st.frozensets(st.integers(0, 6)),
    holidays=st.frozensets(st.dates(FIRST, date(2028, 12, 31)), max_size=40),
    days_off=st.frozensets(st.dates(FIRST, date(2028, 12, 31)), max_size=10),
)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(st.dates(FIRST, date(2027, 12, 31)))
    return period_from_dates(start, start + timedelta(days=draw(st.integers(0, 400))))


@st.composite
def targets(draw: st.DrawFn) -> Target:
    metric: Metric = draw(st.sampled_from(["sales", "revenue"]))
    if metric == "sales":
        amount = Decimal(draw(st.integers(0, 10**6)))
    else:
        amount = Decimal(draw(st.integers(0, 10**8))) / 100
    return Target(metric=metric, amount=amount, period=draw(periods()))


amounts = st.one_of(st.none(), st.integers(1, 10**11).map(lambda cents: Decimal(cents) / 100))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Target, list[Touch], WorkCalendar, date]:
    target = draw(targets())
    period = target.period
    today = period.start + timedelta(
        days=draw(st.integers(-60, (period.end - period.start).days + 60))
    )
    touches = [
        sale(period.start + timedelta(days=offset), amount, outcome)
        for offset, amount, outcome in draw(
            st.lists(
                st.tuples(
                    st.integers(-30, (period.end - period.start).days + 30),
                    amounts,
                    st.sampled_from(["sale", "sale", "meeting", "no-answer"]),
                ),
                max_size=60,
            )
        )
    ]
    return target, touches, draw(calendars), today


def _numbers(report: PaceReport) -> list[float]:
    optional = [report.pace, report.required_per_day, report.run_rate_per_day]
    return [
        report.expected,
        report.gap,
        report.projected,
        report.projected_low,
        report.projected_high,
        report.p_hit,
        float(report.actual),
        float(report.remaining),
        *(value for value in optional if value is not None),
    ]


@settings(max_examples=examples(300), deadline=None)
@given(scenarios())
def test_any_valid_input_gives_a_finite_consistent_report(
    scenario: tuple[Target, list[Touch], WorkCalendar, date],
) -> None:
    target, touches, calendar, today = scenario
    report = pace_report(target, touches, calendar, today)
    assert all(math.isfinite(value) for value in _numbers(report))
    assert 0.0 <= report.p_hit <= 1.0
    assert report.projected_low <= report.projected_high
    assert report.required_per_day is None or report.required_per_day >= 0
    assert report.remaining >= 0
    assert report.working_days_elapsed + report.working_days_remaining == report.working_days_total
    assert 0 <= report.working_days_elapsed <= report.working_days_total
    if report.remaining == 0:
        assert report.p_hit == 1.0 and report.required_per_day == 0.0
    if report.working_days_remaining == 0:
        assert report.p_hit in (0.0, 1.0)
    assert report.status == status_for(
        report.pace, actual=report.actual, expected=report.expected, sale_value=report.sale_value
    )
    assert report.projected_low <= report.projected <= report.projected_high
    assert report.behind_by == report.gap
    assert report.final == (today > target.period.end)
    if report.final:
        assert report.projected == report.projected_low == report.projected_high
        assert report.projected == float(report.actual)
        assert report.working_days_remaining == 0
        assert report.expected == (float(target.amount) if report.working_days_total else 0.0)


@settings(max_examples=examples(200), deadline=None)
@given(scenarios(), st.integers(0, 400))
def test_a_new_sale_never_lowers_the_pace(
    scenario: tuple[Target, list[Touch], WorkCalendar, date], offset: int
) -> None:
    target, touches, calendar, today = scenario
    period = target.period
    last = min(today, period.end)
    if last < period.start:
        return  # no day of the period has come yet: nowhere to add a sale
    day = period.start + timedelta(days=offset % ((last - period.start).days + 1))
    before = pace_report(target, touches, calendar, today)
    after = pace_report(target, [*touches, sale(day, Decimal("10.00"))], calendar, today)
    assert after.actual > before.actual
    assert after.remaining <= before.remaining
    if before.pace is not None:
        assert after.pace is not None and after.pace >= before.pace
    if target.metric == "sales":
        # One more sale and one fewer needed; the slack covers a step from exact summation
        # to the large-count approximation, which agree to about a point.
        assert after.p_hit >= before.p_hit - 0.02


@settings(max_examples=examples(100), deadline=None)
@given(scenarios())
def test_totals_give_the_same_report_as_the_touches(
    scenario: tuple[Target, list[Touch], WorkCalendar, date],
) -> None:
    target, touches, calendar, today = scenario
    period = target.period
    counted = [
        t
        for t in touches
        if t.outcome == "sale" and period.start <= t.day <= min(today, period.end)
    ]
    priced = [t.amount for t in counted if t.amount is not None]
    from_totals = pace_from_totals(
        target,
        sale_count=len(counted),
        priced_count=len(priced),
        revenue=sum(priced, Decimal(0)),
        calendar=calendar,
        today=today,
    )
    assert from_totals == pace_report(target, touches, calendar, today)
